"""Matrices the text restricts, read as exact instances of what it says of them.

A step over a matrix the words restrict ("$\\Sigma$ is symmetric positive definite", "a covariance
matrix", "$D$ is diagonal", ``$M \\succ 0$``) cannot be refuted with independent entries: the
counterexample may lie outside the stated domain (matrices.restriction_doubts). Here each such
matrix is replaced by one exact integer matrix that has the property at every size of the step
(the same entry name A_{12} stands at every size, so the instance is a fixed infinite array whose
every leading n x n block has the property):

- positive (semi)definite, a covariance or precision matrix, ``\\succ 0`` (and symmetric besides):
  ``min(i, j)`` (= L L^T with L the lower triangle of ones: symmetric positive definite);
- negative (semi)definite: ``-min(i, j)``;
- diagonal (and positive, definite, symmetric besides): ``diag(2, 3, 4, ...)``;
- orthogonal, orthonormal, unitary: the signed identity ``diag(1, -1, 1, ...)`` (a reflection at
  every size from 2: det = -1, as an orthogonal matrix may have).

Only a square matrix the text declares (``\\in \\mathbb R^{k \\times k}``) is replaced, and only when
every matrix of the step the text restricts has an instance. Every other word (a rotation, a projection, idempotent, triangular, commuting, rank k, a condition
of maths other than ``\\succ 0``) keeps the doubt: its leading blocks do not keep the property, and
this module has no per-size instance for it yet.

The instance is used only where it can change the answer: when the step as read with independent
entries already differs at an exact rational point (``differs_somewhere``). A step equal there is
left as it was (a ``holds`` for every matrix also holds for the restricted ones). With the
instance, an exact difference is a certified ``wrong`` inside the stated domain (the evidence names
the instance); equality at the instance is no proof (a ``holds as read only`` doubt).
"""
from __future__ import annotations

import re

import sympy as sp

# a symmetric positive definite instance fits these words; one of the first set must be said ("symmetric"
# alone is kinds.symmetric's, "Gram" or "kernel" may be a null space)
_DEFINITE_SAID = frozenset({"positive", "definite", "semidefinite", "semi-definite", "spd", "psd", "pd", "covariance",
                            "precision"})
_DEFINITE = _DEFINITE_SAID | {"symmetric"}
_NEGATIVE = frozenset({"negative", "definite", "semidefinite", "semi-definite", "symmetric"})
_DIAGONAL = frozenset({"diagonal", "symmetric", "positive", "definite", "semidefinite", "semi-definite", "spd",
                       "pd", "psd"})
# the signed identity diag(1, -1, 1, ...) is orthogonal (and symmetric, diagonal) at every size
_ORTHOGONAL_SAID = frozenset({"orthogonal", "orthonormal", "unitary"})
_ORTHOGONAL = _ORTHOGONAL_SAID | {"symmetric", "diagonal"}
_POSITIVE_CONDITION = re.compile(r"a condition \(\s*(?P<n>.+?)\s*\\(?:succ|succeq|succcurlyeq)\s*0\s*\)")


def instance(name: str, words) -> tuple | None:
    """(entry(i, j) for 1-based i, j, what it is) of a sample matrix with every property ``words``
    says of ``name``; None when one of them has no instance here."""
    plain = set()
    t = r"\s*\^\s*\{?\s*(?:\\top|T|\\intercal)\s*\}?\s*"
    n = re.escape(name)
    orthogonal = re.compile(r"a condition \(\s*(?:%s%s%s|%s\s*%s%s)\s*=\s*I\s*\)" % (n, t, n, n, n, t))
    for w in words:
        m = _POSITIVE_CONDITION.fullmatch(w)
        if m is not None and m.group("n").strip() == name:
            plain.add("definite")
        elif orthogonal.fullmatch(w):       # Q^\top Q = I
            plain.add("orthogonal")
        elif w.startswith("a condition"):
            return None
        else:
            plain.add(w)
    if plain & _ORTHOGONAL_SAID and plain <= _ORTHOGONAL:
        return (lambda i, j: sp.Integer((-1) ** (i + 1)) if i == j else sp.Integer(0)), "diag(1, -1, 1, ...), orthogonal"
    if "diagonal" in plain and plain <= _DIAGONAL:
        return (lambda i, j: sp.Integer(i + 1) if i == j else sp.Integer(0)), "diag(2, 3, ...)"
    if "negative" in plain and plain <= _NEGATIVE and plain & {"definite", "semidefinite", "semi-definite"}:
        return (lambda i, j: -sp.Integer(min(i, j))), "-min(i, j), negative definite"
    if plain & (_DEFINITE_SAID - {"positive"}) and plain <= _DEFINITE:      # "positive" alone: entrywise?
        return (lambda i, j: sp.Integer(min(i, j))), "min(i, j), symmetric positive definite"
    return None


