"""Case nodes no split reaches: branch coverage of sampled points.

A Max or relu under a Sum's bound variable (Max(0, x[k])) is not split into cases. Sampling
may still test it honestly, but only if its points exercise every branch: the evaluator notes
which branch each case node took (numeric.RECORD), and a claim whose sampled points leave a
branch unreached is undecided, naming it."""
from __future__ import annotations

import sympy as sp

from checks import dl
from checks.prove import cases, evidence, numeric, sampling
from checks.prove.budget import BUDGETS
from checks.prove.search import compare_at


def _branches(node):
    """(key the evaluator records, number of branches to reach) of a case node."""
    if isinstance(node, dl._Piecewise):
        node = node._pieces(*node.args)
    if isinstance(node, (sp.Max, sp.Min, sp.Piecewise)):
        return node, len(node.args)
    return node, 2    # Abs, sign, Heaviside: negative and positive


def branch_coverage(lhs, rhs, domain, deadline, seed=0, key=""):
    """('wrong', cex) at a sampled point, ('undecided', why) when some branch of a case
    node was never taken at a consistent point, else (None, None)."""
    want = {}
    for node in set().union(*[e.atoms(*cases.FUNCS) for e in (lhs, rhs)]):
        k, n = _branches(node)
        want[k] = (node, n)
    seen = set()
    for point in sampling.points(_claim_symbols(lhs, rhs), domain, BUDGETS.coverage_points, seed, key + ":branches"):
        if deadline.left() <= 0:
            break
        numeric.RECORD = set()
        try:
            c = compare_at(lhs, rhs, point, seed, key)
        finally:
            taken, numeric.RECORD = numeric.RECORD, None
        if c is not None and c.differ:
            return "wrong", evidence.counterexample(point, c)
        if c is not None:
            seen |= taken
    missing = [(node, i) for k, (node, n) in sorted(want.items(), key=lambda kv: str(kv[0]))
               for i in range(n) if (k, i) not in seen]
    if not missing:
        return None, None
    node, i = missing[0]
    return "undecided", (f"{node} lies under a bound variable, so it is not split into cases, and its "
                         f"branch {_branch_text(node, i)} was never reached at {BUDGETS.coverage_points} sampled points")


def _branch_text(node, i) -> str:
    key, _ = _branches(node)
    if isinstance(key, sp.Piecewise):
        return f"where {key.args[i].cond}" if key.args[i].cond is not sp.true else "of its last piece"
    if isinstance(key, (sp.Max, sp.Min)):
        return f"where it equals {key.args[i]}"
    return f"where {key.args[0]} {'<' if i == 0 else '>'} 0"


def _claim_symbols(lhs, rhs):
    labels = {b.label for b in (lhs.atoms(sp.IndexedBase) | rhs.atoms(sp.IndexedBase))}
    syms = {s for s in (lhs.free_symbols | rhs.free_symbols) if isinstance(s, sp.Symbol) and s not in labels}
    return sorted(syms, key=str)
