"""Functions of vectors taken entry by entry, dot products with them, and sizes |C| of sets
(checks/io/audit/arrays/entrywise.py, vectors.py): documents written in the style of a course's
cross-entropy, VAE and sigmoid-layer notes, each true form checked entry by entry over the
sizes (``bounded``) and each planted slip refuted with a point inside the stated domain."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from checks import audit_text
from checks.io.audit.arrays import entrywise
from checks.io.audit.reading.read import Scope, read
from checks.io.audit.arrays.vectors import declared

CE = r"""# Softmax cross-entropy

Let $\mathbf y \in \mathbb{R}^K$ be a one-hot label, $\mathbf z \in \mathbb{R}^K$ the logits and
$\hat{\mathbf y} \in \mathbb{R}^K$ the predicted probabilities; the log is applied element-wise.

**Q1.**

$$
-\mathbf y^\top \log \hat{\mathbf y} = -\sum_{j=1}^{K} y_j \log \hat y_j
$$

$$
\mathbf y \cdot \log(\hat{\mathbf y}) = \sum_{j=1}^{K} y_j \log(\hat y_j)
$$

$$
\mathbf 1^\top \exp(\mathbf z) = \sum_{j=1}^K e^{z_j}
$$

$$
\mathbf y \cdot \hat{\mathbf y} = \sum_{j=1}^{K} y_j \hat y_j
$$
"""


def _steps(doc):
    return audit_text(doc).documents[0].steps


def test_cross_entropy_vector_form_against_index_form_holds_entry_by_entry():
    steps = _steps(CE)
    assert [(s.status, s.strength) for s in steps] == [("holds", "bounded")] * 4


def test_cross_entropy_missing_minus_is_wrong_inside_the_domain():
    doc = CE.replace(r"= -\sum_{j=1}^{K} y_j \log \hat y_j", r"= \sum_{j=1}^{K} y_j \log \hat y_j")
    step = _steps(doc)[0]
    assert step.status == "wrong"
    point = step.counterexample["point"]
    assert sp.Rational(point["\\hat{y}_1"]) > 0      # log of a positive entry: inside the domain


def test_dot_of_two_vectors_is_the_sum_of_products_of_entries():
    doc = CE.replace(r"\mathbf y \cdot \hat{\mathbf y} = \sum_{j=1}^{K} y_j \hat y_j",
                     r"\mathbf y \cdot \hat{\mathbf y} = \sum_{j=1}^{K} y_j \hat y_j^2")
    assert _steps(doc)[3].status == "wrong"


def test_dot_rewrite_needs_two_columns():
    cols = {"\\mathbf{y}", "\\hat{\\mathbf{y}}"}
    out = entrywise.dots(r"\mathbf y \cdot \log(\hat{\mathbf y})", cols.__contains__, lambda n: n.replace(" ", "")
                         .replace("\\mathbfy", "\\mathbf{y}").replace("\\hat{\\mathbf{y}}", "\\hat{\\mathbf{y}}"))
    assert out.startswith("\\operatorname{transposed}(\\mathbf y)")
    # a \cdot beside a number stays what the reader makes of it
    assert entrywise.dots(r"a \cdot \log(\hat{\mathbf y})", cols.__contains__, str) == r"a \cdot \log(\hat{\mathbf y})"


def test_accented_bold_names_are_declared_and_spelled_as_the_reader_spells_them():
    d = declared(r"Let $\mathbf y \in \mathbb{R}^K$ and $\hat{\mathbf y} \in \mathbb{R}^K$, "
                 r"$\boldsymbol\mu, \boldsymbol\sigma \in \mathbb{R}^d$.")
    assert d == {"\\mathbf{y}": ("column", "K", 1), "\\hat{\\mathbf{y}}": ("column", "K", 1),
                 "\\boldsymbol{\\mu}": ("column", "d", 1), "\\boldsymbol{\\sigma}": ("column", "d", 1)}


# --- |C| -----------------------------------------------------------------------------------

def test_counted_sets_from_the_words_of_the_text():
    assert entrywise.counted("Let $|C|$ be the number of classes.") == {"C"}
    assert entrywise.counted(r"Let $\mathcal V$ be the vocabulary.") == {"\\mathcal{V}"}
    assert entrywise.counted(r"the set $S$ of states") == {"S"}
    assert entrywise.counted(r"Let $|x|$ be small.") == frozenset()
    # a name the text declares a matrix is not a set
    assert entrywise.counted(r"Let $C \in \mathbb{R}^{n \times n}$ and $C$ the set of classes.") == frozenset()


def test_bars_of_a_counted_set_are_its_size_and_of_a_scalar_an_absolute_value():
    r = read(r"\sum_{j=1}^{|C|} y_j", Scope(counted=frozenset({"C"})))
    (bound,) = [hi for s in r.expr.atoms(sp.Sum) for _, _, hi in s.limits]
    assert bound.name == "|C|" and bound.is_integer and "|C|" in r.sizes
    assert read(r"|C|", Scope()).expr == sp.Abs(sp.Symbol("C", real=True))
    assert read(r"|x|", Scope(counted=frozenset({"C"}))).expr == sp.Abs(sp.Symbol("x", real=True))


CLASSES = r"""# Cross-entropy over classes

