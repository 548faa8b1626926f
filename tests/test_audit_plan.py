"""The audit's planner (checks/io/audit/planning/plan.py, context.py, conditions.py): how each step of a
document is classified and rewritten before the engine sees it.

The plan runs in this process (no engine, no worker pool): ``plan_document`` gives the items
with their status (definition, condition, not_read, skipped) or the claim the engine will
check, with the definitions of the document already substituted and the step's conditions
as assumptions. These tests look at the claim itself, so they fail when the mechanism that
builds it breaks (a definition no longer carried, a condition no longer read), not only when
a final verdict changes. End-to-end verdicts are in test_audit_run.py.
"""
from __future__ import annotations

import pytest
import sympy as sp
from sympy.core.function import AppliedUndef

from checks.io.audit.planning.plan import Planner
from checks.io.audit.run import plan_document
from checks.text.limits import ParseError
from checks.model.claims import Identity, Value


def plan(text: str, kind: str = "markdown"):
    return plan_document("doc.md", text, kind, False).items


def find(items, from_=None, to=None):
    """The one planned step whose left (and right) side is written exactly so."""
    got = [it for it in items if (from_ is None or it.step.from_.strip() == from_)
           and (to is None or it.step.to.strip() == to)]
    assert len(got) == 1, f"{len(got)} steps with from={from_!r} to={to!r}: " + \
        "; ".join(f"{it.step.from_} = {it.step.to}" for it in items)
    return got[0]


def names(e) -> set:
    return {s.name for s in e.free_symbols}


def applied(e) -> set:
    return {f.func.__name__ for f in e.atoms(AppliedUndef)}


# --- 1. definitions carried forward ------------------------------------------------------------

def test_a_function_definition_is_recorded_and_substituted_in_later_steps():
    items = plan("# Q1\n\n$$L(p) = \\log\\frac{p}{1-p}$$\n\nso\n\n$$L(\\sigma(z)) = z$$\n")
    d = find(items, "L(p)")
    assert (d.status, d.reason, d.claim) == ("definition", "defines L", None)
    c = find(items, "L(\\sigma(z))").claim
    assert isinstance(c, Identity) and c.rhs == sp.Symbol("z", real=True)
    # L is gone: its body, with the sigmoid for p, is what the engine checks
    assert not applied(c.lhs)
    assert c.lhs.has(sp.log) and names(c.lhs) == {"z"}


def test_a_value_definition_is_substituted_in_later_steps():
    items = plan("# Q2\n\n$$z = x_1 - x_2$$\n\n$$\\sigma(z) = \\sigma(x_1 - x_2)$$\n")
    assert find(items, "z").status == "definition"
    c = find(items, "\\sigma(z)").claim
    assert names(c.lhs) == {"x_1", "x_2"} and c.lhs == c.rhs


def test_a_library_function_restated_is_checked_not_recorded_as_new():
    items = plan("$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$\n\n$$\\sigma(-z) = 1 - \\sigma(z)$$\n")
    first = find(items, "\\sigma(z)")
    # a restatement of the sigmoid agrees with it: it is a claim like any step
    assert first.status is None and isinstance(first.claim, Identity)
    c = find(items, "\\sigma(-z)").claim
    assert "sigmoid" in str(c.lhs) and "sigmoid" in str(c.rhs)


def test_a_definition_in_the_prose_is_used_by_a_later_display():
    items = plan("# Q3\n\nLet $f(x) = x^2$.\n\n$$f(a+b) = a^2 + 2ab + b^2$$\n")
    c = find(items, "f(a+b)").claim
    a, b = sp.symbols("a b", real=True)
    assert not applied(c.lhs) and sp.expand(c.lhs - (a + b) ** 2) == 0


def test_a_name_said_equal_in_the_prose_is_substituted():
    items = plan("Write $Z = \\tanh(Y)$.\n\n$$E = (Z - T)(1 - \\tanh^2(Y)) = (Z - T)(1 - Z^2)$$\n")
    c = find(items, "(Z - T)(1 - \\tanh^2(Y))").claim
    assert "Z" not in names(c.lhs) | names(c.rhs)


def test_the_derivative_of_a_defined_function_is_taken_after_substitution():
    items = plan("$$k(x) = x\\sigma(x)$$\n\n$$k'(x) = \\sigma(x) + x\\sigma(x)(1-\\sigma(x))$$\n")
    c = find(items, "k'(x)").claim
    assert not c.lhs.has(sp.Derivative) and not applied(c.lhs)
    from checks.dl import FUNCTIONS
    x = sp.Symbol("x", real=True)
    assert sp.expand(c.lhs - sp.diff(x * FUNCTIONS["sigmoid"](x), x)) == 0


