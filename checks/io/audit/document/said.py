"""Label sets the text states (``y \\in \\{-1, 1\\}``, ``y_i \\in \\{0, 1\\}``), used as the finite
domain they are.

A label set said in the question a step is in (or in the preamble of a section the step is in)
restricts the name: the step is checked at every member, each member exactly, as the entries
of one matrix identity. So

- a ``wrong`` is a certified counterexample with the label in the set (a counterexample in the
  smaller domain the text states is one in the larger domain too);
- a ``holds`` has covered every member (a finite, exhaustive check; as exact as the rest of the
  check: a proof for every member, or bounded where sizes were enumerated);

and the doubt "the text says y in {0, 1}, which the check does not use" goes. A set said in
another question is not this step's domain: the doubt stays (``pending_doubts``). A step that
the check cannot restrict (it differentiates by the label, an entry of the labelled array keeps
a symbolic index, too many members to enumerate) keeps the doubt too.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import sympy as sp

from ..reading import ranges

MAX_MEMBERS = 6      # a label set: a few integers ({-1, 1}, {0, 1}, {0, 1, 2})
MAX_ROWS = 128       # entries of one restricted step (members x labelled names x sizes)

_NAME = r"\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]{1,3}\}?)?"
_SPACING = re.compile(r"\\[,;:! ]|~|\\q?quad")
_SET = re.compile(r"^\s*(?P<names>" + _NAME + r"(?:\s*,\s*" + _NAME + r")*)\s*\\in\s*\\\{(?P<members>[^{}]*)\\\}"
                  r"\s*(?P<power>\^\s*(?:\{\s*[A-Za-z0-9]{1,3}\s*\}|[A-Za-z0-9]))?\s*[.,;]?\s*$")
_MEMBER = re.compile(r"^\s*(?:(?P<pm>\\pm|\\mp)\s*(?P<a>\d{1,3})|(?P<sign>[+-]?)\s*(?P<b>\d{1,3}))\s*$")


@dataclass(frozen=True)
class LabelSet:
    """``names \\in \\{members\\}`` said in the text: each name (or, with ``entries``, each entry
    of the array it names) takes one of the integers ``members``."""
    names: tuple            # as written, spaces removed: ("y",), ("y_i",), ("y", "t")
    members: tuple          # sympy Integers, in the order written, without repeats
    latex: str              # the formula as written (the doubt's text)
    line: int = 0
    question: str = ""      # the question it is said in
    section: tuple | None = None   # said in the preamble of this section: for all its questions
    entries: bool = False   # y \in \{0, 1\}^K: the entries y_k of the vector y
    one_hot: str = ""       # the size (K) of a vector the text calls one-hot: one entry 1, the others 0

    def shown(self) -> str:
        names = ", ".join(self.names)
        if self.one_hot:
            size = f" of size {self.one_hot}" if self.one_hot != "?" else ""
            return f"{names} one-hot{size} (the text, line {self.line})"
        members = ", ".join(str(m) for m in self.members)
        power = "^K" if self.entries else ""
        return f"{names} ∈ {{{members}}}{power} (the text, line {self.line})"

    def arrays(self) -> set:
        """The names it labels, as arrays: y of ``y``, of ``y_i`` and of ``y \\in \\{0,1\\}^K``."""
        return {n if self.entries else (_base(n) or n) for n in self.names}

    def applies(self, here: str, section: tuple) -> bool:
        """Said for a step of question ``here`` in the sections ``section``: in its own question,
        or in the preamble of a section the step is in."""
        if self.section is not None:
            return tuple(section[:len(self.section)]) == tuple(self.section)
        return _number(self.question) == _number(here)


_WORD = re.compile(r"^(?:q|question|problem|exercise|ex\.?|task|part)\s*", re.I)


def _number(question: str) -> str:
    """A question's label without its word: ``Q1``, ``Question 1`` and the ``1`` of ``1(b)`` are
    one question (the statement's label and its parts' labels)."""
    return _WORD.sub("", question.strip()).strip().rstrip(".:").lower()


def label_set(latex: str, line: int = 0, question: str = "", section=None) -> LabelSet | None:
    """The label set ``latex`` states (``y \\in \\{-1, 1\\}``, ``y_i \\in \\{0,1\\}``, ``t \\in
    \\{\\pm 1\\}``, ``y \\in \\{0, 1\\}^K``), else None: a set with a ``\\dots`` is a range of
    indices, a set with a name or a fraction in it is not a set of labels."""
    text = _SPACING.sub(" ", latex)
    m = _SET.match(text)
    if m is None:
        return None
    members = []
    for part in m.group("members").split(","):
        got = _MEMBER.match(part)
        if got is None:
            return None
        if got.group("pm"):
            v = int(got.group("a"))
            members += [-v, v]
        else:
            members.append(int(got.group("b")) * (-1 if got.group("sign") == "-" else 1))
    members = tuple(dict.fromkeys(sp.Integer(v) for v in members))
    if not 2 <= len(members) <= MAX_MEMBERS:
        return None
    names = tuple(re.sub(r"\s+", "", n) for n in m.group("names").split(","))
    return LabelSet(names, members, latex.strip(), line, question, section, bool(m.group("power")))


# -- a vector the text calls one-hot ------------------------------------------------------------------
_HOT = r"one[- ]?hot(?:[- ]encoded)?"
_HOT_BEFORE = re.compile(r"\b" + _HOT + r"(?:\s+[A-Za-z-]+){0,2}\s*$", re.I)       # "a one-hot label $y$"
_HOT_AFTER = re.compile(r"^\s*(?:(?:is|be|are)\s+(?:an?\s+)?(?:\w+\s+)?" + _HOT + r"|\(\s*" + _HOT + r"\s*\))",
                        re.I)                                                          # "$y$ is a one-hot", "$y$ (one-hot)"
_BOLD = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*(?P<b>[A-Za-z])\s*\}|\s(?P<s>[A-Za-z]))|(?P<p>[A-Za-z]))"
_SIZE_PATTERNS = (r"\\in\s*\\\{\s*0\s*,\s*1\s*\\\}\s*\^\s*\{?\s*(?P<n>[A-Za-z])\s*\}?",
                  r"\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{?\s*(?P<n2>[A-Za-z])\s*\}?")


def one_hot(latex: str, text: str, start: int, line: int = 0, question: str = "", section=None) -> LabelSet | None:
    """The vector the prose calls one-hot ("Let $y$ be a one-hot label", "a one-hot target $\\mathbf t$",
    "$\\mathbf y$ (one-hot)") as the finite domain it is: one entry 1, the others 0. Its size is the
    letter of a space the question gives it (``y \\in \\{0,1\\}^K``, ``\\mathbb R^K``) or of its sum
    (``\\sum_{i=1}^K y_i = 1``); without one the set is not made (the entries a step writes at a size
    say nothing of the ones it leaves out)."""
    m = re.fullmatch(r"\s*" + _BOLD + r"\s*(?:" + "|".join(_SIZE_PATTERNS) + r")?\s*", latex)   # $y \in \{0, 1\}^n$ too
    if m is None:
        return None
    letter = m.group("b") or m.group("s") or m.group("p")
    before = re.split(r"[.;!?]\s|\n\s*\n", text[max(0, start - 80):start].rstrip("$ "))[-1]
    end = text.find("$", start + len(latex))
    after = text[end + 1:end + 60] if end >= 0 else ""
    if not (_HOT_BEFORE.search(before) or _HOT_AFTER.match(after)):
        return None
    lo, hi = _question_span(text, start)
    question_text = text[lo:hi]
    name = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*" + letter + r"\s*\}|\s" + letter + r"(?![A-Za-z]))|(?<![A-Za-z\\])" \
        + letter + r"(?![A-Za-z]))"
    size = m.group("n") or m.group("n2")
    for pattern in () if size else _SIZE_PATTERNS:
        got = re.search(name + r"\s*" + pattern, question_text)
        if got is not None:
            size = got.group("n") if "n" in got.groupdict() else got.group("n2")
            break
    if size is None:    # a sum over its entries: \\sum_{i=1}^K y_i = 1, -\\sum_{c=1}^{C} t_c \\log q_c
        got = re.search(r"\\sum_\{?\s*([a-z])\s*=\s*1\s*\}?\s*\^\s*\{?\s*([A-Za-z])\s*\}?[^$=]{0,30}?" + name
                        + r"\s*_\s*\{?\s*\1(?![A-Za-z0-9])", question_text)
        size = got.group(2) if got else None
    # its entries are the letter's (\\mathbf t and t_c are one vector). Without a size it is no
    # domain the check can enumerate: the set then only says the doubt
    return LabelSet((letter,), (sp.Integer(0), sp.Integer(1)), f"{latex.strip()} one-hot", line, question,
                    section, True, size if size and size != letter else "?")


_SMOOTHED = re.compile(r"\bsmooth|\bsoft\s+(?:label|target)|\bmixup\b|\bdistillation\b", re.I)


def other_labels_said(text: str, start: int) -> bool:
    """Whether the question around ``start`` speaks of labels that are not one-hot too (soft or
    smoothed labels, relaxed, any value, otherwise): the one-hot vectors are then one case of
    its steps, not their domain (the doubt stays)."""
    lo, hi = _question_span(text, start)
    question = text[lo:hi]
    return bool(_OTHER_CASES.search(question) or _SMOOTHED.search(question))


def one_hot_allowed(ls: LabelSet, put: dict, case: dict) -> bool | None:
    """Whether the members ``put`` of the entries of the one-hot ``ls`` fit one vector of its size
    at ``case`` (the row's sizes): one entry 1, or none among the entries written where some
    are not; None when the size or an entry's position is not known (not restricted)."""
    size = next((v for k, v in case.items() if str(k) == ls.one_hot), None)   # "?": no size known
    if size is None or not getattr(size, "is_Integer", False):
        return None
    at = {}
    for atom, value in put.items():
        if isinstance(atom, sp.Indexed) and len(atom.indices) == 1 and atom.indices[0].is_Integer:
            k = int(atom.indices[0])
        elif isinstance(atom, sp.Symbol) and (sub := _subscript(atom.name)) is not None and sub.isdigit():
            k = int(sub)
        else:
            return None
        if not 1 <= k <= int(size):
            return None
        at[k] = int(value)
    ones = sum(at.values())
    return ones == 1 or (ones == 0 and len(at) < int(size))


def sum_fact(latex: str, ls: LabelSet) -> bool:
    """``\\sum_{i=1}^K y_i = 1`` of the one-hot ``ls``: what its members satisfy already."""
    letter = ls.names[0]
    name = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*" + letter + r"\s*\}|\s" + letter + ")|" + letter + ")"
    return re.fullmatch(r"\s*\\sum_\{?\s*([a-z])\s*=\s*1\s*\}?\s*\^\s*\{?\s*" + ls.one_hot + r"\s*\}?\s*" + name
                        + r"\s*_\s*\{?\s*\1\s*\}?\s*=\s*1\s*[.,;]?\s*", latex) is not None


