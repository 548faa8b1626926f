"""Review B of round 23's merged change: false verdicts of the facts, the conditionals'
quantifiers, the ranges with a stride and the padding of another problem, each a document
that showed it (facts.every_fact/before/_quantified/_WORD_QUANTIFIER/_fact_of,
probability._canonical, ranges._next_after, vecops.Ranges.scoped). Statuses are the engine's."""
from __future__ import annotations

import pytest

from checks.io.audit.reading import ranges
from audited import all_at as at, audit_all

DOCS = {
    # a hypothesis of part (a) does not reach part (b)
    "parts": r"""## Question 1

**(a)** Suppose the data are centred, $\sum_{i=1}^n x_i = 0$. Show that the loss of the constant $c$ simplifies.

$$\sum_{i=1}^n (x_i - c)^2 = \sum_{i=1}^n x_i^2 + n c^2$$

**(b)** Now the data are arbitrary (not centred). Expand the same loss.

$$\sum_{i=1}^n (x_i - c)^2 = \sum_{i=1}^n x_i^2 + n c^2$$
""",
    # "for every $i > k$" is not "for every $i$"
    "restricted": r"""## Question 8

Let $\mathbf{x}_1, \dots, \mathbf{x}_n$ be the training inputs.

Now suppose $\mathbf{u} \cdot \mathbf{x}_i = 0$ for every $i > k$. Then

$$\sum_{i=1}^n \alpha_i \cdot (\mathbf{u} \cdot \mathbf{x}_i) = 0$$

Now suppose $\mathbf{q} \cdot \mathbf{x}_i = 0$ for every index $i$ but the first. Then

$$\sum_{i=1}^n \alpha_i \cdot (\mathbf{q} \cdot \mathbf{x}_i) = 0$$
""",
    # strict ends of a conditional's quantifier
    "strict": r"""## Question 6

$$P(X_1 = 1 \mid X_j = 0, \forall 1 < j \le n) = P(X_1 = 1 \mid X_j = 0, \forall 1 \le j \le n)$$
""",
    # zero padding said for Problem 3 only
    "padding": r"""# Problem 3: a padded convolution

Let $\mathbf{x} \in \mathbb{R}^d$ and $\mathbf{w} \in \mathbb{R}^m$. Entries out of bounds are zero (zero padding).

$$\sum_{j=1}^m x_{n+j-1} w_j = \sum_{i=n}^{n+m-1} x_i w_{i-n+1}$$

# Problem 4: a circular kernel

Let $\mathbf{k} \in \mathbb{R}^m$. The kernel is circular: its indices are taken modulo $m$, so $k_0$ is $k_m$. We write $\text{rev}(\mathbf{k})_i = k_{m-i}$ for the kernel read backwards.

**(a)** Reversing a circular kernel keeps its sum:

$$\sum_{i=1}^m \text{rev}(\mathbf{k})_i = \sum_{j=1}^m k_j$$
""",
    # a derived display said over a range is the document's claim
    "derived": r"""## Question 5

Let $L = \sum_{k=1}^n w_k^2$ be the weight penalty. Hence, differentiating each term,

$$\frac{\partial L}{\partial w_j} = w_j, \quad \forall 1 \le j \le n$$
""",
}


@pytest.fixture(scope="module")
def audited() -> dict:
    return audit_all(DOCS)


def test_a_hypothesis_of_one_part_does_not_reach_the_next(audited):
    assert at(audited["parts"], 5)[0].status == "holds"          # with the centring, in (a)
    assert at(audited["parts"], 9)[0].status != "holds"          # (b): the data are arbitrary


@pytest.mark.parametrize("line", [7, 11])
def test_a_restricted_quantifier_in_words_is_not_every_index(audited, line):
    assert all(s.status != "holds" for s in at(audited["restricted"], line))


def test_a_strict_end_of_a_conditionals_quantifier_is_kept(audited):
    assert all(s.status != "holds" for s in at(audited["strict"], 3))


def test_zero_padding_of_another_problem_is_not_this_ones(audited):
    assert all(s.status != "wrong" for s in at(audited["padding"], 13))


def test_a_display_derived_over_a_range_is_a_claim(audited):
    assert any(s.status == "wrong" for s in at(audited["derived"], 5))


def test_a_list_with_a_stride_is_no_range_of_every_integer():
    assert ranges.parse(r"\forall j = 1, 3, \dots, 2n - 1") is None
    assert ranges.parse(r"j \in \{2, 4, \dots, 2n\}") is None
    got = ranges.parse(r"j = 1, 2, \dots, n")
    assert (got.lower, got.upper) == ("1", "n")
