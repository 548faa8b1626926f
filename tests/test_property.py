"""Property claims: a predicate answers True, None (undecided) or a Refuted with evidence.

Only a Refuted makes a property `wrong`; a bare False (what an incomplete zero test
returns for "could not show it"), 1, a relational or an exception is an `error` naming
the value. build.same / is_zero answer from the engine's own decision procedure.
"""
import fractions

import flint
import pytest
import sympy as sp

from checks import build
from checks.build import Refuted
from checks.dl import sigmoid
from checks.model import catalog
from checks.model.claims import Property
from checks.prove.decide import decide
from checks.run import engine

x, y = sp.symbols("x y", real=True)


def check(predicate, cases=(1,), strength="exhaustive", seed=0):
    claim = Property("t/p", "Q", "a property", predicate=predicate, cases=lambda: list(cases), strength=strength)
    return engine.check(claim, seed=seed, timeout=20)


# ---- the engine's contract for predicate answers -------------------------------------------
def test_a_predicate_returning_1_is_an_error_naming_the_value_and_type():
    v = check(lambda case: 1)
    assert v.status == "error"
    assert v.detail.startswith("case 1: predicate returned 1 (int); a predicate answers True, False or None")


@pytest.mark.parametrize("answer,type_name", [(0, "int"), (sp.Integer(1), "One"), (sp.Eq(x, y), "Equality"),
                                              (x > 0, "StrictGreaterThan"), ("yes", "str"), ([True], "list")])
def test_answers_outside_the_contract_are_errors(answer, type_name):
    v = check(lambda case: answer)
    assert v.status == "error" and f"({type_name})" in v.detail, v.detail
    assert "case 1" in v.detail


def test_none_is_undecided_naming_the_case():
    v = check(lambda case: None if case == 2 else True, cases=(1, 2, 3))
    assert v.status == "undecided" and "case 2: 2" in v.detail, v.detail


def test_sympy_true_holds_with_the_claimed_strength():
    v = check(lambda case: sp.true, cases=(1, 2))
    assert (v.status, v.strength, v.method) == ("holds", "exhaustive", "exhaustive(2 cases)")
    v = check(lambda case: True, strength="proof")
    assert (v.status, v.strength, v.method) == ("holds", "proof", "certificate")


@pytest.mark.parametrize("false", [False, sp.false])
def test_a_bare_false_is_an_error_never_wrong(false):
    v = check(lambda case: false)
    assert v.status == "error" and "bare False" in v.detail, v.detail


def test_an_incomplete_zero_test_no_longer_makes_a_claim_wrong():
    # sigmoid(-x) = 1 - sigmoid(x) holds, but expand() cannot see it: the old engine said `wrong`
    e = sigmoid(-x) - (1 - sigmoid(x))
    assert (sp.expand(e) == 0) is False
    assert check(lambda case: sp.expand(e) == 0).status == "error"
    v = check(lambda case: build.is_zero(e))
    assert (v.status, v.strength) == ("holds", "exhaustive")


def test_all_over_three_valued_answers_is_an_error_not_a_verdict():
    # all() turns an undecided answer into a bare False and cannot read a Refuted
    v = check(lambda case: all([True, build.same(sp.gamma(x + 1), x * sp.gamma(x), (x > 0,))]))
    assert v.status == "error" and "bare False" in v.detail
    v = check(lambda case: all([build.same(x ** 2, x)]))
    assert v.status == "error" and "no truth value" in v.detail
    v = check(lambda case: build.all_of([True, build.same(x ** 2, x)]))
    assert v.status == "wrong" and "point" in v.counterexample


def test_a_predicate_that_raises_is_an_error_naming_the_exception_and_case():
    v = check(lambda case: 1 / (case - 2) and True, cases=(1, 2))
    assert v.status == "error" and v.detail.startswith("case 2: ZeroDivisionError"), v.detail


def test_a_certified_false_is_wrong_with_its_evidence():
    v = check(lambda case: build.same(x ** 2, case * x), cases=(1,))
    assert v.status == "wrong"
    ce = v.counterexample
    assert ce["case"] == "1" and "point" in ce and ce["lhs"] and ce["rhs"]
    # the evidence refutes x**2 = x independently of the arb balls
    xv = sp.Rational(ce["point"]["x"])
    assert xv ** 2 != xv


def test_a_refuted_built_by_the_predicate_is_wrong_with_that_evidence():
    v = check(lambda case: Refuted(residual="w_1") if case == 3 else True, cases=range(1, 6))
    assert (v.status, v.method) == ("wrong", "cases(3)")
    assert v.counterexample == {"case": "3", "residual": "w_1"}


def test_a_refutation_after_an_undecided_case_wins():
    v = check(lambda case: None if case == 1 else Refuted(why="case 2") if case == 2 else True, cases=(1, 2, 3))
    assert v.status == "wrong" and v.counterexample["case"] == "2"


def test_an_exact_predicate_declares_its_false_a_refutation():
    v = check(build.exact(lambda case: case < 3), cases=range(5))
    assert v.status == "wrong" and v.counterexample["case"] == "3" and "exact" in v.counterexample
    assert check(build.exact(lambda case: case < 9), cases=range(5)).status == "holds"
    # exact() passes other answers through to the engine's contract
    assert check(build.exact(lambda case: 1)).status == "error"
    assert check(build.exact(lambda case: None)).status == "undecided"


def test_same_inside_a_claim_uses_the_claims_seed():
    runs = [check(lambda case: build.same(sp.sin(x) ** 2, sp.sin(x)), seed=s).counterexample for s in (5, 5)]
    assert runs[0] == runs[1]


