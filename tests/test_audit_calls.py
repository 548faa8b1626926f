"""NAME(...): a call of NAME or a product NAME*(...), settled by what the document itself says
(checks/io/audit/document/evidence.py), and calls with a semicolon f(x; \\theta).

The documents are small and written for this file, in the styles of other courses (a perceptron
hand-out, a softmax sheet, a backprop quiz, an MLE exercise): each shows one kind of evidence.
The statuses are what the planner and the engine compute.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from checks.io.audit.document.evidence import Evidence
from checks.io.audit.reading.read import NotRead, Scope, read
from checks.io.audit.run import audit_documents

NEVER_WRONG = ("holds", "undecided", "not_read", "definition", "condition")


def steps(text: str, kind: str = "markdown"):
    doc = SimpleNamespace(name="doc.md", text=text, kind=kind)
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def one(found, from_, to=None):
    got = [s for s in found if s.from_.strip() == from_ and (to is None or s.to.strip() == to)]
    assert len(got) == 1, f"{len(got)} steps from {from_!r}: " + shown(found)
    return got[0]


def shown(found) -> str:
    return "\n".join(f"  line {s.line}: {s.from_} = {s.to} -> {s.status} ({s.reason})" for s in found)


def kinds(ev: Evidence, name: str, here: str = "") -> set:
    return {(c.kind, c.value, c.strong) for c in ev.about(name, here)}


# --- 1. the evidence, as collected -----------------------------------------------------------------

@pytest.mark.parametrize("text, name, kind", [
    ("$$y = 1$$", "y", ("number", True, True)),
    ("the weights are $w_3 = 5.7$ and", "w_3", ("number", True, True)),
    ("labels $y \\in \\{-1, 1\\}$", "y", ("set", True, True)),
    ("a scalar $t \\in \\mathbb{R}$", "t", ("set", True, True)),
    ("a one-hot label, $\\sum_{i=1}^K y_i = 1$", "y_i", ("sum", True, False)),   # a premise: weak
    ("$$\\bar{v} = \\sum_{i=1}^d \\alpha_i \\bar{x}_i$$", "\\alpha_i", ("bare", True, False)),
    ("$$\\bar{v} = \\sum_{i=1}^d \\alpha_i \\bar{x}_i$$", "\\alpha_j", ("bare", True, False)),   # one family
    ("$$L = -\\sum_i y_i \\log p_i$$", "y_i", ("bare", True, False)),
    ("$$m = a + b$$", "m", ("formula", True, False)),
    ("$$u(x) = x^2 + 1$$", "u", ("defined", False, True)),
    ("$$k'(z) = 2z$$", "k", ("prime", False, True)),
    ("an activation $g(\\cdot)$", "g", ("cdot", False, True)),
    ("with $g = \\tanh$", "g", ("assigned", False, True)),
    ("for sigmoid units $g = \\sigma(\\cdot)$", "g", ("assigned", False, True)),
    ("$$y_k(x; w) = a_k$$", "y_k", ("list", False, True)),
    ("$$q(a, b) = a + b$$", "q", ("defined", False, True)),
    ("we apply $r(x)$ to it", "r", ("applied", False, False)),
])
def test_each_kind_of_evidence_is_found(text, name, kind):
    assert kind in kinds(Evidence.of(text), name)


def test_a_vector_of_numbers_makes_its_entries_numbers():
    ev = Evidence.of("$y \\in \\{0, 1\\}^K$ and $$s = y_i + 1$$")
    assert ("vector", True, False) in kinds(ev, "y")
    assert ("set", True, True) in kinds(ev, "y_i")


@pytest.mark.parametrize("text, name", [
    ("$$\\frac{\\partial L}{\\partial w} = 2$$", "L"),       # differentiated, not multiplied
    ("$$\\frac{dL}{dw} = 2$$", "L"),
    ("$tanh(x) + 1 = 2$", "h"),                              # a word written without \\
    ("$$\\sigma(x) = 0.5$$", "\\sigma"),                       # the reader's own meaning
    ("$$p(x \\mid z) = 1$$", "p"),                           # probability notation: no evidence
])
def test_what_is_no_evidence(text, name):
    assert Evidence.of(text).about(name, "") == []


def test_the_question_of_the_step_speaks_first():
    ev = Evidence.of("# Q1\n\n$$u = 3$$\n\n# Q2\n\n$$u(x) = x^2$$\n")
    assert {c.kind for c in ev.about("u", "Q1")} == {"number", "bare"}
    assert "defined" in {c.kind for c in ev.about("u", "Q2")} and "number" not in {c.kind for c in ev.about("u", "Q2")}
    assert {c.kind for c in ev.about("u", "Q3")} >= {"number", "defined"}   # a question that says nothing


def test_a_decorated_relative_is_weak_evidence():
    ev = Evidence.of("predicted as $\\hat{y} = \\operatorname{sign}(a)$")
    assert {(c.kind, c.value, c.strong) for c in ev.about("y", "")} >= {("relative", True, False)}


def test_strength_of_a_product_reading():
    ev = Evidence.of("# Q1\n\n$$y = 2$$\n\n$$s = \\alpha b$$\n\n# Q2\n\n$$t = y + 1$$\n")
    assert ev.strength("y", "Q1") == "strong"      # given a number in the question
    assert ev.strength("y", "Q2") == "weak"        # used bare there, its number is Q1's
    assert ev.strength("\\alpha", "Q1") == "weak"
    assert ev.strength("f", "Q1") is None
    assert Evidence.of("$$p = 0.3 + q$$").strength("p", "") == "function-like"


# --- 2. the scope the reader is given ---------------------------------------------------------------

def settle(text, here=""):
    return Evidence.of(text).settle(frozenset(), frozenset(), here, ())


def test_value_evidence_makes_a_product():
    functions, variables, conflicts = settle("$$\\bar{v} = \\sum_i \\alpha_i \\bar{x}_i$$")
    assert "\\alpha_i" in variables and not conflicts
    r = read("\\alpha_i (b + c)", Scope(variables=variables))
    assert str(r.expr) == "\\alpha_i*(b + c)"


def test_function_evidence_makes_a_call():
    functions, variables, _ = settle("$$u(x) = x^2$$ and $u'(2) = 4$")
    assert "u" in functions and "u" not in variables


def test_both_kinds_make_a_conflict_named_in_the_reason():
    _, variables, conflicts = settle("# Q1\n\n$w = 0.5$ and $$w(x) = 3x$$\n", "Q1")
    assert "w" not in variables
    with pytest.raises(NotRead) as got:
        read("w(a + b)", Scope(conflicts=conflicts))
    reason = got.value.reason
    assert reason.startswith("w(...) may be a call of w") and "w(x) = ..." in reason and "w = 0.5" in reason


def test_a_weak_function_beside_a_value_is_a_conflict():
    _, variables, conflicts = settle("$$s = r + 1$$ and we apply $r(x)$")
    assert dict(conflicts).get("r") and "r" not in variables


def test_without_evidence_nothing_changes():
    assert settle("$$a = b + c$$") == (frozenset(), frozenset({"a", "b", "c"}), ())
    with pytest.raises(NotRead, match="may be a call of y or a product"):
        read("y(a + b)", Scope())


# --- 3. calls with a semicolon ----------------------------------------------------------------------

@pytest.mark.parametrize("latex, args", [
    ("f(x; \\theta)", 2),
    ("y_k(\\mathbf{x}; \\mathbf{w})", 2),
    ("p(x; \\mu, s)", 3),
    ("p(x;\\mu,\\sigma)", 3),
    ("y_k(\\tilde{x}; \\tilde{w})", 2),
])
def test_a_semicolon_list_is_a_call(latex, args):
    r = read(latex, Scope())
    assert len(r.applied) == 1 and len(r.expr.args) == args


def test_a_semicolon_list_is_a_call_even_after_a_value():
    r = read("y_k(x; w)", Scope(variables=frozenset({"y_k"})))
    assert r.applied == frozenset({"y_k"})


# (a conditional, p(x \\mid z), p(x, y | z; \\theta), is read by probability.py as an opaque function
# of the values written: tests/test_audit_probability.py, tests/test_audit_argmax.py)
@pytest.mark.parametrize("latex", ["f(x;)"])
def test_a_condition_or_an_empty_part_is_no_call(latex):
    with pytest.raises(NotRead):
        read(latex, Scope())


@pytest.mark.parametrize("latex, name", [("f(x, y \\mid z)", "f_{x,y|z}(\\cdot,\\cdot|\\cdot)"),
                                         ("p(x, y | z; \\theta)", "p_{x,y|z}(\\cdot,\\cdot|\\cdot;\\cdot)")])
def test_a_condition_makes_a_conditional_not_a_call_with_a_list(latex, name):
    assert read(latex, Scope()).applied == frozenset({name})


# --- 4. whole documents: the evidence settles the reading each way ------------------------------------

PERCEPTRON = """# Problem 3

