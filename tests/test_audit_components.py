"""Layer labels on differentiation variables read from the document's own writing, and components
of vector functions. Documents are written in other courses' styles; the correct versions hold,
planted errors are wrong only where the reading is forced, and ambiguous forms stay not read."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.reading.labels import EVIDENT, evident
from checks.io.audit.reading.read import Scope, read


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


# -- 2. components of vector functions -----------------------------------------------------------

from checks.io.audit.reading.components import ELEMENTWISE, SOFTMAX_ENTRIES, components, entries_key, softmax_names  # noqa: E402


@pytest.mark.parametrize("side, lets, rewritten", [
    (r"\tanh(\mathbf{z})_i + \exp(z)_{j} - \mathrm{ReLU}(\mathbf a)_2", (), r"\tanh(z_{i}) + \exp(z_{j}) - \mathrm{ReLU}(a_{2})"),
    (r"\mathrm{softmax}(\mathbf{z})_i", (), r"\mathrm{softmax}(z)_{i}"),
    (r"S(\mathbf{x})_i - S(x)_j", ((entries_key("S"), SOFTMAX_ENTRIES),), r"\mathrm{softmax}(x)_{i} - \mathrm{softmax}(x)_{j}"),
    (r"S(\mathbf{x})_i", (("S", "softmax"),), r"\mathrm{softmax}(x)_{i}"),
    (r"\sigma(\mathbf{z})_i", ((entries_key("\\sigma"), ELEMENTWISE),), r"\sigma(z_{i})"),
    # left as written (the reader refuses them, naming the construct)
    (r"\sigma(\mathbf{z})_i", (), r"\sigma(\mathbf{z})_i"),                  # the softmax in some courses
    (r"S(\mathbf{x})_i", (("S", "function"),), r"S(\mathbf{x})_i"),          # an unknown S
    (r"\sigma(W x + b)_i", ((entries_key("\\sigma"), ELEMENTWISE),), r"\sigma(W x + b)_i"),
    (r"AS(x)_i", ((entries_key("S"), SOFTMAX_ENTRIES),), r"AS(x)_i"),
])
def test_component_rewrites(side, lets, rewritten):
    assert components(side, lets) == rewritten


@pytest.mark.parametrize("maths, names", [
    ([r"S(\mathbf{x})_i = e^{x_i} / \sum_j e^{x_j}"], ["S"]),
    ([r"\text{softmax} = S(\mathbf{x}) = \frac{e^{x_i}}{\sum_j e^{x_j}}"], ["S"]),
    ([r"\sigma(\mathbf{x})_j = \frac{\exp(x_j)}{\sum_{k=1}^d \exp(x_k)} \quad \text{for } j = 1, \dots, d."], ["\\sigma"]),
    ([r"\mathrm{sm}(\mathbf{z})_i = \frac{\exp\left(z_i\right)}{\sum_{j} \exp\left(z_j\right)}"], ["\\mathrm{sm}"]),
    # not the softmax: the sum's index on top, another vector below, the entry index in the sum
    ([r"T(x)_i = \frac{e^{x_i}}{\sum_j e^{x_i}}", r"U(x)_i = \frac{e^{y_i}}{\sum_j e^{y_j}}",
      r"V(x)_i = \frac{e^{x_j}}{\sum_j e^{x_j}}", r"\frac{a}{b}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}"], []),
    # a causal or partial softmax sums over some entries only: another function
    ([r"S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{j=1}^{i} e^{x_j}}", r"T(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{j=1}^{K-1} e^{x_j}}",
      r"W(\mathbf{x})_i = e^{x_i} / \sum_{j=1}^{i} e^{x_j}"], []),
])
def test_softmax_definitions_found_in_the_text(maths, names):
    assert softmax_names(maths) == names


JACOBIAN = r"""# Lecture 4 exercises: the softmax Jacobian

Let $\mathbf{p} = \mathrm{softmax}(\mathbf{z})$ for $\mathbf{z} \in \mathbb{R}^n$, and fix two indices $i$ and $j$.

**(a)**

$$\mathrm{softmax}(\mathbf{z})_j = \frac{e^{z_j}}{\sum_{k=1}^{n} e^{z_k}}$$

**(b)**

$$\frac{\partial\, \mathrm{softmax}(\mathbf{z})_i}{\partial z_j} = \mathrm{softmax}(\mathbf{z})_i \mathbf{1}_{i=j} - \mathrm{softmax}(\mathbf{z})_i \mathrm{softmax}(\mathbf{z})_j$$

**(c)**

