"""The index of a sum written over a set: ``\\sum_{k \\neq j}``, ``\\sum_{j: j \\neq i}``,
``\\sum_{k=1, k \\neq j}^{n}``, ``\\sum_{w \\in V}``, ``\\sum_{i \\in \\{1, \\dots, n\\}}``,
``\\sum_{i \\in [n]}``, ``\\sum_{x \\in \\{0, 1\\}}``.

Only the forms with one meaning are read (``over``); scan.py turns the result into a sum node
and build.py into SymPy:

- a range minus a point: the sum over the range (``lo..hi``; none written: 1..N, the size a
  sum without bounds has), then minus the term at the excluded index, which must be a number
  or an index letter (``c(i)``, ``y_i`` are not: the term at them would not be the entry the
  document writes elsewhere, ``s_{y_i}`` beside ``s[j]``);
- a named set (``V``, ``\\mathcal{V}``, ``S_2``): an index over 1..|V|, |V| a symbolic size
  checked at small sizes like any other; the set's elements are opaque, so the index may only
  pick entries (``u_w``), never be used as a number; ``V \\setminus \\{o\\}`` is ``w \\in V, w \\neq o``,
  and a number left out of a named set is refused (an element, not a position);
- ``\\{a, \\dots, b\\}`` and ``[n]``: the range a..b, 1..n;
- ``\\{0, 1\\}``, ``\\{-1, 1\\}``: the sum of the listed terms (integers; a set, so a repeated
  element counts once).

Anything else (two exclusions, ``\\setminus`` of more than one element, a pair ``(x, y) \\in D``, ``\\mathbb{R}``) keeps
the reader's reason: a sum over a set is not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .notation import NotRead, argument, shown
from .pieces import split_top

# a sum's subscript says more than an index and its start (the words of a set, a condition)
SET_WORDS = re.compile(r"\\neq?(?![A-Za-z])|\\not\s*=|\\in(?![A-Za-z])|:|\\mid(?![A-Za-z])|\\substack")
_LETTER = r"[A-Za-df-z]"
_ELLIPSIS = re.compile(r"^\\(?:[cl]?dots|dotsc|dotsb)$|^\.\.\.$")
_NAMED = re.compile(r"(?:\\(?P<font>mathcal|mathscr|mathsf|mathrm|mathbf|mathit)\s*(?:\{\s*(?P<a>[A-Za-z])\s*\}|(?P<b>[A-Za-z]))"
                    r"|(?P<c>[A-Za-z]))(?P<sub>_(?:\{\s*[A-Za-z0-9]{1,6}\s*\}|[A-Za-z0-9]))?")
# the excluded index: a number, an index letter (j, j+1), or a label y_i (the class of example i)
_INDEX_EXPR = re.compile(r"-?\d+|" + _LETTER + r"(?:\s*[+-]\s*\d+)?|[A-Za-z]_(?:\{[A-Za-z]\}|[A-Za-z])")
_INT = re.compile(r"[+-]?\d{1,6}")


@dataclass(frozen=True)
class Over:
    letter: str
    lo: str | None = None         # the range lo..hi as written (None, None: 1..N, a shared size)
    hi: str | None = None
    exclude: str | None = None    # the index left out (a number or an index letter)
    values: tuple | None = None   # the listed elements of an explicit set
    named: str | None = None      # the set's name: the range is 1..|named|

    def size(self) -> str:
        return f"|{self.named}|"


def over(lower: str, upper: str | None, cmd: str) -> Over:
    """The index, range and excluded point of ``\\sum_{lower}^{upper}`` (lower has a set word),
    or NotRead."""
    refuse = lambda why="": NotRead(f"\\{cmd}_{{{shown(lower)}}}: a sum over a set is not read" + why)
    text = re.sub(r"\\substack\s*\{(.*)\}\s*$", r"\1", lower.strip())
    text = re.sub(r"\\mid(?![A-Za-z])|\\\\|:|;|\\text\{\s*s\.t\.\s*\}", ",", text)
    text = re.sub(r"\\not\s*=", r"\\neq ", text)
    try:
        parts = [p.strip() for p in split_top(text, ",")]
    except NotRead:
        raise refuse() from None
    letters, lo, exclude, where = set(), None, [], None
    for p in parts:
        m = re.fullmatch(r"(" + _LETTER + r")(?:\s*(=|\\neq?(?![A-Za-z])|\\in(?![A-Za-z]))\s*(.+))?", p)
        if not m:
            raise refuse()
        letters.add(m.group(1))
        rel, rest = m.group(2), m.group(3)
        if rel == "=":
            if lo is not None:
                raise refuse()
            lo = rest
        elif rel and rel.startswith("\\ne"):
            exclude.append(rest.strip())
        elif rel == "\\in":
            if where is not None:
                raise refuse()
            where = rest.strip()
    if len(letters) != 1:
        raise refuse(" (one index letter)")
    letter = letters.pop()
    if len(exclude) > 1:
        raise refuse(" (more than one excluded index: are they the same?)")
    exclude = _excluded(exclude[0], letter, lower, cmd, refuse) if exclude else None
    if where is not None:
        if lo is not None or upper is not None:
            raise refuse()
        m = re.fullmatch(r"(.+?)\s*\\setminus\s*\\\{\s*(.+?)\s*\\\}", where)
        if m:       # V \setminus \{o\}: V without o, as w \in V, w \neq o
            if exclude is not None:
                raise refuse(" (more than one excluded index: are they the same?)")
            where, exclude = m.group(1), _excluded(m.group(2), letter, lower, cmd, refuse)
        return _in_set(letter, where, exclude, refuse)
    if lo is None and upper is not None:
        raise NotRead(f"\\{cmd}_{{{shown(lower)}}}^{{...}} without a lower limit is not read")
    if lo is not None and upper is None:
        raise NotRead(f"\\{cmd}_{{{shown(lower)}}} without an upper limit is not read")
    if exclude is None:
        raise refuse()
    return Over(letter, lo, upper, exclude)


def _excluded(e: str, letter: str, lower: str, cmd: str, refuse) -> str:
    """The excluded index as written, if it is a number, an index letter or a label."""
    if cmd == "prod":
        raise refuse(" (a product without one factor)")
    if not _INDEX_EXPR.fullmatch(e) or re.search(r"(?<![A-Za-z])" + letter + r"(?![A-Za-z])", e):
        raise NotRead(f"\\{cmd}_{{{shown(lower)}}}: the excluded index {shown(e, 20)} is not an index "
                      "letter or a number; not read")
    return e


def _in_set(letter: str, where: str, exclude, refuse) -> Over:
    m = re.fullmatch(r"\\\{(.*)\\\}", where)
    if m:
        return _listed(letter, m.group(1), exclude, refuse)
    m = re.fullmatch(r"\[\s*([A-Za-z]|\d{1,4})\s*\]", where)
    if m:                      # [n] = {1, ..., n}
        return Over(letter, "1", m.group(1), exclude)
    m = _NAMED.fullmatch(where)
    if m:
        core = m.group("a") or m.group("b") or m.group("c")
        name = f"\\{m.group('font')}{{{core}}}" if m.group("font") else core
        sub = re.sub(r"\s+", "", m.group("sub") or "")
        if core == letter or re.search(r"(?<![A-Za-z])" + letter + r"(?![A-Za-z])", sub):
            raise refuse()
        if exclude is not None and _INT.fullmatch(exclude.strip()):
            # a named set is read as positions 1..|S|: a number left out of it is an element,
            # not a position (S = {2, 5} has no element 1)
            raise refuse(" (a number left out of a named set: is it an element of the set?)")
        return Over(letter, exclude=exclude, named=name + sub)
    raise refuse()


def _listed(letter: str, inner: str, exclude, refuse) -> Over:
    try:
        items = [x.strip() for x in split_top(inner, ",")]
    except NotRead:
        raise refuse() from None
    dots = [k for k, x in enumerate(items) if _ELLIPSIS.match(x)]
    if dots:
        # {a, ..., b} or {a, a+1, ..., b}: a range
        if len(dots) != 1 or dots[0] != len(items) - 2 or dots[0] not in (1, 2):
            raise refuse()
        if dots[0] == 2:
            a, b = items[0], items[1]
            if not (_INT.fullmatch(a) and _INT.fullmatch(b) and int(b) == int(a) + 1) \
                    and re.sub(r"\s+", "", b) != re.sub(r"\s+", "", a) + "+1":
                raise refuse(" (the elements before the dots are not consecutive)")
        return Over(letter, items[0], items[-1], exclude)
    if not all(_INT.fullmatch(x) for x in items):
        raise refuse(" (the listed elements are not all integers)")
    if exclude is not None:
        if not _INT.fullmatch(exclude):
            raise refuse()
        values = tuple(sorted({int(x) for x in items} - {int(exclude)}))
    else:
        values = tuple(sorted({int(x) for x in items}))
    if not values:
        raise refuse(" (no element is left)")
    return Over(letter, values=values)


_SUM = re.compile(r"\\(?:sum|prod)(?![A-Za-z])\s*(?:\\limits\s*)?_")


def sizes_apart(*sides: str) -> None:
    """NotRead when a sum over a named set stands in a step beside a sum over another range
    (``\\sum_{w \\in V}`` beside ``\\sum_{w=1}^{W}``, ``\\sum_j`` or ``\\sum_{c \\in C}``): |V| is a
    size of its own, checked apart from the others, while the prose may well say |V| = W."""
    named, other = set(), []
    for side in sides:
        for m in _SUM.finditer(side):
            try:
                got = argument(side, m.end())
            except NotRead:
                continue
            sub = got[0] if got else ""
            ov = None
            if SET_WORDS.search(sub):
                try:
                    ov = over(sub, None, "sum")
                except NotRead:
                    pass
            if ov is not None and ov.named is not None:
                named.add(ov.named)
            else:
                other.append(sub)
    if named and (other or len(named) > 1):
        name = sorted(named)[0]
        beside = f"\\sum_{{{shown(other[0], 20)}}}" if other else "a sum over another set"
        raise NotRead(f"a sum over the set {name} beside {beside}: is |{name}| that size? not read")
