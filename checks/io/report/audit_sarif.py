"""``audit --format sarif``: SARIF 2.1.0, for GitHub code scanning and SARIF viewers.

One run; ``tool.driver`` names derivcheck and its rules. Results are findings about the
document only:

- a wrong step not declared: rule ``wrong-step``, level ``error``;
- a declared erratum found wrong: rule ``wrong-step``, level ``note``, with an ``inSource``
  suppression whose justification is the ``expect wrong`` directive (the author has
  accepted it: code scanning shows it closed, not open);
- a declared erratum not found wrong: rule ``erratum-not-found``, level ``error`` (the run
  fails on it, as the exit code does).

Steps left undecided or not read are *not* results: they say nothing about the document,
only where derivcheck stopped, and as results they would open one alert each (hundreds
on a long document) that a person must dismiss by hand. They go to the invocation's
``toolExecutionNotifications`` (level ``note``, with their location and reason), which
SARIF defines for conditions met while the tool ran and code scanning does not turn into
alerts. Holds, definitions, conditions and skipped steps are counted in the run's
properties only.

Each result's region is the step's line (``startLine``) to the last line of its display
(``endLine``); the artifact URI is the file as given, percent-encoded where a URI needs it.
``partialFingerprints`` hash the step's text, not its line, so that an alert follows the
step when lines above it move.
"""
import hashlib
import json
from importlib import metadata
from urllib.parse import quote

from . import AuditReporter, register_audit
from .audit_text import as_written, declared_text, evidence, label, reading_text, row

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
PACKAGE = "derivcheck"

RULES = [
    {"id": "wrong-step", "name": "WrongStep",
     "shortDescription": {"text": "A step of a derivation is wrong."},
     "fullDescription": {"text": "The two sides of a step, read unambiguously from the document, "
                                 "certifiably differ: at an exact point inside the stated domain "
                                 "(arb balls disjoint) or by an exact non-zero residual."},
     "help": {"text": "The result shows the step as written, how each side was read (SymPy) "
                      "with the assumptions in force, and the evidence. Fix the step, or keep a "
                      "known erratum with a directive before the display: "
                      "<!-- derivcheck: expect wrong: major|minor|notation: note -->."},
     "defaultConfiguration": {"level": "error"},
     "properties": {"precision": "very-high", "problem.severity": "error", "tags": ["maths", "correctness"]}},
    {"id": "erratum-not-found", "name": "ErratumNotFound",
     "shortDescription": {"text": "A step declared wrong did not come out wrong."},
     "fullDescription": {"text": "An 'expect wrong' directive declares this step an erratum, but "
                                 "derivcheck found it holding, undecided or unread."},
     "help": {"text": "Remove the stale 'expect wrong' directive if the step was corrected; "
                      "otherwise the result says what derivcheck found instead."},
     "defaultConfiguration": {"level": "error"},
     "properties": {"precision": "high", "problem.severity": "error", "tags": ["maths", "directives"]}},
]
RULE_INDEX = {r["id"]: i for i, r in enumerate(RULES)}


def information_uri() -> str | None:
    """The project's home page from the installed package's metadata (pyproject's
    ``[project.urls]``); None when it declares none (informationUri is then left out
    rather than invented)."""
    try:
        meta = metadata.metadata(PACKAGE)
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source", "documentation"):
            return url.strip()
    return meta.get("Home-page") or None


def uri(file: str) -> str:
    """The file as given, as a URI reference (a space or % in a name is percent-encoded)."""
    return quote(file.replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")


def region(s) -> dict:
    # whole lines, no snippet: a snippet must be the region's text, and the row as written
    # (in the message) is only part of it
    return {"startLine": s.line, "endLine": max(s.line, s.lines[1])}


def location(file, s) -> dict:
    where = {"physicalLocation": {"artifactLocation": {"uri": uri(file)}, "region": region(s)}}
    if label(s):   # the document's own label (Q4.3): a place a reader names, not a file position
        where["logicalLocations"] = [{"name": label(s)}]
    return where


@register_audit
class AuditSarifReporter(AuditReporter):
    name = "sarif"

    def start(self, report):
        self.results = []
        self.notifications = []
        return ""

    def document(self, file, steps):
        for s in steps:
            if s.status == "wrong" or s.declared == "wrong":
                self.results.append(self.result(file, s))
            elif s.status in ("undecided", "not_read"):
                self.notifications.append(self.notification(file, s))
        return ""

    @staticmethod
    def message(s) -> str:
        at = f" ({label(s)})" if label(s) else ""
        head = f"Wrong step{at}: {as_written(s)}"
        if s.status != "wrong":
            head = f"Declared wrong{at} but {s.status}: {as_written(s)}"
        parts = [head]
        if s.reading is not None:
            parts.append(f"Read as {reading_text(s)}.")
        if evidence(s):
            parts.append(f"Evidence: {evidence(s)}.")
        if s.declared == "wrong":
            parts.append(f"Declared: {declared_text(s)}.")
        return " ".join(parts)

    def result(self, file, s) -> dict:
        rule = "wrong-step" if s.status == "wrong" else "erratum-not-found"
        found = {"ruleId": rule, "ruleIndex": RULE_INDEX[rule], "kind": "fail",
                 "level": "note" if s.ok else "error", "message": {"text": self.message(s)},
                 "locations": [location(file, s)],
                 "partialFingerprints": {"derivcheckStep/v1": fingerprint(file, s)},
                 "properties": {"stepId": s.id, "status": s.status, "declared": s.declared,
                                "severity": s.severity,
                                "reading": None if s.reading is None else s.reading.to_json(),
                                "counterexample": _without_plot(s.counterexample), "residual": s.residual}}
        if s.ok:   # a declared erratum: the directive in the document is the suppression
            found["suppressions"] = [{"kind": "inSource", "justification": declared_text(s)}]
        return found

    @staticmethod
    def notification(file, s) -> dict:
        at = f" ({label(s)})" if label(s) else ""
        return {"level": "note", "message": {"text": f"Step {s.status}{at}: "
                                                     f"{as_written(s)}. {evidence(s) or s.method}"},
                "locations": [location(file, s)], "properties": {"stepId": s.id, "status": s.status}}

    def finish(self, report):
        driver = {"name": "derivcheck", "version": report.version or "unknown", "rules": RULES}
        home = information_uri()
        if home:
            driver["informationUri"] = home
        run = {"tool": {"driver": driver},
               "invocations": [{"executionSuccessful": True,
                                "toolExecutionNotifications": self.notifications}],
               "results": self.results,
               "properties": {"schema": "derivcheck-audit/1", "seed": report.seed,
                              "summary": report.summary()}}
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def fingerprint(file: str, s) -> str:
    """Stable across lines moving: the file, the step as written and its position among
    the steps of its line."""
    n = s.id.rsplit(":", 1)[-1]
    return hashlib.sha256(f"{file}\0{row(s)}\0{s.relation}\0{s.from_}\0{s.to}\0{n}".encode()
                          ).hexdigest()[:32]


def _without_plot(counterexample):
    """The counterexample without its plot series (kilobytes of numbers a code-scanning alert
    never shows; the html report draws them)."""
    if not isinstance(counterexample, dict):
        return counterexample
    return {k: v for k, v in counterexample.items() if k != "plot"}
