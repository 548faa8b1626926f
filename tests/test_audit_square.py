"""A variance written as the definition of a square (``\\sigma^2 = \\frac1m \\sum_i (x_i - \\mu)^2``)
defines the standard deviation, read as the nonnegative root; a square of a name already known
or used is no definition."""
from __future__ import annotations

from checks.io.audit import audit_text

BATCH = r"""# Batch normalisation

$$\mu = \frac{1}{m} \sum_{i=1}^{m} x_i, \qquad \sigma^2 = \frac{1}{m} \sum_{i=1}^{m} (x_i - \mu)^2$$

$$\hat{x}_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}$$

## Problem 1

$$\frac{1}{m} \sum_{i=1}^{m} \hat{x}_i^2 = \frac{\sigma^2}{\sigma^2 + \epsilon}$$

$$\frac{\partial \sigma^2}{\partial x_j} = \frac{2}{m}(x_j - \mu)\left(1 - \frac{1}{m}\right)$$

$$\frac{\partial \sigma^2}{\partial x_j} = \frac{2}{m}(x_j - \mu)$$
"""


def _by_line(text):
    out = {}
    for s in audit_text(text).documents[0].steps:
        out.setdefault(s.line, []).append(s)
    return out


def test_a_variance_defines_the_standard_deviation():
    got = _by_line(BATCH)
    assert [s.status for s in got[3]] == ["definition", "definition"]
    assert "nonnegative root" in got[3][1].reason
    assert [s.status for s in got[9]] == ["holds"]
    assert [s.status for s in got[11]] == ["wrong"]       # the extra factor (1 - 1/m)
    assert [s.status for s in got[13]] == ["holds"]


def test_the_square_of_a_name_already_used_is_not_a_definition():
    text = "# Q1\n\n$$s = 3$$\n\n$$s^2 = 9$$\n"
    got = _by_line(text)
    assert [s.status for s in got[5]] == ["holds"]


def test_a_square_of_a_numbered_entry_is_no_variance():
    # a_1^2 = v_1 h_1 + v_2 h_2 in a layered text: ^2 may be the layer, never sqrt of the right side
    text = "# Q1\n\n$$a_1^2 = v_1 h_1 + v_2 h_2$$\n"
    got = _by_line(text)
    assert "nonnegative root" not in (got[3][0].reason or "")
