"""Square matrices in array mode (vectors.py): integer powers, inverses, the trace and the
determinant, and the planner's hook that sends a step with declared matrices to array mode.

A step over names the document declares as matrices (``P, Q \\in \\mathbb{R}^{n \\times n}``)
read as numbers hides what matrices change: ``(P + Q)^2 = P^2 + 2PQ + Q^2`` holds for numbers
only, ``(X^\\top)^{-1} X = I`` for symmetric X only. Array mode reads such a step with matrices
of symbolic entries at every size of its range, so:

- ``A^k`` (k a positive integer) is the matrix power of a square matrix; a power of a vector,
  of a 1 x 1 product (``(\\mathbf{x}^\\top \\mathbf{x})^2``) or of an array of guessed shape
  keeps the shape walker's old refusal;
- ``A^{-1}``, ``A^{-k}``, ``A^{-\\top}`` are the inverse (its power, its transpose) as the
  adjugate over the determinant: a rational function of the entries, so every entry of the
  step is undefined exactly where a matrix inverted is singular, and the engine's sampling
  (arb balls) finds no counterexample there: a counterexample is at an invertible sample;
- ``\\operatorname{tr}`` and ``\\det`` of a square matrix are numbers (a polynomial of its
  entries, Berkowitz: no division).

- ``I`` is the identity without a doubt where the document gives I no other meaning
  (``identity_free``); ``d/ds`` of a matrix by a number the text says is one (``a scalar $s$``)
  is the matrix of its entries' derivatives.

The planner's hook (``plan_declared``) sends a step the scalar reading read, and would check as an
identity, to array mode when it uses a name declared a matrix (``\\in \\mathbb{R}^{a \\times b}``)
in its question; if array mode cannot read it, the scalar reading stays with its doubts
(doubts.py: "declared matrices: read here as numbers", "taken to commute"). A capital that is a
number (N samples, K classes) is never declared a matrix, so it keeps its scalar reading.

What the text says of the sizes and the matrices bounds the check to the stated domain:

- sizes where a matrix the step inverts is singular for every value of its entries (``(X^\\top X)^{-1}``
  of an N x d matrix with N < d) are outside the step's domain: skipped and named (``Singular``);
- orders of size letters the text states (``$N > d$``) bound the sizes enumerated (``size_relations``);
- a property word is said of the maths it qualifies (``said_of``): "A invertible and X of full column
  rank" restricts X only; a matrix the words restrict keeps its doubt, or is read as an exact
  instance of the property (matprops.py); "full column rank" is no doubt where the step inverts
  the Gram matrix (every point where the step is defined has it);
- a matrix the text declares in a space and never defines is constant in a scalar it introduces
  (``declared_constant``: d/ds (A + sB)^{-1} with A, B given).

A ``holds`` is the identity of the entries at the sizes enumerated (``bounded``), never more.
"""
from __future__ import annotations

import re

import sympy as sp

from ..reading.notation import NotRead, shown

TRACE = "\\operatorname{trace}"
INVERSE = "\\operatorname{inverse}"     # A^{-1}: kept apart, so that SymPy never makes A^{-1} A the number 1
DETERMINANT = "\\operatorname{determinant}"

# the trace, however it is typeset: \operatorname{tr}, \mathrm{Tr}, \text{trace}, \tr (norms.py routes by it)
TRACE_WORD = re.compile(r"\\(?:operatorname|mathrm|text|textrm|mathop|mathit|rm)\s*\{\s*(?:tr|Tr|trace|Trace)\s*\}|"
                        r"\\(?:tr|Tr|trace)(?![A-Za-z])")
_DET = re.compile(r"\\det(?![A-Za-z])|\\(?:operatorname|mathrm|text|textrm)\s*\{\s*det\s*\}")
# a name after \operatorname{tr} without brackets: \mathbf{A}, A_1, \Sigma
_BARE_NAME = re.compile(r"\s*(\\(?:mathbf|boldsymbol|bm)\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
                        r"(_\{[^{}]*\}|_[A-Za-z0-9])?")
_INVERSE_T = re.compile(r"\^\s*\{\s*-\s*(?:T|\\top|\\intercal)\s*\}")


def rewrite(text: str, is_array=lambda name: False) -> str:
    """``\\operatorname{tr}``, ``\\det`` as the operators array mode reads, ``A^{-\\top}`` as
    ``(A^{-1})^\\top``."""
    text = _operator(TRACE_WORD, TRACE, text)
    text = _operator(_DET, DETERMINANT, text)
    return _inverses(_inverse_transposes(text), is_array)


def _operator(pattern, name: str, text: str) -> str:
    """Each match of ``pattern`` as ``name``, its argument in brackets: ``\\operatorname{tr} M``
    is tr(M); ``\\operatorname{tr} AB`` or ``\\det A^2`` (how far does it reach?) is not read."""
    out, pos = [], 0
    for m in pattern.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos:m.start()])
        pos = m.end()
        rest = text[pos:]
        if re.match(r"\s*(?:\\left|[(\[{])", rest):
            out.append(name)
            continue
        bare = _BARE_NAME.match(rest)
        after = rest[bare.end():] if bare else ""
        if bare is None or not re.match(r"\s*(?:$|[-+)}\],=&]|\\right|\\cdot|\\\\)", after):
            raise NotRead(f"'{shown(m.group(0) + rest, 30)}': how far the operator reaches is not read "
                          "(write its argument in brackets)")
        out.append(f"{name}({bare.group(0).strip()})")
        pos += bare.end()
    out.append(text[pos:])
    return "".join(out)


