"""Gradients of whole vectors (matrix calculus): what a step needs beyond its own text.

``\\nabla_{\\mathbf h} L = W^\\top \\mathbf r`` with ``L = \\frac12 \\|\\mathbf y - \\mathbf s\\|^2``,
``\\mathbf s = W \\mathbf h`` and ``\\mathbf r = \\mathbf s - \\mathbf y`` said in the document: the
gradient is the column of partials of L by the entries of h, and it depends on h through s.
norms.py reads the gradient of a defined number in array mode (vectors.py, entry by entry over
the sizes); this module gives it

- the arrays the document defines once, in its displays or its prose (``$\\mathbf s = W\\mathbf h$``),
  put in for their names on both sides of a gradient step (``substitute``), so that a gradient
  is taken through them instead of holding them fixed (which can only give doubts);
- the functions it defines once (``p(\\mathbf x, \\mathbf w) = \\sigma(\\mathbf w^\\top \\mathbf x)``,
  ``\\ell(\\mathbf w) = ...``), put in for their calls with the parameters as written
  (``expand_calls``) and for ``\\nabla_{\\mathbf w} \\ell`` (``called``);
- an upstream gradient by name (``\\boldsymbol\\delta = \\nabla_{\\mathbf z} L``, L never written,
  z defined once as a formula of x): ``\\nabla_{\\mathbf x} L`` by the chain rule, the derivative of
  ``\\delta^\\top z`` with delta held at its value (``upstreams``, ``through_upstream``);
- the setup of a document: the formulas under its title, before its first question, hold in
  every question (``setup``); a question's parts are its own (Problem 2 and 2(a): ``_here``).

A name defined twice (two different right sides), or in another question, is never put in: its
meaning at the step is not known, and the step keeps today's doubts.
"""
from __future__ import annotations

import re

from ..reading.pieces import split_top

_DECOR = r"\\(?:mathbf|boldsymbol|bm|vec|underline)"
# a layer label in the reader's spelling (\mathbf{a}^{(2)} = W^{(2)} \mathbf{h}^{(1)}: layered.spelled)
_BOLD = r"%s\s*(?:\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z](?![A-Za-z]))" % _DECOR
# \hat{\mathbf y} = W \mathbf h + \mathbf b: an estimate of a vector is defined like the vector
_DEF_NAME = re.compile(r"\s*((?:%s|\\(?:hat|bar|tilde|overline)\s*\{\s*%s\s*\}|[A-Za-z])(?:\^\{\(\w{1,3}\)\})?)\s*$"
                       % (_BOLD, _BOLD))
_SEPARATORS = re.compile(r"\\q?quad(?![A-Za-z])|\\\\|&|\\text\s*\{[^{}]*\}|\\(?:Rightarrow|implies|iff)(?![A-Za-z])|"
                         r"\\(?:begin|end)\s*\{[^{}]*\}")     # \begin{align*} before the first row
_ASSIGN = re.compile(r"(?<![<>!\\])(?:=|:=|\\coloneqq(?![A-Za-z])|\\triangleq(?![A-Za-z]))")
_QUESTION_LABEL = re.compile(r"(?:Q|Problem |Exercise |Task |Aufgabe |Part )?\d|\(")
MAX_DEPTH = 4       # a definition inside a definition inside ... (r = s - y, s = W h)


def _number(question):
    """The number of a question label: 2 of "Problem 2", "Q2", "2" and of a heading "Problem 2 -
    logistic regression" (the parts 2(a), 2(b) under it are its own), else the label."""
    m = re.match(r"\s*(?:Q|Question|Problem|Exercise|Task|Aufgabe)?\s*(\d+)(?!\d)", question or "")
    return m.group(1) if m else question


def _here(where, question, setup_question) -> bool:
    """Whether a definition made in question ``where`` holds in ``question``: the same
    question (by its number), or the document's setup."""
    return where == setup_question or _number(where) == _number(question)


def _name(text: str) -> str:
    from .norms import _name as name
    return name(text)


def setup(found) -> str | None:
    """The question label of the document's setup: the location of its first formula when
    that is a heading that names no question (a title), else None."""
    from ..document.context import question_of
    first = next((d.location for d in found if d.location), None)
    if first is None or _QUESTION_LABEL.match(first):
        return None
    return question_of(first)


