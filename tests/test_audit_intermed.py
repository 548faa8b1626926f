"""Derivatives by defined intermediates (intermed.py) and through recurrences (recurdiff.py).

A derivative of a defined name by a name its formula is written in is the partial of the formula
as written, the other written names held (the convention of backprop derivations), unless the
formula is also written in a name the variable is made of (then: undecided, named). A derivative
of a recurrence's term by its start, an earlier state, an input or a parameter is checked by
unrolling the recurrence at each time of a small range (``bounded``), a wrong only with an exact
difference (or the engine's certified point) at a time inside the range the text states.
Every verdict below is the engine's; the documents are written in other courses' styles.
"""
from __future__ import annotations

from pathlib import Path

from audited import audit_all, one_at as at, shown

DOCS = Path(__file__).parent / "audit_docs"
REDTEAM = Path(__file__).parent / "audit_redteam"

GRU = r"""## Exercise 3: a scalar GRU cell

The update gate is $z = \sigma(a)$ with $a = w_z x + u_z r$, and the candidate is $\tilde{h} = \tanh(c)$
with $c = w x + v q$. The new state mixes the old state $p$ and the candidate:

$$h = (1 - z) p + z \tilde{h}$$

(a) The gate derivatives:

$$\frac{\partial h}{\partial z} = \tilde{h} - p$$

$$\frac{\partial h}{\partial \tilde{h}} = z$$

$$\frac{\partial z}{\partial a} = z (1 - z)$$

(b) A slip:

$$\frac{\partial h}{\partial \tilde{h}} = 1 - z$$
"""

GRU_TIED = r"""## Exercise 4: a GRU whose gate reads the old state

The gate is $z = \sigma(w_z x + u_z p)$ and the candidate is $\tilde{h} = \tanh(w x + v p)$. The new state:

$$h = (1 - z) p + z \tilde{h}$$

$$\frac{\partial h}{\partial z} = \tilde{h} - p$$

$$\frac{\partial h}{\partial z} = p - \tilde{h}$$
"""

BATCHNORM = r"""# Problem 2 — batch norm, backward

Over a batch $x_1, \dots, x_m$ let $\mu = \frac{1}{m} \sum_{i=1}^m x_i$, $v = \frac{1}{m} \sum_{i=1}^m (x_i - \mu)^2$,
$\hat{x}_i = \frac{x_i - \mu}{\sqrt{v + \epsilon}}$ and $y_i = \gamma \hat{x}_i + \beta$.

$$\frac{\partial y_i}{\partial \hat{x}_i} = \gamma$$

$$\frac{\partial \hat{x}_i}{\partial v} = -\frac{1}{2} (x_i - \mu) (v + \epsilon)^{-3/2}$$

$$\frac{\partial y_i}{\partial \hat{x}_i} = 2 \gamma$$
"""

SCORES = r"""**Q5** Logistic loss through named scores. Let $a = w^\top x$ and $b = v^\top x$, and

$$\ell = \log(1 + e^{-a}) + \frac{1}{2} b^2$$

$$\frac{\partial \ell}{\partial a} = -\sigma(-a)$$

$$\frac{\partial \ell}{\partial b} = b$$

$$\frac{\partial \ell}{\partial a} = \sigma(-a)$$
"""

TANH_RNN = r"""# Backpropagation through time for a scalar tanh RNN

**Problem 1.** A scalar RNN has state $h_t = \tanh(w h_{t-1} + u x_t)$ for $t \ge 1$, with $h_0 = 0$.

(a) One step back:

$$\frac{\partial h_t}{\partial h_{t-1}} = w (1 - h_t^2)$$

(b) Many steps back, for $0 \le k \le t$:

$$\frac{\partial h_t}{\partial h_k} = \prod_{j=k+1}^{t} w (1 - h_j^2)$$

(c) A slip in the limits of the product, for $0 \le k < t$:

$$\frac{\partial h_t}{\partial h_k} = \prod_{j=k}^{t} w (1 - h_j^2)$$

(d) The input at time $k$, for $1 \le k \le t$:

$$\frac{\partial h_t}{\partial x_k} = u (1 - h_k^2) \prod_{j=k+1}^{t} w (1 - h_j^2)$$
"""

