"""Recurrences and their unrolled forms (recur.py, hooked in plan.Planner._define_or_check).

A sequence defined by a recurrence (``m_t = \\beta m_{t-1} + (1 - \\beta) g_t``) and then given a
closed form (``m_t = (1 - \\beta) \\sum_{k=1}^t \\beta^{t-k} g_k``) is checked by unrolling the
recurrence exactly from its stated initial value for the first times: ``holds`` at most
``bounded`` (over those times), ``wrong`` with the time and the exact residual, ``undecided``
when the text does not give what the check needs (an initial value, the same sequence on both
sides, no new case). The statuses are the engine's (nothing is stubbed).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.planning import recur
from checks.io.audit.document.context import Definition
from checks.io.audit.parse.load import load
from checks.io.audit.run import audit_documents

from audited import audit_all, one_at as at

SEEDS = Path("/work/shared/seeds")

MOMENTUM = r"""# Q1

Momentum keeps a moving average of the gradients $g_t$, started at $m_0 = 0$, with $0 < \beta < 1$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

Unrolling the recursion,

$$m_t = (1 - \beta) \sum_{k=1}^{t} \beta^{t-k} g_k$$
"""

ADAM = r"""# Exercise 1

Adam keeps two moving averages, $m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$ and
$v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2$, with $m_0 = v_0 = 0$ and $0 < \beta_1, \beta_2 < 1$.

(a) Unroll both.

$$m_t = (1 - \beta_1) \sum_{k=1}^{t} \beta_1^{t-k} g_k$$

$$v_t = (1 - \beta_2) \sum_{k=1}^{t} \beta_2^{t-k} g_k^2$$
"""

EMA = r"""# Q1

An exponential moving average of the parameters $\theta_t$ with $e_0 = 0$ and $0 < \lambda < 1$:

$$e_t = \lambda e_{t-1} + (1 - \lambda) \theta_t$$

Unrolled, it is

$$e_t = (1 - \lambda) \sum_{k=1}^{t} \lambda^{t-k} \theta_k$$

and its bias-corrected value is

$$\hat{e}_t = \frac{e_t}{1 - \lambda^t}$$
"""

RNN = r"""# Q1

A linear recurrent network, $h_t = a h_{t-1} + b x_t$ for $t \ge 1$. Whatever its initial state,

$$h_t = a^t h_0 + b \sum_{k=1}^{t} a^{t-k} x_k$$
"""

SECOND_ORDER = r"""# Q1

With $s_0 = 0$ and $s_1 = 1$:

$$s_t = 2 s_{t-1} - s_{t-2}$$

so that for $t \ge 2$,

$$s_t = t$$
"""

# planted errors
EXPONENT = r"""# Q1

A linear recurrent network with $h_0 = 0$:

$$h_t = a h_{t-1} + b x_t$$

so that

$$h_t = b \sum_{k=1}^{t} a^{t-k+1} x_k$$
"""

NO_DAMPING = r"""# Q1

The second moment, with $v_0 = 0$ and $0 < \beta_2 < 1$:

$$v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2$$

Unrolled:

$$v_t = \sum_{k=1}^{t} \beta_2^{t-k} g_k^2$$
"""

# traps
NO_INITIAL = r"""# Q1

Momentum with $0 < \beta < 1$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

Unrolling the recursion,

$$m_t = (1 - \beta) \sum_{k=1}^{t} \beta^{t-k} g_k + \beta^{t+1}$$
"""

NEW_CASE = r"""# Q1

An average started at $u_0 = 0$:

$$u_t = \mu u_{t-1} + g_t$$

With a constant gradient $g$ the average is

$$u_t = g \frac{1 - \mu^{t+1}}{1 - \mu}$$
"""

OTHER_QUESTION = r"""# Q1

Momentum started at $m_0 = 0$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

# Q2

A new question defines its own sequence:

$$m_t = \sum_{k=1}^{t} g_k$$
"""

ZERO_IN_WORDS = r"""# Q1

The buffer is initialised at zero, $m_t = \beta m_{t-1} + (1 - \beta) g_t$ for $t \ge 1$, so that

$$m_t = (1 - \beta) \sum_{k=1}^{t} \beta^{t-k} g_k + \beta^t m_0$$

