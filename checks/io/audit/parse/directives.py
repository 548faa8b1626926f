"""Directives: what an author tells the audit in comments of the document itself.

Where they are written:

- ``<!-- derivcheck: D; D -->`` in Markdown / text (an HTML comment, so nothing is rendered);
- ``% derivcheck: D; D`` in a LaTeX file, and in a ``%`` comment inside any display of a
  Markdown file (a LaTeX comment there is not rendered either);
- ``derivcheck-file:`` instead of ``derivcheck:`` applies to the whole file.

Which display a ``derivcheck:`` comment applies to: a comment inside a display applies to
that display; any other applies to the next display after it (prose, inline formulae and
blank lines may lie between; several comments before one display add up). What an author
meant as a directive is never silently lost: a comment with no display after it, a
misspelt tag (``derivcheck-files:``), an unclosed ``<!-- derivcheck:``, a ``%`` directive
in Markdown prose (shown as text there) and an HTML directive comment inside a display
(part of the formula there) are errors, as are two directives that contradict each other
(two labels, ``let f`` with two meanings, ``skip`` with ``expect``).

Directives are separated by ``;`` or by a line break (outside braces; ``\\;`` is LaTeX
spacing, not a separator). Their text is data: it is matched with regular expressions and
never evaluated; the LaTeX of ``assume`` and ``define`` is kept as written for the audit's
reader. A malformed directive raises ``DirectiveError`` with one line that names it and
its line. Everything is bounded (comment and directive length, sizes), and every scan is
linear in the size of the text.

``Directive.args`` by kind:

==========  ===============================================  ==============================
kind        args                                             written
==========  ===============================================  ==============================
assume      ("relation", LATEX), one per name for x, y > 0   ``assume 0 < \\beta < 1``
assume      (PROPERTY, NAME), one record per name            ``assume m, n integer``
define      (NAME, VALUE) for an assumed equality            ``assume \\beta = 0``
let         (NAME, MEANING), one record per name             ``let \\sigma = sigmoid``
index       (LETTER, ...)                                    ``index i j k``
define      (LHS, RHS) as written                            ``define L(p) = \\log p``
sizes       (NAME, LO, HI) with int bounds, one per name     ``sizes n = 1..6``
label       (LABEL,)                                         ``label Q4.3``
skip        (REASON,), "" when none is given                 ``skip: a figure``
expect      (DECLARED, SEVERITY or None, NOTE)               ``expect wrong: minor: sign``
==========  ===============================================  ==============================
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .extract import Display, _Lines, _Scanner, displays as find_displays
from ..reading.labels import labelled
from .load import DocumentError
from ..reading.notation import GREEK

KINDS = ("assume", "let", "index", "define", "sizes", "label", "skip", "expect")
MEANINGS = ("sigmoid", "softmax", "function", "symbol")
# SymPy's own assumption names, so a declaration maps onto a Symbol without translation
PROPERTIES = ("integer", "positive", "negative", "nonnegative", "nonpositive", "nonzero", "real")
SEVERITIES = ("major", "minor", "notation")
DECLARED = ("wrong", "holds")
DISPLAY_ONLY = ("label", "expect")     # these name one display, never the whole file

MAX_SIZES = 64          # sizes in one range: each one is a separate check of the step
MAX_SIZE = 64           # largest size: a 64 x 64 symbolic matrix is already a large check
MAX_DIRECTIVE = 2000    # characters of one directive (a long define fits easily)
MAX_COMMENT = 20000     # characters of one derivcheck comment
MAX_LABEL = 80


class DirectiveError(DocumentError):
    """A malformed directive; ``str(error)`` is one line: ``line N: ...``."""


@dataclass(frozen=True)
class Directive:
    kind: str            # one of KINDS
    args: tuple          # see the module docstring
    line: int            # 1-based line of the directive in the file (for a % comment
                         # inside a display: the line of the row it sits on)
    scope: str           # "file" (derivcheck-file:) or "display"
    text: str            # the directive as written, whitespace collapsed


@dataclass(frozen=True)
class Directives:
    """The directives of a document: ``file`` apply everywhere, ``attached`` maps the
    ``start`` offset of a display (as ``displays(text, kind, inline)`` gives it) to the
    directives written for that display."""
    file: tuple = ()
    attached: Mapping = field(default_factory=dict, hash=False)

    def own(self, display: Display) -> tuple:
        """The directives written for this display only."""
        return self.attached.get(display.start, ())

    def for_display(self, display: Display) -> tuple:
        """The directives in force for this display: the file's, then its own."""
        return self.file + self.own(display)

    def all(self) -> tuple:
        return self.file + tuple(d for ds in self.attached.values() for d in ds)


