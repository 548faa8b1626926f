"""Round 30: a part's worked numbers, and the chain rule where a size cancels a variable.

- A question's statement defines a quantity by a formula (``\\mu = \\frac1m \\sum_i x_i``); part (a)
  works an example and gives it a number (``\\mu = 3``). The number is that part's: another part
  of the question reads the formula again, and a number a part gave to a name with no formula
  (``m = 4``) is read there as any value (a doubt on a wrong), as a number set in another
  question already was.
- ``\\partial L / \\partial \\sigma^2`` where the document defines \\sigma by its square (the variance of
  batch norm): the derivative by v = \\sigma^2, read through \\sigma as (1 / 2\\sigma) d/d\\sigma. Before, any
  derivative by a superscripted name was not read (a layer label or a power?); it still is for a
  name the document does not define by its square. Sizes where a side is undefined (1/\\sigma at
  m = 1) are left out of the chain model's cases, and the detail says so.
- word2vec's negative sampling, ``J = -\\log \\sigma(\\mathbf u_o^\\top \\mathbf v_c) - \\sum_k \\log
  \\sigma(-\\mathbf u_k^\\top \\mathbf v_c)``: the members \\mathbf u_k of the sum need no declared space
  (their length is what the step's products give them, enumerated); a gradient by \\mathbf u_o,
  which the text says is none of the summed members, is by another vector; a gradient by
  \\mathbf u_k itself, where the text says the negatives are distinct from each other, is the
  gradient of the sum's term k alone (onemember.py). Said of neither, both stay as before.
- The weight of a penalty written in a formula (``\\frac{\\lambda}{2} \\|\\mathbf w\\|^2``,
  ``\\lambda \\|W\\|_F^2``, ``\\lambda \\mathbf w^\\top \\mathbf w``) is a hyperparameter (declared.py), so a
  gradient by the weights holds it constant without the doubt that it may depend on them; a
  Greek letter elsewhere (``\\lambda \\mathbf w^\\top \\mathbf c``) keeps the doubt.
- A letter the step differentiates by as an entry's subscript (``\\partial w_d``) and that indexes
  an array beside an index letter (``x_{nd}``) is an index there, though no sum binds it and it
  is no usual index letter (d, e, a, b, c): before, ``x_{nd}`` was "indices or a label?".
- A name the text declares data ("Let $y$ be a one-hot label") before a parenthesis is a value:
  ``y_i (q_i + 1)`` is a product, with no doubt that y_i may be a function called.
- A number a sentence evaluates at ("at $\\mu = 0$, $\\sigma = 1$ the bracket is 0") holds for that
  part only: the next part's steps are not read at that point.
- The chain-rule model through a layer (``chain``) at a size where the variable's terms cancel
  (batch norm at m = 1: ``\\hat x_1 = 0``, so ``y_1 = \\beta``) gives the derivative 0 there,
  instead of giving the model up for the whole step.
"""
from __future__ import annotations

from audited import audit_all, one_at as at, shown
from checks.io.audit.reading import indices

NORM = r"""## Problem 2: normalising a minibatch

A minibatch $x_1, \dots, x_m$ of one feature is centred and scaled:

$$\mu = \frac{1}{m} \sum_{i=1}^{m} x_i, \qquad \hat x_i = x_i - \mu, \qquad y_i = \gamma \hat x_i + \beta$$

We write $g_i = \partial L / \partial y_i$ for the gradient that arrives from above.

### (a) A worked example

For the batch $x = (2, 4, 9)$:

$$\mu = \frac{2 + 4 + 9}{3} = 5$$

### (b) Gradients of the parameters

$$\frac{\partial L}{\partial \beta} = \sum_{i=1}^{m} g_i$$

$$\frac{\partial L}{\partial \gamma} = \sum_{i=1}^{m} g_i (x_i - \mu)$$

$$\frac{\partial L}{\partial \gamma} = \sum_{i=1}^{m} g_i \, y_i$$

The centred values sum to zero:

$$\sum_{i=1}^{m} \hat x_i = 0$$
"""


