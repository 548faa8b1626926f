"""Split an expression with Max, Min, Abs, sign, Heaviside, relu, ... into cases.

``case_split(e)`` returns pairs (value, conditions): ``value`` is free of those
functions, ``conditions`` is a tuple of relations that must all hold, and together the
cases cover the real domain. ``regions`` checks each. Cases of Max, Min, Abs,
sign, Heaviside and the activations are mutually exclusive; the clauses of a
Piecewise condition with Or may overlap, where they have the same value.

Why not ``rewrite(Piecewise)`` and ``piecewise_fold``: for a Max nested in a Max
SymPy builds conditions that contain Piecewise, rewrites them to ITE and asks
``as_set``, which runs ``simplify`` through ``periodicity`` (and imports
``sympy.physics``, 0.15 s per process). Here innermost nodes are split first,
so every condition is a plain relation on case-free expressions, and each case
is one conjunction of them.
"""
from __future__ import annotations

import sympy as sp

from .rewrites import PIECEWISE_FUNCS

FUNCS = PIECEWISE_FUNCS + (sp.Piecewise,)
MAX_CASES = 256
# A case split inside these would put the bound variable into a condition.
_BINDERS = (sp.Sum, sp.Product, sp.Integral, sp.Derivative, sp.Lambda, sp.Subs)


class Unsplittable(Exception):
    """The expression has a part this module does not split (a condition that is
    not a relation, a function of complex arguments, too many cases)."""


def case_split(e, limit: int = MAX_CASES):
    """[(value, (relation, ...)), ...] for ``e``; raises Unsplittable.

    Innermost case nodes are split first, and a node is replaced everywhere it
    occurs (xreplace): max(0, g) twice in one expression takes one branch, not
    four combinations of which two are contradictory."""
    e = sp.sympify(e)
    for b in e.atoms(*_BINDERS):
        if b.has(*FUNCS):
            raise Unsplittable(f"{type(b).__name__} with a case split inside its bound variable")
    done, todo = [], [(e, ())]
    while todo:
        value, conds = todo.pop()
        node = _innermost(value)
        if node is None:
            done.append((value, conds))
            continue
        for v, extra in reversed(_own_cases(node)):
            merged = _merge(conds, extra)
            if merged is not None:
                todo.append((value.xreplace({node: v}), merged))
        if len(done) + len(todo) > limit:
            raise Unsplittable(f"more than {limit} cases")
    return done


def _innermost(e):
    """A case node none of whose arguments has one, or None."""
    for n in sp.postorder_traversal(e):
        if isinstance(n, FUNCS):
            return n
    return None


def _merge(*groups):
    """One tuple of relations, None when one of them is False (an empty case)."""
    seen = []
    for g in groups:
        if g is None:
            return None
        for r in g:
            if r is sp.false or r is False:
                return None
            if r is sp.true or r is True or r in seen:
                continue
            seen.append(r)
    return tuple(seen)


def _real(a, name):
    if a.is_extended_real is not True:
        raise Unsplittable(f"{name} of {a}, not known to be real")
    return a


def _own_cases(e):
    """The cases of one node whose arguments are free of case functions."""
    args = e.args
    if isinstance(e, sp.Piecewise):
        return _piece_cases(e)
    if isinstance(e, (sp.Max, sp.Min)):
        strict, loose = (sp.Gt, sp.Ge) if isinstance(e, sp.Max) else (sp.Lt, sp.Le)
        # the first argument attaining the extremum: strictly beyond the earlier ones
        return [(a, tuple(strict(a, b) for b in args[:i]) + tuple(loose(a, b) for b in args[i + 1:]))
                for i, a in enumerate(_real(x, type(e).__name__) for x in args)]
    if isinstance(e, sp.Abs):
        a = _real(args[0], "Abs")
        return [(a, (sp.Ge(a, 0),)), (-a, (sp.Lt(a, 0),))]
    if isinstance(e, sp.sign):
        a = _real(args[0], "sign")
        return [(sp.S.One, (sp.Gt(a, 0),)), (sp.S.NegativeOne, (sp.Lt(a, 0),)), (sp.S.Zero, (sp.Eq(a, 0),))]
    if isinstance(e, sp.Heaviside):
        a = _real(args[0], "Heaviside")
        at_zero = args[1] if len(args) > 1 else sp.S.Half
        return [(sp.S.Zero, (sp.Lt(a, 0),)), (at_zero, (sp.Eq(a, 0),)), (sp.S.One, (sp.Gt(a, 0),))]
    # an activation defined by cases (relu, hardtanh, threshold, ...): its own definition
    for a in args:
        _real(a, type(e).__name__)
    return _piece_cases(e._pieces(*args))


def _piece_cases(pw):
    """Piece i applies where its condition holds and no earlier one did: one case per
    clause of that condition's disjunctive normal form."""
    if not isinstance(pw, sp.Piecewise):
        return [(pw, ())]
    out, earlier = [], []
    for value, cond in pw.args:
        effective = sp.And(cond, *[sp.Not(c) for c in earlier])
        earlier.append(cond)
        if effective is sp.false:
            continue
        dnf = sp.to_dnf(effective, simplify=False)
        for clause in (dnf.args if isinstance(dnf, sp.Or) else (dnf,)):
            rels = clause.args if isinstance(clause, sp.And) else (clause,)
            if not all(isinstance(r, sp.Rel) or r is sp.true for r in rels):
                raise Unsplittable(f"a condition that is not a relation: {clause}")
            out.append((value, tuple(r for r in rels if r is not sp.true)))
    return out