Let $C$ be the set of classes, $y_{j}$ the one-hot label and $p_j$ the predicted probabilities.

$$
\sum_{j=1}^{|C|} 1 = |C|
$$

$$
-\sum_{j=1}^{|C|} y_j \log p_j = \sum_{j=1}^{|C|} y_j \log \frac{1}{p_j}
$$

$$
|x| \cdot |x| = x^2
$$
"""


def test_class_count_is_a_size_in_a_document():
    steps = _steps(CLASSES)
    assert [s.status for s in steps] == ["holds", "holds", "holds"]
    wrong = _steps(CLASSES.replace(r"\sum_{j=1}^{|C|} 1 = |C|", r"\sum_{j=1}^{|C|} 1 = |C| + 1"))[0]
    assert wrong.status == "wrong"


# --- VAE KL term: powers and logs of vectors the text says are entrywise -------------------

VAE = r"""# VAE KL term

The encoder outputs $\boldsymbol\mu, \boldsymbol\sigma \in \mathbb{R}^d$; squares and logs of vectors are taken elementwise.

**(a)**

$$
\frac12 \mathbf 1^\top(\mathbf 1 + \log\boldsymbol\sigma^2 - \boldsymbol\mu^2 - \boldsymbol\sigma^2) = \frac12 \sum_{j=1}^d (1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2)
$$
"""


def test_vae_kl_vector_form_against_sum_form_holds():
    step = _steps(VAE)[0]
    assert (step.status, step.strength) == ("holds", "bounded")


def test_vae_kl_dropped_half_is_wrong():
    step = _steps(VAE.replace(r"= \frac12 \sum_{j=1}^d", r"= \sum_{j=1}^d"))[0]
    assert step.status == "wrong"
    assert sp.Rational(step.counterexample["point"]["\\sigma_1"]) != 0     # log \sigma_1^2 defined there


def test_square_of_a_vector_without_words_is_not_read():
    doc = VAE.replace("; squares and logs of vectors are taken elementwise", "")
    step = _steps(doc)[0]
    assert step.status == "not_read" and "power of a vector" in step.reason


def test_powers_rewrite_only_columns_and_only_when_said():
    col = lambda n: n in {"\\boldsymbol{\\sigma}", "\\mathbf{x}"}
    from checks.io.audit.arrays.vectors import HADAMARD, spelled
    assert entrywise.powers(r"\boldsymbol\sigma^2", col, spelled, True).strip() == \
        f"{HADAMARD}(\\boldsymbol\\sigma, \\boldsymbol\\sigma)"
    assert entrywise.powers(r"\boldsymbol\sigma^2", col, spelled, False) == r"\boldsymbol\sigma^2"
    assert entrywise.powers(r"a^2 + \mathbf{x}^{T}", col, spelled, True) == r"a^2 + \mathbf{x}^{T}"


# --- a sigmoid layer ---------------------------------------------------------------------

SIG = r"""# Sigmoid layer

