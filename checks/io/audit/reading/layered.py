"""Layer-labelled vectors and matrices in whole-vector gradient steps.

A backprop text writes ``\\nabla_{\\mathbf h^1} L = (W^2)^\\top \\boldsymbol\\delta^2`` with
``\\mathbf a^2 = W^2 \\mathbf h^1`` and ``\\boldsymbol\\delta^2 = \\nabla_{\\mathbf a^2} L`` said before:
every superscript there is a layer number. layers.py finds the families the document writes
as labels by its own evidence (``let`` pairs of meaning ``label``); a gradient step also leans on
names that evidence does not reach, and this module adds those a text can only mean as names:

- the variable of a gradient (``\\nabla_{W^2} L``: one differentiates by a name, never by a power);
- a name declared in a space (``W^1 \\in \\mathbb R^{H \\times D}``);
- the left side of an upstream gradient (``\\boldsymbol\\delta^2 = \\nabla_{\\mathbf a^2} L``).

``spelled`` then writes a formula the way the gradient modules match names: decorations braced
(``\\mathbf h`` -> ``\\mathbf{h}``, ``\\boldsymbol\\delta`` -> ``\\boldsymbol{\\delta}``) and each
labelled name in the reader's label spelling (``\\mathbf{h}^{(1)}``, ``W^{(2)}``). A superscript
the document gives no such evidence for stays as written (``W^2`` may be a square).
"""
from __future__ import annotations

import re

from . import labels

LABEL = r"\^\{\(\w{1,3}\)\}"      # the reader's layer-label spelling: ^{(1)}, ^{(l)}
_DECORATED = re.compile(r"\\(mathbf|boldsymbol|bm|vec)\s*(\\[A-Za-z]+|[A-Za-z])(?![A-Za-z])")
_SUPERSCRIPTED = (r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])|"
                  r"(?<![\\A-Za-z])[A-Za-z])\s*\^\s*(?:\{[^{}]{1,8}\}|[A-Za-z0-9])")
_BY_NABLA = re.compile(r"\\nabla\s*_\s*\{\s*(%s)\s*\}" % _SUPERSCRIPTED)
# a space with a dimension (\\mathbb R^{H \\times D}): an array, never said of a square (x^2 \\in \\mathbb R)
_IN_SPACE = re.compile(r"(%s)\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^" % _SUPERSCRIPTED)
_UPSTREAM = re.compile(r"(%s)\s*(?::=|=)\s*(?:\\nabla(?![A-Za-z])|\\frac\s*\{\s*\\partial)" % _SUPERSCRIPTED)


def braced(text: str) -> str:
    """Decorations with their argument braced: \\mathbf h -> \\mathbf{h} (the same LaTeX)."""
    return _DECORATED.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}", text)


def _name_of(written: str):
    """The let name of a superscripted name as written (\\mathbf{h}^{1}), or None when it is
    not one (W^T, W^\\top, \\log^2)."""
    text = re.sub(r"\s+", "", braced(written))
    m = re.fullmatch(r"(.*?)\^\{?([^{}]+)\}?", text)
    if m is None or m.group(2) in ("T", "\\top", "\\intercal", "-1", "\\prime", "*", "'"):
        return None
    name = f"{m.group(1)}^{{{m.group(2)}}}"
    return name if labels.labelled(name) is not None else None


def evidence(texts) -> set:
    """The superscripted names ``texts`` (the document's formulae) use only as names: the
    variable of a \\nabla, a name declared in a space, an upstream gradient's name."""
    out = set()
    for text in texts:
        for pat in (_BY_NABLA, _IN_SPACE, _UPSTREAM):
            for m in pat.finditer(text):
                name = _name_of(m.group(1))
                if name is not None:
                    out.add(name)
    return out


def lets(planner) -> tuple:
    """(name, meaning) pairs of every labelled name of the document: its lets and its evidence
    (cached on the planner)."""
    got = planner.__dict__.get("_layered_lets")
    if got is None:
        texts = [d.latex for d in planner.found] + [planner.text]
        extra = evidence(texts)
        # a label is a label in every name of its family: \mathbf a^2 declared makes a^2_i an entry
        got = tuple(planner.ctx.lets.items()) + tuple((n, labels.EVIDENT) for n in sorted(extra))
        planner._layered_lets = got
    return got


def spelled(text: str, pairs) -> str:
    """``text`` with decorations braced and each labelled name of ``pairs`` in the reader's
    label spelling."""
    return labels.relabel(braced(text), pairs)


def has_label(text: str) -> bool:
    return re.search(LABEL, text) is not None
