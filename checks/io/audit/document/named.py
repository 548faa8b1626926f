"""Functions the prose names in words: ``$g$ is the sigmoid``, ``where $\\sigma(\\cdot)$ is the
logistic sigmoid``, ``Since $g(a(\\mathbf{x}, \\theta))$ is a sigmoid function``, ``with tanh
activation $g$``, ``$\\phi$ denotes the standard normal density``, ``Let $g$ be the ReLU``, ``with
$h$ the ReLU``, ``$g(\\cdot) = \\tanh(\\cdot)$``.

Such a sentence gives the name that function from the start of the sentence on (a ``where``
sentence right after a display, from that display on): the planner records the definition
``g(z) = sigmoid(z)`` there, as if the document had written it (the softmax: the ``let`` of its
components, components.py). Steps that use it list it among the assumptions of their reading,
with the words and their line. How far it reaches:

- in its question, and in the questions after it, where it is a definition made in another
  question (a ``wrong`` that rests on it is doubted there); a later naming or formula replaces it;
- said ``throughout`` or ``from here on``: everywhere after it, as a definition of no question;
- said as a case (``With $h = \\tanh$:``, ``In this question``, ``In the linear case,``): in its
  part of the document only;
- ``a general activation $g$``, ``an arbitrary function $h$``: a naming before it no longer holds.

Only plain wordings name: ``NAME is / denotes / represents / stands for / is chosen (taken,
considered, set, assumed) as / to be [the|a] MEANING [function|activation|...]``, ``let NAME be
MEANING``, ``with / using MEANING activation NAME``, ``with NAME the MEANING``, ``NAME = \\tanh``.
A hedge (``like``, ``similar``, ``e.g.``, ``could``, ``if``, ``when``...) in the clause, a question,
a meaning followed by anything but the end of the clause or a connective (``a sigmoid-shaped``,
``the sigmoid of $z$``, ``the sigmoid's derivative``, ``the identity for $x > 0$``, ``the sigmoid
or the tanh``), the name as the object of a preposition (``the derivative of $g$ is the
sigmoid``) and a name written as more than a name or a call of names (``$\\sigma'(z)$``,
``$h(x) = \\sigma(2x)$``, ``$\\sigma(0)$``) name nothing. A name is only given a function where the
document's mathematics applies it somewhere (``g(...)``, ``g'``): a value said to be "the
sigmoid" is not made a function.

Found once per document by regular expressions over its prose (never evaluated); bounded.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

import sympy as sp

MAX_TEXT = 300_000     # characters searched (a hostile document is larger; it names nothing)
MAX_NAMED = 50         # namings kept per document
MAX_MATCHES = 2000     # matches of one pattern examined (a hostile document repeats a sentence)
ANY = "any function"   # the meaning of "a general activation $g$": no naming before it holds

# meaning -> the words that say it (matched case-insensitively, whole words)
_WORDS = {
    "sigmoid": r"(?:logistic\s+)?sigmoid|logistic",
    "tanh": r"tanh|\$\s*\\tanh\s*\$|hyperbolic\s+tangent",
    "ReLU": r"re\s*lu|rectified\s+linear(?:\s+unit)?|rectifier|ramp\s+function",
    "softplus": r"soft-?plus",
    "identity": r"identity",
    "softmax": r"soft-?max",
    "standard normal density": r"standard\s+(?:normal|gaussian)\s+(?:density|pdf|p\.d\.f\.|probability\s+density)",
    # "the standard normal CDF", "the cumulative distribution function of the standard normal (distribution)"
    "standard normal CDF": r"standard\s+(?:normal|gaussian)\s+(?:cdf|c\.d\.f\.|cumulative\s+distribution|distribution\s+function)"
                           r"|(?:cdf|c\.d\.f\.|(?:cumulative\s+)?distribution\s+function)\s+of\s+(?:the\s+|a\s+)?standard\s+"
                           r"(?:normal|gaussian)(?:\s+distribution)?",
}
_MEANING = "|".join(f"(?P<m{i}>{w})" for i, w in enumerate(_WORDS.values()))
_KEYS = list(_WORDS)

_MATH = r"(?:\$(?P<dollar>[^$\n]{1,120})\$|\\\((?P<paren>[^\n]{1,120}?)\\\))"
# a letter written without math: "g is the output activation" (not the article a, nor I)
_BARE = r"(?<![\w\\$'])(?P<bare>[B-HJ-Zb-z])(?![\w$'(])"
_NAMED = rf"(?:{_MATH}|{_BARE})"
_ART = r"(?:(?:the|a|an|our|its)\s+)?"
_ADJ = r"(?:(?:usual|standard|familiar|well-known|element-?wise|entry-?wise|output|hidden)\s+)*"
_KIND = (r"(?:\s+(?:activation|transfer|squashing|link)\s+functions?"
         r"|\s+(?:functions?|activations?|non-?linearit(?:y|ies)|units?|maps?|mappings?|layers?))?")
# what may follow the meaning: the end of the clause or a connective, nothing that makes it
# part of a longer phrase (sigmoid-shaped, the sigmoid of z, the sigmoid's, the sigmoid or ...)
# ("the identity for $x > 0$", "the sigmoid in the limit": a claim about a region, not a name)
_END = (r"(?=[ \t]*(?:$|\n|[.,;:!?)\]$]|\\\(|\()|\s+(?:and|so|since|because|its|whose|which|then|here|"
        r"now|throughout|we|applied|acting|element-?wise|entry-?wise|instead|rather\s+than)\b)")
# what in the rest of the clause restricts the naming to a region or an approximation
_TAIL_HEDGE = re.compile(r"(?<![A-Za-z])(?:or|nor|vs|versus|except|but|only|near|around|approximately|roughly|"
                         r"asymptotically|locally|up\s+to|in\s+the\s+limit|for\s+(?:large|small|positive|negative)|"
                         r"when|whenever|if|for\s+\$|on\s+\$|on\s+the)(?![A-Za-z])", re.I)
_VERB = (r"(?:,\s*)?\s+(?:is|denotes|represents|stands\s+for|is\s+(?:chosen|taken|considered|set|assumed|defined|"
         r"used)\s+(?:as|to\s+be|to)|will\s+be)\s+")
_IS = re.compile(rf"{_NAMED}{_VERB}{_ART}{_ADJ}(?:{_MEANING}){_KIND}{_END}", re.I)
_LET = re.compile(rf"\b(?:let|letting|take|taking|choose|choosing|set|setting|assume|suppose)\s+{_NAMED}\s+"
                  rf"(?:be|to\s+be|as|to)\s+{_ART}{_ADJ}(?:{_MEANING}){_KIND}{_END}", re.I)
_WITH = re.compile(rf"\b(?:with|using|use|uses|choose|chose|pick)\s+{_ART}{_ADJ}(?:{_MEANING})\s+"
                   rf"(?:activation|transfer)?\s*(?:functions?|activations?|non-?linearit(?:y|ies))?\s*{_NAMED}"
                   rf"(?=\s*(?:$|[.,;:!?)]|\b(?:and|for|in|at|on|so|which|as)\b))", re.I)
# "$g$, the logistic sigmoid, ...", "the ReLU activation $g$", "the logistic function $\phi$"
_APPOSITION = re.compile(rf"{_NAMED}\s*,\s*(?:the|our)\s+{_ADJ}(?:{_MEANING}){_KIND}\s*,", re.I)
_THE = re.compile(rf"\bthe\s+{_ADJ}(?:{_MEANING})\s+(?:activation|function|non-?linearity|transfer\s+function)"
                  rf"(?:\s+function)?\s*{_NAMED}(?=\s*(?:$|[.,;:!)]|\b(?:and|to|in|at|is|of|so|which)\b))", re.I)
# "with $h$ the ReLU", "with $g$ being the sigmoid"
_WITH_NAME = re.compile(rf"\bwith\s+{_NAMED}\s+(?:being\s+)?(?:the|a|an)\s+{_ADJ}(?:{_MEANING}){_KIND}{_END}", re.I)
# a function set equal to one in the mathematics: $g = \tanh$, $g(\cdot) = \sigma(\cdot)$, $g = \mathrm{ReLU}$
_DOT = r"(?:\s*\(\s*\\cdot\s*\))"
_FUNCTION = {r"\\tanh": "tanh", r"\\sigma": "sigmoid",
             r"\\(?:mathrm|operatorname|text)\s*\{\s*(?:sigmoid|logistic)\s*\}": "sigmoid",
             r"\\(?:mathrm|operatorname|text)\s*\{\s*(?:tanh)\s*\}": "tanh",
             r"\\(?:mathrm|operatorname|text)\s*\{\s*(?:ReLU|relu|ReLu|Relu)\s*\}": "ReLU",
             r"\\(?:mathrm|operatorname|text)\s*\{\s*(?:softplus)\s*\}": "softplus",
             r"\\max\s*\(\s*0\s*,\s*\\cdot\s*\)": "ReLU"}
_EQUAL = re.compile(r"\$\s*(?P<dollar>(?:\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*(?:\{[A-Za-z0-9]{1,4}\}|[A-Za-z0-9]))?)"
                    rf"(?P<dot>{_DOT})?\s*=\s*(?P<fn>{'|'.join(f'(?:{k})' for k in _FUNCTION)})(?P<dot2>{_DOT})?\s*\$")
# a name introduced as any function again: "for a general activation $g$", "an arbitrary
# differentiable function $h$" (the meaning "any": a naming before it no longer holds)
_ANY = re.compile(rf"\b(?:(?:a|an|any|arbitrary|general|generic|some|other)\s+(?:(?:arbitrary|general|generic|"
                  rf"differentiable|smooth|non-?linear|other|scalar|element-?wise|entry-?wise|activation)\s+)*"
                  rf"(?:activation|function|non-?linearity|map)(?:\s+function)?|any|arbitrary|general|generic)\s*{_NAMED}",
                  re.I)
# words that make a naming hold for the rest of the document, in every question after it
_EVERYWHERE = re.compile(r"(?<![A-Za-z])(?:throughout|from\s+(?:here|now)\s+on|for\s+the\s+rest\s+of|"
                         r"in\s+(?:all|every)\s+(?:the\s+)?(?:questions?|problems?|parts?|exercises?))(?![A-Za-z])", re.I)
# words that make a naming one case of the part it is in, not the meaning for what follows
_CASE = re.compile(r"(?<![A-Za-z])(?:for|with|taking|case|in\s+this\s+(?:question|part|exercise|problem|section)|"
                   r"for\s+[A-Za-z][\w\s-]{0,30},)\s*(?:,\s*)?$", re.I)
# what makes a clause no naming: a hedge, a condition, a comparison, a negation
_HEDGE = re.compile(r"(?<![A-Za-z])(?:if|whether|when|whenever|unless|like|similar|such\s+as|e\.\s?g\.|for\s+(?:example|"
                    r"instance)|could|would|might|may|can|not|approximately|roughly|resembl\w*|"
                    r"behaves?|either|neither|compare|versus|vs|"
                    # a claim about the name, not a naming: "shows that $f$ is the sigmoid", "hence $g$ is"
                    r"show(?:s|n|ing)?\s+that|prov(?:e|es|ed|en|ing)|hence|therefore|thus|so)(?![A-Za-z])", re.I)
_CLAUSE_START = re.compile(r"[.;:!?]\s|\n\s*\n|^")
# a name as the reader spells it, optionally applied to names: g, \sigma, \mathrm{act}, g_1,
# g(\cdot), g(a(\mathbf{x}, \theta)); nothing else (no prime, power, relation or number)
_CALLEE = re.compile(r"\s*(\\(?:mathrm|operatorname|text|mathit)\s*\{[A-Za-z]{1,12}\}|\\[A-Za-z]+|[A-Za-z])"
                     r"(\s*_\s*(?:\{[A-Za-z0-9]{1,4}\}|[A-Za-z0-9]))?\s*")
_ARGUMENT = re.compile(r"[A-Za-z\\{}\s,;()_^]*")


@dataclass(frozen=True)
class Named:
    """A function the prose names: from offset ``start`` on, ``name`` is ``meaning``."""
    name: str          # as the reader spells it (g, \\sigma, \\phi)
    meaning: str       # a key of _WORDS
    start: int         # offset in the text from which it applies
    line: int
    quote: str         # the words that say it, one line, short
    location: str | None = None     # the document's label where it is said (its question)
    said_at: int = -1                 # offset of the words themselves (their location is the naming's)
    everywhere: bool = False          # "throughout", "from here on": for the rest of the document
    case: bool = False                # a case ("with $h = \\tanh$", "For $g$ the ReLU"): for its part only
    alias: str | None = None          # the F of "$g = F$" as the reader spells it (its library meaning)

    def shown(self) -> str:
        return f"{self.name} read as the {self.meaning}: '{self.quote}', line {self.line}"

    def body(self, z: sp.Symbol):
        """The function's value at ``z``, None for the softmax (a vector function: a `let`)."""
        from checks import dl
        return {"sigmoid": lambda: dl.sigmoid(z), "tanh": lambda: sp.tanh(z), "ReLU": lambda: dl.relu(z),
                "softplus": lambda: dl.softplus(z), "identity": lambda: z,
                "standard normal density": lambda: sp.exp(-z ** 2 / 2) / sp.sqrt(2 * sp.pi),
                "standard normal CDF": lambda: (1 + sp.erf(z / sp.sqrt(2))) / 2,
                }.get(self.meaning, lambda: None)()


