"""The leaves of the computation graph a document writes (``leaves.py``): names it builds its
definitions from and never defines, differentiates or says are computed are read as inputs,
independent of every variable. A ``holds`` then stands, with the reading's assumptions naming
them; a ``wrong`` stays undecided (a reading assumption never makes a wrong). A name said in
words to be an output, or differentiated, keeps its doubt."""
from __future__ import annotations

import re

import pytest

from checks.io.audit import audit_text
from checks.io.audit.document.context import definition_shape
from checks.io.audit.document.leaves import Written, letter
from checks.io.audit.reading.read import Scope, read

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# the brief's backprop through a one-unit network, \hat y written without braces
SCALAR = r"""# Question 1

A one-hidden-unit network on a scalar input:

$$z = w_1 x + b_1$$

$$h = \sigma(z)$$

$$\hat y = w_2 h + b_2$$

$$L = \frac{1}{2}(\hat{y} - y)^2$$

Backpropagation:

$$\frac{\partial L}{\partial h} = \frac{\partial L}{\partial \hat{y}} w_2 = (\hat{y} - y) w_2$$

$$\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial z} x$$

$$\frac{\partial L}{\partial b_2} = \hat{y} - y$$

$$\frac{\partial L}{\partial w_2} = (\hat{y} - y) h$$

$$\frac{\partial L}{\partial b_1} = (\hat{y} - y) w_2 x$$
"""

# a two-layer network written entry by entry
ENTRYWISE = r"""## Problem 2: a two-layer network, entry by entry

$$z_i = \sum_{j=1}^{n} W_{ij} x_j + b_i$$

$$h_i = \sigma(z_i)$$

$$\hat{y} = \sum_{i=1}^{m} v_i h_i + c$$

$$L = \frac{1}{2}(\hat{y} - y)^2$$

Gradients of the head:

$$\frac{\partial L}{\partial v_k} = (\hat{y} - y) h_k$$

$$\frac{\partial L}{\partial c} = \hat{y} - y$$

$$\frac{\partial L}{\partial c} = (\hat{y} - y) c$$
"""

# logistic regression on a pair (x, y) the text does not call data
LOGISTIC = r"""### Exercise 3

Logistic regression on one pair $(x, y)$ with weight $w$ and bias $b$:

$$z = w x + b, \qquad p = \sigma(z)$$

$$\ell = -y \log p - (1 - y) \log(1 - p)$$

$$\frac{\partial \ell}{\partial w} = (p - y) x$$

$$\frac{\partial \ell}{\partial b} = p - y$$

$$\frac{\partial \ell}{\partial b} = (p - y) x$$
"""

# softmax cross-entropy entry by entry, for the entries the text names: the leaf y shown too
SOFTMAX = r"""## Problem 6

$$p_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$$

$$L = -\sum_{i=1}^{K} y_i \log p_i$$

For every $j \in \{1, \dots, K\}$:

$$\frac{\partial L}{\partial z_j} = -\sum_{i=1}^{K} y_i (\delta_{ij} - p_j)$$
"""

# trap: s is an operand of L, never defined, but the text says it is an output
SAID_OUTPUT = r"""### Exercise 4

$$a = w x$$

$$L = \frac{1}{2}(a + s - y)^2$$

where $s$ is the output of a second unit that reads $a$.

$$\frac{\partial L}{\partial w} = (a + s - y) x$$
"""

# trap: s is never defined but the document differentiates it (001's L = w_3 s)
DIFFERENTIATED = r"""### Exercise 5

$$L = w_3 s + b$$

$$\frac{\partial s}{\partial w_1} = x_1$$

$$\frac{\partial L}{\partial w_3} = s$$
"""

# trap: y is an operand in (a) and defined by a formula in (b): one letter, no leaf anywhere
RENAMED = r"""## Question 2

**(a)** With $p = \sigma(w x)$:

$$L = \frac{1}{2}(p - y)^2$$

$$\frac{\partial L}{\partial w} = (p - y) p (1 - p) x$$

**(b)** Now the unit's value is called $y$:

$$y = \sigma(w x)$$
"""


