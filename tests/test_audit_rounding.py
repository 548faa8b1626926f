"""Numbers a document writes rounded, read as the intervals they stand for
(checks/io/audit/reading/rounding.py).

A step computed from rounded values (``w_2 h + b_2 = -1.2 \\times 0.731 + 0.5`` after
``h = \\sigma(1) = 0.731``) holds ``numeric`` "within the document's rounding" when the two
sides are equal at values within the rounding of the numbers it writes (certified); a step
certainly outside stays ``undecided`` within the old leniency (1 %, the last digit) and
``wrong`` beyond it.
"""
from __future__ import annotations

import re

import pytest
import sympy as sp

from checks import dl
from checks.io.audit import audit_text
from checks.io.audit.reading import rounding
from checks.io.audit.reading.rounding import Number, Rounding, rounded_numbers, settle

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

R = sp.Symbol("R", real=True)


def _steps(text: str):
    return audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps


def _step(steps, frm: str, to: str):
    found = [s for s in steps if s.from_.strip() == frm and s.to.strip() == to]
    assert len(found) == 1, (frm, to, [(s.line, s.from_, s.to, s.status) for s in steps])
    return found[0]


def _number(text: str, half: str | None = None) -> Number:
    places = len(text.split(".")[1])
    return Number(text, sp.Rational(text), sp.Rational(half) if half else sp.Rational(1, 2) / 10 ** places)


# -- which written decimals are rounded values ------------------------------------------------

@pytest.mark.parametrize("latex, given, rounded", [
    ("-1.2 \\times 0.731 + 0.5", (), ["0.731"]),                 # one place: a parameter
    ("1.6524 \\times 0.197", (), ["1.6524", "0.197"]),           # a 4-place product of 3-place values
    ("\\frac{0.001 \\times 0.2526}{\\sqrt{0.0650}}", (), ["0.2526", "0.0650"]),   # 0.001: one figure
    ("0.999 \\times 0.00004 + 0.05", ("0.999",), []),            # beta_2 = 0.999 given; one figure
    ("-0.377 - 1", ("-0.377",), []),                             # the value of a name, with its sign
    ("0.731 + 0.731", (), ["0.731"]),                            # one number, once
    ("\\sigma(1.0) + 2.50", (), ["2.50"]),                      # 1.0 one place; 2.50 two places
])
def test_rounded_numbers_rule(latex, given, rounded):
    got = rounded_numbers(latex, {sp.Rational(g) for g in given})
    assert [n.text for n in got] == rounded


def test_a_number_stands_for_half_a_unit_of_its_last_place():
    (n,) = rounded_numbers("0.2318")
    assert (n.value, n.half) == (sp.Rational(2318, 10000), sp.Rational(1, 20000))
    assert n.shown() == "0.2318 read as 0.2318 \u00b1 0.00005"


def test_placeholders_avoid_names_the_document_writes():
    assert rounding.placeholder_base("x = 1") == "\\mathrm{R}"
    assert rounding.placeholder_base("the set \\mathrm{R} of reals") == "\\mathrm{Q}"
    assert rounding.with_placeholders("-1.2 \\times 0.731 + 0.5", {"0.731": "\\mathrm{R}_1"}) \
        == "-1.2 \\times  \\mathrm{R}_1  + 0.5"


# -- the certificate ------------------------------------------------------------------------

def test_inside_the_rounding_is_a_sign_change_between_corners():
    found = settle(Rounding(dl.sigmoid(1), R, ((R, _number("0.731")),)))
    assert found.inside is True
    assert "0.731 read as 0.731 \u00b1 0.0005" in found.detail


@pytest.mark.parametrize("written", ["0.732", "0.7305", "0.73"])
def test_outside_the_rounding_is_certified_and_names_the_ranges(written):
    # sigma(1) = 0.7310585...: 0.732 rounds the other way; 0.7305 +/- 0.00005 misses it;
    # 0.73 +/- 0.005 holds it
    found = settle(Rounding(dl.sigmoid(1), R, ((R, _number(written)),)))
    if written == "0.73":
        assert found.inside is True
    else:
        assert found.inside is False
        assert "the left side is 0.731059" in found.detail


def test_a_range_reached_inside_the_box_only_is_not_called_inside():
    # R (1 - R) over 0.5 +/- 0.05 spans [0.2475, 0.25], its maximum inside the box: the corners
    # (0.2475 both) show no sign change against 0.2499, and the interval enclosure holds 0.26
    # as well (dependency), so neither value is settled either way
    n = _number("0.50", "1/20")
    for c in ("0.2499", "0.26"):
        found = settle(Rounding(sp.Rational(c), R * (1 - R), ((R, n),)))
        assert found.inside is None, (c, found)


