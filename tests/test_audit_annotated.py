"""The annotated copies of the seed documents (bench/annotated/*.md), audited.

An annotated copy is the seed document with directive comments added, one per line, and
nothing else changed: reviewer's margin notes that say what a reader knows (``let g =
function``, ``assume a > 0``, ``label``), what no reading can check (``skip: reason``) and
which steps are known errata (``expect wrong: SEVERITY: note``). What is asserted is what the
engine computes on them: no step is wrong unless it is declared, every declared erratum is
found wrong (a stale declaration fails), and the two chain-step errata the catalog knows in
display mathematics are found at their lines.

The share of steps decided is measured in bench/audit.py, not asserted here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = sorted((ROOT / "bench" / "annotated").glob("*.md"))
SEEDS = Path("/work/shared/seeds")
# an added comment is a whole line of its own; the copy is the seed plus these lines
COMMENT_LINE = re.compile(r"<!-- derivcheck(?:-file)?: [^\n]*? -->")

# The display errata of 001 (Q4.4 geometric sum) and 002 (Problem 2, (1-e^x)/(1+e^x)): each
# display has two wrong steps (to the slip and from it), both on the display's one line.
KNOWN = {
    "001_68c8a4eb10a0233d.md": {"lines": [120, 120], "location": "Q4.4"},
    "002_f00dcf7b6a936c71.md": {"lines": [113, 113], "location": "Problem 2"},
    "004_e3c0a87ac45004d2.md": {"lines": [204], "location": "Q4.3"},    # conv.py: with kernel flipping, as asked
}

def _ids(paths):
    return [p.name[:3] for p in paths]


def stripped(text: str) -> str:
    """``text`` without its derivcheck comment lines."""
    lines = text.split("\n")
    return "\n".join(line for line in lines if not COMMENT_LINE.fullmatch(line))


@pytest.fixture(scope="module")
def reports():
    """One audit per annotated copy, shared by the tests of this module."""
    from checks.io.audit.parse.load import load
    from checks.io.audit.run import audit_documents
    out = {}
    for path in ANNOTATED:
        out[path.name] = audit_documents([load(str(path))], cache=False).documents[0].steps
    return out


def test_there_is_one_annotated_copy_per_seed():
    names = [p.stem for p in ANNOTATED]
    assert names == ["000_93e36f225a9fb82d", "001_68c8a4eb10a0233d", "002_f00dcf7b6a936c71",
                     "003_8913d2331ac13223", "004_e3c0a87ac45004d2"]
    if SEEDS.is_dir():
        assert names == sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", ANNOTATED, ids=_ids(ANNOTATED))
def test_copy_is_the_seed_with_comment_lines_added(path):
    seed = SEEDS / (path.stem + ".txt")
    if not seed.is_file():
        pytest.skip(f"seed {seed} not present")
    copy = path.read_bytes()
    assert stripped(copy.decode("utf-8")).encode("utf-8") == seed.read_bytes()
    added = [line for line in copy.decode("utf-8").split("\n") if COMMENT_LINE.fullmatch(line)]
    assert added, "an annotated copy has at least one directive"


@pytest.mark.parametrize("path", ANNOTATED, ids=_ids(ANNOTATED))
def test_no_step_is_wrong_unless_declared(path, reports):
    steps = reports[path.name]
    undeclared = [(s.line, s.location, s.from_, s.to) for s in steps
                  if s.status == "wrong" and s.declared != "wrong"]
    assert undeclared == []


@pytest.mark.parametrize("path", ANNOTATED, ids=_ids(ANNOTATED))
def test_every_declared_erratum_is_found_wrong(path, reports):
    steps = reports[path.name]
    declared = [s for s in steps if s.declared == "wrong"]
    assert [(s.line, s.status) for s in declared if s.status != "wrong"] == []
    assert all(s.ok for s in steps)
    assert all(s.severity in ("major", "minor", "notation") for s in declared)


@pytest.mark.parametrize("name", sorted(KNOWN), ids=[n[:3] for n in sorted(KNOWN)])
def test_known_display_errata_are_declared_and_found_at_their_lines(name, reports):
    steps = reports[name]
    found = [s for s in steps if s.status == "wrong" and s.declared == "wrong"]
    assert [s.line for s in found] == KNOWN[name]["lines"]
    assert {s.location for s in found} == {KNOWN[name]["location"]}
    assert all(s.counterexample for s in found), "a wrong step carries the engine's evidence"


def test_seeds_without_display_errata_declare_none(reports):
    for name, steps in reports.items():
        if name not in KNOWN:
            assert [s.line for s in steps if s.declared == "wrong"] == [], name


@pytest.mark.parametrize("path", ANNOTATED, ids=_ids(ANNOTATED))
def test_copies_never_force_a_verdict_and_say_why_they_skip(path):
    """The copies may settle what a reader cannot know, never the verdict itself: no
    ``expect holds``; a ``skip`` says why the display is no step; an ``expect wrong`` names its
    severity and the slip."""
    from checks.io.audit.parse.directives import directives
    found = directives(path.read_text()).all()
    assert [d.text for d in found if d.kind == "expect" and d.args[0] == "holds"] == []
    assert [d.line for d in found if d.kind == "skip" and len(d.args[0]) < 20] == []
    assert [d.line for d in found if d.kind == "expect" and not (d.args[1] and len(d.args[2]) >= 20)] == []
