"""Scalar functions of vectors taken entry by entry, their dot products, and sizes of sets.

Cross-entropy, KL and VAE derivations write ``\\mathbf y \\cdot \\log(\\hat{\\mathbf y})``,
``\\mathbf 1^\\top \\exp(\\mathbf z)``, ``\\sum_{j=1}^{|C|} y_j \\log \\hat y_j``. Array mode
(vectors.py) reads a library function of a vector entry by entry; this module gives it:

- ``dots``: ``\\mathbf a \\cdot f(\\mathbf b)`` of two column vectors (a name, or a library
  function of one, ``\\log \\hat{\\mathbf y}``) as ``a^T f(b)``, the sum of the products of the
  entries. Both operands must be columns the text makes columns (bold or declared); a
  ``\\cdot`` beside anything else stays what the reader makes of it (a product);
- ``counted``: the names whose ``|C|`` is the number of elements of a set the text names
  (``C`` the set of classes, ``|V|`` the number of words of the vocabulary), so that
  ``|C|`` is a positive integer size, never a norm or an absolute value;
- ``said_entrywise``: whether the text says a function is taken entry by entry (element-wise,
  elementwise, componentwise, entrywise, pointwise).
"""
from __future__ import annotations

import re

from ..reading.notation import shown

# a library function the reader knows, written before its argument
_FN = r"\\(?:log|ln|exp|sigma|tanh|sqrt)(?![A-Za-z])"
# a column-vector name: bold (optionally under an accent), or one letter the text declares a vector
_BOLD = r"\\(?:mathbf|boldsymbol|bm|vec|underline)\s*(?:\{\s*\\?[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z](?![A-Za-z]))"
_NAME = (r"(?:\\(?:hat|bar|tilde|overline)\s*\{\s*%s\s*\}|%s|(?<![\\A-Za-z])[A-Za-z](?![A-Za-z]))"
         % (_BOLD, _BOLD))
# an operand: a name, or a library function of a name (in brackets, braces, or bare)
_OPERAND = (r"(?:(?P<fnK>%s)\s*(?:\\left\s*\(\s*(?P<aK>%s)\s*\\right\s*\)|\(\s*(?P<bK>%s)\s*\)|"
            r"\{\s*(?P<cK>%s)\s*\}|(?P<dK>%s))|(?P<eK>%s))" % (_FN, _NAME, _NAME, _NAME, _NAME, _NAME))
_DOT = re.compile(r"(?P<left>%s)\s*\\cdot(?![A-Za-z])\s*(?P<right>%s)(?![_^A-Za-z{(])"
                  % (_OPERAND.replace("K>", "1>"), _OPERAND.replace("K>", "2>")))


def _operand_name(m, k: int):
    """The vector name inside operand k of a match."""
    for g in "abcde":
        v = m.group(f"{g}{k}")
        if v is not None:
            return v
    return None


def dots(text: str, is_column, spelled) -> str:
    """``a \\cdot f(b)``, ``f(a) \\cdot b``, ``a \\cdot b`` where both vectors are columns
    (``is_column`` of the reader's spelling, ``spelled``) as ``transposed(a) f(b)``: the dot
    product, the sum over the entries. Anything else is left as written."""
    from .vectors import TRANSPOSED

    def one(m):
        names = [_operand_name(m, 1), _operand_name(m, 2)]
        if not all(n is not None and is_column(spelled(n)) for n in names):
            return m.group(0)
        return f"{TRANSPOSED}({m.group('left')}) {m.group('right')}"
    return _DOT.sub(one, text)


_POWER = re.compile(r"(?P<name>%s)\s*\^\s*(?:\{\s*(?P<a>[2-4])\s*\}|(?P<b>[2-4]))(?![0-9])" % _NAME)


def powers(text: str, is_column, spelled, said: bool) -> str:
    """``\\boldsymbol\\sigma^2`` of a column vector as its entrywise square (\\sigma \\odot \\sigma),
    only where the text says functions of vectors are taken entry by entry (``said``): a
    square of a vector is otherwise a norm's square as often as an entrywise one."""
    if not said:
        return text
    from .vectors import HADAMARD

    def one(m):
        name = m.group("name")
        if not is_column(spelled(name)):
            return m.group(0)
        out = name
        for _ in range(int(m.group("a") or m.group("b")) - 1):
            out = f"{HADAMARD}({out}, {name})"
        return " " + out + " "
    return _POWER.sub(one, text)


