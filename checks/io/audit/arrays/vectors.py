"""Steps whose sides are vectors and matrices of unwritten size, checked entry by entry.

Matrix-calculus solutions write ``\\mathbf{y} = \\mathbf{W}\\mathbf{x} + \\mathbf{b}``,
``\\begin{bmatrix} y_1 - s_1 \\\\ \\vdots \\\\ y_K - s_K \\end{bmatrix} = \\underline{y} - \\underline{s}``
and ``\\bar h \\circ \\sigma'(\\bar z)``. Such a step is read once in *array mode* (build.py):
every name that is not known to be a number is a non-commutative symbol, so a product keeps
its written order, and matrix literals and ellipsis patterns are stand-in symbols. Then:

1. shapes are inferred by unification over the step (``W x + b``: W m x n, x n x 1, b m x 1);
   a name whose kind the text does not say (a number or an array?) is tried both ways, and if
   more than one choice fits the step is not read, naming the names;
2. for every size in a small range (1..3, or the ``sizes`` directive for a size letter) the
   names become matrices of entries, the patterns their entries, and both sides are
   evaluated; the step is the identity of all those entries (strength ``bounded``). A
   component ``[(A + A^T) x]_i`` is checked for every value of its index letters too, beside
   index notation (``\\sum_l A_{il} x_l``: a sum without bounds runs over the axis it indexes).

Operations: products in written order (juxtaposition, ``\\cdot`` after a bold capital), ``^T``,
``\\circ`` / ``\\odot``, a library function of an array entry by entry (``\\sigma`` of a vector is
a doubt: a softmax?), ``\\mathbf{1}``, ``I``, a gradient ``\\partial f / \\partial \\mathbf{x}`` of a
number (shaped like x: the denominator layout, named as a doubt), the Euclidean norm of a vector
and the inner product of two (norms.py: a norm of a matrix is never read). A ``wrong`` needs every
reading choice forced by the text; each choice that is not (an array only by the shapes, a
size letter read as a number of its own, \\circ beside a matrix product, ...) is a hazard.

What each decoration says (a convention written down here, used nowhere else):

- ``\\mathbf``, ``\\boldsymbol``, ``\\bm``, ``\\vec``, ``\\underline``, ``\\overrightarrow`` mark an
  array: a lower-case letter is a column vector, a capital a matrix; their entries are the
  undecorated letter's (``\\mathbf{x}`` has the entries ``x_1, x_2, ...``, ``\\mathbf{W}`` has
  ``W_{11}, ...``), the universal convention;
- ``\\bar``, ``\\hat``, ``\\tilde`` and a plain letter say nothing about shape (``\\bar S`` is an
  adjoint in one course, a mean in another): the shape comes from the step, and the entries are
  new names (``\\bar{h}[2]``), never ``h_2``; such an array is a guess, so a ``wrong`` with it is
  ``undecided``;
- a name declared in the prose (``W \\in \\mathbb{R}^{m \\times n}``, ``x \\in \\mathbb{R}^n``) is a
  matrix or a column vector; ``I`` (``\\mathbf{I}``, ``\\mathbb{I}``) is an identity matrix when
  the step makes it an array.
"""
from __future__ import annotations

import itertools
import re
from types import SimpleNamespace
from dataclasses import dataclass, replace

import sympy as sp

from . import entrywise, matrices, vecgrad
from ..reading.build import ARRAY_PREFIX, ELEMENTWISE, MEMBER
from .grids import UNWRITTEN, Coincide, _spaced, least_sizes
from .norms import FROBENIUS, HESSIAN, NORM, REFUSED, layout_text, numerator_doubt
from ..reading.notation import GREEK, NotRead, shown

MAX_ENTRIES = 400          # entries of one step over all its sizes
MAX_FREE = 6               # names of unknown kind in one step (2**6 shape choices)
SIZES = (1, 3)             # every size letter and every free length takes these values
TRANSPOSED = "\\operatorname{transposed}"
COMPONENT = "\\operatorname{component}"   # [E]_{ij}: the entry (i, j) of the array E
ONES = "\\mathrm{ones}"        # \mathbf{1}, the vector of ones, as array mode reads it
_ONE = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*(?:\{\s*1\s*\}|1)(?![\d_])")
HADAMARD = "\\operatorname{hadamard}"
DIAGONAL = "\\operatorname{diagonal}"   # \text{diag}(\mathbf{v}): the diagonal matrix of a vector
_DIAG = re.compile(r"\\(?:text|mathrm|operatorname|mathbf|textbf|mathit|textrm)\s*\{\s*[dD]iag\s*\}|\\diag(?![A-Za-z])")

_DOTS = re.compile(r"^\s*\\(?:vdots|cdots|ddots|ldots|dots)\s*$")
_ARRAY_DECOR = r"mathbf|boldsymbol|bm|vec|underline|overrightarrow"
_ARRAY_NAME = re.compile(r"^\\(?:%s)\{\\?([A-Za-z]+)\}$" % _ARRAY_DECOR)
_IDENTITY = {"I", "\\mathbf{I}", "\\mathbb{I}"}
_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T(?![A-Za-z])|\\top(?![A-Za-z])|\\intercal(?![A-Za-z]))")
_NAME_BEFORE = re.compile(r"(?:\\(?:%s|bar|hat|tilde|overline|mathrm|mathit)\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
                          r"(?:_\{[^{}]*\}|_[A-Za-z0-9])?(?:\^\{\([^(){}]*\)\})?\s*$" % _ARRAY_DECOR)

# what the scalar reader refuses that array mode may read
# names.py's refusal of a call of an operator word it does not know (array mode knows diag, tr)
_UNKNOWN_CALL = r"(?: may be a call|: the document does not define)"
_WANTED = re.compile(r"matrix or vector with an ellipsis|product of vectors or matrices|transpose of a matrix|"
                     r"a product with a matrix|matrix arithmetic|\\circ|elementwise product|"
                     r"applied to a vector or matrix|a sum of matrices|without a vector after it|a constant vector|a component '|"
                     r"superscript '\^\{\([^']*\)(?:T|\\top|\\intercal)\}'|"
                     r"\\(?:%s)\{[A-Za-z]\}(?:_\S+)?\(\.\.\.\) may be a call|"
                     r"\\(?:text|mathrm|operatorname|mathbf|textbf|mathit|textrm)\{[dD]iag\}\(\.\.\.\)%s|"
                     r"\\(?:operatorname|mathrm|text|textrm|mathop|rm)\{(?:tr|Tr|trace)\}\(\.\.\.\)%s|"
                     r"a determinant \(\\det\) is not read"      # matrices.py
                     % (_ARRAY_DECOR, _UNKNOWN_CALL, _UNKNOWN_CALL))


def wanted(reason: str) -> bool:
    """Whether a scalar reading's refusal is one that array mode may settle."""
    return bool(_WANTED.search(reason or ""))


