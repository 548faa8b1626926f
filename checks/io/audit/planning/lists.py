"""A step between two whole lists: ``(a, b) = (c, d)``, ``[(2*0 + 1*1), ...] = [1, ...]``.

A tuple alone is not read (scan.py ``group``): ``(0, 1)`` may be an interval, a point, a
decimal comma, the arguments of a call, a column or a row, and reading numeric tuples as
columns gave false verdicts. But when each side of a step is one whole bracket of the same
kind and the same number of entries, the step is true whatever the tuple means exactly when
the entries are pairwise equal (a vector, a point, a list, an interval given by its ends).
Such a step is read as two rows of entries, each pair read together (``read_pair``), so the
matrix check compares entry by entry and a ``wrong`` names the entry.

A pair in round brackets with an entry that is not a number may be an inner product or a gcd
(``(u, v) = (v, u)``, ``(a, b) = (b, a)`` are true then): the entries agree pairwise only if
the step holds in every reading, so ``may_be_a_pairing`` makes its ``wrong`` a doubt (doubts.py).

Left alone (the reason of today stays): a bracket that does not span its side
(``(a, b) + (c, d)``, ``f(a, b)``, ``[a, b]^\\top``), two kinds
of bracket, braces (a set has no order), an ellipsis, a list of lists. Refused with its own
reason: two lengths, and digits on both sides of an unspaced comma where the comma may be a
decimal comma (``(0,5)`` is 0.5 in German: ``(1,05) = (1,5)`` holds entry by entry and not as
decimals).

Tried first: a convolution of two lists of numbers set equal to a list (``[1, 2] * [1, -1] =
[1, 1, -2]``, conv.py) and the softmax of a list, with an ellipsis or not
(``\\mathrm{softmax}([0, y_1, \\dots, y_{K-1}])_k``, patterned.py).
"""
from __future__ import annotations

import re

import sympy as sp

from .conv import convolution_pair
from .patterned import patterned_pair
from ..reading.notation import NotRead, clean, group_end, guard, shown
from ..reading.pieces import split_top

_ELLIPSIS = re.compile(r"\\[cvdl]?dots(?![A-Za-z])|\.\.\.|\\dotsc|\\dotsb")
MAX_ENTRIES = 64
# a number as written in a list: 0.667, -2, \frac13, \frac{1}{3}
_NUMBER = re.compile(r"\s*-?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\s*(?:\d\s*\d|\{\s*\d+\s*\}\s*\{\s*\d+\s*\}))\s*")


def leading_group(side: str):
    """(cleaned text, end of the bracket group it opens with) when the side, cleaned, starts
    with ``(`` or ``[``, else None."""
    try:
        text = clean(guard(side))
    except NotRead:
        return None
    if not text or text[0] not in "([":
        return None
    try:
        return text, group_end(text, 0)
    except NotRead:
        return None


def whole_list(side: str):
    """(opening bracket, [entry texts]) when the side is one ``(...)`` or ``[...]`` with a
    comma at its top level and no ellipsis, else None."""
    got = leading_group(side)
    if got is None:
        return None
    text, end = got
    if text[end:].strip():
        return None
    inner = text[1:end - 1]
    if _ELLIPSIS.search(inner):
        return None
    try:
        entries = split_top(inner, ",")
    except NotRead:
        return None
    if len(entries) < 2:
        return None
    return text[0], [e.strip() for e in entries]


def may_be_a_pairing(left: str, right: str) -> bool:
    """Both sides are pairs in round brackets and an entry is not a number."""
    a, b = whole_list(left), whole_list(right)
    return (a is not None and b is not None and a[0] == b[0] == "(" and len(a[1]) == len(b[1]) == 2
            and not all(_NUMBER.fullmatch(e) for e in (*a[1], *b[1])))


def _decimal_comma(side: str):
    """The first unspaced comma between digits, where the list may be decimals with commas:
    a pair ``(0,5)``, or a list that spaces some commas and not others ``(1,5, 2,5)``."""
    text = clean(guard(side))
    inner = text[1:-1]
    level, glued, spaced = 0, [], 0
    for k, ch in enumerate(inner):
        level += (ch in "([{") - (ch in ")]}")
        if ch != "," or level:
            continue
        if 0 < k < len(inner) - 1 and inner[k - 1].isdigit() and inner[k + 1].isdigit():
            glued.append(k)
        else:
            spaced += 1
    if glued and (spaced or len(glued) == 1):
        k = glued[0]
        m = re.search(r"[\d.]*$", inner[:k])
        n = re.match(r"\d*", inner[k + 1:])
        return inner[m.start():k + 1 + n.end()]
    return None


def list_pair(left: str, right: str, scope, read_pair):
    """Both sides as rows of entries when both are whole lists of one bracket (None when
    they are not: the reader's own reason stands); NotRead for two lengths or a possible
    decimal comma."""
    rows = convolution_pair(left, right, scope)     # [1, 2, 3] * [1, -1] = [...]: conv.py
    if rows is None:     # \mathrm{softmax}([0, y_1, \dots, y_{K-1}])_k: patterned.py
        rows = patterned_pair(left, right, scope)
    if rows is not None:
        return rows
    a, b = whole_list(left), whole_list(right)
    if a is None or b is None or a[0] != b[0]:
        return None
    for side in (left, right):
        comma = _decimal_comma(side)
        if comma is not None:
            raise NotRead(f"'{comma}' in a tuple: a decimal comma or two entries? put a space after "
                          "a comma between entries")
    (_, xs), (_, ys) = a, b
    if len(xs) != len(ys):
        raise NotRead(f"a tuple or interval '{shown(left, 30)}' of {len(xs)} entries is set equal to "
                      f"'{shown(right, 30)}' of {len(ys)} entries: not read")
    if len(xs) > MAX_ENTRIES:
        raise NotRead(f"a list of {len(xs)} entries is not read (at most {MAX_ENTRIES})")
    pairs = []
    for k, (x, y) in enumerate(zip(xs, ys), 1):
        if whole_list(x) is not None or whole_list(y) is not None:
            raise NotRead(f"a list of lists ('{shown(x, 20)}' is entry {k}) is not read")
        try:
            pairs.append(read_pair(x, y, scope))
        except NotRead as exc:
            raise NotRead(f"entry {k} of the lists: {exc.reason}", exc.name) from None
    return _row([p[0] for p in pairs]), _row([p[1] for p in pairs])


def _row(readings):
    """One Reading of a row of entries (each a scalar reading)."""
    from ..reading.read import Reading
    for r in readings:
        if isinstance(r.expr, sp.MatrixBase) or r.arrays:
            raise NotRead("a list with a vector or matrix entry is not read")
    union = lambda field: frozenset().union(*(getattr(r, field) for r in readings))
    names, applied = union("names"), union("applied")
    both = sorted(names & applied)
    if both:
        raise NotRead(f"{both[0]} is used both as a function and as a value in the lists")
    return Reading(sp.ImmutableMatrix([[r.expr for r in readings]]), names, applied, union("sizes"),
                   union("opaque"), union("indexed"), union("quantities"), ())
