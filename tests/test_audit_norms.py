"""Norms and inner products of vectors in array mode (checks/io/audit/arrays/norms.py, vectors.py):
``\\|v\\|^2``, ``\\|v\\|_2``, ``u^T v``, ``\\mathbf u \\cdot \\mathbf v`` checked entry by entry over the
sizes 1..3 (``bounded``); a matrix inside the bars, another subscript than _2, and a name the
document gives no shape are never read into a verdict."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import sympy as sp

from checks.io.audit.arrays import vectors as V
from checks.io.audit.arrays.norms import rewrite
from checks.io.audit.reading.notation import NotRead
from checks.io.audit.reading.read import Scope
from checks.io.audit.run import audit_documents

DOC = r"""# Q1

Let $\mathbf{x}, \mathbf{u}, \mathbf{v} \in \mathbb{R}^n$ and $\mathbf{W} \in \mathbb{R}^{m \times n}$.

$$\|\mathbf x\|^2 = \mathbf x^\top \mathbf x = \sum_i x_i^2$$

$$\|\mathbf x\|_2^2 = \mathbf x^T \mathbf x$$

$$\mathbf u^\top \mathbf v = \mathbf v^\top \mathbf u$$

$$\|\mathbf u + \mathbf v\|^2 = \|\mathbf u\|^2 + 2 \mathbf u^\top \mathbf v + \|\mathbf v\|^2$$

$$\frac12 \|\underline y - \underline s\|_2^2 = \frac12 (\underline y - \underline s)^\top (\underline y - \underline s)$$

$$\mathbf u \cdot \mathbf v = \sum_i u_i v_i$$

$$\|\mathbf W \mathbf x\|^2 = \mathbf x^\top \mathbf W^\top \mathbf W \mathbf x$$

$$\|2 \mathbf x\| = 2 \|\mathbf x\|$$
"""

BAD = r"""# Q2

Let $\mathbf{x}, \mathbf{u}, \mathbf{v} \in \mathbb{R}^n$ and $\mathbf{W} \in \mathbb{R}^{m \times n}$.

$$\|\mathbf u + \mathbf v\|^2 = \|\mathbf u\|^2 + \mathbf u^\top \mathbf v + \|\mathbf v\|^2$$

$$\|\mathbf x\|^2 = \mathbf x \mathbf x^\top$$

$$\|\mathbf W\|^2 = \sum_{i} \sum_j W_{ij}^2$$

$$\|\mathbf x\|_1 = \mathbf x^\top \mathbf x$$

$$|\mathbf x|^2 = \mathbf x^\top \mathbf x$$

$$\|y - s\|^2 = 2 (y - s)^\top (y - s)$$

$$\|\mathbf W \mathbf x\|^2 = \mathbf x^\top \mathbf W \mathbf W^\top \mathbf x$$

