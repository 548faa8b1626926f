"""Identities with undefined (abstract) functions: f(z), g(a), L(g(a), y) and their derivatives.

Engine level (``decide``): a claim equal for every function once its derivatives are in one
normal form is a proof; otherwise it is sampled under seeded instances of the functions
(``holds (numeric)`` at most, a counterexample carries its instance). Audit level: a step
refuted for an instance is ``undecided`` unless the document declares ``let f = function``.
"""
from __future__ import annotations

import sympy as sp
import pytest

from checks.prove import functions
from checks.prove.decide import decide

x, y, z, a = sp.symbols("x y z a", real=True)
f, g, L, q = (sp.Function(n) for n in ("f", "g", "L", "q"))
_xi = sp.Dummy("xi")


def _at(fn, point):
    """f'(point) as SymPy's chain rule writes it."""
    return sp.Subs(sp.Derivative(fn(_xi), _xi), _xi, point)


# --- symbolic: equal for every function ---------------------------------------------------

PROOFS = [
    ("chain rule, Subs form", sp.Derivative(f(x**2), x), 2 * x * _at(f, x**2)),
    ("Subs at a symbol is f'(z)", _at(f, z), sp.Derivative(f(z), z)),
    ("product rule", sp.Derivative(f(x) * g(x), x),
     sp.Derivative(f(x), x) * g(x) + f(x) * sp.Derivative(g(x), x)),
    ("quotient rule", sp.Derivative(f(x) / g(x), x),
     (sp.Derivative(f(x), x) * g(x) - f(x) * sp.Derivative(g(x), x)) / g(x)**2),
    ("dL/dg times dg/da", sp.Derivative(L(g(a), y), g(a)) * sp.Derivative(g(a), a), sp.Derivative(L(g(a), y), a)),
    ("two arguments", sp.Derivative(f(x * y, y), x), y * sp.Subs(sp.Derivative(f(z, y), z), z, x * y)),
    ("algebra in the values", f(x)**2 - g(x)**2, (f(x) - g(x)) * (f(x) + g(x))),
    ("exponentials of values", sp.exp(f(x) + g(x)), sp.exp(f(x)) * sp.exp(g(x))),
]


@pytest.mark.parametrize("name, lhs, rhs", PROOFS, ids=[p[0] for p in PROOFS])
def test_holds_for_every_function(name, lhs, rhs):
    v = decide(lhs, rhs, seed=0, key=name)
    assert (v.status, v.strength) == ("holds", "proof"), v


def test_canonical_form_names_the_derivative_slot():
    # the two spellings of f'(z) and of the partial in the first slot of f(., y) meet
    assert functions.canonical(_at(f, z)) == functions.canonical(sp.Derivative(f(z), z))
    first = functions.canonical(sp.Derivative(f(x * y, y), x))
    assert first.has(sp.Function) and not first.has(sp.Derivative, sp.Subs)
    assert functions.undefined(first) == [f]   # the derivative function counts as f


def test_derivative_by_a_call_needs_the_call_to_hold_its_argument():
    # d/dg(a) of an expression with a outside g(a): what is held fixed is unclear, left alone
    e = sp.Derivative(L(g(a), a), g(a))
    assert functions.canonical(e).has(sp.Derivative)


# --- sampling over instances ----------------------------------------------------------------

def test_holds_numeric_over_instances_names_the_functions():
    v = decide(sp.sqrt(f(x)**2), sp.Abs(f(x)), seed=0, key="abs")
    assert (v.status, v.strength) == ("holds", "numeric")
    assert f"{functions.INSTANCES} instances of the functions f" in v.method


WRONG = [
    ("chain rule without the inner derivative", sp.Derivative(f(x**2), x), _at(f, x**2), {"f"}),
    ("product rule with one term", sp.Derivative(f(x) * g(x), x), sp.Derivative(f(x), x) * g(x), {"f", "g"}),
    ("a Gaussian log-density said in words", sp.log(q(z)), -sp.log(2 * sp.pi) / 2 - z**2 / 2, {"q"}),
    ("two arguments", f(x, y) + 1, f(x, y), {"f"}),
]


