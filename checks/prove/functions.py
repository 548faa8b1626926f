"""Claims with undefined (abstract) functions: ``f(z)``, ``g(a)``, ``L(p, y)`` and derivatives
of them, as documents write them when a function is never given a formula.

Two things are done with such a claim:

1. Its derivatives are put in one normal form (``canonical``): SymPy writes the chain rule
   through ``f`` as ``Subs(Derivative(f(_x), _x), _x, z)`` while a document's ``f'(z)`` reads
   as ``Derivative(f(z), z)``; both become the call ``D[1]f(z)`` of a new undefined function
   standing for the derivative. Two sides equal in that form are equal for every (smooth)
   ``f``, so the structural and exact stages prove such a claim for every function.
2. Otherwise the functions are replaced by concrete smooth functions from a small seeded
   family (``instances``) and the claim is sampled with the certified machinery. Derivatives
   are carried out after the substitution, so ``f'`` always is the derivative of ``f``.
   Nothing refuted under every instance is ``holds (numeric)`` at most; a counterexample
   under an instance is reported with the instance and the marker ``INSTANCE_MARK``: it
   refutes the claim for every function only when the document says ``f`` is arbitrary.
"""
from __future__ import annotations

import random

import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction

from checks.prove.budget import BUDGETS
from checks.prove.domains import Domain
from checks.prove.outcome import Proved, Refuted, Unknown, swallowed
from checks.prove.rewrites import do_derivatives
from checks.prove.search import sample

INSTANCES = 3                 # concrete functions tried for each undefined function
INSTANCE_MARK = "refuted for an instance of an undefined function"
INSTANCE_METHOD = "function instances"
_D = "\N{PARTIAL DIFFERENTIAL}"   # in the names of derivative functions: no reader name has it


# derivative function -> (the undefined function, the order in each argument)
_DERIVED: dict = {}


def undefined(*exprs) -> list:
    """The undefined functions (classes) applied anywhere in ``exprs``, by name; for a
    derivative function of ``canonical``, the function it is a derivative of."""
    found = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            found |= {_DERIVED.get(a.func, (a.func,))[0] for a in e.atoms(AppliedUndef)}
    return sorted(found, key=lambda f: f.__name__)


def _derivative_function(f, orders: tuple):
    d = sp.Function(f"{_D}{list(orders)}{f.__name__}")
    _DERIVED[d] = (f, orders)
    return d


def _plain_args(call) -> bool:
    """Arguments that are distinct symbols: a derivative in a slot is then well named."""
    args = call.args
    return all(isinstance(a, sp.Symbol) for a in args) and len(set(args)) == len(args)


def _by_call(d: sp.Derivative):
    """``Derivative(F, g(a))``: the derivative of F in the slot where g(a) stands (the document's
    dL/dg), read as ``Subs(Derivative(F[g(a) -> t], t), t, g(a))``. Only when ``a`` does not
    appear in F outside g(a); otherwise what is held fixed is not clear and it is left alone."""
    expr, out = d.expr, None
    for v, n in d.variable_count:
        if not isinstance(v, AppliedUndef):
            return None
        t = sp.Dummy("t", real=True)
        inner = expr.xreplace({v: t})
        if inner.free_symbols & v.free_symbols:
            return None
        # named at t before t is replaced: a Subs back to g(a) would be a derivative by g(a) again
        taken = canonical(sp.Derivative(inner, (t, n)).doit())
        if taken.has(sp.Derivative, sp.Subs):
            return None
        expr = out = taken.xreplace({t: v})
    return out


def _named(d: sp.Derivative):
    """``Derivative(f(x, y), x)`` with plain arguments: the call ``D[1,0]f(x, y)``."""
    call = d.expr
    if not (isinstance(call, AppliedUndef) and _plain_args(call)):
        return None
    counts = dict.fromkeys(call.args, 0)
    for v, n in d.variable_count:
        if v not in counts:
            return None   # a variable the function does not take: doit() gives 0 already
        counts[v] += int(n)
    return _derivative_function(call.func, tuple(counts[a] for a in call.args))(*call.args)


def canonical(e):
    """``e`` with every derivative of an undefined function as a call of a derivative
    function (``Subs`` of one carried out), so that equal derivatives compare equal."""
    if not isinstance(e, sp.Basic) or not e.has(AppliedUndef):
        return e
    e = e.replace(lambda n: isinstance(n, sp.Derivative) and any(isinstance(v, AppliedUndef) for v in n.variables),
                  lambda n: _by_call(n) or n)
    e = do_derivatives(e)
    e = e.replace(lambda n: isinstance(n, sp.Derivative), lambda n: _named(n) or n)
    return e.replace(lambda n: isinstance(n, sp.Subs) and not n.expr.has(sp.Derivative), lambda n: n.doit())


# --- instances --------------------------------------------------------------------------------

def _coefficient(rng: random.Random, lo: int = 1, hi: int = 3) -> sp.Rational:
    """A small non-zero rational, of either sign."""
    return sp.Rational(rng.randint(lo, hi * 4), 4) * rng.choice((1, -1))


