"""The document's own functions and operators of vectors, defined by their components.

Convolution notes define an operator or a function of vectors entry by entry and then use its
entries at any index: ``\\text{flip}(\\mathbf{w})_j = w_{k-j+1}`` read at ``k_2 - j + 1``,
``(\\mathbf{x} \\tilde{*} \\mathbf{w})_n = \\sum_{j=1}^k x_{n+j-k} w_j`` read at ``(\\mathbf{u}
\\tilde{*} \\mathbf{v})_t``.

- A component definition ``F(\\mathbf{v})_j = ...`` names its own index letter j: inside its right
  side ``w_{k-j+1}`` is the entry k - j + 1 of w (an index), not an opaque name ``w_{k-j+1}``.
  Its entries are then the formula with j replaced by the index written (context.at_arguments).
- An operator between two vectors, ``(\\mathbf{a} \\star \\mathbf{b})_n``, is read as the
  component of a function of two vectors named after the operator, where the document defines
  that operator by its components somewhere (``operators``); elsewhere the operator stays
  unread, as before (conv.py reads only lists of numbers).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..reading.notation import group_end

# the operators a convolution note writes between two vectors
_OPS = {r"\tilde{*}": "tildestar", r"\tilde{\ast}": "tildestar", r"\tilde*": "tildestar",
        r"\tilde\ast": "tildestar", r"\circledast": "circledast", r"\star": "star", r"\ast": "ast",
        "*": "ast", r"\otimes": "otimes", r"\oplus": "oplus"}
_OP_TEXT = "|".join(sorted((re.escape(k) + (r"(?![A-Za-z])" if k[-1].isalpha() else "") for k in _OPS),
                           key=len, reverse=True))
# one operand: a bold or plain name with an optional superscript, or a \text{word}(...) call
_NAME = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z]+)(?:\s*\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
_CALL = r"(?:\\(?:text|operatorname|mathrm)\s*\{\s*[A-Za-z]+\s*\}|[A-Za-z])\s*\(\s*" + _NAME + r"\s*\)"
_OPERAND = rf"(?:{_CALL}|{_NAME})"
_PAIR = re.compile(rf"\(\s*(?P<a>{_OPERAND})\s*(?P<op>{_OP_TEXT})\s*(?P<b>{_OPERAND})\s*\)\s*_")
# the left side of a component definition: F(args)_j, \text{F}(args)_{j}, (a OP b)_n
_WORD_CALL = re.compile(r"^\s*(?:\\(?:text|operatorname|mathrm)\s*\{\s*[A-Za-z]+\s*\}|[A-Za-z])\s*(?:\\left\s*)?\(")
_LETTER_SUB = re.compile(r"^\s*_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))\s*$")


def op_name(op: str) -> str:
    """The function name the operator ``op`` is read as: ``\\text{op-star}`` for ``\\star``."""
    return r"\text{" + _OPS[re.sub(r"\s+", "", op)] + "}"


def operators(text: str) -> frozenset:
    """The operators the document defines by their components: a relation whose left side is
    ``(a OP b)_n`` with n one letter, followed by ``=``."""
    found = set()
    for m in _PAIR.finditer(text):
        rest = text[m.end() - 1:]
        sub = re.match(r"_\s*(?:\{\s*[A-Za-z]\s*\}|[A-Za-z])\s*=", rest)
        if sub:
            found.add(re.sub(r"\s+", "", m.group("op")))
    return frozenset(found)


def rewritten(latex: str, defined: frozenset) -> str:
    """``latex`` with each component ``(a OP b)_n`` of an operator the document defines written
    as the component of a function of the two operands, ``\\text{star}(a, b)_n``; unchanged
    where the document defines no such operator."""
    if not defined:
        return latex

    def one(m):
        op = re.sub(r"\s+", "", m.group("op"))
        if op not in defined:
            return m.group(0)
        return f"{op_name(op)}({m.group('a')}, {m.group('b')})_"
    return _PAIR.sub(one, latex)


def component_letter(left: str) -> str | None:
    """The index letter of a component definition's left side ``F(...)_j``: None for any
    other left side (a value, a call without a subscript, an index that is not one letter)."""
    m = _WORD_CALL.match(left)
    if m is None:
        return None
    end = group_end(left, m.end() - 1)
    sub = _LETTER_SUB.match(left[end:])
    return None if sub is None else (sub.group(1) or sub.group(2))


def with_own_index(left: str, right: str, relation: str, scope):
    """The scope in which a component definition ``F(\\mathbf{v})_j = w_{k-j+1}`` is read: its
    index letter j is an index on both sides, so the right side writes entries of w at k - j + 1
    (the letter is the definition's parameter). The scope unchanged for any other step, and
    where the right side writes the letter in no subscript (nothing to index)."""
    if relation != "=":
        return scope
    letter = component_letter(left)
    if letter is None or letter in scope.index:
        return scope
    if not re.search(r"_\s*\{[^{}]*(?<![A-Za-z\\])" + letter + r"(?![A-Za-z])[^{}]*\}|_\s*" + letter
                     + r"(?![A-Za-z])", right):
        return scope
    return replace(scope, index=scope.index | {letter})


def prepared(step, scope, defined: frozenset):
    """The step with the components of the document's operators written as calls, and the scope
    it is read in: the index letter of a component definition is an index, and the function a
    component definition defines (or an operator the document defines) is a function."""
    left, right = rewritten(step.from_, defined), rewritten(step.to, defined)
    if (left, right) != (step.from_, step.to):
        step = replace(step, from_=left, to=right)
    scope = with_own_index(left, right, step.relation, scope)
    names = set()
    if step.relation == "=" and component_letter(left) is not None:
        names.add(re.sub(r"\s+", "", left[:left.index("(")]))
    names |= {op_name(op) for op in defined if op_name(op) in left + right}
    names -= set(scope.functions)
    if names:
        scope = replace(scope, functions=scope.functions | names, variables=scope.variables - names)
    return step, scope


# -- an operator's vector parameter given another vector: entries put in ------------------------

def _entry_letter(d, p) -> str | None:
    """The letter of the entries a definition's body writes for its vector parameter ``p``."""
    import sympy as sp
    from . import vecfun
    if isinstance(p, sp.IndexedBase):
        return str(p.label)
    if isinstance(p, sp.Symbol):
        return vecfun.entry_label(p.name, d.body)
    return None


def entries_put_in(d, args, ctx, hazards: list):
    """A component definition applied to vectors other than its parameters
    (``\\text{rev}(\\mathbf{k})_i = k_{m+1-i}`` at ``\\text{rev}(\\mathbf{v})``, ``(\\mathbf{u} \\star
    \\mathbf{k})_t`` at ``\\text{rev}(\\mathbf{k})``): each entry k[e] of the body becomes the entry e
    of the argument, v[e] for a bold or plain vector name, the component ``F(\\cdot)_\\bullet(e, ...)``
    for a call of a function the document defines by its components. Returns (definition, args)
    with those parameters taken as given; unchanged where nothing applies.

    A letter of the body that is no parameter (the size m of k, the kernel size k) keeps its
    name: if it stood for the size of the parameter, the argument's size may differ, so the
    step is told so (``hazards``): a wrong or a holds then rests on that reading."""
    import sympy as sp
    from dataclasses import replace as dc_replace
    from sympy.core.function import AppliedUndef
    from ..reading.build import component_name
    from .vecfun import plain_letter
    if not d.name.endswith("_\\bullet"):
        return d, args
    functions = ctx.functions
    ranges = getattr(ctx, "ranges", None)
    sizes = ranges.sizes if ranges is not None else {}
    excused = set()    # the stated size of a vector the call keeps, or of one of the same size
    body, params, out, changed = d.body, list(d.params), list(args), False
    for n, (p, a) in enumerate(zip(d.params, args)):
        letter = _entry_letter(d, p)
        same = (isinstance(a, sp.Symbol) and a.name in (getattr(p, "name", None), letter)) \
            or (isinstance(a, sp.IndexedBase) and str(a.label) == letter)
        if letter is None or a == p or same:
            excused |= sizes.get(letter, set()) if letter else set()
            continue
        if isinstance(a, AppliedUndef) and component_name(a.func.__name__) in functions:
            make = (lambda f, rest: (lambda i: sp.Function(component_name(f))(i, *rest)))(a.func.__name__, a.args)
        elif isinstance(a, AppliedUndef) and (entry := _entrywise(ctx, a)) is not None:
            make = entry
        elif isinstance(a, sp.IndexedBase):
            make = (lambda base: (lambda i: base[i]))(a)
        elif isinstance(a, sp.Symbol) and (plain_letter(a.name) or (a.name if len(a.name) == 1 else None)):
            make = (lambda base: (lambda i: base[i]))(sp.IndexedBase(plain_letter(a.name) or a.name, real=True))
        else:
            continue
        entries = {e for e in body.atoms(sp.Indexed) if str(e.base.label) == letter and len(e.indices) == 1}
        if not entries or _bare(body, letter):
            continue
        body = body.xreplace({e: make(e.indices[0]) for e in entries})
        out[n], changed = p, True
        other = str(getattr(a, "label", None) or plain_letter(getattr(a, "name", "")) or getattr(a, "name", ""))
        if sizes.get(letter) and sizes.get(letter) == sizes.get(other):
            excused |= sizes[letter]
    if not changed:
        return d, args
    own = {getattr(p, "name", None) for p in params} | {_entry_letter(d, p) for p in params}
    bound = {v for s in body.atoms(sp.Sum, sp.Product) for v, *_ in s.limits}
    loose = sorted(s.name for s in _values(body) if s not in bound and s.name not in own and s.name not in excused)
    if loose:
        hazards.append(f"{', '.join(loose)} in the definition of {d.name} at line {d.line} may be the size of "
                       f"its vector argument, read here as the same letter for another vector")
    return dc_replace(d, body=body), out


def _values(expr) -> set:
    """The symbols ``expr`` uses as values: outside the labels of its entries (the entries'
    indices included)."""
    import sympy as sp
    if isinstance(expr, sp.Indexed):
        return set().union(*(_values(i) for i in expr.indices))
    if isinstance(expr, sp.IndexedBase):
        return set()
    if isinstance(expr, sp.Symbol):
        return {expr}
    if isinstance(expr, sp.MatrixBase):     # a cases table or a column read entry by entry
        return set().union(*(_values(a) for a in expr)) if len(expr) else set()
    args = getattr(expr, "args", ())
    return set().union(*(_values(a) for a in args)) if args else set()


def _bare(expr, letter: str) -> bool:
    """Whether the letter of a vector occurs as one value outside its entries."""
    return any(s.name == letter for s in _values(expr))


# -- entries out of range: a wrong must not rest on them ------------------------------------------

_ONE = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*\\?[A-Za-z]+\s*\}|(?<![\\A-Za-z])[A-Za-z])"
_MEMBER = re.compile(rf"(?P<names>{_ONE}(?:\s*,\s*{_ONE})*)"
                     r"\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*(?:\{([^{}]{1,30})\}|([A-Za-z0-9]))")
