"""What the text says of an unwritten loss: it depends on a layer only through the layer's outputs.

``chain`` checks a backprop step under the model L = F(D), D the step's downstream quantity,
F arbitrary. A step wrong under that model is wrong for the documents that mean that model,
and not otherwise: L may also depend on the variables directly (a weight-decay term said in
words). So, alone, it stays undecided. Documents very often *say* which it is:

- in words, of L and D: "The loss $L$ depends on the layer only through the outputs $a_i$",
  "$L$ is a scalar function of $Z$", "the loss is now computed from $Z$";
- as a formula in the prose: ``$L = \\ell(\\mathbf y)$``, ``$L(\\mathbf y)$``;
- by naming the upstream gradient: ``$\\mathbf g = \\partial L/\\partial \\mathbf a$``,
  ``$\\boldsymbol\\delta = \\nabla_{\\mathbf a} L$``, "given the upstream gradient
  $\\frac{\\partial L}{\\partial Y}$".

Such a sentence counts for a step when it is said before the step, in the step's question (or
a question it is part of, or the document's preamble), names the step's loss and exactly the
step's downstream quantity (its entries ``a_i`` or the bold vector ``\\mathbf a`` name ``a``)
or a quantity made of it entry by entry by a function the document leaves arbitrary
(``Z_{mn} = h(Y_{mn})``: h may be the identity, so a loss of Z reaches every gradient by Y),
and nothing else after "only through" / "function of". A regulariser said anywhere in that
scope ("weight decay", "penalty", ``+ \\lambda \\|W\\|^2``) takes the evidence away: the loss
then does depend on the weights directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..parse import locate
from .context import DEPENDS, question_of

# a sentence ends at . ! ? before a capital, a formula or a bracket, or at a blank line
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(\\$*])|\n\s*\n")
# words saying a quantity is all the loss sees of the layer: "only through", "a function of"
_ONLY = re.compile(r"\bonly\s+through\b|\bdepends?\s+only\s+on\b|\bfunction\s+of\b|\bcomputed\s+from\b"
                   r"|\bthrough\s+(?:its|the(?:ir)?)\s+outputs?\b", re.I)
# words saying a partial of the loss is given from downstream ("upstream gradient")
# words continuing the list of what the loss sees past D: "a function of $Y$ and of the weights"
_MORE = re.compile(r"^\s*,?\s*(?:and|plus|as\s+well\s+as|together\s+with|along\s+with|in\s+addition\s+to"
                   r"|besides)\b", re.I)
_GIVEN = re.compile(r"\bupstream\b|\bincoming\b|\bgiven\b|\bknow\b|\bbackprop", re.I)
# the words right before a partial that give it a name: "write $g_i$ for", "$g_i$ denotes"
_NAMED_BY = re.compile(r"(?:\b(?:write|writing|denote|denoting)\s*\$[^$]{1,40}\$\s*for"
                       r"|\$[^$]{1,40}\$\s*(?:denotes?|stands\s+for|is\s+short(?:hand)?\s+for))\s*\$?$", re.I)
# words that deny the model after the subject: "also depends", "not only"
_DENIED = re.compile(r"\bnot\s+only\b|\balso\b|\bdirectly\b|\bas\s+well\b|\bbesides\b", re.I)
# a term of the loss the chain through D does not see, said anywhere in the question: its words,
# a squared norm, a lambda (a weight-decay factor more often than not: the doubt is kept)
_REGULARISER = re.compile(r"weight[\s-]*decay|regulari[sz]|penalt|\bridge\b|\\lambda(?![a-z])"
                          r"|squared\s+(?:[A-Za-z]+\s+){0,2}(?:norms?|weights?|parameters?|entries)"
                          r"|squares?\s+of\s+(?:the\s+|all\s+|its\s+)?(?:weights|parameters|entries)"
                          r"|\\\|[^$]{0,60}?\\\|(?:_\{?\w+\}?)?\^\{?2", re.I)
_LOSS_WORD = re.compile(r"\b(?:loss|objective|cost)\b", re.I)
_WORD_KEY = re.compile(r"^(?:problem|exercise|question|task|part|q)\s*", re.I)


@dataclass(frozen=True)
class Evidence:
    line: int
    sentence: str           # the sentence as written (shortened)

    def shown(self) -> str:
        return f'as the text says (line {self.line}: "{self.sentence}")'


def norm(latex: str) -> str:
    """A name as the prose and the model may both write it: spaces, bold and outer braces
    dropped, ``a^{2}`` as ``a^2``; an entry ``a_i`` / ``Y_{mn}`` names its array (a, Y)."""
    s = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec|mathbold)\s*\{\s*([^{}]*?)\s*\}", r"\1", latex or "")
    s = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)(?![A-Za-z])\s*(\\[A-Za-z]+|[A-Za-z])", r"\1", s)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"\^\{(\w)\}", r"^\1", s)
    while s.startswith("{") and s.endswith("}"):
        s = s[1:-1]
    return s


def _array(name: str) -> str:
    """``a_i``, ``Y_{mn}``, ``a^2_i``: the array's name; anything else as it is."""
    return re.sub(r"_(?:\{[a-z](?:,?[a-z]){0,2}\}|[a-z])$", "", name)