def test_a_redefinition_in_a_later_question_replaces_the_earlier_meaning():
    items = plan("# Q1\n\n$$\\Phi(x) = x^2$$\n\n$$\\Phi(2) = 4$$\n\n"
                 "# Q2\n\n$$\\Phi(x) = x^3$$\n\n$$\\Phi(2) = 8$$\n")
    q2 = find(items, "\\Phi(x)", "x^3")
    assert (q2.status, q2.reason) == ("definition", "redefines \\Phi")
    assert find(items, "\\Phi(2)", "4").claim.lhs == 4
    assert find(items, "\\Phi(2)", "8").claim.lhs == 8


@pytest.mark.parametrize("update", ["w = w - \\eta g", "w := w - \\eta g", "\\theta = \\theta - \\eta g"])
def test_an_update_rule_is_never_an_identity(update):
    items = plan(f"# Q1\n\n$${update}$$\n")
    assert len(items) == 1 and items[0].status == "definition" and items[0].claim is None


def test_after_an_update_the_old_value_of_the_name_is_forgotten():
    items = plan("$$w = 3$$\n\n$$w = w - \\eta g$$\n\n$$w + 0 = 3$$\n")
    c = find(items, "w + 0").claim
    # w no longer means 3: the step is read with the name, not with its old value
    assert "w" in names(c.lhs)


def test_an_update_chain_ends_in_the_new_value_and_later_uses_carry_a_hazard():
    items = plan("With $\\eta = 0.01$ and $g = 5.7$:\n\n$$w_1 = w_1 - \\eta g = 1 - 0.01(5.7) = 0.943$$\n\n"
                 "$$2 w_1 = 1.886$$\n")
    head = items[0]
    assert (head.status, head.reason) == ("definition", "an update of w_1")
    later = find(items, "2 w_1")
    assert later.claim is not None and any("update gave it" in h for h in later.hazards)


def test_the_middle_of_an_update_chain_reads_the_old_value():
    items = plan("$$w_1 = w_1 - \\eta g = 1 - 0.01(5.7) = 0.943$$\n")
    middle = find(items, "w_1 - \\eta g", "1 - 0.01(5.7)")
    assert "w_1" in names(middle.claim.lhs)


# --- 2. conditions ----------------------------------------------------------------------------

def test_an_equation_that_introduces_a_name_and_its_solution_are_conditions():
    items = plan("# Q1\n\n$$a\\lambda' = a^{n+1}\\lambda$$\n\n$$\\lambda' = \\frac{\\lambda}{a^n}$$\n")
    first, second = items
    # checked all the same: an identity in the new name holds, anything else is a condition
    assert first.status is None and "\\lambda'" in first.introduces and first.claim is not None
    assert second.status == "condition" and second.reason == "solves for \\lambda', introduced by a condition"
    from checks import audit_text
    steps = audit_text("# Q1\n\n$$a\\lambda' = a^{n+1}\\lambda$$\n").documents[0].steps
    assert [s.status for s in steps] == ["condition"] and "\\lambda'" in steps[0].reason


def test_a_step_with_a_new_name_that_holds_for_every_value_of_it_holds():
    from checks import audit_text
    doc = ("Adding a constant $b$ to every score changes nothing.\n\n"
           "$$\\frac{e^{s_j + b}}{\\sum_{l=1}^n e^{s_l + b}} = \\frac{e^{s_j}}{\\sum_{l=1}^n e^{s_l}}$$\n\n"
           "$$\\frac{e^{s_j + c}}{\\sum_{l=1}^n e^{s_l}} = \\frac{e^{s_j}}{\\sum_{l=1}^n e^{s_l}}$$\n")
    shift, other = audit_text(doc).documents[0].steps
    assert shift.status == "holds", shift.reason
    assert other.status == "condition" and other.reason == "introduces c"   # never wrong: c may be set by it


@pytest.mark.parametrize("latex", ["d_i > 0", "0 < \\beta", "x \\le 1", "\\alpha \\neq 0"])
def test_a_name_compared_with_a_constant_is_a_condition(latex):
    items = plan(f"$${latex}$$\n")
    assert [it.status for it in items] == ["condition"] and items[0].claim is None


