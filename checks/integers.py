"""Integer functions SymPy has no unevaluated form of.

``sympy.gcd`` is the gcd of polynomials: ``gcd(n, 6)`` with an integer symbol n
is 1 at construction, which is false for n = 6. ``gcd`` here is the gcd of
integers: evaluated when every argument is an integer number, unevaluated
otherwise, so a claim about it is decided at points (``numeric``) like floor or Mod.
"""
from __future__ import annotations

import math

import sympy as sp


class gcd(sp.Function):
    is_integer = True

    @classmethod
    def eval(cls, *args):
        if args and all(a.is_Integer for a in args):
            return sp.Integer(math.gcd(*[int(a) for a in args]))
        if any(a.is_number and a.is_integer is False for a in args):
            raise TypeError(f"gcd of a non-integer: {', '.join(map(str, args))}")
        if any(a in (sp.S.One, sp.S.NegativeOne) for a in args):
            return sp.S.One
        ordered = sorted(args, key=sp.default_sort_key)   # gcd is symmetric: one order, one atom
        if list(args) != ordered:
            return cls(*ordered)
        return None

    def _eval_is_nonnegative(self):
        return True