# -- a set said as one case of several --------------------------------------------------------------
_CASE_WORDS = re.compile(r"\b(?:for|if|when|whenever|in\s+the\s+cases?(?:\s+(?:of|that|where))?)"
                         r"(?:\s+[A-Za-z-]+){0,3}\s*\$?\s*$", re.I)
_OTHER_CASES = re.compile(r"\blarger\b|\bgreater\b|\botherwise\b|\bany\s+value|\brelax|\bsoft\b", re.I)
_HEADING = re.compile(r"^\s*(?:#|\\(?:sub)*section|\*\*\s*(?:Q|Question|Problem|Exercise)\b"
                      r"|(?:Question|Problem|Exercise)\s+\d)", re.M)
_OPEN = r"\\in\s*(?:\\left\s*)?[\[(]|\\in\s*\\mathbb\s*\{?\s*R|\\in\s*\\R\b|\\in\s*\\real"


def _question_span(text: str, start: int) -> tuple:
    """(lo, hi): the text of the question ``start`` is in, from the heading before it to the next."""
    heads = [m.start() for m in _HEADING.finditer(text)]
    return max([h for h in heads if h <= start], default=0), min([h for h in heads if h > start], default=len(text))


def a_case(ls: LabelSet, text: str, start: int) -> bool:
    """The set (written at ``start`` of ``text``) is one case of several, not the name's domain:
    the words before it open a case ("For $n \\in \\{1, 2\\}$ ...", "For hard labels $y \\in
    \\{0, 1\\}$") and its question speaks of other values too: a non-finite domain for the name
    (``y \\in [0, 1]``, ``(0, 1)``, ``\\mathbb R``), "any value", "relax", "soft", "larger",
    "otherwise". The set is then no domain of the question's steps (the doubt on it stays)."""
    before = text[max(0, start - 60):start]
    before = re.split(r"[.;:!?]|\n\s*\n", before)[-1]
    if not _CASE_WORDS.search(before):
        return False
    lo, hi = _question_span(text, start)
    question = text[lo:start] + " " * len(ls.latex) + text[start + len(ls.latex):hi]
    if _OTHER_CASES.search(question):
        return True
    for n in ls.names:
        name = re.escape(_base(n) or n)
        if re.search(r"(?<![A-Za-z\\])" + name + r"(?:_\{?\w+\}?)?\s*(?:" + _OPEN + ")", question):
            return True
    return False


