"""``audit --format table``: one rich table per document, one row per step, and a line
of counts. Every cell built from the document is a ``Text`` (rich parses no markup in
it: a step like ``[bold]x`` or ``:smile:`` is shown as written)."""
import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import AuditReporter, register_audit
from .audit_text import abbreviate, as_written, counts_text, evidence, label, one_line, reading_text, status_label

STYLE = {"holds": "green", "wrong": "bold red", "undecided": "yellow", "not_read": "magenta",
         "definition": "cyan", "condition": "cyan", "skipped": "dim"}
STEP_WIDTH = 60
LOCATION_WIDTH = 16
EVIDENCE_WIDTH = 200


@register_audit
class AuditTableReporter(AuditReporter):
    name = "table"

    def start(self, report):
        self.buf = io.StringIO()
        self.console = Console(file=self.buf, force_terminal=self.color, no_color=not self.color,
                               width=160, highlight=False, emoji=False, markup=False)
        return ""

    def document(self, file, steps):
        t = Table(title=Text(one_line(file)), title_justify="left", expand=False)
        for col in ("where", "location", "status"):
            t.add_column(col, no_wrap=True)
        for col in ("step as written", "evidence / reason"):
            t.add_column(col, overflow="fold")
        for s in steps:
            status = Text(status_label(s) + ("" if s.ok else " !"), style=STYLE.get(s.status, ""))
            t.add_row(Text(one_line(f"{file}:{s.line}")), Text(abbreviate(label(s), LOCATION_WIDTH)), status,
                      Text(abbreviate(as_written(s), STEP_WIDTH)), Text(self.why(s)))
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
