"""Named upstream gradients: the prose's name for the partial of the loss by a layer's outputs.

Backprop solutions name the upstream gradient once and write every step in its terms:
"Write $g_i = \\partial L / \\partial y_i$", "let $\\delta_i = \\partial L/\\partial y_i$ be the
upstream gradient", "for an upstream gradient $\\mathbf g = \\nabla_{\\mathbf y} L$". The reader
reads ``\\frac{\\partial L}{\\partial y_i}`` (a definition of the array g whose entries are the
partials, which ``chain`` then models through y) but not the slash form (``a/bc`` is ambiguous in
general) nor the gradient of a whole vector. This module gives such a naming formula the one
form the reader takes, entry by entry:

    g_i = \\partial L / \\partial y_i            ->  g_i = \\frac{\\partial L}{\\partial y_i}
    \\mathbf g = \\nabla_{\\mathbf y} L          ->  g_{k} = \\frac{\\partial L}{\\partial y_{k}}
    \\boldsymbol\\delta = \\partial L/\\partial \\mathbf a  ->  \\delta_{k} = \\frac{\\partial L}{\\partial a_{k}}

Only a formula that is exactly ``NAME = PARTIAL`` is rewritten: the name bare (a letter or a
command, bold or not, primed or not) with the same subscript as the variable of the partial (g_i
and y_i, g and y, \\mathbf g and \\mathbf y), the loss a bare name. A list of values after it
(``= (1, 0, 2)``: given.py), a relation other than ``=``, a partial of a partial, an entry
subscript that differs from the name's (``g_j = \\partial L/\\partial y_i``) are left as written.
What the name then means is the context's business: a later formula for it is a new meaning from
there on, a name defined in another question is used with that question's hazard.
"""
from __future__ import annotations

import re
from dataclasses import replace

# a bare name: \mathbf g, \boldsymbol\delta, \bar{\mathbf y}, g, \delta, with primes
_BOLD = r"\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*(?P<TAGb>\\?[A-Za-z]+)\s*\}|(?P<TAGc>\\[A-Za-z]+|[A-Za-z]))"
_PLAIN = r"(?P<TAGp>\\[A-Za-z]+|[A-Za-z])"
_SUB = r"(?:_\s*(?:\{\s*(?P<TAGs>[A-Za-z](?:\s*,?\s*[A-Za-z]){0,2})\s*\}|(?P<TAGt>[A-Za-z])))?"
_PRIME = r"(?P<TAGq>'*)"


def _name(tag: str) -> str:
    return rf"(?:{_BOLD}|{_PLAIN})\s*{_SUB}\s*{_PRIME}".replace("TAG", tag)


_NAME = re.compile(rf"^\s*{_name('n')}\s*$")
_SLASH = re.compile(rf"^\s*\\partial\s*(?P<loss>\\?[A-Za-z]+)\s*/\s*\\partial\s*{_name('v')}\s*$")
_FRAC = re.compile(rf"^\s*\\[dt]?frac\s*\{{\s*\\partial\s*(?P<loss>\\?[A-Za-z]+)\s*\}}\s*"
                   rf"\{{\s*\\partial\s*{_name('v')}\s*\}}\s*$")
_NABLA = re.compile(rf"^\s*\\nabla\s*_\s*(?:\{{\s*{_name('v')}\s*\}}|(?P<vx>[A-Za-z]))\s*(?P<loss>\\?[A-Za-z]+)\s*$")
# names that are no loss's: a differential operator or a function of the library
_NOT_LOSS = {"\\partial", "\\nabla", "\\sigma", "\\tanh", "\\log", "\\exp", "d"}
_ENTRY = "k"      # the entry letter of a rewritten whole-vector naming (bound by the definition only)


def _parts(m, tag: str):
    """(base, subscript letters, primes, bold) of a name matched under ``tag``."""
    g = m.groupdict()
    bold = g.get(tag + "b") or g.get(tag + "c")
    base = bold or g.get(tag + "p") or g.get(tag + "x")
    sub = re.sub(r"[\s,]", "", g.get(tag + "s") or g.get(tag + "t") or "")
    return base, sub, g.get(tag + "q") or "", bool(bold)


def _partial(side: str):
    """(loss, base, subscript, primes, bold) of ``\\partial L/\\partial y_i`` in its slash, fraction
    or gradient form; None for anything else."""
    for pattern in (_SLASH, _FRAC, _NABLA):
        m = pattern.match(side)
        if m is not None and m.group("loss") not in _NOT_LOSS:
            return (m.group("loss"), *_parts(m, "v"))
    return None


def _subscripted(base: str, sub: str, primes: str) -> str:
    if not sub:
        return base + primes
    return f"{base}_{{{sub}}}{primes}" if len(sub) > 1 else f"{base}_{sub}{primes}"


def naming(latex: str) -> str | None:
    """The naming formula ``latex`` (``NAME = PARTIAL``) in the form the reader takes, entry by
    entry; None when it is no such naming."""
    if latex.count("=") != 1 or re.search(r"\\(?:le|ge|ne|in|approx|sim)(?![A-Za-z])|[<>]", latex):
        return None
    left, right = latex.split("=")
    m = _NAME.match(left)
    got = _partial(right)
    if m is None or got is None:
        return None
    loss, vbase, vsub, vprimes, vbold = got
    nbase, nsub, nprimes, nbold = _parts(m, "n")
    if nsub != vsub or (nbold != vbold and (nsub or vsub)) or nbase == vbase or nbase == loss:
        return None
    if nbold and vbold and not nsub:     # whole vectors: their entries
        nsub = vsub = _ENTRY
    elif nbold != vbold:                  # \mathbf g = \partial L/\partial y: a vector and a scalar
        return None
    return (f"{_subscripted(nbase, nsub, nprimes)} = "
            f"\\frac{{\\partial {loss}}}{{\\partial {_subscripted(vbase, vsub, vprimes)}}}")


def rewritten(display):
    """``display`` with a naming formula in the reader's form (the same display otherwise)."""
    got = naming(display.latex)
    if got is None or got == display.latex.strip():
        return display
    return replace(display, latex=got)
