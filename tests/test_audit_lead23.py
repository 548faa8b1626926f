"""Found by documents in new styles (round 23): values of a recurrence at one numbered time,
statistics of random variables, and equations a requirement sets.

- ``v_3 = g_3 + \\beta g_2 + \\beta^2 g_1`` after ``v_t = \\beta v_{t-1} + g_t`` with ``v_0 = 0``
  claims the recurrence's value at time 3: checked exactly (recur._at_one_time). It was read as
  v_3's definition, and then blocked the closed form ("values stated at times [0, 3]").
- ``\\mathrm{Var}(x_i) = v`` in the text states a fact about x_i; it was read as the constant
  function Var = v, so ``\\mathrm{Var}(\\sum_i w_i x_i) = \\sum_i \\mathrm{Var}(w_i x_i)`` was
  wrong (v = n v). False wrong.
- "To keep the variance we need $n s^2 = 1$, so $$s^2 = \\frac1n$$": an equation the document
  solves. It was refuted as an identity in s (at s = 0). False wrong.
"""
from __future__ import annotations

import pytest

from audited import audit_all, one_at as at

MOMENTUM = r"""## Q3. Momentum

Momentum with $v_0 = 0$: $v_t = \beta v_{t-1} + g_t$.

$$v_3 = g_3 + \beta g_2 + \beta^2 g_1$$

$$v_t = \sum_{k=1}^{t} \beta^{t-k} g_k$$

RMSProp: $s_t = \rho s_{t-1} + (1-\rho) g_t^2$ with $s_0 = 0$, so

$$s_2 = (1-\rho)(\rho g_1^2 + g_2^2)$$

$$s_2 = (1-\rho) g_2^2 + \rho (1-\rho) g_1^2 + \rho^2 g_1^2$$

$$v_2 = g_2 + \beta^2 g_1$$
"""

NO_START = r"""## Q1

The recurrence is $u_t = a u_{t-1} + x_t$.

$$u_2 = x_2 + a x_1$$
"""

XAVIER = r"""# Xavier initialisation

Let $w_1,\dots,w_n$ and $x_1,\dots,x_n$ be independent with zero mean, $\mathrm{Var}(w_i) = s^2$, $\mathrm{Var}(x_i) = v$.

$$\mathrm{Var}\left(\sum_{i=1}^n w_i x_i\right) = \sum_{i=1}^n \mathrm{Var}(w_i x_i) = n\, s^2 v$$

To keep the variance we need $n s^2 = 1$, so

$$s^2 = \frac{1}{n}$$
"""

FUNCTION_BARE = r"""# Q1
Let $f(x) = x^3 + 2x$.

$$\frac{d f}{d x} = 3x^2 + 2$$

$$\frac{\partial f}{\partial x} = 3x^2 + 1$$

$$\frac{d f}{d y} = 0$$

# Q2
Let $h(\mathbf x) = \sum_{i,j} x_i A_{ij} x_j$.

$$\frac{\partial h}{\partial x_k} = \sum_j A_{kj} x_j + \sum_i x_i A_{ik}$$
"""

ATTENTION = r"""# Attention

Scores $s_j$, weights $\alpha_j = \frac{e^{s_j}}{\sum_{l=1}^n e^{s_l}}$.

(c) For $i \ne j$:

$$\frac{\partial \alpha_j}{\partial s_i} = \alpha_i(1 - \alpha_j) \quad (i \ne j)$$
"""

NOTATION = r"""# Tutorial notes

**Notation.** Labels are one-hot: $y_k \in \{0,1\}$ and $\sum_{k=1}^{K} y_k = 1$.

## Q1

$$-\sum_{k=1}^{K} y_k \Big( z_k - \log \sum_{j=1}^{K} e^{z_j} \Big) = -\sum_{k=1}^{K} y_k z_k + \log \sum_{j=1}^{K} e^{z_j}$$
"""

PART_ONLY = r"""### Exercise 7

The loss is $L = (o - t)^2$ with $o = x_1 x_2$.

**(a)** Suppose $t = 0$ in this part. Then $L = o^2$ and

$$\frac{\partial L}{\partial x_1} = 2 x_1 x_2^2$$

**(b)** Now $t$ is arbitrary.

$$\frac{\partial L}{\partial x_1} = 2 x_1 x_2^2$$

$$\frac{\partial L}{\partial x_1} = 2 (o - t) x_2$$
"""

RNN_HEAD = r"""# Week 5 - RNN

A scalar RNN: $h_t = \tanh(w h_{t-1} + u x_t)$, $h_0 = 0$.

**4.** With two steps:

$$h_1 = \tanh(u x_1)$$

$$h_2 = \tanh(w \tanh(u x_1) + x_2)$$
"""