# --- sets and their sizes ------------------------------------------------------------------

_SET_NAME = r"(?:\\(?:mathcal|mathscr|mathbb|mathsf|mathrm)\s*\{\s*[A-Z]\s*\}|\\(?:mathcal|mathscr)\s*[A-Z]|[A-Z])"
_COUNT_WORDS = r"(?:number|count|size|cardinality)\s+of\s+(?:the\s+)?(?:classes|categories|labels|words|tokens|elements|items|states|actions|outputs|clusters|examples|samples)"
# "Let |C| be the number of classes", "|V| is the size of the vocabulary"
_BAR_SAID = re.compile(r"\|\s*(%s)\s*\|\s*\$?\s*(?:be|is|denotes?|=)?\s*(?:the\s+)?(?:%s|size\s+of\s+(?:the\s+)?(?:vocabulary|set))"
                       % (_SET_NAME, _COUNT_WORDS), re.I)
# "C the set of classes", "the vocabulary V", "a set C of classes"
_SET_SAID = re.compile(r"(?:\$\s*(%s)\s*\$\s*(?:be\s+|is\s+|denotes?\s+)?(?:the|a)\s+(?:set|vocabulary)(?:\s+of)?"
                       r"|(?:the|a)\s+(?:set(?:\s+of\s+\w+)?|vocabulary)\s+\$\s*(%s)\s*\$)" % (_SET_NAME, _SET_NAME), re.I)


def _spelling(name: str) -> str:
    """\\mathcal C, \\mathcal{ C }: \\mathcal{C}; a plain letter as it is."""
    name = re.sub(r"\s+", "", name)
    m = re.fullmatch(r"\\([a-z]+)\{?([A-Z])\}?", name)
    return f"\\{m.group(1)}{{{m.group(2)}}}" if m else name


# "the dimensionality of \mathbf{a}^2? Denote it by $|\mathbf{a}^2|$", "$|\mathbf x|$ is the length of $\mathbf x$":
# the bars of that vector are its number of entries (a size), said in so many words
_LENGTH = r"(?:dimensionality|dimension|length|size|number\s+of\s+(?:entries|elements|components))"
_VECTOR_SAID = r"\$?\s*(?P<x>\\[A-Za-z]+\s*(?:\{[^{}$]{1,12}\}|\\?[A-Za-z]+)(?:\^\s*(?:\{[^{}$]{1,6}\}|\w))?|[A-Za-z])\s*\$?"
_LENGTH_SAID = re.compile(
    r"%s\s+of\s+%s\s*[?.,]?\s*(?:denote|write|call)\w*\s+(?:it|this)\s+(?:by|as)\s+\$\s*\|(?P<y>[^|$]{1,30})\|\s*\$"
    % (_LENGTH, _VECTOR_SAID)
    + r"|\$\s*\|(?P<y2>[^|$]{1,30})\|\s*\$\s*(?:denotes|is|be)\s+the\s+%s\s+of\s+%s"
    % (_LENGTH, _VECTOR_SAID.replace("<x>", "<x2>")), re.I)


def _bare(name: str) -> str:
    """A vector's name as the reader spells it (\\mathbf a^2 -> \\mathbf{a}^2)."""
    from .vectors import spelled
    # a layer label as the reader rewrites it (\\mathbf{a}^{(2)}) is the name written \\mathbf{a}^2
    return re.sub(r"\^\{\(?(\w+)\)?\}", r"^\1", spelled(name.strip()))


def counted(text: str) -> frozenset:
    """The set names whose |name| the text says is a number of elements, or that it calls a
    set; a name it also declares a vector or matrix (C \\in \\mathbb{R}^{n \\times n}) is left out."""
    from .vectors import declared
    out = {_spelling(m.group(1)) for m in _BAR_SAID.finditer(text)}
    out |= {_spelling(m.group(1) or m.group(2)) for m in _SET_SAID.finditer(text)}
    out -= set(declared(text))
    for m in _LENGTH_SAID.finditer(text):     # the vector's own length, said: its name as written
        x, y = m.group("x") or m.group("x2"), m.group("y") or m.group("y2")
        if _bare(x) == _bare(y):
            out.add(_bare(y))
    return frozenset(out)


