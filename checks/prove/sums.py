"""Finite sums for the exact reading and the rewrites: split by linearity (a Kronecker delta
picks its index), bound indices renamed canonically, sums with equal limits merged; and
closed forms of P(k)*r^k sums by their antidifference, exact for any integer limits."""
from __future__ import annotations

import math

import sympy as sp


def _finite(s) -> bool:
    """Linearity is only used for sums with finite limits (an infinite sum may diverge)."""
    return not any(b.has(sp.oo, -sp.oo, sp.zoo) for lim in s.limits for b in lim[1:])


def _merge_sums(add):
    """c1*Sum(f1, L) + c2*Sum(f2, L) -> Sum(c1*f1 + c2*f2, L) for equal limits L (the c_i
    are free of L's indices): summands that agree only as a whole, such as a sigmoid
    form and a tanh form, then meet in one summand."""
    groups, rest = {}, []
    for term in add.args:
        found = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum) and _finite(f)]
        if len(found) == 1:
            s = found[0]
            groups.setdefault(tuple(lim[1:] for lim in s.limits), []).append((term / s, s))
        else:
            rest.append(term)
    if all(len(g) < 2 for g in groups.values()):
        return add
    for items in groups.values():
        # One index name for the merged sum: the tallest sum's (see _canonical_indices,
        # a name never occurs bound inside a shorter sum, so renaming cannot capture).
        target = max((s for _, s in items), key=_height)
        names = [lim[0] for lim in target.limits]
        body = sp.Add(*[c * s.function.xreplace(dict(zip([lim[0] for lim in s.limits], names)))
                        for c, s in items])
        rest.append(sp.Sum(body, *target.limits))
    return sp.Add(*rest)


def normal_sums(e):
    """Finite sums split by linearity, bound indices renamed canonically, and sums
    with equal limits in one sum merged: the form ``exact_reading`` reads."""
    e = e.replace(lambda n: isinstance(n, sp.Sum) and _finite(n), _split_sum)
    e = _canonical_indices(e)
    return e.replace(lambda n: n.is_Add and n.has(sp.Sum), _merge_sums)


def _split_sum(s: sp.Sum):
    """Sum(a + b) -> Sum(a) + Sum(b); factors free of the index pulled out."""
    fn, *limits = s.args
    idx = {lim[0] for lim in limits}
    out = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(fn)):
        free, bound = sp.S.One, sp.S.One
        for f in sp.Mul.make_args(term):
            if f.free_symbols & idx:
                bound *= f
            else:
                free *= f
        picked = _delta_pick(bound, limits)
        if picked is not None:
            out += free * picked
        elif bound == 1:  # an index-free term: sum_{k=a}^{b} c = c (b - a + 1), also for b < a (Karr)
            count = sp.S.One
            for _, lo, hi in limits:
                count *= hi - lo + 1
            out += free * count
        else:
            out += free * sp.Sum(bound, *limits)
    return out


def _delta_pick(term, limits):
    """sum_{k=lo}^{hi} f(k) delta(k, j) = f(j) when lo <= j <= hi is settled by the
    assumptions (0 when lo <= j <= hi is settled false); None otherwise. SymPy's
    deltasummation does this through solve and simplify, which import sympy.physics."""
    if len(limits) != 1:
        return None
    k, lo, hi = limits[0]
    for d in sp.Mul.make_args(term):
        if not isinstance(d, sp.KroneckerDelta) or k not in d.args:
            continue
        j = d.args[1] if d.args[0] == k else d.args[0]
        if k in j.free_symbols or j.is_integer is not True:
            continue
        inside = sp.And(sp.Le(lo, j), sp.Le(j, hi))
        if inside is sp.true:
            return (term / d).xreplace({k: j})
        if inside is sp.false:
            return sp.S.Zero
    return None


def _height(n) -> int:
    """How many sums nest in ``n`` (a Sum counts itself)."""
    inner = [_height(a) for a in n.args] if isinstance(n, sp.Basic) else []
    return (1 if isinstance(n, sp.Sum) else 0) + max(inner, default=0)


def _canonical_indices(e):
    """Rename bound summation indices canonically so equal sums compare equal.

    An index is named by its sum's height (how many sums nest inside it), so
    independent sums get the same names and nested ones never clash."""
    def canon(s):
        fn, *limits = s.args
        h = _height(fn)
        new_limits = []
        for pos, (var, lo, hi) in enumerate(limits):
            k = sp.Symbol(f"_k{h}_{pos}", integer=True)
            fn = fn.xreplace({var: k})
            new_limits.append((k, lo, hi))
        return sp.Sum(fn, *new_limits)

    return e.replace(lambda n: isinstance(n, sp.Sum), canon)