def named(text: str, kind: str = "markdown", found=()) -> list:
    """The namings of ``text`` in the order they apply. ``found``: the document's displays
    (``extract.displays(..., inline=True)``); the formulae shown as displays are no prose."""
    if len(text) > MAX_TEXT:
        return []
    doc = _Prose(text, found)
    out = []
    for pattern in (_IS, _LET, _WITH, _WITH_NAME, _APPOSITION, _THE, _EQUAL, _ANY):
        for k, m in enumerate(pattern.finditer(doc.text)):
            if k >= MAX_MATCHES:
                break
            got = _naming(doc, m)
            if got is not None:
                out.append(got)
    out.sort(key=lambda n: (n.start, n.said_at))
    # two patterns may read one sentence ("use the ReLU nonlinearity $g$"): one naming
    seen = set()
    out = [n for n in out if (n.name, n.meaning, n.start) not in seen and not seen.add((n.name, n.meaning, n.start))]
    if not out:
        return []
    table = _labels(text, kind)
    return [replace(n, location=_location(table, n, doc)) for n in out[:MAX_NAMED]]


class _Prose:
    """The text as prose (comments and block displays blanked, offsets kept), with what the
    namings ask of it: the names the mathematics applies, the block displays in order (start,
    end with delimiters, display), and the line of an offset."""

    def __init__(self, text: str, found):
        from ..parse.extract import _Lines
        plain = re.sub(r"<!--.*?(?:-->|$)", lambda m: " " * len(m.group(0)), text, flags=re.S)
        self.blocks = sorted(((*_with_delimiters(plain, d), d) for d in found if not d.inline),
                             key=lambda b: b[:2])
        self.ends = [hi for _, hi, _ in self.blocks]
        chars = list(plain)
        for lo, hi, _ in self.blocks:
            for i in range(lo, min(hi, len(chars))):
                if chars[i] != "\n":
                    chars[i] = " "
        self.text = "".join(chars)
        self.applied = _applied(found)
        self.lines = _Lines(text)

    def block_before(self, at: int):
        """(start, end, display) of the last block display that ends at or before ``at``, or None."""
        k = bisect.bisect_right(self.ends, at)
        return self.blocks[k - 1] if k else None


