"""Exact zero tests for rational functions, computed in python-flint.

An expression is read as a rational function over Q in *atoms*: symbols,
x[k] entries, and every subterm that is not built from +, * and integer
powers (function calls, sums, non-integer powers). If the expression is the
zero rational function with its atoms taken as independent indeterminates,
it is zero wherever it is defined, whatever values the atoms have. That is
exactly what SymPy's ``expand`` and ``cancel(together(.))`` decide; here the
polynomial arithmetic and the gcds run in C (flint's ``fmpq_mpoly``).

With ``exponentials=True`` the reading also applies the exp-rational rewrite:
sigmoid, tanh, sinh and cosh are read straight from X = exp(u) (coth, sech,
csch through SymPy's rewrite, one node at a time), and exp(c1*m1 + ... + c0) becomes
T1**(c1*d1) * ... with T_i = exp(m_i/d_i) new indeterminates (d_i the lcm of
the denominators of m_i's coefficients), so exp(a + b) = exp(a) * exp(b) is
built in. This is sound for the same reason: an identity among independent
indeterminates survives any substitution.

The answer is True (proved zero) or False (not zero as a rational function:
*not* a refutation, since the atoms may be related). ``Unsupported`` is
raised for floats and infinities, which have no exact reading.
"""
from __future__ import annotations

import math

import flint
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


