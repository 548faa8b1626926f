"""A worker process: forked once, it takes claims one at a time over a pipe, says when it
starts one (so the parent can kill it at that claim's deadline), and answers plain dicts."""
from __future__ import annotations

import os
import time
from collections import deque

from checks.model.verdict import Verdict
from checks.run.isolation import GRACE, MEMORY_CAP, _TICKS, isolate, shielded


def _serve(conn, tasks, seed, timeout, parent_pid, cap):
    """A worker: check tasks[i] for each index received, until None or EOF. It says
    when it starts a claim, so the parent can time the claim's budget from there
    even when several indices wait in the pipe."""
    isolate(parent_pid, cap)
    from checks.run import engine
    while True:
        try:
            i = conn.recv()
        except (EOFError, OSError):
            return
        if i is None:
            return
        # CLOCK_MONOTONIC is one clock for all processes; process_time is this worker's CPU,
        # the same count the parent reads from /proc
        conn.send(("start", i, (time.monotonic(), time.process_time())))
        try:
            v = engine.check(tasks[i], seed=seed, timeout=timeout).to_dict()
        except MemoryError:
            v = Verdict("undecided", method="memory", detail="the worker ran out of memory").to_dict()
            conn.send(("done", i, v))
            return  # a worker that hit its cap is not trusted with another claim
        conn.send(("done", i, v))


def _lost(exitcode, timeout, cap=MEMORY_CAP) -> dict:
    if exitcode is None:
        return Verdict("undecided", method="timeout",
                       detail=f"no method settled the claim within --timeout {timeout:g} s").to_dict()
    return Verdict("undecided", method="crash",
                   detail=f"the worker died (exit code {exitcode}); memory cap "
                          f"{cap // 1024 ** 2} MiB").to_dict()


class _Worker:
    def __init__(self, ctx, tasks, seed, timeout, cap):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, tasks, seed, timeout, os.getpid(), cap),
                                daemon=True)
        with shielded():
            self.proc.start()
        child.close()
        self.known = len(tasks)   # the tasks this worker inherited when it was forked
        self.queue = deque()      # indices sent, in order; queue[0] is running once started
        self.deadline = None      # wall-clock backstop of queue[0], from its start message
        self.cpu0 = None          # the worker's CPU seconds when queue[0] started

    def cpu(self):
        """CPU seconds the worker process has used (user + system), or None off Linux."""
        try:
            with open(f"/proc/{self.proc.pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _TICKS   # utime, stime: fields 14, 15
        except (OSError, IndexError, ValueError):
            return None

    def overran(self, timeout) -> bool:
        """The running claim has used its budget of CPU, or the wall-clock backstop."""
        if self.deadline is None:
            return False
        if time.monotonic() >= self.deadline:
            return True
        used = self.cpu()
        return used is not None and self.cpu0 is not None and used - self.cpu0 >= timeout + GRACE

    def give(self, i):
        self.conn.send(i)
        self.queue.append(i)

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
