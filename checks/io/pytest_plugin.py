"""The pytest plugin (entry point ``pytest11``, name ``derivcheck``).

``pytest --derivcheck`` adds one test item per catalog claim (every derivation module, and
every step of the annotated documents in the catalog folder) and one per checked step of
each ``*.md`` / ``*.tex`` file named on the command line. An item is named by its id
(``004/q4.3-full``; ``notes.md:12:1``, i.e. FILE:LINE:N) and reads a verdict computed
before collection: the whole session's verdicts come from one run of the engine (the
catalog host and its worker pool, the verdict cache and the module snapshots), never one
process per item. Under xdist (``-n``) the controller computes them once and hands them to
every worker in its ``workerinput``, so the workers collect the same items and only read.

Outcomes: a claim or step as declared passes (a declared erratum found wrong passes); a
wrong one that is not declared, a declared erratum that no longer fails, and a claim the
engine could not build fail, with the evidence as the whole failure text (no traceback);
``undecided`` and ``not_read`` are skipped with the reason, and so are prose claims and
steps a directive skips (nothing was checked: a pass would say something was shown).
Definitions and conditions of a document are not items: they claim nothing, they are the
inputs of the steps after them.

Without ``--derivcheck`` the plugin only adds its options: importing it costs nothing
(no SymPy, no engine module), since it is loaded into every pytest run of an environment
where derivcheck is installed.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

SUFFIXES = (".md", ".markdown", ".tex")   # as checks.io.audit.catalogued.SUFFIXES
PAYLOAD = "derivcheck"                    # the key of the verdicts in an xdist workerinput
PASS, FAIL, SKIP = "passed", "failed", "skipped"


# ---------------------------------------------------------------- options

def _typed(convert, cli_name: str, name: str):
    """One of the CLI's own value checks (checks.io.arguments), under this option's name."""
    import argparse

    def check(text):
        try:
            return convert(text)
        except argparse.ArgumentTypeError as exc:
            raise argparse.ArgumentTypeError(str(exc).replace(cli_name, name, 1)) from None
    check.__name__ = name   # argparse names the type in "invalid ... value"
    return check


def pytest_addoption(parser):
    from checks.io.arguments import _jobs, _seed, _timeout   # argparse, math, re: no engine
    group = parser.getgroup("derivcheck", "derivcheck: check the catalog's claims and documents' steps")
    group.addoption("--derivcheck", action="store_true", default=False,
                    help="collect the derivcheck catalog (derivation modules and annotated documents) "
                         "and the *.md / *.tex files given as arguments: one test per claim or step")
    group.addoption("--derivcheck-timeout", type=_typed(_timeout, "--timeout", "--derivcheck-timeout"),
                    default=30.0, metavar="SECONDS", help="budget per claim or step (default 30)")
    group.addoption("--derivcheck-seed", type=_typed(_seed, "--seed", "--derivcheck-seed"), default=0,
                    metavar="N", help="fixes all sampling (default 0)")
    group.addoption("--derivcheck-jobs", type=_typed(_jobs, "--jobs", "--derivcheck-jobs"), default=None,
                    metavar="N", help="derivcheck's worker processes (default: cores)")
    group.addoption("--derivcheck-catalog", default=None, metavar="PACKAGE",
                    help="the catalog package (default: $DERIVCHECK_CATALOG, else derivations if "
                         "importable); 'none': documents given as arguments only")
    group.addoption("--derivcheck-no-cache", action="store_true", default=False,
                    help="ignore and do not write derivcheck's verdict cache")


def pytest_configure(config):
    if config.getoption("derivcheck"):
        config.pluginmanager.register(DerivcheckSession(config), "derivcheck-session")


# ---------------------------------------------------------------- computing the verdicts

def _catalog_package(config):
    """(package name, folder) of the catalog, or None: ``--derivcheck-catalog none``, or no
    catalog named anywhere and the default one absent (a project that only audits documents).
    A catalog that is named and cannot be found is a usage error."""
    from checks.model import catalog
    named = config.getoption("derivcheck_catalog")
    if named is not None and named.strip().lower() == "none":
        return None
    try:
        name = named.strip() if named is not None else catalog.default_package()
        return name, catalog.package_dir(name)
    except catalog.CatalogError as exc:
        if named is not None or "DERIVCHECK_CATALOG" in os.environ:
            raise pytest.UsageError(f"derivcheck: {exc}") from None
        return None


def catalog_results(package: str, folder: Path, *, seed, timeout, jobs, cache) -> list:
    """The ``Result`` of every claim of the catalog (an error result per module that failed
    to load), as ``check all`` computes them: from the module snapshots when the catalog is
    unchanged, else in a catalog host and its worker pool (this process imports neither a
    derivation module nor SymPy)."""
    from checks.run import host, snapshot
    from checks.run.results import broken_module_result, results_from_rows
    cached = snapshot.load_all(folder, seed) if cache else None
    if cached is not None:
        return cached
    out = host.check(package, seed=seed, timeout=timeout, jobs=jobs, cache=cache)
    if cache:
        for module, rows in out.modules:
            if all(i in out.got for i in host.claim_ids(rows)):
                snapshot.save(module, results_from_rows(rows, out.got), folder, seed)
    return results_from_rows(out.chosen, out.got) + [broken_module_result(b) for b in out.broken]


def audit_steps(named: list, *, seed, timeout, jobs, cache) -> dict:
    """``{name: [step json] or error message}`` for documents given as ``(name, path)``: read,
    planned and checked in one ``audit_documents`` run (one worker pool for all); if the batch
    fails on one document's input, each is audited alone so that the error names its file."""
    from checks.io.audit.parse.load import DocumentError, load
    from checks.io.audit.run import audit_documents
    out, docs = {}, []
    for name, path in named:
        try:
            docs.append(_renamed(load(str(path)), name))
        except DocumentError as exc:
            out[name] = str(exc)

    def run(batch):
        rep = audit_documents(batch, seed=seed, timeout=timeout, jobs=jobs, cache=cache)
        return {d.name: [s.to_json() for s in got.steps] for d, got in zip(batch, rep.documents)}
    try:
        out.update(run(docs) if docs else {})
    except Exception:
        for d in docs:
            try:
                out.update(run([d]))
            except Exception as exc:   # ParseError (a directive, the budget), or an engine failure
                out[d.name] = _one_line(exc)
    return out