# -- which atoms of a step a label set restricts ------------------------------------------------
_ENTRY = re.compile(r"^(?P<base>.+?)_(?:\{[a-z0-9]{1,3}\}|[a-z0-9])$")


def _base(name: str) -> str | None:
    m = _ENTRY.match(name)
    return m.group("base") if m else None


def _targets(e, ls: LabelSet) -> set:
    """The atoms of ``e`` the label set speaks of: the names themselves (``y``); for a set said of
    an entry (``y_i``) or of a vector's entries (``^K``), the entries of that array that are
    entries by their index: ``y[2]``, ``y_1``, ``y_{2}``, the set's own ``y_i``, and ``y_j`` where the
    step uses j as an index. ``y_p`` or ``y_{out}`` beside ``y_i \\in \\{0, 1\\}`` may be another
    quantity (the prediction): not restricted, the doubt stays."""
    out = set()
    atoms = getattr(e, "atoms", lambda *_: set())
    free = getattr(e, "free_symbols", set())    # a sum's own t of \sum_t is no label t
    for n in ls.names:
        base = n if ls.entries else _base(n)
        own = _subscript(n) if not ls.entries else None
        for s in free:
            if isinstance(s, sp.Dummy) or not isinstance(s, sp.Symbol):
                continue
            if base is None and s.name == n:
                out.add(s)
            elif base is not None and _base(s.name) == base and _an_entry(_subscript(s.name), own, e):
                out.add(s)
        if base is not None:
            out |= {x for x in atoms(sp.Indexed) if str(x.base.label) == base}
    return out


