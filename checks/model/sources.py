"""Hashes of source trees, free of SymPy: a cached run that reads only snapshots uses
them without importing SymPy (``checks.run.snapshot``), and claim fingerprints use them
for the catalog's own helpers (``checks.model.fingerprint``)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def tree_hash(directory: str) -> str:
    """Hash of every .py file under ``directory`` (names and contents, sorted): the
    whole code a module of that package may import, helpers in ``_lib/`` included.
    A change to any of them changes the hash; ``__pycache__`` is left out."""
    root = Path(directory)
    h = hashlib.sha256()
    files = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0unreadable"
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()[:32]