The layer computes $\mathbf h = \sigma(\mathbf z)$ with the sigmoid $\sigma$ applied elementwise, $\mathbf z \in \mathbb{R}^n$.

$$
\sigma(\mathbf z) \odot (1 - \sigma(\mathbf z)) = \begin{bmatrix} \sigma(z_1)(1-\sigma(z_1)) \\ \vdots \\ \sigma(z_n)(1-\sigma(z_n)) \end{bmatrix}
$$
"""


def test_sigmoid_layer_derivative_entry_by_entry_holds():
    step = _steps(SIG)[0]
    assert (step.status, step.strength) == ("holds", "bounded")


def test_sigmoid_layer_derivative_slip_is_wrong():
    step = _steps(SIG.replace(r"(1 - \sigma(\mathbf z))", r"(1 + \sigma(\mathbf z))"))[0]
    assert step.status == "wrong"


def test_sigma_of_a_vector_with_no_words_stays_in_doubt():
    doc = SIG.replace(r"The layer computes $\mathbf h = \sigma(\mathbf z)$ with the sigmoid $\sigma$ applied "
                      r"elementwise, $\mathbf z \in \mathbb{R}^n$.", r"Let $\mathbf z \in \mathbb{R}^n$.")
    step = _steps(doc)[0]
    assert step.status in ("undecided", "not_read") and "softmax" in step.reason


def test_sigma_said_the_softmax_not_the_elementwise_sigmoid_stays_in_doubt():
    # review A, d8: the sentence names the element-wise sigmoid only to deny it; 1^T softmax(a) = 1
    # is true, so reading \sigma entry by entry and calling it wrong would be a false wrong
    doc = (r"""# Homework 4, problem 2

The network outputs $\sigma(\mathbf{a})$, where $\sigma$ is the softmax, not the element-wise sigmoid.

$$\mathbf{1}^\top \sigma(\mathbf{a}) = 1$$
""")
    step, = _steps(doc)
    assert step.status != "wrong" and "softmax" in step.reason


SOFTMAX_LATER = r"""# Deep learning notes

## Part 1

In the hidden layer the sigmoid $\sigma$ is applied element-wise: $\mathbf{h} = \sigma(\mathbf{z})$.

$$\frac{\partial h_i}{\partial z_i} = \sigma(z_i)(1 - \sigma(z_i))$$

## Part 2

For the output layer, $\sigma$ now denotes the softmax function (as in Bishop).

$$\mathbf{1}^\top \sigma(\mathbf{a}) = 1$$
"""


def test_sigmoid_said_in_one_question_is_not_said_in_the_next():
    # review A, d7: Part 1's element-wise sigmoid does not reach Part 2, where \sigma is the softmax
    steps = _steps(SOFTMAX_LATER)
    assert steps[-1].status != "wrong" and "softmax" in steps[-1].reason


def test_sigmoid_said_in_the_preamble_reaches_every_question():
    doc = SOFTMAX_LATER.replace("For the output layer, $\\sigma$ now denotes the softmax function (as in Bishop).", "")
    doc = doc.replace("## Part 1\n\n", "").replace("In the hidden layer", "# Notation\n\nIn the hidden layer", 1)
    doc = "In every layer the sigmoid $\\sigma$ is applied element-wise.\n\n" + doc.replace(
        "# Deep learning notes\n\n", "")
    steps = _steps(doc)
    assert steps[-1].status == "wrong" and steps[-1].strength != "numeric"   # 1^T sigmoid(a) = 1 is false


def test_a_number_beside_a_vector_outside_odot_is_still_refused():
    doc = SIG.replace(r"\sigma(\mathbf z) \odot (1 - \sigma(\mathbf z)) =", r"1 - \sigma(\mathbf z) =")
    doc = doc.replace(r"\sigma(z_1)(1-\sigma(z_1))", r"1-\sigma(z_1)").replace(r"\sigma(z_n)(1-\sigma(z_n))", r"1-\sigma(z_n)")
    step = _steps(doc)[0]
    assert step.status == "not_read" and "a number added to a vector" in step.reason


# --- dot products of the vectors of a family beside the sum over their entries -------------

FAMILY = r"""# Q3

