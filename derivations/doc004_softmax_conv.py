"""Losses, softmax, sigmoid->tanh networks and 1-D convolutions (solution set 004)
-- marked copy of ../shared/seeds/004_e3c0a87ac45004d2.txt.

Conventions: real symbols; g = sigmoid (the document's choice in Q1.1), a = a(x, theta) a real
symbol, f = g(a); vectors of symbolic length are IndexedBase with Sum; Q5 uses the document's
convolutions WITHOUT kernel flipping (eq. 4/5, 1-based, out-of-bound entries 0), which is
checks.dl.conv1d(..., flip_kernel=False); Q4.3 asks for convolution WITH kernel flipping
(conv1d(..., flip_kernel=True)). Size sweeps are stated in each claim's statement.
"""
import itertools

import sympy as sp

from checks.catalog import Document
from checks.claims import Identity, Chain, Implication, Value, Property, Limit, Prose, erratum, reals
from checks.dl import (sigmoid, relu, softmax, softmax_entry, softmax_jacobian, binary_cross_entropy,
                       mse, conv1d, flip, conv_output_size)
from checks.rewrites import exp_rational

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


def _is_zero(e) -> bool:
    """Exact zero test for expressions in exponentials of the symbols (rational after exp -> T)."""
    e = sp.sympify(e)
    return e == 0 or exp_rational(e) == 0


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
             # are both positive by SymPy's sign rules (e^{-z} > 0)
             predicate=lambda e: (e.is_positive is True) and (sp.together(1 - e).is_positive is True),
             cases=lambda: [sigmoid(z).rewrite(sp.exp)], strength="proof", tags=SIG),

    # Q1.3 -- L_CE = 1/N sum_{i=1}^N -(y log f + (1-y) log(1-f)); N = 1 gives the single-example form
    Identity("q1.3-ce-mean", "Q1.3",
             "1/N sum_{i=1}^N -(y log f + (1-y) log(1-f)) = -(y log f + (1-y) log(1-f)) (summand free of i)",
             lhs=sp.Sum(ce_term, (i1, 1, N)) / N, rhs=ce_term, assume=(f_ > 0, f_ < 1), tags=LOSS),
    Identity("q1.3-ce-n1", "Q1.3",
             "with N = 1: L_CE(f, y) = -(y log f + (1-y) log(1-f)) (the binary cross-entropy)",
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
                 predicate=lambda yy: sp.maximum((yy - f_) ** 2, f_, sp.Interval.open(0, 1)) is sp.oo,
                 cases=lambda: [0, 1], tags=LOSS),
        correction=Property("q1.7-mse-bounded", "Q1.7",
                            "sup over f in (0,1) of (y - f)^2 is 1 for y = 0 and y = 1: the MSE is bounded",
                            predicate=lambda yy: sp.maximum((yy - f_) ** 2, f_, sp.Interval.open(0, 1)) == 1,
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
             predicate=lambda K: all(_is_zero(u - v) for u, v in zip(softmax(_softmax_sweep_K2(K)[0]),
                                                                    softmax(_softmax_sweep_K2(K)[1]))),
             cases=lambda: range(2, 8), tags=SOFT),
]
CLAIMS = Q1 + Q2
