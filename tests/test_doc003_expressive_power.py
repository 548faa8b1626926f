"""Issue #13's examples from document 003, Q3: the claims are encoded as stated, and the engine
refutes the false ones with readable evidence while their corrections hold."""
from __future__ import annotations

import pytest

from checks.run.engine import check
from derivations import doc003_leuphana as doc


@pytest.fixture(scope="module")
def claims():
    placed = [c.placed(doc.DOCUMENT.file, "003") for c in doc.CLAIMS]
    return {c.id: c for c in placed}


def verdict(claim):
    return check(claim, seed=0, timeout=20)


def test_rank_one_regardless_of_w1_w2_is_refuted_by_a_pair_of_the_sweep(claims):
    c = claims["003/3-example-rank"]
    assert "regardless" in c.statement and c.declared == "erratum" and c.severity == "major"
    v = verdict(c)
    assert v.status == "wrong" and v.counterexample["rank_W2W1"] != 1
    assert verdict(c.correction).status == "holds" and c.correction.source == "supporting"


def test_the_example_reduces_nothing_w1_alone_already_has_rank_one(claims):
    c = claims["003/3-example-reduces-power"]
    v = verdict(c)
    assert v.status == "wrong" and (v.counterexample["rank_W1"], v.counterexample["rank_W2W1"]) == (1, 1)
    assert verdict(c.correction).status == "holds"


def test_remains_the_same_fails_for_a_narrower_added_layer(claims):
    c = claims["003/3-expressive-power-same"]
    v = verdict(c)
    assert v.status == "wrong" and str(v.correct) == "1"   # a 2 -> 1 -> 2 network reaches rank 1, not 2
    assert verdict(c.correction).status == "holds"


def test_a_sweep_over_small_matrices_standing_for_any_is_bounded(claims):
    c = claims["003/3-rank-cannot-grow"]
    assert c.strength == "bounded" and "{-1,0,1}" in c.statement
    v = verdict(c)
    assert (v.status, v.strength) == ("holds", "bounded")
