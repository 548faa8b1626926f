"""Constructions for derivations/doc001_cs148a.py in its questions' order (Q1 network, Q4.2 networks and
parameter maps, Q4.3/Q4.4 sweeps, Q6 layers, ranks, perceptron certificates), from checks.build's pieces."""
import itertools

import sympy as sp

from checks import build
from checks.build import fmpz_mat, layer_parameters, mlp, symbol_matrix, symbol_vector
from checks.dl import adam_moments, cross_entropy, matmul, sigmoid, tanh_as_written as tanh
from checks.model.claims import later, reals

R = sp.Rational

# Q1: the network is not printed. "L = w3 s", "dL/dw1 = w3", (d)'s "L = (w1 + w2) w3" and (c)'s
# "1 - 0.01(5.7)", "2.3 - ...", "5.7 - ..." give L = w3 (w1 + w2) at w1 = 1, w2 = 2.3, w3 = 5.7.
w1, w2, w3, eta = reals("w1 w2 w3 eta")
L, PARAMS = w3 * (w1 + w2), (w1, w2, w3)
W0, ETA = {w1: R(1), w2: R("2.3"), w3: R("5.7")}, R("0.01")

GRAD_W0 = {p: sp.diff(L, p).subs(W0) for p in PARAMS}
W_NEW = {p: W0[p] - ETA * GRAD_W0[p] for p in PARAMS}   # one SGD step from W0 with eta = 0.01

def loss_decreased(case):
    """L at rational weights is rational: the comparison is exact, the two losses the evidence."""
    old, new = (L.subs(w) for w in case)
    return True if new < old else build.Refuted(new_loss=new, old_loss=old)

DESCENT_L = sp.diff(L.subs({p: p - eta * sp.diff(L, p) for p in PARAMS}, simultaneous=True), eta).subs(eta, 0)
DESCENT_R = -sum(sp.diff(L, p) ** 2 for p in PARAMS)

# Q4.2: the document's parameter maps word for word, for a unit and the layer after it. sigmoid ->
# tanh: "w' = 1/2 w^T on the inputs and a bias b' = b/2 ... in the following layer ... with
# weight 0.5 associated with it every time it is used as an input to a node, and an additional
# bias of 0.5"; tanh -> sigmoid: "w' = 2w and a bias b' = 2b. In the next layer, the weights
# associated with this value would be set to 2, followed by a bias of -1". So the next layer's
# weight on the unit is 0.5 (resp. 2) and its bias gains 0.5 (resp. -1) per such input.
def _doc_map(hidden, out, inner, weight, shift):
    ((W, b),), (V, c) = hidden, out
    return [(inner * W, inner * b)], (sp.ones(*V.shape) * weight, c + shift * V.shape[1] * sp.ones(V.shape[0], 1))

def doc_sigmoid_to_tanh(hidden, out):
    return _doc_map(hidden, out, R(1, 2), R(1, 2), R(1, 2))

def doc_tanh_to_sigmoid(hidden, out):
    return _doc_map(hidden, out, 2, 2, -1)

def network_pair(act, act2, convert, size):
    """Outputs of a network of ``size`` with activation ``act`` and of what ``convert`` makes of it."""
    x, hidden, out = layer_parameters("", size)
    return mlp(x, hidden, out, act), mlp(x, *convert(hidden, out), act2)

def sides(act, act2, convert):
    """lhs and rhs of an Identity: the pair for network (1, 1, 1), built when checked (claims.later)."""
    lhs, rhs = later(network_pair, act, act2, convert, (1, 1, 1)).split(2)
    return {"lhs": lhs, "rhs": rhs}