# an alignment mark before a relation sign (J(\\mathbf w) &= ...): the row's own left side, not a separator
_ALIGNED = re.compile(r"&\s*(?=:=|=|\\coloneqq(?![A-Za-z])|\\triangleq(?![A-Za-z]))")


def _pieces(latex: str):
    from ..reading.notation import NotRead
    for part in _SEPARATORS.split(_ALIGNED.sub("", latex)):
        try:
            yield from split_top(part.strip().rstrip(",;.").strip() or " ", ",;")
        except NotRead:         # "a, , b": no definition there
            continue


def array_definitions(found, kinds) -> dict:
    """{name: [(right side, question), ...]} of the arrays (kinds.of: column or matrix) that a
    formula of the document defines as ``NAME = RHS`` (NAME the whole left side)."""
    out = {}
    for left, rhs, question in _assignments(found):
        m = _DEF_NAME.fullmatch(left)
        if m is None:
            continue
        name = _name(m.group(1))
        if kinds.of(name) not in ("column", "matrix") or _occurs(name, rhs) or \
                re.search(r"\\(?:nabla|partial)(?![A-Za-z])", rhs):
            continue        # \boldsymbol\delta = \nabla_{\mathbf z} L: an upstream gradient (upstreams)
        out.setdefault(name, []).append((rhs, question))
    return out


def _assignments(found):
    """(left side, right side, question) of every ``LEFT = RIGHT`` piece of the formulae."""
    from ..document.context import question_of
    for d in found:
        for piece in _pieces(d.latex):
            sides = _sides(piece)
            rhs = sides[1].strip().rstrip(".").strip() if len(sides) >= 2 else ""
            if rhs:
                yield sides[0], rhs, question_of(d.location)


def _sides(piece: str) -> list:
    """The sides of a piece split at its relation signs outside brackets: the = of a sum's
    bound (\\sum_{n=1}^{N}) is not one."""
    out, start = [], 0
    for m in _ASSIGN.finditer(piece):
        before = piece[:m.start()]
        if before.count("{") == before.count("}") and before.count("(") == before.count(")") \
                and before.count("[") == before.count("]"):
            out.append(piece[start:m.start()])
            start = m.end()
    return out + [piece[start:]]


def _pattern(name: str) -> re.Pattern:
    """A name as it may be written: \\mathbf{r}, \\mathbf r, \\mathbf{ r }; not followed by a
    subscript or a letter (\\mathbf x_n is another vector; \\mathbf{r}_i an entry)."""
    accent = re.fullmatch(r"\\(hat|bar|tilde)\{(.*)\}", name)
    if accent:      # \hat{\mathbf{y}} as \hat{\mathbf y}, \hat {\mathbf{ y }}; \bar also as \overline
        word = r"(?:bar|overline)" if accent.group(1) == "bar" else accent.group(1)
        inner = _pattern(accent.group(2)).pattern
        return re.compile(r"\\" + word + r"\s*\{\s*" + inner + r"\s*\}(?![A-Za-z_'])")
    m = re.fullmatch(r"(\\[A-Za-z]+)\{(\\?[A-Za-z]+)\}", name)
    if m:
        inner = re.escape(m.group(2))
        tail = r"(?![A-Za-z])" if m.group(2)[0] == "\\" else ""
        body = re.escape(m.group(1)) + r"(?![A-Za-z])\s*(?:\{\s*" + inner + r"\s*\}|" + inner + tail + ")"
    else:
        body = r"(?<![\\A-Za-z])" + re.escape(name)
    return re.compile(body + r"(?![A-Za-z_'])")


def _occurs(name: str, text: str) -> bool:
    return _pattern(name).search(text) is not None


def _by_partial(text: str, at: int) -> bool:
    """Whether the name at ``at`` is the variable of a derivative (\\partial \\mathbf h): a
    variable, never replaced by a formula."""
    return re.search(r"\\partial\s*$", text[:at]) is not None


def substitute(text: str, defs: dict, question: str, setup_question, keep=frozenset()):
    """(text, names put in): each array of ``defs`` (``array_definitions``) that the document
    defines once, in this question or in its setup, written in ``text`` outside a derivative's
    variable, replaced by its bracketed right side, again inside what was put in; names of
    ``keep`` (the variables of the gradients, the step's own left side) stay. None when the
    definitions do not end within MAX_DEPTH rounds (a cycle)."""
    items = []
    for name, found in defs.items():
        one = None if name in keep else _one_definition(found, question, setup_question)
        if one is not None:
            items.append((name, one[0], _name_finder(name)))
    return _put_in(text, items)


