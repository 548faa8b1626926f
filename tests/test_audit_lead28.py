"""Round 28: what the held-out documents write that the reader missed.

- A function whose name has a command as its subscript (``J_\\beta(\\mathbf w) = ...``, a family
  of losses indexed by a Greek letter): its gradient by the vector, ``\\nabla_{\\mathbf w}
  J_\\beta``, is the gradient of its definition, as for ``J(\\mathbf w)``; before, the name was
  cut at ``J_`` and the whole gradient was not read.
"""
from __future__ import annotations

from audited import audit_all, one_at as at, shown

SUBSCRIPTED_LOSS = r"""## Problem 1

Vectors $\mathbf w, \mathbf c \in \mathbb R^n$.

$$J_\beta(\mathbf w) = \frac12 \|\mathbf w - \mathbf c\|^2 + \frac12 \mathbf w^\top \mathbf w$$

$$\nabla_{\mathbf w} J_\beta = 2 \mathbf w - \mathbf c$$

$$\nabla_{\mathbf w} J_\beta = 2 \mathbf w + \mathbf c$$
"""


def test_the_gradient_of_a_function_with_a_command_subscript():
    found = audit_all({"j": SUBSCRIPTED_LOSS})["j"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status == "wrong", shown(found)


ONE_HOT = r"""## Q3.1

Let $y$ be a one-hot label, so $\sum_{i=1}^K y_i = 1$, and let $p$ be any vector of $K$ numbers.

$$-y_j + p_j \sum_{i=1}^K y_i = p_j - y_j$$

## Q3.2

Let $z = 2x$, so $w = 3z$.

$$w = 5x$$
"""


def test_what_a_let_gives_at_once_is_a_fact():
    """"Let y be a one-hot label, so \\sum_i y_i = 1": what the sentence's own hypothesis gives
    is a fact for the steps after it (the step holds with it, and says so); "Let z = 2x, so w =
    3z" derives from a definition, and gives no fact."""
    found = audit_all({"o": ONE_HOT})["o"]
    step = at(found, 5)
    assert step.status == "holds", shown(found)
    assert at(found, 11).status != "holds", shown(found)