def _labels(text: str, kind: str):
    from ..parse.locate import labels
    try:
        return labels(text, kind)
    except Exception:    # a document the labeller cannot take: no questions
        return None


def _location(table, n: Named, doc: _Prose) -> str | None:
    """The label of a naming: its display's when it applies from one ("$$...$$ where $g$ is the
    ReLU"), else the label in force where its words are."""
    for _, _, d in doc.blocks:
        if d.start == n.start:
            return d.location
    from ..parse.locate import location_at
    return location_at(table, max(n.said_at, n.start)) if table is not None else None


_OPENS = re.compile(r"(?:\$\$|\\\[|\\begin\s*\{[A-Za-z*]{1,20}\})\s*$")
_CLOSES = re.compile(r"\s*(?:\$\$|\\\]|\\end\s*\{[A-Za-z*]{1,20}\})")


def _with_delimiters(text: str, d) -> tuple:
    """(start, end) of a display with its delimiters (its ``start`` and ``latex`` are the inside)."""
    end = d.start + len(d.latex)
    opens = _OPENS.search(text, max(0, d.start - 40), d.start)
    closes = _CLOSES.match(text, end)
    return (opens.start() if opens else d.start), (closes.end() if closes else end)


def _naming(doc: _Prose, m: re.Match) -> Named | None:
    name, meaning = _said(m, doc.applied)
    if name is None or meaning is None or (name == "\\sigma" and meaning == "sigmoid"):
        return None     # (the reader's own sigmoid already)
    if name not in doc.applied:
        return None     # never applied to anything: a value said in words, not a function
    prose = doc.text
    quote, line = " ".join(m.group(0).split())[:80], doc.lines.at(m.start())
    if meaning == ANY:  # no hedge makes a function less known
        return Named(name, ANY, m.start(), line, quote, said_at=m.start())
    tail = re.match(r"[^.;!?\n]*([.;!?\n]|$)", prose[m.end():m.end() + 200])
    if _hedged(prose, m, tail):
        return None
    block = doc.block_before(m.start())   # a naming never reaches back over a display on its own
    first = max(_sentence_start(prose, m.start()), block[1] if block else 0)
    case = m.re is _WITH_NAME or bool(_CASE.search(prose[max(0, m.start() - 40):m.start()]))
    words = prose[first:m.start()] + (tail.group(0) if tail else "")
    return Named(name, meaning, _where_after_display(doc, first), line, quote,
                 said_at=m.start(), everywhere=not case and bool(_EVERYWHERE.search(words)), case=case,
                 alias=_name(m.group("fn")) if m.re is _EQUAL else None)


