"""Comparison of two sides at one exact point: the precision ladder, the claim's own scale,
and the complex-ball fallback where one side has no real value.

``compare(lhs, rhs, point)`` raises the precision until the balls of the two sides are disjoint
(the sides certifiably differ), or until their difference is certified below the claim's own
scale at that point (consistent there): the smallest magnitude the claim involves, read off its
subterms at 64 bits. A point whose scale is beyond the cap (2^16 bits) is neither. Only the
first case is ever used as evidence that a claim is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from flint import acb, arb, ctx

from checks import dl
from checks.prove.arbfuncs import ARB, Indeterminate, Undefined, Unsupported, _rat
from checks.prove.numeric import _ev, compiled, evaluate

# The precision ladder of compare(); a claim whose scale needs more jumps ahead (up to the last).
PRECISIONS = (64, 256, 1024, 4096, 16384, 65536)


# --- complex fallback: a side with no real value at a point ----------------------
#
# Where one side is real and finite and the other has no real value (log of a
# negative number, an even root of one), the other side is evaluated on the
# principal branch in complex balls (acb). A certainly non-zero imaginary part
# means the sides differ at that real point. Odd roots are refused: their real
# and principal values differ, and the claim's author may mean either.

ACB = {sp.exp: lambda a: a.exp(), sp.log: lambda a: a.log(), sp.tanh: lambda a: a.tanh(),
       sp.sinh: lambda a: a.sinh(), sp.cosh: lambda a: a.cosh(),
       dl.sigmoid: lambda a: 1 / (1 + (-a).exp()), dl.softplus: lambda a: (1 + a.exp()).log()}


def _cev(e, point, prec) -> acb:
    try:
        real = _ev(e, point, prec)
    except Undefined:
        real = None
    if real is not None and real.is_finite():
        return acb(real)
    if e.is_Add or e.is_Mul:
        acc = acb(0) if e.is_Add else acb(1)
        for a in e.args:
            acc = acc + _cev(a, point, prec) if e.is_Add else acc * _cev(a, point, prec)
        return acc
    if e.is_Pow:
        base, ex = e.args
        b = _cev(base, point, prec)
        if ex.is_Integer:
            return b ** int(ex)
        if ex.is_Rational and ex.q % 2 == 0:
            return (b.log() * acb(_rat(ex))).exp()
        raise Unsupported(f"{e}: no principal value is used for odd roots")
    if e.func in ACB:
        return ACB[e.func](*[_cev(a, point, prec) for a in e.args])
    raise Unsupported(f"{e} has no real value here and no complex evaluation")


def _differs_from(expr, other: arb, point, prec):
    """The principal complex value of ``expr`` when it certainly differs from the
    real ball ``other`` (non-real, or a different real part), else None."""
    with ctx.workprec(prec):
        z = _cev(sp.sympify(expr), point, prec)
        if z.is_finite() and (not z.imag.contains(0) or not (z.real - other).contains(0)):
            return z
    return None


def fmt(b, digits: int = 12) -> str:
    """A ball as text: its midpoint, with the radius when the ball is not exact."""
    if isinstance(b, acb):
        return b.str(digits, radius=True) + " (principal value; no real value here)"
    return b.str(digits, radius=not b.is_exact())


def _real_or_none(expr, point, prec):
    try:
        return evaluate(expr, point, prec)
    except Undefined:
        return None


@dataclass
class Comparison:
    differ: bool          # certified: the balls are disjoint
    lhs: arb
    rhs: arb
    prec: int
    indexed: dict = field(default_factory=dict)  # the x[k] values used, when the caller supplied them


# --- the agreement cut ---------------------------------------------------------------
#
# Overlapping balls say nothing by themselves: sigmoid(801) and 1 differ by
# e^-801 ~ 2^-1155, far below what 256 or 1024 bits resolve. A point counts as
# consistent only once the difference is certified below the claim's own scale
# at that point: the smallest magnitude that takes part in it (a subterm, a
# constant such as 10**-2000 or the last bit of 1 + 2**-300, or the e^-|a| hidden
# in sigmoid(a) and its kin),
# by MARGIN more bits. The precision is raised until that is reached or the
# balls separate; a scale beyond CAP bits leaves the point uncounted.
MARGIN = 64          # bits of agreement demanded below the smallest magnitude


GUARD = 64           # bits allowed for rounding growth when choosing a precision


CAP = PRECISIONS[-1]  # no evaluation beyond this precision


_LOG2E = 1.4426950408889634


# 1 + e^-|a| (or e^|a| - e^-|a|) inside: the e^-|a| is a magnitude the claim
# depends on that no subterm shows (exp shows its own value).
_HIDDEN = {sp.tanh, sp.sinh, sp.cosh, dl.sigmoid, dl.softplus}


class Unresolved(Indeterminate):
    """The sides agree at every precision up to CAP but not to the claim's scale."""


@dataclass
class Scale:
    """log2 of the largest and smallest non-zero magnitude met in a claim at a point."""
    hi: float = 0.0
    lo: float = 0.0

    def note(self, b: arb):
        if not b.is_finite() or b.contains(0):
            return
        man, ex = abs(b.mid()).man_exp()
        bits = int(ex) + int(man).bit_length()
        self.hi, self.lo = max(self.hi, bits), min(self.lo, bits - 1)

    def note_rational(self, q):
        """p/q stands for its own last bit: 1 + 2**-257 is a single constant."""
        self.lo = min(self.lo, -int(q.q).bit_length())

    def note_hidden(self, arg: arb):
        if arg.is_finite():   # (a float overflow gives -inf: a scale beyond any cap)
            self.lo = min(self.lo, -abs(float(arg.mid())) * _LOG2E)

    @property
    def bits(self) -> float:
        return self.hi - self.lo


