"""Homework Solns (MLP construction, sigmoid/tanh, ReLU sparsity, residual backprop) — marked copy of
../shared/seeds/002_f00dcf7b6a936c71.txt.

Conventions: sigma is dl.threshold in Problem 1 (1 if z >= 0) and dl.sigmoid elsewhere; relu'(z) is
Heaviside(z) (the point z = 0 is never used); vectors are column matrices; backprop adjoints
(ybar, hbar, zbar, xbar) are the true gradients of the constructed loss, obtained with sp.diff.
"""
import itertools

import sympy as sp

from checks import build
from checks.build import fmpz_mat
from checks.dl import sigmoid, relu, threshold, matmul, tanh_as_written
from checks.model.catalog import Document
from checks.model.claims import Identity, Chain, Implication, Value, Property, Prose, erratum, later, reals

DOCUMENT = Document(file="002_f00dcf7b6a936c71.txt", id="002", title="Homework Solns",
                    questions=("Problem 1", "Problem 2", "Problem 3(a)", "Problem 3(b)",
                               "Problem 3(c)", "Problem 4.1", "Problem 4.2"))

E = sp.exp
U = dict(evaluate=False)


def col(name, n):
    """Column vector of real symbols name1 .. name<n>."""
    return sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"{name}{i + 1}", real=True))


def mat(name, rows, cols):
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}", real=True))


def grad(expr, variables):
    """Column of partial derivatives d expr / d v for v in variables (computed)."""
    return sp.Matrix([sp.diff(expr, v) for v in variables])


# ============================================================================ Problem 1
# Descending-order detector: 5 inputs, 4 hidden threshold units, 1 threshold output.
X5 = col("x", 5)
P1_W1 = sp.Matrix([[-1, 1, 0, 0, 0],
                   [0, -1, 1, 0, 0],
                   [0, 0, -1, 1, 0],
                   [0, 0, 0, -1, 1]])
P1_B1_STATED = sp.Matrix([0, 0, 0, 0, 0])      # as printed: five zeros
P1_B1 = sp.zeros(P1_W1.rows, 1)                 # one bias per hidden unit: four zeros
P1_W2 = sp.Matrix([-1, -1, -1, -1])
P1_B2 = sp.Integer(0)
d_, = reals("d")


def _ints(rows):
    """Integer rows as flint's fmpz_mat: the 541 cases below run through exact integer products
    in C (SymPy's Matrix product costs 0.1 ms a case)."""
    return fmpz_mat([[int(v) for v in row] for row in rows])


def p1_output_from_hidden(h):
    z = (_ints(P1_W2.T.tolist()) * _ints([[v] for v in h]))[0, 0] + int(P1_B2)
    return threshold(sp.Integer(int(z)))


def p1_hidden(x, W1=P1_W1, b1=P1_B1):
    z = _ints(W1.tolist()) * _ints([[v] for v in x]) + _ints(b1.tolist())
    return sp.Matrix([threshold(sp.Integer(int(z[i, 0]))) for i in range(z.nrows())])


def p1_net(x):
    return p1_output_from_hidden(p1_hidden(x))


def p1_target(x):
    return sp.Integer(1) if all(x[i] > x[i + 1] for i in range(4)) else sp.Integer(0)


def weak_orderings(n=5):
    """Every weak ordering (ranking with ties) of n items, once: dense rank tuples (541 for n = 5).
    A network whose hidden units see only signs of differences x_j - x_i gives the same output on
    every real input with the same weak ordering, so these cases cover all of R^5."""
    for t in itertools.product(range(n), repeat=n):
        if set(t) == set(range(max(t) + 1)):
            yield t


def p1_first_attempt_cert():
    # x = (4,3,2,1,1) has a tie (target 0), x' = (4,3,2,1,0) is strictly descending (target 1)
    return [((4, 3, 2, 1, 1), (4, 3, 2, 1, 0))]


def p1_first_attempt_fails(case):
    """Hidden units fed d_i = x_i - x_{i+1} (threshold fires at d_i >= 0) map a tie and a strictly
    descending input to the same hidden vector while the targets differ: no output unit can work."""
    tie, strict = case
    minus_W1 = -P1_W1    # rows x_i - x_{i+1}
    h_tie, h_strict = p1_hidden(tie, minus_W1), p1_hidden(strict, minus_W1)
    # integer matrices, compared exactly; a certificate that does not check refutes nothing (None)
    return True if h_tie == h_strict and p1_target(tie) != p1_target(strict) else None


