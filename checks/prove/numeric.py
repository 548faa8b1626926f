"""Certified evaluation: SymPy expressions at exact points in arb ball arithmetic.

``evaluate(expr, point, prec)`` walks the expression tree with python-flint's
``arb`` balls; the true value is guaranteed to lie in the returned ball. Points
are exact rationals (the sampler uses dyadic ones, which arb holds exactly).

``compare(lhs, rhs, point)`` raises the precision until the balls of the two
sides are disjoint (the sides certifiably differ), or until their difference is
certified below the claim's own scale at that point (consistent there): the
smallest magnitude the claim involves, read off its subterms at 64 bits. A point
whose scale is beyond the cap (2^16 bits) is neither. Only the first case is
ever used as evidence that a claim is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import math

import sympy as sp
from flint import acb, arb, ctx, fmpq

from checks import dl
from checks import integers

# The precision ladder of compare(); a claim whose scale needs more jumps ahead (up to the last).
PRECISIONS = (64, 256, 1024, 4096, 16384, 65536)
INDEXED = "__indexed__"  # point key of a callable giving values for x[k] atoms


# Branch coverage: while a set, every case node evaluated notes (node, branch) here,
# so a caller can tell whether sampled points reached each branch of a Max or relu
# that no case split could reach (one under a Sum's bound variable).
RECORD = None


_SIDE = {-1: 0, 1: 1, 0: 2}   # branch of sign/Heaviside: negative, positive, zero


def _note_branch(node, branch):
    if RECORD is not None:
        RECORD.add((node, branch))


class Undefined(ArithmeticError):
    """The expression is not defined (or not finite) at the point."""


class Indeterminate(ArithmeticError):
    """A branch condition could not be decided at this precision."""


class Unsupported(TypeError):
    """The expression holds an object with no certified evaluation."""


def _rat(q) -> arb:
    q = sp.Rational(q)
    return arb(fmpq(int(q.p), int(q.q)))


def _sign(b: arb) -> int:
    """Sign of a ball, or Indeterminate when it straddles zero."""
    if b.is_zero():
        return 0
    if b > 0:
        return 1
    if b < 0:
        return -1
    raise Indeterminate("ball contains zero")


def _sigmoid(a):
    return 1 / (1 + (-a).exp())


def _softplus(a):
    # log(1 + e^a) = max(a, 0) + log(1 + e^-|a|): keeps balls tight for large |a|.
    if a > 0:
        return a + (1 + (-a).exp()).log()
    return (1 + a.exp()).log()


# Functions of one or more ball arguments.
ARB = {
    sp.exp: lambda a: a.exp(),
    sp.log: lambda a: a.log(),
    sp.tanh: lambda a: a.tanh(),
    sp.sinh: lambda a: a.sinh(),
    sp.cosh: lambda a: a.cosh(),
    sp.sin: lambda a: a.sin(),
    sp.cos: lambda a: a.cos(),
    sp.atan: lambda a: a.atan(),
    sp.Abs: lambda a: abs(a),
    dl.sigmoid: _sigmoid,
    dl.softplus: _softplus,
}


def _truth(cond, point, prec) -> bool:
    if cond is sp.true or cond is True:
        return True
    if cond is sp.false or cond is False:
        return False
    if isinstance(cond, sp.And):
        return all(_truth(c, point, prec) for c in cond.args)
    if isinstance(cond, sp.Or):
        return any(_truth(c, point, prec) for c in cond.args)
    if isinstance(cond, sp.Not):
        return not _truth(cond.args[0], point, prec)
    if isinstance(cond, sp.Rel):
        s = _sign(evaluate(cond.lhs - cond.rhs, point, prec))
        op = cond.rel_op
        return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "==": s == 0, "!=": s != 0}[op]
    raise Unsupported(f"condition {cond} cannot be decided numerically")


def evaluate(expr, point: dict, prec: int = 64) -> arb:
    """The ball of ``expr`` at ``point`` ({Symbol or Indexed: Rational}) at ``prec`` bits."""
    old = ctx.prec
    ctx.prec = prec
    try:
        out = compiled(sp.sympify(expr))(point, prec)
    finally:
        ctx.prec = old
    if not out.is_finite():
        raise Undefined(f"{expr} is not finite at this point")
    return out


# --- compiled evaluation ------------------------------------------------------------
# A claim is evaluated at up to 48 points, each at two or more precisions. The
# tree is therefore turned once into nested closures over arb balls, so that an
# evaluation does no SymPy work (type tests, dict lookups of nodes, node
# construction). Nodes without a closure here go through ``_ev``, the reference
# walk, which defines the semantics; the closures only do the same faster.

@lru_cache(maxsize=2048)
def compiled(e):
    """A function (point, prec) -> arb equal to ``_ev(e, point, prec)``."""
    if e.is_Rational:
        q = fmpq(int(e.p), int(e.q))
        return lambda point, prec: arb(q)
    if e.is_Symbol:
        def symbol(point, prec):
            v = point.get(e)
            if v is None:
                raise Unsupported(f"no value for {e}")
            return _rat(v)
        return symbol
    if e.is_Add or e.is_Mul:
        fs = [compiled(a) for a in e.args]
        if e.is_Add:
            def add(point, prec):
                acc = fs[0](point, prec)
                for f in fs[1:]:
                    acc += f(point, prec)
                return acc
            return add

        def mul(point, prec):
            acc = fs[0](point, prec)
            for f in fs[1:]:
                acc *= f(point, prec)
            return acc
        return mul
    if e.is_Pow and e.exp.is_Integer:
        fb, n = compiled(e.base), int(e.exp)

        def power(point, prec):
            b = fb(point, prec)
            if n < 0 and b.contains(0):
                raise Undefined("division by a ball containing zero")
            return b ** n
        return power
    if e.func is sp.Abs:
        fa = compiled(e.args[0])

        def absolute(point, prec):
            a = fa(point, prec)
            if RECORD is not None and not a.contains(0):
                _note_branch(e, 1 if a > 0 else 0)   # as _SIDE: 0 negative, 1 positive
            return abs(a)
        return absolute
    if e.func in ARB and len(e.args) == 1:
        f, fa = ARB[e.func], compiled(e.args[0])
        return lambda point, prec: f(fa(point, prec))
    if isinstance(e, (sp.Sum, sp.Product)):
        return _compiled_concrete(e)
    return lambda point, prec: _ev(e, point, prec)


def _compiled_concrete(e):
    """A Sum or Product term by term in ball arithmetic (no symbolic doit), each index
    bound in the point rather than substituted (building x[1], exp(x[1]), ... as SymPy
    nodes cost more than evaluating them).

    Limits follow SymPy's (Karr's) convention, the one every symbolic proof here
    relies on: sum_{k=a}^{b} with b < a - 1 is -sum_{k=b+1}^{a-1} (a product its
    reciprocal), and b = a - 1 is empty.

    SymPy stores the innermost limit first (Sum(f, (k, 0, j), (j, 1, t)) sums over k
    inside the sum over j), so the loops run over the limits from the last one in."""
    fn, *limits = e.args
    is_sum = isinstance(e, sp.Sum)
    body = compiled(fn)
    bounds = [(var, lo, hi, compiled(lo), compiled(hi)) for var, lo, hi in reversed(limits)]

    def walk(level, point, prec):
        if level == len(bounds):
            return body(point, prec)
        var, lo, hi, flo, fhi = bounds[level]
        a, b = _int_ball(flo(point, prec), lo), _int_ball(fhi(point, prec), hi)
        if abs(b - a) > 10_000:
            raise Unsupported(f"{e} has {abs(b - a) + 1} terms at this point")
        reverse = b < a - 1
        first, last = (b + 1, a - 1) if reverse else (a, b)
        acc = arb(0) if is_sum else arb(1)
        for i in range(first, last + 1):
            point[var] = sp.Integer(i)
            term = walk(level + 1, point, prec)
            acc = acc + term if is_sum else acc * term
        if reverse:
            acc = -acc if is_sum else 1 / acc
        return acc

    return lambda point, prec: walk(0, dict(point), prec)   # the caller's point is not changed


def _int_ball(b, expr) -> int:
    n = b.unique_fmpz() if b.is_exact() else None
    if n is None:
        raise Unsupported(f"limit {expr} is not an integer at this point")
    return int(n)


def _ev(e, point, prec) -> arb:
    if e.is_Integer or e.is_Rational:
        return _rat(e)
    if e.is_Float:
        return _rat(sp.Rational(e))
    if e in point:
        return _rat(point[e])
    if e.is_Symbol or isinstance(e, sp.Indexed):
        if isinstance(e, sp.Indexed):
            key = e.func(e.base, *[sp.Integer(_int_at(i, point, prec)) for i in e.indices])
            if key in point:
                return _rat(point[key])
            if INDEXED in point:  # values for x[k] supplied on demand (seeded by the caller)
                return _rat(point[INDEXED](key))
        raise Unsupported(f"no value for {e}")
    if e is sp.pi:
        return arb.pi()
    if e is sp.E:
        return arb.const_e()
    if e.is_Add:
        acc = arb(0)
        for a in e.args:
            acc += _ev(a, point, prec)
        return acc
    if e.is_Mul:
        acc = arb(1)
        for a in e.args:
            acc *= _ev(a, point, prec)
        return acc
    if e.is_Pow:
        base, ex = e.args
        b = _ev(base, point, prec)
        if ex.is_Integer:
            n = int(ex)
            if n < 0 and b.contains(0):
                raise Undefined("division by a ball containing zero")
            return b ** n
        x = _ev(ex, point, prec)
        if b.is_zero() and x > 0:
            return arb(0)
        if not b > 0:
            raise Undefined(f"non-integer power of a base that is not certainly positive: {base}")
        return (x * b.log()).exp()
    f = e.func
    if f is sp.Abs:
        a = _ev(e.args[0], point, prec)
        if RECORD is not None and not a.contains(0):
            _note_branch(e, 1 if a > 0 else 0)   # as _SIDE: 0 negative, 1 positive
        return abs(a)
    if f in ARB:
        return ARB[f](*[_ev(a, point, prec) for a in e.args])
    if f is sp.Max or f is sp.Min:
        vals = [_ev(a, point, prec) for a in e.args]
        out = vals[0]
        for v in vals[1:]:
            out = out.max(v) if f is sp.Max else out.min(v)
        if RECORD is not None:
            _note_extremum(e, vals)
        return out
    if f in INTEGER_FUNCS:
        return _integer_function(e, point, prec)
    if f is sp.sign:
        s = _sign(_ev(e.args[0], point, prec))
        _note_branch(e, _SIDE[s])
        return arb(s)
    if f is sp.Heaviside:
        s = _sign(_ev(e.args[0], point, prec))
        _note_branch(e, _SIDE[s])
        if s == 0:
            h0 = e.args[1] if len(e.args) > 1 else sp.S.Half
            return _ev(h0, point, prec)
        return arb(1 if s > 0 else 0)
    if f is sp.KroneckerDelta:
        return arb(1 if _sign(_ev(e.args[0], point, prec) - _ev(e.args[1], point, prec)) == 0 else 0)
    if isinstance(e, sp.Piecewise):
        for i, (val, cond) in enumerate(e.args):
            if _truth(cond, point, prec):
                _note_branch(e, i)
                return _ev(val, point, prec)
        raise Undefined("no Piecewise branch applies")
    if isinstance(e, dl._Piecewise):
        return _ev(e._pieces(*e.args), point, prec)
    if isinstance(e, (sp.Sum, sp.Product)):
        return compiled(e)(point, prec)
    if isinstance(e, sp.Derivative):
        return _ev(_derivative(e), point, prec)
    if e.is_Number and e.is_finite is False:
        raise Undefined(str(e))
    if e is sp.nan or e is sp.zoo:
        raise Undefined(str(e))
    raise Unsupported(f"cannot evaluate {type(e).__name__}: {e}")


def _note_extremum(e, vals):
    """The argument of a Max (Min) that certainly attains it, if one does."""
    better = (lambda a, b: a >= b) if e.func is sp.Max else (lambda a, b: a <= b)
    for i, v in enumerate(vals):
        if all(better(v, w) for j, w in enumerate(vals) if j != i):
            _note_branch(e, i)
            return


# --- integer functions: floor, ceiling, frac, Mod, gcd, factorial, binomial --------
# A ball that straddles an integer never settles floor at any precision (floor(n/3)
# at n = 3 is a ball around 1), so arguments that are rational at the point are read
# exactly first; balls decide only what they decide (floor of [3.4 +/- 0.1] is 3).

def _floor_of(q) -> sp.Integer:
    return sp.Integer(q.p // q.q)


def _mod_of(a, b):
    if b == 0:
        raise Undefined("Mod by zero")
    return a - b * _floor_of(a / b)     # SymPy's Mod: the sign of the divisor


def _gcd_of(*args):
    if any(a.q != 1 for a in args):
        raise Undefined(f"gcd of a non-integer: {', '.join(map(str, args))}")
    return sp.Integer(math.gcd(*[int(a.p) for a in args]))


MAX_FACTORIAL = 10 ** 5   # n! and binomial(n, k) are computed exactly; larger n is refused


def _factorial_of(n):
    if n.q != 1 or n < 0:
        raise Undefined(f"factorial of {n}")
    if n > MAX_FACTORIAL:
        raise Unsupported(f"factorial of {n} is too large to compute exactly")
    return sp.Integer(math.factorial(int(n)))


def _binomial_of(n, k):
    if n.q != 1 or k.q != 1:
        raise Unsupported(f"binomial({n}, {k}) of non-integers")
    if abs(n) > MAX_FACTORIAL or abs(k) > MAX_FACTORIAL:
        raise Unsupported(f"binomial({n}, {k}) is too large to compute exactly")
    return sp.binomial(n, k)     # SymPy's integer values, negative n included


INTEGER_FUNCS = {
    sp.factorial: _factorial_of,
    sp.binomial: _binomial_of,
    sp.floor: lambda a: _floor_of(a),
    sp.ceiling: lambda a: -_floor_of(-a),
    sp.frac: lambda a: a - _floor_of(a),
    sp.Mod: _mod_of,
    integers.gcd: _gcd_of,
}


def _integer_function(e, point, prec):
    """floor/ceiling/frac/Mod/gcd at the point: exactly where the arguments are rational
    there; floor and ceiling of other arguments from a ball that pins one integer."""
    exact = [_exact_value(a, point) for a in e.args]
    if all(q is not None for q in exact):
        return _rat(INTEGER_FUNCS[e.func](*exact))
    if e.func in (sp.floor, sp.ceiling):
        b = _ev(e.args[0], point, prec)
        out = b.floor() if e.func is sp.floor else b.ceil()
        if out.is_exact():
            return out
        raise Indeterminate(f"{e}: the ball of the argument straddles an integer")
    raise Unsupported(f"{e}: arguments that are not rational at this point")


def _exact_value(a, point):
    """``a`` at the point as an exact rational where it is rational in the point's
    values (n/3 at n = 3 is 1, a ball around 1 never settles floor), else None."""
    if a.is_Rational:
        return a
    if a.has(sp.Indexed, sp.Sum, sp.Product):
        return None
    values = {k: sp.Rational(v) for k, v in point.items() if isinstance(k, sp.Basic)}
    q = a.xreplace(values)
    return q if q.is_Rational else None


def _int_at(expr, point, prec) -> int:
    return _int_ball(_ev(expr, point, prec), expr)


def _derivative(e):
    """An unevaluated derivative carried out (symbolically, before evaluation)."""
    done = e.doit()
    if isinstance(done, sp.Derivative):
        raise Unsupported(f"cannot differentiate {e}")
    return done


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
    old = ctx.prec
    ctx.prec = prec
    try:
        z = _cev(sp.sympify(expr), point, prec)
        if z.is_finite() and (not z.imag.contains(0) or not (z.real - other).contains(0)):
            return z
    finally:
        ctx.prec = old
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
    old = ctx.prec
    ctx.prec = 64
    try:
        for e in exprs:
            _scan(sp.sympify(e), point, sc, memo)
    finally:
        ctx.prec = old
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
            old = ctx.prec
            ctx.prec = prec
            try:
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
            finally:
                ctx.prec = old
        if prec >= _last_prec(scale):
            break
        prec = _next_prec(prec, scale)
    if last is None:
        raise Indeterminate(f"branch conditions undecidable even at {prec} bits")
    bits = "?" if scale is None else f"{scale.bits:.0f}"
    raise Unresolved(f"the sides agree to {prec} bits but the claim's scale here is "
                     f"{bits} bits: no evidence either way")
