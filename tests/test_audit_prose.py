"""Index ranges, relations between indices and substitutions said in the text of a question
(``prose``): the sentence right before a display, a "where" clause right after it, or a range
in the question's text before its first display. They restrict the enumeration of the free
indices or are substituted in a symbolic step; the detail names the sentence. A sentence of
another question, a relation said for another display, or a substitution the display does not
use never changes a verdict."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.document import conditions, prose
from checks.io.audit.parse.extract import displays
from checks.io.audit.reading.read import read

DOC = r"""# Index steps and the words around them

## Q1

For all $i, j \in \{1, \dots, n\}$:

$$\sum_{k} A_{ik} \delta_{kj} = A_{ij}$$

## Q2

$$\sum_{k} A_{ik} \delta_{kj} = A_{ij}$$

## Q3

Let $p_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$. For $i \neq j$,

$$\frac{\partial p_i}{\partial z_j} = -p_i p_j$$

## Q4

Let $q_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$. For $i \neq j$,

$$\frac{\partial q_i}{\partial z_j} = -2 q_i q_j$$

## Q5

Let $r_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$. For $i \neq j$,

$$\frac{\partial r_i}{\partial z_j} = -r_i r_j$$

and for the other entries,

$$\frac{\partial r_i}{\partial z_j} = r_i (1 - r_j)$$

## Q6

Let $u_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$.

$$\frac{\partial u_i}{\partial z_j} = -3 u_i u_j$$

where $i \neq j$.

## Q7

Let $v_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$. The entries vanish except $i = j$:

$$\frac{\partial v_i}{\partial z_j} = -3 v_i v_j$$

## Q8

Replacing $j = n - i + 1$ in the sum:

$$s = \omega_j^2 + 1 = \omega_{n-i+1}^2 + 1$$

## Q9

Replacing $j = n - i + 1$ in the sum:

$$t = \omega_j^2 + 1 = \omega_{n-i+2}^2 + 1$$

## Q10

$$g = \omega_j^2 + 1 = \omega_{n-i+1}^2 + 1$$

## Q11

Replacing $j = n - i + 1$ in the sum:

$$h = \omega_k^2 + 1 = \omega_{k}^2 + 1$$

## Q12

Replacing $n = i + j - k_2$ where $j = n - i + k_2$.

$$m = \omega_j^2 + 1 = \omega_{n - i + k_2}^2 + 1$$

## Q13

For all $i \in \{1, \dots, n\}$:

$$\frac{\partial}{\partial x_i} \sum_{k} x_k^2 = x_i$$

## Q14

$$\sum_{k} B_{ik} \delta_{kj} = B_{ij}$$

