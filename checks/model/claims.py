"""Claim kinds: immutable values that say what a document states.

A claim is data: the engine (``checks.run.engine``) decides it, reporters read the
verdict. Every claim carries its document, the document's own location label,
a readable statement, topic tags and what the catalog expects (``declared``).

``declared`` is one of:
  holds      the catalog believes the claim is right;
  erratum    the checker has shown the claim wrong; ``correction`` must hold, and
             ``severity`` says how much it matters (major, minor, notation: DESIGN.md);
  unchecked  prose, never counted as holding.

``source`` is ``stated`` (the document says it) or ``supporting`` (the catalog's own: a
correction, a justification the document does not give, an instance it chose).

``over`` names the finite instances a claim is checked on when the document speaks of more
(``"networks of sizes (1,1,1), (2,2,1)"``, ``"k = 1..5"``): shown on those instances only, the
claim is at most ``bounded`` (DESIGN.md), even where each instance is proved.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from typing import Any, Callable, Iterable, Mapping

import sympy as sp

from checks.model.deferred import Deferred, later  # noqa: F401  later: the authors' spelling
from checks.model.fingerprint import _stable_repr
from checks.model.verdict import SEVERITIES

DECLARED = ("holds", "erratum", "unchecked")
SOURCES = ("stated", "supporting")


@dataclass(frozen=True)
class Claim:
    id: str
    location: str
    statement: str
    tags: tuple = ()
    declared: str = "holds"
    correction: "Claim | None" = None
    document: str = ""
    exercise: str = ""
    source: str = "stated"
    severity: str | None = None
    over: str = ""

    kind = "claim"

    def __post_init__(self):
        if self.declared not in DECLARED:
            raise ValueError(f"claim {self.id!r}: declared={self.declared!r} is not one of {DECLARED}")
        if self.declared == "erratum" and self.correction is None:
            raise ValueError(f"claim {self.id!r}: declared='erratum' needs a correction claim")
        if self.source not in SOURCES:
            raise ValueError(f"claim {self.id!r}: source={self.source!r} is not one of {SOURCES}")
        if self.severity is not None and (self.severity not in SEVERITIES or self.declared != "erratum"):
            raise ValueError(f"claim {self.id!r}: severity={self.severity!r} needs declared='erratum' "
                             f"(got {self.declared!r}) and one of {SEVERITIES}")
        object.__setattr__(self, "tags", tuple(self.tags))

    def placed(self, document: str, doc_id: str) -> "Claim":
        """The claim bound to its document; ids become ``doc_id/local-id``."""
        cid = self.id if "/" in self.id else f"{doc_id}/{self.id}"
        corr = self.correction
        if corr is not None:
            corr = corr.placed(document, doc_id)
            if "/" not in self.correction.id:
                corr = replace(corr, id=cid + "~correction")
        return replace(self, document=document, id=cid, exercise=f"{doc_id}:{self.location}",
                       correction=corr)

    def resolved(self) -> "Claim":
        """The claim with every deferred part built (``Deferred``); itself if none is."""
        built = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if self._has_deferred(v):
                built[f.name] = self._build(v)
        return replace(self, **built) if built else self

    @staticmethod
    def _has_deferred(v) -> bool:
        return isinstance(v, Deferred) or (isinstance(v, tuple) and any(isinstance(x, Deferred) for x in v))

    @classmethod
    def _build(cls, v):   # chain steps: a deferred tuple, or a tuple with deferred steps
        v = v.build() if isinstance(v, Deferred) else v
        return tuple(cls._build(x) for x in v) if isinstance(v, tuple) else v

    def deferred_root(self):
        """One Deferred this claim's deferred parts are built from (None if it has none):
        claims that share it are best checked in one worker, which builds it once."""
        stack = [getattr(self, f.name) for f in fields(self)]
        while stack:
            v = stack.pop()
            if isinstance(v, tuple):
                stack.extend(v)
            elif isinstance(v, Deferred):
                inner = [a for a in v.args if isinstance(a, Deferred)]
                if not inner:
                    return v
                stack.extend(inner)
        return None

    def payload(self) -> dict:
        """The mathematical content, used for the cache fingerprint."""
        skip = {"id", "location", "statement", "tags", "declared", "correction", "document", "exercise",
                "source", "severity", "over"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}

    def fingerprint(self) -> str:
        """A content hash: changes when the mathematics or its code changes, or the id.
        The id counts because the engine seeds its sample points with it (``sampling``):
        two claims with the same mathematics under two ids may get two verdicts, and a
        cache shared between them would give one of them the other's."""
        h = hashlib.sha256(self.kind.encode())
        h.update(b"id\0" + self.id.encode() + b"\0")
        for name, value in sorted(self.payload().items()):
            h.update(name.encode())
            h.update(_stable_repr(value).encode())
        if self.correction is not None:
            h.update(self.correction.fingerprint().encode())
        return h.hexdigest()[:32]


