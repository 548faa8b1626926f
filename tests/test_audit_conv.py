"""Convolutions of lists of numbers (conv.py): ``[1, 2, 3, 4] * [2, 0, 1] = [5, 8]``.

The result's length says the mode (valid n - k + 1, full n + k - 1, same n); whether the kernel
is flipped is a convention the document may fix in words or by a defining display. Without it a
step holds only if it holds under every reading, is wrong only if wrong under every one, and is
undecided (naming the readings) in between. The numbers below were computed by hand."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.conv import FLIPPED, NOT_FLIPPED, Conventions, analyse, key
from checks.io.audit.read import NotRead, read_pair

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def steps(doc: str):
    return audit_text(doc, "markdown", cache=False, jobs=1).documents[0].steps


def by_line(doc: str) -> dict:
    return {s.line: s for s in steps(doc)}


# --- the readings ----------------------------------------------------------------------------

def test_valid_full_and_same_by_the_length_of_the_result():
    # x = [1, 2, 3, 4], w = [2, 0, 1]; flipped kernel [1, 0, 2]
    valid = analyse("[1, 2, 3, 4] * [2, 0, 1]", "[7, 10]")
    assert dict(valid.readings) == {"valid convolution (kernel flipped)": (7, 10),
                                    "valid cross-correlation (kernel not flipped)": (5, 8)}
    full = dict(analyse("[1, 2, 3, 4] * [2, 0, 1]", "[2, 4, 7, 10, 3, 4]").readings)
    assert full["full convolution (kernel flipped)"] == (2, 4, 7, 10, 3, 4)
    assert full["full cross-correlation (kernel not flipped)"] == (1, 2, 5, 8, 6, 8)
    same = dict(analyse("[1, 2, 3, 4] * [2, 0, 1]", "[4, 7, 10, 3]").readings)
    assert same["same convolution (kernel flipped)"] == (4, 7, 10, 3)
    assert same["same cross-correlation (kernel not flipped)"] == (2, 5, 8, 6)


def test_same_with_an_even_kernel_has_two_paddings():
    got = dict(analyse("[1, 2, 3] * [1, -1]", "[1, 1, 1]").readings)
    # full convolution [1, 1, 1, -3]: same keeps entries 2..4 (a zero on the right) or 1..3
    assert got["same (padding 0 left, 1 right) convolution (kernel flipped)"] == (1, 1, -3)
    assert got["same (padding 1 left, 0 right) convolution (kernel flipped)"] == (1, 1, 1)


def test_the_reading_given_to_the_engine_is_the_computed_row():
    a, b = read_pair("[1, 2, 3, 4] * [1, 0, 1]", "[4, 6]")
    assert a.expr == sp.ImmutableMatrix([[4, 6]]) and b.expr == sp.ImmutableMatrix([[4, 6]])


def test_a_length_of_no_mode_is_not_read():
    with pytest.raises(NotRead) as exc:
        read_pair("[1, 2, 3, 4] * [2, 0, 1]", "[1, 2, 3]")
    assert "not the length of a convolution (valid 2, same 4, full 6)" in exc.value.reason


@pytest.mark.parametrize("left,right", [
    (r"[a, b] * [1, 2]", r"[1, 2]"),          # not numbers: [a, b] may be an interval
    (r"2 * 3", r"6"),                         # * between scalars
    (r"[1, 2] * 3", r"[3, 6]"),               # a list times a number
])
def test_not_a_convolution_of_lists_of_numbers(left, right):
    assert analyse(left, right) is None


# --- what the document says ------------------------------------------------------------------

def test_words_bind_to_the_operator_they_follow():
    text = "Here $*$ is the full convolution and $\\star$ the valid cross-correlation of lists.\n"
    assert Conventions.of(text).lets("") == {key("\\star"): NOT_FLIPPED}


def test_without_kernel_flipping_is_not_with_kernel_flipping():
    said = Conventions.of("We compute $[1, 2] * [1, 1]$ without kernel flipping.\n").lets("")
    assert said == {key("*"): NOT_FLIPPED}
    said = Conventions.of("We compute $[1, 2] * [1, 1]$ with kernel flipping.\n").lets("")
    assert said == {key("*"): FLIPPED}


def test_a_defining_display_says_the_convention():
    same = Conventions.of("", found=[r"(\mathbf{x} * \mathbf{w})_n = \sum_{j=1}^{k} x_{n+j-1} w_j"]).lets("")
    against = Conventions.of("", found=[r"(x \ast w)_n = \sum_{m} x_{m} w_{n-m}"]).lets("")
    assert same == {key("*"): NOT_FLIPPED} and against == {key("*"): FLIPPED}


def test_two_questions_two_conventions():
    text = ("## Q1\n\nCompute $[1, 2] * [1, 1]$ with kernel flipping.\n\n"
            "## Q2\n\nBelow $*$ is used without kernel flipping.\n\n## Q3\n\nNothing.\n")
    c = Conventions.of(text)
    assert c.lets("Q1") == {key("*"): FLIPPED} and c.lets("Q2") == {key("*"): NOT_FLIPPED}
    assert c.lets("Q3") == {}     # the document says both: every reading is tried


# --- steps ----------------------------------------------------------------------------------

DOC = r"""# Convolutions by hand

