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


GREEK_AND_PROSE = r"""## Q1

A vector $\boldsymbol\mu \in \mathbb R^n$.

$$E = \sum_{j=1}^{n} \mu_j^2$$

$$\nabla_{\boldsymbol\mu} E = 2 \boldsymbol\mu$$

$$\nabla_{\boldsymbol\mu} E = \boldsymbol\mu$$

## Q2

Vectors $\mathbf x, \boldsymbol\mu \in \mathbb R^n$ and $S \in \mathbb R^{n \times n}$ with $S = S^\top$.
Let $g(\mathbf x) = -\tfrac12 (\mathbf x - \boldsymbol\mu)^\top S (\mathbf x - \boldsymbol\mu)$.

$$\nabla_{\boldsymbol\mu}\, g = S (\mathbf x - \boldsymbol\mu)$$

$$\nabla_{\boldsymbol\mu}\, g = S (\boldsymbol\mu - \mathbf x)$$
"""


def test_a_greek_bold_variable_and_a_function_by_a_name_its_formula_writes():
    """\\nabla_{\\boldsymbol\\mu} (a Greek letter in bold without braces) is a gradient by the
    vector mu; \\nabla_{\\boldsymbol\\mu}\\, g of a function g(\\mathbf x) said in the prose is the
    gradient of its formula by mu, a name the formula writes (a thin space before g)."""
    found = audit_all({"g": GREEK_AND_PROSE})["g"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status == "wrong", shown(found)
    assert at(found, 16).status == "holds", shown(found)
    assert at(found, 18).status == "wrong", shown(found)


SCALED_SCORES = r"""## Problem 5

A query $\mathbf q \in \mathbb R^{d}$, keys $\mathbf k_1, \dots, \mathbf k_n \in \mathbb R^d$.

$$s_j = \frac{\mathbf q^\top \mathbf k_j}{\sqrt d}$$

$$\nabla_{\mathbf q}\, s_j = \frac{\mathbf k_j}{\sqrt d}$$

$$\nabla_{\mathbf q}\, s_j = \frac{\mathbf k_j}{d}$$

$$\frac{\mathbf q}{\sqrt{\mathbf q}} = \mathbf q$$
"""


def test_the_root_of_a_length_beside_vectors():
    """\\sqrt d of the length d in array mode is a number (a score scaled by \\sqrt d), so the
    definition of s_j is kept for its gradient; the root of a vector is still not read."""
    found = audit_all({"s": SCALED_SCORES})["s"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status == "wrong", shown(found)
    assert at(found, 11).status == "not_read" and "square root of a vector" in at(found, 11).reason, shown(found)


FAMILY_SUMS = r"""## Q1

Samples $\mathbf x_n \in \mathbb R^d$ with targets $y_n \in \mathbb R$, $n = 1, \dots, N$, and weights $\mathbf w \in \mathbb R^d$.

$$J(\mathbf w) = \frac{1}{2} \sum_{n=1}^{N} (\mathbf w^\top \mathbf x_n - y_n)^2$$

$$\nabla_{\mathbf w} J = \sum_{n=1}^{N} (\mathbf x_n^\top \mathbf w - y_n)\, \mathbf x_n$$

$$\nabla_{\mathbf w} J = 2 \sum_{n=1}^{N} (\mathbf w^\top \mathbf x_n - y_n)\, \mathbf x_n$$

$$\sum_{n=1}^{N} \mathbf w^\top \mathbf x_n = \mathbf w^\top \mathbf x_1 + \sum_{n=2}^{N} \mathbf w^\top \mathbf x_n$$

## Q2

Vectors $\mathbf v, \mathbf u_o \in \mathbb R^d$ and negative samples $\mathbf u_k \in \mathbb R^d$, $k = 1, \dots, K$, all distinct from $\mathbf u_o$.

$$J_{\text{neg}} = -\log \sigma(\mathbf u_o^\top \mathbf v) - \sum_{k=1}^{K} \log \sigma(-\mathbf u_k^\top \mathbf v)$$

$$\nabla_{\mathbf v} J_{\text{neg}} = \left(\sigma(\mathbf u_o^\top \mathbf v) - 1\right) \mathbf u_o + \sum_{k=1}^{K} \sigma(\mathbf u_k^\top \mathbf v)\, \mathbf u_k$$

$$\nabla_{\mathbf v} J_{\text{neg}} = \left(\sigma(\mathbf u_o^\top \mathbf v) - 1\right) \mathbf u_o - \sum_{k=1}^{K} \sigma(\mathbf u_k^\top \mathbf v)\, \mathbf u_k$$

## Q3

Vectors $\mathbf v, \mathbf c_o \in \mathbb R^d$ and $\mathbf c_k \in \mathbb R^d$, $k = 1, \dots, K$.

$$J = -\log \sigma(\mathbf c_o^\top \mathbf v) - \sum_{k=1}^{K} \log \sigma(-\mathbf c_k^\top \mathbf v)$$

$$\nabla_{\mathbf v} J = \left(\sigma(\mathbf c_o^\top \mathbf v) - 1\right) \mathbf c_o + \sum_{k=1}^{K} \sigma(\mathbf c_k^\top \mathbf v)\, \mathbf c_k$$

$$\nabla_{\mathbf v} J = \left(\sigma(\mathbf c_o^\top \mathbf v) - 1\right) \mathbf c_o - \sum_{k=1}^{K} \sigma(\mathbf c_k^\top \mathbf v)\, \mathbf c_k$$

$$\nabla_{\mathbf c_o} J = \left(\sigma(\mathbf c_o^\top \mathbf v) - 1\right) \mathbf v$$
"""


def test_a_sum_over_the_members_of_a_family_of_vectors():
    """\\mathbf x_n under \\sum_n, with a member declared (\\mathbf x_n \\in \\mathbb R^d), is the member
    n of a family, a column each, summed term by term at each size (N in 1..3); y_n beside it is
    a number of each member, data by its set. The gradient of a least-squares sum holds, twice it
    is wrong."""
    found = audit_all({"f": FAMILY_SUMS})["f"]
    assert at(found, 7).status == "holds" and "N = 3" in at(found, 7).reason, shown(found)
    assert at(found, 9).status == "wrong", shown(found)


def test_a_member_by_its_number_beside_the_sum_is_never_read_as_another_vector():
    """\\mathbf x_1 beside the sum over \\mathbf x_n: the member 1, or another vector? Array mode
    does not read it (as another vector the split of the sum would be wrong)."""
    found = audit_all({"f": FAMILY_SUMS})["f"]
    assert at(found, 11).status != "wrong", shown(found)


def test_another_member_by_a_letter_doubts_a_wrong_unless_said_distinct():
    """\\mathbf u_o beside the sum over \\mathbf u_k: a gradient by another vector that holds for
    different vectors holds where u_o is one of them; a wrong may rest on their being different,
    so it stands only where the text says they are distinct (Q2), not in Q3. A gradient by u_o
    itself beside the sum is not read."""
    found = audit_all({"f": FAMILY_SUMS})["f"]
    assert at(found, 19).status == "holds", shown(found)
    assert at(found, 21).status == "wrong", shown(found)
    assert at(found, 29).status == "holds", shown(found)
    assert at(found, 31).status == "undecided" and "may be one of them" in at(found, 31).reason, shown(found)
    assert at(found, 33).status != "holds" and at(found, 33).status != "wrong", shown(found)


DATA_MATRIX = r"""## Q1

Samples $\mathbf x_n \in \mathbb R^d$ with targets $y_n$, stacked as the rows $\mathbf x_n^\top$ of $X \in \mathbb R^{N \times d}$, and $\mathbf w \in \mathbb R^d$, $\mathbf y \in \mathbb R^N$.

$$\sum_{n=1}^{N} (\mathbf w^\top \mathbf x_n - y_n)\, \mathbf x_n = X^\top (X \mathbf w - \mathbf y)$$

$$\sum_{n=1}^{N} (\mathbf w^\top \mathbf x_n - y_n)\, \mathbf x_n = X^\top (X \mathbf w + \mathbf y)$$

## Q2

Vectors $\mathbf a_n \in \mathbb R^d$, $n = 1, \dots, N$, a matrix $A \in \mathbb R^{N \times d}$ and $\mathbf w \in \mathbb R^d$.

$$\sum_{n=1}^{N} \mathbf a_n \mathbf a_n^\top \mathbf w = A^\top A \mathbf w$$
"""


def test_the_rows_of_a_data_matrix_are_the_members_said_in_words():
    """"stacked as the rows x_n^T of X": the family is X's rows, so \\sum_n (w^T x_n - y_n) x_n is
    X^T (X w - y) (y_n the entries of \\mathbf y); where no sentence ties A to the a_n, A is read as
    unrelated and the step (true only for the tie) is no wrong."""
    found = audit_all({"x": DATA_MATRIX})["x"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)
    step = at(found, 13)
    assert step.status == "undecided" and "read as unrelated" in step.reason, shown(found)


EACH_MEMBER = r"""## Q1

Samples $\mathbf x_n \in \mathbb R^d$ with labels $y_n \in \{0, 1\}$, $n = 1, \dots, N$, and $\mathbf w \in \mathbb R^d$. Write $p_n = \sigma(\mathbf w^\top \mathbf x_n)$. The loss is

$$L(\mathbf w) = -\sum_{n=1}^{N} \Big[ y_n \log p_n + (1 - y_n) \log (1 - p_n) \Big]$$

$$\nabla_{\mathbf w} L = \sum_{n=1}^{N} (p_n - y_n)\, \mathbf x_n$$

$$\nabla_{\mathbf w} L = \sum_{n=1}^{N} (y_n - p_n)\, \mathbf x_n$$
"""


def test_a_number_of_each_member_the_document_defines_is_put_in():
    """p_n = \\sigma(\\mathbf w^T \\mathbf x_n) said in the prose: in a gradient step, p_k under the
    sum over the members is its formula at k (held constant it would make every verdict a
    doubt); the labels y_n at each value of their set {0, 1}."""
    found = audit_all({"p": EACH_MEMBER})["p"]
    assert at(found, 7).status == "holds" and "y_1 in {0, 1}" in at(found, 7).reason, shown(found)
    assert at(found, 9).status == "wrong", shown(found)
