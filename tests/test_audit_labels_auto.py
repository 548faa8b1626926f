"""Superscripts the document itself shows are layer labels, with no directive (layers.py): the
prose says so, or the form is a variable of differentiation or the left side of definitions for
several layers. One decision per written form for the whole document; never where the document
also writes the plain letter with that superscript as a power."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.parse.extract import displays
from checks.io.audit.reading.labels import EVIDENT
from checks.io.audit.reading.layers import SAID, decide, prose_says


def _decided(text):
    return dict(decide(text, (d.latex for d in displays(text, "markdown", inline=True))))


def _steps(text):
    return {s.line: s for s in audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps}


@pytest.mark.parametrize("sentence, says", [
    ("The superscripts are layer numbers.", True),
    ("Entries are written $h^1_n$; superscripts index the layer.", True),
    ("the superscript $(t)$ is the time step, and entries are $h^{(t)}_i$.", True),
    ("where $^{(l)}$ denotes the layer", True),
    ("Layer numbers are written as superscripts.", True),
    ("Here the superscripts are powers.", False),
    ("The superscript is the power of the layer output.", False),
    ("Backpropagation with layer superscripts", False),          # a heading names, it does not say
    ("The second layer has two units.", False),
])
def test_the_prose_says_superscripts_are_labels(sentence, says):
    assert prose_says(sentence) is says


MLP = r"""<!-- derivcheck-file: let u_1, u_2, v_1, v_2 = symbol -->
# Two-layer network

The superscripts are layer numbers: $\mathbf h^1$ is the hidden layer, $\mathbf a^2$ the output pre-activation.

$$E = (u_1 h_1^1 + u_2 h_2^1)^2$$

$$\frac{\partial E}{\partial h_2^1} = 2 u_2 \cdot (u_1 h_1^1 + u_2 h_2^1)$$

$$\frac{\partial E}{\partial h_1^1} = 2 u_2 \cdot (u_1 h_1^1 + u_2 h_2^1)$$

The output unit is $a_1^2 = v_1 h_1^1 + v_2 h_2^1$, so

$$\frac{\partial (a_1^2)^2}{\partial h_2^1} = 2 a_1^2 \cdot v_2$$

$$\frac{\partial (a_1^2)^2}{\partial h_2^1} = a_1^2 \cdot v_2$$
"""


def test_mlp_said_in_prose_labels_both_layers_and_the_slips_are_wrong():
    assert _decided(MLP) == {r"\mathbf{h}^{1}": SAID, "h^{1}": SAID, r"\mathbf{a}^{2}": SAID, "a^{2}": SAID}
    steps = _steps(MLP)
    assert {line: s.status for line, s in steps.items()} == \
        {6: "definition", 8: "holds", 10: "wrong", 14: "holds", 16: "wrong"}
    # a_1^2 is the output of layer 2 (substituted), on the left side and the right side alike
    assert "a_1" not in steps[16].reading.to and "h_2^{(1)}" in steps[16].reading.to
    assert set(steps[10].counterexample["point"]) >= {"h_1^{(1)}", "h_2^{(1)}"}


def test_mlp_without_the_sentence_a_squared_stays_a_power():
    # \partial h_2^1 still shows h^1 is a label (a variable of differentiation); nothing shows a^2
    # is one, so (a_1^2)^2 may be the fourth power of a_1: no step on it can be wrong
    text = MLP.replace("The superscripts are layer numbers: ", "")
    assert _decided(text) == {r"\mathbf{h}^{1}": EVIDENT, "h^{1}": EVIDENT}
    steps = _steps(text)
    assert steps[10].status == "wrong"
    assert steps[14].status == steps[16].status == "undecided" and "a_1**2" in steps[16].reading.to


CNN = r"""# A two-layer convolutional network

The first and second layers have kernels $\mathbf w^1$ and $\mathbf w^2$ of size $k$; the superscript denotes the layer.

$$\mathbf a^1 = \mathbf x * \mathbf w^1$$

$$\mathbf a^2 = \mathbf h^1 * \mathbf w^2$$

With $a^2_i = \sum_{j=1}^{k} h^1_{i+j-1} w^2_j$:

$$\frac{\partial a^2_i}{\partial h^1_n} = \frac{\partial}{\partial h^1_n} \sum_{j=1}^{k} h^1_{i+j-1} w^2_j$$
"""


def test_cnn_kernels_w1_w2_are_labels_when_the_prose_says_so():
    decided = _decided(CNN)
    assert decided[r"\mathbf{w}^{2}"] == decided["w^{2}"] == SAID
    assert decided["a^{2}"] == decided["h^{1}"] == SAID
    (s,) = [s for line, s in _steps(CNN).items() if line == 11]
    assert s.status == "holds" and r"w^{(2)}[j]" in s.reading.to


def test_cnn_without_the_sentence_layers_defined_twice_are_labels_and_kernels_stay_powers():
    text = CNN.replace("; the superscript denotes the layer", "")
    decided = _decided(text)
    # \mathbf a^1 = ..., \mathbf a^2 = ...: a definition for each of two layers
    assert decided["a^{1}"] == decided["a^{2}"] == EVIDENT
    assert "w^{2}" not in decided and r"\mathbf{w}^{2}" not in decided
    (s,) = [s for line, s in _steps(text).items() if line == 11]
    assert "w[j]**2" in s.reading.to


TRAPS = r"""<!-- derivcheck-file: let u_1, u_2 = symbol -->
# Layers and powers in one document

