"""Process lifetime: Ctrl-C, SIGTERM, SIGKILL and a closed stdout.

A run is started on a slow catalog (claims that sleep in their workers, a module that
sleeps in its import), in a session of its own so that every process it forks can be
found in /proc by its session id, even after it was orphaned. After the signal the
parent must have exited with the right code and one line, and no process of the
session may be left (bounded wait: a parent-death signal acts at once).
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from tests.conftest import ROOT
from tests.test_isolation import GOOD, make_catalog

# processes are found by their session in /proc, and the parent-death signal is Linux's
pytestmark = [pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc"),
              pytest.mark.slow]   # every test forks a CLI or workers and signals them

SLOW_CLAIMS = textwrap.dedent('''
    import time
    from checks.model.catalog import Document
    from checks.model.claims import Property

    def slow_cases():
        time.sleep(300)
        return [1]

    DOCUMENT = Document(file="slow.txt", id="slow", questions=("Q",))
    CLAIMS = [Property(f"p{i}", "Q", "sleeps", predicate=lambda case: True, cases=slow_cases)
              for i in range(4)]
''')
SLOW_IMPORT = "import time\ntime.sleep(300)\n"


def session_members(sid: int) -> list:
    """Live (not zombie) processes of session ``sid``."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            out.append(int(entry))
    return out


def wait_for(condition, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _as_from_a_terminal():
    """A shell starts a foreground command with Ctrl-C at its default, whatever the shell's
    own disposition; Python keeps an ignored SIGINT ignored (as for a background job), so the
    child must not inherit this process's, which another test or plugin may have changed."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def slow_run(tmp_path):
    make_catalog(tmp_path, "slowcat", {"doc000_claims": SLOW_CLAIMS, "doc001_import": SLOW_IMPORT,
                                       "doc002_good": GOOD.format(id="002")})
    env = {**os.environ, "DERIVCHECK_CATALOG": "slowcat", "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
           "DERIVCHECK_CACHE": str(tmp_path / "cache")}
    procs = []

    def start():
        p = subprocess.Popen([sys.executable, "cli.py", "check", "all", "--no-cache", "--jobs", "2",
                              "--timeout", "200", "--format", "json"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=_as_from_a_terminal)
        procs.append(p)
        # parent, host and two workers busy with the sleeping claims (the host sleeps in an import)
        assert wait_for(lambda: len(session_members(p.pid)) >= 4, 60), session_members(p.pid)
        return p

    yield start
    for p in procs:   # never leave anything behind, even when an assertion failed
        for pid in session_members(p.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if p.poll() is None:
            p.kill()
        p.communicate()


@pytest.mark.parametrize("to_group", [True, False], ids=["terminal-ctrl-c", "parent-only"])
def test_ctrl_c_exits_130_with_one_line_and_no_worker_left(slow_run, to_group):
    p = slow_run()
    (os.killpg if to_group else os.kill)(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 130, err
    assert err.strip() == "derivcheck: interrupted", err   # one line: no traceback from any worker
    assert wait_for(lambda: not session_members(p.pid), 15), session_members(p.pid)


def test_sigterm_exits_143_and_ends_the_workers(slow_run):
    p = slow_run()
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 143 and err.strip() == "derivcheck: terminated", (p.returncode, err)
    assert wait_for(lambda: not session_members(p.pid), 15), session_members(p.pid)


def test_no_worker_outlives_a_killed_parent(slow_run):
    p = slow_run()
    p.kill()   # SIGKILL: no handler runs in the parent; the children must go by themselves
    p.communicate(timeout=30)
    assert p.returncode == -signal.SIGKILL
    assert wait_for(lambda: not session_members(p.pid), 15), session_members(p.pid)


@pytest.mark.parametrize("command", [["check", "all", "--format", "json", "--no-cache"], ["list"]])
def test_a_closed_stdout_is_no_traceback(tmp_path, command):
    make_catalog(tmp_path, "pipecat", {"doc000_a": GOOD.format(id="000"), "doc001_b": GOOD.format(id="001")})
    env = {**os.environ, "DERIVCHECK_CATALOG": "pipecat", "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
           "DERIVCHECK_CACHE": str(tmp_path / "cache")}
    p = subprocess.Popen([sys.executable, "cli.py", *command], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.close()   # the reader is gone before the report is written (`| head` that already exited)
    err = p.stderr.read().decode()
    p.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert p.returncode == 141, (p.returncode, err)


def test_head_of_a_real_pipeline_is_no_traceback():
    out = subprocess.run(f"{sys.executable} cli.py check all --format json | head -1", shell=True, cwd=ROOT,
                         capture_output=True, text=True, timeout=300, executable="/bin/bash")
    assert out.stdout.strip() == "{" and out.stderr == "", out.stderr


def _child_state():
    import ctypes
    pdeathsig = ctypes.c_int()
    ctypes.CDLL(None).prctl(2, ctypes.byref(pdeathsig), 0, 0, 0)   # PR_GET_PDEATHSIG
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN, pdeathsig.value


def test_every_forked_child_ignores_ctrl_c_and_dies_with_its_parent():
    # the verify reader (parse), a worker (runner); the catalog host runs the same isolate()
    from checks.io import reader
    from checks.run import runner
    from checks.model.claims import Property
    assert reader._within(20, _child_state) == (True, signal.SIGKILL)
    state = Property("t/state", "Q", "a worker ignores SIGINT and has a parent-death signal",
                     cases=lambda: [_child_state()], predicate=lambda s: True if s == (True, signal.SIGKILL) else None)
    got = runner.verdicts([state], timeout=20, jobs=1)
    assert got["t/state"]["status"] == "holds", got
