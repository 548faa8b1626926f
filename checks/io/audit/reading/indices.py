"""Index notation: entries of arrays of symbolic size, and the steps written with them.

Matrix-calculus solutions write ``Y_{mn} = \\sum_p X_{mp} W_{np} + B_{mn}`` and then
``\\frac{\\partial L}{\\partial W_{ij}} = \\sum_{m,n} \\frac{\\partial L}{\\partial Y_{mn}}
\\frac{\\partial Y_{mn}}{\\partial W_{ij}}``. Three things make such a step checkable:

- ``tie``: a name ``W_{ij}`` whose base ``W`` is an array elsewhere (``W[n, p]``) is its entry
  ``W[i, j]``, one letter per index;
- ``ranges``: a free index takes the range of the array dimension it indexes, read off the
  sums that run over that dimension (``\\sum_{p=1}^{D} ... W[n, p]``: W's second index runs
  over 1..D);
- ``enumerated``: for every size in a small range and every value of the free indices in
  their ranges, the step is one entry of a matrix identity; it holds for those sizes only,
  so its strength is ``bounded`` (never ``proof``).
"""
from __future__ import annotations

import itertools
import re

import sympy as sp

MAX_CASES = 81          # entries of one enumerated step
SIZES = range(1, 4)     # each symbolic size takes these values when free indices are enumerated
# an entry name, with the layer label the reader keeps after the subscript (h_n^{(1)}: of h^{(1)})
_ENTRY = re.compile(r"^(?P<base>.+?)_(?:\{(?P<many>[a-z]{1,4})\}|(?P<one>[a-z]))"
                    r"(?P<label>\^\{\(\w{1,3}\)\}|\^\{\[[A-Za-z0-9+\-]{1,8}\]\})?$")


def entry_letters(name: str):
    """(base, letters) of a name like ``W_{ij}``, ``x_k`` or ``h_n^{(1)}`` (base ``h^{(1)}``), else None."""
    m = _ENTRY.match(name)
    if m is None:
        return None
    return m.group("base") + (m.group("label") or ""), m.group("many") or m.group("one")


def ranks(*exprs) -> dict:
    """{array name: number of indices} of the arrays in ``exprs``."""
    out = {}
    for e in exprs:
        for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed):
            out.setdefault(str(x.base.label), len(x.indices))
    return out


# an entry at an index formula: x_{i + k - 1}, K_{p - i + 1, q - j + 1}, w_{n-K+1}
_AT_FORMULA = re.compile(r"^(?P<base>.+?)_\{(?P<sub>[A-Za-z0-9+\-, ]+)\}"
                         r"(?P<label>\^\{\(\w{1,3}\)\}|\^\{\[[A-Za-z0-9+\-]{1,8}\]\})?$")
_INDEX_TERM = re.compile(r"\s*([+-]?)\s*([A-Za-z]|\d+)\s*")


def _index_formula(part: str):
    """``i + k - 1`` as a sum of integer letters and numbers, None for anything else (a product,
    a name of two letters, a letter not lowercase-led: ``2i``, ``ab``, ``K - 1``)."""
    terms, pos = [], 0
    while pos < len(part):
        m = _INDEX_TERM.match(part, pos)
        if m is None or m.end() == pos or (terms and not m.group(1)):
            return None
        terms.append((m.group(1), m.group(2)))
        pos = m.end()
    if not terms or not terms[0][1].islower():
        return None
    return sp.Add(*[(-1 if sign == "-" else 1) * (sp.Integer(t) if t.isdigit() else sp.Symbol(t, integer=True))
                    for sign, t in terms])


def at_formula(name: str):
    """(base, index expressions) of an entry written at index formulas (``x_{i + k - 1}``,
    ``K_{p-i+1, q-j+1}``: each part a letter or a sum of letters and numbers led by a lowercase
    letter, one part at least more than a letter), else None."""
    m = _AT_FORMULA.match(name)
    if m is None:
        return None
    parts = [_index_formula(p) for p in m.group("sub").split(",")]
    if any(p is None for p in parts) or all(isinstance(p, sp.Symbol) for p in parts):
        return None
    return m.group("base") + (m.group("label") or ""), tuple(parts)


