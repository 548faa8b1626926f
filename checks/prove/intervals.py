"""Interval sets of one variable inside a case: the simplest rational between two ends,
seeded picks inside a union of intervals, and the exact feasible set of one symbol under
linear or polynomial clauses (the rest fixed)."""
from __future__ import annotations

import sympy as sp

from checks.prove.budget import BUDGETS


def simplest_between(lo, hi):
    """The rational with the smallest denominator (then numerator) strictly between
    lo < hi, which may be infinite (continued fractions, as in the Stern-Brocot tree)."""
    if lo < 0 < hi:
        return sp.S.Zero
    if hi <= 0:
        return -simplest_between(-hi, -lo)
    n = sp.floor(lo)
    if hi == sp.oo or n + 1 < hi:
        return sp.Integer(n + 1)     # n <= lo < n + 1
    # lo and hi lie in [n, n + 1]: x = n + 1/y with y between 1/(hi - n) and 1/(lo - n)
    top = sp.oo if lo == n else 1 / (lo - n)
    return n + 1 / simplest_between(1 / (hi - n), top)


def _pieces(s):
    if isinstance(s, sp.Union):
        return list(s.args)
    return [s]


def picks(allowed, integer, rng, want=BUDGETS.points_per_case):
    """Up to ``want`` exact rationals inside the set ``allowed`` (an interval, a
    finite set or a union of them): simplest first, then the midpoint or a far
    point, then a seeded interior one."""
    out = []
    for piece in _pieces(allowed):
        if isinstance(piece, sp.FiniteSet):
            out += [v for v in piece.args if v.is_Rational and (not integer or v.is_Integer)]
        elif isinstance(piece, sp.Interval):
            out += _interval_picks(piece, integer, rng)
    seen = []
    for v in out:
        if v not in seen and allowed.contains(v) is sp.true:
            seen.append(v)
    return seen[:want]


