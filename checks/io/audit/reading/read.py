"""The reading layer of ``audit``: one side of a step, as presentation LaTeX, to SymPy.

``read(latex, scope) -> Reading`` or ``NotRead(reason)``; ``read_pair`` reads the two sides
of a step so that a name has one meaning on both. Three passes:

- notation.py: limits (20000 characters, 40 levels of brackets and of pieces, 4000 parts),
  the allowlist of commands (\\def, \\input, \\csname, \\write, unknown ones: NotRead naming
  the command), sizes, spacing, equation numbers, \\boxed, \\underbrace and annotations
  set aside;
- scan.py (+ derivatives.py, structures.py, flat.py): every name, number, call, derivative,
  sum, root, |x|, norm, cases, matrix replaced by a placeholder; each bracket and brace
  argument read as its own flat piece (flat.py for the common shapes, latex2sympy2_extended
  for the rest);
- build.py: the pieces rebuilt into SymPy with the indices the sums bind (x_j under
  \\sum_j is x[j]), exact bounded numbers, and products, powers and functions of vectors
  refused.

Whatever could be read two ways is NotRead with the construct named in one line (and, for
a call-or-product, ``NotRead.name``); no other exception leaves ``read``. Nothing is
evaluated that could grow: powers, factorials and binomials of numbers are bounded, and
derivatives stay unevaluated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import sympy as sp

from checks.io.latex import _ambiguous as _latex_ambiguous
from checks.text.limits import ParseError

from .build import Build
from .gradients import gradient_entries
from .components import components
from .labels import relabel
from ..planning.lists import list_pair
from .sets import sizes_apart
from .notation import MAX_CHARS, MAX_DEPTH, NotRead, clean, guard, shown
from .pieces import parse_piece
from .names import PRIME_FUNCTIONS
from .scan import Scanner

__all__ = ["NotRead", "Scope", "Reading", "read", "read_pair", "MAX_CHARS", "MAX_DEPTH"]


@dataclass(frozen=True)
class Scope:
    """What the document says about names (given by the caller)."""
    functions: frozenset = frozenset()   # names known to be functions
    variables: frozenset = frozenset()   # names known to be values: y(...) is a product
    lets: tuple = ()                     # ((name, sigmoid|softmax|function|symbol), ...)
    index: frozenset = frozenset()       # letters declared as indices
    integers: frozenset = frozenset()    # names declared integer
    indexed: frozenset = frozenset()     # bases read as vectors (x of x[j]): x_1, x_i are x[1], x[i]
    quantities: frozenset = frozenset()  # NAME(args) a derivative is taken by (\\partial a(x, \\theta)):
                                         # one opaque value wherever written so (``quantities``)
    conflicts: tuple = ()                # ((name, reason), ...): names the document uses both as a
                                         # function and as a value (evidence.py): NAME(...) is NotRead
    arrays: bool = False                 # array mode (vectors.py): names are matrices or numbers
    scalars: frozenset = frozenset()     # ... except these, known numbers
    kronecker: bool = False              # every \\delta of the document is \\delta_{ij}: a Kronecker
                                         # delta even where no sum or directive binds i, j
    delta_named: bool = False            # the document gives \\delta a meaning: never a Kronecker delta
    signatures: tuple = ()               # ((function, (parameter, ...)), ...): the f of \\frac{df}{dx}
                                         # written bare is f(x) where the document defined f(x)
    counted: frozenset = frozenset()     # sets the text names (C the set of classes): |C| is their size
    ranged: frozenset = frozenset()      # letters the prose gives a range (b = 1, ..., B): index
                                         # letters as i, j, k are (indices.ranged_letters)
    squares: frozenset = frozenset()     # names defined by their square (\\sigma^2 = ...): a derivative
                                         # by \\sigma^2 is read through \\sigma (derivatives._by_square)


@dataclass(frozen=True)
class Reading:
    expr: sp.Basic
    names: frozenset          # symbol names (and IndexedBase names) used
    applied: frozenset        # user function names applied to arguments
    sizes: frozenset          # names used in the bounds of sums / products
    opaque: frozenset = frozenset()   # symbols standing for a construct read as a whole
    indexed: frozenset = frozenset()  # IndexedBase names (x of x[j])
    quantities: frozenset = frozenset()   # symbol / family names of quantities (a(x, theta))
    arrays: tuple = ()        # array mode: (stand-in symbol name, matrix literal or Pattern)


def read(latex: str, scope: Scope = Scope()) -> Reading:
    """One side of a step as SymPy, or NotRead naming the construct."""
    try:
        return _settled(latex, scope)
    except NotRead:
        raise
    except ParseError as exc:
        raise NotRead(str(exc)) from None
    except RecursionError:
        raise NotRead("side is nested too deeply") from None
    except MemoryError:
        raise NotRead("side is too large to read") from None
    except Exception as exc:    # a reader bug must never become a verdict or a traceback
        raise NotRead(f"cannot read '{shown(str(latex) if isinstance(latex, str) else '?')}': "
                      f"{type(exc).__name__}: {shown(str(exc), 60)}") from None


def _settled(latex, scope: Scope) -> Reading:
    """A name followed by a bracket, y(1 - y), is a product when the same side also uses y
    as a plain value: one name has one meaning in a side (y as a function and as a value
    would be NotRead anyway). Any other call-or-product stays NotRead, and so do f, g, h (the
    letters of functions by convention)."""
    first, extra = None, []
    while True:
        try:
            trial = replace(scope, variables=scope.variables | frozenset(extra)) if extra else scope
            reading, plain = _read(latex, trial)
        except NotRead as exc:
            first = first or exc
            if exc.name is None or exc.name in extra or len(extra) >= 8 or exc.name in PRIME_FUNCTIONS:
                raise first from None
            extra.append(exc.name)
            continue
        if any(_normal(n) not in plain for n in extra):
            raise first
        return reading


def one_name(text: str):
    """The Name ``text`` is when it is exactly one name (no primes, nothing after it), else None."""
    try:
        found = Scanner(Scope()).name_at(text, 0)
    except NotRead:
        return None
    if found is None or found[2] != len(text) or found[1]:
        return None
    return found[0]


@lru_cache(maxsize=4096)     # a pure function of the text, asked ~40 times per step for the scope's names
def _normal(name: str) -> str:
    """A name of the scope as the reader names it (\\hat y and \\hat{y} alike, spaces dropped)."""
    text = " ".join(str(name).split())
    nm = one_name(text)
    return text if nm is None else nm.text


def _normal_scope(scope: Scope) -> Scope:
    names = lambda xs: frozenset(_normal(x) for x in xs)
    return Scope(names(scope.functions), names(scope.variables),
                 tuple((_normal(n), str(m).strip()) for n, m in scope.lets),
                 frozenset(scope.index), frozenset(scope.integers), names(scope.indexed),
                 frozenset(scope.quantities), tuple((_normal(n), r) for n, r in scope.conflicts),
                 arrays=bool(scope.arrays), scalars=names(scope.scalars), kronecker=bool(scope.kronecker),
                 delta_named=bool(scope.delta_named), counted=frozenset(scope.counted),
                 signatures=tuple((_normal(n), tuple(ps)) for n, ps in scope.signatures),
                 squares=names(scope.squares), ranged=frozenset(scope.ranged))


def _read(latex, scope: Scope):
    """(Reading, names used as plain values) of one side."""
    scope = _normal_scope(scope)
    text = clean(guard(latex))
    if not text:
        raise NotRead("empty side")
    text = relabel(text, scope.lets)    # let \mathbf{h}^1 = symbol: h_n^1 is an entry of one name
    text = components(text, scope.lets)  # \sigma(\mathbf{z})_i: \sigma(z_i); S(\mathbf{x})_i of a softmax S
    text = gradient_entries(text, Scanner(scope))   # (\nabla_x L)_i: the partial by x_i
    long_number = re.search(r"[\d.]{61,}", text)
    if long_number:
        raise NotRead(f"number with {len(long_number.group(0))} digits is not read (at most 60)")
    signs = re.search(r"[-+]\s*[-+]", text)
    if signs:
        raise NotRead(f"'{signs.group(0)}': a sign after a sign is not read; write a - (-b)")
    mixed = re.search(r"\d\s*\\[dt]?frac\s*(?:\{\s*\d+\s*\}|\d)\s*(?:\{\s*\d+\s*\}|\d)", text)
    if mixed:
        raise NotRead(f"'{mixed.group(0)}' is ambiguous (a mixed number or a product)")
    sci = re.search(r"\de[-+]?\d", text)
    if sci:
        raise NotRead(f"'{sci.group(0)}' is ambiguous (a power of ten 1e-8, or 1 \\cdot e - 8)")
    _ambiguous(text)   # a/bc, 1,000, x^a^b, 1e3: what latex2sympy misreads (bars: scan.py)
    sc = Scanner(scope)
    raw = parse_piece(sc.scan(text))
    both = sorted(sc.called & sc.valued)
    if both:
        raise NotRead(f"{both[0]} is used both as a function and as a value")
    b = Build(sc.nodes, scope, force_bases=scope.indexed)
    expr = b.expr(raw)
    stray = {v for v in b.named_bases if b.named_bases[v] in b.bases}
    if stray:   # x_i beside x[j] under a sum: the same vector, so x_i is x[i]
        b = Build(sc.nodes, scope, force_bases=b.bases | set(scope.indexed))
        expr = b.expr(raw)
    expr = _one_symbol_per_name(expr, b.sizes)
    for label in sorted({str(x.base.label) for x in expr.atoms(sp.Indexed)}):
        if _bare(expr, label):
            raise NotRead(f"{label} is used both as a vector ({label}_i) and as a value")
    b.is_vector(expr)
    _finite(expr)
    names = {s.name for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    names |= {str(i.label) for i in expr.atoms(sp.IndexedBase)}
    names |= {s.name for s in expr.atoms(sp.Symbol)} - {"\\cdot"}
    return Reading(expr, frozenset(names), frozenset(b.applied), frozenset(b.sizes),
                   frozenset(b.opaque), frozenset(b.bases), frozenset(b.quantities),
                   tuple(b.arrays.items())), sc.plain


def read_pair(left: str, right: str, scope: Scope = Scope()) -> tuple[Reading, Reading]:
    """Both sides of a step with one meaning for each name: a base indexed on one side
    (x[j] under \\sum_j) is indexed on the other too (e^{x_1} is exp(x[1]) there), so that
    \\sum_{j=1}^{2} e^{x_j} = e^{x_1} + e^{x_2} compares the same objects; and a name that is a
    value on one side is a factor before a bracket on the other (y(1 - y) beside y^2)."""
    sizes_apart(left, right)       # \\sum_{w \\in V} beside \\sum_{w=1}^{W}: is |V| = W? (sets.py)
    rows = list_pair(left, right, scope, read_pair)    # (a, b) = (c, d): entry by entry (lists.py)
    if rows is not None:
        return rows
    (a, va), (b, vb) = _pair_side(left, right, scope), _pair_side(right, left, scope)
    bases = a.indexed | b.indexed
    if not bases or (a.indexed == b.indexed == bases and not _names_of(a, bases) and not _names_of(b, bases)):
        return a, b
    both = replace(scope, indexed=frozenset(scope.indexed) | bases)
    return read(left, replace(both, variables=both.variables | va)), \
        read(right, replace(both, variables=both.variables | vb))


def _pair_side(side: str, other: str, scope: Scope):
    """(reading of one side, the names it reads as values because the other side does)."""
    try:
        return read(side, scope), frozenset()
    except NotRead as exc:
        if exc.name is None or exc.name in PRIME_FUNCTIONS:
            raise
        try:
            known = read(other, scope)
        except NotRead:
            raise exc from None
        if exc.name not in known.names:
            # y_i(...) beside the vector y (y_i under a sum) is not taken as a product: the
            # product reading turns steps that lean on a fact of the prose (\sum_i p_i = 1)
            # into certain errors
            raise
        return read(side, replace(scope, variables=scope.variables | {exc.name})), frozenset({exc.name})


def _names_of(r: Reading, bases) -> bool:
    """Whether a reading has a plain symbol named like an element of one of ``bases``."""
    return any(n.startswith(tuple(b + "_" for b in bases)) for n in r.names)


def _one_symbol_per_name(expr, sizes):
    """A name used as an index or sum limit somewhere in the side is an integer everywhere."""
    syms = expr.atoms(sp.Symbol)
    integer = {s.name for s in syms if s.is_integer} | set(sizes)
    swap = {s: sp.Symbol(s.name, integer=True) for s in syms if s.name in integer and not s.is_integer}
    return expr.xreplace(swap) if swap else expr


def _ambiguous(text: str):
    """checks/io/latex.py's refusals of what latex2sympy misreads, but for bars |x|y|z|:
    the scanner pairs bars itself, per piece (a condition |y - t| \\le \\delta is fine)."""
    try:
        _latex_ambiguous(text.replace("|", " "))
    except ParseError as exc:
        raise NotRead(str(exc)) from None


def _bare(expr, label: str) -> bool:
    """Whether the symbol ``label`` occurs outside every x[i] of the IndexedBase ``label``."""
    def walk(e):
        if isinstance(e, sp.Indexed):
            return any(walk(i) for i in e.indices)
        if isinstance(e, sp.IndexedBase):
            return False
        if isinstance(e, sp.Symbol):
            return e.name == label
        return any(walk(a) for a in e.args)
    return walk(expr)


def _finite(expr):
    for a in sp.preorder_traversal(expr):
        if a is sp.zoo or a is sp.nan:
            raise NotRead("division by zero (an infinite or undefined value) in the side")
        if a is sp.I:
            raise NotRead("imaginary numbers are not read")
    for a in [expr]:
        bad = {x for x in a.atoms(sp.Number) if x in (sp.oo, sp.S.NegativeInfinity)}
        if bad:
            inside = set()
            for s in a.atoms(sp.Sum, sp.Product):
                for _, lo, hi in s.limits:
                    inside |= {lo, hi}
            if not bad <= inside:
                raise NotRead("infinity outside a sum limit is not read")
