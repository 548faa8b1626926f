"""A name given a new formula for a new case, and a name introduced anew in prose (cases.py, and
plan.Planner._define_or_check / _introduced).

Solutions restate a defined name with another formula on purpose: "for regression ... $y = a$;
for classification ... $$y = \\sigma(a)$$", "with weight decay the loss is $$L = ... + \\lambda w^2$$".
Such a restatement, introduced by a case phrase, is the definition of the name for the new case;
without a case phrase it stays what it was (a new meaning or an error: undecided). A later
question that says "Let $L$ be the loss computed at $o$" makes L a new, undefined name.

The documents are written for one mechanism each; the statuses are the engine's (nothing is
stubbed), the plans are looked at where the mechanism is in the claim itself.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import sympy as sp

from checks.io.audit.document import cases
from checks.io.audit.parse.extract import displays
from checks.io.audit.run import audit_documents, plan_document

SEEDS = Path("/work/shared/seeds")


def batch(texts: dict) -> dict:
    """Several small documents in one run of the engine (plans in this process)."""
    docs = [SimpleNamespace(name=f"{i}.md", text=t, kind="markdown") for i, t in enumerate(texts.values())]
    rep = audit_documents(docs, cache=False, isolated=False)
    return {name: d.steps for name, d in zip(texts, rep.documents)}


def at(found, line):
    got = [s for s in found if s.line == line]
    assert len(got) == 1, "\n".join(f"{s.line}: {s.latex} -> {s.status} ({s.reason})" for s in found)
    return got[0]


def plan(text):
    return plan_document("doc.md", text, "markdown", False).items


HEADS = r"""# Q1

The pre-activation is

$$a = w x + b$$

For regression problems the output is the identity:

$$y = a$$

For binary classification problems the output is the sigmoid of it:

$$y = \sigma(a)$$

so that

$$\frac{dy}{da} = y(1 - y)$$

and, as it is for regression,

$$\frac{dy}{da} = \frac{y}{a}$$

and a slip that no head makes true

$$y a = a^2 + 1$$
"""

DECAY = r"""# Q2

$$L = (w x - t)^2$$

With weight decay the loss is

$$L = (w x - t)^2 + \lambda w^2$$

$$L - \lambda w^2 = (w x - t)^2$$
"""

NOTE = r"""# Q1

$$y = a$$

$$y = \sigma(a) \quad \text{for classification}$$

$$\frac{dy}{da} = y(1-y)$$
"""

# traps: a restatement with no case phrase may be an error, and stays undecided
EXPAND = r"""# Q1

$$L = (y - t)^2$$

When we expand the square we get

$$L = y^2 + t^2$$
"""

FOR_ALL = r"""# Q1

$$f = x^2 + 1$$

For all $x$ we have

$$f = x^2$$
"""

THIS_CASE = r"""# Q1

$$f = x^2 + 1$$

In this case,

$$f = x^2$$
"""

LET = r"""# Q1

$$L = (y - t)^2$$

# Q2

Consider a neuron that multiplies its inputs $x_1$ and $x_2$ to obtain the output $o$. Let $L$ be the loss computed at $o$.

$$o = x_1 x_2$$

$$\frac{\partial L}{\partial x_1} = \frac{\partial L}{\partial o} \frac{\partial o}{\partial x_1}$$
"""

SAME_L = LET.replace("Let $L$ be the loss computed at $o$.", "We use the same $L$ as above.")


ENTRIES = r"""# Q1

For regression problems the output is the identity, $y_k = a_k$. For binary classification problems the outputs are

$$y_k = \sigma(a_k)$$

$$\frac{\partial y_j}{\partial a_j} = y_j(1 - y_j)$$