def _subscript(name: str) -> str | None:
    m = _ENTRY.match(name)
    return None if m is None else name[len(m.group("base")) + 1:].strip("{}")


def _an_entry(sub: str | None, own: str | None, e) -> bool:
    """The subscript ``sub`` picks an entry: a number, the set's own index letter, or a letter
    the step ``e`` uses as an index (a sum's or product's, an Indexed entry's, another array's
    entry's)."""
    if sub is None:
        return False
    if sub.isdigit() or sub == own:
        return True
    return len(sub) == 1 and sub.isalpha() and sub in _index_letters(e)


def _index_letters(e) -> set:
    from ..reading.indices import entry_letters
    out = set()
    atoms = getattr(e, "atoms", lambda *_: set())
    for node in atoms(sp.Sum, sp.Product):
        out |= {str(v) for v, *_ in node.limits}
    for x in atoms(sp.Indexed):
        out |= {str(i) for i in x.indices if isinstance(i, sp.Symbol)}
    bases = {}
    for s in atoms(sp.Symbol):
        got = entry_letters(s.name)
        if got is not None and len(got[1]) == 1:
            bases.setdefault(got[1], set()).add(got[0])
    # j of y_j is an index when another array is entered at j too (y_j beside p_j)
    out |= {k for k, b in bases.items() if len(b) > 1}
    return out


@dataclass
class Restricted:
    left: object
    right: object
    cases: list          # per row: {atom: value} (sizes, free indices, labels)
    sizes: dict          # the size map left to the engine (empty once sizes were enumerated)
    used: tuple          # the LabelSets used
    assume: list         # the assumptions left (a relation on a label was settled by the members)
    enumerated: bool     # sizes were enumerated here or before: bounded, never a proof


