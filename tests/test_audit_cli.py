"""``derivcheck audit FILE ...`` as a user runs it (a subprocess of cli.py): every output format on a
Markdown and a LaTeX document, the exit codes of DESIGN.md (0 ok, 1 a wrong step not declared,
2 unreadable input with one line on stderr and no traceback, 3 with --strict when a step is open),
standard input, ``-o FILE``, hostile documents and determinism across --jobs.
"""
from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT

MD = """# Q1

$$c + c = 2c$$

$$\\sigma(-x) = \\sigma(x)$$

## Q2

$$y(b+d) = yb + yd$$
"""
WRONG_LINE = 5

TEX = """\\section*{Problem 2}
\\begin{align}
u &= \\frac{1}{1+e^{x}} - 1 \\\\
  &= \\frac{1-e^x}{1+e^x}
\\end{align}
"""

CLEAN = "# Q1\n\n$$\\sigma(-x) = 1 - \\sigma(x)$$\n"
OPEN = "# Q1\n\n$$\\sigma(-x) = 1 - \\sigma(x)$$\n\n$$y(b+d) = yb + yd$$\n"


def cli(*argv, stdin: bytes | None = None, cwd=None):
    p = subprocess.run([sys.executable, str(ROOT / "cli.py"), "audit", *map(str, argv), "--no-cache"],
                       input=stdin, capture_output=True, cwd=cwd or ROOT, timeout=300)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def no_traceback(err: str):
    assert "Traceback" not in err and "Error:" not in err.replace("error:", ""), err


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("audit")
    (d / "sol.md").write_text(MD)
    (d / "sol.tex").write_text(TEX)
    (d / "clean.md").write_text(CLEAN)
    (d / "open.md").write_text(OPEN)
    return d


@pytest.fixture(scope="module")
def as_json(files):
    code, out, err = cli(files / "sol.md", files / "sol.tex", "--format", "json")
    return code, json.loads(out), err


# --- formats --------------------------------------------------------------------------------------

STEP_KEYS = {"id", "line", "lines", "location", "latex", "relation", "from", "to", "reading", "status",
             "strength", "method", "seconds", "counterexample", "residual", "reason", "declared",
             "severity", "ok"}
SUMMARY_KEYS = {"documents", "steps", "holds", "wrong", "undecided", "definition", "condition",
                "not_read", "skipped", "declared_wrong", "ok", "seconds"}


def test_json_is_the_design_schema(as_json, files):
    code, d, err = as_json
    assert code == 1 and err == ""
    assert d["schema"] == "derivcheck-audit/1" and d["tool"]["name"] == "derivcheck" and d["seed"] == 0
    assert SUMMARY_KEYS <= set(d["summary"])
    assert d["summary"]["documents"] == 2 and d["summary"]["wrong"] == 2 and d["summary"]["ok"] is False
    assert [doc["file"] for doc in d["documents"]] == [str(files / "sol.md"), str(files / "sol.tex")]
    for doc in d["documents"]:
        assert SUMMARY_KEYS <= set(doc["summary"])
        for s in doc["steps"]:
            assert STEP_KEYS <= set(s), STEP_KEYS - set(s)
            assert s["id"] == f"{doc['file']}:{s['line']}:{s['id'].rsplit(':', 1)[1]}"
            assert s["lines"][0] <= s["line"] <= s["lines"][1]
            if s["reading"] is not None:
                assert set(s["reading"]) == {"from", "to", "assumptions"}


