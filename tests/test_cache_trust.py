"""The verdict cache and catalog snapshots never lie and never break a run: whatever is
read is checked (own key, digest, shape), anything off is a miss; keys cover every file
of the catalog package; deferred parts are keyed without being built; a failed write
leaves nothing behind."""
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp
from tests.conftest import ROOT

from checks.model import claims, verdict
from checks.model.claims import Identity, Property, later
from checks.run import cache, runner, snapshot
from checks.run.cache import VerdictCache, atomic_write, default_dir

_names = itertools.count()

DOC = """\
import os
import sympy as sp
from checks.model.catalog import Document
from checks.model.claims import Identity, Property, later
from checks.dl import sigmoid
{imports}
with open(os.environ["TRUST_MARKER"], "a") as fh:   # counts imports of this module
    fh.write("imported\\n")
x = sp.Symbol("x", real=True)
DOCUMENT = Document(file="t.txt", id="t", questions=("Q1",))
CLAIMS = [
    Identity("sym", "Q1", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x)),
{claims}
]
"""


def make_catalog(tmp_path, claims_src, imports="", lib=None) -> dict:
    """A catalog package in tmp_path with one document module (and a _lib package of
    helper modules), and the environment that checks it with its own cache."""
    name = f"trustcat{next(_names)}"
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "doc.py").write_text(DOC.format(imports=imports, claims=claims_src))
    if lib is not None:
        (pkg / "_lib").mkdir()
        (pkg / "_lib" / "__init__.py").write_text("")
        for fname, src in lib.items():
            (pkg / "_lib" / fname).write_text(src)
    return {"pkg": pkg, "cache": tmp_path / "cache", "marker": tmp_path / "marker",
            "env": {**os.environ, "DERIVCHECK_CATALOG": name, "PYTHONPATH": f"{tmp_path}:{ROOT}",
                    "DERIVCHECK_CACHE": str(tmp_path / "cache"), "TRUST_MARKER": str(tmp_path / "marker")}}


def check(cat, *extra):
    """(exit code, {claim id: claim object}, number of times the module was imported)."""
    before = cat["marker"].read_text().count("imported") if cat["marker"].exists() else 0
    out = subprocess.run([sys.executable, "cli.py", "check", "all", "--format", "json", *extra],
                         cwd=ROOT, env=cat["env"], capture_output=True, text=True)
    assert "Traceback" not in out.stderr, out.stderr
    report = json.loads(out.stdout)
    after = cat["marker"].read_text().count("imported") if cat["marker"].exists() else 0
    return out.returncode, {c["id"]: c for c in report["claims"]}, after - before


def snapshots(cat) -> list:
    return sorted((cat["cache"] / "modules").glob("*.json"))


def entries(cat) -> list:
    return sorted(cat["cache"].glob("claims/pack-*.json"))


# A claim the document states as holding that is false: the run must say so.
FALSE = '    Identity("false", "Q1", "sigmoid(-x) = sigmoid(x)", lhs=sigmoid(-x), rhs=sigmoid(x)),'


def _flip_to_holds(v: dict):
    v.update(status="holds", strength="proof", method="structural", counterexample=None)


@pytest.mark.slow
def test_a_snapshot_edited_on_disk_is_recomputed_and_the_false_claim_reported(tmp_path):
    cat = make_catalog(tmp_path, FALSE)
    code, got, imports = check(cat)
    assert code == 1 and got["t/false"]["status"] == "wrong" and imports == 1
    assert check(cat)[2] == 0                       # the untouched snapshot is used: no import
    [snap] = snapshots(cat)
    data = json.loads(snap.read_text())
    for row in data["content"]:
        if row["id"] == "t/false":
            _flip_to_holds(row)   # a row is Result.to_json(): the verdict fields are flat
    snap.write_text(json.dumps(data))               # well-formed, but its digest no longer matches
    code, got, imports = check(cat)
    assert imports == 1 and got["t/false"]["status"] == "wrong" and not got["t/false"]["ok"]
    assert code == 1


@pytest.mark.slow
def test_an_edited_verdict_entry_is_recomputed(tmp_path):
    cat = make_catalog(tmp_path, FALSE)
    check(cat)
    for snap in snapshots(cat):
        snap.unlink()                               # only the per-claim cache is left
    [pack] = entries(cat)
    data = json.loads(pack.read_text())
    edited = [v for v in data["content"].values() if v["status"] == "wrong"]
    assert len(edited) == 1
    _flip_to_holds(edited[0])
    pack.write_text(json.dumps(data))
    code, got, _ = check(cat)
    assert code == 1 and got["t/false"]["status"] == "wrong"
    assert len(entries(cat)) == 1 and entries(cat) != [pack]   # the altered pack is replaced


