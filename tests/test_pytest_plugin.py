"""The pytest plugin (checks/io/pytest_plugin.py), run as a user runs it: pytest in a
subprocess (pytester) on a tiny catalog package made here and on a Markdown document.

Each run loads the plugin with ``-p checks.io.pytest_plugin`` and entry-point autoloading off,
so that the checkout under test is what runs whether or not derivcheck is installed with its
entry point (``test_the_entry_point_*`` checks that one). The verdict cache is shared by
the module's runs (one directory): the catalog is the same in every test, so only the first
run checks it; ``test_under_xdist_*`` runs without the cache."""
from __future__ import annotations

import importlib
import os
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

CATALOG = textwrap.dedent('''
    import os
    import sympy as sp
    from checks.model.catalog import Document
    from checks.model.claims import Identity, erratum
    from checks.dl import sigmoid
    if os.environ.get("TINYCAT_IMPORTS"):   # counts the imports of this module (one per engine run)
        with open(os.environ["TINYCAT_IMPORTS"], "a") as fh:
            fh.write("imported\\n")
    x = sp.Symbol("x", real=True)
    DOCUMENT = Document(file="000_tiny.txt", id="000", questions=("Q1", "Q2"))
    CLAIMS = [
        Identity("sigmoid-odd", "Q1", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x),
                 tags=("sigmoid",)),
        erratum(Identity("sigmoid-even", "Q1", "sigmoid(-x) = sigmoid(x)", lhs=sigmoid(-x), rhs=sigmoid(x)),
                Identity("sigmoid-even-fix", "Q1", "sigmoid(-x) = 1 - sigmoid(x)",
                         lhs=sigmoid(-x), rhs=1 - sigmoid(x))),
        Identity("square", "Q2", "(x + 1)**2 = x**2 + 1", lhs=(x + 1) ** 2, rhs=x ** 2 + 1),
    ]
''')

NOTES = textwrap.dedent(r'''
    # Notes

    ## Q1

    $$\sigma(-x) = 1 - \sigma(x)$$

    $$(a+b)^2 = a^2 + 2ab + b^2 = a^2 + b^2$$

    <!-- derivcheck: expect wrong: minor: the cross term is dropped -->
    $$(a-b)^2 = a^2 + b^2$$

    <!-- derivcheck: skip: a picture, not an equation -->
    $$u = v$$

    $$\int_0^1 e^{x} \, dx = e - 1$$
''').lstrip()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("derivcheck-cache")


@pytest.fixture
def tiny(pytester, monkeypatch, cache_dir):
    """A pytester directory with the catalog package ``tinycat`` and ``notes.md``; the
    checkout under test first on the subprocess's path."""
    pkg = pytester.path / "tinycat"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "doc000_tiny.py").write_text(CATALOG)
    (pytester.path / "notes.md").write_text(NOTES)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT), str(pytester.path)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    monkeypatch.setenv("DERIVCHECK_CATALOG", "tinycat")
    monkeypatch.setenv("DERIVCHECK_CACHE", str(cache_dir))
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    return pytester


def run(pytester, *args, plugin=True):
    extra = ["-p", "checks.io.pytest_plugin"] if plugin else []
    # --no-fold-skipped: -rA names each skipped item by its node id
    return pytester.runpytest_subprocess(*extra, "--no-fold-skipped", *args, timeout=300)


def outcomes(result) -> dict:
    """nodeid -> PASSED / FAILED / SKIPPED from ``-rA``'s short summary."""
    got = {}
    for line in result.outlines:
        word, _, rest = line.partition(" ")
        if word in ("PASSED", "FAILED", "SKIPPED", "ERROR") and rest:
            got[rest.split(" - ")[0].strip()] = word
    return got


def test_claims_pass_as_declared_and_an_undeclared_wrong_claim_fails_with_its_evidence(tiny):
    result = run(tiny, "--derivcheck", "-rA")
    result.assert_outcomes(passed=2, failed=1)
    assert outcomes(result) == {"tinycat::000/sigmoid-odd": "PASSED", "tinycat::000/sigmoid-even": "PASSED",
                                "tinycat::000/square": "FAILED"}
    text = result.stdout.str()
    failure = text[text.index("FAILURES"):text.index("short test summary")]
    assert "wrong, not declared: (x + 1)**2 = x**2 + 1" in failure   # also pytest's short summary line
    assert "FAILED tinycat::000/square - wrong, not declared: (x + 1)**2 = x**2 + 1" in text
    assert "lhs = " in failure and "rhs = " in failure and "at x = " in failure   # the counterexample
    # the evidence is the whole report: no traceback, no line of the plugin's code
    assert "Traceback" not in text and "pytest_plugin.py" not in text and "raise " not in failure
    assert "derivcheck: catalog tinycat (3 claims" in text   # the header


