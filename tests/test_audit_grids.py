"""Matrices of symbolic size written as grids with ellipses, read as the matrix of their entry
pattern and checked at each size of a small range (bounded, never proof): Jacobian grids of
partials whose function the text defines entry by entry, \\text{diag} of a vector and of an
entry formula that vanishes off the diagonal, matrices written by the formula of their entry
(i, j), and grids whose corners name another place (a slip: not read, never wrong).

The documents are written here in the style of other courses' matrix-calculus solutions (a
recitation handout with Part A / Part B, a homework with numbered problems), not the seeds'.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import sympy as sp

from checks.io.audit.arrays import grids as G
from checks.io.audit.arrays import vectors as V
from checks.io.audit.reading.notation import NotRead
from checks.io.audit.run import audit_documents
from checks.io.audit.reading.structures import rows


def audit(text: str):
    doc = SimpleNamespace(name="doc.md", text=text, kind="markdown")
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def at(steps, line: int, k: int = 0):
    found = [s for s in steps if s.line == line]
    assert found, [(s.line, s.status) for s in steps]
    return found[k]


def body(latex: str) -> list:
    return rows(latex.split("\\begin{bmatrix}")[1].split("\\end{bmatrix}")[0])


SOFTMAX_GRID = (r"\begin{bmatrix} \frac{\partial p_1}{\partial z_1} & \cdots & \frac{\partial p_1}{\partial z_K} \\ "
                r"\vdots & \ddots & \vdots \\ \frac{\partial p_K}{\partial z_1} & \cdots & "
                r"\frac{\partial p_K}{\partial z_K} \end{bmatrix}")


def softmax_values(corner_1k: str) -> str:
    return (r"\begin{bmatrix} p_1(1 - p_1) & \cdots & " + corner_1k + r" \\ \vdots & \ddots & \vdots \\ "
            r"-p_K p_1 & \cdots & p_K(1 - p_K) \end{bmatrix}")


HANDOUT = r"""# Recitation 9 handout: Jacobians of output layers

## Part A

The classifier's output is $p_k = \frac{e^{z_k}}{\sum_{m=1}^{K} e^{z_m}}$ for $k = 1, \dots, K$.

$$""" + SOFTMAX_GRID + " = " + softmax_values("-p_1 p_K") + r"""$$

## Part B

The classifier's output is $p_k = \frac{e^{z_k}}{\sum_{m=1}^{K} e^{z_m}}$ for $k = 1, \dots, K$.

$$""" + SOFTMAX_GRID + " = " + softmax_values("p_1 p_K") + r"""$$

## Part C

A linear layer computes $y_i = \sum_{j=1}^{n} W_{ij} x_j$ for $i = 1, \dots, m$.

$$\begin{bmatrix} \frac{\partial y_1}{\partial x_1} & \cdots & \frac{\partial y_1}{\partial x_n} \\ \vdots & \ddots & \vdots \\ \frac{\partial y_m}{\partial x_1} & \cdots & \frac{\partial y_m}{\partial x_n} \end{bmatrix} = \begin{bmatrix} W_{11} & \cdots & W_{1n} \\ \vdots & \ddots & \vdots \\ W_{m1} & \cdots & W_{mn} \end{bmatrix}$$

## Part D

A sigmoid layer computes $h_k = \sigma(a_k)$ for $k = 1, \dots, n$.

$$\begin{bmatrix} \frac{\partial h_1}{\partial a_1} & \cdots & \frac{\partial h_1}{\partial a_n} \\ \vdots & \ddots & \vdots \\ \frac{\partial h_n}{\partial a_1} & \cdots & \frac{\partial h_n}{\partial a_n} \end{bmatrix} = \begin{bmatrix} h_1(1 - h_1) & \cdots & 0 \\ \vdots & \ddots & \vdots \\ 0 & \cdots & h_n(1 - h_n) \end{bmatrix} = \text{diag}(h_1(1 - h_1), \dots, h_n(1 - h_n))$$

## Part E

A sigmoid layer computes $h_k = \sigma(a_k)$ for $k = 1, \dots, n$.

$$\begin{bmatrix} \frac{\partial h_1}{\partial a_1} & \cdots & \frac{\partial h_1}{\partial a_n} \\ \vdots & \ddots & \vdots \\ \frac{\partial h_1}{\partial a_n} & \cdots & \frac{\partial h_n}{\partial a_n} \end{bmatrix} = \begin{bmatrix} h_1(1 - h_1) & \cdots & 1 \\ \vdots & \ddots & \vdots \\ 1 & \cdots & h_n(1 - h_n) \end{bmatrix}$$

