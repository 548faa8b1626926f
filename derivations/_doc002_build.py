"""Constructions for doc002_homework: Problem 1's threshold network, Problem 2's two networks,
Problem 3's ReLU network with the factors its chain rule names, Problem 4's residual network."""
import itertools

import sympy as sp

from checks import build
from checks.build import fmpz_mat, symbol_matrix, symbol_vector
from checks.dl import matmul, relu, sigmoid, tanh_as_written, threshold
from checks.model.claims import reals

# ---------------------------------------------------------------- Problem 1
W1 = sp.Matrix([[-1, 1, 0, 0, 0], [0, -1, 1, 0, 0], [0, 0, -1, 1, 0], [0, 0, 0, -1, 1]])
W2 = sp.Matrix([-1, -1, -1, -1])


def hidden(x, W=W1):
    """threshold(W x + 0), exactly, by flint integer products (541 cases run in C)."""
    z = fmpz_mat([[int(v) for v in row] for row in W.tolist()]) * fmpz_mat([[int(v)] for v in x])
    return [threshold(sp.Integer(int(z[i, 0]))) for i in range(z.nrows())]


def output(h):   # threshold(w^(2) . h + b^(2)), w^(2) = (-1, -1, -1, -1), b^(2) = 0
    return threshold(sp.Integer(sum(int(w) * int(v) for w, v in zip(W2, h))))


def target(x):
    return sp.Integer(int(all(a > b for a, b in zip(x, x[1:]))))


def weak_orderings(n=5):
    """Every weak ordering of n reals (ranking with ties) once, as dense ranks: 541 for n = 5. Units
    that see only signs of x_j - x_i give one output per weak ordering, so these cover all of R^n."""
    for t in itertools.product(range(n), repeat=n):
        if set(t) == set(range(max(t) + 1)):
            yield t


def first_attempt_fails(case):
    """h_i = sigma(x_i - x_{i+1}) gives a tie and a strict descent one h, targets differing."""
    tie, strict = case
    return True if hidden(tie, -W1) == hidden(strict, -W1) and target(tie) != target(strict) else None


# ---------------------------------------------------------------- Problem 2
SIZES_2 = ((1, 1, 1), (2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 3))


def equivalent_networks():
    """Output pre-activations (y = sigma(a)) of the sigmoid net with w and the tanh net with w*."""
    sig, tan = [], []
    for D_, M_, K_ in SIZES_2:
        x_, [(W1_, b1_)], (W2_, b2_) = build.layer_parameters(f"_{D_}{M_}{K_}_", (D_, M_, K_))
        sig.append(build.mlp(x_, [(W1_, b1_)], (W2_, b2_), sigmoid))
        star = [(W1_ / 2, b1_ / 2)], (W2_ / 2, b2_ + W2_ * sp.ones(M_, 1) / 2)
        tan.append(build.mlp(x_, *star, tanh_as_written))
    return sp.Matrix.vstack(*sig), sp.Matrix.vstack(*tan)


# ---------------------------------------------------------------- Problem 3
# The figure is missing: the network of the text and the mermaid graph, a weight per connection.
# z1 = w1 x, z2 = w7 x2 (h2's input is unnamed), z3 = w2 h1 + w6 h2, z4 = w4 h1 + w8 h2 (the B2 path
# of (c); w4, w8 named here), z = w3 h3 + w5 h4, h_i = relu(z_i), y = relu(z), L = (y - t)^2/2 (the
# question's squared error). z1 = -1 is imposed by x = -1/w1 (w1 != 0); all else stays free.
x, x2, t = reals("x x2 t")
w = dict(zip(range(1, 9), reals("w1:9")))
NET = {"z1": w[1] * x, "z2": w[7] * x2}
NET["h1"], NET["h2"] = relu(NET["z1"]), relu(NET["z2"])
NET["z3"], NET["z4"] = w[2] * NET["h1"] + w[6] * NET["h2"], w[4] * NET["h1"] + w[8] * NET["h2"]
NET["h3"], NET["h4"] = relu(NET["z3"]), relu(NET["z4"])
NET["z"] = w[3] * NET["h3"] + w[5] * NET["h4"]
NET["y"] = relu(NET["z"])
L3 = (NET["y"] - t) ** 2 / 2
AT_Z1 = {x: -1 / w[1]}
NODE = dict(zip(reals("y z z3 z4 z1 h1 h2 h3 h4"), ("y", "z", "z3", "z4", "z1", "h1", "h2", "h3", "h4")))
Y, Z, Z3, Z4, Z1, H1, H2, H3, H4 = NODE


