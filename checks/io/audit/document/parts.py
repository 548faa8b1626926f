"""Parts of a question and what is said for one part only.

A question's parts ((a), (b), (i)) share its definitions, except what the text limits to a part:
"Suppose $t = 0$ in this part. Then $L = o^2$" holds in (a) and not in (b). The words are read
in the part's own text (from its label, heading or the blank line before it, to the end of the
sentence), never across a part label.
"""
from __future__ import annotations

import re

# words that limit what a part says to that part: "Suppose $t = 0$ in this part. Then $L = o^2$"
PART_ONLY = re.compile(r"\b(?:in|for|within)\s+this\s+(?:part|sub-?question)(?:\s+only)?\b|"
                       r"\bonly\s+(?:in|for)\s+(?:this\s+)?part\b", re.I)
# where a part's text begins: a heading, a part label at the start of a line, an \item
_PART_START = re.compile(r"^[ \t]*(?:#|\\item\b|\\(?:sub)*section\b|(?:\*\*|__)?\(?[a-z0-9]{1,4}[).](?:\*\*|__)?\s)",
                         re.M | re.I)


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


def part_text(text: str, at: int) -> str:
    """The text of the part an inline formula at ``at`` is in, up to the end of its sentence:
    from the last part label, heading or blank line before it (at most 600 characters back)."""
    lo = max(0, at - 600)
    blank = text.rfind("\n\n", lo, at)
    lo = blank + 2 if blank >= 0 else lo
    starts = [m.start() for m in _PART_START.finditer(text, lo, at)]
    lo = starts[-1] if starts else lo
    end = _SENTENCE_END.search(text, at, min(len(text), at + 300))
    return text[lo:end.end() if end else min(len(text), at + 300)]
