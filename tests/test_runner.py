"""Isolation, budgets, determinism and the verdict cache."""
import textwrap

import pytest

import sympy as sp

from checks.dl import sigmoid, relu
from checks.model import catalog
from checks.model.claims import Identity, Property
from checks.run import isolation, runner
from checks.run import results as run_results
from checks.run.cache import VerdictCache

x, y = sp.symbols("x y", real=True)


def _placed(c):
    return c.placed("t.txt", "t")


def slow_cases():
    import time
    time.sleep(60)
    return [1]


def spin_cases():
    import time
    t = time.process_time()
    while time.process_time() - t < 60:   # CPU-bound, and deaf to the engine's own limits
        pass
    return [1]


@pytest.mark.slow
def test_a_hanging_claim_is_killed_by_the_wall_clock_backstop_and_undecided():
    import time
    c = _placed(Property("hang", "Q", "sleeps", predicate=lambda case: True, cases=slow_cases))
    t0 = time.monotonic()
    (r,) = runner.results([c], timeout=1, jobs=1)
    took = time.monotonic() - t0
    # a claim that waits uses no CPU: only the backstop ends it, never before it is due
    assert isolation.WALL_FACTOR * 1 <= took < isolation.WALL_FACTOR * 1 + isolation.GRACE + 3
    assert r.verdict.status == "undecided" and r.verdict.method == "timeout"


@pytest.mark.slow
def test_a_spinning_claim_is_killed_by_its_cpu_budget_before_the_backstop(monkeypatch):
    # The wall-clock backstop moved far away (60 s for a 2 s budget): only the CPU budget can
    # end the claim in time, however loaded the machine (a 2 s spin then takes far less than 60 s).
    import time
    monkeypatch.setattr(runner, "WALL_FACTOR", 30)
    c = _placed(Property("spin", "Q", "spins", predicate=lambda case: True, cases=spin_cases))
    t0 = time.monotonic()
    (r,) = runner.results([c], timeout=2, jobs=1)
    assert time.monotonic() - t0 < 30 * 2
    assert r.verdict.status == "undecided" and r.verdict.method == "timeout"


def eat_memory():
    return [bytearray(10 ** 9) for _ in range(100)]


@pytest.mark.slow
def test_a_claim_that_exhausts_memory_costs_only_itself():
    bad = _placed(Property("oom", "Q", "eats memory", predicate=lambda case: True, cases=eat_memory))
    good = _placed(Identity("fine", "Q", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x)))
    got = {r.id: r for r in runner.results([bad, good], timeout=20, jobs=2)}
    assert got["t/oom"].verdict.status in ("undecided", "error")
    assert got["t/fine"].verdict.status == "holds"


@pytest.mark.slow
def test_claims_queued_behind_a_killed_or_crashed_claim_are_still_checked(monkeypatch):
    # With one worker, the claims after the bad ones wait in that worker's queue; they must
    # go to the fresh worker, not share the verdict of the claim that was killed.
    hang = _placed(Property("hang", "Q", "spins", predicate=lambda case: True, cases=spin_cases))
    oom = _placed(Property("oom", "Q", "eats memory", predicate=lambda case: True, cases=eat_memory))
    goods = [_placed(Identity(f"fine{i}", "Q", "relu(x) - relu(-x) = x", lhs=relu(x) - relu(-x) + i,
                              rhs=x + i)) for i in range(3)]
    recorded = []   # every verdict the pool takes in, so that none is given twice
    record = runner.Pool._record
    monkeypatch.setattr(runner.Pool, "_record",
                        lambda self, i, r: (recorded.append(self.tasks[i].id), record(self, i, r))[1])
    got = {r.id: r.verdict for r in runner.results([hang, goods[0], oom] + goods[1:], timeout=2, jobs=1)}
    assert got["t/hang"].method == "timeout" and got["t/oom"].status in ("undecided", "error")
    assert all(got[f"t/fine{i}"].status == "holds" for i in range(3)), got
    assert sorted(recorded) == sorted(got), recorded


def test_a_claim_that_raises_is_an_error_naming_it():
    c = _placed(Property("boom", "Q", "raises", predicate=lambda case: 1 / 0, cases=lambda: [1]))
    (r,) = runner.results([c], timeout=10, jobs=1)
    assert r.verdict.status == "error" and "ZeroDivisionError" in r.verdict.detail


