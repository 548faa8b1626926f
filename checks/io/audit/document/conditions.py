"""Conditions written beside a step or in an ``assume`` directive, as SymPy relations.

``\\text{for } x \\ge 0``, ``\\forall a > 0``, ``i \\neq j``, ``0 < \\beta < 1`` become the
step's assumptions. A note that reads like a condition but cannot be read is a hazard: the
step may rely on it, so it is not reported wrong (``plan``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sympy as sp

from ..reading import ranges
from ..reading.notation import GREEK

INEQUALITIES = {"<", ">", "\\le", "\\ge", "\\neq"}
_OPS = {"<": sp.StrictLessThan, ">": sp.StrictGreaterThan, "\\le": sp.LessThan, "\\ge": sp.GreaterThan,
        "\\neq": sp.Unequality, "=": sp.Equality}
_SPLIT = re.compile(r"\\leqslant|\\geqslant|\\leq|\\geq|\\le|\\ge|\\neq|\\ne(?![a-z])|\\lt|\\gt|<|>|=")
_CANON = {"\\leqslant": "\\le", "\\leq": "\\le", "\\geqslant": "\\ge", "\\geq": "\\ge", "\\ne": "\\neq",
          "\\lt": "<", "\\gt": ">"}
_WORDS = re.compile(r"\\(?:text|textrm|mathrm|mbox)\s*\{[^{}]*\}|\\forall|\\quad|\\qquad|\\[,;:! ]|"
                    r"\b(?:for|all|if|when|where|with|and)\b")
# "=" too: \text{if } i = j is a condition; set aside unread it would let the step be wrong
_AND = re.compile(r"\\text(?:rm)?\s*\{\s*(?:and|,)\s*\}|(?<![A-Za-z\\])and(?![A-Za-z])")
_TEXT_WITH_MATH = re.compile(r"\\text\w*\s*\{([^{}]*\$[^{}]*)\}")


def _math_out(m: re.Match) -> str:
    """``\\text{if $i \\neq j$}`` as ``\\text{if } i \\neq j``: the math out of the words."""
    pieces = m.group(1).split("$")
    return " ".join(p if k % 2 else f"\\text{{{p}}}" for k, p in enumerate(pieces))


_CONDITIONAL = re.compile(r"^\s*(?:\\forall|\\text\w*\s*\{\s*(?:if|when|whenever|provided|unless|only if|except|"
                          r"for (?:all|every|each|any|some))\b|\\text\w*\s*\{\s*for\s*\}\s*\S)", re.I)
_LOOKS_LIKE = re.compile(r"\\(?:le|ge|leq|geq|neq|ne|lt|gt|in|forall)(?![A-Za-z])|[<>=]")


def relation(op: str, lhs, rhs):
    """The SymPy relation ``lhs op rhs``; None when SymPy decides it on the spot (a constant
    comparison is no assumption)."""
    rel = _OPS[op](lhs, rhs)
    return rel if isinstance(rel, sp.core.relational.Relational) else None


def is_simple(lhs, rhs) -> bool:
    """A name compared with a constant (``d_i > 0``): a case or an assumption, not a claim."""
    a, b = (lhs, rhs) if isinstance(lhs, (sp.Symbol, sp.Indexed)) else (rhs, lhs)
    return isinstance(a, (sp.Symbol, sp.Indexed)) and not b.free_symbols


def parse(text: str, reader, integers=(), equations: bool = False) -> list | None:
    """Relations of ``text`` (``0 < beta < 1``, ``x > 0, y > 0``, ``n integer``), read by
    ``reader(latex) -> Reading``; None when some part cannot be read. ``equations``: an ``=``
    is a relation too (``i = j`` beside a step), else it makes the text unread."""
    out = []
    for part in re.split(r",|\\text\s*\{\s*and\s*\}|\band\b", text):
        part = part.strip()
        if not part:
            continue
        if part.endswith("integer"):
            continue      # the planner records integer names itself
        rels = _chain(part, reader, equations)
        if rels is None:
            return None
        out += rels
    return out


def _chain(text: str, reader, equations: bool = False) -> list | None:
    from ..reading.read import NotRead
    cuts = list(_SPLIT.finditer(text))
    if not cuts:
        return None
    sides = [text[:cuts[0].start()]] + [text[a.end():b.start()] for a, b in zip(cuts, cuts[1:])] \
        + [text[cuts[-1].end():]]
    try:
        exprs = [reader(s).expr for s in sides]
    except NotRead:
        return None
    out = []
    for (a, b), m in zip(zip(exprs, exprs[1:]), cuts):
        op = _CANON.get(m.group(0), m.group(0))
        if op == "=" and not equations:
            return None
        rel = relation(op, a, b)
        if rel is not None:
            out.append(rel)
    return out


@dataclass(frozen=True)
class Beside:
    """What the annotation beside a step says: relations the domains take (``x > 0``),
    relations between letters that only an enumeration of indices can use (``i \\neq j``,
    ``1 \\le i \\le n``, ``i = j``), relations of neither kind, and whether it could be read."""
    domain: tuple = ()
    letters: tuple = ()
    others: tuple = ()
    unread: bool = False
    note: str = ""
    said: tuple = ()       # ((relation, prose.Said), ...): letters the text says for the display

    @property
    def hazard(self) -> str | None:
        """Why a wrong step is not certain with this condition beside it, or None: a condition
        that cannot be read, or a relation the check does not take (until a caller uses the
        ``letters``, they are not taken). What the text says around the display is no hazard
        of its own here: the plan names the text's relations it does not use."""
        if self.unread:
            return f"the condition '{self.note.strip()}' beside the step could not be read"
        from_text = {r for r, _ in self.said}
        if [r for r in self.letters if r not in from_text] or self.others:
            return f"the condition '{self.note.strip()}' beside the step is not used in the check"
        return None


