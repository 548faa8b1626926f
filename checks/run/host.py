"""Catalog modules are imported in a host process, never in the CLI process.

A derivation module is code, and importing it may hang, call ``sys.exit`` or
``os._exit``, print, or allocate without bound. The CLI therefore forks one host
process that imports the modules one at a time, each under a wall-clock budget
(``import_budget``: the claim budget, at least ``IMPORT_FLOOR``; a SIGALRM in the
host, then SIGKILL from the CLI at budget + ``isolation.GRACE``),
under the workers' memory cap, with its standard output sent to standard error
(a module's prints never reach a report), and that runs the worker pool: the
workers are forked from the host, so they inherit the imported catalog as before
and a module's claims are checked while the next module is imported.

The host sends the CLI plain data only (claims cannot be pickled): which module
it is importing, each module's claim rows, each verdict as it settles. A module
whose import fails in any way is one ``BrokenModule`` naming it and what
happened. If the host dies or overruns while importing, the CLI blames that
module and forks a fresh host that skips it, imports the others again and
checks only the claims whose verdicts are still missing (a verdict depends only
on the seed and the claim, so a verdict kept from the first host is the one the
second would give).

This module must stay free of SymPy imports (the CLI process never needs it).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from types import SimpleNamespace

from checks.model import catalog
from checks.run import isolation
from checks.run.hosted import _host_main, _timeout_message

# An import is wall-clock bound (a module that sleeps uses no CPU), so its budget has a
# floor: the catalog's modules import in 0.05-0.6 s on a loaded machine, and a module that
# fails its import loses all its claims, so `--timeout 1` under load must not fail one.
IMPORT_FLOOR = 10.0


def import_budget(timeout) -> float:
    """Seconds of wall clock for one module's import: the claim budget, at least IMPORT_FLOOR
    (a missing or non-finite --timeout: 30 s; setitimer needs a finite number)."""
    if not timeout or not 0 < timeout < 1e6:
        return 30.0
    return max(float(timeout), IMPORT_FLOOR)


class HostError(RuntimeError):
    """The host failed outside any module's import (a bug, not a module's fault)."""


@dataclass
class Outcome:
    modules: list = field(default_factory=list)   # [(module name, claim rows)], in catalog order
    chosen: list = field(default_factory=list)    # the rows to report, in report order
    got: dict = field(default_factory=dict)       # claim or correction id -> verdict dict
    broken: list = field(default_factory=list)    # [catalog.BrokenModule]


def _death_message(exitcode) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"import killed the process ({name}; memory cap or crash)"
    return f"import ended the process (exit code {exitcode}: os._exit or a crash)"


# ---------------------------------------------------------------- the host process


# ---------------------------------------------------------------- the CLI side

class _Session:
    def __init__(self, package, mode, *, seed=0, timeout=30.0, jobs=None, cache=True,
                 choose=None, progress=None):
        self.package, self.mode, self.choose, self.progress = package, mode, choose, progress
        self.names = catalog.module_names(package)
        self.job = {"package": package, "names": self.names, "mode": mode, "seed": seed,
                    "timeout": timeout, "jobs": jobs, "cache": cache, "budget": import_budget(timeout),
                    "cap": isolation.memory_cap()}
        self.rows = {}      # module -> claim rows
        self.broken = {}    # module -> message
        self.got = {}
        self.chosen = None  # rows to report

    def run(self) -> Outcome:
        while self._host():   # True: a module killed its host; it is skipped by the next one
            pass
        order = [self.package] + self.names
        modules = [(n, self.rows[n]) for n in self.names if n in self.rows]
        chosen = self.chosen if self.chosen is not None else [r for _, rs in modules for r in rs]
        broken = [catalog.BrokenModule(n, self.broken[n]) for n in order if n in self.broken]
        return Outcome(modules, chosen, self.got, broken)

    def _host(self) -> bool:
        ctx = mp.get_context("fork")
        conn, child = ctx.Pipe()
        job = {**self.job, "skip": set(self.broken), "known": dict(self.got)}
        for stream in (sys.stdout, sys.stderr):   # a child must not write our buffers again
            stream.flush()
        proc = ctx.Process(target=_host_main, args=(child, job, os.getpid()), name="derivcheck-host")
        with isolation.shielded():
            proc.start()
        child.close()
        self.finished = False
        try:
            return self._listen(conn, proc)
        finally:
            if self.finished:
                proc.join(2)   # it stops its idle workers and exits (a few ms)
            if proc.is_alive():
                proc.kill()   # its workers die with it (isolation.die_with_parent)
            proc.join(5)
            conn.close()

    def _listen(self, conn, proc) -> bool:
        importing = None   # (module, monotonic start) while the host imports one
        while True:
            deadline = None
            if importing is not None:
                deadline = importing[1] + self.job["budget"] + isolation.GRACE - time.monotonic()
            ready = wait([conn, proc.sentinel], None if deadline is None else max(0.0, deadline))
            if not ready:   # the import overran and ignored the host's own alarm
                proc.kill()
                self.broken[importing[0]] = _timeout_message(self.job["budget"])
                return importing[0] != self.package
            msg = None
            if conn.poll():
                try:
                    msg = conn.recv()
                except (EOFError, OSError):
                    msg = None
            if msg is None:   # the host is gone (or closed its end: then it is ended here)
                proc.join(5)
                if proc.is_alive():
                    proc.kill()
                    proc.join(5)
                if importing is not None:
                    self.broken[importing[0]] = _death_message(proc.exitcode)
                    return importing[0] != self.package   # without its package no module loads
                self._lose_the_rest(proc.exitcode)
                return False
            kind = msg[0]
            importing = (msg[1], msg[2]) if kind == "importing" else None   # one thread: an import
            if kind == "broken":                                              # ends before any other news
                self.broken[msg[1]] = msg[2]
            elif kind == "module":
                self.rows[msg[1]] = msg[2]
            elif kind == "verdicts":
                self.got.update(msg[1])
                self._report()
            elif kind == "loaded":
                self.chosen = self.choose([r for n in self.names for r in self.rows.get(n, [])])
                conn.send(sorted(claim_ids(self.chosen)))
            elif kind == "finished":
                self.finished = True
                return False
            elif kind == "fatal":
                raise HostError(msg[1])

    def _wanted(self) -> list:
        rows = self.chosen if self.chosen is not None else [r for rs in self.rows.values() for r in rs]
        return claim_ids(rows)

    def _report(self):
        if self.progress:
            self.progress(len(self.got), len(self._wanted()))

    def _lose_the_rest(self, exitcode):
        """The host died outside any import: no module to blame, so the claims it had not
        settled are errors saying so (starting it again could loop)."""
        from checks.model.verdict import Verdict
        lost = Verdict("error", method="host", detail=f"the catalog host process died (exit code "
                                                      f"{exitcode}) before this claim was settled").to_dict()
        for cid in self._wanted():
            self.got.setdefault(cid, lost)
        for name in self.names:
            if name not in self.rows and name not in self.broken:
                self.broken[name] = f"not imported: the catalog host process died (exit code {exitcode})"
        if self.mode == "select" and self.chosen is None:
            self.chosen = []


def claim_ids(rows) -> list:
    return [i for r in rows for i in [r["id"]] + ([r["correction"]["id"]] if r["correction"] else [])]


def select_rows(rows, targets, tags) -> list:
    """``catalog.select`` over claim rows (plain dicts)."""
    by_id = {r["id"]: r for r in rows}
    picked = catalog.select([SimpleNamespace(**r) for r in rows], targets, tags)
    return [by_id[c.id] for c in picked]


def check(package, *, select=None, **kw) -> Outcome:
    """Import the catalog in a host and check its claims there: every claim, streamed
    module by module, or (``select(rows)``, after every module is imported) a selection."""
    return _Session(package, "select" if select else "stream", choose=select, **kw).run()


def listing(package, *, timeout=30.0) -> Outcome:
    """Import the catalog in a host and return its claim rows (nothing is checked)."""
    return _Session(package, "list", timeout=timeout).run()