def test_a_wrong_step_of_a_document_on_the_command_line_fails_as_FILE_LINE_N(tiny):
    result = run(tiny, "--derivcheck", "--derivcheck-catalog", "none", "notes.md", "-rA")
    got = outcomes(result)
    # line 7 holds two steps: (a+b)^2 = a^2+2ab+b^2 holds, the second is wrong
    assert got["notes.md::notes.md:7:2"] == "FAILED", got
    assert got["notes.md::notes.md:7:1"] == "PASSED"
    assert got["notes.md::notes.md:5:1"] == "PASSED"
    assert got["notes.md::notes.md:10:1"] == "PASSED"    # a declared erratum, found wrong
    assert got["notes.md::notes.md:13:1"] == "SKIPPED"   # skipped by its directive, with the reason
    assert got["notes.md::notes.md:15:1"] == "SKIPPED"   # not read, with the construct
    assert not any(k.startswith("tinycat") for k in got)
    result.assert_outcomes(passed=3, failed=1, skipped=2)
    text = result.stdout.str()
    assert "SKIPPED notes.md::notes.md:15:1 - not read: an integral" in text
    assert "wrong and not declared: a^2 + 2ab + b^2 = a^2 + b^2" in text
    assert "read as:    a**2 + b**2 + 2*a*b = a**2 + b**2" in text
    assert "at a = " in text and "Traceback" not in text
    assert "a picture, not an equation" in text   # the skip's reason


def test_definitions_and_conditions_are_not_items(tiny):
    (tiny.path / "defs.md").write_text("$$f(x) = x^2 + 1$$\n\n$$f(2) = 5$$\n\n$$f(3) = 9$$\n")
    result = run(tiny, "--derivcheck", "--derivcheck-catalog", "none", "defs.md", "-rA")
    got = outcomes(result)
    assert "defs.md::defs.md:1:1" not in got, got     # the definition of f
    assert got == {"defs.md::defs.md:3:1": "PASSED", "defs.md::defs.md:5:1": "FAILED"}
    assert "correct" in result.stdout.str() or "lhs = 10" in result.stdout.str()


def test_keyword_selection(tiny):
    result = run(tiny, "--derivcheck", "notes.md", "-rA", "-k", "sigmoid and not even")
    assert outcomes(result) == {"tinycat::000/sigmoid-odd": "PASSED"}
    result.assert_outcomes(passed=1, deselected=8)
    # ids with their slashes, colons and dots are keywords as they are
    result = run(tiny, "--derivcheck", "notes.md", "-rA", "-k", "notes.md:7:2 or 000/square")
    assert set(outcomes(result)) == {"notes.md::notes.md:7:2", "tinycat::000/square"}


def test_exitfirst_stops_at_the_first_failure(tiny):
    result = run(tiny, "--derivcheck", "notes.md", "-x", "-rA")
    result.assert_outcomes(passed=2, failed=1)   # notes.md:5:1 and :7:1 pass, :7:2 stops the run
    assert "stopping after 1 failures" in result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_junitxml_report_parses_and_carries_the_evidence(tiny):
    xml = tiny.path / "report.xml"
    result = run(tiny, "--derivcheck", "notes.md", f"--junitxml={xml}")
    result.assert_outcomes(passed=5, failed=2, skipped=2)
    cases = {(c.get("classname"), c.get("name")): c for c in ET.parse(xml).getroot().iter("testcase")}
    assert ("tinycat", "000/square") in cases and ("notes.md", "notes.md:7:2") in cases
    failure = cases[("tinycat", "000/square")].find("failure")
    assert failure is not None and "(x + 1)**2 = x**2 + 1" in failure.text
    assert cases[("tinycat", "000/sigmoid-odd")].find("failure") is None
    assert cases[("notes.md", "notes.md:13:1")].find("skipped") is not None


