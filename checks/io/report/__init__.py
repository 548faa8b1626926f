"""Reporters: each reads one report object (verdicts only) and renders one format.

Two tables of formats, by name, flake8 style: ``get(name)`` for the claim ``Report`` of
``check`` (table, json, junit, markdown) and ``get_audit(name)`` for the ``AuditReport``
of ``audit`` (table, json, markdown, junit, sarif, github, html). Every format of either table
is a ``Reporter``: ``render`` is the one fixed call sequence (start, one ``document`` call
per document in report order, finish) and formats override the hooks. Only the module
of the format asked for is imported (the table formats import rich, which a JSON run in
CI need not pay for).
"""
from __future__ import annotations

import importlib
from itertools import groupby


class Formats:
    """A table of formats: name -> Reporter class, each registered by importing the
    module that ``modules`` names for it."""

    def __init__(self, what: str, modules: dict):
        self.what = what
        self.modules = modules
        self.registry: dict = {}

    def register(self, cls):
        self.registry[cls.name] = cls
        return cls

    def load(self, modules):
        for m in modules:
            importlib.import_module(f"{__name__}.{m}")   # registration is the side effect

    def get(self, name: str):
        if name not in self.registry:
            self.load(self.modules.values() if name not in self.modules else [self.modules[name]])
        try:
            return self.registry[name]()
        except KeyError:
            raise ValueError(f"unknown {self.what} format {name!r}; choose from "
                             f"{', '.join(sorted(self.modules))}") from None


CLAIMS = Formats("report", {"table": "table", "json": "jsonfmt", "junit": "junit", "markdown": "markdown",
                            "html": "html"})
AUDIT = Formats("audit", {"table": "audit_table", "json": "audit_json", "markdown": "audit_markdown",
                          "junit": "audit_junit", "sarif": "audit_sarif", "github": "audit_github",
                          "html": "html_audit"})

# the claim table under its historical names (cli_main and tests use them)
REGISTRY = CLAIMS.registry
MODULES = CLAIMS.modules
register = CLAIMS.register
register_audit = AUDIT.register
get_audit = AUDIT.get


def get(name: str):
    return CLAIMS.get(name)


def _load(modules):
    CLAIMS.load(modules)


class Reporter:
    name = ""

    def render(self, report, color: bool = False) -> str:
        self.color = color
        parts = [self.start(report)]
        for document, items in self.groups(report):
            parts.append(self.document(document, items))
        parts.append(self.finish(report))
        return "".join(p for p in parts if p)

    def groups(self, report):
        """(document, its items) in report order: claim results grouped by document."""
        for document, results in groupby(report.results, key=lambda r: r.document):
            yield document, list(results)

    def start(self, report) -> str:
        return ""

    def document(self, document: str, results: list) -> str:
        return ""

    def finish(self, report) -> str:
        return ""


class AuditReporter(Reporter):
    """A format of the audit table: the same call sequence over an ``AuditReport``, one
    ``document(file, steps)`` call per audited file."""

    def groups(self, report):
        for d in report.documents:
            yield d.file, d.steps


def evidence(r, with_correct: bool = True) -> str:
    """One line of evidence for a verdict: counterexample, residual, correct value."""
    v = r.verdict
    bits = []
    if v.counterexample:
        bits.append(counterexample_text(v.counterexample))
    if v.residual:
        bits.append(f"residual {v.residual}")
    if v.correct and with_correct:
        bits.append(f"correct: {v.correct}")
    if v.detail and v.status != "holds":
        bits.append(v.detail)
    return "; ".join(bits)


def counterexample_text(ce: dict) -> str:
    """A counterexample in one line: ``at x = 1/2: lhs = ..., rhs = ...`` (a point with both
    values), or ``fails for n = 3`` (a bare assignment). A point of many names is grouped by
    value (``W1_11 .. x2 (18 names) = 1``) and a long value abbreviated, so that an errata
    row shows the case, not pages of it."""
    if "point" in ce:
        pt = point_text(ce["point"]) or "(no variables)"
        gap = f" (lhs - rhs = {short(ce['difference'])})" if ce.get("difference") else ""
        return f"at {pt}: lhs = {short(ce.get('lhs'))}, rhs = {short(ce.get('rhs'))}{gap}"
    return "fails for " + point_text(ce)


MANY = 6       # a point with more names than this is shown grouped by value
LONG = 120     # a value or expression longer than this is abbreviated in the middle


def point_text(point: dict) -> str:
    if len(point) <= MANY:
        return ", ".join(f"{k} = {short(val)}" for k, val in point.items())
    by_value = {}
    for k, val in point.items():
        by_value.setdefault(str(val), []).append(k)
    return ", ".join(f"{names[0]}" + (f" .. {names[-1]} ({len(names)} names)" if len(names) > 1 else "")
                     + f" = {short(val)}" for val, names in by_value.items())


def short(text, limit: int = LONG) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= limit else f"{text[:limit // 2 - 2]} … {text[-(limit // 2 - 2):]}"


def step_text(r, step: dict) -> str:
    """A chain step as the document writes it: the statement's own parts around the step's
    '=' when the statement is written as the chain (one part per link), else the engine's
    reading, abbreviated."""
    parts = [p.strip() for p in split_top(r.statement)]
    n = step["index"]
    if len(parts) == len(r.verdict.steps) + 1 and 1 <= n < len(parts):
        return f"{n}: {parts[n - 1]} = {parts[n]}"
    return f"{n}: {short(step['from'])} = {short(step['to'])}"


def split_top(text: str) -> list:
    """``text`` split at each ' = ' outside brackets (a note in two spaces and brackets at the
    end is left out)."""
    text = text.split("  (")[0].split("  [")[0]
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "=" and depth == 0 and text[i - 1:i] not in ("<", ">", "!", "=") and text[i + 1:i + 2] != "=":
            out.append(text[start:i])
            start = i + 1
    return out + [text[start:]]


SEVERITY_ORDER = {"major": 0, "minor": 1, None: 2, "notation": 3}


def by_severity(results: list) -> list:
    """Errata sheets list what is not as declared first (an error nobody declared), then major
    errors, and notation slips last (DESIGN.md)."""
    return sorted(results, key=lambda r: (r.ok, SEVERITY_ORDER.get(r.severity, 2)))
