"""The catalog: derivation modules discovered in ``derivations/``.

A derivation module is a marked copy of one solution document. It defines

    DOCUMENT = Document(file="004_e3c0a87ac45004d2.txt", id="004",
                        title="...", questions=("Q1.1", "Q1.2", ...))
    CLAIMS = [Identity(...), Chain(...), ...]

``module_names()`` lists the modules without importing any. ``Binder`` binds each
module's claims to its document (claim ids become ``004/<local id>``) and keeps
ids unique: a module that reuses another's document or claim id is the one at
fault and is named with the other, whose claims stay. A module ``docNNN_*.py``
owns document id ``NNN`` by its file name, so a newcomer that declares ``NNN``
is blamed whatever the order of the names. ``load()`` imports and binds every
module in this process (a module that fails becomes one ``error`` entry naming
it); the CLI instead imports them in a host process (``checks.run.host``), so that a
module that hangs, exits, prints or exhausts memory costs only itself.
``select()`` resolves CLI targets.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PACKAGE = "derivations"


@dataclass(frozen=True)
class Document:
    file: str
    id: str
    title: str = ""
    questions: tuple = ()


@dataclass
class BrokenModule:
    """A derivation module that could not be imported or bound."""
    module: str
    message: str


@dataclass
class Catalog:
    documents: list = field(default_factory=list)   # [(Document, [Claim])]
    broken: list = field(default_factory=list)      # [BrokenModule]
    modules: list = field(default_factory=list)     # module name of each document

    def claims(self) -> list:
        return [c for _, cs in self.documents for c in cs]


class TargetError(ValueError):
    pass


class CatalogError(ValueError):
    """The catalog package itself cannot be found (bad $DERIVCHECK_CATALOG)."""


class BindError(ValueError):
    """A module's DOCUMENT or CLAIMS cannot be bound (wrong type, an id already taken)."""


_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def default_package() -> str:
    """The catalog package: ``derivations``, or $DERIVCHECK_CATALOG (another importable package)."""
    name = os.environ.get("DERIVCHECK_CATALOG", DEFAULT_PACKAGE)
    if not _PACKAGE_NAME.fullmatch(name.strip()):
        raise CatalogError(f"DERIVCHECK_CATALOG={name!r} is not a package name "
                           f"(unset it for the default {DEFAULT_PACKAGE!r})")
    return name.strip()


def package_dir(package: str | None = None) -> Path:
    """The catalog's folder, found without running any of its code (not even the
    package's ``__init__``: only the top-level name is looked up on sys.path)."""
    package = package or default_package()
    top, *rest = package.split(".")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        spec = None
    where = list(spec.submodule_search_locations or []) if spec is not None else []
    path = Path(where[0]).joinpath(*rest) if where else None
    if path is None or not path.is_dir():
        raise CatalogError(f"catalog package {package!r} not found: no package of that name on the "
                           f"Python path (set DERIVCHECK_CATALOG to an importable package, "
                           f"default {DEFAULT_PACKAGE!r})")
    return path


def module_names(package: str | None = None, path: str | None = None) -> list:
    """Dotted names of the derivation modules, in the order they are checked, without
    importing any (``_``-prefixed modules are helpers, not documents)."""
    package = package or default_package()
    search = [str(path or package_dir(package))]
    return [f"{package}.{m.name}" for m in sorted(pkgutil.iter_modules(search), key=lambda m: m.name)
            if not m.name.startswith("_")]


def _owned_id(module: str) -> str | None:
    """The document id a module's file name claims: ``doc003_leuphana`` -> ``003``."""
    m = re.match(r"doc([0-9A-Za-z]+)_", module.rsplit(".", 1)[-1])
    return m.group(1) if m else None


