"""``audit --format markdown``: the errata sheet, for a CI job summary or a course page.

Per document: the wrong steps first, each with its line, the step as written (display
math), the reading of both sides, the assumptions and the evidence; then declarations
that did not come out; then the counts; then the steps left undecided, not read or
skipped, with their reasons.

Document text is untrusted and goes out in three shapes only: display math (a ``$$``
block, or a fenced ``math`` block when the text itself holds a ``$``), code spans with a
fence longer than any backtick run inside, and escaped prose (every Markdown-active
character backslash-escaped, ``|`` escaped inside tables).
"""
from __future__ import annotations

import re

from . import AuditReporter, register_audit
from .audit_text import (as_written, counts_text, declared_text, evidence, label, not_ok_text, one_line,
                         reading_relation, row, status_label)

# characters that start Markdown syntax (emphasis, links, HTML, tables, headings, math,
# entities, strikethrough, code): CommonMark lets any ASCII punctuation be backslash-escaped
ACTIVE = re.compile(r"([\\`*_\[\]<>|#!$&~{}])")
OPEN = ("undecided", "not_read", "skipped")


def text(s) -> str:
    """Prose from the document, shown as written and never read as Markdown."""
    return ACTIVE.sub(r"\\\1", one_line(s))


def at(step) -> str:
    """`` (Q4.3)`` after a line number, or nothing when the step has no label."""
    return f" ({text(label(step))})" if label(step) else ""


def code(s, table: bool = False) -> str:
    """A code span that no backtick inside can close (CommonMark: the fence is a run of
    backticks longer than any run inside, padded when the text touches a backtick)."""
    s = one_line(s)
    if not s:
        return ""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or s.startswith(" ") else ""
    span = f"{fence}{pad}{s}{pad}{fence}"
    return span.replace("|", "\\|") if table else span


def math(latex: str) -> str:
    """The step as written, as display math. Newlines are folded (a blank line would end
    the block); a row with alignment ``&`` is wrapped in ``aligned`` so that it renders;
    ``<tag`` and ``&name;`` get a space that math mode ignores, so that no renderer reads
    them as HTML. Text holding ``$`` cannot sit in ``$$`` and goes in a fenced math block."""
    s = one_line(latex)
    s = re.sub(r"<(?=[A-Za-z/!?])", "< ", s)
    s = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "& ", s)
    if "&" in s:
        s = f"\\begin{{aligned}}{s}\\end{{aligned}}"
    if "$" in s:
        fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", s)), default=0) + 1)
        return f"{fence}math\n{s}\n{fence}\n"
    return f"$$\n{s}\n$$\n"


@register_audit
class AuditMarkdownReporter(AuditReporter):
    name = "markdown"

    def start(self, report):
        s = report.summary()
        bad = sum(not x.ok for x in report.steps())
        verdict = "every step ok" if s["ok"] else f"{bad} STEP(S) NOT OK"
        return (f"# derivcheck audit: errata sheet\n\n{counts_text(s)} (seed {report.seed}) — **{verdict}**\n")

    def document(self, file, steps):
        out = [f"\n## {text(file)}\n"]
        wrong = [s for s in steps if s.status == "wrong"]
        # undeclared errors first, then declared errata; each in document order
        wrong.sort(key=lambda s: s.declared == "wrong")
        out.append("\n### Wrong steps\n")
        out.extend(self.wrong_step(s) for s in wrong)
        if not wrong:
            out.append("\nNo wrong step found.\n")
        stale = [s for s in steps if s.declared == "wrong" and s.status != "wrong"]
        if stale:
            out.append("\n### Declared wrong, not found wrong\n\n")
            out.extend(f"- line {s.line}{at(s)}: {text(not_ok_text(s))}"
                       f"{' — ' + text(evidence(s)) if evidence(s) else ''}\n" for s in stale)
        out.append(self.counts(steps))
        out.append(self.open_steps([s for s in steps if s.status in OPEN]))
        return "".join(out)

    @staticmethod
    def wrong_step(s) -> str:
        head = "wrong" if s.ok is False else "declared erratum"
        lines = [f"\n#### Line {s.line}{at(s)}: {head}\n\n", math(as_written(s)), "\n"]
        lines.append(f"- lines {s.lines[0]}–{s.lines[1]}, step {code(s.id)}\n")
        if row(s) and row(s) != as_written(s):
            lines.append(f"- row as written: {code(row(s))}\n")
        if s.reading is not None:
            lines.append(f"- read as: {code(reading_relation(s))}\n")
            if s.reading.assumptions:
                lines.append("- assumptions: " + ", ".join(code(a) for a in s.reading.assumptions) + "\n")
        lines.append(f"- evidence: {text(evidence(s))}\n")
        if s.declared == "wrong":
            lines.append(f"- declared: {text(declared_text(s))}\n")
        return "".join(lines)

    @staticmethod
    def counts(steps) -> str:
        tally: dict = {}
        for s in steps:
            tally[status_label(s)] = tally.get(status_label(s), 0) + 1
        rows = "".join(f"| {text(k)} | {n} |\n" for k, n in sorted(tally.items()))
        return f"\n### Counts\n\n| status | steps |\n|---|---|\n{rows}"

    @staticmethod
    def open_steps(steps) -> str:
        if not steps:
            return ""
        rows = "".join(f"| {s.line} | {text(label(s))} | {s.status} | {code(as_written(s), table=True)} | "
                       f"{text(evidence(s) or s.method)} |\n" for s in steps)
        return ("\n### Not decided\n\n| line | location | status | step as written | reason |\n"
                "|---|---|---|---|---|\n" + rows)
