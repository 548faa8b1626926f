"""Gaussian densities, expectations and KL terms (checks/io/audit/planning/probability.py).

Readings of \\mathcal{N}(x; m, v) and of KL terms, the exact Gaussian moments, the facts a
document states (per question, ambiguous when stated twice differently), and documents in
the styles of other courses (tests/probability_docs): a VAE KL derivation with sigma and with
the log-variance, a beta-VAE term, the reparameterisation trick's expectations, a Gaussian
log-likelihood against the squared error, each correct (everything holds) and with planted
errors (wrong, with the distribution fact named in the reading), and tables of steps that
must stay opaque or not_read."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.planning.probability import GAUSS, Facts, density, expectation, log_density, moment
from checks.io.audit.reading.read import NotRead, read

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DOCS = Path(__file__).parent / "probability_docs"
AUDIT_DOCS = Path(__file__).parent / "audit_docs"


def R(name):
    return sp.Symbol(name, real=True)


z, mu, sigma = R("z"), R("\\mu"), R("\\sigma")
N = sp.Function(GAUSS)


# -- readings ---------------------------------------------------------------------------------

READINGS = [
    (r"\mathcal{N}(z; \mu, \sigma^2)", N(z, mu, sigma ** 2)),
    (r"\mathcal N(z \mid 0, 1)", N(z, 0, 1)),
    (r"\mathcal{N}(z | \mu, e^{v})", N(z, mu, sp.exp(R("v")))),
    (r"\log \mathcal{N}(y; \hat{y}, \sigma^2)", sp.log(N(R("y"), R("\\hat{y}"), sigma ** 2))),
    # a conditional density: a function of its one variable, named with its condition
    (r"\log q_\phi(z \mid x)", sp.log(sp.Function("q_{\\phi}_{z}(\\cdot|x)")(z))),
    (r"p(x | z)", sp.Function("p_{x}(\\cdot|z)")(R("x"))),
]


@pytest.mark.parametrize("latex,expected", READINGS)
def test_gaussian_density_reading(latex, expected):
    assert read(latex).expr == expected


KL_FORMS = [
    (r"\mathrm{KL}(q \,\|\, p)", "\\mathrm{KL}(q\\|p)"),
    (r"D_{\mathrm{KL}}(q \| p)", "D_{\\mathrm{KL}}(q\\|p)"),
    (r"D_{KL}(q||p)", "D_{KL}(q||p)"),
    (r"\mathrm{KL}[q \| p]", "\\mathrm{KL}[q\\|p]"),
]


@pytest.mark.parametrize("latex,name", KL_FORMS)
def test_kl_term_is_one_opaque_value(latex, name):
    r = read(latex)
    assert r.expr == R(name) and r.opaque == frozenset({name})


NOT_READ = [
    (r"\mathcal{N}(0, 1)", "is a distribution, not a value"),
    (r"\mathcal{N}(\mathbf{z}; \boldsymbol{\mu}, I)", "multivariate"),
    (r"\mathcal{N}(z; 0, I)", "multivariate"),
    (r"\mathcal{N}(z; \mu)", "a mean and a variance"),
    (r"\mathrm{KL}(q, p)", ""),                            # no \| : not a KL term
]


@pytest.mark.parametrize("latex,reason", NOT_READ)
def test_not_read(latex, reason):
    with pytest.raises(NotRead) as exc:
        read(latex)
    assert reason in exc.value.reason


# -- moments and densities -------------------------------------------------------------------------

@pytest.mark.parametrize("k", range(0, 8))
def test_moments_against_sympy_stats(k):
    from sympy.stats import E, Normal
    m, v = sp.Symbol("m", real=True), sp.Symbol("v", positive=True)
    X = Normal("X", m, sp.sqrt(v))
    assert sp.expand(moment(k, m, v) - E(X ** k)) == 0


def test_expectation_of_polynomials_and_refusals():
    m, s = R("m"), R("s")
    assert sp.expand(expectation((z - m) ** 2, z, m, s ** 2) - s ** 2) == 0
    assert sp.expand(expectation(3 + 2 * z + z ** 3, z, m, s ** 2) - (3 + 2 * m + m ** 3 + 3 * m * s ** 2)) == 0
    assert expectation(sp.log(s) + 1, z, m, s ** 2) == sp.log(s) + 1     # free of z: by linearity
    assert expectation(sp.exp(z), z, m, s ** 2) is None                 # not a polynomial in z
    assert expectation(sp.log(z), z, m, s ** 2) is None
    assert expectation(z ** 40, z, m, s ** 2) is None                    # degree bound


@pytest.mark.parametrize("x,m,s", [(0.3, 1.0, 0.5), (-2.0, 0.0, 1.0), (1.5, -0.5, 2.5)])
def test_log_density_is_the_log_of_the_density(x, m, s):
    # the variance written s^2: half its log is log s (s > 0, the standard deviation)
    args = (sp.Float(x), sp.Float(m), R("s") ** 2)
    lhs = log_density(*args).subs(R("s"), s)
    rhs = sp.log(density(*args).subs(R("s"), s))
    assert abs(float(lhs - rhs)) < 1e-12
    v = R("v")     # a variance written as one name: half of log v
    lhs = log_density(sp.Float(x), sp.Float(m), v).subs(v, s * s)
    assert abs(float(lhs - sp.log(density(sp.Float(x), sp.Float(m), v).subs(v, s * s)))) < 1e-12


# -- facts ------------------------------------------------------------------------------------------

FACTS_TEXT = r"""## Q1

