"""Text rows: a catalog's plain identities and chains written one row each, in the
``verify`` grammar, so that a derivation module reads next to its document like a marked copy.

    from checks.text.rows import rows

    CLAIMS = rows("1(a)", '''
        q1a-def    | Phi(v) = 1/(1 + exp(-v))
        q1a-chain  | Phi(-v) = 1/(1 + exp(v)) = exp(-v)/(exp(-v) + 1)
        q3-scale   | a^(1 - n) = 1 | assume: a > 0, n integer | erratum minor | correction: a^(1 - n) = a/a^n
    ''', names={"Phi": sigmoid}, tags=("sigmoid-tanh",))

A row is ``id | relation`` and then, in any order, optional fields separated by ``|``:

    assume: x > 0, t integer      assumptions, as ``verify --assume`` reads them (comma or ';')
    sizes: n = 1..6               an integer size (at least its lower end, here n >= 1), checked
                                  exactly over the range when no proof for all sizes is found
    over: k = 1..5                the instances the row's expressions stand on (strength at most bounded)
    erratum SEVERITY              the row is a known error (major, minor or notation) ...
    correction: RELATION          ... and this relation holds instead (the catalog's own claim)
    supporting                    the catalog's own claim, not the document's (a justification)
    any other text                a note, shown after the statement in brackets

``a = b`` is an identity, ``a = b = c`` a chain (each adjacent step checked). The relation is
the statement, so a reviewer reads what is checked. Every side is built as written (arithmetic
unevaluated), with ``names`` for the document's own notation: a name mapped to a SymPy value
(a positive symbol, a matrix) or to a function (``Phi`` -> sigmoid). Nothing in a row is
executed: it goes through the same allowlist walker as ``verify`` (``checks.text.syntax``).
"""
from __future__ import annotations

import re

from checks.model.claims import Chain, Identity, erratum
from checks.model.verdict import SEVERITIES
from checks.text.limits import ParseError, check_finite, normalise
from checks.text.parse import _assumptions, _declared_integers, _sum_indices, _tree
from checks.text.syntax import _Builder


class RowError(ValueError):
    """A row that cannot be read: names the row and the field."""


_RELATION_SPLIT = re.compile(r"(?<![<>=!])=(?!=)")
_SIZES = re.compile(r"\s*([A-Za-z]\w*)\s*=\s*(\d+)\s*\.\.\s*(\d+)\s*")


def row(cid: str, location: str, text: str, *, assume=(), names=None, tags=(), sizes=None,
        as_written: bool = True, source: str = "stated", note: str = "", over: str = ""):
    """One claim from one relation: ``Identity`` for ``a = b``, ``Chain`` for ``a = b = c``."""
    sides = _RELATION_SPLIT.split(normalise(text))
    if len(sides) < 2 or any(not s.strip() for s in sides):
        raise RowError(f"row {cid!r}: expected a relation 'a = b' or a chain 'a = b = c', got {text.strip()!r}")
    assume = _assumption_list(assume)
    try:
        trees = [_tree(s) for s in sides]
        integers = set().union(*(_sum_indices(t) for t in trees)) | _declared_integers(assume) | set(sizes or ())
        builder = _Builder(integers, names=names, as_written=as_written)
        built = tuple(check_finite(builder.build(t)) for t in trees)
        assumptions = _assumptions(assume, builder)
    except ParseError as exc:
        raise RowError(f"row {cid!r}: {exc}") from None
    sizes = {builder.symbol(k): v for k, v in (sizes or {}).items()} or None
    statement = text.strip() + (f"  [{note}]" if note else "") + (f"  [shown over {over}]" if over else "")
    common = dict(tags=tuple(tags), assume=assumptions, sizes=sizes, source=source, over=over)
    if len(built) == 2:
        return Identity(cid, location, statement, lhs=built[0], rhs=built[1], **common)
    return Chain(cid, location, statement, steps=built, **common)


def _assumption_list(assume) -> list:
    """Assumptions given as one string ('x > 0, t integer'; comma or ';') or as a sequence."""
    items = re.split(r"[;,]", assume) if isinstance(assume, str) else assume
    return [a for a in items if a.strip()]


def rows(location: str, block: str, *, names=None, tags=(), assume=(), as_written: bool = True) -> list:
    """The claims of a block of rows, one per non-empty line, all at ``location``; ``assume``
    and ``names`` apply to every row (a row's own ``assume:`` adds to them)."""
    out = []
    for line in block.strip().splitlines():
        if line.strip():
            out.append(_one(location, line, names, tags, assume, as_written))
    return out


def _one(location, line, names, tags, assume, as_written):
    cid, _, rest = (p.strip() for p in line.partition("|"))
    if not rest or not re.fullmatch(r"[\w.~-]+", cid):
        raise RowError(f"row {line.strip()[:60]!r}: expected 'id | relation | ...'")
    relation, *fields = (p.strip() for p in rest.split("|"))
    opts = {"assume": _assumption_list(assume), "notes": []}
    for f in fields:
        if not f:
            raise RowError(f"row {cid!r}: an empty field between two '|' (a note may not contain '|')")
        _field(cid, f, opts)
    kw = dict(names=names, tags=tags, as_written=as_written, assume=opts["assume"], sizes=opts.get("sizes"),
              over=opts.get("over", ""))
    claim = row(cid, location, relation, note="; ".join(opts["notes"]),
                source="supporting" if opts.get("supporting") else "stated", **kw)
    if "severity" not in opts:
        if "correction" in opts:
            raise RowError(f"row {cid!r}: a correction needs 'erratum major|minor|notation' before it")
        return claim
    if "correction" not in opts:
        raise RowError(f"row {cid!r}: 'erratum {opts['severity']}' needs a 'correction: a = b' field")
    fixed = row(f"{cid}~correction", location, opts["correction"], source="supporting", **kw)
    return erratum(claim, fixed, severity=opts["severity"])


def _field(cid, f, opts):
    key, colon, value = f.partition(":")
    key = key.strip().lower()
    if colon and key == "assume":
        opts["assume"] += _assumption_list(value)
    elif colon and key == "correction":
        opts["correction"] = value.strip()
    elif colon and key == "over":
        opts["over"] = value.strip()
    elif colon and key == "sizes":
        m = _SIZES.fullmatch(value)
        if not m or int(m.group(2)) > int(m.group(3)):
            raise RowError(f"row {cid!r}: sizes must read like 'n = 1..6', got {value.strip()!r}")
        opts["sizes"] = {m.group(1): range(int(m.group(2)), int(m.group(3)) + 1)}
    elif key.startswith("erratum"):
        severity = key[len("erratum"):].strip()
        if severity not in SEVERITIES:
            raise RowError(f"row {cid!r}: 'erratum {severity}' must name a severity, one of {SEVERITIES}")
        opts["severity"] = severity
    elif key == "supporting" and not colon:
        opts["supporting"] = True
    else:
        opts["notes"].append(f.strip())