def independent_of(by, defs: dict, question: str, setup_question) -> set:
    """The arrays of ``defs`` defined once (here) whose definition, every defined array in it put
    in, writes none of the variables ``by``: constant in a gradient by them (``\\mathbf h^1 =
    f(W^1 \\mathbf x)`` in a gradient by W^2). A definition that leaves a name defined twice (or
    elsewhere) in it is not known to be so."""
    out = set()
    for name, found in defs.items():
        one = None if name in by else _one_definition(found, question, setup_question)
        if one is None:
            continue
        got = substitute(one[0], defs, question, setup_question, frozenset(by))
        if got is None or any(_occurs(n, got[0]) for n in set(defs) | set(by)):
            continue
        out.add(name)
    return out


def _name_finder(name: str):
    pat = _pattern(name)

    def find(text: str, pos: int):
        m = pat.search(text, pos)
        return None if m is None else (m.start(), m.end(), not _by_partial(text, m.start()))
    return find


def _put_in(text: str, items):
    """(text, names put in): for each (name, right side, find) of ``items``, every place ``find``
    gives (``find(text, pos)`` -> (start, end, whether to put in) or None) replaced by the
    bracketed right side, again inside what was put in. None when the replacements do not end
    within MAX_DEPTH rounds (a cycle)."""
    used = []
    for _ in range(MAX_DEPTH + 1):
        hit = False
        for name, rhs, find in items:
            pos = 0
            while (got := find(text, pos)) is not None:
                start, end, put = got
                if not put:
                    pos = end
                    continue
                new = f"\\left({rhs}\\right)"
                text = text[:start] + new + text[end:]
                pos = start + len(new)
                hit = True
                used.append(name)
        if not hit:
            return text, list(dict.fromkeys(used))
    return None


def upstreams(found, nabla_only: bool = False) -> dict:
    """{loss (squashed): [(delta, z, line), ...]} of the upstream gradients the document names:
    ``\\boldsymbol\\delta = \\nabla_{\\mathbf z} L`` or ``= \\frac{\\partial L}{\\partial \\mathbf z}``
    (not the second with ``nabla_only``: a fraction by a vector is a row in the numerator layout)."""
    from .norms import _NAME, _VAR as var, _squash
    _VAR = r"(?:%s|\\(?:boldsymbol|bm)\s*\\[a-z]+(?![A-Za-z]))" % var    # \boldsymbol\delta
    pat = re.compile(r"(%s)\s*(?::=|=)\s*(?:\\nabla\s*_\s*(?:\{\s*(%s)\s*\}|(%s))\s*(%s)|\\frac\s*\{\s*\\partial\s*(%s)\s*\}"
                     r"\s*\{\s*\\partial\s*(%s)\s*\})(?![A-Za-z_^({\[])" % (_VAR, _VAR, _VAR, _NAME, _NAME, _VAR))
    out = {}
    for d in found:
        for m in pat.finditer(d.latex):
            if nabla_only and m.group(5):
                continue
            loss = m.group(4) or m.group(5)
            z = m.group(2) or m.group(3) or m.group(6)
            out.setdefault(_squash(loss), []).append((_name(m.group(1)), _name(z), d.first_line))
    return out


def through_upstream(loss: str, by: str, ups: dict, defs: dict, question, setup_question):
    """``\\nabla_{\\mathbf x} L`` of an unwritten L whose upstream gradient the document names once
    (\\boldsymbol\\delta = \\nabla_{\\mathbf z} L) through an array z it defines once as a formula
    of x: the text ``\\frac{\\partial}{\\partial x}(\\delta^\\top z)`` (the chain rule, delta held
    at its value: entry k is \\sum_i \\delta_i \\partial z_i / \\partial x_k), with the line it
    is said at; else None."""
    from .norms import _squash
    found = ups.get(_squash(loss), [])
    if len({d for d, _, _ in found}) != len({(d, z) for d, z, _ in found}):
        return None         # one delta named the gradient by two arrays
    # several layers' deltas (\delta^2 = \nabla_{a^2} L, \delta^1 = \nabla_{a^1} L): the one
    # whose array is defined with x in it; x in two of them (or in none) is not read
    through = {(d, z): line for d, z, line in found if _through(z, by, defs, question, setup_question)}
    if len(through) != 1:
        return None
    (delta, z), line = next(iter(through.items()))
    return f"\\frac{{\\partial}}{{\\partial {by}}}\\left({delta}^\\top {z}\\right)", line, delta, z


