"""The chain rule through a loss the document never writes (checks/io/audit/planning/chain.py).

L is "a scalar"; the layers are defined. Under the model L = F(entries of the downstream
quantity), F arbitrary, a chain-rule step holds for every loss that depends on the parameters
only through that quantity (said in ``detail``); a step wrong under the model is never
``wrong`` (L may also depend on W directly), only ``undecided`` naming the model, unless the text
says L depends on W only through that quantity (tests/test_audit_upstream.py): the templates
here say nothing of it."""
from __future__ import annotations

import sympy as sp

from checks import audit_text
from checks.io.audit.planning import chain

LINEAR = r"""\section*{Q1}
A linear layer, in index notation,
\begin{equation}
Y_{mn} = \sum_{p=1}^{D} X_{mp} W_{np} + B_{mn}
\end{equation}
$L$ is a scalar.
\begin{equation}
STEP
\end{equation}
"""

ELEMENTWISE = r"""<!-- derivcheck-file: let h = function -->
## Q1 An elementwise layer

$$
Y_{mn} = \sum_{p=1}^{D} X_{mp} W_{np}
$$

$$
Z_{mn} = h(Y_{mn})
$$

$$
STEP
$$
"""

SCALAR = r"""## Q2 A two-layer scalar network

$$
z = w_1 x + b_1
$$
$$
h = \tanh(z)
$$
$$
o = w_2 h + b_2
$$
The loss $L$ is a scalar.

$$
STEP
$$
"""

CONV = r"""## Q3 A one-dimensional convolution

$$
a_i = \sum_{j=1}^{K} h_{i+j-1} w_j
$$
$L$ is a scalar.

$$
STEP
$$
"""


def _steps(doc: str, step: str, kind: str = "markdown"):
    return audit_text(doc.replace("STEP", step), kind=kind).documents[0].steps


def _last(doc: str, step: str, kind: str = "markdown"):
    return _steps(doc, step, kind)[-1]


def _holds_through(s, loss_phrase: str):
    assert s.status == "holds", (s.status, s.reason)
    assert loss_phrase in (s.detail or "")


def _undecided_under_model(s, through: str):
    assert s.status == "undecided", (s.status, s.detail)
    assert s.reason.startswith(f"wrong for a loss that depends on {through}"), s.reason
    assert "directly" in s.reason


# -- the linear layer, index notation ------------------------------------------------------

def test_the_chain_rule_written_with_the_layer_derivative_holds_for_every_loss_through_y():
    s = _steps(LINEAR, r"\frac{\partial L}{\partial W_{ij}} = \sum_{m,n} \frac{\partial L}{\partial Y_{mn}} "
                       r"\frac{\partial Y_{mn}}{\partial W_{ij}}", "latex")[1]
    _holds_through(s, "for every L that depends on W only through Y")
    assert s.strength == "bounded"


def test_the_weight_gradient_in_closed_form_holds():
    s = _last(LINEAR, r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Y_{mi}} X_{mj}", "latex")
    _holds_through(s, "depends on W only through Y")


def test_the_input_and_bias_gradients_hold():
    s = _last(LINEAR, r"\frac{\partial L}{\partial X_{ij}} = \sum_{n} \frac{\partial L}{\partial Y_{in}} W_{nj}", "latex")
    _holds_through(s, "depends on X only through Y")
    s = _last(LINEAR, r"\frac{\partial L}{\partial B_{ij}} = \frac{\partial L}{\partial Y_{ij}}", "latex")
    _holds_through(s, "depends on B only through Y")


def test_a_missing_transpose_is_undecided_under_the_model_never_holds():
    # X_{mi} and Y_{mj} swapped: the gradient of W^T, not of W
    s = _last(LINEAR, r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Y_{mj}} X_{mi}", "latex")
    _undecided_under_model(s, "W only through Y")


