"""Matrices written with ellipses: a grid of written rows and columns around a row and a column of dots.

    a_{11} & a_{12} & \\cdots & a_{1n} \\\\          d_1 & 0 & \\cdots & 0 \\\\
    a_{21} & a_{22} & \\cdots & a_{2n} \\\\          0 & d_2 & \\cdots & 0 \\\\
    \\vdots & \\vdots & \\ddots & \\vdots \\\\        \\vdots & & \\ddots & \\vdots \\\\
    a_{m1} & a_{m2} & \\cdots & a_{mn}              0 & 0 & \\cdots & d_n

Each written row has a position: 1, 2, ... before the row of dots and the size letter after it
(m: read off where the first and the last rows differ, a ``1`` against a letter); columns the
same. Then the entries are read in this order:

1. ``full``: one pattern for every written entry, each index token the entry's row or column
   (a_{ij}, \\frac{\\partial h_i}{\\partial z_j});
2. ``diagonal`` / ``split``: on a square grid, one pattern on the diagonal (d_i) and, off it,
   zeros (the diagonal matrix of an elementwise Jacobian) or a second pattern over both indices
   (the softmax Jacobian s_i (1 - s_i) on the diagonal, -s_i s_j off it). A constant other
   than 0 off the diagonal (c in every written corner) is not generalised: it may be the corners
   only (a Toeplitz or banded matrix), so such a matrix falls to 3;
3. ``partial``: no pattern fits (how real errata look: S_n - S_n S_1 at (n, 1), where the
   derivative is -S_n S_1). Every written entry still has a definite position, and only
   those are known.

Why a partial matrix is evidence for ``wrong`` but never for ``holds``: at a size where the
written positions are distinct (n >= 3 for rows 1, 2, n) the matrix the document writes has
exactly the written entry at each written position, whatever it means between the ellipses.
An entry of a side computed from written entries only is therefore what the document states
at that size, and a certified difference there refutes the step for that size, which the
ellipses claim as one of all sizes. The entries between the ellipses are unknown: every entry
of a side that depends on one is dropped from the comparison (vectors._evaluate), so agreement
on the rest proves nothing about them and the step cannot hold (a HOLDS_ONLY hazard). At a size
where two written positions coincide (n = 2 for rows 1, 2, n) the text gives two entries for
one place: that size is not compared (Coincide).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..reading.notation import NotRead

UNWRITTEN = "\\langle unwritten "      # an entry between the ellipses of a partial pattern


class Coincide(Exception):
    """Two written positions of a partial pattern are one place at this size."""


def grid(cells):
    """The Pattern of a grid with a row and / or a column of dots, or None when the layout is
    not one (dots elsewhere); NotRead when its size letters cannot be read off."""
    width = max(len(r) for r in cells)
    table = [list(r) + [""] * (width - len(r)) for r in cells]
    layout = _layout(table)
    if layout is None:
        return None
    rows, cols = layout
    explicit = {}
    for r, rl in rows:
        for c, cl in cols:
            cell = table[r][c].strip()
            if _dots_cell(cell):
                raise NotRead(f"the matrix with an ellipsis: its entry at ({r + 1}, {c + 1}) is an ellipsis")
            explicit[(r, c)] = cell or "0"      # d_1 & & \\ & \ddots & \\ & & d_n: a blank entry is 0
    row_letter = _size_letter([(explicit[(rows[0][0], c)], explicit[(rows[-1][0], c)]) for c, _ in cols]) \
        if rows[-1][1] is None else None
    col_letter = _size_letter([(explicit[(r, cols[0][0])], explicit[(r, cols[-1][0])]) for r, _ in rows]) \
        if cols[-1][1] is None else None
    if rows[-1][1] is None and cols[-1][1] is None and row_letter is None and col_letter is None:
        # d_1 ... 0 / 0 ... d_n: the diagonal gives the one letter of a square matrix
        row_letter = col_letter = _size_letter([(explicit[(rows[0][0], cols[0][0])],
                                                 explicit[(rows[-1][0], cols[-1][0])])])
    rows = [(r, rl if rl is not None else row_letter) for r, rl in rows]
    cols = [(c, cl if cl is not None else col_letter) for c, cl in cols]
    entries = [(rl, cl, _token_list(explicit[(r, c)])) for r, rl in rows for c, cl in cols]
    return _read(entries, rows[-1][1], cols[-1][1])


def _read(entries, n_rows, n_cols):
    from .vectors import Pattern
    full = _fit(entries)
    if full is not None:
        # \sigma'(z_1) \cdots \sigma'(z_K) in every row: the same row however many; their number
        # (None) is the step's to give (vectors: a free length is a hazard)
        return Pattern("full", n_rows, n_cols, *full)
    _no_slip(entries)
    if n_rows is None or n_cols is None:
        what = "rows" if n_rows is None else "columns"
        raise NotRead(f"the matrix with an ellipsis: the number of its {what} is not written (no entry "
                      "runs its index to a size letter)")
    if n_rows == n_cols:
        diag = [e for e in entries if e[0] == e[1]]
        off = [e for e in entries if e[0] != e[1]]
        on = _fit(diag, diagonal=True)
        if on is not None and off:
            if all(t == ["0"] for _, _, t in off):
                return Pattern("diagonal", n_rows, n_cols, *on)
            rest = _fit(off)
            if rest is not None and (rest[1] or rest[2]):
                return Pattern("split", n_rows, n_cols, *on, off=Pattern("full", n_rows, n_cols, *rest))
    cells = tuple((rl, cl, tuple(t)) for rl, cl, t in entries)
    return Pattern("partial", n_rows, n_cols, tuple(entries[0][2]), cells=cells)


def _no_slip(entries) -> None:
    """NotRead when every written entry but one follows one pattern and that one is the pattern
    with other indices (\\partial h_K/\\partial z_1 at (K, 1) where the others give
    \\partial h_1/\\partial z_K): the text names another place than where the entry stands, a
    slip whose meaning is the author's (the entry as written, or as the pattern says). An entry
    that differs in more than its indices (a sign) is no slip: it is read as written (partial)."""
    slips = []
    for k, (rl, cl, tokens) in enumerate(entries):
        rest = entries[:k] + entries[k + 1:]
        fit = _fit(rest)
        if fit is None or len(tokens) != len(fit[0]):
            continue
        pattern, at_row, at_col = fit
        index = set(at_row) | set(at_col)
        if any(a != b for m, (a, b) in enumerate(zip(tokens, pattern)) if m not in index):
            continue
        expected = list(pattern)
        for m in at_row:
            expected[m] = str(rl)
        for m in at_col:
            expected[m] = str(cl)
        if expected != list(tokens):
            slips.append((f"({rl}, {cl})", f"'{_spaced(tokens)}' where the others give '{_spaced(expected)}'"))
    if len(slips) == 1:
        raise NotRead(f"a slip at {slips[0][0]} of the matrix with an ellipsis? {slips[0][1]}")
    if slips:       # either one may be the slip: two readings
        raise NotRead(f"a slip at {' or at '.join(p for p, _ in slips)} of the matrix with an ellipsis? "
                      f"those entries fit no one pattern together ({slips[0][0]}: {slips[0][1]})")


def _layout(table):
    """([(row, label)], [(column, label)]) of the written rows and columns, label 1, 2, ... or
    None for the last one after a row (column) of dots, whose label is the size letter; None
    when the dots are not one row and / or one column just before the last."""
    height, width = len(table), len(table[0])
    dot_rows = [r for r in range(height) if all(_dots_cell(c) or not c.strip() for c in table[r])
                and any(_dots_cell(c) for c in table[r])]
    written = [r for r in range(height) if r not in dot_rows]
    # a column of dots: dots or blanks in the written rows (d_1 & & \\ & \ddots & \\ & & d_n), and dots
    # in it somewhere
    dot_cols = [c for c in range(width) if written
                and all(_dots_cell(table[r][c]) or not table[r][c].strip() for r in written)
                and any(_dots_cell(table[r][c]) for r in range(height))]
    if len(dot_rows) > 1 or len(dot_cols) > 1 or not (dot_rows or dot_cols):
        return None
    if dot_rows and (dot_rows[0] != height - 2 or height < 3):
        return None
    if dot_cols and (dot_cols[0] != width - 2 or width < 3):
        return None
    if any(_dots_cell(table[r][c]) for r in written for c in range(width) if c not in dot_cols):
        return None
    rows = [(r, None if dot_rows and r == height - 1 else r + 1) for r in written]
    cols = [(c, None if dot_cols and c == width - 1 else c + 1) for c in range(width) if c not in dot_cols]
    return rows, cols


_DOTS = re.compile(r"^\s*(?:\\(?:vdots|cdots|ddots|ldots|dots)\s*)+$")


def _dots_cell(cell: str) -> bool:
    return bool(_DOTS.match(cell))


def _token_list(text: str) -> list:
    """The tokens of an entry, a one-token subscript without its braces (x_{1} as x_1)."""
    from .vectors import _tokens
    tokens, out = _tokens(text), []
    k = 0
    while k < len(tokens):
        if tokens[k] == "_" and tokens[k + 1:k + 2] == ["{"] and tokens[k + 3:k + 4] == ["}"]:
            out += ["_", tokens[k + 2]]
            k += 4
            continue
        out.append(tokens[k])
        k += 1
    return out


def _spaced(tokens) -> str:
    text = ""
    for tok in tokens:     # a space only where TeX needs one: \partial S
        text += (" " if text and re.search(r"\\[A-Za-z]+$", text) and tok[:1].isalpha() else "") + tok
    return text


def _size_letter(pairs):
    """The size letter where the entries of the first and the last row (column) differ only in
    index tokens, ``1`` against one letter; None if no pair says it; NotRead for two letters."""
    found = set()
    for first, last in pairs:
        a, b = _token_list(first), _token_list(last)
        if len(a) != len(b):
            continue
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        if diff and all(x == "1" and re.fullmatch(r"[A-Za-z]", y) for x, y in diff):
            found |= {y for _, y in diff}
    if len(found) > 1:
        raise NotRead(f"the matrix with an ellipsis: two size letters ({', '.join(sorted(found))}) "
                      "for one length")
    return found.pop() if found else None


def _fit(entries, diagonal=False):
    """(tokens, row positions, column positions) of the one pattern every entry follows, each
    index token the entry's row or column label; None if there is none. The labels must vary
    (two rows, two columns at least), else a constant and an index cannot be told apart."""
    if len(entries) < 2 or len({len(t) for _, _, t in entries}) != 1:
        return None
    if len({rl for rl, _, _ in entries}) < 2 or len({cl for _, cl, _ in entries}) < 2:
        return None
    at_row, at_col = [], []
    for k in range(len(entries[0][2])):
        column = [t[k] for _, _, t in entries]
        if len(set(column)) == 1:
            continue
        if all(t == str(rl) for (rl, _, _), t in zip(entries, column)):
            at_row.append(k)
        elif not diagonal and all(t == str(cl) for (_, cl, _), t in zip(entries, column)):
            at_col.append(k)
        else:
            return None
    if not at_row and not at_col:
        return None
    tokens = list(entries[0][2])
    return tuple(tokens), tuple(at_row), tuple(at_col)


def written_entry(p, i: int, j: int, size):
    """The text written at (i, j) of a partial pattern at ``size`` = (rows, cols), or None."""
    rows, cols = size

    def place(label, n):
        return n if isinstance(label, str) else label
    for length, labels in ((rows, {rl for rl, _, _ in p.cells}), (cols, {cl for _, cl, _ in p.cells})):
        places = [place(x, length) for x in labels]
        if len(set(places)) != len(places) or max(places) > length:
            raise Coincide()
    sized = {x: n for x, n in ((p.rows, rows), (p.cols, cols)) if isinstance(x, str)}
    for rl, cl, tokens in p.cells:
        if place(rl, rows) == i and place(cl, cols) == j:
            return _spaced(_at_size(tokens, sized))
    return None


def _at_size(tokens, sized: dict) -> list:
    """The size letters in the subscripts of an entry as their values (S_n -> S_{3} at n = 3);
    a size letter elsewhere is the size as a number already (vectors._sized_entry)."""
    return _in_subscripts(tokens, sized)


def _placed(tokens):
    """(token, where) of every token: "bar" right after ``_``, "group" inside a subscript's
    brace group, None elsewhere."""
    depth = None      # the brace depth inside a subscript group, else None
    for k, tok in enumerate(tokens):
        after_bar = k > 0 and tokens[k - 1] == "_"
        yield tok, "bar" if after_bar else ("group" if depth is not None else None)
        if depth is not None:
            depth += (tok == "{") - (tok == "}")
            if depth == 0:
                depth = None
        elif after_bar and tok == "{":
            depth = 1


def _in_subscripts(tokens, values: dict) -> list:
    """``tokens`` with the letters of ``values`` given their numbers where they stand in a
    subscript (right after ``_``, or inside its brace group); elsewhere they are left."""
    out = []
    for tok, where in _placed(tokens):
        if tok in values and where == "bar":
            out.append("{%d}" % values[tok])
        elif tok in values and where == "group":
            out.append(str(values[tok]))
        else:
            out.append(tok)
    return out


def least_sizes(p) -> dict:
    """{size letter: the least size keeping the written positions of a partial pattern apart}."""
    out = {}
    for k, letter in ((0, p.rows), (1, p.cols)):
        if isinstance(letter, str):
            fixed = [c[k] for c in p.cells if isinstance(c[k], int)]
            out[letter] = max(out.get(letter, 1), max(fixed, default=0) + 1)
    return out


def unknown_partials(exprs) -> list:
    """A hazard for the entries of an array step that are partials read as unknowns
    (``\\partial S_1/\\partial z_1`` where nothing defines S_1 as a function of z_1): two of them
    may be tied by the chain rule or by a definition the reading does not apply (S_i for
    S(\\mathbf{z})_i), so a step that differs on them is not certainly wrong. A grid of such
    partials equal to itself still holds: the hazard only stops a ``wrong``."""
    from ..document.context import PARTIALS
    names = set()
    for e in exprs:
        for s in getattr(e, "free_symbols", ()):
            if str(getattr(s, "name", "")).startswith("\\partial "):
                names.add(s.name)
        for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative):
            # a name, not a function of the variable; x_1 by x_2 is known (entries of one vector)
            if isinstance(d.expr, sp.Symbol) and not all(_base(v) == _base(d.expr) for v in d.variables):
                names.add(f"\\partial {d.expr.name}/\\partial " + ", ".join(str(v) for v in d.variables))
    if not names:
        return []
    shown_ = ", ".join(sorted(names)[:4]) + (", ..." if len(names) > 4 else "")
    return [f"{PARTIALS}{shown_} read as unknowns that a definition or the chain rule may fix"]


def _base(symbol) -> str:
    """The letter of an entry name (x of x_3), or the whole name."""
    return re.sub(r"_(?:\{[^{}]*\}|[A-Za-z0-9])$", "", str(symbol))


def argument_lengths(patterns: dict, declared: dict | None = None) -> dict:
    """{entry letter: size letter} of the vectors that a step's grids write entry by entry
    without naming the vector itself: ``\\frac{\\partial S(\\mathbf{x})_1}{\\partial x_n}`` writes
    x_1 .. x_n, so the sum over the entries of x in the definition of S runs to n. Only a
    vector (one index) with one size letter in the step. (What the document declares, x \\in
    \\mathbb{R}^D, is one map for the whole text, and documents reuse x from question to
    question: the entries the step writes are the better witness.) But a grid may write only a
    block (the top-left m x m of the Jacobian of the softmax of x \\in \\mathbb{R}^n): where
    ``declared`` ({entry letter: length}) gives the vector another length, the sum's range is
    not known, and the letter maps to a Conflict (the sum is then not read)."""
    out = {}
    for letter, found in patterns.items():
        if len(found) != 1:
            continue
        (rows, cols), = found
        if cols is None and isinstance(rows, str):
            said = (declared or {}).get(letter)
            out[letter] = rows if said is None or str(said) == rows else Conflict(letter, rows, str(said))
    return out


@dataclass(frozen=True)
class Conflict:
    """A grid that writes x_1 .. x_m of a vector the text declares with n entries."""
    letter: str
    written: str
    declared: str

    def message(self) -> str:
        return (f"a sum over the entries of {self.letter}: the grid writes {self.letter}_1 .. "
                f"{self.letter}_{self.written}, the text declares {self.declared} entries (a block of a larger array?)")


# --- matrices written by the formula of their entry (i, j) ----------------------------------
#
# ``(S_i S_j)`` beside matrices, and ``\text{diag}(s_i \mathbf{1}_{i=j})``, write a matrix by the
# formula of its entry (i, j): i the row and j the column, as (a_{ij}) writes a matrix. Read
# only where that is the one reading that fits: the group is not an argument or a component
# ((A x)_i), i and j occur as subscripts only, nowhere else in the side, and nothing binds them.
# diag of such a formula is read only where the formula vanishes off the diagonal (a factor
# \mathbf{1}_{i=j} or \delta_{ij}): the matrix of the formula and the diagonal matrix of its
# diagonal are then one matrix; diag of any other formula of (i, j) is the author's choice.

FORMULA = "\\derivcheckentryformula"      # the body of a bmatrix standing for such a matrix
SQUARE = "\\derivcheckdiagonalformula"    # the same, a diagonal (square) one
ROW, COL = "i", "j"
_INDICATOR = re.compile(r"\\(?:mathbf|mathbb|mathbbm|boldsymbol)\s*\{\s*1\s*\}\s*_\s*\{\s*([ij])\s*=\s*([ij])\s*\}"
                        r"|(?<![A-Za-z\\])1\s*_\s*\{\s*([ij])\s*=\s*([ij])\s*\}"
                        r"|\\delta\s*_\s*\{\s*([ij])\s*,?\s*([ij])\s*\}")


_WORDS = re.compile(r"\\(?:begin|end|text|textrm|mathrm|operatorname|mathit)\s*\{[^{}]*\}")


def _subscript_letters(text: str):
    """(letters in subscripts, letters elsewhere) among i, j of ``text``; the letters of words
    (\\begin{bmatrix}, \\text{diag}) are none."""
    from .vectors import _tokens
    inside, outside = set(), set()
    for tok, where in _placed(_tokens(_WORDS.sub(" ", text))):
        if tok in (ROW, COL):
            (inside if where else outside).add(tok)
    return inside, outside


def entry_formula(inner: str) -> bool:
    """``inner`` is a formula of the entry (i, j): i and j both in subscripts, nowhere else, no
    sum or product to bind a letter."""
    if re.search(r"\\(?:sum|prod|int|begin)(?![A-Za-z])", inner):
        return False
    inside, outside = _subscript_letters(_INDICATOR.sub(" ", inner))
    inside_all, _ = _subscript_letters(inner)
    return inside_all == {ROW, COL} and not outside


def _single_term(inner: str) -> bool:
    """No + or - at the top level but a leading sign."""
    depth = 0
    body = inner.strip().lstrip("-").strip()
    for ch in body:
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and ch in "+-":
            return False
    return True


def off_diagonal_zero(inner: str) -> bool:
    """``inner`` is one term of the entry (i, j) with a factor 1_{i=j} / \\delta_{ij}."""
    found = [m for m in _INDICATOR.finditer(inner)]
    if len(found) != 1 or not _single_term(inner):
        return False
    pair = {g for g in found[0].groups() if g}
    return pair == {ROW, COL} and entry_formula(inner)


def formula_matrices(text: str) -> str:
    """The groups ``(f)`` of ``text`` that are formulas of the entry (i, j) as bmatrix stand-ins;
    the text unchanged when i or j also occurs outside them (another meaning in the side)."""
    from .vectors import _close
    spans, k = [], 0
    while k < len(text):
        start = k
        if text.startswith("\\left(", k):
            opened = len("\\left(")
        elif text[k] == "(":
            opened = 1
        else:
            k += 1
            continue
        end = _close(text, start)
        before = text[:start].rstrip()
        after = text[end:].lstrip()
        inner = text[start + opened:end - (len("\\right)") if text[:end].endswith("\\right)") else 1)]
        if (not before or before[-1] in "=+-(") and not after.startswith(("_", "^", "'")) \
                and entry_formula(inner):
            spans.append((start, end, inner))
            k = end
            continue
        k = start + opened
    if not spans:
        return text
    rest = _STAND_IN.sub(" ", text)
    for start, end, _ in reversed(spans):
        rest = rest.replace(text[start:end], " ")
    inside, outside = _subscript_letters(rest)
    if inside & {ROW, COL} or outside & {ROW, COL}:
        return text
    for start, end, inner in reversed(spans):
        text = text[:start] + "\\begin{bmatrix} " + FORMULA + " " + inner + " \\end{bmatrix}" + text[end:]
    return text


def formula_pattern(body: str):
    """The Pattern of a bmatrix stand-in of formula_matrices / a diag of one (vectors._diagonals):
    its size is the step's (shapes), square for a diagonal one."""
    from .vectors import Pattern
    square = body.strip().startswith(SQUARE)
    inner = body.strip()[len(SQUARE if square else FORMULA):].strip()
    return Pattern("formula", None, None, tuple(_token_list(inner)), square=square)


