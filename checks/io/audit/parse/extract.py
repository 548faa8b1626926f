"""Finding the formulae of a document: display math of Markdown / text and of LaTeX files.

One forward scan with a single token regex; every closing delimiter is looked for with
a plain search that is never repeated for the same kind of delimiter once it failed, so
the whole scan is linear in the size of the text (hostile inputs included). A delimiter
that is never closed is reported as a display with ``unterminated`` set and no content;
the scan goes on after it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .locate import labels, location_at, scopes

ENVIRONMENTS = ("equation", "align", "aligned", "split", "gather", "gathered",
                "multline", "eqnarray", "alignat", "flalign")
_ENV = "|".join(ENVIRONMENTS)
_TOKEN = re.compile(
    r"(?P<fence>^[ \t]{0,3}(?:`{3,}|~{3,}))"
    r"|(?P<html><!--)"
    r"|(?P<ticks>`+)"
    r"|(?P<begin>\\begin\{(?P<env>(?:" + _ENV + r")\*?)\})"
    r"|(?P<verbatim>\\begin\{(?P<venv>verbatim|lstlisting|minted|comment|Verbatim)\*?\})"
    r"|(?P<iffalse>\\iffalse(?![A-Za-z]))"
    r"|(?P<verb>\\verb\*?(?P<vdelim>[^\sA-Za-z*])[^\n]{0,300}?(?P=vdelim))"
    r"|(?P<dd>\$\$)|(?P<d>\$)|(?P<bracket>\\\[)|(?P<paren>\\\()"
    r"|(?P<escaped>\\.)|(?P<comment>%)", re.M)
_DOLLAR_CLOSE = re.compile(r"(?<![\\\s])\$(?!\d)")
_PAREN_CLOSE = re.compile(r"\\\)")
_BLANK = re.compile(r"\n[ \t]*\n")
INLINE_LIMIT = 4000      # an inline formula longer than this is taken for stray dollars


@dataclass(frozen=True)
class Display:
    """One formula as written: ``latex`` is the text between its delimiters (an environment
    keeps its own ``\\begin``/``\\end``); lines are 1-based lines of the file."""
    first_line: int
    last_line: int
    latex: str
    delimiter: str          # "$$", "\\[", "align*", "$", "\\("
    start: int              # offset of ``latex`` in the text
    location: str | None = None
    inline: bool = False
    unterminated: bool = False
    section: tuple = ()     # the plain headings it is under (locate.scopes), outermost first
    preamble: bool = False  # no question in force: what it defines, its section's questions share


class _Lines:
    def __init__(self, text: str):
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1


class _Scanner:
    def __init__(self, text: str, kind: str):
        self.text, self.kind = text, kind
        self.failed = set()          # closers known to be absent from here on
        self.found = []              # (start, end, content_start, content_end, delimiter, inline)
        self.open = []               # (offset, delimiter) never closed
        self.comments = []           # (start, end) of closed HTML comments (Markdown)
        self.ahead = {}              # pattern -> (searched from, first match or None)

    def closer(self, pattern: str, start: int, key: str):
        """The match of ``pattern`` after ``start``, or None; a miss is remembered, since a
        later search for the same delimiter would scan the same tail and miss again."""
        if key in self.failed:
            return None
        m = re.compile(pattern).search(self.text, start)
        if m is None:
            self.failed.add(key)
        return m

    def fence_end(self, m: re.Match) -> int:
        mark = m.group("fence").strip()
        close = re.compile(r"^[ \t]{0,3}" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}[ \t]*$", re.M)
        eol = self.text.find("\n", m.end())
        if eol < 0:
            return len(self.text)
        c = close.search(self.text, eol + 1)
        return len(self.text) if c is None else c.end()   # an open fence runs to the end (CommonMark)

    def html_end(self, m: re.Match) -> int:
        """An HTML comment is not rendered, so the formulae in it are not the document's
        (a directive comment may quote one). One left open is plain text (CommonMark's
        inline rule), so the formulae after it are still audited."""
        c = self.closer(r"-->", m.end(), "html")
        if c is None:
            return m.end()
        self.comments.append((m.start(), c.end()))
        return c.end()

    def inline_end(self, start: int, closing: str):
        """End of ``$...$`` (Pandoc's rule: no space inside the dollars, no digit after the
        closing one, no blank line between) or of ``\\(...\\)``."""
        if closing == "$" and (start >= len(self.text) or self.text[start].isspace()):
            return None
        close = self.next(_DOLLAR_CLOSE if closing == "$" else _PAREN_CLOSE, start)
        if close is None or close.start() - start > INLINE_LIMIT:
            return None
        blank = self.next(_BLANK, start)
        if blank is not None and blank.start() < close.start():
            return None
        return close.start(), close.end()

    def next(self, pattern: re.Pattern, start: int):
        """The first match of ``pattern`` at or after ``start``. Openers come in increasing
        order, so a match found before is reused while it still lies ahead: each pattern
        is searched over each part of the text once (linear time for any input)."""
        cached = self.ahead.get(pattern)
        if cached is not None and cached[0] <= start and (cached[1] is None or cached[1].start() >= start):
            return cached[1]
        m = pattern.search(self.text, start)
        self.ahead[pattern] = (start, m)
        return m

    def scan(self):
        text, pos = self.text, 0
        while True:
            m = _TOKEN.search(text, pos)
            if m is None:
                return
            pos = self.token(m)

    def token(self, m: re.Match) -> int:
        kind, text = m.lastgroup, self.text
        if kind == "verbatim":       # code in a LaTeX file: skipped whole, like a Markdown fence
            name = m.group("venv")
            c = self.closer(r"\\end\{" + name + r"\*?\}", m.end(), "end" + name)
            return len(text) if c is None else c.end()
        if kind == "iffalse":        # \iffalse ... \fi: text the author switched off
            c = self.closer(r"\\fi(?![A-Za-z])", m.end(), "fi")
            return len(text) if c is None else c.end()
        if self.kind == "markdown" and kind == "fence":
            return self.fence_end(m)
        if self.kind == "markdown" and kind == "ticks":
            n = len(m.group("ticks"))
            c = self.closer(r"(?<!`)`{%d}(?!`)" % n, m.end(), f"ticks{n}")
            return m.end() if c is None else c.end()
        if self.kind == "markdown" and kind == "html":
            return self.html_end(m)
        if self.kind == "latex" and kind == "comment":
            eol = text.find("\n", m.end())
            return len(text) if eol < 0 else eol
        if kind == "dd":
            return self.pair(m, r"(?<!\\)\$\$", "$$")
        if kind == "bracket":
            return self.pair(m, r"(?<!\\)\\\]", "\\[")
        if kind == "begin":
            env = m.group("env")
            c = self.closer(r"\\end\{" + re.escape(env) + r"\}", m.end(), "end" + env)
            if c is None:
                self.open.append((m.start(), env))
                return m.end()
            self.found.append((m.start(), c.end(), m.start(), c.end(), env, False))
            return c.end()
        if kind in ("d", "paren"):
            closing = "$" if kind == "d" else "\\)"
            span = self.inline_end(m.end(), closing)
            if span is None:
                return m.end()
            self.found.append((m.start(), span[1], m.end(), span[0], m.group(0), True))
            return span[1]
        return m.end()           # an escaped character, a stray backtick run or fence in LaTeX

    def pair(self, m: re.Match, pattern: str, delimiter: str) -> int:
        c = self.closer(pattern, m.end(), delimiter)
        if c is None:
            self.open.append((m.start(), delimiter))
            return m.end()
        self.found.append((m.start(), c.end(), m.end(), c.start(), delimiter, False))
        return c.end()


_PRE = re.compile(r"<pre\b[^>]*>.*?</pre\s*>", re.S | re.I)
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s")


_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_DOCUMENT = re.compile(r"\\end\s*\{document\}")


def _document_body(text: str) -> str:
    """A LaTeX file with its preamble (macro bodies) and what follows \\end{document} blanked
    (same length, lines kept): neither is a statement of the document."""
    b, e = _BEGIN_DOCUMENT.search(text), None
    if b is None:
        return text
    e = _END_DOCUMENT.search(text, b.end())
    keep_from, keep_to = b.end(), (e.start() if e else len(text))
    blank = lambda part: re.sub(r"[^\n]", " ", part)
    return blank(text[:keep_from]) + text[keep_from:keep_to] + blank(text[keep_to:])


def _without_code(text: str) -> str:
    """Markdown with its indented code blocks and <pre> blocks blanked (same length, lines
    kept): CommonMark shows them as code, so their dollars are not mathematics. A block is
    indented code when it follows a blank line after ordinary prose (inside a list item an
    indented line is the item's text)."""
    out = list(text)
    for m in _PRE.finditer(text):
        for i in range(m.start(), m.end()):
            if out[i] != "\n":
                out[i] = " "
    lines = text.split("\n")
    pos, blank_before, in_list, code = 0, True, False, False
    for line in lines:
        stripped = line.strip()
        indented = line.startswith(("    ", "\t"))
        if code and (indented or not stripped):
            pass
        else:
            code = bool(stripped) and indented and blank_before and not in_list
        if code:
            for i in range(pos, pos + len(line)):
                out[i] = " "
        if stripped and not indented:
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and not blank_before)
        blank_before = not stripped
        pos += len(line) + 1
    return "".join(out)


def displays(text: str, kind: str = "markdown", inline: bool = False) -> list[Display]:
    """Every display formula of ``text`` in order (and the inline ones with ``inline``);
    a delimiter left open is a Display with ``unterminated`` set and empty ``latex``."""
    if kind not in ("markdown", "latex"):
        raise ValueError(f"kind must be 'markdown' or 'latex', not {kind!r}")
    scanner = _Scanner(_without_code(text) if kind == "markdown" else _document_body(text), kind)
    scanner.scan()
    lines = _Lines(text)
    hidden = [(f[0], f[1]) for f in scanner.found if not f[5]] + scanner.comments
    table, sections = labels(text, kind, hidden), scopes(text, kind, hidden)
    out = []
    for start, end, c0, c1, delimiter, is_inline in scanner.found:
        if is_inline and not inline:
            continue
        out.append(Display(lines.at(start), lines.at(end - 1), text[c0:c1], delimiter, c0,
                           location_at(table, start), is_inline, False, *location_at(sections, start)))
    for start, delimiter in scanner.open:
        line = lines.at(start)
        out.append(Display(line, line, "", delimiter, start, location_at(table, start),
                           unterminated=True))
    out.sort(key=lambda d: d.start)
    return out
