"""NAME(...) read as a call where the document says NAME is a function, in the ways documents
say it: a signature with \\colon (``f, g \\colon \\mathbb{R} \\to \\mathbb{R}``), words beside a name
(``for functions $f$ and $h$``, ``the CDF $\\Phi$``, ``$f$ is differentiable``), a derivative given
as a function (``\\phi = \\Phi'``), an operator name it defines (``\\mathrm{KL}(x) = ...``,
``\\mathrm{flip}(\\mathbf{w})_j = w_{k-j+1}``), a name for the softmax's entries (``S(\\mathbf z)_i =
\\mathrm{softmax}(\\mathbf z)_i``). And the traps: products written like calls (``a(b + c)``,
``\\lambda(\\theta - \\mu)``, ``p(1 - p)``, ``w(x - wz)``) stay products, and a name alone in a
sentence (``A regulariser $q$ ...``) says nothing.

The documents are small and written for this file; the statuses are what the engine computes.
"""
from __future__ import annotations

from checks.io.audit.document import mentions
from checks.io.audit.document.evidence import Evidence

from audited import one_at as at, shown, steps

NEVER_WRONG = ("holds", "undecided", "not_read", "definition", "condition")


def kinds(ev: Evidence, name: str, here: str = "") -> set:
    return {(c.kind, c.value) for c in ev.about(name, here)}


# --- declared by a signature ------------------------------------------------------------------

DECLARED = r"""# Problem 1

Let $f, g \colon \mathbb{R} \to \mathbb{R}$ be differentiable, with $g > 0$.

$$\frac{d}{dx} f(3x + 1) = 3 f'(3x + 1)$$

$$\frac{d}{dx} \log g(x) = \frac{g'(x)}{g(x)}$$
"""


def test_a_signature_with_colon_declares_every_name_of_its_list():
    ev = Evidence.of(DECLARED)
    assert ("signature", False) in kinds(ev, "f", "Problem 1")
    assert ("signature", False) in kinds(ev, "g", "Problem 1")
    # f of "f, g \colon" is no bare use of a value
    assert ("bare", True) not in kinds(ev, "f", "Problem 1")
    functions, _, conflicts = ev.settle((), (), "Problem 1", ())
    assert {"f", "g"} <= functions and not conflicts


def test_bare_uses_of_a_declared_function_mention_it():
    # g > 0 uses g bare: beside the signature it says the function is positive, not that g is a number
    found = steps(DECLARED)
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "holds", shown(found)


def test_a_wrong_chain_rule_through_a_declared_function_is_read_and_never_holds():
    found = steps(DECLARED.replace("= 3 f'(3x + 1)", "= f'(3x + 1)"))
    step = at(found, 5)
    # read as a call and refuted for an instance of f, which the signature declares arbitrary
    # (tests/test_audit_arbitrary.py): wrong, with the declaring sentence quoted
    assert step.status == "wrong" and "for the instance f(u) = " in step.detail, shown(found)
    assert "be differentiable, with $g > 0$." in step.detail


# --- declared in words ----------------------------------------------------------------------------

WORDS = r"""# Q3

For a composition with functions $f$ and $h$, the chain rule gives

$$\frac{d}{dz} h(f(z)) = h'(f(z)) \, f'(z)$$

The weight $u$ is a differentiable function of $z$:

$$\frac{d}{dz} u(2z) = 2 u'(2z)$$
"""


def test_words_beside_a_name_declare_a_function():
    ev = Evidence.of(WORDS)
    for name in ("f", "h", "u"):
        assert ("words", False) in kinds(ev, name, "Q3"), name
    found = steps(WORDS)
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 9).status == "holds", shown(found)


