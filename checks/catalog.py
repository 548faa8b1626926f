"""The catalog: derivation modules discovered in ``derivations/``.

A derivation module is a marked copy of one solution document. It defines

    DOCUMENT = Document(file="004_e3c0a87ac45004d2.txt", id="004",
                        title="...", questions=("Q1.1", "Q1.2", ...))
    CLAIMS = [Identity(...), Chain(...), ...]

``load()`` imports every module (a module that fails to import becomes one
``error`` entry naming it; the others still load), binds each claim to its
document (claim ids become ``004/<local id>``) and checks that ids are unique.
``select()`` resolves CLI targets.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path



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


def default_package() -> str:
    """The catalog package: ``derivations``, or $DERIVCHECK_CATALOG (another importable package)."""
    return os.environ.get("DERIVCHECK_CATALOG", "derivations")


def load(package: str | None = None, path: str | None = None, on_document=None) -> Catalog:
    """Import every derivation module of the catalog package. ``on_document(claims)``
    is called as each module is bound, so checking can start before the last import."""
    from .claims import Claim, flatten  # SymPy: only when modules are really imported
    package = package or default_package()
    cat = Catalog()
    pkg = importlib.import_module(package)
    search = [path] if path else list(pkg.__path__)
    seen_ids = {}
    for info in sorted(pkgutil.iter_modules(search), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        name = f"{package}.{info.name}"
        try:
            mod = importlib.import_module(name)
            doc = getattr(mod, "DOCUMENT")
            raw = flatten(getattr(mod, "CLAIMS"))
            bound = []
            for c in raw:
                if not isinstance(c, Claim):
                    raise TypeError(f"CLAIMS holds {type(c).__name__}, not a Claim")
                c = c.placed(doc.file, doc.id)
                if c.id in seen_ids:
                    raise ValueError(f"claim id {c.id!r} is used twice (also in {seen_ids[c.id]})")
                seen_ids[c.id] = name
                bound.append(c)
        except Exception as exc:  # a broken module is reported by name, never raised
            first = str(exc).splitlines()[0] if str(exc) else ""
            cat.broken.append(BrokenModule(name, f"{type(exc).__name__}: {first}"))
            continue
        cat.documents.append((doc, bound))
        cat.modules.append(name)
        if on_document:
            on_document(bound)
    return cat


def package_dir(package: str | None = None) -> Path:
    """The catalog's folder, found without importing any derivation module."""
    import importlib.util
    spec = importlib.util.find_spec(package or default_package())
    return Path(list(spec.submodule_search_locations)[0])


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
