"""Claims given as SymPy objects (the Python API): rebuilt node by node through the same
allowlist and limits as text input, so that both inputs mean the same thing.

derivcheck checks over the reals. A SymPy ``Symbol('x')`` is complex by default; here every
symbol becomes the real symbol of its name (an integer one if it has ``integer=True``, or if
it is a Sum index or a name in Sum limits, as in text input). The sign flags become
assumptions: ``positive`` is ``x > 0``, ``negative`` ``x < 0``, ``nonnegative`` ``x >= 0``,
``nonpositive`` ``x <= 0``. The entries of an ``IndexedBase`` are real, or positive with
``positive=True`` (as the engine samples them). A flag that cannot be said that way (``even``,
``prime``, ``imaginary``, ``real=False``, ``nonzero`` ...) is refused, and so are names that are
not ASCII identifiers or that are the constants ``pi``, ``E``, ``oo``, two different
symbols of one name, ``Dummy`` symbols, functions derivcheck does not know (``sin``,
``Function('f')``), constants other than ``pi`` and ``E``, and expressions over the limits
of ``checks.text.limits``. Nothing is guessed: what cannot be read exactly is a ParseError.
"""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from checks.integers import gcd as _gcd
from checks.text.limits import MAX_ASSUMPTIONS, ParseError, _check_number, _shown, check_finite
from checks.text.parse import _assumptions, _declared_integers
from checks.text.syntax import CONSTANTS, FUNCTIONS, _Builder, _sum_limits, apply, derivative

# SymPy class -> the verify name it is rebuilt with (``swish`` is a Python function that
# returns sigmoids, so it never appears as a node)
_NAMES = {fn: name for name, fn in FUNCTIONS.items() if isinstance(fn, type)} | {_gcd: "gcd"}

_SIGN_FLAGS = {"positive": sp.Gt, "negative": sp.Lt, "nonnegative": sp.Ge, "nonpositive": sp.Le}
# flags a real (or integer) symbol has anyway: accepted when True
_IMPLIED = {"real", "integer", "commutative", "finite", "complex", "extended_real", "hermitian"}

_RELATIONS = (sp.StrictGreaterThan, sp.StrictLessThan, sp.GreaterThan, sp.LessThan)


def _flags(s) -> dict:
    # the flags the symbol was created with (SymPy >= 1.12 keeps them apart from the
    # facts it deduces; before, assumptions0 was that)
    orig = getattr(s, "_assumptions_orig", None)
    return dict(orig if orig is not None else s.assumptions0)


def _name(s) -> str:
    if not (s.name.isascii() and s.name.isidentifier()) or s.name in CONSTANTS:
        raise ParseError(f"symbol name {s.name!r} is not accepted: names are ASCII letters, digits and _, "
                         f"other than {', '.join(CONSTANTS)}")
    return s.name


def _symbol_flags(symbols) -> dict:
    """{name: flags} of the symbols, refusing what cannot be read over the reals."""
    out = {}
    for s in sorted(symbols, key=lambda s: s.name):
        if type(s) is not sp.Symbol:
            raise ParseError(f"{type(s).__name__} symbol {s.name!r} is not accepted; use Symbol({s.name!r})")
        _name(s)
        flags = _flags(s)
        for k, v in flags.items():
            if not ((k in _IMPLIED or k in _SIGN_FLAGS) and v is True):
                raise ParseError(f"symbol {s.name!r} has {k}={v}; derivcheck reads real symbols, with "
                                 "integer, positive, negative, nonnegative or nonpositive only")
        if s.name in out and out[s.name] != flags:
            raise ParseError(f"two different symbols are named {s.name!r} ({out[s.name] or 'no flags'} and "
                             f"{flags or 'no flags'}); give them different names")
        out[s.name] = flags
    return out


def _labels(objs) -> dict:
    """{label symbol: positive?} of the IndexedBase objects (x in x[i]); their entries are
    real, or positive with positive=True, and nothing else is read."""
    out = {}
    for o in objs:
        if isinstance(o, sp.Basic):
            for ix in o.atoms(sp.Indexed):
                label = ix.base.label
                flags = _flags(label)
                for k, v in flags.items():
                    if not ((k in _IMPLIED - {"integer"} or k == "positive") and v is True):
                        raise ParseError(f"IndexedBase {_name(label)!r} has {k}={v}; its entries are read "
                                         "as real, or positive with positive=True")
                out[label] = bool(flags.get("positive"))
    return out


def _symbols_of(objs) -> set:
    out = set()
    for o in objs:
        if isinstance(o, sp.Basic):
            out |= {a for a in o.atoms(sp.Symbol)}
    return out


