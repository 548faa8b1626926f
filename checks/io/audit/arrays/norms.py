"""Norms and inner products of vectors in array mode (vectors.py).

``\\|v\\|``, ``\\|v\\|_2`` (and ``\\lVert v \\rVert``, ``||v||``) of a vector is the square root of the
sum of the squares of its entries; ``\\|v\\|^2``, ``\\|v\\|_2^2`` that sum (SymPy squares the root
away); ``\\mathbf u \\cdot \\mathbf v`` of two column vectors the inner product ``u^T v``. The text is
rewritten before array mode reads it: a norm becomes ``\\operatorname{euclidnorm}(v)``, whose shape
the walk requires to be a vector (a matrix inside the bars, Frobenius or spectral, is not read:
the kind of a matrix norm is never guessed), and a dot product between two names the document
makes columns becomes ``\\operatorname{transposed}(u) v`` (a 1x1 matrix, a number).

Which steps are read so (``first``): the scalar reading takes ``\\|v\\|`` and ``u^T v`` as opaque
values that may be tied to each other, so a step with a norm bar, a dot product of two column
vectors, or a transpose of a column vector is tried in array mode first, and falls back to the
scalar reading when array mode cannot read it.
"""
from __future__ import annotations

import re

from ..reading import layered
from . import nabla, onemember
from ..reading.layered import LABEL
from .matrices import TRACE_WORD as _TRACE     # the trace, however typeset (array mode reads it)
from ..reading.notation import NotRead, shown

NORM = "\\operatorname{euclidnorm}"     # the Euclidean norm of a vector, as array mode reads it
FROBENIUS = "\\operatorname{frobeniusnorm}"     # \\|E\\|_F: the root of the sum of the squares of all entries
HESSIAN = "\\operatorname{hessianof}"     # (F, x): the matrix of the second partials of F by x's entries
REFUSED = "the norm "          # the start of the reasons of norms that are never read as opaque values
GUESSED = "from the shapes of the step"      # vectors._hazards: an array only by the step's shapes

_BARS = re.compile(r"\\(?:l|r)?Vert(?![A-Za-z])")
_OPEN = re.compile(r"\\\||\|\|")
# a layer label in the reader's spelling (\mathbf{h}^{(1)}, W^{(2)}: layered.spelled writes it)
_LABEL = r"(?:%s)?" % LABEL
_BOLD_COLUMN = r"\\(?:mathbf|boldsymbol|bm|vec|underline|overrightarrow)\s*(?:\{\s*\\?[a-z][A-Za-z]*\s*\}|\\[a-z][A-Za-z]*(?![A-Za-z])|[a-z](?![A-Za-z]))"
# an estimate of a vector, \hat{\mathbf y}: a column as its bold name is (vectors.accented_array)
_ACCENT = r"\\(?:hat|bar|tilde|overline)"
_COLUMN_NAME = r"(?:%s|%s\s*\{\s*%s\s*\})" % (_BOLD_COLUMN, _ACCENT, _BOLD_COLUMN) + _LABEL
# a decorated name, or one plain letter (a vector only where the document declares it: x \in \mathbb{R}^n)
_VAR = r"(?:%s|(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])%s)" % (_COLUMN_NAME, _LABEL)


def _bars(text: str) -> str:
    return _BARS.sub(lambda m: "\\|", text)


def has_norm(text: str) -> bool:
    return bool(_OPEN.search(_bars(text)))


# the document says what a norm written without a subscript means, and it is not the Euclidean
# one ("$\|\mathbf w\|$ without a subscript is the $\ell_1$ norm"): only such a sentence, not any
# mention of another norm (a \|x\|_1 written elsewhere says nothing of \|x\|)
_OTHER_NORMS = re.compile(r"\\ell_\{?\s*(?:1|\\infty|p)\b|\b[Ll]_?\{?(?:1|\\infty)\}?[- ]norm|\b(?:1|one)-norm\b|"
                          r"\b(?:max|maximum|infinity|Manhattan|taxicab|sup)[- ]norm", re.I)
_CONVENTION = re.compile(r"without (?:a |any )?subscript|unsubscripted|\bdenotes?\b|\bmeans?\b|stands? for|"
                         r"\bthroughout\b|\bconvention\b|\balways\b", re.I)


def other_norm_said(text: str) -> bool:
    """Whether a sentence of ``text`` gives a norm written without a subscript another meaning."""
    return any(_OTHER_NORMS.search(s) and _CONVENTION.search(s) for s in re.split(r"\.\s|\n\s*\n", text))


def plain_norm(text: str) -> bool:
    """Whether ``text`` writes a norm without a subscript (``\\|w\\|``, ``\\|w\\|^2``)."""
    s = _bars(text)
    bars = [m for m in _OPEN.finditer(s)]
    return any(not re.match(r"\s*(?:\^\s*(?:\{[^{}]*\}|\S)\s*)?_", s[m.end():]) for m in bars[1::2])


def _argument(s: str, k: int):
    """(text, end) of a subscript or superscript argument at s[k] ({...} or one token), or None."""
    while k < len(s) and s[k] == " ":
        k += 1
    if k >= len(s):
        return None
    if s[k] == "{":
        depth, j = 0, k
        while j < len(s):
            depth += (s[j] == "{") - (s[j] == "}")
            j += 1
            if depth == 0:
                return s[k + 1:j - 1].strip(), j
        return None
    m = re.match(r"\\[A-Za-z]+|\S", s[k:])
    return m.group(0), k + len(m.group(0))


