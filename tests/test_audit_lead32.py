"""Round 32: a one-hot label as the finite domain it is, and cases said in one part kept there.

- "The target $\\mathbf t$ is one-hot" with its size (``\\sum_{c=1}^{C} t_c = 1``, ``\\mathbf t
  \\in \\{0, 1\\}^C``, ``\\mathbb R^C``) makes t one of the C vectors e_1 .. e_C: a step over t's
  entries is checked at every one of them at each size (bounded, as a label set is). A wrong
  there is certain (the counterexample is a one-hot t); before, the sum fact was put in and a
  wrong stayed undecided ("the question may state more"). A sum fact alone, with no word
  making t one-hot, still puts in the fact and never makes a wrong.
- A case between index letters said in one part ("For $i \\neq j$ ..." in Q3.1) is a doubt for
  that part only: another part's wrong step is no longer held back by it.
- A sum written without bounds inside a definition (``q_c = e^{s_c} / \\sum_d e^{s_d}``) runs over
  the size of the array it sums (C), also when it comes into a step through the definition: a
  sum of the q_c over 1..C is 1 (before: an unknown size, and a wrong at C = 2 over one term).
"""
from __future__ import annotations

from audited import audit_all, one_at as at, shown

ONE_HOT = r"""# Exercise 4: multiclass logistic regression

## Problem 1

The scores are $s_c$ for $c = 1, \dots, C$, and $q_c = \frac{e^{s_c}}{\sum_{d=1}^{C} e^{s_d}}$.
The target $\mathbf t$ is one-hot, so $\sum_{c=1}^{C} t_c = 1$, and the loss is
$E = -\sum_{c=1}^{C} t_c \log q_c$.

**(a)** The gradient by a score:

$$\frac{\partial E}{\partial s_m} = -\sum_{c=1}^{C} t_c (\delta_{cm} - q_m) = q_m \sum_{c=1}^{C} t_c - t_m = q_m - t_m$$

**(b)** A slip:

$$\frac{\partial E}{\partial s_m} = q_m \sum_{c=1}^{C} t_c + t_m$$
"""


def test_a_one_hot_target_is_checked_at_every_one_hot_vector():
    found = audit_all({"t": ONE_HOT})["t"]
    line = [s for s in found if s.line == 11]
    assert [s.status for s in line] == ["holds", "holds", "holds"], shown(found)
    assert "one-hot" in line[2].detail, shown(found)
    slip = at(found, 15)
    assert slip.status == "wrong", shown(found)
    point = slip.counterexample["point"]
    size = int(point["C"])
    hot = [int(v) for k, v in point.items() if k.startswith("t[")]
    assert sum(hot) == 1 and len(hot) <= size, point      # a one-hot t of the size checked


def test_a_sum_fact_without_the_word_one_hot_never_makes_a_wrong():
    text = ONE_HOT.replace("The target $\\mathbf t$ is one-hot, so", "Let the target $\\mathbf t$ be a distribution, so")
    found = audit_all({"t": text})["t"]
    assert [s.status for s in found if s.line == 11][2] == "holds", shown(found)   # the fact put in
    assert at(found, 15).status == "undecided", shown(found)
    assert "t_c = 1" in at(found, 15).reason, shown(found)


def test_one_hot_with_its_space_as_the_size():
    text = ONE_HOT.replace("is one-hot, so $\\sum_{c=1}^{C} t_c = 1$,", "is a one-hot vector, $\\mathbf t \\in \\mathbb R^C$,")
    found = audit_all({"t": text})["t"]
    assert at(found, 15).status == "wrong", shown(found)
    assert [s.status for s in found if s.line == 11][2] == "holds", shown(found)


def test_one_hot_without_a_size_is_no_domain():
    # "one-hot" with no letter for its length: the entries a step writes at a size do not say
    # which vector t is, so nothing is enumerated and no wrong is made
    text = ONE_HOT.replace("is one-hot, so $\\sum_{c=1}^{C} t_c = 1$,", "is one-hot,").replace("\\sum_{c=1}^{C}", "\\sum_{c}")
    found = audit_all({"t": text})["t"]
    assert at(found, 15).status == "undecided", shown(found)
    assert "one-hot, which the check does not use" in at(found, 15).reason, shown(found)


CASES = r"""# Sheet 3

## Q3.1

Let $q_i = \frac{e^{s_i}}{\sum_{k=1}^{K} e^{s_k}}$. For $i \neq j$ only the denominator depends on $s_j$:

$$\frac{\partial q_i}{\partial s_j} = -q_i q_j$$

$$\frac{\partial q_i}{\partial s_j} = q_i (\delta_{ij} + q_j)$$

## Q3.2

Both cases in one formula:

$$\frac{\partial q_i}{\partial s_j} = q_i (\delta_{ij} + q_j)$$
"""