@pytest.mark.slow
def test_a_snapshot_is_only_used_for_its_own_key(tmp_path):
    # a well-sealed snapshot (digest recomputed) made for other sources is still a miss
    cat = make_catalog(tmp_path, FALSE)
    check(cat)
    [snap] = snapshots(cat)
    data = json.loads(snap.read_text())
    for row in data["content"]:
        if row["id"] == "t/false":
            _flip_to_holds(row)   # a row is Result.to_json(): the verdict fields are flat
    snap.write_text(cache.sealed(snapshot.FORMAT, "0" * 32, data["content"]))
    code, got, imports = check(cat)
    assert imports == 1 and code == 1 and got["t/false"]["status"] == "wrong"


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],                                   # truncated JSON
    lambda text: "[]",                                                     # a list, not a dict
    lambda text: json.dumps({**json.loads(text), "content": {"rows": 1}}),  # wrong shape
    lambda text: text.replace('"tags": []', '"tags": 7', 1),               # a wrong type
    lambda text: "[" * 100000 + "]" * 100000,                              # nesting past the recursion limit
    lambda text: "\xff\xfe not even text",
])
@pytest.mark.slow
def test_a_malformed_snapshot_is_a_miss_then_rewritten(tmp_path, damage):
    cat = make_catalog(tmp_path, "")
    assert check(cat)[0] == 0
    [snap] = snapshots(cat)
    snap.write_text(damage(snap.read_text()))
    code, got, imports = check(cat)
    assert code == 0 and imports == 1 and got["t/sym"]["status"] == "holds"
    code, _, imports = check(cat)                   # rewritten: the next run imports nothing
    assert code == 0 and imports == 0


@pytest.mark.slow
def test_malformed_verdict_packs_are_misses(tmp_path):
    cat = make_catalog(tmp_path, "")
    check(cat)
    for bad in ("{", "[1, 2]", json.dumps({"status": "holds"}), "null",
                lambda text: json.dumps({**json.loads(text), "content": []})):
        for snap in snapshots(cat):
            snap.unlink()
        [pack] = entries(cat)
        pack.write_text(bad(pack.read_text()) if callable(bad) else bad)
        code, got, imports = check(cat)
        assert code == 0 and imports == 1 and got["t/sym"]["status"] == "holds"
        [again] = entries(cat)
        assert VerdictCache(cat["cache"])._load(), "the bad pack was replaced by a good one"


# act() lives in _lib/helpers.py and calls _lib/inner.py: only inner.py changes, so
# neither the document nor act's own source does.
HELPERS = "from .inner import body\n\ndef act(v):\n    return body(v)\n"
INNER = "import sympy as sp\n\ndef body(v):\n    return {body}\n"


@pytest.mark.slow
@pytest.mark.parametrize("use", ["expression", "predicate", "deferred"])
def test_a_changed_helper_module_under_lib_changes_the_verdict_with_the_cache_on(tmp_path, use):
    claim = {
        "expression": '    Identity("act", "Q1", "act(x) = tanh(x)", lhs=act(x), rhs=sp.tanh(x)),',
        "predicate": '    Property("act", "Q1", "act is tanh at 0..2", cases=lambda: [0, 1, 2],\n'
                     '             predicate=lambda n: build.same(act(sp.Integer(n)), sp.tanh(n))),',
        "deferred": '    Identity("act", "Q1", "act(x) = tanh(x)", lhs=later(act, x), rhs=sp.tanh(x)),',
    }[use]
    cat = make_catalog(tmp_path, claim, imports="from ._lib.helpers import act\nfrom checks import build",
                       lib={"helpers.py": HELPERS, "inner.py": INNER.format(body="sp.tanh(v)")})
    inner = cat["pkg"] / "_lib" / "inner.py"
    code, got, _ = check(cat)
    assert code == 0 and got["t/act"]["status"] == "holds"
    inner.write_text(INNER.format(body="sp.tanh(v) + 1"))
    assert check(cat, "--no-cache")[1]["t/act"]["status"] == "wrong"
    code, got, imports = check(cat)                 # snapshots of the old sources are present
    assert imports == 1 and got["t/act"]["status"] == "wrong" and code == 1
    assert len(snapshots(cat)) == 1                 # the old sources' snapshot is removed
    if use == "expression":
        return   # its expression itself changed; the rest is about code the claim calls
    # The per-claim fingerprint alone (no snapshots): both versions have an entry now,
    # and the original sources must find the original verdict, not the last one written.
    for snap in snapshots(cat):
        snap.unlink()
    inner.write_text(INNER.format(body="sp.tanh(v)"))
    code, got, _ = check(cat)
    assert code == 0 and got["t/act"]["status"] == "holds"


