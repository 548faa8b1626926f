"""Deferred claim parts (claims.later): built once, when the claim is checked, in the
worker that checks it; claims that share one go to one worker."""
import importlib
import os
import sys

import pytest
import sympy as sp

from checks.model.claims import Identity, Chain, Property, later
from checks.run import engine, runner

x = sp.Symbol("x", real=True)
calls = []


def _pair():
    calls.append(1)
    return sp.sin(x) ** 2, 1 - sp.cos(x) ** 2


def test_a_deferred_part_is_built_once_and_only_when_checked():
    calls.clear()
    lhs, rhs = later(_pair).split(2)
    claim = Identity("t/pyth", "1", "sin^2 = 1 - cos^2", lhs=lhs, rhs=rhs)
    assert calls == []                      # defining the claim builds nothing
    resolved = claim.resolved()
    assert calls == [1]                     # both halves from one build
    assert resolved.lhs == sp.sin(x) ** 2 and resolved.rhs == 1 - sp.cos(x) ** 2
    assert engine.check(claim).status == "holds"
    assert calls == [1]


def test_chain_steps_may_be_deferred_one_by_one_or_as_a_whole():
    steps = (later(lambda: (x + 1) ** 2), x ** 2 + 2 * x + 1)
    assert engine.check(Chain("t/c1", "1", "square", steps=steps)).status == "holds"
    assert engine.check(Chain("t/c2", "1", "square", steps=later(lambda: steps))).status == "holds"


def test_a_part_that_fails_to_build_is_that_claims_error():
    def broken():
        raise ValueError("no such layer: 7")
    v = engine.check(Identity("t/broken", "1", "broken", lhs=later(broken), rhs=0))
    assert v.status == "error" and "no such layer: 7" in v.detail


def test_unpacking_a_deferred_is_refused_not_an_endless_loop():
    with pytest.raises(TypeError, match="split"):
        a, b = later(_pair)


def test_the_fingerprint_keys_a_deferred_part_by_its_builder_and_arguments_without_building_it():
    calls.clear()
    a = Identity("t/f", "1", "s", lhs=later(_pair)[0], rhs=1 + x)
    b = Identity("t/f", "1", "s", lhs=later(_pair)[1], rhs=1 + x)
    again = Identity("t/f", "1", "s", lhs=later(_pair)[0], rhs=1 + x)
    one, two = (Identity("t/f", "1", "s", lhs=later(lambda: x + 1), rhs=0),
                Identity("t/f", "1", "s", lhs=later(lambda: x + 2), rhs=0))  # one source line
    assert a.fingerprint() == again.fingerprint() != b.fingerprint()
    assert one.fingerprint() != two.fingerprint()
    assert calls == []


def test_claims_sharing_a_deferred_part_are_checked_in_one_worker():
    # the part is the worker's pid: a claim 'pid = 0' is wrong with the pid as its residual
    pid = later(lambda: sp.Integer(os.getpid()))
    claims = [Identity(f"t/pid{i}", "1", "pid = 0", lhs=pid, rhs=0) for i in range(4)]
    got = runner.verdicts(claims, jobs=2, timeout=10)
    residuals = {got[c.id]["residual"] for c in claims}
    assert len(residuals) == 1 and residuals != {str(os.getpid())}


def test_a_change_to_a_helper_of_a_predicate_changes_its_fingerprint(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    src = "def _helper(c):\n    return c {op} 0\n\npredicate = lambda c: _helper(c)\n"

    def fingerprint(op):
        (tmp_path / "fp_module.py").write_text(src.format(op=op))
        sys.modules.pop("fp_module", None)
        importlib.invalidate_caches()
        from checks.model import fingerprint as fp
        fp._file_hash.cache_clear()
        mod = importlib.import_module("fp_module")
        return Property("t/p", "1", "p", predicate=mod.predicate, cases=lambda: [1]).fingerprint()

    assert fingerprint(">=") != fingerprint("<=")