# --- ellipsis patterns ---------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    """Entries over a size: ``kind`` column | row | diagonal | full; ``rows``, ``cols`` the
    size letters (or 1); ``tokens`` the first entry as tokens, ``at_row`` / ``at_col`` the
    token positions that hold the row / column index."""
    kind: str
    rows: object
    cols: object
    tokens: tuple
    at_row: tuple = ()
    at_col: tuple = ()
    transposed: bool = False
    offset: int = 0          # x_0 .. x_{n-1}: entry i has the index i + offset (a column or a row)
    written: tuple = ()      # ((position, text), ...) a template from the last entry must give (1, t, ..., t^{n-1})
    off: object = None       # kind split: the Pattern of the entries off the diagonal
    cells: tuple = ()        # kind partial: ((row label, column label, text), ...) as written
    square: bool = False     # kind formula (grids.py: (S_i S_j), diag(s_i 1_{i=j})): rows and columns one size

    def entry_text(self, i: int, j: int, size=None):
        """The text of entry (i, j); for a partial pattern (``size`` = (rows, cols) given) None
        where the matrix writes no entry, and grids.Coincide when two written positions are one."""
        if self.kind == "partial":
            from .grids import written_entry
            return written_entry(self, i, j, size)
        if self.kind == "formula":
            from .grids import formula_entry
            return formula_entry(self.tokens, i, j)
        if self.kind == "diagonal" and i != j:
            return "0"
        if self.kind == "split" and i != j:
            return self.off.entry_text(i, j)
        out = list(self.tokens)
        for pos in self.at_row:
            out[pos] = "{%d}" % (i + self.offset) if pos and out[pos - 1] == "_" else str(i + self.offset)
        for pos in self.at_col:
            out[pos] = "{%d}" % (j + self.offset) if pos and out[pos - 1] == "_" else str(j + self.offset)
        return _spaced(out)     # a space only where TeX needs one: \partial S, not y _ {1}

    def shape(self):
        return (self.cols, self.rows) if self.transposed else (self.rows, self.cols)


def _tokens(text: str) -> list:
    return re.findall(r"\\[A-Za-z]+|\S", text)


def _plain(text: str) -> str:
    """An entry compared as written: spaces and the braces of a one-character subscript dropped."""
    return re.sub(r"_\{(\w)\}", r"_\1", "".join(_tokens(text)))


def _dots(cell: str) -> bool:
    return bool(_DOTS.match(cell))


def _index_positions(first: list, last: list, what: str):
    """{position: size letter} where the first written entry has the index 1 and the last
    the size letter; any other difference makes the pattern irregular."""
    if len(first) != len(last):
        raise NotRead(f"{what}: its first and last entries differ in more than the index")
    out = {}
    for k, (a, b) in enumerate(zip(first, last)):
        if a == b:
            continue
        if a != "1" or not re.fullmatch(r"[A-Za-z]", b):
            raise NotRead(f"{what}: its first and last entries differ in more than the index "
                          f"('{a}' against '{b}')")
        out[k] = b
    if not out:
        raise NotRead(f"{what}: its first and last entries are the same (no index to run over)")
    return out


def _one_letter(letters, what: str):
    found = sorted(set(letters))
    if len(found) != 1:
        raise NotRead(f"{what}: two size letters ({', '.join(found)}) for one length")
    return found[0]


def pattern(table: list) -> Pattern:
    """The Pattern of a bmatrix body with an ellipsis (cells of ``structures.rows``), or
    NotRead naming what is irregular."""
    cells = [[c.strip() for c in r] for r in table]
    if all(len(r) == 1 for r in cells):
        return _line([r[0] for r in cells], "column")
    if len(cells) == 1:
        return _line(cells[0], "row")
    from .grids import grid
    found = grid(cells)
    if found is not None:
        return found
    raise NotRead("a matrix with an ellipsis that is not a column, a row, or the pattern "
                  "a_{11} \\cdots a_{1n} / \\vdots \\ddots \\vdots / a_{m1} \\cdots a_{mn} is not read")


def _line(cells: list, kind: str) -> Pattern:
    what = f"the {kind} with an ellipsis"
    dots = [k for k, c in enumerate(cells) if _dots(c)]
    if len(dots) != 1 or dots[0] != len(cells) - 2 or dots[0] == 0:
        raise NotRead(f"{what}: only a_1, ..., \\vdots, a_K (one ellipsis before the last entry) is read")
    first, last = _tokens(cells[0]), _tokens(cells[-1])
    if _plain(cells[0]) == _plain(cells[-1]) and not re.search(r"[_^]", cells[0]) \
            and all(_plain(c) == _plain(cells[0]) for c in cells[1:dots[0]]):
        # [1 \cdots 1], [0 \\ \vdots \\ 0]: one number in every entry, as many as the step needs (a
        # free length: a hazard unless the step gives it). y_1 \vdots y_1 stays a typo for y_n.
        return Pattern(kind, None if kind == "column" else 1, None if kind == "row" else 1, tuple(first))
    try:
        where = _index_positions(first, last, what)
        offset = 0
    except NotRead as exc:
        shifted = _shifted(cells[0], cells[-1])
        if shifted is None:
            found = _from_last(cells, dots[0], kind)
            if found is None:
                raise exc from None
            return found
        first, where, offset = shifted
    size = _one_letter(where.values(), what)
    p = Pattern(kind, size if kind == "column" else 1, size if kind == "row" else 1, tuple(first),
                at_row=tuple(where) if kind == "column" else (), at_col=tuple(where) if kind == "row" else (),
                offset=offset)
    for k, cell in enumerate(cells[1:dots[0]], start=2):     # a_1, a_2, \vdots, a_K
        if _plain(cell) != _plain(p.entry_text(k, k)):
            raise NotRead(f"{what}: entry {k} '{shown(cell, 30)}' does not follow the pattern of the first")
    return p


def _from_last(cells: list, dots: int, kind: str):
    """1, t, \\vdots, t^{n-1}: the last entry with its size letter (the one letter no earlier
    entry has) as the index, when each written entry is that template at its place as a value
    (t^{0} is 1, t^{1} is t: checked by the reader, vectors._array_value). Else None."""
    from .grids import _token_list
    last = _token_list(cells[-1])
    before = set().union(*(_letters_of(c) for c in cells[:dots]))
    letters = sorted({t for t in last if re.fullmatch(r"[A-Za-z]", t)} - before)
    if len(letters) != 1 or dots < 2:      # at least two written entries before the dots
        return None
    at = tuple(k for k, t in enumerate(last) if t == letters[0])
    written = tuple((k + 1, cells[k]) for k in range(dots))
    return Pattern(kind, letters[0] if kind == "column" else 1, letters[0] if kind == "row" else 1, tuple(last),
                   at_row=at if kind == "column" else (), at_col=at if kind == "row" else (), written=written)


def _letters_of(text: str) -> set:
    return set(re.findall(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])", text))


def _shifted(first_text: str, last_text: str):
    """(tokens, {position: size letter}, offset) of x_0 .. x_{n-1} or x_2 .. x_{n+1}: the first
    entry's index a digit a, the last one's the size letter L with a - 1 added (L - 1, L + 1), so
    entry i is x_{i + a - 1} for i = 1..L; None for anything else."""
    from .grids import _token_list
    a, b = _token_list(first_text), _token_list(last_text)
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    e = 0
    while e < min(len(a), len(b)) - k and a[len(a) - 1 - e] == b[len(b) - 1 - e]:
        e += 1
    mid_a, mid_b = a[k:len(a) - e], b[k:len(b) - e]
    if mid_b[:1] == ["{"] and mid_b[-1:] == ["}"]:
        mid_b = mid_b[1:-1]
    if len(mid_a) != 1 or not mid_a[0].isdigit() or not mid_b or not re.fullmatch(r"[A-Za-z]", mid_b[0]):
        return None
    offset = int(mid_a[0]) - 1
    wanted = [mid_b[0]] + ([] if offset == 0 else ["+" if offset > 0 else "-", str(abs(offset))])
    if mid_b != wanted or offset == 0:
        return None
    return a, {k: mid_b[0]}, offset


# --- text rewrites before reading ----------------------------------------------------------

def _close(s: str, i: int) -> int:
    """Index after the bracket group opening at s[i] ( ( [ { or \\left )."""
    depth, k = 0, i
    while k < len(s):
        if s.startswith("\\left", k) or s.startswith("\\right", k):
            k += 5 if s[k + 1] == "l" else 6
            continue
        ch = s[k]
        if ch == "\\":
            k += 2
            continue
        depth += (ch in "([{") - (ch in ")]}")
        k += 1
        if depth == 0:
            return k
    raise NotRead("unbalanced brackets")


def _open_before(s: str, end: int) -> int:
    """Index of the bracket (or \\left) that opens the group ending just before ``end``."""
    depth, k = 0, end - 1
    while k >= 0:
        ch = s[k]
        depth += (ch in ")]}") - (ch in "([{")
        if depth == 0:
            return k - 5 if s[max(0, k - 5):k] == "\\left" else k
        k -= 1
    raise NotRead("unbalanced brackets before a transpose")


_BRACELESS = re.compile(r"\\(mathbf|boldsymbol|bm|vec|underline|bar|hat|tilde|overline)(?![A-Za-z])\s*"
                        r"(\\[A-Za-z]+|[A-Za-z])")
_LABEL_T = re.compile(r"\^\s*\{\s*(\([^(){}]*\))\s*(?:T|\\top|\\intercal)\s*\}")


def _dotted_list(group: str) -> bool:
    """Whether a bracket group is a list of entries with an ellipsis: ``[g_1 h_1, \\dots, g_n h_n]``."""
    from ..reading.pieces import split_top
    if not (group.startswith("[") and group.endswith("]") or group.startswith("(") and group.endswith(")")):
        return False
    try:
        parts = split_top(group[1:-1], ",")
    except NotRead:
        return False
    return len(parts) > 1 and any(re.fullmatch(r"\s*(?:\\[cl]?dots|\\dotsc|\.\.\.)\s*", p) for p in parts)


def transposes(s: str) -> str:
    """``NAME^T`` and ``(...)^T`` as ``\\operatorname{transposed}(...)``; a bmatrix's own ^T is
    the scanner's. ``w^{(2)T}`` is the transpose of the layer's ``w^{(2)}``."""
    s = _LABEL_T.sub(r"^{\1}^T", s)
    s = _BRACELESS.sub(r"\\\1{\2}", s)    # \mathbf x^\top: the transpose of \mathbf{x}, not of x
    pos = 0
    while True:     # left to right: an inner (x^T W) is rewritten before the outer (...)^T
        m = _TRANSPOSE.search(s, pos)
        if m is None:
            return s
        before = s[:m.start()].rstrip()
        if before.endswith("matrix}"):
            pos = m.end()
            continue
        name = _NAME_BEFORE.search(before)
        if before.endswith((")", "]", "}")) and not name:
            start = _open_before(before, len(before))
            if _dotted_list(before[start:]):    # [a_1, \dots, a_n]^T: the scanner's column (listed_column)
                pos = m.end()
                continue
        elif name is not None:
            start = name.start()
        else:
            raise NotRead(f"transpose of '{shown(before[-15:])}' is not read")
        rewritten = before[:start] + TRANSPOSED + "(" + before[start:] + ")"
        s, pos = rewritten + s[m.end():], len(rewritten)


_COMPONENT = re.compile(r"(?:\]|\))\s*_\s*(\{\s*[A-Za-z](?:\s*,?\s*[A-Za-z])?\s*\}|[A-Za-z])")


def components(s: str):
    """``[(A + A^T) x]_i`` and ``(W x)_{ij}`` as ``\\operatorname{component}(..., i, j)``:
    (the text, the index letters)."""
    letters, pos = set(), 0
    while True:
        m = _COMPONENT.search(s, pos)
        if m is None:
            return s, letters
        inside = _matrix_body_end(s, m.start())
        if inside is not None:      # S(x)_n in a cell of a pattern: the grid reads it as written
            pos = inside
            continue
        start = _open_before(s, m.start() + 1)
        idx = re.findall(r"[A-Za-z]", m.group(1))
        letters |= set(idx)
        rewritten = s[:start] + COMPONENT + "(" + s[start:m.start() + 1] + ", " + ", ".join(idx) + ")"
        s, pos = rewritten + s[m.end():], len(rewritten)


_ENV = re.compile(r"\\(begin|end)\s*\{\s*[a-zA-Z]*matrix\*?\s*\}")


def _matrix_body_end(s: str, k: int):
    """The end of the outermost matrix environment whose body holds s[k], or None."""
    depth = 0
    for m in _ENV.finditer(s):
        if m.start() >= k and depth == 0:
            return None
        depth += 1 if m.group(1) == "begin" else -1
        if m.start() >= k and depth == 0:
            return m.end()
    return len(s) if depth > 0 else None


# a bold capital before \cdot: a matrix times what follows (a dot product needs two vectors)
_MATRIX_DOT = re.compile(r"(\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Z][A-Za-z]*\s*\}(?:_\{[^{}]*\}|_[A-Za-z0-9])?"
                         r"(?:\^\{\([^{}]*\)\})?)\s*\\cdot(?![A-Za-z])")
_CIRC = re.compile(r"\\(?:circ|odot)(?![A-Za-z])")


def _top_level(s: str):
    """Yield (index, depth) for each character."""
    depth, k = 0, 0
    while k < len(s):
        if s[k] == "\\":
            m = re.match(r"\\(?:[A-Za-z]+|.)", s[k:])
            yield k, depth, m.group(0)
            k += len(m.group(0))
            continue
        ch = s[k]
        if ch in ")]}":
            depth -= 1
        yield k, depth, ch
        if ch in "([{":
            depth += 1
        k += 1


def hadamards(s: str) -> str:
    """``a \\circ b`` (and ``\\odot``) as ``\\operatorname{hadamard}(a, b)`` within each additive
    term, inside brackets too."""
    if not _CIRC.search(s):
        return s
    terms, start, prev = [], 0, ""
    for k, depth, tok in _top_level(s):
        if depth == 0 and tok in "+-" and k > start and prev not in ("", "(", "[", "{", "^", "_", "+", "-",
                                                                       "\\cdot", "\\times", "="):
            terms.append(s[start:k])
            terms.append(tok)
            start = k + 1
        if tok.strip():
            prev = tok
    terms.append(s[start:])
    out = []
    for t in terms:
        if t in "+-":
            out.append(t)
            continue
        cuts = [k for k, depth, tok in _top_level(t) if depth == 0 and _CIRC.fullmatch(tok)]
        if not cuts:
            out.append(_inside(t))
            continue
        parts, last = [], 0
        for k in cuts:
            parts.append(t[last:k])
            last = k + len(_CIRC.match(t, k).group(0))
        parts.append(t[last:])
        if any(not p.strip() for p in parts):
            raise NotRead("\\circ without an operand")
        acc = _inside(parts[0])
        for p in parts[1:]:
            acc = f"{HADAMARD}({acc}, {_inside(p)})"
        out.append(" " + acc + " ")
    return "".join(out)


def _inside(t: str) -> str:
    """``hadamards`` inside each bracket group of a term."""
    if not _CIRC.search(t):
        return t
    out, k = [], 0
    while k < len(t):
        if t[k] in "([{" and (k == 0 or t[k - 1] != "\\"):
            j = _close(t, k)
            out.append(t[k] + hadamards(t[k + 1:j - 1]) + t[j - 1])
            k = j
            continue
        out.append(t[k])
        k += 1
    return "".join(out)


# --- names and their kinds -------------------------------------------------------------------

def array_letter(name: str):
    """The letter of a name decorated as an array (\\mathbf{x}: x), else None."""
    m = _ARRAY_NAME.match(name)
    return m.group(1) if m else None


# \hat{\mathbf{y}}, \tilde{\boldsymbol{\mu}}: an accent over a bold name is still an array (the bold
# says it); its entries are the accented letter's, \hat{y}_1, \hat y_j
_ACCENTED = re.compile(r"^\\(hat|bar|tilde|overline)\{(\\(?:%s)\{\\?[A-Za-z]+\})\}$" % _ARRAY_DECOR)


def accented_array(name: str):
    """(accent, the bold name) of \\hat{\\mathbf{y}}, else None."""
    m = _ACCENTED.match(name)
    return ("bar" if m.group(1) == "overline" else m.group(1), m.group(2)) if m else None


def _entries_named(name: str) -> bool:
    """Whether the entries of the array ``name`` are written with its letter (x_1 of \\mathbf{x})."""
    return bool(array_letter(name) or accented_array(name))


# a name, its subscript, and a layer label (W^1 \in \mathbb R^{H \times D}: declared in a space, a name)
_ONE_NAME = (r"(?:\\(?:hat|bar|tilde|overline)\s*\{\s*\\[A-Za-z]+\s*\{\s*\\?[A-Za-z]+\s*\}\s*\}|"
             r"\\[A-Za-z]+\s*\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?"
             r"(?:\^\s*(?:\{\s*\(?\w{1,3}\)?\s*\}|[0-9A-Za-z]))?")
_DECLARED = re.compile(r"(%s(?:\s*,\s*%s)*)\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*(\{[^{}]*\}|[A-Za-z0-9])"
                       % (_ONE_NAME, _ONE_NAME))


def declared(text: str) -> dict:
    """{name: (kind, rows, cols)} of names declared in the text with \\in \\mathbb{R}^{...}:
    kind "column" (\\mathbb{R}^n, \\mathbb{R}^{n \\times 1}) or "matrix"; rows and cols a size
    letter, a number, or None."""
    out = {}
    text = _braced(text)        # \mathbf y \in \mathbb{R}^n declares \mathbf{y}, not y
    for m in _DECLARED.finditer(text):
        if m.start() and text[m.start() - 1] in "{\\":
            continue
        power = m.group(2).strip("{} ")
        parts = re.split(r"\\times", power)
        if len(parts) == 1:
            if power.strip() == "1":
                continue            # \mathbb{R}^1: a number
            shape = ("column", _length(parts[0]), 1)
        elif len(parts) == 2:
            rows, cols = (_length(x) for x in parts)
            shape = ("column" if cols == 1 else "matrix", rows, cols)
        else:
            continue
        for n in m.group(1).split(","):
            out[_declared_name(spelled(n))] = shape
    return out


# words tying a declaration to an earlier quantity ("the same $\mathbf h \in \mathbb R^n$ as in Q1")
_AS_BEFORE = re.compile(r"\bsame\b|\bas\s+(?:in|before|above|earlier|defined)\b|\bprevious|\bearlier\b"
                        r"|\babove\b|\bagain\b|\bstill\b|\b(?:from|of|in)\s+(?:Q|question|problem|part|exercise|section)\b"
                        r"|\b(?:from|of|in)\s+Q?\d", re.I)


def declared_anew(text: str, found) -> dict:
    """{question: names} its prose declares in a space (``$\\mathbf h \\in \\mathbb R^n$``) with
    no word tying them to an earlier quantity on the same line: a name a question introduces
    for itself, whatever another question defined by it (``Context._declared_anew``)."""
    from ..document.context import question_of
    out: dict = {}
    for d in found:
        if not d.inline or d.location is None or "\\in" not in d.latex:
            continue
        lo = text.rfind("\n", 0, d.start) + 1
        hi = text.find("\n", d.start + len(d.latex))
        if _AS_BEFORE.search(text[lo:hi if hi >= 0 else len(text)]):
            continue
        names = {re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\{([^{}]*)\}", r"\1", n) for n in declared(d.latex)}
        if names:
            out.setdefault(question_of(d.location), set()).update(names)
    return out


def _braced(name: str) -> str:
    """\\mathbf y, \\hat{\\mathbf y}: the reader's spelling \\mathbf{y}, \\hat{\\mathbf{y}} (spaces are dropped after)."""
    return re.sub(r"\\(%s|hat|bar|tilde)\s*(\\[A-Za-z]+|[A-Za-z0-9])" % _ARRAY_DECOR, r"\\\1{\2}", name)


def spelled(name: str) -> str:
    """A name as the reader spells it: \\hat{\\mathbf y} -> \\hat{\\mathbf{y}}, \\overline -> \\bar."""
    return re.sub(r"\s+", "", _braced(name)).replace("\\overline{", "\\bar{")


def _declared_name(name: str) -> str:
    """A declared name as the reader spells it: a superscript a label (W^1 -> W^{(1)})."""
    if "^" not in name:
        return name
    from ..reading.labels import labelled
    found = labelled(name)
    if found is None:
        return name
    core, _, sub, label, _ = found
    return f"{core}_{{{sub}}}{label}" if sub else core + label


def _length(text: str):
    """A declared length: a size letter, a number, or None (an expression: not used)."""
    t = text.strip()
    if re.fullmatch(r"[A-Za-z]", t):
        return t
    return int(t) if t.isdigit() else None


@dataclass
class Kinds:
    """What the document says of each name's kind."""
    declared: dict           # name -> "matrix" | "column"
    scalars: frozenset       # names known to be numbers (defined as numbers, `let x = symbol`)
    symmetric: frozenset = frozenset()   # square matrices the document says are symmetric (A = A^T)
    identity: bool = False   # I is the identity: the document gives I no other meaning (matrices.py)
    entrywise: bool = False  # the text before the step says functions of vectors are taken entry by entry
    sigmoid: bool = False    # ... and, in one sentence, that \sigma is the sigmoid so applied
    entry_defs: dict = None  # {letter: (index, formula)} of arrays defined entry by entry (p_i = ...): grids.py
    orders: tuple = ()       # ((larger, smaller, strict), ...): orders of size letters the text states (matrices.py)
    full_rank: frozenset = frozenset()   # matrices the text says have full (column / row) rank (matrices.py)
    stacked: dict = None     # {family: (matrix, "rows" | "columns")}: "the rows of X are the x_n^T" (stacked_families)
    distinct: frozenset = frozenset()    # families the text says are distinct from the other vectors (distinct_families)

    def of(self, name: str):
        """"column" | "matrix" | "square" (identity) | None (unknown: a number or an array)."""
        if name in ("\\mathbf{I}", "\\mathbb{I}"):
            return "square"
        if name in self.declared:
            return self.declared[name][0]
        if name in self.symmetric:      # "the symmetric matrix S = S^T": said a matrix
            return "matrix"
        if name == ONES:
            return "column"
        accented = accented_array(name)
        if accented is not None:
            return self.of(accented[1])
        letter = array_letter(name)
        if letter is not None:      # \mathbf{W}, \boldsymbol{\Sigma}: a matrix; \mathbf{x}, \boldsymbol{\mu}: a vector
            return "matrix" if letter[:1].isupper() else "column"
        m = re.match(r"^\\(?:%s)\{\\?([A-Za-z]+)\}[_^]" % _ARRAY_DECOR, name)   # \mathbf{W}_l, \boldsymbol{\delta}^{(1)}
        if m:
            return "matrix" if m.group(1).isupper() else "column"
        return None


# --- shapes --------------------------------------------------------------------------------

class Mismatch(Exception):
    pass


class Dims:
    """Union-find over lengths; a class may carry a size letter or a number."""

    def __init__(self):
        self.parent, self.value = [], []
        self.letters = {}

    def new(self, value=None) -> int:
        if isinstance(value, str) and value in self.letters:
            return self.letters[value]
        self.parent.append(len(self.parent))
        self.value.append(value)
        if isinstance(value, str):
            self.letters[value] = len(self.parent) - 1
        return len(self.parent) - 1

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def unify(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        va, vb = self.value[a], self.value[b]
        if va is not None and vb is not None and va != vb:
            if isinstance(va, str) and isinstance(vb, str):
                raise Mismatch(f"two size letters ({va}, {vb}) for one length")
            raise Mismatch(f"lengths {va} and {vb} do not fit")
        self.parent[b] = a
        if va is None:
            self.value[a] = vb


SCALAR = "scalar"
# the two layouts of the derivative of a column f (m entries) by a column x (n entries): the m x n
# matrix of \\partial f_i / \\partial x_j, or its transpose. Texts use both; a step is read in
# each, and a verdict is one only where the two agree (plan_step, run.py)
NUMERATOR, DENOMINATOR = "numerator", "denominator"
JACOBIAN = "a derivative of a vector or matrix (a Jacobian: its layout?)"


def _by_array(e) -> bool:
    """Whether e holds a derivative by an array (\\partial S / \\partial \\mathbf{y}, commutative
    as SymPy sees it when S is a known number)."""
    return any(not v.is_commutative for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative) for v in d.variables)


def _factors(e):
    """(numbers, arrays in written order) of a product. A gradient by an array counts as an
    array, but SymPy keeps no order for it (it is commutative when its function is): beside
    another array its place in the product is not known."""
    c, nc = e.args_cnc()
    grads = [a for a in c if _by_array(a)]
    if grads and nc:
        raise NotRead("a gradient in a product with another vector or matrix: its place in the product "
                      "is not known")
    return [a for a in c if not _by_array(a)], grads + nc


def _fn_name(e) -> str:
    return getattr(e.func, "__name__", "")


def _members(e) -> list:
    """The members of families of vectors in e (build.MEMBER: \\mathbf x_n under \\sum_n)."""
    return [f for f in getattr(e, "atoms", lambda *_: set())(sp.Function) if _fn_name(f).startswith(MEMBER)]


class Shapes:
    """The shape walk of one reading choice: every name's kind fixed."""

    def __init__(self, kinds: dict, arrays: dict, lengths=None, guessed=frozenset()):
        self.dims = Dims()
        self.of = {}
        self.guessed = guessed  # arrays only by the shapes of the step (no power of them is read)
        self.indices = {}       # index letter of a component -> the axis it runs over
        self.written = {}       # name -> kind, of the names whose entries the step writes (infer)
        self.norms = []         # shapes of the arguments of norms
        self.ties = {}          # {family key: (matrix, "rows" | "columns")}: infer's _ties
        self.broadcast = 0      # inside an operand of \\odot: 1 - \\sigma(z) is the vector of 1 - \\sigma(z_i)
        # the Jacobian of a column by a column: None (not read), NUMERATOR (entry (i, j) is
        # \\partial f_i / \\partial x_j) or DENOMINATOR (its transpose); see jacobians()
        self.jacobian = None
        self.gradients = 0      # derivatives of a number by an array met (their layout is the gradients')
        lengths = lengths or {}
        for name, kind in kinds.items():
            if kind == SCALAR:
                self.of[name] = SCALAR
            elif name in lengths and kind in ("column", "matrix"):
                _, r, c = lengths[name]
                self.of[name] = (self.dims.new(r), self.dims.new(1 if kind == "column" else c))
            elif kind == "column":
                self.of[name] = (self.dims.new(), self.dims.new(1))
            elif kind == "square":
                d = self.dims.new()
                self.of[name] = (d, d)
            else:
                self.of[name] = (self.dims.new(), self.dims.new())
        for name, value in arrays.items():
            if isinstance(value, Pattern) and value.square:
                d = self.dims.new()
                self.of[name] = (d, d)
            elif isinstance(value, Pattern):
                r, c = value.shape()
                self.of[name] = (self.dims.new(r), self.dims.new(c))
            else:
                self.of[name] = (self.dims.new(value.rows), self.dims.new(value.cols))

    def walk(self, e):
        if getattr(e, "is_commutative", True) and not _by_array(e):
            return SCALAR
        if isinstance(e, sp.Symbol):
            return self.of[e.name]
        if isinstance(e, sp.Add):
            shapes = [self.walk(a) for a in e.args]
            if all(s == SCALAR or self.one_by_one(s) for s in shapes) and SCALAR in shapes:
                return SCALAR       # \\|u\\|^2 + 2 u^T v: an inner product is a number
            if all(s == SCALAR for s in shapes):
                return SCALAR
            if any(s == SCALAR for s in shapes):
                if not self.broadcast:
                    raise Mismatch("a number added to a vector or matrix")
                shapes = [s for s in shapes if s != SCALAR]     # entrywise.broadcast_add
            for s in shapes[1:]:
                self.same(shapes[0], s)
            return shapes[0]
        if isinstance(e, sp.Mul):
            _, nc = _factors(e)
            out = SCALAR
            held, self.broadcast = self.broadcast, self.broadcast if len(nc) < 2 else 0    # W (x + 1): not \odot's operand
            try:
                for f in nc:
                    s = self.walk(f)
                    if out == SCALAR or self.one_by_one(out):     # x^T y z: the number x^T y times z
                        out = s
                    elif s != SCALAR and not self.one_by_one(s):
                        self.dims.unify(out[1], s[0])
                        out = (out[0], s[1])
            finally:
                self.broadcast = held
            return out
        if isinstance(e, sp.Pow):
            if e.exp == 1:
                return self.walk(e.base)
            base = self.walk(e.base)
            if base != SCALAR:      # A^2, (X^T)^{-1}: a square matrix's power (matrices.py)
                return matrices.power_shape(self, e, base)
            if self.walk(e.exp) != SCALAR:
                raise Mismatch("a power of a vector or matrix")
            return SCALAR
        if isinstance(e, sp.Sum) and _members(e.function):
            return self.member_sum(e)
        if isinstance(e, (sp.Sum, sp.Product)):     # \sum_m (a number that names an array's entries)
            if self.walk(e.function) != SCALAR:
                raise Mismatch("a sum of vectors or matrices")
            return SCALAR
        if isinstance(e, sp.Derivative):
            # \partial f / \partial \mathbf{x} of a number f: the gradient, shaped like x
            # (the denominator layout of deep-learning courses)
            if len(e.variable_count) != 1 or e.variable_count[0][1] != 1:
                raise NotRead("a second derivative by a vector or matrix is not read")
            f = self.walk(e.expr)
            if f != SCALAR and not self.one_by_one(f) and matrices.by_number(self, e):
                return f        # d/ds (A + sB)^{-1}: entry by entry (matrices.py)
            if f != SCALAR and not self.one_by_one(f) and self.jacobian is not None and self._column(f):
                by = self.walk(e.variable_count[0][0])
                if by != SCALAR and self._column(by):   # \\partial \\mathbf h / \\partial \\mathbf z
                    return (f[0], by[0]) if self.jacobian == NUMERATOR else (by[0], f[0])
            if f != SCALAR and not self.one_by_one(f):      # x^T A x: a number
                raise Mismatch(JACOBIAN)
            by = self.walk(e.variable_count[0][0])
            self.gradients += by != SCALAR
            return by
        name = _fn_name(e)
        if name.startswith(MEMBER):
            return (self.of[name][0], self.dims.new(1))
        if name == COMPONENT:
            return self.component(e)
        if name == TRANSPOSED:
            s = self.walk(e.args[0])
            return s if s == SCALAR else (s[1], s[0])
        if name == DIAGONAL:
            return self.diagonal(e)
        if name == matrices.INVERSE:
            return matrices.square_of(self, e, "an inverse")
        if name == "exp":
            return matrices.square_of(self, e, "an exponential")
        if name in (matrices.TRACE, matrices.DETERMINANT):
            return matrices.square_shape(self, e, "the trace" if name == matrices.TRACE else "the determinant")
        if name == NORM:
            return self.norm(e)
        if name == FROBENIUS:
            return self.whole(e)
        if name == HESSIAN:
            return self.hessian(e)
        if name == vecgrad.GRADIENT_AT:     # a named upstream gradient put in (vecgrad.py)
            return vecgrad.shape(self, e)
        if name == HADAMARD:
            self.broadcast += 1
            try:
                a, b = (self.walk(x) for x in e.args)
            finally:
                self.broadcast -= 1
            if a == SCALAR or b == SCALAR:
                raise Mismatch("\\circ with a number")
            self.same(a, b)
            return a
        if name.startswith(ELEMENTWISE):
            return self.walk(e.args[0])
        raise NotRead(f"{shown(name or type(e).__name__, 40)} of a vector or matrix is not read")

    def member_sum(self, e):
        """\\sum_{n=1}^{N} over members \\mathbf x_n of a family: the family has N columns (N a
        size of the step, or a number); the sum has the shape of its terms."""
        if len(e.limits) != 1:
            raise NotRead("a sum over two indices of members of a family is not read")
        f = self.walk(e.function)
        (var, lo, hi), = e.limits
        for m in _members(e.function):
            if m.args[0] != var or lo != 1:
                raise NotRead(f"a member of {_fn_name(m)[len(MEMBER):]} indexed otherwise than by a sum "
                              "from 1 is not read")
            if not (isinstance(hi, sp.Symbol) or (hi.is_Integer and 1 <= hi <= 9)):
                raise NotRead(f"a sum over the members of a family up to {hi} is not read")
            self.dims.unify(self.of[_fn_name(m)][1], self.dims.new(hi.name if isinstance(hi, sp.Symbol) else int(hi)))
        return f if f == SCALAR or not self.one_by_one(f) else SCALAR

    def component(self, e):
        """[E]_{ij}: a number; each index letter runs over the length of its axis of E."""
        s, idx = self.walk(e.args[0]), e.args[1:]
        if s == SCALAR:
            raise Mismatch("a component of a number")
        if not all(isinstance(i, sp.Symbol) and i.is_integer for i in idx):
            raise NotRead("a component with an index that is not a letter is not read")
        if len(idx) == 1:       # [x]_i: x is a vector (a column unless it is a row)
            axes = [s[0]] if self.dims.value[self.dims.find(s[0])] != 1 or \
                self.dims.value[self.dims.find(s[1])] == 1 else [s[1]]
            self.dims.unify(s[1] if axes[0] is s[0] else s[0], self.dims.new(1))
        else:
            axes = list(s)
        for i, d in zip(idx, axes):
            if i.name in self.indices:
                self.dims.unify(self.indices[i.name], d)
            else:
                self.indices[i.name] = d
        return SCALAR

    def diagonal(self, e):
        """diag(v): the square matrix with the column v on its diagonal. diag of a matrix (the
        vector of its diagonal in some texts, a block matrix in others) does not fit; diag of
        a number (an entry formula with free indices, diag(s_i 1_{i=j})) neither."""
        if len(e.args) != 1:
            raise NotRead("\\text{diag} of several arguments (a block-diagonal matrix?) is not read")
        s = self.walk(e.args[0])
        if s == SCALAR:
            raise Mismatch("\\text{diag} of a number (an entry formula with free indices?)")
        self.dims.unify(s[1], self.dims.new(1))
        return (s[0], s[0])

    def norm(self, e):
        """\\|v\\|: a number; v must be a vector, which ``vector_norms`` checks once the whole
        step has fixed the lengths (a matrix inside the bars is not read)."""
        if len(e.args) != 1:
            raise NotRead("a norm of several arguments is not read")
        s = self.walk(e.args[0])
        if s == SCALAR:
            raise Mismatch("a norm of a number (|x|?)")
        self.norms.append(s)
        return SCALAR

    def hessian(self, e):
        """hessianof(F, x) of a number F and a column x: square, x's length on both sides."""
        if len(e.args) != 2:
            raise NotRead("a Hessian of several arguments is not read")
        f, v = self.walk(e.args[0]), self.walk(e.args[1])
        if f != SCALAR and not self.one_by_one(f):
            raise Mismatch("a Hessian of a vector or matrix")
        if v == SCALAR:
            raise Mismatch("a Hessian by a number")
        self.dims.unify(v[1], self.dims.new(1))
        return (v[0], v[0])

    def whole(self, e):
        """\\|E\\|_F of any array: a number (the trace is matrices.square_shape)."""
        if len(e.args) != 1:
            raise NotRead("a Frobenius norm of several arguments is not read")
        if self.walk(e.args[0]) == SCALAR:
            raise Mismatch("a Frobenius norm of a number")
        return SCALAR

    def vector_norms(self) -> None:
        """Every norm's argument has a single row or column, as the step fixes it: the norm of a
        matrix (Frobenius, spectral, ...) is the document's to say."""
        for s in self.norms:
            if not any(self.dims.value[self.dims.find(d)] == 1 for d in s):
                raise NotRead(f"{REFUSED}of a matrix (or of an array of unknown shape), \\|...\\|: Frobenius "
                              "or spectral? not read")

    def one_by_one(self, s) -> bool:
        return s != SCALAR and all(self.dims.value[self.dims.find(d)] == 1 for d in s)

    def _column(self, s) -> bool:
        return self.dims.value[self.dims.find(s[1])] == 1

    def same(self, a, b) -> None:
        if a == SCALAR or b == SCALAR:
            if a != b:
                raise Mismatch("a number against a vector or matrix")
            return
        self.dims.unify(a[0], b[0])
        self.dims.unify(a[1], b[1])


def _written_entries(*exprs) -> dict:
    """{name: "column" | "matrix"} of the names whose entries the step writes with indices
    (A_{il} under \\sum_l beside A: A is a matrix)."""
    from ..reading.indices import ranks
    return {n: "column" if r == 1 else "matrix" for n, r in ranks(*exprs).items() if r in (1, 2)}


def _families(left, right, names, kinds: Kinds):
    """(family keys, declared lengths with the families'): the families of vectors whose members
    a step sums (\\sum_n (\\mathbf w^T \\mathbf x_n - y_n) \\mathbf x_n), each an array whose columns
    are its members, as long as the document declares a member (\\mathbf x_n \\in \\mathbb R^d: d
    rows). NotRead where the step also writes a member by another name (\\mathbf x_1 beside the sum
    over \\mathbf x_n: the same vector or another?)."""
    found = sorted({f.func.__name__ for e in (left, right) for f in e.atoms(sp.Function)
                    if f.func.__name__.startswith(MEMBER)})
    declared = dict(kinds.declared)
    for key in found:
        base = key[len(MEMBER):]
        stem = _member_stem(base)
        # \mathbf x_1 beside the sum over \mathbf x_n: that member (read here as another vector, a
        # wrong could rest on it); a gradient by \mathbf u_o or \mathbf u_k beside the sum: by one
        # of the summed vectors or another?
        beside = [n for n in names if re.fullmatch(stem, n)]
        numbered = [n for n in beside if re.search(r"_\{?\s*\d", n)]
        by = [v.name for e in (left, right) for d in e.atoms(sp.Derivative) for v in d.variables
              if isinstance(v, sp.Symbol) and re.fullmatch(stem, v.name)]
        if base in kinds.distinct:
            # u_o said distinct from the summed u_k: a gradient by it is by another vector; by u_k
            # itself (the sum's own letter, free in the step) it is by one member, not read here
            letters = {str(v) for e in (left, right) for node in e.atoms(sp.Sum) if _members(node.function)
                       for v, *_ in node.limits}
            by = [n for n in by if re.sub(r".*_\{?\s*|\s*\}?$", "", n) in letters]
        # a gradient by a matrix beside the sum (\nabla_X with rows x_n^T said in words?)
        by += [v.name for e in (left, right) for d in e.atoms(sp.Derivative) for v in d.variables
               if isinstance(v, sp.Symbol) and not v.is_commutative and v.name[:1].isupper()]
        if numbered or by:
            raise NotRead(f"{(numbered or by)[0]} beside a sum over the members of {base}: one of them, or "
                          "another vector?")
        members = [v for n, v in kinds.declared.items() if re.fullmatch(stem, n) and v[0] == "column"]
        rows = {v[1] for v in members}
        tie = (kinds.stacked or {}).get(base)
        if not rows and tie is not None and tie[0] in names:    # the lengths are the matrix's
            declared[key] = ("matrix", None, None)
            continue
        if not rows:
            # word2vec's \mathbf u_k with no space said at all: the members' length is the one the
            # step's products give them (\mathbf u_k^\top \mathbf v_c), a size enumerated like any
            declared[key] = ("matrix", None, None)
            continue
        if len(rows) != 1:
            raise NotRead(f"a sum over the members of {base}: the document gives them different lengths")
        declared[key] = ("matrix", rows.pop(), None)
    return found, declared


def _ties(families, names, kinds: Kinds) -> dict:
    """{family key: (matrix, how)} of the families the step sums over whose matrix (its rows or
    columns the members, said in words) the step writes too."""
    out = {}
    for key in families:
        tie = (kinds.stacked or {}).get(key[len(MEMBER):])
        if tie is not None and tie[0] in names:
            out[key] = tie
    return out


def _member_stem(base: str) -> str:
    """The pattern of a member of the family ``base`` written with its own subscript."""
    return re.escape(base) + r"_(?:\{[^{}]*\}|.)"


def infer(left, right, arrays: dict, kinds: Kinds, jacobian=None):
    """(kinds of the names: name -> kind, Shapes of the one choice that fits), or NotRead.
    ``jacobian``: the layout a column's derivative by a column is read in (None: not read)."""
    names = sorted({s.name for e in (left, right) for s in e.atoms(sp.Symbol)
                    if not s.is_commutative and s.name not in arrays})
    written = _written_entries(left, right)
    fixed = {n: kinds.of(n) or written.get(n) for n in names}
    families, declared = _families(left, right, names, kinds)
    fixed.update({f: "matrix" for f in families})
    ties = _ties(families, names, kinds)
    free = [n for n in names if fixed[n] is None]
    if len(free) > MAX_FREE:
        raise NotRead(f"{len(free)} names of unknown shape in one step (at most {MAX_FREE})")
    fits, last, numbers = [], None, None
    for choice in itertools.product((SCALAR, "array"), repeat=len(free)):
        table = dict(fixed)
        for n, c in zip(free, choice):
            table[n] = ("square" if n in _IDENTITY else "matrix") if c == "array" else SCALAR
        guessed = frozenset(n for n, c in zip(free, choice) if c == "array" and n not in _IDENTITY)
        shapes = Shapes(table, arrays, declared, guessed)
        shapes.ties = ties
        shapes.jacobian = jacobian
        try:
            for key, (mat, how) in ties.items():    # the members are the matrix's rows (columns)
                m = shapes.of.get(mat)
                if m is None or m == SCALAR:
                    raise Mismatch(f"{mat} read as a number beside the members of its rows or columns")
                f = shapes.of[key]
                shapes.dims.unify(f[0], m[1] if how == "rows" else m[0])
                shapes.dims.unify(f[1], m[0] if how == "rows" else m[1])
            a, b = shapes.walk(left), shapes.walk(right)
            if SCALAR in (a, b) and a != b:          # x^T y = \sum_i x_i y_i: a 1 x 1 matrix
                s = b if a == SCALAR else a
                shapes.dims.unify(s[0], shapes.dims.new(1))
                shapes.dims.unify(s[1], shapes.dims.new(1))
            else:
                shapes.same(a, b)
        except Mismatch as exc:
            last = str(exc)
            if all(c == SCALAR for c in choice):
                numbers = last      # the names of unknown kind read as numbers (1/N)
            continue
        fits.append((table, shapes))
    if not fits:
        refused = NotRead(f"the shapes of the step do not fit: {last}")
        refused.as_numbers = numbers
        raise refused
    if len(fits) > 1:       # R = r^T h: R a 1 x 1 matrix or a number, the same values
        fits = [f for f in fits if not _one_by_one_guess(f, free, fits)]
    if len(fits) > 1:
        unsure = sorted(n for n in free if len({t[n] == SCALAR for t, _ in fits}) > 1)
        raise NotRead(f"the shape of {', '.join(unsure)} is not known (a number or a matrix?); "
                      f"say `let {unsure[0]} = symbol` for a number")
    table, shapes = fits[0]
    shapes.vector_norms()
    shapes.written = written     # the names whose entries the step writes: the hazards use them too
    return table, shapes


def _one_by_one_guess(fit, free, fits) -> bool:
    """Whether the fit reads names of unknown kind as arrays that the step makes 1 x 1 (numbers
    in all but name) while another fit reads just those names as numbers and every other name
    the same way: the two readings have the same values."""
    table, shapes = fit
    ones = {n for n in free if table[n] != SCALAR and shapes.one_by_one(shapes.of[n])}
    if not ones:
        return False
    twin = {n: (SCALAR if n in ones else table[n]) for n in free}
    return any(all(t[n] == twin[n] for n in free) for t, _ in fits if t is not table)


# --- values ---------------------------------------------------------------------------------

class Values:
    """The concrete arrays of one choice of sizes, and the evaluation of a side."""

    def __init__(self, env: dict, defined=None, written_out=None, lengths=frozenset(), jacobian=None):
        self.env = env
        self.jacobian = jacobian    # Shapes.jacobian: the layout of a column's derivative by a column
        # the size letters of this choice of sizes (N of \\frac{1}{2N} with X N x d): a length,
        # constant in every derivative, even where the document sets it (N = 1 in a later part)
        self.lengths = frozenset(lengths)
        # a gradient step: a sum over the entries of a vector (\\sum_{i=1}^n \\log(1 + e^{z_i})) is
        # written out at the sizes before it is differentiated by the vector's entries
        self.written_out = written_out
        # in a gradient step (norms.tried_first): the names the document defines; any other
        # number in a formula differentiated by an array is held constant (a label y, a \lambda)
        self.defined = defined
        self.sizes = dict(lengths) if isinstance(lengths, dict) else {}
        # y_2 of y_n under a sum over members written out: entry name -> the family as written (y_n)
        self.family_entries = {}

    def of(self, e):
        if getattr(e, "is_commutative", True) and not _by_array(e):
            return e
        if isinstance(e, sp.Symbol):
            return self.env[e.name]
        if isinstance(e, sp.Sum) and _members(e.function):
            return self.member_sum(e)
        if _fn_name(e).startswith(MEMBER):
            if not e.args[0].is_Integer:
                raise NotRead(f"the member {e.args[0]} of {_fn_name(e)[len(MEMBER):]} outside a sum over it is not read")
            return self.env[_fn_name(e)][:, int(e.args[0]) - 1]
        if isinstance(e, sp.Add):
            vals = [self.of(a) for a in e.args]
            if any(not isinstance(v, sp.MatrixBase) for v in vals):     # a number plus u^T v
                vals = [v[0, 0] if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) else v for v in vals]
                vals = entrywise.broadcast_add(vals)       # 1 - \sigma(z) inside \odot (Shapes.walk allowed it)
            out = vals[0]
            for v in vals[1:]:
                out = out + v
            return out
        if isinstance(e, sp.Mul):
            c, nc = _factors(e)
            out = sp.Mul(*c)
            for f in nc:
                v = self.of(f)
                if isinstance(out, sp.MatrixBase) and out.shape == (1, 1):    # x^T y z
                    out = out[0, 0]
                if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) and isinstance(out, sp.MatrixBase):
                    v = v[0, 0]
                out = out * v
            return out
        if isinstance(e, sp.Pow):
            base, exp = self.of(e.base), self.of(e.exp)
            if isinstance(base, sp.MatrixBase) and base.shape == (1, 1) and not isinstance(exp, sp.MatrixBase):
                base = base[0, 0]       # (x^T y)^2: the number's power (Shapes.walk)
            if isinstance(base, sp.MatrixBase) or isinstance(exp, sp.MatrixBase):
                if exp == 1:
                    return base
                if isinstance(exp, sp.MatrixBase):
                    raise NotRead("a power of a vector or matrix is not read")
                return matrices.power(base, exp)
            return base ** exp
        if isinstance(e, (sp.Sum, sp.Product)):
            f = self.of(e.function)
            if isinstance(f, sp.MatrixBase):
                raise NotRead("a sum of vectors or matrices is not read")
            return e.func(f, *e.limits)
        if isinstance(e, sp.Derivative):
            f, (v, _) = self.of(e.expr), e.variable_count[0]
            if isinstance(f, sp.MatrixBase) and f.shape == (1, 1):     # x^T A x
                f = f[0, 0]
            by = self.of(v)
            if isinstance(f, sp.MatrixBase) and not isinstance(by, sp.MatrixBase):
                return f.applyfunc(lambda u: sp.Derivative(u, by))     # d/ds of a matrix: entry by entry
            if isinstance(f, sp.MatrixBase) and self.jacobian is not None and f.shape[1] == 1 \
                    and isinstance(by, sp.MatrixBase) and by.shape[1] == 1:
                if self.written_out is not None and self.defined is not None:
                    f = f.applyfunc(lambda u: self.written_out(u) if u.has(sp.Sum, sp.Indexed) else u)
                made = all(self.made_of_entries(e.expr, u) for u in f)
                jac = sp.Matrix(f.shape[0], by.shape[0], lambda i, j: sp.diff(f[i], by[j]) if made
                                else sp.Derivative(f[i], by[j]))
                return jac if self.jacobian == NUMERATOR else jac.T
            if isinstance(f, sp.MatrixBase):
                raise NotRead("a derivative of a vector or matrix is not read")
            if isinstance(by, sp.MatrixBase) and self.written_out is not None and self.defined is not None \
                    and f.has(sp.Sum, sp.Indexed):
                f = self.written_out(f)
            if isinstance(by, sp.MatrixBase) and self.made_of_entries(e.expr, f):
                # \frac{\partial}{\partial \mathbf y}(\frac12 \|\mathbf y - \mathbf s\|^2): the
                # formula is written out in entries of the step's arrays (coordinates, independent of
                # each other): the column of its partial derivatives, taken here
                return by.applyfunc(lambda u: sp.diff(f, u))
            return by.applyfunc(lambda u: sp.Derivative(f, u)) if isinstance(by, sp.MatrixBase) \
                else sp.Derivative(f, by)
        name = _fn_name(e)
        if name == COMPONENT:
            v = self.of(e.args[0])
            at = [int(self.env[i.name]) - 1 for i in e.args[1:]]
            return v[at[0], 0] if len(at) == 1 and v.shape[1] == 1 else v[0, at[0]] if len(at) == 1 else v[at[0], at[1]]
        if name == TRANSPOSED:
            v = self.of(e.args[0])
            return v.T if isinstance(v, sp.MatrixBase) else v
        if name == DIAGONAL:
            v = self.of(e.args[0])
            if not isinstance(v, sp.MatrixBase) or v.shape[1] != 1:
                raise NotRead("\\text{diag} of something else than a column vector is not read")
            return sp.diag(*v)
        if name == HADAMARD:
            a, b = entrywise.broadcast_add([self.of(x) for x in e.args], add=False)
            return a.multiply_elementwise(b) if isinstance(a, sp.MatrixBase) else a * b
        if name in (matrices.INVERSE, "exp"):
            v = self.of(e.args[0])
            if isinstance(v, sp.MatrixBase) and v.shape == (1, 1):
                v = v[0, 0]     # e^{x^T y}, (x^T y)^{-1}: of the number (matrices.square_of)
            return matrices.inverse(v) if name == matrices.INVERSE else matrices.exponential(v)
        if name == matrices.TRACE:
            return matrices.trace(self.of(e.args[0]))
        if name == matrices.DETERMINANT:
            return matrices.determinant(self.of(e.args[0]))
        if name == NORM:
            v = self.of(e.args[0])
            if not isinstance(v, sp.MatrixBase) or 1 not in v.shape:
                raise NotRead("a norm of something else than a vector is not read")
            return sp.sqrt(sp.Add(*[u ** 2 for u in v]))
        if name == HESSIAN:
            return self.hessian(e)
        if name == vecgrad.GRADIENT_AT:
            return vecgrad.value(self, e)
        if name == FROBENIUS:
            v = self.of(e.args[0])
            if not isinstance(v, sp.MatrixBase):
                raise NotRead("a Frobenius norm of something else than a matrix is not read")
            return sp.sqrt(sp.Add(*[u ** 2 for u in v]))
        if name.startswith(ELEMENTWISE):
            _, fn, order = name.split(":")
            v = self.of(e.args[0])
            return v.applyfunc(lambda u: _apply(fn, int(order), u)) if isinstance(v, sp.MatrixBase) \
                else _apply(fn, int(order), v)
        raise NotRead(f"{shown(name or type(e).__name__, 40)} of a vector or matrix is not read")


    def member_sum(self, e):
        """The sum written out term by term at this size: each member its column of the family."""
        (var, lo, hi), = e.limits
        top = self.sizes.get(hi.name) if isinstance(hi, sp.Symbol) else hi
        if top is None:
            raise NotRead(f"a sum over the members of a family up to {hi} (no size) is not read")
        terms = []
        for x in e.function.atoms(sp.Indexed):
            if x.indices == (var,):     # y_n beside the members: a number of each member
                family = f"{x.base.label}_{var}"
                if self.defined is not None and family in self.defined:
                    raise NotRead(f"{family} under the sum over members is defined by the document: "
                                  "not put in here")
                for k in range(int(lo), int(top) + 1):
                    for spelled in (f"{x.base.label}_{k}", f"{x.base.label}_{{{k}}}"):
                        self.family_entries[spelled] = family
        for k in range(int(lo), int(top) + 1):
            v = self.of(e.function.xreplace({var: sp.Integer(k)}))
            terms.append(v[0, 0] if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) else v)
        if not terms:
            raise NotRead("an empty sum over the members of a family is not read")
        total = terms[0]
        for t in terms[1:]:
            total = total + t
        return total

    def hessian(self, e):
        """The matrix of the second partials of a formula made of the step's entries; NotRead
        for any other operand (a name held fixed there could hide a dependence on x)."""
        f, by = self.of(e.args[0]), self.of(e.args[1])
        if isinstance(f, sp.MatrixBase) and f.shape == (1, 1):
            f = f[0, 0]
        if isinstance(f, sp.MatrixBase) or not isinstance(by, sp.MatrixBase) or by.shape[1] != 1:
            raise NotRead("a Hessian of something else than a number by a column vector is not read")
        if self.written_out is not None and self.defined is not None and f.has(sp.Sum, sp.Indexed):
            f = self.written_out(f)
        if not self.made_of_entries(e.args[0], f):
            raise NotRead("a Hessian of a formula with a name that is not an entry of the step is not read")
        n = by.shape[0]
        return sp.Matrix(n, n, lambda i, j: sp.diff(f, by[i, 0], by[j, 0]))

    def made_of_entries(self, written, f) -> bool:
        """Whether a derivative's operand is a formula (not one name) whose every symbol is an
        entry of an array of the step: nothing in it is defined elsewhere or said in words."""
        if isinstance(written, sp.Symbol):
            return False
        entries = set()
        for v in self.env.values():
            if isinstance(v, sp.MatrixBase):
                entries |= v.free_symbols
        if f.atoms(sp.Sum, sp.Product, sp.Indexed):     # x[i] under a sum: not one of the entries
            return False
        if self.defined is not None:    # x_{3} of no array of the step: an entry, never a constant
            def constant(x) -> bool:
                family = self.family_entries.get(x.name)    # y_2 of y_n summed with the members
                if family is not None:
                    return family not in self.defined
                return x.name in self.lengths or x.name not in self.defined \
                    and not re.fullmatch(r"\\?[A-Za-z]+_\{?[0-9]", x.name)
            constants = {x for x in f.free_symbols - entries if isinstance(x, sp.Symbol) and constant(x)}
            entries |= constants
        from sympy.core.function import AppliedUndef
        # library functions (sigmoid, exp, log) of entries are formulas too; an unknown
        # function or a derivative left as written is not
        made = bool(f.free_symbols) and f.free_symbols <= entries and not f.atoms(AppliedUndef, sp.Derivative)
        if made and self.defined is not None:
            self.defined.held |= {self.family_entries.get(x.name, x.name) for x in constants}
        return made


