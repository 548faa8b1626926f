"""``let NAME = symbol`` for a NAME with a superscript (\\mathbf{h}^1, a^2, w_{kj}^{(2)}): the
declared written form, and the entries h_n^1 / h^1_n of a declared vector, are one name each
(read as the layer label h_n^{(1)}), not a power. Without the directive they stay not read."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.parse.directives import DirectiveError, parse
from checks.io.audit.reading.labels import relabel
from checks.io.audit.reading.read import NotRead, Scope, read


@pytest.mark.parametrize("text, name", [
    (r"let \mathbf{h}^1 = symbol", r"\mathbf{h}^1"),
    (r"let \mathbf{a}^{2} = symbol", r"\mathbf{a}^{2}"),
    (r"let a^2 = symbol", "a^2"),
    (r"let w_{kj}^{(2)} = symbol", r"w_{kj}^{(2)}"),
    (r"let \omega^2 = symbol", r"\omega^2"),
    (r"let \boldsymbol{\theta}^{[l+1]} = symbol", r"\boldsymbol{\theta}^{[l+1]}"),
])
def test_let_accepts_superscripted_names(text, name):
    (d,) = parse(text, 3, "file")
    assert d.kind == "let" and d.args == (name, "symbol")


@pytest.mark.parametrize("text, says", [
    (r"let \mathbf{h}^1 = function", "can only be a symbol"),
    (r"let \mathbf{h}^{1 = symbol", "not a name with one superscript"),
    (r"let h^12 = symbol", "not a name with one superscript"),
    (r"let \frac^1 = symbol", "not a name with one superscript"),
    (r"let W^T = symbol", "not a name with one superscript"),
    (r"let h^1^2 = symbol", "not a name with one superscript"),
])
def test_let_refuses_other_superscripts_with_one_line(text, says):
    with pytest.raises(DirectiveError) as e:
        parse(text, 12)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith("line 12:") and says in msg, msg


LETS = ((r"\mathbf{h}^1", "symbol"), (r"\mathbf{a}^2", "symbol"), (r"\omega^2", "symbol"))


@pytest.mark.parametrize("side, with_lets", [
    (r"\frac{\partial a_i^2}{\partial h_n^1}", r"Derivative(a_i^{(2)}, h_n^{(1)})"),
    (r"\frac{\partial}{\partial h^1_n} \sum_{j=1}^{k} h_{i+j-1}^1 \omega_j^2",
     r"Derivative(Sum(\omega^{(2)}[j]*h^{(1)}[i + j - 1], (j, 1, k)), h^{(1)}[n])"),
    (r"(\nabla_{\mathbf{h}^1} L)_n", r"Derivative(L, h_n^{(1)})"),
    (r"(\nabla_{\mathbf{a}^{2}} L)_i", r"Derivative(L, a_i^{(2)})"),
])
def test_reading_table_with_and_without_the_directive(side, with_lets):
    assert repr(read(side, Scope(lets=LETS)).expr) == with_lets
    with pytest.raises(NotRead) as e:
        read(side)
    assert "power" in e.value.reason or "superscript" in e.value.reason, e.value.reason


@pytest.mark.parametrize("side, as_read", [
    (r"h_n^2", "h_n**2"),                 # another superscript on h: still a power
    (r"x_n^1 + \alpha_i^2", r"\alpha_i**2 + x_n"),   # other letters: unchanged
    (r"h_n^{12}", "h_n**12"),
])
def test_only_the_declared_form_changes(side, as_read):
    assert repr(read(side, Scope(lets=LETS)).expr) == as_read


def test_relabel_exact_form_with_a_subscript():
    lets = ((r"w_{kj}^{(2)}", "symbol"), (r"a^2", "symbol"))
    assert relabel(r"w^{(2)}_{kj} + w_{kj}^2 + w_{ki}^{(2)}", lets) == r"w_{kj}^{(2)} + w_{kj}^2 + w_{ki}^{(2)}"
    assert relabel(r"a^2 + a_i^2 + a^{2}_j + \alpha^2 + \mathbf{a}^2", lets) == \
        r"a^{(2)} + a_{i}^{(2)} + a_{j}^{(2)} + \alpha^2 + \mathbf{a}^2"


# another course's style: layer-indexed backprop with h^1, a^2 and a planted slip
DOC = r"""<!-- derivcheck-file: let \mathbf{h}^1 = symbol; let \mathbf{a}^2 = symbol -->
<!-- derivcheck-file: let v_1, v_2 = symbol -->
# Layer-indexed backprop

The second layer's first unit, for two hidden units:

$$a_1^2 = v_1 h_1^1 + v_2 h_2^1$$

$$\frac{\partial a_1^2}{\partial h_1^1} = v_1$$

$$\frac{\partial (a_1^2)^2}{\partial h^1_2} = 2 a_1^2 v_2$$

A planted slip (the factor 2 is lost):

$$\frac{\partial (a_1^2)^2}{\partial h_2^1} = a_1^2 v_2$$
"""


def _statuses(text):
    steps = audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps
    return {s.line: s for s in steps}


def test_layer_indexed_document_true_steps_hold_and_the_slip_is_wrong():
    steps = _statuses(DOC)
    assert {line: s.status for line, s in steps.items()} == \
        {7: "definition", 9: "holds", 11: "holds", 15: "wrong"}
    cx = steps[15].counterexample
    assert cx and set(cx["point"]) == {"h_1^{(1)}", "h_2^{(1)}", "v_1", "v_2"}


def test_without_the_directive_h_is_labelled_by_evidence_and_a_stays_a_power():
    # \partial h_1^1 declares h^1 by the document's own writing (labels.evident); nothing
    # differentiates by a^2, so a_1^2 stays the power of a_1 and no step can be wrong
    text = DOC.split("\n", 1)[1]      # the first directive line dropped
    steps = _statuses(text)
    assert [s.status for line, s in sorted(steps.items()) if line != 6] == ["undecided"] * 3
    assert "a_1**2" in steps[14].reading.to and "h_2^{(1)}" in steps[14].reason


def test_a_display_directive_declares_the_form_for_its_display_only():
    # the prose writes h^1 as a plain scalar ($h^1 + 1$): the document's own evidence for the
    # label ends there (labels.evident), and only the directive settles it
    text = ("<!-- derivcheck-file: let v = symbol -->\n\nText with $h^1 + 1$.\n\n"
            "<!-- derivcheck: let \\mathbf{h}^1 = symbol -->\n"
            "$$\\frac{\\partial (v h_1^1)^2}{\\partial h_1^1} = 2 v^2 h_1^1$$\n\n"
            "$$\\frac{\\partial (v h_1^1)^2}{\\partial h_1^1} = 2 v^2 h_1^1$$\n")
    steps = _statuses(text)
    assert [steps[line].status for line in sorted(steps)] == ["holds", "not_read"]
