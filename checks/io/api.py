"""The Python API: ``verify``, ``verify_many`` and ``check`` (``from checks import verify``).

Every answer is a verdict object, never a bare bool: a wrong claim, a timeout and a crash
are three different answers, and ``bool(result)`` refuses to fold them into False. The
time budget holds from any thread, because nothing here uses signals: a claim is read in
a forked child killed after ``timeout`` seconds, and checked in a worker process that the
runner kills when the claim has used its budget (``checks.run.runner``). The children's
memory caps count from the caller's own address space, so a process that has reserved much
of it (a CUDA context, a large heap) still leaves them room. Bad input raises
``ValueError`` subclasses (``ParseError``) with one-line messages; in ``verify_many`` a bad
item is an ``error`` result in its place instead.
"""
from __future__ import annotations

import copy
import math
import multiprocessing as mp
import os
from dataclasses import dataclass, field
from types import SimpleNamespace

from checks.io.arguments import MAX_JOBS, MAX_TIMEOUT
from checks.text.limits import READ_MEMORY_CAP, ParseError

__all__ = ["verify", "verify_many", "check", "VerifyResult", "ParseError"]

_ID = "verify"   # every claim's id, as in the CLI: the engine seeds its sample points with it,
                 # so a claim gets the same verdict alone, in a batch, and from the CLI


@dataclass(frozen=True)
class VerifyResult:
    """The verdict on one claim: ``status`` (holds | wrong | undecided | error), ``strength``
    of a holds (proof | exhaustive | bounded | numeric), the ``method`` that settled it, and
    the evidence of a wrong (``counterexample``, ``residual``, ``correct``).
    ``to_json()`` is the object ``verify --format json`` prints."""
    status: str
    strength: str | None
    method: str
    statement: str
    counterexample: dict | None = None
    residual: str | None = None
    correct: str | None = None
    detail: str = ""
    seconds: float = field(default=0.0, compare=False)   # two runs of one claim compare equal
    _result: object = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, result) -> "VerifyResult":
        v = result.verdict
        return cls(v.status, v.strength, v.method, result.statement, copy.deepcopy(v.counterexample),
                   v.residual, v.correct, v.detail, v.seconds, _result=result)

    @property
    def evidence(self) -> dict:
        """What a wrong carries: the counterexample, residual and correct value that are set."""
        return {k: getattr(self, k) for k in ("counterexample", "residual", "correct")
                if getattr(self, k) is not None}

    def to_json(self) -> dict:
        return copy.deepcopy(self._result.to_json())

    def __bool__(self):
        raise TypeError(f"a verdict is not a bool (this one is {self.status!r}): compare .status with "
                        "'holds', 'wrong', 'undecided' or 'error'")

    def __str__(self) -> str:
        """The line ``verify`` prints: status (strength, method): statement, then the evidence."""
        from checks.io import report
        how = f" ({self.strength}, {self.method})" if self.status == "holds" else f" ({self.method})"
        ev = report.evidence(self._result)
        return f"{self.status}{how}: {self.statement}" + (f"\n  {ev}" if ev else "")


# --- arguments -----------------------------------------------------------------------

def _timeout(timeout) -> float:
    try:
        value = float(timeout)
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(timeout, bool) or not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        raise ValueError(f"timeout must be a finite number of seconds > 0 and at most {MAX_TIMEOUT:g}, "
                         f"got {timeout!r}")
    return value


def _jobs(jobs):
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS):
        raise ValueError(f"jobs must be None or an integer from 1 to {MAX_JOBS}, got {jobs!r}")
    return jobs


def _seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    return seed


def _assume_list(assume) -> list:
    """A list of assumptions; one string is one assumption (not its characters)."""
    if assume is None:
        return []
    if isinstance(assume, str) or not hasattr(assume, "__iter__"):
        return [assume]
    return list(assume)


@dataclass(frozen=True)
class _Spec:
    """One claim as given, checked for its shape: text, or the two sides as SymPy objects."""
    text: str | None
    sides: tuple | None
    assume: tuple
    latex: bool

    @property
    def shown(self) -> str:
        """The claim as given, for an error result."""
        return _shown_item(self.text) if self.text is not None else " = ".join(map(_shown_item, self.sides))


