"""Claims with an easy proof are proved, and their near misses refuted.

Geometric and arithmetico-geometric sums with symbolic limits (closed forms,
the ratio r = 1 settled by the domain), logs and roots of rationals, a large
constant in an exponent, sums whose limits SymPy stores innermost first, and
floor / ceiling / frac / Mod / gcd. Each example of issue 11 is asserted as
the engine computes it, through ``decide`` or the CLI.
"""
import json

import pytest
import sympy as sp

from checks.dl import sigmoid, softplus
from checks.integers import gcd
from checks.io.cli_main import main
from checks.prove import numeric, sums
from checks.prove.decide import decide
from checks.prove.domains import Domain
from checks.prove.zero import _nonzero_on

b, mu, g, x, y = sp.symbols("b mu g x y", real=True)
t, k, j, n = sp.symbols("t k j n", integer=True)


def verify(capsys, claim, *assume):
    argv = ["verify", claim, "--format", "json"]
    for a in assume:
        argv += ["--assume", a]
    main(argv)
    out, _ = capsys.readouterr()
    d = json.loads(out)
    return d["status"], d["strength"], d["method"]


def verdict(lhs, rhs, *assume):
    v = decide(lhs, rhs, assume, budget=10)
    return v.status, v.strength, v.method


# --- geometric sums ------------------------------------------------------------------

def test_issue_geometric_sum_is_proved_through_the_cli(capsys):
    got = verify(capsys, "Sum((1 - b)*b**(t - k), (k, 1, t)) + b**t = 1",
                 "t integer", "t >= 1", "0 < b < 1")
    assert got == ("holds", "proof", "sums")


@pytest.mark.parametrize("lhs,rhs,assume", [
    (sp.Sum(b ** k, (k, 0, n)), (1 - b ** (n + 1)) / (1 - b), (b > 0, b < 1)),
    (sp.Sum(k * b ** k, (k, 1, n)), b * (1 - (n + 1) * b ** n + n * b ** (n + 1)) / (1 - b) ** 2, (b > 1,)),
    (sp.Sum(sp.exp(-x * k), (k, 0, n)), (1 - sp.exp(-x * (n + 1))) / (1 - sp.exp(-x)), (x > 0,)),
    (sp.Sum(3 * k ** 2 + 1, (k, 1, n)), n * (n + 1) * (2 * n + 1) / 2 + n, ()),
    (sp.Sum((b / 2) ** k, (k, 0, n - 1)), (1 - (b / 2) ** n) / (1 - b / 2), (b > 0, b < 1)),
    (sp.Sum(b ** k, (k, j, n)), (b ** j - b ** (n + 1)) / (1 - b), (b > 0, b < 1)),
    (sp.Sum(sp.Sum(b ** k, (k, 0, j)), (j, 0, n)), ((n + 1) - b * (1 - b ** (n + 1)) / (1 - b)) / (1 - b), (b > 1,)),
])
def test_geometric_and_polynomial_sums_are_proved(lhs, rhs, assume):
    assert verdict(lhs, rhs, *assume) == ("holds", "proof", "sums")


def test_near_miss_of_a_geometric_sum_is_wrong():
    closed = b * (1 - (n + 1) * b ** n + n * b ** (n + 1)) / (1 - b) ** 2
    status, _, _ = verdict(sp.Sum(k * b ** k, (k, 1, n)), closed + b ** n / 10 ** 6, b > 1, n >= 1)
    assert status == "wrong"


@pytest.mark.parametrize("summand", [k ** 2 * b ** k, (1 - b) * b ** (t - k), k ** 3 - 2 * k, k * b ** (2 * k + 1)])
def test_closed_form_equals_the_sum_for_every_pair_of_limits(summand):
    """Karr's convention included: upper limits below the lower one."""
    closed = sums.closed_sums(sp.Sum(summand, (k, 2, n)), lambda e: True)
    assert not closed.has(sp.Sum)
    for top in range(-3, 7):
        point = {b: sp.Rational(1, 3), t: sp.Integer(5), n: sp.Integer(top)}
        direct = numeric.evaluate(sp.Sum(summand, (k, 2, n)), point, 256)
        assert (numeric.evaluate(closed, point, 256) - direct).contains(0), top


def test_ratio_one_allowed_by_the_domain_keeps_the_sum():
    """With only b > 0, b = 1 is in the domain: the closed form (dividing by b - 1) is not used."""
    d = Domain.from_assumptions({b}, (b > 0,))
    assert not _nonzero_on(1 / b - 1, d, d.proof_substitution())
    s = sp.Sum(b ** k, (k, 0, n))
    assert sums.closed_sums(s, lambda e: _nonzero_on(e, d, d.proof_substitution())) == s
    inside = Domain.from_assumptions({b}, (b > 0, b < 1))
    assert _nonzero_on(1 / b - 1, inside, inside.proof_substitution())


