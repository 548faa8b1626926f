"""Index ranges and equalities the text says in words around a display, per question.

Solutions say in sentences what makes an index step true: "for $1 \\leq k \\leq K$", "for all
$i, j \\in \\{1, \\dots, n\\}$", "Replacing $n = i + j - 1$ where $j = n - i + 1$." The check
takes such a formula as a condition of the display it is said for, with a strict scope:

- a range said in the question's text before its first display (the statement, "Answer for all
  $i \\in \\{1, \\dots, N\\}$") is said for every display of the question;
- a range or a relation between letters in the sentence right before a display (after the
  display before it, in the same question) is said for that display, unless the sentence goes
  on to a formula of its own after it ("for $i \\neq j$, $p_i = q_j$.": its condition is that
  formula's);
- a range or relation in a "where" clause right after a display is said for that display only.

A sentence of another question never applies. Words that turn a formula around ("except $i = j$",
"unless", "not") make it no condition. Which of these a step can use is for ``conditions``
(``with_said``): a formula whose letters are not indices of the step is not its condition.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# a formula that may be a range or a relation between index letters: letters (with a
# subscript digit), numbers, + and -, relations, sets of integers, \dots; nothing else
_RELATION = re.compile(r"\\neq|\\ne(?![a-z])|\\leq?(?![a-z])|\\geq?(?![a-z])|\\leqslant|\\geqslant|\\lt|\\gt"
                       r"|\\in(?![a-z])|<|>|=")
_ALLOWED = re.compile(r"^(?:\s|[A-Za-z0-9+\-,=<>()\[\]|]|_\{?[0-9]\}?|\\[{}]|\\[lc]?dots|\.\.\.|\\in(?![a-z])"
                      r"|\\neq|\\ne(?![a-z])|\\leq?(?![a-z])|\\geq?(?![a-z])|\\leqslant|\\geqslant|\\lt|\\gt"
                      r"|\\mathbf\s*\{?[A-Za-z]\}?|\^\{?[0-9]\}?|\\[,;! ]|\\quad)+$")
# the word right before a formula that makes it a condition said for what follows or precedes
_LEAD = re.compile(r"(?:\b(?:for|where|with|when|whenever|if|given|all|each|every|any|let|letting|replacing|"
                   r"substituting|setting|put|putting|here|assume|assuming|suppose|since|as|taking|over|case|cases|"
                   r"range|ranges|runs|run|and|i\.e\.|that is)|[,:(])\s*$", re.I)
# words that turn the formula around or ask about it: no condition
_TURNED = re.compile(r"\b(?:except|unless|not|otherwise|other than|outside|besides|show|prove|check|verify|"
                     r"whether|false|wrong|incorrect|mistake)\b|\?", re.I)
# a clause of the display before: "where" after it, or "for", "with" on its own line
_WHERE = r"(?i)(?:[\s,;]*where\b|[ \t,;]*(?:for|with)\b)"
_DELIMS = re.compile(r"\s*(?:\$\$|\\\]|\\end\s*\{[A-Za-z*]+\})")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\\$])|\n\s*\n")


@dataclass(frozen=True)
class Said:
    """A formula of the text taken as a condition of one display."""
    latex: str          # the inline formula as written (i \in \{1, \dots, n\})
    line: int
    scope: str          # "question" (ranges of the question), "before" or "after" the display
    alone: bool         # the only relation of its sentence: its reading is not in doubt

    def shown(self) -> str:
        return f"the text, line {self.line}: ${self.latex.strip()}$"


def candidate(latex: str) -> bool:
    """A formula that may be a range or a relation between letters (``i \\neq j``,
    ``k = 1, \\dots, K``, ``j = n - i + 1``): one relation sign at least, no other construct."""
    return bool(_RELATION.search(latex)) and bool(_ALLOWED.match(latex))


def _sentence_span(text: str, lo: int, hi: int, at: int) -> tuple:
    """(start, end) of the sentence of ``text[lo:hi]`` that holds offset ``at``."""
    start, end = lo, hi
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


def _outside_math(text: str, pieces) -> str:
    """``text`` with the inline formulas of ``pieces`` ((start, end) offsets) blanked."""
    out, k = [], 0
    base = pieces[0][2] if pieces else 0
    for s, e, _ in pieces:
        out.append(text[k:s - base])
        out.append(" ")
        k = e - base
    out.append(text[k:])
    return "".join(out)


def _words_before(text: str, start: int, at: int, inline) -> str:
    """The words of ``text[start:at]`` with inline formulas blanked (the math of a sentence is
    not its words)."""
    piece = text[start:at]
    for d in inline:
        s = d.start - start
        if 0 <= s < len(piece):
            e = min(len(piece), s + len(d.latex))
            piece = piece[:s] + " " * (e - s) + piece[e:]
    return re.sub(r"\$+|\\\(|\\\)", " ", piece)


def _condition(text: str, d, span, inline, scope: str) -> Said | None:
    """The inline formula ``d`` as a condition said in the sentence ``span``, or None when its
    words do not make it one."""
    start, end = span
    words = _words_before(text, start, d.start, inline)
    if _TURNED.search(_words_before(text, start, end, inline)) or not _LEAD.search(words.rstrip(" $")):
        return None
    relations = [x for x in inline if start <= x.start < end and _RELATION.search(_without_limits(x.latex))]
    return Said(d.latex.strip(), d.first_line, scope, len(relations) == 1)


def said_for(text: str, found, display) -> tuple:
    """The conditions the text says for ``display`` (a display of ``found``, all the document's
    displays in order, inline ones included): see the module's scope rules."""
    if display.inline:
        return ()
    by_location, by_question, _, memo = _grouped(found)
    order = by_location.get(display.location, [])
    if ("location", display.location) not in memo:    # once per location, not once per display
        inline = [d for d in order if d.inline]
        shown = [d for d in order if not d.inline]
        memo[("location", display.location)] = (inline, shown, {id(d): n for n, d in enumerate(shown)})
    inline, shown, index = memo[("location", display.location)]
    k = index.get(id(display))
    if k is None:
        return ()
    from .context import is_statement, question_of
    top = question_of(display.location)
    if ("ranges", display.location) not in memo:
        out = []
        if top and not is_statement(display.location):   # Q5's statement says for Q5.1, Q5.2, 5(a), ...
            whole = by_question.get(top, [])   # its own text only, not a part's statement
            out += _question_ranges(text, found, [d for d in whole if not d.inline or is_statement(d.location)],
                                    "question")
        out += _question_ranges(text, found, order, "question")
        memo[("ranges", display.location)] = (out, _start_of_question(text, order[0].start, found,
                                                                      display.location))
    said, q_start = memo[("ranges", display.location)]
    out = list(said)
    prev_end = _end_of(text, shown[k - 1]) if k else q_start
    hi = prev_end + len(re.sub(r"(?:\$\$|\\\[)?\s*$", "", text[prev_end:display.start]))
    span = _sentence_span(text, prev_end, hi, max(prev_end, hi - 1))
    last = [d for d in inline if span[0] <= d.start < hi]
    before = []
    if k and re.match(_WHERE, text[prev_end:hi]):
        # the clause of the display before ("$$...$$ where $i = j$."); a sentence after it
        # ("For $i \neq j$ the entries are") is this display's own
        lead = prev_end + len(text[prev_end:hi]) - len(text[prev_end:hi].lstrip())
        clause = _SENTENCE_END.search(text, lead, hi)
        if clause is None or span[0] < clause.end():
            last = []
    for d in last:
        if candidate(d.latex) and not _conditions_a_formula(d, last):
            got = _condition(text, d, span, inline, "before")
            if got is not None:
                before.append(got)
    said = {(s.latex, s.line) for s in before}   # the sentence right before: said for this display
    out = [s for s in out if (s.latex, s.line) not in said] + before
    return tuple(dict.fromkeys(out + _after(text, display, shown, inline)))