def rewrite(text: str) -> str:
    """Each ``\\|E\\|`` with its subscript _2 (before or after a power) as
    ``\\operatorname{euclidnorm}(E)``; NotRead for another subscript (_1, _\\infty, _F) or bars
    that do not pair."""
    s = _bars(text)
    out, pos = [], 0
    while True:
        m = _OPEN.search(s, pos)
        if m is None:
            out.append(s[pos:])
            return "".join(out)
        opener = m.group(0)
        close = s.find(opener, m.end())
        if close < 0:
            raise NotRead("a norm that is not closed")
        inner = s[m.end():close]
        if "|" in inner.replace("\\|", "") or "\\|" in inner:
            raise NotRead(f"'{shown(s[m.start():close + 2])}': a norm inside a norm, or absolute values?")
        if not inner.strip():
            raise NotRead("an empty norm")
        end, power, kind = close + len(opener), None, NORM
        for _ in range(2):       # \|x\|_2^2 and \|x\|^2_2
            k = end
            while k < len(s) and s[k] == " ":
                k += 1
            if k < len(s) and s[k] in "_^":
                a = _argument(s, k + 1)
                if a is None:
                    raise NotRead("a norm with an empty subscript or power")
                if s[k] == "_":
                    if _FROBENIUS.fullmatch(a[0]):
                        kind = FROBENIUS
                    elif a[0] != "2":
                        raise NotRead(f"{REFUSED}'\\|{shown(inner, 20)}\\|_{{{shown(a[0], 10)}}}' is not the "
                                      "Euclidean norm (its kind is not read)")
                elif power is None:
                    power = a[0]
                else:
                    break
                end = a[1]
        out.append(s[pos:m.start()] + f" {kind}({inner})" + (f"^{{{power}}}" if power is not None else "") + " ")
        pos = end


# the subscript of the Frobenius norm: \|W\|_F, \|W\|_{\mathrm{F}}, \|W\|_{\text{Fro}}
_FROBENIUS = re.compile(r"\s*(?:\\(?:mathrm|text|textrm|operatorname|mathit)\s*\{\s*)?(?:F|Fro|fro)\s*\}?\s*")


_GROUP = r"\{(?:[^{}]|\{[^{}]*\})*\}"      # a braced group, one level of braces inside (_{\mathrm{F}})


def _with_argument(s: str, m) -> str:
    """A trace as written with its bracketed argument (tr(AX) and tr(XA) are two constructs)."""
    from .vectors import _close
    k = m.end()
    while k < len(s) and s[k] == " ":
        k += 1
    if s.startswith(("(", "\\left", "[", "{"), k):
        try:
            return s[m.start():_close(s, k)]
        except (IndexError, ValueError, NotRead):
            pass
    return s[m.start():k]


def has_trace(text: str) -> bool:
    return _TRACE.search(text) is not None


def dots(text: str, is_column) -> str:
    """``\\mathbf u \\cdot \\mathbf v`` of two names ``is_column`` says are column vectors as
    ``\\operatorname{transposed}(\\mathbf u) \\mathbf v``."""
    from .vectors import TRANSPOSED
    pat = re.compile(r"(%s)\s*\\cdot(?![A-Za-z])\s*(%s)(?![_^A-Za-z])" % (_VAR, _VAR))

    def one(m):
        a, b = m.group(1), m.group(2)
        if not (is_column(_name(a)) and is_column(_name(b))):
            return m.group(0)
        return f"{TRANSPOSED}({a}) {b}"
    return pat.sub(one, text)


def _name(text: str) -> str:
    """\\mathbf u, \\mathbf{ u }: the reader's name \\mathbf{u}."""
    label = re.search(r"%s\s*$" % LABEL, text)      # \mathbf{h}^{(1)}: the label is part of the name
    tail = label.group(0).strip() if label else ""
    text = text[:label.start()] if label else text
    if re.fullmatch(r"\s*[A-Za-z]\s*", text):
        return text.strip() + tail
    accent = re.fullmatch(r"\s*\\(hat|bar|tilde|overline)\s*\{(.*)\}\s*", text)
    if accent:      # \hat{\mathbf y}: the reader's \hat{\mathbf{y}} (\overline is \bar)
        return f"\\{'bar' if accent.group(1) == 'overline' else accent.group(1)}{{{_name(accent.group(2).strip())}}}{tail}"
    m = re.match(r"\\([A-Za-z]+)\s*\{?\s*(\\?[A-Za-z]+)\s*\}?", text)
    sub = re.match(r"\s*_\s*\{?\s*([A-Za-z0-9])\s*\}?\s*$", text[m.end():])     # \mathbf v_c: \mathbf{v}_c
    return f"\\{m.group(1)}{{{m.group(2)}}}{'_' + sub.group(1) if sub else ''}{tail}"


_TRANSPOSED_COLUMN = re.compile(r"(%s)\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T(?![A-Za-z])|\\top(?![A-Za-z])|"
                                r"\\intercal(?![A-Za-z]))" % _VAR)
_DOT = re.compile(r"(%s)\s*\\cdot(?![A-Za-z])\s*(%s)" % (_VAR, _VAR))


def _constructs(side: str, kinds) -> list:
    """The norms, transposes of column vectors with their next name, and dot products of column
    vectors of a side, as written (spaces dropped)."""
    column = lambda t: kinds.of(_name(t)) == "column"
    s = _bars(side)
    out = [m.group(0) for m in re.finditer(r"(?:\\\||\|\|).*?(?:\\\||\|\|)(?:\s*[_^]\s*(?:%s|\w))*" % _GROUP, s)]
    out += [m.group(0) for m in re.finditer(_TRANSPOSED_COLUMN.pattern + r"\s*(?:%s)?" % _VAR, s)
            if column(m.group(1))]
    out += [m.group(0) for m in _DOT.finditer(s) if column(m.group(1)) and column(m.group(2))]
    out += [_with_argument(s, m) for m in _TRACE.finditer(s)]      # tr(AB) = tr(BA): entry by entry too
    return sorted(re.sub(r"\s+", "", x) for x in out)


def first(left: str, right: str, kinds) -> bool:
    """Whether a step is tried in array mode before the scalar reading: it has a norm, or a
    transpose or a dot product of names the document makes column vectors, and its two sides do
    not write the same ones (\\sigma(\\mathbf w^T \\mathbf x + b) = ... \\mathbf w^T \\mathbf x ...: the
    scalar reading, one value for each, decides it for every value)."""
    a, b = _constructs(left, kinds), _constructs(right, kinds)
    return bool(a or b) and a != b


_NAME = (r"(?:\\(?:mathcal|mathscr|mathrm|mathit)\s*(?:\{\s*[A-Za-z]+\s*\}|[A-Za-z])|\\?[A-Za-z]+)"
         r"(?:_\{[^{}]*\}|_[A-Za-z0-9]|_\\[A-Za-z]+|_\{\s*\\(?:text|mathrm|rm|textrm)\s*\{[A-Za-z ]*\}\s*\})?")
