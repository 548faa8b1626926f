"""Conditions the text states and the check uses (said.py, plan._labelled): label sets as
finite domains, index cases said beside or before a step.

A label set said in the step's question (``y \\in \\{-1, 1\\}``, ``y_i \\in \\{0, 1\\}``) restricts
the name: a wrong needs a certified counterexample at a member, a holds has checked every
member. A label set said in another question is not the step's domain (the doubt stays)."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.document.said import label_set, restrict

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def steps(text, kind="markdown"):
    return audit_text(text, kind).documents[0].steps


def at(text, line, kind="markdown"):
    got = [s for s in steps(text, kind) if s.line == line and s.status not in ("definition", "condition")]
    assert got, f"no step at line {line}"
    return got[0]


# -- reading a label set ---------------------------------------------------------------------------

SETS = [
    (r"y \in \{-1, 1\}", ("y",), (-1, 1), False),
    (r"y \in \{0,1\}", ("y",), (0, 1), False),
    (r"t_k \in \{-1, +1\}", ("t_k",), (-1, 1), False),
    (r"y_i \in \{0, 1\}", ("y_i",), (0, 1), False),
    (r"y \in \{\pm 1\}", ("y",), (-1, 1), False),
    (r"y, t \in \{0, 1\}", ("y", "t"), (0, 1), False),
    (r"\mathbf{y} \in \{0, 1\}^K", None, None, None),      # a typeface name: not read as a label
    (r"y \in \{0, 1\}^K", ("y",), (0, 1), True),
    (r"y \in \{ 0 ,\, 1 \}", ("y",), (0, 1), False),
]

NOT_SETS = [
    r"i \in \{1, \dots, n\}",        # a range of indices
    r"p \in (0, 1)",                 # an interval
    r"y \in \{a, b\}",               # names, not labels
    r"y \in \{1\}",                  # one member: a value
    r"y \in \{0, \tfrac12, 1\}",     # not integers
    r"n \in \mathbb{Z}",
]


@pytest.mark.parametrize("latex,names,members,entries", SETS)
def test_label_sets_are_read(latex, names, members, entries):
    got = label_set(latex)
    if names is None:
        assert got is None
        return
    assert got.names == names and tuple(int(m) for m in got.members) == members and got.entries == entries


@pytest.mark.parametrize("latex", NOT_SETS)
def test_other_sets_are_no_label_sets(latex):
    assert label_set(latex) is None


def test_restrict_takes_every_member_and_keeps_the_rest():
    y, x = sp.symbols("y x", real=True)
    got = restrict(y**2 * x, x, [label_set(r"y \in \{-1, 1\}")])
    assert list(got.left) == [x, x] and [c[y] for c in got.cases] == [-1, 1]
    # an assumption tying y to another name cannot be settled by the members: not restricted
    assert restrict(y * x, x, [label_set(r"y \in \{-1, 1\}")], assume=[y * x > 0]) is None
    # a derivative by the label: substituting it would change the step
    assert restrict(sp.Derivative(y * x, y), x, [label_set(r"y \in \{-1, 1\}")]) is None


# -- label sets in documents ---------------------------------------------------------------------

HINGE = r"""# Hinge loss

**Problem 1.** The label is $y \in \{-1, 1\}$ and the score is $s = w x + b$.

$$y^3 (w x + b) = y (w x + b)$$

$$y^2 (w x + b) = y (w x + b)$$

**Problem 2.** Now $N$ examples with $y_i \in \{-1, 1\}$.

$$\sum_{i=1}^N y_i^2 = N$$

$$\sum_{i=1}^N y_i (x_i - 1) = \sum_{i=1}^N y_i x_i - N$$

**Problem 3.** A new variable $y$, any real number.

$$y^3 (w x + b) = y (w x + b)$$

