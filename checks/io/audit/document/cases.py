"""Names that change meaning on purpose: a new case of a formula, and a name introduced anew.

Solutions restate a defined name with another formula when the setting changes: "for standard
regression problems ... $y_k = a_k$. Similarly, for multiple binary classification problems ...
$$y_k = \\sigma(a_k)$$", "if we are using regularization, then the loss function should look
something like: $$L = ... + \\lambda\\|W\\|^n$$". And a later question says in words that a
name is a new one: "Let L be the loss function that is computed at o."

This module reads the words only; the plan decides what they change:

- ``case_phrase(sentence)``: the phrase that opens a new case of the setting ("for regression",
  "for sigmoid activation", "in the multiclass case", "if we use regularization", "with weight
  decay"), or None. A quantifier ("for all $x$", "for each unit"), a region of a variable ("for
  $x > 0$"), the current setting ("in this case", "for this problem") and a step of the
  derivation ("if we plug in", "when we expand", "if we use the chain rule") are no new case:
  a restatement after them may be an error and stays checked.
- ``introductions(text, found)``: the places where the prose introduces a name anew ("Let $L$
  be ...", "$L$ denotes ...", "Consider a loss $L$", "where $L$ is the ..."), each with the
  offset from which the name is new. A mere mention ("the same $L$", "$L$ from above", "let
  $L$ be as in Q3") introduces nothing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MAX_INTRODUCTIONS = 500   # names introduced in words that a document may have (each is read once)

# -- a new case -------------------------------------------------------------------------------
# nouns that name a case only with a word that says which (sigmoid activation, multiclass problems)
_GENERIC = (r"problems?|cases?|settings?|tasks?|scenarios?|situations?|variants?|versions?|formulations?"
            r"|activations?(?:\s+functions?)?|heads?|outputs?(?:\s+(?:units?|layers?|activations?))?|units?|layers?"
            r"|networks?|nets?|models?|data(?:\s*sets?)?|targets?|labels?|distributions?|priors?|likelihoods?")
# nouns that name a case by themselves (for regression, with weight decay)
_OWN = (r"regression|classification|weight\s+decay|dropout|momentum|regulari[sz](?:ation|ers?)|penalt(?:y|ies)"
        r"|label\s+smoothing|batch\s+norm(?:ali[sz]ation)?|layer\s+norm(?:ali[sz]ation)?")
# words that point at the setting already in force, or quantify: never a new case
_NOT_WHICH = (r"the|a|an|this|that|these|those|our|same|given|above|previous|current|following|general|whole|"
              r"all|every|each|any|both|either|some|such|its|their")
_WORD = r"(?!(?:%s)\b)[A-Za-z][\w-]*" % _NOT_WHICH
_FOR = re.compile(r"\bfor\s+(?:(?:the|a|an)\s+)?(?:(?:%s)\s+){1,4}(?:%s)\b|\bfor\s+(?:(?:the|a|an)\s+)?"
                  r"(?:(?:%s)\s+){0,3}(?:%s)\b" % (_WORD, _GENERIC, _WORD, _OWN), re.I)
_IN = re.compile(r"\bin\s+(?:the\s+)?(?:(?:%s)\s+){1,3}(?:case|setting|scenario|variant|version|formulation)\b"
                 r"|\bin\s+(?:the\s+)?case\s+(?:of|where|when|that)\b[^,.;:]{0,60}" % _WORD, re.I)
_WITH = re.compile(r"\b(?:with|without)\s+(?:(?:an?|the|no)\s+)?(?:(?:%s)\s+){0,2}(?:%s)\b"
                   r"|\b(?:with|without)\s+(?:an?\s+|the\s+)?(?:%s)\s+(?:activations?|outputs?(?:\s+(?:units?|layers?))?|heads?)\b"
                   % (_WORD, _OWN, _WORD), re.I)
# "if / when" and the clause up to its comma or "then": a case when it chooses the model
_IF = re.compile(r"\b(?:if|when|whenever)\b([^,;:.]{1,80}?)(?=,|;|:|\.|\bthen\b|$)", re.I)
_CHOOSES = re.compile(r"\b(?:us(?:e|es|ed|ing)|add(?:s|ed|ing)?|includ(?:e|es|ed|ing)|choos(?:e|es|ing)|chosen)\b", re.I)
# what a derivation uses: a rule or an earlier result, not a model
_RULE = re.compile(r"\b(?:rule|identity|identities|formula|result|relation|definition|fact|equation|expression|"
                   r"property|substitution|trick|lemma|theorem|above|that|this|it|them|(?:eq(?:uation)?\.?\s*)?\(\d)",
                   re.I)
_FUNCTION_CHOICE = re.compile(r"\$\s*[A-Za-z]\s*=\s*\\?(?:sigma|tanh|operatorname\{\w+\}|mathrm\{\w+\}|text\{\w+\}|"
                              r"softmax|relu|ReLU)\b[^$]*\$")
_TURNED = re.compile(r"\b(?:show|prove|verify|wrong|incorrect|mistake|typo|error)\b", re.I)


def case_phrase(sentence: str | None) -> str | None:
    """The phrase of ``sentence`` that opens a new case of the setting, as written; None when
    there is none (see the module's list of what is no case)."""
    if not sentence or _TURNED.search(sentence):
        return None
    text = re.sub(r"\\text\{([^{}]*)\}", r"\1", sentence)
    words = _blank_math(text)       # the words of the sentence: a formula is no case noun
    for pattern in (_FOR, _IN, _WITH):
        m = pattern.search(words)
        if m:
            phrase = text[m.start():m.end()]
            if any(_REGION.search(f) for f in re.findall(r"\$[^$]*\$|\\\(.*?\\\)", phrase)):
                return None   # "in the case where $z > 0$": a region of a variable, no new case
            return _shown(phrase)
    for m in _IF.finditer(words):
        clause = m.group(1)
        chooses = _CHOOSES.search(clause) and not _RULE.search(clause[_CHOOSES.search(clause).end():])
        if chooses and re.search(r"(?:%s)|\b[\w-]+\s+(?:%s)\b" % (_OWN, _GENERIC), clause, re.I):
            return _shown(text[m.start():m.end()])
        if re.search(r"\b(?:%s)\b" % _OWN, clause, re.I) and not _RULE.search(clause):
            return _shown(text[m.start():m.end()])   # "when no regularization is used"
    m = re.search(r"\b(?:if|when)\s+" + _FUNCTION_CHOICE.pattern, text, re.I)
    if m:
        return _shown(m.group(0))          # "when $g = \tanh(\cdot)$": the activation chosen
    return None


_REGION = re.compile(r"[<>]|\\[lg]eq?(?![A-Za-z])|\\neq?(?![A-Za-z])|\\in(?![A-Za-z])|\\to(?![A-Za-z])")


def _blank_math(text: str) -> str:
    """``text`` with its inline formulas replaced by spaces (offsets kept)."""
    return re.sub(r"\$[^$]*\$|\\\(.*?\\\)", lambda m: " " * len(m.group(0)), text)


def _shown(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip(" ,")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\\$])|\n\s*\n")


