"""Vectors given in the prose: ``$\\mathbf h = (1, 2, 0, -1)$`` gives the entries h_1 .. h_4.

A worked case writes its numbers in the prose ("with $n = 4$, $k = 2$, $\\mathbf h = (1, 2, 0,
-1)$, $\\mathbf w = (3, -1)$") and then plugs them into entries, ``g_2 w_1 + g_3 w_2 = 0 \\cdot 3
+ 2 \\cdot (-1)``. A scalar given in the prose (``$w_1 = 2$``) is already a definition of its
value (``plan._inline``); a tuple given to a vector name is the same for each entry: h_1 = 1,
h_2 = 2, ... (1-based; 0-based only when the document lists ``h_0`` as an entry or sums h_i from
i = 0; never an entry the prose gives a value of its own).

Read only: one or more bare names (``\\mathbf g``, ``\\boldsymbol\\delta``, ``h``) and the
upstream gradient ``\\partial L/\\partial \\mathbf a`` set equal to a list of numbers in round or
square brackets (``(1, 0, 2)``, ``[1, 2]``, ``(1,2,0,-1)^\\top``). Not read: a tuple that is no
value of a name (``x \\in (0, 1)``, ``f(1, 2)``, ``(a, b) = (1, 2)``), an entry that is not a
number, a name whose entries the document never writes, a two-entry list beside the word
"interval" (``I = [0, 1]``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..reading.read import NotRead, read
from .upstream import norm

MAX_ENTRIES = 64
_TUPLE = re.compile(r"^\s*(?:\\left\s*)?(?P<open>[(\[])(?P<body>[^()\[\]{}]*(?:\{[^{}]*\}[^()\[\]{}]*)*)"
                    r"(?:\\right\s*)?[)\]]\s*(?:\^\s*(?:\\top|T|\{\s*(?:\\top|T)\s*\}))?\s*$")
_NUMBER = re.compile(r"^\s*-?\s*(?:\d+(?:\.\d+)?|\.\d+|\\[dt]?frac\s*\{\s*-?\d+\s*\}\s*\{\s*\d+\s*\})\s*$")
_PARTIAL = re.compile(r"^\s*(?:\\frac\s*\{\s*\\partial\s*(?P<l1>[^{}]+?)\s*\}\s*\{\s*\\partial\s*(?P<d1>.+?)\s*\}"
                      r"|\\partial\s*(?P<l2>[^/]+?)\s*/\s*\\partial\s*(?P<d2>.+?)"
                      r"|\\nabla_\s*\{(?P<d3>[^{}]+(?:\{[^{}]*\}[^{}]*)*)\}\s*(?P<l3>.+?))\s*$")
_BARE = re.compile(r"^\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z]+)"
                   r"|\\[A-Za-z]+|[A-Za-z])\s*$")
_RELATION = re.compile(r"\\(?:in|le|ge|leq|geq|subset|subseteq|sim|approx)(?![A-Za-z])|[<>]")
_INTERVAL = re.compile(r"\binterval|\brange\b|\bdomain\b|\bsupport\b", re.I)


@dataclass(frozen=True)
class Entry:
    name: str           # the entry's name as the reader names it: h_1, \partial L/\partial a_1
    value: sp.Expr
    decimal: int        # decimal places written (0.5: 1)


def _entry_name(base: str, k: int) -> str:
    return f"{base}_{k}" if 0 <= k <= 9 else f"{base}_{{{k}}}"


def _values(body: str):
    """The numbers of a list ``1, 0, 2``; None when an item is not a number."""
    items = [x for x in body.split(",")]
    if not 2 <= len(items) <= MAX_ENTRIES or not all(_NUMBER.match(x) for x in items):
        return None
    out = []
    for x in items:
        try:
            v = read(x.strip()).expr
        except NotRead:
            return None
        if not isinstance(v, sp.Expr) or v.free_symbols or not v.is_Rational:
            return None
        places = re.search(r"\.(\d+)", x)
        out.append((v, len(places.group(1)) if places else 0))
    return out


def _entry_pattern(base: str, k: str) -> str:
    return rf"(?<![A-Za-z\\]){re.escape(base)}\s*_\s*(?:{k}(?!\d)|\{{\s*{k}\s*\}})"


def _zero_based(text: str, base: str) -> bool:
    """The document counts the entries of ``base`` from 0: it writes ``base_0`` as the first
    entry of a list (``\\mathbf w = (w_0, w_1, w_2)``) or sums ``base_i`` from ``i = 0``. A
    ``w_0`` written alone is no evidence: "bias $w_0 = 0.5$" is a name of its own beside the
    weights w_1, w_2."""
    if re.search(r"[(\[]\s*" + _entry_pattern(base, "0") + r"\s*,", text):
        return True
    for m in re.finditer(r"\\sum_\s*\{\s*([A-Za-z])\s*=\s*0\s*\}", text):
        body = re.split(r"\$|\\end\b|\\\\", text[m.end():m.end() + 300])[0]
        if re.search(_entry_pattern(base, m.group(1)), body):
            return True
    return False


def _valued(text: str, name_pattern: str) -> bool:
    """The prose gives the entry a number of its own (``bias $w_0 = 0.5$``)."""
    return re.search(name_pattern + r"\s*=\s*-?\s*\d+(?:\.\d+)?\s*(?:\$|,|;|\\quad|\\text\b)", text) is not None


def _written(text: str, base: str, first: int) -> bool:
    """The document writes an entry of ``base`` with a number (h_1, h_{2}) somewhere."""
    k = str(first)
    return re.search(rf"(?<![A-Za-z\\]){re.escape(base)}\s*_\s*(?:{k}|\{{\s*\d+\s*\}}|\d)", text) is not None


def entries(latex: str, text: str, words: str = "") -> list:
    """The entries the inline formula ``latex`` gives values to (empty when it gives none):
    ``\\mathbf g = \\partial L/\\partial \\mathbf a = (1, 0, 2)`` gives g_1, g_2, g_3 and
    ``\\partial L/\\partial a_1``, ... ``words``: the sentence around it, for "interval"."""
    parts = latex.split("=")
    if len(parts) < 2 or any(_RELATION.search(p) for p in parts):
        return []
    m = _TUPLE.match(parts[-1])
    if m is None:
        return []
    values = _values(re.sub(r"\\right\s*$", "", m.group("body")))
    if values is None or (len(values) == 2 and m.group("open") == "[" and _INTERVAL.search(words)):
        return []
    at = text.find(latex)
    before = text[:at] if at >= 0 else text     # the values the prose gave before the tuple
    out = []
    for p in parts[:-1]:
        got = _names_of(p, text, len(values), before)
        if got is None:
            return []          # a side that is no name of the vector: (a, b) = (1, 2), f(1, 2) = ...
        out += [Entry(n, v, places) for n, (v, places) in zip(got, values)]
    return out


def _names_of(side: str, text: str, count: int, before: str = ""):
    """The entries' names of one side: a bare vector name, or the gradient of a loss by one.
    None when ``before`` (the prose before the tuple) already gives one of them a value of its
    own: "bias $w_0 = 0.5$" read as the first entry of w. A value given after it is another case
    ("now take $x_2 = 0$")."""
    if _BARE.match(side):
        base = norm(side)
        first = 0 if _zero_based(text, base) else 1
        if not _written(text, base, first):
            return None
        if any(_valued(before, _entry_pattern(base, str(first + k))) for k in range(count)):
            return None     # an entry the prose already gives a value: the list is read some other way
        return [_entry_name(base, first + k) for k in range(count)]
    m = _PARTIAL.match(side)
    if m is None:
        return None
    loss = norm(m.group("l1") or m.group("l2") or m.group("l3"))
    by = norm(m.group("d1") or m.group("d2") or m.group("d3"))
    if not re.fullmatch(r"\\?[A-Za-z]+", loss) or not re.fullmatch(r"\\?[A-Za-z]+", by):
        return None
    first = 0 if _zero_based(text, by) else 1
    return [f"\\partial {loss}/\\partial {_entry_name(by, first + k)}" for k in range(count)]
