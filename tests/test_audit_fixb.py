"""False verdicts a review found in the reader features (named.py, vectors.py, patterned.py,
conv.py), each as a short document in the style of the review's: the step the document gets
right must not be `wrong`, the step it gets wrong must not be `holds`."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.parse.extract import displays
from checks.io.audit.document.named import named

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _status(text: str) -> dict:
    """line -> status of the document's steps."""
    return {s.line: s.status for s in audit_text(text).documents[0].steps}


def _named(text: str) -> list:
    """(name, meaning) of the namings of ``text``."""
    return [(n.name, n.meaning) for n in named(text, "markdown", displays(text, "markdown", inline=True))]


def _line(text: str, fragment: str) -> int:
    return next(i for i, t in enumerate(text.splitlines(), 1) if fragment in t)


# -- 1. words about a function the document wrote are a claim, not its meaning ----------------

# h(z) = 1/(1 + e^{z}) is sigma(-z): h' = -h(1 - h), so h' = h(1 - h) is false
_CLAIMED = r"""# Question 1

Consider
$$h(z) = \frac{1}{1 + e^{z}}$$
{SENTENCE}
$$h'(z) = h(z)\left(1 - h(z)\right)$$
"""


@pytest.mark.parametrize("sentence", [
    r"Written out, $h$ is the logistic sigmoid.",                # no hedge: the formula decides
    r"Dividing through shows that $h$ is the logistic sigmoid.",
    r"Hence $h$ is the logistic sigmoid.",
])
def test_a_claim_does_not_replace_the_formula(sentence):
    text = _CLAIMED.replace("{SENTENCE}", sentence)
    assert _status(text)[_line(text, "h'(z)")] != "holds"


@pytest.mark.parametrize("sentence", [
    r"We show that $g$ is the logistic sigmoid.",
    r"We prove $g$ is the logistic sigmoid.",
    r"Therefore $g$ is the logistic sigmoid.",
    r"Thus $g$ is the logistic sigmoid.",
    r"The curve is S-shaped, so $g$ is the logistic sigmoid.",
])
def test_a_conclusion_names_nothing(sentence):
    text = f"The output is $y = g(a)$.\n\n{sentence}\n\n$$g'(a) = g(a)(1 - g(a))$$\n"
    assert _named(text) == []
    plain = f"The output is $y = g(a)$.\n\n$g$ is the logistic sigmoid.\n\n$$g'(a) = g(a)(1 - g(a))$$\n"
    assert _named(plain) == [("g", "sigmoid")]    # the same sentence without the claim names


# -- 2. $g = \sigma$ names g the library sigmoid only where sigma is the library's -----------------

_ALIAS = r"""# Question 1

The activation is the rectifier:

$$\sigma(z) = \max(0, z)$$

The output unit uses the same activation, $g = \sigma$, and $y = g(a)$.

$$g(2) = 2$$

$$g(-1) = 0$$
"""


def test_an_alias_of_the_documents_own_sigma_is_not_the_sigmoid():
    got = _status(_ALIAS)
    assert got[_line(_ALIAS, "g(2)")] != "wrong"
    assert got[_line(_ALIAS, "g(-1)")] != "wrong"


def test_an_alias_of_the_library_sigma_still_names():
    text = r"""The output unit uses $g = \sigma$, and $y = g(a)$ with $\sigma(a)$ the output.

$$g'(a) = g(a)(1 - g(a))$$

$$g(0) = 1$$
"""
    got = _status(text)
    assert got[_line(text, "g'(a)")] == "holds"
    assert got[_line(text, "g(0)")] == "wrong"


# -- 3. a label set of one question is not the data of another -----------------------------------

_LABELS = r"""# Question 1

Logistic regression with $\mathbf w, \mathbf x \in \mathbb{R}^d$ and a label $y \in \{0, 1\}$.

$$\nabla_{\mathbf w} \left( y \, \mathbf w^\top \mathbf x \right) = y \mathbf x$$

# Question 2

{SAID}

$$\nabla_{\mathbf w} \frac{1}{2}\left({STEP}\right)^2 = {GRADIENT}$$
"""


def _labels(said: str, step: str, gradient: str) -> str:
    return _LABELS.replace("{SAID}", said).replace("{STEP}", step).replace("{GRADIENT}", gradient)


@pytest.mark.parametrize("said", [
    r"Linear regression with a real target $y \in \mathbb{R}$.",
    r"Linear regression with a target $y$.",            # nothing said here: Q1's set is not Q2's
])
def test_a_set_of_another_question_substitutes_nothing(said):
    # true only where y^2 = y (y in {0, 1}); for a real y it is false
    text = _labels(said, r"y - \mathbf w^\top \mathbf x", r"\left(\mathbf w^\top \mathbf x - y^2\right) \mathbf x")
    got = _status(text)
    assert got[_line(text, r"\nabla_{\mathbf w} \left( y")] == "holds"
    assert got[_line(text, r"\frac{1}{2}")] != "holds"


