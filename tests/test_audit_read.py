"""The audit reading layer: LaTeX of one side in, SymPy out (compared structurally with
srepr), and the inputs that must be NotRead with a word of their reason."""
from __future__ import annotations

import pytest
import sympy as sp

from checks.dl import sigmoid
from checks.io.audit.reading.read import NotRead, Reading, Scope, read


def R(name):
    return sp.Symbol(name, real=True)


def I(name):
    return sp.Symbol(name, integer=True)


def X(base, *idx):
    return sp.IndexedBase(base, real=True)[tuple(idx)]


x, y, z, v, a, b, L, s = map(R, "x y z v a b L s".split())
i, j, k, m, n, N = map(I, "i j k m n N".split())
f = sp.Function("f")

READINGS = [
    # fractions, exp, e^{...}, \mathrm{e}
    (r"\frac{1}{1 + e^{-v}}", 1 / (1 + sp.exp(-v))),
    (r"\dfrac{e^{x}}{1+e^{x}}", sp.exp(x) / (1 + sp.exp(x))),
    (r"\tfrac{a}{b}", a / b),
    (r"\frac12 x", x / 2),
    (r"\frac1{x}", 1 / x),
    (r"\mathrm{e}^{x}", sp.exp(x)),
    (r"\exp(-z)", sp.exp(-z)),
    (r"\exp\left(\frac{x}{2}\right)", sp.exp(x / 2)),
    (r"e^{-x/2} \cdot e^{-x/2}", sp.exp(-x / 2) * sp.exp(-x / 2)),
    (r"e", sp.E),
    # sigma, tanh, log, ln
    (r"\sigma(2x)", sigmoid(2 * x)),
    (r"2\sigma(2x) - 1", 2 * sigmoid(2 * x) - 1),
    (r"\sigma \left(z\right)", sigmoid(z)),
    (r"\operatorname{sigmoid}(z)", sigmoid(z)),
    (r"\text{sigmoid}(z)", sigmoid(z)),
    (r"\sigma", R("\\sigma")),
    (r"\sigma^2", R("\\sigma") ** 2),
    (r"\tanh\left(\frac{z}{2}\right) + 1", sp.tanh(z / 2) + 1),
    (r"\tanh^2(x)", sp.tanh(x) ** 2),
    (r"\log(1 + e^{x})", sp.log(1 + sp.exp(x))),
    (r"\ln x", sp.log(x)),
    (r"\log_2 x", sp.log(x) / sp.log(2)),
    (r"\sinh(x) + \cosh x", sp.sinh(x) + sp.cosh(x)),
    (r"\log \sigma^2", sp.log(R("\\sigma") ** 2)),
    (r"\log\frac{p}{1-p}", sp.log(R("p") / (1 - R("p")))),
    # products
    (r"x \cdot y", x * y),
    (r"5 \times 3", sp.Integer(15)),
    (r"(w_1 + w_2) \cdot w_3", (R("w_1") + R("w_2")) * R("w_3")),
    (r"1 - 0.01(5.7)", sp.Rational(943, 1000)),
    (r"3.3", sp.Rational(33, 10)),
    # sizes and decorations
    (r"\left[ \tanh(z) + 1 \right]", sp.tanh(z) + 1),
    (r"\big( x + 1 \big)^2", (x + 1) ** 2),
    (r"\bar{W}_o", R("\\bar{W}_o")),
    (r"\overline{W}_o", R("\\bar{W}_o")),
    (r"\hat{y}", R("\\hat{y}")),
    (r"\hat m_t", R("\\hat{m}_t")),
    (r"\tilde{x}", R("\\tilde{x}")),
    (r"\mathbf{x}", R("\\mathbf{x}")),
    (r"\boldsymbol{\theta}", R("\\boldsymbol{\\theta}")),
    (r"\underline{z}", R("\\underline{z}")),
    (r"\vec{v}", R("\\vec{v}")),
    (r"\mathcal{L}", R("\\mathcal{L}")),
    (r"w_{t+1,i}", R("w_{t+1,i}")),
    (r"w_{3}", R("w_3")),
    (r"\beta_1^t", R("\\beta_1") ** R("t")),
    (r"\sigma^2_B + \epsilon", R("\\sigma_B") ** 2 + R("\\epsilon")),
    (r"\sum_{i=1}^{n} x^2_i", sp.Sum(X("x", i) ** 2, (i, 1, n))),
    (r"w_{ji}^{(1)}", R("w_{ji}^{(1)}")),
    (r"\lambda'", R("\\lambda'")),
    (r"x^{(1)}", R("x^{(1)}")),
    (r"w^{(1)}_{ij}", R("w_{ij}^{(1)}")),
    (r"w_{kj}^{(2)*}", R("w_{kj}^{(2)*}")),
    (r"e^{(x+1)}", sp.exp(x + 1)),
    (r"W^{[l]} a^{[l-1]} + b^{[l]}", R("W^{[l]}") * R("a^{[l-1]}") + R("b^{[l]}")),
    (r"|x| \cdot |y|", sp.Abs(x) * sp.Abs(y)),
    (r"\begin{cases} \frac{1}{2}(y - t)^2 & |y - t| \le \delta \\ \delta |y - t| - \frac{1}{2}\delta^2 & \text{otherwise} \end{cases}",
     sp.Piecewise(((y - R("t")) ** 2 / 2, sp.Abs(y - R("t")) <= R("\\delta")),
                  (R("\\delta") * sp.Abs(y - R("t")) - R("\\delta") ** 2 / 2, True))),
    # Adam, batch norm, VAE
    (r"\frac{m_t}{1-\beta_1^t}", R("m_t") / (1 - R("\\beta_1") ** R("t"))),
    (r"\frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}",
     (x - R("\\mu")) / sp.sqrt(R("\\sigma") ** 2 + R("\\epsilon"))),
    (r"-\frac{1}{2}\left(1 + \log\sigma^2 - \mu^2 - \sigma^2\right)",
     -(1 + sp.log(R("\\sigma") ** 2) - R("\\mu") ** 2 - R("\\sigma") ** 2) / 2),
    # sums and products
    (r"\sum_{i=1}^{n} x_i", sp.Sum(X("x", i), (i, 1, n))),
    (r"\sum_{k=0}^{n} b^k", sp.Sum(b ** k, (k, 0, n))),
    (r"\prod_{i=1}^{n} x_i", sp.Product(X("x", i), (i, 1, n))),
    (r"\sum_{i=1}^d \alpha_i \bar{x}_i",
     sp.Sum(X("\\alpha", i) * X("\\bar{x}", i), (i, 1, I("d")))),
    (r"\sum_{k=1}^t \beta_1^{t-k} g_{k,i}",
     sp.Sum(R("\\beta_1") ** (I("t") - k) * X("g", k, i), (k, 1, I("t")))),
    (r"\sum_{j=1}^{k} x_{n+j-1} w_j", sp.Sum(X("x", n + j - 1) * X("w", j), (j, 1, k))),
    (r"\frac{e^{z_i}}{\sum_j e^{z_j}}",
     sp.exp(X("z", i)) / sp.Sum(sp.exp(X("z", j)), (j, 1, I("N_\\Sigma")))),
    (r"\sum_{m,n} W_{mn}", sp.Sum(X("W", m, n), (n, 1, I("N_\\Sigma")), (m, 1, I("N_\\Sigma")))),
    (r"\sum_{i=1}^{N} x_i + x_i", sp.Sum(X("x", i), (i, 1, N)) + X("x", i)),
    # a big operator after '/' is no atom of an a/bc: the division is by the whole sum
    (r"e^{z_i} / \sum_{j=1}^{N} e^{z_j}", sp.exp(X("z", i)) / sp.Sum(sp.exp(X("z", j)), (j, 1, N))),
    (r"a / \prod_{j=1}^{N} x_j + 1", R("a") / sp.Product(X("x", j), (j, 1, N)) + 1),
    # derivatives
    (r"\frac{\partial L}{\partial w_3}", sp.Derivative(L, R("w_3"))),
    (r"\frac{\partial L}{\partial o} \times \frac{\partial o}{\partial x_1}",
     sp.Derivative(L, R("o")) * sp.Derivative(R("o"), R("x_1"))),
    (r"\frac{d}{dx}\left[x^2\right]", sp.Derivative(x ** 2, x)),
    (r"\frac{d^2}{dx^2} x^3", sp.Derivative(x ** 3, (x, 2))),
    (r"\frac{d^2 y}{dx^2}", sp.Derivative(y, (x, 2))),
    (r"\frac{\mathrm{d} y}{\mathrm{d} x}", sp.Derivative(y, x)),
    (r"\frac{dy}{dx}", sp.Derivative(y, x)),
    (r"\frac{\partial^2 f}{\partial x \partial y}", sp.Derivative(R("f"), x, y)),
    (r"\frac{\partial}{\partial x} \left( x \sigma(x) \right)", sp.Derivative(x * sigmoid(x), x)),
    (r"\frac{d}{dx} x^2 + 1", sp.Derivative(x ** 2, x) + 1),
    # a power binds before the operator: the operand is the powered bracket
    (r"\frac{d}{dx} (x^2 + 1)^{1/2}", sp.Derivative(sp.sqrt(x ** 2 + 1), x)),
    (r"\frac{d}{dx} \left(x + 1\right)^3 + x", sp.Derivative((x + 1) ** 3, x) + x),
    (r"\frac{d}{dx} \max\{0, 1 - x\} + 1", sp.Derivative(sp.Max(0, 1 - x), x) + 1),
    (r"\frac{d}{dx} |x - 1|", sp.Derivative(sp.Abs(x - 1), x)),
    (r"\frac{d}{2}", R("d") / 2),
    (r"\frac{\partial \mathcal{L}(w)}{\partial w}",
     sp.Derivative(sp.Function("\\mathcal{L}")(R("w")), R("w"))),
    # primes: f'(z), \sigma'(z), h'(X_{mn})
    (r"\sigma'(z)", sp.Derivative(sigmoid(z), z)),
    (r"\tanh'(x)", sp.Derivative(sp.tanh(x), x)),
    (r"f'(z)", sp.Derivative(f(z), z)),
    (r"f''(x)", sp.Derivative(f(x), (x, 2))),
    (r"\sigma'(2z)", sp.Subs(sp.Derivative(sigmoid(R("\\cdot")), R("\\cdot")), R("\\cdot"), 2 * z)),
    (r"\sum_{m,n} h'(X_{mn}) \delta_{ni}",
     sp.Sum(sp.KroneckerDelta(i, n) * sp.Subs(sp.Derivative(sp.Function("h")(R("\\cdot")), R("\\cdot")),
                                               R("\\cdot"), X("X", m, n)),
            (n, 1, I("N_\\Sigma")), (m, 1, I("N_\\Sigma")))),
    # index notation: bound letters make indices, W_{ij} with i, j free stays a name
    (r"\sum_{m,n} \frac{\partial L}{\partial Y_{mn}} \frac{\partial Y_{mn}}{\partial W_{ij}}",
     sp.Sum(sp.Derivative(L, X("Y", m, n)) * sp.Derivative(X("Y", m, n), R("W_{ij}")),
            (n, 1, I("N_\\Sigma")), (m, 1, I("N_\\Sigma")))),
    (r"\sum_p X_{mp} W_{np} + B_{mn}",
     R("B_{mn}") + sp.Sum(X("X", m, I("p")) * X("W", n, I("p")), (I("p"), 1, I("N_\\Sigma")))),
    (r"\sum_{i=1}^{n} \sum_{j=1}^{n} a_{ij} x_i x_j",
     sp.Sum(X("a", i, j) * X("x", i) * X("x", j), (j, 1, n), (i, 1, n))),
    (r"\sum_{k=1}^{K} y_k \log \hat{y}_k",
     sp.Sum(X("y", k) * sp.log(X("\\hat{y}", k)), (k, 1, I("K")))),
    (r"\prod_{k=1}^{K} p_k^{y_k}", sp.Product(X("p", k) ** X("y", k), (k, 1, I("K")))),
    (r"\mathbf{1}_{i=j}", sp.KroneckerDelta(i, j)),
    (r"\mathbf{1}_{i \neq j}", 1 - sp.KroneckerDelta(i, j)),
    # indicators of conditions (ReLU and hinge-loss derivatives)
    (r"\mathbb{1}[x > 0]", sp.Piecewise((1, x > 0), (0, True))),
    (r"\mathbf{1}\{x \ge 0\} + \alpha \mathbb{1}_{x < 0}",
     sp.Piecewise((1, x >= 0), (0, True)) + R("\\alpha") * sp.Piecewise((1, x < 0), (0, True))),
    (r"\delta_{ij}", R("\\delta_{ij}")),
    (r"\frac{\partial}{\partial h_n} \sum_{j=1}^{k} h_{i+j-1} \omega_j",
     sp.Derivative(sp.Sum(X("h", i + j - 1) * X("\\omega", j), (j, 1, k)), X("h", n))),
    (r"\pi", sp.pi),
    # softmax entries: exp(z[i]) / Sum(exp(z[k]), (k, 1, n)) over an unwritten size
    (r"\text{softmax}(z)_i",
     sp.exp(X("z", i)) / sp.Sum(sp.exp(X("z", k)), (k, 1, I("N_\\Sigma")))),
    # the entries of \mathbf{z} are written z_j: the softmax's entry is of the vector z (components.py)
    (r"\operatorname{softmax}(\mathbf{z})_j",
     sp.exp(X("z", j)) / sp.Sum(sp.exp(X("z", k)), (k, 1, I("N_\\Sigma")))),
    # Unicode letters of Markdown sources, as TeX renders its commands
    ("σ(x) + μ", sigmoid(x) + R("\\mu")),
    ("∑_{i=1}^{n} x_i", sp.Sum(X("x", i), (i, 1, n))),
    ("ϵ + ε", R("\\epsilon") + R("\\varepsilon")),
    # max, min, |x|, sign
    (r"\max(0, 1 - y)", sp.Max(0, 1 - y)),
    (r"\max \{ \min [v, 1], -1 \}", sp.Max(sp.Min(v, 1), -1)),
    (r"|x - y|", sp.Abs(x - y)),
    (r"\text{sign}(x)", sp.sign(x)),
    # cases
    (r"\begin{cases} 1 & \text{if } z \geq 0 \\ 0 & \text{otherwise} \end{cases}",
     sp.Piecewise((1, z >= 0), (0, True))),
    (r"\begin{cases} x & x > 0 \text{ and } y > 0 \\ 0 & \text{else} \end{cases}",
     sp.Piecewise((x, (x > 0) & (y > 0)), (0, True))),
    (r"\begin{cases} 1 & 0 < x < 1 \\ 0 & \text{otherwise} \end{cases}",
     sp.Piecewise((1, (x > 0) & (x < 1)), (0, True))),
    (r"\begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}",
     sp.Piecewise((x, x > 0), (0, x <= 0))),
    # matrices
    (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", sp.ImmutableMatrix([[1, 2], [3, 4]])),
    (r"\begin{pmatrix} x \\ y \end{pmatrix}^T", sp.ImmutableMatrix([[x, y]])),
    # annotations set aside, \boxed, \underbrace
    (r"x + 1 \tag{3}", x + 1),
    (r"x + 1 \quad (3)", x + 1),
    (r"x + 1,", x + 1),
    (r"x + 1.", x + 1),
    (r"x + 1 \quad \text{by the chain rule}", x + 1),
    (r"\boxed{x + 1}", x + 1),
    (r"\underbrace{x + y}_{\text{sum}} + 1", x + y + 1),
    (r"\overbrace{x y}^{A}", x * y),
    (r"\underbrace{\frac{\partial L}{\partial y}}_{\textcircled{1}}", sp.Derivative(L, y)),
    # opaque wholes
    (r"\sigma(\mathbf{w}^T \mathbf{x} + b)", sigmoid(R("\\mathbf{w}^T\\mathbf{x}") + b)),
    (r"a \bar{W}_o \cdot \bar{X}", a * R("\\bar{W}_o\\cdot\\bar{X}")),
    (r"\|\bar{v}\|^2", R("\\|\\bar{v}\\|") ** 2),
    (r"\|w\|^2_2", R("\\|w\\|_2") ** 2),
    (r"\|w\|_2^2", R("\\|w\\|_2") ** 2),
    (r"\mathbb{E}[g_k]", R("\\mathbb{E}[g_k]")),
    (r"\operatorname{Var}(x)", R("\\mathrm{Var}[x]")),   # Var in round brackets: the variance
    (r"\mathbb{E}_{q(z|x)}[\log p(x|z)]", R("\\mathbb{E}_{q(z|x)}[\\log p(x|z)]")),
    (r"\mathbb{E}_{z \sim q(z \mid x)}[\log p(x \mid z)]",
     R("\\mathbb{E}_{z\\sim q(z\\mid x)}[\\log p(x\\mid z)]")),
    # opaque families: an opaque whole that varies with a summation index
    (r"\sum_{k=1}^{t} \beta^{t-k} \mathbb{E}[g_k]",
     sp.Sum(R("\\beta") ** (I("t") - k) * X("\\mathbb{E}[g_\\square]", k), (k, 1, I("t")))),
    (r"\sum_{i=1}^{n} \bar{v} \cdot \bar{x}_i", sp.Sum(X("\\bar{v}\\cdot\\bar{x}_\\square", i), (i, 1, n))),
    (r"\log \sum_{w=1}^{V} \exp(\mathbf{u}_w^\top \mathbf{v}_c)",
     sp.log(sp.Sum(sp.exp(X("\\mathbf{u}_\\square^T\\mathbf{v}_c", I("w"))), (I("w"), 1, I("V"))))),
    # floor, ceiling, numbers
    (r"\left\lfloor \frac{n + 2p - f}{s} \right\rfloor + 1",
     sp.floor((R("n") + 2 * R("p") - R("f")) / s) + 1),
    (r"\lceil x \rceil", sp.ceiling(x)),
    (r"\binom{n}{k}", sp.binomial(R("n"), R("k"))),
    (r"n!", sp.factorial(R("n"))),
    (r"\begin{bmatrix} 1 \\[2pt] 2 \end{bmatrix}", sp.ImmutableMatrix([[1], [2]])),
    (r"a/b/c", a / (b * R("c"))),
    (r"2e - 8", 2 * sp.E - 8),
    (r"10^{-8}", sp.Rational(1, 10 ** 8)),
    (r"\begin{cases} x, & x \geq 0 \\ 0, & x < 0. \end{cases}", sp.Piecewise((x, x >= 0), (0, x < 0))),
]


@pytest.mark.parametrize("latex,expected", READINGS, ids=[r[0][:40] for r in READINGS])
def test_reading(latex, expected):
    got = read(latex).expr
    assert sp.srepr(got) == sp.srepr(expected)


NOT_READ = [
    (r"y(a+b)", "call"),
    (r"f(x)", "call"),
    (r"\sigma(\mathbf{x})", "vector"),
    (r"\sigma(\underline{z})", "vector"),
    (r"a/bc", "ambiguous"),
    (r"2\frac12", "mixed"),
    (r"1,000", "separator"),
    (r"\arg\max_w L", "arg"),
    (r"\sum_{(x, y) \in D} x", "set"),      # \sum_{r: r \neq c}: test_audit_lists.py
    (r"\int_0^1 e^{x} dx", "integral"),        # polynomials only (test_audit_integrals.py)
    (r"\lim_{n \to \infty} x_n", "limit"),
    (r"1e3", "ambiguous"),
    (r"1e-8", "power of ten"),
    (r"\sum_{k=1}^{K} \mathbb{E}[k]", "summation index"),
    (r"\def\x{1} \x", "\\def"),
    (r"\input{/etc/passwd}", "\\input"),
    (r"\csname x\endcsname", "\\csname"),
    (r"\write18{rm -rf /}", "\\write"),
    (r"\newcommand{\x}{1}", "\\newcommand"),
    (r"\catcode`\^=7", "`"),
    (r"\foo x", "\\foo"),
    (r"x[i]", "indexing"),
    (r"\mathbf{W}^T \mathbf{x}", "matrix"),
    (r"\mathbf{a}\mathbf{b}", "product"),
    (r"\mathbf{x}^2", "power"),
    (r"\frac{d}{dx} x \cdot y", "product"),
    (r"x_1, x_2", "list"),
    (r"x = y", "relation"),
    (r"\frac{\partial L}{\partial a(x)}", "function value"),
    (r"\log x y", "argument"),
    (r"\nabla_x L", "gradient"),
    (r"\begin{bmatrix} 1 \\ \vdots \end{bmatrix}", "ellipsis"),
    (r"\begin{align} x \end{align}", "environment"),
    (r"\frac{1}{0}", "division by zero"),
    (r"10^{10^{10}}", "too large"),
    (r"x^{100000}", "too large"),
    (r"{x", "unbalanced"),
    (r"x)", "unbalanced"),
    (r"\sigma'(x", "unbalanced"),
    ("", "empty"),
    ("x \x00\x01\xff", "character"),
    (r"\mathbb{R}", "set"),
    (r"\mathbb{1}[x]", "not a relation"),
    (r"S(x)_i", "call"),
    (r"\frac{\partial^2 L}{\partial x}", "order"),
    (r"\sigma(x) + \sigma^2", "both"),
    (r"2 3", "side by side"),
    (r"||x| - |y||", "nested"),
    (r"\mathbf{W} \cdot \mathbf{x}", "matrix"),
    (r"\Gamma(x)", "call"),
    (r"\log_1 x", "base 1"),
    (r"\frac{\partial f}{\partial x}(x)", "evaluated at a point"),
    (r"\sum_{k=1} x_k", "upper limit"),
    (r"\sum_{i \in \mathbb{N}} x_i", "set"),     # \sum_{i \in S}: test_audit_lists.py
    (r"\frac{d}{dx}(x) y", "product"),
    (r"\frac{d}{dx}(x)^2 y", "product"),
    (r"\frac{\partial L}{\partial h_n^1}", "power"),
    (r"\sigma'(\mathbf{z})", "vector"),
    (r"x^T", "transpose"),
    (r"\mathbf{x}^\top", "transpose"),
    (r"\text{softmax}(z)", "entry"),
    (r"\operatorname{Var}(x, y)", "does not define"),   # Var of two arguments is no variance
    (r"\operatorname{Foo}(x)", "does not define"),   # an operator word: a call of a function not known
    (r"\frac{\partial}{\partial x}", "nothing after"),
    (r"\begin{cases} 1 & \text{otherwise} \\ 0 & x > 0 \end{cases}", "otherwise"),
    (r"\tanh^{-1}(x)", "power"),
    (r"x'(t)", "derivative of x"),
    (r"a - -b", "sign after a sign"),
    (r"\sum_i x_i - x", "as a vector"),
    (r"\sum_{m=1}^{M} x_{max}", "indices or a label"),
    (r"\sum_{\tau=1}^{t} x_\tau", "Latin letter"),
    (r"\sum_{e=1}^{n} e", "Latin letter"),
    (r"|x|y|z|", "close or open"),
    (r"\frac{1}{m} dZ^{[l]} A^{[l-1]T}", "d next to a name"),
    (r"A^{[l-1]T}", "superscript"),
    (r"x / |y| z", "a/bc"),
    (r"x / \|y\| z", "a/bc"),
    (r"x / \mathbb{E}[y] z", "a/bc"),
    (r"\bar{w}^{(1)T} \bar{z}", "superscript"),
    (r"\sum_{i=1}^{n} \hat{y}^{(i)}", "summation index"),
    (r"a^{(l+1)}", "label or a power"),
    (r"x \text{ and } y", "words"),
    (r"\sum_{j=1}^{2} x_{1j} + x_{12}", "one index or several"),
    (r"\sum_i f_i(x)", "call"),
    (r"\lambda'(1 + x)", "product"),
]


@pytest.mark.parametrize("latex,word", NOT_READ, ids=[r[0][:40] for r in NOT_READ])
def test_not_read(latex, word):
    with pytest.raises(NotRead) as info:
        read(latex)
    assert word.lower() in info.value.reason.lower(), info.value.reason
    assert "\n" not in info.value.reason


SCOPED = [
    (r"S(\mathbf{x})_i \mathbf{1}_{i=j} - S(\mathbf{x})_i S(\mathbf{x})_j", Scope(lets=(("S", "softmax"),)),
     (lambda s_i, s_j: s_i * sp.KroneckerDelta(i, j) - s_i * s_j)(
         sp.exp(X("x", i)) / sp.Sum(sp.exp(X("x", k)), (k, 1, I("N_\\Sigma"))),
         sp.exp(X("x", j)) / sp.Sum(sp.exp(X("x", k)), (k, 1, I("N_\\Sigma"))))),
    (r"\delta_{ij}", Scope(index=frozenset("ij")), sp.KroneckerDelta(i, j)),
    (r"\frac{\partial L}{\partial W_{ij}}", Scope(index=frozenset("ij")), sp.Derivative(L, X("W", i, j))),
    (r"y(a+b)", Scope(variables=frozenset({"y"})), y * (a + b)),
    (r"f(x, y)", Scope(functions=frozenset({"f"})), f(x, y)),
    (r"L_{CE}(y)", Scope(functions=frozenset({"L_{CE}"})), sp.Function("L_{CE}")(y)),
    (r"g(z)", Scope(lets=(("g", "sigmoid"),)), sigmoid(z)),
    (r"\Phi(v)", Scope(lets=(("\\Phi", "function"),)), sp.Function("\\Phi")(v)),
    (r"\sigma(z)", Scope(lets=(("\\sigma", "symbol"),)), R("\\sigma") * z),
    (r"e^{x}", Scope(lets=(("e", "symbol"),)), R("e") ** x),
    (r"\sum_{k=1}^{n} x_k", Scope(integers=frozenset({"n"})), sp.Sum(X("x", k), (k, 1, n))),
    (r"n x", Scope(integers=frozenset({"n"})), n * x),
    (r"\hat{y}(1 - \hat{y})", Scope(variables=frozenset({"\\hat y"})), R("\\hat{y}") * (1 - R("\\hat{y}"))),
    (r"L_{CE}(y)", Scope(functions=frozenset({"L_{C E}"})), sp.Function("L_{CE}")(y)),
]


@pytest.mark.parametrize("latex,scope,expected", SCOPED, ids=[r[0][:40] for r in SCOPED])
def test_reading_in_scope(latex, scope, expected):
    assert sp.srepr(read(latex, scope).expr) == sp.srepr(expected)


NOT_READ_IN_SCOPE = [
    (r"f x", Scope(functions=frozenset({"f"})), "function"),
    (r"\sigma(z)", Scope(lets=(("\\sigma", "softmax"),)), "entry"),
    (r"S(z + c)_i", Scope(lets=(("S", "softmax"),)), "not a name"),
    (r"f(x) + f", Scope(functions=frozenset({"f"})), "without its arguments"),
    (r"\frac{df}{dx}", Scope(functions=frozenset({"f"})), "without its arguments"),
    (r"\sigma + 1", Scope(lets=(("\\sigma", "sigmoid"),)), "without its arguments"),
]


@pytest.mark.parametrize("latex,scope,word", NOT_READ_IN_SCOPE, ids=[r[0][:40] for r in NOT_READ_IN_SCOPE])
def test_not_read_in_scope(latex, scope, word):
    with pytest.raises(NotRead) as info:
        read(latex, scope)
    assert word in info.value.reason


def test_read_pair_gives_one_meaning_to_a_name():
    from checks.io.audit.reading.read import read_pair
    lhs, rhs = read_pair(r"\sum_{j=1}^{2} e^{x_j}", r"e^{x_1} + e^{x_2}")
    assert rhs.expr == sp.exp(X("x", 1)) + sp.exp(X("x", 2))
    assert lhs.expr.doit() == rhs.expr
    lhs, rhs = read_pair(r"x + y", r"y + x")
    assert lhs.expr == rhs.expr == x + y
    left, _ = read_pair(r"y(a + b)", r"y a + y b")
    assert left.expr == y * (a + b)
    with pytest.raises(NotRead):
        read_pair(r"y(a + b)", r"a + b")


def test_not_read_names_the_name_to_settle():
    with pytest.raises(NotRead) as info:
        read(r"\hat{y}(a + b)")
    assert info.value.name == "\\hat{y}"
    r = read(r"\hat{y}(a + b)", Scope(variables=frozenset({info.value.name})))
    assert r.expr == R("\\hat{y}") * (a + b)


def test_a_name_used_as_a_value_in_the_side_is_a_factor_before_a_bracket():
    """y(1 - y): y is a value in the side, so y(...) is a product (one name, one meaning)."""
    assert read(r"y(1 - y)").expr == y * (1 - y)
    assert read(r"\frac{\hat{y} - y}{\hat{y}(1 - \hat{y})}").expr == \
        (R("\\hat{y}") - y) / (R("\\hat{y}") * (1 - R("\\hat{y}")))
    assert read(r"y(1-y) + x(1-x)").expr == y * (1 - y) + x * (1 - x)
    for side in (r"x(1 - y)", r"f(x) + f", r"\sigma(z) + \sigma^2", r"y_k(\delta_{kj} - y_j)"):
        with pytest.raises(NotRead):
            read(side)


def test_summation_index_in_a_function_name():
    with pytest.raises(NotRead, match="summation index"):
        read(r"\sum_i f_i(x)", Scope(functions=frozenset({"f_i"})))


def test_component_of_a_call():
    # the component i of a user function's value: one function of the index and the arguments
    # (tests/test_audit_bare.py); a component index that is no letter or number stays unread
    e = read(r"S(x)_i", Scope(functions=frozenset({"S"}))).expr
    assert e.func.__name__ == r"S(\cdot)_\bullet" and e.args == (sp.Symbol("i", integer=True), sp.Symbol("x", real=True))
    with pytest.raises(NotRead, match="component"):
        read(r"S(x)_{i'}", Scope(functions=frozenset({"S"})))


def test_reading_fields():
    r = read(r"\sum_{i=1}^{n} w_i \sigma(x_i) + f(z) + \|v\|", Scope(functions=frozenset({"f"})))
    assert isinstance(r, Reading)
    assert r.applied == {"f"}
    assert r.sizes == {"n"}
    assert r.opaque == {"\\|v\\|"}
    assert {"w", "x", "z", "n", "i"} <= r.names


def test_index_same_as_syntax():
    """x_j under \\sum_j is the x[j] that checks/text/syntax.py builds."""
    from checks.text.parse import parse_claim
    lhs, _, _ = parse_claim("Sum(x[j], (j, 1, n)) = 0")
    assert read(r"\sum_{j=1}^{n} x_j").expr == lhs


HOSTILE = [
    "{" * 5000 + "x" + "}" * 5000,
    "(" * 3000 + "x" + ")" * 3000,
    r"\frac{" * 1000 + "1" + "}{2}" * 1000,
    r"\frac1" * 3000 + "2",
    r"\sqrt{" * 500 + "x" + "}" * 500,
    "x+" * 20000 + "x",
    "x" * 1_000_000,
    bytes(range(256)).decode("latin-1"),
    "\x00\x01\x02",
    "}{" * 100,
    r"\left(" * 100,
    r"10^{10^{10}}",
    r"9^{9^{9^{9}}}",
    r"2^{2^{2^{2^{2^{2}}}}}",
    r"\frac{d^{99999}}{dx^{99999}} x",
    r"(10^{100})!",
    r"\binom{10^{9}}{10^{8}}",
    r"e^{20000}",
    r"\sum_{i=1}^{10^{100}} i",
    r"\begin{cases}" * 50,
    r"\begin{bmatrix}" + "1 & " * 2000 + r"1\end{bmatrix}",
    r"\end{cases}",
    r"\\\\\\",
    r"\|",
    r"|x",
    r"x^",
    r"x_",
    r"\frac{}{}",
    r"\sum",
    r"\sigma'''''''''''''''''''''''(x)",
    None,
    12,
    " " * 19000 + "x",
    "x" + " " * 19000 + "y",
    "." * 19000,
    "1." * 9000,
    "-" * 19000 + "x",
    "9" * 19999,
    r"\quad " * 3000 + "x",
    r"\sum_{i=1}^{n} " * 1000 + "x",
    r"\log " * 3000 + "x",
    r"\sigma(" * 40 + "x" + ")" * 40,
    "|x|" * 5000,
    r"\|x\|" * 3000,
    r"\boxed{x}" * 2000,
    r"\underbrace{x}_{y}" * 1000,
    r"\sum_j \frac{\partial}{\partial x_j} " * 500 + "x",
    "x^{" * 40 + "2" + "}" * 40,
    "f" + "'" * 15000 + "(x)",
]


@pytest.mark.parametrize("latex", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_ends_in_not_read(latex):
    """Only NotRead leaves read(); nothing is evaluated into a huge number."""
    try:
        r = read(latex)
    except NotRead as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert isinstance(r, Reading)


def _flat_piece(rng):
    parts, k = [], 0
    if rng.random() < 0.3:
        parts.append(rng.choice("+-"))
    for t in range(rng.randint(1, 4)):
        if t:
            parts.append(rng.choice("+-"))
        for f_ in range(rng.randint(1, 3)):
            if f_ and rng.random() < 0.4:
                parts.append(rng.choice("*/"))
            if rng.random() < 0.2:
                parts.append(r"\frac{ Z_{%d} }{ Z_{%d} }" % (k, k + 1))
                k += 2
            else:
                parts.append("Z_{%d}" % k)
                k += 1
                if rng.random() < 0.3:
                    parts.append("^{ Z_{%d} }" % k)
                    k += 1
    return " ".join(parts)


def test_flat_pieces_read_as_latex2sympy_reads_them():
    """The fast path for flat pieces gives latex2sympy's own result (names aside)."""
    import random
    import re
    from checks.io.audit.reading.flat import read_flat
    from checks.io.audit.reading.pieces import _parse_canonical

    def same_names(e):
        return e.xreplace({q: sp.Symbol(re.sub(r"Z_\{(\d)\}$", r"Z_\1", q.name)) for q in e.atoms(sp.Symbol)})

    def rebuilt(e):     # as build.py rebuilds latex2sympy's result: evaluated nodes
        return e.func(*[rebuilt(a) for a in e.args]) if e.args else e

    rng = random.Random(7)
    done = 0
    for _ in range(120):
        piece = _flat_piece(rng)
        fast = read_flat(piece)
        if fast is None:
            assert re.search(r"/ \S+ (?:\^\{ \S+ \} )?[^-+ ]", piece + " "), piece   # only a / b c
            continue
        done += 1
        assert sp.srepr(same_names(fast)) == sp.srepr(rebuilt(_parse_canonical(piece))), piece
    for piece in ("Z_{0} - - Z_{1}", "Z_{0} * - Z_{1}", "Z_{0} ^{ Z_{1} } ^{ Z_{2} }", "Z_{0} +",
                  r"\frac{ Z_{0} }{ Z_{1} } ^{ Z_{2} }", r"\sum_{ Z_{0} = Z_{1} }^{ Z_{2} } Z_{3}", "Z_{0} !",
                  "Z_{0} / Z_{1} Z_{2}", "Z_{0} / Z_{1} / Z_{2}"):
        assert read_flat(piece) is None, piece
    assert done > 60


def _sum_latex(rng):
    atoms = ["a", "b", "c", "y", "2a", r"\frac{a}{b}", "a^{2}", r"\frac{1}{c}"]
    parts = []
    for t in range(rng.randint(1, 3)):
        if t or rng.random() < 0.3:
            parts.append(rng.choice("+-"))
        for f_ in range(rng.randint(1, 3)):
            if f_ and rng.random() < 0.3:
                parts.append(r"\cdot")
            if rng.random() < 0.35:
                parts.append(r"\sum_{i=1}^{n}")
            parts.append(rng.choice(atoms))
    return " ".join(parts)


def test_sum_bodies_end_where_latex2sympy_ends_them():
    """The body of \\sum runs to the next + or - of its term: latex2sympy's own reading."""
    import random
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig, latex2sympy

    def plain(e):
        return sp.srepr(e.xreplace({q: sp.Symbol(q.name) for q in e.atoms(sp.Symbol)}))

    config = ConversionConfig(interpret_as_mixed_fractions=False, lowercase_symbols=False)
    rng = random.Random(3)
    seen = 0
    for _ in range(60):
        text = _sum_latex(rng)
        if r"\sum" not in text:
            continue
        seen += 1
        ours = read(text).expr
        theirs = latex2sympy(text, normalization_config=None, conversion_config=config)
        assert plain(ours) == plain(theirs), text
    assert seen > 20


def _random_expression(rng, depth=0):
    """(LaTeX, SymPy) of a random expression of the scalar grammar, built side by side."""
    atoms = [("x", x), ("y", y), ("w_1", R("w_1")), (r"\alpha", R("\\alpha")), ("2", sp.Integer(2)),
             ("3", sp.Integer(3)), (r"\hat{y}", R("\\hat{y}"))]
    if depth > 2 or rng.random() < 0.35:
        return rng.choice(atoms)
    kind = rng.randrange(9)
    a_tex, a = _random_expression(rng, depth + 1)
    b_tex, b = _random_expression(rng, depth + 1)
    if kind == 0:
        return f"{a_tex} + {b_tex}", a + b
    if kind == 1:
        return f"{a_tex} - ({b_tex})", a - b
    if kind == 2:
        return f"({a_tex}) \\cdot ({b_tex})", a * b
    if kind == 3:
        return f"\\frac{{{a_tex}}}{{{b_tex}}}", a / b
    if kind == 4:
        fn, f_ = rng.choice([(r"\sigma", sigmoid), (r"\tanh", sp.tanh), (r"\exp", sp.exp), (r"\log", sp.log)])
        return f"{fn}\\left({a_tex}\\right)", f_(a)
    if kind == 5:
        return f"e^{{{a_tex}}}", sp.exp(a)
    if kind == 6:
        return f"\\sqrt{{{a_tex}}}", sp.sqrt(a)
    if kind == 7:
        n = rng.randint(2, 4)
        return f"({a_tex})^{{{n}}}", a ** n
    return f"\\max({a_tex}, {b_tex})", sp.Max(a, b)


def test_random_expressions_read_as_built():
    """A property over generated scalar expressions: the reading is the expression built."""
    import random
    rng = random.Random(11)
    for _ in range(150):
        tex, expected = _random_expression(rng)
        if expected.has(sp.zoo, sp.nan):
            continue
        got = read(tex).expr
        assert sp.srepr(got) == sp.srepr(expected), tex


def test_bounds_and_indices_are_integers_names_real():
    r = read(r"\sum_{k=1}^{n} \beta^{n-k} g_k + n \beta")
    by_name = {s.name: s for s in r.expr.atoms(sp.Symbol)}
    assert by_name["n"].is_integer and by_name["k"].is_integer
    assert by_name["\\beta"].is_real and not by_name["\\beta"].is_integer
    assert r.sizes == {"n"}
    assert all(isinstance(d, sp.Derivative) for d in read(r"\frac{d}{dx} x^2").expr.atoms(sp.Derivative))
    assert read(r"\frac{d}{dx} x^2").expr != 2 * x     # unevaluated


def test_opaque_and_sizes_fields():
    r = read(r"\frac{e^{z_i}}{\sum_j e^{z_j}} + \mathbf{w}^\top \mathbf{x}")
    assert r.opaque == {"N_\\Sigma", "\\mathbf{w}^T\\mathbf{x}"}
    assert r.sizes == {"N_\\Sigma"}
    assert r.indexed == {"z"}