The superscripts are layer numbers: $\mathbf h^1$ and $\mathbf h^2$ are the hidden layers, $\mathbf x^2$ the input of layer 2.

$$E = (u_1 h_1^1 + u_2 h_2^1)^2$$

$$\frac{\partial E}{\partial h_1^1} = 2 u_1 \cdot (u_1 h_1^1 + u_2 h_2^1)$$

For one scalar unit $h = \tanh(z)$ the derivative is written with a square:

$$\frac{d}{dz} \tanh(z) = 1 - h^2$$

$$\frac{d}{dh} (1 - h^2) = -2h$$

The batch variance $\sigma^2$ beside the sigmoid $\sigma(z)$:

$$\frac{d}{d\sigma} \sigma^2 = 2 \sigma$$

A scalar $x$ with $f(x) = x^2 + 1$:

$$\frac{d}{dx} (x^2 + 1) = 2x$$

$$\frac{\partial}{\partial h_1^2} (h_1^2 + h_2^2) = 2 h_1$$
"""


def test_traps_a_power_of_the_plain_letter_keeps_the_family_not_a_label():
    decided = _decided(TRAPS)
    assert decided == {r"\mathbf{h}^{1}": SAID, "h^{1}": SAID}
    steps = _steps(TRAPS)
    # read as labels, h^2, \sigma^2 and x^2 would be constants and lines 14, 18, 22 wrong
    assert {line: s.status for line, s in steps.items()} == \
        {6: "definition", 8: "holds", 12: "holds", 14: "holds", 18: "holds", 22: "holds", 24: "not_read"}
    assert "tanh(z)**2" in steps[12].reading.to
    # h_1^2 beside 1 - h^2: a layer-2 entry or a square? it stays not read with today's reason
    assert "power or superscript" in steps[24].reason


def test_a_plain_first_power_blocks_only_itself_when_the_prose_says_labels():
    # 2h^1 is h (a power of the scalar h); the entries h^1_n of the layer stay labels
    text = (r"The superscripts are layer numbers." "\n\n"
            r"$$\frac{\partial (h^1_n)^2}{\partial h^1_n} = 2 h^1_n$$" "\n\n"
            r"For a scalar $h$: $$\frac{d}{dh} h^2 = 2h^1$$" "\n")
    assert _decided(text) == {r"\mathbf{h}^{1}": SAID}
    steps = _steps(text)
    # read as a label, 2h^1 would be a constant h^{(1)} and the step wrong
    assert steps[5].status == "holds" and steps[5].reading.to == "2*h"
    assert steps[3].status == "holds" and "h_n^{(1)}" in steps[3].reading.to


def test_without_prose_a_plain_first_power_still_blocks_the_family():
    text = (r"$$\frac{\partial (h^1_n)^2}{\partial h^1_n} = 2 h^1_n$$" "\n\n"
            r"For a scalar $h$: $$\frac{d}{dh} h^2 = 2h^1$$" "\n")
    assert _decided(text) == {}


RNN = r"""# A vector RNN

Now $\mathbf h^{(t)} = \tanh(W \mathbf h^{(t-1)})$; the superscript $(t)$ is the time step.

$$\frac{\partial h^{(t)}_i}{\partial h^{(t-1)}_j} = \left( 1 - (h^{(t)}_i)^2 \right) W_{ij}$$

$$\left( \nabla_{\mathbf h^{(t-1)}} L \right)_j = \frac{\partial L}{\partial h^{(t-1)}_j}$$
"""


def test_time_superscripts_t_minus_1_are_labels_and_t_is_read_already():
    # ^{(t)} is a name superscript of the reader already (nothing to declare); ^{(t-1)} is not,
    # and a variable of differentiation said to be a time step becomes the label ^{[t-1]}
    assert _decided(RNN) == {r"\mathbf{h}^{(t-1)}": SAID, "h^{(t-1)}": SAID}
    steps = _steps(RNN)
    assert steps[7].status == "holds" and "h_j^{[t-1]}" in steps[7].reading.to
    # read (once: not read): the value of a derivative is a claim, W_{ij} new there only a doubt
    assert steps[5].status == "undecided" and "on one side only" in steps[5].reason


def test_thousands_of_layered_forms_declare_nothing_and_end():
    from checks.io.audit.reading.layers import MAX_FAMILIES
    maths = [" + ".join(rf"\mathbf a^{{{k}}}" for k in range(1000)) + " = 1"]
    assert decide("The superscripts are layer numbers.", maths) == []
    few = [" + ".join(rf"\mathbf a^{{{k}}}" for k in range(MAX_FAMILIES // 2)) + " = 1"]
    assert len(decide("The superscripts are layer numbers.", few)) == MAX_FAMILIES


def test_powers_of_e_defined_twice_are_no_layers():
    maths = [r"e^{x} = 1 + x", r"e^{y} = 1 + y"]
    assert decide("The superscripts are layer numbers.", maths) == []
    assert decide("", [r"\mathbf a^1 = W \mathbf x", r"\mathbf a^2 = V \mathbf a^1"]) == \
        [(r"\mathbf{a}^{1}", EVIDENT), ("a^{1}", EVIDENT), (r"\mathbf{a}^{2}", EVIDENT), ("a^{2}", EVIDENT)]
