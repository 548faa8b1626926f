"""The document's own vector operators and component functions (vecops.py): an operator or a
function of vectors defined by its components (``(\\mathbf{u} \\star \\mathbf{k})_t = \\sum_i ...``,
``\\text{rev}(\\mathbf{k})_i = k_{m+1-i}``) is used at any index; a wrong never rests on an entry
outside its vector unless the document says such entries are zero. Documents are written in
the styles of other courses than the seeds'."""
from __future__ import annotations

import pytest

from checks.io.audit import audit_text
from checks.io.audit.arrays import vecops
from checks.io.audit.reading.read import Scope, read


def _by_line(text):
    out = {}
    for s in audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps:
        out.setdefault(s.line, []).append(s)
    return out


def _line_of(text, piece):
    return next(n for n, line in enumerate(text.splitlines(), 1) if piece in line)


# -- 1. a 1-D convolution in another notation: \star, rev ------------------------------------------

BACKWARD = r"""# Problem 3: backward pass of a 1-D convolution layer

Let $\mathbf{u} \in \mathbb{R}^p$ be the input and $\mathbf{k} \in \mathbb{R}^m$ the kernel.
We write $\star$ for the cross-correlation, $(\mathbf{u} \star \mathbf{k})_t = \sum_{i=1}^m u_{t+i-1} k_i$,
and $\text{rev}$ for the reversal of a vector, $\text{rev}(\mathbf{k})_i = k_{m+1-i}$.

**(a)** Writing the reversed kernel entry by entry:

$$\sum_{i=1}^m u_{t+i-1} \text{rev}(\mathbf{k})_{m+1-i} = \sum_{i=1}^m u_{t+i-1} k_i$$

**(b)** The cross-correlation with the reversed kernel:

$$(\mathbf{u} \star \text{rev}(\mathbf{k}))_t = \sum_{i=1}^m u_{t+i-1} k_{m+1-i} = \sum_{j=1}^m u_{t+m-j} k_j$$

**(c)** Reindexing:

$$\sum_{i=1}^m u_{t+i-1} \text{rev}(\mathbf{k})_i = \sum_{j=1}^m u_{t+m-j+1} k_j$$
"""


def test_a_component_at_an_index_expression_is_the_formula_there():
    got = _by_line(BACKWARD)
    a = got[_line_of(BACKWARD, r"\text{rev}(\mathbf{k})_{m+1-i} =")]
    assert [s.status for s in a] == ["holds"]


def test_an_operator_of_the_document_applied_to_a_component_function():
    """(u \\star rev(k))_t: the operator's kernel entries are rev(k)'s, each the definition of rev
    at the index the operator's formula gives."""
    got = _by_line(BACKWARD)
    b = got[_line_of(BACKWARD, r"(\mathbf{u} \star \text{rev}(\mathbf{k}))_t")]
    assert [s.status for s in b] == ["holds", "holds"]


def test_a_planted_off_by_one_is_wrong_at_a_named_size_and_index():
    got = _by_line(BACKWARD)
    (c,) = got[_line_of(BACKWARD, r"u_{t+m-j+1} k_j")]
    assert c.status == "wrong"
    entry = c.counterexample["entry"]
    assert set(entry) == {"m", "t"} and int(entry["t"]) >= 1
    # every entry of the counterexample lies inside its vector: k[1..m], u from 1 on
    point = c.counterexample["point"]
    m = int(point["m"])
    for key in point:
        if key.startswith("k["):
            assert 1 <= int(key[2:-1]) <= m
        if key.startswith("u["):
            assert int(key[2:-1]) >= 1


# -- 2. entries outside their vector ----------------------------------------------------------------

OFF_BY_ONE_DEFINITION = r"""# Problem 4: reversing a kernel

Let $\mathbf{u} \in \mathbb{R}^p$ and $\mathbf{k} \in \mathbb{R}^m$. We write $\text{rev}(\mathbf{k})_i = k_{m-i}$ for the kernel read backwards.{padding}

**(a)** The cross-correlation with the reversed kernel:

$$\sum_{i=1}^m u_{t+i-1} \text{rev}(\mathbf{k})_i = \sum_{j=1}^m u_{t+m-j} k_j$$
"""