# --- finding the comments ---------------------------------------------------------------

_TAG = re.compile(r"\s*derivcheck(-file)?:", re.A)
_LOOKS_LIKE_TAG = re.compile(r"\s*(derivcheck(?:[-_ ]?[A-Za-z]+)?\s*:)", re.I | re.A)
_PERCENT = re.compile(r"\\.|%[^\n]*", re.S)


class _Comments(_Scanner):
    """The extraction scanner, so that code (fences, backticks, verbatim) and formulae are
    skipped exactly as the audit skips them, also noting the comments it passes over."""

    def __init__(self, text: str, kind: str):
        super().__init__(text, kind)
        self.percent = []        # (start, end) of top-level % comments of a LaTeX file
        self.unclosed = []       # offsets of <!-- never closed
        self.misplaced = []      # (offset, why) of derivcheck comments that would be lost

    def token(self, m: re.Match) -> int:
        end = super().token(m)
        group = m.lastgroup
        if group == "html" and self.kind == "markdown" and end == m.end():
            self.unclosed.append(m.start())
        elif group == "comment" and self.kind == "latex":
            self.percent.append((m.start(), end))
        elif group == "comment" and _TAG.match(self.text, m.end()):
            self.misplaced.append((m.start(), "a % comment is LaTeX, shown as text in Markdown "
                                              "prose: write <!-- derivcheck: ... --> there"))
        return end


@dataclass(frozen=True)
class _Comment:
    body: str            # the text after the tag
    start: int           # offset of the body in the text
    end: int             # offset just after the comment
    scope: str           # "file" | "display"
    inside: Display | None = None    # the display a % comment lies in


def _tagged(body: str, body_start: int, end: int, lines: _Lines, inside=None):
    """A _Comment when ``body`` starts with a derivcheck tag; None for any other comment;
    an error for a misspelt tag (``derivcheck-files:``, ``DerivCheck:``), whose directives
    would otherwise be silently ignored."""
    m = _TAG.match(body)
    if m is None:
        typo = _LOOKS_LIKE_TAG.match(body)
        if typo:
            raise DirectiveError(f"line {lines.at(body_start + typo.start(1))}: unknown comment tag "
                                 f"{_quote(typo.group(1))} (derivcheck: for the next display, "
                                 f"derivcheck-file: for the whole file)")
        return None
    scope = "file" if m.group(1) else "display"
    return _Comment(body[m.end():], body_start + m.end(), end, scope, inside)


def _comments(text: str, kind: str, found: list, lines: _Lines) -> list:
    scanner = _Comments(text, kind)
    scanner.scan()
    for d in found:
        if kind == "markdown" and not d.inline and "<!--" in d.latex:
            m = re.search(r"<!--\s*derivcheck", d.latex)
            if m:
                scanner.misplaced.append((d.start + m.start(), "an HTML comment inside a display "
                                          "is part of the formula: write % derivcheck: ... there"))
    if scanner.misplaced:
        start, why = min(scanner.misplaced)
        raise DirectiveError(f"line {lines.at(start)}: {why}")
    for start in scanner.unclosed:
        if _TAG.match(text, start + 4) or _LOOKS_LIKE_TAG.match(text, start + 4):
            raise DirectiveError(f"line {lines.at(start)}: derivcheck comment is never closed "
                                 f"(no --> after {_quote(text[start:start + 40])})")
    out = []
    for start, end in scanner.comments:                   # <!-- ... --> of Markdown
        c = _tagged(text[start + 4:end - 3], start + 4, end, lines)
        if c:
            out.append(c)
    for start, end in scanner.percent:                    # % ... of a LaTeX file
        body = text[start:end].lstrip("%")
        c = _tagged(body, end - len(body), end, lines)
        if c:
            out.append(c)
    for d in found:                                       # % ... inside a display
        if d.inline or d.unterminated or "%" not in d.latex:
            continue
        for m in _PERCENT.finditer(d.latex):
            if m.group(0).startswith("%"):
                body = m.group(0).lstrip("%")
                c = _tagged(body, d.start + m.end() - len(body), d.start + m.end(), lines, d)
                if c:
                    out.append(c)
    out.sort(key=lambda c: c.start)
    return out


