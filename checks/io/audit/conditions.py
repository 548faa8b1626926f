"""Conditions written beside a step or in an ``assume`` directive, as SymPy relations.

``\\text{for } x \\ge 0``, ``\\forall a > 0``, ``i \\neq j``, ``0 < \\beta < 1`` become the
step's assumptions. A note that reads like a condition but cannot be read is a hazard: the
step may rely on it, so it is not reported wrong (``plan``).
"""
from __future__ import annotations

import re

import sympy as sp

INEQUALITIES = {"<", ">", "\\le", "\\ge", "\\neq"}
_OPS = {"<": sp.StrictLessThan, ">": sp.StrictGreaterThan, "\\le": sp.LessThan, "\\ge": sp.GreaterThan,
        "\\neq": sp.Unequality}
_SPLIT = re.compile(r"\\leqslant|\\geqslant|\\leq|\\geq|\\le|\\ge|\\neq|\\ne(?![a-z])|\\lt|\\gt|<|>|=")
_CANON = {"\\leqslant": "\\le", "\\leq": "\\le", "\\geqslant": "\\ge", "\\geq": "\\ge", "\\ne": "\\neq",
          "\\lt": "<", "\\gt": ">"}
_WORDS = re.compile(r"\\(?:text|textrm|mathrm|mbox)\s*\{[^{}]*\}|\\forall|\\quad|\\qquad|\\[,;:! ]|"
                    r"\b(?:for|all|if|when|where|with|and)\b")
_LOOKS_LIKE = re.compile(r"\\(?:le|ge|leq|geq|neq|ne|lt|gt|in|forall)(?![A-Za-z])|[<>]")


def relation(op: str, lhs, rhs):
    """The SymPy relation ``lhs op rhs``; None when SymPy decides it on the spot (a constant
    comparison is no assumption)."""
    rel = _OPS[op](lhs, rhs)
    return rel if isinstance(rel, sp.core.relational.Relational) else None


def is_simple(lhs, rhs) -> bool:
    """A name compared with a constant (``d_i > 0``): a case or an assumption, not a claim."""
    a, b = (lhs, rhs) if isinstance(lhs, (sp.Symbol, sp.Indexed)) else (rhs, lhs)
    return isinstance(a, (sp.Symbol, sp.Indexed)) and not b.free_symbols


def parse(text: str, reader, integers=()) -> list | None:
    """Relations of ``text`` (``0 < beta < 1``, ``x > 0, y > 0``, ``n integer``), read by
    ``reader(latex) -> Reading``; None when some part cannot be read."""
    out = []
    for part in re.split(r",|\\text\s*\{\s*and\s*\}|\band\b", text):
        part = part.strip()
        if not part:
            continue
        if part.endswith("integer"):
            continue      # the planner records integer names itself
        rels = _chain(part, reader)
        if rels is None:
            return None
        out += rels
    return out


def _chain(text: str, reader) -> list | None:
    from .read import NotRead
    cuts = list(_SPLIT.finditer(text))
    if not cuts:
        return None
    sides = [text[:cuts[0].start()]] + [text[a.end():b.start()] for a, b in zip(cuts, cuts[1:])] \
        + [text[cuts[-1].end():]]
    try:
        exprs = [reader(s).expr for s in sides]
    except NotRead:
        return None
    out = []
    for (a, b), m in zip(zip(exprs, exprs[1:]), cuts):
        op = _CANON.get(m.group(0), m.group(0))
        if op == "=":
            return None
        rel = relation(op, a, b)
        if rel is not None:
            out.append(rel)
    return out


def from_note(note: str, reader, integers=()) -> tuple:
    """(relations, hazard) of the annotation beside a step. A note with no relation in it
    (``\\text{(unrolling the recurrence)}``) gives nothing; a relation that cannot be read
    gives a hazard naming it."""
    if not note or not _LOOKS_LIKE.search(note):
        return [], None
    text = _WORDS.sub(" ", note).strip().strip(",.;")
    text = re.sub(r"\\in\s*\\mathbb\s*\{?\s*[ZN]\s*\}?", " ", text)   # i \in Z: indices are integers
    rels = parse(text, reader, integers)
    if rels is None:
        return [], f"the condition '{note.strip()}' beside the step could not be read"
    usable = [r for r in rels if domain_relation(r)]
    if len(usable) < len(rels):   # i \neq j: no interval says it; a holds stays a holds without it
        return usable, f"the condition '{note.strip()}' beside the step is not used in the check"
    return usable, None


def domain_relation(rel) -> bool:
    """A relation the engine's domains take: one name compared with a number."""
    a, b = rel.lhs, rel.rhs
    one = lambda x, y: isinstance(x, sp.Symbol) and not y.free_symbols
    return not isinstance(rel, sp.Unequality) and (one(a, b) or one(b, a))


def leaves_room(names, rels) -> bool:
    """Whether the relations leave every one of ``names`` some value (x > 0 beside x < 0 do
    not): an ``assume`` that contradicts the ones before it, a region that contradicts a
    step's own conditions."""
    from checks.prove.domains import AssumptionError, Domain
    names = set(names)
    try:
        dom = Domain.from_assumptions(names, tuple(rels))
    except (AssumptionError, ValueError, TypeError):
        return False
    return not any(dom.of(x).empty() for x in names)