def tie(expr, arrays: dict):
    """``W_{ij}`` as ``W[i, j]`` where W is an array of rank 2 (``arrays``: name -> rank); an
    entry at index formulas too (``x_{i+k-1}`` as ``x[i + k - 1]`` where x is an array of rank 1:
    the array's entry, whatever the letters' values, never a name of its own)."""
    if not arrays or not hasattr(expr, "free_symbols"):
        return expr
    swap = {}
    for s in expr.atoms(sp.Symbol):   # atoms: the variable of d/dW_{ij} is not a free symbol
        if isinstance(s, sp.Dummy):
            continue
        got = entry_letters(s.name)
        if got is not None and arrays.get(got[0]) == len(got[1]):
            base = sp.IndexedBase(sp.Symbol(got[0], real=True))
            swap[s] = base[tuple(sp.Symbol(c, integer=True) for c in got[1])]
            continue
        got = at_formula(s.name)
        if got is not None and arrays.get(got[0]) == len(got[1]):
            swap[s] = sp.IndexedBase(sp.Symbol(got[0], real=True))[got[1]]
    return expr.xreplace(swap) if swap else expr


def _dimension_sizes(*exprs, unknown=None) -> dict:
    """{(array name, position): size} from the sums: an index bound by ``(v, 1, S)`` at
    position k of an array makes that dimension run over 1..S."""
    out = {}
    for e in exprs:
        for s in getattr(e, "atoms", lambda *_: ())(sp.Sum):
            for v, lo, hi in s.limits:
                if lo != 1 or getattr(hi, "name", None) == unknown:   # a sum without bounds says nothing
                    continue
                for x in s.function.atoms(sp.Indexed):
                    for k, i in enumerate(x.indices):
                        if i == v:
                            out.setdefault((str(x.base.label), k), hi)
    return out


def free_indices(*exprs) -> set:
    """Integer symbols used as indices of arrays or in Kronecker deltas, not bound by a sum."""
    out = set()
    for e in exprs:
        bound = set()
        for s in getattr(e, "atoms", lambda *_: ())(sp.Sum, sp.Product):
            bound |= {v for v, *_ in s.limits}
        for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed):
            out |= {i for i in x.indices if isinstance(i, sp.Symbol) and i not in bound}
        for x in getattr(e, "atoms", lambda *_: ())(sp.KroneckerDelta):
            out |= {i for i in x.args if isinstance(i, sp.Symbol) and i.is_integer and i not in bound}
    return out


def _delta_ranges(*exprs) -> dict:
    """{index: size} for an index in a Kronecker delta whose other index a sum binds over 1..S."""
    out = {}
    for e in exprs:
        for s in getattr(e, "atoms", lambda *_: ())(sp.Sum):
            for v, lo, hi in s.limits:
                if lo != 1:
                    continue
                for d in s.function.atoms(sp.KroneckerDelta):
                    a, b = d.args
                    if b == v and isinstance(a, sp.Symbol):
                        out.setdefault(a, set()).add(hi)
                    if a == v and isinstance(b, sp.Symbol):
                        out.setdefault(b, set()).add(hi)
    return out


def sized_sums(expr, *context, unknown=None):
    """The sums over ``unknown`` (the size the reader gives a sum written without bounds,
    ``\\sum_p``) bounded instead by the size of the dimension their index runs over, when a
    definition says it (``\\sum_{p=1}^{D} X_{mp}``: X's second index runs over 1..D)."""
    if unknown is None or not hasattr(expr, "atoms"):
        return expr
    dims = _dimension_sizes(expr, *context, unknown=unknown)

    def bound(node):
        limits = []
        for v, lo, hi in node.limits:
            if getattr(hi, "name", None) == unknown:
                found = {dims[(str(x.base.label), k)] for x in node.function.atoms(sp.Indexed)
                         for k, i in enumerate(x.indices) if i == v and (str(x.base.label), k) in dims}
                found = {f for f in found if getattr(f, "name", None) != unknown}
                if len(found) == 1:
                    hi = found.pop()
            limits.append((v, lo, hi))
        return node.func(node.function, *limits)
    return expr.replace(lambda n: isinstance(n, sp.Sum), bound)


