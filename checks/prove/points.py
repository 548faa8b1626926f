"""Exact points inside a case, however thin, and cases that are empty.

A case that is not proved zero must be tested at a point inside it (-1/10**7 < x < 0).
Clauses in one symbol, or linear in one symbol once the others are fixed at simple values,
are solved exactly; linear systems by elimination; seeded sampling is the last resort.
Every point is checked exactly against the clause and the domain before it is used."""
from __future__ import annotations

import itertools

import sympy as sp

from checks.prove import numeric, sampling
from checks.prove.budget import BUDGETS
from checks.prove.domains import Domain
from checks.prove.intervals import _iv_set, _pieces, feasible, picks


_COMBOS = 27          # assignments of the other symbols tried per solved symbol


def _own_sets(constraints, free, dom_of):
    """Each variable's exact feasible set under the constraints in it alone (its
    interval where one is not linear); None when one of them has no member."""
    own = {}
    for s in free:
        mine = [(e, a) for e, a in constraints if e.free_symbols <= {s}]
        f = feasible(mine, s, dom_of(s))
        if f is not None and not _has_member(f, dom_of(s).integer):
            return None
        own[s] = f if f is not None else _iv_set(dom_of(s))
    return own


def _has_member(allowed, integer) -> bool:
    if allowed is sp.EmptySet:
        return False
    if not integer:
        return True
    for piece in _pieces(allowed):
        if isinstance(piece, sp.Interval) and not (piece.start.is_finite and piece.end.is_finite):
            return True
        if picks(piece, True, sampling._rng(0, "member"), 1):
            return True
    return False


def case_is_empty(constraints, variables, dom_of) -> bool:
    """Exactly shown: some variable's own clauses leave it no value in its interval
    (-1 < n < 0 for an integer n, or x < 0 with x > 1/10**9), or an integer-valued
    part no integer (-1 < n - t < 0 for integers n and t)."""
    if any(e.is_integer and not _has_member(a, True) for e, a in constraints):
        return True
    own = _own_sets(constraints, sorted(variables, key=str), dom_of)
    return own is None or _sign_contradiction(constraints, own)


def _sign_contradiction(constraints, own) -> bool:
    """A clause no point can meet by signs alone: x >= 0, y >= 0 and x*y < 0. Each
    symbol bounded on one side is written as its bound plus or minus a new
    nonnegative (positive, for an open end) symbol, and SymPy's assumptions are
    asked whether a clause's part can lie in its set at all."""
    rep = {}
    for s, allowed in own.items():
        if not isinstance(s, sp.Symbol) or not isinstance(allowed, sp.Interval):
            continue
        if allowed.start.is_finite:
            p = sp.Dummy(positive=True) if allowed.left_open else sp.Dummy(nonnegative=True)
            rep[s] = allowed.start + p
        elif allowed.end.is_finite:
            p = sp.Dummy(positive=True) if allowed.right_open else sp.Dummy(nonnegative=True)
            rep[s] = allowed.end - p
    if not rep:
        return False
    for expr, allowed in constraints:
        if not isinstance(allowed, sp.Interval) or len(expr.free_symbols) < 2:
            continue
        e = sp.expand(expr.xreplace(rep))
        ends = [(e - allowed.start, allowed.left_open)] if allowed.start.is_finite else []
        ends += [(allowed.end - e, allowed.right_open)] if allowed.end.is_finite else []
        for d, strict in ends:   # the clause needs d > 0 (strict) or d >= 0
            if (d.is_positive if strict else d.is_nonnegative) is False:
                return True
    return False


def _exact_points(constraints, free, dom_of, rng):
    """Points {symbol: Rational} inside the case: by elimination when every clause is
    linear, else by fixing all symbols but one at simple values and solving that one."""
    if not free:
        yield {}
        return
    own = _own_sets(constraints, free, dom_of)
    if own is None:
        return
    linear = _linear_system(constraints, free, dom_of)
    if linear is not None:
        for system in linear:
            yield from _eliminated_points(system, free, dom_of, rng)
        return
    for t in free:
        others = [s for s in free if s != t]
        choices = [picks(own[s], dom_of(s).integer, rng) for s in others]
        for n, combo in enumerate(itertools.product(*choices)):
            if n >= _COMBOS:
                break
            fixed = dict(zip(others, combo))
            rest = [(e.xreplace(fixed), a) for e, a in constraints]
            f = feasible(rest, t, dom_of(t))
            if f is None:
                break           # not linear in t: try solving another symbol
            for v in picks(f, dom_of(t).integer, rng):
                yield {**fixed, t: v}


# A linear inequality: (coefficients {symbol: Rational}, constant, strict) meaning
# sum(c * symbol) + constant > 0 (strict) or >= 0.
_MAX_INEQUALITIES = 400


def _linear_system(constraints, free, dom_of):
    """The clauses and the intervals as systems of linear inequalities (one system
    per choice of piece where a clause allows a union), or None if one is not linear."""
    alternatives = []
    for expr, allowed in constraints:
        lin = _linear_form(expr, free)
        if lin is None:
            return None
        options = [_bounds(lin, piece) for piece in _pieces(allowed)]
        if any(o is None for o in options):
            return None
        alternatives.append(options)
    for s in free:
        iv = dom_of(s)
        alternatives.append([_bounds(({s: sp.S.One}, sp.S.Zero), _iv_set(iv))])
    systems = []
    for n, combo in enumerate(itertools.product(*alternatives)):
        if n >= _COMBOS:
            break
        systems.append([ineq for group in combo for ineq in group])
    return systems


