"""Matrix algebra over capital letters the text declares (checks/io/audit/arrays/matrices.py, matprops.py).

Two documents written here in the style of other courses: a linear-regression / ridge homework
(normal equations, a design matrix with m >= p and full column rank, products of matrices that need
not commute) and a LaTeX note on Gaussians and whitening (a covariance matrix said symmetric
positive definite, an arbitrary matrix, a diagonal one). Each has true steps and planted errors:
every planted error must be found (or stay undecided where said), every true step never wrong.
Then the mechanisms one by one: which matrix a property word is said of, sizes the text orders,
sizes where an inverted matrix is singular for every value, the full-rank reading of a Gram
inverse, the exact instances of restricted matrices.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import sympy as sp

from checks.io.audit.arrays import matprops as P
from checks.io.audit.arrays import matrices as M
from checks.io.audit.arrays import vectors as V
from checks.io.audit.reading.read import Scope
from tests.audited import audit_all, one_at, shown

RIDGE = r"""# Homework 3 — Ridge regression, solutions

### Exercise 3.1 (normal equations)

Let $X \in \mathbb{R}^{m \times p}$ be the design matrix, with $m \geq p$ and full column rank, and $\mathbf{y} \in \mathbb{R}^m$ the targets.
The matrices $G, H \in \mathbb{R}^{p \times p}$ are arbitrary invertible matrices; they need not commute.

$$(X^\top X)^{-1} X^\top X = I$$

$$X (X^\top X)^{-1} X^\top X = X$$

$$X (X^\top X)^{-1} X^\top = I$$

### Exercise 3.2 (products)

$$(G H)^\top = H^\top G^\top$$

$$(G + H)(G - H) = G^2 - H^2$$

$$(G + H)(G - H) = G^2 - G H + H G - H^2$$

$$(G H)^{-1} = G^{-1} H^{-1}$$

$$(G^{-1})^{2} G^{2} = I$$

### Exercise 3.3 (the ridge path)

For a scalar $t$ (where the inverses exist):

$$\frac{d}{dt} (G + t I)^{-1} = -(G + t I)^{-2}$$

$$\frac{d}{dt} (G + t H)^{-1} = -(G + t H)^{-1} H (G + t H)^{-1}$$

$$\frac{d}{dt} (G + t H)^{-1} = -H (G + t H)^{-2}$$
"""

MOVING = r"""## Problem 1

Let $A \in \mathbb{R}^{n \times n}$ depend smoothly on a scalar $s$, and let $B \in \mathbb{R}^{n \times n}$.

$$\frac{d}{ds} (A + sB)^{-1} = -(A + sB)^{-1} B (A + sB)^{-1}$$
"""

WHITENING = r"""\documentclass{article}
\begin{document}
\subsection*{Problem 2: whitening}
Let $C \in \mathbb{R}^{k \times k}$ be a covariance matrix, symmetric positive definite, let $M \in \mathbb{R}^{k \times k}$ be any matrix, and $\alpha > 0$.

(i)
\begin{align*}
(C + \alpha I)^{-1} &= C^{-1} + \frac{1}{\alpha} I \\
(\alpha C)^{-1} &= \frac{1}{\alpha} C^{-1}
\end{align*}

(ii)
\begin{align*}
(C M)^\top &= M^\top C \\
(C M)^\top &= M C \\
\operatorname{tr}(C M) &= \operatorname{tr}(M C) \\
C^{-1} C M &= M
\end{align*}

(iii) In this part the matrix $D \in \mathbb{R}^{k \times k}$ is diagonal.

\begin{align*}
D M &= M D \\
D + C &= C + D
\end{align*}