def ranges(free: set, *exprs, given=()) -> dict | None:
    """{free index: size symbol or number} or None when some free index has no known range
    (no sum runs over the dimension it indexes, in these expressions, and no relation of
    ``given`` bounds it from above: ``i \\le n`` beside the step)."""
    dims = _dimension_sizes(*exprs)
    deltas = _delta_ranges(*exprs)
    out = {}
    for i in free:
        found = {dims[(str(x.base.label), k)] for e in exprs for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)
                 for k, j in enumerate(x.indices) if j == i and (str(x.base.label), k) in dims}
        found |= deltas.get(i, set())
        if not found:
            found = {t for t in upper_bounds(i, given) if not t.free_symbols & free}
        if len(found) != 1:
            return None
        out[i] = found.pop()
    return out


def upper_bounds(i, rels) -> set:
    """The tops ``i`` runs to by ``rels`` (``i \\le n``: n; ``i < n``: n - 1; ``n \\ge i``: n): a
    range written beside the step (``i \\in \\{1, \\dots, n\\}``)."""
    out = set()
    for r in rels:
        if isinstance(r, (sp.LessThan, sp.StrictLessThan)):
            small, big = r.lhs, r.rhs
        elif isinstance(r, (sp.GreaterThan, sp.StrictGreaterThan)):
            small, big = r.rhs, r.lhs
        else:
            continue
        if small == i and i not in big.free_symbols and all(x.is_integer for x in big.free_symbols):
            out.add(big - 1 if isinstance(r, (sp.StrictLessThan, sp.StrictGreaterThan)) else big)
    return out


def enumerated(lhs, rhs, index_ranges: dict, sizes: set, where=()):
    """(Matrix of lhs entries, Matrix of rhs entries, the list of ``cases`` they are taken at)
    over every size in ``SIZES`` and every value of the free indices in their ranges that
    satisfies the relations ``where`` (``i \\neq j`` beside the step: only the entries with i ≠ j); None past ``MAX_CASES``, when
    no entry is left, or when a relation of ``where`` is not decided at some entry (it names
    something that is not enumerated)."""
    found = cases(index_ranges, sizes, where)
    if not found:
        return None
    left = sp.Matrix([_done(lhs.xreplace(c)) for c in found])
    right = sp.Matrix([_done(rhs.xreplace(c)) for c in found])
    return left, right, found


MAX_UNROLLED = 64       # terms of one sum written out; a longer one is left to SymPy's summation


def _done(e):
    """``e.doit()``, its sums written out first where every one of them can be: a sum left
    whole beside written-out terms could hide a 0 * (1/0) that doit would show (nan)."""
    got = unrolled(e)
    return (e if got.has(sp.Sum) else got).doit()


def unrolled(e):
    """``e`` with every sum whose limits are integers (at an entry's sizes) written out term by
    term, outer sums first so that the limits of inner ones become integers too. The same value
    as ``doit`` gives, without SymPy's summation algorithms (partial fractions, closed forms),
    which took seconds on the sums of one softmax entry; anything else is left as it is."""
    if not isinstance(e, sp.Basic) or not e.has(sp.Sum):
        return e
    if isinstance(e, sp.Sum):
        (i, lo, hi), inner = e.limits[-1], e.limits[:-1]
        body = sp.Sum(e.function, *inner) if inner else e.function
        rebinds = any(i in {x for x, *_ in node.limits} for node in body.atoms(sp.Sum, sp.Product))
        if lo.is_Integer and hi.is_Integer and -1 <= hi - lo < MAX_UNROLLED:
            return sp.Add(*[unrolled(body.subs(i, k) if rebinds else body.xreplace({i: sp.Integer(k)}))
                            for k in range(int(lo), int(hi) + 1)])
        return e
    if not e.args:
        return e
    try:
        return e.func(*[unrolled(a) for a in e.args])
    except Exception:   # a node not rebuilt from its arguments: SymPy's doit takes it as it is
        return e