def _names(latex: str, name: str) -> bool:
    return norm(name) in {norm(latex), _array(norm(latex))}


def _key(location: str | None) -> str:
    """``Problem 4`` and ``4(a)``, ``Q1`` and ``Q1.3``: one question's number first."""
    return _WORD_KEY.sub("", (location or "").strip())


def in_scope(said: str | None, step: str | None) -> bool:
    """Whether what is said at location ``said`` is said for a step at location ``step``: the
    document's preamble, the same question, or a question the step's is part of."""
    if not said:
        return True
    a, b = _key(said), _key(step)
    if a == b:
        return True
    if b.startswith(a) and b[len(a):][:1] in ("(", ".", " "):
        return True
    return question_of(said) == question_of(step) and said == question_of(said)


def _masked(text: str, inline) -> str:
    """``text`` with its inline formulas blanked (same length): a '.' inside math ends nothing."""
    chars = list(text)
    for d in inline:
        for k in range(d.start, min(len(chars), d.start + len(d.latex))):
            chars[k] = "x"
    return "".join(chars)


@dataclass
class _Sentence:
    start: int
    end: int
    line: int
    location: str | None
    maths: list             # the inline displays in it, in order


_MEMO: list = [None, None]


def _sentences(text: str, found) -> list:
    """The sentences of the prose that hold inline formulas, once per document."""
    if _MEMO[0] is found:
        return _MEMO[1]
    inline = [d for d in found if d.inline]
    shown = [d for d in found if not d.inline]
    masked = _masked(text, inline)
    cuts = sorted({0, len(text)} | {m.end() for m in _SENTENCE_END.finditer(masked)}
                  | {d.start for d in shown} | {d.start + len(d.latex) for d in shown})
    out, k = [], 0
    for lo, hi in zip(cuts, cuts[1:]):
        maths = []
        while k < len(inline) and inline[k].start < hi:
            if inline[k].start >= lo:
                maths.append(inline[k])
            k += 1
        if maths:
            out.append(_Sentence(lo, hi, maths[0].first_line, maths[0].location, maths))
    _MEMO[:] = [found, out]
    return out


def _words(text: str, sentence: _Sentence, lo: int, hi: int) -> str:
    piece = list(text[lo:hi])
    for d in sentence.maths:
        for k in range(max(lo, d.start), min(hi, d.start + len(d.latex))):
            piece[k - lo] = " "
    return re.sub(r"\$+|\\\(|\\\)", " ", "".join(piece))


_PARTIAL = re.compile(r"^(?:\\frac\{\\partial(?P<l1>[^{}]+)\}\{\\partial(?P<d1>.+)\}"
                      r"|\\partial(?P<l2>[^/]+)/\\partial(?P<d2>.+)"
                      r"|\\nabla_(?:\{(?P<d3>[^{}]+(?:\{[^{}]*\}[^{}]*)*)\}|(?P<d4>\\?[A-Za-z]))(?P<l3>.+))$")


def _partial_of(side: str, loss: str, d: str) -> bool:
    """``side`` is the partial (gradient) of ``loss`` by ``d`` or by its entry."""
    m = _PARTIAL.match(norm(side))
    if m is None:
        return False
    lo = m.group("l1") or m.group("l2") or m.group("l3")
    by = m.group("d1") or m.group("d2") or m.group("d3") or m.group("d4")
    return norm(lo) == norm(loss) and _names(by, d)


