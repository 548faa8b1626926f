"""Helpers of the audit tests that audit small documents written in the test itself: one
audit run for a table of documents, and the steps of one line."""
from __future__ import annotations

from types import SimpleNamespace

from checks.io.audit.run import audit_documents


def audit_all(docs: dict, kind: str = "markdown") -> dict:
    """{name: steps} of every document of ``docs`` ({name: text}), audited in one run."""
    found = [SimpleNamespace(name=f"{k}.md", text=t, kind=kind) for k, t in docs.items()]
    rep = audit_documents(found, cache=False, isolated=False)
    return {k: d.steps for k, d in zip(docs, rep.documents)}


def one_at(steps, line):
    """The one step on ``line`` (the steps of the document shown when there is not one)."""
    got = [s for s in steps if s.line == line]
    assert len(got) == 1, "\n".join(f"{s.line}: {s.latex} -> {s.status} ({s.reason})" for s in steps)
    return got[0]


def all_at(steps, line):
    """Every step on ``line`` (at least one)."""
    got = [s for s in steps if s.line == line]
    assert got, [(s.line, s.status) for s in steps]
    return got
