"""Hypotheses a question states, used as facts by the steps after them.

A proof states a hypothesis and then uses it: "suppose $\\mathbf v \\cdot \\mathbf x_i = 0$ for every
$i$", then ``\\sum_i \\alpha_i (\\mathbf v \\cdot \\mathbf x_i) = \\sum_i \\alpha_i \\cdot 0``. Read alone,
that step is an identity in an unknown dot product and cannot hold; read with the hypothesis it
does. A fact here is an equation, inline or displayed, in a sentence that introduces it as given
(suppose, assume, given, since, we know, the hypothesis) with no conclusion word between the cue
and the formula ("since $x = 2$, we get $y = 4$": y = 4 is derived, not given).

A fact is used by substitution: its one side that is a name (an unknown, an opaque value such as
``\\mathbb E[g]``, the entries of an array when the fact is said for every index) or a sum
(``\\sum_i p_i = 1``) is replaced by the other side in the step, after the step's definitions are
expanded. Substitution keeps every identity an identity, so a step that holds with the fact
holds wherever the fact does. A step that is wrong after the substitution is not called wrong
(run.py): the question may state more than this fact (``\\mathbf v`` a combination of the
``\\mathbf x_i``), which may rule the counterexample out; it stays undecided, naming the fact.

Facts never cross into another question (``context.question_of``). A fact whose names have a
definition is left to the definition; a fact over a range of indices (``\\forall 0 < i \\le d``)
is used only inside sums over exactly that range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from .context import is_statement, question_of, within_part
from ..reading import ranges
from .parts import PART_ONLY, part_text
from ..reading.read import NotRead

_CUE = re.compile(r"\b(?:suppose|supposing|assume|assuming|assumed|given|since|we know|known that|"
                  r"(?:by|from|under) (?:the |our |this )?(?:hypothes[ie]s|assumptions?)|"
                  r"the hypothes[ie]s (?:is|are|says|say|gives|that))\b", re.I)
# the cues of a hypothesis proper: a display they introduce is not the document's claim (a
# "since" or "we know" display, or a "given" identity, may be one, and may be wrong)
_STRONG = re.compile(r"\b(?:suppose|supposing|assume|assuming|assumed|hypothes[ie]s|assumptions?)\b", re.I)
_NEAR = 8       # words at most between the cue and the formula it gives
# words after which the formula is what the text derives, not what it is given
_CONCLUDES = re.compile(r"\b(?:then|so|hence|thus|therefore|we get|we have|we obtain|gives?|yields?|"
                        r"implies|it follows|show|prove|compute|find|derive)\b", re.I)
# "Let $y$ be a one-hot label, so $\sum_i y_i = 1$": what the sentence's own hypothesis, said in
# words, gives at once. Only after "let ... be" with no relation written before the "so" ("Let
# $z = Wx$, so $\partial z / \partial x = W$" derives a claim from a definition: not a fact)
_SO_OF_A_LET = re.compile(r"^\s*let\s+(?:\$[^$=<>]*\$|[^$.;:])*?\bbe\b[^$.;:]*?,?\s*\bso(?:\s+that)?\s*$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\\$*])|\n\s*\n(?=\s*[^\s$\\])")
_OTHER_RELATION = re.compile(r"\\(?:le|ge|leq|geq|neq|ne|approx|sim|in|propto|Rightarrow|implies|iff|to)\b|[<>]")
_FORALL = re.compile(r",?\s*(?:\\quad\s*)?(?:\\forall|\\text\{\s*for (?:all|every|each)\s*\}|\\;\\forall)")
# "for every $i$" then the end of the clause: every index ("for every $i > k$", "for every $i$ but the
# first" restrict it, and are not read here)
_WORD_QUANTIFIER = re.compile(
    r"^\s*,?\s*(?:for\s+(?:every|all|each|any)|\\forall)\s*(?:index\s+)?(?:\$\s*([a-z])\s*\$|([a-z]))"
    r"(?=\s*(?:$|[.,;:!?)]|\n|then\b|and\b|we\b|so\b|hence\b|thus\b))", re.I)
@dataclass(frozen=True)
class Fact:
    """One equation the question gives: ``lhs = rhs`` as written, at ``line``, in ``question``;
    ``letter``: the index it is said for every value of (None: said of itself alone);
    ``span``: (lo, hi) LaTeX of the range of that index, or None for every index."""
    lhs: str
    rhs: str
    line: int
    question: str
    letter: str | None = None
    span: tuple | None = None

    def shown(self) -> str:
        said = f" for every {self.letter}" if self.letter and self.span is None else (
            f" for {self.span[0]} <= {self.letter} <= {self.span[1]}" if self.letter else "")
        return f"{self.lhs.strip()} = {self.rhs.strip()}{said} (line {self.line})"


# -- finding the facts ----------------------------------------------------------------------------
def _sentence_before(text: str, start: int) -> str:
    """The words of the sentence before offset ``start`` (the opening delimiter dropped)."""
    piece = re.sub(r"(?:\$\$|\$|\\\[|\\\(|\\begin\{[A-Za-z*]+\})\s*$", "", text[max(0, start - 400):start])
    # a directive (<!-- derivcheck: assume y < 0 -->, % derivcheck: ...) is no sentence of the text
    piece = re.sub(r"<!--.*?-->|^[ \t]*%[^\n]*$", " ", piece, flags=re.S | re.M)
    ends = [m.end() for m in re.finditer(r"\$\$|\\\]|\\end\{[A-Za-z*]+\}", piece)]
    piece = piece[ends[-1]:] if ends else piece     # the sentence starts after the display before
    parts = [p for p in _SENTENCE_END.split(piece.rstrip()) if p and p.strip()]
    return parts[-1] if parts else ""


def introduced_as_given(text: str, display, strong: bool = False) -> bool:
    """The sentence before ``display`` gives it: a cue word, and no conclusion word after the cue
    (only other formulas of the same list may stand between: "suppose $a = 1$, $b = 2$").
    ``strong``: the cue says hypothesis (suppose, assume), not only a reason (since, given)."""
    sentence = _sentence_before(text, display.start)
    if not strong and _SO_OF_A_LET.search(sentence):
        return True
    cues = list(_CUE.finditer(sentence))
    if not cues or (strong and not _STRONG.search(cues[-1].group(0))):
        return False
    after = re.sub(r"\$[^$]*\$", " ", sentence[cues[-1].end():]).strip().rstrip(":").strip()
    if _CONCLUDES.search(after) or len(re.findall(r"[A-Za-z]+", after)) > _NEAR:
        return False
    # a display comes right after its cue ("Given that", "Suppose"); an inline formula may
    # follow others of the same list ("suppose $a = 1$, $b = 2$")
    return display.inline or re.search(r"[,;.]", after) is None


def _split(latex: str) -> tuple | None:
    """(lhs, rhs, quantifier text or None) of ``lhs = rhs`` or ``lhs = rhs, \\forall ...``."""
    body = latex.strip().rstrip(".,;").strip()
    quantifier = None
    m = _FORALL.search(body)
    if m is not None:
        body, quantifier = body[:m.start()], body[m.end():]
    body = re.sub(r"\\tag\{[^{}]*\}", "", body).strip().rstrip(",.").strip()
    at = _top_level_equals(body)
    if len(at) != 1 or _OTHER_RELATION.search(body) or "\\\\" in body or "&" in body:
        return None
    lhs, rhs = body[:at[0]], body[at[0] + 1:]
    if not lhs.strip() or not rhs.strip():
        return None
    return lhs, rhs, quantifier


def _top_level_equals(latex: str) -> list:
    """Offsets of the ``=`` signs outside braces (``\\sum_{i=1}^n p_i = 1``: one)."""
    depth, out = 0, []
    for k, c in enumerate(latex):
        depth += (c == "{") - (c == "}")
        if c == "=" and depth == 0:
            out.append(k)
    return out


def _quantified(quantifier: str | None, words_after: str) -> tuple:
    """(letter, span) of what the fact is said for: ``\\forall i`` or "for every $i$" (every
    index: span None), ``\\forall 0 < i \\le d`` (span ("1", "d") for integers); (None, None) for
    no quantifier; ("?", None) for one that is not understood (the fact is then not used)."""
    if quantifier is not None:
        got = ranges.parse(quantifier if quantifier.lstrip(" ,").startswith("\\forall") else "\\forall " + quantifier)
        if got is None or len(got.letters) != 1 or got.exclusions or not re.fullmatch(r"[a-z]", got.letters[0]):
            return "?", None      # \forall j \neq i, two letters, a form not read: the fact is not used
        if not got.bounded:
            return ("?", None) if got.lower is not None or got.upper is not None else (got.letters[0], None)
        lo = f"{got.lower} + 1" if got.strict[0] else got.lower
        hi = f"{got.upper} - 1" if got.strict[1] else got.upper
        return got.letters[0], (lo, hi)
    m = _WORD_QUANTIFIER.match(words_after)
    if m is not None:
        return m.group(1) or m.group(2), None
    if re.match(r"^\s*,?\s*(?:for\s+(?:every|all|each|any)|\\forall)\b", words_after, re.I):
        return "?", None      # "for all $i \in S$", "for every sample": not understood here
    return None, None


def _fact_of(text: str, d, here: str) -> Fact | None:
    """The fact ``d`` states: given in words (a cue), or a display said over a range of an
    index (``w_k = 0, \\forall 0 < k \\le n``: a statement about those entries, not a
    definition of every entry)."""
    got = _split(d.latex)
    if got is None:
        return None
    lhs, rhs, quantifier = got
    close = {"$": "$", "\\(": "\\)", "$$": "$$", "\\[": "\\]"}.get(d.delimiter, "")
    tail = d.start + len(d.latex) + len(close)
    letter, span = _quantified(quantifier, text[tail:tail + 60])
    if letter == "?":
        return None
    if not (introduced_as_given(text, d) or (not d.inline and span is not None
                                                and not _CONCLUDES.search(_sentence_before(text, d.start)))):
        return None      # "Hence, differentiating each term, $$... \forall 1 \le j \le n$$": a claim
    return Fact(lhs, rhs, d.first_line, here, letter, span)


_LAST: list = [None, None, None]     # (text, display, fact): every step of a display asks


def _hypothesis_of(text: str, display) -> Fact | None:
    """The fact a display states as a hypothesis proper (a strong cue, or a range said); read
    once per display (a display of thousands of relations asks for each of its steps)."""
    if _LAST[0] is text and _LAST[1] is display:
        return _LAST[2]
    _LAST[:] = [text, display, _hypothesis_read(text, display)]
    return _LAST[2]


def _hypothesis_read(text: str, display) -> Fact | None:
    if display.inline:
        return None
    fact = _fact_of(text, display, "")
    if fact is None or not (fact.span is not None or introduced_as_given(text, display, strong=True)):
        return None
    return fact


def every_fact(text: str, found) -> list:
    """(offset, question, Fact, part) of every fact the document states, read once; ``part``:
    the location the fact is limited to ("Suppose $t = 0$ in this part"), else None."""
    out = []
    for d in found:
        here = question_of(d.location)
        fact = _fact_of(text, d, here)
        if fact is not None:
            # said in a part: that part and its sub-parts ("Now the data are arbitrary" in (b));
            # said in the question's own text (its location is the question): every part
            part = None if (is_statement(d.location) and not PART_ONLY.search(part_text(text, d.start))) else d.location
            out.append((d.start, here, fact, part))
    return out


def before(every: list, display) -> list:
    """The facts stated before ``display`` in its question (inline formulas and displays), and
    in its part where the fact was said for one part only."""
    here = question_of(display.location)
    return [f for start, q, f, part in every if start < display.start and q == here
            and (part is None or part == display.location or within_part(display.location, part))]


def stated(text: str, found, display) -> list:
    """The facts stated before ``display`` in its question."""
    return before(every_fact(text, found), display)


_NOTE_CUE = re.compile(r"\b(?:letting|let|assuming|assume|since|given|by (?:the )?(?:hypothesis|assumption))\b", re.I)


def beside(note: str | None, line: int, question: str) -> list:
    """The fact a note beside the step gives it, for that step alone: ``\\text{(letting } \\mu =
    \\mathbb{E}[g_k]\\text{)}``. A letter subscripted in it (k) is the step's: every k of the step."""
    if not note:
        return []
    words = " ".join(re.findall(r"\\(?:text|textrm|mbox|mathrm)\s*\{([^{}]*)\}", note))
    if not _NOTE_CUE.search(words) or _CONCLUDES.search(words):
        return []
    math = re.sub(r"\\(?:text|textrm|mbox|mathrm)\s*\{[^{}]*\}|\\(?:end|begin)\s*\{[^{}]*\}", " ", note).strip()
    got = _split(math)
    if got is None or got[2] is not None:
        return []
    letters = set(re.findall(r"_\{?([a-z])\}?(?![A-Za-z])", math))
    letter = letters.pop() if len(letters) == 1 else None
    return [Fact(got[0], got[1], line, question, letter, None)]


