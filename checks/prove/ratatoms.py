"""Atoms of the exact reading and their parts: the functions read from X = exp(u), linear
terms of an exponent, bases split into factors and primes, logs of positive rationals over
primes, Mod/ceiling/frac through floor, and the log ratio of two monomials."""
from __future__ import annotations

import sympy as sp

from checks import dl


class Unsupported(ValueError):
    pass


# Functions read straight from X = exp(scale * u), without building SymPy nodes:
# f(u) = p(X, 1) / q(X, 1) with p, q homogeneous of the same degree, so that for
# X = num/den, f(u) = p(num, den) / q(num, den).
_EXP_FORMS = {
    dl.sigmoid: (1, lambda X, one: (X, X + one)),                      # 1/(1 + e^-u)
    sp.tanh: (2, lambda X, one: (X - one, X + one)),                   # (e^2u - 1)/(e^2u + 1)
    sp.sinh: (1, lambda X, one: (X * X - one * one, 2 * X * one)),     # (e^u - e^-u)/2
    sp.cosh: (1, lambda X, one: (X * X + one * one, 2 * X * one)),
}


# Functions rewritten to exp one node at a time (SymPy's rewrite) in the exponential reading.
_TO_EXP = (sp.coth, sp.sech, sp.csch)


def _linear_terms(arg):
    """exp's argument as [(m, c)] with rational c: arg = sum c*m."""
    out = []
    for term in sp.Add.make_args(sp.expand(arg)):
        c, m = term.as_coeff_Mul()
        if not c.is_Rational:
            raise Unsupported(f"exp argument with a float coefficient: {term}")
        out.append((m, c))   # m == 1 for the constant part: T_1 = exp(1/d)
    return out


def _symbolic_power(n) -> bool:
    """b**e with a symbolic exponent: read as b**e1 * b**e2 ... over the linear terms of
    e (b**(t - k) = b**t * b**(-k), b**(t + 1) = b * b**t), with b**(m/d) a new
    indeterminate per base and term m, as exp(c*m) is read. This is the principal
    branch's law b**(u + v) = b**u * b**v; at b = 0 it holds wherever both sides are
    finite."""
    return n.is_Pow and not n.exp.is_Rational and bool(n.exp.free_symbols)


def _base_factors(base, integral: bool) -> list:
    """[(g, h)] with base**z = prod g**(h*z) for the exponents z at hand: a product split
    into its factors when z is an integer or every factor is positive, g**h split when g
    is positive or h and z are integers, and positive rationals split into primes
    ((b/2)**n = b**n * 2**(-n), 4**x = 2**(2x)), so that one base is one indeterminate
    per exponent term. SymPy itself merges 2**n * 3**n into 6**n, which this undoes."""
    factors = sp.Mul.make_args(base)
    if len(factors) > 1 and not (integral or all(f.is_positive for f in factors)):
        return [(base, sp.S.One)]
    out = []
    for f in factors:
        g, h = f.as_base_exp()
        if h == 1 or not (h.is_Rational and (g.is_positive or integral and h.is_Integer)):
            g, h = f, sp.S.One
        if g.is_Rational and g > 0 and g != 1:
            for num, sign in ((int(g.p), 1), (int(g.q), -1)):
                if num.bit_length() > MAX_LOG_BITS:
                    out.append((sp.Integer(num), sign * h))
                    continue
                out += [(sp.Integer(p), sign * h * e) for p, e in _trial_factor(num)]
        else:
            out.append((g, h))
    return out


def _through_floor(n):
    """Mod, ceiling and frac by their definitions through floor, so that one floor atom
    stands for all of them: Mod(a, b) = a - b*floor(a/b) (SymPy's Mod, the sign of b, for
    every b != 0), ceiling(a) = -floor(-a), frac(a) = a - floor(a)."""
    if isinstance(n, sp.Mod):
        a, b = n.args
        return a - b * sp.floor(a / b)
    if isinstance(n, sp.ceiling):
        return -sp.floor(-n.args[0])
    return n.args[0] - sp.floor(n.args[0])


TRIAL_PRIMES = 10 ** 4        # primes tried when a log's rational argument is split


MAX_LOG_BITS = 4096           # larger numerators and denominators stay whole


def _log_of_number(a):
    """log(a) for a positive product of rational powers of rationals as a combination
    of logs of integers (primes below TRIAL_PRIMES and what is left unsplit):
    log(6) = log(2) + log(3), log(sqrt(8)) = 3*log(2)/2. Any split of a positive
    integer into positive factors is exact; None when ``a`` is not of that form."""
    out = sp.S.Zero
    for f in sp.Mul.make_args(a):
        base, ex = f.as_base_exp()
        if not (base.is_Rational and base > 0 and ex.is_Rational):
            return None
        for n, sign in ((int(base.p), 1), (int(base.q), -1)):
            if n.bit_length() > MAX_LOG_BITS:
                out += sign * ex * sp.log(sp.Integer(n), evaluate=False)
                continue
            for p, k in _trial_factor(n):
                out += sign * ex * k * sp.log(sp.Integer(p), evaluate=False)
    return out


def _trial_factor(n: int):
    """(factor, multiplicity) of n > 0 by trial division up to TRIAL_PRIMES; the cofactor
    left (prime or not) is one factor."""
    p = 2
    while p * p <= n and p < TRIAL_PRIMES:
        k = 0
        while n % p == 0:
            n //= p
            k += 1
        if k:
            yield p, k
        p += 1 if p == 2 else 2
    if n > 1:
        yield n, 1


def _log_form(n):
    """The argument A of a node that is log(A): log itself, softplus(u) = log(1 + exp(u))."""
    if isinstance(n, sp.log):
        return n.args[0]
    if isinstance(n, dl.softplus):
        return 1 + sp.exp(n.args[0])
    return None


def _log_ratio(a, b, exp_gens):
    """log(A/B) as a linear expression when A/B is c * prod T_i**e_i with c > 0 and
    every T_i an exponential generator; else None."""
    (an, ad), (bn, bd) = a, b
    num, den = an * bd, ad * bn
    if den == 0 or num == 0:
        return None
    mono = positive_monomial(num, den)
    if mono is None:
        return None
    out, exps = mono
    for i, e in enumerate(exps):
        if e == 0:
            continue
        if i not in exp_gens:
            return None
        m, d = exp_gens[i]
        out += sp.Rational(e, d) * m
    return out


def positive_monomial(num, den):
    """num/den as c * prod g_i**e_i with rational c > 0: (log(c), [e_i]); None when it is
    not one monomial over another or c <= 0."""
    g = num.gcd(den)   # the reading keeps common factors (sigmoid/(1 - sigmoid) = X(1+X)/(1+X))
    num, den = num / g, den / g
    if len(num) != 1 or len(den) != 1:
        return None
    c = num.coeffs()[0] / den.coeffs()[0]
    if c <= 0:
        return None
    return sp.log(sp.Rational(int(c.p), int(c.q))), [p - q for p, q in zip(num.monoms()[0], den.monoms()[0])]
