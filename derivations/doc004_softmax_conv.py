"""Losses, softmax, sigmoid->tanh networks and 1-D convolutions (solution set 004)
-- marked copy of ../shared/seeds/004_e3c0a87ac45004d2.txt.

Conventions: real symbols; g = sigmoid (the document's choice in Q1.1), a = a(x, theta) a real
symbol, f = g(a); vectors of symbolic length are IndexedBase with Sum; Q5 uses the document's
convolutions WITHOUT kernel flipping (eq. 4/5, 1-based, out-of-bound entries 0), which is
checks.dl.conv1d(..., flip_kernel=False); Q4.3 asks for convolution WITH kernel flipping
(conv1d(..., flip_kernel=True)). Size sweeps are stated in each claim's statement.
"""
import functools
import itertools

import sympy as sp

from checks import build
from checks.build import Refuted
from checks.dl import (sigmoid, relu, softmax, softmax_entry, softmax_jacobian, binary_cross_entropy,
                       mse, conv1d, flip, conv_output_size)
from checks.model.catalog import Document
from checks.model.claims import Identity, Chain, Value, Property, Prose, erratum, reals

DOCUMENT = Document(
    file="004_e3c0a87ac45004d2.txt", id="004",
    title="Cross-entropy vs MSE, softmax properties and Jacobian, sigmoid->tanh network, CNN shapes, "
          "1-D convolution gradients",
    questions=("Q1.1", "Q1.2", "Q1.3", "Q1.4", "Q1.5", "Q1.6", "Q1.7", "Q2.1", "Q2.2", "Q2.3", "Q2.4",
               "Q3", "Q4.1", "Q4.2", "Q4.3", "Q5.1", "Q5.2", "Q5.3", "Q5.4", "Q5.5", "Q5.6"))

EXP = sp.exp
a, y, z, c = reals("a y z c")
f_ = sp.Symbol("f", real=True)           # Q1.3/Q1.5: the network output f(x, theta) as a number in (0, 1)
g = sigmoid(a)                           # g(a(x, theta)); f(x, theta) = g(a(x, theta))
f = g
Ea = EXP(a)
LOSS = ("loss",)
SIG = ("sigmoid-tanh",)
SOFT = ("softmax",)
CONV = ("conv",)


def _sup_over_unit_interval(p, var):
    """sup of the polynomial p over var in (0, 1): the largest of its values at 0, at 1 and
    at the real critical points between (p is continuous, so the sup over the open interval
    is the max over the closed one). Not sp.maximum: it goes through periodicity and
    simplify, which imports sympy.physics (0.15 s in every worker that checks this)."""
    slope = sp.Poly(sp.diff(p, var), var)
    inside = [] if slope.is_zero else [r for r in slope.real_roots() if 0 < r < 1]
    return sp.Max(*[p.subs(var, t) for t in (0, 1, *inside)])


def _sup_is(p, var, stated):
    """The sup of p over (0, 1) against the stated one (sp.oo for "not bounded"). The sup is
    computed exactly (a polynomial with rational coefficients: its values at 0, 1 and at the
    real roots of p', all finite algebraic numbers), so a finite sup refutes "unbounded"
    by itself; two finite values are compared by build.same."""
    sup = _sup_over_unit_interval(p, var)
    if sup is sp.oo or stated is sp.oo:
        return True if sup is stated else Refuted(sup=f"sup over {var} in (0, 1) of {p} = {sup} (exact)",
                                                  stated=stated)
    return build.same(sup, stated)


# =========================================================================================
# Question 1
# =========================================================================================
i1 = sp.Symbol("i", integer=True)
N = sp.Symbol("N", integer=True, positive=True)
ce_term = -(y * sp.log(f_) + (1 - y) * sp.log(1 - f_))

Q1 = [
    # Q1.1 -- "Since it is binary classification sigmoid = sigma(z) = 1/(1+e^{-z}) can be used"
    Prose("q1.1-choice", "Q1.1", "For binary classification the sigmoid can be used as output activation g",
          reason="a modelling choice, not a mathematical statement", tags=SIG),
    Identity("q1.1-sigmoid-def", "Q1.1", "sigma(z) = 1/(1+e^{-z})",
             lhs=sigmoid(z), rhs=1 / (1 + EXP(-z)), tags=SIG),

    # Q1.2 -- "Output of sigmoid can be interpreted as probability since its value lies between 0 and 1"
    Prose("q1.2-probability", "Q1.2", "The sigmoid output can be interpreted as a probability",
          reason="an interpretation; its numeric premise (0 < sigma < 1) is the next claim", tags=SIG),
    Property("q1.2-range", "Q1.2", "sigma(z) lies between 0 and 1 for every real z",
             # certificate: with z real, sigma(z) = 1/(1+e^{-z}) and 1 - sigma(z) = e^{-z}/(1+e^{-z})
             # are both positive by SymPy's sign rules (e^{-z} > 0); a certificate that does not
             # check leaves the claim undecided (None), it does not refute it
             predicate=lambda e: True if e.is_positive is True and sp.together(1 - e).is_positive is True
             else None,
             cases=lambda: [sigmoid(z).rewrite(sp.exp)], strength="proof", tags=SIG),

    # Q1.3 -- L_CE = 1/N sum_{i=1}^N -(y log f + (1-y) log(1-f)); "Since we are interested in one training
    # example, N = 1" gives the single-example form
    Identity("q1.3-ce-n1", "Q1.3",
             "L_CE(f, y) = 1/N sum_{i=1}^N -(y log f + (1-y) log(1-f)); with N = 1: "
             "L_CE(f, y) = -(y log f + (1-y) log(1-f)) (the binary cross-entropy)",
             lhs=(sp.Sum(ce_term, (i1, 1, N)) / N).subs(N, 1), rhs=binary_cross_entropy(f_, y),
             assume=(f_ > 0, f_ < 1), tags=LOSS),

    # Q1.4 -- display (1): dL_CE/da = d/da[-(y log f + (1-y) log(1-f))] = -[y dlog g/da + (1-y) dlog(1-g)/da]
    Chain("q1.4-eq1", "Q1.4",
          "dL_CE/da = d/da[-(y log f + (1-y) log(1-f))] = -[y d log(g(a))/da + (1-y) d log(1-g(a))/da]  (1)",
          steps=(sp.Derivative(binary_cross_entropy(f, y), a),
                 sp.Derivative(-(y * sp.log(f) + (1 - y) * sp.log(1 - f)), a),
                 -(y * sp.Derivative(sp.log(g), a) + (1 - y) * sp.Derivative(sp.log(1 - g), a))),
          tags=LOSS + ("backprop",)),
    # Q1.4 -- sigmoid derivative by the quotient rule, g written as e^a/(1+e^a) as in the document
    Chain("q1.4-gprime", "Q1.4",
          "dg/da = d[e^a/(1+e^a)]/da = ((1+e^a) de^a/da - e^a d(1+e^a)/da)/(1+e^a)^2 "
          "= ((1+e^a) e^a - e^a e^a)/(1+e^a)^2 = e^a/(1+e^a) - e^a/(1+e^a) * e^a/(1+e^a) = g(a)[1-g(a)]",
          steps=(sp.Derivative(g, a),
                 sp.Derivative(Ea / (1 + Ea), a),
                 ((1 + Ea) * sp.Derivative(Ea, a) - Ea * sp.Derivative(1 + Ea, a)) / (1 + Ea) ** 2,
                 ((1 + Ea) * Ea - Ea * Ea) / (1 + Ea) ** 2,
                 Ea / (1 + Ea) - Ea / (1 + Ea) * (Ea / (1 + Ea)),
                 g * (1 - g)),
          tags=SIG + ("backprop",)),
    # Q1.4 -- "Using above derivation in equation (1)"
    Chain("q1.4-final", "Q1.4",
          "dL_CE/da = -[y/g * g[1-g] - (1-y)/(1-g) * g[1-g]] = -[y(1-g) - (1-y)g] "
          "= -[y - y g - g + y g] = g(a) - y = f(x, theta) - y",
          steps=(sp.Derivative(binary_cross_entropy(f, y), a),
                 -(sp.Mul(y / g, g * (1 - g), evaluate=False)
                   - sp.Mul((1 - y) / (1 - g), g * (1 - g), evaluate=False)),
                 -(y * (1 - g) - (1 - y) * g),
                 -(y - y * g - g + y * g),
                 g - y,
                 f - y),
          tags=LOSS + ("backprop",)),

    # Q1.5 -- L_MSE = sum_{i=1}^n (y_i - f)^2 with n = 1 -> (y - f)^2
    Identity("q1.5-mse", "Q1.5", "with n = 1: L_MSE(f, y) = sum_{i=1}^n (y_i - f)^2 = (y - f)^2",
             lhs=mse([y], [f_]), rhs=(y - f_) ** 2, tags=LOSS),

    # Q1.6 -- the chain for dL_MSE/da, through eq. (2)
    Chain("q1.6-chain", "Q1.6",
          "dL_MSE/da = d sum_{i=1}^n (y-f)^2/da = d sum_{i=1}^n (y-g(a))^2/da = 2(y-g) d[y-g]/da "
          "= 2(y-g) d[y - e^a/(1+e^a)]/da  (2)  (n = 1)",
          steps=(sp.Derivative(sp.Sum((y - f) ** 2, (i1, 1, 1)), a),
                 sp.Derivative(sp.Sum((y - g) ** 2, (i1, 1, 1)), a),
                 2 * (y - g) * sp.Derivative(y - g, a),
                 2 * (y - g) * sp.Derivative(y - Ea / (1 + Ea), a)),
          tags=LOSS + ("backprop",)),
    Chain("q1.6-quotient", "Q1.6",
          "d[e^a/(1+e^a)]/da = (e^a(1+e^a) - e^a e^a)/(1+e^a)^2 = e^a/(1+e^a) (1 - e^a/(1+e^a)) = g(1-g)",
          steps=(sp.Derivative(Ea / (1 + Ea), a),
                 (Ea * (1 + Ea) - Ea * Ea) / (1 + Ea) ** 2,
                 Ea / (1 + Ea) * (1 - Ea / (1 + Ea)),
                 g * (1 - g)),
          tags=SIG + ("backprop",)),
    Chain("q1.6-final", "Q1.6",
          "substituting in (2): dL_MSE/da = -2(y-g) g (1-g) = -2(y-f) f (1-f)",
          steps=(2 * (y - g) * sp.Derivative(y - Ea / (1 + Ea), a),
                 -2 * (y - g) * g * (1 - g),
                 -2 * (y - f) * f * (1 - f)),
          tags=LOSS + ("backprop",)),

    # Q1.7 -- "Cross entropy is more appropriate ... whereas mean square error is not bounded ..."
    Prose("q1.7-choice", "Q1.7",
          "Cross-entropy is the more appropriate loss for binary classification (saturation argument)",
          reason="a qualitative argument about learning dynamics", tags=LOSS),
    # Reading: the only checkable part is "mean square error is not bounded", for the setting of the
    # exercise (sigmoid output f in (0,1), binary label y in {0,1}). There sup_f (y-f)^2 = 1.
    erratum(
        Property("q1.7-mse-unbounded", "Q1.7",
                 "mean square error (y - f)^2 is not bounded (f = sigmoid output in (0,1), y in {0,1})",
                 predicate=lambda yy: _sup_is((yy - f_) ** 2, f_, sp.oo),
                 cases=lambda: [0, 1], tags=LOSS),
        correction=Property("q1.7-mse-bounded", "Q1.7",
                            "sup over f in (0,1) of (y - f)^2 is 1 for y = 0 and y = 1: the MSE is bounded",
                            predicate=lambda yy: _sup_is((yy - f_) ** 2, f_, 1),
                            cases=lambda: [0, 1], tags=LOSS)),
]


