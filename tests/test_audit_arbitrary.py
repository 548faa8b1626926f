"""Functions the document declares arbitrary (arbitrary.py, run._for_an_instance): a step the
engine refutes for one instance of an undefined function is ``wrong`` where the text says the
function is arbitrary -- a signature, "for any differentiable", "an arbitrary activation", "some
function of" -- in the step's part, its question's preamble or the document's head, and says
nothing else of it there; it stays ``undecided`` without a declaration, where a property or a
formula is said, and where the instance is not within the domain or range the text says.

The documents are small and written for this file; the statuses are what the engine computes.
"""
from __future__ import annotations

from types import SimpleNamespace

import sympy as sp

from checks.io.audit.document.arbitrary import Arbitrary, Said, Declaration, serves

from audited import one_at as at, shown, steps


def declared(text: str, kind: str = "markdown") -> set:
    return {d.name for d in Arbitrary.of(text, kind).declarations}


# --- chain-rule exercises: declared, not declared ---------------------------------------------------

CHAIN = r"""# Problem 1

Let $f, g \colon \mathbb{R} \to \mathbb{R}$ be differentiable.

**(a)**

$$\frac{d}{dx} f(3x + 1) = f'(3x + 1)$$

$$\frac{d}{dx} f(x^2) = 2x f'(x^2)$$

**(b)**

$$\frac{d}{dx} g(x)^2 = 2 g'(x)$$
"""


def test_a_planted_chain_rule_error_is_wrong_where_the_functions_are_declared_arbitrary():
    found = steps(CHAIN)
    for line in (7, 13):
        s = at(found, line)
        assert s.status == "wrong" and not s.ok, shown(found)
        assert s.counterexample["instance"], shown(found)
        # the detail quotes the declaring sentence and shows the instance
        assert "Let $f, g \\colon \\mathbb{R} \\to \\mathbb{R}$ be differentiable." in s.detail
        assert "(line 3)" in s.detail and "for the instance " in s.detail
    assert at(found, 9).status == "holds", shown(found)


def test_without_a_declaration_the_same_steps_stay_undecided():
    # functions (read as calls), but nothing says which: the document may know more of them
    found = steps(CHAIN.replace("Let $f, g \\colon \\mathbb{R} \\to \\mathbb{R}$ be differentiable.",
                                "We use the functions $f$ and $g$ of the lecture."))
    for line in (7, 13):
        s = at(found, line)
        assert s.status == "undecided" and s.counterexample is None, shown(found)
        assert "the document may say more about" in s.reason


WORDINGS = [
    "For any differentiable $f$ and $g$ the following hold.",
    "Here $f$ and $g$ are arbitrary (smooth) functions.",
    "Let $f$ and $g$ be twice differentiable.",
    "Let $f$ be an arbitrary function and let $g$ be an arbitrary function.",
    "Consider two unspecified maps $f$ and $g$.",
    "Here $f(\\cdot)$ and $g(\\cdot)$ are arbitrary differentiable functions.",
    "$f$ is some function of $x$ and $g$ is some function of $x$.",
]


def test_the_wordings_of_a_declaration():
    for words in WORDINGS:
        assert declared(f"# Q1\n\n{words}\n\n$$f(x) = g(x)$$\n") >= {"f", "g"}, words


NOT_DECLARED = [
    "Let $\\Phi$ be the standard normal CDF.",            # a known function (and no quantifier)
    "Let $f$ be a squashing function, e.g. $\\tanh$.",   # an example: not any function
    "Let $f$ behave like a sigmoid.",
    "For every $f$ in the table, the value is positive.",   # a quantifier alone: values
    "The decoder is $f$.",
    "The loss $f$ is a scalar function of $z$.",          # what f depends on, not any function
]


def test_sentences_that_declare_nothing():
    for words in NOT_DECLARED:
        assert "f" not in declared(f"# Q1\n\n{words}\n\n$$f(x) = 1$$\n"), words


def test_known_words_in_the_declaring_sentence_block_it():
    a = Arbitrary.of("# Q1\n\nLet $p$ be an arbitrary function, a density.\n\n$$z = 1$$\n")
    said = a.at(50)
    assert "p" in said and "density" in said["p"].blocked
    # a negated meaning does not: "sigma is not the sigmoid"
    a = Arbitrary.of("# Q1\n\nHere $\\sigma(\\cdot)$ is an arbitrary differentiable function "
                     "($\\sigma$ is \\emph{not} the sigmoid).\n\n$$z = 1$$\n")
    assert a.at(120)["\\sigma"].blocked == ""


# --- a property said in one part ---------------------------------------------------------------------

PARTS = r"""\section*{Problem 1}
Let $f \colon \mathbb{R} \to \mathbb{R}$ be differentiable.

\paragraph{(a)}
\begin{equation*}
\frac{d}{dx} f(3x + 1) = f'(3x + 1)
\end{equation*}

\paragraph{(b)} Suppose now that $f$ is odd. Then
\begin{equation*}
\frac{d}{dx} f(3x + 1) = 3 f'(x)
\end{equation*}
"""


def test_a_property_said_in_one_part_keeps_that_part_undecided_only():
    found = steps(PARTS, "latex")
    assert at(found, 6).status == "wrong", shown(found)
    s = at(found, 11)
    assert s.status == "undecided" and "odd" in s.reason, shown(found)