def restrict(left, right, labels, cases=(), size_map=None, assume=(), sizes=None) -> Restricted | None:
    """The step (``left``, ``right``: expressions, or matrices of enumerated entries with their
    ``cases``) at every member of the label sets ``labels`` that speak of its names: one row per
    entry and assignment of members. None when no label set speaks of the step, or when the step
    cannot be restricted soundly (see the module's doc): then the doubt stays."""
    size_map = dict(size_map or {})
    matrix = isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase)
    if matrix and (not cases or len(cases) != len(left) or left.shape != right.shape):
        return None
    if not matrix and (isinstance(left, sp.MatrixBase) or isinstance(right, sp.MatrixBase)):
        return None
    rows = list(zip(left, right)) if matrix else [(left, right)]
    base_cases = [dict(c) for c in cases] if matrix else [{}]
    used = [ls for ls in labels if any(_targets(a, ls) or _targets(b, ls) for a, b in rows)]
    if not used:
        return None
    enumerated = matrix
    if _inside_sized_sums(rows, used, size_map):
        if sizes is None:
            return None
        rows, base_cases = _sizes_enumerated(rows, base_cases, size_map, sizes)
        if rows is None:
            return None
        size_map, enumerated = {}, True
    out_l, out_r, out_cases, labelled = [], [], [], set()
    for (a, b), case in zip(rows, base_cases):
        by_atom = {}
        for ls in used:
            for t in _targets(a, ls) | _targets(b, ls):
                if isinstance(t, sp.Indexed) and not all(getattr(i, "is_Integer", False) for i in t.indices):
                    return None       # y[i] of a free index left symbolic
                if by_atom.setdefault(t, ls.members) != ls.members:
                    return None       # two sets said for one name: which one is meant is not known
        if any(_differentiated_by(e, set(by_atom)) for e in (a, b)):
            return None
        atoms = sorted(by_atom, key=str)
        labelled |= set(atoms)
        for values in itertools.product(*(by_atom[t] for t in atoms)):
            put = dict(zip(atoms, values))
            fits = True
            for ls in (u for u in used if u.one_hot):    # one entry 1 at the row's size, the others 0
                own = _targets(a, ls) | _targets(b, ls)
                fits = one_hot_allowed(ls, {t: v for t, v in put.items() if t in own}, case)
                if fits is None:
                    return None
                if not fits:
                    break
            if not fits:
                continue
            allowed = _allowed(assume, put)
            if allowed is None:
                return None
            if not allowed:
                continue
            out_l.append(a.xreplace(put))
            out_r.append(b.xreplace(put))
            out_cases.append({**case, **put})
            if len(out_l) > MAX_ROWS:
                return None
    if not out_l:
        return None          # no member satisfies the step's own conditions: nothing is checked
    kept = [r for r in assume if not (getattr(r, "free_symbols", set()) & labelled)]
    return Restricted(sp.Matrix(out_l), sp.Matrix(out_r), out_cases, size_map, tuple(used), kept, enumerated)


def _allowed(assume, put) -> bool | None:
    """Whether the assumptions that name a labelled atom hold at the members ``put``; None when
    one of them is not decided there (it ties the label to another name: not restricted here)."""
    for r in assume:
        if not (getattr(r, "free_symbols", set()) & set(put)):
            continue
        got = r.xreplace(put)
        if got == sp.false:
            return False
        if got != sp.true:
            return None
    return True


def _differentiated_by(e, atoms: set) -> bool:
    for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative):
        if {v for v, _ in d.variable_count} & atoms:
            return True
    for d in getattr(e, "atoms", lambda *_: ())(sp.Subs):
        if set(d.variables) & atoms:
            return True
    return False


def _inside_sized_sums(rows, used, size_map) -> bool:
    """Whether an entry of a labelled array sits in a sum or product over a symbolic size: the
    entries it stands for are known only once the size is."""
    for a, b in rows:
        for e in (a, b):
            for node in getattr(e, "atoms", lambda *_: ())(sp.Sum, sp.Product):
                bound = {v for v, *_ in node.limits}
                for ls in used:
                    for t in _targets(node.function, ls):
                        if isinstance(t, sp.Indexed) and set(t.indices) & bound:
                            return True
    return False