# =========================================================================================
# Question 2
# =========================================================================================
X = sp.IndexedBase("x")
n_ = sp.Symbol("n", integer=True, positive=True)
K_ = sp.Symbol("K", integer=True, positive=True)
ii = sp.Symbol("i", integer=True, positive=True)
jj = sp.Symbol("j", integer=True, positive=True)
kk = sp.Symbol("k", integer=True)
m_ = sp.Symbol("m", integer=True, nonnegative=True)
p_ = sp.Symbol("p", integer=True, positive=True)
x1, x2, x3 = reals("x1 x2 x3")


def _sum_exp(shift=0, upper=n_):
    """sum_{k=1}^{upper} e^{x_k + shift}."""
    return sp.Sum(EXP(X[kk] + shift), (kk, 1, upper))


def _col(*entries):
    return sp.Matrix(list(entries))


def _softmax_sweep_K2(K):
    """(x, [0, y_1, ..., y_{K-1}]) with y_i = x_{i+1} - x_1, for a K-vector of real symbols."""
    xs = sp.symbols(f"x1:{K + 1}", real=True)
    ys = [xs[i] - xs[0] for i in range(1, K)]
    return xs, [sp.S.Zero] + ys


S2 = softmax([x1, x2])
sig_z = 1 / (1 + EXP(-(x1 - x2)))        # the document's 1/(1+e^{-z}) with z = x1 - x2

Q2 = [
    # Q2.1 -- S(x + c) = e^{x_i+c}/sum_j e^{x_j+c} = ... = S(x), symbolic length n, entry i
    Chain("q2.1-translation", "Q2.1",
          "S(x + c)_i = e^{x_i+c}/sum_j e^{x_j+c} = e^{x_i} e^c/sum_j e^c e^{x_j} = e^{x_i} e^c/(e^c sum_j e^{x_j}) "
          "= e^{x_i}/sum_j e^{x_j} = S(x)_i  (x in R^n, n symbolic)",
          steps=(EXP(X[ii] + c) / _sum_exp(c),
                 EXP(X[ii]) * EXP(c) / sp.Sum(EXP(c) * EXP(X[kk]), (kk, 1, n_)),
                 sp.Mul(EXP(X[ii]), EXP(c), 1 / sp.Mul(EXP(c), _sum_exp(), evaluate=False), evaluate=False),
                 EXP(X[ii]) / _sum_exp(),
                 softmax_entry(X, ii, n_, kk)),
          tags=SOFT),

    # Q2.2 -- 2-class softmax reparametrised by a sigmoid of z = x1 - x2
    Identity("q2.2-sum-one", "Q2.2", "e^{x1}/(e^{x1}+e^{x2}) + e^{x2}/(e^{x1}+e^{x2}) = 1",
             lhs=EXP(x1) / (EXP(x1) + EXP(x2)) + EXP(x2) / (EXP(x1) + EXP(x2)), rhs=1, tags=SOFT),
    Chain("q2.2-sigmoid", "Q2.2",
          "S(x) = [e^{x1}/(e^{x1}+e^{x2}), e^{x2}/(e^{x1}+e^{x2})] = [e^{x1}/(e^{x1}+e^{x2}), 1 - e^{x1}/(e^{x1}+e^{x2})] "
          "= [1/(1+e^{x2-x1}), 1 - 1/(1+e^{x2-x1})] = (z = x1 - x2) [1/(1+e^{-z}), 1 - 1/(1+e^{-z})] "
          "= [sigma(z), 1 - sigma(z)]",
          steps=(S2,
                 _col(EXP(x1) / (EXP(x1) + EXP(x2)), EXP(x2) / (EXP(x1) + EXP(x2))),
                 _col(EXP(x1) / (EXP(x1) + EXP(x2)), 1 - EXP(x1) / (EXP(x1) + EXP(x2))),
                 _col(1 / (1 + EXP(x2 - x1)), 1 - 1 / (1 + EXP(x2 - x1))),
                 _col(sig_z, 1 - sig_z),
                 _col(sigmoid(x1 - x2), 1 - sigmoid(x1 - x2))),
          tags=SOFT + SIG),

    # Q2.3 -- "for 2 class ... we get 1 + e^{x2-x1} in denominator"
    Identity("q2.3-two-class", "Q2.3", "2 classes: S(x)_1 = 1/(1 + e^{x2-x1})",
             lhs=S2[0], rhs=1 / (1 + EXP(x2 - x1)), tags=SOFT),
    # "For three class ... 1 + e^{x3-x1} + e^{x2-x1} in denominator where y1 = x3 - x1, y2 = x2 - x1".
    # (Here the document names y1 = x3 - x1, y2 = x2 - x1; its general statement below uses
    # y1 = x2 - x1, ..., y_{K-1} = x_K - x1. Both orders give the same denominator; encoded as written.)
    Identity("q2.3-three-class", "Q2.3",
             "3 classes: S(x)_1 = 1/(1 + e^{y1} + e^{y2}) with y1 = x3 - x1, y2 = x2 - x1",
             lhs=softmax([x1, x2, x3])[0], rhs=1 / (1 + EXP(x3 - x1) + EXP(x2 - x1)), tags=SOFT),
    # S(x) = S([x1 - x1, x2 - x1, ..., xK - x1]) -- entry i, symbolic K
    Chain("q2.3-shift", "Q2.3",
          "S(x)_i = S([x1 - x1, x2 - x1, ..., xK - x1])_i  (entry i, K symbolic)",
          steps=(softmax_entry(X, ii, K_, kk),
                 EXP(X[ii] - X[1]) / sp.Sum(EXP(X[kk] - X[1]), (kk, 1, K_))),
          tags=SOFT),
    # S(x) = S([0, y1, ..., y_{K-1}]) with y_i = x_{i+1} - x_1 -- constructed for K = 2..7
    Property("q2.3-k-minus-1", "Q2.3",
             "S(x) = S([0, x2 - x1, ..., xK - x1]) = S([0, y1, ..., y_{K-1}]), y_i = x_{i+1} - x_1 "
             "(vectors constructed for K = 2..7)",
             predicate=lambda K: build.same(softmax(_softmax_sweep_K2(K)[0]), softmax(_softmax_sweep_K2(K)[1])),
             cases=lambda: range(2, 8), tags=SOFT),
]

