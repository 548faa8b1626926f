"""The reader of the exact reading: pass 1 collects atoms and exponentials (T_m = exp(m/d_m)),
pass 2 builds numerator and denominator as flint polynomials over Q."""
from __future__ import annotations

import math

import flint
import sympy as sp

from checks.prove.ratatoms import (_EXP_FORMS, _TO_EXP, Unsupported, _base_factors, _linear_terms, _log_of_number,
                                   _symbolic_power, _through_floor, positive_monomial)


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
        """Pass 1: the atoms and exponentials of ``n``. Long because it is a dispatch on node
        kinds whose order is the reading's semantics (an exponential before a generic atom,
        a log of a number before a log of a monomial)."""
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
        """Pass 2: ``n`` as (numerator, denominator). Long because it is the dispatch of pass 2
        on the same node kinds as ``collect``, in the same order."""
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
    mono = positive_monomial(*r.read(a))
    if mono is None:
        return None
    out, exps = mono
    for m, (i, d) in r.tgen.items():
        out += sp.Rational(exps[i], d) * m
    return out