def _through(z: str, by: str, defs: dict, question, setup_question) -> bool:
    """Whether the array z is defined once (in this question or the setup) with ``by`` written
    in its right side."""
    rhs = [r for r, q in defs.get(z, []) if _here(q, question, setup_question)]
    return len({re.sub(r"\s+", "", r) for r, _ in defs.get(z, [])}) == 1 and bool(rhs) and _occurs(_name(by), rhs[0])


_SCRIPT = r"\\(?:mathcal|mathscr|mathrm|mathit)\s*(?:\{\s*[A-Za-z]\s*\}|[A-Za-z](?![A-Za-z]))"
_CALL_DEF = re.compile(r"\s*(%s|\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]\}?|_\{?\\[A-Za-z]+\}?)?)\s*\((.*)\)\s*$" % _SCRIPT)


def _function_name(text: str) -> str:
    """A function's name as one key: \\mathcal L, \\mathcal{ L } -> \\mathcal{L}; others as written."""
    m = re.fullmatch(r"\s*(\\[A-Za-z]+)\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))\s*", text)
    if m and re.fullmatch(_SCRIPT, text.strip()):
        return f"{m.group(1)}{{{m.group(2) or m.group(3)}}}"
    return text.strip()


def _call_at(name: str) -> re.Pattern:
    """A call of the function ``name`` as it may be written: the name, then an opening bracket."""
    m = re.fullmatch(r"(\\[A-Za-z]+)\{([A-Za-z])\}", name)
    if m:
        body = re.escape(m.group(1)) + r"\s*(?:\{\s*" + m.group(2) + r"\s*\}|" + m.group(2) + r"(?![A-Za-z]))"
    else:
        body = re.escape(name)
    return re.compile(r"(?<![A-Za-z\\])" + body + r"\s*\(")


def function_definitions(found) -> dict:
    """{name: [(params, right side, question), ...]} of the functions a formula of the document
    defines as ``NAME(a, b) = RHS`` (``p(\\\\mathbf x, \\\\mathbf w) = \\\\sigma(\\\\mathbf w^\\\\top \\\\mathbf x)``),
    the parameters as written (spaces dropped), each a name."""
    out = {}
    for left, rhs, question in _assignments(found):
        m = _CALL_DEF.fullmatch(left)
        if m is None or "(" in m.group(2):
            continue
        params = tuple(_argument(p) for p in m.group(2).split(","))
        if None not in params:
            out.setdefault(_function_name(m.group(1)), []).append((params, rhs, question))
    return out


def _argument(text: str):
    """A parameter or an argument as a name (\\mathbf x -> \\mathbf{x}, \\theta), else None."""
    m = _DEF_NAME.fullmatch(text)
    if m:
        return _name(m.group(1))
    m = re.fullmatch(r"\s*(\\[A-Za-z]+)\s*", text)
    return m.group(1) if m else None


def _one_definition(found: list, question, setup_question):
    """The one right side of a name defined once (in this question or the setup), else None."""
    here = [f for f in found if _here(f[-1], question, setup_question)]
    if len({re.sub(r"\s+", "", f[-2]) for f in found}) != 1 or not here:
        return None
    return here[0]


def expand_calls(text: str, defs: dict, question, setup_question):
    """(text, names): each call ``NAME(args)`` of a function the document defines once whose
    arguments are written as its parameters (``p(\\\\mathbf x, \\\\mathbf w)``) replaced by the
    bracketed right side, again inside what was put in; None on a cycle."""
    items = []
    for name, found in defs.items():
        one = _one_definition(found, question, setup_question)
        if one is not None:
            items.append((name, one[1], _call_finder(name, one[0])))
    return _put_in(text, items)


def _call_finder(name: str, params: tuple):
    pat = _call_at(name)

    def find(text: str, pos: int):
        m = pat.search(text, pos)
        if m is None:
            return None
        from .vectors import _close
        end = _close(text, m.end() - 1)
        args = tuple(_argument(a) for a in text[m.end():end - 1].split(","))
        return m.start(), end, args == params
    return find


