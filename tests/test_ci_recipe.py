"""The CI recipe (.github/workflows/derivcheck.yml) is a working example for a course
repository: its structure is what GitHub Actions needs (jobs, steps, actions, permissions),
every derivcheck command in it is one the real CLI parser accepts, the uploads point at the
files the commands write, and its derivcheck steps, run as GitHub runs them (``bash -e``)
against a small course in tmp_path, write those files and fail the step when a claim is
wrong (the exit code survives the pipe into the job summary)."""
from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

from checks.io.arguments import _parser
from tests.conftest import ROOT

yaml = pytest.importorskip("yaml")   # PyYAML: in the test extra (pyproject.toml)

WORKFLOW = ROOT / ".github" / "workflows" / "derivcheck.yml"
OPERATORS = {"|", "||", "&&", ";", "&"}
REDIRECTS = {">", ">>", "<", ">&", "&>"}


@pytest.fixture(scope="module")
def wf() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(wf, job=None) -> list:
    jobs = [job] if job else list(wf["jobs"])
    return [s for j in jobs for s in wf["jobs"][j]["steps"]]


# ------------------------------------------------------------------ the run: scripts

def commands(script: str) -> list:
    """The simple commands of a shell script, each as (argv without leading VAR=value
    assignments, the targets of its redirections, the operator after it)."""
    out = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        argv, targets, redirect = [], [], False
        for tok in list(lexer) + [";"]:
            if tok in OPERATORS:
                if argv:
                    out.append((argv, targets, tok))
                argv, targets, redirect = [], [], False
            elif tok in REDIRECTS:
                redirect = True
            elif redirect:
                targets.append(tok)
                redirect = False
            elif argv or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", tok):
                argv.append(tok)
    return out


def derivcheck_calls(wf) -> list:
    """(step, argv after 'derivcheck', redirect targets, operator after it) for every
    derivcheck command of every step."""
    calls = []
    for s in steps(wf):
        for argv, targets, op in commands(s.get("run", "")):
            if argv[0] == "derivcheck":
                calls.append((s, argv[1:], targets, op))
    return calls


def parse(argv: list):
    """The real CLI parser's reading of ``argv``; its one-line error fails the test."""
    try:
        return _parser().parse_args(argv)
    except SystemExit as exc:
        pytest.fail(f"the CLI rejects derivcheck {' '.join(argv)} (exit {exc.code})")


def the_call(wf, command: str, fmt: str):
    found = [(s, parse(a), t, op) for s, a, t, op in derivcheck_calls(wf)
             if parse(a).command == command and parse(a).format == fmt]
    assert found, f"no step runs derivcheck {command} --format {fmt}"
    return found[0]


def test_the_command_splitter_sees_pipes_redirections_and_assignments():
    got = commands('set -o pipefail\nX=1 derivcheck check all --format markdown | tee -a "$S" >> out.md\n'
                   'derivcheck audit a.md b.md \\\n  --format github  # annotations')
    assert got == [(["set", "-o", "pipefail"], [], ";"),
                   (["derivcheck", "check", "all", "--format", "markdown"], [], "|"),
                   (["tee", "-a", "$S"], ["out.md"], ";"),
                   (["derivcheck", "audit", "a.md", "b.md", "--format", "github"], [], ";")]


def test_the_parser_check_would_catch_a_format_the_cli_does_not_have():
    # what the recipe test relies on: a command the CLI refuses fails, it is not waved through
    with pytest.raises(pytest.fail.Exception, match="rejects derivcheck check all --format sarif"):
        parse(["check", "all", "--format", "sarif"])


def test_every_derivcheck_command_is_one_the_cli_accepts(wf):
    calls = derivcheck_calls(wf)
    assert len(calls) >= 4
    for _step, argv, _targets, _op in calls:
        args = parse(argv)
        assert args.command in ("check", "audit")
    formats = {(parse(a).command, parse(a).format) for _s, a, _t, _o in calls}
    assert {("check", "markdown"), ("check", "junit"), ("audit", "sarif"), ("audit", "github")} <= formats


# ------------------------------------------------------------------ structure

def test_triggers_and_least_privilege(wf):
    on = wf.get("on", wf.get(True))        # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(on)
    assert wf["permissions"] == {"contents": "read"}
    assert set(wf["jobs"]) == {"check", "audit"}
    for name, job in wf["jobs"].items():
        assert job["runs-on"].startswith("ubuntu"), name
        first = [s.get("uses", "") for s in job["steps"][:2]]
        assert first[0].startswith("actions/checkout@") and first[1].startswith("actions/setup-python@"), name
        install = [s["run"] for s in job["steps"] if "pip install" in s.get("run", "")]
        assert install and "derivcheck" in install[0], name


def test_every_action_is_pinned_to_a_version(wf):
    for s in steps(wf):
        if "uses" in s:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[\w.-]+", s["uses"]), s["uses"]


def test_markdown_sheet_goes_to_the_job_summary_and_keeps_the_exit_code(wf):
    step, _args, targets, op = the_call(wf, "check", "markdown")
    script = step["run"]
    if op == "|":   # piped: the step must take derivcheck's exit code, not the last command's
        assert "set -o pipefail" in script.split("derivcheck")[0]
        tail = [argv for argv, _t, _o in commands(script) if argv[0] == "tee"]
        assert tail and "$GITHUB_STEP_SUMMARY" in tail[0]
    else:
        assert "$GITHUB_STEP_SUMMARY" in targets