$$y^2 w = y w$$
"""


def test_hinge_label_set_decides_both_ways():
    s = at(HINGE, 5)      # true only at y = -1, 0, 1: holds, every member checked
    assert s.status == "holds" and "every member checked" in s.detail and "y ∈ {-1, 1}" in s.detail
    assert s.strength == "exhaustive" and "y ∈ {-1, 1} (the text, line 3)" in s.reading.assumptions
    s = at(HINGE, 7)      # wrong at y = -1 wherever w x + b is not 0: at a member
    assert s.status == "wrong" and s.counterexample["point"]["y"] in ("-1", "1")
    s = at(HINGE, 11)     # y_i^2 = 1 for each example: bounded, every size and member
    assert s.status == "holds" and s.strength == "bounded" and "y_i ∈ {-1, 1}" in s.detail
    s = at(HINGE, 13)     # sum y_i (x_i - 1) is sum y_i x_i - sum y_i, not - N (y_1 = -1)
    assert s.status == "wrong"


def test_label_set_of_another_question_is_not_this_steps_domain():
    s = at(HINGE, 17)     # Problem 3: the set of Problem 1 does not hold here
    assert s.status != "holds" and s.status != "wrong"
    assert "which the check does not use" in s.reason
    s = at(HINGE, 19)     # wrong at y = -1, a member, and so wrong whichever domain is meant
    assert s.status == "wrong" and s.counterexample["point"]["y"] == "-1"
    assert "said in another question" in s.detail


LOGISTIC = r"""## Q4. A logistic neuron

Let $p = \sigma(s)$. The cross-entropy loss for a label $y \in \{0, 1\}$ is

$$\ell = -y \log p - (1 - y) \log (1 - p)$$

**4.1**

$$\frac{\partial \ell}{\partial p} = -\frac{y}{p} + \frac{1 - y}{1 - p}$$

$$y (1 - y) = 0$$

$$y^2 = \frac{y}{2} + \frac{y^2}{2}$$

$$\frac{\partial \ell}{\partial p} = \frac{p - y}{p}$$
"""


def test_logistic_label_set_in_the_questions_parts():
    assert at(LOGISTIC, 9).status == "holds"
    s = at(LOGISTIC, 11)      # y(1 - y) = 0 only at the labels: holds there
    assert s.status == "holds" and "y ∈ {0, 1}" in s.detail
    s = at(LOGISTIC, 13)      # trap: false at y = 1/2 only, true at 0 and 1
    assert s.status == "holds"
    s = at(LOGISTIC, 15)      # wrong at y = 0 and y = 1 alike
    assert s.status == "wrong" and s.counterexample["point"]["y"] in ("0", "1")


def test_without_the_set_the_step_is_checked_over_the_reals():
    text = LOGISTIC.replace(r"for a label $y \in \{0, 1\}$", "for a label $y$")
    s = at(text, 11)      # y(1 - y) = 0 is false at y = 2: never holds without the set
    assert s.status in ("wrong", "undecided") and "every member" not in (s.detail or "")


# -- index cases and ranges the text states -----------------------------------------------------------

SUMS = r"""# Sums that leave one term out

Logits $z_1, \dots, z_K$ give $p_k = \dfrac{e^{z_k}}{\sum_{i=1}^{K} e^{z_i}}$, and $j$ is a fixed class in $\{1, \dots, K\}$.

**Q1.** Splitting off the term $k = j$:

$$\sum_{k=1}^{K} p_k = p_j + \sum_{k \neq j} p_k$$

$$\frac{\partial}{\partial z_i} \sum_{k \neq j} p_k = -p_i p_j \qquad \text{for } i \neq j$$

$$\sum_{k \neq j} z_k = \sum_{k=1}^{K} z_k - z_1$$

$$\sum_{k \neq j} z_k = \sum_{k=1}^{K} z_k - z_j$$
"""


def test_a_case_of_a_sums_own_index_restricts_nothing():
    """k = j splits the sum over k: k is bound in every step, so it is no case of theirs."""
    assert at(SUMS, 7).status == "holds"
    s = at(SUMS, 9)       # the sign is wrong (it is + p_i p_j) where i ≠ j, the condition beside it
    assert s.status == "wrong" and "i ≠ j" in s.detail
    s = at(SUMS, 11)      # z_1 for z_j
    assert s.status == "wrong" and "k = j" not in (s.reason or "")
    assert at(SUMS, 13).status == "holds"


RANGE = r"""# Ranges in words