## Part F

$$\begin{bmatrix} a_1 & \cdots & a_n \end{bmatrix} \begin{bmatrix} 1 \\ \vdots \\ 1 \end{bmatrix} = \sum_{i=1}^{n} a_i + (n - 1)(n - 2) a_1$$
"""

LINES = {"A": 7, "B": 13, "C": 19, "D": 25, "E": 31, "F": 35}


@pytest.fixture(scope="module")
def handout():
    return audit(HANDOUT)


def test_a_true_softmax_jacobian_grid_holds_at_each_size(handout):
    s = at(handout, LINES["A"])
    assert s.status == "holds" and s.strength == "bounded", s.reason
    assert "K = 3" in s.reason          # checked over sizes, named


def test_a_sign_slip_at_one_corner_is_wrong_at_that_entry(handout):
    s = at(handout, LINES["B"])
    assert s.status == "wrong" and s.counterexample is not None, s.reason
    assert "do not follow one pattern" in s.reason      # read as written, entry by entry
    row = int(s.method.split("(")[1].split(",")[0])
    legend = dict(part.split(": ", 1) for part in s.reason.split("sizes: ", 1)[1].split("; "))
    assert legend[f"row {row}"].endswith("entry (1, 2)") or legend[f"row {row}"].endswith("entry (1, 3)")


def test_a_linear_layer_jacobian_grid_is_its_weight_grid(handout):
    s = at(handout, LINES["C"])
    assert s.status == "holds" and s.strength == "bounded", s.reason


def test_a_sigmoid_layer_jacobian_is_diagonal_and_equals_diag_of_its_entries(handout):
    grid, diag = at(handout, LINES["D"], 0), at(handout, LINES["D"], 1)
    assert grid.status == "holds" and grid.strength == "bounded", grid.reason
    assert diag.status == "holds" and diag.strength == "bounded", diag.reason


def test_a_grid_whose_corner_names_another_place_is_not_read_and_never_wrong(handout):
    # \partial h_1/\partial a_n at (n, 1), where the others give \partial h_n/\partial a_1; the right
    # side is false (1 off the diagonal), but which matrix the left side is, is the author's
    s = at(handout, LINES["E"])
    assert s.status == "not_read"
    assert "(n, 1)" in s.reason and "slip" in s.reason


def test_a_claim_that_fails_only_at_size_three_is_wrong_there(handout):
    s = at(handout, LINES["F"])
    assert s.status == "wrong", s.reason
    row = int(s.method.split("(")[1].split(",")[0])
    legend = dict(part.split(": ", 1) for part in s.reason.split("sizes: ", 1)[1].split("; "))
    assert legend[f"row {row}"].startswith("n = 3") or "n = 3" in legend[f"row {row}"]


def test_the_size_three_claim_is_not_wrong_where_the_document_bounds_the_sizes():
    text = HANDOUT.split("## Part F")[0] + "## Part F\n\n<!-- derivcheck: sizes n = 1..2 -->\n" + \
        HANDOUT.split("## Part F\n")[1]
    s = [x for x in audit(text) if x.location and "F" in x.location][0]
    assert s.status == "holds" and s.strength == "bounded", s.reason


# --- the seed's pattern: J &= [dS_i/dx_j] \\ J &= [...] \\ J &= diag(...) - (...) --------------------

CHAIN = r"""# Homework 3, problem 2

For $\mathbf{u} \in \mathbb{R}^n$ let $S(\mathbf{u})_i = \frac{e^{u_i}}{\sum_j e^{u_j}}$.

