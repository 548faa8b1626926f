"""Whole-vector and matrix gradients of the scalars a document defines (matrix calculus), in
documents written here in the styles of other courses: a ridge objective defined as a function
of the weights and then differentiated by name (``E(\\mathbf w) = ...``, ``\\nabla_{\\mathbf w} E``),
an estimate vector ``\\hat{\\mathbf y}`` defined once and put in when a gradient is taken through it,
a tanh network whose upstream gradient is a named ``\\boldsymbol\\delta``. Every planted error is
found (``wrong``) or honestly undecided; no true step is ``wrong``."""
from __future__ import annotations

import pytest

from checks.io.audit.arrays import nabla, norms
from checks.io.audit.arrays.vectors import _said_equal
from tests.audited import audit_all, one_at, shown

RIDGE = r"""# Ridge regression (Homework 3)

**Q1.** The data matrix is $X \in \mathbb R^{N \times d}$, the targets $\mathbf y \in \mathbb R^N$, the weights $\mathbf w \in \mathbb R^d$, and a fixed $\lambda \in \mathbb R$ with $\lambda > 0$.
The ridge objective is

$$E(\mathbf w) = \frac{1}{2} \lVert X \mathbf w - \mathbf y \rVert^2 + \frac{\lambda}{2} \lVert \mathbf w \rVert^2$$

Its gradient:

$$\nabla_{\mathbf w} E = X^\top (X \mathbf w - \mathbf y) + \lambda \mathbf w$$

A student writes

$$\nabla_{\mathbf w} E = X^\top (X \mathbf w - \mathbf y) + 2 \lambda \mathbf w$$

and another writes it as a row:

$$\nabla_{\mathbf w} E = (X \mathbf w - \mathbf y)^\top X + \lambda \mathbf w^\top$$

The Hessian is

$$\nabla^2_{\mathbf w} E = X^\top X + \lambda I$$
"""

ESTIMATE = r"""### Exercise 4 — vector-valued linear regression

Let $\mathbf x \in \mathbb R^{D}$, $W \in \mathbb R^{K \times D}$, $\mathbf b \in \mathbb R^{K}$, $\mathbf t \in \mathbb R^{K}$.

$$\hat{\mathbf y} = W \mathbf x + \mathbf b$$

$$\mathcal E = \frac{1}{2} \lVert \hat{\mathbf y} - \mathbf t \rVert^2$$

Gradients have the shape of the variable.

$$\nabla_{\hat{\mathbf y}} \mathcal E = \hat{\mathbf y} - \mathbf t$$

$$\nabla_{\mathbf b} \mathcal E = \hat{\mathbf y} - \mathbf t$$

$$\nabla_{\mathbf b} \mathcal E = \mathbf t - \hat{\mathbf y}$$

$$\nabla_{W} \mathcal E = (\hat{\mathbf y} - \mathbf t) \mathbf x^\top$$

$$\nabla_{\mathbf x} \mathcal E = W (\hat{\mathbf y} - \mathbf t)$$
"""

TANH = r"""\section*{Problem 3: a tanh network}
Let $\mathbf x \in \mathbb R^{n}$, $V \in \mathbb R^{m \times n}$, $W \in \mathbb R^{k \times m}$, $\mathbf c \in \mathbb R^k$, $\mathbf t \in \mathbb R^k$.
\begin{align*}
\mathbf z &= V \mathbf x \\
\mathbf g &= \tanh(\mathbf z) \\
\mathbf o &= W \mathbf g + \mathbf c \\
\ell &= \frac{1}{2} \lVert \mathbf o - \mathbf t \rVert^2
\end{align*}
Let $\boldsymbol\delta = \nabla_{\mathbf o} \ell$. Then
\begin{equation*}
\nabla_{\mathbf c} \ell = \boldsymbol\delta
\end{equation*}
\begin{equation*}
\nabla_{\mathbf c} \ell = -\boldsymbol\delta
\end{equation*}
\begin{equation*}
\nabla_{\mathbf o} \ell = \mathbf o - \mathbf t
\end{equation*}
\begin{equation*}
\nabla_{\mathbf g} \ell = W^\top (\mathbf o - \mathbf t)
\end{equation*}
\begin{equation*}
\nabla_{\mathbf g} \ell = W (\mathbf o - \mathbf t)
\end{equation*}
\begin{equation*}
\nabla_{W} \ell = (\mathbf o - \mathbf t) \mathbf g^\top
\end{equation*}
"""

