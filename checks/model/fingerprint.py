"""Content fingerprints of claims for the cache: SymPy trees, callables by their code, and
the source trees of the modules they reach."""
from __future__ import annotations

import functools
import hashlib
import inspect
import os
import sys
import sysconfig
from typing import Any, Mapping

import sympy as sp

from checks.model.deferred import Deferred
from checks.model.sources import tree_hash


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
    srepr re-prints shared subtrees and sorts every sum."""
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
