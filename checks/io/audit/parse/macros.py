"""The macros a document defines for itself (``\\newcommand{\\vz}{\\mathbf z}``,
``\\DeclareMathOperator{\\GELU}{GELU}``), expanded in its formulae as text before anything reads them.

Only the declarative forms are read: ``\\newcommand``, ``\\renewcommand``, ``\\providecommand``
(with ``*``, 0-9 arguments and an optional default for the first) and ``\\DeclareMathOperator``
(with ``*``). ``\\def``, ``\\let``, ``\\csname``, ``\\input``, ``\\write18``, ``\\catcode`` and the
other TeX programming primitives are never read nor executed: a definition whose body uses one
is refused, and every use of that macro says so by the macro's own name. Expansion is a string
substitution, bounded in depth (a macro that uses itself, or two that use each other) and in
size (one expansion at most ``MAX_CHARS``, the whole document at most ``GROWTH`` more
characters); a use past a bound is replaced by a marker the reader refuses with one reason.

Scope follows LaTeX: a macro is defined from where its definition stands; in a LaTeX body a
definition inside a group (braces, an environment, a display) ends with that group, and the
preamble's last until the end. In Markdown (MathJax) a definition holds for the rest of the
page, wherever it stands. Line breaks are kept (a use spread over lines leaves its line
breaks at its end), so every line number of the document stays the same.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from .syntax import (COLUMNS as _COLUMNS, aligned_columns, decimal_commas, expectations, may_have_plain_e,
                     plain_expectations)

from ..reading.notation import MAX_CHARS

MAX_DEPTH = 16            # macros inside macros: deeper is a macro that uses itself
GROWTH = 500_000          # characters the expansions may add to one document
MAX_USES = 20_000         # macro uses expanded in one document, nested ones included
MARKER = "macronotread"   # \macronotread{name}{why}: refused by the reader's guard (notation.py)

# TeX programming, never read: a body using one is refused, and none may be redefined
PROGRAMMING = {
    "def", "edef", "gdef", "xdef", "let", "futurelet", "csname", "endcsname", "expandafter",
    "noexpand", "input", "include", "InputIfFileExists", "IfFileExists", "write", "immediate",
    "openout", "openin", "read", "readline", "catcode", "newcommand", "renewcommand",
    "providecommand", "DeclareMathOperator", "DeclareRobustCommand", "makeatletter", "makeatother",
    "usepackage", "RequirePackage", "directlua", "luaexec", "ShellEscape", "special", "begingroup",
    "endgroup", "aftergroup", "afterassignment", "global", "long", "outer", "uppercase",
    "lowercase", "string", "scantokens", "detokenize", "unexpanded", "jobname", "endinput",
    "newenvironment", "renewenvironment", "loop", "repeat", "ifx", "if", "fi", "else", "relax",
    "the", "number", "romannumeral", "chardef", "mathchardef", "count", "dimen", "toks",
    "newcount", "advance", "multiply", "divide", "everymath", "everydisplay", "mathcode",
    "delcode", "lccode", "uccode", "sfcode", "obeylines", "verb", "begin", "end", MARKER,
}
# what a body may not hold: a display inside a macro is not a formula of the document
_DISPLAY = re.compile(r"\\[\[\]()]|\$")

_DEFINE = re.compile(r"\\(?P<cmd>newcommand|renewcommand|providecommand|DeclareMathOperator)(?![A-Za-z])\s*(?P<star>\*?)")
_CS = re.compile(r"\\([A-Za-z]+|.)", re.S)
_PARAM = re.compile(r"#(#|[1-9]?)")


@dataclass(frozen=True)
class Macro:
    name: str
    body: str
    nargs: int = 0
    default: str | None = None     # the optional first argument's default, when it has one
    refused: str | None = None     # why every use is refused (a body using \input, ...)


@dataclass(frozen=True)
class Definition:
    macro: Macro
    start: int                     # offset of the definition in the text
    end: int                       # offset just past it
    until: int                     # where its scope ends (the end of its group)
    command: str                   # newcommand | renewcommand | providecommand | DeclareMathOperator


class Refused(Exception):
    def __init__(self, name: str, why: str):
        super().__init__(why)
        self.name, self.why = name, why


# --- reading definitions -----------------------------------------------------------------

def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\n":
        i += 1
    return i


_BRACES = re.compile(r"\\.|[{}]", re.S)
MAX_GROUP = 20_000        # characters of one definition body or argument (MAX_CHARS of a side)


@functools.lru_cache(maxsize=256)
def _closing(s: str) -> dict:
    """Offset of each '{' of ``s`` -> offset of its '}' (one pass: every group of a text is
    found in linear time, however many definitions or uses start in it)."""
    out, stack = {}, []
    for m in _BRACES.finditer(s):
        c = m.group(0)
        if c == "{":
            stack.append(m.start())
        elif c == "}" and stack:
            out[stack.pop()] = m.start()
    return out


def _group(s: str, i: int):
    """(inside, end) of the brace group opening at s[i], or None when it never closes or is
    longer than MAX_GROUP characters. Escaped braces (\\{ \\}) are characters, not grouping."""
    if i >= len(s) or s[i] != "{":
        return None
    j = _closing(s).get(i)
    if j is None or j - i > MAX_GROUP:
        return None
    return s[i + 1:j], j + 1


def _bracket(s: str, i: int):
    """(inside, end) of ``[...]`` at s[i] (braces inside protect a ``]``), or None."""
    if i >= len(s) or s[i] != "[":
        return None
    level, j = 0, i + 1
    while j < min(len(s), i + 200):          # an optional argument or a count: short
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            level += 1
        elif c == "}":
            level -= 1
        elif c == "]" and level == 0:
            return s[i + 1:j], j + 1
        j += 1
    return None


def _name(s: str, i: int):
    """The macro name of a definition: ``{\\name}`` or ``\\name``; (name, end) or None."""
    i = _skip_space(s, i)
    if i < len(s) and s[i] == "{":
        g = _group(s, i)
        if g is None:
            return None
        m = re.fullmatch(r"\s*\\([A-Za-z]+)\s*", g[0])
        return (m.group(1), g[1]) if m else None
    m = re.compile(r"\\([A-Za-z]+)").match(s, i)
    return (m.group(1), m.end()) if m else None


def parse_definition(s: str, m: re.Match):
    """The Macro a definition starting at match ``m`` of _DEFINE gives, and its end; None when
    it is not one LaTeX would accept (the text is then left as it is)."""
    cmd, star = m.group("cmd"), m.group("star")
    got = _name(s, m.end())
    if got is None:
        return None
    name, i = got
    nargs, default = 0, None
    if cmd != "DeclareMathOperator":
        j = _skip_space(s, i)
        b = _bracket(s, j)
        if b is not None:
            if not re.fullmatch(r"\s*[0-9]\s*", b[0]):
                return None
            nargs, i = int(b[0]), b[1]
            j = _skip_space(s, i)
            d = _bracket(s, j)
            if d is not None and nargs > 0:
                default, i = d[0], d[1]
    j = _skip_space(s, i)
    g = _group(s, j)
    if g is None:
        return None
    body, end = g
    if cmd == "DeclareMathOperator":
        body = "\\operatorname" + star + "{" + body + "}"
    return Macro(name, body, nargs, default, _refusal(name, body, nargs)), end


def _refusal(name: str, body: str, nargs: int) -> str | None:
    """Why a macro may never be expanded, or None."""
    if name in PROGRAMMING:
        return f"it redefines \\{name}"
    for m in _CS.finditer(body):
        if m.group(1) in PROGRAMMING:
            return f"its body uses \\{m.group(1)}, which is never expanded"
    if _DISPLAY.search(body):
        return "its body holds a display delimiter"
    for m in _PARAM.finditer(body):
        p = m.group(1)
        if p == "" or (p != "#" and int(p) > nargs):
            return f"its body uses parameter #{p} of a macro with {nargs} argument(s)"
    return None


def _comments_blanked(text: str, kind: str) -> str:
    """The text with what is not the document's source blanked (same length): TeX comments of a
    LaTeX file, code blocks and HTML comments of Markdown."""
    if kind == "latex":
        return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), text)
    from .extract import _without_code
    out = re.sub(r"^[ \t]{0,3}(`{3,}|~{3,}).*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)",
                 lambda m: re.sub(r"[^\n]", " ", m.group(0)), _without_code(text), flags=re.S | re.M)
    return re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), out, flags=re.S)


_GROUP_TOKEN = re.compile(r"\\begin\s*\{[^{}]{0,40}\}|\\end\s*\{[^{}]{0,40}\}|\\[\[\]()]|\$\$|\\.|[{}$]", re.S)


def _group_ends(text: str, positions: list) -> list:
    """For each offset of ``positions`` (increasing), where the innermost group (braces, an
    environment, a display) around it ends in the LaTeX text; len(text) at the top level.
    A closing token that matches nothing open is ignored (the scan stays linear)."""
    out, stack, k = [None] * len(positions), [], 0       # stack: (kind, [indices waiting])
    top: list = []
    for m in _GROUP_TOKEN.finditer(text):
        while k < len(positions) and positions[k] < m.start():
            (stack[-1][1] if stack else top).append(k)
            k += 1
        tok = m.group(0)
        if tok.startswith("\\begin"):
            opened = "env"
        elif tok in ("{", "\\[", "\\("):
            opened = tok
        elif tok in ("$$", "$"):
            if stack and stack[-1][0] == tok:
                _close(stack.pop(), m.start(), out)
                continue
            opened = tok
        elif tok.startswith("\\end") or tok in ("}", "\\]", "\\)"):
            want = {"}": "{", "\\]": "\\[", "\\)": "\\("}.get(tok, "env")
            if stack and stack[-1][0] == want:
                _close(stack.pop(), m.start(), out)
            continue
        else:
            continue
        stack.append((opened, []))
    while k < len(positions):
        (stack[-1][1] if stack else top).append(k)
        k += 1
    for frame in stack:                 # groups never closed run to the end
        _close(frame, len(text), out)
    _close(("top", top), len(text), out)
    return out


def _close(frame, at: int, out: list) -> None:
    for k in frame[1]:
        out[k] = at


def definitions(text: str, kind: str = "latex") -> list[Definition]:
    """Every macro definition of the document, in order, with the end of its scope."""
    source = _comments_blanked(text, kind)
    found, last = [], 0
    for m in _DEFINE.finditer(source):
        if m.start() < last:
            continue            # a definition inside another's body is part of that body
        got = parse_definition(source, m)
        if got is not None:
            found.append((m.start(), got[1], got[0], m.group("cmd")))
            last = got[1]
    if kind == "latex":
        ends = _group_ends(source, [f[0] for f in found])
    else:
        ends = [len(text)] * len(found)
    return [Definition(mac, start, end, until, cmd) for (start, end, mac, cmd), until in zip(found, ends)]


# --- expanding ---------------------------------------------------------------------------

def _known(name: str) -> bool:
    from ..reading.notation import KNOWN, REFUSED
    return name in KNOWN or name in REFUSED


class Scope:
    """The macros in force at increasing offsets of the text: definitions are taken in as their
    end is passed, and one whose group has ended is dropped (each once: linear overall)."""

    def __init__(self, defs: list[Definition]):
        self.defs, self.next, self.offset = defs, 0, 0
        self.stacks: dict = {}          # name -> definitions met, the latest last

    def at(self, offset: int) -> "Scope":
        self.offset = offset
        while self.next < len(self.defs) and self.defs[self.next].end <= offset:
            d = self.defs[self.next]
            self.next += 1
            if d.command == "providecommand" and (self._current(d.macro.name, d.start) or _known(d.macro.name)):
                continue            # \providecommand defines only a name not defined yet
            self.stacks.setdefault(d.macro.name, []).append(d)
        return self

    def _current(self, name: str, offset: int):
        stack = self.stacks.get(name)
        while stack and stack[-1].until < offset:
            stack.pop()
        return stack[-1].macro if stack else None

    def get(self, name: str):
        return self._current(name, self.offset) if name in self.stacks else None


def _arguments(s: str, i: int, macro: Macro):
    """The arguments of a use of ``macro`` in ``s`` from ``i``: (list, end). TeX's rule: an
    undelimited argument is a brace group (its inside) or one token, spaces before it skipped;
    an optional first argument is ``[...]`` right there."""
    args = []
    n = macro.nargs
    if n and macro.default is not None:
        j = _skip_space(s, i)
        b = _bracket(s, j)
        if b is not None:
            args.append(b[0])
            i = b[1]
        else:
            args.append(macro.default)
        n -= 1
    for _ in range(n):
        j = _skip_space(s, i)
        if j >= len(s) or s[j] in "}":
            raise Refused(macro.name, f"a use of \\{macro.name} lacks its argument {len(args) + 1}")
        if s[j] == "{":
            g = _group(s, j)
            if g is None:
                raise Refused(macro.name, f"an argument of \\{macro.name} never closes")
            args.append(g[0])
            i = g[1]
        elif s[j] == "\\":
            m = _CS.match(s, j)
            args.append(m.group(0))
            i = m.end()
        else:
            args.append(s[j])
            i = j + 1
    return args, i


def _substitute(body: str, args: list) -> str:
    return _PARAM.sub(lambda m: "#" if m.group(1) == "#" else args[int(m.group(1)) - 1], body)


class Expander:
    def __init__(self, table: dict, budget: list):
        self.table, self.budget = table, budget     # [characters the document may still add, uses left]

    def expand(self, s: str, depth: int = 0) -> str:
        """``s`` with every use expanded. At the top (depth 0) a use that cannot be becomes a
        marker naming that macro, and the other uses are still expanded; below, the refusal
        goes up to the use in the text."""
        out, i = [], 0
        for m in _CS.finditer(s):
            if m.start() < i:
                continue
            name = m.group(1)
            macro = self.table.get(name)
            if macro is None:
                continue
            try:
                inner, end = self.use(s, m, macro, depth)
            except Refused as r:
                if depth:
                    raise
                why = r.why if r.name == name else f"it uses \\{r.name}, and {r.why}"
                end = m.end()
                try:
                    end = _arguments(s, m.end(), macro)[1]
                except Refused:
                    pass
                inner = marker(name, why)
            out.append(s[i:m.start()])
            out.append(_joined("".join(out[-2:]), inner, s, m.start(), end))
            i = end
        out.append(s[i:])
        return "".join(out)

    def use(self, s: str, m: re.Match, macro: Macro, depth: int):
        """The expansion of the use ``m`` of ``macro`` in ``s`` and where the use ends."""
        name = macro.name
        if macro.refused:
            raise Refused(name, macro.refused)
        self.budget[1] -= 1
        if self.budget[1] < 0:
            raise Refused(name, f"the document uses its macros more than {MAX_USES} times")
        if depth >= MAX_DEPTH:
            raise Refused(name, f"it expands more than {MAX_DEPTH} macros deep (a macro that uses itself?)")
        args, end = _arguments(s, m.end(), macro)
        inner = self.expand(_substitute(macro.body, args), depth + 1)
        if len(inner) > MAX_CHARS:
            raise Refused(name, f"its expansion has more than {MAX_CHARS} characters")
        if self.budget[0] - len(inner) < 0:
            raise Refused(name, f"the document's macros expand to more than {GROWTH} characters")
        self.budget[0] -= len(inner)
        return inner, end


def _joined(before: str, inner: str, s: str, start: int, end: int) -> str:
    """``inner`` ready to stand for s[start:end] between what precedes and what follows: a space
    where a letter would otherwise run into a command name (\\alpha then x, a then a body
    starting x); its line breaks are those of the use, at its end."""
    lines = s.count("\n", start, end)
    inner = re.sub(r"\s*\n\s*", " ", inner).strip(" ")
    after = s[end:end + 1]
    if before[-1:].isalpha() and inner[:1].isalpha():
        inner = " " + inner
    if after.isalpha() and re.search(r"\\[A-Za-z]+$", inner):
        inner += " "
    return inner + "\n" * lines


def expand(latex: str, table: dict, budget: list | None = None) -> str:
    """``latex`` with the uses of the macros of ``table`` expanded; a use that cannot be
    (refused, too deep, too large) becomes ``\\macronotread{name}{why}``, which the reader
    refuses with that reason. The line breaks of ``latex`` are kept."""
    return Expander(table, budget if budget is not None else [GROWTH, MAX_USES]).expand(latex)


def marker(name: str, why: str) -> str:
    """The text standing for a use that is not expanded: the reader's guard refuses it."""
    words = re.sub(r"[{}\s]", " ", why)
    return "\\" + MARKER + "{" + name + "}{" + " ".join(words.split()) + "}"


