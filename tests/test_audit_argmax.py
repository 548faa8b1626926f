"""Optima (checks/io/audit/planning/argmax.py) and conditional probability notation (probability.py).

Steps between two \\arg\\max / \\arg\\min hold when the engine proves the identity that the named
increasing map needs (the same objective, max f = min -f, a positive constant factor, an
added term free of the variable, the logarithm of a positive objective); they are never
wrong. p(a | b; theta), P(Y = 1 | X = x) read as opaque positive functions of the values
written, defined where the document defines them. Documents in the styles of maximum
likelihood, logistic regression and VAE solutions, and tables of traps."""
from __future__ import annotations

import functools

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.planning.argmax import parse, positive, split_log
from checks.io.audit.reading.read import NotRead, Scope, read

F = Scope(functions=frozenset({"f"}))

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@functools.lru_cache(maxsize=None)
def steps(text: str, kind: str = "markdown"):
    report = audit_text(text, kind)
    return [(s.line, s) for d in report.documents for s in d.steps]


def at(text, line, kind="markdown"):
    got = [s for ln, s in steps(text, kind) if ln == line]
    assert got, f"no step at line {line}: {[(ln, s.status) for ln, s in steps(text, kind)]}"
    return got


# -- parsing the optimum ------------------------------------------------------------------------

PARSED = [
    (r"\arg\max_{\theta} \sum_i \log p(y_i \mid x_i; \theta)", "max", r"\theta"),
    (r"\arg \min_\theta \left[-\sum_i f_i\right]", "min", r"\theta"),
    (r"\operatorname*{arg\,max}_{\mathbf w} L(\mathbf w)", "max", r"\mathbf w"),
    (r"\mathrm{argmin}_{w, b} \; J(w, b)", "min", "w, b"),
    (r"\underset{\phi}{\arg\max} \; \mathcal{L}(\phi)", "max", r"\phi"),
    (r"\arg\max\limits_{\theta} g(\theta)", "max", r"\theta"),
]


@pytest.mark.parametrize("side, sense, over", PARSED)
def test_an_optimum_is_parsed_with_its_sense_and_variable(side, sense, over):
    got = parse(side)
    assert (got.sense, got.written) == (sense, over)


def test_variables_compare_without_spaces_braces_or_order():
    assert parse(r"\arg\max_{\mathbf{w}, b} f").over == parse(r"\arg\max_{b,\mathbf w} f").over
    assert parse(r"\arg\max_{w} f").over != parse(r"\arg\max_{\mathbf w} f").over


def test_a_norm_or_an_absolute_value_holds_its_own_minus():
    assert parse(r"\arg\min_{\mathbf w} \frac{1}{2}\|\mathbf y - X\mathbf w\|^2").objective.startswith("\\frac")
    assert parse(r"\arg\min_{w} |y - w|").objective == "|y - w|"


@pytest.mark.parametrize("side", [r"\max_{\theta} f(\theta)", r"\sum_i \log p_i", r"\hat\theta"])
def test_a_side_that_is_no_optimum_is_none(side):
    assert parse(side) is None


@pytest.mark.parametrize("side", [r"\arg\max_{w} f(w) + 1", r"\arg\min_{w} -f(w) - g(w)",
                                  r"\arg\max_{\theta} \sum_i \log p(x_i|\theta) + \log p(\theta)"])
def test_an_optimum_followed_by_a_plus_or_minus_is_not_read(side):
    with pytest.raises(NotRead, match="the optimum of the whole"):
        parse(side)


# -- conditional probabilities as read ---------------------------------------------------------

def _call(expr):
    from sympy.core.function import AppliedUndef
    (call,) = expr.atoms(AppliedUndef)
    return call.func.__name__, [str(a) for a in call.args]