(iv) Let $Q \in \mathbb{R}^{k \times k}$ be orthogonal.
\begin{align*}
\det(Q) &= 1 \\
(Q M Q^\top)^{-1} &= Q M^{-1} Q^\top
\end{align*}
\end{document}
"""


@pytest.fixture(scope="module")
def ridge():
    return audit_all({"ridge": RIDGE})["ridge"]


@pytest.fixture(scope="module")
def whitening():
    return audit_all({"whitening": WHITENING}, kind="latex")["whitening"]


# --- the ridge homework ---------------------------------------------------------------------------

@pytest.mark.parametrize("line", [8, 10, 16, 20, 24, 30, 32])
def test_ridge_true_steps_hold_at_the_sizes_checked(ridge, line):
    step = one_at(ridge, line)
    assert step.status == "holds" and step.strength == "bounded", shown([step])


def test_a_projection_onto_the_columns_is_not_the_identity_at_a_size_the_text_allows(ridge):
    step = one_at(ridge, 12)        # X (X^T X)^{-1} X^T = I: true only for m = p
    assert step.status == "wrong", shown([step])
    point = step.counterexample["point"]
    assert "X_{21}" in point and "X_{12}" not in point, point        # a 2 x 1 X: m = 2 > p = 1, full rank
    assert "sizes the text excludes (m >= p)" in step.reason, step.reason


@pytest.mark.parametrize("line", [18, 22])
def test_products_expanded_as_for_numbers_are_wrong_for_matrices_that_need_not_commute(ridge, line):
    assert one_at(ridge, line).status == "wrong", shown(ridge)


def test_a_derivative_of_an_inverse_with_the_factor_on_one_side_is_wrong(ridge):
    step = one_at(ridge, 34)    # the text declares G, H as given matrices, t a scalar: constants in t
    assert step.status == "wrong", shown([step])


def test_a_matrix_said_to_depend_on_the_variable_keeps_the_doubt():
    step = one_at(audit_all({"moving": MOVING})["moving"], 5)   # true for constant A only
    assert step.status == "undecided" and "may depend on s" in step.reason, shown([step])


def test_sizes_where_the_gram_matrix_is_singular_are_skipped_and_said(ridge):
    step = one_at(ridge, 8)     # the text says m >= p: m < p not enumerated at all
    assert "m = 1, p = 2" not in step.reason, step.reason


# --- the whitening note ---------------------------------------------------------------------------

@pytest.mark.parametrize("line, sample", [(8, "C = min(i, j)"), (15, "C = min(i, j)"), (23, "D = diag(2, 3, ...)")])
def test_planted_errors_are_refuted_at_instances_inside_the_stated_domain(whitening, line, sample):
    step = one_at(whitening, line)
    assert step.status == "wrong" and sample in step.reason, shown([step])


def test_the_counterexample_keeps_the_scalar_inside_its_stated_domain(whitening):
    point = one_at(whitening, 8).counterexample["point"]
    assert sp.Rational(point["\\alpha"]) > 0, point


@pytest.mark.parametrize("line", [9, 16, 17, 24])
def test_whitening_steps_true_for_every_matrix_hold(whitening, line):
    step = one_at(whitening, line)      # equal as read: no sample needed, holds for every matrix checked
    assert step.status == "holds" and "sample" not in step.reason, shown([step])


def test_a_step_true_only_for_the_restricted_matrix_is_never_claimed_from_one_sample(whitening):
    step = one_at(whitening, 14)        # (CM)^T = M^T C needs C symmetric: equal at the sample only
    assert step.status == "undecided" and "sample" in step.reason, shown([step])


def test_an_orthogonal_matrix_is_read_as_a_signed_identity(whitening):
    step = one_at(whitening, 29)    # det Q = 1: false for a reflection, which the text allows
    assert step.status == "wrong" and "Q = diag(1, -1, 1, ...)" in step.reason, shown([step])
    step = one_at(whitening, 30)    # true for orthogonal Q (false for others): a sample only
    assert step.status == "undecided" and "sample" in step.reason, shown([step])


def test_no_true_step_is_wrong(ridge, whitening):
    planted = {("ridge", 12), ("ridge", 18), ("ridge", 22), ("ridge", 34), ("whitening", 8), ("whitening", 15), ("whitening", 23),
               ("whitening", 29)}
    bad = [(name, s.line) for name, found in (("ridge", ridge), ("whitening", whitening)) for s in found
           if s.status == "wrong" and (name, s.line) not in planted]
    assert not bad, bad


# --- which matrix a word is said of -----------------------------------------------------------------

@pytest.mark.parametrize("text, name, words", [
    # the word after a clause about another matrix: not said of A
    (r"Let $A, B \in \mathbb R^{n \times n}$ be invertible, and let $X \in \mathbb R^{N \times d}$ have full column rank.",
     "A", []),
    (r"Let $A, B \in \mathbb R^{n \times n}$ be invertible, and let $X \in \mathbb R^{N \times d}$ have full column rank.",
     "X", ["full column rank"]),
    # "with $N > d$ and ...": the prose of one clause joins the maths before it
    (r"Let $X \in \mathbb R^{N \times d}$ be a data matrix with $N > d$ and full column rank.", "X", ["full column rank"]),
    # joined by "and": both
    (r"Let $A$ and $B$ be symmetric.", "A", ["symmetric"]),
    # a word before the maths of its clause
    (r"We use the symmetric matrix $S$ and the matrix $T$.", "S", ["symmetric"]),
    (r"We use the symmetric matrix $S$, and the matrix $T$.", "T", []),
    # a definition is about its left side: P is the projection, not X
    (r"$P = X (X^\top X)^{-1} X^\top$ is the projection onto the columns.", "X", []),
    # a word whose maths is not found: every matrix of the sentence keeps the doubt
    (r"Being orthogonal, $Q$ keeps lengths.", "Q", ["orthogonal"]),
    # "diagonal" of a whole matrix, or of its entries (no diagonal matrix: no instance)
    (r"In this part $D \in \mathbb R^{k 	imes k}$ is diagonal.", "D", ["diagonal"]),
    (r"Let $A$ have a zero diagonal.", "A", ["diagonal (of its entries)"]),
    (r"The off-diagonal entries of $A$ are positive.", "A", ["diagonal (of its entries)", "positive"]),
])
def test_a_word_is_said_of_the_maths_it_qualifies(text, name, words):
    assert [w for w in M.restricted(text, [name]) if not w.startswith("a condition")] == words


@pytest.mark.parametrize("latex, inverted", [
    (r"X (X^\top X)^{-1} X^\top", True),
    (r"\left(X X^T\right)^{-1}", True),
    (r"X^{-1} X", True),
    (r"(\Sigma^{-1} + X^\top X)^{-1}", False),       # inverting a sum says nothing of X's rank
    (r"X^\top X", False),
])
def test_full_rank_is_no_doubt_where_the_step_inverts_the_gram_matrix(latex, inverted):
    assert M.full_rank_inverted(latex, "X") is inverted


def test_orders_of_size_letters_the_text_states():
    found = M.size_relations(r"with $d \le N$, $\lambda > 0$, $N \gg D$, $x_i > y$ and $0 < t$")
    assert found == (("N", "d", False), ("N", "D", True))
    assert M.sizes_allowed(found, {"N": 2, "d": 2}) and not M.sizes_allowed(found, {"N": 1, "d": 2})
    assert not M.sizes_allowed(found, {"N": 2, "D": 2})     # \gg: strict


def test_an_inverse_singular_at_every_size_is_not_read():
    kinds = V.Kinds(V.declared(r"$X \in \mathbb{R}^{N \times d}$"), frozenset())
    from checks.io.audit.reading.notation import NotRead
    with pytest.raises(NotRead, match="singular"):
        V.entries(r"(X^\top X)^{-1}", r"I", Scope(), kinds, {"N": (1, 1), "d": (2, 3)})
    checked = V.entries(r"(X^\top X)^{-1} X^\top X", r"I", Scope(), kinds, {"N": (1, 2), "d": (1, 2)})
    assert "N = 1, d = 2" in checked.legend and "skipped" in checked.legend, checked.legend


def test_a_derivative_of_an_inverse_at_size_three_is_read():
    # the square of an inverse as adj^2 / det^2: no Jordan form of a symbolic matrix (was a 5 s timeout)
    kinds = V.Kinds(V.declared(r"$A \in \mathbb{R}^{n \times n}$"), frozenset({"s"}))
    checked = V.entries(r"\frac{d}{ds} (A + sI)^{-1}", r"-(A + sI)^{-2}", Scope(), kinds, {"n": (3, 3)})
    assert checked.count == 9
    at = {x: sp.Integer(k % 5 + 1) + (2 if x.name.endswith(("11]", "22]", "33]", "{11}", "{22}", "{33}")) else 0)
          for k, x in enumerate(sorted(set().union(*(e.free_symbols for e in checked.left)) - {sp.Symbol("s", real=True)},
                                       key=str))}
    s = sp.Symbol("s", real=True)
    for a, b in zip(checked.left, checked.right):
        assert sp.cancel((a.doit() - b).xreplace(at).subs(s, sp.Rational(1, 3))) == 0


# --- instances of restricted matrices ----------------------------------------------------------------

@pytest.mark.parametrize("words, what", [
    ({"symmetric", "positive", "definite"}, "min(i, j)"),
    ({"covariance"}, "min(i, j)"),
    ({"a condition (S \\succ 0)"}, "min(i, j)"),
    ({"negative", "definite"}, "-min(i, j)"),
    ({"diagonal"}, "diag(2, 3, ...)"),
    ({"diagonal", "positive"}, "diag(2, 3, ...)"),
    ({"orthogonal", "a condition (S^\\top S = I)"}, "diag(1, -1"),
    ({"a condition (S S^T = I)"}, "diag(1, -1"),
])
def test_an_instance_has_the_property_at_every_size(words, what):
    entry, said = P.instance("S", words)
    assert said.startswith(what)
    for n in (1, 2, 3, 4):
        m = sp.Matrix(n, n, lambda i, j: entry(i + 1, j + 1))
        assert m == m.T
        signs = [m[:k, :k].det() for k in range(1, n + 1)]     # Sylvester: leading minors
        if what.startswith("diag(1, -1"):
            assert m.T * m == sp.eye(n)
            continue
        if what.startswith("-"):
            assert all((-1) ** k * d > 0 for k, d in enumerate(signs, 1))
        else:
            assert all(d > 0 for d in signs)
        if what.startswith("diag"):
            assert m.is_diagonal()


def test_the_signed_identity_is_orthogonal_at_every_size():
    entry, said = P.instance("Q", {"orthogonal"})
    for n in (1, 2, 3, 4):
        q = sp.Matrix(n, n, lambda i, j: entry(i + 1, j + 1))
        assert q.T * q == sp.eye(n)


@pytest.mark.parametrize("words", [{"rotation"}, {"projection"}, {"idempotent"}, {"triangular"}, {"symmetric"},
                                   {"kernel"}, {"diagonal (of its entries)"}, {"negative"},
                                   {"positive", "a condition (S^2 = S)"}, {"full column rank"}, {"orthogonal", "positive"}])
def test_a_property_with_no_instance_keeps_the_doubt(words):
    assert P.instance("S", words) is None


def test_a_step_equal_as_read_is_not_sampled():
    a, b = sp.symbols("a b", real=True)
    assert P.differs_somewhere([a * b], [b * a]) is False
    assert P.differs_somewhere([a * b, a], [b * a, b]) is True
    assert P.differs_somewhere([sp.Function("f")(a)], [a]) is None


def test_a_property_denied_a_few_words_on_is_kept_as_a_doubt_with_no_instance():
    words = M.restricted(r"Let $A \in \mathbb R^{n \times n}$ be positive semidefinite but not positive definite.", ["A"])
    assert "not definite" in words and P.instance("A", set(words)) is None