# Q2

The buffer $s$ is initialised at zero:

$$s_{t+1} = \beta s_t + g_t$$

so that

$$s_{t+1} = \sum_{k=1}^{t} \beta^{t-k} g_k$$
"""

OTHER_INDICES = r"""# Q1

With $s_{0,i} = 0$:

$$s_{t+1,i} = \beta s_{t,i} + (1 - \beta) g_t$$

Unrolled,

$$s_{t+1,i} = (1 - \beta) \sum_{k=0}^{t} \beta^{t-k} g_{k,i}$$
"""

RETURNS = r"""# Q1

The return of an episode that ends at $T$, with $G_T = 0$ and $0 < \gamma < 1$:

$$G_t = r_{t+1} + \gamma G_{t+1}$$

Unrolling it to the end,

$$G_t = \sum_{k=0}^{T-t-1} \gamma^k r_{t+k+1}$$

# Q2

The return with $G_T = 0$ and $0 < \gamma < 1$:

$$G_t = r_{t+1} + \gamma G_{t+1}$$

so that

$$G_t = \sum_{k=0}^{T-t-1} \gamma^{k+1} r_{t+k+1}$$

# Q3

The return satisfies $G_t = r_{t+1} + \gamma G_{t+1}$ with $0 < \gamma < 1$, so

$$G_t = \sum_{k=0}^{\infty} \gamma^k r_{t+k+1}$$

# Q4

With $G_T = 0$, $G_t = r_{t+1} + \gamma G_{t+1}$ gives

$$G_t = \sum_{k=0}^{\infty} \gamma^k r_{t+k+1}$$
"""

BEFORE_THE_START = r"""# Q1

Momentum from $m_0 = 0$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

so

$$m_t = (1 - \beta) \sum_{k=0}^{t} \beta^{t-k} g_k$$

# Q2

Momentum from $m_0 = 0$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

so

$$m_t = (1 - \beta) \sum_{k=1}^{t+1} \beta^{t+1-k} g_k$$
"""

ANEW = r"""# Q1

Momentum from $m_0 = 0$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

Let $m_t$ be the plain sum of the gradients instead:

$$m_t = \sum_{k=1}^{t} g_k$$

# Q2

Momentum from $m_0 = 0$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

Now the running sum of the gradients:

$$m_t = \sum_{k=1}^{t} g_k$$
"""

RANGES = r"""# Q1

With $s_1 = 5$:

$$s_t = s_{t-1} + 2$$

so that

$$s_t = 2t + 3 \quad \text{for } t \ge 1$$

# Q2

With $m_0 = 0$:

$$m_t = \beta m_{t-1} + g_t$$

and so

$$m_t = \sum_{k=1}^{t} \beta^{t-k} g_k \quad \text{for } 1 \le t \le 2$$

# Q3

With $c_0 = 0$:

$$c_t = c_{t-1} + 1$$

and then

$$c_t = t + (t-2)(t-3)(t-4)(t-5)(t-6)(t-7) \quad \text{for } t \ge 2$$

# Q4

With $c_0 = 0$:

$$c_t = c_{t-1} + 1$$

and then

$$c_t = t + (t-2)(t-3)(t-4)(t-5)(t-6)(t-7)$$

# Q5

With $c_0 = 0$:

$$c_t = c_{t-1} + 1$$

and then

$$c_t = t \quad \text{for } t - 1 \ge 0$$
"""

CONSTANT = r"""# Q1

Momentum from $m_0 = 0$ with $0 < \beta < 1$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

(b) Suppose now that the gradient is constant, $g_k = g$ for every $k$. Then

$$m_t = (1 - \beta^t) g$$

(c) Suppose again that the gradient is constant, $g_k = g$ for every $k$. Then

$$m_t = (1 - \beta^{t+1}) g$$
"""

INTERVAL = r"""# Q1

Momentum from $m_0 = 0$ with $\beta \in (0, 1)$:

$$m_t = \beta m_{t-1} + (1 - \beta) g_t$$

so

$$m_t = \sum_{k=1}^{t} \beta^{t-k} g_k$$
"""

SEED_LIKE = r"""# Q1

