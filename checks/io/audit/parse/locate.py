"""Where a formula is: the document's own label from the nearest heading or question marker.

A label is built from up to three levels, each reset by the one above it:
a heading (Markdown ``#``, LaTeX ``\\section``), a question (``Question 2`` -> ``Q2``,
``Problem 2``, ``Exercise 3``, a heading ``Part 1`` where no question is in force, a dotted number ``2.4``, a top-level list item ``4.``,
an ``\\item`` of an enumerate) and a part (``(b)``, ``**(a)**``, ``- (c)``).
A question under a question heading extends it (``## Question 4`` then ``4.`` is
``Q4.4``), a part is appended (``Problem 2`` then ``(b)`` is ``Problem 2(b)``).
Plain text only: one pass over the lines, one anchored regex per line.
"""
from __future__ import annotations

import bisect
import re

_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SECTION = re.compile(r"\s*\\(section|subsection|subsubsection|paragraph)\*?\{([^{}\n]{0,200})\}")
_PRE = r"(?:[-*+][ \t]+)?(?:\*\*|__|\\textbf\{|\\textit\{|\\emph\{)?[ \t]*"
_NAMED = re.compile(
    _PRE + r"(question|problem|exercise|task|aufgabe|q)[ \t]*"
    r"(\d{1,3}(?:\.\d{1,3})*)(?:[ \t]*\(([a-z]|[ivx]{1,4})\))?(?![\w.]\w)", re.I)
_NUM_PART = re.compile(r"(?:[-*+][ \t]+)?(?:\*\*)?(\d{1,3})[ \t]*\(([a-z]|[ivx]{1,4})\)(?:\*\*)?(?=\s|$)")
_DOTTED = re.compile(r"(?:[-*+][ \t]+)?(?:\*\*)?([1-9]\d?(?:\.\d{1,2})+)\.?(?:\*\*)?[ \t]+(?=[A-Za-z*\\$(])"
                     r"|(?:[-*+][ \t]+)?\*\*([1-9]\d?(?:\.\d{1,2})+)\.?\*\*[ \t]*$")   # **1.1** alone on its line
_ITEM = re.compile(r"(?:\*\*)?([1-9]\d?)[.)](?:\*\*)?(?:[ \t]|$)")
_PART = re.compile(r"[ \t]*" + _PRE + r"(?:part[ \t]+)?(?:\(([a-z]|[ivx]{1,4}|\d{1,2})\)|([a-z])\)"
                   r"|(?<=art )([a-z]|\d{1,2}))(?:\*\*|__|\})?(?=\s|$|[.:])", re.I)
_ENUM = re.compile(r"\s*\\(begin|end)\{enumerate\}(\[[^\]\n]*\])?|\s*\\item\b(\[[^\]\n]*\])?")

