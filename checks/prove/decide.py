"""Deciding lhs = rhs over a domain: the order of methods, cheapest first.

  1. structural   lhs and rhs are the same expression (after doing derivatives)
  2. exact        lhs - rhs read as a rational function in its atoms, exponentials
                  as powers of new indeterminates, finite sums split and merged
                  (``rewrites.exact_reading``, computed in flint): zero is a proof
  3. screen       certified evaluation at a few edge-case points; refutes early
  4. rewrites     the exact reading again under the assumptions' substitution,
                  then SymPy's rewrites (``rewrites.PIPELINE``: expand, cancel,
                  exp-rational, log-expand, sums); matrices entry by entry
  5. regions      Max/Min/Abs/Heaviside/Piecewise: fold to cases, prove each
                  case or find a certified point inside a failing one (for a
                  claim with such parts, regions come before the rewrites)
  6. sampling     certified evaluation at many seeded points; refutes
  7. bounded      with ``sizes``: every size substituted, proved exactly
  8. numeric      nothing refuted at the sampled points: holds, strength numeric

A ``wrong`` always carries a point where arb balls of the two sides are
disjoint. Nothing else ever makes a claim wrong.
"""
from __future__ import annotations

import sympy as sp

from checks.model.verdict import Verdict, holds, wrong, undecided
from checks.prove import cases, regions, rewrites, sampling
from checks.prove.breakpoints import _point_symbols, breakpoints, free_of
from checks.prove.budget import Deadline, MethodTimeout, time_limit
from checks.prove.domains import Domain
from checks.prove.search import compare_at, find_counterexample, sample, satisfies
from checks.prove.zero import _prove_scalar, _read_exactly, _refine_conditions

SCREEN_POINTS = 8
SAMPLE_POINTS = 48
MIN_VALID_POINTS = 6


def decide(lhs, rhs, assume=(), *, seed=0, key="", sizes=None, budget=10.0) -> Verdict:
    """Decide lhs = rhs (scalars or matrices) for all values allowed by ``assume``."""
    deadline = Deadline(budget)
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return _decide_matrix(lhs, rhs, assume, seed=seed, key=key, sizes=sizes, deadline=deadline)
    lhs, rhs = rewrites.do_derivatives(lhs), rewrites.do_derivatives(rhs)
    domain = Domain.from_assumptions(free_of(lhs, rhs), assume)
    diff = lhs - rhs
    if lhs == rhs or diff == 0:
        return holds("proof", "structural")
    # The exact reading costs less than one screen point, and a proof needs no screen.
    name = _read_exactly(diff, deadline)
    if name:
        return holds("proof", name)
    try:
        with time_limit(deadline.share(0.1)):
            bps = breakpoints(diff)
    except MethodTimeout:
        bps = {}
    cex, _ = find_counterexample(lhs, rhs, domain, SCREEN_POINTS, seed, key, deadline, bps, assume)
    if cex:
        return wrong("screen", counterexample=cex, **_residual(lhs, rhs))

    def by_rewrites():
        name = _prove_scalar(diff, domain, deadline, read_done=True)
        return holds("proof", name) if name else None

    untested = []   # a region no point reached: never 'holds (numeric)'

    def by_regions():
        status, cex = _regions(lhs, rhs, domain, deadline, seed, key)
        if status == "undecided":
            untested.append(cex)
        if status == "proof":
            return holds("proof", "regions")
        if status == "wrong" and _evidence_inside(cex, lhs, rhs, domain, assume):
            return wrong("regions", counterexample=cex, **_residual(lhs, rhs))
        return None

    # Piecewise parts: the case split comes before SymPy's rewrites, which treat
    # Max, Abs, relu ... as opaque and only cost time there.
    piecewise = diff.has(*cases.FUNCS)
    for method in ((by_regions, by_rewrites) if piecewise else (by_rewrites, by_regions)):
        v = method()
        if v is not None:
            return v
    found = sample(lhs, rhs, domain, SAMPLE_POINTS, seed, key, deadline, bps, assume,
                   exact=True, coverage=True)
    if found.counterexample:
        return wrong("sampling", counterexample=found.counterexample, **_residual(lhs, rhs))
    if found.exhaustive:
        return holds("exhaustive", f"exhaustive({_ranges(lhs, rhs, domain)})")
    valid = found.valid
    if valid < MIN_VALID_POINTS and (lhs.has(sp.Sum) or rhs.has(sp.Sum)):
        cex = _closed_form_counterexample(lhs, rhs, domain, seed, key, deadline, assume)
        if cex:
            return wrong("closed-form sampling", counterexample=cex)
    if sizes:
        if _bounded(lhs, rhs, domain, sizes, deadline):
            rng = ", ".join(f"{s} = {min(r)}..{max(r)}" for s, r in sizes.items())
            return holds("bounded", f"bounded({rng})")
    if deadline.left() <= 0 and valid < MIN_VALID_POINTS:
        return undecided("timeout", "time ran out before a method settled the claim")
    if valid >= MIN_VALID_POINTS and found.uncovered:
        # Sampling says nothing about a region where no point could be evaluated.
        return undecided("sampling", f"no point could be evaluated where {' or '.join(found.uncovered)} "
                         f"(no counterexample at {valid} points elsewhere)")
    if valid >= MIN_VALID_POINTS and deadline.cut:
        # A method was stopped by the clock: the budget, not the mathematics, ended
        # the search, so sampling alone is not reported as 'holds'.
        return undecided("timeout", f"no counterexample at {valid} points, but {', '.join(deadline.cut)} "
                         f"ran out of time before a proof")
    if valid >= MIN_VALID_POINTS and untested:
        return undecided("regions", untested[0])
    if valid >= MIN_VALID_POINTS:
        return holds("numeric", f"sampling({valid} points)")
    return undecided("sampling", f"only {valid} sample points could be evaluated")


