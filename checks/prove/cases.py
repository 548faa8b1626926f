"""Split an expression with Max, Min, Abs, sign, Heaviside, relu, ... into cases.

``case_split(e)`` returns pairs (value, conditions): ``value`` is free of those
functions, ``conditions`` is a tuple of relations that must all hold, and together the
cases cover the real domain. ``regions`` checks each. Cases of Max, Min, Abs,
sign, Heaviside and the activations are mutually exclusive; the clauses of a
Piecewise condition with Or may overlap, where they have the same value.

Why not ``rewrite(Piecewise)`` and ``piecewise_fold``: for a Max nested in a Max
SymPy builds conditions that contain Piecewise, rewrites them to ITE and asks
``as_set``, which runs ``simplify`` through ``periodicity`` (and imports
``sympy.physics`` in every process). Here innermost nodes are split first,
so every condition is a plain relation on case-free expressions, and each case
is one conjunction of them.
"""
from __future__ import annotations

import sympy as sp

from checks.prove.rewrites import PIECEWISE_FUNCS

FUNCS = PIECEWISE_FUNCS + (sp.Piecewise,)
MAX_CASES = 256
# A case split inside these would put the bound variable into a condition.
_BINDERS = (sp.Sum, sp.Product, sp.Integral, sp.Derivative, sp.Lambda, sp.Subs)


class Unsplittable(Exception):
    """The expression has a part this module does not split (a condition that is
    not a relation, a function of complex arguments, too many cases). ``binder``:
    the part is a case node under a bound variable (inside a Sum)."""

    def __init__(self, msg, binder=False):
        super().__init__(msg)
        self.binder = binder


def case_split(e, limit: int = MAX_CASES):
    """[(value, (relation, ...)), ...] for ``e``; raises Unsplittable.

    Innermost case nodes are split first, and a node is replaced everywhere it
    occurs (xreplace): max(0, g) twice in one expression takes one branch, not
    four combinations of which two are contradictory."""
    e = split_sums(sp.sympify(e))
    for b in e.atoms(*_BINDERS):
        if b.has(*FUNCS):
            raise Unsplittable(f"{b} has a case split inside its bound variable", binder=True)
    done, todo = [], [(e, ())]
    while todo:
        value, conds = todo.pop()
        node = _innermost(value)
        if node is None:
            done.append((value, conds))
            continue
        for v, extra in reversed(_own_cases(node)):
            merged = _merge(conds, extra)
            if merged is not None:
                todo.append((value.xreplace({node: v}), merged))
        if len(done) + len(todo) > limit:
            raise Unsplittable(f"more than {limit} cases")
    return done


def _innermost(e):
    """A case node none of whose arguments has one, or None."""
    for n in sp.postorder_traversal(e):
        if isinstance(n, FUNCS):
            return n
    return None


def _merge(*groups):
    """One tuple of relations, None when one of them is False (an empty case)."""
    seen = []
    for g in groups:
        if g is None:
            return None
        for r in g:
            if r is sp.false or r is False:
                return None
            if r is sp.true or r is True or r in seen:
                continue
            seen.append(r)
    return tuple(seen)


def _real(a, name):
    if a.is_extended_real is not True:
        raise Unsplittable(f"{name} of {a}, not known to be real")
    return a


def _own_cases(e):
    """The cases of one node whose arguments are free of case functions."""
    args = e.args
    if isinstance(e, sp.Piecewise):
        return _piece_cases(e)
    if isinstance(e, (sp.Max, sp.Min)):
        strict, loose = (sp.Gt, sp.Ge) if isinstance(e, sp.Max) else (sp.Lt, sp.Le)
        # the first argument attaining the extremum: strictly beyond the earlier ones
        return [(a, tuple(strict(a, b) for b in args[:i]) + tuple(loose(a, b) for b in args[i + 1:]))
                for i, a in enumerate(_real(x, type(e).__name__) for x in args)]
    if isinstance(e, sp.Abs):
        a = _real(args[0], "Abs")
        return [(a, (sp.Ge(a, 0),)), (-a, (sp.Lt(a, 0),))]
    if isinstance(e, sp.sign):
        a = _real(args[0], "sign")
        return [(sp.S.One, (sp.Gt(a, 0),)), (sp.S.NegativeOne, (sp.Lt(a, 0),)), (sp.S.Zero, (sp.Eq(a, 0),))]
    if isinstance(e, sp.Heaviside):
        a = _real(args[0], "Heaviside")
        at_zero = args[1] if len(args) > 1 else sp.S.Half
        return [(sp.S.Zero, (sp.Lt(a, 0),)), (at_zero, (sp.Eq(a, 0),)), (sp.S.One, (sp.Gt(a, 0),))]
    # an activation defined by cases (relu, hardtanh, threshold, ...): its own definition
    for a in args:
        _real(a, type(e).__name__)
    return _piece_cases(e._pieces(*args))


