"""Sampling at the edges of the domain (issue 11): counterexamples always inside
the assumptions, points inside every window however thin, integer sizes past the
small ones, vector entries that vary point by point, large values in several
symbols at once, and no 'holds' over a region where nothing could be evaluated.

Claims are decided through the same path as `derivcheck verify` (parse_claim,
then decide); every counterexample is re-checked here against the assumptions
with SymPy's exact relations and re-evaluated with mpmath at 60 digits.
"""
import mpmath
import pytest
import sympy as sp

from checks.io.cli_main import main
from checks.text.parse import parse_claim
from checks.prove import sampling, windows
from checks.prove.breakpoints import breakpoints, integer_sizes
from checks.prove.decide import decide
from checks.prove.domains import AssumptionError, Domain, Interval
from checks.prove.indexed import _IndexedValues
from checks.prove.search import satisfies


def verify(claim, *assume, seed=0, key=""):
    lhs, rhs, rels = parse_claim(claim, assume)
    return decide(lhs, rhs, rels, seed=seed, key=key), lhs, rhs, rels


def point_of(v, lhs, rhs, rels):
    """The counterexample's scalar values as {Symbol: Rational}, read back exactly."""
    names = {str(s): s for e in (lhs, rhs, *rels) for s in e.free_symbols}
    return {names[k]: sp.Rational(val) for k, val in v.counterexample["point"].items() if k in names}


def assert_inside(v, lhs, rhs, rels):
    """The counterexample satisfies every assumption exactly and really refutes."""
    point = point_of(v, lhs, rhs, rels)
    for s, val in point.items():
        if s.is_integer:
            assert val.is_integer, f"{s} = {val} is not an integer"
    for rel in rels:
        assert rel.xreplace(point) is sp.true, f"{rel} fails at {point}"
    mpmath.mp.dps = 60
    sub = {s: mpmath.mpf(val.p) / val.q for s, val in point.items()}
    scalars = {s: sp.Rational(p) for s, p in point.items()}
    l, r = (sp.sympify(e).xreplace(scalars).doit() for e in (lhs, rhs))
    atoms = {str(a): a for e in (l, r) for a in e.atoms(sp.Indexed)}
    entries = {atoms[k]: sp.Rational(x) for k, x in v.counterexample["point"].items() if k in atoms}
    l, r = l.xreplace(entries), r.xreplace(entries)
    assert abs(sp.N(l - r, 60)) > 0, f"no difference at {sub}"


# --- 1. counterexamples inside the domain -------------------------------------------

def test_integer_with_fractional_bounds_has_one_value_and_the_claim_holds_there():
    v, *_ = verify("n = 0", "n integer", "n > -1/2", "n < 1/2")
    assert (v.status, v.strength) == ("holds", "exhaustive")
    assert "n = 0" in v.method


def test_cli_integer_with_fractional_bounds(capsys):
    code = main(["verify", "n = 0", "--assume", "n integer", "--assume", "n > -1/2", "--assume", "n < 1/2"])
    out, _ = capsys.readouterr()
    assert code == 0 and out.startswith("holds (exhaustive")
    code = main(["verify", "n = 0", "--assume", "n integer", "--assume", "n > 1/3", "--assume", "n < 2/3"])
    _, err = capsys.readouterr()
    assert code == 2 and "no integer value for n" in err and "Traceback" not in err


def test_integer_with_fractional_bounds_refuted_only_inside_them():
    v, lhs, rhs, rels = verify("n = 1", "n integer", "n > -1/2", "n < 1/2")
    assert v.status == "wrong"
    assert v.counterexample["point"] == {"n": "0"}
    assert_inside(v, lhs, rhs, rels)


def test_integer_bounds_move_inward_and_an_empty_integer_range_is_refused():
    n = sp.Symbol("n", integer=True)
    iv = Domain.from_assumptions({n}, [n > -sp.Rational(1, 2), n <= sp.Rational(7, 2)]).of(n)
    assert (iv.lo, iv.lo_open, iv.hi, iv.hi_open) == (0, False, 3, False)
    with pytest.raises(AssumptionError, match="no integer value for n"):
        Domain.from_assumptions({n}, [n > sp.Rational(1, 3), n < sp.Rational(2, 3)])


