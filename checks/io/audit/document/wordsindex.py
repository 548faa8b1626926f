"""A step's free indices checked with what the text says of them in words, where the ranges the
step shows are not enough (plan: "index ... has no range the step shows").

Two things the text may say (``prose.said_for`` finds them, ``prose.with_said`` keeps those about
the step's letters, ``conditions.for_enumeration`` puts them on the step's symbols as ``where``):

- a relation that gives a free index in the others: "where $j = n - i + 1$". The step is
  checked with it put in (j := n - i + 1), so j needs no range of its own. Two relations for
  one letter that are not the same relation keep the doubt (which one is meant is not known);
- a free index that indexes arrays of two sizes (``V_{jj}`` of a K x m matrix): it runs over the
  entries that exist in both, 1..min(K, m).

Either way only entries that exist are checked: an entry at a computed index (``\\omega_{n-i+1}``
of a kernel of k_2 taps) restricts the enumeration to 1 <= n - i + 1 <= k_2. An entry outside
its array is no point of the domain the document states, so a wrong is never found there; a
holds is bounded (every size 1..3 and every value in range), never a proof.
"""
from __future__ import annotations

import sympy as sp

from ..reading import indices


def retried(free: set, left, right, where, sizes: set, said=(), only_put=False, in_question=None):
    """(left, right, free, table, used) with the relations ``where`` put in and the ranges of
    the entries that exist; ``table`` as ``indices.enumerated`` gives it, ``used`` the relations
    put in. ``said``: the equations the text says for the display (``Beside.letters``) that the
    enumeration left out because a letter of them indexes only at a computed index (i of
    ``x_{i+j-1}``): on the step's own letters, they may be put in too. None when a free index
    still has no range, when two relations for one letter disagree, or when the enumeration is
    not decided (the hazard stays). With ``only_put``, None too when no relation is put in.
    ``in_question``: {letter: [expression]} the question says elsewhere (``said.said_in_question``):
    a relation put in must be the only one said for its letter there."""
    more, new = _on_step(said, left, right)
    where = list(where) + [r for r in more if r not in where]
    sizes = set(sizes) | new
    put, rest = _solved(set(free) | _computed(left, right), where)   # j of w_{j+1} is free too
    if put is None or (only_put and not put) or not _only_one(put, in_question or {}):
        return None
    if put:
        own = [r.xreplace(put) for j in put for r in _letter_range(j, left, right)]
        left, right = (_put(e, put) for e in (left, right))
        rest = [sp.sympify(r).xreplace(put) for r in rest] + own
        if any(r == sp.false for r in rest):
            return None
        rest = [r for r in rest if r != sp.true]
    now = {i for i in free if i not in put} | indices.free_indices(left, right) | _computed(left, right)
    if not now:
        return None
    spans = _ranges(now, left, right, rest)
    if spans is None:
        return None
    exist = _entries_exist(now, sizes | set(spans), left, right)
    if exist is None:
        return None
    table = indices.enumerated(left, right, spans, sizes, list(rest) + exist)
    if table is None:
        return None
    return left, right, now, table, tuple(where)    # each put in or kept as a filter


def _on_step(said, left, right) -> list:
    """The relations of ``said`` between integer letters of the step, on the step's symbols."""
    syms = {}
    for e in (left, right):
        for x in getattr(e, "free_symbols", ()):
            if isinstance(x, sp.Symbol) and x.is_integer:
                syms.setdefault(x.name, x)
    out, new = [], set()
    for r in said:
        if not isinstance(r, sp.core.relational.Relational) or not r.free_symbols:
            continue
        extra = {x for x in r.free_symbols if x.name not in syms}
        if extra and not _a_top(r, extra):
            continue
        at = {x: syms[x.name] for x in r.free_symbols if x not in extra}
        at.update({x: sp.Symbol(x.name, integer=True, positive=True) for x in extra})
        new |= {at[x] for x in extra}
        out.append(r.xreplace(at))
    return out, new