P1 = [
    # "One way of ensuring x_i > x_{i+1} is d_i = x_i - x_{i+1} > 0 ... this way will not work when
    #  x_i = x_{i+1}": certificate that hidden units h_i = sigma(x_i - x_{i+1}) cannot separate ties
    Property("p1-first-attempt-fails", "Problem 1",
             "with h_i = sigma(x_i - x_{i+1}) (fires at d_i = 0) the network cannot handle x_i = x_{i+1}",
             predicate=p1_first_attempt_fails, cases=p1_first_attempt_cert, strength="proof",
             tags=("mlp-construction",)),
    # "So consider d_i = x_{i+1} - x_i": the rows of W^(1) feed hidden unit i with d_i
    Identity("p1-differences", "Problem 1", "W^(1) x = (x2 - x1, x3 - x2, x4 - x3, x5 - x4) = (d_1..d_4)",
             lhs=P1_W1 * X5, rhs=sp.Matrix([X5[i + 1] - X5[i] for i in range(4)]),
             tags=("mlp-construction",)),
    # "for d_i < 0 the output would be zero, and for d_i >= 0 the output would be 1"
    Identity("p1-h-fires", "Problem 1", "d_i >= 0 -> h_i = sigma(d_i) = 1",
             lhs=threshold(d_), rhs=1, assume=(d_ >= 0,), tags=("mlp-construction",)),
    Identity("p1-h-silent", "Problem 1", "d_i < 0 -> h_i = sigma(d_i) = 0",
             lhs=threshold(d_), rhs=0, assume=(d_ < 0,), tags=("mlp-construction",)),
    # "If all d_i < 0 ... h_i = 0 for all i, and hence the output would be set to 1"
    Value("p1-all-silent-fires", "Problem 1", "h = 0 -> y = sigma(w^(2).0 + b^(2)) = 1",
          computed=lambda: p1_output_from_hidden([0, 0, 0, 0]), stated=1, tags=("mlp-construction",)),
    # "if any d_i >= 0 then h_i = 1 ... set w_i^(2) = -1" so that y does not fire
    Property("p1-any-hidden-blocks", "Problem 1",
             "with w^(2) = (-1,-1,-1,-1), b^(2) = 0: y = 1 iff every h_i = 0 (all 16 hidden patterns)",
             predicate=lambda h: build.equal(p1_output_from_hidden(h), 1 if not any(h) else 0),
             cases=lambda: itertools.product((0, 1), repeat=4), tags=("mlp-construction",)),
    # "(2) The bias vector for first layer can be all zeros" -- printed with FIVE entries, but the
    # question asks for a 4-dimensional b^(1) (one bias per hidden unit; W^(1) x has 4 rows)
    erratum(Value("p1-b1", "Problem 1", "b^(1) = (0, 0, 0, 0, 0)  (five zeros, as printed)",
                  computed=lambda: sp.zeros((P1_W1 * X5).rows, 1), stated=P1_B1_STATED,
                  tags=("mlp-construction",)),
            correction=Value("p1-b1-fix", "Problem 1", "b^(1) = (0, 0, 0, 0)",
                             computed=lambda: sp.zeros((P1_W1 * X5).rows, 1), stated=sp.zeros(4, 1),
                             tags=("mlp-construction",))),
    # (1)-(4) together: the network outputs 1 iff x1 > x2 > x3 > x4 > x5, ties included.
    # Uses the 4-zero b^(1) (the printed 5-vector cannot be added to W^(1) x).
    Property("p1-network", "Problem 1",
             "W^(1), b^(1) = 0, w^(2) = (-1,-1,-1,-1), b^(2) = 0 output 1 iff x1 > x2 > x3 > x4 > x5 "
             "(every weak ordering of 5 inputs, 541 cases)",
             predicate=lambda x: build.equal(p1_net(x), p1_target(x)), cases=weak_orderings,
             tags=("mlp-construction",)),
    # "Note: There can be many possible solutions of this problem!"
    Prose("p1-many-solutions", "Problem 1", "there can be many possible solutions",
          reason="a remark about the solution space, not a statement with checkable content",
          tags=("mlp-construction",)),
]

# ============================================================================ Problem 2
x, = reals("x")
h2 = x / 2


def tanh_half_def(a):
    """tanh(x/2) written out as (e^{x/2} - e^{-x/2})/(e^{x/2} + e^{-x/2})."""
    return (E(a) - E(-a)) / (E(a) + E(-a))


DEN = E(h2) + E(-h2)
SIG_STEPS = (
    sigmoid(x),
    1 / (1 + E(-x)),
    1 / (1 + E(sp.Mul(-1, sp.Add(h2, h2, **U), **U), **U)),
    1 / (1 + sp.Mul(E(-h2), E(-h2), **U)),
    E(h2) / DEN,
    sp.Add(E(h2), -E(-h2), E(-h2), **U) / DEN,
    (E(h2) - E(-h2)) / DEN + E(-h2) / DEN,
    sp.tanh(h2) + 1 / (1 + E(x)),
    sp.Add(sp.tanh(h2), sp.Add(1 / (1 + E(x)), -1, **U), 1, **U),
)
SIG_TAIL_STATED = (
    sp.tanh(h2) + (1 - E(x)) / (1 + E(x)) + 1,      # as written: 1/(1+e^x) - 1 = (1-e^x)/(1+e^x)
    sp.tanh(h2) - E(x) / (1 + E(x)) + 1,
    sp.tanh(h2) - 1 / (1 + E(-x)) + 1,
    sp.tanh(h2) - sigmoid(x) + 1,
)
SIG_TAIL_FIXED = (
    sp.tanh(h2) - E(x) / (1 + E(x)) + 1,            # 1/(1+e^x) - 1 = -e^x/(1+e^x)
    sp.tanh(h2) - 1 / (1 + E(-x)) + 1,
    sp.tanh(h2) - sigmoid(x) + 1,
)
s_, = reals("s")

# Two-layer networks of sizes D inputs, M hidden, K outputs, built from matrices.
i_, j_ = sp.symbols("i j", integer=True)
M_, D_ = sp.symbols("M D", integer=True, positive=True)
xi = sp.IndexedBase("x", real=True)
w1 = sp.IndexedBase("w1", real=True)      # w1[j, i] = w_ji^(1)
w10 = sp.IndexedBase("w1_0", real=True)   # w10[j]   = w_j0^(1)
w2 = sp.IndexedBase("w2", real=True)      # w2[k, j] = w_kj^(2)
k_ = sp.Symbol("k", integer=True)
wk0, = reals("w2_k0")                     # w_k0^(2) of the output k considered
wk1, wk2 = reals("w2_k1 w2_k2")           # w_k1^(2), w_k2^(2) when M = 2


def z_sum(j, scale=1):
    return sp.Sum(scale * w1[j, i_] * xi[i_], (i_, 1, D_)) + scale * w10[j]


