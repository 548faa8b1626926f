"""Round 27: the range of an index said in the prose of a chain-rule step.

- "for $k = 1, \\dots, K$" before a layer's definitions is the range of k in a step of partials
  of an unwritten loss (``\\partial L/\\partial z_k = g_k s_k(1 - s_k)``): the chain model checks
  the step entry by entry over k in 1..K, where before it kept the step as read (undecided).
  A wrong factor in the same step is found wrong under the same model.
"""
from __future__ import annotations

from audited import audit_all, one_at as at, shown

SIGMOID_LAYER = r"""## Problem 1

A layer of $K$ sigmoid units reads the vector $\mathbf u \in \mathbb R^n$. For $k = 1, \dots, K$,

$$z_k = \sum_{p=1}^{n} V_{kp} u_p + c_k$$

$$s_k = \sigma(z_k)$$

A loss $L$ sees the layer only through the outputs $s_k$; write $g_k = \partial L / \partial s_k$.

$$\frac{\partial L}{\partial z_k} = g_k \, s_k \left(1 - s_k\right)$$

$$\frac{\partial L}{\partial z_k} = g_k \, s_k \left(1 + s_k\right)$$
"""


def test_a_range_said_in_the_prose_sizes_the_chain_model():
    found = audit_all({"sig": SIGMOID_LAYER})["sig"]
    assert at(found, 11).status == "holds", shown(found)
    assert at(found, 13).status == "wrong", shown(found)


PARTS = r"""# Tutorial 3

**Question 1.** A unit computes $p = \sigma(z)$ from $z = 3w + 1$.

**1(a)** The derivative of the output by the weight:

$$\frac{\partial p}{\partial w} = 3 p (1 - p)$$

**1(b)** Written without the chain rule's factor:

$$\frac{\partial p}{\partial w} = p (1 - p)$$
"""


def test_a_part_numbered_like_its_question_uses_the_question_s_definitions():
    """'Question 1' and its part '1(a)' are one question: p and z defined in the stem are the
    part's own, with no doubt that they are used 'as defined in Q1'."""
    found = audit_all({"parts": PARTS})["parts"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 11).status == "wrong", shown(found)


def test_the_question_of_a_label_is_its_number():
    from checks.io.audit.document.context import question_of
    assert {question_of(q) for q in ("Q1", "Question 1", "1(c)", "Problem 1.2(a)", "1b")} == {"1"}
    assert question_of("Q2") != question_of("1(c)")
    assert question_of("Part A") == "Part A"


GRADIENTS_OF_FORMULAS = r"""## Q1

Let $\mathbf w, \mathbf x \in \mathbb R^d$.

$$\nabla_{\mathbf w} \log \sigma(\mathbf w^\top \mathbf x) = \big(1 - \sigma(\mathbf w^\top \mathbf x)\big)\, \mathbf x$$

$$\nabla_{\mathbf w} \log \sigma(\mathbf w^\top \mathbf x) = \sigma(\mathbf w^\top \mathbf x)\, \mathbf x$$

$$\nabla_{\mathbf w} \log \left(1 + e^{\mathbf w^\top \mathbf x}\right) = \sigma(\mathbf w^\top \mathbf x)\, \mathbf x$$

$$\nabla_{\mathbf w} \log \left(1 + e^{-\mathbf w^\top \mathbf x}\right) = \sigma(\mathbf w^\top \mathbf x)\, \mathbf x$$

## Q2

Let $\mathbf u, \mathbf c \in \mathbb R^n$ and $g(\mathbf u) = \frac12 \mathbf u^\top \mathbf u + \mathbf c^\top \mathbf u$.

$$\nabla g(\mathbf u) = \mathbf u + \mathbf c$$

$$\nabla g(\mathbf u) = \mathbf u - \mathbf c$$
"""


