"""Whole-vector and matrix gradients, third round (checks/io/audit/reading/layered.py, nabla.py, norms.py,
vectors.py):

- layer-labelled names in a gradient step (``\\nabla_{\\mathbf g^1} L = (W^2)^\\top \\boldsymbol\\delta^2``):
  a superscripted name the document differentiates by, declares in a space or names an upstream
  gradient is a name, not a power;
- several layers' deltas named (``\\boldsymbol\\delta^1``, ``\\boldsymbol\\delta^2``): the chain rule
  goes through the one whose array is defined with the variable in it;
- an array whose definition does not reach the variable (``\\mathbf g^1`` in a gradient by W^2)
  is held fixed rightly, without the doubt that it may depend on it;
- a matrix gradient that fits only transposed is a claim to refute where the document says
  gradients are shaped like their variable, and a doubt (not read) where it does not."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from checks.io.audit.reading import layered
from checks.io.audit.arrays import nabla, norms
from checks.io.audit.run import audit_documents


def steps_of(text: str, name: str = "doc.tex", kind: str = "latex"):
    doc = SimpleNamespace(name=name, text=text, kind=kind)
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def at(steps, line, k=0):
    return [s for s in steps if s.line == line][k]


MLP = r"""\section*{Problem 1: backpropagation with deltas}

