"""Index relations and index ranges said in words (brief "words"): a relation that gives a free
index in the others ("where $j = n - i + 1$") is put in; a range said for the step bounds its
enumeration; a range or relation of letters the step does not have free binds nothing; what is
said for another question, or two relations for one letter, keep the doubt."""
from __future__ import annotations

import pytest
import sympy as sp

from checks import audit_text
from checks.io.audit.document import said, wordsindex

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def steps(text, kind="markdown"):
    return audit_text(text, kind=kind).documents[0].steps


def at(text, line, idx=-1):
    return [s for s in steps(text) if s.line == line][idx]


# -- 1. a 1-D convolution backward with the relation said before the display ----------------------
CONV = r"""## Q1

A valid convolution of an input $x_1, \dots, x_N$ with a kernel of $k$ taps. Answer for all $i \in \{1, \dots, N - k + 1\}$. Take any $n \in \{1, \dots, N\}$.

$$y_i = \sum_{j=1}^{k} x_{i+j-1} w_j$$

The only term of the sum with $x_n$ is the one with $j = n - i + 1$:

$$\frac{\partial y_i}{\partial x_n} = \frac{\partial}{\partial x_n} \sum_{j=1}^{k} x_{i+j-1} w_j = w_j$$
"""


def test_a_relation_said_before_the_display_is_put_in():
    s = at(CONV, 9)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "j = -i + n + 1 (the text, line 7: $j = n - i + 1$)" in s.detail, s.detail
    assert "the text, line 3" in s.detail, s.detail       # the ranges of i and n, said in the statement


def test_an_off_by_one_under_the_said_relation_is_wrong_at_a_tap_that_exists():
    s = at(CONV.replace("= w_j$$", "= w_{j+1}$$"), 9)
    assert s.status == "wrong", (s.status, s.reason)
    entry = s.counterexample["entry"]
    j = entry["n"] - entry["i"] + 1                      # the tap the relation names
    assert 1 <= j and j + 1 <= entry["k"], entry          # w_j and the written w_{j+1} both exist
    assert 1 <= entry["i"] <= entry["N"] - entry["k"] + 1 and 1 <= entry["n"] <= entry["N"], entry


def test_without_the_sentence_the_relation_is_not_used():
    s = at(CONV.replace("is the one with $j = n - i + 1$:", "is this one:"), 9)
    assert s.status != "holds", (s.status, s.detail)    # j is then any tap: the step is not true


def test_two_different_relations_for_one_letter_keep_the_doubt():
    text = CONV.replace("is the one with $j = n - i + 1$:",
                        "is the one with $j = n - i + 1$.\n\n$$\\frac{\\partial y_1}{\\partial x_1} = w_1$$\n\n"
                        "Here $j = n - i$:")
    s = at(text, 13)
    assert s.status == "undecided", (s.status, s.reason)


# -- 2. a softmax Jacobian with the range said in words ------------------------------------------
SOFTMAX = r"""## Q2

The softmax is

$$s_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$$

For all $i, j \in \{1, \dots, K\}$:

$$\frac{\partial s_i}{\partial z_j} = s_i \delta_{ij} - s_i s_j = s_i (\delta_{ij} - s_j)$$
"""


def test_a_softmax_jacobian_is_checked_over_the_range_said():
    s = at(SOFTMAX, 9)
    assert (s.status, s.strength) == ("holds", "bounded"), (s.status, s.reason)
    assert "i, j \\in \\{1, \\dots, K\\}" in s.detail, s.detail


def test_a_softmax_jacobian_with_the_wrong_entry_does_not_hold():
    s = at(SOFTMAX.replace(r"(\delta_{ij} - s_j)$$", r"(\delta_{ij} - s_i)$$"), 9)
    assert s.status in ("wrong", "undecided"), (s.status, s.reason)


# -- 3. a range said for another question stays that question's --------------------------------
DENSE = r"""## Q1

The layer is

$$y_k = \sum_{j=1}^{m} V_{kj} u_j$$

We answer for $1 \le k \le K$.

$$\frac{\partial y_k}{\partial u_1} = V_{k1}$$

## Q2

$$\frac{\partial}{\partial V_{kj}} \left( V_{kj} u_k \right) = u_j$$
"""


def test_a_range_said_for_another_question_binds_nothing_here():
    s = at(DENSE, 13)
    assert s.status == "undecided", (s.status, s.reason)
    assert "has no range the step shows" in s.reason, s.reason
    assert "1 \\le k \\le K" not in (s.detail or ""), s.detail