$$\sum_{i=1}^{n} \frac{\partial\, \mathrm{softmax}(\mathbf{z})_i}{\partial z_j} = 0$$
"""


def test_softmax_jacobian_with_bold_arguments_holds():
    steps = _by_line(JACOBIAN)
    assert {line: [s.status for s in ss] for line, ss in steps.items()} == {7: ["holds"], 11: ["holds"], 15: ["holds"]}
    # the entries of \mathbf{z} are the z_j the derivative is taken by: one vector
    # (with \mathbf{z}[i] its own vector, the derivative by z_j would be 0)
    assert "KroneckerDelta(i, j)*exp(z[i])" in steps[11][0].reading.from_
    assert "mathbf" not in steps[11][0].reading.from_ + steps[11][0].reading.to


@pytest.mark.parametrize("old, new, line", [
    (r"\frac{e^{z_j}}{\sum_{k=1}^{n} e^{z_k}}", r"\frac{e^{z_j}}{1 + \sum_{k=1}^{n} e^{z_k}}", 7),
    (r"\mathbf{1}_{i=j} - \mathrm{softmax}", r"\mathbf{1}_{i=j} + \mathrm{softmax}", 11),
    (r"{\partial z_j} = 0", r"{\partial z_j} = \mathrm{softmax}(\mathbf{z})_j", 15),
])
def test_softmax_jacobian_planted_errors_are_wrong(old, new, line):
    steps = _by_line(_doc(JACOBIAN, (old, new)))
    assert [s.status for s in steps[line]] == ["wrong"], steps[line][0].reason
    assert all(s.status != "wrong" for ln, ss in steps.items() if ln != line for s in ss)


DEFINED_S = r"""# Problem 2 (softmax)

Recall the softmax $S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}$.

$$\frac{\partial S(\mathbf{x})_i}{\partial x_i} = S(\mathbf{x})_i - (S(\mathbf{x})_i)^2$$

$$\sum_{i=1}^{n} S(\mathbf{x})_i = 1$$
"""


def test_a_name_defined_as_the_softmax_entrywise_reads_its_components():
    steps = _by_line(DEFINED_S)
    assert {line: [s.status for s in ss] for line, ss in steps.items()} == {5: ["holds"], 7: ["holds"]}
    bad = _by_line(_doc(DEFINED_S, (r"S(\mathbf{x})_i - (S", r"S(\mathbf{x})_i + (S")))
    assert [s.status for s in bad[5]] == ["wrong"]


def test_an_unknown_name_keeps_its_components_not_read():
    text = _doc(DEFINED_S, ("Recall the softmax $S(\\mathbf{x})_i = \\frac{e^{x_i}}{\\sum_{j=1}^{n} e^{x_j}}$.",
                            "Let $S$ be a function."))
    # "Let $S$ be a function" declares S a function (mentions.py): its components are those of an
    # unknown function, never the softmax's, so neither step holds nor is wrong
    for ss in _by_line(text).values():
        assert [s.status for s in ss] in (["not_read"], ["undecided"]), ss[0].reason
        assert "softmax" not in ss[0].reason


SIGMA_SOFTMAX = r"""# 2. Softmax Function

The softmax function $\sigma : \mathbb{R}^d \to [0,1]^d$ is given by

$$\sigma(\mathbf{x})_j = \frac{\exp(x_j)}{\sum_{k=1}^d \exp(x_k)}$$

(b) Show that the entries sum to one:

$$\sum_{j=1}^{d} \sigma(\mathbf{x})_{j} = 1$$
"""


def test_sigma_of_a_vector_is_the_softmax_where_the_document_defines_it_so():
    # the elementwise sigmoid would make (b) wrong: sigma(x_1) = 1 fails at d = 1
    steps = _by_line(SIGMA_SOFTMAX)
    assert {line: [s.status for s in ss] for line, ss in steps.items()} == {5: ["holds"], 9: ["holds"]}


SIGMA_ELEMENTWISE = r"""# Q3

The hidden layer is $\mathbf{h} = \sigma(\mathbf{z})$, where the sigmoid $\sigma$ is applied element-wise.

$$\frac{\partial \sigma(\mathbf{z})_i}{\partial z_i} = \sigma(\mathbf{z})_i (1 - \sigma(\mathbf{z})_i)$$
"""


def test_sigma_components_are_elementwise_only_where_the_text_says_so():
    (s,) = [s for ss in _by_line(SIGMA_ELEMENTWISE).values() for s in ss]
    assert s.status == "holds" and s.reading.to == "(1 - sigmoid(z_i))*sigmoid(z_i)", (s.status, s.reason)
    bad = _doc(SIGMA_ELEMENTWISE, ("(1 - \\sigma", "(1 + \\sigma"))
    assert [s.status for ss in _by_line(bad).values() for s in ss] == ["wrong"]
    silent = _doc(SIGMA_ELEMENTWISE, (", where the sigmoid $\\sigma$ is applied element-wise", ""))
    (s,) = [s for ss in _by_line(silent).values() for s in ss]
    assert s.status == "not_read" and "component" in s.reason, s.reason


# -- the labels and sizes in a 1-D convolution gradient (the style of the 004 seed, no directive
# for the superscripts) ----------------------------------------------------------------------------

CONV = r"""<!-- derivcheck-file: let w_1, w_2 = symbol -->
# Assignment 2, Question 4: the gradient of a 1-D convolution

The layer computes $\mathbf{a}^2 = \mathbf{h}^1 * \mathbf{w}$ (valid convolution, no flipping) with a kernel of size $k$:
$a_i^2 = \sum_{j=1}^{k} h_{i+j-1}^1 w_j$ for $i = 1, \dots, |\mathbf{a}^2|$.