With $s_{1,i} = 0$ and $0 < \beta_1 < 1$, for every parameter $i$:

$$s_{t+1,i} = \beta_1 s_{t,i} + (1 - \beta_1) g_{t,i}$$

Unrolling the recurrence,

$$s_{t+1,i} = (1 - \beta_1) \sum_{k=1}^t \beta_1^{t-k} g_{k,i}$$
"""

DOCS = {"momentum": MOMENTUM, "adam": ADAM, "ema": EMA, "rnn": RNN, "second": SECOND_ORDER,
        "exponent": EXPONENT, "no_damping": NO_DAMPING, "no_initial": NO_INITIAL, "new_case": NEW_CASE,
        "other_question": OTHER_QUESTION, "zero_in_words": ZERO_IN_WORDS, "other_indices": OTHER_INDICES,
        "returns": RETURNS, "before_the_start": BEFORE_THE_START, "anew": ANEW,
        "ranges": RANGES, "constant": CONSTANT, "interval": INTERVAL,
        "seed_like": SEED_LIKE}


@pytest.fixture(scope="module")
def audited() -> dict:
    return audit_all(DOCS)


def test_momentum_closed_form_holds_over_the_times_checked_only(audited):
    s = at(audited["momentum"], 9)
    assert (s.status, s.strength) == ("holds", "bounded")
    assert "t = 1..6" in s.detail
    assert "m_0 = 0" in s.reading.to and "recurrence of line 5" in s.reading.to
    assert set(s.reading.assumptions) == {"0 < \\beta", "\\beta < 1"}


def test_adam_both_moments_unrolled(audited):
    m, v = at(audited["adam"], 8), at(audited["adam"], 10)
    assert (m.status, m.strength) == ("holds", "bounded")
    assert (v.status, v.strength) == ("holds", "bounded")
    assert "v_0 = 0" in v.reading.to


def test_ema_and_its_bias_correction(audited):
    assert (at(audited["ema"], 9).status, at(audited["ema"], 9).strength) == ("holds", "bounded")
    assert at(audited["ema"], 13).status == "definition"


def test_rnn_with_a_symbolic_initial_state(audited):
    """h_0 has no value in the text: the closed form keeps it, and holds for every h_0."""
    s = at(audited["rnn"], 5)
    assert (s.status, s.strength) == ("holds", "bounded")
    assert "any value" in s.reading.to


def test_second_order_recurrence_from_the_stated_range(audited):
    s = at(audited["second"], 9)
    assert (s.status, s.strength) == ("holds", "bounded")
    assert "t = 2..7" in s.detail and "s_0 = 0, s_1 = 1" in s.reading.to


def test_planted_exponent_is_wrong_at_the_first_time(audited):
    s = at(audited["exponent"], 9)
    assert s.status == "wrong" and not s.ok
    assert "at t = 1" in s.reason and "b*x[1]*(a - 1)" in s.reason
    assert s.counterexample


def test_planted_missing_one_minus_beta_is_wrong(audited):
    s = at(audited["no_damping"], 9)
    assert s.status == "wrong"
    assert "at t = 1" in s.reason and "\\beta_2*g[1]**2" in s.reason
    # the counterexample is inside the range the text states
    point = s.counterexample["point"]
    beta = sp.Rational(str(point["\\beta_2"])) if "\\beta_2" in point else None
    assert beta is None or 0 < beta < 1


def test_no_initial_value_is_never_assumed(audited):
    """The closed form is right only for some m_0; the text gives none: undecided, named."""
    s = at(audited["no_initial"], 9)
    assert s.status == "undecided"
    assert "no initial value of m" in s.reason and "m_0" in s.reason


def test_a_new_case_is_not_the_recurrence(audited):
    """A constant gradient g beside the recurrence's g_t: another reading, never wrong (the
    closed form here is wrong even for that case: the doubt still keeps it undecided)."""
    s = at(audited["new_case"], 9)
    assert s.status == "undecided" and "closed form" not in s.reason


def test_a_recurrence_of_another_question(audited):
    s = at(audited["other_question"], 11)
    assert s.status == "definition"


def test_started_at_zero_in_words(audited):
    """"initialised at zero" with m_0 written: m_0 = 0. With no numbered time written
    (s_0 or s_1?), the words do not settle it."""
    s = at(audited["zero_in_words"], 5)
    assert s.status == "holds" and "m_0 = 0" in s.reading.to
    s = at(audited["zero_in_words"], 15)
    assert s.status == "undecided" and "no initial value of s" in s.reason


def test_the_same_sequence_with_other_indices(audited):
    """g_t in the recurrence, g_{k,i} in the closed form: the same sequence? undecided."""
    s = at(audited["other_indices"], 9)
    assert s.status == "undecided" and "other indices" in s.reason


def test_discounted_return_unrolled_from_the_end_of_the_episode(audited):
    """G_t = r_{t+1} + gamma G_{t+1} with G_T = 0: unrolled down from T, for T = 1..6."""
    steps = audited["returns"]
    s = at(steps, 9)
    assert (s.status, s.strength) == ("holds", "bounded")
    assert "T = 1..6" in s.detail and "G_T = 0" in s.reading.to
    s = at(steps, 19)        # planted: gamma^{k+1}
    assert s.status == "wrong" and "at T = 1, t = 0" in s.reason
    # no end stated: an infinite-horizon return is not unrolled; with an end, the series is
    # infinite: neither is checked
    assert at(steps, 25).status == "undecided" and "at the end" in at(steps, 25).reason
    assert at(steps, 31).status == "undecided" and "infinite" in at(steps, 31).reason


def test_a_term_before_the_first_one_is_a_doubt_a_later_one_is_wrong(audited):
    """g_0 is no gradient the recurrence from g_1 uses (0 by some convention?): undecided.
    g_{t+1} exists, and m_t does not depend on it: wrong."""
    s = at(audited["before_the_start"], 9)
    assert s.status == "undecided" and "g[0]" in s.reason
    s = at(audited["before_the_start"], 19)
    assert s.status == "wrong" and "at t = 1" in s.reason


def test_a_name_given_a_new_meaning_is_not_checked_against_the_recurrence(audited):
    """"Let $m_t$ be ..." in the same question: the prose's new meaning (the old path: a new
    meaning or an error). Without the words, a formula that drops the recurrence's beta is
    more likely another quantity: left to the plan as any restatement (undecided), never wrong."""
    s = at(audited["anew"], 9)
    assert s.status == "undecided" and "closed form" not in s.reason
    s = at(audited["anew"], 19)
    assert s.status == "undecided" and "closed form" not in s.reason


def test_the_range_said_beside_the_closed_form_is_the_range_checked(audited):
    steps = audited["ranges"]
    s = at(steps, 9)     # s_1 = 5 stated: the recurrence begins at t = 2; the text says t >= 1
    assert (s.status, s.strength) == ("holds", "bounded") and "t = 1..6" in s.detail
    s = at(steps, 19)    # 1 <= t <= 2: two times only
    assert s.status == "holds" and "t = 1..2" in s.detail
    # wrong at t = 1 only: outside the range the text says, never reported wrong there
    s = at(steps, 29)
    assert s.status == "holds" and "t = 2..7" in s.detail
    s = at(steps, 39)
    assert s.status == "wrong" and "at t = 1" in s.reason
    s = at(steps, 49)    # a range not read: not checked
    assert s.status == "undecided" and "t - 1 \\ge 0" in s.reason


def test_a_case_said_in_its_part_is_put_in_on_both_sides(audited):
    """g_k = g for every k, said in part (b): the recurrence unrolled with g_n = g there."""
    s = at(audited["constant"], 9)
    assert (s.status, s.strength) == ("holds", "bounded") and "with g_k = g (line 7)" in s.reading.to
    s = at(audited["constant"], 13)     # planted: beta^{t+1}
    assert s.status == "wrong" and "at t = 1" in s.reason and "g_k = g (line 11)" in s.reason


def test_a_range_written_as_an_interval_bounds_the_counterexample(audited):
    s = at(audited["interval"], 9)
    assert s.status == "wrong" and set(s.reading.assumptions) == {"\\beta > 0", "\\beta < 1"}
    beta = s.counterexample["point"].get("\\beta")
    assert beta is None or 0 < sp.Rational(str(beta)) < 1


def test_seed_001_form_with_its_initial_value_and_index_holds(audited):
    """Seed 001's recurrence written with g_{t,i} and s_{1,i} = 0 stated: the unrolled form is
    right (the seed itself states neither, see below)."""
    s = at(audited["seed_like"], 9)
    assert (s.status, s.strength) == ("holds", "bounded")
    assert "s_{1,i} = 0" in s.reading.to and "t = 1..6" in s.detail


@pytest.mark.skipif(not SEEDS.exists(), reason="seed documents not present")
def test_seed_001_unrolled_moments_name_the_missing_initial_value():
    """Seed 001 Q4.4 states no s_0 (nor r_0), and writes g_t without the index i: the unrolled
    forms are undecided, naming the missing initial value; never wrong."""
    path = next(SEEDS.glob("001_*.txt"))
    rep = audit_documents([load(str(path))], cache=False, isolated=False)
    steps = rep.documents[0].steps
    firsts = [s for s in steps if s.from_.strip() in ("s_{t+1,i}", "r_{t+1,i}") and "\\sum" in s.to]
    assert len(firsts) == 2
    for s in firsts:
        assert s.status == "undecided" and "no initial value" in s.reason


# -- the pieces ----------------------------------------------------------------------------------
def test_names_split_into_base_and_subscript_parts():
    assert recur.split_name("m_{t-1}") == ("m", ("t-1",))
    assert recur.split_name("s_{t+1,i}") == ("s", ("t+1", "i"))
    assert recur.split_name("\\hat{m}_t") == ("\\hat{m}", ("t",))
    assert recur.split_name("m") is None
    assert recur.affine("t-1") == ("t", -1) and recur.affine("4") == (None, 4)
    assert recur.affine("t-k") is None


def _rec(name, body):
    return recur.recurrence_of(Definition(name, (), body, "Q1", 3))


def test_recurrence_needs_the_same_sequence_at_earlier_times():
    b, g = sp.symbols("beta g_t", real=True)
    rec = _rec("m_t", b * sp.Symbol("m_{t-1}", real=True) + g)
    assert rec is not None and rec.lags == (1,) and rec.letter == "t"
    # a later time: a recurrence from the end; both directions at once is none
    assert _rec("G_t", sp.Symbol("r_{t+1}") + b * sp.Symbol("G_{t+1}")).direction == -1
    assert _rec("x_t", sp.Symbol("x_{t+1}") + sp.Symbol("x_{t-1}")) is None
    assert _rec("s_{t+1,i}", b * sp.Symbol("s_{t,j}")) is None
    assert _rec("m_t", b * g) is None
    rec = _rec("s_{t+1,i}", b * sp.Symbol("s_{t,i}") + g)
    assert rec.shift == 1 and rec.rest == ("i",) and rec.lags == (1,)


def test_unrolling_is_exact():
    b = sp.Symbol("beta", real=True)
    rec = _rec("m_t", b * sp.Symbol("m_{t-1}", real=True) + (1 - b) * sp.Symbol("g_t", real=True))
    known = recur.unroll(rec, {0: sp.Integer(0)}, 3)
    g1, g2, g3 = (sp.Symbol(f"g[{k}]", real=True) for k in (1, 2, 3))
    assert sp.expand(known[3] - (1 - b) * (b ** 2 * g1 + b * g2 + g3)) == 0


def test_values_stated_after_the_start_must_follow_from_the_recurrence():
    # v_1 = g, v_2 = (1 + beta) g are a constant gradient said in words, not the recurrence's
    # start: unrolled from them, the true v_t = sum_k beta^k g came out wrong at t = 3 (sweep a33)
    text = ("## Q1\n\n$v_t = \\beta v_{t-1} + g_t$ with $v_0 = 0$ and a constant gradient $g$:\n\n"
            "$$v_1 = g, \\quad v_2 = \\beta g + g$$\n\n"
            "$$v_t = \\sum_{k=0}^{t-1} \\beta^k g$$\n")
    (step,) = [s for s in audit_text(text, "markdown", cache=False, jobs=1).documents[0].steps if s.line == 7]
    assert step.status == "undecided" and "does not give" in step.reason, (step.status, step.reason)