Let the dataset be $\mathcal{D} = (x_i, \mathbf{y}_i)_{i=1}^N$ with one-hot labels, and let $|C|$ be the number of classes.

$$\sum_{i=1}^N \mathbf{y}_i \cdot \log(\hat{\mathbf{y}}_i) = \sum_{i=1}^N \sum_{j=1}^{|C|} y_{i,j} \cdot \log(\hat{y}_{i,j})$$
"""


def test_dot_of_family_vectors_is_the_sum_over_the_range_the_other_side_gives():
    step = _steps(FAMILY)[0]
    assert step.status == "holds"
    assert any("read as the sum over j = 1..|C|" in a for a in step.reading.assumptions)


def test_dot_of_family_vectors_with_a_dropped_minus_is_wrong():
    step = _steps(FAMILY.replace(r"= \sum_{i=1}^N \sum_{j=1}^{|C|}", r"= -\sum_{i=1}^N \sum_{j=1}^{|C|}"))[0]
    assert step.status == "wrong"
    assert sp.Rational(step.counterexample["point"]["\\hat{y}[1, 1]"]) > 0


def test_dot_step_is_left_alone_when_not_forced():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class St:
        from_: str
        to: str
    fam = St(r"\mathbf{y}_i \cdot \log(\hat{\mathbf{y}}_i)", r"\sum_{j=1}^{|C|} y_{i,j} \log(\hat{y}_{i,j})")
    assert entrywise.dot_step(fam, {}, False)[1] is not None
    # a factor written against the dot product: (W y) . z or W (y . z)?
    assert entrywise.dot_step(St(r"\mathbf{W} \mathbf{y}_i \cdot \log(\hat{\mathbf{y}}_i)", fam.to), {}, False)[1] is None
    # a declared length is array mode's to use
    assert entrywise.dot_step(St(r"\mathbf y \cdot \hat{\mathbf y}", r"\sum_{j=1}^{K} y_j \hat y_j"),
                              {"\\mathbf{y}": ("column", "n", 1)}, False)[1] is None
    # a range that is not one size (K - 1): not the vectors' length
    assert entrywise.dot_step(St(r"\mathbf y \cdot \hat{\mathbf y}", r"\sum_{j=1}^{K-1} y_j \hat y_j"), {}, False)[1] is None
    # the other side does not sum these entries
    assert entrywise.dot_step(St(r"\mathbf y \cdot \hat{\mathbf y}", r"\sum_{j=1}^{K} a_j b_j"), {}, False)[1] is None
    # \sigma of a vector: the sigmoid only where the text says so
    sig = St(r"\mathbf y \cdot \sigma(\mathbf z)", r"\sum_{j=1}^{K} y_j \sigma(z_j)")
    assert entrywise.dot_step(sig, {}, False)[1] is None and entrywise.dot_step(sig, {}, True)[1] is not None


def test_a_number_beside_a_vector_under_a_matrix_product_inside_odot_is_refused():
    doc = SIG.replace(r"\sigma(\mathbf z) \odot (1 - \sigma(\mathbf z)) =", r"\sigma(\mathbf z) \odot W(1 - \sigma(\mathbf z)) =")
    step = _steps(doc)[0]
    assert step.status != "holds" and step.status != "wrong"


def test_a_size_the_document_equates_is_a_definition_used_later():
    doc = r"""# Q2

