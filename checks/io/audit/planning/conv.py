"""A 1-D convolution of two lists of numbers: ``[1, 2, 3, 4] * [2, 0, 1] = [5, 8]``.

``*`` (``\\ast``, ``\\star``, ``\\circledast``) between two whole lists of numbers, set equal to a
whole list, is read as sliding the kernel (the second list) over the zero-padded input (the
first). What the text leaves open is a convention, and each convention is one reading:

- the mode, told by the result's length m: ``valid`` (m = n - k + 1), ``full`` (n + k - 1) or
  ``same`` (n); a ``same`` with an even kernel pads one more zero on the left or on the right (two
  readings);
- the kernel flipped (the convolution of mathematics) or not (the cross-correlation that deep
  learning libraries compute), unless the document says which for the step's question
  (``Conventions``: "with kernel flipping", "without kernel flipping", "$\\star$ the
  cross-correlation" with the operator named, or a display ``(x * w)_n = \\sum_j x_{n+j-1} w_j``);
  a sentence that contrasts ("unlike", "while", "but") says nothing, and an operator said two
  ways gets every reading;
- the first list as the kernel, when it is not the longer one;
- where the lengths allow it, other meanings of ``*`` between lists: the elementwise product
  (n = k = m), the product of intervals and the product of complex numbers as pairs (n = k = m = 2).

The step holds only if it holds under every reading its lengths allow, and it is wrong only if
it is wrong under every one (the engine then names the first entry that differs under the first
reading); right under some and not others, it is undecided with the readings named (``doubts``).
Another length is not read (a stride or another operation may be meant), and nor is any convolution
of a question that speaks of strides or dilation (a strided length can be a valid one).

Only lists of exact numbers are taken: ``[a, b]`` may be an interval and ``2 * 3`` is a product of
scalars; neither is two lists of numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..reading.notation import NotRead, shown

FLIPPED, NOT_FLIPPED = "kernel flipped", "kernel not flipped"
_OP = re.compile(r"\s*(\*|\\ast(?![A-Za-z])|\\star(?![A-Za-z])|\\circledast(?![A-Za-z]))\s*")
_CANON = {"*": "*", "\\ast": "*", "\\star": "\\star", "\\circledast": "\\circledast"}
MAX_ENTRIES = 64


def key(op: str) -> str:
    """The ``let`` key that carries the document's convention for ``op``."""
    return f"{_CANON.get(op, op)} convention"


ANY_KEY = "convolution convention"     # said in words with no operator named
STRIDE_KEY = "stride convention"       # the question (or the document) speaks of strides


@dataclass(frozen=True)
class Analysis:
    op: str
    readings: tuple        # ((label, (values...)), ...) in order of preference
    matched: tuple         # labels of the readings the written list agrees with
    written: tuple         # the written result's entries as texts

    def chosen(self):
        """The reading given to the engine: any when all agree (holds), else the first that
        disagrees (wrong; a doubt makes it undecided when another reading agrees)."""
        for label, values in self.readings:
            if label not in self.matched:
                return label, values
        return self.readings[0]


def split(side: str):
    """(op, [input entries], [kernel entries]) when the side is ``LIST OP LIST``, else None."""
    from .lists import leading_group, whole_list
    got = leading_group(side.replace("\\circledast", "\\ast "))
    if got is None:
        return None
    text, end = got
    m = _OP.match(text, end)
    if m is None or m.end() >= len(text) or text[m.end()] not in "([":
        return None
    first, second = whole_list(text[:end]), whole_list(text[m.end():])
    if first is None or second is None:
        return None
    op = "\\circledast" if "\\circledast" in side else m.group(1)
    return _CANON[op], first[1], second[1]


def _numbers(entries):
    """The entries as exact rationals, or None when one is not a number."""
    from ..reading.read import Scope, read
    out = []
    for e in entries:
        try:
            x = read(e, Scope()).expr
        except NotRead:
            return None
        if not isinstance(x, sp.Expr) or not x.is_Rational:
            return None
        out.append(x)
    return out


def _places(text: str):
    m = re.search(r"\d\.(\d+)", text)
    return len(m.group(1)) if m else None


def _slide(x, w, left: int, right: int):
    padded = [sp.Integer(0)] * left + list(x) + [sp.Integer(0)] * right
    k = len(w)
    return tuple(sum((padded[i + j] * w[j] for j in range(k)), sp.Integer(0)) for i in range(len(padded) - k + 1))


def _mode(n: int, k: int, left: int, right: int) -> str:
    if left == right == 0:
        return "valid"
    if left == right == k - 1:
        return "full"
    return f"same (padding {left} left, {right} right)" if left != right else "same"