def test_same_seed_same_verdicts_with_any_jobs():
    claims = [_placed(Identity(f"c{i}", "Q", "s", lhs=relu(x - 100 + i) + y, rhs=y)) for i in range(4)]
    one = runner.verdicts(claims, seed=3, timeout=20, jobs=1)
    two = runner.verdicts(claims, seed=3, timeout=20, jobs=2)
    strip = lambda d: {k: {kk: vv for kk, vv in v.items() if kk != "seconds"} for k, v in d.items()}
    assert strip(one) == strip(two)


def test_cache_hits_and_invalidation(tmp_path):
    cache = VerdictCache(tmp_path)
    a = _placed(Identity("a", "Q", "s", lhs=sigmoid(-x), rhs=1 - sigmoid(x)))
    b = _placed(Identity("b", "Q", "s", lhs=sigmoid(x), rhs=1 - sigmoid(-x)))
    runner.verdicts([a, b], seed=0, timeout=20, jobs=1, cache=cache)
    assert cache.hits == 0 and cache.misses == 2
    cache2 = VerdictCache(tmp_path)
    runner.verdicts([a, b], seed=0, timeout=20, jobs=1, cache=cache2)
    assert cache2.hits == 2
    # change one claim's mathematics: exactly that one is recomputed
    b2 = _placed(Identity("b", "Q", "s", lhs=sigmoid(x), rhs=1 - sigmoid(x)))
    cache3 = VerdictCache(tmp_path)
    got = runner.verdicts([a, b2], seed=0, timeout=20, jobs=1, cache=cache3)
    assert (cache3.hits, cache3.misses) == (1, 1) and got["t/b"]["status"] == "wrong"
    # another seed is another key
    cache4 = VerdictCache(tmp_path)
    runner.verdicts([a], seed=1, timeout=20, jobs=1, cache=cache4)
    assert cache4.hits == 0


def test_engine_version_is_part_of_the_key(tmp_path, monkeypatch):
    import checks.run.cache as cache_mod
    cache = VerdictCache(tmp_path)
    k1 = cache.key("fp", 0)
    monkeypatch.setattr(cache_mod, "engine_version", lambda: "another-engine")
    assert cache.key("fp", 0) != k1


def test_statement_text_is_not_part_of_the_fingerprint():
    a = Identity("a", "Q", "one wording", lhs=sigmoid(x), rhs=sigmoid(x))
    b = Identity("a", "Q", "other wording", lhs=sigmoid(x), rhs=sigmoid(x))
    c = Identity("a", "Q", "one wording", lhs=sigmoid(x), rhs=sigmoid(y))
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


def test_a_broken_module_is_named_and_the_rest_still_loads(tmp_path, monkeypatch):
    pkg = tmp_path / "fakecat"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "good.py").write_text(textwrap.dedent('''
        import sympy as sp
        from checks.model.catalog import Document
        from checks.model.claims import Identity
        x = sp.Symbol("x", real=True)
        DOCUMENT = Document(file="good.txt", id="g", questions=("Q1",))
        CLAIMS = [Identity("c", "Q1", "x = x", lhs=x, rhs=x)]
    '''))
    (pkg / "bad.py").write_text("raise RuntimeError('broken on purpose')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    cat = catalog.load("fakecat")
    assert [b.module for b in cat.broken] == ["fakecat.bad"]
    assert "broken on purpose" in cat.broken[0].message
    assert [c.id for c in cat.claims()] == ["g/c"]
    r = run_results.broken_module_result(cat.broken[0])
    assert r.verdict.status == "error" and "fakecat.bad" in r.verdict.detail


def _pid():
    import os
    return sp.Integer(os.getpid())


def test_a_batch_is_dealt_to_the_workers_as_contiguous_runs():
    # neighbouring claims share SymPy's cache: with 2 jobs, the first half of a batch goes to
    # one worker and the second half to the other (round robin would alternate them)
    from checks.model.claims import later
    claims = [Identity(f"t/pid{i}", "1", "pid = 0", lhs=later(_pid), rhs=0) for i in range(6)]
    got = runner.verdicts(claims, jobs=2, timeout=10)
    pids = [got[c.id]["residual"] for c in claims]
    assert len(set(pids[:3])) == 1 and len(set(pids[3:])) == 1 and pids[0] != pids[3], pids