def set_size(inner: str, scope):
    """``|C|`` of a set the scope counts: the size's name ``|C|``, else None (an absolute value,
    a norm, a determinant: the reader's)."""
    counted_ = getattr(scope, "counted", frozenset())
    if not counted_:
        return None
    for name in (_spelling(inner.strip()), _bare(inner)):
        if name in counted_:
            return f"|{name}|"
    return None


_ENTRYWISE_WORDS = re.compile(r"\b(?:element[- ]?wise|entry[- ]?wise|component[- ]?wise|point[- ]?wise|"
                              r"entry by entry|element by element|applied to each (?:entry|element|component))\b", re.I)


def said_entrywise(text: str) -> bool:
    """Whether the text says that functions (of vectors) are taken entry by entry."""
    return bool(_ENTRYWISE_WORDS.search(text or ""))


def said_at(text: str, what: str = "entrywise"):
    """The 1-based line where the text first says functions are taken entry by entry
    (said_entrywise), or None: the text of lines 1..L says it exactly when L >= that line.
    (That \\sigma is the sigmoid so taken is components.says_sigma_elementwise's, per question:
    vectors.sigmoid_said.)"""
    if what != "entrywise":
        raise ValueError(f"said_at knows only 'entrywise', not {what!r}")
    m = _ENTRYWISE_WORDS.search(text or "")
    return (text or "").count("\n", 0, m.end()) + 1 if m else None


# --- a number beside a vector inside an entrywise product ----------------------------------

def broadcast_add(vals: list, add: bool = True) -> list:
    """The terms of a sum (``add``) or the two operands of ``\\odot`` at one size, a number among
    vectors made the vector of that number (1 - \\sigma(\\mathbf z) inside \\odot: the entries
    1 - \\sigma(z_i)). Array mode's shape walk lets a number beside a vector through only inside
    an operand of \\odot, where no other reading fits; elsewhere the terms are as they were."""
    import sympy as sp
    shapes = {v.shape for v in vals if isinstance(v, sp.MatrixBase)}
    if len(shapes) != 1 or (add and shapes == {(1, 1)}):
        return vals
    (rows, cols), = shapes
    return [v if isinstance(v, sp.MatrixBase) else v * sp.ones(rows, cols) for v in vals]


# --- a dot product beside the sum over its entries -----------------------------------------

_FAMILY_FN = r"\\(?:log|ln|exp|tanh|sqrt|sigma)(?![A-Za-z])"
_SUB = r"(?:\s*_\s*(?:\{\s*(?P<subK>[a-z])\s*\}|(?P<sbK>[a-z])))?"
_VEC = r"(?P<vK>\\(?:hat|bar|tilde)\s*\{\s*%s\s*\}|%s)" % (_BOLD, _BOLD)
_BOUND = r"(?:\{\s*(?P<bound>\|[^{}|]{1,30}\||\\lvert[^{}]{1,30}\\rvert|[A-Za-z](?:_[A-Za-z0-9])?)\s*\}|(?P<bnd>[A-Za-z]))"
_SUM = re.compile(r"\\sum\s*_\s*\{\s*(?P<j>[a-z])\s*=\s*1\s*\}\s*\^\s*" + _BOUND)


def _operand(k: int) -> str:
    """The regex of operand k: a bold name with an optional one-letter subscript, optionally
    under a library function; the alternatives numbered apart (named groups are unique)."""
    parts, n = [], 0

    def vec():
        nonlocal n
        n += 1
        return (_VEC.replace("K>", f"{k}{n}>"), _SUB.replace("K>", f"{k}{n}>"))
    text = (r"(?:(?P<fn{k}>%s)\s*(?:\\left\s*\(\s*%s%s\s*\\right\s*\)|\(\s*%s%s\s*\)|\{\s*%s%s\s*\}|\s%s%s)|%s%s)"
            .replace("{k}", str(k)))
    for _ in range(5):
        parts.extend(vec())
    return text % (_FAMILY_FN, *parts)


_FAM_DOT = re.compile(r"(?P<left>%s)\s*\\cdot(?![A-Za-z])\s*(?P<right>%s)(?![_^A-Za-z{(])" % (_operand(1), _operand(2)))