def _inverse_transposes(text: str) -> str:
    from .vectors import _NAME_BEFORE, _open_before
    while True:
        m = _INVERSE_T.search(text)
        if m is None:
            return text
        before = text[:m.start()].rstrip()
        name = _NAME_BEFORE.search(before)
        if name is not None:
            start = name.start()
        elif before.endswith((")", "]", "}")):
            start = _open_before(before, len(before))
        else:
            raise NotRead(f"the inverse transpose of '{shown(before[-15:])}' is not read")
        text = before[:start] + "(" + before[start:] + "^{-1})^{\\top}" + text[m.end():]


_INVERSE = re.compile(r"\^\s*\{\s*-\s*(\d+)\s*\}")
# what may stand before a bracket group raised to -1 for it to be an operand, not a call's argument
_OPERAND_BEFORE = re.compile(r"(?:^|[-+=(\[{,&]|\\cdot|\\left[(\[]|\\times|\)|\])\s*$")


def _inverses(text: str, is_array) -> str:
    """``NAME^{-k}`` and ``(...)^{-k}`` as ``\\operatorname{inverse}(...)^{k}``: SymPy would
    turn A**(-1)*A into the number 1 (the identity, in fact). An inverse of a number is put
    back as its power after reading (``numbers_back``). A bracket group after a name
    (``f(x)^{-1}``: a call's value?) is left as it is, unless the name is an array's
    (``B (A + sB)^{-1}``: a product)."""
    from .vectors import _NAME_BEFORE, _open_before
    pos = 0
    while True:
        m = _INVERSE.search(text, pos)
        if m is None:
            return text
        before = text[:m.start()].rstrip()
        if before.endswith((")", "]")) or before.endswith("\\right)") or before.endswith("\\right]"):
            start = _open_before(before, len(before))
            name = _NAME_BEFORE.search(before[:start].rstrip())
            if not _OPERAND_BEFORE.search(before[:start]) and not (name and is_array(name.group(0).strip())):
                pos = m.end()
                continue
        else:
            name = _NAME_BEFORE.search(before)
            if name is None or before.endswith("}") and not re.search(r"\\[A-Za-z]+\s*\{[^{}]*\}(?:_\{[^{}]*\})?$", before):
                pos = m.end()
                continue
            start = name.start()
        power = "" if m.group(1) == "1" else "^{%s}" % m.group(1)
        new = before[:start] + INVERSE + "(" + before[start:] + ")" + power
        text, pos = new + text[m.end():], len(new)


def numbers_back(e):
    """The inverses of numbers in a side read with ``INVERSE`` as their powers -1."""
    if not hasattr(e, "atoms"):
        return e
    return e.replace(lambda n: isinstance(n, sp.Function) and getattr(n.func, "__name__", "") == INVERSE
                     and n.args[0].is_commutative, lambda n: n.args[0] ** -1)


def square_of(shapes, e, what: str):
    """The shape of the inverse or the exponential of an array (``what`` names it): a square
    matrix of known kind, as a power; of a number, a number."""
    from .vectors import Mismatch, SCALAR
    base = shapes.walk(e.args[0])
    if base == SCALAR:
        return SCALAR
    guessed = sorted(s.name for s in e.args[0].atoms(sp.Symbol) if s.name in shapes.guessed)
    if guessed:
        raise Mismatch(f"{what} of {', '.join(guessed)}, of a guessed shape")
    if shapes.one_by_one(base):     # e^{\mathbf w^T \mathbf x}: of the number a row times a column is
        return SCALAR
    dims = shapes.dims
    if any(dims.value[dims.find(d)] == 1 for d in base):
        raise Mismatch(f"{what} of a vector")
    dims.unify(base[0], base[1])
    return base


def inverse(v):
    if not isinstance(v, sp.MatrixBase):
        return v ** -1
    return power(v, sp.Integer(-1))


# --- the shape walk ------------------------------------------------------------------------------

def power_shape(shapes, e, base):
    """The shape of ``base ** e.exp`` for an array base: a square matrix of known kind to an
    integer power; of a 1 x 1 product (a row times a column), a number (vectors.Mismatch for a
    vector or a guessed shape)."""
    from .vectors import Mismatch, SCALAR
    if shapes.walk(e.exp) != SCALAR:
        raise Mismatch("a power with a vector or matrix exponent")
    guessed = sorted(s.name for s in e.base.atoms(sp.Symbol) if s.name in shapes.guessed)
    if guessed:
        raise Mismatch(f"a power of {', '.join(guessed)}, of a guessed shape")
    if shapes.one_by_one(base):     # (\mathbf w^T \mathbf x)^2: a power of the number w^T x
        return SCALAR
    dims = shapes.dims
    if any(dims.value[dims.find(d)] == 1 for d in base):
        raise Mismatch("a power of a vector or matrix")     # x^2, (x^T x)^2: a norm? entrywise?
    if not (e.exp.is_Integer and e.exp != 0):
        raise NotRead(f"the power {shown(str(e.exp), 20)} of a matrix is not read (only integer powers)")
    dims.unify(base[0], base[1])
    return base


def square_shape(shapes, e, what: str):
    """The shape (a number) of tr(M) or det(M): M a square matrix."""
    from .vectors import Mismatch, SCALAR
    if len(e.args) != 1:
        raise NotRead(f"{what} of several arguments is not read")
    s = shapes.walk(e.args[0])
    if s == SCALAR:
        raise Mismatch(f"{what} of a number")
    shapes.dims.unify(s[0], s[1])
    return SCALAR


# --- values --------------------------------------------------------------------------------------

class Singular(NotRead):
    """A matrix the step inverts is singular for every value of its entries at these sizes
    (X^T X of an N x d matrix with N < d): the step is undefined there, so those sizes are
    outside its domain (array mode skips them and says so); at every size, not read."""