def _renamed(doc, name: str):
    from dataclasses import replace
    return replace(doc, name=name)


def _one_line(exc: BaseException) -> str:
    from checks.text.limits import ParseError
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text if isinstance(exc, ParseError) else f"{type(exc).__name__}: {text}"


def _documents_on_command_line(config) -> list:
    """(name, path) of each ``*.md`` / ``*.tex`` file among the arguments; the name is the
    path relative to the rootdir (as in node ids), else as resolved."""
    seen, out = set(), []
    for arg in config.args:
        path = Path(config.invocation_params.dir, str(arg).split("::", 1)[0]).resolve()
        if path.suffix.lower() in SUFFIXES and path.is_file() and path not in seen:
            seen.add(path)
            out.append((_shown(config, path), path))
    return out


def _shown(config, path: Path) -> str:
    try:
        return path.relative_to(config.rootpath).as_posix()
    except ValueError:
        return str(path)


@contextlib.contextmanager
def _catalog_named(package: str):
    """$DERIVCHECK_CATALOG set to the catalog while its host runs (the host and its workers
    are forked now and read it: a cache key tells the catalog's files by it), and restored
    after, so that the session's other tests see the environment they were given."""
    before = os.environ.get("DERIVCHECK_CATALOG")
    os.environ["DERIVCHECK_CATALOG"] = package
    try:
        yield
    finally:
        if before is None:
            del os.environ["DERIVCHECK_CATALOG"]
        else:
            os.environ["DERIVCHECK_CATALOG"] = before


def compute(config) -> dict:
    """Every verdict of the session as plain data (it crosses to xdist workers):
    ``catalog`` (None when there is none) with its claim results and its documents' steps,
    and ``documents``: the command line's documents by absolute path."""
    import time
    t0 = time.perf_counter()
    kw = dict(seed=config.getoption("derivcheck_seed"), timeout=config.getoption("derivcheck_timeout"),
              jobs=config.getoption("derivcheck_jobs"), cache=not config.getoption("derivcheck_no_cache"))
    found = _catalog_package(config)
    given = _documents_on_command_line(config)
    named = list(given)
    cat = None
    if found is not None:
        from checks.io.audit import catalogued
        package, folder = found
        with _catalog_named(package):
            claims = catalog_results(package, folder, **kw)
        cat = {"package": package, "folder": str(folder), "claims": [r.to_json() for r in claims],
               "documents": [[p.name, str(p)] for p in catalogued.documents(folder)]}
        named = [(str(p), p) for p in catalogued.documents(folder)] + named
    steps = audit_steps(named, **kw) if named else {}
    if cat is not None:
        cat["documents"] = [[base, steps.get(full, [])] for base, full in cat["documents"]]
    documents = {str(path): steps.get(name, []) for name, path in given}
    return {"catalog": cat, "documents": documents, "seed": kw["seed"],
            "seconds": round(time.perf_counter() - t0, 3)}


# ---------------------------------------------------------------- outcomes

