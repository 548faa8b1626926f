"""Documents a review of the session-20 reading round wrote against it: each gave a false
verdict (or lost a true one) before its mend, in the rule named in the test."""
from __future__ import annotations

from checks.io.audit import audit_text


def _steps(text):
    out = {}
    for s in audit_text(text).documents[0].steps:
        out.setdefault(s.line, []).append(s)
    return out


def test_an_inner_sum_bound_keeps_naming_the_renamed_outer_index():
    # \sum_i \sum_{j=1}^{i}: renaming the outer i away from a free i must rename it in j's bound too
    text = ("## Question 1\n\nThe cumulative score is\n$$S = \\sum_{i=1}^{n} \\sum_{j=1}^{i} x_j$$\n\n"
            "so\n$$\\frac{\\partial S}{\\partial x_i} = n - i + 1$$\n")
    assert all(s.status != "wrong" for ss in _steps(text).values() for s in ss)


SECTIONS = """# Homework 2

## Question 1

Compute the derivative of the logistic gate.

### Hint

$$g = \\sigma(z)$$

$$\\frac{d g}{d z} = g (1 - g)$$

## Question 2

Now the gate is the hyperbolic tangent of $z$.

### Solution

$$\\frac{d g}{d z} = 1 - g^2$$
"""


def test_a_subsection_of_a_question_is_that_question_and_ends_with_it():
    got = _steps(SECTIONS)
    assert [s.status for s in got[11]] == ["holds"]
    last = got[19][0]
    assert last.status == "undecided" and "g is used as defined in Q1" in last.reason
    assert last.location == "Q2"


def test_a_variance_sigma_leaves_sigma_of_an_argument_in_doubt():
    text = ("## Question 1\n\nThe inputs have mean and variance\n$$\\mu = \\frac{1}{m} \\sum_{i=1}^{m} x_i$$\n"
            "$$\\sigma^2 = \\frac{1}{m} \\sum_{i=1}^{m} (x_i - \\mu)^2$$\n\n"
            "The logistic function is symmetric:\n$$\\sigma(-z) = 1 - \\sigma(z)$$\n")
    last = _steps(text)[8][0]
    assert last.status != "wrong"


def test_names_the_prose_describes_as_statistics_are_no_leaves():
    for text, name in (("## Question 1\n\nWith the batch statistics $\\mu$ and $\\sigma$, each example is "
                        "rescaled:\n$$\\hat{x}_i = \\frac{x_i - \\mu}{\\sigma}$$\n\nBackpropagating,\n"
                        "$$\\frac{\\partial \\hat{x}_i}{\\partial x_i} = \\frac{1}{\\sigma}$$\n", "\\mu"),
                       ("## Question 1\n\nThe model assigns\n$$p_i = \\frac{e^{z_i}}{Z}$$\nwhere $Z$ is the "
                        "partition function.\n\nDifferentiating,\n$$\\frac{\\partial p_i}{\\partial z_i} = p_i$$\n",
                        "Z")):
        last = max(_steps(text).items())[1][0]
        assert last.status == "undecided" and f"{name}" in last.reason and "may depend on" in last.reason


def test_a_region_of_a_variable_is_no_new_case():
    text = ("## Question 1\n\nThe unit applies the rectifier\n$$g(z) = \\max(0, z)$$\n\n"
            "In the case where $z > 0$, the rectifier passes its input:\n$$g(z) = z$$\n\n"
            "Moreover the rectifier is odd,\n$$g(-z) = -g(z)$$\n")
    got = _steps(text)
    assert got[7][0].status != "definition"
    assert got[10][0].status != "holds"


def test_a_where_clause_in_the_names_own_question_describes_it():
    text = ("## Question 1\n\nThe model is\n$$\\hat{y} = w x + b$$\nand the squared loss is\n"
            "$$L = (\\hat{y} - t)^2$$\nwhere $\\hat{y}$ is the prediction of the model.\n\nExpanding,\n"
            "$$L = (w x + b - t)^2$$\n")
    assert [s.status for s in _steps(text)[10]] == ["holds"]


NEURON = """# Exercises

5. Consider a two-input neuron that multiplies its two inputs x_1 and x_2 to obtain the output o.
Let L be the loss that is computed at o. Suppose that you know that $\\frac{\\partial L}{\\partial o} = 5$,
$x_1 = 2$, $x_2 = 3$.

Solution. First, we have that

$$x_1 \\times x_2 = o$$

$$\\frac{\\partial L}{\\partial x_1} = 5 \\times 3 = 15$$

$$\\frac{\\partial L}{\\partial x_2} = 5 \\times 3 = 15$$
"""


def test_a_partial_of_the_loss_given_in_the_prose_is_its_value_there():
    got = _steps(NEURON)
    assert [s.status for s in got[9]] == ["definition"]
    assert [s.status for s in got[11]] == ["holds", "holds"]
    assert got[13][0].status != "holds"        # dL/dx_2 = 5 x_1 = 10, not 15


def test_a_sum_of_an_arrays_entries_said_in_the_prose_doubts_the_steps_using_it():
    # the softmax cross-entropy gradient p_i - y_i needs sum_k y_k = 1, which the prose says
    text = ("# Softmax cross-entropy\n\nThe label $\\mathbf{y}$ is a distribution, so $\\sum_k y_k = 1$. With "
            "$p_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}$ and\n\n$$L = -\\sum_{k=1}^{K} y_k \\log p_k$$\n\n"
            "the gradient has entries\n\n$$(\\nabla_{\\mathbf{z}} L)_i = p_i - y_i$$\n")
    last = _steps(text)[9][0]
    assert last.status == "undecided" and "\\sum_k y_k = 1" in last.reason
    # said one-hot, y is one of the K one-hot vectors (round 32): checked at each of them, it holds
    hot = _steps(text.replace("is a distribution", "is one-hot"))[9][0]
    assert hot.status == "holds" and "one-hot" in hot.detail
