"""Soft time limits for one method inside a worker process.

``time_limit(s)`` raises ``MethodTimeout`` in the block after ``s`` seconds
using SIGALRM (only possible on a process's main thread; elsewhere it is a
no-op and the runner's hard kill of the worker process is the limit).
"""
from __future__ import annotations

import contextlib
import signal
import threading
import time


class MethodTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise MethodTimeout()


@contextlib.contextmanager
def time_limit(seconds: float):
    if seconds is None or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return
    seconds = max(seconds, 0.01)
    old = signal.signal(signal.SIGALRM, _on_alarm)
    prev_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if prev_remaining:
            signal.setitimer(signal.ITIMER_REAL, prev_remaining)


class Deadline:
    """Seconds left of a claim's budget."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        self.cut = []  # methods stopped by their time limit: a claim they touched is never 'numeric'

    def note_cut(self, method: str):
        if method not in self.cut:
            self.cut.append(method)

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def share(self, fraction: float, floor: float = 0.05) -> float:
        return max(floor, self.left() * fraction)