HALF = sp.S.Half
# The document's lines are each sigma(...) of the same output activation function; the claim is
# carried by the arguments of that outer sigma (sigma is one-to-one, so sigma(A) = sigma(B) iff A = B).
A_STEPS = (
    sp.Sum(w2[k_, j_] * sigmoid(z_sum(j_)), (j_, 1, M_)) + wk0,
    sp.Sum(w2[k_, j_] * (HALF * sp.tanh(z_sum(j_) / 2) + HALF), (j_, 1, M_)) + wk0,
    sp.Sum(w2[k_, j_] / 2 * sp.tanh(z_sum(j_) / 2), (j_, 1, M_)) + sp.Sum(w2[k_, j_] / 2, (j_, 1, M_)) + wk0,
    sp.Sum(w2[k_, j_] / 2 * sp.tanh(z_sum(j_, HALF)), (j_, 1, M_))
    + sp.Sum(w2[k_, j_] / 2, (j_, 1, M_)) + wk0,
)


def two_layer(g, W1, b1, W2, b2, xv):
    """y = sigma(W2 g(W1 x + b1) + b2), g elementwise: the document's y_k(x; w) for all k."""
    h = (matmul(W1, xv) + b1).applyfunc(g)
    return (matmul(W2, h) + b2).applyfunc(sigmoid)


def output_preacts(y):
    """a_k from y_k = sigma(a_k): the constructed outputs must be sigmoids of their pre-activations."""
    assert all(isinstance(e, sigmoid) for e in y)
    return y.applyfunc(lambda e: e.args[0])


P2_SIZES = ((1, 1, 1), (2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 3))


def p2_networks(star_map):
    """Stacked output pre-activations of the sigmoid-hidden network and of the tanh-hidden network
    with the document's parameters w*, over several sizes (D, M, K)."""
    lhs, rhs = [], []
    for D, M, K in P2_SIZES:
        tag = f"{D}{M}{K}"
        xv = col(f"x{tag}_", D)
        W1, W2 = mat(f"w1_{tag}", M, D), mat(f"w2_{tag}", K, M)
        b1, b2 = col(f"w1_{tag}_0_", M), col(f"w2_{tag}_0_", K)
        W1s, b1s, W2s, b2s = star_map(W1, b1, W2, b2)
        lhs.append(output_preacts(two_layer(sigmoid, W1, b1, W2, b2, xv)))
        rhs.append(output_preacts(two_layer(tanh_as_written, W1s, b1s, W2s, b2s, xv)))
    return sp.Matrix.vstack(*lhs), sp.Matrix.vstack(*rhs)


def doc_star(W1, b1, W2, b2):
    """w_kj* = w_kj/2, w_k0* = w_k0 + sum_j w_kj/2, w_ji* = w_ji/2, w_j0* = w_j0/2."""
    row_sums = sp.Matrix(W2.rows, 1, lambda k, _: sum(W2[k, j] for j in range(W2.cols)))
    return W1 / 2, b1 / 2, W2 / 2, b2 + row_sums / 2


P2_LHS, P2_RHS = later(p2_networks, doc_star).split(2)   # built in the worker that checks them

