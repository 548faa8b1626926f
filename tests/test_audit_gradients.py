"""Gradients written with \\nabla: an entry (\\nabla_{\\mathbf{x}} L)_i is the partial derivative
of L by x_i; the gradient itself (a vector) and every other \\nabla stay NotRead with the
construct named. Readings (LaTeX in, SymPy out), look-alikes, and a small document in the
style of a matrix-calculus exercise."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.reading.read import NotRead, read

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def R(name):
    return sp.Symbol(name, real=True)


def I(name):
    return sp.Symbol(name, integer=True)


L = R("L")
i, n = I("i"), I("n")

READINGS = [
    (r"(\nabla_{\mathbf{x}} L)_i", sp.Derivative(L, R("x_i"))),
    (r"\left(\nabla_{\mathbf{w}} L\right)_{k} + 1", sp.Derivative(L, R("w_k")) + 1),
    (r"(\nabla_{\boldsymbol{\theta}} L)_2", sp.Derivative(L, R("\\theta_2"))),
    (r"(\nabla_z L)_j", sp.Derivative(L, R("z_j"))),
    # under a sum the entry's index is the sum's: a[i] as any x_i under \sum_i
    (r"\sum_{i=1}^n (\nabla_{\mathbf{a}} L)_i w_i",
     sp.Sum(sp.Derivative(L, sp.IndexedBase("a", real=True)[i]) * sp.IndexedBase("w", real=True)[i], (i, 1, n))),
]


@pytest.mark.parametrize("latex,expected", READINGS)
def test_gradient_entry_readings(latex, expected):
    assert sp.srepr(read(latex).expr) == sp.srepr(expected)


def test_entry_reads_as_the_partial_written_out():
    for entry, partial in [(r"(\nabla_{\mathbf{x}} f(\mathbf{x}))_i", r"\frac{\partial f(\mathbf{x})}{\partial x_i}"),
                           (r"(\nabla_{\theta} J)_{j}", r"\frac{\partial J}{\partial \theta_{j}}")]:
        assert read(entry).expr == read(partial).expr


NOT_READ = [
    # the gradient is a vector: p - y beside it would be compared entry by entry
    (r"\nabla_z L", "a vector"),
    (r"\nabla_{\mathbf{x}} f(\mathbf{x})", "a vector"),
    (r"2 \nabla_\theta J", "a vector"),
    # without the variable
    (r"(\nabla L)_i", "without the variable"),
    # entries with no name: a layer label or a power, another decoration, a subscript
    (r"(\nabla_{\mathbf{h}^1} L)_n", "gradient by"),
    (r"(\nabla_{\hat{y}} L)_n", "no name"),
    (r"(\nabla_{W_1} L)_{ij}", "no name"),
    # an operand that is not a name or a call
    (r"(\nabla_{x} (x^T A x))_i", "not a name"),
    (r"(\nabla_{x} L + 1)_i", "not a name or a call"),
    # an entry with nothing for its index
    (r"(\nabla_{x} L)_{}", "index"),
]


DOC = r"""## Exercise 2

The loss is $L = \sum_{k=1}^n (w_k x_k - t_k)^2$.

$$(\nabla_{\mathbf{w}} L)_i = \frac{\partial}{\partial w_i} \sum_{k=1}^n (w_k x_k - t_k)^2 = 2 (w_i x_i - t_i) x_i$$

$$\nabla_{\mathbf{w}} L = 2 (\mathbf{w} \odot \mathbf{x} - \mathbf{t}) \odot \mathbf{x}$$

$$(\nabla_{\mathbf{w}} L)_i = (w_i x_i - t_i) x_i$$
"""


def _statuses(text):
    return [(s.line, s.status) for s in audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps]


def test_gradient_document_reads_as_its_partials():
    """The entries read exactly as the document with each entry written as a partial: the
    same steps, the same verdicts (the context's own hazards decide them), never wrong."""
    got = _statuses(DOC)
    written = _statuses(DOC.replace(r"(\nabla_{\mathbf{w}} L)_i", r"\frac{\partial L}{\partial w_i}"))
    assert [g for g in got if g[0] != 7] == [w for w in written if w[0] != 7]
    # x_k, t_k: operands of L's formula the document never defines, read as its inputs (leaves.py)
    assert [st for ln, st in got if ln == 5] == ["holds", "holds"], got
    assert (7, "not_read") in got
    assert "wrong" not in {st for _, st in got}


ELLIPSES = [
    (r"\begin{bmatrix} r_1 \\ \vdots \\ r_K \end{bmatrix}", "a matrix or vector with an ellipsis (\\vdots)"),
    (r"\begin{bmatrix} \sigma'(z_1) & \cdots & 0 \end{bmatrix}", "a matrix or vector with an ellipsis (\\cdots)"),
    (r"\begin{pmatrix} a & \ddots \end{pmatrix}", "(\\ddots)"),
    (r"x_1 + \dots + x_n", "write \\sum"),
    (r"x_1 + \cdots + x_n", "write \\sum"),
]


@pytest.mark.parametrize("latex,word", NOT_READ + ELLIPSES)
def test_gradient_look_alikes_and_ellipses_not_read_with_the_construct_named(latex, word):
    with pytest.raises(NotRead) as exc:
        read(latex)
    assert word in exc.value.reason



@pytest.mark.parametrize("latex", [r"(\nabla_{\mathbf{x}} L)_1 (2)", r"(\nabla_{\mathbf{x}} L)_1 [2]"])
def test_entry_before_a_bracket_not_read(latex):
    # the entry evaluated at a point, or the entry times a bracket?
    from checks.io.audit.reading.read import NotRead, read
    with pytest.raises(NotRead) as exc:
        read(latex)
    assert "entry at a point" in exc.value.reason


def test_partials_of_the_entries_of_an_undefined_array_are_one_unknown_per_entry():
    """\\partial y_i / \\partial x_n of an undefined y is an unknown for each i: summing it over i
    is not 3 times its first entry (a false holds when every y_i shared one unknown)."""
    from checks import audit_text
    pre = "# Q\n$$\\sum_{i=1}^{3} \\frac{\\partial y_i}{\\partial x_n} = "
    three = audit_text(pre + "3 \\frac{\\partial y_1}{\\partial x_n}$$\n").documents[0].steps[0]
    assert three.status != "holds"
    spelled = audit_text(pre + "\\frac{\\partial y_1}{\\partial x_n} + \\frac{\\partial y_2}{\\partial x_n} + "
                         "\\frac{\\partial y_3}{\\partial x_n}$$\n").documents[0].steps[0]
    assert spelled.status == "holds"