def _instance(family: int, arity: int, rng: random.Random, positive: bool = False) -> sp.Lambda:
    """One smooth function of ``arity`` arguments: a polynomial, a positive exponential or a
    shifted sine of a seeded linear combination of the arguments (every argument counts). A
    ``positive`` one (a probability or a density) keeps its values above 0: the square of the
    polynomial plus a constant, the sine shifted by twice its amplitude (the same draws)."""
    us = sp.symbols(f"u1:{arity + 1}", real=True) if arity > 1 else (sp.Symbol("u", real=True),)
    s = sum((_coefficient(rng) * u for u in us), sp.S.Zero) if arity > 1 else us[0]
    if family == 0:
        body = abs(_coefficient(rng)) * sp.exp(_coefficient(rng) / 2 * s)
    elif family == 1:
        body = _coefficient(rng) + _coefficient(rng) * s + _coefficient(rng) / 2 * s**2
        if positive:
            body = body**2 / 4 + sp.Rational(1, 2)
    else:
        a, b, c = _coefficient(rng), _coefficient(rng), _coefficient(rng)
        body = (abs(a) * sp.sin(b * s) + 2 * abs(a)) if positive else a * sp.sin(b * s) + 2 * c
    return sp.Lambda(us, body)


def _probability(f) -> bool:
    """Whether an undefined function is a conditional probability or density the audit reader
    made (p(y|x), p_{y|x}(\\cdot|\\cdot)): its values are positive."""
    name = f.__name__
    return "|" in name and "(" in name and name.endswith(")")


def instances(funcs, seed: int, arities: dict | None = None, n: int = INSTANCES) -> list:
    """``n`` seeded assignments {function: Lambda}: the same seed gives the same functions.
    Instance k gives the i-th function family (k + i) mod 3, so that two functions of one
    claim are not the same function."""
    names = ",".join(f.__name__ for f in funcs)
    rng = random.Random(f"derivcheck-functions:{seed}:{names}")
    out = []
    for k in range(n):
        out.append({f: _instance((k + i) % 3, (arities or {}).get(f, 1), rng, _probability(f))
                    for i, f in enumerate(funcs)})
    return out


def _arities(*exprs) -> dict:
    """The number of arguments each undefined function is applied to (one number each)."""
    out = {}
    for e in exprs:
        for call in (e.atoms(AppliedUndef) if isinstance(e, sp.Basic) else ()):
            out.setdefault(_DERIVED.get(call.func, (call.func,))[0], set()).add(len(call.args))
    return out


def substitute(e, instance: dict):
    """``e`` with each undefined function replaced by its instance, derivatives done after."""
    if not isinstance(e, sp.Basic):
        return e
    for d, (f, orders) in list(_DERIVED.items()):
        if f in instance and e.has(d):
            lam = instance[f]
            e = e.replace(d, sp.Lambda(lam.variables, sp.diff(lam.expr, *[(u, o) for u, o in zip(lam.variables, orders) if o])))
    for f, lam in instance.items():
        e = e.replace(f, lam)
    return do_derivatives(e).replace(lambda n: isinstance(n, sp.Subs), lambda n: n.doit())


def shown(instance: dict) -> dict:
    """{name: "u -> 1 + u/2"}: how a report shows an instance."""
    out = {}
    for f, lam in instance.items():
        args = lam.variables
        head = args[0] if len(args) == 1 else "(" + ", ".join(map(str, args)) + ")"
        out[f.__name__] = f"{head} -> {sp.sstr(lam.expr)}"
    return out


def instance_text(shown_instance: dict) -> str:
    """``f(u) = 1 + u/2, g(u1, u2) = ...`` from a counterexample's ``instance``."""
    parts = []
    for name, text in sorted(shown_instance.items()):
        head, _, body = str(text).partition(" -> ")
        parts.append(f"{name}({head.strip('()')}) = {body}")
    return ", ".join(parts)


def sampled_over_instances(lhs, rhs, assume, seed: int, key: str, deadline):
    """Sample lhs = rhs under each instance of its undefined functions: a certified
    counterexample under one (with the instance), numeric agreement under all, or why not."""
    funcs = undefined(lhs, rhs)
    arities = _arities(lhs, rhs)
    if any(len(a) != 1 for a in arities.values()):
        bad = sorted(f.__name__ for f, a in arities.items() if len(a) != 1)
        return Unknown(INSTANCE_METHOD, f"{', '.join(bad)} applied to different numbers of arguments")
    valid_total, names = 0, ", ".join(f.__name__ for f in funcs)
    for k, inst in enumerate(instances(funcs, seed, {f: next(iter(a)) for f, a in arities.items()})):
        try:
            left, right = substitute(lhs, inst), substitute(rhs, inst)
            if undefined(left, right):
                return Unknown(INSTANCE_METHOD, "an undefined function is left after substitution")
            domain = Domain.from_assumptions(left.free_symbols | right.free_symbols, assume)
            found = sample(left, right, domain, BUDGETS.sample_points, seed, f"{key}@f{k}", deadline, {},
                           assume, coverage=True)
        except Exception as exc:   # an instance SymPy cannot carry through: no verdict from it
            swallowed(INSTANCE_METHOD, exc, deadline)
            return Unknown(INSTANCE_METHOD, f"the instances of {names} could not be evaluated")
        if found.counterexample:
            cex = dict(found.counterexample)
            cex["instance"] = shown(inst)
            cex["note"] = INSTANCE_MARK
            return Refuted(f"{INSTANCE_METHOD}: {INSTANCE_MARK}", cex)
        if found.valid < BUDGETS.min_valid_points:
            return Unknown(INSTANCE_METHOD, f"only {found.valid} sample points could be evaluated for "
                                            f"instance {k + 1} of {names}")
        if found.uncovered:
            return Unknown(INSTANCE_METHOD, f"no point could be evaluated where {' or '.join(found.uncovered)} "
                                            f"(instance {k + 1} of {names})")
        valid_total += found.valid
    if deadline.cut:
        return Unknown("timeout", f"no counterexample for instances of {names}, but "
                                  f"{', '.join(deadline.cut)} ran out of time before a proof")
    return Proved("numeric", f"sampling({valid_total} points) for {INSTANCES} instances of the functions {names}")