def _ranges(lhs, rhs, domain) -> str:
    parts = []
    for s in sorted(_point_symbols([lhs, rhs]), key=str):
        lo, hi = sampling.integer_range(domain.of(s))
        parts.append(f"{s} = {lo}" if lo == hi else f"{s} = {lo}..{hi}")
    return ", ".join(parts)


def _evidence_inside(cex, lhs, rhs, domain, assume) -> bool:
    """A counterexample found by another method, re-read from its evidence and
    checked exactly against every assumption before it is reported."""
    names = {str(s): s for s in free_of(lhs, rhs, *assume) | set(domain.intervals)}
    try:
        point = {names[k]: sp.Rational(v) for k, v in cex["point"].items() if k in names}
    except (TypeError, ValueError, KeyError):
        return False
    return satisfies(point, domain, assume)


def _regions(lhs, rhs, domain, deadline, seed, key):
    try:
        return regions.decide_regions(lhs - rhs, lhs, rhs, domain, deadline,
                                      lambda e: _prove_scalar(e, Domain(), deadline) is not None,
                                      compare_at, seed=seed, key=key)
    except MethodTimeout:
        deadline.note_cut("regions")
    except Exception:
        pass
    return None, None


def _closed_form_counterexample(lhs, rhs, domain, seed, key, deadline, assume=()):
    """Sums that cannot be evaluated term by term (infinite, or limits that are not
    integers at the points): SymPy's exact closed form of lhs - rhs, its Piecewise
    conditions settled by the domain, is sampled against 0 instead."""
    try:
        with time_limit(deadline.share(0.5)):
            closed = _refine_conditions(sp.sympify(lhs - rhs).doit(), domain)
    except (MethodTimeout, Exception):
        return None
    if closed.has(sp.Sum, sp.Limit) or (isinstance(closed, sp.Piecewise) and len(closed.args) > 1):
        return None
    cex, _ = find_counterexample(closed, sp.S.Zero, domain, SAMPLE_POINTS, seed, key, deadline, assume=assume)
    if cex:
        cex["lhs"], cex["rhs"] = f"lhs - rhs = {cex['lhs']}", "0"
    return cex


def _residual(lhs, rhs) -> dict:
    """For claims without free symbols: the exact non-zero residual lhs - rhs."""
    d = sp.sympify(lhs - rhs)
    if d.free_symbols:
        return {}
    try:
        r = sp.nsimplify(d) if d.is_Float else d
        return {"residual": str(r)}
    except Exception:
        return {}


def _bounded(lhs, rhs, domain, sizes, deadline) -> bool:
    import itertools
    syms = list(sizes)
    for combo in itertools.product(*[list(sizes[s]) for s in syms]):
        if deadline.left() <= 0:
            return False
        sub = dict(zip(syms, [sp.Integer(v) for v in combo]))
        l, r = lhs.xreplace(sub).doit(), rhs.xreplace(sub).doit()
        if isinstance(l, sp.MatrixBase) or isinstance(r, sp.MatrixBase):
            pairs = zip(sp.Matrix(l), sp.Matrix(r))
        else:
            pairs = [(l, r)]
        for a, b in pairs:
            if not (a == b or _prove_scalar(a - b, domain, deadline)):
                return False
    return True


def _decide_matrix(lhs, rhs, assume, *, seed, key, sizes, deadline) -> Verdict:
    L, R = sp.Matrix(lhs), sp.Matrix(rhs)
    if L.shape != R.shape:
        return wrong("shape", residual=f"shapes differ: {L.shape} vs {R.shape}")
    weakest, methods = "proof", set()
    order = ["proof", "exhaustive", "bounded", "numeric"]
    for idx, (a, b) in enumerate(zip(L, R)):
        i, j = divmod(idx, L.shape[1])
        v = decide(a, b, assume, seed=seed, key=f"{key}[{i},{j}]", sizes=sizes, budget=deadline.left())
        if v.status != "holds":
            v.method = f"entry ({i + 1},{j + 1}): {v.method}"
            return v
        methods.add(v.method)
        if order.index(v.strength) > order.index(weakest):
            weakest = v.strength
    return holds(weakest, "entrywise(" + ",".join(sorted(methods)) + ")")
