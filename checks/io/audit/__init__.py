"""Audit of documents as written. The sub-packages are the pipeline, in order: ``parse``
(file to steps), ``reading`` (a side's LaTeX to SymPy), ``document`` (what the text has
said so far), ``arrays`` (steps over vectors and matrices, entry by entry), ``planning``
(steps to claims); ``run.py`` checks the claims and makes the report, ``catalogued.py``
lets ``check`` run annotated documents. Imports point down that list, with a few lazy ones
back (a directive's formula is read; a reading asks what the document said).

``displays(text, kind, inline)`` finds the formulae, ``steps(display, carry)`` cuts one into
relation chains, ``extract(text, kind, inline)`` does both over a document, carrying a
chain from one display into the next one that starts with a relation.
"""
from __future__ import annotations

from .parse.chains import RELATIONS, Step, steps
from .parse.extract import Display, displays

__all__ = ["Display", "Step", "RELATIONS", "displays", "steps", "extract", "audit_text"]


def extract(text: str, kind: str = "markdown", inline: bool = False) -> list[Step]:
    """Every step of every formula of ``text``, in document order."""
    out, carry = [], None
    for display in displays(text, kind, inline):
        found = steps(display, None if display.inline else carry)
        out.extend(found)
        if found and not display.inline:
            carry = found[-1].to
    return out


def audit_text(text: str, kind: str = "markdown", *, name: str = "<text>", inline: bool = False,
               seed: int = 0, timeout: float = 30.0, jobs: int | None = None, cache: bool = False):
    """The ``AuditReport`` of one document given as a string (``kind``: "markdown" or "latex"):
    every step of its display mathematics with its status, reading and evidence. Reading runs
    in a budgeted child process and checking in the worker pool, so the budget holds from any
    thread. Bad input (a malformed directive) raises ``ValueError`` with one line."""
    from types import SimpleNamespace
    from .run import audit_documents
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    if kind not in ("markdown", "latex"):
        raise ValueError(f"kind must be 'markdown' or 'latex', got {kind!r}")
    doc = SimpleNamespace(name=name, text=text, kind=kind)
    return audit_documents([doc], inline=inline, seed=seed, timeout=timeout, jobs=jobs, cache=cache)