def unequal_only(beside: Beside) -> tuple:
    """The relations behind ``beside.hazard`` when they are all of one name and a number told
    apart (``\\beta_1 \\neq 1``), else (): no domain takes them, but a counterexample can be
    checked against them, exactly (run.py)."""
    from_text = {r for r, _ in beside.said}
    if beside.unread or [r for r in beside.letters if r not in from_text] or not beside.others:
        return ()
    one = lambda r: isinstance(r, sp.Unequality) and (
        (isinstance(r.lhs, sp.Symbol) and r.rhs.is_number) or (isinstance(r.rhs, sp.Symbol) and r.lhs.is_number))
    return tuple(beside.others) if all(one(r) for r in beside.others) else ()


def from_note(note: str, reader, integers=()) -> Beside:
    """The annotation beside a step, read. A note with no relation in it (``\\text{(unrolling
    the recurrence)}``) gives nothing; a relation that cannot be read gives a hazard naming it."""
    if not note:
        return Beside()
    if not _LOOKS_LIKE.search(note):   # \text{for } i \text{ odd}: a condition all the same
        return Beside(unread=True, note=note) if _CONDITIONAL.search(note) else Beside()
    text = re.sub(r"\\(?:end|begin)\s*\{[^{}]*\}|\\tag\*?\s*\{[^{}]*\}", " ", note)   # the display's frame
    text = _TEXT_WITH_MATH.sub(_math_out, text)   # \text{if $i \neq j$}: its math
    text = _AND.sub(",", text).replace(";", ",")   # \text{ and } and ; separate conditions too
    text = _WORDS.sub(" ", text).strip().strip(",.;")
    text = _unwrapped(text)
    text = ranges.as_bounds(text)   # i \in \{1, \dots, n\}: the bounds 1 \le i \le n it says
    text = _without_integers(text)
    rels = parse(text, reader, integers, equations=True)
    if rels is None or not rels:   # a relation was seen in the note, and none is read
        return Beside(unread=True, note=note)
    domain = tuple(r for r in rels if domain_relation(r))
    letters = tuple(r for r in rels if not domain_relation(r) and between_letters(r))
    others = tuple(r for r in rels if r not in domain and r not in letters)
    return Beside(domain, letters, others, False, note)


def _unwrapped(text: str) -> str:
    """``(i \\ne j)`` as ``i \\ne j``: parentheses around the whole condition."""
    m = re.fullmatch(r"\s*(?:\\left\s*)?\((.*?)(?:\\right\s*)?\)\s*", text, re.S)
    return m.group(1) if m and "(" not in m.group(1) and ")" not in m.group(1) else text