def claim_outcome(r) -> tuple:
    """(passed | failed | skipped, text) for a catalog claim's ``Result``."""
    v = r.verdict
    if v.status == "undecided":
        return SKIP, _reason("undecided", v.method, v.detail, declared=r.declared)
    if v.status == "unchecked" and r.declared == "unchecked":
        return SKIP, _reason("prose, not checked", v.detail)
    if r.ok:
        return PASS, ""
    return FAIL, claim_failure(r)


def step_outcome(s) -> tuple:
    """(passed | failed | skipped, text) for an audited ``StepResult``; None for a
    definition or a condition (not an item)."""
    if s.status in ("definition", "condition"):
        return None
    if s.status in ("undecided", "not_read", "skipped"):
        label = {"not_read": "not read", "skipped": "skip directive"}.get(s.status, s.status)
        return SKIP, _reason(label, s.method if s.status == "undecided" else "", s.reason or "", s.detail,
                             declared="erratum" if s.declared == "wrong" else None)
    if s.ok:
        return PASS, ""
    return FAIL, step_failure(s)


def _reason(status: str, *bits, declared=None) -> str:
    text = status + ": " + "; ".join(b for b in bits if b) if any(bits) else status
    return text + (" (declared erratum)" if declared == "erratum" else "")


def claim_failure(r) -> str:
    """The failure text of a claim: a first line that says what is off and the statement
    (pytest's short summary shows it), then where, the verdict against the declaration and
    the certified evidence (counterexample, residual, correct value, first broken step)."""
    from checks.io.report import counterexample_text, evidence
    v = r.verdict
    short, long = _mismatch(r)
    how = ", ".join(x for x in (v.strength, v.method) if x)
    lines = [f"{short}: {r.statement}",
             f"where:     {r.location} of {r.document} ({r.kind})",
             f"verdict:   {v.status}{f' ({how})' if how else ''}: {long}"]
    ev = evidence(r)
    if ev:
        lines.append(f"evidence:  {ev}")
    for s in v.steps:
        if s.get("status") == "wrong":   # the first broken step of a chain
            where = f"  {counterexample_text(s['counterexample'])}" if s.get("counterexample") else ""
            lines.append(f"step {s.get('index')}:    {s.get('from')} = {s.get('to')}  wrong{where}")
            break
    if r.correction is not None:
        lines.append(f"correction: {r.correction.statement}  -> {r.correction.status}")
    return "\n".join(lines)


def _mismatch(r) -> tuple:
    """(a few words, a sentence) on how the verdict differs from the declaration."""
    v = r.verdict
    if v.status == "error" and r.kind == "module":
        return "module not loaded", "the derivation module could not be loaded"
    if v.status == "error":
        return "error", "the claim could not be built or evaluated"
    if r.declared == "erratum" and v.status == "wrong":
        corr = r.correction.status if r.correction else "missing"
        return "correction does not hold", f"a declared erratum, but its correction is {corr}"
    if r.declared == "erratum":
        return "declared erratum no longer fails", "declared an erratum, but it no longer fails (a stale declaration?)"
    if v.status == "wrong":
        return "wrong, not declared", "not declared (the catalog says it holds)"
    return f"{v.status}, declared {r.declared}", f"declared {r.declared}"