# ---- same / is_zero ---------------------------------------------------------------------------
def test_same_is_true_where_decide_proves():
    assert decide(sigmoid(-x), 1 - sigmoid(x)).strength == "proof"
    assert build.same(sigmoid(-x), 1 - sigmoid(x)) is True
    assert build.same(sp.log(x * y), sp.log(x) + sp.log(y), (x > 0, y > 0)) is True
    assert build.is_zero(sp.exp(x) * sp.exp(-x) - 1) is True


def test_same_is_refuted_with_a_counterexample_where_decide_finds_one():
    r = build.same(x ** 2, x)
    assert isinstance(r, Refuted)
    pt = {k: sp.Rational(v) for k, v in r.evidence["point"].items()}
    assert pt["x"] ** 2 != pt["x"] and r.evidence["lhs"] != r.evidence["rhs"]
    # a constant that is not zero: decide's exact residual is the evidence
    r = build.is_zero(sp.Rational(1, 3) - sp.Rational(1, 4))
    assert isinstance(r, Refuted) and r.evidence["residual"] == "1/12"


def test_same_is_none_where_decide_does_not_prove_or_refute():
    numeric_only = (sp.Abs(x) * sp.Abs(y), sp.Abs(x * y))
    unevaluable = (sp.gamma(x + 1), x * sp.gamma(x), (x > 0,))
    for pair in (numeric_only, unevaluable):
        v = decide(*pair)
        expected = True if v.status == "holds" and v.strength in ("proof", "exhaustive") else None
        assert v.status != "wrong"
        assert build.same(*pair) is expected
    assert decide(*numeric_only).strength == "numeric" and build.same(*numeric_only) is None
    assert decide(*unevaluable).status == "undecided" and build.same(*unevaluable) is None


def test_same_on_matrices():
    A = sp.Matrix([[sigmoid(-x), x], [0, sp.exp(x) * sp.exp(-x)]])
    B = sp.Matrix([[1 - sigmoid(x), x], [0, 1]])
    assert build.same(A, B) is True
    assert build.is_zero(A - B) is True
    r = build.same(A, B + sp.Matrix([[0, 0], [0, x ** 2]]))
    assert isinstance(r, Refuted) and "entry (2,2)" in r.evidence["method"]
    r = build.same(sp.Matrix([1, 2]), sp.Matrix([1, 2, 3]))
    assert isinstance(r, Refuted) and "shapes differ" in r.evidence["residual"]
    assert build.same([x, x + 1], [x, 1 + x]) is True   # lists are column vectors


# ---- exact values, combining ----------------------------------------------------------------
def test_equal_compares_exact_values_only():
    assert build.equal(3, 3) is True and build.equal(sp.Rational(1, 2), fractions.Fraction(1, 2)) is True
    assert build.equal((1, sp.Integer(-1)), [1, -1]) is True
    r = build.equal(2, 3)
    assert isinstance(r, Refuted) and r.evidence == {"computed": 2, "stated": 3}
    assert isinstance(build.equal((1, 2), (1, 2, 3)), Refuted)
    ctx = flint.fmpq_mpoly_ctx.get(("a", "b"), "lex")
    a, b = ctx.gens()
    assert build.equal(a * b + a, a * (b + 1)) is True
    assert build.exact_zero(a * b - b * a) is True and build.exact_zero(a - b).evidence["residual"] == "a - b"
    for bad in (x, sp.sqrt(2), 0.5, True):
        with pytest.raises(TypeError, match="build.equal"):
            build.equal(bad, bad)


def test_a_refuted_has_no_truth_value_and_all_of_is_three_valued():
    r = Refuted(residual="1")
    with pytest.raises(TypeError, match="no truth value"):
        bool(r)
    with pytest.raises(TypeError):
        all([True, r])
    assert build.all_of([True, None, True]) is None
    assert build.all_of([True, True]) is True and build.all_of([]) is True
    assert build.all_of([None, r, True]) is r
    calls = []

    def answers():
        for a in (True, r, True):
            calls.append(a)
            yield a
    assert build.all_of(answers()) is r and len(calls) == 2     # stops at the first refutation
    with pytest.raises(TypeError, match="bare False"):
        build.all_of([True, False])
    assert r.at(n=2).evidence == {"n": 2, "residual": "1"}
    with pytest.raises(ValueError):
        Refuted()


# ---- the catalog ------------------------------------------------------------------------------
PROPERTY_ERRATA = [c for c in catalog.load().claims() if c.kind == "property" and c.declared == "erratum"]


@pytest.mark.parametrize("claim", PROPERTY_ERRATA, ids=[c.id for c in PROPERTY_ERRATA])
def test_every_property_erratum_is_wrong_with_evidence_beyond_the_case(claim):
    v = engine.check(claim, seed=0, timeout=60)
    assert v.status == "wrong", (v.status, v.detail)
    assert set(v.counterexample) - {"case"}, v.counterexample


def test_catalog_property_errata_carry_exact_evidence():
    by_id = {c.id: c for c in PROPERTY_ERRATA}
    v = engine.check(by_id["004/q1.7-mse-unbounded"], seed=0, timeout=60)
    assert v.counterexample["case"] == "0" and v.counterexample["sup"].endswith("= 1 (exact)")
    v = engine.check(by_id["004/q5.4-a2"], seed=0, timeout=60)
    assert v.counterexample == {"case": "(2, 1, 1)", "of": "|a2|", "computed": 2, "stated": 3}