The valid convolution without kernel flipping of $[1, 2, 3, 4] * [2, 0, 1]$:

$$[1, 2, 3, 4] * [2, 0, 1] = [(1 \cdot 2 + 2 \cdot 0 + 3 \cdot 1), (2 \cdot 2 + 3 \cdot 0 + 4 \cdot 1)] = [5, 8]$$

$$[1, 2, 3, 4] * [2, 0, 1] = [1, 2, 5, 8, 6, 8]$$

$$[1, 2, 3, 4] * [2, 0, 1] = [2, 5, 8, 7]$$

$$[1, 2, 3, 4] * [2, 0, 1] = [5, 8, 11]$$
"""


def test_a_document_convention_decides():
    got = by_line(DOC)
    assert [s.status for s in steps(DOC) if s.line == 5] == ["holds", "holds"]
    assert got[7].status == "holds"            # full, not flipped: by hand
    assert got[9].status == "wrong"            # same: [2, 5, 8, 6], the last entry planted
    assert got[9].counterexample["lhs"].startswith("6") and got[9].counterexample["rhs"].startswith("7")
    assert got[11].status == "not_read" and "not the length" in got[11].reason


FLIPPED_DOC = r"""# Convolutions with the kernel flipped

All convolutions below are with kernel flipping.

$$[1, 2, 3, 4] * [2, 0, 1] = [7, 10]$$

$$[1, 2, 3, 4] * [2, 0, 1] = [5, 8]$$
"""


def test_a_flipped_kernel_text():
    got = by_line(FLIPPED_DOC)
    assert got[5].status == "holds"
    assert got[7].status == "wrong"           # the cross-correlation's numbers where flipping is said


BARE = r"""# Convolutions, nothing said

$$[1, 2, 3] * [1, -1] = [1, 1, 1, -3]$$

$$[1, 0, -1] * [2, 1] = [2, 1, -2, 1]$$

$$[1, 2, 3, 4] * [1, 0, 1] = [4, 6]$$

$$[1, 2, 3, 4] * [1, 0, 1] = [4, 7]$$
"""


def test_no_convention_said():
    got = by_line(BARE)
    # right as the convolution (flipped), not as the cross-correlation [-1, -1, -1, 3]
    assert got[3].status == "undecided" and "kernel flipped" in got[3].reason \
        and "kernel not flipped" in got[3].reason
    # wrong either way: [2, 1, -2, -1] and [1, 2, -1, -2]
    assert got[5].status == "wrong"
    assert got[7].status == "holds"           # a symmetric kernel: both conventions agree
    assert got[9].status == "wrong"


TRAPS = r"""# Not convolutions

For $x \in [0, 1]$ the interval product is

$$[1, 2] * [3, 4] = [3, 8]$$

$$[1, 2, 3] * [4, 5, 6] = [4, 10, 18]$$

$$2 * 3 = 6$$

$$(1, 2) * (3, 4) = (-5, 10)$$
"""


def test_traps_are_never_wrong():
    got = by_line(TRAPS)
    assert got[5].status != "wrong"           # the product of intervals
    assert got[7].status != "wrong"           # the elementwise product
    assert got[9].status == "holds"           # * between scalars
    assert got[11].status != "wrong"          # complex numbers as pairs


STRIDE = r"""# Strided

With a stride of 2:

$$[1, 2, 3, 4, 5] * [1, 1, 1] = [6, 12]$$
"""


def test_a_stride_said_is_not_read():
    got = by_line(STRIDE)
    assert got[5].status == "not_read" and "stride" in got[5].reason
