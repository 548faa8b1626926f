"""Reading a verify claim under a budget: in a forked child with a memory cap, killed
after the claim's timeout, so that SymPy's evaluation while building cannot outlast it."""
from __future__ import annotations

from checks.io.latex import parse_latex_claim
from checks.text.limits import READ_MEMORY_CAP, ParseError
from checks.text.parse import parse_claim


def read_verify(claim: str, assumptions=(), latex: bool = False, timeout: float | None = 30.0):
    """(lhs, rhs, assume) of a ``verify`` claim with its assumptions checked, read in a forked
    child that is killed after ``timeout`` seconds: SymPy evaluates while it builds (a square
    root of a 2000-digit integer, latex2sympy on deep brackets), and reading must not outlast
    the claim's budget. Bad input raises ParseError with the child's one-line message."""
    if latex:
        import latex2sympy2_extended  # noqa: F401  (imported once here, not in every child)
    return _within(timeout, _read_verify, claim, tuple(assumptions), latex)


def _read_verify(claim, assumptions, latex):
    from checks.prove.domains import AssumptionError, Domain
    from checks.prove.breakpoints import free_of
    read = parse_latex_claim if latex else parse_claim
    lhs, rhs, assume = read(claim, assumptions)
    try:
        Domain.from_assumptions(free_of(lhs, rhs), assume)
    except AssumptionError as exc:
        raise ParseError(str(exc)) from None
    return lhs, rhs, assume


def _within(timeout, fn, *args):
    import multiprocessing as mp
    import os
    from checks.run.isolation import shielded
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, os.getpid()), daemon=True)
    with shielded():   # like the workers: Ctrl-C is the parent's, and the reader dies with it
        proc.start()
    send.close()
    try:
        if not recv.poll(timeout):
            raise ParseError(f"reading the claim took longer than --timeout {timeout:g} s")
        try:
            kind, value = recv.recv()
        except (EOFError, OSError):
            proc.join(1)
            raise ParseError(f"reading the claim failed: the reader died (exit code {proc.exitcode}; "
                             f"memory cap {READ_MEMORY_CAP // 1024 ** 2} MiB)") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
    if kind == "ok":
        return value
    if kind == "input":
        raise ParseError(value)
    raise RuntimeError(value)


def _child(conn, fn, args, parent_pid):
    from checks.run.isolation import isolate
    isolate(parent_pid, READ_MEMORY_CAP)   # memory cap, parent-death signal, SIGINT left to the parent
    try:
        out = ("ok", fn(*args))
    except ParseError as exc:
        out = ("input", str(exc))
    except RecursionError:
        out = ("input", "expression is nested too deeply")
    except MemoryError:
        out = ("input", f"reading the claim needs more than {READ_MEMORY_CAP // 1024 ** 2} MiB of memory")
    except Exception as exc:  # reported by the CLI as an internal error, in one line
        out = ("internal", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    conn.send(out)
    conn.close()