def substituted(beside: Beside, left, right):
    """(left, right, beside, what was put): ``i = j`` beside a step written with names
    (``x_i``, ``x_j``; the caller makes sure no index is left to enumerate) is the step with
    j := i: names with j in their subscript take i instead (``x_j`` -> ``x_i``). An equation
    the step does not use stays in ``beside``."""
    kept, put = [], []
    for r in beside.letters:
        swap = (_letter_swap(r, left, right) or _value_swap(r, left, right)) if isinstance(r, sp.Equality) else None
        if not swap:
            kept.append(r)
            continue
        left, right = (e.xreplace(swap) if hasattr(e, "xreplace") else e for e in (left, right))
        put.append(put_text(r))
    if not put:
        return left, right, beside, ""
    return left, right, replace(beside, letters=tuple(kept)), ", ".join(put)


def swapped(before: Beside, after: Beside) -> set:
    """The letters ``substituted`` put away (j of i = j, j of j = n - i + 1)."""
    return {_target(r)[0].name for r in before.letters if r not in after.letters and _target(r)}


def _target(rel):
    """(letter, value) of an equation ``substituted`` uses: of two letters the right one takes
    the left (i = j: j := i); else the side that is one letter takes the other (j = n - i + 1,
    n - i + 1 = j: j := n - i + 1). None when neither side is one letter."""
    one = lambda x: isinstance(x, sp.Symbol) and re.fullmatch(r"[a-z]", x.name)
    if one(rel.rhs):
        return rel.rhs, rel.lhs
    if one(rel.lhs):
        return rel.lhs, rel.rhs
    return None


def put_text(rel) -> str:
    """``j = i``, ``j = n - i + 1``: what ``substituted`` put, as the letter and its value."""
    got = _target(rel)
    return f"{got[0]} = {sp.sstr(got[1], order='none')}" if got else shown(rel)


_PART = re.compile(r"^(?:[a-z](?:_\{?[0-9]\}?)?|[0-9+\-])+$")   # n-i+1, n-i+k_2: index letters, sizes


def _subscript_parts(name: str):
    """(base, [index expressions]) of a name with an index subscript: ``W_{ij}`` (i, j),
    ``\\omega_{n-i+1}`` (n - i + 1), ``x_{i,j+1}``; None for other names (``w_{t+1,i}`` is one:
    its parts are index expressions too)."""
    m = re.match(r"^(?P<base>.+?)_(?:\{(?P<many>[^{}]+)\}|(?P<one>[A-Za-z0-9]))(?P<label>\^\{[^{}]*\})?$", name)
    if m is None:
        return None
    sub = (m.group("many") or m.group("one")).replace(" ", "")
    parts = sub.split(",") if "," in sub else (list(sub) if re.fullmatch(r"[a-z]{1,4}", sub) else [sub])
    exprs = []
    for p in parts:
        if not _PART.match(p) or re.search(r"[a-z]{2}", p):
            return None
        exprs.append(sp.sympify(re.sub(r"([a-z])(?:_\{?([0-9])\}?)?", _as_symbol, p), locals={"Symbol": sp.Symbol}))
    return m.group("base") + (m.group("label") or ""), exprs


def _as_symbol(m: re.Match) -> str:
    """``k_2`` in a subscript as the integer symbol k_2, ``i`` as i."""
    name = m.group(1) + (f"_{m.group(2)}" if m.group(2) else "")
    return f"Symbol('{name}', integer=True)"


def _canonical(base: str, exprs) -> str:
    """One name for one entry however its subscript is written (``n-i+1``, ``1+n-i``)."""
    return f"{base}_{{{','.join(sp.sstr(sp.expand(e)).replace(' ', '') for e in exprs)}}}"


