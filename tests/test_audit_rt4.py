"""The red team's reproducers against the reading rules of branch `read` (rt4: derivatives by
a written value NAME(args), tuples of numbers, gradient entries (\\nabla_x L)_i, bound sum indices
of the entry's letter, and older call/power readings). Each row is a document and, per line, the
statuses that would be false there: a step on that line must never get them. not_read or undecided
is fine (the reading is ambiguous or refused)."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DOCUMENTS = {
    'q19_quantity_worked_mse': (r"""# Worked example: squared error of a linear model

The model is $f(x) = w x$ with $w = 3$; the example is $x = 2$ with target $y = 1$.

$$L = (w x - y)^2$$

$$L = 25$$

The derivative of the loss with respect to the prediction:

$$\frac{\partial L}{\partial f(x)} = 2 (f(x) - y) = 10$$

and by the chain rule

$$\frac{\partial L}{\partial w} = \frac{\partial L}{\partial f(x)} \cdot x = 20$$
""", {11: 'wrong', 15: 'wrong'}),
    'q18_quantity_numeric2': (r"""# Worked example: a linear unit

Take $w = 1$, $b = 0$, $x = 2$, the pre-activation $a(x) = w x + b$ and the loss

$$\ell = \log\left(1 + e^{-(w x + b)}\right)$$

$$\frac{\partial \ell}{\partial a(x)} = -\frac{1}{1 + e^{a(x)}}$$

A false step:

$$\frac{\partial \ell}{\partial a(x)} = 0$$
""", {7: 'wrong', 11: 'holds'}),
    'q17_quantity_numeric': (r"""# Worked example: logistic loss at z = 2

$$z = 2$$

The loss is written in terms of the pre-activation:

$$L = \log(1 + e^{-z})$$

Its derivative with respect to the sigmoid output $\sigma(z)$ is

$$\frac{\partial L}{\partial \sigma(z)} = -\frac{1}{\sigma(z)}$$

A false step (the loss does depend on the output):

$$\frac{\partial L}{\partial \sigma(z)} = 0$$
""", {15: 'holds'}),
    't20_sigma_point_reuse': (r"""# Forward pass, worked

$$\mathbf{z} = (1, 2, 3)$$

$$\sigma(\mathbf{z}) = (0.731, 0.881, 0.953)$$

For the second layer the pre-activation is zero:

$$\mathbf{h} = (0, 0, 0)$$

$$\sigma(\mathbf{h}) + \mathbf{h} = (0.5, 0.5, 0.5)$$

$$2 \sigma(\mathbf{h}) = (1, 1, 1)$$

$$\sigma(\mathbf{z}) + \mathbf{h} = (0.731, 0.881, 0.953)$$

$$\sigma(\mathbf{h}) = \sigma(\mathbf{z})$$
""", {11: 'wrong', 13: 'wrong', 17: 'holds'}),
    't23_sum_of_maps': (r"""# Adding two maps of the plane

Let $f(x, y) = (x + 1, y)$ and $g(x, y) = (x, y + 1)$. The sum of the two maps at the origin is

$$(f + g)(0, 0) = (1, 1)$$

and twice the first map at the origin is

$$(2 f)(0, 0) = (2, 0)$$
""", {5: 'wrong', 9: 'wrong'}),
    'g13_entry_at_point': (r"""# Gradient entry at a point

$$L = x_1^2 + x_2$$

$$(\nabla_{\mathbf{x}} L)_1 (1, 2) = 2$$

$$(\nabla_{\mathbf{x}} L)_2 (1, 2) = 1$$

$$(f + g)(0, 0) = (1, 1)$$
""", {5: 'wrong holds', 7: 'wrong holds', 9: 'wrong'}),
    't08_inverse_zero': (r"""# An affine map and its inverse

Let $f(x, y) = (x + y + 1, x - y)$. Its inverse at the origin:

$$f^{-1}(0, 0) = (-0.5, 0.5)$$

A false claim:

$$f^{-1}(0, 0) = (0, 0)$$

For the scalar map $g(x) = x + 1$:

$$g^{-1}(0) = 0$$
""", {5: 'wrong', 9: 'holds'}),
    't17_sigma_squared': (r"""# Squared sigmoid, entrywise

For the logistic function $\sigma$, applied entrywise to the zero vector,

$$\sigma^2(0, 0) = (0.25, 0.25)$$

and for one entry

$$\sigma^2(0) = 0.25$$
""", {5: 'wrong', 9: 'wrong'}),
    't07_brace_call': (r"""# Sigmoid of a vector, entrywise

$$\sigma{(0, 0)} = (0.5, 0.5)$$

$$\sigma{(0)} = 0.5$$
""", {3: 'wrong', 5: 'wrong'}),
    't03_interval_negation': (r"""# Range of tanh

The sigmoid takes values in $(0, 1)$. Since $\tanh$ is odd, for negative inputs its values lie in

$$-(0, 1) = (-1, 0)$$

and, scaling the sigmoid's range,

$$2 (0, 1) = (0, 2)$$
""", {5: 'wrong'}),
    't09_symmetric_interval': (r"""# Range of the cosine feature

The feature $\cos(\theta)$ ranges over $[-1, 1]$, and so does $-\cos(\theta)$ because

$$-[-1, 1] = [-1, 1]$$

Shifting and scaling the range of $\tanh$ gives the range of the sigmoid:

