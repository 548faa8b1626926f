'''Review B of round 21: false verdicts of the merged change, each document as the review wrote it.

1. A condition on a declared matrix, in maths ($Q^\\top Q = I$, $P^2 = P$, $CD = DC$, $M \\succ 0$,
   $J^\\top = -J$) or in words (SPD, a kernel / Gram / covariance / precision matrix, "it is
   symmetric" after the declaration, "where ... is symmetric" after the display) restricts the
   matrix: a counterexample at a matrix of independent entries is no evidence (false wrongs).
2. h(\\mathbf z + b) with b a vector (b \\in \\mathbb R^n, "a vector in R^n") is no shift by one number:
   the shift without \\mathbf 1 is read only for a letter the document says is a number (false holds).
3. A letter that one question uses as a length (D of R^{D x K}) and another declares a matrix is a
   matrix there: its products do not commute (false holds).
4. \\sum\\limits_{j=1}^K binds j as \\sum_{j=1}^K does; a subscript-free S(\\mathbf x + c) beside a
   side that writes the one entry x_1 is that entry, never the entry of a bound index (false wrong).
5. A sum with a Kronecker delta that keeps a term without it (\\sum_k y_k (\\delta_{kj} - p_j)) still
   sums y: the text may give that sum (a one-hot y sums to 1), so a wrong is doubted (false wrong).
'''
from __future__ import annotations

from types import SimpleNamespace

from checks.io.audit.run import audit_documents


def audit(text: str):
    doc = SimpleNamespace(name="doc.md", text=text, kind="markdown")
    return audit_documents([doc], cache=False, isolated=False).documents[0].steps


def statuses(text: str) -> dict:
    return {s.line: (s.status, s.reason or "") for s in audit(text)}


M1 = r"""# Linear algebra review

## Question 1

Let $A \in \mathbb{R}^{n \times n}$ and $\mathbf x \in \mathbb R^n$.

$$\nabla_{\mathbf x}\, \mathbf x^\top A \mathbf x = 2 A \mathbf x$$

where $A$ is symmetric.

## Question 2

Let $Q \in \mathbb{R}^{n \times n}$ with $Q^\top Q = I$.

$$(Q^\top)^{-1} = Q$$

## Question 3

Let $\Sigma \in \mathbb{R}^{d \times d}$ be the covariance matrix of the data.

$$(\Sigma^{-1})^\top = \Sigma^{-1}$$

## Question 4

Let $S \in \mathbb{R}^{n \times n}$ be SPD.

$$(S^{-1})^\top = S^{-1}$$

## Question 5

Let $P \in \mathbb{R}^{n \times n}$ satisfy $P^2 = P$.

$$(I - P)^2 = I - P$$
"""

M2 = r"""# Linear algebra review

## Question 1

Let $A \in \mathbb{R}^{n \times n}$ with $A = A^\top$.

$$(A^{-1})^\top = A^{-1}$$

## Question 2

Let $M \in \mathbb{R}^{n \times n}$, $M \succ 0$.

$$(M^{-1})^\top = M^{-1}$$

## Question 3

Let $B \in \mathbb{R}^{n \times n}$. We assume throughout that it is symmetric.

$$(B^{-1})^\top = B^{-1}$$

## Question 4

Let $C, D \in \mathbb{R}^{n \times n}$ with $CD = DC$.

$$(C + D)^2 = C^2 + 2CD + D^2$$

## Question 5

Let $K \in \mathbb{R}^{n \times n}$ be a kernel (Gram) matrix.

$$(K^{-1})^\top = K^{-1}$$
"""

M3 = r"""# Matrix exponential

## Question 3

Let $J \in \mathbb{R}^{n \times n}$ be a matrix with $J^\top = -J$.

$$e^{J} (e^{J})^\top = I$$
"""

M5 = r"""# Gaussian

## Question 1

Let $\Lambda \in \mathbb{R}^{d \times d}$ be invertible.

$$(\Lambda^{-1})^\top = \Lambda^{-1}$$

where $\Lambda$ is the (symmetric) precision matrix.
"""


