"""Functions of a whole vector that a document writes with the vector's entries (vecfun.py):
h(\\mathbf{x}) = \\sum_k e^{x_k} used as h(x) beside x_j, a function of it passed on
(g(x) = \\log h(x)), a scalar x of an earlier part before the vector is declared, and the traps
that must stay not read (a scalar x beside the vector x, h applied to another name)."""
from __future__ import annotations

import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.arrays import vecfun


def _by_line(text, kind="markdown"):
    out = {}
    for s in audit_text(text, kind, cache=False, jobs=1).documents[0].steps:
        out.setdefault(s.line, []).append(s)
    return out


# -- the bold parameter and the letter of its entries --------------------------------------------

def test_the_bold_parameter_is_the_vector_of_its_entries():
    x = sp.IndexedBase("x", real=True)
    k = sp.Symbol("k", integer=True)
    body = sp.Sum(sp.exp(x[k]), (k, 1, sp.Symbol("n", integer=True)))
    assert vecfun.plain_letter(r"\mathbf{x}") == "x"
    assert vecfun.plain_letter(r"\boldsymbol{\theta}") == r"\theta"
    assert vecfun.plain_letter(r"\hat{x}") is None
    assert vecfun.entry_label(r"\mathbf{x}", body) == "x"
    # the body also writes x (or \mathbf{x}) as one value: no function of the entries alone
    assert vecfun.entry_label(r"\mathbf{x}", body + sp.Symbol("x", real=True)) is None
    assert vecfun.entry_label(r"\mathbf{x}", body * sp.Symbol(r"\mathbf{x}", real=True)) is None
    # entries of another letter: w of h(\mathbf{w}) = \sum_k e^{x_k} is not x
    assert vecfun.entry_label(r"\mathbf{w}", body) is None


LOG_SUM_EXP = r"""# Problem set 3

## Question 2

Let $\mathbf z \in \mathbb R^K$ with entries $z_k$, and

$$h(\mathbf z) = \sum_{k=1}^{K} e^{z_k}$$

We write $h(z)$ for $h(\mathbf z)$.

**(a)** For each $j$,

$$\frac{\partial h(z)}{\partial z_j} = e^{z_j}$$

**(b)** For $g(z) = \log h(z)$,

$$\frac{\partial g(z)}{\partial z_j} = \frac{1}{h(z)} \frac{\partial h(z)}{\partial z_j} = \frac{e^{z_j}}{\sum_{k=1}^{K} e^{z_k}}$$

**(c)** Then

$$\frac{\partial g(z)}{\partial z_j} = \frac{e^{z_j}}{h(z)^2}$$
"""


def test_log_sum_exp_of_the_bold_vector_is_read_and_checked():
    steps = _by_line(LOG_SUM_EXP)
    assert [s.status for s in steps[7]] == ["definition"]
    assert [s.status for s in steps[13]] == ["holds"]
    # g(z) = log h(z) passes the vector on to h: both steps of (b) hold
    assert [s.status for s in steps[17]] == ["holds", "holds"]
    assert "z[k]" in steps[17][0].reading.from_
    # (c) drops a factor h(z): a certified counterexample
    assert [s.status for s in steps[21]] == ["wrong"]


SCALAR_THEN_VECTOR = r"""\documentclass{article}
\begin{document}
\section*{Question 3}

\textbf{3(a).} For a real number $u$, $q(u) = \log(1 + e^{u})$ and
\begin{equation*}
\frac{d}{du} \log(1 + e^{u}) = \frac{1}{1 + e^{-u}} .
\end{equation*}

\textbf{3(b).} Now let $\mathbf{u} \in \mathbb{R}^m$ with entries $u_i$ and
\begin{equation*}
Q(\mathbf{u}) = \sum_{i=1}^{m} \log\left(1 + e^{u_i}\right) .
\end{equation*}
Then
\begin{equation*}
\frac{\partial Q(u)}{\partial u_l} = \frac{1}{1 + e^{-u_l}} .
\end{equation*}
\end{document}
"""


def test_a_vector_declared_after_a_scalar_opens_its_own_reading():
    steps = _by_line(SCALAR_THEN_VECTOR, "latex")
    assert [s.status for s in steps[7]] == ["holds"]          # u the number of 3(a)
    assert [s.status for s in steps[16]] == ["holds"]         # u the vector of 3(b), declared at line 10
    assert "u[l]" in steps[16][0].reading.to


VECTOR_THEN_SCALAR = r"""# Question 1

Let $\mathbf x \in \mathbb R^n$ with entries $x_k$ and $h(\mathbf x) = \sum_{k=1}^n x_k^2$.

$$e^{x} \ge 1 + x$$

$$\frac{\partial h(x)}{\partial x_j} = 3 x_j$$

# Question 2

Let $\mathbf w \in \mathbb R^n$ with entries $w_k$ and $f(\mathbf w) = \sum_{k=1}^n w_k^2$.

$$f(y) + y = \sum_{k=1}^n w_k^2 + y$$
"""


