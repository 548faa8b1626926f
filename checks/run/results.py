"""Results from plain rows: what a worker or the catalog host sends back becomes a Result
without SymPy, and a module that failed to import becomes one error result."""
from __future__ import annotations

from checks.model.verdict import Correction, Result, Verdict


def rows(claims) -> list:
    """Each claim's metadata as a plain dict (what a report needs, without the
    mathematics): claims cannot be pickled, rows cross process boundaries."""
    return [{"id": c.id, "exercise": c.exercise, "document": c.document, "location": c.location,
             "kind": c.kind, "tags": list(c.tags), "statement": c.statement, "declared": c.declared,
             "source": c.source, "severity": c.severity,
             "correction": None if c.correction is None else
             {"id": c.correction.id, "statement": c.correction.statement}} for c in claims]


def results_from_rows(claim_rows, got) -> list:
    """One ``Result`` per row, its correction's verdict folded in."""
    out = []
    for r in claim_rows:
        corr = None
        if r["correction"] is not None:
            cv = got[r["correction"]["id"]]
            corr = Correction(id=r["correction"]["id"], statement=r["correction"]["statement"],
                              status=cv["status"], strength=cv["strength"], method=cv["method"])
        out.append(Result(id=r["id"], exercise=r["exercise"], document=r["document"], location=r["location"],
                          kind=r["kind"], tags=list(r["tags"]), statement=r["statement"], declared=r["declared"],
                          verdict=Verdict.from_dict(got[r["id"]]), correction=corr,
                          source=r.get("source", "stated"), severity=r.get("severity")))
    return out


def broken_module_result(broken) -> Result:
    """A derivation module that failed to import, as one ``error`` result."""
    name = broken.module.rsplit(".", 1)[-1]
    v = Verdict("error", method="import", detail=f"{broken.module}: {broken.message}")
    return Result(id=f"{name}/<module>", exercise=f"{name}:<module>", document=broken.module,
                  location="<module>", kind="module", tags=[],
                  statement=f"derivation module {broken.module} could not be loaded", declared="holds", verdict=v)
