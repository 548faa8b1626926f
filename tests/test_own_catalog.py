"""A course's own catalog folder outside the repository: ``check --catalog DIR`` (or
DERIVCHECK_CATALOG=DIR) checks its text-row modules and annotated documents, as the README's
"Check your own document" section shows with examples/mycourse."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "mycourse"


def cli(*args, cwd, env=None):
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


@pytest.fixture
def course(tmp_path):
    """The example course copied outside the repository, as a TA would keep it."""
    shutil.copytree(EXAMPLE, tmp_path / "mycourse")
    return tmp_path / "mycourse"


@pytest.mark.slow
@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_course_folder_is_checked_with_its_declared_errata(course, how, tmp_path):
    args = ["check", "--no-cache", "--format", "json", "--jobs", "1"]
    out = (cli(*args, "--catalog", str(course), cwd=tmp_path) if how == "option"
           else cli(*args, cwd=tmp_path, env={"DERIVCHECK_CATALOG": str(course)}))
    assert out.returncode == 0, out.stderr
    rep = json.loads(out.stdout)
    by_id = {c["id"]: c for c in rep["claims"]}
    assert {c["document"] for c in rep["claims"]} == {"hw1-solutions.md", "notes.md"}
    wrong = sorted(i for i, c in by_id.items() if c["status"] == "wrong")
    assert wrong == ["hw1/geometric", "notes.md:12:2"], wrong
    assert by_id["hw1/geometric"]["severity"] == "major" and by_id["hw1/geometric"]["correction"]["status"] == "holds"
    assert by_id["notes.md:12:2"]["declared"] == "erratum" and by_id["notes.md:12:2"]["severity"] == "major"
    assert rep["summary"]["errata_by_severity"]["major"] == 2 and rep["summary"]["ok"] is True


@pytest.mark.slow
def test_an_undeclared_error_in_the_course_fails_the_run(course, tmp_path):
    (course / "hw1.py").write_text((course / "hw1.py").read_text().replace("= 2*sigma(2*x) - 1", "= 2*sigma(x) - 1"))
    out = cli("check", "--no-cache", "--catalog", str(course), "--format", "json", cwd=tmp_path)
    assert out.returncode == 1
    got = {c["id"]: c for c in json.loads(out.stdout)["claims"]}
    assert got["hw1/tanh"]["status"] == "wrong" and got["hw1/tanh"]["ok"] is False


@pytest.mark.parametrize("folder, message", [
    ("nowhere", "does not exist or is not a folder"),
    ("my-course", "is not a Python package name"),
    ("checks", "is already taken by"),
])
def test_a_bad_catalog_folder_is_one_line_and_exit_2(tmp_path, folder, message):
    (tmp_path / "my-course").mkdir()
    (tmp_path / "checks").mkdir()
    out = cli("list", "--catalog", str(tmp_path / folder), cwd=tmp_path)
    assert out.returncode == 2 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