Let $C$ be the set of classes.

$$|C| = m + 1$$

$$\sum_{j=1}^{|C|} 1 = m + 1$$
"""
    steps = _steps(doc)
    assert [s.status for s in steps] == ["definition", "holds"]
    assert _steps(doc.replace(r"1 = m + 1", r"1 = m + 2").replace(r"|C| = m + 2", r"|C| = m + 1"))[1].status == "wrong"


LENGTH = r"""# Q2

The output $\mathbf{a}$ of a valid convolution of $\mathbf x \in \mathbb{R}^d$ with a filter of length $k$. What is the length of $\mathbf{a}$? Denote it by $|\mathbf{a}|$.

$$|\mathbf{a}| = (d - k + 1)$$

$$\sum_{i=1}^{|\mathbf{a}|} 1 = d - k + 1$$

$$|\mathbf{v}| = 3$$
"""


def test_bars_of_a_vector_are_its_length_only_where_the_text_says_so():
    assert entrywise.counted(LENGTH) == {"\\mathbf{a}"}
    steps = _steps(LENGTH)
    assert [s.status for s in steps] == ["definition", "holds", "not_read"]
    assert "a norm, a determinant, or entrywise" in steps[2].reason
    # the length said of another vector is no length of this one
    assert entrywise.counted(r"Let $|\mathbf v|$ be the length of $\mathbf w$.") == frozenset()


def test_a_vector_beside_its_own_length_is_not_read():
    doc = LENGTH.replace(r"$$|\mathbf{a}| = (d - k + 1)$$", r"$$\mathbf{a} = |\mathbf{a}| = (d - k + 1)$$")
    steps = _steps(doc)
    assert steps[0].status == "not_read" and "its own size" in steps[0].reason
    assert steps[1].status != "wrong"


# --- review A: a range borrowed from the other side --------------------------------------

BORROWED = r"""# Quiz 2

## Q1

There are $K$ classes and $N$ training examples. For example $i$, the label $\mathbf{y}_i$ is one-hot over the $K$ classes and the prediction $\hat{\mathbf{y}}_i$ holds the $K$ predicted class probabilities.

$$\mathbf{y}_i \cdot \log(\hat{\mathbf{y}}_i) = \sum_{j=1}^{N} y_{i,j} \log(\hat{y}_{i,j})$$
"""


def test_a_range_the_text_does_not_tie_to_the_vectors_stops_holds():
    # review A, d6: the sum runs over the N examples, the vectors hold K entries; borrowing N
    # as their length proved a false statement
    step, = _steps(BORROWED)
    assert step.status == "undecided" and "taken to have N entries" in step.reason


def test_a_counted_size_ties_the_range_but_is_no_proof():
    step = _steps(FAMILY)[0]
    assert step.status == "holds" and step.strength != "proof"


@dataclass(frozen=True)
class _Step:
    from_: str
    to: str


def test_dot_step_doubts_a_borrowed_range_unless_counted_or_declared():
    St = _Step
    fam = St(r"\mathbf{y}_i \cdot \log(\hat{\mathbf{y}}_i)", r"\sum_{j=1}^{|C|} y_{i,j} \log(\hat{y}_{i,j})")
    assert entrywise.dot_doubts(entrywise.dot_step(fam, {}, False, frozenset({"C"}))[1]) == ()
    assert entrywise.dot_doubts(entrywise.dot_step(fam, {}, False)[1])      # |C| of no set the text names
    n = St(fam.from_, fam.to.replace("|C|", "N"))
    assert entrywise.dot_doubts(entrywise.dot_step(n, {}, False)[1])
    said = {"\\mathbf{y}_i": ("column", "N", 1), "\\hat{\\mathbf{y}}_i": ("column", "N", 1)}
    assert entrywise.dot_doubts(entrywise.dot_step(n, said, False)[1]) == ()