def test_which_words_declare_a_function():
    says = {
        "for functions $f$ and $g$ we": True,
        "Let $f$ and $g$ be twice differentiable": True,
        "the CDF $\\Phi$ is increasing": True,
        "$\\Phi$ is the cumulative distribution function of the normal": True,
        "a growth map $k$": True,
        "the label $y$ is 1": False,
        "$y$ is the output of the function": False,
        "$f$ is a function value": False,
        "the feature map $h$ is": False,
        "the activation $h$ is": False,
        "A regulariser $q$ is specified": False,
    }
    for text, expected in says.items():
        i = text.index("$")
        j = text.index("$", i + 1) + 1
        assert mentions.says_function(text, i, j) is expected, text


def test_a_name_alone_in_a_sentence_is_neither_a_value_nor_a_function():
    text = "# Q4\n\nA regulariser $q$ is specified through a rescaled argument:\n\n$$q'(u) = 2u$$\n"
    ev = Evidence.of(text)
    assert not any(c.value for c in ev.about("q", "Q4")), ev.about("q", "Q4")


COMPOSITE = r"""# 4(c)

A regulariser $q$ is specified through a rescaled argument, with $q'(u) = 2u$.

$$\frac{d}{du} q(2u) = 2 q'(2u)$$

$$\frac{d}{du} q(2u) = q'(2u)$$
"""


def test_a_lone_name_no_longer_blocks_the_call_reading():
    # q'(u) is a function; "$q$" alone once made q also a value, so q(2u) was neither
    found = steps(COMPOSITE)
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status in ("undecided", "wrong") and "q(...) may be a call" not in (at(found, 7).reason or "")


# --- a derivative given as a function, the CDF ---------------------------------------------

CDF = r"""# Problem 3

Throughout, $\Phi$ is the cumulative distribution function of the standard normal distribution and
$\phi = \Phi'$ its density.

$$\frac{d}{dx} \Phi(2x) = 2 \Phi'(2x)$$
"""


def test_a_name_given_a_derivative_is_a_function():
    ev = Evidence.of(CDF)
    assert ("assigned", False) in kinds(ev, "\\phi", "Problem 3")
    assert ("words", False) in kinds(ev, "\\Phi", "Problem 3")
    functions, _, conflicts = ev.settle((), (), "Problem 3", ())
    assert {"\\phi", "\\Phi"} <= functions and not conflicts
    found = steps(CDF)
    assert at(found, 6).status == "holds", shown(found)


# --- operator names ------------------------------------------------------------------------------

KL = r"""# Q2

$$\mathrm{KL}(x) = \frac{1}{2} \left( x^2 - 1 - \log x^2 \right)$$

$$\frac{d\, \mathrm{KL}(x)}{dx} = x - \frac{1}{x}$$

$$\frac{d\, \mathrm{KL}(x)}{dx} = x - \frac{2}{x}$$

$$\mathrm{XY}(2x) = 2 \, \mathrm{XY}(x)$$
"""


def test_an_operator_name_the_document_defines_is_a_call():
    found = steps(KL)
    assert at(found, 3).status == "definition", shown(found)
    assert at(found, 5).status == "holds", shown(found)
    assert at(found, 7).status == "wrong", shown(found)


def test_an_operator_name_never_defined_stays_not_read():
    found = steps(KL)
    assert at(found, 9).status == "not_read", shown(found)


FLIP = r"""# Kernels

For a kernel $\mathbf w \in \mathbb R^k$ the flipped kernel is defined entry by entry:

$$\mathrm{flip}(\mathbf w)_j = w_{k-j+1}$$

$$\mathrm{flip}(\mathbf w)_k = w_1$$

$$\mathrm{flip}(\mathbf w)_2 = w_{k-2}$$

$$\sum_{j=1}^{k} j \, \mathrm{flip}(\mathbf w)_j = \sum_{j=1}^{k} (k - j + 1) w_j$$
"""


def test_a_function_defined_entrywise_is_expanded_where_its_letters_are_the_documents():
    found = steps(FLIP)
    # k of w_{k-j+1} is the size of w: free in the step too, it is the same k
    assert at(found, 7).status == "holds", shown(found)
    assert at(found, 11).status == "holds", shown(found)