def power(base, exp):
    """``base ** exp`` of a square matrix of entries: a negative power through the inverse as
    adjugate / determinant (undefined exactly where the matrix is singular)."""
    if base.rows != base.cols:
        raise NotRead(f"a power of a {base.rows} x {base.cols} matrix")
    if not (getattr(exp, "is_Integer", False) and exp != 0):
        raise NotRead(f"the power {shown(str(exp), 20)} of a matrix is not read (only integer powers)")
    if exp > 0:
        return _product_power(base, int(exp))
    det = base.det(method="berkowitz")
    if sp.expand(det) == 0:     # singular for every value of its entries: no sample is in the domain
        raise Singular(f"the inverse of a matrix whose determinant is 0 (singular) is not read")
    # (adj M / det M)^k as adj(M)^k / det(M)^k: polynomial products over one denominator (a power
    # of a matrix of rational functions, taken by SymPy's Matrix.__pow__, may take minutes)
    return _product_power(base.adjugate(method="berkowitz"), int(-exp)) / det ** int(-exp)


def _product_power(m, k: int):
    """m^k by repeated products (k >= 1): SymPy's power of a symbolic matrix may try its Jordan form."""
    out = m
    for _ in range(k - 1):
        out = out * m
    return out


def skipped_note(labels: list) -> str:
    """The legend's words for the sizes skipped because a matrix inverted is singular there."""
    return ("sizes skipped, where a matrix the step inverts is singular for every value of its entries "
            f"(the step is undefined there): {'; '.join(labels)}")


_ORDER = re.compile(r"(?<![A-Za-z\\_^{])([A-Za-z])\s*(>|<|\\g(?:eqslant|eq|e|g)(?![A-Za-z])|\\l(?:eqslant|eq|e|l)(?![A-Za-z]))\s*"
                    r"([A-Za-z])(?![A-Za-z_^(])")


# a case the text considers, not a standing order of its sizes
_CASE = re.compile(r"\b(?:if|when|whenever|for|in\s+(?:the\s+)?case|unless|otherwise|suppose|assume)\s+(?:that\s+)?$", re.I)


def size_relations(text: str) -> tuple:
    """The orders the maths of ``text`` states between two letters (``$N > d$``, ``d \\le N``,
    ``N \\gg d``), as (larger, smaller, strict): array mode enumerates only sizes that keep the
    orders between its size letters (a step the text says for N > d is no claim at N < d)."""
    out = []
    for m in MATH.finditer(text[:300_000]):
        if _CASE.search(text[max(0, m.start() - 40):m.start()]):
            continue        # "When $N \geq d$ ...": one case the text considers, not an order of the document
        for r in _ORDER.finditer(m.group(0)):
            a, rel, b = r.groups()
            if a == b:
                continue
            strict = rel in (">", "<") or rel in ("\\gg", "\\ll")
            big, small = (a, b) if rel.startswith((">", "\\g")) else (b, a)
            out.append((big, small, strict))
    return tuple(dict.fromkeys(out))


def sizes_allowed(relations, sized: dict) -> bool:
    """Whether the sizes ``sized`` ({letter: size}) keep every order the text states between them."""
    for big, small, strict in relations:
        if big in sized and small in sized:
            if sized[big] < sized[small] or strict and sized[big] == sized[small]:
                return False
    return True


def excluded_orders(relations, sized_letters) -> str:
    """The orders of the step's sizes the text states, as written: "N > d, N >= k"."""
    return ", ".join(f"{a} {'>' if strict else '>='} {b}" for a, b, strict in relations
                     if a in sized_letters and b in sized_letters)


def excluded_note(relations, sized_letters) -> str:
    return f"sizes the text excludes ({excluded_orders(relations, sized_letters)}) not enumerated"


def trace(v):
    if not isinstance(v, sp.MatrixBase) or v.rows != v.cols:
        raise NotRead("the trace of something else than a square matrix is not read")
    return v.trace()


def determinant(v):
    if not isinstance(v, sp.MatrixBase) or v.rows != v.cols:
        raise NotRead("the determinant of something else than a square matrix is not read")
    return v.det(method="berkowitz")


# --- the planner's hook --------------------------------------------------------------------------

def declared_in_step(planner, names, latex: str = "") -> list:
    """The names of a step (read whole, or written whole in ``latex``: A^{-1} A was read as 1)
    that the document declares as matrices in this question (or its preamble) with a shape
    array mode knows (``X \\in \\mathbb{R}^{n \\times n}``). An entry T_{nk} is no use of T
    as a matrix: index notation stays with the scalar reading."""
    from .vectors import kinds_for
    here = planner.ctx.here
    said = set().union(*[n for q, n in planner.scan.declared if q == here or not q]) if planner.scan.declared \
        else set()
    if not said:
        return []
    kinds = kinds_for(planner)
    written = {n for n in said if re.search(r"(?<![A-Za-z\\])" + re.escape(n) + r"(?![A-Za-z_\[])", latex)}
    return sorted(n for n in set(names) | written if n in said and kinds.declared.get(n, ("",))[0] == "matrix")