def local(expr, node):   # d expr / d node, at the network's values of the nodes
    return sp.diff(expr, node).xreplace({s: NET[n] for s, n in NODE.items()})


F = {"dL/dy": local((Y - t) ** 2 / 2, Y), "dy/dz": local(relu(Z), Z),
     "dz/dw3": local(w[3] * H3 + w[5] * H4, w[3]), "dz/dh3": local(w[3] * H3 + w[5] * H4, H3),
     "dz/dh4": local(w[3] * H3 + w[5] * H4, H4), "dh3/dz3": local(relu(Z3), Z3),
     "dh4/dz4": local(relu(Z4), Z4), "dz3/dw2": local(w[2] * H1 + w[6] * H2, w[2]),
     "dz3/dh1": local(w[2] * H1 + w[6] * H2, H1), "dz4/dh1": local(w[4] * H1 + w[8] * H2, H1),
     "dh1/dz1": local(relu(Z1), Z1), "dz1/dw1": local(w[1] * x, w[1])}
F["dL/dz"] = F["dL/dy"] * F["dy/dz"]
F["B1"] = F["dz/dh3"] * F["dh3/dz3"] * F["dz3/dh1"]
F["B2"] = F["dz/dh4"] * F["dh4/dz4"] * F["dz4/dh1"]

# z1 = -1 (x = 1, w1 = -1) with every factor the document calls "need not be 0" non-zero:
# h2 = 1 (x2 = w7 = 1), z3 = z4 = 1 (w2 = w6 = w4 = w8 = 1), z = y = 2 (w3 = w5 = 1), t = 0.
WITNESS = {x: sp.Integer(1), w[1]: sp.Integer(-1), x2: sp.Integer(1), t: sp.Integer(0),
           **{w[n]: sp.Integer(1) for n in range(2, 9)}}
assert NET["z1"].xreplace(WITNESS) == -1


def nonzero_at_witness(*names):
    """Every factor certified non-zero at WITNESS; else the witness shows nothing (None: undecided)."""
    def check(point):
        vals = [sp.sympify(F[n] if isinstance(n, str) else n).xreplace(point) for n in names]
        return True if all(isinstance(build.is_zero(v), build.Refuted) for v in vals) else None
    return check


def one_meaning(case):
    """A label of 3(c)'s display names the same value in both places it is used (named evidence)."""
    label, first, second = case
    answer = build.same(F[first] if isinstance(first, str) else first, F[second])
    return answer.at(label=label) if isinstance(answer, build.Refuted) else answer