MARKED = re.compile(r"\\" + MARKER + r"\{([A-Za-z]+)\}\{([^{}]*)\}")


def refused_reason(latex: str) -> str | None:
    """The reason of the first marker in ``latex`` (for the reader), or None."""
    m = MARKED.search(latex)
    if m is None:
        return None
    return f"macro \\{m.group(1)} is not expanded: {m.group(2)}"


# --- the document ------------------------------------------------------------------------

MAX_DEFINITIONS = 2000     # definitions read from one document (the rest are ignored)


def expand_document(text: str, kind: str = "markdown") -> str:
    """The document with its own macros expanded in its formulae, its definitions blanked, its
    decimal commas made points and two aligned relations on a row made two statements
    (syntax.py; same line breaks). A document with neither is returned as
    it is."""
    defs = definitions(text, kind)[:MAX_DEFINITIONS]
    maybe_e = may_have_plain_e(text)      # a test on the text; the formulae decide below
    if not defs and "{,}" not in text and not _may_have_columns(text) and not maybe_e:
        return text
    from .extract import displays
    written = text
    if defs:
        text = _blank(text, [(d.start, d.end) for d in defs])
    names = {d.macro.name for d in defs}
    scope, budget = Scope(defs), [GROWTH, MAX_USES]
    ends = [d.end for d in defs]
    out, i = [], 0
    found = [d for d in displays(text, kind, inline=True) if d.latex and not d.unterminated]
    # a document that writes an unmistakable decimal comma writes (0{,}5) as a number too
    commas = any(decimal_commas(d.latex) != d.latex for d in found if "{,}" in d.latex)
    plain_e = maybe_e and plain_expectations(" ".join(d.latex for d in found if "E" in d.latex), written)
    for d in found:
        uses = bool(names) and any(m.group(1) in names for m in _CS.finditer(d.latex))
        if not uses and "{,}" not in d.latex and not _COLUMNS.search(d.latex) and not (plain_e and "E" in d.latex):
            continue
        start, stop = d.start, d.start + len(d.latex)
        out.append(text[i:start])
        # a definition inside the display holds from where it stands: cut there
        cuts = [e for e in ends[bisect.bisect_right(ends, start):bisect.bisect_right(ends, stop)]]
        pieces, last = [], start
        for c in cuts + [stop]:
            pieces.append(expand(text[last:c], scope.at(last), budget) if uses else text[last:c])
            last = c
        row = aligned_columns(decimal_commas("".join(pieces), commas))
        out.append(expectations(row) if plain_e else row)
        i = stop
    out.append(text[i:])
    return "".join(out)


