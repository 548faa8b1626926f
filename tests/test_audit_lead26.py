"""Round 26: closed forms whose laws are written in the step itself.

- ``\\mathrm{KL}(\\mathcal N(\\mu_1, \\sigma_1^2) \\| \\mathcal N(\\mu_2, \\sigma_2^2)) = ...`` names
  both distributions in the step: it is the KL of those two Gaussians (E_q[log q - log p]) even
  when the prose states no distribution, not an equation that introduces an unknown KL.
"""
from __future__ import annotations

from audited import audit_all, one_at as at, shown

KL_WRITTEN = r"""## Q1

Two univariate Gaussians, with no distribution named in the text.

$$\mathrm{KL}\big(\mathcal N(\mu_1, \sigma_1^2) \,\|\, \mathcal N(\mu_2, \sigma_2^2)\big) = \log \frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2 \sigma_2^2} - \frac{1}{2}$$

$$D_{\mathrm{KL}}\big(\mathcal{N}(\mu_1, \sigma_1^2) \,\|\, \mathcal{N}(\mu_2, \sigma_2^2)\big) = \log \frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2 \sigma_1^2} - \frac{1}{2}$$

$$\mathrm{KL}\big(\mathcal N(\mu, \sigma^2) \,\|\, \mathcal N(0, 1)\big) = \frac{1}{2}\left(\mu^2 + \sigma^2 - 1 - \log \sigma^2\right)$$
"""


def test_a_kl_of_two_gaussians_written_in_the_step_is_their_kl():
    found = audit_all({"kl": KL_WRITTEN})["kl"]
    assert at(found, 5).status == "holds", shown(found)
    wrong = at(found, 7)
    assert wrong.status == "wrong", shown(found)
    assert "\\sigma_1 > 0" in wrong.reading.assumptions, wrong.reading
    assert at(found, 9).status == "holds", shown(found)


DROPOUT = r"""## Q1

Each unit is kept with probability $p$: $m \sim \mathrm{Bernoulli}(p)$ and $\tilde h = m h / p$ for a fixed activation $h$.

$$\operatorname{Var}(\tilde h) = h^2 \, \frac{1 - p}{p}$$

$$\mathrm{Var}[\tilde h] = h^2 \, \frac{1 - p}{p^2}$$

## Q2

Each unit is kept with probability $p$: $m_i \sim \mathrm{Bernoulli}(p)$ independently and $\tilde h_i = m_i h_i / p$ for a fixed activation $h_i$.

$$\mathbb E[\tilde h_i] = h_i$$

$$\operatorname{Var}(\tilde h_i) = h_i^2 \, \frac{1 - p}{p^2}$$

$$\mathbb E[m_i m_j] = p$$
"""


def test_a_variance_in_round_brackets_is_the_variance_of_its_argument():
    found = audit_all({"drop": DROPOUT})["drop"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)


def test_entries_with_a_stated_law_are_random_variables_of_their_own():
    """m_i ~ Bernoulli(p) read under the index i as m[i]: the expectation is over m_i; the step,
    every entry at the one index i, needs no range of i. Two entries of the family (m_i m_j)
    have no joint law the text states: never wrong."""
    found = audit_all({"drop": DROPOUT})["drop"]
    assert at(found, 13).status == "holds", shown(found)
    assert at(found, 15).status == "wrong", shown(found)
    assert at(found, 17).status != "wrong", shown(found)


LONE = r"""## Q1

The activation of unit $i$ is $a_i = \tanh(z_i)$.

$$\frac{\partial a_i}{\partial z_i} = 1 - \tanh^2(z_i)$$

$$\frac{\partial a_i}{\partial z_i} = 1 + \tanh^2(z_i)$$

$$a_i a_j = \tanh(z_i) \tanh(z_i)$$

$$\frac{\partial a_{i+1}}{\partial z_i} = 1 - a_i^2$$
"""


def test_a_step_whose_entries_are_all_at_one_index_needs_no_range():
    found = audit_all({"lone": LONE})["lone"]
    assert at(found, 5).status == "holds", shown(found)
    wrong = at(found, 7)
    assert wrong.status == "wrong", shown(found)
    # x_i beside x_j (one array at two letters), a computed index: the range matters, no wrong
    assert at(found, 9).status != "wrong", shown(found)
    assert at(found, 11).status != "wrong", shown(found)


REDRAWN = r"""## Question 2

A linear unit $z = \sum_{i=1}^{n} w_i x_i$ with independent zero-mean weights and inputs.

**(c)** If $z \sim \mathcal N(0, s^2)$, half of its second moment passes a ReLU:

$$\frac12 \mathbb E[z^2] = \frac{s^2}{2}$$

$$\mathbb E[z^2] = s$$
"""


def test_a_law_said_after_a_formula_of_the_name_is_its_law_from_there():
    found = audit_all({"redrawn": REDRAWN})["redrawn"]
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 9).status == "wrong", shown(found)


HUBER = r"""## Q1

The Huber loss with a threshold $\delta > 0$ on the residual $r$.

(a) On the outer pieces,

$$\frac{d}{dr}\, \delta \left(|r| - \tfrac12 \delta\right) = \delta, \quad r > \delta$$

$$\frac{d}{dr}\, \delta \left(|r| - \tfrac12 \delta\right) = r, \quad r > \delta$$

$$\frac{d}{dr}\, \delta \left(|r| - \tfrac12 \delta\right) = -\delta, \quad r < -\delta$$

$$\frac{d}{dr}\, \delta \left(|r| - \tfrac12 \delta\right) = \delta, \quad r < -\delta$$

$$\frac{d}{dr}\, \delta \left(|r| - \tfrac12 \delta\right) = r, \quad \delta < r < 2\delta$$

## Q2

A margin $m$ and a score $s$.

$$\frac{d}{ds} |s| = -1, \quad s < -m$$

Here the margin is $m > 0$.
"""


def test_a_bound_beside_the_step_is_the_name_plus_a_positive_gap():
    """r > delta beside the step: r = delta + gap_r, gap_r > 0, with delta > 0 from the prose
    before it. Two bounds on one name, or a bound whose sign the text says only after the step,
    keep the doubt."""
    found = [s for s in audit_all({"huber": HUBER})["huber"] if s.status != "condition"]
    assert at(found, 7).status == "holds", shown(found)
    wrong = at(found, 9)
    assert wrong.status == "wrong", shown(found)
    assert "\\delta > 0" in wrong.reading.assumptions, wrong.reading
    assert float(wrong.counterexample["point"]["\\delta"]) > 0, wrong.counterexample
    assert at(found, 11).status == "holds", shown(found)
    assert at(found, 13).status == "wrong", shown(found)
    assert at(found, 15).status != "wrong", shown(found)
    assert all(s.status != "wrong" for s in found if s.line == 21), shown(found)
