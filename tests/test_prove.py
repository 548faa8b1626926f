"""The decision procedure on tables of true, false and undecidable claims.

Each row states the claim and what is mathematically true about it; the test
asserts what the engine computes: the status, the method family that settled
it, and for every `wrong` that the counterexample really refutes the claim
(re-evaluated here independently with mpmath at 100 digits).
"""
import mpmath
import pytest
import sympy as sp

from checks.dl import sigmoid, softplus, relu, hardtanh, swish, leaky_relu, threshold
from checks.prove.decide import decide

x, y, z, v, s, a, b, lam = sp.symbols("x y z v s a b lam", real=True)
n = sp.Symbol("n", integer=True, positive=True)
t = sp.Symbol("t", integer=True, positive=True)
k, j = sp.symbols("k j", integer=True)
X = sp.IndexedBase("x")

TRUE = [  # (lhs, rhs, assume, method that must prove it)
    (sigmoid(-v), 1 - sigmoid(v), (), "exp-rational"),
    (sp.tanh(x) + 1, 2 * sigmoid(2 * x), (), "exp-rational"),
    (sp.Derivative(sigmoid(z), z), sigmoid(z) * sigmoid(-z), (), "exp-rational"),
    (sp.log(sigmoid(z) / (1 - sigmoid(z))), z, (), "exp-rational"),
    (softplus(x) - softplus(-x), x, (), "exp-rational"),
    (sp.Derivative(softplus(x), x), sigmoid(x), (), "structural"),
    (sp.log(x * y), sp.log(x) + sp.log(y), (x > 0, y > 0), "expand"),
    ((x + 1) ** 2, x ** 2 + 2 * x + 1, (), "expand"),
    (sp.Sum(sp.exp(X[j]) / sp.Sum(sp.exp(X[k]), (k, 1, n)), (j, 1, n)), 1, (), "sums"),
    ((1 - b) * sp.Sum(b ** (t - k), (k, 1, t)), 1 - b ** t, (b > 0, b < 1), "sums"),
    (sp.Sum(k, (k, 1, n)), n * (n + 1) / 2, (), "sums"),
]

REGIONS = [  # true claims that need the piecewise split
    (hardtanh(-v), -hardtanh(v), ()),
    (relu(x), (x + sp.Abs(x)) / 2, ()),
    (sp.Max(0, a - y * a * s), a * sp.Max(0, 1 - y * s), (a > 0,)),
    (relu(x) - relu(-x), x, ()),
    (threshold(x) + threshold(-x), 1 + sp.Piecewise((1, sp.Eq(x, 0)), (0, True)), ()),
]

FALSE = [  # near misses, several of which plain float evaluation gets wrong
    (sigmoid(x + 800), 1, ()),                    # float64: sigmoid(800) == 1.0 exactly
    (sp.log(1 + sp.exp(x)) - x, sp.exp(-x), ()),  # float64 agrees near x = 700
    (x + sp.Rational(1, 10 ** 30), x, ()),        # only high precision sees the offset
    (relu(x - 100), 0, ()),                       # fails only for x > 100
    (sigmoid(-v), 1 + sigmoid(v), ()),
    (sp.tanh(x) + 1, 2 * sigmoid(x), ()),
    (sp.Derivative(sigmoid(z), z), sigmoid(z) * (1 + sigmoid(z)), ()),
    ((1 - b) * sp.Sum(b ** (t - k), (k, 1, t)), (1 - b) * (1 - b / (1 - b)), (b > 0, b < 1)),
    (sp.Sum(k, (k, 1, n)), n * (n - 1) / 2, ()),
    (sp.sqrt(x ** 2), x, ()),
    (swish(x, 1), x * sigmoid(2 * x), ()),
    (leaky_relu(x, sp.Rational(1, 10)), relu(x), ()),
]


@pytest.mark.parametrize("lhs,rhs,assume,method", TRUE, ids=[str(r[0])[:30] for r in TRUE])
def test_true_claims_are_proved(lhs, rhs, assume, method):
    verdict = decide(lhs, rhs, assume, budget=20)
    assert (verdict.status, verdict.strength) == ("holds", "proof"), verdict
    assert verdict.method == method