class Binder:
    """Binds modules' claims to their documents, one module at a time, keeping
    document and claim ids unique across modules. Nothing of a module that fails to
    bind is kept, so the module it collided with is not blamed for its ids."""

    def __init__(self, names=()):
        self.owner_by_name = {}   # document id -> the module whose file name claims it
        for name in names:
            doc_id = _owned_id(name)
            if doc_id is not None:
                self.owner_by_name.setdefault(doc_id, name)
        self.documents = {}       # document id -> module bound with it
        self.claim_ids = {}       # claim id -> module

    def bind(self, name: str, mod) -> tuple:
        """(Document, [bound Claim]) of an imported module, or BindError."""
        from checks.model.claims import Claim, flatten  # SymPy: only when modules are really imported
        doc = getattr(mod, "DOCUMENT", None)
        if not isinstance(doc, Document):
            raise BindError(f"DOCUMENT is {type(doc).__name__}, not a checks.model.catalog.Document")
        other = self.documents.get(doc.id) or self.owner_by_name.get(doc.id, name)
        if other != name:
            raise BindError(f"declares document id {doc.id!r}, which is {other}'s (checked as usual); "
                            f"this module is not checked until one of the two DOCUMENT ids changes")
        if not hasattr(mod, "CLAIMS"):
            raise BindError("the module defines no CLAIMS")
        bound, ids = [], {}
        for c in flatten(mod.CLAIMS):
            if not isinstance(c, Claim):
                raise BindError(f"CLAIMS holds {type(c).__name__}, not a Claim")
            c = c.placed(doc.file, doc.id)
            for cid in [c.id] + ([c.correction.id] if c.correction is not None else []):
                if cid in ids or cid in self.claim_ids:
                    raise BindError(f"claim id {cid!r} is used twice (also in "
                                    f"{self.claim_ids.get(cid, name)})")
                ids[cid] = name
            bound.append(c)
        self.documents[doc.id] = name
        self.claim_ids.update(ids)
        return doc, bound


def describe(exc: BaseException) -> str:
    """One line for an exception raised while importing or binding a module."""
    if isinstance(exc, BindError):
        return str(exc)
    if isinstance(exc, SystemExit):
        return f"import called sys.exit({exc.code!r})"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {first}"


def load(package: str | None = None, path: str | None = None, on_document=None) -> Catalog:
    """Import every derivation module of the catalog package in this process. ``on_document(claims)``
    is called as each module is bound, so checking can start before the last import."""
    package = package or default_package()
    names = module_names(package, path)
    binder, cat = Binder(names), Catalog()
    importlib.import_module(package)
    for name in names:
        try:
            doc, bound = binder.bind(name, importlib.import_module(name))
        except (Exception, SystemExit) as exc:  # a broken module is reported by name, never raised
            cat.broken.append(BrokenModule(name, describe(exc)))
            continue
        cat.documents.append((doc, bound))
        cat.modules.append(name)
        if on_document:
            on_document(bound)
    return cat


def _norm(s: str) -> str:
    return s.strip().lower()


def select(cat, targets=(), tags=()) -> list:
    """Claims matching any target (claim id, exercise id, document id or file,
    or a location label) and every tag. No target or 'all' means everything.
    ``cat`` is a Catalog or a list of objects with id/exercise/document/location/tags."""
    claims = cat.claims() if isinstance(cat, Catalog) else list(cat)
    targets = [t for t in targets if _norm(t) != "all"]
    if targets:
        chosen = []
        for t in targets:
            key = _norm(t)
            hit = [c for c in claims if key in (_norm(c.id), _norm(c.exercise), _norm(c.document),
                                                  _norm(c.document).rsplit(".", 1)[0],
                                                  _norm(c.id.split("/", 1)[0]))]
            if not hit:
                hit = [c for c in claims if _norm(c.location) == key
                       or _norm(c.exercise).split(":", 1)[-1] == key]
            if not hit:
                known = sorted({c.id.split("/", 1)[0] for c in claims})
                raise TargetError(f"unknown target {t!r}: not a document ({', '.join(known)}), "
                                  f"exercise (e.g. '004:Q4.3') or claim id (see 'list')")
            chosen += [c for c in hit if c not in chosen]
        claims = chosen
    for tag in tags:
        claims = [c for c in claims if tag in c.tags]
        if not claims:
            raise TargetError(f"no claim has tag {tag!r}")
    return claims