# --- the whole document -----------------------------------------------------------------

def directives(text: str, kind: str = "markdown", found: list | None = None) -> Directives:
    """The directives of ``text``. ``found`` is the document's display list when the caller
    has it already (``displays(text, kind, inline)``); inline formulae never carry
    directives. Raises DirectiveError (one line) on the first malformed directive."""
    if found is None:
        found = find_displays(text, kind)
    lines = _Lines(text)
    blocks = [d for d in found if not d.inline]
    starts = [d.start for d in blocks]
    file, attached = [], {}
    from .extract import _without_code
    seen = _without_code(text) if kind == "markdown" else text   # a comment shown as code is no directive
    for c in _comments(seen, kind, found, lines):
        parsed = _parse_comment(c, lines)
        if c.scope == "file":
            file.extend(parsed)
            continue
        target = c.inside
        if target is None:
            k = bisect.bisect_left(starts, c.end)
            if k == len(blocks):
                raise DirectiveError(f"line {lines.at(c.start)}: derivcheck: comment with no display "
                                     f"after it (derivcheck-file: applies to the whole file)")
            target = blocks[k]
        attached.setdefault(target.start, []).extend(parsed)
    _consistent(file, "the file")
    for start, ds in attached.items():
        _consistent(ds, f"the display at line {lines.at(start)}")
    frozen = {start: tuple(ds) for start, ds in attached.items()}
    return Directives(tuple(file), MappingProxyType(frozen))


def _parse_comment(c: _Comment, lines: _Lines) -> list:
    if len(c.body) > MAX_COMMENT:
        raise DirectiveError(f"line {lines.at(c.start)}: derivcheck comment of {len(c.body):,} "
                             f"characters (at most {MAX_COMMENT:,})")
    out = []
    for offset, piece in _split(c.body):
        line = lines.at(c.start + offset)
        for d in parse(piece, line, c.scope):
            out.append(d)
    return out


def _split(body: str):
    """(offset, text) of each directive: cut at ``;`` and line breaks outside braces;
    a backslash keeps the next character (``\\;``, ``\\{``)."""
    depth, start, i, n = 0, 0, 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch in ";\n" and depth == 0:
            yield from _piece(body, start, i)
            start = i + 1
        i += 1
    yield from _piece(body, start, n)


def _piece(body: str, start: int, end: int):
    piece = body[start:end]
    stripped = piece.strip()
    if stripped:
        yield start + (len(piece) - len(piece.lstrip())), stripped


def _consistent(ds: list, where: str):
    """What would make the audit depend on the order of directives is an error."""
    seen = {}
    for d in ds:
        if d.kind in ("label", "expect") and d.kind in seen:
            raise DirectiveError(f"line {d.line}: a second {d.kind} for {where} "
                                 f"(the first is on line {seen[d.kind].line})")
        if d.kind in ("let", "sizes"):
            key = (d.kind, d.args[0])
            if key in seen and seen[key].args != d.args:
                raise DirectiveError(f"line {d.line}: {_quote(d.text)} contradicts "
                                     f"{_quote(seen[key].text)} on line {seen[key].line}")
            seen.setdefault(key, d)
        seen.setdefault(d.kind, d)
    if "skip" in seen and "expect" in seen:
        raise DirectiveError(f"line {seen['expect'].line}: expect and skip on {where} "
                             f"(a skipped step is never checked)")