def _range_text(latex: str) -> bool:
    """A range as written (``i \\in \\{1, \\dots, n\\}``, ``1 \\le k \\le K``, ``k = 1, \\dots, K``,
    ``k \\le K``): what a question's statement says for all its displays."""
    if re.search(r"\\neq?(?![a-z])", latex):
        return False
    if "=" in latex.replace("\\le", "").replace("\\ge", ""):
        return bool(re.search(r"\\[lc]?dots|\.\.\.", latex))
    return bool(re.search(r"\\in(?![a-z])|\\leq?(?![a-z])|\\geq?(?![a-z])|\\leqslant|\\geqslant|<|>", latex))


_GROUPS: list = [None, None]   # the last document's displays and their groups (one plan at a time)


def _grouped(found) -> tuple:
    """({location: displays}, {question: displays}, their offsets, a memo of what said_for
    computes once per location) of ``found``, once per document."""
    if _GROUPS[0] is not found:
        from .context import question_of
        by_location, by_question = {}, {}
        for d in found:
            by_location.setdefault(d.location, []).append(d)
            by_question.setdefault(question_of(d.location), []).append(d)
        _GROUPS[:] = [found, (by_location, by_question, [d.start for d in found], {})]
    return _GROUPS[1]


def _question_ranges(text: str, found, order, scope: str) -> list:
    """The ranges said in the text of ``order`` (the displays of one question or part, inline
    ones included) before its first display: said for all its displays."""
    shown = [d for d in order if not d.inline]
    if not shown:
        return []
    first, out = shown[0], []
    inline = [d for d in order if d.inline and d.start < first.start]
    start = _start_of_question(text, min(d.start for d in order), found, {d.location for d in order})
    for d in inline:
        if candidate(d.latex) and _range_text(d.latex):
            span = _sentence_span(text, start, first.start, d.start)
            if not _conditions_a_formula(d, [x for x in inline if span[0] <= x.start < span[1]]):
                got = _condition(text, d, span, inline, scope)
                if got is not None:
                    out.append(got)
    return out


