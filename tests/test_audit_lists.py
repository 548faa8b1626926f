"""Lists and tuples compared entry by entry, lists transposed into columns, and sums over a
set (lists.py, sets.py, scan.py, build.py).

A tuple alone stays unread (test_audit_tuples.py): ``(0, 1)`` may be an interval, a point, a
decimal comma or the arguments of a call. A step between two whole lists of one bracket and
length is true exactly when the entries are pairwise equal, whatever the lists mean."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.io.audit import audit_text
from checks.io.audit.reading.read import NotRead, Scope, read, read_pair

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

x = sp.IndexedBase("x", real=True)
j, k, i, w = (sp.Symbol(c, integer=True) for c in "jkiw")
N = sp.Symbol("N_\\Sigma", integer=True)


def steps(doc: str):
    return audit_text(doc, "markdown", cache=False, jobs=1).documents[0].steps


# --- lists: the readings -------------------------------------------------------------------

def test_two_whole_lists_read_as_rows_of_entries():
    a, b = read_pair(r"[(2 * 0 + 0 * 0 + 1 * 1), (0 * 2 + 1 * 0 + 2 * 1)]", r"[1, 2]")
    assert a.expr == sp.ImmutableMatrix([[1, 2]]) and b.expr == sp.ImmutableMatrix([[1, 2]])


def test_list_entries_read_pairwise_with_one_meaning():
    # x_1 beside x_j under a sum in the same entry pair: one vector x
    a, b = read_pair(r"(\sum_{j=1}^{2} x_j, y)", r"(x_1 + x_2, y)")
    assert a.expr[0] == sp.Sum(x[j], (j, 1, 2)) and b.expr[0] == x[1] + x[2]


@pytest.mark.parametrize("left,right,word", [
    (r"[1, 2]", r"[1, 2, 3]", "of 2 entries"),          # two lengths: said so
    (r"(0,5)", r"(0,50)", "decimal comma"),              # 0.5 = 0.50 in German
    (r"(1,5, 2,5)", r"(1,5, 2,5)", "decimal comma"),     # spacing mixed: decimals with commas?
    (r"((1, 2), 3)", r"((1, 2), 3)", "list of lists"),
    (r"(x, f(x))", r"(x, 1)", "entry 2"),                # the entry's own reason, with its place
])
def test_list_pairs_refused_with_their_reason(left, right, word):
    with pytest.raises(NotRead) as exc:
        read_pair(left, right)
    assert word in exc.value.reason


@pytest.mark.parametrize("left,right", [
    (r"(1, 2)", r"[1, 2]"),                              # two kinds of bracket
    (r"(1, 2) + (3, 4)", r"(4, 6)"),                     # arithmetic of tuples
    (r"f(a, b)", r"(a, b)"),                             # arguments of a call
    (r"[0, 0, 1] * [2, 0, 1]", r"[1, 2]"),               # a convolution of no mode's length (conv.py)
    (r"[0, \dots, 1]", r"[0, \dots, 1]"),                # an ellipsis
    (r"\{1, 2\}", r"\{2, 1\}"),                          # a set has no order
    (r"\sigma(x)", r"(0, 1)"),                           # an interval beside a value
])
def test_other_tuples_keep_todays_reason(left, right):
    with pytest.raises(NotRead) as exc:
        read_pair(left, right)
    assert "tuple or interval" in exc.value.reason or "list" in exc.value.reason \
        or "set" in exc.value.reason or "call" in exc.value.reason


DOC = r"""## Q1

$$[(2 * 0 + 0 * 0 + 1 * 1), (0 * 2 + 1 * 0 + 2 * 1), (1 * 2 + 2 * 0 + 3 * 1)] = [1, 2, 5]$$

$$[(2 * 0 + 0 * 0 + 1 * 1), (0 * 2 + 1 * 0 + 2 * 1), (1 * 2 + 2 * 0 + 3 * 1)] = [1, 2, 6]$$