def _explode(*args):
    raise AssertionError("a fingerprint must not build a deferred part")


def test_a_deferred_fingerprint_never_calls_its_builder():
    x = sp.Symbol("x", real=True)
    c = Identity("t/d", "1", "d", lhs=later(_explode, x, 3)[0], rhs=later(_explode, x, 3)[1])
    assert c.fingerprint() == c.fingerprint()
    assert c.fingerprint() != Identity("t/d", "1", "d", lhs=later(_explode, x, 4)[0],
                                       rhs=later(_explode, x, 3)[1]).fingerprint()


built = []


def _counted_pair():
    built.append(os.getpid())
    x = sp.Symbol("x", real=True)
    return sp.sin(x) ** 2, 1 - sp.cos(x) ** 2


def test_a_run_with_the_cache_builds_deferred_parts_only_in_workers(tmp_path):
    built.clear()
    lhs, rhs = later(_counted_pair).split(2)
    claim = Identity("t/pyth", "1", "sin^2 = 1 - cos^2", lhs=lhs, rhs=rhs)
    got = runner.verdicts([claim], jobs=2, timeout=20, cache=VerdictCache(tmp_path))
    assert got["t/pyth"]["status"] == "holds" and built == []   # the parent built nothing
    again = VerdictCache(tmp_path)
    assert runner.verdicts([claim], jobs=2, timeout=20, cache=again)["t/pyth"]["status"] == "holds"
    assert again.hits == 1 and built == []


def test_an_empty_DERIVCHECK_CACHE_means_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("DERIVCHECK_CACHE", "")
    assert default_dir() == Path(".derivcheck-cache")
    monkeypatch.setenv("DERIVCHECK_CACHE", str(tmp_path / "c"))
    assert default_dir() == tmp_path / "c"
    cat = make_catalog(tmp_path, "")
    work = tmp_path / "work"
    work.mkdir()
    env = {**cat["env"], "DERIVCHECK_CACHE": ""}
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", "all"], cwd=work, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert [p.name for p in work.iterdir()] == [".derivcheck-cache"]
    assert list((work / ".derivcheck-cache" / "modules").glob("doc-*.json"))


def _failing_replace(src, dst):
    raise OSError(28, "No space left on device")


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", _failing_replace)
    target = tmp_path / "d" / "entry.json"
    assert atomic_write(target, "{}") is False
    assert list(tmp_path.rglob("*")) == [tmp_path / "d"]


class _FullDisk:
    def __init__(self, fd):
        os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text):
        raise OSError(28, "No space left on device")


def test_a_write_that_fails_halfway_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(fd))
    assert atomic_write(tmp_path / "entry.json", "{}") is False
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_no_temporary_file_and_still_interrupts(tmp_path, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "entry.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_never_fails_a_run_nor_leaves_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", _failing_replace)
    x = sp.Symbol("x", real=True)
    claims_ = [Identity(f"t/c{i}", "1", "c", lhs=(x + i) ** 2, rhs=x ** 2 + 2 * i * x + i ** 2)
               for i in range(4)]
    store = VerdictCache(tmp_path / "cache")
    got = runner.verdicts(claims_, jobs=1, timeout=20, cache=store)
    assert all(v["status"] == "holds" for v in got.values())
    assert not store.writable                                  # it stops trying
    results = runner.results(claims_, got=got)
    snapshot.save("pkg.doc", results, _pkg_with(tmp_path, "doc"), 0, tmp_path / "cache")
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []


def test_a_read_only_cache_folder_never_fails_a_run(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        store = VerdictCache(ro)
        x = sp.Symbol("x", real=True)
        got = runner.verdicts([Identity("t/c", "1", "c", lhs=x, rhs=x)], jobs=1, timeout=20, cache=store)
        assert got["t/c"]["status"] == "holds" and list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)


def _pkg_with(tmp_path, module) -> Path:
    pkg = tmp_path / "pkg"
    pkg.mkdir(exist_ok=True)
    (pkg / "__init__.py").write_text("")
    (pkg / f"{module}.py").write_text("")
    return pkg


def test_a_flush_drops_the_entries_of_other_engine_versions(tmp_path):
    store = VerdictCache(tmp_path)
    v = verdict.holds("proof", "structural").to_dict()
    old, new = "0" * 16 + "-" + "ab" * 20, store.key("fp", 0)
    store.put(old, v)
    store.put(new, v)
    store.flush()
    fresh = VerdictCache(tmp_path)
    assert fresh.get(new) == v and fresh.get(old) is None