@pytest.mark.parametrize("name, lhs, rhs, names", WRONG, ids=[w[0] for w in WRONG])
def test_refuted_for_an_instance_carries_the_instance(name, lhs, rhs, names):
    v = decide(lhs, rhs, seed=0, key=name)
    assert v.status == "wrong"
    assert functions.INSTANCE_MARK in v.method
    ce = v.counterexample
    assert set(ce["instance"]) == names and ce["note"] == functions.INSTANCE_MARK
    assert ce["point"] and all(" -> " in s for s in ce["instance"].values())


def test_the_instance_is_a_counterexample_of_the_substituted_claim():
    """The evidence is re-checked by hand: the instance substituted, derivative taken after."""
    v = decide(sp.Derivative(f(x**2), x), _at(f, x**2), seed=0, key="again")
    ce = v.counterexample
    u = sp.Symbol("u", real=True)
    body = sp.sympify(ce["instance"]["f"].split(" -> ")[1], locals={"u": u})
    inst = sp.Lambda(u, body)
    point = {x: sp.Rational(ce["point"]["x"])}
    lhs = sp.diff(inst(x**2), x).subs(point)
    rhs = sp.diff(inst(u), u).subs(u, x**2).subs(point)
    assert sp.simplify(lhs - rhs) != 0


def test_instances_are_seeded_and_derivatives_follow_substitution():
    one, again, other = (functions.instances([f, g], s) for s in (0, 0, 1))
    assert one == again and one != other
    assert len({str(i[f]) for i in one}) == functions.INSTANCES   # three different functions of f
    d = functions.canonical(sp.Derivative(f(x**2), x))
    inst = one[0]
    assert functions.substitute(d, inst) == sp.diff(inst[f](x**2), x)


def test_same_seed_same_verdict():
    claims = [(sp.Derivative(f(x) * g(x), x), sp.Derivative(f(x), x) * g(x)),
              (sp.sqrt(f(x)**2), sp.Abs(f(x)))]
    for lhs, rhs in claims:
        a1 = decide(lhs, rhs, seed=3, key="k").to_dict()
        a2 = decide(lhs, rhs, seed=3, key="k").to_dict()
        for d in (a1, a2):
            d.pop("seconds")
        assert a1 == a2


def test_different_numbers_of_arguments_are_not_sampled():
    v = decide(f(x) + f(x, y), 2 * f(x), seed=0, key="arity")
    assert v.status == "undecided" and "different numbers of arguments" in v.detail


# --- audit ----------------------------------------------------------------------------------

def _steps(text):
    from checks import audit_text
    return audit_text(text, kind="markdown").documents[0].steps


WRONG_CHAIN = """# Q1

Let $z = x^2$.

$$
\\frac{\\partial f(z)}{\\partial x} = f'(z)
$$
"""

CHAIN = """# Q1

Let $z = x^2$.

$$
\\frac{\\partial f(z)}{\\partial x} = f'(z) \\frac{\\partial z}{\\partial x} = 2x f'(z)
$$
"""

PRODUCT = """<!-- derivcheck-file: let f, g = function -->
# Q1

$$
\\frac{\\partial}{\\partial x} \\left[ f(x) g(x) \\right] = f'(x) g(x) + f(x) g'(x)
$$
"""


def test_audit_chain_rule_through_an_abstract_function_holds():
    steps = _steps(CHAIN)
    assert [(s.status, s.strength) for s in steps] == [("holds", "proof"), ("holds", "proof")]


def test_audit_product_rule_of_two_abstract_functions_holds():
    steps = _steps(PRODUCT)
    assert [(s.status, s.strength) for s in steps] == [("holds", "proof")]


def test_audit_wrong_chain_rule_is_undecided_without_let():
    s, = _steps(WRONG_CHAIN)
    assert s.status == "undecided" and s.counterexample is None
    assert s.reason.startswith("wrong for an instance of f (f(u) = ")
    assert s.reason.endswith("the document may say more about f")


@pytest.mark.parametrize("directive", ["<!-- derivcheck-file: let f = function -->\n",
                                       "<!-- derivcheck: let f = function -->\n"])
def test_audit_wrong_chain_rule_is_wrong_with_let(directive):
    text = WRONG_CHAIN.replace("$$\n\\frac", directive + "$$\n\\frac", 1)
    s, = _steps(text)
    assert s.status == "wrong" and not s.ok
    assert s.counterexample["instance"]["f"].startswith("u -> ")


