"""Whole-vector gradients, second round: the definitions a gradient step is taken through, as
documents write them (checks/io/audit/arrays/nabla.py, vectors.py).

- a loss defined as the first row of an aligned chain (``J(\\mathbf w) &= ... = ...`` inside
  ``\\begin{align*}``) is a definition of J (its first right side);
- a function named with a script letter (``\\mathcal{L}(\\mathbf w) = ...``) is defined like
  ``\\ell(\\mathbf w)``, and found written ``\\mathcal L`` or ``\\mathcal{L}``;
- the ``=`` of a sum's bound (``\\sum_{n=1}^{N}``) does not end a definition's right side;
- a size letter used as a number (N of ``\\frac{1}{2N}`` with X N x d) is constant in a
  gradient, even where a later part sets it (``N = 1``)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from checks.io.audit.arrays import nabla
from checks.io.audit.parse.extract import displays
from checks.io.audit.run import audit_documents


def steps_of(text: str, name: str = "doc.tex", kind: str = "latex"):
    doc = SimpleNamespace(name=name, text=text, kind=kind)
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def at(steps, line, k=0):
    return [s for s in steps if s.line == line][k]


# --- ridge regression with a data matrix; the loss defined in an aligned chain --------------------

RIDGE = r"""\section*{Problem 1: least squares}

Data $X \in \mathbb{R}^{N \times d}$, targets $\mathbf{y} \in \mathbb{R}^N$, weights $\mathbf{w} \in \mathbb{R}^d$.

\begin{align*}
J(\mathbf{w}) &= \frac{1}{2N} \|X\mathbf{w} - \mathbf{y}\|_2^2 = \frac{1}{2N} \sum_{n=1}^{N} \left(\mathbf{x}_n^\top \mathbf{w} - y_n\right)^2 \\
\nabla_{\mathbf{w}} J &= \frac{1}{N} X^\top (X\mathbf{w} - \mathbf{y}) \\
\nabla_{\mathbf{w}} J &= X^\top (X\mathbf{w} - \mathbf{y})
\end{align*}

\paragraph{1(b)} For a single example ($N = 1$, $\mathbf{x}_1 = \mathbf{x}$) the gradient is the same formula.
"""


@pytest.fixture(scope="module")
def ridge():
    return steps_of(RIDGE)


def test_a_loss_defined_in_an_aligned_chain_is_taken_through(ridge):
    s = at(ridge, 7)       # J of line 6; N (a number of its own by the sum's bound) a length, constant
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "J as the document defines it as a function of \\mathbf{w}" in s.reason


def test_a_missing_one_over_n_through_an_aligned_definition_is_wrong(ridge):
    s = at(ridge, 8)
    assert s.status == "wrong", (s.status, s.reason)


def test_the_aligned_definition_is_found_with_its_first_right_side():
    found = displays(RIDGE, "latex")
    defs = nabla.function_definitions(found)
    assert [(p, r) for p, r, _ in defs["J"]] == [(("\\mathbf{w}",), "\\frac{1}{2N} \\|X\\mathbf{w} - \\mathbf{y}\\|_2^2")]


def test_two_aligned_columns_stay_two_relations():
    found = displays(r"$$\begin{aligned} a &= b & c &= d \end{aligned}$$", "markdown")
    assert [(l.strip(), r) for l, r, _ in nabla._assignments(found)] == [("a", "b"), ("c", "d")]


# --- a script-letter loss with a sum's bound in its definition ---------------------------------------

SCRIPT = r"""# Problem 2

Let $\mathbf{z}, \mathbf{w} \in \mathbb{R}^n$.

$$\mathcal{L}(\mathbf{w}) = \sum_{i=1}^{n} z_i w_i + \frac{1}{2} \|\mathbf{w}\|_2^2$$

$$\nabla_{\mathbf w} \mathcal L = \mathbf z + \mathbf w$$