def _value_swap(rel, left, right) -> dict | None:
    """{symbol: expression} putting the letter of ``rel`` := its value in letters
    (``j = n - i + 1``) in every name of the step: j itself, and the subscripts that use it
    (``\\omega_j`` is ``\\omega_{n-i+1}``, the step's own name for that entry when it writes
    one). None when the equation is not of that kind, when the letter is a sum's index in the
    step, or when no name of the step uses the letter."""
    got = _target(rel)
    if got is None or isinstance(got[1], sp.Symbol) or not got[1].free_symbols \
            or not all(isinstance(x, sp.Symbol) and _LETTER.match(x.name) for x in got[1].free_symbols):
        return None
    letter, value = got
    exprs = [e for e in (left, right) if hasattr(e, "atoms")]
    if any(v.name == letter.name for e in exprs for node in e.atoms(sp.Sum, sp.Product)
           for v, *_ in node.limits):
        return None
    syms = {x for e in exprs for x in e.atoms(sp.Symbol) if not isinstance(x, sp.Dummy)}
    canon = {}
    for x in syms:
        parts = _subscript_parts(x.name)
        if parts is not None:
            canon.setdefault(_canonical(*parts), x)
    by_letter = {x.name: x for x in syms}
    at = {sp.Symbol(n.name, integer=True): by_letter.get(n.name, n) for n in value.free_symbols}
    swap = {}
    for x in syms:
        if x.name == letter.name:
            swap[x] = value.xreplace({n: at.get(sp.Symbol(n.name, integer=True), n) for n in value.free_symbols})
            continue
        parts = _subscript_parts(x.name)
        if parts is None or not any(letter.name in {s.name for s in p.free_symbols} for p in parts[1]):
            continue
        put = [p.xreplace({s: value for s in p.free_symbols if s.name == letter.name}) for p in parts[1]]
        name = _canonical(parts[0], put)
        swap[x] = canon.get(name) or sp.Symbol(name, **x.assumptions0)
    return swap or None


def mention(bodies, letters, defined=()) -> bool:
    """Whether a definition the step uses (``(body, params)``) names one of ``letters`` (j, or
    a name like x_j) other than as its own parameter, or is itself the definition of such a
    name (``defined``): substituted in the step only, j := i would leave the definition's j
    apart (a derivative taken by x_i would miss it), or lose the definition of y_j."""
    if set(defined) & letters or subscript_letters(defined) & letters:
        return True
    for body, params in bodies:
        own = {getattr(p, "name", str(p)) for p in params}
        names = {x.name for x in getattr(body, "atoms", lambda *_: ())(sp.Symbol)} - own
        if names & letters or subscript_letters(names) & letters:
            return True
    return False


def _letter_swap(rel, left, right) -> dict | None:
    """{symbol: symbol} putting rel.rhs := rel.lhs (two letters) in every name of the step."""
    from ..reading import indices
    a, b = rel.lhs, rel.rhs
    if not all(isinstance(x, sp.Symbol) and re.fullmatch(r"[a-z]", x.name) for x in (a, b)) or a == b:
        return None
    syms = {x for e in (left, right) for x in getattr(e, "atoms", lambda *_: ())(sp.Symbol)
            if not isinstance(x, sp.Dummy)}
    by_name = {x.name: x for x in syms}
    swap = {}
    for x in syms:
        if x.name == b.name:
            new = a.name
        else:
            got = indices.entry_letters(x.name)
            if got is None or b.name not in got[1]:
                continue
            letters = got[1].replace(b.name, a.name)
            new = f"{got[0]}_{letters}" if len(letters) == 1 else f"{got[0]}_{{{letters}}}"
        swap[x] = by_name.get(new) or sp.Symbol(new, **x.assumptions0)
    return swap or None


def for_enumeration(beside: Beside, assume, free, sizes, left, right):
    """(where, assume, new sizes, left out): the relations beside the step that an enumeration
    of its free indices takes, on the step's own symbols (``i \\neq j``; ``0 < i`` moved out of
    the assumptions); letters a relation adds as sizes (``n`` of ``i \\le n`` when the step
    does not use n); and the relations between letters it cannot take."""
    free_names = {s.name for s in free}
    by_name = {s.name: s for s in set(free) | set(sizes)}
    used = _names_used(left, right)
    where, new, left_out = [], set(), []
    for r in tuple(beside.domain) + tuple(beside.letters):
        names = {s.name for s in r.free_symbols}
        extra = names - set(by_name)
        if not names & free_names or any(not _LETTER.match(n) or n in used for n in extra) \
                or (extra and not _bounds(r, free_names)):
            if r in beside.letters:
                left_out.append(r)
            continue
        for n in extra:   # a size the condition alone names: enumerated like the others
            by_name[n] = sp.Symbol(n, integer=True, positive=True)
            new.add(by_name[n])
        where.append(r.xreplace({s: by_name[s.name] for s in r.free_symbols}))
    moved = {str(r) for r in beside.domain if {s.name for s in r.free_symbols} & free_names}
    assume = [a for a in assume if not (moved and str(a) in moved)]
    return where, assume, new, left_out