def test_a_step_that_needs_entries_out_of_range_is_undecided_without_padding():
    """rev(k)_m = k_0: every size uses the entry k_0, which k in R^m does not have; the
    document does not say it is zero, so the step is not wrong (nor holds)."""
    text = OFF_BY_ONE_DEFINITION.replace("{padding}", "")
    (s,) = _by_line(text)[_line_of(text, "u_{t+m-j} k_j")]
    assert s.status == "undecided"
    assert "k[0]" in s.reason and "outside its vector" in s.reason


def test_with_zero_padding_said_the_entries_out_of_range_are_zero():
    text = OFF_BY_ONE_DEFINITION.replace("{padding}", " Entries out of bounds are zero (zero padding).")
    (s,) = _by_line(text)[_line_of(text, "u_{t+m-j} k_j")]
    assert s.status == "wrong"
    assert "out of range zero" in s.detail
    assert not any(k in s.counterexample["point"] for k in ("k[0]", "u[0]"))


# -- 3. convolution vs cross-correlation; an operator reused in the next question --------------------

TWO_QUESTIONS = r"""# Question 1: a 1-D convolution layer

The layer takes an input $\mathbf{u} \in \mathbb{R}^p$ and kernels $\mathbf{k}, \mathbf{l} \in \mathbb{R}^m$. Here $\star$
denotes the true convolution, with the kernel flipped:
$$(\mathbf{u} \star \mathbf{k})_t = \sum_{i=1}^m u_{t+m-i} k_i$$

**1(a)** The layer is linear in its kernel:

$$(\mathbf{u} \star \mathbf{k})_t + (\mathbf{u} \star \mathbf{l})_t = \sum_{i=1}^m u_{t+m-i} (k_i + l_i)$$

**1(b)** The same sum, written out:

$$(\mathbf{u} \star \mathbf{k})_t + (\mathbf{u} \star \mathbf{l})_t = \sum_{i=1}^m (k_i + l_i) u_{t+i-1}$$

# Question 2: two inputs

A second input $\mathbf{v} \in \mathbb{R}^p$ goes through the same layer.

**2(a)** The layer is linear in its input:

$$(\mathbf{u} \star \mathbf{k})_t + (\mathbf{v} \star \mathbf{k})_t = \sum_{i=1}^m (u_{t+m-i} + v_{t+m-i}) k_i$$

**2(b)** The difference of the two outputs:

$$(\mathbf{u} \star \mathbf{k})_t - (\mathbf{v} \star \mathbf{k})_t = \sum_{i=1}^m (u_{t+m-i} + v_{t+m-i}) k_i$$
"""


def test_an_operator_defined_by_components_is_recorded():
    got = _by_line(TWO_QUESTIONS)
    (d,) = got[_line_of(TWO_QUESTIONS, r"= \sum_{i=1}^m u_{t+m-i} k_i$$")]
    assert d.status == "definition"


def test_convolution_and_cross_correlation_mixed_up_is_wrong():
    got = _by_line(TWO_QUESTIONS)
    (a,) = got[_line_of(TWO_QUESTIONS, r"u_{t+m-i} (k_i + l_i)")]
    (b,) = got[_line_of(TWO_QUESTIONS, r"(k_i + l_i) u_{t+i-1}")]
    assert a.status == "holds"
    assert b.status == "wrong" and int(b.counterexample["entry"]["m"]) >= 2   # m = 1: no flip to see


def test_an_operator_defined_in_one_question_is_used_in_the_next():
    got = _by_line(TWO_QUESTIONS)
    (a,) = got[_line_of(TWO_QUESTIONS, r"(\mathbf{v} \star \mathbf{k})_t = \sum")]
    (b,) = got[_line_of(TWO_QUESTIONS, r"- (\mathbf{v} \star \mathbf{k})_t")]
    assert a.status == "holds"
    assert b.status == "wrong"


ANOTHER_SIZE = r"""# Question 1

Let $\mathbf{u} \in \mathbb{R}^p$, $\mathbf{k} \in \mathbb{R}^m$ and $\mathbf{g} \in \mathbb{R}^n$. Here $\star$ is
$(\mathbf{u} \star \mathbf{k})_t = \sum_{i=1}^m u_{t+i-1} k_i$.

**(a)** With both kernels:

$$(\mathbf{u} \star \mathbf{g})_t + (\mathbf{u} \star \mathbf{k})_t = \sum_{i=1}^n u_{t+i-1} g_i + \sum_{i=1}^m u_{t+i-1} k_i$$
"""


