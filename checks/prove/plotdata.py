"""Plot data of a refuted claim: both sides along a line through the counterexample.

The expressions exist only here, in the engine, so the numbers a plot needs are computed
here and carried in the counterexample record (``counterexample["plot"]``, an additive
field); a reporter draws them without ever seeing an expression. A claim of one or two
variables gets one slice per variable (the others fixed at the counterexample); a claim
with a sum over a symbolic size ``n`` gets both sides against ``n``, every other name fixed.

The values are for the eye, not evidence: each side is evaluated in arb balls and its
midpoint kept as a float, a point where a side cannot be evaluated, is not finite or lies
outside the assumptions is ``None`` (a gap in the curve). The work is bounded by the
number of points and by ``SECONDS``: a plot that runs out of time is dropped whole, never
cut short, so a report either has the same plot or none."""
from __future__ import annotations

import math
import time

import sympy as sp

from checks.prove.sampling import integer_range

POINTS = 61          # points of a real variable's slice, the counterexample among them
INTEGER_SPAN = 30    # integers of a size's slice (the counterexample's value among them)
MAX_VARIABLES = 2    # more free names than this and there is no one picture of the claim
SECONDS = 2.0        # wall time for all slices of one claim; over it, no plot
PRECISION = 64


def plot_data(lhs, rhs, domain, assume, point: dict) -> list | None:
    """Slices ``[{"variable", "integer", "at", "fixed", "x", "lhs", "rhs"}]`` through the
    counterexample ``point`` ({name: rational text}), or None when the claim has no plot
    (indexed entries, more than two free names and no symbolic sum size, nothing finite)."""
    try:
        return _slices(sp.sympify(lhs), sp.sympify(rhs), domain, assume, point)
    except Exception:   # a picture is never worth a verdict: anything odd means no plot
        return None


def attach(counterexample: dict | None, lhs, rhs, domain, assume) -> None:
    """Adds ``plot`` to a counterexample at a point, where the claim has one."""
    if not counterexample or "point" not in counterexample:
        return
    slices = plot_data(lhs, rhs, domain, assume, counterexample["point"])
    if slices:
        counterexample["plot"] = slices


def _slices(lhs, rhs, domain, assume, point):
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase) \
            or lhs.atoms(sp.Indexed) or rhs.atoms(sp.Indexed):
        return None
    free = lhs.free_symbols | rhs.free_symbols
    if not free or not all(isinstance(s, sp.Symbol) and str(s) in point for s in free):
        return None
    at = {s: sp.Rational(point[str(s)]) for s in free}
    sizes = sorted(_sum_sizes(lhs, rhs) & free, key=str)
    varying = sizes[:MAX_VARIABLES] if sizes else sorted(free, key=str) if len(free) <= MAX_VARIABLES else []
    if not varying:
        return None
    started = time.monotonic()
    out = []
    for v in varying:
        s = _slice(lhs, rhs, domain, assume, at, v, started, v in sizes)
        if s is None and time.monotonic() - started > SECONDS:
            return None
        if s is not None:
            out.append(s)
    return out or None


def _sum_sizes(*exprs) -> set:
    """Names in the limits of sums and products: the sizes a sum runs to."""
    out = set()
    for e in exprs:
        for node in e.atoms(sp.Sum, sp.Product):
            for _, a, b in node.limits:
                out |= sp.sympify(a).free_symbols | sp.sympify(b).free_symbols
    return out


def _slice(lhs, rhs, domain, assume, at, v, started, size=False):
    from checks.prove.search import satisfies
    integer = bool(v.is_integer) or domain.of(v).integer
    xs = _integers(domain.of(v), at[v], size) if integer else _reals(domain.of(v), at[v])
    if len(xs) < 2:
        return None
    left, right = [], []
    for x in xs:
        if time.monotonic() - started > SECONDS:
            return None
        p = {**at, v: x}
        inside = satisfies(p, domain, assume)
        left.append(_value(lhs, p) if inside else None)
        right.append(_value(rhs, p) if inside else None)
    if sum(a is not None and b is not None for a, b in zip(left, right)) < 2:
        return None
    return {"variable": str(v), "integer": integer, "at": _float(at[v]),
            "fixed": {str(s): str(val) for s, val in sorted(at.items(), key=lambda kv: str(kv[0])) if s != v},
            "x": [_float(x) for x in xs], "lhs": left, "rhs": right}


def _reals(iv, c) -> list:
    """POINTS rationals over [c - w, c + w] (w = max(2, |c|)) cut to the interval, c among them."""
    w = max(sp.Integer(2), abs(c))
    lo, hi = c - w, c + w
    if iv.lo.is_finite:
        lo = max(lo, iv.lo)
    if iv.hi.is_finite:
        hi = min(hi, iv.hi)
    if not hi > lo:
        return []
    n = POINTS - 1
    xs = {lo + (hi - lo) * sp.Rational(i, n) for i in range(n + 1)} | {c}
    return sorted(xs)


def _integers(iv, c, size=False) -> list:
    """INTEGER_SPAN integers from a third of it below c, inside the interval; a sum's size
    without a lower bound starts at 0 (or c), where sizes start."""
    lo, hi = integer_range(iv)
    if lo is None and size:
        lo = min(0, int(c))
    first = int(c) - INTEGER_SPAN // 3
    if lo is not None:
        first = max(first, lo)
    last = first + INTEGER_SPAN - 1
    if hi is not None:
        last = min(last, hi)
    return [sp.Integer(k) for k in range(first, last + 1)]


def _value(side, p):
    from checks.prove.numeric import evaluate
    try:
        b = evaluate(side, p, PRECISION)
        f = float(b.mid())
    except Exception:   # undefined, not evaluable here, overflow: a gap in the curve
        return None
    return _float(f) if math.isfinite(f) else None


def _float(x) -> float:
    return float(f"{float(x):.6g}")
