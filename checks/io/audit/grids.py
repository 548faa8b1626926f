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

from .notation import NotRead

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
    out, depth = [], None      # depth: the brace depth inside a subscript group, else None
    for k, tok in enumerate(tokens):
        after_bar = k > 0 and tokens[k - 1] == "_"
        if tok in sized and (after_bar or depth is not None):
            out.append("{%d}" % sized[tok] if after_bar else str(sized[tok]))
        else:
            out.append(tok)
        if depth is not None:
            depth += (tok == "{") - (tok == "}")
            if depth == 0:
                depth = None
        elif after_bar and tok == "{":
            depth = 1
    return out


def least_sizes(p) -> dict:
    """{size letter: the least size keeping the written positions of a partial pattern apart}."""
    out = {}
    for k, letter in ((0, p.rows), (1, p.cols)):
        if isinstance(letter, str):
            fixed = [c[k] for c in p.cells if isinstance(c[k], int)]
            out[letter] = max(out.get(letter, 1), max(fixed, default=0) + 1)
    return out