# Q2.4 -- the softmax Jacobian. Index ranges 1 <= i, j <= n are carried by the parametrisation
# (SymPy cannot assume i <= n): case i = j uses n = i + m; case i != j is split into j < i
# (i = j + p, n = i + m) and i < j (i = 1 + r, j = i + p, n = j + m), with m, r >= 0 and p >= 1.
r_ = sp.Symbol("r", integer=True, nonnegative=True)


def _softmax_quotient_eq(i, n):
    """Case i = j: d/dx_i of e^{x_i}/sum_k e^{x_k} and the document's steps."""
    H = _sum_exp(upper=n)
    return (sp.Derivative(EXP(X[i]) / H, X[i]),
            (EXP(X[i]) * H - EXP(X[i]) * EXP(X[i])) / H ** 2,
            EXP(X[i]) / H - EXP(X[i]) / H * (EXP(X[i]) / H),
            softmax_entry(X, i, n, kk) - softmax_entry(X, i, n, kk) * softmax_entry(X, i, n, kk))


def _softmax_quotient_neq(i, j, n):
    """Case i != j: d/dx_j of e^{x_i}/sum_k e^{x_k} and the document's steps."""
    H = _sum_exp(upper=n)
    return (sp.Derivative(EXP(X[i]) / H, X[j]),
            (sp.Mul(0, H, evaluate=False) - EXP(X[j]) * EXP(X[i])) / H ** 2,
            -(EXP(X[j]) * EXP(X[i])) / H ** 2,
            -EXP(X[j]) / H * (EXP(X[i]) / H),
            -softmax_entry(X, j, n, kk) * softmax_entry(X, i, n, kk))


def _p(n):
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    return xs, softmax(xs)


def _jacobian_case_formula(n):
    """Every entry of the differentiated Jacobian against the combined case formula."""
    xs, p = _p(n)
    J = softmax_jacobian(xs)
    return build.same(J, sp.Matrix(n, n, lambda i, j: p[i] * (1 if i == j else 0) - p[i] * p[j]))


def _jacobian_chain(n):
    xs, p = _p(n)
    return Chain(f"q2.4-jacobian-n{n}", "Q2.4",
                 f"J_softmax(x) = [dS(x)_i/dx_j] = diag(S(x)_i 1_(i=j)) - (S(x)_i S(x)_j) = Diag(p) - p p^T, "
                 f"p = S(x)  (n = {n}, Jacobian computed by differentiation)",
                 steps=(softmax_jacobian(xs),
                        sp.Matrix(n, n, lambda i, j: (p[i] if i == j else 0) - p[i] * p[j]),
                        sp.diag(*p) - p * p.T),
                 tags=SOFT + ("linear-algebra",))


def _jacobian_as_displayed_n3():
    """The document's displayed entry matrix, read for n = 3 (rows 1, 2, n; columns 1, 2, n)."""
    _, p = _p(3)
    S1, S2_, Sn = p
    return sp.Matrix([[S1 - S1 * S1, -S1 * S2_, -S1 * Sn],
                      [-S2_ * S1, -S2_ * S2_, -S2_ * Sn],
                      [Sn - Sn * S1, -Sn * S2_, Sn - Sn * Sn]])


Q2 += [
    # h(x) = sum_k e^{x_k}; dh/dx_j = e^{x_j}.  (The document's "h(x) = sum_{k=1}^n e^{x_j}" is read as
    # sum_k e^{x_k}, the sum it differentiates on the next line; N and n denote the same length.)
    Identity("q2.4-dh", "Q2.4", "dh(x)/dx_j = d(sum_{k=1}^N e^{x_k})/dx_j = e^{x_j}  (j <= n: n = j + m)",
             lhs=sp.Derivative(_sum_exp(upper=jj + m_), X[jj]), rhs=EXP(X[jj]), tags=SOFT + ("backprop",)),
    Chain("q2.4-case-eq", "Q2.4",
          "case i = j: d(e^{x_i}/sum_k e^{x_k})/dx_j = (e^{x_i} sum_k e^{x_k} - e^{x_j} e^{x_i})/(sum_k e^{x_k})^2 "
          "= e^{x_i}/sum - e^{x_j}/sum * e^{x_i}/sum = S(x)_i - S(x)_j S(x)_i  (n = i + m symbolic)",
          steps=_softmax_quotient_eq(ii, ii + m_), tags=SOFT + ("backprop",)),
    Chain("q2.4-case-neq-j-lt-i", "Q2.4",
          "case i != j (here j < i): d(e^{x_i}/sum_k e^{x_k})/dx_j = (0 * sum_k e^{x_k} - e^{x_j} e^{x_i})/(sum)^2 "
          "= -(e^{x_j} e^{x_i})/(sum)^2 = -e^{x_j}/sum * e^{x_i}/sum = -S(x)_j S(x)_i  (i = j + p, n = i + m)",
          steps=_softmax_quotient_neq(jj + p_, jj, jj + p_ + m_), tags=SOFT + ("backprop",)),
    Chain("q2.4-case-neq-i-lt-j", "Q2.4",
          "case i != j (here i < j): d(e^{x_i}/sum_k e^{x_k})/dx_j = (0 * sum_k e^{x_k} - e^{x_j} e^{x_i})/(sum)^2 "
          "= -(e^{x_j} e^{x_i})/(sum)^2 = -e^{x_j}/sum * e^{x_i}/sum = -S(x)_j S(x)_i  (i = 1 + r, j = i + p, n = j + m)",
          steps=_softmax_quotient_neq(1 + r_, 1 + r_ + p_, 1 + r_ + p_ + m_), tags=SOFT + ("backprop",)),
    Property("q2.4-indicator", "Q2.4",
             "dS(x)_i/dx_j = {S_i - S_j S_i if i = j; -S_j S_i if i != j} = S(x)_i 1_(i=j) - S(x)_i S(x)_j "
             "(every entry of the differentiated Jacobian, n = 2..6)",
             predicate=_jacobian_case_formula, cases=lambda: range(2, 7), tags=SOFT + ("backprop",)),
    # The displayed entry matrix has two wrong entries: (2,2) is written -S2 S2 (the diagonal needs
    # S2 - S2 S2) and (n,1) is written S_n - S_n S_1 (off the diagonal: -S_n S_1). Read for n = 3,
    # where the displayed rows 1, 2, n and columns 1, 2, n are the whole matrix.
    erratum(
        Identity("q2.4-displayed-matrix", "Q2.4",
                 "J_softmax(x) = [[S1 - S1S1, -S1S2, ..., -S1Sn], [-S2S1, -S2S2, ..., -S2Sn], ..., "
                 "[Sn - SnS1, -SnS2, ..., Sn - SnSn]]  (read at n = 3)",
                 lhs=softmax_jacobian(_p(3)[0]), rhs=_jacobian_as_displayed_n3(), tags=SOFT + ("linear-algebra",)),
        correction=Identity("q2.4-displayed-matrix-fix", "Q2.4",
                            "J_softmax(x) = Diag(p) - p p^T: entry (2,2) = S2 - S2S2, entry (n,1) = -SnS1 (n = 3)",
                            lhs=softmax_jacobian(_p(3)[0]), rhs=sp.diag(*_p(3)[1]) - _p(3)[1] * _p(3)[1].T,
                            tags=SOFT + ("linear-algebra",))),
] + [_jacobian_chain(n) for n in range(2, 6)]


