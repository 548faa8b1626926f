"""The agreement cut of ``comparison.compare``: a point is consistent only once the
difference of the sides is certified below the claim's own scale there.

Gaps that a fixed 256-bit cut calls agreement (sigmoid(801) = 1 - e^-801, an
offset of 10**-2000) must come out as certified differences; true identities at
the same points must not; a point whose scale is beyond the cap is no evidence.
"""
import itertools
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from checks.dl import sigmoid, softplus
from checks.prove import comparison, search
from checks.prove.decide import decide
from checks.prove.domains import Domain

x = sp.Symbol("x", real=True)
HIDDEN_GAP = 1 / (1 + sp.exp(-x))   # sigmoid written out: 1 - it is e^-x, hidden for large x


def _gap(expr_l, expr_r, at, digits):
    """|lhs - rhs| at a point, independently, with mpmath at ``digits`` digits."""
    with mpmath.workdps(digits):
        f = lambda e: sp.N(e.rewrite(sp.exp).xreplace(at), digits)
        return abs(f(sp.sympify(expr_l)) - f(sp.sympify(expr_r)))


# --- the examples ------------------------------------------------------------

def test_sigmoid_equal_one_beyond_800_is_wrong_with_a_certified_point():
    v = decide(sigmoid(x), 1, (x > 800,), budget=20)
    assert v.status == "wrong", v
    point = sp.Rational(v.counterexample["point"]["x"])
    assert point > 800
    bits = v.counterexample["precision_bits"]
    assert bits > 1154                      # e^-800 ~ 2^-1154: below that nothing separates
    assert _gap(sigmoid(x), 1, {x: point}, bits // 3 + 50) > 0


def test_offset_of_ten_to_minus_2000_is_wrong():
    v = decide(sigmoid(x), 1 / (1 + sp.exp(-x)) + sp.Integer(10) ** -2000, (), budget=20)
    assert v.status == "wrong", v
    assert v.counterexample["precision_bits"] > 6644   # 10**-2000 ~ 2^-6644


def test_true_twin_beyond_800_holds():
    v = decide(sigmoid(x), 1 / (1 + sp.exp(-x)), (x > 800,), budget=20)
    assert v.status == "holds", v


def test_true_twin_beyond_800_is_consistent_at_every_sampled_point():
    # through the sampler, not a proof: every point must reach agreement at its scale
    dom = Domain.from_assumptions({x}, (x > 800,))
    cex, valid = search.find_counterexample(sigmoid(x), HIDDEN_GAP, dom, 24, 0, "twin")
    assert cex is None and valid == 24


def test_false_one_beyond_800_is_refuted_by_the_sampler_at_its_first_point():
    dom = Domain.from_assumptions({x}, (x > 800,))
    cex, valid = search.find_counterexample(HIDDEN_GAP, sp.Integer(1), dom, 24, 0, "gap")
    assert cex is not None and valid == 0


# --- gaps at the edges of fixed precisions ------------------------------------------

@pytest.mark.parametrize("at, below", [(89, 128), (181, 256), (1420, 2048), (1425, 2048)])
def test_hidden_gaps_just_below_a_power_of_two_are_certified(at, below):
    # 1/(1 + e^-x) - 1 = -e^-x/(1 + e^-x), just below 2^-below at these points
    gap = _gap(HIDDEN_GAP, 1, {x: at}, 1000)
    assert gap < mpmath.mpf(2) ** -below
    c = comparison.compare(HIDDEN_GAP, 1, {x: sp.Integer(at)})
    assert c.differ
    assert not (c.lhs - c.rhs).contains(0)


@pytest.mark.parametrize("k", [129, 257, 2049])
def test_exact_offsets_just_below_a_power_of_two_are_certified(k):
    c = comparison.compare(sigmoid(x) + sp.Rational(1, 2 ** k), sigmoid(x), {x: sp.Rational(1, 3)})
    assert c.differ and c.prec > k


@pytest.mark.parametrize("at", [89, 181, 1420])
def test_true_identities_at_the_same_points_agree(at):
    c = comparison.compare(sigmoid(x), HIDDEN_GAP, {x: sp.Integer(at)})
    assert not c.differ


def test_decide_finds_the_gaps_below_2_to_the_128_and_2048():
    for lo in (89, 1420):
        v = decide(HIDDEN_GAP, 1, (x > lo,), budget=20)
        assert v.status == "wrong", (lo, v)


def test_common_claims_settle_at_256_bits():
    c = comparison.compare(sp.tanh(x) + 1, 2 * sigmoid(2 * x), {x: sp.Rational(3, 4)})
    assert not c.differ and c.prec == 256


def test_a_scale_beyond_the_cap_is_no_evidence_either_way():
    # e^-100000 ~ 2^-144270: more bits than CAP; neither consistent nor a counterexample
    # (10**400: a magnitude no float holds)
    for at, rhs in itertools.product((100000, 10 ** 400), (HIDDEN_GAP, 1)):
        with pytest.raises(comparison.Unresolved):
            comparison.compare(sigmoid(x), rhs, {x: sp.Integer(at)})


def test_the_scale_sees_constants_hidden_exponentials_and_addends():
    sc = comparison.claim_scale([sigmoid(x) + sp.Rational(1, 2 ** 300)], {x: sp.Integer(1)})
    assert sc.lo <= -300
    sc = comparison.claim_scale([softplus(x)], {x: sp.Integer(700)})
    assert sc.lo < -1000                    # e^-700 inside log(1 + e^-700)
    sc = comparison.claim_scale([sp.exp(x) + 1], {x: sp.Integer(100)})
    assert sc.bits >= 144


# --- properties: differ only on disjoint balls; tiny gaps never consistent ----------

TRUE_PAIRS = [
    (sigmoid(x), 1 / (1 + sp.exp(-x))),
    (sp.tanh(x), 2 * sigmoid(2 * x) - 1),
    (softplus(x) - softplus(-x), x),
    (sp.exp(x) * sp.exp(-x), sp.Integer(1)),
    (sp.log(1 + sp.exp(x)), softplus(x)),
]
points = st.builds(lambda n, d: sp.Rational(n, d), st.integers(-3000 * 64, 3000 * 64), st.integers(1, 64))


def _outcome(lhs, rhs, at):
    try:
        return comparison.compare(lhs, rhs, at)
    except comparison.Unresolved:
        return None


@settings(max_examples=60, deadline=None, derandomize=True)
@given(pair=st.sampled_from(TRUE_PAIRS), q=points)
def test_true_identities_never_differ_and_differ_means_disjoint(pair, q):
    c = _outcome(*pair, {x: q})
    if c is not None:
        assert c.differ == (not c.lhs.overlaps(c.rhs))
        assert not c.differ


@settings(max_examples=60, deadline=None, derandomize=True)
@given(pair=st.sampled_from(TRUE_PAIRS), q=points, k=st.integers(1, 4000))
def test_an_offset_of_two_to_minus_k_is_never_called_consistent(pair, q, k):
    lhs, rhs = pair
    c = comparison.compare(lhs, rhs + sp.Rational(1, 2 ** k), {x: q})
    assert c.differ
    assert not c.lhs.overlaps(c.rhs)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(q=st.builds(Fraction, st.integers(0, 2500 * 16), st.just(16)))
def test_a_hidden_gap_is_never_called_consistent(q):
    c = comparison.compare(HIDDEN_GAP, 1, {x: sp.Rational(q.numerator, q.denominator)})
    assert c.differ and not c.lhs.overlaps(c.rhs)


def test_evidence_of_a_gap_below_the_printed_digits_carries_the_certified_difference():
    # sigmoid(801) and 1 print alike at 12 digits: the record shows lhs - rhs, and
    # that difference is the one an independent evaluation finds (-e^-801 to 5 digits)
    v = decide(sigmoid(x), 1, (x > 800,))
    ce = v.counterexample
    assert v.status == "wrong" and "difference" in ce, ce
    at = sp.Rational(ce["point"]["x"])
    shown = sp.Float(ce["difference"].strip("[]").split(" +/- ")[0], 30)
    true = -sp.exp(-at) / (1 + sp.exp(-at))   # sigmoid(a) - 1, exactly
    assert abs(shown / sp.N(true, 30) - 1) < sp.Float("1e-4"), (shown, sp.N(true, 10))
    # sides that print differently carry no difference (it would only repeat them)
    v = decide(sp.Abs(x), x, (x > -sp.Rational(1, 10 ** 7),))
    assert v.status == "wrong" and "difference" not in v.counterexample
