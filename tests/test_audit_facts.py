"""Hypotheses a question states, used by its later steps (checks/io/audit/document/facts.py), and a
definition written right to left used by the chain rule after it (context._at_values).

The documents are written here in the style of other courses (a linear-algebra homework, an
information-theory sheet, a computation-graph exercise), not copied from the seeds."""
from __future__ import annotations

from checks import audit_text
from checks.io.audit.document import facts
from checks.io.audit.parse.extract import displays

ORTHOGONAL = r"""# Linear algebra, homework 3

**Problem 1.** Let $\mathbf{x}_1, \dots, \mathbf{x}_d$ be a basis of $\mathbb{R}^d$ and SUPPOSE $\mathbf{v} \cdot \mathbf{x}_i = 0$ for every $i$. Show that $\mathbf{v} = 0$.

*Solution.* Write $\mathbf{v} = \sum_{i=1}^d \alpha_i \mathbf{x}_i$. Then

$$\sum_{i=1}^d \alpha_i (\mathbf{v} \cdot \mathbf{x}_i) = \sum_{i=1}^d \alpha_i \cdot 0$$

A trap: true here, since the hypothesis forces every alpha_i to be 0, yet not an identity:

$$\sum_{i=1}^d \alpha_i (\mathbf{v} \cdot \mathbf{x}_i) = \sum_{i=1}^d \alpha_i$$

Counting the terms,

$$\frac{d}{d + 1} (d + 1) = d + 1$$

**Problem 2.** Now $\mathbf{v}$ is any vector.

$$\sum_{i=1}^d \alpha_i (\mathbf{v} \cdot \mathbf{x}_i) = \sum_{i=1}^d \alpha_i \cdot 0$$
"""


def _steps(text: str, kind: str = "markdown"):
    return audit_text(text, kind=kind).documents[0].steps


def _at(steps, line: int, k: int = 0):
    return [s for s in steps if s.line == line][k]


def test_a_hypothesis_for_every_index_decides_the_step_that_uses_it_and_is_named():
    steps = _steps(ORTHOGONAL.replace("SUPPOSE", "suppose"))
    s = _at(steps, 7)
    assert s.status == "holds", (s.status, s.reason)
    assert "using" in s.detail and "\\mathbf{v} \\cdot \\mathbf{x}_i = 0" in s.detail and "line 3" in s.detail


def test_without_the_hypothesis_the_same_step_is_not_decided():
    # "say" is no cue: the equation is then not given, and the step stays open
    steps = _steps(ORTHOGONAL.replace("SUPPOSE", "say"))
    assert _at(steps, 7).status != "holds"


def test_a_step_refuted_only_with_the_hypothesis_put_in_is_never_wrong():
    # with v . x_i = 0 put in, 0 = sum alpha_i is refuted at alpha_1 = 1; but v is the
    # combination of the x_i, so the hypothesis forces alpha = 0: the counterexample is outside
    s = _at(_steps(ORTHOGONAL.replace("SUPPOSE", "suppose")), 11)
    assert s.status in ("undecided", "condition"), (s.status, s.reason)


def test_a_planted_slip_that_needs_no_hypothesis_stays_wrong():
    s = _at(_steps(ORTHOGONAL.replace("SUPPOSE", "suppose")), 15)
    assert s.status == "wrong", (s.status, s.reason)


def test_a_hypothesis_of_question_1_is_not_used_in_question_2():
    steps = _steps(ORTHOGONAL.replace("SUPPOSE", "suppose"))
    s = _at(steps, 19)
    assert s.location.startswith("Problem 2")
    assert s.status != "holds" and "using" not in (s.detail or "")


SOFTMAX = r"""## Question 2

Let $p_1, \dots, p_n$ be the outputs of a softmax, so we are GIVEN $\sum_{i=1}^n p_i = 1$.

$$\sum_{i=1}^n p_i \log p_i + \sum_{i=1}^n p_i = \sum_{i=1}^n p_i \log p_i + 1$$

$$\sum_{i=1}^n p_i (\log p_i + 1) = \sum_{i=1}^n p_i \log p_i + 1$$

## Question 3

$$\sum_{i=1}^n p_i \log p_i + \sum_{i=1}^n p_i = \sum_{i=1}^n p_i \log p_i + 1$$
"""