def _apply(fn: str, order: int, u):
    from checks.text.syntax import apply
    if order == 0:
        return apply(fn, [u])
    t = sp.Dummy("t", real=True)
    return sp.diff(apply(fn, [t]), t, order).subs(t, u)


# --- the step ------------------------------------------------------------------------------

@dataclass
class Checked:
    """What the planner needs of an array step."""
    left: sp.Matrix            # every entry of the left side over every size, one column
    right: sp.Matrix
    count: int
    legend: str                # which rows are which size (for the engine's "entry (r,1)")
    hazards: list
    shown: tuple               # (left, right) as read, before the entries
    lhs_name: str | None       # the left side is one array name (a definition?)
    names: tuple = ()          # the array names of the step (as symbols)
    partial: bool = False      # only the written entries of an irregular matrix are compared (grids.py)
    used: frozenset = frozenset()   # letters whose entry definitions the entries were computed with (grids.py)
    operands: frozenset = frozenset()   # other names inside the derivatives so taken (grids.operand_doubts)
    gradients: int = 0         # derivatives of a number by a vector or matrix in the step (a layout matters)
    said_layout: str | None = None  # the layout of its Jacobians the document says (_both_layouts)


def read_side(text: str, scope, kinds: Kinds):
    """One side in array mode (the text rewrites, then the reader)."""
    text, letters = _prepared(text, kinds)
    return _read_prepared(text, letters, scope, kinds)


