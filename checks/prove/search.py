"""The search for a certified counterexample: seeded points (edge cases first, values for
x[k] entries in several patterns), each checked exactly against the assumptions, the sides
compared in balls, and a found counterexample shrunk to the simplest still-certified point."""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from checks.prove import comparison, evidence, numeric, rewrites, sampling, windows
from checks.prove.breakpoints import _point_symbols, integer_sizes
from checks.prove.budget import BUDGETS, time_limit
from checks.prove.domains import Domain, relations
from checks.prove.indexed import _IndexedValues


def compare_at(lhs, rhs, point, seed=0, key="", index=0):
    """Certified comparison of the sides at a point (seeded x[k] values for the
    point's ``index`` filled in), or None where either side cannot be evaluated there."""
    indexed = lhs.has(sp.Indexed) or rhs.has(sp.Indexed)
    # Entries x[k] are drawn signed; where that leaves a side undefined (log of an
    # entry), the same point is tried again with positive entries.
    for positive in ((False, True) if indexed else (False,)):
        values = _IndexedValues(seed, key, positive, index)
        at = {**point, numeric.INDEXED: values} if indexed else point
        try:
            c = comparison.compare(lhs, rhs, at)
            c.indexed = values.used
            return c
        except numeric.Undefined:
            continue
        except (numeric.Indeterminate, numeric.Unsupported, ZeroDivisionError,
                ValueError, TypeError, OverflowError):
            return None
    return None


def satisfies(point, domain: Domain, assume=()) -> bool:
    """Whether a point ({Symbol: value}) satisfies every assumption, checked exactly:
    each value rational, inside its symbol's interval (integer-ness included), and
    every relation of ``assume`` on the point's symbols true in rationals."""
    sub = {}
    for s, v in point.items():
        if not isinstance(s, sp.Symbol):
            continue   # x[k] entries carry no assumptions but their base's sign
        v = sp.sympify(v)
        if not v.is_Rational or not domain.of(s).contains(v) or (s.is_integer and not v.is_integer):
            return False
        sub[s] = v
    for rel in relations(assume, strict=False):
        if rel.free_symbols <= set(sub) and rel.xreplace(sub) is not sp.true:
            return False
    return True


def _evidence(p, c) -> dict:
    return evidence.counterexample(p, c)   # the seeded x[k] values are reported too


@dataclass
class Sampled:
    """What sampling found: a certified counterexample, or how many points evaluated,
    whether a finite domain was checked exactly at every point, and the windows of
    the domain where no point could be evaluated."""
    counterexample: dict | None = None
    valid: int = 0
    exhaustive: bool = False
    uncovered: list = field(default_factory=list)


COVERAGE_TRIES = 6   # extra points drawn inside a window that no point reached yet


def sample(lhs, rhs, domain, n, seed, key, deadline=None, bps=None, assume=(), exact=False,
           coverage=False) -> Sampled:
    """Compare the sides at up to ``n`` seeded points. ``exact``: on a finite integer
    domain enumerated in full, also read lhs - rhs exactly at each point (for an
    ``exhaustive`` verdict). ``coverage``: every window of each real symbol's
    interval (cut at 0 and at breakpoints) must hold an evaluated point; windows
    that the stream missed get a few points of their own before they are reported.

    Long because the windows, the coverage retries and the budget checks share one loop over
    points; the loop is the sampling method."""
    syms = _point_symbols([lhs, rhs])
    bps = bps or {}
    indexed = lhs.has(sp.Indexed) or rhs.has(sp.Indexed)
    grid = None if indexed or not syms else sampling.finite_grid(syms, domain, n)
    sizes = integer_sizes(lhs - rhs) if any(domain.of(s).integer for s in syms) else ()
    caps = _size_caps(lhs - rhs, syms, domain)
    stream = sampling.points(syms, domain, n, seed, key, bps, sizes, caps)
    if indexed:
        # The entries x[k] vary point by point, so a small set of scalar points (none,
        # or a finite grid of sizes) is gone through again with new entries.
        stream = _cycled(list(stream), n)
    wins = {s: windows.windows(domain.of(s), bps.get(s, ())) for s in sorted(syms, key=str)
            if coverage and not domain.of(s).integer}
    hit = set()
    out = Sampled(exhaustive=grid is not None and exact)
    count = 0

    def visit(p, index):
        """A counterexample at p (certified, inside the domain), else None."""
        c = compare_at(lhs, rhs, p, seed, key, index)
        if c is None:
            out.exhaustive = False
            return None
        if c.differ:
            p2, c2 = _shrink(lhs, rhs, domain, p, c, seed, key, index, assume)
            if satisfies(p2, domain, assume):
                return _evidence(p2, c2)
            out.exhaustive = False   # never reported: the point is not inside the domain
            return None
        out.valid += 1
        for s, ws in wins.items():
            hit.update((s, j) for j, w in enumerate(ws) if _in_window(p[s], w))
        if out.exhaustive and not _exact_zero(lhs, rhs, p, deadline):
            out.exhaustive = False
        return None

    for p in stream:
        if deadline is not None and deadline.left() <= 0:
            out.exhaustive = False
            break
        cex = visit(p, count)
        count += 1
        if cex:
            out.counterexample, out.exhaustive = cex, False
            return out
    if grid is not None and count < len(grid):
        out.exhaustive = False
    rng = sampling._rng(seed, key + ":coverage")
    for s, ws in wins.items():
        for j, w in enumerate(ws):
            for _ in range(COVERAGE_TRIES if (s, j) not in hit else 0):
                if deadline is not None and deadline.left() <= 0:
                    break
                try:
                    p = {t: sampling.random_value(domain.of(t), rng) for t in sorted(syms, key=str)}
                    p[s] = sampling.random_value(domain.of(s), rng, window=w)
                except ValueError:   # no short rational inside the window
                    break
                cex = visit(p, count)
                count += 1
                if cex:
                    out.counterexample = cex
                    return out
                if (s, j) in hit:
                    break
            if (s, j) not in hit:
                out.uncovered.append(windows.describe(s, w))
    out.uncovered += _sizes_out_of_reach(bps, caps, domain)
    return out