def test_traps_a_scalar_after_the_vector_and_another_argument_stay_not_read():
    steps = _by_line(VECTOR_THEN_SCALAR)
    # x a number after the vector was declared, in the same question: which x is h applied to?
    assert [s.status for s in steps[7]] == ["not_read"]
    assert "x is used both as a vector" in steps[7][0].reason
    # f defined on the vector w, applied to y: its body would keep w's entries
    assert [s.status for s in steps[13]] == ["not_read"]
    assert r"defined at line 11 on the vector \mathbf{w}" in steps[13][0].reason


WEIGHTED = r"""# Question 4

Let $\mathbf{x} \in \mathbb{R}^n$ with entries $x_k$. For the weighted sum
$g(\mathbf{x}) = \sum_{k=1}^{n} c_k \log(1 + e^{x_k})$ with fixed weights $c_k$,

$$\frac{\partial g(x)}{\partial x_j} = c_j \sigma(x_j)$$

$$\frac{\partial g(x)}{\partial x_j} = \sum_{k=1}^{n} c_k \sigma(x_k)$$
"""


def test_a_sum_over_the_varied_vector_is_no_value_said_in_words():
    steps = _by_line(WEIGHTED)
    assert [s.status for s in steps[6]] == ["holds"]
    # only the j-th term depends on x_j: wrong, with c_k read as the constants the text fixes
    assert [s.status for s in steps[8]] == ["wrong"]
    assert any("c_k read as constant" in a for a in steps[8][0].reading.assumptions)


def test_array_sums_keeps_its_doubt_for_arrays_the_step_does_not_vary():
    from checks.io.audit.planning.plan import _array_sums
    x, y, p = (sp.IndexedBase(n, real=True) for n in "xyp")
    j, k = sp.symbols("j k", integer=True)
    n = sp.Symbol("n", integer=True)
    left = p[j] * sp.Sum(y[k], (k, 1, n))          # a one-hot y may sum to 1, said in words
    assert _array_sums(left, p[j], frozenset({"x"}))
    moved = sp.Sum(sp.exp(x[k]), (k, 1, n))        # x is differentiated by in the step: it moves
    assert not _array_sums(moved, p[j], frozenset({"x"}))
    assert _array_sums(moved, p[j], frozenset())
    d = sp.Derivative(sp.Function("g")(x[j]), x[j])
    assert vecfun.differentiated(d, p[j]) == {"x"}


COMPOSITE_LOSS = r"""### 2.3 The squared error of the network's output

Let $\ell(h(\mathbf{x}, \mathbf{w}), t)$ be the squared error of the output $h(\mathbf{x}, \mathbf{w})$
on a training example $(\mathbf{x}, t)$:

$$\ell(h(\mathbf{x}, \mathbf{w}), t) = (h(x, w) - t)^2$$

### 2.4

$$\frac{\partial \ell(h(\mathbf{x}, \mathbf{w}), t)}{\partial h(\mathbf{x}, \mathbf{w})} = 2(h(\mathbf{x}, \mathbf{w}) - t)$$

### 2.5

$$\frac{\partial \ell(h(\mathbf{x}, \mathbf{w}), t)}{\partial h(\mathbf{x}, \mathbf{w})} = 2(t - h(\mathbf{x}, \mathbf{w}))$$
"""


def test_a_loss_of_a_composite_written_plain_in_its_body_is_read():
    steps = _by_line(COMPOSITE_LOSS)
    assert [s.status for s in steps[6]] == ["definition"]
    assert [s.status for s in steps[10]] == ["holds"]
    # the sign flipped: wrong as read, kept undecided by the quantity's unknown range (plan.py)
    assert [s.status for s in steps[14]] == ["undecided"]
    assert steps[14][0].reason.startswith("wrong as read")


SOFTMAX_ENTRY = r"""## Q3.1 The softmax

The softmax of $\mathbf{z} \in \mathbb{R}^K$ is $S(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}$. Shifting by $c$,

$$S(\mathbf{z} + c)_i = \frac{e^{z_i + c}}{\sum_{j=1}^{K} e^{z_j + c}} = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}} = S(\mathbf{z})$$

$$S(\mathbf{z} + c)_i = \frac{e^{z_i + c}}{\sum_{j=1}^{K} e^{z_j + c}} = \frac{e^{2 z_i}}{\sum_{j=1}^{K} e^{z_j}} = S(\mathbf{z})$$

$$\frac{e^{z_i}}{e^{z_l}} = e^{z_i - z_l} = S(\mathbf{z})$$
"""