# layer numbers as superscripts (said in words), an estimate vector, and an upstream gradient
# delta^2 = \nabla_{\hat y} L that is never put in: a step with it is held at a free value
LAYERS = r"""## Problem 5: output layer

Let $\mathbf h^1 \in \mathbb R^{H}$, $W^2 \in \mathbb R^{K \times H}$, $\mathbf b^2 \in \mathbb R^K$, $\mathbf y \in \mathbb R^K$. Superscripts number the layers.

$$\hat{\mathbf y} = W^2 \mathbf h^1 + \mathbf b^2$$

$$L = \frac{1}{2} \lVert \hat{\mathbf y} - \mathbf y \rVert^2$$

$$\boldsymbol\delta^2 = \nabla_{\hat{\mathbf y}} L = \hat{\mathbf y} - \mathbf y$$

$$\nabla_{\mathbf b^2} L = \boldsymbol\delta^2$$

$$\nabla_{\mathbf b^2} L = 2 \boldsymbol\delta^2$$

$$\nabla_{\mathbf b^2} L = \hat{\mathbf y} - \mathbf y$$
"""

# a mean over a data matrix, LaTeX with \\mathcal and \\boldsymbol: the 1/N dropped
MSE = r"""\subsection*{Question 2 (mean squared error)}
Let $X \in \mathbb{R}^{N \times D}$, $\mathbf{t} \in \mathbb{R}^{N}$ and $\boldsymbol{\theta} \in \mathbb{R}^{D}$.
\begin{equation}
\mathcal{J}(\boldsymbol{\theta}) = \frac{1}{2N} \left\| X \boldsymbol{\theta} - \mathbf{t} \right\|^2
\end{equation}
\begin{equation}
\nabla_{\boldsymbol{\theta}} \mathcal{J} = \frac{1}{N} X^\top \left( X \boldsymbol{\theta} - \mathbf{t} \right)
\end{equation}
\begin{equation}
\nabla_{\boldsymbol{\theta}} \mathcal{J} = X^\top \left( X \boldsymbol{\theta} - \mathbf{t} \right)
\end{equation}
\begin{equation}
\nabla^2_{\boldsymbol{\theta}} \mathcal{J} = \frac{1}{N} X^\top X
\end{equation}
"""

# delta named twice, by two arrays: which gradient a step's delta is, is not known
TWICE = r"""## Problem 6

Let $\mathbf x \in \mathbb R^{n}$, $W \in \mathbb R^{k \times n}$, $\mathbf c \in \mathbb R^k$, $\mathbf t \in \mathbb R^k$.

$$\mathbf o = W \mathbf x + \mathbf c$$

$$\ell = \frac{1}{2} \lVert \mathbf o - \mathbf t \rVert^2$$

First $\boldsymbol\delta = \nabla_{\mathbf o} \ell$, and later $\boldsymbol\delta = \nabla_{\mathbf x} \ell$.

$$\nabla_{\mathbf c} \ell = -\boldsymbol\delta$$
"""

# delta named by a fraction: a row in the numerator layout, so never put in as a column
FRACTION = TWICE.replace("First $\\boldsymbol\\delta = \\nabla_{\\mathbf o} \\ell$, and later $\\boldsymbol\\delta = \\nabla_{\\mathbf x} \\ell$.",
                         "Let $\\boldsymbol\\delta = \\frac{\\partial \\ell}{\\partial \\mathbf o}$.")

TRUE = {"mse": (7, 13), "ridge": (10, 22), "estimate": (11, 13, 17), "tanh": (11, 17, 20, 26), "layers": (9, 11, 15)}
PLANTED = {"mse": (10,), "ridge": (14,), "estimate": (15, 19), "tanh": (14, 23), "layers": (13,)}


@pytest.fixture(scope="module")
def audited():
    got = audit_all({"ridge": RIDGE, "estimate": ESTIMATE, "layers": LAYERS, "twice": TWICE,
                     "fraction": FRACTION})
    got.update(audit_all({"tanh": TANH, "mse": MSE}, kind="latex"))
    return got


