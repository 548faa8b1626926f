"""Layer labels on differentiation variables read from the document's own writing, and components
of vector functions. Documents are written in other courses' styles; the correct versions hold,
planted errors are wrong only where the reading is forced, and ambiguous forms stay not read."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.labels import EVIDENT, evident
from checks.io.audit.read import Scope, read


def _steps(text):
    steps = audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps
    return {(s.line, n): s for n, s in enumerate(steps)}


def _by_line(text):
    out = {}
    for (line, _), s in sorted(_steps(text).items()):
        out.setdefault(line, []).append(s)
    return out


# -- 1. the document declares a layer label by differentiating by it ------------------------------

@pytest.mark.parametrize("maths, declared", [
    ([r"(\nabla_{\mathbf{h}^1} L)_n = 0"], [r"\mathbf{h}^{1}"]),
    ([r"\frac{\partial a_i}{\partial h_n^1} = w_j"], ["h^{1}"]),
    ([r"\frac{\partial L}{\partial h^1_{i+j-1}}"], ["h^{1}"]),
    ([r"\frac{\partial L}{\partial \omega_{kj}^2}"], [r"\omega^{2}"]),
    ([r"\nabla_{\boldsymbol{\theta}^{2}} L"], [r"\boldsymbol{\theta}^{2}"]),
    # the entry of a vector expression (h^1 * w^2)_i writes the vector, not a scalar power
    ([r"\frac{\partial L}{\partial h_n^1}", r"a_i^2 = (h^1 * w^2)_i"], ["h^{1}"]),
])
def test_evidence_declares_the_differentiated_labels(maths, declared):
    assert evident(maths) == declared


@pytest.mark.parametrize("maths", [
    # the same superscript on the plain scalar letter elsewhere: a power there, so ambiguous
    [r"\frac{\partial L}{\partial h_n^2}", r"p(h) = h^2 + 3h"],
    [r"\nabla_{\mathbf{a}^2} L", r"\frac{a^2}{2}"],
    [r"\frac{\partial L}{\partial h_n^1}", r"h^1 x + 1"],
    # a plain scalar variable with a superscript is the power itself (the variance sigma^2)
    [r"\frac{\partial s}{\partial \sigma^2} = \frac{1}{2s}"],
    # a second derivative: the order, not a label
    [r"\frac{\partial^2 f}{\partial x_i^2}"],
    # a numerator is no variable; a subscript that is no index (\sigma_B) is no entry
    [r"\frac{\partial a_i^2}{\partial z}", r"\frac{\partial L}{\partial \sigma_B^2}"],
    # the transpose
    [r"\nabla_{\mathbf{W}^T} L"],
])
def test_no_evidence_or_the_evidence_ends(maths):
    assert evident(maths) == []


def test_reading_with_evidence_labels_and_the_length_of_a_labelled_vector():
    lets = ((r"\mathbf{a}^{2}", EVIDENT), ("h^{1}", EVIDENT))
    r = read(r"\sum_{i=1}^{|\mathbf{a}^2|} (\nabla_{\mathbf{a}^2} L)_i \frac{\partial a_i^2}{\partial h_n^1}", Scope(lets=lets))
    assert repr(r.expr) == r"Sum(Derivative(L, a^{(2)}[i])*Derivative(a^{(2)}[i], h_n^{(1)}), (i, 1, n_{\mathbf{a}^{(2)}}))"
    assert r.sizes == {r"n_{\mathbf{a}^{(2)}}"}
    # |\mathbf{a}^2| anywhere but a sum's bound (a norm? a length?) stays not read
    with pytest.raises(Exception):
        read(r"|\mathbf{a}^2| + 1", Scope(lets=lets))


BACKPROP = r"""<!-- derivcheck-file: let u_1, u_2 = symbol -->
# Homework 3, Problem 2: backpropagation with layer superscripts

(a) The loss of the two output pre-activations:

$$L = \frac{1}{2} (a_1^2)^2 + \frac{1}{2} (a_2^2)^2$$