# --- one directive ----------------------------------------------------------------------

_WORD = re.compile(r"([A-Za-z]+)\b\s*(.*)", re.S | re.A)
# a name as the reader spells it: a letter or word, or a command with at most one argument
# (\sigma, \bar{W}, \mathbf{x}, \operatorname{sg}), and an optional subscript (W_{t+1,i}; a word
# in it, L_{\text{reg}}, is part of the name as the reader spells it)
_NAME = (r"(?:\\(?:mathbf|boldsymbol|bm|bar|hat|tilde|vec|overline|underline|mathcal|mathrm|dot)\s+[A-Za-z]"
         r"|\\[A-Za-z]+(?:\{[A-Za-z0-9\\ ]{1,30}\})?|[A-Za-z][A-Za-z0-9]*)"
         r"(?:_(?:\{(?:[A-Za-z0-9,+\- ]|\\(?:text|mathrm|rm|operatorname)\{[A-Za-z0-9 ]{1,20}\}){1,20}\}"
         r"|[A-Za-z0-9]))?")
_NAME_RE = re.compile(_NAME, re.A)
_NAMES = re.compile(rf"{_NAME}(?:\s*,\s*{_NAME})*", re.A)
_RELATION = re.compile(r"(?<!\\)[<>=]|\\(?:le|leq|ge|geq|lt|gt|ne|neq|leqslant|geqslant)(?![A-Za-z])")
_DEFINES = re.compile(r":=|\\coloneqq(?![A-Za-z])|\\triangleq(?![A-Za-z])|=")
_RANGE = re.compile(r"(\d{1,6})\s*(?:\.\.|\\ldots|\\dots|…)\s*(\d{1,6})|(\d{1,6})", re.A)
_BAD_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def parse(piece: str, line: int, scope: str = "display") -> list:
    """The Directive records of one directive's text (several when it names several
    names: ``let f, g = function``)."""
    text = " ".join(piece.split())
    if len(piece) > MAX_DIRECTIVE:
        raise DirectiveError(f"line {line}: directive {_quote(text)} of {len(piece):,} characters "
                             f"(at most {MAX_DIRECTIVE:,})")
    bad = _BAD_CHAR.search(piece)
    if bad:
        raise DirectiveError(f"line {line}: control character U+{ord(bad.group(0)):04X} "
                             f"in directive {_quote(text)}")
    m = _WORD.match(text)
    if m is None or m.group(1) not in KINDS:
        raise DirectiveError(f"line {line}: unknown directive {_quote(text)} "
                             f"(one of {', '.join(KINDS)})")
    kind, rest = m.group(1), m.group(2).strip()
    if scope == "file" and kind in DISPLAY_ONLY:
        raise DirectiveError(f"line {line}: {kind} names one display, not the whole file: "
                             f"write it as derivcheck: {text} before that display")
    try:
        records = _PARSERS[kind](rest)
    except _Bad as e:
        raise DirectiveError(f"line {line}: {_quote(text)}: {e}") from None
    return [Directive(*_kind_of(kind, args), line, scope, text) for args in records]


class _Bad(Exception):
    """What is wrong with one directive; parse() adds the line and the directive."""


class _As(tuple):
    """The args of a record that is another kind of directive than the one written:
    ``assume \\beta = 0`` gives \\beta the value 0 in the display, which is what a ``define``
    does (an equality is no interval the checker could sample a name from)."""
    kind: str

    def __new__(cls, kind: str, args: tuple):
        made = super().__new__(cls, args)
        made.kind = kind
        return made


def _kind_of(kind: str, args: tuple) -> tuple:
    if isinstance(args, _As):
        return args.kind, tuple(args)
    return kind, args


