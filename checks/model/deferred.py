"""Deferred claim parts: ``later(build, *args)`` is built in the worker that checks the claim."""
from __future__ import annotations

from typing import Callable


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
