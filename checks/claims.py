"""Claim kinds: immutable values that say what a document states.

A claim is data: the engine (``checks.engine``) decides it, reporters read the
verdict. Every claim carries its document, the document's own location label,
a readable statement, topic tags and what the catalog expects (``declared``).

``declared`` is one of:
  holds      the catalog believes the claim is right;
  erratum    the checker has shown the claim wrong; ``correction`` must hold;
  unchecked  prose, never counted as holding.
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import os
import sys
import sysconfig
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Iterable, Mapping

import sympy as sp

from .cache import tree_hash

DECLARED = ("holds", "erratum", "unchecked")


@dataclass(frozen=True)
class Claim:
    id: str
    location: str
    statement: str
    tags: tuple = ()
    declared: str = "holds"
    correction: "Claim | None" = None
    document: str = ""
    exercise: str = ""

    kind = "claim"

    def __post_init__(self):
        if self.declared not in DECLARED:
            raise ValueError(f"claim {self.id!r}: declared={self.declared!r} is not one of {DECLARED}")
        if self.declared == "erratum" and self.correction is None:
            raise ValueError(f"claim {self.id!r}: declared='erratum' needs a correction claim")
        object.__setattr__(self, "tags", tuple(self.tags))

    def placed(self, document: str, doc_id: str) -> "Claim":
        """The claim bound to its document; ids become ``doc_id/local-id``."""
        cid = self.id if "/" in self.id else f"{doc_id}/{self.id}"
        corr = self.correction
        if corr is not None:
            corr = corr.placed(document, doc_id)
            if "/" not in self.correction.id:
                corr = replace(corr, id=cid + "~correction")
        return replace(self, document=document, id=cid, exercise=f"{doc_id}:{self.location}",
                       correction=corr)

    def resolved(self) -> "Claim":
        """The claim with every deferred part built (``Deferred``); itself if none is."""
        built = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if self._has_deferred(v):
                built[f.name] = self._build(v)
        return replace(self, **built) if built else self

    @staticmethod
    def _has_deferred(v) -> bool:
        return isinstance(v, Deferred) or (isinstance(v, tuple) and any(isinstance(x, Deferred) for x in v))

    @classmethod
    def _build(cls, v):   # chain steps: a deferred tuple, or a tuple with deferred steps
        v = v.build() if isinstance(v, Deferred) else v
        return tuple(cls._build(x) for x in v) if isinstance(v, tuple) else v

    def deferred_root(self):
        """One Deferred this claim's deferred parts are built from (None if it has none):
        claims that share it are best checked in one worker, which builds it once."""
        stack = [getattr(self, f.name) for f in fields(self)]
        while stack:
            v = stack.pop()
            if isinstance(v, tuple):
                stack.extend(v)
            elif isinstance(v, Deferred):
                inner = [a for a in v.args if isinstance(a, Deferred)]
                if not inner:
                    return v
                stack.extend(inner)
        return None

    def payload(self) -> dict:
        """The mathematical content, used for the cache fingerprint."""
        skip = {"id", "location", "statement", "tags", "declared", "correction", "document", "exercise"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}

    def fingerprint(self) -> str:
        """A content hash: changes when the mathematics or its code changes, or the id.
        The id counts because the engine seeds its sample points with it (``sampling``):
        two claims with the same mathematics under two ids may get two verdicts, and a
        cache shared between them would give one of them the other's."""
        h = hashlib.sha256(self.kind.encode())
        h.update(b"id\0" + self.id.encode() + b"\0")
        for name, value in sorted(self.payload().items()):
            h.update(name.encode())
            h.update(_stable_repr(value).encode())
        if self.correction is not None:
            h.update(self.correction.fingerprint().encode())
        return h.hexdigest()[:32]


