"""Region decomposition for claims with Max, Min, Abs, Heaviside, relu, ... .

The difference lhs - rhs is split into cases (``cases.case_split``): pairs of a
value and a clause (a conjunction of sign conditions on expressions) that
together cover the domain. For each case:

* a clause that asks one expression to be both > 0 and <= 0 is empty: skipped,
  as is one whose linear clauses leave a symbol (or an integer-valued part) no
  value, decided exactly in rationals;
* a clause that pins an expression to 0 is solved for one symbol, substituted;
* otherwise the case's value must be proved zero by the algebraic rewrites (for
  each value, where the clause leaves an integer only a few).

A case that is not proved is tested at exact rational points inside it, however
thin (``case_points``: linear clauses solved by elimination, the others by fixing
all symbols but one), each checked exactly against the clause and the domain, and
the sides are compared there in ball arithmetic: only a certified difference is a
counterexample. A case where no point can be evaluated makes the answer
``undecided``, naming the case: a region never tested is never reported as holding.
"""
from __future__ import annotations

import itertools

import sympy as sp

from checks.prove import cases
from checks import dl
from checks.prove import numeric
from checks.prove import rewrites
from checks.prove import sampling
from checks.prove.domains import Domain, _from_symbol, invert
from checks.prove.budget import time_limit

_INTERVAL = {">": lambda c: sp.Interval.open(c, sp.oo), ">=": lambda c: sp.Interval(c, sp.oo),
             "<": lambda c: sp.Interval.open(-sp.oo, c), "<=": lambda c: sp.Interval(-sp.oo, c),
             "==": lambda c: sp.FiniteSet(c),
             "!=": lambda c: sp.Union(sp.Interval.open(-sp.oo, c), sp.Interval.open(c, sp.oo))}
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


def _linear_part(expr):
    """expr = k * (part + c) with part's leading coefficient 1: returns (part, k, c)."""
    expr = sp.expand(expr)
    const, rest = expr.as_coeff_Add()
    if rest == 0:
        return None, 1, const
    terms = sorted(sp.Add.make_args(rest), key=sp.default_sort_key)
    k = terms[0].as_coeff_Mul()[0]
    return sp.expand(rest / k), k, const / k


def _is_linear(e) -> bool:
    """e is c0 + c1*s1 + ... with rational c's and symbols s (the common clause)."""
    terms = e.as_coefficients_dict()
    return all((t is sp.S.One or t.is_Symbol) and c.is_Rational for t, c in terms.items())


def _normalised(rel):
    """A relation with factors of known sign divided out: a*(x - y) >= 0 with
    a > 0 becomes x - y >= 0. Returns True/False when SymPy's assumptions
    decide it outright, else the relation."""
    d, op = rel.lhs - rel.rhs, rel.rel_op
    if not _is_linear(d):   # a linear form has no factor to divide out but its content
        d = sp.factor(sp.together(d))
    keep = sp.S.One
    for f in sp.Mul.make_args(d):
        base, e = f.as_base_exp()
        if f.is_positive:
            continue
        if f.is_negative:
            op = _FLIP[op]
            continue
        if e.is_Integer and e < 0 and base.is_positive is None and base.is_negative is None:
            return rel  # a denominator of unknown sign: leave as it is
        keep *= f
    truth = {">": keep.is_positive, "<": keep.is_negative, ">=": keep.is_nonnegative,
             "<=": keep.is_nonpositive, "==": keep.is_zero, "!=": (None if keep.is_zero is None
                                                                  else not keep.is_zero)}[op]
    if truth is not None:
        return sp.true if truth else sp.false
    return sp.Rel(keep, 0, op)


def clause_sets(clause):
    """{part: set of values allowed} for a conjunction (a sequence) of relations; None if unusable.

    Relations on parallel expressions (v + 1 < 0 and v - 1 > 0) constrain the
    same part (v), so contradictions and pinned values show as empty sets and
    single points."""
    allowed = {}
    for rel in clause:
        if isinstance(rel, sp.Rel):
            rel = _normalised(rel)
        if rel is sp.true:
            continue
        if rel is sp.false:
            return {None: sp.EmptySet}
        if not isinstance(rel, sp.Rel):
            return None
        part, k, c = _linear_part(rel.lhs - rel.rhs)
        op = rel.rel_op if k > 0 else _FLIP[rel.rel_op]
        if part is None:  # a numeric relation
            if not rel.func(c, 0):
                return {None: sp.EmptySet}
            continue
        allowed[part] = allowed.get(part, sp.S.Reals).intersect(_INTERVAL[op](-c))
    return allowed


