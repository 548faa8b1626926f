"""Constructions for derivations/doc001_cs148a.py (CS 148a Problem Set 1), in its questions' order:
the Q1 network, the Q4.2 networks, the Q4.3 and Q4.4 sweeps and the Q6 layers, rank sweeps and
perceptron certificates. Shared pieces come from checks.build."""
import itertools

import sympy as sp

from checks import build
from checks.build import fmpz_mat, layer_parameters, mlp, symbol_matrix, symbol_vector
from checks.dl import adam_moments, cross_entropy, matmul, sigmoid, tanh_as_written
from checks.model.claims import later, reals

R = sp.Rational

# Q1: the network is not printed. "L = w3 s", "dL/dw1 = w3", (d)'s "L = (w1 + w2) w3" and (c)'s
# "1 - 0.01(5.7)", "2.3 - ...", "5.7 - ..." give L = w3 (w1 + w2) at w1 = 1, w2 = 2.3, w3 = 5.7.
w1, w2, w3, eta = reals("w1 w2 w3 eta")
L = w3 * (w1 + w2)
PARAMS = (w1, w2, w3)
W0 = {w1: R(1), w2: R("2.3"), w3: R("5.7")}
ETA = R("0.01")


def grad_at_w0(p):
    return sp.diff(L, p).subs(W0)


def sgd(p):
    """Parameter p after one SGD step from W0 with eta = 0.01."""
    return (p - ETA * sp.diff(L, p)).subs(W0)


def w_new():
    return {p: sgd(p) for p in PARAMS}


def loss_decreased(case):
    """L at rational weights is rational: the comparison is exact, the two losses the evidence."""
    old, new = (L.subs(w) for w in case)
    return True if new < old else build.Refuted(new_loss=new, old_loss=old)


DESCENT_L = sp.diff(L.subs({p: p - eta * sp.diff(L, p) for p in PARAMS}, simultaneous=True), eta).subs(eta, 0)
DESCENT_R = -sum(sp.diff(L, p) ** 2 for p in PARAMS)


# Q4.2: the document's own parameter maps, read word for word. sigmoid -> tanh: "a tanh neuron
# with weights w' = 1/2 w^T on the inputs and a bias b' = b/2 ... in the following layer ...
# with weight 0.5 associated with it every time it is used as an input to a node, and an
# additional bias of 0.5"; tanh -> sigmoid: "w' = 2w and b' = 2b. In the next layer, the weights
# associated with this value would be set to 2, followed by a bias of -1". The following layer's
# weight on a converted unit is set to 0.5 (resp. 2) and its bias gains 0.5 (resp. -1) per such
# input; checks.build's maps scale that layer's weights and shift its bias by their row sums.
def _doc_map(hidden, out, inner, weight, shift):
    """One hidden layer (the document converts a unit and the layer after it)."""
    (W, b), = hidden
    V, c = out
    return [(inner * W, inner * b)], (sp.ones(*V.shape) * weight, c + shift * V.shape[1] * sp.ones(V.shape[0], 1))


def doc_sigmoid_to_tanh(hidden, out):
    return _doc_map(hidden, out, R(1, 2), R(1, 2), R(1, 2))


def doc_tanh_to_sigmoid(hidden, out):
    return _doc_map(hidden, out, 2, 2, -1)


ACT = {"sigmoid": sigmoid, "tanh": tanh_as_written}


def network_pair(source, target, convert, sizes):
    """Outputs of every network of ``sizes`` with activation ``source``, stacked, and of the
    networks with activation ``target`` that ``convert`` makes of them."""
    lhs, rhs = [], []
    for tag, size in enumerate(sizes):
        x, hidden, out = layer_parameters(str(tag), size)
        h2, o2 = convert(hidden, out)
        lhs += list(mlp(x, hidden, out, ACT[source]))
        rhs += list(mlp(x, h2, o2, ACT[target]))
    return sp.Matrix(lhs), sp.Matrix(rhs)


