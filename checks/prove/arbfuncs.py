"""Functions in ball arithmetic for the certified evaluator (``numeric``): the table of
elementary functions, the integer functions evaluated exactly, and the errors of evaluation."""
from __future__ import annotations

import math

import sympy as sp
from flint import arb, fmpq

from checks import dl, integers


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
    sp.asinh: lambda a: a.asinh(),
    sp.erf: lambda a: a.erf(),      # the normal CDF (1 + erf(x / sqrt 2)) / 2 of GELU and probit
    sp.erfc: lambda a: a.erfc(),
    sp.Abs: lambda a: abs(a),
    dl.sigmoid: _sigmoid,
    dl.softplus: _softplus,
}


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


def _derivative(e):
    """An unevaluated derivative carried out (symbolically, before evaluation)."""
    done = e.doit()
    if isinstance(done, sp.Derivative):
        raise Unsupported(f"cannot differentiate {e}")
    return done
