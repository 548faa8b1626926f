"""One reader of index ranges (checks/io/audit/reading/ranges.py) for the three modules that read them:
conditions (a range beside a step, as bounds), said (the letters a range of the text runs over)
and upnames (the top of a definition's index). A real interval, a set of labels and a size's
bound are no index range."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit.document import conditions, said, upnames
from checks.io.audit.reading import ranges
from checks.io.audit.reading.read import read


@pytest.mark.parametrize("latex, letters, lower, upper, exclusions", [
    (r"i = 1, \dots, n", ("i",), "1", "n", ()),
    (r"1 \le i \le n", ("i",), "1", "n", ()),
    (r"i \in \{1, \dots, K\}", ("i",), "1", "K", ()),
    (r"i \in [n]", ("i",), "1", "n", ()),
    (r"i, j \in \{1,\dots,K\}", ("i", "j"), "1", "K", ()),
    (r"n - k + 1 \le i \le n", ("i",), "n - k + 1", "n", ()),
    (r"\text{for every } i", ("i",), None, None, ()),
    (r"for every t", ("t",), None, None, ()),
    (r"\forall i \neq j", ("i",), None, None, ("j",)),
    (r", \forall j \neq i", ("j",), None, None, ("i",)),
    (r"0 < i \le d, i \in \mathbb Z", ("i",), "0", "d", ()),
    (r"i \in \{0, 1, \dots, n - 1\}", ("i",), "0", "n - 1", ()),     # a second member: not the lower end
    (r"k = 2, 3, \ldots, K.", ("k",), "2", "K", ()),
    (r"n \geq i > 0", ("i",), "0", "n", ()),
    (r"i \in \llbracket 1, n \rrbracket", ("i",), "1", "n", ()),
    (r"\forall\, i \in \{1, \dots, n\}, i \neq j", ("i",), "1", "n", ("j",)),
    (r"1 \le t \le |C|", ("t",), "1", "|C|", ()),
])
def test_index_ranges(latex, letters, lower, upper, exclusions):
    got = ranges.parse(latex)
    assert (got.letters, got.lower, got.upper, got.exclusions) == (letters, lower, upper, exclusions)


def test_strict_ends_and_what_the_form_says_of_integers():
    assert ranges.parse(r"0 < i \le d, i \in \mathbb Z").strict == (True, False)
    assert ranges.parse(r"0 < i \le d, i \in \mathbb Z").integer is True
    assert ranges.parse(r"i = 1, \dots, n").integer is True
    assert ranges.parse(r"1 \le i \le n").integer is None      # an inequality does not say
    assert ranges.parse(r"0 \le x \le 1").names_a_size() is False


@pytest.mark.parametrize("latex", [
    r"x \in [0,1]", r"x \in \mathbb R", r"\beta \in (0, 1)", r"n \le 10",    # interval, domain, size bound
    r"y \in \{0, 1\}",                       # labels: a domain (said.py reads it), no range
    r"i \in [1, n]",                         # [a, b] is the interval of a real variable as written
    r"1 \le i \le \infty", r"i = 1, 2, 3", r"\forall i, j \in [n], i \neq j",   # i \neq j: between two of its letters
    r"0 < i \le d, k \in \mathbb Z",         # the integers said are of another letter
])
def test_not_index_ranges(latex):
    assert ranges.parse(latex) is None


def test_a_size_bound_is_read_apart():
    assert ranges.size_bound(r"n \le 10") == ("n", "\\le", 10)
    assert ranges.size_bound(r"1 \le i \le n") is None


def test_ranges_in_a_list_of_conditions_become_bounds():
    assert ranges.as_bounds(r"i = 1, \dots, n, x > 0") == r" 1 \le i \le n, x > 0"
    assert ranges.as_bounds(r"x > 0, i \in \{1, 2, \dots, n\}, j \in [m]") == r"x > 0, 1 \le i \le n, 1 \le j \le m"
    assert ranges.tail(r"a_i = b_i, 1 \le i \le n - 2").upper == "n - 2"


# -- the callers -----------------------------------------------------------------------------

def test_said_does_not_take_a_real_interval_for_an_index_range():
    # main read x \in [0, 1] as an index range over the letter x: a step with the entry x_1 of
    # the array x (x not free as a letter) had the doubt "the text says x \in [0, 1]" dropped
    assert said.range_letters(r"x \in [0, 1]") is None
    assert not said.said_of_others(r"x \in [0, 1]", {"x_1", "i"}, {"x_1", "i"})
    assert said.range_letters(r"0 \le x \le 1") is None          # numbers only: a real's bounds as well
    assert said.range_letters(r"i \in [n]") == {"i"}
    assert said.range_letters(r"n - k_2 + 1 \leq i \leq n") == {"i"}
    assert said.said_of_others(r"i, j \in \{1, \dots, K\}", {"n"}, set())


@pytest.mark.parametrize("note, domain, letters", [
    # main cut \{2, 3, \dots, n\} at its first comma: the note was not read
    (r"\text{for } i \in \{2, 3, \dots, n\}", ["2 <= i"], ["i <= n"]),
    (r"i \in \{0, 1, \dots, n - 1\}", ["0 <= i"], ["i <= n - 1"]),
    (r"n \ge i > 0", ["0 < i"], ["i <= n"]),
])
def test_conditions_read_ranges_with_the_shared_reader(note, domain, letters):
    got = conditions.from_note(note, read)
    assert [str(r) for r in got.domain] == domain
    assert [str(r) for r in got.letters] == letters
    assert not got.unread


def test_a_real_interval_beside_a_step_is_no_bound():
    assert conditions.from_note(r"\text{for } x \in [0, 1]", read).unread


@pytest.mark.parametrize("piece, letter, top", [
    (r" i = 1, \dots, n - k + 1", "i", "n - k + 1"),
    (r"a_i = b_i, 1 \le i \le n - 2", "i", "n - 2"),
    (r"j \in \{1, \dots, m\}", "j", "m"),
    (r"j \in [m]", "j", "m"),
    (r"x; 1 \le i \le n", "i", "n"),
    (r" i = 1, \dots, n", "j", None),           # another letter's range
    (r" i = 0, \dots, n", "i", None),           # from 0: not the 1-based top this reads
    (r" 1 < i \le n", "i", None),
    (r" i = 1, \dots, n^2", "i", None),         # not linear in the sizes
])
def test_upnames_top_of_a_definitions_index(piece, letter, top):
    got = upnames._upper(piece, letter)
    if top is None:
        assert got is None
    else:
        n, k, m = (sp.Symbol(c, integer=True, positive=True) for c in "nkm")
        assert got == sp.sympify(top, locals={"n": n, "k": k, "m": m})


# -- a sum of a conditional over one of its letters: the reason says which --------------------

def _reasons(text):
    from checks.io.audit import audit_text
    return [(s.status, s.reason) for s in audit_text(text).documents[0].steps]


def test_sum_of_a_conditional_over_its_outcome_is_named_so():
    (status, reason), = _reasons("# Q1\n\n$$\\sum_x p(x|y) \\cdot 2 = 2 \\sum_x p(x|y)$$\n")
    assert status == "not_read"
    assert "conditional p(x|y) over its own outcome" in reason and "total mass" in reason


def test_sum_of_a_conditional_over_its_condition_is_named_so():
    (status, reason), = _reasons("# Q1\n\n$$\\sum_y p(x|y) \\cdot 2 = 2 \\sum_y p(x|y)$$\n")
    assert status == "not_read"
    assert "over the letter of its condition" in reason


# -- a quantifier clause inside a conditional's condition --------------------------------------

_CLAUSE = r"P(Y=1 \mid X_i = 1, X_j = 0, \forall j \neq i)"


def _steps(text):
    from checks.io.audit import audit_text
    return audit_text(text).documents[0].steps


def test_quantifier_clause_is_part_of_the_conditionals_name():
    from checks.io.audit.reading.read import read as read_side
    got = read_side(_CLAUSE)
    names = {type(f).__name__ for f in got.expr.atoms(sp.Function)} | {str(f.func) for f in got.expr.atoms(sp.Function)}
    assert any("\\forall j \\neq i" in n for n in names)
    # j is bound by the clause: no value of X_j is an argument; X_i is
    assert {str(a) for f in got.expr.atoms(sp.Function) for a in f.args} == {"X_i"}
    s, = _steps(f"# Q1\n\n$${_CLAUSE} \\cdot 2 = 2 {_CLAUSE}$$\n")
    assert s.status == "holds"


@pytest.mark.parametrize("side, reason", [
    (r"\sum_i " + _CLAUSE, "summation index i"),                 # the i the clause leaves free is in the name
    (r"P(Y=1 \mid X_j = x_j, \forall j)", "not read"),           # a value of every x_j: no one name
    (r"\forall i: x_i", "quantifier"),                           # outside a conditional
])
def test_quantifier_clause_not_read_elsewhere(side, reason):
    s, = _steps(f"# Q1\n\n$${side} = 1$$\n")
    assert s.status == "not_read" and reason in s.reason


def test_a_known_function_at_a_point_in_other_names_is_no_redefinition():
    # main: L(p_i) = log(q_i/(1-q_i)) "redefines L" with a body free of p_i, so that
    # L(\sigma(w_i)) became log(q_i/(1-q_i)) and the step after it a false holds
    text = ("# Q1\n\nLet $L(p) = \\log \\frac{p}{1-p}$.\n\n## Q2\n\n"
            "$$L(p_i) = \\log \\left(\\frac{q_i}{1 - q_i} \\right) = L(\\sigma(w_i))$$\n")
    first, second = [s for s in _steps(text) if s.line == 7]
    assert first.status == "condition" and "at a point" in first.reason
    assert second.status != "holds"


# -- a member of a named family is no new name -------------------------------------------------

def test_a_member_of_a_named_gradient_family_is_not_introduced():
    # main: "condition, introduces e_{k-1}" although e_k = dE/dv_k names the whole family
    text = ("**Problem 3.** A layer maps $u \\in \\mathbb{R}^m$ to $v_k = a u_k + b u_{k+1}$, for "
            "$k = 1, \\dots, m-1$; the loss $E$ depends on $u$ only through $v$. Write "
            "$e_k = \\partial E / \\partial v_k$.\n\n"
            "$$\\frac{\\partial E}{\\partial u_k} = a e_k + b e_{k-1} \\quad (2 \\le k \\le m-1)$$\n\n"
            "$$\\frac{\\partial E}{\\partial u_m} = b e_{m-1}$$\n")
    first, last = _steps(text)
    assert first.status != "condition" and "introduces" not in (first.reason or "")
    assert first.status != "wrong"
    assert last.status == "holds"


def test_family_member_needs_a_named_gradient():
    from checks.io.audit.document.context import Context, Definition
    ctx = Context()
    y = sp.IndexedBase(sp.Symbol("y", real=True))
    i = sp.Symbol("i", integer=True)
    ctx.indexed["g"] = Definition("g", (i,), sp.Derivative(sp.Function("L")(y[i]), y[i]), "Q1", 1)
    ctx.indexed["h"] = Definition("h", (i,), sp.exp(y[i]), "Q1", 1)
    assert upnames.family_member(ctx, "g_{j-1}") and upnames.family_member(ctx, "g_3")
    assert not upnames.family_member(ctx, "h_{j-1}")     # h_1 of h_i = e^{y_i} may be a name of its own
    assert not upnames.family_member(ctx, "g_{jk}")      # two letters: no index expression
    assert not upnames.family_member(ctx, "f_{j-1}")


def test_quantifier_clause_in_words_names_the_same_conditional():
    # "S_l = 0 \text{ for all } l \neq k" in the question and ", \forall l \neq k" in the display:
    # one clause, one function; q_k defined by it makes the step hold (main: not read)
    text = ("## Problem 4 (Boltzmann machine)\n\nEach unit $S_k \\in \\{0, 1\\}$. Define "
            "$q_k = P(S_k = 1 \\mid S_l = 0 \\text{ for all } l \\neq k)$.\n\n"
            "$$\\log \\frac{q_k}{1 - q_k} = \\log \\frac{P(S_k = 1 \\mid S_l = 0, \\forall l \\neq k)}"
            "{1 - P(S_k = 1 \\mid S_l = 0, \\forall l \\neq k)}$$\n\n"
            "$$\\frac{q_k}{1 - q_k} = \\frac{P(S_k = 1 \\mid S_l = 0, \\forall l \\neq k)}"
            "{P(S_k = 1 \\mid S_l = 0, \\forall l \\neq k)}$$\n")
    right, planted = _steps(text)
    assert right.status == "holds"
    assert planted.status != "holds"
    from checks.io.audit.reading.read import read as read_side
    a = read_side(r"P(S_k = 1 \mid S_l = 0 \text{ for all } l \neq k)").expr
    b = read_side(r"P(S_k = 1 \mid S_l = 0, \forall l \neq k)").expr
    assert a == b


def test_a_long_list_of_conditions_stays_linear():
    # each range spans at most ranges.MAX_PIECES comma pieces: 3000 pieces are not 3000^2 parses
    text = ", ".join(["i = 1"] * 3000)
    ranges.parse.cache_clear()
    ranges.as_bounds(text)
    assert ranges.parse.cache_info().misses <= 3000 * ranges.MAX_PIECES