def test_junit_report_is_uploaded_as_an_artifact_even_when_the_check_fails(wf):
    step, args, _t, _o = the_call(wf, "check", "junit")
    assert step.get("if") == "always()"
    uploads = [s for s in steps(wf, "check") if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(uploads) == 1 and uploads[0].get("if") == "always()"
    assert uploads[0]["with"]["path"] == args.output == "report.xml"


def test_sarif_upload_points_at_the_file_the_audit_writes(wf):
    job = wf["jobs"]["audit"]
    step, args, _t, _o = the_call(wf, "audit", "sarif")
    assert step in job["steps"]
    upload = [s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(upload) == 1
    assert upload[0]["with"]["sarif_file"] == args.output == "audit.sarif"
    assert job["steps"].index(upload[0]) > job["steps"].index(step)     # after the file is written
    assert upload[0].get("if") == "always()"                             # also when a step is wrong
    assert job["permissions"]["security-events"] == "write"


def test_annotations_run_even_after_a_wrong_step(wf):
    step, args, _t, _o = the_call(wf, "audit", "github")
    assert step in wf["jobs"]["audit"]["steps"] and step.get("if") == "always()"
    assert args.output is None    # ::error lines must reach the log


def test_every_variable_a_command_uses_is_defined(wf):
    defined = set(wf.get("env", {}))
    for name, job in wf["jobs"].items():
        for s in job["steps"]:
            used = set(re.findall(r"\$\{?([A-Z_][A-Z0-9_]*)", s.get("run", "")))
            known = defined | set(job.get("env", {})) | set(s.get("env", {}))
            missing = {v for v in used if v not in known and not v.startswith("GITHUB_")}
            assert not missing, (name, s.get("name"), missing)


# ------------------------------------------------------------------ run as GitHub would

COURSE_MODULE = textwrap.dedent('''
    import sympy as sp
    from checks.model.catalog import Document
    from checks.model.claims import Identity
    from checks.dl import sigmoid
    x = sp.Symbol("x", real=True)
    DOCUMENT = Document(file="week1.md", id="w1", questions=("Q1",))
    CLAIMS = [Identity("symmetry", "Q1", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x))]
''')
WRONG_CLAIM = ('CLAIMS.append(Identity("slip", "Q1", "sigmoid(-x) = sigmoid(x)", '
               'lhs=sigmoid(-x), rhs=sigmoid(x)))\n')


def course(tmp_path, wf, wrong: bool):
    """A course checkout laid out as the recipe's env says (catalog package, documents),
    and the environment a runner gives its steps: the workflow's env with the workspace
    filled in, the job summary file, and ``derivcheck`` on PATH (this checkout's CLI)."""
    env_spec = wf["env"]
    repo = tmp_path / "course"
    pkg = repo / env_spec["DERIVCHECK_CATALOG"]
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "doc000_week1.py").write_text(COURSE_MODULE + (WRONG_CLAIM if wrong else ""))
    pattern = env_spec["DOCUMENTS"].split()[0]
    doc = repo / pattern.replace("*", "week1")
    doc.parent.mkdir(parents=True, exist_ok=True)
    slip = "$$\\sigma(-x) = \\sigma(x)$$\n" if wrong else ""
    doc.write_text("# Week 1\n\n## Q1\n\n$$\\sigma(-x) = 1 - \\sigma(x)$$\n\n" + slip)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "derivcheck"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(ROOT / "cli.py"))} "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DERIVCHECK_", "GITHUB_"))}
    for k, v in env_spec.items():
        assert "${{" not in v.replace("${{ github.workspace }}", ""), (k, v)   # only what we can emulate
        env[k] = str(v).replace("${{ github.workspace }}", str(repo))
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    env.pop("COLUMNS", None)
    return repo, env


def run_steps(wf, job, repo, env) -> dict:
    """Each derivcheck step of ``job`` run as GitHub runs a `run:` (bash -e), in order:
    step name -> exit code."""
    codes = {}
    for s in wf["jobs"][job]["steps"]:
        if "run" in s and any(argv[0] == "derivcheck" for argv, _t, _o in commands(s["run"])):
            assert "${{" not in s["run"]
            p = subprocess.run(["bash", "-e", "-c", s["run"]], cwd=repo, env=env, capture_output=True,
                               text=True, timeout=600)
            assert "Traceback" not in p.stderr, p.stderr
            codes[s["name"]] = p.returncode
    return codes


@pytest.mark.slow
def test_the_recipe_runs_on_a_course_and_writes_what_it_uploads(tmp_path, wf):
    repo, env = course(tmp_path, wf, wrong=False)
    check = run_steps(wf, "check", repo, env)
    audit = run_steps(wf, "audit", repo, env)
    assert set(check.values()) == {0} and set(audit.values()) == {0}, (check, audit)
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("# derivcheck errata sheet"), summary[:200]
    cases = ET.parse(repo / "report.xml").getroot().findall(".//testcase")
    assert [c.get("name") for c in cases] and all("w1/" in c.get("name") + c.get("classname", "") for c in cases)
    sarif = json.loads((repo / "audit.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"] == []


@pytest.mark.slow
def test_a_wrong_claim_or_step_fails_its_step_through_the_pipe(tmp_path, wf):
    repo, env = course(tmp_path, wf, wrong=True)
    check = run_steps(wf, "check", repo, env)
    audit = run_steps(wf, "audit", repo, env)
    assert set(check.values()) == {1}, check          # the markdown step too, though piped into tee
    assert set(audit.values()) == {1}, audit
    assert "sigmoid(-x) = sigmoid(x)" in (tmp_path / "summary.md").read_text()
    failures = ET.parse(repo / "report.xml").getroot().findall(".//failure")
    assert len(failures) == 1
    results = json.loads((repo / "audit.sarif").read_text())["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [7]
