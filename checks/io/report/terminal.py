"""Fitting text to the terminal: its width, column widths that fit it, and cells clipped
to a few lines with an ellipsis. Plain Python (no rich), so ``list`` can use it."""
from __future__ import annotations

import os
import shutil
import sys
from typing import NamedTuple

WIDE = 160      # the width of a table written to a file or a pipe: no terminal to fit
NARROWEST = 40  # below this a table cannot show a claim and its statement side by side


def terminal_width(default: int | None = WIDE) -> int | None:
    """The width to fit: $COLUMNS when it is a positive integer (set by the user or the
    shell), else the terminal's on stdout, else ``default`` (output to a file or a pipe)."""
    text = os.environ.get("COLUMNS", "").strip()
    if text.isdigit() and int(text) > 0:
        return max(int(text), NARROWEST)
    try:
        if sys.stdout.isatty():
            return max(shutil.get_terminal_size().columns, NARROWEST)
    except (AttributeError, ValueError, OSError):   # stdout replaced or closed
        pass
    return default


def fit(natural: list, floor: list, budget: int, weight: list | None = None) -> list | None:
    """Column widths that add up to at most ``budget``: each column starts at its
    ``natural`` width and the widest is narrowed first, one character at a time, never
    below its ``floor``; a column of ``weight`` 2 counts as half as wide (it keeps twice the
    width of a weight-1 column when both must give). None when the floors do not fit."""
    weight = weight or [1] * len(natural)
    widths = [max(n, 1) for n in natural]
    floors = [max(min(f, w), 1) for f, w in zip(floor, widths)]
    if sum(floors) > budget:
        return None
    excess = sum(widths) - budget
    while excess > 0:
        # the widest column that can still give (ties: the rightmost, the least needed)
        i = max((k for k in range(len(widths)) if widths[k] > floors[k]),
                key=lambda k: (widths[k] / weight[k], k))
        widths[i] -= 1
        excess -= 1
    return widths


class Column(NamedTuple):
    """A column of a table that fits the terminal."""
    header: str
    floor: int          # narrowest width before an optional column is left out
    drop: int = 0       # 0: always shown; on a narrow terminal the highest rank goes first
    weight: float = 1   # a column of weight 2 keeps twice the width of a weight-1 one
    lines: int = 1      # most lines a cell wraps over before it is cut with '…'
    hyphens: bool = False   # break lines after hyphens (ids), not inside formulas
    tail: bool = False      # one line that keeps its end ('…/sol.md:12': the line number)


def table_columns(columns: list, rows: list, width: int) -> list:
    """(index, width) of the columns of ``columns`` (``Column``) that a table of ``rows``
    (one plain string per column) shows in ``width`` characters."""
    naturals = [max([len(c.header)] + [len(row[k]) for row in rows]) for k, c in enumerate(columns)]
    return layout([(c.floor, c.drop, c.weight) for c in columns], naturals, width)


def cell(column: "Column", text: str, width: int) -> str:
    """``text`` clipped to its cell: ``width`` wide, at most the column's lines."""
    if column.tail:
        return text if len(text) <= width else "…" + text[len(text) - max(width - 1, 0):]
    return "\n".join(clip(text, width, column.lines, column.hyphens))


def layout(columns: list, naturals: list, width: int) -> list:
    """(index, width) pairs of the columns of a rich table ``width`` characters wide,
    borders included. Each column is (floor, drop, weight): while the kept columns do not
    fit at their floors, the one of highest ``drop`` rank is left out (rank 0: never);
    then the widest are narrowed first (``fit``), to one character at worst."""
    keep = list(range(len(columns)))

    def attempt(floors):
        budget = width - (3 * len(keep) + 1)     # a border and a space each side per column
        return fit([naturals[k] for k in keep], floors, max(budget, len(keep)),
                   [columns[k][2] for k in keep])

    while (widths := attempt([columns[k][0] for k in keep])) is None:
        droppable = [k for k in keep if columns[k][1]]
        if not droppable:
            widths = attempt([1] * len(keep))
            break
        keep.remove(max(droppable, key=lambda k: columns[k][1]))
    return list(zip(keep, widths))


def clip(text: str, width: int, lines: int, hyphens: bool = False) -> list:
    """``text`` wrapped to ``width`` in at most ``lines`` lines, broken at spaces (and after
    hyphens with ``hyphens``: an id ``1a-derivative-chain`` breaks between its words, a
    formula ``e^-z`` must not), a word wider than ``width`` cut where it must; a longer
    text ends in '…' on its last line."""
    import textwrap
    wrapped = textwrap.wrap(text, max(width, 1), break_on_hyphens=hyphens) or [""]
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    kept[-1] = kept[-1][:max(width - 1, 0)].rstrip() + "…"
    return kept


def cut(text: str, width: int) -> str:
    """One line of at most ``width`` characters, '…' at the end when it was longer."""
    return text if len(text) <= width else text[:max(width - 1, 0)].rstrip() + "…"