def is_fact_display(text: str, display) -> bool:
    """A display (not inline) that states a hypothesis: a step of it is a condition unless it
    holds (``Given that $$y_k = ...$$`` may also define y_k: its classification stands)."""
    return _hypothesis_of(text, display) is not None


def quantified_fact(text: str, display) -> bool:
    """A hypothesis display said for every index (or a range of it): never a definition."""
    fact = _hypothesis_of(text, display)
    return fact is not None and fact.letter is not None


# -- using them -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Rule:
    fact: Fact
    kind: str               # "name" | "entries" | "sum"
    target: object          # the Symbol name, the array's label, or the Sum
    value: object           # the other side (for entries: with the fact's index symbol)
    index: object = None    # the fact's index symbol (entries)
    span: tuple | None = None   # (lo, hi) expressions of the index range, or None


def _rules(facts, read, scope, ctx) -> list:
    out = []
    for f in facts:
        try:
            rule = _rule(f, read, scope, ctx)
        except NotRead:
            rule = None
        except Exception:   # a form the reader does not take: the fact is not used
            rule = None
        if rule is not None:
            out.append(rule)
    return out


def _names(e) -> set:
    return {s.name for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol)} | \
        {str(x.base.label) for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}


def _rule(f: Fact, read, scope, ctx) -> _Rule | None:
    if f.letter is not None:
        # read inside a sum over the letter, as the steps' sums read it: x_i is the entry x[i]
        left = read(f"\\sum_{{{f.letter}}} \\left({f.lhs}\\right)", scope).expr
        right = read(f"\\sum_{{{f.letter}}} \\left({f.rhs}\\right)", scope).expr
        if not (isinstance(left, sp.Sum) and isinstance(right, sp.Sum)):
            return None
        i = left.limits[0][0]
        a, b = left.function, right.function.xreplace({right.limits[0][0]: i})
        for x, y in ((a, b), (b, a)):
            if isinstance(x, sp.Indexed) and x.indices == (i,) and str(x.base.label) not in _names(y) \
                    and not _defined(ctx, _names(x) | _names(y) - {str(i)}):
                span = None
                if f.span is not None:
                    span = tuple(read(s, scope).expr for s in f.span)
                return _Rule(f, "entries", str(x.base.label), y, i, span)
        return None
    a, b = read(f.lhs, scope).expr, read(f.rhs, scope).expr
    for x, y in ((a, b), (b, a)):
        if _defined(ctx, _names(x) | _names(y)):
            return None
        if isinstance(x, sp.Symbol) and x.name not in _names(y):
            return _Rule(f, "name", x.name, y)
        if isinstance(x, sp.Sum) and len(x.limits) == 1 and not (_names(x) & _names(y)):
            return _Rule(f, "sum", x, y)
    return None