def test_an_inequality_between_expressions_is_not_a_condition():
    items = plan("$$x^2 + 1 > 0$$\n")
    assert items[0].status == "undecided" and "not checked yet" in items[0].reason


@pytest.mark.parametrize("note, rel", [
    ("\\quad \\text{for } x \\ge 1", "x >= 1"),
    ("\\quad \\forall x > 1", "x > 1"),
    ("\\quad \\text{for all } x > 1", "x > 1"),
    ("\\qquad \\text{when } x \\geq 1", "x >= 1"),
])
def test_a_condition_beside_a_step_becomes_its_assumption(note, rel):
    items = plan(f"$$|x - 1| = x - 1 {note}$$\n")
    c = find(items, "|x - 1|").claim
    assert [str(a) for a in c.assume] == [rel]
    assert find(items, "|x - 1|").reading["assumptions"] == [rel]


def test_a_step_without_a_condition_has_no_assumption():
    c = find(plan("$$|x - 1| = x - 1$$\n"), "|x - 1|").claim
    assert c.assume == ()


def test_a_condition_in_the_prose_applies_to_the_next_display_only():
    items = plan("For $x > 1$:\n\n$$|x - 1| = x - 1$$\n\n$$|y - 1| = y - 1$$\n")
    assert [str(a) for a in find(items, "|x - 1|").claim.assume] == ["x > 1"]
    assert find(items, "|y - 1|").claim.assume == ()


def test_an_unreadable_condition_beside_a_step_is_a_hazard():
    items = plan("$$|x - 1| = x - 1 \\quad \\text{for } x \\in \\mathcal{Q}_+ \\ge \\spadesuit$$\n")
    it = find(items, "|x - 1|")
    assert any("could not be read" in h for h in it.hazards)


def test_i_neq_j_is_kept_as_a_hazard_not_silently_dropped():
    items = plan("$$x_i - x_j = x_i - x_j \\quad \\text{for } i \\neq j$$\n")
    it = find(items, "x_i - x_j")
    assert any("not used in the check" in h for h in it.hazards)


def test_abs_with_a_condition_beside_it_is_checked_with_it():
    it = find(plan("$$|x| = x \\quad \\text{for } x \\ge 0$$\n"), "|x|")
    assert it.status is None and [str(a) for a in it.claim.assume] == ["x >= 0"]


SOFTMAX = ("$$p_i = \\frac{e^{z_i}}{\\sum_{k=1}^{n} e^{z_k}}$$\n\n"
           "$$\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)$$\n\n")


@pytest.mark.parametrize("prose, step", [("For $i \\neq j$:", "-p_i p_j"), ("When $i = j$,", "p_i(1 - p_i)")])
def test_a_prose_condition_on_indices_is_carried_or_a_hazard(prose, step):
    from checks.prove.decide import decide
    items = plan(SOFTMAX + f"{prose}\n\n$$\\frac{{\\partial p_i}}{{\\partial z_j}} = {step}$$\n")
    it = items[-1]
    assert it.claim is not None
    if not it.hazards:
        assert decide(it.claim.lhs, it.claim.rhs, it.claim.assume, budget=20.0).status != "wrong"


# --- hazards: what keeps a reading from a certain wrong -------------------------------------------

def test_a_name_on_one_side_only_is_a_hazard():
    it = find(plan("$$G = (A - T)(1 - \\tanh(B)^2) = (A - T)(1 - A^2)$$\n"), "(A - T)(1 - \\tanh(B)^2)")
    assert any("B on one side only" in h for h in it.hazards)


def test_two_subscripted_names_that_may_be_one_entry_are_a_hazard():
    it = find(plan("$$s = \\omega_j + 1 = \\omega_{n-i+1} + 1$$\n"), "\\omega_j + 1")
    assert any("may name the same entry" in h for h in it.hazards)


def test_numbered_subscripts_are_distinct_names_without_a_hazard():
    it = find(plan("$$s = x_1 + x_2 = x_2 + x_1$$\n"), "x_1 + x_2")
    assert not any("same entry" in h for h in it.hazards)


def test_a_partial_of_an_undefined_loss_follows_the_graph_of_defined_names():
    items = plan("$$o = 3x$$\n\n$$\\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial o}"
                 "\\frac{\\partial o}{\\partial x}$$\n")
    it = find(items, "\\frac{\\partial L}{\\partial x}")
    # L is never defined: its partial by o is an unknown, and by x it goes through o = 3x
    upstream = sp.Symbol("\\partial L/\\partial o", real=True)
    assert it.claim.lhs == 3 * upstream and it.claim.rhs == 3 * upstream
    # the model of L (through o only) is the one hazard: a wrong under it would not be certain
    assert it.chain.downstream == "o" and it.hazards == (it.chain.hazard,)


