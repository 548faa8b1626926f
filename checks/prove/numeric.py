"""Certified evaluation: SymPy expressions at exact points in arb ball arithmetic.

``evaluate(expr, point, prec)`` walks the expression tree with python-flint's
``arb`` balls; the true value is guaranteed to lie in the returned ball. Points
are exact rationals (the sampler uses dyadic ones, which arb holds exactly).
Comparing two sides at a point is ``comparison.compare``.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp
from flint import arb, ctx, fmpq

from checks import dl
from checks.prove.arbfuncs import (ARB, INTEGER_FUNCS, Indeterminate, Undefined,  # noqa: F401  read as numeric.X
                                    Unsupported, _derivative, _exact_value, _rat, _sign)

INDEXED = "__indexed__"  # point key of a callable giving values for x[k] atoms

# Branch coverage: while a set, every case node evaluated notes (node, branch) here,
# so a caller can tell whether sampled points reached each branch of a Max or relu
# that no case split could reach (one under a Sum's bound variable).
RECORD = None

_SIDE = {-1: 0, 1: 1, 0: 2}   # branch of sign/Heaviside: negative, positive, zero


def _note_branch(node, branch):
    if RECORD is not None:
        RECORD.add((node, branch))


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
    with ctx.workprec(prec):
        out = compiled(sp.sympify(expr))(point, prec)
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
    """A function (point, prec) -> arb equal to ``_ev(e, point, prec)``; long because it
    holds one closure per node kind, each a few lines."""
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
    """The reference walk: the ball of ``e`` at ``point``; it defines the semantics that
    ``compiled`` reproduces faster. Atoms and arithmetic here, function nodes in
    ``_ev_function``."""
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
    return _ev_function(e, point, prec)


def _ev_function(e, point, prec) -> arb:
    """``_ev`` of a function node: elementary, case, integer, sum and derivative nodes."""
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


def _int_at(expr, point, prec) -> int:
    return _int_ball(_ev(expr, point, prec), expr)