P2 = [
    # "Relation betw sigmoid & tanh": the displayed chain, every line as written
    erratum(Chain("p2-sigma-tanh-chain", "Problem 2",
                  "sigma(x) = 1/(1+e^-x) = 1/(1+e^-(x/2+x/2)) = 1/(1+e^-x/2 e^-x/2) = e^x/2/(e^x/2+e^-x/2) "
                  "= (e^x/2-e^-x/2+e^-x/2)/(..) = (e^x/2-e^-x/2)/(..) + e^-x/2/(..) = tanh(x/2) + 1/(1+e^x) "
                  "= tanh(x/2) + (1/(1+e^x) - 1) + 1 = tanh(x/2) + (1-e^x)/(1+e^x) + 1 "
                  "= tanh(x/2) - e^x/(1+e^x) + 1 = tanh(x/2) - 1/(1+e^-x) + 1 = tanh(x/2) - sigma(x) + 1",
                  steps=SIG_STEPS + SIG_TAIL_STATED, tags=("sigmoid-tanh",)),
            correction=Chain("p2-sigma-tanh-chain-fix", "Problem 2",
                             "... = tanh(x/2) + (1/(1+e^x) - 1) + 1 = tanh(x/2) - e^x/(1+e^x) + 1 "
                             "= tanh(x/2) - 1/(1+e^-x) + 1 = tanh(x/2) - sigma(x) + 1",
                             steps=SIG_STEPS + SIG_TAIL_FIXED, tags=("sigmoid-tanh",))),
    # "=> sigma(x) = tanh(x/2) - sigma(x) + 1"
    Identity("p2-sigma-eq", "Problem 2", "sigma(x) = tanh(x/2) - sigma(x) + 1",
             lhs=sigmoid(x), rhs=sp.tanh(h2) - sigmoid(x) + 1, tags=("sigmoid-tanh",)),
    # "=> 2 sigma(x) = tanh(x/2) + 1"
    Identity("p2-two-sigma", "Problem 2", "2 sigma(x) = tanh(x/2) + 1",
             lhs=2 * sigmoid(x), rhs=sp.tanh(h2) + 1, tags=("sigmoid-tanh",)),
    # the algebra of the two "=>": solving s = tanh(x/2) - s + 1 for s
    Implication("p2-solve", "Problem 2", "s = tanh(x/2) - s + 1  =>  s = tanh(x/2)/2 + 1/2",
                premise=sp.Eq(s_, sp.tanh(h2) - s_ + 1), unknown=s_, value=sp.tanh(h2) / 2 + HALF,
                tags=("sigmoid-tanh",)),
    # boxed: sigma(x) = 1/2 tanh(x/2) + 1/2
    Identity("p2-boxed", "Problem 2", "sigma(x) = 1/2 tanh(x/2) + 1/2",
             lhs=sigmoid(x), rhs=HALF * sp.tanh(h2) + HALF, tags=("sigmoid-tanh",)),
    # "Now let's look at the two networks": substitution derivation for one output k, general D, M;
    # each line is sigma(<argument>), encoded by its argument (see A_STEPS)
    Chain("p2-substitution", "Problem 2",
          "y_k = sigma(sum_j w_kj sigma(z_j) + w_k0) = sigma(sum_j w_kj (1/2 tanh(z_j/2) + 1/2) + w_k0) "
          "= sigma(sum_j w_kj/2 tanh(z_j/2) + sum_j w_kj/2 + w_k0) "
          "= sigma(sum_j w_kj/2 tanh(sum_i (w_ji/2) x_i + w_j0/2) + sum_j w_kj/2 + w_k0)  "
          "(arguments of sigma; z_j = sum_i w_ji x_i + w_j0)",
          steps=A_STEPS, sizes={M_: range(1, 4), D_: range(1, 3)},
          tags=("sigmoid-tanh", "mlp-construction")),
    # the underbrace in the last line labels "sum_j w_kj/2 + w_ko" as w_kj^(2)*; the parameter list
    # that follows gives w_kj* = w_kj/2 and w_ko* = w_ko + sum_j w_kj/2 (the label should be w_ko*)
    erratum(Identity("p2-underbrace", "Problem 2",
                     "sum_j w_kj/2 + w_ko = w_kj^(2)* (= w_kj/2), as labelled  (M = 2, j = 1)",
                     lhs=(wk1 + wk2) / 2 + wk0, rhs=wk1 / 2, tags=("sigmoid-tanh", "mlp-construction")),
            correction=Identity("p2-underbrace-fix", "Problem 2",
                                "sum_j w_kj/2 + w_ko = w_ko^(2)* (= w_ko + sum_j w_kj/2)  (M = 2)",
                                lhs=(wk1 + wk2) / 2 + wk0, rhs=wk0 + sum(w / 2 for w in (wk1, wk2)),
                                tags=("sigmoid-tanh", "mlp-construction"))),
    # "Parameters of equivalent network": both networks constructed (sigmoid hidden / tanh hidden with
    # w*), sizes (D, M, K) in P2_SIZES; compared through their output pre-activations a_k
    # (y_k = sigma(a_k) in both, so equal a_k give equal y_k)
    Identity("p2-equivalent-network", "Problem 2",
             "sigma-hidden network with w equals tanh-hidden network with w_kj* = w_kj/2, "
             "w_ko* = w_ko + sum_j w_kj/2, w_ji* = w_ji/2, w_j0* = w_j0/2 (every output k; "
             "(D,M,K) in (1,1,1),(2,2,2),(3,2,2),(2,3,2),(2,2,3))",
             lhs=P2_LHS, rhs=P2_RHS, tags=("sigmoid-tanh", "mlp-construction")),
]

# ============================================================================ Problem 3
# The figure is missing. Reconstruction from the text and the mermaid graph (weights per connection):
#   z1 = w1 x, h1 = relu(z1);  h2 = relu(z2), z2 = w7 x2 (h2's own input, not named in the document);
#   z3 = w2 h1 + w6 h2, h3 = relu(z3);  z4 = w4 h1 + w8 h2, h4 = relu(z4) (h1 -> z4 is the B2 path of
#   (c); its weight is called w4 here, h2 -> z4 is w8);  z = w3 h3 + w5 h4, y = relu(z);
#   L = (y - t)^2 / 2 (the squared error the question suggests).
# "z1 = -1" is imposed by x = -1/w1 (z1 = w1 x = -1 forces w1 != 0); every other weight stays free.
xin, x2in, t_ = reals("x x2 t")
W = {n: sp.Symbol(f"w{n}", real=True) for n in range(1, 9)}
w1s, w2s, w3s, w4s, w5s, w6s, w7s, w8s = (W[n] for n in range(1, 9))


def p3_forward(xv=xin):
    v = {}
    v["z1"] = w1s * xv
    v["h1"] = relu(v["z1"])
    v["z2"] = w7s * x2in
    v["h2"] = relu(v["z2"])
    v["z3"] = w2s * v["h1"] + w6s * v["h2"]
    v["h3"] = relu(v["z3"])
    v["z4"] = w4s * v["h1"] + w8s * v["h2"]
    v["h4"] = relu(v["z4"])
    v["z"] = w3s * v["h3"] + w5s * v["h4"]
    v["y"] = relu(v["z"])
    v["L"] = (v["y"] - t_) ** 2 / 2
    return v


NET = p3_forward()
L3 = NET["L"]
AT_Z1_MINUS_1 = {xin: -1 / w1s}
# node symbols for local derivatives
Y, Z, Z3, Z4, Z1, H1, H2, H3, H4, H5 = reals("Y Z Z3 Z4 Z1 H1 H2 H3 H4 H5")


def local(expr, node, at):
    """d expr / d node at the network's value of node (and of the other nodes in expr)."""
    d = sp.diff(expr, node)
    return d.xreplace({Y: NET["y"], Z: NET["z"], Z3: NET["z3"], Z4: NET["z4"], Z1: NET["z1"],
                       H1: NET["h1"], H2: NET["h2"], H3: NET["h3"], H4: NET["h4"]}) if at else d