def _said(m: re.Match, applied: set) -> tuple:
    """(name, meaning) of a match of one of the patterns; None for what they cannot tell."""
    if m.re is _EQUAL:
        return _name(m.group("dollar")), _equal_meaning(m, applied)
    name = _name(m.group("dollar") or m.group("paren") or m.group("bare"))
    if m.re is _ANY:
        return name, ANY
    return name, next((_KEYS[i] for i in range(len(_KEYS)) if m.group(f"m{i}")), None)


def _hedged(prose: str, m: re.Match, tail) -> bool:
    """A hedge or condition in the clause, a question, several meanings or a region after it,
    or the name as the object of a preposition ("the derivative of $g$ is the sigmoid": a claim
    about something of g; "from here on $g$ is" is none)."""
    starts = [c.end() for c in _CLAUSE_START.finditer(prose, max(0, m.start() - 160), m.start() + 1)]
    clause = prose[starts[-1] if starts else max(0, m.start() - 160):m.start()]
    if _HEDGE.search(clause) or _HEDGE.search(m.group(0)):
        return True
    if tail and (tail.group(1) == "?" or _TAIL_HEDGE.search(tail.group(0))):
        return True
    before = prose[max(0, m.start() - 12):m.start()]
    return m.re is _IS and bool(_PREPOSITION.search(before)) and not re.search(r"(?:here|now|then)\s+on\s*$", before, re.I)


