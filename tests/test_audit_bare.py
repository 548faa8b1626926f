"""A vector written bare as a function's argument: h(x) beside the entries x_j is a function of
the whole vector x. An entry-indexed definition (h(x) = \\sum_k e^{x_k}) is substituted and
differentiated by x_j; an h never defined so stays not read; x used as a number in the same
question keeps the reason "x is used both as a vector (x_i) and as a value"; x a number in
another question is that question's own. Documents are written in other courses' styles."""
from __future__ import annotations

import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.reading.read import Scope, read, read_pair

H = Scope(functions=frozenset({"h", "f", "g"}))


def _by_line(text):
    out = {}
    for s in audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps:
        out.setdefault(s.line, []).append(s)
    return out


def _status(text):
    return {line: [s.status for s in steps] for line, steps in _by_line(text).items()}


# -- the reader: h(x) beside x_j ---------------------------------------------------------------

def test_the_bare_argument_beside_its_entries_is_the_vector():
    e = read(r"\frac{\partial h(x)}{\partial x_j}", H).expr
    x = sp.IndexedBase("x", real=True)
    assert isinstance(e, sp.Derivative)
    assert e.expr.args == (x,)                       # h of the vector, not of a number x
    assert e.variables[0].base == x                  # by its entry x[j]


def test_both_sides_name_one_vector():
    a, b = read_pair(r"\frac{\partial h(x)}{\partial x_j}",
                     r"\frac{\partial \sum_{k=1}^N e^{x_k}}{\partial x_j}", H)
    x = sp.IndexedBase("x", real=True)
    assert a.expr.expr.args == (x,)
    assert b.expr.expr.has(x)


def test_a_bare_argument_without_entries_stays_a_number():
    from sympy.core.function import AppliedUndef
    (call,) = read(r"h(x) + 2", H).expr.atoms(AppliedUndef)
    assert call.args == (sp.Symbol("x", real=True),)


def test_x_also_a_value_in_the_side_keeps_the_reason():
    import pytest
    from checks.io.audit.reading.notation import NotRead
    with pytest.raises(NotRead, match=r"x is used both as a vector \(x_i\) and as a value"):
        read(r"h(x) + \sum_k x e^{x_k}", H)


def test_f_of_x_beside_f_of_x_0_is_a_point_not_an_entry():
    e = read(r"f(x) - f(x_0)", H).expr
    assert not e.atoms(sp.Indexed) and not e.atoms(sp.IndexedBase)


# -- whole documents -----------------------------------------------------------------------------

LOGSUMEXP = r"""# Question 1

Let $h(x) = \sum_{k=1}^n e^{x_k}$ where $x \in \mathbb{R}^n$.

$$\frac{\partial h(x)}{\partial x_j} = \frac{\partial \sum_{k=1}^n e^{x_k}}{\partial x_j} = e^{x_j}$$

$$\frac{\partial h(x)}{\partial x_j} = e^{x_j}$$

$$\frac{\partial h(x)}{\partial x_j} = 2 e^{x_j}$$

# Question 2

Let $f(x) = x^2$ for $x \in \mathbb{R}$.

$$\frac{d f(x)}{d x} = 2x$$

$$\frac{d f(x)}{d x} = 3x$$
"""


def test_an_entry_indexed_definition_is_differentiated_by_an_entry():
    got = _status(LOGSUMEXP)
    assert got[5] == ["holds", "holds"]
    assert got[7] == ["holds"]
    assert got[9] == ["wrong"]          # planted: twice the derivative


def test_the_planted_wrong_carries_a_certified_point():
    s = _by_line(LOGSUMEXP)[9][0]
    assert s.counterexample and "x[1]" in s.counterexample["point"]


def test_x_a_number_in_another_question_is_that_question_s_own():
    got = _status(LOGSUMEXP)
    assert got[15] == ["holds"] and got[17] == ["wrong"]


