"""The document's own macros (macros.py) and small syntax (decimal comma, evaluation bar,
two aligned relations on a row): tables of expansions and readings, hostile macros."""
from __future__ import annotations

import pytest

from checks.io.audit.parse.macros import GROWTH, MAX_DEPTH, definitions, expand_document
from checks.io.audit.reading.notation import NotRead
from checks.io.audit.reading.read import read


def _tex(preamble: str, body: str) -> str:
    return f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"


def _display(text: str) -> str:
    """The content of the (first) \\[...\\] of the expanded text."""
    return text.split("\\[", 1)[1].split("\\]", 1)[0].strip()


# --- expansion tables ---------------------------------------------------------------------

EXPANSIONS = [
    (r"\newcommand{\vz}{\mathbf{z}}", r"\vz^2 + \vz_1", r"\mathbf{z}^2 + \mathbf{z}_1"),
    (r"\newcommand\vz{\mathbf z}", r"a\vz", r"a\mathbf z"),
    (r"\newcommand*{\R}{\mathbb{R}}", r"x \in \R^n", r"x \in \mathbb{R}^n"),
    (r"\newcommand{\norm}[1]{\left\lVert #1 \right\rVert}", r"\norm{x - y}^2",
     r"\left\lVert x - y \right\rVert^2"),
    (r"\newcommand{\ip}[2]{\langle #1, #2 \rangle}", r"\ip x{y+1}", r"\langle x, y+1 \rangle"),
    (r"\newcommand{\pd}[2][L]{\frac{\partial #1}{\partial #2}}", r"\pd{w} = \pd[f]{x}",
     r"\frac{\partial L}{\partial w} = \frac{\partial f}{\partial x}"),
    (r"\DeclareMathOperator{\GELU}{GELU}", r"\GELU(x)", r"\operatorname{GELU}(x)"),
    (r"\DeclareMathOperator*{\argmax}{arg\,max}", r"\argmax_x f", r"\operatorname*{arg\,max}_x f"),
    (r"\newcommand{\half}{\frac{1}{2}}\newcommand{\sq}[1]{\half #1^2}", r"\sq{x}", r"\frac{1}{2} x^2"),
    (r"\newcommand{\al}{\alpha}", r"\al x", r"\alpha x"),
    (r"\newcommand{\al}{\alpha}", r"\al{}x", r"\alpha{}x"),
    (r"\newcommand{\x}{x}", r"\beta\x", r"\beta x"),
    (r"\newcommand{\hash}[1]{#1 ## 2}", r"\hash{a}", r"a # 2"),
    (r"\newcommand{\vz}{\mathbf z}\renewcommand{\vz}{\mathbf y}", r"\vz", r"\mathbf y"),
    # a known command redefined: the document's body is what it means
    (r"\renewcommand{\exp}[1]{e^{#1}}", r"\exp{x}", r"e^{x}"),
    # \providecommand does not replace a definition, nor a command LaTeX has
    (r"\newcommand{\vz}{\mathbf z}\providecommand{\vz}{\mathbf y}", r"\vz", r"\mathbf z"),
    (r"\providecommand{\exp}{E}\providecommand{\vy}{\mathbf y}", r"\exp x + \vy", r"\exp x + \mathbf y"),
]


@pytest.mark.parametrize("preamble,use,expanded", EXPANSIONS)
def test_expansion_table(preamble, use, expanded):
    text = _tex(preamble, f"\\[ {use} \\]")
    out = expand_document(text, "latex")
    assert _display(out) == expanded
    assert out.count("\n") == text.count("\n")
    assert "newcommand" not in out and "DeclareMathOperator" not in out


def test_a_document_without_macros_is_left_as_it_is():
    text = _tex("", "\\[ \\vz = 1 \\]")
    assert expand_document(text, "latex") is text