def _by_words(text: str, s: _Sentence, loss: str, d: str) -> bool:
    """"The loss $L$ depends on the layer only through the outputs $a_i$": the loss (its name,
    or the word "loss" with no other bare name) before the words, and only D after them."""
    words = _words(text, s, s.start, s.end)
    for m in _ONLY.finditer(words):
        at = s.start + m.start()
        before = [x for x in s.maths if x.start < at]
        after = [x for x in s.maths if x.start > at]
        bare = [x for x in before if re.fullmatch(r"\\?[A-Za-z]+(?:_\{?\w+\}?)?|\\mathcal\{?\w\}?|\\ell",
                                                     norm(x.latex))]
        subject = any(norm(x.latex) == norm(loss) for x in before) or (
            not bare and _LOSS_WORD.search(_words(text, s, s.start, at)))
        if not subject or _DENIED.search(_words(text, s, s.start, s.end)):
            continue
        names = [x for x in after if re.fullmatch(r"[^=<>,]+", norm(x.latex))]
        if names and all(_names(x.latex, d) for x in names) \
                and not _MORE.match(_words(text, s, names[-1].start + len(names[-1].latex), s.end)):
            return True      # not "a function of $Y$ and of the weights": D is all the clause names
    return False


def _by_formula(text: str, s: _Sentence, loss: str, d: str) -> bool:
    """``$L = \\ell(\\mathbf y)$``, ``$L(\\mathbf y)$``; ``$\\mathbf g = \\partial L/\\partial \\mathbf a$``
    (a name, or values, given to the upstream gradient), or that partial beside "upstream",
    "given", "we only know"."""
    words = _words(text, s, s.start, s.end)
    for x in s.maths:
        flat = norm(x.latex)
        sides = flat.split("=")
        call = re.fullmatch(re.escape(norm(loss)) + r"(?:=\\?[A-Za-z]+)?\((.+)\)", flat)
        if call and _names(call.group(1), d):
            return True
        if any(_partial_of(p, loss, d) for p in sides) and (len(sides) > 1 or _GIVEN.search(words)
                                                            or _NAMED_BY.search(text[max(0, x.start - 80):x.start])):
            return True
    return False


def evidence(text: str, found, display, loss: str, d: str, kind: str = "markdown") -> Evidence | None:
    """The sentence saying the loss ``loss`` depends on the variables only through ``d``, said
    for ``display`` (a display of ``found``); None without one, or with a regulariser said in
    its scope."""
    best = None
    table = _scope_table(text, kind)
    for s in _sentences(text, found):
        if s.start < display.start and (in_scope(s.location, display.location)
                                        or _preamble_of(table, s.start, display.start)) \
                and (_by_words(text, s, loss, d) or _by_formula(text, s, loss, d)):
            best = Evidence(s.line, _short(text[s.start:s.end]))
            break
    if best is None:
        return None
    lo, hi = _scope_span(text, found, display, kind)
    return None if _REGULARISER.search(text, lo, hi) else best


_SCOPES: list = [None, None]


def _scope_table(text: str, kind: str):
    """``locate.scopes`` of the document, once per document."""
    if _SCOPES[0] is not text:
        _SCOPES[:] = [text, locate.scopes(text, kind)]
    return _SCOPES[1]


def _preamble_of(table, said: int, step: int) -> bool:
    """Whether offset ``said`` is in the preamble of a section the offset ``step`` is in: the
    notation paragraph under a document's title ("# Homework 2 -- Matrix calculus") is said for
    every question below it, though its label (the title) is no question's."""
    (path, preamble), (here, _) = locate.location_at(table, said), locate.location_at(table, step)
    return preamble and here[:len(path)] == path


# the words and formulas of a term of the loss beside the layer (a bare \lambda is not enough to
# doubt a holds: a step that holds under the model is claimed only for a loss of D alone)
_TERM = re.compile(_REGULARISER.pattern.replace(r"|\\lambda(?![a-z])", ""), re.I)


def regulariser(text: str, found, display, kind: str = "markdown") -> str | None:
    """What the text says, in the scope of ``display``, of a term of the loss the chain through
    the layer's outputs does not see ("weight decay", "a penalty", ``\\|W\\|^2``): the words
    with their line; None when it says none."""
    lo, hi = _scope_span(text, found, display, kind)
    m = _TERM.search(text, lo, hi)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + 1
    start = max(lo, text.rfind("\n", 0, m.start()) + 1, m.start() - 60)
    return f'line {line}: "{_short(text[start:m.end() + 40])}"'