# --- nested sums stored innermost first ---------------------------------------------

NESTED_CLOSED = g / (mu - 1) * (mu ** 2 * (mu ** t - 1) / (mu - 1) - t)


@pytest.mark.parametrize("lhs", [
    sp.Sum(sp.Sum(mu ** (j - k) * g, (k, 0, j)), (j, 1, t)),
    sp.Sum(mu ** (j - k) * g, (k, 0, j), (j, 1, t)),
])
def test_nested_sums_are_evaluated_and_proved(lhs):
    point = {mu: sp.Rational(1, 2), g: sp.Integer(3), t: sp.Integer(3)}
    # the inner sum is 2 - 2**-j, so the whole is 3 * (3/2 + 7/4 + 15/8) = 123/8
    assert numeric.evaluate(lhs, point, 128).contains(numeric._rat(sp.Rational(123, 8)))
    assert verdict(lhs, NESTED_CLOSED, t >= 1, mu > 0, mu < 1) == ("holds", "proof", "sums")
    status, _, _ = verdict(lhs, NESTED_CLOSED + g * mu ** t / 1000, t >= 1, mu > 0, mu < 1)
    assert status == "wrong"


# --- closed numeric identities: logs and roots of rationals --------------------------

def test_issue_log_identity_through_the_cli(capsys):
    assert verify(capsys, "log(2) + log(3) = log(6)") == ("holds", "proof", "expand")
    assert verify(capsys, "log(2) + log(3) = log(7)")[0] == "wrong"


@pytest.mark.parametrize("lhs,rhs", [
    (sp.sqrt(8), 2 * sp.sqrt(2)),
    (sp.log(sp.sqrt(8)), 3 * sp.log(2) / 2),
    (sp.log(sp.Rational(9, 4)), 2 * sp.log(3) - 2 * sp.log(2)),
    (sp.log(12) - sp.log(3), sp.log(4)),
])
def test_logs_and_roots_of_rationals_are_proved(lhs, rhs):
    status, strength, _ = verdict(lhs, rhs)
    assert (status, strength) == ("holds", "proof")


# --- a large constant in an exponent --------------------------------------------------

def test_issue_softplus_with_large_shift_through_the_cli(capsys):
    got = verify(capsys, "softplus(x + 900) = x + 900 + softplus(-x - 900)")
    assert got == ("holds", "proof", "exp-rational")


def test_log_ratio_with_large_constant_and_its_near_miss():
    assert verdict(sp.log(1 + sp.exp(2 * x + 7)) - sp.log(1 + sp.exp(-2 * x - 7)), 2 * x + 7) \
        == ("holds", "proof", "exp-rational")
    assert verdict(sp.log(sp.exp(x) + sp.exp(y)), x + sp.log(1 + sp.exp(y - x))) == ("holds", "proof", "exp-rational")
    status, _, _ = verdict(softplus(x + 900), x + 900 + softplus(-x - 900) + sp.Rational(1, 10 ** 9))
    assert status == "wrong"
    # A * B a monomial: log(A) = log(A*B) - log(B)
    assert verdict(sp.log(sigmoid(x + 900)), -softplus(-x - 900)) == ("holds", "proof", "exp-rational")
    assert verdict(sp.log(sp.exp(x + 1000) + sp.exp(y + 1000)), 1000 + sp.log(sp.exp(x) + sp.exp(y))) \
        == ("holds", "proof", "exp-rational")
    status, _, _ = verdict(sp.log(sigmoid(x + 900)), -softplus(-x - 900) + sp.Rational(1, 10 ** 12))
    assert status == "wrong"


# --- floor, ceiling, frac, Mod, gcd -------------------------------------------------

@pytest.mark.parametrize("lhs,rhs", [
    (sp.Mod(n, 3), n - 3 * sp.floor(n / 3)),
    (sp.ceiling(x), -sp.floor(-x)),
    (sp.frac(x) + sp.floor(x), x),
])
def test_integer_functions_read_through_floor_are_proved(lhs, rhs):
    assert verdict(lhs, rhs) == ("holds", "proof", "expand")