def _prepared(text: str, kinds: Kinds, formulas: bool = True):
    """The text rewrites of array mode, and the index letters of its components ``(A x)_k``.
    ``formulas``: groups ``(a_i b_j)`` may be matrices of their entry (i, j) (grids.py); not
    where i or j is the index of a component of the step ((A)_{ij} = (a_i b_j): one entry)."""
    if "*" in re.sub(r"\^\s*(?:\{\s*\*\s*\}|\*)", "", text):   # w^* marks a name; x * w: a convolution?
        raise NotRead("'*' beside vectors or matrices (a convolution, or an entrywise or a matrix product?) "
                      "is not read")
    if "derivcheck" in text:
        raise NotRead("a command of derivcheck's own in the side is not read")
    from . import norms
    text = norms.dots(norms.rewrite(text), lambda name: kinds.of(name) == "column")
    text = entrywise.dots(text, lambda name: kinds.of(name) == "column", spelled)
    text = entrywise.powers(text, lambda name: kinds.of(name) == "column", spelled, kinds.entrywise)
    from .grids import formula_matrices
    text = _SIZED.sub(r"\1", text)       # \big( ... \big): the brackets, for diag's argument
    text = _diagonals(_DIAG.sub(lambda m: DIAGONAL, text))
    if formulas:
        text = formula_matrices(text)     # (S_i S_j): the matrix of the entry (i, j)
    text = matrices.rewrite(text, lambda name: kinds.of(name) is not None)     # tr, det, inverses
    text = hadamards(transposes(_ONE.sub(" " + ONES.replace("\\", "\\\\") + " ", text)))
    text = _MATRIX_DOT.sub(r"\1 ", text)     # \mathbf{W} \cdot \mathbf{x}: the matrix product
    return components(text)


def _read_prepared(text: str, letters, scope, kinds: Kinds):
    from . import norms
    from ..reading.read import read
    functions = frozenset(scope.functions) | {TRANSPOSED, HADAMARD, COMPONENT, DIAGONAL, norms.NORM, FROBENIUS, HESSIAN,
                                              vecgrad.GRADIENT_AT,
                                              matrices.TRACE, matrices.DETERMINANT, matrices.INVERSE}
    sc = replace(scope, arrays=True, functions=functions, scalars=frozenset(scope.scalars) | kinds.scalars,
                 variables=frozenset(scope.variables) | {ONES} | kinds.scalars,
                 index=frozenset(scope.index) | letters)
    # \mathbf{W}_2(...) is a product: an array is never a function
    side = _read_as_values(read, text, sc, lambda name: kinds.of(name) is not None)
    return replace(side, expr=matrices.numbers_back(side.expr)) if matrices.INVERSE in text else side


_SIZED = re.compile(r"\\(?:big|Big|bigg|Bigg)[lr]?\s*([()\[\]]|\\[{}])")
_DELTA = re.compile(r"_\s*\{[^{}=]*=[^{}]*\}|\\delta\s*_")


def _diagonals(text: str) -> str:
    r"""The arguments of \text{diag} as array mode reads them: a list of entries
    (diag(\sigma'(z_1), \ldots, \sigma'(z_n)), the diagonal) as the column of them; NotRead for a
    formula of the entry (i, j) (diag(s_i \mathbf{1}_{i=j})): whether diag then means the matrix of
    those entries or of their diagonal is the author's, and i, j are not said to be the row and
    the column."""
    from ..reading.pieces import split_top
    pos = 0
    while (k := text.find(DIAGONAL, pos)) >= 0:
        start = k + len(DIAGONAL)
        while start < len(text) and text[start] == " ":
            start += 1
        if start >= len(text) or text[start] not in "([{\\":
            pos = start
            continue
        end = _close(text, start)
        opened = len("\\left(") if text.startswith("\\left", start) else 1
        closed = len("\\right)") if text[:end].rstrip()[:-1].rstrip().endswith("\\right") else 1
        inner = text[start + opened:end - closed]
        from .grids import SQUARE, entry_formula, off_diagonal_zero
        if _DELTA.search(inner) or entry_formula(inner):
            if off_diagonal_zero(inner):      # diag(s_i 1_{i=j}): the one matrix both readings give
                new = "(\\begin{bmatrix} " + SQUARE + " " + inner + " \\end{bmatrix})"
                text = text[:k] + new + text[end:]
                pos = k + len(new)
                continue
            raise NotRead(f"\\text{{diag}}('{shown(inner, 30)}'): a formula of an entry (i, j) "
                          "inside diag, not a vector, is not read")
        parts = [p.strip() for p in split_top(inner, ",")]
        if len(parts) > 1:
            if not all(parts):
                raise NotRead(f"\\text{{diag}}('{shown(inner, 30)}') with an empty entry is not read")
            column = " \\\\ ".join("\\vdots" if re.fullmatch(r"\\(?:ldots|cdots|dots|vdots)", p) else p
                                     for p in parts)
            new = "(\\begin{bmatrix} " + column + " \\end{bmatrix})"
            text = text[:start] + new + text[end:]
            end = start + len(new)
        pos = end
    return text