def test_a_subscript_free_softmax_is_the_entry_its_other_side_forces():
    steps = _by_line(SOFTMAX_ENTRY)
    last = steps[5][-1]
    assert last.status == "holds" and any("read as its entry i" in a for a in last.reading.assumptions)
    # the free index i forces the entry: e^{2 z_i} / sum_j e^{z_j} is certainly not S(z)_i
    assert steps[7][-1].status == "wrong"
    assert any("read as its entry i" in a for a in steps[7][-1].reading.assumptions)
    # two free indices (i, l): which entry is not forced; never wrong, no entry reading
    trap = steps[9][-1]
    assert trap.status != "wrong"
    assert not trap.reading or not any("entry" in a for a in trap.reading.assumptions)


def test_entry_step_needs_exactly_one_free_index():
    from checks.io.audit.parse.chains import Step
    lets = {"S(...)_i": "softmax entries"}
    step = Step(1, (1, 1), "=", r"S(\mathbf{x})", r"\frac{e^{x_i}}{\sum_j e^{x_j}}", "", None)
    read_as, said = vecfun.entry_step(step, lets)
    assert read_as.from_ == r"S(\mathbf{x})_{i}" and "entry i" in said
    bound = Step(1, (1, 1), "=", r"S(\mathbf{x})", r"\sum_i e^{x_i}", "", None)
    assert vecfun.entry_step(bound, lets) == (bound, None)      # i bound by the sum: no free index
    assert vecfun.entry_step(step, {}) == (step, None)           # S not defined by its entries


SOFTMAX_BY_ITS_ENTRY = r"""## 5.1 Softmax

For $z \in \mathbb R^C$ the softmax is defined entry-wise:

$$P(z) = \frac{e^{z_i}}{\sum_{m=1}^{C} e^{z_m}}$$

## 5.2 Negative log-likelihood of the class $y$

The loss is $\ell(z) = -\log P(z)_y$.

$$\ell(z) = -z_y + \log \sum_{m=1}^C e^{z_m}$$

$$\frac{\partial \ell(z)}{\partial z_y} = P(z)_y - 1$$

$$\frac{\partial \ell(z)}{\partial z_y} = 1 - P(z)_y$$
"""


def test_the_softmax_components_take_the_size_of_its_own_entry_formula():
    steps = _by_line(SOFTMAX_BY_ITS_ENTRY)
    assert [s.status for s in steps[5]] == ["definition"]
    # P(z)_y over the C of line 5 (not a size of its own): the restated loss agrees and holds
    assert [s.status for s in steps[11]] == ["holds"]
    assert "(m, 1, C)" in steps[11][0].reading.to and "N_" not in steps[11][0].reading.from_
    assert [s.status for s in steps[13]] == ["holds"]
    assert [s.status for s in steps[15]] == ["wrong"]


SHIFTED = r"""## Q4 Log-sum-exp under a shift

For $\mathbf{v} \in \mathbb{R}^n$ with entries $v_k$ and a number $b$, let
$F(\mathbf{v}) = \log \sum_{k=1}^{n} e^{v_k}$.

$$F(\mathbf{v} + b\mathbf{1}) = F(\mathbf{v}) + b$$

$$F(\mathbf{v} + b\mathbf{1}) = F(\mathbf{v}) + 2b$$

$$F(\mathbf{v} + \mathbf{w}) = F(\mathbf{v}) + b$$
"""


def test_a_function_of_the_vector_at_the_vector_shifted_by_a_number():
    steps = _by_line(SHIFTED)
    assert [s.status for s in steps[6]] == ["holds"]
    assert "b + v[k]" in steps[6][0].reading.from_
    assert [s.status for s in steps[8]] == ["wrong"]
    # a vector added (\mathbf{w}): no shift by one number, not read as one
    assert steps[10][0].status not in ("holds", "wrong")


def test_shift_step_reads_the_call_at_the_vector_and_keeps_the_shift():
    from checks.io.audit.parse.chains import Step
    from checks.io.audit.document.context import Context
    ctx = Context()
    ctx.lets = {"S(...)_i": "softmax entries"}
    step = Step(1, (1, 1), "=", r"S(x + a \mathbf 1)_i", r"S(x)_i", "", None)
    read_as, shifts = vecfun.shift_step(step, ctx)
    assert read_as.from_ == "S(x)_i" and shifts == {"from_": ("x", "a")}
    ctx.arrays_seen = {"c"}    # c written with entries c_k: x + c is entry by entry, no one number
    plain = Step(1, (1, 1), "=", r"S(\mathbf{x} + c)_i", r"S(x)_i", "", None)
    assert vecfun.shift_step(plain, ctx) == (plain, {})