def _assume(rest: str):
    rest = _unwrap(rest)
    m = re.fullmatch(rf"({_NAMES.pattern})\s+(?:is\s+)?(?:an?\s+)?([a-z]+)", rest, re.A)
    if m and m.group(2) in PROPERTIES:
        return [(m.group(2), name) for name in _names(m.group(1))]
    if not _RELATION.search(rest):
        raise _Bad(f"assume needs a relation (x > 0, 0 < \\beta < 1) or NAME PROPERTY with "
                   f"PROPERTY one of {', '.join(PROPERTIES)}")
    _balanced(rest)
    value = _assumed_value(rest)
    if value is not None:
        return value
    if _top_level(rest, re.compile(",")) is None:
        return [("relation", rest)]
    # "x, y > 0" is each name > 0; any other list ("0 < x, y < 1": both in (0, 1), or
    # 0 < x and y < 1?) is ambiguous, and a weaker reading could make a true step wrong
    m = _NAMES.match(rest)
    tail = rest[m.end():].strip() if m else ""
    if m and _RELATION.match(tail) and _top_level(tail, re.compile(",")) is None:
        return [("relation", f"{name} {tail}") for name in _names(m.group(0))]
    raise _Bad("one relation per assume (assume x > 0; assume y < 1), or names sharing "
               "one bound (assume x, y > 0)")


_EQUALS = re.compile(r"(?<![<>!\\])=(?!=)")


def _assumed_value(rest: str):
    """``assume \\beta = 0`` and ``assume x, y = 0``: NAME = VALUE, one ``=`` and no other
    relation, records of a ``define`` of each name; None for any other relation. A left side
    that is not a name (``\\sum_i w_i = 1``) stays a relation, which the audit reports it
    cannot use rather than guess what the equality fixes."""
    cut = _top_level(rest, _EQUALS)
    if cut is None:
        return None
    lhs, rhs = rest[:cut.start()].strip(), rest[cut.end():].strip()
    if _RELATION.search(rhs) or not _NAMES.fullmatch(lhs):
        return None
    if not rhs:
        raise _Bad("assume NAME = VALUE needs a value after =")
    return [_As("define", (name, rhs)) for name in _names(lhs)]


def _let(rest: str):
    m = re.fullmatch(rf"({_NAMES.pattern})\s*=\s*(\S+)", rest, re.A)
    if m is None and "^" in rest:
        return _let_labelled(rest)
    if m is None:
        raise _Bad("let needs NAME = MEANING (let \\sigma = sigmoid)")
    if m.group(2) not in MEANINGS:
        raise _Bad(f"meaning {_quote(m.group(2))} is not one of {', '.join(MEANINGS)}")
    return [(name, m.group(2)) for name in _names(m.group(1))]


def _let_labelled(rest: str):
    """``let \\mathbf{h}^1 = symbol``: the written form (and its entries h_n^1) is one name."""
    name, eq, meaning = rest.rpartition("=")
    name, meaning = " ".join(name.split()), meaning.strip()
    if not eq or labelled(name) is None:
        raise _Bad(f"{_quote(name or rest)} is not a name with one superscript "
                   "(let \\mathbf{h}^1 = symbol, let w_{kj}^{(2)} = symbol)")
    if meaning != "symbol":
        raise _Bad(f"a name with a superscript ({_quote(name)}) can only be a symbol, not {_quote(meaning)}")
    return [(name, meaning)]


def _index(rest: str):
    letters = [w for w in re.split(r"[\s,]+", rest) if w]
    if not letters:
        raise _Bad("index needs letters (index i j k)")
    for w in letters:
        if not re.fullmatch(r"[A-Za-z]|\\[A-Za-z]+", w):
            raise _Bad(f"index takes single letters (index i j k), not {_quote(w)}")
    return [tuple(letters)]


def _define(rest: str):
    rest = _unwrap(rest)
    cut = _top_level(rest, _DEFINES)
    if cut is None:
        raise _Bad("define needs LHS = RHS (define L(p) = \\log\\frac{p}{1-p})")
    lhs, rhs = rest[:cut.start()].strip(), rest[cut.end():].strip()
    if not lhs or not rhs:
        raise _Bad(f"define needs both sides of {cut.group(0)}")
    _balanced(rest)
    return [(lhs, rhs)]


