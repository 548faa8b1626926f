"""Windows of an interval between its breakpoints, values inside them rounded to simple dyadic
rationals, and how a window is described in a verdict."""
from __future__ import annotations

import functools

import sympy as sp

from checks.prove.domains import Interval


NUDGE = sp.Rational(1, 2 ** 20)


MAX_CUTS = 8                # breakpoints per symbol that split its interval into windows


def round_into(v, lo=None, hi=None):
    """``v`` (a real number strictly inside (lo, hi); None is unbounded) as a short
    rational that is still strictly inside: rounding goes toward the interior (down,
    from a point below hi), with as many bits as the distance to lo needs. Short
    rationals stay exact. None when no rational of up to 2^16 bits fits."""
    if isinstance(v, sp.Rational) and (v.q & (v.q - 1) == 0 or v.q < 10 ** 6):
        return v
    bits = 30
    if lo is not None:
        gap = sp.Rational(v - lo) if (v - lo).is_Rational else None
        if gap is not None and gap > 0:
            bits = max(bits, (gap.q // max(gap.p, 1)).bit_length() + 2)
    while bits <= 1 << 16:
        # floor(v 2^b)/2^b lies within 2^-b below v: under hi, and above lo once
        # 2^-b is less than v - lo.
        r = sp.Rational(sp.floor(v * 2 ** bits), 2 ** bits)
        if lo is None or bool(r > lo):
            return r
        bits *= 2
    return None


def _finite(v) -> bool:
    return v not in (sp.S.Infinity, sp.S.NegativeInfinity)


def _cuts(values) -> list:
    """Breakpoints as exact cut points, in increasing order without repeats. An
    irrational one (sqrt(3)) stays exact: a window next to it may be thinner than
    any fixed dyadic bracket (x > sqrt(3) - 1e-20)."""
    out = []
    for b in map(sp.sympify, values):
        if b.is_real and b.is_finite and b.is_number and not any((b - c).is_zero for c in out):
            out.append(b)
    return sorted(out, key=functools.cmp_to_key(lambda u, v: -1 if bool(u < v) else (1 if bool(u > v) else 0)))


def windows(iv: Interval, breakpoints=()) -> list:
    """The open windows (a, b) of positive width (None: unbounded) into which 0 and
    the breakpoints cut the interval: each gets sample points, and coverage is
    judged per window."""
    cuts = [c for c in _cuts([0, *list(breakpoints)[:MAX_CUTS]])
            if (not _finite(iv.lo) or bool(c > iv.lo)) and (not _finite(iv.hi) or bool(c < iv.hi))]
    ends = [iv.lo if _finite(iv.lo) else None, *cuts, iv.hi if _finite(iv.hi) else None]
    return [(a, b) for a, b in zip(ends, ends[1:]) if a is None or b is None or bool(a < b)]


def window_values(a, b) -> list:
    """Points strictly inside the window (a, b): near each finite end (a nudge of at
    most a quarter of the width) and the midpoint, rounded toward the interior."""
    if a is not None and b is not None:
        delta = NUDGE if bool(b - a > 4 * NUDGE) else (b - a) / 4
        vals = [(a + b) / 2, a + delta, b - delta]
    elif a is not None:
        vals = [a + NUDGE, a + 1]
    elif b is not None:
        vals = [b - NUDGE, b - 1]
    else:
        vals = []
    return [r for r in (round_into(v, a, b) for v in vals) if r is not None]


def describe(sym, window) -> str:
    """'x < 0', '0 < x < 1/3', 'x > 800': a window of one symbol, for messages."""
    a, b = window
    if a is None and b is None:
        return f"{sym} real"
    if a is None:
        return f"{sym} < {b}"
    if b is None:
        return f"{sym} > {a}"
    return f"{a} < {sym} < {b}"