$$(\nabla_{\mathbf{a}^2} L)_1 = a_1^2$$

(b) The loss of the hidden units $h_1^1, h_2^1$ through one output:

$$E = (u_1 h_1^1 + u_2 h_2^1)^2$$

$$\frac{\partial E}{\partial h_2^1} = 2 u_2 \cdot (u_1 h_1^1 + u_2 h_2^1)$$

$$(\nabla_{\mathbf{h}^1} E)_1 = 2 u_1 \cdot (u_1 h_1^1 + u_2 h_2^1)$$

(c) One unit:

$$\frac{\partial (h_1^1 h_2^1)^2}{\partial h_2^1} = 2 (h_1^1)^2 h_2^1$$
"""


def _doc(text, *pairs):
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    return text


def test_backprop_with_layer_superscripts_holds_without_directives():
    steps = _by_line(BACKPROP)
    assert {line: [s.status for s in ss] for line, ss in steps.items()} == {
        6: ["definition"], 8: ["holds"], 12: ["definition"], 14: ["holds"], 16: ["holds"], 20: ["holds"]}
    assert "a_1^{(2)}" in steps[8][0].reading.to and "h_2^{(1)}" in steps[20][0].reading.to


@pytest.mark.parametrize("old, new, line", [
    (r"(\nabla_{\mathbf{a}^2} L)_1 = a_1^2", r"(\nabla_{\mathbf{a}^2} L)_1 = 2 a_1^2", 8),          # factor 2
    (r"= 2 u_2 \cdot (u_1 h_1^1", r"= u_2 \cdot (u_1 h_1^1", 14),                                  # lost 2
    (r"(\nabla_{\mathbf{h}^1} E)_1 = 2 u_1", r"(\nabla_{\mathbf{h}^1} E)_1 = 2 u_2", 16),           # u_1 -> u_2
    (r"= 2 (h_1^1)^2 h_2^1", r"= 2 h_1^1 h_2^1", 20),                                               # lost square
])
def test_planted_errors_are_wrong_where_every_label_is_a_variable_of_the_step(old, new, line):
    steps = _by_line(_doc(BACKPROP, (old, new)))
    assert [s.status for s in steps[line]] == ["wrong"], steps[line][0].reason
    assert all(s.status != "wrong" for ln, ss in steps.items() if ln != line for s in ss)


def test_a_label_the_step_does_not_differentiate_by_leaves_a_wrong_undecided():
    # a_1^2 is labelled because (a) differentiates by \mathbf{a}^2; in (d) it is no variable, so
    # the superscript may be a power there: the slip (u_1 for u_2) is not certain
    text = BACKPROP + r"""
(d) The output pre-activation:

$$a_1^2 = u_1 h_1^1 + u_2 h_2^1$$

$$\frac{\partial a_1^2}{\partial h_2^1} = u_1$$
"""
    steps = _by_line(text)
    (s,) = steps[max(steps)]
    assert s.status == "undecided" and "read as layer labels" in s.reason, s.reason


def test_an_entry_without_its_superscript_beside_the_label_doubts_a_holds():
    # a_1 beside a_1^2: the superscript may be a power of a_1 (then the derivative is not 1)
    text = "# Q\n\n$$\\frac{\\partial (a_1^2 + a_1)}{\\partial a_1^2} = 1$$\n"
    (s,) = [s for ss in _by_line(text).values() for s in ss]
    assert s.status == "undecided" and "a_1 is written beside" in s.reason, s.reason


def test_a_polynomial_power_of_the_same_letter_keeps_the_derivative_not_read():
    text = ("# Q\n\nThe polynomial $p = h^2 + 3h$.\n\n"
            "$$\\frac{\\partial (h_1^2 h_2^2)}{\\partial h_1^2} = h_2^2$$\n")
    (s,) = [s for ss in _by_line(text).values() for s in ss]
    assert s.status == "not_read" and "power or superscript" in s.reason, s.reason
