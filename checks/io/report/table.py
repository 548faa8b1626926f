"""``--format table``: rich tables grouped by document, coloured status, counts."""
import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import Reporter, register, evidence

STYLE = {"holds": "green", "wrong": "bold red", "undecided": "yellow", "unchecked": "dim",
         "error": "bold magenta"}


@register
class TableReporter(Reporter):
    name = "table"

    def start(self, report):
        self.buf = io.StringIO()
        self.console = Console(file=self.buf, force_terminal=self.color, no_color=not self.color,
                               width=160, highlight=False, emoji=False)
        return ""

    def document(self, document, results):
        t = Table(title=document, title_justify="left", expand=False, show_lines=False)
        for col in ("location", "claim", "kind", "status", "strength / method", "evidence"):
            t.add_column(col, overflow="fold")
        for r in results:
            v = r.verdict
            status = Text(v.status + ("" if r.ok else " !"), style=STYLE.get(v.status, ""))
            how = f"{v.strength or ''} {v.method}".strip()
            ev = evidence(r)
            if r.declared == "erratum" and r.correction:
                ev = (ev + "; " if ev else "") + f"correction {r.correction.status}: {r.correction.statement}"
            # Text cells: rich parses neither markup nor emoji codes in them (user text, and faster)
            t.add_row(Text(r.location), Text(r.id.split("/", 1)[-1]), Text(r.kind), status, Text(how[:48]),
                      Text(ev[:220]))
        self.console.print(t)
        return ""

    def finish(self, report):
        s = report.summary()
        line = (f"{s['claims']} claims: [green]{s['holds']} holds[/], [red]{s['wrong']} wrong[/] "
                f"({s['errata']} declared errata), [yellow]{s['undecided']} undecided[/], "
                f"{s['unchecked']} unchecked, [magenta]{s['error']} error[/] in {s['seconds']} s — "
                + ("[green]all as declared[/]" if s["ok"] else "[bold red]verdicts differ from the catalog (marked !)[/]"))
        self.console.print(line)
        return self.buf.getvalue()
