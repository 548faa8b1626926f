"""A sum's own index is not the step's free index of the same letter, and a name with a
definition of its own is not an entry of an array that shares its letter.

Both were false ``wrong`` steps: ``\\frac{\\partial p}{\\partial s}\\frac{\\partial s}{\\partial w_i}
= p(1-p)x_i`` with ``s = \\sum_{i=1}^d w_i x_i + b`` (renaming the sum's i renamed the free i too),
and ``\\frac{\\partial J}{\\partial s_o}`` with ``s_o`` and ``s_k`` both defined (``s_o`` was read as
the entry o of the negative samples' scores)."""
from __future__ import annotations

import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.document.context import _fresh_bound


def _steps(text):
    return audit_text(text).documents[0].steps


def test_renaming_a_sums_index_leaves_the_free_index_alone():
    i, d = sp.Symbol("i", integer=True), sp.Symbol("d", integer=True)
    w, x = sp.IndexedBase("w"), sp.IndexedBase("x")
    got = _fresh_bound(sp.Sum(w[i] * x[i], (i, 1, d)) * x[i], {i})
    assert x[i] in got.atoms(sp.Indexed)                       # the free x_i is still x_i
    (inner,) = got.atoms(sp.Sum)
    assert inner.limits[0][0].name == "i'" and i not in inner.free_symbols


NEURON = r"""## Q4. A single logistic neuron

Let $s = \sum_{i=1}^{d} w_i x_i + b$ be the weighted sum, and let $p = \sigma(s)$.

$$\ell = -y \log p - (1 - y) \log (1 - p)$$

**4.2** Chain rule.

$$\frac{\partial p}{\partial s} \frac{\partial s}{\partial w_i} = p(1-p) x_i$$

$$\frac{\partial p}{\partial s} \frac{\partial s}{\partial w_i} = p(1-p) x_1$$
"""


def test_a_free_index_beside_a_sum_over_the_same_letter_is_not_a_false_wrong():
    steps = _steps(NEURON)
    right, planted = [s for s in steps if s.line in (9, 11)]
    assert right.status != "wrong" and not (right.reason or "").startswith("wrong")
    assert "x[i]" in right.reading.to          # the free index kept its name
    assert planted.status in ("wrong", "undecided") and (planted.status == "wrong"
                                                         or planted.reason.startswith("wrong as read"))


SAMPLING = r"""# Skip-gram with negative sampling

$$s_o = \mathbf u_o^\top \mathbf v_c, \qquad s_k = \mathbf u_k^\top \mathbf v_c$$

$$J = -\log \sigma(s_o) - \sum_{k=1}^{K} \log \sigma(-s_k)$$

## (a)

$$\frac{\partial J}{\partial s_o} = -\frac{\sigma(s_o)(1 - \sigma(s_o))}{\sigma(s_o)} = \sigma(s_o) - 1$$

$$\frac{\partial J}{\partial s_o} = \sigma(s_o)$$
"""


def test_a_name_defined_on_its_own_read_as_an_entry_of_the_array_of_its_letter_is_a_doubt():
    # the reader takes s_o beside \sum_k s_k as the entry o of s, with o running over 1..K:
    # a wrong under that reading may be the reading's, not the document's
    steps = _steps(SAMPLING)
    first, second, planted = [s for s in steps if s.line in (9, 11)]
    assert "wrong" not in {first.status, planted.status}
    assert "s_o is defined on its own (line 3)" in first.reason
    assert second.status == "holds"
