"""Tuples of numbers, (0.5, 0.5) or [1, 2, 5], read as column vectors: the numeric vector
arithmetic of a worked example (a gradient evaluated at a point). A tuple with a name in it (a
point, an interval, an argument list), a tuple with an ellipsis, a product of two tuples (a
convolution [1, 2] * [2, 0, 1]) and |...| of a vector stay NotRead."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.dl import sigmoid
from checks.io.audit import audit_text
from checks.io.audit.read import NotRead, read

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

half = sp.Rational(1, 2)
READINGS = [
    (r"(0.5, 0.5)", sp.ImmutableMatrix([[half], [half]])),
    (r"[1, 2, 5]", sp.ImmutableMatrix([[1], [2], [5]])),
    (r"(0.5 - 1)(0.5, 0.5)", sp.ImmutableMatrix([[-sp.Rational(1, 4)], [-sp.Rational(1, 4)]])),
    (r"\sigma(2)(2, 0)", sp.ImmutableMatrix([[2 * sigmoid(2)], [0]])),
    (r"(1, 2) + (3, 4)", sp.ImmutableMatrix([[4], [6]])),
    (r"[(2 \cdot 0 + 1 \cdot 1), (0 \cdot 2 + 2 \cdot 1)]", sp.ImmutableMatrix([[1], [2]])),
]


@pytest.mark.parametrize("latex,expected", READINGS)
def test_numeric_tuple_readings(latex, expected):
    assert read(latex).expr == expected


NOT_READ = [
    (r"(x, y)", "with names"),                 # a point, an argument list
    (r"(0, \theta)", "with names"),
    (r"(1, x_i) + (2, 3)", "with names"),
    (r"[0, \dots, 1]", "ellipsis"),
    (r"(0, 1)^2", "'^'"),
    (r"(1, 2)_i", "'_'"),
    (r"[0, 0, 1] * [2, 0, 1]", "matrix arithmetic"),   # a convolution, not a product
    (r"(1, 2) \cdot (3, 4)", "matrix arithmetic"),
    (r"\exp((1, 2))", "vector"),
    (r"|(1, 2)|", "|...| of a vector"),
    (r"|\begin{bmatrix} 1 \\ 2 \end{bmatrix}|", "|...| of a vector"),
]


@pytest.mark.parametrize("latex,word", NOT_READ)
def test_tuple_look_alikes_not_read(latex, word):
    with pytest.raises(NotRead) as exc:
        read(latex)
    assert word in exc.value.reason


def test_tuple_after_a_value_name_not_read():
    # y a value: y (0.5, 0.5) may still be y's arguments, not y times a vector
    from checks.io.audit.read import Scope
    with pytest.raises(NotRead) as exc:
        read(r"y (0.5, 0.5)", Scope(variables=frozenset({"y"})))
    assert "after a name" in exc.value.reason


DOC = r"""## Problem 3

At $s = 0$ and $t = -2$:

$$(-0.25, -0.25) + (1.762, 0) = (1.512, -0.25)$$

$$(1, 2) + (3, 4) = (4, 5)$$

$$[1, 2] = [1, 2, 3]$$

$$\sigma(x) = (0, 1)$$
"""


def test_tuple_document():
    steps = audit_text(DOC, "markdown", cache=False, jobs=1).documents[0].steps
    got = {s.line: s.status for s in steps}
    assert got[5] == "holds", got
    assert got[7] == "wrong", got          # (4, 6), not (4, 5)
    assert got[9] == "wrong", got          # two entries are not three
    assert got[11] not in ("holds", "wrong"), got   # (0, 1) beside sigma(x): a range, never checked
