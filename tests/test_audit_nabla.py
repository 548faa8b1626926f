"""Gradients of whole vectors in matrix form (matrix calculus): ``\\nabla_{\\mathbf x} E`` and
``\\frac{\\partial E}{\\partial \\mathbf x}`` of a number E written in the step or defined in the
document, read as the column of its partial derivatives and checked entry by entry over the
sizes (``bounded``; checks/io/audit/arrays/norms.py, nabla.py, vectors.py). A wrong needs a size where
an entry differs; the other layout (a row against a column), a matrix whose shape the document
does not give and an operand whose end is not written are never wrong."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from checks.io.audit.arrays import nabla
from checks.io.audit.arrays import vectors as V
from checks.io.audit.parse.extract import displays
from checks.io.audit.run import audit_documents

REDTEAM = Path(__file__).parent / "audit_redteam"


def steps_of(text: str, name: str = "doc.md", kind: str = "markdown"):
    doc = SimpleNamespace(name=name, text=text, kind=kind)
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def at(steps, line, k=0):
    return [s for s in steps if s.line == line][k]


# --- quadratic and bilinear forms: the operand written after \nabla without brackets --------------

QUAD = r"""# Question 1

Let $A \in \mathbb{R}^{n \times n}$ and $\mathbf{b}, \mathbf{x} \in \mathbb{R}^n$.

$$\nabla_{\mathbf x} \, \mathbf x^\top A \mathbf x = (A + A^\top) \mathbf x$$

$$\nabla_{\mathbf x} \, \mathbf b^\top A \mathbf x = A^\top \mathbf b$$

$$\nabla_{\mathbf x} \, \mathbf b^\top A \mathbf x = A \mathbf b$$

$$\nabla_{\mathbf x} \, \mathbf x^\top A \mathbf x = 2 A \mathbf x$$

$$\nabla_{\mathbf x} \, \mathbf x^\top A \mathbf x + \mathbf b^\top \mathbf x = (A + A^\top) \mathbf x + \mathbf b$$

$$\nabla_{\mathbf x} \, \mathbf x^\top B \mathbf x = 2 B \mathbf x$$

$$\frac{\partial}{\partial \mathbf x} \mathbf x^\top A \mathbf x = (A + A^\top) \mathbf x$$
"""


@pytest.fixture(scope="module")
def quad():
    return steps_of(QUAD)


@pytest.mark.parametrize("line", [5, 7])
def test_the_gradient_of_a_quadratic_and_a_bilinear_form_holds(quad, line):
    s = at(quad, line)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "read as the column of its partial derivatives" in s.reason


def test_the_operator_form_of_the_gradient_holds(quad):
    s = at(quad, 17)       # \\frac{\\partial}{\\partial \\mathbf x} x^T A x: the reader's derivative, array mode
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)


@pytest.mark.parametrize("line", [9, 11])
def test_a_missing_transpose_and_a_symmetric_shortcut_are_wrong_at_a_size(quad, line):
    s = at(quad, line)     # A b for A^T b; 2 A x for a matrix not said to be symmetric
    assert s.status == "wrong", (s.status, s.reason)
    assert "entry by entry over the sizes" in s.reason


def test_an_operand_whose_end_is_not_written_is_never_wrong(quad):
    s = at(quad, 13)       # \nabla_x x^T A x + b^T x: the gradient of the first term, or of the sum?
    assert s.status != "wrong" and "entry by entry" not in (s.reason or ""), s.reason


def test_a_matrix_whose_shape_is_not_given_keeps_todays_reason(quad):
    s = at(quad, 15)       # B: a matrix of which shape? (2Bx holds for a symmetric B)
    assert s.status == "not_read" and "a gradient (\\nabla) is a vector" in s.reason, s.reason


# --- least squares: a defined loss, an array defined in the prose, a missing 1/N -------------------

LSQ = r"""# Least squares

Let $X \in \mathbb{R}^{N \times d}$, $\mathbf{y} \in \mathbb{R}^N$ and $\mathbf{w} \in \mathbb{R}^d$. The residual is $\mathbf r = X \mathbf w - \mathbf y$ and the loss is

$$L = \frac{1}{2N} \|X \mathbf w - \mathbf y\|^2$$

**1.** The gradient:

$$\nabla_{\mathbf w} L = \frac{1}{N} X^\top \mathbf r$$

$$\nabla_{\mathbf w} L = X^\top \mathbf r$$

$$\nabla_{\mathbf w} L = \frac{1}{N} X \mathbf r$$