$$(x + x, 3x) = (2x, 3x)$$

$$(x + x, 3x, x) = (2x, 4x, x)$$

$$[0, 0, 1, 2] * [2, 0, 1] = [1, 2, 5]$$

$$(1, 2) = \begin{bmatrix} 1 & 2 \end{bmatrix}$$

$$(0,5) = (0,50)$$
"""


def test_list_steps_checked_entry_by_entry():
    got = {s.line: s for s in steps(DOC)}
    assert got[3].status == "holds" and got[7].status == "holds"
    assert got[5].status == "wrong" and "entry (1,3)" in got[5].method    # names the entry
    assert got[9].status == "wrong" and "entry (1,2)" in got[9].method
    # a convolution (conv.py) whose result has no mode's length
    assert got[11].status == "not_read" and "not the length of a convolution" in got[11].reason
    assert got[13].status == "not_read" and "tuple or interval" in got[13].reason
    assert got[15].status == "not_read" and "decimal comma" in got[15].reason


def test_seed_convolution_row_holds():
    """004 line 185: the second step of the full convolution, entries computed by hand."""
    doc = (r"$$\begin{aligned} [0, 0, 1, 2, 3, 4, 0, 0] * [2, 0, 1] &= [(2 * 0 + 0 * 0 + 1 * 1), "
           r"(0 * 2 + 1 * 0 + 2 * 1), (1 * 2 + 2 * 0 + 3 * 1), \\ &\quad (2 * 2 + 3 * 0 + 4 * 1), "
           r"(3 * 2 + 4 * 0 + 0 * 1), (4 * 2 + 0 * 0 + 0 * 1)] \\ &= [1, 2, 5, 8, 6, 8] \end{aligned}$$" + "\n")
    got = [(s.status, s.reason) for s in steps(doc)]
    # nothing said of the kernel: right as the cross-correlation only (conv.py)
    assert got[0][0] == "undecided" and "not as valid convolution (kernel flipped)" in got[0][1], got
    assert got[1][0] == "holds", got


# --- a list transposed is a column ---------------------------------------------------------

@pytest.mark.parametrize("latex,word", [
    (r"[a, \dots, b]^T x", "tuple or interval"),          # an inner product with x
    (r"[a, b]^\top", "tuple or interval"),                # written entries: stays unread (scan.py)
    (r"(0,5)^T", "tuple or interval"),                    # a decimal comma?
    (r"[0, y_1, \dots, y_{K-1}]^\top", "ellipsis (\\vdots)"),   # the bmatrix reason: array mode takes it
])
def test_list_transposed_refused(latex, word):
    with pytest.raises(NotRead) as exc:
        read(latex)
    assert word in exc.value.reason


def test_list_column_with_ellipsis_reaches_array_mode():
    """[0, y_1, \\dots]^\\top is the \\begin{bmatrix} column 0 / y_1 / \\vdots: array mode reads
    its pattern (a column of K entries, the written first entry 0 kept as written)."""
    got = read(r"[0, y_1, y_2, \dots, y_{K-1}]^\top", Scope(arrays=True))
    ((_, pattern),) = got.arrays
    assert (pattern.kind, pattern.rows, pattern.cols) == ("column", "K", 1)
    assert pattern.written[0] == (1, "0")


# --- sums over a set: the readings ---------------------------------------------------------

def _size(name):
    return sp.Symbol(name, integer=True)


V = _size("|V|")
SET_READINGS = [
    (r"\sum_{k \neq j} x_k", sp.Sum(x[k], (k, 1, N)) - x[j]),
    (r"\sum_{k \ne j} x_k", sp.Sum(x[k], (k, 1, N)) - x[j]),
    (r"\sum_{j: j\neq i} x_j", sp.Sum(x[j], (j, 1, N)) - x[i]),
    (r"\sum_{j \mid j \neq i} x_j", sp.Sum(x[j], (j, 1, N)) - x[i]),
    (r"\sum_{k=1, k\neq j}^{n} x_k", sp.Sum(x[k], (k, 1, _size("n"))) - x[j]),
    (r"\sum_{i=1, i \neq 3}^{5} i", sp.Sum(i, (i, 1, 5)) - 3),
    (r"\sum_{i=1, i \neq 7}^{5} i", sp.Sum(i, (i, 1, 5))),          # 7 is not in the range
    (r"\sum_{k \neq 2} x_k", sp.Sum(x[k], (k, 1, N)) - sp.Piecewise((x[2], N >= 2), (0, True))),
    (r"\sum_{w \in V} x_w", sp.Sum(x[w], (w, 1, V))),
    (r"\sum_{w \in \mathcal V} x_w", sp.Sum(x[w], (w, 1, _size("|\\mathcal{V}|")))),
    (r"\sum_{w\in\mathcal{V}} x_w", sp.Sum(x[w], (w, 1, _size("|\\mathcal{V}|")))),
    (r"\sum_{w \in V, w \neq o} x_w", sp.Sum(x[w], (w, 1, V)) - x[sp.Symbol("o", integer=True)]),
    (r"\sum_{i \in S_2} x_i", sp.Sum(x[i], (i, 1, _size("|S_2|")))),
    (r"\sum_{i \in \{1, \dots, n\}} x_i", sp.Sum(x[i], (i, 1, _size("n")))),
    (r"\sum_{i \in \{1, 2, \ldots, n\}} x_i", sp.Sum(x[i], (i, 1, _size("n")))),
    (r"\sum_{i \in [n]} x_i", sp.Sum(x[i], (i, 1, _size("n")))),
    (r"\sum_{x \in \{0, 1\}} x^2", sp.Integer(1)),
    (r"\sum_{k \in \{1, 2, 3\}, k \neq 2} x_k", x[1] + x[3]),
    (r"\sum_{y \in \{-1, 1, 1\}} y^2", sp.Integer(2)),              # a set: 1 once
    (r"\prod_{w \in V} x_w", sp.Product(x[w], (w, 1, V))),
    (r"\sum_{\substack{k=1 \\ k \neq j}}^{n} x_k", sp.Sum(x[k], (k, 1, _size("n"))) - x[j]),
    (r"\sum_{w \in V \setminus \{o\}} x_w", sp.Sum(x[w], (w, 1, V)) - x[sp.Symbol("o", integer=True)]),
    (r"\sum_{k \in \{1, 2, 3\} \setminus \{2\}} x_k", x[1] + x[3]),
]


@pytest.mark.parametrize("latex,expected", SET_READINGS, ids=[r[0] for r in SET_READINGS])
def test_sum_over_a_set_reading(latex, expected):
    got = read(latex)
    assert sp.srepr(got.expr) == sp.srepr(expected)


def test_named_set_size_is_an_opaque_size():
    got = read(r"\sum_{w \in V} \exp(u_w^\top v_c)")
    assert "|V|" in got.sizes and "|V|" in got.opaque


SET_NOT_READ = [
    (r"\sum_{r: r \neq c(i)} x_r", "excluded index c(i)"),     # 000 line 133: the term at c(i)?
    (r"\sum_{j \neq y_{i+1}} s_j", "excluded index y_{i+1}"),
    (r"\sum_{k \neq j, k \neq i} x_k", "more than one excluded"),
    (r"\sum_{k \neq k} x_k", "excluded index"),
    (r"\prod_{k \neq j} x_k", "product without one factor"),
    (r"\sum_{w \in V} w", "used as a number"),                 # the elements are not 1..|V|
    (r"\sum_{w \in V} u_{w+1}", "used as a number"),
    (r"\sum_{x \in \mathbb{R}} x", "a sum over a set"),
    (r"\sum_{(x, y) \in D} x", "a sum over a set"),
    (r"\sum_{w \in V \setminus \{o\}, w \neq c} x_w", "more than one excluded"),
    (r"\sum_{w \in V \setminus \{o, c\}} x_w", "excluded index"),
    (r"\sum_{i \in \{2, 4, \dots, n\}} x_i", "not consecutive"),
    (r"\sum_{x \in \{0.5, 1\}} x", "not all integers"),
    (r"\sum_{i \in S_i} x_i", "a sum over a set"),             # a set indexed by its own index
    (r"\sum_{k \neq j}^{n} x_k", "without a lower limit"),
    (r"\sum_{k=1, k \neq j} x_k", "without an upper limit"),
    (r"\sum_{i \in S}^{n} x_i", "a sum over a set"),
]


@pytest.mark.parametrize("latex,word", SET_NOT_READ, ids=[r[0] for r in SET_NOT_READ])
def test_sum_over_a_set_not_read(latex, word):
    with pytest.raises(NotRead) as exc:
        read(latex)
    assert word in exc.value.reason


def test_set_size_name_under_an_outer_sum_index():
    with pytest.raises(NotRead):
        read(r"\sum_{j=1}^{n} \sum_{i \in S_j} x_i")


SET_DOC = r"""## Q1