@pytest.mark.parametrize("doc,line", [(d, ln) for d, lines in TRUE.items() for ln in lines])
def test_true_gradient_steps_hold(audited, doc, line):
    # the gradient steps of the line (\boldsymbol\delta^2 = \nabla_{\hat y} L before one names delta)
    steps = [s for s in audited[doc] if s.line == line and s.from_.startswith("\\nabla")]
    assert steps and all(s.status == "holds" for s in steps), shown(audited[doc])


@pytest.mark.parametrize("doc,line", [(d, ln) for d, lines in PLANTED.items() for ln in lines])
def test_planted_errors_are_found(audited, doc, line):
    s = one_at(audited[doc], line)
    assert s.status == "wrong" and s.counterexample, shown(audited[doc])


def test_no_true_step_is_wrong(audited):
    planted = {(d, ln) for d, lines in PLANTED.items() for ln in lines}
    false = [(d, s.line) for d, found in audited.items() for s in found
             if s.status == "wrong" and (d, s.line) not in planted]
    assert not false, false


@pytest.mark.parametrize("doc,line", [("ridge", 6), ("mse", 4)])
def test_a_function_of_the_weights_used_by_name_is_a_definition(audited, doc, line):
    # E(\mathbf w) = ... then \nabla_{\mathbf w} E: E is the function at its argument, not E*(w)
    s = one_at(audited[doc], line)
    assert s.status == "definition", shown(audited[doc])


def test_a_row_against_the_gradient_is_not_refuted(audited):
    s = one_at(audited["ridge"], 18)
    assert s.status == "not_read" and "transpose" in s.reason


def test_the_hessian_is_the_matrix_of_second_partials(audited):
    s = one_at(audited["ridge"], 22)
    assert "Hessian" in s.reason and s.strength == "bounded"


def test_an_estimate_vector_is_put_in(audited):
    s = one_at(audited["estimate"], 13)
    assert "\\hat{\\mathbf{y}} put in" in s.reason, s.reason


def test_the_variable_of_the_gradient_is_no_doubt(audited):
    # \mathbf g = \tanh(\mathbf z) is defined, but \nabla_{\mathbf g} takes g as the variable
    s = one_at(audited["tanh"], 23)
    assert "\\mathbf{g} defined" not in s.reason


@pytest.mark.parametrize("doc,line", [("tanh", 11), ("layers", 11)])
def test_a_named_upstream_gradient_is_put_in(audited, doc, line):
    # \boldsymbol\delta = \nabla_{\mathbf o} \ell said: delta is that gradient, at o's value
    s = one_at(audited[doc], line)
    assert "put in as the document names it" in s.reason and s.strength == "bounded", s.reason


@pytest.mark.parametrize("doc", ["twice", "fraction"])
def test_an_upstream_gradient_named_twice_or_by_a_fraction_stays_a_doubt(audited, doc):
    assert "partial \\ell" in FRACTION and "partial \\ell" not in TWICE
    s = one_at(audited[doc], 11)
    assert s.status == "undecided" and "delta" in s.reason, shown(audited[doc])


def test_layer_labelled_names_said_equal():
    text = "$$\\boldsymbol\\delta^2 = \\nabla_{\\hat{\\mathbf y}} L$$\n\n$$\\mathbf h^{[1]}_j = 3$$\n"
    assert _said_equal("\\boldsymbol{\\delta}^{(2)}", text, (9, 9))
    assert not _said_equal("\\boldsymbol{\\delta}^{(1)}", text, (9, 9))
    assert _said_equal("\\mathbf{h}^{(1)}", text, (9, 9))
    assert not _said_equal("\\mathbf{h}^{(2)}", text, (9, 9))


def test_accented_vector_names():
    assert norms._name("\\hat{\\mathbf y}") == "\\hat{\\mathbf{y}}"
    assert norms._name("\\overline{ \\mathbf{x} }") == "\\bar{\\mathbf{x}}"
    found = [m.group(0) for m in nabla._pattern("\\hat{\\mathbf{y}}").finditer(
        "W \\hat{\\mathbf y} - \\hat {\\mathbf{y}}_1 + \\hat{ \\mathbf{ y }} - \\hat{\\mathbf{y}}'")]
    assert found == ["\\hat{\\mathbf y}", "\\hat{ \\mathbf{ y }}"]
    assert nabla._DEF_NAME.fullmatch("\\hat{\\mathbf y} ")