def _taken(m, k: int):
    """(function or None, vector as written, subscript letter or None) of operand k."""
    for n in range(1, 6):
        v = m.group(f"v{k}{n}")
        if v is not None:
            return m.group(f"fn{k}"), v, m.group(f"sub{k}{n}") or m.group(f"sb{k}{n}")
    return None


def _entry_base(vector: str) -> str | None:
    """The letter its entries are written with (\\hat{\\mathbf y} -> \\hat{y}), in the reader's spelling."""
    from .vectors import _entry_letter, spelled
    name = spelled(vector)
    from .vectors import accented_array, array_letter
    if not (array_letter(name) or accented_array(name)):
        return None
    return _entry_letter(name)


def _entry(base: str, sub: str | None, j: str) -> str:
    return f"{base}_{{{sub},{j}}}" if sub else f"{base}_{{{j}}}"


def _entry_written(other: str, base: str, sub: str | None, j: str) -> bool:
    """Whether the other side writes entry j of the vector (y_{i,j}, y_{ij}, \\hat y_{i,j}, \\hat{y}_j)."""
    accent = re.fullmatch(r"\\(hat|bar|tilde)\{(\\?[A-Za-z]+)\}", base)
    core = (r"\\%s\s*(?:\{\s*%s\s*\}|%s)" % (accent.group(1), re.escape(accent.group(2)), re.escape(accent.group(2)))
            if accent else re.escape(base) + r"(?![A-Za-z])")
    idx = (r"\{\s*%s\s*,?\s*%s\s*\}" % (sub, j)) if sub else (r"(?:\{\s*%s\s*\}|%s(?![A-Za-z]))" % (j, j))
    return bool(re.search(core + r"\s*_\s*" + idx, other))


_SUM_BEFORE = re.compile(r"\\sum\s*_\s*\{[^{}]*\}\s*\^\s*(?:\{[^{}]*\}|\w)$")
_AFTER = re.compile(r"\s*(?:$|[=+\-)\]},&.]|\\right(?![A-Za-z])|\\\\|\\end(?![A-Za-z])|\\quad)")


def _alone(side: str, m) -> bool:
    r"""Whether the dot product is a term of its own: no factor written against it (W y \cdot z:
    (W y) \cdot z or W (y \cdot z)?), only a sum's sign, a number or a bracket before it."""
    before = side[:m.start()].rstrip()
    ok_before = not before or before[-1] in "=+-([{,0123456789" or before.endswith("\\left(") \
        or bool(_SUM_BEFORE.search(before))
    return ok_before and bool(_AFTER.match(side, m.end()))


class Dotted(str):
    """What dot_step says of its reading (shown among the step's assumptions), with ``doubt``:
    the DEPENDS hazard of a range borrowed from the other side that nothing else ties to the
    vectors (None where a counted |C| of a set the text names is the range)."""
    doubt = None


def dot_doubts(dotted) -> tuple:
    """The hazards a dot_step reading adds to its step (a borrowed range the text does not tie
    to the vectors stops holds: the other side's range, not the vectors', would be proved)."""
    return (dotted.doubt,) if getattr(dotted, "doubt", None) else ()


def _tied(bound: str, counted_: frozenset) -> bool:
    """Whether the text ties the range's bound to the vectors: |C| of a set it counts."""
    m = re.fullmatch(r"\|([^|]+)\||\\lvert(.+)\\rvert", bound.strip())
    if not m or not counted_:
        return False
    inner = m.group(1) or m.group(2)
    return _spelling(inner.strip()) in counted_ or _bare(inner) in counted_


def _declared_length(declared: dict, vector: str, sub: str | None):
    """The length the text declares for the family's vector as written (\\mathbf{y}_i \\in
    \\mathbb{R}^K: K), else None."""
    from .vectors import spelled
    if not sub:
        return None
    for key in (f"{spelled(vector)}_{sub}", f"{spelled(vector)}_{{{sub}}}"):
        said = declared.get(key)
        if said and said[0] == "column" and said[2] == 1:
            return str(said[1])
    return None