def _a_top(r, extra) -> bool:
    r"""``i \le N``, ``i \le N - k + 1``: letters the step does not have (``extra``) only in the top
    of an index's range: sizes the text names, enumerated like the step's own."""
    if isinstance(r, (sp.LessThan, sp.StrictLessThan)):
        small, big = r.lhs, r.rhs
    elif isinstance(r, (sp.GreaterThan, sp.StrictGreaterThan)):
        small, big = r.rhs, r.lhs
    else:
        return False
    return isinstance(small, sp.Symbol) and small not in extra and not (small.free_symbols & extra)


def computed_letters(*exprs) -> set:
    """The names of ``_computed``: what the text may say a range or a relation of."""
    return {s.name for s in _computed(*exprs)}


def _computed(*exprs) -> set:
    """Letters the step uses only inside computed indices (i of ``w_{n-i+1}``), not bound."""
    out = set()
    for e in exprs:
        free = getattr(e, "free_symbols", set())
        for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed, sp.KroneckerDelta):
            for idx in (x.indices if isinstance(x, sp.Indexed) else x.args):
                out |= {s for s in getattr(idx, "free_symbols", ()) if s in free and s.is_integer}
    return out


def _letter_range(j, left, right) -> list:
    r"""The values the letter ``j`` may take in the step before a relation puts it in: the range
    of a sum over a letter of its name (``\sum_{j=1}^{k}``: "the one term with j = n - i + 1"
    is a term of that sum) and the entries that exist (``w_{j+1}`` of a kernel of k taps)."""
    out = []
    dims = indices._dimension_sizes(left, right)
    for e in (left, right):
        for node in getattr(e, "atoms", lambda *_: ())(sp.Sum):
            for v, lo, hi in node.limits:
                if v.name.rstrip("'") == j.name:
                    out += [sp.Ge(j, lo), sp.Le(j, hi)]
        for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed):
            for k, idx in enumerate(x.indices):
                size = dims.get((str(x.base.label), k))
                if j in getattr(idx, "free_symbols", ()) and size is not None:
                    out += [sp.Ge(idx, 1), sp.Le(idx, size)]
    return list(dict.fromkeys(out))


def _only_one(put: dict, in_question: dict) -> bool:
    """Every relation put in is the only one the question says for its letter (``j = n - i + 1``
    for one display and ``j = n - i`` for the next: which one a step means is not known)."""
    for j, value in put.items():
        by_name = {s.name: s for s in value.free_symbols}
        for other in in_question.get(j.name, ()):
            if {s.name for s in other.free_symbols} - set(by_name):
                return False
            if sp.expand(other.xreplace({s: by_name[s.name] for s in other.free_symbols}) - value) != 0:
                return False
    return True


def _put(e, put):
    if isinstance(e, sp.MatrixBase):
        return e.applyfunc(lambda x: x.xreplace(put))
    return e.xreplace(put) if hasattr(e, "xreplace") else e


def _solved(free: set, where: list):
    """({j: n - i + 1}, the relations left) for the equations of ``where`` that give a free
    index in other integer letters (integer coefficients, degree 1); ({}, where) when there is
    none; (None, None) when two equations for one letter disagree."""
    put, rest = {}, []
    for r in where:
        got = _gives(r, free)
        if got is None or got[0] in put:
            rest.append(r)
            continue
        j, value = got
        if any(j in v.free_symbols for v in put.values()) or any(s in put for s in value.free_symbols):
            rest.append(r)       # chained: kept as a filter, decided once the others are put in
            continue
        put[j] = value
    for r in list(rest):
        if isinstance(r, sp.Equality) and ({s for s in r.free_symbols} & set(put)):
            after = r.xreplace(put)
            if after == sp.true:
                continue     # the same relation said twice (n = i + j - 1 where j = n - i + 1)
            if after == sp.false or _gives(r, free) is not None:
                return None, None     # another relation for the same letter: which one is meant?
    return put, rest


