"""What a document declares about its names (declared.py, doubts.py, evidence.py):

- data (a training example, a label, a target, the input, a given matrix, a member of a finite
  set of numbers, a draw from a fixed distribution) does not depend on the parameters, so a
  derivative that holds with it read as a constant holds, and the reading says why; a name the
  document then defines by a formula, differentiates or applies keeps the doubt;
- a name declared a vector, used whole in a scalar identity of entrywise functions, is read
  entrywise: a holds stands, a wrong stays undecided; a declared matrix keeps the doubt;
- a signature ``f : \\mathbb{R}^n \\to \\mathbb{R}`` declares a function."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.document.declared import Declared, key
from checks.io.audit.document.doubts import Prescan, entrywise
from checks.io.audit.document.evidence import Evidence

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def steps(text, kind="markdown"):
    return audit_text(text, kind).documents[0].steps


def step_at(text, line, kind="markdown"):
    got = [s for s in steps(text, kind) if s.line == line and s.status != "definition"]
    assert got, f"no step at line {line}"
    return got[0]


def data_of(text, kind="markdown"):
    return {k: sorted(d.name for d in v) for k, v in Declared.of(text, kind).data.items()}


# -- the prescan: what counts as a declaration of data ---------------------------------------

DECLARATIONS = [
    (r"We train on a single training example : (\mathbf{x}, y) .", {"x", "y"}),
    (r"Let $(x^{(i)}, y^{(i)})$ be the training set.", {"x", "y"}),
    (r"The data points $(x_i, t_i)$ are given.", {"x", "t"}),
    (r"Let $y$ be a one-hot label.", {"y"}),
    (r"The training set is $\{(x_i, y_i)\}_{i=1}^N$.", {"x", "y"}),
    (r"Now there are $N$ examples $(x_i, y_i)$ with the same $w$.", {"x", "y"}),
    (r"where $t_{nk}$ is the target of class $k$.", {"t"}),
    (r"The network has targets $t_k$ for every output.", {"t"}),
    (r"Take the input $\mathbf x \in \mathbb R^d$ and a weight matrix $W$.", {"x"}),
    (r"In this exercise $y$ denotes the class label.", {"y"}),
    (r"For a square matrix $A$, the trace is linear.", {"A"}),
    (r"For a fixed matrix $B$ we have:", {"B"}),
    (r"Adding the same constant $c$ leaves it unchanged.", {"c"}),
    (r"Here $b$ is fixed and $W$ varies.", {"b"}),
    (r"For the weighted sum with fixed weights $c_k$, the partials are", {"c"}),
    (r"Here $y \in \{-1, 1\}$ is the class.", {"y"}),
    (r"Sample $\epsilon \sim \mathcal{N}(0, I)$ and set $z = \mu + \sigma \epsilon$.", {"\\epsilon"}),
]


@pytest.mark.parametrize("text,names", DECLARATIONS)
def test_declarations_of_data(text, names):
    assert set(data_of(text)) == names


NOT_DECLARATIONS = [
    r"The output $f(\mathbf{x}, \boldsymbol{\theta})$ on a training example is a number.",  # a call's arguments
    r"The input $h$ to the second layer is computed.",         # an intermediate quantity
    r"The second layer's input $h^{(1)}$ is computed.",
    r"We label $z$ the pre-activation.",                        # label as a verb
    r"Consider a matrix $W$ of weights.",                       # may be a parameter
    r"The input gradient, for every $j$, vanishes.",
    r"For example, $(a, b) = (1, 2)$.",                          # no data noun
    r"As an example, take $(a, b)$.",
    r"Draw samples $(z_1, z_2)$ from $q_\phi$.",                  # may depend on phi
    r"Let $z \sim \mathcal{N}(\mu, \sigma^2)$.",                 # its parameters may move
    r"The target network $Q$ is copied.",
    r"Given $h$, the output is a softmax.",                      # a preposition: h may be a layer
    r"At a fixed point $x^*$ of the map, the iterates stop.",    # moves with the map
]


@pytest.mark.parametrize("text", NOT_DECLARATIONS)
def test_not_declarations_of_data(text):
    assert data_of(text) == {}


def test_letter_keys():
    assert key(r"\mathbf{x}") == key("x") == key("x^{(i)}_j") == "x"
    assert key("T[...]") == "T"
    assert key(r"\hat{y}_i") == key(r"\hat y") != key("y")    # the prediction is not the label


def test_declaration_counts_in_its_question_only():
    text = ("**Q1** A training example $(x, y)$.\n\n$$L = (y - a)^2$$\n\n"
            "**Q2** Now $y$ is something else.\n\n$$M = y^2$$\n")
    d = Declared.of(text)
    assert d.datum("y", "Q1") is not None
    assert d.datum("y", "Q2") is None


# -- data in derivatives: the DEPENDS doubt goes, the reading says why -------------------------

LABEL = r"""**Q1** We take one training example $(\mathbf{x}, y)$ with pre-activation $a$.

