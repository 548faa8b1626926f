"""Inside the catalog host process: the catalog imported module by module, each import under
its own budget (SIGALRM), each module's claims checked in a worker pool while the next module
is imported, rows sent to the CLI through an outbox that never blocks the imports."""
from __future__ import annotations

import importlib
import os
import signal
import sys
import time

from checks.model import catalog
from checks.run import isolation, results, runner


MiB = 1024 ** 2


class ImportTimeout(BaseException):
    """Raised in the host when a module's import overruns its budget. A BaseException, so
    that a module's own ``except Exception`` does not swallow it (a module that swallows
    it anyway is killed by the CLI at budget + GRACE)."""


def _timeout_message(budget: float) -> str:
    return f"import did not finish within {budget:g} s"


def _on_alarm(signum, frame):
    raise ImportTimeout()


def _import(name: str, binder, budget: float):
    """Import and bind one module under its budget (binding runs the module's code too:
    CLAIMS may be any iterable, a claim any subclass)."""
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        mod = importlib.import_module(name)
        return binder.bind(name, mod) if binder is not None else (None, [])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _load_one(name, job, binder, send):
    """Import and bind one module; its (Document, claims), or None after reporting it broken."""
    send(("importing", name, time.monotonic()))
    try:
        return _import(name, binder, job["budget"])
    except ImportTimeout:
        message = _timeout_message(job["budget"])
    except MemoryError:
        message = f"import ran out of memory (cap {job['cap'] // MiB} MiB)"
    except (Exception, SystemExit) as exc:
        message = catalog.describe(exc)
    send(("broken", name, message))
    return None


def _host_main(conn, job: dict, parent_pid: int):
    """The host: import the catalog, check its claims, report over ``conn``; never returns."""
    code = 0
    try:
        isolation.isolate(parent_pid, job["cap"])
        os.dup2(2, 1)   # fd level too: a module that prints or writes to fd 1 reaches stderr
        sys.stdout = sys.stderr
        from checks.model import claims  # noqa: F401
        from checks import dl  # noqa: F401
        from checks.run import engine  # noqa: F401  outside any module's budget; inherited by workers
        _host_run(conn, job)
    except BaseException as exc:   # a bug here, not a module's fault: say so, do not hang the CLI
        code = 70
        try:
            conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        except (OSError, ValueError):
            pass
    finally:
        os._exit(code)   # no teardown of the SymPy heap, no atexit of the CLI's copy


class _Outbox:
    """Messages to the CLI, verdicts sent in batches (a tenth of a second apart): one
    wake-up of the CLI per batch, not per claim. Any other message sends the batch
    first, so nothing settled is lost when an import then kills the host."""
    PERIOD = 0.1

    def __init__(self, conn):
        self.conn, self.batch, self.sent = conn, [], time.monotonic()

    def verdict(self, cid, v):
        self.batch.append((cid, v))
        if time.monotonic() - self.sent > self.PERIOD:
            self.flush()

    def flush(self):
        if self.batch:
            self.conn.send(("verdicts", self.batch))
            self.batch = []
        self.sent = time.monotonic()

    def send(self, msg):
        self.flush()
        self.conn.send(msg)


def _host_run(conn, job):
    out = _Outbox(conn)
    send = out.send
    pool = None
    if job["mode"] != "list":
        from checks.run.cache import VerdictCache
        pool = runner.Pool(seed=job["seed"], timeout=job["timeout"], jobs=job["jobs"],
                           cache=VerdictCache() if job["cache"] else None, on_result=out.verdict,
                           known=job["known"])
    if _load_one(job["package"], job, None, send) is None:
        send(("finished",))
        return
    binder = catalog.Binder(job["names"])
    everything = []
    for name in job["names"]:
        if name in job["skip"]:
            continue
        got = _load_one(name, job, binder, send)
        if got is None:
            continue
        send(("module", name, results.rows(got[1])))
        if job["mode"] == "stream":
            pool.submit(got[1])
        else:
            everything += got[1]
    if job["mode"] == "select":
        send(("loaded",))
        ids = set(conn.recv())
        pool.submit([c for c in everything if c.id in ids])
    if pool is not None:
        pool.finish(close=False)
    send(("finished",))   # the CLI reports at once; stopping the idle workers is the host's
    if pool is not None:
        pool.close()
