"""Review B24: each document of a finding, and the step that must never get the false verdict
(the mend keeps the doubt: undecided, or the true verdict)."""
from checks import audit_text


def _step(text: str, line: int):
    doc = audit_text(text).documents[0]
    return next(s for s in doc.steps if s.line == line)


R6 = r"""# Q3

A linear RNN: $h_t = a h_{t-1} + b x_t$ for $t \ge 1$, with $h_0 = 0$.

(a) With no decay the start is never forgotten:

$$\frac{\partial h_t}{\partial h_0} = 1 \quad \text{when } a = 1$$

(b) In general:

$$\frac{\partial h_t}{\partial h_0} = a^t$$
"""


def test_recurdiff_condition_beside_the_step_is_no_wrong():
    step = _step(R6, 7)
    assert step.status != "wrong"
    assert "beside the step is not used" in step.reason
    assert _step(R6, 11).status == "holds"      # no condition: still checked


R8 = r"""# Q2: a vector linear RNN

Let $\theta, \gamma \in \mathbb R^{n \times n}$ and $g_t, x_t \in \mathbb R^n$. The state is $g_t = \gamma g_{t-1} + \theta x_t$ for $t \ge 1$, with $g_0 = 0$.

For $1 \le k \le t$, the Jacobian of the state by an input:

$$\frac{\partial g_t}{\partial x_k} = \theta \gamma^{t-k}$$
"""


def test_recurdiff_declared_matrices_are_no_numbers():
    step = _step(R8, 7)
    assert step.status != "holds"
    assert "declared a vector or matrix" in step.reason


R1 = r"""# BPTT for a scalar RNN

**Problem 1.** A scalar RNN has state $h_t = \tanh(w h_{t-1} + u x_t)$ for $t \ge 1$, with $h_0 = 0$.

(a) The immediate (local) derivative of one step, holding $h_{t-1}$ fixed:

$$\frac{\partial h_t}{\partial w} = (1 - h_t^2) h_{t-1}$$
"""

R2 = r"""# Q2

Let $s_n = \lambda s_{n-1} + c\, u_n$ for $n \ge 1$, with $s_0 = 1$. Treating $s_{n-1}$ as a constant (the direct dependence only):

$$\frac{\partial s_n}{\partial \lambda} = s_{n-1}$$
"""

R1_SILENT = r"""# Q

A scalar RNN has state $h_t = \tanh(w h_{t-1} + u x_t)$ for $t \ge 1$, with $h_0 = 0$.

$$\frac{\partial h_t}{\partial w} = (1 - h_t^2) h_{t-1}$$
"""


def test_recurdiff_immediate_derivative_asked_in_words_is_no_wrong():
    for text, line in ((R1, 7), (R2, 5)):
        step = _step(text, line)
        assert step.status != "wrong", text
        assert "held" in step.reason


def test_recurdiff_partial_by_a_parameter_unsaid_is_no_certain_wrong():
    step = _step(R1_SILENT, 5)
    assert step.status != "wrong"
    assert "immediate" in step.reason


A4 = r"""## Exercise 2

Let $s = w x$. The prediction $y$ depends on $s$ through the output layer. The loss is

$$L = s y$$

$$\frac{\partial L}{\partial s} = y$$
"""

A2 = r"""## Exercise 2

Let $s = w x$. The output $y$ is a function of $s$, $y = g(s)$ for some smooth $g$. The loss is

$$L = s y$$

$$\frac{\partial L}{\partial s} = y$$
"""


def test_intermed_a_name_said_to_depend_is_not_held():
    for text in (A4, A2):
        step = _step(text, 7)
        assert step.status != "holds", text
        assert "may depend on s" in step.reason


V4 = r"""## Problem 2

Let $\mathbf a \in \mathbb R^{n}$, $W \in \mathbb R^{n \times n}$. The hidden layer is

$$\mathbf h = 2 \mathbf a$$

and the loss, with a penalty on the pre-activation, is

$$L = \frac{1}{2} \lVert W \mathbf h \rVert^2 + \frac{1}{2} \lVert \mathbf a \rVert^2$$

$$\nabla_{\mathbf h} L = W^\top W \mathbf h$$

$$\nabla_{\mathbf h} L = W^\top W \mathbf h + \frac{1}{2} \mathbf a$$
"""


def test_norms_gradient_by_a_variable_the_loss_also_writes_through_is_ambiguous():
    # the partial (a held) gives line 11, the total one through a = h/2 gives line 13
    for line in (11, 13):
        step = _step(V4, line)
        assert step.status == "undecided", line
        assert "the total derivative by" in step.reason


def _doc(name: str) -> str:
    return {"v6": V6, "v3": V3}[name]


V6 = r"""# Homework 4

Let $\mathbf o \in \mathbb R^k$ and $\mathbf t \in \mathbb R^k$.

## Question 1

The residual and the loss:

$$\boldsymbol\delta = \mathbf o - \mathbf t$$

$$\ell = \lVert \mathbf o - \mathbf t \rVert^2$$

$$\nabla_{\mathbf o} \ell = 2 \boldsymbol\delta$$

## Question 2

$$\ell = \frac{1}{2} \lVert \mathbf o - \mathbf t \rVert^2$$

Let $\boldsymbol\delta = \nabla_{\mathbf o} \ell$. Then

$$\nabla_{\mathbf o} \ell = \boldsymbol\delta$$
"""

V3 = r"""# Homework 4

Let $\mathbf o \in \mathbb R^k$ and $\mathbf t \in \mathbb R^k$.

## Question 1

$$\ell = \frac{1}{2} \lVert \mathbf o - \mathbf t \rVert^2$$

Let $\boldsymbol\delta = \nabla_{\mathbf o} \ell$. Then

$$\nabla_{\mathbf o} \ell = \boldsymbol\delta$$

## Question 2

A different loss, with the residual

$$\boldsymbol\delta = \mathbf o - \mathbf t$$

$$\ell = \lVert \mathbf o - \mathbf t \rVert^2$$

$$\nabla_{\mathbf o} \ell = 2 \boldsymbol\delta$$
"""


def test_vecgrad_another_questions_delta_is_not_put_in():
    # 2 delta = 2(o - t) is the gradient of |o - t|^2: the other question's delta = grad of its own ell is not this one
    for name, line in (("v6", 13), ("v3", 21)):
        step = _step(_doc(name), line)
        assert step.status != "wrong", name
    # the question's own named delta is still put in
    assert _step(V6, 21).status == "holds"
    assert _step(V3, 11).status == "holds"
