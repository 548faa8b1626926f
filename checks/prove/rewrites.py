"""Targeted rewrites that prove ``expr == 0``: never a blind ``simplify``.

Each rewrite is a function ``expr -> expr`` that preserves value on the real
domain of the claim. A claim is proved when a rewrite (or a composition, see
``PIPELINE``) returns exactly zero; the name of the rewrite that did it is
recorded as the verdict's method.

``exact_reading`` comes first: the same mathematics as expand, cancel and
exp-rational, computed in flint (``ratnorm``) in about a hundredth of the
time. The SymPy rewrites after it add what the flint reading does not know:
powers and logs split under positivity, sums.
"""
from __future__ import annotations

import math

import sympy as sp
from sympy import exp, log

from checks import dl
from checks.prove import ratnorm

PIECEWISE_FUNCS = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign, dl._Piecewise)


def do_derivatives(e):
    """Carry out unevaluated Derivative objects (``diff`` in user text)."""
    if not e.has(sp.Derivative):
        return e
    return e.replace(lambda n: isinstance(n, sp.Derivative), lambda n: n.doit())


def exact_reading(e):
    """'expand', 'cancel' or 'exp-rational' when flint's exact reading of ``e`` as a
    rational function (exponentials as powers of new indeterminates) is zero;
    'sums' when finite sums had to be split, renamed and merged first."""
    try:
        name = ratnorm.reading(e, exponentials=True)
        if name or not e.has(sp.Sum):
            return name
        return "sums" if ratnorm.reading(normal_sums(e), exponentials=True) else None
    except (ratnorm.Unsupported, ZeroDivisionError):
        return None


def _fast_zero(e, exponentials):
    try:
        return ratnorm.is_zero(e, exponentials)
    except (ratnorm.Unsupported, ZeroDivisionError):
        return False


def rational(e):
    """cancel(together(.)) with powers split: exact for rational functions."""
    if _fast_zero(e, False):
        return sp.S.Zero
    return _rational_sympy(e)


def _rational_sympy(e):
    e = sp.expand_power_exp(e)
    e = sp.expand_power_base(e)  # (a*b)**n -> a**n * b**n where SymPy sees a, b > 0
    return sp.cancel(sp.together(e))


def _exp_atoms_to_rational(e):
    """Replace exp(c*m) by T_m**(c*d_m) with T_m = exp(m/d_m) > 0.

    After rewriting to exp, an identity among exponentials of linear
    combinations becomes a rational-function identity in new positive
    symbols, which ``cancel`` decides exactly. Returns (expr, logs) where
    ``logs`` maps log(T_m) back to m/d_m."""
    # exp(x[k]) with k bound by a Sum is not one value: it varies with k, so it
    # must never become a single symbol T (a Sum could then pull it out).
    bound = {lim[0] for s in e.atoms(sp.Sum, sp.Product) for lim in s.limits}
    atoms = {a for a in e.atoms(sp.exp) if not (a.free_symbols & bound)}
    if not atoms:
        return e, {}
    coeffs = {}
    decomposed = {}
    for a in atoms:
        parts = []
        const = sp.S.Zero
        for term in sp.Add.make_args(sp.expand(a.args[0])):
            c, m = term.as_coeff_Mul()
            if m == 1 or m.is_number:
                const += term
                continue
            if isinstance(m, log):  # exp(c*log(A)) = A**c: keep the link to A
                parts.append((m, c))
                continue
            if not c.is_Rational:
                c, m = sp.S.One, term
            parts.append((m, c))
            coeffs.setdefault(m, []).append(c)
        decomposed[a] = (parts, const)
    tsym = {}
    for i, (m, cs) in enumerate(sorted(coeffs.items(), key=lambda kv: sp.default_sort_key(kv[0]))):
        if isinstance(m, log):
            continue
        den = math.lcm(*[int(c.q) for c in cs]) if cs else 1
        tsym[m] = (sp.Symbol(f"_T{i}", positive=True), den)
    repl = {}
    for a, (parts, const) in decomposed.items():
        val = exp(const) if const != 0 else sp.S.One
        for m, c in parts:
            if isinstance(m, log):
                val *= sp.factor(sp.together(m.args[0])) ** c
                continue
            t, den = tsym[m]
            val *= t ** (c * den)
        repl[a] = val
    logs = {log(t): m / den for m, (t, den) in tsym.items()}
    return e.xreplace(repl), logs