$$\begin{aligned}
J(\mathbf{u}) &= \begin{bmatrix} \frac{\partial S(\mathbf{u})_1}{\partial u_1} & \cdots & \frac{\partial S(\mathbf{u})_1}{\partial u_n} \\ \vdots & \ddots & \vdots \\ \frac{\partial S(\mathbf{u})_n}{\partial u_1} & \cdots & \frac{\partial S(\mathbf{u})_n}{\partial u_n} \end{bmatrix} \\
J(\mathbf{u}) &= \begin{bmatrix} S(\mathbf{u})_1 - S(\mathbf{u})_1^2 & \cdots & -S(\mathbf{u})_1 S(\mathbf{u})_n \\ \vdots & \ddots & \vdots \\ -S(\mathbf{u})_n S(\mathbf{u})_1 & \cdots & S(\mathbf{u})_n - S(\mathbf{u})_n^2 \end{bmatrix} \\
J(\mathbf{u}) &= \text{diag}(S(\mathbf{u})_i \delta_{ij}) - (S(\mathbf{u})_i S(\mathbf{u})_j) \\
J(\mathbf{u}) &= \text{diag}(S(\mathbf{u})_i \delta_{ij}) + (S(\mathbf{u})_i S(\mathbf{u})_j)
\end{aligned}$$
"""


@pytest.fixture(scope="module")
def chain():
    return audit(CHAIN)


def test_rows_restating_one_head_in_a_display_are_a_chain(chain):
    assert at(chain, 6).status == "definition"
    s = at(chain, 7)        # the unbounded \sum_j runs over u_1 .. u_n, the entries the grid writes
    assert s.status == "holds" and s.strength == "bounded", s.reason


def test_diag_of_an_entry_formula_vanishing_off_the_diagonal_and_an_entry_matrix(chain):
    s = at(chain, 8)
    assert s.status == "holds" and s.strength == "bounded", s.reason
    wrong = at(chain, 9)
    assert wrong.status == "wrong" and wrong.counterexample is not None, wrong.reason


# --- units ------------------------------------------------------------------------------------

@pytest.mark.parametrize("inner, read", [
    (r"s_i \mathbf{1}_{i=j}", True),
    (r"a_i \delta_{ij}", True),
    (r"-s_i 1_{i=j}", True),
    (r"s_i + x_j \mathbf{1}_{i=j}", False),        # a sum: off the diagonal x_j... no, 0 + s_i: not zero
    (r"s_i s_j", False),                           # no indicator: diag of a full matrix
    (r"s_i \mathbf{1}_{i=k}", False),              # another letter
    (r"\sum_j s_j \mathbf{1}_{i=j}", False),        # j bound
])
def test_diag_reads_only_formulas_that_vanish_off_the_diagonal(inner, read):
    assert G.off_diagonal_zero(inner) is read


@pytest.mark.parametrize("side, rewritten", [
    (r"(a_i b_j)", True),
    (r"- (S_i S_j)", True),
    (r"f(a_i b_j)", False),                 # an argument
    (r"(a_i b_j)_{12}", False),             # a component
    (r"(a_i b_j) + c_i", False),            # i elsewhere in the side: another meaning
    (r"(a_i + b_k)", False),                # not both i and j
    (r"(a_i x^j)", False),                  # j not a subscript
])
def test_a_group_is_an_entry_matrix_only_where_nothing_else_fits(side, rewritten):
    assert (G.FORMULA in G.formula_matrices(side)) is rewritten


def test_an_entry_matrix_whose_formula_is_not_symmetric_doubts_its_orientation():
    steps = audit("# Q\n\n$$(a_j b_i) = \\mathbf{a} \\mathbf{b}^\\top$$\n")
    assert steps[0].status == "undecided" and "i its row and j its column" in steps[0].reason


def test_a_slip_is_named_and_a_value_slip_is_not_a_slip():
    # same skeleton, other indices: not read
    with pytest.raises(NotRead) as got:
        V.pattern(body(r"\begin{bmatrix} W_{11} & \cdots & W_{1n} \\ \vdots & \ddots & \vdots \\ "
                       r"W_{n1} & \cdots & W_{1n} \end{bmatrix}"))
    assert "(n, n)" in got.value.reason
    # a sign at one corner: read as written (partial), the corner can make a step wrong
    p = V.pattern(body(softmax_values("p_1 p_K")))
    assert p.kind == "partial"


def test_unknown_partials_never_make_a_grid_step_wrong():
    # S_i is not said to be S(z)_i: the partials are unknowns, and the step is not refuted
    text = (r"# Q" "\n\n" r"$$\begin{bmatrix} \frac{\partial S_1}{\partial z_1} & \cdots & \frac{\partial S_1}{\partial z_n} \\ "
            r"\vdots & \ddots & \vdots \\ \frac{\partial S_n}{\partial z_1} & \cdots & \frac{\partial S_n}{\partial z_n} "
            r"\end{bmatrix} = \begin{bmatrix} S_1(1 - S_1) & \cdots & -S_1 S_n \\ \vdots & \ddots & \vdots \\ "
            r"-S_n S_1 & \cdots & S_n(1 - S_n) \end{bmatrix}$$" "\n")
    s = audit(text)[0]
    assert s.status == "undecided" and "partials read as unknowns" in s.reason


def test_a_definition_through_another_unread_one_is_not_differentiated():
    # \ell_k = \log q_k with q not defined: q_1 may depend on z_1, the derivative is not taken
    text = (r"# Q" "\n\n" r"Let $\ell_k = \log q_k$." "\n\n"
            r"$$\begin{bmatrix} \frac{\partial \ell_1}{\partial z_1} & \cdots & \frac{\partial \ell_1}{\partial z_n} \\ "
            r"\vdots & \ddots & \vdots \\ \frac{\partial \ell_n}{\partial z_1} & \cdots & \frac{\partial \ell_n}{\partial z_n} "
            r"\end{bmatrix} = \begin{bmatrix} 1 & \cdots & 0 \\ \vdots & \ddots & \vdots \\ 0 & \cdots & 1 \end{bmatrix}$$" "\n")
    s = [x for x in audit(text) if x.to.startswith("\\begin")][0]
    assert s.status != "wrong" and s.status != "holds"


# --- a transposed grid times a vector, on the left of a step ------------------------------------

BACKWARD = r"""# Backward pass of a linear layer

