"""Annotated documents in the catalog folder: ``check`` audits them beside the derivation
modules, so that a course keeps its solution files themselves under CI.

A document there is a marked copy of itself: its directives settle every step, so its
steps are held to the catalog's standard. Each step becomes one claim result of the
``check`` report (kind ``step``): a step that holds is a claim that holds; a wrong step is
an erratum when an ``expect wrong`` directive declares it, else a mismatch; an undecided or
unread step is ``undecided`` (``check`` fails on it, like on any undecided claim, until a
directive settles it); definitions, conditions and skipped steps are ``unchecked``, like prose.
"""
from __future__ import annotations

from pathlib import Path

SUFFIXES = (".md", ".markdown", ".tex")


def documents(folder: Path) -> list:
    """The annotated documents of the catalog folder (a README is not one); ``check all``
    audits them."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not p.name.lower().startswith("readme"))


def as_results(report) -> list:
    """One ``Result`` per audited step."""
    from checks.model.verdict import Result, Verdict
    out = []
    for doc in report.documents:
        name = Path(doc.file).name
        for s in doc.steps:
            declared, status = _declared_status(s)
            detail = "; ".join(x for x in (s.reason or "", s.detail or "", s.erratum_note or "") if x)
            v = Verdict(status, s.strength if status == "holds" else None, s.method or s.status,
                        seconds=s.seconds, counterexample=s.counterexample, residual=s.residual,
                        correct=s.correct, detail=detail)
            out.append(Result(id=f"{name}:{s.line}:{s.id.rsplit(':', 1)[-1]}", exercise=f"{name}:{s.location}",
                              document=name, location=s.location, kind="step", tags=["audit"],
                              statement=f"{s.from_} {s.relation} {s.to}", declared=declared, verdict=v,
                              severity=s.severity if declared == "erratum" else None))
    return out


def _declared_status(s):
    if s.status in ("definition", "condition", "skipped"):
        return "unchecked", "unchecked"
    if s.status == "not_read":
        return "holds", "undecided"
    declared = "erratum" if s.declared == "wrong" else "holds"
    return declared, s.status