def _bounds(rel, free_names) -> bool:
    """``i \\le n``, ``i < n``, ``n \\ge i``: a free index alone below an expression of no free
    index (the only relations that may bring a size of their own)."""
    if isinstance(rel, (sp.LessThan, sp.StrictLessThan)):
        small, big = rel.lhs, rel.rhs
    elif isinstance(rel, (sp.GreaterThan, sp.StrictGreaterThan)):
        small, big = rel.rhs, rel.lhs
    else:
        return False
    return isinstance(small, sp.Symbol) and small.name in free_names \
        and not {x.name for x in big.free_symbols} & free_names


def subscript_letters(names) -> set:
    """The letters of the subscripts of ``names`` (``p_i``, ``w_{jk}``: i, j, k): a bare letter
    among them is an index (``i = j`` in a cases row), not a new name."""
    from ..reading import indices
    out = set()
    for n in names:
        got = indices.entry_letters(n)
        if got is not None:
            out |= set(got[1])
    return out


def index_letters(*readings) -> set:
    """The letters the readings index with: subscripts of names (``p_i``) and indices of entries
    (``z[j]``). A bare letter among them (``i = j`` in a cases row) is an index, not a new name."""
    out = subscript_letters(set().union(*(r.names for r in readings)))
    for r in readings:
        for x in getattr(r.expr, "atoms", lambda *_: ())(sp.Indexed):
            out |= {i.name for i in x.indices if isinstance(i, sp.Symbol)}
    return out


def _names_used(left, right) -> set:
    """Names and subscript letters of the step (``p_j`` uses p_j and j; ``X[m, n]`` uses X)."""
    from ..reading import indices
    out = set()
    for e in (left, right):
        for x in getattr(e, "atoms", lambda *_: ())(sp.Symbol):
            out.add(x.name)
            got = indices.entry_letters(x.name)
            if got is not None:
                out |= set(got[1])
        out |= {str(x.base.label) for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}
    return out


_INTEGERS = re.compile(r"^\s*[a-z]\s*\\in\s*\\mathbb\s*\{?\s*[ZN]\s*\}?\s*$")


def _without_integers(text: str) -> str:
    """``i, j \\in \\mathbb{Z}`` set aside: indices are integers already. The letters of the
    list are the bare parts just before it (``0 < i \\le d, i \\in \\mathbb{Z}`` keeps its bound)."""
    parts = text.split(",")
    keep = []
    for part in parts:
        if _INTEGERS.match(part):
            while keep and re.fullmatch(r"\s*[a-z]\s*", keep[-1]):
                keep.pop()
            continue
        keep.append(part)
    return ",".join(keep)


_LETTER = re.compile(r"^[A-Za-z](?:_\{?[0-9]\}?)?$")
def between_letters(rel) -> bool:
    """A relation whose names are all letters (``i``, ``j``, ``n``, ``k_2``): it may be about
    indices and sizes, which only an enumeration can use."""
    syms = rel.free_symbols
    return bool(syms) and all(isinstance(x, sp.Symbol) and _LETTER.match(x.name) for x in syms)


def shown(rel) -> str:
    """``i ≠ j``, ``1 ≤ i``: a relation as a person writes it."""
    ops = {sp.Unequality: "≠", sp.Equality: "=", sp.StrictLessThan: "<", sp.LessThan: "≤",
           sp.StrictGreaterThan: ">", sp.GreaterThan: "≥"}
    return f"{sp.sstr(rel.lhs)} {ops.get(type(rel), '?')} {sp.sstr(rel.rhs)}"