@pytest.mark.parametrize("lhs,rhs,assume", REGIONS, ids=[str(r[0])[:30] for r in REGIONS])
def test_piecewise_claims_are_proved_by_regions(lhs, rhs, assume):
    verdict = decide(lhs, rhs, assume, budget=20)
    assert (verdict.status, verdict.strength) == ("holds", "proof"), verdict


def _mp(expr, point, digits=100):
    """Independent evaluation: SymPy's own evalf (100 digits by default), DL functions rewritten."""
    e = sp.sympify(expr).doit().xreplace(point).doit()
    e = e.rewrite(sp.exp).rewrite(sp.Piecewise)
    return sp.N(e, digits)


@pytest.mark.parametrize("lhs,rhs,assume", FALSE, ids=[str(r[0])[:30] for r in FALSE])
def test_false_claims_are_refuted_with_a_real_counterexample(lhs, rhs, assume):
    verdict = decide(lhs, rhs, assume, budget=20)
    assert verdict.status == "wrong", verdict
    point = {sp.Symbol(k_, **({"integer": True, "positive": True} if k_ in ("n", "t") else {"real": True})):
             sp.Rational(val) for k_, val in verdict.counterexample["point"].items()}
    # a certified gap may be far below 1e-90 (sigmoid(800) = 1 - e^-800): check it
    # with as many digits as the precision that certified it, and some more
    digits = 100 + verdict.counterexample["precision_bits"] * 31 // 100
    diff = _mp(lhs, point, digits) - _mp(rhs, point, digits)
    assert abs(diff) > sp.Rational(1, 10 ** (digits - 10)), (verdict.counterexample, diff)


def test_counterexample_respects_assumptions():
    verdict = decide(sp.log(x), x - 1, (x > 0,), budget=10)
    assert verdict.status == "wrong"
    assert sp.Rational(verdict.counterexample["point"]["x"]) > 0


def test_claim_with_an_unknown_function_is_refuted_only_for_an_instance():
    # an unknown function: nothing refutes the claim for every f; a counterexample under a
    # concrete instance of f is marked as such (tests/test_abstract_functions.py)
    from checks.prove.functions import INSTANCE_MARK
    f = sp.Function("f")
    verdict = decide(f(x), f(-x), (), budget=3)
    assert verdict.status == "wrong" and INSTANCE_MARK in verdict.method
    assert set(verdict.counterexample["instance"]) == {"f"}


def test_numeric_strength_is_reported_honestly():
    # True (exp(y^2) >= 1, so hardtanh gives 1), but no rewrite proves it: no proof is claimed.
    verdict = decide(hardtanh(sp.exp(y ** 2)), 1, (), budget=10)
    assert verdict.status == "holds" and verdict.strength == "numeric"


@pytest.mark.parametrize("lhs,rhs", [
    (sp.log(x * y), sp.log(x) + sp.log(y)),        # needs x, y > 0
    (sp.log(x ** 2), 2 * sp.log(x)),
    (sp.sqrt(x) * sp.sqrt(y), sp.sqrt(x * y)),
])
def test_rules_that_need_an_assumption_fail_where_one_side_has_no_real_value(lhs, rhs):
    verdict = decide(lhs, rhs, (), budget=10)
    assert verdict.status == "wrong"
    point = {sp.Symbol(k_, real=True): sp.Rational(v_) for k_, v_ in verdict.counterexample["point"].items()}
    assert any(val < 0 for val in point.values())
    with_assumption = decide(lhs, rhs, (x > 0, y > 0), budget=10)
    assert with_assumption.status == "holds"


def test_same_seed_same_verdict_and_other_seed_still_refutes():
    one = decide(relu(x - 100), 0, (), seed=0, budget=10)
    two = decide(relu(x - 100), 0, (), seed=0, budget=10)
    other = decide(relu(x - 100), 0, (), seed=7, budget=10)
    assert one.counterexample == two.counterexample
    assert other.status == "wrong"


def test_matrix_claims_are_checked_entry_by_entry():
    p = sp.Matrix([sigmoid(x), 1 - sigmoid(x)])
    good = decide(p, sp.Matrix([1 / (1 + sp.exp(-x)), sigmoid(-x)]), (), budget=10)
    bad = decide(p, sp.Matrix([1 / (1 + sp.exp(-x)), sigmoid(x)]), (), budget=10)
    assert good.status == "holds" and bad.status == "wrong"
    assert "entry (2,1)" in bad.method