# =========================================================================================
# Question 3 -- sigmoid network -> tanh network
# =========================================================================================
xq, = reals("x")
eh, emh = EXP(xq / 2), EXP(-xq / 2)
W1 = sp.IndexedBase("w1")       # w1[j, i]: omega^(1)_{ji}; w1[j, 0] the bias omega^(1)_{j0}
W2 = sp.IndexedBase("w2")       # w2[k, j]: omega^(2)_{kj}; w2[k, 0] the bias omega^(2)_{k0}
U = sp.IndexedBase("u")         # u[j]: the pre-activation sum_i w1_ji x_i + w1_j0 of hidden unit j
D_ = sp.Symbol("D", integer=True, positive=True)
M_ = sp.Symbol("M", integer=True, positive=True)
kq = sp.Symbol("k", integer=True, positive=True)
iq = sp.Symbol("i", integer=True)
jq = sp.Symbol("j", integer=True)


def _sum_j(e):
    return sp.Sum(e, (jq, 1, M_))


_u = sp.Sum(W1[jq, iq] * X[iq], (iq, 1, D_)) + W1[jq, 0]                 # sum_i w1_ji x_i + w1_j0
_u_tilde = sp.Sum(W1[jq, iq] / 2 * X[iq], (iq, 1, D_)) + W1[jq, 0] / 2   # with the stated w~1


def _network(act, W1m, b1, W2m, b2, xs):
    """y(x, Theta, act)_k = sum_j w2_kj act(sum_i w1_ji x_i + w1_j0) + w2_k0, as a K-vector."""
    hidden = [act(sum(W1m[j][i] * xs[i] for i in range(len(xs))) + b1[j]) for j in range(len(b1))]
    return sp.Matrix([sum(W2m[k][j] * hidden[j] for j in range(len(hidden))) + b2[k] for k in range(len(b2))])


def _networks(D, M, K):
    """Both networks over symbolic weights; the tanh one gets the document's Theta' = map(Theta)."""
    xs = sp.symbols(f"x1:{D + 1}", real=True)
    w1 = [[sp.Symbol(f"w1_{j + 1}_{i + 1}", real=True) for i in range(D)] for j in range(M)]
    b1 = [sp.Symbol(f"w1_{j + 1}_0", real=True) for j in range(M)]
    w2 = [[sp.Symbol(f"w2_{k + 1}_{j + 1}", real=True) for j in range(M)] for k in range(K)]
    b2 = [sp.Symbol(f"w2_{k + 1}_0", real=True) for k in range(K)]
    # stated map: w~2_kj = w2_kj/2, w~1_ji = w1_ji/2, w~1_j0 = w1_j0/2, w~2_k0 = sum_j w2_kj/2 + w2_k0
    tw2 = [[w / 2 for w in row] for row in w2]
    tw1 = [[w / 2 for w in row] for row in w1]
    tb1 = [b / 2 for b in b1]
    tb2 = [sum(w2[k]) / 2 + b2[k] for k in range(K)]
    return _network(sigmoid, w1, b1, w2, b2, xs), _network(sp.tanh, tw1, tb1, tw2, tb2, xs)


Q3 = [
    Identity("q3-tanh-exp", "Q3", "tanh(x/2) = (e^{x/2} - e^{-x/2})/(e^{x/2} + e^{-x/2})",
             lhs=sp.tanh(xq / 2), rhs=(eh - emh) / (eh + emh), tags=SIG),
    Chain("q3-sigmoid-tanh", "Q3",
          "tanh(x/2) + 1 = (e^{x/2} - e^{-x/2})/(e^{x/2} + e^{-x/2}) + 1 "
          "= (e^{x/2} - e^{-x/2} + e^{x/2} + e^{-x/2})/(e^{x/2} + e^{-x/2}) = 2e^{x/2}/(e^{x/2} + e^{-x/2}) "
          "= [times e^{-x/2}/e^{-x/2}] 2e^{x/2}e^{-x/2}/((e^{x/2} + e^{-x/2})e^{-x/2}) = 2e^0/(e^0 + e^{-x}) "
          "= 2/(1 + e^{-x})",
          steps=(sp.tanh(xq / 2) + 1,
                 (eh - emh) / (eh + emh) + 1,
                 (eh - emh + eh + emh) / (eh + emh),
                 2 * eh / (eh + emh),
                 sp.Mul(2, eh, emh, evaluate=False) / sp.Mul(eh + emh, emh, evaluate=False),
                 2 * EXP(0) / (EXP(0) + EXP(-xq)),
                 2 / (1 + EXP(-xq))),
          tags=SIG),
    Chain("q3-sigma-half", "Q3", "1/2 tanh(x/2) + 1/2 = 1/(1 + e^{-x}) = sigma(x)",
          steps=(sp.tanh(xq / 2) / 2 + sp.S.Half, 1 / (1 + EXP(-xq)), sigmoid(xq)), tags=SIG),
    # "Substituting value of sigma in tanh in equation (2)" -- the network equation is (3).
    # Symbolic M (IndexedBase weights). The steps never look inside the pre-activation, so it is the
    # atom u_j = sum_i w1_ji x_i + w1_j0 here (keeps the check fast); the next claim expands it.
    Chain("q3-network-chain", "Q3",
          "y(x, Theta, sigma)_k = sum_j w2_kj sigma(u_j) + w2_k0 = sum_j w2_kj (1/2 tanh(1/2 u_j) + 1/2) + w2_k0 "
          "= 1/2 sum_j w2_kj tanh(1/2 u_j) + 1/2 sum_j w2_kj + w2_k0, u_j = sum_i w1_ji x_i + w1_j0  (M symbolic)",
          steps=(_sum_j(W2[kq, jq] * sigmoid(U[jq])) + W2[kq, 0],
                 _sum_j(W2[kq, jq] * (sp.tanh(U[jq] / 2) / 2 + sp.S.Half)) + W2[kq, 0],
                 _sum_j(W2[kq, jq] * sp.tanh(U[jq] / 2)) / 2 + _sum_j(W2[kq, jq]) / 2 + W2[kq, 0]),
          sizes={M_: range(1, 5)}, tags=SIG + ("mlp-construction",)),
    # "Equating above equation with y(x, Theta', tanh)_k ... w~2_kj = w2_kj/2, w~1_kj = w1_kj/2,
    # w~1_j0 = w1_j0/2, w~2_k0 = 1/2 sum_j w2_kj + w2_k0" (w~1_kj read as w~1_ji, layer-1 weights);
    # symbolic D and M, pre-activations written out.
    Identity("q3-equate", "Q3",
             "1/2 sum_j w2_kj tanh(1/2 (sum_i w1_ji x_i + w1_j0)) + 1/2 sum_j w2_kj + w2_k0 "
             "= sum_j w~2_kj tanh(sum_i w~1_ji x_i + w~1_j0) + w~2_k0 = y(x, Theta', tanh)_k with the stated "
             "Theta'  (D, M symbolic)",
             lhs=_sum_j(W2[kq, jq] * sp.tanh(_u / 2)) / 2 + _sum_j(W2[kq, jq]) / 2 + W2[kq, 0],
             rhs=_sum_j(W2[kq, jq] / 2 * sp.tanh(_u_tilde)) + (_sum_j(W2[kq, jq]) / 2 + W2[kq, 0]),
             sizes={D_: range(1, 4), M_: range(1, 4)}, tags=SIG + ("mlp-construction",)),
    # The parameter map, by constructing both networks over symbolic weights.
    Identity("q3-map-D2M2K2", "Q3",
             "y(x, Theta', tanh) = y(x, Theta, sigma) with w~2_kj = w2_kj/2, w~1_kj = w1_kj/2, "
             "w~1_j0 = w1_j0/2, w~2_k0 = 1/2 sum_j w2_kj + w2_k0  (D = 2, M = 2, K = 2)",
             lhs=_networks(2, 2, 2)[1], rhs=_networks(2, 2, 2)[0], tags=SIG + ("mlp-construction",)),
    Identity("q3-map-D3M2K1", "Q3",
             "the same map, networks constructed with D = 3, M = 2, K = 1",
             lhs=_networks(3, 2, 1)[1], rhs=_networks(3, 2, 1)[0], tags=SIG + ("mlp-construction",)),
    Property("q3-map-sweep", "Q3",
             "the same map gives y(x, Theta', tanh) = y(x, Theta, sigma) for every D, M, K in 1..3 "
             "(both networks constructed over symbolic weights, outputs compared exactly)",
             predicate=lambda s: build.same(*_networks(*s)),
             cases=lambda: itertools.product(range(1, 4), repeat=3), tags=SIG + ("mlp-construction",)),
]