def test_a_condition_in_maths_on_a_declared_matrix_doubts_a_wrong():
    got = statuses(M1)
    assert got[15][0] == "undecided" and "Q^\\top Q = I" in got[15][1]
    assert got[33][0] == "undecided" and "P^2 = P" in got[33][1]
    got = statuses(M2)
    assert got[13][0] == "undecided" and "M \\succ 0" in got[13][1]
    assert got[25][0] == "undecided" and "CD = DC" in got[25][1]     # capitals side by side: C and D
    got = statuses(M3)
    assert got[7][0] == "undecided" and "J^\\top = -J" in got[7][1]


def test_words_that_make_a_matrix_symmetric_or_definite_doubt_a_wrong():
    got = statuses(M1)
    assert got[21][0] == "undecided" and "covariance" in got[21][1]
    assert got[27][0] == "undecided" and "spd" in got[27][1]
    got = statuses(M2)
    assert got[31][0] == "undecided" and "kernel" in got[31][1]


def test_a_sentence_without_maths_speaks_of_the_last_matrix_declared():
    got = statuses(M2)
    assert got[19][0] == "undecided" and "symmetric" in got[19][1]


def test_the_paragraph_after_the_display_restricts_its_matrices():
    got = statuses(M1)
    assert got[7][0] == "undecided" and "symmetric" in got[7][1]
    got = statuses(M5)
    assert got[7][0] == "undecided" and "symmetric" in got[7][1]


def test_a_symmetric_condition_read_with_symmetric_entries_is_no_doubt():
    assert statuses(M2)[7][0] == "holds"


def test_a_matrix_without_a_condition_is_still_wrong():
    # the size declaration is no condition, nor is a definition of another letter from the matrix
    text = (r"""# Q

## Question 1

Let $B \in \mathbb{R}^{n \times n}$ and $L = \operatorname{tr}(B)$.

$$(B^{-1})^\top = B^{-1}$$
""")
    assert statuses(text)[7][0] == "wrong"
    # words without maths in another paragraph, with nothing referring back, say nothing of B
    text = (r"""# Q

## Question 1

Let $B \in \mathbb{R}^{n \times n}$ be given.

The noise is normal with a positive variance.

$$(B^{-1})^\top = B^{-1}$$
""")
    assert statuses(text)[9][0] == "wrong"


V1 = r"""# Softmax

## Question 2

Let $\mathbf z \in \mathbb R^K$, $b \in \mathbb R^K$ a bias vector, and

$$h(\mathbf z) = \log \sum_{k=1}^K e^{z_k}$$

$$h(\mathbf z + b) = h(\mathbf z) + b$$
"""

V2 = r"""# Softmax

## Question 2

Let $\mathbf z \in \mathbb R^n$ and let $b$ be a vector in $\mathbb R^n$. Define

$$L(\mathbf z) = \log \sum_{k=1}^n e^{z_k}$$

$$L(\mathbf z + b) = L(\mathbf z) + b$$
"""

V5 = r"""# Log-sum-exp

## Question 1

Let $\mathbf z \in \mathbb R^n$ and let $b \in \mathbb R^n$ be a bias vector. Define

$$h(\mathbf z) = \sum_{k=1}^n e^{z_k}$$

Then

$$h(\mathbf z + b) = e^{b}\, h(\mathbf z)$$
"""

SCALAR_SHIFTS = r"""# Log-sum-exp

## Question 1

Let $\mathbf z \in \mathbb R^n$ and $b \in \mathbb R$. Define

$$h(\mathbf z) = \log \sum_{k=1}^n e^{z_k}$$

$$h(\mathbf z + b) = h(\mathbf z) + b$$

## Question 2

Let $\mathbf z \in \mathbb R^n$ and a scalar $c$. Define

$$g(\mathbf z) = \log \sum_{k=1}^n e^{z_k}$$

$$g(\mathbf z + c) = g(\mathbf z) + 2c$$
"""