def _sum_depth(e) -> int:
    """How deep Sum/Product nodes nest in e."""
    inner = max((_sum_depth(a) for a in e.args), default=0)
    return inner + 1 if isinstance(e, (sp.Sum, sp.Product)) else inner


def _size_caps(expr, syms, domain) -> dict:
    """Per integer symbol that bounds a sum: the largest size at which the sums it
    bounds can be evaluated term by term (sampling.size_cap of their nesting)."""
    caps = {}
    for node in sp.sympify(expr).atoms(sp.Sum, sp.Product):
        depth = _sum_depth(node)
        for _, *ends in node.limits:
            for s in set().union(*(sp.sympify(e).free_symbols for e in ends)):
                if s in syms and domain.of(s).integer:
                    caps[s] = min(caps.get(s, sampling.MAX_TERMS), sampling.size_cap(depth))
    return caps


def _sizes_out_of_reach(bps, caps, domain) -> list:
    """Sizes where the claim may change (breakpoints of integer symbols) but whose
    sums are too long to evaluate: regions sampling never tested."""
    out = []
    for s, cap in caps.items():
        far = [b for b in bps.get(s, ()) if abs(b) > cap and domain.of(s).contains(sp.floor(b))]
        if far:
            out.append(f"{s} = {sp.floor(far[0])} (sums too long to evaluate)")
    return out


def _cycled(pts, n):
    for i in range(n):
        yield pts[i % len(pts)] if pts else {}


def _in_window(v, w) -> bool:
    a, b = w
    return (a is None or bool(v > a)) and (b is None or bool(v < b))


def _exact_zero(lhs, rhs, p, deadline=None) -> bool:
    """lhs - rhs at the point is exactly 0 (structurally, or by the exact reading);
    False when that is not settled within a share of the budget."""
    try:
        with time_limit(deadline.share(BUDGETS.point) if deadline is not None else None):
            d = sp.sympify(lhs - rhs).xreplace(p)
            if d.has(sp.Sum, sp.Product):
                d = d.doit()
            return d == 0 or bool(rewrites.exact_reading(d))
    except Exception:   # MethodTimeout included: not read exactly, so not exhaustive
        return False


def find_counterexample(lhs, rhs, domain, n, seed, key, deadline=None, bps=None, assume=()):
    """The first point where the sides certifiably differ, or None; and how many
    points evaluated to a consistent value."""
    s = sample(lhs, rhs, domain, n, seed, key, deadline, bps, assume)
    return s.counterexample, s.valid


SIMPLE = [sp.Integer(v) for v in (0, 1, -1, 2, -2, 3)] + [sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(3, 4)] \
    + [sp.Integer(v) for v in (10, -10, 100, -100, 101, 200, 800, -800)]


def _shrink(lhs, rhs, domain, point, found, seed, key, index=0, assume=()):
    """Replace each coordinate by the simplest value that still certifiably
    refutes the claim (as hypothesis shrinks examples), so evidence reads well.
    A simpler point is taken only if it satisfies every assumption exactly."""
    point = dict(point)
    for s in sorted(point, key=str):
        cur = point[s]
        if cur in SIMPLE[:3] or not isinstance(s, sp.Symbol):
            continue
        cands = []
        for v in SIMPLE + [sp.floor(cur), sp.ceiling(cur)]:
            if domain.of(s).contains(v) and v not in cands:
                cands.append(sp.Rational(v))
        cands.sort(key=lambda v: (bool(abs(v) > abs(cur)), SIMPLE.index(v) if v in SIMPLE else len(SIMPLE)))
        for v in cands:
            if v == cur:
                break
            trial = {**point, s: v}
            if not satisfies(trial, domain, assume):
                continue
            c = compare_at(lhs, rhs, trial, seed, key, index)
            if c is not None and c.differ:
                point, found = trial, c
                break
    return point, found