CONDITIONALS = [
    (r"p(y_i \mid x_i; \theta)", r"p_{y|x}(\cdot|\cdot;\cdot)", ["y_i", "x_i", r"\theta"]),
    (r"P(Y = 1 \mid X = x)", r"P(Y=1|X=\cdot)", ["x"]),
    (r"p(\hat{\mathbf y}_i = \mathbf y_i \mid \mathbf x_i, \theta)", r"p_{|\mathbf{x},\theta}(\cdot=\cdot|\cdot,\cdot)",
     [r"\hat{\mathbf{y}}_i", r"\mathbf{y}_i", r"\mathbf{x}_i", r"\theta"]),
    (r"p(x_1, x_2 | z)", r"p_{x,x|z}(\cdot,\cdot|\cdot)", ["x_1", "x_2", "z"]),
    (r"q(z \mid x)", r"q_{z}(\cdot|x)", ["z"]),        # one variable, one plain condition: as before
]


@pytest.mark.parametrize("latex, name, args", CONDITIONALS)
def test_a_conditional_is_a_function_of_the_values_written(latex, name, args):
    assert _call(read(latex).expr) == (name, args)


def test_the_same_written_arguments_are_the_same_value_and_others_are_not_tied():
    a = read(r"p(y \mid x; \theta)").expr
    assert a == read(r"p(y|x;\theta)").expr
    assert a != read(r"p(y \mid z; \theta)").expr


def test_a_bar_of_an_absolute_value_or_a_norm_is_no_condition():
    with pytest.raises(NotRead):
        read(r"p(\|x\|)")
    assert "|" not in str(read(r"p(x; \theta)").expr.func)


def test_an_inequality_event_is_not_read_as_a_value():
    with pytest.raises(NotRead):
        read(r"P(Y > 0 \mid X = x)")


def test_conditionals_exponentials_and_sigmoids_are_positive_and_a_polynomial_is_not():
    assert positive(read(r"\prod_{i=1}^{N} p(y_i \mid x_i; \theta)").expr)
    assert positive(read(r"\prod_{i=1}^{N} \sigma(w x_i)^{y_i} (1 - \sigma(w x_i))^{1 - y_i}").expr)
    assert not positive(read(r"(w - 1)^2").expr)
    assert not positive(read(r"\prod_{i=1}^{N} f(x_i)", F).expr)    # f: no probability


def test_the_log_of_a_positive_product_is_split_into_a_sum():
    e = read(r"\prod_{i=1}^{N} p(y_i \mid x_i; \theta)").expr
    want = read(r"\sum_{i=1}^{N} \log p(y_i \mid x_i; \theta)").expr
    assert split_log(sp.log(e)) == want
    poly = read(r"\prod_{i=1}^{N} f(x_i)", F).expr
    assert split_log(sp.log(poly)) == sp.log(poly)       # not shown positive: left whole


# -- documents ---------------------------------------------------------------------------------

MLE = r"""# Q1 Maximum likelihood

Let $p(y \mid x; \theta)$ be the model's probability of the label.

<!-- derivcheck-file: let p = function -->

$$\arg\max_{\theta} \prod_{i=1}^{N} p(y_i \mid x_i; \theta) = \arg\max_{\theta} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta) = \arg\min_{\theta} \left[-\sum_{i=1}^{N} \log p(y_i \mid x_i; \theta)\right]$$

$$\arg\max_{\theta} \frac{1}{N} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta) = \arg\max_{\theta} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta)$$

$$\log \prod_{i=1}^{N} p(y_i \mid x_i) = \sum_{i=1}^{N} \log p(y_i \mid x_i)$$

$$\arg\max_{\theta} \left[\sum_{i=1}^{N} \log p(y_i \mid x_i; \theta) - N \log 2\right] = \arg\max_{\theta} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta)$$

$$\arg\max_{w} \left[\sum_{i=1}^{N} \log p(y_i \mid x_i; w) - \frac{N}{2}\log(2\pi s^2)\right] = \arg\max_{w} \sum_{i=1}^{N} \log p(y_i \mid x_i; w)$$

$$\arg\max_{w} \sum_{i=1}^{N} \log p(y_i \mid x_i; w) = \arg\max_{\theta} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta)$$

$$\arg\max_{\theta} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta) = \arg\min_{\theta} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta)$$

$$\arg\max_{\theta} \sum_{i=1}^{N} \log p(y_i \mid x_i; \theta) = \arg\max_{\theta} \prod_{i=1}^{N} \log p(y_i \mid x_i; \theta)$$

$$\arg\min_{\theta} \left[-\sum_{i=1}^{N} \log p(y_i \mid x_i; \theta)\right] = \arg\max_{\theta} \prod_{i=1}^{N} p(y_i \mid x_i; \theta)$$

$$\arg\max_{x} \log(p(x)) = \arg\max_{x} p(x)$$

$$\arg\max_{\theta} \prod_{i=1}^{N} p(x_i) = \arg\max_{\theta} \sum_{i=1}^{N} \log(p(x_i))$$
"""