For a training pair $(x, y)$ the prediction is $\\hat{y} = \\operatorname{sign}(w x)$ and the margin loss is

$$L = \\max(0, 1 - y(w x + b))$$

Expanding,

$$1 - y(w x + b) = 1 - y w x - y b$$
"""


def test_a_label_settled_by_its_prediction_reads_as_a_product():
    # 000 Q3: y(\\bar W \\cdot \\bar X) with y the label, \\hat y its prediction (a value)
    found = steps(PERCEPTRON)
    assert one(found, "L").status == "definition"
    assert one(found, "1 - y(w x + b)").status == "holds"


SOFTMAX_CE = """## 2.3

Let $y$ be one-hot, so $\\sum_{i=1}^K y_i = 1$, and $L = -\\sum_{i=1}^K y_i \\log p_i$.

$$-\\sum_{i=1}^K y_i (a_i - c) = -\\sum_{i=1}^K y_i a_i + c \\sum_{i=1}^K y_i$$

$$-\\sum_{i=1}^K y_i (a_i + c) = -\\sum_{i=1}^K y_i a_i + c \\sum_{i=1}^K y_i$$
"""


def test_entries_summed_to_a_number_are_values_but_a_sign_slip_stays_undecided():
    # tests/audit_docs/01 Q2.3: y_i (\\delta_{ij} + p_j) right after y_i \\frac{...}{...}. The sum
    # given a number says y_i are values, but it is a premise the check does not use: a wrong
    # of the product reading is not certain (the next test shows why)
    found = steps(SOFTMAX_CE)
    assert one(found, "-\\sum_{i=1}^K y_i (a_i - c)").status == "holds", shown(found)
    bad = one(found, "-\\sum_{i=1}^K y_i (a_i + c)")
    assert bad.status == "undecided" and "wrong as read" in bad.reason, shown(found)
    assert "y_i before a parenthesis read as a product" in bad.reason


def test_a_step_that_leans_on_the_sum_is_never_wrong():
    found = steps("Since $\\sum_i p_i = 1$,\n\n$$\\sum_{i=1}^n p_i (x_i - c) = \\sum_{i=1}^n p_i x_i - c$$\n")
    assert [s.status for s in found] and all(s.status in NEVER_WRONG for s in found), shown(found)


COMBINATION = """6. Write $\\bar{v}$ in the basis:

$$\\bar{v} = \\sum_{i=1}^d \\alpha_i \\bar{x}_i$$

then

$$\\sum_{i=1}^d \\alpha_i (0) = 0$$

$$\\sum_{i=1}^d \\alpha_i (c_i + 1) = \\sum_{i=1}^d \\alpha_i c_i + \\sum_{i=1}^d \\alpha_i$$

$$\\sum_{i=1}^d \\alpha_i (c_i + 1) = \\sum_{i=1}^d \\alpha_i c_i$$
"""


def test_a_summand_factor_is_a_value_but_only_weakly():
    # 000 Q6: \\alpha_i (\\bar v \\cdot \\bar x_i) with \\bar v = \\sum_i \\alpha_i \\bar x_i
    found = steps(COMBINATION)
    assert one(found, "\\sum_{i=1}^d \\alpha_i (0)").status == "holds", shown(found)
    assert one(found, "\\sum_{i=1}^d \\alpha_i (c_i + 1)", "\\sum_{i=1}^d \\alpha_i c_i + \\sum_{i=1}^d \\alpha_i").status == "holds"
    bad = one(found, "\\sum_{i=1}^d \\alpha_i (c_i + 1)", "\\sum_{i=1}^d \\alpha_i c_i")
    # wrong as a product, but \\alpha_i is a value only by a bare use: a call is not ruled out
    assert bad.status == "undecided" and "before a parenthesis read as a product" in bad.reason, shown(found)


BACKPROP = """## Question 1

(b)

$$\\begin{aligned} \\frac{\\partial L}{\\partial w_1} &= w_3(1) = w_3 \\\\ &= 5.7 \\end{aligned}$$

$$w_3(2) = 2 w_3$$
"""


def test_a_name_given_a_number_in_the_question_is_a_certain_product():
    # 001 Q1(b): w_3(1) = w_3 = 5.7
    found = steps(BACKPROP)
    step = one(found, "w_3(1)", "w_3")
    assert step.status == "holds" and not step.reason, shown(found)
    assert one(found, "w_3(2)").status == "holds"


NETWORK = """Problem 2

The outputs are $y_k = \\sigma(a_k)$ with $a_k = \\sum_j w_{kj}^{(2)} h_j + b_k$, and the network function is

