"""Losses, softmax, sigmoid -> tanh networks, 1-D convolutions: a marked copy of solution set 004,
in its order. g = sigmoid (Q1.1), a = a(x, theta), f = g(a); S is the softmax. Q4.3 convolves WITH kernel
flipping; Q5's * (valid, eq. 4) and ~* (full, eq. 5) do not flip (1-based, out of bounds 0).
Constructions (Q3 networks, Q4 shapes, the Q5 network and its sweeps): derivations/_doc004_build.py."""
import functools

import sympy as sp

from checks import build
from checks.dl import sigmoid, softmax, softmax_entry, binary_cross_entropy, conv1d
from checks.model.catalog import Document
from checks.model.claims import Value, Property, Prose, Limit, Identity, erratum
from checks.text.rows import rows

from . import _doc004_build as B
from ._doc004_build import sweep, every, lengths, gradient_is, recalled

DOCUMENT = Document(
    file="004_e3c0a87ac45004d2.txt", id="004",
    title="Cross-entropy vs MSE, softmax properties and Jacobian, sigmoid->tanh network, CNN shapes, "
          "1-D convolution gradients",
    questions=("Q1.1", "Q1.2", "Q1.3", "Q1.4", "Q1.5", "Q1.6", "Q1.7", "Q2.1", "Q2.2", "Q2.3", "Q2.4",
               "Q3", "Q4.1", "Q4.2", "Q4.3", "Q5.1", "Q5.2", "Q5.3", "Q5.4", "Q5.5", "Q5.6"))

LOSS, SIG, SOFT, CONV, BP = ("loss",), ("sigmoid-tanh",), ("softmax",), ("conv",), ("backprop",)
a, y, f_free = (sp.Symbol(s, real=True) for s in ("a", "y", "f"))
g = sigmoid(a)
ON_A = {"g": sigmoid, "f": g, "L_CE": binary_cross_entropy, "n": sp.S.One}   # f = g(a(x, theta)); n = 1 example

# ================================ Question 1 ================================
Q1 = [
    Prose("q1.1-choice", "Q1.1", "For binary classification the sigmoid can be used as output activation g",
          reason="a modelling choice, not a mathematical statement", tags=SIG),
    *rows("Q1.1", "q1.1-sigmoid-def | sigmoid(z) = 1/(1 + exp(-z))", tags=SIG),
    Prose("q1.2-probability", "Q1.2", "The sigmoid output can be interpreted as a probability",
          reason="an interpretation; its numeric premise (0 < sigma < 1) is the next claim", tags=SIG),
    # certificate: sigma(z) and 1 - sigma(z) = e^{-z}/(1+e^{-z}) are positive by SymPy's sign rules, else undecided
    Property("q1.2-range", "Q1.2", "sigma(z) lies between 0 and 1 for every real z",
             predicate=lambda e: True if e.is_positive and sp.together(1 - e).is_positive else None,
             cases=lambda: [sigmoid(sp.Symbol("z", real=True)).rewrite(sp.exp)], strength="proof", tags=SIG),
    *rows("Q1.3", """
      q1.3-ce-n1 | L_CE(f, y) = Sum(-(y*log(f) + (1 - y)*log(1 - f)), (i, 1, N))/N = -(y*log(f) + (1 - y)*log(1 - f)) | assume: 0 < f < 1 | N = 1, one training example
    """, names={"L_CE": binary_cross_entropy, "N": sp.S.One}, tags=LOSS),
    *rows("Q1.4", """
      q1.4-eq1 | diff(L_CE(f, y), a) = diff(-(y*log(f) + (1 - y)*log(1 - f)), a) = -(y*diff(log(g(a)), a) + (1 - y)*diff(log(1 - g(a)), a)) | (1)
      q1.4-gprime | diff(g(a), a) = diff(exp(a)/(1 + exp(a)), a) = ((1 + exp(a))*diff(exp(a), a) - exp(a)*diff(1 + exp(a), a))/(1 + exp(a))^2 = ((1 + exp(a))*exp(a) - exp(a)*exp(a))/(1 + exp(a))^2 = exp(a)/(1 + exp(a)) - exp(a)/(1 + exp(a))*(exp(a)/(1 + exp(a))) = g(a)*(1 - g(a))
      q1.4-final | diff(L_CE(f, y), a) = -(y/g(a)*g(a)*(1 - g(a)) - (1 - y)/(1 - g(a))*g(a)*(1 - g(a))) = -(y*(1 - g(a)) - (1 - y)*g(a)) = -(y - y*g(a) - g(a) + y*g(a)) = g(a) - y = f - y
    """, names=ON_A, tags=LOSS + BP),
    *rows("Q1.5", """
      q1.5-mse | Sum((y - f)^2, (i, 1, n)) = (y - f)^2 | n = 1 (single training example); y_i read as y
    """, names={"n": sp.S.One}, tags=LOSS),
    *rows("Q1.6", """
      q1.6-chain | diff(Sum((y - f)^2, (i, 1, n)), a) = diff(Sum((y - g(a))^2, (i, 1, n)), a) = 2*(y - g(a))*diff(y - g(a), a) = 2*(y - g(a))*diff(y - exp(a)/(1 + exp(a)), a) | (2); n = 1
      q1.6-g | g(a) = exp(a)/(1 + exp(a)) | g considered as the sigmoid
      q1.6-quotient | diff(exp(a)/(1 + exp(a)), a) = (exp(a)*(1 + exp(a)) - exp(a)*exp(a))/(1 + exp(a))^2 = exp(a)/(1 + exp(a))*(1 - exp(a)/(1 + exp(a))) = g(a)*(1 - g(a))
      q1.6-final | 2*(y - g(a))*diff(y - exp(a)/(1 + exp(a)), a) = -2*(y - g(a))*g(a)*(1 - g(a)) = -2*(y - f)*f*(1 - f) | substituting in (2)
    """, names=ON_A, tags=LOSS + BP),
    Prose("q1.7-choice", "Q1.7",
          "Cross-entropy is the more appropriate loss for binary classification (saturation argument)",
          reason="a qualitative argument about learning dynamics", tags=LOSS),
    erratum(Property("q1.7-mse-unbounded", "Q1.7", "mean square error (y - f)^2 is not bounded; its value will be "
                     "very large (f = sigmoid output in (0,1), y in {0,1})", cases=lambda: [0, 1],
                     predicate=lambda yy: B.sup_is((yy - f_free) ** 2, f_free, sp.oo), tags=LOSS),
            Property("q1.7-mse-bounded", "Q1.7", "sup over f in (0,1) of (y - f)^2 is 1 for y = 0 and y = 1: the "
                     "MSE is bounded", predicate=lambda yy: B.sup_is((yy - f_free) ** 2, f_free, 1),
                     cases=lambda: [0, 1], tags=LOSS), severity="major"),
    *[Limit(f"q1.7-saturation-{side}", "Q1.7",
            f"the sigmoid saturates and the MSE gradient is very small: dL_MSE/da = -2(y - f) f (1 - f) -> 0 "
            f"as a -> {pt}", expr=-2 * (y - g) * g * (1 - g), var=a, point=pt, stated=0,
            direction="-" if pt is sp.oo else "+", tags=LOSS + BP)
      for side, pt in (("plus", sp.oo), ("minus", -sp.oo))],
]