def plan_declared(planner, item, sides, assume: list, sizes: dict) -> bool:
    """A step over declared matrices that the scalar reading took with numbers: read in array
    mode instead (True), its claim the identity of the entries over the sizes. False, the item
    as it was, when array mode does not read it (the scalar reading keeps its doubts)."""
    from . import vectors
    whole = {s.name for e in sides for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol)}
    if any(getattr(e, "has", lambda *_: False)(sp.Indexed) for e in sides):
        return False        # index notation (Y_{nk} - T_{nk}): entries, not arrays
    if not declared_in_step(planner, whole, item.step.from_ + " = " + item.step.to):
        return False
    before = dict(item.__dict__)
    try:
        vectors.plan_step(planner, item, False, assume, sizes)
    except NotRead:
        item.__dict__.clear()
        item.__dict__.update(before)
        return False
    if item.status == "not_read":
        item.__dict__.clear()
        item.__dict__.update(before)
        return False
    around = [h for h in planner.around if not (h == _ENTRIES_DOUBT and _diagonal_matrices_only(planner.text, item.step))]
    kept = tuple(h for h in item.hazards if not declared_constant(planner, h))
    item.hazards = tuple(dict.fromkeys(kept + tuple(around)))
    return True


_DEPENDS_ON = re.compile(r"(?P<names>.+) may depend on (?P<var>\\?[A-Za-z]+)")
_ENTRY_NAME = re.compile(r"(?P<stem>.+?)(?:_\{\d\d\}|\[\d+,\d+\])")


# words that say a matrix may move with the variable ("A is learnt along the path: it changes as s
# grows", "trained by gradient flow in the time s"), said of the matrix, of the variable, or of "it"
_MOVES = re.compile(r"\bdepend|\bfunction of\b|\bvar(?:y|ies|ying)\b|\bchang|\bevolv|\bupdat|\blearn|\btrain|"
                    r"\bmov(?:e|es|ing)\b|\bflow|\bpath|\bcurve|\btrajector|\bdynamic|\bdifferentiab|\bsmooth", re.I)


def declared_constant(planner, hazard: str) -> bool:
    """Whether a doubt "A_{11}, A_{12} may depend on s" (context.py) is answered by the text: every
    name is an entry of a matrix it declares in a space (``A \\in \\mathbb R^{n \\times n}``) and
    never defines, writes as a function of s (``A(s)``, ``A_s``) or says depends on something, and s
    is a number it introduces on its own ("a scalar $s$"): A is then a given matrix, constant in s."""
    from ..document.context import DEPENDS
    from .vectors import kinds_for
    if not hazard.startswith(DEPENDS):
        return False
    m = _DEPENDS_ON.fullmatch(hazard[len(DEPENDS):])
    if m is None:
        return False
    var, text, ctx = m.group("var"), planner.text, planner.ctx
    if var not in said_numbers(text):
        return False
    declared = kinds_for(planner).declared
    stems = set()
    for n in m.group("names").split(", "):
        e = _ENTRY_NAME.fullmatch(n.strip())
        if e is None:
            return False
        stems.add(e.group("stem"))
    for stem in stems:
        if declared.get(stem, ("",))[0] != "matrix" or stem in ctx.values or stem in ctx.functions \
                or stem in ctx.dependent:
            return False
        name = re.escape(stem) + r"(?![A-Za-z])"
        if re.search(name + r"\s*(?:\\left\s*)?\(\s*" + re.escape(var) + r"\s*[,)\\]|"
                     + name + r"\s*_\s*\{?\s*" + re.escape(var) + r"(?![A-Za-z])", text):
            return False        # A(s), A_s: written as a function of something
        for sentence in re.split(r"(?<=[.;!?])\s+|\n\s*\n", text[:300_000]):
            maths = [x.group(0) for x in MATH.finditer(sentence)]
            if _MOVES.search(sentence) and (any(_mentions(x, stem) or _mentions(x, var) for x in maths)
                                            or not maths and _REFERS.search(sentence)):
                return False
    return True


_ENTRIES_DOUBT = "the text restricts the entries (diagonal / off-diagonal)"     # doubts.around
# "diagonal" said of a whole matrix: "$D$ is diagonal", "a diagonal matrix", "be diagonal"
_DIAGONAL_MATRIX = re.compile(r"\b(?:is|are|be|being)\s+(?:a\s+|also\s+)?diagonal\b(?!\s+(?:entr|element|of|part|block))|"
                              r"\bdiagonal\s+matri", re.I)


def _diagonal_matrices_only(text: str, step) -> bool:
    """Whether every "diagonal" in the text before the step's display says a whole matrix is
    diagonal: array mode reads whole matrices, and ``restricted`` gives the step's matrices said
    diagonal their own doubt (or their instance, matprops.py), so the coarse doubt of entries
    restricted (doubts.around: "off-diagonal") says nothing more here."""
    if not step.lines:
        return False
    before = "\n".join(text.split("\n")[:max(0, step.lines[0] - 1)])[-400:]
    said = [m.start() for m in re.finditer(r"diagonal", before, re.I)]
    whole = {m.start() + m.group(0).lower().index("diagonal") for m in _DIAGONAL_MATRIX.finditer(before)}
    return bool(said) and all(k in whole for k in said)


def identity_free(planner, scalars) -> bool:
    """Whether ``I`` may be read as the identity matrix without a doubt: the document gives it
    no other meaning (no definition, value, set, declaration or ``let``; only uses of it)."""
    if not hasattr(planner, "_identity_free"):
        from .vectors import _said_equal
        ctx = planner.ctx
        ev = ctx.evidence
        clues = ev.about("I", None) if ev is not None and hasattr(ev, "about") else []
        planner._identity_free = (all(c.kind == "bare" for c in clues)
                                  and not _said_equal("I", planner.text, ())
                                  and not re.search(r"(?<![A-Za-z\\{])I\s*(?:\\in|:=|\\coloneqq|\\equiv)", planner.text))
    ctx = planner.ctx
    return planner._identity_free and "I" not in scalars and "I" not in ctx.values and "I" not in ctx.functions \
        and "I" not in ctx.lets