## Problem 1

The upstream gradient is $\mathbf{g} \in \mathbb{R}^m$.

$$\begin{bmatrix} W_{11} & \cdots & W_{1n} \\ \vdots & \ddots & \vdots \\ W_{m1} & \cdots & W_{mn} \end{bmatrix}^T \mathbf{g} = \begin{bmatrix} \sum_{i=1}^m W_{i1} g_i \\ \vdots \\ \sum_{i=1}^m W_{in} g_i \end{bmatrix}$$

## Problem 2

The upstream gradient is $\mathbf{g} \in \mathbb{R}^m$.

$$\begin{bmatrix} W_{11} & \cdots & W_{1n} \\ \vdots & \ddots & \vdots \\ W_{m1} & \cdots & W_{mn} \end{bmatrix}^T \mathbf{g} = \begin{bmatrix} \sum_{i=1}^m W_{1i} g_i \\ \vdots \\ \sum_{i=1}^m W_{ni} g_i \end{bmatrix}$$
"""


def test_a_transposed_weight_grid_times_the_upstream_gradient():
    steps = audit(BACKWARD)
    right, swapped = at(steps, 7), at(steps, 13)
    assert right.status == "holds" and right.strength == "bounded", right.reason
    assert swapped.status == "wrong" and swapped.counterexample is not None     # W_{1i}: the row, not the column


def test_a_component_ij_on_the_other_side_keeps_the_group_one_entry():
    # (a b^T)_{ij} = (a_i b_j): i, j name the entry of the left side, the right side is that entry
    steps = audit("# Q\n\n$$(\\mathbf{a}\\mathbf{b}^\\top)_{ij} = (a_i b_j)$$\n\n"
                  "$$(\\mathbf{a}\\mathbf{b}^\\top)_{ij} = (a_j b_i)$$\n")
    assert at(steps, 3).status == "holds"
    assert at(steps, 5).status == "wrong"
    assert G.letters_beside(r"\frac{\partial p_i}{\partial z_j}",
                            r"\begin{bmatrix} " + G.FORMULA + r" p_i p_j \end{bmatrix}")
    assert not G.letters_beside(r"\begin{bmatrix} a_1 \end{bmatrix} \text{diag}",
                                r"\begin{bmatrix} " + G.FORMULA + r" p_i p_j \end{bmatrix}")


# --- review A: entry definitions of another question --------------------------------------

def test_an_entry_definition_of_another_question_does_not_decide_a_step():
    # review A, d2: Problem 2 replaces the softmax by sigmoid units in words and calls their
    # outputs p again; Problem 1's softmax p_i must not make its diagonal Jacobian wrong
    doc = (r"""# Homework 5

## Problem 1

The output layer is a softmax: $p_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$ for $i = 1, \dots, K$.

$$""" + SOFTMAX_GRID + " = " + softmax_values("-p_1 p_K") + r"""$$

## Problem 2

Now replace the softmax by independent sigmoid units, one per class, and call their outputs p again.