$$y_j + a_j = 2 a_j$$
"""


@pytest.fixture(scope="module")
def docs():
    return batch({"entries": ENTRIES, "heads": HEADS, "decay": DECAY, "note": NOTE, "expand": EXPAND, "for all": FOR_ALL,
                  "this case": THIS_CASE, "let": LET, "same L": SAME_L})


# --- 2. a new case ---------------------------------------------------------------------------

def test_a_classification_head_after_a_regression_head_is_a_new_case(docs):
    found = docs["heads"]
    assert at(found, 9).status == "definition"
    head = at(found, 13)
    assert head.status == "definition"
    assert head.reason == "a new case: For binary classification problems (redefines y of line 9)"


def test_the_steps_after_a_new_case_use_its_formula_and_a_holds_stands(docs):
    # dy/da = y(1 - y) holds for the sigmoid head (and would not for y = a): the case's formula
    assert at(docs["heads"], 17).status == "holds"


def test_a_wrong_under_the_newest_formula_only_stays_undecided_naming_the_case(docs):
    # dy/da = y/a: wrong for the sigmoid head, true for the regression head
    step = at(docs["heads"], 21)
    assert step.status == "undecided"
    assert "formula for a new case (For binary classification problems, line 13)" in step.reason
    assert "earlier formula (line 9)" in step.reason


def test_a_wrong_under_the_newest_and_the_earlier_formula_is_wrong_saying_so(docs):
    step = at(docs["heads"], 25)
    assert step.status == "wrong" and step.counterexample
    assert "wrong also with the formula before the new case (y of line 9)" in step.detail


def test_the_formula_before_the_case_is_checked_as_a_claim_of_its_own():
    items = plan(HEADS)
    slip = [it for it in items if it.step.line == 25][0]
    label, claim = slip.earlier
    a = sp.Symbol("a", real=True)
    # y of line 9 is a (a of line 5 is w x + b): the earlier reading of y a = a^2 + 1
    assert label == "y of line 9" and claim.id.endswith("~earlier")
    assert sp.expand(claim.lhs - claim.rhs + 1) == 0 and "sigmoid" not in str(claim.lhs)
    assert "sigmoid" in str(slip.claim.lhs)


def test_the_entries_of_an_array_follow_the_new_case(docs):
    found = docs["entries"]
    assert at(found, 5).reason.startswith("a new case: For binary classification problems")
    assert at(found, 7).status == "holds"       # y_j of the sigmoid head
    # true for the identity head, wrong for the sigmoid one: not certain
    step = at(found, 9)
    assert step.status == "undecided" and "y is used with its formula for a new case" in step.reason


def test_a_loss_with_weight_decay_is_a_new_case(docs):
    found = docs["decay"]
    assert at(found, 7).status == "definition" and at(found, 7).reason.startswith("a new case: With weight decay")
    assert at(found, 9).status == "holds"     # L - lambda w^2 = (w x - t)^2: with the decay term


def test_a_case_phrase_in_the_note_beside_the_step(docs):
    found = docs["note"]
    assert at(found, 5).status == "definition" and "a new case: for classification" in at(found, 5).reason
    assert at(found, 7).status == "holds"


@pytest.mark.parametrize("name", ["expand", "for all", "this case"])
def test_a_restatement_without_a_case_phrase_stays_undecided(docs, name):
    step = at(docs[name], 7)
    assert step.status == "undecided" and "a new meaning, or an error" in step.reason


def test_a_restatement_without_a_case_phrase_still_doubts_the_steps_after_it():
    items = plan(EXPAND + "\n$$L + 0 = y^2 + t^2$$\n")
    later = [it for it in items if it.step.line == 9][0]
    assert any("disagreed with its earlier definition" in h for h in later.hazards)


# --- 1. a name introduced anew ---------------------------------------------------------------

def test_let_L_be_in_a_later_question_ends_the_earlier_definition(docs):
    # L of Q1 is (y - t)^2; in Q2 it is the loss computed at o: the chain rule through o holds
    assert at(docs["let"], 11).status == "holds"
    item = [it for it in plan(LET) if it.step.line == 11][0]
    names = {s.name for e in (item.claim.lhs, item.claim.rhs) for s in e.free_symbols}
    assert not names & {"y", "t"}
    assert not any("as defined in Q1" in h for h in item.hazards)


def test_a_mere_mention_keeps_the_earlier_definition(docs):
    item = [it for it in plan(SAME_L) if it.step.line == 11][0]
    # L of Q1, (y - t)^2, is substituted: both sides are its derivative (0), used from Q1
    assert (item.claim.lhs, item.claim.rhs) == (0, 0)
    assert "L is used as defined in Q1 (line 3)" in item.hazards
    assert docs["same L"][-1].status == "undecided"


def test_a_where_clause_after_the_display_that_defines_the_name_describes_it():
    items = plan("# Q1\n\n$$L = (y - t)^2$$\n\nwhere $L$ is the squared error.\n\n$$L + 1 = (y - t)^2 + 1$$\n")
    later = [it for it in items if it.step.line == 7][0]
    assert {s.name for s in later.claim.lhs.free_symbols} == {"y", "t"}


def test_a_where_clause_after_a_display_that_uses_the_name_introduces_it_there():
    text = ("# Q1\n\n$$L = (y - t)^2$$\n\n# Q2\n\n$$\\frac{\\partial L}{\\partial o} = 2$$\n\n"
            "where $L$ is the loss computed at $o$.\n")
    item = [it for it in plan(text) if it.step.line == 7][0]
    # the step the clause explains already reads L as the new loss: an unknown partial
    assert not {s.name for s in item.claim.lhs.free_symbols} & {"y", "t"}


# --- the phrases -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, phrase", [
    ("Similarly, for multiple binary classification problems, each output unit activation is transformed",
     "for multiple binary classification problems"),
    ("For sigmoid activation $g = \\sigma(\\cdot)$", "For sigmoid activation"),
    ("For tanh activation, $g = \\tanh(\\cdot)$ [substitute]", "For tanh activation"),
    ("Now, if we are using regularization, then the loss function should look something like:",
     "if we are using regularization"),
    ("In the multiclass case, the output is", "In the multiclass case"),
    ("With weight decay, the loss becomes", "With weight decay"),
    ("for regression we have", "for regression"),
    ("when no regularization is used", "when no regularization is used"),
    ("when $g = \\tanh(\\cdot)$ we get", "when $g = \\tanh(\\cdot)$"),
])
def test_case_phrases(sentence, phrase):
    assert cases.case_phrase(sentence) == phrase


@pytest.mark.parametrize("sentence", [
    "for all x we have", "For all $x$,", "for each output unit", "for every $i$", "In this case,",
    "For this problem,", "for $x > 0$", "If we plug in the loss function, for $a > 0$:",
    "When we expand the square, we get", "If we use the chain rule, then", "With respect to w we get",
    "For any a , we will result in the a corresponding solution $a\\bar{W}_o$, that satisfies the following:",
    "Show that for regression problems", "Now let's look at the two networks", "for the case",
    "If we use (3), we get", "if we use the result above",
])
def test_no_case_phrase(sentence):
    assert cases.case_phrase(sentence) is None


def _intros(text):
    return [(i.latex, i.explains is not None) for i in cases.introductions(text, displays(text, "markdown", inline=True))]


@pytest.mark.parametrize("text, name", [
    ("Let L be the loss function that is computed at o.", "L"),
    ("Let $\\mathcal{L}$ denote the loss.", "\\mathcal{L}"),
    ("Here $L$ denotes the cross-entropy.", "L"),
    ("Consider a loss $L$ of the output.", "L"),
    ("The gradient, where $L$ is the loss of one example.", "L"),
])
def test_introductions(text, name):
    assert [n for n, _ in _intros(text)] == [name]


@pytest.mark.parametrize("text", [
    "Let $L$ be the same loss as above.", "Let $L$ be as in Q3.", "Let $x$ be positive.",
    "Let $h$ be applied elementwise.", "using $L$ from above", "where $L$ is given by (3).",
    "Let $L = x^2$ be the loss.", "Since the output of $S(\\mathbf{x})$ represents probability, we can write",
])
def test_no_introduction(text):
    assert _intros(text) == []


# --- the seeds ---------------------------------------------------------------------------------

def _seed(prefix):
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip("seed documents not present")
    doc = SimpleNamespace(name=found[0].name, text=found[0].read_text(), kind="markdown")
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


@pytest.mark.slow
def test_seed_002_output_heads_and_activations():
    found = _seed("002")
    assert at(found, 86).reason.startswith("a new case: for multiple binary classification problems")
    assert at(found, 120).reason.startswith("a new case: For sigmoid activation")
    assert at(found, 124).status == "holds"     # sigma(z) = tanh(z/2)/2 + 1/2, under the sigmoid case
    assert at(found, 116).status == "undecided"  # "Now let's look at the two networks": no case phrase


@pytest.mark.slow
def test_seed_000_regularized_loss_and_a_new_L_in_question_5():
    found = _seed("000")
    assert at(found, 113).reason.startswith("a new case: if we are using regularization")
    first = [s for s in found if s.line == 107][0]
    assert first.status == "undecided"     # "If we plug in the loss function": no case phrase
    for line in (149, 151):   # Let L be the loss function that is computed at o: the chain rule holds
        assert at(found, line).status == "holds"
    for s in found:
        assert "formula of line 113" not in (s.reason or "")
        assert s.status != "wrong" or s.line not in (155, 159)
