"""Region decomposition for claims with Max, Min, Abs, Heaviside, relu, ... .

The difference lhs - rhs is split into cases (``cases.case_split``): pairs of a
value and a clause (a conjunction of sign conditions on expressions) that
together cover the domain. For each case:

* a clause that asks one expression to be both > 0 and <= 0 is empty: skipped;
* a clause that pins an expression to 0 is solved for one symbol, substituted;
* otherwise the case's value must be proved zero by the algebraic rewrites.

A case that cannot be proved yields a point inside its region when one is
found (the clause checked exactly in rationals), and the sides are compared
there in ball arithmetic: only a certified difference is a counterexample.
"""
from __future__ import annotations

import sympy as sp

from . import cases, numeric, rewrites, sampling
from .domains import invert
from .budget import time_limit

_INTERVAL = {">": lambda c: sp.Interval.open(c, sp.oo), ">=": lambda c: sp.Interval(c, sp.oo),
             "<": lambda c: sp.Interval.open(-sp.oo, c), "<=": lambda c: sp.Interval(-sp.oo, c),
             "==": lambda c: sp.FiniteSet(c),
             "!=": lambda c: sp.Union(sp.Interval.open(-sp.oo, c), sp.Interval.open(c, sp.oo))}
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


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
            op = _FLIP[op]
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
        op = rel.rel_op if k > 0 else _FLIP[rel.rel_op]
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


def _point_in(sets, subs, symbols, domain, seed, key, tries=200):
    """A rational point inside every allowed set (checked exactly), or None."""
    free = sorted({s for s in symbols if s not in subs}, key=str)
    for p in sampling.points(free, domain, tries, seed, key + ":region"):
        full = dict(p)
        for s, e in subs.items():
            full[s] = sp.sympify(e).xreplace(p)
        values = [(part.xreplace(full), allowed) for part, allowed in sets.items()]
        if all(v.is_Rational and allowed.contains(v) is sp.true for v, allowed in values):
            return full
    return None


def decide_regions(diff, lhs, rhs, domain, deadline, prove_zero, compare_at, seed=0, key=""):
    """('proof', None), ('wrong', counterexample) or (None, None) when unsettled."""
    if not diff.has(*cases.FUNCS):
        return None, None
    sub = domain.proof_substitution()
    try:
        with time_limit(deadline.share(0.3)):
            split = cases.case_split(rewrites.pull_positive_factors(diff.xreplace(sub) if sub else diff))
    except cases.Unsplittable:
        return None, None
    inv = invert(sub)
    symbols = {s for s in diff.free_symbols if isinstance(s, sp.Symbol)}
    zero = {}  # cases share values: each is proved (or not) once

    def proved(v):
        if v not in zero:
            zero[v] = prove_zero(v)
        return zero[v]

    unsettled = None
    for val, clause in split:
        if deadline.left() <= 0:
            return None, None
        if rewrites.exact_reading(val):  # cheap; the full proof waits until the region is known non-empty
            continue
        sets = clause_sets(clause)
        if sets is None:
            return None, None
        subs, v = {}, val
        for part in list(sets):
            allowed = sets[part]
            if isinstance(allowed, sp.FiniteSet) and len(allowed) == 1 and part is not None:
                value = next(iter(allowed))
                more = _solve_pinned(part.xreplace(subs), value)
                if more:
                    subs.update(more)
                    v = v.xreplace(more)
                else:  # part is no linear form (s*y = 1): replace it where it occurs
                    v = v.subs(part, value)
        if subs:  # re-read the clause with the pinned values in place
            sets = clause_sets([r.xreplace(subs) for r in clause])
            if sets is None:
                return None, None
        if any(allowed is sp.EmptySet for allowed in sets.values()):
            continue  # contradictory: the clause is empty
        if proved(v):
            continue
        point = _point_in({p.xreplace(inv): a for p, a in sets.items() if p is not None},
                          {inv.get(s, s): e.xreplace(inv) for s, e in subs.items()
                           if sp.sympify(inv.get(s, s)).is_Symbol},
                          symbols, domain, seed, key)
        if point is not None:
            c = compare_at(lhs, rhs, point, seed, key)
            if c is not None and c.differ:
                return "wrong", {"point": {str(k): str(x) for k, x in sorted(point.items(), key=str)},
                                 "lhs": numeric.fmt(c.lhs), "rhs": numeric.fmt(c.rhs),
                                 "precision_bits": c.prec}
        unsettled = True
    return (None, None) if unsettled else ("proof", None)
