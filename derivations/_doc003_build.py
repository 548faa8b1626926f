"""Constructions for document 003 (derivations/doc003_leuphana.py): the logistic model of 1(e),
the linear networks and 2x2 rank examples of 3, the tanh <-> sigmoid networks of 4(c)."""
import sympy as sp
from sympy.polys.matrices import DomainMatrix

from checks import build
from checks.dl import sigmoid, tanh_as_written


def L(p):
    """The log-odds function L(p) = log(p/(1-p))."""
    return sp.log(p / (1 - p))


# --- 1(e): p_i = P(Y=1 | X_i = 1, X_j = 0 for j != i) in the model sigma(sum_j w_j x_j) -------------
def over_models(f, sizes=range(1, 6)):
    """f(p_i, w_i) for every model with k inputs, k in ``sizes``, and every i <= k, stacked."""
    out = []
    for k in sizes:
        w, xs = build.symbol_vector("w", k), build.symbol_vector("x", k)
        model = sigmoid(sum(w[i] * xs[i] for i in range(k)))
        out += [f(model.xreplace({xs[j]: int(j == i) for j in range(k)}), w[i]) for i in range(k)]
    return sp.Matrix(out)


# --- 3: linear networks y = W_L(...(W_1 x + b_1)...) + b_L --------------------------------------
def two_layer_steps(shapes=((1, 1, 1), (2, 2, 2), (3, 2, 1), (2, 3, 4))):
    """W2(W1 x + b1) + b2 and W2 W1 x + W2 b1 + b2, stacked over (input, hidden, output) shapes."""
    nets = [build.layer_parameters(f"s{''.join(map(str, s))}", s) for s in shapes]
    nets = [(x, W1, b1, W2, b2) for x, [(W1, b1)], (W2, b2) in nets]
    return (sp.Matrix.vstack(*[W2 * (W1 * x + b1) + b2 for x, W1, b1, W2, b2 in nets]),
            sp.Matrix.vstack(*[W2 * W1 * x + W2 * b1 + b2 for x, W1, b1, W2, b2 in nets]))


DEEP_DIMS = ((2, 1), (2, 2, 2), (1, 3, 2, 2), (2, 2, 1, 3, 2))   # n_0, ..., n_L for depths L = 1..4


def deep(zero_weights=False):
    """(network output, W x + b with W = W_L...W_1, b = sum_l W_L...W_{l+1} b_l, last bias b_L),
    each stacked over DEEP_DIMS; with ``zero_weights`` every W_l is the zero matrix."""
    sides = ([], [], [])
    for dims in DEEP_DIMS:
        x, hidden, out = build.layer_parameters(f"d{''.join(map(str, dims))}", dims)
        layers = [(sp.zeros(*W.shape) if zero_weights else W, b) for W, b in hidden + [out]]
        W_eff, b_eff = sp.eye(dims[0]), sp.zeros(dims[0], 1)
        for W, b in layers:                     # b_eff collects W_L...W_{l+1} b_l layer by layer
            W_eff, b_eff = W * W_eff, W * b_eff + b
        y = build.mlp(x, layers[:-1], layers[-1], lambda t: t)
        for side, v in zip(sides, (y, W_eff * x + b_eff, layers[-1][1])):
            side.append(v)
    return tuple(sp.Matrix.vstack(*s) for s in sides)


W1_EX, W2_EX = sp.Matrix([[1, 0], [0, 0]]), sp.Matrix([[1, 1], [1, 1]])   # the document's example


def integer(*ms):
    """SymPy integer matrices as flint's, whose rank is exact."""
    return tuple(build.fmpz_mat([[int(v) for v in r] for r in m.tolist()]) for m in ms)


def pairs():
    """(W1, W2) for every pair of 2x2 integer matrices with entries in {-1, 0, 1}."""
    ms = build.integer_matrices(2, 2)
    return ((W1, W2) for W1 in ms for W2 in ms)


def rank_one(pair):
    """rank(W2 W1) = 1, or the pair with the rank it has."""
    W1, W2 = pair
    r = (W2 * W1).rank()
    return True if r == 1 else build.Refuted(W1=str(W1.tolist()), W2=str(W2.tolist()), rank_W2W1=r)


def adding_reduces(pair):
    """rank(W2 W1) < rank(W1): adding the layer W2 after W1 reduced the rank, or the two ranks."""
    W1, W2 = pair
    r1, r21 = W1.rank(), (W2 * W1).rank()
    return True if r21 < r1 else build.Refuted(rank_W1=r1, rank_W2W1=r21)


def largest_rank(A):
    """The largest rank of a matrix of polynomials over every real value of its symbols: its rank
    over the field of rational functions, computed exactly."""
    return DomainMatrix.from_Matrix(A).to_field().rank()


def bottleneck_rank():
    """Largest rank of W2 W1 over every 2 -> 1 -> 2 linear network (a hidden layer of width 1)."""
    return largest_rank(build.symbol_matrix("V", 2, 1) * build.symbol_matrix("U", 1, 2))


# --- 4(c): one-hidden-layer tanh and sigmoid networks, and a later hidden layer ----------------
NET_SHAPES = ((1, 1, 1), (2, 2, 1), (2, 3, 2))   # (input, hidden width, output)
STEP_SHAPES = ((1, 1), (2, 2), (3, 2))           # (width of layer l-1, width of layer l)
ACT = {True: (tanh_as_written, sigmoid, build.tanh_to_sigmoid),
       False: (sigmoid, tanh_as_written, build.sigmoid_to_tanh)}


def nets(forward):
    """The network of the one function and the converted network of the other, stacked over
    NET_SHAPES (forward: tanh -> sigmoid)."""
    f, g, convert = ACT[forward]
    lhs, rhs = [], []
    for s, shape in enumerate(NET_SHAPES):
        x, hidden, out = build.layer_parameters(f"{'t' if forward else 's'}{s}", shape)
        lhs.append(build.mlp(x, hidden, out, f))
        rhs.append(build.mlp(x, *convert(hidden, out), g))
    return sp.Matrix.vstack(*lhs), sp.Matrix.vstack(*rhs)


def hidden_steps(forward):
    """A hidden layer l >= 2 of the converted network, fed by the converted previous layer, against
    the original layer's preactivation times 2 (forward) or 1/2; u is layer l-1's preactivation."""
    lhs, rhs = [], []
    for s, (h1, h2) in enumerate(STEP_SHAPES):
        tag = f"{'t' if forward else 's'}h{s}"
        _, hidden, out = build.layer_parameters(tag, (1, h1, h2, 1))
        (W, b), u = hidden[1], build.symbol_vector(f"u{tag}", h1)
        (W2, b2) = ACT[forward][2](hidden, out)[0][1]
        if forward:
            lhs.append(W2 * u.applyfunc(lambda t: sigmoid(2 * t)) + b2)
            rhs.append(2 * (W * u.applyfunc(sp.tanh) + b))
        else:
            lhs.append(W2 * u.applyfunc(lambda t: sp.tanh(t / 2)) + b2)
            rhs.append((W * u.applyfunc(sigmoid) + b) / 2)
    return sp.Matrix.vstack(*lhs), sp.Matrix.vstack(*rhs)
