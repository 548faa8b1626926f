"""False verdicts review A found in a merged round (the review's documents, inline), each
mended by reading the prose more narrowly: where the words do not settle the reading, the
step is undecided, never wrong or holds.

- given.py: ``bias $w_0 = 0.5$`` beside ``$\\mathbf w = (2, -1)$`` does not make w 0-based.
- recur.py: "the weights $\\theta$ are initialised at zero, while $s$ starts at one" gives s
  no initial value of zero.
- upstream.py: "L is a function of $Y$ and of the weights: ... the squared weights" is no
  evidence that L sees W only through Y.
"""
from __future__ import annotations

import pytest
import sympy as sp

from checks import audit_text
from checks.io.audit import given, upstream
from checks.io.audit.extract import displays
from checks.io.audit.recur import _zero_about

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def steps(text, kind="markdown"):
    return audit_text(text, kind=kind).documents[0].steps


def checked(text, kind="markdown"):
    return [s for s in steps(text, kind) if s.status not in ("definition", "condition")]


# -- 1. a bias w_0 beside the weights w = (2, -1) (g2.md) ------------------------------------------

G2 = r"""## Q1

A perceptron has weights $\mathbf w = (2, -1)$ and bias $w_0 = 0.5$. For the input $\mathbf x = (1, 3)$ the first feature contributes

$$
w_1 x_1 = 2 \cdot 1 = 2
$$
"""


def test_a_bias_w0_with_its_own_value_does_not_make_the_weights_0_based():
    got = checked(G2)
    assert got and all(s.status == "holds" for s in got), [(s.line, s.status, s.reason) for s in got]
    entries = {e.name: e.value for e in given.entries(r"\mathbf w = (2, -1)", G2)}
    assert entries == {"w_1": 2, "w_2": -1}


def test_0_based_only_when_the_document_lists_or_sums_the_entries_from_0():
    listed = r"Write $\mathbf w = (w_0, w_1)$. " + G2.replace(r"bias $w_0 = 0.5$", "a bias")
    assert {e.name for e in given.entries(r"\mathbf w = (2, -1)", listed)} == {"w_0", "w_1"}
    summed = r"The score is $\sum_{i=0}^{1} w_i x_i$ and $w_1$ the first weight."
    assert {e.name for e in given.entries(r"\mathbf w = (2, -1)", summed)} == {"w_0", "w_1"}
    # 0-based by the list, but the prose gives w_0 a value of its own: the tuple is not read
    both = r"Write $\mathbf w = (w_0, w_1)$ with bias $w_0 = 0.5$."
    assert given.entries(r"\mathbf w = (2, -1)", both) == []


# -- 2. "initialised at zero" said of another name (r12.md) ----------------------------------------

R12 = r"""## Q1

The learning-rate schedule keeps a counter $s$ of warm-up steps with

$$
s_t = s_{t-1} + 2
$$

for $t \geq 2$. The weights $\theta$ are initialised at zero, while $s$ starts at one, that is the value of $s_1$ is one. Unrolling,

$$
s_t = 2t - 1
$$
"""


def test_zero_said_of_the_weights_is_no_initial_value_of_the_counter():
    s = checked(R12)[-1]
    assert s.status == "undecided", (s.status, s.reason)
    assert "no initial value of s" in s.reason, s.reason


@pytest.mark.parametrize("sentence, base, about", [
    (r"The weights $\theta$ are initialised at zero, while $s$ starts at one.", "s", False),
    (r"We initialise $\theta$ to zero.", "m", False),
    (r"Both $m_0$ and $v_0$ are initialised at zero.", "v", True),
    (r"The buffer $s$ is initialised at zero:", "s", True),
    (r"We initialise $\mathbf m_0$ to zero.", "m", True),
    (r"The buffer is initialised at zero, $m_t = \beta m_{t-1} + g_t$ for $t \ge 1$.", "m", True),
])
def test_the_zero_phrase_is_about_the_name(sentence, base, about):
    assert _zero_about(sentence, base) is about


# -- 3. the loss "a function of Y and of the weights" (u8.tex, u7.tex) -----------------------------

DENSE = r"""\section*{Q1}
A dense layer, in index notation,
\begin{equation}
Y_{mn} = \sum_{p=1}^{D} X_{mp} W_{np} + B_{mn}
\end{equation}
SAID
\begin{equation}
\frac{\partial L}{\partial W_{ij}} + W_{ij} = \sum_{m} \frac{\partial L}{\partial Y_{mi}} X_{mj} + 3 W_{ij}
\end{equation}
"""
U8 = "The loss $L$ is a function of $Y$ and of the weights: the data term plus the sum of the squared weights."
U7 = (r"Backpropagation gives us $\\frac{\\partial L}{\\partial Y}$; the objective sums the data loss and the "
      r"squared Frobenius norm of $W$.")


def test_a_loss_of_y_and_of_the_weights_is_not_seen_only_through_y():
    for said in (U8, U7):
        s = checked(DENSE.replace("SAID", said), "latex")[-1]
        assert s.status == "undecided", (said, s.status, s.reason)


def _evidence(text, loss, d):
    found = displays(text, "markdown", inline=True)
    display = [x for x in found if not x.inline][0]
    return upstream.evidence(text, found, display, loss, d)


QUESTION = "## Q1\n\nSAID\n\n$$\nx = 1\n$$\n"


@pytest.mark.parametrize("said, evidence", [
    ("The loss $L$ depends only on $Y$ and on the weights.", False),         # the clause goes on past Y
    ("The loss $L$ depends only on $Y$ together with the weights.", False),
    ("The loss $L$ depends only on $Y$.", True),
    ("The loss $L$ is a function of $Y$.", False),                            # Y only? not said
    ("The loss $L$ is computed from $Y$.", False),
    ("The loss $L$ is a function of $Y$ only.", True),
    ("The loss $L$ is computed from $Y$ alone.", True),
    ("The loss $L$ depends only on $Y$. It adds the sum of the squared weights.", False),
    ("The loss $L$ depends only on $Y$. The objective adds the squared Frobenius norm of $W$.", False),
])
def test_what_says_the_loss_sees_only_y(said, evidence):
    got = _evidence(QUESTION.replace("SAID", said), "L", "Y")
    assert (got is not None) is evidence, (said, got)