def sides(source, target, convert, size):
    """lhs and rhs of an Identity: the network pair, built when checked (claims.later)."""
    lhs, rhs = later(network_pair, source, target, convert, [size]).split(2)
    return {"lhs": lhs, "rhs": rhs}


def converts(case):
    source, target, convert, size = case
    return build.same(*network_pair(source, target, convert, [size]))


def layer_step(case):
    """The induction step of "converted layer-by-layer" for a hidden layer after the first, of
    widths (previous, this): if the converted previous layer's outputs u stand for the original
    ones through the identity's affine map (sigma = (u + 1)/2, resp. tanh = 2u - 1), so do this
    layer's, with the parameters checks.build's map gives a second hidden layer."""
    direction, (hp, h) = case
    tag = f"L{hp}{h}"
    u = symbol_vector(f"u{tag}", hp)
    _, hidden, out = layer_parameters(tag, (1, hp, h, 1))
    W, b = hidden[1]
    if direction == "sigmoid->tanh":
        (W2, b2), = build.sigmoid_to_tanh(hidden, out)[0][1:]
        lhs = (matmul(W, (u + sp.ones(hp, 1)) / 2) + b).applyfunc(sigmoid)
        rhs = ((matmul(W2, u) + b2).applyfunc(tanh_as_written) + sp.ones(h, 1)) / 2
    else:
        (W2, b2), = build.tanh_to_sigmoid(hidden, out)[0][1:]
        lhs = (matmul(W, 2 * u - sp.ones(hp, 1)) + b).applyfunc(tanh_as_written)
        rhs = 2 * (matmul(W2, u) + b2).applyfunc(sigmoid) - sp.ones(h, 1)
    return build.same(lhs, rhs)


xw1, xw2, xb = reals("w_1 w_2 b")


def single_neuron(case):
    """sigma(w x + b) > 0 for every real w, b while tanh(-1) < 0: no single sigmoid neuron is
    tanh. A certificate that does not check leaves the claim undecided; it refutes nothing."""
    w, b, x0 = case
    return True if sigmoid(w * x0 + b).is_positive is True and sp.tanh(x0).is_negative is True else None


# Q4.3
def log_of_product(N):
    p = symbol_vector("p", N, positive=True)
    return build.same(sp.log(sp.Mul(*p)), sp.Add(*[sp.log(q) for q in p]))


def one_hot_cases():
    return [(C, c) for C in range(2, 6) for c in range(C)]


def one_hot_dot(case):
    """log P(yhat = y) = log yhat_c (the correct class c's probability) = y . log(yhat)."""
    C, c = case
    p = symbol_vector("p", C, positive=True)
    y = sp.Matrix(C, 1, lambda j, _: 1 if j == c else 0)
    return build.same(sp.log(p[c]), y.dot(p.applyfunc(sp.log)))


def dataset_cases():
    return [(N, C, labels) for N in range(1, 4) for C in range(2, 5)
            for labels in itertools.product(range(C), repeat=N)]


def loglik_chain(case):
    """sum_i log p(yhat_i = y_i) = sum_i y_i . log(yhat_i) = sum_i sum_j y_ij log(yhat_ij)."""
    N, C, labels = case
    # plain lists: SymPy's Matrix costs more than the sums themselves
    P = [[sp.Symbol(f"p{i}_{j}", positive=True) for j in range(C)] for i in range(N)]
    Y = [[1 if labels[i] == j else 0 for j in range(C)] for i in range(N)]
    e0 = sp.Add(*[sp.log(P[i][labels[i]]) for i in range(N)])
    e1 = sp.Add(*[sp.Add(*[y * sp.log(p) for y, p in zip(Y[i], P[i])]) for i in range(N)])
    e2 = sp.Add(*[Y[i][j] * sp.log(P[i][j]) for i in range(N) for j in range(C)])
    return build.all_of(build.same(u, v) for u, v in ((e0, e1), (e1, e2)))


