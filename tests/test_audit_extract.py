"""Extraction of formulae and relation chains from documents as written (checks/io/audit).

Pure text: the tables give a snippet and what the scan must find in it. The seed
documents are read from /work/shared/seeds when present, and only structural facts that
the code computes are asserted of them (no counts copied from a run).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from checks.io.audit import displays, extract, steps

SEEDS = sorted(Path("/work/shared/seeds").glob("*.txt")) if Path("/work/shared/seeds").is_dir() else []


def chain(text, kind="markdown", inline=False):
    return [(s.from_, s.relation, s.to) for s in extract(text, kind, inline)]


# --- displays ----------------------------------------------------------------------------

DISPLAYS = [
    ("a\n$$x = 1$$\nb", [("$$", 2, 2, "x = 1")]),
    ("$$\nx = 1\n$$", [("$$", 1, 3, "\nx = 1\n")]),
    ("text \\[ a = b \\] more", [("\\[", 1, 1, " a = b ")]),
    ("\\begin{align*}\na &= b \\\\\n&= c\n\\end{align*}",
     [("align*", 1, 4, "\\begin{align*}\na &= b \\\\\n&= c\n\\end{align*}")]),
    ("\\begin{equation}\\label{e} y = x\\end{equation}",
     [("equation", 1, 1, "\\begin{equation}\\label{e} y = x\\end{equation}")]),
    ("$$\\begin{aligned} a &= b \\end{aligned}$$", [("$$", 1, 1, "\\begin{aligned} a &= b \\end{aligned}")]),
    ("\\begin{gather} a = b \\end{gather} \\begin{multline*} c = d \\end{multline*}",
     [("gather", 1, 1, "\\begin{gather} a = b \\end{gather}"),
      ("multline*", 1, 1, "\\begin{multline*} c = d \\end{multline*}")]),
    ("\\begin{eqnarray} a &=& b \\end{eqnarray}", [("eqnarray", 1, 1, "\\begin{eqnarray} a &=& b \\end{eqnarray}")]),
    ("inline $a = b$ only", []),
    ("price \\$5 and $$a=b$$", [("$$", 1, 1, "a=b")]),
    ("```\n$$a = b$$\n```\n$$c = d$$", [("$$", 4, 4, "c = d")]),
    ("~~~python\nx = '$$'\n~~~\n\\[e = f\\]", [("\\[", 4, 4, "e = f")]),
    ("use `$$a=b$$` in code, then $$c=d$$", [("$$", 1, 1, "c=d")]),
    ("``a ` $$b=c$$ ``  $$d=e$$", [("$$", 1, 1, "d=e")]),
]


@pytest.mark.parametrize("text,expected", DISPLAYS)
def test_displays(text, expected):
    got = [(d.delimiter, d.first_line, d.last_line, d.latex) for d in displays(text)]
    assert got == expected


INLINE = [
    ("so $a = b$ and $c$.", ["a = b", "c"]),
    ("costs $5 and $6 today", []),                  # a space after the opening dollar
    ("escaped \\$a = b\\$ not math", []),
    ("`$x=1$` then $y=2$", ["y=2"]),
    ("$a\n\nb$", []),                                   # no inline formula across a blank line
    ("\\(x = 1\\) and $$y$$", ["x = 1", "y"]),
]


@pytest.mark.parametrize("text,expected", INLINE)
def test_inline_only_when_asked(text, expected):
    assert [d.latex for d in displays(text, inline=True)] == expected
    assert [d.latex for d in displays(text) if d.inline] == []


def test_latex_file_environments_and_comments():
    tex = ("\\section*{Problem 1}\n% $$ a = b $$ in a comment\n\\begin{align*}\n f(x) &= x^2 \\\\\n"
           " &= x \\cdot x\n\\end{align*}\nCost: 5\\% of $x$.\n\\[ g = h \\]\n")
    ds = displays(tex, "latex")
    assert [(d.delimiter, d.first_line, d.last_line) for d in ds] == [("align*", 3, 6), ("\\[", 8, 8)]
    assert [(s.from_, s.to, s.line) for s in extract(tex, "latex")] == \
        [("f(x)", "x^2", 4), ("x^2", "x \\cdot x", 5), ("g", "h", 8)]


UNTERMINATED = [
    ("a $$x = 1\nno end", "$$", 1),
    ("\\[ x = 1", "\\[", 1),
    ("one\ntwo \\begin{align*} a &= b", "align*", 2),
    ("$$a=b$$\n\n$$c = d", "$$", 3),
]


@pytest.mark.parametrize("text,delimiter,line", UNTERMINATED)
def test_unterminated_is_reported_not_raised(text, delimiter, line):
    ds = displays(text)
    open_ = [d for d in ds if d.unterminated]
    assert [(d.delimiter, d.first_line, d.latex) for d in open_] == [(delimiter, line, "")]
    assert all(not steps(d) for d in open_)


def test_unterminated_then_later_displays_still_found():
    text = "\\begin{align} x &= 1\n\n$$ y = 2 $$\n\\[ z = 3 \\]"
    ds = displays(text)
    assert [(d.delimiter, d.unterminated) for d in ds] == [("align", True), ("$$", False), ("\\[", False)]


def test_bad_kind_is_a_value_error():
    with pytest.raises(ValueError, match="'rst'"):
        displays("x", "rst")


# --- steps ---------------------------------------------------------------------------------

STEPS = [
    ("$$a = b = c$$", [("a", "=", "b"), ("b", "=", "c")]),
    ("$$x \\le y < z \\ge w > v \\neq u \\approx t$$",
     [("x", "\\le", "y"), ("y", "<", "z"), ("z", "\\ge", "w"), ("w", ">", "v"), ("v", "\\neq", "u"),
      ("u", "\\approx", "t")]),
    ("$$a \\leq b \\geq c \\ne d$$", [("a", "\\le", "b"), ("b", "\\ge", "c"), ("c", "\\neq", "d")]),
    ("$$f := x^2$$", [("f", ":=", "x^2")]),
    # = inside limits, subscripts, braces, \frac arguments and parentheses is not a relation
    ("$$\\sum_{i=1}^n x_i = S$$", [("\\sum_{i=1}^n x_i", "=", "S")]),
    ("$$\\mathbf{1}_{i=j} = \\delta_{ij}$$", [("\\mathbf{1}_{i=j}", "=", "\\delta_{ij}")]),
    ("$$\\frac{a=b}{c} = d$$", [("\\frac{a=b}{c}", "=", "d")]),
    ("$$P(Y = 1 \\mid X = x) = p$$", [("P(Y = 1 \\mid X = x)", "=", "p")]),
    ("$$\\left< a, b \\right> = 0$$", [("\\left< a, b \\right>", "=", "0")]),
    ("$$\\left. \\frac{d}{dx} f \\right|_{x=0} = 1$$",
     [("\\left. \\frac{d}{dx} f \\right|_{x=0}", "=", "1")]),
    ("$$f(x) = \\begin{cases} 1 & x = 0 \\\\ 0 & x \\ne 0 \\end{cases}$$",
     [("f(x)", "=", "\\begin{cases} 1 & x = 0 \\\\ 0 & x \\ne 0 \\end{cases}")]),
    ("$$A = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$",
     [("A", "=", "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}")]),
    # an interval that does not balance its brackets: cut anyway
    ("$$x \\in [0, 1) = I$$", [("x \\in [0, 1)", "=", "I")]),
    # separators between statements
    ("$$a = b \\Rightarrow c = d$$", [("a", "=", "b"), ("c", "=", "d")]),
    ("$$a = b \\implies c < d \\iff e = f$$", [("a", "=", "b"), ("c", "<", "d"), ("e", "=", "f")]),
    ("$$a = b \\quad\\text{and}\\quad c = d$$", [("a", "=", "b"), ("c", "=", "d")]),
    ("$$a = b \\text{ and } c = d$$", [("a", "=", "b"), ("c", "=", "d")]),
    ("$$a = b,\\quad c = d$$", [("a", "=", "b"), ("c", "=", "d")]),
    ("$$a = b \\qquad c = d$$", [("a", "=", "b"), ("c", "=", "d")]),
    ("$$a = b \\quad (3)$$", [("a", "=", "b")]),
    # stripped: &, \nonumber, \notag, \tag, \label, end punctuation
    ("\\begin{align} a &= b \\nonumber \\\\ &= c. \\label{eq:1} \\tag{2}\\end{align}",
     [("a", "=", "b"), ("b", "=", "c")]),
    ("$$a = b, \\notag$$", [("a", "=", "b")]),
    ("$$\\tanh(x) + 1 = 2\\sigma(2x). \\quad \\square$$", [("\\tanh(x) + 1", "=", "2\\sigma(2x)")]),
    # \text{sign} is mathematics, not an annotation
    ("$$\\hat y = \\text{sign}(w \\cdot x)$$", [("\\hat y", "=", "\\text{sign}(w \\cdot x)")]),
]


@pytest.mark.parametrize("text,expected", STEPS)
def test_steps(text, expected):
    assert chain(text) == expected


NOTES = [
    ("$$|x| = x \\quad \\text{for } x \\ge 0$$", ("|x|", "=", "x"), "\\text{for } x \\ge 0"),
    ("$$v \\cdot x_i = 0, \\forall 0 < i \\leq d$$", ("v \\cdot x_i", "=", "0"), "\\forall 0 < i \\leq d"),
    ("$$\\text{So } a = b$$", ("a", "=", "b"), "\\text{So }"),
    ("$$a &= b && \\text{(by the chain rule)}$$", ("a", "=", "b"), "\\text{(by the chain rule)}"),
]


@pytest.mark.parametrize("text,step,note", NOTES)
def test_text_annotations_are_notes(text, step, note):
    found = extract(text)
    assert [(s.from_, s.relation, s.to) for s in found] == [step]
    assert found[0].note == note


def test_aligned_rows_continue_the_chain():
    text = ("Intro\n$$\\begin{aligned}\nL &= w s \\\\\n\\implies \\frac{\\partial L}{\\partial w} &= s \\\\\n"
            "&= 3.3\n\\end{aligned}$$\n")
    found = extract(text)
    assert [(s.from_, s.to, s.line, s.continued) for s in found] == [
        ("L", "w s", 3, False), ("\\frac{\\partial L}{\\partial w}", "s", 4, False), ("s", "3.3", 5, True)]
    assert all(s.lines == (2, 6) for s in found)
    assert found[2].latex == "&= 3.3"


def test_relation_less_row_extends_the_right_side():
    text = "\\begin{align*} a &= b \\\\ &\\quad + c \\\\ &= d \\end{align*}"
    assert chain(text) == [("a", "=", "b + c"), ("b + c", "=", "d")]


def test_display_starting_with_equals_continues_previous_display():
    text = "$$\\mathcal{L} = \\sum_i y_i \\log p_i$$\n(one-hot)\n$$= \\log p_c$$\n"
    found = extract(text)
    assert [(s.from_, s.to, s.line, s.continued) for s in found] == [
        ("\\mathcal{L}", "\\sum_i y_i \\log p_i", 1, False), ("\\sum_i y_i \\log p_i", "\\log p_c", 3, True)]


def test_step_line_is_the_line_of_its_relation_sign():
    text = "x\n\\[\n a\n =\n b \\le\n c \\]"
    assert [(s.relation, s.line) for s in extract(text)] == [("=", 4), ("\\le", 5)]


def test_statements_without_relation_give_no_step():
    assert chain("$$\\prod_{i=1}^N p_i$$") == []
    assert chain("$$\\frac{\\partial L}{\\partial w_1}, \\frac{\\partial L}{\\partial w_2}$$") == []


# --- locations -----------------------------------------------------------------------------

MARKDOWN = """# Homework 3 solutions

