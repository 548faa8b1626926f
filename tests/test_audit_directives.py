"""Directives of the audit (checks/io/audit/parse/directives.py): where they are found, what each
one parses into, which display it applies to, and the one-line error of a malformed one.
Also the HTML-comment rule of the extraction that directives rely on."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.io.audit import displays, extract
from checks.io.audit.parse.directives import (MAX_SIZES, Directive, DirectiveError, Directives,
                                        directives, parse)
from checks.io.audit.parse.load import DocumentError


# --- one directive: text -> records ----------------------------------------------------

PARSED = [
    ("assume x > 0", [("assume", ("relation", "x > 0"))]),
    ("assume 0 < \\beta < 1", [("assume", ("relation", "0 < \\beta < 1"))]),
    ("assume 0 < beta < 1", [("assume", ("relation", "0 < beta < 1"))]),
    ("assume x \\ge 0", [("assume", ("relation", "x \\ge 0"))]),
    ("assume $x > 0$", [("assume", ("relation", "x > 0"))]),
    ("assume i \\neq j", [("assume", ("relation", "i \\neq j"))]),
    ("assume n integer", [("assume", ("integer", "n"))]),
    ("assume n is an integer", [("assume", ("integer", "n"))]),
    ("assume m, n integer", [("assume", ("integer", "m")), ("assume", ("integer", "n"))]),
    ("assume \\lambda positive", [("assume", ("positive", "\\lambda"))]),
    ("assume x, y > 0", [("assume", ("relation", "x > 0")), ("assume", ("relation", "y > 0"))]),
    ("assume \\alpha, \\beta \\ge 1", [("assume", ("relation", "\\alpha \\ge 1")),
                                     ("assume", ("relation", "\\beta \\ge 1"))]),
    ("assume f(x, y) > 0", [("assume", ("relation", "f(x, y) > 0"))]),
    ("assume x_{i,j} \\neq 0", [("assume", ("relation", "x_{i,j} \\neq 0"))]),
    ("assume \\sum_{i=1}^{n} w_i = 1", [("assume", ("relation", "\\sum_{i=1}^{n} w_i = 1"))]),
    # an equality gives a name a value: a define, not an interval to sample from
    ("assume \\beta = 0", [("define", ("\\beta", "0"))]),
    ("assume $n = 1$", [("define", ("n", "1"))]),
    ("assume x, y = \\frac{1}{2}", [("define", ("x", "\\frac{1}{2}")), ("define", ("y", "\\frac{1}{2}"))]),
    ("assume 0 = \\beta", [("assume", ("relation", "0 = \\beta"))]),
    ("let \\sigma = sigmoid", [("let", ("\\sigma", "sigmoid"))]),
    ("let e = symbol", [("let", ("e", "symbol"))]),
    ("let f, g = function", [("let", ("f", "function")), ("let", ("g", "function"))]),
    ("let \\mathrm = softmax", [("let", ("\\mathrm", "softmax"))]),
    ("let h_1 = function", [("let", ("h_1", "function"))]),
    ("let W_{t+1,i} = symbol", [("let", ("W_{t+1,i}", "symbol"))]),
    ("let \\bar{W}_o, \\mathbf{x} = symbol", [("let", ("\\bar{W}_o", "symbol")), ("let", ("\\mathbf{x}", "symbol"))]),
    ("let \\operatorname{sg} = function", [("let", ("\\operatorname{sg}", "function"))]),
    # names as the reader spells them, so that a directive settles the name of the formula
    ("let c_{1} = symbol", [("let", ("c_1", "symbol"))]),
    ("let \\hat y, \\mathbf c = symbol", [("let", ("\\hat{y}", "symbol")), ("let", ("\\mathbf{c}", "symbol"))]),
    ("sizes n_{1} = 2..3", [("sizes", ("n_1", 2, 3))]),
    ("assume \\hat y positive", [("assume", ("positive", "\\hat{y}"))]),
    ("assume beta = 0", [("define", ("\\beta", "0"))]),      # as assume 0 < beta < 1 reads beta
    ("let eta, Theta = symbol", [("let", ("\\eta", "symbol")), ("let", ("\\Theta", "symbol"))]),
    ("let a_{\\text{out}} = symbol", [("let", ("a_{\\text{out}}", "symbol"))]),
    ("let L_{\\mathrm{reg}}, W_{\\text{in},2} = symbol",
     [("let", ("L_{\\mathrm{reg}}", "symbol")), ("let", ("W_{\\text{in},2}", "symbol"))]),
    ("index i j k", [("index", ("i", "j", "k"))]),
    ("index m, n", [("index", ("m", "n"))]),
    ("index \\mu \\nu", [("index", ("\\mu", "\\nu"))]),
    ("define L(p) = \\log\\frac{p}{1-p}", [("define", ("L(p)", "\\log\\frac{p}{1-p}"))]),
    ("define s := \\sum_{i=1}^{n} x_i", [("define", ("s", "\\sum_{i=1}^{n} x_i"))]),
    ("define Y_{mn} = \\sum_p X_{mp} W_{np} + B_{mn}",
     [("define", ("Y_{mn}", "\\sum_p X_{mp} W_{np} + B_{mn}"))]),
    ("define g \\coloneqq a = b", [("define", ("g", "a = b"))]),
    ("define f(x) = a\\;b", [("define", ("f(x)", "a\\;b"))]),
    ("define f(x, y) = \\max(x, y)", [("define", ("f(x, y)", "\\max(x, y)"))]),
    ("define \\hat{y}_{i} = \\left(a = b\\right)", [("define", ("\\hat{y}_{i}", "\\left(a = b\\right)"))]),
    ("sizes n = 1..6", [("sizes", ("n", 1, 6))]),
    ("sizes n = 3", [("sizes", ("n", 3, 3))]),
    ("sizes m, n = 2 .. 5", [("sizes", ("m", 2, 5)), ("sizes", ("n", 2, 5))]),
    ("sizes T = 1\\ldots 4", [("sizes", ("T", 1, 4))]),
    (f"sizes n = 1..{MAX_SIZES}", [("sizes", ("n", 1, MAX_SIZES))]),
    ("label Q4.3", [("label", ("Q4.3",))]),
    ("label: Problem 2(b)", [("label", ("Problem 2(b)",))]),
    ("skip: a figure, not an identity", [("skip", ("a figure, not an identity",))]),
    ("skip", [("skip", ("",))]),
    ("expect wrong: minor: the sign of the last term", [("expect", ("wrong", "minor", "the sign of the last term"))]),
    ("expect wrong: major", [("expect", ("wrong", "major", ""))]),
    ("expect wrong: notation: x_i for x_j: a slip", [("expect", ("wrong", "notation", "x_i for x_j: a slip"))]),
    ("expect wrong", [("expect", ("wrong", None, ""))]),
    ("expect holds", [("expect", ("holds", None, ""))]),
]


@pytest.mark.parametrize("text,expected", PARSED, ids=[p[0] for p in PARSED])
def test_parse(text, expected):
    got = parse(text, 7)
    assert [(d.kind, d.args) for d in got] == expected
    assert all(d.line == 7 and d.scope == "display" and d.text == text for d in got)


MALFORMED = [
    ("asume x > 0", "line 12: unknown directive 'asume x > 0' (one of assume, let, index, define, "
                    "sizes, label, skip, expect)"),
    ("Assume x > 0", "unknown directive 'Assume x > 0'"),
    ("42", "unknown directive '42'"),
    ("assume x", "assume needs a relation"),
    ("assume n natural", "PROPERTY one of integer"),
    ("assume", "assume needs a relation"),
    ("assume x > \\frac{1", "1 { without its }"),
    ("assume x > 0, y > 0", "one relation per assume (assume x > 0; assume y < 1)"),
    ("assume 0 < x, y < 1", "one relation per assume"),       # both in (0, 1), or only 0 < x?
    ("assume x > 1}", "a } without its {"),
    ("assume x =", "assume NAME = VALUE needs a value after ="),
    ("let \\sigma = sigmod", "meaning 'sigmod' is not one of sigmoid, softmax, function, symbol"),
    ("let \\sigma", "let needs NAME = MEANING"),
    ("let x+y = function", "let needs NAME = MEANING"),
    ("index", "index needs letters"),
    ("index ij", "index takes single letters (index i j k), not 'ij'"),
    ("index i 2", "not '2'"),
    ("define f(x)", "define needs LHS = RHS"),
    ("define = 3", "define needs both sides of ="),
    ("define f = \\frac{1}{x", "1 { without its }"),
    ("sizes n = 1..1000", "line 12: 'sizes n = 1..1000': at most 64 sizes"),
    ("sizes n = 0..64", "at most 64 sizes, not 65"),
    ("sizes n = 6..1", "the range is empty (6 > 1)"),
    ("sizes n = 100..101", "sizes go up to 64, not 101"),
    ("sizes n = 1-6", "sizes needs NAME = LO..HI"),
    ("sizes n = -1..3", "sizes needs NAME = LO..HI"),
    ("sizes n = 1..99999999999999999999", "sizes needs NAME = LO..HI"),
    ("sizes = 1..3", "sizes needs NAME = LO..HI"),
    ("label", "label needs a text"),
    ("label " + "x" * 100, "a label of 100 characters (at most 80)"),
    ("expect rong", "expect needs wrong or holds"),
    ("expect", "expect needs wrong or holds"),
    ("expect wrong: typo in the sign", "severity 'typo in the sign' is not one of major, minor, notation"),
    ("assume x > 0\x00", "control character U+0000"),
    ("label Q1\u202e", "control character U+202E"),
    ("define f = " + "x" * 3000, "of 3,011 characters (at most 2,000)"),
]


@pytest.mark.parametrize("text,message", MALFORMED, ids=[m[0][:30] for m in MALFORMED])
def test_malformed_directive_is_one_line_naming_it(text, message):
    with pytest.raises(DirectiveError) as e:
        parse(text, 12)
    msg = str(e.value)
    assert message in msg
    assert msg.startswith("line 12: ") and "\n" not in msg and len(msg) < 240
    assert isinstance(e.value, DocumentError) and isinstance(e.value, ValueError)


# --- where directives are written and which display they apply to ---------------------------

def own(text, kind="markdown"):
    """{first line of each display: [(kind, args, line), ...]} and the file-wide list."""
    ds = directives(text, kind)
    per = {d.first_line: [(x.kind, x.args, x.line) for x in ds.own(d)] for d in displays(text, kind)}
    return {k: v for k, v in per.items() if v}, [(x.kind, x.args, x.line) for x in ds.file]


def test_markdown_comment_applies_to_next_display_across_prose():
    text = ("# Q1\n"
            "<!-- derivcheck: assume x > 0; let \\sigma = sigmoid -->\n"
            "Since $x > 0$ we get\n"
            "\n"
            "$$\\sigma(x) = y$$\n"
            "$$a = b$$\n")
    per, file = own(text)
    assert per == {5: [("assume", ("relation", "x > 0"), 2), ("let", ("\\sigma", "sigmoid"), 2)]}
    assert file == []


def test_several_comments_before_one_display_add_up():
    text = "<!-- derivcheck: label Q2 -->\n<!-- derivcheck: skip: a diagram -->\n$$a = b$$\n"
    per, _ = own(text)
    assert per == {3: [("label", ("Q2",), 1), ("skip", ("a diagram",), 2)]}


def test_file_wide_comment_anywhere_applies_to_all():
    text = "$$a = b$$\n<!-- derivcheck-file: index i j; sizes n = 1..4 -->\n$$c = d$$\n"
    ds = directives(text)
    assert [(d.kind, d.args, d.scope) for d in ds.file] == \
        [("index", ("i", "j"), "file"), ("sizes", ("n", 1, 4), "file")]
    first, second = displays(text)
    assert ds.own(first) == ds.own(second) == ()
    assert ds.for_display(first) == ds.file


def test_multiline_comment_one_directive_per_line_with_their_lines():
    text = ("<!-- derivcheck-file:\n"
            "  index i j k\n"
            "  let \\sigma = sigmoid; sizes n = 1..6\n"
            "  skip: not a derivation\n"
            "-->\n$$x = y$$")
    _, file = own(text)
    assert file == [("index", ("i", "j", "k"), 2), ("let", ("\\sigma", "sigmoid"), 3),
                    ("sizes", ("n", 1, 6), 3), ("skip", ("not a derivation",), 4)]


def test_line_break_outside_braces_ends_a_directive():
    # a wrapped define must keep its line break inside braces; otherwise the next line is
    # a directive of its own, and an error names it (never silently glued to the define)
    text = "<!-- derivcheck-file:\n  define Y = \\sum_p\n     X_{mp} W_{np}\n-->"
    with pytest.raises(DirectiveError, match=r"^line 3: unknown directive 'X_\{mp\} W_\{np\}'"):
        directives(text)


def test_line_break_inside_braces_continues_a_directive():
    text = ("<!-- derivcheck-file:\n"
            "  define f(x) = \\frac{1}{1 +\n"
            "     e^{-x}}\n"
            "  sizes n = 1..6\n"
            "-->\n$$x = y$$")
    _, file = own(text)
    assert [(k, a[0]) for k, a, _ in file] == [("define", "f(x)"), ("sizes", "n")]
    assert file[0][1][1].split() == ["\\frac{1}{1", "+", "e^{-x}}"]
    assert [line for *_, line in file] == [2, 4]


def test_percent_comment_inside_a_display_applies_to_that_display():
    text = ("$$a = b$$\n"
            "$$\\begin{aligned}\n"
            "f(x) &= x^2 \\\\ % derivcheck: expect wrong: minor: the square\n"
            "&= 2x\n"
            "\\end{aligned}$$\n"
            "$$c = d$$\n")
    per, _ = own(text)
    assert per == {2: [("expect", ("wrong", "minor", "the square"), 3)]}
    # and the comment is no part of the steps
    assert [s.to for s in extract(text)][1:3] == ["x^2", "2x"]


def test_escaped_percent_is_not_a_comment():
    text = "$$p = 50\\% derivcheck: skip$$\n$$a = b$$"
    assert directives(text).attached == {}


def test_latex_file_comments():
    tex = ("\\section{Problem 1}\n"
           "% derivcheck-file: let \\sigma = function\n"
           "%% derivcheck: skip: a figure\n"
           "Some text, 50\\% derivcheck: label X\n"
           "\\[ a = b \\]\n"
           "\\begin{align}\n"
           "  % derivcheck: label 1(c)\n"
           "  a &= b\n"
           "\\end{align}\n")
    per, file = own(tex, "latex")
    assert file == [("let", ("\\sigma", "function"), 2)]
    assert per == {5: [("skip", ("a figure",), 3)], 6: [("label", ("1(c)",), 7)]}


def test_html_comments_are_not_directives_in_latex():
    assert directives("<!-- derivcheck: label A -->\n\\[a=b\\]", "latex").attached == {}
    assert directives("% other comment\n$$a = b <!-- note --> $$", "markdown").all() == ()


def test_directives_in_code_are_examples_not_directives():
    text = ("```\n<!-- derivcheck: asume x > 0 -->\n```\n"
            "Write `<!-- derivcheck: skip -->` before a display.\n"
            "$$a = b$$\n")
    assert directives(text).attached == {} and directives(text).file == ()
    tex = "\\begin{verbatim}\n% derivcheck: nonsense\n\\end{verbatim}\n\\[a=b\\]"
    assert directives(tex, "latex").all() == ()


def test_other_comments_are_ignored():
    text = "<!-- TODO: check this -->\n<!-- derivcheck is a tool -->\n$$a = b$$"
    assert directives(text).all() == ()


def test_inline_formulae_never_carry_directives():
    text = "<!-- derivcheck: skip: prose -->\nso $a = b$ and then\n$$c = d$$"
    found = displays(text, inline=True)
    ds = directives(text, found=found)
    inline, block = found
    assert inline.inline and ds.own(inline) == ()
    assert [d.kind for d in ds.own(block)] == ["skip"]
    assert ds == directives(text)


def test_directives_record_is_frozen_and_hashable():
    d = parse("label Q1", 1)[0]
    with pytest.raises(AttributeError):
        d.kind = "skip"
    assert hash(d) == hash(Directive("label", ("Q1",), 1, "display", "label Q1"))
    hash(directives("<!-- derivcheck-file: index i -->"))
    assert isinstance(directives(""), Directives)


# --- document-level errors ---------------------------------------------------------------

DOCUMENT_ERRORS = [
    ("a\n\n<!-- derivcheck: skip -->\nno display after it",
     "line 3: derivcheck: comment with no display after it"),
    ("$$a=b$$\n<!-- derivcheck-files: index i -->", "line 2: unknown comment tag 'derivcheck-files:'"),
    ("<!-- DerivCheck: skip -->\n$$a=b$$", "unknown comment tag 'DerivCheck:'"),
    ("x\n<!-- derivcheck: skip\n$$a=b$$", "line 2: derivcheck comment is never closed"),
    ("<!-- derivcheck-file: label Q1 -->", "line 1: label names one display, not the whole file"),
    ("<!-- derivcheck-file: expect wrong -->", "expect names one display"),
    ("<!-- derivcheck: label A -->\n<!-- derivcheck: label B -->\n$$a=b$$",
     "line 2: a second label for the display at line 3 (the first is on line 1)"),
    ("<!-- derivcheck: expect wrong; expect holds -->\n$$a=b$$", "a second expect"),
    ("<!-- derivcheck: skip; expect wrong: minor -->\n$$a=b$$", "expect and skip on the display at line 2"),
    ("<!-- derivcheck-file: let f = function -->\n<!-- derivcheck-file: let f = symbol -->",
     "line 2: 'let f = symbol' contradicts 'let f = function' on line 1"),
    ("<!-- derivcheck-file: sizes n = 1..4; sizes n = 2..3 -->", "contradicts 'sizes n = 1..4'"),
    ("<!-- derivcheck: index i\n  asume x > 0 -->\n$$a=b$$", "line 2: unknown directive 'asume x > 0'"),
    ("% derivcheck: asume x\n\\[a=b\\]", "line 1: unknown directive"),
    # written where it would be lost: an error rather than a directive silently ignored
    ("Intro\n% derivcheck: skip\n$$a=b$$", "line 2: a % comment is LaTeX, shown as text in Markdown"),
    ("$$a = b\n<!-- derivcheck: skip -->\n$$", "line 2: an HTML comment inside a display is part "
                                               "of the formula: write % derivcheck: ... there"),
]


@pytest.mark.parametrize("text,message", DOCUMENT_ERRORS, ids=[e[1][:40] for e in DOCUMENT_ERRORS])
def test_document_errors(text, message):
    kind = "latex" if text.startswith("%") else "markdown"
    with pytest.raises(DirectiveError) as e:
        directives(text, kind)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_same_let_twice_is_not_a_contradiction():
    text = "<!-- derivcheck-file: let f = function; let f = function -->"
    assert len(directives(text).file) == 2


# --- extraction: math inside an HTML comment is not the document's --------------------------

def test_math_inside_html_comment_is_not_audited():
    text = ("<!-- an old version:\n$$a = b + 1$$\n-->\n"
            "<!-- derivcheck: define f(x) = \\frac{1}{x}; assume $x>0$ -->\n"
            "$$c = d$$\n")
    assert [(d.latex, d.first_line) for d in displays(text)] == [("c = d", 5)]
    assert [(s.from_, s.to) for s in extract(text, inline=True)] == [("c", "d")]


def test_unclosed_html_comment_is_text_and_math_after_it_is_audited():
    text = "a <!-- stray\n$$a = b$$"
    assert [d.latex for d in displays(text)] == ["a = b"]


def test_lines_inside_html_comment_are_not_location_markers():
    text = "## Question 1\n<!--\nQuestion 7\n-->\n$$a = b$$"
    assert [d.location for d in displays(text)] == ["Q1"]


# --- the seed documents: marked copies ----------------------------------------------------

SEEDS = sorted(Path("/work/shared/seeds").glob("*.txt")) if Path("/work/shared/seeds").is_dir() else []
OPENERS = {"$$": 2, "\\[": 2}


def marked(text):
    """``text`` with a label directive just before the opening delimiter of every display
    (no line break added, so every line number stays the same)."""
    found = [d for d in displays(text) if not d.unterminated]
    out, pos = [], 0
    for k, d in enumerate(found):
        at = d.start - OPENERS.get(d.delimiter, 0)
        out += [text[pos:at], f"<!-- derivcheck: label L{k}; assume x_{{{k}}} > 0 -->"]
        pos = at
    out.append(text[pos:])
    return "".join(out), len(found)


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_documents_as_marked_copies(path):
    text = path.read_text()
    assert directives(text).all() == ()
    copy, n = marked(text)
    found = [d for d in displays(copy) if not d.unterminated]
    ds = directives(copy)
    assert len(found) == n > 0
    assert [[x.args for x in ds.own(d)] for d in found] == \
        [[(f"L{k}",), ("relation", f"x_{{{k}}} > 0")] for k in range(n)]
    key = [(s.line, s.relation, s.from_, s.to) for s in extract(text)]
    assert [(s.line, s.relation, s.from_, s.to) for s in extract(copy)] == key


def test_crlf_text_given_directly_is_read_like_lf():
    # load() normalises line ends; a caller of the API may pass CRLF text as it is
    crlf = "<!-- derivcheck-file: index i j\r\n  define f(x) = {a +\r\n b}\r\n-->\r\n$$a=b$$\r\n"
    lf = crlf.replace("\r\n", "\n")
    assert directives(crlf) == directives(lf)
    assert [d.args for d in directives(crlf).file] == [("i", "j"), ("f(x)", "{a + b}")]


def test_let_with_a_word_in_the_subscript_settles_the_call_or_product_reading():
    """``L_{\\text{reg}}(a + b)`` does not hold until a directive says what the name is (a
    product only by the evidence of its bare use); the name in the directive is spelled with
    its subscript word, as the reader spells it."""
    from checks import audit_text
    body = "$$ L_{\\text{reg}}(a + b) = L_{\\text{reg}} a + L_{\\text{reg}} b $$\n"
    bare = audit_text("# Q1\n" + body).documents[0].steps[0]
    assert bare.status in ("not_read", "undecided") and "L_{\\text{reg}}" in bare.reason
    said = audit_text("# Q1\n<!-- derivcheck: let L_{\\text{reg}} = symbol -->\n" + body).documents[0].steps[0]
    assert said.status == "holds"
    as_function = audit_text("# Q1\n<!-- derivcheck: let L_{\\text{reg}} = function -->\n" + body)
    assert as_function.documents[0].steps[0].status != "holds"


def test_assumed_equality_gives_the_name_its_value_in_the_display_only():
    """``assume \\beta = 0`` (DESIGN: ``assume REL``) was an error ("cannot read") for an
    equality; it now does what ``define \\beta = 0`` does, for its display only."""
    from checks import audit_text
    head = ("# 4(a)\n\n$$h(x) = \\frac{x}{1 + \\exp(-\\beta x)}$$\n\nTake $\\beta = 0$:\n\n")
    body = "$$h(x) = \\frac{x}{2}$$\n"
    said = audit_text(head + "<!-- derivcheck: assume \\beta = 0 -->\n" + body + "\n" + body).documents[0].steps
    defined = audit_text(head + "<!-- derivcheck: define \\beta = 0 -->\n" + body + "\n" + body).documents[0].steps
    assert [s.status for s in said] == [s.status for s in defined]
    assert said[1].status == "holds" and said[1].line == 8
    assert said[2].status != "holds"          # the next display is general in beta again
    wrong = audit_text(head + "<!-- derivcheck: assume \\beta = 1 -->\n" + body).documents[0].steps
    assert wrong[1].status in ("wrong", "undecided")


def test_let_symbol_settles_a_name_the_prose_declares_an_array():
    """``let x = symbol`` says x is a number in its display: the question's ``x \\in \\mathbb{R}^{D \\times D}``
    no longer makes the step undecided ("x declared matrices: read here as numbers"). (A declared
    vector in this step is read entrywise without the directive: tests/test_audit_declared.py.)"""
    from checks import audit_text
    head = "# Q3\n\nA map of matrices, for all $x \\in \\mathbb{R}^{D \\times D}$.\n\n"
    body = "$$\\tanh\\left(\\frac{x}{2}\\right) + 1 = \\frac{2}{1 + e^{-x}}$$\n"
    bare = audit_text(head + body).documents[0].steps[0]
    assert bare.status == "undecided" and "x declared matrices" in bare.reason
    said = audit_text(head + "<!-- derivcheck: let x = symbol -->\n" + body).documents[0].steps[0]
    assert said.status == "holds"


@pytest.mark.parametrize("written", ["c_{1}", "c_1"])
def test_let_symbol_spelt_otherwise_settles_the_name_of_the_formula(written):
    """``let c_{1} = symbol`` names the ``c_1`` of the formula: it settles "c_1 may depend on a"
    as ``let c_1 = symbol`` does (the directive's name was compared as written before)."""
    from checks import audit_text
    body = "$$\\frac{\\partial}{\\partial a} c_1 a^2 = 2 c_1 a$$\n"
    bare = audit_text("# Q1\n" + body).documents[0].steps[0]
    assert bare.status == "undecided" and "c_1 may depend on a" in bare.reason
    said = audit_text(f"# Q1\n<!-- derivcheck: let {written} = symbol -->\n" + body).documents[0].steps[0]
    assert said.status == "holds"