def _interval_picks(iv, integer, rng):
    lo, hi = iv.start, iv.end
    if not (lo.is_Rational or lo is sp.S.NegativeInfinity) or not (hi.is_Rational or hi is sp.S.Infinity):
        return []
    if integer:
        a = sp.ceiling(lo) if lo.is_finite else None
        b = sp.floor(hi) if hi.is_finite else None
        if a is not None and iv.left_open and a == lo:
            a += 1
        if b is not None and iv.right_open and b == hi:
            b -= 1
        if a is not None and b is not None:
            if a > b:
                return []
            return [sp.Integer(v) for v in (a, b, (a + b) // 2, rng.randint(int(a), int(b)))]
        # unbounded: the integer nearest 0, then two further out
        base = max(a, 0) if a is not None else min(b, 0) if b is not None else 0
        step = 1 if b is None else -1
        return [sp.Integer(base + step * d) for d in (0, 1, rng.randint(2, 20))]
    if lo == hi:
        return [lo]
    first = simplest_between(lo, hi)
    if lo.is_finite and hi.is_finite:
        u = sp.Rational(rng.randint(1, 2 ** 16 - 1), 2 ** 16)
        return [first, (lo + hi) / 2, lo + (hi - lo) * u]
    mag = sp.Rational(rng.randint(2 ** 10, 2 ** 14), 2 ** 10)   # 1 .. 16
    far = first + mag if hi is sp.S.Infinity else first - mag
    return [first, far]


def _linear_in(expr, t):
    """(a, b) with expr == a*t + b, both rational, or None."""
    expr = sp.expand(expr)
    a = expr.coeff(t, 1)
    b = sp.expand(expr - a * t)
    if a.is_Rational and b.is_Rational:
        return a, b
    return None


def _preimage(allowed, a, b):
    """{t : a*t + b in allowed} for a != 0, exactly; None for a set it cannot map."""
    out = []
    for piece in _pieces(allowed):
        if isinstance(piece, sp.FiniteSet):
            out.append(sp.FiniteSet(*[(v - b) / a for v in piece.args]))
        elif isinstance(piece, sp.Interval):
            lo, hi = (piece.start - b) / a, (piece.end - b) / a
            if a > 0:
                out.append(sp.Interval(lo, hi, piece.left_open, piece.right_open))
            else:
                out.append(sp.Interval(hi, lo, piece.right_open, piece.left_open))
        elif piece is sp.EmptySet:
            continue
        else:
            return None
    return sp.Union(*out) if out else sp.EmptySet


def _iv_set(iv):
    if iv.lo == iv.hi:
        return sp.FiniteSet(iv.lo)
    return sp.Interval(iv.lo, iv.hi, iv.lo_open or not iv.lo.is_finite, iv.hi_open or not iv.hi.is_finite)


def feasible(constraints, t, iv):
    """The exact set of t in interval ``iv`` where every constraint (expr in t alone,
    allowed set) holds; for polynomial constraints a union of rational intervals
    inside it that is empty only when it is; None when neither can be computed."""
    out = _iv_set(iv)
    for expr, allowed in constraints:
        if t not in expr.free_symbols:
            if not (expr.is_Rational and allowed.contains(expr) is sp.true):
                return sp.EmptySet if expr.is_Rational else None
            continue
        ab = _linear_in(expr, t)
        if ab is None:
            return _poly_feasible(constraints, t, iv)
        pre = _preimage(allowed, *ab) if ab[0] != 0 else None
        if pre is None:
            return None
        out = out.intersect(pre)
        if out is sp.EmptySet:
            return out
    return out


_MAX_DEGREE = 16


def _poly_feasible(constraints, t, iv):
    """Constraints polynomial in t (x**2 - 2*x + 1 < 0): the truth of every one is
    constant between consecutive real roots of the product of (p - end) over all
    set ends, so one exact rational point per gap decides the gap. Gaps are kept as
    the rational intervals between the roots' isolating intervals, rational roots
    as points. Empty is returned only when exact: when every gap fails and no
    irrational root could satisfy a non-strict constraint.

    Long because it is one exact procedure (roots isolated, then each open piece and root
    tested) whose steps share the isolated roots."""
    ends, polys = [], []
    for expr, allowed in constraints + [(t, _iv_set(iv))]:
        try:
            p = sp.Poly(expr, t, domain=sp.QQ)
        except (sp.PolynomialError, sp.CoercionFailed, ValueError):
            return None
        polys.append(p)
        for piece in _pieces(allowed):
            if isinstance(piece, sp.FiniteSet):
                ends += [p - c for c in piece.args]
            elif isinstance(piece, sp.Interval):
                ends += [p - c for c in (piece.start, piece.end) if c.is_finite]
            else:
                return None
    q = sp.Poly(1, t, domain=sp.QQ)
    for e in ends:
        if not e.is_zero:
            q = q * e
    if q.degree() > _MAX_DEGREE:
        return None
    q = q.sqf_part() if q.degree() > 0 else q
    roots = _separated_roots(q) if q.degree() > 0 else []
    if roots is None:
        return None

    def holds(v):
        return all(allowed.contains(p.eval(v)) is sp.true for p, (_, allowed) in
                   zip(polys, constraints + [(t, _iv_set(iv))]))

    out, irrational = [], False
    left = sp.S.NegativeInfinity
    for (a, b), _ in roots + [((sp.oo, sp.oo), 1)]:
        if _roots_inside(q, left, a):
            return None    # isolating intervals that do not isolate: trust nothing
        if holds(simplest_between(left, a)):
            out.append(sp.Interval.open(left, a))
        if a == b and a != sp.oo:
            if holds(a):
                out.append(sp.FiniteSet(a))
        elif a != sp.oo:
            irrational = True
        left = b
    if out:
        return sp.Union(*out)
    if irrational and not all(_all_strict(a) for _, a in constraints):
        return None
    return sp.EmptySet


def _roots_inside(q, lo, hi) -> int:
    """The number of real roots of q strictly between lo and hi (Sturm, exact)."""
    n = q.count_roots(lo if lo.is_finite else None, hi if hi.is_finite else None)
    return n - sum(1 for e in (lo, hi) if e.is_finite and q.eval(e) == 0)


def _separated_roots(q):
    """Isolating intervals of q's real roots, rational ones exact, refined until
    consecutive ones are strictly apart (so a rational point lies between); None
    if that does not happen quickly."""
    for eps in (None, sp.Rational(1, 16), sp.Rational(1, 2 ** 16), sp.Rational(1, 2 ** 64), sp.Rational(1, 2 ** 256)):
        roots = [((sp.Rational(a), sp.Rational(b)), m) for (a, b), m in
                 (q.intervals() if eps is None else q.intervals(eps=eps))]
        ends = [v for (a, b), _ in roots for v in (a, b)]
        if all(x < y for x, y in zip(ends[1::2], ends[2::2])):
            return roots
    return None


def _all_strict(allowed) -> bool:
    return all(isinstance(p, sp.Interval) and (p.left_open or not p.start.is_finite)
               and (p.right_open or not p.end.is_finite) for p in _pieces(allowed))