def test_partials_the_chain_rule_ties_go_through_the_downstream_quantity_only():
    items = plan("$$z = w x + b$$\n\n$$a = \\sigma(z)$$\n\n"
                 "$$\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial a}\\frac{\\partial a}{\\partial z}"
                 "\\frac{\\partial z}{\\partial w}$$\n\n"
                 "$$\\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial z} w$$\n")
    it = find(items, "\\frac{\\partial L}{\\partial x}")
    # a = sigma(z) is made of z: \\partial L/\\partial x goes through a alone (not through a and z,
    # which counted the path twice), and so does \\partial L/\\partial z (chain.py)
    assert it.claim.lhs == it.claim.rhs and it.chain.downstream == "a"
    assert not any(h.startswith("partials read as unknowns") for h in it.hazards)


def test_a_definition_from_another_question_is_a_hazard():
    items = plan("# Q1\n\n$$u = 2$$\n\n# Q2\n\n$$u + u = 5$$\n")
    it = find(items, "u + u")
    assert any("set to 2 in Q1" in h for h in it.hazards)   # a number: read as any value (context)


def test_a_definition_from_the_same_question_is_no_hazard():
    items = plan("# Q1\n\n$$u = 2$$\n\n$$u + u = 5$$\n")
    assert find(items, "u + u").hazards == ()


def test_a_value_before_a_parenthesis_is_a_hazard():
    items = plan("$$s = y + 1$$\n\n$$t = y(a + b) = ya + yb$$\n")
    it = find(items, "y(a + b)")
    assert any("before a parenthesis" in h for h in it.hazards)


def test_a_value_name_inside_a_command_name_is_no_juxtaposition():
    items = plan("$$a + a = 2a$$\n\n$$k(x) = x\\sigma(x)$$\n\n$$k'(x) = \\sigma(x) + x\\sigma(x)$$\n")
    assert find(items, "k'(x)").hazards == ()


# --- other classification -------------------------------------------------------------------------

def test_a_decimal_result_is_a_value_claim_with_its_places():
    c = find(plan("$$\\sigma(1) = 0.731$$\n"), "\\sigma(1)").claim
    assert isinstance(c, Value) and c.places == 3


def test_a_closed_step_with_an_integer_result_is_an_identity():
    c = find(plan("$$0.5 \\times 0.4 = 0.3$$\n"), "0.5 \\times 0.4").claim
    assert isinstance(c, Value) and c.places == 1 and c.computed == sp.Rational(1, 5)


def test_an_unreadable_side_is_not_read_with_the_reader_reason():
    it = find(plan("$$y(a+b) = 2ab$$\n"), "y(a+b)")
    assert it.status == "not_read" and it.claim is None and "y" in it.reason


def test_a_relation_other_than_equality_is_undecided_with_its_name():
    it = plan("$$x^2 + 1 \\ge 2x$$\n")[0]
    assert it.status == "undecided" and "\\ge" in it.reason


def test_steps_on_one_line_are_numbered():
    items = plan("$$s = a + a = 2a = a + a$$\n")
    assert [it.index for it in items] == [1, 2, 3]


def test_the_head_sum_formula_with_bounded_sizes_is_an_identity_with_sizes():
    # a chain step (not the head): the sum's limit n is a size checked over 1..4 by default
    c = find(plan("$$S = \\sum_{k=1}^{n} k = \\frac{n^2+n}{2}$$\n"), "\\sum_{k=1}^{n} k").claim
    assert isinstance(c, Identity)
    assert {s.name: (min(r), max(r)) for s, r in c.sizes.items()} == {"n": (1, 4)}


def test_a_sizes_directive_sets_the_range():
    c = find(plan("<!-- derivcheck: sizes n = 2..6 -->\n$$S = \\sum_{k=1}^{n} k = \\frac{n^2+n}{2}$$\n"),
             "\\sum_{k=1}^{n} k").claim
    assert {s.name: (min(r), max(r)) for s, r in c.sizes.items()} == {"n": (2, 6)}


@pytest.mark.parametrize("latex", ["(1-\\beta)\\sum_{k=1}^{t}\\beta^{t-k} = 1 - \\beta^{t+1}",
                                   "\\sum_{k=1}^{n} k = n^2"])
