"""CS 148a Problem Set 1 — marked copy of ../shared/seeds/001_68c8a4eb10a0233d.txt.

Conventions: exact Rationals for every number (eta = 0.01); symbols real unless stated;
sigmoid/tanh networks are built explicitly (hidden layers act elementwise, linear output layer);
Adam is indexed as in the document's unrolling: s_1 = r_1 = 0 and s_{t+1} uses g_1 .. g_t.
"""
import itertools

import sympy as sp

from checks import build
from checks.build import fmpz_mat
from checks.dl import sigmoid, cross_entropy, adam_moments, matmul, tanh_as_written
from checks.model.catalog import Document
from checks.model.claims import Identity, Chain, Value, Property, Prose, erratum, later, reals

DOCUMENT = Document(file="001_68c8a4eb10a0233d.txt", id="001", title="CS 148a Problem Set 1",
                    questions=("Q1(a)", "Q1(b)", "Q1(c)", "Q1(d)", "Q2", "Q3",
                               "Q4.1", "Q4.2", "Q4.3", "Q4.4", "Q5",
                               "Q6.1", "Q6.2", "Q6.3", "Q6.4"))

R = sp.Rational

# ---------------------------------------------------------------------------------------------
# Question 1: the network is not printed in the document. From "L = w3 s", "dL/dw3 = s = 3.3",
# "dL/dw1 = w3 = 5.7" and the update "w1 = 1 - 0.01(5.7)", "w2 = 2.3 - ...", "w3 = 5.7 - ...",
# we infer L = w3 * s with s = w1 + w2 and the point w1 = 1, w2 = 2.3, w3 = 5.7 (then s = 3.3),
# eta = 0.01. Every number below is computed by differentiating L and running the update.
w1, w2, w3, s_, eta_ = reals("w1 w2 w3 s eta")
S_EXPR = w1 + w2
L = w3 * S_EXPR
PARAMS = (w1, w2, w3)
W0 = {w1: R(1), w2: R("2.3"), w3: R("5.7")}
ETA = R("0.01")


def _grad(p):
    return sp.diff(L, p)


def _sgd(p):
    """The updated value of parameter p after one SGD step at W0."""
    return (p - ETA * _grad(p)).subs(W0)


def _w_new():
    return {p: _sgd(p) for p in PARAMS}


# Consequence of the update: the loss at the new point vs the old one.
def _loss_decreased(case):
    """L at rational weights is rational: the comparison is exact, the two losses the evidence."""
    old, new = case
    l_old, l_new = L.subs(old), L.subs(new)
    if not (l_old.is_Rational and l_new.is_Rational):
        return None
    return True if l_new < l_old else build.Refuted(new_loss=l_new, old_loss=l_old)


# ---------------------------------------------------------------------------------------------
# Question 4.2 helpers: multi-layer perceptrons with an explicit activation and the document's
# parameter maps between a sigmoid network and a tanh network.
def _mlp(x, hidden, out, act):
    """hidden = [(W, b), ...] with activation act applied elementwise; out = (V, c) linear."""
    h = x
    for W, b in hidden:
        h = (matmul(W, h) + b).applyfunc(act)
    V, c = out
    return matmul(V, h) + c


def _sym_net(tag, sizes):
    """Symbolic input and parameters for sizes = (n_in, h_1, ..., h_L, m)."""
    x = sp.Matrix(sizes[0], 1, lambda i, _: sp.Symbol(f"x{tag}_{i}", real=True))
    layers = []
    for l, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        W = sp.Matrix(b, a, lambda i, j: sp.Symbol(f"W{tag}{l}_{i}{j}", real=True))
        bb = sp.Matrix(b, 1, lambda i, _: sp.Symbol(f"b{tag}{l}_{i}", real=True))
        layers.append((W, bb))
    return x, layers[:-1], layers[-1]


def _ones(n):
    return sp.ones(n, 1)


def _sigmoid_to_tanh(hidden, out):
    """Document: sigma(w.x + b) = 1/2[tanh(w.x/2 + b/2) + 1]: the tanh neuron gets w' = w/2,
    b' = b/2; the following layer uses the unit with weight 0.5 and an additional bias 0.5.
    Reading: "weight 0.5 ... every time it is used as an input to a node" = the following layer's
    weight v on this unit is multiplied by 0.5, and the receiving node's bias gains 0.5 * v
    (the "+ 0.5" of the affine map, carried through the weight v)."""
    new, carry = [], None          # carry: (scale, shift) of the previous unit's affine map
    for W, b in hidden:
        if carry is not None:       # previous layer was converted: sigma = 0.5 tanh + 0.5
            W, b = W * R(1, 2), b + matmul(W, _ones(W.shape[1])) * R(1, 2)
        new.append((W / 2, b / 2))
        carry = True
    V, c = out
    return new, (V * R(1, 2), c + matmul(V, _ones(V.shape[1])) * R(1, 2))


def _tanh_to_sigmoid(hidden, out):
    """Document: tanh(w.x + b) = 2 sigma(2w.x + 2b) - 1: the sigmoid neuron gets w' = 2w,
    b' = 2b; in the next layer the weights on this unit are "set to 2" with a bias of -1.
    Reading: the next layer's weight v on this unit is multiplied by 2 and the receiving node's
    bias gains -1 * v (the "- 1" carried through v); "set to 2" is literal only for v = 1."""
    new, first = [], True
    for W, b in hidden:
        if not first:               # tanh = 2 sigma - 1
            W, b = W * 2, b - matmul(W, _ones(W.shape[1]))
        new.append((2 * W, 2 * b))
        first = False
    V, c = out
    return new, (2 * V, c - matmul(V, _ones(V.shape[1])))


NET_SIZES = ((1, 1, 1), (2, 2, 1), (2, 3, 2), (3, 2, 2))   # (n_in, hidden width, n_out)


