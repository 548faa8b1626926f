"""Reporters: each reads a ``Report`` (verdicts only) and renders one format.

``Reporter.render`` is the fixed call sequence (start, one ``document`` call
per document in catalog order, finish); formats override the hooks.
Formats register by name; the CLI looks them up with ``get``.
"""
from __future__ import annotations

from itertools import groupby

REGISTRY: dict = {}


def register(cls):
    REGISTRY[cls.name] = cls
    return cls


# the module that registers each format: only the one asked for is imported (the table
# format imports rich, which a JSON run in CI need not pay for)
MODULES = {"table": "table", "json": "jsonfmt", "junit": "junit", "markdown": "markdown"}


def get(name: str):
    if name not in REGISTRY:
        _load(MODULES.values() if name not in MODULES else [MODULES[name]])
    try:
        return REGISTRY[name]()
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(sorted(REGISTRY))}") from None


def _load(modules):
    import importlib
    for m in modules:
        importlib.import_module(f"{__name__}.{m}")   # registration is the side effect


class Reporter:
    name = ""

    def render(self, report, color: bool = False) -> str:
        self.color = color
        parts = [self.start(report)]
        for document, results in groupby(report.results, key=lambda r: r.document):
            parts.append(self.document(document, list(results)))
        parts.append(self.finish(report))
        return "".join(p for p in parts if p)

    def start(self, report) -> str:
        return ""

    def document(self, document: str, results: list) -> str:
        return ""

    def finish(self, report) -> str:
        return ""


def evidence(r, with_correct: bool = True) -> str:
    """One line of evidence for a verdict: counterexample, residual, correct value."""
    v = r.verdict
    bits = []
    if v.counterexample:
        ce = v.counterexample
        if "point" in ce:
            pt = ", ".join(f"{k} = {val}" for k, val in ce["point"].items()) or "(no variables)"
            gap = f" (lhs - rhs = {ce['difference']})" if ce.get("difference") else ""
            bits.append(f"at {pt}: lhs = {ce['lhs']}, rhs = {ce['rhs']}{gap}")
        else:
            bits.append("fails for " + ", ".join(f"{k} = {val}" for k, val in ce.items()))
    if v.residual:
        bits.append(f"residual {v.residual}")
    if v.correct and with_correct:
        bits.append(f"correct: {v.correct}")
    if v.detail and v.status != "holds":
        bits.append(v.detail)
    return "; ".join(bits)