def _scope_span(text: str, found, display, kind: str = "markdown") -> tuple:
    """The text of every part of the document said for ``display``: from the end of the last
    display of another question before its first in-scope formula (its heading and statement
    included) to the next display of another question after its last one (the document's end)."""
    mine = [k for k, x in enumerate(found) if in_scope(x.location, display.location)]
    first, last = min(mine), max(mine)
    lo = 0
    for x in found[:first]:
        lo = max(lo, x.start + len(x.latex))
    hi = next((x.start for x in found[last + 1:] if not in_scope(x.location, display.location)), len(text))
    offsets, names = locate.labels(text, kind)    # the next question's heading ends it sooner
    after = [o for o, n in zip(offsets, names) if o > found[last].start and not in_scope(n, display.location)]
    return lo, min([hi] + after[:1])


def _short(piece: str) -> str:
    flat = " ".join(piece.split())
    return flat if len(flat) <= 120 else flat[:117] + "..."


def _invertible(body) -> bool:
    """``body`` is a function of one argument whose derivative is never 0 on the reals (tanh,
    the sigmoid, exp, sinh, arctan): a loss of its value is any loss of its argument,
    l(h) = (l o h^-1)(h(D)) with l o h^-1 smooth, so every gradient by D is one such loss's."""
    import sympy as sp
    from checks.dl import sigmoid
    return isinstance(body, (sp.tanh, sp.exp, sp.sinh, sp.atan, sp.asinh, sigmoid)) and len(body.args) == 1


def entrywise_of(ctx, d: str) -> set:
    """The quantities E with E = h(D) entry by entry, h a function the document leaves arbitrary
    (``Z_{mn} = h(Y_{mn})``): "L is a function of Z" says L = l(h(D)), and since h may be the
    identity, every gradient by D is one such loss's; or h one whose slope is never 0 (tanh,
    the sigmoid: ``_invertible``). Not for another function with a formula (a ReLU's zero slope
    would restrict the gradients)."""
    from sympy.core.function import AppliedUndef
    import sympy as sp
    out = set()
    for name, defn in list(getattr(ctx, "indexed", {}).items()) + list(getattr(ctx, "values", {}).items()):
        body = defn.body
        if not _invertible(body) and (not isinstance(body, AppliedUndef) or len(body.args) != 1
                                      or body.func.__name__ in ctx.functions):
            continue
        arg = body.args[0]
        if isinstance(arg, sp.Indexed) and str(arg.base.label) == d and tuple(arg.indices) == tuple(defn.params) \
                and len(set(arg.indices)) == len(arg.indices):
            out.add(name)
        elif isinstance(arg, sp.Symbol) and arg.name == d and not defn.params:
            out.add(name)
    return out


def applied(text: str, found, step, model, inside: bool = True, kind: str = "markdown", ctx=None) -> tuple:
    """(the model, its hazards) for a step checked under ``chain``'s model: with the text's
    evidence the model is what the document says (no hazard: a wrong under it is wrong),
    without it the model keeps its hazard. ``inside``: the model's world fits the step at every
    case (its entries inside the shapes, its sums over the sizes); when it does not, a wrong may
    come from a shape the world does not know (W square, said in words): the hazard stays."""
    display = next((x for x in found if not x.inline and x.first_line == step.lines[0]), None)
    term = None if display is None else regulariser(text, found, display, kind)
    if term is not None:
        # a loss with a term said in words beside D: a holds under the model (a loss of D
        # alone) is not the document's claim either
        model = replace(model, note=f"the text speaks of a term of the loss beside {model.downstream}, {term}")
        return model, (DEPENDS + model.hazard,)
    said = None
    for d in [model.downstream, *sorted(entrywise_of(ctx, model.downstream) if ctx is not None else ())]:
        said = said or (None if display is None else evidence(text, found, display, model.loss, d, kind))
    if said is None or model.graph:
        # a graph drawn by the step's own partials (y through z, z through w) is assumed below D
        # too: the text saying L is a function of y does not say z has no other path to y
        return model, (model.hazard,)
    if not inside:
        model = replace(model, note=f"{said.shown().removeprefix('as ')}, but the step's indices or sums "
                        "leave the shapes the check knows at some sizes")
        return model, (model.hazard,)
    return replace(model, evidence=said), ()
