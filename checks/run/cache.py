"""A verdict cache on disk, keyed by claim content, engine version and seed.

Only settled verdicts (holds, wrong, unchecked) are stored: an ``undecided``
or ``error`` may change with more time or a fix, so it is always recomputed.
The engine version is a hash of the engine's own source files, so any change
to the engine invalidates every entry, and a change to one claim's
mathematics (its fingerprint) invalidates only that claim.

Where the cache lives: ``$DERIVCHECK_CACHE`` if it is set and not empty,
otherwise ``./.derivcheck-cache`` in the working directory (like pytest's
``.pytest_cache``: the cache belongs to the catalog being checked, and a
checkout's cache goes away with the checkout). ``XDG_CACHE_HOME`` is not used
on purpose; set ``DERIVCHECK_CACHE=$XDG_CACHE_HOME/derivcheck`` to share one
cache between checkouts (keys include every source they depend on, so sharing
is safe).

What is read is never trusted. Every file (a pack of verdicts here, a module
snapshot in ``snapshot``) is JSON carrying its own key and a SHA-256 digest of
its key and content; a file whose JSON, shape, field types, key or digest is
off is a miss (recomputed and rewritten), never an error. The digest detects a
truncated, corrupted, hand-edited or stale file; it does not stop a deliberate
forger, who can recompute it (anyone who can write the cache folder can as well
edit the catalog). What matters is that an entry is only ever used for exactly
the sources, engine version and seed it was made from: they are in its key.

Writes go through ``atomic_write``: a temporary file in the target's folder,
renamed over the target, removed on any failure. A failed write (full disk,
read-only folder) never fails a run; after the first one the run stops trying.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import time
from functools import lru_cache
from pathlib import Path

from checks.model.sources import tree_hash  # noqa: F401  snapshot keys use it too
from checks.model.verdict import STATUSES, STRENGTHS

# Every module of the engine package counts, in every sub-package (a list of names went
# stale once, and a flat glob would miss the sub-packages); hashing a file too many costs
# a needless recheck, hashing one too few a stale verdict.
ENGINE_ROOT = Path(__file__).resolve().parents[1]
SETTLED = ("holds", "wrong", "unchecked")


# Libraries whose upgrades can change verdicts: (import name, distribution name).
LIBRARIES = (("sympy", "sympy"), ("flint", "python-flint"))


def _library_versions() -> list:
    """``name-version`` of each library, read from the names of the ``.dist-info``
    folders beside it: importing ``importlib.metadata`` would be most of what a
    cached run that reads only snapshots does. Falls back to it when not found."""
    import importlib.util
    out = []
    for module, dist in LIBRARIES:
        spec = importlib.util.find_spec(module)
        stem = dist.replace("-", "_").lower() + "-"
        found = None
        if spec is not None and spec.origin:
            site = os.path.dirname(os.path.dirname(spec.origin))
            try:
                found = sorted(n for n in os.listdir(site)
                               if n.lower().startswith(stem) and n.endswith(".dist-info"))
            except OSError:
                pass
        if found:
            out.extend(found)
        else:
            from importlib.metadata import PackageNotFoundError, version
            try:
                out.append(f"{dist}={version(dist)}")
            except PackageNotFoundError:
                pass
    return out


@lru_cache(maxsize=1)
def engine_version() -> str:
    h = hashlib.sha256()
    for name in _library_versions():
        h.update(name.encode() + b"\0")
    files = sorted(p for p in ENGINE_ROOT.rglob("*.py") if "__pycache__" not in p.parts)
    for path in files:
        h.update(path.relative_to(ENGINE_ROOT).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def default_dir() -> Path:
    """$DERIVCHECK_CACHE, or ./.derivcheck-cache when it is unset or empty."""
    return Path(os.environ.get("DERIVCHECK_CACHE") or ".derivcheck-cache")


def digest(key: str, content) -> str:
    """SHA-256 of a key and the canonical JSON of ``content``."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(f"{key}\n{text}".encode()).hexdigest()


def sealed(fmt: str, key: str, content) -> str:
    """The JSON text of an entry: its format, key, content and their digest."""
    return json.dumps({"format": fmt, "key": key, "digest": digest(key, content), "content": content},
                      allow_nan=False)


def unseal(text: str, fmt: str, key: str):
    """The content of an entry written by ``sealed`` for this key; None if anything is off."""
    try:
        data = json.loads(text)
        if not (isinstance(data, dict) and set(data) == {"format", "key", "digest", "content"}
                and data["format"] == fmt and data["key"] == key):
            return None
        return data["content"] if data["digest"] == digest(key, data["content"]) else None
    except Exception:   # bad JSON, NaN, nesting past the recursion limit: all a miss
        return None


_tmp_names = itertools.count()


