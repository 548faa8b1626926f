"""Seeded, reproducible sample points: explicit edge cases first, then random.

Every value is an exact dyadic rational (m / 2^k), which arb holds exactly, so
a point is a certified counterexample as written. The order is fixed:

1. edge cases of each symbol's interval: 0, +-1, +-1/2, +-2, the interval's
   ends and points just inside them, breakpoints of the claim and points
   2^-20 to either side of them, and large magnitudes (+-100, +-700, +-800)
   where float64 overflows;
2. random points across scales (log-uniform magnitudes 2^-8 .. 2^10), drawn
   from ``random.Random`` seeded by the run's seed and the claim's identity.

Integer symbols (sizes, indices) take small values 1..6 (or their interval).
"""
from __future__ import annotations

import hashlib
import itertools
import random

import sympy as sp

from .domains import Domain, Interval

EDGE = [0, 1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2, 3, sp.Rational(-3, 4),
        10, -10, 100, -100, sp.Rational(1401, 2), 800, -800]
NUDGE = sp.Rational(1, 2 ** 20)


def dyadic(v, bits: int = 30):
    """Round a rational with a huge denominator to a dyadic one (``bits`` fractional
    bits). Short rationals such as 1/3 stay exact: an interval end or a breakpoint
    must be hit exactly, and arb compares non-dyadic points soundly too."""
    v = sp.Rational(v)
    if v.q & (v.q - 1) == 0 or v.q < 10 ** 6:
        return v
    return sp.Rational(sp.floor(v * 2 ** bits), 2 ** bits)


def _rng(seed: int, key: str) -> random.Random:
    h = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def _inside(iv: Interval, v):
    return iv.contains(v)


def edge_values(iv: Interval, breakpoints=()) -> list:
    """Edge values admitted by the interval, in a fixed order, without repeats."""
    if iv.integer:
        lo = int(iv.lo) + (1 if iv.lo_open else 0) if iv.lo != sp.S.NegativeInfinity else -3
        hi = int(iv.hi) - (1 if iv.hi_open else 0) if iv.hi != sp.S.Infinity else lo + 6
        base = list(range(max(lo, 1 if iv.lo >= 0 else lo), min(hi, max(lo, 1) + 6) + 1)) or [lo]
        return base
    # Simple values first (readable counterexamples), then breakpoints and
    # points just beside them, where piecewise claims usually break.
    cands = list(EDGE[:8])
    for b in breakpoints:
        cands += [b, b + NUDGE, b - NUDGE]
    cands += EDGE[8:]
    if iv.lo != sp.S.NegativeInfinity:
        cands += [iv.lo, iv.lo + NUDGE, iv.lo + 1, iv.lo + sp.Rational(1, 4)]
    if iv.hi != sp.S.Infinity:
        cands += [iv.hi, iv.hi - NUDGE, iv.hi - sp.Rational(1, 4)]
    if iv.lo != sp.S.NegativeInfinity and iv.hi != sp.S.Infinity:
        cands += [(iv.lo + iv.hi) / 2, iv.lo + (iv.hi - iv.lo) / 8]
    out = []
    for c in cands:
        c = dyadic(c)
        if _inside(iv, c) and c not in out:
            out.append(c)
    return out


def random_value(iv: Interval, rng: random.Random):
    if iv.integer:
        lo = int(iv.lo) + (1 if iv.lo_open else 0) if iv.lo != sp.S.NegativeInfinity else -4
        hi = int(iv.hi) - (1 if iv.hi_open else 0) if iv.hi != sp.S.Infinity else max(lo, 1) + 5
        return sp.Integer(rng.randint(lo, max(lo, hi)))
    for _ in range(50):
        if iv.lo != sp.S.NegativeInfinity and iv.hi != sp.S.Infinity:
            v = iv.lo + (iv.hi - iv.lo) * sp.Rational(rng.randint(1, 2 ** 16 - 1), 2 ** 16)
        else:
            mag = sp.Rational(rng.randint(2 ** 12, 2 ** 13), 2 ** 12) * sp.Rational(2) ** rng.randint(-8, 10)
            if iv.lo != sp.S.NegativeInfinity:
                v = iv.lo + mag
            elif iv.hi != sp.S.Infinity:
                v = iv.hi - mag
            else:
                v = mag if rng.random() < 0.5 else -mag
        v = dyadic(v)
        if iv.contains(v):
            return v
    raise ValueError(f"could not draw a value inside {iv}")


def points(symbols, domain: Domain, n: int, seed: int, key: str, breakpoints=None):
    """Up to ``n`` points {symbol: Rational}: edge cases first, then random."""
    symbols = sorted(symbols, key=str)
    if not symbols:
        yield {}
        return
    breakpoints = breakpoints or {}
    edges = {s: edge_values(domain.of(s), breakpoints.get(s, ())) for s in symbols}
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

    # Edge cases: each symbol walks its edge list while the others stay at a
    # fixed mid value; then all symbols take the same-index edge value.
    depth = max(len(v) for v in edges.values())
    for i in range(depth):
        p = {s: edges[s][i % len(edges[s])] for s in symbols}
        if emit(p):
            yield p
        if emitted >= n:
            return
    for s in symbols:
        if len(symbols) == 1:
            break
        for v in edges[s]:
            p = {t: (v if t == s else edges[t][min(1, len(edges[t]) - 1)]) for t in symbols}
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