def _readings(xs, ws, m: int, convention):
    flips = {FLIPPED: (True,), NOT_FLIPPED: (False,)}.get(convention, (True, False))
    orders = [(xs, ws, "")]
    if len(xs) <= len(ws) and xs != ws:
        orders.append((ws, xs, ", the first list as the kernel"))
    out = []
    for x, w, note in orders:
        n, k = len(x), len(w)
        total = m - n + k - 1
        if total not in (0, 2 * (k - 1)) and m != n:
            continue      # valid, full or same only: another length may be a stride
        splits = [(total // 2, total - total // 2)]
        if total % 2:
            splits.append((total - total // 2, total // 2))
        for flip in flips:
            kernel = w[::-1] if flip else w
            for left, right in splits:
                what = "convolution (kernel flipped)" if flip else "cross-correlation (kernel not flipped)"
                out.append((f"{_mode(n, k, left, right)} {what}{note}", _slide(x, kernel, left, right)))
    if len(xs) == len(ws) == m:
        out.append(("elementwise product", tuple(a * b for a, b in zip(xs, ws))))
        if m == 2:
            (a, b), (c, d) = xs, ws
            products = [a * c, a * d, b * c, b * d]
            out.append(("product of intervals", (min(products), max(products))))
            out.append(("product of complex numbers", (a * c - b * d, a * d + b * c)))
    return out


def analyse(left: str, right: str, lets=()):
    """The readings of ``LIST OP LIST = LIST`` (an Analysis), None when the step is not one;
    NotRead when the result's length fits no padding."""
    got = split(left)
    if got is None:
        return None
    from .lists import whole_list
    result = whole_list(right)
    if result is None:
        return None
    op, x_text, w_text = got
    pairs = dict(lets.items() if hasattr(lets, "items") else lets)
    if pairs.get(STRIDE_KEY):
        raise NotRead(f"a convolution '{shown(left, 30)}' where the text speaks of strides or dilation: not read")
    return _analyse(op, tuple(x_text), tuple(w_text), tuple(result[1]),
                    pairs.get(key(op), pairs.get(ANY_KEY)), shown(left, 40))


@lru_cache(maxsize=256)
def _analyse(op, x_text, w_text, y_text, convention, written):
    if max(len(x_text), len(w_text), len(y_text)) > MAX_ENTRIES:
        raise NotRead(f"a convolution of lists longer than {MAX_ENTRIES} entries is not read")
    xs, ws, ys = _numbers(x_text), _numbers(w_text), _numbers(y_text)
    if xs is None or ws is None or ys is None:
        return None
    n, k, m = len(xs), len(ws), len(ys)
    readings = _readings(tuple(xs), tuple(ws), m, convention)
    if not readings:
        raise NotRead(f"'{written}' of {n} and {k} entries set equal to a list of {m}: not the length of "
                      f"a convolution (valid {n - k + 1}, same {n}, full {n + k - 1}); a stride?")
    places = [_places(t) for t in y_text]

    def agrees(values):
        return all(v == y or (p is not None and abs(v - y) <= sp.Rational(1, 10 ** p))
                   for v, y, p in zip(values, ys, places))
    matched = tuple(label for label, values in readings if agrees(values))
    return Analysis(op, tuple(readings), matched, y_text)


def convolution_pair(left: str, right: str, scope):
    """Both sides as rows (the reading the engine checks, the written list), or None when the
    step is not a convolution of lists of numbers."""
    got = analyse(left, right, scope.lets)
    if got is None:
        return None
    from .lists import _row
    from ..reading.read import read
    _, values = got.chosen()
    computed = _row([_constant(v) for v in values])
    try:
        written = _row([read(y, scope) for y in got.written])
    except NotRead as exc:
        raise NotRead(f"the result of the convolution: {exc.reason}", exc.name) from None
    return computed, written


def _constant(value):
    from ..reading.read import Reading
    return Reading(value, frozenset(), frozenset(), frozenset())


def doubts(left: str, right: str, lets) -> list:
    """The doubt of a convolution step right under some of its readings and not others."""
    try:
        got = analyse(left, right, lets)
    except NotRead:
        return []
    if got is None or not got.matched or len(got.matched) == len(got.readings):
        return []
    wrong = [label for label, _ in got.readings if label not in got.matched]
    return [f"'{got.op}' between lists is right as {_listed(got.matched)}, not as {_listed(wrong)}: "
            "the document does not say which it means"]


def _listed(labels) -> str:
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


# what the document says of its convolutions: a reading the text fixes is the only one tried
_NOT_FLIPPED_WORDS = re.compile(r"without\s+(?:the\s+)?(?:kernel\s+)?flip\w*|(?:kernel\s+)?(?:is\s+)?not\s+flipped|"
                                r"(?:no|never|(?:do|does|did)\s*n[o']t)\s+(?:kernel\s+)?flip\w*(?:\s+(?:of\s+)?the\s+kernel)?|"
                                r"cross[- ]?correlation", re.I)
_CORRELATION = re.compile(r"cross[- ]?correlation", re.I)
# a sentence that sets two things side by side ("unlike the cross-correlation, $*$ ...") says
# no convention that a pattern could take apart
_CONTRAST = re.compile(r"\b(?:unlike|whereas|while|instead|rather\s+than|as\s+opposed|in\s+contrast|but|however|"
                       r"versus|vs|compared|differs?|not\s+the\s+same)\b", re.I)
_FLIPPED_WORDS = re.compile(r"with\s+(?:the\s+)?kernel\s+flip\w*|kernel\s+(?:is\s+)?flipped|"
                            r"flip(?:s|ping)?\s+(?:of\s+)?the\s+kernel", re.I)
_STRIDE = re.compile(r"\bstrides?\b|\bstrided\b|\bdilat(?:ion|ed)\b", re.I)
_INLINE = re.compile(r"(?<!\$)\$(?!\$)([^$]{1,300}?)\$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z$\\])|\n\s*\n")
# (x * w)_n = \sum_j ...; an operator inside braces (\tilde{*}) is another operator
_DEFINED = re.compile(r"\(\s*[^()=]{1,40}?(?<![{\s])\s*(?<!\{)(\*|\\ast(?![A-Za-z])|\\star(?![A-Za-z])|\\circledast(?![A-Za-z]))"
                      r"(?!\s*\})[^()=]{1,40}?\)\s*(?:_\s*\{?\s*[A-Za-z]\s*\}?|\[\s*[A-Za-z]\s*\])\s*=\s*"
                      r"\\sum\s*_\s*\{?\s*([A-Za-z])")


# "with and without kernel flipping": both conventions asked for, so neither is fixed
_BOTH = re.compile(r"\bwith(?:\s+(?:and|or)\s+|\s*/\s*)without\b|\bwithout(?:\s+(?:and|or)\s+|\s*/\s*)with\b", re.I)
# a convention said for the whole document wherever it is said
_THROUGHOUT = re.compile(r"\bthroughout\b|\b(?:from\s+(?:here|now)\s+on|for\s+the\s+rest\s+of|in\s+(?:all|every)\s+"
                         r"(?:the\s+)?(?:questions?|problems?|parts?|exercises?)|"
                         r"in\s+th(?:is|ese)\s+(?:worksheet|document|notes|sheet|assignment|homework|problem\s+set))\b", re.I)


def _same_question(a: str, b: str) -> bool:
    """Whether two question labels name one question: "Question 1" (a heading) and "1" (of 1(a))."""
    def bare(q):
        return re.sub(r"^(?:[A-Za-z]+\.?\s*)(?=\d)", "", (q or "").strip())
    return (a or "") == (b or "") or (bool(a) and bool(b) and bare(a) == bare(b))


def _said(words: str) -> set:
    """The conventions a piece of prose says (without ... flipping is not 'with kernel flipping')."""
    if _BOTH.search(words) and re.search(r"flip", words, re.I):
        return {FLIPPED, NOT_FLIPPED}
    found = set()
    if _NOT_FLIPPED_WORDS.search(words):
        found.add(NOT_FLIPPED)
    if _FLIPPED_WORDS.search(_NOT_FLIPPED_WORDS.sub(" ", words)):
        found.add(FLIPPED)
    return found


def _ops_in(math: str) -> list:
    """The convolution operators an inline formula names (``$*$``, ``$[1, 2] * [1, 1]$``,
    ``$x \\ast w$``), not one inside braces (``\\tilde{*}`` is another operator)."""
    return [_CANON[m.group(1)] if m.group(1) else "decorated"
            for m in re.finditer(r"(?<!\{)" + _OP.pattern + r"(?!\})|(\{)\s*(?:\*|\\ast|\\star)\s*\}", math)]


class Conventions:
    """What the document says of its convolution operators, by question. A sentence binds its
    words to the operators its inline formulas name (each operator the words after it, up to the
    next; one operator the whole sentence); words with no operator bind every operator (ANY_KEY).
    For a step, the first of these that says anything decides: its question on its operator, its
    question on every operator, the document on its operator, the document on every operator. An
    operator said two ways there gets no convention (every reading is tried)."""

    def __init__(self, said: dict):
        self.said = said          # {(question, let key): {convention, ...}}

    @classmethod
    def of(cls, text: str, kind: str = "markdown", found=()) -> "Conventions":
        from ..document.context import question_of
        from ..parse.locate import labels, location_at
        table = labels(text, kind)
        said: dict = {}

        everywhere = False

        def add(offset, k, conventions):
            where = location_at(table, offset)
            if conventions:     # a stride is said for its own part of a question (its location)
                q = where or "" if k == STRIDE_KEY else question_of(where)
                said.setdefault(("" if everywhere and k != STRIDE_KEY else q, k), set()).update(conventions)
        offset = 0
        for sentence in _SENTENCE.split(text):
            at, offset = text.find(sentence, offset), offset
            at = offset if at < 0 else at
            offset = at + len(sentence)
            everywhere = bool(_THROUGHOUT.search(sentence))
            if _STRIDE.search(sentence):
                add(at, STRIDE_KEY, {"said"})
            if not re.search(r"flip|correlation", sentence, re.I) or _CONTRAST.search(sentence):
                continue
            marks = [(m.start(), op) for m in _INLINE.finditer(sentence) for op in _ops_in(m.group(1))]
            if not marks:    # no operator named: only the kernel's flipping said outright counts
                add(at + len(sentence) // 2, ANY_KEY, _said(_CORRELATION.sub(" ", sentence)))
                continue
            for j, (start, op) in enumerate(marks):
                stop = marks[j + 1][0] if j + 1 < len(marks) else len(sentence)
                words = sentence if len(marks) == 1 else sentence[start if j else 0:stop]
                add(at + start, key(op), _said(words))
        for d in found:
            latex = getattr(d, "latex", d)
            for m in _DEFINED.finditer(latex):
                got = _defined(latex[m.end():], m.group(2))
                if got is not None:
                    add(getattr(d, "start", 0), key(m.group(1)), {got})
        return cls(said)

    def lets(self, location) -> dict:
        """{let key: convention} for the steps at ``location`` (a label such as Q4.3)."""
        from ..document.context import question_of
        question, out = question_of(location), {}
        for op in sorted(set(_CANON.values())):
            for scope_q, k in ((True, key(op)), (True, ANY_KEY), (False, key(op)), (False, ANY_KEY)):
                # the document's own: what its preamble says, or a sentence saying "throughout"
                # (one question's saying is not another's)
                found = set().union(*[v for (q, kk), v in self.said.items() if kk == k and (_same_question(q, question) if scope_q else not q)])
                if found:
                    if len(found) == 1:
                        out[key(op)] = next(iter(found))
                    break
        if any(k == STRIDE_KEY and q in (location or "", "") for q, k in self.said):   # here or in the preamble
            out[STRIDE_KEY] = "said"
        return out


def settle(lets: dict, conventions: Conventions, location) -> None:
    """Put the conventions at ``location`` in the plan's ``let`` dict (the reader's scope)."""
    for k in [k for k in lets if k.endswith(" convention")]:
        del lets[k]
    lets.update(conventions.lets(location))


def _defined(body: str, letter: str):
    """The convention of ``\\sum_j x_{n+j-1} w_j`` (the two indices move together: not flipped)
    or ``\\sum_j x_{n-j} w_j`` (against each other: flipped); None when it cannot be told."""
    body = re.split(r"\\quad|,\s|\\text|\$", body)[0]
    signs = []
    for m in re.finditer(r"_\s*\{([^{}]*)\}|_\s*([A-Za-z0-9])|\[([^\[\]]*)\]", body):
        index = next(g for g in m.groups() if g is not None)
        if "\\" in index:
            continue
        at = [s for s in re.finditer(r"([+-]?)\s*(\d*)\s*(?<![A-Za-z])" + re.escape(letter) + r"(?![A-Za-z])", index)]
        if at:
            signs.append("-" if at[0].group(1) == "-" else "+")
    if len(signs) != 2:
        return None
    return NOT_FLIPPED if signs[0] == signs[1] else FLIPPED


def step_doubts(latex: str, lets) -> list:
    """The doubts of conv.py and patterned.py for a step written ``LEFT = RIGHT`` (split at its
    one ``=`` outside brackets: a sum's ``j = 1`` is inside braces)."""
    from . import patterned
    from ..reading.pieces import split_top
    try:
        sides = split_top(latex, "=")
    except NotRead:
        return []
    if len(sides) != 2:
        return []
    left, right = sides[0].strip(), _UNITS_AFTER.sub("", sides[1]).strip()    # the plan adds units after it
    return doubts(left, right, lets) + patterned.doubts(left, right, lets)


_UNITS_AFTER = re.compile(r"(?:\s*\\(?:text|mathrm|textrm)\s*\{[^{}]*\})+\s*$")
