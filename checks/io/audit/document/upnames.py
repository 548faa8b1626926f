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

from ..reading import ranges

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


# "write $\delta_j$ for $\partial L/\partial a_j$", "$g_i$ denotes $\partial L/\partial y_i$": a
# name and its partial in two formulas of one clause
_LEADS = re.compile(r"(?:\b(?:write|writing|use|using|denote|denoting|call|calling)\s*)$", re.I)
_FOR = re.compile(r"^\s*(?:for|to\s+denote|to\s+mean|as\s+shorthand\s+for|as\s+short\s+for)\s*\$([^$]+)\$", re.I)
_DENOTES = re.compile(r"^\s*(?:denotes?|stands\s+for|is\s+short(?:hand)?\s+for|means)\s*\$([^$]+)\$", re.I)


def said_naming(display, text: str) -> str | None:
    """The naming said in words around the inline name ``display``: "write $A$ for $B$", "$A$
    denotes $B$" (B the partial), as the formula ``A = B``; None otherwise."""
    if not display.inline or not _NAME.match(display.latex):
        return None
    end = display.start + len(display.latex) + 1      # past the closing $
    after = text[end:end + 200]
    before = text[max(0, display.start - 40):display.start - 1]
    m = _FOR.match(after) if _LEADS.search(before) else None
    m = m or _DENOTES.match(after)
    return None if m is None else naming(f"{display.latex} = {m.group(1)}")


def rewritten(display, text: str = ""):
    """``display`` with a naming formula in the reader's form (the same display otherwise)."""
    got = naming(display.latex) or (said_naming(display, text) if text else None)
    if got is None or got == display.latex.strip():
        return display
    return replace(display, latex=got)


# -- the range of a definition's index, said beside it ----------------------------------------

def _upper(piece: str, letter: str):
    """The upper end E of ``letter = 1, \\dots, E``, ``1 \\le letter \\le E`` or
    ``letter \\in \\{1, \\dots, E\\}`` (``ranges.tail``: a formula, or the tail of one after
    ``\\qquad``); None for anything else. E is read with its letters as integers (sizes)."""
    import sympy as sp
    got = ranges.tail(piece)
    if got is None or letter not in got.letters or got.lower != "1" or any(got.strict) or got.exclusions:
        return None
    raw = got.upper.replace("{", "(").replace("}", ")")
    if not re.fullmatch(r"[A-Za-z0-9+\-\s()]+", raw) or re.search(r"[A-Za-z]{2}", raw):
        return None
    try:
        e = sp.sympify(raw, locals={c: sp.Symbol(c, integer=True, positive=True)
                                    for c in set(re.findall(r"[A-Za-z]", raw))})
    except (sp.SympifyError, SyntaxError, TypeError):
        return None
    if letter in {str(s) for s in e.free_symbols} or not e.is_polynomial() \
            or sp.Poly(e, *e.free_symbols).total_degree() > 1 if e.free_symbols else not e.is_Integer:
        return None
    return e


class Ranges:
    """The ranges of definitions' indices the text says beside them: in the same display
    (``a_i = ..., \\qquad i = 1, \\dots, n - k + 1``) or in the sentence right after it
    ("for $1 \\le i \\le n - 2$", "where $i = 1, \\dots, n-k+1$"), for the letter of the
    definition; read once per document."""

    def __init__(self, text: str, found, kind: str = "markdown", step=None):
        self.text, self.found, self.kind, self.step = text, found, kind, step
        self.used, self.floored = [], []     # the formulas taken (their doubts are settled)

    def __call__(self, name: str, line: int, params) -> dict:
        letters = [str(p) for p in params]
        out = {}
        for k, d in enumerate(self.found):
            if not d.first_line <= line <= d.last_line:
                continue
            pieces = re.split(r"\\q?quad|,\s*\\text\{[^{}]*\}|\\text\{\s*(?:for|where)\s*\}", d.latex)[1:]
            after = self._sentence_after(k)
            for p, letter in zip(params, letters):
                for piece in pieces + after:
                    got = _upper(piece, letter)
                    if got is not None:
                        out[p] = got
                        self.used.append(piece.strip())
                        break
            break
        return out

    def floors(self, location, sizes: set) -> dict:
        """{size: floor} of the sizes the text bounds from below in the step's scope (``n \\ge 6``,
        ``n > 5``, said inline): the enumeration starts there."""
        from .upstream import _scope_span
        display = next((x for x in self.found if not x.inline and self.step is not None
                        and x.first_line == self.step.lines[0]), None)
        if display is None:
            return {}
        lo, hi = _scope_span(self.text, self.found, display, self.kind)
        out = {}
        for x in self.found:
            if not (x.inline and lo <= x.start < hi):
                continue
            m = re.fullmatch(r"\s*([A-Za-z])\s*(\\geq?|\\geqslant|>)\s*(\d+)\s*", x.latex)
            if m is not None and m.group(1) in sizes:
                out[m.group(1)] = int(m.group(3)) + (1 if m.group(2) == ">" else 0)
                self.floored.append(x.latex.strip())
        return out

    def _sentence_after(self, k: int) -> list:
        """The inline formulas after display ``k`` up to the end of its sentence (an inline
        definition: the rest of its own sentence), before any other display."""
        d = self.found[k]
        end = d.start + len(d.latex)
        stop = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
        out = []
        for x in self.found[k + 1:]:
            if not x.inline:
                break
            gap = re.sub(r"\$[^$]*\$", "", self.text[end:x.start])
            if not out and not d.inline:     # "$$ ... $$ \n\n for $1 \le i \le n - 2$": the display's clause
                gap = re.sub(r"^\s*(?:\$\$|\\\]|\\end\{[A-Za-z*]+\})?\s*(?=(?:for|where|with)\b)", "", gap)
            if stop.search(gap):
                break
            out.append(x.latex)
            end = x.start + len(x.latex)
        return out