def _defined(ctx, names: set) -> bool:
    """A name the document defines: its definition governs, not a fact (``x_1 = 2`` given)."""
    return any(ctx.defined(n) is not None or n in ctx.indexed for n in names)


def _same_sum(s, pattern) -> bool:
    if not isinstance(s, sp.Sum) or len(s.limits) != 1:
        return False
    (v, lo, hi), (w, plo, phi) = s.limits[0], pattern.limits[0]
    return _same_value(lo, plo) and _same_value(hi, phi) and \
        s.function.xreplace({v: w}) == pattern.function


def _entries(e, rule: _Rule, bound: dict):
    """Every entry of the rule's array replaced, where its index is covered by the fact."""
    if isinstance(e, sp.Indexed) and str(e.base.label) == rule.target and len(e.indices) == 1:
        k = e.indices[0]
        if rule.span is None or _covered(k, rule.span, bound):
            return rule.value.xreplace({rule.index: k})
        return e
    if isinstance(e, sp.Sum):
        inner = dict(bound)
        for v, lo, hi in e.limits:
            inner[v] = (lo, hi)
        return e.func(_entries(e.function, rule, inner), *e.limits)
    if not getattr(e, "args", ()) or isinstance(e, (sp.Indexed, sp.IndexedBase)):
        return e
    args = [_entries(a, rule, bound) for a in e.args]
    return e.func(*args) if any(a is not b for a, b in zip(args, e.args)) else e