class Deferred:
    """A part of a claim built when the claim is checked, not when the catalog is imported.

    The catalog is imported in the parent process, one module after another, while the
    workers check; a network or a set of gradients that takes a tenth of a second to
    build is built in the worker that checks it instead (``Claim.resolved``), so both
    cores share the building. ``later(f, *args)`` builds ``f(*args)`` once per process;
    ``d[i]`` is a deferred item of what ``d`` builds."""

    __slots__ = ("fn", "args", "_value")

    def __init__(self, fn: Callable, *args):
        self.fn, self.args, self._value = fn, args, _UNBUILT

    def build(self):
        if self._value is _UNBUILT:
            self._value = self.fn(*(a.build() if isinstance(a, Deferred) else a for a in self.args))
        return self._value

    def __getitem__(self, i) -> "Deferred":
        return Deferred(_item, self, i)

    def split(self, n: int) -> tuple:
        """(d[0], ..., d[n-1]): ``lhs, rhs = later(pair_builder).split(2)`` builds once."""
        return tuple(self[i] for i in range(n))

    def __iter__(self):  # unpacking would call __getitem__ forever
        raise TypeError("a Deferred is built later; unpack it with .split(n)")

    def __repr__(self):
        return f"later({getattr(self.fn, '__qualname__', self.fn)!r})"


_UNBUILT = object()


def _item(value, i):
    return value[i]


def later(fn: Callable, *args) -> Deferred:
    return Deferred(fn, *args)


def _module_hash(fn) -> str:
    """Hash of the code a callable (or class) may reach by name: the engine's own
    modules count through the engine version (""); a module of a package outside the
    installed libraries (the catalog) counts with every .py file of its top-level
    package's tree, so a changed helper under ``derivations/_lib/`` reaches the
    fingerprint; any other module (a library, a plain script) by its own file."""
    module = inspect.getmodule(fn)
    path = getattr(module, "__file__", None)
    if not path or module.__name__.split(".")[0] == "checks":
        return ""
    root = _package_root(module.__name__)
    return tree_hash(root) if root else _file_hash(path)


@functools.lru_cache(maxsize=None)
def _package_root(name: str) -> str | None:
    """The directory of the top-level package of module ``name``, unless it is a plain
    module or lives among the installed libraries (hashing SymPy's tree is no use)."""
    top = sys.modules.get(name.split(".")[0])
    paths = list(getattr(top, "__path__", None) or ())
    if not paths:
        return None
    root = os.path.realpath(paths[0])
    if top.__name__ == os.environ.get("DERIVCHECK_CATALOG", "derivations").split(".")[0]:
        return root   # the catalog, wherever it is installed
    libs = {os.path.realpath(p) for key in ("stdlib", "platstdlib", "purelib", "platlib")
            for p in [sysconfig.get_paths().get(key)] if p}
    if any(root == lib or root.startswith(lib + os.sep) for lib in libs):
        return None
    return root