def test_an_operation_not_known_continuous_is_not_settled():
    found = settle(Rounding(sp.Integer(7), sp.floor(10 * R), ((R, _number("0.731")),)))
    assert found.inside is None and "not settled" in found.detail


def test_a_rounding_that_reaches_a_pole_is_not_settled():
    # 1/R with R = 0.01 +/- 0.02 (a box through 0): no continuity, no verdict
    found = settle(Rounding(sp.Integer(50), 1 / R, ((R, _number("0.01", "1/50")),)))
    assert found.inside is None


def test_two_rounded_numbers_on_both_sides():
    # 0.120 and 0.672 written: (1/2)(0.120 + 1)^2 = 0.6272 is far from 0.672 +/- 0.0005
    S = sp.Symbol("S", real=True)
    found = settle(Rounding((R + 1) ** 2 / 2, S, ((R, _number("0.120")), (S, _number("0.672")))))
    assert found.inside is False
    found = settle(Rounding((R + 1) ** 2 / 2, S, ((R, _number("0.120")), (S, _number("0.627")))))
    assert found.inside is True


# -- documents ---------------------------------------------------------------------------------

FORWARD = """# Quiz: a forward pass by hand

**Q1.** A unit computes $z = w x + b$ and $h = \\tanh(z)$, with $w = 0.5$, $x = 2$, $b = -0.5$. Keep four decimals.

$$z = w x + b = 0.5 \\times 2 - 0.5 = 0.5$$

$$h = \\tanh(0.5) = 0.4621$$

$$\\frac{\\partial h}{\\partial z} = 1 - h^2 = 1 - 0.4621^2 = 0.7865$$

**Q2.** A sigmoid unit with $a = \\sigma(u)$, $u = 1.5$, and output $y = 2 a - 1$. Keep three decimals.

$$a = \\sigma(1.5) = 0.818$$

$$y = 2 a - 1 = 2 \\times 0.818 - 1 = 0.636$$

$$a(1 - a) = 0.818 \\times 0.182 = 0.149$$

**Q3.** Logits $s_1 = 1$, $s_2 = 2$, $s_3 = 3$; the softmax probability of class 3 is $p = \\frac{e^{s_3}}{e^{s_1} + e^{s_2} + e^{s_3}}$ and the loss is $L = -\\log p$.

$$p = \\frac{e^{3}}{e^{1} + e^{2} + e^{3}} = 0.665$$

$$L = -\\log p = -\\log 0.665 = 0.408$$
"""

ADAM = """# Adam by hand

**Q1.** One parameter, Adam with $\\beta_1 = 0.9$, $\\beta_2 = 0.999$, $\\eta = 0.001$, $\\epsilon = 10^{-8}$. After two steps with gradients $0.2$ and $0.3$ the moments are $m = 0.048$ and $v = 0.00012996$.

$$\\hat{m} = \\frac{m}{1 - \\beta_1^2} = \\frac{0.048}{0.19} = 0.2526$$

$$\\hat{v} = \\frac{v}{1 - \\beta_2^2} = \\frac{0.00012996}{0.001999} = 0.0650$$

$$\\Delta = \\frac{\\eta \\hat{m}}{\\sqrt{\\hat{v}} + \\epsilon} = \\frac{0.001 \\times 0.2526}{\\sqrt{0.0650} + 10^{-8}} = 0.000991$$
"""

BORDER = """# Borderline cases

**Q1.** $h = \\tanh(z)$ at $z = 0.5$, and $w = 2$.

$$h = \\tanh(0.5) = 0.4622$$

$$w h = 2 \\times 0.4622 = 0.9244$$

**Q2.** $a = \\sigma(2)$ and $b = 3 a$.

$$a = \\sigma(2) = 0.881$$

$$b = 3 a = 3 \\times 0.881 = 2.643$$

$$b^2 = 2.643^2 = 6.985$$

**Q3.** $q = \\sigma(1)$, $c = -1.2$, $d = 0.5$.

$$q = \\sigma(1) = 0.731$$

$$c q + d = -1.2 \\times 0.731 + 0.5 = -0.337$$

$$c q - d = -1.2 \\times 0.731 + 0.5$$
"""


@pytest.fixture(scope="module")
def forward():
    return _steps(FORWARD)


