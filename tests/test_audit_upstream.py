"""What the text says of an unwritten loss (checks/io/audit/document/upstream.py) and vectors given in
the prose (checks/io/audit/document/given.py).

A chain-rule step wrong under chain.py's model (L = F(D), D the step's downstream quantity) is
``wrong`` when the text says L depends on the variables only through D, ``undecided`` when it
says nothing of it or says a regulariser. A tuple given to a vector name in the prose gives
the values of its entries."""
from __future__ import annotations

import sympy as sp

from checks import audit_text
from checks.io.audit.document import given, upstream
from checks.io.audit.parse.extract import displays

DENSE = r"""\section*{Q1}
A dense layer, in index notation,
\begin{equation}
Y_{mn} = \sum_{p=1}^{D} X_{mp} W_{np} + B_{mn}
\end{equation}
SAID
\begin{equation}
STEP
\end{equation}
"""

# the column index of the upstream gradient swapped with the row index: wrong for every loss
# that depends on W only through Y
SWAPPED = r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Y_{im}} X_{mj}"
RIGHT = r"\frac{\partial L}{\partial W_{ij}} = \sum_{m} \frac{\partial L}{\partial Y_{mi}} X_{mj}"
ONLY = r"The loss $L$ depends on the layer only through its outputs $Y$."


def _last(doc: str, said: str, step: str, kind: str = "latex"):
    text = doc.replace("SAID", said).replace("STEP", step)
    return audit_text(text, kind=kind).documents[0].steps[-1]


def test_a_wrong_step_is_wrong_when_the_text_says_the_loss_sees_the_layer_only_through_y():
    s = _last(DENSE, ONLY, SWAPPED)
    assert s.status == "wrong", (s.status, s.reason)
    assert "depends on W only through Y" in s.detail and "line 6" in s.detail, s.detail
    assert s.counterexample is not None


def test_the_same_step_without_the_sentence_stays_undecided_under_the_model():
    s = _last(DENSE, r"$L$ is a scalar.", SWAPPED)
    assert s.status == "undecided", s.status
    assert s.reason.startswith("wrong for a loss that depends on W only through Y"), s.reason


def test_weight_decay_said_in_words_keeps_the_step_undecided():
    s = _last(DENSE, ONLY + " The objective also has weight decay on $W$.", SWAPPED)
    assert s.status == "undecided", s.status
    s = _last(DENSE, ONLY + " A penalty on the weights is added later.", SWAPPED)
    assert s.status == "undecided", s.status


def test_a_squared_norm_or_a_lambda_in_the_question_takes_the_evidence_away():
    text = ("## Q1\n\nThe loss $L$ depends on the layer only through the outputs $a_i$.\n\n$$\nx = 1\n$$\n")
    assert _evidence(text, "L", "a") is not None
    assert _evidence(text + "\nThe objective is $L + \\lambda \\|W\\|^2$.\n", "L", "a") is None
    assert _evidence(text + "\n$$\nJ = L + \\|\\mathbf w\\|_2^2\n$$\n", "L", "a") is None
    assert _evidence(text + "\n## Q2\n\nWith weight decay.\n\n$$\ny = 2\n$$\n", "L", "a") is not None


def test_a_right_step_still_holds_and_says_whose_model_it_is():
    s = _last(DENSE, ONLY, RIGHT)
    assert s.status == "holds", (s.status, s.reason)
    assert "as the text says (line 6" in s.detail, s.detail


def test_the_evidence_must_name_the_downstream_quantity_and_the_loss():
    # said of another quantity (Z), or of another loss (the data term l): no evidence for L through Y
    for said in (r"The loss $L$ depends on the layer only through $Z$.",
                 r"The data loss $\ell$ is a function of $Y$ only.",
                 r"The loss $L$ is a function of $Y$ and of $W$."):
        s = _last(DENSE, said, SWAPPED)
        assert s.status == "undecided", (said, s.status)


def test_the_other_forms_of_the_evidence():
    for said in (r"The loss $L$ is a scalar function of $Y$ only.",
                 r"We are given the upstream gradient $\frac{\partial L}{\partial Y}$.",
                 r"Write $G = \frac{\partial L}{\partial Y}$ for the gradient from above.",
                 r"Here $L = \ell(Y)$ for a loss $\ell$ of the outputs."):
        s = _last(DENSE, said, SWAPPED)
        assert s.status == "wrong", (said, s.status, s.reason)