def formula_entry(tokens, i: int, j: int) -> str:
    """The text of entry (i, j) of a formula pattern: the indicator as 1 or 0, then i and j in
    subscripts as the row and the column."""
    text = _INDICATOR.sub(lambda m: "(1)" if i == j else "(0)", " ".join(tokens))
    from .vectors import _tokens
    return _spaced(_in_subscripts(_tokens(text), {ROW: i, COL: j}))


def orientation_doubts(arrays: dict, reader) -> list:
    """A hazard for a matrix written by a formula of (i, j) that changes when i and j trade
    places ((a_j b_i)): that i is its row is the common convention, not the document's word.
    A symmetric formula ((S_i S_j), s_i 1_{i=j}) is one matrix either way."""
    from .vectors import Pattern
    from ..document.context import DEPENDS
    out = []
    for p in arrays.values():
        if isinstance(p, Pattern) and p.kind == "formula" and \
                sp.expand(reader(p.entry_text(1, 2)) - reader(p.entry_text(2, 1))) != 0:
            out.append(f"{DEPENDS}the matrix ({_spaced(p.tokens)}) read with i its row and j its column "
                       "(the text does not say which)")
    return out


# --- entries defined one by one in the text ---------------------------------------------------

def one_index_definitions(ctx) -> dict:
    """{letter: (index symbol, formula)} of the arrays the document defines entry by entry with
    one index (``p_i = \\frac{e^{z_i}}{\\sum_{k=1}^n e^{z_k}}``, ``h_k = \\sigma(z_k)``), made in the
    question being read or in a preamble it shares: Problem 1's softmax p_i is not Problem 2's
    p, which "replaces the softmax by sigmoid units" in words."""
    out = {}
    for name, d in getattr(ctx, "indexed", {}).items():
        if not _defined_here(ctx, d):
            continue
        # g_i = \\partial L/\\partial h_i is no formula of entries: a derivative of an unknown
        if len(d.params) == 1 and re.fullmatch(r"\\?[A-Za-z]+", name) and not d.body.has(sp.Derivative, sp.Subs):
            out[name] = (d.params[0], d.body)
    return out