$$\nabla_{\mathbf w} \mathcal{L} = \mathbf z - \mathbf w$$
"""


@pytest.fixture(scope="module")
def script():
    return steps_of(SCRIPT, "doc.md", "markdown")


def test_the_gradient_of_a_script_letter_loss_holds(script):
    s = at(script, 7)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "\\mathcal L as the document defines it" in s.reason      # as the step writes it


def test_a_sign_error_in_the_gradient_of_a_script_letter_loss_is_wrong(script):
    s = at(script, 9)
    assert s.status == "wrong", (s.status, s.reason)


def test_a_sum_bound_does_not_end_the_definition():
    defs = nabla.function_definitions(displays(SCRIPT, "markdown"))
    (params, rhs, _), = defs["\\mathcal{L}"]
    assert rhs.startswith("\\sum_{i=1}^{n} z_i w_i +"), rhs


@pytest.mark.parametrize("written, key", [("\\mathcal L", "\\mathcal{L}"), ("\\mathcal{ L }", "\\mathcal{L}"),
                                          ("\\ell", "\\ell"), ("J_1", "J_1")])
def test_function_names_are_one_key_however_braced(written, key):
    assert nabla._function_name(written) == key


def test_a_call_of_a_script_letter_is_found_braced_or_not():
    pat = nabla._call_at("\\mathcal{L}")
    assert pat.findall("\\mathcal L(\\mathbf w) + \\mathcal{L}(x) + \\mathcal{LL}(x)") == ["\\mathcal L(", "\\mathcal{L}("]


# --- traps: a per-example loss over the rows of X is never taken through ---------------------------

BATCH = r"""\section*{Problem 3}

Data $X \in \mathbb{R}^{N \times d}$ with rows $\mathbf{x}_n^\top$, $\mathbf{y} \in \mathbb{R}^N$, $\mathbf{w} \in \mathbb{R}^d$.
\begin{equation*}
\mathcal{L}(\mathbf{w}) = \frac{1}{2N} \sum_{n=1}^{N} \left(\mathbf{x}_n^\top \mathbf{w} - y_n\right)^2
\end{equation*}
\begin{equation*}
\nabla_{\mathbf{w}} \mathcal{L} = \frac{1}{N} X (X\mathbf{w} - \mathbf{y})
\end{equation*}
"""


def test_a_loss_over_rows_said_in_words_reads_the_rows():
    # "X with rows x_n^T" ties the members summed over to X's rows (vectors.stacked_families):
    # the gradient is X^T (Xw - y) / N, and X (Xw - y) / N is wrong where the sizes fit (d = N)
    s = at(steps_of(BATCH), 8)
    assert s.status == "wrong", (s.status, s.reason)


def test_a_loss_over_samples_not_tied_to_the_matrix_is_never_wrong():
    # no sentence makes the x_n the rows of X: X is unrelated to them, a wrong is only a doubt
    s = at(steps_of(BATCH.replace("with rows $\\mathbf{x}_n^\\top$", "and samples $\\mathbf{x}_n \\in \\mathbb{R}^d$")), 8)
    assert s.status != "wrong", (s.status, s.reason)


# --- traces and Frobenius norms: numbers made of a whole matrix -------------------------------------

MATRICES = r"""# Question 4

Let $A, X \in \mathbb{R}^{n \times n}$ (not symmetric) and $W \in \mathbb{R}^{m \times n}$, $\mathbf{x} \in \mathbb{R}^n$. $\|W\|_F$ is the Frobenius norm, $\|W\|_2$ the spectral norm. The gradient of a number by a matrix has the shape of the matrix.

$$\nabla_X \operatorname{tr}(A X) = A^\top$$

$$\nabla_X \operatorname{tr}(X^\top X) = X$$

$$\|W\|_F^2 = \sum_{i=1}^{m} \sum_{j=1}^{n} W_{ij}^2 = \mathrm{Tr}(W^\top W)$$

$$\nabla_W \frac{1}{2} \|W\|_F^2 = W$$

$$\nabla_W \|W\|_{\mathrm{F}}^2 = W$$