@pytest.mark.parametrize("frm, to, numbers", [
    ("1 - h^2", "1 - 0.4621^2", ["0.4621 read as 0.4621 \u00b1 0.00005"]),          # tanh, 4 places
    ("2 a - 1", "2 \\times 0.818 - 1", ["0.818 read as 0.818 \u00b1 0.0005"]),      # sigmoid, 3 places
    ("a(1 - a)", "0.818 \\times 0.182", ["0.818 read as", "0.182 read as"]),
    ("-\\log p", "-\\log 0.665", ["0.665 read as 0.665 \u00b1 0.0005"]),             # softmax, a loss
])
def test_forward_pass_steps_hold_within_the_rounding(forward, frm, to, numbers):
    s = _step(forward, frm, to)
    assert (s.status, s.strength, s.method) == ("holds", "numeric", "within the document's rounding")
    assert s.counterexample is None
    for n in numbers:
        assert n in s.detail


def test_forward_pass_has_nothing_left_undecided(forward):
    assert {s.status for s in forward} == {"holds"}, [(s.line, s.from_, s.to, s.status, s.reason)
                                                      for s in forward if s.status != "holds"]


def test_the_exact_steps_keep_their_own_verdicts(forward):
    # rounded results (= 0.7865) are checked to their places as before: the arithmetic of the
    # numbers written rounds to the result
    s = _step(forward, "1 - 0.4621^2", "0.7865")
    assert s.status == "holds" and s.method != "within the document's rounding"


def test_adam_step_with_bias_correction():
    steps = _steps(ADAM)
    s = _step(steps, "\\frac{\\eta \\hat{m}}{\\sqrt{\\hat{v}} + \\epsilon}",
              "\\frac{0.001 \\times 0.2526}{\\sqrt{0.0650} + 10^{-8}}")
    assert (s.status, s.strength) == ("holds", "numeric")
    assert "0.2526 read as 0.2526 \u00b1 0.00005" in s.detail and "0.0650 read as" in s.detail
    assert "0.001 read as" not in s.detail          # eta = 0.001 is given: exact
    assert all(s.status in {"holds", "definition"} for s in steps)


@pytest.fixture(scope="module")
def border():
    return _steps(BORDER)


def test_a_value_rounded_the_other_way_is_undecided(border):
    # tanh(0.5) = 0.46212: 0.4622 is off in its last digit; 2 x 0.4622 is then outside the
    # rounding of 0.4622 (2 h = 0.92423), within 1 %
    assert _step(border, "\\tanh(0.5)", "0.4622").status == "undecided"
    s = _step(border, "w h", "2 \\times 0.4622")
    assert s.status == "undecided"
    assert "outside the rounding of the numbers it writes" in s.reason
    assert "the left side is 0.924234" in s.detail


def test_a_result_carried_from_a_rounder_intermediate_is_undecided(border):
    # b = 3 sigma(2) = 2.64239, written 2.643 = 3 x 0.881: b^2 = 2.643^2 is outside the rounding
    # of 2.643 but within 1 %
    assert _step(border, "3 a", "3 \\times 0.881").status == "holds"
    s = _step(border, "b^2", "2.643^2")
    assert s.status == "undecided" and "outside the rounding" in s.reason


def test_an_arithmetic_slip_stays_wrong(border):
    s = _step(border, "-1.2 \\times 0.731 + 0.5", "-0.337")     # the numbers give -0.3772
    assert s.status == "wrong" and s.correct == "-377/1000"
    s = _step(border, "c q - d", "-1.2 \\times 0.731 + 0.5")    # the sign of d: -1.377 against -0.377
    assert s.status == "wrong" and s.counterexample is not None
    assert "no values within the rounding make them equal" in s.detail
    assert _step(border, "c q + d", "-1.2 \\times 0.731 + 0.5").status == "holds"


def test_a_hazard_that_doubts_a_holds_doubts_a_holds_within_rounding():
    # sigma also names a standard deviation here: the reading may not be the document's
    text = "The noise has $\\sigma^2 = 4$.\n\n$$2 \\sigma(1) = 2 \\times 0.731$$\n"
    s = _step(_steps(text), "2 \\sigma(1)", "2 \\times 0.731")
    assert s.status == "undecided" and s.reason.startswith("holds within the document's rounding as read")


APPROX = """# Approximately

**Q1.** $h = \\sigma(1)$, $w = -1.2$, $b = 0.5$.

$$w h + b \\approx -1.2 \\times 0.731 + 0.5 \\approx -0.377$$

$$w h - b \\approx -1.2 \\times 0.731 + 0.5$$

$$\\sqrt{2} \\approx \\frac{99}{70}$$

$$\\log(1.5) \\approx 0.5 - 0.125$$
"""


