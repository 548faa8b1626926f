"""Audit of documents as written, step 1: extraction (pure text, standard library only).

``displays(text, kind, inline)`` finds the formulae, ``steps(display, carry)`` cuts one into
relation chains, ``extract(text, kind, inline)`` does both over a document, carrying a
chain from one display into the next one that starts with a relation.
"""
from __future__ import annotations

from .chains import RELATIONS, Step, steps
from .extract import Display, displays

__all__ = ["Display", "Step", "RELATIONS", "displays", "steps", "extract"]


def extract(text: str, kind: str = "markdown", inline: bool = False) -> list[Step]:
    """Every step of every formula of ``text``, in document order."""
    out, carry = [], None
    for display in displays(text, kind, inline):
        found = steps(display, None if display.inline else carry)
        out.extend(found)
        if found and not display.inline:
            carry = found[-1].to
    return out