$$""" + SOFTMAX_GRID + r""" = \begin{bmatrix} p_1(1 - p_1) & \cdots & 0 \\ \vdots & \ddots & \vdots \\ 0 & \cdots & p_K(1 - p_K) \end{bmatrix}$$
""")
    steps = audit(doc)
    assert at(steps, 7).status == "holds"          # Problem 1's own definition still decides its step
    assert at(steps, 13).status != "wrong"


def test_one_index_definitions_keep_only_the_question_being_read():
    d1 = SimpleNamespace(params=(sp.Symbol("i"),), body=sp.Symbol("z_i"), location="Problem 1",
                         question=lambda: "Problem 1", section=None)
    ctx = SimpleNamespace(indexed={"p": d1}, here="Problem 2", shared=lambda d: False)
    assert G.one_index_definitions(ctx) == {}
    ctx.here = "Problem 1"
    assert set(G.one_index_definitions(ctx)) == {"p"}


# --- review A: a grid over a block of a longer vector -------------------------------------

BLOCK = r"""# Exercise sheet 6

Let $\mathbf{x} \in \mathbb{R}^n$ and $S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}}$ for $i = 1, \dots, n$. We look at the top-left $m \times m$ block of its Jacobian, $m < n$.

$$\begin{bmatrix} \frac{\partial S(\mathbf{x})_1}{\partial x_1} & \cdots & \frac{\partial S(\mathbf{x})_1}{\partial x_m} \\ \vdots & \ddots & \vdots \\ \frac{\partial S(\mathbf{x})_m}{\partial x_1} & \cdots & \frac{\partial S(\mathbf{x})_m}{\partial x_m} \end{bmatrix} \mathbf{1} = \begin{bmatrix} 0 \\ \vdots \\ 0 \end{bmatrix}$$
"""


def test_a_grid_over_a_block_does_not_give_the_sum_its_range():
    # review A, d12: the softmax's sum runs over the n entries of x, not the m the block writes;
    # at m = n the rows sum to 0, so reading the sum to m would be a false holds
    step = at(audit(BLOCK), 5)
    assert step.status == "not_read" and "declares n entries" in step.reason


def test_a_grid_over_the_declared_length_still_reads_the_sum():
    doc = BLOCK.replace(r"\mathbb{R}^n", r"\mathbb{R}^m").replace("for $i = 1, \\dots, n$", "for $i = 1, \\dots, m$")
    doc = doc.replace(" We look at the top-left $m \\times m$ block of its Jacobian, $m < n$.", "")
    step = at(audit(doc), 5)
    assert step.status == "holds"


def test_argument_lengths_use_the_grid_letter_only_where_the_text_agrees():
    found = {"x": {("m", None)}}
    assert G.argument_lengths(found) == {"x": "m"}
    assert G.argument_lengths(found, {"x": "m"}) == {"x": "m"}
    assert isinstance(G.argument_lengths(found, {"x": "n"})["x"], G.Conflict)


# --- review A: two formulas for one name in one display ------------------------------------

CASES_BESIDE = r"""# Notes on output layers

## Exercise 1

The output is $\mathbf{s}$; its Jacobian with respect to the logits depends on the output layer:

$$\begin{aligned}
\mathbf{J} &= \text{diag}(\mathbf{s} \odot (\mathbf{1} - \mathbf{s})) && \text{for sigmoid outputs,} \\
\mathbf{J} &= \text{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top && \text{for softmax outputs.}
\end{aligned}$$
"""

CASES_BELOW = r"""# Notes on output layers

## Exercise 1

The output is $\mathbf{s}$. Its Jacobian with respect to the logits:

$$\begin{aligned}
\mathbf{J} &= \text{diag}(\mathbf{s} \odot (\mathbf{1} - \mathbf{s})) \\
\mathbf{J} &= \text{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top
\end{aligned}$$

where the first line is for sigmoid outputs and the second for softmax outputs.
"""


def test_rows_with_case_notes_are_two_definitions():
    # review A, d9: each row is the formula of its own case, not a restatement
    step = at(audit(CASES_BESIDE), 9)
    assert step.status == "definition" and "redefines" in step.reason


def test_a_second_formula_in_one_display_that_differs_is_undecided():
    # review A, d10: the cases are said below the display; the rows differ, which is no error
    step = at(audit(CASES_BELOW), 9)
    assert step.status == "undecided" and "a restatement or another case?" in step.reason


def test_a_chained_restatement_still_holds():
    doc = CASES_BELOW.replace(r"\mathbf{J} &= \text{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top",
                              r"\mathbf{J} &= \text{diag}(\mathbf{s}) - \text{diag}(\mathbf{s} \odot \mathbf{s})")
    step = at(audit(doc), 9)
    assert step.status == "holds"
