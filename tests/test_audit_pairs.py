"""One meaning per name across the two sides of a step: a name that is a value on one side is
a factor before a bracket on the other (y(1 - y) beside y^2), also when the sides are read a
second time with their vectors indexed on both. An entry y_i before a bracket beside the vector
y stays NotRead: read as a product, a step that leans on a fact the prose states
(\\sum_i p_i = 1) would come out certainly wrong."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.reading.read import NotRead, read_pair

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_value_beside_a_product_survives_the_second_reading():
    a, b = read_pair(r"y(1 - y) + \sum_{k=1}^n x_k", r"y - y^2 + \sum_{k=1}^n x_k")
    assert sp.expand(a.expr - b.expr) == 0


@pytest.mark.parametrize("left,right", [
    (r"-\sum_{i=1}^K y_i \frac{\partial \log p_i}{\partial z_j}", r"-\sum_{i=1}^K y_i (\delta_{ij} + p_j)"),
    (r"\sum_{i=1}^n p_i (x_i - c)", r"\sum_{i=1}^n p_i x_i - c"),
    (r"\sum_{i=1}^K y_i (1 + p_i)", r"\sum_{i=1}^K p_i"),
])
def test_entry_before_a_bracket_not_read(left, right):
    with pytest.raises(NotRead):
        read_pair(left, right)


def test_premise_in_prose_never_wrong():
    text = ("Since $\\sum_i p_i = 1$,\n\n"
            "$$\\sum_{i=1}^n p_i (x_i - c) = \\sum_{i=1}^n p_i x_i - c$$\n")
    steps = audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps
    assert [s.status for s in steps] and "wrong" not in [s.status for s in steps]
