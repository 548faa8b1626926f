"""\\begin{cases} as Piecewise and bmatrix / pmatrix as matrices: rows at \\\\, cells at &,
each cell read as its own piece; conditions are relation chains (x > 0, -1 \\le v \\le 1,
i = j) after their words (\\text{if }, \\text{for }) are set aside."""
from __future__ import annotations

import re

from .notation import NotRead, shown

_WORDS = re.compile(r"\\(?:text|textrm|mathrm|mbox)\s*\{\s*(?:if|for|when|where|whenever)?\s*\}|"
                    r"^\s*(?:if|for|when)\b", re.I)
_OTHERWISE = re.compile(r"^\s*(?:\\(?:text|textrm|mathrm|mbox)\s*\{\s*(?:if\s+|for\s+)?(?:otherwise|else|o\.w\.|"
                        r"elsewhere|all other(?: cases| values)?)\s*\.?\s*\}|otherwise|else)\s*[.,]?\s*$", re.I)
_AND = re.compile(r"\\(?:text|textrm|mathrm|mbox)\s*\{\s*(?:and|,)\s*\}|\\land(?![A-Za-z])|\\wedge(?![A-Za-z])")
_RELATION = re.compile(r"\\(leq?|geq?|lt|gt|neq?|leqslant|geqslant)(?![A-Za-z])|(<=|>=|[<>=])")
_RELS = {"le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
         "lt": "<", "gt": ">", "ne": "!=", "neq": "!=", "<=": "<=", ">=": ">=", "<": "<", ">": ">", "=": "=="}


def rows(body: str) -> list[list[str]]:
    """Cells of an environment body: rows at top-level \\\\, cells at top-level &."""
    out, row, cur, level, i = [], [], [], 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            if body[i + 1] == "\\" and level == 0:
                row.append("".join(cur))
                out.append(row)
                row, cur = [], []
                i += 2
                spacing = re.match(r"\s*\[[^\]]{0,12}\]", body[i:])   # \\[2pt]
                if spacing:
                    i += spacing.end()
                continue
            level += (body[i + 1] == "{") - (body[i + 1] == "}")
            cur.append(body[i:i + 2])
            i += 2
            continue
        level += (ch in "([{") - (ch in ")]}")
        if ch == "&" and level == 0:
            row.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    row.append("".join(cur))
    out.append(row)
    return [r for r in out if any(c.strip() for c in r)]


def cases(sc, body: str):
    from .pieces import Node
    pieces = []
    table = rows(body)
    if not table:
        raise NotRead("empty cases")
    for n, row in enumerate(table):
        if len(row) > 2:
            raise NotRead(f"a cases row with {len(row)} cells is not read")
        value = sc.piece(_unpunctuated(row[0]))
        cond = _unpunctuated(row[1]) if len(row) == 2 else ""
        pieces.append((value, condition(sc, cond, last=n == len(table) - 1)))
    return Node("cases", pieces)


def _unpunctuated(cell: str) -> str:
    """x, & x > 0 and x > 0. (the punctuation of a cases row)."""
    return re.sub(r"(?:\s|\\[,;:!]|[,.;])+$", "", cell)


def condition(sc, text: str, last: bool):
    """[(raw parts, relations)] conjuncts, or True for 'otherwise' (last row only)."""
    if _OTHERWISE.match(text) or (not text.strip() and last):
        if not last:
            raise NotRead("'otherwise' before the last row of cases")
        return True
    t = _WORDS.sub(" ", text)
    t = re.sub(r"\\q?quad(?![A-Za-z])|\\[,;: !]", " ", t).strip().rstrip(".,;")
    if not t:
        raise NotRead("a cases row without a condition")
    conjuncts = []
    for part in re.split(_AND, t) if _AND.search(t) else _commas(t):
        if re.search(r"\\(?:text|mathrm|textrm|mbox)", part):
            raise NotRead(f"condition '{shown(text)}' in words is not read")
        pieces, rels, pos = [], [], 0
        for m in _RELATION.finditer(part):
            pieces.append(part[pos:m.start()])
            rels.append(_RELS[m.group(1) or m.group(2)])
            pos = m.end()
        pieces.append(part[pos:])
        if not rels:
            raise NotRead(f"condition '{shown(part)}' is not a relation")
        conjuncts.append(([sc.piece(p) for p in pieces], rels))
    return conjuncts


def _commas(t: str):
    from .pieces import split_top
    return split_top(t, ",")


_ELLIPSIS = re.compile(r"\\(cdots|vdots|ddots|ldots|dots)(?![A-Za-z])")


def matrix(sc, body: str):
    from .pieces import Node
    from ..arrays import grids
    if getattr(sc.scope, "arrays", False) and body.lstrip().startswith((grids.FORMULA, grids.SQUARE)):
        return Node("pattern", grids.formula_pattern(body))     # (S_i S_j): vectors._prepared
    dots = _ELLIPSIS.search(body)
    if dots and getattr(sc.scope, "arrays", False):
        from ..arrays.vectors import pattern    # array mode: the entries' pattern over a size letter
        return Node("pattern", pattern(rows(body)))
    if dots:
        # [y_1 - s_1 \\ \vdots \\ y_K - s_K]: a pattern of entries over a size the matrix does
        # not give, not a list of its entries
        raise NotRead(f"a matrix or vector with an ellipsis (\\{dots.group(1)}): a pattern of entries "
                      "over an unwritten size is not read")
    table = rows(body)
    if not table:
        raise NotRead("empty matrix")
    width = len(table[0])
    if any(len(r) != width for r in table):
        raise NotRead("matrix rows of different lengths are not read")
    return Node("matrix", [[sc.piece(c) for c in r] for r in table])
