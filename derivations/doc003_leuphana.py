"""Deep Learning SS 2024 (Leuphana), Classwork: sigmoid, softmax, linear networks, activation
similarities -- marked copy of ../shared/seeds/003_8913d2331ac13223.txt.

Conventions: sigma(z) = 1/(1+e^-z) (checks.dl.sigmoid), L(p) = log(p/(1-p)); vectors are column
vectors, a layer is f(W x + b); matrices are small symbolic matrices over a sweep of shapes.
Unevaluated SymPy nodes (evaluate=False) keep displayed intermediate forms as written.
"""
import functools

import sympy as sp

from checks import build
from checks.dl import sigmoid, swish, softmax_entry, matmul, tanh_as_written
from checks.model.catalog import Document
from checks.model.claims import Identity, Chain, Value, Property, Limit, Prose, erratum, later, reals

DOCUMENT = Document(file="003_8913d2331ac13223.txt", id="003",
                    title="Deep Learning SS 2024, Leuphana: Classwork (sigmoid, softmax, "
                          "expressive power, activation similarities)",
                    questions=("1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "2(a)", "2(b)", "3",
                               "4(a)", "4(b)", "4(c)"))

z, x, beta = reals("z x beta")
E = sp.exp


def _mul(*a):
    return sp.Mul(*a, evaluate=False)


def _add(*a):
    return sp.Add(*a, evaluate=False)


def L(p):
    """The log-odds function L(p) = log(p/(1-p))."""
    return sp.log(p / (1 - p))


# --- 1(e): the model P(Y=1 | X=x) = sigma(sum_i w_i x_i), built for k = 1..5 -------------------
K_RANGE = range(1, 6)
W = sp.symbols("w1:6", real=True)


def _p_i(k, i):
    """P(Y=1 | X_i = 1, X_j = 0 for j != i) in the model with k inputs (i is 1-based)."""
    xs = sp.symbols(f"x1:{k + 1}", real=True)
    model = sigmoid(sum(W[j] * xs[j] for j in range(k)))
    return model.xreplace({xs[j]: (1 if j == i - 1 else 0) for j in range(k)})


_PAIRS = [(k, i) for k in K_RANGE for i in range(1, k + 1)]


def _stack(f):
    return sp.Matrix([f(k, i) for k, i in _PAIRS])


# --- 2(b): softmax over x_1..x_d with symbolic d ------------------------------------------------
d = sp.Symbol("d", integer=True, positive=True)
j, k = sp.symbols("j k", integer=True)
X = sp.IndexedBase("x")
_den = sp.Sum(E(X[k]), (k, 1, d))


# --- 3: linear networks ------------------------------------------------------------------------
def _mat(name, r, c):
    return sp.Matrix(r, c, lambda a, b: sp.Symbol(f"{name}_{a + 1}{b + 1}", real=True))


def _vec(name, r):
    return sp.Matrix(r, 1, lambda a, _: sp.Symbol(f"{name}_{a + 1}", real=True))


TWO_LAYER_SHAPES = ((1, 1, 1), (2, 2, 2), (3, 2, 1), (2, 3, 4))   # (input, hidden, output)


def _two_layer(shape):
    n0, n1, n2 = shape
    tag = "".join(map(str, shape))
    W1, W2 = _mat(f"W1s{tag}", n1, n0), _mat(f"W2s{tag}", n2, n1)
    b1, b2, xv = _vec(f"b1s{tag}", n1), _vec(f"b2s{tag}", n2), _vec(f"xs{tag}", n0)
    return W1, W2, b1, b2, xv


def _two_layer_steps():
    nets = [_two_layer(s) for s in TWO_LAYER_SHAPES]
    s0 = sp.Matrix.vstack(*[W2 * (W1 * xv + b1) + b2 for W1, W2, b1, b2, xv in nets])
    s1 = sp.Matrix.vstack(*[W2 * W1 * xv + W2 * b1 + b2 for W1, W2, b1, b2, xv in nets])
    return s0, s1


DEEP_DIMS = ((2, 1), (2, 2, 2), (1, 3, 2, 2), (2, 2, 1, 3, 2))   # n_0, ..., n_L for L = 1..4


