"""Proving lhs - rhs zero on a domain: the exact reading (under the assumptions'
substitution), closed forms of sums, algebraic numbers by their minimal polynomial, then
SymPy's targeted rewrites in order, Piecewise conditions settled by the domain."""
from __future__ import annotations

import sympy as sp

from checks.prove import rewrites, sums
from checks.prove.budget import BUDGETS, Deadline, MethodTimeout, time_limit
from checks.prove.domains import Domain
from checks.prove.outcome import swallowed


def _refine_conditions(e, domain: Domain):
    """Decide Piecewise conditions that the domain settles (e.g. Eq(beta, 1) for 0 < beta < 1)."""
    if not e.has(sp.Piecewise):
        return e

    def settle(cond):
        syms = cond.free_symbols
        if len(syms) != 1:
            return cond
        (s,) = syms
        iv = domain.of(s)
        try:
            region = sp.Interval(iv.lo, iv.hi, iv.lo_open, iv.hi_open)
            cs = cond.as_set()
        except Exception:
            return cond
        if region.is_subset(cs):
            return sp.true
        if region.intersect(cs) is sp.EmptySet:
            return sp.false
        return cond

    def fix(pw):
        return sp.Piecewise(*[(v, settle(c)) for v, c in pw.args])

    return e.replace(lambda n: isinstance(n, sp.Piecewise), fix)


def _read_exactly(d, deadline):
    try:
        with time_limit(deadline.share(BUDGETS.exact)):
            return rewrites.exact_reading(d)
    except MethodTimeout:
        deadline.note_cut("exact reading")
        return None


def _prove_scalar(diff, domain: Domain, deadline: Deadline, read_done=False):
    """Name of the rewrite that proves diff == 0 on the domain, or None
    (``read_done``: the exact reading of ``diff`` itself already failed)."""
    sub = domain.proof_substitution()
    d = diff.xreplace(sub) if sub else diff
    name = _read_exactly(d, deadline) if sub or not read_done else None
    if name:
        return name
    if d.has(sp.Sum) and _read_closed_sums(diff, domain, sub, deadline):
        return "sums"
    if _is_algebraic_number(diff) and _minimal_polynomial_is_x(diff, deadline):
        return "algebraic"
    for name, fn in rewrites.pipeline_for(d):
        if deadline.left() <= 0:
            return None
        try:
            with time_limit(deadline.share(BUDGETS.rewrite)):
                r = fn(d)
                if r is not None and r != 0 and r.has(sp.Piecewise):
                    r = rewrites.rational(_refine_conditions(r, _subst_domain(domain, sub)))
        except MethodTimeout:
            deadline.note_cut(name)
            continue
        except Exception as exc:   # SymPy could not carry the rewrite out: the next one may
            swallowed(name, exc, deadline)
            continue
        if r is not None and r == 0:
            return name
    return None


def _read_closed_sums(diff, domain, sub, deadline) -> bool:
    """Geometric and polynomial sums replaced by their closed forms (the ratio r != 1
    settled by the domain), then the exact reading, with the proof substitution
    applied after closing: the closed form is built from the claim's own symbols."""
    try:
        with time_limit(deadline.share(BUDGETS.exact)):
            closed = sums.closed_sums(diff, lambda e: _nonzero_on(e, domain, sub))
            if closed == diff:
                return False
            return bool(rewrites.exact_reading(closed.xreplace(sub) if sub else closed)
                        or sub and rewrites.exact_reading(closed))
    except MethodTimeout:
        deadline.note_cut("sums")
    except (ValueError, TypeError, ZeroDivisionError, sp.PolynomialError):
        pass
    return False


def _is_algebraic_number(e) -> bool:
    """A closed expression of rationals under +, * and rational powers (nested radicals)."""
    if e.free_symbols or not e.is_number:
        return False
    return all(n.is_Rational or n.is_Add or n.is_Mul or (n.is_Pow and n.exp.is_Rational)
               for n in sp.preorder_traversal(e))


def _minimal_polynomial_is_x(e, deadline) -> bool:
    """An algebraic number is zero exactly when its minimal polynomial over Q is x:
    sqrt(2 + sqrt(3)) - (sqrt(6) + sqrt(2))/2, which no rewrite here denests."""
    z = sp.Dummy("z")
    try:
        with time_limit(deadline.share(BUDGETS.exact)):
            return sp.minimal_polynomial(e, z) == z
    except MethodTimeout:
        deadline.note_cut("algebraic")
    except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
        pass
    return False


def _nonzero_on(e, domain: Domain, sub) -> bool:
    """True when ``e`` is certainly non-zero everywhere on the domain: by SymPy's
    assumptions once bounded symbols carry their signs (b in (0, 1) is b_/(b_ + 1) with
    b_ > 0, so 1/b - 1 = 1/b_), or, for one symbol, because e = 0 has no solution in
    its interval. False means 'not settled', never 'zero'."""
    if e.is_number:
        return e.is_zero is False
    moved = sp.cancel(sp.together(e.xreplace(sub) if sub else e))
    if moved.is_zero is False:
        return True
    syms = e.free_symbols
    if len(syms) != 1:
        return False
    (s,) = syms
    iv = domain.intervals.get(s)
    if iv is None:
        return False
    try:
        region = sp.Interval(iv.lo, iv.hi, iv.lo_open, iv.hi_open)
        return region.intersect(sp.Eq(e, 0).as_set()) is sp.EmptySet
    except Exception:   # as_set refuses what it cannot solve: not settled
        return False


def _subst_domain(domain, sub):
    """The domain in the symbols of the proof substitution (x -> c + u moves the interval)."""
    new = Domain(dict(domain.intervals))
    for s, rep in sub.items():
        iv = domain.intervals.get(s)
        if iv is None:
            continue
        if rep.is_Symbol:
            new.intervals[rep] = iv
        else:
            c, u = rep.as_coeff_Add()
            if u.is_Symbol:
                new.intervals[u] = type(iv)(iv.lo - c, iv.hi - c, iv.lo_open, iv.hi_open, iv.integer)
    return new
