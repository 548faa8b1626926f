"""Region decomposition for claims with Max, Min, Abs, Heaviside, relu, ... .

The difference lhs - rhs is split into cases (``cases.case_split``): pairs of a
value and a clause (a conjunction of sign conditions on expressions) that
together cover the domain. For each case:

* a clause that asks one expression to be both > 0 and <= 0 is empty: skipped,
  as is one whose linear clauses leave a symbol (or an integer-valued part) no
  value, decided exactly in rationals;
* a clause that pins an expression to 0 is solved for one symbol, substituted;
* otherwise the case's value must be proved zero by the algebraic rewrites (for
  each value, where the clause leaves an integer only a few).

A case that is not proved is tested at exact rational points inside it, however
thin (``case_points``: linear clauses solved by elimination, the others by fixing
all symbols but one), each checked exactly against the clause and the domain, and
the sides are compared there in ball arithmetic: only a certified difference is a
counterexample. A case where no point can be evaluated makes the answer
``undecided``, naming the case: a region never tested is never reported as holding.
"""
from __future__ import annotations

import sympy as sp

from checks.prove import cases, evidence, numeric, rewrites, sampling
from checks.prove.budget import BUDGETS, time_limit
from checks.prove.clauses import _solve_pinned, clause_sets
from checks.prove.coverage import _claim_symbols, branch_coverage
from checks.prove.domains import Domain, _from_symbol, invert
from checks.prove.intervals import _iv_set, _linear_in, _pieces, picks
from checks.prove.points import _own_sets, case_is_empty, case_points
from checks.prove.search import compare_at
from checks.prove.zero import _prove_scalar


def decide_regions(diff, lhs, rhs, domain, deadline, seed=0, key=""):
    """('proof', None), ('wrong', counterexample), ('undecided', why) when a case could
    not be tested at any point, or (None, None) when unsettled.

    Long because the case loop shares the maps between the case's variables and the claim's
    symbols (shift, Moebius, back) as closures; split, they would be passed around as six
    arguments."""
    if not diff.has(*cases.FUNCS):
        return None, None
    sub = domain.proof_substitution()
    try:
        with time_limit(deadline.share(BUDGETS.case_split)):
            split = cases.case_split(rewrites.pull_positive_factors(diff.xreplace(sub) if sub else diff))
    except cases.Unsplittable as e:
        if e.binder:
            return branch_coverage(lhs, rhs, domain, deadline, seed, key)
        return None, None
    inv = invert(sub)
    # Shifts (x = c + u) are undone so that points are simplest in the claim's own
    # symbols; a Moebius map (a bounded interval) keeps its new symbol.
    shift = {u: e for u, e in inv.items() if len(e.free_symbols) == 1
             and _linear_in(e, next(iter(e.free_symbols))) is not None}
    moebius = {u for u in inv if u not in shift}
    claim_syms = _claim_symbols(lhs, rhs)

    def dom_of(v):
        return _from_symbol(v) if v in moebius else domain.of(v)

    def direct(s):   # the point gives the claim's symbol itself
        return s not in sub or sub[s].free_symbols <= set(shift)

    def back(p):
        """The claim's symbols (and x[k] entries) at a point of the case's variables;
        variables no clause constrains take a simple value inside their interval."""
        p = dict(p)
        for s in claim_syms:
            for u in ({s} if direct(s) else sub[s].free_symbols) - set(p):
                v = _simple_value(dom_of(u))
                if v is None:
                    return None
                p[u] = v
        full = {s: p[s] if direct(s) else sub[s].xreplace(p) for s in claim_syms}
        for a, v in p.items():
            if isinstance(a, sp.Indexed):   # x[i] with i now a number: the entry it names
                full[a.xreplace(full)] = v
        return full

    zero = {}  # cases share values: each is proved (or not) once

    def proved(v):
        if v not in zero:
            zero[v] = _prove_scalar(v, Domain(), deadline) is not None
        return zero[v]

    unsettled, untested = None, []
    for val, clause in split:
        if deadline.left() <= 0:   # cases left untested: the clock, not the claim, ended it
            deadline.note_cut("regions")
            return None, None
        if rewrites.exact_reading(val):  # cheap; the full proof waits until the region is known non-empty
            continue
        sets = clause_sets(clause)
        if sets is None:
            return None, None
        base = sets
        subs, v = {}, val
        for part in list(sets):
            allowed = sets[part]
            if isinstance(allowed, sp.FiniteSet) and len(allowed) == 1 and part is not None:
                value = next(iter(allowed))
                more = _solve_pinned(part.xreplace(subs), value)
                if more:
                    subs.update(more)
                    v = v.xreplace(more)
                else:  # part is no linear form (s*y = 1): replace it where it occurs
                    v = v.subs(part, value)
        if subs:  # re-read the clause with the pinned values in place
            sets = clause_sets([r.xreplace(subs) for r in clause])
            if sets is None:
                return None, None
        if any(allowed is sp.EmptySet for allowed in sets.values()):
            continue  # contradictory: the clause is empty
        constraints = [(p.xreplace(shift), a) for p, a in base.items() if p is not None]
        variables = {a for p, _ in constraints for a in p.atoms(sp.Symbol, sp.Indexed)
                     if not _is_label(a, lhs, rhs)}
        if case_is_empty(constraints, variables, dom_of) or proved(v) \
                or _proved_for_each(v, constraints, variables, dom_of, shift, proved):
            continue
        tested = False
        for point in case_points(constraints, variables, dom_of, back, domain, seed, key):
            c = compare_at(lhs, rhs, point, seed, key)
            if c is not None and c.differ:
                return "wrong", evidence.counterexample(point, c)
            tested = tested or c is not None or _void(lhs, rhs, point)
        if not tested:
            untested.append(_describe(clause, inv))
        unsettled = True
    if untested:
        return "undecided", "no point could be evaluated in the case " + "; nor in ".join(untested)
    return (None, None) if unsettled else ("proof", None)