def lead_in(text: str, start: int, end: int) -> str:
    """The sentence right before a display: the last sentence of ``text[start:end]`` (the prose
    between the display before and this one), without the display's opening delimiter."""
    piece = re.sub(r"(?:\$\$|\\\[|\\begin\{[A-Za-z*]+\})\s*$", "", text[start:end]).rstrip()
    parts = [p for p in _SENTENCE_END.split(piece) if p and p.strip()]
    return parts[-1].strip() if parts else ""


def note_text(note: str | None) -> str:
    """The words of a note set aside beside a step (``\\text{for classification}``)."""
    if not note:
        return ""
    return " ".join(re.findall(r"\\(?:text|textrm|mbox|mathrm)\s*\{([^{}]*)\}", note)) or note


# -- the steps after a new case -----------------------------------------------------------------
_CASE_MARK = " is used with its formula for a new case ("


def hazard(d) -> str:
    """The doubt of a step that uses ``d``, the formula of a new case: it may mean the earlier one."""
    before = f" (line {d.earlier.line})" if d.earlier is not None else ""
    return f"{d.name}{_CASE_MARK}{d.case}, line {d.line}); the step may mean its earlier formula{before}"


def is_hazard(h: str) -> bool:
    return _CASE_MARK in h


def settled_by_earlier(hazards: list, item, got: dict, d: dict) -> list:
    """``hazards`` of a step the engine found wrong, without the new cases' doubts when the step
    is wrong with the formulas before the cases too (``item.earlier``, checked by the engine):
    then it is wrong whichever formula it means, and ``d["detail"]`` says so."""
    earlier = getattr(item, "earlier", None)
    mine = [h for h in hazards if is_hazard(h)]
    if not mine or earlier is None or got.get(earlier[1].id, {}).get("status") != "wrong":
        return hazards
    said = f"wrong also with the formula before the new case ({earlier[0]})"
    d["detail"] = "; ".join(x for x in (d.get("detail"), said) if x)
    return [h for h in hazards if not is_hazard(h)]