def test_verdict_packs_round_trip_and_reject_tampering(tmp_path):
    store = VerdictCache(tmp_path)
    ab, cd, ef = (store.key(fp, 0) for fp in ("ab", "cd", "ef"))
    v = verdict.holds("proof", "structural", steps=[{"index": 1}]).to_dict()
    store.put(ab, v)
    store.put(ef, verdict.undecided("timeout").to_dict())   # unsettled: never stored
    store.flush()
    fresh = VerdictCache(tmp_path)
    assert fresh.get(ab) == json.loads(json.dumps(v))
    assert fresh.get(cd) is None and fresh.get(ef) is None
    [pack] = (tmp_path / "claims").glob("pack-*.json")
    data = json.loads(pack.read_text())
    data["content"][cd] = data["content"][ab]               # an entry under another key
    pack.write_text(json.dumps(data))
    assert VerdictCache(tmp_path).get(cd) is None
    assert VerdictCache(tmp_path).get(ab) is None          # the whole pack is off


def test_a_well_sealed_pack_with_a_malformed_entry_keeps_only_the_valid_ones(tmp_path):
    v = verdict.wrong("numeric").to_dict()
    content = {"ab" * 20: v, "cd" * 20: {**v, "status": "holds"}, "ef" * 20: [1]}
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "pack-1.json").write_text(cache.sealed(cache.PACK_FORMAT, cache.PACK_KEY, content))
    store = VerdictCache(tmp_path)
    assert store.get("ab" * 20) == v and store.get("cd" * 20) is None and store.get("ef" * 20) is None


@pytest.mark.parametrize("change", [
    {"status": "maybe"}, {"strength": None}, {"status": "wrong"}, {"seconds": float("nan")},
    {"seconds": -1}, {"seconds": True}, {"method": 3}, {"steps": "none"}, {"counterexample": []},
    {"residual": 0}, {"extra": 1},
])
def test_valid_verdict_rejects_every_wrong_field(change):
    v = verdict.holds("proof", "structural").to_dict()
    assert cache.valid_verdict(v)
    assert not cache.valid_verdict({**v, **change})


def test_the_schemas_repeated_outside_sympy_agree():
    assert cache.STATUSES == verdict.STATUSES and cache.STRENGTHS == verdict.STRENGTHS
    assert snapshot.DECLARED == claims.DECLARED


def test_every_py_file_of_the_tree_counts_in_its_hash(tmp_path):
    (tmp_path / "_lib" / "deep").mkdir(parents=True)
    (tmp_path / "_lib" / "deep" / "h.py").write_text("A = 1\n")
    before = cache.tree_hash(str(tmp_path))
    cache.tree_hash.cache_clear()
    (tmp_path / "_lib" / "deep" / "h.py").write_text("A = 2\n")
    assert cache.tree_hash(str(tmp_path)) != before
    cache.tree_hash.cache_clear()


@pytest.mark.slow
def test_fingerprints_do_not_depend_on_the_hash_seed():
    code = ("from checks.model import catalog\n"
            "cl = [t for c in catalog.load().claims() for t in (c, c.correction) if t is not None]\n"
            "print([c.fingerprint() for c in cl])\n")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}).stdout
            for seed in ("1", "2")}
    assert len(outs) == 1 and len(outs.pop()) > 1000


def test_an_expression_key_tells_apart_what_srepr_confuses():
    x = sp.Symbol("x", real=True)
    f, g = sp.Function("f"), sp.Function("f", positive=True)
    assert sp.srepr(f(x)) == sp.srepr(g(x))
    key = lambda e: Identity("t/k", "1", "k", lhs=e, rhs=0).fingerprint()
    assert key(f(x)) != key(g(x))
    assert key(x + sp.Float(1.0)) != key(x + 1)
    assert key(sp.Symbol("x", real=True)) != key(sp.Symbol("x", positive=True))
    assert key(sp.Float("0.1", 20)) != key(sp.Float("0.1", 30))


def test_the_claim_id_is_part_of_the_key_since_it_seeds_the_sample_points():
    x = sp.Symbol("x", real=True)
    a = Identity("t/a", "1", "s", lhs=sp.sin(x), rhs=x)
    assert a.fingerprint() != Identity("t/b", "1", "s", lhs=sp.sin(x), rhs=x).fingerprint()
    assert a.fingerprint() == Identity("t/a", "2", "other words", lhs=sp.sin(x), rhs=x).fingerprint()


def test_a_predicate_that_recurses_through_its_closure_has_a_fingerprint():
    def make(k):
        def walk(n):
            return n <= 0 or walk(n - k)
        return walk
    key = lambda k: Property("t/r", "1", "r", predicate=make(k), cases=lambda: [3]).fingerprint()
    assert key(1) == key(1) != key(2)
