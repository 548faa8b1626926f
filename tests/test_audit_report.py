"""The audit report object (checks/model/audit.py) and its formats (checks/io/report/audit_*).

Step results are built by hand here: every status, a declared erratum, a step not read,
a declared erratum that no longer comes out wrong, two steps on one line, and a step whose
text tries to break out of every format it is written into (document text is untrusted).
Each format is parsed back (JSON, XML, SARIF, workflow commands, Markdown structure) and
checked field by field.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from checks.io import report
from checks.model.audit import SCHEMA, AuditReport, DocumentAudit, StepReading, StepResult

# a step text that tries every escape: Markdown table pipe and HTML, rich markup and emoji
# codes, a math delimiter, a CDATA end, workflow-command separators, %-escapes, a control
# character, a terminal escape, a bidi override and line breaks
HOSTILE = ("a|b <script>x</script> [bold red]R[/] :smile: $$ ]]> 100%0A \x01\x1b[2J\u202e "
           "\r\n::error file=evil.md::pwned, y`` **z**")


def step(**kw) -> StepResult:
    base = dict(line=1, lines=(1, 1), location="Q1", latex="x &= x", relation="=", from_="x", to="x",
                status="holds", strength="proof", method="sympy", seconds=0.01)
    base.update(kw)
    return StepResult(**base)


def sol_steps():
    return [
        step(line=3, lines=(2, 4), latex=r"\sigma(-x) &= 1 - \sigma(x)", from_=r"\sigma(-x)",
             to=r"1 - \sigma(x)", reading=StepReading("sigmoid(-x)", "1 - sigmoid(x)")),
        step(line=10, lines=(9, 12), location="Q2.4", latex=r"\frac{1-e^x}{1+e^x} &= \tanh(x/2)",
             from_=r"\frac{1-e^x}{1+e^x}", to=r"\tanh(x/2)", status="wrong", strength=None, method="arb",
             reading={"from": "(1 - exp(x))/(1 + exp(x))", "to": "tanh(x/2)", "assumptions": ["x > 0"]},
             counterexample={"point": {"x": "1/2"}, "lhs": "-0.2449186624", "rhs": "0.2449186624"}),
        step(line=10, lines=(9, 12), location="Q2.4", latex="&= 2x", from_=r"\tanh(x/2)", to="2x",
             status="wrong", strength=None, method="exact",
             reading={"from": "tanh(x/2)", "to": "2*x", "assumptions": []},
             residual="2*x - tanh(x/2)", declared="wrong", severity="minor", erratum_note="a sign slip"),
        step(line=14, lines=(14, 14), location="Q3", latex=r"\log(1+e^x) \le x + 1", relation=r"\le",
             from_=r"\log(1+e^x)", to="x + 1",
             status="undecided", strength=None, detail="region x < -30 not sampled",
             reading={"from": "log(1 + exp(x))", "to": "x + 1", "assumptions": []}),
        step(line=15, lines=(15, 15), location="Q3", latex="y(a+b) = ya + yb", from_="y(a+b)", to="ya + yb",
             status="not_read",
             strength=None, reason="y(...) may be a call of y or a product y*(...)"),
        step(line=16, lines=(16, 16), location="Q4", latex=r"z = x_1 - x_2", from_="z", to="x_1 - x_2",
             status="definition", strength=None),
        step(line=17, lines=(17, 17), location="Q4", latex=r"a\lambda' = a^{n+1}\lambda", from_=r"a\lambda'",
             to=r"a^{n+1}\lambda", status="condition",
             strength=None),
        step(line=18, lines=(18, 18), location="Q5", status="skipped", strength=None, reason="skip: prose"),
    ]


def hostile_steps():
    return [
        step(line=5, lines=(4, 7), location=HOSTILE, latex=HOSTILE, from_=HOSTILE, to="0", status="wrong",
             strength=None, reading={"from": HOSTILE, "to": "0", "assumptions": [HOSTILE]},
             counterexample={"point": {"x": HOSTILE}, "lhs": HOSTILE, "rhs": "0"}),
        # a declared erratum that came out holding: the directive is stale, the step is not ok
        step(line=6, lines=(4, 7), status="holds", strength="numeric", declared="wrong", severity="major"),
        step(line=9, lines=(9, 9), location=HOSTILE, latex=HOSTILE, from_=HOSTILE, to="1", status="not_read",
             strength=None,
             reason=HOSTILE),
    ]


def make_report() -> AuditReport:
    return AuditReport([DocumentAudit("notes/sol 1.md", sol_steps()),
                        DocumentAudit("weird%dir/hostile.tex", hostile_steps())],
                       seed=7, seconds=1.5, version="0.1.0")


def ok_report(strict_trouble: bool = False) -> AuditReport:
    """Only steps that are ok; with strict_trouble, an undecided and a not_read among them."""
    steps = [s for s in sol_steps() if s.ok and (strict_trouble or s.status not in ("undecided", "not_read"))]
    return AuditReport([DocumentAudit("notes/sol 1.md", steps)], seed=0, seconds=0.5, version="0.1.0")


# ---------------------------------------------------------------------------- the model

STEP_KEYS = {"id", "line", "lines", "location", "latex", "relation", "from", "to", "reading", "status",
             "strength", "method", "seconds", "counterexample", "residual", "reason", "declared",
             "severity", "ok"}
SUMMARY_KEYS = {"documents", "steps", "holds", "wrong", "undecided", "definition", "condition",
                "not_read", "skipped", "declared_wrong", "ok", "seconds"}


def test_ok_is_false_exactly_for_undeclared_wrong_and_unreproduced_errata():
    by_status = {(s.status, s.declared): s.ok for s in sol_steps() + hostile_steps()}
    assert by_status == {("holds", None): True, ("wrong", None): False, ("wrong", "wrong"): True,
                         ("undecided", None): True, ("not_read", None): True, ("definition", None): True,
                         ("condition", None): True, ("skipped", None): True, ("holds", "wrong"): False}
    # declared wrong and not read: the erratum was not shown, so not ok either
    assert not step(status="not_read", strength=None, reason="r", declared="wrong").ok
    assert step(status="undecided", strength=None, declared="holds").ok


def test_ids_number_steps_on_the_same_line():
    doc = DocumentAudit("a.md", sol_steps())
    assert [s.id for s in doc.steps[:3]] == ["a.md:3:1", "a.md:10:1", "a.md:10:2"]
    given = step(line=2, lines=(2, 2), id="mine")
    assert DocumentAudit("b.md", [given]).steps[0].id == "mine"
    with pytest.raises(ValueError, match="b.md: step ids repeat: b.md:2:1"):
        DocumentAudit("b.md", [step(line=2, lines=(2, 2)), step(line=3, lines=(3, 3), id="b.md:2:1")])


def test_summary_counts_each_status_per_document_and_for_the_run():
    rep = make_report()
    s = rep.summary()
    assert set(s) == SUMMARY_KEYS
    assert (s["documents"], s["steps"], s["holds"], s["wrong"], s["undecided"], s["definition"],
            s["condition"], s["not_read"], s["skipped"], s["declared_wrong"]) == (2, 11, 2, 3, 1, 1, 1, 2, 1, 2)
    assert s["ok"] is False and s["seconds"] == 1.5
    d = rep.documents[0].summary()
    assert set(d) == SUMMARY_KEYS and d["documents"] == 1 and d["steps"] == 8 and d["wrong"] == 2
    assert d["declared_wrong"] == 1 and d["seconds"] == 0.08   # no wall time given: the steps' sum
    assert DocumentAudit("x.md", sol_steps(), seconds=2.0).summary()["seconds"] == 2.0


@pytest.mark.parametrize("strict, code", [(False, 1), (True, 1)])
def test_exit_code_one_when_a_step_is_not_ok_even_with_open_steps(strict, code):
    assert make_report().exit_code(strict) == code


def test_exit_code_zero_when_all_ok_and_three_only_with_strict_on_open_steps():
    assert ok_report().exit_code() == 0 and ok_report().exit_code(strict=True) == 0
    trouble = ok_report(strict_trouble=True)
    assert {s.status for s in trouble.steps()} >= {"undecided", "not_read"}
    assert trouble.exit_code() == 0 and trouble.exit_code(strict=True) == 3
    only_not_read = AuditReport([DocumentAudit("a.md", [sol_steps()[4]])])
    assert only_not_read.exit_code(strict=True) == 3
    assert AuditReport([]).exit_code(strict=True) == 0


def test_json_round_trip_is_exact():
    d = make_report().to_json()
    again = AuditReport.from_json(json.loads(json.dumps(d))).to_json()
    assert again == d
    assert d["documents"][0]["steps"][1]["reading"] == {"from": "(1 - exp(x))/(1 + exp(x))", "to": "tanh(x/2)",
                                                        "assumptions": ["x > 0"]}


def test_from_json_refuses_another_schema():
    d = make_report().to_json()
    d["schema"] = "derivcheck-report/1"
    with pytest.raises(ValueError, match="schema='derivcheck-report/1' is not 'derivcheck-audit/1'"):
        AuditReport.from_json(d)


@pytest.mark.parametrize("kw, message", [
    (dict(status="proved"), "status='proved' is not one of"),
    (dict(status="holds", strength=None), "a 'holds' step needs a strength"),
    (dict(status="undecided", strength="proof"), "strength='proof' given for a 'undecided' step"),
    (dict(status="wrong", strength=None, reading={"from": "x", "to": "y", "assumptions": []}),
     "a 'wrong' step needs evidence"),
    (dict(status="wrong", strength=None, residual="1"), "a 'wrong' step needs its reading"),
    (dict(status="not_read", strength=None), "a 'not_read' step needs a reason"),
    (dict(declared="erratum"), "declared='erratum' is not one of"),
    (dict(declared="wrong", severity="fatal"), "severity='fatal' is not one of"),
    (dict(severity="minor"), "severity='minor' without a declared erratum"),
    (dict(lines=(5, 4)), r"lines=\(5, 4\) is not \(first, last\)"),
])
def test_a_step_that_breaks_the_contract_is_refused_with_its_values(kw, message):
    with pytest.raises(ValueError, match=message):
        step(**kw)


def test_model_imports_only_the_standard_library_and_model():
    import ast
    from pathlib import Path
    import checks.model.audit as mod
    tree = ast.parse(Path(mod.__file__).read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert names <= {"__future__", "dataclasses"}, names


# ---------------------------------------------------------------------------- registry

AUDIT_FORMATS = ["table", "json", "markdown", "junit", "sarif", "github", "html"]


def test_audit_formats_are_a_table_by_name_beside_the_claim_formats():
    for name in AUDIT_FORMATS:
        r = report.get_audit(name)
        assert r.name == name and isinstance(r, report.AuditReporter)
    assert sorted(report.AUDIT.registry) == sorted(AUDIT_FORMATS)
    # the claim table is unchanged: an audit format does not leak into it
    report._load(report.MODULES.values())
    assert sorted(report.REGISTRY) == ["html", "json", "junit", "markdown", "table"]
    with pytest.raises(ValueError, match="unknown audit format 'pdf'; choose from github, html, json, junit"):
        report.get_audit("pdf")


def test_an_audit_json_report_does_not_import_rich():
    import subprocess
    import sys
    code = ("import sys; from checks.io import report; report.get_audit('json'); report.get_audit('sarif'); "
            "report.get_audit('github'); print('rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_step_without_a_label_reads_cleanly_in_every_format():
    # the extraction gives location None where no heading or marker names the place
    bare = step(location=None, status="wrong", strength=None, residual="1",
                reading={"from": "x", "to": "x + 1", "assumptions": []})
    rep = AuditReport([DocumentAudit("a.md", [bare, step(line=2, lines=(2, 2), location=None, status="undecided",
                                                          strength=None)])])
    assert AuditReport.from_json(rep.to_json()).to_json() == rep.to_json()
    for name in AUDIT_FORMATS:
        out = report.get_audit(name).render(rep)
        out = re.sub(r"<(script|style)>.*?</\1>", "", out, flags=re.S)   # html: the page's own code
        assert "None" not in out and "()" not in out and "[]" not in out.replace('"assumptions": []', ""), name


def test_every_audit_format_renders_an_empty_run():
    empty = AuditReport([DocumentAudit("empty.md", [])], seed=0, seconds=0.0, version="0.1.0")
    for name in AUDIT_FORMATS:
        assert isinstance(report.get_audit(name).render(empty), str)


# ---------------------------------------------------------------------------- table

@pytest.fixture(autouse=True)
def _file_width(monkeypatch):
    """Tables at the width a file gets (160): the caller's terminal (or xdist's) must not matter."""
    monkeypatch.setenv("COLUMNS", "160")


def test_table_rows_per_step_with_where_status_and_evidence():
    raw = report.get_audit("table").render(make_report())
    text = re.sub(r"[\s│┃]+", " ", raw)     # a cell wrapped over rows reads as one line
    assert "notes/sol 1.md:10" in text and "Q2.4" in text
    assert "wrong !" in text                                # not ok is marked
    assert "wrong (declared erratum, minor)" in text        # declared erratum is not marked
    assert "holds (numeric), declared wrong !" in text      # a stale declaration is
    assert "at x = 1/2: lhs = -0.2449186624, rhs = 0.2449186624" in text
    assert "read as (1 - exp(x))/(1 + exp(x)) = tanh(x/2)" in text
    assert "y(...) may be a call of y or a product y*(...)" in text
    assert ("11 steps in 2 documents: 3 wrong, 2 holds, 1 undecided, 2 not_read, 1 definition, "
            "1 condition, 1 skipped; 2 declared wrong; 1.5 s") in text
    assert "3 step(s) not ok" in text


def test_table_cells_are_never_read_as_rich_markup():
    rep = AuditReport([DocumentAudit("[u]f[/u].md", [
        step(location="[b]L[/b]", latex="[red]S[/red] = 1", from_="[red]S[/red]", to="1", status="not_read",
             strength=None, reason="[i]why[/i]"),
        step(line=2, lines=(2, 2), latex="[blue]W[/blue] = 2", from_="[blue]W[/blue]", to="2", status="wrong",
             strength=None, residual="[s]r[/s]",
             reading={"from": "[green]F[/green]", "to": "2", "assumptions": []})])])
    for color in (False, True):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", report.get_audit("table").render(rep, color=color))
        for piece in ("[u]f[/u].md:1", "[b]L[/b]", "[red]S[/red] = 1", "[i]why[/i]", "[blue]W[/blue] = 2",
                      "read as [green]F[/green] = 2; residual [s]r[/s]"):
            assert piece in plain, (color, piece)


def test_table_shows_document_text_literally_even_in_colour():
    text = report.get_audit("table").render(make_report(), color=True)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)             # rich's own colour codes
    assert "[bold red]R[/]" in plain and ":smile:" in plain   # no markup, no emoji parsed
    assert "\x1b[2J" not in text and "\\x1b[2J" in plain      # the document's escape is shown, not sent
    assert "\x01" not in text and "\u202e" not in text


# ---------------------------------------------------------------------------- json

def test_json_format_is_the_design_schema():
    d = json.loads(report.get_audit("json").render(make_report()))
    assert d["schema"] == SCHEMA and d["tool"] == {"name": "derivcheck", "version": "0.1.0"} and d["seed"] == 7
    assert set(d["summary"]) == SUMMARY_KEYS
    assert [x["file"] for x in d["documents"]] == ["notes/sol 1.md", "weird%dir/hostile.tex"]
    for doc in d["documents"]:
        assert set(doc) == {"file", "summary", "steps"} and set(doc["summary"]) == SUMMARY_KEYS
        for s in doc["steps"]:
            assert STEP_KEYS <= set(s), STEP_KEYS - set(s)
            assert set(s) - STEP_KEYS <= {"correct", "detail", "erratum_note"}   # additive only
    wrong = d["documents"][0]["steps"][1]
    assert wrong["id"] == "notes/sol 1.md:10:1" and wrong["lines"] == [9, 12] and wrong["ok"] is False
    assert wrong["counterexample"] == {"point": {"x": "1/2"}, "lhs": "-0.2449186624", "rhs": "0.2449186624"}
    not_read = d["documents"][0]["steps"][4]
    assert not_read["reading"] is None and not_read["reason"].startswith("y(...)")
    erratum = d["documents"][0]["steps"][2]
    assert (erratum["declared"], erratum["severity"], erratum["ok"]) == ("wrong", "minor", True)
    assert d["documents"][1]["steps"][0]["latex"] == HOSTILE   # JSON keeps the text exactly


# ---------------------------------------------------------------------------- markdown

def markdown_tokens(md: str):
    from markdown_it import MarkdownIt   # rich's own Markdown parser: HTML on, as GitHub's is
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(md)


def inline_text(token) -> str:
    """What a reader sees of an inline token: its text and code pieces."""
    return "".join(c.content for c in token.children if c.type in ("text", "code_inline", "softbreak"))


def test_markdown_errata_sheet_structure():
    md = report.get_audit("markdown").render(make_report())
    tokens = markdown_tokens(md)
    heads = [(t.tag, inline_text(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert heads[0] == ("h1", "derivcheck audit: errata sheet")
    assert [h for h in heads if h[0] == "h2"] == [("h2", "notes/sol 1.md"), ("h2", "weird%dir/hostile.tex")]
    first = [h[1] for h in heads[heads.index(("h2", "notes/sol 1.md")) + 1:heads.index(("h2", "weird%dir/hostile.tex"))]]
    # wrong steps first (the undeclared one before the declared erratum), then counts, then the rest
    assert first == ["Wrong steps", "Line 10 (Q2.4): wrong", "Line 10 (Q2.4): declared erratum", "Counts",
                     "Not decided"]
    assert "$$\n\\frac{1-e^x}{1+e^x} = \\tanh(x/2)\n$$\n" in md      # the step: both sides as written
    codes = [c.content for t in tokens if t.type == "inline" for c in t.children if c.type == "code_inline"]
    assert "(1 - exp(x))/(1 + exp(x)) = tanh(x/2)" in codes and "x > 0" in codes
    items = [inline_text(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert "evidence: at x = 1/2: lhs = -0.2449186624, rhs = 0.2449186624" in items
    assert "declared: expect wrong: minor: a sign slip" in items
    assert "row as written: \\frac{1-e^x}{1+e^x} &= \\tanh(x/2)" in items
    assert "$$\n\\tanh(x/2) = 2x\n$$\n" in md and "row as written: &= 2x" in items
    assert "line 6 (Q1): declared wrong (expect wrong) but holds" in items


def test_markdown_tables_keep_their_columns_and_reasons():
    tokens = markdown_tokens(report.get_audit("markdown").render(make_report()))
    rows, row = [], None
    for t in tokens:
        if t.type == "tr_open":
            row = []
        elif t.type == "inline" and row is not None:
            row.append(inline_text(t))
        elif t.type == "tr_close":
            rows.append(row)
            row = None
    open_rows = [r for r in rows if len(r) == 5]
    assert all(len(r) in (2, 5) for r in rows), rows              # a | in the text adds no column
    assert ["15", "Q3", "not_read", "y(a+b) = ya + yb", "y(...) may be a call of y or a product y*(...)"] in open_rows
    from checks.io.report.audit_text import one_line
    hostile = [r for r in open_rows if r[0] == "9"][0]
    assert hostile[1] == hostile[4] == one_line(HOSTILE) and hostile[3] == one_line(HOSTILE) + " = 1"
    assert ["wrong (declared erratum, minor)", "1"] in rows


def test_markdown_shows_hostile_text_as_written_and_injects_nothing():
    from checks.io.report.audit_text import one_line
    md = report.get_audit("markdown").render(make_report())
    tokens = markdown_tokens(md)
    kinds = [c.type for t in tokens if t.type == "inline" for c in t.children] + [t.type for t in tokens]
    assert not set(kinds) & {"html_inline", "html_block", "link_open", "image", "em_open", "s_open"}
    assert kinds.count("strong_open") == 1                       # the sheet's own verdict, nothing else
    shown = one_line(HOSTILE)
    assert "\x01" not in md and "\x1b" not in md and "\u202e" not in md
    heads = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert f"Line 5 ({shown}): wrong" in heads                    # escaped prose reads back as written
    fences = [t for t in tokens if t.type == "fence"]
    # the text holds $$, so the step goes in a fenced math block, which nothing inside can close
    assert [(f.info, f.content) for f in fences] == [("math", shown.replace("<s", "< s").replace("</", "< /")
                                                      + " = 0\n")]


def test_markdown_math_block_and_code_span_escapes():
    from checks.io.report.audit_markdown import code, math
    assert math(r"a &= b") == "$$\n\\begin{aligned}a &= b\\end{aligned}\n$$\n"
    assert math("x<y\n\n+1") == "$$\nx< y +1\n$$\n"               # no blank line, no HTML tag
    assert math("a &amp; b").startswith("$$\n\\begin{aligned}a & amp; b")
    assert code("a`b") == "``a`b``" and code("`a") == "`` `a ``" and code("a|b", table=True) == "`a\\|b`"


# ---------------------------------------------------------------------------- junit

def test_junit_one_case_per_checked_step():
    root = ET.fromstring(report.get_audit("junit").render(make_report()))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["notes/sol 1.md", "weird%dir/hostile.tex"]
    sol = suites[0]
    cases = sol.findall("testcase")
    # 8 steps less the definition and the condition, which are recorded, not checked
    assert len(cases) == 6 and sol.get("tests") == "6"
    assert {p.get("name"): p.get("value") for p in sol.find("properties")} == {"definition": "1", "condition": "1"}
    assert {c.get("classname") for c in cases} == {"notes/sol 1.md"}
    by = {c.get("name"): c for c in cases}
    assert list(by)[:3] == ["notes/sol 1.md:3:1 [Q1]", "notes/sol 1.md:10:1 [Q2.4]", "notes/sol 1.md:10:2 [Q2.4]"]
    wrong = by["notes/sol 1.md:10:1 [Q2.4]"].find("failure")
    assert wrong.get("type") == "wrong" and "at x = 1/2: lhs = -0.2449186624" in wrong.text
    assert "read as: (1 - exp(x))/(1 + exp(x)) = tanh(x/2)  (assuming x > 0)" in wrong.text
    erratum = by["notes/sol 1.md:10:2 [Q2.4]"]                   # declared and found: passes
    assert erratum.find("failure") is None and erratum.find("skipped") is None
    skipped = {c.get("name"): c.find("skipped").get("message") for c in cases if c.find("skipped") is not None}
    assert skipped == {"notes/sol 1.md:14:1 [Q3]": "undecided: region x < -30 not sampled",
                       "notes/sol 1.md:15:1 [Q3]": "not_read: y(...) may be a call of y or a product y*(...)",
                       "notes/sol 1.md:18:1 [Q5]": "skipped: skip: prose"}
    assert (sol.get("failures"), sol.get("skipped"), sol.get("errors")) == ("1", "3", "0")


def test_junit_stale_erratum_fails_and_hostile_text_stays_text():
    from checks.io.report.audit_text import one_line
    out = report.get_audit("junit").render(make_report())
    assert "\x01" not in out and "\x1b" not in out
    hostile = ET.fromstring(out).findall("testsuite")[1]
    types = [c.find("failure").get("type") for c in hostile.findall("testcase") if c.find("failure") is not None]
    assert types == ["wrong", "erratum-not-found"]
    first = hostile.find("testcase")
    assert first.get("name") == f"weird%dir/hostile.tex:5:1 [{one_line(HOSTILE)}]"   # parsed back as written
    assert len(first) == 2 and [e.tag for e in first] == ["failure", "system-out"]    # no element injected


# ---------------------------------------------------------------------------- sarif

LEVELS = ["none", "note", "warning", "error"]


def obj(required=(), **props):
    """An object of the SARIF schema: SARIF 2.1.0 closes its objects (additionalProperties
    false), so a misspelt property fails here as it fails the official schema."""
    return {"type": "object", "required": list(required), "properties": props, "additionalProperties": False}


TEXT = obj(["text"], text={"type": "string"}, markdown={"type": "string"})
# The part of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) that this output
# uses, written out here: required properties, enums, minimums, closed objects.
SARIF_SUBSET = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    **obj(["version", "runs"], **{"$schema": {"type": "string"}, "version": {"enum": ["2.1.0"]},
                                  "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/run"}}}),
    "definitions": {
        "run": obj(["tool"], tool=obj(["driver"], driver={"$ref": "#/definitions/toolComponent"}),
                   invocations={"type": "array", "items": {"$ref": "#/definitions/invocation"}},
                   results={"type": "array", "items": {"$ref": "#/definitions/result"}},
                   properties={"type": "object"}),
        "toolComponent": obj(["name"], name={"type": "string"}, version={"type": "string"},
                             informationUri={"type": "string"},
                             rules={"type": "array", "uniqueItems": True,
                                    "items": {"$ref": "#/definitions/reportingDescriptor"}}),
        "reportingDescriptor": obj(["id"], id={"type": "string"}, name={"type": "string"},
                                   shortDescription=TEXT, fullDescription=TEXT, help=TEXT,
                                   defaultConfiguration=obj(level={"enum": LEVELS}),
                                   properties={"type": "object"}),
        "invocation": obj(["executionSuccessful"], executionSuccessful={"type": "boolean"},
                          toolExecutionNotifications={"type": "array",
                                                      "items": {"$ref": "#/definitions/notification"}}),
        "notification": obj(["message"], message={"$ref": "#/definitions/message"}, level={"enum": LEVELS},
                            locations={"type": "array", "items": {"$ref": "#/definitions/location"}},
                            properties={"type": "object"}),
        "message": {**obj(text={"type": "string"}, id={"type": "string"}),
                    "anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
        "result": obj(["message"], ruleId={"type": "string"}, ruleIndex={"type": "integer", "minimum": -1},
                      kind={"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]},
                      level={"enum": LEVELS}, message={"$ref": "#/definitions/message"},
                      locations={"type": "array", "items": {"$ref": "#/definitions/location"}},
                      partialFingerprints={"type": "object", "additionalProperties": {"type": "string"}},
                      suppressions={"type": "array", "uniqueItems": True,
                                    "items": obj(["kind"], kind={"enum": ["inSource", "external"]},
                                                 justification={"type": "string"},
                                                 status={"enum": ["accepted", "underReview", "rejected"]})},
                      properties={"type": "object"}),
        "location": obj(physicalLocation={"$ref": "#/definitions/physicalLocation"},
                        logicalLocations={"type": "array", "items": obj(name={"type": "string"},
                                                                        kind={"type": "string"})}),
        "physicalLocation": {**obj(artifactLocation=obj(uri={"type": "string"}),
                                   region={"$ref": "#/definitions/region"}),
                             "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}]},
        "region": {**obj(startLine={"type": "integer", "minimum": 1}, endLine={"type": "integer", "minimum": 1},
                         snippet=obj(["text"], text={"type": "string"})),
                   "anyOf": [{"required": ["startLine"]}, {"required": ["charOffset"]}, {"required": ["byteOffset"]}]},
    },
}


def sarif(rep=None) -> dict:
    return json.loads(report.get_audit("sarif").render(rep or make_report()))


def test_sarif_is_valid_against_the_schema_subset():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft7Validator.check_schema(SARIF_SUBSET)
    jsonschema.validate(sarif(), SARIF_SUBSET, cls=jsonschema.Draft7Validator)
    # the subset has teeth: a misspelt property, a level outside the enum, a line 0 fail it
    for breaks in (lambda d: d["runs"][0].update(result=[]),
                   lambda d: d["runs"][0]["results"][0].update(level="fatal"),
                   lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                   .update(startLine=0)):
        bad = sarif()
        breaks(bad)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SARIF_SUBSET, cls=jsonschema.Draft7Validator)


def test_sarif_is_valid_against_the_official_schema_when_given(monkeypatch):
    # the OASIS schema itself is not shipped here; point DERIVCHECK_SARIF_SCHEMA at a copy
    # of sarif-schema-2.1.0.json to check against all of it
    import os
    path = os.environ.get("DERIVCHECK_SARIF_SCHEMA")
    if not path:
        pytest.skip("DERIVCHECK_SARIF_SCHEMA not set")
    jsonschema = pytest.importorskip("jsonschema")
    with open(path, encoding="utf-8") as f:
        official = json.load(f)
    jsonschema.validate(sarif(), official, cls=jsonschema.validators.validator_for(official))


def test_sarif_results_are_the_wrong_steps_and_stale_errata():
    run = sarif()["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "derivcheck" and driver["version"] == "0.1.0"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == ["wrong-step", "erratum-not-found"]
    for r in driver["rules"]:   # what code scanning requires of a rule
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    got = [(r["ruleId"], r["level"], r["properties"]["stepId"]) for r in run["results"]]
    assert got == [("wrong-step", "error", "notes/sol 1.md:10:1"), ("wrong-step", "note", "notes/sol 1.md:10:2"),
                   ("wrong-step", "error", "weird%dir/hostile.tex:5:1"),
                   ("erratum-not-found", "error", "weird%dir/hostile.tex:6:1")]
    for r in run["results"]:
        assert rule_ids[r["ruleIndex"]] == r["ruleId"] and r["kind"] == "fail"
    first = run["results"][0]
    loc = first["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "notes/sol%201.md"
    assert loc["physicalLocation"]["region"]["startLine"] == 10 and loc["physicalLocation"]["region"]["endLine"] == 12
    assert loc["logicalLocations"] == [{"name": "Q2.4"}]
    text = first["message"]["text"]
    assert text.startswith(r"Wrong step (Q2.4): \frac{1-e^x}{1+e^x} = \tanh(x/2)")
    assert "Read as (1 - exp(x))/(1 + exp(x)) = tanh(x/2)  (assuming x > 0)." in text
    assert "Evidence: at x = 1/2: lhs = -0.2449186624, rhs = 0.2449186624." in text
    assert first["properties"]["counterexample"] == {"point": {"x": "1/2"}, "lhs": "-0.2449186624",
                                                     "rhs": "0.2449186624"}
    erratum = run["results"][1]
    assert erratum["suppressions"] == [{"kind": "inSource", "justification": "expect wrong: minor: a sign slip"}]
    assert "suppressions" not in first
    assert run["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "weird%25dir/hostile.tex"


def test_sarif_undecided_and_unread_steps_are_notifications_not_alerts():
    run = sarif()["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["properties"]["status"], n["locations"][0]["physicalLocation"]["region"]["startLine"])
            for n in notes] == [("note", "undecided", 14), ("note", "not_read", 15), ("note", "not_read", 9)]
    assert "y(...) may be a call of y or a product y*(...)" in notes[1]["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["properties"]["summary"]["not_read"] == 2 and run["properties"]["seed"] == 7
    clean = sarif(ok_report())["runs"][0]
    # an ok run: its one declared erratum, suppressed; and the rules named all the same
    assert [(r["level"], r["suppressions"][0]["kind"]) for r in clean["results"]] == [("note", "inSource")]
    assert [r["id"] for r in clean["tool"]["driver"]["rules"]] == ["wrong-step", "erratum-not-found"]


def test_sarif_fingerprint_follows_the_step_not_its_line():
    from checks.io.report.audit_sarif import fingerprint
    a = sol_steps()[1]
    b = sol_steps()[1]
    b.line, b.lines = 30, (29, 32)
    da, db = DocumentAudit("f.md", [a]), DocumentAudit("f.md", [b])
    assert fingerprint("f.md", da.steps[0]) == fingerprint("f.md", db.steps[0])
    assert fingerprint("f.md", da.steps[0]) != fingerprint("g.md", da.steps[0])


def test_sarif_information_uri_comes_from_the_package_metadata(monkeypatch):
    from email.message import Message
    from checks.io.report import audit_sarif
    meta = Message()
    meta["Name"] = "derivcheck"
    monkeypatch.setattr(audit_sarif.metadata, "metadata", lambda name: meta)
    assert "informationUri" not in sarif()["runs"][0]["tool"]["driver"]   # none declared: none invented
    meta["Project-URL"] = "Homepage, https://example.org/derivcheck"
    assert sarif()["runs"][0]["tool"]["driver"]["informationUri"] == "https://example.org/derivcheck"


# ---------------------------------------------------------------------------- github

COMMAND = re.compile(r"^::(?P<level>[a-z]+) (?P<props>[^:]*)::(?P<data>.*)$")


def unescape(s: str) -> str:
    # the runner's unescaping, in its order
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_commands(out: str):
    cmds, plain = [], []
    for line in out.splitlines():
        m = COMMAND.match(line)
        if not m:
            plain.append(line)
            continue
        props = dict(kv.split("=", 1) for kv in m["props"].split(","))
        cmds.append((m["level"], {k: unescape(v) for k, v in props.items()}, unescape(m["data"])))
    return cmds, plain


def test_github_annotations_errors_first_and_nothing_for_open_steps():
    out = report.get_audit("github").render(make_report())
    cmds, plain = parse_commands(out)
    assert [(lvl, p["file"], p["line"], p["endLine"], p["title"]) for lvl, p, _ in cmds] == [
        ("error", "notes/sol 1.md", "10", "12", "derivcheck: wrong step"),
        ("error", "weird%dir/hostile.tex", "5", "7", "derivcheck: wrong step"),
        ("error", "weird%dir/hostile.tex", "6", "7", "derivcheck: declared erratum not found"),
        ("notice", "notes/sol 1.md", "10", "12", "derivcheck: declared erratum (minor)"),
    ]
    assert cmds[0][2] == (r"Q2.4: \frac{1-e^x}{1+e^x} = \tanh(x/2) — read as (1 - exp(x))/(1 + exp(x)) = "
                          r"tanh(x/2)  (assuming x > 0) — at x = 1/2: lhs = -0.2449186624, rhs = 0.2449186624")
    assert cmds[3][2].endswith("expect wrong: minor: a sign slip")
    assert plain == ["derivcheck audit: 11 steps in 2 documents: 3 wrong, 2 holds, 1 undecided, 2 not_read, "
                     "1 definition, 1 condition, 1 skipped; 2 declared wrong; 1.5 s — 3 step(s) not ok"]


def test_github_escapes_so_document_text_starts_no_command():
    from checks.io.report.audit_github import escape_data, escape_property
    from checks.io.report.audit_text import one_line
    assert escape_data("100%\r\n") == "100%25%0D%0A"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    out = report.get_audit("github").render(make_report())
    assert all(line.startswith(("::error ", "::notice ", "derivcheck audit: ")) for line in out.splitlines())
    cmds, _ = parse_commands(out)
    hostile = cmds[1][2]
    assert hostile.startswith(f"{one_line(HOSTILE)}: {one_line(HOSTILE)} = 0 — read as")   # read back exactly as shown
    assert "100%0A" in hostile and "\n" not in hostile and "\x1b" not in out


def test_github_file_property_escapes_separators_and_control_characters():
    odd = "dir,a:b/x%\x1b\n.md"
    out = report.get_audit("github").render(AuditReport([DocumentAudit(odd, sol_steps()[1:2])]))
    assert out.startswith("::error file=dir%2Ca%3Ab/x%25\\x1b%0A.md,line=10,endLine=12,title=")
    cmds, _ = parse_commands(out)
    assert cmds[0][1]["file"] == "dir,a:b/x%\\x1b\n.md"


def test_github_message_of_a_huge_step_is_cut():
    huge = step(latex="x" * 100_000 + " = 1", from_="x" * 100_000, to="1", status="wrong", strength=None, residual="1",
                reading={"from": "x", "to": "1", "assumptions": []})
    cmds, _ = parse_commands(report.get_audit("github").render(AuditReport([DocumentAudit("h.md", [huge])])))
    assert len(cmds[0][2]) == 2000 and cmds[0][2].endswith("…")


def test_github_ok_run_has_no_error():
    cmds, plain = parse_commands(report.get_audit("github").render(ok_report()))
    assert [c[0] for c in cmds] == ["notice"]
    assert plain == ["derivcheck audit: 5 steps in 1 document: 1 wrong, 1 holds, 1 definition, 1 condition, "
                     "1 skipped; 1 declared wrong; 0.5 s — every step ok"]


def test_sarif_leaves_the_plot_series_to_the_html_report():
    ce = {"point": {"x": "1"}, "lhs": "0.73", "rhs": "0.27", "plot": {"x": [0, 1], "lhs": [0.5, 0.73]}}
    rep = AuditReport([DocumentAudit("p.md", [step(status="wrong", strength=None, counterexample=ce,
                                                   reading=StepReading("x", "x + 1"))])])
    props = json.loads(report.get_audit("sarif").render(rep))["runs"][0]["results"][0]["properties"]
    assert props["counterexample"] == {"point": {"x": "1"}, "lhs": "0.73", "rhs": "0.27"}
    assert "plot" in ce   # the report's own step is not changed