# the factors named in the document, at the network's values
dL_dy = local((Y - t_) ** 2 / 2, Y, True)                 # (1)
dy_dz = local(relu(Z), Z, True)                           # (2)
dz_dw3 = local(w3s * H3 + w5s * H4, w3s, True)            # (3)
dL_dz = dL_dy * dy_dz
dz_dh3 = local(w3s * H3 + w5s * H4, H3, True)
dh3_dz3 = local(relu(Z3), Z3, True)
dz3_dw2 = local(w2s * H1 + w6s * H2, w2s, True)
dz3_dh1 = local(w2s * H1 + w6s * H2, H1, True)
dz_dh4 = local(w3s * H3 + w5s * H4, H4, True)
dh4_dz4 = local(relu(Z4), Z4, True)
dz4_dh1 = local(w4s * H1 + w8s * H2, H1, True)
dh1_dz1 = local(relu(Z1), Z1, True)
dz1_dw1 = local(w1s * xin, w1s, True)
B1 = dz_dh3 * dh3_dz3 * dz3_dh1
B2 = dz_dh4 * dh4_dz4 * dz4_dh1

# A point with z1 = -1 where every factor the document calls "need not be 0" is non-zero:
# x = 1, w1 = -1 (z1 = -1); x2 = 1, w7 = 1 (h2 = 1); w2 = 1, w6 = 1 (z3 = 1); w4 = 1, w8 = 1 (z4 = 1);
# w3 = 1, w5 = 1 (z = 2, y = 2); t = 0.
WITNESS = {s: sp.Integer(v) for s, v in
           {xin: 1, w1s: -1, x2in: 1, w7s: 1, w2s: 1, w6s: 1, w4s: 1, w8s: 1, w3s: 1, w5s: 1, t_: 0}.items()}


def at_witness(exprs):
    def check(point):
        assert NET["z1"].xreplace(point) == -1
        vals = [sp.sympify(e).xreplace(point) for e in exprs]
        # every factor certified non-zero at the witness (is_zero refuted); otherwise the
        # witness shows nothing, which leaves the claim undecided rather than wrong
        return True if all(isinstance(build.is_zero(v), build.Refuted) for v in vals) else None
    return check