@pytest.mark.slow
def test_bounded_strength_when_only_sizes_can_be_checked():
    # sum_{k=1}^n x_k^2 >= 0 is no identity; use one SymPy cannot sum: sum of sigmoid(k x) symmetry
    lhs = sp.Sum(sigmoid(k * x) + sigmoid(-k * x), (k, 1, n))
    verdict = decide(lhs, n, (), sizes={n: range(1, 5)}, budget=20)
    assert (verdict.status, verdict.strength, verdict.method) == ("holds", "bounded", "bounded(n = 1..4)")


def test_wrong_claim_over_symbolic_sizes_is_refuted_with_indexed_values():
    lhs = sp.Sum(k * sp.exp(X[k]), (k, 1, n))
    rhs = sp.Sum((n + 1 - k) * sp.exp(X[k]), (k, 1, n))
    verdict = decide(lhs, rhs, (), budget=10)
    assert verdict.status == "wrong"
    point = verdict.counterexample["point"]
    assert "n" in point and any(key.startswith("x[") for key in point)
    subs = {n: sp.Integer(point["n"])}
    subs.update({X[int(key[2:-1])]: sp.Rational(val) for key, val in point.items() if key.startswith("x[")})
    diff = (lhs - rhs).xreplace({n: subs.pop(n)}).doit().xreplace(subs)
    assert abs(sp.N(diff, 50)) > 1e-20


def test_exp_of_a_bound_index_is_never_treated_as_a_constant():
    # Pulling exp(x[k]) out of the sum as one symbol would "prove" this false claim.
    verdict = decide(sp.Sum(k * sp.exp(X[k]), (k, 1, n)), sp.Sum((n + 1 - k) * sp.exp(X[k]), (k, 1, n)),
                     (), budget=10)
    assert verdict.status != "holds"


def test_nested_piecewise_arguments_do_not_break_breakpoints():
    w = sp.Symbol("w", real=True)
    h = sp.Heaviside(w * relu(x) + y)
    verdict = decide(h * (1 + w), h + w * h, (), budget=10)
    assert (verdict.status, verdict.strength) == ("holds", "proof")


@pytest.mark.parametrize("value", [-4, -2, -1, 0, 3])
def test_sums_and_products_follow_sympys_limit_convention(value):
    # Symbolic proofs use SymPy's (Karr) convention for reversed limits; the certified
    # evaluator must agree with it, or a proved claim could be "refuted".
    from checks.prove.numeric import evaluate
    m = sp.Symbol("m", integer=True)
    for e in (sp.Sum(k ** 2 + 1, (k, 1, m)), sp.Product(k + 5, (k, 1, m))):
        from flint import arb, fmpq
        exact = sp.Rational(e.subs(m, value).doit())
        ball = evaluate(e, {m: value}, 128)
        assert ball.overlaps(arb(fmpq(int(exact.p), int(exact.q)))) and ball.rad() < 1e-30


def test_indexed_entries_under_log_get_positive_values_on_retry():
    # A wrong claim about log of entries: signed entries make every point undefined,
    # so the engine must retry with positive ones and refute it.
    yhat = sp.IndexedBase("yhat")
    N = sp.Symbol("N", integer=True, positive=True)
    i = sp.Symbol("i", integer=True)
    lhs = -sp.Sum(sp.log(yhat[i]), (i, 1, N))
    verdict = decide(lhs, sp.Sum(sp.log(yhat[i]), (i, 1, N)), (), budget=10)
    assert verdict.status == "wrong"
    assert all(sp.Rational(v) > 0 for k_, v in verdict.counterexample["point"].items() if k_.startswith("yhat"))


def test_values_that_are_not_plain_rationals_are_decided_with_certificates():
    from checks.model.claims import Value
    from checks.run.engine import check
    same = check(Value("v", "Q", "log 4 = 2 log 2", computed=sp.log(4), stated=2 * sp.log(2)))
    assert (same.status, same.strength) == ("holds", "proof")
    off = check(Value("w", "Q", "d/dx x^2 = x", computed=lambda: sp.diff(x ** 2, x), stated=x))
    assert off.status == "wrong" and off.counterexample and off.correct == "2*x"
