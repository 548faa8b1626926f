"""The leaves of the computation graph a document writes: names it builds its definitions
from and never computes itself.

A derivative ``\\partial L / \\partial w_1`` read with a name the document never defines (``x``,
``b_2``, ``y``) takes that name as independent of ``w_1``. In general that is a doubt (the
context's ``DEPENDS``): a name said only in words may be anything (``where p is the softmax
output``, an ``s`` the document differentiates but never writes). The names a backprop
derivation starts from, though, are written: ``z = w_1 x + b_1``, ``\\hat y = w_2 h + b_2``,
``L = \\frac12(\\hat y - y)^2`` make x, b_1, b_2, y the inputs of the graph. A name is a *leaf*
when

- it is never given a formula anywhere in the document (display or inline math, either side of
  a relation, an update ``\\leftarrow``, a call ``y(x) = ...``; nor is any name of its letter:
  ``\\mathbf{x}``, ``x_i`` and x are one quantity here),
- it is never differentiated (``\\partial s / \\partial w``, ``\\frac{ds}{dt}``, ``\\nabla_w s``, ``s'``),
  never used as a function (``y(x; \\theta)``, ``y : \\mathbb{R} \\to \\mathbb{R}``),
- the prose never says around it that it is computed (``where $p$ is the softmax output``,
  ``$s$ is the weighted sum``, ``$y$ is a function of $x$``): a list of words near each mention
  of the name in the text, in its sentence and the sentences either side, and
- it is an operand of a definition the document writes (the context checks that when the
  step is read: see ``Context._leaves``).

The first three are found here once per document by regular expressions (never evaluated);
each errs towards *not* a leaf. A leaf read as independent lets a ``holds`` stand (the reading
says so in its assumptions); a ``wrong`` keeps the doubt (a reading assumption never makes
a wrong).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .declared import NAME, key
from ..reading.notation import group_end

MAX_TEXT = 300_000      # characters searched (a hostile document is larger: it has no leaves)
MAX_MATH = 4000         # formulae scanned (a document with more has no leaves)
MAX_MENTIONS = 20_000   # names met in the prose (a document with more has no leaves)
WINDOW = 400            # characters of a sentence either side of a mention looked at

_NAME = re.compile(NAME)
# a relation that gives the name on its left a value or a formula
_GIVES = re.compile(r"\s*&?\s*(?::=|=(?!=)|\\coloneqq|\\triangleq|\\equiv|\\approx|\\leftarrow|\\gets|"
                    r"\\stackrel\s*\{[^{}]*\}\s*\{\s*=\s*\}|\\overset\s*\{[^{}]*\}\s*\{\s*=\s*\})")
# an update or an assignment, anywhere in a formula (w \leftarrow w - \eta g)
_ARROW = re.compile(r"\s*&?\s*(?:\\leftarrow|\\gets|\\coloneqq|:=)(?![A-Za-z])")
# a signature: y : \mathbb{R}^d \to \mathbb{R}
_SIGNATURE = re.compile(rf"({NAME})\s*:\s*(?!=)[^:;=$]{{0,60}}?\\(?:to|rightarrow|mapsto)(?![A-Za-z])")
# a name at the start of a row, a list item or a note, then a relation: given a formula there,
# whatever the chains make of the display (a vector equation, a cases row, an array)
_ROW_GIVES = re.compile(rf"(?:^|\\\\|&|,|;|\\q?quad|\\text\s*\{{[^{{}}]*\}}|"
                        rf"\\(?:mathrm|operatorname)\s*\{{\s*(?:where|with|and|for)\s*\}})\s*({NAME})"
                        rf"\s*(?::=|=(?!=)|\\coloneqq|\\triangleq|\\equiv)")
_MATRIX_SIDE = re.compile(r"\s*(?:\\left\s*)?[(\[]?\s*\\begin\s*\{\s*[pbvBV]?matrix\s*\}")
# a `define` directive gives its name a formula as much as a display does
_DEFINE = re.compile(rf"derivcheck(?:-file)?\s*:[^\n]*?\bdefine\s+({NAME})")
# the value a name is given is a plain number (x = 2, b = -0.5): data, no formula
_NUMBER = re.compile(r"\s*&?\s*[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+)\s*(?:$|[,;.]|\\[,;:! ]|\\q?quad|\\text|\\\\|\\right|[)}$&])")
# a name differentiated: \frac{\partial s}{...}, \partial s / \partial w, d s / d t, \nabla_w s
_DIFF = re.compile(r"\\[dt]?frac\s*\{\s*(?:\\partial|\\mathrm\s*\{?\s*d\s*\}?|d)(?:\s*\^\s*\{?\d\}?)?\s*(?=\S)|"
                   r"\\partial\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+)\s*(?=[A-Za-z\\])|"
                   r"\\partial\s*(?=[A-Za-z\\][^/{}]{0,30}/\s*\\partial)|"
                   r"\\nabla\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*(?=[A-Za-z\\])|"
                   r"(?<![A-Za-z\\])d\s*(?=[A-Za-z\\][^/]{0,30}/\s*d)")
_DERIVATIVE = re.compile(r"\\partial|\\nabla|\\[dt]?frac\s*\{\s*(?:d|\\mathrm\s*\{?\s*d)|'")
_COMMANDS_NOT_NAMES = {"partial", "left", "right", "frac", "dfrac", "tfrac", "mathrm", "nabla", "sum", "prod",
                       "cdot", "big", "Big", "bigg", "Bigg", "quad", "qquad"}

# what the prose says of a name that is computed: an output, an activation, a function of ...
_COMPUTED = re.compile(
    r"\b(?:comput(?:ed|es|ing)|calculated|outputs?|activations?|pre-?activations?|predict(?:ed|ion|ions|s)?|"
    r"logits?|scores?|softmax|sigmoid|tanh|relu|hidden|probabilit(?:y|ies)|posterior|estimat\w*|"
    r"functions?\s+of|depend\w*|determined|given\s+by|obtained|produced?|result(?:s|ing)?|weighted|"
    r"sum\s+of|features?|embeddings?|encod\w*|decod\w*|latent|sampled|inputs?\s+(?:to|of|into)|fed|"
    r"feeds?|passed|transform\w*|normali[sz]\w*|updated?|derived|intermediate|upstream|downstream|"
    r"layer's|unit's|neuron's|network's|model's|states?|sums?|products?\s+of|average\w*|mean|gradients?|"
    r"derivatives?|residuals?|differences?|ratio|loss|cost|objective|in\s+terms\s+of|expressed|defined|"
    r"comes?\s+from|coming\s+from|previous|preceding|returned|returns|yields?|depends)\b", re.I)
# what the prose says of a name that is an input of the graph: a name it mentions must be said to be one
_DATA = re.compile(
    r"\b(?:inputs?|targets?|labels?|weights?|bias(?:es)?|parameters?|constants?|hyper-?parameters?|"
    r"examples?|data|datum|samples?|observations?|given|fixed|learning\s+rate|step\s+size|coefficients?|"
    r"scalars?|vectors?|matrix|matrices|numbers?|reals?|variables?|noise|entries|entry|"
    r"regulari[sz]ation\s+(?:strength|constant|parameter))\b", re.I)
# a heading starts another part: the sentences of one part say nothing of another's names
_HEADING = re.compile(r"^[ \t]*(?:#|\*\*|\\(?:sub)*section|\\paragraph|\\item|(?:Question|Problem|Exercise|Part)\s+\w+[.:)])",
                      re.M | re.I)
# joints of a sentence that start another clause about another name
_CLAUSE = re.compile(r";|:\s|,\s+(?:and|but|while|whereas|with|so|then|or)\b")
# a sentence that goes on about the name before it ("It is the weighted sum of ...")
_BACK = re.compile(r"\s*(?:It|Its|This|These|They|Their|Both|Each|Here\s+it)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z$\\*(])|\n\s*\n|\n\s*#|\n\s*\*\*|\n\s*\\(?:sub)*section")


def letter(name: str) -> str:
    """The letter a name of the reading is of (``declared.key``): ``x`` of ``\\mathbf{x}``, ``x_i``
    and ``x[...]``; ``\\hat{y}`` stays itself."""
    return key(re.sub(r"\[.*$", "", name))


@dataclass
class Written:
    """What the whole document writes of its names that keeps them from being leaves, by letter
    (``letter``): each with the first place it is said (for the tests and a reason)."""
    given: dict = field(default_factory=dict)          # letter -> line: a formula gives it a value
    differentiated: dict = field(default_factory=dict)  # letter -> line: a derivative of it
    computed: dict = field(default_factory=dict)       # letter -> line: the prose says it is computed
    usable: bool = True                                # False: the document was not scanned

    @classmethod
    def of(cls, text: str, kind: str = "markdown", found=None) -> "Written":
        out = cls()
        if len(text) > MAX_TEXT or (found is not None and len(found) > MAX_MATH):
            out.usable = False
            return out
        if found is None:
            from ..parse.extract import displays
            try:
                found = displays(text, kind, inline=True)
            except Exception:
                out.usable = False
                return out
            if len(found) > MAX_MATH:
                out.usable = False
                return out
        for m in _DEFINE.finditer(text):
            out.given.setdefault(letter(m.group(1)), text.count("\n", 0, m.start()) + 1)
        for d in found:
            line = d.first_line
            try:
                out._formula(d, line)
            except Exception:   # a formula the scan cannot split: its names are no leaves
                out.given.update({letter(m.group(0)): line for m in _NAME.finditer(d.latex)})
        out._prose(text, found)
        return out

    def why_not(self, name: str) -> str | None:
        """Why ``name`` is no leaf by what the document writes, or None."""
        if not self.usable:
            return "the document was not scanned"
        k = letter(name)
        for table, says in ((self.given, "given a value by a formula"), (self.differentiated, "differentiated"),
                            (self.computed, "said in words to be computed")):
            if k in table:
                return f"{k} is {says} at line {table[k]}"
        return None

    # -- the mathematics ------------------------------------------------------------------
    def _formula(self, display, line: int) -> None:
        """A name given a formula by a relation (either side, also in a note ``\\text{where } p =
        ...`` or an update ``w \\leftarrow ...``), applied like a function, or differentiated."""
        from ..parse.chains import steps as chain_steps
        latex = display.latex
        for st in chain_steps(display, None)[:400]:
            if st.relation in ("=", ":=", "\\equiv", "\\approx"):
                for side, other in ((st.from_, st.to), (st.to, st.from_)):
                    if side is st.to and (st.continued or _DERIVATIVE.search(other) or _called(other)):
                        continue       # dz/dw_1 = x, f(x) = x, a = ... = x: no formula for x
                    name = _whole(side)
                    if name is not None and not _NUMBER.fullmatch(other):
                        self.given.setdefault(letter(name), st.line)
                    if _MATRIX_SIDE.match(side) and side is st.from_ and not _NUMBER.fullmatch(other):
                        for n in _NAME.finditer(side):     # (a; b) = W x: each entry given
                            if _command(n.group(0)) not in _COMMANDS_NOT_NAMES | {"begin", "end"}:
                                self.given.setdefault(letter(n.group(0)), st.line)
            if st.note:
                self._assignments(st.note, st.line)
        self._assignments(latex, line, arrows_only=True)
        for m in _ROW_GIVES.finditer(latex):
            if _command(m.group(1)) not in _COMMANDS_NOT_NAMES and not _NUMBER.match(latex, m.end()):
                self.given.setdefault(letter(m.group(1)), line + latex.count("\n", 0, m.start()))
        for m in _NAME.finditer(latex):
            name = m.group(0)
            if _command(name) in _COMMANDS_NOT_NAMES:
                continue
            at = line + latex.count("\n", 0, m.start())
            end = _after_call(latex, m.end())
            if end != m.end():     # y(x), f(x; \\theta): a function of something, wherever so written
                self.given.setdefault(letter(name), at)
            if re.match(r"\s*'", latex[end:]) or re.search(r"\\(?:dot|ddot)\s*\{?\s*$", latex[:m.start()]):
                self.differentiated.setdefault(letter(name), at)      # s'(t), \\dot{x}
        for m in _DIFF.finditer(latex):
            n = _NAME.match(latex, m.end())
            if n is not None and _command(n.group(0)) not in _COMMANDS_NOT_NAMES:
                self.differentiated.setdefault(letter(n.group(0)), line + latex.count("\n", 0, m.start()))
        for m in _SIGNATURE.finditer(latex):    # y : \\mathbb{R}^d \\to \\mathbb{R}: a function
            self.given.setdefault(letter(m.group(1)), line + latex.count("\n", 0, m.start()))

    def _assignments(self, latex: str, line: int, arrows_only: bool = False) -> None:
        """``NAME = ...`` (or ``\\leftarrow``, ``\\gets`` only) anywhere in ``latex``."""
        gives = _ARROW if arrows_only else _GIVES
        for m in _NAME.finditer(latex):
            if _command(m.group(0)) in _COMMANDS_NOT_NAMES:
                continue
            g = gives.match(latex, _after_call(latex, m.end()))
            if g and not _NUMBER.match(latex, g.end()):
                self.given.setdefault(letter(m.group(0)), line + latex.count("\n", 0, m.start()))

    # -- the prose --------------------------------------------------------------------------
    def _prose(self, text: str, found) -> None:
        """Each mention of a name in the text (a formula that is only the name, a list of names
        or a membership: ``$x$``, ``$(x, y)$``, ``$t_k \\in \\mathbb{R}$``; or a single letter
        in the words themselves) with a word of ``_COMPUTED`` in its sentence or the sentences
        either side makes the name computed."""
        prose = list(text)
        spans = []
        for d in found:
            lo, hi = d.start, d.start + len(d.latex)
            spans.append((lo, hi, d))
            pad = len(d.delimiter) if d.delimiter in ("$", "$$", "\\[", "\\(") else 0
            lo, hi = max(0, lo - pad), min(len(prose), hi + pad)
            fill = " " if d.inline else "\n"     # a display ends the sentence before it
            prose[lo:hi] = [fill] * (hi - lo)
        prose = "".join(prose)
        prose = re.sub(r"<!--.*?(?:-->|$)", lambda m: " " * len(m.group(0)), prose, flags=re.S)
        prose = re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), prose)
        bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(prose)] + [len(prose)]
        heads = [m.start() for m in _HEADING.finditer(prose)]
        mentions = []
        for lo, hi, d in spans:
            if d.inline and not _a_constant(d.latex, text[max(0, lo - 30):lo]):
                mentions += [(lo, hi, n) for n in _named(d.latex)]
        for m in re.finditer(r"(?<![A-Za-z0-9\\$_^{(])([b-zB-HJ-Z])(?![A-Za-z0-9$')]|\.[A-Za-z])", prose):
            mentions.append((m.start(), m.end(), m.group(1)))     # "where p is the softmax output"
        if len(mentions) > MAX_MENTIONS:    # more than any solution has: no name is taken as a leaf
            self.usable = False
            return
        for lo, hi, n in mentions:
            k = letter(n)
            if k in self.computed:
                continue
            window = _around(prose, bounds, heads, lo, hi)
            if _COMPUTED.search(window) or not _DATA.search(_clause(prose, lo, hi)):
                # said to be computed, or described without a word of data: "the batch statistics
                # $\mu$ and $\sigma$", "where $Z$ is the partition function" may depend on anything
                self.computed[k] = text.count("\n", 0, lo) + 1


def _clause(prose: str, lo: int, hi: int) -> str:
    """The clause of the prose a mention stands in: up to the nearest comma, semicolon, colon or
    sentence end either side, at most 120 characters each way."""
    left = prose[max(0, lo - 120):lo]
    right = prose[hi:hi + 120]
    cut = max(left.rfind(c) for c in ",;:.\n")
    left = left[cut + 1:] if cut >= 0 else left
    ends = [k for k in (right.find(c) for c in ",;:.\n") if k >= 0]
    return left + " " + (right[:min(ends)] if ends else right)


def _after_call(latex: str, k: int) -> int:
    """Past a bracket right after a name when it holds a list or one bare name (``y(x)``,
    ``f(x; \\theta)``: a call by the look of it), else ``k``."""
    j = k
    while j < len(latex) and latex[j] == " ":
        j += 1
    if latex.startswith("\\left", j):
        j += 5
        while j < len(latex) and latex[j] == " ":
            j += 1
    if j >= len(latex) or latex[j] != "(":
        return k
    try:
        end = group_end(latex, j)
    except Exception:
        return k
    inner = latex[j + 1:end - 1].strip()
    inner = re.sub(r"\\right\s*$", "", inner).strip()
    if "," in inner or ";" in inner or "|" in inner or re.fullmatch(NAME, inner) or inner == "\\cdot":
        return end
    return k


def _command(name: str) -> str:
    m = re.match(r"\\([A-Za-z]+)", name)
    return m.group(1) if m else ""


def _called(side: str) -> bool:
    """Whether a side is a name applied to arguments (``f(x)``, ``k(x; \\theta)``)."""
    m = _NAME.match(side.strip())
    return m is not None and _whole(side) is not None and _after_call(side.strip(), m.end()) != m.end()


def _whole(side: str) -> str | None:
    """The name a side of a relation is, alone or applied (``z``, ``\\hat y_i``, ``y(x)``), else None."""
    side = re.sub(r"\\(?:left|right|big|Big)(?![A-Za-z])", "", side).strip().rstrip(",;.").strip()
    m = _NAME.match(side)
    if m is None or _command(m.group(0)) in _COMMANDS_NOT_NAMES:
        return None
    end = _after_call(side, m.end())
    return m.group(0) if side[end:].strip() == "" else None


# "with $\epsilon > 0$", "for a small $\delta > 0$": a positive constant the formulas are written with
_SIGN = re.compile(r"\s*(?:\\[A-Za-z]+|[A-Za-z])\s*(?:>|\\geq?(?![A-Za-z]))\s*0\s*")
_CONSTANT_BEFORE = re.compile(r"\b(?:with|some|small|constant|fixed|any)\s*\$?\s*$", re.I)


def _a_constant(latex: str, before: str) -> bool:
    """Whether an inline formula names a constant by its sign alone, after "with" / "some" /
    "small" (``normalised with $\\epsilon > 0$``): a parameter of the formulas, a leaf of the graph,
    whatever the sentence says is computed (the batch is normalised, not \\epsilon)."""
    return bool(_SIGN.fullmatch(latex)) and bool(_CONSTANT_BEFORE.search(before))


def _named(latex: str) -> list:
    """The names an inline formula is about when it is only names: ``x``, ``(x, y)``,
    ``t_1, \\dots, t_K``, ``y \\in \\{0, 1\\}``, ``\\mathbf{x} \\in \\mathbb{R}^d``; else none."""
    s = re.split(r"\\in(?![A-Za-z])|\\sim(?![A-Za-z])|>|<|\\[lg]eq?(?![A-Za-z])", latex)[0].strip()
    s = re.sub(r"^\\left\s*|\\right\s*(?=\)$)", "", s).strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    out = []
    for part in s.split(","):
        part = part.strip()
        if part in ("\\dots", "\\ldots", "\\cdots", ""):
            continue
        if not re.fullmatch(NAME, part):
            return []
        out.append(part)
    return out


def _around(prose: str, bounds: list, heads: list, lo: int, hi: int) -> str:
    """The clause of a mention (its sentence cut at ``;``, ``:`` and ``, and``-like joints: in
    "the label $y$, and the output $p$" the output is p's), and the next sentence when that
    refers back to it ("It is the weighted sum ..."), within its heading's part."""
    i = max(0, bisect.bisect_right(bounds, lo) - 1)
    start, end = max(bounds[i], lo - WINDOW), min(bounds[min(len(bounds) - 1, i + 1)], hi + WINDOW)
    cuts = [start] + [start + m.end() for m in _CLAUSE.finditer(prose[start:end])] + [end]
    j = max(0, bisect.bisect_right(cuts, lo) - 1)
    start, stop = cuts[j], cuts[min(len(cuts) - 1, j + 1)]
    if stop == bounds[min(len(bounds) - 1, i + 1)] and i + 2 < len(bounds) and _BACK.match(prose, bounds[i + 1]):
        stop = min(bounds[i + 2], stop + WINDOW)
    h = bisect.bisect_right(heads, lo)
    start = max(start, heads[h - 1] if h else 0)
    stop = min(stop, heads[h]) if h < len(heads) else stop
    return prose[start:stop]


@dataclass(frozen=True)
class ReadLeaves:
    """Leaves read as independent of a derivative's variables, shown with the step's reading
    among the facts it used (``probability.Facts.take``); no distribution's mean or variance."""
    names: tuple
    by: str
    lines: tuple
    mean = None
    var = None

    def shown(self) -> str:
        many = len(self.names) > 1
        lines = ", ".join(str(n) for n in self.lines)
        return (f"{', '.join(self.names)} read as {'inputs' if many else 'an input'} independent of {self.by}: "
                f"{'operands' if many else 'an operand'} of the definition{'s' if len(self.lines) > 1 else ''} at "
                f"line{'s' if len(self.lines) > 1 else ''} {lines} that the document never defines")