def by_number(shapes, e) -> bool:
    """Whether a derivative of an array is by a number the reader knows as one (a commutative
    symbol, once): d/ds of a matrix is then the matrix of the entries' derivatives, whatever
    the layout convention."""
    (v, count), = e.variable_count
    return count == 1 and isinstance(v, sp.Symbol) and v.is_commutative


_SAID_NUMBER = r"(?:\bscalars?|\bnumbers?|\bconstants?)\s*\$\s*({name})\s*\$"


def said_numbers(text: str) -> frozenset:
    """Names the prose calls a scalar or a number (``a scalar $s$``, ``$s \\in \\mathbb{R}$``):
    array mode reads them as numbers (``d/ds`` of a matrix is then entry by entry)."""
    name = r"\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?"
    out = set(re.findall(_SAID_NUMBER.format(name=name), text[:300_000], re.I))
    out |= set(re.findall(r"\$\s*(%s)\s*\\in\s*\\mathbb\s*\{?R\}?\s*\$" % name, text[:300_000]))
    return frozenset(n.replace(" ", "") for n in out)


def square_argument(shapes, arg) -> bool:
    """Whether ``arg`` is, by the step's shapes, a matrix with as many rows as columns and more
    than one of each (tanh(sX) of a square X: entry by entry, or the matrix function?)."""
    from .vectors import Mismatch, SCALAR
    if shapes is None:
        return False
    try:
        s = shapes.walk(arg)
    except (Mismatch, NotRead):
        return False
    if s == SCALAR:
        return False
    dims = shapes.dims
    rows, cols = dims.find(s[0]), dims.find(s[1])
    return rows == cols and dims.value[rows] != 1


# --- what the words say of a matrix ------------------------------------------------------------------

_KINDS = re.compile(r"\b(symmetric|diagonal|commut\w*|orthogonal|orthonormal|unitary|positive|negative|definite|"
                    r"semi-?definite|triangular|nilpotent|idempotent|projection|rotation|permutation|skew\w*|"
                    r"normal|invertible|nonsingular|non-singular|singular|circulant|toeplitz|"
                    r"stochastic|sparse|low[- ]rank|full\s+(?:column\s+|row\s+)?rank|rank|"
                    # kinds of matrix that are symmetric or definite by what they are
                    r"spd|psd|pd|gram|kernel|covariance|precision)\b", re.I)
_NEGATED = re.compile(r"\bnot\s+(?:necessarily\s+|assumed\s+(?:to\s+be\s+)?)?$", re.I)
# a negation a few words before ("not positive definite": the "definite"), not right before it
_NEGATED_BEFORE = re.compile(r"\bnot\s+(?:[A-Za-z-]+\s+){1,2}$", re.I)
# the formulas of a piece of prose ($$...$$, $...$, \(...\)); intermed.py reads sentences with it too
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)", re.S)
# $A \in \mathbb R^{n \times n}$: a declaration of the size, no restriction
_SIZE = re.compile(r"\\in\s*\\(?:mathbb|mathbf|Bbb)\s*\{?\s*R\s*\}?\s*(?:\^\s*(?:\{[^{}$]*\}|\S))?")
# a relation that restricts what it relates (Q^\top Q = I, M \succ 0, Q \in O(n)); \neq does not
_RELATION = re.compile(r"(?<![<>!\\])=|\\(?:succ|prec|succeq|preceq|succcurlyeq|preccurlyeq|geq?|leq?|in|subset|subseteq)"
                       r"(?![A-Za-z])|(?<!\\)[<>]")


def restricted(text: str, names) -> list:
    """The words of the sentences that restrict one of the matrices ``names`` (orthogonal,
    commuting, positive definite, SPD, a covariance, ...; "not necessarily symmetric" does not),
    and the conditions inline maths puts on it besides its size ($Q^\\top Q = I$, $P^2 = P$,
    $M \\succ 0$): a matrix of independent entries may then be outside the domain the document
    states, so a ``wrong`` found with such entries is doubted (a ``holds`` for every matrix still
    holds). A word is said of the maths it qualifies (``said_of``): "$A$ invertible and $X$ of
    full column rank" restricts X, not A; a word whose maths is not found is said of every matrix
    its sentence mentions. A sentence with no maths ("We assume that it is symmetric") speaks of
    the last matrix declared before it.
    "invertible" is no restriction here: a counterexample is at an invertible sample wherever
    the step inverts, and elsewhere invertible samples are dense."""
    found = set()
    last = None     # the last matrix whose size the paragraph's maths declared ($B \\in \\mathbb R^{n \\times n}$)
    for sentence in re.split(r"(?<=[.;:!?])\s+|(\n\s*\n)", text[:300_000]):
        if sentence is None or not sentence.strip():
            last = None if sentence else last      # a paragraph ends: "it" no longer refers back
            continue
        chunks = list(MATH.finditer(sentence))
        maths = [m.group(0) for m in chunks]
        mentioned = [m for m in maths if any(_mentions(m, n) for n in names)]
        if not maths:
            if last in names and _REFERS.search(sentence):
                found |= _words(sentence)
        elif mentioned:
            prose = MATH.sub(lambda m: " " * len(m.group(0)), sentence)
            for word, at in _placed_words(prose):
                of = said_of(sentence, chunks, at, at + len(word))
                if of is None or any(_subject_mentions(sentence[c.start():c.end()], n) for c in of for n in names):
                    found.add(word)
        for m in mentioned:
            if not m.startswith("$$") and any(_condition(m, n) for n in names if _mentions(m, n)):
                found.add("a condition (" + m.strip("$ ") + ")")
        for m in maths:
            for d in re.finditer(r"((?:\\?[A-Za-z]+\s*,\s*)*\\?[A-Za-z]+)\s*" + _SIZE.pattern, m):
                last = re.split(r"\s*,\s*", d.group(1))[-1]
    return sorted(found)


