"""Whole-module snapshots: a cached ``check`` of an unchanged catalog imports nothing.

Importing a derivation module builds its SymPy expressions, which costs more
than SymPy's own import. A snapshot stores the results of every claim of one
module. When every module of the catalog has a valid snapshot, ``check`` reads
them and never imports SymPy or the modules. Otherwise every module is
imported and the per-claim cache (keyed by each claim's content) recomputes
exactly the claims that changed.

A snapshot's key is the hash of every .py file of the catalog package's
directory tree (``cache.tree_hash``: a module may import any of them, helpers
under ``_lib/`` included), the module's name, the engine version and the seed.
So a snapshot is only ever used for exactly the sources it was made from: a
change to any file of the catalog misses every snapshot, which costs nothing
more than one miss would, since one miss already means importing the catalog.

What is read is validated: the entry's own key and its SHA-256 digest
(``cache.unseal``: a truncated, corrupted, stale or hand-edited file is
rejected), then the shape and type of every field of every row, and ids unique
across the catalog. Anything off is a miss: the catalog is checked again and
the snapshot rewritten, never an error and never trusted. The digest sits next
to the data, so it stops accident and staleness, not a forger who recomputes
it. Only modules whose every claim settled (holds, wrong, unchecked) are written.

This module must stay free of SymPy imports.
"""
from __future__ import annotations

import pkgutil
from pathlib import Path

from checks.model.verdict import SEVERITIES, VERDICT_FIELDS, Result
from checks.run.cache import (SETTLED, STRENGTHS, atomic_write, default_dir, engine_version, sealed, tree_hash,
                    unseal, valid_verdict)

FORMAT = "derivcheck-snapshot/3"   # rows are Result.to_json()
DECLARED = ("holds", "erratum", "unchecked")   # claims.DECLARED, without importing SymPy
TEXT_FIELDS = ("id", "exercise", "document", "location", "kind", "statement")
CORRECTION_FIELDS = {"id": str, "statement": str, "status": str, "method": str}


def _modules(package_dir: Path) -> list:
    """The document modules, as ``catalog.load`` finds them (packages included)."""
    return sorted(m.name for m in pkgutil.iter_modules([str(package_dir)]) if not m.name.startswith("_"))


def _key(package_dir: Path, module: str, seed: int) -> str:
    import hashlib
    text = f"{tree_hash(str(package_dir))}:{module}:{engine_version()}:{seed}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _file(key: str, module: str, seed: int, directory: Path | None) -> Path:
    return Path(directory or default_dir()) / "modules" / f"{module}-s{seed}-{key}.json"


def _valid_correction(c) -> bool:
    return (isinstance(c, dict) and set(c) == set(CORRECTION_FIELDS) | {"strength"}
            and all(isinstance(c[k], t) for k, t in CORRECTION_FIELDS.items())
            and c["status"] in SETTLED
            and (c["strength"] in STRENGTHS if c["status"] == "holds" else c["strength"] is None))


def _valid_row(d) -> bool:
    """A row as ``Result.to_json`` writes it, every field with its type."""
    fields = set(TEXT_FIELDS) | {"tags", "declared", "correction", "ok", "source", "severity"} | set(VERDICT_FIELDS)
    return (isinstance(d, dict) and set(d) == fields
            and d["source"] in ("stated", "supporting") and d["severity"] in (None, *SEVERITIES)
            and all(isinstance(d[k], str) for k in TEXT_FIELDS)
            and isinstance(d["tags"], list) and all(isinstance(t, str) for t in d["tags"])
            and d["declared"] in DECLARED and isinstance(d["ok"], bool)
            and valid_verdict({k: d[k] for k in VERDICT_FIELDS}) and d["status"] in SETTLED
            and (d["correction"] is None or _valid_correction(d["correction"]))
            and (d["declared"] != "erratum" or d["correction"] is not None))


def _load(package_dir: Path, module: str, seed: int, directory: Path | None) -> list | None:
    """The rows of one module's snapshot, or None if it is absent or not trustworthy."""
    key = _key(package_dir, module, seed)
    try:
        text = _file(key, module, seed, directory).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    rows = unseal(text, FORMAT, key)
    if not (isinstance(rows, list) and rows and all(_valid_row(d) for d in rows)):
        return None
    return rows


def load_all(package_dir: Path, seed: int, directory: Path | None = None) -> list | None:
    """Results of the whole catalog in module order, or None if any module has no
    valid snapshot (or two snapshots claim one id)."""
    out, seen = [], set()
    try:
        for module in _modules(package_dir):
            rows = _load(package_dir, module, seed, directory)
            if rows is None:
                return None
            for d in rows:
                if d["id"] in seen:
                    return None
                seen.add(d["id"])
                out.append(Result.from_json(d))
    except Exception:   # whatever the disk holds, a snapshot that cannot be read is a miss
        return None
    return out


def save(module_name: str, results: list, package_dir: Path, seed: int, directory: Path | None = None):
    """Write one module's snapshot if every claim of it settled; a failed write is ignored."""
    module = module_name.rsplit(".", 1)[-1]
    if module not in _modules(package_dir) or not results:
        return
    if any(r.verdict.status not in SETTLED for r in results):
        return
    if any(r.correction and r.correction.status not in SETTLED for r in results):
        return
    rows = [r.to_json() for r in results]
    if not all(_valid_row(d) for d in rows):
        return
    key = _key(package_dir, module, seed)
    try:
        text = sealed(FORMAT, key, rows)
    except ValueError:
        return
    target = _file(key, module, seed, directory)
    if atomic_write(target, text):
        # Snapshots of this module and seed for other sources will never be read again
        # (a module name has no '-', so the prefix is this module's alone).
        for old in target.parent.glob(f"{module}-s{seed}-*.json"):
            if old != target:
                try:
                    old.unlink()
                except OSError:
                    pass