def layer_step(case):
    """The induction step of "converted layer-by-layer", for a hidden layer of widths (previous,
    this) after the first: if the converted previous layer's outputs u stand for the original ones
    through the identity's affine map (sigma = (u + 1)/2, resp. tanh = 2u - 1), so do this layer's,
    with the parameters checks.build's map gives a second hidden layer."""
    direction, (hp, h) = case
    u, (_, hidden, out) = symbol_vector("u", hp), layer_parameters("", (1, hp, h, 1))
    (W, b), one, one_h = hidden[1], sp.ones(hp, 1), sp.ones(h, 1)
    if direction == "sigmoid->tanh":
        (W2, b2), = build.sigmoid_to_tanh(hidden, out)[0][1:]
        return build.same((matmul(W, (u + one) / 2) + b).applyfunc(sigmoid),
                          ((matmul(W2, u) + b2).applyfunc(tanh) + one_h) / 2)
    (W2, b2), = build.tanh_to_sigmoid(hidden, out)[0][1:]
    return build.same((matmul(W, 2 * u - one) + b).applyfunc(tanh),
                      2 * (matmul(W2, u) + b2).applyfunc(sigmoid) - one_h)

def single_neuron(case):
    """sigma(w x + b) > 0 for all real w, b, tanh(-1) < 0; a certificate that does not check refutes nothing."""
    w, b, x0 = case
    return True if sigmoid(w * x0 + b).is_positive is True and sp.tanh(x0).is_negative is True else None

# Q4.3: one-hot labels, positive probabilities
def datasets():
    return [(N, C, y) for N in range(1, 4) for C in range(2, 5) for y in itertools.product(range(C), repeat=N)]

def log_of_product(N):
    p = symbol_vector("p", N, positive=True)
    return build.same(sp.log(sp.Mul(*p)), sp.Add(*[sp.log(q) for q in p]))

def loglik_chain(case):
    """sum_i log p(yhat_i = y_i) = sum_i y_i . log(yhat_i) = sum_i sum_j y_ij log(yhat_ij), over plain
    lists (a SymPy Matrix costs more than the sums themselves)."""
    N, C, labels = case
    P = [[sp.Symbol(f"p{i}_{j}", positive=True) for j in range(C)] for i in range(N)]
    Y = [[int(labels[i] == j) for j in range(C)] for i in range(N)]
    e0 = sp.Add(*[sp.log(P[i][labels[i]]) for i in range(N)])
    e1 = sp.Add(*[sp.Add(*[y * sp.log(p) for y, p in zip(Y[i], P[i])]) for i in range(N)])
    e2 = sp.Add(*[Y[i][j] * sp.log(P[i][j]) for i in range(N) for j in range(C)])
    return build.all_of(build.same(u, v) for u, v in ((e0, e1), (e1, e2)))

def argmax_is_argmin(f):
    """f: the objective's value at each parameter setting; argmax f and argmin (-f) as index sets."""
    return {i for i, v in enumerate(f) if v == max(f)} == {i for i, v in enumerate(f) if -v == min(-u for u in f)}

def cross_entropy_case(case):
    """-(sum_i sum_j y_ij log yhat_ij) against dl.cross_entropy over the flattened labels/outputs."""
    N, C = case
    Y, P = symbol_matrix("y", N, C, nonnegative=True), symbol_matrix("q", N, C, positive=True)
    return build.same(-sum(Y[i, j] * sp.log(P[i, j]) for i in range(N) for j in range(C)),
                      cross_entropy(list(Y), list(P)))

# Q4.4: s_{t+1} has seen g_1 .. g_t (s_1 = 0); dl.adam_moments(g_1..g_t) returns [s_1, ..., s_{t+1}].
def unrolled(moment):
    b1, b2, g = *reals("beta1 beta2"), sp.IndexedBase("g")
    def predicate(t):
        s, r = adam_moments([g[k] for k in range(1, t + 1)], b1, b2)
        beta, m, power = (b1, s, 1) if moment == "s" else (b2, r, 2)
        return build.same(m[t], (1 - beta) * sum(beta ** (t - k) * g[k] ** power for k in range(1, t + 1)))
    return predicate

# Q6.1
def collapses(shape):
    """W2(W1 z0 + b1) + b2 = W2 W1 z0 + (W2 b1 + b2) for layers of widths shape = (d0, d1, d2)."""
    d0, d1, d2 = shape
    z0, A, a = symbol_vector("z", d0), symbol_matrix("A", d1, d0), symbol_vector("a", d1)
    B, c = symbol_matrix("B", d2, d1), symbol_vector("c", d2)
    return build.same(matmul(B, matmul(A, z0) + a) + c, matmul(matmul(B, A), z0) + (matmul(B, a) + c))