def test_a_function_of_a_vector_plus_a_bias_vector_is_no_shift_by_one_number():
    assert statuses(V1)[9][0] not in ("holds", "wrong")
    assert statuses(V2)[9][0] not in ("holds", "wrong")
    assert statuses(V5)[11][0] not in ("holds", "wrong")


def test_a_shift_by_a_letter_said_to_be_a_number_is_still_read():
    got = statuses(SCALAR_SHIFTS)
    assert got[9][0] == "holds"       # b \in \mathbb R
    assert got[17][0] == "wrong"      # "a scalar $c$": log-sum-exp moves by c, not 2c


def test_a_letter_said_a_scalar_in_prose_is_a_number():
    from checks.io.audit.arrays.vecfun import said_scalars
    said = said_scalars("Show that $S(\\mathbf{x} + c) = S(\\mathbf{x})$, where c is a scalar constant, "
                        "and z is a scalar function of \\mathbf{x}.")
    assert "c" in said and "z" not in said
    text = SCALAR_SHIFTS.replace("and a scalar $c$. Define", "where c is a scalar constant. Define")
    assert statuses(text)[17][0] == "wrong"


def test_shift_step_needs_the_letter_said_a_number():
    from checks.io.audit.arrays import vecfun
    from checks.io.audit.parse.chains import Step
    from checks.io.audit.document.context import Context
    ctx = Context()
    ctx.lets = {"S(...)_i": "softmax entries"}
    step = Step(1, (1, 1), "=", r"S(\mathbf{x} + c)_i", r"S(x)_i", "", None)
    assert vecfun.shift_step(step, ctx) == (step, {})
    assert vecfun.shift_step(step, ctx, frozenset({"c"}))[1] == {"from_": ("x", "c")}
    ctx.lets["c"] = "symbol"
    assert vecfun.shift_step(step, ctx)[1] == {"from_": ("x", "c")}


C1 = r"""# Homework 2

## Question 1

The data matrix is $X \in \mathbb{R}^{N \times d}$, one sample per row.

$$\frac{1}{N} \sum_{n=1}^{N} 1 = 1$$

## Question 2

For two square matrices $M$ and $N$ of the same size,

$$(M + N)^2 = M^2 + 2MN + N^2$$
"""

C2 = r"""# Homework 4

## Question 1

The embeddings form $Z \in \mathbb{R}^{D \times K}$.

$$\frac{1}{D} \sum_{i=1}^{D} 1 = 1$$

## Question 2

Let $D \in \mathbb{R}^{n \times n}$ be a diagonal scaling and $\mathbf{B}$ a weight matrix of the same size.

$$D^{1/2} \mathbf{B} D^{1/2} = D \mathbf{B}$$
"""


def test_a_length_of_one_question_declared_a_matrix_in_another_is_a_matrix_there():
    got = statuses(C1)
    assert got[7][0] == "holds"           # N the number of samples in its own question
    assert got[13][0] == "undecided" and "M, N are taken to commute" in got[13][1]
    got = statuses(C2)
    assert got[7][0] == "holds"
    assert got[13][0] == "undecided" and "D declared matrices" in got[13][1]


def test_lengths_in_a_question_leave_out_its_declared_matrices():
    from checks.io.audit.document.doubts import Prescan
    scan = Prescan.of(C2)
    qs = sorted({q for q, _ in scan.declared})
    assert len(qs) == 2
    assert "D" in scan.lengths_in(qs[0]) and "D" not in scan.lengths_in(qs[1])


V3 = r"""# Softmax

## Question 1

The softmax function $S$ of $\mathbf x \in \mathbb R^K$ has entries

$$S(\mathbf x) = \frac{e^{x_i}}{\sum\limits_{j=1}^K e^{x_j}}$$

Then

$$S(\mathbf x + c) = \frac{e^{x_1 + c}}{\sum\limits_{j=1}^K e^{x_j + c}}$$
"""