# the document's own word that entries past the ends are zero (a convention, said once)
_PADDING = re.compile(r"zero[- ]?padd|padded with zeros?|out[- ]of[- ]bounds?\W{0,3}\s*(?:is|are)\s+zero|"
                      r"(?:index|indexed)\w*\s+\"?out[- ]of[- ]bounds?\"?\s+is\s+zero", re.I)


class Ranges:
    r"""What the document says of the ranges of its vectors' entries: the sizes of its memberships
    (``\mathbf{x} \in \mathbb{R}^d``: x has entries 1..d) and whether it says entries past the
    ends are zero (the zero-padding convention)."""

    def __init__(self, text: str, spans=None):
        """``spans``: the (lo, hi) offsets of ``text`` said for the step (its question's text and
        the document's head); None: the whole text. A membership or a padding sentence of
        another question says nothing of this one's vectors."""
        self.text = text
        self.sizes = {}
        spans = spans or [(0, len(text))]
        for lo, hi in spans:
            for m in _MEMBER.finditer(text, lo, hi):     # x \in R^d, \mathbf{k}, \mathbf{l} \in R^m
                size = (m.group(2) or m.group(3)).strip()
                for one in re.split(r"\s*,\s*", m.group("names")):
                    name = re.sub(r"^\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(\\?[A-Za-z]+)\s*\}$", r"\1", one.strip())
                    self.sizes.setdefault(name.lstrip("\\"), set()).add(size)
        self.padding = any(_PADDING.search(text, lo, hi) for lo, hi in spans)
        self._scoped = {}

    def scoped(self, found, display, kind: str = "markdown") -> "Ranges":
        """The ranges said for ``display``: its question's text and the document's head (the
        text before the first display that has a question)."""
        if display.start not in self._scoped:      # once per display, not once per step
            from ..document.upstream import _scope_span
            lo, hi = _scope_span(self.text, found, display, kind)
            head = next((d.start for d in found if d.location and not getattr(d, "preamble", False)), len(self.text))
            self._scoped[display.start] = Ranges(self.text, [(0, min(head, lo)), (lo, hi)])
        return self._scoped[display.start]

    def outside(self, point: dict, claim) -> list:
        """The entries of a counterexample ``point`` ({'k[0]': value, 'm': '1', ...}) that lie
        outside their vector: below the first index (1, or lower where the claim itself
        writes a lower index of that vector), or past its size where the membership gives the
        size in letters the point sets."""
        import sympy as sp
        floors = _floors(claim)
        out = []
        for key in point:
            m = re.fullmatch(r"(.+?)\[(-?\d+)\]", str(key))
            if m is None:
                continue
            label, at = m.group(1), int(m.group(2))
            base = re.sub(r"^\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*\\?([A-Za-z]+)\s*\}?$", r"\1", label)
            if at < floors.get(label, 1):
                out.append(f"{label}[{at}]")
                continue
            for size in self.sizes.get(base.lstrip("\\"), ()):
                top = _value(size, point)
                if top is not None and at > top:
                    out.append(f"{label}[{at}]")
                    break
        return out


