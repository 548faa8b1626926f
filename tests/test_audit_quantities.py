"""Derivatives with respect to a written value NAME(args) (``\\frac{\\partial L}{\\partial
a(\\mathbf{x}, \\theta)}``): the form names a quantity, read as one opaque value wherever it is
written so, and a name whose call is a whole numerator of a derivative is a function.

Readings (LaTeX in, SymPy out), the look-alikes that must stay NotRead, and small documents in
the style of a course's backprop exercise where the steps that hold must hold and nothing may
come out wrong."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.reading.derivatives import quantities
from checks.io.audit.reading.read import NotRead, Scope, read
from checks.io.audit.reading.scan import Scanner

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

A = r"a(\mathbf{x},\boldsymbol{\theta})"
F = "f(x)"


def R(name):
    return sp.Symbol(name, real=True)


QA = R(A)
QF = R(F)
y = R("y")
g = sp.Function("g")

# (LaTeX of a display, the forms its derivatives are taken by)
FORMS = [
    (r"\frac{\partial L}{\partial a(\mathbf{x}, \boldsymbol{\theta})} = 1", {A}),
    (r"\frac{\partial}{\partial a(\mathbf{x},\boldsymbol{\theta})} \left[ y \right]", {A}),
    (r"\frac{d \ell}{d f(x)} = 2", {F}),
    (r"\frac{\partial^2 L}{\partial a(\mathbf{x}, \boldsymbol{\theta})^2}", {A}),
    # the numerator is differentiated, never a quantity
    (r"\frac{\partial g(a)}{\partial a} = 1", set()),
    # a prime, a component or a power before the bracket: no quantity
    (r"\frac{\partial L}{\partial f'(x)}", set()),
    (r"\frac{\partial L}{\partial h^1(x)}", set()),
    # an ordinary fraction
    (r"\frac{a(x, y)}{b(x, y)}", set()),
]


@pytest.mark.parametrize("latex,forms", FORMS)
def test_quantity_forms(latex, forms):
    assert quantities(latex, Scanner(Scope())) == forms


def test_whole_numerator_calls_are_functions():
    called = set()
    quantities(r"\frac{\partial g(a(x, \theta))}{\partial a(x, \theta)} + \frac{\partial (u(v))}{\partial v}",
               Scanner(Scope()), called)
    assert called == {"g"}      # (u(v)) in brackets is not a whole call


QSCOPE = Scope(quantities=frozenset({A, F}))

READINGS = [
    (r"\frac{\partial}{\partial a(\mathbf{x}, \boldsymbol{\theta})} e^{a(\mathbf{x}, \boldsymbol{\theta})}",
     sp.Derivative(sp.exp(QA), QA)),
    (r"e^{a(\mathbf{x},\boldsymbol{\theta})} (1 + e^{a(\mathbf x, \boldsymbol{\theta})})",
     None),   # \mathbf x without braces: another written form, so not this quantity (below)
    (r"\frac{e^{a(\mathbf{x}, \boldsymbol{\theta})}}{1 + e^{a(\mathbf{x}, \boldsymbol{\theta})}}",
     sp.exp(QA) / (1 + sp.exp(QA))),
    (r"\frac{d \ell}{d f(x)}", sp.Derivative(R("\\ell"), QF)),
    (r"2 (y - f(x))", 2 * (y - QF)),
    (r"f(x)^2", QF ** 2),
]


@pytest.mark.parametrize("latex,expected", [r for r in READINGS if r[1] is not None])
def test_quantity_readings(latex, expected):
    got = read(latex, QSCOPE)
    assert sp.srepr(got.expr) == sp.srepr(expected)
    assert {s.name for s in got.expr.free_symbols} & {A, F} <= set(got.opaque)


def test_other_written_form_is_not_the_quantity():
    got = None
    try:
        got = read(r"e^{a(\mathbf x, \boldsymbol{\theta})}", QSCOPE)
    except NotRead:
        return
    assert QA not in got.expr.free_symbols


NOT_READ = [
    # a derivative by a name the quantity's brackets hold: the value depends on it
    (r"\frac{\partial}{\partial \boldsymbol{\theta}} e^{a(\mathbf{x}, \boldsymbol{\theta})}", "depends on it"),
    (r"\frac{\partial f(x)}{\partial x}", "depends on it"),
    (r"\frac{d}{dx} \left( f(x)^2 \right)", "depends on it"),
    # a component or a prime after the quantity
    (r"f(x)_i", "subscript"),
    (r"f(x)'", "prime"),
    # a form that no derivative is taken by stays a call or a product
    (r"b(x) + 1", "may be a call"),
]


@pytest.mark.parametrize("latex,word", NOT_READ)
def test_quantity_look_alikes_not_read(latex, word):
    with pytest.raises(NotRead) as exc:
        read(latex, QSCOPE)
    assert word in exc.value.reason


def test_a_value_before_a_bracket_is_no_quantity():
    # f is a value the document gave: f(x) is f times x, whatever a derivative says
    got = read("f(x)", Scope(variables=frozenset({"f"}), quantities=frozenset({F})))
    assert got.expr == R("f") * R("x")


def test_without_quantities_the_derivative_is_not_read():
    with pytest.raises(NotRead) as exc:
        read(r"\frac{\partial L}{\partial a(\mathbf{x}, \boldsymbol{\theta})}")
    assert "function value" in exc.value.reason


def _steps(text: str):
    return audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps


DOC = r"""# Q1

