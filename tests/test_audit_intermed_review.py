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