def test_a_size_letter_of_the_definition_is_doubted_for_a_vector_of_another_size():
    """m is the size of k; at the kernel g of size n the definition's m may mean n (the step is
    right so): it is not wrong on the reading with m alone."""
    (s,) = _by_line(ANOTHER_SIZE)[_line_of(ANOTHER_SIZE, "u_{t+i-1} g_i +")]
    assert s.status not in ("wrong", "holds")


def test_the_size_doubt_is_said_where_the_entries_of_another_vector_are_put_in():
    import sympy as sp
    from types import SimpleNamespace
    from checks.io.audit.document.context import Definition
    i, t, m = (sp.Symbol(x, integer=True) for x in "itm")
    u, k, g = (sp.IndexedBase(x, real=True) for x in "ukg")
    body = sp.Sum(u[t + i - 1] * k[i], (i, 1, m))
    d = Definition(r"\text{star}(\cdot)_\bullet", (t, sp.Symbol(r"\mathbf{u}", real=True),
                   sp.Symbol(r"\mathbf{k}", real=True)), body, "Q1", 3)
    ranges = vecops.Ranges(r"$\mathbf{u} \in \mathbb{R}^p$, $\mathbf{k} \in \mathbb{R}^m$, $\mathbf{g} \in \mathbb{R}^{n}$")
    ctx = SimpleNamespace(functions={}, ranges=ranges, lets={})
    for other, doubted in ((sp.Symbol(r"\mathbf{g}", real=True), True), (sp.Symbol(r"\mathbf{k}", real=True), False)):
        hazards = []
        got, args = vecops.entries_put_in(d, (t, sp.Symbol(r"\mathbf{u}", real=True), other), ctx, hazards)
        assert (other.name == r"\mathbf{g}") == got.body.has(g[i])
        assert bool(hazards) is doubted, hazards


# -- 4. the pieces ------------------------------------------------------------------------------------

@pytest.mark.parametrize("index, ok", [
    ("k_2-j+1", True), ("n+2l-1", True), ("m+1-i", True), ("j", True), ("3", True),
    ("i,j", False), (r"\alpha", False), ("k^2", False),
])
def test_the_index_of_a_component_may_be_a_sum_of_letters_and_numbers(index, ok):
    scope = Scope(functions=frozenset({r"\text{rev}"}))
    text = r"\text{rev}(\mathbf{k})_{" + index + "}"
    if ok:
        assert "(\\cdot)_\\bullet" in str(read(text, scope).expr)
    else:
        with pytest.raises(Exception):
            read(text, scope)


def test_operators_are_those_the_document_defines_by_components():
    text = r"$$(\mathbf{x} \tilde{*} \mathbf{w})_n = \sum_{j=1}^k x_{n+j-k} w_j$$ and $[1, 2] * [3] = [3, 6]$"
    ops = vecops.operators(text)
    assert ops == frozenset({r"\tilde{*}"})
    assert vecops.rewritten(r"(\mathbf{a} \tilde{*} \text{flip}(\mathbf{w}))_n", ops) \
        == r"\text{tildestar}(\mathbf{a}, \text{flip}(\mathbf{w}))_n"
    assert vecops.rewritten(r"(\mathbf{a} * \mathbf{b})_n", ops) == r"(\mathbf{a} * \mathbf{b})_n"


def test_ranges_name_the_entries_outside_their_vector():
    r = vecops.Ranges(r"Let $\mathbf{x} \in \mathbb{R}^d$ and $\mathbf{w}, \mathbf{v} \in \mathbb{R}^{k}$.")
    assert r.sizes == {"x": {"d"}, "w": {"k"}, "v": {"k"}}
    assert not r.padding
    assert r.outside({"x[0]": "1", "w[3]": "2", "x[9]": "1", "k": "2"}, None) == ["x[0]", "w[3]"]
    assert vecops.Ranges("the value of a vector indexed \"out-of-bound\" is zero").padding


@pytest.mark.parametrize("hazard, kept", [
    ("n is set to 1 in Q1.5 (line 53), read here as any value", False),
    ("N is set to 1 in Q1.5 (line 53), read here as any value", True),
])
def test_a_number_set_in_another_question_is_no_doubt_for_an_index(hazard, kept):
    import sympy as sp
    n = sp.Symbol("n", integer=True)
    expr = sp.IndexedBase("h")[n] + sp.Symbol("N")
    assert (vecops.not_indices([hazard], expr) == [hazard]) is kept
