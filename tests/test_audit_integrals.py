"""Definite integrals of polynomials (scan.integral, build.integral): ``\\int_a^b BODY \\, dt``
with the differential ending the term is integrated exactly when BODY is a polynomial in t
(uniform moments, Xavier's variance); anything else stays not read, naming why."""
from __future__ import annotations

import pytest

from audited import audit_all, one_at as at, shown
from checks.io.audit.reading.read import NotRead, Scope, read

DOC = r"""## Q2. Uniform initialisation

For $w$ drawn uniformly from $[-a, a]$ with $a > 0$, the density is $\frac{1}{2a}$ and

$$\int_{-a}^{a} \frac{t^2}{2a}\, dt = \frac{a^2}{3}$$

$$\int_{-a}^{a} \frac{t^2}{2a} \,\mathrm{d}t = \frac{a^2}{12}$$

$$\int_0^1 (3u^2 + 1)\, du = 2$$
"""

READINGS = [
    (r"\int_0^1 (3u^2 + 1)\, du", "2"),
    (r"\int_{-c}^{c} \frac{v^2}{2c}\,\mathrm{d}v", "c**2/3"),
    (r"\int_0^b 2\, dx + 1", "2*b + 1"),           # the differential ends the integral's term
    (r"\int_0^1 d\, x\, dx", "d/2"),                # d a name, dx the differential
]

NOT_READ = [
    (r"\int_0^1 e^{u}\, du", "other than a polynomial"),
    (r"\int x\, dx", "without both limits"),
    (r"\int_0^1 x + 1\, dx", "does not end its term"),    # x + 1 dx: where does the body start?
    (r"\int_0^x t\, dt", None),                            # fine: a limit may use other names
]


@pytest.mark.parametrize("latex, expected", READINGS)
def test_polynomial_integrals_are_integrated_exactly(latex, expected):
    import sympy as sp
    got = read(latex, Scope()).expr
    plain = got.xreplace({x: sp.Symbol(x.name) for x in got.free_symbols})     # the reader's real symbols
    assert sp.expand(plain - sp.sympify(expected)) == 0, got


@pytest.mark.parametrize("latex, why", NOT_READ)
def test_other_integrals_are_not_read(latex, why):
    if why is None:
        assert read(latex, Scope()).expr is not None
        return
    with pytest.raises(NotRead) as exc:
        read(latex, Scope())
    assert why in str(exc.value)


def test_a_document_with_integrals():
    found = audit_all({"u": DOC})["u"]
    assert [at(found, n).status for n in (5, 7, 9)] == ["holds", "wrong", "holds"], shown(found)
