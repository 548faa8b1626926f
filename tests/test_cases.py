"""The case split behind ``regions``: the cases cover the plane, and each case's
value is the expression's value wherever its conditions hold."""
import itertools

import pytest
import sympy as sp

from checks.dl import hardtanh, leaky_relu, relu, threshold
from checks.prove import cases, sums

x, y = sp.symbols("x y", real=True)
z = sp.Symbol("z")  # no assumptions: not known to be real
k, n = sp.symbols("k n", integer=True, positive=True)

EXPRESSIONS = [
    sp.Max(0, x - y) + sp.Max(0, x - y),
    sp.Max(x, sp.Min(1, y), -x),
    sp.Abs(x - 1) - sp.Abs(y) * sp.sign(x),
    sp.Heaviside(x) * relu(y - x) + hardtanh(x + y),
    leaky_relu(x, sp.Rational(1, 10)) - threshold(sp.Max(x, y)),
    sp.Piecewise((x, x > y), (y ** 2, sp.Or(x < -1, y > 2)), (0, True)) + sp.Abs(x),
    relu(relu(x) - 1) - sp.Max(0, x - 1),
]
GRID = [sp.Rational(p, 2) for p in range(-5, 6)]  # breakpoints and points between


@pytest.mark.parametrize("e", EXPRESSIONS, ids=str)
def test_some_case_holds_and_every_case_that_holds_has_the_value(e):
    split = cases.case_split(e)
    for px, py in itertools.product(GRID, GRID):
        at = {x: px, y: py}
        holding = [v for v, conds in split if all(bool(c.xreplace(at)) for c in conds)]
        assert holding, at
        value = e.xreplace(at).rewrite(sp.Piecewise)  # leaky_relu(-5/2, 1/10) -> -1/4
        assert value.is_Rational
        assert all(v.xreplace(at) == value for v in holding), at


def test_cases_of_the_activation_functions_are_exclusive():
    split = cases.case_split(sp.Max(x, sp.Min(1, y), -x) + relu(y) - hardtanh(x) + sp.sign(x - y))
    for px, py in itertools.product(GRID, GRID):
        at = {x: px, y: py}
        assert sum(all(bool(c.xreplace(at)) for c in conds) for _, conds in split) == 1, at


def test_a_repeated_node_takes_one_branch():
    # max(0, x - y) twice: two cases, not four of which two are contradictory
    assert len(cases.case_split(sp.Max(0, x - y) + 3 * sp.Max(0, x - y))) == 2


def test_values_and_conditions_are_free_of_case_functions():
    for e in EXPRESSIONS:
        for v, conds in cases.case_split(e):
            assert not v.has(*cases.FUNCS)
            assert all(isinstance(c, sp.Rel) and not c.has(*cases.FUNCS) for c in conds)


@pytest.mark.parametrize("e, why", [
    (sp.Abs(z), "not known to be real"),
    (sp.Sum(relu(sp.Indexed("w", k)), (k, 1, n)), "bound variable"),
    (sum(sp.Max(0, x - i) for i in range(9)), "more than"),
])
def test_refused(e, why):
    with pytest.raises(cases.Unsplittable, match=why):
        cases.case_split(e)


def test_delta_sums_pick_the_index_when_the_assumptions_place_it():
    j, m = sp.Symbol("j", integer=True, positive=True), sp.Symbol("m", integer=True, nonnegative=True)
    f = sp.Function("f")
    inside = sp.Sum(f(k) * sp.KroneckerDelta(k, j), (k, 1, j + m))
    assert sums.normal_sums(inside) == f(j)
    outside = sp.Sum(f(k) * sp.KroneckerDelta(k, j + m + 1), (k, 1, j + m))
    assert sums.normal_sums(outside) == 0
    unknown = sp.Sum(f(k) * sp.KroneckerDelta(k, j), (k, 2, n))   # 2 <= j is not settled
    assert sums.normal_sums(unknown).has(sp.KroneckerDelta)
