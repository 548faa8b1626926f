"""Verdicts and results: the one serialisable object every reporter reads.

``Verdict`` is what the engine says about one claim. ``Result`` binds a claim's
metadata to its verdict (and its correction's verdict) and knows whether the
verdict matches the declaration. ``Report`` is a run: results plus summary.
All three turn into the JSON schema ``derivcheck-report/1`` of DESIGN.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict

STATUSES = ("holds", "wrong", "undecided", "unchecked", "error")
STRENGTHS = ("proof", "exhaustive", "bounded", "numeric")
SCHEMA = "derivcheck-report/1"


@dataclass
class Verdict:
    status: str
    strength: str | None = None
    method: str = ""
    seconds: float = 0.0
    counterexample: dict | None = None
    residual: str | None = None
    correct: str | None = None
    steps: list = field(default_factory=list)
    detail: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status={self.status!r} is not one of {STATUSES}")
        if self.status == "holds" and self.strength not in STRENGTHS:
            raise ValueError(f"a 'holds' verdict needs a strength in {STRENGTHS}, got {self.strength!r}")
        if self.status != "holds":
            self.strength = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Verdict":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def holds(strength: str, method: str, **kw) -> Verdict:
    return Verdict("holds", strength, method, **kw)


def wrong(method: str, **kw) -> Verdict:
    return Verdict("wrong", None, method, **kw)


def undecided(method: str, detail: str = "", **kw) -> Verdict:
    return Verdict("undecided", None, method, detail=detail, **kw)


def expected_status(declared: str) -> str:
    return {"holds": "holds", "erratum": "wrong", "unchecked": "unchecked"}[declared]


SEVERITIES = ("major", "minor", "notation")   # of an erratum, in the order reports sort them

VERDICT_FIELDS = ("status", "strength", "method", "seconds", "counterexample", "residual", "correct",
                  "steps", "detail")


@dataclass(frozen=True, kw_only=True)
class Correction:
    """The correction of an erratum as a result carries it: the claim that must hold
    instead, and what the engine said about it."""
    id: str
    statement: str
    status: str
    strength: str | None = None
    method: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "statement": self.statement, "status": self.status,
                "strength": self.strength, "method": self.method}

    @classmethod
    def from_json(cls, d: dict | None) -> "Correction | None":
        return None if d is None else cls(**{k: d[k] for k in ("id", "statement", "status", "strength", "method")})


@dataclass(kw_only=True)
class Result:
    """A claim's metadata with its verdict: one JSON claim object of the report, the row of
    a module snapshot, and what ``verify`` prints (``declared`` None: nothing was declared,
    so the claim is as expected exactly when it holds). ``to_json`` and ``from_json`` are
    the one serialisation."""
    id: str
    exercise: str
    document: str
    location: str
    kind: str
    tags: list
    statement: str
    declared: str | None
    verdict: Verdict
    correction: Correction | None = None
    source: str = "stated"          # or "supporting": the catalog's own claim (DESIGN.md)
    severity: str | None = None     # of an erratum: major, minor, notation

    @property
    def ok(self) -> bool:
        if self.declared is None:
            return self.verdict.status == "holds"
        if self.verdict.status != expected_status(self.declared):
            return False
        if self.declared == "erratum":
            # an audited step's erratum is declared by its document's directive, with a note
            # instead of a correction claim
            return self.kind == "step" or (self.correction is not None and self.correction.status == "holds")
        return True

    def to_json(self) -> dict:
        v = self.verdict
        return {
            "id": self.id, "exercise": self.exercise, "document": self.document,
            "location": self.location, "kind": self.kind, "tags": list(self.tags),
            "statement": self.statement, "declared": self.declared,
            "source": self.source, "severity": self.severity,
            "status": v.status, "strength": v.strength, "method": v.method,
            "seconds": round(v.seconds, 4), "counterexample": v.counterexample,
            "residual": v.residual, "correct": v.correct, "steps": v.steps,
            "detail": v.detail, "correction": None if self.correction is None else self.correction.to_json(),
            "ok": self.ok,
        }

    @classmethod
    def from_json(cls, d: dict) -> "Result":
        return cls(id=d["id"], exercise=d["exercise"], document=d["document"], location=d["location"],
                   kind=d["kind"], tags=list(d["tags"]), statement=d["statement"], declared=d["declared"],
                   verdict=Verdict.from_dict({k: d[k] for k in VERDICT_FIELDS}),
                   correction=Correction.from_json(d["correction"]),
                   source=d.get("source", "stated"), severity=d.get("severity"))


@dataclass
class Report:
    results: list
    seed: int = 0
    seconds: float = 0.0
    version: str = ""

    def summary(self) -> dict:
        count = {s: 0 for s in STATUSES}
        for r in self.results:
            count[r.verdict.status] += 1
        errata = [r for r in self.results if r.declared == "erratum"]
        return {"claims": len(self.results), **count,
                "stated": sum(r.source == "stated" for r in self.results),
                "supporting": sum(r.source == "supporting" for r in self.results),
                "errata": len(errata),
                "errata_by_severity": {s: sum(r.severity == s for r in errata) for s in SEVERITIES},
                "ok": all(r.ok for r in self.results), "seconds": round(self.seconds, 3)}

    def to_dict(self) -> dict:
        return {"schema": SCHEMA, "tool": {"name": "derivcheck", "version": self.version},
                "seed": self.seed, "summary": self.summary(),
                "claims": [r.to_json() for r in self.results]}

    def exit_code(self, strict: bool = False) -> int:
        """0 all as declared; 2 a claim or module errored; 1 a mismatch; 3 undecided under --strict."""
        if any(r.verdict.status == "error" for r in self.results):
            return 2
        if not all(r.ok for r in self.results if r.verdict.status != "undecided"):
            return 1
        if any(r.verdict.status == "undecided" for r in self.results):
            return 3 if strict else 1
        return 0
