"""Every case of a case split gets an exact point inside it, however thin.

A case that is not proved zero is tested at exact rational points that satisfy its
clause and the domain (checked exactly); a case where no point can be evaluated
makes the claim undecided, naming the case. Sums whose summand switches at fixed
indices are split at the breakpoint (Karr's convention, exactly).
"""
import itertools

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from checks.dl import relu
from checks.prove import cases, intervals, points, sampling
from checks.prove.decide import decide
from checks.prove.domains import Domain

x, y = sp.symbols("x y", real=True)
n = sp.Symbol("n", integer=True, positive=True)
k = sp.Symbol("k", integer=True)
X = sp.IndexedBase("x")


def _point(v):
    return {name: sp.Rational(val) for name, val in v.counterexample["point"].items()}


# --- the example and its twins -----------------------------------------------

def test_abs_x_equals_x_just_below_zero_is_wrong_at_a_point_inside_the_thin_case():
    v = decide(sp.Abs(x), x, (x > -sp.Rational(1, 10 ** 7),), budget=20)
    assert v.status == "wrong", v
    p = _point(v)["x"]
    assert -sp.Rational(1, 10 ** 7) < p < 0


@pytest.mark.parametrize("lhs, rhs, assume", [
    (sp.Abs(x), x, (x >= 0,)),
    (sp.Abs(x), sp.Max(x, -x), (x > -sp.Rational(1, 10 ** 7),)),
    (relu(x - sp.Rational(1, 3)), x - sp.Rational(1, 3), (x >= sp.Rational(1, 3),)),
])
def test_true_twins_hold(lhs, rhs, assume):
    v = decide(lhs, rhs, assume, budget=20)
    assert v.status == "holds", v


@pytest.mark.parametrize("lhs, rhs, assume, inside", [
    # thin windows at ends with large denominators, in one and in two symbols
    (relu(x - sp.Rational(1, 3)), x - sp.Rational(1, 3), (x > sp.Rational(1, 3) - sp.Rational(1, 10 ** 12),),
     lambda p: sp.Rational(1, 3) - sp.Rational(1, 10 ** 12) < p["x"] < sp.Rational(1, 3)),
    (sp.Abs(x - sp.Rational(1, 2)), x - sp.Rational(1, 2), (x > sp.Rational(1, 2) - sp.Rational(1, 10 ** 9), x < 1),
     lambda p: sp.Rational(1, 2) - sp.Rational(1, 10 ** 9) < p["x"] < sp.Rational(1, 2)),
    (sp.Abs(x + y), x + y, (x > -sp.Rational(1, 10 ** 8), y > 0),
     lambda p: p["x"] + p["y"] < 0 and p["x"] > -sp.Rational(1, 10 ** 8) and p["y"] > 0),
    (sp.Max(x, y), x, (x > 1 - sp.Rational(1, 10 ** 9), y < 1),
     lambda p: p["y"] > p["x"] > 1 - sp.Rational(1, 10 ** 9) and p["y"] < 1),
])
def test_thin_failing_cases_get_a_point_inside(lhs, rhs, assume, inside):
    v = decide(lhs, rhs, assume, budget=20)
    assert v.status == "wrong", v
    assert inside(_point(v)), v.counterexample


def test_an_integer_case_with_no_integer_is_empty_so_the_claim_is_proved():
    # Heaviside(2m - 1) has a case 2m - 1 = 0, which no integer m reaches
    m = sp.Symbol("m", integer=True)
    v = decide(sp.Heaviside(2 * m - 1), 1, (m > 0,), budget=20)
    assert (v.status, v.strength, v.method) == ("holds", "proof", "regions")


def test_a_case_where_no_point_evaluates_is_undecided_and_named():
    # besselj has no certified evaluation here (an undefined f would be sampled by instances)
    v = decide(sp.Abs(x), sp.Piecewise((x, x >= 0), (sp.besselj(0, x), True)), (), budget=20)
    assert v.status == "undecided", v
    assert "x < 0" in v.detail


# --- the exact point search --------------------------------------------------------

@settings(max_examples=200, deadline=None, derandomize=True)
@given(a=st.fractions(-50, 50, max_denominator=10 ** 9), w=st.fractions(0, 3, max_denominator=10 ** 9))
def test_simplest_between_is_strictly_inside_with_the_smallest_denominator(a, w):
    lo, hi = sp.Rational(a.numerator, a.denominator), sp.Rational(a.numerator, a.denominator)
    hi += sp.Rational(w.numerator, w.denominator)
    if hi == lo:
        return
    r = intervals.simplest_between(lo, hi)
    assert lo < r < hi
    for q in range(1, min(int(r.q), 200)):
        # no fraction with a smaller denominator lies strictly inside
        assert not any(lo < sp.Rational(p, q) < hi for p in (sp.floor(lo * q), sp.floor(lo * q) + 1))


