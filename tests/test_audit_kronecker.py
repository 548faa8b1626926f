"""\\delta_{ij} as the Kronecker delta where the document writes \\delta no other way
(indices.kronecker_only), and as a name of its own where it may be a backpropagated error."""
from __future__ import annotations

import pytest
import sympy as sp

from checks import audit_text
from checks.io.audit.reading import indices

SOFTMAX = ("Weights $\\alpha_j = e^{s_j} / \\sum_{l=1}^n e^{s_l}$.\n\n"
           "$$\\frac{\\partial \\alpha_j}{\\partial s_i} = \\alpha_j(\\delta_{ij} - \\alpha_i)$$\n\n"
           "$$\\frac{\\partial \\alpha_j}{\\partial s_i} = \\alpha_j(\\delta_{ij} - \\alpha_j)$$\n")


@pytest.mark.parametrize("text,only", [
    ("$\\delta_{ij}$ and $\\delta_{jk}$", True),
    ("$\\delta_{i,j}$", True),
    ("$\\delta_{ij}$ beside $\\delta_j = \\partial L / \\partial a_j$", False),
    ("$\\delta_{ij}$ and $\\boldsymbol\\delta$", False),
    ("$\\delta_{ij}$ for small $\\delta > 0$", False),
    ("no delta at all", False),
])
def test_kronecker_only_when_every_delta_has_two_letter_indices(text, only):
    assert indices.kronecker_only(text) is only


def test_a_free_delta_ij_is_the_kronecker_delta_of_the_softmax_jacobian():
    right, slip = audit_text(SOFTMAX).documents[0].steps
    assert right.status == "holds" and right.strength == "bounded", right.reason
    assert "KroneckerDelta(i, j)" in right.reading.to
    assert slip.status == "wrong"    # alpha_j(delta_ij - alpha_j): at i != j the entry is -alpha_i alpha_j


def test_a_delta_used_for_an_error_term_keeps_delta_ij_a_name():
    doc = SOFTMAX + "\nThe error $\\delta_j = \\partial L / \\partial a_j$ is propagated back.\n"
    right, slip = audit_text(doc).documents[0].steps
    assert "KroneckerDelta" not in (right.reading.to if right.reading else "")
    assert slip.status != "wrong"


def test_capitals_given_numbers_are_numbers():
    doc = ("With $C_{in} = 3$, $C_{out} = 16$ and $K = 3$ the layer has\n\n"
           "$$C_{out}(K^2 C_{in} + 1) = 448$$\n\n"
           "and for matrices $A, B$\n\n$$AB = BA$$\n")
    count, swap = audit_text(doc).documents[0].steps
    assert count.status == "holds", count.reason
    assert swap.status != "holds"


# --- a formula said for one part, and a name made general again ------------------------------------

PARTS = ("Let $f \\colon \\mathbb R \\to \\mathbb R$ be differentiable.\n\n"
         "**1(a)** In this part, $f(t) = a t + b$. Then\n\n$$\\frac{d^2}{dx^2} f(x^2) = 2a$$\n\n"
         "**1(b)** Back to a general $f$:\n\n$$\\frac{d^2}{dx^2} f(x^2) = 2 f'(x^2)$$\n")


def test_back_to_a_general_f_ends_the_formula_of_an_earlier_part():
    # the linear f of 1(a) made 2 f'(x^2) = 2a and the false step of 1(b) held (rt10 09:27)
    linear, general = audit_text(PARTS).documents[0].steps
    assert linear.status == "holds", linear.reason
    assert general.status != "holds"
    assert "2*a" not in (general.reading.to if general.reading else "")


# --- a side that is a small number, and names the document never gives a number ---------------------

ODD = "Let $h(x) = x^3 + x^2$.\n\n{lead}\n\n$$h(x) + h(-x) = 0$$\n"


@pytest.mark.parametrize("lead,decided", [
    ("The function is odd:", True),
    ("Evaluating at the origin,", False),               # a point said in words before the step
    ("At that point the two terms cancel:", False),
    ("For the numbers of the table,", False),
])
def test_a_number_on_one_side_is_a_general_claim_only_when_nothing_gives_values(lead, decided):
    step, = audit_text(ODD.replace("{lead}", lead)).documents[0].steps
    assert (step.status == "wrong") is decided, (step.status, step.reason)
    if not decided:
        assert "plugged in" in step.reason