def _spec(claim, assume, latex) -> _Spec:
    import sympy as sp
    assume = tuple(_assume_list(assume))
    if isinstance(claim, str):
        for a in assume:
            if not isinstance(a, str):
                raise ParseError(f"assumptions of a text claim are text like 'x > 0' or 'n integer'; "
                                 f"got {type(a).__name__} {_shown_item(a)}")
        return _Spec(claim, None, assume, bool(latex))
    if latex:
        raise ParseError(f"latex=True needs the claim as text, got {type(claim).__name__}")
    if claim is sp.true or claim is sp.false:
        raise ParseError(f"the claim is {claim}: SymPy decided Eq(...) before derivcheck saw it; "
                         "pass Eq(lhs, rhs, evaluate=False) or the pair (lhs, rhs)")
    if isinstance(claim, sp.Equality):
        return _Spec(None, (claim.lhs, claim.rhs), assume, False)
    if isinstance(claim, (tuple, list)) and len(claim) == 2:
        return _Spec(None, tuple(claim), assume, False)
    raise ParseError(f"a claim is text 'LHS = RHS', a SymPy Eq or a pair (lhs, rhs); got "
                     f"{type(claim).__name__}")


def _item_spec(item, assume, latex) -> _Spec:
    """A verify_many item: a claim, or {"claim": ..., "assume": [...], "latex": bool}; its
    assumptions come after the batch's."""
    if isinstance(item, dict):
        unknown = sorted(set(item) - {"claim", "assume", "latex"}, key=str)
        if unknown:
            raise ParseError(f"unknown key {unknown[0]!r} in a claim dict; known: claim, assume, latex")
        if "claim" not in item:
            raise ParseError("a claim dict needs the key 'claim'")
        return _spec(item["claim"], list(assume) + _assume_list(item.get("assume", ())),
                     item.get("latex", latex))
    return _spec(item, assume, latex)


# --- reading: in forked children under the claim's budget ------------------------------