# what a sentence restricting a sampled matrix may say besides the property words: anything else
# ("with entries 0 or 1", "with determinant one", "its inverse", "isotropic") may restrict it further
_FILLER = frozenset({"a", "an", "the", "matrix", "be", "is", "are", "let", "and", "real", "square", "given", "semi"})
_READ_WORDS = _DEFINITE | _NEGATIVE | _DIAGONAL | _ORTHOGONAL | _FILLER
_WORD = re.compile(r"[^\W\d_]+", re.U)


# a sentence's declarations of other matrices start afresh: ", and let $M$ be any matrix" says nothing of C
_NEW_CLAUSE = re.compile(r"[,;]?\s*\b(?:and\s+)?let\b", re.I)
# a scope or an enumerator before a sentence ("(iii) In this part ...") says nothing of the matrix
_SCOPE = re.compile(r"^\s*(?:\(\s*[ivxa-h]{1,4}\s*\)\s*)?(?:in\s+this\s+(?:part|problem|exercise|question|section)\b,?)?",
                    re.I)
# words that relate a matrix to another one ("its inverse", "the eigendecomposition of $\Sigma$")
_RELATES = re.compile(r"\b(?:its|their|inverse|eigen\w*|decomposition|of\s*\$)", re.I)


def fully_read(text: str, name: str, restricted) -> bool:
    """Whether every sentence whose maths mentions ``name`` says nothing of it the sample does not
    read: the clause that mentions it only property words ``instance`` knows and filler, its
    maths only size declarations or the conditions ``instance`` reads (``M \\succ 0``,
    ``Q^\\top Q = I``); and in the sentence no other matrix of ``restricted`` and no word that
    relates matrices ("its inverse", an eigendecomposition): related matrices would get
    unrelated samples."""
    from . import matrices
    for sentence in re.split(r"(?<=[.;:!?])\s+|\n\s*\n", text[:300_000]):
        chunks = [m.group(0) for m in matrices.MATH.finditer(sentence)]
        prose = matrices.MATH.sub(" ", sentence)
        if not chunks and matrices._KINDS.search(prose):     # "It is positive definite": of the last matrix
            if any(w.lower() not in _READ_WORDS | {"it", "this", "they", "both"} for w in _WORD.findall(prose)):
                return False
        if not chunks or not any(matrices._mentions(c, name) for c in chunks):
            continue
        if not re.search(r"[A-Za-z]", prose) and all(c.startswith(("$$", "\\[")) for c in chunks):
            continue        # a display: the step or another, no restriction
        if any(any(matrices._mentions(c, o) for c in chunks) for o in restricted if o != name):
            return False
        if _RELATES.search(sentence):
            return False
        after = False       # a clause with no maths after the matrix's own ("let its entries be 0 or 1") is of it
        for clause in _NEW_CLAUSE.split(_SCOPE.sub("", sentence, count=1)):
            read = _clause_read(clause, name, after)
            if read is False:
                return False
            after = read is True or (after and read is None and not matrices.MATH.search(clause))
    return True


def _clause_read(clause: str, name: str, after: bool) -> bool | None:
    """Whether a clause mentioning ``name`` (or no maths: "let its entries be 0 or 1") says only what
    its sample reads (None: a clause about other maths)."""
    from . import matrices
    chunks = [m.group(0) for m in matrices.MATH.finditer(clause)]
    if not any(matrices._mentions(c, name) for c in chunks) and (chunks or not after):
        return None
    if any(w.lower() not in _READ_WORDS for w in _WORD.findall(matrices.MATH.sub(" ", clause))):
        return False
    for c in chunks:
        if c.startswith("$$"):
            return False
        body = matrices._SIZE.sub(" ", c.strip("$"))
        if not matrices._RELATION.search(body):
            if re.fullmatch(r"[\s,]*(?:(?:\\[A-Za-z]+\s*\{?\s*)?\\?[A-Za-z]+\}?[\s,]*)*", body):
                continue    # names only (the size declaration's left side, "$M$")
            return False
        if instance(name, ["a condition (" + c.strip("$ ") + ")"]) is None:
            return False
    return True


_ENTRY = re.compile(r"(?P<stem>.+?)(?:_\{(?P<i>\d)(?P<j>\d)\}|\[(?P<r>\d+),(?P<c>\d+)\])")


def entries_of(names: dict, exprs) -> dict:
    """{entry symbol: (name, i, j)} of the entries of the matrices ``names`` ({stem: name}) in ``exprs``."""
    out = {}
    for e in exprs:
        for x in getattr(e, "free_symbols", ()):
            m = _ENTRY.fullmatch(x.name)
            if m is None or m.group("stem") not in names:
                continue
            i, j = (m.group("i"), m.group("j")) if m.group("i") else (m.group("r"), m.group("c"))
            out[x] = (names[m.group("stem")], int(i), int(j))
    return out