CUBES = r"""# Question 1

$$u(x) = \sum_{k=1}^n x_k^3$$

$$\frac{\partial u(x)}{\partial x_j} = 3 x_j^2$$

$$\frac{\partial u(x)}{\partial x_j} = 3 x_j$$
"""


def test_a_display_definition_of_a_function_of_the_vector():
    got = _status(CUBES)
    assert got[3] == ["definition"]
    assert got[5] == ["holds"] and got[7] == ["wrong"]


TRAPS = r"""# Question 1

$$e^{x} \ge 1 + x$$

Let $g(x) = \sum_{k=1}^n x_k^2$.

$$\frac{\partial g(x)}{\partial x_j} = 2 x_j$$

# Question 2

Here $z \in \mathbb{R}$ and $q(z) = \sum_{k=1}^n z_k^2$.

$$\frac{\partial q(z)}{\partial z_j} = 3 z_j$$

# Question 3

$$\frac{\partial r(x)}{\partial x_j} = 0$$

# Question 4

Let $s(x) = \sum_{k=1}^n e^{x_j}$.

$$\frac{\partial s(x)}{\partial x_j} = 7 e^{x_j}$$
"""


def test_traps_stay_not_read_and_never_wrong():
    steps = _by_line(TRAPS)
    # x a number earlier in the question (e^x), z said to be a number in the text
    assert [s.status for s in steps[7]] == ["not_read"]
    assert "x is used both as a vector (x_i) and as a value" in steps[7][0].reason
    assert [s.status for s in steps[13]] == ["not_read"]
    assert "z is used both as a vector" in steps[13][0].reason
    # r never defined: its partial by x_j is unknown (SymPy would make it 0)
    assert [s.status for s in steps[17]] == ["not_read"] and "r(x) of the vector x" in steps[17][0].reason
    # a definition that does not go through the entries x_k (a typo e^{x_j}): no function of x
    assert [s.status for s in steps[23]] == ["not_read"] and "s is defined at line 21" in steps[23][0].reason


# -- components of a function of several arguments ----------------------------------------------

def test_a_component_is_a_function_of_the_index_and_the_arguments():
    sc = Scope(functions=frozenset({"y"}))
    e = read(r"y(x, \Theta, \sigma)_k", sc).expr
    assert e.func.__name__ == r"y(\cdot)_\bullet"
    k = e.args[0]
    assert k == sp.Symbol("k", integer=True)
    # the activation passed bare is the function itself, no number \sigma
    assert e.args[-1] == sp.Symbol(r"\sigma(\cdot)", real=True)


def test_a_component_index_that_is_no_letter_number_or_sum_of_them_is_not_read():
    """y(x, w)_{k+1}: the component at k + 1 (vecops: the document's formula at that index);
    an index that is no sum of letters and numbers (k^2, two indices) is not read."""
    import pytest
    from checks.io.audit.reading.notation import NotRead
    e = read(r"y(x, w)_{k+1}", Scope(functions=frozenset({"y"}))).expr
    assert e.args[0] == sp.Symbol("k", integer=True) + 1
    for index in ("k^2", "i,j"):
        with pytest.raises(NotRead, match="the index must be a letter, a number or a sum of them"):
            read(r"y(x, w)_{" + index + "}", Scope(functions=frozenset({"y"})))


NETWORK = r"""# Question 1

A network $y : \mathbb{R}^D \rightarrow \mathbb{R}^K$ of the form

$$y(x, \Theta, \sigma)_k = \sum_{j=1}^M w_{kj} \sigma\left(\sum_{i=1}^D v_{ji} x_i + b_j\right) + c_k$$

for $1 \le k \le K$. With the sigmoid written through tanh:

$$y(x, \Theta, \sigma)_k = \sum_{j=1}^M w_{kj} \left(\frac{1}{2}\tanh\left(\frac{1}{2}\left(\sum_{i=1}^D v_{ji} x_i + b_j\right)\right) + \frac{1}{2}\right) + c_k$$

$$y(x, \Theta, \sigma)_k = \sum_{j=1}^M w_{kj} \left(\tanh\left(\frac{1}{2}\left(\sum_{i=1}^D v_{ji} x_i + b_j\right)\right) + \frac{1}{2}\right) + c_k$$

$$y(x, \Theta', \tanh)_k = \sum_{j=1}^M w_{kj} \tanh\left(\sum_{i=1}^D v_{ji} x_i + b_j\right) + c_k$$

$$\frac{1}{1 + e^{-x}} = \sigma(x)$$
"""


