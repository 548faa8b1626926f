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

No worker outlives the process that forked it: each asks Linux for SIGKILL when
its parent dies (``die_with_parent``), so a parent killed by SIGKILL leaves
nothing behind, and workers ignore SIGINT (Ctrl-C reaches the whole process
group; the parent alone answers it and stops them). This module imports the
engine (SymPy) only when a claim is checked here or a worker is forked, so the
CLI process can build results from plain rows without SymPy.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import time
from collections import deque
from multiprocessing.connection import wait

from checks.run.cache import VerdictCache
from checks.run.isolation import GRACE, POLL, WALL_FACTOR, _libc, memory_cap
from checks.run.results import results_from_rows, rows
from checks.run.worker import _Worker, _lost


class Pool:
    """Claims submitted in batches (one per catalog module as it is imported) are
    checked while the next batch is still being built.

    Each batch is dealt into one lane per worker slot as contiguous runs: the
    claims of a document that sit next to each other share subexpressions,
    SymPy's cache and memoised constructions, so a worker that checks a run of
    them does less work than one that gets every other claim (dealt round
    robin). A worker takes from the front of its lane; one whose lane is
    empty steals from the back of the longest lane, so the two meet in the
    middle and both keep contiguous runs. Claims sharing a deferred part go to
    one lane and are taken together (``group``).

    A worker knows the claims that existed when it was forked; a claim submitted
    later goes to a worker forked after it (an idle worker that does not know
    its next claim is replaced). While the parent is busy building batches it
    cannot hand out claims one by one, so each worker gets a queue of up to
    ``depth`` claims; ``finish`` lowers the depth to 1 for an even finish.
    ``submit`` never blocks on the workers; ``finish`` waits for the rest."""

    LOADING_DEPTH = 16

    def __init__(self, *, seed=0, timeout=30.0, jobs=None, cache: VerdictCache | None = None,
                 progress=None, on_result=None, known=None):
        self.seed, self.timeout, self.cache, self.progress = seed, timeout, cache, progress
        self.on_result = on_result   # (claim id, verdict dict): each verdict as it settles
        self.known = known or {}     # verdicts settled before (by a host that died): not checked again
        self.cap = memory_cap()
        _libc()
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.tasks, self.keys, self.out = [], {}, {}
        self.lanes = [deque() for _ in range(self.jobs)]   # per worker slot: task indices to check
        self.group = {}        # task index -> id of the deferred part it shares with others
        self.group_lane = {}   # that id -> the lane its claims were dealt to
        self.workers, self.depth = [], self.LOADING_DEPTH
        self.ctx = mp.get_context("fork")

    def _fork(self) -> _Worker:
        # The worker inherits the parent's heap (SymPy, the catalog): frozen, its collector
        # never walks those objects (a full collection touched every one, copying its page);
        # the parent unfreezes its own at once.
        from checks.run import engine  # noqa: F401  imported here once, inherited by every worker
        gc.freeze()
        try:
            return _Worker(self.ctx, self.tasks, self.seed, self.timeout, self.cap)
        finally:
            gc.unfreeze()

    def submit(self, claims):
        new = [i for c in claims for t in (c, c.correction) if t is not None
               for i in [self._add(t)] if i is not None]
        self._deal(new)
        self._report()
        if self.jobs == 1 and self.timeout is None:   # in-process (no budget to enforce)
            from checks.run import engine
            while self.lanes[0]:
                i = self.lanes[0].popleft()
                self._record(i, engine.check(self.tasks[i], self.seed, self.timeout).to_dict())
        else:
            self._collect(0.0)

    def _add(self, c):
        """Index of the new task if a worker must check it; None if it is settled here."""
        i = len(self.tasks)
        self.tasks.append(c)
        if c.id in self.known:
            self.out[c.id] = self.known[c.id]
            return None
        if c.kind == "prose":
            from checks.run import engine
            self._settle(c.id, engine.check(c, self.seed, self.timeout).to_dict())
            return None
        if self.cache and self.cache.holds_entries():
            key = self.cache.key(c.fingerprint(), self.seed)
            hit = self.cache.get(key)
            if hit is not None:
                self._settle(c.id, hit)
                return None
            self.keys[i] = key
        elif self.cache:
            self.cache.note_miss()
        root = c.deferred_root()
        if root is not None:
            self.group[i] = id(root)
        return i

    def _deal(self, new):
        """Lane k gets the k-th contiguous slice of the batch; a claim whose deferred
        part already has a lane goes there."""
        for pos, i in enumerate(new):
            g = self.group.get(i)
            lane = self.group_lane.get(g, pos * self.jobs // len(new))
            if g is not None:
                self.group_lane[g] = lane
            self.lanes[lane].append(i)

    def _pending(self) -> int:
        return sum(len(lane) for lane in self.lanes)

    def _report(self):
        if self.progress:
            self.progress(len(self.out), len(self.tasks))

    def _settle(self, cid, result):
        self.out[cid] = result
        if self.on_result:
            self.on_result(cid, result)

    def _record(self, i, result):
        self._settle(self.tasks[i].id, result)
        if self.cache:   # keyed here when nothing could be looked up (see holds_entries)
            key = self.keys.get(i) or self.cache.key(self.tasks[i].fingerprint(), self.seed)
            self.cache.put(key, result)
        self._report()

    def _dispatch(self):
        while len(self.workers) < min(self.jobs, self._pending()):
            self.workers.append(self._fork())
        progress = True
        while progress:   # one claim per worker per round, so the queues fill evenly
            progress = False
            for n in range(len(self.workers)):
                if len(self.workers[n].queue) < self.depth and self._give_next(n):
                    progress = True

    def _give_next(self, n) -> bool:
        """Give worker n the front of its lane, or else the back of the longest lane;
        False if there is nothing it can take now."""
        w, lane = self.workers[n], self.lanes[n]
        back = not lane
        if back:
            lane = max(self.lanes, key=len)
            if not lane:
                return False
        i = lane[-1] if back else lane[0]
        if i >= w.known:   # forked before this claim existed
            if w.queue:
                return False
            w.stop()
            w = self.workers[n] = self._fork()
        lane.pop() if back else lane.popleft()
        w.give(i)
        if i in self.group:   # its companions too: this worker builds their shared part once
            for j in [j for j in lane if self.group.get(j) == self.group[i] and j < w.known]:
                lane.remove(j)
                w.give(j)
        return True

    def _retire(self, n):
        """Worker n died, overran or hit its cap: the claims queued behind the one it
        held go back to the front of the line, and a fresh worker takes its place."""
        w = self.workers[n]
        w.stop(kill=True)
        self.lanes[n].extendleft(reversed(w.queue))
        w.queue.clear()   # the old worker holds nothing any more (its loop below ends)
        self.workers[n] = self._fork()

    def _collect(self, wait_for: float):
        """Take in what the workers finished (waiting at most ``wait_for`` seconds for
        news), enforce budgets, and hand out more claims."""
        self._dispatch()
        busy = [w for w in self.workers if w.queue]
        if not busy:
            return
        now = time.monotonic()
        started = [min(w.deadline - now, POLL) for w in busy if w.deadline is not None]
        ready = wait([w.conn for w in busy], timeout=max(0.0, min([wait_for] + started)))
        for n, w in enumerate(list(self.workers)):
            if not w.queue:
                continue
            if w.conn in ready:
                try:
                    while w.queue and w.conn.poll():
                        kind, i, payload = w.conn.recv()
                        if kind == "start":
                            w.deadline = payload[0] + WALL_FACTOR * self.timeout + GRACE
                            w.cpu0 = payload[1]
                            continue
                        w.queue.popleft()
                        w.deadline = None
                        if payload["method"] == "memory":   # the worker exits after this
                            self._retire(n)
                        self._record(i, payload)
                except (EOFError, OSError):
                    w.proc.join(1)
                    lost = _lost(w.proc.exitcode if w.proc.exitcode is not None else -1, self.timeout,
                                 self.cap)
                    i = w.queue.popleft()
                    self._retire(n)
                    self._record(i, lost)
                    continue
            if w.queue and w.overran(self.timeout):
                i = w.queue.popleft()
                self._retire(n)
                self._record(i, _lost(None, self.timeout))
        self._dispatch()

    def finish(self, close=True) -> dict:
        """{claim id: verdict dict} for every submitted claim and correction (``close=False``:
        the workers are left idle, for the caller to report first and ``close`` after)."""
        self.depth = 1
        try:
            while self._pending() or any(w.queue for w in self.workers):
                self._collect(3600.0)
        except BaseException:
            self.close()
            raise
        if close:
            self.close()
        if self.cache:
            self.cache.flush()   # the run's new verdicts, written once
        return self.out

    def close(self):
        """Stop the workers (also when a run is interrupted)."""
        for w in self.workers:
            w.stop()
        self.workers = []


def verdicts(claims, *, seed=0, timeout=30.0, jobs=None, cache: VerdictCache | None = None,
             progress=None) -> dict:
    """{claim id: verdict dict} for the claims and their corrections."""
    pool = Pool(seed=seed, timeout=timeout, jobs=jobs, cache=cache, progress=progress)
    pool.submit(claims)
    return pool.finish()


def results(claims, got=None, **kw) -> list:
    """One ``Result`` per claim, its correction's verdict folded in (``got``: the
    verdicts when they were already computed, e.g. by a ``Pool``)."""
    got = verdicts(claims, **kw) if got is None else got
    return results_from_rows(rows(claims), got)
