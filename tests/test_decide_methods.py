"""decide as an ordered table of methods, each answering one outcome type, and no
silent failure: an exception a method swallows is named in the verdict's detail, and
raised under DERIVCHECK_DEBUG=1."""
import dataclasses

import pytest
import sympy as sp

from checks.dl import relu
from checks.prove import decide as decide_mod
from checks.prove import rewrites
from checks.prove.budget import BUDGETS, Deadline
from checks.prove.decide import METHODS, _Claim, _in_order, decide
from checks.prove.domains import Domain
from checks.prove.outcome import Proved, Refuted, Unknown

x, y = sp.symbols("x y", real=True)
k = sp.Symbol("k", integer=True)


def test_the_table_is_the_readme_order():
    assert [m.__name__ for m in METHODS] == ["structural", "exact_reading", "screen", "rewrites", "regions",
                                             "sampling", "bounded", "numeric"]


def _claim(lhs, rhs, assume=(), sizes=None):
    return _Claim(lhs, rhs, assume, Domain.from_assumptions(lhs.free_symbols | rhs.free_symbols, assume),
                  Deadline(10), 0, "t", sizes)


def test_case_nodes_put_regions_before_rewrites():
    names = [m.__name__ for m in _in_order(_claim(relu(x), sp.Max(x, 0)))]
    assert names.index("regions") < names.index("rewrites")
    names = [m.__name__ for m in _in_order(_claim(sp.exp(x), sp.exp(x) + 1))]
    assert names.index("rewrites") < names.index("regions")


@pytest.mark.parametrize("lhs, rhs, settled_by", [
    (x + 1, x + 1, ("structural", Proved)),
    ((x + 1) ** 2, x ** 2 + 2 * x + 1, ("exact_reading", Proved)),
    (sp.exp(x), sp.exp(x) + sp.Rational(1, 10 ** 6), ("screen", Refuted)),
    (relu(x) - relu(-x), x, ("regions", Proved)),
])
def test_each_method_answers_one_outcome_type_and_the_first_settled_one_decides(lhs, rhs, settled_by):
    c = _claim(lhs, rhs)
    for method in _in_order(c):
        out = method(c)
        assert isinstance(out, (Proved, Refuted, Unknown)), (method.__name__, out)
        if not isinstance(out, Unknown):
            assert (method.__name__, type(out)) == settled_by
            assert decide(lhs, rhs).method == out.method
            return
    pytest.fail("no method settled the claim")


def test_the_budgets_are_one_frozen_configuration():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BUDGETS.sample_points = 10
    assert (BUDGETS.screen_points, BUDGETS.sample_points, BUDGETS.min_valid_points) == (8, 48, 6)


# --- no silent failure ---------------------------------------------------------------------

def _boom(*args, **kw):
    raise RuntimeError("boom")


def test_a_rewrite_that_raises_is_named_in_the_detail(monkeypatch):
    monkeypatch.setattr(rewrites, "pipeline_for", lambda d: (("expand", _boom),))
    v = decide(sp.log(x * y), sp.log(x) + sp.log(y), (x > 0, y > 0))
    assert v.status == "holds" and v.strength == "numeric"
    assert "swallowed: expand: RuntimeError: boom" in v.detail


def test_a_region_split_that_raises_is_named_in_the_detail(monkeypatch):
    monkeypatch.setattr(decide_mod, "decide_regions", _boom)
    v = decide(relu(x) - relu(-x), x)
    assert "regions: RuntimeError: boom" in v.detail


def test_a_closed_form_that_raises_is_named_in_the_detail(monkeypatch):
    monkeypatch.setattr(decide_mod, "_refine_conditions", _boom)
    v = decide(sp.Sum(x ** k, (k, 0, sp.oo)), 2 / (1 - x), (x > 0, x < 1))
    assert v.status != "wrong" and "closed form: RuntimeError: boom" in v.detail


@pytest.mark.parametrize("where", ["rewrite", "regions", "closed form"])
def test_DERIVCHECK_DEBUG_raises_what_would_be_swallowed(monkeypatch, where):
    monkeypatch.setenv("DERIVCHECK_DEBUG", "1")
    if where == "rewrite":
        monkeypatch.setattr(rewrites, "pipeline_for", lambda d: (("expand", _boom),))
        claim = (sp.log(x * y), sp.log(x) + sp.log(y), (x > 0, y > 0))
    elif where == "regions":
        monkeypatch.setattr(decide_mod, "decide_regions", _boom)
        claim = (relu(x) - relu(-x), x, ())
    else:
        monkeypatch.setattr(decide_mod, "_refine_conditions", _boom)
        claim = (sp.Sum(x ** k, (k, 0, sp.oo)), 2 / (1 - x), (x > 0, x < 1))
    with pytest.raises(RuntimeError, match="boom"):
        decide(*claim)