The network is $\mathbf z^1 = W^1 \mathbf x$, $\mathbf g^1 = \tanh(\mathbf z^1)$ entrywise, $\mathbf z^2 = W^2 \mathbf g^1$,
with $W^1 \in \mathbb R^{M \times D}$ and $W^2 \in \mathbb R^{C \times M}$. The loss $L$ depends on the network only through
$\mathbf z^2$, and we name $\boldsymbol\delta^2 = \nabla_{\mathbf z^2} L$ and $\boldsymbol\delta^1 = \nabla_{\mathbf z^1} L$.
LAYOUT
\begin{align*}
\nabla_{\mathbf g^1} L &= (W^2)^\top \boldsymbol\delta^2 \\
\nabla_{W^2} L &= \boldsymbol\delta^2 (\mathbf g^1)^\top \\
\nabla_{W^1} L &= \boldsymbol\delta^1 \mathbf x^\top
\end{align*}
Two slips:
\begin{equation*}
\nabla_{\mathbf g^1} L = W^2 \boldsymbol\delta^2
\end{equation*}
\begin{equation*}
\nabla_{W^1} L = \mathbf x (\boldsymbol\delta^1)^\top
\end{equation*}
"""
SAID = "Gradients have the same shape as the variable."


@pytest.fixture(scope="module")
def mlp():
    return steps_of(MLP.replace("LAYOUT", SAID))


@pytest.fixture(scope="module")
def unsaid():
    return steps_of(MLP.replace("LAYOUT", "Here is the backward pass."))


def test_a_gradient_by_a_labelled_vector_goes_through_the_named_delta(mlp):
    s = at(mlp, 8)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "chain rule through \\mathbf{z}^{(2)}" in s.reason


def test_a_missing_transpose_of_a_labelled_weight_is_wrong(mlp):
    s = at(mlp, 14)
    assert s.status == "wrong", (s.status, s.reason)
    assert "W^{(2)}[1,1]" in s.counterexample["point"]


def test_a_weight_gradient_holds_the_other_layer_fixed_rightly(mlp):
    s = at(mlp, 9)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "\\mathbf{g}^{(1)} held fixed in the gradient by W^{(2)}: its definition, put in, does not write it" in s.reason


def test_of_two_deltas_the_one_through_the_variable_is_used(mlp):
    s = at(mlp, 10)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "chain rule through \\mathbf{z}^{(1)}" in s.reason


def test_a_transposed_weight_gradient_is_wrong_where_the_layout_is_said(mlp):
    s = at(mlp, 17)
    assert s.status == "wrong", (s.status, s.reason)
    assert "as the document says: 'Gradients have the same shape as the variable'" in s.reason


def test_a_transposed_weight_gradient_is_a_doubt_where_no_layout_is_said(unsaid):
    s = at(unsaid, 17)
    assert s.status == "not_read", (s.status, s.reason)
    assert s.reason.startswith("the sides do not fit, but fit as each other's transpose")
    assert at(unsaid, 14).status == "wrong"       # W^2 \delta^2 is no layout of (W^2)^T \delta^2


def test_the_numerator_layout_spoken_of_keeps_the_transposed_gradient_a_doubt():
    steps = steps_of(MLP.replace("LAYOUT", SAID + " Some texts use the numerator layout."))
    assert at(steps, 17).status == "not_read"
    assert at(steps, 10).status == "undecided"


@pytest.mark.parametrize("text, said", [
    ("Gradients have the shape of the variable.", True),
    ("the gradient has the same shape as $W$.", True),
    ("We use the denominator layout throughout.", True),
    ("The gradient is a vector.", False),
    ("Here the gradient does not have the same shape as the variable.", False),
    ("Gradients have the shape of the variable; some write the numerator layout.", False),
])
def test_the_layout_said_in_words(text, said):
    assert (norms.layout_said(text) is not None) == said


@pytest.mark.parametrize("text, names", [
    (r"\nabla_{W^2} L", {"W^{2}"}),
    (r"W^1 \in \mathbb R^{H \times D}", {"W^{1}"}),
    (r"\boldsymbol\delta^2 = \nabla_{\mathbf a^2} L", {r"\boldsymbol{\delta}^{2}", r"\mathbf{a}^{2}"}),
    (r"x^2 \in \mathbb R", set()),                  # said of a square: no dimension
    (r"\nabla_{W^T} L", set()),                    # a transpose
    (r"\frac{\partial^2 f}{\partial x^2}", set()),  # a second derivative
])
def test_the_names_a_document_uses_only_as_names(text, names):
    assert layered.evidence([text]) == names


def test_an_array_defined_through_the_variable_is_not_independent():
    defs = {"\\mathbf{z}": [("W \\mathbf{x}", "1")], "\\mathbf{g}": [("\\tanh(\\mathbf{z})", "1")],
            "\\mathbf{u}": [("V \\mathbf{y}", "1")]}
    assert nabla.independent_of({"W"}, defs, "1", None) == {"\\mathbf{u}"}
    twice = {**defs, "\\mathbf{y}": [("A \\mathbf{x}", "1"), ("W \\mathbf{x}", "1")]}
    assert nabla.independent_of({"W"}, twice, "1", None) == set()     # y's meaning is not known


# --- members of a family of vectors (word2vec: \mathbf v_c, \mathbf u_o, \mathbf u_1) -------------

W2V = r"""\section*{Problem 1}
SAID centre vector $\mathbf v_c \in \mathbb R^d$, outside vector $\mathbf u_o \in \mathbb R^d$.
\begin{equation*}
J = -\log \sigma(\mathbf u_o^\top \mathbf v_c) - \log \sigma(-\mathbf u_1^\top \mathbf v_c)
\end{equation*}
\begin{equation*}
\nabla_{\mathbf v_c} J = -\left(1 - \sigma(\mathbf u_o^\top \mathbf v_c)\right) \mathbf u_o + \sigma(\mathbf u_1^\top \mathbf v_c) \mathbf u_1
\end{equation*}
\begin{equation*}
\nabla_{\mathbf u_o} J = \left(\sigma(\mathbf u_o^\top \mathbf v_c) - 1\right) \mathbf v_c
\end{equation*}
\begin{equation*}
\nabla_{\mathbf v_c} J = \left(\sigma(\mathbf u_o^\top \mathbf v_c) - 1\right) \mathbf v_c
\end{equation*}
"""


@pytest.fixture(scope="module")
def w2v():
    return steps_of(W2V.replace("SAID", "Distinct vectors:"))


def test_a_gradient_by_a_member_of_a_family(w2v):
    assert at(w2v, 4).status == "definition"
    for line in (7, 10):
        s = at(w2v, line)
        assert (s.status, s.strength) == ("holds", "bounded"), (line, s.status, s.reason)
        assert "the gradient of J by a vector" in s.reason


def test_a_member_gradient_missing_a_term_is_wrong(w2v):
    s = at(w2v, 13)
    assert s.status == "wrong", (s.status, s.reason)
    assert "\\mathbf{v}_c[1]" in s.counterexample["point"]


def test_members_not_said_distinct_are_a_doubt():
    steps = steps_of(W2V.replace("SAID", "A"))     # u_o and u_1 are one vector where o = 1
    # a gradient by v_c that holds for different u_o, u_1 holds where they are one (put u_1 for
    # u_o on both sides): it stands; a wrong by v_c (13), and any verdict by u_o itself (10), may
    # rest on their being different
    assert at(steps, 7).status == "holds", at(steps, 7).reason
    for line in (10, 13):
        s = at(steps, line)
        assert s.status == "undecided", (line, s.status, s.reason)
        assert "members of one family (\\mathbf{u} with two subscripts)" in s.reason


# --- a matrix said symmetric (S = S^T): a matrix, and S = S^T no formula of S ----------------------

QUADRATIC = r"""\section*{Question 1}
Let $A \in \mathbb{R}^{n \times n}$ be a fixed matrix (not assumed symmetric).