# ================================ Question 2 ================================
X = sp.IndexedBase("x", real=True)
k_ = sp.Symbol("k", integer=True)
i_, j_, n_, K_, p_ = (sp.Symbol(s, integer=True, positive=True) for s in ("i", "j", "n", "K", "p"))
m_, r_ = (sp.Symbol(s, integer=True, nonnegative=True) for s in ("m", "r"))


def entry(n):
    """S(i) = S(x)_i = e^{x_i}/sum_{k=1}^n e^{x_k}, the softmax entry of a symbolic-length x."""
    return lambda i: softmax_entry(X, i, n, k_)


Q2 = [
    *rows("Q2.1", """
      q2.1-translation | exp(x[i] + c)/Sum(exp(x[j] + c), (j, 1, n)) = exp(x[i])*exp(c)/Sum(exp(c)*exp(x[j]), (j, 1, n)) = exp(x[i])*exp(c)/(exp(c)*Sum(exp(x[j]), (j, 1, n))) = exp(x[i])/Sum(exp(x[j]), (j, 1, n)) = S(i) | S(x + c)_i = ... = S(x)_i; x in R^n, n symbolic
    """, names={"i": i_, "n": n_, "S": entry(n_)}, tags=SOFT),
    *rows("Q2.2", """
      q2.2-sum-one | exp(x1)/(exp(x1) + exp(x2)) + exp(x2)/(exp(x1) + exp(x2)) = 1
      q2.2-sigmoid | S(x1, x2) = vec(exp(x1)/(exp(x1) + exp(x2)), exp(x2)/(exp(x1) + exp(x2))) = vec(exp(x1)/(exp(x1) + exp(x2)), 1 - exp(x1)/(exp(x1) + exp(x2))) = vec(1/(1 + exp(x2 - x1)), 1 - 1/(1 + exp(x2 - x1))) = vec(1/(1 + exp(-(x1 - x2))), 1 - 1/(1 + exp(-(x1 - x2)))) = vec(sigmoid(x1 - x2), 1 - sigmoid(x1 - x2)) | z = x1 - x2
    """, names={"S": lambda *xs: softmax(xs), "vec": lambda *e: sp.Matrix(e)}, tags=SOFT + SIG),
    *rows("Q2.3", """
      q2.3-two-class | S_1(x1, x2) = 1/(1 + exp(x2 - x1)) | 2 classes, S(x)_1
      q2.3-three-class | S_1(x1, x2, x3) = 1/(1 + exp(x3 - x1) + exp(x2 - x1)) | 3 classes, y1 = x3 - x1, y2 = x2 - x1
    """, names={"S_1": lambda *xs: softmax(xs)[0]}, tags=SOFT),
    *rows("Q2.3", """
      q2.3-shift | S(i) = exp(x[i] - x[1])/Sum(exp(x[k] - x[1]), (k, 1, K)) | S(x)_i = S([x1 - x1, x2 - x1, ..., xK - x1])_i; K symbolic
    """, names={"i": i_, "K": K_, "S": entry(K_)}, tags=SOFT),
    Property("q2.3-k-minus-1", "Q2.3",
             "S(x) = S([0, x2 - x1, ..., xK - x1]) = S([0, y1, ..., y_{K-1}]), y_i = x_{i+1} - x_1 "
             "(bounded: vectors constructed for K = 2..7)",
             predicate=lambda K: build.same(*map(softmax, B.softmax_shift(K))), cases=lambda: range(2, 8),
             strength="bounded", tags=SOFT),
]

