"""Authoring helpers for catalog modules: three-valued answers for property predicates.

A ``Property`` predicate answers each case with one of

  True          the case holds (exactly, or certified);
  None          undecided: the predicate could not settle the case;
  Refuted(...)  the case fails, and the object carries the evidence that shows it.

The engine (``checks.run.engine._check_property``) reports ``holds`` only if every case
answers True, ``undecided`` (naming the case) on the first None, and ``wrong`` only
on a ``Refuted``, whose evidence becomes the verdict's counterexample. Everything else
is the predicate breaking its contract and is an ``error`` naming the value and its
type: ``1``, ``0``, a numpy bool, a SymPy relational, an exception -- and a bare
``False``. A bare False carries no evidence: it is what an incomplete zero test
(``expand(e) == 0``, ``e.equals(0)``) returns for "I could not show it", so it can
never make a claim wrong. The only ways to a ``wrong`` are:

  ``same(a, b)`` / ``is_zero(e)``   the engine's own decision procedure
        (``checks.prove.decide.decide``): True where decide proves the identity (strength
        proof or exhaustive), ``Refuted`` with decide's certified counterexample
        where it finds one, None otherwise (numeric-only, bounded, undecided);
  ``equal(a, b)``   exact values only (integers, rationals, flint numbers,
        polynomials and matrices over Z or Q, and tuples/lists of them); anything
        else is a TypeError, so a symbolic expression cannot take this path by accident;
  ``exact(predicate)``   the claim declares that the predicate computes exactly
        (integers, rationals, finite structures of them), so its False is itself
        the refutation;
  ``Refuted(**evidence)``   built by the predicate from evidence it computed exactly.

Combine answers with ``all_of`` (three-valued and: the first Refuted, else None if
any is None, else True). A ``Refuted`` has no truth value: ``all(...)``, ``not`` or
``if`` on one raises TypeError instead of silently dropping its evidence, and
``all(...)`` over True/None answers gives a bare False, which the engine refuses.
"""
from __future__ import annotations

import contextlib
import contextvars
import fractions
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import flint
import sympy as sp

from checks.prove.decide import decide

# Exact arithmetic for catalog authors (derivations import checks.model, checks.dl and
# checks.build only): flint's integer matrices and polynomial rings over Q.
fmpz_mat = flint.fmpz_mat
fmpq_mpoly_ctx = flint.fmpq_mpoly_ctx

SAME_BUDGET = 10.0   # seconds for one same() outside a claim (inside one: what the claim has left)
_TEXT = 300          # evidence strings are cut to this length (a network's output is long)


class Refuted:
    """A predicate's certified False: the case fails, and ``evidence`` shows why."""

    __slots__ = ("evidence",)

    def __init__(self, **evidence):
        if not evidence:
            raise ValueError("Refuted() needs evidence, e.g. Refuted(residual=...)")
        self.evidence = {k: _text(v) for k, v in evidence.items()}

    def __bool__(self):
        raise TypeError("a Refuted answer has no truth value: combine answers with build.all_of, "
                        "or test `answer is True`")

    def at(self, **more) -> "Refuted":
        """The same refutation with more context (which entry, which step)."""
        return Refuted(**{**{k: _text(v) for k, v in more.items()}, **self.evidence})

    def __repr__(self):
        return f"Refuted({', '.join(f'{k}={v!r}' for k, v in self.evidence.items())})"


def _text(v) -> Any:
    if isinstance(v, dict):
        return {str(k): _text(x) for k, x in v.items()}
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    s = v if isinstance(v, str) else sp.sstr(v) if isinstance(v, (sp.Basic, sp.MatrixBase)) else str(v)
    return s if len(s) <= _TEXT else s[:_TEXT] + " ..."


# ---- the claim being checked: seed, deadline and key for same() ------------------------------
@dataclass
class _Context:
    seed: int = 0
    deadline: Any = None       # checks.prove.budget.Deadline of the property claim, or None
    key: str = "same"
    calls: int = 0             # same() calls so far: each gets its own sampling key


_CONTEXT: contextvars.ContextVar = contextvars.ContextVar("derivcheck_build", default=None)


@contextlib.contextmanager
def checking(seed: int = 0, deadline=None, key: str = "same"):
    """Set by the engine around a property's predicate: same() then samples with the
    run's seed (same seed, same points) and never outlives the claim's budget."""
    token = _CONTEXT.set(_Context(seed, deadline, key))
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def _settings(budget):
    ctx = _CONTEXT.get() or _Context()
    ctx.calls += 1
    left = ctx.deadline.left() if ctx.deadline is not None else SAME_BUDGET
    budget = min(SAME_BUDGET if budget is None else budget, left)
    return ctx.seed, f"{ctx.key}#same{ctx.calls}", budget