## Q4.3 Softmax

$$s_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$$

### Problem 2

**(a)** First part.

$$a = b$$

(b) Second part.

$$c = d$$

Question 5 (10 points).

1(b) $$e = f$$

- (c) bullet part

$$g = h$$

4. Fourth item

$$i = j$$

## Exercise 3

$$k = l$$

## Notes

$$m = n$$
"""


def test_markdown_locations():
    assert [(s.from_, s.location) for s in extract(MARKDOWN)] == [
        ("s_i", "Q4.3"), ("a", "Problem 2(a)"), ("c", "Problem 2(b)"), ("e", "1(b)"),
        ("g", "1(c)"), ("i", "4"), ("k", "Exercise 3"), ("m", "Notes")]


def test_numbered_items_under_a_question_heading():
    text = "## Question 4\n\n1. Proof.\n$$a = b$$\n\n4. *Proof.*\n$$c = d$$\n\n2.4 Show that\n$$e=f$$\n"
    assert [s.location for s in extract(text)] == ["Q4.1", "Q4.4", "Q4.2.4"]
    text = "Question 2 (4-4-5-6). Recall\n\n2.4 Show that\n$$e = f$$\n"
    assert [s.location for s in extract(text)] == ["Q2.4"]


TEX = r"""\documentclass{article}
\begin{document}
\section*{Problem 1}
\begin{enumerate}[label=(\alph*)]
\item Show that
\begin{align*}
\sigma(-z) &= 1 - \sigma(z)
\end{align*}
\item[(c)] Hence
\[ \sigma'(z) = \sigma(z)(1-\sigma(z)) \]
\end{enumerate}
\section{Gradients}
\begin{equation}
\frac{\partial L}{\partial W_{ij}} = \sum_{m,n} \frac{\partial L}{\partial Y_{mn}} X_{mj} \label{eq:g}
\end{equation}
\section*{Problem 2}
\begin{enumerate}
\item First
\[ a = b \]
\item Second
\[ c = d \]
\end{enumerate}
\end{document}
"""


def test_latex_homework_locations():
    found = extract(TEX, "latex")
    assert [(s.from_, s.location, s.line) for s in found] == [
        ("\\sigma(-z)", "Problem 1(a)", 7), ("\\sigma'(z)", "Problem 1(c)", 10),
        ("\\frac{\\partial L}{\\partial W_{ij}}", "Gradients", 14),
        ("a", "Problem 2.1", 19), ("c", "Problem 2.2", 21)]


def test_formula_lines_are_not_read_as_markers():
    text = "Problem 3\n$$\\begin{aligned}\na &= b \\\\\n(c) &= d\n\\end{aligned}$$\n"
    assert [s.location for s in extract(text)] == ["Problem 3", "Problem 3"]


# --- robustness ----------------------------------------------------------------------------

def test_large_input_is_scanned_whole():
    block = ("## Q1\n\nSome text with `code $x$` and $y = 1$.\n\n$$\\begin{aligned} a &= b \\\\ &= c "
             "\\end{aligned}$$\n\n")
    text = block * (1_000_000 // len(block))
    found = extract(text)
    n = text.count("## Q1")
    assert len(displays(text)) == n and len(found) == 2 * n
    assert found[-1].line == text.count("\n") - 1


def test_hostile_inputs_never_raise():
    rng = random.Random(7)
    junk = "".join(chr(rng.randrange(0, 0x3000)) for _ in range(20000))
    extract(junk, "markdown", True)
    extract(junk, "latex", True)
    extract("\x00$$a\x00 = b$$\x00", "markdown")
    deep = "$$" + "{" * 5000 + "a = b" + "}" * 5000 + " = c$$"
    assert [s.relation for s in extract(deep)] == ["="]
    many = "$$" + " = ".join(f"x_{{{i}}}" for i in range(3000)) + "$$"
    assert len(extract(many)) == 2999
    opens = "\\begin{align}\n\\[\n" * 3000
    ds = displays(opens)
    assert len(ds) == 6000 and all(d.unterminated for d in ds)
    assert [d.first_line for d in ds[:3]] == [1, 2, 3]
    assert extract("$$" + "\\frac{" * 3000 + "$$") == []
    assert extract("$$a = \\left( b" + " " * 100000 + "x$$")[0].to.startswith("\\left(")


def test_nul_bytes_keep_line_numbers():
    assert [s.line for s in extract("\x00\n\x00$$a = b$$")] == [2]


# --- the seed documents --------------------------------------------------------------------

@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_documents(path):
    text = path.read_text()
    ds = displays(text)
    found = extract(text)
    assert ds and found
    n_lines = text.count("\n") + 1
    by_lines = {(d.first_line, d.last_line) for d in ds}
    for s in found:
        assert s.lines in by_lines
        assert s.lines[0] <= s.line <= s.lines[1] <= n_lines
        assert s.relation in {"=", "<", ">", "\\le", "\\ge", "\\neq", "\\approx", "\\equiv", ":="}
        assert s.location
        for side in (s.from_, s.to):     # the cleaning took out what it promised
            assert "&" not in side.replace("\\&", "") or "\\begin" in side
            assert "\\label" not in side and "\\tag" not in side and "\\nonumber" not in side
        # a relation sign sits on the reported line of the file
        assert any(sign in text.split("\n")[s.line - 1] for sign in ("=", "<", ">", "\\le", "\\ge", "\\ne"))
    # each display's lines enclose a $$ of the file, and no display is left open
    assert not any(d.unterminated for d in ds)
    assert all("$$" in text.split("\n")[d.first_line - 1] for d in ds)


STACKED_AND_MARKERS = [
    ("$$a \\overset{(i)}{=} b \\stackrel{\\text{def}}{=} c$$", [("a", "=", "b"), ("b", ":=", "c")], ""),
    ("$$x \\overset{?}{\\le} y$$", [("x", "\\le", "y")], ""),
    ("$$\\overset{\\sim}{x} = y$$", [("\\overset{\\sim}{x}", "=", "y")], ""),
    ("$$(a) \\frac{\\partial L}{\\partial w} = g$$", [("\\frac{\\partial L}{\\partial w}", "=", "g")], "(a)"),
    ("$$2) \\bar{x} = 1$$", [("\\bar{x}", "=", "1")], "2)"),
    ("$$(x + y)^2 = z$$", [("(x + y)^2", "=", "z")], ""),
    ("$$\\bar{z} = \\bar{h} \\circ \\sigma'(z) \\quad \\textcircled{2}$$",
     [("\\bar{z}", "=", "\\bar{h} \\circ \\sigma'(z)")], ""),
]


@pytest.mark.parametrize("text,expected,note", STACKED_AND_MARKERS)
def test_stacked_relations_and_part_markers(text, expected, note):
    found = extract(text)
    assert [(s.from_, s.relation, s.to) for s in found] == expected
    assert found[0].note == note


def test_prose_text_is_a_note_and_names_are_not():
    found = extract("$$f \\neq 0 \\quad\\text{unless } X = 0,$$")
    assert [(s.from_, s.relation, s.to, s.note) for s in found] == \
        [("f", "\\neq", "0", "\\text{unless } X = 0")]
    assert chain("$$y = \\text{softmax}(z) = \\text{ReLU}(x)$$") == \
        [("y", "=", "\\text{softmax}(z)"), ("\\text{softmax}(z)", "=", "\\text{ReLU}(x)")]


COURSE = r"""# Assignment 2 - Solutions

## Problem 1: Batch normalization

**(a)** The mean and variance over the batch:

\begin{align*}
\mu &= \frac{1}{m}\sum_{i=1}^m x_i, \qquad \sigma^2 = \frac{1}{m}\sum_{i=1}^m (x_i - \mu)^2 \\[4pt]
\hat x_i &= \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}} \tag{1}
\end{align*}

