"""Round 29: index formulas, derivative claims, ranges written in a display.

- An entry at an index formula (``x_{i + k - 1}``, ``K_{p - i + 1, q - j + 1}``) of an array the
  document writes with indices is that array's entry, not a name of its own: before, the right
  side of ``\\partial y_i / \\partial w_k = x_{i + k - 1}`` was a new name, the step "wrong as
  read" and saved only by a doubt.
- The value of a derivative with a name new on its right is a claim (its new names doubts),
  never a "condition" that sets them.
- ``i = 1, \\dots, n`` written as a formula of a display is the range of i: a condition, not a
  list that cannot be read.
"""
from __future__ import annotations

import sympy as sp

from audited import audit_all, one_at as at, shown
from checks.io.audit.reading import indices

CONV = r"""## Exercise 1

A valid cross-correlation of $\mathbf x \in \mathbb R^n$ with a kernel of length $K$:

$$y_i = \sum_{k=1}^{K} w_k \, x_{i + k - 1}, \qquad i = 1, \dots, n - K + 1$$

$$\frac{\partial y_i}{\partial w_k} = x_{i + k - 1}$$

$$\frac{\partial y_i}{\partial x_j} = \begin{cases} w_{j - i + 1} & \text{if } 1 \le j - i + 1 \le K \\ 0 & \text{otherwise} \end{cases}$$

$$\frac{\partial y_i}{\partial w_k} = x_{i + k}$$
"""


def test_an_entry_at_an_index_formula_is_the_arrays_entry():
    found = audit_all({"c": CONV})["c"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status == "holds", shown(found)
    # off by one: x_{i+k} is the next entry, never the same; no range is shown for k here, so
    # not certain, but never a hold
    assert at(found, 11).status in ("wrong", "undecided"), shown(found)


def test_a_range_in_a_display_is_a_condition():
    found = audit_all({"c": CONV})["c"]
    ranged = [s for s in found if s.line == 5 and s.from_.strip() == "i"]
    assert len(ranged) == 1 and ranged[0].status == "condition", shown(found)
    assert "n - K + 1" in ranged[0].reason


def test_index_formulas_read_by_the_tie():
    i, k = sp.Symbol("i", integer=True), sp.Symbol("k", integer=True)
    x = sp.IndexedBase(sp.Symbol("x", real=True))
    got = indices.tie(sp.Symbol("x_{i+k-1}", real=True), {"x": 1})
    assert got == x[i + k - 1]
    # a product, a two-letter name, a number-led formula, the wrong rank: a name as written
    for name, rank in (("x_{2i}", 1), ("x_{ab}", 1), ("x_{1+i}", 1), ("x_{i+1}", 2)):
        assert indices.tie(sp.Symbol(name, real=True), {"x": rank}) == sp.Symbol(name, real=True), name
    assert indices.at_formula("K_{p-i+1,q-j+1}")[0] == "K"


DERIVATIVE_VALUE = r"""## Q2

$$y = 3 x^2$$

$$\frac{\partial y}{\partial x} = 6 x + c$$
"""


def test_the_value_of_a_derivative_is_no_condition():
    found = audit_all({"d": DERIVATIVE_VALUE})["d"]
    step = at(found, 5)
    assert step.status != "condition", shown(found)
    assert step.status != "holds", shown(found)


JACOBIANS = r"""## Q3

Let $\mathbf z, \mathbf h \in \mathbb R^n$ with $\mathbf h = \sigma(\mathbf z)$ elementwise.

$$\frac{\partial \mathbf h}{\partial \mathbf z} = \operatorname{diag}\big(\sigma(\mathbf z) \odot (1 - \sigma(\mathbf z))\big)$$

$$\frac{\partial \mathbf h}{\partial \mathbf z} = \operatorname{diag}\big(\sigma(\mathbf z)\big)$$

With $A \in \mathbb R^{n \times n}$ and $\mathbf y = A \mathbf z$:

$$\frac{\partial (A \mathbf z)}{\partial \mathbf z} = A$$

$$\frac{\partial (A \mathbf z)}{\partial \mathbf z} = A + I$$
"""


def test_a_jacobian_is_read_in_both_layouts():
    """A diagonal Jacobian is the same in both layouts: it holds, or is wrong, in each. The
    Jacobian of A z is A in the numerator layout and A^T in the denominator one: the document
    does not say which it uses, so a step that holds in one is undecided, naming both; A + I is
    wrong in both (the diagonal alone shows it)."""
    found = audit_all({"j": JACOBIANS})["j"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)
    layered = at(found, 11)
    assert layered.status == "undecided" and "denominator layout" in layered.reason, shown(found)
    assert at(found, 13).status == "wrong", shown(found)


def test_a_layout_the_document_says_is_the_one_read():
    said = JACOBIANS.replace("## Q3\n", "## Q3\n\nWe use the numerator layout throughout.\n")
    found = audit_all({"j": said})["j"]
    assert at(found, 13).status == "holds", shown(found)
