"""Random variables of a Bernoulli or a uniform law (probability.py): dropout masks and uniform
initialisation, as DL solutions write them.

``r \\sim \\text{Bernoulli}(q)`` makes ``\\mathbb{E}[\\cdot]`` of a polynomial in r its moments
(E[r^k] = q for k >= 1), and ``\\operatorname{Var}[\\cdot]`` E[b^2] - E[b]^2; ``w \\sim \\mathcal{U}(-c, c)`` those of the uniform law. The law's
parameters must be in range for a counterexample to count (0 <= q <= 1, a < b): they become the
step's assumptions when each is a bound of one symbol, and a doubt on a wrong otherwise."""
from __future__ import annotations

import sympy as sp

from audited import audit_all, one_at as at, shown
from checks.io.audit.planning.probability import Fact, expectation, _bound

DROPOUT = r"""## Problem 3. Dropout on one unit

A unit with a fixed activation $a$ is kept with probability $q$: the mask is $r \sim \text{Bernoulli}(q)$ and the unit passes on $r a$.

(a) Without rescaling the expected output shrinks:

$$\mathbb{E}[r a] = q a$$

(b) Inverted dropout divides by the keep probability:

$$\mathbb{E}\left[\frac{r a}{q}\right] = a$$

(c) A student divides by the drop probability instead:

$$\mathbb{E}\left[\frac{r a}{1 - q}\right] = a$$

(d) The second moment of the mask:

$$\mathbb{E}[r^2] = q^2$$

(e) Its variance, read with brackets:

$$\operatorname{Var}[r a] = a^2 q - a^2 q^2$$

$$\mathrm{Var}[r] = q^2$$

## Problem 4. Uniform initialisation

Draw $w \sim \mathcal{U}(-c, c)$.

$$\mathbb{E}[w^2] = \frac{c^2}{3}$$

$$\mathbb{E}[w^2] = \frac{c^2}{12}$$
"""

# the keep probability a product of two names: no bound of one symbol says it is in [0, 1]
PRODUCT = r"""## Q1

Each unit is kept with probability $s t$: $m \sim \text{Bernoulli}(s t)$, and the input $x$ is fixed.

$$z = m x$$

$$\mathbb{E}[m x] = x$$
"""

# no word makes the activation a constant: it may depend on the mask
LOOSE = DROPOUT.replace("A unit with a fixed activation $a$ is kept", "A unit is kept")


def test_moments_of_the_bernoulli_and_uniform_laws():
    q, a, c, x = sp.symbols("q a c x", real=True)
    bern = Fact("sim", "r", "r", q, q * (1 - q), 0, "", "bernoulli", (q,))
    unif = Fact("sim", "w", "w", 0, c ** 2 / 3, 0, "", "uniform", (-c, c))
    assert sp.expand(expectation(3 * x ** 3 + x + 2, x, None, None, bern) - (4 * q + 2)) == 0
    assert sp.expand(expectation(x ** 2, x, None, None, unif) - c ** 2 / 3) == 0
    assert expectation(x ** 3, x, None, None, unif) == 0
    assert bern.domain() == [q >= 0, q <= 1] and unif.domain() == [c > 0]
    assert _bound(1 - q, 0, ">=") == [q <= 1] and _bound(q * c, 0, ">=") is None


def test_dropout_and_uniform_expectations_are_decided_inside_the_laws_domain():
    found = audit_all({"d": DROPOUT, "loose": LOOSE, "product": PRODUCT})
    d = found["d"]
    assert [at(d, n).status for n in (7, 11, 15, 19, 23, 25, 31, 33)] == \
        ["holds", "holds", "wrong", "wrong", "holds", "wrong", "holds", "wrong"], shown(d)
    said = at(d, 19).reading.assumptions
    assert "q >= 0" in said and "q <= 1" in said, said
    # an activation the text does not call fixed may depend on the mask: no wrong, and no holds
    assert at(found["loose"], 15).status == "undecided"
    assert "constant under the expectation" in at(found["loose"], 15).reason
    # a parameter that is not a bound of one symbol keeps a doubt on the wrong
    got = at(found["product"], 7)
    assert got.status == "undecided" and "needs its parameters in range" in got.reason, (got.status, got.reason)


# -- the review of this round (each a false verdict of the first version) ----------------------

LISTED = r"""## Problem 3. Adding independent noise

Let $\epsilon_1, \epsilon_2 \sim \mathcal{N}(0, 1)$ be independent.

$$\operatorname{Var}[\epsilon_1 + \epsilon_2] = 1$$

$$\mathbb{E}[\epsilon_1 + \epsilon_2] = \epsilon_1$$

Masks $m_1, m_2 \in \{0, 1\}$ with $m_1, m_2 \sim \text{Bernoulli}(q)$:

$$\mathbb{E}[m_1 m_2] = q m_1$$
"""

OTHER_QUESTION = r"""## Q1. A coin-flip label

The label is $y \sim \text{Bernoulli}(\mu)$ and the model predicts $\mu$.

$$\mathbb{E}[y] = \mu$$

## Q2. Regression with unit noise

Now the target is $y = \mu + \epsilon$ with noise $\epsilon \sim \mathcal{N}(0, 1)$.

$$\mathbb{E}[y^2] = \mu^2 + 1$$
"""

DROP_RATE = r"""## Q5. Dropout

With dropout rate $p$, each fixed activation $h$ is multiplied by a mask $m \sim \text{Bernoulli}(p)$
that zeroes it with probability $p$, and the survivors are rescaled.

$$\mathbb{E}[m] = 1 - p$$
"""

CONDITIONAL = r"""## Q6. Logistic regression

For a fixed input $x$ the label is drawn as $y \mid x \sim \text{Bernoulli}(p)$.

$$\mathbb{E}[x^2] = p$$
"""


def test_review_a_law_said_of_a_list_a_law_of_another_question_a_drop_rate_and_a_condition():
    found = audit_all({"listed": LISTED, "other": OTHER_QUESTION, "drop": DROP_RATE, "cond": CONDITIONAL})
    listed = found["listed"]
    # every name of the list has the law: two random variables, no joint law stated: no verdict
    assert [at(listed, n).status for n in (5, 7)] != ["holds", "holds"], shown(listed)
    assert all(at(listed, n).status not in ("holds", "wrong") for n in (5, 7, 11)), shown(listed)
    # Q1's law of y is not Q2's y (y = mu + eps there): never wrong
    assert at(found["other"], 11).status != "wrong", shown(found["other"])
    # the mask "zeroes it with probability p": Bernoulli(p) may be the drop probability
    got = at(found["drop"], 6)
    assert got.status not in ("holds", "wrong") and "probability of dropping" in (got.reason or ""), shown(found["drop"])
    # y | x ~ Bernoulli(p) is no law of x
    assert at(found["cond"], 5).status != "holds", shown(found["cond"])
