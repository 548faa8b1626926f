"""Domains: what values each free symbol may take, from assumptions.

``Domain.from_assumptions(symbols, assume)`` reads symbol assumptions
(positive, integer, ...) and relations such as ``x > 0``, ``0 < p``, ``p < 1``
or ``x >= 1`` into one interval per symbol. Sampling draws from the interval;
proofs replace a bounded symbol by one that carries SymPy assumptions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

# a relation read the other way round: c < x is x > c
FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


@dataclass
class Interval:
    lo: sp.Expr = sp.S.NegativeInfinity
    hi: sp.Expr = sp.S.Infinity
    lo_open: bool = True
    hi_open: bool = True
    integer: bool = False

    def contains(self, v) -> bool:
        v = sp.Rational(v)
        if self.integer and v.q != 1:
            return False
        if self.lo != sp.S.NegativeInfinity and (v < self.lo or (self.lo_open and v == self.lo)):
            return False
        if self.hi != sp.S.Infinity and (v > self.hi or (self.hi_open and v == self.hi)):
            return False
        return True

    def tighten_lo(self, v, strict):
        if v > self.lo or (v == self.lo and strict):
            self.lo, self.lo_open = v, strict

    def tighten_hi(self, v, strict):
        if v < self.hi or (v == self.hi and strict):
            self.hi, self.hi_open = v, strict

    def integer_ends(self) -> bool:
        """For an integer symbol, move fractional ends to the nearest integer inside
        (n > -1/2 -> n >= 0): the same set of values, and ends that sampling and
        proofs read as sizes. Returns True when no integer is left."""
        if self.lo.is_finite and not self.lo.is_integer:
            self.lo, self.lo_open = sp.ceiling(self.lo), False
        if self.hi.is_finite and not self.hi.is_integer:
            self.hi, self.hi_open = sp.floor(self.hi), False
        return self.empty()

    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))


class AssumptionError(ValueError):
    pass


def relations(assume, strict=True):
    """The relations of ``assume`` (``And`` flattened); anything else is refused
    (``strict``) or passed over."""
    for a in assume:
        if isinstance(a, sp.And):
            yield from relations(a.args, strict)
        elif isinstance(a, sp.Rel):
            yield a
        elif strict and not (a is sp.true or a is True):
            raise AssumptionError(f"cannot use assumption {a!r}: give bounds like 'x > 0' or '0 < p < 1'")


@dataclass
class Domain:
    intervals: dict = field(default_factory=dict)

    @classmethod
    def from_assumptions(cls, symbols, assume=()) -> "Domain":
        dom = cls({s: _from_symbol(s) for s in symbols})
        for rel in relations(assume):
            lhs, rhs = rel.lhs, rel.rhs
            op = rel.rel_op
            if lhs.is_Symbol and rhs.is_number:
                sym, val, flip = lhs, rhs, False
            elif rhs.is_Symbol and lhs.is_number:
                sym, val, flip = rhs, lhs, True
            else:
                raise AssumptionError(f"assumption {rel} must compare one symbol with a number")
            if sym not in dom.intervals:
                dom.intervals[sym] = _from_symbol(sym)
            iv = dom.intervals[sym]
            if flip:
                op = FLIP[op]
            val = sp.nsimplify(val) if val.is_Float else val
            if op in (">", ">="):
                iv.tighten_lo(val, op == ">")
            elif op in ("<", "<="):
                iv.tighten_hi(val, op == "<")
            elif op == "==":
                iv.tighten_lo(val, False)
                iv.tighten_hi(val, False)
            else:
                raise AssumptionError(f"assumption {rel}: '!=' is not supported")
            if iv.empty():
                raise AssumptionError(f"assumptions leave no value for {sym}: "
                                      f"cannot have {sym} > {iv.lo} and {sym} < {iv.hi}")
        for sym, iv in dom.intervals.items():
            if iv.integer and iv.integer_ends():
                raise AssumptionError(f"assumptions leave no integer value for {sym}: "
                                      f"cannot have {sym} >= {iv.lo} and {sym} <= {iv.hi}")
        return dom

    def of(self, sym) -> Interval:
        return self.intervals.get(sym) or _from_symbol(sym)

    def proof_substitution(self) -> dict:
        """Symbols replaced by ones SymPy can reason about: x > 0 -> positive x,
        x >= c -> c + u with u nonnegative, and so on. Intervals bounded on both
        sides keep only the lower bound's sign (a partial, sound use)."""
        sub = {}
        for s, iv in self.intervals.items():
            if not s.is_Symbol:
                continue
            kw = {"integer": True} if iv.integer else {"real": True}
            bounded = iv.lo.is_finite and iv.hi.is_finite and not iv.integer
            if bounded and (iv.lo_open or iv.hi_open):
                # A bounded interval as the image of a half-line under a Moebius map,
                # so that both s - lo and hi - s have a sign SymPy can see; a closed
                # end is the image of u = 0, so no point of the domain is lost.
                if iv.lo_open and iv.hi_open:
                    u = sp.Symbol(s.name + "_", positive=True)
                    sub[s] = (iv.lo + iv.hi * u) / (1 + u)
                elif not iv.lo_open:
                    u = sp.Symbol(s.name + "_", nonnegative=True)
                    sub[s] = (iv.lo + iv.hi * u) / (1 + u)
                else:
                    u = sp.Symbol(s.name + "_", nonnegative=True)
                    sub[s] = (iv.hi + iv.lo * u) / (1 + u)
                continue
            if iv.lo != sp.S.NegativeInfinity and iv.lo >= 0:
                if iv.lo == 0:
                    kw["positive" if iv.lo_open else "nonnegative"] = True
                    sub[s] = sp.Symbol(s.name, **kw)
                else:
                    u = sp.Symbol(s.name + "_", **kw, **{"positive" if iv.lo_open else "nonnegative": True})
                    sub[s] = iv.lo + u
            elif iv.hi != sp.S.Infinity and iv.hi <= 0:
                if iv.hi == 0:
                    kw["negative" if iv.hi_open else "nonpositive"] = True
                    sub[s] = sp.Symbol(s.name, **kw)
            elif iv.lo != sp.S.NegativeInfinity:
                u = sp.Symbol(s.name + "_", **kw, **{"positive" if iv.lo_open else "nonnegative": True})
                sub[s] = iv.lo + u
        return {k: v for k, v in sub.items() if v != k}


def _from_symbol(s) -> Interval:
    iv = Interval(integer=bool(s.is_integer))
    if s.is_positive:
        iv.tighten_lo(sp.S.Zero, True)
    elif s.is_nonnegative:
        iv.tighten_lo(sp.S.Zero, False)
    if s.is_negative:
        iv.tighten_hi(sp.S.Zero, True)
    elif s.is_nonpositive:
        iv.tighten_hi(sp.S.Zero, False)
    return iv


def invert(sub: dict) -> dict:
    """The inverse of a proof substitution: each new symbol in terms of the old one
    (u -> (s - lo)/(hi - s) for the Moebius map, u -> s - c for a shift)."""
    inv = {}
    for s, rep in sub.items():
        if rep.is_Symbol:
            inv[rep] = s
            continue
        (u,) = rep.free_symbols
        sol = sp.solve(sp.Eq(rep, s), u, simplify=False)  # (simplify would import sympy.physics)
        if len(sol) == 1:
            inv[u] = sol[0]
    return inv
