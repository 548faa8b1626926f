"""False verdicts a review found in the reader features (named.py, vectors.py, patterned.py,
conv.py), each as a short document in the style of the review's: the step the document gets
right must not be `wrong`, the step it gets wrong must not be `holds`."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.extract import displays
from checks.io.audit.named import named

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