def _network_pair(direction):
    lhs, rhs = [], []
    for tag, sizes in enumerate(NET_SIZES):
        x, hidden, out = _sym_net(tag, sizes)
        if direction == "sigmoid->tanh":
            h2, o2 = _sigmoid_to_tanh(hidden, out)
            lhs += list(_mlp(x, hidden, out, sigmoid))
            rhs += list(_mlp(x, h2, o2, tanh_as_written))
        else:
            h2, o2 = _tanh_to_sigmoid(hidden, out)
            lhs += list(_mlp(x, hidden, out, tanh_as_written))
            rhs += list(_mlp(x, h2, o2, sigmoid))
    return sp.Matrix(lhs), sp.Matrix(rhs)


# built when checked (claims.later): in the worker, not while the catalog is imported
SIG_NET_L, SIG_NET_R = later(_network_pair, "sigmoid->tanh").split(2)
TANH_NET_L, TANH_NET_R = later(_network_pair, "tanh->sigmoid").split(2)


def _layer_step(direction):
    """The induction step of "converted layer-by-layer", for a hidden layer after the first:
    with the previous converted layer's outputs u (free symbols) related to the original
    network's previous outputs by the document's affine map (sigma = (u + 1)/2, resp.
    tanh = 2u - 1), the converted layer's outputs are related to the original layer's outputs by
    the same map. Widths (previous, this) in {1,2,3}^2; the layer's parameters are those the
    converters above produce for a second hidden layer."""
    lhs, rhs = [], []
    for hp, h in itertools.product(range(1, 4), repeat=2):
        tag = f"L{hp}{h}"
        u = sp.Matrix(hp, 1, lambda i, _: sp.Symbol(f"u{tag}_{i}", real=True))
        _, hidden, out = _sym_net(tag, (1, hp, h, 1))
        if direction == "sigmoid->tanh":
            (W2, b2), = _sigmoid_to_tanh(hidden, out)[0][1:]
            W, b = hidden[1]
            lhs += list((matmul(W, (u + _ones(hp)) / 2) + b).applyfunc(sigmoid))
            rhs += list(((matmul(W2, u) + b2).applyfunc(tanh_as_written) + _ones(h)) / 2)
        else:
            (W2, b2), = _tanh_to_sigmoid(hidden, out)[0][1:]
            W, b = hidden[1]
            lhs += list((matmul(W, 2 * u - _ones(hp)) + b).applyfunc(tanh_as_written))
            rhs += list(2 * (matmul(W2, u) + b2).applyfunc(sigmoid) - _ones(h))
    return sp.Matrix(lhs), sp.Matrix(rhs)


SIG_STEP_L, SIG_STEP_R = later(_layer_step, "sigmoid->tanh").split(2)
TANH_STEP_L, TANH_STEP_R = later(_layer_step, "tanh->sigmoid").split(2)


def _single_neuron_cert(case):
    """A single sigmoid neuron is positive for every weight and bias while tanh(-1) < 0, so no
    single sigmoid neuron sigma(w x + b) equals tanh(x) (at x = -1)."""
    w, b, x0 = case
    # a certificate that does not check leaves the claim undecided; it refutes nothing
    return True if sigmoid(w * x0 + b).is_positive is True and sp.tanh(x0).is_negative is True else None


# ---------------------------------------------------------------------------------------------
# Question 4.3 helpers.
def _one_hot_cases():
    for C in range(2, 6):
        for c in range(C):
            yield C, c


def _one_hot_dot(case):
    """log P(yhat = y) = log yhat_c (probability of the correct class c) = y . log(yhat)."""
    C, c = case
    p = sp.Matrix(C, 1, lambda j, _: sp.Symbol(f"p{j}", positive=True))
    y = sp.Matrix(C, 1, lambda j, _: 1 if j == c else 0)
    return build.same(sp.log(p[c]), y.dot(p.applyfunc(sp.log)))


def _dataset_cases():
    for N in range(1, 4):
        for C in range(2, 5):
            for labels in itertools.product(range(C), repeat=N):
                yield N, C, labels


def _loglik_chain(case):
    """sum_i log p(yhat_i = y_i) = sum_i y_i . log(yhat_i) = sum_i sum_j y_ij log(yhat_ij)."""
    N, C, labels = case
    # plain lists: SymPy's Matrix costs more than the sums themselves (0.4 ms a case)
    P = [[sp.Symbol(f"p{i}_{j}", positive=True) for j in range(C)] for i in range(N)]
    Y = [[1 if labels[i] == j else 0 for j in range(C)] for i in range(N)]
    log_rows = [[sp.log(p) for p in row] for row in P]
    e0 = sp.Add(*[sp.log(P[i][labels[i]]) for i in range(N)])
    e1 = sp.Add(*[sp.Add(*[y * lp for y, lp in zip(Y[i], log_rows[i])]) for i in range(N)])   # y_i . log(yhat_i)
    e2 = sp.Add(*[Y[i][j] * sp.log(P[i][j]) for i in range(N) for j in range(C)])
    return build.all_of(build.same(u, v) for u, v in ((e0, e1), (e1, e2)))


i_, j_, k_ = sp.symbols("i j k", integer=True)
N_ = sp.Symbol("N", integer=True, positive=True)
C_ = sp.Symbol("C", integer=True, positive=True)
yI, pI = sp.IndexedBase("y"), sp.IndexedBase("yhat")
LOGLIK = sp.Sum(sp.Sum(yI[i_, j_] * sp.log(pI[i_, j_]), (j_, 1, C_)), (i_, 1, N_))
H_DOC = -sp.Sum(sp.Sum(yI[i_, k_] * sp.log(pI[i_, k_]), (k_, 1, C_)), (i_, 1, N_))