# =========================================================================================
# Question 4 -- CNN shapes and 1-D convolutions with kernel flipping
# =========================================================================================
def _cnn_shapes():
    """(channels, height, width) after each layer of the network in the question."""
    c0, h0 = 3, 128                                               # 128 x 128 RGB input
    h1 = conv_output_size(h0, kernel=8, stride=2, padding=3)      # 32 kernels 8x8, stride 2, pad 3
    s1 = (32, h1, h1)
    h2 = conv_output_size(h1, kernel=2, stride=2)                 # 2x2 non-overlapping max pooling
    s2 = (32, h2, h2)
    h3 = conv_output_size(h2, kernel=3, stride=1, padding=1)      # 64 kernels 3x3, stride 1, pad 1
    s3 = (64, h3, h3)
    return [(c0, h0, h0), s1, s2, s3]


def _last_layer_params():
    """Weights of the third layer: out_channels x k x k x in_channels (in = channels entering it)."""
    in_channels = _cnn_shapes()[2][0]
    return 64 * 3 * 3 * in_channels


XV, WK = [1, 2, 3, 4], [2, 0, 1]
PAD_FULL = [0, 0, 1, 2, 3, 4, 0, 0]          # the document's padded input for "full"
PAD_SAME = [0, 1, 2, 3, 4, 0]                # the document's padded input for its second display


def _windows(xs, w):
    """The products the document writes: window of xs at offset n dotted with w as written (no flip)."""
    k = len(w)
    return [sum(xs[n + t] * w[t] for t in range(k)) for n in range(len(xs) - k + 1)]


Q4 = [
    # Q4.1 -- "Dimensionality of the output of the last layer: 64 x 32 x 32 and number of scalars are 65536"
    Value("q4.1-shape", "Q4.1", "output of the last layer: 64 x 32 x 32 (channels x height x width)",
          computed=lambda: _cnn_shapes()[-1], stated=(64, 32, 32), tags=CONV),
    Value("q4.1-count", "Q4.1", "number of scalars in the last layer's output: 65536",
          computed=lambda: sp.prod(_cnn_shapes()[-1]), stated=65536, tags=CONV),
    # Q4.2 -- "Parameters needed for the last layer: 64 x 3 x 3 x 32 = 18432"
    Value("q4.2-params", "Q4.2", "parameters of the last layer (no biases): 64 x 3 x 3 x 32 = 18432",
          computed=_last_layer_params, stated=18432, tags=CONV),

    # Q4.3 -- "Full convolution: [0,0,1,2,3,4,0,0] * [2,0,1] = [(2*0+0*0+1*1), ...] = [1,2,5,8,6,8]"
    Value("q4.3-full-padding", "Q4.3",
          "full convolution of [1,2,3,4] = valid convolution of the zero-padded [0,0,1,2,3,4,0,0] (with flipping)",
          computed=lambda: conv1d(XV, WK, "full", flip_kernel=True),
          stated=conv1d(PAD_FULL, WK, "valid", flip_kernel=True), tags=CONV),
    Value("q4.3-full-sums", "Q4.3",
          "the written sums (2*0+0*0+1*1), (0*2+1*0+2*1), (1*2+2*0+3*1), (2*2+3*0+4*1), (3*2+4*0+0*1), "
          "(4*2+0*0+0*1) are the windows of [0,0,1,2,3,4,0,0] times [2,0,1] as written, i.e. NOT flipped",
          computed=lambda: _windows(PAD_FULL, WK),
          stated=[2 * 0 + 0 * 0 + 1 * 1, 0 * 2 + 1 * 0 + 2 * 1, 1 * 2 + 2 * 0 + 3 * 1,
                  2 * 2 + 3 * 0 + 4 * 1, 3 * 2 + 4 * 0 + 0 * 1, 4 * 2 + 0 * 0 + 0 * 1], tags=CONV),
    erratum(
        Value("q4.3-full", "Q4.3", "full convolution (with kernel flipping): [1,2,3,4] * [2,0,1] = [1,2,5,8,6,8]",
              computed=lambda: conv1d(XV, WK, "full", flip_kernel=True), stated=[1, 2, 5, 8, 6, 8], tags=CONV),
        correction=Value("q4.3-full-fix", "Q4.3",
                         "full convolution with kernel flipping: [1,2,3,4] * [2,0,1] = [2,4,7,10,3,4]",
                         computed=lambda: conv1d(XV, WK, "full", flip_kernel=True), stated=[2, 4, 7, 10, 3, 4],
                         tags=CONV)),
    Value("q4.3-full-cause", "Q4.3",
          "the stated [1,2,5,8,6,8] is the full convolution WITHOUT kernel flipping (cross-correlation)",
          computed=lambda: conv1d(XV, WK, "full", flip_kernel=False), stated=[1, 2, 5, 8, 6, 8], tags=CONV),

    # "Valid convolution: [1,2,3,4] * [2,0,1] = [(1*2+2*0+3*1), (2*2+3*0+4*1)] = [5,8]"
    erratum(
        Value("q4.3-valid", "Q4.3",
              "valid convolution (with kernel flipping): [1,2,3,4] * [2,0,1] = [(1*2+2*0+3*1), (2*2+3*0+4*1)] = [5,8]",
              computed=lambda: conv1d(XV, WK, "valid", flip_kernel=True),
              stated=[1 * 2 + 2 * 0 + 3 * 1, 2 * 2 + 3 * 0 + 4 * 1], tags=CONV),
        correction=Value("q4.3-valid-fix", "Q4.3",
                         "valid convolution with kernel flipping: [(1*1+2*0+3*2), (2*1+3*0+4*2)] = [7,10]",
                         computed=lambda: conv1d(XV, WK, "valid", flip_kernel=True),
                         stated=[1 * 1 + 2 * 0 + 3 * 2, 2 * 1 + 3 * 0 + 4 * 2], tags=CONV)),
    Value("q4.3-valid-cause", "Q4.3",
          "the stated sums (1*2+2*0+3*1), (2*2+3*0+4*1) = [5,8] are the valid convolution WITHOUT flipping",
          computed=lambda: conv1d(XV, WK, "valid", flip_kernel=False), stated=[5, 8], tags=CONV),

    # The document's second "Full convolution: [0,1,2,3,4,0] * [2,0,1] = ... = [2,5,8,6]" has output
    # length 4 = |x| and padding 1 on each side: read as the requested *same* convolution.
    Value("q4.3-same-padding", "Q4.3",
          "same convolution of [1,2,3,4] = valid convolution of the zero-padded [0,1,2,3,4,0] (with flipping)",
          computed=lambda: conv1d(XV, WK, "same", flip_kernel=True),
          stated=conv1d(PAD_SAME, WK, "valid", flip_kernel=True), tags=CONV),
    Value("q4.3-same-sums", "Q4.3",
          "the written sums (0*2+1*0+2*1), (1*2+2*0+3*1), (2*2+3*0+4*1), (3*2+4*0+0*1) are the windows of "
          "[0,1,2,3,4,0] times [2,0,1] as written, i.e. NOT flipped",
          computed=lambda: _windows(PAD_SAME, WK),
          stated=[0 * 2 + 1 * 0 + 2 * 1, 1 * 2 + 2 * 0 + 3 * 1, 2 * 2 + 3 * 0 + 4 * 1, 3 * 2 + 4 * 0 + 0 * 1],
          tags=CONV),
    erratum(
        Value("q4.3-same", "Q4.3", "'full' (= same) convolution with kernel flipping: [0,1,2,3,4,0] * [2,0,1] = [2,5,8,6]",
              computed=lambda: conv1d(XV, WK, "same", flip_kernel=True), stated=[2, 5, 8, 6], tags=CONV),
        correction=Value("q4.3-same-fix", "Q4.3", "same convolution with kernel flipping: [4,7,10,3]",
                         computed=lambda: conv1d(XV, WK, "same", flip_kernel=True), stated=[4, 7, 10, 3],
                         tags=CONV)),
    Value("q4.3-same-cause", "Q4.3",
          "the stated [2,5,8,6] is the same convolution WITHOUT kernel flipping (cross-correlation)",
          computed=lambda: conv1d(XV, WK, "same", flip_kernel=False), stated=[2, 5, 8, 6], tags=CONV),
]