\paragraph{(a)} For the given symmetric matrix $S = S^\top$,
\begin{align*}
\nabla_{\mathbf{x}} \, \mathbf{x}^\top S \mathbf{x} &= 2 S \mathbf{x} \\
\nabla_{\mathbf{x}} \, \mathbf{x}^\top A \mathbf{x} &= 2 A \mathbf{x}
\end{align*}
"""


def test_a_matrix_said_symmetric_is_a_matrix_and_its_symmetry_is_used():
    steps = steps_of(QUADRATIC)
    s = at(steps, 6)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "S with symmetric entries (the document says so)" in s.reason
    assert at(steps, 7).status == "wrong"       # A is not said symmetric


def test_a_symmetry_is_no_definition_of_the_matrix():
    from checks.io.audit.arrays.vectors import _said_equal
    assert not _said_equal("S", "For the given symmetric matrix $S = S^\\top$, ...", (5, 6))
    assert _said_equal("S", "Let $S = A + A^\\top$.", (5, 6))


NEG = r"""\section*{Problem 1}
Vectors $\mathbf v_c, \mathbf u_o \in \mathbb R^d$ and negatives $\mathbf u_1, \dots, \mathbf u_K$, all distinct.
\begin{equation*}
J_{\text{neg}} = -\log \sigma(\mathbf u_o^\top \mathbf v_c) - \sum_{k=1}^{K} \log \sigma(-\mathbf u_k^\top \mathbf v_c)
\end{equation*}
\begin{equation*}
\nabla_{\mathbf u_o} J_{\text{neg}} = \left(\sigma(\mathbf u_o^\top \mathbf v_c) - 1\right) \mathbf v_c
\end{equation*}
"""


def test_the_gradient_of_a_name_array_mode_cannot_put_in_is_never_a_free_value():
    # J_neg's sum over a family is not read in array mode: its gradient stays a gradient of a
    # name (not read), never an unknown column that any value refutes
    s = at(steps_of(NEG), 7)
    assert s.status != "wrong", (s.status, s.reason)
    assert not norms._mentions("\\mathbf{u}_o", "J_{\\text{neg}}")
    assert norms._mentions("\\mathbf{x}", "\\mathbf x^\\top A \\mathbf{x}")


@pytest.mark.parametrize("sentence", [
    "Unlike PyTorch, where gradients have the same shape as the weights, these notes write each weight "
    "gradient as the transpose of that.",
    "In code, gradients have the same shape as the parameters; on paper we write them transposed, as rows.",
    "(In Problem 2, where gradients have the same shape as the variable, the answer differs.)",
])
def test_a_layout_sentence_about_another_convention_says_nothing(sentence):
    # review B: each of these made the document's own transposed gradient wrong
    assert norms.layout_said(sentence) is None