def _sizes(rest: str):
    m = re.fullmatch(rf"({_NAMES.pattern})\s*=\s*(.+)", rest, re.A)
    r = m and _RANGE.fullmatch(m.group(2).strip())
    if not r:
        raise _Bad("sizes needs NAME = LO..HI (sizes n = 1..6)")
    lo, hi = (int(r.group(1)), int(r.group(2))) if r.group(1) else (int(r.group(3)),) * 2
    if lo > hi:
        raise _Bad(f"the range is empty ({lo} > {hi})")
    if hi - lo + 1 > MAX_SIZES:
        raise _Bad(f"at most {MAX_SIZES} sizes, not {hi - lo + 1:,}")
    if hi > MAX_SIZE:
        raise _Bad(f"sizes go up to {MAX_SIZE}, not {hi:,}")
    return [(name, lo, hi) for name in _names(m.group(1))]


def _label(rest: str):
    rest = rest.lstrip(":").strip()
    if not rest:
        raise _Bad("label needs a text (label Q4.3)")
    if len(rest) > MAX_LABEL:
        raise _Bad(f"a label of {len(rest)} characters (at most {MAX_LABEL})")
    return [(rest,)]


def _skip(rest: str):
    return [(rest[1:].strip() if rest.startswith(":") else rest,)]


def _expect(rest: str):
    m = re.fullmatch(r"([a-z]+)\s*(?::\s*(.*))?", rest, re.S)
    if m is None or m.group(1) not in DECLARED:
        raise _Bad("expect needs wrong or holds (expect wrong: minor: NOTE)")
    declared, tail = m.group(1), (m.group(2) or "").strip()
    if declared == "holds" or not tail:
        return [(declared, None, tail)]
    severity, _, note = tail.partition(":")
    if severity.strip() not in SEVERITIES:
        raise _Bad(f"severity {_quote(severity.strip())} is not one of {', '.join(SEVERITIES)}")
    return [(declared, severity.strip(), note.strip())]


_PARSERS = {"assume": _assume, "let": _let, "index": _index, "define": _define,
            "sizes": _sizes, "label": _label, "skip": _skip, "expect": _expect}


# --- helpers ------------------------------------------------------------------------------

def _names(group: str) -> list:
    return [_as_read(n) for n in _NAME_RE.findall(group)]


def _as_read(name: str) -> str:
    """``name`` spelt as the reader spells it (``c_{1}`` as ``c_1``, ``\\hat y`` as ``\\hat{y}``,
    spaces dropped): the audit compares a directive's name with the names of a reading, and
    ``let c_{1} = symbol`` must settle the ``c_1`` of the formula as ``let c_1 = symbol`` does."""
    from ..reading.read import _normal    # the reader imports much; a directive is parsed before any reading
    if name in GREEK - {"ell"}:  # assume 0 < beta < 1 is read with \\beta: so is assume beta = 0
        name = "\\" + name
    return _normal(name)


def _unwrap(s: str) -> str:
    """``$x > 0$`` as ``x > 0``: authors often write the math of a directive as math."""
    s = s.strip()
    for left, right in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if len(s) > len(left) + len(right) and s.startswith(left) and s.endswith(right):
            return s[len(left):-len(right)].strip()
    return s


def _top_level(s: str, pattern: re.Pattern):
    """The first match of ``pattern`` outside braces, parentheses and brackets
    (``\\sum_{i=1}``, ``f(x, y)`` hold no cut)."""
    depth, i = 0, 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and not pattern.match(s, i):
            i += 2
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif depth == 0:
            m = pattern.match(s, i)
            if m:
                return m
        i += 1
    return None


def _balanced(s: str):
    depth = 0
    for m in re.finditer(r"\\.|[{}]", s):
        t = m.group(0)
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
            if depth < 0:
                raise _Bad("a } without its {")
    if depth:
        raise _Bad(f"{depth} {{ without its }}")


def _quote(s: str, width: int = 60) -> str:
    """``s`` quoted for a message: one line, short, control characters escaped."""
    s = " ".join(s.split())
    s = s if len(s) <= width else s[:width - 3] + "..."
    return "'" + "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in s) + "'"
