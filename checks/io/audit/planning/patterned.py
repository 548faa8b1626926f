"""The softmax of a list, written out or with an ellipsis: ``\\mathrm{softmax}([0, \\ln 2, \\ln 3])``,
``S([x_1 - x_1, x_2 - x_1, \\dots, x_K - x_1]^\\top)``, ``\\mathrm{softmax}([0, y_1, \\dots, y_{K-1}])_{k+1}``.

A list with an ellipsis is read when its pattern is fixed by what is written:

- the entries just before the ellipsis and the last one have one shape (the same text but for
  their subscripts); the subscripts that differ from the first of them to the last are whole
  numbers c, c + 1, ... in the written entries and one size expression in the last (``K``,
  ``K - 1``): entry c + t is the shape with c + t there;
- any entries before those (``0`` in ``[0, y_1, \\dots]``) are a written head.

Anything else (two ellipses, a step of 2, a last entry of another shape, an entry with no
subscript) is not read. The list is then a vector of length head + (end - c + 1) at each size,
and the softmax is taken over it. A size has no symbol to be checked at: the step is checked at
the sizes where the written entries are apart (four of them) and at every value of the free
indices (the letters of ``_{k+1}``) where every entry the step names exists (``y_k`` with k = 0
names no entry of ``[0, y_1, \\dots, y_{K-1}]``: such a k is outside what the step says). Each
checked case is one entry of a row, so a ``wrong`` names the case that differs; a ``holds`` is
for the sizes checked only (a doubt that says so: never all sizes).

A whole vector (``S(x) = S([...])``, no entry index) is compared entry by entry; a bare name x
beside the list stands for the vector of the entries x_1, x_2, ... the list uses. A step whose
two sides name different vectors (x on one, y on the other: the prose may tie them) is not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..reading.notation import NotRead, argument, group_end, shown

_SOFTMAX = re.compile(r"\\(?:mathrm|operatorname|text|textrm)\s*\{\s*softmax\s*\}|(?<![A-Za-z\\])softmax(?![A-Za-z])")
_DOTS = re.compile(r"\s*(?:\\[cvdl]?dots|\\dotsc|\\dotsb|\.\.\.)\s*")
_SUB = re.compile(r"_\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9])")
_TRANSPOSE = re.compile(r"\s*\^\s*(?:\{\s*)?(?:\\top|T|\\intercal|\\mathsf\s*\{\s*T\s*\})(?:\s*\})?")
_END = re.compile(r"\s*([A-Za-z])\s*(?:([+-])\s*(\d+))?\s*")
MAX_CASES = 40
MAX_ENTRIES = 64
N_SIZES = 4


@dataclass(frozen=True)
class Listed:
    """A list argument: its written head, and (for an ellipsis) the shape of the rest."""
    head: tuple                  # entry texts written before the pattern (all entries of a plain list)
    shape: tuple = ()            # (skeleton pieces, subscripts) of the pattern's entries
    varying: tuple = ()          # slots of the subscripts that run
    first: int = 0               # c: the value of the first patterned entry
    letter: str = ""             # the size letter of the last entry ("" for a plain list)
    offset: int = 0              # the last entry's value is letter + offset
    written: int = 0             # patterned entries written before the ellipsis

    def starts(self) -> tuple:
        """The subscripts the list's entries may be numbered from (the first is the reading;
        two when the text does not fix it): the first patterned subscript when nothing is
        written before it ([y_0, y_1, \\dots, y_{K-1}] from 0), else 1 or where the head would
        start by the pattern ([0, y_1, \\dots] from 1 or 0); a written list from its own
        subscripts when they run c, c + 1, ... (1 or 0 when it has none)."""
        if self.letter:
            c = self.first if not self.head else self.first - len(self.head)
            return (c,) if not self.head or c == 1 else (1, c)
        subs = [re.fullmatch(r"\\?[A-Za-z]+\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))", e.strip()) for e in self.head]
        if all(subs) and len({re.sub(r"_.*", "", e.strip()) for e in self.head}) == 1:
            numbers = [int(m.group(1) or m.group(2)) for m in subs]
            if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
                return (numbers[0],)
        return (1, 0)

    def least(self) -> int:
        """The least size at which the last entry is at or after the written ones."""
        return self.first + self.written - 1 - self.offset

    def entries(self, size):
        """The entry texts at ``size`` (None for a plain list: its own)."""
        if not self.letter:
            return list(self.head)
        last = size + self.offset
        return list(self.head) + [self._entry(v) for v in range(self.first, last + 1)]

    def _entry(self, v: int) -> str:
        pieces, subs = self.shape
        out = pieces[0]
        for k, sub in enumerate(subs):
            out += "_{" + (str(v) if k in self.varying else sub) + "}" + pieces[k + 1]
        return out


def _split_subs(text: str):
    """(pieces, subscripts) of an entry: x_1 - x_{1} -> (['x', ' - x', ''], ['1', '1'])."""
    pieces, subs, at = [], [], 0
    for m in _SUB.finditer(text):
        pieces.append(text[at:m.start()])
        sub = m.group(1)
        subs.append((sub[1:-1] if sub.startswith("{") else sub).strip())
        at = m.end()
    pieces.append(text[at:])
    return tuple(" ".join(p.split()) for p in pieces), tuple(subs)


def listed(inner: str):
    """The Listed of the text inside ``[...]``, None when it is no list; NotRead when its
    ellipsis has a pattern the written entries do not fix."""
    from ..reading.pieces import split_top
    try:
        entries = [e.strip() for e in split_top(inner, ",")]
    except NotRead:
        return None
    if len(entries) < 2:
        return None
    if len(entries) > MAX_ENTRIES:
        raise NotRead(f"a list of {len(entries)} entries is not read (at most {MAX_ENTRIES})")
    dots = [k for k, e in enumerate(entries) if _DOTS.fullmatch(e)]
    if not dots:
        return Listed(tuple(entries))
    if len(dots) > 1 or dots[0] != len(entries) - 2 or dots[0] == 0:
        raise NotRead(f"the list '[{shown(inner, 30)}]': an ellipsis other than before the last entry is not read")
    before, last = entries[:dots[0]], _split_subs(entries[-1])
    run = []
    for e in reversed(before):
        got = _split_subs(e)
        if got[0] != last[0] or len(got[1]) != len(last[1]) or not got[1]:
            break
        run.insert(0, got)
    if not run:
        raise NotRead(f"the list '[{shown(inner, 30)}]': the entries before the ellipsis and the last one "
                      "differ in shape, so its pattern is not written")
    varying = tuple(k for k, sub in enumerate(last[1]) if sub != run[0][1][k])
    end = {last[1][k] for k in varying}
    m = _END.fullmatch(end.pop()) if len(end) == 1 else None
    if not varying or m is None or not re.fullmatch(r"\d+", run[0][1][varying[0]]):
        raise NotRead(f"the list '[{shown(inner, 30)}]': its last entry does not give the length by one size letter")
    first = int(run[0][1][varying[0]])
    for t, (_, subs) in enumerate(run):
        for k, sub in enumerate(subs):
            want = str(first + t) if k in varying else run[0][1][k]
            if sub != want:
                raise NotRead(f"the list '[{shown(inner, 30)}]': the written entries do not run by one "
                              "(its pattern is not fixed)")
    offset = int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)
    head = tuple(entries[:dots[0] - len(run)])
    return Listed(head, (last[0], run[0][1]), varying, first, m.group(1), offset, len(run))


@dataclass(frozen=True)
class Call:
    start: int
    end: int
    argument: object     # Listed, or the text of a bare name
    index: str | None    # the text of _{...} after the call


def _softmax_names(lets) -> list:
    from ..reading.components import SOFTMAX_ENTRIES, entries_key
    pairs = dict(lets.items() if hasattr(lets, "items") else lets)
    names = [n for n, m in pairs.items() if m == "softmax"]
    names += [n[:-len(entries_key(""))] for n, m in pairs.items()
              if m == SOFTMAX_ENTRIES and n.endswith(entries_key(""))]
    return [n for n in names if n and re.fullmatch(r"\\?[A-Za-z]+", n)]


def calls(text: str, lets=()) -> list:
    """The softmax calls of a side whose argument is a list or a bare name."""
    names = _softmax_names(lets)
    pattern = _SOFTMAX.pattern + "".join(f"|(?<![A-Za-z\\\\]){re.escape(n)}(?![A-Za-z])" for n in names)
    out = []
    for m in re.finditer(pattern, text):
        k = m.end()
        left = re.compile(r"\s*(?:\\left\s*)?\(").match(text, k)
        if left is None:
            continue
        opening = left.end() - 1
        close = group_end(text, opening)
        inner = text[opening + 1:close - 1].strip()
        inner = re.sub(r"\\right\s*$", "", inner).strip()
        arg = None
        bracket = re.match(r"(?:\\left\s*)?\[", inner)
        if bracket:
            end = group_end(inner, bracket.end() - 1)
            rest = inner[end:]
            rest = _TRANSPOSE.sub("", rest, count=1) if _TRANSPOSE.match(rest) else rest
            if not rest.strip():
                arg = listed(re.sub(r"\\right\s*$", "", inner[bracket.end():end - 1]).strip())
        elif re.fullmatch(r"(?:\\mathbf\s*\{\s*[A-Za-z]\s*\}|\\boldsymbol\s*\{\s*[A-Za-z]\s*\}|[A-Za-z])", inner):
            arg = re.sub(r"[^A-Za-z]|mathbf|boldsymbol", "", inner)
        if arg is None:
            continue
        index, stop = None, close
        after = re.compile(r"\s*_").match(text, close)
        if after:
            got = argument(text, after.end())
            if got is None:
                continue
            index, stop = got[0].strip(), got[1]
        out.append(Call(m.start(), stop, arg, index))
    return out


_OPERATORS = {"\\sum", "\\prod", "\\lim", "\\max", "\\min", "\\int", "\\log", "\\arg", "\\sup", "\\inf",
              "\\bigcup", "\\bigcap", "\\operatorname", "\\mathrm", "\\text"}


def _stems(entries) -> set:
    """The names the texts give subscripts (x of x_1), not operators (\\sum_j)."""
    return {m.group(1) for e in entries for m in re.finditer(r"(?<![A-Za-z\\])(\\?[A-Za-z]+)\s*_", e)} - _OPERATORS


def _numbered(text: str, stems) -> list:
    """(stem, number) of the entries with a whole-number subscript a text names."""
    out = []
    for m in re.finditer(r"(?<![A-Za-z\\])(\\?[A-Za-z]+)\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))", text):
        if m.group(1) in stems:
            out.append((m.group(1), int(m.group(2) or m.group(3))))
    return out


def _softmax_entry(entries, i: int, start: int = 1) -> str:
    terms = " + ".join("e^{" + e + "}" for e in entries)
    return "\\left(\\frac{e^{" + entries[i - start] + "}}{" + terms + "}\\right)"


def _put(text: str, values: dict) -> str:
    """``text`` with the letters of ``values`` as their numbers, subscripts worked out."""
    for letter, v in values.items():
        text = re.sub(r"(?<=_)" + letter + r"(?![A-Za-z])", "{%d}" % v, text)
        text = re.sub(r"(?<![A-Za-z\\])" + letter + r"(?![A-Za-z])", "(%d)" % v, text)

    def work(m):
        body = m.group(1)
        if re.fullmatch(r"[\d\s()+-]+", body):
            try:
                return "_{%d}" % int(sp.sympify(body))
            except (sp.SympifyError, TypeError, ValueError):
                return m.group(0)
        return m.group(0)
    return re.sub(r"_\{([^{}]*)\}", work, text)


@dataclass(frozen=True)
class Cases:
    left: tuple       # side texts, one per case
    right: tuple
    said: str         # the sizes and indices checked
    bounded: bool     # some sizes only (a list with an ellipsis)


def cases(left: str, right: str, lets=(), other: bool = False):
    """The cases of a step with the softmax of a list, None when it has none. ``other``: with
    each list whose start the text does not fix numbered from its other start."""
    return _cases(left, right, tuple(sorted(dict(lets.items() if hasattr(lets, "items") else lets).items())), other)


@lru_cache(maxsize=128)
def _cases(left: str, right: str, lets, other: bool = False):
    from ..reading.notation import MAX_CHARS
    if len(left) + len(right) > MAX_CHARS:
        return None      # the reader refuses it with its own reason
    found = {"l": calls(left, lets), "r": calls(right, lets)}
    lists = [c.argument for cs in found.values() for c in cs if isinstance(c.argument, Listed)]
    if not lists:
        return None
    letters = {x.letter for x in lists if x.letter}
    if len(letters) > 1:
        raise NotRead(f"lists with two size letters ({', '.join(sorted(letters))}) in one step are not read")
    letter = letters.pop() if letters else ""
    whole = [c for cs in found.values() for c in cs if c.index is None]
    written = _written_sides(found, left, right) if whole else {}
    sizes = [None]
    if letter:
        least = max(x.least() for x in lists if x.letter)
        sizes = list(range(max(least, 1), max(least, 1) + N_SIZES))
    index_letters = sorted({ch for cs in found.values() for c in cs if c.index
                            for ch in re.findall(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])", c.index)} - {letter})
    if len(index_letters) > 1:
        raise NotRead(f"a softmax entry with two free indices ({', '.join(index_letters)}) is not read")
    for ch in index_letters + [letter]:
        if ch and re.search(r"\\(?:sum|prod)\s*_\s*\{?\s*" + ch + r"(?![A-Za-z])", left + right):
            raise NotRead(f"{ch} is both a free index or size and the index of a sum: not read")
    out_l, out_r, checked = [], [], []
    for size in sizes:
        vectors, stems, names = _vectors_at(found, size)
        side_stems = [_stems(e for c in found[s] for e in vectors[id(c)]) | _stems([_outside(t, found[s])])
                      for s, t in (("l", left), ("r", right))]
        if side_stems[0] != side_stems[1] and side_stems[0] and side_stems[1]:
            raise NotRead(f"the two sides name different vectors ({', '.join(sorted(side_stems[0]))} and "
                          f"{', '.join(sorted(side_stems[1]))}): the text may tie them")
        lengths = {len(v) for v in vectors.values()} | {len(v) for v in written.values()}
        if max(lengths) > MAX_ENTRIES:
            raise NotRead(f"a softmax of a list of {max(lengths)} entries is not read (at most {MAX_ENTRIES})")
        if whole:
            if len(lengths) != 1:
                raise NotRead("a softmax of lists of two lengths set equal is not read")
            picks = [{"": i} for i in range(1, lengths.pop() + 1)]
        else:
            picks = [{index_letters[0]: v} for v in range(0, max(lengths) + 2)] if index_letters else [{}]
        for pick in picks:
            values = {letter: size} if letter else {}
            values.update({k: v for k, v in pick.items() if k})
            texts = []
            for s, text in (("l", left), ("r", right)):
                got = _put(written[s][pick[""] - 1], values) if s in written else \
                    _instance(text, found[s], vectors, values, pick.get(""), other)
                if got is None:
                    break
                texts.append(got)
            if len(texts) < 2 or any(nm not in names for t in texts for nm in _numbered(t, stems)):
                continue     # an entry the step names does not exist in this case: not what it says
            out_l.append(texts[0])
            out_r.append(texts[1])
            checked.append(values)
            if len(out_l) > MAX_CASES:
                raise NotRead(f"a softmax of a list with more than {MAX_CASES} cases to check is not read")
    if not out_l:
        raise NotRead("a softmax of a list: no size or index value where every entry the step names exists")
    said = ", ".join(f"{k} = {min(v[k] for v in checked)}..{max(v[k] for v in checked)}"
                     for k in sorted({k for v in checked for k in v}))
    return Cases(tuple(out_l), tuple(out_r), said or "the written entries", bool(letter))


def _written_sides(found, left: str, right: str) -> dict:
    """{side: entries} of a side that is a written list beside a whole softmax; NotRead when a
    whole softmax stands beside anything but one softmax or a written list."""
    from .lists import whole_list
    written = {}
    for s, text in (("l", left), ("r", right)):
        if not found[s] and whole_list(text) is not None:
            written[s] = whole_list(text)[1]
    whole = [c for cs in found.values() for c in cs if c.index is None]
    alone = all(len(found[s]) == 1 and not t[:found[s][0].start].strip() and not t[found[s][0].end:].strip()
                for s, t in (("l", left), ("r", right)) if found[s])
    if len(whole) != len(found["l"]) + len(found["r"]) or not alone or any(
            not found[s] and s not in written for s in "lr"):
        raise NotRead("a softmax of a list as a whole vector is read only set equal to another "
                      "softmax or to a written list")
    return written


def _vectors_at(found, size):
    """({id of a call: its entry texts}, stems, {(stem, number)} of the entries) at ``size``; a
    bare name is the vector of the entries x_1, x_2, ... the lists name."""
    vectors = {id(c): c.argument.entries(size) for cs in found.values() for c in cs
               if isinstance(c.argument, Listed)}
    stems = _stems(e for v in vectors.values() for e in v)
    names = {(s, n) for v in vectors.values() for e in v for s, n in _numbered(e, stems)}
    for c in (c for cs in found.values() for c in cs if isinstance(c.argument, str)):
        mine = sorted(n for s, n in names if s == c.argument)
        if not mine or mine != list(range(1, mine[-1] + 1)):
            raise NotRead(f"the vector {c.argument} beside a list that does not name its entries "
                          f"{c.argument}_1, {c.argument}_2, ...: the text may tie them")
        vectors[id(c)] = [f"{c.argument}_{{{n}}}" for n in mine]
    return vectors, stems, names


def _outside(text: str, found) -> str:
    out, at = "", 0
    for c in sorted(found, key=lambda c: c.start):
        out += text[at:c.start] + " "
        at = c.end
    return out + text[at:]


def _instance(text: str, found, vectors, values: dict, entry, other: bool = False):
    """The side at one case: each call as its entry, the letters as numbers; None when an
    entry index falls outside its vector (numbered from the list's start, its other start
    with ``other``; a whole vector's positions from 1)."""
    out, at = "", 0
    for c in sorted(found, key=lambda c: c.start):
        entries = [_put(e, values) for e in vectors[id(c)]]
        start = 1
        if c.index is None:
            i = entry
        else:
            idx = _put("_{" + c.index + "}", values)
            m = re.fullmatch(r"_\{(\d+)\}", idx) or re.fullmatch(r"_\{\((\d+)\)\}", idx)
            if m is None:
                raise NotRead(f"the softmax entry index '{shown(c.index, 12)}' is not read")
            i = int(m.group(1))
            if isinstance(c.argument, Listed):
                starts = c.argument.starts()
                start = starts[-1] if other else starts[0]
        if not start <= i < start + len(entries):
            return None
        out += _put(text[at:c.start], values) + _softmax_entry(entries, i, start)
        at = c.end
    return out + _put(text[at:], values)


def patterned_pair(left: str, right: str, scope):
    """Both sides as rows of their cases (conv.py's ``convolution_pair`` hook), None when the
    step has no softmax of a list."""
    got = cases(left, right, scope.lets)
    if got is None:
        return None
    from .lists import _row
    from ..reading.read import read_pair
    pairs = []
    for k, (a, b) in enumerate(zip(got.left, got.right), 1):
        try:
            pairs.append(read_pair(a, b, scope))
        except NotRead as exc:
            raise NotRead(f"case {k} of the softmax of a list: {exc.reason}", exc.name) from None
    return _row([_summed(p[0]) for p in pairs]), _row([_summed(p[1]) for p in pairs])


def _summed(reading):
    """A sum with whole-number bounds written out (\\sum_{j=1}^{2} e^{y_j} at K = 3): the other side
    has the softmax's terms written out, and a sum over the vector on one side only is a doubt."""
    from dataclasses import replace
    expr = reading.expr.replace(
        lambda n: isinstance(n, sp.Sum) and all(b.is_Integer for _, lo, hi in n.limits for b in (lo, hi))
        and all(hi - lo < 64 for _, lo, hi in n.limits),
        lambda n: n.doit())
    return replace(reading, expr=expr)


def doubts(left: str, right: str, lets) -> list:
    """A step checked at some sizes only holds for those; a wrong of a list whose entries may
    be numbered from another start is a doubt unless the step is wrong so numbered too."""
    from ..document.doubts import HOLDS_ONLY
    try:
        got = cases(left, right, lets)
    except NotRead:
        return []
    if got is None:
        return []
    out = [f"{HOLDS_ONLY}the list with an ellipsis is checked at {got.said} only"] if got.bounded else []
    return out + _numbering(left, right, lets, got)


def _numbering(left: str, right: str, lets, got: Cases) -> list:
    """The doubt "the entries may be numbered from 0" where the text does not fix the start of
    a list whose entry the step takes and the step may hold so numbered."""
    try:
        other = cases(left, right, lets, other=True)
    except NotRead:
        other = None
    if other is not None and (other.left, other.right) == (got.left, got.right):
        return []
    if other is not None and _refuted(other):
        return []    # wrong numbered either way
    starts = sorted({s for c in calls(left, lets) + calls(right, lets) if isinstance(c.argument, Listed)
                     for s in c.argument.starts()})
    return [f"the entries of the list may be numbered from {' or '.join(map(str, starts))} (the text does not say); "
            "read from " + str(starts[-1] if 1 in starts else starts[0]) + " here"]


def _refuted(got: Cases) -> bool:
    """Whether some case of ``got`` differs clearly at a point (50 digits, a gap above 1e-20):
    only to decide whether to doubt a wrong the engine certifies in the other numbering."""
    from ..reading.read import Scope, read_pair
    import random
    rng = random.Random(0)
    for a, b in zip(got.left, got.right):
        try:
            la, lb = read_pair(a, b, Scope())
        except (NotRead, Exception):
            return False
        diff = (_summed(la).expr - _summed(lb).expr).doit()
        indexed = diff.atoms(sp.Indexed)
        labels = {i.base.label for i in indexed}
        free = sorted(indexed | {x for x in diff.free_symbols if x not in labels}, key=str)
        for _ in range(2):
            point = {x: sp.Rational(rng.randint(-9, 9), 7) for x in free}
            try:
                v = sp.N(diff.xreplace(point), 50)
            except Exception:
                return False
            if v.is_number and v.is_real and abs(v) > sp.Float("1e-20", 50):
                return True
    return False
