"""Conditions beside a step on indices (``i \\neq j``, ``i = j``, ``1 \\le i \\le n``,
``i \\in \\{1, \\dots, n\\}``, ``\\forall``): they restrict the enumeration of the free indices to
the tuples they allow, and the detail says so; ``i = j`` on a step written with names is
j := i. A condition that cannot be read or used never lets a step be wrong."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.document import conditions
from checks.io.audit.reading import indices
from checks.io.audit.parse.chains import Step
from checks.io.audit.reading.read import read


def _reader(latex):
    return read(latex)


# -- reading the note ------------------------------------------------------------------------

@pytest.mark.parametrize("note, domain, letters", [
    (r"\text{for } i \neq j", [], ["Ne(i, j)"]),
    (r"\text{if } i = j", [], ["Eq(i, j)"]),
    (r"(i \ne j)", [], ["Ne(i, j)"]),
    (r"\text{when } k \neq c", [], ["Ne(k, c)"]),
    (r"\text{for all } i < j", [], ["i < j"]),
    (r"\forall 0 < i \leq d, i \in \mathbb{Z}", ["0 < i"], ["i <= d"]),
    (r"i \in \{1, \dots, n\}", ["1 <= i"], ["i <= n"]),
    (r"i, j \in [K]", ["1 <= i", "1 <= j"], ["i <= K", "j <= K"]),
    (r"\text{for } i = 1, \dots, n", ["1 <= i"], ["i <= n"]),
    (r"1 \le i < j \le n", ["1 <= i"], ["i < j", "j <= n"]),
    (r"\text{for } i \neq j \text{ and } x > 0", ["x > 0"], ["Ne(i, j)"]),
    (r"\text{for } k = 1, \dots, K" "\n" r"\end{aligned}", ["1 <= k"], ["k <= K"]),
    (r"\text{for } i, j = 1, \dots, K", ["1 <= i", "1 <= j"], ["i <= K", "j <= K"]),
    (r"\text{($i \neq j$)}", [], ["Ne(i, j)"]),              # math inside the words
    (r"\text{if $i \neq j$}", [], ["Ne(i, j)"]),
    (r"\text{for } j \neq i.", [], ["Ne(j, i)"]),
    (r"\forall\, i, j \in \{1, \dots, K\},\ i \neq j", ["1 <= i", "1 <= j"], ["i <= K", "j <= K", "Ne(i, j)"]),
])
def test_note_relations(note, domain, letters):
    got = conditions.from_note(note, _reader)
    assert [str(r) for r in got.domain] == domain
    assert [str(r) for r in got.letters] == letters
    assert not got.unread and not got.others
    # until an enumeration uses them, relations between letters are a hazard
    assert (got.hazard is not None) == bool(letters)


@pytest.mark.parametrize("note", [
    r"\text{for } i \mathrel{\#} j",       # a relation not read
    r"\text{for } i \text{ odd}",          # a condition in words
    r"\text{if } n \text{ is even}",
    r"\forall \text{ valid } i",
    r"\text{for } i \neq j \in \{1, \dots, K\}",   # never i \neq 1 \le j \le K
])
def test_note_that_is_a_condition_but_not_read_is_a_hazard(note):
    got = conditions.from_note(note, _reader)
    assert got.unread and "could not be read" in got.hazard


@pytest.mark.parametrize("note", [r"\text{(by the chain rule)}", r"\text{(unrolling the recurrence)}", ""])
def test_note_without_condition_gives_nothing(note):
    assert conditions.from_note(note, _reader) == conditions.Beside()


@pytest.mark.parametrize("side, kept, cond", [
    (r"-p_i p_j \quad (i \ne j)", r"-p_i p_j", r"i \ne j"),
    (r"2 y_i \qquad (1 \le i \le n)", r"2 y_i", r"1 \le i \le n"),
    (r"\omega_j^2, i \in \{1, \dots, |\mathbf{a}^2|\}, j \in \{1, \dots, k_2\}", r"\omega_j^2",
     r"i \in \{1, \dots, |\mathbf{a}^2|\}, j \in \{1, \dots, k_2\}"),
    (r"p_i \mathbb{1}(i = j)", r"p_i \mathbb{1}(i = j)", ""),     # an indicator, no spacing: a factor
    (r"f(x, y)", r"f(x, y)", ""),
    (r"(a, b)", r"(a, b)", ""),
])
def test_condition_at_the_end_of_a_side(side, kept, cond):
    assert conditions.trailing(side) == (kept, cond)


def test_a_relation_between_letters_as_its_own_statement_is_the_step_before_its_condition():
    row = r"\frac{\partial p_i}{\partial z_j} = -p_i p_j, \quad i \neq j"
    found = [Step(3, (2, 4), "=", r"\frac{\partial p_i}{\partial z_j}", "-p_i p_j", row, None),
             Step(3, (2, 4), "\\neq", "i", "j", row, None)]
    assert conditions.folded(found) == {1: 0}
    assert found[0].note == r"i \neq j"
    # before the step, with nothing before it on the row: \forall i \neq j: \quad ...
    lead = [Step(3, (2, 4), "\\neq", r"\forall i", "j:", row, None),
            Step(3, (2, 4), "=", r"\frac{\partial p_i}{\partial z_j}", "-p_i p_j", row, None)]
    assert conditions.folded(lead) == {0: 1} and lead[1].note == r"i \neq j"
    # letters the step does not index with are no condition of it (a = 1, \quad b = 2)
    other = [Step(3, (2, 4), "=", "a", "1", "a = 1, b = 2", None), Step(3, (2, 4), "=", "b", "2", "", None)]
    assert conditions.folded(other) == {}


# -- the enumeration -------------------------------------------------------------------------

K = sp.Symbol("K", integer=True)
I, J = sp.symbols("i j", integer=True)


@pytest.mark.parametrize("where, count", [
    ((), 14),                              # K = 1..3: 1 + 4 + 9
    ((sp.Ne(I, J),), 8),                   # 0 + 2 + 6
    ((sp.Eq(I, J),), 6),                   # 1 + 2 + 3
    ((sp.Lt(I, J),), 4),                   # 0 + 1 + 3
])
def test_enumeration_keeps_the_tuples_the_condition_allows(where, count):
    found = indices.cases({I: K, J: K}, {K}, where)
    assert len(found) == count
    assert all(bool(r.xreplace(c)) for c in found for r in where)


def test_enumeration_refuses_a_condition_it_cannot_decide():
    m = sp.Symbol("m", integer=True)
    assert indices.cases({I: K, J: K}, {K}, (sp.Ne(I, m),)) is None


def test_a_range_beside_the_step_bounds_an_index_no_sum_bounds():
    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.IndexedBase("x")
    assert indices.ranges({I}, x[I], given=(sp.Le(I, n),)) == {I: n}
    assert indices.ranges({I}, x[I], given=(sp.Lt(I, n),)) == {I: n - 1}
    assert indices.ranges({I}, x[I]) is None


def test_failing_case_names_the_entry():
    x = sp.IndexedBase("x")
    found = indices.cases({I: K}, {K}, ())
    lhs = sp.Matrix([x[c[I]] for c in found])
    rhs = sp.Matrix([x[c[I]] if c[I] != 2 else 2 * x[c[I]] for c in found])
    assert indices.failing_case(lhs, rhs, found, {"x[1]": "1", "x[2]": "1/2", "x[3]": "3"}) == {"K": 2, "i": 2}


# -- documents -------------------------------------------------------------------------------

DOC = r"""
# Softmax Jacobian, three notations