where $i, j \in \{1, \dots, m\}$.
"""


@pytest.fixture(scope="module")
def steps():
    report = audit_text(DOC, "markdown", name="prose.md", timeout=300)
    out = {}
    for s in report.documents[0].steps:
        out.setdefault(s.location, []).append(s)
    return out


def _line(needle: str) -> int:
    return next(k + 1 for k, row in enumerate(DOC.splitlines()) if needle in row)


def _checked(steps, where, k=-1):
    return [s for s in steps[where] if s.status not in ("definition", "condition")][k]


# -- which sentences are said for which display -----------------------------------------------
def _said(text, kind="markdown"):
    found = displays(text, kind, inline=True)
    return {d.first_line: [(s.latex, s.scope, s.alone) for s in prose.said_for(text, found, d)]
            for d in found if not d.inline}


def test_the_sentence_before_a_display_and_the_question_text():
    got = _said("## Q1\n\nAnswer for all $i \\in \\{1, \\dots, n\\}$.\n\nFor $i \\neq j$:\n\n$$a_i = b_j$$\n\n"
                "and then\n\n$$c_i = d_j$$\n")
    assert got[7] == [("i \\in \\{1, \\dots, n\\}", "question", True), ("i \\neq j", "before", True)]
    assert got[11] == [("i \\in \\{1, \\dots, n\\}", "question", True)]   # i ≠ j was said for the other one


def test_a_sentence_of_another_question_never_applies():
    got = _said("## Q1\n\nFor $i \\neq j$ and $k \\le K$:\n\n$$a_i = b_j$$\n\n## Q2\n\n$$c_i = d_j$$\n")
    assert got[5] and got[9] == []


def test_a_where_clause_after_the_display_is_its_own():
    got = _said("## Q1\n\n$$a_i = b_j$$\n\nwhere $i \\neq j$.\n\n$$c_i = d_j$$\n")
    assert got[3] == [("i \\neq j", "after", True)] and got[7] == []


@pytest.mark.parametrize("sentence", [
    "The entries vanish except $i = j$:",          # turned around
    "Show that $i \\neq j$:",                       # a claim, not a condition
    "For $i \\neq j$, $p_i = q_j$. Then",           # the condition of the inline formula
    "The gradient $g_i$ is below:",                 # no relation
])
def test_words_that_make_no_condition(sentence):
    got = _said(f"## Q1\n\n{sentence}\n\n$$a_i = b_j$$\n")
    assert got[5] == [], got


def test_two_relations_in_one_sentence_are_not_alone():
    got = _said("## Q1\n\nReplacing $n = i + j - 1$ where $j = n - i + 1$.\n\n$$a_j = b_{n-i+1}$$\n")
    assert got[5] == [("n = i + j - 1", "before", False), ("j = n - i + 1", "before", False)]


def test_with_said_keeps_what_is_about_the_steps_indices():
    found = displays("## Q1\n\nFor $k \\le K$ and $i \\neq j$ and $n = 1$:\n\n$$a_i = b_j$$\n", "markdown", inline=True)
    text = "## Q1\n\nFor $k \\le K$ and $i \\neq j$ and $n = 1$:\n\n$$a_i = b_j$$\n"
    said = prose.said_for(text, found, [d for d in found if not d.inline][0])
    got = prose.with_said(conditions.Beside(), said, read, {"i", "j"})
    assert [str(r) for r in got.letters] == ["Ne(i, j)"]     # k names no index of the step; n = 1 is a value
    assert got.hazard is None                                 # the text's relations are no hazard beside the step


def test_an_index_equation_in_the_text_is_no_definition():
    found = displays("$$x_j = y_{n-i+1}$$", "markdown", inline=True)
    j, n, i = sp.symbols("j n i", real=True)
    assert prose.between_indices(j, n - i + 1, found)
    z, w, x, b = sp.symbols("z w x b", real=True)
    assert not prose.between_indices(z, w * x + b, found)      # z = w x + b defines z
    assert not prose.between_indices(j, 2 * n * i, found)


def test_value_swap_names_the_entry_as_the_step_writes_it():
    left, right = read(r"\omega_j^2").expr, read(r"\omega_{n - i + 1}^2").expr
    rel = conditions.from_note("j = n - i + 1", read).letters[0]
    a, b, rest, where = conditions.substituted(conditions.from_note("j = n - i + 1", read), left, right)
    assert a == b and rest.letters == () and where.startswith("j = ")
    assert conditions._value_swap(rel, read(r"\sum_{j=1}^{k} \omega_j").expr, right) is None   # j bound by a sum


# -- verdicts ---------------------------------------------------------------------------------
def test_a_range_in_words_restricts_the_enumeration(steps):
    s = _checked(steps, "Q1")
    assert s.status == "holds" and s.strength == "bounded", (s.status, s.reason)
    assert f"where 1 ≤ i, 1 ≤ j, i ≤ n, j ≤ n (the text, line {_line('For all $i, j')}: " in s.detail


def test_without_the_range_the_same_step_is_not_decided(steps):
    s = _checked(steps, "Q2")          # Q1's range is of Q1
    assert s.status == "undecided" and "has no range" in s.reason


def test_i_ne_j_in_the_sentence_before(steps):
    s = _checked(steps, "Q3")
    assert s.status == "holds" and f"where i ≠ j (the text, line {_line('Let $p_i')}: $i \\neq j$)" in s.detail, \
        (s.status, s.reason)


def test_a_planted_error_under_i_ne_j_in_words_is_wrong(steps):
    s = _checked(steps, "Q4")
    assert s.status == "wrong" and "where i ≠ j (the text" in s.detail, (s.status, s.reason)
    point = s.counterexample["point"]
    assert point["i"] != point["j"], point


def test_i_ne_j_said_for_another_display_is_not_this_ones(steps):
    first, second = [s for s in steps["Q5"] if s.status not in ("definition", "condition")]
    assert first.status == "holds" and "i ≠ j" in first.detail
    assert second.status == "undecided" and "the text, line" not in second.detail, (second.status, second.reason)


def test_a_where_clause_after_the_display(steps):
    s = _checked(steps, "Q6")
    assert s.status == "wrong" and "where i ≠ j (the text, line" in s.detail, (s.status, s.reason)


def test_except_is_no_condition(steps):
    """"except $i = j$" is no condition of the step: it is never checked at i = j alone. The
    step is wrong for i = j and for i ≠ j alike (said.py: a wrong in every case the text names)."""
    s = _checked(steps, "Q7")
    assert "(the text, line" not in (s.detail or ""), (s.status, s.detail)
    assert s.status != "wrong" or "i = j and i ≠ j, each checked" in s.detail, (s.status, s.detail)


def test_an_announced_substitution_makes_the_step_hold(steps):
    s = _checked(steps, "Q8")
    assert s.status == "holds" and "where j = " in s.detail and "(the text, line" in s.detail, (s.status, s.reason)


def test_a_wrong_step_under_the_substitution_is_never_holds(steps):
    s = _checked(steps, "Q9")
    assert s.status != "holds" and "which the check does not use" not in (s.reason or ""), (s.status, s.reason)


def test_without_the_substitution_the_step_is_not_decided(steps):
    s = _checked(steps, "Q10")        # Q8's substitution is of Q8
    assert s.status == "undecided", (s.status, s.reason)


def test_a_substitution_the_display_does_not_use(steps):
    s = _checked(steps, "Q11")
    assert s.status == "holds" and "the text" not in (s.detail or ""), (s.status, s.detail)


def test_a_substitution_with_a_size_in_it(steps):
    s = _checked(steps, "Q12")        # two relations in the sentence: a holds says which it used
    assert s.status == "holds" and "where j = " in s.detail and "k_2" in s.detail, (s.status, s.reason)


def test_subscript_parts_read_index_expressions():
    i, j, n, k2 = (sp.Symbol(x, integer=True) for x in ("i", "j", "n", "k_2"))
    assert conditions._subscript_parts(r"\omega_{n-i+k_2}") == (r"\omega", [n - i + k2])
    assert conditions._subscript_parts("W_{ij}") == ("W", [i, j])
    assert conditions._subscript_parts("w_{t+1,i}")[1] == [sp.Symbol("t", integer=True) + 1, i]
    assert conditions._subscript_parts(r"x_{\alpha}") is None


def test_took_names_the_sentence_and_keeps_the_doubt_on_what_was_not_used():
    from types import SimpleNamespace
    i, j, k, K = sp.symbols("i j k K", real=True)
    said = prose.Said("i \\neq j, k \\le K", 4, "before", True)
    beside = conditions.Beside(letters=(sp.Ne(i, j), sp.Le(k, K)), said=((sp.Ne(i, j), said), (sp.Le(k, K), said)))
    doubt = "the text says i \\neq j, k \\le K, which the check does not use"
    item = SimpleNamespace(where="", hazards=(doubt,))
    prose.took(item, [sp.Ne(i, j)], beside)
    assert item.where == "i ≠ j (the text, line 4: $i \\neq j, k \\le K$)"
    assert item.hazards == (doubt,)                       # k ≤ K was not used: the doubt stays
    item = SimpleNamespace(where="", hazards=(doubt,))
    prose.took(item, [sp.Ne(i, j), sp.Le(k, K)], beside)
    assert item.hazards == ()
    lone = prose.Said("i \\neq j", 4, "before", False)    # another relation in its sentence
    item = SimpleNamespace(where="", hazards=())
    prose.took(item, [sp.Ne(i, j)], conditions.Beside(letters=(sp.Ne(i, j),), said=((sp.Ne(i, j), lone),)))
    assert len(item.hazards) == 1 and "says more" in item.hazards[0]


def test_a_range_of_the_question_statement_is_said_for_its_parts_not_a_parts_for_another():
    text = ("## Q5\n\nThroughout, for all $i, j \\in \\{1, \\dots, n\\}$.\n\n5.1 First part, for $k \\le K$:\n\n"
            "$$a_i = b_k$$\n\n5.2 Second part.\n\n$$c_i = d_j$$\n\n## Q6\n\n$$e_i = f_j$$\n")
    got = _said(text)
    assert got[7] == [("i, j \\in \\{1, \\dots, n\\}", "question", True), ("k \\le K", "before", True)]
    assert got[11] == [("i, j \\in \\{1, \\dots, n\\}", "question", True)]      # not 5.1's k ≤ K
    assert got[15] == []                                                         # not Q5's range


def test_a_planted_error_under_a_range_in_words_never_holds(steps):
    s = _checked(steps, "Q13")
    assert s.status in ("wrong", "undecided") and "has no range" not in (s.reason or ""), (s.status, s.reason)


def test_a_range_in_a_where_clause_after_the_display(steps):
    s = _checked(steps, "Q14")
    assert s.status == "holds" and s.strength == "bounded", (s.status, s.reason)
    assert f"(the text, line {_line('where $i, j')}: $i, j \\in" in s.detail, s.detail


# --- a definition of entries with a whole value that holds the index -------------------------------

SCORES = ("Scores $s_j = \\mathbf q^\\top \\mathbf k_j / \\sqrt{d}$ for $j = 1, \\dots, n$, and "
          "weights $\\alpha_j = e^{s_j} / \\sum_{l=1}^n e^{s_l}$.\n\n"
          "$$\\frac{e^{s_1}}{\\sum_{l=1}^n e^{s_l}} = \\frac{1}{n}$$\n\n"
          "$$\\frac{\\sum_{j=1}^n e^{s_j}}{\\sum_{l=1}^n e^{s_l}} = 1$$\n\n"
          "$$\\sum_{j=1}^n \\alpha_j = 1$$\n")


def test_an_index_inside_a_whole_value_is_never_substituted_past():
    # \mathbf q^\top \mathbf k_j is one opaque value: s_l and s_1 were read with k_j, every score
    # equal, and e^{s_1} / sum_l e^{s_l} = 1/n held (a false holds)
    first, same, weights = audit_text(SCORES).documents[0].steps
    assert first.status != "holds", first.reading
    assert "k_j" not in first.reading.from_
    assert same.status == "holds", same.reason
    # e^{s_j} / \sum_l e^{s_l}: the division by the whole sum, so the prose definition is used
    assert weights.status == "holds", weights.reason