$$\nabla_{\mathbf w} L = \frac{1}{N} \mathbf r^\top X$$
"""


@pytest.fixture(scope="module")
def lsq():
    return steps_of(LSQ)


def test_the_least_squares_gradient_holds_with_the_prose_residual_put_in(lsq):
    s = at(lsq, 9)         # L of the title's display, r of the prose, used in question 1
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "L as defined at line 5" in s.reason and "\\mathbf{r} put in as the document defines it" in s.reason


def test_a_missing_one_over_n_is_wrong(lsq):
    assert at(lsq, 11).status == "wrong"


def test_a_missing_transpose_is_wrong_where_the_declared_lengths_meet(lsq):
    s = at(lsq, 13)        # X r fits only where d = N: compared there, and wrong there
    assert s.status == "wrong", (s.status, s.reason)
    assert "(with d = N)" in s.reason


def test_a_row_against_the_column_is_a_layout_convention_never_wrong(lsq):
    s = at(lsq, 15)
    assert s.status == "not_read" and s.reason.startswith(V.LAYOUT), s.reason


def test_the_residual_defined_twice_is_not_put_in():
    text = LSQ.replace("and the loss is", "(elsewhere $\\mathbf r = \\mathbf y - X \\mathbf w$) and the loss is")
    s = at(steps_of(text), 9)
    assert s.status != "holds" and "put in" not in (s.reason or ""), (s.status, s.reason)


# --- logistic regression, a sum of entrywise functions --------------------------------------------

LOGISTIC = r"""# Logistic regression

Let $\mathbf{x}, \mathbf{w} \in \mathbb{R}^d$ and a label $y \in \{0, 1\}$, with $\sigma$ the logistic sigmoid.

$$\ell = -y \log \sigma(\mathbf w^\top \mathbf x) - (1 - y) \log\left(1 - \sigma(\mathbf w^\top \mathbf x)\right)$$

$$\nabla_{\mathbf w} \ell = \left(\sigma(\mathbf w^\top \mathbf x) - y\right) \mathbf x$$

# Softplus

Let $\mathbf{z} \in \mathbb{R}^n$.

$$S = \sum_{i=1}^{n} \log\left(1 + e^{z_i}\right)$$

$$\frac{\partial S}{\partial \mathbf z} = \begin{bmatrix} \sigma(z_1) \\ \vdots \\ \sigma(z_n) \end{bmatrix}$$

$$\frac{\partial S}{\partial \mathbf z} = \begin{bmatrix} e^{z_1} \\ \vdots \\ e^{z_n} \end{bmatrix}$$
"""


@pytest.fixture(scope="module")
def logistic():
    return steps_of(LOGISTIC)


@pytest.mark.parametrize("line", [7, 15])
def test_the_logistic_gradient_and_a_sum_of_entrywise_functions_hold(logistic, line):
    s = at(logistic, line)     # the label y undefined: held constant
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)


def test_a_wrong_entry_of_the_gradient_of_a_sum_is_wrong(logistic):
    assert at(logistic, 17).status == "wrong"


def test_a_number_the_document_defines_is_not_held_constant():
    text = LOGISTIC.replace("with $\\sigma$ the logistic sigmoid.",
                            "with $\\sigma$ the logistic sigmoid and $y = \\sigma(\\mathbf w^\\top \\mathbf x)$.")
    s = at(steps_of(text), 7)
    assert s.status != "holds", (s.status, s.reason)


def test_a_number_the_document_says_nothing_of_is_held_constant_only_with_a_doubt():
    text = LOGISTIC.replace(" and a label $y \\in \\{0, 1\\}$", "")
    s = at(steps_of(text), 7)      # y: a label, or a prediction that depends on w?
    assert s.status == "undecided" and "y held constant in the gradient" in s.reason, (s.status, s.reason)


FUNCTION = r"""Problem 3 — logistic regression
===============================

The model is $p(\mathbf x, \mathbf w) = \sigma(\mathbf w^\top \mathbf x)$ with $\mathbf x, \mathbf w \in \mathbb{R}^d$, a label $y \in \{0, 1\}$ and the loss $\ell(\mathbf w) = -y \log p(\mathbf x, \mathbf w) - (1 - y) \log\left(1 - p(\mathbf x, \mathbf w)\right)$.

3(a) The gradient:

$$\nabla_{\mathbf w} \ell = \left(p(\mathbf x, \mathbf w) - y\right) \mathbf x$$

$$\nabla_{\mathbf w} \, \ell(\mathbf w) = \left(y - p(\mathbf x, \mathbf w)\right) \mathbf x$$

3(b) For a batch:

$$\nabla_{\mathbf w} \frac{1}{N} \sum_{n=1}^{N} \ell_n(\mathbf w) = \frac{1}{N} X^\top \left(\sigma(X\mathbf w) - \mathbf y\right)$$
"""


@pytest.fixture(scope="module")
def function():
    return steps_of(FUNCTION)


def test_the_gradient_of_a_function_the_prose_defines_holds(function):
    s = at(function, 8)    # \ell(\mathbf w) and p(\mathbf x, \mathbf w) put in; y at 0 and at 1
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "repeated at each value of y in {0, 1}" in s.reason


def test_a_sign_error_in_the_gradient_of_a_defined_function_is_wrong(function):
    assert at(function, 10).status == "wrong"


def test_the_gradient_of_an_unwritten_per_example_loss_is_never_wrong(function):
    s = at(function, 14)   # \ell_n of the rows of X: the document does not write it
    assert s.status != "wrong", (s.status, s.reason)


# --- a linear layer: the upstream gradient by name ------------------------------------------------

LAYER = r"""# Linear layer

Let $W \in \mathbb{R}^{d \times m}$, $\mathbf x \in \mathbb{R}^d$ and $\mathbf z = W^\top \mathbf x$. The upstream gradient is $\boldsymbol\delta = \nabla_{\mathbf z} L$.

$$\nabla_{\mathbf x} L = W \boldsymbol\delta$$

$$\nabla_{\mathbf x} L = W^\top \boldsymbol\delta$$
"""


def test_the_input_gradient_of_a_linear_layer_holds_by_the_chain_rule():
    steps = steps_of(LAYER)
    s = at(steps, 5)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "by the chain rule through \\mathbf{z}" in s.reason
    w = at(steps, 7)       # W^T delta fits only where m = d, and is wrong there
    assert w.status == "wrong" and "(with m = d)" in w.reason, (w.status, w.reason)


@pytest.mark.parametrize("change", [
    ("The upstream", "The loss is $L = \\|\\mathbf x\\|^2$. The upstream"),     # L written: not unwritten
    ("Let $W \\in \\mathbb{R}^{d \\times m}$, ", ""),                            # W's shape not given
    ("The upstream gradient", "Also $\\mathbf z = W \\mathbf x$. The upstream gradient"),   # z twice
])
def test_the_upstream_gradient_is_used_only_when_the_document_settles_it(change):
    s = at(steps_of(LAYER.replace(*change)), 7)
    assert s.status != "wrong", (change, s.reason)


# --- a gradient by a matrix, and the layouts ------------------------------------------------------

MATRIX = r"""# Read-out

Let $W \in \mathbb{R}^{n \times m}$, $\mathbf h \in \mathbb{R}^m$, $\mathbf y \in \mathbb{R}^n$, $\mathbf s = W \mathbf h$ and $\mathbf r = \mathbf s - \mathbf y$.

$$L = \frac12 \|\mathbf s - \mathbf y\|^2$$

$$\nabla_W L = \mathbf r \mathbf h^\top$$

$$\nabla_W L = \mathbf h \mathbf r^\top$$

$$\nabla_W L = 2 \mathbf r \mathbf h^\top$$

$$\nabla_{\mathbf h} L = W^\top \mathbf r$$
"""


@pytest.fixture(scope="module")
def matrix():
    return steps_of(MATRIX)


@pytest.mark.parametrize("line", [7, 13])
def test_gradients_through_a_defined_output_hold(matrix, line):
    s = at(matrix, line)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)


def test_a_matrix_gradient_reads_as_the_matrix_of_partials(matrix):
    assert "by a matrix read as the matrix of its partial derivatives" in at(matrix, 7).reason
    assert at(matrix, 11).status == "wrong"


def test_the_transposed_matrix_gradient_is_a_layout_never_wrong(matrix):
    s = at(matrix, 9)
    assert s.status == "not_read" and s.reason.startswith(V.LAYOUT), s.reason


DENOMINATOR = r"""# Q1

We use the denominator layout: the derivative of a number by a column vector is written as a row. Let $A \in \mathbb{R}^{n \times n}$ and $\mathbf{b}, \mathbf{x} \in \mathbb{R}^n$.

$$\nabla_{\mathbf x} \, \mathbf b^\top A \mathbf x = \mathbf b^\top A$$

$$\frac{\partial}{\partial \mathbf x} \mathbf b^\top A \mathbf x = \mathbf b^\top A$$
"""


@pytest.mark.parametrize("line", [5, 7])
def test_rows_in_a_layout_the_text_states_are_never_wrong(line):
    s = at(steps_of(DENOMINATOR), line)
    assert s.status == "not_read", (s.status, s.reason)


NUMERATOR = r"""# Q1

We use the numerator layout throughout. Let $W \in \mathbb{R}^{n \times n}$, $\mathbf h, \mathbf y \in \mathbb{R}^n$.

