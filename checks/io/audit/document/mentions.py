"""A name written alone in the prose (``$q$``, ``$f$ and $g$``): what the words beside it say.

A formula that is one name, or a list of names, says nothing about the name by itself: ``A
regulariser $q$ is specified ...`` is no use of q as a value, nor as a function. The words
around it may say which: ``for functions $f$ and $g$``, ``a third function $h$``, ``the CDF
$\\Phi$``, ``for any differentiable $\\Phi$``, ``$f$ is an arbitrary differentiable function of
$z$``, ``$f$ and $g$ are twice differentiable``. Such words are a declaration that the name is
a function (evidence.py: strong; and its bare uses elsewhere, ``g > 0``, mention the function).

Only plain wordings count, right beside the formula (a list of names joined by ``,`` / ``and``
may stand between): a function word directly before it, or ``is / are / be`` directly after it,
followed by at most four words (no preposition among them: ``$y$ is the output of the
function`` says nothing) and a function word (not ``function value``), or ``differentiable``.
"""
from __future__ import annotations

import re

MAX_AROUND = 160     # characters of prose read on each side of the formula

# (not "activation" alone, nor "feature map": in a network those are values, arrays)
_NOUN = (r"(?:functions?|(?<!feature\s)(?<!attention\s)(?<!activation\s)(?<!saliency\s)maps?|mappings?|"
         r"non-?linearit(?:y|ies)|transformations?|densit(?:y|ies)|pdfs?|p\.d\.f\.|cdfs?|c\.d\.f\.)")
# the formula's neighbours in a list: "$f$, $g$ and", "and $g$"
_MATH = r"(?:\$[^$\n]{1,40}\$|\\\([^\n]{1,40}?\\\))"
_LIST_BEFORE = rf"(?:{_MATH}\s*(?:,\s*(?:and\s+)?|and\s+))*"
_LIST_AFTER = rf"(?:\s*(?:,\s*(?:and\s+)?|and\s+){_MATH})*"
_BEFORE = re.compile(rf"(?<![A-Za-z])(?:{_NOUN}|(?:twice\s+|continuously\s+|infinitely\s+)?differentiable)\s+"
                     rf"{_LIST_BEFORE}$", re.I)
_PREPOSITIONS = r"of|by|from|to|at|on|in|for|with|as|than|into|over|under|between|whose|which|that"
_WORD = rf"(?!(?:{_PREPOSITIONS})\b)[A-Za-z][A-Za-z-]*"
_AFTER = re.compile(
    rf"^{_LIST_AFTER}\s*,?\s*(?:is|are|be)\s+"
    rf"(?:(?:twice|continuously|infinitely)\s+)?differentiable\b"
    rf"|^{_LIST_AFTER}\s*,?\s*(?:is|are|be)\s+(?:(?:an?|the|some|any)\s+)?(?:{_WORD}[\s,]+){{0,4}}?"
    rf"{_NOUN}(?![A-Za-z])(?!\s+(?:values?|outputs?|evaluations?|calls?)\b)", re.I)


def lone_names(latex: str, whole_name) -> list | None:
    """The names a formula consists of (``q``; ``f, g``), else None. ``whole_name``: the
    evidence scanner's reading of one name."""
    parts = [p.strip() for p in latex.split(",")]
    if not parts or len(parts) > 6:
        return None
    names = [whole_name(p) for p in parts]
    return None if any(n is None for n in names) else names


def says_function(text: str, start: int, end: int) -> bool:
    """Whether the words right beside the formula at ``text[start:end]`` (its delimiters
    included) say that what it names is a function."""
    before = text[max(0, start - MAX_AROUND):start]
    after = text[end:end + MAX_AROUND]
    before = re.sub(r"\s+", " ", before)
    after = re.sub(r"\s+", " ", after)
    return bool(_BEFORE.search(before) or _AFTER.match(after))


def delimited(text: str, start: int, latex: str) -> tuple:
    """(start, end) of an inline formula with its delimiters (``$...$`` or ``\\(...\\)``)."""
    end = start + len(latex)
    lo = start - 2 if text.startswith("\\(", max(0, start - 2)) else start - 1
    hi = end + 2 if text.startswith("\\)", end) else end + 1
    return max(0, lo), min(len(text), hi)
