"""A capitalised word standing alone for a value (\\mathrm{KL}, \\text{MSE}): all of a side, a
bracket or a derivative's numerator is a name; any other word in a formula is prose and stays
NotRead. A document in the style of a VAE exercise: the KL defined in a display is
differentiated in the next one."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.reading.read import NotRead, Scope, read

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

KL = sp.Symbol("\\mathrm{KL}", real=True)

READINGS = [
    (r"\mathrm{KL}", KL),
    (r"\frac{\partial \, \mathrm{KL}}{\partial v}", sp.Derivative(KL, sp.Symbol("v", real=True))),
    (r"\text{MSE}", sp.Symbol("\\text{MSE}", real=True)),
    (r"\operatorname{ELBO}", sp.Symbol("\\operatorname{ELBO}", real=True)),
]


@pytest.mark.parametrize("latex,expected", READINGS)
def test_word_alone_is_a_name(latex, expected):
    assert read(latex).expr == expected


NOT_READ = [
    r"x \text{ and } y",          # prose between formulae
    r"\mathrm{KL} + 1",           # not alone, and not named by the document
    r"2 \mathrm{KL}",
    r"\text{const}",              # lower-case: a word
    r"\text{Const}",              # a word the list keeps out
    r"\text{Var}",                # a function word
]


@pytest.mark.parametrize("latex", NOT_READ)
def test_words_not_alone_stay_not_read(latex):
    with pytest.raises(NotRead):
        read(latex)


def test_a_known_word_reads_anywhere():
    assert read(r"\mathrm{KL} + 1", Scope(variables=frozenset({"\\mathrm{KL}"}))).expr == KL + 1


DOC = r"""1(c) With the log-variance $v$:

$$\mathrm{KL} = \frac{1}{2} \left( \mu^2 + e^{v} - 1 - v \right)$$

$$\frac{\partial \, \mathrm{KL}}{\partial \mu} = \mu, \qquad \frac{\partial \, \mathrm{KL}}{\partial v} = e^{v} - 1$$
"""


def test_kl_defined_then_differentiated():
    steps = audit_text(DOC, "markdown", cache=False, jobs=1).documents[0].steps
    got = [(s.line, s.status) for s in steps]
    assert got == [(3, "definition"), (5, "holds"), (5, "wrong")], got
    wrong = steps[-1]
    assert wrong.reading.from_ == "-1/2 + exp(v)/2" and wrong.reading.to == "-1 + exp(v)"