def test_a_parts_number_does_not_hold_in_the_next_part():
    found = audit_all({"n": NORM})["n"]
    example = [s for s in found if s.line == 13]
    assert [s.status for s in example] == ["definition", "holds"], shown(found)   # 15 / 3 = 5
    assert at(found, 17).status == "holds", shown(found)
    # mu is its formula again in (b): the gradient by gamma holds with it, for every size
    assert at(found, 19).status == "holds", shown(found)
    assert "\\mu is set to" not in (at(found, 19).detail or ""), shown(found)
    # y_i for x_i - mu: wrong for every loss of y, never a hold (undecided here: beta on one side)
    assert at(found, 21).status in ("wrong", "undecided"), shown(found)
    assert "\\mu is set to" not in at(found, 21).reason, shown(found)
    # true of the formula for every batch; of the example's mu = 5 only where the x_i sum to 5m
    assert at(found, 25).status == "holds", shown(found)


def test_a_parts_number_for_a_name_without_formula_is_any_value_elsewhere():
    text = NORM.replace("For the batch $x = (2, 4, 9)$:", "For the batch $x = (2, 4, 9)$, so $m = 3$:")
    found = audit_all({"n": text})["n"]
    assert at(found, 19).status == "holds", shown(found)
    assert at(found, 17).status == "holds", shown(found)
    # the example's m = 3 may be what part (b) means: the step is checked at m = 3 as well (round
    # 33), and is wrong there too; it stays undecided for beta on one side only
    assert at(found, 21).status == "undecided", shown(found)
    assert "m is set to 3" not in at(found, 21).reason and "m = 3" in at(found, 21).detail, shown(found)


VARIANCE = r"""## Question 1: the variance node of batch normalisation

A feature over a batch $x_1, \dots, x_m$ is normalised with
$\mu = \frac{1}{m} \sum_{i=1}^{m} x_i$, $\sigma^2 = \frac{1}{m} \sum_{i=1}^{m} (x_i - \mu)^2$,
$\hat x_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}$ and $y_i = \gamma \hat x_i + \beta$, with $\epsilon > 0$.
The loss $L$ depends on the batch only through the outputs $y_i$; write $g_i = \partial L / \partial y_i$.

**(a)** The gradient that reaches the variance, holding $\mu$ fixed:

$$\frac{\partial L}{\partial \sigma^2} = -\frac{\gamma}{2} (\sigma^2 + \epsilon)^{-3/2} \sum_{i=1}^{m} g_i (x_i - \mu)$$

**(b)** A slip in the power:

$$\frac{\partial L}{\partial \sigma^2} = -\frac{\gamma}{2} (\sigma^2 + \epsilon)^{-1/2} \sum_{i=1}^{m} g_i (x_i - \mu)$$

**(c)** In terms of the normalised values:

$$\frac{\partial L}{\partial \sigma^2} = -\frac{\gamma}{2 (\sigma^2 + \epsilon)} \sum_{i=1}^{m} g_i \hat x_i$$
"""


def test_a_derivative_by_a_variance_is_read_through_its_root():
    found = audit_all({"v": VARIANCE})["v"]
    for line in (10, 18):
        assert at(found, line).status == "holds", shown(found)
        assert "a side divides by 0 left out" in at(found, line).detail, shown(found)   # m = 1
    assert at(found, 14).status == "wrong", shown(found)
    assert at(found, 14).counterexample, shown(found)


def test_a_superscript_on_a_name_not_defined_by_its_square_stays_not_read():
    text = VARIANCE.replace(r"$\mu = \frac{1}{m} \sum_{i=1}^{m} x_i$, $\sigma^2 = \frac{1}{m} \sum_{i=1}^{m} (x_i - \mu)^2$,",
                            r"$\mu = \frac{1}{m} \sum_{i=1}^{m} x_i$,")
    found = audit_all({"v": text})["v"]
    for line in (10, 14, 18):
        assert at(found, line).status == "not_read", shown(found)
        assert "superscript" in at(found, line).reason, shown(found)


def test_a_second_derivative_by_a_defined_root_is_still_a_second_derivative():
    text = r"""## Q1

$$s^2 = a^2 + 1$$

$$\frac{d^2}{d s^2} s^3 = 6 s$$

$$\frac{d}{d s^2} s^3 = \frac{3 s}{2}$$
"""
    found = audit_all({"q": text})["q"]
    assert at(found, 3).status == "definition", shown(found)
    assert at(found, 5).status == "holds", shown(found)
    # d(s^3)/d(s^2) = 3 s^2 / (2 s) = 3s/2, for s > 0 (s the nonnegative root)
    assert at(found, 7).status == "holds", shown(found)


