"""``--format table``: rich tables grouped by document, coloured status, counts. The table
fits the terminal (``terminal.terminal_width``): each claim's statement stands beside its
id, the widest columns are narrowed first and their cells wrapped over a few lines, ending
in '…' when longer; on a narrow terminal the least needed columns are left out."""
import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import Reporter, register, evidence
from .audit_text import one_line
from .terminal import Column, cell, table_columns, terminal_width

STYLE = {"holds": "green", "wrong": "bold red", "undecided": "yellow", "unchecked": "dim",
         "error": "bold magenta"}

# the status column's floor is above its longest label ('unchecked !'): a verdict is never cut
COLUMNS = [Column("location", 8, drop=3), Column("claim", 16, weight=1.5, lines=2, hyphens=True),
           Column("statement", 30, weight=2, lines=3), Column("kind", 8, drop=4), Column("status", 11),
           Column("strength / method", 12, drop=2, lines=2), Column("evidence", 16, weight=1.5, lines=6)]


@register
class TableReporter(Reporter):
    name = "table"

    def start(self, report):
        self.buf = io.StringIO()
        # the caller decided (--color, NO_COLOR, a terminal): rich's own guesses from the
        # environment (TERM, NO_COLOR, FORCE_COLOR) are not asked again
        self.console = Console(file=self.buf, force_terminal=self.color, no_color=not self.color,
                               color_system="standard" if self.color else None, width=terminal_width(),
                               highlight=False, emoji=False)
        self.width = self.console.width   # rich's own rule wins where it has one (80 on TERM=dumb)
        return ""

    def document(self, document, results):
        rows = [self.cells(r) for r in results]
        t = Table(title=Text(one_line(document)), title_justify="left", expand=False, show_lines=False)
        kept = table_columns(COLUMNS, [[c.plain for c in row] for row in rows], self.width)
        for k, w in kept:
            t.add_column(Text(cell(COLUMNS[k], COLUMNS[k].header, w)), width=w, no_wrap=True, overflow="ellipsis")
        for row in rows:
            t.add_row(*(Text(cell(COLUMNS[k], row[k].plain, w), style=row[k].style) for k, w in kept))
        self.console.print(t)
        return ""

    @staticmethod
    def cells(r) -> list:
        """The row of one result, one Text per column (rich parses neither markup nor emoji
        codes in a Text: user text, and faster)."""
        v = r.verdict
        status = Text(v.status + (f" ({r.severity})" if r.severity else "") + ("" if r.ok else " !"),
                      style=STYLE.get(v.status, ""))
        how = f"{v.strength or ''} {v.method}".strip()
        ev = evidence(r)
        if r.declared == "erratum" and r.correction:
            ev = (ev + "; " if ev else "") + f"correction {r.correction.status}: {r.correction.statement}"
        return [Text(one_line(r.location)), Text(r.id.split("/", 1)[-1]), Text(one_line(r.statement)),
                Text(r.kind), status, Text(one_line(how)), Text(one_line(ev))]

    def finish(self, report):
        s = report.summary()
        line = (f"{s['claims']} claims: [green]{s['holds']} holds[/], [red]{s['wrong']} wrong[/] "
                f"({s['errata']} declared errata), [yellow]{s['undecided']} undecided[/], "
                f"{s['unchecked']} unchecked, [magenta]{s['error']} error[/] in {s['seconds']} s — "
                + ("[green]all as declared[/]" if s["ok"] else "[bold red]verdicts differ from the catalog (marked !)[/]"))
        self.console.print(line)
        return self.buf.getvalue()