def _read_as_values(read, text: str, scope, may_be_value):
    """``read(text, scope)``, where a name the reader refuses as a call or a product is read as
    a value (a product) when ``may_be_value(name)``, once each; NotRead otherwise."""
    tried = set()
    while True:
        try:
            return read(text, scope)
        except NotRead as exc:
            if exc.name is None or exc.name in tried or not may_be_value(exc.name):
                raise
            tried.add(exc.name)
            scope = replace(scope, variables=frozenset(scope.variables) | {exc.name})


def entries(text_left: str, text_right: str, scope, kinds: Kinds, sizes: dict, identify: bool = False,
            defined=None, layout: str | None = None, jacobian=None) -> Checked:
    """The step as the identity of its entries over every size, or NotRead. ``layout``: the
    document's sentence that gradients are shaped like their variable; with it, sides that fit
    only as each other's transpose are compared where their lengths agree (a claim in the layout
    the document chose), else they are not read."""
    # an index letter of a component on one side is one on the other too: (A\mathbf x)_k + b_k
    # reads b_k as the entry b[k] on both sides, never as a name on one and an entry on the other
    (pl, ll), (pr, lr) = _prepared(text_left, kinds), _prepared(text_right, kinds)
    from .grids import letters_beside
    if (ll | lr) & {"i", "j"} or letters_beside(pl, pr):
        # (\\mathbf{a}\\mathbf{b}^\\top)_{ij} = (a_i b_j), \\partial p_i/\\partial z_j = (...): i, j name one entry
        (pl, ll), (pr, lr) = _prepared(text_left, kinds, False), _prepared(text_right, kinds, False)
    left, right = _read_prepared(pl, ll | lr, scope, kinds), _read_prepared(pr, ll | lr, scope, kinds)
    names_right = {n for n, _ in right.arrays}
    # both sides were read by themselves: one side's stand-ins are renamed apart from the other's
    lx, rx = _named_call(left.expr), right.expr
    rename = {sp.Symbol(n, commutative=False): sp.Symbol(n + "'", commutative=False) for n in names_right}
    rx = rx.xreplace(rename)
    arrays = {**{n: v for n, v in left.arrays}, **{n + "'": v for n, v in right.arrays}}
    if lx.is_commutative and rx.is_commutative:
        raise NotRead("no vector or matrix in the step")
    merged, transposed = [], False
    while True:
        try:
            table, shapes = infer(lx, rx, arrays, kinds, jacobian)
            break
        except NotRead as exc:
            transposed = identify and _known_kinds(lx, rx, arrays, kinds) and _transposed_fits(lx, rx, arrays, kinds)
            if transposed and layout is None:
                raise NotRead(f"{LAYOUT}(a row against a column, or the transpose of a matrix gradient): the "
                              "other layout convention, not a claim to refute") from None
            pair = _letters_apart(getattr(exc, "as_numbers", None)) if identify and len(merged) < 2 else None
            if pair is None:
                raise
            kinds = _merged(kinds, *pair)
            merged.append(pair)
    checked = _evaluate(lx, rx, arrays, table, shapes, scope, kinds, sizes, defined)
    checked.gradients = shapes.gradients
    if all(matrices.circ_operands_bracketed(t) for t in (text_left, text_right)):
        # \sigma'(z) \odot (W^T g): the brackets say what the \circ takes
        checked.hazards = [h for h in checked.hazards if not h.startswith(CIRC_BESIDE)]
    if transposed:      # the layout the document said decided it
        checked.legend += f" (gradients shaped like their variable, as the document says: '{layout}')"
    if merged:
        from ..document.doubts import HOLDS_ONLY
        said = ", ".join(f"{b} = {a}" for a, b in merged)
        checked.hazards.append(f"{HOLDS_ONLY}the sides fit only where {said} (the lengths the document "
                               "gives do not fit elsewhere): compared there only")
        checked.legend += f" (with {said})"
    return checked


LAYOUT = "the sides do not fit, but fit as each other's transpose "
CIRC_BESIDE = "\\circ beside a matrix product: "
_APART = re.compile(r"two size letters \((\w), (\w)\) for one length")


def _letters_apart(reason):
    """(kept, merged) of a gradient step whose sides fit only where two size letters the document
    gives are equal (\\nabla_{\\mathbf h} L = W \\mathbf r with W n x m: only where m = n), with
    every name of unknown kind read as a number: it is compared there, which refutes it when it
    is wrong for every size. None for any other reason the shapes do not fit (a name of unknown
    kind read as an array there would be a guessed shape: tried_first drops such a reading)."""
    m = _APART.search(reason or "")
    if m is None:
        return None
    a, b = sorted((m.group(1), m.group(2)))
    return a, b


def _known_kinds(lx, rx, arrays, kinds) -> bool:
    """Whether the document gives the kind of every array name of the step (no shape guessed);
    a length letter of a declared shape (N of 1/N) is a number."""
    lengths = {v for _, r, c in kinds.declared.values() for v in (r, c) if isinstance(v, str)}
    return all(kinds.of(s.name) is not None or s.name in lengths for e in (lx, rx) for s in e.atoms(sp.Symbol)
               if not s.is_commutative and s.name not in arrays)


def _transposed_fits(lx, rx, arrays, kinds) -> bool:
    """Whether the right side transposed fits the left (\\nabla_W L = \\mathbf h \\mathbf r^\\top
    against r h^T): the step then writes the other layout, which is a convention."""
    flipped = sp.Function(TRANSPOSED, commutative=False)(rx)
    try:
        infer(lx, flipped, arrays, kinds)
    except NotRead:
        return False
    return True


def _merged(kinds: Kinds, keep: str, gone: str) -> Kinds:
    """The declared lengths with the size letter ``gone`` read as ``keep``."""
    swap = lambda v: keep if v == gone else v
    declared_ = {n: (k, swap(r), swap(c)) for n, (k, r, c) in kinds.declared.items()}
    return replace(kinds, declared=declared_)     # the words and definitions the kinds carry stay


def entry_sum(text: str, scope, kinds: Kinds) -> bool:
    """Whether array mode reads ``text`` as a number written with sums over the entries of
    vectors the document declares, each sum running over the declared length
    (\\sum_{i=1}^{n} \\log(1 + e^{z_i}) with \\mathbf z \\in \\mathbb R^n)."""
    try:
        e = read_side(text, scope, kinds).expr
    except NotRead:
        return False
    if not e.is_commutative or not e.has(sp.Sum):
        return False
    lengths = {}
    for name, (kind, rows, _) in kinds.declared.items():
        if kind == "column":
            lengths[_entry_letter(name) if _entries_named(name) else name] = rows
    for s in e.atoms(sp.Sum):
        for x in s.function.atoms(sp.Indexed):
            n = lengths.get(str(x.base.label))
            if n is None or len(x.indices) != 1:
                return False
            bound = [(lo, hi) for v, lo, hi in s.limits if v == x.indices[0]]
            if not bound or bound[0][0] != 1 or str(bound[0][1]) != str(n):
                return False
    return bool(e.atoms(sp.Indexed))


def scalar_side(text: str, scope, kinds: Kinds) -> bool:
    """Whether array mode reads ``text`` as a number (or a 1 x 1 matrix) made of arrays whose
    kind the document gives (no guessed shape)."""
    try:
        side = read_side(text, scope, kinds)
        e = side.expr
        if e.is_commutative:
            return False
        arrays = dict(side.arrays)
        table, shapes = infer(e, e, arrays, kinds)
        s = shapes.walk(e)
    except (NotRead, Mismatch):
        return False
    if any(k != SCALAR and kinds.of(n) is None and n not in arrays and not n.startswith(MEMBER)
           for n, k in table.items()):
        return False
    return s == SCALAR or shapes.one_by_one(s)


def _named_call(e):
    """``J(\\mathbf{x})``, the whole left side of an array step, as one name: the value of an
    undefined J at that argument (J_{\\text{softmax}}(\\mathbf{x}) = [...] defines it, and a
    second J(\\mathbf{x}) = [...] restates it: plan_step compares the two right sides). The
    argument written differently is another name, so nothing is assumed of J itself."""
    from sympy.core.function import AppliedUndef
    if isinstance(e, AppliedUndef) and not _fn_name(e).startswith(("\\operatorname{", ELEMENTWISE)) \
            and any(not a.is_commutative for a in e.args):
        return sp.Symbol(sp.sstr(e), commutative=False)
    return e


def _declared_lengths(kinds) -> dict:
    """{entry letter: length} of the vectors the document declares (x of \\mathbf{x} \\in \\mathbb{R}^n)."""
    out = {}
    for name, said in (getattr(kinds, "declared", None) or {}).items():
        if said[0] == "column" and len(said) == 3 and said[2] == 1:
            out.setdefault(_entry_letter(name), said[1])
    return out


def _pattern_lengths(arrays: dict) -> dict:
    r"""{entry letter: (row size letter, column size letter or None)} of the patterns of a step
    whose index runs to a size letter on an entry of a named vector or matrix: x of x_i in
    [x_1 \\ \vdots \\ x_n], W of W_{ij} in [W_{11} \cdots W_{mn}]."""
    out = {}
    for p in arrays.values():
        if not isinstance(p, Pattern) or p.kind == "partial" or p.offset:
            continue        # x_0 .. x_{n-1} is not the vector x_1 .. x_n
        for k in p.at_row + p.at_col:
            j = k - 1
            while j >= 0 and p.tokens[j] in ("{", "_"):
                j -= 1
            if j < 0 or j == k - 1 or not re.fullmatch(r"\\?[A-Za-z]+", p.tokens[j]):
                continue
            letter = p.tokens[j]
            if j == k - 2:              # x_i: one index, the vector's length
                size = p.rows if k in p.at_row else p.cols
                if p.kind == "row":
                    size = p.cols
                out.setdefault(letter, set()).add((size, None))
            elif k in p.at_row and k + 1 in p.at_col:      # W_{ij}: rows and columns
                out.setdefault(letter, set()).add((p.rows, p.cols))
    return out


def _same_entries(table, shapes, arrays) -> None:
    """The length of \\mathbf{x} is the size letter of a pattern of its entries in the same step
    (\\mathbf{x}^T \\mathbf{y} = [x_1 \\cdots x_n] [y_1 \\ \\vdots \\ y_n]: x has n entries); left free,
    sizes where they differ would compare different vectors (a false wrong)."""
    lengths = _pattern_lengths(arrays)
    dims = shapes.dims
    for name, kind in table.items():
        if kind == SCALAR or name in arrays or name.startswith(ARRAY_PREFIX):
            continue
        letter = _entry_letter(name) if _entries_named(name) or re.fullmatch(r"[A-Za-z]", name) else None
        found = lengths.get(letter) or set()
        if len(found) != 1:
            continue
        (rows, cols), = found
        shape = shapes.of.get(name)
        if shape is None or shape == SCALAR:
            continue
        try:
            if isinstance(rows, str):
                dims.unify(shape[0], dims.new(rows))
            if isinstance(cols, str) and kind != "column":
                dims.unify(shape[1], dims.new(cols))
        except Mismatch as exc:
            raise NotRead(f"{name} beside a pattern of its entries: {exc}") from None


def _evaluate(lx, rx, arrays, table, shapes, scope, kinds, sizes, defined=None) -> Checked:
    dims = shapes.dims
    _same_entries(table, shapes, arrays)
    for name, shape in sorted(shapes.of.items()):
        # x^T y = x + y fits only for vectors of length 1: a misreading, not a claim about them
        if shape == SCALAR or name in arrays or name in kinds.declared or kinds.of(name) is None:
            continue        # a guessed array may well be a vector: one length 1 is its shape
        ends = [dims.value[dims.find(d)] for d in (shape if table[name] != "column" else shape[:1])]
        if 1 in ends:
            raise NotRead(f"the shapes of the step fit only if {name} has a single row or column")
    classes = sorted({dims.find(d) for s in shapes.of.values() if s != SCALAR for d in s})
    letters = {c: dims.value[c] for c in classes}
    chosen = matrices.samples(table, kinds, arrays) \
        if matrices.has_exponential(lx, rx, number=lambda a: shapes.one_by_one(shapes.walk(a))) else None
    partial = [v for v in arrays.values() if isinstance(v, Pattern) and v.kind == "partial"]
    least = {}
    for p in partial:
        for letter, n in least_sizes(p).items():
            least[letter] = max(least.get(letter, 1), n)
    ranges = []
    for c in classes:
        v = letters[c]
        if isinstance(v, int):
            ranges.append([v])
        else:
            lo, hi = sizes.get(v, SIZES) if isinstance(v, str) else SIZES
            # a partial pattern's written rows 1, 2, n are three places from n = 3 on; a range
            # the author gives (sizes n = 1..2) is the document's: never widened past it
            if isinstance(v, str) and v in sizes:
                if max(lo, least.get(v, 1)) > hi:
                    raise NotRead(f"the written rows of the matrix are apart only from {v} = {least[v]}, "
                                  f"outside sizes {v} = {lo}..{hi}")
            else:
                hi = min(max(hi, least.get(v, 1)), 9)
            ranges.append(list(range(max(lo, least.get(v, 1)), hi + 1)))
        if chosen is not None:      # e^{M}: only at the 2 x 2 samples
            if matrices.SAMPLE_SIZE not in ranges[-1]:
                raise NotRead(f"the matrix exponential is read at 2 x 2 samples, outside the sizes of the step")
            ranges[-1] = [matrices.SAMPLE_SIZE]
    reader = _EntryReader(scope, frozenset(array_letter(n) for n, k in table.items()
                                           if k != SCALAR and array_letter(n)))
    lefts, rights, legend, count = [], [], [], 0
    from .grids import argument_lengths
    entry_lengths = argument_lengths(_pattern_lengths(arrays), _declared_lengths(kinds))
    used = SimpleNamespace(letters=set(), operands=set())
    singular, excluded = [], False
    # sizes the text's orders exclude (N < d where it says N > d) are no claim, but they are still
    # compared: a step that differs only there is no holds (the order may be a case the text
    # considers, "when N >= d", and another step may be said of the other case)
    outside = ([], [], [])
    for combo in itertools.product(*ranges):
        at = dict(zip(classes, combo))
        sized = {v: at[c] for c, v in letters.items() if isinstance(v, str)}
        inside = matrices.sizes_allowed(kinds.orders, sized)
        excluded = excluded or not inside
        env = {}
        for name, shape in shapes.of.items():
            if shape == SCALAR:     # a size letter used as a number (1/m) is the size
                env[name] = sp.Integer(sized[name]) if name in sized else sp.Symbol(name, real=True)
                continue
            n, m = at[dims.find(shape[0])], at[dims.find(shape[1])]
            if name in shapes.ties:     # the rows (columns) of the matrix: after it
                continue
            if name.startswith(MEMBER):     # the family's members as columns: entry i of member k
                base = name[len(MEMBER):]
                env[name] = sp.Matrix(n, m, lambda i, k: sp.Symbol(f"{base}_{{{k + 1}}}[{i + 1}]", real=True))
                continue
            if chosen is not None and name in chosen:
                env[name] = chosen[name]
                continue
            try:
                env[name] = _array_value(name, n, m, table.get(name), arrays.get(name), reader,
                                         symmetric=name in kinds.symmetric)
            except Coincide:
                break
        else:
            for key, (mat, how) in shapes.ties.items():
                env[key] = env[mat].T if how == "rows" else env[mat]
            if not inside:
                try:
                    _compare(env, shapes, dims, at, sized, letters, lx, rx, reader, outside, 0, defined, bool(partial),
                             lengths=entry_lengths, defs=(kinds.entry_defs, used))
                except matrices.Singular:
                    pass
                except NotRead:
                    outside[0].append(None)     # not read there: no proof it is equal there
                continue
            try:
                count = _compare(env, shapes, dims, at, sized, letters, lx, rx, reader, (lefts, rights, legend), count,
                                 defined, bool(partial), lengths=entry_lengths, defs=(kinds.entry_defs, used))
            except matrices.Singular:       # (X^T X)^{-1} at N < d: outside the step's domain
                singular.append(_label(letters, at, shapes, dims))
    if excluded and not lefts and not singular:
        raise NotRead("no size of the step keeps the orders of its sizes the text states")
    sized_letters = {v for v in letters.values() if isinstance(v, str)}
    if excluded:
        legend.append(matrices.excluded_note(kinds.orders, sized_letters))
    if singular and not lefts:
        raise NotRead("the inverse of a matrix whose determinant is 0 (singular) at every size is not read")
    if singular:
        legend.append(matrices.skipped_note(singular))
    if partial and not lefts:
        raise NotRead("a matrix with an ellipsis whose entries do not follow one pattern: the entries between "
                      "the ellipses are not determined, and every entry of the step depends on them")
    hazards = _hazards(lx, rx, table, kinds, scope, shapes.written, {v for v in letters.values() if isinstance(v, str)},
                       shapes)
    if chosen is not None:
        hazards.append(matrices.sample_doubt(chosen))
    if excluded and _differs_outside(outside):
        from ..document.doubts import HOLDS_ONLY
        hazards.append(f"{HOLDS_ONLY}the step differs (or is not read) at sizes outside the order the text states "
                       f"({matrices.excluded_orders(kinds.orders, sized_letters)}): "
                       "equal only where the text's order holds, which may be one case of several")
    if singular and not (kinds.full_rank & set(table)):
        from ..document.doubts import HOLDS_ONLY      # x x^T at n >= 2: the text excludes no size, so holding at n = 1 proves nothing
        hazards.append(f"{HOLDS_ONLY}checked only at sizes where no matrix the step inverts is singular for every "
                       f"value; the text says of no matrix of the step that it has full rank, and the sizes skipped "
                       f"({'; '.join(singular)}) are not excluded by it")
    from .grids import orientation_doubts
    hazards += orientation_doubts(arrays, reader)
    unsized = [v for n, v in arrays.items() if isinstance(v, Pattern) and None in (v.rows, v.cols)
               and any(letters.get(dims.find(d)) is None for d in shapes.of[n])
               and not (v.kind == "formula" and _sized_by_others(n, shapes, dims))]
    if unsized:     # every row the same, and no letter (nor the step) says how many
        hazards.append("the number of rows or columns of a matrix with an ellipsis is not written: "
                       f"tried {SIZES[0]}..{SIZES[1]}")
    if partial:
        from ..document.doubts import HOLDS_ONLY
        hazards.append(f"{HOLDS_ONLY}the entries between the ellipses of a matrix whose written entries do not "
                       "follow one pattern are not determined: only the entries computed from written ones "
                       "are compared")
    head = lx.name if isinstance(lx, sp.Symbol) and lx.name not in arrays else None
    shown_ = tuple(_shown_reading(sp.sstr(e, order="none"), arrays) for e in (lx, rx))
    names = tuple(sp.Symbol(n) for n, k in table.items() if k != SCALAR)
    count = len(lefts)
    if chosen is not None:      # the counterexample's matrices, named
        legend.append("at " + ", ".join(f"{n} = {sp.sstr(m.tolist())}" for n, m in chosen.items()))
    return Checked(sp.Matrix(lefts), sp.Matrix(rights), count, "; ".join(legend), hazards, shown_, head, names,
                   bool(partial), frozenset(used.letters), frozenset(used.operands))


