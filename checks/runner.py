"""Running claims in parallel worker processes, each claim with a hard budget.

Workers are forked once (after the catalog is loaded, so they inherit it) and
take claims one at a time over a pipe; they keep SymPy's cache and the
catalog's memoised constructions warm from claim to claim, which forking a
fresh process per claim threw away. Isolation is per claim all the same: the
parent knows which claim each worker holds, so a worker that overruns its
claim's budget is killed (the claim is ``undecided``, method ``timeout``), a
worker that dies (memory cap, crash) costs only the claim it held, and a
fresh worker takes its place. Verdicts come back as plain dicts.
The same seed gives the same verdicts with any number of jobs: sampling
depends only on (seed, claim id), never on scheduling.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from multiprocessing.connection import wait

from . import engine
from .cache import VerdictCache
from .verdict import Result, Verdict

MEMORY_CAP = 3 * 1024 ** 3   # bytes of address space per worker
GRACE = 1.5                  # seconds past the budget before a worker is killed


def _serve(conn, tasks, seed, timeout):
    """A worker: check tasks[i] for each index received, until None or EOF."""
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    except (ImportError, ValueError, OSError):
        pass
    while True:
        try:
            i = conn.recv()
        except (EOFError, OSError):
            return
        if i is None:
            return
        try:
            v = engine.check(tasks[i], seed=seed, timeout=timeout).to_dict()
        except MemoryError:
            v = Verdict("undecided", method="memory", detail="the worker ran out of memory").to_dict()
            conn.send((i, v))
            return  # a worker that hit its cap is not trusted with another claim
        conn.send((i, v))


def _lost(exitcode, timeout) -> dict:
    if exitcode is None:
        return Verdict("undecided", method="timeout",
                       detail=f"no method settled the claim within --timeout {timeout:g} s").to_dict()
    return Verdict("undecided", method="crash",
                   detail=f"the worker died (exit code {exitcode}); memory cap "
                          f"{MEMORY_CAP // 1024 ** 2} MiB").to_dict()


class _Worker:
    def __init__(self, ctx, tasks, seed, timeout):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, tasks, seed, timeout), daemon=True)
        self.proc.start()
        child.close()
        self.task, self.deadline = None, None

    def give(self, i, budget):
        self.conn.send(i)
        self.task, self.deadline = i, time.monotonic() + budget

    def stop(self, kill=False):
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(1)
        self.conn.close()


def verdicts(claims, *, seed=0, timeout=30.0, jobs=None, cache: VerdictCache | None = None,
             progress=None) -> dict:
    """{claim id: verdict dict} for the claims and their corrections."""
    tasks = []
    for c in claims:
        tasks.append(c)
        if c.correction is not None:
            tasks.append(c.correction)
    out, todo, keys = {}, deque(), {}
    for i, c in enumerate(tasks):
        if c.kind == "prose":
            out[c.id] = engine.check(c, seed, timeout).to_dict()
            continue
        key = cache.key(c.fingerprint(), seed) if cache else None
        hit = cache.get(key) if cache else None
        if hit is not None:
            out[c.id] = hit
        else:
            todo.append(i)
            keys[i] = key
    done = len(out)
    if progress:
        progress(done, len(tasks))
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 and timeout is None:
        for i in todo:
            out[tasks[i].id] = engine.check(tasks[i], seed, timeout).to_dict()
        return out
    ctx = mp.get_context("fork")
    budget = timeout + GRACE
    workers = [_Worker(ctx, tasks, seed, timeout) for _ in range(min(jobs, len(todo)))]
    try:
        while todo or any(w.task is not None for w in workers):
            for w in workers:
                if w.task is None and todo:
                    w.give(todo.popleft(), budget)
            busy = [w for w in workers if w.task is not None]
            soonest = min(w.deadline for w in busy)
            ready = wait([w.conn for w in busy], timeout=max(0.0, soonest - time.monotonic()))
            for w in busy:
                i = w.task
                if w.conn in ready:
                    try:
                        _, result = w.conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(1)
                        result = _lost(w.proc.exitcode if w.proc.exitcode is not None else -1, timeout)
                elif time.monotonic() >= w.deadline:
                    result = _lost(None, timeout)
                    w.proc.kill()
                else:
                    continue
                w.task = None
                if not w.proc.is_alive() or result["method"] in ("timeout", "crash", "memory"):
                    w.stop(kill=True)   # replace a worker that died, overran or hit its cap
                    workers[workers.index(w)] = _Worker(ctx, tasks, seed, timeout)
                out[tasks[i].id] = result
                if cache and keys[i]:
                    cache.put(keys[i], result)
                done += 1
                if progress:
                    progress(done, len(tasks))
    finally:
        for w in workers:
            w.stop()
    return out


def results(claims, **kw) -> list:
    """One ``Result`` per claim, its correction's verdict folded in."""
    got = verdicts(claims, **kw)
    out = []
    for c in claims:
        v = Verdict.from_dict(got[c.id])
        corr = None
        if c.correction is not None:
            cv = got[c.correction.id]
            corr = {"id": c.correction.id, "statement": c.correction.statement,
                    "status": cv["status"], "strength": cv["strength"], "method": cv["method"]}
        out.append(Result(c.id, c.exercise, c.document, c.location, c.kind, list(c.tags),
                          c.statement, c.declared, v, corr))
    return out


def broken_module_result(broken) -> Result:
    """A derivation module that failed to import, as one ``error`` result."""
    name = broken.module.rsplit(".", 1)[-1]
    v = Verdict("error", method="import", detail=f"{broken.module}: {broken.message}")
    return Result(f"{name}/<module>", f"{name}:<module>", broken.module, "<module>", "module", [],
                  f"derivation module {broken.module} could not be loaded", "holds", v, None)
