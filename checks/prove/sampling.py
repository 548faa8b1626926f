"""Seeded, reproducible sample points: explicit edge cases first, then random.

Every value is an exact rational (a dyadic m / 2^k where it had to be rounded),
which arb holds exactly or soundly, so a point is a certified counterexample as
written. The order is fixed:

1. edge cases of each symbol's interval: 0, +-1, +-1/2, +-2, the interval's
   ends, breakpoints of the claim, and for every window between consecutive
   cuts (interval ends, 0, breakpoints) points inside it: near each end (a
   nudge scaled to the window's width) and its midpoint, rounded toward the
   window's interior; large magnitudes (+-100, +-700, +-800) where float64
   overflows, also in cross combinations of two symbols (x = 100, y = -100);
2. random points across scales (log-uniform magnitudes 2^-8 .. 2^10), drawn
   from ``random.Random`` seeded by the run's seed and the claim's identity.

Integer symbols (sizes, indices) take small values first, then the values
around the claim's breakpoints and the sizes read off its constants (k/10 -> 9,
10, 11), then some larger sizes; a finite integer domain small enough is
enumerated in full (``finite_grid``).
"""
from __future__ import annotations

import hashlib
import itertools
import math
import random

import sympy as sp

from checks.prove.domains import Domain, Interval
from checks.prove.windows import _cuts, _finite, round_into, window_values, windows

EDGE = [0, 1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2, 3, sp.Rational(-3, 4),
        10, -10, 100, -100, sp.Rational(1401, 2), 800, -800]
# Sizes past the small ones: a claim that changes at a larger size is caught
# here even when no constant of the expression names it (sums stay short).
LARGER_SIZES = (8, 10, 16, 32)
MAX_TERMS = 10 ** 4         # terms of a sum evaluated at one point (numeric's own limit)
MAX_SIZE = 10 ** 9          # largest size read off an expression's constants
# Pairs of values for two symbols at once: large of opposite signs, large with small.
LARGE = [(100, -100), (-100, 100), (800, -800), (100, sp.Rational(1, 100)),
         (-800, sp.Rational(-1, 2)), (sp.Rational(1, 100), 100), (-100, -800)]


def _rng(seed: int, key: str) -> random.Random:
    h = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def integer_range(iv: Interval):
    """(lo, hi) integers of the interval, None for an unbounded side."""
    lo = hi = None
    if _finite(iv.lo):
        lo = int(sp.ceiling(iv.lo))
        if iv.lo_open and lo == iv.lo:
            lo += 1
    if _finite(iv.hi):
        hi = int(sp.floor(iv.hi))
        if iv.hi_open and hi == iv.hi:
            hi -= 1
    return lo, hi


def size_cap(depth: int) -> int:
    """The largest size an integer symbol takes when it bounds sums nested ``depth``
    deep: their terms, about size^depth, stay within MAX_TERMS."""
    return int(round(MAX_TERMS ** (1 / max(depth, 1))))


def _small_integers(lo, hi) -> list:
    """The first sizes to try: from the lower end up (from 1 where 0 is allowed: an
    empty sum is rarely the point, so 0 comes after), or down from the upper end,
    or -3..3 on an unbounded range."""
    if lo is not None:
        first = max(lo, 1) if lo >= 0 else lo
        return list(range(first, first + 7)) + [lo]
    if hi is not None:
        top = min(hi, 3)
        return list(range(top, top - 7, -1))
    return list(range(-3, 4))


def _integer_edges(iv: Interval, breakpoints=(), sizes=(), cap=None) -> list:
    lo, hi = integer_range(iv)
    cands = _small_integers(lo, hi)
    for b in breakpoints:
        b = sp.sympify(b)
        if b.is_real and b.is_finite and (cap is None or abs(b) <= cap):
            f = int(sp.floor(b))
            cands += [f, f + 1, f - 1, f + 2]
    for c in sizes:
        if cap is None or c <= cap:
            cands += [c, c - 1, c + 1]
    cands += [v for v in LARGER_SIZES if cap is None or v <= cap] + [-v for v in LARGER_SIZES[:2]]
    if lo is not None and hi is not None:
        cands += list(range(lo, min(hi, lo + 64) + 1))
    out = []
    for c in cands:
        c = sp.Integer(c)
        if iv.contains(c) and c not in out:
            out.append(c)
    return out


def edge_values(iv: Interval, breakpoints=(), sizes=(), cap=None) -> list:
    """Edge values admitted by the interval, in a fixed order, without repeats; each
    checked exactly to lie inside it (``cap``: largest size for an integer symbol that
    bounds sums, None when it bounds none)."""
    if iv.integer:
        return _integer_edges(iv, breakpoints, sizes, cap)
    # Simple values first (readable counterexamples), then breakpoints and
    # points just beside them, where piecewise claims usually break.
    wins = windows(iv, breakpoints)
    cands = list(EDGE[:8])
    for b in _cuts(breakpoints):
        cands.append(b)
        for a, c in wins:   # the nudges of the windows this breakpoint bounds
            if a == b or c == b:
                cands += window_values(a, c)[1:]
    cands += EDGE[8:]
    if _finite(iv.lo):
        cands += [iv.lo, iv.lo + 1, iv.lo + sp.Rational(1, 4)]
    if _finite(iv.hi):
        cands += [iv.hi, iv.hi - sp.Rational(1, 4)]
    # Every window (between an interval end, 0 and the breakpoints) gets points
    # inside it, however thin it is.
    for w in wins:
        cands += window_values(*w)
    out = []
    for c in map(sp.sympify, cands):
        if c.is_Rational and iv.contains(c) and c not in out:   # an irrational end is not hit exactly
            out.append(c)
    return out


