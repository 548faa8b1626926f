"""Plain-text pieces shared by the audit formats: a step, its reading, its evidence, the
counts. Plain text only: each format escapes it for its own syntax (the text comes from
the document and is untrusted)."""
from __future__ import annotations

import re
import unicodedata

from . import counterexample_text

# relation signs as a reader types them in the reading line (the LaTeX stays as written)
RELATION = {"=": "=", "\\le": "<=", "\\leq": "<=", "\\ge": ">=", "\\geq": ">=", "\\ne": "!=",
            "\\neq": "!=", "<": "<", ">": ">", "\\lt": "<", "\\gt": ">", "\\approx": "~="}

ORDER = ("wrong", "holds", "undecided", "not_read", "definition", "condition", "skipped")


def visible(s: str) -> str:
    """Control and format characters shown as escapes: a document's \\x1b[2J must not
    clear a terminal, \\x01 would make XML unparsable, U+202E would reorder the line."""
    return "".join(c if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Cs")
                   else c.encode("unicode_escape", "backslashreplace").decode("ascii") for c in str(s))


def one_line(s: str) -> str:
    return visible(re.sub(r"\s+", " ", str(s)).strip())


def cut(s: str, width: int) -> str:
    return s if len(s) <= width else s[:width - 1].rstrip() + "…"


def abbreviate(s: str, width: int) -> str:
    return cut(one_line(s), width)


def as_written(step) -> str:
    """The step as the document writes it, in LaTeX: its two sides and the relation between
    them. Not the row: ``a = b = c`` is one row and two steps, and a row ``&= 2x`` leaves
    its left side on the row above."""
    if step.from_ or step.to:
        return one_line(f"{step.from_} {step.relation} {step.to}")
    return one_line(step.latex)


def label(step) -> str:
    """The document's own label of the step's place (``Q4.3``), '' when it has none."""
    return one_line(step.location or "")


def row(step) -> str:
    """The row of the display that holds the step's relation sign, as written."""
    return one_line(step.latex)


def reading_relation(step) -> str:
    """``lhs = rhs`` in SymPy, or '' when the step was not read."""
    r = step.reading
    if r is None:
        return ""
    return f"{one_line(r.from_)} {RELATION.get(step.relation, step.relation)} {one_line(r.to)}"


def reading_text(step) -> str:
    """``lhs = rhs  (assuming x > 0, n integer)`` in SymPy, or '' when the step was not read."""
    text = reading_relation(step)
    if text and step.reading.assumptions:
        text += f"  (assuming {', '.join(one_line(a) for a in step.reading.assumptions)})"
    return text


def evidence(step) -> str:
    """Why the step has its status, in one line: the certified evidence of a wrong step;
    the reason of a step not read or skipped; the engine's detail otherwise."""
    bits = []
    if step.counterexample:
        bits.append(counterexample_text(step.counterexample))
    if step.residual:
        bits.append(f"residual {step.residual}")
    if step.correct:
        bits.append(f"correct: {step.correct}")
    if step.reason:
        bits.append(step.reason)
    if step.detail and step.status != "holds":
        bits.append(step.detail)
    return one_line("; ".join(bits))


def status_label(step) -> str:
    """``holds (proof)``, ``wrong``, ``wrong (declared erratum, minor)``, ``holds (declared
    wrong!)``: the status with what qualifies it."""
    label = step.status + (f" ({step.strength})" if step.strength else "")
    if step.declared == "wrong":
        label = (f"{step.status} (declared erratum{', ' + step.severity if step.severity else ''})"
                 if step.status == "wrong" else f"{label}, declared wrong")
    return label


def declared_text(step) -> str:
    """``expect wrong: minor: note`` as the directive gave it, or ''."""
    if step.declared != "wrong":
        return ""
    return ": ".join(x for x in ("expect wrong", step.severity, step.erratum_note) if x)


def counts_text(summary: dict) -> str:
    """``12 steps in 2 documents: 7 holds, 1 wrong (1 declared), ...`` (statuses present only)."""
    parts = []
    for status in ORDER:
        n = summary[status]
        if n or status == "wrong":
            parts.append(f"{n} {status}")
    docs = summary["documents"]
    return (f"{summary['steps']} steps in {docs} document{'s' if docs != 1 else ''}: "
            + ", ".join(parts) + f"; {summary['declared_wrong']} declared wrong; {summary['seconds']} s")


def not_ok_text(step) -> str:
    """Why a step is not ok, in one line."""
    if step.status == "wrong":
        return "wrong and not declared"
    return f"declared wrong (expect wrong) but {step.status}"