def by_line(text: str) -> dict:
    out = {}
    for s in audit_text(text, "markdown").documents[0].steps:
        out.setdefault(s.line, []).append(s)
    return out


@pytest.fixture(scope="module")
def scalar():
    return by_line(SCALAR)


def test_braceless_hat_is_a_definition(scalar):
    (s,) = scalar[9]
    assert s.status == "definition"


def test_scalar_backprop_holds_with_leaves_named(scalar):
    first, second = scalar[15]
    assert (first.status, second.status) == ("holds", "holds")
    (w1,) = scalar[17]
    assert w1.status == "holds"
    assumptions = " | ".join(w1.reading.assumptions)
    assert "x, y read as inputs independent of w_1" in assumptions
    assert "lines 5, 11" in assumptions
    for line in (19, 21):
        (s,) = scalar[line]
        assert s.status == "holds", (line, s.reason)


def test_scalar_wrong_stays_undecided(scalar):
    (s,) = scalar[23]      # dL/db_1 has no factor x
    assert s.status == "undecided"
    assert s.reason.startswith("wrong as read, but ")
    assert "read as inputs independent of b_1" in s.reason
    assert s.counterexample is None


def test_entrywise_two_layer_network():
    got = by_line(ENTRYWISE)
    assert got[13][0].status == "holds"
    assert got[15][0].status == "holds"
    assert "y read as an input independent of c" in " ".join(got[15][0].reading.assumptions)
    assert got[17][0].status == "undecided"        # (y^ - y) c is wrong: never reported wrong


def test_entries_for_the_named_range_show_the_leaf():
    (s,) = by_line(SOFTMAX)[9]
    assert s.status == "holds"
    assert "j <= K" in s.reading.assumptions          # the range the text gives
    assert any(a.startswith("y[...] read as an input independent of z[j]") for a in s.reading.assumptions)


def test_logistic_pair():
    got = by_line(LOGISTIC)
    assert got[9][0].status == "holds"
    assert got[11][0].status == "holds"
    assert got[13][0].status == "undecided"
    assert "x, y read as inputs independent of b" in got[13][0].reason


def test_name_said_to_be_an_output_keeps_its_doubt():
    got = by_line(SAID_OUTPUT)
    (s,) = got[9]
    assert s.status == "undecided"
    assert re.search(r"\bs\b[^;]* may depend on w", s.reason)
    assert any(a.startswith("x, y read as inputs independent of w") for a in s.reading.assumptions)


def test_differentiated_name_keeps_its_doubt():
    got = by_line(DIFFERENTIATED)
    (s,) = got[7]
    assert s.status == "undecided"
    assert "s may depend on w_3" in s.reason


def test_name_defined_elsewhere_is_no_leaf():
    got = by_line(RENAMED)
    (s,) = got[7]
    assert s.status == "undecided"
    assert "y may depend on w" in s.reason


# -- the document scan ------------------------------------------------------------------------

def test_written_finds_given_differentiated_and_computed():
    w = Written.of(SCALAR + "\nwhere $q$ is the softmax output.\n\n$$\\frac{d r}{d t} = 1$$\n"
                   "$$u \\leftarrow u - \\eta g$$\n$$\\nabla_{w} e_2 = 0$$\n$$k(x; \\theta) = x$$\n")
    assert {"z", "h", "\\hat{y}", "L"} <= set(w.given)
    assert {"u", "k"} <= set(w.given)                  # an update, a call with a list
    assert {"r", "e"} <= set(w.differentiated)        # dr/dt, \nabla_w e_2
    assert "q" in w.computed
    for leaf in ("x", "y", "b_1", "b_2", "w_1"):
        assert w.why_not(leaf) is None, leaf
    assert "computed" in w.why_not("q")


