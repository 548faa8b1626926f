"""Functions said in words (named.py) and definitions made inline in the prose.

A sentence that plainly names a function (``$g$ is the logistic sigmoid``, ``with tanh activation
$g$``, ``Let $g$ be the ReLU``, ``where $\\phi$ denotes the standard normal density``) gives it
that function from the sentence on, in its question and the ones after (a later naming wins);
the steps that use it say so in their reading's assumptions, with the line. A hedge (``like a
sigmoid``, ``e.g. the sigmoid``, ``could be``, ``if``), a longer phrase (``sigmoid-shaped``,
``the sigmoid of $z$``) or a formula that is not a bare name (``$\\sigma'(z)$``, ``$g(0)$``) names
nothing. Inline definitions in the prose (``such that $f(\\mathbf{x}, \\theta) =
g(a(\\mathbf{x}, \\theta))$``, ``let $g(z) = \\max(0, z)$``) are definitions as displays are."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.parse.extract import displays
from checks.io.audit.document.named import named

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def steps(text, kind="markdown"):
    return audit_text(text, kind).documents[0].steps


def at(text, line):
    got = [s for s in steps(text) if s.line == line and s.status != "definition"]
    assert got, f"no step at line {line}"
    return got[0]


def namings(sentence):
    text = sentence + "\n\n$$g(u) + h(u) + \\phi(u) + \\sigma(u) + \\Phi(u) = 0$$\n"
    return [(n.name, n.meaning) for n in named(text, "markdown", displays(text, "markdown", inline=True))]


# -- which sentences name a function ----------------------------------------------------------

NAMINGS = [
    (r"where $g(\cdot)$ is the logistic sigmoid.", ("g", "sigmoid")),
    (r"Here $g$ is the ReLU.", ("g", "ReLU")),
    (r"The output uses a network with tanh activation $g$.", ("g", "tanh")),
    (r"where $\phi$ denotes the standard normal density.", ("\\phi", "standard normal density")),
    (r"$\Phi$ is the standard normal CDF.", ("\\Phi", "standard normal CDF")),
    (r"Let $g$ be the ReLU function.", ("g", "ReLU")),
    (r"The activation $g$ is chosen as the sigmoid function.", ("g", "sigmoid")),
    (r"Since $g(a(\mathbf{x}, \boldsymbol{\theta}))$ is a sigmoid function its derivative is", ("g", "sigmoid")),
    (r"As $g(a(x, \theta))$ is considered as sigmoid activation function.", ("g", "sigmoid")),
    (r"We use the ReLU nonlinearity $g$ in the hidden layer.", ("g", "ReLU")),
    (r"Let g be the identity.", ("g", "identity")),
    (r"$h$ is the softplus, and $g$ is the rest.", ("h", "softplus")),
    (r"The output is $f = g(u)$ with $g$ the ReLU.", ("g", "ReLU")),
    (r"We use $g(\cdot) = \tanh(\cdot)$ for the hidden units.", ("g", "tanh")),
    (r"Take $g = \mathrm{ReLU}$.", ("g", "ReLU")),
    (r"Take $g = \sigma$.", ("g", "sigmoid")),
    (r"The output $g$, the logistic sigmoid, squashes $u$.", ("g", "sigmoid")),
    (r"Apply the ReLU activation $g$ to every unit.", ("g", "ReLU")),
]

NOT_NAMINGS = [
    r"$g$ is like a sigmoid.",
    r"$g$ is a sigmoid-shaped function.",
    r"Pick an activation, e.g. the sigmoid, for $g$.",
    r"$g$ could be the sigmoid.",
    r"If $g$ is the identity, the model is linear.",
    r"$g(z)$ is the sigmoid of $z$.",
    r"$g$ is the sigmoid or the tanh.",
    r"Is $g$ the sigmoid?",
    r"Why is $g$ a sigmoid function?",
    r"$g$ is not the identity.",
    r"$g$ is the identity matrix.",
    r"$g$ is the sigmoid's derivative.",
    r"$\sigma'(z)$ is the sigmoid times one minus the sigmoid.",   # a claim about sigma
    r"$g(0)$ is the sigmoid at zero.",
    r"$h(x) = \sigma(2x)$ is a rescaled sigmoid.",
    r"a is the sigmoid.",                                # the article, not a name
    r"$y$ is the sigmoid.",                              # never applied: a value, not a function
    r"$\sigma$ is the logistic sigmoid.",                # the reader's own sigmoid already
    r"Take $g = \tanh(\cdot) + 1$.",                       # a formula, not the function itself
    r"If $g = \tanh$, the output is centred.",
    r"Compare the tanh activation $g$ with the sigmoid.",
    r"The ReLU activation $g(0)$ is zero.",
    r"The derivative of $g$ is the sigmoid.",               # g is then the softplus
    r"$g$ is the identity for $u > 0$.",                    # a claim about a region
    r"$g$ is the identity on the positive inputs.",
    r"$g$ is the sigmoid, approximately.",
    r"$g$ is the tanh, up to a scale.",
]


@pytest.mark.parametrize("sentence,expected", NAMINGS)
def test_plain_wordings_name_a_function(sentence, expected):
    assert namings(sentence) == [expected]


@pytest.mark.parametrize("sentence", NOT_NAMINGS)
def test_hedges_claims_and_other_phrases_name_nothing(sentence):
    assert namings(sentence) == []


def test_a_naming_in_a_comment_or_a_display_is_no_prose():
    text = ("<!-- $g$ is the ReLU -->\n\n$$\\text{where } g \\text{ is the ReLU}, \\quad g(u) = 0$$\n")
    assert named(text, "markdown", displays(text, "markdown", inline=True)) == []


# -- the sigmoid output said in words ------------------------------------------------------------

SIGMOID_OUTPUT = r"""# Question 1