def test_an_index_case_said_in_one_part_is_not_a_doubt_in_the_next():
    found = audit_all({"t": CASES})["t"]
    assert at(found, 7).status == "holds", shown(found)            # the sentence's case is its condition
    assert "i ≠ j" in at(found, 7).detail, shown(found)
    assert "i \\neq j" in at(found, 9).reason, shown(found)         # the doubt stays in Q3.1
    assert at(found, 15).status == "wrong", shown(found)           # Q3.2: the sign of q_j
    assert at(found, 15).counterexample, shown(found)


UNBOUNDED = r"""## Problem 2

Let $p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$ for $i = 1, \dots, K$.

$$\sum_{i=1}^{K} p_i = 1$$

$$\sum_{i=1}^{K} p_i = 2$$
"""


def test_a_sum_without_bounds_in_a_definition_runs_over_its_arrays_size():
    found = audit_all({"t": UNBOUNDED})["t"]
    assert at(found, 5).status == "holds", shown(found)      # undecided before (sampling over two sizes)
    assert at(found, 7).status != "holds", shown(found)


PER_CLASS = ONE_HOT + r"""
**(c)** Per class. If $m$ is the true class ($t_m = 1$):

$$\frac{\partial E}{\partial s_m} = q_m - 1$$
"""


def test_an_entry_said_equal_to_a_number_in_a_case_sentence_is_a_case_not_ignored():
    # t_m = 1 picks the one-hot vectors the display is about: checked at every one-hot t, the
    # step is wrong at t = e_c with c != m, which is not the case the text speaks of
    found = audit_all({"t": PER_CLASS})["t"]
    assert at(found, 19).status == "undecided", shown(found)


REAL_AGAIN = r"""## Problem 1 - labels

The labels are $y_n \in \{-1, +1\}$ and the score is $s_n = \mathbf v^\top \mathbf x_n$.

$$(y_n - s_n)^2 = (1 - y_n s_n)^2$$

## Problem 2 - regression

Here $y_n \in \mathbb R$ is a real target.

$$(y_n - s_n)^2 = (1 - y_n s_n)^2$$
"""


def test_a_question_that_gives_a_name_a_real_domain_drops_another_questions_label_set():
    found = audit_all({"t": REAL_AGAIN})["t"]
    assert at(found, 5).status == "holds", shown(found)          # every label checked
    assert at(found, 11).status == "wrong", shown(found)         # y_n real: y = 2, s = 0 refutes it


STEP = r"""## Problem 5

A unit computes $z = a x + c$ and $E = \frac{1}{2} z^2$ with $x = 2$, $a = 1$ and $c = 1$.

$$z = a x + c = 3$$

$$\frac{\partial E}{\partial a} = z x = 6, \qquad \frac{\partial E}{\partial c} = z = 3$$

One step with $\eta = 0.1$:

$$
\begin{aligned}
a &= a - \eta \frac{\partial E}{\partial a} = 1 - 0.1 \times 6 = 0.4 \\
c &= c - \eta \frac{\partial E}{\partial c} = 1 - 0.1 \times 3 = 0.7
\end{aligned}
$$

Then

$$z = a x + c = 0.4 \times 2 + 0.7 = 1.5$$
"""


def test_the_rows_of_one_gradient_step_take_every_gradient_at_the_old_parameters():
    found = audit_all({"t": STEP, "moved": STEP.replace("1 - 0.1 \\times 3 = 0.7", "1 - 0.1 \\times 1.8 = 0.82")
                       .replace("0.4 \\times 2 + 0.7 = 1.5", "0.4 \\times 2 + 0.82 = 1.62")})
    t, moved = found["t"], found["moved"]
    row = [s for s in t if s.line == 14]
    assert [s.status for s in row] == ["definition", "holds", "holds"], shown(t)   # undecided before
    assert all(s.status == "holds" for s in t if s.line == 20), shown(t)       # the new values after the rows
    # the gradient of c taken after a had moved: wrong (before, a doubt that a may be meant old)
    assert [s for s in moved if s.line == 14][1].status == "wrong", shown(moved)


DIAGONAL = r"""## Question 6

A layer computes $a_k = \sum_{j=1}^{n} V_{kj} u_j$.

**(a)** The input derivative:

$$\frac{\partial a_k}{\partial u_j} = V_{jk}$$

**(b)** On the diagonal of the Jacobian:

$$\frac{\partial a_k}{\partial u_j} = V_{jk}$$
"""


def test_a_step_true_on_the_diagonal_only_is_wrong_where_its_part_speaks_of_no_cases():
    found = audit_all({"t": DIAGONAL})["t"]
    assert at(found, 7).status == "wrong", shown(found)        # V_{jk} for V_{kj}: every entry is claimed
    assert at(found, 7).counterexample, shown(found)
    assert at(found, 11).status == "undecided", shown(found)   # "on the diagonal": k = j may be meant


POOLED = r"""## Q4. Pooling

**Q4.1** A pooling window of width $r$ and stride $s$ over $n$ inputs gives

$$m = \left\lfloor \frac{n - r}{s} \right\rfloor + 1$$

outputs. For the layer of the figure, $n = 10$, $r = 2$ and $s = 2$:

$$m = \left\lfloor \frac{10 - 2}{2} \right\rfloor + 1 = 5$$

and with $r = 4$ on $9$ inputs:

$$m = \left\lfloor \frac{9 - 4}{2} \right\rfloor + 1 = 3$$
"""