def settled(hazards: tuple, used: tuple) -> tuple:
    """``hazards`` less the doubts of ranges said in the text that the chain model's world took
    ("the text says 1 \\le i \\le n - 2, which the check does not use": it did)."""
    flat = {re.sub(r"\s+", "", u) for u in used}
    said = re.compile(r"^the text says (.*), which the check does not use$")
    return tuple(h for h in hazards
                 if not ((m := said.match(h)) and re.sub(r"\s+", "", m.group(1)) in flat))


# -- entries written with a number or an expression: g_1, g_{n-2}, \partial L/\partial h_3 ----

_ENTRY_NAME = re.compile(r"^(?P<base>[^_]+?|\\partial \S+/\\partial [^_]+?)_(?:(?P<d>\d)|\{(?P<e>[A-Za-z0-9+\-\s]+)\})$")


def _subscript(raw: str, known: dict):
    """The index ``raw`` (``3``, ``n-2``, ``j - 1``) with the step's own symbols for its letters;
    None for anything that is no sum of letters and numbers."""
    import sympy as sp
    if not re.fullmatch(r"\s*[A-Za-z0-9]+(?:\s*[+\-]\s*[A-Za-z0-9]+)*\s*", raw) or re.search(r"[A-Za-z]{2}|\d[A-Za-z]", raw):
        return None
    letters = {c: known.get(c) or sp.Symbol(c, integer=True) for c in set(re.findall(r"[A-Za-z]", raw))}
    try:
        e = sp.sympify(raw, locals=letters)
    except (sp.SympifyError, SyntaxError, TypeError):
        return None
    if not e.free_symbols and not (e.is_Integer and e >= 0):
        return None
    return e


def _a_gradient(ctx, name: str) -> bool:
    """``name`` is an array the context defines as the partials of a loss (a named upstream
    gradient: g_i = \\partial L/\\partial y_i)."""
    import sympy as sp
    d = ctx.indexed.get(name)
    if d is None:
        return False
    body = d.body
    return isinstance(body, sp.Derivative) or (isinstance(body, sp.Indexed)
                                               and str(body.base.label).startswith("\\partial "))


def family_member(ctx, name: str) -> bool:
    """``name`` (``g_{j-1}``, ``g_{n-2}``, ``g_3``) is an entry of a one-index array the context
    defines as a named gradient (g_i = \\partial L/\\partial y_i), written with an expression
    or a number as its index: a member of a named family, no new name (``entries`` reads it so)."""
    m = _ENTRY_NAME.match(name)
    if m is None:
        return False
    base = m.group("base")
    d = ctx.indexed.get(base)
    return d is not None and len(d.params) == 1 and _a_gradient(ctx, base) \
        and _subscript(m.group("d") or m.group("e"), {}) is not None


def entries(ctx, left, right, location=None) -> tuple:   # (left, right, hazards)
    """``left`` and ``right`` with the names of entries of a one-index array the context defines
    (``g_1``, ``g_{n-2}`` of g with g_i = \\partial L/\\partial y_i; ``\\partial L/\\partial h_3`` of
    h, h_i = \\phi(z_i)) read as its entries, and expanded again (g[1] is \\partial L/\\partial y[1]).
    A name the context knows on its own (``w_1 = 3``, ``g_1`` given a value) stays as it is."""
    import sympy as sp
    from sympy import Indexed
    exprs = [e for e in (left, right) if hasattr(e, "atoms")]
    if len(exprs) < 2:
        return left, right, []
    known = {s.name: s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
    from ..reading.indices import ranks
    rank = {**ranks(*(d.body for d in ctx.indexed.values())), **{n: len(d.params) for n, d in ctx.indexed.items()}}
    swap = {}
    for e in exprs:
        for s in e.atoms(sp.Symbol):
            if isinstance(s, sp.Dummy) or s.name in ctx.values or s.name in ctx.functions:
                continue
            m = _ENTRY_NAME.match(s.name)
            if m is None:
                continue
            base = m.group("base")
            array = re.sub(r"^\\partial \S+/\\partial ", "", base)
            if rank.get(array) != 1 or (array == base and not _a_gradient(ctx, array)):
                continue    # h_1 of h_i = \phi(z_i) may be a name of its own; g_1 of a named gradient is g's
            at = _subscript(m.group("d") or m.group("e"), known)
            if at is None:
                continue
            swap[s] = sp.IndexedBase(sp.Symbol(base, real=True))[at]
    if not swap:
        return left, right, []
    out, hazards = [], []
    for e in (left, right):
        if not hasattr(e, "xreplace"):
            out.append(e)
            continue
        got, more = ctx.expand(e.xreplace(swap), location)
        out.append(got)
        hazards += more
    return out[0], out[1], hazards