def _floors(claim) -> dict:
    """The lowest index the claim itself gives each vector: a literal index (w_0) or the lower
    limit of a sum whose letter indexes it (sum_{i=0}^n w_i). 1 where it gives none lower."""
    import sympy as sp
    out = {}
    for side in (getattr(claim, "lhs", None), getattr(claim, "rhs", None)):
        if not hasattr(side, "atoms"):
            continue
        lows = {}
        for s in side.atoms(sp.Sum, sp.Product):
            for v, lo, _ in s.limits:
                if lo.is_Integer:
                    lows[v] = min(int(lo), lows.get(v, int(lo)))
        for e in side.atoms(sp.Indexed):
            label = str(e.base.label)
            for i in e.indices:
                if i.is_Integer:
                    out[label] = min(out.get(label, 1), int(i))
                elif i in lows:
                    out[label] = min(out.get(label, 1), lows[i])
    return out


def _value(size: str, point: dict):
    """The size written ``size`` (d, k_2, d - k + 1) at the point, or None when it uses a letter
    the point does not set (the size is then free: any index fits a large enough vector)."""
    import sympy as sp
    from ..reading.build import SIZE_NAME  # noqa: F401  (the names of sizes follow the reader's spelling)
    values = {}
    for k, v in point.items():
        if "[" not in str(k):
            try:
                values[str(k)] = sp.Rational(str(v))
            except (TypeError, ValueError, SyntaxError):
                continue
    text = re.sub(r"\s+", "", size)
    if not re.fullmatch(r"[A-Za-z0-9_{}+\-]+", text):
        return None
    total = 0
    for m in re.finditer(r"([+-]?)(\d*)([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)?", text):
        if not m.group(0):
            continue
        sign = -1 if m.group(1) == "-" else 1
        if m.group(3):
            name = re.sub(r"_\{?([A-Za-z0-9]+)\}?", r"_\1", m.group(3))
            if name not in values:
                return None
            total += sign * (int(m.group(2)) if m.group(2) else 1) * values[name]
        elif m.group(2):
            total += sign * int(m.group(2))
    return total


