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
