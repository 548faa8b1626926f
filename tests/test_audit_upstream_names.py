"""Named upstream gradients (checks/io/audit/document/upnames.py, chain.py, upstream.py).

A backprop solution names the upstream gradient in its prose ("write $g_i = \\partial L /
\\partial y_i$", "$\\mathbf g = \\nabla_{\\mathbf y} L$ is the upstream gradient") and writes every
step in its terms. The name is then the partial of the loss by the layer's output, and a step is
checked under chain.py's model of the unwritten loss: wrong where the model certifies it and the
text says the loss sees the layer only through its outputs, holds (bounded) where it holds at
every size checked, undecided where the text speaks of another term of the loss."""
from __future__ import annotations

import pytest

from checks import audit_text
from checks.io.audit.document import upnames

DENSE = r"""## Q1. A dense layer

A dense layer maps $\mathbf x \in \mathbb R^n$ to $\mathbf y \in \mathbb R^m$ by

$$y_i = \sum_{j=1}^n W_{ij} x_j + b_i$$

The loss $L$ depends on the layer only through its outputs. NAMING

**(a)**

$$\frac{\partial L}{\partial x_j} = \sum_{i=1}^m g_i W_{ij}$$

**(b)**

$$\frac{\partial L}{\partial x_j} = \sum_{i=1}^m g_i W_{ji}$$

**(c)**

$$\frac{\partial L}{\partial b_i} = g_i$$
"""

NAMED = r"Write $g_i = \partial L / \partial y_i$ for the upstream gradient."


def _by_line(doc: str) -> dict:
    return {s.line: s for s in audit_text(doc).documents[0].steps}


def _line(doc: str, latex: str) -> int:
    return next(k for k, row in enumerate(doc.splitlines(), 1) if latex in row)


# -- the naming formula, in the reader's form -------------------------------------------------

@pytest.mark.parametrize("written, read", [
    (r"g_i = \partial L / \partial y_i", r"g_i = \frac{\partial L}{\partial y_i}"),
    (r"\delta_j = \partial L/\partial a_j", r"\delta_j = \frac{\partial L}{\partial a_j}"),
    (r"\delta_{mn} = \partial L/\partial Y_{mn}", r"\delta_{mn} = \frac{\partial L}{\partial Y_{mn}}"),
    (r"\mathbf g = \nabla_{\mathbf y} L", r"g_k = \frac{\partial L}{\partial y_k}"),
    (r"\boldsymbol\delta = \partial L / \partial \mathbf a", r"\delta_k = \frac{\partial L}{\partial a_k}"),
    (r"g_i' = \partial L / \partial y_i'", r"g_i' = \frac{\partial L}{\partial y_i'}"),
])
def test_a_naming_formula_is_given_the_form_the_reader_takes(written, read):
    assert upnames.naming(written) == read


@pytest.mark.parametrize("written", [
    r"g_j = \partial L / \partial y_i",                       # another entry than the name's
    r"\mathbf g = \partial L/\partial \mathbf a = (1, 0, 2)",  # values: given.py
    r"\mathbf g = \partial L / \partial y",                   # a vector named by a scalar's partial
    r"g_i \le \partial L / \partial y_i",
    r"g = \partial^2 L / \partial y^2",
    r"y_i = \partial y_i / \partial x",                       # the name is the variable
    r"g_i = \partial L / \partial y_i + 1",
])
def test_what_is_no_naming_is_left_as_written(written):
    assert upnames.naming(written) is None


# -- a dense layer ---------------------------------------------------------------------------

def test_a_named_upstream_gradient_finds_a_transposed_index():
    doc = DENSE.replace("NAMING", NAMED)
    got = _by_line(doc)
    right, transposed, bias = (got[_line(doc, r"\frac{\partial L}{\partial x_j} = \sum_{i=1}^m g_i W_{ij}")],
                               got[_line(doc, r"g_i W_{ji}")], got[_line(doc, r"\partial b_i")])
    assert right.status == "holds" and right.strength == "bounded", (right.status, right.reason)
    assert "only through y" in right.detail
    assert transposed.status == "wrong", (transposed.status, transposed.reason)
    # W is m x n: W_{ji} is an entry only where m = n, and the counterexample is there
    point = transposed.counterexample["point"]
    assert point["m"] == point["n"]
    assert "as the text says" in transposed.detail
    assert bias.status == "holds", (bias.status, bias.reason)


