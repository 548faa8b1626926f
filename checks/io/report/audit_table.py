"""``audit --format table``: one rich table per document, one row per step, and a line
of counts. Every cell built from the document is a ``Text`` (rich parses no markup in
it: a step like ``[bold]x`` or ``:smile:`` is shown as written). The table fits the
terminal as the claim table does (``terminal``): the widest columns are narrowed first,
cells wrap over a few lines and end in '…' when longer."""
import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import AuditReporter, register_audit
from .audit_text import abbreviate, as_written, counts_text, evidence, label, one_line, reading_text, status_label
from .terminal import Column, cell, table_columns, terminal_width

STYLE = {"holds": "green", "wrong": "bold red", "undecided": "yellow", "not_read": "magenta",
         "definition": "cyan", "condition": "cyan", "skipped": "dim"}
STEP_WIDTH = 60
LOCATION_WIDTH = 16
EVIDENCE_WIDTH = 200
# a status label is never cut (its floor is above the longest): it is the verdict
COLUMNS = [Column("where", 12, weight=1.5, tail=True), Column("location", 8, drop=1), Column("status", 40),
           Column("step as written", 24, weight=2, lines=3), Column("evidence / reason", 24, weight=2, lines=6)]


@register_audit
class AuditTableReporter(AuditReporter):
    name = "table"

    def start(self, report):
        self.buf = io.StringIO()
        # the caller decided (--color, NO_COLOR, a terminal): not rich's guesses again
        self.console = Console(file=self.buf, force_terminal=self.color, no_color=not self.color,
                               color_system="standard" if self.color else None, width=terminal_width(),
                               highlight=False, emoji=False, markup=False)
        self.width = self.console.width   # rich's own rule wins where it has one (80 on TERM=dumb)
        return ""

    def document(self, file, steps):
        t = Table(title=Text(one_line(file)), title_justify="left", expand=False)
        rows = [[one_line(f"{file}:{s.line}"), abbreviate(label(s), LOCATION_WIDTH), status_label(s) + ("" if s.ok else " !"),
                 abbreviate(as_written(s), STEP_WIDTH), self.why(s)] for s in steps]
        kept = table_columns(COLUMNS, rows, self.width)
        for k, w in kept:
            t.add_column(Text(cell(COLUMNS[k], COLUMNS[k].header, w)), width=w, no_wrap=True, overflow="ellipsis")
        for s, row in zip(steps, rows):
            style = [""] * len(row)
            style[2] = STYLE.get(s.status, "")
            t.add_row(*(Text(cell(COLUMNS[k], row[k], w), style=style[k]) for k, w in kept))
        self.console.print(t)
        return ""

    @staticmethod
    def why(s) -> str:
        # a wrong step shows what was checked (the reading) beside its evidence
        text = evidence(s)
        if s.status == "wrong" and s.reading is not None:
            text = f"read as {reading_text(s)}; {text}"
        return abbreviate(text, EVIDENCE_WIDTH)

    def finish(self, report):
        s = report.summary()
        verdict = (Text("all steps ok", style="green") if s["ok"]
                   else Text(f"{sum(not x.ok for x in report.steps())} step(s) not ok (marked !)",
                             style="bold red"))
        self.console.print(Text.assemble(counts_text(s), " — ", verdict))
        return self.buf.getvalue()