def _defined_here(ctx, d) -> bool:
    """Whether a definition holds where the context reads (Context._note_use's test, without
    its doubt: an entry formula from another question would decide a step, not just doubt it)."""
    here = getattr(ctx, "here", None)
    if here is None or getattr(d, "location", None) is None:
        return True
    return d.question() == here or ctx.shared(d)


_ENTRY_NAME = re.compile(r"(\\?[A-Za-z]+)_\{?([0-9]+)\}?")


def with_entry_definitions(u, defs: dict, sized: dict, reader, length, used):
    """``u`` with each entry p_3 of an array defined entry by entry replaced by its formula at
    3, and the derivatives of such entries taken (\\partial p_1/\\partial z_2 of the softmax is
    -p_1 p_2). The formula's sums run to the step's size: its bound a size letter of the step,
    or (\\sum_k without bounds) the length of the array it indexes. A formula that needs
    anything else (a size the step does not fix, an index that stays free) is left out, and so
    is a derivative whose formula still holds an entry of such an array (\\ell_1 = \\log p_1
    with p unread: p_1 may depend on z_1): the entry stays as it was. ``used``: .letters the
    arrays whose definitions were used, .operands the other names inside a derivative taken
    (read as independent of the variable)."""
    if not getattr(u, "free_symbols", None):
        return u
    out = u
    for _ in range(4):      # \\ell_i = \\log p_i, p_i = ...: definitions inside definitions
        table = {}
        for s in out.free_symbols:
            m = _ENTRY_NAME.fullmatch(getattr(s, "name", ""))
            if not m or m.group(1) not in defs:
                continue
            index, body = defs[m.group(1)]
            value = _at_entry(body, index, int(m.group(2)), sized, reader, length)
            if value is not None:
                table[s] = value
                used.letters.add(m.group(1))
        if not table:
            break
        out = out.xreplace(table)
    if any((m := _ENTRY_NAME.fullmatch(getattr(s, "name", ""))) and m.group(1) in defs for s in out.free_symbols):
        return u        # an entry of a defined array is still a name: the derivative would miss it
    if out.has(sp.Derivative):
        for d in out.atoms(sp.Derivative):
            bases = {_base(v) for v in d.variables}
            used.operands.update(s.name for s in d.expr.free_symbols if _base(s) not in bases)
        out = out.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    return out