def _ce_stack():
    """-(sum_i sum_j y_ij log yhat_ij) and dl.cross_entropy over the flattened labels/outputs."""
    lhs, rhs = [], []
    for N in range(1, 4):
        for C in range(2, 5):
            Y = sp.Matrix(N, C, lambda i, j: sp.Symbol(f"y{N}{C}_{i}{j}", nonnegative=True))
            P = sp.Matrix(N, C, lambda i, j: sp.Symbol(f"q{N}{C}_{i}{j}", positive=True))
            lhs.append(-sum(Y[i, j] * sp.log(P[i, j]) for i in range(N) for j in range(C)))
            rhs.append(cross_entropy(list(Y), list(P)))
    return sp.Matrix(lhs), sp.Matrix(rhs)


CE_L, CE_R = later(_ce_stack).split(2)

# ---------------------------------------------------------------------------------------------
# Question 4.4 (Adam). Indexing: the document's recurrence s_{t+1} = b1 s_t + (1 - b1) g_t and
# its unrolling s_{t+1} = (1 - b1) sum_{k=1}^t b1^(t-k) g_k hold together with s_1 = 0: s_{t+1}
# has seen the t gradients g_1 .. g_t. dl.adam_moments(g_1..g_t) returns [s_0', ..., s_t'] with
# s_0' = 0, so the document's s_{t+1} is adam_moments(...)[t].
b1, b2 = reals("beta1 beta2")
mu, = reals("mu")                    # mu = E[g_k] (the document's stationarity assumption)
nu = sp.Symbol("nu", positive=True)  # nu = E[g_k^2]
t_ = sp.Symbol("t", integer=True, positive=True)
gI = sp.IndexedBase("g")
B1 = (b1 > 0, b1 < 1)
B2 = (b2 > 0, b2 < 1)
T_RANGE = range(1, 7)


def _unroll_cases():
    return list(T_RANGE)


def _unroll_s(t):
    g = [gI[k] for k in range(1, t + 1)]
    s, _ = adam_moments(g, b1, b2)
    closed = (1 - b1) * sum(b1 ** (t - k) * gI[k] for k in range(1, t + 1))
    return build.same(s[t], closed)


def _unroll_r(t):
    g = [gI[k] for k in range(1, t + 1)]
    _, r = adam_moments(g, b1, b2)
    closed = (1 - b2) * sum(b2 ** (t - k) * gI[k] ** 2 for k in range(1, t + 1))
    return build.same(r[t], closed)


# E[s_{t+1}] by linearity of E applied to the unrolled sum, with E[g_k] = mu for every k.
E_S = (1 - b1) * sp.Sum(b1 ** (t_ - k_) * mu, (k_, 1, t_))
E_R = (1 - b2) * sp.Sum(b2 ** (t_ - k_) * nu, (k_, 1, t_))

# Two-point gradient distribution (g = a with probability p, g = c otherwise), to test the
# document's naming of E[g^2] as "the variance".
ga, gc = reals("a c")
pp, = reals("p")
E_G = pp * ga + (1 - pp) * gc
E_G2 = pp * ga ** 2 + (1 - pp) * gc ** 2
VAR_G = pp * (ga - E_G) ** 2 + (1 - pp) * (gc - E_G) ** 2

# ---------------------------------------------------------------------------------------------
# Question 6 helpers.
def _affine_stack():
    """W2(W1 z0 + b1) + b2 and W2 W1 z0 + (W2 b1 + b2) for every (d0, d1, d2) in {1, 2, 3}^3."""
    lhs, rhs = [], []
    for d0, d1, d2 in itertools.product(range(1, 4), repeat=3):
        tag = f"{d0}{d1}{d2}"
        z0 = sp.Matrix(d0, 1, lambda i, _: sp.Symbol(f"z{tag}_{i}", real=True))
        A = sp.Matrix(d1, d0, lambda i, j: sp.Symbol(f"A{tag}_{i}{j}", real=True))
        a = sp.Matrix(d1, 1, lambda i, _: sp.Symbol(f"a{tag}_{i}", real=True))
        B = sp.Matrix(d2, d1, lambda i, j: sp.Symbol(f"B{tag}_{i}{j}", real=True))
        bb = sp.Matrix(d2, 1, lambda i, _: sp.Symbol(f"c{tag}_{i}", real=True))
        lhs += list(matmul(B, matmul(A, z0) + a) + bb)
        rhs += list(matmul(matmul(B, A), z0) + (matmul(B, a) + bb))
    return sp.Matrix(lhs), sp.Matrix(rhs)


AFF_L, AFF_R = later(_affine_stack).split(2)


def _deep_stack():
    """D affine layers (width 2) composed vs one layer W' = W_D..W_1,
    b' = sum_l W_D..W_{l+1} b_l, for D = 1..4."""
    lhs, rhs = [], []
    for D in range(1, 5):
        z = sp.Matrix(2, 1, lambda i, _: sp.Symbol(f"z{D}_{i}", real=True))
        Ws = [sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"W{D}{l}_{i}{j}", real=True)) for l in range(D)]
        bs = [sp.Matrix(2, 1, lambda i, _: sp.Symbol(f"b{D}{l}_{i}", real=True)) for l in range(D)]
        h = z
        for W, b in zip(Ws, bs):
            h = matmul(W, h) + b
        Wp = sp.eye(2)
        for W in Ws:
            Wp = matmul(W, Wp)
        bp = sp.zeros(2, 1)
        for l in range(D):
            P = sp.eye(2)
            for W in Ws[l + 1:]:
                P = matmul(W, P)
            bp += matmul(P, bs[l])
        lhs += list(h)
        rhs += list(matmul(Wp, z) + bp)
    return sp.Matrix(lhs), sp.Matrix(rhs)


DEEP_L, DEEP_R = later(_deep_stack).split(2)

