"""Gradients written with \\nabla. The entry ``(\\nabla_{\\mathbf{x}} L)_i`` of the gradient of L by
the vector x is the partial derivative of L by x's entry x_i, and is read as the text
``{\\frac{\\partial L}{\\partial x_{i}}}`` (derivatives.py reads that). The gradient itself,
``\\nabla_{\\mathbf{x}} L``, is a vector: equal to another vector only entry by entry, which
the reader does not know how to write; it stays NotRead with that named, and so does a
gradient whose variable has no entries with a name (``\\nabla_{\\mathbf{h}^1}``: a layer label
or a power) or whose operand is more than a name or a call (``\\nabla_x (x^T A x)``)."""
from __future__ import annotations

import re

from .notation import NotRead, argument, group_end, shown
from .pieces import skip, squash

_NABLA = re.compile(r"\\nabla(?![A-Za-z])")


def gradient_entries(text: str, scanner) -> str:
    """``text`` (a cleaned side) with every entry ``(\\nabla_{v} F)_{i}`` written as the partial
    derivative of F by v_i; NotRead naming the construct for any other \\nabla. ``scanner``
    reads names (a Scanner)."""
    if not _NABLA.search(text):
        return text
    out, pos = [], 0
    while True:
        m = _NABLA.search(text, pos)
        if m is None:
            out.append(text[pos:])
            return "".join(out)
        open_at = _opening_before(text, m.start())
        if open_at is None or open_at < pos:
            raise NotRead(_vector_reason(text, m.start()))
        close = group_end(text, open_at)
        k = skip(text, close)
        if k >= len(text) or text[k] != "_":
            raise NotRead(_vector_reason(text, m.start()))
        index = argument(text, k + 1)
        if index is None or not index[0].strip():
            raise NotRead("an entry (\\nabla ...)_ without its index")
        entry = _entry(text[m.end():close - 1], index[0].strip(), scanner)
        after = skip(text, index[1])
        if after < len(text) and text[after] in "([":
            # (\nabla_x L)_1 (1, 2): the entry at a point, or the entry times a bracket?
            raise NotRead(f"a gradient entry followed by a bracket '{shown(text[after:after + 12])}' "
                          "(the entry at a point, or a product?) is not read")
        out.append(text[pos:open_at])
        out.append(entry)
        pos = index[1]


def _opening_before(text: str, at: int):
    """The '(' just before \\nabla (spaces between), or None."""
    j = at - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j if j >= 0 and text[j] == "(" else None


def _vector_reason(text: str, at: int) -> str:
    return (f"'{shown(text[at:at + 30])}': a gradient (\\nabla) is a vector; only its entries "
            "(\\nabla_{x} f)_i are read")


def _entry(inside: str, index: str, scanner) -> str:
    """``_{v} F`` of (\\nabla_{v} F) with the entry index -> the partial derivative's text."""
    k = skip(inside, 0)
    if k >= len(inside) or inside[k] != "_":
        raise NotRead("a gradient \\nabla without the variable (\\nabla_{x} f) is not read")
    var = argument(inside, k + 1)
    if var is None:
        raise NotRead("a gradient \\nabla_ without its variable")
    letter, label = _entries_of(var[0].strip(), scanner)
    operand = inside[var[1]:].strip()
    found = scanner.name_at(operand, 0) if operand else None
    if found is None or found[1] or found[0].power is not None:
        raise NotRead(f"the gradient of '{shown(operand, 20)}' (not a name) is not read")
    end = skip(operand, found[2])
    if end < len(operand) and operand[end] == "(":
        end = skip(operand, group_end(operand, end))
    if end != len(operand):
        raise NotRead(f"the gradient of '{shown(operand, 20)}' (not a name or a call) is not read")
    return f"{{\\frac{{\\partial {operand}}}{{\\partial {letter}_{{{index}}}{label}}}}}"


def _entries_of(var: str, scanner) -> tuple:
    """The letter the entries of the vector ``var`` are written with: x of \\mathbf{x} or x,
    \\theta of \\boldsymbol{\\theta}. A variable with a subscript, a label, a power or another
    decoration has no such name (h^1_n of \\mathbf{h}^1: a layer, or a power? \\hat{y}_i?)."""
    found = scanner.name_at(var, 0)
    if found is not None and not found[1] and var[found[2]:].lstrip().startswith("^"):
        raise NotRead(f"a gradient by {shown(var, 20)}: a layer label or a power? its entries have "
                      "no name the reader knows")
    if found is None or found[2] != len(var) or found[1]:
        raise NotRead(f"a gradient by '{shown(var, 20)}' (not a name) is not read")
    label = found[0].sup
    if label and not _RELABELLED.fullmatch(label):
        raise NotRead(f"a gradient by {shown(var, 20)}: its entries have no name the reader knows")
    written = squash(var)
    m = _VECTOR.fullmatch(written[:len(written) - len(label)] if label and written.endswith(label) else written)
    if m is None:
        raise NotRead(f"a gradient by {shown(var, 20)}: its entries have no name the reader knows")
    return m.group(1) or m.group(2) or m.group(3), label


# a layer label of the vector (\mathbf{h}^{(1)}: entries h_n^{(1)}), as labels.py writes a
# declared \mathbf{h}^1; other name superscripts (*, \\prime) have no entries by that name
_RELABELLED = re.compile(r"\^\{\(\w{1,3}\)\}|\^\{\[[A-Za-z0-9+\-]{1,8}\]\}")
_LETTER = r"([A-Za-z]|\\[A-Za-z]+)"
_VECTOR = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec)(?:\{%s\}|%s)|%s" % (_LETTER, _LETTER, _LETTER))
