"""Vectors and matrices of unwritten size (checks/io/audit/arrays/vectors.py): ellipsis patterns,
products, transposes, Hadamard products and elementwise functions, checked entry by entry for
every size in 1..3 (``bounded``), never a guess turned into ``wrong``.

The documents under tests/audit_vectors are written in the style of other courses'
matrix-calculus solutions (a linear layer, a diagonal Jacobian, a batch-norm backward pass),
each in a correct version and with planted errors (``*_bad.md``).
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import sympy as sp

from checks.io.audit.reading.notation import NotRead
from checks.io.audit.reading.read import Scope
from checks.io.audit.run import audit_documents
from checks.io.audit.reading.structures import rows
from checks.io.audit.arrays import vectors as V

HERE = Path(__file__).parent / "audit_vectors"


def body(latex: str) -> list:
    inner = latex.split("\\begin{bmatrix}")[1].split("\\end{bmatrix}")[0]
    return rows(inner)


# --- 1. ellipsis patterns -----------------------------------------------------------------------

def test_a_column_pattern_is_the_first_entry_with_the_index_running_to_the_size_letter():
    p = V.pattern(body(r"\begin{bmatrix} y_1 - s_1 \\ \vdots \\ y_K - s_K \end{bmatrix}"))
    assert (p.kind, p.rows, p.cols) == ("column", "K", 1)
    assert p.entry_text(3, 1).replace(" ", "") == "y_{3}-s_{3}"


def test_a_row_pattern_and_a_column_with_two_written_entries():
    p = V.pattern(body(r"\begin{bmatrix} a_1 & \cdots & a_n \end{bmatrix}"))
    assert (p.kind, p.rows, p.cols) == ("row", 1, "n")
    q = V.pattern(body(r"\begin{bmatrix} r_1 \\ r_2 \\ \vdots \\ r_K \end{bmatrix}"))
    assert q.rows == "K"


def test_a_diagonal_pattern():
    p = V.pattern(body(r"\begin{bmatrix} \sigma'(z_1) & \cdots & 0 \\ \vdots & \ddots & \vdots \\ "
                       r"0 & \cdots & \sigma'(z_n) \end{bmatrix}"))
    assert (p.kind, p.rows, p.cols) == ("diagonal", "n", "n")
    assert p.entry_text(1, 2) == "0" and "z_{2}" in p.entry_text(2, 2).replace(" ", "")


def test_a_full_pattern_knows_its_row_and_column_index_from_the_corners():
    p = V.pattern(body(r"\begin{bmatrix} W_{11} & \cdots & W_{m1} \\ \vdots & \ddots & \vdots \\ "
                       r"W_{1n} & \cdots & W_{mn} \end{bmatrix}"))    # the transpose of W, written out
    assert (p.kind, p.rows, p.cols) == ("full", "n", "m")
    assert p.entry_text(2, 3).replace(" ", "") == "W_{32}"


IRREGULAR = [
    (r"\begin{bmatrix} y_1 - s_1 \\ \vdots \\ y_K - t_K \end{bmatrix}", "differ in more than the index"),
    (r"\begin{bmatrix} a_{1} \\ \vdots \\ a_{Kn} \end{bmatrix}", "differ in more than the index"),
    (r"\begin{bmatrix} x_{11} \\ \vdots \\ x_{Kn} \end{bmatrix}", "two size letters"),
    (r"\begin{bmatrix} y_1 \\ \vdots \\ y_1 \end{bmatrix}", "the same"),
    (r"\begin{bmatrix} r_1 \\ r_3 \\ \vdots \\ r_K \end{bmatrix}", "does not follow the pattern"),
    # 002 Problem 4 (corners h_K / z_1 where a pattern gives h_1 / z_K) is read as its written
    # entries only: tests/test_audit_matrices.py
    (r"\begin{bmatrix} a_1 & \vdots \\ \cdots & a_n \end{bmatrix}", "not a column, a row"),
]


@pytest.mark.parametrize("latex, reason", IRREGULAR)
def test_an_irregular_pattern_is_not_read(latex, reason):
    with pytest.raises(NotRead) as exc:
        V.pattern(body(latex))
    assert reason in exc.value.reason


# --- 2. text rewrites and shapes ------------------------------------------------------------------

def test_transposes_and_hadamard_products_become_calls_the_reader_keeps_in_order():
    assert V.transposes(r"\mathbf{W}^\top \mathbf{g}") == V.TRANSPOSED + r"(\mathbf{W}) \mathbf{g}"
    assert V.transposes(r"(\mathbf{A}\mathbf{B})^T") == V.TRANSPOSED + r"((\mathbf{A}\mathbf{B}))"
    got = V.hadamards(r"a + \mathbf{g} \circ \sigma'(\mathbf{z}) \odot \mathbf{h}")
    assert "".join(got.split()) == f"a+{V.HADAMARD}({V.HADAMARD}(" + r"\mathbf{g},\sigma'(\mathbf{z})),\mathbf{h})"


def kinds(**declared):
    return V.Kinds({k.replace("_", "\\"): v for k, v in declared.items()}, frozenset())


def test_shapes_are_unified_over_the_step():
    c = V.entries(r"\mathbf{y}", r"\mathbf{W}\mathbf{x} + \mathbf{b}", Scope(), kinds(), {})
    # W m x n, x n x 1, b and y m x 1: every m, n in 1..3 -> 3 * (1 + 2 + 3) entries
    assert c.count == 18 and c.lhs_name == "\\mathbf{y}"


def test_a_size_directive_widens_the_range_of_a_size_letter():
    c = V.entries(r"\begin{bmatrix} r_1 \\ \vdots \\ r_K \end{bmatrix}", r"\underline{r}", Scope(), kinds(),
                  {"K": (1, 5)})
    assert c.count == 1 + 2 + 3 + 4 + 5


AMBIGUOUS = [
    # a number or a K x K matrix: both fit the shapes
    (r"\bar{S} \begin{bmatrix} y_1 - s_1 \\ \vdots \\ y_K - s_K \end{bmatrix}",
     r"\bar{S} \cdot (\underline{y} - \underline{s})", r"shape of \bar{S} is not known"),
    (r"\mathbf{y}", r"a \mathbf{x}", "shape of a is not known"),
    (r"\begin{bmatrix} y_1 \\ \vdots \\ y_K \end{bmatrix}", r"\begin{bmatrix} y_1 \\ \vdots \\ y_n \end{bmatrix}",
     "two size letters"),
    (r"\begin{bmatrix} y_1 \\ \vdots \\ y_K \end{bmatrix}", r"\begin{bmatrix} y_1 \\ y_2 \end{bmatrix}",
     "do not fit"),
    (r"\mathbf{x}^\top \mathbf{y}", r"\mathbf{x} + \mathbf{y}", "fit only if \\mathbf{x} has a single row"),
    (r"\mathbf{x} + 1", r"\mathbf{x}", "a number added to a vector"),
    (r"\mathbf{x}^2", r"\mathbf{x} \circ \mathbf{x}", "do not fit"),
]


@pytest.mark.parametrize("left, right, reason", AMBIGUOUS)
def test_shapes_that_do_not_fit_or_are_not_known_are_not_read(left, right, reason):
    with pytest.raises(NotRead) as exc:
        V.entries(left, right, Scope(), kinds(), {})
    assert reason in exc.value.reason


# --- 3. documents -----------------------------------------------------------------------------------

def audit_files(*names):
    docs = [SimpleNamespace(name=n, text=(HERE / n).read_text(), kind="markdown") for n in names]
    rep = audit_documents(docs, cache=False, isolated=False)
    return {n: d.steps for n, d in zip(names, rep.documents)}


def at(steps, line, k=0):
    return [s for s in steps if s.line == line][k]


@pytest.fixture(scope="module")
def docs():
    return audit_files("linear.md", "linear_bad.md", "diag.md", "diag_bad.md", "bn.md", "bn_bad.md")


# (file, line, step on that line): every step of the correct documents that is vector maths
CORRECT = [("linear.md", 12, 0), ("linear.md", 16, 0), ("linear.md", 20, 0), ("linear.md", 26, 0),
           ("diag.md", 9, 0), ("diag.md", 9, 1), ("diag.md", 13, 0), ("bn.md", 7, 0), ("bn.md", 12, 0)]


@pytest.mark.parametrize("name, line, k", CORRECT)
def test_the_correct_documents_hold_for_every_size_in_the_range(docs, name, line, k):
    s = at(docs[name], line, k)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.from_, s.to, s.reason)
    assert "entry by entry over the sizes" in s.reason


def test_a_vector_definition_is_a_definition(docs):
    s = at(docs["linear.md"], 8)
    assert s.status == "definition" and "\\mathbf{y}" in s.reason


# (file, line, step, the size named in the legend for the failing entry)
PLANTED = [("linear_bad.md", 20, 0, "m = 1, n = 1"),       # W^T(g + b) = W^T g - W^T b
           ("linear_bad.md", 26, 0, "n = 2"),              # (AB)^T = A^T B^T: holds at n = 1
           ("diag_bad.md", 9, 1, "K = 1"),                 # sigma' written sigma(1 + sigma)
           ("diag_bad.md", 13, 0, "K = 1"),                # tanh' written 1 - tanh
           ("bn_bad.md", 7, 0, "m = 2")]                   # the 1/m dropped: holds at m = 1


@pytest.mark.parametrize("name, line, k, size", PLANTED)
def test_planted_errors_are_wrong_and_name_the_entry_and_its_size(docs, name, line, k, size):
    s = at(docs[name], line, k)
    assert s.status == "wrong", (s.from_, s.to, s.reason)
    assert s.method.startswith("entry (")
    row = int(s.method.split("(")[1].split(",")[0])
    legend = dict(part.split(": ", 1) for part in s.reason.split("sizes: ", 1)[1].split("; "))
    label = next(v for key, v in legend.items()
                 if row in range(int(key.split()[1].split("-")[0]), int(key.split()[1].split("-")[-1]) + 1))
    assert label == size


def test_the_steps_left_alone_by_the_planted_errors_still_hold(docs):
    for name, line, k in [("linear_bad.md", 12, 0), ("linear_bad.md", 16, 0), ("diag_bad.md", 9, 0),
                          ("bn_bad.md", 12, 0)]:
        assert at(docs[name], line, k).status == "holds"


# --- 4. soundness: a guessed reading never makes a wrong --------------------------------------------

def steps_of(text: str):
    doc = SimpleNamespace(name="doc.md", text=text, kind="markdown")
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def test_guessed_arrays_and_sigma_of_a_vector_never_make_a_wrong():
    found = steps_of(
        "## Q1\n\n$$\\bar{S} = 1$$\n\n"
        # \bar S a number (defined), \underline y, \underline s column vectors: holds for K = 1..3
        "$$\\bar{S} \\begin{bmatrix} y_1 - s_1 \\\\ \\vdots \\\\ y_K - s_K \\end{bmatrix} = "
        "\\bar{S} \\cdot (\\underline{y} - \\underline{s})$$\n\n"
        # \bar h, \bar z: arrays only by the shapes of the step (their entries are not h_k, z_k)
        "$$\\begin{bmatrix} \\sigma'(z_1) & \\cdots & 0 \\\\ \\vdots & \\ddots & \\vdots \\\\ 0 & \\cdots & "
        "\\sigma'(z_K) \\end{bmatrix} \\bar{h} = \\bar{h} \\circ \\sigma'(\\bar{z})$$\n\n"
        # \sigma of a vector: the sigmoid of each entry, or a softmax?
        "$$\\sigma(\\mathbf{z}) = \\begin{bmatrix} \\sigma(z_1) + 1 \\\\ \\vdots \\\\ \\sigma(z_n) + 1 \\end{bmatrix}$$\n")
    by_line = {s.line: s for s in found}
    assert (by_line[5].status, by_line[5].strength) == ("holds", "bounded")
    assert by_line[7].status == "undecided" and "\\bar{h}, \\bar{z} read as a vector or matrix" in by_line[7].reason
    assert by_line[9].status == "undecided" and "softmax" in by_line[9].reason


def test_a_size_letter_read_as_a_number_of_its_own_never_makes_a_wrong():
    # m is the length of g only in words here: 1/m is not tied to the size of the vectors
    found = steps_of("$$\\left(\\mathbf{I} - \\frac{1}{m}\\mathbf{1}\\mathbf{1}^\\top\\right)\\mathbf{g} = "
                     "\\mathbf{g} - (\\mathbf{1}^\\top\\mathbf{g})\\mathbf{1}$$\n")
    assert found[0].status == "undecided" and "m read as a number of its own" in found[0].reason


def test_a_gradient_by_a_vector_is_the_column_of_partials_with_its_layout_named():
    c = V.entries(r"\frac{\partial S}{\partial \underline{y}}",
                  r"\begin{bmatrix} \frac{\partial S}{\partial y_1} \\ \vdots \\ \frac{\partial S}{\partial y_n} "
                  r"\end{bmatrix}", Scope(), V.Kinds({}, frozenset({"S"})), {})
    assert c.count == 6 and list(c.left) == list(c.right)
    assert any("denominator layout" in h for h in c.hazards)


def test_a_jacobian_of_a_vector_is_not_read():
    with pytest.raises(NotRead) as exc:
        V.entries(r"\frac{\partial \mathbf{h}}{\partial \mathbf{z}} \mathbf{g}", r"\mathbf{g}", Scope(), kinds(), {})
    assert "Jacobian" in exc.value.reason


def test_a_hadamard_product_beside_a_matrix_product_is_a_doubt():
    c = V.entries(r"\mathbf{A}\mathbf{x} \circ \mathbf{y}", r"\mathbf{y} \circ \mathbf{A}\mathbf{x}", Scope(),
                  kinds(), {})
    assert any("beside a matrix product" in h for h in c.hazards)


def test_a_gradient_multiplied_by_another_array_is_not_read():
    # SymPy keeps no order for the gradient of a known number: x^T (dS/dx) could become (dS/dx) x^T
    with pytest.raises(NotRead) as exc:
        V.entries(r"\mathbf{x}^\top \frac{\partial S}{\partial \mathbf{x}}",
                  r"\sum_{i=1}^{n} x_i \frac{\partial S}{\partial x_i}", Scope(), V.Kinds({}, frozenset({"S"})), {})
    assert "its place in the product" in exc.value.reason


def test_a_sum_over_the_size_of_the_vectors_is_written_out_at_each_size():
    c = V.entries(r"\mathbf{1}^\top \mathbf{x}", r"\sum_{i=1}^{n} x_i", Scope(),
                  V.Kinds({"\\mathbf{x}": ("column", "n", 1)}, frozenset()), {})
    assert c.count == 3 and list(c.left) == list(c.right)
    c = V.entries(r"\mathbf{1}^\top \mathbf{x}", r"\sum_{i=1}^{n} x_i + 1", Scope(),
                  V.Kinds({"\\mathbf{x}": ("column", "n", 1)}, frozenset()), {})
    assert all(a != b for a, b in zip(c.left, c.right))


def test_cdot_after_a_bold_capital_is_the_matrix_product():
    c = V.entries(r"\mathbf{W} \cdot \mathbf{x} + \mathbf{b}", r"\mathbf{b} + \mathbf{W}\mathbf{x}", Scope(), kinds(), {})
    assert c.count == 18 and list(c.left) == list(c.right)


def test_a_condition_beside_a_vector_step_is_a_doubt_not_an_entrywise_assumption():
    found = steps_of("$$\\mathbf{x} \\circ \\mathbf{x} = \\mathbf{x} \\quad \\text{for } x > 0$$\n\n"
                     "$$\\mathbf{x} \\circ \\mathbf{y} = \\mathbf{y} \\circ \\mathbf{x} + \\mathbf{x}$$\n")
    assert found[0].status == "undecided" and "beside the step is not applied" in found[0].reason
    assert found[1].status == "wrong" and found[1].method.startswith("entry (1,1)")


def test_a_layer_label_with_a_transpose_is_the_transpose_of_the_layers_matrix():
    assert V.wanted("superscript '^{(1)T}' is not read")
    c = V.entries(r"\mathbf{W}^{(1)T} \mathbf{g}", r"(\mathbf{g}^\top \mathbf{W}^{(1)})^\top", Scope(), kinds(), {})
    assert c.count == 18 and list(c.left) == list(c.right)


def test_a_transposed_number_is_a_doubt_it_may_be_a_power():
    c = V.entries(r"\beta^T \mathbf{x}", r"\mathbf{x}", Scope(), V.Kinds({}, frozenset({"\\beta"})), {})
    assert any("a power ^T?" in h for h in c.hazards)


# --- 5. components [E]_{ij} beside index notation ------------------------------------------------

def test_a_component_of_an_array_expression_is_checked_for_every_index_value():
    c = V.entries(r"\sum_{l} A_{il} x_l + \sum_{k} x_k A_{ki}", r"\left[(A + A^{\top}) x\right]_i", Scope(), kinds(), {})
    assert c.count == 6 and all(sp.expand(a - b) == 0 for a, b in zip(c.left, c.right))   # i = 1..n, n = 1..3
    assert "i = 2" in c.legend and not c.hazards                # A, x: their entries are written


def test_a_component_with_the_indices_swapped_differs_from_size_2_on():
    c = V.entries(r"\sum_{l} A_{il} x_l + \sum_{k} x_k A_{ik}", r"\left[(A + A^{\top}) x\right]_i", Scope(), kinds(), {})
    differs = [sp.expand(a - b) != 0 for a, b in zip(c.left, c.right)]
    assert differs[0] is False and any(differs[1:])


def test_the_gradient_by_a_matrix_in_a_component():
    # 02_linear_layer_index.tex Exercise 3(a): sum_m dL/dY_{mi} X_{mj} = [(dL/dY)^T X]_{ij}
    c = V.entries(r"\sum_{m} \frac{\partial L}{\partial Y_{mi}} X_{mj}",
                  r"\left[ \left(\frac{\partial L}{\partial Y}\right)^{\top} X \right]_{ij}", Scope(), kinds(), {})
    assert list(c.left) == list(c.right) and any("denominator layout" in h for h in c.hazards)
    with pytest.raises(NotRead):     # the product in the other order does not fit the shapes
        V.entries(r"\sum_{m} \frac{\partial L}{\partial Y_{mi}} X_{mj}",
                  r"\left[ X \left(\frac{\partial L}{\partial Y}\right)^{\top} \right]_{ij}", Scope(), kinds(), {})


def test_a_planted_component_error_in_a_document_is_wrong():
    found = steps_of("$$\\sum_{l} A_{il} x_l + \\sum_{k} x_k A_{ik} = \\left[(A + A^{\\top}) x\\right]_i$$\n")
    assert found[0].status == "wrong" and found[0].method.startswith("entry (")


def test_a_star_between_vectors_is_not_read():
    # 004 Q5: (x * w)_n is a convolution, not a product of the vectors
    with pytest.raises(NotRead) as exc:
        V.entries(r"(\mathbf{x} * \mathbf{w})_n", r"\sum_{j=1}^k x_{n+j-1} w_j", Scope(), kinds(), {})
    assert "convolution" in exc.value.reason


def test_a_vector_said_equal_to_something_in_the_prose_is_a_doubt_on_a_wrong():
    """``Let $\\mathbf{p} = \\mathrm{softmax}(\\mathbf{z})$``: array mode does not use that
    definition, so ``\\mathbf{1}^\\top \\mathbf{p} = 1`` (true of a softmax) is not wrong."""
    from checks import audit_text
    doc = ("## Q4\n\nLet $\\mathbf{p} = \\mathrm{softmax}(\\mathbf{z})$.\n\n"
           "$$\n\\mathbf{1}^\\top \\mathbf{p} = 1\n$$\n")
    step = audit_text(doc).documents[0].steps[0]
    assert step.status == "undecided" and "\\mathbf{p} defined in the document" in step.reason
    bare = audit_text("## Q4\n\n$$\n\\mathbf{1}^\\top \\mathbf{p} = 1\n$$\n").documents[0].steps[0]
    assert bare.status == "wrong"     # nothing said of p: the sum of its entries is not 1


def test_entries_of_a_greek_bold_vector_are_its_written_entries():
    """``\\boldsymbol\\delta`` has the entries ``\\delta_1, \\delta_2``: the transpose product
    against its written pattern holds (it was a false wrong when the entries were new names)."""
    from checks import audit_text
    doc = ("## Q1\n\nLet $W \\in \\mathbb{R}^{n \\times n}$.\n\n$$\nW^\\top \\boldsymbol\\delta = \\begin{bmatrix} \\sum_{i=1}^n W_{i1} \\delta_i \\\\ "
           "\\vdots \\\\ \\sum_{i=1}^n W_{in} \\delta_i \\end{bmatrix}\n$$\n")
    step = audit_text(doc).documents[0].steps[0]
    assert step.status == "holds" and step.strength == "bounded"


def test_a_pattern_entry_the_prose_defines_entry_by_entry_is_computed_from_its_definition():
    """``$h_i = \\sigma(z_i)$`` in the prose defines the h_1 .. h_n of a pattern: read free, the
    true step below is wrong at h_1 = 1 (a false wrong before); with the definition put in at
    each entry (grids.with_entry_definitions) it holds at every size checked."""
    from checks import audit_text
    prose = ("# Q2\n\nLet $\\mathbf h = \\sigma(\\mathbf z)$, that is $h_i = \\sigma(z_i)$.\n\n"
             "$$\\begin{bmatrix} \\sigma'(z_1) g_1 \\\\ \\vdots \\\\ \\sigma'(z_n) g_n \\end{bmatrix} = "
             "\\begin{bmatrix} h_1 (1 - h_1) g_1 \\\\ \\vdots \\\\ h_n (1 - h_n) g_n \\end{bmatrix}$$\n")
    (step,) = audit_text(prose).documents[0].steps[-1:]
    assert step.status == "holds" and step.strength == "bounded", step.reason
    # with nothing said of h, the entries are free and the step is wrong, certified
    (alone,) = audit_text(prose.replace("Let $\\mathbf h = \\sigma(\\mathbf z)$, that is $h_i = \\sigma(z_i)$.",
                                        "")).documents[0].steps[-1:]
    assert alone.status == "wrong"


# --- an index letter of a component is one on both sides -----------------------------------------

INDEX_BOTH_SIDES = (
    "Let $A \\in \\mathbb{R}^{n \\times n}$ and $\\mathbf{x}, \\mathbf{b} \\in \\mathbb{R}^n$.\n\n"
    "$$\\sum_{j} A_{kj} x_j + b_k = (A\\mathbf{x})_k + b_k$$\n\n"
    "$$\\sum_{j} A_{kj} x_j + b_k = (A\\mathbf{x})_k + 2 b_k$$\n")


def test_a_component_letter_makes_b_k_the_same_entry_on_both_sides():
    # (A x)_k on the right made k an index there only: b_k was the entry b[k] on the right and a
    # name of its own on the left, and a true step was refuted with b_k = 1, b[1] = 0
    good, bad = steps_of(INDEX_BOTH_SIDES)
    assert good.status == "holds", good.reason
    assert "b[k]" in good.reading.from_ and "b[k]" in good.reading.to
    assert bad.status == "wrong" and set(bad.counterexample["point"]) >= {"b_1"}