def _solve_pinned(part, value):
    """Substitution making part == value, solving for a symbol it is linear in."""
    for s in sorted(part.free_symbols, key=str):
        slope = sp.diff(part, s)
        if slope != 0 and not slope.free_symbols and sp.degree(part, s) == 1:
            return {s: sp.expand(s + (value - part) / slope)}  # part = slope*s + rest
    return None


# --- exact points inside a case -----------------------------------------------------
#
# A case that is not proved zero must be tested at a point inside it, however thin
# it is (-1/10**7 < x < 0). Clauses in one symbol, or linear in one symbol once the
# others are fixed at simple values, are solved exactly: the feasible set is an
# exact union of intervals, and the simplest rational inside it (the one with the
# smallest denominator), its midpoint and a seeded interior point are taken.
# Seeded sampling is the last resort. Every point is checked exactly against the
# clause and the domain before it is used.

POINTS_PER_CASE = 3
_COMBOS = 27          # assignments of the other symbols tried per solved symbol


def simplest_between(lo, hi):
    """The rational with the smallest denominator (then numerator) strictly between
    lo < hi, which may be infinite (continued fractions, as in the Stern-Brocot tree)."""
    if lo < 0 < hi:
        return sp.S.Zero
    if hi <= 0:
        return -simplest_between(-hi, -lo)
    n = sp.floor(lo)
    if hi == sp.oo or n + 1 < hi:
        return sp.Integer(n + 1)     # n <= lo < n + 1
    # lo and hi lie in [n, n + 1]: x = n + 1/y with y between 1/(hi - n) and 1/(lo - n)
    top = sp.oo if lo == n else 1 / (lo - n)
    return n + 1 / simplest_between(1 / (hi - n), top)


def _pieces(s):
    if isinstance(s, sp.Union):
        return list(s.args)
    return [s]


def picks(allowed, integer, rng, want=POINTS_PER_CASE):
    """Up to ``want`` exact rationals inside the set ``allowed`` (an interval, a
    finite set or a union of them): simplest first, then the midpoint or a far
    point, then a seeded interior one."""
    out = []
    for piece in _pieces(allowed):
        if isinstance(piece, sp.FiniteSet):
            out += [v for v in piece.args if v.is_Rational and (not integer or v.is_Integer)]
        elif isinstance(piece, sp.Interval):
            out += _interval_picks(piece, integer, rng)
    seen = []
    for v in out:
        if v not in seen and allowed.contains(v) is sp.true:
            seen.append(v)
    return seen[:want]