We write $f(\mathbf{x}, \theta) = g(a(\mathbf{x}, \theta))$, where $a(\mathbf{x}, \theta)$ is the pre-activation.
{SAYS}

**1.1** Compute the derivative of the output.

$$\frac{\partial g(a(\mathbf{x}, \theta))}{\partial a(\mathbf{x}, \theta)} = g(a(\mathbf{x}, \theta))(1 - g(a(\mathbf{x}, \theta)))$$

$$\frac{\partial f(\mathbf{x}, \theta)}{\partial a(\mathbf{x}, \theta)} = \frac{e^{-a(\mathbf{x}, \theta)}}{(1 + e^{-a(\mathbf{x}, \theta)})^2}$$
"""


def test_sigmoid_output_said_in_words_is_used_and_shown():
    text = SIGMOID_OUTPUT.replace("{SAYS}", "The output activation $g$ is the logistic sigmoid.")
    for line in (8, 10):
        s = at(text, line)
        assert s.status == "holds", (line, s.status, s.reason)
        assert any("g read as the sigmoid" in a and "line 4" in a for a in s.reading.assumptions), s.reading
    # the inline definition f = g(a) is what ties line 11 to g
    assert "sigmoid" in at(text, 10).reading.from_


def test_without_the_sentence_g_stays_unknown():
    text = SIGMOID_OUTPUT.replace("{SAYS}", "")
    for line in (8, 10):
        s = at(text, line)
        assert s.status != "holds", (line, s.status)
        assert not any("read as the" in a for a in (s.reading.assumptions if s.reading else ()))


@pytest.mark.parametrize("hedge", [
    "The output activation $g$ is like a sigmoid.",
    "The output activation $g$ could be the logistic sigmoid.",
    "A squashing function, e.g. the sigmoid, is a good choice for $g$.",
    "The output activation $g$ is a sigmoid-shaped function.",
])
def test_hedged_sentences_leave_g_unknown(hedge):
    text = SIGMOID_OUTPUT.replace("{SAYS}", hedge)
    assert at(text, 8).status != "holds"


def test_a_where_clause_after_the_display_names_for_that_display():
    text = ("# Q1\n\n$$\\frac{d g(u)}{d u} = g(u)(1 - g(u))$$\n"
            "where $g$ is the logistic function.\n\n$$\\frac{d g(v)}{d v} = g(v) - g(v)^2$$\n")
    for line in (3, 6):
        assert at(text, line).status == "holds", line


# -- ReLU hidden units said in words -------------------------------------------------------------

RELU_HIDDEN = r"""# Problem 1

The hidden layer computes $h = g(u)$ with ReLU activation $g$.

$$g(u) - g(-u) = u$$

$$g(u) + g(-u) = |u|$$

