"""The command line: parse argv, call the engine, pick a reporter, return an exit code.

Exit codes (DESIGN.md): 0 every verdict matches its declaration (verify: holds);
1 some does not (verify: wrong); 2 usage or input error, one line on stderr,
never a traceback; 3 undecided (verify, or check --strict).
Heavy modules (SymPy, flint, rich) are imported only by the commands that
need them, so ``--help`` answers at once.
"""
from __future__ import annotations

import os
import sys
import time
from types import SimpleNamespace

from checks.io.arguments import _parser


class InputError(ValueError):
    """Bad input found by the CLI itself (a ValueError, so the API's ``check`` raises it as one)."""


def run() -> None:
    """The console entry (cli.py, the ``derivcheck`` script): ``main()``, then exit without
    tearing the interpreter down. Freeing the SymPy heap object by object is a sizeable
    part of a cold ``check all``; every report is written and flushed by then, the worker pool is
    closed by ``main``, and nothing is left for atexit handlers to do."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):   # a reader that went away (| head)
            pass
    os._exit(code)


class _Terminated(BaseException):
    """SIGTERM, raised where the CLI waits, so that the same cleanup as for Ctrl-C runs."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def main(argv=None) -> int:
    """Exit codes as in DESIGN.md, and: 130 after Ctrl-C, 143 after SIGTERM (one line on
    stderr; the catalog host and the workers are stopped), 141 when the reader of stdout
    went away (``| head``), without a traceback."""
    import signal
    import threading
    here = threading.current_thread() is threading.main_thread()
    if here:
        previous = signal.getsignal(signal.SIGINT), signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return _stop("interrupted", 130)
    except _Terminated:
        return _stop("terminated", 143)
    except BrokenPipeError:
        _drop_stdout()
        return 141
    finally:
        if here:
            signal.signal(signal.SIGINT, previous[0])
            signal.signal(signal.SIGTERM, previous[1])