# Q2.4. Index ranges 1 <= i, j <= n are carried by names (SymPy cannot assume i <= n): n = i + m,
# and i != j split into j < i (i = j + p) and i < j (i = 1 + r, j = i + p), with m, r >= 0, p >= 1.
X3, P3, J3 = B.softmax_p(3)
NEQ = ("diff(exp(x[i])/Sum(exp(x[k]), (k, 1, n)), x[j]) = (0*Sum(exp(x[k]), (k, 1, n)) - exp(x[j])*exp(x[i]))"
       "/Sum(exp(x[k]), (k, 1, n))^2 = -(exp(x[j])*exp(x[i]))/Sum(exp(x[k]), (k, 1, n))^2 "
       "= -exp(x[j])/Sum(exp(x[k]), (k, 1, n))*(exp(x[i])/Sum(exp(x[k]), (k, 1, n))) = -S(j)*S(i)")
Q2 += rows("Q2.4", """
  q2.4-h | exp(x[i])/Sum(exp(x[j]), (k, 1, n)) = S(i) | erratum notation | correction: exp(x[i])/Sum(exp(x[k]), (k, 1, n)) = S(i) | g(x)/h(x) with g(x) = e^{x_i} and h(x) = sum_{k=1}^n e^{x_j} as written; case i = j; n = i + m
  q2.4-dg | diff(exp(x[i]), x[j]) = exp(x[j]) | g(x) = e^{x_i}, case i = j
  q2.4-dg-neq | diff(exp(x[i]), x[i + p]) = 0 | g(x) = e^{x_i}, case i != j: x_j = x[i + p], p a nonzero integer
  q2.4-dh | diff(Sum(exp(x[k]), (k, 1, N)), x[j]) = exp(x[j]) | dh(x)/dx_j for k = j; N = j + m (j <= N)
  q2.4-quotient-rule | diff(g(x)/h(x), x) = (diff(g(x), x)*h(x) - diff(h(x), x)*g(x))/h(x)^2 | f'(x), f = g/h
  q2.4-case-eq | diff(exp(x[i])/Sum(exp(x[k]), (k, 1, n)), x[j]) = (exp(x[i])*Sum(exp(x[k]), (k, 1, n)) - exp(x[j])*exp(x[i]))/Sum(exp(x[k]), (k, 1, n))^2 = exp(x[i])/Sum(exp(x[k]), (k, 1, n)) - exp(x[j])/Sum(exp(x[k]), (k, 1, n))*(exp(x[i])/Sum(exp(x[k]), (k, 1, n))) = S(i) - S(j)*S(i) | case i = j; n = i + m
""", names={"i": i_, "j": i_, "n": i_ + m_, "N": i_ + m_, "S": entry(i_ + m_), "g": sp.Function("g"),
            "h": sp.Function("h"), "p": sp.Symbol("p", integer=True, nonzero=True)}, tags=SOFT + BP)
Q2 += [
    erratum(Value("q2.4-d-dx", "Q2.4", "d(e^{x_i}/sum_k e^{x_k})/dx, with respect to the vector x as written in the case "
                  "i != j display, the cases display and the 1_(i=j) display, is one entry (shape at n = 3)",
                  computed=lambda: sp.Matrix([P3[0]]).jacobian(X3).shape, stated=(1, 1), tags=SOFT + BP),
            Value("q2.4-d-dx-fix", "Q2.4", "d(e^{x_i}/sum_k e^{x_k})/dx_j is one entry (n = 3)",
                  computed=lambda: sp.Matrix([P3[0]]).jacobian(X3[1:2]).shape, stated=(1, 1), tags=SOFT + BP),
            severity="notation"),
    *rows("Q2.4", f"q2.4-case-neq-j-lt-i | {NEQ} | case i != j, here j < i: i = j + p, n = i + m; d/dx_j",
          names={"i": j_ + p_, "j": j_, "n": j_ + p_ + m_, "S": entry(j_ + p_ + m_)}, tags=SOFT + BP),
    *rows("Q2.4", f"q2.4-case-neq-i-lt-j | {NEQ} | case i != j, here i < j: i = 1 + r, j = i + p, n = j + m; d/dx_j",
          names={"i": 1 + r_, "j": 1 + r_ + p_, "n": 1 + r_ + p_ + m_, "S": entry(1 + r_ + p_ + m_)},
          tags=SOFT + BP),
    Property("q2.4-indicator", "Q2.4",
             "dS(x)_i/dx_j = {S_i - S_j S_i if i = j; -S_j S_i if i != j} = S(x)_i 1_(i=j) - S(x)_i S(x)_j "
             "(bounded: every entry of the differentiated Jacobian, n = 2..6)",
             predicate=lambda n: B.steps_hold(B.jacobian_forms(n)[:2]),
             cases=lambda: range(2, 7), strength="bounded", tags=SOFT + BP),
]
Q2 += [
    # the displayed matrix, rows 1, 2, n and columns 1, 2, n, read at n = 3 where they are the whole matrix
    erratum(
        Identity("q2.4-displayed-matrix", "Q2.4",
                 "J_softmax(x) = [[S1 - S1S1, -S1S2, ..., -S1Sn], [-S2S1, -S2S2, ..., -S2Sn], ..., "
                 "[Sn - SnS1, -SnS2, ..., Sn - SnSn]]  (read at n = 3)", lhs=J3,
                 rhs=sp.Matrix([[P3[0] - P3[0] * P3[0], -P3[0] * P3[1], -P3[0] * P3[2]],
                                [-P3[1] * P3[0], -P3[1] * P3[1], -P3[1] * P3[2]],
                                [P3[2] - P3[2] * P3[0], -P3[2] * P3[1], P3[2] - P3[2] * P3[2]]]),
                 tags=SOFT + ("linear-algebra",)),
        Identity("q2.4-displayed-matrix-fix", "Q2.4",
                 "J_softmax(x) = Diag(p) - p p^T: entry (2,2) = S2 - S2S2, entry (n,1) = -SnS1 (n = 3)",
                 lhs=J3, rhs=sp.diag(*P3) - P3 * P3.T, tags=SOFT + ("linear-algebra",)),
        severity="minor"),
    Property("q2.4-jacobian", "Q2.4",
             "J_softmax(x) = [dS(x)_i/dx_j] = diag(S(x)_i 1_(i=j)) - (S(x)_i S(x)_j) = Diag(p) - p p^T, p = S(x) "
             "(bounded: n = 2..5, Jacobian computed by differentiation, each step compared)",
             predicate=lambda n: B.steps_hold(B.jacobian_forms(n)), cases=lambda: range(2, 6), strength="bounded",
             tags=SOFT + ("linear-algebra",)),
]