Let $f(\mathbf{x}, \theta) = g(a(\mathbf{x}, \theta))$ with $g$ the output activation.

$$\frac{\partial g(a(\mathbf{x}, \theta))}{\partial a(\mathbf{x}, \theta)} = \frac{\partial}{\partial a(\mathbf{x}, \theta)} \frac{e^{a(\mathbf{x}, \theta)}}{1 + e^{a(\mathbf{x}, \theta)}} = \frac{e^{a(\mathbf{x}, \theta)}}{(1 + e^{a(\mathbf{x}, \theta)})^2}$$

$$-\left[\frac{y}{g(a(\mathbf{x}, \theta))} \cdot g(a(\mathbf{x}, \theta)) \cdot (1 - g(a(\mathbf{x}, \theta)))\right] = -y \cdot (1 - g(a(\mathbf{x}, \theta))) = y \, g(a(\mathbf{x}, \theta)) - y$$

$$g(a(\mathbf{x}, \theta)) - y = f(\mathbf{x}, \theta) - y$$

$$\frac{\partial}{\partial a(\mathbf{x}, \theta)} \left[ \exp(2 a(\mathbf{x}, \theta)) \right] = \exp(2 a(\mathbf{x}, \theta))$$
"""


def test_document_with_a_quantity():
    steps = _steps(DOC)
    status = [(s.line, s.status) for s in steps]
    # the quotient rule on e^a / (1 + e^a): a is a value, the step holds
    second = [s for s in steps if s.line == 5 and s.to.startswith("\\frac{e^")]
    assert second and second[0].status == "holds", status
    # algebra with g(a) a call of the function g
    assert [s.status for s in steps if s.line == 7] == ["holds", "holds"], status
    # f(x, theta) = g(a(x, theta)) from the prose
    assert [s.status for s in steps if s.line == 9] == ["holds"], status
    # a real error (the chain factor 2 dropped): the quantity is opaque, so never a certain wrong
    last = [s for s in steps if s.line == 11]
    assert last and last[0].status == "undecided" and "range" in (last[0].reason or ""), \
        [(s.line, s.status, s.reason) for s in steps]
    assert not [s for s in steps if s.status == "wrong"], status


NEVER_WRONG = [
    # a(x, theta) depends on theta: d/dtheta of it is never read as 0
    r"""$$\frac{\partial L}{\partial a(x, \theta)} = 1$$

$$\frac{\partial}{\partial \theta} a(x, \theta) = 0$$
""",
    # L defined through f(x) = x^2 elsewhere: dL/df(x) read with f(x) one value, the chain
    # through x never taken as independent
    r"""$$f(x) = x^2$$

$$\frac{d}{d f(x)} \left( f(x)^2 \right) = 2 f(x)$$

$$\frac{d}{dx} f(x)^2 = 4 x^3$$
""",
    # a(x) used both as a quantity and as a defined function of x
    r"""$$a(x) = 3x$$