def cases(index_ranges: dict, sizes: set, where=(), cap: int = MAX_CASES, at_values=None) -> list | None:
    """The values ({symbol: Integer}) of the sizes and free indices ``enumerated`` checks, in
    its order; None past ``cap`` or when a relation of ``where`` is not decided. ``at_values``
    puts a range's end at the sizes' values (``xreplace`` unless given: the chain model matches
    sizes by name)."""
    at_values = at_values or (lambda e, values: e.xreplace(values))
    sizes = sorted(sizes, key=str)
    cases = []
    for values in itertools.product(SIZES, repeat=len(sizes)):
        at = {k: sp.Integer(v) for k, v in zip(sizes, values)}
        spans = []
        for i, hi in sorted(index_ranges.items(), key=lambda kv: str(kv[0])):
            top = at_values(sp.sympify(hi), at)
            if not top.is_Integer:
                return None
            spans.append([(i, sp.Integer(v)) for v in range(1, int(top) + 1)])
        for combo in itertools.product(*spans):
            case = {**at, **dict(combo)}
            kept = [sp.sympify(r).xreplace(case) for r in where]
            if any(k not in (sp.true, sp.false) for k in kept):
                return None
            if all(k == sp.true for k in kept):
                cases.append(case)
            if len(cases) > cap:
                return None
    return cases


def failing_case(lhs, rhs, cases, point: dict, accept=None) -> dict | None:
    """The first entry (its sizes and index values) whose two sides certainly differ at the
    ``point`` of a counterexample ({name as written: rational}), among the entries whose values
    ``accept`` takes (all when None); None when none is certain."""
    from checks.prove.numeric import evaluate
    if not cases or not isinstance(lhs, sp.MatrixBase) or len(lhs) != len(cases):
        return None
    for k, case in enumerate(cases):
        if accept is not None and not accept({str(s): int(v) for s, v in case.items()}):
            continue
        gap = lhs[k] - rhs[k]
        atoms = gap.atoms(sp.Symbol, sp.Indexed) if hasattr(gap, "atoms") else set()
        at = {a: sp.Rational(point[str(a)]) for a in atoms if str(a) in point}
        try:
            ball = evaluate(gap, at, 128)
        except Exception:   # not evaluable at this point: this entry is not known to differ
            continue
        if not ball.contains(0):
            return {str(s): int(v) for s, v in case.items()}
    return None


_DELTA = re.compile(r"\\delta(?![A-Za-z])")
_DELTA_OF_TWO = re.compile(r"\\delta\s*_\s*\{\s*[A-Za-z]\s*,?\s*[A-Za-z]\s*\}")


# a sentence that gives \\delta a meaning of its own: an error array, an upstream gradient
_DELTA_WORDS = re.compile(r"\b(?:error|upstream|gradient|adjoint|residual|sensitivit)", re.I)
# a formula that starts with \delta, named by the words next to it ("Write $\delta_{bk}$ for", "Let
# $\delta_j$ denote"): "Let the logits be ..., so that $\partial z_k / \partial W_{ij} = \delta_{ki} x_j$"
# names no delta (its "let" is the logits')
_DELTA_FORMULA = re.compile(r"\$\s*(?:\\(?:boldsymbol|mathbf|bm)\s*\{?\s*)?\\delta(?![A-Za-z])[^$]*\$")
# \\delta_{..} alone on the left of an equation (at the start of a formula or a row) whose right side is no Kronecker delta's (1, 0, cases, 1_{i=j})
_DELTA_SET = re.compile(r"(?:^|\$|\\\[|\\\\|&|\n|\blet\s)\s*\\delta\s*(?:_\s*(?:\{[^{}]{0,12}\}|[A-Za-z0-9]))?\s*(?:\^\s*(?:\{[^{}]{0,12}\}|\S))?\s*"
                        r"(?::=|=)(?!=)\s*(?!\s*(?:[01](?![.\d])|\\begin\s*\{cases\}|\\mathbb\s*\{?1|\\mathbf\s*\{?1|\[))")


def delta_named(text: str) -> bool:
    """Whether the document gives \\delta a meaning of its own (``Let $\\delta_{ij}$ denote the
    upstream error``, ``\\delta_{ij} = \\partial L / \\partial z_{ij}``): then \\delta_{ij} is never
    read as the Kronecker delta, not even under a sum. A sentence that says "Kronecker" names it
    the Kronecker delta. The sentence must be about a formula that starts with \\delta (its
    subject): "Since $\\partial Y_{ni} / \\partial b_k = \\delta_{ik}$" under a heading "Gradient
    with respect to b" names nothing."""
    if _DELTA_SET.search(text):
        return True
    prose = _DISPLAYS.sub(" ", text)    # a \\delta inside display mathematics is no sentence's
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", prose):
        if not _DELTA.search(sentence) or "kronecker" in sentence.lower():
            continue
        for m in _DELTA_FORMULA.finditer(sentence):    # a formula whose subject is delta
            if _DELTA_WORDS.search(sentence):   # "Let $\delta_j$ be the error of unit j"
                return True
            before, after = sentence[max(0, m.start() - 30):m.start()], sentence[m.end():m.end() + 30]
            if re.search(r"\b(?:let|write|writing|call|denote(?:\s+by)?|notation)\s*(?:by\s*)?$", before, re.I) \
                    or re.match(r"\s*(?:,\s*)?(?:to\s+denote|denotes?|is\s+(?:short|shorthand|notation)|stands?\s+for|"
                                r"represents?|for\b|as\s+(?:a\s+)?shorthand|is\s+written)", after, re.I):
                return True
    return False