def test_audit_let_of_another_display_does_not_count():
    text = WRONG_CHAIN.replace("$$\n\\frac", "<!-- derivcheck: let f = function -->\n$$\nf(x) = f(x)\n$$\n\n$$\n\\frac", 1)
    s = _steps(text)[-1]
    assert s.status == "undecided" and s.reason.startswith("wrong for an instance of f")


def test_derivative_by_a_call_is_the_derivative_in_its_slot():
    by_call = functions.canonical(sp.Derivative(L(g(a), y), g(a)))
    assert not by_call.has(sp.Derivative, sp.Subs)
    inst = functions.instances([L, g], 0, {L: 2, g: 1})[0]
    lam = inst[L]
    u1, u2 = lam.variables
    expected = sp.diff(lam.expr, u1).xreplace({u1: inst[g](a), u2: y})
    assert sp.simplify(functions.substitute(by_call, inst) - expected) == 0


# --- a function defined at a composite argument (L_{CE}(f(x, theta), y) = ...) ----------------

COMPOSITE = """<!-- derivcheck-file: let f, L, M = function; let y = symbol -->
# Q1

$$
L(f(x), y) = (f(x) - y)^2
$$

$$
\\frac{\\partial L(f(x), y)}{\\partial x} = 2 (f(x) - y) f'(x)
$$

$$
\\frac{\\partial L(f(x), y)}{\\partial x} = 2 (f(x) - y)
$$

# Q2

$$
M(f(x), y) = x (f(x) - y)^2
$$

$$
\\frac{\\partial M(f(x), y)}{\\partial x} = 2 x (f(x) - y) f'(x)
$$
"""


def test_definition_at_a_composite_argument_is_used_by_the_steps_after():
    s = _steps(COMPOSITE)
    assert (s[0].status, s[0].reason) == ("definition", "defines L")
    assert (s[1].status, s[1].strength) == ("holds", "proof")
    # the chain rule without f': wrong, f declared arbitrary, the instance is the evidence
    assert s[2].status == "wrong" and set(s[2].counterexample["instance"]) == {"f"}


def test_definition_using_the_names_outside_the_call_is_not_recorded_and_never_wrong():
    s = _steps(COMPOSITE)
    assert s[3].status == "definition"
    assert s[4].status == "undecided"
    assert "M is defined at line 19 by a formula not read as a function of its arguments" in s[4].reason


def test_composite_parameters_from_the_context():
    from checks.io.audit.document.context import Context, definition_shape
    from checks.io.audit.reading.read import Reading
    X = sp.Symbol("x", real=True)
    lhs = L(f(X), y)
    name, params = definition_shape(Reading(lhs, frozenset(), frozenset(), frozenset()))
    assert name == "L" and params[1] == y and isinstance(params[0], sp.Dummy)
    ctx = Context()
    ctx.define("L", params, sp.log(f(X)) * y, "Q1", 3)
    out, hazards = ctx.expand(L(g(a), y), "Q1")
    assert out == sp.log(g(a)) * y and not hazards
    # a bare name that is also the call's argument: no definition shape
    assert definition_shape(Reading(L(f(X), X), frozenset(), frozenset(), frozenset())) is None


NUMERIC = """<!-- derivcheck-file: let f = function -->
# Q1

$$
\\sqrt{f(x)^2} = |f(x)|
$$
"""


def test_audit_holds_numeric_over_instances():
    s, = _steps(NUMERIC)
    assert (s.status, s.strength) == ("holds", "numeric")
    assert "instances of the functions f" in s.method


def test_audit_same_seed_same_verdicts():
    def seen(text):
        return [(s.status, s.strength, s.method, s.reason, s.counterexample) for s in _steps(text)]
    for text in (WRONG_CHAIN, COMPOSITE, NUMERIC):
        assert seen(text) == seen(text)


def test_the_instance_is_shown_with_the_evidence():
    v = decide(sp.Derivative(f(x**2), x), _at(f, x**2), seed=0, key="shown")
    assert v.detail == f"{functions.INSTANCE_MARK}: {functions.instance_text(v.counterexample['instance'])}"
    assert v.detail.split(": ", 1)[1].startswith("f(u) = ")
    text = WRONG_CHAIN.replace("$$\n\\frac", "<!-- derivcheck: let f = function -->\n$$\n\\frac", 1)
    s, = _steps(text)
    assert s.detail.startswith("for the instance f(u) = ") and s.detail.endswith("(let f = function)")
    u, = _steps(WRONG_CHAIN)
    assert not u.detail   # the reason names the instance once