@functools.lru_cache(maxsize=None)
def _file_hash(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()[:16]
    except OSError:
        return ""


def _code_repr(code) -> str:
    """A code object by what it does: bytecode, names and constants (nested code
    objects recursively; frozensets sorted, their order follows string hashing)."""
    def const(c):
        if inspect.iscode(c):
            return _code_repr(c)
        if isinstance(c, frozenset):
            return "frozenset(" + ",".join(sorted(map(repr, c))) + ")"
        if isinstance(c, tuple):
            return "(" + ",".join(map(const, c)) + ")"
        return repr(c)
    return (code.co_code.hex() + repr(code.co_names) + repr(code.co_varnames)
            + "[" + ",".join(map(const, code.co_consts)) + "]")


def _callable_repr(fn) -> str:
    """A callable by its code: name, bytecode and constants (two lambdas on one source
    line differ there), default arguments, closure values, and the code it reaches by
    name (``_module_hash``: its module's file, or the catalog's whole tree, whose hash
    covers the callable's own source too, so ``inspect.getsource`` is not needed)."""
    if isinstance(fn, functools.partial):
        return ("partial(" + _callable_repr(fn.func) + _stable_repr(fn.args)
                + _stable_repr(dict(sorted(fn.keywords.items()))) + ")")
    if inspect.ismethod(fn):
        return "method(" + _callable_repr(fn.__func__) + _stable_repr(fn.__self__) + ")"
    code = getattr(fn, "__code__", None)
    name = f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', '')}"
    if code is None:   # a class or a builtin: its name and its module's code
        return name + (repr(fn) if not hasattr(fn, "__qualname__") else "") + _module_hash(fn)
    if id(fn) in _IN_PROGRESS:   # a nested function that calls itself through its closure
        return "recursive:" + name
    _IN_PROGRESS.add(id(fn))
    try:
        return (name + _code_key(code) + _module_hash(fn)
                + _stable_repr(getattr(fn, "__defaults__", None))
                + _stable_repr(getattr(fn, "__kwdefaults__", None))
                + "".join(_cell_repr(c) for c in getattr(fn, "__closure__", None) or ()))
    finally:
        _IN_PROGRESS.discard(id(fn))


_IN_PROGRESS: set = set()


def _cell_repr(cell) -> str:
    try:
        return _stable_repr(cell.cell_contents)
    except ValueError:   # a cell not assigned yet
        return "<empty>"


@functools.lru_cache(maxsize=None)
def _code_key(code) -> str:
    return hashlib.blake2b(_code_repr(code).encode(), digest_size=16).hexdigest()


def _deferred_repr(d: Deferred) -> str:
    """A deferred part keyed by its builder and arguments, never built: building every
    part in the parent to compute a key cost more than checking without a cache."""
    return "later(" + _callable_repr(d.fn) + ";" + _stable_repr(d.args) + ")"


_NODE_KEYS: dict = {}   # id(node) -> (node, key); the node is kept so its id is never reused


def _class_key(cls) -> str:
    """A SymPy class by where it is defined, not only its name (a catalog's own
    ``sigmoid`` is not checks.dl's); one SymPy does not define counts with its code,
    since srepr would only name its ``eval``; an undefined function with its assumptions."""
    hit = _CLASS_KEYS.get(id(cls))   # by id: SymPy's metaclass makes hashing a class slow
    if hit is not None and hit[0] is cls:
        return hit[1]
    mod = getattr(cls, "__module__", None) or ""
    key = f"{mod}.{cls.__qualname__}"
    if isinstance(cls, sp.core.function.UndefinedFunction):
        key = (f"Function({cls.__name__!r}){sorted(getattr(cls, '_kwargs', {}).items())!r}"
               f"{sorted(cls.default_assumptions.items())!r}")
    elif mod and mod.split(".")[0] not in ("sympy", "checks"):
        key += ":" + _module_hash(cls)
    _CLASS_KEYS[id(cls)] = (cls, key)
    return key


_CLASS_KEYS: dict = {}


def _expr_key(node) -> str:
    """A content key of a SymPy expression: a Merkle hash over its tree (class, then the
    keys of its args in order; a leaf by its srepr, which carries a symbol's name and
    assumptions and a Float's precision). Linear in the number of distinct nodes, where
    srepr re-prints shared subtrees and sorts every sum: 0.4 s of the parent's work."""
    hit = _NODE_KEYS.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    args = node.args
    if isinstance(node, sp.Poly) or not args:   # a Poly keeps its domain outside its args
        body = sp.srepr(node)
        if isinstance(node, sp.Symbol):
            body += repr(sorted(node.assumptions0.items()))
    else:
        body = "(" + ",".join(_expr_key(a) if isinstance(a, sp.Basic) else repr(a) for a in args) + ")"
    key = hashlib.blake2b((_class_key(type(node)) + body).encode(), digest_size=16).hexdigest()
    if len(_NODE_KEYS) > 500_000:
        _NODE_KEYS.clear()
    _NODE_KEYS[id(node)] = (node, key)
    return key


def _stable_repr(value: Any) -> str:
    if isinstance(value, Deferred):
        return _deferred_repr(value)
    if isinstance(value, sp.MatrixBase):  # repr() of a matrix pretty-prints a table: slow
        value = sp.ImmutableMatrix(value)
    if isinstance(value, sp.Basic):
        return "expr:" + _expr_key(value)
    if callable(value):
        return _callable_repr(value)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_stable_repr(k)}:{_stable_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_stable_repr(v) for v in value) + ")"
    if isinstance(value, range):
        return repr(value)
    return repr(value)


