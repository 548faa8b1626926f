"""What a document declares as data: names that do not depend on the parameters or on the
network's intermediate quantities.

A derivative ``\\partial L / \\partial a`` of a loss written with a name the document never
defines (``y``) is read with that name independent of ``a``; when the document only *says* the
name in words, it may mean a quantity that depends on ``a`` (``p_i`` = the softmax of ``z``), so
the reading carries a doubt (``context.DEPENDS``). Solution documents, though, usually declare
their data, and a reader settles the step from that declaration:

- a training example, pair or sample, a data set: ``a training example (\\mathbf{x}, y)``,
  ``Let $(x^{(i)}, y^{(i)})$ be the training set``, ``data points $(x_i, t_i)$``;
- a role: ``the label $y$``, ``targets $t_k$``, ``the input $\\mathbf{x} \\in \\mathbb{R}^d$``,
  ``$y$ is the true label`` (not ``the input to the second layer``: that is computed);
- a given object: ``for a fixed matrix $A$``, ``For a square matrix $A$``, ``a constant $c$``,
  ``$A$ is a given matrix``;
- a member of a finite set of numbers: ``y \\in \\{0, 1\\}``, ``y \\in \\{-1, 1\\}^K`` (a
  label: no small change of a parameter moves it);
- a draw from a distribution with fixed parameters: ``\\epsilon \\sim \\mathcal{N}(0, I)``.

Such a name stays data only where the document does not contradict it: a name it defines by a
formula (``y = W x``, ``t = \\sigma(w^\\top x)``), differentiates (``\\partial y / \\partial w``) or
uses as a function (``y(x; \\theta)``) in the question of the step or of the declaration is not
data there. A declaration counts in its own question and, made before the first question, in
the whole document. Bold and plain letters are one name (``\\mathbf{x}`` and ``x``), entries and
samples of a datum are data (``y_i``, ``x^{(i)}_j``); a decorated letter is another quantity
(``\\hat{y}`` is the prediction, not the label).

Found once per document by regular expressions over its text (never evaluated).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_TEXT = 300_000   # characters searched (a hostile document is larger; it declares nothing)
MAX_DATA = 200       # declarations kept per document

# a name as the prose writes it: \mathbf{x}, y, x^{(i)}, t_k, \boldsymbol\epsilon, \hat{y}_i
_SCRIPT = r"(?:\s*[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]))"
_LETTER = r"(?:\\[A-Za-z]+\s*\{\s*\\?[A-Za-z]+\s*\}|\\(?:mathbf|boldsymbol|bm|vec|hat|bar|tilde)\s*\\?[A-Za-z]+|\\[A-Za-z]+|[A-Za-z])"
NAME = _LETTER + _SCRIPT + "{0,3}"
_NAMES = rf"{NAME}(?:\s*,\s*{NAME})*"
_TUPLE = re.compile(rf"(?:\\left\s*)?\(\s*({NAME}(?:\s*,\s*{NAME})+)\s*(?:\\right\s*)?\)")
_DATA_NOUN = re.compile(r"\b(?:training|labell?ed|observed)\s+(?:examples?|pairs?|samples?|points?|sets?|instances?|data)\b|"
                        r"\bdata\s*(?:sets?|points?)\b|\bdatasets?\b|\bobservations?\b|"
                        r"(?<!\bfor\s)(?<!\ban\s)\bexamples\b", re.I)   # not "for example", "an example"
# a role noun right before the name: "the label $y$", "targets $t_k$", "the input $\mathbf{x} \in ...$"
_ROLE = r"(?:labels?|targets?|ground[- ]truth|inputs?|observations?|responses?)"
_ROLE_BEFORE = re.compile(rf"(?<![A-Za-z-])(?:(?:true|class|binary|one-hot|target|given|observed|training|network(?:'s)?)\s+)?"
                          rf"({_ROLE})(?:\s+(?:vectors?|values?|variables?|images?))?\s*\$\s*({_NAMES})\s*(?:\\in[^$]*)?\$")
_ROLE_AFTER = re.compile(rf"\$\s*({_NAMES})\s*(?:\\in[^$]*)?\$\s*(?:,\s*)?(?:is|are|be|denotes?|represents?|the)?\s*"
                         rf"(?:(?:the|a|an|its|their)\s+)?(?:(?:true|class|binary|one-hot|correct|given|observed|training)\s+)*"
                         rf"({_ROLE})\b(?!\s*(?:gradients?|layers?|sizes?|dimensions?|spaces?|shapes?|units?|nodes?|weights?|networks?|distributions?))")
# "the input to the second layer", "the label of the node", "we label $z$": not data
_ROLE_NOT = re.compile(r"^\s*(?:to|of|into|at|from|in|coming)\s+(?:the|a|an|each|every|this|that|layer|unit|neuron|node)\b|"
                       r"^\s*(?:network|net|policy|model|function|distribution|layer)\b", re.I)
_COMPUTED_BEFORE = re.compile(r"(?:layer|hidden|unit|neuron|node|gate|cell|activation|block|module|attention|"
                              r"softmax|sigmoid|function|decoder|encoder)(?:'s|s')?\s*$", re.I)
_VERB_BEFORE = re.compile(r"\b(?:we|us|I|to|and)\s*$", re.I)
_GIVEN = re.compile(rf"\b(?:for|let|given|consider|fix|with|take)\s+(?:(?:a|an|any|some|the|every|each|all)\s+)?"
                    rf"((?:(?:fixed|given|constant|square|symmetric|arbitrary|real|invertible|positive|definite|"
                    rf"semi-definite|diagonal|orthogonal|known|non-?singular|full-rank|n\s*\\times\s*n)[-,\s]*)*)"
                    rf"(matri(?:x|ces)|vectors?|scalars?|constants?)\s*\$\s*({_NAMES})\s*(?:\\in[^$]*)?\$", re.I)
# "a small constant $\epsilon > 0$": a bound said with the name is still the name alone
_BOUND = r"(?:(?:>|<|\\[lg]eq?(?![A-Za-z])|\\in(?![A-Za-z]))[^$]{0,40})?"
# "given $h$" is also a preposition ("the output given $h$", h a hidden layer): not a declaration
# "fixed $b$", "fixed weights $c_k$" (one noun between; a fixed point of a map moves with the map)
_FIXED = re.compile(rf"\b(?:fixed|constant)\s+(?:(?!points?\b)[a-z]+\s+)?\$\s*({_NAMES})\s*{_BOUND}\$|"
                    rf"\$\s*({_NAMES})\s*{_BOUND}\$\s*(?:is|are)\s+(?:(?:a|an)\s+)?(?:(?:small|positive|scalar|numerical)\s+)?"
                    rf"(?:fixed|given|constant|known)\b", re.I)
# a hyperparameter named by its role ("focusing parameter $\gamma \ge 0$", "threshold $\delta > 0$",
# "temperature $T$", "learning rate $\eta$"): fixed while the model's variables change ("the
# parameter $w$" alone may be what a derivative is taken by, so it is not one of them)
_HYPER = re.compile(rf"\b(?:hyper-?parameters?|thresholds?|temperatures?|learning\s+rates?|step\s+sizes?|margins?|"
                    rf"(?:focusing|smoothing|regulari[sz]ation|scale|shape|temperature|margin|decay|momentum|"
                    rf"weight[- ]decay)\s+(?:parameters?|coefficients?|constants?|factors?|rates?|strengths?))"
                    rf"\s+\$\s*({_NAMES})\s*{_BOUND}\$", re.I)
# the weight of a penalty, written in a formula: a Greek letter times a squared norm
# (\frac{\lambda}{2} \|\mathbf w\|^2, \lambda \|W\|_F^2, \lambda\, \mathbf w^\top \mathbf w): ridge's and weight
# decay's coefficient, a hyperparameter in every text that writes one
_COEFFICIENT = r"\\(?:lambda|alpha|beta|gamma|mu|eta|rho|kappa|tau|nu|omega|delta|epsilon|varepsilon|theta)(?![A-Za-z])"
_SQUARED_NORM = (r"(?:\\left\s*)?(?:\\\||\\lVert|\\Vert)[^$|]{1,80}?(?:\\right\s*)?(?:\\\||\\rVert|\\Vert)\s*"
                 r"(?:_\s*\{?\s*(?:2|F)\s*\}?\s*)?\^\s*\{?\s*2(?![0-9])"
                 r"|(\\(?:mathbf|boldsymbol|bm)\s*\{?\s*[a-zA-Z]\s*\}?)\s*\^\s*\{?\s*(?:\\top|T)\s*\}?\s*\4(?![A-Za-z_])")
_PENALTY = re.compile(rf"(?:\\[td]?frac\s*\{{\s*({_COEFFICIENT})\s*\}}\s*\{{[^{{}}]{{1,8}}\}}|\\[td]?frac\s*12\s*({_COEFFICIENT})"
                      rf"|({_COEFFICIENT}))\s*(?:\\[,;:! ]\s*|\\cdot\s*)*(?:{_SQUARED_NORM})")
# a sentence that says such a quantity changes: no constant
_MOVES = re.compile(r"\b(?:depend|decay|schedul|learn[te]|train|adapt|var(?:y|ies|ied)|chang|anneal|warm|tun(?:e|ed|ing)\b|"
                    r"updat|grow|shrink|function\s+of)", re.I)
# "for a matrix $W$ of weights" is a parameter; only these words make a quantified object given
_GIVEN_WORDS = {"fixed", "given", "constant", "known"}
_QUANTIFIERS = {"for", "given", "fix"}
_FINITE_SET = re.compile(r"\\in\s*\\\{\s*[-+]?\s*\d+(?:\s*,\s*[-+]?\s*\d+)+\s*\\\}")
_FIXED_DRAW = re.compile(r"\\sim\s*\\mathcal\s*\{?\s*N\s*\}?\s*(?:\\left\s*)?\(\s*(?:\\mathbf\s*\{?\s*0\s*\}?|\\boldsymbol\s*\{?\s*0\s*\}?|0)"
                         r"\s*,\s*(?:\\mathbf\s*\{?\s*I\s*\}?|\\boldsymbol\s*\{?\s*I\s*\}?|I|1|\\mathbb\s*\{?\s*I\s*\}?)(?:_\{?\w+\}?)?\s*(?:\\right\s*)?\)")
_TYPEFACE = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathrm|mathit|pmb)\s*(?:\{\s*(\\?[A-Za-z]+)\s*\}|(\\?[A-Za-z]+))")
_DECORATION = re.compile(r"\\(hat|bar|tilde|widehat|widetilde|overline|underline|check|breve|dot|ddot)\s*(?:\{\s*(\\?[A-Za-z]+)\s*\}|(\\?[A-Za-z]+))")


@dataclass(frozen=True)
class Datum:
    """A name the document declares as data: what it is, said where."""
    name: str        # as written (spaces dropped)
    why: str         # "a training example (\\mathbf{x}, y)"
    line: int
    question: str

    def says(self) -> str:
        return f"{self.name}: {self.why}, line {self.line}"


@dataclass
class Declared:
    data: dict = field(default_factory=dict)     # letter key -> [Datum]

    @classmethod
    def of(cls, text: str, kind: str = "markdown", table=None) -> "Declared":
        from .context import question_of
        from ..parse.locate import labels, location_at
        out = cls()
        if len(text) > MAX_TEXT:
            return out
        try:        # the prescan's labels when it has them already
            table = labels(text, kind) if table is None else table
        except Exception:   # a document the labeller cannot take: no questions, one scope
            table = ([], [])
        plain = re.sub(r"<!--.*?(?:-->|$)", lambda m: " " * len(m.group(0)), text, flags=re.S)
        for start, name, why in _declarations(plain):
            if sum(len(v) for v in out.data.values()) >= MAX_DATA:
                break
            try:
                q = question_of(location_at(table, start))
            except Exception:
                q = ""
            d = Datum(squash(name), why, text.count("\n", 0, start) + 1, q)
            got = out.data.setdefault(key(name), [])
            if not any((g.why, g.question) == (d.why, d.question) for g in got):
                got.append(d)
        return out

    def datum(self, name: str, here: str, evidence=None, dependent=()) -> Datum | None:
        """The declaration that makes ``name`` data in question ``here``, else None (none made
        there, or the document contradicts it: see the module's doc)."""
        from .context import question_of
        here = question_of(here)     # a label (Q1) or its key (1)
        k = key(name)
        found = [d for d in self.data.get(k, ()) if d.question in ("", here)]
        if not found or any(key(n) == k for n in dependent):
            return None
        questions = {here} | {d.question for d in found}
        if evidence is not None and _contradicted(evidence, k, questions):
            return None
        return found[0]


def _contradicted(evidence, k: str, questions: set) -> bool:
    """A formula or function use of any name with the letter key ``k`` in one of ``questions``."""
    for name, clues in list(evidence.clues.items()) + list(evidence.family.items()):
        if key(name.removesuffix("_•")) != k:
            continue
        for c in clues:
            if c.question in questions and (c.kind == "formula" or not c.value):
                return True
    return False


def key(name: str) -> str:
    """The letter a name is of: typeface dropped (``\\mathbf{x}`` is x), sub- and superscripts
    dropped (``x^{(i)}_j`` is x, ``T[...]`` is T), decorations kept (``\\hat{y}`` is not y)."""
    s = squash(name)
    s = re.sub(r"\[.*$", "", s)
    s = _TYPEFACE.sub(lambda m: m.group(1) or m.group(2), s)
    s = _DECORATION.sub(lambda m: f"\\{m.group(1)}{{{m.group(2) or m.group(3)}}}", s)
    cut = re.search(r"[_^]", s)
    return s[:cut.start()] if cut else s


def squash(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _split(names: str) -> list:
    return [n.strip() for n in re.findall(NAME, names) if n.strip()]


def _sentences(text: str):
    """(offset, sentence) of the prose: split at blank lines and at a full stop before a space."""
    for m in re.finditer(r"(?:[^.\n]|\.(?!\s)|\n(?!\s*\n))+", text):
        yield m.start(), m.group(0)


# words that may stand between a data noun and its tuple: "training examples $(x_i, y_i)$",
# "a training pair, denoted $(x, y)$", "let $(x, y)$ be a training example"
_FILLER = {"is", "are", "be", "of", "the", "a", "an", "denoted", "by", "as", "our", "each", "every", "one",
           "single", "given", "in", "from", "let", "written", "we", "have", "with", "set", "consisting"}


def _next_to(s: str, noun: re.Match, t: re.Match) -> bool:
    """Whether the tuple is the data noun's own: only filler words between them ("the network
    computes the pair $(z, h)$" after "for each training example" is not)."""
    gap = s[noun.end():t.start()] if t.start() >= noun.end() else s[t.end():noun.start()]
    if len(gap) > 60:
        return False
    prose = re.sub(r"\\[A-Za-z]+|\$[^$]*\$|[^A-Za-z]+", " ", gap)
    return all(w.lower() in _FILLER for w in prose.split() if len(w) > 1)


def _declarations(text: str):
    """(offset, name, why) of every declaration of data in ``text``."""
    for at, s in _sentences(text):
        noun = _DATA_NOUN.search(s)
        if noun:
            for t in _TUPLE.finditer(s):
                if _next_to(s, noun, t) and not _called(s, t.start()):
                    for n in _split(t.group(1)):
                        yield at + t.start(), n, f"a {noun.group(0).lower()} {squash(t.group(0))}"
        yield from _roles(at, s)
        for m in _GIVEN.finditer(s):
            words = {w.lower() for w in re.findall(r"[A-Za-z-]+", m.group(1))}
            lead = m.group(0).split()[0].lower()
            if words & _GIVEN_WORDS or lead in _QUANTIFIERS:
                # "for a (square) matrix $A$": quantified over, so fixed in what follows; "consider
                # a matrix $W$" may well introduce a parameter
                for n in _split(m.group(3)):
                    yield at + m.start(), n, " ".join(m.group(0).replace("$", " ").split())
        for m in _FIXED.finditer(s):
            for n in _split(m.group(1) or m.group(2)):
                yield at + m.start(), n, "said to be " + ("fixed" if "fixed" in m.group(0) else "given or constant")
        for m in _HYPER.finditer(s):
            if _MOVES.search(s):
                continue    # "the learning rate $\eta_t$ decays with t", "the temperature is learnt"
            for n in _split(m.group(1)):
                yield at + m.start(), n, "a hyperparameter (" + " ".join(m.group(0).split("$")[0].split()) + ")"
    yield from _memberships(text)
    for m in _PENALTY.finditer(text):
        name = m.group(1) or m.group(2) or m.group(3)
        if not _MOVES.search(text[max(0, m.start() - 200):m.start()]):
            yield m.start(), name, "a hyperparameter (the coefficient of a squared norm: a penalty's weight)"


def _called(s: str, k: int) -> bool:
    """Whether the bracket at s[k] follows a name or a bracket: ``f(\\mathbf{x}, \\theta)`` is a
    call, its arguments are no tuple of data."""
    before = re.sub(r"\\left\s*$", "", s[:k]).rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in "})]'")


def _roles(at: int, s: str):
    for m in _ROLE_BEFORE.finditer(s):
        if m.group(1).lower().startswith(("label", "target", "input")) and _VERB_BEFORE.search(s[:m.start()]):
            continue     # "we label $z$ the pre-activation", "to target $q$"
        if _ROLE_NOT.match(s[m.end():]) or _COMPUTED_BEFORE.search(s[max(0, m.start() - 30):m.start()]):
            continue     # "the input $h$ to the second layer", "the layer's input $h^{(1)}$"
        for n in _split(m.group(2)):
            yield at + m.start(), n, f"the {m.group(1).lower()}"
    for m in _ROLE_AFTER.finditer(s):
        if _ROLE_NOT.match(s[m.end():]):
            continue
        for n in _split(m.group(1)):
            yield at + m.start(), n, f"the {m.group(2).lower()}"


def _memberships(text: str):
    """``y \\in \\{0, 1\\}``, ``y_i \\in \\{-1, 1\\}``: a finite set of numbers; ``\\epsilon \\sim
    \\mathcal{N}(0, I)``: a draw with fixed parameters."""
    for pattern, why in ((_FINITE_SET, "takes values in a finite set of numbers"),
                         (_FIXED_DRAW, "a draw from a fixed distribution")):
        for m in pattern.finditer(text):
            before = re.split(r"[$;(]|\\\(|\\q?quad|\\text\s*\{[^{}]*\}|\b(?:for|and|where|with)\b|\\forall",
                              text[max(0, m.start() - 120):m.start()])[-1]
            names = before.strip()
            if not names or not re.fullmatch(rf"{_NAMES}", names):
                continue
            for n in _split(names):
                yield m.start(), n, f"{why} ({squash(names + ' ' + m.group(0))[:60]})"


# --- matrices said to be symmetric ------------------------------------------------------------

_SYM = r"(?:\(\s*)?symmetric(?:\s*\))?"
# "a symmetric matrix $A$", "symmetric positive definite $\Sigma$"
_SYM_BEFORE = re.compile(rf"\bsymmetric\s+(?:(?:positive|negative|semi-?definite|definite|real|square|"
                         rf"n\s*\\times\s*n)[-,\s]*)*(?:matri(?:x|ces)\s+)?\$\s*({_NAMES})\s*(?:\\in[^$]*)?\$", re.I)
# "$A$ is symmetric", "let $H \in \mathbb{R}^{d \times d}$ be the (symmetric) Hessian", "$A$ is a symmetric matrix"
_SYM_AFTER = re.compile(rf"\$\s*({_NAMES})\s*(?:\\in[^$]*)?\$\s*,?\s*(?:is|are|be|denotes?)\s+"
                        rf"(?:(?:a|an|the|some|any)\s+)?(?:(?:real|square|positive|definite)[-,\s]+)*{_SYM}\b", re.I)
# A = A^\top, A^\top = A (in any formula)
_TRANSPOSE = r"\s*\^\s*(?:\{\s*)?(?:\\top|T|\\intercal|\\mathsf\s*\{\s*T\s*\})(?:\s*\})?"
_ALONE = r"(?=\s*(?:$|[,.;:$&)]|\\(?:quad|qquad|text|right|\\)|\band\b))"    # nothing multiplies it
_SELF_TRANSPOSE = re.compile(rf"(?<![A-Za-z\\^_])({NAME})\s*=\s*({NAME}){_TRANSPOSE}{_ALONE}|"
                             rf"(?<![A-Za-z\\^_])({NAME}){_TRANSPOSE}\s*=\s*({NAME}){_ALONE}")


# matrices that are symmetric by what they are, when the text does not say so: "the Hessian $H$",
# "$\Sigma$ is the covariance matrix", "let $K \in ...$ be the Gram matrix"
_NOUN = r"(?:Hessian|covariance|precision|Gram|kernel\s+matrix|second[- ]moment)"
_NOUN_BEFORE = re.compile(rf"\b{_NOUN}(?:\s+matri(?:x|ces))?\s*,?\s*\$\s*({_NAMES})\s*(?:\\in[^$]*)?\$", re.I)
_NOUN_AFTER = re.compile(rf"\$\s*({_NAMES})\s*(?:\\in[^$]*)?\$\s*,?\s*(?:is|are|be|denotes?)\s+"
                         rf"(?:(?:a|an|the|its|our)\s+)?(?:[A-Za-z-]+\s+){{0,2}}?{_NOUN}\b", re.I)


def symmetric(text: str, kind: str = "markdown", nouns: bool = False) -> set:
    """{(question, name, line)} of the matrices the document says are symmetric, in the question
    where it says so ("" for the preamble: every question), from that line on. A Hessian or covariance the text does not
    call symmetric is not in it; with ``nouns``, those instead (the caller doubts a wrong that
    symmetry would mend)."""
    from .context import question_of
    from ..parse.locate import labels, location_at
    if len(text) > MAX_TEXT:
        return set()
    try:
        table = labels(text, kind)
    except Exception:   # a document the labeller cannot take: no questions, one scope
        table = ([], [])
    plain = re.sub(r"<!--.*?(?:-->|$)", lambda m: " " * len(m.group(0)), text, flags=re.S)
    out = set()

    def add(at, names):
        try:
            q = question_of(location_at(table, at))
        except Exception:
            q = ""
        out.update((q, squash(n), text.count("\n", 0, at) + 1) for n in _split(names))
    for at, s in _sentences(plain):
        for m in _GIVEN.finditer(s):
            if re.search(r"symmetric", m.group(1), re.I) and not nouns:
                add(at + m.start(), m.group(3))
        for pattern in ((_NOUN_BEFORE, _NOUN_AFTER) if nouns else (_SYM_BEFORE, _SYM_AFTER)):
            for m in pattern.finditer(s):
                add(at + m.start(), m.group(1))
    if nouns:
        return out
    for m in _SELF_TRANSPOSE.finditer(plain):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if squash(a) == squash(b):
            add(m.start(), a)
    return out