LINEAR_RNN = r"""\documentclass{article}
\begin{document}
\section*{Exercise 4: gradients of a linear recurrence}
Let $s_n = \lambda s_{n-1} + c\, u_n$ for $n \ge 1$, with $s_0 = 1$.
\begin{enumerate}
\item The sensitivity to the start:
\[ \frac{\partial s_n}{\partial s_0} = \lambda^{n-1} \]
\item The sensitivity to an input, for $1 \le m \le n$:
\[ \frac{\partial s_n}{\partial u_m} = c \lambda^{n-m} \]
\item The sensitivity to the decay:
\[ \frac{\partial s_2}{\partial \lambda} = 2 \lambda + c u_1 \]
\item The same start, written right:
\[ \frac{\partial s_n}{\partial s_0} = \lambda^{n} \]
\item Recursively, right and then with a factor dropped:
\[ \frac{\partial s_2}{\partial \lambda} = s_1 + \lambda \frac{\partial s_1}{\partial \lambda} \]
\[ \frac{\partial s_2}{\partial \lambda} = s_1 + \frac{\partial s_1}{\partial \lambda} \]
\end{enumerate}
\end{document}
"""

NO_RANGE = r"""# Q3

An RNN without nonlinearity: $h_t = a h_{t-1} + b x_t$ for $t \ge 1$, from $h_0 = 0$.

$$\frac{\partial h_t}{\partial x_k} = b a^{t-k+1}$$
"""

MATRIX_RNN = r"""**Q2.** A vector RNN: $\mathbf h_t = W \mathbf h_{t-1} + U \mathbf x_t$ for $t \ge 1$, from $\mathbf h_0 = 0$.

$$\frac{\partial \mathbf h_t}{\partial \mathbf h_0} = W^t$$

A second one: $g_t = W g_{t-1} + x_t$ for $t \ge 1$, with $g_0 = 0$.

$$\frac{\partial g_t}{\partial g_0} = W^{t+1}$$
"""


SINCE = r"""**Q7.** Two tied embeddings. Let $p = u_1^\top c$ and $q = u_2^\top c$, and

$$L = \log \sigma(p) + \log \sigma(q)$$

When both words are the same word $u$:

$$\log \sigma(p) + \log \sigma(q) = 2 \log \sigma(u^\top c) \quad \text{since } p = q = u^\top c$$

$$\log \sigma(p) + \log \sigma(q) = \log \sigma(u^\top c) \quad \text{since } p = q = u^\top c$$
"""


def _audit():
    if not hasattr(_audit, "got"):
        _audit.got = audit_all({"gru": GRU, "tied": GRU_TIED, "bn": BATCHNORM, "scores": SCORES,
                                "tanh": TANH_RNN, "norange": NO_RANGE, "matrix": MATRIX_RNN,
                                "since": SINCE})
        _audit.got.update(audit_all({"linear": LINEAR_RNN}, kind="latex"))
    return _audit.got


# -- derivatives by defined intermediates -------------------------------------------------------
def test_gate_derivatives_hold_with_the_other_written_names_held():
    got = _audit()["gru"]
    for line in (10, 12, 14):
        assert at(got, line).status == "holds", shown(got)
    said = " ".join(at(got, 10).reading.assumptions)
    assert "held" in said and "\\tilde{h}" in said and "p" in said     # the convention is shown


def test_a_planted_gate_slip_is_wrong():
    got = _audit()["gru"]
    step = at(got, 18)
    assert step.status == "wrong", shown(got)
    assert step.counterexample is not None


def test_partial_by_a_gate_made_of_a_name_the_formula_also_uses_is_ambiguous():
    """h = (1 - z) p + z \\tilde h with z = \\sigma(w_z x + u_z p): by z holding p, or in total?
    Neither the true step nor the sign slip is decided; the reason names p."""
    got = _audit()["tied"]
    for line in (7, 9):
        step = at(got, line)
        assert step.status == "undecided", shown(got)
        assert "the total derivative" in step.reason and "p" in step.reason


def test_batch_norm_intermediates():
    got = _audit()["bn"]
    assert at(got, 6).status == "holds", shown(got)
    # \hat x_i by v: \hat x is also written in x and \mu, which v is made of
    assert at(got, 8).status == "undecided" and "total derivative" in at(got, 8).reason, shown(got)
    assert at(got, 10).status == "wrong", shown(got)


