"""What a person at a terminal sees: --color never|auto|always and NO_COLOR (no-color.org:
set to anything non-empty, colour is off unless the option asks for it), the claim table
fitted to $COLUMNS with each claim's statement beside its id, ``list`` with statements,
and the progress bar (counts and an estimate, on a terminal only).

The CLI runs in a subprocess; where ``auto`` must see a terminal, its stdout (or stderr)
is a pseudo-terminal."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest

from checks.io.report.terminal import clip, cut, fit, layout
from tests.conftest import ROOT

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SIGMOID = ["verify", "sigmoid(-x) = 1 - sigmoid(x)"]
DOC = "003"


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


def cli(*argv, tty: bool = False, **extra) -> str:
    """stdout of the CLI (on a pseudo-terminal with ``tty``); exit 0 or 1 expected."""
    cmd = [sys.executable, str(ROOT / "cli.py"), *argv]
    if not tty:
        p = subprocess.run(cmd, cwd=ROOT, env=clean_env(**extra), capture_output=True, text=True, timeout=300)
        assert p.returncode in (0, 1), p.stderr
        return p.stdout
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, cwd=ROOT, env=clean_env(**extra), stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    out = read_all(master)
    assert p.wait(timeout=300) in (0, 1), p.stderr.read()
    return out


def read_all(master: int) -> str:
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:         # EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def statements() -> dict:
    out = cli("check", DOC, "--format", "json")
    return {c["id"]: c["statement"] for c in json.loads(out)["claims"]}


# ------------------------------------------------------------------ colour

@pytest.mark.parametrize("argv", [SIGMOID, ["check", DOC]])
def test_color_always_sends_escapes_never_sends_none(argv):
    assert ANSI.search(cli(*argv, "--color", "always"))
    assert ANSI.search(cli(*argv, "--color", "always", NO_COLOR="1"))   # the option overrides the variable
    assert not ANSI.search(cli(*argv, "--color", "never"))
    assert not ANSI.search(cli(*argv, NO_COLOR="1"))
    assert not ANSI.search(cli(*argv))                                 # auto, and stdout is a pipe


@pytest.mark.slow
@pytest.mark.parametrize("argv", [SIGMOID, ["check", DOC]])
def test_auto_colours_a_terminal_unless_no_color_is_set(argv):
    assert ANSI.search(cli(*argv, tty=True))
    assert ANSI.search(cli(*argv, tty=True, NO_COLOR=""))         # set but empty: no effect
    assert not ANSI.search(cli(*argv, tty=True, NO_COLOR="1"))
    assert not ANSI.search(cli(*argv, tty=True, NO_COLOR="false"))  # any non-empty value
    assert not ANSI.search(cli(*argv, "--color", "never", tty=True))


def test_the_color_option_is_on_check_verify_and_audit_and_checked():
    for command in ("check", "verify", "audit"):
        p = subprocess.run([sys.executable, str(ROOT / "cli.py"), command, "--help"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
        assert "--color {auto,never,always}" in p.stdout, command
    bad = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", DOC, "--color", "sometimes"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "'sometimes'" in bad.stderr


def test_audit_table_in_colour(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("## Q1\n\n$$\\sigma(-x) = 1 - \\sigma(x)$$\n")
    assert ANSI.search(cli("audit", str(doc), "--color", "always"))
    assert not ANSI.search(cli("audit", str(doc), "--color", "never"))


# ------------------------------------------------------------------ the table fits

def column(table: str, header: str) -> str:
    """The text of one column of a rich table: its cells' lines joined by spaces."""
    lines = table.splitlines()
    head = next(k for k, line in enumerate(lines) if re.search(rf"┃ {re.escape(header)}\s*┃", line))
    index = [p.strip() for p in lines[head].split("┃")].index(header)
    return " ".join(line.split("│")[index].strip() for line in lines[head + 2:]
                    if line.startswith("│") and len(line.split("│")) > index)


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_table_fits_columns_and_shows_statements(width, statements):
    out = cli("check", DOC, COLUMNS=str(width))
    assert max(len(line) for line in out.splitlines()) <= width
    shown = column(out, "statement")
    for cid, text in statements.items():
        # wrapped over lines or cut with '…': its beginning is there, beside the id
        assert " ".join(text.split())[:15] in shown, (cid, text)
    assert "…" in shown or width >= 200


