"""``--format html``: one self-contained page for ``check`` and ``audit``.

Unit tests of the reporters (escaping of hostile documents, structure, wrong first, the
plot of a wrong identity, the text fallback when MathML fails) and of the plot data the
engine attaches to a counterexample run everywhere; the browser test renders the pages in
headless Chromium and asserts on what it laid out (slow; skipped without Chromium)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sympy as sp

from checks.dl import sigmoid
from checks.io import report
from checks.io.report import html_math
from checks.model.audit import AuditReport, DocumentAudit, StepResult
from checks.model.claims import Chain, Identity, Prose, erratum
from checks.model.verdict import Report
from checks.prove.decide import decide
from checks.prove.numeric import evaluate
from checks.run import runner

ROOT = Path(__file__).resolve().parents[1]
x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
n, k = sp.Symbol("n", integer=True), sp.Symbol("k", integer=True)
b = sp.Symbol("b", real=True)

CLAIMS = [c.placed("demo.txt", "demo") for c in [
    Identity("ok", "Q1", "sigmoid(-x) = 1 - sigmoid(x)", lhs=sigmoid(-x), rhs=1 - sigmoid(x)),
    Identity("bad", "Q2", "sigmoid(-x) = sigmoid(x)", lhs=sigmoid(-x), rhs=sigmoid(x)),
    Chain("chain", "Q3", "2x = x + x = 3x", steps=(2 * x, x + x, 3 * x)),
    erratum(Identity("geo", "Q4", "Sum(b**k, (k, 0, n)) = (1 - b**n)/(1 - b)",
                     lhs=sp.Sum(b ** k, (k, 0, n)), rhs=(1 - b ** n) / (1 - b), assume=(b > 0, b < 1, n >= 0)),
            Identity("geo-fix", "Q4", "Sum(b**k, (k, 0, n)) = (1 - b**(n+1))/(1 - b)",
                     lhs=sp.Sum(b ** k, (k, 0, n)), rhs=(1 - b ** (n + 1)) / (1 - b), assume=(b > 0, b < 1, n >= 0))),
    Prose("words", "Q5", "<script>alert('statement')</script> is a conceptual answer", reason="conceptual"),
]]


@pytest.fixture(scope="module")
def claim_report():
    return Report(runner.results(CLAIMS, seed=0, timeout=20, jobs=1), seed=0, seconds=1.0, version="t")


@pytest.fixture(scope="module")
def page(claim_report):
    return report.get("html").render(claim_report)


# --- the plot data the engine attaches ---------------------------------------------

def test_a_wrong_identity_of_one_variable_carries_both_sides_around_its_counterexample():
    v = decide(sigmoid(-x), sigmoid(x))
    assert v.status == "wrong"
    (s,) = v.counterexample["plot"]
    at = sp.Rational(v.counterexample["point"]["x"])
    assert s["variable"] == "x" and not s["integer"] and s["fixed"] == {}
    assert len(s["x"]) == len(s["lhs"]) == len(s["rhs"]) >= 50
    assert min(s["x"]) < float(at) < max(s["x"]) and s["at"] == float(at)
    i = s["x"].index(float(at))          # the counterexample is a sample, at the values compared
    assert s["lhs"][i] == pytest.approx(float(evaluate(sigmoid(-x), {x: at}).mid()), rel=1e-5)
    assert s["rhs"][i] == pytest.approx(float(evaluate(sigmoid(x), {x: at}).mid()), rel=1e-5)
    j = 3
    assert s["lhs"][j] == pytest.approx(float(evaluate(sigmoid(-x), {x: sp.nsimplify(s["x"][j])}).mid()), rel=1e-4)


def test_a_wrong_sum_over_a_symbolic_size_is_plotted_against_the_size():
    v = decide(sp.Sum(b ** k, (k, 0, n)), (1 - b ** n) / (1 - b), (b > 0, b < 1, n >= 0))
    assert v.status == "wrong"
    (s,) = v.counterexample["plot"]
    assert s["variable"] == "n" and s["integer"] and set(s["fixed"]) == {"b"}
    assert all(float(t).is_integer() and t >= 0 for t in s["x"])
    bb = sp.Rational(s["fixed"]["b"])
    for t, left, right in zip(s["x"], s["lhs"], s["rhs"]):
        assert left == pytest.approx(float((1 - bb ** (int(t) + 1)) / (1 - bb)), rel=1e-5)
        assert right == pytest.approx(float((1 - bb ** int(t)) / (1 - bb)), rel=1e-5)


def test_points_outside_the_assumptions_are_gaps_and_two_variables_get_two_slices():
    v = decide(sp.log(x * y), sp.log(x) * sp.log(y), (x > 0, y > 0))
    assert v.status == "wrong"
    slices = v.counterexample["plot"]
    assert [s["variable"] for s in slices] == ["x", "y"]
    for s in slices:
        assert min(s["x"]) >= 0                  # cut to the domain, its open end a gap
        assert [t for t, a, c in zip(s["x"], s["lhs"], s["rhs"]) if a is None or c is None] == \
            [t for t in s["x"] if t <= 0]
        assert set(s["fixed"]) == ({"x", "y"} - {s["variable"]})


def test_no_plot_for_a_claim_that_holds_or_has_three_free_names():
    assert decide(sigmoid(-x), 1 - sigmoid(x)).counterexample is None
    z = sp.Symbol("z", real=True)
    v = decide(x * y * z, x + y + z)
    assert v.status == "wrong" and "plot" not in v.counterexample


# --- the claim report ----------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append(dict(attrs))


def _tags(text):
    p = _Tags()
    p.feed(text)
    return p


def test_the_page_is_self_contained_with_one_inline_script_and_no_network(page):
    p = _tags(page)
    assert page.startswith("<!DOCTYPE html>")
    assert p.tags.count("script") == 1 and p.tags.count("style") == 1
    assert not [a for a in p.attrs if "src" in a or a.get("rel") == "stylesheet"]
    assert not re.search(r"https?://(?!www\.w3\.org/)", page)   # namespaces only, nothing fetched
    csp = next(a["content"] for a in p.attrs if a.get("http-equiv") == "Content-Security-Policy")
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_wrong_claims_come_first_each_with_its_evidence(page, claim_report):
    wrong = page.index('id="wrong"')
    cards = [(m.start(), m.group(1)) for m in re.finditer(r'<article class="card item s-(\w+)"', page)]
    assert [s for _, s in cards][:3] == ["wrong", "wrong", "wrong"]
    assert all(pos > wrong for pos, _ in cards)
    assert sum(s == "wrong" for _, s in cards) == sum(r.verdict.status == "wrong" for r in claim_report.results)
    bad = page[page.index('id="c-demo-bad"'):]
    bad = bad[:bad.index("</article>")]
    assert "counterexample" in bad and "at x = " in bad


def test_a_wrong_identity_of_one_variable_has_its_plot_as_inline_svg(page):
    bad = page[page.index('id="c-demo-bad"'):]
    bad = bad[:bad.index("</article>")]
    assert bad.count('<svg role="img" class="plot"') == 1 and "<path" in bad
    assert re.search(r'<figure class="plot"><div class="panels"><svg[^>]* viewBox=', bad)
    ok = page[page.index('id="c-demo-ok"'):]
    assert "<svg" not in ok[:ok.index("</article>")]


def test_a_chain_shows_every_step_and_marks_the_broken_one(page):
    chain = page[page.index('id="c-demo-chain"'):]
    chain = chain[:chain.index("</article>")]
    steps = re.findall(r'<li class="(broken)?">', chain)
    assert steps == ["", "broken"]
    assert chain.count("<math") == 2


def test_statements_are_typeset_as_mathml(page):
    ok = page[page.index('id="c-demo-ok"'):]
    ok = ok[:ok.index("</article>")]
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML">' in ok and "<mi>sigmoid</mi>" in ok


def test_the_filter_lists_statuses_and_documents(page):
    form = page[page.index('<form id="filter"'):page.index("</form>")]
    assert 'value="wrong"' in form and 'value="holds"' in form and 'value="unchecked"' in form
    assert '<option value="demo.txt">' in form
    assert " hidden" in form.split(">")[0]   # shown by the script only: without it every card shows


def test_a_hostile_statement_is_escaped(page):
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;statement&#x27;)&lt;/script&gt;" in page


HOSTILE = [r"\text{<script>alert(1)</script>}", r"\href{javascript:alert(1)}{x}",
           r"\text{<img src=x onerror=alert(1)>}", r"\mathrm{a}\text{&}"]


@pytest.mark.parametrize("tex", HOSTILE)
def test_hostile_latex_never_reaches_the_page_as_markup(tex):
    rep = _audit([_step(tex, "x", "holds", strength="proof")], file='"><img src=x onerror=alert(2)>.md')
    out = report.get_audit("html").render(rep)
    p = _tags(out)
    assert p.tags.count("script") == 1 and "img" not in p.tags and "a" not in p.tags
    assert not [a for a in p.attrs if any(k.startswith("on") or k == "href" for k in a)]


def test_sanitize_keeps_mathml_and_refuses_anything_else():
    assert html_math.sanitize('<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>')
    assert html_math.sanitize('<math><mi onclick="f()">x</mi></math>') is None
    assert html_math.sanitize('<math><mtext><script>f()</script></mtext></math>') is None
    assert html_math.sanitize('<math><mi>x</mi>') is None                  # not XML
    assert html_math.sanitize('<svg><mi>x</mi></svg>') is None
    assert html_math.sanitize('<math><mi>&ExponentialE;&lt;</mi></math>') == \
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>\u2147&lt;</mi></math>'


def test_a_failing_conversion_falls_back_to_escaped_text(monkeypatch):
    import latex2mathml.converter

    def broken(tex, *a, **kw):
        raise RecursionError("too deep")
    monkeypatch.setattr(latex2mathml.converter, "convert", broken)
    out = report.get_audit("html").render(_audit([_step(r"\frac{a}{b} < 1", "2", "holds", strength="proof")]))
    assert "<math" not in out
    assert r'<div class="formula"><code>\frac{a}{b} &lt; 1 = 2</code></div>' in out


def test_an_oversized_formula_is_text_and_the_budget_stops_conversions():
    c = html_math.Converter(budget=0.0)
    assert c.latex("x") is None and c.text("x = 1") is None
    assert html_math.Converter().latex("x" * (html_math.MAX_LATEX + 1)) is None
    assert html_math.Converter().text("sigmoid(x)") is not None


# --- the audit report ----------------------------------------------------------------

def _step(frm, to, status, line=3, **kw):
    return StepResult(line=line, lines=(line, line), location="Q1", latex=f"{frm} = {to}", relation="=",
                      from_=frm, to=to, status=status, **kw)


def _audit(steps, file="notes.md"):
    return AuditReport([DocumentAudit(file, steps)], seed=0, seconds=0.1, version="t")


def test_audit_page_puts_displays_with_a_wrong_step_first_and_marks_it():
    ce = decide(sigmoid(-x), sigmoid(x)).counterexample
    steps = [_step(r"a", "b", "holds", line=2, strength="proof"),
             _step(r"\sigma(-x)", r"1 - \sigma(x)", "holds", line=5, strength="proof"),
             _step(r"1 - \sigma(x)", r"\sigma(x)", "wrong", line=5, counterexample=ce,
                   reading={"from": "1 - sigmoid(x)", "to": "sigmoid(x)"})]
    out = report.get_audit("html").render(_audit(steps))
    cards = re.findall(r'<article class="card item s-(\w+)" data-status="([\w ]+)"', out)
    assert cards == [("wrong", "wrong holds"), ("holds", "holds")]
    first = out[out.index("<article"):out.index("</article>")]
    assert re.findall(r'<li class="(broken)?"', first) == ["", "broken"]
    assert "<svg" in first and "at x = " in first and first.count("<math") == 2


def test_cli_writes_html_for_check_and_audit_and_json_never_imports_matplotlib(tmp_path):
    doc = tmp_path / "notes.md"
    doc.write_text("# Q1\n\n$$\\sigma(-x) = \\sigma(x)$$\n")
    out = tmp_path / "a.html"
    r = subprocess.run([sys.executable, "cli.py", "audit", str(doc), "--format", "html", "-o", str(out),
                        "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr                     # the exit code is the audit's
    page = out.read_text()
    assert "<math" in page and "<svg" in page and "broken" in page
    code = ("import sys; from checks.io.cli_main import main\n"
            f"main(['check', '003', '--format', 'json', '-o', {str(tmp_path / 'c.json')!r}])\n"
            f"main(['audit', {str(doc)!r}, '--format', 'json', '-o', {str(tmp_path / 'a.json')!r}])\n"
            "print('matplotlib' in sys.modules, 'latex2mathml' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.stdout.strip().splitlines()[-1] == "False False", r.stdout + r.stderr
    assert json.loads((tmp_path / "c.json").read_text())["claims"] and (tmp_path / "a.json").exists()


# --- in a real browser ---------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

# Installed first thing in <head>: every error, console.error and CSP violation is kept.
CATCH = ("window.__errors=[];window.addEventListener('error',function(e){__errors.push('error: '+e.message);});"
         "document.addEventListener('securitypolicyviolation',function(e){__errors.push('csp: '+e.violatedDirective);});"
         "(function(){var c=console.error;console.error=function(){__errors.push('console: '+[].join.call(arguments,' '));"
         "return c.apply(console,arguments);};})();")
# After the page's own script: what was laid out, written into the DOM for --dump-dom.
PROBE = ("(function(){function box(e){var r=e.getBoundingClientRect();return [Math.round(r.width),Math.round(r.height)];}"
         "var maths=[].slice.call(document.querySelectorAll('math'));"
         "var svgs=[].slice.call(document.querySelectorAll('figure.plot svg'));"
         "var out={maths:maths.length,maths_laid_out:maths.filter(function(m){var b=box(m);return b[0]>0&&b[1]>0;}).length,"
         "math_display:maths.length?getComputedStyle(maths[0]).display:'',"
         "svgs:svgs.length,svgs_laid_out:svgs.filter(function(s){var b=box(s);return b[0]>50&&b[1]>50;}).length};"
         "var f=document.getElementById('filter');out.filter_shown=!f.hidden;"
         "out.items=document.querySelectorAll('.item:not([hidden])').length;"
         "f.querySelectorAll('input[name=status]').forEach(function(c){if(c.value!=='wrong')c.checked=false;});"
         "f.dispatchEvent(new Event('change'));"
         "var shown=[].slice.call(document.querySelectorAll('.item:not([hidden])'));out.wrong_only=shown.length;"
         "out.wrong_only_all_wrong=shown.every(function(e){return e.getAttribute('data-status').split(' ').indexOf('wrong')>=0;});"
         "out.errors=window.__errors;"
         "var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(out);"
         "document.body.appendChild(pre);})();")


def _sha(js: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(js.encode()).digest()).decode() + "'"


def _probed(page: str) -> str:
    """A copy of the page with the test's two scripts, allowed by the page's own policy."""
    page = page.replace("script-src ", f"script-src {_sha(CATCH)} {_sha(PROBE)} ", 1)
    page = page.replace("<head>", f"<head><script>{CATCH}</script>", 1)
    return page.replace("</body>", f"<script>{PROBE}</script></body>", 1)


def _chromium(*args, timeout=180):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-dev-shm-usage", *args],
                          capture_output=True, text=True, timeout=timeout)


def _rendered(tmp_path, name, page):
    probed = tmp_path / f"{name}-probed.html"
    probed.write_text(_probed(page))
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", probed.as_uri()).stdout
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert m, f"the probe did not run: {dom[-500:]!r}"
    plain = tmp_path / f"{name}.html"
    plain.write_text(page)
    png = tmp_path / f"{name}.png"
    _chromium("--window-size=1000,1400", f"--screenshot={png}", plain.as_uri())
    assert png.exists() and png.stat().st_size > 10_000, "no screenshot"
    import html as html_mod
    return json.loads(html_mod.unescape(m.group(1)))


def _assert_rendered(probe):
    assert probe["errors"] == []
    assert probe["maths"] > 0 and probe["maths_laid_out"] == probe["maths"], probe   # MathML, each laid out
    assert "math" in probe["math_display"], probe                             # as MathML, not as unknown tags
    assert probe["svgs"] > 0 and probe["svgs_laid_out"] == probe["svgs"], probe   # every plot visible
    assert probe["filter_shown"] and 0 < probe["wrong_only"] < probe["items"] and probe["wrong_only_all_wrong"]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs the Debian "
                    "package chromium; the install failed or is not possible here)")
def test_the_pages_render_in_headless_chromium(tmp_path):
    r = subprocess.run([sys.executable, "cli.py", "check", "all", "--format", "html", "-o", str(tmp_path / "c.html")],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    check = _rendered(tmp_path, "check", (tmp_path / "c.html").read_text())
    _assert_rendered(check)
    doc = tmp_path / "001.md"
    shutil.copy(ROOT / "bench" / "annotated" / "001_68c8a4eb10a0233d.md", doc)
    r = subprocess.run([sys.executable, "cli.py", "audit", str(doc), "--format", "html", "-o", str(tmp_path / "a.html")],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    audit = _rendered(tmp_path, "audit", (tmp_path / "a.html").read_text())
    _assert_rendered(audit)
