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

from . import cases, dl, numeric, regions, rewrites, sampling
from .budget import Deadline, MethodTimeout, time_limit
from .domains import Domain
from .verdict import Verdict, holds, wrong, undecided

SCREEN_POINTS = 8
SAMPLE_POINTS = 48
MIN_VALID_POINTS = 6


class _IndexedValues:
    """Values for x[k] atoms met while evaluating sums, derived from the seed and
    the atom itself (so the same atom gets the same value at every point)."""

    def __init__(self, seed, key, positive=False):
        self.seed, self.key, self.positive = seed, key, positive
        self.used = {}

    def __call__(self, atom):
        if atom not in self.used:
            rng = sampling._rng(self.seed, f"{self.key}:{atom}")
            v = sp.Rational(rng.randint(-2 ** 12, 2 ** 12), 2 ** 10)
            if self.positive or atom.is_positive:  # IndexedBase("p", positive=True), or a retry
                v = abs(v) + sp.Rational(1, 2 ** 10)
            elif atom.is_nonnegative:
                v = abs(v)
            self.used[atom] = v
        return self.used[atom]


def free_of(*exprs):
    syms = set()
    for e in exprs:
        syms |= sp.sympify(e).free_symbols
    return syms


def _point_symbols(exprs):
    """Free scalar symbols to sample (Indexed atoms are filled lazily)."""
    out, labels = set(), set()
    for e in exprs:
        labels |= {b.label for b in sp.sympify(e).atoms(sp.IndexedBase)}
    for s in free_of(*exprs):
        if isinstance(s, sp.Symbol) and s not in labels:  # the x of x[k] is a name, not a value
            out.add(s)
    return out


def breakpoints(expr) -> dict:
    """Where piecewise parts switch, per symbol: the zeros of Abs/Heaviside/relu/...
    arguments, of Piecewise conditions, and where two Max/Min arguments are equal."""
    switches = []
    for n in sp.sympify(expr).atoms(sp.Function, sp.Piecewise, sp.Max, sp.Min):
        if isinstance(n, (sp.Max, sp.Min)):
            switches += [a - b for i, a in enumerate(n.args) for b in n.args[i + 1:]]
        elif isinstance(n, sp.Piecewise):
            switches += [c.lhs - c.rhs for _, c in n.args if isinstance(c, sp.Rel)]
        elif isinstance(n, rewrites.PIECEWISE_FUNCS):
            switches += list(n.args[:1])
            if isinstance(n, dl.hardtanh):
                switches += [n.args[0] - 1, n.args[0] + 1]
    out = {}
    for a in switches:
        syms = a.free_symbols
        # Only polynomial switches of degree <= 2 in one symbol: solving anything else
        # (nested relu, exp) can take unbounded time, and a root that depends on other
        # symbols is not a point to sample.
        if len(syms) != 1:
            continue
        (s,) = syms
        if not isinstance(s, sp.Symbol):
            continue
        for v in _real_roots(a, s):
            out.setdefault(s, set()).add(v)
    return {s: sorted(v) for s, v in out.items()}


def _real_roots(a, s) -> list:
    """The real roots of a polynomial of degree <= 2 with real number coefficients
    (sqrt(2) as well as 1/3), exactly, by the formula: no solver is run."""
    try:
        p = sp.Poly(a, s)
    except sp.PolynomialError:
        return []
    if p.degree() > 2 or p.degree() < 1 or not all(c.is_number and c.is_real for c in p.all_coeffs()):
        return []
    if p.degree() == 1:
        b, c = p.all_coeffs()
        return [-c / b]
    a2, b, c = p.all_coeffs()
    disc = b * b - 4 * a2 * c
    if disc.is_negative is not False:   # no real root, or a sign SymPy cannot settle
        return []
    r = sp.sqrt(disc)
    return sorted({(-b - r) / (2 * a2), (-b + r) / (2 * a2)}, key=lambda v: float(v))


def compare_at(lhs, rhs, point, seed=0, key=""):
    """Certified comparison of the sides at a point (seeded x[k] values filled in),
    or None where either side cannot be evaluated there."""
    indexed = lhs.has(sp.Indexed) or rhs.has(sp.Indexed)
    # Entries x[k] are drawn signed; where that leaves a side undefined (log of an
    # entry), the same point is tried again with positive entries.
    for positive in ((False, True) if indexed else (False,)):
        values = _IndexedValues(seed, key, positive)
        at = {**point, numeric.INDEXED: values} if indexed else point
        try:
            c = numeric.compare(lhs, rhs, at)
            c.indexed = values.used
            return c
        except numeric.Undefined:
            continue
        except (numeric.Indeterminate, numeric.Unsupported, ZeroDivisionError,
                ValueError, TypeError, OverflowError):
            return None
    return None


def find_counterexample(lhs, rhs, domain, n, seed, key, deadline=None, bps=None):
    """The first point where the sides certifiably differ, or None; and how many
    points evaluated to a consistent value."""
    syms = _point_symbols([lhs, rhs])
    valid = 0
    for p in sampling.points(syms, domain, n, seed, key, bps):
        if deadline is not None and deadline.left() <= 0:
            break
        c = compare_at(lhs, rhs, p, seed, key)
        if c is None:
            continue
        if c.differ:
            p, c = _shrink(lhs, rhs, domain, p, c, seed, key)
            p = {**p, **c.indexed}  # report the seeded x[k] values too
            return {"point": {str(k): str(v) for k, v in sorted(p.items(), key=lambda kv: str(kv[0]))},
                    "lhs": numeric.fmt(c.lhs), "rhs": numeric.fmt(c.rhs), "precision_bits": c.prec}, valid
        valid += 1
    return None, valid