**(a)** The first output for a kernel of size 2:

$$\frac{\partial \left( h_{1}^1 w_1 + h_{2}^1 w_2 \right)^2}{\partial h_1^1} = 2 w_1 \cdot \left( h_{1}^1 w_1 + h_{2}^1 w_2 \right)$$

**(b)** The chain rule through the layer:

$$(\nabla_{\mathbf{h}^1} L)_n = \sum_{i=1}^{|\mathbf{a}^2|} (\nabla_{\mathbf{a}^2} L)_i \frac{\partial a_i^2}{\partial h_n^1}$$

**(c)** Only the terms with $1 \le n - i + 1 \le k$ remain:

$$\frac{\partial}{\partial h_n^1} \sum_{j=1}^{k} h_{i+j-1}^1 w_j = w_{n-i+1}$$
"""


def test_convolution_gradient_reads_the_labels_without_a_directive():
    steps = _by_line(CONV)
    assert {line: [s.status for s in ss] for line, ss in steps.items()} == \
        {9: ["holds"], 13: ["undecided"], 17: ["undecided"]}
    # (b) substitutes the prose's entries a_i^2 = sum_j h_{i+j-1}^1 w_j (tied to the labelled arrays)
    assert "KroneckerDelta(n, -1 + i + j)" in steps[13][0].reading.to
    # (c) as read: the derivative of the sum by the entry h^{(1)}[n]; the range the prose gives is
    # not used, so a slip there cannot be wrong
    assert "KroneckerDelta(n, -1 + i + j)" in steps[17][0].reading.from_
    slip = _by_line(_doc(CONV, (r"= w_{n-i+1}", r"= w_{n-i}")))
    assert [s.status for s in slip[17]] == ["undecided"]


def test_convolution_planted_slip_in_a_forced_reading_is_wrong():
    steps = _by_line(_doc(CONV, (r"= 2 w_1 \cdot", r"= w_1 \cdot")))
    assert [s.status for s in steps[9]] == ["wrong"]
    assert set(steps[9][0].counterexample["point"]) == {"h_1^{(1)}", "h_2^{(1)}", "w_1", "w_2"}


# -- what stays not read: no evidence in the scope ------------------------------------------------

from checks.io.audit.reading.read import NotRead  # noqa: E402


@pytest.mark.parametrize("side, lets, says", [
    (r"(\nabla_{\mathbf{h}^1} L)_n", (), "layer label or a power"),
    (r"\frac{\partial a_i}{\partial h_n^1}", (), "power or superscript"),
    (r"\sum_{i=1}^{|\mathbf{a}^2|} x_i", (), "a power of a vector"),
    (r"\sigma(\mathbf{z})_i", (), "component"),
    (r"\sigma(W x + b)_i", ((entries_key("\\sigma"), ELEMENTWISE),), "component"),
    (r"S(\mathbf{x} + c)_i", ((entries_key("S"), SOFTMAX_ENTRIES), ("S", "function")), "component"),
])
def test_sides_that_stay_not_read(side, lets, says):
    with pytest.raises(NotRead) as e:
        read(side, Scope(lets=lets))
    assert says in e.value.reason, e.value.reason


def test_a_softmax_definition_of_another_question_doubts_the_reading():
    # S is the softmax in Problem 1; Problem 2 may reuse the letter: its components are a guess there
    text = DEFINED_S.replace("# Problem 2 (softmax)", "# Problem 1 (softmax)") + "\n# Problem 2\n\n" + \
        "$$\\frac{\\partial S(\\mathbf{x})_i}{\\partial x_i} = S(\\mathbf{x})_i + (S(\\mathbf{x})_i)^2$$\n"
    steps = _by_line(text)
    assert [s.status for s in steps[5]] == ["holds"]
    (s,) = steps[max(steps)]
    assert s.status == "undecided" and "as Problem 1 defines it" in s.reason, s.reason


@pytest.mark.parametrize("text, says", [
    (r"where $\sigma$ is applied element-wise.", True),
    ("the sigmoid is applied elementwise", True),
    ("x. The sigmoid acts entrywise. The softmax does not.", True),
    # a sentence about the softmax, or a negation, says nothing of an elementwise sigmoid
    (r"where $\sigma$ is the softmax (not applied element-wise).", False),
    ("Unlike the sigmoid, the softmax is not applied elementwise.", False),
    (r"$\sigma$ is the logistic function.", False),
])
def test_the_sentence_that_makes_sigma_elementwise(text, says):
    from checks.io.audit.reading.components import says_sigma_elementwise
    assert says_sigma_elementwise(text) is says


@pytest.mark.parametrize("name, got", [
    ("h_n^{(1)}", ("h^{(1)}", "n")),          # an entry of the labelled vector h^{(1)}
    ("w_{kj}^{(2)}", ("w^{(2)}", "kj")),
    ("h_{n+1}^{(1)}", None),
    ("h_1^{(1)}", None),
    ("W_{ij}", ("W", "ij")),
])
def test_entries_of_labelled_arrays(name, got):
    from checks.io.audit.reading.indices import entry_letters
    assert entry_letters(name) == got