@pytest.mark.parametrize("text,name", [
    (r"$$w_1 x + b_1 = z$$", "z"),                        # the name on the right of its formula
    (r"$$L = -\log p \quad \text{where } p = \mathrm{softmax}(z)$$", "p"),
    (r"$$\mathbf{h} = \sigma(W \mathbf{x})$$", "h_1"),     # bold and plain, any subscript: one letter
    (r"$$y : \mathbb{R}^d \to \mathbb{R}$$", "y"),
    (r"$$s'(t) = 2$$", "s"),
    (r"$$\frac{\partial^2 g}{\partial x^2} = 0$$", "g"),
    (r"$$\partial s / \partial w = 1$$", "s"),
    (r"$$\begin{pmatrix} a \\ b \end{pmatrix} = W x$$", "b"),   # entries of a vector equation
    (r"$$\begin{cases} q = 1 & t > 0 \\ q = t^2 & t \le 0 \end{cases}$$", "q"),   # a row of cases
    ("Here $x$ comes from the previous layer.\n\n$$z = w x$$", "x"),
])
def test_no_leaf(text, name):
    assert Written.of(text).why_not(name) is not None


@pytest.mark.parametrize("text,name", [
    (r"$$x = 2$$", "x"),                                  # a number is data, not a formula
    (r"$$L = (w x - y)^2$$", "y"),
    (r"Given the label $y \in \{0, 1\}$ and the bias $b$.", "b"),
])
def test_leaf_by_the_scan(text, name):
    assert Written.of(text).why_not(name) is None


def test_words_around_a_mention_stop_at_a_heading():
    text = "## Part 1\n\nThe label $y$.\n\n## Part 2\n\nThe output $o$ of the net.\n"
    w = Written.of(text)
    assert w.why_not("y") is None
    assert w.why_not("o") is not None


def test_letter():
    assert letter("\\mathbf{x}") == letter("x_3") == letter("x[...]") == "x"
    assert letter("\\hat{y}") != letter("y")


@pytest.mark.parametrize("latex", [r"\hat y", r"\bar x", r"\tilde w", r"\mathbf x", r"\boldsymbol\theta",
                                   r"\hat{\mathbf{y}}", r"\hat y_2"])
def test_braceless_decorated_name_is_a_definition_shape(latex):
    shape = definition_shape(read(latex), latex)
    assert shape is not None and shape[1] == ()


def test_call_shaped_left_side_is_not_bare():
    lhs = read("w_3(1)", Scope(variables=frozenset({"w_3"})))     # w_3 times 1: reads as w_3
    assert definition_shape(lhs) is not None
    assert definition_shape(lhs, "w_3(1)") is None


@pytest.mark.parametrize("text,leaf,computed", [
    ("Each pair $(x, y)$ is an example. The network computes the rest.", "y", None),   # another sentence
    ("Let $f$ be the output of a model, and $y \\in \\{0, 1\\}$ the label.", "y", "f"),  # another clause
    ("Take $s$ as below. It is the weighted sum of the inputs.", None, "s"),            # "It": about s
    ("the label $y$ and predicted probability $p$", None, "y"),                        # one clause: both
])
def test_words_count_in_the_clause_of_a_mention(text, leaf, computed):
    w = Written.of(text)
    if leaf is not None:
        assert w.why_not(leaf) is None
    if computed is not None:
        assert "computed" in w.why_not(computed)


def test_define_directive_gives_a_formula():
    text = "<!-- derivcheck: define y = w x -->\n$$L = (y - t)^2$$\n"
    assert "given" in Written.of(text).why_not("y")
    assert Written.of(text).why_not("t") is None


def test_hostile_sizes_take_no_leaf():
    many = "$$a = 1$$\n" * 4001
    assert Written.of(many).why_not("x") is not None
    letters = "x " * 25_000
    assert Written.of(letters).why_not("y") is not None
    assert Written.of("x" * 300_001).why_not("y") is not None