def test_swapped_indices_of_the_upstream_gradient_are_undecided_under_the_model():
    s = _last(LINEAR, r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Y_{im}} X_{mj}", "latex")
    _undecided_under_model(s, "W only through Y")
    s = _last(LINEAR, r"\frac{\partial L}{\partial X_{ij}} = \sum_{n} \frac{\partial L}{\partial Y_{in}} W_{jn}", "latex")
    _undecided_under_model(s, "X only through Y")


def test_the_chain_rule_without_the_inner_derivative_is_undecided():
    s = _steps(LINEAR, r"\frac{\partial L}{\partial W_{ij}} = \sum_{m,n} \frac{\partial L}{\partial Y_{mn}}", "latex")[1]
    assert s.status == "undecided"
    assert s.status != "holds"


# -- the elementwise layer Z = h(Y), h arbitrary --------------------------------------------

def test_through_an_elementwise_layer_the_weight_gradient_holds():
    s = _last(ELEMENTWISE, r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Z_{mi}} h'(Y_{mi}) X_{mj}")
    _holds_through(s, "depends on W only through Z")


def test_through_an_elementwise_layer_a_missing_inner_derivative_is_undecided():
    s = _last(ELEMENTWISE, r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Z_{mi}} X_{mj}")
    _undecided_under_model(s, "W only through Z")
    s = _last(ELEMENTWISE, r"\frac{\partial L}{\partial Y_{ij}} = \frac{\partial L}{\partial Z_{ij}}")
    _undecided_under_model(s, "Y only through Z")


def test_a_derivative_at_an_entry_keeps_its_point_through_a_definition():
    # h'(Y_{mi}) under a sum: the point Y_{mi} took Y's formula (it was lost, and h' became
    # one constant, so that this step held)
    doc = ELEMENTWISE.replace("STEP", r"\sum_{m=1}^{N} G_{mi} h'(Y_{mi}) = h'(Y_{1i}) \sum_{m=1}^{N} G_{mi}")
    s = audit_text(doc).documents[0].steps[-1]
    assert s.status != "holds"


# -- a two-layer scalar network -------------------------------------------------------------

def test_scalar_chain_steps_hold_for_every_loss_through_the_output():
    s = _last(SCALAR, r"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial o} w_2 (1 - h^2) x")
    _holds_through(s, "for every L that depends on w_1 only through o")


def test_a_scalar_chain_missing_the_inner_derivative_is_undecided_never_wrong():
    s = _last(SCALAR, r"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial o} w_2 x")
    _undecided_under_model(s, "w_1 only through o")


# -- a convolution --------------------------------------------------------------------------

def test_the_convolution_weight_gradient_holds():
    s = _steps(CONV, r"\frac{\partial L}{\partial w_j} = \sum_{i=1}^{N} \frac{\partial L}{\partial a_i} "
                     r"\frac{\partial a_i}{\partial w_j}")[-1]
    _holds_through(s, "depends on w only through a")
    s = _last(CONV, r"\frac{\partial L}{\partial w_j} = \sum_{i=1}^{N} \frac{\partial L}{\partial a_i} h_{i+j-1}")
    _holds_through(s, "depends on w only through a")


def test_a_shifted_convolution_index_is_undecided():
    s = _last(CONV, r"\frac{\partial L}{\partial w_j} = \sum_{i=1}^{N} \frac{\partial L}{\partial a_i} h_{i+j}")
    _undecided_under_model(s, "w only through a")


# -- the document of the issue, and the model's limits ---------------------------------------

def test_the_issue_document_linear_layer_steps_hold_under_the_model():
    from pathlib import Path
    text = (Path(__file__).parent / "audit_docs" / "02_linear_layer_index.tex").read_text()
    steps = audit_text(text, kind="latex").documents[0].steps
    first = {s.line: s for s in reversed(steps)}   # the first step on each line
    for line, through in ((16, "W"), (25, "X"), (33, "b")):
        _holds_through(first[line], f"depends on {through} only through Y")


def test_two_quantities_neither_downstream_of_the_other_keep_the_unknowns():
    doc = r"""## Q
$$
u = 2 x
$$
$$
v = 3 y
$$
$$
\frac{\partial L}{\partial u} = \frac{\partial L}{\partial v}
$$
"""
    s = audit_text(doc).documents[-1].steps[-1]
    assert s.status == "undecided" and "partials read as unknowns" in s.reason