# --- closed forms of geometric and arithmetico-geometric sums ------------------

MAX_SUM_TERMS = 64   # terms of an expanded summand worth closing term by term


def closed_sums(e, nonzero):
    """Every finite sum whose summand is a combination of P(k) * r**k (P a polynomial in
    the index, r free of it, as b**(t - k) = b**t * (1/b)**k) replaced by its closed
    form F(hi + 1) - F(lo), F(k) = Q(k) * r**k the antidifference of the summand.

    Exact for every pair of integer limits, Karr's convention included, wherever
    r != 0 and r != 1; ``nonzero(expr)`` says whether the domain settles expr != 0
    (True) or not, and a term whose ratio it cannot settle is left as a sum (then r = 1
    is a case the domain allows, and the closed form would divide by zero there).
    Polynomial terms (r = 1 exactly) use the polynomial antidifference. Sums nested
    inside are closed first, so the outer summand sees their closed forms."""
    if not e.has(sp.Sum):
        return e
    return e.replace(lambda n: isinstance(n, sp.Sum) and _finite(n), lambda s: _close_sum(s, nonzero))


def _close_sum(s, nonzero):
    fn, *limits = s.args
    for i, (k, lo, hi) in enumerate(limits):   # SymPy stores the innermost limit first
        if not (k.is_integer and lo.is_integer and hi.is_integer):
            return sp.Sum(fn, *limits[i:])
        closed = _close_one(fn, k, lo, hi, nonzero)
        if closed is None:
            return sp.Sum(fn, *limits[i:])
        fn = closed
    return fn


def _geometric_terms(fn, k):
    """{ratio key: (bases, {degree: coefficient})} for fn = sum coeff * k**deg * prod base**(a*k),
    bases a tuple of (base, a) (exp(a*k) as (E, a)); None when a term is not of that form."""
    terms = sp.Add.make_args(sp.expand(fn))
    if len(terms) > MAX_SUM_TERMS:
        return None
    groups = {}
    for term in terms:
        coeff, deg, bases = sp.S.One, 0, []
        for f in sp.Mul.make_args(term):
            if k not in f.free_symbols:
                coeff *= f
                continue
            base, ex = (sp.E, f.args[0]) if isinstance(f, sp.exp) else f.as_base_exp()
            if base == k and ex.is_Integer and ex > 0:
                deg += int(ex)
                continue
            if k in base.free_symbols:
                return None
            const, lin = ex.as_independent(k, as_Add=True)
            a, kk = lin.as_independent(k, as_Mul=True)
            if kk != k:
                return None
            coeff *= base ** const
            bases.append((base, a))
        bases = tuple(sorted(bases, key=lambda ba: sp.default_sort_key(sp.Tuple(*ba))))
        key = sp.Mul(*[b ** a for b, a in bases])
        _, poly = groups.setdefault(key, (bases, {}))
        poly[deg] = poly.get(deg, sp.S.Zero) + coeff
    return groups


def _close_one(fn, k, lo, hi, nonzero):
    groups = _geometric_terms(fn, k)
    if groups is None:
        return None
    out = sp.S.Zero
    for r, (bases, poly) in groups.items():
        if r == 1:
            q = _poly_antidifference(poly)
        elif nonzero(r) and nonzero(r - 1):
            q = _geometric_antidifference(poly, r)
        else:
            return None

        def F(x):
            return sp.Add(*[c * x ** i for i, c in q.items()]) * sp.Mul(*[b ** (a * x) for b, a in bases])
        out += F(hi + 1) - F(lo)
    return out


def _geometric_antidifference(p: dict, r) -> dict:
    """Q with r*Q(k+1) - Q(k) = P(k) (r != 1): the coefficient of k**j reads
    (r - 1) q_j + r * sum_{i>j} C(i, j) q_i = p_j, solved from the top degree down."""
    m = max(p)
    q = {}
    for j in range(m, -1, -1):
        acc = p.get(j, sp.S.Zero) - r * sp.Add(*[math.comb(i, j) * q[i] for i in range(j + 1, m + 1)])
        q[j] = acc / (r - 1)
    return q


def _poly_antidifference(p: dict) -> dict:
    """Q with Q(k+1) - Q(k) = P(k): the coefficient of k**j reads
    (j + 1) q_{j+1} + sum_{i>j+1} C(i, j) q_i = p_j, solved from the top degree down."""
    m = max(p)
    q = {0: sp.S.Zero}
    for j in range(m, -1, -1):
        acc = p.get(j, sp.S.Zero) - sp.Add(*[math.comb(i, j) * q[i] for i in range(j + 2, m + 2)])
        q[j + 1] = acc / (j + 1)
    return q
