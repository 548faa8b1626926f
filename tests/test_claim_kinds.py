"""Unit tables for the Limit and Implication claim kinds, checked through the engine."""
import pytest
import sympy as sp

from checks.dl import sigmoid
from checks.model.claims import Implication, Limit
from checks.run.engine import check

x, a, b, lam = sp.symbols("x a b lam", real=True)
beta = sp.Symbol("beta", real=True)
y = sp.Symbol("y", real=True)


@pytest.mark.parametrize("expr, var, point, stated, direction, assume, status, method", [
    (sp.sin(x) / x, x, 0, 1, "+-", (), "holds", "limit (gruntz)"),
    (sigmoid(x), x, sp.oo, 1, "+-", (), "holds", "limit (gruntz)"),
    (sigmoid(x), x, -sp.oo, 0, "+-", (), "holds", "limit (gruntz)"),
    (1 / x, x, 0, sp.oo, "+", (), "holds", "limit (gruntz)"),
    (sigmoid(x), x, sp.oo, sp.Rational(1, 2), "+-", (), "wrong", "limit (gruntz)"),
    # a parameter with a closed end is its own case: exp(-beta*x) -> 0 fails at x = 0
    (sp.exp(-beta * x), beta, sp.oo, 0, "+-", (x >= 0,), "wrong", "at x = 0"),
    (sp.exp(-beta * x), beta, sp.oo, 0, "+-", (x > 0,), "holds", "limit (gruntz)"),
])
def test_limit_table(expr, var, point, stated, direction, assume, status, method):
    c = Limit("t/limit", "L", "a limit", expr=expr, var=var, point=point, stated=stated,
              direction=direction, assume=assume)
    v = check(c, seed=0, timeout=20)
    assert v.status == status, (v.method, v.detail, v.correct)
    assert method in v.method, v.method
    if status == "wrong":
        assert v.correct or v.counterexample, v


@pytest.mark.parametrize("premise, unknown, value, assume, status, method", [
    (sp.Eq(a * y, b), y, b / a, (a > 0,), "holds", "substitution"),
    (sp.Eq(2 * y + 1, 5), y, 2, (), "holds", "substitution"),
    (sp.Eq(a * y, a ** 2 * lam), y, a * lam, (a > 0,), "holds", "substitution"),
    (sp.Eq(a * y, a ** 2 * lam), y, lam, (a > 0,), "wrong", ""),
    (sp.Eq(2 * y + 1, 5), y, 3, (), "wrong", ""),
    (sp.Eq(y ** 2, 4), y, 2, (), "undecided", "solve"),      # two solutions: 2 is not the only one
])
def test_implication_table(premise, unknown, value, assume, status, method):
    c = Implication("t/impl", "I", "an implication", premise=premise, unknown=unknown, value=value, assume=assume)
    v = check(c, seed=0, timeout=20)
    assert v.status == status, (v.method, v.detail, v.correct)
    assert method in v.method, v.method
    if status == "wrong":   # the right value is named
        assert v.correct and str(unknown) in v.correct, v


def test_an_implication_premise_must_be_an_equation():
    c = Implication("t/impl", "I", "bad", premise=y > 1, unknown=y, value=2)
    assert check(c, seed=0, timeout=20).status == "error"