def test_the_gradient_of_a_formula_that_starts_with_a_function_word():
    """\\nabla_{\\mathbf w} \\log ...: \\log starts the operand's formula (it was taken for the
    name of the operand, and the step was not read); e^{\\mathbf w^T \\mathbf x} is the exponential
    of a number, a row times a column."""
    found = audit_all({"g": GRADIENTS_OF_FORMULAS})["g"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)
    assert at(found, 9).status == "holds", shown(found)
    assert at(found, 11).status == "wrong", shown(found)


def test_a_gradient_without_a_subscript_is_by_the_argument_of_its_call():
    """\\nabla g(\\mathbf u) of a function of one vector: the gradient by u."""
    found = audit_all({"g": GRADIENTS_OF_FORMULAS})["g"]
    assert at(found, 17).status == "holds", shown(found)
    assert at(found, 19).status == "wrong", shown(found)


def test_sums_of_an_entry_are_written_out_term_by_term():
    """indices.unrolled: the value doit gives, with the sums written out (outer first, so an
    inner limit that depends on the outer index is an integer too); empty sums are 0; a sum
    with a symbolic limit is left to SymPy."""
    import sympy as sp
    from checks.io.audit.reading.indices import unrolled
    i, j, n = sp.symbols("i j n", integer=True)
    x = sp.IndexedBase("x")
    e = sp.Sum(sp.exp(x[j]) / sp.Sum(sp.exp(x[i]), (i, 1, 3)), (j, 1, 3))
    got = unrolled(e)
    assert not got.has(sp.Sum)
    assert sp.simplify(got - 1) == 0
    tri = sp.Sum(sp.Sum(x[i], (i, 1, j)), (j, 1, 3))       # inner limit j: an integer once j is
    assert unrolled(tri) == 3 * x[1] + 2 * x[2] + x[3]     # SymPy's doit leaves this one unevaluated
    assert unrolled(sp.Sum(x[i], (i, 1, 0))) == 0
    assert unrolled(sp.Sum(x[i], (i, 1, n))) == sp.Sum(x[i], (i, 1, n))


SOFTMAX_SCORES = r"""## Q1

A pointer over $n$ positions, with one fixed number $c_j$ per position:

$$t_j = \sum_{m=1}^{d} p_m r_{jm}, \qquad b_j = \frac{e^{t_j}}{\sum_{l=1}^{n} e^{t_l}}, \qquad o = \sum_{j=1}^{n} b_j c_j$$

$$\frac{\partial o}{\partial t_i} = \sum_{j=1}^{n} c_j b_j (\delta_{ij} - b_i)$$

$$\frac{\partial o}{\partial t_i} = \sum_{j=1}^{n} c_j b_j (\delta_{ij} + b_i)$$
"""


def test_a_softmax_weighted_sum_is_read_within_the_step_budget():
    """The derivative of a softmax-weighted sum, entry by entry over n: its sums are written
    out, where SymPy's summation took the step past its 5 s budget."""
    found = audit_all({"s": SOFTMAX_SCORES})["s"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status == "wrong", shown(found)


HESSIANS = r"""## Q1

Let $\mathbf u, \mathbf c \in \mathbb R^m$ and $A \in \mathbb R^{m \times m}$ (not symmetric in general).

$$\nabla_{\mathbf u}^2 \left( \mathbf u^\top A \mathbf u \right) = A + A^\top$$

$$\nabla^2_{\mathbf u} \left( \mathbf u^\top A \mathbf u \right) = 2 A$$

$$\nabla^2_{\mathbf u} \tfrac12 \|\mathbf u - \mathbf c\|^2 = I$$

$$\nabla_{\mathbf u} \tfrac12 \|\mathbf u - \mathbf c\|^2 = \mathbf u + \mathbf c$$
"""


def test_the_hessian_of_a_formula_and_a_norm_operand_with_a_sign_inside():
    """\\nabla^2_{\\mathbf u} (...) and \\nabla_{\\mathbf u}^2 (...): the matrix of second partials of
    the formula; a sign between norm bars is inside the operand (one term)."""
    found = audit_all({"h": HESSIANS})["h"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)
    assert at(found, 9).status == "holds", shown(found)
    assert at(found, 11).status == "wrong", shown(found)
