"""Matrices written with ellipses beyond a column, a row and a_{11} .. a_{mn} (checks/io/audit/arrays/grids.py),
\\text{diag} of a vector, and functions a document defines entry by entry (components.entrywise).

The documents are written here in the style of matrix-calculus solutions of other courses: the
Jacobian of an elementwise layer and of a softmax, written as grids; a planted wrong entry in a
regular pattern; an irregular grid (a wrong written corner, as real errata look); and the traps
(a matrix whose off-diagonal corner is a variable, \\text{diag} of a matrix, a flip defined with
k the size of another vector).
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import sympy as sp

from checks.io.audit.reading import components as C
from checks.io.audit.arrays import vectors as V
from checks.io.audit.reading.notation import NotRead
from checks.io.audit.reading.read import Scope
from checks.io.audit.run import audit_documents
from checks.io.audit.reading.structures import rows


def body(latex: str) -> list:
    return rows(latex.split("\\begin{bmatrix}")[1].split("\\end{bmatrix}")[0])


def audit(text: str):
    doc = SimpleNamespace(name="doc.md", text=text, kind="markdown")
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def at(steps, line: int):
    found = [s for s in steps if s.line == line]
    assert found, [(s.line, s.status) for s in steps]
    return found[0]


KINDS = V.Kinds({}, frozenset())

DIAGONAL_4 = (r"\begin{bmatrix} \sigma'(z_1) & 0 & \cdots & 0 \\ 0 & \sigma'(z_2) & \cdots & 0 \\ "
              r"\vdots & \vdots & \ddots & \vdots \\ 0 & 0 & \cdots & \sigma'(z_n) \end{bmatrix}")
SOFTMAX_JACOBIAN = (r"\begin{bmatrix} s_1(1 - s_1) & -s_1 s_2 & \cdots & -s_1 s_n \\ "
                    r"-s_2 s_1 & s_2(1 - s_2) & \cdots & -s_2 s_n \\ \vdots & \vdots & \ddots & \vdots \\ "
                    r"-s_n s_1 & -s_n s_2 & \cdots & s_n(1 - s_n) \end{bmatrix}")
# 004 line 142 with s_i for S(x)_i: (2, 2) misses s_2, (n, 1) has s_n - s_n s_1 (the derivative is -s_n s_1)
IRREGULAR_004 = (r"\begin{bmatrix} s_1 - s_1 s_1 & -s_1 s_2 & \dots & -s_1 s_n \\ -s_2 s_1 & -s_2 s_2 & \dots & "
                 r"-s_2 s_n \\ \dots & \dots & \dots & \dots \\ s_n - s_n s_1 & -s_n s_2 & \dots & s_n - s_n s_n "
                 r"\end{bmatrix}")
# 002 Problem 4: h_K / z_1 in both off-diagonal corners
IRREGULAR_002 = (r"\begin{bmatrix} \frac{\partial h_1}{\partial z_1} & \cdots & \frac{\partial h_K}{\partial z_1} \\ "
                 r"\vdots & \ddots & \vdots \\ \frac{\partial h_K}{\partial z_1} & \cdots & "
                 r"\frac{\partial h_K}{\partial z_K} \end{bmatrix}")


# --- 1. the grid is read by position ------------------------------------------------------------

def test_a_diagonal_grid_with_written_leading_rows_is_a_diagonal_pattern():
    p = V.pattern(body(DIAGONAL_4))
    assert (p.kind, p.rows, p.cols) == ("diagonal", "n", "n")
    assert p.entry_text(3, 3).replace(" ", "") == "\\sigma'(z_{3})" and p.entry_text(1, 3) == "0"


def test_a_grid_of_derivatives_with_two_written_rows_and_columns_is_one_pattern():
    # 004 line 141: the softmax Jacobian written with \dots in a row of its own
    p = V.pattern(body(r"\begin{bmatrix} \frac{\partial S_1}{\partial x_1} & \frac{\partial S_1}{\partial x_2} & \dots & "
                       r"\frac{\partial S_1}{\partial x_n} \\ \frac{\partial S_2}{\partial x_1} & \frac{\partial S_2}"
                       r"{\partial x_2} & \dots & \frac{\partial S_2}{\partial x_n} \\ \dots & \dots & \dots & \dots \\ "
                       r"\frac{\partial S_n}{\partial x_1} & \frac{\partial S_n}{\partial x_2} & \dots & "
                       r"\frac{\partial S_n}{\partial x_n} \end{bmatrix}"))
    assert (p.kind, p.rows, p.cols) == ("full", "n", "n")
    assert p.entry_text(3, 2).replace(" ", "") == "\\frac{\\partialS_{3}}{\\partialx_{2}}"


def test_a_grid_with_a_pattern_on_the_diagonal_and_another_off_it():
    p = V.pattern(body(SOFTMAX_JACOBIAN))
    assert p.kind == "split"
    assert p.entry_text(3, 1).replace(" ", "") == "-s_{3}s_{1}"
    assert p.entry_text(2, 2).replace(" ", "") == "s_{2}(1-s_{2})"


def test_a_grid_of_fixed_rows_and_an_ellipsis_in_each_row():
    p = V.pattern(body(r"\begin{bmatrix} a_{11} & \cdots & a_{1n} \\ a_{21} & \cdots & a_{2n} \end{bmatrix}"))
    assert (p.kind, p.rows, p.cols) == ("full", 2, "n")


@pytest.mark.parametrize("latex", [
    r"\begin{bmatrix} d_1 & & \\ & \ddots & \\ & & d_n \end{bmatrix}",
    r"\begin{bmatrix} d_1 & & & \\ & d_2 & & \\ & & \ddots & \\ & & & d_n \end{bmatrix}",
])
def test_a_diagonal_grid_with_blank_entries_is_a_diagonal_pattern(latex):
    p = V.pattern(body(latex))
    assert (p.kind, p.rows) == ("diagonal", "n") and p.entry_text(2, 1) == "0"


IRREGULAR = [
    (IRREGULAR_004, 9),     # rows 1, 2, n and columns 1, 2, n
    # a variable off the diagonal: its corners only, not every entry off the diagonal (a band?)
    (r"\begin{bmatrix} d_1 & \cdots & c \\ \vdots & \ddots & \vdots \\ c & \cdots & d_n \end{bmatrix}", 4),
]


@pytest.mark.parametrize("latex, written", IRREGULAR)
def test_an_irregular_grid_keeps_only_its_written_entries(latex, written):
    p = V.pattern(body(latex))
    assert p.kind == "partial" and len(p.cells) == written


def test_a_grid_whose_corner_is_the_pattern_at_another_place_is_not_read():
    # \partial h_K/\partial z_1 at (K, 1) and at (1, K): either one is a slip (grids._no_slip)
    with pytest.raises(NotRead) as got:
        V.pattern(body(IRREGULAR_002))
    assert "(1, K)" in got.value.reason and "(K, 1)" in got.value.reason and "slip" in got.value.reason


SAME_ROWS = (r"\begin{bmatrix} \sigma'(z_1) & \cdots & \sigma'(z_K) \\ \vdots & \ddots & \vdots \\ "
             r"\sigma'(z_1) & \cdots & \sigma'(z_K) \end{bmatrix}")


def test_a_grid_whose_number_of_rows_no_entry_gives_takes_it_from_the_step():
    # 002: every row \sigma'(z_1) \cdots \sigma'(z_K): K columns, and as many rows as the step needs
    p = V.pattern(body(SAME_ROWS))
    assert (p.kind, p.rows, p.cols) == ("full", None, "K")
    kinds = V.Kinds({"\\mathbf{g}": ("column", "K", 1)}, frozenset())
    c = V.entries(SAME_ROWS + r"^T \mathbf{g}", r"\mathbf{g} \circ \sigma'(\mathbf{z})", Scope(), kinds, {})
    assert not any("not written" in h for h in c.hazards)     # the product says: K rows
    c = V.entries(SAME_ROWS + r"\mathbf{g}", r"\mathbf{h}", Scope(), V.Kinds({}, frozenset()), {})
    assert any("number of rows or columns" in h for h in c.hazards)    # nothing says how many rows


def test_a_grid_without_one_pattern_and_without_its_number_of_rows_is_not_read():
    with pytest.raises(NotRead) as exc:
        V.pattern(body(r"\begin{bmatrix} a_1 & \cdots & a_K \\ \vdots & \ddots & \vdots \\ "
                       r"b_1 & \cdots & a_K \end{bmatrix}"))
    assert "number of its rows is not written" in exc.value.reason


# --- 2. entries of an irregular grid: evidence for wrong, never for holds ----------------------------

def test_only_written_entries_are_compared_and_only_where_the_positions_are_distinct():
    c = V.entries(IRREGULAR_004, r"\mathrm{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top", Scope(), KINDS, {})
    # n = 1, 2 put rows 1, 2, n on two places: only n = 3 is compared, its nine written entries
    assert c.partial and c.count == 9 and "n = 3, entry (3, 1)" in c.legend
    differ = [k for k, (a, b) in enumerate(zip(c.left, c.right)) if sp.expand(a - b) != 0]
    assert differ == [4, 6]            # (2, 2) and (3, 1): the two errata of the written grid
    assert any(h.startswith("holds as read only: ") for h in c.hazards)


def test_an_entry_that_depends_on_one_between_the_ellipses_is_dropped():
    # at n = 3 every entry is written; at n = 4 column 3 is not, and each row of the product
    # needs it: only the three rows at n = 3 are compared
    c = V.entries(IRREGULAR_004 + r"\mathbf{v}", r"\mathbf{v}", Scope(), KINDS, {"n": (3, 4)})
    assert c.count == 3 and "n = 4" not in c.legend
    # the diagonal matrix minus the irregular one: at n = 4 its written entries are still compared
    c = V.entries(IRREGULAR_004, r"\mathrm{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top", Scope(), KINDS,
                  {"n": (4, 4)})
    assert c.count == 9 and "n = 4, entry (4, 4)" in c.legend and "entry (3, 3)" not in c.legend


def test_a_step_whose_every_entry_depends_on_unwritten_ones_is_not_read():
    # the corners of a K x K grid: any product with a vector needs the entries between
    with pytest.raises(NotRead) as exc:
        V.entries(r"\begin{bmatrix} d_1 & \cdots & c \\ \vdots & \ddots & \vdots \\ c & \cdots & d_K \end{bmatrix}"
                  r"\mathbf{g}", r"\mathbf{g}", Scope(), KINDS, {"K": (4, 4)})
    assert "not determined" in exc.value.reason


# --- 3. \text{diag} ---------------------------------------------------------------------------------

def test_diag_of_a_vector_is_the_diagonal_matrix():
    for word in (r"\mathrm{diag}", r"\text{diag}", r"\mathbf{Diag}", r"\operatorname{diag}"):
        c = V.entries(word + r"(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top", SOFTMAX_JACOBIAN, Scope(), KINDS, {})
        assert all(sp.expand(a - b) == 0 for a, b in zip(c.left, c.right)) and c.count == 14


def test_diag_of_a_list_of_entries_is_the_diagonal_matrix_of_their_pattern():
    c = V.entries(r"\operatorname{diag}\left(a_1, a_2, \dots, a_n\right)", r"\begin{bmatrix} a_1 & \cdots & 0 \\ "
                  r"\vdots & \ddots & \vdots \\ 0 & \cdots & a_n \end{bmatrix}", Scope(), KINDS, {})
    assert c.count == 14 and all(sp.expand(a - b) == 0 for a, b in zip(c.left, c.right))
    c = V.entries(r"\mathrm{diag}(a, b)", r"\begin{bmatrix} a & 0 \\ 0 & a \end{bmatrix}", Scope(), KINDS, {})
    assert [sp.expand(a - b) for a, b in zip(c.left, c.right)] == [0, 0, 0, sp.Symbol("b", real=True) - sp.Symbol("a", real=True)]


@pytest.mark.parametrize("left, reason", [
    (r"\text{diag}(\mathbf{A})", "single row or column"),                 # the vector of A's diagonal?
    # diag of an entry formula that does not vanish off the diagonal: its matrix, or its diagonal's?
    # (diag(S_i 1_{i=j}) - (S_i S_j), 004 line 143, is read: tests/test_audit_grids.py)
    (r"\text{diag}(S_i S_j) - (S_i S_j)", "a formula of an entry"),
])
def test_diag_of_a_matrix_or_of_an_entry_formula_is_not_read(left, reason):
    with pytest.raises(NotRead) as exc:
        V.entries(left, r"\begin{bmatrix} a_1 & \cdots & 0 \\ \vdots & \ddots & \vdots \\ 0 & \cdots & a_n "
                        r"\end{bmatrix}", Scope(), KINDS, {})
    assert reason in exc.value.reason


# --- 4. documents -----------------------------------------------------------------------------------

JACOBIANS = r"""# Jacobians written with ellipses