@pytest.mark.parametrize("claim, assume", [
    ("n**2 = n + 2", ["n integer", "n > -3/2", "n < 5/2"]),
    ("Max(n, 1) = n", ["n integer", "n >= -7/3", "n <= 1/2"]),
    ("Abs(x) = x", ["x > -1/10**7"]),
    ("Abs(x - 1/3) = x - 1/3", ["x > 1/3 - 1/10**12", "x < 5"]),
    ("relu(x) = 0", ["x > -1/7", "x < 1/10**9"]),
])
def test_every_counterexample_satisfies_every_assumption(claim, assume):
    v, lhs, rhs, rels = verify(claim, *assume)
    assert v.status == "wrong"
    assert_inside(v, lhs, rhs, rels)


def test_exhaustive_only_when_every_point_is_read_exactly():
    v, *_ = verify("n**2 = n", "n integer", "n >= 0", "n <= 1")
    assert (v.status, v.strength) == ("holds", "exhaustive")
    # atan(n) + atan(1/n) = pi/2 agrees in balls at n = 1..9, but no exact reading
    # of it is zero: the points are consistent, not decided exactly.
    n = sp.Symbol("n", integer=True)
    v = decide(sp.atan(n) + sp.atan(1 / n), sp.pi / 2, [n >= 1, n <= 9])
    assert (v.status, v.strength) == ("holds", "numeric")


def test_satisfies_checks_integer_ness_bounds_and_relations_exactly():
    x = sp.Symbol("x", real=True)
    n = sp.Symbol("n", integer=True)
    rels = [x > -sp.Rational(1, 10 ** 7), n >= 1]
    dom = Domain.from_assumptions({x, n}, rels)
    assert satisfies({x: sp.Rational(-1, 10 ** 8), n: 1}, dom, rels)
    assert not satisfies({x: sp.Rational(-1, 10 ** 7), n: 1}, dom, rels)
    assert not satisfies({x: 0, n: sp.Rational(3, 2)}, dom, rels)
    assert not satisfies({x: sp.sqrt(2), n: 1}, dom, rels)


# --- 2. exact interval ends, windows and thin regions --------------------------------

INTERVALS = [
    Interval(-sp.Rational(1, 10 ** 7), sp.oo, True, True),
    Interval(sp.Rational(1, 3), sp.Rational(1, 3) + sp.Rational(1, 10 ** 12), True, True),
    Interval(-sp.Rational(10 ** 30 + 1, 10 ** 30), -1, False, True),
    Interval(sp.Rational(800), sp.oo, True, True),
    Interval(-sp.oo, sp.Rational(-1, 3 * 10 ** 40), True, False),
]


@pytest.mark.parametrize("iv", INTERVALS)
def test_edge_values_lie_inside_the_interval_and_every_window_gets_one(iv):
    bps = [sp.Rational(1, 3) + sp.Rational(1, 2 * 10 ** 12), sp.sqrt(2), 0, sp.Rational(-1, 10 ** 8)]
    values = sampling.edge_values(iv, bps)
    assert values and all(iv.contains(v) for v in values)
    for a, b in windows.windows(iv, bps):
        assert any((a is None or v > a) and (b is None or v < b) for v in values), (a, b)


def test_round_into_keeps_a_value_strictly_inside_a_thin_window():
    a = sp.Rational(1, 3)
    b = a + sp.Rational(1, 10 ** 50)
    v = windows.round_into((a + b) / 2, a, b)
    assert a < v < b and v.q & (v.q - 1) == 0   # a dyadic, inside