_PREPOSITION = re.compile(r"(?<![A-Za-z])(?:of|to|by|from|at|on|than|into|over|under|between|with|in)\s*$", re.I)


def _name(written: str | None) -> str | None:
    """The name of ``g``, ``g(\\cdot)``, ``g(a(\\mathbf{x}, \\theta))`` as the reader spells it;
    None for anything else (a prime, a power, a relation, a number in the arguments)."""
    if written is None:
        return None
    m = _CALLEE.match(written)
    if m is None:
        return None
    rest = written[m.end():].strip()
    if rest:
        rest = re.sub(r"\\left\s*\(|\\right\s*\)", lambda t: t.group(0)[-1], rest)
        if not (rest.startswith("(") and rest.endswith(")") and _balanced(rest)):
            return None
        if not _ARGUMENT.fullmatch(rest) or re.search(r"\d", re.sub(r"_\s*(?:\{[^{}]*\}|\w)", "", rest)):
            return None     # \sigma(0), \sigma(2x): a value at a point, not the function
    from ..parse.directives import _as_read
    callee = m.group(1) + re.sub(r"\s+", "", m.group(2) or "")
    if callee.startswith("\\") and callee[1:] in ("cdot", "left", "right", "quad", "text"):
        return None
    try:
        return _as_read(callee)
    except Exception:
        return None