def test_a_relation_that_gives_the_function_something_blocks_its_part():
    text = PARTS.replace("Suppose now that $f$ is odd. Then", "Now $f(0) = 1$ and")
    found = steps(text, "latex")
    assert at(found, 6).status == "wrong", shown(found)
    s = at(found, 11)
    assert s.status == "undecided" and "f is given a formula or a value" in s.reason, shown(found)


# --- a formula later in the scope ----------------------------------------------------------------------

LATER = r"""# Problem 4

Let $q$ be a differentiable function.

$$\frac{d}{du} q(2u) = 4u$$

It is given through a rescaled argument:

$$q(2u) = 4u^2$$
"""


def test_a_function_given_a_formula_later_in_its_scope_stays_undecided():
    found = steps(LATER)
    s = at(found, 5)
    assert s.status == "undecided" and "q is given a formula or a value" in s.reason, shown(found)


def test_a_function_defined_through_others_is_not_arbitrary():
    # h = f o g gives h a formula: a step refuted for an instance of h too stays undecided
    text = (r"# Q1" "\n\n" r"Let $f, g \colon \mathbb R \to \mathbb R$ be twice differentiable and $h = f \circ g$."
            "\n\n" r"$$h'(x) = f'(g(x)) \, g'(x)$$" "\n\n"
            r"$$\frac{d}{dx} f\left(g(x)^2\right) = 2 f'\left(g(x)^2\right) g'(x)$$" "\n")
    found = steps(text)
    assert at(found, 5).status == "undecided", shown(found)
    assert at(found, 7).status == "wrong", shown(found)


# --- domain and range ------------------------------------------------------------------------------

def _said(domain=None, ranges=()):
    return Said(Declaration("f", "Let f be ...", 1, 0, domain), "", domain, ranges)


def test_the_instance_must_be_applied_inside_the_domain_the_text_says():
    x = sp.Symbol("x", real=True)
    f = sp.Function("f")
    claim = SimpleNamespace(lhs=sp.Derivative(f(x - 5), x), rhs=2 * f(x - 5))
    positive = ("0", None, True, True)
    # at x = 6 the argument x - 5 = 1 is inside (0, oo); at x = 0 it is -5, outside
    assert serves(_said(positive), "f", "u -> exp(u)", claim, {"x": "6"}) == ""
    assert "outside the domain" in serves(_said(positive), "f", "u -> exp(u)", claim, {"x": "0"})


def test_the_instance_must_be_within_the_range_the_text_says_where_it_is_used():
    x = sp.Symbol("x", real=True)
    g = sp.Function("g")
    claim = SimpleNamespace(lhs=sp.Derivative(g(x) ** 2, x), rhs=2 * sp.Derivative(g(x), x))
    positive = (("0", None, True, True), "g > 0")
    assert serves(_said(None, (positive,)), "g", "u -> 7*exp(-u)/4", claim, {"x": "0"}) == ""
    # u - 3 is negative at 0: not an instance of a positive g there
    assert "g > 0" in serves(_said(None, (positive,)), "g", "u -> u - 3", claim, {"x": "0"})


def test_a_domain_said_by_the_signature_is_read():
    a = Arbitrary.of("# Q1\n\nLet $f \\colon (0, \\infty) \\to \\mathbb{R}$ be differentiable.\n\n$$f(x) = 1$$\n")
    d, = a.declarations
    assert d.domain == ("0", None, True, True) and d.range is None
    a = Arbitrary.of("# Q1\n\nLet $f \\colon X \\to Y$ be differentiable.\n\n$$f(x) = 1$$\n")
    assert "is not read" in a.at(70)["f"].blocked
    # a vector-valued function: the instances are scalar
    a = Arbitrary.of("# Q1\n\nLet $f \\colon \\mathbb R^n \\to \\mathbb R^K$ be differentiable.\n\n$$z = 1$$\n")
    assert "is not read" in a.at(80)["f"].blocked


DOMAIN = r"""# Q1

Let $f \colon (0, \infty) \to \mathbb{R}$ be differentiable.

$$\frac{d}{dx} f(x^2 + 1) = f'(x^2 + 1)$$
"""


def test_a_step_whose_arguments_stay_inside_the_domain_is_wrong():
    found = steps(DOMAIN)
    s = at(found, 5)
    assert s.status == "wrong" and "(0, \\infty)" in s.detail, shown(found)


def test_a_property_said_in_plain_words_without_math_blocks_too():
    # plain-text documents write names without delimiters: "Suppose now that f is odd"
    text = PARTS.replace("Suppose now that $f$ is odd. Then", "Suppose now that f is odd. Then")
    a = Arbitrary.of(text, "latex")
    part_b = text.index("(b)")
    assert "odd" in a.at(part_b + 60)["f"].blocked
    assert a.at(text.index("(a)") + 10)["f"].blocked == ""


def test_some_function_in_an_existence_statement_is_not_every_function():
    for words in ("There is some differentiable function $f$ with the property below.",
                  "Let $f$ be a differentiable function such that the bound below holds."):
        a = Arbitrary.of(f"# Q1\n\n{words}\n\n$$z = 1$$\n")
        assert a.at(len(words) + 10)["f"].blocked, words