def _covered(k, span, bound) -> bool:
    """The index ``k`` runs inside the fact's range: a sum's letter over exactly that range, or a
    number inside it."""
    lo, hi = span
    if k in bound:
        slo, shi = bound[k]
        return _same_value(slo, lo) and _same_value(shi, hi)
    if getattr(k, "is_Integer", False) and lo.is_number and hi.is_number:
        return bool(lo <= k <= hi)
    return False


def _same_value(a, b) -> bool:
    """Equal as written, names compared by name (a sum limit d is an integer, the range's d real)."""
    by_name = {s: sp.Symbol(s.name) for s in getattr(a, "free_symbols", set()) | getattr(b, "free_symbols", set())}
    return sp.expand(sp.sympify(a).xreplace(by_name) - sp.sympify(b).xreplace(by_name)) == 0


def _differentiated_by(rule: _Rule, *exprs) -> bool:
    """The fact's name (or array) is a variable of a derivative or a point's variable in the step."""
    for e in exprs:
        for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative, sp.Subs):
            variables = d.variables
            for v in variables:
                if rule.kind == "name" and isinstance(v, sp.Symbol) and v.name == rule.target:
                    return True
                if rule.kind == "entries" and isinstance(v, sp.Indexed) and str(v.base.label) == rule.target:
                    return True
                if rule.kind == "sum":
                    return True      # a sum fact is never put inside a derivative
    return False