# the variable of a gradient: a vector, or a matrix (\\mathbf W, a plain W the document declares)
# or a member of a family of vectors (\mathbf v_c, \mathbf u_k: one subscript letter or digit)
_MEMBER = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*\\?[a-z][A-Za-z]*\s*\}|\\[a-z][A-Za-z]*(?![A-Za-z])|[a-z](?![A-Za-z]))\s*_\s*(?:\{\s*[A-Za-z0-9]\s*\}|[A-Za-z0-9]))"
_MEMBER_T = re.compile(r"%s\s*\^\s*(?:\{\s*(?:T|\\top)\s*\}|T(?![A-Za-z])|\\top(?![A-Za-z]))" % _MEMBER)
_BY = r"(?:%s|%s|\\(?:mathbf|boldsymbol|bm)\s*(?:\{\s*\\?[A-Z][A-Za-z]*\s*\}|[A-Z](?![A-Za-z]))%s)" % (_MEMBER, _VAR, _LABEL)
_GRADIENT = re.compile(r"\\frac\s*\{\s*\\partial\s*(%s)\s*\}\s*\{\s*\\partial\s*(%s)\s*\}" % (_NAME, _BY))
# the start of a decorated name, which is an operand's formula (\nabla_{\mathbf x} \mathbf x^T A \mathbf x)
# and not the name of the operand
_DECORATION = r"\\(?:mathbf|boldsymbol|bm|vec|hat|bar|tilde|overline|underline)(?![A-Za-z])"
# a thin space may stand between the variable and the operand (\nabla_{\mathbf q}\, s)
_NABLA = re.compile(r"\\nabla\s*_\s*(?:\{\s*(%s)\s*\}|(%s))(?:\s|\\[,;:!])*(?!%s)(%s)(?![A-Za-z_^({\[])" % (_BY, _BY, _DECORATION, _NAME))


def _squash(text: str) -> str:
    """A name compared as written: spaces and the braces of one letter dropped (\\mathcal S is
    \\mathcal{S})."""
    return re.sub(r"\{([A-Za-z])\}", r"\1", re.sub(r"\s+", "", text))


def gradients(text: str, defined: dict, is_column=lambda name: True, upstream=None):
    """(text, [(name, line)]): each gradient ``\\frac{\\partial S}{\\partial \\mathbf y}`` or
    ``\\nabla_{\\mathbf y} S`` of a number S that a display of this question defines (``defined``:
    squashed name -> (its definition's LaTeX, line)) as the derivative of that definition; the
    gradient of another name is left as written, \\nabla as the partial derivative."""
    used = []
    text = _at_its_argument(text, is_column)

    def one(name, by):
        found = defined.get(_squash(name)) if is_column(_name(by)) else None
        chained = upstream(name, by) if found is None and upstream is not None and is_column(_name(by)) else None
        if chained is not None and len(chained) == 2:     # \ell(\mathbf w) = ... defined: its formula
            used.append((name, f"{name} as the document defines it as a function of {_name(by)}"))
            return f"\\frac{{\\partial}}{{\\partial {by}}}\\left({chained[0]}\\right)"
        if chained is not None:     # \nabla_x L = W \delta with \delta = \nabla_z L said (nabla.py)
            text, line, delta, z = chained
            used.append((name, f"by the chain rule through {z}: {delta} its gradient by {z} (line {line}), "
                               f"{name} read as a function of {_name(by)} through {z} only"))
            return text
        if found is None:
            return f"\\frac{{\\partial {name}}}{{\\partial {by}}}"
        used.append((name, found[1]))
        return f"\\frac{{\\partial}}{{\\partial {by}}}\\left({found[0]}\\right)"
    # \nabla_{\mathbf w} \log \sigma(...): \log is the start of a formula, not a name (the
    # formula's gradient is _nabla_of_formula's)
    text = _HESSIAN_OF.sub(lambda m: m.group(0) if _command(m.group(5)) else _hessian(m, one, used), text)
    text = _NABLA.sub(lambda m: m.group(0) if _command(m.group(3))
                      else one(m.group(3), m.group(1) or m.group(2)), text)
    text = _nabla_of_formula(text, used, is_column)
    return _GRADIENT.sub(lambda m: one(m.group(1), m.group(2)), text), used


_SQUARED = r"\^\s*(?:\{\s*2\s*\}|2)"
# commands that start a formula where a gradient's operand name would stand
_FORMULA_START = {"\\log", "\\ln", "\\exp", "\\sum", "\\prod", "\\frac", "\\dfrac", "\\tfrac", "\\left",
                  "\\big", "\\Big", "\\bigg", "\\Bigg", "\\tanh", "\\sinh", "\\cosh", "\\sin", "\\cos",
                  "\\max", "\\min", "\\sqrt", "\\operatorname", "\\mathrm", "\\text"}


def _command(name: str) -> bool:
    return (name or "").split("_")[0] in _FORMULA_START


# \nabla f(\mathbf x) / \nabla^2 f(\mathbf x): the gradient (Hessian) of a function of one vector
# at that vector, the variable the call's one argument
_AT_ARGUMENT = re.compile(r"\\nabla(\s*%s)?\s+(?=(%s)\s*(?:\\left)?\(\s*(%s)\s*(?:\\right)?\))"
                          % (_SQUARED, _NAME, _BY))


def _at_its_argument(text: str, is_column) -> str:
    """``\\nabla f(\\mathbf x)`` written ``\\nabla_{\\mathbf x} f(\\mathbf x)`` where the call's one
    argument is a vector or matrix (for a function of one argument, the gradient at x is the
    gradient by x); any other \\nabla without a subscript is left as written."""
    def put(m):
        if _command(m.group(2)) or not is_column(_name(m.group(3))):
            return m.group(0)
        return f"\\nabla{m.group(1) or ''}_{{{m.group(3).strip()}}} "
    return _AT_ARGUMENT.sub(put, text)


_HESSIAN_OF = re.compile(r"\\nabla\s*(?:%s\s*_\s*(?:\{\s*(%s)\s*\}|(%s))|_\s*(?:\{\s*(%s)\s*\}|(%s))\s*%s)\s*(%s)(?![A-Za-z_^({\[])"
                         % (_SQUARED, _BY, _BY, _BY, _BY, _SQUARED, _NAME))