# =========================================================================================
# Question 5 -- gradients through 1-D convolutions WITHOUT kernel flipping (eq. 4 and 5)
# =========================================================================================
# Every Q5 claim is a Property over a sweep of sizes: x in R^d, k1 < d, k2 < d with d = 2..7
# (valid: only sizes where a^2 is non-empty, k2 <= d - k1 + 1). Vectors are real symbols
# (x, w^1, w^2, h^1 and the upstream gradient g = grad_{a^2} L); a^2 is built with conv1d and
# differentiated; comparisons are exact (flint polynomials, _eq). Indices are 1-based and a vector indexed
# out of bounds is 0, as the question's convention says.

VALID_SIZES = tuple((d, k1, k2) for d in range(2, 8) for k1 in range(1, d) for k2 in range(1, d)
                    if k2 <= d - k1 + 1)
FULL_SIZES = tuple((d, k1, k2) for d in range(2, 8) for k1 in range(1, d) for k2 in range(1, d))


def _syms(name, n):
    return [sp.Symbol(f"{name}_{t}", real=True) for t in range(1, n + 1)]


def _at(v, i):
    """v_i, 1-based; 0 out of bounds (the question's convention)."""
    return v[i - 1] if 1 <= i <= len(v) else 0


def _poly_gens(**lengths):
    """{name: [name_1 .. name_n]} as generators of one flint polynomial ring over Q.

    The Q5 gradient claims only add, multiply, differentiate and compare polynomials in
    h, w and g; flint does that exactly, in C. (With SymPy's diff and expand the Q5 sweeps
    took 0.5 s of the catalog's 1.8 s of checking.)"""
    names = tuple(f"{name}_{t}" for name, n in lengths.items() for t in range(1, n + 1))
    gens = iter(build.fmpq_mpoly_ctx.get(names, "lex").gens())
    return {name: [next(gens) for _ in range(n)] for name, n in lengths.items()}


class _Net(dict):
    """The two-layer network of eq. (6)-(9) with both convolutions in ``mode`` (no flipping).

    Keys: a1, a2 (built from x, w1, relu, w2; SymPy), and, for the layer-2 gradient (flint
    polynomials, see _poly_gens), h (h^1 as free symbols of length |a^1|), w (= w^2),
    A = h * w^2 built from h, g (= grad_{a^2} L symbols, one per entry of A),
    dA[i][n] = d a_i / d h_n (1-based, by differentiation), m = |h|, nA = |A|.
    Each is built on first use: a claim about lengths never differentiates."""

    def __init__(self, mode, d, k1, k2):
        super().__init__(d=d, k1=k1, k2=k2)
        self.mode = mode

    def __missing__(self, key):
        d, k1, k2, mode = self["d"], self["k1"], self["k2"], self.mode
        if key in ("x", "w1", "w2"):
            value = _syms({"x": "x", "w1": "v", "w2": "w"}[key], {"x": d, "w1": k1, "w2": k2}[key])
        elif key == "a1":
            value = conv1d(self["x"], self["w1"], mode)
        elif key == "a2":
            value = conv1d([relu(t) for t in self["a1"]], self["w2"], mode)
        elif key in ("h", "w", "g"):
            # g has one entry per entry of A = h * w: at most |h| + k2 - 1 (full)
            self.update(_poly_gens(h=len(self["a1"]), w=k2, g=len(self["a1"]) + k2 - 1))
            self["g"] = self["g"][:len(self["A"])]
            value = self[key]
        elif key == "A":
            value = conv1d(self["h"], self["w"], mode)
        elif key == "m":
            value = len(self["h"])
        elif key == "nA":
            value = len(self["A"])
        elif key == "dA":
            A, h = self["A"], self["h"]
            value = {i: {n: A[i - 1].derivative(f"h_{n}") for n in range(1, len(h) + 1)}  # by name
                     for i in range(1, len(A) + 1)}
        else:
            raise KeyError(key)
        self[key] = value
        return value


@functools.lru_cache(maxsize=None)
def _net(mode, d, k1, k2):
    return _Net(mode, d, k1, k2)


def _eq(u, v):
    """u = v for flint polynomials over Q (or the integer 0 of an empty sum): True, or
    Refuted with the non-zero difference; a polynomial is 0 only as the zero polynomial."""
    return build.exact_zero(u - v)


def _where(answer, **at):
    """The answer, a refutation naming where (which n, i) it was found."""
    return answer.at(**at) if isinstance(answer, Refuted) else answer


def _d(N, i, n):
    """d a_i / d h_n with a_i = 0 for i out of bounds (the out-of-bound convention)."""
    return N["dA"][i][n] if 1 <= i <= N["nA"] else 0


def _grad_h(N):
    """(grad_{h^1} L)_n = sum_{i=1}^{|a^2|} (grad_{a^2} L)_i d a_i^2/d h_n^1, by the chain rule."""
    return [sum(N["g"][i - 1] * N["dA"][i][n] for i in range(1, N["nA"] + 1)) for n in range(1, N["m"] + 1)]


def _cases(mode):
    """The size sweep of a Property: (d, k1, k2) triples."""
    if mode == "valid":
        return lambda: VALID_SIZES
    return lambda: FULL_SIZES


def _equal_for_all_n(mode, lhs, rhs):
    """Property predicate: lhs(N, n) == rhs(N, n) for every n in 1..|h^1| of the case."""
    def predicate(case):
        N = _net(mode, *case)
        return build.all_of(_where(_eq(lhs(N, n), rhs(N, n)), n=n) for n in range(1, N["m"] + 1))
    return predicate


def _step(cid, loc, statement, mode, lhs, rhs, tags=CONV + ("backprop",)):
    rng = "d = 2..7, all k1, k2 < d" + (" with |a2| >= 1" if mode == "valid" else "")
    return Property(cid, loc, f"{statement}  (for every n; {mode} convolutions; {rng})",
                    predicate=_equal_for_all_n(mode, lhs, rhs), cases=_cases(mode),
                    tags=tags)


# ---- the displayed expressions of Q5.3 (valid) as functions of (network, n) --------------------
def _v_start(N, n):       # sum_{i=1}^{|a2|} (grad_a2 L)_i d a_i/d h_n
    return sum(N["g"][i - 1] * _d(N, i, n) for i in range(1, N["nA"] + 1))


def _v_w(N, n):           # sum_{i=1}^{|a2|} (grad_a2 L)_i w_{n-i+1}
    return sum(N["g"][i - 1] * _at(N["w"], n - i + 1) for i in range(1, N["nA"] + 1))


def _v_bounds(N, n):      # sum_{i=n-k2+1}^{n} (grad_a2 L)_i d a_i/d h_n
    return sum(_at(N["g"], i) * _d(N, i, n) for i in range(n - N["k2"] + 1, n + 1))


def _v_j(N, n):           # sum_{j=1}^{k2} (grad_a2 L)_{n-j+1} flip(w)_{k2-j+1}
    fw = flip(N["w"])
    return sum(_at(N["g"], n - j + 1) * _at(fw, N["k2"] - j + 1) for j in range(1, N["k2"] + 1))


def _v_l(N, n):           # sum_{l=1}^{k2} (grad_a2 L)_{n+l-k2} flip(w)_l
    fw = flip(N["w"])
    return sum(_at(N["g"], n + l - N["k2"]) * _at(fw, l) for l in range(1, N["k2"] + 1))