# ================================ Question 3 ================================
D_, M_ = (sp.Symbol(s, integer=True, positive=True) for s in ("D", "M"))
Q3_NAMES = {"k": sp.Symbol("k", integer=True, positive=True), "D": D_, "M": M_}


def doc_map(hidden, out):
    """The stated Theta': w~2_kj = w2_kj/2, w~1 = w1/2, w~1_j0 = w1_j0/2, w~2_k0 = 1/2 sum_j w2_kj + w2_k0."""
    (W, b), = hidden
    V, c = out
    return [(W / 2, b / 2)], (V / 2, c + V * sp.ones(V.cols, 1) / 2)


Q3 = rows("Q3", """
  q3-tanh-exp | tanh(x/2) = (exp(x/2) - exp(-x/2))/(exp(x/2) + exp(-x/2))
  q3-sigmoid-tanh | tanh(x/2) + 1 = (exp(x/2) - exp(-x/2))/(exp(x/2) + exp(-x/2)) + 1 = (exp(x/2) - exp(-x/2) + exp(x/2) + exp(-x/2))/(exp(x/2) + exp(-x/2)) = 2*exp(x/2)/(exp(x/2) + exp(-x/2)) = 2*exp(x/2)*exp(-x/2)/((exp(x/2) + exp(-x/2))*exp(-x/2)) = 2*exp(0)/(exp(0) + exp(-x)) = 2/(1 + exp(-x)) | multiplying numerator and denominator by e^{-x/2}
  q3-sigma-half | 1/2*tanh(x/2) + 1/2 = 1/(1 + exp(-x)) = sigmoid(x)
""", tags=SIG) + rows("Q3", """
  q3-network-chain | Sum(w2[k, j]*sigmoid(Sum(w1[j, i]*x[i], (i, 1, D)) + w1[j, 0]), (j, 1, M)) + w2[k, 0] = Sum(w2[k, j]*(1/2*tanh(1/2*(Sum(w1[j, i]*x[i], (i, 1, D)) + w1[j, 0])) + 1/2), (j, 1, M)) + w2[k, 0] = 1/2*Sum(w2[k, j]*tanh(1/2*(Sum(w1[j, i]*x[i], (i, 1, D)) + w1[j, 0])), (j, 1, M)) + 1/2*Sum(w2[k, j], (j, 1, M)) + w2[k, 0] | y(x, Theta, sigma)_k; D, M symbolic
  q3-equate | 1/2*Sum(w2[k, j]*tanh(1/2*(Sum(w1[j, i]*x[i], (i, 1, D)) + w1[j, 0])), (j, 1, M)) + 1/2*Sum(w2[k, j], (j, 1, M)) + w2[k, 0] = Sum(1/2*w2[k, j]*tanh(Sum(1/2*w1[j, i]*x[i], (i, 1, D)) + 1/2*w1[j, 0]), (j, 1, M)) + (1/2*Sum(w2[k, j], (j, 1, M)) + w2[k, 0]) | = y(x, Theta', tanh)_k with the stated w~2_kj = w2_kj/2, w~1_kj = w1_kj/2 (every layer-1 weight halved), w~1_j0 = w1_j0/2, w~2_k0 = 1/2 sum_j w2_kj + w2_k0 substituted; D, M symbolic
""", names=Q3_NAMES, tags=SIG + ("mlp-construction",)) + [
    Identity(f"q3-map-D{s[0]}M{s[1]}K{s[2]}", "Q3",
             f"y(x, Theta', tanh) = y(x, Theta, sigma) with the stated Theta' (networks constructed with "
             f"D = {s[0]}, M = {s[1]}, K = {s[2]})", lhs=B.networks(s, doc_map)[0], rhs=B.networks(s, doc_map)[1],
             source="supporting", tags=SIG + ("mlp-construction",))
    for s in ((2, 2, 2), (3, 2, 1))] + [
    Property("q3-map-sweep", "Q3",
             "the stated Theta' gives y(x, Theta', tanh) = y(x, Theta, sigma) (bounded: every D, M, K in 1..3, "
             "both networks constructed over symbolic weights, outputs compared exactly)",
             predicate=lambda s: build.same(*B.networks(s, doc_map)),
             cases=lambda: [(D, M, K) for D in range(1, 4) for M in range(1, 4) for K in range(1, 4)],
             strength="bounded", tags=SIG + ("mlp-construction",)),
]