def _interval_picks(iv, integer, rng):
    lo, hi = iv.start, iv.end
    if not (lo.is_Rational or lo is sp.S.NegativeInfinity) or not (hi.is_Rational or hi is sp.S.Infinity):
        return []
    if integer:
        a = sp.ceiling(lo) if lo.is_finite else None
        b = sp.floor(hi) if hi.is_finite else None
        if a is not None and iv.left_open and a == lo:
            a += 1
        if b is not None and iv.right_open and b == hi:
            b -= 1
        if a is not None and b is not None:
            if a > b:
                return []
            return [sp.Integer(v) for v in (a, b, (a + b) // 2, rng.randint(int(a), int(b)))]
        # unbounded: the integer nearest 0, then two further out
        base = max(a, 0) if a is not None else min(b, 0) if b is not None else 0
        step = 1 if b is None else -1
        return [sp.Integer(base + step * d) for d in (0, 1, rng.randint(2, 20))]
    if lo == hi:
        return [lo]
    first = simplest_between(lo, hi)
    if lo.is_finite and hi.is_finite:
        u = sp.Rational(rng.randint(1, 2 ** 16 - 1), 2 ** 16)
        return [first, (lo + hi) / 2, lo + (hi - lo) * u]
    mag = sp.Rational(rng.randint(2 ** 10, 2 ** 14), 2 ** 10)   # 1 .. 16
    far = first + mag if hi is sp.S.Infinity else first - mag
    return [first, far]


def _linear_in(expr, t):
    """(a, b) with expr == a*t + b, both rational, or None."""
    expr = sp.expand(expr)
    a = expr.coeff(t, 1)
    b = sp.expand(expr - a * t)
    if a.is_Rational and b.is_Rational:
        return a, b
    return None


def _preimage(allowed, a, b):
    """{t : a*t + b in allowed} for a != 0, exactly; None for a set it cannot map."""
    out = []
    for piece in _pieces(allowed):
        if isinstance(piece, sp.FiniteSet):
            out.append(sp.FiniteSet(*[(v - b) / a for v in piece.args]))
        elif isinstance(piece, sp.Interval):
            lo, hi = (piece.start - b) / a, (piece.end - b) / a
            if a > 0:
                out.append(sp.Interval(lo, hi, piece.left_open, piece.right_open))
            else:
                out.append(sp.Interval(hi, lo, piece.right_open, piece.left_open))
        elif piece is sp.EmptySet:
            continue
        else:
            return None
    return sp.Union(*out) if out else sp.EmptySet


def _iv_set(iv):
    if iv.lo == iv.hi:
        return sp.FiniteSet(iv.lo)
    return sp.Interval(iv.lo, iv.hi, iv.lo_open or not iv.lo.is_finite, iv.hi_open or not iv.hi.is_finite)


def feasible(constraints, t, iv):
    """The exact set of t in interval ``iv`` where every constraint (expr in t alone,
    allowed set) holds; for polynomial constraints a union of rational intervals
    inside it that is empty only when it is; None when neither can be computed."""
    out = _iv_set(iv)
    for expr, allowed in constraints:
        if t not in expr.free_symbols:
            if not (expr.is_Rational and allowed.contains(expr) is sp.true):
                return sp.EmptySet if expr.is_Rational else None
            continue
        ab = _linear_in(expr, t)
        if ab is None:
            return _poly_feasible(constraints, t, iv)
        pre = _preimage(allowed, *ab) if ab[0] != 0 else None
        if pre is None:
            return None
        out = out.intersect(pre)
        if out is sp.EmptySet:
            return out
    return out


_MAX_DEGREE = 16


def _poly_feasible(constraints, t, iv):
    """Constraints polynomial in t (x**2 - 2*x + 1 < 0): the truth of every one is
    constant between consecutive real roots of the product of (p - end) over all
    set ends, so one exact rational point per gap decides the gap. Gaps are kept as
    the rational intervals between the roots' isolating intervals, rational roots
    as points. Empty is returned only when exact: when every gap fails and no
    irrational root could satisfy a non-strict constraint."""
    ends, polys = [], []
    for expr, allowed in constraints + [(t, _iv_set(iv))]:
        try:
            p = sp.Poly(expr, t, domain=sp.QQ)
        except (sp.PolynomialError, sp.CoercionFailed, ValueError):
            return None
        polys.append(p)
        for piece in _pieces(allowed):
            if isinstance(piece, sp.FiniteSet):
                ends += [p - c for c in piece.args]
            elif isinstance(piece, sp.Interval):
                ends += [p - c for c in (piece.start, piece.end) if c.is_finite]
            else:
                return None
    q = sp.Poly(1, t, domain=sp.QQ)
    for e in ends:
        if not e.is_zero:
            q = q * e
    if q.degree() > _MAX_DEGREE:
        return None
    q = q.sqf_part() if q.degree() > 0 else q
    roots = _separated_roots(q) if q.degree() > 0 else []
    if roots is None:
        return None

    def holds(v):
        return all(allowed.contains(p.eval(v)) is sp.true for p, (_, allowed) in
                   zip(polys, constraints + [(t, _iv_set(iv))]))

    out, irrational = [], False
    left = sp.S.NegativeInfinity
    for (a, b), _ in roots + [((sp.oo, sp.oo), 1)]:
        if _roots_inside(q, left, a):
            return None    # isolating intervals that do not isolate: trust nothing
        if holds(simplest_between(left, a)):
            out.append(sp.Interval.open(left, a))
        if a == b and a != sp.oo:
            if holds(a):
                out.append(sp.FiniteSet(a))
        elif a != sp.oo:
            irrational = True
        left = b
    if out:
        return sp.Union(*out)
    if irrational and not all(_all_strict(a) for _, a in constraints):
        return None
    return sp.EmptySet


def _roots_inside(q, lo, hi) -> int:
    """The number of real roots of q strictly between lo and hi (Sturm, exact)."""
    n = q.count_roots(lo if lo.is_finite else None, hi if hi.is_finite else None)
    return n - sum(1 for e in (lo, hi) if e.is_finite and q.eval(e) == 0)


def _separated_roots(q):
    """Isolating intervals of q's real roots, rational ones exact, refined until
    consecutive ones are strictly apart (so a rational point lies between); None
    if that does not happen quickly."""
    for eps in (None, sp.Rational(1, 16), sp.Rational(1, 2 ** 16), sp.Rational(1, 2 ** 64), sp.Rational(1, 2 ** 256)):
        roots = [((sp.Rational(a), sp.Rational(b)), m) for (a, b), m in
                 (q.intervals() if eps is None else q.intervals(eps=eps))]
        ends = [v for (a, b), _ in roots for v in (a, b)]
        if all(x < y for x, y in zip(ends[1::2], ends[2::2])):
            return roots
    return None


def _all_strict(allowed) -> bool:
    return all(isinstance(p, sp.Interval) and (p.left_open or not p.start.is_finite)
               and (p.right_open or not p.end.is_finite) for p in _pieces(allowed))


def _own_sets(constraints, free, dom_of):
    """Each variable's exact feasible set under the constraints in it alone (its
    interval where one is not linear); None when one of them has no member."""
    own = {}
    for s in free:
        mine = [(e, a) for e, a in constraints if e.free_symbols <= {s}]
        f = feasible(mine, s, dom_of(s))
        if f is not None and not _has_member(f, dom_of(s).integer):
            return None
        own[s] = f if f is not None else _iv_set(dom_of(s))
    return own


def _has_member(allowed, integer) -> bool:
    if allowed is sp.EmptySet:
        return False
    if not integer:
        return True
    for piece in _pieces(allowed):
        if isinstance(piece, sp.Interval) and not (piece.start.is_finite and piece.end.is_finite):
            return True
        if picks(piece, True, sampling._rng(0, "member"), 1):
            return True
    return False


def case_is_empty(constraints, variables, dom_of) -> bool:
    """Exactly shown: some variable's own clauses leave it no value in its interval
    (-1 < n < 0 for an integer n, or x < 0 with x > 1/10**9), or an integer-valued
    part no integer (-1 < n - t < 0 for integers n and t)."""
    if any(e.is_integer and not _has_member(a, True) for e, a in constraints):
        return True
    own = _own_sets(constraints, sorted(variables, key=str), dom_of)
    return own is None or _sign_contradiction(constraints, own)


def _sign_contradiction(constraints, own) -> bool:
    """A clause no point can meet by signs alone: x >= 0, y >= 0 and x*y < 0. Each
    symbol bounded on one side is written as its bound plus or minus a new
    nonnegative (positive, for an open end) symbol, and SymPy's assumptions are
    asked whether a clause's part can lie in its set at all."""
    rep = {}
    for s, allowed in own.items():
        if not isinstance(s, sp.Symbol) or not isinstance(allowed, sp.Interval):
            continue
        if allowed.start.is_finite:
            p = sp.Dummy(positive=True) if allowed.left_open else sp.Dummy(nonnegative=True)
            rep[s] = allowed.start + p
        elif allowed.end.is_finite:
            p = sp.Dummy(positive=True) if allowed.right_open else sp.Dummy(nonnegative=True)
            rep[s] = allowed.end - p
    if not rep:
        return False
    for expr, allowed in constraints:
        if not isinstance(allowed, sp.Interval) or len(expr.free_symbols) < 2:
            continue
        e = sp.expand(expr.xreplace(rep))
        ends = [(e - allowed.start, allowed.left_open)] if allowed.start.is_finite else []
        ends += [(allowed.end - e, allowed.right_open)] if allowed.end.is_finite else []
        for d, strict in ends:   # the clause needs d > 0 (strict) or d >= 0
            if (d.is_positive if strict else d.is_nonnegative) is False:
                return True
    return False


def _exact_points(constraints, free, dom_of, rng):
    """Points {symbol: Rational} inside the case: by elimination when every clause is
    linear, else by fixing all symbols but one at simple values and solving that one."""
    if not free:
        yield {}
        return
    own = _own_sets(constraints, free, dom_of)
    if own is None:
        return
    linear = _linear_system(constraints, free, dom_of)
    if linear is not None:
        for system in linear:
            yield from _eliminated_points(system, free, dom_of, rng)
        return
    for t in free:
        others = [s for s in free if s != t]
        choices = [picks(own[s], dom_of(s).integer, rng) for s in others]
        for n, combo in enumerate(itertools.product(*choices)):
            if n >= _COMBOS:
                break
            fixed = dict(zip(others, combo))
            rest = [(e.xreplace(fixed), a) for e, a in constraints]
            f = feasible(rest, t, dom_of(t))
            if f is None:
                break           # not linear in t: try solving another symbol
            for v in picks(f, dom_of(t).integer, rng):
                yield {**fixed, t: v}


# A linear inequality: (coefficients {symbol: Rational}, constant, strict) meaning
# sum(c * symbol) + constant > 0 (strict) or >= 0.
_MAX_INEQUALITIES = 400


def _linear_system(constraints, free, dom_of):
    """The clauses and the intervals as systems of linear inequalities (one system
    per choice of piece where a clause allows a union), or None if one is not linear."""
    alternatives = []
    for expr, allowed in constraints:
        lin = _linear_form(expr, free)
        if lin is None:
            return None
        options = [_bounds(lin, piece) for piece in _pieces(allowed)]
        if any(o is None for o in options):
            return None
        alternatives.append(options)
    for s in free:
        iv = dom_of(s)
        alternatives.append([_bounds(({s: sp.S.One}, sp.S.Zero), _iv_set(iv))])
    systems = []
    for n, combo in enumerate(itertools.product(*alternatives)):
        if n >= _COMBOS:
            break
        systems.append([ineq for group in combo for ineq in group])
    return systems


def _linear_form(expr, free):
    expr = sp.expand(expr)
    coef = {s: expr.coeff(s, 1) for s in free}
    const = sp.expand(expr - sum(c * s for s, c in coef.items()))
    if not const.is_Rational or not all(c.is_Rational for c in coef.values()):
        return None
    return {s: c for s, c in coef.items() if c != 0}, const


def _bounds(lin, piece):
    """lin in piece (an interval or one point) as inequalities."""
    coef, const = lin
    if isinstance(piece, sp.FiniteSet) and len(piece) == 1:
        (v,) = piece.args
        piece = sp.Interval(v, v)
    if not isinstance(piece, sp.Interval):
        return None
    out = []
    neg = {s: -c for s, c in coef.items()}
    if piece.start.is_finite:
        out.append((coef, const - piece.start, bool(piece.left_open)))
    if piece.end.is_finite:
        out.append((neg, piece.end - const, bool(piece.right_open)))
    return out


def _eliminate(system, t):
    """Fourier-Motzkin: the inequalities without t that hold exactly where some t
    satisfies the system (over the reals)."""
    lower, upper, rest = [], [], []
    for coef, const, strict in system:
        c = coef.get(t, 0)
        (lower if c > 0 else upper if c < 0 else rest).append((coef, const, strict))
    for lc, lk, ls in lower:
        a = lc[t]
        for uc, uk, us in upper:
            b = -uc[t]
            coef = {s: lc.get(s, 0) / a + uc.get(s, 0) / b for s in set(lc) | set(uc) if s != t}
            rest.append(({s: c for s, c in coef.items() if c != 0}, lk / a + uk / b, ls or us))
            if len(rest) > _MAX_INEQUALITIES:
                raise OverflowError("too many inequalities")
    return rest


def _interval_of(system, t, fixed):
    """The exact set of t satisfying every inequality once ``fixed`` is substituted."""
    out = sp.Reals
    for coef, const, strict in system:
        k = const + sum(c * fixed[s] for s, c in coef.items() if s != t)
        c = coef.get(t, 0)
        if c == 0:
            if k < 0 or (strict and k == 0):
                return sp.EmptySet
            continue
        edge = -k / c
        out = out.intersect(sp.Interval(edge, sp.oo, strict, True) if c > 0
                            else sp.Interval(-sp.oo, edge, True, strict))
    return out


def _eliminated_points(system, free, dom_of, rng):
    """Points of a linear system: eliminate the symbols from the last, then pick the
    first from its exact interval and each next one given those before it."""
    stages = [system]
    try:
        for t in reversed(free[1:]):
            stages.append(_eliminate(stages[-1], t))
    except OverflowError:
        return
    stages.reverse()   # stages[i] involves free[0..i]

    def extend(i, fixed):
        if i == len(free):
            yield dict(fixed)
            return
        t = free[i]
        for v in picks(_interval_of(stages[i], t, fixed), dom_of(t).integer, rng):
            yield from extend(i + 1, {**fixed, t: v})

    yield from itertools.islice(extend(0, {}), 4 * POINTS_PER_CASE)


def _certified_in(value, allowed) -> bool:
    """value (a number) lies in allowed: exactly for rationals, else by arb balls."""
    if value.is_Rational:
        return allowed.contains(value) is sp.true
    if value.free_symbols or not value.is_number:
        return False
    try:
        b = numeric.evaluate(value, {}, 128)
        for piece in _pieces(allowed):
            if isinstance(piece, sp.Interval) and _ball_in(b, piece):
                return True
    except (ArithmeticError, TypeError, ValueError):
        return False
    return False


def _ball_in(b, iv) -> bool:
    ok = True
    if iv.start.is_finite:
        lo = numeric.evaluate(iv.start, {}, 128)
        ok = ok and bool(b > lo if iv.left_open else b >= lo)
    if iv.end.is_finite:
        hi = numeric.evaluate(iv.end, {}, 128)
        ok = ok and bool(b < hi if iv.right_open else b <= hi)
    return ok


def case_points(constraints, variables, dom_of, back, domain, seed, key, want=POINTS_PER_CASE):
    """Up to ``want`` exact points inside a case, in the claim's own symbols.

    ``constraints``: (expr, allowed set) pairs over ``variables`` (the symbols of
    the case split, after the domain's proof substitution); ``dom_of`` gives each
    variable's interval; ``back`` maps a point of the variables to one of the
    claim's symbols (the substitution). A point is kept only when every constraint
    holds at it (exactly, or certified in balls) and every symbol lies in its domain."""
    rng = sampling._rng(seed, key + ":case")
    free = sorted(variables, key=str)
    out = []

    def keep(p):
        if any(not _certified_in(e.xreplace(p), a) for e, a in constraints):
            return False
        full = back(p)
        if full is None or any(not (v.is_Rational and domain.of(s).contains(v)) for s, v in full.items()):
            return False
        if full not in out:
            out.append(full)
        return len(out) >= want

    for p in _exact_points(constraints, free, dom_of, rng):
        if keep(p):
            return out
    if not out:        # nothing exact: seeded sampling inside the variables' own intervals
        vdom = Domain({s: dom_of(s) for s in free})
        for p in sampling.points(free, vdom, 200, seed, key + ":region"):
            if keep(p):
                break
    return out


def decide_regions(diff, lhs, rhs, domain, deadline, prove_zero, compare_at, seed=0, key=""):
    """('proof', None), ('wrong', counterexample), ('undecided', why) when a case could
    not be tested at any point, or (None, None) when unsettled."""
    if not diff.has(*cases.FUNCS):
        return None, None
    sub = domain.proof_substitution()
    try:
        with time_limit(deadline.share(0.3)):
            split = cases.case_split(rewrites.pull_positive_factors(diff.xreplace(sub) if sub else diff))
    except cases.Unsplittable as e:
        if e.binder:
            return branch_coverage(lhs, rhs, domain, deadline, compare_at, seed, key)
        return None, None
    inv = invert(sub)
    # Shifts (x = c + u) are undone so that points are simplest in the claim's own
    # symbols; a Moebius map (a bounded interval) keeps its new symbol.
    shift = {u: e for u, e in inv.items() if len(e.free_symbols) == 1
             and _linear_in(e, next(iter(e.free_symbols))) is not None}
    moebius = {u for u in inv if u not in shift}
    claim_syms = _claim_symbols(lhs, rhs)

    def dom_of(v):
        return _from_symbol(v) if v in moebius else domain.of(v)

    def direct(s):   # the point gives the claim's symbol itself
        return s not in sub or sub[s].free_symbols <= set(shift)

    def back(p):
        """The claim's symbols (and x[k] entries) at a point of the case's variables;
        variables no clause constrains take a simple value inside their interval."""
        p = dict(p)
        for s in claim_syms:
            for u in ({s} if direct(s) else sub[s].free_symbols) - set(p):
                v = _simple_value(dom_of(u))
                if v is None:
                    return None
                p[u] = v
        full = {s: p[s] if direct(s) else sub[s].xreplace(p) for s in claim_syms}
        for a, v in p.items():
            if isinstance(a, sp.Indexed):   # x[i] with i now a number: the entry it names
                full[a.xreplace(full)] = v
        return full

    zero = {}  # cases share values: each is proved (or not) once

    def proved(v):
        if v not in zero:
            zero[v] = prove_zero(v)
        return zero[v]

    unsettled, untested = None, []
    for val, clause in split:
        if deadline.left() <= 0:   # cases left untested: the clock, not the claim, ended it
            deadline.note_cut("regions")
            return None, None
        if rewrites.exact_reading(val):  # cheap; the full proof waits until the region is known non-empty
            continue
        sets = clause_sets(clause)
        if sets is None:
            return None, None
        base = sets
        subs, v = {}, val
        for part in list(sets):
            allowed = sets[part]
            if isinstance(allowed, sp.FiniteSet) and len(allowed) == 1 and part is not None:
                value = next(iter(allowed))
                more = _solve_pinned(part.xreplace(subs), value)
                if more:
                    subs.update(more)
                    v = v.xreplace(more)
                else:  # part is no linear form (s*y = 1): replace it where it occurs
                    v = v.subs(part, value)
        if subs:  # re-read the clause with the pinned values in place
            sets = clause_sets([r.xreplace(subs) for r in clause])
            if sets is None:
                return None, None
        if any(allowed is sp.EmptySet for allowed in sets.values()):
            continue  # contradictory: the clause is empty
        constraints = [(p.xreplace(shift), a) for p, a in base.items() if p is not None]
        variables = {a for p, _ in constraints for a in p.atoms(sp.Symbol, sp.Indexed)
                     if not _is_label(a, lhs, rhs)}
        if case_is_empty(constraints, variables, dom_of) or proved(v) \
                or _proved_for_each(v, constraints, variables, dom_of, shift, proved):
            continue
        tested = False
        for point in case_points(constraints, variables, dom_of, back, domain, seed, key):
            c = compare_at(lhs, rhs, point, seed, key)
            if c is not None and c.differ:
                point = {**point, **c.indexed}
                return "wrong", {"point": {str(k): str(x) for k, x in sorted(point.items(), key=str)},
                                 "lhs": numeric.fmt(c.lhs), "rhs": numeric.fmt(c.rhs),
                                 "precision_bits": c.prec}
            tested = tested or c is not None or _void(lhs, rhs, point)
        if not tested:
            untested.append(_describe(clause, inv))
        unsettled = True
    if untested:
        return "undecided", "no point could be evaluated in the case " + "; nor in ".join(untested)
    return (None, None) if unsettled else ("proof", None)


# --- case nodes no split reaches -------------------------------------------------------
#
# A Max or relu under a Sum's bound variable (Max(0, x[k])) is not split into cases.
# Sampling may still test it honestly, but only if its points exercise every branch:
# the evaluator notes which branch each case node took (numeric.RECORD), and a claim
# whose sampled points leave a branch unreached is undecided, naming it.

COVERAGE_POINTS = 24


def _branches(node):
    """(key the evaluator records, number of branches to reach) of a case node."""
    if isinstance(node, dl._Piecewise):
        node = node._pieces(*node.args)
    if isinstance(node, (sp.Max, sp.Min, sp.Piecewise)):
        return node, len(node.args)
    return node, 2    # Abs, sign, Heaviside: negative and positive


def branch_coverage(lhs, rhs, domain, deadline, compare_at, seed=0, key=""):
    """('wrong', cex) at a sampled point, ('undecided', why) when some branch of a case
    node was never taken at a consistent point, else (None, None)."""
    want = {}
    for node in set().union(*[e.atoms(*cases.FUNCS) for e in (lhs, rhs)]):
        k, n = _branches(node)
        want[k] = (node, n)
    seen = set()
    for point in sampling.points(_claim_symbols(lhs, rhs), domain, COVERAGE_POINTS, seed, key + ":branches"):
        if deadline.left() <= 0:
            break
        numeric.RECORD = set()
        try:
            c = compare_at(lhs, rhs, point, seed, key)
        finally:
            taken, numeric.RECORD = numeric.RECORD, None
        if c is not None and c.differ:
            point = {**point, **c.indexed}
            return "wrong", {"point": {str(k): str(x) for k, x in sorted(point.items(), key=str)},
                             "lhs": numeric.fmt(c.lhs), "rhs": numeric.fmt(c.rhs), "precision_bits": c.prec}
        if c is not None:
            seen |= taken
    missing = [(node, i) for k, (node, n) in sorted(want.items(), key=lambda kv: str(kv[0]))
               for i in range(n) if (k, i) not in seen]
    if not missing:
        return None, None
    node, i = missing[0]
    return "undecided", (f"{node} lies under a bound variable, so it is not split into cases, and its "
                         f"branch {_branch_text(node, i)} was never reached at {COVERAGE_POINTS} sampled points")


def _branch_text(node, i) -> str:
    key, _ = _branches(node)
    if isinstance(key, sp.Piecewise):
        return f"where {key.args[i].cond}" if key.args[i].cond is not sp.true else "of its last piece"
    if isinstance(key, (sp.Max, sp.Min)):
        return f"where it equals {key.args[i]}"
    return f"where {key.args[0]} {'<' if i == 0 else '>'} 0"


def _proved_for_each(v, constraints, variables, dom_of, shift, proved, most=16) -> bool:
    """A case that leaves an integer variable a few values (9 < n <= 10): the case's
    value proved zero with each of them substituted."""
    own = _own_sets(constraints, sorted(variables, key=str), dom_of) or {}
    for t, allowed in own.items():
        if not dom_of(t).integer or not all(isinstance(p, sp.Interval) and p.start.is_finite
                                             and p.end.is_finite for p in _pieces(allowed)):
            continue
        values = [n for p in _pieces(allowed) for n in range(int(sp.ceiling(p.start)), int(sp.floor(p.end)) + 1)
                  if allowed.contains(n) is sp.true]
        if len(values) > most:
            continue
        # t is the claim's symbol (a shift undone) or the case's own variable
        back = {u: e for u, e in shift.items() if t in e.free_symbols}
        return all(proved(v.xreplace({u: e.xreplace({t: n}) for u, e in back.items()} or {t: n}))
                   for n in values)
    return False


def _is_label(x, lhs, rhs):
    return any(b.label == x for b in (lhs.atoms(sp.IndexedBase) | rhs.atoms(sp.IndexedBase)))


def _claim_symbols(lhs, rhs):
    labels = {b.label for b in (lhs.atoms(sp.IndexedBase) | rhs.atoms(sp.IndexedBase))}
    syms = {s for s in (lhs.free_symbols | rhs.free_symbols) if isinstance(s, sp.Symbol) and s not in labels}
    return sorted(syms, key=str)


def _simple_value(iv):
    """A simple value inside an interval, for a symbol no clause constrains."""
    v = picks(_iv_set(iv), iv.integer, sampling._rng(0, "simple"), 1)
    return v[0] if v else None


def _void(lhs, rhs, point) -> bool:
    """Neither side has a real value at the point: the claim says nothing there."""
    for e in (lhs, rhs):
        try:
            numeric.evaluate(e, point, 64)
            return False
        except numeric.Undefined:
            continue
        except Exception:
            return False
    return True


def _describe(clause, inv) -> str:
    rels = [str(r.xreplace(inv)) for r in clause]
    return " and ".join(rels) if rels else "(the whole domain)"