def _sized_by_others(name: str, shapes, dims) -> bool:
    """Every length of the array ``name`` is one of another array of the step: (a_i b_j) beside
    \\mathbf{a} \\mathbf{b}^\\top has their lengths, whatever they are."""
    others = {dims.find(d) for n, s in shapes.of.items() if n != name and s != SCALAR for d in s}
    return all(dims.find(d) in others for d in shapes.of[name])


def _differs_outside(outside) -> bool:
    """Whether the entries compared at the sizes the text excludes (``outside``: lefts, rights) differ
    at one exact point, or could not be read or decided there (a doubt kept)."""
    from .matprops import differs_somewhere
    lefts, rights, _ = outside
    if any(a is None for a in lefts):
        return True
    return bool(lefts) and differs_somewhere(lefts, rights) is not False


def _compare(env, shapes, dims, at, sized, letters, lx, rx, reader, out, count, defined, partial,
             lengths=None, defs=(None, None)) -> int:
    """Both sides at one choice of sizes, appended to ``out`` (lefts, rights, legend): every
    entry, or with a partial pattern (grids.py) the entries that depend on no unwritten one,
    each named by its place."""
    lefts, rights, legend = out
    def length(base: str, k: int):
        """The length of axis k of the array ``base`` at these sizes (a sum \\sum_l A_{il})."""
        shape = shapes.of.get(base)
        if shape is None:       # x_i beside \\mathbf{x}: the entries of the decorated name
            found = {n for n, s in shapes.of.items() if s != SCALAR and _entries_named(n) and _entry_letter(n) == base}
            shape = shapes.of[found.pop()] if len(found) == 1 else None
        said = (lengths or {}).get(base)
        if (shape is None or shape == SCALAR) and k == 0 and hasattr(said, "message"):
            raise NotRead(said.message())       # grids.Conflict: the grid's letter is not the vector's length
        if (shape is None or shape == SCALAR) and k == 0 and said in sized:
            # S(\\mathbf{x})_1 = e^{x_1} / \\sum_j e^{x_j} in a grid over x_1 .. x_n (grids.argument_lengths)
            return sized[lengths[base]]
        if shape is None or shape == SCALAR:
            raise NotRead(f"a sum without bounds over an index of {base}, which is not an array of the step")
        return at[dims.find(shape[k])]
    letters_i = sorted(shapes.indices)
    spans = [range(1, at[dims.find(shapes.indices[i])] + 1) for i in letters_i]
    for point in itertools.product(*spans):      # [E]_{ij}: every value of the index letters
        here = dict(zip(letters_i, point))
        values = Values({**env, **here}, defined, lambda u: _sized_entry(u, {**sized, **here}, reader, length),
                        lengths=sized, jacobian=shapes.jacobian)
        a, b = values.of(lx), values.of(rx)
        a, b = (x if isinstance(x, sp.MatrixBase) else sp.Matrix([[x]]) for x in (a, b))
        a, b = (x.applyfunc(lambda u: _sized_entry(u, {**sized, **here}, reader, length)) for x in (a, b))
        if defs[0]:     # \\partial p_1/\\partial z_2 with p_i = e^{z_i} / \\sum_k e^{z_k} said above
            from .grids import with_entry_definitions
            a, b = (x.applyfunc(lambda u: with_entry_definitions(u, defs[0], sized, reader, length, defs[1]))
                    for x in (a, b))
        if a.shape != b.shape:
            raise NotRead(f"the sides have shapes {a.shape} and {b.shape}")
        label = ", ".join(filter(None, [_label(letters, at, shapes, dims),
                                        ", ".join(f"{i} = {v}" for i, v in here.items())]))
        if partial:
            kept = [(k, x, y) for k, (x, y) in enumerate(zip(a, b)) if not _unwritten(x) and not _unwritten(y)]
            for k, x, y in kept:
                count += 1
                where = f", entry ({k // a.shape[1] + 1}, {k % a.shape[1] + 1})" if len(a) > 1 else ""
                legend.append(f"row {count}: {label}{where}")
                lefts.append(x)
                rights.append(y)
        else:
            legend.append(f"rows {count + 1}-{count + len(a)}: {label}" if len(a) > 1 else f"row {count + 1}: {label}")
            lefts += list(a)
            rights += list(b)
            count += len(a)
        if count > MAX_ENTRIES:
            raise NotRead(f"more than {MAX_ENTRIES} entries over the sizes {SIZES[0]}..{SIZES[1]}")
    return count


def _unwritten(u) -> bool:
    return any(s.name.startswith(UNWRITTEN) for s in getattr(u, "free_symbols", ()))


def _shown_reading(text: str, arrays: dict) -> str:
    """A side as read, for a person: stand-ins as their first entry, the marks as words."""
    for name in sorted(arrays, key=len, reverse=True):
        v = arrays[name]
        if isinstance(v, Pattern):
            first = _spaced(v.cells[0][2]) if v.kind == "partial" else v.entry_text(1, 1)
            what = f"diag({first}, ...)" if v.kind == "diagonal" else \
                f"[{first}, {v.entry_text(1, 2)}, ...]" if v.kind == "split" else \
                f"[{first}, ... (only the written entries)]" if v.kind == "partial" else f"[{first}, ...]"
            text = text.replace(name, what + ("^T" if v.transposed else ""))
        else:
            text = text.replace(name, sp.sstr(v.tolist()))
    text = text.replace(TRANSPOSED, "transpose").replace(HADAMARD, "hadamard").replace(ONES, "ones")
    text = text.replace(DIAGONAL, "diag")
    text = re.sub(re.escape(ELEMENTWISE) + r"(\w+):0", r"\1", text)
    # \member:\mathbf{u}(k): the member k of the family, written as the document writes it
    text = re.sub(re.escape(MEMBER) + r"(\\[A-Za-z]+\{[^{}]*\}|[^\s(]+)\((\w+)\)", r"\1_\2", text)
    return re.sub(re.escape(ELEMENTWISE) + r"(\w+):(\d+)", lambda m: m.group(1) + "'" * int(m.group(2)), text)


def _sized_entry(u, sized: dict, reader, length=None):
    """An entry at one choice of sizes: a size letter in it (\\sum_{i=1}^{n} x_i, 1/n) is the
    size, the sums over it are written out, and x[2] is the entry x_2 the arrays are made of."""
    if not hasattr(u, "free_symbols"):
        return u
    at = {s: sp.Integer(sized[s.name]) for s in u.atoms(sp.Symbol) if s.name in sized}   # d/dY[m, i] too
    if at:
        u = u.xreplace(at)
    if length is not None and u.has(sp.Sum):
        u = u.replace(lambda n: isinstance(n, sp.Sum), lambda n: _bounded_sum(n, length))
    if u.has(sp.Sum, sp.Product):
        u = u.replace(lambda n: isinstance(n, (sp.Sum, sp.Product)) and all(
            lo.is_Integer and hi.is_Integer for _, lo, hi in n.limits), _written_out)
        if u.has(sp.Sum, sp.Product):
            raise NotRead("a sum beside vectors whose bounds are not the sizes of the step is not read")
    swap = {}
    for x in u.atoms(sp.Indexed):
        if all(i.is_Integer for i in x.indices):
            digits = "".join(str(i) for i in x.indices)
            swap[x] = reader(f"{x.base.label}_{{{digits}}}")
        else:
            raise NotRead(f"{x} beside vectors of the sizes of the step is not read")
    return u.xreplace(swap) if swap else u


def _written_out(node):
    """A sum or product of integer bounds as its terms, each with the index put in by
    ``xreplace``: the derivatives stay as written (d/dY_{m1} becomes d/dY_{11}, never 0)."""
    body = node.function
    for v, lo, hi in reversed(node.limits):
        if hi - lo > MAX_ENTRIES:
            raise NotRead(f"a sum of {hi - lo + 1} terms is not written out")
        terms = [body.xreplace({v: sp.Integer(k)}) for k in range(int(lo), int(hi) + 1)]
        body = (sp.Add if isinstance(node, sp.Sum) else sp.Mul)(*terms)
    return body


def _bounded_sum(node, length):
    """\\sum_l A_{il} x_l written without bounds: l runs over the axis of the arrays it indexes
    (one length for all of them, else not read)."""
    from ..reading.build import SIZE_NAME
    limits = []
    for v, lo, hi in node.limits:
        if getattr(hi, "name", None) == SIZE_NAME:
            found = {length(str(x.base.label), k) for x in node.function.atoms(sp.Indexed)
                     for k, i in enumerate(x.indices) if i == v}
            if len(found) != 1:
                raise NotRead(f"the range of the sum over {v} is not the length of one axis")
            hi = sp.Integer(found.pop())
        limits.append((v, lo, hi))
    return node.func(node.function, *limits)


def _label(letters, at, shapes, dims) -> str:
    """The sizes of one case: K = 2, and \\mathbf{W} 2 x 3 for a name of free lengths."""
    parts = [f"{v} = {at[c]}" for c, v in letters.items() if isinstance(v, str)]
    for name, s in sorted(shapes.of.items()):
        if s == SCALAR or name.startswith(ARRAY_PREFIX):
            continue
        r, c = (dims.find(d) for d in s)
        if letters[r] is None or letters[c] is None:
            if name.startswith(MEMBER):    # the family as a matrix of its members (columns)
                parts.append(f"the members of {name[len(MEMBER):]}: {at[c]} of length {at[r]}")
                continue
            parts.append(f"{name} {at[r]} x {at[c]}")
    return ", ".join(parts) or "as written"


def _hazards(lx, rx, table, kinds, scope, written: dict, sized=frozenset(), shapes=None) -> list:
    from ..document.context import DEPENDS
    out = []
    # a family summed over (\\mathbf x_n under \\sum_n) is there only where its members are declared
    guessed = sorted(n for n, k in table.items() if k != SCALAR and kinds.of(n) is None and n not in _IDENTITY
                     and n not in written and not n.startswith(MEMBER))
    if not kinds.identity and any(n in _IDENTITY and k != SCALAR and kinds.of(n) is None for n, k in table.items()):
        out.append("I read as the identity matrix (the text does not say it)")
    if guessed:
        out.append(f"{', '.join(guessed)} read as a vector or matrix from the shapes of the step "
                   "(the text does not say it): its entries are new names")
    families = sorted(n for n in table if n.startswith(MEMBER))
    tied = {m for m, _ in getattr(shapes, "ties", {}).values()}
    matrices_ = sorted(n for n, k in table.items() if k in ("matrix", "square") and not n.startswith(MEMBER)
                       and not n.startswith(ARRAY_PREFIX) and n not in _IDENTITY and n not in tied)
    if families and matrices_:      # X with the rows x_n^T said in words: read as unrelated here
        out.append(f"{', '.join(matrices_)} read as unrelated to the members of "
                   f"{', '.join(f[len(MEMBER):] for f in families)} (its rows or columns may be them)")
    for family in families:
        base = family[len(MEMBER):]
        others = sorted(n for n in table if re.fullmatch(_member_stem(base), n))
        if others:      # a holds stands (true for any vectors, so for one of the members too)
            out.append(f"{', '.join(others)} read as a vector other than the members of {base} summed "
                       "over (it may be one of them)")
    loose = sorted(n for n, k in table.items() if k == SCALAR and re.fullmatch(r"[A-Za-z]", n)
                   and n not in kinds.scalars and n not in sized)
    if loose:   # 1/m beside vectors of length m the text gives in words
        out.append(f"{', '.join(loose)} read as a number of its own (a length of the vectors?)")
    arrays_ = {n for n, k in table.items() if k != SCALAR}

    def array(x):
        return bool(_members(x)) or any(isinstance(a, sp.Symbol) and (a.name in arrays_ or a.name.startswith(ARRAY_PREFIX))
                                        for a in x.atoms(sp.Symbol))
    for e in (lx, rx):
        if any(array(d.expr) is False and array(sp.Tuple(*d.variables)) for d in e.atoms(sp.Derivative)):
            out.append("a derivative by a vector read as a column like the vector (denominator layout)")
        for f in e.atoms(sp.Function):
            if _fn_name(f) == TRANSPOSED and not array(f.args[0]):
                out.append(f"{shown(str(f.args[0]), 30)}^T of a number read as itself (a power ^T?)")
            if _fn_name(f) == HADAMARD and any(isinstance(a, sp.Mul) and sum(array(x) for x in a.args_cnc()[1]) > 1
                                               for a in f.args):
                out.append(CIRC_BESIDE + "(A x) \\circ y or A (x \\circ y)?")
    lets = dict(scope.lets)
    for e in (lx, rx):
        for f in e.atoms(sp.Function):
            if _fn_name(f).startswith(ELEMENTWISE) and matrices.square_argument(shapes, f.args[0]):
                out.append(f"{DEPENDS}{_fn_name(f).split(':')[1]} of a square matrix read entry by entry "
                           "(the matrix function, as e^{X} is, may be meant)")
            if _fn_name(f) == f"{ELEMENTWISE}sigmoid:0" and lets.get("\\sigma") != "sigmoid" and not kinds.sigmoid \
                    and not _one_by_one_arg(shapes, f.args[0]):     # \sigma(\mathbf w^T \mathbf x + b): a number
                out.append(f"{DEPENDS}\\sigma of a vector read as the sigmoid of each entry (a softmax?)")
    return list(dict.fromkeys(out))


def _one_by_one_arg(shapes, arg) -> bool:
    if shapes is None:
        return False
    try:
        return shapes.one_by_one(shapes.walk(arg))
    except (Mismatch, NotRead):
        return False


class _EntryReader:
    """Entries of patterns and of decorated names, read like the document's own names."""

    def __init__(self, scope, letters=frozenset()):
        self.scope, self.cache, self.letters = scope, {}, letters

    def entry_of_array(self, name: str) -> bool:
        """x_1, W_{12}: an entry (a subscript of digits) of an array the step uses."""
        m = re.fullmatch(r"\\?([A-Za-z]+)_\{?\d+\}?", name)
        return bool(m) and m.group(1) in self.letters and (len(m.group(1)) == 1 or m.group(1) in GREEK)

    def __call__(self, text: str):
        if text not in self.cache:
            from ..reading.read import read
            # g_1 (1 - \tanh^2(z_1)) beside the vector \mathbf{g}: the entry g_1 times (...)
            r = _read_as_values(read, text, self.scope, self.entry_of_array)
            if isinstance(r.expr, sp.MatrixBase):
                raise NotRead(f"an entry '{shown(text, 30)}' of a pattern is itself a matrix")
            self.cache[text] = r.expr
        return self.cache[text]