$$g(-2) = -2$$
"""


def test_relu_hidden_units_said_in_words():
    assert at(RELU_HIDDEN, 5).status == "holds"
    assert at(RELU_HIDDEN, 7).status == "holds"
    assert any("g read as the ReLU" in a for a in at(RELU_HIDDEN, 5).reading.assumptions)
    wrong = at(RELU_HIDDEN, 9)    # relu(-2) = 0: a real error once g is the ReLU
    assert wrong.status == "wrong" and any("ReLU" in a for a in wrong.reading.assumptions)


def test_relu_without_the_words_decides_nothing():
    text = RELU_HIDDEN.replace(" with ReLU activation $g$", "")
    for line in (5, 7, 9):
        assert at(text, line).status not in ("holds", "wrong"), line


# -- one name, two meanings in two questions -----------------------------------------------------

TWO_QUESTIONS = r"""# Question 1

Here $g$ is the sigmoid.

$$\frac{d g(u)}{d u} = g(u)(1 - g(u))$$

# Question 2

Now $g$ is the identity.

$$\frac{d g(u)}{d u} = 1$$

$$\frac{d g(u)}{d u} = g(u)(1 - g(u))$$

# Question 3

$$g(u) + g(-u) = 0$$

$$g(2) = 3$$
"""


def test_a_later_question_that_says_otherwise_wins():
    assert at(TWO_QUESTIONS, 5).status == "holds"
    q2 = at(TWO_QUESTIONS, 11)
    assert q2.status == "holds" and any("identity" in a for a in q2.reading.assumptions)
    # the sigmoid's derivative does not hold for the identity: never a holds in Question 2
    assert at(TWO_QUESTIONS, 13).status != "holds"


def test_the_next_question_keeps_the_name_as_a_definition_of_another_question():
    assert at(TWO_QUESTIONS, 17).status == "holds"       # identity: u - u = 0
    kept = at(TWO_QUESTIONS, 19)                         # 2 = 3 as read, but said in Question 2
    assert kept.status == "undecided", (kept.status, kept.reason)


# -- a sentence about sigma that is a claim, not a naming ------------------------------------------

def test_a_claim_about_sigma_does_not_name_phi():
    text = ("# Q1\n\nFor large inputs $\\phi(z)$ is the sigmoid of $2z$, and $\\sigma'(z)$ is the sigmoid times "
            "one minus the sigmoid.\n\n$$\\frac{d \\phi(z)}{d z} = \\phi(z)(1 - \\phi(z))$$\n")
    s = at(text, 5)
    assert s.status != "holds"


# -- inline definitions in the prose ---------------------------------------------------------------

def test_inline_definition_with_a_composite_argument_is_used():
    text = ("# Q1\n\nLet $g(z) = \\max(0, z)$, and the network is such that "
            "$f(\\mathbf{x}, \\theta) = g(a(\\mathbf{x}, \\theta))$.\n\n"
            "$$f(\\mathbf{x}, \\theta) - g(a(\\mathbf{x}, \\theta)) = 0$$\n\n$$g(-1) = 0$$\n")
    assert at(text, 5).status == "holds"
    assert at(text, 7).status == "holds"


# -- the softmax and the standard normal density said in words -------------------------------------

def test_softmax_said_in_words_reads_its_components_in_its_question():
    text = ("# Q1\n\nHere $S$ is the softmax.\n\n"
            "$$\\sum_i S(\\mathbf{z})_i = 1$$\n\n"
            "$$S(\\mathbf{z})_1 = \\frac{e^{z_1}}{\\sum_j e^{z_j}}$$\n\n"
            "# Q2\n\n$$S(\\mathbf{z})_1 = \\frac{e^{z_1}}{\\sum_j e^{z_j}}$$\n")
    for line in (5, 7):
        s = at(text, line)
        assert s.status == "holds", (line, s.status, s.reason)
        assert any("S read as the softmax" in a and "line 3" in a for a in s.reading.assumptions)
    other = at(text, 11)     # another question may reuse the letter: the reading is doubted there
    assert other.status == "undecided" and "softmax" in other.reason


def test_standard_normal_density_said_in_words():
    text = ("# Q1\n\nwhere $\\phi$ denotes the standard normal density.\n\n"
            "$$\\frac{d \\phi(z)}{d z} = -z \\phi(z)$$\n\n$$\\phi(-z) = \\phi(z)$$\n")
    assert at(text, 5).status == "holds"
    assert at(text, 7).status == "holds"


def test_a_naming_applies_to_its_whole_sentence():
    # the inline definition of f comes before the words that name h, in the same sentence
    text = ("# Q1\n\nThe output is $f(u) = h(u)$ with $h$ the ReLU.\n\n$$f(-1) = 0$$\n\n$$f(2) = 2$$\n")
    for line in (5, 7):
        assert at(text, line).status == "holds", line


def test_a_function_set_equal_to_one_inline():
    text = "# Q1\n\nWe use $g(\\cdot) = \\tanh(\\cdot)$ for the hidden units.\n\n$$\\frac{d g(u)}{d u} = 1 - g(u)^2$$\n"
    s = at(text, 5)
    assert s.status == "holds" and any("g read as the tanh" in a for a in s.reading.assumptions)


def test_a_case_ends_with_its_part():
    text = (r"""# Problem 1