@pytest.mark.parametrize("text,names,number,general", [
    ("Let $h(x) = x^3$.", ["x"], 0, True),
    ("Let $h(x) = x^3$. Later, $x = 2$.", ["x"], 0, False),        # a number for x, anywhere
    ("Take $\\mathbf x = (1, 2)$.", ["x[i]"], 1, False),
    ("Let $h(x) = x^3$.", ["x"], sp.Rational(1, 4), False),      # 1/4: arithmetic more likely
    ("Let $h(x) = x^3$.", ["x"], sp.Rational(3, 10), False),       # 0.3: more likely arithmetic
    ("Let $h(x) = x^3$.", ["x"], sp.Rational(7, 100), False),      # 0.07: arithmetic, not an identity
    ("Let $h(x) = x^3$.", ["\\partial L/\\partial h_3"], 1, False),  # a partial: its value may be given as one
])
def test_plugged_from_nowhere(text, names, number, general):
    from checks.io.audit.document import doubts
    x, h = sp.Symbol("x"), sp.Function("h")
    assert doubts.plugged_from_nowhere(text, names, sp.sympify(number), "", h(x) + h(-x)) is general
    # one application is an equation the document may solve (tanh(u) = 1/2), none a polynomial one
    assert not doubts.plugged_from_nowhere(text, names, sp.sympify(number), "", h(x))
    assert not doubts.plugged_from_nowhere(text, names, sp.sympify(number), "", 2 * (x - 3))


# --- review of this round: values said in other forms, a delta given a meaning, "for a general z" -----

@pytest.mark.parametrize("text", [
    "We evaluate at the point $(x, y) = (1, 2)$.",
    "A neuron has input $x$ equal to $2$.",
    "The input $x$ is set to $3$.",
    "Take $x = \\tfrac{1}{2}$.",
    "Here $x_1 = -1$.",
])
def test_a_value_said_in_any_of_these_forms_keeps_the_plugged_in_doubt(text):
    from checks.io.audit.document import doubts
    assert doubts._valued(text, "x")
    x, h = sp.Symbol("x"), sp.Function("h")
    assert not doubts.plugged_from_nowhere(text, ["x"], sp.Integer(1), "", h(x) + h(-x))


def test_a_point_said_at_the_head_of_the_question_keeps_the_doubt():
    doc = ("## Q1\n\nWe work at the origin throughout this question.\n\n$$f(x) = x^2 + 1$$\n\n"
           "Adding the terms,\n\n$$x^2 + 1 = 1$$\n")
    _, step = audit_text(doc).documents[0].steps
    assert step.status == "undecided" and "plugged in" in step.reason


@pytest.mark.parametrize("said", [
    "Let $\\delta_{ij}$ denote the upstream error at output pixel $(i, j)$.",
    "The error at pixel $(i, j)$ is $\\delta_{ij} = \\partial L / \\partial z_{ij}$.",
])
def test_a_delta_the_document_gives_a_meaning_is_never_the_kronecker_delta(said):
    assert indices.delta_named(said) and not indices.kronecker_only(said)
    doc = f"# Q1\n\n{said}\n\n$$\\sum_{{j=1}}^{{n}} \\delta_{{ij}} = 1$$\n"
    step = audit_text(doc).documents[0].steps[-1]
    assert step.status != "holds", step.reading


def test_the_kronecker_delta_said_so_stays_one():
    text = "Here $\\delta_{ij}$ is the Kronecker delta, $\\delta_{ij} = 1$ if $i = j$ and $0$ otherwise."
    assert not indices.delta_named(text) and indices.kronecker_only(text)


def test_for_a_general_value_of_a_defined_name_keeps_its_definition():
    # "For a general $z$" quantifies the display it leads into; it made z's definition end (review B)
    doc = ("## Q1\n\nA neuron computes\n\n$$z = w x + b$$\n\nFor a general $z$, the sigmoid satisfies\n\n"
           "$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$$\n\nand so\n\n$$\\frac{\\partial z}{\\partial w} = x$$\n")
    steps = audit_text(doc).documents[0].steps
    assert steps[-1].status == "holds", steps[-1].reason
