"""Round 33: what a held-out document writes at the end of a row, and its "Part" headings.

- A condition at the end of an aligned row, in brackets after a space, with a Greek or
  subscripted name (``&= (1-\\beta_1)\\frac{1-\\beta_1^t}{1-\\beta_1} \\qquad (\\beta_1 \\neq 1)``), is
  the row's condition, beside both steps that share the row's side; before, only a single
  Latin letter was taken (``(i \\neq j)``), and the bracket stayed inside the side: "a relation
  \\neq inside a side", not read.
- A doubt a counterexample can settle is settled at it: a ``\\neq`` beside the step, or a
  relation the text says between sizes (``K \\le n``), when the point's exact values satisfy
  them (for an enumerated step, at an entry whose sides differ, which is the entry shown).
- "## Part 1" with no question in force is a question of its own (its "(a)" is Part 1(a)),
  so a "## Setup" above it is the document's preamble; under "## Question 3" it is a part.
  A bold dotted number alone on its line (``**3.2**``) labels the formulas below it.
"""
from __future__ import annotations

from audited import audit_all, one_at as at, shown

GEOMETRIC = r"""# Homework 3

## Problem 1

The weights sum to one minus a power:

$$
\begin{aligned}
(1-\beta)\sum_{k=0}^{t-1}\beta^{k} &= (1-\beta)\,\frac{1-\beta^{t}}{1-\beta} \qquad (\beta \neq 1) \\
  &= 1-\beta^{t} .
\end{aligned}
$$

And with a subscripted rate:

$$
\begin{aligned}
\frac{\lambda_1^2 - 1}{\lambda_1 - 1} &= \lambda_1 + 1 \qquad (\lambda_1 \neq 1) \\
  &= \lambda_1 + 2 .
\end{aligned}
$$
"""


def test_a_greek_condition_at_the_end_of_a_row_is_the_rows_condition():
    found = audit_all({"g": GEOMETRIC})["g"]
    first, second = [s for s in found if s.line == 9], at(found, 10)
    assert [s.status for s in first] == ["holds"], shown(found)
    assert second.status == "holds", shown(found)
    assert "\\neq" not in second.from_ and "\\neq" not in first[0].to, shown(found)
    # a subscripted Greek name too; the row after it is still checked (and wrong)
    assert at(found, 18).status == "holds", shown(found)
    assert at(found, 19).status == "wrong", shown(found)


def test_a_bracket_that_is_no_condition_stays_in_the_side():
    text = GEOMETRIC.replace(r"\qquad (\beta \neq 1)", r"\qquad (\log \beta + 1)")
    found = audit_all({"g": text})["g"]
    assert "\\log" in at(found, 10).from_, shown(found)


def test_a_counterexample_at_the_excluded_number_keeps_the_doubt():
    # the check behind the wrong above, at points on both sides of the condition
    from types import SimpleNamespace
    import sympy as sp
    from checks.io.audit.run import _settled_at_the_point
    b, x = sp.symbols("beta x")
    doubt = "the condition 'beta \\neq 1' beside the step is not used in the check"
    item = SimpleNamespace(at_point=((doubt, (sp.Ne(b, 1),)),), claim=SimpleNamespace(lhs=b + x, rhs=b))
    at = lambda point: _settled_at_the_point([doubt, "other"], item, {"counterexample": {"point": point}})
    assert at({"beta": "1/2", "x": "1"}) == ["other"]
    assert at({"beta": "1", "x": "1"}) == [doubt, "other"]
    assert at({"x": "1"}) == [doubt, "other"]          # beta used, its value not shown: not known
    unused = SimpleNamespace(at_point=item.at_point, claim=SimpleNamespace(lhs=x, rhs=x + 1))
    assert _settled_at_the_point([doubt], unused, {"counterexample": {"point": {"x": "0"}}}) == []