**(a)** With $h = \tanh$:

$$\frac{d h(u)}{d u} = 1 - h(u)^2$$

**(b)** For a general activation:

$$\frac{d h(u)}{d u} = 1 - h(u)^2$$
""")
    assert at(text, 5).status == "holds"
    assert at(text, 9).status != "holds"     # h is any function again: never held by the tanh


def test_a_general_function_again_drops_the_naming():
    text = (r"""# Question 1

Let $g$ be the sigmoid.

$$\frac{d g(u)}{d u} = g(u)(1 - g(u))$$

Now take a general differentiable activation $g$ instead.

$$\frac{d g(u)}{d u} = g(u)(1 - g(u))$$
""")
    assert at(text, 5).status == "holds"
    assert at(text, 9).status != "holds"
    assert named(text, "markdown", displays(text, "markdown", inline=True))[-1].meaning == "any function"


@pytest.mark.parametrize("words", ["for any $g$", "an arbitrary differentiable function $g$", "some activation $g$",
                                   "for a general activation $g$"])
def test_words_that_make_a_function_any_function(words):
    text = f"# Q1\n\nNow take {words}.\n\n$$g(u) = u$$\n"
    assert [n.meaning for n in named(text, "markdown", displays(text, "markdown", inline=True))] == ["any function"]


@pytest.mark.parametrize("lead", ["such that", "where", "we write", "Let"])
def test_inline_definitions_of_a_composite_are_read_whatever_leads_into_them(lead):
    text = (f"# Q1\n\nThe activation $g$ is the identity, {lead} "
            "$f(\\mathbf{x}, \\theta) = g(a(\\mathbf{x}, \\theta))$.\n\n"
            "$$\\frac{\\partial f(\\mathbf{x}, \\theta)}{\\partial a(\\mathbf{x}, \\theta)} = 1$$\n")
    s = at(text, 5)
    assert s.status == "holds", (s.status, s.reason)
    assert "g read as the identity" in " ".join(s.reading.assumptions)


@pytest.mark.parametrize("before,case", [
    ("In the linear case,", True), ("For regression,", True), ("In this question", True),
    ("Here", False), ("Throughout,", False), ("Since", False),
])
def test_which_namings_are_cases_of_their_part(before, case):
    text = f"# Q1\n\n{before} $g$ is the identity.\n\n$$g(u) = u$$\n"
    got = named(text, "markdown", displays(text, "markdown", inline=True))
    assert [n.case for n in got] == [case]


# -- "throughout" and "from here on": for the rest of the document -------------------------------

SHEET = r"""# Sheet 5

{WORD} $f$ is the softplus.

## Problem 1

$$f(0) = 1$$

## Part B

From here on $f$ is the hyperbolic tangent, $f(x) = \tanh x$.

## Problem 2

$$f'(0) = 1$$

$$f'(0) = \frac12$$
"""


def test_a_naming_said_throughout_holds_in_every_question_after_it():
    text = SHEET.replace("{WORD}", "Throughout this sheet")
    wrong = at(text, 7)                  # softplus(0) = log 2
    assert wrong.status == "wrong" and any("softplus" in a for a in wrong.reading.assumptions)
    assert at(text, 15).status == "holds"     # tanh'(0) = 1; the inline restatement changes nothing
    assert at(text, 17).status == "wrong"


def test_a_naming_of_one_heading_is_doubted_in_the_next_question():
    text = SHEET.replace("{WORD}", "Here")
    assert at(text, 7).status == "undecided"   # said under another heading: the question may mean otherwise


def test_a_naming_does_not_reach_back_over_a_display_without_a_where():
    text = "# Q1\n\nLet $g$ be the sigmoid. $$g'(0) = \\frac14$$ Now $g$ is the identity.\n$$g'(0) = 1$$\n"
    assert at(text, 3).status == "holds"      # the sigmoid's
    assert at(text, 4).status == "holds"      # the identity's