def _expand_logs(e):
    """log(u) -> sum of logs of u's factors, where SymPy can see they are positive."""
    if not e.has(log):
        return e
    e = e.replace(lambda n: isinstance(n, log), lambda n: log(sp.factor(sp.together(n.args[0]))))
    return sp.expand_log(e, deep=True, force=False)


def exp_rational(e):
    """Rewrite activations and hyperbolics to exp; exponentials to a rational
    function in positive symbols; expand logs; cancel."""
    if _fast_zero(e, True):
        return sp.S.Zero
    return _exp_rational_sympy(e)


def _exp_rational_sympy(e):
    e = e.rewrite(exp)
    e = e.rewrite(sp.exp)  # tanh, sinh, cosh
    e, logs = _exp_atoms_to_rational(e)
    e = _expand_logs(e)
    if logs:
        e = e.xreplace(logs)
    return rational(e)


def log_expand(e):
    """Expand logarithms under positivity, then the exp-rational rewrite."""
    return _exp_rational_sympy(_expand_logs(e))


# --- sums ------------------------------------------------------------------

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
    deltasummation does this through solve and simplify, at 0.15 s per first call."""
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


def sums(e):
    """Sums: closed forms via doit, linearity, canonical indices; then rational."""
    if not e.has(sp.Sum):
        return None
    e = e.doit()
    e = e.replace(lambda n: isinstance(n, sp.Sum), _split_sum)
    e = _canonical_indices(e)
    if exact_reading(e):
        return sp.S.Zero
    r = _rational_sympy(e)
    if r != 0 and r.has(sp.exp) or r.has(dl.sigmoid):
        r = _exp_rational_sympy(e)
    return r


def pull_positive_factors(e):
    """max(0, c*g) -> c*max(0, g) and relu(c*g) -> c*relu(g) for c > 0."""
    def split(u):
        c, rest = sp.S.One, sp.S.One
        for f in sp.Mul.make_args(sp.factor_terms(u)):
            if f.is_positive:
                c *= f
            else:
                rest *= f
        return c, rest

    def fix_max(n):
        if len(n.args) == 2 and 0 in n.args:
            other = n.args[0] if n.args[1] == 0 else n.args[1]
            c, g = split(other)
            if c != 1:   # unevaluated: Max's own evaluation compares args pairwise (4 ms a node)
                return c * n.func(0, g, evaluate=False)
        return n

    e = e.replace(lambda n: isinstance(n, (sp.Max, sp.Min)), fix_max)
    e = e.replace(lambda n: isinstance(n, dl.relu) and split(n.args[0])[0] != 1,
                  lambda n: split(n.args[0])[0] * dl.relu(split(n.args[0])[1]))
    return e


# Order of the SymPy rewrites, cheapest first; each is tried on the claim's
# difference lhs - rhs after assumptions are applied, after ``exact_reading``.
PIPELINE = (
    ("expand", lambda e: sp.expand(e)),
    ("cancel", _rational_sympy),
    ("exp-rational", _exp_rational_sympy),
    ("log-expand", lambda e: log_expand(e) if e.has(log) else None),
    ("sums", sums),
)


def pipeline_for(e):
    """PIPELINE, with ``sums`` first when there is a sum: the closed forms it needs (a
    geometric sum) are what the others lack, and they cost 10 ms each failing first."""
    if not e.has(sp.Sum):
        return PIPELINE
    return tuple(sorted(PIPELINE, key=lambda step: step[0] != "sums"))


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