def atomic_write(path, text: str) -> bool:
    """Write ``text`` to ``path`` through a temporary file renamed over it, so a reader
    never sees half a file. True on success; on any failure the temporary file is
    removed and False is returned (an interrupt still propagates, after the cleanup).
    The temporary name is the process id and a counter, opened exclusively (cheaper
    than ``tempfile``, which costs as much as the rest of a small write)."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    tmp = None
    try:
        for attempt in range(2):
            candidate = os.path.join(folder, f".{name}.{os.getpid()}.{next(_tmp_names)}.tmp")
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileNotFoundError:
                if attempt:
                    raise
                os.makedirs(folder, exist_ok=True)   # only the first write into a folder
                continue
            tmp = candidate
            break
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
        return True
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if not isinstance(exc, Exception):
            raise
        return False


def _opt(value, kind) -> bool:
    return value is None or isinstance(value, kind)


def _json_scalar_tree(value, depth=0) -> bool:
    """Plain JSON data (what a counterexample or a step holds), not absurdly deep."""
    if depth > 20:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_scalar_tree(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):   # a tuple is written as a list
        return all(_json_scalar_tree(v, depth + 1) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def valid_verdict(d) -> bool:
    """True if ``d`` is a verdict dict as ``Verdict.to_dict`` writes it: every field
    present with its type, a known status, and a strength exactly when it holds."""
    fields = {"status", "strength", "method", "seconds", "counterexample", "residual", "correct",
              "steps", "detail"}
    if not (isinstance(d, dict) and set(d) == fields):
        return False
    seconds = d["seconds"]
    return (d["status"] in STATUSES
            and (d["strength"] in STRENGTHS if d["status"] == "holds" else d["strength"] is None)
            and isinstance(d["method"], str) and isinstance(d["detail"], str)
            and isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
            and math.isfinite(seconds) and seconds >= 0
            and _opt(d["counterexample"], dict) and _json_scalar_tree(d["counterexample"])
            and _opt(d["residual"], str) and _opt(d["correct"], str)
            and isinstance(d["steps"], (list, tuple)) and _json_scalar_tree(d["steps"]))


class VerdictCache:
    """Settled verdicts by claim key, kept in pack files ``claims/pack-*.json``.

    A run reads every pack once (at its first lookup), stores its new verdicts in
    memory and writes them at ``flush`` (``runner.Pool.finish``) as one new pack
    holding everything it read plus what it added, then removes the packs it read.
    One file per run instead of one per claim: on a first run the file creations
    were most of what the cache cost. A pack is sealed as a whole; a pack that is
    off in any way is ignored (its claims are misses) and removed at the next flush.
    Two runs at once each write their own pack; the next run reads both."""

    def __init__(self, directory: Path | None = None):
        self.dir = Path(directory or default_dir())
        self.hits = 0
        self.misses = 0
        self.writable = True
        self._index = None    # key -> verdict, from the packs read
        self._read = []       # the pack files read (valid or not): replaced at flush
        self._new = {}        # key -> verdict, settled in this run

    def key(self, fingerprint: str, seed: int) -> str:
        """The engine version, visibly (``flush`` drops entries of other versions: every
        change to the engine makes all of them stale), then claim content and seed."""
        digest = hashlib.sha256(f"{fingerprint}:{engine_version()}:{seed}".encode()).hexdigest()[:40]
        return f"{engine_version()}-{digest}"

    def _folder(self) -> str:
        return os.path.join(self.dir, "claims")

    def _load(self) -> dict:
        if self._index is None:
            self._index = {}
            try:
                names = sorted(n for n in os.listdir(self._folder())
                               if n.startswith("pack-") and n.endswith(".json"))
            except OSError:
                names = []
            for name in names:
                path = os.path.join(self._folder(), name)
                self._read.append(path)
                self._index.update(_read_pack(path))
        return self._index

    def holds_entries(self) -> bool:
        """Whether any verdict could be found here. A first run (no pack yet) has nothing
        to look up, so the pool keys its claims only as verdicts come in, while the
        workers compute, instead of before they start."""
        return bool(self._load()) or bool(self._new)

    def note_miss(self) -> None:
        """A claim not looked up because nothing could be found (a first run)."""
        self.misses += 1

    def get(self, key: str) -> dict | None:
        """The settled verdict stored for ``key``, or None (absent or not trustworthy)."""
        verdict = self._new.get(key) or self._load().get(key)
        if verdict is None:
            self.misses += 1
            return None
        self.hits += 1
        return verdict

    def put(self, key: str, verdict: dict) -> None:
        if verdict.get("status") in SETTLED and valid_verdict(verdict):
            self._new[key] = verdict

    def flush(self) -> None:
        """Write this run's verdicts (with those read) as one pack; a failure is ignored."""
        if not self._new or not self.writable:
            return
        current = engine_version() + "-"
        merged = {k: v for k, v in {**self._load(), **self._new}.items() if k.startswith(current)}
        name = f"pack-{time.time_ns():020d}-{os.getpid()}.json"
        try:
            text = sealed(PACK_FORMAT, PACK_KEY, merged)
        except ValueError:   # a NaN somewhere: nothing is worth a failed run
            return
        if not atomic_write(os.path.join(self._folder(), name), text):
            self.writable = False   # a full disk or read-only folder: stop trying this run
            return
        for path in self._read:
            try:
                os.unlink(path)
            except OSError:
                pass   # another run removed it first
        self._index, self._read, self._new = merged, [os.path.join(self._folder(), name)], {}


PACK_FORMAT = "derivcheck-verdicts/2"
PACK_KEY = "claims"


def _read_pack(path: str) -> dict:
    """The valid entries of one pack; {} if the pack is unreadable, altered or malformed."""
    try:
        with open(path, encoding="utf-8") as fh:
            content = unseal(fh.read(), PACK_FORMAT, PACK_KEY)
    except (OSError, ValueError):
        return {}
    if not isinstance(content, dict):
        return {}
    return {k: v for k, v in content.items()
            if isinstance(k, str) and valid_verdict(v) and v["status"] in SETTLED}