$$L = \frac12 \|W \mathbf h - \mathbf y\|^2$$

$$\nabla_W L = \mathbf h (W \mathbf h - \mathbf y)^\top$$

$$\nabla_W L = (W \mathbf h - \mathbf y) \mathbf h^\top$$
"""


@pytest.mark.parametrize("line", [7, 9])
def test_a_square_matrix_gradient_in_a_numerator_layout_text_is_doubted_both_ways(line):
    s = at(steps_of(NUMERATOR), line)
    assert s.status == "undecided" and "numerator layout" in s.reason, (s.status, s.reason)


# --- the red team's planted errors ----------------------------------------------------------------

@pytest.fixture(scope="module")
def quadratic_forms():
    path = REDTEAM / "57_quadratic_forms.tex"
    return steps_of(path.read_text(), path.name, "latex")


@pytest.fixture(scope="module")
def read_out():
    path = REDTEAM / "68_mse_columns_vdots.md"
    return steps_of(path.read_text(), path.name)


def test_redteam_missing_transposes_are_wrong(quadratic_forms, read_out):
    assert at(quadratic_forms, 22).status == "wrong"     # \nabla_x b^T A x = A b
    assert at(read_out, 20).status == "wrong"            # \nabla_h L = W r, W n x m


def test_redteam_true_gradients_hold_and_traps_are_not_wrong(quadratic_forms, read_out):
    assert at(quadratic_forms, 16).status == "holds"     # (A + A^T) x
    assert at(read_out, 30, 1).status == "holds"         # \nabla_W L = r h^T
    assert at(quadratic_forms, 27).status != "wrong"     # 2 S x, S = S^T said, its shape not given
    assert at(quadratic_forms, 28).status != "wrong"     # a Hessian \nabla^2


# --- the pieces -----------------------------------------------------------------------------------

def test_array_definitions_are_taken_from_the_prose_and_the_displays():
    text = ("# T\n\nLet $\\mathbf s = W \\mathbf h$, $\\boldsymbol\\delta = \\nabla_{\\mathbf z} L$ and "
            "$\\mathbf r = \\mathbf r + 1$.\n\n$$\\mathbf u = 2 \\mathbf v, \\qquad c = 3$$\n")
    kinds = V.Kinds({}, frozenset())
    defs = nabla.array_definitions(displays(text, "markdown", inline=True), kinds)
    assert {n: [r for r, _ in v] for n, v in defs.items()} == {"\\mathbf{s}": ["W \\mathbf h"],
                                                               "\\mathbf{u}": ["2 \\mathbf v"]}


def test_substitution_keeps_the_variable_and_stops_on_a_cycle():
    defs = {"\\mathbf{r}": [("\\mathbf s - \\mathbf y", "")], "\\mathbf{s}": [("W \\mathbf h", "")]}
    text, used = nabla.substitute("\\frac{\\partial}{\\partial \\mathbf h}(\\mathbf r^\\top \\mathbf r)", defs, "", None)
    assert used == ["\\mathbf{r}", "\\mathbf{s}"] and "\\mathbf s" not in text and "\\partial \\mathbf h" in text
    kept, _ = nabla.substitute("\\mathbf s + \\frac{\\partial}{\\partial \\mathbf s} f", defs, "", None,
                               frozenset({"\\mathbf{s}"}))
    assert kept == "\\mathbf s + \\frac{\\partial}{\\partial \\mathbf s} f"
    cycle = {"\\mathbf{a}": [("\\mathbf b", "")], "\\mathbf{b}": [("\\mathbf a", "")]}
    assert nabla.substitute("\\mathbf a", cycle, "", None) is None


def test_calls_with_the_parameters_as_written_are_expanded():
    text = r"# T" + "\n\n" + r"$p(\mathbf x, \mathbf w) = \sigma(\mathbf w^\top \mathbf x)$, $\ell(\mathbf w) = -\log p(\mathbf x, \mathbf w)$"
    defs = nabla.function_definitions(displays(text, "markdown", inline=True))
    assert defs["p"][0][0] == ("\\mathbf{x}", "\\mathbf{w}")
    out, used = nabla.expand_calls("\\ell(\\mathbf w) + p(\\mathbf z, \\mathbf w)", defs, "T", None)
    assert used == ["\\ell", "p"] and "p(\\mathbf z, \\mathbf w)" in out     # other arguments: left


def test_the_setup_is_a_title_not_a_question():
    assert nabla.setup(displays(LSQ, "markdown", inline=True)) == "Least squares"
    assert nabla.setup(displays(QUAD, "markdown", inline=True)) is None