_INVERTIBLE = re.compile(r"\b(?:invertible|non-?singular|nonsingular)\b", re.I)


def said_invertible(text: str, names) -> list:
    """The matrices of ``names`` a sentence whose maths mentions them says invertible (or
    non-singular): any such sentence, whichever matrix the word is of (a doubt kept wide)."""
    out = []
    for n in names:
        if not _capital(n) or n == "I":     # the identity is invertible as it is
            continue
        for sentence in re.split(r"(?<=[.;:!?])\s+|\n\s*\n", text[:300_000]):
            if _INVERTIBLE.search(MATH.sub(" ", sentence)) and any(_mentions(m.group(0), n)
                                                                     for m in MATH.finditer(sentence)):
                out.append(n)
                break
    return sorted(out)


# what may stand between two pieces of maths said together ("$A$ and $B$ are symmetric")
_JOINED = re.compile(r"[\s,]*(?:\b(?:and|or|both|as well as)\b)?[\s,]*")
# where a clause ends: maths across it is said of something else ("$A$ is invertible, and $X$ ...")
_CLAUSE_END = re.compile(r"[,;()]|\b(?:and|or|let|while|whereas|but)\b")


# an aside that names other maths between a subject and its word ("$A$, unlike $M$, is symmetric")
_ASIDE = re.compile(r"\b(?:unlike|like|as|than|except|besides|not|nor|rather than|instead of|apart from)\s*$", re.I)


def said_of(sentence: str, chunks: list, start: int, end: int):
    """The pieces of maths (matches of ``MATH`` in ``sentence``) a word at ``start:end`` is said
    of: the last piece before it with those joined to it by "and" or commas or by prose that ends
    no clause ("$X$ be a data matrix with $N > d$ and full column rank": X and N > d), and a
    piece right after it in the same clause ("the symmetric matrix $S$"). None when no piece
    is found (the caller takes every piece of the sentence: a doubt kept)."""
    before = [c for c in chunks if c.end() <= start]
    after = [c for c in chunks if c.start() >= end]
    out = []
    if before:
        k = len(before) - 1
        lead = sentence[before[k - 1].end() if k else 0:before[k].start()]
        if _ASIDE.search(lead) and _CLAUSE_END.search(sentence[before[k].end():start]):
            return None     # "$A$, unlike $M$, is symmetric": the maths before the word is an aside
        out.append(before[k])
        while k > 0:
            gap = sentence[before[k - 1].end():before[k].start()]
            if not _JOINED.fullmatch(gap) and _CLAUSE_END.search(gap):
                break
            k -= 1
            out.append(before[k])
    if after and not _CLAUSE_END.search(sentence[end:after[0].start()]):
        out.append(after[0])
        k = 0
        while k + 1 < len(after) and _JOINED.fullmatch(sentence[after[k].end():after[k + 1].start()]):
            k += 1
            out.append(after[k])
    return out or None


def _subject_mentions(math: str, name: str) -> bool:
    """Whether a piece of maths a word is said of is about ``name``: its left side when it defines
    one name ("$P = X (X^\\top X)^{-1} X^\\top$ is the projection" is about P, not X), else
    anything it mentions."""
    body = math.strip("$").strip()
    m = re.fullmatch(r"(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*(?::=|=|\\coloneqq)(?!=)(.*)", body, re.S)
    if m is not None:
        return m.group(1) == name
    return _mentions(math, name)


def _placed_words(prose: str):
    """(word, offset) of the restricting words of ``prose`` ("not necessarily symmetric" none)."""
    for w in _KINDS.finditer(prose):
        word = re.sub(r"\s+", " ", w.group(1).lower())
        if word in ("invertible", "nonsingular", "non-singular") or _NEGATED.search(prose[:w.start()]):
            continue
        if _NEGATED_BEFORE.search(prose[:w.start()]):
            word = "not " + word        # "PSD but not positive definite": a restriction no instance has
        lo = max(0, w.start() - 16)
        if word == "diagonal" and not any(lo + m.start() <= w.start() < lo + m.end()
                                          for m in _DIAGONAL_MATRIX.finditer(prose[lo:w.end() + 8])):
            word = "diagonal (of its entries)"      # "zero diagonal", "the off-diagonal entries": no diagonal matrix
        yield word, w.start()


_REFERS = re.compile(r"\b(?:it|its|they|them|both|this|these|the\s+matri(?:x|ces))\b", re.I)


def _words(prose: str) -> set:
    return {word for word, _ in _placed_words(prose)}


def _condition(math: str, name: str) -> bool:
    """Whether inline maths states a relation of ``name`` besides a size declaration: the side
    before the relation has the matrix ($Q^\\top Q = I$, $M \\succ 0$, $Q \\in O(n)$, $CD = DC$), or
    is the identity or a number ($I = Q^\\top Q$, $0 \\prec M$). $A \\in \\mathbb R^{n \\times n}$ is
    none, nor is $\\mathbf y = W \\mathbf x$ or $f(\\mathbf x) = \\mathbf x^\\top A \\mathbf x$: they
    say what y and f are, not what W and A are."""
    body = _SIZE.sub(" ", math.strip("$"))
    first = _RELATION.search(body)
    if first is None:
        return False
    left, right = body[:first.start()].rstrip(":"), body[first.end():]
    if _mentions(left, name):
        return True
    return bool(re.fullmatch(r"\s*(?:I|[0-9]+)\s*", left)) and _mentions(right, name)