def _conditions_a_formula(d, sentence) -> bool:
    """For $i \neq j$, $p_i = q_j$: a formula of its own after ``d`` in its sentence is what
    ``d`` conditions, not the display."""
    return any(x.start > d.start and not candidate(x.latex) and _RELATION.search(_without_limits(x.latex))
               for x in sentence)


def _without_limits(latex: str) -> str:
    """A formula without its subscripts and superscripts: the ``=`` of ``\\sum_{m=2}^{n}`` is a
    sum's limit, not a relation the formula states."""
    for _ in range(3):      # nested braces: inside out
        latex = re.sub(r"[_^]\s*\{[^{}]*\}", " ", latex)
    return latex


def _after(text: str, display, shown, inline) -> list:
    """Conditions of a "where" clause right after the display (``$$...$$ where $k \\le K$.``)."""
    end = _end_of(text, display)
    nxt = [d.start for d in shown if d.start > display.start]
    limit = min([end + 300] + nxt)
    m = re.match(_WHERE, text[end:limit])
    if m is None:
        return []
    stop = _SENTENCE_END.search(text, end + m.end(), limit)
    span = (end, stop.start() if stop else limit)
    out = []
    for d in inline:
        if span[0] <= d.start < span[1] and candidate(d.latex):
            got = _condition(text, d, span, inline, "after")
            if got is not None:
                out.append(got)
    return out


def _end_of(text: str, display) -> int:
    """Offset just after a display's closing delimiter."""
    end = display.start + len(display.latex)
    m = _DELIMS.match(text, end)
    return m.end() if m else end


def _start_of_question(text: str, at: int, found, where) -> int:
    """Where the question's text starts: after the last display of another question (a
    location not in ``where``) before ``at``: the question's heading and statement are its own."""
    where = where if isinstance(where, set) else {where}
    import bisect
    k = bisect.bisect_left(_grouped(found)[2], at)   # found is in document order
    while k > 0 and found[k - 1].location in where:
        k -= 1
    return _end_of(text, found[k - 1]) if k else 0


# -- what one step takes of it ------------------------------------------------------------------
def _is_bound(rel) -> bool:
    import sympy as sp
    return isinstance(rel, (sp.LessThan, sp.StrictLessThan, sp.GreaterThan, sp.StrictGreaterThan))


def _targets(rel) -> set:
    """The letters a relation is about: the letter a bound bounds (k of 1 ≤ k, k ≤ K), the
    letter an equation gives a value (j of j = n - i + 1; both of i = j), both of i ≠ j."""
    import sympy as sp
    sides = [x for x in (rel.lhs, rel.rhs) if isinstance(x, sp.Symbol)]
    if _is_bound(rel):
        small = rel.lhs if isinstance(rel, (sp.LessThan, sp.StrictLessThan)) else rel.rhs
        big = rel.rhs if small is rel.lhs else rel.lhs
        if isinstance(small, sp.Symbol) and not big.free_symbols:   # 1 ≤ k: k, not the 1
            return {small.name}
        if isinstance(big, sp.Symbol) and not small.free_symbols:
            return {big.name}
        return {small.name} if isinstance(small, sp.Symbol) else set()
    return {x.name for x in sides}


def with_said(beside, said, reader, step_letters) -> object:
    """``beside`` (a ``conditions.Beside``) with the relations of ``said`` (``Said``s of the
    display) that are about the step's index letters ``step_letters``: a range of one of them,
    an equation giving one of them a value in other letters (``j = n - i + 1``), ``i \\neq j``.
    A range of the question is taken only as a range; an equation with a number (``n = 1``)
    is a value, which the definitions carry, not a condition here."""
    import sympy as sp
    from . import conditions
    if not said:
        return beside
    seen, taken = set(), []
    for s in sorted(said, key=lambda s: s.scope == "question"):   # a sentence's own reading first
        if (s.latex, s.line) in seen:
            continue
        seen.add((s.latex, s.line))
        got = conditions.from_note(s.latex, reader)
        rels = tuple(got.domain) + tuple(got.letters)
        if got.unread or got.others or not rels or not all(conditions.between_letters(r) for r in rels):
            continue
        if s.scope == "question" and not all(_is_bound(r) for r in rels):
            continue
        if any(isinstance(r, sp.Equality) and not (r.lhs.free_symbols and r.rhs.free_symbols) for r in rels):
            continue
        if not all(_targets(r) & step_letters for r in rels):
            continue   # said of other letters (or of one letter of a pair only)
        taken += [(r, s) for r in rels if r not in beside.letters]
    if not taken:
        return beside
    return conditions.replace(beside, letters=tuple(beside.letters) + tuple(r for r, _ in taken),
                              said=tuple(beside.said) + tuple(taken))


