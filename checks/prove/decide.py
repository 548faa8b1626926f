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

from dataclasses import dataclass, field

import sympy as sp

from checks.prove import cases
from checks import dl
from checks.prove import numeric
from checks.prove import regions
from checks.prove import rewrites
from checks.prove import sampling
from checks.prove.budget import Deadline, MethodTimeout, time_limit
from checks.prove.domains import Domain
from checks.model.verdict import Verdict, holds, wrong, undecided

SCREEN_POINTS = 8
SAMPLE_POINTS = 48
MIN_VALID_POINTS = 6


# Value patterns for the entries x[k] at successive points: a claim about entries
# often fails only for some shape of vector (equal entries, one entry far larger
# than the rest, mixed signs, large magnitudes), never at one fixed draw.
INDEXED_PATTERNS = ("equal", "mixed", "zeros", "large", "one-large", "random")


def _indexed_pattern(index: int) -> str:
    if index == 0:
        return "fixed"          # the same value per atom as every region check uses
    if index <= len(INDEXED_PATTERNS):
        return INDEXED_PATTERNS[index - 1]
    return ("random", "random", "mixed", "large")[index % 4]


class _IndexedValues:
    """Values for x[k] atoms met while evaluating sums, derived from the seed, the
    point's index and the atom (so a point is reproduced exactly, and successive
    points give the entries different values and shapes)."""

    def __init__(self, seed, key, positive=False, index=0):
        self.seed, self.key, self.positive, self.index = seed, key, positive, index
        self.pattern = _indexed_pattern(index)
        self.used = {}

    def _draw(self, atom):
        pat = self.pattern
        rng = sampling._rng(self.seed, f"{self.key}:{atom}" if pat == "fixed"
                            else f"{self.key}:{self.index}:{atom}")
        if pat == "equal":
            rng = sampling._rng(self.seed, f"{self.key}:{self.index}")
        if pat == "zeros":
            return sp.Integer(0)
        if pat == "large":
            return sp.Integer(rng.choice((-1, 1)) * rng.randint(100, 800))
        if pat == "one-large" and not self.used:
            return sp.Integer(700)   # the first entry met; the others stay small
        v = sp.Rational(rng.randint(-2 ** 12, 2 ** 12), 2 ** 10)
        if pat == "mixed":   # signs alternate with the entry's index
            odd = sum(int(i) for i in atom.indices if i.is_Integer) % 2
            v = (abs(v) + sp.Rational(1, 4)) * (-1 if odd else 1)
        return v

    def __call__(self, atom):
        if atom not in self.used:
            v = self._draw(atom)
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
    arguments, of Piecewise conditions, and where two Max/Min arguments are equal.
    A switch in a sum's index k moves to the symbols of its limits: the term of
    Sum(Max(0, k - 10), (k, 1, n)) switches at k = 10, so the sum changes at n = 10."""
    expr = sp.sympify(expr)
    switches = []
    for n in expr.atoms(sp.Function, sp.Piecewise, sp.Max, sp.Min):
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
    _through_limits(expr, out)
    return {s: sorted(v, key=float) for s, v in out.items()}


def _through_limits(expr, out):
    """Move breakpoints of bound indices to the symbols of the limits (k = b at the
    upper limit n means n = b); nested sums pass them outward one level a round."""
    sums = list(expr.atoms(sp.Sum, sp.Product))
    for _ in range(4):
        changed = False
        for node in sums:
            for var, *ends in node.limits:
                for b in list(out.get(var, ())):
                    for end in ends:
                        syms = end.free_symbols
                        if len(syms) != 1:
                            continue
                        (s,) = syms
                        for r in _real_roots(end - b, s):
                            if r not in out.setdefault(s, set()):
                                out[s].add(r)
                                changed = True
        if not changed:
            return


def integer_sizes(expr, limit: int = 6) -> list:
    """Sizes an integer symbol should reach, read off the claim's constants: k/10 or
    k - 10 make 10 a size where the claim may change (the sampler adds 9 and 11)."""
    out = set()
    for r in sp.sympify(expr).atoms(sp.Rational):
        for v in (abs(int(r.p)), int(r.q)):
            if 8 <= v <= sampling.MAX_SIZE:
                out.add(v)
    return sorted(out)[:limit]


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
            c = numeric.compare(lhs, rhs, at)
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
    for rel in _assumed_relations(assume):
        if rel.free_symbols <= set(sub) and rel.xreplace(sub) is not sp.true:
            return False
    return True


def _assumed_relations(assume):
    for a in assume:
        if isinstance(a, sp.And):
            yield from _assumed_relations(a.args)
        elif isinstance(a, sp.Rel):
            yield a


def _evidence(p, c) -> dict:
    p = {**p, **c.indexed}  # report the seeded x[k] values too
    return {"point": {str(k): str(v) for k, v in sorted(p.items(), key=lambda kv: str(kv[0]))},
            "lhs": numeric.fmt(c.lhs), "rhs": numeric.fmt(c.rhs), "precision_bits": c.prec}


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
    that the stream missed get a few points of their own before they are reported."""
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
    wins = {s: sampling.windows(domain.of(s), bps.get(s, ())) for s in sorted(syms, key=str)
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
                out.uncovered.append(sampling.describe(s, w))
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
        with time_limit(deadline.share(0.1) if deadline is not None else None):
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
    if d.has(sp.Sum) and _read_closed_sums(diff, domain, sub, deadline):
        return "sums"
    if _is_algebraic_number(diff) and _minimal_polynomial_is_x(diff, deadline):
        return "algebraic"
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


def _read_closed_sums(diff, domain, sub, deadline) -> bool:
    """Geometric and polynomial sums replaced by their closed forms (the ratio r != 1
    settled by the domain), then the exact reading, with the proof substitution
    applied after closing: the closed form is built from the claim's own symbols."""
    try:
        with time_limit(deadline.share(0.25)):
            closed = rewrites.closed_sums(diff, lambda e: _nonzero_on(e, domain, sub))
            if closed == diff:
                return False
            return bool(rewrites.exact_reading(closed.xreplace(sub) if sub else closed)
                        or sub and rewrites.exact_reading(closed))
    except MethodTimeout:
        deadline.note_cut("sums")
    except (ValueError, TypeError, ZeroDivisionError, sp.PolynomialError):
        pass
    return False


def _is_algebraic_number(e) -> bool:
    """A closed expression of rationals under +, * and rational powers (nested radicals)."""
    if e.free_symbols or not e.is_number:
        return False
    return all(n.is_Rational or n.is_Add or n.is_Mul or (n.is_Pow and n.exp.is_Rational)
               for n in sp.preorder_traversal(e))


def _minimal_polynomial_is_x(e, deadline) -> bool:
    """An algebraic number is zero exactly when its minimal polynomial over Q is x:
    sqrt(2 + sqrt(3)) - (sqrt(6) + sqrt(2))/2, which no rewrite here denests."""
    z = sp.Dummy("z")
    try:
        with time_limit(deadline.share(0.25)):
            return sp.minimal_polynomial(e, z) == z
    except MethodTimeout:
        deadline.note_cut("algebraic")
    except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
        pass
    return False


def _nonzero_on(e, domain: Domain, sub) -> bool:
    """True when ``e`` is certainly non-zero everywhere on the domain: by SymPy's
    assumptions once bounded symbols carry their signs (b in (0, 1) is b_/(b_ + 1) with
    b_ > 0, so 1/b - 1 = 1/b_), or, for one symbol, because e = 0 has no solution in
    its interval. False means 'not settled', never 'zero'."""
    if e.is_number:
        return e.is_zero is False
    moved = sp.cancel(sp.together(e.xreplace(sub) if sub else e))
    if moved.is_zero is False:
        return True
    syms = e.free_symbols
    if len(syms) != 1:
        return False
    (s,) = syms
    iv = domain.intervals.get(s)
    if iv is None:
        return False
    try:
        region = sp.Interval(iv.lo, iv.hi, iv.lo_open, iv.hi_open)
        return region.intersect(sp.Eq(e, 0).as_set()) is sp.EmptySet
    except Exception:   # as_set refuses what it cannot solve: not settled
        return False


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