def test_a_component_definition_and_its_restatements_per_k():
    steps = _by_line(NETWORK)
    assert [s.status for s in steps[5]] == ["definition"]
    assert [s.status for s in steps[9]] == ["holds"]      # sigma = tanh(a/2)/2 + 1/2, for every k
    # planted (the 1/2 dropped): a definition-shaped restatement that disagrees is undecided
    # (a new meaning or an error), never holds
    assert [s.status for s in steps[11]] == ["undecided"] and "wrong as an identity" in steps[11][0].reason
    # other parameters and another activation: the body would ignore them, so nothing is substituted
    assert [s.status for s in steps[13]] == ["not_read"] and "not substituted" in steps[13][0].reason
    # \sigma passed as an argument leaves the sigmoid a function elsewhere
    assert [s.status for s in steps[15]] == ["holds"]


LOGITS = r"""# Question 2

The logits

$$f(\mathbf{x}; \theta)_k = \sum_{i=1}^D W_{ki} x_i$$

$$\frac{\partial f(\mathbf{x}; \theta)_k}{\partial x_j} = \sum_{i=1}^D W_{ki} \delta_{ij}$$

$$f(\mathbf{x}; \theta)_k = \sum_{i=1}^D x_i W_{ki}$$

$$\frac{\partial f(\mathbf{x}; \theta)_k}{\partial x_j} = \sum_{i=1}^D W_{ik} \delta_{ij}$$
"""


def test_a_component_with_a_bold_argument_and_parameters_after_a_semicolon():
    got = _status(LOGITS)
    assert got[5] == ["definition"] and got[9] == ["holds"]
    assert got[7] != ["wrong"] and got[11] != ["holds"]   # W may depend on x: not certain either way
    assert "wrong as read" in _by_line(LOGITS)[11][0].reason


def test_a_component_of_a_function_the_document_gives_no_formula_is_an_unknown_of_index_and_argument():
    e = read(r"S(\mathbf{x})_i", Scope(lets=(("S", "function"),))).expr
    assert e.func.__name__ == r"S(\cdot)_\bullet" and e.args[1] == sp.Symbol(r"\mathbf{x}", real=True)


def test_components_with_a_meaning_of_their_own_are_not_an_unknown_function():
    import pytest
    from checks.io.audit.reading.components import SOFTMAX_ENTRIES, entries_key
    from checks.io.audit.reading.notation import NotRead
    with pytest.raises(NotRead, match="component"):
        read(r"S(\mathbf{x} + c)_i", Scope(lets=((entries_key("S"), SOFTMAX_ENTRIES), ("S", "function"))))


RENAMED = r"""# Question 1

$$h(x) = \sum_{k=1}^n e^{x_k}$$

$$\frac{\partial h(z)}{\partial z_j} = e^{z_j}$$

$$\frac{\partial h(z)}{\partial z_j} = 3 e^{z_j}$$

$$h(t) = e^{t}$$
"""


def test_a_function_of_a_vector_applied_to_another_vector_and_to_a_number():
    steps = _by_line(RENAMED)
    assert [s.status for s in steps[5]] == ["holds"]      # the entries x_k become z_k
    assert [s.status for s in steps[7]] == ["wrong"]
    assert [s.status for s in steps[9]] == ["not_read"] and "on the vector x" in steps[9][0].reason
