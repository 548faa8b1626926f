"""The catalog tells the whole truth (issue #13): every erratum says how much it matters, a
correction is the catalog's own claim, and no prose claim's reason admits an error."""
import re

import pytest

from checks.model import catalog
from checks.model.claims import Prose

ADMITS = re.compile(r"\b(wrong|false|incorrect|errors?|mistaken?|typo|should (?:be|read)|actually|in fact|"
                    r"erratum|not true|fails?|misprint|slip)\b", re.I)


@pytest.fixture(scope="module")
def claims():
    return catalog.load().claims()


def test_every_erratum_has_a_severity_and_a_supporting_correction(claims):
    errata = [c for c in claims if c.declared == "erratum"]
    assert errata
    assert [c.id for c in errata if c.severity is None] == []
    assert [c.id for c in errata if c.correction.source != "supporting"] == []


def test_no_prose_reason_admits_an_error(claims):
    admitted = [(c.id, m.group(0)) for c in claims if isinstance(c, Prose)
                for m in [ADMITS.search(f"{c.reason} {c.statement}")] if m]
    assert admitted == []


def test_the_lint_finds_an_admission():
    assert ADMITS.search("the document's value is wrong here") and not ADMITS.search("a conceptual answer")


def test_no_code_comment_describes_an_error():
    # an error a module's author saw belongs in an erratum, not in a comment beside a claim
    from pathlib import Path
    slip = re.compile(r"#.*\b(wrong|incorrect|typo|mistaken?|misprint|should (?:be|read))\b", re.I)
    root = Path(__file__).resolve().parents[1] / "derivations"
    found = [f"{p.name}:{n}" for p in sorted(root.glob("*.py"))
             for n, line in enumerate(p.read_text().splitlines(), 1) if slip.search(line)]
    assert found == []