$$\frac{\partial L}{\partial a(x)} \frac{\partial a(x)}{\partial x} = 3 \frac{\partial L}{\partial a(x)}$$
""",
]


@pytest.mark.parametrize("text", NEVER_WRONG)
def test_quantity_never_wrong(text):
    steps = _steps(text)
    assert not [s for s in steps if s.status == "wrong"], [(s.line, s.status, s.reading) for s in steps]


def test_quantity_under_a_sum_depends_on_its_index_variable():
    # f(x_i) under \sum_i is an entry of a family of values; d/dx_i of it is not 0
    with pytest.raises(NotRead) as exc:
        read(r"\sum_{i=1}^n \frac{\partial f(x_i)}{\partial x_i}", Scope(quantities=frozenset({"f(x_i)"})))
    assert "depends on it" in exc.value.reason


def test_quantity_family_document_never_wrong():
    text = (r"$$\frac{\partial L}{\partial f(x_i)} = 1$$" "\n\n"
            r"$$\sum_{i=1}^n \frac{\partial f(x_i)}{\partial x_i} = 0$$" "\n")
    steps = _steps(text)
    assert [s.status for s in steps if s.line == 3] == ["not_read"], [(s.line, s.status, s.reason) for s in steps]


def test_quantity_family_is_never_certainly_wrong():
    # f(x_i) under a sum: a family of values whose range the document does not give
    text = (r"$$\frac{\partial L}{\partial f(x_i)} = 1$$" "\n\n"
            r"$$\sum_{i=1}^n \sqrt{f(x_i)^2} = \sum_{i=1}^n f(x_i)$$" "\n")
    steps = _steps(text)
    last = [s for s in steps if s.line == 3]
    assert last and last[0].status == "undecided" and "range" in last[0].reason, \
        [(s.line, s.status, s.reason) for s in steps]


@pytest.mark.parametrize("text,called", [
    (r"where $g(\cdot)$ is an activation", {"g"}),
    (r"h_k(\cdot, \cdot)", {"h_k"}),
    (r"x \cdot (y + 1)", set()),
    (r"\log(\cdot)", set()),
])
def test_placeholder_calls_are_functions(text, called):
    got = set()
    quantities(text.replace("$", ""), Scanner(Scope()), got)
    assert got == called


def test_sigma_stays_the_sigmoid_when_its_call_is_differentiated():
    text = (r"$$\frac{\partial \sigma(z)}{\partial z} = \sigma(z) (1 - \sigma(z))$$" "\n\n"
            r"$$\sigma(0) = \frac{1}{2}$$" "\n")
    steps = _steps(text)
    assert [s.status for s in steps] == ["holds", "holds"], [(s.line, s.status, s.reason) for s in steps]


def test_placeholder_call_document():
    text = ("where $g(\\cdot)$ is some activation function.\n\n"
            "$$h_j = g(z_j)$$\n\n"
            "$$g(z_j) + g(z_j) = 2 g(z_j)$$\n")
    steps = _steps(text)
    assert [s.status for s in steps] == ["definition", "holds"], [(s.line, s.status, s.reason) for s in steps]


# d/d g(u) of an expression written in the names g(u) is made of: never 0 by default (rt4, A)
CHAIN_DOC = r"""# Worked example

The output is $g(u) = 2 u$ with $u = 3$, and the error is

$$E = (2 u - 1)^2$$

$$\frac{\partial E}{\partial g(u)} = 0$$

$$\frac{\partial E}{\partial g(u)} = 2 (g(u) - 1)$$

$$F = (g(u) - 1)^2 + u^2$$

$$\frac{\partial F}{\partial g(u)} = 2 (g(u) - 1)$$

$$G = (g(u) - 1)^2$$

$$\frac{\partial G}{\partial g(u)} = 2 (g(u) - 1)$$
"""


def test_derivative_by_a_value_not_written_in_it_is_not_read():
    steps = {s.line: s for s in audit_text(CHAIN_DOC, "markdown", cache=False, jobs=1).documents[0].steps}
    for line in (7, 9):        # E is written in u, not in g(u): the chain through g is not read
        assert steps[line].status == "not_read", (line, steps[line].status)
        assert "not written in g(u)" in steps[line].reason
    assert steps[13].status == "not_read"       # F also in u, which g(u) is made of
    assert "u" in steps[13].reason and "depends on" in steps[13].reason
    assert steps[17].status == "holds"          # G in g(u) alone: the partial by one value


def test_bound_index_of_the_entry_letter_is_renamed():
    doc = r"""# Norm

$$R = \sum_{k=1}^{n} w_k^2$$

$$\frac{\partial R}{\partial w_k} = 2 \sum_{k=1}^{n} w_k$$

$$\frac{\partial R}{\partial w_k} = 2 w_k$$
"""
    steps = {s.line: s for s in audit_text(doc, "markdown", cache=False, jobs=1).documents[0].steps}
    assert steps[5].status != "holds", steps[5].reading
    assert steps[7].status in ("holds", "condition"), steps[7].status


def test_a_letter_inside_a_command_is_no_argument():
    # d/db of log(1 + e^{-a(\mathbf{x})}): b is not written in a(\mathbf{x}) (only inside \mathbf)
    doc = r"""Let $a(\mathbf{x}) = \mathbf{w}^T \mathbf{x} + b$.

$$\frac{\partial \ell}{\partial a(\mathbf{x})} = 1$$

$$\frac{\partial}{\partial b} \log(1 + e^{-a(\mathbf{x})}) = 0$$
"""
    steps = {s.line: s for s in audit_text(doc, "markdown", cache=False, jobs=1).documents[0].steps}
    assert steps[5].status != "holds"
    assert "derivative by b" not in (steps[5].reason or ""), steps[5].reason


def test_names_of_the_quantitys_function_count_as_its_dependencies():
    # g(t) = w t defined as a function: E written in g(u) and w is no partial by an independent g(u)
    doc = r"""# T

Let $g(t) = w t$ and $w = 2$.

$$E = (g(u) - 1)^2 + w^2$$

$$\frac{\partial E}{\partial g(u)} = 2 (g(u) - 1)$$

$$H = (g(u) - 1)^2$$

$$\frac{\partial H}{\partial g(u)} = 2 (g(u) - 1)$$
"""
    steps = {s.line: s for s in audit_text(doc, "markdown", cache=False, jobs=1).documents[0].steps}
    assert steps[7].status == "not_read" and "also written in w" in steps[7].reason, steps[7].reason
    assert steps[11].status == "holds"