def argmax_is_argmin(f):
    """f: one objective value per parameter setting; argmax f and argmin (-f) as index sets."""
    best, least = max(f), min(-v for v in f)
    return {i for i, v in enumerate(f) if v == best} == {i for i, v in enumerate(f) if -v == least}


def cross_entropy_case(case):
    """-(sum_i sum_j y_ij log yhat_ij) against dl.cross_entropy over the flattened labels/outputs."""
    N, C = case
    Y, P = symbol_matrix("y", N, C, nonnegative=True), symbol_matrix("q", N, C, positive=True)
    return build.same(-sum(Y[i, j] * sp.log(P[i, j]) for i in range(N) for j in range(C)),
                      cross_entropy(list(Y), list(P)))


# Q4.4: s_{t+1} has seen g_1 .. g_t (s_1 = 0); dl.adam_moments(g_1..g_t) returns [s_1, ..., s_{t+1}].
b1, b2 = reals("beta1 beta2")
gI = sp.IndexedBase("g")


def unrolled(which):
    def predicate(t):
        s, r = adam_moments([gI[k] for k in range(1, t + 1)], b1, b2)
        beta, moment, power = (b1, s, 1) if which == "s" else (b2, r, 2)
        return build.same(moment[t], (1 - beta) * sum(beta ** (t - k) * gI[k] ** power for k in range(1, t + 1)))
    return predicate


# Q6.1
def collapses(shape):
    """W2(W1 z0 + b1) + b2 = W2 W1 z0 + (W2 b1 + b2) for layers of widths shape = (d0, d1, d2)."""
    d0, d1, d2 = shape
    z0, W1, b1_, W2, b2_ = (symbol_vector("z", d0), symbol_matrix("A", d1, d0), symbol_vector("a", d1),
                            symbol_matrix("B", d2, d1), symbol_vector("c", d2))
    return build.same(matmul(W2, matmul(W1, z0) + b1_) + b2_, matmul(matmul(W2, W1), z0) + (matmul(W2, b1_) + b2_))


def deep_collapses(D):
    """D affine layers of width 2 = one layer W' = W_D..W_1, b' = sum_l W_D..W_{l+1} b_l."""
    Ws = [symbol_matrix(f"W{l}", 2, 2) for l in range(D)]
    bs = [symbol_vector(f"b{l}", 2) for l in range(D)]
    h = z = symbol_vector("z", 2)
    Wp, bp = sp.eye(2), sp.zeros(2, 1)
    for W, b in zip(Ws, bs):
        h, Wp, bp = matmul(W, h) + b, matmul(W, Wp), matmul(W, bp) + b
    return build.same(h, matmul(Wp, z) + bp)


# Q6.2: W1 in R^{2x10}, W2 in R^{10x2}
W1_10, W2_10, X_10 = symbol_matrix("u", 2, 10), symbol_matrix("v", 10, 2), symbol_vector("x", 10)
A32, B23 = symbol_matrix("A", 3, 2), symbol_matrix("B", 2, 3)


def det3(m):
    """The 3x3 determinant by cofactors along the first row, left unexpanded (the engine
    proves it zero; SymPy's det would expand it first)."""
    return (m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
            - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
            + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]))


def minors_4x4():
    M = matmul(symbol_matrix("P", 4, 2), symbol_matrix("Q", 2, 4))
    picks = list(itertools.combinations(range(4), 3))
    return sp.Matrix([det3(M.extract(list(r), list(c))) for r in picks for c in picks])


def rank_cases():
    """Every W1 in {0,1}^{2x3} and W2 in {0,1}^{3x2} (4096 pairs)."""
    return list(itertools.product(build.integer_matrices(2, 3, (0, 1)), build.integer_matrices(3, 2, (0, 1))))


def rank_ineq(case):
    W1, W2 = case
    r = (W2 * W1).rank()
    return r <= W1.rank() and r <= W2.rank()