def _hessian(m, one, used: list) -> str:
    """``\\nabla^2_{\\mathbf w} S`` of a number S the document defines (a formula or a function
    of w): the matrix of its second partial derivatives, ``hessianof(formula, w)``; as written
    (not read) for a name without a definition, or one read through an upstream gradient."""
    name, by = m.group(5), next(g for g in m.groups()[:4] if g)
    before = len(used)
    got = one(name, by)
    prefix, suffix = "\\frac{\\partial}{\\partial %s}\\left(" % by, "\\right)"
    if len(used) == before or not got.startswith(prefix) or "chain rule" in str(used[-1][1]):
        del used[before:]
        return m.group(0)
    return "%s\\left(%s, %s\\right)" % (HESSIAN, got[len(prefix):-len(suffix)], by)


def _hessian_by(text: str) -> set:
    """The variables of the Hessians of a text as _hessian wrote them (the last argument)."""
    return {_name(m.group(1)) for m in re.finditer(re.escape(HESSIAN) + r"\\left\(.*?,\s*(%s)\s*\\right\)" % _BY, text)}


_NABLA_BY = re.compile(r"\\nabla\s*_\s*(?:\{\s*(%s)\s*\}|(%s))\s*" % (_BY, _BY))
# \nabla^2_{\mathbf x} and \nabla_{\mathbf x}^2: the Hessian by x
_HESSIAN_BY = re.compile(r"\\nabla\s*(?:%s\s*_\s*(?:\{\s*(%s)\s*\}|(%s))|_\s*(?:\{\s*(%s)\s*\}|(%s))\s*%s)\s*"
                         % (_SQUARED, _BY, _BY, _BY, _BY, _SQUARED))


def _nabla_of_formula(text: str, used: list, is_column) -> str:
    """``\\nabla_{\\mathbf x} (\\mathbf x^T A \\mathbf x)`` and ``\\nabla_{\\mathbf x} \\|\\mathbf x\\|^2``:
    an operand whose end is written (a bracket group, a norm with its subscript and power) as
    the derivative of that formula, ``\\nabla^2_{\\mathbf x} (...)`` as its Hessian; any other
    operand is left to gradients.py."""
    for pattern, hessian in ((_HESSIAN_BY, True), (_NABLA_BY, False)):
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            k, by = m.end(), next(g for g in m.groups() if g)
            if not is_column(_name(by)) or text[k:].lstrip().startswith("^"):
                pos = k     # \nabla_{\mathbf x}^2 (...) for the gradient: a Hessian, not of "^2 (...)"
                continue
            end = _operand_end(text, m.start(), k)
            operand = re.sub(r"^(?:\\[,;:! ]|\s)+", "", text[k:end]) if end is not None else ""
            if end is None or not _mentions(by, operand):
                pos = k     # \nabla_{\mathbf u} J_{\text{neg}}: a name, not a formula of u (gradients.py says so)
                continue
            used.append((shown(operand, 30), None))
            new = (f"{HESSIAN}\\left({operand}, {by}\\right)" if hessian
                   else f"\\frac{{\\partial}}{{\\partial {by}}}\\left({operand}\\right)")
            text = text[:m.start()] + new + text[end:]
            pos = m.start() + len(new)
    return text


def _operand_end(text: str, start: int, k: int):
    """The end of the operand of the \\nabla at ``start`` whose operand starts at ``k``: a
    bracket group (with a power after it, the rest of the side), a norm with its subscript and
    power, or the rest of the side (_rest_of_side); None where none is written."""
    from .vectors import _close
    if text.startswith(("(", "\\left(", "\\left[", "["), k):
        end = _close(text, k)
        if text[end:].lstrip().startswith("^"):
            # \nabla_{\mathbf w} (\mathbf w^T \mathbf x)^2: the power is the operand's
            return _rest_of_side(text, start, k)
        return end
    if text.startswith(("\\|", "\\lVert", "\\Vert", "\\left\\|", "\\left\\lVert", "\\left\\Vert"), k):
        found = re.match(r"((?:\\left\s*)?(?:\\\||\\lVert|\\Vert))(.*?)((?:\\right\s*)?(?:\\\||\\rVert|\\Vert))"
                         r"((?:\s*[_^]\s*(?:%s|\w))*)" % _GROUP, text[k:])
        return None if found is None else k + found.end()
    return _rest_of_side(text, start, k)


def _spelling(text: str) -> str:
    return re.sub(r"_\{(\w)\}", r"_\1", re.sub(r"\s+", "", layered.braced(text)))


def _mentions(by: str, operand: str) -> bool:
    """Whether the operand of a gradient writes its variable (a formula of it); the gradient of
    anything else (a name, a formula of other names) is not taken here."""
    return _spelling(_name(by)) in _spelling(operand)


def _rest_of_side(text: str, start: int, k: int):
    """The end of the operand of a ``\\nabla_{\\mathbf x}`` written first on its side with no
    bracket around its operand (``\\nabla_{\\mathbf x} \\, \\mathbf b^\\top A \\mathbf x``): the rest
    of the side, when it is one term. With a ``+`` or ``-`` outside brackets after the \\nabla
    (``\\nabla_x f + g``: the gradient of f, or of f + g?) or anything before it, None."""
    from .vectors import _top_level
    if text[:start].strip():
        return None
    rest = text[k:]
    if not re.sub(r"\\[,;:! ]|\s", "", rest):
        return None
    # a sign between norm bars is inside the norm (\tfrac12 \|\mathbf x - \mathbf b\|^2: one term)
    rest = _NORM_BARS.sub(lambda m: "N" * len(m.group(0)), rest)
    if any(depth == 0 and tok in ("+", "-") for _, depth, tok in _top_level(rest)):
        return None
    return len(text)


_NORM_BARS = re.compile(r"\\left\s*\\\|.*?\\right\s*\\\||\\left\s*\\lVert.*?\\right\s*\\rVert|\\\|.*?\\\||"
                        r"\\lVert.*?\\rVert|\\Vert.*?\\Vert")


