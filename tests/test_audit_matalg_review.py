"""The documents of review A24 (matrix algebra: matprops.py, matrices.py, vectors.py): each was a
false verdict on main, and each step must never be that verdict again. Every step of these
documents is true as the text restricts it (a dropout mask, a stochastic matrix, an orthogonal matrix
of determinant one, ...), so no step may be ``wrong``; where a step was a false ``holds`` it may not
be ``holds``. The mends keep the doubt (undecided), so the tests assert the verdict is not the false
one, not that a decision is made.
"""
from __future__ import annotations

import pytest

from tests.audited import audit_all, shown

DOCS = {
    "f2": r"""## Exercise 4 — dropout as a matrix

Let $D \in \mathbb{R}^{n \times n}$ be a diagonal matrix with entries $0$ or $1$ (a dropout mask), and let $W \in \mathbb{R}^{n \times n}$.

$$D^2 = D$$

$$(D W D) D = D W D$$
""",
    "k1": r"""## Problem 16 — Markov chains

Let $P \in \mathbb{R}^{n \times n}$ be a transition matrix with positive entries whose rows sum to one, and let $\mathbf{1} \in \mathbb{R}^n$ be the vector of ones.

$$P \mathbf{1} = \mathbf{1}$$

$$P^2 \mathbf{1} = \mathbf{1}$$
""",
    "f3": r"""## Problem 5 — rotations

Let $Q \in \mathbb{R}^{n \times n}$ be an orthogonal matrix with determinant one.

$$\det(Q) = 1$$

$$\det(Q^\top) \det(Q) = 1$$
""",
    "g5": r"""## Problem 12 — reflections

Let $H \in \mathbb{R}^{n \times n}$ be a symmetric orthogonal matrix with trace $n - 2$ (a Householder reflection).

$$\operatorname{tr}(H) = n - 2$$
""",
    "g6": r"""## Problem 13 — a scaled identity

Let $D \in \mathbb{R}^{n \times n}$ be diagonal, equal to $2I$, and let $M \in \mathbb{R}^{n \times n}$.

$$D M = M D$$

$$D M D^{-1} = M$$
""",
    "f7": r"""## Problem 6 — isotropic noise

Let $\Sigma \in \mathbb{R}^{d \times d}$ be an isotropic covariance matrix and let $M \in \mathbb{R}^{d \times d}$ be any matrix.

$$\Sigma M = M \Sigma$$

$$\Sigma M \Sigma^{-1} = M$$
""",
    "k2": r"""## Problem 17 — density matrices

Let $\rho \in \mathbb{R}^{n \times n}$ be positive semidefinite with unit trace.

$$\operatorname{tr}(\rho) = 1$$
""",
    "f5": r"""## Problem 3 — whitening

Let $\Sigma \in \mathbb{R}^{d \times d}$ be a covariance matrix, symmetric positive definite, with eigendecomposition
$U \Lambda U^\top$, where $U \in \mathbb{R}^{d \times d}$ is orthogonal and $\Lambda \in \mathbb{R}^{d \times d}$ is diagonal.

$$\Sigma^{-1} = U \Lambda^{-1} U^\top$$

$$\Sigma U = U \Lambda$$
""",
    "f6": r"""## Problem 4 — Gaussians

Let $\Sigma \in \mathbb{R}^{d \times d}$ be the covariance matrix and $\Lambda \in \mathbb{R}^{d \times d}$ its inverse, the precision matrix.

$$\Sigma \Lambda = I$$

$$\Lambda \Sigma \Lambda = \Lambda$$
""",
}

# {document: the verdict it falsely had on main} (finding of the review in the comment)
FALSE = {
    "f2": "wrong", "k1": "wrong", "f3": "wrong", "g5": "wrong", "g6": "wrong", "f7": "wrong",
    "k2": "wrong",      # 1: a sample matrix although the text says more than the sample reads
    "f5": "wrong", "f6": "wrong",      # 2: matrices the text relates got unrelated samples
}


@pytest.fixture(scope="module")
def audited():
    return audit_all(DOCS)


@pytest.mark.parametrize("name", sorted(FALSE))
def test_never_the_false_verdict(audited, name):
    found = audited[name]
    assert found, name
    assert all(s.status != FALSE[name] for s in found), shown(found)
