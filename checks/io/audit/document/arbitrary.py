"""Functions the document declares arbitrary: where a step refuted for one instance of an
undefined function (run._for_an_instance) is refuted as written.

A step over an undefined function ``f`` that the engine refutes for one concrete smooth
instance of f is wrong for every f only if the document means every f. Many documents say so
in words: "Let $f, g \\colon \\mathbb R \\to \\mathbb R$ be twice differentiable", "for any
differentiable $\\Phi$", "$h$ is an arbitrary activation", "$\\mu(\\cdot)$ and $\\sigma(\\cdot)$
are arbitrary differentiable functions", "two more unspecified maps $g$ and $h$". This module
reads such **declarations**, and what else the document says about the name where the step
is (its part, the preamble of its question, the head of the document before any question):

- a **blocker**: anything that gives the name a formula, a value or a property -- a relation
  that gives it something (``q(2u) = 4u^2``, ``f(0) = 0``, ``h = f \\circ g``, a functional
  equation ``f(x + y) = f(x) + f(y)``), or words beside it (linear, odd, convex, monotone,
  the sigmoid, a CDF or density, "e.g. tanh", "behaves like"). Then the instance proves
  nothing about the document's f: the step stays undecided.
- a **pointwise constraint**: a domain or codomain of the signature (``f \\colon (0, \\infty)
  \\to \\mathbb R``) or a sign said as a relation (``g > 0``, ``\\sigma(x) > 0``). Only the
  values of f (and its derivatives) at the arguments the step applies it to matter for the
  counterexample, so the instance serves when those arguments lie inside the domain and its
  values there inside the range (a smooth function equal to the instance near those
  arguments, and inside the range everywhere, exists); run.py checks that at the point.

The instances are smooth, so "differentiable", "smooth", "continuous" need nothing more.
Everything not read here leaves the step as it was (undecided): this module only adds
``wrong`` verdicts, and only with a declaration quoted in the detail.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

MAX_TEXT = 300_000     # characters of a document read (hostile documents are larger)
MAX_QUOTE = 160        # characters of a declaring sentence quoted in a detail

_QUANT = (r"(?:any|every|arbitrary|an?\s+arbitrary|some|an?\s+unknown|unknown|unspecified|general|generic|"
          r"an?\s+general|an?\s+generic)")
_FUNADJ = r"(?:(?:twice|continuously|infinitely)\s+)?(?:differentiable|smooth)"
_ADJ = rf"(?:{_FUNADJ}|continuous|real(?:-valued)?|scalar)"
_NOUN = r"(?:functions?|maps?|mappings?|activations?(?:\s+functions?)?|non-?linearit(?:y|ies))"
_MATH = r"(?:\$[^$\n]{1,60}\$|\\\([^\n]{1,60}?\\\))"
_LIST_BEFORE = rf"(?:{_MATH}\s*(?:,\s*(?:and\s+)?|and\s+))*"
_LIST_AFTER = rf"(?:\s*(?:,\s*(?:and\s+)?|and\s+){_MATH})*"
# "an arbitrary function $h$", "unspecified maps $g$ and $h$", "a differentiable function $f$",
# "for any differentiable $\Phi$" (a quantifier alone, "for every $x$", names values)
_BEFORE = re.compile(rf"(?<![A-Za-z])(?:{_QUANT}\s+(?:\(?{_ADJ}\)?\s+){{0,3}}{_NOUN}\s+"
                     rf"|(?:{_QUANT}\s+|an?\s+)?(?:{_ADJ}\s+){{0,2}}{_FUNADJ}\s+(?:{_NOUN}\s+)?"
                     rf"|an?\s+(?:{_ADJ}\s+){{1,3}}{_NOUN}\s+){_LIST_BEFORE}$", re.I)
# "$f$ is some function of $x$", "$h$ is an arbitrary (smooth) activation", "be twice differentiable"
_AFTER = re.compile(rf"^{_LIST_AFTER}\s*,?\s*(?:is|are|be)\s+(?:"
                    rf"(?:{_QUANT}\s+|an?\s+)?(?:\(?{_ADJ}\)?\s+){{0,3}}{_NOUN}(?![A-Za-z])"
                    rf"|{_FUNADJ}(?![A-Za-z]))", re.I)
# "with $\phi$ a differentiable activation", "where $g$ is any smooth map": a noun phrase right
# after the names, without a verb, when "with" / "where" comes right before them
_APPOSITION = re.compile(rf"^{_LIST_AFTER}\s*,?\s*(?:an?\s+|any\s+|some\s+)?(?:\(?{_ADJ}\)?\s+){{1,3}}"
                         rf"{_NOUN}(?![A-Za-z])", re.I)
_WITH = re.compile(r"(?:\bwith|\bwhere)\s*$", re.I)


def _declares_after(before: str, after: str):
    """The declaration after the names (``_AFTER``, or ``_APPOSITION`` after "with"), else None."""
    m = _AFTER.match(" " + after)
    if m is None and _WITH.search(before):
        m = _APPOSITION.match(" " + after)
    return m if m and _NEEDS.search(m.group(0)) else None


# an after-form must say more than "is a (scalar) function": "L is a scalar function of Z" says
# what L depends on, not that any function is meant
_NEEDS = re.compile(rf"{_QUANT}|{_FUNADJ}|continuous", re.I)
# words that give a function a property or a meaning of its own (said where the name is)
_PROPERTY = re.compile(
    r"(?<![A-Za-z])(?:linear|affine|odd|even|convex|concave|monoton\w*|increasing|decreasing|non-?decreasing|"
    r"non-?increasing|bounded|periodic|polynomial|quadratic|cubic|constant|injective|surjective|bijective|"
    r"invertible|lipschitz|homogeneous|additive|symmetric|positive|negative|non-?negative|sigmoid|logistic|"
    r"tanh|relu|softplus|softmax|gelu|swish|exponential|logarithm\w*|gaussian|normal|cdfs?|c\.d\.f|densit\w*|"
    r"pdfs?|distribution\w*|probabilit\w*|likelihood|e\.g\.|such\s+as|for\s+example|for\s+instance|like|"
    r"behaves?|squashing|satisf\w*|given\s+by|defined\s+(?:by|as)|equals?|vanish\w*|zero|integra\w*|"
    r"hyperbolic|sine|cosine|identity|kernel|loss|network|model|layer|fixed|known|specific|particular|"
    r"the\s+same|"
    # where its extremes, roots, period or values lie, what it passes through, a derivative said of
    # it, a table it comes from: facts the instance does not have
    r"minim\w*|maxim\w*|extrem\w*|critical|stationary|roots?|zeroe?s|period\w*|origin|pass(?:es|ing)?|"
    r"derivatives?|tabulat\w*|values?|"
    # an existence, not every function: "there is some f such that", "find a function f"
    r"such\s+that|exist\w*|there\s+(?:is|are)|solutions?|solves?|find|choose)(?![A-Za-z])", re.I)
_NEGATED = re.compile(r"\bnot\s*\}?\s*(?:\\emph\s*\{|\\textit\s*\{)?\s*(?:the\s+|an?\s+)?[A-Za-z.]+", re.I)
# The words a sentence that names a declared function may use and still say nothing of it beyond
# what a declaration says (any function, smooth, of these variables): an allow-list, since what a
# text may say of a function (a minimum, a period, "its own derivative", "the one we tabulated")
# has no end. Glue, quantifiers, smoothness, discourse and the words that point at the steps.
_PLAIN_WORDS = frozenset("""
a an the and or of on in for to from be is are being been let now here then so thus hence also both each
every all any some such arbitrary general generic unspecified unknown throughout consider suppose assume
assuming denote write we us our it they them these those this again back still finally first next recall
note differentiable twice thrice continuously infinitely smooth continuous real valued scalar function
functions map maps mapping mappings activation activations nonlinearity nonlinearities following hold holds
below true show prove verify check compute with whose which where that satisfying at through
""".split())
# "the function", "the same map": one particular function, not any
_DEFINITE = re.compile(r"(?<![A-Za-z])the\s+(?:same\s+)?(?:function|map|mapping|activation|non-?linearity)s?(?![A-Za-z])",
                       re.I)
# the formulas of a sentence (a display inside it is a step of its own, read by _relations)
_MATH_PIECE = re.compile(r"\$([^$]*)\$|\\\((.*?)\\\)", re.S)
_DISPLAY_START = re.compile(r"\$\$|\\\[|\\begin\s*\{")
_DISPLAY_END = re.compile(r"\$\$|\\\]|\\end\s*\{[^{}]*\}")
_NO_WORDS = re.compile(r"\\(?:begin|end|label|ref|eqref|cite)\*?\s*\{[^{}]*\}|\\[A-Za-z]+")
_SENTENCE_END = re.compile(r"(?<!i\.e)(?<!e\.g)(?<!\\)[.!?;](?=\s|$)|\n[ \t]*\n|\}[ \t]*\n|\n[ \t]*#[^\n]*\n"
                           r"|\\(?:sub)*section\*?\{[^{}\n]*\}|\\paragraph\*?\{[^{}\n]*\}")
_DIFFERENTIAL = re.compile(r"\\partial|\\nabla|\\[dt]?frac\s*\{\s*(?:\\mathrm\s*\{\s*d\s*\}|d)(?![A-Za-z])"
                           r"|\\mathrm\s*\{\s*d\s*\}|(?<![A-Za-z\\])d\s*/\s*d|\\frac\s*d|\\int")
_SIGNATURE = re.compile(r"^(?P<names>.*?)(?:\\colon(?![A-Za-z])|:(?!=))\s*(?P<dom>.+?)\s*"
                        r"\\(?:to|rightarrow|longrightarrow)(?![A-Za-z])\s*(?P<cod>.+?)\s*$", re.S)
_CDOT = re.compile(r"\s*(?:\\left\s*)?\(\s*\\cdot\s*(?:\\right\s*)?\)\s*$")
_ORDER = re.compile(r"^(?P<side>.+?)\s*(?P<rel>>|<|\\ge|\\geq|\\geqslant|\\le|\\leq|\\leqslant|\\in(?![A-Za-z]))"
                    r"\s*(?P<other>.+?)\s*$", re.S)
_NUMBER = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*$")
_INFINITY = re.compile(r"^\s*([-+]?)\s*\\infty\s*$")
_INTERVAL = re.compile(r"^\s*(?:\\left\s*)?([(\[])\s*(.+?)\s*,\s*(.+?)\s*(?:\\right\s*)?([)\]])\s*$")
_REALS = re.compile(r"^\s*(?:\\mathbb\s*\{?\s*R\s*\}?|\\R(?![A-Za-z])|\\Re(?![A-Za-z]))"
                    r"\s*(?:\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*$")
_POSITIVE_REALS = re.compile(r"^\s*(?:\\mathbb\s*\{?\s*R\s*\}?)\s*_\s*(?:\{\s*(?:\+|>\s*0)\s*\}|\+)"
                             r"\s*(?:\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*$")
_DEFINED_SHAPE = re.compile(r"^\s*(?:\\(?:mathrm|operatorname|text|mathcal|hat|bar|tilde|mathbf|boldsymbol)\s*\{[^{}]*\}"
                            r"|\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?(?:\s*\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
                            r"\s*'*\s*(?:(?:\\left\s*)?\(\s*[^()]*\s*(?:\\right\s*)?\))?\s*$")

Interval = tuple   # (lo, hi, lo_open, hi_open): None for an unbounded end


@dataclass(frozen=True)
class Declaration:
    name: str            # as the engine names the function (plan.function_name of the reader's name)
    quote: str           # the declaring sentence
    line: int
    offset: int
    domain: Interval | None = None     # None: all of R (or R^n)
    range: Interval | None = None


@dataclass(frozen=True)
class Said:
    """What the text says of one function where a step is: the declaration, what blocks it
    (or ""), and the pointwise constraints its instance must meet."""
    declaration: Declaration
    blocked: str = ""
    domain: Interval | None = None
    ranges: tuple = ()         # (Interval, quote) each

    def shown(self) -> str:
        return f"\"{self.declaration.quote}\" (line {self.declaration.line})"


@dataclass
class Arbitrary:
    declarations: list = field(default_factory=list)
    blockers: list = field(default_factory=list)      # (name, offset, line, quote, key of its relation or None)
    constraints: list = field(default_factory=list)   # (name, offset, Interval, quote)
    table: tuple = ((0,), (None,))
    sections: tuple = ((0,), (((), True),))
    lines: list = field(default_factory=list)
    names: frozenset = frozenset()                    # the declared names

    @classmethod
    def of(cls, text: str, kind: str = "markdown", found=None) -> "Arbitrary":
        from ..parse.extract import displays
        from ..parse.locate import labels, scopes
        out = cls()
        if len(text) > MAX_TEXT:
            return out
        try:
            found = displays(text, kind, inline=True) if found is None else found
            spans = [(d.start, d.start + len(d.latex)) for d in found if not d.inline]
            out.table, out.sections = labels(text, kind, spans), scopes(text, kind, spans)
        except Exception:   # declarations only add wrong verdicts: a document they cannot take has none
            return out
        out.lines = [m.start() for m in re.finditer("\n", text)]
        for d in found[:3000]:
            try:
                if d.inline:
                    out._inline(text, d)
            except Exception:   # a formula this reading cannot take says nothing
                continue
        if not out.declarations:   # what else is said matters only of a declared name
            return out
        out.names = frozenset(d.name for d in out.declarations)
        out.blockers = [b for b in out.blockers if b[0] in out.names]
        for d in found[:3000]:
            try:
                out._relations(text, d)
            except Exception:
                continue
        out._plain_words(text, found)
        return out

    def _plain_words(self, text: str, found) -> None:
        """A declared name written without math delimiters (``Suppose f is linear``, ``sigma is
        the sigmoid``, as plain-text documents write): the words of its sentence block it too."""
        spans = sorted((d.start, d.start + len(d.latex)) for d in found)
        starts = [a for a, _ in spans]
        plain = frozenset(d.name.lstrip("\\") for d in self.declarations)
        for name in sorted({d.name for d in self.declarations}):
            word = name.lstrip("\\")
            if not re.fullmatch(r"[A-Za-z]|[a-z]{2,8}", word):
                continue
            for m in re.finditer(rf"(?<![A-Za-z\\$_^{{]){word}(?![A-Za-z$_^'])", text[:MAX_TEXT]):
                k = bisect.bisect_right(starts, m.start()) - 1
                if k >= 0 and spans[k][0] <= m.start() < spans[k][1] + 1:
                    continue    # inside a formula: read with the formula
                sentence, s0 = _sentence(text, m.start(), m.end())
                words = _PROPERTY.search(_NEGATED.sub(" ", _math_out(sentence)))
                quote = " ".join(sentence.split())[:MAX_QUOTE]
                if words:
                    self.blockers.append((name, m.start(), self._line(m.start()),
                                          f"\"{quote}\" says '{words.group(0)}'", None))
                    continue
                # the allow-list too: "f is the one from Lab 3" says more than "f is smooth"
                more = _unsaid(text[s0:m.start()], [name], plain) or \
                    _unsaid(text[m.end():s0 + len(sentence)], [name], plain)
                if more:
                    self.blockers.append((name, m.start(), self._line(m.start()),
                                          f"\"{quote}\" says more of {name} than that it is any function ('{more}')",
                                          None))

    def _line(self, offset: int) -> int:
        return bisect.bisect_left(self.lines, offset) + 1

    # -- declarations ------------------------------------------------------------------------
    def _inline(self, text: str, d) -> None:
        from .mentions import delimited
        start, end = delimited(text, d.start, d.latex)
        sentence, s0 = _sentence(text, start, end)
        ends = list(_DISPLAY_END.finditer(sentence, 0, start - s0))
        quote = " ".join(sentence[ends[-1].end() if ends else 0:].split())[:MAX_QUOTE]   # after a display in it
        latex = d.latex
        sig = _SIGNATURE.match(latex)
        names_part = sig.group("names") if sig else latex
        names = _names(names_part)
        if names is None:
            self._mentions(text, d, start, end, sentence, s0)
            return
        domain = cod = None
        declared = False
        if sig:
            domain, cod = _set(sig.group("dom")), _set(sig.group("cod"), scalar=True)
            declared = True
        before = " ".join(text[max(0, start - 200):start].split())
        after = " ".join(text[end:end + 200].split())
        if _BEFORE.search(before + " ") or _BEFORE.search(before):
            declared = True
        if _declares_after(before, after):
            declared = True
        words = _PROPERTY.search(_NEGATED.sub(" ", _math_out(sentence)))
        more = _beyond(text, start, end, sentence, s0, names, declared)
        unread = sig is not None and (domain is None or cod is None)
        for name in names:
            if more and not words:
                self.blockers.append((name, start, self._line(start),
                                      f"\"{quote}\" says more of {name} than that it is any function ('{more}')", None))
            if declared:
                self.declarations.append(Declaration(
                    name, quote, self._line(start), start,
                    False if unread else (None if domain in (None, True) else domain),
                    False if unread else (None if cod in (None, True) else cod)))
            if words:
                self.blockers.append((name, start, self._line(start), f"\"{quote}\" says '{words.group(0)}'", None))

    def _mentions(self, text: str, d, start: int, end: int, sentence: str, s0: int) -> None:
        """An inline formula that is not a list of names: the functions it mentions, with the
        words of its sentence (a property said of them) as blockers. A value of one function
        alone (``$f(0)$``, ``$f'(x)$``) is spoken of as the name is: its sentence may say
        nothing beyond the allow-list."""
        quote = " ".join(sentence.split())[:MAX_QUOTE]
        alone = _value_name(d.latex)
        if alone is not None:
            more = _beyond(text, start, end, sentence, s0, [alone], False)
            if more:
                self.blockers.append((alone, start, self._line(start),
                                      f"\"{quote}\" says more of {alone} than that it is any function ('{more}')", None))
        words = _PROPERTY.search(_NEGATED.sub(" ", _math_out(sentence)))
        if not words:
            return
        for name in _mentioned(d.latex):
            self.blockers.append((name, start, self._line(start), f"\"{quote}\" says '{words.group(0)}'", None))

    # -- relations ---------------------------------------------------------------------------
    def _relations(self, text: str, d) -> None:
        from ..parse.chains import steps
        prev = None
        for st in steps(d, None)[:200]:
            head = not st.continued and not (prev is not None and prev.to is st.from_ and prev.lines == st.lines)
            prev = st
            if not head:    # a row of a derivation: algebra on what came before, not a premise
                continue
            key = (st.line, st.from_.strip(), st.to.strip())
            order = st.relation.strip() if st.relation.strip() != "=" else ""
            for name in (_mentioned(st.from_) | _mentioned(st.to)) & self.names:
                if order and self._constraint(name, st, d):
                    continue
                why = _gives(name, st.from_, st.to, order)
                if why:
                    shown = " ".join(f"{st.from_} {st.relation} {st.to}".split())[:80]
                    self.blockers.append((name, d.start, st.line, f"{why} at line {st.line}: {shown}", key))

    def _constraint(self, name: str, st, d) -> bool:
        """``g > 0``, ``\\sigma(x) > 0``, ``f(x) \\in (0, 1)``: a range its values keep."""
        side, other, rel = st.from_.strip(), st.to.strip(), st.relation.strip()
        if not _is_value_of(side, name):
            return False
        bound = _bound(rel, other)
        if bound is None:
            return False
        self.constraints.append((name, d.start, bound, " ".join(f"{side} {rel} {other}".split())))
        return True

    # -- at a step ---------------------------------------------------------------------------
    def at(self, offset: int, step=None) -> dict:
        """{function name: Said} for a step of the display at ``offset``: each function with a
        declaration visible there."""
        key = (step.line, step.from_.strip(), step.to.strip()) if step is not None else None
        out = {}
        for decl in self.declarations:
            if self._visible(decl.offset, offset):
                old = out.get(decl.name)
                if old is None or decl.offset > old.offset:
                    out[decl.name] = decl
        said = {}
        for name, decl in out.items():
            blocked = ""
            if decl.domain is False:
                blocked = f"its domain or range in \"{decl.quote}\" is not read"
            for n, at, _, why, k in self.blockers:
                if n == name and (k is None or k != key) and self._visible(at, offset):
                    blocked = blocked or why
            ranges = tuple((iv, q) for n, at, iv, q in self.constraints if n == name and self._visible(at, offset))
            if decl.range:
                ranges += ((decl.range, decl.quote),)
            said[name] = Said(decl, blocked, decl.domain or None, ranges)
        return said

    def _visible(self, said: int, here: int) -> bool:
        """Whether what is said at offset ``said`` speaks at offset ``here``: the same part, the
        preamble of its question (``Problem 1`` for ``Problem 1(a)``), the preamble of a section
        it is under, or the head of the document (no label yet)."""
        from ..parse.locate import location_at
        a, b = location_at(self.table, said), location_at(self.table, here)
        if a is None or a == b or (b and b.startswith(a) and b[len(a):len(a) + 1] in ("(", ".", " ")):
            return True
        (pa, pre), (pb, _) = location_at(self.sections, said), location_at(self.sections, here)
        return bool(pre) and pb[:len(pa)] == pa


def _sentence(text: str, start: int, end: int) -> tuple:
    """The sentence around text[start:end] and its offset."""
    lo = max(0, start - 400)
    cut = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    a = cut[-1] if cut else lo
    m = _SENTENCE_END.search(text, end, min(len(text), end + 400))
    b = m.start() + 1 if m else min(len(text), end + 400)
    return text[a:b], a


def _beyond(text: str, start: int, end: int, sentence: str, s0: int, names, declared: bool) -> str:
    """What the sentence around the formula text[start:end] (which names ``names``) says of them
    beyond a declaration, or "". A declaring sentence is read without its declaration (the
    quantifier and noun before the names, "be any smooth function" after them)."""
    pre = " ".join(text[s0:start].split())
    post = " ".join(text[end:s0 + len(sentence)].split())
    if declared:
        m = _BEFORE.search(pre + " ") or _BEFORE.search(pre)
        if m:
            pre = pre[:m.start()]
        m = _declares_after(pre, post)
        if m:
            post = (" " + post)[m.end():]
    ends = list(_DISPLAY_END.finditer(pre))
    if ends:      # a display before the names is a step of its own: the sentence goes on after it
        pre = pre[ends[-1].end():]
    return _unsaid(pre, names) or _unsaid(post, names)


def _value_name(latex: str) -> str | None:
    """The function of ``f(x)``, ``f'(0)``, ``f''(t)``: a value of one function (or a
    derivative's) at plain arguments, else None."""
    m = re.fullmatch(r"\s*(.+?)\s*(?:'+|\^\s*\{?\s*(?:\\prime\s*)+\}?)?\s*(?:\\left\s*)?\(\s*[^()]*\s*(?:\\right\s*)?\)\s*", latex)
    return _engine_name(m.group(1)) if m else None


def _unsaid(fragment: str, names, plain=frozenset()) -> str:
    """"" when a piece of a sentence says nothing of the functions ``names`` beyond what a
    declaration says: only words of the allow-list (and ``plain``, names written as words), and
    formulas that are names, a signature over the reals, a range said of one of them or another
    name defined through them (those the relations read). Else the first thing it says more (a
    word or a formula). A display inside the sentence is a step of its own: read up to it."""
    display = _DISPLAY_START.search(fragment)
    if display:
        fragment = fragment[:display.start()]
    words = _NO_WORDS.sub(" ", _NEGATED.sub(" ", _math_out(fragment)))
    definite = _DEFINITE.search(words)
    if definite:
        return " ".join(definite.group(0).split())
    for w in re.findall(r"[A-Za-z]+", words):
        if len(w) > 1 and w.lower() not in _PLAIN_WORDS and w not in plain:
            return w
    for m in _MATH_PIECE.finditer(fragment):
        latex = m.group(1) if m.group(1) is not None else m.group(2)
        if not _plain_math(latex, names):
            return f"${' '.join(latex.split())}$"
    return ""


def _plain_math(latex: str, names) -> bool:
    """Whether a formula beside a declaration says nothing of ``names`` the relations do not read:
    a list of names (``of $x$``), a signature over the reals, a range said of one of them
    (``with $g > 0$``), another name defined through them (``and $h = f \\circ g$``)."""
    if not latex.strip() or _names(latex) is not None:
        return True
    sig = _SIGNATURE.match(latex)
    if sig:
        head = sig.group("names").strip()
        if head:
            return _names(head) is not None and not set(_names(head)) & set(names)
        return _set(sig.group("dom")) is True and _set(sig.group("cod"), scalar=True) is True
    if _DIFFERENTIAL.search(latex):
        return False
    order = _ORDER.match(latex)
    if order and "=" not in latex:
        return _bound(order.group("rel"), order.group("other")) is not None and \
            any(_is_value_of(order.group("side"), n) for n in names)
    sides = latex.split("=")
    return len(sides) == 2 and bool(_DEFINED_SHAPE.match(sides[0])) and \
        not any(_has(sides[0], n) for n in names) and any(_has(sides[1], n) for n in names)


def _math_out(sentence: str) -> str:
    """The words of a sentence: its formulas left out (a ``\\tanh`` there is said by the words
    too, and a formula's letters are no words)."""
    return re.sub(r"\$[^$]*\$|\\\(.*?\\\)", " ", sentence)


def _engine_name(latex: str) -> str | None:
    from .evidence import _whole_name
    from ..planning.plan import function_name
    latex = _CDOT.sub("", latex).strip()
    nm = _whole_name(latex)
    return None if nm is None else function_name(nm.text)


def _names(latex: str) -> list | None:
    """The function names a formula lists (``f, g, h``; ``\\mu(\\cdot)``), else None."""
    parts = [p.strip() for p in latex.split(",")]
    if not parts or len(parts) > 6 or any(not p for p in parts):
        return None
    names = [_engine_name(p) for p in parts]
    return None if any(n is None for n in names) else names


_TOKEN = re.compile(r"\\(?:mathrm|operatorname|mathcal|text)\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z](?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?")
_NOT_NAMES = {"\\frac", "\\dfrac", "\\tfrac", "\\left", "\\right", "\\partial", "\\cdot", "\\circ", "\\to", "\\in",
              "\\mathbb", "\\infty", "\\sum", "\\prod", "\\log", "\\ln", "\\exp", "\\sin", "\\cos", "\\tanh",
              "\\colon", "\\quad", "\\qquad", "\\text", "\\mathrm", "\\le", "\\ge", "\\leq", "\\geq", "\\times",
              "\\mid", "\\nabla", "\\int", "\\sqrt", "\\big", "\\Big", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr",
              "\\mathbf", "\\boldsymbol", "\\hat", "\\bar", "\\tilde", "\\begin", "\\end", "\\max", "\\min"}


@lru_cache(maxsize=4096)
def _mentioned(latex: str) -> frozenset:
    """The names a formula mentions (as the engine would name them as functions), roughly: every
    letter or command token, with its subscript. Used only to find what the text says of a
    declared name, so that a name too many costs nothing."""
    out = set()
    for m in _TOKEN.finditer(latex):
        tok = m.group(0)
        if tok.split("{")[0].strip() in _NOT_NAMES:
            continue
        name = _engine_name(tok)
        if name:
            out.add(name)
            out.add(name.split("_")[0])
    return frozenset(out)


def _has(latex: str, name: str) -> bool:
    return name in _mentioned(latex)


def _gives(name: str, left: str, right: str, order: str) -> str:
    """Why the relation ``left REL right`` gives ``name`` something (a formula, a value, an
    equation it satisfies), or "" when it is a derivation about it (a derivative on a side) or
    the definition of another name through it (``z = \\mu(x) + \\sigma(x) \\epsilon``)."""
    in_l, in_r = _has(left, name), _has(right, name)
    if not (in_l or in_r):
        return ""
    diff = bool(_DIFFERENTIAL.search(left) or _DIFFERENTIAL.search(right))
    if in_l and in_r:
        return "" if diff else f"{name} satisfies an equation"
    other = right if in_l else left
    if order:
        return f"{name} is given a bound"
    if _DIFFERENTIAL.search(other) or (in_r and _DEFINED_SHAPE.match(other)):
        return ""   # z = \mu(x) + \sigma(x) \epsilon, h'(x) = f'(g(x)) g'(x): another name defined
    return f"{name} is given a formula or a value"


def _is_value_of(side: str, name: str) -> bool:
    """``g``, ``g(x)``, ``\\sigma(x)``: the function or its value at names, alone on its side."""
    m = re.match(r"^\s*(.+?)\s*(?:(?:\\left\s*)?\(\s*[^()]*\s*(?:\\right\s*)?\))?\s*$", side)
    return bool(m) and _engine_name(m.group(1)) == name and not _DIFFERENTIAL.search(side)


def _bound(rel: str, other: str) -> Interval | None:
    if rel == "\\in":
        got = _set(other)
        return got if isinstance(got, tuple) else None
    if not _NUMBER.match(other):
        return None
    v = other.strip().replace(" ", "")
    if rel == ">":
        return (v, None, True, True)
    if rel in ("\\ge", "\\geq", "\\geqslant"):
        return (v, None, False, True)
    if rel == "<":
        return (None, v, True, True)
    return (None, v, True, False)


def _set(latex: str, scalar: bool = False):
    """A domain or codomain: True for R (or R^n, unless ``scalar``: the instances are scalar
    functions), an Interval for an interval of R, None when not read."""
    latex = latex.strip()
    if _REALS.match(latex):
        power = re.search(r"\^\s*(?:\{\s*([^{}]*?)\s*\}|([A-Za-z0-9]))", latex)
        return True if not (scalar and power and (power.group(1) or power.group(2)) != "1") else None
    if _POSITIVE_REALS.match(latex):
        return ("0", None, True, True)
    m = _INTERVAL.match(latex)
    if not m:
        return None
    ends = []
    for e in (m.group(2), m.group(3)):
        inf = _INFINITY.match(e)
        if inf:
            ends.append(None)
        elif _NUMBER.match(e):
            ends.append(e.replace(" ", ""))
        else:
            return None
    return (ends[0], ends[1], m.group(1) == "(", m.group(4) == ")")


# -- at the counterexample (run._for_an_instance) -----------------------------------------------

def serves(said: Said, name: str, shown_instance: str, claim, point: dict) -> str:
    """"" when the instance ``shown_instance`` ("u -> 3*exp(-u)") of ``name`` meets what the
    document says of it at the counterexample ``point``: every argument the claim applies it to
    inside its domain, its value there inside each range said. Else why not (the step stays
    undecided). Only the values near those arguments matter: a smooth function equal to the
    instance there and inside the range everywhere exists."""
    if said.domain is None and not said.ranges:
        return ""
    head, _, body = str(shown_instance).partition(" -> ")
    if "," in head:
        return f"the instance of {name} has several arguments; its domain or range is not checked"
    try:
        import sympy as sp
        u = sp.Symbol(head.strip("() "), real=True)
        lam = sp.sympify(body, locals={u.name: u})
        env = _point(claim, point)
        args = [a for e in (claim.lhs, claim.rhs) for a in _arguments(e, name, {})]
        if not args:
            return f"no argument of {name} found in the step"
        from checks.prove.numeric import evaluate
        for a in args:
            x = evaluate(a, env, 128)
            if said.domain is not None and not _inside(x, said.domain):
                return f"the counterexample applies {name} at {x.str(6)}, outside the domain the text says"
            y = evaluate(lam.xreplace({u: a}), env, 128)
            for iv, quote in said.ranges:
                if not _inside(y, iv):
                    return f"the instance of {name} is not certainly within '{quote}' at {x.str(6)}"
    except Exception as exc:   # what cannot be checked is not evidence
        return f"the instance of {name} could not be checked against what the text says ({type(exc).__name__})"
    return ""


def _point(claim, point: dict) -> dict:
    import sympy as sp
    names = {str(s): s for e in (claim.lhs, claim.rhs) for s in getattr(e, "free_symbols", ())}
    return {names[k]: sp.Rational(str(v)) for k, v in point.items() if k in names}


def _arguments(e, name: str, env: dict):
    """The argument of each call of ``name`` in ``e`` (arity one), with the points of the Subs
    around it put in (``Subs(Derivative(f(_x), _x), _x, 3x + 1)``: 3x + 1)."""
    import sympy as sp
    from sympy.core.function import AppliedUndef
    from checks.prove.functions import _DERIVED
    if isinstance(e, sp.Subs):
        inner = dict(env)
        inner.update({v: p.xreplace(env) for v, p in zip(e.variables, e.point)})
        yield from _arguments(e.expr, name, inner)
        for p in e.point:
            yield from _arguments(p, name, env)
        return
    if isinstance(e, AppliedUndef) and _DERIVED.get(e.func, (e.func,))[0].__name__ == name:
        if len(e.args) != 1:
            raise ValueError("several arguments")
        yield e.args[0].xreplace(env)
    for a in getattr(e, "args", ()):
        if isinstance(a, sp.Basic):
            yield from _arguments(a, name, env)


def _inside(x, iv: Interval) -> bool:
    """Whether the ball ``x`` is certainly inside the interval."""
    from flint import arb
    lo, hi, lo_open, hi_open = iv
    if lo is not None:
        a = arb(str(lo))
        if not (x > a if lo_open else x >= a):
            return False
    if hi is not None:
        b = arb(str(hi))
        if not (x < b if hi_open else x <= b):
            return False
    return True