def _at_entry(body, index, k: int, sized: dict, reader, length):
    """The formula ``body`` at index = k, its sums written out at the step's sizes and its
    entries z[j] as the names the step's entries use (z_j); None when that is not possible."""
    from .vectors import _bounded_sum
    e = body.xreplace({index: sp.Integer(k)})
    sizes = {sp.Symbol(n, integer=True): sp.Integer(v) for n, v in sized.items()}
    try:
        e = e.xreplace(sizes)
        e = e.replace(lambda x: isinstance(x, (sp.Sum, sp.Product)), lambda x: _bounded_sum(x, length))
        e = e.replace(lambda x: isinstance(x, (sp.Sum, sp.Product)) and all(
            lo.is_Integer and hi.is_Integer for _, lo, hi in x.limits), lambda x: x.doit())
    except NotRead:
        return None
    if e.has(sp.Sum, sp.Product):
        return None
    table = {}
    for x in e.atoms(sp.Indexed):
        if not all(i.is_Integer and 0 < i < 10 for i in x.indices) or len(x.indices) > 2:
            return None     # W[1, 2] is the W_{12} a grid writes; W_{1,12} is not
        table[x] = reader(f"{x.base.label}_{{{''.join(str(int(i)) for i in x.indices)}}}")
    e = e.xreplace(table)
    if any(getattr(s, "is_integer", False) for s in e.free_symbols):
        return None     # an index or a size left free
    return e