def test_table_at_80_keeps_id_statement_status_and_evidence():
    out = cli("check", DOC, COLUMNS="80")
    header = next(line for line in out.splitlines() if line.startswith("┃"))
    names = [p.strip() for p in header.split("┃") if p.strip()]
    assert names == ["claim", "statement", "status", "evidence"]
    assert "wrong" in column(out, "status") and "at x = 0" in column(out, "evidence")


def test_table_in_a_pipe_is_as_wide_as_before():
    # no terminal to fit (a file, a pipe, CI logs): the historical 160 columns, every column shown
    out = cli("check", DOC)
    assert max(len(line) for line in out.splitlines()) <= 160
    assert all(h in out for h in ("location", "kind", "strength / method"))


# ------------------------------------------------------------------ list

def test_list_shows_statements_cut_to_the_width(statements):
    out = cli("list", DOC, COLUMNS="100")
    lines = out.splitlines()
    assert len(lines) == len(statements) and max(len(line) for line in lines) <= 100
    for line, (cid, text) in zip(lines, statements.items()):
        assert line.startswith(cid)
        assert " ".join(text.split())[:12] in line, line
    assert any(line.rstrip().endswith("…") or "…  [" in line for line in lines)


def test_list_in_a_pipe_prints_whole_statements_and_tags(statements):
    lines = cli("list", DOC).splitlines()
    for line, (cid, text) in zip(lines, statements.items()):
        assert line.startswith(cid) and " ".join(text.split()) in line
    assert all(re.search(r"\[[\w,-]+\]$", line) for line in lines)


# ------------------------------------------------------------------ progress bar

BAR = """
import sys, time
sys.path.insert(0, {root!r})
from checks.io.cli_main import _progress_bar
update, stop = _progress_bar(color=False)
print("bar" if update else "no bar", flush=True)
if update:
    for done in range(12):
        update(done, 12)
        time.sleep(0.15)   # the bar appears once a run takes over a second
    stop()
"""


def run_bar(tty: bool) -> str:
    code = BAR.format(root=str(ROOT))
    if not tty:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-c", code], env=clean_env(COLUMNS="100"), stdout=slave, stderr=slave)
    os.close(slave)
    out = read_all(master)
    p.wait(timeout=60)
    return out


def test_no_progress_bar_off_a_terminal():
    assert run_bar(tty=False).strip() == "no bar"


@pytest.mark.slow
def test_progress_bar_shows_counts_and_an_estimate_on_a_terminal():
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run_bar(tty=True))
    assert "bar" in screen
    assert re.search(r"\b(9|10|11)/12\b", screen), screen          # claims done of all
    assert re.search(r"eta \d+:\d\d:\d\d", screen), screen         # the time left


# ------------------------------------------------------------------ fitting, as units

def test_the_widest_column_gives_first_and_floors_hold():
    assert fit([10, 50, 30], [5, 5, 5], 60) == [10, 25, 25]
    assert fit([10, 50, 30], [5, 40, 5], 60) == [10, 40, 10]
    assert fit([10, 50, 30], [10, 45, 10], 60) is None
    assert fit([10, 50, 30], [20, 40, 5], 60) == [10, 40, 10]       # a floor above the natural width: natural
    assert fit([10, 20], [1, 1], 40) == [10, 20]                    # room to spare: natural widths
    assert fit([40, 40], [1, 1], 60, weight=[1, 2]) == [20, 40]     # weight 2 keeps twice the width


def test_layout_leaves_out_the_highest_drop_rank_first():
    columns = [(10, 0, 1), (10, 2, 1), (10, 1, 1), (10, 0, 1)]      # (floor, drop, weight)
    kept = layout(columns, [20, 20, 20, 20], 1 + 3 * 4 + 40)
    assert [k for k, _ in kept] == [0, 1, 2, 3]
    kept = layout(columns, [20, 20, 20, 20], 1 + 3 * 3 + 30)
    assert [k for k, _ in kept] == [0, 2, 3]


def test_clip_wraps_then_ends_in_an_ellipsis():
    assert clip("a b c", 10, 2) == ["a b c"]
    assert clip("aaa bbb ccc ddd", 7, 2) == ["aaa bbb", "ccc ddd"]
    assert clip("aaa bbb ccc ddd eee", 7, 2) == ["aaa bbb", "ccc dd…"]
    assert clip("1a-derivative-chain", 14, 2, hyphens=True) == ["1a-derivative-", "chain"]
    assert clip("e^-z + e^-2z", 6, 3) == ["e^-z +", "e^-2z"]          # a formula is not broken at '-'
    assert cut("abcdef", 4) == "abc…" and cut("abc", 4) == "abc"
