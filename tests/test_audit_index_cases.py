"""A step checked entry by entry that is wrong only where two free indices are equal (or only
where they differ) is not certainly wrong: after the case j = i, a document writes
``\\partial s_i / \\partial z_j = -s_i s_j`` and means i ≠ j, said or not (run.index_cases).
A condition beside the step settles it; a step wrong on both kinds of entries stays wrong."""
from __future__ import annotations

from checks import audit_text

SOFTMAX = """## Q1 Softmax Jacobian

$$
s_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}
$$

$$
\\frac{\\partial s_i}{\\partial z_i} = s_i(1 - s_i)
$$

$$
\\frac{\\partial s_i}{\\partial z_j} = BODY
$$
"""


def _last(body: str):
    return audit_text(SOFTMAX.replace("BODY", body)).documents[0].steps[-1]


def test_the_off_diagonal_case_without_its_condition_is_undecided_naming_it():
    step = _last("-s_i s_j")
    assert step.status == "undecided"
    assert "holds where i ≠ j" in step.reason and "beside the step" in step.reason


def test_the_same_case_with_its_condition_beside_it_holds_on_those_entries():
    step = _last("-s_i s_j \\quad \\text{for } i \\neq j")
    assert step.status == "holds" and step.strength == "bounded"
    assert "i ≠ j" in (step.detail or "")


def test_a_slip_on_both_kinds_of_entries_stays_wrong():
    step = _last("s_i s_j")      # the sign: wrong where i ≠ j, and where i = j
    assert step.status == "wrong"
    assert step.counterexample and step.counterexample.get("point")


def test_the_diagonal_case_written_for_every_pair_is_wrong_where_no_case_is_spoken_of():
    # true only where j = i, and nothing around it speaks of cases (round 32: before, undecided
    # "holds where i = j" however the text read; the diagonal entry is the display above it)
    step = _last("s_i(1 - s_j)")
    assert step.status == "wrong"


def test_the_diagonal_case_written_for_every_pair_is_undecided_where_the_text_speaks_of_the_diagonal():
    text = SOFTMAX.replace("BODY", "s_i(1 - s_j)").replace(
        "$$\n\\frac{\\partial s_i}{\\partial z_j}", "On the diagonal of the Jacobian:\n\n$$\n\\frac{\\partial s_i}{\\partial z_j}")
    step = audit_text(text).documents[0].steps[-1]
    assert step.status == "undecided" and "diagonal" in step.reason