$$L = -(y \log \sigma(a) + (1 - y) \log(1 - \sigma(a)))$$

$$\frac{\partial L}{\partial a} = \sigma(a) - y$$
"""


def test_a_training_label_is_read_as_constant():
    s = step_at(LABEL, 5)
    assert s.status == "holds"
    assert any("y read as constant" in a and "line 1" in a for a in s.reading.assumptions)


def test_without_the_declaration_the_doubt_stays():
    s = step_at(LABEL.replace("one training example $(\\mathbf{x}, y)$", "a number $y$"), 5)
    assert s.status == "undecided"
    assert "y may depend on a" in s.reason


def test_a_target_the_document_defines_from_the_parameters_keeps_the_doubt():
    text = r"""**Q1** Let $t$ be the target and $a$ the pre-activation.

$$L = \frac{1}{2}(a - t)^2$$

$$\frac{\partial L}{\partial a} = a - t$$

Here the target is itself computed, $t = \tanh(a)$.
"""
    s = step_at(text, 5)
    assert s.status == "undecided"
    assert "t may depend on a" in s.reason


def test_a_label_also_written_as_a_formula_keeps_the_doubt():
    text = LABEL + "\nThe label here is $y = w a$.\n"
    s = step_at(text, 5)
    assert s.status == "undecided"
    assert "y may depend on a" in s.reason


def test_a_label_the_document_differentiates_keeps_the_doubt():
    text = LABEL + "\nNote $\\frac{\\partial y}{\\partial a} = 0$ is assumed.\n"
    assert Declared.of(text).datum("y", "Q1", dependent={"y"}) is None


GIVEN_MATRIX = r"""\subsection*{Exercise 5}
For a square matrix $A$,
\begin{align*}
\frac{\partial}{\partial x_i} \sum_{k,l} x_k A_{kl} x_l &= \sum_{l} A_{il} x_l + \sum_{k} x_k A_{ki}
\end{align*}
"""


def test_a_given_matrix_is_read_as_constant():
    s = step_at(GIVEN_MATRIX, 4, "latex")
    assert s.status == "holds"
    assert any("A read as constant" in a for a in s.reading.assumptions)
    s = step_at(GIVEN_MATRIX.replace("For a square matrix $A$,", "Then"), 4, "latex")
    assert s.status == "undecided" and "A[...] may depend on x[i]" in s.reason


# -- a declared vector read entrywise ------------------------------------------------------------

VECTOR = r"""**Q3** For all $x \in \mathbb{R}^D$:

$$\tanh\left(\frac{x}{2}\right) + 1 = \frac{2}{1 + e^{-x}}$$

$$\tanh\left(\frac{x}{2}\right) + 1 = \frac{1}{1 + e^{-x}}$$
"""


def test_a_vector_in_a_scalar_identity_is_read_entrywise():
    s = step_at(VECTOR, 3)
    assert s.status == "holds"
    wrong = step_at(VECTOR, 5)          # a dot-product reading is possible: never wrong
    assert wrong.status == "undecided"
    assert "declared a vector" in wrong.reason and "entrywise" in wrong.reason


def test_a_declared_matrix_keeps_the_doubt():
    text = r"""**Q3** Let $X, Y \in \mathbb{R}^{n \times n}$.

$$X^{1/2} Y^{1/2} = (XY)^{1/2}$$
"""
    s = step_at(text, 3)          # true of numbers; array mode reads no root of a matrix (matrices.py)
    assert s.status == "undecided"
    assert "X, Y declared matrices" in s.reason


def test_a_declared_matrix_is_read_as_a_matrix_where_array_mode_can():
    text = r"""**Q3** Let $X, Y \in \mathbb{R}^{n \times n}$.