@dataclass(frozen=True)
class Identity(Claim):
    """lhs = rhs for every value of the free symbols allowed by ``assume``.

    ``assume`` holds SymPy relations (``x > 0``) or ``And`` of them; symbol
    assumptions (``integer=True``) count too. ``sizes`` maps an integer size
    symbol to the range checked exactly when no proof for all sizes is found
    (strength ``bounded``)."""
    lhs: Any = None
    rhs: Any = None
    assume: tuple = ()
    sizes: Mapping | None = None
    kind = "identity"


@dataclass(frozen=True)
class Chain(Claim):
    """e0 = e1 = ... = en as written; every adjacent step is checked."""
    steps: tuple = ()
    assume: tuple = ()
    sizes: Mapping | None = None
    kind = "chain"


@dataclass(frozen=True)
class Implication(Claim):
    """From ``premise`` (an Eq) the conclusion ``unknown = value`` follows.

    Decided by solving the premise for ``unknown``; the stated value must be
    the unique solution (under ``assume``)."""
    premise: Any = None
    unknown: Any = None
    value: Any = None
    assume: tuple = ()
    kind = "implication"


@dataclass(frozen=True)
class Value(Claim):
    """A computed number, vector, matrix or shape against the stated one.

    ``computed`` is built by constructing the thing (a zero-argument callable
    or an exact SymPy value); ``places`` is the document's rounding in decimal
    places (None: exact)."""
    computed: Any = None
    stated: Any = None
    places: int | None = None
    kind = "value"


@dataclass(frozen=True)
class Property(Claim):
    """A predicate over a domain.

    ``cases`` is a zero-argument callable returning an iterable of cases and
    ``predicate(case)`` answers True, None (undecided) or ``checks.build.Refuted``
    (False, with its evidence); see ``checks.build``. With ``strength='proof'``
    the single case is a certificate that the predicate checks (e.g. a Farkas
    combination); otherwise the domain is finite and checked exhaustively."""
    predicate: Callable | None = None
    cases: Callable | None = None
    strength: str = "exhaustive"
    kind = "property"


@dataclass(frozen=True)
class Limit(Claim):
    """limit of ``expr`` as ``var`` -> ``point`` (``direction`` '+', '-' or '+-') equals ``stated``."""
    expr: Any = None
    var: Any = None
    point: Any = None
    stated: Any = None
    direction: str = "+-"
    assume: tuple = ()
    kind = "limit"


@dataclass(frozen=True)
class Prose(Claim):
    """A statement no machine can check here: always ``unchecked``."""
    reason: str = ""
    declared: str = "unchecked"
    kind = "prose"


KINDS = {cls.kind: cls for cls in (Identity, Chain, Implication, Value, Property, Limit, Prose)}


def reals(names: str, **assumptions) -> tuple:
    """Real symbols, the catalog's default: ``x, y = reals('x y')``."""
    syms = sp.symbols(names, real=True, **assumptions)
    return syms if isinstance(syms, tuple) else (syms,)


def erratum(stated: Claim, correction: Claim) -> Claim:
    """Mark a stated claim as shown wrong, with the claim that holds instead."""
    return replace(stated, declared="erratum", correction=correction)


def flatten(claims: Iterable) -> list:
    out = []
    for c in claims:
        if isinstance(c, (list, tuple)):
            out.extend(flatten(c))
        else:
            out.append(c)
    return out