def settle(d: dict, item, got=None, rechecks=None) -> None:
    """A wrong whose counterexample sets an entry outside its vector stands on no value the
    document gives. It stays wrong when the same step is wrong entry by entry where every
    entry lies inside its vector (``rechecks``), with that counterexample and the sizes and
    index values of the entry; otherwise it is undecided, naming the entries outside."""
    ranges = getattr(item, "ranges", None)
    ce = d.get("counterexample")
    if d.get("status") != "wrong" or ranges is None or not isinstance(ce, dict) or "point" not in ce:
        return
    outside = ranges.outside(ce["point"], item.claim)
    if not outside:
        return
    for label, again in (rechecks or {}).get(item.claim.id, ()):
        v = (got or {}).get(again.id, {})
        if label in (IN_RANGE, PADDED) and v.get("status") == "wrong" and isinstance(v.get("counterexample"), dict):
            inside = v["counterexample"]
            case = _failing_case(again, inside.get("point", {}))
            point = {**(case or {}), **inside.get("point", {})}
            if case is not None and not ranges.outside(point, item.claim):
                d["counterexample"] = {**inside, "point": point, "entry": case}
                where = ("with the entries out of range zero, as the document says" if label == PADDED
                         else "inside every vector")
                d["detail"] = "; ".join(x for x in (d.get("detail"), f"wrong at an entry {where}: "
                                                   + ", ".join(f"{k} = {x}" for k, x in case.items())) if x)
                return
    why = ("the document says entries out of range are zero, and the check took them as unknowns"
           if ranges.padding else "the document does not say what entries out of range are (zero padding?)")
    d.update(status="undecided", strength=None, counterexample=None, residual=None, correct=None,
             reason=f"wrong as read, but only where it uses {', '.join(outside[:4])}, outside its vector: {why}")