def operand_doubts(ctx, operands) -> list:
    """The doubts of the names a derivative of a defined entry was taken with as constants
    (W_{11} of y_i = \\sum_j W_{ij} x_j, T of e^{z_i / T}): a leaf of the document's graph
    (never defined, differentiated or said to be computed: leaves.py) lets a holds stand and
    doubts a wrong, as the scalar reading does; any other name may depend on the variable."""
    if not operands:
        return []
    from ..document.context import DEPENDS
    named = {}
    for name in operands:
        letter = _base(name)
        named.setdefault(letter if letter == name else f"{letter}[...]", set()).add(name)
    leaves = set(ctx._leaves(set(named))) if hasattr(ctx, "_leaves") else set()
    out = []
    inputs = sorted(n.removesuffix("[...]") for n in leaves)
    others = sorted(n.removesuffix("[...]") for n in set(named) - leaves)
    if inputs:
        out.append(f"{', '.join(inputs)} read as input(s) independent of the variables of the derivatives "
                   "(operands of definitions the document never defines)")
    if others:
        out.append(f"{DEPENDS}{', '.join(others)} may depend on the variables of the derivatives taken")
    return out


_STAND_IN = re.compile(r"\\begin\{bmatrix\}\s*\\derivcheck\w+formula.*?\\end\{bmatrix\}")


def letters_beside(left: str, right: str) -> bool:
    """Whether one side writes a matrix of its entry (i, j) and the other side uses i or j
    itself (\\frac{\\partial p_i}{\\partial z_j} = (p_i \\delta_{ij} - p_i p_j): one entry, no matrix)."""
    for mine, other in ((left, right), (right, left)):
        if _STAND_IN.search(mine):
            inside, outside = _subscript_letters(_STAND_IN.sub(" ", other))
            if (inside | outside) & {ROW, COL}:
                return True
    return False