KERNEL = r"""# Sheet 6: a kernel slid over a signal

## Setup

A signal $s = (s_1, \dots, s_n)$ meets a filter $f = (f_1, \dots, f_K)$, where $K \le n$, in

$$
z_j = \sum_{k=1}^{K} f_k\, s_{j+k-1}, \qquad j = 1, \dots, n - K + 1 ,
$$

and $e_j = \partial E / \partial z_j$ is the gradient arriving from above.

## Part 1

**1.1**

$$
\begin{aligned}
\frac{\partial E}{\partial f_k} &= \sum_{j=1}^{n-K+1} e_j\, \frac{\partial z_j}{\partial f_k} \\
&= \sum_{j=1}^{n-K+1} e_j\, s_{j+k}, \qquad k = 1, \dots, K .
\end{aligned}
$$
"""


def test_a_relation_the_text_says_between_sizes_is_checked_at_the_counterexample():
    # the slip (s_{j+k} for s_{j+k-1}) is wrong at an entry whose sizes satisfy K <= n: the
    # doubt "the text says K \le n" goes, and the entry shown is that one
    found = audit_all({"k": KERNEL})["k"]
    slip = [s for s in found if s.line == 20 and s.status != "condition"]
    assert [s.status for s in slip] == ["wrong"], shown(found)
    entry = slip[0].counterexample["entry"]
    assert entry["K"] <= entry["n"], slip[0].counterexample
    assert at(found, 19).status == "holds", shown(found)


def test_a_relation_no_entry_satisfies_keeps_its_doubt():
    # said the other way round (K > n: no output at all), no differing entry lies inside it
    found = audit_all({"k": KERNEL.replace(r"where $K \le n$", r"where $K > n$")})["k"]
    slip = [s for s in found if s.line == 20 and s.status != "condition"]
    assert [s.status for s in slip] == ["undecided"], shown(found)
    assert "K > n" in slip[0].reason, shown(found)


def test_part_headings_are_questions_where_no_question_is_in_force():
    from checks.io.audit import extract
    text = ("# Sheet\n\n## Setup\n\n$$a = 1$$\n\n## Part 1\n\n$$b = 2$$\n\n**(a)**\n\n$$c = 3$$\n\n"
            "## Part 2: Theory\n\n$$d = 4$$\n\n## Question 3\n\n### Part 1\n\n$$e = 5$$\n")
    assert [s.location for s in extract(text)] == ["Setup", "Part 1", "Part 1(a)", "Part 2", "Q3(1)"]


def test_a_bold_dotted_number_alone_on_its_line_labels_the_formulas_below():
    from checks.io.audit import extract
    text = "## Problem 3\n\n**3.2**\n\n$$a = 1$$\n\n1.5\n\n$$b = 2$$\n\n## Part 1\n\n**1.1**\n\n$$c = 3$$\n"
    # a bare 1.5 on its own line is a number, not a label
    assert [s.location for s in extract(text)] == ["Problem 3.2", "Problem 3.2", "Part 1.1"]


CELL = r"""## Q2

A scalar memory cell keeps $s_t = a_t\, s_{t-1} + b_t\, u_t$, with gates $a_t, b_t$ that do
not depend on $s$. For one step, take $s_{t-1} = 2$, $a_t = 0.5$, $b_t = 1$ and $u_t = 3$. Then
$s_t = 0.5 \cdot 2 + 1 \cdot 3 = 4$. Over several steps,

$$\frac{\partial s_T}{\partial s_1} = \prod_{t=2}^{T} \frac{\partial s_t}{\partial s_{t-1}} = \prod_{t=2}^{T} a_t$$
"""


def test_a_derivative_between_terms_of_a_recurrence_is_no_kronecker_delta():
    # s_t and s_{t-1} under the product are entries of one array: read alone, the derivative
    # of one by the other is 0, and the true product of the gates was called wrong, where a
    # number given to s_t for one step had hidden the recurrence
    found = audit_all({"c": CELL})["c"]
    steps = [s for s in found if s.line == 7]
    assert [s.status for s in steps] == ["undecided", "undecided"], shown(found)
    assert all("recurrence at line 3" in s.reason for s in steps), shown(found)