def test_approximately_between_two_values_is_checked_within_the_rounding():
    steps = _steps(APPROX)
    s = _step(steps, "w h + b", "-1.2 \\times 0.731 + 0.5")
    assert (s.status, s.strength, s.method) == ("holds", "numeric", "within the document's rounding")
    assert _step(steps, "-1.2 \\times 0.731 + 0.5", "-0.377").status == "holds"
    # \approx says not how close: outside the rounding (a sign slip, a truncated series, no
    # decimals at all) it is undecided, never wrong
    for frm, to in (("w h - b", "-1.2 \\times 0.731 + 0.5"), ("\\sqrt{2}", "\\frac{99}{70}"),
                    ("\\log(1.5)", "0.5 - 0.125")):
        s = _step(steps, frm, to)
        assert s.status == "undecided" and "\\approx says not how close" in s.reason, (frm, s.reason)


SOFTMAX = """# Softmax

**Q1.** Logits $z = (1, 2, 3)$ and $S = e^1 + e^2 + e^3$.

$$\\begin{bmatrix} \\frac{e^1}{S} \\\\ \\frac{e^2}{S} \\\\ \\frac{e^3}{S} \\end{bmatrix} = \\begin{bmatrix} 0.090 \\\\ 0.245 \\\\ 0.665 \\end{bmatrix}$$

$$\\begin{bmatrix} \\frac{e^1}{S} \\\\ \\frac{e^3}{S} \\end{bmatrix} = \\begin{bmatrix} 0.09 \\\\ 0.67 \\end{bmatrix}$$

$$2 \\begin{bmatrix} \\frac{e^1}{S} \\\\ \\frac{e^3}{S} \\end{bmatrix} = \\begin{bmatrix} 2 \\times 0.090 \\\\ 2 \\times 0.665 \\end{bmatrix}$$

$$\\begin{bmatrix} \\frac{e^1}{S} \\\\ \\frac{e^2}{S} \\\\ \\frac{e^3}{S} \\end{bmatrix} = \\begin{bmatrix} 0.090 \\\\ 0.254 \\\\ 0.665 \\end{bmatrix}$$

$$\\begin{bmatrix} \\frac{e^3}{S} \\\\ \\frac{2 e^3}{S} \\end{bmatrix} = \\begin{bmatrix} 0.665 \\\\ 2 \\times 0.665 \\end{bmatrix}$$
"""


def test_a_vector_of_rounded_values_holds_entry_by_entry():
    steps = _steps(SOFTMAX)
    by_line = {s.line: s for s in steps}
    for line in (5, 7, 9):
        s = by_line[line]
        assert (s.status, s.strength, s.method) == ("holds", "numeric", "within the document's rounding"), \
            (line, s.reason, s.detail)
    assert "0.09 read as 0.09 \u00b1 0.005" in by_line[7].detail    # a value stated alone: rounded
    # a slip in the second entry (0.254 for 0.2447, digits swapped): wrong, and the counterexample
    # is that entry (the engine's first differing entry, 0.0900 against 0.090, is within rounding)
    s = by_line[11]
    assert s.status == "wrong"
    assert s.counterexample["entry"] == "2,1" and s.counterexample["rhs"].startswith("[0.254")
    assert s.residual is None                 # the engine's residual is of the first entry
    # one rounded number in two entries: no common point is shown, so nothing is settled
    s = by_line[13]
    assert s.status == "undecided" and "used in two entries" in s.detail


def test_stated_values_are_rounded_whatever_their_figures():
    got = rounded_numbers("\\begin{bmatrix} 0.09 \\\\ -0.5 & 2 \\times 0.5 \\end{bmatrix}")
    assert [n.text for n in got] == ["0.09", "0.5"]         # the 0.5 standing alone, once
    assert [n.text for n in rounded_numbers("\\boxed{0.7}")] == ["0.7"]
    assert rounded_numbers("\\frac{1}{0.5}") == []


ONE_DECIMAL = """# One decimal

**Q1.** $h = \\sigma(z)$ at $z = 0.5$, and $w = 2$. Keep one decimal.

$$z = 0.3 \\times 2 - 0.1 = 0.5$$

$$h = \\sigma(0.5) = 0.6$$

$$w h = 2 \\times 0.6 = 1.2$$

$$w h + 1 = 2 \\times 0.6 + 1.5$$
"""


