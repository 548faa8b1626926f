"""What a document says about its names in ways the reading cannot take in, and the doubts
(hazards) that follow for a step that uses them.

Found once per document by regular expressions over its text (never evaluated):

- ``\\sigma`` given another meaning somewhere (``\\sigma^2``, ``\\sigma_x``, ``\\sigma = 0.1``,
  ``\\sigma = \\tanh``): the sigmoid reading of ``\\sigma(x)`` is then not certain;
- ``e`` or ``\\pi`` given a meaning (``$e$`` alone in the prose, ``e = y - \\hat y``, ``\\pi = 0.4``,
  ``\\pi_\\theta``): Euler's number and pi are then not certain;
- names declared matrices (``A, B \\in \\mathbb{R}^{n \\times n}``): products of them do not commute;
  names declared vectors (``x \\in \\mathbb{R}^D``) in a scalar identity: read entrywise where
  the step only applies entrywise functions to them (``entrywise``), else doubted like matrices;
- intervals and sets said in the prose (``$p \\in (0, 1)$``, ``$y \\in \\{0, 1\\}$``).

A hazard whose text starts with ``DEPENDS`` makes a ``holds`` as doubtful as a ``wrong`` (the
reading may not be what the document means); one that starts with ``HOLDS_ONLY`` doubts only
a ``holds``; any other doubts only a ``wrong``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from ..reading import components, indices, labels
from ..planning import conv, lists
from .context import DEPENDS

HOLDS_ONLY = "holds as read only: "

_SIGMA = re.compile(r"\\sigma(?![A-Za-z])")
_OTHER_SIGMA = re.compile(r"\s*(?:\^|_|=(?!=)|:=|\\in(?![A-Za-z])|\\sim(?![A-Za-z]))")
_SIGMA_WORDS = re.compile(r"\\sigma[^.\n]{0,80}?(?:standard deviation|std\b|variance|noise)|"
                          r"(?:standard deviation|std\b|variance|noise)[^.\n]{0,80}?\\sigma", re.I)
_E_ALONE = re.compile(r"(?<!\$)\$\s*e\s*\$(?!\$)")
_E_NAMED = re.compile(r"(?:^|[^A-Za-z\\])e\s*(?:=|\\in|:=)")
_PI_NAMED = re.compile(r"\\pi\s*(?:=|\\in|_)")
_MATRIX = re.compile(r"((?:\\?[A-Za-z]+(?:\{[A-Za-z]\})?(?:_\{?[A-Za-z0-9]+\}?)?\s*,\s*)*"
                     r"\\?[A-Za-z]+(?:\{[A-Za-z]\})?(?:_\{?[A-Za-z0-9]+\}?)?)\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{"
                     r"\s*([^{}]+?)\s*\\times\s*([^{}]+?)\s*\}")
_VECTOR = re.compile(r"((?:\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?\s*,\s*)*\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*\\in\s*"
                     r"\\mathbb\s*\{?R\}?\s*\^\s*\{?\s*([A-Za-z0-9]+)\s*\}?(?!\s*\\times)")
_MATRIX_WORDS = re.compile(r"\bmatri(?:x|ces)\b[^.\n]{0,12}(?:\$[^$]{1,20}\$[^.\n$]{0,8}){1,3}", re.I)
_LOG_BASE = re.compile(r"\blog\w*\b[^.\n]{0,40}\bbase[- ]?(?:2|two|10|ten)\b|\bbase[- ]?(?:2|two|10|ten)\b[^.\n]{0,40}\blog|"
                       r"\bin bits\b", re.I)
_DISOWNED = re.compile(r"(?:common )?mistake|incorrect|wrong(?:ly)?|erroneous|false\b|tempting|student(?:s)? (?:often )?wr(?:ite|ote)|"
                       r"does not hold|doesn't hold|not true|fails?\b|bug|typo", re.I)
_SHAPE = re.compile(r"\d+\s*\\times\s*\d+")
_UNIT = re.compile(r"\d\s*(?:\\[,;:! ]|~|\s)*\\(?:text|mathrm|textrm)\s*\{\s*(?!(?:for|if|where|when|and|with|since|"
                   r"as|at|so|then|otherwise|all|or|by|from|on|in)\b)[A-Za-z/%]+")
_INTERVAL = re.compile(r"^\s*(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*\\in\s*([(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*([)\]])\s*$")
_DISCRETE = re.compile(r"^\s*(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*\\in\s*(?:\\\{|\\mathbb\s*\{?[ZN]\}?)")


@dataclass
class Prescan:
    sigma_other: bool = False
    named: set = field(default_factory=set)        # "e", "\\pi" used as names
    declared: list = field(default_factory=list)   # (question, names) declared matrices there
    vectors: list = field(default_factory=list)    # (question, names, line) declared vectors (x \in R^D)
    lengths: list = field(default_factory=list)    # (question, letters) of declared shapes (N of R^{N x d}): numbers
    log_base: bool = False                         # "all logarithms are base 2"
    names: object = None                           # evidence.Evidence: values and functions said
    written: object = None                         # leaves.Written: names given, differentiated, computed

    @classmethod
    def of(cls, text: str, kind: str = "markdown", found=None) -> "Prescan":
        from .context import question_of
        from ..parse.locate import labels, location_at
        table = labels(text, kind)
        where = lambda m: question_of(location_at(table, m.start()))
        out = cls()
        if _SIGMA_WORDS.search(text):
            out.sigma_other = True
        for m in _SIGMA.finditer(text):
            if _OTHER_SIGMA.match(text, m.end()):   # sigma^2, sigma_x, sigma = 0.1: not the sigmoid
                out.sigma_other = True
                break
        if _E_ALONE.search(text) or _E_NAMED.search(text):
            out.named.add("e")
        if _PI_NAMED.search(text):
            out.named.add("\\pi")
        for m in _MATRIX.finditer(text):
            rows, cols = m.group(2).strip(), m.group(3).strip()
            out.lengths.append((where(m), {x for x in (rows, cols) if re.fullmatch(r"[A-Za-z]", x)}))
            if rows != "1" and cols != "1" and (m.start() == 0 or text[m.start() - 1] not in "{\\"):
                out.declared.append((where(m), {re.sub(r"\s+", "", n) for n in m.group(1).split(",")}))
        for m in _VECTOR.finditer(text):   # u, v \in \mathbb{R}^3: vectors (u \times v is no product)
            if re.fullmatch(r"[A-Za-z]", m.group(2).strip()):
                out.lengths.append((where(m), {m.group(2).strip()}))
            if m.group(2).strip() != "1" and (m.start() == 0 or text[m.start() - 1] not in "{\\"):
                out.vectors.append((where(m), {re.sub(r"\s+", "", n) for n in m.group(1).split(",")},
                                    text.count("\n", 0, m.start()) + 1))
        for m in _MATRIX_WORDS.finditer(text):   # "weight matrix $W$", "matrices $A$ and $B$"
            out.declared.append((where(m), {re.sub(r"\s+", "", n) for n in re.findall(r"\$\s*([^$]{1,20}?)\s*\$", m.group(0))}))
        out._made_of_matrices(text, where)
        if _LOG_BASE.search(text):
            out.log_base = True
        from .evidence import Evidence
        out.names = Evidence.of(text, kind, found, table)     # the labels once, not per prescan
        from .leaves import Written
        try:
            out.written = Written.of(text, kind, found)
        except Exception:   # leaves only remove doubts: a document the scan cannot take has none
            out.written = None
        return out


    def lengths_in(self, here: str) -> set:
        """The letters that are lengths of declared shapes (the N of R^{N x d}, in any question)
        and numbers in question ``here``: not one that ``here`` declares a matrix (D of
        R^{D x K} in one question, D \\in R^{n x n} a diagonal scaling in the next)."""
        mats = set().union(*[n for q, n in self.declared if q == here])
        return set().union(*[n for _, n in self.lengths]) - mats

    def _made_of_matrices(self, text: str, where) -> None:
        """Capitals the document defines by a formula of declared matrices, in their question
        (``P = X (X^\\top X)^{-1} X^\\top``: P is a matrix too), and the identity ``I`` beside
        declared matrices where the document gives I no formula: read as numbers, ``(I - P)^2 =
        I - P`` is false at I = 0, P = 1, while it holds for every projection matrix."""
        for m in _CAPITAL_DEFINED.finditer(text):
            name, q = m.group(1), where(m)
            mats = set().union(*[n for p, n in self.declared if p == q]) - self.lengths_in(q)
            if name not in mats and any(re.search(rf"(?<![A-Za-z\\]){re.escape(x)}(?![A-Za-z])", m.group(2))
                                        for x in mats):
                self.declared.append((q, {name}))
        if not re.search(r"(?<![A-Za-z\\])I\s*(?:=|:=|\\in)", text):
            for q in {q for q, _ in self.declared}:
                self.declared.append((q, {"I"}))


# a capital defined by a formula: "$P = X (X^\top X)^{-1} X^\top$" (its right side up to the formula's end)
_CAPITAL_DEFINED = re.compile(r"(?<![A-Za-z\\_^{])([A-Z])\s*(?::=|=)(?!=)\s*([^$=]{1,200}?)(?=\$|\\\\|\\quad|,\s|;|$)",
                              re.M)


def interval(latex: str):
    """``p \\in (0, 1)`` as relations on p (numbers or infinities at the ends), else None."""
    m = _INTERVAL.match(latex)
    if m is None:
        return None
    name, opening, lo, hi, closing = m.groups()
    ends = []
    for text in (lo, hi):
        t = text.replace(" ", "")
        if t in ("-\\infty", "-\\inf"):
            ends.append(None)
        elif t in ("\\infty", "+\\infty"):
            ends.append(None)
        elif re.fullmatch(r"-?\d+(?:\.\d+)?", t):
            ends.append(sp.Rational(t))
        else:
            return None
    return name, ends[0], ends[1], opening == "(", closing == ")"


# $t_n \in \mathbb R$, $y \in \mathbb{R}^K$, $x \in \R$: a real domain said for a name
_REAL = re.compile(r"\s*((?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?[A-Za-z]\}?(?:_\{?[A-Za-z0-9]{1,3}\}?)?)\s*\\in\s*"
                   r"(?:\\mathbb\s*\{?\s*R\s*\}?|\\R\b|\\real\b)(?:\s*\^\s*\{?[^{}$]{1,12}\}?)?\s*[.,;]?\s*")


def real(latex: str):
    """The name of ``t_n \\in \\mathbb R`` or ``y \\in \\mathbb R^K`` (a real domain said for it), spaces
    removed, else None."""
    m = _REAL.fullmatch(latex)
    return None if m is None else re.sub(r"\s+", "", m.group(1))


def discrete(latex: str):
    """The name of ``y \\in \\{0, 1\\}`` or ``n \\in \\mathbb{Z}`` (a set no interval says), else None."""
    m = _DISCRETE.match(latex)
    return None if m is None else m.group(1)


def around(text: str, start: int, end: int) -> list:
    """Doubts from the sentences around a display: the text calls it a mistake ("a common
    mistake is to write", "which is incorrect"), or it restricts entries ("off-diagonal")."""
    strip = lambda t: re.sub(r"^[ \t]*%[^\n]*$", " ", re.sub(r"<!--.*?(?:-->|$)", " ", t, flags=re.S),
                             flags=re.M)   # comments and directives are not the text
    before, after = strip(text[max(0, start - 400):start])[-160:], strip(text[end:end + 100])
    out = []
    if _DISOWNED.search(before[-120:]) or _DISOWNED.search(re.split(r"\n\s*\n", after)[0]):
        out.append("the text around it calls this display a mistake or asks whether it holds")
    if re.search(r"diagonal", before, re.I):
        out.append("the text restricts the entries (diagonal / off-diagonal)")
    return out


def step_doubts(scan: Prescan, latex: str, left, right, reading_names, lets=None, here: str = "") -> list:
    """Hazards of one step from what the prescan found and from its own text (a ``let`` directive
    that settles a name settles its doubt: ``let \\sigma = sigmoid``)."""
    lets = lets or {}
    from checks import dl
    out = []
    sig = dl.FUNCTIONS["sigmoid"]
    uses_sigmoid = any(e.has(sig) for e in (left, right) if hasattr(e, "has"))
    if scan.sigma_other and uses_sigmoid and _SIGMA.search(latex) and lets.get("\\sigma") != "sigmoid":
        out.append(f"{DEPENDS}\\sigma is also used for something else in the document (\\sigma^2, "
                   "\\sigma = ...): read here as the sigmoid")
    if "e" in scan.named and re.search(r"(?<![A-Za-z\\])e\s*\^", latex):
        out.append(f"{DEPENDS}e names a quantity in this document: e^... read as Euler's number")
    if "\\pi" in scan.named and re.search(r"\\pi(?![A-Za-z])", latex):
        out.append(f"{DEPENDS}\\pi names a quantity in this document: read here as 3.14159...")
    # a name the author says is a number here (let x = symbol) is not the array of the prose
    names = {re.sub(r"\s+", "", n) for n in reading_names} - {n for n, m in lets.items() if m == "symbol"}
    out += _arrays_as_numbers(scan, names, latex, here)
    sides = latex.split("=")
    if len(sides) >= 2 and _SHAPE.search(sides[0]) and _SHAPE.search(sides[-1]):
        out.append("a \\times b on both sides may be a shape, not a product")
    if _UNIT.search(latex):
        out.append("a number with a unit in \\text is read without the unit")
    if scan.log_base and re.search(r"\\(?:log|ln)(?![A-Za-z])", latex):
        out.append(f"{DEPENDS}the text says logarithms are to another base; read here as natural")
    if len(sides) == 2 and lists.may_be_a_pairing(sides[0], sides[1]):
        out.append("(a, b) in round brackets may be an inner product or a gcd: read entry by entry as a pair")
    out += conv.step_doubts(latex, lets)   # a convolution right under one convention; a list with an ellipsis
    # C_{out}(K^2 C_{in} + 1) with C_out, K, C_in given numbers: both sides are numbers as read
    numbers = all(getattr(e, "is_number", False) for e in (left, right))
    if _CAPITAL_PRODUCT.search(latex) and not numbers:
        out.append(f"{HOLDS_ONLY}a product of capitals (matrices?) is read as a product of numbers")
    out += labels.doubts(latex, left, right, lets)     # h_n^1 a label by the document's evidence only
    out += components.doubts(latex, lets, here)        # S(x)_i the softmax as another question defines it
    commuting = _commuting(left, right, scan.lengths_in(here))
    if commuting:
        out.append(f"{HOLDS_ONLY}{', '.join(commuting)} are taken to commute (matrices would not)")
    return out


def _arrays_as_numbers(scan: Prescan, names: set, latex: str, here: str) -> list:
    """The doubt of a step that reads names declared arrays (in this question) as numbers. A
    matrix keeps the doubt (e^X is a matrix exponential, XY is not YX). A vector used only whole,
    inside functions applied entrywise and in sums, products and quotients of such terms
    (``\\tanh(x/2) + 1 = 2 / (1 + e^{-x})``), is read entrywise: a scalar identity that holds,
    holds for each entry, so only a ``wrong`` is doubted (a dot product may be meant)."""
    from .context import question_of
    here = question_of(here)     # a label (Q3) or its key (3)
    # the N of \mathbb{R}^{N \times d} is a number, whatever the words around it say ("matrix of $N$ samples")
    mats = names & set().union(*[n for q, n in scan.declared if q == here]) - scan.lengths_in(here)
    vecs = {}
    for q, group, line in scan.vectors:
        if q == here:
            for n in group & names - mats:
                vecs.setdefault(n, line)
    if vecs and not mats and len(vecs) == 1 and all(entrywise(latex, n) for n in vecs):
        shown = ", ".join(f"{n} (line {line})" for n, line in sorted(vecs.items()))
        return [f"{shown} declared a vector: the step is read entrywise (a dot product or a norm may be meant)"]
    arrays = sorted(mats | set(vecs))
    return [f"{DEPENDS}{', '.join(arrays)} declared matrices: read here as numbers"] if arrays else []


# what may stand beside a vector read entrywise: functions applied to each entry, fractions,
# brackets, spacing and scalar names; anything else (\sum, \|, ^\top, \cdot, \max, a matrix
# environment, a derivative) may act on the vector as a whole
_ENTRYWISE_COMMANDS = {"frac", "dfrac", "tfrac", "tanh", "sigma", "exp", "log", "ln", "sqrt", "sinh", "cosh",
                       "sin", "cos", "left", "right", "mathbf", "boldsymbol", "bm", "quad", "qquad",
                       "alpha", "beta", "gamma", "lambda", "mu", "nu", "eta", "kappa", "tau", "rho"}


def entrywise(latex: str, name: str) -> bool:
    """Whether ``name`` appears in ``latex`` only whole (no subscript, no power of its own:
    x^2 may be x^T x) and every command of ``latex`` acts on each entry (``_ENTRYWISE_COMMANDS``)."""
    body = re.sub(r"\\[,;:! ]", " ", latex)
    for m in re.finditer(r"\\([A-Za-z]+)|\\(.)", body):
        if m.group(1) is not None and m.group(1) not in _ENTRYWISE_COMMANDS and m.group(1) != name.lstrip("\\"):
            return False
        if m.group(2) is not None and m.group(2) in "|{}":
            return False          # \| a norm, \{ a set
    if "|" in body or "'" in body:
        return False
    word = re.escape(name)
    found = False
    for m in re.finditer((r"(?<![A-Za-z])" if name.startswith("\\") else r"(?<![A-Za-z\\])") + word + r"(?![A-Za-z])", body):
        found = True
        k = m.end()
        while k < len(body) and body[k] in " }":
            if body[k] == "}" and not _closes_typeface(body, m.start()):
                break
            k += 1
        if k < len(body) and body[k] in "_^":
            return False
    return found


def _closes_typeface(body: str, start: int) -> bool:
    return bool(re.search(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*$", body[:start]))


def juxtaposed(scan: Prescan, ctx, step) -> list:
    """The doubt of a step that reads ``NAME(...)`` as a product because NAME is a value, by how
    strong the document's evidence is in the step's question (evidence.Evidence.strength):

    - strong (the question gives NAME a number, a set of numbers, or a formula: ``w_3 = 5.7``,
      ``y \\in \\{-1, 1\\}``): no doubt. The author said what NAME is where the step is, and a
      call of a number means nothing, so a ``wrong`` of the product reading is the document's;
    - weak (NAME is only used bare, multiplied or added, or given a value in another question):
      the product is the likely reading, so a ``holds`` stands, but a ``wrong`` may come from a
      call the author meant: the step is undecided, naming the doubt;
    - a letter of functions by convention (f, g, p, L, \\phi, ...) given a value, or a name whose
      only evidence is the step itself (``y(a + b) = ya + yb``): a holds is as doubtful as a
      wrong (``DEPENDS``)."""
    from .evidence import FUNCTION_LIKE
    text = " ".join((step.from_ + " = " + step.to).split())
    declared = {n for n, m in ctx.lets.items() if m == "symbol"}
    scope = ctx.scope()   # the names read as values here: the plan's and the evidence's
    candidates = (set(ctx.valued) | set(ctx.values) | set(scope.variables)) - declared - set(ctx.opaque) \
        - set(ctx.functions) - set(scope.functions)
    hits = sorted(v for v in candidates if len(v) < 40 and re.search(
        (r"(?<!\\)" if v.startswith("\\") else r"(?<![A-Za-z\\_^{])") + re.escape(v.replace(" ", ""))
        + r"\s*(?:\\left\s*)?[(\[]", text))
    out, weak = [], []
    for v in hits:
        d = ctx.values.get(v)
        if d is None and (got := indices.entry_letters(v)) is not None:
            d = ctx.indexed.get(got[0])   # \alpha_i where \alpha_j = e^{s_j}/\sum_l e^{s_l} defined the array
        defined_here = d is not None and (d.question() == ctx.here or ctx.shared(d))
        if scan.names is None:
            level = "strong" if v in ctx.values and v not in FUNCTION_LIKE else "weak"
        else:
            level = scan.names.strength(v, ctx.here, defined_here, step.line)
            if level is None and v in ctx.valued | set(ctx.values):
                level = "function-like" if v in FUNCTION_LIKE else "weak"
        if level == "weak" and (_hyperparameter(ctx, v) or _datum(ctx, v)):
            continue    # "threshold $\delta > 0$", "the label $y$": a number by its role, so \delta(...) is a product
        if level in ("function-like", "own"):
            out.append(f"{DEPENDS}{v} before a parenthesis read as a product")
        elif level == "weak":
            weak.append(v)
    if weak:
        clues = [c for v in weak for c in (scan.names.about(v, ctx.here) if scan.names else ())
                 if c.value and c.line != step.line][:3]
        why = f" (a value only by {'; '.join(dict.fromkeys(c.says() for c in clues))})" if clues else ""
        out.append(f"{', '.join(weak)} before a parenthesis read as a product{why}: a call is not ruled out")
    return out


def _datum(ctx, name: str) -> bool:
    """Whether the text declares ``name`` data in the step's question (declared.py: "Let $y$ be a
    one-hot label", "the input $\\mathbf x$"): a value, never a function called."""
    data = getattr(getattr(ctx, "evidence", None), "data", None)
    return data is not None and data.datum(name, ctx.here) is not None


def _hyperparameter(ctx, name: str) -> bool:
    """Whether the text names ``name`` a hyperparameter by its role (declared.py: a threshold, a
    temperature, a learning rate) in the step's question."""
    data = getattr(getattr(ctx, "evidence", None), "data", None)
    d = data.datum(name, ctx.here) if data is not None else None
    return d is not None and d.why.startswith("a hyperparameter")


_CAPITAL_PRODUCT = re.compile(r"(?<![A-Za-z\\{])[A-Z](?:_(?:\{[A-Za-z0-9]+\}|[A-Za-z0-9]))?(?:\^\{?[^{}\s]{1,6}\}?)?\s*[A-Z](?![a-z])")


def _commuting(left, right, lengths=frozenset()) -> list:
    """Names in capitals (matrices, by convention) whose products the step takes to commute:
    the step holds with numbers but not with non-commuting symbols in their place. A capital the
    document uses as a length of a declared shape (the N of an N x d matrix) is a number."""
    labels = {x.base.label for e in (left, right) for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}
    caps = sorted({s for e in (left, right) for s in getattr(e, "free_symbols", ())
                   if isinstance(s, sp.Symbol) and not s.is_integer and s not in labels
                   and re.match(r"^(?:\\mathbf\{)?[A-Z]", s.name) and s.name not in lengths}, key=str)
    if len(caps) < 2 or not all(isinstance(e, sp.Expr) for e in (left, right)):
        return []
    nc = {s: sp.Symbol(s.name, commutative=False) for s in caps}
    try:
        diff = sp.expand(left.xreplace(nc) - right.xreplace(nc))
    except Exception:   # SymPy cannot take this form without commuting: doubt it
        return [str(s) for s in caps]
    return [] if diff == 0 else [str(s) for s in caps]


# words that say a step is taken at a point, not in general
_AT_A_POINT = re.compile(r"\b(?:origin|initiali[sz]|at\s+(?:zero|the\s+point|that\s+point|these|those|this\s+point)|"
                         r"evaluat|plug|substitut|numbers?\b|numeric|values?\b|worked|example|given\s+by|"
                         r"at\s+\$|when\s+\$|for\s+\$[^$]{0,30}=)", re.I)
_PLAIN_NAME = re.compile(r"(\\?[A-Za-z]+)(?:_\{?[A-Za-z0-9]{1,3}\}?)?(?:\[[a-z0-9, ]+\])?")


def plugged_from_nowhere(text: str, names, number, before: str, general=None) -> bool:
    """Whether a step with one side a number (``h(x) + h(-x) = 0``, ``\\sigma(x) + \\sigma(-x) = 1``)
    is meant in general, so that a counterexample refutes it: the number is 0, 1, -1 or a half
    (the result of an identity, not of arithmetic with given values); the other side as written
    (``general``) applies functions at least twice, so it is no equation the document solves
    (``2(w - 3) = 0``, ``\\tanh(u) = 0.5``, ``x^2 = 4``) nor a value at a point said in words
    (``\\frac{d}{dx}\\max(0, x) = 0`` "for negative inputs"); every name is a plain name the document
    never gives a value (``_valued``); and the text of the question up to the step (``before``)
    does not speak of a point or of values."""
    try:
        simple = number.is_Rational and abs(number.p) <= 2 and number.q <= 2
    except AttributeError:
        return False
    if not simple or _AT_A_POINT.search(before) or _applications(general) < 2:
        return False
    for name in names:
        m = _PLAIN_NAME.fullmatch(name.replace(" ", ""))
        if m is None:
            return False      # a partial, a product read whole: its value may be given in a form not searched
        if _valued(text, m.group(1)):
            return False
    return True


_NUMBERISH = r"\$?\s*[\[(]?\s*[-+]?\s*(?:\d|\\[dt]?frac|\\pi\b|\\ln\b|\\log\b|\\sqrt|\\tfrac)"


def _valued(text: str, base: str) -> bool:
    """Whether the document gives the name ``base`` (or an entry of it) a value anywhere: ``x = 2``,
    ``x_1 = \\frac12``, ``(x, y) = (1, 2)``, "x equal to $2$", "$x$ is set to $3$" (an earlier
    question too: the step may carry it over)."""
    name = r"(?<![A-Za-z\\])" + re.escape(base) + r"(?![A-Za-z])\s*(?:_\s*\{?[^=$]{0,8}?\}?)?"
    if re.search(name + r"\s*(?::=|=)\s*" + _NUMBERISH, text):
        return True
    if re.search(r"\(\s*[^()=$]{0,40}?" + name + r"[^()=$]{0,40}\)\s*(?::=|=)\s*[\[(]", text):
        return True     # a tuple of names given a tuple of values
    words = r"\$?\s*(?:equals?|equal\s+to|(?:is|are)\s+(?:set\s+to|equal\s+to|fixed\s+at|)|set\s+to|takes?\s+the\s+values?|of)\s*"
    return re.search(name + words + _NUMBERISH, text) is not None


def _applications(expr) -> int:
    """How many times ``expr`` applies a function (defined in the document or known) to an
    argument with a name in it; max, min, |.| and steps are no such function (max(t, 0) + |t| = 0
    is a claim about a region, said in words)."""
    if expr is None or not hasattr(expr, "atoms"):
        return 0
    cases = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign, sp.Piecewise)
    return sum(1 for f in expr.atoms(sp.Function) if not isinstance(f, cases) and f.free_symbols)


def through_recurrence(planner, step, *exprs) -> list:
    """A derivative of a sequence the document defines by a recurrence (``h_t = a h_{t-1} + b x_t``)
    in the step's question: its terms depend on each other and on the inputs, which a reading of
    ``h_t`` as a free entry does not know (``\\partial h_t/\\partial h_k`` would be a Kronecker delta,
    and ``\\partial h_t/\\partial x_k`` zero). Only where the differentiated expression has a term
    of the sequence that is not the variable itself (\\partial L/\\partial h_T of L = (h_T - y)^2/2
    needs nothing of the recurrence). Doubts a holds as much as a wrong. A number given to one
    term since ("take $c_t = 0.5$" for one step) does not make the terms independent: the
    recurrence counts from where it was said."""
    from ..planning.recur import _recurrence_for
    found = {}
    for e in exprs:
        for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative):
            variables = set(d.variables)
            for x in d.expr.atoms(sp.Indexed, sp.Symbol):
                if x in variables or isinstance(x, sp.Symbol) and any(x in i.indices for i in d.expr.atoms(sp.Indexed)):
                    continue
                name = (f"{x.base.label}_{{{','.join(str(i) for i in x.indices)}}}" if isinstance(x, sp.Indexed)
                        else x.name)
                rec = _recurrence_for(planner, name, step, standing=False)
                if rec is not None:
                    found.setdefault(rec.name, rec.line)
    return [f"{DEPENDS}{name} is defined by a recurrence at line {at}: its terms depend on each other and on "
            f"its inputs, and the derivative here is not taken through it" for name, at in found.items()]
