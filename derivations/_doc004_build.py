"""Constructions for document 004 (doc004_softmax_conv.py) beyond checks.build's shared ones: the sup
of Q1.7, softmax Jacobians, the Q3 networks, the Q4 shapes and the Q5 convolutional network with its sweeps."""
import functools
import itertools

import sympy as sp

from checks import build
from checks.build import Refuted
from checks.dl import conv1d, conv_output_size, flip, sigmoid, softmax, softmax_jacobian
from checks.model.claims import Property


# --- Q1.7: the sup of a polynomial over (0, 1) ----------------------------------------------------
def sup_is(p, var, stated):
    """sup over var in (0, 1) of the polynomial p against ``stated`` (sp.oo: "not bounded"). The
    sup is exact: the largest value at 0, 1 and the real roots of p' inside (not sp.maximum,
    which imports sympy.physics through simplify); a finite sup refutes "unbounded"."""
    slope = sp.Poly(sp.diff(p, var), var)
    inside = [] if slope.is_zero else [r for r in slope.real_roots() if 0 < r < 1]
    sup = sp.Max(*[p.subs(var, t) for t in (0, 1, *inside)])
    if stated is sp.oo or sup is sp.oo:
        return True if sup is stated else Refuted(sup=f"sup over {var} in (0, 1) of {p} = {sup} (exact)",
                                                  stated=stated)
    return build.same(sup, stated)


# --- Q2: softmax of symbolic vectors -------------------------------------------------------------
def softmax_shift(K):
    """(x, [0, x2 - x1, ..., xK - x1]) for a K-vector of real symbols."""
    xs = list(build.symbol_vector("x", K))
    return xs, [sp.S.Zero] + [t - xs[0] for t in xs[1:]]


def softmax_p(n):
    """(x, p = S(x), J = the Jacobian of S by differentiation) for n real symbols x."""
    xs = list(build.symbol_vector("x", n))
    return xs, softmax(xs), softmax_jacobian(xs)


def jacobian_forms(n):
    """[dS_i/dx_j] (differentiated), (S_i 1_(i=j) - S_i S_j), Diag(p) - p p^T at size n."""
    _, p, J = softmax_p(n)
    return J, sp.Matrix(n, n, lambda i, j: (p[i] if i == j else 0) - p[i] * p[j]), sp.diag(*p) - p * p.T


def steps_hold(forms):
    """Each form equals the next (build.same), as a chain."""
    return build.all_of(build.same(u, v) for u, v in zip(forms, forms[1:]))


# --- Q3: a sigmoid network and the tanh network of a parameter map --------------------------------
def networks(sizes, tanh_map):
    """(y(x, Theta', tanh), y(x, Theta, sigma)) over symbolic weights, Theta' = tanh_map(Theta)."""
    x, hidden, out = build.layer_parameters("", sizes)
    return build.mlp(x, *tanh_map(hidden, out), sp.tanh), build.mlp(x, hidden, out, sigmoid)


# --- Q4: shapes through the CNN of the question ---------------------------------------------------
def cnn_shapes():
    """(channels, height, width) of the input and after each of the three layers."""
    h1 = conv_output_size(128, kernel=8, stride=2, padding=3)     # 32 kernels 8x8, stride 2, pad 3
    h2 = conv_output_size(h1, kernel=2, stride=2)                  # 2x2 non-overlapping max pooling
    h3 = conv_output_size(h2, kernel=3, stride=1, padding=1)       # 64 kernels 3x3, stride 1, pad 1
    return [(3, 128, 128), (32, h1, h1), (32, h2, h2), (64, h3, h3)]


# --- Q5: the network a1 = x (*) w1, h1 = ReLU(a1), a2 = h1 (*) w2, no kernel flipping --------------
SIZES = {"valid": tuple((d, k1, k2) for d in range(2, 8) for k1 in range(1, d) for k2 in range(1, d)
                        if k2 <= d - k1 + 1),
         "full": tuple((d, k1, k2) for d in range(2, 8) for k1 in range(1, d) for k2 in range(1, d))}
RANGE = {"valid": "bounded: d = 2..7, every k1, k2 < d with |a2| >= 1",
         "full": "bounded: d = 2..7, every k1, k2 < d"}


def _gens(**lengths):
    """{name: [name_1 .. name_n]}: generators of one flint polynomial ring over Q (exact, in C)."""
    names = tuple(f"{k}_{t}" for k, n in lengths.items() for t in range(1, n + 1))
    gens = iter(build.fmpq_mpoly_ctx.get(names, "lex").gens())
    return {k: [next(gens) for _ in range(n)] for k, n in lengths.items()}


def at(v, t):
    """v_t, 1-based, 0 out of bounds (the question's convention)."""
    return v[t - 1] if 1 <= t <= len(v) else 0