Let $q(z) = \mathcal{N}(z; \mu, \sigma^2)$ and $\epsilon \sim \mathcal N(0, 1)$.

## Q2

Here $q(z) = \mathcal{N}(z; 0, 1)$, and later $q(z) = \mathcal{N}(z; 1, 1)$; $\mathbf{z} \sim \mathcal{N}(0, I)$.
"""


def test_facts_per_question_with_lines():
    f = Facts.of(FACTS_TEXT)
    q1 = f.lookup("density", "q", "Q1")
    assert (q1.variable, q1.mean, q1.var, q1.line) == ("z", mu, sigma ** 2, 3)
    eps = f.lookup("sim", "\\epsilon", "Q1")
    assert (eps.mean, eps.var, eps.line) == (0, 1, 3)
    assert f.lookup("density", "q", "Q2") is None          # two different densities in Q2
    assert [x.line for x in f.ambiguous("q", "Q2")] == [7, 7]
    assert f.ambiguous("q", "Q1") == []
    assert f.lookup("sim", "\\mathbf{z}", "Q2") is None    # a vector: no fact
    # a question that states nothing uses the document's facts only when they agree
    assert f.lookup("sim", "\\epsilon", "Q3").var == 1
    assert f.lookup("density", "q", "Q3") is None


# -- documents --------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _audit(path: Path):
    kind = "latex" if path.suffix == ".tex" else "markdown"
    report = audit_text(path.read_text(), kind, name=path.name)
    return report.documents[0].steps


def statuses(name, base=DOCS):
    return [(s.line, s.status) for s in _audit(base / name)]


CORRECT = {
    "vae_sigma.md": [(5, "holds"), (9, "holds"), (11, "holds"), (15, "holds"), (15, "holds")],
    "vae_logvar.tex": [(8, "holds"), (9, "holds"), (10, "holds"), (11, "holds"), (16, "holds")],
    "reparam.md": [(5, "definition"), (9, "holds"), (9, "holds"), (11, "holds"), (11, "holds"),
                   (13, "holds"), (13, "holds"), (15, "holds")],
    # line 17: 1/2 log(2 pi sigma^2) as written, with sigma^2 a variance (sigma > 0)
    "gaussian_mse.md": [(5, "holds"), (9, "holds"), (13, "holds"), (17, "holds")],
    "elbo_conditional.md": [(7, "holds"), (9, "holds"), (13, "holds"), (15, "holds")],
}


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_documents_hold(name):
    assert statuses(name) == CORRECT[name]


# file -> {line of a planted error: the fact (as written) that must be named in its reading}
ERRORS = {
    "vae_sigma_errors.md": {9: r"q(z) = \mathcal{N}(z \mid m, s^2) (line 3)",       # drops s^2
                            15: r"p(z) = \mathcal{N}(z \mid 0, 1) (line 3)"},        # + log s
    "vae_logvar_errors.tex": {10: r"q(z) = \mathcal{N}(z; \mu, e^{\ell}) (line 4)",   # sign of -1/2
                              11: None,          # the slip of line 10 silently undone (no fact used)
                              16: r"p(z) = \mathcal{N}(z; 0, 1) (line 4)"},          # - \ell as + \ell
    "reparam_errors.md": {13: r"\epsilon \sim \mathcal{N}(0, 1) (line 3)",            # sigma for sigma^2
                          15: r"\epsilon \sim \mathcal{N}(0, 1) (line 3)"},           # 4th moment 3 sigma^4
    "gaussian_mse_errors.md": {5: None, 9: None},                                     # factor 2; n log sigma
    # the variance of w z under q dropped its w^2: the encoder's and the decoder's facts named
    "elbo_conditional_errors.md": {13: r"q_\phi(z \mid x) = \mathcal{N}(z; \mu, \sigma^2) (line 3)"},
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_planted_errors_are_wrong_with_their_facts(name):
    steps = _audit(DOCS / name)
    wrong = {s.line for s in steps if s.status == "wrong"}
    assert wrong == set(ERRORS[name])
    for s in steps:
        fact = ERRORS[name].get(s.line)
        if s.status == "wrong" and fact is not None:
            assert fact in s.reading.assumptions, s.reading.assumptions
            assert s.counterexample is not None


def test_wrong_steps_of_the_error_documents_are_the_only_changes():
    """Each error document differs from its correct one only on the planted lines, and every
    other step keeps its status."""
    pairs = [("vae_sigma.md", "vae_sigma_errors.md"), ("vae_logvar.tex", "vae_logvar_errors.tex"),
             ("reparam.md", "reparam_errors.md"), ("gaussian_mse.md", "gaussian_mse_errors.md"),
             ("elbo_conditional.md", "elbo_conditional_errors.md")]
    for good, bad in pairs:
        for (line, a), (line2, b) in zip(statuses(good), statuses(bad)):
            assert line == line2
            if line not in ERRORS[bad]:
                assert a == b, (bad, line)


AMBIGUOUS = {   # line -> status; none of these may be wrong
    5: "not_read",       # q stated twice with different parameters in Q1
    7: "undecided",      # E_q[z^2] with q ambiguous: opaque
    13: "undecided",     # E[w^2]: nothing stated about w
    15: "undecided",     # D_KL(r || s) of unknown densities: one opaque value (not not_read)
    21: "undecided",     # E[e^u]: not a polynomial in u
    23: "undecided",     # E[epsilon delta]: two random variables, no joint law stated
    25: "undecided",     # E[log u]
    29: "not_read",      # a multivariate density
    31: "not_read",      # a distribution is not a value
    33: "undecided",     # p(x | z) of unknown form: an abstract function of x, never wrong
}


def test_ambiguous_steps_stay_opaque_or_not_read():
    steps = _audit(DOCS / "ambiguous.md")
    assert not [s for s in steps if s.status == "wrong"]
    got = {s.line: s.status for s in steps if s.status != "definition"}
    assert got == AMBIGUOUS
    reasons = {s.line: s.reason for s in steps}
    assert "q is given two different densities" in reasons[5] and "(line 3)" in reasons[5]
    assert "multivariate" in reasons[29]


def test_facts_of_each_question():
    # Q1 says N(0, 1), Q2 N(0, 4); Q3 says nothing and the two disagree: opaque there
    assert statuses("questions.md") == [(5, "holds"), (11, "holds"), (15, "definition"), (15, "undecided")]


# -- the audit corpus: 04_vae_kl.md ---------------------------------------------------------------

def test_vae_kl_planted_sign_slip_found():
    steps = {(s.line, s.from_[:14]): s for s in _audit(AUDIT_DOCS / "04_vae_kl.md")}
    by_line = {}
    for (line, _), s in steps.items():
        by_line.setdefault(line, []).append(s)
    assert [s.status for s in by_line[7]] == ["holds"]        # log q(z) with q stated in the prose
    assert [s.status for s in by_line[9]] == ["holds"]
    assert [s.status for s in by_line[17]] == ["holds"]       # KL(q || p) = E_q[...]
    slip = by_line[18][0]
    assert slip.status == "wrong"                             # KEY.toml error 1: the sign of the middle term
    assert r"q(z) = \mathcal{N}(z; \mu, \sigma^2) (line 5)" in slip.reading.assumptions
    assert [s.status for s in by_line[19]] == ["wrong"]
    # log p(x | z) = -1/2 ||x - \hat{x}(z)||^2 - ...: the decoder's model with an unknown \hat{x}
    assert [s.status for s in by_line[58]] == ["condition"]


def test_expectation_and_kl_forms():
    """E_{q(z)}, E_{z ~ N(m, v)}, E_q, KL[q || p] and KL(N(m, v) || N(0, 1)); E_{q(w)} with q a
    density of z stays opaque (a condition introducing it, never wrong)."""
    assert statuses("forms.md") == [(5, "holds"), (7, "holds"), (9, "holds"), (11, "holds"),
                                    (13, "holds"), (15, "condition"), (17, "holds"), (19, "holds"),
                                    (21, "holds")]       # E_q(z^2): round brackets
    steps = {s.line: s for s in _audit(DOCS / "forms.md")}
    # a variance written sigma^2: sigma > 0 is an assumption of the step, shown with its facts
    assert steps[13].reading.assumptions[0] == "\\sigma > 0"
    assert "\\mathcal{N}(0,1) (in the step)" in steps[13].reading.assumptions
    assert steps[19].reading.assumptions == ("p(z) = \\mathcal{N}(z; 0, 1) (line 3)",)


def test_a_density_written_in_the_step_is_named_with_its_reading():
    steps = {s.line: s for s in _audit(DOCS / "gaussian_mse.md")}
    assert steps[17].reading.assumptions == ("\\sigma > 0", "\\mathcal{N}(y; \\hat{y}, \\sigma^{2}) (in the step)")
    assert steps[5].reading.assumptions.count("\\sigma > 0") == 1    # said in the prose too: once


def test_facts_of_hostile_text_are_bounded():
    from checks.io.audit.planning.probability import MAX_FACTS
    many = "\n\n".join(f"$\\epsilon_{{{i}}} \\sim \\mathcal{{N}}(0, {i + 1})$" for i in range(3 * MAX_FACTS))
    f = Facts.of(many)
    assert sum(len(v) for v in f.facts.values()) == MAX_FACTS
    # unbalanced brackets, a density of another variable, a variable in its own parameters
    odd = (r"$q(z) = \mathcal{N}(z; 0, 1$ and $r(z) = \mathcal{N}(w; 0, 1)$ and "
           r"$s(z) = \mathcal{N}(z; z, 1)$ and $\delta \sim \mathcal{N}(\delta; 0, 1)$")
    f = Facts.of(odd)
    assert f.lookup("density", "q", "") is None and f.lookup("density", "r", "") is None
    assert f.lookup("density", "s", "") is None and f.lookup("sim", "\\delta", "") is None


def test_a_name_the_text_never_relates_to_the_variable_keeps_a_step_from_wrong():
    # E_q[(z - h)^2] = (mu - h)^2 is wrong for a constant h (it drops sigma^2), but h ("the decoder
    # output", said in words) may depend on z: undecided, naming h; never wrong
    steps = {s.line: s for s in _audit(DOCS / "constants.md")}
    assert steps[7].status == "undecided"
    assert "h read as constant under the expectation over z" in steps[7].reason
    assert not [s for s in steps.values() if s.status == "wrong"]