$$\sum_{k \neq j} x_k = \sum_{k} x_k - x_j$$

$$\sum_{k \neq j} x_k = \sum_{k} x_k$$

$$\sum_{j: j \neq i} x_i x_j = x_i \sum_j x_j - x_i^2$$

$$\sum_{w \in V} y_w = \sum_{w \in V} y_w + 1$$

$$\sum_{w \in V} \hat{y}_w u_{wi} = \sum_{x \in V} u_{xi} \hat{y}_x$$

$$\sum_{i \in \{1, \dots, n\}} x_i = \sum_{i=1}^{n} x_i$$

$$\sum_{y \in \{-1, 1\}} \sigma(y z) = 1$$

$$\sum_{i=1, i \neq 3}^{5} i = 12$$

$$\sum_{i=1, i \neq 3}^{5} i = 15$$

$$\sum_{w \in V} 1 = |V|$$

$$\sum_{r: r \neq c(i)} x_r = \sum_r x_r - x_{c(i)}$$
"""


def test_sum_over_a_set_steps():
    got = {s.line: s for s in steps(SET_DOC)}
    assert got[3].status == "holds" and got[3].strength == "bounded"
    assert got[5].status == "wrong"            # x_j is left out
    assert got[7].status == "holds"
    assert got[9].status == "wrong"
    assert got[11].status == "holds"           # one |V|, one family of entries, whatever the letter
    assert got[13].status == "holds"
    assert got[15].status == "holds"
    assert got[17].status == "holds"
    assert got[19].status == "wrong"
    assert got[21].status != "wrong"           # |V| as written is Abs(V): never a wrong
    assert got[23].status == "not_read" and "c(i)" in got[23].reason


def test_sum_with_lower_limit_and_exclusion_is_no_side_condition():
    """``\\sum_{k=1, k \\neq j}^{n}``: the comma inside the sum's subscript does not start a
    condition beside the step (conditions.trailing)."""
    doc = "$$\\sum_{k=1, k \\neq j}^{n} x_k = \\sum_{k=1}^{n} x_k - x_j$$\n"
    got = steps(doc)
    assert [s.status for s in got] == ["holds"], [(s.status, s.reason) for s in got]


# --- multiclass hinge: the excluded index is the label y_i --------------------------------

s_ = sp.IndexedBase("s", real=True)
y_i = sp.Symbol("y_i", integer=True)


@pytest.mark.parametrize("latex,expected", [
    (r"\sum_{j \neq y_i} s_j", sp.Sum(s_[j], (j, 1, N)) - s_[y_i]),
    (r"\sum_{j \neq y_{i}} s_j", sp.Sum(s_[j], (j, 1, N)) - s_[y_i]),
    (r"s_{y_i} + \sum_j s_j", s_[y_i] + sp.Sum(s_[j], (j, 1, N))),     # beside s[j]: the entry at y_i
    (r"s_{y_i}", sp.Symbol("s_{y_i}", real=True)),                      # alone: a name, as before
])
def test_label_index_reading(latex, expected):
    assert sp.srepr(read(latex).expr) == sp.srepr(expected)


@pytest.mark.parametrize("latex", [
    r"\sum_i \sum_{j \neq y_i} s_j",             # y_i varies with the outer i
    r"\sum_i s_{y_i} \sum_j s_j",
    r"\sum_{j \neq y_j} s_j",
])
def test_label_index_under_its_own_sum_not_read(latex):
    with pytest.raises(NotRead):
        read(latex)


HINGE = r"""## Multiclass hinge