def _sizes_enumerated(rows, base_cases, size_map, sizes):
    """Rows at every size of ``sizes`` (the values an enumeration of a step's sizes takes) for
    the symbolic sizes of ``size_map``; (None, None) when a sum runs to something that is not
    one of those sizes."""
    names = sorted(size_map, key=str)
    out_rows, out_cases = [], []
    for values in itertools.product(sizes, repeat=len(names)):
        at = {n: sp.Integer(v) for n, v in zip(names, values)}
        if any(v not in size_map[n] for n, v in zip(names, values)):
            continue
        for (a, b), case in zip(rows, base_cases):
            a2, b2 = (_expand_sums(e.xreplace(at)) if hasattr(e, "xreplace") else e for e in (a, b))
            if any(isinstance(node, (sp.Sum, sp.Product)) for e in (a2, b2)
                   for node in getattr(e, "atoms", lambda *_: ())(sp.Sum, sp.Product)):
                return None, None
            out_rows.append((a2, b2))
            out_cases.append({**case, **at})
            if len(out_rows) > MAX_ROWS:
                return None, None
    return (out_rows, out_cases) if out_rows else (None, None)


def _expand_sums(e):
    """Sums and products with integer bounds written out term by term (nothing else evaluated)."""
    if not hasattr(e, "replace"):
        return e

    def written_out(node):
        if all(lo.is_Integer and hi.is_Integer for _, lo, hi in node.limits):
            return node.doit(deep=False)
        return node
    for _ in range(4):    # nested sums: inside out
        new = e.replace(lambda n: isinstance(n, (sp.Sum, sp.Product)), written_out)
        if new == e:
            break
        e = new
    return e


def settled(used, every) -> set:
    """The doubts a restriction by the label sets ``used`` settles: their own, and those of the
    label sets of other questions for the same names (the question's own set is the one in
    force where it speaks)."""
    names = set().union(*(ls.arrays() for ls in used))
    return {doubt_text(ls) for ls in every if ls in used or ls.arrays() & names}


def doubt_text(ls: LabelSet) -> str:
    """The doubt ``pending_doubts`` writes for a label set it does not use."""
    return f"the text says {ls.latex}, which the check does not use"


# -- index cases the text names -------------------------------------------------------------------
_LETTER = r"([a-z])"
_EQUATION = re.compile(r"^\s*(?P<a>[a-z])\s*=\s*(?P<b>[a-z](?:\s*[+-]\s*(?:[a-z]|\d{1,2}))*)\s*[.,;]?\s*$")
_PAIR = re.compile(r"^\s*(?P<a>[a-z])\s*(?P<op>=|\\neq|\\ne(?![a-z])|\\not\s*=)\s*(?P<b>[a-z])\s*[.,;]?\s*$")


def free_letters(*exprs) -> set:
    """The letters a step's reading leaves free: its free names, the letters of their subscripts
    (``p_j``), the indices of its entries and of the variables of its derivatives; a sum's own
    index is bound (``k`` of ``\\sum_{k \\neq j} p_k``)."""
    from ..reading.indices import entry_letters
    out = set()
    for e in exprs:
        for s in getattr(e, "free_symbols", ()):
            name = getattr(s, "name", None)
            if name is None:
                continue
            out.add(name)
            got = entry_letters(name)
            if got is not None:
                out |= set(got[1])
    return out


def bound_letters(*exprs) -> set:
    """The indices of the sums and products of a step (``k`` of ``\\sum_{k \\neq j} p_k``)."""
    out = set()
    for e in exprs:
        for node in getattr(e, "atoms", lambda *_: ())(sp.Sum, sp.Product):
            out |= {str(v) for v, *_ in node.limits}
    return out


