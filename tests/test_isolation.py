"""Catalog modules that misbehave at import cost only themselves.

Each test builds a catalog package in tmp_path with good modules around one bad one and
runs the CLI as a subprocess on it: the bad module is one ``error`` naming it and what
happened, every good module's claims are in the JSON report, the exit code says so.
A small memory cap (DERIVCHECK_MEMORY_MIB) makes a runaway allocation fail at once.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest
from tests.conftest import ROOT

pytestmark = pytest.mark.slow   # every test forks a catalog host (and most a CLI)

GOOD = textwrap.dedent('''
    import sympy as sp
    from checks.model.catalog import Document
    from checks.model.claims import Identity
    from checks.dl import sigmoid
    x = sp.Symbol("x", real=True)
    DOCUMENT = Document(file="{id}.txt", id="{id}", questions=("Q1",))
    CLAIMS = [Identity("c", "Q1", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x)),
              Identity("d", "Q1", "sigmoid(x) = 1 - sigmoid(-x)", lhs=sigmoid(x), rhs=1 - sigmoid(-x))]
''')

BAD = {
    "sleep": "import time\ntime.sleep(600)\n",
    # swallows the host's own alarm: only the hard kill from the CLI ends it
    "stubborn": "import time\nwhile True:\n    try:\n        time.sleep(600)\n    except BaseException:\n        pass\n",
    "sys_exit": "import sys\nsys.exit(0)\n",
    "os_exit": "import os\nos._exit(0)\n",
    "sigkill": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    "alloc": "big = bytearray(2 * 1024 ** 3)\n",   # 2 GiB against a 512 MiB cap: refused, never touched
    "raises": "raise RuntimeError('broken on purpose')\n",
}

EXPECT = {
    "sleep": "import did not finish within 10 s",      # --timeout 3: the import budget's floor
    "stubborn": "import did not finish within 10 s",
    "sys_exit": "import called sys.exit(0)",
    "os_exit": "import ended the process (exit code 0",
    "sigkill": "import killed the process (SIGKILL",
    "alloc": "import ran out of memory (cap 512 MiB)",
    "raises": "RuntimeError: broken on purpose",
}


def make_catalog(tmp_path, name, modules: dict):
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for mod, text in modules.items():
        (pkg / f"{mod}.py").write_text(text)
    return pkg


def run_cli(tmp_path, package, *argv, timeout=120, **env):
    full = {**os.environ, "DERIVCHECK_CATALOG": package, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
            "DERIVCHECK_CACHE": str(tmp_path / "cache"), "DERIVCHECK_MEMORY_MIB": "512", **env}
    return subprocess.run([sys.executable, "cli.py", *argv], cwd=ROOT, env=full, capture_output=True,
                          text=True, timeout=timeout)


def claims_of(out):
    return {c["id"]: c for c in json.loads(out.stdout)["claims"]}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_misbehaving_module_is_named_and_the_others_are_checked(tmp_path, kind):
    # good modules on both sides: the one before is checked while the bad one imports,
    # the one after is imported by the host that replaces a dead one
    make_catalog(tmp_path, "cat_" + kind, {"doc000_a": GOOD.format(id="000"), f"doc001_{kind}": BAD[kind],
                                           "doc002_b": GOOD.format(id="002")})
    out = run_cli(tmp_path, "cat_" + kind, "check", "all", "--format", "json", "--timeout", "3", "--no-cache")
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 2, (out.returncode, out.stderr)
    got = claims_of(out)
    assert [i for i in got if got[i]["status"] == "holds"] == ["000/c", "000/d", "002/c", "002/d"], got
    bad = got[f"doc001_{kind}/<module>"]
    assert bad["status"] == "error" and f"cat_{kind}.doc001_{kind}" in bad["detail"], bad
    assert EXPECT[kind] in bad["detail"], bad["detail"]
    assert f"cat_{kind}.doc001_{kind}" in out.stderr and EXPECT[kind] in out.stderr


def test_prints_at_import_never_reach_the_report(tmp_path):
    noisy = GOOD.format(id="001") + "print('{not json')\nimport os\nos.write(1, b'raw bytes on fd 1')\n"
    make_catalog(tmp_path, "noisycat", {"doc000_a": GOOD.format(id="000"), "doc001_noisy": noisy})
    out = run_cli(tmp_path, "noisycat", "check", "all", "--format", "json", "--no-cache")
    assert out.returncode == 0, out.stderr
    assert sorted(claims_of(out)) == ["000/c", "000/d", "001/c", "001/d"]   # stdout is pure JSON
    assert "{not json" in out.stderr and "raw bytes on fd 1" in out.stderr   # sent to stderr, not lost
    listed = run_cli(tmp_path, "noisycat", "list")
    assert listed.returncode == 0 and "{not json" not in listed.stdout and "001/c" in listed.stdout


@pytest.mark.parametrize("newcomer", ["aaa_new", "doc009_new"])   # sorted before and after the owner
def test_a_module_reusing_a_document_id_is_blamed_and_the_owner_still_checked(tmp_path, newcomer):
    dup = GOOD.format(id="003").replace('file="003.txt"', 'file="other.txt"')
    make_catalog(tmp_path, "dupcat", {"doc003_owner": GOOD.format(id="003"), newcomer: dup,
                                      "doc004_b": GOOD.format(id="004")})
    out = run_cli(tmp_path, "dupcat", "check", "all", "--format", "json", "--no-cache")
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    got = claims_of(out)
    assert got["003/c"]["document"] == "003.txt" and got["003/c"]["status"] == "holds"
    assert got["004/c"]["status"] == "holds"
    err = got[f"{newcomer}/<module>"]
    assert err["status"] == "error" and "'003'" in err["detail"]
    assert f"dupcat.{newcomer}" in err["detail"] and "dupcat.doc003_owner" in err["detail"], err["detail"]


def test_two_unnamed_modules_with_one_document_id_blame_the_later(tmp_path):
    make_catalog(tmp_path, "dup2cat", {"first": GOOD.format(id="7"), "second": GOOD.format(id="7")})
    out = run_cli(tmp_path, "dup2cat", "check", "all", "--format", "json", "--no-cache")
    got = claims_of(out)
    assert out.returncode == 2 and got["7/c"]["status"] == "holds"
    assert "dup2cat.first" in got["second/<module>"]["detail"]


def test_list_imports_in_the_host_too(tmp_path):
    make_catalog(tmp_path, "listcat", {"doc000_a": GOOD.format(id="000"), "doc001_exit": BAD["os_exit"],
                                       "doc002_b": GOOD.format(id="002")})
    out = run_cli(tmp_path, "listcat", "list")
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert "000/c" in out.stdout and "002/d" in out.stdout
    assert "listcat.doc001_exit" in out.stderr and "import ended the process" in out.stderr


def test_a_selection_survives_a_module_that_kills_its_host(tmp_path):
    make_catalog(tmp_path, "selcat", {"doc000_a": GOOD.format(id="000"), "doc001_exit": BAD["os_exit"],
                                      "doc002_b": GOOD.format(id="002")})
    out = run_cli(tmp_path, "selcat", "check", "002", "--format", "json", "--no-cache")
    got = claims_of(out)
    assert out.returncode == 2 and got["002/c"]["status"] == "holds" and "000/c" not in got
    assert got["doc001_exit/<module>"]["status"] == "error"
    unknown = run_cli(tmp_path, "selcat", "check", "005", "--no-cache")
    assert unknown.returncode == 2 and "unknown target '005'" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1 and "Traceback" not in unknown.stderr


def test_a_broken_package_init_is_one_error(tmp_path):
    pkg = make_catalog(tmp_path, "initcat", {"doc000_a": GOOD.format(id="000")})
    (pkg / "__init__.py").write_text("import os\nos._exit(3)\n")
    out = run_cli(tmp_path, "initcat", "check", "all", "--format", "json", "--no-cache")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    got = claims_of(out)
    assert list(got) == ["initcat/<module>"] and "exit code 3" in got["initcat/<module>"]["detail"]


@pytest.mark.parametrize("value, says", [
    ("", "DERIVCHECK_CATALOG='' is not a package name"),
    ("no_such_catalog_pkg", "catalog package 'no_such_catalog_pkg' not found"),
    ("not a name", "DERIVCHECK_CATALOG='not a name' is not a package name"),
    ("json.tool", "catalog package 'json.tool' not found"),   # a module, not a package
])
@pytest.mark.parametrize("command", [["check", "all"], ["list"]])
def test_a_bad_catalog_setting_is_one_line_and_exit_2(tmp_path, value, says, command):
    out = run_cli(tmp_path, value, *command)
    assert out.returncode == 2 and out.stderr.startswith("derivcheck: error: "), out.stderr
    assert says in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_a_bad_memory_setting_is_one_line_and_exit_2(tmp_path):
    make_catalog(tmp_path, "memcat", {"doc000_a": GOOD.format(id="000")})
    out = run_cli(tmp_path, "memcat", "check", "all", "--no-cache", DERIVCHECK_MEMORY_MIB="lots")
    assert out.returncode == 2 and "DERIVCHECK_MEMORY_MIB" in out.stderr and "'lots'" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_claims_that_misbehave_while_bound_are_the_module_s_fault(tmp_path):
    # CLAIMS is any iterable: iterating it runs the module's code after the import itself
    lazy = GOOD.format(id="001") + textwrap.dedent('''
        class Endless:
            def __iter__(self):
                import time
                time.sleep(600)
                yield from ()
        CLAIMS = Endless()
    ''')
    make_catalog(tmp_path, "bindcat", {"doc000_a": GOOD.format(id="000"), "doc001_lazy": lazy})
    out = run_cli(tmp_path, "bindcat", "check", "all", "--format", "json", "--timeout", "2", "--no-cache")
    got = claims_of(out)
    assert out.returncode == 2 and got["000/c"]["status"] == "holds"
    assert "import did not finish within 10 s" in got["doc001_lazy/<module>"]["detail"]


def test_binder_in_process_blames_the_newcomer_whatever_the_order(tmp_path, monkeypatch):
    from checks.model import catalog
    dup = GOOD.format(id="003").replace('"d", "Q1"', '"e", "Q1"')   # other claim ids: no id clash to find it by
    make_catalog(tmp_path, "bindcat2", {"aaa_new": dup, "doc003_owner": GOOD.format(id="003"),
                                        "doc004_exit": "import sys\nsys.exit(5)\n"})
    monkeypatch.syspath_prepend(str(tmp_path))
    cat = catalog.load("bindcat2")
    assert [c.id for c in cat.claims()] == ["003/c", "003/d"] and cat.modules == ["bindcat2.doc003_owner"]
    assert [(b.module, b.message) for b in cat.broken] == [
        ("bindcat2.aaa_new", "declares document id '003', which is bindcat2.doc003_owner's (checked as usual); "
                             "this module is not checked until one of the two DOCUMENT ids changes"),
        ("bindcat2.doc004_exit", "import called sys.exit(5)")]


def test_the_import_budget_is_the_claim_budget_with_a_floor():
    from checks.run.host import IMPORT_FLOOR, import_budget
    assert import_budget(1) == IMPORT_FLOOR == 10 and import_budget(45) == 45
    assert import_budget(float("inf")) == import_budget(float("nan")) == import_budget(None) == 30


def test_a_host_that_dies_after_the_imports_turns_the_unsettled_claims_into_errors(tmp_path):
    # a thread started at import ends the host later, while claims are being checked: no module
    # can be blamed for sure, so nothing is restarted; every unsettled claim says what happened
    timer = GOOD.format(id="000") + "import os, threading\nthreading.Timer(2.0, os._exit, (7,)).start()\n"
    slow = textwrap.dedent('''
        import time
        from checks.model.catalog import Document
        from checks.model.claims import Property
        def slow_cases():
            time.sleep(300)
            return [1]
        DOCUMENT = Document(file="slow.txt", id="slow", questions=("Q",))
        CLAIMS = [Property("p", "Q", "sleeps", predicate=lambda case: True, cases=slow_cases)]
    ''')
    make_catalog(tmp_path, "diecat", {"doc000_timer": timer, "doc001_slow": slow})
    out = run_cli(tmp_path, "diecat", "check", "all", "--format", "json", "--timeout", "100", "--no-cache")
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    got = claims_of(out)
    assert got["slow/p"]["status"] == "error" and "host process died (exit code 7)" in got["slow/p"]["detail"]