def test_without_the_flag_nothing_is_collected_and_the_engine_is_not_imported(tiny):
    tiny.makepyfile(test_plain='''
        import sys
        def test_no_engine():
            loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sympy", "flint", "rich")
                            or m.startswith(("checks.run", "checks.prove", "checks.io.audit")))
            assert loaded == []
            assert "checks.io.pytest_plugin" in sys.modules   # the plugin is loaded, and idle
    ''')
    result = run(tiny, "-rA")
    assert outcomes(result) == {"test_plain.py::test_no_engine": "PASSED"}
    empty = tiny.mkdir("empty")
    result = run(tiny, str(empty))
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_bad_options_and_bad_documents_are_one_clear_message(tiny):
    result = run(tiny, "--derivcheck", "--derivcheck-timeout", "0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--derivcheck-timeout must be a finite number of seconds > 0" in result.stderr.str()
    result = run(tiny, "--derivcheck", "--derivcheck-catalog", "nosuchcat")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "catalog package 'nosuchcat' not found" in result.stderr.str()
    (tiny.path / "bad.md").write_text("<!-- derivcheck: bogus -->\n$$x = x$$\n")
    result = run(tiny, "--derivcheck", "--derivcheck-catalog", "none", "bad.md")
    assert result.ret == pytest.ExitCode.INTERRUPTED   # a collection error
    text = result.stdout.str()
    assert "bad.md: line 1: unknown directive 'bogus'" in text and "Traceback" not in text


@pytest.mark.slow
def test_under_xdist_the_verdicts_are_computed_once_and_the_outcomes_are_the_same(tiny, monkeypatch):
    pytest.importorskip("xdist")
    imports = tiny.path / "imports.log"
    monkeypatch.setenv("TINYCAT_IMPORTS", str(imports))
    result = run(tiny, "-p", "xdist.plugin", "--derivcheck", "--derivcheck-no-cache", "notes.md",
                 "-n", "2", "-rA")
    result.assert_outcomes(passed=5, failed=2, skipped=2)
    assert outcomes(result)["tinycat::000/square"] == "FAILED"
    assert "2 workers [9 items]" in result.stdout.str()
    # one engine run for the session (the controller's), none per worker or per item
    assert imports.read_text().count("imported") == 1


def test_annotated_documents_in_the_catalog_folder_are_collected_with_the_catalog(tiny):
    (tiny.path / "tinycat" / "sheet.md").write_text(NOTES)
    result = run(tiny, "--derivcheck", "-rA")
    got = outcomes(result)
    assert {k: v for k, v in got.items() if "sheet.md" in k} == {
        "tinycat::sheet.md:5:1": "PASSED", "tinycat::sheet.md:7:1": "PASSED", "tinycat::sheet.md:7:2": "FAILED",
        "tinycat::sheet.md:10:1": "PASSED", "tinycat::sheet.md:13:1": "SKIPPED", "tinycat::sheet.md:15:1": "SKIPPED"}
    assert got["tinycat::000/square"] == "FAILED"
    assert "derivcheck: catalog tinycat (3 claims, 1 documents)" in result.stdout.str()


def test_the_outcome_of_a_stale_erratum_of_prose_and_of_a_broken_module(tiny):
    (tiny.path / "tinycat" / "doc001_more.py").write_text(textwrap.dedent('''
        import sympy as sp
        from checks.model.catalog import Document
        from checks.model.claims import Identity, Prose, erratum
        x = sp.Symbol("x", real=True)
        DOCUMENT = Document(file="001_more.txt", id="001", questions=("Q1",))
        CLAIMS = [
            erratum(Identity("stale", "Q1", "2*x = x + x", lhs=2 * x, rhs=x + x),
                    Identity("stale-fix", "Q1", "2*x = x + x", lhs=2 * x, rhs=x + x)),
            Prose("words", "Q1", "the loss is convex in the logits"),
        ]
    '''))
    (tiny.path / "tinycat" / "doc002_broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    result = run(tiny, "--derivcheck", "-rA", "-k", "001 or broken")
    got = outcomes(result)
    assert got == {"tinycat::001/stale": "FAILED", "tinycat::001/words": "SKIPPED",
                   "tinycat::doc002_broken/<module>": "FAILED"}, got
    text = result.stdout.str()
    assert "the derivation module could not be loaded" in text and "RuntimeError: broken on purpose" in text
    assert "declared an erratum, but it no longer fails" in text
    assert "prose, not checked" in text


def test_the_entry_point_is_declared_and_loads_the_plugin(tiny, monkeypatch):
    tomllib = pytest.importorskip("tomllib")
    with open(ROOT / "pyproject.toml", "rb") as fh:
        declared = tomllib.load(fh)["project"]["entry-points"]["pytest11"]
    assert declared == {"derivcheck": "checks.io.pytest_plugin"}
    module = importlib.import_module(declared["derivcheck"])
    assert callable(module.pytest_addoption) and callable(module.pytest_configure)
    from importlib.metadata import entry_points
    installed = [ep for ep in entry_points(group="pytest11") if ep.name == "derivcheck"]
    if not installed:
        pytest.skip("derivcheck is not installed with its entry point here (pip install -e .)")
    # installed: pytest finds the plugin by itself
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    result = run(tiny, "--derivcheck", "-rA", "-k", "square", plugin=False)
    assert outcomes(result) == {"tinycat::000/square": "FAILED"}


def test_an_undecided_claim_is_skipped_with_what_was_tried():
    # the engine's undecided cannot be produced on demand without a timeout: the mapping alone
    from checks.model.verdict import Result, Verdict
    from checks.io.pytest_plugin import SKIP, claim_outcome
    v = Verdict("undecided", method="sampling", detail="no counterexample at 64 points, but expand ran out of time")
    r = Result(id="000/u", exercise="000:Q1", document="000.txt", location="Q1", kind="identity", tags=[],
               statement="f(x) = g(x)", declared="holds", verdict=v)
    assert claim_outcome(r) == (SKIP, "undecided: sampling; no counterexample at 64 points, but expand ran "
                                      "out of time")