def tried_first(planner, item, head: bool, assume: list, sizes: dict) -> bool:
    """Plan a step with a norm, an inner product or a gradient of a number defined with them in
    array mode (vectors.plan_step); False, with the item untouched, when it has none or array
    mode cannot read it (the scalar reading then takes the step as today). A definition of a
    number (S = \\frac12 \\|y - s\\|^2) is left to the scalar reading too, and kept here for the
    gradients of S in the steps after it."""
    from dataclasses import replace
    from . import vectors
    from ..document.context import question_of
    step = item.step
    if step.relation != "=":
        return False
    written = step
    step = _spelled_step(planner, step)
    kinds = vectors.kinds_for(planner)
    question = question_of(step.location)
    kept = planner.__dict__.setdefault("_scalar_defs", {})
    if head and re.fullmatch(_NAME, step.from_.strip()):
        kept.pop((question, _squash(step.from_)), None)     # S defined again: the old formula is gone
    start = nabla.setup(planner.found)      # the title's formulas hold in every question
    defined = {n: d for (q, n), d in kept.items() if q == start and start != question}
    defined.update({n: d for (q, n), d in kept.items() if q == question})
    column = lambda name: kinds.of(name) in ("column", "matrix")     # a gradient by a vector or a matrix
    upstream = _upstream_for(planner, kinds, question, start)
    left, used_l = gradients(step.from_, defined, column, upstream)
    right, used_r = gradients(step.to, defined, column, upstream)
    if not (used_l or used_r or first(step.from_, step.to, kinds)):
        if head and ("\\sum" in step.to or _MEMBER_T.search(step.to)) and re.fullmatch(_NAME, step.from_.strip()):
            # S = \sum_i \log(1 + e^{z_i}), J = -\log\sigma(\mathbf u_o^\top \mathbf v_c): kept too
            _keep_definition(planner, step, kinds, question)
        return False
    through, named = [], []
    if used_l or used_r:
        # p_n = \sigma(\mathbf w^T \mathbf x_n) said in the document: put in for p_k (a sum over members)
        if "_entry_defs" not in planner.__dict__:
            planner._entry_defs = nabla.entry_definitions(_found(planner))
        left, put_l = nabla.put_in_entries(left, planner._entry_defs, question, start)
        right, put_r = nabla.put_in_entries(right, planner._entry_defs, question, start)
        for used, put in ((used_l, put_l), (used_r, put_r)):
            used.extend((p, f"{p} put in as the document defines it for each member") for p in put)
        left, right, named = _named_upstreams(planner, step, left, right, defined, kinds, question, start)
        put = _through_definitions(planner, step, left, right, kinds, question, start)
        if put is not None:
            left, right, through = put
        if "_pairwise" not in planner.__dict__:
            planner._pairwise = onemember.pairwise(planner.text)
        if planner._pairwise:      # \nabla_{\mathbf u_k} of a sum over the distinct u_k: its term k
            left, alone_l = onemember.one_member(left, planner._pairwise)
            right, alone_r = onemember.one_member(right, planner._pairwise)
            for used, alone in ((used_l, alone_l), (used_r, alone_r)):
                used.extend((m, f"the sum over the distinct members: its term of {m} alone depends on {m}")
                            for m in alone)
    if plain_norm(step.from_ + " " + step.to) and other_norm_said(planner.text):
        return False    # \|w\| may be the l1 norm the document speaks of: the scalar reading's opaque norm
    if head and not used_l and re.fullmatch(_NAME, step.from_.strip()):
        _keep_definition(planner, step, kinds, question)
        return False
    saved = dict(item.__dict__)
    defs = dict(planner.__dict__.get("_vector_defs", {}))
    try:
        item.step = replace(step, from_=left, to=right)
        vectors.plan_step(planner, item, head, assume, sizes, identify=bool(used_l or used_r),
                          layout=layout_said(layout_text(planner)) if used_l or used_r else None)
    except NotRead as exc:
        item.__dict__.update(saved)
        planner.__dict__["_vector_defs"] = defs
        if exc.reason.startswith((REFUSED, vectors.LAYOUT)):    # a matrix norm, an l1 norm, the other layout
            item.status, item.reason = "not_read", exc.reason
            return True
        return False
    item.step = written
    # a name the document gives no shape (y - s undecorated): the norm of a guessed array says
    # nothing the scalar reading's opaque value does not; today's reasons stay
    if item.status == "definition" or any(GUESSED in h for h in getattr(item, "hazards", ())):
        item.__dict__.clear()
        item.__dict__.update(saved)
        planner.__dict__["_vector_defs"] = defs
        return False
    _gradient_doubts(planner, item, step, kinds, left + " " + right, used_l + used_r, upstream.held, through)
    if named:
        from .vecgrad import said
        item.reason += "; " + said(named)
    _held_fixed(item, left + " " + right, _independent(planner, kinds, left + " " + right, question, start),
                planner.ctx)
    _members(item, planner.text, left + " " + right, kinds.distinct)
    return True


_MEMBER_AT = re.compile(r"\\(mathbf|boldsymbol|bm|vec)\s*\{?\s*(\\?[a-z][A-Za-z]*)\s*\}?\s*_\s*\{?\s*([A-Za-z0-9])\s*\}?(?![A-Za-z0-9])")
_DISTINCT = re.compile(r"\bdistinct\b", re.I)
_FAMILY = re.compile(r"\\(\w+)\{(.+)\}")      # \mathbf{u}: a family as vectors.distinct_families names it


def _members(item, text: str, read: str, distinct: frozenset) -> None:
    """Two members of one family of vectors in a step (\\mathbf u_o and \\mathbf u_k, or u_1) are
    read as two vectors of their own; they are one vector where their indices agree (o = 1),
    unless the document says they are distinct: a doubt on a holds, which covers distinct ones
    only, and on a wrong."""
    from ..document.context import DEPENDS
    family = {}
    for m in _MEMBER_AT.finditer(read):
        family.setdefault((m.group(1), m.group(2)), set()).add(m.group(3))
    said = {(m.group(1), m.group(2)) for sentence in re.split(r"\.\s|\n\s*\n", text) if _DISTINCT.search(sentence)
            for m in _MEMBER_AT.finditer(sentence)}     # "u_1, ..., u_K (distinct from u_o)"
    # "u_1, ..., u_K, all different from $o$" (vectors.distinct_families, found once per document)
    said |= {(m.group(1), m.group(2)) for f in distinct for m in [_FAMILY.fullmatch(f)] if m}
    # "negative samples u_1, ..., u_K, all distinct from u_o": u_o is not one of the members summed
    # over either (vectors._hazards)
    item.hazards = tuple(h for h in getattr(item, "hazards", ()) if not any(
        h.endswith(f"the members of \\{d}{{{x}}} summed over (it may be one of them)") for d, x in said))
    shared = sorted((d, x) for (d, x), subs in family.items() if len(subs) > 1 and (d, x) not in said)
    # a gradient by a vector of another family (\nabla_{\mathbf v_c} of u_o and u_k) that holds for
    # different vectors holds where two are one (put u_3 for u_o on both sides): only a wrong is
    # in doubt; by a member of the family itself, a holds is too
    by = {(m.group(1), m.group(2)) for v in _variables(read) for m in [_MEMBER_AT.fullmatch(v)] if m}
    for (d, x) in shared:
        item.hazards = tuple(getattr(item, "hazards", ())) + (
            f"{DEPENDS if (d, x) in by else ''}members of one family (\\{d}{{{x}}} with two subscripts) read as "
            "different vectors: the document does not say they are distinct",)