def _v_conv(N, n):        # (grad_a2 L ~* flip(w^2))_n, full convolution (eq. 5)
    return _at(conv1d(N["g"], flip(N["w"]), "full"), n)


# ---- the displayed expressions of Q5.6 (full) ---------------------------------------------------
def _f_w(N, n):           # sum_{i=1}^{|a2|} (grad_a2 L)_i w_{n-i+k2}
    return sum(N["g"][i - 1] * _at(N["w"], n - i + N["k2"]) for i in range(1, N["nA"] + 1))


def _f_bounds(N, n):      # sum_{i=n}^{n+k2-1} (grad_a2 L)_i d a_i/d h_n
    return sum(_at(N["g"], i) * _d(N, i, n) for i in range(n, n + N["k2"]))


def _f_j(N, n):           # sum_{j=1}^{k2} (grad_a2 L)_{n-j+k2} flip(w)_{k2-j+1}
    fw = flip(N["w"])
    return sum(_at(N["g"], n - j + N["k2"]) * _at(fw, N["k2"] - j + 1) for j in range(1, N["k2"] + 1))


def _f_l(N, n):           # sum_{l=1}^{k2} (grad_a2 L)_{n+l-1} flip(w)_l
    fw = flip(N["w"])
    return sum(_at(N["g"], n + l - 1) * _at(fw, l) for l in range(1, N["k2"] + 1))


def _f_valid(N, n):       # (grad_a2 L * flip(w^2))_n, valid convolution (eq. 4)
    return _at(conv1d(N["g"], flip(N["w"]), "valid"), n)


def _dims(mode, rule1, rule2):
    def predicate(case):
        N = _net(mode, *case)
        d, k1, k2 = case
        return build.all_of((_where(build.equal(len(N["a1"]), rule1(d, k1, k2)), of="|a1|"),
                             _where(build.equal(len(N["a2"]), rule2(d, k1, k2)), of="|a2|")))
    return predicate


def _derivative_rule(mode, lo, hi, index):
    """d a_i/d h_n = w_{index(n, i, k2)} for lo(n, k2) <= i <= hi(n, k2), else 0; all n, i."""
    def predicate(case):
        N = _net(mode, *case)
        k2 = N["k2"]
        return build.all_of(_where(_eq(N["dA"][i][n], _at(N["w"], index(n, i, k2)) if lo(n, k2) <= i <= hi(n, k2)
                                       else 0), n=n, i=i)
                            for n in range(1, N["m"] + 1) for i in range(1, N["nA"] + 1))
    return predicate


def _zero_outside(mode, index):
    """If index(n, i, k2) is not in {1..k2}, then d a_i/d h_n = 0; all n, i."""
    def predicate(case):
        N = _net(mode, *case)
        k2 = N["k2"]
        return build.all_of(_where(_eq(N["dA"][i][n], 0), n=n, i=i)
                            for n in range(1, N["m"] + 1) for i in range(1, N["nA"] + 1)
                            if not 1 <= index(n, i, k2) <= k2)
    return predicate


def _a_formula(mode, offset):
    """a_i = (h * w)_i = sum_{j=1}^{k2} h_{i+j-offset(k2)} w_j for every i (h out of bounds = 0)."""
    def predicate(case):
        N = _net(mode, *case)
        k2 = N["k2"]
        return build.all_of(_where(_eq(N["A"][i - 1], sum(_at(N["h"], i + j - offset(k2)) * N["w"][j - 1]
                                                         for j in range(1, k2 + 1))), i=i)
                            for i in range(1, N["nA"] + 1))
    return predicate


def _partial_by_j(mode, offset):
    """d a_i / d h_{i+j-offset(k2)} = w_j for every i and j with h_{i+j-offset} an entry of h."""
    def predicate(case):
        N = _net(mode, *case)
        k2 = N["k2"]
        return build.all_of(_where(_eq(N["dA"][i][i + j - offset(k2)], N["w"][j - 1]), i=i, j=j)
                            for i in range(1, N["nA"] + 1) for j in range(1, k2 + 1)
                            if 1 <= i + j - offset(k2) <= N["m"])
    return predicate


def _grad_is(mode, conv_mode):
    """grad_{h^1} L (chain rule, by differentiation) = grad_{a^2} L conv_mode flip(w^2), as vectors."""
    def predicate(case):
        N = _net(mode, *case)
        lhs, rhs = _grad_h(N), conv1d(N["g"], flip(N["w"]), conv_mode)
        lengths = build.equal(len(lhs), len(rhs))
        if lengths is not True:
            return lengths.at(lengths="|grad_h1 L| (chain rule), |convolution|")
        return build.all_of(_where(_eq(u, v), n=n) for n, (u, v) in enumerate(zip(lhs, rhs), 1))
    return predicate


def _P(cid, loc, statement, mode, predicate, tags=CONV + ("backprop",)):
    rng = "d = 2..7, all k1, k2 < d" + (" with |a2| >= 1" if mode == "valid" else "")
    return Property(cid, loc, f"{statement}  ({mode} convolutions; {rng})",
                    predicate=predicate, cases=_cases(mode), tags=tags)


DEF_SIZES = tuple((d, k) for d in range(2, 8) for k in range(1, d))


def _recalled_formula_is(conv_mode):
    """sum_{j=1}^k x_{n+j-1} w_j over the output range of conv_mode equals conv1d(x, w, conv_mode)."""
    def predicate(case):
        d, k = case
        x, w = _poly_gens(x=d, w=k).values()
        rhs = conv1d(x, w, conv_mode)
        lhs = [sum(_at(x, n + j - 1) * w[j - 1] for j in range(1, k + 1)) for n in range(1, len(rhs) + 1)]
        return build.all_of(_where(_eq(u, v), n=n) for n, (u, v) in enumerate(zip(lhs, rhs), 1))
    return predicate


def _length_is(mode, which, rule):
    """len(which) of the network built in ``mode`` equals rule(d, k1, k2)."""
    def predicate(case):
        return _where(build.equal(len(_net(mode, *case)[which]), rule(*case)), of=f"|{which}|")
    return predicate


d_, k1_, k2_ = (sp.Symbol(s, integer=True, positive=True) for s in ("d", "k1", "k2"))