W1_10 = sp.Matrix(2, 10, lambda i, j: sp.Symbol(f"u{i}_{j}", real=True))   # W1 in R^{2x10}
W2_10 = sp.Matrix(10, 2, lambda i, j: sp.Symbol(f"v{i}_{j}", real=True))   # W2 in R^{10x2}
X_10 = sp.Matrix(10, 1, lambda i, _: sp.Symbol(f"x_{i}", real=True))
A32 = sp.Matrix(3, 2, lambda i, j: sp.Symbol(f"A{i}{j}", real=True))
B23 = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"B{i}{j}", real=True))


def _det3(m):
    """The 3x3 determinant by cofactors along the first row, left unexpanded: the engine
    proves it zero (SymPy's det expands it first, which is the proof, at twice the cost)."""
    return (m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
            - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
            + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]))


def _minors_3x3(M):
    rows = itertools.combinations(range(M.shape[0]), 3)
    return [_det3(M.extract(list(r), list(c))) for r in rows
            for c in itertools.combinations(range(M.shape[1]), 3)]


_W2_4 = sp.Matrix(4, 2, lambda i, j: sp.Symbol(f"P{i}{j}", real=True))
_W1_4 = sp.Matrix(2, 4, lambda i, j: sp.Symbol(f"Q{i}{j}", real=True))
MINORS_4 = later(lambda: sp.Matrix(_minors_3x3(matmul(_W2_4, _W1_4))))


def _rank_cases():
    """Every W1 in {0,1}^{2x3} and W2 in {0,1}^{3x2} (4096 pairs)."""
    for e1 in itertools.product((0, 1), repeat=6):
        for e2 in itertools.product((0, 1), repeat=6):
            yield e1, e2


def _rank_ineq(case):
    e1, e2 = case
    A = fmpz_mat(2, 3, list(e1))     # W1
    B = fmpz_mat(3, 2, list(e2))     # W2
    r = (B * A).rank()
    return r <= A.rank() and r <= B.rank() and r <= 2


def _full_rank_example():
    W1 = sp.Matrix(2, 10, lambda i, j: 1 if j == i else 0)
    W2 = sp.Matrix(10, 2, lambda i, j: 1 if i == j else 0)
    return (W1.rank(), W2.rank(), (W2 * W1).rank())


# Question 6.3: the table as printed: x -> (AND pre-activation, AND output, OR pre-act., OR output).
AND_W, AND_B = (1, 1), R("-1.5")
OR_W, OR_B = (1, 1), R("-0.5")
TABLE = {(0, 0): (R("-1.5"), -1, R("-0.5"), -1),
         (0, 1): (R("-0.5"), -1, R("0.5"), 1),
         (1, 0): (R("-0.5"), -1, R("0.5"), 1),
         (1, 1): (R("0.5"), 1, R("1.5"), 1)}


def _table_row(x):
    za = AND_W[0] * x[0] + AND_W[1] * x[1] + AND_B
    zo = OR_W[0] * x[0] + OR_W[1] * x[1] + OR_B
    return build.equal((za, sp.sign(za), zo, sp.sign(zo)), TABLE[x])   # rationals: exact


def _and_or(x):
    za = AND_W[0] * x[0] + AND_W[1] * x[1] + AND_B
    zo = OR_W[0] * x[0] + OR_W[1] * x[1] + OR_B
    want_and = 1 if (x[0] and x[1]) else -1
    want_or = 1 if (x[0] or x[1]) else -1
    return build.equal((sp.sign(za), sp.sign(zo)), (want_and, want_or))


XOR_STATED = {(0, 1): 1, (1, 0): 1, (0, 0): 0, (1, 1): 0}

xw1, xw2, xb = reals("w_1 w_2 b")


def _f(x):
    """The perceptron's linear form at input x, symbolic in (w1, w2, b)."""
    return xw1 * x[0] + xw2 * x[1] + xb


def _farkas(case):
    """Certificate of infeasibility: the constraints sigma * f(x) > 0 (x positive) and
    sigma * f(x) < 0 (x negative), for an orientation sigma = +-1, combined with the
    multipliers given, sum to an expression identically 0, while the combination of
    strict positive quantities must be > 0. Non-strict on one side still contradicts, since
    at least one strict inequality is in the combination."""
    orientation, multipliers = case
    positives, negatives = [(0, 1), (1, 0)], [(0, 0), (1, 1)]
    forms = [orientation * _f(x) for x in positives] + [-orientation * _f(x) for x in negatives]
    # each form is > 0 for a separating line; the multipliers are positive. A certificate that
    # does not check leaves the claim undecided (None): it refutes nothing.
    if not all(m > 0 for m in multipliers):
        return None
    return True if build.is_zero(sum(m * f for m, f in zip(multipliers, forms))) is True else None


def _farkas_cases():
    return [(1, (1, 1, 1, 1)), (-1, (1, 1, 1, 1))]


def _implied(case):
    """From sigma*f(0,1) > 0, sigma*f(1,0) > 0, -sigma*f(0,0) > 0 it follows sigma*f(1,1) > 0:
    sigma*f(1,1) is the combination of the premises with the positive multipliers given."""
    orientation, multipliers = case
    premises = [orientation * _f((0, 1)), orientation * _f((1, 0)), -orientation * _f((0, 0))]
    if not all(m > 0 for m in multipliers):
        return None
    combination = sum(m * p for m, p in zip(multipliers, premises))
    return True if build.same(orientation * _f((1, 1)), combination) is True else None


x_, z_ = reals("x z")
nI, wI, xI = sp.Symbol("n", integer=True, positive=True), sp.IndexedBase("w"), sp.IndexedBase("x")
b_, = reals("b")
WX = sp.Sum(wI[j_] * xI[j_], (j_, 1, nI))