# ---- three-valued equality on the engine's decision procedure -------------------------------
def same(a, b, assume: Iterable = (), *, sizes=None, budget: float | None = None):
    """a = b for all values allowed by ``assume`` (scalars or matrices): True where
    ``checks.prove.decide.decide`` proves it (proof or exhaustive), ``Refuted`` carrying decide's
    certified counterexample where it finds one, None where it cannot settle it
    (holds only numerically or for bounded sizes, undecided, out of time)."""
    seed, key, budget = _settings(budget)
    if budget <= 0:
        return None
    v = decide(_matrix(a), _matrix(b), tuple(assume), seed=seed, key=key, sizes=sizes, budget=budget)
    if v.status == "holds" and v.strength in ("proof", "exhaustive"):
        return True
    if v.status == "wrong":
        evidence = dict(v.counterexample or {})
        if v.residual:
            evidence["residual"] = v.residual
        evidence.setdefault("lhs", a)
        evidence.setdefault("rhs", b)
        return Refuted(**evidence, method=v.method)
    return None


def is_zero(e, assume: Iterable = (), **kw):
    """e = 0 (a zero matrix for a matrix e), three-valued as ``same``."""
    e = _matrix(e)
    zero = sp.zeros(*e.shape) if isinstance(e, sp.MatrixBase) else sp.S.Zero
    return same(e, zero, assume, **kw)


def _matrix(v):
    if isinstance(v, (list, tuple)):
        return sp.Matrix(v)
    return v if isinstance(v, sp.MatrixBase) else sp.sympify(v)


# ---- exact values -------------------------------------------------------------------------
_EXACT_FLINT = tuple(getattr(flint, n) for n in ("fmpz", "fmpq", "fmpz_poly", "fmpq_poly", "fmpz_mpoly",
                                                 "fmpq_mpoly", "fmpz_mat", "fmpq_mat") if hasattr(flint, n))


def _check_exact(v, where="value"):
    if isinstance(v, bool):
        raise TypeError(f"build.equal: {where} is a bool ({v}); compare the values themselves")
    if isinstance(v, (int, fractions.Fraction) + _EXACT_FLINT):
        return
    if isinstance(v, sp.Basic) and v.is_Rational:
        return
    if isinstance(v, sp.MatrixBase):
        for x in v:
            _check_exact(x, f"an entry of {where}")
        return
    if isinstance(v, (list, tuple)):
        for x in v:
            _check_exact(x, f"an item of {where}")
        return
    raise TypeError(f"build.equal compares exact values (integers, rationals, flint polynomials); "
                    f"{where} is {v!r} ({type(v).__name__}): use build.same for expressions")


def equal(computed, stated):
    """True if two exact values are equal, else ``Refuted(computed=..., stated=...)``."""
    _check_exact(computed, "computed")
    _check_exact(stated, "stated")
    if _exact_eq(computed, stated):
        return True
    return Refuted(computed=computed, stated=stated)


def _exact_eq(a, b) -> bool:
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(_exact_eq(x, y) for x, y in zip(a, b)))
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.shape == b.shape
                and all(_exact_eq(x, y) for x, y in zip(a, b)))
    d = a - b
    return d == 0   # exact types: a difference is zero exactly when it compares equal to 0


def exact_zero(d):
    """True if the exact value ``d`` (an integer, rational or flint polynomial) is 0, else
    ``Refuted(residual=d)``: a polynomial over Q in expanded form is 0 only as the zero polynomial."""
    _check_exact(d, "the difference")
    return True if d == 0 else Refuted(residual=d)


def exact(predicate: Callable) -> Callable:
    """Declare that ``predicate`` computes exactly (integers, rationals, finite structures of
    them): its False is then itself a refutation, reported with the case. Any other answer
    passes through unchanged (and is checked by the engine)."""
    def exact_predicate(case):
        answer = predicate(case)
        if answer is False or answer is sp.false:
            return Refuted(exact="the predicate computes exactly on integers/rationals and returned False")
        return answer
    exact_predicate.__wrapped__ = predicate
    exact_predicate.__qualname__ = f"exact({getattr(predicate, '__qualname__', predicate)})"
    return exact_predicate


class AnswerError(TypeError):
    """A predicate's answer outside the contract (not True, None or a Refuted)."""


# ---- combining ------------------------------------------------------------------------------
def all_of(answers: Iterable):
    """Three-valued and of answers (True / None / Refuted), left to right: the first
    Refuted ends it; else None if any answer was None; else True."""
    result = True
    for answer in answers:
        kind = classify(answer)
        if kind == "refuted":
            return answer
        if kind == "undecided":
            result = None
    return result