## Q4

Here the first coordinate is a bias and is excluded: for $i \in \{2, \dots, n\}$,

$$\sum_{m=2}^{n} \delta_{mi} x_m = x_i$$

## Q5

Now for all $i \in \{1, \dots, n\}$, with the penalty $\sum_{m=2}^{n} x_m^2$ on the non-bias coordinates:

$$\sum_{m=2}^{n} 2 x_m \delta_{mi} = 2 x_i$$
"""


def test_a_range_said_before_a_formula_with_sum_limits():
    """The = of \\sum_{m=2}^{n} is a limit: the range is said for the display, alone in its sentence."""
    s = at(RANGE, 7)
    assert s.status == "holds" and "2 ≤ i" in s.detail
    s = at(RANGE, 13)     # at i = 1 the left side is 0: wrong inside the range the text says
    assert s.status == "wrong" and "1 ≤ i" in s.detail and "i = 1" not in (s.reason or "")


JACOBIAN = r"""# Centring

Features $x_1, \dots, x_d$ are centred:

$$\mu = \frac{1}{d}\sum_{k=1}^{d} x_k, \qquad \hat x_k = x_k - \mu$$

## Problem 6

Answer for all $i, j \in \{1, \dots, d\}$.

The entries with equal indices,

$$\frac{\partial \hat x_i}{\partial x_j} = 1 - \frac{1}{d}$$

where $i = j$. For $i \neq j$ the entries are

$$\frac{\partial \hat x_i}{\partial x_j} = -\frac{1}{d}$$

and a general entry once more:

$$\frac{\partial \hat x_i}{\partial x_j} = 1 - \frac{1}{d}$$

$$\frac{\partial \hat x_i}{\partial x_j} = 1 + \frac{1}{d}$$
"""


def test_cases_of_other_displays_decide_a_wrong_only_in_every_case():
    assert at(JACOBIAN, 13).status == "holds"     # i = j, said in the where clause after it
    s = at(JACOBIAN, 17)                          # i ≠ j, said in the sentence after that clause
    assert s.status == "holds" and "i ≠ j" in s.detail
    s = at(JACOBIAN, 21)       # true for i = j, a case the text names: not certainly wrong
    assert s.status == "undecided" and "i = j" in s.reason
    s = at(JACOBIAN, 23)       # wrong for i = j and for i ≠ j alike
    assert s.status == "wrong" and "each checked" in s.detail


PREAMBLE = r"""# Logistic regression

Every label in this sheet is $y \in \{0, 1\}$.

## Q1

$$y^2 = y$$

## Q2

$$y - y^2 = y$$
"""


def test_a_label_set_of_the_sheets_preamble_holds_in_each_question():
    s = at(PREAMBLE, 7)
    assert s.status == "holds" and "y ∈ {0, 1}" in s.detail
    s = at(PREAMBLE, 11)      # y - y^2 = 0 at both labels: wrong at y = 1
    assert s.status == "wrong" and s.counterexample["point"]["y"] == "1"


def test_a_sums_own_index_is_no_label():
    text = r"""## Q1

Targets $t \in \{0, 1\}$.

$$\sum_{t=1}^{T} x t = x \frac{T (T + 1)}{2}$$
"""
    assert at(text, 5).status == "holds"     # t of the sum runs over 1..T, not over {0, 1}


CONVOLUTION = r"""## Q3

A valid convolution of $x_1, \dots, x_n$ with a kernel $w_1, w_2$ gives $n - 1$ outputs: for $i \in \{1, \dots, n - 1\}$,

$$\sum_{j=1}^{2} w_j x_{i+j-1} = w_1 x_i + w_2 x_{i+1}$$

$$\sum_{j=1}^{2} w_j x_{i+j-1} = w_1 x_i + w_2 x_{i-1}$$
"""


def test_a_convolutions_range_in_words_restricts_its_index():
    text = CONVOLUTION
    s = at(text, 5)       # every output index the text says, each size
    assert s.status == "holds" and s.strength == "bounded" and "i ≤ n - 1" in s.detail