Q5 = [
    # Q5.1 -- |a1| = d - k1 + 1; |a2| = (d - k1 + 1) - k2 + 1 = d - k1 - k2 + 2
    _P("q5.1-dims", "Q5.1", "|a1| = d - k1 + 1 and |a2| = d - k1 - k2 + 2 (network built with conv1d)", "valid",
       _dims("valid", lambda d, k1, k2: d - k1 + 1, lambda d, k1, k2: d - k1 - k2 + 2), tags=CONV),
    Chain("q5.1-formula", "Q5.1", "|a2| = (d - k1 + 1) - k2 + 1 = d - k1 - k2 + 2",
          steps=((d_ - k1_ + 1) - k2_ + 1, d_ - k1_ - k2_ + 2), tags=CONV),

    # Q5.2 -- a_i = sum_j h_{i+j-1} w_j; d a_i/d h_{i+j-1} = w_j; d a_i/d h_n = w_{n-i+1} on n-k2+1 <= i <= n
    _P("q5.2-a", "Q5.2", "a_i^2 = (h^1 * w^2)_i = sum_{j=1}^{k2} h_{i+j-1} w_j, i in {1..|a2|}", "valid",
       _a_formula("valid", lambda k2: 1)),
    _P("q5.2-partial-j", "Q5.2", "d a_i/d h_{i+j-1} = w_j for i in {1..|a2|}, j in {1..k2}", "valid",
       _partial_by_j("valid", lambda k2: 1)),
    _P("q5.2-derivative", "Q5.2",
       "d a_i/d h_n = w_{n-i+1}, zero everywhere except n - k2 + 1 <= i <= n (every n, every i)", "valid",
       _derivative_rule("valid", lambda n, k2: n - k2 + 1, lambda n, k2: n, lambda n, i, k2: n - i + 1)),

    # Q5.3 -- the chain from (grad_h L)_n = sum_i (grad_a2 L)_i d a_i/d h_n to the full convolution
    _step("q5.3-substitute", "Q5.3",
          "(grad_h1 L)_n = sum_{i=1}^{|a2|} (grad_a2 L)_i d a_i/d h_n = sum_{i=1}^{|a2|} (grad_a2 L)_i w_{n-i+1}",
          "valid", _v_start, _v_w),
    # "If n - k2 + 1 does not belong to {1, ..., k2} then d a_i/d h_n = 0" -- as written the condition
    # does not involve i; the intended condition is on n - i + 1 (the correction).
    erratum(
        _P("q5.3-zero-condition", "Q5.3",
           "if n - k2 + 1 does not belong to {1..k2} then d a_i^2/d h_n^1 = 0 (every i)", "valid",
           _zero_outside("valid", lambda n, i, k2: n - k2 + 1)),
        correction=_P("q5.3-zero-condition-fix", "Q5.3",
                      "if n - i + 1 does not belong to {1..k2} then d a_i^2/d h_n^1 = 0", "valid",
                      _zero_outside("valid", lambda n, i, k2: n - i + 1))),
    _step("q5.3-bounds", "Q5.3",
          "sum_{i=1}^{|a2|} (grad_a2 L)_i d a_i/d h_n = sum_{i=n-k2+1}^{n} (grad_a2 L)_i d a_i/d h_n",
          "valid", _v_start, _v_bounds),
    _step("q5.3-reorder", "Q5.3",
          "sum_{i=n-k2+1}^{n} (grad_a2 L)_i d a_i/d h_n = sum_{j=1}^{k2} (grad_a2 L)_{n-j+1} flip(w)_{k2-j+1}",
          "valid", _v_bounds, _v_j),
    # The document's middle expression "sum_{l=1}^{k2} (grad_a2 L)_i d a_i/d h_n" mixes indices; only
    # its final form is encoded.
    _step("q5.3-change-l", "Q5.3",
          "sum_{j=1}^{k2} (grad_a2 L)_{n-j+1} flip(w)_{k2-j+1} = sum_{l=1}^{k2} (grad_a2 L)_{n+l-k2} flip(w)_l "
          "(l = k2 - j + 1)", "valid", _v_j, _v_l),
    _step("q5.3-full-form", "Q5.3",
          "sum_{l=1}^{k2} (grad_a2 L)_{n+l-k2} flip(w)_l = (grad_a2 L ~* flip(w^2))_n (eq. 5, full)",
          "valid", _v_l, _v_conv),
    _P("q5.3-gradient", "Q5.3",
       "grad_h1 L = grad_a2 L ~* flip(w^2) (full convolution); grad_h1 L by the chain rule from a^2 = h^1 * w^2",
       "valid", _grad_is("valid", "full")),

    # Q5.4 -- convolutions (6) and (8) full: |a1| = d + k1 - 1, |a2| stated d + k1 + k2 - 1
    _P("q5.4-a1", "Q5.4", "|a1| = d + k1 - 1 (full convolution, built with conv1d)", "full",
       _length_is("full", "a1", lambda d, k1, k2: d + k1 - 1), tags=CONV),
    erratum(
        _P("q5.4-a2", "Q5.4", "|a2| = d + k1 + k2 - 1 (full convolutions, built with conv1d)", "full",
           _length_is("full", "a2", lambda d, k1, k2: d + k1 + k2 - 1), tags=CONV),
        correction=_P("q5.4-a2-fix", "Q5.4", "|a2| = |a1| + k2 - 1 = d + k1 + k2 - 2", "full",
                      _length_is("full", "a2", lambda d, k1, k2: d + k1 + k2 - 2), tags=CONV)),

    # Q5.5 -- a_i = sum_j h_{i+j-k2} w_j (the document writes h^1 * w^2 but uses eq. 5: read as full ~*)
    _P("q5.5-a", "Q5.5", "a_i^2 = (h^1 ~* w^2)_i = sum_{j=1}^{k2} h_{i+j-k2} w_j, i in {1..|a2|}", "full",
       _a_formula("full", lambda k2: k2)),
    # (only pairs (i, j) where h_{i+j-k2} is an entry of h^1; out of bounds it is the constant 0)
    _P("q5.5-partial-j", "Q5.5", "d a_i/d h_{i+j-k2} = w_j for i in {1..|a2|}, j in {1..k2}", "full",
       _partial_by_j("full", lambda k2: k2)),
    _P("q5.5-derivative", "Q5.5",
       "d a_i/d h_n = w_{n-i+k2}, zero everywhere except n <= i <= n + k2 - 1 (every n, every i)", "full",
       _derivative_rule("full", lambda n, k2: n, lambda n, k2: n + k2 - 1, lambda n, i, k2: n - i + k2)),

    # Q5.6 -- the chain from (grad_h L)_n = sum_i (grad_a2 L)_i d a_i/d h_n to the valid convolution
    _step("q5.6-substitute", "Q5.6",
          "(grad_h1 L)_n = sum_{i=1}^{|a2|} (grad_a2 L)_i d a_i/d h_n = sum_{i=1}^{|a2|} (grad_a2 L)_i w_{n-i+k2}",
          "full", _v_start, _f_w),
    _P("q5.6-zero-condition", "Q5.6", "if n - i + k2 does not belong to {1..k2} then d a_i^2/d h_n^1 = 0",
       "full", _zero_outside("full", lambda n, i, k2: n - i + k2)),
    _step("q5.6-bounds", "Q5.6",
          "sum_{i=1}^{|a2|} (grad_a2 L)_i d a_i/d h_n = sum_{i=n}^{n+k2-1} (grad_a2 L)_i d a_i/d h_n",
          "full", _v_start, _f_bounds),
    _step("q5.6-reorder", "Q5.6",
          "sum_{i=n}^{n+k2-1} (grad_a2 L)_i d a_i/d h_n = sum_{j=1}^{k2} (grad_a2 L)_{n-j+k2} flip(w)_{k2-j+1} "
          "(j = n - i + k2)", "full", _f_bounds, _f_j),
    # (middle expression "sum_l (grad_a2 L)_{n-j+k2} d a_i/d h_n" mixes indices; its final form is encoded)
    _step("q5.6-change-l", "Q5.6",
          "sum_{j=1}^{k2} (grad_a2 L)_{n-j+k2} flip(w)_{k2-j+1} = sum_{l=1}^{k2} (grad_a2 L)_{n+l-1} flip(w)_l "
          "(l = k2 - j + 1)", "full", _f_j, _f_l),
    _step("q5.6-valid-form", "Q5.6",
          "sum_{l=1}^{k2} (grad_a2 L)_{n+l-1} flip(w)_l = (grad_a2 L * flip(w^2))_n (eq. 4, valid)",
          "full", _f_l, _f_valid),
    # "looks similar to valid convolution given in question i.e full: (x ~* w)_n = sum_j x_{n+j-1} w_j":
    # the recalled formula is eq. (4), the valid convolution, but it is written with ~* and called full.
    erratum(
        Property("q5.6-recalled-definition", "Q5.6",
                 "full: (x ~* w)_n = sum_{j=1}^{k} x_{n+j-1} w_j, n in {1..d+k-1} "
                 "(x in R^d, k < d, d = 2..7; compared with eq. 5)",
                 predicate=_recalled_formula_is("full"), cases=lambda: DEF_SIZES, tags=CONV),
        correction=Property("q5.6-recalled-definition-fix", "Q5.6",
                            "valid: (x * w)_n = sum_{j=1}^{k} x_{n+j-1} w_j, n in {1..d-k+1} (eq. 4)",
                            predicate=_recalled_formula_is("valid"), cases=lambda: DEF_SIZES, tags=CONV)),
    # Final line: "grad_h1 L = grad_a2 L ~* flip(w^2) (Valid convolution)". The question asks for the
    # valid operator * and the text says "(Valid convolution)", but the line uses ~*, which eq. (5)
    # defines as the full convolution: as written it is wrong (lengths |a2| + k2 - 1 vs |h1|);
    # the correction is the valid *.
    erratum(
        _P("q5.6-gradient", "Q5.6",
           "grad_h1 L = grad_a2 L ~* flip(w^2) (written with the full operator ~*; grad by the chain rule)",
           "full", _grad_is("full", "full")),
        correction=_P("q5.6-gradient-fix", "Q5.6",
                      "grad_h1 L = grad_a2 L * flip(w^2) (valid convolution)", "full", _grad_is("full", "valid"))),
]

CLAIMS = Q1 + Q2 + Q3 + Q4 + Q5
