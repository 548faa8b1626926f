"""What one method of ``decide`` answers: proved (with its strength and method name),
refuted (with its evidence) or unknown (with the reason). Only ``decide`` turns an
outcome into a ``Verdict``; a method never builds one.

Exceptions a method swallows (a rewrite that SymPy cannot carry out, a case split that
fails) are noted on the claim's deadline and end up in the verdict's detail; with
``DERIVCHECK_DEBUG=1`` they are raised instead, so a bug is not mistaken for "unknown".
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from checks.model.verdict import Verdict, holds, undecided, wrong


@dataclass(frozen=True)
class Proved:
    strength: str
    method: str

    def verdict(self) -> Verdict:
        return holds(self.strength, self.method)


@dataclass(frozen=True)
class Refuted:
    method: str
    counterexample: dict | None = None
    residual: str | None = None      # the exact non-zero lhs - rhs of a claim without symbols

    def verdict(self) -> Verdict:
        extra = {"residual": self.residual} if self.residual is not None else {}
        return wrong(self.method, counterexample=self.counterexample, **extra)


@dataclass(frozen=True)
class Unknown:
    method: str
    reason: str = ""

    def verdict(self) -> Verdict:
        return undecided(self.method, self.reason)


Outcome = Proved | Refuted | Unknown


def debugging() -> bool:
    return os.environ.get("DERIVCHECK_DEBUG", "") == "1"


def swallowed(where: str, exc: BaseException, deadline=None) -> None:
    """An exception a method does not let through: noted on the deadline (the verdict's
    detail names it), or raised again under DERIVCHECK_DEBUG=1."""
    if debugging():
        raise exc
    if deadline is not None:
        deadline.note_error(where, exc)