def test_a_number_for_a_formula_at_the_numbers_the_question_gives_is_checked_not_a_new_meaning():
    slip = POOLED.replace(r"\right\rfloor + 1 = 5", r"\right\rfloor = 4")
    found = audit_all({"t": POOLED, "slip": slip})
    t, slip = found["t"], found["slip"]
    assert [s.status for s in t if s.line == 9] == ["holds", "holds"], shown(t)
    assert [s for s in slip if s.line == 9][0].status == "wrong", shown(slip)   # the + 1 dropped
    # "on $9$ inputs" gives n in words only: n = 10 of the instance before is no number said
    # for this one, so the number written is no evaluation the check can make (a false wrong before)
    assert [s for s in t if s.line == 13][0].status == "undecided", shown(t)


NORMALISED = r"""## Problem 7

For one example with features $x_1, \dots, x_D$ let $\mu = \frac{1}{D} \sum_{k=1}^{D} x_k$ and
$\hat x_k = x_k - \mu$. The centred features sum to zero, $\sum_k \hat x_k = 0$.

$$\sum_{k=1}^{D} \hat x_k \hat x_k = \sum_{k=1}^{D} \hat x_k x_k$$

$$\sum_{k=1}^{D} \hat x_k x_k = \sum_{k=1}^{D} \hat x_k x_k + \mu$$
"""


def test_a_sum_fact_the_definitions_give_is_no_doubt():
    found = audit_all({"t": NORMALISED})["t"]
    assert at(found, 6).status == "holds", shown(found)
    # wrong: mu is not 0; before, "the text says sum_k x_hat_k = 0" held it back although the
    # definitions give that sum already
    assert at(found, 8).status == "wrong", shown(found)
    assert at(found, 8).counterexample, shown(found)


INDEX = r"""## Question 8

The layer computes $Y_{ni} = \sum_{j} X_{nj} W_{ij}$ and $G_{ni} = \partial L / \partial Y_{ni}$.
Let the inputs be fixed, so that $\partial Y_{ni} / \partial X_{mj} = \delta_{nm} W_{ij}$ with the
Kronecker delta.

**(b)** *Gradient with respect to the inputs.* Since $\partial Y_{ni}/\partial X_{mj} = \delta_{nm} W_{ij}$,

$$\sum_{n} \sum_{i} G_{ni} \, \delta_{nm} \, W_{ij} = \sum_{i} G_{mi} \, W_{ij}$$

$$\sum_{n} \sum_{i} G_{ni} \, \delta_{nm} \, W_{ij} = \sum_{i} G_{mi} \, W_{ji}$$
"""


def test_a_kronecker_delta_under_two_sums_still_sums_over_the_other_index():
    found = audit_all({"t": INDEX})["t"]
    assert at(found, 9).status != "wrong", shown(found)    # m's range is the step's to show
    # W_{ji} for W_{ij}: both sides sum G and W over i (the delta picks n only), so no "sum on
    # one side only" doubt; the "Let ... so that ... \delta_{nm}" sentence names no delta
    assert at(found, 11).status == "wrong", shown(found)


def test_one_hot_said_with_its_space_in_one_formula():
    text = ONE_HOT.replace("The target $\\mathbf t$ is one-hot, so $\\sum_{c=1}^{C} t_c = 1$,",
                           "Let the target $\\mathbf t \\in \\{0, 1\\}^C$ be one-hot,")
    found = audit_all({"t": text})["t"]
    assert at(found, 15).status == "wrong", shown(found)
    assert "one-hot of size C" in at(found, 15).detail, shown(found)


def test_one_hot_beside_smoothed_labels_in_the_same_question_is_one_case_not_the_domain():
    text = ONE_HOT.replace("**(b)** A slip:", "**(b)** With label smoothing the targets are soft; a slip:")
    found = audit_all({"t": text})["t"]
    assert at(found, 15).status == "undecided", shown(found)    # wrong for a one-hot t, but t may be soft here
    assert "every member checked" not in (at(found, 15).detail or ""), shown(found)


RECURRENT = r"""## Question 4

The hidden state evolves as $h_t = \tanh(w h_{t-1} + u x_t)$ for $t = 1, 2, 3$. We write
$z_t = w h_{t-1} + u x_t$ for the pre-activation.

$$\tanh'(z_t) h_{t-1} = (1 - h_t) h_{t-1}$$
"""


def test_a_recurrence_read_at_two_depths_in_one_step_is_a_doubt():
    # h_t's own formula keeps h_{t-1} a value; z_t's brings h_{t-1} in by its formula: one
    # quantity read as two, so no counterexample of this reading is certain
    found = audit_all({"t": RECURRENT})["t"]
    assert at(found, 6).status == "undecided", shown(found)
    assert "a recurrence at two depths" in at(found, 6).reason, shown(found)