def test_the_model_is_deterministic_under_the_same_seed():
    step = r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Y_{mj}} X_{mi}"
    a = audit_text(LINEAR.replace("STEP", step), kind="latex", seed=3).documents[0].steps[-1]
    b = audit_text(LINEAR.replace("STEP", step), kind="latex", seed=3).documents[0].steps[-1]
    assert (a.status, a.reason, a.detail) == (b.status, b.reason, b.detail)


def test_family_labels():
    assert chain.family("\\partial L/\\partial W") == ("L", "W")
    assert chain.family("\\partial L/\\partial W^2") is None
    assert chain.family("\\partial L/\\partial x \\partial y") is None


def test_the_world_ties_the_dimensions_one_letter_indexes():
    w = chain._World()
    m, n, p = sp.symbols("m n p", integer=True)
    X, W = sp.IndexedBase("X"), sp.IndexedBase("W")
    w.read(sp.Sum(X[m, p] * W[n, p], (p, 1, sp.Symbol("D", integer=True))), {})
    assert w.find(("X", 1)) == w.find(("W", 1)) and w.top(("W", 1)) == sp.Symbol("D", integer=True)
    assert w.find(("X", 0)) != w.find(("W", 0))


# -- a downstream quantity with no formula: a = A(h), A arbitrary ----------------------------

UNDEFINED = r"""## Q5.3
With $a$ a function of $h$ (no formula given):

$$\frac{\partial L}{\partial h_n} = \sum_{i=1}^{N} \frac{\partial L}{\partial a_i} \frac{\partial a_i}{\partial h_n}$$

$$
STEP
$$
"""


def test_the_chain_rule_through_a_quantity_without_formula_holds_as_written():
    # 004 Q5.3: (\nabla_{h^1} L)_n = \sum_i (\nabla_{a^2} L)_i \partial a_i^2/\partial h_n^1, restated
    s = _last(UNDEFINED, r"\frac{\partial L}{\partial h_n} = \sum_{i=1}^{N} \frac{\partial L}{\partial a_i} "
                         r"\frac{\partial a_i}{\partial h_n}")
    _holds_through(s, "for every L that depends on h_n only through a")


def test_the_chain_rule_through_a_quantity_without_formula_with_a_term_too_many_is_undecided():
    s = _last(UNDEFINED, r"\frac{\partial L}{\partial h_n} = \sum_{i=1}^{N} \frac{\partial L}{\partial a_i} "
                         r"\frac{\partial a_i}{\partial h_n} + \frac{\partial L}{\partial a_1}")
    _undecided_under_model(s, "h_n only through a")


# -- a graph of quantities without formulas: the partials the step writes -------------------

GRAPH = r"""## Problem 3

$$\frac{\partial \mathcal{L}}{\partial w_3} = \frac{\partial \mathcal{L}}{\partial y} \times \frac{\partial y}{\partial z} \times \frac{\partial z}{\partial w_3}$$

$$
STEP
$$
"""


def test_a_product_of_the_written_partials_holds_for_the_graph_they_draw():
    # 002 Problem 3(a): dL/dw_3 = dL/dy x dy/dz x dz/dw_3, with y and z never given a formula
    s = _last(GRAPH, r"\frac{\partial \mathcal{L}}{\partial w_3} = \frac{\partial \mathcal{L}}{\partial y} "
                     r"\times \frac{\partial y}{\partial z} \times \frac{\partial z}{\partial w_3}")
    _holds_through(s, "depends on w_3 only through y (y through z; z through w_3")


def test_a_link_of_the_graph_left_out_is_undecided():
    s = _last(GRAPH, r"\frac{\partial \mathcal{L}}{\partial w_3} = \frac{\partial \mathcal{L}}{\partial y} "
                     r"\times \frac{\partial y}{\partial z} + \frac{\partial z}{\partial w_3}")
    _undecided_under_model(s, "w_3 only through y")