def _independent(planner, kinds, text: str, question, start) -> set:
    """The arrays the document defines that a gradient of ``text`` rightly holds fixed."""
    if "_array_defs" not in planner.__dict__:
        planner._array_defs = nabla.array_definitions(_found(planner), kinds)
    by = _variables(text)
    return nabla.independent_of(by, planner._array_defs, question, start) if by else set()


def _spelled_step(planner, step):
    """The step with its layer-labelled names in the reader's spelling (layered.py), when it has
    any: ``\\nabla_{\\mathbf h^1} L`` -> ``\\nabla_{\\mathbf{h}^{(1)}} L``; else the step as written."""
    from dataclasses import replace
    if "^" not in step.from_ + step.to:
        return step
    pairs = layered.lets(planner)
    a, b = layered.spelled(step.from_, pairs), layered.spelled(step.to, pairs)
    return replace(step, from_=a, to=b) if layered.has_label(a + " " + b) else step


def _found(planner):
    """The document's formulae, layer-labelled names in the reader's spelling (layered.py)."""
    got = planner.__dict__.get("_spelled_found")
    if got is None:
        from dataclasses import replace
        pairs = layered.lets(planner)
        got = [replace(d, latex=layered.spelled(d.latex, pairs)) if "^" in d.latex else d for d in planner.found]
        planner._spelled_found = got
    return got


def _gradient_doubts(planner, item, step, kinds, read: str, used: list, deltas, through: list) -> None:
    """The reason and the doubts of a step read with gradients of whole vectors or matrices:
    how each gradient was read (the column, or the matrix, of its partials), what was put in, and
    the layouts it may be meant in. ``read``: both sides as array mode read them."""
    column = lambda name: kinds.of(name) in ("column", "matrix")
    matrix = any(kinds.of(_name(m.group(1))) == "matrix" for m in re.finditer(r"\\partial\s*(%s)\s*\}" % _BY, read))
    for name, line in dict.fromkeys(used):
        how = f", {name} as defined at line {line}" if isinstance(line, int) else f", {line}" if line else ""
        what = ("by a matrix read as the matrix of its partial derivatives by the entries (shaped like the matrix)"
                if matrix else "by a vector read as the column of its partial derivatives (the layout of the vector)")
        if HESSIAN in read and not re.search(r"\\partial", read):     # \nabla^2: symmetric, no layout
            what = "(its Hessian) read as the matrix of its second partial derivatives by the vector's entries"
        item.reason += f"; the gradient of {name} {what}{how}"
    _unheld(item, deltas)
    if not used:
        return
    # the reason says the layout, and the shapes of the sides had to fit it
    hazards = [h for h in getattr(item, "hazards", ()) if not h.startswith(_LAYOUT_DOUBT)]
    fractions = [m for m in re.finditer(r"\\partial\s*(%s)\s*\}" % _BY, step.from_ + " " + step.to)
                 if column(_name(m.group(1)))]
    if any(kinds.of(_name(m.group(1))) == "matrix" for m in fractions):
        # \frac{\partial L}{\partial W} by a square W: shaped like W, or its transpose (the numerator
        # layout) has the same shape; \nabla_W L is shaped like W in every text
        hazards.append("a derivative by a matrix written as a fraction read shaped like the matrix (the numerator "
                       "layout is its transpose)")
    hazards += numerator_doubt(layout_text(planner), kinds, read if matrix and not fractions else step.from_ + " " + step.to)
    item.hazards = tuple(hazards)
    if through:
        it = "it" if len(through) == 1 else "them"
        item.reason += f"; {', '.join(through)} put in as the document defines {it} (the gradient is taken through {it})"


def numerator_doubt(text: str, kinds, written: str) -> list:
    """The doubt of a derivative by a vector or matrix written as a fraction in ``written`` where
    the document speaks of the numerator layout: \\frac{\\partial f}{\\partial \\mathbf x} is a row
    in that layout (read here shaped like the variable); \\nabla_{\\mathbf x} f is the gradient, a
    column, in every text. As doubtful when it holds: the other layout may be meant."""
    said = _NUMERATOR.search(text)
    if said is None or re.search(r"\b(?:not|never|no|instead\s+of|rather\s+than)\s+(?:\w+\s+){0,2}$",
                                 text[max(0, said.start() - 40):said.start()], re.I):
        return []       # "not the numerator layout": the document says which layout it does not use
    if not any(kinds.of(_name(m.group(1))) in ("column", "matrix")
               for m in re.finditer(r"(?:\\partial|\\mathrm\s*\{?\s*d\s*\}?|(?<![A-Za-z\\])d)\s*(%s)\s*\}" % _BY,
                                    written)):
        return []
    from ..document.context import DEPENDS
    return [f"{DEPENDS}the document speaks of the numerator layout: its gradients may be rows (or "
            "transposed matrices) where they are read here as shaped like the variable"]


