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
    values), or ``fails for n = 3`` (a bare assignment)."""
    if "point" in ce:
        pt = ", ".join(f"{k} = {val}" for k, val in ce["point"].items()) or "(no variables)"
        gap = f" (lhs - rhs = {ce['difference']})" if ce.get("difference") else ""
        return f"at {pt}: lhs = {ce.get('lhs')}, rhs = {ce.get('rhs')}{gap}"
    return "fails for " + ", ".join(f"{k} = {val}" for k, val in ce.items())