def _address_space() -> int:
    """Bytes of address space this process has mapped (Linux; 0 elsewhere). A child's cap
    (RLIMIT_AS) is this plus its headroom: an absolute cap below what the caller already
    maps (a training process with a CUDA context maps tens of GiB) would make every
    allocation of the forked child fail."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _read(spec: _Spec):
    """(lhs, rhs, assume) of one claim, its assumptions checked (in a reader child)."""
    if spec.text is not None:
        from checks.io.reader import _read_verify
        return _read_verify(spec.text, spec.assume, spec.latex)
    from checks.io.sympy_input import read_sympy_claim
    from checks.prove.breakpoints import free_of
    from checks.prove.domains import AssumptionError, Domain
    lhs, rhs, assume = read_sympy_claim(*spec.sides, spec.assume)
    try:
        Domain.from_assumptions(free_of(lhs, rhs), assume)
    except AssumptionError as exc:
        raise ParseError(str(exc)) from None
    return lhs, rhs, assume


def _outcome(spec):
    """("ok", value) | ("input", message) | ("internal", message), as ``reader._child`` maps
    them; a MemoryError also ends the child (it is not trusted with another claim)."""
    try:
        return ("ok", _read(spec)), True
    except ParseError as exc:
        return ("input", str(exc)), True
    except RecursionError:
        return ("input", "expression is nested too deeply"), True
    except MemoryError:
        return ("input", f"reading the claim needs more than {READ_MEMORY_CAP // 1024 ** 2} MiB of memory "
                         "above the caller's"), False
    except Exception as exc:
        return ("internal", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"), True


def _reader_child(conn, specs, start, parent_pid, cap):
    from checks.run.isolation import isolate
    isolate(parent_pid, cap)
    for i in range(start, len(specs)):
        out, go_on = _outcome(specs[i])
        conn.send((out, go_on))
        if not go_on:
            break
    conn.close()


def _read_all(specs, timeout) -> list:
    """The outcome of reading each spec (None where the spec is None), in forked children
    (one fork for the batch, like ``reader.read_verify`` for one claim): each claim must be
    read within ``timeout`` seconds of the previous one; a child that overruns or dies costs
    only the claim it held, and a fresh child goes on with the next."""
    if any(s is not None and s.latex for s in specs):
        import latex2sympy2_extended  # noqa: F401  imported once here, not in every child
    import checks.text.parse, checks.io.sympy_input, checks.prove.domains  # noqa: F401, E401  (same)
    out, start = [None] * len(specs), 0
    todo = [i for i, s in enumerate(specs) if s is not None]
    while start < len(todo):
        start = _read_from([specs[i] for i in todo], start, timeout, out, todo)
    return out


def _read_from(specs, start, timeout, out, where) -> int:
    """Read specs[start:] in one child until one overruns or the child ends; the index to
    go on from."""
    from checks.run.isolation import shielded
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    cap = _address_space() + READ_MEMORY_CAP
    proc = ctx.Process(target=_reader_child, args=(send, specs, start, os.getpid(), cap), daemon=True)
    with shielded():   # like the workers: Ctrl-C is the parent's
        proc.start()
    send.close()
    try:
        for i in range(start, len(specs)):
            if not recv.poll(timeout):
                out[where[i]] = ("input", f"reading the claim took longer than the timeout of {timeout:g} s")
                return i + 1
            try:
                out[where[i]], go_on = recv.recv()
            except (EOFError, OSError):
                proc.join(1)
                out[where[i]] = ("input", f"reading the claim failed: the reader died (exit code "
                                          f"{proc.exitcode}; memory cap {READ_MEMORY_CAP // 1024 ** 2} MiB "
                                          "above the caller's)")
                return i + 1
            if not go_on:
                return i + 1
        return len(specs)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()


# --- results ---------------------------------------------------------------------------

def _identity(spec, lhs, rhs, assume):
    from checks.model.claims import Identity
    statement = spec.text.strip() if spec.text is not None else f"{lhs} = {rhs}"
    return Identity(_ID, _ID, statement, lhs=lhs, rhs=rhs, assume=assume, document=_ID, exercise=_ID)


def _result(statement, verdict) -> VerifyResult:
    from checks.model.verdict import Result
    return VerifyResult.of(Result(id=_ID, exercise=_ID, document="", location="", kind="identity", tags=[],
                                  statement=statement, declared=None, verdict=verdict))


def _failed(spec_or_text, kind, message) -> VerifyResult:
    from checks.model.verdict import Verdict
    shown = spec_or_text.shown if isinstance(spec_or_text, _Spec) else spec_or_text
    method = "input" if kind == "input" else "internal"
    return _result(shown, Verdict("error", method=method, detail=message))


def _pool(seed, timeout, jobs, above_caller):
    from checks.run import runner

    class Batch(runner.Pool):
        """The runner's pool with verdicts kept by position: every claim here has the id
        ``verify`` (see ``_ID``), so the pool's map by id cannot tell them apart.
        ``above_caller``: the workers' memory cap counts from the caller's address space
        (the CLI keeps its absolute cap)."""
        def __init__(self, **kw):
            super().__init__(**kw)
            self.by_index = {}
            if above_caller:
                self.cap += _address_space()

        def _record(self, i, result):
            self.by_index[i] = result
            super()._record(i, result)

    return Batch(seed=seed, timeout=timeout, jobs=jobs)


def _check_all(read, specs, seed, timeout, jobs, above_caller=True) -> list:
    """One VerifyResult per spec (None where it was not read): those read are checked in
    one worker pool."""
    from checks.model.verdict import Verdict
    claims = [_identity(s, *r[1]) if r and r[0] == "ok" else None for s, r in zip(specs, read)]
    pool = _pool(seed, timeout, jobs, above_caller)
    todo = [c for c in claims if c is not None]
    try:
        if todo:
            pool.submit(todo)
        pool.finish()
    finally:
        pool.close()
    got, n = {}, 0
    for k, c in enumerate(claims):
        if c is not None:
            got[k] = pool.by_index[n]
            n += 1
    out = []
    for k, (s, r) in enumerate(zip(specs, read)):
        if k in got:
            lhs, rhs, _ = r[1]
            out.append(_result(f"{lhs} = {rhs}", Verdict.from_dict(got[k])))
        else:
            out.append(None)
    return out


# --- the API ---------------------------------------------------------------------------

def verify(claim, assume=(), *, latex: bool = False, timeout: float = 30.0, seed: int = 0) -> VerifyResult:
    """The verdict on one claim ``LHS = RHS``.

    ``claim``: text in SymPy syntax (the names of ``derivcheck verify``), LaTeX with
    ``latex=True``, a SymPy ``Eq``, or a pair ``(lhs, rhs)`` of SymPy expressions (see
    ``checks.io.sympy_input`` for how SymPy symbols are read). ``assume``: text like
    ``"x > 0"``, ``"0 < p < 1"``, ``"n integer"`` (for SymPy claims also SymPy relations).
    Reading and checking each get ``timeout`` seconds, from any thread. Raises
    ``ParseError`` (a ``ValueError``) for bad input, ``ValueError`` for bad arguments."""
    timeout, seed = _timeout(timeout), _seed(seed)
    spec = _spec(claim, assume, latex)
    read = _read_all([spec], timeout)
    if read[0][0] == "input":
        raise ParseError(read[0][1])
    if read[0][0] == "internal":
        raise RuntimeError(read[0][1])
    return _check_all(read, [spec], seed, timeout, 1)[0]


def verify_read(text: str, sides: tuple, *, timeout: float, seed: int) -> VerifyResult:
    """The CLI's ``verify`` after it read ``text`` into ``sides`` = (lhs, rhs, assume) with
    ``reader.read_verify``: checked with the CLI's absolute memory cap."""
    spec = _Spec(text, None, (), False)
    return _check_all([("ok", sides)], [spec], seed, timeout, 1, above_caller=False)[0]