# --- case nodes no split reaches -------------------------------------------------------
#
# A Max or relu under a Sum's bound variable (Max(0, x[k])) is not split into cases.
# Sampling may still test it honestly, but only if its points exercise every branch:
# the evaluator notes which branch each case node took (numeric.RECORD), and a claim
# whose sampled points leave a branch unreached is undecided, naming it.


def _proved_for_each(v, constraints, variables, dom_of, shift, proved, most=16) -> bool:
    """A case that leaves an integer variable a few values (9 < n <= 10): the case's
    value proved zero with each of them substituted."""
    own = _own_sets(constraints, sorted(variables, key=str), dom_of) or {}
    for t, allowed in own.items():
        if not dom_of(t).integer or not all(isinstance(p, sp.Interval) and p.start.is_finite
                                             and p.end.is_finite for p in _pieces(allowed)):
            continue
        values = [n for p in _pieces(allowed) for n in range(int(sp.ceiling(p.start)), int(sp.floor(p.end)) + 1)
                  if allowed.contains(n) is sp.true]
        if len(values) > most:
            continue
        # t is the claim's symbol (a shift undone) or the case's own variable
        back = {u: e for u, e in shift.items() if t in e.free_symbols}
        return all(proved(v.xreplace({u: e.xreplace({t: n}) for u, e in back.items()} or {t: n}))
                   for n in values)
    return False


def _is_label(x, lhs, rhs):
    return any(b.label == x for b in (lhs.atoms(sp.IndexedBase) | rhs.atoms(sp.IndexedBase)))


def _simple_value(iv):
    """A simple value inside an interval, for a symbol no clause constrains."""
    v = picks(_iv_set(iv), iv.integer, sampling._rng(0, "simple"), 1)
    return v[0] if v else None


def _void(lhs, rhs, point) -> bool:
    """Neither side has a real value at the point: the claim says nothing there."""
    for e in (lhs, rhs):
        try:
            numeric.evaluate(e, point, 64)
            return False
        except numeric.Undefined:
            continue
        except Exception:
            return False
    return True


def _describe(clause, inv) -> str:
    rels = [str(r.xreplace(inv)) for r in clause]
    return " and ".join(rels) if rels else "(the whole domain)"
