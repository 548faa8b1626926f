"""The audit end to end through the Python API: ``audit_text(text, kind)`` -> AuditReport.

Every document here is small and written for one mechanism: definitions and conditions
carried through a document, the steps that must never be ``wrong`` (readings that are
ambiguous or that depend on what the prose says), the steps that must be ``wrong`` (clear
errors, with their evidence and reading), directives, hostile documents and determinism.
The statuses are what the engine computes; nothing is stubbed. ``audit`` is the public
``audit_text``; ``steps`` and ``batch`` run the same planner and engine with the plan in this
process instead of a forked reader, which keeps the whole file within seconds.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from checks.io.audit import audit_text
from checks.io.audit.run import audit_documents, plan_document

NEVER_WRONG = ("holds", "undecided", "not_read", "definition", "condition")


def audit(text: str, kind: str = "markdown", **kw):
    return audit_text(text, kind=kind, cache=False, **kw)


def steps(text: str, kind: str = "markdown"):
    """The steps of one document, planned in this process (see ``batch``)."""
    doc = SimpleNamespace(name="doc.md", text=text, kind=kind)
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def one(found, from_, to=None):
    got = [s for s in found if s.from_.strip() == from_ and (to is None or s.to.strip() == to)]
    assert len(got) == 1, f"{len(got)} steps from {from_!r}: " + "; ".join(
        f"{s.from_} {s.relation} {s.to} [{s.status}]" for s in found)
    return got[0]


def batch(texts: dict) -> dict:
    """Several small documents audited in one run (as the CLI does with several files): each is
    planned on its own, so nothing of one reaches another; the engine's pool starts once.
    The plans run in this process (``isolated=False``): the same planner and engine as
    ``audit_text``, without a forked reader per document (the isolation is tested below)."""
    docs = [SimpleNamespace(name=f"{i}.md", text=t, kind="markdown") for i, t in enumerate(texts.values())]
    rep = audit_documents(docs, cache=False, isolated=False)
    return {name: d for name, d in zip(texts, rep.documents)}


def shown(found) -> str:
    return "\n".join(f"  line {s.line}: {s.latex!r} -> {s.status} ({s.reason})" for s in found)


# --- 1. definitions carried forward --------------------------------------------------------------

def test_sigmoid_defined_then_used():
    found = steps("# Q1\n\n$$g(z) = \\frac{1}{1+e^{-z}}$$\n\n$$g(-z) = 1 - g(z)$$\n\n$$g(-z) = g(z)$$\n")
    assert one(found, "g(z)").status == "definition"
    assert one(found, "g(-z)", "1 - g(z)").status == "holds"
    bad = one(found, "g(-z)", "g(z)")
    # the reading shows the definition substituted, so a person sees what was checked
    assert bad.status == "wrong" and "exp" in bad.reading.from_ and "g" not in bad.reading.from_


def test_the_library_sigmoid_restated_holds_and_its_identities_are_checked():
    found = steps("$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$\n\n$$\\sigma(-z) = 1 - \\sigma(z)$$\n")
    assert [s.status for s in found] == ["holds", "holds"]


def test_logit_of_sigmoid():
    found = steps("# Q2\n\n$$L(p) = \\log\\frac{p}{1-p}$$\n\n$$L(\\sigma(z)) = z$$\n\n$$L(\\sigma(z)) = 2z$$\n")
    assert one(found, "L(p)").status == "definition"
    assert one(found, "L(\\sigma(z))", "z").status == "holds"
    assert one(found, "L(\\sigma(z))", "2z").status == "wrong"


def test_swish_without_a_parameter_derivative_in_a_later_display():
    found = steps("$$k(x) = x\\sigma(x)$$\n\nIts derivative:\n\n$$k'(x) = \\sigma(x) + x\\sigma(x)(1-\\sigma(x))$$\n\n"
                  "$$\\frac{d}{dx} k(x) = \\sigma(x) + x\\sigma(x)$$\n")
    assert one(found, "k'(x)").status == "holds"
    assert one(found, "\\frac{d}{dx} k(x)").status == "wrong"


def test_swish_with_beta_is_defined_and_its_derivative_is_never_wrong():
    found = steps("# Q3\n\n$$h(x) = x\\sigma(\\beta x)$$\n\n"
                  "$$h'(x) = \\sigma(\\beta x) + \\beta x\\sigma(\\beta x)(1-\\sigma(\\beta x))$$\n")
    assert one(found, "h(x)").status == "definition"
    d = one(found, "h'(x)")
    assert d.status in NEVER_WRONG and "sigmoid(\\beta*x)" in d.reading.from_


def test_swish_with_beta_derivative_holds():
    # \beta: an operand of h's formula the document never defines, read as an input (leaves.py)
    found = steps("$$h(x) = x\\sigma(\\beta x)$$\n\n"
                  "$$h'(x) = \\sigma(\\beta x) + \\beta x\\sigma(\\beta x)(1-\\sigma(\\beta x))$$\n")
    d = one(found, "h'(x)")
    assert d.status == "holds"
    assert any("\\beta read as an input independent of x" in a for a in d.reading.assumptions)


def test_a_defined_difference_is_substituted():
    found = steps("# Q2\n\n$$z = x_1 - x_2$$\n\n$$\\sigma(z) = \\sigma(x_1 - x_2)$$\n")
    assert [s.status for s in found] == ["definition", "holds"]


def test_a_wrong_step_about_a_defined_value_is_wrong():
    found = steps("# Q2\n\n$$z = x_1 - x_2$$\n\n$$\\sigma(z) = \\sigma(x_1 + x_2)$$\n")
    assert found[1].status == "wrong"


def test_a_definition_in_the_prose_is_used_by_a_later_display():
    found = steps("# Q3\n\nLet $f(x) = x^2$.\n\n$$f(a+b) = a^2 + 2ab + b^2$$\n\n$$f(a+b) = a^2 + b^2$$\n")
    assert one(found, "f(a+b)", "a^2 + 2ab + b^2").status == "holds"
    bad = one(found, "f(a+b)", "a^2 + b^2")
    assert bad.status == "wrong" and bad.counterexample["point"]


def test_without_the_prose_definition_the_same_steps_are_not_decided():
    # the control for the test above: f unknown, nothing can be said
    found = steps("# Q3\n\n$$f(a+b) = a^2 + 2ab + b^2$$\n\n$$f(a+b) = a^2 + b^2$$\n")
    assert all(s.status in NEVER_WRONG and s.status != "holds" for s in found), shown(found)


def test_a_redefinition_in_a_later_question_gives_no_false_wrong():
    found = steps("# Q1\n\n$$\\Phi(x) = x^2$$\n\n$$\\Phi(2) = 4$$\n\n# Q2\n\n$$\\Phi(x) = x^3$$\n\n$$\\Phi(2) = 8$$\n")
    assert [s.status for s in found] == ["definition", "holds", "definition", "holds"]


def test_a_name_from_an_earlier_question_is_never_the_ground_of_a_wrong():
    found = steps("# Q1\n\n$$u = 2$$\n\n# Q2\n\n$$u + u = 5$$\n")
    step = one(found, "u + u")
    # wrong at u = 2 too (round 33: that doubt is settled and said in the detail), but Q2's u may
    # be a new unknown of an equation (u = 5/2): still no wrong
    assert step.status == "undecided" and "u = 2" in step.detail, (step.reason, step.detail)
    assert "plugged in" in step.reason, step.reason


def test_a_number_from_an_earlier_question_is_read_as_any_value_so_a_general_step_holds():
    """N = 1 set for Q1 may not be the N of Q2: the step is read with N free, and a step that
    holds for every N holds whatever the document means (before, it was undecided)."""
    found = steps("# Q1\n\nWith $N = 1$ sample,\n\n$$L = \\frac{1}{N} \\sum_{i=1}^N \\ell_i = \\ell_1$$\n\n"
                  "# Q2\n\n$$\\sum_{k=1}^{N} (x_k + 1) = N + \\sum_{k=1}^{N} x_k$$\n")
    step = one(found, "\\sum_{k=1}^{N} (x_k + 1)")
    assert step.status == "holds", (step.status, step.reason)


@pytest.mark.parametrize("text", [
    "$$w = w - \\eta g$$\n",
    "$$\\theta_{t+1} = \\theta_t - \\eta \\nabla L$$\n\n$$\\theta = \\theta - \\eta g$$\n",
    "$$m = \\beta m + (1-\\beta) g$$\n",
])
def test_update_rules_are_never_checked_as_identities(text):
    found = steps(text)
    assert found and all(s.status in ("definition", "not_read") for s in found), shown(found)
    assert not any(s.status == "wrong" for s in found)


# --- 2. conditions --------------------------------------------------------------------------------

def test_an_equation_for_an_unknown_and_its_solution_are_conditions():
    found = steps("# Q1\n\n$$a\\lambda' = a^{n+1}\\lambda$$\n\n$$\\lambda' = \\frac{\\lambda}{a^n}$$\n")
    assert [s.status for s in found] == ["condition", "condition"]


def test_a_sign_condition_is_a_condition():
    assert [s.status for s in steps("$$d_i > 0$$\n")] == ["condition"]


def test_a_condition_beside_a_step_is_used_and_shown():
    found = steps("$$|x - 1| = x - 1 \\quad \\text{for } x \\ge 1$$\n\n$$|y - 1| = 1 - y \\quad \\text{for } y \\ge 1$$\n")
    good, bad = found
    assert good.status == "holds" and good.reading.assumptions == ("x >= 1",)
    assert bad.status == "wrong" and bad.reading.assumptions == ("y >= 1",)
    # the counterexample lies inside the condition
    from fractions import Fraction
    assert Fraction(bad.counterexample["point"]["y"]) >= 1


def test_forall_beside_a_step():
    found = steps("$$|2c| = 2c \\quad \\forall c > 0$$\n\n$$|2d| = -2d \\quad \\forall d > 0$$\n")
    assert [s.status for s in found] == ["holds", "wrong"]
    assert found[0].reading.assumptions == ("c > 0",)


def test_without_the_condition_a_step_true_only_for_positive_values_is_undecided():
    step = steps("$$\\sqrt{q^2} + q = 2q$$\n")[0]
    # it holds for q in (0, 1) and q > 1: a sign said in words would make it right
    assert step.status == "undecided" and "holds where q" in step.reason and step.ok


def test_without_the_condition_a_step_true_on_one_region_is_undecided_naming_it():
    # |v - 1| = v - 1 holds for every v > 1 ("for v > 1" may be said in words): not certain
    step = steps("$$|v - 1| = v - 1$$\n")[0]
    assert step.status == "undecided" and "holds where v > 1" in step.reason


def test_a_step_false_in_every_region_is_wrong():
    step = steps("$$|v - 1| = v + 1$$\n")[0]
    assert step.status == "wrong" and step.counterexample


def test_abs_with_a_condition_beside_it():
    found = steps("$$|x| = x \\quad \\text{for } x \\ge 0$$\n\n$$|t| = -t \\quad \\text{for } t > 0$$\n")
    assert [s.status for s in found] == ["holds", "wrong"]


# --- 3. steps that must never be wrong --------------------------------------------------------------

NEVER = {
    "juxtaposition y(a+b)": "$$y(a+b) = ya + yb + 1$$\n",
    "unknown function f": "$$f(x) = f(2x)$$\n",
    "unknown function in a chain": "$$s = f(x) + f(y) = f(x + y)$$\n",
    "sigma of a vector": "$$\\sigma(\\mathbf{z}) = \\frac{1}{1+e^{-\\mathbf{z}}} + 1$$\n",
    "values from inline prose": "With $w_1 = 1$, $\\eta = 0.01$ and $g = 5.7$:\n\n$$w_1 - \\eta g = 1 - 0.01(5.7)$$\n",
    "values in words only": "With weight one, learning rate one hundredth and gradient 5.7:\n\n"
                            "$$w_1 - \\eta g = 1 - 0.01(5.7)$$\n",
    "rounded sigmoid": "$$\\sigma(1) = 0.731$$\n",
    "rounded sigmoid, truncated": "$$\\sigma(1) = 0.7310$$\n",
    "rounded decimals": "$$-1.2 \\times 0.731 + 0.5 = -0.377$$\n",
    "rounded decimals of an exact value": "$$-1.2 \\times \\sigma(1) + 0.5 = -0.377$$\n",
    "names tied by words (brief's form)": "Here $Z = \\tanh Y$ is the output.\n\n"
                                          "$$(Z - T)(1 - \\tanh^2 Y) = (Z - T)(1 - Z^2)$$\n",
    "names tied by words only": "Here Z is the output of the tanh unit at Y.\n\n"
                                "$$E = (Z - T)(1 - \\tanh^2(Y)) = (Z - T)(1 - Z^2)$$\n",
    "index entries": "$$\\omega_j = \\omega_{n-i+1}$$\n",
    "index entries in a chain": "$$s = \\omega_j + 1 = \\omega_{n-i+1} + 1$$\n",
    "chain rule with undefined L": "$$\\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial o}"
                                   "\\frac{\\partial o}{\\partial x}$$\n",
    "chain rule with o defined": "$$o = 3x$$\n\n$$\\frac{\\partial L}{\\partial x} = 3\\frac{\\partial L}{\\partial o}$$\n",
    "sqrt of a square without assumption": "$$\\sqrt{x^2} = x$$\n",
    "sqrt of a square in a chain": "$$r = \\sqrt{x^2} = x$$\n",
    "conditional probability": "$$p(y|x) = \\frac{p(x|y)p(y)}{p(x)}$$\n",
    "conditional probability with mid": "$$p(y \\mid x) = p(y)$$\n",
    "expectation": "$$\\mathbb{E}[g_k] = \\mu$$\n\n$$\\mathbb{E}[2 g_k] = 2\\mu + 1$$\n",
    "norm squared": "$$\\|v\\|^2 = v \\cdot v + 1$$\n",
    "sigma redefined as an activation": "$$\\sigma(z) = \\max(0, z)$$\n\n$$\\sigma(-1) + \\sigma(2) = 2$$\n\n"
                                        "$$\\sigma(u) + \\sigma(-u) = |u|$$\n",
    "sigma as a standard deviation": "$$\\sigma = \\sqrt{\\frac{1}{n}\\sum_{i=1}^{n}(x_i - \\mu)^2}$$\n\n"
                                     "$$\\sigma^2 = \\frac{1}{n}\\sum_{i=1}^{n}(x_i - \\mu)^2$$\n",
    "implicit dependence": "$$\\frac{d}{dx}(x y) = y + x\\frac{dy}{dx}$$\n",
    "a prose condition on indices": "$$p_i = \\frac{e^{z_i}}{\\sum_{k=1}^{n} e^{z_k}}$$\n\n"
                                    "$$\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)$$\n\n"
                                    "For $i \\neq j$:\n\n$$\\frac{\\partial p_i}{\\partial z_j} = -p_i p_j$$\n",
}


@pytest.fixture(scope="module")
def never():
    return batch(NEVER)


@pytest.mark.parametrize("name", list(NEVER))
def test_never_wrong(never, name):
    doc = never[name]
    assert doc.steps, "no step extracted"
    assert all(s.status in NEVER_WRONG for s in doc.steps), shown(doc.steps)
    assert doc.ok


def test_a_redefined_sigma_is_used_with_its_new_meaning(never):
    assert [s.status for s in never["sigma redefined as an activation"].steps] == ["definition", "holds", "holds"]


@pytest.mark.parametrize("name", ["juxtaposition y(a+b)", "sigma of a vector", "conditional probability"])
def test_never_wrong_steps_say_why_they_are_not_read(never, name):
    s = never[name].steps[0]
    assert s.status in ("not_read", "undecided") and s.reason


# documents whose steps a person reads as right although, read as plain identities over the
# reals, they are false somewhere: each must end anything but wrong (the reason in the id)
CONTEXT_NEVER_WRONG = {
    "log of unstated base 10": "$$\\log 100 = 2$$\n",
    "log of unstated base 2": "$$H = -\\log \\frac{1}{8} = 3$$\n",
    "equation to solve, solution in the display": "Solve for $x$.\n\n$$2x + 1 = x + 3 \\Rightarrow x = 2$$\n",
    "equation to solve, said in the prose": ("Setting the derivative to zero gives\n\n$$2(w - 3) = -2w$$\n\n"
                                             "so $w = 3/2$.\n"),
    "formula true for every size (abs)": "$$A = \\sum_{k=1}^{n} \\frac{|k|}{n} = \\frac{n+1}{2}$$\n",
    "formula true for every size (max)": "$$B = \\frac{1}{n}\\sum_{k=1}^{n} \\max(k, 0) = \\frac{n+1}{2}$$\n",
    "irrational rounded to an integer (exp)": "$$e^{10} = 22026$$\n",
    "irrational rounded to an integer (sigmoid)": "$$1000\\sigma(1) = 731$$\n",
    "irrational rounded to an integer (softplus)": "$$\\log(1 + e^{10}) = 10$$\n",
    "piecewise case under a condition in words (abs)": "When the residual $r$ is below one,\n\n$$|r - 1| = 1 - r$$\n",
    "piecewise case under a condition in words (relu)": ("For negative inputs the rectifier gives nothing:\n\n"
                                                         "$$\\operatorname{ReLU}(x) + x = x$$\n"),
}


@pytest.mark.parametrize("name", sorted(CONTEXT_NEVER_WRONG))
def test_a_step_right_in_its_context_is_never_wrong(name):
    found = steps(CONTEXT_NEVER_WRONG[name])
    assert all(s.status in NEVER_WRONG for s in found), shown(found)


def test_a_sum_limit_does_not_make_the_name_an_integer_in_later_questions():
    found = steps("# Q1\n\n$$m = \\sum_{k=1}^{t} g_k$$\n\n# Q2\n\n$$\\lceil t \\rceil + 1 = t + 1$$\n")
    assert found[-1].status != "holds" and "ceiling" in found[-1].reading.from_


def test_ceiling_of_a_real_name_alone_is_undecided_holding_for_integers():
    # the control of the test above: for a real t it is wrong, but a ceiling says integers
    found = steps("# Q2\n\n$$\\lceil t \\rceil + 1 = t + 1$$\n")
    assert found[0].status == "undecided" and "integer" in found[0].reason


@pytest.mark.parametrize("text", ["$$|x - 1| = x - 1 \\quad \\text{for } x < 0$$\n",
                                  "<!-- derivcheck: assume y < 0 -->\n$$|y - 1| = y - 1$$\n"])
def test_a_wrong_step_under_a_negative_condition_is_wrong(text):
    assert steps(text)[0].status == "wrong"


SOFTMAX = "# Q1\n\n$$p_i = \\frac{e^{z_i}}{\\sum_{k=1}^{n} e^{z_k}}$$\n\n"


def test_softmax_diagonal_entry_holds():
    found = steps(SOFTMAX + "$$\\frac{\\partial p_i}{\\partial z_i} = p_i(1 - p_i)$$\n")
    assert found[-1].status == "holds" and "KroneckerDelta" in found[-1].reading.from_


def test_a_wrong_softmax_diagonal_entry_is_wrong():
    found = steps(SOFTMAX + "$$\\frac{\\partial p_i}{\\partial z_i} = p_i + p_i^2$$\n")
    assert found[-1].status == "wrong", shown(found)


def test_a_subscript_before_a_parenthesis_is_no_juxtaposition():
    found = steps(SOFTMAX + "$$\\frac{\\partial p_i}{\\partial z_i} = p_i(1 + p_i)$$\n")
    assert not (found[-1].reason or "").endswith("before a parenthesis read as a product"), shown(found)


LINEAR = "# Q1\n\n$$Y_{mn} = \\sum_p X_{mp} W_{np} + B_{mn}$$\n\n"


def test_index_notation_chain_from_the_issue():
    found = steps(LINEAR + "$$\\frac{\\partial L}{\\partial W_{ij}} = \\sum_{m,n} \\frac{\\partial L}{\\partial Y_{mn}} "
                  "\\frac{\\partial Y_{mn}}{\\partial W_{ij}} = \\sum_{m} \\frac{\\partial L}{\\partial Y_{mi}} X_{mj}$$\n")
    assert found[-1].status == "holds" and "KroneckerDelta" in found[-1].reading.from_
    assert all(s.status in NEVER_WRONG for s in found)


def test_the_index_chain_rule_as_a_first_step_is_checked():
    found = steps(LINEAR + "$$\\frac{\\partial L}{\\partial W_{ij}} = \\sum_{m,n} \\frac{\\partial L}{\\partial Y_{mn}} "
                  "\\frac{\\partial Y_{mn}}{\\partial W_{ij}}$$\n")
    assert found[-1].status == "holds", shown(found)


# the chain rule through Y (chain.py): right holds for every L that depends on W only through Y;
# X_{mi} for X_{mj} is wrong for such an L, but L may also depend on W directly: undecided
@pytest.mark.parametrize("step, status", [
    ("\\frac{\\partial L}{\\partial B_{ij}} = \\frac{\\partial L}{\\partial Y_{ij}}", "holds"),
    ("\\frac{\\partial L}{\\partial W_{ij}} = \\sum_{m} \\frac{\\partial L}{\\partial Y_{mi}} X_{mi}", "undecided"),
])
def test_index_notation_steps_are_decided(step, status):
    found = steps(LINEAR + "$$\\frac{\\partial L}{\\partial W_{ij}} = \\sum_{m,n} \\frac{\\partial L}{\\partial Y_{mn}} "
                  "\\frac{\\partial Y_{mn}}{\\partial W_{ij}}$$\n\n" + f"$${step}$$\n")
    assert found[-1].status == status, shown(found)


# --- 4. steps that must be wrong -------------------------------------------------------------------

MUST = {
    "sigmoid complement sign": "# Problem 2\n\n$$\\frac{1}{1+e^{x}} - 1 = \\frac{1-e^x}{1+e^x}$$\n",
    "sigmoid is not even": "# Q1\n\n$$\\sigma(-x) = \\sigma(x)$$\n",
    "geometric sum": "# Q4.4\n\n$$S = (1-\\beta)\\sum_{k=1}^{t}\\beta^{t-k} = 1 - \\beta^{t+1}$$\n",
    "tanh is not 2 sigma - 1": "# Q2\n\n$$T = \\tanh(x) = 2\\sigma(x) - 1$$\n",
    "arithmetic": "# Q5\n\n$$0.5 \\times 0.4 = 0.3$$\n",
}


def wrong_step(found):
    bad = [s for s in found if s.status == "wrong"]
    assert len(bad) == 1, shown(found)
    return bad[0]


def declared(text: str) -> str:
    return text.replace("\n\n$$", "\n\n<!-- derivcheck: expect wrong: minor: known -->\n$$", 1)


@pytest.fixture(scope="module")
def must():
    return batch({**MUST, **{f"declared {k}": declared(v) for k, v in MUST.items()}})


@pytest.mark.parametrize("name", list(MUST))
def test_must_be_wrong_with_evidence_and_reading(must, name):
    doc = must[name]
    bad = wrong_step(doc.steps)
    assert bad.counterexample or bad.residual
    assert bad.reading is not None and bad.reading.from_ and bad.reading.to
    assert bad.location == MUST[name].split("\n")[0][2:]
    assert not bad.ok and not doc.ok


@pytest.mark.parametrize("name", list(MUST))
def test_must_be_wrong_declared_erratum_is_ok(must, name):
    doc = must[f"declared {name}"]
    bad = wrong_step(doc.steps)
    assert bad.declared == "wrong" and bad.severity == "minor" and bad.erratum_note == "known"
    assert bad.ok and doc.ok and doc.summary()["declared_wrong"] == 1


def test_exit_codes_of_a_wrong_a_declared_and_a_clean_document():
    text = MUST["sigmoid is not even"]
    assert audit(text).exit_code(strict=False) == 1
    assert audit(declared(text)).exit_code(strict=False) == 0
    assert audit("# Q1\n\n$$\\sigma(-x) = 1 - \\sigma(x)$$\n").exit_code(strict=True) == 0
    assert audit("# Q1\n\n$$y(a+b) = ya + yb$$\n").exit_code(strict=True) == 3


def test_a_stale_expect_wrong_fails():
    rep = audit("<!-- derivcheck: expect wrong: minor: was a sign slip -->\n$$s = \\sigma(-x) = 1 - \\sigma(x)$$\n")
    found = rep.documents[0].steps
    assert not any(s.status == "wrong" for s in found)
    assert [s.declared for s in found] == ["wrong", None] and not found[0].ok
    assert rep.exit_code(strict=False) == 1


def test_expect_wrong_declares_only_the_wrong_steps_of_its_display():
    rep = audit("<!-- derivcheck: expect wrong: major: sign -->\n$$s = \\sigma(-x) = 1 - \\sigma(x) = \\sigma(x)$$\n")
    found = rep.documents[0].steps
    assert [(s.status, s.declared) for s in found][1:] == [("holds", None), ("wrong", "wrong")]
    assert rep.exit_code() == 0


@pytest.mark.parametrize("latex", ["\\tanh(x) = 2\\sigma(x) - 1", "\\log(x) = \\log(2x)", "\\exp(x) = \\exp(2x)"])
def test_a_wrong_first_step_about_a_library_function_is_wrong(latex):
    assert steps(f"# Q2\n\n$${latex}$$\n")[0].status == "wrong"


def test_geometric_sum_as_a_display_of_its_own_is_wrong():
    found = steps("# Q4.4\n\n$$(1-\\beta)\\sum_{k=1}^{t}\\beta^{t-k} = 1 - \\beta^{t+1}$$\n")
    assert found[0].status == "wrong"


def test_a_wrong_derivative_after_a_one_letter_value():
    found = steps("$$a + a = 2a$$\n\n$$k(x) = x\\sigma(x)$$\n\n$$k'(x) = \\sigma(x) + x\\sigma(x)$$\n")
    assert one(found, "k'(x)").status == "wrong"


# --- 5. directives end to end ---------------------------------------------------------------------

DIRECTIVES = """<!-- derivcheck-file: assume \\beta > 0 -->
# Q1