def test_mle_chain_holds_with_the_relation_named():
    first, second = at(MLE, 7)
    assert first.status == "holds" and "log of the left objective, positive" in first.detail
    assert second.status == "holds" and "\\arg\\max of f is \\arg\\min of -f" in second.detail


def test_a_positive_constant_factor_and_a_constant_term_hold():
    (s,) = at(MLE, 9)
    assert s.status == "holds" and "positive constant factor 1/N" in s.detail
    (s,) = at(MLE, 13)
    assert s.status == "holds" and "added term free of \\theta" in s.detail


def test_log_of_a_product_of_conditionals_is_a_sum_of_logs():
    (s,) = at(MLE, 11)
    assert s.status == "holds"


def test_a_term_with_a_name_that_may_depend_on_the_variable_is_undecided_naming_it():
    (s,) = at(MLE, 15)
    assert s.status == "undecided" and "it needs s free of w" in s.reason


def test_optima_over_different_variables_are_not_compared():
    (s,) = at(MLE, 17)
    assert s.status == "undecided" and "different variables" in s.reason


def test_max_against_min_of_the_same_objective_is_never_wrong():
    for line in (19, 21):    # argmax f = argmin f; argmax sum log = argmax prod log
        (s,) = at(MLE, line)
        assert s.status == "undecided", (line, s.status, s.reason)
        assert "may still have the same optimum" in s.reason


def test_the_log_may_be_on_the_left_and_a_function_without_a_bar_is_no_probability():
    (s,) = at(MLE, 23)
    assert s.status == "holds" and "log of the right objective, positive" in s.detail
    (s,) = at(MLE, 25)     # p(x): a function (maybe a polynomial), not shown positive
    assert s.status == "undecided" and "the log of the right objective is not tried: it is not shown positive" in s.reason
    (s,) = at(MLE, 27)     # a product of p(x_i) without a bar: its log may not exist
    assert s.status == "undecided" and "the left objective is not shown positive" in s.reason


LOGISTIC = r"""# Problem 2 Logistic regression

The model is

$$P(Y = 1 \mid X = x) = \sigma(w x)$$

$$\log P(Y = 1 \mid X = x) = \log(\sigma(w x))$$

$$\log P(Y = 1 \mid X = x) = \log(1 - \sigma(w x))$$

$$\operatorname*{arg\,max}_{w} \prod_{i=1}^{N} \sigma(w x_i)^{y_i} (1 - \sigma(w x_i))^{1 - y_i} = \underset{w}{\arg\max} \sum_{i=1}^{N} \left[ y_i \log(\sigma(w x_i)) + (1 - y_i) \log(1 - \sigma(w x_i)) \right]$$

$$\mathrm{argmin}_{w} \; -2 \sum_{i=1}^{N} \log(\sigma(w x_i)) = \arg\max_{w} \sum_{i=1}^{N} \log(\sigma(w x_i))$$

$$\arg\max_{w} (2 - w) w = \arg\min_{w} (w - 1)^2$$

$$\arg\max_{w} (w - 1)^2 = \arg\max_{w} \log((w-1)^2)$$

$$\max_{w} \sum_{i=1}^{N} \log(\sigma(w x_i)) = \arg\max_{w} \sum_{i=1}^{N} \log(\sigma(w x_i))$$

$$\arg\max_{w} f(w) + 1 = \arg\max_{w} f(w)$$
"""