# -- a name introduced anew --------------------------------------------------------------------
@dataclass(frozen=True)
class Introduction:
    """A name the prose introduces anew: from offset ``at`` on, the name is a new, undefined one."""
    latex: str              # the name as written (L, \mathcal{L}, f(x))
    at: int                 # offset in the text from which the name is new
    line: int
    phrase: str             # the words, for the reason a later step gives
    explains: int | None = None   # a "where" clause right after a display: that display's start
    general: bool = False   # "back to a general $f$": every earlier formula of f ends, its question's too


_NAME = (r"(?:\$(?!\$)\s*(?P<{0}m>[^$\s][^$]{{0,59}}?)\s*\$"
         r"|\\\(\s*(?P<{0}p>[^\s][^)]{{0,59}}?)\s*\\\)"
         r"|(?<![\w\\$])(?P<{0}b>[A-Za-z](?:_\{{?[A-Za-z0-9]{{1,3}}\}}?)?)(?![\w$]))")
# "be" introduces a name with what it is ("be the loss", "be a family"), not a property ("be
# positive", "be applied elementwise")
_LET = re.compile(r"\blet\s+" + _NAME.format("a") + r"\s+(?:be\s+(?:an?|the|some|any|one|our|defined\s+as)"
                  r"|denotes?|represents?|stands?\s+for)\b", re.I)
_DENOTES = re.compile(_NAME.format("a") + r"\s+(?:denotes|represents|stands\s+for|is\s+defined\s+as)\b")
_CONSIDER = re.compile(r"\bconsider\s+(?:a|an|some|the)\s+(?:[A-Za-z][\w-]*\s+){0,3}?" + _NAME.format("a")
                       + r"(?=\s*[,.;:]|\s+(?:that|which|where|with|of|on|in|at|computed|defined|given)\b|\s*$)",
                       re.I)
_WHERE_IS = re.compile(r"\bwhere\s+" + _NAME.format("a") + r"\s+(?:(?:is|are)\s+(?:an?|the|some|any|now|defined\s+as)"
                       r"|denotes|represents|stands\s+for)\b", re.I)
# what makes the words a mention of the name already known, not an introduction
# "Back to a general $f$", "for an arbitrary $h$", "$f$ is again arbitrary": the name is made
# general again, whatever formula a part gave it
_GENERAL = re.compile(r"\b(?:back\s+to|return(?:ing)?\s+to)\s+(?:an?\s+|the\s+)?(?:general|arbitrary|generic|unspecified)\s+"
                      r"(?:(?:smooth|differentiable)\s+)?(?:function\s+)?" + _NAME.format("a") + "|"
                      # "for an arbitrary $x$" quantifies the display it leads into: only a function is made general
                      r"\b(?:for|take|with|now)\s+(?:an?\s+|the\s+)?(?:general|arbitrary|generic|unspecified)\s+"
                      r"(?:(?:smooth|differentiable)\s+)?(?:function|map)\s+" + _NAME.format("f") + "|"
                      + _NAME.format("g") + r"\s+is\s+(?:again|now|once\s+more)\s+"
                      r"(?:an?\s+)?(?:general|arbitrary|unspecified)\b", re.I)
_MENTION = re.compile(r"\b(?:same|above|before|previous(?:ly)?|earlier|again|still|unchanged|as\s+in|as\s+defined|"
                      r"(?:defined|given|introduced|computed|found|obtained)\s+(?:in|above|earlier|before|previously|by)|"
                      r"from\s+(?:above|before|the\s+previous|(?:question|part|problem|exercise)\b)|"
                      r"(?:question|part|problem|exercise|equation|eq\.?)\s*\(?\d|Q\d)", re.I)
