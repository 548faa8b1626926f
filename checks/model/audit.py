"""The audit of documents as written: one serialisable object every audit reporter reads.

``StepResult`` is what the audit says about one step of a derivation as the document
writes it (where it is, how it was read, what the engine answered); ``DocumentAudit``
is one file's steps; ``AuditReport`` is a run. ``to_json`` / ``from_json`` are the one
serialisation: the schema ``derivcheck-audit/1`` of DESIGN.md (additive fields allowed).

Invariants are checked on construction, because the reporters trust them: a ``wrong``
step carries certified evidence and an unambiguous reading (DESIGN.md: "a wrong step is
certain twice over"), a ``not_read`` step names the construct in ``reason``, a ``holds``
step says how much was shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = "derivcheck-audit/1"
STATUSES = ("holds", "wrong", "undecided", "definition", "condition", "not_read", "skipped")
STRENGTHS = ("proof", "exhaustive", "bounded", "numeric")
SEVERITIES = ("major", "minor", "notation")
DECLARED = (None, "holds", "wrong")
# statuses that leave a step neither shown right nor shown wrong: --strict fails on them
OPEN = ("undecided", "not_read")


@dataclass(frozen=True)
class StepReading:
    """How a step was read, shown beside the LaTeX: SymPy text of both sides and the
    assumptions in force (directives, conditions written beside the step)."""
    from_: str
    to: str
    assumptions: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "assumptions", tuple(self.assumptions))

    def to_json(self) -> dict:
        return {"from": self.from_, "to": self.to, "assumptions": list(self.assumptions)}

    @classmethod
    def from_json(cls, d: dict | None) -> "StepReading | None":
        if d is None:
            return None
        return cls(from_=d["from"], to=d["to"], assumptions=tuple(d.get("assumptions", ())))


@dataclass(kw_only=True)
class StepResult:
    """One step ``from relation to`` of a chain, as written and as checked.

    ``id`` is ``FILE:LINE:N`` (N: 1-based among the steps on that line); left empty, the
    ``DocumentAudit`` holding the step numbers it. ``reading`` may be given as a dict of
    the JSON shape. ``declared`` is what a directive says (``expect wrong`` -> "wrong"),
    ``severity`` and ``erratum_note`` come with a declared erratum."""
    line: int
    lines: tuple
    location: str | None
    latex: str
    relation: str
    from_: str
    to: str
    status: str
    reading: StepReading | None = None
    strength: str | None = None
    method: str = ""
    seconds: float = 0.0
    counterexample: dict | None = None
    residual: str | None = None
    reason: str | None = None
    declared: str | None = None
    severity: str | None = None
    correct: str | None = None
    detail: str = ""
    erratum_note: str | None = None
    id: str = ""

    def __post_init__(self):
        self.lines = tuple(self.lines)
        if isinstance(self.reading, dict):
            self.reading = StepReading.from_json(self.reading)
        self._check()

    def _check(self):
        where = f"step at line {self.line}"
        if self.status not in STATUSES:
            raise ValueError(f"{where}: status={self.status!r} is not one of {STATUSES}")
        if len(self.lines) != 2 or not (1 <= self.lines[0] <= self.lines[1]):
            raise ValueError(f"{where}: lines={self.lines!r} is not (first, last) with 1 <= first <= last")
        if self.status == "holds" and self.strength not in STRENGTHS:
            raise ValueError(f"{where}: a 'holds' step needs a strength in {STRENGTHS}, got {self.strength!r}")
        if self.status != "holds" and self.strength is not None:
            raise ValueError(f"{where}: strength={self.strength!r} given for a {self.status!r} step")
        if self.status == "wrong" and not (self.counterexample or self.residual or self.correct):
            raise ValueError(f"{where}: a 'wrong' step needs evidence (counterexample, residual or correct)")
        if self.status == "wrong" and self.reading is None:
            raise ValueError(f"{where}: a 'wrong' step needs its reading (an unread step is 'not_read')")
        if self.status == "not_read" and not self.reason:
            raise ValueError(f"{where}: a 'not_read' step needs a reason naming the construct")
        if self.declared not in DECLARED:
            raise ValueError(f"{where}: declared={self.declared!r} is not one of {DECLARED}")
        if self.severity not in (None, *SEVERITIES):
            raise ValueError(f"{where}: severity={self.severity!r} is not one of {SEVERITIES}")
        if self.severity is not None and self.declared != "wrong":
            raise ValueError(f"{where}: severity={self.severity!r} without a declared erratum")

    @property
    def ok(self) -> bool:
        """False exactly when the step is wrong and not declared so, or declared wrong
        and not found wrong (the directive is stale or the step no longer reads)."""
        return (self.status == "wrong") == (self.declared == "wrong")

    @property
    def declared_erratum(self) -> bool:
        return self.declared == "wrong" and self.status == "wrong"

    def to_json(self) -> dict:
        return {
            "id": self.id, "line": self.line, "lines": list(self.lines), "location": self.location,
            "latex": self.latex, "relation": self.relation, "from": self.from_, "to": self.to,
            "reading": None if self.reading is None else self.reading.to_json(),
            "status": self.status, "strength": self.strength, "method": self.method,
            "seconds": round(self.seconds, 4), "counterexample": self.counterexample,
            "residual": self.residual, "reason": self.reason, "declared": self.declared,
            "severity": self.severity, "ok": self.ok,
            # additive fields (DESIGN.md allows them): the engine's correct value and detail,
            # the note of an `expect wrong` directive
            "correct": self.correct, "detail": self.detail, "erratum_note": self.erratum_note,
        }

    @classmethod
    def from_json(cls, d: dict) -> "StepResult":
        return cls(id=d["id"], line=d["line"], lines=tuple(d["lines"]), location=d["location"],
                   latex=d["latex"], relation=d["relation"], from_=d["from"], to=d["to"],
                   reading=StepReading.from_json(d["reading"]), status=d["status"],
                   strength=d["strength"], method=d["method"], seconds=d["seconds"],
                   counterexample=d["counterexample"], residual=d["residual"], reason=d["reason"],
                   declared=d["declared"], severity=d["severity"], correct=d.get("correct"),
                   detail=d.get("detail", ""), erratum_note=d.get("erratum_note"))


def count(steps, seconds: float, documents: int) -> dict:
    """The summary object of DESIGN.md for a list of steps."""
    tally = {s: 0 for s in STATUSES}
    for s in steps:
        tally[s.status] += 1
    return {"documents": documents, "steps": len(steps), **tally,
            "declared_wrong": sum(s.declared == "wrong" for s in steps),
            "ok": all(s.ok for s in steps), "seconds": round(seconds, 3)}


def exit_code(steps, strict: bool) -> int:
    """0 every step ok; 1 some step not ok; 3 (strict) some step undecided or not read."""
    if not all(s.ok for s in steps):
        return 1
    if strict and any(s.status in OPEN for s in steps):
        return 3
    return 0


@dataclass
class DocumentAudit:
    """One file's steps in document order. ``seconds``: the file's wall time when the
    caller measured it, else the sum of its steps' times."""
    file: str
    steps: list = field(default_factory=list)
    seconds: float | None = None

    def __post_init__(self):
        self.steps = list(self.steps)
        self._number()

    def _number(self):
        # FILE:LINE:N, N counting the steps on the same line (a = b = c on one line: :1, :2)
        seen: dict = {}
        for s in self.steps:
            seen[s.line] = seen.get(s.line, 0) + 1
            if not s.id:
                s.id = f"{self.file}:{s.line}:{seen[s.line]}"
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"{self.file}: step ids repeat: {', '.join(dup)}")

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.steps)

    def summary(self) -> dict:
        secs = self.seconds if self.seconds is not None else sum(s.seconds for s in self.steps)
        return count(self.steps, secs, 1)

    def to_json(self) -> dict:
        return {"file": self.file, "summary": self.summary(), "steps": [s.to_json() for s in self.steps]}

    @classmethod
    def from_json(cls, d: dict) -> "DocumentAudit":
        return cls(file=d["file"], steps=[StepResult.from_json(s) for s in d["steps"]],
                   seconds=d["summary"]["seconds"] if "summary" in d else None)


@dataclass
class AuditReport:
    """A run of ``audit``: the documents in the order given, seed, wall time, tool version."""
    documents: list = field(default_factory=list)
    seed: int = 0
    seconds: float = 0.0
    version: str = ""

    def steps(self) -> list:
        return [s for d in self.documents for s in d.steps]

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.documents)

    def summary(self) -> dict:
        return count(self.steps(), self.seconds, len(self.documents))

    def exit_code(self, strict: bool = False) -> int:
        return exit_code(self.steps(), strict)

    def to_json(self) -> dict:
        return {"schema": SCHEMA, "tool": {"name": "derivcheck", "version": self.version},
                "seed": self.seed, "summary": self.summary(),
                "documents": [d.to_json() for d in self.documents]}

    @classmethod
    def from_json(cls, d: dict) -> "AuditReport":
        if d.get("schema") != SCHEMA:
            raise ValueError(f"schema={d.get('schema')!r} is not {SCHEMA!r}")
        return cls(documents=[DocumentAudit.from_json(x) for x in d["documents"]], seed=d["seed"],
                   seconds=d["summary"]["seconds"], version=d["tool"]["version"])