def test_simplest_between_with_infinite_ends():
    assert intervals.simplest_between(-sp.oo, sp.Rational(-1, 10 ** 7)) == -1
    assert intervals.simplest_between(sp.Rational(-1, 10 ** 7), 0) == sp.Rational(-1, 10 ** 7 + 1)
    assert intervals.simplest_between(sp.Rational(5, 2), sp.oo) == 3


def test_points_satisfy_a_linear_clause_in_three_symbols_exactly():
    z = sp.Symbol("z", real=True)
    dom = Domain.from_assumptions({x, y, z}, (x > 0, y > 0, z > 0))
    eps = sp.Rational(1, 10 ** 6)
    cons = [(x + y + z, sp.Interval.open(-sp.oo, eps)), (x - 2 * y, sp.Interval.open(0, sp.oo))]
    pts = list(itertools.islice(points._exact_points(cons, [x, y, z], dom.of, sampling._rng(0, "t")), 5))
    assert pts
    for p in pts:
        assert all(v > 0 for v in p.values())
        assert p[x] + p[y] + p[z] < eps and p[x] > 2 * p[y]


def test_integer_points_respect_fractional_bounds():
    m = sp.Symbol("m", integer=True)
    dom = Domain.from_assumptions({m}, (m > -sp.Rational(1, 2), m < sp.Rational(5, 2)))
    pts = list(points._exact_points([(m, sp.Interval.open(0, sp.oo))], [m], dom.of, sampling._rng(0, "i")))
    assert pts and all(p[m] in (1, 2) for p in pts)


# --- piecewise summands ----------------------------------------------------------------

@pytest.mark.parametrize("summand", [sp.Max(0, k - 10), sp.Heaviside(k - 3) * k + sp.Abs(2 * k - 7),
                                     sp.Min(k, 12) - relu(5 - k)])
def test_sums_split_at_index_breakpoints_equal_the_sum_for_every_limit(summand):
    m = sp.Symbol("m", integer=True)
    s = sp.Sum(summand, (k, m - 4, m + 3))
    split = cases.split_sums(s)
    assert not any(b.function.has(*cases.FUNCS) for b in split.atoms(sp.Sum))
    for v in range(-10, 25):   # limits below, across and above the breakpoints; Karr's convention
        assert split.xreplace({m: v}).doit() == s.xreplace({m: v}).doit(), v
    rev = sp.Sum(summand, (k, m, 2))   # reversed ranges as well
    for v in range(-5, 20):
        assert cases.split_sums(rev).xreplace({m: v}).doit() == rev.xreplace({m: v}).doit(), v


def test_a_sum_switching_past_size_seven_is_wrong_at_a_size_past_the_breakpoint():
    v = decide(sp.Sum(sp.Max(0, k - 10), (k, 1, n)), 0, (), budget=20)
    assert v.status == "wrong", v
    assert _point(v)["n"] >= 11


def test_a_sum_split_at_its_breakpoint_is_proved():
    lhs = sp.Sum(relu(k / 10 - 1), (k, 1, n))
    v = decide(lhs, sp.Sum(sp.Max(0, k - 10), (k, 1, n)) / 10, (), budget=20)
    assert (v.status, v.strength) == ("holds", "proof"), v


def test_a_case_node_under_a_bound_variable_needs_every_branch_reached():
    # relu(a) - relu(-a) = a: the entries x[k] take both signs at the sampled points
    v = decide(sp.Sum(relu(X[k]) - relu(-X[k]), (k, 1, n)), sp.Sum(X[k], (k, 1, n)), (), budget=20)
    assert v.status == "holds", v
    # entries that never reach 100 would leave 'holds' resting on one branch only
    v = decide(sp.Sum(relu(X[k] - 100), (k, 1, n)), 0, (), budget=20)
    assert v.status in ("wrong", "undecided"), v
    if v.status == "undecided":
        assert "relu(x[k] - 100)" in v.detail and "x[k] >= 100" in v.detail
    # k + y > 1 for every k >= 1 and y > 0: the branch Max = 1 is never reached by
    # any point, and the breakpoint 1 - y is no index, so nothing splits it
    v = decide(sp.Sum(sp.Max(k + y, 1), (k, 1, n)), n * y + n * (n + 1) / 2, (y > 0,), budget=20)
    assert v.status == "undecided", v
    assert "Max(1, k + y)" in v.detail and "equals 1" in v.detail


