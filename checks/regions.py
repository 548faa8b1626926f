"""Region decomposition for claims with Max, Min, Abs, Heaviside, relu, ... .

The difference lhs - rhs is folded into one Piecewise (``rewrites.to_piecewise``).
Case i applies where its condition holds and no earlier condition did. Each
case is reduced to clauses (a conjunction of sign conditions on expressions,
from the disjunctive normal form of its effective condition):

* a clause that asks one expression to be both > 0 and <= 0 is empty: skipped;
* a clause that pins an expression to 0 is solved for one symbol, substituted;
* otherwise the case's value must be proved zero by the algebraic rewrites.

A case that cannot be proved yields a point inside its region when one is
found (the clause checked exactly in rationals), and the sides are compared
there in ball arithmetic: only a certified difference is a counterexample.
"""
from __future__ import annotations

import sympy as sp

from . import numeric, rewrites, sampling
from .domains import invert
from .budget import time_limit

MAX_CLAUSES = 64
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


def _normalised(rel):
    """A relation with factors of known sign divided out: a*(x - y) >= 0 with
    a > 0 becomes x - y >= 0. Returns True/False when SymPy's assumptions
    decide it outright, else the relation."""
    d = sp.factor(sp.together(rel.lhs - rel.rhs))
    op = rel.rel_op
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
    """{part: set of values allowed} for a conjunction of relations; None if unusable.

    Relations on parallel expressions (v + 1 < 0 and v - 1 > 0) constrain the
    same part (v), so contradictions and pinned values show as empty sets and
    single points."""
    allowed = {}
    for rel in (clause.args if isinstance(clause, sp.And) else (clause,)):
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
        if sp.degree(part, s) == 1 and not sp.diff(part, s).free_symbols:
            sol = sp.solve(sp.Eq(part, value), s)
            if len(sol) == 1:
                return {s: sol[0]}
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
    if not diff.has(*rewrites.PIECEWISE_FUNCS, sp.Piecewise):
        return None, None
    sub = domain.proof_substitution()
    with time_limit(deadline.share(0.3)):
        pw = rewrites.to_piecewise(diff.xreplace(sub) if sub else diff)
    if not isinstance(pw, sp.Piecewise):
        return ("proof", None) if prove_zero(pw) else (None, None)
    inv = invert(sub)
    # the claim's own symbols (a substituted u maps back to an expression in them)
    symbols = set().union(*(sp.sympify(inv.get(s, s)).free_symbols for s in pw.free_symbols
                            if isinstance(s, sp.Symbol)))
    earlier, unsettled = [], None
    for val, cond in pw.args:
        if deadline.left() <= 0:
            return None, None
        effective = sp.And(cond, *[sp.Not(c) for c in earlier])
        earlier.append(cond)
        if effective is sp.false or prove_zero(val):
            continue
        with time_limit(deadline.share(0.2)):
            clauses = sp.to_dnf(effective, simplify=False)
        clauses = clauses.args if isinstance(clauses, sp.Or) else (clauses,)
        if len(clauses) > MAX_CLAUSES:
            return None, None
        for clause in clauses:
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
                sets = clause_sets(sp.And(*[r.xreplace(subs) for r in
                                            (clause.args if isinstance(clause, sp.And) else (clause,))]))
                if sets is None:
                    return None, None
            if any(allowed is sp.EmptySet for allowed in sets.values()):
                continue  # contradictory: the clause is empty
            if prove_zero(v):
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
