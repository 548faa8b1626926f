"""Small syntax a document writes that the reader takes another way, made plain in the display text
before anything reads it (macros.expand_document applies it to every display; the report shows
the step as written): the decimal comma ``0{,}5``, two aligned relations on one row
``m_t &= ..., & v_t &= ...``, and ``E[m^2]`` for ``\\mathbb{E}[m^2]`` in a document that writes
expectations so.
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


# E[...] as an expectation: a capital E right before a square bracket (\left[, \big[ too), not
# part of a longer name, a subscript or a command
_PLAIN_E = re.compile(r"(?<![A-Za-z\\_^{])E(?=\s*(?:\[|\\left\s*\[|\\[bB]igg?l?\s*\[))")
# E as a name of its own: given a value, a subscript, a power or arguments (E = \frac12 ..., E_n, E(w))
_E_NAMED = re.compile(r"(?<![A-Za-z\\_^{])E\s*(?:=|_|\^|\()")
_RANDOM_WORDS = re.compile(r"\b(?:expect\w*|variance|random|distribut\w*|Bernoulli|Gaussian|i\.i\.d|independent)\b"
                           r"|\\sim(?![A-Za-z])|\\(?:operatorname|mathrm)\s*\{\s*Var\s*\}", re.I)


def _plain(latex: str, m: re.Match) -> bool:
    """An E of _PLAIN_E or _E_NAMED that stands alone: not the argument of a command written
    without braces (``\\mathbb E``, ``\\mathrm E``)."""
    return re.search(r"\\[A-Za-z]+\s*$", latex[max(0, m.start() - 20):m.start()]) is None


def may_have_plain_e(text: str) -> bool:
    """Whether ``text`` writes a plain E before a square bracket anywhere (plain_expectations
    then looks at its formulae)."""
    return any(_plain(text, m) for m in _PLAIN_E.finditer(text))


def plain_expectations(math: str, text: str) -> bool:
    """Whether a document writes the expectation as a plain ``E[...]``: its formulas (``math``)
    put a capital E before a square bracket and never use E as a name of their own, and its
    text speaks of random quantities (expectation, variance, a law ``\\sim``, Bernoulli)."""
    return may_have_plain_e(math) and not any(_plain(math, m) for m in _E_NAMED.finditer(math)) \
        and bool(_RANDOM_WORDS.search(text))


def expectations(latex: str) -> str:
    """``E[m^2]`` as ``\\mathbb{E}[m^2]`` (for a document where plain_expectations holds)."""
    return _PLAIN_E.sub(lambda m: "\\mathbb{E}" if _plain(latex, m) else m.group(0), latex)