# ---------------------------------------------------------------------------------------------
CLAIMS = [
    # Q1(a) -- "L = w3 s  =>  dL/dw3 = s = 3.3"
    Identity("q1a-dl-dw3", "Q1(a)", "L = w3 s  =>  dL/dw3 = s (s = w1 + w2)",
             lhs=sp.Derivative(L, w3), rhs=S_EXPR, tags=("backprop",)),
    Value("q1a-dl-dw3-value", "Q1(a)", "dL/dw3 = s = 3.3 at w1 = 1, w2 = 2.3, w3 = 5.7",
          computed=lambda: _grad(w3).subs(W0), stated=R("3.3"), tags=("backprop",)),

    # Q1(b) -- "dL/dw1 = dL/ds ds/dw1 = w3(1) = w3 = 5.7"; "by symmetry dL/dw2 = w3 = 5.7"
    Chain("q1b-chain-rule", "Q1(b)", "dL/dw1 = dL/ds * ds/dw1 = w3(1) = w3",
          steps=(sp.Derivative(L, w1),
                 sp.Derivative(w3 * s_, s_) * sp.Derivative(S_EXPR, w1),
                 sp.Mul(w3, 1, evaluate=False),
                 w3), tags=("backprop",)),
    Value("q1b-dl-dw1-value", "Q1(b)", "dL/dw1 = w3 = 5.7",
          computed=lambda: _grad(w1).subs(W0), stated=R("5.7"), tags=("backprop",)),
    Identity("q1b-dl-dw2", "Q1(b)", "by symmetry, dL/dw2 = w3",
             lhs=sp.Derivative(L, w2), rhs=w3, tags=("backprop",)),
    Value("q1b-dl-dw2-value", "Q1(b)", "dL/dw2 = w3 = 5.7",
          computed=lambda: _grad(w2).subs(W0), stated=R("5.7"), tags=("backprop",)),

    # Q1(c) -- the three SGD updates with eta = 0.01, each "w - eta dL/dw = ... = ..."
    Chain("q1c-w1", "Q1(c)", "w1 - eta dL/dw1 = 1 - 0.01(5.7) = 0.943",
          steps=(_sgd(w1), 1 - ETA * R("5.7"), R("0.943")), tags=("backprop",)),
    Chain("q1c-w2", "Q1(c)", "w2 - eta dL/dw2 = 2.3 - 0.01(5.7) = 2.243",
          steps=(_sgd(w2), R("2.3") - ETA * R("5.7"), R("2.243")), tags=("backprop",)),
    Chain("q1c-w3", "Q1(c)", "w3 - eta dL/dw3 = 5.7 - 0.01(3.3) = 5.667",
          steps=(_sgd(w3), R("5.7") - ETA * R("3.3"), R("5.667")), tags=("backprop",)),

    # Q1(d) -- "L = (w1 + w2) w3 = (0.943 + 2.243) 5.667 = 18.055"; "The loss decreased."
    Value("q1d-new-loss-expr", "Q1(d)", "L(new) = (0.943 + 2.243) * 5.667",
          computed=lambda: L.subs(_w_new()), stated=(R("0.943") + R("2.243")) * R("5.667"),
          tags=("backprop",)),
    Value("q1d-new-loss", "Q1(d)", "L(new) = 18.055 (3 decimal places)",
          computed=lambda: L.subs(_w_new()), stated=R("18.055"), places=3, tags=("backprop",)),
    Property("q1d-decreased", "Q1(d)",
             "the loss decreased (L at the updated weights < L at w1 = 1, w2 = 2.3, w3 = 5.7)",
             predicate=_loss_decreased, cases=lambda: [(W0, _w_new())], tags=("backprop",)),
    # "moves each parameter opposite to the gradient ... which locally decreases the loss":
    # the directional derivative of L along the step is -||grad L||^2 <= 0 (at every point).
    Identity("q1d-descent", "Q1(d)",
             "the step opposite to the gradient locally decreases the loss: "
             "d/d eta L(w - eta grad L)|_{eta=0} = -||grad L||^2",
             lhs=sp.diff(L.subs({p: p - eta_ * _grad(p) for p in PARAMS}, simultaneous=True),
                         eta_).subs(eta_, 0),
             rhs=-sum(_grad(p) ** 2 for p in PARAMS), tags=("backprop",)),

    # Q2 -- heading only
    Prose("q2-empty", "Q2", "the document gives no solution for this question",
          reason="the document gives no solution for this question"),
    # Q3 -- heading only
    Prose("q3-empty", "Q3", "the document gives no solution for this question",
          reason="the document gives no solution for this question"),

    # Q4.1 -- the displayed derivation, then "But 2 sigma(2x) = 2/(1+e^{-(2x)})", then "So ..."
    Chain("q4.1-chain", "Q4.1",
          "tanh(x) + 1 = (e^x - e^-x)/(e^x + e^-x) + 1 = (e^x - e^-x + e^x + e^-x)/(e^x + e^-x) "
          "= 2e^x/(e^x + e^-x) = 2 * 1/(1 + e^-2x)",
          steps=(sp.tanh(x_) + 1,
                 (sp.exp(x_) - sp.exp(-x_)) / (sp.exp(x_) + sp.exp(-x_)) + 1,
                 sp.Add(sp.exp(x_), -sp.exp(-x_), sp.exp(x_), sp.exp(-x_), evaluate=False)
                 / (sp.exp(x_) + sp.exp(-x_)),
                 2 * sp.exp(x_) / (sp.exp(x_) + sp.exp(-x_)),
                 2 * (1 / (1 + sp.exp(-2 * x_)))), tags=("sigmoid-tanh",)),
    Identity("q4.1-two-sigma", "Q4.1", "2 sigma(2x) = 2 * 1/(1 + e^{-(2x)})",
             lhs=2 * sigmoid(2 * x_), rhs=2 / (1 + sp.exp(-(2 * x_))), tags=("sigmoid-tanh",)),
    Chain("q4.1-conclusion", "Q4.1", "tanh(x) + 1 = 2 * 1/(1 + e^-2x) = 2 sigma(2x)",
          steps=(sp.tanh(x_) + 1, 2 / (1 + sp.exp(-2 * x_)), 2 * sigmoid(2 * x_)),
          tags=("sigmoid-tanh",)),

    # Q4.2 -- sigmoid neuron expressed with tanh
    Identity("q4.2-sigma-via-tanh", "Q4.2", "sigma(z) = 1/2 [tanh(z/2) + 1]",
             lhs=sigmoid(z_), rhs=R(1, 2) * (sp.tanh(z_ / 2) + 1), tags=("sigmoid-tanh",)),
    Identity("q4.2-sigma-neuron", "Q4.2",
             "sigma(w^T x + b) = 1/2 [tanh((w^T x + b)/2) + 1]  (w, x in R^n, symbolic n)",
             lhs=sigmoid(WX + b_), rhs=R(1, 2) * (sp.tanh((WX + b_) / 2) + 1),
             sizes={nI: range(1, 5)}, tags=("sigmoid-tanh",)),
    # The construction: tanh neurons with w' = w/2, b' = b/2; next layer weight x 0.5, bias + 0.5
    # per use (reading in _sigmoid_to_tanh). One-hidden-layer networks (n_in, h, n_out) in
    # NET_SIZES, all outputs stacked; deeper networks by the layer step below (induction).
    Identity("q4.2-sigmoid-to-tanh-net", "Q4.2",
             "a sigmoid MLP equals the tanh MLP with w' = w/2, b' = b/2 and next-layer weight 0.5 "
             "per use plus bias 0.5 (sizes (1,1,1), (2,2,1), (2,3,2), (3,2,2))",
             lhs=SIG_NET_L, rhs=SIG_NET_R, tags=("sigmoid-tanh", "mlp-construction")),
    Identity("q4.2-sigmoid-to-tanh-layer", "Q4.2",
             "layer by layer: if sigma_prev = (u + 1)/2 for the converted layer's outputs u, the "
             "next converted tanh layer satisfies sigma = (tanh(.) + 1)/2 again (widths 1..3)",
             lhs=SIG_STEP_L, rhs=SIG_STEP_R, tags=("sigmoid-tanh", "mlp-construction")),
    # tanh neuron expressed with sigmoid
    Identity("q4.2-tanh-via-sigma", "Q4.2", "tanh(z) = 2 sigma(2z) - 1",
             lhs=sp.tanh(z_), rhs=2 * sigmoid(2 * z_) - 1, tags=("sigmoid-tanh",)),
    Identity("q4.2-tanh-neuron", "Q4.2",
             "tanh(w^T x + b) = 2 sigma(2 w^T x + 2b) - 1  (w, x in R^n, symbolic n)",
             lhs=sp.tanh(WX + b_), rhs=2 * sigmoid(2 * WX + 2 * b_) - 1,
             sizes={nI: range(1, 5)}, tags=("sigmoid-tanh",)),
    Identity("q4.2-tanh-to-sigmoid-net", "Q4.2",
             "a tanh MLP equals the sigmoid MLP with w' = 2w, b' = 2b and next-layer weights 2 "
             "with bias -1 (sizes (1,1,1), (2,2,1), (2,3,2), (3,2,2))",
             lhs=TANH_NET_L, rhs=TANH_NET_R, tags=("sigmoid-tanh", "mlp-construction")),
    Identity("q4.2-tanh-to-sigmoid-layer", "Q4.2",
             "layer by layer: if tanh_prev = 2u - 1 for the converted layer's outputs u, the next "
             "converted sigmoid layer satisfies tanh = 2 sigma(.) - 1 again (widths 1..3)",
             lhs=TANH_STEP_L, rhs=TANH_STEP_R, tags=("sigmoid-tanh", "mlp-construction")),
    # "requires at least two layers -- a single-neuron model would not be sufficient"
    Property("q4.2-single-neuron", "Q4.2",
             "a single neuron is not sufficient: no sigmoid neuron sigma(w x + b) equals tanh(x), "
             "since sigma > 0 for all real w, b while tanh(-1) < 0",
             predicate=_single_neuron_cert, cases=lambda: [(xw1, xb, sp.Integer(-1))],
             strength="proof", tags=("sigmoid-tanh", "mlp-construction")),
    Prose("q4.2-two-layers", "Q4.2",
          "the conversion needs a following layer to absorb the affine map (at least two layers)",
          reason="a remark about which architectures the construction applies to"),

    # Q4.3 -- "log p(yhat_i = y_i | x_i) = y_i . log(yhat_i)" (one-hot labels)
    Property("q4.3-one-hot-dot", "Q4.3",
             "for one-hot y, log P(yhat = y) = y . log(yhat) (|C| = 2..5, every class, "
             "symbolic positive probabilities)",
             predicate=_one_hot_dot, cases=_one_hot_cases, tags=("loss",)),
    Property("q4.3-loglik-chain", "Q4.3",
             "L_log = sum_i log p(yhat_i = y_i) = sum_i y_i . log(yhat_i) = sum_i sum_j y_ij log(yhat_ij)"
             " (N = 1..3, |C| = 2..4, every one-hot labelling)",
             predicate=_loglik_chain, cases=_dataset_cases, tags=("loss",)),
    Prose("q4.3-argmax-argmin", "Q4.3",
          "argmax_w sum sum y log yhat = argmin_w [- sum sum y log yhat]",
          reason="an order fact (maximising f is minimising -f), not an expression identity"),
    Identity("q4.3-neg-loglik-is-H", "Q4.3",
             "- sum_{i=1}^N sum_{j=1}^{|C|} y_ij log(yhat_ij) = H(y, yhat) as defined (symbolic N, |C|)",
             lhs=-LOGLIK, rhs=H_DOC, tags=("loss",)),
    Identity("q4.3-H-is-cross-entropy", "Q4.3",
             "H(y, yhat) = - sum_i sum_k y_ik log(yhat_ik) is the cross-entropy loss "
             "(dl.cross_entropy over all samples, N = 1..3, |C| = 2..4)",
             lhs=CE_L, rhs=CE_R, tags=("loss",)),

    # Q4.4 -- Adam: the unrolling of s (bounded in t, built with dl.adam_moments)
    Property("q4.4-unroll-s", "Q4.4",
             "s_{t+1} = (1 - b1) sum_{k=1}^t b1^(t-k) g_k (unrolling the recurrence, s_1 = 0; t = 1..6)",
             predicate=_unroll_s, cases=_unroll_cases, tags=("adam",)),
    # The displayed expectation derivation, as written (E[g_k] = mu already substituted: the
    # first line is linearity of E; the "letting mu = E[g_k]" step pulls mu out of the sum).
    erratum(Chain("q4.4-mean-chain", "Q4.4",
                  "E[s_{t+1}] = (1-b1) sum b1^(t-k) E[g_k] = (1-b1) mu sum_{k=1}^t b1^(t-k) "
                  "= mu (1-b1)(1 - b1/(1-b1)) = mu (1 - b1^t)",
                  steps=(E_S,
                         (1 - b1) * mu * sp.Sum(b1 ** (t_ - k_), (k_, 1, t_)),
                         mu * (1 - b1) * (1 - b1 / (1 - b1)),
                         mu * (1 - b1 ** t_)),
                  assume=B1, tags=("adam",)),
            correction=Chain("q4.4-mean-chain-fix", "Q4.4",
                             "E[s_{t+1}] = (1-b1) mu sum_{k=1}^t b1^(t-k) = mu (1-b1)(1-b1^t)/(1-b1) "
                             "= mu (1 - b1^t)",
                             steps=(E_S,
                                    (1 - b1) * mu * sp.Sum(b1 ** (t_ - k_), (k_, 1, t_)),
                                    mu * (1 - b1) * (1 - b1 ** t_) / (1 - b1),
                                    mu * (1 - b1 ** t_)),
                             assume=B1, tags=("adam",))),
    Identity("q4.4-s-corrected", "Q4.4", "bar s_{t+1} = s_{t+1}/(1 - b1^t) is unbiased: E[bar s_{t+1}] = mu",
             lhs=E_S / (1 - b1 ** t_), rhs=mu, assume=B1, tags=("adam",)),
    # Equation (1) states bar s_{t+1} = s_{t+1}/(1 - b1^(t+1)). With the document's own unrolling
    # (t gradients, s_1 = 0) that correction is biased; it would be right only with s_0 = 0 and
    # the t+1 gradients g_0 .. g_t, which the unrolling does not use. The document's derivation
    # itself concludes 1 - b1^t.
    erratum(Identity("q4.4-eq1-correction", "Q4.4",
                     "equation (1): bar s_{t+1} = s_{t+1}/(1 - b1^(t+1)) gives E[bar s_{t+1}] = mu",
                     lhs=E_S / (1 - b1 ** (t_ + 1)), rhs=mu, assume=B1, tags=("adam",)),
            correction=Identity("q4.4-eq1-correction-fix", "Q4.4",
                                "with s_{t+1} built from g_1..g_t: E[s_{t+1}/(1 - b1^t)] = mu",
                                lhs=E_S / (1 - b1 ** t_), rhs=mu, assume=B1, tags=("adam",))),
    # "we require r_{t+1} in expectation to be equal to the variance E[g_i^2]": E[g^2] is the
    # second raw moment (Adam's "uncentered variance"); the variance is E[(g - mu)^2]. Tested on
    # a two-point gradient distribution g = a (prob. p), g = c (prob. 1 - p).
    erratum(Identity("q4.4-variance-name", "Q4.4", "the variance of g is E[g^2]",
                     lhs=VAR_G, rhs=E_G2, assume=(pp > 0, pp < 1), tags=("adam",)),
            correction=Identity("q4.4-variance-name-fix", "Q4.4",
                                "the variance of g is E[g^2] - mu^2 (E[g^2] only when mu = 0)",
                                lhs=VAR_G, rhs=E_G2 - E_G ** 2, assume=(pp > 0, pp < 1),
                                tags=("adam",))),
    Property("q4.4-unroll-r", "Q4.4",
             "r_{t+1} = (1 - b2) sum_{k=1}^t b2^(t-k) g_k^2 (r_1 = 0; t = 1..6)",
             predicate=_unroll_r, cases=_unroll_cases, tags=("adam",)),
    # The document writes E[g_{t,i}^2] inside the sum over k; with the stationarity assumption
    # every E[g_k^2] is the same nu, so the reading is unaffected.
    Chain("q4.4-second-moment-chain", "Q4.4",
          "E[r_{t+1}] = (1-b2) sum_{k=1}^t b2^(t-k) E[g^2] = E[g^2](1-b2)(1)(1-b2^t)/(1-b2) "
          "= (1 - b2^t) E[g^2]",
          steps=(E_R,
                 nu * (1 - b2) * 1 * (1 - b2 ** t_) / (1 - b2),
                 (1 - b2 ** t_) * nu),
          assume=B2, tags=("adam",)),
    Identity("q4.4-r-corrected", "Q4.4",
             "the same correction makes r unbiased: E[r_{t+1}/(1 - b2^t)] = E[g^2]",
             lhs=E_R / (1 - b2 ** t_), rhs=nu, assume=B2, tags=("adam",)),
    erratum(Identity("q4.4-eq2-correction", "Q4.4",
                     "equation (2): bar r_{t+1} = r_{t+1}/(1 - b2^(t+1)) gives E[bar r_{t+1}] = E[g^2]",
                     lhs=E_R / (1 - b2 ** (t_ + 1)), rhs=nu, assume=B2, tags=("adam",)),
            correction=Identity("q4.4-eq2-correction-fix", "Q4.4",
                                "with r_{t+1} built from g_1..g_t: E[r_{t+1}/(1 - b2^t)] = E[g^2]",
                                lhs=E_R / (1 - b2 ** t_), rhs=nu, assume=B2, tags=("adam",))),

    # Q5 -- heading only
    Prose("q5-empty", "Q5", "the document gives no solution for this question",
          reason="the document gives no solution for this question"),

    # Q6.1 -- "z2 = W2 z1 + b2 = W2(W1 z0 + b1) + b2 = W2 W1 z0 + (W2 b1 + b2)"
    Identity("q6.1-collapse", "Q6.1",
             "W2(W1 z0 + b1) + b2 = W2 W1 z0 + (W2 b1 + b2)  (all shapes (d0, d1, d2) in {1,2,3}^3)",
             lhs=AFF_L, rhs=AFF_R, tags=("linear-algebra",)),
    Identity("q6.1-induction", "Q6.1",
             "by induction a D-layer network without nonlinearities is one affine layer "
             "W' = W_D..W_1, b' = sum_l W_D..W_{l+1} b_l (D = 1..4, width 2)",
             lhs=DEEP_L, rhs=DEEP_R, tags=("linear-algebra",)),

    # Q6.2 -- W1 in R^{2x10}, W2 in R^{10x2}
    Value("q6.2-shape", "Q6.2", "W' = W2 W1 is in R^{10x10}",
          computed=lambda: (W2_10 * W1_10).shape, stated=(10, 10), tags=("linear-algebra",)),
    Identity("q6.2-image", "Q6.2",
             "im W' = {W2 y | y in im W1} (subset of im W2): W' x = W2 (W1 x) for all x in R^10",
             lhs=(W2_10 * W1_10) * X_10, rhs=W2_10 * (W1_10 * X_10), tags=("linear-algebra",)),
    Property("q6.2-rank-ineq", "Q6.2",
             "rank W' <= rank W1 and rank W' <= rank W2 (every W1 in {0,1}^{2x3}, W2 in {0,1}^{3x2})",
             predicate=build.exact(_rank_ineq), cases=_rank_cases, tags=("linear-algebra",)),
    # "rank W' <= min(rank W1, rank W2) = 2": the intended bound is rank W' <= 2 (the "= 2" is
    # the generic/full-rank case; in general min(...) <= 2). Proof of rank W2 W1 <= 2 for W1 in
    # R^{2xn}, W2 in R^{mx2}, any m, n (in particular 10): every 3x3 minor of W2 W1 with rows R
    # and columns C is det(W2[R,:] W1[:,C]), a 3x2 times 2x3 product, identically 0.
    Identity("q6.2-rank-at-most-2", "Q6.2",
             "rank W' <= 2: every 3x3 minor of W2 W1 is det(A B) with A in R^{3x2}, B in R^{2x3}, = 0",
             lhs=_det3(A32 * B23), rhs=0, tags=("linear-algebra",)),
    Identity("q6.2-minors-4x4", "Q6.2",
             "all 16 3x3 minors of W2 W1 vanish for symbolic W2 in R^{4x2}, W1 in R^{2x4}",
             lhs=MINORS_4, rhs=later(lambda m: sp.zeros(*m.shape), MINORS_4), tags=("linear-algebra",)),
    Value("q6.2-full-rank", "Q6.2",
          "min(rank W1, rank W2) = 2 for full-rank W1, W2, and then rank W' = 2",
          computed=_full_rank_example, stated=(2, 2, 2), tags=("linear-algebra",)),
    Prose("q6.2-expressive", "Q6.2",
          "W2 W1 collapses x to a 2-dimensional subspace, while a single 10x10 layer might have "
          "had more expressive power",
          reason="a qualitative statement about expressive power"),

    # Q6.3 -- AND: w = [1,1], b = -1.5; OR: w = [1,1], b = -0.5; output sign(w^T x + b)
    Property("q6.3-table", "Q6.3",
             "the printed table: AND sign(-1.5) = -1, sign(-0.5) = -1, sign(0.5) = 1; "
             "OR sign(-0.5) = -1, sign(0.5) = 1, sign(1.5) = 1",
             predicate=_table_row, cases=lambda: list(TABLE), tags=("mlp-construction",)),
    Property("q6.3-and-or", "Q6.3",
             "the two layers compute AND and OR (output 1 = true, -1 = false) on all of {0,1}^2",
             predicate=_and_or, cases=lambda: list(itertools.product((0, 1), repeat=2)),
             tags=("mlp-construction",)),
    Property("q6.3-xor-labels", "Q6.3", "XOR maps (0,1), (1,0) to 1 and (0,0), (1,1) to 0",
             predicate=lambda x: build.equal(x[0] ^ x[1], XOR_STATED[x]), cases=lambda: list(XOR_STATED),
             tags=("mlp-construction",)),
    Prose("q6.3-geometry", "Q6.3",
          "the XOR points lie on a square, positives on one diagonal, negatives on the other; a "
          "single layer perceptron's decision boundary w^T x + b = 0 is a line in 2D",
          reason="a geometric description, not a checkable equation"),
    Property("q6.3-xor-not-separable", "Q6.3",
             "no line separates the XOR classes: for all w1, w2, b the constraints "
             "f(0,1), f(1,0) > 0 > f(0,0), f(1,1) (either orientation) are infeasible",
             predicate=_farkas, cases=_farkas_cases, strength="proof", tags=("mlp-construction",)),
    Property("q6.3-also-separates", "Q6.3",
             "any line separating (0,0) from (0,1) and (1,0) also separates (0,0) from (1,1): "
             "f(1,1) = f(0,1) + f(1,0) - f(0,0)",
             predicate=_implied, cases=lambda: [(1, (1, 1, 1)), (-1, (1, 1, 1))],
             strength="proof", tags=("mlp-construction",)),

    # Q6.4 -- the text ends after "In the base case,"
    Prose("q6.4-truncated", "Q6.4", "In the base case, ... (the document is truncated here)",
          reason="the document is truncated after 'In the base case,'"),
]
