"""The exact reading (checks.prove.ratnorm, rewrites.exact_reading): what it proves, and
what it must never prove.

A proof here is final (the engine reports it without a screen), so the second
table matters most: expressions that are not identically zero, several of them
equal to zero on part of the line or related through atoms the reading keeps
opaque. Each such row is also checked numerically here at a point where it is
non-zero, so the table itself cannot hold a true identity by mistake.
"""
import pytest
import sympy as sp

from checks.dl import relu, sigmoid
from checks.prove import ratnorm, rewrites

x, y, u = sp.symbols("x y u", real=True)
c = sp.Symbol("c")   # no assumptions: may be complex
n = sp.Symbol("n", integer=True, positive=True)
k, j = sp.symbols("k j", integer=True)
X, W = sp.IndexedBase("x"), sp.IndexedBase("w")

ZERO = [  # (expression that is identically zero, the name the reading gives)
    ((x + y) ** 3 - (x ** 3 + 3 * x ** 2 * y + 3 * x * y ** 2 + y ** 3), "expand"),
    ((x ** 2 - 1) / (x - 1) - (x + 1), "cancel"),
    (1 / (1 / x + 1 / y) - x * y / (x + y), "cancel"),
    (sp.tanh(x) - (2 * sigmoid(2 * x) - 1), "exp-rational"),
    (sigmoid(x) * (1 - sigmoid(x)) - sp.exp(-x) / (1 + sp.exp(-x)) ** 2, "exp-rational"),
    (sp.cosh(x) ** 2 - sp.sinh(x) ** 2 - 1, "exp-rational"),
    (sp.exp(x + y) - sp.exp(x) * sp.exp(y), "exp-rational"),
    (sigmoid(x * (y / 2 + sp.Rational(1, 2))) - sp.tanh(x * y / 4 + x / 4) / 2 - sp.Rational(1, 2),
     "exp-rational"),
    (sigmoid(sp.log(y)) - y / (1 + y), "exp-rational"),
    (relu(x) * (x + 1) ** 2 - relu(x) * (x ** 2 + 2 * x + 1), "expand"),
    # the log of a positive monomial in exponentials of real expressions
    (sp.log(sigmoid(x) / (1 - sigmoid(x))) - x, "exp-rational"),
    (sp.log(3 * sp.exp(2 * x - y)) - (2 * x - y) - sp.log(3), "exp-rational"),
    (sp.log((sp.exp(x) + 1) / (1 + sp.exp(-x))) - x, "exp-rational"),
    # sums: linearity, canonical indices, equal limits merged
    (sp.Sum(sp.exp(X[j]) / sp.Sum(sp.exp(X[k]), (k, 1, n)), (j, 1, n))
     - sp.Sum(sp.exp(X[k]), (k, 1, n)) / sp.Sum(sp.exp(X[j]), (j, 1, n)), "sums"),
    (sp.Sum((sp.tanh(X[j] / 2) / 2 + sp.Rational(1, 2)) * W[j], (j, 1, n))
     - sp.Sum(sigmoid(X[j]) * W[j], (j, 1, n)), "sums"),
    (sp.Sum(3 * X[k] + X[k] ** 2, (k, 1, n)) - 3 * sp.Sum(X[j], (j, 1, n)) - sp.Sum(X[k] ** 2, (k, 1, n)),
     "sums"),
]

NOT_ZERO = [  # (expression, a point where it is not zero)
    (sp.sqrt(x ** 2) - x, {x: -1}),
    (sp.tanh(x / 3) - x, {x: 1}),
    (sigmoid(x) - sp.tanh(x / 2), {x: 1}),
    (sp.log(x ** 2) - 2 * sp.log(x), {x: -1}),
    (relu(x) - x, {x: -1}),
    (sp.Abs(x) - x, {x: -2}),
    (sp.exp(x * y) - sp.exp(x) * sp.exp(y), {x: 1, y: 1}),
    (sp.log(sp.exp(c)) - c, {c: 4 * sp.I}),            # log(exp(c)) = c only for real c
    (sp.log(-sp.exp(x)) - x, {x: 0}),                  # a negative constant: log is not real
    (sp.log(sigmoid(x) / (1 - sigmoid(x))) - 2 * x, {x: 1}),
    (sp.log(sigmoid(x)) + sp.log(1 + sp.exp(-x)) + 1, {x: 0}),
    # an infinite sum is never split by linearity (its parts may diverge)
    (sp.Sum(1 / k ** 2 - 1 / k ** 2 + 1 / 2 ** k, (k, 1, sp.oo)) - sp.Sum(1 / 2 ** k, (k, 1, sp.oo)) + 1,
     {}),
    (sp.Sum(X[k], (k, 1, n)) - sp.Sum(X[k], (k, 0, n)), {n: 2, X[0]: 1, X[1]: 1, X[2]: 1}),
]


@pytest.mark.parametrize("expr,name", ZERO, ids=[str(e)[:40] for e, _ in ZERO])
def test_identities_are_read_as_zero(expr, name):
    assert rewrites.exact_reading(expr) == name


@pytest.mark.parametrize("expr,point", NOT_ZERO, ids=[str(e)[:40] for e, _ in NOT_ZERO])
def test_non_identities_are_never_read_as_zero(expr, point):
    value = expr.subs(point).doit()
    assert sp.N(value, 30) != 0, "the table row is itself an identity"
    assert rewrites.exact_reading(expr) is None


def test_floats_and_infinities_have_no_exact_reading():
    e = sigmoid(0.5 * x) - sigmoid(x / 2)   # 0.5 is a binary float: no exact reading claims it is 1/2
    with pytest.raises(ratnorm.Unsupported):
        ratnorm.is_zero(e, exponentials=True)
    assert rewrites.exact_reading(e) is None
    with pytest.raises(ratnorm.Unsupported):
        ratnorm.is_zero(x * sp.oo - y)


def test_a_huge_true_polynomial_identity_is_read_quickly():
    e = (x + y + 1) ** 120 * (x - y) ** 120 - (x ** 2 + x - y ** 2 - y) ** 120
    assert ratnorm.is_zero(e)