def test_the_questions_own_set_is_used():
    # true where y^2 = 1, the set Q2 gives (Q1's {0, 1} would refute it)
    text = _labels(r"Now a margin loss with $y \in \{-1, 1\}$.", r"1 - y \, \mathbf w^\top \mathbf x",
                   r"-\left(y - \mathbf w^\top \mathbf x\right) \mathbf x")
    assert _status(text)[_line(text, r"\frac{1}{2}")] == "holds"


# -- 6, 7. a kernel convention binds its own question (or the document when said so), and
# "with and without flipping" fixes none ------------------------------------------------------------

_TWO_QUESTIONS = r"""# Question 1

{SAID}

$$[1, 2, 3, 4] * [1, 0, -1] = [-2, -2]$$

# Question 2

Now compute the convolution as in signal processing.

$$[1, 2, 3, 4] * [1, 0, -1] = [2, 2]$$
"""


def test_a_convention_of_one_question_does_not_bind_the_next():
    text = _TWO_QUESTIONS.replace("{SAID}", r"As in deep learning libraries, we compute $*$ without kernel flipping here.")
    got = _status(text)
    assert got[_line(text, "= [-2, -2]")] == "holds"
    assert got[_line(text, "= [2, 2]")] != "wrong"     # the flipped convolution: right in Q2


def test_a_convention_said_throughout_binds_every_question():
    from checks.io.audit.planning.conv import NOT_FLIPPED, Conventions, key
    text = _TWO_QUESTIONS.replace("{SAID}", r"Throughout, $*$ is computed without kernel flipping.")
    assert Conventions.of(text).lets("Question 2").get(key("*")) == NOT_FLIPPED
    assert _status(text)[_line(text, "= [2, 2]")] == "wrong"
    one = _TWO_QUESTIONS.replace("{SAID}", r"Here $*$ is computed without kernel flipping.")
    assert key("*") not in Conventions.of(one).lets("Question 2")


@pytest.mark.parametrize("both", ["with and without kernel flipping", "without and with kernel flipping",
                                  "with or without flipping the kernel"])
def test_with_and_without_flipping_fixes_no_convention(both):
    from checks.io.audit.planning.conv import Conventions, key
    text = f"""# Question 1

Compute the valid convolution $[1, 2, 3, 4] * [1, 0, -1]$ {both}.

With flipping:

$$[1, 2, 3, 4] * [1, 0, -1] = [2, 2]$$

Without flipping:

$$[1, 2, 3, 4] * [1, 0, -1] = [-2, -2]$$
"""
    assert key("*") not in Conventions.of(text).lets("Question 1")
    got = _status(text)
    assert got[_line(text, "= [2, 2]")] != "wrong" and got[_line(text, "= [-2, -2]")] != "wrong"


# -- 5. a matrix the document calls symmetric has symmetric entries ----------------------------------

_QUADRATIC = r"""# Question 1

Let $\mathbf w \in \mathbb{R}^d$ and let $H \in \mathbb{R}^{d \times d}$ be {WHAT}. The quadratic is $q(\mathbf w) = \frac{1}{2}\mathbf{w}^\top H \mathbf{w}$.

$$\nabla_{\mathbf w} q = {GRADIENT}$$
"""


def _quadratic(what: str, gradient: str) -> str:
    return _QUADRATIC.replace("{WHAT}", what).replace("{GRADIENT}", gradient)


@pytest.mark.parametrize("what", ["the (symmetric) Hessian of the loss", "a symmetric matrix",
                                  "symmetric"])
def test_a_matrix_said_symmetric_has_symmetric_entries(what):
    text = _quadratic(what, r"H \mathbf{w}")
    s = next(s for s in audit_text(text).documents[0].steps if s.line == _line(text, r"\nabla"))
    assert s.status == "holds" and "H with symmetric entries" in s.reason, (s.status, s.reason)
    wrong = _quadratic(what, r"2 H \mathbf{w}")          # still wrong for a symmetric H
    assert _status(wrong)[_line(wrong, r"\nabla")] == "wrong"


def test_a_square_matrix_not_said_symmetric_makes_a_wrong_a_doubt():
    text = _quadratic("the Hessian of the loss", r"H \mathbf{w}")
    s = next(s for s in audit_text(text).documents[0].steps if s.line == _line(text, r"\nabla"))
    assert s.status == "undecided" and "holds if H is symmetric" in s.reason, (s.status, s.reason)
    text = _quadratic("the Hessian of the loss", r"3 H \mathbf{w}")    # wrong either way
    assert _status(text)[_line(text, r"\nabla")] == "wrong"