def took(item, used, beside, step_letters=None, substituted=False) -> None:
    """The plan used the relations ``used`` of ``beside``: ``item.where`` says them and where
    they were said; the text's doubt on them ("the text says ..., which the check does not
    use") goes, and a formula whose reading is in doubt (another relation in its sentence, or
    letters that are not the step's indices) leaves a hazard instead: a wrong under it is not
    certain."""
    from . import conditions
    by_rel = {str(r): s for r, s in beside.said}   # by text: the enumeration renames the letters
    parts, sources = [], {}
    for r in used:
        s = by_rel.get(str(r))
        text = conditions.put_text(r) if substituted else conditions.shown(r)
        if s is None:
            parts.append((text, None))
        else:
            sources.setdefault(s, []).append(text)
    own = [p for p, _ in parts]
    text = [f"{', '.join(own)} (the condition beside the step)"] if own else []
    text += [f"{', '.join(shown)} ({s.shown()})" for s, shown in sources.items()]
    item.where = "; ".join(text)
    if not sources:
        return
    done = {str(r) for r in used}   # the doubt on a formula goes when every relation of it was used
    latex = {s.latex for s in sources if all(str(r) in done for r, t in beside.said if t is s)}
    hazards = [h for h in item.hazards
               if not any(h == f"the text says {x}, which the check does not use" for x in latex)]
    for s in sources:
        letters = {x.name for r, t in beside.said if t is s for x in r.free_symbols}
        if not s.alone or (step_letters is not None and not letters <= step_letters
                           and not all(_is_bound(r) for r, t in beside.said if t is s)):
            hazards.append(f"the text says ${s.latex}$ (line {s.line}) in a sentence that says more: "
                           f"read as {', '.join(sources[s])}")
    item.hazards = tuple(dict.fromkeys(hazards))


def between_indices(lhs, rhs, found=()) -> bool:
    """``i = j``, ``j = n - i + 1``: a letter equal to an index expression (integer combination
    of letters) said in the text, where every letter is used in a subscript of the document's
    displays (``found``). It relates indices (a case, a substitution), it defines no value
    (``z = w x + b`` is a definition: w, x, b index nothing)."""
    import sympy as sp
    letter = lambda x: isinstance(x, sp.Symbol) and re.fullmatch(r"[a-z]", x.name)
    size = lambda x: isinstance(x, sp.Symbol) and re.fullmatch(r"[a-z]_\{?[0-9]\}?", x.name)   # k_2
    if not letter(lhs) or not getattr(rhs, "free_symbols", None) \
            or not all(letter(x) or size(x) for x in rhs.free_symbols):
        return False
    if letter(rhs):
        return True      # i = j: as before, a case whatever the letters
    try:
        poly = sp.Poly(rhs, *sorted(rhs.free_symbols, key=str))
    except sp.PolynomialError:
        return False
    if poly.total_degree() != 1 or not all(c.is_Integer for c in poly.coeffs()):
        return False
    return {lhs.name} | {x.name for x in rhs.free_symbols if letter(x)} <= _display_subscript_letters(found)


def _display_subscript_letters(found) -> set:
    """The letters the document's displays use in subscripts (``x_i``, ``W_{ij}``, ``h_{n-i+1}``),
    once per document (between_indices asks for every inline equation)."""
    memo = _grouped(found)[3] if found else {}
    if "subscripts" not in memo:
        memo["subscripts"] = _subscript_letters_of(found)
    return memo["subscripts"]


def _subscript_letters_of(found) -> set:
    out = set()
    for d in found:
        for m in re.finditer(r"_\s*(?:\{([^{}]*)\}|([a-z]))", d.latex):
            sub = m.group(1) if m.group(1) is not None else m.group(2)
            if re.fullmatch(r"(?:[a-z](?:_\{?[0-9]\}?)?|[0-9+\-,\s])*", sub):
                out |= {t for t in re.findall(r"[a-z](?:_\{?[0-9]\}?)?", sub) if len(t) == 1}   # not k of k_2
    return out