W2V = r"""# Skip-gram with negative sampling

The centre word has vector $\mathbf v_c$, the observed context word $\mathbf u_o$, and we draw $K$
negatives $\mathbf u_1, \dots, \mathbf u_K$, distinct from each other and from $\mathbf u_o$.

$$\ell = -\log \sigma(\mathbf u_o^\top \mathbf v_c) - \sum_{k=1}^{K} \log \sigma(-\mathbf u_k^\top \mathbf v_c)$$

**1.** Gradient for the context word:

$$\frac{\partial \ell}{\partial \mathbf u_o} = \left(\sigma(\mathbf u_o^\top \mathbf v_c) - 1\right) \mathbf v_c$$

**2.** Gradient for the $k$-th negative:

$$\nabla_{\mathbf u_k} \ell = \sigma(\mathbf u_k^\top \mathbf v_c) \, \mathbf v_c$$

$$\nabla_{\mathbf u_k} \ell = \left(1 - \sigma(\mathbf u_k^\top \mathbf v_c)\right) \mathbf v_c$$

**3.** Gradient for the centre word:

$$\frac{\partial \ell}{\partial \mathbf v_c} = \left(\sigma(\mathbf u_o^\top \mathbf v_c) - 1\right) \mathbf u_o + \sum_{k=1}^{K} \sigma(\mathbf u_k^\top \mathbf v_c) \, \mathbf u_k$$

$$\frac{\partial \ell}{\partial \mathbf v_c} = \left(\sigma(\mathbf u_o^\top \mathbf v_c) - 1\right) \mathbf u_o - \sum_{k=1}^{K} \sigma(\mathbf u_k^\top \mathbf v_c) \, \mathbf u_k$$
"""


def test_word2vec_gradients_by_the_members_where_the_text_says_they_are_distinct():
    found = audit_all({"w": W2V})["w"]
    statuses = {line: at(found, line).status for line in (10, 14, 16, 20, 22)}
    assert statuses == {10: "holds", 14: "holds", 16: "wrong", 20: "holds", 22: "wrong"}, shown(found)
    assert "its term of" in at(found, 14).detail + at(found, 14).reason, shown(found)
    # the family's internal name never reaches the reader: its members as the document writes them
    for step in found:
        said = f"{step.detail} {step.reason} {step.reading}"
        assert "member:" not in said, said


def test_word2vec_gradients_by_members_not_said_distinct_are_never_decided_wrong():
    text = W2V.replace(", distinct from each other and from $\\mathbf u_o$.", ".")
    assert text != W2V
    found = audit_all({"w": text})["w"]
    assert at(found, 14).status == "not_read" and at(found, 16).status == "not_read", shown(found)
    assert at(found, 10).status != "wrong" and at(found, 22).status != "wrong", shown(found)
    # the gradient by the centre vector holds for any vectors, so for one of them twice too
    assert at(found, 20).status == "holds", shown(found)


def test_a_sum_inside_a_function_is_not_split_into_its_terms():
    # d/du_w log sum_x exp(u_x^T v) is softmax_w v, never the gradient of the log of term w alone
    text = r"""# Naive softmax

The outside vectors $\mathbf u_1, \dots, \mathbf u_V$ are distinct from each other and from $\mathbf v_c$.

$$J = -\mathbf u_o^\top \mathbf v_c + \log \sum_{w=1}^{V} \exp(\mathbf u_w^\top \mathbf v_c)$$

$$\nabla_{\mathbf u_w} J = \frac{\exp(\mathbf u_w^\top \mathbf v_c)}{\sum_{x=1}^{V} \exp(\mathbf u_x^\top \mathbf v_c)} \mathbf v_c$$
"""
    found = audit_all({"s": text})["s"]
    assert at(found, 7).status != "wrong", shown(found)


RIDGE = r"""## Exercise 3: ridge regression

The data matrix is $X \in \mathbb R^{N \times d}$ and the targets are $\mathbf y \in \mathbb R^N$. The ridge objective is

$$E(\mathbf w) = \frac{1}{2} \|X \mathbf w - \mathbf y\|^2 + \frac{\lambda}{2} \|\mathbf w\|^2$$

**(a)**

$$\nabla_{\mathbf w} E = X^\top (X \mathbf w - \mathbf y) + \lambda \mathbf w$$

**(b)**

$$\nabla_{\mathbf w} E = X^\top (X \mathbf w - \mathbf y) + 2 \lambda \mathbf w$$
"""


def test_the_weight_of_a_penalty_is_a_hyperparameter():
    found = audit_all({"r": RIDGE})["r"]
    assert at(found, 9).status == "holds", shown(found)
    assert at(found, 13).status == "wrong", shown(found)     # 2 lambda w: the 1/2 forgotten


