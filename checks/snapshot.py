"""Whole-module snapshots: a cached ``check`` of an unchanged catalog imports nothing.

Importing a derivation module builds its SymPy expressions, which costs more
than SymPy's own import. A snapshot stores the results of every claim of one
module, keyed by the module's source, the engine version (``cache``) and the
seed. When every module of the catalog has a snapshot, ``check`` reads them
and never imports SymPy or the modules. When a module changes, its snapshot
misses, the module is imported, and the per-claim cache (keyed by each claim's
content) recomputes exactly the claims that changed.

Only modules whose every claim settled (holds, wrong, unchecked) are written.
This module must stay free of SymPy imports.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .cache import SETTLED, default_dir, engine_version
from .verdict import Result, Verdict


def _modules(package_dir: Path) -> list:
    return sorted(p for p in package_dir.glob("*.py") if not p.name.startswith("_"))


def _key(path: Path, seed: int) -> str:
    h = hashlib.sha256(path.read_bytes())
    for shared in sorted(path.parent.glob("_*.py")):  # helpers every module may import
        h.update(shared.read_bytes())
    h.update(f"{engine_version()}:{seed}".encode())
    return h.hexdigest()[:32]


def _file(path: Path, seed: int, directory: Path | None) -> Path:
    return Path(directory or default_dir()) / "modules" / f"{path.stem}-{_key(path, seed)}.json"


def _to_result(d: dict) -> Result:
    return Result(d["id"], d["exercise"], d["document"], d["location"], d["kind"], d["tags"],
                  d["statement"], d["declared"], Verdict.from_dict(d["verdict"]), d.get("correction"))


def load_all(package_dir: Path, seed: int, directory: Path | None = None) -> list | None:
    """Results of the whole catalog in module order, or None if any module has no snapshot."""
    out = []
    for path in _modules(package_dir):
        try:
            data = json.loads(_file(path, seed, directory).read_text())
        except (OSError, ValueError):
            return None
        out.extend(_to_result(d) for d in data)
    return out


def save(module_name: str, results: list, package_dir: Path, seed: int, directory: Path | None = None):
    path = package_dir / f"{module_name.rsplit('.', 1)[-1]}.py"
    if not path.exists() or not results:
        return
    if any(r.verdict.status not in SETTLED for r in results):
        return
    if any(r.correction and r.correction.get("status") not in SETTLED for r in results):
        return
    rows = [{"id": r.id, "exercise": r.exercise, "document": r.document, "location": r.location,
             "kind": r.kind, "tags": list(r.tags), "statement": r.statement, "declared": r.declared,
             "verdict": r.verdict.to_dict(), "correction": r.correction} for r in results]
    target = _file(path, seed, directory)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(rows))
        tmp.replace(target)
    except OSError:
        pass