SIMPLE = [sp.Integer(v) for v in (0, 1, -1, 2, -2, 3)] + [sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(3, 4)] \
    + [sp.Integer(v) for v in (10, -10, 100, -100, 101, 200, 800, -800)]


def _shrink(lhs, rhs, domain, point, found, seed, key):
    """Replace each coordinate by the simplest value that still certifiably
    refutes the claim (as hypothesis shrinks examples), so evidence reads well."""
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
            c = compare_at(lhs, rhs, trial, seed, key)
            if c is not None and c.differ:
                point, found = trial, c
                break
    return point, found


def _refine_conditions(e, domain: Domain):
    """Decide Piecewise conditions that the domain settles (e.g. Eq(beta, 1) for 0 < beta < 1)."""
    if not e.has(sp.Piecewise):
        return e

    def decide(cond):
        syms = cond.free_symbols
        if len(syms) != 1:
            return cond
        (s,) = syms
        iv = domain.of(s)
        try:
            region = sp.Interval(iv.lo, iv.hi, iv.lo_open, iv.hi_open)
            cs = cond.as_set()
        except Exception:
            return cond
        if region.is_subset(cs):
            return sp.true
        if region.intersect(cs) is sp.EmptySet:
            return sp.false
        return cond

    def fix(pw):
        return sp.Piecewise(*[(v, decide(c)) for v, c in pw.args])

    return e.replace(lambda n: isinstance(n, sp.Piecewise), fix)


def _read_exactly(d, deadline):
    try:
        with time_limit(deadline.share(0.25)):
            return rewrites.exact_reading(d)
    except MethodTimeout:
        deadline.note_cut("exact reading")
        return None


def _prove_scalar(diff, domain: Domain, deadline: Deadline, read_done=False):
    """Name of the rewrite that proves diff == 0 on the domain, or None
    (``read_done``: the exact reading of ``diff`` itself already failed)."""
    sub = domain.proof_substitution()
    d = diff.xreplace(sub) if sub else diff
    name = _read_exactly(d, deadline) if sub or not read_done else None
    if name:
        return name
    for name, fn in rewrites.pipeline_for(d):
        if deadline.left() <= 0:
            return None
        try:
            with time_limit(deadline.share(0.25)):
                r = fn(d)
                if r is not None and r != 0 and r.has(sp.Piecewise):
                    r = rewrites.rational(_refine_conditions(r, _subst_domain(domain, sub)))
        except MethodTimeout:
            deadline.note_cut(name)
            continue
        except Exception:
            continue
        if r is not None and r == 0:
            return name
    return None


def _subst_domain(domain, sub):
    """The domain in the symbols of the proof substitution (x -> c + u moves the interval)."""
    new = Domain(dict(domain.intervals))
    for s, rep in sub.items():
        iv = domain.intervals.get(s)
        if iv is None:
            continue
        if rep.is_Symbol:
            new.intervals[rep] = iv
        else:
            c, u = rep.as_coeff_Add()
            if u.is_Symbol:
                new.intervals[u] = type(iv)(iv.lo - c, iv.hi - c, iv.lo_open, iv.hi_open, iv.integer)
    return new


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
    cex, _ = find_counterexample(lhs, rhs, domain, SCREEN_POINTS, seed, key, deadline, bps)
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
        if status == "wrong":
            return wrong("regions", counterexample=cex, **_residual(lhs, rhs))
        return None

    # Piecewise parts: the case split comes before SymPy's rewrites, which treat
    # Max, Abs, relu ... as opaque and only cost time there.
    piecewise = diff.has(*cases.FUNCS)
    for method in ((by_regions, by_rewrites) if piecewise else (by_rewrites, by_regions)):
        v = method()
        if v is not None:
            return v
    cex, valid = find_counterexample(lhs, rhs, domain, SAMPLE_POINTS, seed, key, deadline, bps)
    if cex:
        return wrong("sampling", counterexample=cex, **_residual(lhs, rhs))
    if valid < MIN_VALID_POINTS and (lhs.has(sp.Sum) or rhs.has(sp.Sum)):
        cex = _closed_form_counterexample(lhs, rhs, domain, seed, key, deadline)
        if cex:
            return wrong("closed-form sampling", counterexample=cex)
    if sizes:
        if _bounded(lhs, rhs, domain, sizes, deadline):
            rng = ", ".join(f"{s} = {min(r)}..{max(r)}" for s, r in sizes.items())
            return holds("bounded", f"bounded({rng})")
    if deadline.left() <= 0 and valid < MIN_VALID_POINTS:
        return undecided("timeout", "time ran out before a method settled the claim")
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


def _closed_form_counterexample(lhs, rhs, domain, seed, key, deadline):
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
    cex, _ = find_counterexample(closed, sp.S.Zero, domain, SAMPLE_POINTS, seed, key, deadline)
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