class _Reader:
    def __init__(self, exponentials: bool):
        self.exponentials = exponentials
        self.atoms = {}        # atom -> generator index
        self.exp_coeffs = {}   # m -> [c, ...]
        self.rewritten = {}    # node -> node.rewrite(exp), computed once
        self.negative_power = False
        self.used_exp = False  # an exponential or an activation was read through exp
        self.linear = {}       # exp node -> its argument's linear terms
        self.seen = set()      # pass 1 visits each shared subtree once

    # --- pass 1: which atoms and which exponentials occur ------------------------------
    def terms(self, n):
        """The linear terms of an exponential's argument, or of a power's exponent."""
        t = self.linear.get(n)
        if t is None:
            t = self.linear[n] = _linear_terms(n.exp if n.is_Pow else n.args[0])
        return t

    def factors(self, n):
        """The base of a symbolic power as [(g, h)]: base = prod g**h (see _base_factors)."""
        key = ("factors", n)
        f = self.linear.get(key)
        if f is None:
            integral = all(c.is_Integer and m.is_integer for m, c in self.terms(n))
            f = self.linear[key] = _base_factors(n.base, integral)
        return f

    def collect(self, n):
        if n.is_Rational or n in self.seen:
            return
        self.seen.add(n)
        if n.is_Float or n in (sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise Unsupported(f"no exact reading of {n}")
        if n.is_Add or n.is_Mul:
            for a in n.args:
                self.collect(a)
            return
        if n.is_Pow and n.exp.is_Integer:
            if n.exp < 0:
                self.negative_power = True
            self.collect(n.base)
            return
        if _symbolic_power(n):
            for m, c in self.terms(n):
                if m == 1:
                    self.collect(n.base ** c)
                    continue
                for g, h in self.factors(n):
                    self.exp_coeffs.setdefault(sp.Tuple(g, m), []).append(c * h)
            return
        if self.exponentials:
            if n is sp.E:
                self.used_exp = True
                self.exp_coeffs.setdefault(sp.S.One, []).append(sp.S.One)
                return
            form = _EXP_FORMS.get(n.func)
            if isinstance(n, sp.exp) or form:
                self.used_exp = True
                scale = form[0] if form else 1
                for m, c in self.terms(n):
                    if isinstance(m, sp.log):          # exp(c log A) = A**c
                        self.collect(m.args[0] ** (c * scale))
                    else:
                        self.exp_coeffs.setdefault(m, []).append(c * scale)
                return
            if isinstance(n, _TO_EXP):
                r = self.rewritten.get(n)
                if r is None:
                    r = self.rewritten[n] = n.rewrite(sp.exp, deep=False)
                if r != n:
                    self.used_exp = True
                    self.collect(r)
                    return
        if isinstance(n, (sp.Mod, sp.ceiling, sp.frac)):
            r = self.rewritten.get(n)
            if r is None:
                r = self.rewritten[n] = _through_floor(n)
            if r != n:                       # Mod(n, 3) = n - 3*floor(n/3)
                self.collect(r)
                return
        if isinstance(n, sp.log) and n.args[0].is_number:
            r = self.rewritten.get(n)
            if r is None:
                r = self.rewritten[n] = _log_of_number(n.args[0]) or n
            if r != n:                       # log(6) = log(2) + log(3)
                self.collect(r)
                return
        if self.exponentials and isinstance(n, sp.log):
            r = self.rewritten.get(n)
            if r is None:
                r = self.rewritten[n] = _log_of_monomial(n.args[0]) or n
            if r != n:                       # log(sigmoid(w)/(1 - sigmoid(w))) = w
                self.used_exp = True
                self.collect(r)
                return
        if isinstance(n, sp.Sum):            # an atom, unless its summand reads as zero
            self.collect(n.function)
        if n.is_Pow and n.exp.is_Rational:   # b**(p/q) = (b**(1/q))**p, principal branch
            self._atom(sp.Pow(n.base, sp.Rational(1, n.exp.q), evaluate=False))
            return
        self._atom(n)

    def _atom(self, a):
        if a not in self.atoms:
            self.atoms[a] = len(self.atoms)

    # --- pass 2: the rational function ---------------------------------------------------
    def build(self):
        tkeys = sorted(self.exp_coeffs, key=sp.default_sort_key)
        self.tgen = {}
        for m in tkeys:
            self.tgen[m] = (len(self.atoms) + len(self.tgen), math.lcm(*[int(c.q) for c in self.exp_coeffs[m]]))
        nvars = max(1, len(self.atoms) + len(self.tgen))
        self.ctx = flint.fmpq_mpoly_ctx.get(tuple(f"g{i}" for i in range(nvars)), "lex")
        self.gens = self.ctx.gens()
        self.one = self.ctx.from_dict({(0,) * nvars: 1})
        self.memo = {}

    def read(self, n):
        hit = self.memo.get(n)
        if hit is None:
            hit = self.memo[n] = self._read(n)
        return hit

    def _read(self, n):
        one = self.one
        if n.is_Rational:
            return one * flint.fmpq(int(n.p), int(n.q)), one
        if n.is_Add:
            num, den = self.read(n.args[0])
            for a in n.args[1:]:
                an, ad = self.read(a)
                if ad == den:
                    num = num + an
                else:
                    g = den.gcd(ad)
                    num, den = num * (ad / g) + an * (den / g), den * (ad / g)
            return num, den
        if n.is_Mul:
            num, den = one, one
            for a in n.args:
                an, ad = self.read(a)
                num, den = num * an, den * ad
            return num, den
        if n.is_Pow and n.exp.is_Integer:
            bn, bd = self.read(n.base)
            k = int(n.exp)
            if k < 0:
                if bn == 0:
                    raise Unsupported(f"division by zero in {n}")
                bn, bd, k = bd, bn, -k
            return bn ** k, bd ** k
        if _symbolic_power(n):
            num, den = one, one
            for m, c in self.terms(n):
                if m == 1:
                    an, ad = self.read(n.base ** c)
                    num, den = num * an, den * ad
                    continue
                for g, h in self.factors(n):
                    i, d = self.tgen[sp.Tuple(g, m)]
                    k = int(c * h * d)
                    an, ad = (self.gens[i] ** k, one) if k >= 0 else (one, self.gens[i] ** -k)
                    num, den = num * an, den * ad
            return num, den
        if self.exponentials:
            if n is sp.E:
                i, d = self.tgen[sp.S.One]
                return self.gens[i] ** d, one
            form = _EXP_FORMS.get(n.func)
            if isinstance(n, sp.exp) or form:
                scale = form[0] if form else 1
                num, den = one, one
                for m, c in self.terms(n):
                    if isinstance(m, sp.log):
                        an, ad = self.read(m.args[0] ** (c * scale))
                    else:
                        i, d = self.tgen[m]
                        k = int(c * scale * d)
                        an, ad = (self.gens[i] ** k, one) if k >= 0 else (one, self.gens[i] ** -k)
                    num, den = num * an, den * ad
                return form[1](num, den) if form else (num, den)
        r = self.rewritten.get(n)
        if r is not None and r != n:
            return self.read(r)
        if isinstance(n, sp.Sum) and self.read(n.function)[0] == 0:
            return 0 * one, one
        if n.is_Pow and n.exp.is_Rational:
            g = self.gens[self.atoms[sp.Pow(n.base, sp.Rational(1, n.exp.q), evaluate=False)]]
            p = int(n.exp.p)
            return (g ** p, one) if p >= 0 else (one, g ** -p)
        return self.gens[self.atoms[n]], one


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


def _log_of_monomial(a):
    """log(a) as a linear expression when ``a`` reads as c * prod exp(m_i/d_i)**e_i with
    c > 0 rational and every m_i real (then log is exact: sum e_i m_i/d_i + log(c));
    None otherwise (other atoms, a sum of terms, a complex exponent)."""
    r = _Reader(True)
    try:
        r.collect(a)
    except Unsupported:
        return None
    if r.atoms or not r.exp_coeffs or any(m.is_extended_real is not True for m in r.exp_coeffs):
        return None
    r.build()
    num, den = r.read(a)
    g = num.gcd(den)   # the reading keeps common factors (sigmoid/(1 - sigmoid) = X(1+X)/(1+X))
    num, den = num / g, den / g
    if len(num) != 1 or len(den) != 1:
        return None
    c = num.coeffs()[0] / den.coeffs()[0]
    if c <= 0:
        return None
    exps = [p - q for p, q in zip(num.monoms()[0], den.monoms()[0])]
    out = sp.log(sp.Rational(int(c.p), int(c.q)))
    for m, (i, d) in r.tgen.items():
        out += sp.Rational(exps[i], d) * m
    return out


def is_zero(e, exponentials: bool = False) -> bool:
    """True when ``e`` is the zero rational function in its atoms (see the module doc)."""
    return reading(e, exponentials) is not None


def reading(e, exponentials: bool = False) -> str | None:
    """The name of the rewrite this test stands for when it proves ``e == 0``:
    'expand' (a polynomial identity), 'cancel' (rational) or 'exp-rational'."""
    e = sp.sympify(e)
    r = _Reader(exponentials)
    r.collect(e)
    r.build()
    num, _ = r.read(e)
    if num != 0:
        if exponentials:
            merged = _merge_logs(e)
            if merged is not None and reading(merged, True):
                return "exp-rational"
        return None
    if r.used_exp:
        return "exp-rational"
    return "cancel" if r.negative_power else "expand"


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


# --- logarithms ----------------------------------------------------------------------

TRIAL_PRIMES = 10 ** 4        # primes tried when a log's rational argument is split
MAX_LOG_BITS = 4096           # larger numerators and denominators stay whole
MAX_MERGED_LOGS = 16          # log atoms compared pairwise by _merge_logs


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


def _merge_logs(e):
    """``e`` with each log(A) written as log(B) + log(c) + sum e_i m_i/d_i when A/B reads
    as the monomial c * prod exp(m_i/d_i)**e_i (c > 0, every m_i real), B another log in
    ``e`` (or as log(c) + ... - log(B) when A*B does); None when no two logs are so
    related. Where both logs are real, A and B are positive and log(A) - log(B) =
    log(A/B) exactly: softplus(u) - softplus(-u) = u for u = x + 900 as for u = x, with
    exp(900) never evaluated; log(sigmoid(u)) = -softplus(-u) likewise."""
    nodes = sorted({n for n in sp.preorder_traversal(e) if _log_form(n) is not None
                    and not _log_form(n).is_number}, key=sp.default_sort_key)
    if len(nodes) < 2 or len(nodes) > MAX_MERGED_LOGS:
        return None
    args = [_log_form(n) for n in nodes]
    r = _Reader(True)
    try:
        for a in args:
            r.collect(a)
    except Unsupported:
        return None
    if any(not isinstance(m, sp.Tuple) and m.is_extended_real is not True for m in r.exp_coeffs):
        return None
    r.build()
    exp_gens = {i: (m, d) for m, (i, d) in r.tgen.items() if not isinstance(m, sp.Tuple)}
    read = [r.read(a) for a in args]
    repl = {}
    for i in range(len(nodes)):
        for j in range(i):
            if nodes[j] in repl:
                continue
            lin = _log_ratio(read[i], read[j], exp_gens)
            if lin is not None:
                repl[nodes[i]] = nodes[j] + lin
                break
            bn, bd = read[j]   # A*B a monomial: log(A) = log(A*B) - log(B)
            lin = _log_ratio(read[i], (bd, bn), exp_gens)
            if lin is not None:
                repl[nodes[i]] = lin - nodes[j]
                break
    return e.xreplace(repl) if repl else None


def _log_ratio(a, b, exp_gens):
    """log(A/B) as a linear expression when A/B is c * prod T_i**e_i with c > 0 and
    every T_i an exponential generator; else None."""
    (an, ad), (bn, bd) = a, b
    num, den = an * bd, ad * bn
    if den == 0 or num == 0:
        return None
    g = num.gcd(den)
    num, den = num / g, den / g
    if len(num) != 1 or len(den) != 1:
        return None
    c = num.coeffs()[0] / den.coeffs()[0]
    if c <= 0:
        return None
    out = sp.log(sp.Rational(int(c.p), int(c.q)))
    for i, (p, q) in enumerate(zip(num.monoms()[0], den.monoms()[0])):
        if p == q:
            continue
        if i not in exp_gens:
            return None
        m, d = exp_gens[i]
        out += sp.Rational(p - q, d) * m
    return out
