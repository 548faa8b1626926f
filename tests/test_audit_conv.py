"""Convolutions of lists of numbers (conv.py): ``[1, 2, 3, 4] * [2, 0, 1] = [5, 8]``.

The result's length says the mode (valid n - k + 1, full n + k - 1, same n); whether the kernel
is flipped is a convention the document may fix in words or by a defining display. Without it a
step holds only if it holds under every reading, is wrong only if wrong under every one, and is
undecided (naming the readings) in between. The numbers below were computed by hand."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.planning.conv import FLIPPED, NOT_FLIPPED, Conventions, analyse, key
from checks.io.audit.reading.read import NotRead, read_pair

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


# --- the softmax of a list, with an ellipsis (patterned.py) ------------------------------------

from checks.io.audit.planning.patterned import cases, listed   # noqa: E402


def test_a_list_with_an_ellipsis_is_read_by_its_written_pattern():
    got = listed(r"0, y_1, y_2, \dots, y_{K-1}")
    assert got.entries(3) == ["0", "y_{1}", "y_{2}"] and got.least() == 3
    got = listed(r"x_1 - x_1, x_2 - x_1, x_3 - x_1, \dots, x_K - x_1")
    assert [" ".join(e.split()) for e in got.entries(4)] == ["x_{1}- x_{1}", "x_{2}- x_{1}", "x_{3}- x_{1}", "x_{4}- x_{1}"]


@pytest.mark.parametrize("inner", [
    r"y_1, y_3, \dots, y_K",            # a step of 2? the written entries do not run by one
    r"a, b, \dots, z",                  # no subscripts: no pattern written
    r"y_1, \dots, z_K",                 # the last entry of another shape
    r"y_1, \dots, y_{2K}",              # the length is not one size letter plus a number
    r"y_1, \dots, y_k, \dots, y_K",     # two ellipses
])
def test_a_pattern_the_written_entries_do_not_fix_is_not_read(inner):
    with pytest.raises(NotRead):
        listed(inner)


def test_cases_skip_indices_that_name_no_entry():
    got = cases(r"\mathrm{softmax}([0, y_1, \dots, y_{K-1}])_{k+1}", r"e^{y_k}")
    # k + 1 runs over the entries; y_k exists for k = 1..K-1 only (k = 0 would name y_0)
    assert got.said == "K = 2..5, k = 1..4" and len(got.left) == 1 + 2 + 3 + 4
    assert got.bounded


PINNED = r"""# A softmax with the first logit pinned at zero

$$\mathrm{softmax}([0, \ln 2, \ln 3]) = \left[\tfrac16, \tfrac13, \tfrac12\right]$$

$$\mathrm{softmax}([0, \ln 2, \ln 3]) = \left[\tfrac16, \tfrac13, \tfrac13\right]$$

$$\mathrm{softmax}([0, y_1, y_2, \dots, y_{K-1}]^\top)_1 = \frac{1}{1 + \sum_{j=1}^{K-1} e^{y_j}}$$

$$\mathrm{softmax}([0, y_1, y_2, \dots, y_{K-1}]^\top)_{k} = \frac{e^{y_k}}{\sum_{j=1}^{K-1} e^{y_j}}$$

$$\mathrm{softmax}([0, y_1, y_3, \dots, y_{K-1}]^\top)_{1} = \frac{1}{1 + \sum_{j=1}^{K-1} e^{y_j}}$$

$$\mathrm{softmax}([x_1 - x_1, x_2 - x_1, \dots, x_K - x_1]) = \mathrm{softmax}(x)$$

$$\mathrm{softmax}([x_1 - x_1, x_2 - x_1, \dots, x_K - x_1]) = \mathrm{softmax}([x_1, x_2, \dots, x_{K}])$$

$$\mathrm{softmax}([x_1 - x_2, x_2 - x_2, \dots, x_K - x_2]) = \mathrm{softmax}([x_1 - x_1, x_2 - x_1, \dots, x_K - x_1])$$

$$\mathrm{softmax}([2 x_1, 2 x_2, \dots, 2 x_K]) = \mathrm{softmax}(x)$$