def _upstream_for(planner, kinds, question, start):
    """nabla.through_upstream for the unwritten losses of this document: a name with no
    definition (the document never gives its formula)."""
    if "_array_defs" not in planner.__dict__:
        planner._array_defs = nabla.array_definitions(_found(planner), kinds)
    if "_upstreams" not in planner.__dict__:
        planner._upstreams = nabla.upstreams(_found(planner))
    ctx = planner.ctx
    written = {n for (_, n) in planner.__dict__.get("_scalar_defs", {})}

    if "_function_defs" not in planner.__dict__:
        planner._function_defs = nabla.function_definitions(planner.found)

    def one(name, by):
        if name in ctx.values or _squash(name) in written or name in ctx.unread:
            return None
        called = nabla.called(name, _name(by), planner._function_defs, question, start)
        if called is not None:
            return called, None
        if name in ctx.functions:
            return None
        got = nabla.through_upstream(name, by, planner._upstreams, planner._array_defs, question, start)
        if got is not None:
            one.held.append(got[2])
        return got
    one.held = []
    return one


def _upstreams_here(planner, step, question, start):
    """Whether an upstream item (delta, z, line) may be put in at the step: said at a line before
    it, in its question or the setup. (A delta that also has a formula there, delta^1 = W^T delta,
    stays: skipping it made v5's consistent step a wrong.)"""
    from ..document.context import question_of
    where = {d.first_line: question_of(d.location) for d in _found(planner)}

    def usable(item) -> bool:
        delta, _, line = item
        return line is not None and line < step.line and nabla._here(where.get(line, ""), question, start)
    return usable


def _named_upstreams(planner, step, left: str, right: str, defined: dict, kinds, question, start):
    """(left, right, used): each upstream gradient the document names (\\boldsymbol\\delta =
    \\nabla_{\\mathbf z} L, L's formula given here) put in as that gradient (vecgrad.put_in), except
    on the left side of its own definition."""
    from . import vecgrad
    if "_nabla_upstreams" not in planner.__dict__:
        # \\boldsymbol\\delta = \\nabla_{\\mathbf z} L: a column in every text (a fraction may be a row)
        planner._nabla_upstreams = nabla.upstreams(_found(planner), nabla_only=True)
    if "_upstreams" not in planner.__dict__:
        planner._upstreams = nabla.upstreams(_found(planner))
    pairs = {}      # every gradient each delta is said to be, in either notation
    for loss, items in planner._upstreams.items():
        for delta, z, _ in items:
            pairs.setdefault(delta, set()).add((loss, z))
    # only a delta named in this question (or the setup) before the step: another question's
    # delta (Q1: delta = o - t; Q2: delta = grad ell) is another quantity (review B24 #1)
    usable = _upstreams_here(planner, step, question, start)
    ups = {loss: [u for u in items if len(pairs.get(u[0], ())) == 1 and usable(u)]
           for loss, items in planner._nabla_upstreams.items()}
    if re.fullmatch(_VAR, step.from_.strip()) or re.fullmatch(r"\\(?:boldsymbol|bm)\s*\\[a-z]+%s" % _LABEL, step.from_.strip()):
        own = _name(step.from_.strip())
        ups = {loss: [u for u in items if u[0] != own] for loss, items in ups.items()}
    if "_array_defs" not in planner.__dict__:
        planner._array_defs = nabla.array_definitions(_found(planner), kinds)

    def through(formula: str, z: str):
        got = nabla.substitute(formula, planner._array_defs, question, start, frozenset({z}))
        return None if got is None else got[0]
    a, used_a = vecgrad.put_in(left, ups, defined, kinds, through)
    b, used_b = vecgrad.put_in(right, ups, defined, kinds, through)
    return a, b, list(dict.fromkeys(used_a + used_b))


def _through_definitions(planner, step, left: str, right: str, kinds, question, start):
    """(left, right, names) of a gradient step with the arrays the document defines once (in
    this question or its setup) put in on both sides (nabla.substitute), or None when none is
    put in or the definitions do not end. The variables of its derivatives and the step's own
    left side (\\boldsymbol\\delta = \\nabla_{\\mathbf z} L) stay."""
    if "_array_defs" not in planner.__dict__:
        planner._array_defs = nabla.array_definitions(_found(planner), kinds)
    keep = _variables(left + " " + right)
    keep |= nabla.independent_of(keep, planner._array_defs, question, start)     # held fixed, rightly
    if re.fullmatch(_VAR, step.from_.strip()):
        keep.add(_name(step.from_.strip()))
    if "_function_defs" not in planner.__dict__:
        planner._function_defs = nabla.function_definitions(planner.found)
    calls_l = nabla.expand_calls(left, planner._function_defs, question, start)
    calls_r = nabla.expand_calls(right, planner._function_defs, question, start)
    if calls_l is None or calls_r is None:
        return None
    a = nabla.substitute(calls_l[0], planner._array_defs, question, start, frozenset(keep))
    b = nabla.substitute(calls_r[0], planner._array_defs, question, start, frozenset(keep))
    if a is None or b is None:
        return None
    names = list(dict.fromkeys(calls_l[1] + calls_r[1] + a[1] + b[1]))
    return (a[0], b[0], names) if names else None


_LAYOUT_DOUBT = "a derivative by a vector read as a column like the vector"      # vectors._hazards
# the document's layout said in words: gradients shaped like their variable (a transposed side a claim)
_SHAPED = re.compile(r"\b(?:gradients?|derivatives?)\b[^.;:\n$]{0,40}?\b(?:(?:has|have|takes?|keeps?)\s+(?:the\s+)?"
                     r"(?:same\s+)?shape\s+(?:of|as)|(?:are|is)\s+shaped\s+like|(?:are|is)\s+the\s+same\s+shape\s+as)\s+"
                     r"(?:the\s+|its\s+|their\s+)?(?:variables?|parameters?|weights?|matri(?:x|ces)|vectors?|arguments?|"
                     r"\$[^$]{1,20}\$)|\bdenominator[- ]layout\b", re.I)


def layout_said(text: str):
    """The sentence's words that say gradients are shaped like their variable, or None (none
    said, or the numerator layout spoken of too: which one a step uses is not known). A sentence
    that speaks of another convention than its own ("unlike PyTorch, where gradients have the
    same shape as the weights, we write ...", "in code ...; on paper we write them transposed")
    says nothing of the document's layout."""
    if _NUMERATOR.search(text):
        return None
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):
        m = _SHAPED.search(sentence)
        if m is None or re.search(r"\b(?:not|never|no)\b|n't", m.group(0), re.I):
            continue     # "the gradient does not have the shape of the variable"
        if _ELSEWHERE.search(sentence):
            return None
        return " ".join(m.group(0).split())
    return None