def domain_relation(rel) -> bool:
    """A relation the engine's domains take: one name compared with a number."""
    a, b = rel.lhs, rel.rhs
    one = lambda x, y: isinstance(x, sp.Symbol) and not y.free_symbols
    return not isinstance(rel, (sp.Unequality, sp.Equality)) and (one(a, b) or one(b, a))


def leaves_room(names, rels) -> bool:
    """Whether the relations leave every one of ``names`` some value (x > 0 beside x < 0 do
    not): an ``assume`` that contradicts the ones before it, a region that contradicts a
    step's own conditions."""
    from checks.prove.domains import AssumptionError, Domain
    names = set(names)
    try:
        dom = Domain.from_assumptions(names, tuple(rels))
    except (AssumptionError, ValueError, TypeError):
        return False
    return not any(dom.of(x).empty() for x in names)


# A condition written at the end of a side: after explicit spacing in parentheses
# (``-p_i p_j \quad (i \ne j)``) or after a comma (``\omega_j^2, i \in \{1, \dots, n\}``). Its
# body starts with letters and a relation; brackets other than set braces end it. A letter
# may be Greek and have a subscript (``\qquad (\beta_1 \neq 1)``).
_NAMED = r"(?:[A-Za-z]|\\(?:%s)(?![A-Za-z]))(?:_\{?\s*[A-Za-z0-9]\s*\}?)?" % "|".join(sorted(GREEK, key=len, reverse=True))
_BODY = (r"(?:\\forall\s*)?(?:%s|\d+)(?:\s*,\s*%s)*\s*" % (_NAMED, _NAMED) +
         r"(?:\\neq|\\ne(?![a-z])|\\leq?(?![a-z])|\\geq?(?![a-z])|\\lt|\\gt|\\in(?![a-z])|<|>|=)"
         r"[^()\[\]&]{0,80}?")
_TRAILING = re.compile(r"(?:\\q?quad|\\[,;:]|~)(?:\s|\\q?quad|\\[,;:]|~)*(?:\\left\s*)?\(\s*(?P<paren>" + _BODY
                       + r")\s*(?:\\right\s*)?\)\s*[,.;]?\s*$"
                       r"|,\s*(?:(?:\\q?quad|\\[,;:]|~)\s*)*(?P<comma>" + _BODY + r")\s*[.;]?\s*$")


def trailing(side: str):
    """(side, condition) of a side that ends in a condition (see ``_TRAILING``); (side, "")
    when it does not."""
    m = _TRAILING.search(side)
    if m is None or not side[:m.start()].strip():
        return side, ""
    cond = m.group("paren") or m.group("comma")
    if cond.count("\\{") != cond.count("\\}") or cond.count("{") != cond.count("}"):   # \sum_{k=1, k \neq j}: inside a brace
        return side, ""
    return side[:m.start()].rstrip(), cond.strip()


def beside_step(step):
    """The step with a condition written at the end of a side moved to its note: the right
    side's, or the left side's where the chain goes on after it on the next row."""
    side, cond = trailing(step.to)
    if step.note or cond:   # -p_i p_j \ \text{for}\ i \neq j: the spacing before the note is no part
        side = re.sub(r"(?:\s|\\q?quad|\\[,;:! ]|\\$|~)+$", "", side)
    left, before = trailing(step.from_)
    if (side, left) == (step.to, step.from_):
        return step
    return replace(step, to=side, from_=left, note="; ".join(n for n in (cond, before, step.note) if n))


_SUBSCRIPT_LETTERS = re.compile(r"_\s*\{?\s*([a-z]{1,3})\s*\}?")
_FRAME = re.compile(r"\\forall|\\text\w*\s*\{[^{}]*\}|\\colon|\\q?quad|\\[,;:! ]|[:,]")


def _letter(side: str) -> str | None:
    """The one letter of a side of a statement like ``\\forall i \\neq j:``, else None."""
    m = re.fullmatch(r"\s*([a-z])\s*", _FRAME.sub(" ", side))
    return m.group(1) if m else None