_DISPLAYS = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|\\begin\{([A-Za-z]+\*?)\}.*?\\end\{\1\}", re.S)


def kronecker_only(text: str) -> bool:
    """Whether the document writes \\delta only as \\delta_{ij} of two letters: then it is the
    Kronecker delta wherever it stands (\\alpha_j(\\delta_{ij} - \\alpha_i) with i, j free). A
    \\delta written any other way (\\delta_j, \\boldsymbol\\delta, \\delta^{(l)}, \\delta > 0) may be
    a backpropagated error or a small number, and \\delta_{ij} is then a Kronecker delta only
    where a sum or a directive makes i or j an index."""
    every = len(_DELTA.findall(text))
    return every > 0 and every == len(_DELTA_OF_TWO.findall(text)) and not delta_named(text)


# \partial w_d, \partial W_{dk}, \partial K_{ab} in a derivative: the variable's subscript letters
_BY_ENTRY = re.compile(r"\\partial\s*(?:\\[A-Za-z]+\s*\{\s*[A-Za-z]\s*\}|\\[A-Za-z]+|[A-Za-z])\s*_\s*"
                       r"(?:\{\s*([a-z](?:\s*,?\s*[a-z]){0,2})\s*\}|([a-z]))")
_BRACED_SUB = re.compile(r"_\s*\{([^{}]*)\}")


def differentiated_entries(latex: str) -> set:
    """Letters a step shows are indices though no sum binds them and they are no usual index
    letter: the subscript letters of a variable of differentiation (``\\partial w_d``,
    ``\\partial K_{ab}``) that also index an array beside an index letter (``x_{nd}``,
    ``X_{i+a-1,j+b-1}``), and never stand alone in the step (a length d, \\frac{d}{dx}). ``w_d``
    is then the entry d of w and ``x_{nd}`` the entry (n, d) of x, as the derivative says."""
    from .build import INDEX_LETTERS
    by = {c for m in _BY_ENTRY.finditer(latex) for c in re.findall(r"[a-z]", m.group(1) or m.group(2))}
    by -= INDEX_LETTERS
    if not by:
        return set()
    multi = set()
    for m in _BRACED_SUB.finditer(latex):
        inner = re.sub(r"\s+", "", m.group(1))
        letters = list(inner) if re.fullmatch(r"[a-z]{2,3}", inner) \
            else re.findall(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])", m.group(1))
        if len(letters) >= 2 and set(letters) & INDEX_LETTERS:
            multi |= set(letters)
    bare = _BRACED_SUB.sub(" ", re.sub(r"_\s*[A-Za-z0-9]", " ", latex))
    return {c for c in by & multi if not re.search(r"(?<![\\A-Za-z])%s(?![A-Za-z])" % c, bare)}


# "for $b = 1, \dots, B$", "$c = 1, \ldots, C$": a letter the prose gives a run of whole numbers
_RANGED = re.compile(r"(?<![\\A-Za-z_^])([a-z])\s*=\s*1\s*,\s*(?:2\s*,\s*)?\\(?:l|c)?dots\s*,")


def ranged_letters(found) -> set:
    """Letters the prose gives a range of whole numbers from 1 (``$b = 1, \\dots, B$``): indices
    wherever the document writes them in a subscript (``x_{bj}``), as an ``index`` directive
    would make them; the usual index letters (i, j, k, ...) are indices already."""
    from .build import INDEX_LETTERS
    return {m.group(1) for d in found if d.inline for m in _RANGED.finditer(d.latex)} - INDEX_LETTERS