$$\mathrm{softmax}([0, y_1, \dots, y_{K-1}]) = \mathrm{softmax}(x)$$
"""


def test_softmax_of_lists():
    got = by_line(PINNED)
    assert got[3].status == "holds" and got[3].strength == "proof"    # written out: every entry
    assert got[5].status == "wrong"
    assert got[7].status == "undecided" and "checked at K = 3..6 only" in got[7].reason
    # entry k of [0, y_1, ...] is e^{y_{k-1}} / (1 + sum): the planted off-by-one
    assert got[9].status == "wrong" and got[9].counterexample
    assert got[11].status == "not_read" and "do not run by one" in got[11].reason
    assert got[13].status == "undecided" and "checked at" in got[13].reason    # shift invariance
    assert got[15].status == "undecided" and "checked at" in got[15].reason
    assert got[17].status == "undecided" and "checked at" in got[17].reason
    # twice every entry: a temperature, not a shift
    assert got[19].status == "wrong"
    # y on one side, x on the other: the prose may tie them
    assert got[21].status == "not_read" and "the text may tie them" in got[21].reason


@pytest.mark.parametrize("text,said", [
    ("PyTorch computes the cross-correlation, while $x * w$ denotes the convolution.\n", {}),
    ("Deep learning libraries compute the cross-correlation.\n", {}),
    ("We do not flip the kernel: $[1, 2] * [1, 1]$.\n", {key("*"): NOT_FLIPPED}),
    ("Below, kernels are not flipped.\n", {key("*"): NOT_FLIPPED, key("\\star"): NOT_FLIPPED,
                                           key("\\circledast"): NOT_FLIPPED}),
    ("Here $\\tilde{*}$ is the full convolution without kernel flipping.\n", {}),
])
def test_what_the_words_do_not_say_is_no_convention(text, said):
    assert Conventions.of(text).lets("") == said


# --- the seed's own steps (004 Q2.3 and Q4.3, as written) --------------------------------------

SEED = r"""2.3 Show that $S(\mathbf{x})$ can be represented using $K - 1$ parameters.

$$S(x) = S([x_1 - x_1, x_2 - x_1, x_3 - x_1, \dots, x_K - x_1]^\top)$$

$$S(x) = S([0, x_2 - x_1, x_3 - x_1, \dots, x_K - x_1]^\top)$$

Let $y_1 = x_2 - x_1, y_2 = x_3 - x_1, \dots, y_{K-1} = x_K - x_1$.

$$S(x) = S([0, y_1, y_2, \dots, y_{K-1}]^\top)$$

2.4 The Jacobian. $S(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{k=1}^n e^{x_k}}$.

4.3 Compute the *full*, *valid*, and *same* convolution (with kernel flipping) for the following 1D matrices : $[1, 2, 3, 4] * [2, 0, 1]$
Solution : Full convolution :

$$\begin{aligned} [0, 0, 1, 2, 3, 4, 0, 0] * [2, 0, 1] &= [(2 * 0 + 0 * 0 + 1 * 1), (0 * 2 + 1 * 0 + 2 * 1), (1 * 2 + 2 * 0 + 3 * 1), \\ &\quad (2 * 2 + 3 * 0 + 4 * 1), (3 * 2 + 4 * 0 + 0 * 1), (4 * 2 + 0 * 0 + 0 * 1)] \\ &= [1, 2, 5, 8, 6, 8] \end{aligned}$$

Valid convolution : $[1, 2, 3, 4] * [2, 0, 1] = [(1 * 2 + 2 * 0 + 3 * 1), (2 * 2 + 3 * 0 + 4 * 1)] = [5, 8]$
"""


def test_the_seed_steps():
    got = audit_text(SEED, "markdown", cache=False, jobs=1, inline=True).documents[0].steps
    at = {}
    for s in got:
        at.setdefault(s.line, []).append(s)
    # shift invariance of the softmax, checked at four sizes: bounded, so not a proof
    assert [s.status for s in at[3]] == ["undecided"] and "checked at K = 3..6 only" in at[3][0].reason
    assert [s.status for s in at[5]] == ["undecided"]
    # y_i are given in the prose only: x on one side, y on the other
    assert [s.status for s in at[9]] == ["not_read"]
    # the question asks for the kernel flipped; the sums pair the window with [2, 0, 1] as written
    assert [s.status for s in at[16]] == ["wrong", "holds"]
    assert at[16][0].counterexample["lhs"].startswith("2") and at[16][0].counterexample["rhs"].startswith("1")
    valid = [s for s in at[18] if s.from_.strip().startswith("[1, 2, 3, 4]")]
    assert [s.status for s in valid] == ["wrong"]      # [7, 10] flipped, the cross-correlation's [5, 8] written


def test_long_lists_are_refused_not_expanded():
    with pytest.raises(NotRead):
        cases(r"\mathrm{softmax}([y_{1000}, y_{1001}, \dots, y_K])_k", r"e^{y_k}")
    with pytest.raises(NotRead):
        listed(", ".join(str(k) for k in range(100)))
    with pytest.raises(NotRead):
        analyse("[" + ", ".join("1" for _ in range(70)) + "] * [1, 2]", "[" + ", ".join("1" for _ in range(71)) + "]")