def padded_cases():
    """W1 in R^{2x10}, W2 in R^{10x2}: every 2x2 block over {0,1} in the corner, zeros elsewhere."""
    blocks = build.integer_matrices(2, 2, (0, 1))
    pad = lambda m, r, c: fmpz_mat(r, c, [m[i, j] if i < 2 and j < 2 else 0 for i in range(r) for j in range(c)])
    return [(pad(a, 2, 10), pad(b, 10, 2)) for a in blocks for b in blocks]


def min_rank(relation):
    def predicate(case):
        r1, r2 = case[0].rank(), case[1].rank()
        ok = min(r1, r2) == 2 if relation == "=" else min(r1, r2) <= 2
        return True if ok else build.Refuted(rank_W1=r1, rank_W2=r2, min=min(r1, r2))
    return predicate


def full_rank_example():
    W1 = sp.Matrix(2, 10, lambda i, j: int(i == j))
    return (W1.rank(), W1.T.rank(), (W1.T * W1).rank())


# Q6.3: the table as printed: x -> (AND pre-activation, AND output, OR pre-activation, OR output)
AND_B, OR_B = R("-1.5"), R("-0.5")
TABLE = {(0, 0): (R("-1.5"), -1, R("-0.5"), -1), (0, 1): (R("-0.5"), -1, R("0.5"), 1),
         (1, 0): (R("-0.5"), -1, R("0.5"), 1), (1, 1): (R("0.5"), 1, R("1.5"), 1)}
XOR_STATED = {(0, 1): 1, (1, 0): 1, (0, 0): 0, (1, 1): 0}


def table_row(x):
    za, zo = x[0] + x[1] + AND_B, x[0] + x[1] + OR_B   # w = [1, 1] for both
    return build.equal((za, sp.sign(za), zo, sp.sign(zo)), TABLE[x])


def and_or(x):
    za, zo = x[0] + x[1] + AND_B, x[0] + x[1] + OR_B
    return build.equal((sp.sign(za), sp.sign(zo)), (1 if x[0] and x[1] else -1, 1 if x[0] or x[1] else -1))


def square():
    """Squared distances: the sides (0,0)-(0,1)-(1,1)-(1,0)-(0,0), then the diagonals
    (0,1)-(1,0) (the positives) and (0,0)-(1,1) (the negatives)."""
    d = lambda p, q: (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2
    ring = [(0, 0), (0, 1), (1, 1), (1, 0)]
    return tuple(d(ring[i], ring[(i + 1) % 4]) for i in range(4)) + (d((0, 1), (1, 0)), d((0, 0), (1, 1)))


def _f(x):
    """The perceptron's linear form at input x, symbolic in (w1, w2, b)."""
    return xw1 * x[0] + xw2 * x[1] + xb


def farkas(case):
    """For an orientation o = +-1, a separating line makes o f(x) > 0 at the positives and
    -o f(x) > 0 at the negatives; these forms with the given positive multipliers sum to an
    expression identically 0, which a sum of positive quantities cannot be. A certificate that
    does not check leaves the claim undecided (None): it refutes nothing."""
    o, multipliers = case
    forms = [o * _f(x) for x in ((0, 1), (1, 0))] + [-o * _f(x) for x in ((0, 0), (1, 1))]
    if not all(m > 0 for m in multipliers):
        return None
    return True if build.is_zero(sum(m * f for m, f in zip(multipliers, forms))) is True else None


def implied(case):
    """From o f(0,1) > 0, o f(1,0) > 0, -o f(0,0) > 0 follows o f(1,1) > 0: o f(1,1) is their
    combination with the given positive multipliers."""
    o, multipliers = case
    premises = [o * _f((0, 1)), o * _f((1, 0)), -o * _f((0, 0))]
    if not all(m > 0 for m in multipliers):
        return None
    combination = sum(m * p for m, p in zip(multipliers, premises))
    return True if build.same(o * _f((1, 1)), combination) is True else None
