"""Where a claim's behaviour changes: the free symbols of points, breakpoints of case nodes
and of limits (real roots of their arguments), and the integer sizes a claim ranges over."""
from __future__ import annotations

import sympy as sp

from checks import dl
from checks.prove import rewrites, sampling


def free_of(*exprs):
    syms = set()
    for e in exprs:
        syms |= sp.sympify(e).free_symbols
    return syms


def _point_symbols(exprs):
    """Free scalar symbols to sample (Indexed atoms are filled lazily)."""
    out, labels = set(), set()
    for e in exprs:
        labels |= {b.label for b in sp.sympify(e).atoms(sp.IndexedBase)}
    for s in free_of(*exprs):
        if isinstance(s, sp.Symbol) and s not in labels:  # the x of x[k] is a name, not a value
            out.add(s)
    return out


def breakpoints(expr) -> dict:
    """Where piecewise parts switch, per symbol: the zeros of Abs/Heaviside/relu/...
    arguments, of Piecewise conditions, and where two Max/Min arguments are equal.
    A switch in a sum's index k moves to the symbols of its limits: the term of
    Sum(Max(0, k - 10), (k, 1, n)) switches at k = 10, so the sum changes at n = 10."""
    expr = sp.sympify(expr)
    switches = []
    for n in expr.atoms(sp.Function, sp.Piecewise, sp.Max, sp.Min):
        if isinstance(n, (sp.Max, sp.Min)):
            switches += [a - b for i, a in enumerate(n.args) for b in n.args[i + 1:]]
        elif isinstance(n, sp.Piecewise):
            switches += [c.lhs - c.rhs for _, c in n.args if isinstance(c, sp.Rel)]
        elif isinstance(n, rewrites.PIECEWISE_FUNCS):
            switches += list(n.args[:1])
            if isinstance(n, dl.hardtanh):
                switches += [n.args[0] - 1, n.args[0] + 1]
    out = {}
    for a in switches:
        syms = a.free_symbols
        # Only polynomial switches of degree <= 2 in one symbol: solving anything else
        # (nested relu, exp) can take unbounded time, and a root that depends on other
        # symbols is not a point to sample.
        if len(syms) != 1:
            continue
        (s,) = syms
        if not isinstance(s, sp.Symbol):
            continue
        for v in _real_roots(a, s):
            out.setdefault(s, set()).add(v)
    _through_limits(expr, out)
    return {s: sorted(v, key=float) for s, v in out.items()}


def _through_limits(expr, out):
    """Move breakpoints of bound indices to the symbols of the limits (k = b at the
    upper limit n means n = b); nested sums pass them outward one level a round."""
    sums = list(expr.atoms(sp.Sum, sp.Product))
    for _ in range(4):
        changed = False
        for node in sums:
            for var, *ends in node.limits:
                for b in list(out.get(var, ())):
                    for end in ends:
                        syms = end.free_symbols
                        if len(syms) != 1:
                            continue
                        (s,) = syms
                        for r in _real_roots(end - b, s):
                            if r not in out.setdefault(s, set()):
                                out[s].add(r)
                                changed = True
        if not changed:
            return


def integer_sizes(expr, limit: int = 6) -> list:
    """Sizes an integer symbol should reach, read off the claim's constants: k/10 or
    k - 10 make 10 a size where the claim may change (the sampler adds 9 and 11)."""
    out = set()
    for r in sp.sympify(expr).atoms(sp.Rational):
        for v in (abs(int(r.p)), int(r.q)):
            if 8 <= v <= sampling.MAX_SIZE:
                out.add(v)
    return sorted(out)[:limit]


def _real_roots(a, s) -> list:
    """The real roots of a polynomial of degree <= 2 with real number coefficients
    (sqrt(2) as well as 1/3), exactly, by the formula: no solver is run."""
    try:
        p = sp.Poly(a, s)
    except sp.PolynomialError:
        return []
    if p.degree() > 2 or p.degree() < 1 or not all(c.is_number and c.is_real for c in p.all_coeffs()):
        return []
    if p.degree() == 1:
        b, c = p.all_coeffs()
        return [-c / b]
    a2, b, c = p.all_coeffs()
    disc = b * b - 4 * a2 * c
    if disc.is_negative is not False:   # no real root, or a sign SymPy cannot settle
        return []
    r = sp.sqrt(disc)
    return sorted({(-b - r) / (2 * a2), (-b + r) / (2 * a2)}, key=lambda v: float(v))
