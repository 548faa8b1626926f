"""Cleaning the sides of a step: what a person writes around a formula but is no part of it."""
from __future__ import annotations

import bisect
import re


def argument(latex: str, pos: int):
    """(start, end) of the brace group starting at or after ``pos`` (spaces allowed), or None."""
    i = pos
    while i < len(latex) and latex[i] in " \t\n":
        i += 1
    if i >= len(latex) or latex[i] != "{":
        return None
    depth = 0
    for j in range(i, min(len(latex), i + 2000)):    # annotations and labels are short
        c = latex[j]
        if c == "\\":
            continue
        if c == "{" and latex[j - 1] != "\\":
            depth += 1
        elif c == "}" and latex[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i, j + 1
    return None


_TAIL = ("\\square", "\\blacksquare", "\\Box", "\\qed", "\\qquad", "\\quad", "\\,", "\\;", "\\:",
         "\\!", "\\ ", "~", ".", ",", ";")
_HEAD = (",", "\\qquad", "\\quad", "\\,", "\\;", "\\:", "\\!", "\\ ", "~")
_NUMBER = re.compile(r"(?:\\q?quad\s*\(\d{1,3}[a-z]?\)|\\textcircled\{[^{}]{1,4}\})$")


def strip(s: str) -> str:
    """Spacing, end punctuation, end-of-proof marks and a ``\\quad (3)`` equation number
    off both ends; plain loops, so that a long run of spaces costs linear time."""
    while True:
        t = s.strip()
        m = _NUMBER.search(t[-40:])
        if m:
            t = t[:len(t) - (m.end() - m.start())]
        for w in _TAIL:
            if t.endswith(w) and not (len(w) == 1 and t.endswith("\\" + w)):
                t = t[:-len(w)]
                break
        for w in _HEAD:
            if t.startswith(w):
                t = t[len(w):]
                break
        if t == s:
            return t
        s = t


def clean(latex: str, start: int, end: int, drop) -> str:
    parts, pos = [], start
    for k in range(max(bisect.bisect_left(drop, (start, -1)) - 1, 0), len(drop)):
        a, b = drop[k]
        if a >= end:
            break
        if b <= pos:
            continue
        parts.append(latex[pos:max(a, pos)])
        pos = min(max(pos, b), end)
    parts.append(latex[pos:end])
    return strip(" ".join(p.strip() for p in parts if p.strip()))