def random_value(iv: Interval, rng: random.Random, window=None):
    """A random value of the interval (inside ``window`` = (a, b) when given)."""
    if iv.integer:
        lo, hi = integer_range(iv)
        if lo is None:
            lo = -4 if hi is None else min(hi, 3) - 8
        hi = max(lo, 1) + 5 if hi is None else hi
        return sp.Integer(rng.randint(lo, hi))
    a, b = window if window is not None else (iv.lo if _finite(iv.lo) else None,
                                              iv.hi if _finite(iv.hi) else None)
    for _ in range(50):
        if a is not None and b is not None:
            v = a + (b - a) * sp.Rational(rng.randint(1, 2 ** 16 - 1), 2 ** 16)
        else:
            mag = sp.Rational(rng.randint(2 ** 12, 2 ** 13), 2 ** 12) * sp.Rational(2) ** rng.randint(-8, 10)
            if a is not None:
                v = a + mag
            elif b is not None:
                v = b - mag
            else:
                v = mag if rng.random() < 0.5 else -mag
        v = round_into(v, a, b)
        if v is not None and iv.contains(v):
            return v
    raise ValueError(f"could not draw a value inside {iv}")


def finite_grid(symbols, domain: Domain, limit: int):
    """Every point of the domain when all symbols are integers in bounded ranges and
    there are at most ``limit`` points; else None."""
    ranges = []
    for s in sorted(symbols, key=str):
        iv = domain.of(s)
        if not iv.integer:
            return None
        lo, hi = integer_range(iv)
        if lo is None or hi is None:
            return None
        ranges.append(range(lo, hi + 1))
    if math.prod(len(r) for r in ranges) > limit:   # before any range is listed
        return None
    syms = sorted(symbols, key=str)
    return [dict(zip(syms, map(sp.Integer, combo))) for combo in itertools.product(*ranges)]


def _cross_large(symbols, domain, base):
    """Large magnitudes in two symbols at once (x = 100, y = -100; x large, y small),
    the others at their base value: where overflow and cancellation traps sit."""
    if not 2 <= len(symbols) <= 3:
        return
    for s, t in itertools.combinations(symbols, 2):
        for u, v in LARGE[: (7 if len(symbols) == 2 else 4)]:
            p = dict(base)
            p[s], p[t] = sp.Rational(u), sp.Rational(v)
            if domain.of(s).contains(p[s]) and domain.of(t).contains(p[t]):
                yield p


def points(symbols, domain: Domain, n: int, seed: int, key: str, breakpoints=None, sizes=None,
           caps=None):
    """Up to ``n`` points {symbol: Rational}: edge cases first, then random
    (``sizes``: sizes read off the claim for integer symbols; ``caps``: per symbol,
    the largest size its sums can be evaluated at).

    Long because it is one ordered recipe (edge cases, crossings of large values, the finite
    grid, then seeded draws) whose order is the determinism contract: split, the order would
    live in two places."""
    symbols = sorted(symbols, key=str)
    if not symbols:
        yield {}
        return
    grid = finite_grid(symbols, domain, n)
    if grid is not None:
        yield from grid
        return
    breakpoints = breakpoints or {}
    sizes = sizes or ()
    caps = caps or {}
    edges = {s: edge_values(domain.of(s), breakpoints.get(s, ()), sizes, caps.get(s))
             for s in symbols}
    rng = _rng(seed, key)
    emitted = 0
    seen = set()

    def emit(p):
        nonlocal emitted
        t = tuple(p[s] for s in symbols)
        if t in seen:
            return False
        seen.add(t)
        emitted += 1
        return True

    # Edge cases: all symbols take the same-index edge value; then large values
    # in pairs of symbols; then each symbol walks its edge list while the others
    # stay at a fixed mid value.
    depth = max(len(v) for v in edges.values())
    cross_at = min(7, depth - 1)   # after the screen's points
    base = {t: edges[t][min(1, len(edges[t]) - 1)] for t in symbols}
    for i in range(depth):
        p = {s: edges[s][i % len(edges[s])] for s in symbols}
        if emit(p):
            yield p
        if emitted >= n:
            return
        if i == cross_at:
            for q in _cross_large(symbols, domain, base):
                if emit(q):
                    yield q
                if emitted >= n:
                    return
    for s in symbols:
        if len(symbols) == 1:
            break
        for v in edges[s]:
            p = {**base, s: v}
            if emit(p):
                yield p
            if emitted >= n // 2:
                break
    while emitted < n:
        p = {s: random_value(domain.of(s), rng) for s in symbols}
        if emit(p):
            yield p
        elif rng.random() < 0.01:
            return