def test_a_greek_letter_beside_no_squared_norm_keeps_its_doubt():
    text = RIDGE.replace(r"\frac{\lambda}{2} \|\mathbf w\|^2", r"\lambda \mathbf w^\top \mathbf c")
    assert text != RIDGE
    found = audit_all({"r": text})["r"]
    for line in (9, 13):
        assert at(found, line).status == "undecided", shown(found)
        assert "\\lambda held constant" in at(found, line).reason, shown(found)


LINEAR = r"""## Problem 1: least squares in index notation

Training pairs $(\mathbf x_n, t_n)$, $n = 1, \dots, N$, have inputs with entries $x_{nd}$ and real targets $t_n$.
The model and the error are

$$y_n = \sum_{d=1}^{D} w_d x_{nd}, \qquad E = \frac{1}{2} \sum_{n=1}^{N} (y_n - t_n)^2$$

**(a)**

$$\frac{\partial E}{\partial w_d} = \sum_{n=1}^{N} (y_n - t_n) x_{nd}$$

**(b)**

$$\frac{\partial E}{\partial w_d} = \sum_{n=1}^{N} (t_n - y_n) x_{nd}$$
"""


def test_a_letter_the_step_differentiates_by_indexes_the_arrays_beside_it():
    found = audit_all({"l": LINEAR})["l"]
    assert at(found, 10).status == "holds", shown(found)
    assert at(found, 14).status == "wrong", shown(found)
    assert indices.differentiated_entries(r"\frac{\partial E}{\partial w_d} = \sum_{n} e_n x_{nd}") == {"d"}
    # named weights w_a, w_b: no array beside them has the letter, so they stay names
    assert indices.differentiated_entries(r"\frac{\partial (w_a x + w_b y)}{\partial w_a} = x") == set()
    # a letter that also stands alone (a length d) is not made an index
    assert indices.differentiated_entries(r"\frac{\partial E}{\partial w_d} = \frac{d}{2} x_{nd}") == set()


def test_a_declared_label_before_a_parenthesis_is_a_value():
    # "Let y be a one-hot label": y_i (...) is a product; no doubt that y_i may be called
    text = r"""## Q1

Let $y$ be a one-hot label and $q_1, \dots, q_K$ any numbers.

$$\sum_{i=1}^{K} y_i (q_i + 1) = \sum_{i=1}^{K} y_i q_i + \sum_{i=1}^{K} y_i$$

$$\sum_{i=1}^{K} y_i (q_i + 1) = \sum_{i=1}^{K} y_i q_i$$
"""
    found = audit_all({"y": text})["y"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)


def test_a_point_a_sentence_evaluates_at_is_not_a_value_of_the_next_part():
    # "at $a = 0$ the bracket is 0" (part 1) evaluates; part 2's derivative is meant in general
    text = r"""## Question 1

1(a) Let $f(a) = \frac{1}{2}(e^{a} - 1 - a)$. At $a = 0$ the value is $f(0) = 0$.

1(b) The derivative:

$$\frac{d f(a)}{d a} = e^{a} - 1$$

$$\frac{d f(a)}{d a} = \frac{1}{2}(e^{a} - 1)$$
"""
    found = audit_all({"p": text})["p"]
    assert at(found, 9).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)
    from checks.io.audit.planning.plan import _evaluation_point
    said = "the bracket at $\\mu = 0$, $\\sigma = 1$ is"
    assert _evaluation_point(said, said.index("\\mu")) and _evaluation_point(said, said.index("\\sigma"))
    assert not _evaluation_point("Let $x = 2$.", 5)


def test_a_transposed_list_with_an_ellipsis_reads_as_the_column():
    # [a_1, \dots, a_n]^\top in array mode is the bmatrix column of the same entries, slip and all
    text = r"""## Q1

Let $\mathbf a, \mathbf b \in \mathbb R^n$.

$$\mathbf a \odot \mathbf b = \begin{bmatrix} a_1 b_1 \\ \vdots \\ a_n b_n \end{bmatrix}$$

$$\mathbf a \odot \mathbf b = [a_1 b_1, \dots, a_n b_n]^\top$$

$$\mathbf a \odot \mathbf b = [a_1 b_1, \dots, a_n b_{n-1}]^\top$$
"""
    found = audit_all({"c": text})["c"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status != "holds", shown(found)