def _array_value(name, n, m, kind, value, reader, symmetric=False):
    if isinstance(value, Pattern):
        rows, cols = (m, n) if value.transposed else (n, m)
        for k, text in value.written:     # 1, t, \vdots, t^{n-1}: t^{0} and t^{1} as written
            if reader(value.entry_text(k, k)) != reader(text):
                raise NotRead(f"the {value.kind} with an ellipsis: entry {k} '{shown(text, 30)}' is not its last "
                              f"entry's pattern at {k}")

        def entry(i, j):
            if value.kind != "partial":
                return reader(value.entry_text(i + 1, j + 1))
            text = value.entry_text(i + 1, j + 1, (rows, cols))    # grids.Coincide: not this size
            # an entry between the ellipses: a name of its own, so that it cancels nowhere
            return reader(text) if text is not None else sp.Symbol(f"{UNWRITTEN}{name}[{i + 1},{j + 1}]", real=True)
        mat = sp.Matrix(rows, cols, entry)
        return mat.T if value.transposed else mat
    if value is not None:
        return sp.Matrix(value)
    if name in _IDENTITY and kind == "square":
        return sp.eye(n)
    if name == ONES:
        return sp.ones(n, 1)
    # \mathbf{x} and an array x: entries x_1, x_2; \boldsymbol{\delta}: \delta_1, as the document writes them
    letter = _entry_letter(name) if _entries_named(name) or re.fullmatch(r"[A-Za-z]", name) else None
    # a symmetric matrix has one entry for (i, j) and (j, i): A[min, max]
    at = (lambda i, j: (min(i, j), max(i, j))) if symmetric and n == m else (lambda i, j: (i, j))
    core = _entry_letter((accented_array(name) or (None, name))[1])     # \hat{\mathbf{y}}: y
    if letter is not None and (len(core) == 1 or core[1:] in GREEK):
        if kind == "column":
            return sp.Matrix(n, 1, lambda i, j: reader(f"{letter}_{{{i + 1}}}"))
        return sp.Matrix(n, m, lambda i, j: reader("{}_{{{}{}}}".format(letter, *(k + 1 for k in at(i, j)))))
    if kind == "column":
        return sp.Matrix(n, 1, lambda i, j: sp.Symbol(f"{name}[{i + 1}]", real=True))
    return sp.Matrix(n, m, lambda i, j: sp.Symbol("{}[{},{}]".format(name, *(k + 1 for k in at(i, j))), real=True))


# --- the planner's part ----------------------------------------------------------------------

def declared_in(planner) -> dict:
    """The names the document declares in a space (``declared``), once per document."""
    if not hasattr(planner, "_declared_arrays"):
        planner._declared_arrays = declared(planner.text)
    return planner._declared_arrays


def _said_by(planner, key: str, line: int | None) -> bool:
    """Whether the text up to ``line`` says it (entrywise.said_at: the line where it is first said,
    found once per document; a per-step search of the text before it would be quadratic)."""
    cache = planner.__dict__.setdefault("_said_lines", {})
    if key not in cache:
        cache[key] = entrywise.said_at(planner.text, key)
    first = cache[key]
    return first is not None and (line is None or first <= line)


def sigmoid_said(planner, line: int | None, question: str | None = None) -> bool:
    """Whether the text before ``line``, in ``question`` or the preamble, says \\sigma is the
    sigmoid taken entry by entry (components.says_sigma_elementwise: a sentence about the softmax
    or a negation, "\\sigma is the softmax, not the element-wise sigmoid", says nothing of it; a
    later question may make \\sigma the softmax, as the matrices said symmetric are scoped)."""
    if not hasattr(planner, "_sigmoid_said"):
        planner._sigmoid_said = _sigma_elementwise_lines(planner.text)
    if question is None:    # the display's own question (plan._step asks with the line alone)
        question = getattr(planner.ctx, "here", None)
    return any(line is None or said <= line for q, said in planner._sigmoid_said
               if not q or question is not None and _same_question(q, question))


def _sigma_elementwise_lines(text: str) -> list:
    """[(question, line)] of the lines that say \\sigma acts element-wise ("" for the preamble).
    components.says_sigma_elementwise reads sentences that end at a full stop or a line's end,
    so a line holds its sentences whole."""
    from ..reading.components import says_sigma_elementwise
    from ..document.context import question_of
    from ..parse.locate import labels, location_at
    try:
        table = labels(text)
    except Exception:   # a document the labeller cannot take: no questions, one scope
        table = ([0], [None])
    out, at = [], 0
    for number, row in enumerate(text.split("\n"), 1):
        if says_sigma_elementwise(row):
            out.append((question_of(location_at(table, at)), number))
        at += len(row) + 1
    return out


def kinds_for(planner, question: str | None = None, line: int | None = None) -> Kinds:
    """What the document says of names' kinds, as the planner knows it at this step (the
    matrices said symmetric in ``question`` or the preamble; none without a question)."""
    ctx = planner.ctx
    if not hasattr(planner, "_declared_arrays"):
        planner._declared_arrays = declared(planner.text)
    if not hasattr(planner, "_symmetric"):
        from ..document.declared import symmetric
        planner._symmetric = symmetric(planner.text)
    sym = frozenset(n for q, n, said in planner._symmetric if line is not None and said <= line
                    and (question is not None and _same_question(q, question) or not q))
    shapes = Kinds(planner._declared_arrays, frozenset())
    # \underline{h} = \sigma(\underline{z}) was read as a number by the scalar reading: the
    # decoration says more than that reading
    scalars = {n for n, d in ctx.values.items() if not d.params and shapes.of(n) is None}
    scalars |= {n for n, m in ctx.lets.items() if m == "symbol"}
    if not hasattr(planner, "_said_numbers"):
        planner._said_numbers = matrices.said_numbers(planner.text)
    scalars |= {n for n in planner._said_numbers if shapes.of(n) is None and n not in planner._declared_arrays}
    from .grids import one_index_definitions
    if not hasattr(planner, "_size_orders"):
        planner._size_orders = matrices.size_relations(planner.text)
    if not hasattr(planner, "_full_rank"):
        planner._full_rank = frozenset(n for n, d in planner._declared_arrays.items() if d[0] == "matrix"
                                       and any(w.startswith("full ") for w in matrices.restricted(planner.text, [n])))
    if not hasattr(planner, "_stacked"):
        planner._stacked = stacked_families(planner.text, planner._declared_arrays)
    if not hasattr(planner, "_distinct"):
        planner._distinct = distinct_families(planner.text)
    return Kinds(planner._declared_arrays, frozenset(scalars), sym, matrices.identity_free(planner, scalars),
                 entrywise=_said_by(planner, "entrywise", line), sigmoid=sigmoid_said(planner, line, question),
                 entry_defs=one_index_definitions(ctx), orders=planner._size_orders, full_rank=planner._full_rank,
                 stacked=planner._stacked, distinct=planner._distinct)


_STACK_MEMBER = re.compile(r"\\(mathbf|boldsymbol|bm)\s*\{?\s*(\\?[a-z][A-Za-z]*)\s*\}?\s*_\s*\{?\s*[a-z]\s*\}?"
                           r"(\s*\^\s*(?:\{\s*(?:T|\\top)\s*\}|T|\\top))?")
_STACK_MATRIX = re.compile(r"(?<![\\A-Za-z])([A-Z])(?![A-Za-z])|\\(?:mathbf|boldsymbol)\s*\{\s*([A-Z])\s*\}")


# "distinct from $o$", "different from each other and from $\mathbf u_o$": from another vector,
# named in the maths (distinct from each other alone says nothing of u_o)
_DISTINCT_WORDS = re.compile(r"\b(?:distinct|different)\s+from\b[^.;$]{0,40}\$", re.I)


_ANY_MEMBER = re.compile(r"\\(mathbf|boldsymbol|bm)\s*\{?\s*(\\?[a-z][A-Za-z]*)\s*\}?\s*_\s*\{?\s*[A-Za-z0-9]")


def families_said(text: str, says) -> frozenset:
    """The families of vectors (``\\mathbf{u}``) whose members the sentences for which
    ``says(sentence)`` is true write in their maths."""
    out = set()
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z$\\])|\n\s*\n", text):
        if says(sentence):
            math = " ".join(re.findall(r"\$([^$]*)\$", sentence))
            out |= {f"\\{m.group(1)}{{{m.group(2)}}}" for m in _ANY_MEMBER.finditer(math)}
    return frozenset(out)


def distinct_families(text: str) -> frozenset:
    """The families of vectors a sentence says are distinct from the other vectors of the text:
    "$K$ negative samples $\\mathbf u_1, \\dots, \\mathbf u_K$ (all distinct from $o$)". A gradient
    by another member (\\mathbf u_o) is then by a vector none of the summed members is."""
    return families_said(text, _DISTINCT_WORDS.search)


def stacked_families(text: str, declared_arrays: dict) -> dict:
    """{family: (matrix, "rows" | "columns")} of a sentence that says a declared matrix has the
    members of a family of vectors as its rows (``X \\in \\mathbb R^{N \\times d}`` "has the inputs
    $\\mathbf x_n^\\top$ as its rows", "stacked as the rows of $X$") or as its columns: one matrix,
    one family, one of the two words in the sentence; a family said of two matrices is left out."""
    out, seen = {}, set()
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z$\\])|\n\s*\n", text):
        words = re.sub(r"\$[^$]*\$", " ", sentence)
        how = {w for w in ("rows", "columns") if re.search(rf"\b{w}\b", words, re.I)}
        if len(how) != 1:
            continue
        math = " ".join(re.findall(r"\$([^$]*)\$", sentence))
        families = {f"\\{m.group(1)}{{{m.group(2)}}}" for m in _STACK_MEMBER.finditer(math)}
        mats = {n for m in _STACK_MATRIX.finditer(math) for n in [m.group(1) or f"\\mathbf{{{m.group(2)}}}"]
                if declared_arrays.get(n, ("",))[0] == "matrix"}
        if len(families) != 1 or len(mats) != 1:
            continue
        family = families.pop()
        if family in seen:
            out.pop(family, None)
            continue
        seen.add(family)
        out[family] = (mats.pop(), how.pop())
    return out


def plan_step(planner, item, head: bool, assume: list, sizes: dict, identify: bool = False,
              layout: str | None = None) -> None:
    """Plan a step the scalar reading refused, read as vectors and matrices: a definition of
    an array name, or the identity of its entries over every size (``bounded``). NotRead when
    array mode cannot read it either."""
    from checks.model.claims import Identity
    from ..document.context import question_of
    step = item.step
    kinds = kinds_for(planner, question_of(step.location), step.line)
    scope = planner.ctx.scope()
    defs = planner.__dict__.setdefault("_vector_defs", {})
    ctx = planner.ctx
    known = None
    if identify:    # a gradient step: the numbers the document defines (or differentiates) may depend on the vector
        known = _Defined(frozenset(ctx.values) | frozenset(ctx.functions) | frozenset(ctx.indexed)
                         | frozenset(ctx.dependent) | frozenset(ctx.unread) | frozenset(ctx.partials),
                         planner.text, step.lines)
    question = question_of(step.location)
    other = None        # the step read in the other layout of its Jacobians
    try:
        checked = entries(step.from_, step.to, scope, kinds, sizes, identify=identify, defined=known, layout=layout)
    except NotRead as exc:
        if exc.reason.endswith(JACOBIAN):
            checked, other = _both_layouts(planner, step, scope, kinds, sizes, identify, known, layout, exc)
        else:
            # J(\\mathbf{x}) &= [...] \\\\ J(\\mathbf{x}) &= \\text{diag}(...) - (...): the head's shape is its
            # definition's, a row above in this display
            old = _chained_definition(defs, question, step) if head else None
            if old is None:
                raise
            checked = entries(old, step.to, scope, kinds, sizes)
    said_jacobians = checked.said_layout is not None and not checked.gradients
    if not identify and not said_jacobians:     # a gradient step's text was rewritten here; norms._gradient_doubts reads the written one
        checked.hazards.extend(h for h in numerator_doubt(layout_text(planner), kinds, step.from_ + " " + step.to)
                               if h not in checked.hazards)
    if known is not None:
        checked.hazards[:] = _said_numbers(ctx, checked.hazards, question)
        checked.hazards.extend(_held_constant(ctx, known.held, kinds, question))
    name = checked.lhs_name
    if step.relation != "=":
        item.status, item.reason = "undecided", f"the relation {step.relation} between arrays is not checked"
        return
    if head and name is not None and name not in kinds.scalars:
        old = defs.get((question, name))
        defs[(question, name)] = (step.to, step.line)
        notes = planner.__dict__.setdefault("_vector_def_notes", {})
        old_note, notes[(question, name)] = notes.get((question, name)), getattr(step, "note", None)
        if old is None:
            what = "a vector or matrix" if any(x.name == name for x in checked.names) else "a number"
            item.status, item.reason = "definition", f"defines {name} ({what})"
            return
        again = entries(old[0], step.to, scope, kinds, sizes)
        # J(\\mathbf{x}) &= [...] \\\\ J(\\mathbf{x}) &= [...] in one display: a chain of one quantity
        chained = step.lines is not None and step.lines[0] <= old[1] <= step.lines[1]
        # J &= ... && \text{for sigmoid outputs,} \\ J &= ... && \text{for softmax outputs.}: a
        # case note beside either row makes each row a formula of its own
        cased = chained and (_case_note(old_note) or _case_note(getattr(step, "note", None)))
        if (cased or not chained) and any(sp.expand(a - b) != 0 for a, b in zip(again.left, again.right)):
            item.status, item.reason = "definition", f"redefines {name} (defined at line {old[1]})"
            return
        checked = again     # a restatement: checked against the definition at old[1]
        if chained:     # equal formulas hold; a difference may be another case said in the prose
            checked.hazards.append(f"a second formula for {name} in the same display: a restatement or "
                                   "another case?")
    hazards = list(checked.hazards) + matrices.restriction_doubts(planner, [x.name for x in checked.names],
                                                                            kinds.symmetric, step.lines[1] if step.lines else None,
                                                                            f"{step.from_} = {step.to}")
    from ..document import conditions
    beside = conditions.from_note(step.note, planner._reader_for_conditions(),
                                  integers=planner.ctx.integers)
    if beside.domain or beside.letters or beside.others or beside.unread:
        # x > 0 beside a vector step: said of the vector, not of each entry
        assume = list(assume) + list(beside.domain)
        hazards.append(f"the condition '{shown(step.note, 40)}' beside the step is not applied to each entry")
    used = sorted(n for (q, n), (_, line) in defs.items() if q == question and n != name and
                  any(s.name == n for s in checked.names))
    if used:
        hazards.append(f"{', '.join(used)} defined above as an array; its definition is not used here")
    # an array the document defines elsewhere (another question, the prose's inline maths, or
    # by its entries h_k = \sigma(z_k)) is free here: its definition may make the step true
    ctx = planner.ctx
    defined = {n for (_, n) in defs} | set(ctx.values) | set(ctx.functions)
    elsewhere = sorted(n for n in (s.name for s in checked.names) if n != name and n not in used
                       and (n in defined or _entry_letter(n) in ctx.indexed
                            or _said_equal(n, planner.text, step.lines)))
    # the entries of a pattern (h_1 .. h_n) are no names of the step, but their letter may be
    # defined in the prose all the same ($h_i = \sigma(z_i)$)
    letters = {m.group(1) for e in (*checked.left, *checked.right) for x in getattr(e, "free_symbols", ())
               for m in [re.fullmatch(r"(\\?[A-Za-z]+)_\{?[0-9]+\}?", str(x))] if m}
    named = set(elsewhere) | {_entry_letter(n) for n in (*elsewhere, name) if n} | set(checked.used)
    elsewhere += sorted(x for x in letters - named if _said_equal(x, planner.text, step.lines))
    if elsewhere:
        hazards.append(f"{', '.join(elsewhere)} defined in the document; its definition is not used here")
    from .grids import operand_doubts, unknown_partials
    hazards += unknown_partials([*checked.left, *checked.right])
    hazards += operand_doubts(planner.ctx, checked.operands)
    left, right = [], []
    pairs = _symmetrized(list(zip(checked.left, checked.right)), kinds.symmetric)
    if known is not None:       # a label y \in \{0, 1\}: every entry at each of its values
        pairs, said = _at_listed_values(ctx, pairs, question)
        if said:
            checked.legend += f"; the rows above repeated at each value of {said}, in that order"
            checked.count = len(pairs)
    for a, b in pairs:
        ea, ha = planner.ctx.expand(a, step.location)
        eb, hb = planner.ctx.expand(b, step.location)
        left.append(ea)
        right.append(eb)
        hazards += ha + hb
    if any(h.startswith(matrices.RESTRICTED) for h in hazards):     # \Sigma said SPD: its sample (matprops.py)
        from .matprops import sampled
        left, right, hazards, note = sampled(planner, [x.name for x in checked.names], kinds, step,
                                             left, right, hazards)
        checked.legend += f"; {note}" if note else ""
    square = lambda n: (lambda d: d is None or d[0] == "matrix" and d[1] == d[2])(kinds.declared.get(n))
    invertible = [n for n in matrices.said_invertible(planner.text, [x.name for x in checked.names]) if square(n)]
    if invertible:      # a wrong must be at a point where they are invertible, not at B = all ones
        from .matprops import certified_invertible
        at = certified_invertible(invertible, left, right)
        if at is None:
            hazards.append(f"the text says {', '.join(invertible)} invertible, and no exact point where the step "
                           "differs and they are invertible was found")
        elif at:
            checked.legend += f"; differs exactly at {at}, where {', '.join(invertible)} are invertible"
    said_sym = sorted(s.name for s in checked.names if s.name in kinds.symmetric)
    if said_sym:
        checked.legend += f"; {', '.join(said_sym)} with symmetric entries (the document says so)"
    elif any(sp.expand(a - b) != 0 for a, b in zip(left, right)):
        hazards += _if_symmetric(planner, step, checked, kinds, sizes, identify, known, question)
    item.hazards = tuple(dict.fromkeys(hazards))
    item.enumerated = checked.count
    irregular = ("only the entries written in a matrix whose entries do not follow one pattern (those between "
                 "its ellipses are not determined), " if checked.partial else "")
    item.reason = f"{irregular}entry by entry over the sizes: {checked.legend}"
    item.reading = {"from": checked.shown[0], "to": checked.shown[1],
                    "assumptions": [sp.sstr(a, order="none") for a in assume]}
    cid = f"{planner.file}:{item.id_suffix}"
    item.claim = Identity(cid, step.location or "", f"{step.from_} {step.relation} {step.to}",
                          lhs=sp.Matrix(left), rhs=sp.Matrix(right), assume=tuple(assume), sizes=None,
                          document=planner.file, exercise=planner.file)
    if other is not None and other[1] is None:
        item.layouts = other
    elif other is not None:
        label, checked_other, _ = other
        pairs = _symmetrized(list(zip(checked_other.left, checked_other.right)), kinds.symmetric)
        if known is not None:
            pairs, _ = _at_listed_values(ctx, pairs, question)
        expanded = [(planner.ctx.expand(a, step.location)[0], planner.ctx.expand(b, step.location)[0])
                    for a, b in pairs]
        item.layouts = (label, Identity(f"{cid}~{label}", item.claim.location, item.claim.statement,
                                        lhs=sp.Matrix([a for a, _ in expanded]),
                                        rhs=sp.Matrix([b for _, b in expanded]), assume=tuple(assume),
                                        sizes=None, document=planner.file, exercise=planner.file), NUMERATOR)
        item.reason += f" (Jacobians in the {NUMERATOR} layout, entry (i, j) the derivative of entry i by entry j)"