TWO_HEADS = r"""## Problem 3: two consumers

Now $\mathbf h$ feeds two heads, $u = \sum_{k=1}^{n} c_k h_k$ and $r = \sum_{k=1}^{n} h_k^2$, and $L$ is computed from $u$ and $r$. Then

$$\frac{\partial L}{\partial h_k} = \frac{\partial L}{\partial u} c_k + \frac{\partial L}{\partial r} \, 2 h_k$$

while the single-path version

$$\frac{\partial L}{\partial h_k} = \frac{\partial L}{\partial u} c_k$$

holds only when $L$ does not use $r$.
"""


def test_a_second_quantity_made_of_the_variable_is_another_path_so_the_model_is_not_used():
    """r = \\sum h_k^2 is made of h without going through u: L may depend on h through r, so
    "dL/dh_k = dL/du c_k" is not the chain rule through u alone (it was a false holds)."""
    step = audit_text(TWO_HEADS).documents[0].steps[-1]
    assert step.status == "undecided"
    one = TWO_HEADS.replace(" and $r = \\sum_{k=1}^{n} h_k^2$", "").replace("from $u$ and $r$", "from $u$")
    step = audit_text(one).documents[0].steps[-1]
    assert step.status == "holds" and "only through u" in step.detail   # one head: the chain rule


def test_a_quantity_made_of_the_loss_is_no_other_path():
    """L = \\ell + \\lambda\\sum W^2 is made of W, but it is made of \\ell too: it cannot be an input
    of \\ell, so the chain rule of \\ell through Y stands."""
    doc = LINEAR.replace("$L$ is a scalar.", "$\\ell$ is a scalar, $L = \\ell + \\lambda \\sum_{n,p} W_{np}^2$.").replace(
        "STEP", r"\frac{\partial \ell}{\partial W_{ij}} = \sum_{m,n} \frac{\partial \ell}{\partial Y_{mn}} "
                r"\frac{\partial Y_{mn}}{\partial W_{ij}}")
    assert audit_text(doc, kind="latex").documents[0].steps[-1].status == "holds"


def test_the_chain_rule_through_an_elementwise_layer_holds():
    """h(Y_{mn}) by Y_{ij}: h is applied to an entry of the array itself, so it depends on Y_{ij}
    through its argument only; the "h(...) may depend on Y[i, j]" doubt kept this true step undecided."""
    step = audit_text(ELEMENTWISE.replace("STEP", r"\frac{\partial L}{\partial Y_{ij}} = \sum_{m,n} "
                                          r"\frac{\partial L}{\partial Z_{mn}} \frac{\partial Z_{mn}}{\partial Y_{ij}}")
                      ).documents[0].steps[-1]
    assert step.status == "holds" and "only through Z" in step.detail


def test_a_sum_of_the_step_over_the_wrong_range_does_not_size_the_model():
    """The step under check does not size the world it is checked in: a sum over Y's rows to D
    (the inner size) or to 2, or a conv sum to K (the kernel's size), cannot hold by making the
    downstream quantity that size (all three were false holds); a bare letter of its own still
    names the rows' size."""
    wrong_ranges = [LINEAR.replace("STEP", r"\frac{\partial L}{\partial W_{ij}} = \sum_{m=1}^{%s} "
                                   r"\frac{\partial L}{\partial Y_{mi}} X_{mj}" % top) for top in ("D", "2")]
    for doc in wrong_ranges:
        assert audit_text(doc, kind="latex").documents[0].steps[-1].status != "holds"
    conv = _steps(CONV, r"\frac{\partial L}{\partial w_j} = \sum_{i=1}^{K} \frac{\partial L}{\partial a_i} h_{i+j-1}")
    assert conv[-1].status != "holds"
    own = LINEAR.replace("STEP", r"\frac{\partial L}{\partial W_{ij}} = \sum_{m=1}^{N} "
                         r"\frac{\partial L}{\partial Y_{mi}} X_{mj}")
    assert audit_text(own, kind="latex").documents[0].steps[-1].status == "holds"