def binds_nothing(latex: str, free: set, bound: set = frozenset()) -> bool:
    """``k = j`` (a letter equal to a letter, or to letters and numbers: ``j = n - i + 1``) whose
    left letter is the index of a sum or product of the step (``bound``): for every value of the
    step's free letters some value of that letter satisfies it, so it restricts nothing the step
    is claimed for (the split of a sum ``\\sum_k`` at ``k = j``). A letter the step does not
    write may still be in it through a definition (``v_j = (j - c)^2`` and "the true class, $j =
    c$"): the doubt stays."""
    m = _EQUATION.match(latex)
    if m is None:
        return False
    a, rest = m.group("a"), m.group("b")
    letters = set(re.findall(r"[a-z]", rest))
    if a not in free and a not in letters and a in bound:
        return True
    m2 = _PAIR.match(latex)      # j = k with k bound: the same, read the other way round
    return bool(m2 and m2.group("op") == "=" and m2.group("b") not in free and m2.group("b") != a
                and m2.group("b") in bound)


def case_pair(latex: str):
    """(a, b) of a case the text names between two letters (``i = j``, ``i \\neq j``), else None."""
    m = _PAIR.match(latex)
    return None if m is None else (m.group("a"), m.group("b"))


# -- a range or relation said of letters the step does not have free ------------------------------
def range_letters(latex: str) -> set | None:
    """The index letters a range said in words runs over (``1 \\le i \\le n``: i; ``i, j \\in
    \\{1, \\dots, K\\}``: i, j; ``k = 1, \\dots, K``: k), else None: a bound on one side only
    (``n \\le 10``) may be a size's, a set of labels (``y \\in \\{0, 1\\}``) is a domain, an
    interval (``x \\in [0, 1]``) or bounds in numbers only (``0 \\le x \\le 1``) may be a real
    variable's: the letter x of the text may be the array whose entries x_1 the step has."""
    got = ranges.parse(latex)
    if got is None or not got.bounded or (got.integer is None and not got.names_a_size()):
        return None
    return set(got.letters)


def step_letters(*exprs) -> set:
    """The letters a step (as written, or with the definitions it uses put in) has free: its free
    names, the letters of their subscripts and the indices of its entries (``free_letters``), the
    indices of Indexed entries and of Kronecker deltas; a sum's own index is not free."""
    out = free_letters(*exprs)
    for e in exprs:
        free = getattr(e, "free_symbols", set())   # without a sum's own index (g[i] of \sum_i g_i stays)
        for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed, sp.KroneckerDelta):
            args = x.indices if isinstance(x, sp.Indexed) else x.args
            out |= {s.name for i in args for s in getattr(i, "free_symbols", ()) if s in free}
    return out


def said_of_others(latex: str, written: set, expanded: set) -> bool:
    """A range or a relation said in words that binds nothing of this step: the letters it
    ranges over (``1 \\le i \\le n - 2``) or the letter it gives a value in other letters (``j =
    n - 1``) are free neither in the step as written (``written``) nor once the definitions it
    uses are put in (``expanded``: ``v_j = (j - c)^2`` brings j in). For every value of the
    step's letters the relation is satisfiable (the letter it speaks of is the step's to choose
    or not in it at all), so it restricts nothing the step is claimed for."""
    free = set(written) | set(expanded)
    got = range_letters(latex)
    if got is not None:
        return not got & free
    m = _EQUATION.match(latex)
    if m is None:
        return False
    a, rest = m.group("a"), m.group("b")
    return a not in free and a not in set(re.findall(r"[a-z]", rest))


def said_in_question(found, question: str) -> dict:
    """{letter: [expression, ...]} of the relations ``j = n - i + 1`` the inline formulas of the
    question ``question`` say (``found``: the document's displays, inline ones included): two
    that differ for one letter leave which one a step means open."""
    from .context import question_of
    out = {}
    for d in found:
        if not d.inline or question_of(d.location) != question:
            continue
        m = _EQUATION.match(_SPACING.sub(" ", d.latex))
        if m is None:
            continue
        got = _linear(m.group("b"))
        if got is not None:
            out.setdefault(m.group("a"), []).append(got)
    return out


def _linear(text: str):
    """``n - i + 1`` as a sympy expression in integer letters (read here, never evaluated)."""
    total = sp.Integer(0)
    for sign, term in re.findall(r"([+-]?)\s*([a-z]|\d{1,2})", text):
        value = sp.Symbol(term, integer=True) if term.isalpha() else sp.Integer(term)
        total += -value if sign == "-" else value
    return total
