"""Exact zero tests for rational functions, computed in python-flint.

An expression is read as a rational function over Q in *atoms*: symbols,
x[k] entries, and every subterm that is not built from +, * and integer
powers (function calls, sums, non-integer powers). If the expression is the
zero rational function with its atoms taken as independent indeterminates,
it is zero wherever it is defined, whatever values the atoms have. That is
exactly what SymPy's ``expand`` and ``cancel(together(.))`` decide; here the
polynomial arithmetic and the gcds run in C (flint's ``fmpq_mpoly``).

With ``exponentials=True`` the reading also applies the exp-rational rewrite:
sigmoid, tanh, sinh and cosh are read straight from X = exp(u) (coth, sech,
csch through SymPy's rewrite, one node at a time), and exp(c1*m1 + ... + c0) becomes
T1**(c1*d1) * ... with T_i = exp(m_i/d_i) new indeterminates (d_i the lcm of
the denominators of m_i's coefficients), so exp(a + b) = exp(a) * exp(b) is
built in. This is sound for the same reason: an identity among independent
indeterminates survives any substitution.

The answer is True (proved zero) or False (not zero as a rational function:
*not* a refutation, since the atoms may be related). ``Unsupported`` is
raised for floats and infinities, which have no exact reading.
"""
from __future__ import annotations


import sympy as sp

from checks.prove.ratatoms import _log_form, _log_ratio
from checks.prove.ratatoms import Unsupported  # noqa: F401  the error callers catch as ratnorm.Unsupported
from checks.prove.ratreader import _Reader


def is_zero(e, exponentials: bool = False) -> bool:
    """True when ``e`` is the zero rational function in its atoms (see the module doc)."""
    return reading(e, exponentials) is not None


def reading(e, exponentials: bool = False) -> str | None:
    """The name of the rewrite this test stands for when it proves ``e == 0``:
    'expand' (a polynomial identity), 'cancel' (rational) or 'exp-rational'."""
    e = sp.sympify(e)
    r = _Reader(exponentials)
    r.collect(e)
    r.build()
    num, _ = r.read(e)
    if num != 0:
        if exponentials:
            merged = _merge_logs(e)
            if merged is not None and reading(merged, True):
                return "exp-rational"
        return None
    if r.used_exp:
        return "exp-rational"
    return "cancel" if r.negative_power else "expand"


# --- logarithms ----------------------------------------------------------------------

MAX_MERGED_LOGS = 16          # log atoms compared pairwise by _merge_logs


def _merge_logs(e):
    """``e`` with each log(A) written as log(B) + log(c) + sum e_i m_i/d_i when A/B reads
    as the monomial c * prod exp(m_i/d_i)**e_i (c > 0, every m_i real), B another log in
    ``e`` (or as log(c) + ... - log(B) when A*B does); None when no two logs are so
    related. Where both logs are real, A and B are positive and log(A) - log(B) =
    log(A/B) exactly: softplus(u) - softplus(-u) = u for u = x + 900 as for u = x, with
    exp(900) never evaluated; log(sigmoid(u)) = -softplus(-u) likewise."""
    nodes = sorted({n for n in sp.preorder_traversal(e) if _log_form(n) is not None
                    and not _log_form(n).is_number}, key=sp.default_sort_key)
    if len(nodes) < 2 or len(nodes) > MAX_MERGED_LOGS:
        return None
    args = [_log_form(n) for n in nodes]
    r = _Reader(True)
    try:
        for a in args:
            r.collect(a)
    except Unsupported:
        return None
    if any(not isinstance(m, sp.Tuple) and m.is_extended_real is not True for m in r.exp_coeffs):
        return None
    r.build()
    exp_gens = {i: (m, d) for m, (i, d) in r.tgen.items() if not isinstance(m, sp.Tuple)}
    read = [r.read(a) for a in args]
    repl = {}
    for i in range(len(nodes)):
        for j in range(i):
            if nodes[j] in repl:
                continue
            lin = _log_ratio(read[i], read[j], exp_gens)
            if lin is not None:
                repl[nodes[i]] = nodes[j] + lin
                break
            bn, bd = read[j]   # A*B a monomial: log(A) = log(A*B) - log(B)
            lin = _log_ratio(read[i], (bd, bn), exp_gens)
            if lin is not None:
                repl[nodes[i]] = lin - nodes[j]
                break
    return e.xreplace(repl) if repl else None