# the same with c said a number: the shift is read, and the entry is the one the right side writes
V3_SCALAR = r"""# Softmax

## Question 1

The softmax function $S$ of $\mathbf x \in \mathbb R^K$ has entries, for $c \in \mathbb R$,

$$S(\mathbf x) = \frac{e^{x_i}}{\sum\limits_{j=1}^K e^{x_j}}$$

Then

$$S(\mathbf x + c) = \frac{e^{x_1 + c}}{\sum\limits_{j=1}^K e^{x_j + c}}$$

$$S(\mathbf x + c) = \frac{e^{x_i + c}}{\sum\limits_{j=1}^K e^{x_j + c}}$$

$$S(\mathbf x + c) = \frac{e^{x_i + c}}{\sum\limits_{j=1}^K e^{x_j}}$$
"""


def test_a_softmax_beside_its_first_entry_is_never_wrong():
    assert statuses(V3)[11][0] != "wrong"
    got = statuses(V3_SCALAR)
    assert got[11][0] != "wrong"
    assert got[13][0] == "holds"
    assert got[15][0] == "wrong"      # the shift missing from the denominator: a real error


def test_entry_step_binds_limits_sums_and_takes_a_numbered_entry():
    from checks.io.audit.arrays import vecfun
    from checks.io.audit.parse.chains import Step
    lets = {"S(...)_i": "softmax entries"}
    bound = Step(1, (1, 1), "=", r"S(\mathbf x)", r"\frac{e^{x_1}}{\sum\limits_{j=1}^K e^{x_j}}", "", None)
    read_as, said = vecfun.entry_step(bound, lets)
    assert read_as.from_ == r"S(\mathbf x)_{1}" and "entry 1" in said     # j is bound, not the entry
    free = Step(1, (1, 1), "=", r"S(\mathbf x)", r"\frac{e^{x_i}}{\sum\nolimits_{j} e^{x_j}}", "", None)
    assert vecfun.entry_step(free, lets)[0].from_ == r"S(\mathbf x)_{i}"
    both = Step(1, (1, 1), "=", r"S(\mathbf x)", r"\frac{e^{x_i}}{e^{x_1} + e^{x_2}}", "", None)
    assert vecfun.entry_step(both, lets) == (both, None)    # x_i beside x_1: which entry is not forced


ONEHOT2 = r"""# Softmax regression

## Question 1

Let $\mathbf x \in \mathbb R^K$ be the logits and $\mathbf y$ a one-hot label.
The loss is $L = -\sum_{k=1}^K y_k \log \frac{e^{x_k}}{\sum_{m=1}^K e^{x_m}}$ and $p_j = \frac{e^{x_j}}{\sum_{m=1}^K e^{x_m}}$.

$$\frac{\partial}{\partial x_j}\left(-\sum_{k=1}^K y_k \log \frac{e^{x_k}}{\sum_{m=1}^K e^{x_m}}\right) = \frac{e^{x_j}}{\sum_{m=1}^K e^{x_m}} - y_j$$

$$\frac{\partial}{\partial x_j}\left(-\sum_{k=1}^K y_k x_k + \sum_{k=1}^K y_k \log \sum_{m=1}^K e^{x_m}\right) = \frac{e^{x_j}}{\sum_{m=1}^K e^{x_m}} - y_j$$
"""


def test_a_delta_sum_with_a_term_beside_the_delta_keeps_the_sum_doubt():
    got = statuses(ONEHOT2)
    assert got[8][0] == "undecided" and "the sum over y on one side only" in got[8][1]
    assert got[10][0] == "undecided" and "the sum over y on one side only" in got[10][1]


def test_array_sums_term_by_term():
    import sympy as sp
    from checks.io.audit.planning.plan import _array_sums
    j, k, K = sp.symbols("j k K", integer=True)
    x, y = sp.IndexedBase("x"), sp.IndexedBase("y")
    p = sp.Function("p")(j)
    kept = sp.Sum(y[k] * (sp.KroneckerDelta(k, j) - p), (k, 1, K))
    assert _array_sums(kept, y[j] - p, frozenset({"x"})) != []
    picked = sp.Sum(sp.KroneckerDelta(k, j) * sp.exp(x[k]), (k, 1, K))     # the delta picks x_j
    assert _array_sums(picked, sp.exp(x[j]), frozenset({"x"})) == []