def differs_somewhere(left, right) -> bool | None:
    """Whether some pair differs at one exact rational point (the same point for every run): True,
    False (equal there), or None (undefined there, or not a rational function of its symbols)."""
    symbols = sorted(set().union(*(getattr(e, "free_symbols", set()) for e in (*left, *right))), key=str)
    point = {s: sp.Rational(2 * k + 3, k + 5) for k, s in enumerate(symbols)}
    try:
        for a, b in zip(left, right):
            if any(getattr(e, "has", lambda *_: False)(sp.Derivative, sp.Function) for e in (a, b)):
                return None
            d = sp.sympify(a - b).xreplace(point)
            if not d.is_Rational:
                return None
            if d != 0:
                return True
    except (ZeroDivisionError, TypeError, ValueError):
        return None
    return False


def certified_invertible(names, left: list, right: list) -> str | None:
    """The exact point of ``differs_somewhere`` (shown) when the step differs there and every leading
    block of each matrix ``names`` (said invertible; an entry name stands at every size) is invertible
    there, so that every differing row is inside the stated domain; "" when none of them has entries
    in the step; else None."""
    from .vectors import _entry_letter
    stems = {}
    for n in names:
        stems[n] = n
        if _entry_letter(n):
            stems[_entry_letter(n)] = n
    placed = entries_of(stems, (*left, *right))
    if not placed:
        return ""       # none of them has entries in the step (samples or instances, all invertible)
    if differs_somewhere(left, right) is not True:
        return None
    symbols = sorted(set().union(*(getattr(e, "free_symbols", set()) for e in (*left, *right))), key=str)
    point = {s: sp.Rational(2 * k + 3, k + 5) for k, s in enumerate(symbols)}
    for n in names:
        mine = {(i, j): point[x] for x, (m, i, j) in placed.items() if m == n}
        size = max((max(i, j) for i, j in mine), default=0)
        if size == 0:
            continue        # no entry of it in the step: a sample or an instance (invertible), or cancelled
        for k in range(1, size + 1):
            if any((i, j) not in mine for i in range(1, k + 1) for j in range(1, k + 1)):
                return None     # an entry of the block is not in the step: its value is not fixed here
            if sp.Matrix(k, k, lambda i, j: mine[(i + 1, j + 1)]).det() == 0:
                return None
    return "the entries " + ", ".join(f"{x} = {v}" for x, v in list(point.items())[:6]) + (", ..." if len(point) > 6 else "")


def sampled(planner, names, kinds, step, left: list, right: list, hazards: list):
    """``left``, ``right`` with every matrix the text restricts replaced by its instance, the
    hazards with the restriction doubt replaced by the doubt of a sample, and the legend's note;
    or all as they were (note None) when a restricted name is no square matrix the text declares,
    has no instance, or the step is equal at a point as read."""
    from . import matrices
    from ..document.doubts import HOLDS_ONLY
    from .vectors import _entry_letter
    said = matrices.restriction_words(planner, names, kinds.symmetric, step.lines[1] if step.lines else None,
                                      f"{step.from_} = {step.to}")
    square = lambda n: (lambda d: d is not None and d[0] == "matrix" and d[1] == d[2])(kinds.declared.get(n))
    found = {n: instance(n, w) for n, w in said.items()}
    if found and not all(fully_read(matrices._with_after(planner.text, step.lines[1] if step.lines else None), n, found)
                         for n in found):
        return left, right, hazards, None
    if not found or any(v is None for v in found.values()) or not all(square(n) for n in found):
        return left, right, hazards, None
    if differs_somewhere(left, right) is not True:
        return left, right, hazards, None
    stems = {}
    for n in found:
        stems[n] = n
        letter = _entry_letter(n)
        if letter:
            stems[letter] = n
    placed = entries_of(stems, (*left, *right))
    if {n for n, _, _ in placed.values()} != set(found):     # a restricted matrix whose entries were not found
        return left, right, hazards, None
    at = {x: found[n][0](i, j) for x, (n, i, j) in placed.items()}
    left = [sp.sympify(a).xreplace(at) for a in left]
    right = [sp.sympify(b).xreplace(at) for b in right]
    shown_ = "; ".join(f"{n} = {what} ({', '.join(sorted(said[n]))}, as the text says)" for n, (_, what) in found.items())
    kept = [h for h in hazards if not h.startswith(matrices.RESTRICTED)]
    kept.append(f"{HOLDS_ONLY}checked at one sample of the matrices the text restricts ({shown_}): equal there is no proof")
    return left, right, kept, f"at the sample {shown_}"
