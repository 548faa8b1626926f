"""Small syntax a document writes that the reader takes another way, made plain in the display text
before anything reads it (macros.expand_document applies it to every display; the report shows
the step as written): the decimal comma ``0{,}5``, and two aligned relations on one row
``m_t &= ..., & v_t &= ...``.
"""
from __future__ import annotations

import re

_COMMA_NUMBER = re.compile(r"(?<![A-Za-z0-9_^.\\])(\d+)((?:\s*\{,\}\s*\d+)+)(?![0-9.])")
_COMMA_GROUP = re.compile(r"\s*\{,\}\s*(\d+)")


def decimal_commas(latex: str, document: bool = False) -> str:
    """``0{,}5`` as ``0.5``: in LaTeX ``{,}`` between digits is a comma without the space of a
    list, the decimal comma. Left as written where it may be something else (the reader then
    says so): ``1{,}000`` (a thousands separator? three digits after a leading digit other than
    0), ``(1{,}2)`` alone in brackets (a pair?) unless ``document`` (the document writes decimal
    commas where nothing else is possible). ``1{,}000{,}000`` (groups of three) is 1000000."""
    def one(m: re.Match) -> str:
        whole, groups = m.group(1), _COMMA_GROUP.findall(m.group(2))
        if len(groups) > 1:
            return whole + "".join(groups) if all(len(g) == 3 for g in groups) else m.group(0)
        if len(groups[0]) == 3 and whole != "0":
            return m.group(0)
        window = latex[max(0, m.start() - 200):m.start()].rstrip()
        before = window[-1:] if window or m.start() <= 200 else "("     # far from anything: a doubt
        after = latex[m.end():m.end() + 200].lstrip()[:1] or (")" if m.end() + 200 < len(latex) else "")
        if not document and (before, after) in (("(", ")"), ("[", "]")):
            return m.group(0)
        return whole + "." + groups[0]
    return _COMMA_NUMBER.sub(one, latex)



_RELATION = re.compile(r"\s*(?:=|<|>|\\(?:le|leq|ge|geq|lt|gt|approx|neq|ne)(?![A-Za-z]))")
_ROW_TOKEN = re.compile(r"\\begin\s*\{([A-Za-z*]+)\}|\\end\s*\{([A-Za-z*]+)\}|\\\\|\\.|[{}&]")
_ALIGNING = {"align", "align*", "aligned", "alignat", "alignat*", "flalign", "flalign*", "eqnarray",
             "eqnarray*", "split", "gather", "gather*", "gathered", "equation", "equation*", "multline",
             "multline*"}
COLUMNS = re.compile(r"&[^&]*&")      # a display with at least two alignment marks


def _rows(latex: str) -> list:
    """The top-level rows of a display: (start, end, [offsets of its top-level &]). A ``&``
    inside braces or an inner environment (bmatrix, cases) is that structure's own."""
    rows, marks, start, level, inner = [], [], 0, 0, 0
    for m in _ROW_TOKEN.finditer(latex):
        tok = m.group(0)
        if m.group(1) is not None:
            inner += m.group(1) not in _ALIGNING
        elif m.group(2) is not None:
            inner -= m.group(2) not in _ALIGNING and inner > 0
        elif tok == "{":
            level += 1
        elif tok == "}":
            level -= 1
        elif level == 0 and not inner and tok == "\\\\":
            rows.append((start, m.start(), marks))
            marks, start = [], m.end()
        elif level == 0 and not inner and tok == "&":
            marks.append(m.start())
    rows.append((start, len(latex), marks))
    return rows


def aligned_columns(latex: str) -> str:
    """``m_t &= a, & v_t &= b`` (two relations side by side in an alignment) as
    ``m_t &= a, \\quad v_t = b``: two statements, as the extraction separates them. Only where
    every column is a complete relation and the mark between two columns follows a comma or a
    ``\\quad``; not in a display where a row continues a column above (``&= c & &= d``: a grid
    of chains, which stays unread)."""
    rows = _rows(latex)
    plan = []
    for start, end, marks in rows:
        related = [k for k in marks if _RELATION.match(latex, k + 1)]
        if not related:
            continue
        if not latex[start:related[0]].strip():
            return latex                 # a row continuing the chain above: columns of chains
        if len(related) < 2:
            continue
        separators = [k for k in marks if k not in related]
        cut = []
        for a, b in zip(related, related[1:]):
            between = [k for k in separators if a < k < b]
            if len(between) != 1:
                return latex
            k = between[0]
            before = latex[a + 1:k].rstrip()
            if not re.search(r"(?:,|\\q?quad)$", before) or not _RELATION.match(latex, a + 1) \
                    or not latex[k + 1:b].strip() or before.rstrip(",").strip() == "":
                return latex
            cut.append((k, b))
        plan.extend(cut)
    if not plan:
        return latex
    out, i = [], 0
    for k, b in plan:
        out.append(latex[i:k])
        out.append("\\quad ")           # the column mark: a statement separator
        out.append(latex[k + 1:b])
        out.append(" ")                  # the next column's alignment mark: dropped
        i = b + 1
    out.append(latex[i:])
    return "".join(out)