# ---------------------------------------------------------------- Problem 4
def residual(N, K, tag=""):
    """z = W1 x + b1, h = sigma(z), y = x + W2 h + b2, L = ||y - s||^2/2 + r^T h; each adjoint is
    the gradient of L in that node (nodes it does not depend on held fixed), at the network's values."""
    n = {v: symbol_vector(f"{v}{tag}", size) for v, size in
         (("x", N), ("s", N), ("r", K), ("b1", K), ("b2", N), ("Z", K), ("H", K), ("Y", N))}
    n["W1"], n["W2"] = symbol_matrix(f"W1{tag}", K, N), symbol_matrix(f"W2{tag}", N, K)
    # e*e/2 held unevaluated: differentiated by the product rule, not as a power (3x faster)
    n["S"] = lambda y: sp.Add(*[sp.Mul(sp.S.Half, e, e, evaluate=False) for e in y - n["s"]])
    n["R"] = lambda h: matmul(n["r"].T, h)[0]
    n["y_of"] = lambda h: n["x"] + matmul(n["W2"], h) + n["b2"]
    n["z"] = matmul(n["W1"], n["x"]) + n["b1"]
    n["h"] = n["z"].applyfunc(sigmoid)
    n["y"] = n["y_of"](n["h"])
    at = lambda node, value: dict(zip(n[node], value))
    n["ybar"] = grad(n["S"](n["Y"]) + n["R"](n["h"]), n["Y"]).xreplace(at("Y", n["y"]))
    n["hbar"] = grad(n["S"](n["y_of"](n["H"])) + n["R"](n["H"]), n["H"]).xreplace(at("H", n["h"]))
    hZ = n["Z"].applyfunc(sigmoid)
    n["zbar"] = grad(n["S"](n["y_of"](hZ)) + n["R"](hZ), n["Z"]).xreplace(at("Z", n["z"]))
    n["xbar"] = grad(n["S"](n["y"]) + n["R"](n["h"]), n["x"])
    n["sigma'"] = sp.Matrix([sp.diff(sigmoid(Zi), Zi).xreplace({Zi: zi}) for Zi, zi in zip(n["Z"], n["z"])])
    return n


grad = lambda expr, variables: sp.Matrix([sp.diff(expr, v) for v in variables])
hadamard = lambda a, b: sp.Matrix(a.rows, 1, lambda i, _: a[i] * b[i])


def displays_42():
    """4.2's displays on the N = K = 2 network, part by part as written ('hbar' before '= dL/dh' too)."""
    n = residual(2, 2)
    H, Y, r, s, W1, W2, I = n["H"], n["Y"], n["r"], n["s"], n["W1"], n["W2"], sp.eye(2)
    Sbar = Rbar = sp.Integer(1)
    ybar, hbar, zbar, xbar = n["y"] - s, n["hbar"], n["zbar"], n["xbar"]
    dz_i = lambda i, j: sp.diff(sigmoid(n["Z"][j]), n["Z"][i]).xreplace(dict(zip(n["Z"], n["z"])))
    as_printed = sp.Matrix([[dz_i(0, 0), dz_i(0, 1)], [dz_i(0, 1), dz_i(1, 1)]])  # row K: dh_K/dz_1 .. dh_K/dz_K
    every_row = sp.Matrix(2, 2, lambda i, j: n["sigma'"][j])
    jac_h_z = n["Z"].applyfunc(sigmoid).jacobian(n["Z"]).xreplace(dict(zip(n["Z"], n["z"])))
    dy_dx = n["y_of"](H).jacobian(n["x"])      # y's own dependence on x, h held fixed: I
    return {"net": n,
            "ybar": (grad(n["S"](Y) + reals("R")[0], Y),) * 2 + (
                Sbar * grad(n["S"](Y), Y), Sbar * sp.Matrix([sp.diff(n["S"](Y), Yi) for Yi in Y]),
                Sbar * sp.Matrix([Yi - si for Yi, si in zip(Y, s)]), Sbar * (Y - s)),
            "hbar": (hbar, hbar, grad(n["R"](H), H) * Rbar + n["y_of"](H).jacobian(H).T * ybar,
                     sp.Matrix([sp.diff(n["R"](H), Hi) for Hi in H]) * Rbar + W2.T * ybar,
                     r * Rbar + W2.T * ybar),
            "hbar-as-printed": xbar * Rbar + W2.T * ybar,
            "zbar": (zbar, zbar, jac_h_z.T * hbar, as_printed.T * hbar),
            "zbar-every-row": every_row.T * hbar, "zbar-diagonal": sp.diag(*n["sigma'"]).T * hbar,
            "zbar-end": hadamard(hbar, n["sigma'"]),
            "xbar-as-printed": (xbar, xbar, I.T * zbar + dy_dx.T * ybar),
            "xbar-dz/dx": (xbar, xbar, n["z"].jacobian(n["x"]).T * zbar + dy_dx.T * ybar),
            "xbar-end": (W1.T * zbar + I * ybar, W1.T * zbar + ybar)}
