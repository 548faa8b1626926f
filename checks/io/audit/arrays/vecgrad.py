"""An upstream gradient by name, put in as the gradient it names (matrix calculus).

Backprop solutions name the gradient of the loss by a layer's output and use the name after:
``\\boldsymbol\\delta^2 = \\nabla_{\\hat{\\mathbf y}} L`` with ``L = \\frac12 \\|\\hat{\\mathbf y} - \\mathbf y\\|^2``
and ``\\hat{\\mathbf y} = W^2 \\mathbf h^1 + \\mathbf b^2`` said, then ``\\nabla_{\\mathbf b^2} L =
\\boldsymbol\\delta^2``. Held at a free value, delta can only give doubts; put in as what the
document says it is -- the gradient of L's formula by z, taken with z free, then evaluated at z's
value -- the step is decided. The text written for delta is

    \\operatorname{gradientat}(F, v, z)

F the formula of L with z written as a fresh bound name v, then z (which nabla.substitute puts
in by its definition like any other array of the step). Array mode reads it (``shape``, ``value``):
the column (or matrix) of the partials of F by v's entries, at v = z's value. Only a delta the
document names once, by one array, for a number whose formula the question (or the setup) gives,
is put in; any other stays as today (held at its value, a doubt)."""
from __future__ import annotations

import re

GRADIENT_AT = "\\operatorname{gradientat}"
# fresh bound names, the first one the step does not write: a column, a matrix
_COLUMNS = ("\\boldsymbol{\\xi}", "\\boldsymbol{\\zeta}", "\\boldsymbol{\\psi}")
_MATRICES = ("\\boldsymbol{\\Xi}", "\\boldsymbol{\\Psi}")


def shape(walker, e):
    """gradientat(F, v, z): F a number, v and z one shape; the shape of v."""
    from .vectors import Mismatch
    from ..reading.notation import NotRead
    if len(e.args) != 3:
        raise NotRead("a gradient at a point with other than three arguments is not read")
    f, v, z = (walker.walk(a) for a in e.args)
    if f != "scalar" and not walker.one_by_one(f):
        raise Mismatch("a gradient of a vector or matrix at a point")
    if v == "scalar" or z == "scalar":
        raise Mismatch("a gradient by a number at a point")
    walker.same(v, z)
    return v


def value(values, e):
    """The array of the partials of F by the entries of v, every entry of v then replaced by the
    same entry of z's value (at once: z's value may write entries of v's letters)."""
    import sympy as sp
    from ..reading.notation import NotRead
    f, by, at = (values.of(a) for a in e.args)
    if isinstance(f, sp.MatrixBase) and f.shape == (1, 1):
        f = f[0, 0]
    if isinstance(f, sp.MatrixBase) or not isinstance(by, sp.MatrixBase) or not isinstance(at, sp.MatrixBase) \
            or by.shape != at.shape:
        raise NotRead("a gradient at a point of something else than a number by an array is not read")
    if values.written_out is not None and values.defined is not None and f.has(sp.Sum, sp.Indexed):
        f = values.written_out(f)
    if not values.made_of_entries(e.args[0], f):
        raise NotRead("a gradient at a point of a formula with a name that is not an entry of the step is not read")
    point = dict(zip(list(by), list(at)))
    return by.applyfunc(lambda u: sp.diff(f, u)).xreplace(point)


def put_in(text: str, ups: dict, defined: dict, kinds, through=None) -> tuple:
    """(text, [(delta, loss, z, line)]): each upstream gradient of ``ups`` (nabla.upstreams: loss
    -> [(delta, z, line)]) written in ``text`` whose loss has a formula here (``defined``: squashed
    name -> (formula, line), norms.tried_first) and whose z is an array, replaced by
    ``gradientat(formula with z bound, bound name, z)``. A delta named twice (two arrays, two
    losses) is never put in; nor one whose loss formula does not write z. ``through(formula, z)``:
    the formula with the arrays the document defines put in, z kept (\\boldsymbol\\delta^1 =
    \\nabla_{\\mathbf a^1} L with L written in \\hat{\\mathbf y}, \\hat{\\mathbf y} in \\mathbf h, \\mathbf h
    in \\mathbf a^1), or None."""
    from . import nabla
    from .norms import _name, _squash
    named = {}
    for loss, items in ups.items():
        for delta, z, line in items:
            named.setdefault(delta, set()).add((loss, z, line))
    used = []
    for delta, items in sorted(named.items()):
        if len({(loss, z) for loss, z, _ in items}) != 1 or not nabla._occurs(delta, text):
            continue
        loss, z, line = next(iter(items))
        formula = defined.get(_squash(loss))
        if formula is not None and through is not None and not nabla._occurs(z, formula[0]):
            got = through(formula[0], z)
            formula = None if got is None else (got, formula[1])
        kind = kinds.of(_name(z))
        if formula is None or kind not in ("column", "matrix") or not nabla._occurs(z, formula[0]) \
                or nabla._occurs(delta, formula[0]):
            continue
        # its letter written nowhere in the step or the formula (\xi_1 would be an entry of it)
        fresh = next((v for v in (_COLUMNS if kind == "column" else _MATRICES)
                      if _letter(v) not in text + formula[0]), None)
        if fresh is None:
            continue
        bound = nabla._pattern(z).sub(lambda m: f" {fresh} ", formula[0])
        new = f"{GRADIENT_AT}\\left({bound}, {fresh}, {z}\\right)"
        pattern = nabla._pattern(delta).pattern
        if "^{(" not in delta:      # \boldsymbol\delta, not the layer's \boldsymbol\delta^{(2)}
            pattern += r"(?!\s*\^\s*\{\()"
        text = re.sub(pattern, lambda m: f"\\left({new}\\right)", text)
        used.append((delta, loss, z, line))
    return text, used


def _letter(name: str) -> str:
    """\\xi of \\boldsymbol{\\xi}."""
    return name[name.index("{") + 1:-1]


def said(used) -> str:
    """The reason's words for what ``put_in`` put in."""
    return "; ".join(f"{delta} put in as the document names it, the gradient of {loss} by {z} (line {line}), "
                     f"taken with {z} free and then at its value" for delta, loss, z, line in used)