$$y_k(x; w) = \\sigma\\left(\\sum_j w_{kj}^{(2)} h_j + b_k\\right)$$

Halving the weights:

$$\\sum_j w_{kj}^{(2)} \\left(\\frac{1}{2} t_j + \\frac{1}{2}\\right) = \\sum_j \\frac{w_{kj}^{(2)}}{2} t_j + \\sum_j \\frac{w_{kj}^{(2)}}{2}$$
"""


def test_a_network_function_with_a_semicolon_and_a_weight_before_a_bracket():
    # 002 Problem 2: y_k(x; w) and w_{kj}^{(2)}(...)
    found = steps(NETWORK)
    net = one(found, "y_k(x; w)")
    assert net.status != "not_read", shown(found)
    halved = one(found, "\\sum_j w_{kj}^{(2)} \\left(\\frac{1}{2} t_j + \\frac{1}{2}\\right)")
    assert halved.status == "holds", shown(found)


CONFLICT = """# Q1

The step size is $u = 0.5$, and the schedule is the function $u(t) = 0.5^t$.

$$u(a + b) = 0.5 a + 0.5 b$$
"""


def test_a_name_said_to_be_both_is_not_read_and_the_reason_says_both():
    found = steps(CONFLICT)
    step = one(found, "u(a + b)")
    assert step.status == "not_read"
    assert "as a function (u(t) = ..." in step.reason and "as a value (u = 0.5" in step.reason, step.reason


ONLY_BARE = """# Q1

$$s = k + 1$$

# Q2

Here $k$ multiplies:

$$k(a + b) = k(a + 0)\\, k(b + 0)$$
"""


def test_a_product_that_would_be_a_false_wrong_is_undecided():
    # k is a value only by a bare use in another question: as a product the step is wrong, but
    # the author means the map k (k(a + b) = k(a) k(b)), so no certain wrong
    found = steps(ONLY_BARE)
    step = one(found, "k(a + b)")
    assert step.status in NEVER_WRONG and step.status == "undecided", shown(found)
    assert "k before a parenthesis read as a product" in step.reason


GIVEN = """# Q1

Take $y \\in \\mathbb{R}$ and

$$y(a + b) = y a + b$$
"""


def test_a_name_in_a_set_of_numbers_in_the_question_stands_behind_a_wrong():
    step = one(steps(GIVEN), "y(a + b)")
    assert step.status == "wrong" and step.counterexample, step.reason


MLE = """# Q4

The model is $p(x; \\mu, s) = \\frac{1}{s} e^{-(x - \\mu)/s}$ for $x \\ge \\mu$, with $s > 0$:

$$\\log p(x; \\mu, s) = -\\log s - \\frac{x - \\mu}{s}$$
"""


def test_a_density_with_parameters_after_a_semicolon_is_a_call():
    found = steps(MLE)
    step = one(found, "\\log p(x; \\mu, s)")
    assert step.status == "holds", shown(found)


def test_conditional_probability_stays_not_read():
    # p(x \\mid z) is a conditional density (probability.py); p(x) beside it may be a call or a product
    step = one(steps("$$p(x \\mid z) = p(x)$$\n"), "p(x \\mid z)")
    assert step.status == "not_read" and "p(...)" in step.reason


REGULARISED = """**Q1.** The penalty is $R = \\lambda (w_1^2 + w_2^2)$ with $\\lambda = 0.1$.

$$\\frac{\\partial R}{\\partial w_1} = 2 \\lambda w_1$$

$$\\frac{\\partial R}{\\partial w_2} = \\lambda w_2$$
"""


def test_a_weight_given_a_number_reads_its_penalty_as_a_product():
    # tests/audit_docs/08 Q1(c): \\lambda (w_1^2 + w_2^2) with \\lambda = 0.1 in the question
    found = steps(REGULARISED)
    assert one(found, "\\frac{\\partial R}{\\partial w_1}").status == "holds", shown(found)
    assert one(found, "\\frac{\\partial R}{\\partial w_2}").status == "wrong", shown(found)


PROSE_DEFINITION = """# Q1

$$s = k + 1$$

# Q2

Let $k(x) = x^2 + 1$. Then

$$k(3) = 10$$
"""


def test_prose_is_read_with_the_evidence_of_its_own_question():
    # k is a value in Q1 and a function defined in Q2's prose: the prose is read in Q2
    found = steps(PROSE_DEFINITION)
    assert one(found, "k(3)").status == "holds", shown(found)