def verify_many(claims, *, jobs: int | None = None, timeout: float = 30.0, seed: int = 0, assume=(),
                latex: bool = False) -> list:
    """One VerifyResult per claim, in the input order, checked in one pool of ``jobs``
    worker processes (default: one per core). An item is what ``verify`` takes, or a dict
    ``{"claim": ..., "assume": [...], "latex": bool}``; ``assume`` and ``latex`` apply to
    every item (a dict's own assumptions are added). A bad item is an ``error`` result in
    its place (method ``input``, the message in ``detail``); the batch goes on."""
    timeout, seed, jobs = _timeout(timeout), _seed(seed), _jobs(jobs)
    if isinstance(claims, (str, dict)) or not hasattr(claims, "__iter__"):
        raise ValueError(f"claims must be a list of claims, got {type(claims).__name__}")
    items, assume = list(claims), _assume_list(assume)
    specs, bad = [], {}
    for k, item in enumerate(items):
        try:
            specs.append(_item_spec(item, assume, latex))
        except ParseError as exc:
            specs.append(None)
            bad[k] = _failed(_shown_item(item), "input", str(exc))
    read = _read_all(specs, timeout)
    checked = _check_all(read, specs, seed, timeout, jobs)
    return [bad[k] if k in bad else checked[k] if checked[k] is not None else _failed(specs[k], *read[k])
            for k in range(len(items))]


def _shown_item(item, parts=200) -> str:
    """An item as given, in at most about 200 characters; a SymPy expression is printed only
    when it is small (printing a huge refused one would cost more than reading it did)."""
    import reprlib
    import sympy as sp
    if isinstance(item, sp.Basic):
        walk = sp.preorder_traversal(item)
        if sum(1 for _ in zip(range(parts + 1), walk)) > parts:
            return f"<{type(item).__name__} of more than {parts} parts>"
    s = " ".join((item if isinstance(item, str) else reprlib.repr(item) if not isinstance(item, sp.Basic)
                  else str(item)).split())
    return s if len(s) <= 200 else s[:197] + "..."


def check(targets=("all",), *, seed: int = 0, timeout: float = 30.0, jobs: int | None = None,
          cache: bool = True, tags=()):
    """The catalog ``Report`` (``checks.model.verdict.Report``) that ``derivcheck check``
    computes for ``targets`` (``"all"``, a document or exercise id, ``ID/claim-id``) and
    ``tags``: ``.results``, ``.summary()``, ``.to_dict()`` (schema derivcheck-report/1).
    A module that fails to load is an ``error`` result in it. An unknown target raises
    ``ValueError``."""
    from checks.io.cli_main import catalog_report
    targets = [targets] if isinstance(targets, str) else list(targets)
    tags = [tags] if isinstance(tags, str) else list(tags)
    args = SimpleNamespace(targets=targets or ["all"], tag=tags, seed=_seed(seed), timeout=_timeout(timeout),
                           jobs=_jobs(jobs), no_cache=not cache)
    report, _broken = catalog_report(args, progress=False)
    return report