# what aligned_columns needs of a row: a column mark after a comma or \quad, and after it a mark
# before a relation (every aligned display has & and most have &=: these two are rarer)
_SEPARATOR = re.compile(r"(?:,|\\q?quad)\s*&")
_RELATED = re.compile(r"&\s*(?:=|<|>|\\(?:le|leq|ge|geq|lt|gt|approx|neq|ne)(?![A-Za-z]))")


def _may_have_columns(text: str) -> bool:
    """Whether two aligned relations on a row may be written anywhere in ``text`` (a test on the
    text, so that a document without them is not cut into displays twice)."""
    sep = _SEPARATOR.search(text)
    return sep is not None and _RELATED.search(text, sep.end()) is not None


def _blank(text: str, spans) -> str:
    """``text`` with the spans made spaces (line breaks kept)."""
    out, i = [], 0
    for s, e in spans:
        if s < i:
            continue
        out.append(text[i:s])
        out.append(re.sub(r"[^\n]", " ", text[s:e]))
        i = e
    out.append(text[i:])
    return "".join(out)


def as_written(items, written: str, expanded: str, kind: str) -> None:
    """Give the planned steps of ``expanded`` their text as ``written`` (the report shows the row
    the author wrote, \\vz and all; the reading shows what was checked). A display is matched
    by its line and delimiter, its steps one for one when both split alike (same lines and
    relations); a step that does not match keeps its expanded text."""
    from .chains import steps as chain_steps
    from .extract import displays
    before = {(d.first_line, d.delimiter, d.inline): d for d in displays(written, kind, inline=True)}
    mapping = {}
    for d in displays(expanded, kind, inline=True):
        o = before.get((d.first_line, d.delimiter, d.inline))
        if o is None or o.latex == d.latex or aligned_columns(o.latex) != o.latex:
            continue      # columns made statements split otherwise: the rows show as split
        a, b = chain_steps(d), chain_steps(o)
        if len(a) != len(b) or any((x.line, x.relation) != (y.line, y.relation) for x, y in zip(a, b)):
            continue
        for x, y in zip(a, b):
            mapping[(x.line, x.relation, x.from_, x.to)] = y
    for item in items:
        s = item.step
        y = mapping.get((s.line, s.relation, s.from_, s.to))
        if y is not None:
            s.from_, s.to, s.latex = y.from_, y.to, y.latex