@functools.lru_cache(maxsize=None)   # the stacks of both sides reuse each network
def _deep(dims, zero_weights=False):
    """Deep linear net y = W_L(...(W_1 x + b_1)...) + b_L, and its effective (W, b)."""
    tag = "".join(map(str, dims))
    xv = _vec(f"xd{tag}", dims[0])
    Ws = [sp.zeros(dims[l + 1], dims[l]) if zero_weights else _mat(f"W{l + 1}d{tag}", dims[l + 1], dims[l])
          for l in range(len(dims) - 1)]
    bs = [_vec(f"b{l + 1}d{tag}", dims[l + 1]) for l in range(len(dims) - 1)]
    y = xv
    for Wl, bl in zip(Ws, bs):
        y = matmul(Wl, y) + bl
    Weff = sp.eye(dims[0])
    for Wl in Ws:
        Weff = matmul(Wl, Weff)
    beff = sp.zeros(dims[-1], 1)
    for l, bl in enumerate(bs):                      # b = sum_l W_L ... W_{l+1} b_l
        P = sp.eye(dims[-1])
        for Wm in reversed(Ws[l + 1:]):
            P = matmul(P, Wm)
        beff += matmul(P, bl)
    return y, matmul(Weff, xv) + beff, bs[-1]


def _deep_stack(which, zero_weights=False):
    return sp.Matrix.vstack(*[_deep(dd, zero_weights)[which] for dd in DEEP_DIMS])


def _int_mats_2x2():
    vals = (-1, 0, 1)
    return [build.fmpz_mat(2, 2, [a, b, c, e]) for a in vals for b in vals for c in vals for e in vals]


def _rank_pairs():
    ms = _int_mats_2x2()
    return ((A, B) for A in ms for B in ms)


W1_EX = sp.Matrix([[1, 0], [0, 0]])
W2_EX = sp.Matrix([[1, 1], [1, 1]])


# --- 4(c): tanh networks <-> sigmoid networks --------------------------------------------------
NET_SHAPES = ((1, (1,), 1), (2, (2,), 1), (2, (3,), 2))   # (input, hidden width, output)
STEP_SHAPES = ((1, 1), (2, 2), (3, 2))                      # (width of layer l-1, width of layer l)


def _net_params(shape, tag):
    n0, hs, m = shape
    dims = (n0,) + tuple(hs)
    Ws = [_mat(f"W{l + 1}{tag}", dims[l + 1], dims[l]) for l in range(len(hs))]
    bs = [_vec(f"b{l + 1}{tag}", dims[l + 1]) for l in range(len(hs))]
    return _vec(f"x{tag}", n0), Ws, bs, _mat(f"V{tag}", m, hs[-1]), _vec(f"c{tag}", m)


def _net(f, xv, Ws, bs, V, c):
    h = xv
    for Wl, bl in zip(Ws, bs):
        h = (matmul(Wl, h) + bl).applyfunc(f)
    return matmul(V, h) + c


def _tanh_to_sigmoid(Ws, bs, V, c):
    """tanh(u) = 2 sigma(2u) - 1: the *2 goes into the weights, the -1 into the next bias."""
    ones = [sp.ones(Wl.shape[1], 1) for Wl in Ws]
    Ws2 = [2 * Ws[0]] + [4 * Wl for Wl in Ws[1:]]
    bs2 = [2 * bs[0]] + [2 * (bl - Wl * one) for Wl, bl, one in zip(Ws[1:], bs[1:], ones[1:])]
    return Ws2, bs2, 2 * V, c - V * sp.ones(V.shape[1], 1)


def _sigmoid_to_tanh(Ws, bs, V, c):
    """sigma(u) = (tanh(u/2) + 1)/2: the /2 goes into the weights, the +1/2 into the next bias."""
    ones = [sp.ones(Wl.shape[1], 1) for Wl in Ws]
    Ws2 = [Ws[0] / 2] + [Wl / 4 for Wl in Ws[1:]]
    bs2 = [bs[0] / 2] + [(bl + Wl * one / 2) / 2 for Wl, bl, one in zip(Ws[1:], bs[1:], ones[1:])]
    return Ws2, bs2, V / 2, c + V * sp.ones(V.shape[1], 1) / 2