def test_a_whole_vector_naming_ties_the_entries():
    doc = DENSE.replace("NAMING", r"Let $\mathbf g = \nabla_{\mathbf y} L$ be the upstream gradient.")
    got = _by_line(doc)
    assert got[_line(doc, r"g_i W_{ji}")].status == "wrong"
    assert got[_line(doc, r"\partial b_i")].status == "holds"


def test_without_the_naming_sentence_the_steps_stay_undecided():
    doc = DENSE.replace("NAMING", "We use $g_i$ for short.")
    got = _by_line(doc)
    for latex in (r"g_i W_{ij}", r"g_i W_{ji}", r"\partial b_i"):
        assert got[_line(doc, latex)].status in ("undecided", "condition"), latex


def test_sizes_said_unequal_keep_the_transposed_index_undecided():
    doc = DENSE.replace("NAMING", NAMED + r" The layer narrows: $m < n$.")
    s = _by_line(doc)[_line(doc, r"g_i W_{ji}")]
    assert s.status == "undecided", (s.status, s.reason)


def test_a_sum_over_the_other_size_is_not_held():
    # right where m = n only: checked there, it must not be claimed for the other sizes
    doc = DENSE.replace("NAMING", NAMED).replace(r"\sum_{i=1}^m g_i W_{ij}$$", r"\sum_{i=1}^n g_i W_{ij}$$")
    s = _by_line(doc)[_line(doc, r"\sum_{i=1}^n g_i W_{ij}")]
    assert s.status == "undecided" and "checked only where" in s.reason, (s.status, s.reason)


def test_weight_decay_said_in_words_keeps_the_model_from_deciding():
    doc = DENSE.replace("NAMING", NAMED + " The loss also contains a weight-decay penalty on $W$.")
    got = _by_line(doc)
    for latex in (r"g_i W_{ij}", r"g_i W_{ji}", r"\partial b_i"):
        s = got[_line(doc, latex)]
        assert s.status == "undecided", (latex, s.status, s.reason)
    assert "term of the loss" in got[_line(doc, r"\partial b_i")].reason


def test_weight_decay_in_another_question_does_not_reach_this_one():
    doc = DENSE.replace("NAMING", NAMED) + "\n## Q2. With weight decay\n\nNow add a weight-decay penalty.\n\n" \
        "$$\\frac{\\partial L}{\\partial b_i} = g_i$$\n"
    steps = audit_text(doc).documents[0].steps
    first = [s for s in steps if s.latex.strip().endswith("= g_i") and s.location.startswith("Q1")]
    last = [s for s in steps if s.location.startswith("Q2")]
    assert first[0].status == "holds"
    assert last[-1].status == "undecided"


# -- a residual block: the skip connection is a second path --------------------------------

RESIDUAL = r"""## Problem 2 (a residual block)

The block maps $\mathbf x \in \mathbb R^n$ to $\mathbf y \in \mathbb R^n$ by

$$u_i = \sum_{j=1}^n A_{ij} x_j, \qquad h_i = \tanh(u_i), \qquad y_i = x_i + h_i$$

The loss $L$ depends on the block only through $\mathbf y$; write $\delta_i = \partial L / \partial y_i$.

$$\frac{\partial L}{\partial h_i} = \delta_i$$

$$\frac{\partial L}{\partial u_i} = \delta_i \, \left(1 - h_i^2\right)$$

$$\frac{\partial L}{\partial x_j} = \delta_j + \sum_{i=1}^n \delta_i \, \left(1 - h_i^2\right) A_{ij}$$

$$\frac{\partial L}{\partial x_j} = \sum_{i=1}^n \delta_i \, \left(1 - h_i^2\right) A_{ij}$$
"""


def test_the_skip_connection_is_kept_and_a_step_dropping_it_is_not_held():
    got = _by_line(RESIDUAL)
    assert got[_line(RESIDUAL, r"\partial h_i} = \delta_i")].status == "holds"
    assert got[_line(RESIDUAL, r"\partial u_i}")].status == "holds"   # through h, an intermediate
    assert got[_line(RESIDUAL, r"= \delta_j + \sum")].status == "holds"
    dropped = got[_line(RESIDUAL, r"\partial x_j} = \sum")]
    assert dropped.status == "wrong", (dropped.status, dropped.reason)
    assert "only through y" in dropped.detail


# -- a convolution: its length said beside the definition, the input's read off the window --