SETS = r"""# Sheet 4

## Setup

A layer averages $m$ inputs, $\mu = \frac{1}{m}\sum_{i=1}^m x_i$, and scales them, $y_i = c\,(x_i - \mu)$.

## Part 1

A small case by hand: $m = 3$, $c = 2$ and $x = (1, 2, 6)$, so $\mu = 3$.

## Part 2

In general, with $g_i = \partial L / \partial y_i$:

$$\sum_{i=1}^m g_i (x_i - \mu) = \sum_{i=1}^m g_i x_i - \mu$$

$$\frac{1}{m}\sum_{i=1}^m c\, x_i = c \sum_{i=1}^m x_i$$
"""


def test_a_wrong_that_is_wrong_at_the_numbers_another_question_sets_too_is_certain():
    found = audit_all({"s": SETS})["s"]
    slip = at(found, 15)     # the dropped sum: wrong for any m, and at the m = 3 of Part 1
    assert slip.status == "wrong", shown(found)
    assert "m = 3" in slip.detail, slip.detail
    # mu is read by its formula from the Setup (Part 1's number is Part 1's): no doubt names it
    assert "\\mu is set to" not in (slip.reason or "") + (slip.detail or ""), shown(found)


def test_a_wrong_that_holds_at_the_numbers_another_question_sets_keeps_the_doubt():
    # 1/m sum = sum holds at m = 1: with Part 1's m = 1 the step may be what the document means
    found = audit_all({"s": SETS.replace("$m = 3$, $c = 2$ and $x = (1, 2, 6)$, so $\\mu = 3$",
                                         "$m = 1$, $c = 2$ and $x_1 = 5$, so $\\mu = 5$")})["s"]
    step = at(found, 17)
    assert step.status == "undecided", shown(found)
    assert "m is set to 1" in step.reason, shown(found)


PADDED = r"""## Q1

The kernel is $w = (w_1, \dots, w_K)$, and we set $w_k = 0$ for $k < 1$ or $k > K$.

$$\sum_{k=1}^{K} w_k\, x_k = 0$$
"""


def test_a_value_given_for_some_entries_is_no_value_of_every_entry():
    # read for every k, w would be zero and the step would hold; it says nothing of w_1 .. w_K
    found = audit_all({"p": PADDED})["p"]
    assert at(found, 5).status == "undecided", shown(found)


def test_a_power_of_a_function_without_brackets_is_the_power_of_its_value():
    # \tanh^2 c_t is (\tanh c_t)^2 in every text; before, "\tanh^2 without brackets is not read"
    text = ("## Q1\n\n$$1 - \\tanh^2 x = \\frac{1}{\\cosh^2 x}$$\n\n"
            "$$\\frac{1}{2 + e^{x} + e^{-x}} = \\frac{1}{4\\cosh^2 x}$$\n\n$$\\tanh^2 x\\, y = 1$$\n")
    found = audit_all({"t": text})["t"]
    assert at(found, 3).status == "holds", shown(found)
    assert at(found, 5).status == "wrong", shown(found)        # 4 cosh^2(x/2), not 4 cosh^2 x
    assert at(found, 7).status == "not_read", shown(found)     # where does the argument end?


def test_a_plain_e_before_a_bracket_is_the_expectation_where_the_text_speaks_of_random_values():
    text = ("## Q1\n\nThe mask is $m \\sim \\text{Bernoulli}(p)$ with $0 < p < 1$.\n\n"
            "$$\\frac{h}{p}\\, E[m] = h$$\n\n$$\\frac{h}{p}\\, E[m] = \\frac{h}{p^2}$$\n")
    found = audit_all({"e": text})["e"]
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)
    assert at(found, 5).from_ == "\\frac{h}{p}\\, E[m]"      # shown as written
    # E a name of the document's own (E = 3): no expectation is read, the step does not hold
    named = audit_all({"n": text.replace("with $0 < p < 1$.", "with $0 < p < 1$, and $E = 3$.")})["n"]
    assert at(named, 5).status != "holds", shown(named)
    assert "mathbb" not in str(at(named, 5).reading), at(named, 5).reading
