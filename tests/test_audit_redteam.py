"""The red-team corpus (tests/audit_redteam): adversarial documents written against two
reading rounds of issue #10, with an answer key. Documents 01-30: undefined functions, call or
product by evidence, vectors of unwritten size, rounded numbers, components and layer labels,
index conditions. Documents 31-55: the chain rule through an unwritten loss, declared data,
lists and sums over sets, ellipsis matrices and functions defined entrywise, ranges said in
words, and five mixed solution sets (batch norm, VAE, word2vec, attention, Adam). Documents
56-69: norms, inner products and gradients of scalars of vectors, a vector written bare as a
function argument, components of functions of several arguments. Documents 70-85: the inputs of
a written computation graph, definitions in a preamble, case-wise restatements, functions said
in words, whole-vector gradients, layer superscripts, convolutions of number lists. Documents
86-103: label sets and index cases said in the text, the loss through its outputs, vectors given
in the prose, gradients with data matrices, call or product by declarations, functions of a
vector by its entries, declared matrices, recurrences and their unrolled forms. The answer
key of every false step (`error`) and of true or ambiguous steps a careless reader
would call wrong (`trap`).

These tests hold the audit to the key on both sides of soundness: no step outside the key's
errors is `wrong`, and no keyed error `holds`. How many errors are found is measured, not
asserted (README, "Measured").
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from audited import against_key
from checks import audit_text

HERE = Path(__file__).parent / "audit_redteam"
KEY = tomllib.loads((HERE / "KEY.toml").read_text(encoding="utf-8"))
DOCUMENTS = KEY["document"]


@pytest.fixture(scope="module")
def audits():
    return {}


def _audit(doc: dict, audits: dict):
    if doc["file"] not in audits:
        text = (HERE / doc["file"]).read_text(encoding="utf-8")
        kind = "latex" if doc["file"].endswith(".tex") else "markdown"
        audits[doc["file"]] = audit_text(text, kind, name=doc["file"], timeout=120).documents[0].steps
    return audits[doc["file"]]


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d["file"] for d in DOCUMENTS])
def test_no_false_wrong_and_no_false_holds(doc, audits):
    false_wrong, false_holds = against_key(_audit(doc, audits), doc)
    assert not false_wrong, f"wrong on steps the key says are not errors: {false_wrong}"
    assert not false_holds, f"holds on keyed errors: {false_holds}"


def test_the_key_points_at_real_files_and_lines():
    for doc in DOCUMENTS:
        text = (HERE / doc["file"]).read_text(encoding="utf-8").splitlines()
        for entry in doc.get("error", []) + doc.get("trap", []):
            assert 1 <= entry["line"] <= len(text), (doc["file"], entry["line"])