_PART_HEADING = re.compile(r"part[ \t]+(\d{1,2})(?![\w.]\w)(?![ \t]*\()", re.I)
_LEVEL = {"section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4}
_WORD = {"question": "Q", "q": "Q", "problem": "Problem ", "exercise": "Exercise ",
         "task": "Task ", "aufgabe": "Aufgabe "}


def _part(m: re.Match) -> str:
    return f"({next(g for g in m.groups() if g).lower()})"


def _alpha(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26)


class _State:
    """The label levels as they stand at the current line."""

    def __init__(self):
        self.heading = None    # text of the nearest heading that names no question
        self.question = None   # e.g. "Q4", "Problem 2", "3"
        self.qnum = None       # the question's own number, to extend "4." -> "Q4.4"
        self.named = False     # the question came from a word or a heading (not a bare "4.")
        self.sub = None        # "Q4.4" built from a question and an item
        self.part = None
        self.enum = []         # per open enumerate: [count, style]
        self.sections = []     # (level, number) of the headings that name no question, outermost first
        self.count = 0
        self.qlevel = None     # the heading level of a question a heading named ("## Question 2": 2)

    def scope(self) -> tuple:
        """Where the line is in the document's plain sections, and whether no question is in
        force there (the preamble of its section, whose definitions its questions share)."""
        return tuple(n for _, n in self.sections), self.question is None and self.part is None

    def label(self) -> str | None:
        base = self.sub or self.question
        if base and self.part:
            return base + self.part
        return base or self.part or self.heading

    def set_question(self, word, num, part=None, named=True, level=None):
        self.question = f"{word}{num}" if word else num
        self.qnum, self.named, self.sub, self.qlevel = num, named, None, level
        self.part = f"({part})" if part else None

    def item(self, num: str):
        """A numbered item or dotted number: a sub-question of a named question, else a question."""
        if self.named and self.question:
            head = num.split(".")[0]
            if "." in num and head == self.qnum:
                self.sub = self.question[: len(self.question) - len(self.qnum)] + num
            else:
                self.sub = f"{self.question}.{num}"
            self.part = None
        else:
            self.set_question("", num, named=False)


def _heading(state: _State, text: str, level: int = 1):
    text = text.strip().strip("*_ ").strip()
    m = _NAMED.match(text)
    if m:
        while state.sections and state.sections[-1][0] > level:
            state.sections.pop()     # "## Question 2" ends the "### Hint" of the question before
        state.set_question(_WORD[m.group(1).lower()], m.group(2), m.group(3), level=level)
        return
    m = _PART_HEADING.match(text)
    if m and (not state.question or state.qlevel is not None and level <= state.qlevel):
        # "## Part 1" with no question in force, or at the level of the question heading in force
        # ("## Problem 3"): a question of its own, whose "**1.1**" and "(a)" are Part 1.1 and
        # Part 1(a); under "## Question 3" ("### Part 1") it is a part
        state.set_question("Part ", m.group(1), level=level)
        return
    m = _PART.match(text)
    if m and state.question:
        state.part = _part(m)
        return
    if state.question and state.qlevel is not None and level > state.qlevel:
        return    # "### Solution" under "## Question 1" is still Question 1
    state.heading, state.question, state.sub, state.part = text[:80] or None, None, None, None
    state.named = False
    while state.sections and state.sections[-1][0] >= level:
        state.sections.pop()
    state.count += 1
    state.sections.append((level, state.count))


def _enumerate(state: _State, m: re.Match):
    if m.group(1) == "begin":
        opt = m.group(2) or ""
        style = "alpha" if re.search(r"\\alph|\(a\)|\ba\)", opt) else \
            "roman" if re.search(r"\\roman|\(i\)", opt) else "arabic"
        if len(state.enum) >= 1 and style == "arabic":
            style = "alpha"    # LaTeX's own default at the second level is (a)
        state.enum.append([0, style])
    elif m.group(1) == "end":
        if state.enum:
            state.enum.pop()
        state.part = None if not state.enum else state.part
    elif state.enum:
        level = state.enum[-1]
        level[0] += 1
        explicit = (m.group(3) or "")[1:-1].strip()
        if explicit:
            state.part = explicit if explicit.startswith("(") else f"({explicit.strip('.)')})"
        elif level[1] == "alpha":
            state.part = f"({_alpha(level[0])})"
        elif level[1] == "roman":
            state.part = f"({_roman(level[0])})"
        else:
            state.item(str(level[0]))


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _line(state: _State, line: str, kind: str):
    if kind == "latex":
        m = _SECTION.match(line)
        if m:
            if m.group(1) == "section":
                state.enum = []
            _heading(state, m.group(2), _LEVEL[m.group(1)])
            return
        m = _ENUM.match(line)
        if m:
            _enumerate(state, m)
            return
    m = _HEADING.match(line)
    if m and kind != "latex":
        _heading(state, m.group(2), len(m.group(1)))
        return
    m = _NAMED.match(line.lstrip())
    if m and (m.end() == len(line.lstrip()) or not line.lstrip()[m.end():m.end() + 1].isalnum()):
        state.set_question(_WORD[m.group(1).lower()], m.group(2), m.group(3))
        return
    m = _NUM_PART.match(line.lstrip())
    if m:
        state.set_question("", m.group(1), m.group(2), named=False)
        return
    m = _DOTTED.match(line.lstrip())
    if m:
        state.item(m.group(1) or m.group(2))
        return
    m = _ITEM.match(line)     # no indentation: a list item at top level
    if m:
        state.item(m.group(1))
        return
    m = _PART.match(line)
    if m:
        state.part = _part(m)


def _walk(text: str, kind: str, skip, what):
    """(offsets, values): ``what(state)`` in force from each offset on, one pass over the lines.
    ``skip`` holds (start, end) offsets of formulae, whose lines are not read for markers."""
    state = _State()
    offsets, values = [0], [what(state)]
    skip = sorted(skip)
    k = 0
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        while k < len(skip) and skip[k][1] <= start:
            k += 1
        if k < len(skip) and skip[k][0] < start:
            continue           # a line inside a formula
        before = what(state)
        _line(state, line[:400], kind)
        after = what(state)
        if after != before:
            offsets.append(start)
            values.append(after)
    return offsets, values


def labels(text: str, kind: str = "markdown", skip=()) -> tuple[list, list]:
    """(offsets, labels): the label in force from each offset on."""
    return _walk(text, kind, skip, _State.label)


def scopes(text: str, kind: str = "markdown", skip=()) -> tuple[list, list]:
    """(offsets, (section path, preamble)) in force from each offset on: a definition made in the
    preamble of a section (a title, then its questions) holds in every question of that section."""
    return _walk(text, kind, skip, _State.scope)


def location_at(table: tuple[list, list], offset: int) -> str | None:
    offsets, names = table
    return names[bisect.bisect_right(offsets, offset) - 1]