@pytest.mark.parametrize("lhs,rhs,assume,status", [
    (sp.floor(n / 2) + sp.ceiling(n / 2), n, (), "holds"),
    (sp.floor(n / 2) + sp.ceiling(n / 2), n + 1, (), "wrong"),
    (sp.Mod(n, 2) ** 2, sp.Mod(n, 2), (), "holds"),
    (gcd(n, 6), 1, (n >= 1,), "wrong"),
    (gcd(n, 6) * sp.floor(6 / gcd(n, 6)), 6, (n >= 1,), "holds"),
    (sp.floor(n / 2), sp.ceiling((n - 1) / 2), (), "holds"),
])
def test_integer_functions_are_evaluated_exactly_at_points(lhs, rhs, assume, status):
    v = decide(lhs, rhs, assume, budget=10)
    assert v.status == status, v
    if status == "holds":
        assert v.strength == "numeric"     # no proof: decided at points, each exactly
    else:
        assert v.counterexample


def test_floor_of_a_ratio_that_is_an_integer_is_exact():
    """floor(n/3) at n = 3: the ball of n/3 straddles 1 at every precision; read exactly, it is 1."""
    assert numeric.evaluate(sp.floor(n / 3), {n: sp.Integer(3)}, 64) == 1
    assert numeric.evaluate(sp.Mod(n, -3), {n: sp.Integer(7)}, 64) == -2   # the sign of the divisor
    assert numeric.evaluate(sp.floor(sp.exp(x)), {x: sp.Rational(1, 2)}, 64) == 1
    assert gcd(12, 18) == 6 and gcd(n, 1) == 1 and gcd(6, n) == gcd(n, 6)


@pytest.mark.parametrize("lhs,rhs,status", [
    (sp.sqrt(2 + sp.sqrt(3)), (sp.sqrt(6) + sp.sqrt(2)) / 2, "holds"),
    (sp.sqrt(5 + 2 * sp.sqrt(6)), sp.sqrt(2) + sp.sqrt(3), "holds"),
    (sp.sqrt(5 + 2 * sp.sqrt(6)), sp.sqrt(3) - sp.sqrt(2), "wrong"),
    (sp.sqrt(2 + sp.sqrt(3)), (sp.sqrt(6) + sp.sqrt(2)) / 2 + sp.Rational(1, 10 ** 30), "wrong"),
])
def test_nested_radicals_are_decided_by_their_minimal_polynomial(lhs, rhs, status):
    v = decide(lhs, rhs, (), budget=10)
    assert v.status == status
    if status == "holds":
        assert (v.strength, v.method) == ("proof", "algebraic")


@pytest.mark.parametrize("zero,proved", [
    (b ** (t + 1) - b * b ** t, True),
    (b ** (t - k) - b ** t / b ** k, True),
    (2 ** n * 3 ** n - sp.Pow(6, n, evaluate=False), True),
    (4 ** x - 2 ** (2 * x), True),
    ((b / 2) ** n - b ** n * 2 ** (-n), True),
    ((-b) ** x - (-1) ** x * b ** x, False),     # x real: the principal branch does not split
    (b ** (t + 1) - b * b ** t + 1, False),
])
def test_symbolic_powers_are_read_over_their_exponent_terms(zero, proved):
    from checks.prove import ratnorm
    assert (ratnorm.reading(zero) is not None) == proved


def test_integer_functions_through_the_cli(capsys):
    assert verify(capsys, "Mod(n, 3) = n - 3*floor(n/3)", "n integer") == ("holds", "proof", "expand")
    assert verify(capsys, "gcd(12, 18) = 6") == ("holds", "proof", "structural")
    assert verify(capsys, "gcd(n, 6) = 1", "n integer", "n >= 1")[0] == "wrong"
    assert verify(capsys, "floor(n/2) + ceiling(n/2) = n", "n integer")[:2] == ("holds", "numeric")
    assert main(["verify", "gcd(3/2, 2) = 1"]) == 2
    _, err = capsys.readouterr()
    assert err.strip() == "derivcheck: error: gcd(): gcd of a non-integer: 3/2, 2"


@pytest.mark.parametrize("lhs,rhs,assume,status", [
    (sp.Sum(sp.binomial(n, k) * b ** k, (k, 0, n)), (1 + b) ** n, (n >= 0, b > 0), "holds"),
    (sp.Sum(sp.binomial(n, k) * b ** k, (k, 0, n)), (1 + b) ** n + b ** n / 1000, (n >= 0, b > 0), "wrong"),
    (sp.binomial(n, 2), n * (n - 1) / 2 + sp.KroneckerDelta(n, 3), (n >= 0,), "wrong"),
    (sp.factorial(n + 1), (n + 1) * sp.factorial(n), (n >= 0,), "holds"),
])
def test_factorial_and_binomial_are_evaluated_exactly(lhs, rhs, assume, status):
    v = decide(lhs, rhs, assume, budget=10)
    assert v.status == status, v
    assert v.strength == ("numeric" if status == "holds" else None)