Let $p_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$ be the softmax.

$$
\frac{\partial p_i}{\partial z_j} = -\frac{e^{z_i} e^{z_j}}{(\sum_{k=1}^K e^{z_k})^2} = -p_i p_j \qquad \text{for } i \neq j
$$

$$
\frac{\partial p_i}{\partial z_j} = p_i (1 - p_i) \quad \text{if } i = j
$$

$$
\frac{\partial p_i}{\partial z_j} = -2 p_i p_j \qquad \text{for } i \neq j
$$

$$
\frac{\partial p_i}{\partial z_j} = -p_i p_j \quad (i \ne j)
$$

$$
\frac{\partial p_i}{\partial z_j} = p_i p_j, \quad i \neq j
$$

$$
\frac{\partial \log p_i}{\partial z_j} = -p_j \quad \text{for } i \neq j
$$

$$
\frac{\partial \log p_i}{\partial z_j} = 1 - p_i \quad \text{when } i = j
$$

$$
\frac{\partial p_i}{\partial z_j} = -p_i p_j \quad \text{for } i \mathrel{\#} j
$$

$$
\frac{\partial p_i}{\partial z_j} = -p_i p_j \quad \text{for } i \text{ odd}
$$

$$
\frac{\partial p_i}{\partial z_j} = -p_i p_j \quad \text{for } i \neq m
$$

$$
\frac{\partial p_i}{\partial z_j} = -p_i p_j \ \text{for}\ i \neq j
$$

$$
\forall i \neq j: \quad \frac{\partial p_i}{\partial z_j} = -p_i p_j
$$

$$
\text{for } i \neq j, \quad \frac{\partial p_i}{\partial z_j} = -2 p_i p_j
$$

$$
\begin{aligned}
\frac{\partial p_i}{\partial z_j} &= -\frac{e^{z_i} e^{z_j}}{(\sum_{k=1}^K e^{z_k})^2} \\
&= -p_i p_j \quad \text{for } i \neq j
\end{aligned}
$$

$$
\begin{aligned}
\frac{\partial p_i}{\partial z_j} &= -\frac{e^{z_i} e^{z_j}}{(\sum_{k=1}^K e^{z_k})^2} \\
&= -3 p_i p_j \quad \text{for } i \neq j
\end{aligned}
$$

## Hats

The network outputs $\hat y_c = \frac{e^{a_c}}{\sum_{m=1}^C e^{a_m}}$ for every class $c$.

$$
\frac{\partial \hat y_i}{\partial a_j} = -\hat y_i \hat y_j \quad \text{if } i \ne j
$$

$$
\frac{\partial \hat y_i}{\partial a_j} = \hat y_i \hat y_j \quad \text{if } i \ne j
$$

## Cases

Let $s_k = \frac{\exp(x_k)}{\sum_{m=1}^{n} \exp(x_m)}$ for $k = 1, \dots, n$.

$$
\frac{\partial s_i}{\partial x_j} = \begin{cases} s_i - s_i^2 & i = j \\ -s_i s_j & i \neq j \end{cases}
$$

$$
\frac{\partial s_i}{\partial x_j} = \begin{cases} s_i - s_i^2 & \text{if } i = j \\ s_i s_j & \text{otherwise} \end{cases}
$$

$$
\frac{\partial s_i}{\partial x_j} = -s_i s_j \qquad (1 \le i < j \le n)
$$

## Entries of softmax

$$
\mathrm{softmax}(u)_i = \frac{e^{u_i}}{\sum_{k=1}^K e^{u_k}}
$$

$$
\frac{\partial\, \mathrm{softmax}(u)_i}{\partial u_j} = -\mathrm{softmax}(u)_i \, \mathrm{softmax}(u)_j \quad \text{for } i \neq j
$$

## Kronecker delta

<!-- derivcheck: index i j -->
$$
\frac{\partial p_i}{\partial z_j} = p_i \delta_{ij} - p_i p_j
$$

<!-- derivcheck: index i j -->
$$
\frac{\partial p_i}{\partial z_j} = p_i \delta_{ij} - p_i p_j = -p_i p_j \quad \text{for } i \neq j
$$

## Names

Let $g = t_i t_j$.

$$
\frac{\partial g}{\partial t_j} = t_i \quad \text{for } i \neq j
$$

$$
\frac{\partial (t_i t_j)}{\partial t_j} = 2 t_i \quad \text{for } i = j
$$

$$
\frac{\partial (t_i t_j)}{\partial t_j} = 3 t_i \quad \text{for } i = j
$$

Let $h = t_i^2 t_j$.

$$
\frac{\partial h}{\partial t_j} = 3 t_i^2 \quad \text{for } i = j
$$
"""


@pytest.fixture(scope="module")
def steps():
    report = audit_text(DOC, "markdown", name="soft.md", timeout=300)   # wall time under load
    out = {}
    for s in report.documents[0].steps:
        out.setdefault(s.line, []).append(s)
    return out


def _line(text: str, needle: str, nth: int = 1) -> int:
    lines = [k + 1 for k, row in enumerate(text.splitlines()) if needle in row]
    return lines[nth - 1]


def _at(steps, needle, nth=1, k=0):
    return steps[_line(DOC, needle, nth)][k]


def _holds_where(step, where, entries):
    assert step.status == "holds" and step.strength == "bounded", (step.status, step.reason)
    assert f"{entries} entries" in step.detail and f"where {where}" in step.detail, step.detail


def test_softmax_jacobian_off_the_diagonal_holds_for_i_ne_j(steps):
    first, second = steps[_line(DOC, r"\qquad \text{for } i \neq j")]
    _holds_where(first, "i ≠ j", 8)        # every size 1..3: 0 + 2 + 6 entries with i ≠ j
    _holds_where(second, "i ≠ j", 8)
    assert "Ne(i, j)" in first.reading.assumptions     # the reading shows what was checked


def test_diagonal_holds_for_i_eq_j(steps):
    _holds_where(_at(steps, r"p_i (1 - p_i) \quad \text{if } i = j"), "i = j", 6)


def test_condition_in_parentheses_and_in_a_statement_of_its_own(steps):
    _holds_where(_at(steps, r"(i \ne j)"), "i ≠ j", 8)
    row = steps[_line(DOC, r"p_i p_j, \quad i \neq j")]
    assert row[1].status == "condition"     # the i \neq j of the row is the step's condition


def _wrong_off_diagonal(step, size):
    assert step.status == "wrong", (step.status, step.reason)
    point = step.counterexample["point"]
    assert {"i", "j", size} <= set(point) and point["i"] != point["j"], point
    assert "where i ≠ j" in step.detail


def test_planted_errors_under_i_ne_j_are_wrong_at_an_entry_with_i_ne_j(steps):
    _wrong_off_diagonal(_at(steps, r"-2 p_i p_j \qquad \text{for } i \neq j"), "K")
    _wrong_off_diagonal(steps[_line(DOC, r"p_i p_j, \quad i \neq j")][0], "K")
    _wrong_off_diagonal(_at(steps, r"\hat y_i \hat y_j \quad \text{if } i \ne j", 2), "C")


def test_condition_after_a_spacing_backslash(steps):
    _holds_where(_at(steps, r"-p_i p_j \ \text{for}\ i \neq j"), "i ≠ j", 8)


def test_a_condition_beside_one_row_of_a_chain_is_the_chain_s(steps):
    first = _at(steps, r"-\frac{e^{z_i} e^{z_j}}{(\sum_{k=1}^K e^{z_k})^2} \\", 1)
    _holds_where(first, "i ≠ j", 8)     # the first row holds only for i ≠ j: never wrong at i = j
    _holds_where(_at(steps, r"&= -p_i p_j \quad \text{for } i \neq j"), "i ≠ j", 8)
    _holds_where(_at(steps, r"-\frac{e^{z_i} e^{z_j}}{(\sum_{k=1}^K e^{z_k})^2} \\", 2), "i ≠ j", 8)
    _wrong_off_diagonal(_at(steps, r"&= -3 p_i p_j"), "K")


def test_only_conditions_on_letters_spread_along_a_chain():
    row = r"a &= b \text{since } b = c"
    found = [Step(2, (2, 3), "=", "x_i", "y_j", row, None, note=r"\text{since } b = c"),
             Step(3, (2, 3), "=", "y_j", "c_i", "&= c_i", None, note=r"\text{for } i \neq j", continued=True)]
    conditions.spread(found, [True, False], _reader)
    assert found[0].note == r"\text{since } b = c; \text{for } i \neq j"
    assert found[1].note == r"\text{for } i \neq j"


def test_condition_before_the_step_on_its_row(steps):
    cond, step = steps[_line(DOC, r"\forall i \neq j: \quad")]
    assert cond.status == "condition"
    _holds_where(step, "i ≠ j", 8)
    cond, step = steps[_line(DOC, r"\text{for } i \neq j, \quad")]
    assert cond.status == "condition"
    _wrong_off_diagonal(step, "K")


def test_cross_entropy_pieces(steps):
    _holds_where(_at(steps, r"= -p_j \quad \text{for } i \neq j"), "i ≠ j", 8)
    _holds_where(_at(steps, r"= 1 - p_i \quad \text{when } i = j"), "i = j", 6)


@pytest.mark.parametrize("needle", [r"\mathrel{\#}", r"\text{ odd}", r"i \neq m"])
def test_conditions_not_read_or_not_used_never_wrong(steps, needle):
    step = _at(steps, needle)
    assert step.status == "undecided" and "beside the step" in step.reason, (step.status, step.reason)


def test_other_notations(steps):
    _holds_where(_at(steps, r"-\hat y_i \hat y_j \quad \text{if } i \ne j"), "i ≠ j", 8)
    _holds_where(_at(steps, r"\mathrm{softmax}(u)_j \quad \text{for } i \neq j"), "i ≠ j", 8)


def test_cases_on_index_relations(steps):
    good = _at(steps, r"& i = j \\ -s_i s_j & i \neq j")
    assert good.status == "holds" and good.strength == "bounded" and "14 entries" in good.detail, good.reason
    bad = _at(steps, r"\text{otherwise}")
    assert bad.status == "wrong"
    point = bad.counterexample["point"]
    assert point["i"] != point["j"] and "n" in point
    _holds_where(_at(steps, r"(1 \le i < j \le n)"), "1 ≤ i, i < j, j ≤ n", 4)


def test_kronecker_delta_form(steps):
    assert _at(steps, r"p_i \delta_{ij} - p_i p_j", 1).status == "holds"
    first, second = steps[_line(DOC, r"p_i \delta_{ij} - p_i p_j", 2)]
    assert first.status == "holds"
    _holds_where(second, "i ≠ j", 8)


def test_i_eq_j_on_names_is_a_substitution(steps):
    assert _at(steps, r"\frac{\partial g}{\partial t_j} = t_i").status == "holds"
    good = _at(steps, r"= 2 t_i \quad \text{for } i = j")
    assert good.status == "holds" and "where j = i" in good.detail
    bad = _at(steps, r"= 3 t_i \quad \text{for } i = j")
    assert bad.status == "wrong" and "where j = i" in bad.detail


def test_no_substitution_through_a_definition_that_names_the_letter(steps):
    # h = t_i^2 t_j: with j := i in the step only, h's own t_j would stay apart (d/dt_i of
    # t_i^2 t_j is not 3 t_i^2); the condition is not used, and the step is never wrong
    step = _at(steps, r"\frac{\partial h}{\partial t_j} = 3 t_i^2")
    assert step.status != "wrong" and "beside the step" in (step.reason or ""), (step.status, step.reason)


def test_without_the_condition_the_step_fails_on_the_diagonal():
    """The mechanism, broken on purpose: the same step without its condition fails at i = j.
    It holds on the other entries, so it is not certainly wrong (run.index_cases): undecided,
    naming where it holds."""
    doc = DOC.split("## Hats")[0].replace(r"\qquad \text{for } i \neq j", "", 1)
    report = audit_text(doc, "markdown", name="bare.md", timeout=300)
    first = [s for s in report.documents[0].steps if s.line == _line(doc, r"-\frac{e^{z_i} e^{z_j}}")][0]
    assert first.status == "undecided" and "holds where i ≠ j" in first.reason, (first.status, first.reason)


def test_substitution_refused_where_a_definition_names_the_letter():
    t_i, t_j, y_j = sp.symbols("t_i t_j y_j", real=True)
    j = sp.Symbol("j", integer=True)
    assert conditions.mention([(t_i**2 * t_j, ())], {"j"})          # h = t_i^2 t_j
    assert conditions.mention([], {"j"}, {"y_j"})                   # y_j = ... is defined
    assert not conditions.mention([(t_i**2, ())], {"j"}, {"h"})
    assert not conditions.mention([(sp.IndexedBase("z")[j], (j,))], {"j"})   # its own parameter