BATCHNORM = r"""# Q3

Over a batch $x_1, \dots, x_m$: $\mu = \frac{1}{m}\sum_{i=1}^m x_i$, $\sigma^2 = \frac{1}{m}\sum_{i=1}^m (x_i - \mu)^2$,
$\hat x_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}$.

$$\frac{\partial \hat x_i}{\partial x_j} = \frac{1}{\sqrt{\sigma^2+\epsilon}}\left(\delta_{ij} - \frac{1}{m}\right) - \frac{(x_i - \mu)(x_j - \mu)}{m(\sigma^2+\epsilon)^{3/2}}$$

$$\frac{\partial \hat x_i}{\partial x_j} = \frac{1}{\sqrt{\sigma^2+\epsilon}}\left(\delta_{ij} - \frac{1}{m}\right)$$
"""

DOCS = {"batchnorm": BATCHNORM, "rnn_head": RNN_HEAD, "momentum": MOMENTUM, "no_start": NO_START, "xavier": XAVIER, "function_bare": FUNCTION_BARE,
        "attention": ATTENTION, "notation": NOTATION, "part_only": PART_ONLY}


@pytest.fixture(scope="module")
def audited() -> dict:
    return audit_all(DOCS)


def test_a_value_at_one_time_is_the_recurrences_value(audited):
    s = at(audited["momentum"], 5)
    assert (s.status, s.strength) == ("holds", "proof")
    assert "v_0 = 0" in s.reading.to


def test_the_closed_form_after_a_checked_value_is_checked_too(audited):
    s = at(audited["momentum"], 7)
    assert (s.status, s.strength) == ("holds", "bounded")


def test_a_wrong_value_at_one_time_is_wrong_with_the_residual(audited):
    assert at(audited["momentum"], 11).status == "holds"
    s = at(audited["momentum"], 13)     # the restatement adds rho^2 g_1^2
    assert s.status == "wrong"
    assert "\\rho**2*g[1]**2" in s.reason
    s = at(audited["momentum"], 15)     # beta^2 g_1 where the recurrence gives beta g_1
    assert s.status == "wrong"


def test_no_stated_start_leaves_the_value_unchecked(audited):
    assert at(audited["no_start"], 5).status in ("definition", "undecided")


def test_a_variance_stated_of_one_variable_is_no_function(audited):
    steps = [s for s in audited["xavier"] if s.line == 5]
    assert steps and all(s.status != "wrong" for s in steps), [(s.status, s.reason) for s in steps]


def test_an_equation_a_requirement_sets_is_a_condition(audited):
    assert at(audited["xavier"], 9).status == "condition"


def test_a_defined_function_written_bare_is_differentiated(audited):
    steps = audited["function_bare"]
    assert (at(steps, 4).status, at(steps, 4).strength) == ("holds", "proof")
    assert at(steps, 6).status == "wrong"
    assert at(steps, 8).status == "not_read"       # df/dy of f(x): the bare f says nothing certain
    assert at(steps, 13).status == "holds"         # h(x) of a vector, by an entry


def test_an_entry_of_an_array_defined_by_entries_is_no_call(audited):
    s = at(audited["attention"], 7)      # alpha_i(1 - alpha_j): alpha is defined, a product
    assert s.status == "wrong"


def test_a_relation_said_in_the_notation_paragraph_holds_for_every_question(audited):
    s = at(audited["notation"], 7)       # true only with sum_k y_k = 1, said before Q1
    assert s.status == "undecided"
    assert "\\sum_{k=1}^{K} y_k = 1" in s.reason


def test_a_value_said_for_one_part_only_is_not_used_in_the_next(audited):
    assert at(audited["part_only"], 7).status in ("holds", "undecided")   # at t = 0, said in the part
    s = at(audited["part_only"], 11)     # 2 x_1 x_2^2 holds only with t = 0 (L = o^2 of part (a))
    assert s.status == "undecided" and "t on one side only" in s.reason
    s = at(audited["part_only"], 13)     # L means (o - t)^2 again (with L = o^2 this is wrong)
    assert s.status != "wrong" and "holds as read" in s.reason


def test_a_recurrence_stated_in_the_document_head_is_every_questions(audited):
    assert at(audited["rnn_head"], 7).status == "holds"
    assert at(audited["rnn_head"], 9).status == "wrong"      # u x_2 written x_2


def test_a_variance_given_in_the_prose_defines_its_root(audited):
    assert at(audited["batchnorm"], 6).status == "holds"     # sigma was "may depend on x_j"
    s = at(audited["batchnorm"], 8)     # the variance's term dropped (epsilon an undefined leaf)
    assert s.status in ("wrong", "undecided") and (s.status == "wrong" or "wrong as read" in s.reason)