def _balanced(s: str) -> bool:
    depth = 0
    for i, ch in enumerate(s):
        depth += (ch == "(") - (ch == ")")
        if depth < 0 or (depth == 0 and i < len(s) - 1):
            return False
    return depth == 0


def _applied(found) -> set:
    """Names the document's mathematics applies (``g(``, ``g'``, ``\\sigma\\left(``), spelt as
    the reader spells them."""
    out = set()
    pattern = re.compile(r"(?<![A-Za-z\\])(\\(?:mathrm|operatorname|text|mathit)\s*\{[A-Za-z]{1,12}\}|\\[A-Za-z]+|"
                         r"[A-Za-z])(\s*_\s*(?:\{[A-Za-z0-9]{1,4}\}|[A-Za-z0-9]))?\s*(?:'|\\left\s*\(|\()")
    from ..parse.directives import _as_read
    for d in found:
        for m in pattern.finditer(d.latex):
            try:
                out.add(_as_read(m.group(1) + re.sub(r"\s+", "", m.group(2) or "")))
            except Exception:
                continue
    return out


def _equal_meaning(m: re.Match, applied: set) -> str | None:
    """The meaning of ``$g = \\tanh$``: both sides bare, or both applied to ``\\cdot``; ``\\sigma``
    only where the document applies it (elsewhere it may be a number: $s = \\sigma$)."""
    if bool(m.group("dot")) != bool(m.group("dot2")) and not m.group("fn").startswith("\\max"):
        return None
    fn = m.group("fn")
    if fn.strip() == "\\sigma" and "\\sigma" not in applied:
        return None
    return next((v for k, v in _FUNCTION.items() if re.fullmatch(k, fn)), None)


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")


def _sentence_start(prose: str, at: int) -> int:
    """Where the sentence around offset ``at`` starts (at most 600 characters back): "The output
    is $f = h(a)$ with $h$ the ReLU" names h for the whole sentence. (The caller also stops at a
    display: "$$g'(0) = 1/4$$ Now $g$ is the identity" does not name for the display before it.)"""
    lo = max(0, at - 600)
    ends = [e.end() for e in _SENTENCE_END.finditer(prose, lo, at)]
    return ends[-1] if ends else (0 if lo == 0 else at)


def _where_after_display(doc: _Prose, first: int) -> int:
    """``$$ y = g(Wx) $$ where $g$ is the ReLU``: a sentence that opens with "where" right after
    a display names for that display too; any other naming applies from its sentence on."""
    block = doc.block_before(first)
    if block is None:
        return first
    gap = doc.text[block[1]:first]
    if re.fullmatch(r"[\s,.]*", gap) and re.match(r"\s*(?:where|with|here)\b", doc.text[first:], re.I):
        return block[2].start
    return first


