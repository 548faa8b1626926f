"""Loading a document for the audit: one file (or standard input) in, its text and kind out.

Everything that makes a file unreadable is a ``DocumentError`` whose message is one line
naming the file and the value that failed (the CLI prints it and exits 2). The read is
bounded: at most ``limit + 1`` bytes are ever read, so a huge file, ``/dev/zero`` or an
endless pipe cannot exhaust memory, and only regular files are opened (a FIFO would block).
"""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass

KINDS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown", ".tex": "latex"}
MAX_BYTES = 2 * 1024 * 1024      # solution sets are tens of kB; 2 MiB leaves a wide margin
STDIN = "<stdin>"
_BOM = b"\xef\xbb\xbf"


class DocumentError(ValueError):
    """A document that cannot be audited; ``str(error)`` is one line."""


@dataclass(frozen=True)
class Document:
    name: str        # the path as given, or "<stdin>"
    text: str        # decoded, line ends normalised to "\n"
    kind: str        # "markdown" | "latex"


def kind_of(path: str) -> str:
    """The kind of a document from its extension (case-insensitive)."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in KINDS:
        what = f"extension {ext!r}" if ext else "no extension"
        raise DocumentError(f"{shown(path)}: {what}; accepted: {', '.join(KINDS)} "
                            f"(or - for standard input)")
    return KINDS[ext]


def load(path, *, limit: int = MAX_BYTES, stdin=None) -> Document:
    """Read ``path`` (``"-"``: standard input, Markdown; ``stdin`` a binary stream to read
    instead of ``sys.stdin.buffer``) as a document for the audit."""
    path = os.fsdecode(os.fspath(path))
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return Document(STDIN, decode(STDIN, _read_bounded(STDIN, stream, limit), limit), "markdown")
    name = shown(path)
    info = _stat(path, name)
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(f"{name}: is a directory, not a document")
    kind = kind_of(path)
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(f"{name}: not a regular file (a device, pipe or socket)")
    if info.st_size > limit:
        raise DocumentError(_too_large(name, info.st_size, limit))
    try:
        with open(path, "rb") as f:
            data = _read_bounded(name, f, limit)
    except OSError as e:
        raise DocumentError(_os_message(name, e)) from None
    return Document(path, decode(name, data, limit), kind)


def decode(name: str, data: bytes, limit: int = MAX_BYTES) -> str:
    """The text of ``data``: bounded, free of NUL bytes, strict UTF-8 (a leading BOM dropped),
    with CRLF and lone CR line ends made "\\n" so that line numbers match an editor's."""
    if len(data) > limit:
        raise DocumentError(_too_large(name, len(data), limit, at_least=True))
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DocumentError(f"{name}: binary data (NUL byte at offset {nul}), not a text document")
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        offset = skip + e.start
        raise DocumentError(f"{name} is not UTF-8 (byte 0x{data[offset]:02x} at offset {offset})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bounded(name: str, stream, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: one more than allowed is enough to know it is too much."""
    chunks, size = [], 0
    try:
        while size <= limit:
            chunk = stream.read(min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise DocumentError(_os_message(name, e)) from None
    return b"".join(chunks)


def _stat(path: str, name: str):
    try:
        return os.stat(path)
    except OSError as e:
        raise DocumentError(_os_message(name, e)) from None
    except ValueError:             # a NUL character in the path
        raise DocumentError(f"{name}: not a valid path (it contains a NUL character)") from None


def _os_message(name: str, e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return f"{name}: no such file"
    if isinstance(e, PermissionError):
        return f"{name}: permission denied"
    if isinstance(e, IsADirectoryError):
        return f"{name}: is a directory, not a document"
    return f"{name}: cannot be read ({e.strerror or e})"


def _too_large(name: str, size: int, limit: int, at_least: bool = False) -> str:
    if at_least:          # a stream: reading stopped one byte past the limit
        return f"{name}: over the limit of {limit:,} bytes"
    return f"{name}: {size:,} bytes, over the limit of {limit:,} bytes"


def shown(path: str) -> str:
    """The path as the messages show it: quoted when it holds a line break or another
    control character, so that every message stays one line."""
    return repr(path) if any(not c.isprintable() for c in path) else path
