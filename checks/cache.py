"""A verdict cache on disk, keyed by claim content, engine version and seed.

Only settled verdicts (holds, wrong, unchecked) are stored: an ``undecided``
or ``error`` may change with more time or a fix, so it is always recomputed.
The engine version is a hash of the engine's own source files, so any change
to the engine invalidates every entry, and a change to one claim's
mathematics (its fingerprint) invalidates only that claim.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

# Every module of the engine package counts (a list of names went stale once:
# regions.py was missing from it). Only the reporters are left out; hashing a
# file too many costs a needless recheck, hashing one too few a stale verdict.
ENGINE_GLOB = "*.py"
SETTLED = ("holds", "wrong", "unchecked")


@lru_cache(maxsize=1)
def engine_version() -> str:
    h = hashlib.sha256()
    from importlib.metadata import PackageNotFoundError, version
    for dist in ("sympy", "python-flint"):  # their upgrades can change verdicts too
        try:
            h.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            pass
    here = Path(__file__).parent
    for path in sorted(here.glob(ENGINE_GLOB)):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def default_dir() -> Path:
    return Path(os.environ.get("DERIVCHECK_CACHE", ".derivcheck-cache"))


class VerdictCache:
    def __init__(self, directory: Path | None = None):
        self.dir = Path(directory or default_dir())
        self.hits = 0
        self.misses = 0

    def key(self, fingerprint: str, seed: int) -> str:
        return hashlib.sha256(f"{fingerprint}:{engine_version()}:{seed}".encode()).hexdigest()[:40]

    def get(self, key: str) -> dict | None:
        path = self.dir / key[:2] / f"{key}.json"
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, verdict: dict) -> None:
        if verdict.get("status") not in SETTLED:
            return
        path = self.dir / key[:2] / f"{key}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(verdict))
            tmp.replace(path)  # atomic: parallel runs never read half a file
        except OSError:
            pass  # a read-only disk costs speed, not correctness