class Net:
    """x, w1 (v), a1 = x (*) v; h = h^1 free variables of length |a1| (the ReLU does not enter
    d a^2/d h^1); w = w^2; a = a^2 = h (*) w; g = grad_{a^2} L, free. The accessors g, w, h, fw
    (flip(w^2)) are 1-based and 0 out of bounds; dA(i, n) = d a_i/d h_n by differentiation."""

    def __init__(self, mode, d, k1, k2):
        self.mode, self.d, self.k1, self.k2 = mode, d, k1, k2
        first = _gens(x=d, v=k1)
        self.a1 = conv1d(first["x"], first["v"], mode)
        v = _gens(h=len(self.a1), w=k2, g=len(self.a1) + k2 - 1)
        self.hs, self.ws = v["h"], v["w"]
        self.a = conv1d(self.hs, self.ws, mode)
        self.gs = v["g"][:len(self.a)]
        self.m, self.nA = len(self.hs), len(self.a)
        self.g, self.w, self.h = (lambda t, v=v: at(v, t) for v in (self.gs, self.ws, self.hs))
        self.fw = lambda t: at(flip(self.ws), t)
        self._dA = {}

    def conv(self, mode, n):
        """(grad_a2 L (*) flip(w^2))_n with eq. (4) (valid) or eq. (5) (full)."""
        return at(conv1d(self.gs, flip(self.ws), mode), n)

    def dA(self, i, n):
        if not (1 <= i <= self.nA and 1 <= n <= self.m):
            return 0
        if (i, n) not in self._dA:
            self._dA[i, n] = self.a[i - 1].derivative(f"h_{n}")
        return self._dA[i, n]

    def grad_h(self):
        """grad_{h^1} L by the chain rule: (sum_i g_i d a_i/d h_n) for n = 1..|h^1|."""
        return [sum(self.g(i) * self.dA(i, n) for i in range(1, self.nA + 1)) for n in range(1, self.m + 1)]


@functools.lru_cache(maxsize=None)
def net(mode, d, k1, k2):
    return Net(mode, d, k1, k2)


_RANGES = {"n": lambda N: range(1, N.m + 1), "i": lambda N: range(1, N.nA + 1), "j": lambda N: range(1, N.k2 + 1)}


def _where(answer, **at):
    return answer.at(**at) if isinstance(answer, Refuted) else answer


def sweep(cid, loc, statement, mode, predicate, tags=("conv", "backprop")):
    return Property(cid, loc, f"{statement}  ({mode} convolutions; {RANGE[mode]})",
                    predicate=lambda case: predicate(net(mode, *case)), cases=lambda: SIZES[mode],
                    strength="bounded", tags=tags)


def every(lhs, rhs, over="n", when=None):
    """Predicate: lhs(N, **p) = rhs(N, **p) exactly for every point p of the letters in ``over``
    (n in 1..|h1|, i in 1..|a2|, j in 1..k2) where when(N, **p) holds."""
    def predicate(N):
        points = (dict(zip(over, p)) for p in itertools.product(*(_RANGES[c](N) for c in over)))
        return build.all_of(_where(build.exact_zero(lhs(N, **p) - rhs(N, **p)), **p)
                            for p in points if when is None or when(N, **p))
    return predicate


def lengths(*pairs):
    """Predicate: for (name, attribute, rule) pairs, len(N.attribute) = rule(d, k1, k2)."""
    def predicate(N):
        return build.all_of(_where(build.equal(len(getattr(N, attr)), rule(N.d, N.k1, N.k2)), of=name)
                            for name, attr, rule in pairs)
    return predicate


def gradient_is(conv_mode):
    """Predicate: grad_h1 L (chain rule) = grad_a2 L (*) flip(w^2) with conv_mode, as vectors."""
    def predicate(N):
        lhs, rhs = N.grad_h(), conv1d(N.gs, flip(N.ws), conv_mode)
        same_length = build.equal(len(lhs), len(rhs))
        if same_length is not True:
            return same_length.at(lengths="|grad_h1 L| (chain rule), |convolution|")
        return build.all_of(_where(build.exact_zero(u - v), n=n) for n, (u, v) in enumerate(zip(lhs, rhs), 1))
    return predicate


def recalled(cid, loc, statement, conv_mode, offset, tags=("conv",)):
    """sum_{j=1}^k x_{n+j-offset(k)} w_j over the output range of conv_mode = conv1d(x, w,
    conv_mode) (x in R^d, k < d, d = 2..7)."""
    def predicate(case):
        d, k = case
        x, w = _gens(x=d, w=k).values()
        rhs = conv1d(x, w, conv_mode)
        lhs = [sum(at(x, n + j - offset(k)) * w[j - 1] for j in range(1, k + 1)) for n in range(1, len(rhs) + 1)]
        return build.all_of(_where(build.exact_zero(u - v), n=n) for n, (u, v) in enumerate(zip(lhs, rhs), 1))
    return Property(cid, loc, f"{statement}  (bounded: x in R^d, k < d, d = 2..7)", predicate=predicate,
                    cases=lambda: [(d, k) for d in range(2, 8) for k in range(1, d)], strength="bounded",
                    tags=tags)
