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

A claim with undefined functions (``f(z)``, ``g'(a)``; ``functions``) has its derivatives
in one normal form for the structural, exact and rewrite stages (a proof there holds for
every function); then it is sampled under seeded instances of the functions
(``functions.sampled_over_instances``): ``numeric`` at most, and a counterexample under an
instance is marked as such (``functions.INSTANCE_MARK``).

A ``wrong`` always carries a point where arb balls of the two sides are
disjoint. Nothing else ever makes a claim wrong.
"""
from __future__ import annotations

import sympy as sp

from dataclasses import dataclass, field

from checks.model.verdict import STRENGTHS, Verdict, holds, wrong
from checks.prove.breakpoints import _point_symbols, breakpoints, free_of
from checks.prove.budget import BUDGETS, Deadline, MethodTimeout, time_limit
from checks.prove.cases import FUNCS as CASE_FUNCS
from checks.prove.domains import Domain
from checks.prove import functions, plotdata
from checks.prove.outcome import Outcome, Proved, Refuted, Unknown, swallowed
from checks.prove.regions import decide_regions
from checks.prove.rewrites import do_derivatives
from checks.prove.sampling import integer_range
from checks.prove.search import Sampled, find_counterexample, sample, satisfies
from checks.prove.zero import _prove_scalar, _read_exactly, _refine_conditions


@dataclass
class _Claim:
    """One scalar claim while its methods run: what each method needs, and what an
    earlier method left for a later one (breakpoints, sampled points, untested regions)."""
    lhs: sp.Expr
    rhs: sp.Expr
    assume: tuple
    domain: Domain
    deadline: Deadline
    seed: int
    key: str
    sizes: dict | None
    bps: dict = field(default_factory=dict)
    found: Sampled | None = None
    untested: list = field(default_factory=list)   # a region no point reached: never 'numeric'

    @property
    def diff(self):
        return self.lhs - self.rhs


def structural(c: _Claim) -> Outcome:
    if c.lhs == c.rhs or c.diff == 0:
        return Proved("proof", "structural")
    return Unknown("structural", "the sides are different expressions")


def exact_reading(c: _Claim) -> Outcome:
    # The exact reading costs less than one screen point, and a proof needs no screen.
    name = _read_exactly(c.diff, c.deadline)
    return Proved("proof", name) if name else Unknown("exact reading", "not zero in its atoms")


def screen(c: _Claim) -> Outcome:
    try:
        with time_limit(c.deadline.share(BUDGETS.breakpoints)):
            c.bps = breakpoints(c.diff)
    except MethodTimeout:
        c.bps = {}
    cex, _ = find_counterexample(c.lhs, c.rhs, c.domain, BUDGETS.screen_points, c.seed, c.key, c.deadline,
                                 c.bps, c.assume)
    if cex:
        return Refuted("screen", cex, _residual(c.lhs, c.rhs))
    return Unknown("screen", "no counterexample at the edge cases")


def rewrites(c: _Claim) -> Outcome:
    name = _prove_scalar(c.diff, c.domain, c.deadline, read_done=True)
    return Proved("proof", name) if name else Unknown("rewrites", "no rewrite proved it")


def regions(c: _Claim) -> Outcome:
    status, cex = _regions(c)
    if status == "undecided":
        c.untested.append(cex)
    if status == "proof":
        return Proved("proof", "regions")
    if status == "wrong" and _evidence_inside(cex, c.lhs, c.rhs, c.domain, c.assume):
        return Refuted("regions", cex, _residual(c.lhs, c.rhs))
    return Unknown("regions", "no case split settled it")


def sampling(c: _Claim) -> Outcome:
    c.found = found = sample(c.lhs, c.rhs, c.domain, BUDGETS.sample_points, c.seed, c.key, c.deadline, c.bps,
                             c.assume, exact=True, coverage=True)
    if found.counterexample:
        return Refuted("sampling", found.counterexample, _residual(c.lhs, c.rhs))
    if found.exhaustive:
        return Proved("exhaustive", f"exhaustive({_ranges(c.lhs, c.rhs, c.domain)})")
    if found.valid < BUDGETS.min_valid_points and (c.lhs.has(sp.Sum) or c.rhs.has(sp.Sum)):
        cex = _closed_form_counterexample(c.lhs, c.rhs, c.domain, c.seed, c.key, c.deadline, c.assume)
        if cex:
            return Refuted("closed-form sampling", cex)
    return Unknown("sampling", f"no counterexample at {found.valid} points")


def bounded(c: _Claim) -> Outcome:
    if c.sizes and _bounded(c.lhs, c.rhs, c.domain, c.sizes, c.deadline):
        rng = ", ".join(f"{s} = {min(r)}..{max(r)}" for s, r in c.sizes.items())
        return Proved("bounded", f"bounded({rng})")
    return Unknown("bounded", "no sizes to substitute" if not c.sizes else "a size was not proved")


def numeric(c: _Claim) -> Outcome:
    """Nothing refuted at the sampled points: 'holds (numeric)' only where every region
    was tested and no method was stopped by the clock; otherwise the reason it is not."""
    valid, enough = c.found.valid, c.found.valid >= BUDGETS.min_valid_points
    if c.deadline.left() <= 0 and not enough:
        return Unknown("timeout", "time ran out before a method settled the claim")
    if enough and c.found.uncovered:
        # Sampling says nothing about a region where no point could be evaluated.
        return Unknown("sampling", f"no point could be evaluated where {' or '.join(c.found.uncovered)} "
                       f"(no counterexample at {valid} points elsewhere)")
    if enough and c.deadline.cut:
        # A method was stopped by the clock: the budget, not the mathematics, ended
        # the search, so sampling alone is not reported as 'holds'.
        return Unknown("timeout", f"no counterexample at {valid} points, but {', '.join(c.deadline.cut)} "
                       f"ran out of time before a proof")
    if enough and c.untested:
        return Unknown("regions", c.untested[0])
    if enough:
        return Proved("numeric", f"sampling({valid} points)")
    return Unknown("sampling", f"only {valid} sample points could be evaluated")


# The decision order of the README, cheapest first; the first outcome that is not
# Unknown is the answer, and the last method always settles or says why not.
METHODS = (structural, exact_reading, screen, rewrites, regions, sampling, bounded, numeric)


def instances(c: _Claim) -> Outcome:
    return functions.sampled_over_instances(c.lhs, c.rhs, c.assume, c.seed, c.key, c.deadline)


# Undefined functions: the stages that can prove for every function, then the instances
# (screen, regions and plain sampling cannot evaluate f(z)).
ABSTRACT_METHODS = (structural, exact_reading, rewrites, instances)


def _in_order(c: _Claim) -> tuple:
    """METHODS, with regions before rewrites for a claim with case nodes: SymPy's
    rewrites treat Max, Abs, relu ... as opaque and only cost time there."""
    if not c.diff.has(*CASE_FUNCS):
        return METHODS
    order = list(METHODS)
    i, j = order.index(rewrites), order.index(regions)
    order[i], order[j] = order[j], order[i]
    return tuple(order)


def decide(lhs, rhs, assume=(), *, seed=0, key="", sizes=None, budget=10.0) -> Verdict:
    """Decide lhs = rhs (scalars or matrices) for all values allowed by ``assume``."""
    deadline = Deadline(budget)
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return _decide_matrix(lhs, rhs, assume, seed=seed, key=key, sizes=sizes, deadline=deadline)
    lhs, rhs = do_derivatives(lhs), do_derivatives(rhs)
    abstract = bool(functions.undefined(lhs, rhs))
    if abstract:
        lhs, rhs = functions.canonical(lhs), functions.canonical(rhs)
    c = _Claim(lhs, rhs, assume, Domain.from_assumptions(free_of(lhs, rhs), assume), deadline, seed, key, sizes)
    for method in (ABSTRACT_METHODS if abstract else _in_order(c)):
        outcome = method(c)
        if not isinstance(outcome, Unknown):
            break
    v = outcome.verdict()
    if isinstance(outcome, Refuted) and not abstract:   # both sides around the point, for a report's plot
        plotdata.attach(v.counterexample, lhs, rhs, c.domain, assume)
    if isinstance(outcome, Refuted) and abstract and (v.counterexample or {}).get("instance"):
        v.detail = f"{functions.INSTANCE_MARK}: {functions.instance_text(v.counterexample['instance'])}"
    if deadline.errors:
        v.detail = "; ".join(filter(None, [v.detail, "swallowed: " + "; ".join(deadline.errors)]))
    return v


def _ranges(lhs, rhs, domain) -> str:
    parts = []
    for s in sorted(_point_symbols([lhs, rhs]), key=str):
        lo, hi = integer_range(domain.of(s))
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


def _regions(c: _Claim):
    try:
        return decide_regions(c.diff, c.lhs, c.rhs, c.domain, c.deadline, seed=c.seed, key=c.key)
    except MethodTimeout:
        c.deadline.note_cut("regions")
    except Exception as exc:
        swallowed("regions", exc, c.deadline)
    return None, None


def _closed_form_counterexample(lhs, rhs, domain, seed, key, deadline, assume=()):
    """Sums that cannot be evaluated term by term (infinite, or limits that are not
    integers at the points): SymPy's exact closed form of lhs - rhs, its Piecewise
    conditions settled by the domain, is sampled against 0 instead."""
    try:
        with time_limit(deadline.share(BUDGETS.closed_form)):
            closed = _refine_conditions(sp.sympify(lhs - rhs).doit(), domain)
    except MethodTimeout:
        return None
    except Exception as exc:
        swallowed("closed form", exc, deadline)
        return None
    if closed.has(sp.Sum, sp.Limit) or (isinstance(closed, sp.Piecewise) and len(closed.args) > 1):
        return None
    cex, _ = find_counterexample(closed, sp.S.Zero, domain, BUDGETS.sample_points, seed, key, deadline,
                                 assume=assume)
    if cex:
        cex["lhs"], cex["rhs"] = f"lhs - rhs = {cex['lhs']}", "0"
    return cex


def _residual(lhs, rhs) -> str | None:
    """For claims without free symbols: the exact non-zero residual lhs - rhs."""
    d = sp.sympify(lhs - rhs)
    if d.free_symbols:
        return None
    try:
        return str(sp.nsimplify(d) if d.is_Float else d)
    except Exception:   # nsimplify of a huge float: no residual to show, the counterexample stands
        return None


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
    for idx, (a, b) in enumerate(zip(L, R)):
        i, j = divmod(idx, L.shape[1])
        v = decide(a, b, assume, seed=seed, key=f"{key}[{i},{j}]", sizes=sizes, budget=deadline.left())
        if v.status != "holds":
            v.method = f"entry ({i + 1},{j + 1}): {v.method}"
            return v
        methods.add(v.method)
        if STRENGTHS.index(v.strength) > STRENGTHS.index(weakest):
            weakest = v.strength
    return holds(weakest, "entrywise(" + ",".join(sorted(methods)) + ")")