def _failing_case(claim, point: dict):
    """The sizes and index values of the first row of an in-range claim whose two sides differ
    at the counterexample ``point``; None when no row certainly differs."""
    import sympy as sp
    cases = _CASES.get(claim.id)
    if not cases:
        return None
    values = {}
    for k, v in point.items():
        m = re.fullmatch(r"(.+?)\[(-?\d+)\]", str(k))
        try:
            val = sp.Rational(str(v))
        except (TypeError, ValueError, SyntaxError):
            continue
        if m:
            values[sp.IndexedBase(m.group(1), real=True)[int(m.group(2))]] = val
        else:
            values[sp.Symbol(str(k), real=True)] = val
    for row, case in enumerate(cases):
        try:
            diff = sp.N(_at(claim.lhs[row], values) - _at(claim.rhs[row], values), 30)
        except Exception:
            continue
        if diff.is_number and abs(diff) > 1e-9:
            return dict(case)
    return None


def _at(expr, values: dict):
    """``expr`` at the point: entries matched by their label and index, symbols by name."""
    import sympy as sp
    swap = {}
    for e in expr.atoms(sp.Indexed):
        for k, v in values.items():
            if isinstance(k, sp.Indexed) and str(k.base.label) == str(e.base.label) and k.indices == e.indices:
                swap[e] = v
    for s in expr.free_symbols:
        for k, v in values.items():
            if isinstance(k, sp.Symbol) and k.name == getattr(s, "name", None):
                swap[s] = v
    return expr.xreplace(swap)


IN_RANGE = "every entry is inside its vector"
PADDED = "every entry outside its vector is zero"
_CASES: dict = {}       # id of an in-range claim -> the sizes and index values of its rows
MAX_CASES = 48          # entries compared at most (small sizes, small index values)
_INDEX_VALUES = range(0, 7)   # values tried for an index letter whose range no size gives


def rechecks(claim, item) -> list:
    """[(IN_RANGE, claim)]: the step compared entry by entry at small sizes and index values,
    only where every entry it uses lies inside its vector (``Ranges.outside``); a wrong there is
    certified without any value past a vector's ends. [] when the claim writes no entry at an
    index other than a letter or a number (nothing can fall outside), or no case is left."""
    import itertools
    import sympy as sp
    from dataclasses import replace as dc_replace
    ranges = getattr(item, "ranges", None)
    if ranges is None or not _shifted(claim):
        return []
    sizes = dict(getattr(claim, "sizes", None) or {})
    bound = {v for side in (claim.lhs, claim.rhs) for s in getattr(side, "atoms", lambda *_: ())(sp.Sum, sp.Product)
             for v, *_ in s.limits}
    letters = sorted((s for s in _values(claim.lhs) | _values(claim.rhs) if s.is_integer and s not in bound), key=str)
    if not letters or len(letters) > 4:
        return []
    spans = [list(sizes.get(s, _INDEX_VALUES)) for s in letters]
    left, right, cases = [], [], []
    for values in itertools.product(*spans):
        point = dict(zip(letters, values))
        try:
            a = sp.sympify(claim.lhs).xreplace(point).doit()
            b = sp.sympify(claim.rhs).xreplace(point).doit()
        except Exception:     # a sum SymPy cannot expand at these bounds: no comparison here
            return []
        shown = {str(k): str(v) for k, v in point.items()}
        entries = {f"{e.base.label}[{e.indices[0]}]": 0 for x in (a, b) if hasattr(x, "atoms")
                   for e in x.atoms(sp.Indexed) if len(e.indices) == 1}
        if any(not getattr(e, "is_Integer", False) for x in (a, b) if hasattr(x, "atoms")
               for i in x.atoms(sp.Indexed) for e in i.indices):
            return []   # an index still symbolic: letters this check does not enumerate
        outside = ranges.outside({**entries, **shown}, claim) if entries else ["(no entry)"]
        if outside and not (ranges.padding and entries):
            continue
        if outside:    # the document's convention: entries past the ends are zero
            zero = {e: 0 for x in (a, b) for e in x.atoms(sp.Indexed) if f"{e.base.label}[{e.indices[0]}]" in outside}
            a, b = a.xreplace(zero), b.xreplace(zero)
        left.append(a)
        right.append(b)
        cases.append(shown)
        if len(cases) >= MAX_CASES:
            break
    if not cases:
        return []
    again = dc_replace(claim, id=f"{claim.id}~inrange", lhs=sp.Matrix(left), rhs=sp.Matrix(right), sizes=None,
                       assume=tuple(r.xreplace({}) for r in claim.assume if not (r.free_symbols & set(letters))))
    _CASES[again.id] = tuple(cases)
    return [(PADDED if ranges.padding else IN_RANGE, again)]