<!-- derivcheck: let \\phi = sigmoid -->
$$\\phi(-x) = 1 - \\phi(x)$$

<!-- derivcheck: let y = symbol -->
$$y(a+b) = ya + yb$$

<!-- derivcheck: index i -->
$$x_i + x_i = 2x_i$$

<!-- derivcheck: assume x > 0 -->
$$\\sqrt{x^2} - x = 0$$

<!-- derivcheck: define L(p) = \\log\\frac{p}{1-p} -->
$$L(\\sigma(z)) = z$$

<!-- derivcheck: label Z9 -->
$$c + c = 2c$$

<!-- derivcheck: skip: a figure -->
$$c + c = 3c$$

$$|\\beta - 0| + |\\beta| = 2\\beta$$
"""


@pytest.fixture(scope="module")
def directive_steps():
    return steps(DIRECTIVES)


def test_let_sigmoid(directive_steps):
    s = one(directive_steps, "\\phi(-x)")
    assert s.status == "holds" and "sigmoid" in s.reading.from_


def test_let_symbol_makes_juxtaposition_a_product(directive_steps):
    s = one(directive_steps, "y(a+b)")
    assert s.status == "holds" and s.reading.from_ == "y*(a + b)"


def test_index(directive_steps):
    s = one(directive_steps, "x_i + x_i")
    assert s.status == "holds" and "x[i]" in s.reading.from_


def test_assume(directive_steps):
    s = one(directive_steps, "\\sqrt{x^2} - x")
    assert s.status == "holds" and "x > 0" in s.reading.assumptions


def test_define(directive_steps):
    s = one(directive_steps, "L(\\sigma(z))")
    assert s.status == "holds" and "log" in s.reading.from_


def test_label(directive_steps):
    assert one(directive_steps, "c + c", "2c").location == "Z9"
    assert one(directive_steps, "|\\beta - 0| + |\\beta|").location == "Q1"


def test_skip(directive_steps):
    s = one(directive_steps, "c + c", "3c")
    assert (s.status, s.reason, s.reading) == ("skipped", "a figure", None)


def test_file_assumption_reaches_the_last_display(directive_steps):
    s = one(directive_steps, "|\\beta - 0| + |\\beta|")
    assert s.status == "holds" and "\\beta > 0" in s.reading.assumptions


def test_the_controls_without_the_directives():
    # the same steps without any directive: none holds for the reason above
    plain = DIRECTIVES.replace("derivcheck", "not-a-directive")
    found = steps(plain)
    assert one(found, "\\phi(-x)").status != "holds"
    assert one(found, "y(a+b)").status in ("not_read", "undecided")
    assert one(found, "\\sqrt{x^2} - x").status != "holds"
    assert one(found, "L(\\sigma(z))").status != "holds"
    assert one(found, "c + c", "3c").status == "wrong"
    assert one(found, "|\\beta - 0| + |\\beta|").status != "holds"


def test_sizes_directive_sets_the_bounded_range():
    found = steps("<!-- derivcheck: sizes n = 1..2 -->\n$$S = \\sum_{i=1}^{n}\\sum_{j=1}^{n} x_i y_j = "
                  "\\left(\\sum_{i=1}^{n} x_i\\right)\\left(\\sum_{j=1}^{n} y_j\\right)$$\n")
    s = found[-1]
    assert (s.status, s.strength, s.method) == ("holds", "bounded", "bounded(n = 1..2)"), shown(found)


def test_latex_directives_with_percent():
    found = steps("% derivcheck-file: assume x > 0\n\\section{Q7}\n% derivcheck: label Q7.1\n"
                  "\\begin{equation}\n\\sqrt{x^2} - x = 0\n\\end{equation}\n", kind="latex")
    assert [(s.status, s.location) for s in found] == [("holds", "Q7.1")]


def test_a_malformed_directive_raises_one_line():
    with pytest.raises(ValueError) as e:
        audit("<!-- derivcheck: frobnicate x -->\n$$a = a$$\n")
    assert "frobnicate" in str(e.value) and "\n" not in str(e.value)


def test_kind_must_be_markdown_or_latex():
    with pytest.raises(ValueError, match="kind must be"):
        audit_text("$$a = a$$", kind="pdf")


# --- 7. hostile documents --------------------------------------------------------------------------

def test_shell_escape_input_and_def_execute_nothing(tmp_path, monkeypatch):
    target = tmp_path / "pwned"
    text = (f"# Q\n\n$$\\immediate\\write18{{touch {target}}} a = a + 1$$\n\n"
            f"$$\\input{{/etc/passwd}} = 1$$\n\n$$\\def\\x{{\\x\\x}} \\x = \\x$$\n\n"
            f"$$\\csname x\\endcsname = 2$$\n\n$$b + b = 2b$$\n")
    # the reading itself, sealed: no file opened, no process, no eval
    from test_audit_hostile import sealed
    plan_document("warm", "$$b + b = 2b$$\n\n$$\\sigma(1) = 0.731$$", "markdown", False)
    with sealed(monkeypatch):
        items = plan_document("doc.md", text, "markdown", False).items
    assert items[-1].claim is not None
    rep = audit(text)
    found = rep.documents[0].steps
    assert [s.status for s in found][:4] == ["not_read"] * 4, shown(found)
    assert found[-1].status == "holds"
    assert not target.exists()
    assert "root:" not in str(rep.to_json())
    tex = f"\\input{{/etc/passwd}}\n\\write18{{touch {target}}}\n\\begin{{equation}}\n\\input{{/etc/passwd}} = 1\n\\end{{equation}}\n"
    rep = audit(tex, kind="latex")
    assert [s.status for s in rep.documents[0].steps] == ["not_read"]
    assert not target.exists() and "root:" not in str(rep.to_json())


def test_five_thousand_nested_braces():
    found = steps("$$" + "{" * 5000 + "a" + "}" * 5000 + " = a$$\n\n$$b + b = 2b$$\n")
    assert found[0].status == "not_read" and "nested" in found[0].reason
    assert found[-1].status == "holds"


def test_thousands_of_nested_fracs():
    found = steps("$$" + "\\frac{1}{" * 3000 + "x" + "}" * 3000 + " = x$$\n")
    assert [s.status for s in found] == ["not_read"]


def test_three_thousand_relations_in_one_display():
    chain = " = ".join(["2a", "a + a"] * 1500)
    rep = audit("$$" + chain + "$$\n")
    found = rep.documents[0].steps
    assert len(found) == 2999
    assert all(s.status in NEVER_WRONG for s in found)
    assert rep.exit_code() == 0


def test_a_million_characters():
    text = "# Q\n\n" + ("word " * 200_000) + "\n\n$$b + b = 3b$$\n"
    assert len(text) > 1_000_000
    found = steps(text)
    assert [s.status for s in found] == ["wrong"]


def test_an_unterminated_display_ends_with_a_result():
    rep = audit("# Q\n\n$$b + b = 2b$$\n\n$$a = \\frac{1}{2\n\nno end")
    assert rep.documents[0].steps[0].status == "holds"


# --- 8. determinism --------------------------------------------------------------------------------

DETERMINISM = "\n\n".join([
    "# Q1", "$$g(z) = \\frac{1}{1+e^{-z}}$$", "$$g(-z) = 1 - g(z)$$", "$$g(-z) = g(z)$$",
    "# Q2", "$$y(a+b) = ya + yb$$", "$$\\sigma(1) = 0.731$$", "$$S = (1-\\beta)\\sum_{k=1}^{t}\\beta^{t-k} = 1 - \\beta^{t+1}$$",
    "$$\\sqrt{q^2} + q = 2q$$", "$$|x - 1| = 1 - x \\quad \\text{for } x \\ge 1$$",
]) + "\n"


def _fingerprint(rep):
    return [(s.id, s.status, s.strength, s.reason, s.counterexample and s.counterexample.get("point"))
            for s in rep.documents[0].steps]


def test_same_document_twice_gives_the_same_report():
    assert _fingerprint(audit(DETERMINISM)) == _fingerprint(audit(DETERMINISM))


def test_one_job_and_two_jobs_give_the_same_report():
    assert _fingerprint(audit(DETERMINISM, jobs=1)) == _fingerprint(audit(DETERMINISM, jobs=2))


def test_two_documents_in_one_run_are_audited_independently():
    docs = [SimpleNamespace(name="a.md", text="# Q1\n\n$$u = 2$$\n", kind="markdown"),
            SimpleNamespace(name="b.md", text="# Q1\n\n$$u + u = 2u$$\n\n$$u + u = 3u$$\n", kind="markdown")]
    rep = audit_documents(docs, cache=False)
    assert [d.file for d in rep.documents] == ["a.md", "b.md"]
    # a.md's u = 2 does not reach b.md: u + u = 2u holds as an identity, u + u = 3u is wrong
    assert [s.status for s in rep.documents[1].steps] == ["holds", "wrong"]
    assert rep.documents[1].steps[1].id == "b.md:5:1"
