"""Clauses of a case as sets of normalised relations: linear parts read off, relations
flipped to one orientation, and a pinned expression solved for one symbol."""
from __future__ import annotations

import sympy as sp

from checks.prove.domains import FLIP

_INTERVAL = {">": lambda c: sp.Interval.open(c, sp.oo), ">=": lambda c: sp.Interval(c, sp.oo),
             "<": lambda c: sp.Interval.open(-sp.oo, c), "<=": lambda c: sp.Interval(-sp.oo, c),
             "==": lambda c: sp.FiniteSet(c),
             "!=": lambda c: sp.Union(sp.Interval.open(-sp.oo, c), sp.Interval.open(c, sp.oo))}


def _linear_part(expr):
    """expr = k * (part + c) with part's leading coefficient 1: returns (part, k, c)."""
    expr = sp.expand(expr)
    const, rest = expr.as_coeff_Add()
    if rest == 0:
        return None, 1, const
    terms = sorted(sp.Add.make_args(rest), key=sp.default_sort_key)
    k = terms[0].as_coeff_Mul()[0]
    return sp.expand(rest / k), k, const / k


def _is_linear(e) -> bool:
    """e is c0 + c1*s1 + ... with rational c's and symbols s (the common clause)."""
    terms = e.as_coefficients_dict()
    return all((t is sp.S.One or t.is_Symbol) and c.is_Rational for t, c in terms.items())


def _normalised(rel):
    """A relation with factors of known sign divided out: a*(x - y) >= 0 with
    a > 0 becomes x - y >= 0. Returns True/False when SymPy's assumptions
    decide it outright, else the relation."""
    d, op = rel.lhs - rel.rhs, rel.rel_op
    if not _is_linear(d):   # a linear form has no factor to divide out but its content
        d = sp.factor(sp.together(d))
    keep = sp.S.One
    for f in sp.Mul.make_args(d):
        base, e = f.as_base_exp()
        if f.is_positive:
            continue
        if f.is_negative:
            op = FLIP[op]
            continue
        if e.is_Integer and e < 0 and base.is_positive is None and base.is_negative is None:
            return rel  # a denominator of unknown sign: leave as it is
        keep *= f
    truth = {">": keep.is_positive, "<": keep.is_negative, ">=": keep.is_nonnegative,
             "<=": keep.is_nonpositive, "==": keep.is_zero, "!=": (None if keep.is_zero is None
                                                                  else not keep.is_zero)}[op]
    if truth is not None:
        return sp.true if truth else sp.false
    return sp.Rel(keep, 0, op)


def clause_sets(clause):
    """{part: set of values allowed} for a conjunction (a sequence) of relations; None if unusable.

    Relations on parallel expressions (v + 1 < 0 and v - 1 > 0) constrain the
    same part (v), so contradictions and pinned values show as empty sets and
    single points."""
    allowed = {}
    for rel in clause:
        if isinstance(rel, sp.Rel):
            rel = _normalised(rel)
        if rel is sp.true:
            continue
        if rel is sp.false:
            return {None: sp.EmptySet}
        if not isinstance(rel, sp.Rel):
            return None
        part, k, c = _linear_part(rel.lhs - rel.rhs)
        op = rel.rel_op if k > 0 else FLIP[rel.rel_op]
        if part is None:  # a numeric relation
            if not rel.func(c, 0):
                return {None: sp.EmptySet}
            continue
        allowed[part] = allowed.get(part, sp.S.Reals).intersect(_INTERVAL[op](-c))
    return allowed


def _solve_pinned(part, value):
    """Substitution making part == value, solving for a symbol it is linear in."""
    for s in sorted(part.free_symbols, key=str):
        slope = sp.diff(part, s)
        if slope != 0 and not slope.free_symbols and sp.degree(part, s) == 1:
            return {s: sp.expand(s + (value - part) / slope)}  # part = slope*s + rest
    return None