$$L_i = \sum_{j \neq y_i} \max(0, s_j - s_{y_i} + 1)$$

$$\sum_{j \neq y_i} \max(0, s_j - s_{y_i} + 1) = \sum_{j} \max(0, s_j - s_{y_i} + 1) - 1$$

$$\sum_{j \neq y_i} \max(0, s_j - s_{y_i} + 1) = \sum_{j} \max(0, s_j - s_{y_i} + 1)$$
"""


def test_hinge_steps():
    got = {s.line: s for s in steps(HINGE)}
    assert got[3].status == "definition"
    assert got[5].status == "holds" and got[5].strength == "bounded"
    assert got[7].status == "wrong"       # the term at j = y_i is max(0, 1) = 1
    assert got[7].counterexample["entry"]["y_i"] >= 1    # the label inside the range


@pytest.mark.parametrize("left,right", [
    (r"\sum_{w \in V} x_w", r"\sum_{w=1}^{W} x_w"),          # the prose may say |V| = W
    (r"\sum_{w \in V} x_w", r"\sum_{j} x_j"),
    (r"\sum_{w \in V} x_w", r"\sum_{c \in C} x_c"),
    (r"\sum_{w \in V} x_w + \sum_{i=1}^{3} y_i", r"0"),
])
def test_named_set_beside_another_range_not_read(left, right):
    with pytest.raises(NotRead) as exc:
        read_pair(left, right)
    assert "that size" in exc.value.reason


def test_named_set_beside_itself_read():
    a, b = read_pair(r"\sum_{w \in V} x_w", r"\sum_{v \in V} x_v")
    assert a.expr.dummy_eq(b.expr.xreplace({sp.Symbol("v", integer=True): w}))


@pytest.mark.parametrize("latex,word", [(r"\substack{a}", "substack"), (r"V \setminus W", "set difference")])
def test_set_commands_outside_a_sum_not_read(latex, word):
    with pytest.raises(NotRead) as exc:
        read(latex)
    assert word in exc.value.reason


@pytest.mark.parametrize("step", [r"(u, v) = (v, u)", r"(\mathbf{u}, \mathbf{v}) = (\mathbf{v}, \mathbf{u})",
                                  r"(a, b) = (b, a)", r"(2u, v) = (u, 2v)"])
def test_a_pair_of_names_in_round_brackets_is_never_wrong_entry_by_entry(step):
    """True of an inner product or a gcd: a doubt on the wrong (false wrongs before)."""
    (s,) = audit_text(f"# Q1\n\n$${step}$$\n").documents[0].steps
    assert s.status == "undecided" and "inner product" in s.reason


@pytest.mark.parametrize("step", [r"\sum_{i \in S, i \neq 1} x_i = \sum_{i \in S} x_i - x_1",
                                  r"\sum_{i \in S, i \neq 1} x_i = \sum_{i \in S} x_i"])
def test_a_number_left_out_of_a_named_set_is_not_read(step):
    """S = {2, 5}: 1 is no element, so the first step is false and the second true; reading the
    number as a position of 1..|S| gave the opposite (a false holds and a false wrong)."""
    doc = f"# Q1\n\nLet $S = \\{{2, 5\\}}$.\n\n$${step}$$\n"
    (s,) = audit_text(doc).documents[0].steps
    assert s.status == "not_read"