# words of a sentence that sets a layout beside another one, or in another place than the document
_ELSEWHERE = re.compile(r"\b(?:unlike|where|whereas|while|but|however|instead|in\s+code|pytorch|tensorflow|numpy|jax|"
                        r"some\s+(?:texts?|books?|authors?)|other\s+(?:texts?|books?|courses?)|on\s+paper|"
                        r"transpos\w*|rows?|problem\s+\d|question\s+\d|part\s+\()", re.I)


def layout_text(planner) -> str:
    """The text a layout sentence counts in for the display being planned: the document's head
    (before its first question) and the display's own question."""
    display = getattr(planner, "display", None)
    if display is None:
        return planner.text
    from ..document.upstream import _scope_span
    lo, hi = _scope_span(planner.text, planner.found, display, planner.kind)
    first = min((d.start for d in planner.found if d.location), default=len(planner.text))
    return planner.text[:min(first, lo)] + "\n\n" + planner.text[lo:hi]
_NUMERATOR = re.compile(r"numerator[- ](?:layout|convention)|Jacobian (?:formulation|layout)", re.I)


def said_layouts(text: str):
    """The layout the document says its derivatives by vectors take (vectors.NUMERATOR or
    DENOMINATOR), or None: none said, both spoken of, or a sentence that may speak of another
    convention than its own."""
    from .vectors import DENOMINATOR, NUMERATOR
    if layout_said(text):
        return DENOMINATOR
    if re.search(r"\bdenominator\b", text, re.I):
        return None
    sentences = [x for x in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if _NUMERATOR.search(x)]
    if sentences and not any(_ELSEWHERE.search(x) or re.search(r"\b(?:not|never|no)\b|n't", x, re.I)
                             for x in sentences):
        return NUMERATOR
    return None


def _unheld(item, deltas) -> None:
    """An upstream gradient (\\boldsymbol\\delta = \\nabla_{\\mathbf z} L) is held at its value by
    the chain rule itself: the doubts that it is defined and not put in, or held fixed, are
    dropped for it (the step's reason says the chain rule is used)."""
    if not deltas:
        return
    out = []
    for h in getattr(item, "hazards", ()):
        m = re.match(r"(.*?)( defined (?:in the document|above as an array).*)", h)
        if m is None:
            out.append(h)
            continue
        names = [n.strip() for n in m.group(1).split(",") if n.strip() not in deltas]
        if names:
            out.append(", ".join(names) + m.group(2))
    item.hazards = tuple(out)


def _variables(text: str) -> set:
    """The variables of the derivatives and Hessians of a text (array mode's spelling)."""
    return {_name(m.group(1)) for m in re.finditer(r"\\partial\s*(%s)" % _BY, text)} | _hessian_by(text)


def _held_fixed(item, text: str, independent=frozenset(), ctx=None) -> None:
    """A gradient is taken with every other array of the step held fixed: one the document
    defines (h = \\sigma(z), said in words) may depend on the vector it is taken by, so such a
    step is as doubtful when it holds as when it does not; not one whose definition, all put in,
    does not write the variable (``independent``: nabla.independent_of)."""
    from ..document.context import DEPENDS
    by = {_name(m.group(1)) for m in re.finditer(r"\\partial\s*(%s)\s*\}" % _BY, text)} | _hessian_by(text)
    if not by:
        return
    kept = []
    # the variable of the gradient is the variable, whatever the document defines it by
    # (\nabla_{\mathbf h} L with \mathbf h = \sigma(\mathbf a) said: L as a function of h)
    # unless the loss writes a name the variable is made of (h = 2a, L with |a|^2): then the
    # gradient may be the total one through a (review B24 #6), a DEPENDS doubt
    through = _made_of_written(ctx, by, text)
    free = set(independent) | (by - set(through))
    if through:
        item.hazards = tuple(getattr(item, "hazards", ()) or ()) + tuple(
            f"{DEPENDS}{v} is made of {', '.join(ms)}, which the loss writes too: the partial holding "
            f"{', '.join(ms)} or the total derivative by {v}?" for v, ms in sorted(through.items()))
    for h in getattr(item, "hazards", ()):
        m = re.match(r"(.*?)( defined (?:in the document|above as an array).*)", h)
        names = [n.strip() for n in m.group(1).split(",")] if m else []
        if m is None or not any(n in free for n in names):
            kept.append(h)
        elif rest := [n for n in names if n not in free]:
            kept.append(", ".join(rest) + m.group(2))
    item.hazards = tuple(kept)
    fixed = sorted(n for n in independent if n not in by and nabla._occurs(n, text))
    if fixed:
        item.reason += (f"; {', '.join(fixed)} held fixed in the gradient by {', '.join(sorted(by))}: "
                        f"{'its definition' if len(fixed) == 1 else 'their definitions'}, put in, "
                        f"{'does' if len(fixed) == 1 else 'do'} not write it")
    for h in list(getattr(item, "hazards", ())):
        m = re.match(r"(.*?) defined (?:in the document|above as an array)", h)
        if m is None:
            continue
        others = [n.strip() for n in m.group(1).split(",") if n.strip() not in by]
        if others:
            item.hazards = tuple(item.hazards) + (
                f"{DEPENDS}{', '.join(others)} held fixed in the gradient by {', '.join(sorted(by))}: the "
                "document defines it, it may depend on that vector",)


def _made_of_written(ctx, by, text: str) -> dict:
    """{variable: the names it is made of (intermed._made_of) that ``text`` writes}."""
    if ctx is None:
        return {}
    from ..document.intermed import _made_of
    out = {}
    for v in by:
        ms = sorted(m for m in _made_of(ctx, v) if m != v and nabla._occurs(m, text))
        if ms:
            out[v] = ms
    return out


def _keep_definition(planner, step, kinds, question) -> None:
    """``S = \\frac12 \\|y - s\\|^2``: when array mode reads the right side as a number made of
    vectors the document gives a shape, the definition is kept for the gradients of S after it
    (the scalar reading records S as today)."""
    from . import vectors
    scope = planner.ctx.scope()
    if vectors.scalar_side(step.to, scope, kinds) or vectors.entry_sum(step.to, scope, kinds):
        planner._scalar_defs[(question, _squash(step.from_))] = (step.to, step.line)
