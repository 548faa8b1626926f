"""Helpers of the audit tests that audit small documents written in the test itself: one
audit run for a table of documents or for one text, the steps of one line, and the steps shown."""
from __future__ import annotations

from types import SimpleNamespace

from checks.io.audit.run import audit_documents


def audit_all(docs: dict, kind: str = "markdown") -> dict:
    """{name: steps} of every document of ``docs`` ({name: text}), audited in one run."""
    found = [SimpleNamespace(name=f"{k}.md", text=t, kind=kind) for k, t in docs.items()]
    rep = audit_documents(found, cache=False, isolated=False)
    return {k: d.steps for k, d in zip(docs, rep.documents)}


def steps(text: str, kind: str = "markdown"):
    """The steps of one document ``text``, audited."""
    return audit_all({"doc": text}, kind)["doc"]


def shown(found) -> str:
    """Steps as lines, for a failing assertion."""
    return "\n".join(f"  line {s.line}: {s.from_} = {s.to} -> {s.status} ({s.reason}; {s.detail})" for s in found)


def one_at(found, line):
    """The one step on ``line`` (the steps of the document shown when there is not one)."""
    got = [s for s in found if s.line == line]
    assert len(got) == 1, shown(found)
    return got[0]


def all_at(steps, line):
    """Every step on ``line`` (at least one)."""
    got = [s for s in steps if s.line == line]
    assert got, [(s.line, s.status) for s in steps]
    return got


def against_key(steps, doc: dict) -> tuple:
    """(false wrongs, false holds) of a document's audited ``steps`` against its answer key ``doc``
    (a corpus KEY.toml entry): wrong steps that are not keyed errors, keyed errors that hold. On
    a line with several steps the keyed text picks the step; if none matches, the whole line."""
    squash = lambda text: "".join(text.split())
    errors = {e["line"] for e in doc.get("error", [])}
    on_line = {}
    for s in steps:
        on_line.setdefault(s.line, []).append(s)

    def is_error(s):
        if s.line not in errors:
            return False
        texts = {squash(e.get("step", "")) for e in doc["error"] if e["line"] == s.line}
        mine = squash(f"{s.from_}{s.relation}{s.to}")
        return mine in texts or not any(squash(f"{o.from_}{o.relation}{o.to}") in texts for o in on_line[s.line])

    false_wrong = [(s.line, s.from_, s.to) for s in steps if s.status == "wrong" and not is_error(s)]
    false_holds = [(s.line, s.from_, s.to) for s in steps if s.status == "holds" and is_error(s)]
    return false_wrong, false_holds