def dot_step(step, declared: dict, sigmoid: bool, counted_: frozenset = frozenset()):
    """(the step as read, the reading said). ``\\mathbf y_i \\cdot \\log(\\hat{\\mathbf y}_i)`` on one
    side and ``\\sum_{j=1}^{|C|} y_{i,j} \\log \\hat y_{i,j}`` on the other: the dot product is the
    sum of the products of the entries, over the range the other side sums those very entries
    over (the document gives the vectors that many entries). Only for bold vectors the text does
    not declare (a declared length is array mode's, vectors.py), a library function of one
    operand at most (``\\sigma`` only where the text says it is the sigmoid entry by entry),
    and one such range; any other step as written. The range is borrowed: only |C| of a set
    the text counts (``counted_``) ties it to the vectors; any other bound (N where the text
    says the vectors hold K entries) comes with a doubt that stops holds (Dotted.doubt), and a
    proof from a borrowed range is never called a proof (run.py: numeric at most)."""
    from dataclasses import replace
    for side, other, key in ((step.from_, step.to, "from_"), (step.to, step.from_, "to")):
        ms = list(_FAM_DOT.finditer(side))
        if not ms:
            continue
        sums = {(m.group("j"), m.group("bound") or m.group("bnd")) for m in _SUM.finditer(other)}
        out, last, said, bounds = [], 0, [], set()
        for m in ms:
            (f1, v1, s1), (f2, v2, s2) = _taken(m, 1), _taken(m, 2)
            if s1 != s2 or (f1 and f2) or "\\sigma" in (f1, f2) and not sigmoid or not _alone(side, m):
                return step, None
            from .vectors import spelled
            if any(spelled(v) in declared for v in (v1, v2)):
                return step, None
            b1, b2 = _entry_base(v1), _entry_base(v2)
            if b1 is None or b2 is None:
                return step, None
            found = [(j, n) for j, n in sums if _entry_written(other, b1, s1, j) and _entry_written(other, b2, s2, j)]
            if len({n for _, n in found}) != 1:
                return step, None
            j, n = found[0]
            if not all(_declared_length(declared, v, sub) == n for v, sub in ((v1, s1), (v2, s2))):
                bounds.add(n)      # \mathbf{y}_i \in \mathbb{R}^K declared: K is theirs, not borrowed
            if re.search(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % j, side):
                return step, None       # the letter is taken on this side
            a = _entry(b1, s1, j)
            b = _entry(b2, s2, j)
            a = f"{f1}\\left({a}\\right)" if f1 else a
            b = f"{f2}\\left({b}\\right)" if f2 else b
            out.append(side[last:m.start()] + f"\\left(\\sum_{{{j}=1}}^{{{n}}} {a} {b}\\right)")
            last = m.end()
            said.append(f"{m.group(0).strip()} read as the sum over {j} = 1..{n} of its entries, the range "
                        "the other side sums them over")
        out.append(side[last:])
        dotted = Dotted("; ".join(said))
        loose = sorted(n for n in bounds if not _tied(n, counted_))
        if loose:
            from ..document.context import DEPENDS
            dotted.doubt = (f"{DEPENDS}the vectors taken to have {', '.join(loose)} entries, the range the "
                            "other side gives (the text does not tie their length to it)")
        return replace(step, **{key: "".join(out)}), dotted
    return step, None


def own_size(step, counted_: frozenset):
    """The reason a step is not read when one side is a name the text counts (a set, a vector)
    and the other side its own size ``|X|`` (\\mathbf{a}^2 = |\\mathbf{a}^2|: a label in words
    set aside, or one symbol for two things); None otherwise."""
    if not counted_:
        return None
    for side, other in ((step.from_, step.to), (step.to, step.from_)):
        name = _bare(side)
        if name in counted_ and any(_bare(m.group(1)) == name for m in re.finditer(r"\|([^|]{1,30})\|", other)):
            return f"{shown(side.strip(), 30)} beside its own size |{shown(side.strip(), 30)}|: one name for two things?"
    return None


def size_hazards(left, right, counted_: frozenset) -> list:
    """A size |X| of a counted set or vector, given no value by a definition, on one side of the
    step only: the step may be where the document computes it (|\\mathbf a| = d - k + 1), so its
    being wrong as read is no error (\\sum_{j=1}^{|C|} 1 = |C| + 1 has it on both sides: wrong)."""
    if not counted_:
        return []
    named = lambda e: {s.name for s in getattr(e, "free_symbols", ())
                       if s.name.startswith("|") and s.name.endswith("|") and s.name[1:-1] in counted_}
    found = named(left) ^ named(right)
    if not found:
        return []
    return [f"{', '.join(sorted(found))} (a size the text names) has no value the document gives: "
            "the step may be where it is computed"]