def _tanh_sigmoid_sides(forward):
    lhs, rhs = [], []
    for s, shape in enumerate(NET_SHAPES):
        xv, Ws, bs, V, c = _net_params(shape, f"{'t' if forward else 's'}{s}")
        if forward:
            lhs.append(_net(tanh_as_written, xv, Ws, bs, V, c))
            rhs.append(_net(sigmoid, xv, *_tanh_to_sigmoid(Ws, bs, V, c)))
        else:
            lhs.append(_net(sigmoid, xv, Ws, bs, V, c))
            rhs.append(_net(tanh_as_written, xv, *_sigmoid_to_tanh(Ws, bs, V, c)))
    return sp.Matrix.vstack(*lhs), sp.Matrix.vstack(*rhs)


def _hidden_step_sides(forward):
    """Layer l >= 2 of a deeper network, with the previous layer's tanh preactivation u given as a
    symbolic vector: the converted sigma layer (fed by sigma(2u)) has preactivation 2 x that of the
    tanh layer (fed by tanh(u)); conversely the converted tanh layer (fed by tanh(u/2)) has
    preactivation 1/2 x that of the sigma layer (fed by sigma(u)). The converted parameters are the
    second-layer parameters produced by _tanh_to_sigmoid / _sigmoid_to_tanh on a 2-layer network."""
    lhs, rhs = [], []
    for s, (h1, h2) in enumerate(STEP_SHAPES):
        tag = f"{'t' if forward else 's'}h{s}"
        _, Ws, bs, V, c = _net_params((1, (h1, h2), 1), tag)
        u = _vec(f"u{tag}", h1)
        if forward:
            Ws2, bs2, _, _ = _tanh_to_sigmoid(Ws, bs, V, c)
            lhs.append(Ws2[1] * u.applyfunc(lambda t: sigmoid(2 * t)) + bs2[1])
            rhs.append(2 * (Ws[1] * u.applyfunc(sp.tanh) + bs[1]))
        else:
            Ws2, bs2, _, _ = _sigmoid_to_tanh(Ws, bs, V, c)
            lhs.append(Ws2[1] * u.applyfunc(lambda t: sp.tanh(t / 2)) + bs2[1])
            rhs.append((Ws[1] * u.applyfunc(sigmoid) + bs[1]) / 2)
    return sp.Matrix.vstack(*lhs), sp.Matrix.vstack(*rhs)


# built when checked (claims.later), in the worker
_T2S = later(_tanh_sigmoid_sides, True).split(2)
_S2T = later(_tanh_sigmoid_sides, False).split(2)
_T2S_STEP = later(_hidden_step_sides, True).split(2)
_S2T_STEP = later(_hidden_step_sides, False).split(2)

_h = x / (1 + E(-beta * x))                       # h(x) as displayed in 4(a)
_relu_pw = sp.Piecewise((0, x < 0), (x, True))    # the document's piecewise result