def test_the_document_definition_of_a_conditional_is_used():
    (d,) = at(LOGISTIC, 5)
    assert d.status == "definition"
    (s,) = at(LOGISTIC, 7)
    assert s.status == "holds"
    (s,) = at(LOGISTIC, 9)
    assert s.status == "wrong"      # log sigma(wx) = log(1 - sigma(wx)): false at w x = 1


def test_bernoulli_likelihood_and_its_log_are_the_same_optimum():
    (s,) = at(LOGISTIC, 11)
    assert s.status == "holds" and "log of the left objective, positive" in s.detail


def test_a_negative_constant_factor_flips_max_and_min():
    (s,) = at(LOGISTIC, 13)
    assert s.status == "holds" and "positive constant factor 2" in s.detail


def test_objectives_differing_by_a_constant_after_expansion():
    (s,) = at(LOGISTIC, 15)
    assert s.status == "holds" and "added term free of w: 1" in s.detail


def test_a_log_of_what_may_be_zero_or_negative_is_undecided():
    (s,) = at(LOGISTIC, 17)
    assert s.status == "undecided" and "the log of the left objective is not tried" in s.reason


def test_a_max_against_an_argmax_and_an_optimum_plus_a_term_are_not_decided():
    (s,) = at(LOGISTIC, 19)      # a value and a point
    assert s.status == "not_read"
    (s,) = at(LOGISTIC, 21)
    assert s.status == "not_read" and "the optimum of the whole" in s.reason


VAE = r"""\documentclass{article}
% derivcheck-file: let p = function
\begin{document}
\section*{Problem 3}
The encoder is $q_\phi(z \mid x)$ and the decoder $p_\theta(x \mid z)$.
\begin{equation*}
\arg\max_{\phi} \sum_{n=1}^{N} \left[ \log p_\theta(x_n \mid z_n) + \log p(z_n) - \log q_\phi(z_n \mid x_n) \right]
= \arg\min_{\phi} \sum_{n=1}^{N} \left[ \log q_\phi(z_n \mid x_n) - \log p(z_n) - \log p_\theta(x_n \mid z_n) \right]
\end{equation*}
\begin{equation*}
\arg\max_{\phi} \sum_{n=1}^{N} \left[ \log p_\theta(x_n \mid z_n) - \log q_\phi(z_n \mid x_n) \right]
= \arg\min_{\phi} \sum_{n=1}^{N} \left[ \log q_\phi(z_n \mid x_n) + \log p_\theta(x_n \mid z_n) \right]
\end{equation*}
\end{document}
"""


def test_vae_objective_negated_holds_and_a_sign_slip_is_undecided():
    (s,) = at(VAE, 8, "latex")
    assert s.status == "holds", s.reason
    (s,) = at(VAE, 12, "latex")
    assert s.status == "undecided" and "may still have the same optimum" in s.reason


def test_no_step_of_these_documents_is_wrong_but_the_planted_log_slip():
    wrong = [(ln, s.latex) for text, kind in ((MLE, "markdown"), (LOGISTIC, "markdown"), (VAE, "latex"))
             for ln, s in steps(text, kind) if s.status == "wrong"]
    assert [ln for ln, _ in wrong] == [9]