def test_the_evaluator_records_the_branch_each_case_node_takes():
    from checks.prove import numeric
    e = sp.Max(x, 1) + sp.Abs(x - 3) + relu(x)
    numeric.RECORD = set()
    try:
        numeric.evaluate(e, {x: sp.Rational(1, 2)}, 64)
        got = numeric.RECORD
    finally:
        numeric.RECORD = None
    pieces = relu(x)._pieces(x)
    assert got == {(sp.Max(x, 1), list(sp.Max(x, 1).args).index(1)), (sp.Abs(x - 3), 0),
                   (pieces, [i for i, (_, c) in enumerate(pieces.args) if c.xreplace({x: sp.Rational(1, 2)})][0])}


def test_a_breakpoint_at_another_integer_symbol_is_split_exactly():
    m, b = sp.symbols("m b", integer=True)
    s = sp.Sum(sp.Max(0, k - m), (k, 1, b))
    split = cases.split_sums(s)
    assert not any(x.function.has(*cases.FUNCS) for x in split.atoms(sp.Sum))
    for mv, bv in itertools.product(range(-3, 8), range(-3, 10)):
        assert split.xreplace({m: mv, b: bv}).doit() == s.xreplace({m: mv, b: bv}).doit(), (mv, bv)


def test_a_breakpoint_at_a_real_symbol_is_left_alone():
    s = sp.Sum(sp.Max(0, k - x), (k, 1, n))
    assert cases.split_sums(s) == s


def test_peeling_the_last_term_of_a_piecewise_sum_is_proved():
    # the case t - 1 < n < t is empty for integers: proved, not left untested
    t = sp.Symbol("t", integer=True)
    lhs = sp.Sum(relu(k - t), (k, 1, n))
    v = decide(lhs, sp.Sum(relu(k - t), (k, 1, n - 1)) + relu(n - t), (), budget=20)
    assert (v.status, v.strength) == ("holds", "proof"), v
    v = decide(lhs, sp.Sum(relu(k - t), (k, 1, n - 1)) + relu(n - t - 1), (), budget=20)
    assert v.status == "wrong", v


def test_a_case_empty_by_signs_is_not_left_untested():
    # x >= 0, y >= 0 and x*y < 0 has no point; it is recognised as empty
    v = decide(sp.Abs(x * y), sp.Abs(x) * sp.Abs(y), (), budget=20)
    assert v.status == "holds", v
    cons = [(x, sp.Interval(0, sp.oo)), (y, sp.Interval(0, sp.oo)), (x * y, sp.Interval.open(-sp.oo, 0))]
    dom = Domain.from_assumptions({x, y}, ())
    assert points.case_is_empty(cons, {x, y}, dom.of)
    cons[2] = (x * y, sp.Interval.open(0, sp.oo))
    assert not points.case_is_empty(cons, {x, y}, dom.of)


@pytest.mark.parametrize("cons, dom, expect", [
    # (x - 1)**2 < 0: empty, exactly; <= 0: only x = 1
    ([(x ** 2 - 2 * x + 1, sp.Interval.open(-sp.oo, 0))], (), sp.EmptySet),
    ([(x ** 2 - 2 * x + 1, sp.Interval(-sp.oo, 0))], (), sp.FiniteSet(1)),
    # x**2 = 2 has only irrational points: unknown, never "empty"
    ([(x ** 2 - 2, sp.Interval(0, 0))], (), None),
])
def test_polynomial_clauses_in_one_symbol_are_solved_exactly(cons, dom, expect):
    d = Domain.from_assumptions({x}, dom)
    assert intervals.feasible(cons, x, d.of(x)) == expect


def test_a_thin_window_between_two_close_roots_gets_a_point():
    # x**2 - 2x in (-10**-12, 0) with x > 1: 2 - 5e-13 < x < 2
    cons = [(x ** 2 - 2 * x, sp.Interval.open(-sp.Rational(1, 10 ** 12), 0))]
    d = Domain.from_assumptions({x}, (x > 1,))
    got = intervals.feasible(cons, x, d.of(x))
    p = intervals.picks(got, False, sampling._rng(0, "w"))
    assert p and all(-sp.Rational(1, 10 ** 12) < v ** 2 - 2 * v < 0 and v > 1 for v in p)
