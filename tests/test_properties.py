"""Property-based tests over generated expression pairs (hypothesis).

For any pair the engine must return a verdict (never raise); every `wrong`
counterexample must refute the claim when re-evaluated independently (SymPy
evalf / mpmath at 60 digits, a different code path from the arb balls), and
every `holds` with strength `proof` must survive a numeric spot check.
"""
import os

import sympy as sp
from hypothesis import HealthCheck, given, settings, strategies as st

from checks.dl import sigmoid, softplus, relu, hardtanh
from checks.model.verdict import STATUSES
from checks.prove.decide import decide

x, y = sp.symbols("x y", real=True)
LEAVES = st.sampled_from([x, y, sp.Integer(1), sp.Integer(2), sp.Rational(1, 2), -x])
UNARY = [sigmoid, softplus, relu, hardtanh, sp.tanh, sp.exp, lambda e: -e]
BINARY = [lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b]


def expressions():
    return st.recursive(
        LEAVES,
        lambda inner: st.one_of(
            st.builds(lambda f, a: f(a), st.sampled_from(UNARY), inner),
            st.builds(lambda f, a, b: f(a, b), st.sampled_from(BINARY), inner, inner)),
        max_leaves=5)


EQUAL_BY_CONSTRUCTION = [
    lambda e: e.rewrite(sp.exp),                     # same function, other form
    lambda e: sp.expand(e),
    lambda e: e.xreplace({sigmoid(x): 1 - sigmoid(-x)}),
    lambda e: e + 0 * x,
]


def _independent(expr, point):
    e = sp.sympify(expr).xreplace(point).rewrite(sp.exp).rewrite(sp.Piecewise)
    return sp.N(e, 60)


def _check_verdict(lhs, rhs, v):
    assert v.status in STATUSES
    if v.status == "wrong" and v.counterexample and "point" in v.counterexample:
        point = {sp.Symbol(k, real=True): sp.Rational(val) for k, val in v.counterexample["point"].items()}
        diff = _independent(lhs, point) - _independent(rhs, point)
        assert diff.is_number and abs(diff) > sp.Float("1e-50"), (lhs, rhs, v.counterexample, diff)
    if v.status == "holds" and v.strength == "proof":
        for px, py in [(sp.Rational(3, 7), sp.Rational(-5, 3)), (sp.Rational(-11, 4), sp.Rational(2, 9))]:
            a, b = _independent(lhs, {x: px, y: py}), _independent(rhs, {x: px, y: py})
            if a.is_real and b.is_real:
                assert abs(a - b) <= sp.Float("1e-40") * (1 + abs(a)), (lhs, rhs, v)


# 40 examples per test in CI; DERIVCHECK_HYPOTHESIS_EXAMPLES=400 for a thorough local run.
EXAMPLES = int(os.environ.get("DERIVCHECK_HYPOTHESIS_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(expressions(), expressions())
def test_random_pairs(lhs, rhs):
    _check_verdict(lhs, rhs, decide(lhs, rhs, (), budget=5))


@SETTINGS
@given(expressions(), st.sampled_from(EQUAL_BY_CONSTRUCTION))
def test_equal_pairs_are_never_wrong(e, transform):
    other = transform(e)
    v = decide(e, other, (), budget=5)
    _check_verdict(e, other, v)
    assert v.status != "wrong", (e, other, v)


@SETTINGS
@given(expressions(), st.sampled_from([sp.Rational(1, 1000), sp.Integer(1), x / 1000]))
def test_perturbed_pairs_are_never_proved(e, eps):
    v = decide(e, e + eps, (), budget=5)
    _check_verdict(e, e + eps, v)
    assert not (v.status == "holds" and v.strength == "proof"), (e, v)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
       st.lists(expressions(), min_size=18, max_size=18))
def test_dl_matmul_is_sympys_matrix_product(n, k, m, entries):
    from checks.dl import matmul
    A = sp.Matrix(n, k, entries[:n * k])
    B = sp.Matrix(k, m, entries[9:9 + k * m])
    assert matmul(A, B) == A * B


def test_dl_matmul_refuses_mismatched_shapes():
    import pytest
    from checks.dl import matmul
    with pytest.raises(ValueError, match="cannot multiply a 2x3 by a 2x3 matrix"):
        matmul(sp.ones(2, 3), sp.ones(2, 3))
