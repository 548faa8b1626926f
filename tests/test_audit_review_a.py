"""False verdicts review A found in a merged round (the review's documents, inline), each
mended by reading the prose more narrowly: where the words do not settle the reading, the
step is undecided, never wrong or holds.

- given.py: ``bias $w_0 = 0.5$`` beside ``$\\mathbf w = (2, -1)$`` does not make w 0-based.
- recur.py: "the weights $\\theta$ are initialised at zero, while $s$ starts at one" gives s
  no initial value of zero.
- upstream.py: "L is a function of $Y$ and of the weights: ... the squared weights" is no
  evidence that L sees W only through Y.
- said.py: "For hard labels $y \\in \\{0, 1\\}$ ... the soft label $y$ takes any value in [0, 1]"
  says a case, not y's domain; ``y_i \\in \\{0, 1\\}`` says nothing of ``y_{out}``; "the true
  class, $j = c$" is a case of a step that does not sum over j or c (the doubt stays).
"""
from __future__ import annotations

import pytest
import sympy as sp

from checks import audit_text
from checks.io.audit.document import given, upstream
from checks.io.audit.parse.extract import displays
from checks.io.audit.planning.recur import _zero_about

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
    both = r"Write $\mathbf w = (w_0, w_1)$ with bias $w_0 = 0.5$. Then $\mathbf w = (2, -1)$."
    assert given.entries(r"\mathbf w = (2, -1)", both) == []
    # a value given after the tuple is another case ("now take $w_1 = 0$"): the tuple stands
    later = r"Then $\mathbf w = (2, -1)$. Now take $w_1 = 0$ and $w_3$."
    assert {e.name: e.value for e in given.entries(r"\mathbf w = (2, -1)", later)} == {"w_1": 2, "w_2": -1}


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
    ("The loss $L$ is a function of $Y$.", True),     # all the clause names: how courses say L = l(Y)
    ("The loss $L$ is computed from $Y$.", True),
    ("The loss $L$ is a function of $Y$ only.", True),
    ("The loss $L$ is computed from $Y$ alone.", True),
    ("The loss $L$ depends only on $Y$. It adds the sum of the squared weights.", False),
    ("The loss $L$ depends only on $Y$. The objective adds the squared Frobenius norm of $W$.", False),
])
def test_what_says_the_loss_sees_only_y(said, evidence):
    got = _evidence(QUESTION.replace("SAID", said), "L", "Y")
    assert (got is not None) is evidence, (said, got)


# -- 4. a finite set said as one case of several (l1.md, l8.md) ------------------------------------

L1 = r"""## Q1

For hard labels $y \in \{0, 1\}$ the targets are exact. Below we relax this and let the soft label $y$ take any value in $[0, 1]$.

$$
y^2 - y = 0
$$
"""

L8 = r"""## Q1

For $n \in \{1, 2\}$ the network has no hidden layer and there is nothing to prove. For every larger depth $n$ the number of weight matrices satisfies

$$
n^2 - 3n + 2 = 0
$$
"""

# the set as the step's own condition: still its domain
L_DOMAIN = r"""## Q1

For hard labels $y \in \{0, 1\}$ the targets are exact:

$$
y^2 - y = 0
$$
"""


def test_a_set_said_as_one_case_is_no_domain_when_the_question_speaks_of_other_values():
    for doc, name in ((L1, "y"), (L8, "n")):
        s = checked(doc)[-1]
        assert s.status == "undecided", (name, s.status, s.reason)
        assert "which the check does not use" in s.reason, s.reason
    s = checked(L_DOMAIN)[-1]
    assert (s.status, s.strength) == ("holds", "exhaustive"), (s.status, s.reason)


def test_the_other_domain_may_be_an_interval_of_the_name():
    doc = L1.replace("Below we relax this and let the soft label $y$ take any value in $[0, 1]$.",
                     r"Below $y \in (0, 1)$.")
    s = checked(doc)[-1]
    assert s.status == "undecided", (s.status, s.reason)


# -- 5. a set of entries y_i says nothing of y_out or y_p (l7.md) ----------------------------------

L7 = r"""## Q1

The targets are $y_i \in \{0, 1\}$, and the prediction $y_{out}$ of the model is a probability.

$$
y_{out}(1 - y_{out}) = 0
$$
"""


def test_a_set_of_entries_does_not_restrict_a_name_that_is_no_entry():
    for doc in (L7, L7.replace("y_{out}", "y_p")):
        s = checked(doc)[-1]
        assert s.status == "undecided", (s.status, s.reason)
        assert "which the check does not use" in s.reason, s.reason
    # entries by their index: the set's own y_i, a numbered y_1, y_j beside another array's p_j
    for step in (r"y_i(1 - y_i) = 0", r"y_1(1 - y_1) = 0", r"p_j \cdot y_j (1 - y_j) = 0"):
        s = checked(L7.replace(r"y_{out}(1 - y_{out}) = 0", step))[-1]
        assert (s.status, s.strength) == ("holds", "exhaustive"), (step, s.status, s.reason)


# -- 6. "the true class, $j = c$" with c inside v_j's definition (b1.md) ---------------------------

B1 = r"""## Q1

Let $c$ be the index of the true class and $v_j = (j - c)^2$ for every index $j$. We look at the true class, $j = c$, where the penalty vanishes:

$$
3 v_j + 2 = 2
$$
"""


def test_a_case_on_a_letter_the_step_does_not_sum_over_is_kept():
    s = checked(B1)[-1]
    assert s.status == "undecided", (s.status, s.reason)
    assert "the text says j = c, which the check does not use" in s.reason, s.reason


def test_a_case_on_a_sum_index_binds_nothing():
    from checks.io.audit.document import said
    k = sp.Symbol("k")
    p = sp.IndexedBase("p")
    step = sp.Sum(p[k], (k, 1, sp.Symbol("n")))
    assert said.binds_nothing("k = j", {"j", "n"}, said.bound_letters(step))
    assert not said.binds_nothing("j = c", {"j", "v_j"}, said.bound_letters(sp.Symbol("v_j")))
    assert not said.binds_nothing("c = j", {"j", "v_j"}, said.bound_letters(sp.Symbol("v_j")))