# "$L$ denotes ..." names L only as the subject of its clause
_CLAUSE_START = re.compile(r"(?:^|[.;:,!?]\s*|\n\s*|\b(?:and|here|now|then|also|so|thus|hence)\s+)$", re.I)
_A_NAME = re.compile(r"^(?:\\[A-Za-z]+\s*\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*(?:\{[^{}]{1,12}\}|[A-Za-z0-9]))?"
                     r"(?:\s*\^\s*(?:\{[^{}]{1,12}\}|[A-Za-z0-9*']))?\s*(?:\([^()=<>]{0,40}\))?$")


def introductions(text: str, found) -> list:
    """The names the prose of ``text`` introduces anew, in the order of their offsets (``found``:
    the document's displays, inline ones included, as ``extract.displays`` gives them)."""
    prose = _prose(text, found)
    shown = sorted((d for d in found if not d.inline), key=lambda d: d.start)
    ends = [d.start + len(d.latex) for d in shown]     # increasing: displays do not overlap
    newlines = [m.start() for m in re.finditer("\n", text)]
    out = []
    for pattern in (_LET, _DENOTES, _CONSIDER, _WHERE_IS, _GENERAL):
        for m in pattern.finditer(prose):
            if len(out) >= MAX_INTRODUCTIONS:
                break
            if pattern is _DENOTES and re.search(r"\bwhere\s*$", prose[max(0, m.start() - 12):m.start()], re.I):
                continue     # "where $L$ denotes": the where clause's own pattern reads it
            if pattern is _DENOTES and not _CLAUSE_START.search(prose[max(0, m.start() - 40):m.start()]):
                continue     # "the output of $S(x)$ represents a probability": not the name's own clause
            groups = ("am", "ap", "ab") + (("fm", "fp", "fb", "gm", "gp", "gb") if pattern is _GENERAL else ())
            latex = next(m.group(g) for g in groups if m.group(g) is not None)
            if not _A_NAME.match(latex.strip()):
                continue     # a formula ($L = ...$), not a name
            stop = _sentence_end(prose, m.end())
            if pattern is not _GENERAL and _MENTION.search(prose[m.start():stop]):
                continue     # "let L be the same loss", "where L is as in Q3"
            explains = _explained(prose, m.start(), shown, ends) if pattern is _WHERE_IS else None
            line = bisect.bisect_left(newlines, m.start()) + 1
            at = explains if explains is not None else m.start()
            out.append(Introduction(latex.strip(), at, line, _shown(prose[m.start():stop])[:100], explains,
                                    general=pattern is _GENERAL))
    return sorted(out, key=lambda i: i.at)


def _prose(text: str, found) -> str:
    """``text`` with its display formulas (and their delimiters) blanked, offsets kept: names in
    the prose are in its words and its inline formulas."""
    chars = list(text)
    for d in found:
        if d.inline:
            continue
        for k in range(d.start, min(len(text), d.start + len(d.latex))):
            if chars[k] != "\n":
                chars[k] = " "
    out = "".join(chars)
    return re.sub(r"\$\$|\\\[|\\\]", lambda m: " " * len(m.group(0)), out)


SENTENCE = 300    # characters read after a phrase for its sentence (linear on any input)
_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


def _sentence_end(prose: str, at: int) -> int:
    stop = min(len(prose), at + SENTENCE)
    m = _END.search(prose, at, stop)
    return m.start() if m else stop


def _explained(prose: str, at: int, shown, ends) -> int | None:
    """The start of the display a "where" clause at ``at`` follows right after (only blanks and
    punctuation between them), or None for a "where" inside a sentence of its own."""
    k = bisect.bisect_right(ends, at)
    if not k:
        return None
    d = shown[k - 1]
    between = prose[ends[k - 1]:at]
    return d.start if len(between) < SENTENCE and re.fullmatch(r"[\s,.;:]*", between) else None


def defines_at_head(latex: str, name: str) -> bool:
    """Whether a display's rows start with ``name`` on the left of ``=`` (its definition or a
    restatement): a "where" clause after it describes that name, it does not introduce it."""
    flat = lambda s: re.sub(r"\s+", "", s)
    want = flat(name)
    want = re.sub(r"\(.*\)$", "", want)
    for row in re.split(r"\\\\|\n", latex):
        row = flat(row).lstrip("&")
        row = re.sub(r"^\\begin\{[A-Za-z*]+\}(?:\{[^{}]*\})?", "", row)
        if row.startswith(want):
            rest = row[len(want):]
            rest = re.sub(r"^\([^()]*\)", "", rest)
            if re.match(r"&?(?::=|=)", rest):
                return True
    return False
