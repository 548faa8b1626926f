"""\\delta_{ij} as the Kronecker delta where the document writes \\delta no other way
(indices.kronecker_only), and as a name of its own where it may be a backpropagated error."""
from __future__ import annotations

import pytest

from checks import audit_text
from checks.io.audit import indices

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