def _main(argv) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return 2
    if getattr(args, "timeout", 1) is not None and getattr(args, "timeout", 1) <= 0:
        return _fail(f"--timeout must be positive, got {args.timeout:g}")
    if getattr(args, "jobs", None) is not None and args.jobs < 1:
        return _fail(f"--jobs must be at least 1, got {args.jobs}")
    try:
        if args.command in ("check", "list"):
            use_catalog(getattr(args, "catalog", None) or _catalog_folder_from_env())
        return {"check": _check, "list": _list, "verify": _verify, "audit": _audit}[args.command](args)
    except InputError as exc:
        return _fail(str(exc))
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as exc:  # input errors from the engine's parsers and loaders
        from checks.text.parse import ParseError
        from checks.model.catalog import CatalogError, TargetError
        from checks.prove.domains import AssumptionError
        from checks.run.isolation import ConfigError
        if isinstance(exc, (ParseError, TargetError, AssumptionError, CatalogError, ConfigError)):
            return _fail(str(exc))
        if os.environ.get("DERIVCHECK_DEBUG"):
            raise
        return _fail(f"internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def _catalog_folder_from_env() -> str | None:
    """$DERIVCHECK_CATALOG when it names a folder (a package name is read by checks.model.catalog)."""
    value = os.environ.get("DERIVCHECK_CATALOG", "").strip()
    return value if value and (os.sep in value or os.path.isdir(value)) else None


def use_catalog(folder: str | None) -> None:
    """Check the catalog in ``folder`` (a course's own, outside this repository): its parent goes
    on the import path (the catalog host is forked from this process and inherits it) and its
    name becomes the catalog package. The folder needs no __init__.py."""
    if not folder:
        return
    import importlib
    from pathlib import Path
    from checks.model import catalog
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        raise InputError(f"catalog folder {folder!r} does not exist or is not a folder")
    if not path.name.isidentifier():
        raise InputError(f"catalog folder name {path.name!r} is not a Python package name "
                         f"(letters, digits and _, not starting with a digit): rename the folder")
    sys.path.insert(0, str(path.parent))
    importlib.invalidate_caches()
    os.environ["DERIVCHECK_CATALOG"] = path.name
    found = catalog.package_dir(path.name)
    if found.resolve() != path:
        raise InputError(f"catalog folder {str(path)!r}: the name {path.name!r} is already taken by "
                         f"{found}; rename the folder")


def _stop(what: str, code: int) -> int:
    import signal
    import threading
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # a second Ctrl-C must not cut the last line
    try:
        sys.stderr.write(f"derivcheck: {what}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return code


def _drop_stdout():
    """The reader of stdout went away: what is still buffered goes nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _fail(msg: str) -> int:
    sys.stderr.write(f"derivcheck: error: {msg}\n")
    return 2


def _everything(args) -> bool:
    return not args.tag and all(t.strip().lower() == "all" for t in args.targets)


def _list(args) -> int:
    from checks.model import catalog
    from checks.run import host, snapshot
    cached = snapshot.load_all(catalog.package_dir(), seed=0)  # unchanged catalog: no imports
    if cached is not None:
        claims, broken = catalog.select(cached, args.targets, args.tag), []
    else:  # imported in a host process, like check: a module's prints or exit stay there
        out = host.listing(catalog.default_package())
        claims = [SimpleNamespace(**r) for r in host.select_rows(out.chosen, args.targets, args.tag)]
        broken = out.broken
    for line in _list_lines(claims):
        print(line)
    for b in broken:
        print(f"{b.module}: cannot be loaded: {b.message}", file=sys.stderr)
    print(f"{len(claims)} claims", file=sys.stderr)
    return 2 if broken else 0


TAGS_ON_A_TERMINAL = 24   # the tags' widest on a terminal: the statement needs the room
STATEMENT_AT_LEAST = 24   # on a terminal narrower than this beside the ids, the tags give way


def _list_lines(claims) -> list:
    """One line per claim: id, location, kind, declared, its statement, then [tags]. On a
    terminal (or with $COLUMNS) each line fits the width: the tags are cut to a few words
    (or left out) and the statement to what is left, each with '…'; in a pipe every line is
    whole."""
    from checks.io.report.terminal import cut, terminal_width
    width = terminal_width(default=None)
    rows = [(c.id, c.location, c.kind, c.declared) for c in claims]
    sizes = [max((len(r[k]) for r in rows), default=0) for k in range(4)]
    heads = ["  ".join(cell.ljust(size) for cell, size in zip(r, sizes)) + "  " for r in rows]
    statements = [" ".join(str(c.statement).split()) for c in claims]
    tags = [f"  [{','.join(c.tags)}]" if c.tags else "" for c in claims]
    if not width:
        return [h + s + t for h, s, t in zip(heads, statements, tags)]
    tags = [t if len(t) <= TAGS_ON_A_TERMINAL else cut(t, TAGS_ON_A_TERMINAL - 1) + "]" for t in tags]
    room = width - max((len(h) for h in heads), default=0)
    tag_room = max((len(t) for t in tags), default=0)
    if room - tag_room < STATEMENT_AT_LEAST:
        tags, tag_room = [""] * len(tags), 0
    # the tags in one column at the right, the statement cut to the room before them
    return [cut(h + (cut(s, room - tag_room).ljust(room - tag_room) + t if t else cut(s, room)), width)
            for h, s, t in zip(heads, statements, tags)]


def _color(args, stream=None) -> bool:
    """--color: ``always``, ``never``, or ``auto`` (the default): colour only on a terminal
    (``stream``; by default stdout, and never a report written to a file with -o), when
    NO_COLOR is unset or empty (no-color.org: any non-empty value turns colour off; the
    option overrides it) and TERM is not ``dumb``."""
    choice = getattr(args, "color", "auto")
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if stream is None:
        if getattr(args, "output", None):
            return False
        stream = sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):   # replaced or closed
        return False


def _progress_bar(color: bool = True, what: str = "checking claims"):
    """A progress callback that shows a bar on stderr, only on a terminal, once a run takes
    over a second: claims done of all and an estimate of the time left."""
    if not sys.stderr.isatty():
        return None, lambda: None
    state = {"bar": None, "task": None, "t0": time.monotonic()}

    def update(done, total):
        if state["bar"] is None and time.monotonic() - state["t0"] > 1.0 and done < total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
            state["bar"] = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                    TextColumn("eta"), TimeRemainingColumn(),
                                    console=Console(stderr=True, no_color=not color), transient=True)
            state["bar"].start()
            # counted from here: the speed (and the estimate) from what is done while it shows
            state["task"] = state["bar"].add_task(what, total=total, completed=done)
        if state["bar"] is not None:
            state["bar"].update(state["task"], completed=done)

    def stop():
        if state["bar"] is not None:
            state["bar"].stop()

    return update, stop


def _emit(text: str, output: str | None):
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise InputError(f"cannot write {output}: {exc.strerror}") from None
    else:
        sys.stdout.write(text)


def _check(args) -> int:
    from checks.io import report
    rep, broken = catalog_report(args)
    color = args.format == "table" and _color(args)
    _emit(report.get(args.format).render(rep, color=color), args.output)
    for b in broken:
        sys.stderr.write(f"derivcheck: error: derivation module {b.module} could not be loaded: {b.message}\n")
    return rep.exit_code(strict=args.strict)


def catalog_report(args, progress: bool = True):
    """(Report, broken modules) of ``check`` for ``args`` (targets, tag, seed, timeout, jobs,
    no_cache); the Python API's ``check`` calls it too (``progress``: a bar on a terminal)."""
    from checks import __version__
    from checks.model import catalog
    from checks.run import snapshot
    from checks.model.verdict import Report
    t0 = time.perf_counter()
    pkg = catalog.package_dir()
    cached = None if args.no_cache else snapshot.load_all(pkg, args.seed)
    if cached is not None:  # the whole catalog is unchanged: nothing to import
        results = catalog.select(cached, args.targets, args.tag)
        broken = []
    else:
        results, broken = _run_catalog(args, pkg, progress)
    if _everything(args):
        results = results + _catalog_documents(args, pkg)
    return Report(results, seed=args.seed, seconds=time.perf_counter() - t0, version=__version__), broken


def _catalog_documents(args, pkg) -> list:
    """Results of the annotated documents in the catalog folder (``checks.io.audit.catalogued``)."""
    from checks.io.audit import catalogued
    paths = catalogued.documents(pkg)
    if not paths:
        return []
    from checks.io.audit.parse.load import DocumentError, load
    from checks.io.audit.run import audit_documents
    try:
        docs = [load(str(p)) for p in paths]
    except DocumentError as exc:
        raise InputError(str(exc)) from None
    rep = audit_documents(docs, seed=args.seed, timeout=args.timeout, jobs=args.jobs, cache=not args.no_cache)
    return catalogued.as_results(rep)


def _run_catalog(args, pkg, progress=True):
    """Results of the catalog's claims (and one error per module that failed to load),
    computed in a host process that imports the catalog (``checks.run.host``); this
    process never imports a derivation module, nor SymPy."""
    from checks.model import catalog
    from checks.run import host, snapshot
    from checks.run.results import broken_module_result, results_from_rows
    update, stop = _progress_bar(_color(args, sys.stderr)) if progress else (None, lambda: None)
    choose = None if _everything(args) else (lambda rows: host.select_rows(rows, args.targets, args.tag))
    try:
        # every claim: each module's claims are checked while the next module is imported;
        # a selection needs the whole catalog first (an unknown target is an error)
        out = host.check(catalog.default_package(), select=choose, seed=args.seed, timeout=args.timeout,
                         jobs=args.jobs, cache=not args.no_cache, progress=update)
    finally:
        stop()
    if not args.no_cache:
        for module, rows in out.modules:
            if all(i in out.got for i in host.claim_ids(rows)):
                snapshot.save(module, results_from_rows(rows, out.got), pkg, args.seed)
    results = results_from_rows(out.chosen, out.got)
    return results + [broken_module_result(b) for b in out.broken], out.broken


def _verify(args) -> int:
    import json
    from checks.io.api import verify_read
    from checks.io.reader import read_verify
    # read in a child under the claim's budget; bad input or assumptions: exit 2 before any work
    sides = read_verify(args.claim, args.assume, latex=args.latex, timeout=args.timeout)
    res = verify_read(args.claim, sides, timeout=args.timeout, seed=args.seed)
    if args.format == "json":
        print(json.dumps(res.to_json(), indent=2, ensure_ascii=False))
    elif _color(args):
        _print_colored(str(res), res.status)
    else:
        print(res)
    return {"holds": 0, "wrong": 1, "undecided": 3, "error": 2}.get(res.status, 2)


def _print_colored(text: str, status: str) -> None:
    """``verify``'s lines with the status word in the table's colour for it."""
    from rich.console import Console
    from rich.text import Text
    from checks.io.report.table import STYLE
    out = Text(text)
    out.stylize(STYLE.get(status, ""), 0, len(status))
    Console(force_terminal=True, no_color=False, color_system="standard", highlight=False, emoji=False, markup=False,
            soft_wrap=True).print(out)


def _audit(args) -> int:
    from checks.io.audit.parse.load import DocumentError, load
    try:
        docs = [load(f) for f in args.files]
    except DocumentError as exc:
        raise InputError(str(exc)) from None
    from checks.io.audit.run import audit_documents
    from checks.io import report
    update, stop = _progress_bar(_color(args, sys.stderr), "checking steps")
    try:
        rep = audit_documents(docs, inline=args.inline, seed=args.seed, timeout=args.timeout, jobs=args.jobs,
                              cache=not args.no_cache, progress=update)
    finally:
        stop()
    color = args.format == "table" and _color(args)
    _emit(report.get_audit(args.format).render(rep, color=color), args.output)
    return rep.exit_code(strict=args.strict)
