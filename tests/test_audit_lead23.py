"""Found by documents in new styles (round 23): values of a recurrence at one numbered time,
statistics of random variables, and equations a requirement sets.

- ``v_3 = g_3 + \\beta g_2 + \\beta^2 g_1`` after ``v_t = \\beta v_{t-1} + g_t`` with ``v_0 = 0``
  claims the recurrence's value at time 3: checked exactly (recur._at_one_time). It was read as
  v_3's definition, and then blocked the closed form ("values stated at times [0, 3]").
- ``\\mathrm{Var}(x_i) = v`` in the text states a fact about x_i; it was read as the constant
  function Var = v, so ``\\mathrm{Var}(\\sum_i w_i x_i) = \\sum_i \\mathrm{Var}(w_i x_i)`` was
  wrong (v = n v). False wrong.
- "To keep the variance we need $n s^2 = 1$, so $$s^2 = \\frac1n$$": an equation the document
  solves. It was refuted as an identity in s (at s = 0). False wrong.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from checks.io.audit.run import audit_documents

MOMENTUM = r"""## Q3. Momentum

Momentum with $v_0 = 0$: $v_t = \beta v_{t-1} + g_t$.

$$v_3 = g_3 + \beta g_2 + \beta^2 g_1$$

$$v_t = \sum_{k=1}^{t} \beta^{t-k} g_k$$

RMSProp: $s_t = \rho s_{t-1} + (1-\rho) g_t^2$ with $s_0 = 0$, so

$$s_2 = (1-\rho)(\rho g_1^2 + g_2^2)$$

$$s_2 = (1-\rho) g_2^2 + \rho (1-\rho) g_1^2 + \rho^2 g_1^2$$

$$v_2 = g_2 + \beta^2 g_1$$
"""

NO_START = r"""## Q1

The recurrence is $u_t = a u_{t-1} + x_t$.

$$u_2 = x_2 + a x_1$$
"""

XAVIER = r"""# Xavier initialisation

Let $w_1,\dots,w_n$ and $x_1,\dots,x_n$ be independent with zero mean, $\mathrm{Var}(w_i) = s^2$, $\mathrm{Var}(x_i) = v$.

$$\mathrm{Var}\left(\sum_{i=1}^n w_i x_i\right) = \sum_{i=1}^n \mathrm{Var}(w_i x_i) = n\, s^2 v$$

To keep the variance we need $n s^2 = 1$, so

$$s^2 = \frac{1}{n}$$
"""

DOCS = {"momentum": MOMENTUM, "no_start": NO_START, "xavier": XAVIER}


@pytest.fixture(scope="module")
def audited() -> dict:
    docs = [SimpleNamespace(name=f"{k}.md", text=t, kind="markdown") for k, t in DOCS.items()]
    rep = audit_documents(docs, cache=False, isolated=False)
    return {k: d.steps for k, d in zip(DOCS, rep.documents)}


def at(steps, line):
    got = [s for s in steps if s.line == line]
    assert len(got) == 1, "\n".join(f"{s.line}: {s.latex} -> {s.status} ({s.reason})" for s in steps)
    return got[0]


def test_a_value_at_one_time_is_the_recurrences_value(audited):
    s = at(audited["momentum"], 5)
    assert (s.status, s.strength) == ("holds", "proof")
    assert "v_0 = 0" in s.reading.to


def test_the_closed_form_after_a_checked_value_is_checked_too(audited):
    s = at(audited["momentum"], 7)
    assert (s.status, s.strength) == ("holds", "bounded")


def test_a_wrong_value_at_one_time_is_wrong_with_the_residual(audited):
    assert at(audited["momentum"], 11).status == "holds"
    s = at(audited["momentum"], 13)     # the restatement adds rho^2 g_1^2
    assert s.status == "wrong"
    assert "\\rho**2*g[1]**2" in s.reason
    s = at(audited["momentum"], 15)     # beta^2 g_1 where the recurrence gives beta g_1
    assert s.status == "wrong"


def test_no_stated_start_leaves_the_value_unchecked(audited):
    assert at(audited["no_start"], 5).status in ("definition", "undecided")


def test_a_variance_stated_of_one_variable_is_no_function(audited):
    steps = [s for s in audited["xavier"] if s.line == 5]
    assert steps and all(s.status != "wrong" for s in steps), [(s.status, s.reason) for s in steps]


def test_an_equation_a_requirement_sets_is_a_condition(audited):
    assert at(audited["xavier"], 9).status == "condition"