def test_symmetric_in_one_question_is_not_said_in_another():
    from checks.io.audit.document.declared import symmetric
    text = r"""# Question 1

Let $A$ be a symmetric matrix.

# Question 2

Let $B$ be any matrix, $E$ is not symmetric, and $C = C^\top D$, while $S^\top = S$.
"""
    got = symmetric(text)
    assert {n for _, n, _ in got} == {"A", "S"} and len({q for q, _, _ in got}) == 2 and "" not in {q for q, _, _ in got}


# -- 4. the entries of a softmax of a list are numbered from where the list says ------------------

def test_a_list_from_subscript_0_is_indexed_from_0():
    from checks.io.audit.planning.patterned import listed
    assert listed(r"y_0, y_1, \dots, y_{K-1}").starts() == (0,)
    assert listed(r"y_1, y_2, \dots, y_K").starts() == (1,)
    assert listed(r"0, y_1, \dots, y_{K-1}").starts() == (1, 0)      # a head: not fixed
    text = r"""# Question 1

The logits are $y_0, \dots, y_{K-1}$.

$$\mathrm{softmax}([y_0, y_1, \dots, y_{K-1}])_k = \frac{e^{y_k}}{\sum_{j=0}^{K-1} e^{y_j}}$$

$$\mathrm{softmax}([y_0, y_1, \dots, y_{K-1}])_k = \frac{e^{y_{k-1}}}{\sum_{j=0}^{K-1} e^{y_j}}$$
"""
    got = _status(text)
    assert got[_line(text, "e^{y_k}")] == "undecided"          # holds at the sizes checked
    assert got[_line(text, "e^{y_{k-1}}")] == "wrong"


def test_an_unclear_start_makes_a_wrong_need_both_numberings():
    text = r"""# Question 1

Class $0$ is the reference class with score $0$. For $k \geq 1$:

$$\mathrm{softmax}([0, y_1, \dots, y_{K-1}])_{k} = \frac{e^{y_k}}{1 + \sum_{j=1}^{K-1} e^{y_j}}$$

$$\mathrm{softmax}([0, y_1, \dots, y_{K-1}])_{k} = \frac{e^{y_k}}{\sum_{j=1}^{K-1} e^{y_j}}$$
"""
    steps = {s.line: s for s in audit_text(text).documents[0].steps}
    s = steps[_line(text, "{1 + \\sum")]           # right numbered from 0, wrong from 1
    assert s.status == "undecided" and "numbered from 0 or 1" in s.reason, (s.status, s.reason)
    assert steps[_line(text, "}{\\sum")].status == "wrong"     # wrong numbered either way


def test_a_convention_under_a_question_heading_binds_its_parts():
    # "Question 1" (the heading) and 1(a) (the part) are one question; "stride 1" said in the
    # worksheet's words stays a saying of its own place
    text = r"""# Worksheet, Question 1: convolution as libraries compute it

In this worksheet $*$ between two lists slides the kernel **without flipping it**, valid mode, stride 1.

**1(a)**

$$[1, 2, 3, 4] * [2, 0, 1] = [5, 8]$$

**1(b)**

$$[0, 1, 0, 0, 2] * [2, 0, 1] = [0, 1, 4]$$
"""
    got = _status(text)
    assert got[_line(text, "= [5, 8]")] == "holds"
    assert got[_line(text, "= [0, 1, 4]")] == "wrong"


def test_symmetry_said_after_a_step_is_not_applied_to_it():
    text = r"""# Question 1

Let $A \in \mathbb{R}^{n \times n}$ and $\mathbf{x} \in \mathbb{R}^n$.

$$\nabla_{\mathbf x} \left( \mathbf{x}^\top A \mathbf{x} \right) = 2 A \mathbf{x}$$

For symmetric $A$ we get the familiar form:

$$\nabla_{\mathbf x} \left( \mathbf{x}^\top A \mathbf{x} \right) = A \mathbf{x} + A \mathbf{x}$$
"""
    got = _status(text)
    assert got[_line(text, "= 2 A")] == "wrong"          # for a general A, before the words
    assert got[_line(text, "= A \\mathbf{x} + A")] == "holds"


def test_written_entries_of_a_symmetric_matrix_are_its_entries():
    # the step's own A_{kl} and the matrix A name one entry for (k, l) and (l, k)
    text = r"""# Question 1

Let $A \in \mathbb{R}^{n \times n}$ be a symmetric matrix and $\mathbf{x} \in \mathbb{R}^n$.

$$\sum_{l} A_{il} x_l + \sum_{k} x_k A_{ki} = 2 \left[A \mathbf{x}\right]_i$$
"""
    assert _status(text)[_line(text, r"\sum_{l}")] == "holds"
