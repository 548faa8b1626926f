"""Steps that once came out `wrong` although the document was right (each found while
building the audit), and the real errors beside them that must stay `wrong`.

Every document here is small and written for the test. A test fails if the step is
reported wrong (soundness) or, for the real errors, if it is not (the check still bites).
"""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _steps(text: str, kind: str = "markdown"):
    return audit_text(text, kind, cache=False, jobs=1).documents[0].steps


def _at(steps, line: int):
    found = [s for s in steps if s.line == line]
    assert found, f"no step at line {line}: {[(s.line, s.from_, s.to) for s in steps]}"
    return found


NEVER_WRONG = {
    # e named in the prose as the error, not Euler's number
    "error_e": ("The error is $e = y - \\hat{y}$ and the loss is\n\n$$L = \\frac{1}{2} e^2$$\n\n"
                "$$\\frac{\\partial L}{\\partial \\hat{y}} = -e$$\n", 5),
    # a size that ends a sum starts where the sum starts: n >= 0, not n = -1
    "binomial_sum": ("$$\\sum_{k=0}^{n} \\binom{n}{k} = 2^n$$\n", 1),
    # s = w_1 + w_2 said in words; its value 3.3 is s at one point, not a constant
    "value_inside_derivative": ("$$L = w_3 s, \\quad \\frac{\\partial L}{\\partial w_3} = s = 3.3$$\n\n"
                                "$$\\frac{\\partial L}{\\partial w_2} = w_3 = 5.7$$\n", 3),
    # holds for positive values only: undecided, not wrong
    "positive_only": ("$$\\log(ab) = \\log a + \\log b$$\n", 1),
    # Z = tanh(Y) said in words
    "relation_in_words": ("Here $Z$ is the output of the tanh layer.\n\n"
                          "$$(Z - T)(1 - \\tanh^2(Y)) = (Z - T)(1 - Z^2)$$\n", 3),
    # rounded decimals carried through
    "rounded": ("With $h = 0.731$:\n\n$$-1.2 \\times 0.731 + 0.5 = -0.377$$\n", 3),
    # two names of one vector entry
    "entries": ("$$\\omega_j = \\omega_{n-i+1}$$\n", 1),
}

CHAIN_RULE = {
    # the chain rule through an undefined loss; the last step writes x_1 for x_2
    "chain_rule": ("$$o = x_1 x_2, \\quad \\frac{\\partial o}{\\partial x_2} = x_1$$\n\n"
                   "$$\\frac{\\partial L}{\\partial x_1} = \\frac{\\partial L}{\\partial o} "
                   "\\frac{\\partial o}{\\partial x_1} = \\frac{\\partial L}{\\partial o} x_1$$\n", 3),
}


@pytest.mark.parametrize("name", sorted(NEVER_WRONG))
def test_never_wrong(name):
    text, line = NEVER_WRONG[name]
    for s in _at(_steps(text), line):
        assert s.status != "wrong", (name, s.from_, s.to, s.reading, s.counterexample)


MUST_BE_WRONG = {
    "sign_slip": ("$$\\frac{1}{1+e^{x}} - 1 = \\frac{1 - e^{x}}{1 + e^{x}}$$\n", 1),
    "geometric_sum": ("$$(1 - \\beta) \\sum_{k=1}^{t} \\beta^{t-k} = 1 - \\beta^{t+1}$$\n", 1),
    "tanh_sigmoid": ("$$\\tanh(x) = 2\\sigma(x) - 1$$\n", 1),
    "arithmetic": ("$$0.5 \\times 0.4 = 0.3$$\n", 1),
}


@pytest.mark.parametrize("name", sorted(MUST_BE_WRONG))
def test_must_be_wrong(name):
    text, line = MUST_BE_WRONG[name]
    (s,) = _at(_steps(text), line)
    assert s.status == "wrong", (name, s.status, s.reason, s.detail)
    assert s.reading is not None and (s.counterexample or s.residual or s.correct)


def test_chain_rule_of_the_graph_holds():
    """x_1 and x_2 are the variables of the document's derivatives and never differentiated
    themselves: inputs, independent of each other. The chain rule step then holds (dL/do * x_2
    is what the graph gives). The last step writes x_1 for x_2: wrong as read, but a name on
    one side only may come from a relation said in words, so it is undecided, never holds."""
    text, line = CHAIN_RULE["chain_rule"]
    first, second = _at(_steps(text), line)
    assert first.status == "holds", (first.status, first.reason)
    assert second.status == "undecided" and "one side only" in second.reason, (second.status, second.reason)


def test_a_definition_carries_forward_and_an_update_gives_the_new_value():
    text = ("$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n$$\\sigma(-z) = 1 - \\sigma(z)$$\n\n"
            "With $w = 1$ and $\\eta = 0.1$, $g = 2$:\n\n$$w = w - \\eta g = 1 - 0.1 \\cdot 2 = 0.8$$\n\n"
            "$$2w = 1.6$$\n")
    steps = _steps(text)
    assert [s.status for s in _at(steps, 3)] == ["holds"]
    assert [s.status for s in _at(steps, 7)] == ["definition", "holds", "holds"]
    assert [s.status for s in _at(steps, 9)] == ["holds"]


@pytest.mark.parametrize("a, b, apart", [
    ("t", "t-1", True), ("{t-1}", "{t-2}", True), ("t,i", "t+1,i", True), ("1", "2", True),
    ("j", "n-i+1", False), ("i", "j", False), ("k", "k", False), ("\\alpha", "t", False)])