$$\|\mathbf x - \mathbf u\|^2 = \|\mathbf x\|^2 - 2 \mathbf x \cdot \mathbf u - \|\mathbf u\|^2$$
"""


def steps_of(text: str):
    doc = SimpleNamespace(name="doc.md", text=text, kind="markdown")
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


@pytest.fixture(scope="module")
def good():
    return steps_of(DOC)


@pytest.fixture(scope="module")
def bad():
    return steps_of(BAD)


def at(steps, line, k=0):
    return [s for s in steps if s.line == line][k]


@pytest.mark.parametrize("line, k", [(5, 0), (5, 1), (7, 0), (9, 0), (11, 0), (13, 0), (15, 0), (17, 0), (19, 0)])
def test_norm_and_inner_product_identities_hold_entry_by_entry(good, line, k):
    s = at(good, line, k)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.from_, s.to, s.reason)
    assert "entry by entry over the sizes" in s.reason and "row 3: " in s.reason


def test_the_reading_shows_the_norm_and_the_inner_product(good):
    s = at(good, 11)
    assert "euclidnorm" in s.reading.from_ and "+" in s.reading.from_.split("euclidnorm")[1].split(")")[0]
    assert "transpose" in s.reading.to


def test_a_missing_factor_2_in_the_square_of_a_sum_is_wrong_at_a_size(bad):
    s = at(bad, 5)
    assert s.status == "wrong", (s.reason,)
    assert s.method.startswith("entry (1,1)") and "n = 1" in s.reason


def test_the_outer_product_against_a_norm_is_never_wrong(bad):
    s = at(bad, 7)
    assert s.status == "not_read" and "do not fit" in s.reason


def test_a_matrix_norm_is_not_read(bad):
    s = at(bad, 9)
    assert s.status == "not_read" and "Frobenius or spectral" in s.reason


def test_another_norm_than_the_euclidean_is_not_read(bad):
    s = at(bad, 11)
    assert s.status == "not_read" and "not the Euclidean norm" in s.reason


def test_bars_of_a_vector_stay_not_read(bad):
    assert at(bad, 13).status == "not_read"


def test_names_the_document_gives_no_shape_keep_todays_reading(bad):
    # y, s undecorated and undeclared: array mode would guess them columns; the scalar reading's
    # opaque values decide nothing
    s = at(bad, 15)
    assert s.status != "wrong" and "euclidnorm" not in str(s.reading)


def test_a_product_that_does_not_fit_in_a_norm_is_not_read(bad):
    s = at(bad, 17)      # W W^T for W^T W: m x m between n-vectors, a shape error is no entry to refute
    assert s.status == "not_read" and "do not fit" in s.reason


def test_a_sign_error_with_a_dot_product_is_wrong(bad):
    s = at(bad, 19)
    assert s.status == "wrong", (s.reason,)
    assert "transpose(\\mathbf{x})*\\mathbf{u}" in s.reading.to


def kinds(text=r"$\mathbf{x}, \mathbf{u} \in \mathbb{R}^n$, $\mathbf{W} \in \mathbb{R}^{m \times n}$"):
    return V.Kinds(V.declared(text), frozenset())


def test_rewrite_of_norms():
    assert rewrite(r"\|\mathbf x\|_2^2").split() == ["\\operatorname{euclidnorm}(\\mathbf", "x)^{2}"]
    assert rewrite(r"\lVert v \rVert^2_2").replace(" ", "") == "\\operatorname{euclidnorm}(v)^{2}"
    with pytest.raises(NotRead, match="not the Euclidean"):
        rewrite(r"\|x\|_\infty")


@pytest.mark.parametrize("left, right, reason", [
    (r"\|\mathbf W\|^2", r"\mathbf u^T \mathbf u", "Frobenius or spectral"),
    (r"\|\mathbf x \mathbf x^T\|^2", r"\mathbf x^T \mathbf x", "Frobenius or spectral"),
])
def test_a_norm_of_a_matrix_is_refused(left, right, reason):
    with pytest.raises(NotRead, match=reason):
        V.entries(left, right, Scope(), kinds(), {})


def test_the_entries_of_a_norm_are_the_root_of_the_sum_of_squares():
    c = V.entries(r"\|\mathbf x\|", r"\mathbf x^T \mathbf x", Scope(), kinds(), {})
    x1, x2 = (sp.Symbol(f"x_{k}", real=True) for k in (1, 2))
    assert c.left[1] == sp.sqrt(x1 ** 2 + x2 ** 2) and c.right[1] == x1 ** 2 + x2 ** 2


# --- gradients of numbers the document defines with norms and inner products ------------------------

GRAD = r"""# Problem 4

Let $\underline{y}, \underline{s}, \underline{r}, \underline{h} \in \mathbb{R}^n$, $\mathbf{x} \in \mathbb{R}^n$, $\mathbf{A} \in \mathbb{R}^{n \times n}$.

$$\mathcal{S} = \frac{1}{2} \|\underline{y} - \underline{s}\|_2^2 = \frac{1}{2} (\underline{y} - \underline{s})^\top (\underline{y} - \underline{s})$$

$$\mathcal{R} = \underline{r}^T \underline{h}$$

$$f = \mathbf x^\top \mathbf A \mathbf x$$

$$\frac{\partial \mathcal S}{\partial \underline y} = \underline y - \underline s$$

$$\frac{\partial \mathcal R}{\partial \underline h} = \underline r$$

$$\nabla_{\mathbf x} f = (\mathbf A + \mathbf A^\top)\mathbf x$$

$$\nabla_{\mathbf x} f = 2 \mathbf A \mathbf x$$

$$\frac{\partial \mathcal S}{\partial \underline y} = \frac12 (\underline y - \underline s)$$

$$\frac{\partial \mathcal S}{\partial \underline y} = (\underline y - \underline s)^\top$$

$$\nabla_{\mathbf x} \|\mathbf x\|^2 = \mathbf x$$

# Problem 5

$$\frac{\partial \mathcal S}{\partial \underline y} = 3 (\underline y - \underline s)$$
"""


@pytest.fixture(scope="module")
def grad():
    return steps_of(GRAD)


@pytest.mark.parametrize("line", [11, 13, 15])
def test_a_gradient_of_a_defined_number_is_the_column_of_its_partials(grad, line):
    s = at(grad, line)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.from_, s.to, s.reason)
    assert "column of its partial derivatives" in s.reason and "as defined at line" in s.reason


@pytest.mark.parametrize("line", [17, 19])
def test_a_gradient_with_a_wrong_factor_is_wrong_at_a_size(grad, line):
    s = at(grad, line)     # \nabla x^T A x = 2 A x (A not symmetric); a factor 1/2 too many
    assert s.status == "wrong", (s.from_, s.to, s.reason)


def test_a_row_against_the_column_of_partials_is_refused(grad):
    s = at(grad, 21)       # the layout is a convention: no wrong
    assert s.status == "not_read" and "do not fit" in s.reason


def test_a_nabla_of_a_norm_is_the_derivative_of_that_formula(grad):
    s = at(grad, 23)       # \nabla_x \|x\|^2 is 2x, not x
    assert s.status == "wrong" and "the gradient of \\|\\mathbf x\\|^2" in s.reason


def test_a_definition_of_another_question_is_not_used(grad):
    s = at(grad, 27)
    assert s.status != "wrong" and "as defined at line" not in (s.reason or "")


def test_an_array_the_prose_defines_makes_a_gradient_wrong_undecided():
    text = GRAD.split("# Problem 5")[0].replace(
        "Let $", "Here $\\underline{s} = \\sigma(\\underline{y})$. Let $", 1)
    s = at(steps_of(text), 19)     # dS/dy = (y - s)/2: wrong only if s does not depend on y
    assert s.status == "undecided", (s.status, s.reason)


HELD = r"""# Q1