def test_named_scores_of_a_loss():
    got = _audit()["scores"]
    assert at(got, 5).status == "holds", shown(got)
    assert at(got, 7).status == "holds", shown(got)
    assert at(got, 9).status != "holds", shown(got)      # the sign slip: never holds


def test_word2vec_scores_by_their_names():
    """tests/audit_docs/07: s and t_k written for u_o^T v_c and u_{w_k}^T v_c, then J_neg in them."""
    got = audit_all({"w2v": (DOCS / "07_word2vec_negative_sampling.md").read_text()})["w2v"]
    steps = [s for s in got if s.line == 36]
    assert [s.status for s in steps] == ["holds"] * 4, shown(steps)
    assert any("held" in a for a in steps[0].reading.assumptions)


def test_a_since_note_beside_the_step_is_its_hypothesis():
    """``\\text{since } p = q = u^\\top c``: p and q put in before the definitions, for that step
    alone; a holds says it used the note, a step wrong with it is not called wrong."""
    got = _audit()["since"]
    good, bad = at(got, 7), at(got, 9)
    assert good.status == "holds" and "since" not in (good.reason or ""), shown(got)
    assert "p = q = u^\\top c" in good.detail
    assert bad.status == "undecided" and "facts put in" in bad.reason, shown(got)


def test_word2vec_tied_negatives_use_the_note():
    got = audit_all({"w2v": (DOCS / "07_word2vec_negative_sampling.md").read_text()})["w2v"]
    step = [s for s in got if s.line == 63][1]
    assert step.status == "holds", shown(got)
    assert "t_1 = t_2 = u_w^\\top v_c" in step.detail


# -- derivatives through a recurrence -----------------------------------------------------------
def test_bptt_product_holds_over_the_times_checked():
    got = _audit()["tanh"]
    for line in (7, 11, 19):
        step = at(got, line)
        assert step.status == "holds" and step.strength == "bounded", shown(got)
    assert "k in 0..t" in at(got, 11).detail or "k in 0..t" in str(at(got, 11).reading), shown(got)


def test_bptt_product_with_an_extra_factor_is_wrong():
    got = _audit()["tanh"]
    step = at(got, 15)
    assert step.status == "wrong", shown(got)
    assert "t = 1, k = 0" in step.reading.to          # the rows, in order, for the entry named


def test_linear_recurrence_start_input_and_parameter():
    got = _audit()["linear"]
    wrong = at(got, 7)
    assert wrong.status == "wrong", shown(got)
    assert "at n = 1" in wrong.reason and "1 - \\lambda" in wrong.reason
    for line in (9, 11, 13):
        assert at(got, line).status == "holds", shown(got)
        assert at(got, line).strength == "bounded"


def test_recursive_form_with_derivatives_of_earlier_terms():
    got = _audit()["linear"]
    assert at(got, 15).status == "holds", shown(got)
    wrong = at(got, 16)
    # a \partial by a parameter, unsaid: total or immediate (review B24 #4); never holds, no certain wrong
    assert wrong.status == "undecided" and "immediate" in wrong.reason, shown(got)


def test_redteam_rnn_parameter_derivatives_at_numbered_times():
    got = audit_all({"rnn": (REDTEAM / "19_rnn_time_labels.md").read_text()})["rnn"]
    assert [s.status for s in got if s.line == 11][0] == "holds", shown(got)
    # the path through h_1 is missing, or the immediate derivative is meant (review B24 #4): no certain wrong
    assert at(got, 13).status == "undecided" and "immediate" in at(got, 13).reason, shown(got)


def test_input_derivative_without_a_stated_range_is_not_wrong():
    got = _audit()["norange"]
    step = at(got, 5)
    assert step.status == "undecided", shown(got)
    assert "no range of k" in step.reason


def test_matrices_are_not_read_as_numbers():
    got = _audit()["matrix"]
    for line in (3, 7):
        step = at(got, line)
        assert step.status == "undecided" and "vector or matrix" in step.reason, shown(got)


def test_redteam_linear_rnn_off_by_one():
    got = audit_all({"rnn": (REDTEAM / "103_returns_ema_linear_rnn.tex").read_text()}, kind="latex")["rnn"]
    assert at(got, 24).status == "holds" and at(got, 24).strength == "bounded", shown(got)
    step = at(got, 25)
    assert step.status == "wrong", shown(got)
    assert "t = 1, k = 1" in step.reason and "b*(a - 1)" in step.reason