CLAIMS = [
    # 1(a) -- sigma'(z) = (0 + 1*e^-z)/(1+e^-z)^2 = 1/(1+e^-z) * e^-z/(1+e^-z) = sigma(z) sigma(-z)
    Chain("1a-derivative-chain", "1(a)",
          "sigma'(z) = (0 + 1 e^-z)/(1+e^-z)^2 = 1/(1+e^-z) * e^-z/(1+e^-z) = sigma(z) sigma(-z)",
          steps=(sp.Derivative(sigmoid(z), z),
                 _add(0, _mul(1, E(-z))) / (1 + E(-z)) ** 2,
                 _mul(1 / (1 + E(-z)), E(-z) / (1 + E(-z))),
                 sigmoid(z) * sigmoid(-z)),
          tags=("sigmoid-tanh",)),
    Identity("1a-derivative-of-definition", "1(a)",
             "d/dz 1/(1+e^-z) = sigma(z) sigma(-z) (the derivative taken of the definition itself)",
             lhs=sp.Derivative(1 / (1 + E(-z)), z), rhs=sigmoid(z) * sigmoid(-z),
             tags=("sigmoid-tanh",)),

    # 1(b) -- sigma(-z) + sigma(z) = 1/(1+e^z) + 1/(1+e^-z) = 1
    Chain("1b-symmetry-chain", "1(b)", "sigma(-z) + sigma(z) = 1/(1+e^z) + 1/(1+e^-z) = 1",
          steps=(sigmoid(-z) + sigmoid(z), 1 / (1 + E(z)) + 1 / (1 + E(-z)), sp.S.One),
          tags=("sigmoid-tanh",)),

    # 1(c) -- sigma(z) = 1/(1+exp(-z)) = exp(z)/(exp(z)+exp(z)exp(-z)) = exp(z)/(exp(z)+exp(z)/exp(z))
    #         = exp(z)/(1+exp(z))
    Chain("1c-exp-form-chain", "1(c)",
          "sigma(z) = 1/(1+exp(-z)) = exp(z)/(exp(z) + exp(z)exp(-z)) = exp(z)/(exp(z) + exp(z)/exp(z)) "
          "= exp(z)/(1+exp(z))",
          steps=(sigmoid(z), 1 / (1 + E(-z)),
                 E(z) / _add(E(z), _mul(E(z), E(-z))),
                 E(z) / _add(E(z), _mul(E(z), sp.Pow(E(z), -1, evaluate=False))),
                 E(z) / (1 + E(z))),
          tags=("sigmoid-tanh",)),

    # 1(d) -- L(sigma(z)) = log(sigma/(1-sigma)) = log((1/(1+e^-z))/(1/(e^z+1))) = log(e^z) = z
    Chain("1d-logodds-chain", "1(d)",
          "L(sigma(z)) = log(sigma(z)/(1-sigma(z))) = log((1/(1+e^-z))/(1/(e^z+1))) = log(e^z) = z",
          steps=(L(sigmoid(z)), sp.log(sigmoid(z) / (1 - sigmoid(z))),
                 sp.log(_mul(1 / (1 + E(-z)), sp.Pow(1 / (E(z) + 1), -1, evaluate=False))),
                 sp.log(E(z), evaluate=False), z),
          tags=("sigmoid-tanh",)),

    # 1(e) -- L(p_i) = log(P(Y=1|X_i=1,X_j=0)/(1-P(...))) = L(sigma(w_i)); by (d) L(sigma(w_i)) = w_i.
    # p_i is computed from the model sigma(sum_k w_k x_k) at x_i = 1, x_j = 0; stacked over every
    # k = 1..5 and every i = 1..k (15 entries), so this is the claim for k <= 5, not for all k.
    Chain("1e-weight-is-logodds", "1(e)",
          "L(p_i) = log(P(Y=1|X_i=1,X_j=0)/(1-P(Y=1|X_i=1,X_j=0))) = L(sigma(w_i)) = w_i "
          "(models with k = 1..5 inputs, every i)",
          steps=(_stack(lambda k_, i: L(_p_i(k_, i))),
                 _stack(lambda k_, i: sp.log(_p_i(k_, i) / (1 - _p_i(k_, i)))),
                 _stack(lambda k_, i: L(sigmoid(W[i - 1]))),
                 _stack(lambda k_, i: W[i - 1])),
          tags=("sigmoid-tanh",)),

    # 2(a) -- softmax normalises (multi-class); per-dimension sigmoid gives independent
    #         probabilities (multi-label).
    Prose("2a-softmax-vs-sigmoid", "2(a)",
          "softmax normalises the outputs to sum to one (a distribution over classes, multi-class); "
          "a per-dimension sigmoid gives an individual probability per class (multi-label)",
          reason="a conceptual comparison of modelling uses, not a mathematical statement",
          tags=("softmax",)),

    # 2(b) -- sum_j sigma(x)_j = sum_j exp(x_j)/sum_k exp(x_k) = 1/sum_k exp(x_k) sum_j exp(x_j) = 1
    Chain("2b-softmax-sums-to-one", "2(b)",
          "sum_j sigma(x)_j = sum_j exp(x_j)/sum_k exp(x_k) = (1/sum_k exp(x_k)) sum_j exp(x_j) = 1, "
          "symbolic d",
          steps=(sp.Sum(softmax_entry(X, j, d, k), (j, 1, d)),
                 sp.Sum(E(X[j]) / _den, (j, 1, d)),
                 _mul(1 / _den, sp.Sum(E(X[j]), (j, 1, d))),
                 sp.S.One),
          sizes={d: range(1, 7)}, tags=("softmax",)),

    # 3 -- y = W2(W1 x + b1) + b2 = W2 W1 x + W2 b1 + b2  (=: W'x + b'), symbolic matrices of
    #      shapes (input, hidden, output) in TWO_LAYER_SHAPES, stacked.
    Chain("3-two-layer-collapse", "3",
          "y = W2(W1 x + b1) + b2 = W2 W1 x + W2 b1 + b2 = W'x + b' with W' = W2 W1, b' = W2 b1 + b2 "
          "(symbolic matrices, shapes (1,1,1), (2,2,2), (3,2,1), (2,3,4))",
          steps=later(_two_layer_steps), tags=("linear-algebra", "mlp-construction")),
    # 3 -- "The final output of a deep linear network can always be represented as y = W x + b":
    #      W = W_L...W_1, b = sum_l W_L...W_{l+1} b_l (our explicit effective parameters), L = 1..4.
    Identity("3-deep-linear-is-affine", "3",
             "a deep linear network equals one affine map y = W x + b, W = W_L...W_1, "
             "b = sum_l W_L...W_{l+1} b_l (symbolic matrices, depths L = 1..4)",
             lhs=later(_deep_stack, 0), rhs=later(_deep_stack, 1), tags=("linear-algebra", "mlp-construction")),
    Prose("3-expressive-power-same", "3",
          "since any number of linear layers is one linear transformation, the expressive power "
          "remains the same no matter how many layers are added; only linear maps are represented",
          reason="'expressive power' is an informal notion; the algebra behind it is the collapse "
                 "identities above", tags=("linear-algebra",)),
    # 3 -- zero initialisation: all W_l = 0 gives y = b_n whatever the input (depths 1..4).
    Identity("3-zero-init-output-is-last-bias", "3",
             "with every W_l = 0 the output is y = b_n, the bias of the last layer, for any input "
             "(symbolic biases and inputs, depths n = 1..4)",
             lhs=later(_deep_stack, 0, True),
             rhs=later(lambda: sp.Matrix.vstack(*[_deep(dd)[2] for dd in DEEP_DIMS])),
             tags=("linear-algebra", "mlp-construction")),
    # 3 -- rank deficiency: adding layers cannot expand the space: rank(W2 W1) <= rank(W1),
    #      and <= rank(W2); every pair of 2x2 integer matrices with entries in {-1, 0, 1}.
    Property("3-rank-cannot-grow", "3",
             "adding a layer W2 after W1 cannot expand the representable space: "
             "rank(W2 W1) <= min(rank W1, rank W2) (all 6561 pairs of 2x2 matrices over {-1,0,1})",
             # integer matrices: rank is computed exactly (fraction-free), so a False is a refutation
             predicate=build.exact(lambda AB: (AB[1] * AB[0]).rank() <= min(AB[0].rank(), AB[1].rank())),
             cases=_rank_pairs, strength="exhaustive", tags=("linear-algebra",)),
    # 3 -- Example: W1 = [[1,0],[0,0]], W2 = [[1,1],[1,1]], W2 W1 = [[1,0],[1,0]], rank 1.
    Value("3-example-product", "3", "W2 W1 = [[1,0],[1,0]] for W1 = [[1,0],[0,0]], W2 = [[1,1],[1,1]]",
          computed=lambda: W2_EX * W1_EX, stated=sp.Matrix([[1, 0], [1, 0]]),
          tags=("linear-algebra",)),
    # "rank of 1, regardless of the individual configurations of W1 and W2": read as "for this W1,
    # W2" (the product of these two matrices has rank 1); in general the rank of W2 W1 does depend on
    # W1 and W2 (see 3-rank-cannot-grow for the inequality that does hold).
    Value("3-example-rank", "3", "the product W2 W1 has rank 1 (for the example W1, W2)",
          computed=lambda: (W2_EX * W1_EX).rank(), stated=1, tags=("linear-algebra",)),
    Value("3-example-line", "3",
          "W2 W1 projects inputs onto a line: its column space is spanned by (1, 1)",
          computed=lambda: sp.Matrix.hstack(*(W2_EX * W1_EX).columnspace()),
          stated=sp.Matrix([1, 1]), tags=("linear-algebra",)),
    Prose("3-example-reduces-power", "3",
          "the rank-1 product limits the network to projecting onto a line, actively reducing its "
          "ability compared with a full-rank single layer; adding layers can reduce expressive power",
          reason="informal conclusion about expressive power drawn from the rank example",
          tags=("linear-algebra",)),

    # 4(a) -- h(x) = x sigma(beta x) = x/(1+exp(-beta x))
    Identity("4a-swish-form", "4(a)", "h(x) = x sigma(beta x) = x/(1+exp(-beta x))",
             lhs=swish(x, beta), rhs=_h, tags=("sigmoid-tanh",)),
    # Case 1: beta = 0 gives h(x) = x/2 (linear)
    Identity("4a-beta-zero-linear", "4(a)", "beta = 0: h(x) = x/2",
             lhs=_h.subs(beta, 0), rhs=x / 2, tags=("sigmoid-tanh",)),
    # Case 2: beta -> oo: exp(-beta x) -> oo for all x < 0 ...
    Limit("4a-exp-neg-x", "4(a)", "beta -> oo: exp(-beta x) -> oo for all x < 0",
          expr=E(-beta * x), var=beta, point=sp.oo, stated=sp.oo, assume=(x < 0,),
          tags=("sigmoid-tanh",)),
    # ... and exp(-beta x) -> 0 for x >= 0: as stated, over the closed range x >= 0.  The engine
    # checks the closed end x = 0 as its own case, where exp(0) = 1 for every beta.
    erratum(Limit("4a-exp-nonneg-x", "4(a)", "beta -> oo: exp(-beta x) -> 0 for x >= 0",
                  expr=E(-beta * x), var=beta, point=sp.oo, stated=0, assume=(x >= 0,),
                  tags=("sigmoid-tanh",)),
            correction=Limit("4a-exp-nonneg-x-fix", "4(a)",
                             "beta -> oo: exp(-beta x) -> 0 for x > 0 only (at x = 0 it stays 1)",
                             expr=E(-beta * x), var=beta, point=sp.oo, stated=0, assume=(x > 0,),
                             tags=("sigmoid-tanh",))),
    Limit("4a-exp-at-zero", "4(a)", "at x = 0: exp(-beta x) = 1 for every beta, so its limit is 1",
          expr=E(-beta * 0), var=beta, point=sp.oo, stated=1, tags=("sigmoid-tanh",)),
    Limit("4a-exp-pos-x", "4(a)", "beta -> oo: exp(-beta x) -> 0 for x >= 0 -- the part x > 0",
          expr=E(-beta * x), var=beta, point=sp.oo, stated=0, assume=(x > 0,),
          tags=("sigmoid-tanh",)),
    # Thus h(x) -> {0 for x < 0, x for x >= 0} (ReLU): three regions.
    Limit("4a-relu-neg", "4(a)", "beta -> oo: h(x) -> 0 for x < 0 (the piecewise result)",
          expr=_h, var=beta, point=sp.oo, stated=_relu_pw, assume=(x < 0,), tags=("sigmoid-tanh",)),
    Limit("4a-relu-pos", "4(a)", "beta -> oo: h(x) -> x for x > 0 (the piecewise result)",
          expr=_h, var=beta, point=sp.oo, stated=_relu_pw, assume=(x > 0,), tags=("sigmoid-tanh",)),
    Limit("4a-relu-zero", "4(a)", "beta -> oo: h(0) -> 0 (the piecewise result at x = 0)",
          expr=_h.subs(x, 0), var=beta, point=sp.oo, stated=_relu_pw.subs(x, 0),
          tags=("sigmoid-tanh",)),

    # 4(b) -- tanh(x) = (e^x - e^-x)/(e^x + e^-x)
    Identity("4b-tanh-def", "4(b)", "tanh(x) = (e^x - e^-x)/(e^x + e^-x)",
             lhs=sp.tanh(x), rhs=(E(x) - E(-x)) / (E(x) + E(-x)), tags=("sigmoid-tanh",)),
    # tanh(x)+1 = (e^x - e^-x + e^x + e^-x)/(e^x+e^-x) = 2e^x/(e^x+e^-x) = 2 e^x/(e^x+e^-x)
    #           = 2 e^2x/(e^2x + 1) = 2 sigmoid(2x)
    Chain("4b-tanh-sigmoid-chain", "4(b)",
          "tanh(x)+1 = (e^x - e^-x + e^x + e^-x)/(e^x+e^-x) = 2e^x/(e^x+e^-x) = 2 * e^x/(e^x+e^-x) "
          "= 2 * e^2x/(e^2x+1) = 2 sigmoid(2x)",
          steps=(sp.tanh(x) + 1,
                 _add(E(x), -E(-x), E(x), E(-x)) / (E(x) + E(-x)),
                 2 * E(x) / (E(x) + E(-x)),
                 _mul(2, E(x) / (E(x) + E(-x))),
                 _mul(2, E(2 * x) / (E(2 * x) + 1)),
                 2 * sigmoid(2 * x)),
          tags=("sigmoid-tanh",)),

    # 4(c) -- "the addition of 1 and multiplication by 2 can be absorbed into the bias and weight
    # scaling": a one-hidden-layer tanh net y = V tanh(W x + b) + c equals the sigma net with
    # W' = 2W, b' = 2b, V' = 2V, c' = c - V 1 (by tanh(u) + 1 = 2 sigma(2u)). Both networks are
    # constructed with symbolic matrices; shapes (input, hidden, output) in NET_SHAPES.
    Identity("4c-tanh-net-as-sigmoid-net", "4(c)",
             "a tanh network V tanh(W x + b) + c is the sigma network 2V sigma(2W x + 2b) + (c - V 1): "
             "the +1 and *2 of tanh(u) + 1 = 2 sigma(2u) absorbed into weights and biases "
             "(shapes (1,1,1), (2,2,1), (2,3,2))",
             lhs=_T2S[0], rhs=_T2S[1], tags=("sigmoid-tanh", "mlp-construction")),
    # ... and vice versa: W' = W/2, b' = b/2, V' = V/2, c' = c + V 1/2.
    Identity("4c-sigmoid-net-as-tanh-net", "4(c)",
             "and vice versa: V sigma(W x + b) + c is the tanh network (V/2) tanh(W x/2 + b/2) + (c + V 1/2) "
             "(shapes (1,1,1), (2,2,1), (2,3,2))",
             lhs=_S2T[0], rhs=_S2T[1], tags=("sigmoid-tanh", "mlp-construction")),
    # Deeper networks ("the network layers"): each later hidden layer l >= 2 is converted with
    # W_l' = 4 W_l, b_l' = 2(b_l - W_l 1) (resp. W_l' = W_l/4, b_l' = (b_l + W_l 1/2)/2); the claims
    # below are the induction step (the preactivations stay in ratio 2 resp. 1/2), which with the
    # one-layer claims above gives the map for every depth. Checked per layer rather than end to end
    # because nested exponentials defeat the exact rewrite (an end-to-end depth-2 net only samples).
    Identity("4c-tanh-to-sigmoid-hidden-step", "4(c)",
             "for a hidden layer l >= 2: 4 W_l sigma(2u) + 2(b_l - W_l 1) = 2 (W_l tanh(u) + b_l), "
             "u the previous tanh preactivation (widths (1,1), (2,2), (3,2))",
             lhs=_T2S_STEP[0], rhs=_T2S_STEP[1], tags=("sigmoid-tanh", "mlp-construction")),
    Identity("4c-sigmoid-to-tanh-hidden-step", "4(c)",
             "for a hidden layer l >= 2: (W_l/4) tanh(u/2) + (b_l + W_l 1/2)/2 = (W_l sigma(u) + b_l)/2, "
             "u the previous sigma preactivation (widths (1,1), (2,2), (3,2))",
             lhs=_S2T_STEP[0], rhs=_S2T_STEP[1], tags=("sigmoid-tanh", "mlp-construction")),
    Prose("4c-function-classes-identical", "4(c)",
          "the function classes parameterised by tanh and sigma networks are identical, because the "
          "bias term allows the affine shift/scale between tanh and sigma",
          reason="a statement about all architectures; the two parameter maps above are checked for "
                 "sample shapes only", tags=("sigmoid-tanh", "mlp-construction")),
]