def folded(found) -> dict:
    """{position of a statement: position of the step it conditions}: a relation between two
    letters written as a statement of its own on the row of a step whose subscripts use them:
    after it (``-p_i p_j, \\quad i \\neq j``) or, with no step before it on the row, before
    it (``\\forall i \\neq j: \\quad \\frac{\\partial p_i}{\\partial z_j} = -p_i p_j``). Its text joins
    the step's note; it is no claim of its own."""
    import bisect
    out, rows = {}, {}
    for t, st in enumerate(found):   # the steps (=) of each row, in order
        if st.relation == "=":
            rows.setdefault((st.line, st.lines), []).append(t)
    for k, st in enumerate(found):
        if st.relation not in INEQUALITIES | {"="}:
            continue
        pair = (_letter(st.from_), _letter(st.to))
        row = [t for t in rows.get((st.line, st.lines), ()) if t != k and t not in out]
        at = bisect.bisect_left(row, k)
        if None in pair and st.relation != "=" and at and row[at - 1] == k - 1 \
                and (bound := _bound_of_name(st, found[k - 1])):
            # f'(r) = r, \quad r > \delta: a bound on a name of the step just before it on its
            # row is where that step is meant, not a claim of its own
            out[k] = k - 1
            found[k - 1].note = "; ".join(n for n in (found[k - 1].note, bound) if n)
            j = k + 1    # \delta < r < 2\delta: the rest of the chain bounds the name too
            while j < len(found) and found[j].relation in INEQUALITIES and found[j].line == st.line \
                    and "".join(found[j].from_.split()) == "".join(found[j - 1].to.split()):
                out[j] = k - 1
                more = f"{found[j].from_.strip()} {found[j].relation} {found[j].to.strip()}"
                found[k - 1].note = "; ".join((found[k - 1].note, more))
                j += 1
            continue
        if None in pair or pair[0] == pair[1]:
            continue
        target = row[at - 1] if at else (row[at] if row else None)
        if target is None or not set(pair) <= _subscripts(found[target]):
            continue
        out[k] = target
        cond = f"{pair[0]} {st.relation} {pair[1]}"
        found[target].note = "; ".join(n for n in (found[target].note, cond) if n)
    return out


_NAME = r"(?:[A-Za-z]|\\[a-zA-Z]+)(?:_\{?[A-Za-z0-9]\}?)?"
_BOUND = re.compile(rf"\s*(?P<name>{_NAME})\s*$")
_LIMIT = re.compile(rf"\s*(?:-\s*)?(?:{_NAME}|\d+(?:\.\d+)?)\s*$")


def _bound_of_name(st, step) -> str:
    """``r > \\delta`` (a name against a name or a number) whose names the step writes, as the
    text of a condition; "" for anything else (``x^2 \\le 4``, a name the step does not use)."""
    m = _BOUND.match(st.from_)
    if m is None or not _LIMIT.match(st.to) or m.group("name") in ("\\forall", "\\text"):
        return ""
    written = step.from_ + " " + step.to
    names = [m.group("name")] + [n for n in re.findall(_NAME, st.to) if not n[0].isdigit()]
    if not all(re.search(re.escape(n) + r"(?![A-Za-z])", written) for n in names):
        return ""
    return f"{st.from_.strip()} {st.relation} {st.to.strip()}"


def _subscripts(step) -> set:
    return {c for m in _SUBSCRIPT_LETTERS.finditer(step.from_ + " " + step.to) for c in m.group(1)}


def spread(found, heads, reader) -> None:
    """A condition between index letters beside one step of a chain (``a &= b \\\\ &= c \\quad
    \\text{for } i \\neq j``) is the condition of every step of that chain: the first row may
    well hold only for i ≠ j too. ``heads``: whether each step starts a chain. Notes of other
    kinds (``\\text{since } S = ...``), and relations of letters the chain does not index with,
    stay with their own step."""
    chains = []
    for st, head in zip(found, heads):
        if head or not chains:
            chains.append([])
        chains[-1].append(st)
    for chain in chains:
        said, indexed = [], set().union(*(_subscripts(st) for st in chain))
        for st in chain:
            written = "; ".join(n for n in (st.note, trailing(st.to)[1], trailing(st.from_)[1]) if n)
            got = from_note(written, reader) if written else Beside()
            if got.letters and not (got.domain or got.others or got.unread) and written not in said \
                    and all({x.name for x in r.free_symbols} <= indexed for r in got.letters):
                said.append(written)
        for st in chain if len(chain) > 1 else ():
            for n in said:
                if n not in st.note and n not in st.to and n not in st.from_:
                    st.note = "; ".join(x for x in (st.note, n) if x)


