"""Budgets for the methods inside a worker process, counted in CPU time.

A budget counts the CPU time of this process, not the wall clock: a method
that needs 0.8 s of work gets the same verdict alone and while other processes
compete for the cores (a wall-clock alarm cut such methods short on a busy
machine, so the verdict depended on the load). The runner's wall-clock kill
of a worker stays as a backstop for work that never yields to a signal; it
only ever makes a claim ``undecided``.

``time_limit(s)`` raises ``MethodTimeout`` in the block after ``s`` seconds of
CPU time, with SIGPROF (only possible on a process's main thread; elsewhere it
is a no-op and the runner's kill of the worker is the limit). Limits nest: an
inner limit never outlasts the one around it, and the outer one keeps counting.
"""
from __future__ import annotations

import contextlib
import signal
import threading
import time

clock = time.process_time   # CPU seconds of this process (all threads), the clock of every budget

# A limit that has already run out is re-armed with this (positive: 0 would disarm the timer).
_EXPIRED = 1e-4


class MethodTimeout(Exception):
    pass


def _on_timer(signum, frame):
    raise MethodTimeout()


def _usable() -> bool:
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer") \
        and hasattr(signal, "SIGPROF")


@contextlib.contextmanager
def time_limit(seconds: float):
    if seconds is None or not _usable():
        yield
        return
    seconds = max(seconds, 0.01)
    outer, _ = signal.getitimer(signal.ITIMER_PROF)   # CPU seconds left of an enclosing limit (0: none)
    if outer:
        seconds = min(seconds, outer)
    old = signal.signal(signal.SIGPROF, _on_timer)
    start = clock()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
        if outer:
            signal.setitimer(signal.ITIMER_PROF, max(_EXPIRED, outer - (clock() - start)))


class Deadline:
    """CPU seconds left of a claim's budget."""

    def __init__(self, seconds: float):
        self.end = clock() + seconds
        self.cut = []  # methods stopped by their time limit: a claim they touched is never 'numeric'

    def note_cut(self, method: str):
        if method not in self.cut:
            self.cut.append(method)

    def left(self) -> float:
        return max(0.0, self.end - clock())

    def share(self, fraction: float, floor: float = 0.05) -> float:
        return max(floor, self.left() * fraction)