def test_json_wrong_steps_at_their_lines_with_reading_and_evidence(as_json):
    _, d, _ = as_json
    md, tex = d["documents"]
    bad = [s for s in md["steps"] if s["status"] == "wrong"]
    assert [(s["line"], s["location"]) for s in bad] == [(WRONG_LINE, "Q1")]
    assert bad[0]["counterexample"]["point"] and bad[0]["reading"]["from"] == "sigmoid(-x)"
    assert bad[0]["ok"] is False
    # y(b+d) beside yb: read as a product (y is a value on the right), doubted, so undecided
    open_ = [s for s in md["steps"] if s["status"] in ("not_read", "undecided")]
    assert [s["location"] for s in open_] == ["Q2"] and open_[0]["reason"]
    tbad = [s for s in tex["steps"] if s["status"] == "wrong"]
    assert [(s["line"], s["location"], s["lines"]) for s in tbad] == [(4, "Problem 2", [2, 5])]
    assert tex["steps"][0]["status"] == "definition"


def test_table(files):
    code, out, err = cli(files / "sol.md")
    assert code == 1 and err == ""
    assert f"sol.md:{WRONG_LINE}" in out and "wrong" in out and "not ok" in out


def test_markdown_errata_sheet(files):
    code, out, _ = cli(files / "sol.md", "--format", "markdown")
    assert code == 1
    wrong_part = out.split("### Wrong steps", 1)[1].split("\n### ", 1)[0]
    assert f"#### Line {WRONG_LINE} (Q1): wrong" in wrong_part
    assert "\\sigma(-x) = \\sigma(x)" in wrong_part
    assert "read as: `sigmoid(-x) = sigmoid(x)`" in wrong_part      # the reading beside the step
    assert "at x = " in wrong_part                                    # and the counterexample


def test_junit_parses_with_one_failure(files):
    code, out, _ = cli(files / "sol.md", files / "sol.tex", "--format", "junit")
    assert code == 1
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert len(suites) == 2 and [int(s.get("failures")) for s in suites] == [1, 1]
    failed = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert sorted(int(c.get("line")) for c in failed) == [4, WRONG_LINE]


def test_sarif_is_valid_and_points_at_the_wrong_lines(files):
    jsonschema = pytest.importorskip("jsonschema")
    from tests.test_audit_report import SARIF_SUBSET
    code, out, _ = cli(files / "sol.md", files / "sol.tex", "--format", "sarif")
    assert code == 1
    d = json.loads(out)
    jsonschema.validate(d, SARIF_SUBSET, cls=jsonschema.Draft7Validator)
    assert d["version"] == "2.1.0"
    found = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1],
                    r["locations"][0]["physicalLocation"]["region"]["startLine"])
                   for r in d["runs"][0]["results"] if r.get("level") == "error")
    assert found == [("sol.md", WRONG_LINE), ("sol.tex", 4)]


def test_github_annotations(files):
    code, out, _ = cli(files / "sol.md", "--format", "github")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1 and f"line={WRONG_LINE}," in errors[0] and "sol.md" in errors[0]


def test_output_file(files, tmp_path):
    target = tmp_path / "report.json"
    code, out, err = cli(files / "sol.md", "--format", "json", "-o", target)
    assert code == 1 and out.strip() == "" and err == ""
    assert json.loads(target.read_text())["summary"]["wrong"] == 1


def test_standard_input_is_markdown():
    code, out, err = cli("-", "--format", "json", stdin=MD.encode())
    assert code == 1, err
    d = json.loads(out)
    assert d["documents"][0]["file"] == "<stdin>"
    assert [s["line"] for s in d["documents"][0]["steps"] if s["status"] == "wrong"] == [WRONG_LINE]


# --- exit codes -----------------------------------------------------------------------------------

def test_exit_zero_on_a_clean_document_even_strict(files):
    assert cli(files / "clean.md")[0] == 0
    assert cli(files / "clean.md", "--strict")[0] == 0


def test_exit_three_only_with_strict_when_a_step_is_open(files):
    assert cli(files / "open.md")[0] == 0
    assert cli(files / "open.md", "--strict")[0] == 3


def test_exit_one_beats_strict(files):
    assert cli(files / "sol.md", "--strict", "--format", "github")[0] == 1


