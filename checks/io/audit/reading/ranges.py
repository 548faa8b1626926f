"""Index ranges as a text writes them, read by one parser (conditions, said, upnames use it).

``parse(latex)`` reads one LaTeX fragment that says the range of one or more index letters:

- ``i = 1, \\dots, n`` (``i, j = 1, 2, \\ldots, K``, ``i = 1..n``);
- ``1 \\le i \\le n``, ``n - k + 1 \\le i \\le n``, ``n \\ge i > 0``, ``0 < i \\le d, i \\in \\mathbb Z``;
- ``i \\in \\{1, \\dots, K\\}``, ``i, j \\in \\{0, 1, \\dots, n - 1\\}``, ``i \\in [n]``,
  ``i \\in \\llbracket 1, n \\rrbracket``;
- a quantifier with no bounds: ``\\forall i``, "for every i", ``\\forall i \\neq j`` (i over
  everything but j), each form above after ``\\forall`` / "for all" too;

into a ``Range`` (letters, lower, upper, exclusions), or None. What is not an index range is
None, never a guess: a real interval (``x \\in [0, 1]``, ``\\beta \\in (0, 1)``, ``x \\in
\\mathbb R``), a set of labels with no ellipsis (``y \\in \\{0, 1\\}``: a domain), a bound on one
side (``n \\le 10``: the range of a size, ``size_bound`` reads it apart).

Why ``[a, b]`` is not read as integers: it is the interval of a real variable as written
(``x \\in [0, 1]``); a text that means integers writes ``\\{a, \\dots, b\\}``, ``[n]`` or says
``\\in \\mathbb Z``. An inequality on both sides (``1 \\le i \\le n``) does not say which either:
``integer`` is None there, and a caller that needs an index range decides (said: a bound that
names a size counts as an index's range, ``0 \\le x \\le 1`` does not).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_PIECES = 10      # comma pieces one range spans at most (i, j = 1, 2, \\dots, n, i \\neq k, ...): a long list stays linear
_SPACING = re.compile(r"\\[,;:! ]|~|\\q?quad|\\left(?![a-z])|\\right(?![a-z])")
_DOTS = r"(?:\\[lc]?dots(?:c|b)?|\.\.\.|…)"
_LE = r"(?:\\leqslant|\\leq?(?![a-z])|\\lt(?![a-z])|<)"
_GE = r"(?:\\geqslant|\\geq?(?![a-z])|\\gt(?![a-z])|>)"
_LETTER = r"[a-z](?:_\{?[0-9]\}?)?"
_LETTERS = r"(?P<x>" + _LETTER + r"(?:\s*,\s*" + _LETTER + r")*)"
# an end of a range: numbers, letters (sizes, other indices, k_2), + and -, braces; no relation, no comma
_NOT_AN_END = r"(?:le|ge|leq|geq|lt|gt|neq|ne|in|leqslant|geqslant|infty|[lc]?dots|forall|text\w*)(?![A-Za-z])"
_END = r"(?:[A-Za-z0-9+\-\s{}_^|]|\\(?!" + _NOT_AN_END + r")[A-Za-z]+)+?"
_QUANTIFIER = re.compile(r"^\s*(?:\\forall|\\text\w*\s*\{\s*(?:for\s+(?:all|every|each|any)|for|where|with)\s*\}"
                         r"|(?:for\s+(?:all|every|each|any)|for)(?![A-Za-z]))\s*")
_INTEGERS = re.compile(r"\s*,\s*(?:" + _LETTERS.replace("(?P<x>", "(?P<z>") + r")\s*\\in\s*\\mathbb\s*\{?\s*[ZN]\s*\}?"
                       r"(?:\s*\^\s*\{?\s*\+\s*\}?)?\s*$")
_EXCLUDED = re.compile(r"\s*,?\s*(?P<a>" + _LETTER + r")\s*(?:\\neq?(?![a-z])|\\not\s*=)\s*(?P<b>" + _LETTER + r")\s*$")

_LIST = re.compile(r"^" + _LETTERS + r"\s*=\s*(?P<lo>" + _END + r")\s*,\s*(?:(?P<mid>" + _END + r")\s*,\s*)?" + _DOTS
                   + r"\s*,\s*(?P<hi>" + _END + r")$")
_DOTDOT = re.compile(r"^" + _LETTERS + r"\s*=\s*(?P<lo>" + _END + r")\s*(?:\.\.|" + _DOTS + r")\s*(?P<hi>" + _END + r")$")
_SET = re.compile(r"^" + _LETTERS + r"\s*\\in\s*\\\{\s*(?P<lo>" + _END + r")\s*,\s*(?:(?P<mid>" + _END + r")\s*,\s*)?" + _DOTS
                  + r"\s*,\s*(?P<hi>" + _END + r")\s*\\\}$")
_FIRST_N = re.compile(r"^" + _LETTERS + r"\s*\\in\s*\[\s*(?P<hi>[A-Za-z0-9]|\{\s*" + _END + r"\s*\}|[A-Za-z]_\{?[0-9]\}?)\s*\]$")
_INTEGER_INTERVAL = re.compile(r"^" + _LETTERS + r"\s*\\in\s*(?:\\llbracket|\[\[)\s*(?P<lo>" + _END + r")\s*,\s*(?P<hi>"
                               + _END + r")\s*(?:\\rrbracket|\]\])$")
_UP = re.compile(r"^(?P<lo>" + _END + r")\s*(?P<a>" + _LE + r")\s*(?P<x>" + _LETTER + r")\s*(?P<b>" + _LE + r")\s*(?P<hi>"
                 + _END + r")$")
_DOWN = re.compile(r"^(?P<hi>" + _END + r")\s*(?P<b>" + _GE + r")\s*(?P<x>" + _LETTER + r")\s*(?P<a>" + _GE + r")\s*(?P<lo>"
                   + _END + r")$")
_BARE = re.compile(r"^" + _LETTERS + r"$")
_ONE_SIDED = re.compile(r"^(?P<x>[A-Za-z](?:_\{?[0-9]\}?)?)\s*(?P<op>" + _LE + "|" + _GE + r")\s*(?P<v>-?\d+)$")


@dataclass(frozen=True)
class Range:
    """``letters`` run from ``lower`` to ``upper`` (LaTeX as written, spaces squeezed; None: not
    said), each end inclusive unless ``strict`` says (lower, upper) is strict; ``exclusions``:
    letters the range leaves out (``\\forall i \\neq j``); ``integer``: True when the form says
    the letters are integers, None when it does not say (an inequality on both sides)."""
    letters: tuple
    lower: str | None = None
    upper: str | None = None
    exclusions: tuple = ()
    strict: tuple = (False, False)
    integer: bool | None = True

    @property
    def bounded(self) -> bool:
        return self.lower is not None and self.upper is not None

    def names_a_size(self) -> bool:
        """A letter in an end (``1 \\le i \\le n``): the range counts along a size or another index."""
        return any(e is not None and re.search(r"[A-Za-z]", e) for e in (self.lower, self.upper))

    def as_bounds(self) -> str:
        """The range as relations the condition reader takes (``1 \\le i \\le n, i \\neq j``)."""
        lo_op = "<" if self.strict[0] else "\\le"
        hi_op = "<" if self.strict[1] else "\\le"
        out = [f"{self.lower} {lo_op} {x} {hi_op} {self.upper}" for x in self.letters] if self.bounded else []
        out += [f"{x} \\neq {e}" for x in self.letters for e in self.exclusions]
        return ", ".join(out)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _end(text: str) -> str | None:
    """An end of a range, or None when it has no content or unbalanced braces."""
    text = _squeeze(text)
    if not text or text.count("{") != text.count("}") or not re.search(r"[A-Za-z0-9]", text):
        return None
    if re.fullmatch(r"\{[^{}]*\}", text):
        text = text[1:-1].strip()
    return text


def _letters(text: str) -> tuple:
    return tuple(re.sub(r"[\s{}]", "", x) for x in text.split(","))


@lru_cache(maxsize=4096)
def parse(latex: str) -> Range | None:
    """The index range ``latex`` says, or None (see the module's docstring)."""
    text = _squeeze(_SPACING.sub(" ", latex)).rstrip(".,;: ").lstrip(",; ")
    m = _QUANTIFIER.match(text)
    quantified = m is not None
    if quantified:
        text = text[m.end():]
    integer = None
    m = _INTEGERS.search(text)
    if m is not None and m.start() > 0:      # 0 < i \le d, i \in \mathbb Z
        integer, text = True, text[:m.start()].rstrip(" ,")
        said_integers = set(_letters(m.group("z")))
    else:
        said_integers = None
    exclusions = []
    while (m := _EXCLUDED.search(text)) is not None and m.start() > 0:   # \forall i \neq j
        exclusions.insert(0, m)
        text = text[:m.start()].rstrip(" ,")
    if quantified and not exclusions and (m := _EXCLUDED.fullmatch(text)) is not None:
        exclusions, text = [m], m.group("a")       # \forall j \neq i: j over all but i
    got = _bounds(text, quantified)
    if got is None:
        return None
    letters, lo, hi, strict, form_integer = got
    if said_integers is not None and not said_integers <= set(letters):
        return None
    excluded = []
    for e in exclusions:
        a, b = (re.sub(r"[\s{}]", "", e.group(g)) for g in ("a", "b"))
        if a in letters and b not in letters:
            excluded.append(b)
        elif b in letters and a not in letters:
            excluded.append(a)
        else:                   # i \neq j of two letters of the range: no exclusion of one range
            return None
    return Range(letters, lo, hi, tuple(excluded), strict, True if integer or form_integer else None)


def _next_after(lo: str | None, mid: str | None) -> bool:
    r"""No middle term, or one that is ``lo`` + 1 (``1, 2, \dots, n``; ``k, k+1, \dots``)."""
    if mid is None:
        return True
    mid, lo = re.sub(r"\s+", "", mid), re.sub(r"\s+", "", lo or "")
    if re.fullmatch(r"-?\d+", lo) and re.fullmatch(r"-?\d+", mid):
        return int(mid) == int(lo) + 1
    return mid in (f"{lo}+1", f"{{{lo}+1}}")


def _bounds(text: str, quantified: bool):
    """(letters, lower, upper, strict, integer) of ``text`` without its quantifier and clauses."""
    for form in (_LIST, _DOTDOT, _SET, _INTEGER_INTERVAL):
        m = form.match(text)
        if m is not None:
            lo, hi = _end(m.group("lo")), _end(m.group("hi"))
            if not _next_after(lo, m.groupdict().get("mid")):
                return None        # i = 1, 3, \dots, 2n - 1: a stride, not every integer between
            return None if lo is None or hi is None else (_letters(m.group("x")), lo, hi, (False, False), True)
    m = _FIRST_N.match(text)
    if m is not None:
        hi = _end(m.group("hi"))
        return None if hi is None else (_letters(m.group("x")), "1", hi, (False, False), True)
    for form in (_UP, _DOWN):
        m = form.match(text)
        if m is not None:
            lo, hi = _end(m.group("lo")), _end(m.group("hi"))
            if lo is None or hi is None:
                return None
            strict = (m.group("a") in ("<", ">", "\\lt", "\\gt"), m.group("b") in ("<", ">", "\\lt", "\\gt"))
            return _letters(m.group("x")), lo, hi, strict, None
    if quantified and _BARE.match(text):      # \forall i, "for every i, j": no bounds
        return _letters(text), None, None, (False, False), None
    return None


def size_bound(latex: str):
    """(letter, relation, number) of a bound on one side (``n \\le 10``, ``n > 5``): the range of
    a size, not of an index; None for anything else."""
    m = _ONE_SIDED.match(_squeeze(_SPACING.sub(" ", latex)).rstrip(".,;: "))
    return None if m is None else (m.group("x"), m.group("op"), int(m.group("v")))


def _pieces(text: str) -> list:
    """``text`` cut at its commas and semicolons outside braces (``\\{1, \\dots, n\\}`` counts as braces)."""
    out, depth, start = [], 0, 0
    for k, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif c in ",;" and depth == 0:
            out.append(text[start:k])
            start = k + 1
    out.append(text[start:])
    return out


def found_in(text: str) -> list:
    """[(first piece, end piece, Range)] of the ranges in a comma-separated list of conditions
    (``i = 1, \\dots, n, x > 0``: the first three pieces), the longest reading first, left to right."""
    pieces, out, k = _pieces(text), [], 0
    while k < len(pieces):
        for j in range(min(len(pieces), k + MAX_PIECES), k, -1):
            got = parse(",".join(pieces[k:j]))
            if got is not None:
                out.append((k, j, got))
                k = j
                break
        else:
            k += 1
    return out


def as_bounds(text: str) -> str:
    """``text`` (conditions separated by commas) with each bounded index range written as the
    bounds it says (``i \\in \\{1, \\dots, n\\}`` -> ``1 \\le i \\le n``), so that it reads as
    relations like the others; everything else as written."""
    pieces = _pieces(text)
    out, k = [], 0
    for first, end, got in found_in(text):
        out += pieces[k:first]
        out.append(" " + got.as_bounds() if got.bounded else ",".join(pieces[first:end]))
        k = end
    out += pieces[k:]
    return ",".join(out)


def tail(text: str) -> Range | None:
    """The range that ends ``text`` (``a_i = b_i, 1 \\le i \\le n``: the range; a formula's clause
    after ``\\qquad``), or None."""
    pieces = _pieces(text)
    for k in range(max(0, len(pieces) - MAX_PIECES), len(pieces)):
        got = parse(",".join(pieces[k:]))
        if got is not None:
            return got
    return None
