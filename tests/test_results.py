"""One Result shape with one serialiser, a typed correction, an explicit checker table,
and claims that fail when they are written without their mathematics."""
import json

import pytest
import sympy as sp

from checks.dl import sigmoid
from checks.io.cli_main import main
from checks.model.claims import Chain, Claim, Identity, Implication, Limit, Property, Value, erratum
from checks.model.verdict import Correction, Result
from checks.run import engine, runner

x = sp.Symbol("x", real=True)


def _results():
    wrong = Identity("t/w", "Q1", "sigmoid(-x) = sigmoid(x)", lhs=sigmoid(-x), rhs=sigmoid(x))
    fix = Identity("t/w-fix", "Q1", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x))
    ok = Identity("t/ok", "Q2", "x + x = 2x", lhs=x + x, rhs=2 * x, tags=("t",))
    return runner.results([erratum(wrong, fix), ok], timeout=20, jobs=1)


def test_to_json_and_from_json_are_inverse():
    for r in _results():
        d = r.to_json()
        back = Result.from_json(json.loads(json.dumps(d)))
        assert back.to_json() == d
        assert back.ok == r.ok and back.verdict.status == r.verdict.status


def test_the_correction_is_typed_and_decides_ok():
    erratum_result = next(r for r in _results() if r.id == "t/w")
    c = erratum_result.correction
    assert isinstance(c, Correction) and (c.id, c.status) == ("t/w-fix", "holds")
    assert erratum_result.ok
    broken = Result.from_json({**erratum_result.to_json(),
                               "correction": {**c.to_json(), "status": "wrong", "strength": None}})
    assert not broken.ok


def test_verify_json_is_the_same_shape_with_nothing_declared(capsys):
    assert main(["verify", "sigmoid(-x) = 1 - sigmoid(x)", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["declared"] is None and d["ok"] is True and d["status"] == "holds"
    assert Result.from_json(d).to_json() == d
    assert main(["verify", "sigmoid(-x) = sigmoid(x)", "--format", "json"]) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["declared"] is None and d["ok"] is False


def test_every_claim_kind_has_a_checker_in_the_table():
    kinds = {cls.kind for cls in Claim.__subclasses__()}
    assert kinds == set(engine.CHECKERS), kinds ^ set(engine.CHECKERS)


@pytest.mark.parametrize("make, missing", [
    (lambda: Identity("t/a", "Q", "s", rhs=x), "lhs"),
    (lambda: Identity("t/a", "Q", "s", lhs=x), "rhs"),
    (lambda: Chain("t/a", "Q", "s"), "steps"),
    (lambda: Implication("t/a", "Q", "s", premise=sp.Eq(x, 1), unknown=x), "value"),
    (lambda: Value("t/a", "Q", "s", stated=1), "computed"),
    (lambda: Property("t/a", "Q", "s", predicate=bool), "cases"),
    (lambda: Limit("t/a", "Q", "s", expr=x, var=x, point=0), "stated"),
])
def test_a_claim_without_its_mathematics_fails_when_written(make, missing):
    with pytest.raises(TypeError, match=missing):
        make()
