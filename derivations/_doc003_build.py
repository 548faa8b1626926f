"""Constructions of doc003_leuphana: 1(e)'s model, 3's linear networks and rank sweeps, 4(a)'s limits, 4(c)'s nets."""
import functools
import itertools

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from checks import build
from checks.dl import sigmoid, tanh_as_written
from checks.model.claims import Identity, Limit, Value, later, reals

BETA, = reals("beta")
TAGS = {"3": ("linear-algebra", "mlp-construction"), "4(c)": ("sigmoid-tanh", "mlp-construction")}
W1_EX, W2_EX = sp.Matrix([[1, 0], [0, 0]]), sp.Matrix([[1, 1], [1, 1]])       # 3's example
BOTTLENECK = build.symbol_matrix("V", 2, 1) * build.symbol_matrix("U", 1, 2)   # W2 W1 of a 2 -> 1 -> 2 network
pairs = functools.partial(itertools.product, build.integer_matrices(2, 2), repeat=2)   # 2x2 over {-1,0,1}


def L(p):
    """The log-odds function L(p) = log(p/(1-p))."""
    return sp.log(p / (1 - p))


def networks(cid, location, statement, sides, *args):
    """lhs = rhs for the pair of stacked networks ``sides(*args)`` builds (when checked)."""
    lhs, rhs = later(sides, *args).split(2)
    return Identity(cid, location, statement, lhs=lhs, rhs=rhs, tags=TAGS[location], over=build.SIZES_NAMED)


def value(cid, statement, computed, stated):
    """A value of 3's rank examples."""
    return Value(cid, "3", statement, computed=computed, stated=stated, tags=("linear-algebra",))


def limit(cid, statement, expr, stated, *assume, **kw):
    """A limit of 4(a), as beta -> oo."""
    return Limit(cid, "4(a)", statement, expr=expr, var=BETA, point=sp.oo, stated=stated, assume=assume,
                 tags=("sigmoid-tanh",), **kw)


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
def deep(zero_weights=False, dims_list=((2, 1), (2, 2, 2), (1, 3, 2, 2), (2, 2, 1, 3, 2))):
    """The outputs of linear networks of widths n_0, ..., n_L (default: depths L = 1..4) and W x + b with
    W = W_L...W_1, b = sum_l W_L...W_{l+1} b_l, stacked; with ``zero_weights`` every W_l = 0 and b = b_L."""
    lhs, rhs = [], []
    for dims in dims_list:
        x, hidden, out = build.layer_parameters(f"d{''.join(map(str, dims))}", dims)
        layers = [(sp.zeros(*W.shape) if zero_weights else W, b) for W, b in hidden + [out]]
        W_eff, b_eff = sp.eye(dims[0]), sp.zeros(dims[0], 1)
        for W, b in layers:                     # b_eff collects W_L...W_{l+1} b_l layer by layer
            W_eff, b_eff = W * W_eff, W * b_eff + b
        lhs.append(build.mlp(x, layers[:-1], layers[-1], lambda t: t))
        rhs.append(layers[-1][1] if zero_weights else W_eff * x + b_eff)
    return sp.Matrix.vstack(*lhs), sp.Matrix.vstack(*rhs)


def rank_one(pair):
    """rank(W2 W1) = 1, or the pair with the rank it has."""
    W1, W2 = pair
    r = (W2 * W1).rank()
    return True if r == 1 else build.Refuted(W1=str(W1.tolist()), W2=str(W2.tolist()), rank_W2W1=r)


def adding_reduces(pair):
    """rank(W2 W1) < rank(W1): adding the layer W2 after W1 reduced the rank, or the two ranks."""
    r1, r21 = pair[0].rank(), (pair[1] * pair[0]).rank()
    return True if r21 < r1 else build.Refuted(rank_W1=r1, rank_W2W1=r21)


def largest_rank(A):
    """Largest rank of a polynomial matrix over real values of its symbols: its exact rank over Q(symbols)."""
    return DomainMatrix.from_Matrix(A).to_field().rank()


# --- 4(c): tanh <-> sigmoid networks (forward: tanh -> sigmoid) ---------------------------------
# (the function, the other, the parameter map, what feeds layer l >= 2 in the other network and in the
# original, the ratio of their preactivations): tanh(u) = 2 sigma(2u) - 1, sigma(u) = (tanh(u/2) + 1)/2
CONVERT = {True: (tanh_as_written, sigmoid, build.tanh_to_sigmoid, lambda t: sigmoid(2 * t), sp.tanh, 2),
           False: (sigmoid, tanh_as_written, build.sigmoid_to_tanh, lambda t: sp.tanh(t / 2), sigmoid, sp.S.Half)}


def nets(forward, shapes=((1, 1, 1), (2, 2, 1), (2, 3, 2))):
    """One-hidden-layer networks of the one function and their conversions, over (input, hidden, output)."""
    f, g, convert = CONVERT[forward][:3]
    params = [build.layer_parameters(f"{'ts'[not forward]}{i}", s) for i, s in enumerate(shapes)]
    return (sp.Matrix.vstack(*[build.mlp(x, hidden, out, f) for x, hidden, out in params]),
            sp.Matrix.vstack(*[build.mlp(x, *convert(hidden, out), g) for x, hidden, out in params]))


def hidden_steps(forward, widths=((1, 1), (2, 2), (3, 2))):
    """Layer l >= 2's converted preactivation, fed by converted layer l-1, against 2 (forward) or 1/2 times
    the original's; u is layer l-1's preactivation, ``widths`` are (width of l-1, width of l)."""
    *_, convert, new, old, ratio = CONVERT[forward]
    lhs, rhs = [], []
    for i, (h1, h2) in enumerate(widths):
        tag = f"{'ts'[not forward]}h{i}"
        _, hidden, out = build.layer_parameters(tag, (1, h1, h2, 1))
        (W, b), (W2, b2), u = hidden[1], convert(hidden, out)[0][1], build.symbol_vector(f"u{tag}", h1)
        lhs.append(W2 * u.applyfunc(new) + b2)
        rhs.append(ratio * (W * u.applyfunc(old) + b))
    return sp.Matrix.vstack(*lhs), sp.Matrix.vstack(*rhs)