**(b)** Gradient with respect to $\gamma$:
$$
\frac{\partial L}{\partial \gamma}
  \;=\; \sum_{i=1}^m \frac{\partial L}{\partial y_i}\,\hat x_i .
$$

### Problem 2 - VAE

1. KL term
\[
D_{KL}\big(q(z|x)\,\|\,p(z)\big) = -\frac12 \sum_{j=1}^J \left(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2\right)
  \label{eq:kl}
\]
2. Reparameterisation: $z = \mu + \sigma \odot \epsilon$ where $\epsilon \sim \mathcal N(0, I)$.

```python
loss = kl + rec  # $$ not math $$
```

## Exercise 3
\begin{equation*}
\frac{\partial}{\partial W_{ij}} \sum_{m,n} Y_{mn} = \sum_{m,n} \frac{\partial Y_{mn}}{\partial W_{ij}} \neq 0 \quad\text{unless } X = 0,
\end{equation*}
"""


def test_a_markdown_solution_set_of_another_course():
    assert [(d.delimiter, d.first_line, d.last_line, d.location) for d in displays(COURSE)] == [
        ("align*", 7, 10, "Problem 1(a)"), ("$$", 13, 16, "Problem 1(b)"), ("\\[", 21, 24, "Problem 2.1"),
        ("equation*", 32, 34, "Exercise 3")]
    assert [(s.line, s.from_, s.relation, s.to) for s in extract(COURSE)] == [
        (8, "\\mu", "=", "\\frac{1}{m}\\sum_{i=1}^m x_i"),
        (8, "\\sigma^2", "=", "\\frac{1}{m}\\sum_{i=1}^m (x_i - \\mu)^2"),
        (9, "\\hat x_i", "=", "\\frac{x_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}"),
        (15, "\\frac{\\partial L}{\\partial \\gamma}", "=", "\\sum_{i=1}^m \\frac{\\partial L}{\\partial y_i}\\,\\hat x_i"),
        (22, "D_{KL}\\big(q(z|x)\\,\\|\\,p(z)\\big)", "=",
         "-\\frac12 \\sum_{j=1}^J \\left(1 + \\log\\sigma_j^2 - \\mu_j^2 - \\sigma_j^2\\right)"),
        (33, "\\frac{\\partial}{\\partial W_{ij}} \\sum_{m,n} Y_{mn}", "=",
         "\\sum_{m,n} \\frac{\\partial Y_{mn}}{\\partial W_{ij}}"),
        (33, "\\sum_{m,n} \\frac{\\partial Y_{mn}}{\\partial W_{ij}}", "\\neq", "0")]
    inline = [d for d in displays(COURSE, inline=True) if d.inline]
    assert [(d.latex, d.location) for d in inline] == [
        ("\\gamma", "Problem 1(b)"), ("z = \\mu + \\sigma \\odot \\epsilon", "Problem 2.2"),
        ("\\epsilon \\sim \\mathcal N(0, I)", "Problem 2.2")]


PARTS = [
    ("## Problem 3\n### Part (b)\n$$a = b$$", "Problem 3(b)"),
    ("## Problem 3\n\nPart c: more\n$$a = b$$", "Problem 3(c)"),
    ("Problem 3\n\na) first\n$$a = b$$", "Problem 3(a)"),
    ("**Problem 4.** Show\n\n$$a = b$$", "Problem 4"),
    ("\\textbf{Exercise 2} Show\n\n\\[a = b\\]", "Exercise 2"),
    ("Q3 (5 points)\n\n(ii) then\n$$a = b$$", "Q3(ii)"),
    ("## Solutions\n\n$$a = b$$", "Solutions"),
]


@pytest.mark.parametrize("text,location", PARTS)
def test_part_markers(text, location):
    kind = "latex" if text.startswith("\\") else "markdown"
    assert [s.location for s in extract(text, kind)] == [location]


def test_latex_verbatim_is_skipped():
    tex = ("\\verb|$$a = b$$| and \\begin{verbatim}\n\\[ c = d \\]\n\\end{verbatim}\n"
           "\\begin{lstlisting}\n$x$\n\\end{lstlisting}\n\\[ e = f \\]\n")
    assert [(d.latex, d.first_line) for d in displays(tex, "latex", inline=True)] == [(" e = f ", 7)]


ROW_CONTINUATIONS = [
    ("\\begin{align*} a &= b \\\\ &\\quad + c \\\\ &= d \\end{align*}", [("a", "=", "b + c"), ("b + c", "=", "d")]),
    ("\\begin{align*} a = [(1), \\\\ (2)] \\\\ = e \\end{align*}", [("a", "=", "[(1), (2)]"), ("[(1), (2)]", "=", "e")]),
    ("\\begin{align*} a = b + \\\\ c \\end{align*}", [("a", "=", "b + c")]),
    ("\\begin{gather*} a = b \\\\ \\prod_i p_i \\end{gather*}", [("a", "=", "b")]),
]


@pytest.mark.parametrize("text,expected", ROW_CONTINUATIONS)
def test_rows_without_relation(text, expected):
    assert chain(text) == expected


def test_step_record_fields():
    (s,) = extract("## Q2.4\n\n$$\nJ &= \\operatorname{diag}(p) - p p^\\top \\quad \\text{for all } x\n$$\n")
    assert s.as_dict() == {
        "line": 4, "lines": [3, 5], "relation": "=", "from": "J",
        "to": "\\operatorname{diag}(p) - p p^\\top", "latex": "J &= \\operatorname{diag}(p) - p p^\\top "
        "\\quad \\text{for all } x", "location": "Q2.4", "note": "\\text{for all } x", "continued": False}