def deep_collapses(D):
    """D affine layers of width 2 = one layer W' = W_D..W_1, b' = sum_l W_D..W_{l+1} b_l."""
    h = z = symbol_vector("z", 2)
    Wp, bp = sp.eye(2), sp.zeros(2, 1)
    for W, b in ((symbol_matrix(f"W{l}", 2, 2), symbol_vector(f"b{l}", 2)) for l in range(D)):
        h, Wp, bp = matmul(W, h) + b, matmul(W, Wp), matmul(W, bp) + b
    return build.same(h, matmul(Wp, z) + bp)

# Q6.2: W1 in R^{2x10}, W2 in R^{10x2}
W1_10, W2_10, X_10 = symbol_matrix("u", 2, 10), symbol_matrix("v", 10, 2), symbol_vector("x", 10)

def det3(m):
    """The 3x3 determinant by cofactors, left unexpanded (SymPy's det would expand it first)."""
    return (m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
            + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]))

def minors_4x4():
    M, picks = matmul(symbol_matrix("P", 4, 2), symbol_matrix("Q", 2, 4)), list(itertools.combinations(range(4), 3))
    return sp.Matrix([det3(M.extract(list(r), list(c))) for r in picks for c in picks])

def corner_blocks():
    """W1 in R^{2x10}, W2 in R^{10x2}, zero but for a 2x2 corner block over {0,1}: the blocks' entries."""
    return list(itertools.product(itertools.product((0, 1), repeat=4), repeat=2))

def min_rank(relation):
    def predicate(case):
        pad = lambda e, r, c: fmpz_mat(r, c, [e[2 * i + j] if max(i, j) < 2 else 0 for i in range(r) for j in range(c)])
        r1, r2 = pad(case[0], 2, 10).rank(), pad(case[1], 10, 2).rank()
        ok = min(r1, r2) == 2 if relation == "=" else min(r1, r2) <= 2
        return True if ok else build.Refuted(rank_W1=r1, rank_W2=r2)
    return predicate

def full_rank_example():
    W1 = sp.Matrix(2, 10, lambda i, j: int(i == j))
    return (W1.rank(), W1.T.rank(), (W1.T * W1).rank())

# Q6.3: the table as printed, x -> (AND pre-activation, AND output, OR pre-activation, OR output)
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
    """Squared distances: sides (0,0)-(0,1)-(1,1)-(1,0)-(0,0), diagonals (0,1)-(1,0) and (0,0)-(1,1)."""
    d, ring = lambda p, q: (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2, [(0, 0), (0, 1), (1, 1), (1, 0)]
    return tuple(d(ring[i], ring[(i + 1) % 4]) for i in range(4)) + (d((0, 1), (1, 0)), d((0, 0), (1, 1)))

# Q6.3's perceptron f(x) = w1 x1 + w2 x2 + b; o = +-1 is the side the positives are on.
pw1, pw2, pb = reals("w_1 w_2 b")
f = lambda x: pw1 * x[0] + pw2 * x[1] + pb
SEPARATING = [[o * f((0, 1)), o * f((1, 0)), -o * f((0, 0)), -o * f((1, 1))] for o in (1, -1)]
ALSO_SEPARATES = [([o * f((0, 1)), o * f((1, 0)), -o * f((0, 0))], o * f((1, 1))) for o in (1, -1)]

def certificate(case):
    """Premises p_j > 0 and multipliers m_j > 0 with sum m_j p_j = target: then target > 0 (a contradiction
    when it is 0). A certificate that does not check leaves the claim undecided: it refutes nothing."""
    premises, multipliers, target = case
    if not all(m > 0 for m in multipliers):
        return None
    return True if build.same(sum(m * p for m, p in zip(multipliers, premises)), target) is True else None