def test_declared_erratum_exits_zero_and_stale_one(tmp_path):
    doc = tmp_path / "e.md"
    doc.write_text("# Q1\n\n<!-- derivcheck: expect wrong: minor: sign -->\n$$\\sigma(-x) = \\sigma(x)$$\n")
    assert cli(doc)[0] == 0
    doc.write_text("# Q1\n\n<!-- derivcheck: expect wrong: minor: sign -->\n$$\\sigma(-x) = 1 - \\sigma(x)$$\n")
    code, out, _ = cli(doc, "--format", "json")
    assert code == 1 and json.loads(out)["documents"][0]["steps"][0]["ok"] is False


@pytest.mark.parametrize("name, data, message", [
    ("missing.md", None, "no such file"),
    ("paper.pdf", b"%PDF-1.4", "extension '.pdf'"),
    ("latin1.md", "# caf\u00e9\n$$a = a$$\n".encode("latin-1"), "not UTF-8"),
    ("directive.md", b"<!-- derivcheck: frobnicate x -->\n$$a = a$$\n", "unknown directive"),
    ("sizes.md", b"<!-- derivcheck: sizes n = 5..1 -->\n$$a = a$$\n", "empty"),
    ("define.md", b"<!-- derivcheck: define 2 = x -->\n$$a = a$$\n", "left side must be a name"),
    ("nul.md", b"$$a = a$$\x00\n", "binary"),
])
def test_bad_input_exits_two_with_one_line(tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    code, out, err = cli(path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and name in err
    no_traceback(err)


def test_one_bad_file_among_good_ones_exits_two(files, tmp_path):
    code, out, err = cli(files / "clean.md", tmp_path / "missing.md")
    assert code == 2 and err.count("\n") == 1 and "missing.md" in err


# --- hostile documents ----------------------------------------------------------------------------

def test_hostile_documents_end_cleanly_and_execute_nothing(tmp_path):
    target = tmp_path / "pwned"
    (tmp_path / "h.md").write_text(
        f"# Q\n\n$$\\immediate\\write18{{touch {target}}} a = a + 1$$\n\n$$\\input{{/etc/passwd}} = 1$$\n\n"
        f"$$\\def\\x{{\\x\\x}} \\x = \\x$$\n\n$$" + "{" * 5000 + "a" + "}" * 5000 + " = a$$\n\n"
        "$$" + " = ".join(["2b", "b + b"] * 1500) + "$$\n")
    (tmp_path / "h.tex").write_text(f"\\input{{/etc/passwd}}\n\\write18{{touch {target}}}\n"
                                    "\\begin{equation}\n\\input{/etc/passwd} = 1\n\\end{equation}\n"
                                    "\\begin{align} unterminated &= 1\n")
    (tmp_path / "big.md").write_text("# Q\n\n" + "word " * 200_000 + "\n\n$$c + c = 2c$$\n")
    code, out, err = cli(tmp_path / "h.md", tmp_path / "h.tex", tmp_path / "big.md", "--format", "json")
    assert code == 0, err
    no_traceback(err)
    d = json.loads(out)
    assert "root:" not in out and not target.exists()
    statuses = [s["status"] for doc in d["documents"] for s in doc["steps"]]
    assert "wrong" not in statuses and d["documents"][2]["steps"][-1]["status"] == "holds"


def test_over_the_size_limit_is_exit_two(tmp_path):
    path = tmp_path / "huge.md"
    path.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    code, _, err = cli(path)
    assert code == 2 and "over the limit" in err and err.count("\n") == 1


# --- determinism ----------------------------------------------------------------------------------

def test_jobs_one_and_two_give_the_same_statuses(files):
    def statuses(jobs):
        code, out, _ = cli(files / "sol.md", files / "sol.tex", "--format", "json", "--jobs", jobs)
        return code, [(s["id"], s["status"], s["strength"], s["counterexample"])
                      for doc in json.loads(out)["documents"] for s in doc["steps"]]
    assert statuses("1") == statuses("2")