P3 = [
    # ----------------------------------------------------------------- (a)
    # dL/dw3 = (dL/dy)(dy/dz)(dz/dw3)
    Identity("p3a-chain-rule", "Problem 3(a)", "dL/dw3 = dL/dy x dy/dz x dz/dw3",
             lhs=sp.diff(L3, w3s), rhs=dL_dy * dy_dz * dz_dw3, tags=("backprop", "loss")),
    # "dz/dw3 = d/dw3 (w3 h3 + w5 h4) = h3"
    Chain("p3a-dz-dw3", "Problem 3(a)", "dz/dw3 = d/dw3 (w3 h3 + w5 h4) = h3",
          steps=(sp.Derivative(w3s * H3 + w5s * H4, w3s), H3), tags=("backprop",)),
    # "z1 = -1 and h1 = 0 ... dL/dy, dy/dz, dz/dw3 = h3 need not be 0 => dL/dw3 not guaranteed zero":
    # witness with z1 = -1 where the three factors and dL/dw3 itself (differentiated) are non-zero
    Property("p3a-not-guaranteed", "Problem 3(a)",
             "at z1 = -1: dL/dy, dy/dz, dz/dw3 need not be 0, so dL/dw3 is not guaranteed to be 0 (NO)",
             predicate=at_witness([dL_dy, dy_dz, dz_dw3, sp.diff(L3, w3s)]), cases=lambda: [WITNESS],
             strength="proof", tags=("backprop", "loss")),
    # ----------------------------------------------------------------- (b)
    Identity("p3b-chain-rule", "Problem 3(b)", "dL/dw2 = dL/dz x dz/dh3 x dh3/dz3 x dz3/dw2",
             lhs=sp.diff(L3, w2s), rhs=dL_dz * dz_dh3 * dh3_dz3 * dz3_dw2, tags=("backprop", "loss")),
    # "dz/dh3 = d/dh3 (w3 h3 + w5 h4) = w3"
    Chain("p3b-dz-dh3", "Problem 3(b)", "dz/dh3 = d/dh3 (w3 h3 + w5 h4) = w3",
          steps=(sp.Derivative(w3s * H3 + w5s * H4, H3), w3s), tags=("backprop",)),
    # "dz3/dw2 = d/dw2 (w2 h1 + w6 h2) = h1"
    Chain("p3b-dz3-dw2", "Problem 3(b)", "dz3/dw2 = d/dw2 (w2 h1 + w6 h2) = h1",
          steps=(sp.Derivative(w2s * H1 + w6s * H2, w2s), H1), tags=("backprop",)),
    # "... = h1 = 0 (given)": h1 = relu(z1) at z1 = -1
    Value("p3b-h1-zero", "Problem 3(b)", "h1 = ReLU(-1) = 0",
          computed=lambda: NET["h1"].xreplace(AT_Z1_MINUS_1), stated=0, tags=("backprop",)),
    # "dL/dz, dz/dh3 = w3, dh3/dz3 need not be 0"
    Property("p3b-factors-nonzero", "Problem 3(b)", "at z1 = -1: dL/dz, dz/dh3, dh3/dz3 need not be 0",
             predicate=at_witness([dL_dz, dz_dh3, dh3_dz3]), cases=lambda: [WITNESS], strength="proof",
             tags=("backprop",)),
    # "The product dL/dw2 is guaranteed to be zero" (YES), for every value of the other weights
    Identity("p3b-guaranteed-zero", "Problem 3(b)", "z1 = -1 => dL/dw2 = 0 (YES)",
             lhs=sp.diff(L3, w2s).xreplace(AT_Z1_MINUS_1), rhs=0, tags=("backprop", "loss")),
    # ----------------------------------------------------------------- (c)
    # dL/dw1 = A dh1/dz1 dz1/dw1 + B dh1/dz1 dz1/dw1 = dL/dz (B1 + B2) (dh1/dz1)(dz1/dw1), against
    # dL/dw1 of the constructed network
    Chain("p3c-expansion", "Problem 3(c)",
          "dL/dw1 = dL/dz dz/dh3 dh3/dz3 dz3/dh1 dh1/dz1 dz1/dw1 + dL/dz dz/dh4 dh4/dz4 dz4/dh1 dh1/dz1 dz1/dw1 "
          "= dL/dz (dz/dh3 dh3/dz3 dz3/dh1 + dz/dh4 dh4/dz4 dz4/dh1) dh1/dz1 dz1/dw1",
          steps=(sp.diff(L3, w1s),
                 dL_dz * B1 * dh1_dz1 * dz1_dw1 + dL_dz * B2 * dh1_dz1 * dz1_dw1,
                 sp.Mul(dL_dz, sp.Add(B1, B2), dh1_dz1, dz1_dw1, **U)),
          tags=("backprop", "loss")),
    # "dz/dh3 = d/dh3 (w3 h3 + w5 h5) = w3": the document writes h5 for h4; the derivative is w3 either way
    Chain("p3c-dz-dh3", "Problem 3(c)", "dz/dh3 = d/dh3 (w3 h3 + w5 h5) = w3  (h5 as written)",
          steps=(sp.Derivative(w3s * H3 + w5s * H5, H3), w3s), tags=("backprop",)),
    # "dz3/dh1 = d/dh1 (w2 h1 + w3 h3) = w2": w3 h3 written for w6 h2 (typo); derivative w2 either way
    Chain("p3c-dz3-dh1", "Problem 3(c)", "dz3/dh1 = d/dh1 (w2 h1 + w3 h3) = w2  (as written)",
          steps=(sp.Derivative(w2s * H1 + w3s * H3, H1), w2s), tags=("backprop",)),
    # "(A) dL/dz ... (B1) w3, dh3/dz3, w2 ... (B2) dz/dh4, dh4/dz4, dz4/dh1 need not be 0"
    Property("p3c-factors-nonzero", "Problem 3(c)",
             "at z1 = -1: dL/dz, dz/dh3, dh3/dz3, dz3/dh1, dz/dh4, dh4/dz4, dz4/dh1 need not be 0",
             predicate=at_witness([dL_dz, dz_dh3, dh3_dz3, dz3_dh1, dz_dh4, dh4_dz4, dz4_dh1]),
             cases=lambda: [WITNESS], strength="proof", tags=("backprop",)),
    # "(C) dh1/dz1 = d/dz1 max(0, z1) = d/dz1 max(0, -1) = d/dz1 0 = 0": replacing max(0, z1) by
    # max(0, -1) = 0 before differentiating is valid because max(0, z1) = 0 on all of z1 < 0, a
    # neighbourhood of z1 = -1; encoded on that neighbourhood
    Chain("p3c-dh1-dz1", "Problem 3(c)",
          "dh1/dz1 = d/dz1 max(0, z1) = d/dz1 max(0, -1) = d/dz1 0 = 0  at z1 = -1 (on z1 < 0)",
          steps=(sp.Derivative(sp.Max(0, Z1), Z1),
                 sp.Derivative(sp.Max(0, -1, evaluate=False), Z1, evaluate=False),
                 sp.Derivative(sp.S.Zero, Z1, evaluate=False), sp.S.Zero),
          assume=(Z1 < 0,), tags=("backprop",)),
    Value("p3c-dh1-dz1-at", "Problem 3(c)", "dh1/dz1 at z1 = -1 is 0 (relu' = Heaviside)",
          computed=lambda: dh1_dz1.xreplace(AT_Z1_MINUS_1), stated=0, tags=("backprop",)),
    # "dL/dw1 is guaranteed to be 0" (YES)
    Identity("p3c-guaranteed-zero", "Problem 3(c)", "z1 = -1 => dL/dw1 = 0 (YES)",
             lhs=sp.diff(L3, w1s).xreplace(AT_Z1_MINUS_1), rhs=0, tags=("backprop", "loss")),
]

# ============================================================================ Problem 4
# z = W1 x + b1, h = sigmoid(z), y = x + W2 h + b2, L = S + R, S = ||y - s||^2/2, R = r^T h.
# Every adjoint is the true gradient of the constructed L with respect to that node (the other
# nodes it does not depend on held fixed), evaluated at the network's values.


