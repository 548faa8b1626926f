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
from checks.prove.sums import _canonical_indices, _split_sum, normal_sums

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


def _exp_rational_sympy(e):
    """Rewrite activations and hyperbolics to exp; exponentials to a rational
    function in positive symbols; expand logs; cancel (the pipeline's step, after
    the exact reading has already failed on the same expression)."""
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
            if c != 1:   # unevaluated: Max's own evaluation compares args pairwise
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
    geometric sum) are what the others lack, and each of them costs time failing first."""
    if not e.has(sp.Sum):
        return PIPELINE
    return tuple(sorted(PIPELINE, key=lambda step: step[0] != "sums"))
