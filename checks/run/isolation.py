"""Process isolation for workers, the catalog host and the verify reader: the memory cap,
death with the parent, SIGINT left to the parent, and the grace and backstop of a claim's budget."""
from __future__ import annotations

import contextlib
import os
import signal


MEMORY_CAP = 3 * 1024 ** 3   # bytes of address space per worker (and per catalog host)


GRACE = 1.5                  # seconds past the budget before a worker is killed


# A claim's budget is the worker's CPU time (the engine's own limits count CPU too), so
# a loaded machine cannot turn a verdict into a timeout. The parent kills a worker whose
# claim has used ``timeout + GRACE`` seconds of CPU (read from /proc, so code stuck in C
# that ignores the engine's signals is still stopped at the same point under any load),
# and, as a backstop for a claim that waits without computing, after WALL_FACTOR times
# the budget of wall-clock time. Both only ever yield ``undecided``.
WALL_FACTOR = 3


POLL = 0.25                  # seconds between CPU readings of busy workers


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


PR_SET_PDEATHSIG = 1         # linux/prctl.h


class ConfigError(ValueError):
    """A bad setting in the environment (one line, exit 2)."""


def memory_cap() -> int:
    """Bytes of address space for each child: MEMORY_CAP, or $DERIVCHECK_MEMORY_MIB
    (tests use a small cap, so a runaway allocation fails at once instead of filling
    a shared machine)."""
    raw = os.environ.get("DERIVCHECK_MEMORY_MIB", "").strip()
    if not raw:
        return MEMORY_CAP
    try:
        mib = int(raw)
    except ValueError:
        mib = 0
    if mib < 64:
        raise ConfigError(f"DERIVCHECK_MEMORY_MIB must be a whole number of MiB >= 64, got {raw!r}")
    return mib * 1024 ** 2


_LIBC = []


def _libc():
    """The C library, loaded once in the parent so that forked children need not."""
    if not _LIBC:
        try:
            import ctypes
            _LIBC.append(ctypes.CDLL(None, use_errno=True))
        except (ImportError, OSError):
            _LIBC.append(None)
    return _LIBC[0]


def die_with_parent(parent_pid: int) -> None:
    """In a forked child: be killed when the parent dies (Linux), and leave at once if
    it died before this call. Elsewhere the worker's pipe is the fallback: an idle
    worker reads EOF when its parent is gone."""
    libc = _libc()
    if libc is not None:
        try:
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (AttributeError, OSError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


_SHIELD = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def shielded():
    """Fork inside this: Ctrl-C and SIGTERM are blocked, so the child is born with them
    blocked and unblocks them only once its own dispositions are set (``isolate``); one
    that arrives in between never raises the parent's KeyboardInterrupt in the child.
    The parent receives its own when the block ends."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SHIELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def isolate(parent_pid: int, cap: int) -> None:
    """What every forked child does first: die with its parent, leave Ctrl-C to the
    parent (no traceback per worker), and cap its address space."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SHIELD)
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass
    import faulthandler
    faulthandler.disable()   # a child that aborts at its cap is a 'crash' verdict, not a stack dump