def test_given_a_sum_of_probabilities_the_entropy_step_holds():
    steps = _steps(SOFTMAX.replace("GIVEN", "given"))
    for line in (5, 7):
        s = _at(steps, line)
        assert s.status == "holds", (line, s.status, s.reason)
        assert "\\sum_{i=1}^n p_i = 1 (line 3)" in s.detail


def test_the_sum_fact_is_not_used_unsaid_nor_in_the_next_question():
    steps = _steps(SOFTMAX.replace("GIVEN", "told"))
    assert _at(steps, 5).status != "holds"
    steps = _steps(SOFTMAX.replace("GIVEN", "given"))
    assert _at(steps, 11).status != "holds"


RANGED = r"""**Exercise 1.** The weights satisfy, by assumption,

$$w_k = 0, \forall 0 < k \le n$$

$$\sum_{k=1}^{n} c_k w_k = 0$$

$$\sum_{k=0}^{n} c_k w_k = 0$$
"""


def test_a_fact_over_a_range_is_used_in_a_sum_over_that_range_only():
    steps = _steps(RANGED)
    assert _at(steps, 3).status == "condition"        # the hypothesis itself: not a step
    assert _at(steps, 3).reason == facts.HYPOTHESIS
    assert _at(steps, 5).status == "holds"
    assert "for 0 + 1 <= k <= n" in _at(steps, 5).detail
    assert _at(steps, 7).status != "holds"            # k = 0 is outside what was assumed


def test_what_is_derived_after_a_cue_is_not_a_fact():
    text = r"""**Q1.** Since $a = 2$, we get $b = 4$. Suppose $c = 1$ for every sample."""
    found = displays(text, "markdown", inline=True)
    got = facts.stated(text, found, found[-1])     # b = 4 is derived; c: "every sample" not read
    assert [(f.lhs.strip(), f.rhs.strip()) for f in got] == [("a", "2")]
    text = r"""**Q1.** Assume $c = 1$ and $e_j = 0$ for all $j$. Then $x = 2$."""
    found = displays(text, "markdown", inline=True)
    got = facts.stated(text, found, found[-1])
    assert [(f.lhs.strip(), f.rhs.strip(), f.letter) for f in got] == [("c", "1", None), ("e_j", "0", "j")]


GRAPH = r"""## Exercise 4

A unit multiplies its inputs $a$ and $b$; its output feeds an error function. Let $\phi$ be an arbitrary differentiable function.

$$a b = m$$

$$E = \phi(m)$$

By the chain rule,

$$\frac{\partial E}{\partial a} = \frac{\partial E}{\partial m} \cdot \frac{\partial m}{\partial a} = \frac{\partial E}{\partial m} \, b$$

$$\frac{\partial E}{\partial b} = \frac{\partial E}{\partial m} \cdot \frac{\partial m}{\partial a}$$
"""


def test_a_definition_written_right_to_left_serves_the_chain_rule():
    steps = _steps(GRAPH)
    assert _at(steps, 5).status == "definition" and _at(steps, 5).reason == "defines m"
    assert _at(steps, 11, 0).status == "holds"       # dE/dm read at m = a b, as dE/da is
    assert _at(steps, 11, 1).status == "holds"


def test_a_swapped_factor_in_the_chain_rule_is_wrong():
    s = _at(_steps(GRAPH), 13)
    assert s.status == "wrong", (s.status, s.reason)


NUMBERS = r"""## Exercise 5

A unit multiplies its inputs, $u_1 = 2$ and $u_2 = 5$. Let $\psi$ be an arbitrary differentiable function.

$$u_1 u_2 = q$$

$$F = \psi(q)$$

$$\frac{\partial F}{\partial u_1} = \frac{\partial F}{\partial q} \cdot \frac{\partial q}{\partial u_1}$$
"""


def test_the_point_of_a_derivative_reads_the_values_given_in_the_question():
    # psi'(u_1 u_2) u_2 on the left, psi'(q) u_2 on the right: both at q = 10 once the values are in
    s = _at(_steps(NUMBERS), 9)
    assert s.status == "holds", (s.status, s.reason)