def classify(answer) -> str:
    """'true', 'undecided' or 'refuted'; an AnswerError naming any other value and its type."""
    if answer is True or answer is sp.true:
        return "true"
    if answer is None:
        return "undecided"
    if isinstance(answer, Refuted):
        return "refuted"
    if answer is False or answer is sp.false:
        raise AnswerError("predicate returned a bare False, which carries no evidence; a refutation "
                        "is build.Refuted(...), build.same/is_zero/equal, or a predicate wrapped in "
                        "build.exact when its computation is exact")
    raise AnswerError(f"predicate returned {_short(answer)} ({type(answer).__name__}); "
                    f"a predicate answers True, False or None (False as build.Refuted, with evidence)")


def _short(v) -> str:
    try:
        s = repr(v)
    except Exception:
        s = object.__repr__(v)
    return s if len(s) <= 80 else s[:80] + " ..."


# --- Constructions shared by catalog modules ----------------------------------------------------
# Symbol matrices, multi-layer perceptrons, the sigmoid <-> tanh parameter maps and small integer
# sweeps, written once here: documents of every course build the same networks.

def symbol_matrix(name: str, rows: int, cols: int, **assumptions) -> sp.Matrix:
    """rows x cols matrix of real symbols ``name_ij`` (1-based, as documents index)."""
    kw = assumptions or {"real": True}
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}", **kw))


def symbol_vector(name: str, rows: int, **assumptions) -> sp.Matrix:
    """Column vector of real symbols ``name_i`` (1-based)."""
    kw = assumptions or {"real": True}
    return sp.Matrix(rows, 1, lambda i, _: sp.Symbol(f"{name}_{i + 1}", **kw))


def layer_parameters(tag: str, sizes) -> tuple:
    """Symbolic input and parameters of a network of ``sizes = (n_in, h_1, ..., h_L, n_out)``:
    ``(x, hidden, out)`` with ``hidden = [(W_1, b_1), ...]`` and ``out = (V, c)``; ``tag`` keeps
    the symbols of two networks apart."""
    x = symbol_vector(f"x{tag}", sizes[0])
    layers = [(symbol_matrix(f"W{tag}{l + 1}", b, a), symbol_vector(f"b{tag}{l + 1}", b))
              for l, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
    return x, layers[:-1], layers[-1]


def mlp(x, hidden, out, act) -> sp.Matrix:
    """V act(... act(W_1 x + b_1) ...) + c: ``act`` elementwise on every hidden layer, the
    output layer ``out = (V, c)`` linear."""
    h = x
    for W, b in hidden:
        h = (W * h + b).applyfunc(act)
    V, c = out
    return V * h + c


def _ones(n):
    return sp.ones(n, 1)


def sigmoid_to_tanh(hidden, out) -> tuple:
    """The tanh network equal to a sigmoid network, from sigma(u) = (tanh(u/2) + 1)/2: each
    unit's weights and bias are halved, and the layer after it takes the '/2' and '+1/2' of
    the identity into its weights (halved) and its bias (plus half its weights' row sums)."""
    new = []
    for l, (W, b) in enumerate(hidden):
        if l:
            W, b = W / 2, b + W * _ones(W.shape[1]) / 2
        new.append((W / 2, b / 2))
    V, c = out
    return new, (V / 2, c + V * _ones(V.shape[1]) / 2)


def tanh_to_sigmoid(hidden, out) -> tuple:
    """The sigmoid network equal to a tanh network, from tanh(u) = 2 sigma(2u) - 1: each unit's
    weights and bias are doubled, and the layer after it takes the '2' and '-1' of the
    identity into its weights (doubled) and its bias (minus its weights' row sums)."""
    new = []
    for l, (W, b) in enumerate(hidden):
        if l:
            W, b = 2 * W, b - W * _ones(W.shape[1])
        new.append((2 * W, 2 * b))
    V, c = out
    return new, (2 * V, c - V * _ones(V.shape[1]))


def integer_matrices(rows: int, cols: int, values=(-1, 0, 1)) -> list:
    """Every rows x cols matrix with entries from ``values``, as flint integer matrices: the
    finite domain of a ``bounded`` property that the document states for all matrices."""
    import itertools
    return [fmpz_mat(rows, cols, list(e)) for e in itertools.product(values, repeat=rows * cols)]


# ``over`` of a claim shown on the sizes its statement names, where the document speaks of any
# size (checks.model.claims.Claim.over): such a claim is at most bounded.
SIZES_NAMED = "the sizes named in the statement"
