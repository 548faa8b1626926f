"""Running claims: each in its own forked worker process, in parallel.

A worker is forked per claim, so a claim on which SymPy hangs is killed at
its budget (``undecided``, method ``timeout``), a claim that exhausts the
worker's memory cap or crashes costs only itself, and the parent never
imports a claim's failure. Verdicts come back as plain dicts over a pipe.
The same seed gives the same verdicts with any number of jobs: sampling
depends only on (seed, claim id), never on scheduling.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import time
from multiprocessing.connection import wait

from . import engine
from .cache import VerdictCache
from .verdict import Result, Verdict

MEMORY_CAP = 3 * 1024 ** 3   # bytes of address space per worker
GRACE = 1.5                  # seconds past the budget before a worker is killed


def _work(conn, claim, seed, timeout):
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    except (ImportError, ValueError, OSError):
        pass
    try:
        v = engine.check(claim, seed=seed, timeout=timeout).to_dict()
    except MemoryError:
        v = Verdict("undecided", method="memory", detail="the worker ran out of memory").to_dict()
    try:
        conn.send(v)
    finally:
        conn.close()


def _lost(exitcode, timeout) -> dict:
    if exitcode is None:
        return Verdict("undecided", method="timeout",
                       detail=f"no method settled the claim within --timeout {timeout:g} s").to_dict()
    return Verdict("undecided", method="crash",
                   detail=f"the worker died (exit code {exitcode}); memory cap "
                          f"{MEMORY_CAP // 1024 ** 2} MiB").to_dict()


def verdicts(claims, *, seed=0, timeout=30.0, jobs=None, cache: VerdictCache | None = None,
             progress=None) -> dict:
    """{claim id: verdict dict} for the claims and their corrections."""
    tasks = []
    for c in claims:
        tasks.append(c)
        if c.correction is not None:
            tasks.append(c.correction)
    out, todo = {}, []
    for c in tasks:
        if c.kind == "prose":
            out[c.id] = engine.check(c, seed, timeout).to_dict()
            continue
        key = cache.key(c.fingerprint(), seed) if cache else None
        hit = cache.get(key) if cache else None
        if hit is not None:
            out[c.id] = hit
        else:
            todo.append((c, key))
    done = len(out)
    if progress:
        progress(done, len(tasks))
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 and timeout is None:
        for c, key in todo:
            out[c.id] = engine.check(c, seed, timeout).to_dict()
        return out
    ctx = mp.get_context("fork")
    running = {}  # conn -> (process, claim, key, deadline)
    queue = list(todo)
    while queue or running:
        while queue and len(running) < jobs:
            c, key = queue.pop(0)
            recv, send = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_work, args=(send, c, seed, timeout), daemon=True)
            p.start()
            send.close()
            running[recv] = (p, c, key, time.monotonic() + timeout + GRACE)
        now = time.monotonic()
        soonest = min(d for *_, d in running.values())
        ready = wait(list(running), timeout=max(0.0, soonest - now))
        for conn in list(running):
            p, c, key, deadline = running[conn]
            result = None
            if conn in ready:
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    p.join(1)
                    result = _lost(p.exitcode if p.exitcode is not None else -1, timeout)
            elif time.monotonic() >= deadline:
                p.kill()
                p.join(1)
                result = _lost(None, timeout)
            if result is None:
                continue
            conn.close()
            p.join(1)
            if p.is_alive():
                p.kill()
            out[c.id] = result
            if cache and key:
                cache.put(key, result)
            del running[conn]
            done += 1
            if progress:
                progress(done, len(tasks))
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