NOTE = r"""**Q2.** The gradients $g_1, \dots, g_t$ are random with a common mean.

$$\begin{aligned}
\mathbb{E}[m_t] &= (1-\beta)\sum_{k=1}^t \beta^{t-k} \mathbb{E}[g_k] \\
&= (1-\beta) \mu \sum_{k=1}^t \beta^{t-k} && \text{(letting } \mu = \mathbb{E}[g_k]\text{)}
\end{aligned}$$

$$(1-\beta)\sum_{k=1}^t \beta^{t-k} \mathbb{E}[g_k] = (1-\beta) \mu \sum_{k=1}^t \beta^{t-k}$$
"""


def test_a_note_beside_the_step_is_a_fact_for_that_step_alone():
    steps = _steps(NOTE)
    s = _at(steps, 5)
    assert s.status == "holds", (s.status, s.reason)
    assert "\\mu = \\mathbb{E}[g_k] for every k (line 5)" in s.detail
    assert _at(steps, 8).status != "holds"      # the same step without the note


def test_a_note_that_concludes_is_no_fact():
    assert facts.beside(r"\text{(so } \mu = \mathbb{E}[g_k]\text{)}", 3, "Q1") == []
    assert facts.beside(r"\text{(unrolling the recurrence)}", 3, "Q1") == []
    got = facts.beside(r"\text{(assuming } c_j = 1\text{)}", 3, "Q1")
    assert [(f.lhs.strip(), f.rhs.strip(), f.letter) for f in got] == [("c_j", "1", "j")]


ORTHOGONAL_W = r"""**Exercise 5.** Let $W \in \mathbb{R}^{n \times n}$ and $\mathbf{x} \in \mathbb{R}^n$. Since $W$ is orthogonal, $W^\top W = I$. Show that $W$ preserves norms.

$$\|W\mathbf{x}\|^2 = (W\mathbf{x})^\top (W\mathbf{x}) = \mathbf{x}^\top W^\top W \mathbf{x} = \mathbf{x}^\top \mathbf{x} = \|\mathbf{x}\|^2$$
"""


def test_an_orthogonal_matrix_is_never_refuted_with_free_entries():
    # W^T W = I is a fact on the whole matrix, which no substitution of names or entries puts
    # in: the step that uses it is checked with free entries, and stays open naming it
    steps = _steps(ORTHOGONAL_W)
    uses = [s for s in steps if s.from_.strip().startswith("\\mathbf{x}^\\top W^\\top W")][0]
    assert uses.status == "undecided" and "W^\\top W = I" in uses.reason
    assert [s.status for s in steps if s is not uses] == ["holds"] * 3


def test_a_display_the_text_knows_is_still_checked_and_may_be_wrong():
    # "we know", "since", "given" give a reason, not a hypothesis: the display is the document's
    # claim (here a slip: tanh(x) + 1 = 2 sigma(2x)); only suppose/assume make a display a condition
    text = "**Q3.** We know that\n\n$$\\tanh(x) + 1 = 2\\sigma(x)$$\n"
    assert _steps(text)[0].status == "wrong"
    s = _steps(text.replace("We know that", "Suppose that"))[0]
    assert s.status == "condition" and s.reason == facts.HYPOTHESIS


ADAM = r"""### Problem 3

The gradients are stationary: assume $\mathbb{E}[g_k] = \mu$ for all $k$.

$$\mathbb{E}[m_t] = (1-\beta)\sum_{k=1}^t \beta^{t-k} \mathbb{E}[g_k] = (1-\beta) \mu \sum_{k=1}^t \beta^{t-k} = \mu (1 - \beta^t)$$
"""


def test_an_expectation_assumed_for_all_k_is_put_into_every_entry():
    steps = [s for s in _steps(ADAM) if s.line == 5]
    s = steps[1]
    assert s.status == "holds", (s.status, s.reason)
    assert "\\mathbb{E}[g_k] = \\mu for every k (line 3)" in s.detail
    unsaid = [s for s in _steps(ADAM.replace("assume", "recall")) if s.line == 5][1]
    assert unsaid.status != "holds"