GAUSSIAN = r"""# Problem 1 Linear regression as maximum likelihood

Assume $y_i = w x_i + \epsilon_i$ with noise variance $s^2$, so $p(y_i \mid x_i; w) = \mathcal{N}(y_i; w x_i, s^2)$.

$$\hat w = \arg\max_{w} \prod_{i=1}^{N} \mathcal{N}(y_i; w x_i, s^2) = \arg\max_{w} \sum_{i=1}^{N} \log \mathcal{N}(y_i; w x_i, s^2) = \arg\max_{w} \sum_{i=1}^{N} \left[-\frac{(y_i - w x_i)^2}{2 s^2} - \frac{1}{2}\log(2\pi s^2)\right] = \arg\min_{w} \sum_{i=1}^{N} (y_i - w x_i)^2$$

$$\hat w = \frac{\sum_{i=1}^{N} x_i y_i}{\sum_{i=1}^{N} x_i^2}$$

$$\arg\max_{w} \sum_{i=1}^{N} \log p(y_i \mid x_i; w) = \arg\max_{w} \sum_{i=1}^{N} \log \mathcal{N}(y_i; w x_i, s^2)$$

$$\arg\max_{w} \sum_{i=1}^{N} \log \mathcal{N}(y_i; w x_i, s^2) = \arg\min_{w} \sum_{i=1}^{N} (y_i - 2 w x_i)^2$$
"""


def test_gaussian_likelihood_chain_to_least_squares():
    named, log, same, squares = at(GAUSSIAN, 5)
    assert named.status == "definition" and "names \\hat{w} the \\arg\\max over w" in named.reason
    assert log.status == "holds" and "log of the left objective, positive" in log.detail
    assert same.status == "holds" and "the same objective" in same.detail
    # up to the factor 1/(2 s^2) and the term -N/2 log(2 pi s^2): holds as read, leaning on s
    assert squares.status == "undecided"
    assert "positive constant factor 1/(2*s**2)" in squares.reason and "it needs s free of w" in squares.reason


def test_the_formula_of_a_named_optimum_solves_for_it_and_a_defined_conditional_is_used():
    (s,) = at(GAUSSIAN, 7)
    assert s.status == "condition"
    (s,) = at(GAUSSIAN, 9)
    assert s.status == "holds"       # p(y_i | x_i; w) as the text defines it


def test_a_changed_objective_is_undecided_after_both_maps_are_tried():
    (s,) = at(GAUSSIAN, 11)
    assert s.status == "undecided" and "may still have the same optimum" in s.reason
    assert "or \\arg\\max of f is \\arg\\min of -f; a positive constant factor" in s.reason


INTEGER = r"""# Q2 A class index

<!-- derivcheck-file: assume k integer; let f = function -->

$$\arg\max_{k} \left[ k + f(k) \right] = \arg\max_{k} f(k)$$

$$\arg\max_{k} \left[ 2 + f(k) \right] = \arg\max_{k} f(k)$$
"""


def test_an_integer_variable_is_no_constant_term():
    (s,) = at(INTEGER, 5)
    assert s.status == "undecided"
    (s,) = at(INTEGER, 7)
    assert s.status == "holds" and "added term free of k: 2" in s.detail


BERNOULLI = r"""# Problem 3 Likelihood

$$p(y \mid x) = \sigma(a x)^{y} (1 - \sigma(a x))^{1 - y}$$

$$\log p(y \mid x) = y \log(\sigma(a x)) + (1 - y) \log(1 - \sigma(a x))$$

$$\log p(y \mid x) = y \log(\sigma(a x)) + (1 + y) \log(1 - \sigma(a x))$$
"""


def test_a_defined_conditional_is_used_and_a_slip_against_it_is_wrong():
    (d,) = at(BERNOULLI, 3)
    assert d.status == "definition"
    (s,) = at(BERNOULLI, 5)
    assert s.status == "holds"
    (s,) = at(BERNOULLI, 7)
    assert s.status == "wrong"       # (1 + y): at y = 1 the sides differ by 2 log(1 - sigma(a x))