$$\operatorname{tr}(A X) = \operatorname{tr}(X A)$$

$$\operatorname{tr}(A X) = \operatorname{tr}(A^\top X)$$

$$\|W\|_2^2 = \operatorname{tr}(W^\top W)$$

$$\operatorname{tr}(W) = \sum_{i=1}^{n} W_{ii}$$
"""


@pytest.fixture(scope="module")
def matrices():
    return steps_of(MATRICES, "doc.md", "markdown")


@pytest.mark.parametrize("line, k", [(5, 0), (9, 0), (9, 1), (11, 0), (15, 0)])
def test_traces_and_frobenius_norms_hold_entry_by_entry(matrices, line, k):
    s = at(matrices, line, k)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)


@pytest.mark.parametrize("line", [7, 13, 17])
def test_a_wrong_trace_gradient_or_frobenius_identity_is_wrong(matrices, line):
    s = at(matrices, line)      # 2X, 2W, and tr(AX) = tr(A^T X) fails for a general A
    assert s.status == "wrong", (s.status, s.reason)


def test_the_spectral_norm_of_a_matrix_is_never_read(matrices):
    s = at(matrices, 19)        # \|W\|_2 of a matrix: not the Frobenius norm
    assert s.status == "not_read" and "Frobenius or spectral" in s.reason, (s.status, s.reason)


def test_the_trace_of_a_matrix_that_is_not_square_is_not_read(matrices):
    s = at(matrices, 21)        # W is m x n
    assert s.status in ("not_read", "undecided") and s.status != "wrong", (s.status, s.reason)


# --- Hessians: the matrix of second partials of a defined number -----------------------------------

HESSIAN = r"""# Question 1

Let $A \in \mathbb{R}^{n \times n}$ (not symmetric), $\mathbf{b}, \mathbf{x} \in \mathbb{R}^n$ and $f(\mathbf x) = \frac{1}{2} \mathbf x^\top A \mathbf x + \mathbf b^\top \mathbf x$.

$$\nabla^2_{\mathbf x} f = \frac{1}{2} \left(A + A^\top\right)$$

$$\nabla_{\mathbf x}^2 f = A$$

$$\nabla^2_{\mathbf x} g = A$$

Let $\mathbf c = A \mathbf x$ and $h(\mathbf x) = \mathbf c^\top \mathbf x$.

$$\nabla^2_{\mathbf x} h = A + A^\top$$
"""


@pytest.fixture(scope="module")
def hessian():
    return steps_of(HESSIAN, "doc.md", "markdown")


@pytest.mark.parametrize("line", [5, 13])
def test_the_hessian_of_a_defined_number_holds(hessian, line):
    s = at(hessian, line)      # 13: c = A x put in, the Hessian taken through it
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "second partial derivatives" in s.reason


def test_a_hessian_that_forgets_the_transpose_is_wrong(hessian):
    assert at(hessian, 7).status == "wrong"


def test_the_hessian_of_a_name_without_a_definition_is_not_read(hessian):
    assert at(hessian, 9).status == "not_read"


def test_a_hessian_with_an_array_held_fixed_is_never_decided():
    text = HESSIAN.replace("Let $\\mathbf c = A \\mathbf x$", "Let $\\mathbf c = A \\mathbf x$ (or $\\mathbf c = \\mathbf b$)")
    text = text.replace("h(\\mathbf x) = \\mathbf c^\\top \\mathbf x$", "h(\\mathbf x) = \\mathbf c^\\top \\mathbf x + f(\\mathbf x)$")
    text = text.replace("h = A + A^\\top$$", "h = \\frac{1}{2} \\left(A + A^\\top\\right)$$")
    # c defined twice is not put in: held fixed, the Hessian of c^T x + f is (A + A^T)/2 as read,
    # but c may depend on x (with c = A x it is 3/2 (A + A^T))
    s = at(steps_of(text, "doc.md", "markdown"), 13)
    assert s.status not in ("holds", "wrong"), (s.status, s.reason)
    assert "held fixed" in s.reason