def called(name: str, by: str, defs: dict, question, setup_question):
    """The right side of the function ``name`` the document defines once with ``by`` among its
    parameters (``\\nabla_{\\mathbf w} \\ell`` with ``\\ell(\\mathbf w) = ...`` said), else None."""
    one = _one_definition(defs.get(_function_name(name), []), question, setup_question)
    # by a parameter, or by a name the formula writes (\nabla_{\boldsymbol\mu} g of a log-density
    # g(\mathbf x) = -\tfrac12 (\mathbf x - \boldsymbol\mu)^T S (\mathbf x - \boldsymbol\mu): the same
    # formula, differentiated by another of its names)
    if one is None or (by not in one[0] and not _occurs(by, one[1])):
        return None
    return one[1]


# -- numbers of each member of a family (p_n = \sigma(\mathbf w^\top \mathbf x_n)) ------------------

_ENTRY_LEFT = re.compile(r"\s*([A-Za-z]|\\[A-Za-z]+)\s*_\s*(?:\{\s*([a-z])\s*\}|([a-z]))\s*$")
_BOLD_MEMBER = r"\\(?:mathbf|boldsymbol|bm)\s*(?:\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z](?![A-Za-z]))\s*_\s*(?:\{\s*%s\s*\}|%s(?![A-Za-z]))"


def entry_definitions(found) -> dict:
    """{letter: [(index, right side, question), ...]} of the formulas ``p_n = RHS`` whose right
    side writes a member of a family of vectors by the same index (``\\sigma(\\mathbf w^\\top
    \\mathbf x_n)``): a number of each member, put in for p_k under a sum over the members."""
    out = {}
    for left, rhs, question in _assignments(found):
        m = _ENTRY_LEFT.fullmatch(left)
        if m is None:
            continue
        index = m.group(2) or m.group(3)
        if re.search(_BOLD_MEMBER % (index, index), rhs):
            out.setdefault(m.group(1), []).append((index, rhs, question))
    return out


def _subscript(index: str) -> re.Pattern:
    """The subscript ``_n`` / ``_{n}`` of the index letter ``index``."""
    return re.compile(r"_\s*(?:\{\s*%s\s*\}|%s(?![A-Za-z]))" % (index, index))


def put_in_entries(text: str, defs: dict, question, setup_question):
    """(text, [letters put in]): each p_k of a letter p the document defines once as a number of
    each member (entry_definitions) replaced by the bracketed right side at index k. A right side
    that writes its index letter other than as a subscript (n of 1/n beside x_n) is not put in."""
    used = []
    for letter, found in defs.items():
        one = _one_definition([(r, q) for _, r, q in found], question, setup_question)
        if one is None or len({i for i, _, _ in found}) != 1:
            continue
        index, rhs = found[0][0], one[0]
        bare = _subscript(index).sub("", rhs)
        if re.search(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % index, bare):
            continue
        pat = re.compile(r"(?<![A-Za-z\\])%s\s*_\s*(?:\{\s*([a-z])\s*\}|([a-z]))(?![A-Za-z_])" % re.escape(letter))

        def put(m, rhs=rhs, index=index):
            k = m.group(1) or m.group(2)
            body = _subscript(index).sub("_{%s}" % k, rhs)
            return f"\\left({body}\\right)"
        new = pat.sub(put, text)
        if new != text:
            used.append(f"{letter}_{index}")
            text = new
    return text, used


_JACOBIAN_OF = re.compile(r"\\[dt]?frac\s*\{\s*\\partial\s*(%s)\s*\}\s*\{\s*\\partial\s*(%s)\s*\}" % (_BOLD, _BOLD))


def jacobians_of_definitions(text: str, defs: dict, question, setup_question):
    """(text, names): each ``\\frac{\\partial \\mathbf h}{\\partial \\mathbf z}`` whose vector h the
    document defines once (``array_definitions``; here or in the setup) as a formula that writes
    z, written as the derivative of that formula (``\\frac{\\partial (\\sigma(\\mathbf z))}{\\partial
    \\mathbf z}``); any other derivative as written."""
    used = []

    def one(m):
        name, by = _name(m.group(1)), _name(m.group(2))
        got = _one_definition(defs.get(name, []), question, setup_question)
        if got is None or not _occurs(by, got[0]) or _occurs(name, got[0]):
            return m.group(0)
        used.append(name)
        return f"\\frac{{\\partial \\left({got[0]}\\right)}}{{\\partial {m.group(2)}}}"
    return _JACOBIAN_OF.sub(one, text), used