def apply(named: Named, ctx, made=()) -> object | None:
    """Give ``named.name`` its meaning in ``ctx`` from here on: a definition ``g(z) = ...`` (the
    Definition, to recognise it in the steps that use it), or for the softmax the ``let`` of its
    components (the let's key). None when the document settles the name otherwise. ``made``:
    the (Definition, Named) pairs made so far; a name said to be any function drops its own."""
    if named.meaning == ANY:
        if any(ctx.functions.get(named.name) is d for d, _ in made):
            ctx.functions.pop(named.name, None)
        return None
    if named.meaning == "softmax":
        return _softmax(named, ctx)
    if named.name in ctx.values:
        return None      # the document gave it a value: a function said in words is not that name
    if named.alias is not None and _own_meaning(named.alias, ctx):
        return None      # $g = \\sigma$ where the document says what sigma is: not the library's sigma
    own = ctx.functions.get(named.name)
    if own is not None and not any(own is d for d, _ in made):
        return None      # the document wrote its formula: words about it are a claim, not its meaning
    z = sp.Symbol("z", real=True)
    if named.name in ctx.lets and ctx.lets[named.name] != "function":
        return None      # a `let` directive settles it
    # said for the rest of the document: a definition of no one question (used without the doubt
    # of a definition made in another question)
    where = None if named.everywhere else named.location
    return ctx.define(named.name, (z,), named.body(z), where, named.line, prose=True)


def _own_meaning(name: str, ctx) -> bool:
    """Whether the document has given ``name`` a meaning of its own by now (a formula, a value,
    a `let`): then it is not the library function of that spelling."""
    return name in ctx.functions or name in ctx.values or name in ctx.lets


def _softmax(named: Named, ctx):
    """``$S$ is the softmax``: the components ``S(\\mathbf{z})_i`` are the softmax's (as where the
    document defines them entrywise, components.py), in its question; read in another question,
    with that doubt. The vector S(z) itself stays what the document makes of it."""
    from ..reading.components import SOFTMAX_ENTRIES, entries_key
    from .context import question_label
    key = entries_key(named.name)
    where = {q for q in ctx.lets.get(key + " defined in", "").split(", ") if q} \
        if ctx.lets.get(key) == SOFTMAX_ENTRIES else set()
    ctx.lets[key] = SOFTMAX_ENTRIES
    ctx.lets[key + " defined in"] = ", ".join(sorted(where | {question_label(named.location)}))
    return key


def expire(ctx, made: list, location) -> None:
    """A case named for one part of the document ends where that part does (at a display of
    another location): the name is unknown again, unless the document has redefined it. (A
    softmax named so keeps its components' reading, doubted outside its question.)"""
    for d, n in made:
        if n.case and not _within(location, n.location) and not isinstance(d, str) \
                and ctx.functions.get(n.name) is d:
            ctx.functions.pop(n.name, None)


def _within(location, part) -> bool:
    """Whether ``location`` lies in the document's ``part`` (Q3(a) in Q3, 1.4 in 1; any in none)."""
    if not part:
        return True
    location = location or ""
    return location == part or (location.startswith(part) and location[len(part)] in "(.")


def made(ctx, name: str, pairs: list) -> bool:
    """Whether ``name`` has the meaning a naming gave it (``pairs``: (Definition, Named))."""
    return any(ctx.functions.get(name) is d for d, _ in pairs)


def shown(used, made: list, latex: str = "") -> list:
    """The namings a step uses, as its reading shows them: those among the definitions ``used``
    (``Context.used``), and a softmax named in words whose components the step's ``latex`` writes."""
    out = []
    for d, n in made:
        if isinstance(d, str):
            if re.search(rf"(?<![A-Za-z\\]){re.escape(n.name)}\s*(?:\\left\s*)?\(", latex):
                out.append(n.shown())
        elif any(u is d for u in used):
            out.append(n.shown())
    return out