def _shifted(claim) -> bool:
    """Whether the claim writes an entry at an index that is a sum (x_{n+j-1}, k_{m-i})."""
    import sympy as sp
    for side in (claim.lhs, claim.rhs):
        for e in getattr(side, "atoms", lambda *_: ())(sp.Indexed):
            if any(not (i.is_Symbol or i.is_Integer) for i in e.indices):
                return True
    return False


# -- what carries from one question to the next ---------------------------------------------------

def notation(d) -> bool:
    """A component definition of an operator symbol or of a word (``(\\mathbf{u} \\star
    \\mathbf{k})_t``, ``\\text{rev}(\\mathbf{k})_i``): notation a document sets once and uses in
    its later questions, unlike a letter (x, f, n), which a new question often means anew. A
    later question that defines it again uses its own definition (Context.define)."""
    return d.name.endswith("(\\cdot)_\\bullet") and d.name.startswith(("\\text{", "\\operatorname{", "\\mathrm{"))


def index_letters(*exprs) -> set:
    """The names of the letters the expressions use as an index: inside the indices of an
    entry (h[n], w[n - i + 1]) or in a Kronecker delta."""
    import sympy as sp
    out = set()
    for e in exprs:
        for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed):
            out |= {s.name for i in x.indices for s in getattr(i, "free_symbols", ())}
        for x in getattr(e, "atoms", lambda *_: ())(sp.KroneckerDelta):
            out |= {s.name for a in x.args for s in getattr(a, "free_symbols", ())}
    return out


def not_indices(hazards: list, *exprs) -> list:
    """``hazards`` without the doubt "n is set to 1 in Q1.5, read here as any value" where the
    step uses n as an index: a letter reused across questions is the normal case, and an entry's
    position is no number an earlier question set (004: n = 1 samples in Q1.5, h_n in Q5)."""
    letters = index_letters(*exprs)
    if not letters:
        return hazards
    return [h for h in hazards if not any(h.startswith(f"{n} is set to ") and " read here as any value" in h
                                          for n in letters)]


def _entrywise(ctx, call):
    """The entries of ``\\text{rev}(\\mathbf{k})`` where the document defines the word entry by entry
    (components.py: the let ``\\text{rev}(...)_i entrywise``) on that same vector: a function of
    the index, the body read with its index letter an index. None for anything else (another
    vector: a letter of the body may be the size of the first)."""
    import sympy as sp
    from ..reading.components import ENTRYWISE, _SEP
    from ..reading.read import Scope, read
    meaning = dict(getattr(ctx, "lets", {}) or {}).get(call.func.__name__ + ENTRYWISE)
    if not meaning or _SEP not in meaning or len(call.args) != 1:
        return None
    arg_text, letter, index, body = meaning.split(_SEP)
    arg = call.args[0]
    name = str(getattr(arg, "label", None) or getattr(arg, "name", ""))
    if re.sub(r"\s+", "", name) not in (re.sub(r"\s+", "", arg_text), letter):
        return None
    try:
        expr = read(body, Scope(index=frozenset({index}))).expr
    except Exception:      # a body the reader refuses: no entries to put in
        return None
    i = sp.Symbol(index, integer=True)
    if i not in expr.free_symbols:
        return None
    return lambda e: expr.xreplace({i: e})