# -- 4. a range or relation of letters the step does not have free -------------------------------
BORDER = r"""### Exercise 5

The input is $x_1, \dots, x_n$ with $n \ge 6$ and the layer computes

$$y_i = w_1 x_i + w_2 x_{i+1} + w_3 x_{i+2}$$

for $1 \le i \le n - 2$.

**5.1** At the right border, for $j = n - 1$ the last two outputs see it:

$$\frac{\partial y_{n-2}}{\partial x_{n-1}} = w_2$$

and the last input is seen by the last output only:

$$\frac{\partial y_{n-2}}{\partial x_n} = w_1$$
"""


def test_a_relation_for_a_letter_the_step_does_not_have_binds_nothing():
    s = at(BORDER, 15)
    assert "j = n - 1" not in (s.reason or ""), s.reason


def test_said_of_others():
    # a range of a sum's own index: the step has i only bound
    assert said.said_of_others(r"1 \le i \le n - 2", {"n", "g", "x"}, {"n", "g", "x"})
    assert said.said_of_others(r"j = n - 1", {"n", "g_{n-2}"}, {"n"})
    assert said.said_of_others(r"i, j \in \{1, \dots, K\}", {"n"}, set())
    assert said.said_of_others(r"k = 1, \dots, K", {"n"}, {"n"})
    # the letter is the step's, as written or through a definition it uses
    assert not said.said_of_others(r"1 \le i \le n - 2", {"i", "n"}, {"i", "n"})
    assert not said.said_of_others(r"j = c", {"c"}, {"c", "j"})
    # a bound on one side only may be a size's (n \le 10): not taken as a range
    assert not said.said_of_others(r"n \le 10", {"x"}, {"x"})
    assert said.range_letters(r"n \le 10") is None
    assert said.range_letters(r"y \in \{0, 1\}") is None      # a label set, not a range


def test_step_letters_leave_a_sums_own_index_out():
    i, n = sp.Symbol("i", integer=True), sp.Symbol("n", integer=True)
    g = sp.IndexedBase("g")
    assert "i" not in said.step_letters(sp.Sum(g[i], (i, 1, n - 2)))
    assert "i" in said.step_letters(g[i] + sp.Sum(g[i], (i, 1, n)))


# -- 5. the mechanisms, unit by unit -------------------------------------------------------------
def test_two_relations_for_one_letter():
    i, j, n = (sp.Symbol(c, integer=True) for c in "ijn")
    put, rest = wordsindex._solved({i, j, n}, [sp.Eq(j, n - i + 1), sp.Eq(n, i + j - 1)])
    assert put == {j: n - i + 1} and [r.xreplace(put) for r in rest] == [sp.true]   # the same relation twice
    assert wordsindex._solved({i, j, n}, [sp.Eq(j, n - i + 1), sp.Eq(j, n - i)]) == (None, None)
    assert wordsindex._solved({i, j, n}, [sp.Eq(j, n * i)]) == ({}, [sp.Eq(j, n * i)])   # not linear


def test_an_index_of_two_dimensions_runs_over_the_entries_of_both():
    j, l, p = (sp.Symbol(c, integer=True) for c in "jlp")
    K, m = sp.Symbol("K", integer=True), sp.Symbol("m", integer=True)
    V, y = sp.IndexedBase("V"), sp.IndexedBase("y")
    left = sp.Sum(y[l] * V[l, p], (l, 1, K), (p, 1, m))
    right = V[j, j]
    got = wordsindex._ranges({j}, left, right, [])
    assert got == {j: sp.Min(K, m)}, got


def test_an_entry_at_a_computed_index_must_exist():
    i, n, q = (sp.Symbol(c, integer=True) for c in "inq")
    k = sp.Symbol("k", integer=True)
    w = sp.IndexedBase("w")
    left = sp.Sum(w[q], (q, 1, k))
    out = wordsindex._entries_exist({i, n}, set(), left, w[n - i + 1])
    assert set(out) == {sp.Ge(n - i + 1, 1), sp.Le(n - i + 1, k)}, out
    assert wordsindex._entries_exist({i, n}, set(), sp.Integer(0), sp.IndexedBase("u")[n - i]) is None


def test_a_case_between_two_letters_is_not_put_in():
    i, j = sp.Symbol("i", integer=True), sp.Symbol("j", integer=True)
    assert wordsindex._gives(sp.Eq(i, j), {i, j}) is None     # i = j: the enumeration's own case
    assert wordsindex._gives(sp.Eq(i, j + 1), {i, j}) == (i, j + 1)
