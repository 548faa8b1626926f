"""The Python API (``from checks import verify, verify_many, check``): verdict objects, never
bools; SymPy input read like text; a batch in one pool, in order, a bad item in its place;
the time budget from a thread; ``check`` as the CLI computes it."""
import json
import subprocess
import sys
import threading
import time

import pytest
import sympy as sp
from tests.conftest import ROOT

from checks import check, verify, verify_many
from checks.dl import relu, sigmoid
from checks.io.cli_main import main
from checks.text.limits import ParseError
from checks.run.isolation import GRACE, WALL_FACTOR

x, y = sp.symbols("x y")


def cli_json(capsys, *argv):
    code = main(["verify", *argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def without_seconds(d):
    return {k: v for k, v in d.items() if k != "seconds"}


def test_text_claim_holds_with_a_proof():
    r = verify("sigmoid(-x) = 1 - sigmoid(x)")
    assert (r.status, r.strength) == ("holds", "proof") and r.method and r.evidence == {}


def test_latex_claim():
    r = verify(r"\tanh(x) + 1 = 2\sigma(2x)", latex=True)
    assert (r.status, r.strength) == ("holds", "proof")
    assert r.statement == "tanh(x) + 1 = 2*sigmoid(2*x)"


def test_wrong_carries_a_certified_counterexample_and_json_is_the_clis(capsys):
    r = verify("relu(x - 100) = 0")
    assert r.status == "wrong" and r.strength is None
    assert r.counterexample["point"] == {"x": "101"} and r.evidence == {"counterexample": r.counterexample}
    code, cli = cli_json(capsys, "relu(x - 100) = 0")
    assert code == 1 and without_seconds(r.to_json()) == without_seconds(cli)


def test_assumptions_as_one_string_or_a_list():
    assert verify("sqrt(x**2) = x").status == "wrong"
    assert verify("sqrt(x**2) = x", "x > 0").status == "holds"
    assert verify("log(x*y) = log(x) + log(y)", ["x > 0", "y > 0"]).status == "holds"


def test_a_verdict_is_not_a_bool():
    r = verify("relu(x - 100) = 0")
    with pytest.raises(TypeError, match=r"\.status"):
        bool(r)
    with pytest.raises(TypeError):
        if r:
            pass


def test_sympy_eq_and_pair_give_the_verdict_of_the_same_text(capsys):
    eq = verify(sp.Eq(sigmoid(-x), 1 - sigmoid(x)))
    pair = verify((relu(x - 100), 0))
    assert (eq.status, eq.strength) == ("holds", "proof")
    code, cli = cli_json(capsys, "relu(x - 100) = 0")
    assert without_seconds(pair.to_json()) == without_seconds(cli)


def test_sympy_symbols_are_read_as_real_with_their_sign_flags():
    # Symbol('x') is complex in SymPy; here it is real, so sqrt(x**2) is |x| and x = -1 refutes
    r = verify((sp.sqrt(x ** 2), x))
    assert r.status == "wrong" and r.counterexample["point"]["x"].startswith("-")
    p = sp.Symbol("p", positive=True)
    q = sp.Symbol("q", positive=True)
    r = verify(sp.Eq(sp.log(p * q), sp.log(p) + sp.log(q), evaluate=False))
    assert r.status == "holds"   # positive -> p > 0, q > 0; without them it is wrong
    assert verify("log(p*q) = log(p) + log(q)").status == "wrong"


def test_sympy_sum_integer_symbol_and_relation_assumptions():
    b, k = sp.symbols("b k")
    n = sp.Symbol("n", integer=True)
    claim = (sp.Sum(b ** k, (k, 0, n)), (1 - b ** (n + 1)) / (1 - b))
    r = verify(claim, [sp.And(0 < b, b < 1), "n >= 0"])
    assert r.status == "holds", r


def test_sympy_indexed_entries_are_real_or_positive():
    k, n = sp.symbols("k n", integer=True)
    v, w = sp.IndexedBase("v"), sp.IndexedBase("w", positive=True)
    r = verify((sp.Sum(sp.Abs(v[k]), (k, 1, n)), sp.Sum(v[k], (k, 1, n))), "n >= 1")
    assert r.status == "wrong" and r.counterexample["point"]["v[1]"].startswith("-")
    r = verify((sp.Sum(sp.Abs(w[k]), (k, 1, n)), sp.Sum(w[k], (k, 1, n))), "n >= 1")
    assert r.status == "holds"


def test_sympy_numbers_are_read_exactly():
    assert verify((x * 0.5, x / 2)).status == "holds"          # 0.5 is 1/2
    assert verify((sp.Float("0.1") * 3, sp.Rational(3, 10))).status == "holds"


@pytest.mark.parametrize("claim, kw, needle", [
    ("x = ", {}, "expected one equation"),
    ("x = y", {"assume": [x > 0]}, "assumptions of a text claim are text"),
    ((sp.sin(x), x), {}, "sin (sin(x)) is not supported"),
    ((sp.Function("f")(x), 1), {}, "undefined function f()"),
    (sp.Eq(x, x), {}, "SymPy decided Eq(...)"),
    (x > 0, {}, "a claim is text 'LHS = RHS', a SymPy Eq or a pair"),
    (42, {}, "got int"),
    (("x", 1), {}, "str x is not a SymPy expression"),
    ((sp.Symbol("z", even=True), 1), {}, "symbol 'z' has even=True"),
    ((sp.Symbol("z", real=False), 1), {}, "symbol 'z' has real=False"),
    ((x, sp.Symbol("x", positive=True)), {}, "two different symbols are named 'x'"),
    ((sp.Dummy("d"), 1), {}, "Dummy symbol 'd' is not accepted"),
    ((sp.Symbol("pi"), 1), {}, "symbol name 'pi' is not accepted"),
    ((sp.Symbol("x y"), 1), {}, "symbol name 'x y' is not accepted"),
    ((sp.IndexedBase("q", negative=True)[x], 1), {}, "IndexedBase 'q' has negative=True"),
    ((sp.EulerGamma, 1), {}, "EulerGamma"),
    ((x + sp.I, x), {}, "imaginary numbers"),
    ((1 / x, sp.zoo), {}, "division by zero"),
    ((sp.Add(*sp.symbols("a0:900")), 0), {}, "too large (more than 800 parts)"),
    ((sp.Integer(10) ** 3000, 0), {}, "digits; at most 2500"),
    ((x, 1), {"assume": [x > y]}, "must compare one symbol with a number"),
    ((x, 1), {"latex": True}, "latex=True needs the claim as text"),
    ("x = x", {"timeout": 0}, "timeout must be a finite number of seconds > 0"),
    ("x = x", {"seed": 1.5}, "seed must be an integer"),
])
def test_bad_input_raises_a_value_error_with_one_line(claim, kw, needle):
    with pytest.raises(ValueError) as e:
        verify(claim, **kw)
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_a_claim_error_is_a_parse_error():
    with pytest.raises(ParseError):
        verify((sp.sin(x), x))


def test_verify_many_keeps_the_order_and_puts_a_bad_item_in_its_place():
    claims = ["sigmoid(-x) = 1 - sigmoid(x)",
              "x = ",
              {"claim": "sqrt(x**2) = x", "assume": ["x > 0"]},
              (relu(x - 100), 0),
              {"claim": "a = b", "color": "red"},
              sp.Eq(sp.sin(x), x),
              {"claim": r"\tanh(x) + 1 = 2\sigma(2x)", "latex": True},
              "sqrt(x**2) = x"]
    got = verify_many(claims, jobs=2)
    assert [r.status for r in got] == ["holds", "error", "holds", "wrong", "error", "error", "holds", "wrong"]
    assert got[1].method == "input" and "expected one equation" in got[1].detail
    assert "unknown key 'color'" in got[4].detail and "sin" in got[5].detail
    assert got[3].counterexample["point"] == {"x": "101"}
    # a claim gets the verdict it gets alone
    alone = verify("sqrt(x**2) = x")
    assert without_seconds(got[7].to_json()) == without_seconds(alone.to_json())


def test_verify_many_batch_assumptions_and_empty_batch():
    got = verify_many(["sqrt(x**2) = x", {"claim": "log(x*y) = log(x) + log(y)", "assume": ["y > 0"]}],
                      assume=["x > 0"], jobs=1)
    assert [r.status for r in got] == ["holds", "holds"]
    assert verify_many([]) == []
    with pytest.raises(ValueError, match="claims must be a list"):
        verify_many("x = x")
    with pytest.raises(ValueError, match="jobs must be None or an integer"):
        verify_many(["x = x"], jobs=0)


SLOW_CLAIM = "(x + y + 1)**3000 * (x - y)**3000 = (x**2 + x - y**2 - y)**3000"


@pytest.mark.slow
def test_the_budget_holds_off_the_main_thread():
    timeout = 0.5
    out = {}

    def run():
        t0 = time.monotonic()
        out["one"] = verify(SLOW_CLAIM, timeout=timeout)
        out["many"] = verify_many([SLOW_CLAIM, "sigmoid(-x) = 1 - sigmoid(x)"], timeout=timeout, jobs=1)
        out["seconds"] = time.monotonic() - t0

    th = threading.Thread(target=run)
    th.start()
    # reading (<= timeout) and the worker's wall-clock backstop, twice, with room for a loaded machine
    bound = 2 * (timeout + WALL_FACTOR * timeout + GRACE) + 20
    th.join(bound)
    assert not th.is_alive(), f"verify from a thread did not return within {bound} s"
    assert out["one"].status == "undecided", out["one"]
    assert [r.status for r in out["many"]] == ["undecided", "holds"]


@pytest.mark.slow
def test_check_returns_the_report_the_cli_prints():
    rep = check("003", timeout=30.0)
    cli = subprocess.run([sys.executable, "cli.py", "check", "003", "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    want = json.loads(cli.stdout)
    assert without_seconds(rep.summary()) == without_seconds(want["summary"])
    assert [r.id for r in rep.results] == [c["id"] for c in want["claims"]]
    assert rep.exit_code() == cli.returncode == 0


def test_check_unknown_target_is_a_value_error():
    with pytest.raises(ValueError, match="unknown target 'nope'"):
        check("nope")


def test_import_checks_does_not_import_sympy():
    code = ("import sys, inspect, checks; assert 'sympy' not in sys.modules, 'sympy imported'; "
            "from checks import verify; assert 'timeout' in inspect.signature(verify).parameters; "
            "print(sorted(n for n in ('verify', 'verify_many', 'check', 'audit_text') if n in dir(checks)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["['audit_text',", "'check',", "'verify',", "'verify_many']"]


@pytest.mark.slow
def test_a_claim_that_overruns_its_reading_costs_only_its_place():
    # SymPy evaluates exp(exp(exp(3))) to ever higher precision to find its floor (~20 s):
    # no size limit sees it coming, only the reader's budget stops it
    slow = "floor(exp(exp(exp(3)))) = 1"
    got = verify_many([slow, "sigmoid(-x) = 1 - sigmoid(x)", slow, "relu(x - 100) = 0"], timeout=1.0, jobs=1)
    assert [r.status for r in got] == ["error", "holds", "error", "wrong"]
    assert "reading the claim took longer than the timeout of 1 s" in got[0].detail
    with pytest.raises(ParseError, match="took longer than the timeout of 1 s"):
        verify(slow, timeout=1.0)


def test_a_caller_with_much_address_space_still_gets_verdicts():
    # a training process maps tens of GiB (a CUDA context): the children's memory caps count
    # from the caller's address space, or every allocation of theirs would fail
    code = ("import mmap, sys\n"
            "try:\n"
            "    m = mmap.mmap(-1, 5 << 30, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, prot=mmap.PROT_READ)\n"
            "except (OSError, ValueError, OverflowError):\n"
            "    print('skip'); sys.exit()\n"
            "from checks import verify, verify_many\n"
            "import sympy as sp\n"
            "x = sp.Symbol('x')\n"
            "print(verify('sigmoid(-x) = 1 - sigmoid(x)', timeout=30).status,\n"
            "      [r.status for r in verify_many(['relu(x - 100) = 0', (sp.Abs(x), x)], timeout=30)])\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    if out.stdout.strip() == "skip":
        pytest.skip("cannot reserve 5 GiB of address space here")
    assert out.stdout.split("\n")[0] == "holds ['wrong', 'wrong']", out.stdout + out.stderr[-2000:]


@pytest.mark.slow
def test_the_readme_example_prints_what_its_comments_say():
    text = (ROOT / "README.md").read_text()
    block = text.split("### Python API\n", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    out = subprocess.run([sys.executable, "-c", block], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    said = [line.split("#", 1)[1].strip() for line in block.splitlines() if line.startswith("print(")]
    got = out.stdout.splitlines()
    assert len(got) == len(said) and all(s.startswith(g) for g, s in zip(got, said)), (got, said)


def test_threads_calling_at_once_each_get_their_own_verdicts():
    got = {}

    def run(k):
        got[k] = [r.status for r in verify_many(["relu(x - 100) = 0", "x = ", "sigmoid(-x) = 1 - sigmoid(x)"],
                                                jobs=1)]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert got == {k: ["wrong", "error", "holds"] for k in range(3)}