def _linear_form(expr, free):
    expr = sp.expand(expr)
    coef = {s: expr.coeff(s, 1) for s in free}
    const = sp.expand(expr - sum(c * s for s, c in coef.items()))
    if not const.is_Rational or not all(c.is_Rational for c in coef.values()):
        return None
    return {s: c for s, c in coef.items() if c != 0}, const


def _bounds(lin, piece):
    """lin in piece (an interval or one point) as inequalities."""
    coef, const = lin
    if isinstance(piece, sp.FiniteSet) and len(piece) == 1:
        (v,) = piece.args
        piece = sp.Interval(v, v)
    if not isinstance(piece, sp.Interval):
        return None
    out = []
    neg = {s: -c for s, c in coef.items()}
    if piece.start.is_finite:
        out.append((coef, const - piece.start, bool(piece.left_open)))
    if piece.end.is_finite:
        out.append((neg, piece.end - const, bool(piece.right_open)))
    return out


def _eliminate(system, t):
    """Fourier-Motzkin: the inequalities without t that hold exactly where some t
    satisfies the system (over the reals)."""
    lower, upper, rest = [], [], []
    for coef, const, strict in system:
        c = coef.get(t, 0)
        (lower if c > 0 else upper if c < 0 else rest).append((coef, const, strict))
    for lc, lk, ls in lower:
        a = lc[t]
        for uc, uk, us in upper:
            b = -uc[t]
            coef = {s: lc.get(s, 0) / a + uc.get(s, 0) / b for s in set(lc) | set(uc) if s != t}
            rest.append(({s: c for s, c in coef.items() if c != 0}, lk / a + uk / b, ls or us))
            if len(rest) > _MAX_INEQUALITIES:
                raise OverflowError("too many inequalities")
    return rest


def _interval_of(system, t, fixed):
    """The exact set of t satisfying every inequality once ``fixed`` is substituted."""
    out = sp.Reals
    for coef, const, strict in system:
        k = const + sum(c * fixed[s] for s, c in coef.items() if s != t)
        c = coef.get(t, 0)
        if c == 0:
            if k < 0 or (strict and k == 0):
                return sp.EmptySet
            continue
        edge = -k / c
        out = out.intersect(sp.Interval(edge, sp.oo, strict, True) if c > 0
                            else sp.Interval(-sp.oo, edge, True, strict))
    return out


def _eliminated_points(system, free, dom_of, rng):
    """Points of a linear system: eliminate the symbols from the last, then pick the
    first from its exact interval and each next one given those before it."""
    stages = [system]
    try:
        for t in reversed(free[1:]):
            stages.append(_eliminate(stages[-1], t))
    except OverflowError:
        return
    stages.reverse()   # stages[i] involves free[0..i]

    def extend(i, fixed):
        if i == len(free):
            yield dict(fixed)
            return
        t = free[i]
        for v in picks(_interval_of(stages[i], t, fixed), dom_of(t).integer, rng):
            yield from extend(i + 1, {**fixed, t: v})

    yield from itertools.islice(extend(0, {}), 4 * BUDGETS.points_per_case)


def _certified_in(value, allowed) -> bool:
    """value (a number) lies in allowed: exactly for rationals, else by arb balls."""
    if value.is_Rational:
        return allowed.contains(value) is sp.true
    if value.free_symbols or not value.is_number:
        return False
    try:
        b = numeric.evaluate(value, {}, 128)
        for piece in _pieces(allowed):
            if isinstance(piece, sp.Interval) and _ball_in(b, piece):
                return True
    except (ArithmeticError, TypeError, ValueError):
        return False
    return False


def _ball_in(b, iv) -> bool:
    ok = True
    if iv.start.is_finite:
        lo = numeric.evaluate(iv.start, {}, 128)
        ok = ok and bool(b > lo if iv.left_open else b >= lo)
    if iv.end.is_finite:
        hi = numeric.evaluate(iv.end, {}, 128)
        ok = ok and bool(b < hi if iv.right_open else b <= hi)
    return ok


def case_points(constraints, variables, dom_of, back, domain, seed, key, want=BUDGETS.points_per_case):
    """Up to ``want`` exact points inside a case, in the claim's own symbols.

    ``constraints``: (expr, allowed set) pairs over ``variables`` (the symbols of
    the case split, after the domain's proof substitution); ``dom_of`` gives each
    variable's interval; ``back`` maps a point of the variables to one of the
    claim's symbols (the substitution). A point is kept only when every constraint
    holds at it (exactly, or certified in balls) and every symbol lies in its domain."""
    rng = sampling._rng(seed, key + ":case")
    free = sorted(variables, key=str)
    out = []

    def keep(p):
        if any(not _certified_in(e.xreplace(p), a) for e, a in constraints):
            return False
        full = back(p)
        if full is None or any(not (v.is_Rational and domain.of(s).contains(v)) for s, v in full.items()):
            return False
        if full not in out:
            out.append(full)
        return len(out) >= want

    for p in _exact_points(constraints, free, dom_of, rng):
        if keep(p):
            return out
    if not out:        # nothing exact: seeded sampling inside the variables' own intervals
        vdom = Domain({s: dom_of(s) for s in free})
        for p in sampling.points(free, vdom, 200, seed, key + ":region"):
            if keep(p):
                break
    return out