def residual_mlp(N, K, tag=""):
    n = {}
    n["x"], n["s"], n["r"] = col(f"x{tag}", N), col(f"s{tag}", N), col(f"r{tag}", K)
    n["W1"], n["W2"] = mat(f"W1{tag}", K, N), mat(f"W2{tag}", N, K)
    n["b1"], n["b2"] = col(f"b1{tag}_", K), col(f"b2{tag}_", N)
    n["Z"], n["H"], n["Y"] = col(f"Z{tag}_", K), col(f"H{tag}_", K), col(f"Y{tag}_", N)
    W1, W2, b1, b2, s, r = n["W1"], n["W2"], n["b1"], n["b2"], n["s"], n["r"]

    def S_of(y):
        # ||y - s||^2 / 2 as a sum of products e*e/2 held unevaluated: differentiated by the
        # product rule, not as a power (Pow's derivative builds log(e) and e**2/e, and
        # queries the signs of e: 3x slower on these networks)
        return sp.Add(*[sp.Mul(sp.Rational(1, 2), e, e, evaluate=False) for e in (y - s)])

    def R_of(h):
        return matmul(r.T, h)[0]

    def y_of(xv, h):
        return xv + matmul(W2, h) + b2

    n["S_of"], n["R_of"], n["y_of"] = S_of, R_of, y_of
    xv = n["x"]
    z = matmul(W1, xv) + b1
    h = z.applyfunc(sigmoid)
    y = y_of(xv, h)
    n["z"], n["h"], n["y"] = z, h, y
    at = dict(zip(n["Z"], z))
    n["L"] = S_of(y) + R_of(h)
    # true adjoints
    n["ybar"] = grad(S_of(n["Y"]) + R_of(h), n["Y"]).xreplace(dict(zip(n["Y"], y)))
    n["hbar"] = grad(S_of(y_of(xv, n["H"])) + R_of(n["H"]), n["H"]).xreplace(dict(zip(n["H"], h)))
    hZ = n["Z"].applyfunc(sigmoid)
    n["zbar"] = grad(S_of(y_of(xv, hZ)) + R_of(hZ), n["Z"]).xreplace(at)
    n["xbar"] = grad(n["L"], xv)
    n["sig_prime"] = sp.Matrix([sp.diff(sigmoid(Zi), Zi).xreplace({Zi: zi}) for Zi, zi in zip(n["Z"], z)])
    return n


def hadamard(a, b):
    return sp.Matrix(a.rows, 1, lambda i, _: a[i] * b[i])


Sbar_sym, Rbar_sym, Lsym = reals("S R L")
SBAR = sp.diff(Sbar_sym + Rbar_sym, Sbar_sym)      # dL/dS for L = S + R
RBAR = sp.diff(Sbar_sym + Rbar_sym, Rbar_sym)      # dL/dR

def _p4_parts():
    """The N = K = 2 network of 4.2 and the expressions of its displayed derivations, by name.
    Built when a 4.2 claim is checked (``later``), not when the catalog is imported."""
    Q = residual_mlp(2, 2)
    Yn, Hn, Zn = Q["Y"], Q["H"], Q["Z"]

    # ybar: node y free
    YBAR_STEPS = (
        grad(Q["S_of"](Yn) + Rbar_sym, Yn),
        SBAR * grad(Q["S_of"](Yn), Yn),
        SBAR * sp.Matrix([sp.diff(Q["S_of"](Yn), Yi) for Yi in Yn]),
        SBAR * sp.Matrix([Yi - si for Yi, si in zip(Yn, Q["s"])]),
        SBAR * (Yn - Q["s"]),
    )
    # hbar at the network's h
    ybar_net = Q["y"] - Q["s"]
    jac_y_h = Q["y_of"](Q["x"], Hn).jacobian(Hn).xreplace(dict(zip(Hn, Q["h"])))
    HBAR_HEAD = (
        Q["hbar"],
        grad(Q["R_of"](Hn), Hn) * RBAR + jac_y_h.T * ybar_net,
        Q["r"] * RBAR + Q["W2"].T * ybar_net,
    )
    HBAR_STATED_LAST = Q["xbar"] * RBAR + Q["W2"].T * ybar_net    # "= xbar Rbar + W^(2)T ybar"
    # zbar at the network's z
    hbar_net = Q["hbar"]
    jac_h_z = Zn.applyfunc(sigmoid).jacobian(Zn).xreplace(dict(zip(Zn, Q["z"])))
    K2 = 2
    doc_jac = sp.Matrix(K2, K2, lambda i, j: sp.diff(sigmoid(Zn[j]), Zn[i])).xreplace(dict(zip(Zn, Q["z"])))
    every_row = sp.Matrix(K2, K2, lambda i, j: Q["sig_prime"][j])     # [sigma'(z_1) ... sigma'(z_K)] in each row
    ZBAR_HEAD = (Q["zbar"], jac_h_z.T * hbar_net, doc_jac.T * hbar_net)
    ZBAR_TAIL = hadamard(hbar_net, Q["sig_prime"])
    # xbar
    zbar_net = Q["zbar"]
    jac_y_x_direct = Q["y_of"](Q["x"], Hn).jacobian(Q["x"])       # partial dy/dx (h held fixed) = I
    I2 = sp.eye(2)
    XBAR_TAIL = (Q["W1"].T * zbar_net + I2 * ybar_net, Q["W1"].T * zbar_net + ybar_net)
    ZBAR_EVERY_ROW = every_row.T * hbar_net          # as written
    ZBAR_DIAGONAL = sp.diag(*Q["sig_prime"]).T * hbar_net
    XBAR_AS_WRITTEN = (Q["xbar"], I2.T * zbar_net + jac_y_x_direct.T * ybar_net)     # (dx/dx)^T zbar
    XBAR_FIXED = (Q["xbar"], (Q["z"].jacobian(Q["x"])).T * zbar_net + jac_y_x_direct.T * ybar_net)
    return locals()


P4X = later(_p4_parts)


def part(*names):
    """The named expressions of _p4_parts, concatenated when several are tuples."""
    def pick(p):
        vals = [p[n] for n in names]
        return vals[0] if len(vals) == 1 else sum((v if isinstance(v, tuple) else (v,) for v in vals), ())
    return later(pick, P4X)


# final backprop equations over a sweep of sizes (N, K)
P4_SIZES = ((1, 1), (2, 2), (2, 3), (3, 2))
# the (2, 2) network is 4.2's own (built once, in the worker that builds P4X)
SWEEP = later(lambda p: [p["Q"] if (N, K) == (2, 2) else residual_mlp(N, K, tag=f"_{N}{K}")
                         for N, K in P4_SIZES], P4X)