def test_a_window_of_width_1e_7_at_an_interval_end_is_sampled():
    v, lhs, rhs, rels = verify("Abs(x) = x", "x > -1/10**7")
    assert v.status == "wrong"
    assert -sp.Rational(1, 10 ** 7) < point_of(v, lhs, rhs, rels)[sp.Symbol("x", real=True)] < 0


def test_thin_region_between_two_breakpoints():
    v, lhs, rhs, rels = verify("relu(x - 1/3)*relu(1/3 + 10**-9 - x) = 0")
    assert v.status == "wrong"
    x = point_of(v, lhs, rhs, rels)[sp.Symbol("x", real=True)]
    assert sp.Rational(1, 3) < x < sp.Rational(1, 3) + sp.Rational(1, 10 ** 9)
    twin, *_ = verify("relu(x - 1/3)*relu(1/3 - 10**-9 - x) = 0")
    assert twin.status == "holds"


def test_window_below_an_irrational_breakpoint_thinner_than_any_fixed_bracket():
    v, lhs, rhs, rels = verify("Abs(x - sqrt(3)) = x - sqrt(3)", "x > sqrt(3) - 10**-20")
    assert v.status == "wrong"
    x = point_of(v, lhs, rhs, rels)[sp.Symbol("x", real=True)]
    assert sp.sqrt(3) - sp.Rational(1, 10 ** 20) < x < sp.sqrt(3)
    twin, *_ = verify("Abs(x - sqrt(3)) = x - sqrt(3)", "x >= sqrt(3)")
    assert twin.status == "holds"


# --- 3. integer sizes past the small ones --------------------------------------------

def test_integer_edges_stay_inside_fractional_bounds():
    iv = Interval(-sp.Rational(1, 2), sp.Rational(1, 2), True, True, integer=True)
    assert sampling.edge_values(iv) == [0]
    assert sampling.integer_range(Interval(sp.Integer(2), sp.Integer(5), True, True, True)) == (3, 4)


def test_integer_edges_of_a_range_bounded_above_only():
    iv = Interval(sp.S.NegativeInfinity, -sp.Rational(39, 2), True, True, integer=True)
    values = sampling.edge_values(iv)
    assert values and all(iv.contains(v) for v in values) and values[0] == -20
    rng = sampling._rng(0, "k")
    assert all(iv.contains(sampling.random_value(iv, rng)) for _ in range(50))


def test_integer_edges_reach_breakpoints_and_sizes_read_off_the_claim():
    iv = Interval(sp.Integer(1), sp.oo, False, True, integer=True)
    values = sampling.edge_values(iv, [sp.Integer(25)], [40])
    assert {24, 25, 26, 39, 40, 41} <= set(values)
    assert all(iv.contains(v) for v in values)
    n = sp.Symbol("n", integer=True)
    assert 10 in integer_sizes(sp.floor(n / 10))


def test_breakpoint_of_a_summand_moves_to_the_sums_upper_limit():
    n, k = sp.Symbol("n", integer=True), sp.Symbol("k", integer=True)
    bps = breakpoints(sp.Sum(sp.Max(0, k - 10), (k, 1, n)))
    assert 10 in bps[n]
    j, t = sp.Symbol("j", integer=True), sp.Symbol("t", integer=True)
    nested = sp.Sum(sp.Sum(sp.Max(0, k - 30), (k, 0, j)), (j, 1, t))
    assert 30 in breakpoints(nested)[t]


def test_piecewise_inside_a_sum_is_refuted_past_size_10():
    v, lhs, rhs, rels = verify("Sum(Max(0, k - 10), (k, 1, n)) = 0", "n integer", "n >= 1")
    assert v.status == "wrong"
    assert int(v.counterexample["point"]["n"]) >= 11
    assert_inside(v, lhs, rhs, rels)


def test_piecewise_inside_a_sum_true_twin_is_not_refuted():
    v, *_ = verify("Sum(Max(0, k - 10), (k, 1, n)) = Max(0, n - 10)*(Max(0, n - 10) + 1)/2",
                   "n integer", "n >= 1")
    assert v.status in ("holds", "undecided")