def step_failure(s) -> str:
    """The failure text of a step: what is off and the step as written (the short summary's
    line), where, as read, the evidence."""
    from checks.io.report import audit_text as t
    where = f"lines {s.lines[0]}-{s.lines[1]}" if s.lines[0] != s.lines[1] else f"line {s.line}"
    how = ", ".join(x for x in (s.strength, s.method) if x)
    lines = [f"{t.not_ok_text(s)}: {t.as_written(s)}",
             f"where:      {s.location or 'no label'}, {where}"]
    if s.reading is not None:
        lines.append(f"read as:    {t.reading_text(s)}")
    if how and s.status != "wrong":
        lines.append(f"verdict:    {s.status} ({how})")
    ev = t.evidence(s)
    if ev:
        lines.append(f"evidence:   {ev}")
    if s.declared == "wrong":
        lines.append(f"declared:   {t.declared_text(s)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- collection

class DerivcheckFailure(Exception):
    """A claim or step that is not as declared; its text is the whole failure report."""


class DerivcheckItem(pytest.Item):
    """One claim or step; ``outcome`` was decided from its precomputed verdict."""

    def __init__(self, *, outcome, line=None, keywords_extra=(), **kw):
        super().__init__(**kw)
        self.outcome, self.text = outcome
        self._line = line
        self.extra_keyword_matches.update(k for k in keywords_extra if k)

    def runtest(self):
        if self.outcome == SKIP:
            pytest.skip(self.text)
        if self.outcome == FAIL:
            raise DerivcheckFailure(self.text)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, DerivcheckFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        # a domain that is not the end of the node id, as doctest's: the terminal would read
        # the dots of an id (notes.md:7:2, q4.3) as Python's Class.method
        return self.path, self._line, f"[derivcheck] {self.name}"


def _claim_item(parent, d: dict):
    from checks.model.verdict import Result
    r = Result.from_json(d)
    return DerivcheckItem.from_parent(parent, name=r.id, outcome=claim_outcome(r),
                                      keywords_extra=(r.location, r.kind, *r.tags))


def _step_items(parent, name: str, steps: list, path: Path):
    """The items of one document's steps (definitions and conditions are not items)."""
    from checks.model.audit import StepResult
    for d in steps:
        s = StepResult.from_json(d)
        outcome = step_outcome(s)
        if outcome is None:
            continue
        n = s.id.rsplit(":", 1)[-1]
        yield DerivcheckItem.from_parent(parent, name=f"{name}:{s.line}:{n}", outcome=outcome, path=path,
                                         line=s.line - 1, keywords_extra=(s.location, "step"))


class DocumentFile(pytest.File):
    """A ``*.md`` / ``*.tex`` file named on the command line: one item per checked step."""

    def collect(self):
        got = self.config.pluginmanager.get_plugin("derivcheck-session").payload()["documents"]
        steps = got.get(str(self.path.resolve()))
        if isinstance(steps, str):
            raise DerivcheckFailure(steps)
        yield from _step_items(self, _shown(self.config, self.path.resolve()), steps or [], self.path)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, DerivcheckFailure):
            return f"derivcheck: {excinfo.value}"
        return super().repr_failure(excinfo, style)


class Catalog(pytest.Collector):
    """The catalog: its claims, then the steps of its annotated documents."""

    def __init__(self, *, catalog: dict, **kw):
        super().__init__(**kw)
        self.catalog = catalog

    def collect(self):
        for d in self.catalog["claims"]:
            yield _claim_item(self, d)
        for base, steps in self.catalog["documents"]:
            path = Path(self.catalog["folder"], base)
            if isinstance(steps, str):   # unreadable: one failing item naming the file
                yield DerivcheckItem.from_parent(self, name=base, outcome=(FAIL, steps), path=path, line=0)
            else:
                yield from _step_items(self, base, steps, path)


class DerivcheckSession:
    """The plugin's state for one pytest run with ``--derivcheck``."""

    def __init__(self, config):
        self.config = config
        self._payload = None
        _catalog_package(config)   # a catalog that cannot be found fails now, as a usage error

    def payload(self) -> dict:
        if self._payload is None:
            given = getattr(self.config, "workerinput", {}).get(PAYLOAD)
            self._payload = json.loads(given) if given is not None else compute(self.config)
        return self._payload

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session):
        # before xdist starts its workers (its gateways are threads: the engine forks)
        self.payload()

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node):
        node.workerinput[PAYLOAD] = json.dumps(self.payload())

    def pytest_report_header(self, config):
        p = self.payload()
        cat = p["catalog"]
        where = (f"catalog {cat['package']} ({len(cat['claims'])} claims, {len(cat['documents'])} "
                 f"documents)" if cat else "no catalog")
        return (f"derivcheck: {where}, {len(p['documents'])} given as arguments; seed {p['seed']}; "
                f"verdicts in {p['seconds']} s")

    def pytest_collect_file(self, file_path, parent):
        if file_path.suffix.lower() in SUFFIXES and parent.session.isinitpath(file_path):
            return DocumentFile.from_parent(parent, path=file_path)
        return None

    @pytest.hookimpl(tryfirst=True)   # before -k / -m deselect, so that they apply to these items
    def pytest_collection_modifyitems(self, session, config, items):
        cat = self.payload()["catalog"]
        if cat is None:
            return
        folder = Path(cat["folder"])
        # the folder as a node id (derivations::004/q4.3-full); an installed catalog outside
        # the rootdir by its package name rather than a site-packages path
        shown = _shown(config, folder.resolve())
        name = cat["package"] if Path(shown).is_absolute() else shown
        node = Catalog.from_parent(session, name=name, nodeid=name, path=folder, catalog=cat)
        items.extend(session.genitems(node))   # its collect report counts in "collected N items"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        rep = yield
        if isinstance(item, DerivcheckItem) and rep.skipped and isinstance(rep.longrepr, tuple):
            # the skip is the item's, not this module's line that raised it
            path, line, _ = item.location
            rep.longrepr = (path, None if line is None else line + 1, item.text)
        return rep