def _piece_cases(pw):
    """Piece i applies where its condition holds and no earlier one did: one case per
    clause of that condition's disjunctive normal form."""
    if not isinstance(pw, sp.Piecewise):
        return [(pw, ())]
    out, earlier = [], []
    for value, cond in pw.args:
        effective = sp.And(cond, *[sp.Not(c) for c in earlier])
        earlier.append(cond)
        if effective is sp.false:
            continue
        dnf = sp.to_dnf(effective, simplify=False)
        for clause in (dnf.args if isinstance(dnf, sp.Or) else (dnf,)):
            rels = clause.args if isinstance(clause, sp.And) else (clause,)
            if not all(isinstance(r, sp.Rel) or r is sp.true for r in rels):
                raise Unsplittable(f"a condition that is not a relation: {clause}")
            out.append((value, tuple(r for r in rels if r is not sp.true)))
    return out


# --- sums whose summand switches at fixed indices ------------------------------------
#
# Sum(Max(0, k - 10), (k, 1, n)): the summand's case depends on where the index k
# lies, so the integers split into segments (k <= 10, k >= 11) on each of which the
# summand is one case-free expression. With Karr's convention (the one SymPy and
# the evaluator use) sum_{k=a}^{b} f = G(b) - G(a - 1) for G(m) = sum_{k=c}^{m} f
# and any fixed c, for all integers a, b; G of a limit is then a Piecewise in the
# limit, whose conditions are ordinary relations outside the bound variable.

def split_sums(e):
    """``e`` with every single-limit Sum whose summand switches cases where its index
    crosses a rational number or an integer-valued expression (k = 10, k = m for an
    integer m) written as such a Piecewise; other sums unchanged."""
    def split(s):
        out = _split_sum(s)
        return s if out is None else out
    return e.replace(lambda n: isinstance(n, sp.Sum) and n.function.has(*FUNCS), split)


def _cuts(g, k):
    """Where g (linear in k) changes sign over the integers: {r - 1, r} for an
    integer root r (so that k = r is a segment of its own), {floor(r)} for a
    rational one; None when the root is neither (x[k], k**2, k - y for a real y)."""
    slope = g.coeff(k, 1)
    rest = sp.expand(g - slope * k)
    if not slope.is_Rational or slope == 0 or rest.has(k):
        return None
    root = -rest / slope
    if root.is_integer:
        return {root - 1, root}
    if root.is_Rational:
        return {sp.floor(root)}
    return None


def _split_sum(s):
    if len(s.limits) != 1:
        return None
    k, a, b = s.limits[0]
    try:
        body_cases = case_split(s.function)
    except Unsplittable:
        return None
    cuts = set()
    for _, clause in body_cases:
        for rel in clause:
            cut = _cuts(sp.expand(rel.lhs - rel.rhs), k)
            if cut is None:
                return None
            cuts |= cut
    if not cuts:
        return None
    base = next(iter(cuts))
    if not all((c - base).is_Rational for c in cuts):   # the order of the cuts must be known
        return None
    cuts = sorted(cuts, key=lambda c: c - base)
    # segment i is [cuts[i-1] + 1, cuts[i]] (unbounded at either end); its summand
    # is the case holding at one of its indices (all agree inside a segment)
    reps = [cuts[0]] + [c + 1 for c in cuts]
    bodies = []
    for r in reps:
        try:
            held = [v for v, clause in body_cases if all(bool(c.xreplace({k: r})) for c in clause)]
        except TypeError:   # a relation the representative index does not decide
            return None
        if not held:
            return None
        bodies.append(held[0])

    def G(m):
        pieces = [(sp.Sum(bodies[0], (k, cuts[0] + 1, m)), sp.Le(m, cuts[0]))]
        full = sp.S.Zero
        for i in range(1, len(bodies)):
            here = full + sp.Sum(bodies[i], (k, cuts[i - 1] + 1, m))
            cond = sp.Le(m, cuts[i]) if i < len(cuts) else sp.true
            pieces.append((here, cond))
            if i < len(cuts):
                full += sp.Sum(bodies[i], (k, cuts[i - 1] + 1, cuts[i]))
        return sp.Piecewise(*pieces)

    return G(b) - G(a - 1)