# ================================ Question 4 ================================
XV, WK = [1, 2, 3, 4], [2, 0, 1]
PAD_FULL, PAD_SAME = [0, 0, 1, 2, 3, 4, 0, 0], [0, 1, 2, 3, 4, 0]
FULL_SUMS = [2 * 0 + 0 * 0 + 1 * 1, 0 * 2 + 1 * 0 + 2 * 1, 1 * 2 + 2 * 0 + 3 * 1,
             2 * 2 + 3 * 0 + 4 * 1, 3 * 2 + 4 * 0 + 0 * 1, 4 * 2 + 0 * 0 + 0 * 1]
VALID_SUMS = [1 * 2 + 2 * 0 + 3 * 1, 2 * 2 + 3 * 0 + 4 * 1]
SAME_SUMS = [0 * 2 + 1 * 0 + 2 * 1, 1 * 2 + 2 * 0 + 3 * 1, 2 * 2 + 3 * 0 + 4 * 1, 3 * 2 + 4 * 0 + 0 * 1]
V = functools.partial(Value, tags=CONV)


def conv(mode, flip=True, xs=XV):
    return lambda: conv1d(xs, WK, mode, flip_kernel=flip)


def windows(xs):
    """The document's products: each window of xs dotted with [2,0,1] as written (kernel not flipped)."""
    return lambda: [sum(xs[n + t] * WK[t] for t in range(3)) for n in range(len(xs) - 2)]


Q4 = [
    V("q4.1-shape", "Q4.1", "output of the last layer: 64 x 32 x 32 (channels x height x width)",
      computed=lambda: B.cnn_shapes()[-1], stated=(64, 32, 32)),
    V("q4.1-count", "Q4.1", "number of scalars in the last layer's output: 65536",
      computed=lambda: sp.prod(B.cnn_shapes()[-1]), stated=65536),
    V("q4.2-params", "Q4.2", "parameters of the last layer (no biases): 64 x 3 x 3 x 32 = 18432 "
      "(out channels x k x k x the channels entering it)", computed=lambda: 64 * 3 * 3 * B.cnn_shapes()[2][0],
      stated=18432),
    # "Full convolution: [0,0,1,2,3,4,0,0] * [2,0,1] = [(2*0+0*0+1*1), ...] = [1,2,5,8,6,8]"
    V("q4.3-full-padding", "Q4.3", "full convolution of [1,2,3,4] = valid convolution of the zero-padded "
      "[0,0,1,2,3,4,0,0] (with flipping)", computed=conv("full"), stated=conv("valid", xs=PAD_FULL)()),
    erratum(V("q4.3-full", "Q4.3", "full convolution (with kernel flipping): [1,2,3,4] * [2,0,1] = [1,2,5,8,6,8]",
              computed=conv("full"), stated=[1, 2, 5, 8, 6, 8]),
            V("q4.3-full-fix", "Q4.3", "full convolution with kernel flipping: [1,2,3,4] * [2,0,1] = [2,4,7,10,3,4]",
              computed=conv("full"), stated=[2, 4, 7, 10, 3, 4]), severity="major"),
    V("q4.3-full-arith", "Q4.3", "[(2*0+0*0+1*1), (0*2+1*0+2*1), (1*2+2*0+3*1), (2*2+3*0+4*1), (3*2+4*0+0*1), "
      "(4*2+0*0+0*1)] = [1,2,5,8,6,8]", computed=lambda: FULL_SUMS, stated=[1, 2, 5, 8, 6, 8]),
    V("q4.3-full-sums", "Q4.3", "the written sums are the windows of [0,0,1,2,3,4,0,0] times [2,0,1] as written "
      "(kernel not flipped)", computed=windows(PAD_FULL), stated=FULL_SUMS, source="supporting"),
    V("q4.3-full-cause", "Q4.3", "[1,2,5,8,6,8] is the full convolution without kernel flipping",
      computed=conv("full", False), stated=[1, 2, 5, 8, 6, 8], source="supporting"),
    # "Valid convolution: [1,2,3,4] * [2,0,1] = [(1*2+2*0+3*1), (2*2+3*0+4*1)] = [5,8]"
    erratum(V("q4.3-valid", "Q4.3", "valid convolution (with kernel flipping): [1,2,3,4] * [2,0,1] = "
              "[(1*2+2*0+3*1), (2*2+3*0+4*1)] = [5,8]", computed=conv("valid"), stated=VALID_SUMS),
            V("q4.3-valid-fix", "Q4.3", "valid convolution with kernel flipping: [(1*1+2*0+3*2), (2*1+3*0+4*2)] "
              "= [7,10]", computed=conv("valid"), stated=[1 * 1 + 2 * 0 + 3 * 2, 2 * 1 + 3 * 0 + 4 * 2]),
            severity="major"),
    V("q4.3-valid-arith", "Q4.3", "[(1*2+2*0+3*1), (2*2+3*0+4*1)] = [5,8]", computed=lambda: VALID_SUMS,
      stated=[5, 8]),
    V("q4.3-valid-cause", "Q4.3", "[5,8] is the valid convolution without kernel flipping",
      computed=conv("valid", False), stated=[5, 8], source="supporting"),
    # "Full convolution: [0,1,2,3,4,0] * [2,0,1] = [(0*2+1*0+2*1), ...] = [2,5,8,6]": padding 1, 4 outputs
    erratum(V("q4.3-same-label", "Q4.3", "'Full convolution: [0,1,2,3,4,0] * [2,0,1]' (padding 1 on each side) is "
              "the full convolution of [1,2,3,4] and [2,0,1]: its length is the full one",
              computed=lambda: len(conv("valid", xs=PAD_SAME)()), stated=len(conv("full")())),
            V("q4.3-same-label-fix", "Q4.3", "[0,1,2,3,4,0] * [2,0,1] has the length of the requested *same* "
              "convolution of [1,2,3,4] (4)", computed=lambda: len(conv("valid", xs=PAD_SAME)()),
              stated=len(conv("same")())), severity="notation"),
    V("q4.3-same-padding", "Q4.3", "same convolution of [1,2,3,4] = valid convolution of the zero-padded "
      "[0,1,2,3,4,0] (with flipping)", computed=conv("same"), stated=conv("valid", xs=PAD_SAME)()),
    erratum(V("q4.3-same", "Q4.3", "the second display, read as the same convolution with kernel flipping: "
              "[0,1,2,3,4,0] * [2,0,1] = [2,5,8,6]", computed=conv("same"), stated=[2, 5, 8, 6]),
            V("q4.3-same-fix", "Q4.3", "same convolution with kernel flipping: [4,7,10,3]",
              computed=conv("same"), stated=[4, 7, 10, 3]), severity="major"),
    V("q4.3-same-arith", "Q4.3", "[(0*2+1*0+2*1), (1*2+2*0+3*1), (2*2+3*0+4*1), (3*2+4*0+0*1)] = [2,5,8,6]",
      computed=lambda: SAME_SUMS, stated=[2, 5, 8, 6]),
    V("q4.3-same-sums", "Q4.3", "the written sums are the windows of [0,1,2,3,4,0] times [2,0,1] as written "
      "(kernel not flipped)", computed=windows(PAD_SAME), stated=SAME_SUMS, source="supporting"),
    V("q4.3-same-cause", "Q4.3", "[2,5,8,6] is the same convolution without kernel flipping",
      computed=conv("same", False), stated=[2, 5, 8, 6], source="supporting"),
]

