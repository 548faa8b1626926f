"""Reporters read one Report; the JSON matches derivcheck-report/1 of DESIGN.md."""
import json
import xml.etree.ElementTree as ET

import sympy as sp

from checks.dl import sigmoid
from checks.io import report
from checks.model.claims import Chain, Identity, Prose, Value, erratum
from checks.model.verdict import Report
from checks.run import runner

x = sp.Symbol("x", real=True)
CLAIMS = [c.placed("demo.txt", "demo") for c in [
    Identity("ok", "Q1", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x), tags=("sigmoid-tanh",)),
    erratum(Value("val", "Q2", "2 + 2 = 5", computed=lambda: 2 + 2, stated=5),
            Value("val-fix", "Q2", "2 + 2 = 4", computed=lambda: 2 + 2, stated=4), severity="minor"),
    Chain("chain", "Q3", "2x = x + x = 3x", steps=(2 * x, x + x, 3 * x)),
    Prose("words", "Q4", "a conceptual answer", reason="conceptual"),
]]

CLAIM_KEYS = {"id", "exercise", "document", "location", "kind", "tags", "statement", "declared", "status",
              "strength", "method", "seconds", "counterexample", "residual", "correct", "steps", "correction", "ok",
              "source", "severity"}


def make_report():
    return Report(runner.results(CLAIMS, seed=0, timeout=20, jobs=1), seed=0, seconds=1.0, version="t")


def test_json_schema():
    d = json.loads(report.get("json").render(make_report()))
    assert d["schema"] == "derivcheck-report/1" and d["tool"]["name"] == "derivcheck" and d["seed"] == 0
    assert set(d["summary"]) == {"claims", "holds", "wrong", "undecided", "unchecked", "error", "errata", "ok",
                                 "seconds", "stated", "supporting", "errata_by_severity"}
    assert d["summary"]["claims"] == 4 and d["summary"]["errata"] == 1
    for c in d["claims"]:
        assert CLAIM_KEYS <= set(c), CLAIM_KEYS - set(c)
    by = {c["id"]: c for c in d["claims"]}
    assert by["demo/val"]["status"] == "wrong" and by["demo/val"]["correct"] == "4" and by["demo/val"]["ok"]
    assert by["demo/val"]["correction"]["status"] == "holds"
    chain = by["demo/chain"]
    assert chain["status"] == "wrong" and not chain["ok"]
    assert [s["status"] for s in chain["steps"]] == ["holds", "wrong"]
    assert {"index", "from", "to", "status", "strength"} <= set(chain["steps"][0])
    assert by["demo/words"]["status"] == "unchecked"
    assert d["summary"]["ok"] is False


def test_junit_cases_failures_and_skips():
    root = ET.fromstring(report.get("junit").render(make_report()))
    cases = root.findall(".//testcase")
    assert len(cases) == 4
    failures = root.findall(".//failure")
    assert sorted(f.get("type") for f in failures) == ["erratum", "unexpected"]
    assert len(root.findall(".//skipped")) == 1
    assert "correct: 4" in "".join(f.text for f in failures)


def test_markdown_errata_sheet_lists_wrong_claims_first():
    md = report.get("markdown").render(make_report())
    assert md.startswith("# derivcheck errata sheet")
    assert "| Q2 | minor | 2 + 2 = 5 | 4 |" in md
    assert "Not as declared" in md and "demo/chain" in md


def test_markdown_sorts_errata_major_first_and_notation_last_and_counts_sources():
    rows = make_report().results
    wrong = next(r for r in rows if r.id == "demo/val")
    import dataclasses
    slips = [dataclasses.replace(wrong, id=f"demo/{sev}", location=sev, severity=sev, statement=f"{sev} slip")
             for sev in ("notation", "minor", "major")]
    extra = dataclasses.replace(wrong, id="demo/own", source="supporting", statement="own")
    loose = dataclasses.replace(wrong, id="demo/loose", declared="holds", severity=None, statement="undeclared")
    md = report.get("markdown").render(Report(slips + [extra, loose], seed=0))
    assert md.index("undeclared") < md.index("major slip") < md.index("minor slip") < md.index("notation slip")
    assert "5 claims (4 stated by the documents, 1 the catalog's own)" in md
    assert "4 declared errata: 1 major, 2 minor, 1 notation" in md and "own (catalog's own)" in md


def test_evidence_is_compact_a_case_of_many_names_grouped_and_a_chain_step_in_its_own_words():
    ce = {"point": {f"w{i}": "1" for i in range(18)} | {"x": "2"}, "lhs": "[" + "a" * 500 + "]", "rhs": "3"}
    text = report.counterexample_text(ce)
    assert "w0 .. w17 (18 names) = 1, x = 2" in text and len(text) < 220 and " … " in text
    r = next(r for r in make_report().results if r.id == "demo/chain")
    broken = next(s for s in r.verdict.steps if s["status"] == "wrong")
    assert report.step_text(r, broken) == "2: x + x = 3x"


def test_table_groups_by_document():
    text = report.get("table").render(make_report())
    assert "demo.txt" in text and "4 claims" in text and "verdicts differ" in text


def test_exit_codes():
    rep = make_report()
    assert rep.exit_code() == 1  # the chain is wrong but declared holds
    ok = Report([r for r in rep.results if r.ok], seed=0)
    assert ok.exit_code() == 0


def test_each_format_is_registered_by_the_module_named_for_it():
    from checks.io import report
    report._load(report.MODULES.values())
    assert sorted(report.REGISTRY) == sorted(report.MODULES)
    for name in report.MODULES:
        assert report.get(name).name == name


def test_a_json_report_does_not_import_rich():
    import subprocess
    import sys
    code = "import sys; from checks.io import report; report.get('json'); print('rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_junit_stays_parsable_with_control_characters_in_a_statement():
    import dataclasses
    rows = make_report().results
    odd = [dataclasses.replace(r, statement=r.statement + " \x01\x1b[2J", location=r.location + "\x02")
           for r in rows]
    xml = report.get("junit").render(Report(odd, seed=0))
    root = ET.fromstring(xml.split("\n", 1)[1])
    assert root.findall(".//testcase") and "\\x01" in xml and "\x01" not in xml