def stack(f):
    return later(lambda sweep: sp.Matrix.vstack(*[f(n) for n in sweep]), SWEEP)


P4 = [
    # 4.1 "Computation graph ->" (figure missing)
    Prose("p4.1-graph", "Problem 4.1", "computation graph relating x, z, h, y, R, S and L",
          reason="the drawing is a figure (missing from the text); a graph drawing is not machine-checkable",
          tags=("backprop",)),
    # 4.2 "xbar = dL/dx = 1": the backprop seed is Lbar = dL/dL = 1; dL/dx is not 1 (read entrywise)
    erratum(Identity("p4.2-seed", "Problem 4.2", "xbar = dL/dx = 1",
                     lhs=part("Q")["xbar"], rhs=sp.ones(2, 1), tags=("backprop",)),
            correction=Identity("p4.2-seed-fix", "Problem 4.2", "Lbar = dL/dL = 1",
                                lhs=sp.Derivative(Lsym, Lsym), rhs=1, tags=("backprop",))),
    Identity("p4.2-Rbar", "Problem 4.2", "Rbar = dL/dR = 1", lhs=sp.Derivative(Sbar_sym + Rbar_sym, Rbar_sym),
             rhs=1, tags=("backprop",)),
    Identity("p4.2-Sbar", "Problem 4.2", "Sbar = dL/dS = 1", lhs=sp.Derivative(Sbar_sym + Rbar_sym, Sbar_sym),
             rhs=1, tags=("backprop",)),
    Chain("p4.2-ybar", "Problem 4.2",
          "ybar = dL/dy = Sbar dS/dy = Sbar [dS/dy_i] = Sbar [y_i - s_i] = Sbar (y - s)  (N = 2)",
          steps=part("YBAR_STEPS"), tags=("backprop", "loss")),
    # hbar: the last line writes xbar where r belongs
    erratum(Chain("p4.2-hbar", "Problem 4.2",
                  "hbar = dL/dh = (dR/dh) Rbar + (dy/dh)^T ybar = [r_1..r_K] Rbar + W^(2)T ybar "
                  "= xbar Rbar + W^(2)T ybar  (N = K = 2; xbar = dL/dx)",
                  steps=part("HBAR_HEAD", "HBAR_STATED_LAST"), tags=("backprop",)),
            correction=Chain("p4.2-hbar-fix", "Problem 4.2",
                             "hbar = dL/dh = (dR/dh) Rbar + (dy/dh)^T ybar = r Rbar + W^(2)T ybar",
                             steps=part("HBAR_HEAD"), tags=("backprop",))),
    # zbar: the written matrix has sigma'(z_1) .. sigma'(z_K) in EVERY row (not the diagonal Jacobian)
    erratum(Chain("p4.2-zbar", "Problem 4.2",
                  "zbar = dL/dz = (dh/dz)^T hbar = [dh_j/dz_i]^T hbar = [sigma'(z_1) .. sigma'(z_K) in every row]^T "
                  "hbar = hbar o sigma'(z)  (K = 2)",
                  steps=part("ZBAR_HEAD", "ZBAR_EVERY_ROW", "ZBAR_TAIL"), tags=("backprop",)),
            correction=Chain("p4.2-zbar-fix", "Problem 4.2",
                             "zbar = (dh/dz)^T hbar = diag(sigma'(z_1) .. sigma'(z_K))^T hbar = hbar o sigma'(z)",
                             steps=part("ZBAR_HEAD", "ZBAR_DIAGONAL", "ZBAR_TAIL"),
                             tags=("backprop",))),
    # xbar: "(dx/dx)^T zbar" as written (dz/dx = W^(1) is what the next line uses)
    erratum(Chain("p4.2-xbar", "Problem 4.2",
                  "xbar = dL/dx = (dx/dx)^T zbar + (dy/dx)^T ybar = W^(1)T zbar + I ybar = W^(1)T zbar + ybar "
                  "(N = K = 2; dx/dx as written)",
                  steps=part("XBAR_AS_WRITTEN", "XBAR_TAIL"),
                  tags=("backprop",)),
            correction=Chain("p4.2-xbar-fix", "Problem 4.2",
                             "xbar = (dz/dx)^T zbar + (dy/dx)^T ybar = W^(1)T zbar + I ybar = W^(1)T zbar + ybar",
                             steps=part("XBAR_FIXED", "XBAR_TAIL"),
                             tags=("backprop",))),
    # the resulting backprop equations, over (N, K) in (1,1), (2,2), (2,3), (3,2)
    Identity("p4.2-ybar-eq", "Problem 4.2", "ybar = Sbar (y - s)",
             lhs=stack(lambda n: n["ybar"]), rhs=stack(lambda n: SBAR * (n["y"] - n["s"])), tags=("backprop",)),
    Identity("p4.2-hbar-eq", "Problem 4.2", "hbar = r Rbar + W^(2)T ybar",
             lhs=stack(lambda n: n["hbar"]),
             rhs=stack(lambda n: n["r"] * RBAR + n["W2"].T * (n["y"] - n["s"])), tags=("backprop",)),
    Identity("p4.2-zbar-eq", "Problem 4.2", "zbar = hbar o sigma'(z)",
             lhs=stack(lambda n: n["zbar"]), rhs=stack(lambda n: hadamard(n["hbar"], n["sig_prime"])),
             tags=("backprop",)),
    Identity("p4.2-xbar-eq", "Problem 4.2", "xbar = W^(1)T zbar + ybar",
             lhs=stack(lambda n: n["xbar"]), rhs=stack(lambda n: n["W1"].T * n["zbar"] + n["ybar"]),
             tags=("backprop",)),
]

CLAIMS = P1 + P2 + P3 + P4