def test_lines_are_kept_when_a_use_spans_lines():
    text = _tex(r"\newcommand{\norm}[1]{\lVert #1 \rVert}", "\\[ \\norm{a\n+ b} = c \\]\n\\[ d = e \\]")
    out = expand_document(text, "latex")
    assert out.count("\n") == text.count("\n")
    assert [i for i, l in enumerate(out.split("\n")) if "d = e" in l] == \
        [i for i, l in enumerate(text.split("\n")) if "d = e" in l]


# --- scope: where a definition holds ------------------------------------------------------

def test_a_macro_holds_from_where_it_is_defined():
    text = _tex("", "\\[ \\vz = 1 \\]\n\\newcommand{\\vz}{\\mathbf z}\n\\[ \\vz = 2 \\]")
    out = expand_document(text, "latex")
    assert "\\[ \\vz = 1 \\]" in out and "\\[ \\mathbf z = 2 \\]" in out


def test_a_definition_inside_a_group_ends_with_it():
    body = ("{\\newcommand{\\a}{x}\n\\[ \\a = 1 \\]}\n\\[ \\a = 2 \\]\n"
            "\\begin{itemize}\\item \\newcommand{\\b}{y} $\\b = 3$\\end{itemize}\n\\[ \\b = 4 \\]\n"
            "\\[ \\newcommand{\\c}{z} \\c = 5 \\]\n\\[ \\c = 6 \\]")
    out = expand_document(_tex("", body), "latex")
    for kept in ("x = 1", "\\a = 2", "y = 3", "\\b = 4", "z = 5", "\\c = 6"):
        assert kept in out, kept


def test_markdown_definitions_hold_for_the_rest_of_the_page():
    text = "$$\\vz = 0$$\n\n$$\\newcommand{\\vz}{\\mathbf z}$$\n\nThen $$\\vz = 1$$ and $\\vz$.\n"
    out = expand_document(text, "markdown")
    assert "$$\\vz = 0$$" in out and "$$\\mathbf z = 1$$" in out and "$\\mathbf z$" in out


def test_definitions_in_comments_and_code_are_not_read():
    assert definitions("% \\newcommand{\\a}{x}\n\\[ \\a \\]", "latex") == []
    assert definitions("```\n\\newcommand{\\a}{x}\n```\n<!-- \\newcommand{\\b}{y} -->\n", "markdown") == []


# --- hostile macros -------------------------------------------------------------------------

def _reason(preamble: str, use: str) -> str:
    out = _display(expand_document(_tex(preamble, f"\\[ {use} \\]"), "latex"))
    with pytest.raises(NotRead) as e:
        read(out)
    return e.value.reason


def test_a_macro_using_itself_is_refused_by_name():
    why = _reason(r"\newcommand{\a}{1 + \a}", r"\a")
    assert why.startswith("macro \\a is not expanded") and str(MAX_DEPTH) in why


def test_two_macros_using_each_other_are_refused():
    why = _reason(r"\newcommand{\a}{\b}\newcommand{\b}{\a}", r"\b")
    assert why.startswith("macro \\b is not expanded") and "deep" in why