def _split_sums(e):
    """A finite sum of terms as the sum of the terms' sums, each factor free of the summation
    letter taken out (an identity: the step's truth is unchanged)."""
    def split(s):
        if len(s.limits) != 1:
            return s
        v = s.limits[0][0]
        out = []
        for term in sp.Add.make_args(sp.expand(s.function)):
            outside = [f for f in sp.Mul.make_args(term) if v not in f.free_symbols]
            inside = [f for f in sp.Mul.make_args(term) if v in f.free_symbols]
            out.append(sp.Mul(*outside) * sp.Sum(sp.Mul(*inside), *s.limits))
        return sp.Add(*out)
    if not hasattr(e, "replace"):
        return e
    return e.replace(lambda x: isinstance(x, sp.Sum), split)


def _apply(e, rule: _Rule):
    if rule.kind == "name":
        hits = {s: rule.value for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol)
                and s.name == rule.target}
        return e.xreplace(hits) if hits else e
    if rule.kind == "sum":
        return e.replace(lambda x: _same_sum(x, rule.target), lambda x: rule.value)
    return _entries(e, rule, {})


def rules(facts, read, scope, ctx) -> list:
    """The facts read once (per display) into what ``use`` puts in."""
    return _rules(facts, read, scope, ctx) if facts else []


def use(rules_, left, right) -> tuple:
    """(left, right, used): the two sides with the facts put in, and the facts that changed them."""
    used = []
    if not rules_ or not all(hasattr(e, "free_symbols") for e in (left, right)):
        return left, right, ()
    for rule in rules_:
        if _differentiated_by(rule, left, right):
            continue     # d/dx with "suppose x = 2": the fact is about a value, not a variable
        # \sum_i p_i(\log p_i + 1): its \sum_i p_i made to stand alone (kept only if put in)
        x, y = (_split_sums(left), _split_sums(right)) if rule.kind == "sum" else (left, right)
        a, b = _apply(x, rule), _apply(y, rule)
        if a != x or b != y:
            left, right = a, b
            used.append(rule.fact.shown())
    return left, right, tuple(used)


HYPOTHESIS = "a hypothesis the question states (a fact for the steps after it), not a step"


def settle(d: dict, item) -> None:
    """The run's verdict of a step that used facts, or of a display that states one (run.py)."""
    used = getattr(item, "facts_used", ())
    if used and d["status"] == "holds":
        said = "using " + "; ".join(used)
        d["detail"] = "; ".join(x for x in (d.get("detail"), said) if x)
    elif used and d["status"] == "wrong":
        # the question may state more than the facts put in (v a combination of the x_i), which
        # may rule this counterexample out: not certain
        d.update(status="undecided", strength=None, counterexample=None, residual=None, correct=None,
                 reason=f"wrong with the facts put in ({'; '.join(used)}), but the question may state more "
                        "that rules the counterexample out", detail=d.get("detail") or "")
    if getattr(item, "hypothesis", False) and d["status"] != "holds":
        d.update(status="condition", strength=None, reason=HYPOTHESIS, counterexample=None,
                 residual=None, correct=None, detail="")