def claim_scale(exprs, point) -> Scale:
    """The magnitudes of every subterm of ``exprs`` at ``point``, at 64 bits. Subterms
    that cannot be evaluated there are passed over: the scale is a guide for the
    precision, never evidence."""
    sc, memo = Scale(), {}
    with ctx.workprec(64):
        for e in exprs:
            _scan(sp.sympify(e), point, sc, memo)
    return sc


_SCAN_FAIL = (ArithmeticError, Unsupported, ValueError, TypeError, AttributeError)


def _scan(e, point, sc, memo):
    if e in memo:
        return memo[e]
    v = None
    if e.is_Add or e.is_Mul or (e.is_Pow and e.exp.is_Integer) or (e.func in ARB and len(e.args) == 1):
        vals = [_scan(a, point, sc, memo) for a in e.args]
        if all(x is not None for x in vals):
            v = _combine(e, vals)
    elif isinstance(e, (sp.Sum, sp.Product)):
        _scan_concrete(e, point, sc, memo)
    elif not e.is_Atom and not isinstance(e, sp.Indexed):
        for a in e.args:
            if isinstance(a, sp.Expr):
                _scan(a, point, sc, memo)
    if v is None:
        try:
            v = compiled(e)(point, 64)
        except _SCAN_FAIL:
            v = None
    if v is not None:
        sc.note(v)
    if e.is_Rational:
        sc.note_rational(e)
    if e.func in _HIDDEN and len(e.args) == 1 and memo.get(e.args[0]) is not None:
        sc.note_hidden(memo[e.args[0]])
    memo[e] = v
    return v


def _combine(e, vals):
    try:
        if e.is_Add:
            return sum(vals[1:], vals[0])
        if e.is_Mul:
            out = vals[0]
            for x in vals[1:]:
                out *= x
            return out
        if e.is_Pow:
            n = int(e.exp)
            return None if n < 0 and vals[0].contains(0) else vals[0] ** n
        return ARB[e.func](vals[0])
    except _SCAN_FAIL:
        return None


def _scan_concrete(e, point, sc, memo):
    """A Sum or Product: its limits, and its summand at the first and last index."""
    fn, *limits = e.args
    at = dict(point)
    for var, lo, hi in limits:
        ends = [_scan(lo, at, sc, memo), _scan(hi, at, sc, memo)]
        if any(b is None or not b.is_exact() or b.unique_fmpz() is None for b in ends):
            return
        at[var] = sp.Integer(int(ends[0].unique_fmpz()))
    last = dict(at)
    var, lo, hi = limits[-1]
    try:
        last[var] = sp.Integer(int(compiled(hi)(at, 64).unique_fmpz()))
    except _SCAN_FAIL:
        return
    for p in (at, last):
        _scan(fn, p, sc, {})


def _agree(a, b, d, prec, scale: Scale) -> bool:
    """The difference is certified below the claim's scale (and, as always, below
    half the working precision relative to the sides)."""
    if scale.bits + MARGIN > CAP:   # beyond the cap, agreement is no evidence
        return False
    ub = abs(d).upper()
    rel = (abs(a.mid()) + abs(b.mid()) + 1) * arb(2) ** (-(prec // 2))
    return bool(ub <= rel) and bool(ub <= arb(2) ** int(scale.lo - MARGIN))


def _need(scale):
    return 0 if scale is None else int(min(scale.bits, 2 * CAP)) + MARGIN + GUARD


def _next_prec(prec, scale):
    """The next rung of the ladder, or further where the claim's scale needs more."""
    rung = next(p for p in PRECISIONS if p > prec)
    return min(CAP, max(rung, -(-_need(scale) // 64) * 64))


def _last_prec(scale):
    """Where compare() gives up: the usual 4096 bits, or four times what the
    claim's scale needs (a gap just below the scale separates well before)."""
    return min(CAP, max(PRECISIONS[3], 4 * _need(scale)))


def compare(lhs, rhs, point: dict) -> Comparison:
    """Evaluate both sides at rising precision; stop when they certifiably differ
    or their difference is certified below the claim's own scale (``Scale``).
    Raises Undefined/Unsupported, and Indeterminate (Unresolved) when neither
    happens by ``_last_prec`` bits (at most CAP): such a point is no evidence
    either way."""
    last, scale, prec = None, None, 64
    while True:
        try:
            a, b = _real_or_none(lhs, point, prec), _real_or_none(rhs, point, prec)
        except Indeterminate:
            a = b = Indeterminate
        if a is not Indeterminate:
            if a is None and b is None:
                raise Undefined("neither side is real at this point")
            if a is None or b is None:  # one side real, the other perhaps not real at all
                z = _differs_from(lhs if a is None else rhs, b if a is None else a, point, prec)
                if z is None:
                    raise Undefined("one side has no certified value at this point")
                return Comparison(True, z if a is None else a, z if b is None else b, prec)
            with ctx.workprec(prec):
                d = a - b
                if not d.contains(0):
                    return Comparison(True, a, b, prec)
                last = Comparison(False, a, b, prec)
                # The 64-bit pass only refutes; agreement needs >= 256 bits so that
                # offsets such as 1e-30 are seen, and the claim's scale at this point.
                if prec >= 256:
                    if scale is None:
                        scale = claim_scale((lhs, rhs), point)
                        scale.note(a)
                        scale.note(b)
                    if _agree(a, b, d, prec, scale):
                        return last
        if prec >= _last_prec(scale):
            break
        prec = _next_prec(prec, scale)
    if last is None:
        raise Indeterminate(f"branch conditions undecidable even at {prec} bits")
    bits = "?" if scale is None else f"{scale.bits:.0f}"
    raise Unresolved(f"the sides agree to {prec} bits but the claim's scale here is "
                     f"{bits} bits: no evidence either way")
