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
from dataclasses import dataclass

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
        self.errors = []  # exceptions methods swallowed ('where: Type: message'), for the verdict's detail

    def note_cut(self, method: str):
        if method not in self.cut:
            self.cut.append(method)

    def note_error(self, where: str, exc: BaseException):
        text = f"{where}: {type(exc).__name__}: {str(exc)[:120]}"
        if text not in self.errors:
            self.errors.append(text)

    def left(self) -> float:
        return max(0.0, self.end - clock())

    def share(self, fraction: float, floor: float = 0.05) -> float:
        return max(floor, self.left() * fraction)


@dataclass(frozen=True)
class Budgets:
    """Every share of a claim's budget and every number of points, in one place.

    Shares are fractions of what is left of the budget when the method starts
    (``Deadline.share``); the engine's are fractions of the claim's ``--timeout``."""

    # points (decide, regions)
    screen_points: int = 8         # edge-case points of the screen
    sample_points: int = 48        # seeded points of sampling
    min_valid_points: int = 6      # evaluable points needed before 'holds (numeric)'
    coverage_points: int = 24      # points that must reach every branch of a case node no split reaches
    points_per_case: int = 3       # exact points tried inside one case of a region
    # shares of what is left (decide, zero, regions, search)
    breakpoints: float = 0.1       # finding breakpoints before the screen
    exact: float = 0.25            # one exact reading, closed sums or algebraic test
    rewrite: float = 0.25          # one SymPy rewrite of the pipeline
    case_split: float = 0.3        # splitting lhs - rhs into cases
    closed_form: float = 0.5       # SymPy's closed form of a sum that cannot be evaluated term by term
    point: float = 0.1             # one certified comparison at a point
    # fractions of the claim's timeout (engine)
    claim: float = 0.9             # an identity, a chain, a value or a property
    implication: float = 0.8       # the substituted premise of an implication
    limit: float = 0.4             # the value of a limit compared with the stated one
    step_floor: float = 0.5        # seconds a chain step or its ends get at least


BUDGETS = Budgets()