def test_evidence_said_in_another_question_does_not_count():
    doc = DENSE.replace(r"\section*{Q1}", r"\section*{Q1}" + "\n" + ONLY + "\n\n" + r"\section*{Q2}")
    s = _last(doc, "", SWAPPED)
    assert s.status == "undecided", s.status


MLP = r"""## Q1 A two-layer network

$$
a_i = \sum_{n=1}^{N} W_{in} h_n
$$

With $\boldsymbol\delta = \nabla_{\mathbf a} L$ the error at the output,

$$
STEP
$$
"""


def test_an_mlp_with_the_error_named_in_prose():
    # a factor 2 carried over from a squared error (a transposed W_{ni} would tie a's and h's
    # sizes in the model's world: the model is then not used at all)
    s = _last(MLP, "", r"\frac{\partial L}{\partial h_n} = 2 \sum_{i=1}^{I} \frac{\partial L}{\partial a_i} W_{in}",
              "markdown")
    assert s.status == "wrong", (s.status, s.reason)
    assert "depends on h only through a" in s.detail, s.detail
    s = _last(MLP, "", r"\frac{\partial L}{\partial h_n} = \sum_{i=1}^{I} \frac{\partial L}{\partial a_i} W_{in}",
              "markdown")
    assert s.status == "holds", (s.status, s.reason)


def test_a_sum_over_a_size_the_model_does_not_tie_keeps_the_doubt():
    # Y's rows are W's rows, which nothing sizes; the step sums them to D (W square, said in
    # words): under the model it is wrong only for the sizes the model cannot rule out
    doc = r"""\section*{Q1}
The loss $L$ is a scalar computed from $Y$ only.
\begin{equation}
Y_{ik} = \sum_{j=1}^{D} W_{ij} X_{jk} + b_i
\end{equation}
\begin{equation}
\frac{\partial L}{\partial b_{p}} = \sum_{i=1}^{D} \sum_{k=1}^{N} \frac{\partial L}{\partial Y_{ik}} \delta_{ip}
\end{equation}
"""
    s = audit_text(doc, kind="latex").documents[0].steps[-1]
    assert s.status == "undecided", s.status
    # either the model's world leaves the step's sums (a wrong there is the world's), or the
    # check keeps the one size where they agree (W square): a holds there is not claimed
    assert "leave the shapes" in s.reason or "checked only where" in s.reason, s.reason


# -- the sentences -------------------------------------------------------------------------------
def _evidence(text: str, loss: str, d: str, kind: str = "markdown"):
    found = displays(text, kind, inline=True)
    display = [x for x in found if not x.inline][0]
    return upstream.evidence(text, found, display, loss, d)


def test_the_scope_of_a_question():
    assert upstream.in_scope("Problem 4", "4(c)")
    assert upstream.in_scope("Q1", "Q1.3(a)")
    assert upstream.in_scope(None, "Q2")
    assert not upstream.in_scope("Q1", "Q12")
    assert not upstream.in_scope("Q1", "Q2")


def test_names_as_the_prose_and_the_model_write_them():
    assert upstream.norm(r"\mathbf a") == "a"
    assert upstream.norm(r"\boldsymbol\delta") == r"\delta"
    assert upstream.norm(r"\mathbf{a}^{2}") == "a^2"
    assert upstream._names("a_i", "a") and upstream._names("Y_{mn}", "Y")
    assert not upstream._names("W", "Y")


def test_an_evidence_sentence_is_quoted_with_its_line():
    text = "## Q1\n\nThe loss $L$ depends on the layer only through the outputs $a_i$.\n\n$$\nx = 1\n$$\n"
    got = _evidence(text, "L", "a")
    assert got is not None and got.line == 3 and "only through the outputs" in got.sentence
    assert _evidence(text, "L", "Y") is None
    assert _evidence(text.replace("only through", "and also directly through"), "L", "a") is None


# -- vectors given in the prose --------------------------------------------------------------------
CONV = r"""## Problem 4

$$
a_i = \sum_{j=1}^{k} h_{i+j-1} w_j
$$

**4(c)** With $\mathbf h = (1, 2, 0, -1)$, $\mathbf w = (3, -1)$ and $\mathbf g = \partial L / \partial \mathbf a = (1, 0, 2)$,

$$
g_2 w_1 + g_3 w_2 = STEP
$$
"""