def test_a_sum_formula_as_the_first_step_is_checked(latex):
    it = plan(f"# Q4.4\n\n$${latex}$$\n")[0]
    assert it.status is None and isinstance(it.claim, Identity)


# --- directives reach the plan ---------------------------------------------------------------------

def test_file_directive_assumption_reaches_every_step():
    items = plan("<!-- derivcheck-file: assume x > 1 -->\n$$|x - 1| = x - 1$$\n\n$$|x - 2| + 1 = |x - 2| + 1$$\n")
    for it in items:
        assert "x > 1" in [str(a) for a in it.claim.assume]


def test_file_directive_assumption_is_listed_once():
    it = plan("<!-- derivcheck-file: assume x > 1 -->\n$$|x - 1| = x - 1$$\n")[0]
    assert [str(a) for a in it.claim.assume] == ["x > 1"]


def test_a_display_directive_applies_to_its_display_only():
    items = plan("<!-- derivcheck: assume x > 1 -->\n$$|x - 1| = x - 1$$\n\n$$|x - 3| = x - 3$$\n")
    assert [str(a) for a in find(items, "|x - 1|").claim.assume] == ["x > 1"]
    assert find(items, "|x - 3|").claim.assume == ()


def test_an_index_directive_applies_to_its_display_only():
    items = plan("<!-- derivcheck: index i -->\n$$x_i + x_i = 2x_i$$\n\n$$u_i + u_i = 2u_i$$\n")
    assert "x[i]" in str(find(items, "x_i + x_i").claim.lhs)
    assert "u_i" in names(find(items, "u_i + u_i").claim.lhs)


def test_let_define_and_skip_directives():
    items = plan("<!-- derivcheck: let \\phi = sigmoid -->\n$$\\phi(-x) = 1 - \\phi(x)$$\n\n"
                 "<!-- derivcheck: define L(p) = \\log\\frac{p}{1-p} -->\n$$L(\\sigma(z)) = z$$\n\n"
                 "<!-- derivcheck: skip: a figure -->\n$$a + a = 3a$$\n")
    assert "sigmoid" in str(find(items, "\\phi(-x)").claim.lhs)
    assert not applied(find(items, "L(\\sigma(z))").claim.lhs)
    sk = find(items, "a + a")
    assert (sk.status, sk.reason, sk.claim) == ("skipped", "a figure", None)


def test_expect_wrong_marks_the_display_steps():
    items = plan("<!-- derivcheck: expect wrong: minor: sign slip -->\n$$s = a - a = 1$$\n")
    assert {(it.declared, it.severity, it.note) for it in items} == {("wrong", "minor", "sign slip")}


def test_label_directive_sets_the_location():
    items = plan("# Q1\n\n<!-- derivcheck: label Q9.9 -->\n$$a + a = 2a$$\n\n$$b + b = 2b$$\n")
    assert [it.step.location for it in items] == ["Q9.9", "Q1"]


@pytest.mark.parametrize("directive, message", [
    ("define 2 = x", "the left side must be a name"),
    ("assume x >", "cannot read"),
])
def test_a_directive_the_plan_cannot_use_is_a_one_line_error(directive, message):
    with pytest.raises(ParseError) as e:
        plan(f"<!-- derivcheck: {directive} -->\n$$a = a$$\n")
    assert message in str(e.value) and "\n" not in str(e.value)


def test_an_assumption_the_engine_cannot_take_is_a_directive_error():
    with pytest.raises(ParseError):
        plan("<!-- derivcheck-file: assume \\beta + \\gamma > 0 -->\n$$a + a = 3a$$\n")


def test_a_greek_name_written_as_a_word_in_assume_is_the_letter():
    """DESIGN's own example writes 'assume 0 < beta < 1': beta is \\beta, not b*e*t*a."""
    it = plan("<!-- derivcheck-file: assume 0 < beta < 1 -->\n$$\\beta + \\beta = 2\\beta$$\n")[0]
    assert sorted(str(a) for a in it.claim.assume) == ["0 < \\beta", "\\beta < 1"]


def test_planner_without_directives_runs_on_latex():
    p = Planner("d.tex", "\\section{Q1}\n\\begin{align}\nf &= a + a \\\\\n  &= 2a\n\\end{align}\n", "latex").run()
    assert [it.step.relation for it in p.items] == ["=", "="]
    assert p.items[0].status == "definition" and isinstance(p.items[1].claim, Identity)