def test_a_result_the_document_stated_rounded_is_rounded_with_one_figure():
    # 0.6 alone would be read as exact (one figure); the document stated sigma(0.5) = 0.6, a
    # rounded result, so 2 x 0.6 is read with 0.6 +/- 0.05. The exact result 0.5 (of 0.3 x 2 -
    # 0.1) is no rounded result.
    from checks.io.audit.planning.plan import Planner
    planner = Planner("<text>", ONE_DECIMAL)
    planner.run()
    assert planner.results == {"0.6"}
    assert [n.text for n in rounded_numbers("2 \\times 0.6 + 0.5", results={"0.6"})] == ["0.6"]
    steps = _steps(ONE_DECIMAL)
    s = _step(steps, "w h", "2 \\times 0.6")
    assert (s.status, s.strength) == ("holds", "numeric") and "0.6 read as 0.6 \u00b1 0.05" in s.detail
    s = _step(steps, "w h + 1", "2 \\times 0.6 + 1.5")     # 2.245 against 2.7 +/- 0.1
    assert s.status == "wrong"


def test_the_backprop_quiz_of_the_corpus():
    """tests/audit_docs/08: the steps computed from its three-decimal values hold within its
    rounding; those carried from a rounder intermediate (0.326 for dL/dz_1 = 0.32495) stay
    undecided; the slip 0.672 for 0.6272 stays wrong."""
    from pathlib import Path
    text = (Path(__file__).parent / "audit_docs" / "08_backprop_two_layer_numbers.md").read_text()
    steps = _steps(text)
    held = [("w_2 h + b_2", "-1.2 \\times 0.731 + 0.5"),
            ("\\frac{1}{2} (\\hat{y} - y)^2", "\\frac{1}{2} (-1.377)^2"),
            ("\\frac{\\partial L}{\\partial \\hat{y}} \\, h", "-1.377 \\times 0.731"),
            ("\\frac{\\partial L}{\\partial \\hat{y}} \\, w_2", "-1.377 \\times (-1.2)"),
            ("\\frac{\\partial L}{\\partial h} \\, \\sigma'(z_1)", "1.6524 \\times 0.197"),
            ("\\frac{\\partial L}{\\partial w_2} + \\lambda w_2", "-1.007 + 0.1 \\times (-1.2)")]
    for frm, to in held:
        s = _step(steps, frm, to)
        assert (s.status, s.strength, s.method) == ("holds", "numeric", "within the document's rounding"), \
            (frm, to, s.reason)
    for frm, to in [("\\frac{\\partial L}{\\partial z_1} \\, x", "0.326 \\times 2"),
                    ("\\frac{\\partial L}{\\partial w_1} + \\lambda w_1", "0.652 + 0.1 \\times 0.3")]:
        s = _step(steps, frm, to)
        assert s.status == "undecided" and "outside the rounding" in s.reason, (frm, s.reason)
    assert _step(steps, "\\frac{1}{2}(-0.120 - 1)^2", "\\boxed{0.672}").status == "wrong"
    # every wrong step of the quiz that writes numbers is certainly outside their rounding
    written = [s for s in steps if s.status == "wrong" and re.search(r"\d\.\d", s.from_ + s.to)]
    assert written and all("no values within the rounding make them equal" in s.detail for s in written)
    # the penalty's gradient without its factor 2 (R = lambda (w_1^2 + w_2^2)) writes no number: it
    # is wrong exactly, with lambda = 0.1 and the weights the question's data, not rounded values
    for w in ("w_1", "w_2"):
        s = _step(steps, "\\frac{\\partial L_{\\text{reg}}}{\\partial %s}" % w,
                  "\\frac{\\partial L}{\\partial %s} + \\lambda %s" % (w, w))
        assert s.status == "wrong" and s.counterexample, (w, s.reason)


def test_an_entry_beyond_rounding_makes_a_step_between_lists_wrong_even_after_a_rounded_one():
    """(0.333, 0.667) = (1/3, 1/3): entry 1 is rounding, entry 2 is an error; the engine names the
    first differing entry only, so the step was undecided ("agrees to within rounding")."""
    from checks import audit_text
    doc = "# Q1\n\n$$\\left(0.333, 0.667\\right) = \\left(\\frac13, SECOND\\right)$$\n"
    (step,) = audit_text(doc.replace("SECOND", "\\frac13")).documents[0].steps
    assert step.status == "wrong" and step.counterexample["entry"] == "1,2"
    (step,) = audit_text(doc.replace("SECOND", "\\frac23")).documents[0].steps
    assert step.status == "undecided" and "within rounding" in step.reason