def test_a_step_that_plugs_in_prose_vectors_is_checked_by_the_numbers():
    s = _last(CONV, "", r"0 \cdot 3 + 2 \cdot (-1)", "markdown")
    assert s.status == "holds", (s.status, s.reason)
    s = _last(CONV, "", r"0 \cdot (-1) + 2 \cdot 3", "markdown")
    assert s.status == "wrong", (s.status, s.reason)


def test_the_entries_of_a_prose_vector():
    text = r"h_1 w_1 g_1 \mathbf x = (x_0, x_1) d_1"
    got = {e.name: e.value for e in given.entries(r"\mathbf h = (1, 2, 0, -1)", text)}
    assert got == {"h_1": 1, "h_2": 2, "h_3": 0, "h_4": -1}
    got = {e.name: e.value for e in given.entries(r"\mathbf g = \partial L / \partial \mathbf a = (1, 0, 2)", text)}
    assert got["g_3"] == 2 and got[r"\partial L/\partial a_3"] == 2
    got = {e.name: e.value for e in given.entries(r"\mathbf x = [0.5, 1]^\top", text)}
    assert got == {"x_0": sp.Rational(1, 2), "x_1": 1}     # the document lists x_0 as an entry: 0-based
    got = {e.name: e.value for e in given.entries(r"\mathbf d = \left(\frac{1}{2}, -3\right)", text)}
    assert got == {"d_1": sp.Rational(1, 2), "d_2": -3}


def test_tuples_that_are_no_values_of_a_vector():
    text = "x_1 I_1 a_1 f_1 p_1"
    for latex in (r"x \in (0, 1)", r"f(1, 2) = 3", r"(a, b) = (1, 2)", r"p = (a, b)", r"\mathbb R^{(2,3)}",
                  r"\mathbf q = (1, 2)"):     # q: the document never writes an entry of q
        assert given.entries(latex, text) == [], latex
    assert given.entries(r"I = [0, 1]", text, "on the interval") == []


ELEMENTWISE = r"""<!-- derivcheck-file: let h = function -->
## Q1 An elementwise layer

$$
Y_{mn} = \sum_{p=1}^{D} X_{mp} W_{np}
$$

$$
Z_{mn} = h(Y_{mn})
$$

SAID

$$
STEP
$$
"""

# X's gradient through Y with W's indices swapped: wrong for every loss of Y
X_SWAPPED = r"\frac{\partial L}{\partial X_{mp}} = \sum_{n} \frac{\partial L}{\partial Y_{mn}} W_{pn}"


def test_a_loss_of_an_arbitrary_elementwise_function_of_y_is_a_loss_of_y():
    # L = l(h(Y)) with h arbitrary (h may be the identity): every gradient by Y is one such loss's
    s = _last(ELEMENTWISE, r"$L$ is a scalar function of $Z$ alone.", X_SWAPPED, "markdown")
    assert s.status == "wrong", (s.status, s.reason)
    assert "depends on X only through Y" in s.detail and "function of $Z$" in s.detail, s.detail


def test_a_loss_of_a_defined_function_of_y_is_not_taken_for_a_loss_of_y():
    # h = ReLU has slope 0: l(h(Y)) does not reach every gradient by Y
    doc = ELEMENTWISE.replace("<!-- derivcheck-file: let h = function -->\n", "").replace(
        "Z_{mn} = h(Y_{mn})", r"Z_{mn} = \max(0, Y_{mn})")
    s = _last(doc, r"$L$ is a scalar function of $Z$.", X_SWAPPED, "markdown")
    assert s.status == "undecided", (s.status, s.reason)


GRAPH = r"""## Problem 3

The loss $\mathcal{L}$ is a scalar function of $y$ only.

$$\frac{\partial \mathcal{L}}{\partial w_3} = \frac{\partial \mathcal{L}}{\partial y} \times \frac{\partial y}{\partial z} \times \frac{\partial z}{\partial w_3}$$

$$
STEP
$$
"""


def test_a_graph_drawn_by_the_step_is_not_settled_by_the_sentence():
    # y through z, z through w_3 is what the step's partials draw; the text says L sees only y,
    # not that w_3 reaches y by no other path: a link left out stays undecided
    s = _last(GRAPH, "", r"\frac{\partial \mathcal{L}}{\partial w_3} = \frac{\partial \mathcal{L}}{\partial y} "
                         r"\times \frac{\partial y}{\partial z} + \frac{\partial z}{\partial w_3}", "markdown")
    assert s.status == "undecided", (s.status, s.reason)
    assert s.reason.startswith(r"wrong for a loss that depends on w_3 only through y"), s.reason