## Question 1

Let $\mathbf{z} \in \mathbb{R}^{n}$ and $\mathbf{h} = \sigma(\mathbf{z})$, the sigmoid applied element-wise.
Let $\mathbf{g} \in \mathbb{R}^{n}$ be the upstream gradient.

$$""" + DIAGONAL_4 + r""" \mathbf{g} = \mathbf{g} \circ \sigma'(\mathbf{z})$$

## Question 2

Let $\mathbf{s} \in \mathbb{R}^{n}$ be the softmax output.

$$""" + SOFTMAX_JACOBIAN + r""" = \mathrm{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top$$

## Question 3

$$\begin{bmatrix} s_1(1 - s_1) & s_1 s_2 & \cdots & s_1 s_n \\ s_2 s_1 & s_2(1 - s_2) & \cdots & s_2 s_n \\ \vdots & \vdots & \ddots & \vdots \\ s_n s_1 & s_n s_2 & \cdots & s_n(1 - s_n) \end{bmatrix} = \mathrm{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top$$

## Question 4

$$\begin{bmatrix} s_1 - s_1 s_1 & -s_1 s_2 & \cdots & -s_1 s_n \\ -s_2 s_1 & s_2 - s_2 s_2 & \cdots & -s_2 s_n \\ \vdots & \vdots & \ddots & \vdots \\ s_n - s_n s_1 & -s_n s_2 & \cdots & s_n - s_n s_n \end{bmatrix} = \mathbf{Diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top$$

## Question 5

$$\begin{bmatrix} s_1(1 - s_1) & -s_1 s_2 & \cdots & -s_1 s_n \\ -s_2 s_1 & s_2 - s_2^2 & \cdots & -s_2 s_n \\ \vdots & \vdots & \ddots & \vdots \\ -s_n s_1 & -s_n s_2 & \cdots & s_n - s_n s_n \end{bmatrix} = \mathbf{Diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top$$
"""


@pytest.fixture(scope="module")
def jacobians():
    return audit(JACOBIANS)


def test_true_jacobians_written_as_grids_hold_for_every_size(jacobians):
    for line in (8, 14):
        s = at(jacobians, line)
        assert s.status == "holds" and s.strength == "bounded", (line, s.reason)


def test_a_wrong_sign_off_the_diagonal_of_a_regular_grid_is_wrong_at_a_named_entry(jacobians):
    s = at(jacobians, 18)
    assert s.status == "wrong" and s.method.startswith("entry (")


def test_a_wrong_written_corner_of_an_irregular_grid_is_wrong_and_says_so(jacobians):
    s = at(jacobians, 22)
    assert s.status == "wrong" and s.counterexample is not None
    assert "do not follow one pattern" in s.reason
    row = int(s.method.split("(")[1].split(",")[0])
    legend = dict(part.split(": ", 1) for part in s.reason.split("sizes: ", 1)[1].split("; "))
    assert legend[f"row {row}"] == "n = 3, entry (3, 1)"     # s_n - s_n s_1 at (n, 1)


def test_an_irregular_grid_whose_written_entries_agree_does_not_hold(jacobians):
    s = at(jacobians, 26)
    assert s.status == "undecided" and "not determined" in s.reason


TRAPS = r"""# Traps

## Question 1

<!-- derivcheck: let c = symbol -->
$$\begin{bmatrix} d_1 & \cdots & c \\ \vdots & \ddots & \vdots \\ c & \cdots & d_n \end{bmatrix} = \mathrm{diag}(\mathbf{d}) + c \mathbf{1}\mathbf{1}^\top - c \mathbf{I}$$

## Question 2

Let $\mathbf{A} \in \mathbb{R}^{n \times n}$.

$$\text{diag}(\mathbf{A}) = \begin{bmatrix} A_{11} \\ \vdots \\ A_{nn} \end{bmatrix}$$

## Question 3

Let $\mathbf{v} \in \mathbb{R}^{k}$ and $\mathbf{w} \in \mathbb{R}^{m}$. We define $\text{flip}(\mathbf{w})_j = w_{k-j+1}$, where $k$ is the size of $\mathbf{v}$.

$$\text{flip}(\mathbf{u})_1 = u_m$$

$$\text{flip}(\mathbf{w})_2 = w_{k-1}$$

## Question 4

We write $\mathrm{clip}(\mathbf{x})_i = \min(1, \max(-1, x_i))$.

$$\mathrm{clip}(\mathbf{z})_j = \max(-1, \min(1, z_j))$$

$$\sum_{k=1}^{2} \text{flip}(\mathbf{w})_k = w_1 + w_2$$
"""


@pytest.fixture(scope="module")
def traps():
    return audit(TRAPS)


def test_a_variable_off_the_diagonal_is_not_taken_for_every_entry_off_it(traps):
    # equal at the written corners, but the entries between are not said to be c: never holds
    s = at(traps, 6)
    assert s.status == "undecided" and "not determined" in s.reason


def test_diag_of_a_matrix_is_not_read(traps):
    assert at(traps, 12).status == "not_read"


def test_a_word_defined_entrywise_is_used_at_another_index(traps):
    assert at(traps, 20).status == "holds"                       # flip(w)_2 = w_{k-2+1} = w_{k-1}
    assert at(traps, 26).status == "holds"                       # clip of another vector, another index


def test_a_definition_with_the_size_of_another_vector_is_not_carried_to_a_new_argument(traps):
    # k is the size of v: for flip(u), is it the size of u? not read, never rewritten with k
    s = at(traps, 18)
    assert s.status == "not_read" and "flip" in s.reason


def test_a_letter_of_the_definition_bound_in_the_step_is_not_captured(traps):
    # \sum_k flip(w)_k: w_{k-k+1} would be a capture of the definition's k by the sum's
    s = at(traps, 28)
    assert s.status != "holds" and s.status != "wrong"


def test_entrywise_definitions_found_in_the_prose_and_two_formulas_for_one_component_dropped():
    found = [SimpleNamespace(latex=r"\text{flip}(\mathbf{w})_j = w_{k-j+1}", location="Q5"),
             SimpleNamespace(latex=r"\text{rev}(\mathbf{x})_i = x_{n-i+1}", location="Q5"),
             SimpleNamespace(latex=r"\text{flip}(\mathbf{w})_j = \omega_{k-j+1}", location="Q5.3")]
    keys = dict(C.softmax_lets(found))
    assert "\\text{flip}" + C.ENTRYWISE not in keys and "\\text{rev}" + C.ENTRYWISE in keys
    assert C.components(r"\text{rev}(\mathbf{x})_{2}", keys.items()) == "(x_{n-1})"


# --- 5. a named vector beside a pattern of its entries; constant lines ------------------------------

def test_a_vector_beside_a_pattern_of_its_entries_has_the_patterns_length():
    # x^T y against [x_1 .. x_n][y_1 .. y_n]: with x, y of a length of their own the sizes where it
    # differs from n compared two different vectors (a false wrong before)
    c = V.entries(r"\mathbf{x}^\top \mathbf{y}", r"\begin{bmatrix} x_1 & \cdots & x_n \end{bmatrix} "
                  r"\begin{bmatrix} y_1 \\ \vdots \\ y_n \end{bmatrix}", Scope(), KINDS, {})
    assert c.count == 3 and all(sp.expand(a - b) == 0 for a, b in zip(c.left, c.right))


def test_a_row_of_ones_is_as_long_as_the_step_needs():
    c = V.entries(r"\mathbf{1}^\top \mathbf{x}", r"\begin{bmatrix} 1 & \cdots & 1 \end{bmatrix} "
                  r"\begin{bmatrix} x_1 \\ \vdots \\ x_n \end{bmatrix}", Scope(), KINDS, {})
    assert c.count == 3 and not c.hazards and all(sp.expand(a - b) == 0 for a, b in zip(c.left, c.right))
    c = V.entries(r"\begin{bmatrix} 1 \\ \vdots \\ 1 \end{bmatrix}", r"\mathbf{h}", Scope(), KINDS, {})
    assert any("not written" in h for h in c.hazards)     # nothing in the step gives the length


# --- 6. a column whose index is shifted --------------------------------------------------------------

@pytest.mark.parametrize("latex, offset", [
    (r"\begin{bmatrix} x_0 \\ \vdots \\ x_{n-1} \end{bmatrix}", -1),
    (r"\begin{bmatrix} x_0 \\ x_1 \\ \vdots \\ x_{n-1} \end{bmatrix}", -1),
    (r"\begin{bmatrix} x_2 \\ \vdots \\ x_{n+1} \end{bmatrix}", 1),
])
def test_a_shifted_column_runs_its_index_from_the_first_written_one(latex, offset):
    p = V.pattern(body(latex))
    assert (p.rows, p.offset) == ("n", offset) and p.entry_text(1, 1) == "x_{%d}" % (1 + offset)


@pytest.mark.parametrize("latex", [
    r"\begin{bmatrix} x_0 \\ \vdots \\ x_{n-2} \end{bmatrix}",      # n - 1 entries or a slip?
    r"\begin{bmatrix} x_0 \\ x_2 \\ \vdots \\ x_{n-1} \end{bmatrix}",
])
def test_a_shift_that_the_last_entry_does_not_confirm_is_not_read(latex):
    with pytest.raises(NotRead):
        V.pattern(body(latex))


def test_a_shifted_copy_is_not_the_vector():
    c = V.entries(r"\begin{bmatrix} x_2 \\ \vdots \\ x_{n+1} \end{bmatrix}", r"\mathbf{x}", Scope(), KINDS, {})
    assert any(sp.expand(a - b) != 0 for a, b in zip(c.left, c.right)) and not c.hazards


def test_powers_written_1_t_to_t_to_the_n_minus_1_follow_the_last_entry():
    # the template t^{k-1} from the last entry; 1 and t are its values at 1 and 2
    c = V.entries(r"\begin{bmatrix} 1 \\ t \\ \vdots \\ t^{n-1} \end{bmatrix}^\top \mathbf w",
                  r"\sum_{k=1}^{n} w_k t^{k-1}", Scope(), KINDS, {})
    assert c.count == 3 and all(sp.expand(a - b) == 0 for a, b in zip(c.left, c.right))


@pytest.mark.parametrize("latex", [
    r"\begin{bmatrix} 1 \\ x \\ \vdots \\ x^n \end{bmatrix}",       # n + 1 entries: x^i at i does not give 1
    r"\begin{bmatrix} a \\ b \\ \vdots \\ z \end{bmatrix}",
])
def test_a_last_entry_the_written_ones_do_not_follow_is_not_read(latex):
    with pytest.raises(NotRead):
        V.entries(latex, r"\mathbf{w}", Scope(), KINDS, {})


def test_a_sizes_directive_is_not_widened_by_an_irregular_grid():
    """Question 4's written rows 1, 2, n are apart only from n = 3: under `sizes n = 2..2` the
    author's range is kept (the step was checked, and wrong, at n = 3, outside it)."""
    q4 = JACOBIANS.split("## Question 4", 1)[1].split("## Question 5", 1)[0]
    doc = "## Question 4\n\n<!-- derivcheck: sizes n = 2..2 -->" + q4
    (s,) = audit(doc)
    assert s.status == "not_read" and "outside sizes n = 2..2" in s.reason


# --- 4. declared matrices as matrices: powers, inverses, tr, det (matrices.py) --------------------

from checks.io.audit.arrays import matrices as M  # noqa: E402

DECLARED = r"""## Problem 1

Let $A, B \in \mathbb{R}^{n \times n}$ be given invertible matrices, $X \in \mathbb{R}^{N \times d}$ the data matrix of $N$ samples, $\mathbf{t} \in \mathbb{R}^N$ the targets, $\lambda > 0$ and a scalar $s$, and $K$ the number of classes.

$$(AB)^\top = B^\top A^\top$$

$$(AB)^{-1} = B^{-1} A^{-1}$$

$$(AB)^{-1} = A^{-1} B^{-1}$$

$$(A + B)^2 = A^2 + 2AB + B^2$$

$$(A^\top)^{-1} = A^{-\top}$$

$$\operatorname{tr}(AB) = \operatorname{tr}(BA)$$

$$\det(AB) = \det(A)\det(B)$$

$$(X^\top X)^\top = X^\top X$$

$$(AB)^\top = A^\top B^\top$$

$$(K + N)^2 = K^2 + 2KN + N^2$$

$$\begin{bmatrix} 1 & 2 \\ 2 & 4 \end{bmatrix}^{-1} = \begin{bmatrix} 0 & 0 \\ 0 & 0 \end{bmatrix}$$

$$A^{-1} A = I$$

$$(X^\top X + \lambda I)(X^\top X + \lambda I)^{-1} X^\top \mathbf{t} = X^\top \mathbf{t}$$
"""


@pytest.fixture(scope="module")
def declared_steps():
    return audit(DECLARED)


@pytest.mark.parametrize("line, status", [
    (5, "holds"),       # (AB)^T = B^T A^T
    (7, "holds"),       # (AB)^{-1} = B^{-1} A^{-1}
    (13, "holds"),      # A^{-T}
    (15, "holds"),      # tr(AB) = tr(BA)
    (17, "holds"),      # det(AB) = det A det B
    (19, "holds"),      # a covariance X^T X is symmetric
    (27, "holds"),      # A^{-1} A = I: never the number 1 against I
    (29, "holds"),      # the ridge normal equations, solved
    (9, "wrong"),       # the order of an inverse of a product swapped
    (11, "wrong"),      # the binomial of matrices
    (21, "wrong"),      # (AB)^T with the order kept
])
def test_declared_matrices_are_read_as_matrices(declared_steps, line, status):
    step = at(declared_steps, line)
    assert step.status == status, (step.status, step.reason)
    if status == "holds":
        assert step.strength == "bounded"       # over the sizes enumerated, never more


def test_a_counterexample_with_an_inverse_is_at_invertible_matrices(declared_steps):
    step = at(declared_steps, 9)
    point = {k: sp.Rational(v) for k, v in step.counterexample["point"].items()}
    for name in "AB":
        mat = sp.Matrix(2, 2, lambda i, j: point.get(f"{name}_{{{i + 1}{j + 1}}}", 0))
        assert mat.det() != 0


@pytest.mark.parametrize("line", [23, 25])
def test_numbers_in_capitals_and_a_singular_matrix_are_never_wrong(declared_steps, line):
    # K and N are a count and a length, not matrices; the literal's inverse does not exist
    assert at(declared_steps, line).status != "wrong"


def test_an_inverse_of_a_singular_matrix_is_not_read():
    with pytest.raises(NotRead, match="singular"):
        M.power(sp.Matrix([[1, 2], [2, 4]]), sp.Integer(-1))
    assert M.power(sp.Matrix([[2, 0], [0, 4]]), sp.Integer(-1)) == sp.Matrix([[sp.Rational(1, 2), 0], [0, sp.Rational(1, 4)]])


@pytest.mark.parametrize("text, out", [
    (r"A^{-\top}", r"(\operatorname{inverse}(A))^{\top}"),
    (r"\operatorname{tr} M + 1", r"\operatorname{trace}(M) + 1"),
    (r"\det(A)", r"\operatorname{determinant}(A)"),
    (r"(A + B)^{-1}", r"\operatorname{inverse}((A + B))"),
    (r"f(x)^{-1}", r"f(x)^{-1}"),           # a call's value: left to the reader
])
def test_rewrites_before_reading(text, out):
    assert M.rewrite(text) == out


def test_how_far_a_trace_reaches_is_not_guessed():
    with pytest.raises(NotRead, match="how far"):
        M.rewrite(r"\operatorname{tr} AB")


def test_a_power_of_a_vector_or_of_a_guessed_shape_keeps_its_refusal():
    kinds = V.Kinds(V.declared(r"$A \in \mathbb{R}^{n \times n}$, $\mathbf{x} \in \mathbb{R}^n$"), frozenset())
    with pytest.raises(NotRead):
        V.entries(r"\mathbf{x}^2", r"\mathbf{x}^\top \mathbf{x}", Scope(), kinds, {})
    with pytest.raises(NotRead):
        V.entries(r"(A + Z)^2", r"A^2 + 2AZ + Z^2", Scope(), kinds, {})    # Z: a number or a matrix?


EXPONENTIALS = r"""## Problem 3

Two given matrices $M, N \in \mathbb{R}^{n \times n}$ and a scalar $s$.

$$e^{M + N} = e^{M} e^{N}$$

$$\det\left(e^{M}\right) = e^{\operatorname{tr} M}$$

$$\frac{d}{ds} \tanh(sM) = M \left(I - \tanh^2(sM)\right)$$

## Problem 4

Let $Q \in \mathbb{R}^{n \times n}$ be an orthogonal matrix, and $A, B \in \mathbb{R}^{n \times n}$ two matrices that commute.

$$Q^\top Q = I$$

$$(A + B)^2 = A^2 + 2AB + B^2$$

## Problem 5

The data $X \in \mathbb{R}^{N \times D}$, the targets $T \in \mathbb{R}^{N \times K}$, the predictions $Y = XW$.
For the squared error $\ell = \frac{1}{2}\sum_{n,k}(Y_{nk} - T_{nk})^2$,

$$\frac{\partial \ell}{\partial Y_{nk}} = Y_{nk} - T_{nk}$$
"""


@pytest.fixture(scope="module")
def exponential_steps():
    return audit(EXPONENTIALS)


def test_an_exponential_of_a_sum_of_matrices_is_refuted_at_sample_matrices(exponential_steps):
    step = at(exponential_steps, 5)
    assert step.status == "wrong", (step.status, step.reason)
    assert "M = [[1, 1], [0, 1]]" in step.reason       # the counterexample's matrices, named


def test_an_exponential_equal_at_the_samples_is_not_claimed_to_hold(exponential_steps):
    step = at(exponential_steps, 7)     # true for every matrix, but checked at one sample only
    assert step.status == "undecided" and "sample" in step.reason, (step.status, step.reason)


def test_a_function_of_a_square_matrix_read_entry_by_entry_is_a_doubt(exponential_steps):
    step = at(exponential_steps, 9)     # true for the matrix function, false entry by entry
    assert step.status != "wrong", step.reason


@pytest.mark.parametrize("line, word", [(15, "orthogonal"), (17, "commut")])
def test_matrices_the_words_restrict_are_never_refuted_with_independent_entries(exponential_steps, line, word):
    step = at(exponential_steps, line)      # each word said of its own matrices: "orthogonal" of Q only
    assert step.status != "wrong" and word in step.reason and (line == 15 or "orthogonal" not in step.reason), \
        (step.status, step.reason)


def test_index_notation_over_declared_matrices_stays_with_the_scalar_reading():
    from pathlib import Path
    text = (Path(__file__).parent / "audit_redteam" / "34_weight_decay_chain.tex").read_text()
    doc = SimpleNamespace(name="34.tex", text=text, kind="latex")
    steps = audit_documents([doc], cache=False, isolated=False).documents[0].steps
    step = at(steps, 31)    # d ell / d Y_{nk} = Y_{nk} - T_{nk}: T_{nk} is an entry, not the matrix T
    assert step.status == "holds", (step.status, step.reason)


def test_the_words_that_restrict_a_matrix_and_their_negation():
    text = r"Throughout, $A \in \mathbb{R}^{n \times n}$ is a fixed matrix, not necessarily symmetric. Let $S$ be symmetric."
    assert M.restricted(text, ["A"]) == []
    assert M.restricted(text, ["S"]) == ["symmetric"]
    assert M.restricted(r"For the invertible matrix $X$.", ["X"]) == []     # samples are invertible where inverted


@pytest.mark.parametrize("text, one", [
    (r"\sigma'(\mathbf z) \odot \bigl( W^\top \mathbf g \bigr)", True),
    (r"W^\top \left( \sigma'(\mathbf z) \odot \mathbf g \right)", True),
    (r"\bar h \circ \sigma'(\bar z) + \mathbf b", True),
    (r"A \mathbf x \circ \mathbf y", False),           # (A x) \circ y or A (x \circ y)?
    (r"\mathbf{x} \circ W \mathbf{y} - b", False),
])
def test_circ_operands_written_as_one_thing(text, one):
    assert M.circ_operands_bracketed(text) is one


def test_a_circ_beside_a_bracketed_product_is_no_doubt_and_a_bare_one_is():
    kinds = V.Kinds(V.declared(r"$W \in \mathbb{R}^{n \times n}$, $\mathbf{g}, \mathbf{z} \in \mathbb{R}^n$"), frozenset())
    left, right = r"W^\top \bigl( \sigma'(\mathbf z) \odot \mathbf g \bigr)", r"\sigma'(\mathbf z) \odot \bigl( W^\top \mathbf g \bigr)"
    assert not any(h.startswith(V.CIRC_BESIDE) for h in V.entries(left, right, Scope(), kinds, {}).hazards)
    bare = V.entries(left, r"\sigma'(\mathbf z) \odot W^\top \mathbf g", Scope(), kinds, {})
    assert any(h.startswith(V.CIRC_BESIDE) for h in bare.hazards)


@pytest.mark.parametrize("right, holds", [
    (r"-(A + sB)^{-1} B (A + sB)^{-1}", True),
    (r"-(A + sB)^{-2} B", False),           # the order of a product with an inverse: matrices do not commute
])
def test_the_derivative_of_an_inverse_entry_by_entry(right, holds):
    kinds = V.Kinds(V.declared(r"$A, B \in \mathbb{R}^{n \times n}$"), frozenset({"s"}))
    checked = V.entries(r"\frac{d}{ds} \left[(A + sB)^{-1}\right]", right, Scope(), kinds, {"n": (1, 2)})
    # rational functions of the entries: exact cancellation decides, no sampling
    zero = [sp.cancel(sp.together((a - b).doit())) == 0 for a, b in zip(checked.left, checked.right)]
    assert all(zero) is holds
    assert checked.count == 1 + 4              # n = 1, 2 (the sizes directive)