def _gives(r, free: set):
    """(j, expression) when ``r`` is ``j = expression`` (either way round) for a free index j
    and an integer expression of degree 1 in other integer letters, else None. ``i = j`` is a
    case of two indices, which the enumeration takes as it is (``conditions``), not put in."""
    if not isinstance(r, sp.Equality):
        return None
    for a, b in ((r.lhs, r.rhs), (r.rhs, r.lhs)):
        if a in free and isinstance(a, sp.Symbol) and a not in b.free_symbols and b.free_symbols \
                and not isinstance(b, sp.Symbol) \
                and all(s.is_integer for s in b.free_symbols):
            try:
                poly = sp.Poly(b, *sorted(b.free_symbols, key=str))
            except sp.PolynomialError:
                continue
            if poly.total_degree() == 1 and all(c.is_Integer for c in poly.coeffs()):
                return a, b
    return None


def _ranges(free: set, left, right, given) -> dict | None:
    """``indices.ranges``, and where an index indexes dimensions of several sizes, the smallest
    of them (the entries exist in every array it indexes)."""
    got = indices.ranges(free, left, right, given=given)
    if got is not None:
        return got
    dims = indices._dimension_sizes(left, right)
    deltas = indices._delta_ranges(left, right)
    out = {}
    for i in free:
        found = {dims[(str(x.base.label), k)] for e in (left, right)
                 for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)
                 for k, j in enumerate(x.indices) if j == i and (str(x.base.label), k) in dims}
        found |= deltas.get(i, set())
        if not found:
            found = {t for t in indices.upper_bounds(i, given) if not t.free_symbols & free}
        if not found:
            return None
        out[i] = found.pop() if len(found) == 1 else sp.Min(*found)
    return out


def _entries_exist(free: set, known: set, left, right) -> list | None:
    """The relations ``1 <= e <= S`` for every entry at a computed index ``e`` of the free
    indices (``\\omega_{n-i+1}``) whose dimension has a known size S; None when such an entry's
    dimension has no size the step shows (whether it exists is not known)."""
    dims = indices._dimension_sizes(left, right)
    out = []
    for e in (left, right):
        bound = set()
        for s in getattr(e, "atoms", lambda *_: ())(sp.Sum, sp.Product):
            bound |= {v for v, *_ in s.limits}
        for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed):
            for k, idx in enumerate(x.indices):
                if isinstance(idx, sp.Symbol) or idx.is_Integer or not (idx.free_symbols & free):
                    continue
                if idx.free_symbols & bound:
                    continue     # inside a sum: the sum's own range says which entries it takes
                size = dims.get((str(x.base.label), k))
                if size is None:
                    return None
                out += [sp.Ge(idx, 1), sp.Le(idx, size)]
    return list(dict.fromkeys(out))


def lone_entries(free: set, left, right, where=()) -> dict | None:
    """{entry: name} when every free index of the step is the lone index of every entry it
    indexes and appears nowhere else (``\\mathrm{Var}(\\tilde h_i) = h_i^2 (1 - p)/p``): the step
    says the same of every i, and the entries at one i are names of their own, so i needs no
    range. None when an index is computed (``w_{i+1}``), pairs with another (``W_{ij}``), meets
    a Kronecker delta or a sum's bound, appears bare (``i x_i``), or when one array is indexed by
    two letters (x_i beside x_j may be one entry)."""
    if not free or where:
        return None
    swap, letter_of = {}, {}
    for e in (left, right):
        if not hasattr(e, "atoms") or e.atoms(sp.KroneckerDelta):
            return None
        for s in e.atoms(sp.Sum, sp.Product):
            if any(x in free for lim in s.limits for b in lim[1:] for x in getattr(b, "free_symbols", ())):
                return None
        for x in e.atoms(sp.Indexed):
            used = {i for idx in x.indices for i in getattr(idx, "free_symbols", ())} & free
            if not used:
                continue
            if len(x.indices) != 1 or x.indices[0] not in free:
                return None
            if letter_of.setdefault(x.base, x.indices[0]) != x.indices[0]:
                return None
            swap[x] = sp.Symbol(str(x), real=True) if x.is_real else sp.Symbol(str(x))
    if not swap:
        return None
    for e in (left, right):
        if e.xreplace(swap).free_symbols & free:
            return None      # i x_i: the index itself is a value of the step
    return swap
