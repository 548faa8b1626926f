"""Definitions in the preamble of a section hold in every question of that section.

A document that states its setup under its title (``# Problem set 3``, ``Let $r = \\|x\\|$``)
and then answers ``Problem 2(a)``, ``Problem 2(b)``, ... means that setup in each of them. A
definition made under a question stays that question's: using it in another question is a
hazard (the other question may mean something else), and so is one made in the preamble of a
plain section (``## Part A``) used after the next plain heading of its level (``## Part B``).
"""
from __future__ import annotations

from checks.io.audit import audit_text, displays
from checks.io.audit.parse.locate import labels, location_at, scopes


def _statuses(text: str, kind: str = "markdown") -> dict:
    report = audit_text(text, kind)
    return {(s.line, s.from_.strip()): (s.status, s.reason or "") for s in report.documents[0].steps}


def test_scopes_paths_follow_plain_headings_not_questions():
    text = "# Title\nx\n## Problem 1\n(a)\ny\n## Appendix\nz\n### Notes\nw\n## Summary\nv\n"
    table = scopes(text)
    at = lambda word: location_at(table, text.index(word))
    assert at("x") == ((1,), True)            # under the title, no question yet: its preamble
    assert at("y") == ((1,), False)           # a named heading does not open a section
    assert at("z") == ((1, 2), True)          # a plain heading one level down opens one
    assert at("w") == ((1, 2, 3), True)
    assert at("v") == ((1, 4), True)          # the next heading of its level closes the appendix
    assert labels(text)[1] == [None, "Title", "Problem 1", "Problem 1(a)", "Appendix", "Notes", "Summary"]


def test_latex_sections_give_levels():
    text = "\\section{Setup}\nONE\n\\subsection{Problem 1}\nTWO\n\\section{Appendix}\nTHREE\n"
    table = scopes(text, "latex")
    assert location_at(table, text.index("ONE")) == ((1,), True)
    assert location_at(table, text.index("TWO")) == ((1,), False)
    assert location_at(table, text.index("THREE")) == ((2,), True)


def test_displays_carry_their_section():
    text = "# Notes\n\n$$r = 2$$\n\n## Problem 1\n\n$$r + 1 = 3$$\n"
    found = displays(text)
    assert [(d.section, d.preamble) for d in found] == [((1,), True), ((1,), False)]


TITLE = """# Geometry of embeddings - Problem 2 - Solution notes

Let $\\mathbf x \\in \\mathbb R^d$ with norm $r = \\sqrt{\\sum_{k=1}^d x_k^2}$.

**Problem 2(a).** The gradient of the norm:

$$\\sum_{j=1}^d x_j \\frac{\\partial r}{\\partial x_j} = 2r$$

**Problem 2(b).**

$$\\sum_{j=1}^d x_j \\frac{\\partial r}{\\partial x_j} = r$$
"""


def test_a_title_preamble_definition_is_used_in_its_questions():
    got = _statuses(TITLE)
    wrong = [v for (line, lhs), v in got.items() if line == 7]
    right = [v for (line, lhs), v in got.items() if line == 11]
    assert wrong[0][0] == "wrong"          # sum_j x_j dr/dx_j = r (Euler), not 2r
    assert right[0][0] == "holds"


def test_a_plain_section_preamble_ends_at_the_next_heading_of_its_level():
    text = TITLE.replace("**Problem 2(a).**", "## Exercises\n\n**Problem 2(a).**").replace(
        "# Geometry", "## Notation: geometry")
    got = _statuses(text)
    assert "wrong" not in [v[0] for v in got.values()]      # the notation section's r may not be this one's
    assert any("is used as defined in Notation" in v[1] for v in got.values())


def test_a_definition_made_in_a_question_stays_that_questions():
    text = ("# Sheet\n\n## Problem 1\n\n$$r = \\sqrt{x^2 + y^2}$$\n\n## Problem 2\n\n"
            "$$x \\frac{\\partial r}{\\partial x} + y \\frac{\\partial r}{\\partial y} = 2r$$\n")
    got = _statuses(text)
    last = [v for (line, lhs), v in got.items() if line == 9][0]
    assert last[0] == "undecided" and "is used as defined in Problem 1" in last[1]


def test_a_set_said_of_an_arrays_entries_doubts_a_step_that_uses_the_array():
    # t_k is given a formula in one part and said to be one-hot in the next: the wrong the
    # carried formula makes is the reading's, not the document's
    text = ("# Worksheet\n\n**Part B.**\n\n$$t_k = \\sum_{j=1}^{m} V_{kj} u_j$$\n\n"
            "**Part D.** With $q_k = \\frac{e^{z_k}}{\\sum_{i=1}^{K} e^{z_i}}$ and a one-hot target "
            "(so $t_k \\in \\{0,1\\}$), the cross-entropy gives\n\n"
            "$$\\frac{\\partial}{\\partial z_k} \\left( -\\sum_{i=1}^{K} t_i \\log q_i \\right) = q_k - t_k$$\n")
    got = _statuses(text)
    last = [v for (line, lhs), v in got.items() if line == 9][0]
    assert last[0] == "undecided" and "t_k \\in \\{0,1\\}" in last[1]


def test_a_redefinition_of_an_entry_redefines_the_array_too():
    # y_k = a_k (inline), then the display y_k = sigma(a_k): E's sum over y_k must use the new
    # formula; the stale entries made dE/da_k = y_k - t_k a false wrong
    text = ("### Exercise 6\n\nFor regression $y_k = a_k$; for classification\n\n$$y_k = \\sigma(a_k)$$\n\n"
            "with $E = -\\sum_k \\left[ t_k \\log y_k + (1 - t_k) \\log(1 - y_k) \\right]$.\n\n"
            "**6.1**\n\n$$\\frac{\\partial E}{\\partial a_k} = y_k - t_k$$\n")
    got = _statuses(text)
    step = [v for (line, lhs), v in got.items() if line == 11][0]
    assert step[0] == "holds" or step[1].startswith("holds as read")   # "for classification": a new case