def _mentions(math: str, name: str) -> bool:
    if re.fullmatch(r"[A-Z]", name):    # CD = DC: capitals side by side are a product of matrices
        runs = re.findall(r"[A-Za-z]+", re.sub(r"\\[A-Za-z]+", " ", math))
        return any(name in r and r.isupper() for r in runs)
    return bool(re.search(r"(?<![A-Za-z\\])" + re.escape(name) + r"(?![A-Za-z])", math))


def _symmetric_condition(word: str, name: str) -> bool:
    """Whether a condition says only that ``name`` is symmetric (A = A^\\top): the step was then
    read with symmetric entries, and that reading is no doubt."""
    t = r"\^\s*\{?\s*(?:\\top|T|\\intercal)\s*\}?"
    n = re.escape(name)
    return bool(re.fullmatch(r"a condition \(\s*%s\s*=\s*%s\s*%s\s*\)|a condition \(\s*%s\s*%s\s*=\s*%s\s*\)"
                             % (n, n, t, n, t, n), word))


def _capital(name: str) -> bool:
    """Whether ``name`` is written as a matrix is (A, \\Sigma, \\mathbf{W}), not as a vector (\\mathbf{x})."""
    return bool(re.match(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?\\?[A-Z]", name))


def _with_after(text: str, last_line) -> str:
    """The text up to ``last_line`` and the paragraph after it where that qualifies the display (a
    "where A is symmetric" clause says what the display's letters are)."""
    lines = text.split("\n")
    if last_line is None:
        return text
    after, i = [], last_line
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].strip() and not lines[i].lstrip().startswith(("#", "$$", "\\[")):
        after.append(lines[i])
        i += 1
    if not _QUALIFIES.match(" ".join(after)):
        after = []      # "For symmetric $A$ we get:" speaks of the display after it, not of this one
    return "\n".join(lines[:last_line] + [""] + after)


# a paragraph that qualifies the display before it: "where $A$ is symmetric", "with $P^2 = P$"
_QUALIFIES = re.compile(r"\s*(?:where|with|here|in which|for which|assuming|provided|given that|and)\b", re.I)


def restriction_doubts(planner, names, symmetric=frozenset(), last_line=None, latex: str = "") -> list:
    """The doubt of an array step whose matrices the words before it (up to ``last_line``, and
    the paragraph after it) restrict (``restricted``); a matrix said symmetric that the step was
    read with symmetric entries for (``symmetric``) is not, nor a matrix said of full rank that
    the step (``latex``) inverts, alone or as its Gram matrix (``full_rank_inverted``)."""
    words = set().union(*restriction_words(planner, names, symmetric, last_line, latex).values())
    if not words:
        return []
    return [RESTRICTED + f"{', '.join(sorted(words))} of a matrix of the step: its entries were taken independent"]


RESTRICTED = "the text says "


def restriction_words(planner, names, symmetric=frozenset(), last_line=None, latex: str = "") -> dict:
    """{name: the words that restrict it} for the matrices of a step (``restriction_doubts``)."""
    text = _with_after(planner.text, last_line)
    out = {}
    for n in names:
        if n[:1].isupper() or n.startswith("\\"):
            said = set(restricted(text, [n]))
            if n == "I" or not _capital(n):    # conditions of matrices: I is in many (Q^\top Q = I), a
                said = {w for w in said if not w.startswith("a condition")}   # vector's f(\mathbf x) = ... none
            if n in symmetric:
                said = {w for w in said if w != "symmetric" and not _symmetric_condition(w, n)}
            answered = full_rank_answered(latex, n)
            said = {w for w in said if w not in answered}
            if said:
                out[n] = said
    return out


_T = r"\^\s*\{?\s*(?:\\top|T|\\intercal)\s*\}?"


def full_rank_inverted(latex: str, name: str) -> bool:
    """Whether the step inverts ``name`` or its Gram matrix (``(X^\\top X)^{-1}``, ``(X X^\\top)^{-1}``,
    ``X^{-1}``): the step is then defined exactly where X has full column (row) rank, so every
    point of a counterexample is inside "X has full rank", and independent entries are no doubt.
    Sizes where the Gram matrix is singular for every X (N < d) are skipped (``Singular``)."""
    n = re.escape(name) + r"(?![A-Za-z])"
    bracket = r"(?:\\left\s*)?\(\s*(?:%s\s*%s\s*%s|%s\s*%s\s*%s)\s*(?:\\right\s*)?\)" % (n, _T, n, n, n, _T)
    inverse = r"\^\s*\{\s*-\s*1\s*\}|\^\s*-\s*1"
    return bool(re.search(r"(?:%s|(?<![A-Za-z\\])%s)\s*(?:%s)" % (bracket, n, inverse), latex))


def full_rank_answered(latex: str, name: str) -> frozenset:
    """The full-rank words the step's own inverse answers (``full_rank_inverted``): ``(X^\\top X)^{-1}``
    is defined exactly where X has full column rank, ``(X X^\\top)^{-1}`` where it has full row rank,
    ``X^{-1}`` where it is invertible (full rank of either kind). A full row rank said of X with
    ``(X^\\top X)^{-1}`` in the step is no such answer (the Gram inverse then exists only at N = d):
    the doubt stays."""
    n = re.escape(name) + r"(?![A-Za-z])"
    inverse = r"\s*(?:\^\s*\{\s*-\s*1\s*\}|\^\s*-\s*1)"
    gram = lambda a, b: r"(?:\\left\s*)?\(\s*%s\s*%s\s*(?:\\right\s*)?\)" % (a, b) + inverse
    column = re.search(gram(n + r"\s*" + _T, n), latex) is not None
    row = re.search(gram(n, n + r"\s*" + _T), latex) is not None
    plain = re.search(r"(?<![A-Za-z\\])%s" % n + inverse, latex) is not None
    out = set()
    if column or row or plain:
        out.add("full rank")
    if column or plain:
        out.add("full column rank")
    if row or plain:
        out.add("full row rank")
    return frozenset(out)


# --- the matrix exponential at sample matrices ----------------------------------------------------

# 2 x 2, invertible, not symmetric, no two of them commuting: e^{M + N} = e^M e^N fails at the
# first two; exact exponentials (SymPy, by the eigenvalues), evaluated by the engine in arb balls
SAMPLES = (((1, 1), (0, 1)), ((1, 0), (1, 1)), ((2, 1), (1, 1)), ((1, 2), (0, 3)))
SAMPLE_SIZE = 2


def has_exponential(*exprs, number=lambda arg: False) -> bool:
    """Whether a side takes e^{...} of something that is not a number (a matrix); ``number``
    says of an argument that it is one all the same (e^{x^T y}: a row times a column)."""
    return any(not f.args[0].is_commutative and not number(f.args[0])
               for e in exprs for f in getattr(e, "atoms", lambda *_: ())(sp.exp))


def exponential(v):
    """e^{v}: the matrix exponential of a matrix of numbers (a sample), exactly."""
    if not isinstance(v, sp.MatrixBase):
        return sp.exp(v)
    if any(not x.is_commutative for x in v) or v.rows != SAMPLE_SIZE or v.cols != SAMPLE_SIZE:
        raise NotRead("the exponential of a matrix is read only at 2 x 2 sample matrices")
    try:
        return v.exp()
    except Exception:      # SymPy finds no closed form (a symbolic entry): not this way
        raise NotRead("the exponential of this matrix has no closed form here") from None


def samples(table: dict, kinds, arrays: dict) -> dict:
    """{name: sample matrix} for the square matrices of a step with an exponential (sorted by name);
    NotRead where a name is no plain matrix (a vector, a pattern, a symmetric matrix)."""
    out, k = {}, 0
    for name in sorted(table):
        kind = table[name]
        if kind in ("scalar", "square") or name in arrays:
            continue
        if kind != "matrix" or name in kinds.symmetric:
            raise NotRead(f"an exponential beside {name} (a vector or a symmetric matrix) is not read")
        if k >= len(SAMPLES):
            raise NotRead("an exponential beside more matrices than the samples")
        out[name] = sp.Matrix(SAMPLES[k])
        k += 1
    return out


def sample_doubt(chosen: dict) -> str:
    from ..document.doubts import HOLDS_ONLY
    shown_ = ", ".join(f"{n} = {sp.sstr(m.tolist())}" for n, m in chosen.items())
    return (f"{HOLDS_ONLY}the matrix exponential is evaluated at sample 2 x 2 matrices only ({shown_}): "
            "equal there is no proof")


# --- \circ beside a product, written with its brackets ---------------------------------------------

_OPERAND_HEAD = re.compile(r"\s*(?:\\[A-Za-z]+\s*(?:\{[^{}]*\}|\\?[A-Za-z](?![A-Za-z]))?|[A-Za-z])'*"
                           r"(?:\s*[_^]\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))*\s*")


def circ_operands_bracketed(text: str) -> bool:
    """Whether every operand of every \\circ / \\odot in ``text`` is one thing as written: a
    name, a call ``\\sigma'(\\mathbf z)``, or one bracket group ``\\bigl( W^\\top \\mathbf g \\bigr)``
    (then a product inside it binds before the \\circ, and nothing is ambiguous). False when an
    operand is a bare product (``A \\mathbf x \\circ \\mathbf y``: (A x) \\circ y or A (x \\circ y)?)."""
    from .vectors import _CIRC, _close, _top_level
    if not _CIRC.search(text):
        return True
    cuts, groups = [], []
    for k, depth, tok in _top_level(text):
        if depth == 0 and (tok in "+-=" or _CIRC.fullmatch(tok)):
            cuts.append((k, tok))
        if depth == 0 and tok in "([{" and (k == 0 or text[k - 1] != "\\"):
            try:
                groups.append(text[k + 1:_close(text, k) - 1])
            except NotRead:
                return False
    pieces, last = [], 0
    for k, tok in cuts + [(len(text), "+")]:
        pieces.append((text[last:k], tok))
        last = k + len(tok)
    term = []
    for piece, tok in pieces:
        term.append(piece)
        if not _CIRC.fullmatch(tok):
            if len(term) > 1 and not all(_one_operand(p) for p in term):
                return False
            term = []
    return all(circ_operands_bracketed(g) for g in groups)


def _one_operand(part: str) -> bool:
    from .vectors import _close
    # the sizing command of the group's own closing bracket (\bigr before ")") is not the operand's
    s = re.sub(r"\\(?:right|bigr|Bigr|biggr|Biggr|big|Big|bigg|Bigg)\s*$", "", part.strip()).strip()
    s = re.sub(r"\\(?:right|bigr|Bigr|biggr|Biggr|big|Big|bigg|Bigg)\s*(?=[)\]])", "", s)
    s = re.sub(r"\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*(?=[(\[])", "", s)
    m = _OPERAND_HEAD.match(s)
    rest = s[m.end():] if m and m.end() > 0 else s
    if not rest:
        return True
    if rest[0] not in "([":
        return False
    try:
        return _close(rest, 0) == len(rest)
    except NotRead:
        return False