$$e^{X} e^{Y} = e^{X + Y}$$
"""
    s = step_at(text, 3)          # true of numbers, not of matrices that do not commute
    assert s.status == "wrong" and "at X = [[1, 1], [0, 1]], Y = [[1, 0], [1, 1]]" in s.reason, s.reason


ENTRYWISE = [
    (r"\tanh\left(\frac{x}{2}\right) + 1 = \frac{2e^{\frac{x}{2}}}{e^{\frac{x}{2}} + e^{-\frac{x}{2}}}", True),
    (r"\frac{1}{1 + e^{-x}} = \sigma(x)", True),
    (r"x^\top x = \sum_i x_i^2", False),          # transpose, a sum over its entries
    (r"\|x\|^2 = x^2", False),                    # a norm
    (r"x \cdot x = x^2", False),                  # a dot
    (r"x^2 + 1 = 1 + x^2", False),                # x^2 may be x^T x
    (r"\max(x) = x", False),                      # over the entries
    (r"\sigma(x_i) = 1", False),                  # an entry: not the vector whole
]


@pytest.mark.parametrize("latex,expected", ENTRYWISE)
def test_entrywise_uses(latex, expected):
    assert entrywise(latex, "x") is expected


def test_a_vector_beside_a_transpose_is_not_entrywise():
    text = "**Q3** Let $x \\in \\mathbb{R}^D$.\n\n$$x^\\top x + 1 = 1 + x^\\top x$$\n"
    scan = Prescan.of(text)
    from checks.io.audit.document.doubts import _arrays_as_numbers
    got = _arrays_as_numbers(scan, {"x"}, "x^\\top x + 1 = 1 + x^\\top x", "Q3")
    assert got and got[0].startswith("read as independent: x declared matrices")
    got = _arrays_as_numbers(scan, {"x"}, "\\tanh(x) = \\tanh(x)", "Q3")
    assert got and "declared a vector" in got[0] and not got[0].startswith("read as independent")


# -- signatures declare functions ------------------------------------------------------------------

def test_a_signature_is_strong_function_evidence():
    text = r"Consider a network $y : \mathbb{R}^D \rightarrow \mathbb{R}^K$ and $f: \mathbb R^n \to \mathbb R$."
    ev = Evidence.of(text)
    functions, variables, conflicts = ev.settle(frozenset(), frozenset(), "", ())
    assert {"y", "f"} <= functions and not conflicts
    assert not ({"y", "f"} & variables)


def test_a_set_builder_colon_is_no_signature():
    ev = Evidence.of(r"$S = \{x : x > 0\}$")
    assert not any(c.kind == "signature" for cs in ev.clues.values() for c in cs)


def test_a_list_with_a_function_argument_is_a_call():
    ev = Evidence.of(r"$y(x, \Theta, \sigma)_k = 1$")
    assert [c.kind for c in ev.clues["y"]] == ["list"]


def test_a_signature_decides_a_call():
    text = r"""Let $f : \mathbb{R} \to \mathbb{R}$ be smooth.

$$f(x) + f(x) = 2 f(x)$$
"""
    assert step_at(text, 3).status == "holds"
    s = step_at(text.replace(r"Let $f : \mathbb{R} \to \mathbb{R}$ be smooth.", "Let it be."), 3)
    assert s.status == "not_read"


def test_a_signature_in_another_question_beside_a_label():
    """004's shape: y a label in Q1 (a value), y : R^D -> R^K in Q3 (a function). The clues
    of Q1 must not crowd out Q3's (MAX_CLUES is per question)."""
    uses = "".join(f"$$L_{i} = y + {i}$$\n\n" for i in range(14))
    text = f"**Q1** A training example $(x, y)$.\n\n{uses}**Q3** A network $y : \\mathbb{{R}}^D \\to \\mathbb{{R}}$.\n"
    ev = Evidence.of(text)
    assert [c.kind for c in ev.about("y", "Q3")] == ["signature"]
    assert all(c.value for c in ev.about("y", "Q1"))


@pytest.mark.parametrize("prose", [
    "For each training example the network computes the pair $(z, h)$ of pre-activation and activation; "
    "the label is $y \\in \\{0, 1\\}$.",
    "Let $y \\in \\{0, 1\\}$; $h$ is the input at the second layer, the sigmoid of $z$.",
])
def test_a_computed_pair_or_a_layer_input_is_not_declared_data(prose):
    """A tuple far from its data noun, or "the input at the second layer": h is computed from z,
    so d/dz of (h - y)^2 / 2 = 0 must not hold (two false holds found in review)."""
    from checks import audit_text
    doc = "# Q1\n\n" + prose + "\n\n$$\\frac{\\partial}{\\partial z} \\frac{1}{2}(h - y)^2 = 0$$\n"
    step = audit_text(doc).documents[0].steps[-1]
    assert step.status == "undecided" and "h may depend on z" in step.reason
