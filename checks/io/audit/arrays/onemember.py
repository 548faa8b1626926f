"""The gradient by one member of a family of vectors the loss sums over.

Negative sampling writes ``J = -\\log \\sigma(\\mathbf u_o^\\top \\mathbf v_c) - \\sum_{k=1}^{K} \\log
\\sigma(-\\mathbf u_k^\\top \\mathbf v_c)`` and then ``\\nabla_{\\mathbf u_k} J`` for one negative k: the
letter of the sum is free in the step. Where the text says the members are distinct from each
other, the other terms of the sum are made of other vectors, so the gradient by u_k is the
gradient of the sum's term k alone:

    d/du_k  sum_{j=1}^{K} f(u_j)  =  d/du_k f(u_k)

``one_member`` rewrites the operand of ``\\frac{\\partial}{\\partial \\mathbf u_k}\\left(...\\right)``
(the form norms.gradients gives a defined loss) so: the sum over k becomes its term, and u_k is
a vector of its own. Where the text does not say the members are pairwise distinct (samples
drawn with replacement repeat), a repeated vector counts once per repeat and nothing is
rewritten: the step stays as today (not read)."""
from __future__ import annotations

import re

_DECOR = r"\\(?:mathbf|boldsymbol|bm)"
# \frac{\partial}{\partial \mathbf u_k}\left( : the derivative of a formula by a member with a letter
_BY_MEMBER = re.compile(r"\\frac\{\\partial\}\{\\partial\s*(%s\s*\{?\s*(\\?[a-z][A-Za-z]*)\s*\}?)\s*_\s*\{?\s*([a-z])\s*\}?\s*\}"
                        r"\s*\\left\(" % _DECOR)
# sentences saying the members differ from one another ("distinct from each other", "pairwise distinct")
_PAIRWISE = re.compile(r"\b(?:distinct|different)\b[^.;]{0,60}?\b(?:each\s+other|one\s+another)\b"
                       r"|\bpairwise\s+(?:distinct|different)\b|\bmutually\s+(?:distinct|different)\b", re.I)


def pairwise(text: str) -> frozenset:
    """The letters (u of \\mathbf u_k) of the families a sentence says are distinct from each
    other: "negative samples $\\mathbf u_1, \\dots, \\mathbf u_K$ (distinct from each other and from $o$)"."""
    from .vectors import families_said
    said = families_said(text, lambda sentence: _PAIRWISE.search(re.sub(r"\$[^$]*\$", " X ", sentence)))
    return frozenset(f[f.index("{") + 1:-1] for f in said)


def one_member(text: str, families: frozenset) -> tuple:
    """(text, [letters]): each derivative by a member ``\\mathbf u_k`` of a family in ``families``
    whose operand sums over k from 1 with the member in its term, with that sum written as its
    term k alone."""
    from .vectors import _close
    done, pos = [], 0
    while (m := _BY_MEMBER.search(text, pos)) is not None:
        pos = m.end()
        if m.group(2) not in families:
            continue
        opened = m.end() - len("\\left(")
        end = _close(text, opened)
        operand = text[m.end():end - len("\\right)")]
        got = _term_alone(operand, m.group(2), m.group(3))
        if got is None:
            continue
        text = text[:m.end()] + got + text[end - len("\\right)"):]
        done.append(f"{m.group(1)}_{m.group(3)}")
        pos = m.end() + len(got)
    return text, done


def _starts_a_term(operand: str, at: int) -> bool:
    """Whether the sum at ``at`` is an additive term of the operand: nothing before it since the
    last + or - outside brackets (or the start) but spaces and a sign. Only then is the gradient
    of the sum the sum of the gradients of its terms, each but term k made of other vectors."""
    from .vectors import _top_level
    last = 0
    for i, depth, tok in _top_level(operand[:at]):
        if depth == 0 and tok in ("+", "-"):
            last = i + 1
        if depth < 0:
            return False
    return not re.sub(r"\\left\s*|\\[,;:! ]|\s", "", operand[last:at])


def _term_alone(operand: str, letter: str, k: str):
    """``operand`` with each ``\\sum_{k=1}^{...} TERM`` (TERM up to the next + or - outside
    brackets, writing the member u_k) as ``\\left(TERM\\right)``; None where there is no such sum
    or the sum does not start at 1."""
    from .vectors import _top_level
    head = re.compile(r"\\sum\s*_\s*(?:\{\s*%s\s*(?:=\s*(\d+)\s*)?\}|%s(?![A-Za-z]))\s*(?:\^\s*(?:\{[^{}]*\}|\\?\w+))?"
                      % (k, k))
    mentions = re.compile(r"%s\s*\{?\s*%s\s*\}?\s*_\s*\{?\s*%s(?![A-Za-z0-9])" % (_DECOR, re.escape(letter), k))
    out, changed, pos = [], False, 0
    while (s := head.search(operand, pos)) is not None:
        if s.group(1) not in (None, "1") or not _starts_a_term(operand, s.start()):
            return None     # \log \sum_k e^{...}: the sum inside a function is no term of its own
        start = s.end()
        stop = len(operand)
        for at, depth, tok in _top_level(operand[start:]):
            if depth < 0:
                stop = start + at
                break
            if depth == 0 and tok in ("+", "-") and operand[start:start + at].strip():
                stop = start + at
                break
        term = operand[start:stop]
        if not mentions.search(term):
            return None
        out.append(operand[pos:s.start()] + f"\\left({term.strip()}\\right) ")
        changed, pos = True, stop
    if not changed:
        return None
    return "".join(out) + operand[pos:]