# ================================ Question 5 ================================
# N is the network of eq. (6)-(9) at one size (B.Net): N.g(i) = (grad_a2 L)_i, N.w(j) = w^2_j,
# N.fw(l) = flip(w^2)_l, N.h(t) = h^1_t, N.dA(i, n) = d a_i^2/d h_n^1 (by differentiation), all 0 out
# of bounds; N.m = |h^1|, N.nA = |a^2|, N.k2 = k2. Each expression is the display as written.
I_ = lambda N: range(1, N.nA + 1)                       # i in {1, ..., |a^2|}
J_ = lambda N: range(1, N.k2 + 1)                       # j (or l) in {1, ..., k2}
START = lambda N, n, **_: sum(N.g(i) * N.dA(i, n) for i in I_(N))
DA, ZERO = (lambda N, n, i: N.dA(i, n)), (lambda N, n, i: 0)
VALID = dict(
    w=lambda N, n: sum(N.g(i) * N.w(n - i + 1) for i in I_(N)),
    bounds=lambda N, n: sum(N.g(i) * N.dA(i, n) for i in range(n - N.k2 + 1, n + 1)),
    j=lambda N, n: sum(N.g(n - j + 1) * N.fw(N.k2 - j + 1) for j in J_(N)),
    mixed=lambda N, n, i: sum(N.g(i) * N.dA(i, n) for _ in J_(N)),
    l=lambda N, n: sum(N.g(n + l - N.k2) * N.fw(l) for l in J_(N)),
    conv=lambda N, n: N.conv("full", n))
FULL = dict(
    w=lambda N, n: sum(N.g(i) * N.w(n - i + N.k2) for i in I_(N)),
    bounds=lambda N, n: sum(N.g(i) * N.dA(i, n) for i in range(n, n + N.k2)),
    j=lambda N, n: sum(N.g(n - j + N.k2) * N.fw(N.k2 - j + 1) for j in J_(N)),
    mixed=lambda N, n, i, j: sum(N.g(n - j + N.k2) * N.dA(i, n) for _ in J_(N)),
    l=lambda N, n: sum(N.g(n + l - 1) * N.fw(l) for l in J_(N)),
    conv=lambda N, n: N.conv("valid", n))
A_FULL = lambda N, i: sum(N.h(i + j - N.k2) * N.w(j) for j in J_(N))   # sum_{j=1}^{k2} h_{i+j-k2} w_j
GRAD = ("(grad_h1 L)_n = sum_{i=1}^{|a2|} (grad_a2 L)_i d a_i^2/d h_n^1", "sum_{i=1}^{|a2|} (grad_a2 L)_i d a_i/d h_n")
IJ = {s: sp.Symbol(s, integer=True) for s in ("i", "j", "k2")}