GAP = "gap_"     # gap_r: r minus its bound, for a step with r > bound beside it (shifted)


def is_gap(x) -> bool:
    return isinstance(x, sp.Symbol) and x.name.startswith(GAP) and bool(x.is_nonnegative)


def shifted(beside: Beside, left, right, assume, sign_elsewhere=lambda name: None):
    """A condition beside the step that bounds one name by an expression of others (``r > \\delta``,
    ``x \\ge \\mu``), used by writing the name as that expression plus a positive gap:
    r := \\delta + gap_r with gap_r > 0 (>= 0 for >=), a name of its own.
    Every point of the checked domain then satisfies the condition and every point of it is
    reached, so a counterexample is inside it and a proof covers it. Only a real name that the
    step writes, bounded by one relation of the note, whose bound does not write it; and every
    name of the bound has its sign among the step's assumptions, is given one sign by the prose
    of the question before the step (added to the assumptions), or is given none in the question
    (``sign_elsewhere``): the gap would otherwise range where the text says it does not.
    (left, right, assume, beside, [relations used]) or None when no relation is used."""
    used, kept = [], []
    swap = {}
    names = {s for e in (left, right) for s in getattr(e, "free_symbols", ())}
    bounded = {s.name for a in assume for s in getattr(a, "free_symbols", ())}   # \delta > 0 said: keep it
    for rel in beside.others:
        got = _gap(rel, names, beside, bounded)
        signs = []
        for x in (got[1].free_symbols if got is not None else ()):
            said = None if x.name in bounded or x.name == GAP + got[0].name else sign_elsewhere(x.name)
            if said is False:
                got = None     # r > \delta with delta's sign said twice, or after the step: the
                break          # check could range over a delta the text excludes
            if said is not None:   # "a threshold $\delta > 0$" before: the step's domain too
                signs.append(said.xreplace({y: x for y in said.free_symbols if y.name == x.name}))
        if got is None or swap:     # one gap a step: a second bound may write the first name
            kept.append(rel)
            continue
        swap[got[0]] = got[1]
        used.append(rel)
        assume = list(assume) + [r for r in signs if r not in assume]
        bounded |= {x.name for r in signs for x in r.free_symbols}
    if not used:
        return None
    left, right = (e.xreplace(swap) if hasattr(e, "xreplace") else e for e in (left, right))
    assume = [a.xreplace(swap) if hasattr(a, "xreplace") else a for a in assume]   # none on a shifted name
    shown_used = [f"{shown(r)} (as {n} = {sp.sstr(v)})" for r, (n, v) in zip(used, swap.items())]
    return left, right, assume, replace(beside, others=tuple(kept)), shown_used


def _gap(rel, names: set, beside: Beside, bounded: set):
    """(name, its value as bound + gap) of ``name > bound`` (or <, >=, <=, either way round)."""
    if not isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
        return None
    for name, bound, above in ((rel.lhs, rel.rhs, rel.rel_op in (">", ">=")),
                               (rel.rhs, rel.lhs, rel.rel_op in ("<", "<="))):
        if not isinstance(name, sp.Symbol) or name.is_integer or name.is_real is False or name.name in bounded:
            continue     # an assumption on the name itself must stay one name against a number
        match = next((s for s in names if isinstance(s, sp.Symbol) and s.name == name.name), None)
        if match is None or not bound.free_symbols or any(s.name == name.name for s in bound.free_symbols):
            continue
        others = [r for r in beside.others + beside.domain + beside.letters
                  if r is not rel and any(s.name == name.name for s in r.free_symbols)]
        if others:
            return None          # \delta < r < 2\delta: two bounds, not one gap
        strict = rel.rel_op in ("<", ">")
        gap = sp.Symbol(GAP + name.name, positive=True) if strict \
            else sp.Symbol(GAP + name.name, nonnegative=True)
        return match, (bound + gap if above else bound - gap)
    return None