$$\frac{1}{2} \left( [-1, 1] + [1, 1] \right) = [0, 1]$$
""", {5: 'wrong'}),
    't16_interval_infty': (r"""# Ranges of activations

The softplus $\log(1 + e^{z})$ takes values in $(0, \infty)$, so its negative takes values in

$$-(0, \infty) = (-\infty, 0)$$

An angle $\theta$ between two embeddings lies in $(0, \pi)$, so $-\theta$ lies in

$$-(0, \pi) = (-\pi, 0)$$

and $2\theta$ lies in

$$2 (0, \pi) = (0, 2\pi)$$
""", {9: 'wrong'}),
    't04_decimal_comma': (r"""# Aufgabe 2: Gewichtsanpassung

Mit der Lernrate $\eta = 0{,}5$ und dem Gradienten $0{,}5$:

$$(0,5) + (0,5) = (1,0)$$

$$2 \cdot (0,5) = (1,0)$$

$$(0,25) \cdot 2 = (0,5)$$
""", {5: 'wrong', 7: 'wrong', 9: 'wrong'}),
    't06_row_col': (r"""# Row and column

$$\mathbf{w} = (1, 2) = \begin{bmatrix} 1 & 2 \end{bmatrix}$$

$$(1, 2) = \begin{bmatrix} 1 \\ 2 \end{bmatrix}$$

$$\begin{bmatrix} 3 & 4 \end{bmatrix} (1, 2) = 11$$

$$(1, 2) = \begin{bmatrix} 1 & 2 \end{bmatrix}$$
""", {3: 'wrong', 9: 'wrong'}),
    't14_transpose_row': (r"""# Q1. A column input

$$\mathbf{x} = \begin{bmatrix} 1 \\ 2 \end{bmatrix}$$

Written as a row:

$$\mathbf{x}^T = (1, 2)$$

$$\mathbf{x}^\top = [1, 2]$$

# Q2. A row of weights

$$\mathbf{w} = \begin{bmatrix} 0.5 & -0.5 \end{bmatrix}$$

$$\mathbf{w} + (1, 1) = (1.5, 0.5)$$

$$\mathbf{w} - [0.5, -0.5] = [0, 0]$$

$$2\mathbf{w} = (1, -1)$$
""", {19: 'wrong'}),
    'g07_index_clash': (r"""# Gradient of a squared norm

$$L = \sum_{j=1}^{n} x_j^2$$

$$(\nabla_{\mathbf{x}} L)_j = 2 x_j$$

A false step:

$$(\nabla_{\mathbf{x}} L)_j = 2 \sum_{j=1}^{n} x_j$$

$$(\nabla_{\mathbf{x}} L)_{n} = 2 x_n$$

$$(\nabla_{\mathbf{x}} L)_{2} = 2 x_2$$

$$(\nabla_{\mathbf{x}} L)_{j+1} = 2 x_{j+1}$$
""", {9: 'holds'}),
    'g12_index_clash_numbers': (r"""# Squared norm with sizes given

With $n = 3$:

$$L = \sum_{i=1}^{3} x_i^2$$

$$(\nabla_{\mathbf{x}} L)_i = 2 x_i$$

A false step:

$$(\nabla_{\mathbf{x}} L)_i = 2 (x_1 + x_2 + x_3)$$

$$(\nabla_{\mathbf{x}} L)_i = 2 \sum_{i=1}^{3} x_i$$
""", {13: 'holds'}),
    'g10_index_clash_partial': (r"""# Gradient of a squared norm, partial derivatives

$$L = \sum_{j=1}^{n} x_j^2$$

$$\frac{\partial L}{\partial x_j} = 2 x_j$$

A false step:

$$\frac{\partial L}{\partial x_j} = 2 \sum_{j=1}^{n} x_j$$

$$\frac{\partial L}{\partial x_i} = 2 \sum_{j=1}^{n} x_j$$
""", {9: 'holds'}),
    't21_sigma_point_scalar': (r"""# Forward pass, one unit

$$z = 1$$

$$\sigma(z) = 0.731$$

For the second unit the pre-activation is zero:

$$h = 0$$

$$\sigma(h) + h = 0.5$$

$$2 \sigma(h) = 1$$

$$\sigma(h) = \sigma(z)$$

$$f(z) = 3$$

$$f(h) = 3$$
""", {19: 'holds'}),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_false_verdict(name):
    text, forbidden = DOCUMENTS[name]
    steps = audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps
    bad = [(s.line, s.status, s.latex) for s in steps if s.status in forbidden.get(s.line, "").split()]
    assert not bad, bad
    assert {s.line for s in steps} >= set(forbidden), "a line of the table has no step"


def test_value_at_a_point_is_no_definition_but_a_defined_function_is_checked_there():
    doc = r"""# Q

$$u = 2$$

$$g(u) = 5$$

$$g(v) = 5$$

Let $f(x) = x^2 + 2$. At $x = 1$,

$$f(x) = 3$$

$$f(x) = 4$$
"""
    steps = {s.line: s for s in audit_text(doc, "markdown", cache=False, jobs=1).documents[0].steps}
    assert steps[5].status == "condition" and "value of g at u" in steps[5].reason
    assert steps[7].status != "holds"
    assert steps[11].status == "holds"
    assert steps[13].status != "holds"