Q5 = [
    sweep("q5.1-dims", "Q5.1", "|a1| = d - k1 + 1 and |a2| = d - k1 - k2 + 2 (network built with conv1d)", "valid",
          lengths(("|a1|", "a1", lambda d, k1, k2: d - k1 + 1), ("|a2|", "a", lambda d, k1, k2: d - k1 - k2 + 2)),
          CONV),
    *rows("Q5.1", "q5.1-formula | (d - k1 + 1) - k2 + 1 = d - k1 - k2 + 2", tags=CONV),
    sweep("q5.2-a", "Q5.2", "a_i^2 = (h^1 * w^2)_i = sum_{j=1}^{k2} h_{i+j-1} w_j, i in {1..|a2|}", "valid",
          every(lambda N, i: N.a[i - 1], lambda N, i: sum(N.h(i + j - 1) * N.w(j) for j in J_(N)), over="i")),
    sweep("q5.2-partial-j", "Q5.2", "d a_i/d h_{i+j-1} = w_j for i in {1..|a2|}, j in {1..k2}", "valid",
          every(lambda N, i, j: N.dA(i, i + j - 1), lambda N, i, j: N.w(j), over="ij")),
    *rows("Q5.2", "q5.2-j | n - i + 1 = j | replacing n = i + j - 1", names={**IJ, "n": IJ["i"] + IJ["j"] - 1},
          tags=CONV),
    sweep("q5.2-derivative", "Q5.2", "d a_i/d h_n = w_{n-i+1}, zero everywhere except n - k2 + 1 <= i <= n "
          "(every n, every i)", "valid",
          every(DA, lambda N, n, i: N.w(n - i + 1) if n - N.k2 + 1 <= i <= n else 0, over="ni")),
    sweep("q5.3-substitute", "Q5.3", f"{GRAD[0]} = sum_{{i=1}}^{{|a2|}} (grad_a2 L)_i w_{{n-i+1}}", "valid",
          every(START, VALID["w"])),
    erratum(sweep("q5.3-zero-condition", "Q5.3", "if n - k2 + 1 does not belong to {1..k2} then d a_i^2/d h_n^1 = 0 "
                  "(every i)", "valid", every(DA, ZERO, "ni", lambda N, n, i: not 1 <= n - N.k2 + 1 <= N.k2)),
            sweep("q5.3-zero-condition-fix", "Q5.3", "if n - i + 1 does not belong to {1..k2} then "
                  "d a_i^2/d h_n^1 = 0", "valid", every(DA, ZERO, "ni", lambda N, n, i: not 1 <= n - i + 1 <= N.k2)),
            severity="notation"),
    sweep("q5.3-bounds", "Q5.3", f"{GRAD[1]} = sum_{{i=n-k2+1}}^{{n}} (grad_a2 L)_i d a_i/d h_n", "valid",
          every(START, VALID["bounds"])),
    sweep("q5.3-reorder", "Q5.3", "sum_{i=n-k2+1}^{n} (grad_a2 L)_i d a_i/d h_n "
          "= sum_{j=1}^{k2} (grad_a2 L)_{n-j+1} flip(w)_{k2-j+1}", "valid", every(VALID["bounds"], VALID["j"])),
    erratum(sweep("q5.3-mixed", "Q5.3", "(grad_h1 L)_n = sum_{l=1}^{k2} (grad_a2 L)_i d a_i^2/d h_n^1 (the middle "
                  "form; every n, every i in {1..|a2|})", "valid", every(START, VALID["mixed"], over="ni")),
            sweep("q5.3-mixed-fix", "Q5.3", "(grad_h1 L)_n = sum_{l=1}^{k2} (grad_a2 L)_{n+l-k2} flip(w)_l",
                  "valid", every(START, VALID["l"])), severity="notation"),
    sweep("q5.3-change-l", "Q5.3", "sum_{j=1}^{k2} (grad_a2 L)_{n-j+1} flip(w)_{k2-j+1} = sum_{l=1}^{k2} "
          "(grad_a2 L)_{n+l-k2} flip(w)_l (l = k2 - j + 1)", "valid", every(VALID["j"], VALID["l"])),
    recalled("q5.3-recalled-definition", "Q5.3", "full: (x ~* w)_n = sum_{j=1}^{k} x_{n+j-k} w_j, n in {1..d+k-1}",
             "full", lambda k: k),
    sweep("q5.3-full-form", "Q5.3", "sum_{l=1}^{k2} (grad_a2 L)_{n+l-k2} flip(w)_l = (grad_a2 L ~* flip(w^2))_n "
          "(eq. 5, full)", "valid", every(VALID["l"], VALID["conv"])),
    sweep("q5.3-gradient", "Q5.3", "grad_h1 L = grad_a2 L ~* flip(w^2) (full convolution); grad_h1 L by the "
          "chain rule from a^2 = h^1 * w^2", "valid", gradient_is("full")),
    sweep("q5.4-a1", "Q5.4", "|a1| = d + k1 - 1 (full convolution, built with conv1d)", "full",
          lengths(("|a1|", "a1", lambda d, k1, k2: d + k1 - 1)), CONV),
    erratum(sweep("q5.4-a2", "Q5.4", "|a2| = d + k1 + k2 - 1 (full convolutions, built with conv1d)", "full",
                  lengths(("|a2|", "a", lambda d, k1, k2: d + k1 + k2 - 1)), CONV),
            sweep("q5.4-a2-fix", "Q5.4", "|a2| = |a1| + k2 - 1 = d + k1 + k2 - 2", "full",
                  lengths(("|a2|", "a", lambda d, k1, k2: d + k1 + k2 - 2)), CONV), severity="major"),
    erratum(sweep("q5.5-a", "Q5.5", "a_i^2 = (h^1 * w^2)_i = sum_{j=1}^{k2} h_{i+j-k2} w_j, i in {1..|a2|} (* as "
                  "written: eq. 4, valid)", "full", every(lambda N, i: B.at(conv1d(N.hs, N.ws, "valid"), i), A_FULL, "i")),
            sweep("q5.5-a-fix", "Q5.5", "a_i^2 = (h^1 ~* w^2)_i = sum_{j=1}^{k2} h_{i+j-k2} w_j, i in {1..|a2|}",
                  "full", every(lambda N, i: N.a[i - 1], A_FULL, over="i")), severity="notation"),
    sweep("q5.5-partial-j", "Q5.5", "d a_i/d h_{i+j-k2} = w_j for i in {1..|a2|}, j in {1..k2} (where h_{i+j-k2} "
          "is an entry of h^1)", "full", every(lambda N, i, j: N.dA(i, i + j - N.k2), lambda N, i, j: N.w(j),
                                               "ij", lambda N, i, j: 1 <= i + j - N.k2 <= N.m)),
    *rows("Q5.5", "q5.5-j | n - i + k2 = j | replacing n = i + j - k2",
          names={**IJ, "n": IJ["i"] + IJ["j"] - IJ["k2"]}, tags=CONV),
    sweep("q5.5-derivative", "Q5.5", "d a_i/d h_n = w_{n-i+k2}, zero everywhere except n <= i <= n + k2 - 1 "
          "(every n, every i)", "full",
          every(DA, lambda N, n, i: N.w(n - i + N.k2) if n <= i <= n + N.k2 - 1 else 0, over="ni")),
    sweep("q5.6-substitute", "Q5.6", f"{GRAD[0]} = sum_{{i=1}}^{{|a2|}} (grad_a2 L)_i w_{{n-i+k2}}", "full",
          every(START, FULL["w"])),
    sweep("q5.6-zero-condition", "Q5.6", "if n - i + k2 does not belong to {1..k2} then d a_i^2/d h_n^1 = 0",
          "full", every(DA, ZERO, "ni", lambda N, n, i: not 1 <= n - i + N.k2 <= N.k2)),
    sweep("q5.6-bounds", "Q5.6", f"{GRAD[1]} = sum_{{i=n}}^{{n+k2-1}} (grad_a2 L)_i d a_i/d h_n", "full",
          every(START, FULL["bounds"])),
    sweep("q5.6-reorder", "Q5.6", "sum_{i=n}^{n+k2-1} (grad_a2 L)_i d a_i/d h_n = sum_{j=1}^{k2} (grad_a2 L)_{n-j+k2} "
          "flip(w)_{k2-j+1} (j = n - i + k2)", "full", every(FULL["bounds"], FULL["j"])),
    erratum(sweep("q5.6-mixed", "Q5.6", "(grad_h1 L)_n = sum_{l=1}^{k2} (grad_a2 L)_{n-j+k2} d a_i^2/d h_n^1 (the "
                  "middle form; every n, i in {1..|a2|}, j in {1..k2})", "full", every(START, FULL["mixed"], "nij")),
            sweep("q5.6-mixed-fix", "Q5.6", "(grad_h1 L)_n = sum_{l=1}^{k2} (grad_a2 L)_{n+l-1} flip(w)_l", "full",
                  every(START, FULL["l"])), severity="notation"),
    sweep("q5.6-change-l", "Q5.6", "sum_{j=1}^{k2} (grad_a2 L)_{n-j+k2} flip(w)_{k2-j+1} = sum_{l=1}^{k2} "
          "(grad_a2 L)_{n+l-1} flip(w)_l (l = k2 - j + 1)", "full", every(FULL["j"], FULL["l"])),
    sweep("q5.6-valid-form", "Q5.6", "sum_{l=1}^{k2} (grad_a2 L)_{n+l-1} flip(w)_l = (grad_a2 L * flip(w^2))_n "
          "(eq. 4, valid)", "full", every(FULL["l"], FULL["conv"])),
    erratum(recalled("q5.6-recalled-definition", "Q5.6", "valid convolution given in question i.e full: (x ~* w)_n "
                     "= sum_{j=1}^{k} x_{n+j-1} w_j, n in {1..d+k-1} (compared with eq. 5)", "full", lambda k: 1),
            recalled("q5.6-recalled-definition-fix", "Q5.6", "valid: (x * w)_n = sum_{j=1}^{k} x_{n+j-1} w_j, "
                     "n in {1..d-k+1} (eq. 4)", "valid", lambda k: 1), severity="notation"),
    erratum(sweep("q5.6-gradient", "Q5.6", "grad_h1 L = grad_a2 L ~* flip(w^2) (Valid convolution) (the operator ~* "
                  "is eq. 5, full; grad by the chain rule)", "full", gradient_is("full")),
            sweep("q5.6-gradient-fix", "Q5.6", "grad_h1 L = grad_a2 L * flip(w^2) (valid convolution)", "full",
                  gradient_is("valid")), severity="notation"),
]

CLAIMS = Q1 + Q2 + Q3 + Q4 + Q5