def _sum_integers(objs) -> set:
    """Names that are integers because a Sum runs over them (its index and the names in its
    limits), as in text input."""
    out = set()
    for o in objs:
        if isinstance(o, sp.Basic):
            for s in o.atoms(sp.Sum):
                for k, *ends in s.limits:
                    out |= {k.name} | {a.name for e in ends for a in e.atoms(sp.Symbol)}
    return out


class _Reader(_Builder):
    """``_Builder`` rebuilding a user's SymPy objects (``from_sympy`` does the same for
    latex2sympy's result, with LaTeX's own readings of names and functions)."""

    def __init__(self, integers, labels):
        super().__init__(integers)
        self.labels = {label.name: positive for label, positive in labels.items()}

    def expr(self, e, depth=0, limit=False):
        self.count(depth)
        b = lambda n: self.expr(n, depth + 1)
        if isinstance(e, bool) or not isinstance(e, (int, float, sp.Basic)):
            raise ParseError(f"{type(e).__name__} {_shown(e)!s} is not a SymPy expression")
        if isinstance(e, int):
            return _check_number(sp.Integer(e))
        if isinstance(e, float):
            return self.decimal(repr(e))
        atom = self.number_or_constant(e, limit, "infinity (oo) is allowed only as a Sum limit")
        if atom is not None:
            return atom
        if isinstance(e, sp.Symbol):
            return self.symbol(e.name)
        if isinstance(e, sp.Indexed):
            kind = {"positive": True} if self.labels.get(e.base.label.name) else {"real": True}
            return sp.IndexedBase(e.base.label.name, **kind)[tuple(b(i) for i in e.indices)]
        node = self.arithmetic(e, b)
        if node is not None:
            return node
        if isinstance(e, sp.Derivative):
            return derivative(b(e.expr), [(b(v), n) for v, n in e.variable_count])
        if isinstance(e, sp.Sum):
            limits = [(b(k), *_sum_limits(*(self.expr(v, depth + 1, limit=True) for v in ends)))
                      for k, *ends in e.limits]
            return sp.Sum(b(e.function), *limits)
        if type(e) in _NAMES:
            return apply(_NAMES[type(e)], [b(a) for a in e.args])
        if isinstance(e, AppliedUndef):
            raise ParseError(f"undefined function {type(e).__name__}(); use checks.dl's functions "
                             "(sigmoid, relu, ...) or SymPy's exp, log, tanh, ...")
        known = ", ".join(sorted(_NAMES.values()))
        raise ParseError(f"{type(e).__name__} ({_shown(e)}) is not supported; known functions: {known}")

    def relation(self, a):
        """An assumption given as SymPy: x > 0, x <= 1, or And of such."""
        if isinstance(a, sp.And):
            return sp.And(*(self.relation(r) for r in a.args))
        if not isinstance(a, _RELATIONS):
            raise ParseError(f"assumption {_shown(a)} is not a comparison; use e.g. x > 0 or "
                             "And(0 < p, p < 1)")
        return type(a)(self.expr(a.lhs), self.expr(a.rhs))


def read_sympy_claim(lhs, rhs, assumptions=()):
    """(lhs, rhs, assume) of a claim given as SymPy objects; ``assumptions`` are text
    ('x > 0', 'n integer') or SymPy relations. Bad input raises ParseError."""
    assumptions = [a for a in assumptions if a is not True and a is not sp.true]
    if len(assumptions) > MAX_ASSUMPTIONS:
        raise ParseError(f"{len(assumptions)} assumptions given; at most {MAX_ASSUMPTIONS} are accepted")
    for a in assumptions:
        if a is False or a is sp.false:
            raise ParseError("an assumption is False (SymPy decided it from the symbols' flags): "
                             "no point satisfies it")
    texts = [a for a in assumptions if isinstance(a, str)]
    objs = [lhs, rhs] + [a for a in assumptions if not isinstance(a, str)]
    labels = _labels(objs)
    flags = _symbol_flags(_symbols_of(objs) - set(labels))
    integers = {n for n, f in flags.items() if f.get("integer")} | _sum_integers(objs) | _declared_integers(texts)
    reader = _Reader(integers, labels)
    lhs, rhs = (check_finite(reader.expr(e)) for e in (lhs, rhs))
    assume = [check_finite(reader.relation(a), "an assumption") for a in objs[2:]]
    assume += [rel(reader.symbol(n), 0) for n, f in flags.items() for k, rel in _SIGN_FLAGS.items() if f.get(k)]
    return lhs, rhs, tuple(assume) + _assumptions(texts, reader)