def test_subscripts_that_never_name_one_entry(a, b, apart):
    """g_t and g_{t-1} are different entries whatever t is; omega_j and omega_{n-i+1} may be one."""
    from checks.io.audit.planning.plan import _apart, _subscript
    assert _apart(_subscript(a), _subscript(b)) is apart


def test_a_limit_arrow_separates_statements():
    from checks.io.audit import extract
    steps = extract("$$a_t = 1 - \\mu^t \\to 1 \\quad (t \\to \\infty)$$\n")
    assert [(s.from_, s.to) for s in steps] == [("a_t", "1 - \\mu^t")]


def test_approximately_is_checked_between_a_value_and_a_number():
    steps = _steps("$$\\frac{e - 1}{2} \\approx 0.859$$\n\n$$\\sigma(1) \\approx 0.5$$\n\n$$x \\approx 2$$\n")
    assert [s.status for s in steps] == ["holds", "wrong", "undecided"]
    assert steps[1].correct or steps[1].detail


def test_one_figure_integer_is_exact_but_many_figures_are_rounded():
    steps = _steps("$$\\sigma(-1) = 0$$\n\n$$e^{10} = 22026$$\n\n$$e^{-20} = 2 \\times 10^{-9}$$\n")
    assert [s.status for s in steps] == ["wrong", "holds", "holds"]


RED_TEAM_3 = {
    # two aligned relations on one row are columns, not a chain
    "align columns": ("\\begin{align*}\n\\tanh(0) &= 0 & \\tanh'(0) &= 1\n\\end{align*}\n", "latex"),
    # an equation number after spacing is no factor
    "equation number": ("$$\\sigma(0) = \\frac{1}{2} \\qquad (3.2)$$\n", "markdown"),
    # a display in a macro body of the preamble is not a statement of the document
    "preamble": ("\\documentclass{article}\n\\newcommand{\\bad}{\\[ (a+b)^2 = a^2 + b^2 \\]}\n"
                 "\\begin{document}\n\\[ (a+b)^2 = a^2 + 2ab + b^2 \\]\n\\end{document}\n"
                 "\\[ (a+b)^2 = a^2 + b^2 \\]\n", "latex"),
    # the text itself calls the display a mistake
    "disowned": ("A common mistake is to write\n\n$$\\sigma'(z) = \\sigma(z)(1 + \\sigma(z))$$\n\n"
                 "which is incorrect.\n", "markdown"),
    # a rational value written as a rounded integer of three figures
    "rounded rational": ("$$\\frac{50000}{128} = 391$$\n", "markdown"),
    # braceless powers show as 2^1 0
    "braceless": ("$$2^10 = 1024$$\n", "markdown"),
}


@pytest.mark.parametrize("name", sorted(RED_TEAM_3))
def test_red_team_three_never_wrong(name):
    text, kind = RED_TEAM_3[name]
    for s in _steps(text, kind):
        assert s.status != "wrong", (name, s.from_, s.to, s.reading, s.counterexample)


def test_text_so_splits_statements_and_a_parenthetical_note_keeps_the_chain():
    steps = _steps("$$\\sigma(0) = \\tfrac{1}{2} \\text{, so } \\sigma'(0) = \\tfrac{1}{2}$$\n\n"
                   "$$(a+b)^2 = a^2 + 2ab + b^2 \\text{ (expand) } = a^2 + b^2$$\n")
    assert [s.status for s in steps] == ["holds", "wrong", "holds", "wrong"]


def test_a_commuted_matrix_product_never_holds():
    text = ("Two linear layers with weight matrices $W_1$ and $W_2$ compute $h = W_2 W_1 x$.\n\n"
            "$$W_2 W_1 x = W_1 W_2 x$$\n")
    assert _steps(text)[0].status != "holds"


def test_a_function_defined_by_the_entries_of_its_argument_is_not_called_at_another_vector():
    # p_i(z) = e^{z_i} / sum_j e^{z_j} at 2z: putting 2z in for z left the entries z_i as they
    # were, and the false p_i(2z) = p_i(z) held (red team rt9, 14:13)
    text = ("For logits $\\mathbf z \\in \\mathbb R^K$, $p_i(\\mathbf z) = \\frac{e^{z_i}}{\\sum_{j=1}^K e^{z_j}}$ "
            "and $g(\\mathbf z) = \\log \\sum_{j=1}^K e^{z_j}$.\n\n"
            "$$p_i(2\\mathbf z) = p_i(\\mathbf z)$$\n\n"
            "$$\\frac{\\partial g(\\mathbf z)}{\\partial z_i} = p_i(\\mathbf z)$$\n")
    steps = _steps(text)
    (twice,) = _at(steps, 3)
    assert twice.status == "not_read" and "entries" in twice.reason
    (grad,) = _at(steps, 5)
    assert grad.status == "holds"     # the same call at its own argument is still put in


def test_capitals_made_of_declared_matrices_and_the_identity_are_no_numbers():
    # P defined from the declared X is a matrix, I beside it the identity: read as numbers,
    # (I - P)^2 = I - P was wrong at I = 0, P = 1 (red team rt9, 16:19); true for projections
    text = ("$X \\in \\mathbb R^{N \\times d}$ has full column rank and $P = X (X^\\top X)^{-1} X^\\top$.\n\n"
            "$$(I - P)^2 = I - P$$\n\n"
            "$$(K - 1)^2 = K^2 - 2K + 1$$\n")
    steps = _steps(text)
    (proj,) = _at(steps, 3)
    assert proj.status != "wrong" and "read here as numbers" in proj.reason, (proj.status, proj.reason)
    (count,) = _at(steps, 5)
    assert count.status == "holds"      # a capital that is a number stays a number