Let $\mathbf{x} \in \mathbb{R}^n$, $\mathbf{A} \in \mathbb{R}^{n \times n}$. Here $\mathbf{h} = \sigma(\mathbf{x})$.

$$\nabla_{\mathbf x} \left(\mathbf x^\top \mathbf A \mathbf x\right) = (\mathbf A + \mathbf A^\top)\mathbf x$$

$$\nabla_{\mathbf x} (\mathbf h^\top \mathbf x) = \mathbf h$$

$$\nabla_{\mathbf x} (\mathbf h^\top \mathbf x) = 2 \mathbf h$$
"""


def test_a_nabla_of_a_bracketed_formula_holds():
    s = at(steps_of(HELD), 5)
    assert (s.status, s.strength) == ("holds", "bounded"), s.reason


@pytest.mark.parametrize("line", [7, 9])
def test_an_array_defined_as_a_function_of_the_variable_is_no_holds_and_no_wrong(line):
    s = at(steps_of(HELD), line)    # h = sigma(x): put in (nabla.py), sigma of a vector a doubt
    assert s.status == "undecided" and "sigmoid" in s.reading.from_, (s.reason, s.reading)


def test_a_number_defined_again_loses_its_formula():
    text = GRAD.split("# Problem 5")[0].replace(
        "$$\\frac{\\partial \\mathcal S}{\\partial \\underline y} = \\underline y - \\underline s$$",
        "$$\\mathcal{S} = 5$$\n\n$$\\frac{\\partial \\mathcal S}{\\partial \\underline y} = \\underline y - \\underline s$$", 1)
    steps = steps_of(text)
    s = [x for x in steps if x.from_.startswith("\\frac{\\partial \\mathcal S}")][0]
    assert s.status != "holds" and "as defined at line" not in (s.reason or "")


PLAIN = r"""# Q1

Let $x, y \in \mathbb{R}^n$ and $A \in \mathbb{R}^{n \times n}$.

$$x^\top y = y^\top x$$

$$x \cdot y = \sum_i x_i y_i$$

$$f = x^\top A x$$

$$\nabla_x f = (A + A^\top) x$$

$$\nabla_x f = 2 A x$$

$$\|x - y\|^2 = \|x\|^2 - x^T y + \|y\|^2$$

$$a^\top b = b^\top a$$
"""


@pytest.fixture(scope="module")
def plain():
    return steps_of(PLAIN)


@pytest.mark.parametrize("line", [5, 7, 11])
def test_plain_letters_the_document_declares_vectors_are_read_as_vectors(plain, line):
    s = at(plain, line)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.from_, s.to, s.reason)


def test_a_number_made_of_vectors_is_defined_as_a_number(plain):
    s = at(plain, 9)
    assert s.status == "definition" and "(a number)" in s.reason


@pytest.mark.parametrize("line", [13, 15])
def test_plain_vector_errors_are_wrong(plain, line):
    assert at(plain, line).status == "wrong"


def test_undeclared_plain_letters_keep_the_scalar_reading(plain):
    s = at(plain, 17)       # a, b: numbers or vectors? the text does not say
    assert s.status != "wrong" and "entry by entry" not in (s.reason or "")


def test_a_norm_without_subscript_is_not_the_euclidean_one_where_the_text_names_another():
    """"\\|w\\| without a subscript is the \\ell_1 norm": \\|w\\|^2 = w^T w is then false, and must
    not hold as the Euclidean norm (a false holds of the red team); \\|w\\|_2^2 still holds."""
    from checks import audit_text
    doc = ("# Q1\n\nIn this sheet $\\|\\mathbf w\\|$ without a subscript is the $\\ell_1$ norm.\n\n"
           "$$\\|\\mathbf w\\|_2^2 = \\mathbf w^\\top \\mathbf w$$\n\n$$\\|\\mathbf w\\|^2 = \\mathbf w^\\top \\mathbf w$$\n")
    two, plain = audit_text(doc).documents[0].steps
    assert two.status == "holds" and plain.status != "holds"
    alone = audit_text(doc.replace("In this sheet $\\|\\mathbf w\\|$ without a subscript is the $\\ell_1$ norm.", ""))
    assert alone.documents[0].steps[1].status == "holds"