def test_a_huge_expansion_is_refused_by_size():
    pre = "\\newcommand{\\a}{xxxxxxxxxx}" + "".join(
        f"\\newcommand{{\\{n}}}{{\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}}}"
        for p, n in zip("abcdefgh", "bcdefghi"))
    assert "characters" in _reason(pre, r"\i")
    # many uses, each small: the document's budget ends them
    many = " + ".join(["\\e"] * (GROWTH // 100_000 + 2))
    out = _display(expand_document(_tex(pre, f"\\[ {many} \\]"), "latex"))
    assert "macronotread{e}" in out and str(GROWTH) in out


@pytest.mark.parametrize("body,command", [
    (r"\input{/etc/passwd}", "\\input"), (r"\def\x{1}\x", "\\def"), (r"\csname x\endcsname", "\\csname"),
    (r"\immediate\write18{touch /tmp/x}", "\\immediate"), (r"\catcode`\^=7", "\\catcode"),
    (r"\let\a\b", "\\let"), (r"\newcommand{\b}{1}", "\\newcommand")])
def test_a_macro_hiding_a_refused_command_is_refused_by_its_own_name(body, command):
    why = _reason(f"\\newcommand{{\\m}}{{{body}}}", r"x + \m")
    assert why.startswith("macro \\m is not expanded") and command in why


def test_a_macro_using_a_refused_one_names_both():
    why = _reason(r"\newcommand{\evil}{\input{x}}\newcommand{\ok}{1 + \evil}", r"\ok")
    assert why.startswith("macro \\ok is not expanded") and "\\evil" in why and "\\input" in why


def test_the_refused_primitives_cannot_be_redefined():
    out = expand_document(_tex(r"\renewcommand{\input}{x}\newcommand{\def}{y}", "\\[ \\input{a} = \\def \\]"), "latex")
    assert "macronotread{input}" in out and "macronotread{def}" in out


def test_a_display_in_a_macro_body_is_refused():
    assert "display" in _reason(r"\newcommand{\bad}{\[ a = b \]}", r"\bad")


def test_a_missing_argument_is_refused():
    assert "argument" in _reason(r"\newcommand{\f}[2]{#1 #2}", r"{\f{a}}")


def test_other_macros_are_still_expanded_beside_a_refused_one():
    out = _display(expand_document(_tex(r"\newcommand{\a}{\a}\newcommand{\vz}{\mathbf z}",
                                        "\\[ \\vz = \\a \\]"), "latex"))
    assert out.startswith("\\mathbf z = \\macronotread{a}")
    assert read(out.split("=")[0]).names == {"\\mathbf{z}"}


def test_def_let_are_never_definitions():
    assert definitions("\\def\\a{x}\\let\\b=\\c\n", "latex") == []
    text = _tex("\\def\\vz{\\mathbf z}", "\\[ \\vz = 1 \\]")
    assert expand_document(text, "latex") is text


def test_expanding_executes_nothing(monkeypatch, tmp_path):
    from tests.test_audit_hostile import sealed, shell_escapes
    target = tmp_path / "pwned"
    pre = "".join(f"\\newcommand{{\\m{chr(97 + k)}}}{{{e}}}\n" for k, e in enumerate(shell_escapes(target)))
    uses = " + ".join(f"\\m{chr(97 + k)}" for k in range(len(shell_escapes(target))))
    text = _tex("\\newcommand{\\a}{\\a\\a}\n" + pre, f"\\[ x = {uses} + \\a \\]")
    with sealed(monkeypatch):
        out = expand_document(text, "latex")
    assert not target.exists() and "macronotread{a}" in out


# --- through the audit ----------------------------------------------------------------------

def _audited(text: str, kind: str = "latex"):
    from checks.io.audit.run import audit_documents
    from types import SimpleNamespace
    doc = SimpleNamespace(name="t", text=text, kind=kind)
    return audit_documents([doc], cache=False, isolated=False, jobs=1).documents[0].steps


def test_the_audit_reads_through_macros_and_shows_the_step_as_written():
    text = _tex(r"\newcommand{\sig}[1]{\frac{1}{1+e^{-#1}}}" "\n" r"\DeclareMathOperator{\GELU}{GELU}",
                "\\[ \\sig{0} = \\frac{1}{2} \\]\n\\[ \\sig{0} = 1 \\]\n"
                "$\\GELU(x) = x \\sig{x}$ and\n\\[ \\GELU(0) = 0 \\]\n\\[ \\vz = 1 \\]")
    steps = _audited(text)
    got = [(s.line, s.from_, s.to, s.status) for s in steps]
    assert got[:3] == [(5, "\\sig{0}", "\\frac{1}{2}", "holds"), (6, "\\sig{0}", "1", "wrong"),
                       (8, "\\GELU(0)", "0", "holds")]
    assert steps[1].reading.from_ == "1/2"   # the reading is of the expansion
    assert steps[3].status == "not_read" and "unknown command \\vz" in steps[3].reason


def test_a_refused_macro_is_not_read_with_its_name_in_the_reason():
    steps = _audited(_tex(r"\newcommand{\loop}{1 + \loop}", "\\[ x + \\loop = x \\]"))
    assert [s.status for s in steps] == ["not_read"]
    assert steps[0].reason.startswith("macro \\loop is not expanded") and steps[0].from_ == "x + \\loop"


# --- the evaluation bar -------------------------------------------------------------------------

import sympy as sp  # noqa: E402

from checks.io.audit.reading.read import Scope  # noqa: E402

_x = sp.Symbol("x", real=True)
_f = sp.Function("f")

BARS = [
    (r"\frac{d}{dx} \bigl[ x \sigma(x) \bigr] \Big|_{x=0}", sp.Rational(1, 2)),
    (r"\left.\frac{d}{dx} (x^2 + x)\right|_{x = 1}", 3),
    (r"\left. x^2 + x \right\rvert_{x = 1}", 2),
    (r"\frac{d}{dx} x^3 \bigg\vert_{x = 2}", 12),
    (r"-x^2 \Big|_{x=1}", -1),
    (r"\frac{d}{dx} f(2x) \Big|_{x=0}", 2 * sp.Subs(sp.Derivative(_f(_x), _x), _x, 0)),
]


@pytest.mark.parametrize("latex,value", BARS)
def test_an_evaluation_bar_is_the_expression_at_the_point(latex, value):
    e = read(latex, Scope(functions=frozenset({"f"}))).expr
    assert isinstance(e, sp.Subs)
    assert e.doit() == sp.sympify(value).doit()


NOT_BARS = [
    (r"x^2 + x \Big|_{x=1}", "after a sum"),          # of the whole, or of the last term?
    (r"f(x)\Big|_0^1", "with limits"),               # an antiderivative's difference
    (r"f(x)|_{x=0} + 1", "not closed"),              # a bar that does not end the side
    (r"|x|_{x=0}", "not closed"),
    (r"f(x)\Big|_{x=0, y=1}", "one point"),
]


@pytest.mark.parametrize("latex,reason", NOT_BARS)
def test_bars_that_are_not_read_as_evaluations(latex, reason):
    with pytest.raises(NotRead) as e:
        read(latex, Scope(functions=frozenset({"f"})))
    assert reason in e.value.reason


def test_a_condition_bar_is_no_evaluation():
    e = read(r"p(x|y)", Scope(functions=frozenset({"p"}))).expr
    assert not e.has(sp.Subs)


def test_evaluation_bars_through_the_audit():
    text = ("Here $x = 2$ and $t = 3$, and $y = 3 s^2$.\n\n"
            "$$\\frac{d}{dx} x^3 \\Big|_{x=1} = 3$$\n\n$$\\frac{d}{dx} x^3 \\Big|_{x=1} = 12$$\n\n"
            "$$\\left. t^2 \\right|_{t = 1} = 9$$\n\n$$\\frac{dy}{ds}\\Big|_{s=1} = 5$$\n\n"
            "$$\\frac{d}{dx} x^3 = 3x^2 \\Big|_{x=1} = 3$$\n")
    got = [(s.line, s.status) for s in _audited(text, "markdown")]
    # the bar's own x is not the x = 2 the prose gives; a bar on one side only is not refuted
    assert got == [(3, "holds"), (5, "wrong"), (7, "wrong"), (9, "wrong"), (11, "not_read"), (11, "holds")]


# --- the decimal comma ------------------------------------------------------------------------

from checks.io.audit.parse.syntax import decimal_commas  # noqa: E402

COMMAS = [
    ("0{,}5", "0.5"), ("0{,}1 \\cdot 0{,}2 = 0{,}02", "0.1 \\cdot 0.2 = 0.02"), ("3 {,} 14", "3.14"),
    ("0{,}125", "0.125"),                    # a leading 0 is no thousands group
    ("10{,}000{,}000", "10000000"),          # groups of three, twice: thousands separators
    ("1{,}000", "1{,}000"),                  # thousands or 1.000? left as written
    ("1{,}5{,}2", "1{,}5{,}2"),
    ("(1{,}2)", "(1{,}2)"), ("\\sigma(0{,}5)", "\\sigma(0{,}5)"),   # a pair? alone in brackets
    ("x_1{,}2", "x_1{,}2"), ("a{,}b", "a{,}b"),
]


@pytest.mark.parametrize("latex,read_as", COMMAS)
def test_decimal_comma_table(latex, read_as):
    assert decimal_commas(latex) == read_as


def test_brackets_are_decimals_in_a_document_that_writes_decimal_commas():
    assert decimal_commas("\\sigma(0{,}5)", document=True) == "\\sigma(0.5)"
    assert decimal_commas("1{,}000", document=True) == "1{,}000"


@pytest.mark.parametrize("latex", ["1{,}000", "(1{,}2)", "1{,}5{,}2"])
def test_a_comma_left_as_written_is_not_read_with_its_reason(latex):
    with pytest.raises(NotRead) as e:
        read(latex)
    assert "decimal comma" in e.value.reason


def test_decimal_commas_through_the_audit():
    text = ("$$0{,}1 \\cdot 0{,}2 = 0{,}02, \\qquad 0{,}3 + 0{,}4 = 0{,}8$$\n\n"
            "$$\\sigma(0) = 0{,}5$$\n\n$$(1{,}2) = 1{,}2$$\n")
    got = [(s.line, s.from_, s.status) for s in _audited(text, "markdown")]
    assert got == [(1, "0{,}1 \\cdot 0{,}2", "holds"), (1, "0{,}3 + 0{,}4", "wrong"),
                   (3, "\\sigma(0)", "holds"), (5, "(1{,}2)", "holds")]


def test_a_pair_is_not_a_decimal_where_the_document_writes_none():
    got = [(s.from_, s.status, s.reason) for s in _audited("$$(1{,}2) = (1{,}2)$$\n", "markdown")]
    assert got[0][1] == "not_read" and "decimal comma" in got[0][2]


# --- two aligned relations on a row ---------------------------------------------------------------

from checks.io.audit.parse.syntax import aligned_columns  # noqa: E402

COLUMN_ROWS = [
    (r"m_t &= a + b, & v_t &= c", r"m_t &= a + b, \quad  v_t  = c"),
    (r"a &= b \quad & c &\le d", r"a &= b \quad \quad  c  \le d"),
    (r"a &= b, & c &= d, & e &= f \\ g &= h", r"a &= b, \quad  c  = d, \quad  e  = f \\ g &= h"),
    (r"a &= \begin{bmatrix} 1 & 2 \end{bmatrix}, & c &= d", r"a &= \begin{bmatrix} 1 & 2 \end{bmatrix}, \quad  c  = d"),
]
GRIDS = [
    r"\tanh(0) &= 0 & \tanh'(0) &= 1",           # no comma or \quad between the columns
    r"a &= b, & c &= d \\ &= e, & &= f",          # columns of chains
    r"a &= b, & &= d",                            # the second column has no left side
    r"a &= b, & \text{for } x > 0",               # one relation and a note
    r"\begin{bmatrix} a & b \\ c & d \end{bmatrix} = M",
]


@pytest.mark.parametrize("row,statements", COLUMN_ROWS)
def test_two_aligned_relations_on_a_row_are_two_statements(row, statements):
    assert aligned_columns(row) == statements


@pytest.mark.parametrize("row", GRIDS)
def test_grids_are_left_as_written(row):
    assert aligned_columns(row) == row


def test_aligned_columns_through_the_audit():
    text = ("\\begin{align*}\nm &= 2 + 3, & v &= 2 \\cdot 3, \\\\\nw &= 2 - 3, &\nu &= 7\n\\end{align*}\n"
            "\\begin{align*}\n\\tanh(0) &= 0 & \\tanh(1) &= 0\n\\end{align*}\n")
    got = [(s.line, s.from_, s.to, s.status) for s in _audited(text)]
    assert [g[:3] for g in got[:4]] == [(2, "m", "2 + 3"), (2, "v", "2 \\cdot 3"), (3, "w", "2 - 3"), (4, "u", "7")]
    assert all(s == "not_read" for *_, s in got[4:]) and got[4:]
