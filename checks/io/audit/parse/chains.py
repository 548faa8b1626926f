"""Relation chains of a display: ``a = b \\le c`` is the steps ``a = b`` and ``b \\le c``.

A display is cut only at its top level: never inside braces, ``\\left...\\right``,
parentheses and brackets (unless they do not balance on the row), or an environment
other than the alignment ones (``cases``, ``bmatrix`` keep their ``&`` and ``\\\\``).
Rows end at ``\\\\``; a row whose left side is empty (``&= d``) continues the chain
above it, and a row with no relation at all continues the last right side (an
expression broken over two lines). Statements are separated by ``\\Rightarrow``,
``\\implies``, ``\\iff``, ``\\text{and}``, ``,\\quad``, and by ``\\quad`` between two
relations. ``\\text{...}`` in words, and what follows it on the row, is the step's ``note``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .clean import argument as _argument, clean as _clean, strip as _strip
from .extract import ENVIRONMENTS, Display

_TOKEN = re.compile(r"\\\\(?:\s*\[[^\]\n]{0,20}\])?|\\(?:begin|end)\s*\{[^{}]{0,40}\}|\\[A-Za-z]+\*?"
                    r"|\\.|[{}()\[\]&=<>,:]|%[^\n]*")
RELATIONS = {"=": "=", "<": "<", ">": ">", "\\lt": "<", "\\gt": ">", "\\le": "\\le", "\\leq": "\\le",
             "\\leqslant": "\\le", "\\ge": "\\ge", "\\geq": "\\ge", "\\geqslant": "\\ge",
             "\\neq": "\\neq", "\\ne": "\\neq", "\\approx": "\\approx", "\\equiv": "\\equiv",
             "\\coloneqq": ":=", "\\triangleq": ":="}
SEPARATORS = {"\\Rightarrow", "\\implies", "\\iff", "\\Leftrightarrow", "\\Longrightarrow",
              "\\Longleftrightarrow", "\\impliedby", "\\Leftarrow", "\\Longleftarrow",
              "\\therefore", "\\because", "\\rightarrow", "\\longrightarrow", "\\to", "\\mapsto"}
SOFT = {"\\quad", "\\qquad"}
TEXTS = {"\\text", "\\textrm", "\\mbox", "\\textit", "\\textbf", "\\textup", "\\textnormal", "\\intertext"}
DROPPED = {"\\nonumber", "\\notag", "\\displaystyle", "\\textstyle"}
WITH_ARGUMENT = {"\\label", "\\tag", "\\tag*"}
_CONNECTORS = {"for", "if", "where", "since", "when", "with", "otherwise", "as", "by", "so", "then",
               "hence", "thus", "given", "because", "i.e.", "e.g.", "from", "using", "s.t.", "unless",
               "else", "whenever", "provided", "assuming", "iff", "all", "each", "every", "some"}
_RELATION_NEXT = re.compile(r"(?:\s|\\[;,!: ]|\\q?quad(?![A-Za-z]))*(?:=|\\le(?:q)?(?![A-Za-z])|\\ge(?:q)?(?![A-Za-z])|<|>|\\approx)")
_SEPARATING_WORDS = {"and", "or", "so", "hence", "thus", "therefore", "then", "which gives", "giving", "i.e.",
                     "that is", "we get", "implies", "and so", "and hence", "so that"}
_OPENERS, _CLOSERS = "([", ")]"
_ALIGNMENT = {e for name in ENVIRONMENTS for e in (name, name + "*")}
_WRAPPER = re.compile(r"\\(?:begin|end)\s*\{(?:%s)\*?\}(?:\s*\{\d{1,2}\}|\s*\[[tbc]\])?" % "|".join(ENVIRONMENTS))
_ENV_ARGUMENT = re.compile(r"\s*(?:\{\d{1,2}\}|\[[tbc]\])")


@dataclass
class Step:
    """One relation of a chain; ``from_``/``to`` are its sides as written (cleaned)."""
    line: int                  # line of the relation sign, 1-based, in the file
    lines: tuple               # first and last line of the display
    relation: str              # "=", "<", ">", "\\le", "\\ge", "\\neq", "\\approx", "\\equiv", ":="
    from_: str
    to: str
    latex: str                 # the row as written
    location: str | None
    note: str = ""             # annotations beside the step (``\text{for } x \ge 0``)
    continued: bool = False    # the left side is the right side of the row or display above

    def as_dict(self) -> dict:
        return {"line": self.line, "lines": list(self.lines), "relation": self.relation,
                "from": self.from_, "to": self.to, "latex": self.latex, "location": self.location,
                "note": self.note, "continued": self.continued}


def _is_words(content: str) -> bool:
    """Prose rather than a name like ``\\text{sign}``: several words, a space at an end
    (``\\text{for }``), a parenthesis or end punctuation, or a connective."""
    s = content.strip()
    if not re.search(r"[A-Za-z]", s):
        return False
    return bool(re.search(r"[A-Za-z]{2,}\s+\S|\S\s+[A-Za-z]{2,}|^\(|[,:;]$", s)) \
        or content != content.strip() or s.lower() in _CONNECTORS


class _Row:
    def __init__(self, start):
        self.start, self.end = start, None
        self.cuts = []          # (pos, end, kind, value, paren_depth)
        self.drop = []          # spans removed from the sides
        self.notes = []         # (pos, end) of leading annotations
        self.paren = 0
        self.paren_bad = False


def _rows(latex: str) -> list:
    rows, row = [], _Row(0)
    depth, pos = 0, 0           # braces, \left, and environments other than alignment ones
    while True:
        m = _TOKEN.search(latex, pos)
        if m is None:
            break
        tok, pos = m.group(0), m.end()
        top = depth == 0
        if tok.startswith("\\\\") and top:
            row.end = m.start()
            rows.append(row)
            row = _Row(m.end())
        elif tok.startswith("%"):
            row.drop.append((m.start(), m.end()))
        elif tok.startswith(("\\begin", "\\end")) and tok.endswith("}"):   # not \endcsname
            name = tok[tok.index("{") + 1:-1].strip()
            if name in _ALIGNMENT:
                end = m.end()
                if tok.startswith("\\begin"):   # alignat{2}, aligned[t]: an argument, not a factor
                    arg = _ENV_ARGUMENT.match(latex, end)
                    if arg:
                        end = pos = arg.end()
                row.drop.append((m.start(), end))
            else:
                depth += 1 if tok.startswith("\\begin") else -1
                depth = max(depth, 0)
        elif tok == "{" or tok == "\\left":
            depth += 1
            if tok == "\\left":
                pos = _delimiter(latex, pos)
        elif tok == "}" or tok == "\\right":
            depth = max(depth - 1, 0)
            if tok == "\\right":
                pos = _delimiter(latex, pos)
        elif not top:
            continue
        elif tok in _OPENERS or tok in ("\\{", "\\langle", "\\lvert", "\\lVert"):
            row.paren += 1
        elif tok in _CLOSERS or tok in ("\\}", "\\rangle", "\\rvert", "\\rVert"):
            row.paren -= 1
            if row.paren < 0:
                row.paren, row.paren_bad = 0, True
        else:
            pos = _top_token(latex, m, row, pos)
    row.end = len(latex)
    rows.append(row)
    return rows


def _stacked(latex: str, m: re.Match, row: _Row, pos: int) -> int:
    """``a \\overset{(i)}{=} b``: a relation with a mark over it (``{def}`` makes it ``:=``)."""
    first = _argument(latex, m.end())
    second = first and _argument(latex, first[1])
    if not second:
        return pos
    inner = latex[second[0] + 1:second[1] - 1].strip()
    if inner in RELATIONS:
        mark = latex[first[0]:first[1]]
        relation = ":=" if inner == "=" and re.search(r"def|\\triangle", mark) else RELATIONS[inner]
        row.cuts.append((m.start(), second[1], "rel", relation, row.paren))
    return second[1]


def _delimiter(latex: str, pos: int) -> int:
    """Skip the delimiter after ``\\left``/``\\right`` so that ``\\left<`` is no relation."""
    m = re.compile(r"\s*(\\[A-Za-z]+|\\.|[^\sA-Za-z{}])").match(latex, pos)
    return m.end() if m else pos


def _top_token(latex: str, m: re.Match, row: _Row, pos: int) -> int:
    tok, start = m.group(0), m.start()
    if tok == "=" and start > 0 and latex[start - 1] == ":":
        row.cuts.append((start - 1, m.end(), "rel", ":=", row.paren))
    elif tok in RELATIONS:
        row.cuts.append((start, m.end(), "rel", RELATIONS[tok], row.paren))
    elif tok in SEPARATORS:
        row.cuts.append((start, m.end(), "sep", tok, row.paren))
    elif tok in SOFT:
        comma = latex[:start].rstrip().endswith(",")
        row.cuts.append((start, m.end(), "sep" if comma else "soft", tok, row.paren))
    elif tok == "&":
        row.drop.append((start, m.end()))
    elif tok in DROPPED:
        row.drop.append((start, m.end()))
    elif tok in WITH_ARGUMENT:
        arg = _argument(latex, m.end())
        end = arg[1] if arg else m.end()
        row.drop.append((start, end))
        return end
    elif tok in ("\\overset", "\\stackrel", "\\underset"):
        return _stacked(latex, m, row, pos)
    elif tok == "\\forall":
        row.cuts.append((start, m.end(), "note", tok, row.paren))
    elif tok in TEXTS:
        arg = _argument(latex, m.end())
        if arg is None:
            return pos
        content = latex[arg[0] + 1:arg[1] - 1]
        if content.strip(" ,;.").lower() in _SEPARATING_WORDS:   # a = b \text{, so } c = d: two statements
            row.cuts.append((start, arg[1], "sep", content.strip(" ,;.").lower(), row.paren))
        elif _is_words(content):
            row.cuts.append((start, arg[1], "note", content, row.paren))
        return arg[1]
    return pos


def _statements(latex: str, row: _Row):
    """Statements of one row: [(sides as spans, relations as (offset, relation))], the note
    of the row and the spans to drop from its sides."""
    balanced = row.paren == 0 and not row.paren_bad
    cuts = [c for c in row.cuts if c[4] == 0] if balanced else list(row.cuts)
    end, notes, drop, kept, seen = row.end, [], sorted(row.drop), [], False
    for c in sorted(cuts):
        if c[2] == "sep" and not seen and c[3] in _SEPARATING_WORDS and c[3] not in ("and", "or"):
            c = (c[0], c[1], "note", c[3], c[4])   # \text{So } a = b: a word before any relation
        if c[2] == "sep":
            seen = False
        elif c[2] == "rel":
            seen = True
        elif c[2] == "note":
            later = _RELATION_NEXT.match(latex, c[1]) is not None   # \text{(expand)} = c: the chain goes on
            if seen and not later:
                notes.append(_strip(latex[c[0]:row.end].lstrip(",")))
                end = c[0]
                break
            if seen:   # a = b \text{ (expand) } = c: an annotation inside the chain, set aside
                notes.append(latex[c[0]:c[1]].strip())
                drop.append((c[0], c[1]))
                continue
            if c[3] != "\\forall":
                notes.append(latex[c[0]:c[1]].strip())
                drop.append((c[0], c[1]))
            continue
        kept.append(c)
    pieces, start, inner = [], row.start, []
    for c in kept + [(end, end, "sep", None, 0)]:
        if c[0] > end:
            break
        if c[2] == "sep":
            pieces.append((start, c[0], inner))
            start, inner = c[1], []
        else:
            inner.append(c)
    drop.sort()
    statements = []
    for s0, s1, inner in pieces:
        statements.extend(_soft_split(s0, s1, inner))
    return statements, "; ".join(n for n in notes if n), drop


def _soft_split(s0: int, s1: int, inner):
    """Cut a statement at ``\\quad`` where a relation stands on both sides of it."""
    last_rel = max((c[0] for c in inner if c[2] == "rel"), default=-1)
    out, start, current = [], s0, []
    for c in inner:
        if c[2] == "soft" and current and last_rel > c[0]:
            out.append((start, c[0], current))
            start, current = c[1], []
        elif c[2] == "rel":
            current.append(c)
    out.append((start, s1, current))
    return [(_sides(s, e, rs), [(r[0], r[3]) for r in rs]) for s, e, rs in out]


def _sides(start: int, end: int, rels) -> list:
    spans, pos = [], start
    for r in rels:
        spans.append((pos, r[0]))
        pos = r[1]
    spans.append((pos, end))
    return spans


_OPERATOR = ("+", "-", "\\cdot", "\\times", "\\pm", "\\mp", "*", "/")


def _goes_on(before: str, row: str, text: str) -> bool:
    """Is a row without relation the rest of the expression above it? Yes when it is
    aligned under it (``&``), when an operator joins the two, or when a bracket above
    is still open; a free-standing expression (a ``gather`` row) is not."""
    opened = sum(before.count(c) for c in "([") + before.count("\\{")
    closed = sum(before.count(c) for c in ")]") + before.count("\\}")
    return row.startswith("&") or text.startswith(_OPERATOR) or before.endswith(_OPERATOR) \
        or opened > closed


_MARKER = re.compile(r"\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+(?=\S)")


def _part_marker(side: str, note: str):
    """A display that opens with its part's marker, ``(a) \\frac{...} = ...``: the marker
    goes to the note, out of the side."""
    m = _MARKER.match(side)
    if m is None:
        return side, note
    return side[m.end():], "; ".join(n for n in (m.group(0).strip(), note) if n)


def _unboxed(latex: str) -> str:
    """A display that is one ``\\boxed{a = b}`` is read as ``a = b``: the box and its closing
    brace become spaces, so offsets (and so line numbers) stay as written."""
    m = re.match(r"\s*\\boxed\s*\{", latex)
    if m is None:
        return latex
    depth, end, i = 0, None, m.end() - 1
    while i < len(latex):
        ch = latex[i]
        if ch == "\\":          # \{ and \} are not braces of the box
            i += 2
            continue
        depth += (ch == "{") - (ch == "}")
        if depth == 0:
            end = i
            break
        i += 1
    if end is None or latex[end + 1:].strip(" \t\n.,;"):
        return latex
    return re.sub(r"[^\n]", " ", latex[:m.end()]) + latex[m.end():end] + " " + latex[end + 1:]


# a side that is only a name in words: \text{BCE grad}, \mathrm{MSE\ grad}, \textbf{loss}
_NAMED_IN_WORDS = re.compile(r"\s*\\(?:text|textrm|textbf|textit|mathrm)\s*\{\s*[A-Za-z][A-Za-z\\ ._-]*[A-Za-z]\s*\}\s*")


def steps(display: Display, carry: str | None = None) -> list[Step]:
    """The steps of one display. ``carry`` is the last right side of the display before it,
    used when this display starts with a relation (``= ...``)."""
    if display.unterminated or not display.latex.strip():
        return []
    latex, out, last, last_step = _unboxed(display.latex), [], carry, None
    newlines = [m.start() for m in re.finditer("\n", latex)]
    lines = (display.first_line, display.last_line)
    for row in _rows(latex):
        statements, note, drop = _statements(latex, row)
        row_text = _WRAPPER.sub("", latex[row.start:row.end]).strip()
        if not any(rels for _, rels in statements):
            text = " ".join(t for t in (_clean(latex, a, b, drop) for sides, _ in statements
                                          for a, b in sides) if t)
            if text and last_step is not None and _goes_on(last_step.to, row_text, text):
                comma = "," if last_step.latex.rstrip().endswith(",") else ""   # stripped as an end
                last_step.to = last = f"{last_step.to}{comma} {text}".strip()
            continue
        for spans, rels in statements:
            if not rels:
                continue
            sides = [_clean(latex, a, b, drop) for a, b in spans]
            if not out:
                sides[0], note = _part_marker(sides[0], note)
            if not sides[0] and _NAMED_IN_WORDS.fullmatch(latex[spans[0][0]:spans[0][1]]):
                # \text{BCE grad} = 0.0474 - 1: a quantity named in words is this side, not the
                # previous display's end (read or not, the step is its own)
                sides[0] = latex[spans[0][0]:spans[0][1]].strip()
            continued = not sides[0] and last is not None
            if continued:
                sides[0] = last
            for i, (pos, relation) in enumerate(rels):
                out.append(Step(display.first_line + bisect.bisect_left(newlines, pos), lines, relation,
                                sides[i], sides[i + 1], row_text, display.location, note,
                                continued and i == 0))
            last, last_step = sides[-1], out[-1]
    return out
