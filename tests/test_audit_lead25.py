"""Doubts that the step's own conditions settle (round 25).

- A name on one side only after reading is a doubt (the step may use a relation between the names
  said in words). Where the sign the condition beside the step gives removes the name
  (``\\frac{d}{d\\theta} \\lambda|\\theta|`` is ``\\lambda \\operatorname{sign}(\\theta)``, which is
  ``-\\lambda`` for ``\\theta < 0``), the name is on neither side and no relation of it can matter.
  The doubt stays where no sign is said (``\\frac{d}{dx}|x| = 1`` may be meant for x > 0).
"""
from __future__ import annotations

from audited import audit_all, one_at as at, shown

SUBGRADIENT = r"""## Question 1

The $L_1$ penalty is $\lambda |w|$ with a constant $\lambda > 0$.

(a) Its derivative off the kink, on each side:

$$\frac{d}{dw} \lambda |w| = -\lambda \quad \text{for } w < 0$$

$$\frac{d}{dw} \lambda |w| = \lambda \quad \text{for } w > 0$$

(b) A planted sign slip:

$$\frac{d}{dw} \lambda |w| = \lambda \quad \text{for } w < 0$$

(c) With no side given:

$$\frac{d}{dw} \lambda |w| = \lambda$$

"""


def test_a_sign_the_condition_gives_settles_the_name_on_one_side():
    found = audit_all({"l1": SUBGRADIENT})["l1"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status == "holds", shown(found)
    wrong = at(found, 13)
    assert wrong.status == "wrong", shown(found)
    assert wrong.counterexample["point"]["w"].startswith("-"), wrong.counterexample
    # no sign said: lambda sign(w) against lambda may be meant for w > 0
    loose = at(found, 17)
    assert loose.status == "undecided" and "on one side only" in loose.reason, shown(found)