@dataclass(frozen=True, kw_only=True)
class Identity(Claim):
    """lhs = rhs for every value of the free symbols allowed by ``assume``.

    ``assume`` holds SymPy relations (``x > 0``) or ``And`` of them; symbol
    assumptions (``integer=True``) count too. ``sizes`` maps an integer size
    symbol to the range checked exactly when no proof for all sizes is found
    (strength ``bounded``)."""
    lhs: Any
    rhs: Any
    assume: tuple = ()
    sizes: Mapping | None = None
    kind = "identity"


@dataclass(frozen=True, kw_only=True)
class Chain(Claim):
    """e0 = e1 = ... = en as written; every adjacent step is checked."""
    steps: tuple
    assume: tuple = ()
    sizes: Mapping | None = None
    kind = "chain"


@dataclass(frozen=True, kw_only=True)
class Implication(Claim):
    """From ``premise`` (an Eq) the conclusion ``unknown = value`` follows.

    Decided by solving the premise for ``unknown``; the stated value must be
    the unique solution (under ``assume``)."""
    premise: Any
    unknown: Any
    value: Any
    assume: tuple = ()
    kind = "implication"


@dataclass(frozen=True, kw_only=True)
class Value(Claim):
    """A computed number, vector, matrix or shape against the stated one.

    ``computed`` is built by constructing the thing (a zero-argument callable
    or an exact SymPy value); ``places`` is the document's rounding in decimal
    places (None: exact)."""
    computed: Any
    stated: Any
    places: int | None = None
    kind = "value"


@dataclass(frozen=True, kw_only=True)
class Property(Claim):
    """A predicate over a domain.

    ``cases`` is a zero-argument callable returning an iterable of cases and
    ``predicate(case)`` answers True, None (undecided) or ``checks.build.Refuted``
    (False, with its evidence); see ``checks.build``. With ``strength='proof'``
    the single case is a certificate that the predicate checks (e.g. a Farkas
    combination); otherwise the domain is finite and checked exhaustively."""
    predicate: Callable | None
    cases: Callable | None
    strength: str = "exhaustive"
    kind = "property"


@dataclass(frozen=True, kw_only=True)
class Limit(Claim):
    """limit of ``expr`` as ``var`` -> ``point`` (``direction`` '+', '-' or '+-') equals ``stated``."""
    expr: Any
    var: Any
    point: Any
    stated: Any
    direction: str = "+-"
    assume: tuple = ()
    kind = "limit"


@dataclass(frozen=True, kw_only=True)
class Prose(Claim):
    """A statement no machine can check here: always ``unchecked``."""
    reason: str = ""
    declared: str = "unchecked"
    kind = "prose"


def reals(names: str, **assumptions) -> tuple:
    """Real symbols, the catalog's default: ``x, y = reals('x y')``."""
    syms = sp.symbols(names, real=True, **assumptions)
    return syms if isinstance(syms, tuple) else (syms,)


def erratum(stated: Claim, correction: Claim, severity: str | None = None) -> Claim:
    """Mark a stated claim as shown wrong, with the claim that holds instead (the catalog's
    own, so ``supporting``) and how much the error matters (``major``, ``minor``, ``notation``)."""
    return replace(stated, declared="erratum", severity=severity,
                   correction=replace(correction, source="supporting"))


def flatten(claims: Iterable) -> list:
    out = []
    for c in claims:
        if isinstance(c, (list, tuple)):
            out.extend(flatten(c))
        else:
            out.append(c)
    return out