CONV = r"""## Problem 3: a one-dimensional convolution

A layer slides a kernel $\mathbf w \in \mathbb R^k$ over $\mathbf h \in \mathbb R^n$:

$$a_i = \sum_{j=1}^{k} w_j h_{i+j-1}, \qquad i = 1, \dots, n-k+1$$

The loss $L$ depends on the layer only through the outputs $a_i$; write $\delta_i = \partial L/\partial a_i$.

$$\frac{\partial L}{\partial w_j} = \sum_{i=1}^{n-k+1} \delta_i h_{i+j-1}$$

$$\frac{\partial L}{\partial w_j} = \sum_{i=1}^{n-k+1} \delta_i h_{i+j}$$
"""


def test_a_convolution_with_delta_named_finds_an_off_by_one():
    got = _by_line(CONV)
    right = got[_line(CONV, r"\delta_i h_{i+j-1}$$")]
    shifted = got[_line(CONV, r"\delta_i h_{i+j}$$")]
    assert right.status == "holds" and right.strength == "bounded", (right.status, right.reason)
    assert shifted.status == "wrong", (shifted.status, shifted.reason)
    point = shifted.counterexample["point"]
    assert int(point["n"]) >= int(point["k"])     # a layer with outputs: n - k + 1 >= 1


def test_without_the_range_of_the_outputs_the_off_by_one_stays_undecided():
    doc = CONV.replace(r", \qquad i = 1, \dots, n-k+1", "")
    s = _by_line(doc)[_line(doc, r"\delta_i h_{i+j}$$")]
    assert s.status == "undecided", (s.status, s.reason)


WINDOW = r"""### Exercise 5

The input is $x_1, \dots, x_n$ with $n \ge 5$, and the layer computes

$$y_i = w_1 x_i + w_2 x_{i+1} + w_3 x_{i+2}$$

for $1 \le i \le n - 2$. The loss $L$ depends on the layer only through the outputs $y_i$, and we write
$g_i = \partial L / \partial y_i$.

$$\frac{\partial L}{\partial w_2} = \sum_{i=1}^{n-2} g_i x_{i+1}$$

$$\frac{\partial L}{\partial w_3} = \sum_{i=1}^{n-2} g_i x_{i+1}$$
"""


def test_a_range_said_in_words_after_the_display_and_a_floor_on_the_size():
    got = _by_line(WINDOW)
    right = got[_line(WINDOW, r"\partial w_2}")]
    copied = got[_line(WINDOW, r"\partial w_3}")]
    assert right.status == "holds", (right.status, right.reason)
    assert "n checked from 5" in right.detail
    assert copied.status == "wrong", (copied.status, copied.reason)
    assert int(copied.counterexample["point"]["n"]) >= 5     # inside the domain the text states


def test_entries_written_with_numbers_are_entries_of_the_named_gradient():
    # g_1 and \partial L/\partial x_2 are entries of g and of x's gradient: checked under the model
    doc = WINDOW + r"""
$$\frac{\partial L}{\partial x_2} = g_1 w_2 + g_2 w_1$$

$$\frac{\partial L}{\partial x_2} = g_1 w_1 + g_2 w_2$$
"""
    got = _by_line(doc)
    right, swapped = got[_line(doc, r"g_1 w_2 + g_2 w_1")], got[_line(doc, r"g_1 w_1 + g_2 w_2")]
    assert right.status == "holds", (right.status, right.reason)
    assert swapped.status == "wrong", (swapped.status, swapped.reason)



@pytest.mark.parametrize("sentence", [
    r"We write $g_i$ for $\partial L / \partial y_i$.",
    r"Here $g_i$ denotes $\partial L/\partial y_i$, the upstream gradient.",
    r"Denote $\frac{\partial L}{\partial y_i}$ by $g_i$ and write $g_i$ for $\frac{\partial L}{\partial y_i}$.",
])
def test_a_naming_said_in_words_ties_the_name(sentence):
    doc = DENSE.replace("NAMING", sentence)
    got = _by_line(doc)
    assert got[_line(doc, r"g_i W_{ji}")].status == "wrong"
    assert got[_line(doc, r"\partial b_i")].status == "holds"


def test_a_name_written_for_something_else_is_no_naming():
    doc = DENSE.replace("NAMING", r"We write $g_i$ for the gradient of the data term, $\partial L / \partial y_i$ less its last term.")
    got = _by_line(doc)
    assert got[_line(doc, r"g_i W_{ji}")].status != "wrong"