def test_a_call_on_the_left_is_never_a_definition_of_the_right():
    found = steps(FLIP)
    step = at(found, 9)
    assert step.status != "definition", shown(found)
    assert step.status in NEVER_WRONG


def test_a_bound_letter_of_the_step_is_not_the_bodys():
    # k bound by the step's own sum is another k than the size in the body: no expansion
    text = FLIP + "\n$$\\sum_{k=1}^{3} \\mathrm{flip}(\\mathbf w)_k = 0$$\n"
    found = steps(text)
    assert at(found, 13).status in ("not_read", "undecided", "condition"), shown(found)


SOFTMAX = r"""# Part A

For $\mathbf z \in \mathbb R^K$ the softmax is $\mathrm{softmax}(\mathbf z)_i = \frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$.
We abbreviate $S(\mathbf z)_i = \mathrm{softmax}(\mathbf z)_i$.

$$\frac{S(\mathbf z)_i}{S(\mathbf z)_j} = e^{z_i - z_j}$$

$$\frac{S(\mathbf z)_i}{S(\mathbf z)_j} = e^{z_j - z_i}$$
"""


def test_a_name_for_the_softmax_entries_reads_its_components():
    found = steps(SOFTMAX)
    assert at(found, 6).status == "holds", shown(found)
    # wrong for some i, j; which ones the step means it does not show: a doubt, never a holds
    step = at(found, 8)
    assert step.status == "undecided" and step.reason.startswith("wrong as read"), shown(found)


# --- the traps: products written like calls ---------------------------------------------------

PRODUCTS = r"""# Q1

Let $a = 2$, $\lambda = 0.1$ and $w = 3$; the probability is $p = \sigma(z)$.

$$a(b + c) = ab + ac$$

$$\lambda(\theta - \mu) = \lambda \theta - \lambda \mu$$

$$p(1 - p) = p - p^2$$

$$w(x - wz) = wx - w^2 z$$

# Q2

Here $y$ is a differentiable function of $x$.

$$\frac{d}{dx} y(2x) = 2 y'(2x)$$

# Q3

Now $y = 3$ is the label.

$$y(1 - y) = -6$$
"""


def test_products_written_like_calls_stay_products():
    found = steps(PRODUCTS)
    for line in (5, 7, 9, 11):
        assert at(found, line).status == "holds", shown(found)


def test_a_letter_that_is_a_function_in_one_question_and_a_value_in_another():
    found = steps(PRODUCTS)
    assert at(found, 17).status == "holds", shown(found)
    assert at(found, 23).status == "holds", shown(found)
    assert all(s.status in NEVER_WRONG for s in found), shown(found)


def test_a_naming_after_the_first_use_is_not_a_value_use():
    text = ("# Q1\n\nThe output is $y = g(a)$ where $g$ is the sigmoid.\n\n"
            "$$g'(a) = g(a)(1 - g(a))$$\n\n$$g'(a) = g(a)(1 + g(a))$$\n")
    ev = Evidence.of(text)
    assert not any(c.value for c in ev.about("g", "Q1")), ev.about("g", "Q1")
    found = steps(text)
    assert at(found, 5).status == "holds" and at(found, 7).status == "wrong", shown(found)


def test_the_cdf_of_the_standard_normal_said_in_words_is_that_function():
    # "the cumulative distribution function of the standard normal": Phi(0) = 1/2 and the
    # symmetry hold for it (they would not for an arbitrary Phi)
    text = CDF + "\n$$\\Phi(0) = \\frac{1}{2}$$\n\n$$\\Phi(-x) = 1 - \\Phi(x)$$\n\n$$\\Phi(0) = 1$$\n"
    found = steps(text)
    assert at(found, 8).status == "holds", shown(found)
    assert at(found, 10).status == "holds", shown(found)
    assert at(found, 12).status == "wrong", shown(found)