def test_a_size_past_the_sum_limit_is_sampled_when_no_sum_is_involved():
    v, *_ = verify("Min(n, 20000) = n", "n integer", "n >= 1")
    assert v.status == "wrong" and v.counterexample["point"]["n"] == "20001"


def test_size_out_of_reach_of_term_by_term_sums_is_undecided():
    v, *_ = verify("Sum(Max(0, k - 50000), (k, 1, n)) = 0", "n integer", "n >= 1")
    assert v.status == "undecided" and "n = 50000" in v.detail


# --- 4. vector entries vary point by point ---------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_max_of_two_entries_is_refuted_for_any_seed(seed):
    v, *_ = verify("Max(x[1], x[2]) = x[1]", seed=seed, key=f"claim{seed}")
    assert v.status == "wrong"


@pytest.mark.parametrize("claim", ["Heaviside(x[1] - x[2])*Heaviside(x[2] - x[1]) = 0",   # ties
                                   "Heaviside(x[1])*Heaviside(-x[1]) = 0"])              # zeros
def test_vector_traps_at_equal_and_zero_entries(claim):
    v, lhs, rhs, rels = verify(claim)
    assert v.status == "wrong"
    assert_inside(v, lhs, rhs, rels)


def test_entries_vary_even_when_the_sizes_are_a_small_finite_grid():
    # n takes 2 values only; the zero entry comes from a later point's pattern.
    v, lhs, rhs, rels = verify("Sum(Heaviside(x[k])*Heaviside(-x[k]), (k, 1, n)) = 0",
                               "n integer", "n >= 1", "n <= 2")
    assert v.status == "wrong"
    assert_inside(v, lhs, rhs, rels)


def test_indexed_values_reproducible_per_seed_and_varied_per_point():
    X = sp.IndexedBase("x")
    atoms = [X[i] for i in range(1, 5)]

    def draw(seed, index):
        vals = _IndexedValues(seed, "key", index=index)
        return [vals(a) for a in atoms]

    assert draw(3, 5) == draw(3, 5)
    per_point = [tuple(draw(3, i)) for i in range(12)]
    assert len(set(per_point)) >= 10
    shapes = [set(p) for p in per_point]
    assert any(len(s) == 1 for s in shapes)                          # all equal
    assert any(s == {0} for s in shapes)                             # zeros
    assert any(max(abs(v) for v in p) >= 100 for p in per_point)     # large
    assert any(min(p) < 0 < max(p) for p in per_point)               # mixed signs


# --- 5. large magnitudes in several symbols at once ------------------------------------

def test_points_include_large_values_of_opposite_sign_in_two_symbols():
    x, y = sp.symbols("x y", real=True)
    pts = list(sampling.points([x, y], Domain.from_assumptions({x, y}), 48, 0, "k"))
    assert any(p[x] >= 100 and p[y] <= -100 for p in pts)
    assert any(abs(p[x]) >= 100 and abs(p[y]) < 1 for p in pts)


def test_large_difference_of_two_symbols_is_refuted():
    v, lhs, rhs, rels = verify("Min(Abs(x - y), 1000) = Abs(x - y)")
    assert v.status == "wrong"
    assert_inside(v, lhs, rhs, rels)


# --- 6. coverage: no 'holds' over a region never evaluated ------------------------------

def test_negative_bases_never_evaluated_make_the_claim_undecided():
    v, *_ = verify("(x**a)**b = x**(a*b)")
    assert v.status == "undecided"
    assert "x < 0" in v.detail


def test_same_claim_on_positive_bases_is_decided():
    v, *_ = verify("(x**a)**b = x**(a*b)", "x > 0")
    assert v.status == "holds"


def test_windows_cut_at_zero_and_breakpoints():
    iv = Interval(-sp.Integer(2), sp.oo, True, True)
    assert windows.windows(iv, [sp.Integer(1)]) == [(-2, 0), (0, 1), (1, None)]
    assert windows.describe("x", (None, 0)) == "x < 0"