def _both_layouts(planner, step, scope, kinds, sizes, identify, known, layout, refused):
    """(Checked in the layout read, (other layout, its Checked) or None) of a step with the
    derivative of a column by a column. The layout the document says (numerator / denominator
    layout, or gradients shaped like their variable) is the only one read; else both, the
    numerator layout first: where the shapes fit in one only, that one is the step's; where both
    fit, the step is a claim in each (run.py keeps a verdict only where both give it)."""
    from . import nabla
    from ..document.context import question_of
    from .norms import _found, layout_text, said_layouts
    said = said_layouts(layout_text(planner))
    tried = [said] if said else [NUMERATOR, DENOMINATOR]
    # \mathbf h = \sigma(\mathbf z) said once: the Jacobian of h is that of its formula
    question, start = question_of(step.location), nabla.setup(planner.found)
    if "_array_defs" not in planner.__dict__:
        planner._array_defs = nabla.array_definitions(_found(planner), kinds)
    left, used_l = nabla.jacobians_of_definitions(step.from_, planner._array_defs, question, start)
    right, used_r = nabla.jacobians_of_definitions(step.to, planner._array_defs, question, start)
    got = []
    for how in tried:
        try:
            got.append((how, entries(left, right, scope, kinds, sizes, identify=identify, defined=known,
                                     layout=layout, jacobian=how)))
        except NotRead as exc:
            if not exc.reason.startswith("the shapes of the step do not fit"):
                raise
    if not got:
        raise refused
    if said:
        got[0][1].legend += f" (Jacobians in the {said} layout, as the document says)"
        got[0][1].said_layout = said
        return got[0][1], None
    if len(got) == 1:   # the other layout does not fit: a slip of the step, or the text's layout?
        how = got[0][0]
        got[0][1].legend += f" (Jacobians in the {how} layout, the only one the shapes of the step fit)"
        return got[0][1], (NUMERATOR if how == DENOMINATOR else DENOMINATOR, None, how)
    return got[0][1], (DENOMINATOR, got[1][1], NUMERATOR)


def _case_note(note) -> bool:
    """Whether the note beside a row names a case (\\text{for sigmoid outputs}, \\text{if } k = 1)."""
    if not note:
        return False
    words = re.sub(r"\\(?:text|textrm|mathrm|quad|qquad)\b|[{}&,.;:()]", " ", note)
    # (\\text{for all } i: a quantifier over the entries, no case)
    return bool(re.search(r"\b(?:for(?!\s+(?:all|every|each|any)\b)|if|when|case|otherwise)\b", words, re.I))


def _chained_definition(defs: dict, question, step):
    """The right side of the definition of this step's head a row above in its display, or None."""
    head = re.sub(r"\s+", "", step.from_)
    for (q, name), (text, line) in defs.items():
        if q == question and re.sub(r"\s+", "", name) == head and step.lines is not None \
                and step.lines[0] <= line <= step.lines[1]:
            return text
    return None


def _symmetrized(pairs: list, names) -> list:
    """The pairs with A_{ji} as A_{ij} (i < j) for the symmetric matrices ``names``: one entry
    for both, whether the matrix's entries or the step's own A_{kl} wrote it."""
    if not names:
        return pairs
    letters = {_entry_letter(n) or n for n in names} | set(names)
    swap = {}
    for a, b in pairs:
        for x in getattr(a, "free_symbols", set()) | getattr(b, "free_symbols", set()):
            m = re.fullmatch(r"(.+?)_\{(\d)(\d)\}|(.+?)\[(\d+),(\d+)\]", x.name)
            if m is None:
                continue
            stem, i, j = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
            if stem in letters and int(i) > int(j):
                other = f"{stem}_{{{j}{i}}}" if m.group(1) else f"{stem}[{j},{i}]"
                swap[x] = sp.Symbol(other, **x.assumptions0)
    return [(a.xreplace(swap), b.xreplace(swap)) for a, b in pairs] if swap else pairs


def _if_symmetric(planner, step, checked, kinds, sizes, identify, known, question) -> list:
    """The doubt of a step that is wrong as read with independent entries but holds exactly
    when its matrices the text calls a Hessian, covariance, precision or Gram matrix are
    symmetric (as those are, without the document saying it): "holds if H is symmetric". None
    when it fails either way."""
    if not hasattr(planner, "_symmetric_nouns"):
        from ..document.declared import symmetric
        planner._symmetric_nouns = symmetric(planner.text, nouns=True)
    likely = {n for q, n, _ in planner._symmetric_nouns if not q or _same_question(q, question)}
    # only a matrix the text calls a Hessian, covariance, Gram ...: a general matrix's missing
    # transpose or "x^T A x -> 2 A x" is the document's error
    square = frozenset(s.name for s in checked.names if s.name in likely) - kinds.symmetric
    if not square:
        return []
    try:
        again = entries(step.from_, step.to, planner.ctx.scope(), replace(kinds, symmetric=kinds.symmetric | square),
                        sizes, identify=identify, defined=known)
    except NotRead:
        return []
    pairs = _symmetrized(list(zip(again.left, again.right)), kinds.symmetric | square)
    if known is not None:
        pairs, _ = _at_listed_values(planner.ctx, pairs, question)
    for a, b in pairs:
        if sp.expand(planner.ctx.expand(a, step.location)[0] - planner.ctx.expand(b, step.location)[0]) != 0:
            return []
    names = ", ".join(sorted(square))
    return [f"holds if {names} {'is' if len(square) == 1 else 'are'} symmetric (the document does not say so; "
            "a Hessian, covariance or Gram matrix is)"]


def _data_clues(ctx, name: str, question: str) -> list:
    """The clues that give ``name`` a value or a set (y \\in \\{0, 1\\}, \\lambda = 0.1) in
    ``question``: its own, else the preamble's (before the first question); a set said in another
    question is of that question's data, not of this one's."""
    ev = ctx.evidence
    if ev is None or not hasattr(ev, "about"):
        return []
    data = [c for c in ev.about(name, None) if c.kind in ("set", "number") and c.value]   # (None: all)
    return [c for c in data if _same_question(c.question, question)] or [c for c in data if not c.question]


def _same_question(a: str | None, b: str | None) -> bool:
    """Whether two question labels name one question: "Problem 3" (a heading) and "3" (of 3(a))."""
    def bare(q):
        return re.sub(r"^(?:[A-Za-z]+\.?\s*)(?=\d)", "", (q or "").strip())
    return (a or "") == (b or "") or (bool(a) and bool(b) and bare(a) == bare(b))


def _listed(clues: list) -> set:
    """The distinct lists of values the set clues give (``{(0, 1)}``); None for a set not
    listed (y \\in \\mathbb{R})."""
    out = set()
    for c in clues:
        if c.kind == "set":
            m = _LISTED.search(c.shown)
            out.add(tuple(int(v) for v in m.group(1).split(",")) if m else None)
    return out


def _is_data(ctx, name: str, question: str) -> bool:
    """Whether the document gives ``name`` a value or a set in ``question`` (or its preamble),
    and not two sets that disagree: a number of the data, not a formula of the step's vectors."""
    clues = _data_clues(ctx, name, question)
    return bool(clues) and len(_listed(clues)) <= 1


_OWN_NUMBER = re.compile(r"(.*) read as a number of its own \(a length of the vectors\?\)$")


def _said_numbers(ctx, hazards: list, question: str) -> list:
    """The hazards of a gradient step without the doubt that a letter may be a length of the
    vectors where the document says it is a number of a set (a label y \\in \\{0, 1\\})."""
    out = []
    for h in hazards:
        m = _OWN_NUMBER.fullmatch(h)
        if m:
            names = [n.strip() for n in m.group(1).split(",") if not _is_data(ctx, n.strip(), question)]
            if not names:
                continue
            h = f"{', '.join(names)} read as a number of its own (a length of the vectors?)"
        out.append(h)
    return out


_LISTED = re.compile(r"\\in\s*\\\{\s*(-?\d+(?:\s*,\s*-?\d+){1,3})\s*\\\}\s*$")


def _at_listed_values(ctx, pairs: list, question: str):
    """(pairs, what): the entries of a gradient step with each number the document puts in a
    listed set (y \\in \\{0, 1\\}) in the step's ``question`` (or the preamble) at every value
    of the set, in place of one real y (which would refute a step that uses y^2 = y); the pairs
    unchanged when there is none, or the sets there disagree."""
    names = sorted({x.name for a, b in pairs for x in (getattr(a, "free_symbols", set()) |
                                                       getattr(b, "free_symbols", set()))
                    if isinstance(x, sp.Symbol)})
    listed = {}
    for name in names:
        found = _listed(_data_clues(ctx, name, question))
        if len(found) == 1 and None not in found:
            listed[name] = found.pop()
    if not listed or len(pairs) * max(len(v) for v in listed.values()) ** len(listed) > MAX_ENTRIES:
        return pairs, ""
    out = []
    for values in itertools.product(*listed.values()):
        at = dict(zip(listed, values))
        for a, b in pairs:
            put = {x: sp.Integer(at[x.name]) for x in (a.free_symbols | b.free_symbols)
                   if isinstance(x, sp.Symbol) and x.name in at}
            out.append((a.xreplace(put), b.xreplace(put)))
    said = ", ".join(f"{n} in {{{', '.join(map(str, v))}}}" for n, v in listed.items())
    return out, said


def _hyperparameter(ctx, name: str, question: str) -> bool:
    """Whether the text makes ``name`` a hyperparameter in ``question`` (declared.py: a learning
    rate or temperature by its role, the weight of a penalty \\frac{\\lambda}{2}\\|\\mathbf w\\|^2)."""
    data = getattr(getattr(ctx, "evidence", None), "data", None)
    d = data.datum(name, question) if data is not None else None
    return d is not None and d.why.startswith("a hyperparameter")


def _held_constant(ctx, held: set, kinds, question: str) -> list:
    """The doubt of numbers held constant in a gradient: none for a length letter of a declared
    shape or a name the document gives a value or a set (data); any other (a p said in words to
    be a prediction?) may depend on the vector."""
    from ..document.context import DEPENDS
    lengths = {v for _, r, c in kinds.declared.values() for v in (r, c) if isinstance(v, str)}
    loose = sorted(n for n in held if n not in lengths and not _is_data(ctx, n, question)
                   and not _hyperparameter(ctx, n, question))
    if not loose:
        return []
    return [f"{DEPENDS}{', '.join(loose)} held constant in the gradient (the document gives {'it' if len(loose) == 1 else 'them'} "
            "no formula, value or set: it may depend on the vector)"]


class _Defined:
    """The names a gradient step may not hold constant: those the document defines so far, and
    any it writes as ``NAME = ...`` anywhere outside the step (a definition further on)."""

    def __init__(self, names: frozenset, text: str, lines):
        self.names, self.text, self.lines, self.said = names, text, lines, {}
        self.held = set()       # the numbers a gradient was taken with held constant

    def __contains__(self, name: str) -> bool:
        if name in self.names:
            return True
        if name not in self.said:
            self.said[name] = _said_equal(name, self.text, self.lines)
        return self.said[name]


def _said_equal(name: str, text: str, lines, after: str = "") -> bool:
    """Whether the document writes ``NAME =`` outside the step's own display (``Let
    $\\mathbf{p} = \\mathrm{softmax}(\\mathbf{z})$`` in the prose, which the scalar reading may
    not have taken as a definition): the step may depend on what it says."""
    label = None if after else re.search(r"\^\{\((\w{1,3})\)\}$", name)
    if label:       # \boldsymbol{\delta}^{(2)}: said as \boldsymbol\delta^2 = ..., ^{2}, ^{(2)} or ^{[2]}
        k = re.escape(label.group(1))
        return _said_equal(name[:label.start()], text, lines,
                           r"\s*\^\s*(?:\{\s*(?:%s|\(\s*%s\s*\)|\[\s*%s\s*\])\s*\}|%s(?![A-Za-z0-9]))" % (k, k, k, k))
    m = _ARRAY_NAME.match(name)
    if m:
        decor = re.match(r"\\([A-Za-z]+)", name).group(1)
        letter = ("\\\\" if m.group(0).count("\\") > 1 else "") + m.group(1)
        # \mathbf{h} itself, or its entries written plainly (h_i = \sigma(z_i))
        pattern = (rf"(?:\\{decor}\s*(?:\{{\s*{letter}\s*\}}|{letter}(?![A-Za-z]))"
                   rf"|(?<![A-Za-z\\{{]){letter}(?=\s*_))")
    elif re.fullmatch(r"\\?[A-Za-z]+", name):
        # h of the step is also \mathbf h of the prose (\mathbf h = \sigma(\mathbf z))
        pattern = (r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*" + re.escape(name) + r"\s*\}|" + re.escape(name)
                   + r"(?![A-Za-z]))|(?<![A-Za-z\\{])" + re.escape(name) + r"(?![A-Za-z]))")
    else:
        return False
    if after:       # a layer's array: its label after the name, then maybe an entry's subscript
        pattern = f"(?:{pattern}){after}"
    # or one of its entries: h_i = \sigma(z_i), p_{i} = \frac{...}{...} define the array entry by entry
    pattern += r"(?:\s*_\s*(?:\{[^{}=]{1,20}\}|[A-Za-z0-9]))?"
    own = range(lines[0], lines[1] + 1) if lines else range(0)
    # the name is the whole left side: after the start of a line or of the maths, an alignment
    # or a separator (W^T g = ... says nothing of g)
    start = r"(?:^|(?<=[$&,;:(])|(?<=\\\[)|(?<=\\\\))\s*"
    for hit in re.finditer(start + pattern + r"\s*(?:=(?!=)|:=|\\coloneqq|\\triangleq)", text[:300_000],
                           re.M):
        if text.count("\n", 0, hit.start()) + 1 not in own and not _own_transpose(text, hit.end(), pattern):
            return True
    return False


def _own_transpose(text: str, at: int, pattern: str) -> bool:
    """Whether what follows ``NAME =`` at ``at`` is the name's own transpose (S = S^\\top): a
    symmetry said, not a formula the name is defined by."""
    return re.match(r"\s*(?:%s)\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T(?![A-Za-z])|\\top(?![A-Za-z])|\\intercal(?![A-Za-z]))"
                    r"\s*(?:[$.,;]|\\\]|$)" % pattern, text[at:at + 80]) is not None


def _entry_letter(name: str) -> str:
    """The base its entries are written with: \\mathbf{h} -> h, \\boldsymbol{\\delta} -> \\delta,
    \\hat{\\mathbf{y}} -> \\hat{y}."""
    accented = accented_array(name)
    if accented is not None:
        return f"\\{accented[0]}{{{_entry_letter(accented[1])}}}"
    letter = array_letter(name) or name
    return "\\" + letter if letter in GREEK else letter

