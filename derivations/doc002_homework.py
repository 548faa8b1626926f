"""Homework Solns (descending-order MLP, sigmoid vs tanh units, ReLU sparsity, residual backprop):
marked copy of ../shared/seeds/002_f00dcf7b6a936c71.txt. sigma is the hard threshold in Problem 1
(1 if z >= 0), the logistic sigmoid elsewhere; relu' is Heaviside. Constructions: _doc002_build.py."""
import itertools

import sympy as sp

from checks import build
from checks.dl import sigmoid, threshold
from checks.model.catalog import Document
from checks.model.claims import Chain, Identity, Implication, Property, Prose, Value, erratum, later, reals
from checks.text.rows import row, rows

from . import _doc002_build as B

DOCUMENT = Document(file="002_f00dcf7b6a936c71.txt", id="002", title="Homework Solns", questions=("Problem 1",
    "Problem 2", "Problem 3", "Problem 3(a)", "Problem 3(b)", "Problem 3(c)", "Problem 4", "Problem 4.1",
    "Problem 4.2"))

# ============================================================================ Problem 1
T1 = ("mlp-construction",)
X5 = build.symbol_vector("x", 5)
P1 = [
    *rows("Problem 1", "p1-four-numbers | Sum(1, (i, 1, 5)) = 4 | erratum notation | correction: Sum(1, (i, 1, 5)) = 5 | the question's \"a list of four numbers\", given as five inputs x_1, .., x_5", tags=T1),
    Property("p1-ensure-d", "Problem 1", "x_i > x_{i+1} exactly when d_i = x_i - x_{i+1} > 0  (bounded: the three "
             "orderings of two reals, by 0 and 1)", predicate=build.exact(lambda c: (c[0] > c[1]) == (c[0] - c[1] > 0)),
             cases=lambda: [(0, 0), (0, 1), (1, 0)], strength="bounded", tags=T1),
    Property("p1-first-attempt-fails", "Problem 1",
             "with h_i = sigma(x_i - x_{i+1}) (fires at d_i = 0) the network cannot handle x_i = x_{i+1}  "
             "(certificate: (4,3,2,1,1) and (4,3,2,1,0) give one h, targets 0 and 1)", predicate=B.first_attempt_fails,
             cases=lambda: [((4, 3, 2, 1, 1), (4, 3, 2, 1, 0))], strength="proof", tags=T1),
    *rows("Problem 1", """
        p1-fires-at-zero    | sigma(0) = 1 | "our output activation fires even when d_i = 0"
        p1-h-silent         | sigma(d) = 0 | assume: d < 0 | d_i = x_{i+1} - x_i < 0 -> h_i -> 0 (text and display)
        p1-h-fires          | sigma(d) = 1 | assume: d >= 0 | d_i >= 0 -> h_i -> 1 (the display's d_i > 0 included)
        p1-all-silent-fires | sigma(-1*0 - 1*0 - 1*0 - 1*0 + 0) = 1 | all h_i = 0 -> y = 1, with (3) and (4)
    """, names={"sigma": threshold}, tags=T1),
    Property("p1-any-hidden-blocks", "Problem 1", "with w^(2) = (-1,-1,-1,-1), b^(2) = 0: y = 1 iff every h_i = 0 "
             "(all 16 hidden patterns)", predicate=lambda h: build.equal(B.output(h), int(not any(h))),
             cases=lambda: itertools.product((0, 1), repeat=4), tags=T1),
    Identity("p1-differences", "Problem 1", "W^(1) x = (x2 - x1, x3 - x2, x4 - x3, x5 - x4) = (d_1, .., d_4)",
             lhs=B.W1 * X5, rhs=sp.Matrix([X5[i + 1] - X5[i] for i in range(4)]), tags=T1),
    erratum(Value("p1-b1", "Problem 1", "b^(1) = (0, 0, 0, 0, 0)  (five zeros, as printed)",
                  computed=lambda: sp.zeros(B.W1.rows, 1), stated=sp.zeros(5, 1), tags=T1),
            Value("p1-b1-fix", "Problem 1", "b^(1) = (0, 0, 0, 0), one bias per hidden unit",
                  computed=lambda: sp.zeros(B.W1.rows, 1), stated=sp.zeros(4, 1), tags=T1), severity="notation"),
    Property("p1-network", "Problem 1", "W^(1), b^(1) = 0, w^(2) = (-1,-1,-1,-1), b^(2) = 0 output 1 iff x1 > x2 > "
             "x3 > x4 > x5 (every weak ordering of 5 inputs, 541 cases)", cases=B.weak_orderings,
             predicate=lambda x: build.equal(B.output(B.hidden(x)), B.target(x)), tags=T1),
    Property("p1-many-solutions", "Problem 1", "there can be many possible solutions  (the catalog's instance: "
             "2 W^(1) with the same biases and w^(2) also works, every weak ordering)", cases=B.weak_orderings,
             predicate=lambda x: build.equal(B.output(B.hidden(x, 2 * B.W1)), B.target(x)), tags=T1),
    Prose("p1-marking", "Problem 1", "marking scheme: A) works for x1 > .. > x5 -> 10/20, B) -> 20/20",
          reason="a grading rule: points, not a mathematical statement", tags=T1),
]

# ============================================================================ Problem 2
T2 = ("sigmoid-tanh",)
SIG = {"sigma": sigmoid, "e": sp.E}
s_, x_ = reals("s x")
NETS_2 = later(B.equivalent_networks).split(2)   # built in the worker that checks them
P2 = [
    *rows("Problem 2", """
        p2-inputs  | Sum(1, (i, 1, D)) = M | assume: D integer, M integer, D >= 1 | erratum notation | correction: Sum(1, (i, 1, D)) = D | the question's "M input variables x_1, .., x_D"
        p2-outputs | Sum(1, (j, 1, K)) = k | assume: K integer, k integer, K >= 1 | erratum notation | correction: Sum(1, (j, 1, K)) = K | the question's "k = 1, .., K, and k is the total number of outputs"
        p2-tanh-def | tanh(a) = (e^a - e^(-a))/(e^a + e^(-a))
        p2-sigma-tanh-chain | sigma(x) = 1/(1 + e^(-x)) = 1/(1 + e^(-(x/2 + x/2))) = 1/(1 + e^(-x/2)*e^(-x/2)) = e^(x/2)/(e^(x/2) + e^(-x/2)) = (e^(x/2) - e^(-x/2) + e^(-x/2))/(e^(x/2) + e^(-x/2)) = (e^(x/2) - e^(-x/2))/(e^(x/2) + e^(-x/2)) + e^(-x/2)/(e^(x/2) + e^(-x/2)) = tanh(x/2) + 1/(1 + e^x) = tanh(x/2) + (1/(1 + e^x) - 1) + 1 = tanh(x/2) + (1 - e^x)/(1 + e^x) + 1 = tanh(x/2) - e^x/(1 + e^x) + 1 = tanh(x/2) - 1/(1 + e^(-x)) + 1 = tanh(x/2) - sigma(x) + 1 | erratum minor | correction: tanh(x/2) + (1/(1 + e^x) - 1) + 1 = tanh(x/2) - e^x/(1 + e^x) + 1 = tanh(x/2) - 1/(1 + e^(-x)) + 1 = tanh(x/2) - sigma(x) + 1
        p2-sigma-eq  | sigma(x) = tanh(x/2) - sigma(x) + 1
        p2-two-sigma | 2*sigma(x) = tanh(x/2) + 1
        p2-boxed     | sigma(x) = 1/2*tanh(x/2) + 1/2
    """, names=SIG, tags=T2),
    Implication("p2-solve", "Problem 2", "s = tanh(x/2) - s + 1  =>  s = tanh(x/2)/2 + 1/2  (the two '=>')", tags=T2,
                premise=sp.Eq(s_, sp.tanh(x_ / 2) - s_ + 1), unknown=s_, value=sp.tanh(x_ / 2) / 2 + sp.S.Half),
    *rows("Problem 2", """
        p2-tanh-label | sigma(w*tanh(z) + w0) = sigma(w*(1/2*tanh(z/2) + 1/2) + w0) | erratum notation | correction: sigma(w*sigma(z) + w0) = sigma(w*(1/2*tanh(z/2) + 1/2) + w0) | M = 1: "For tanh activation, g = tanh(.)" heads the sigmoid network rewritten with tanh
        p2-substitution | Sum(w2[k, j]*sigma(Sum(w1[j, i]*x[i], (i, 1, D)) + w1_0[j]), (j, 1, M)) + w2_k0 = Sum(w2[k, j]*(1/2*tanh((Sum(w1[j, i]*x[i], (i, 1, D)) + w1_0[j])/2) + 1/2), (j, 1, M)) + w2_k0 = Sum(w2[k, j]/2*tanh((Sum(w1[j, i]*x[i], (i, 1, D)) + w1_0[j])/2), (j, 1, M)) + Sum(w2[k, j]/2, (j, 1, M)) + w2_k0 = Sum(w2[k, j]/2*tanh(Sum(w1[j, i]/2*x[i], (i, 1, D)) + w1_0[j]/2), (j, 1, M)) + Sum(w2[k, j]/2, (j, 1, M)) + w2_k0 | the arguments of sigma in y_k's lines (sigma is one-to-one); w1[j, i] = w_ji^(1), w2[k, j] = w_kj^(2)
        p2-underbrace | (w_k1 + w_k2)/2 + w_k0 = w_k1/2 | erratum notation | correction: (w_k1 + w_k2)/2 + w_k0 = w_k0 + w_k1/2 + w_k2/2 | M = 2: the underbrace names sum_j w_kj/2 + w_ko "w_kj^(2)*" (= w_kj/2, j = 1); the parameter list gives it as w_ko^(2)*
    """, names=SIG, tags=T2 + T1),
    Identity("p2-equivalent-network", "Problem 2", "sigma-hidden network with w equals tanh-hidden network with w_kj* "
             "= w_kj/2, w_ko* = w_ko + sum_j w_kj/2, w_ji* = w_ji/2, w_j0* = w_j0/2 (every output's pre-activation; "
             "(D,M,K) in (1,1,1),(2,2,2),(3,2,2),(2,3,2),(2,2,3))", lhs=NETS_2[0], rhs=NETS_2[1], tags=T2 + T1,
             over=build.SIZES_NAMED),
    *rows("Problem 2", "p2-marking | 8 + 4*3 = 20 | marking scheme: 8 points and 3 points each for 4 parameters, "
                       "of the problem's 20 pts", tags=T2),
]

# ============================================================================ Problem 3
T3, F, w = ("backprop",), B.F, B.w
dL = lambda wn: sp.diff(B.L3, w[wn])          # dL/dw_n of the constructed network
at_z1 = lambda e: e.xreplace(B.AT_Z1)         # at z1 = -1 (x = -1/w1), every other weight free
P3 = [
    Prose("p3-sparsify", "Problem 3", "ReLU sets a large fraction of the activations and derivatives to zero for any "
          "given input vector", reason="a tendency over networks and inputs: none given to check", tags=T3),
    Identity("p3a-chain-rule", "Problem 3(a)", "dL/dw3 = dL/dy x dy/dz x dz/dw3",
             lhs=dL(3), rhs=F["dL/dy"] * F["dy/dz"] * F["dz/dw3"], tags=T3 + ("loss",)),
    *rows("Problem 3(a)", """
        p3a-dy-dz  | diff(relu(z), z) = diff(Max(0, z), z) | dy/dz = d/dz ReLU(z) = d/dz max(0, z)
        p3a-dz-dw3 | diff(w3*h3 + w5*h4, w3) = h3 | dz/dw3 = d/dw3 (w3 h3 + w5 h4) = h3
    """, tags=T3),
    Property("p3a-not-guaranteed", "Problem 3(a)",
             "at z1 = -1: dL/dy, dy/dz, dz/dw3 need not be 0, so dL/dw3 is not guaranteed to be 0 (NO)",
             predicate=B.nonzero_at_witness("dL/dy", "dy/dz", "dz/dw3", dL(3)), cases=lambda: [B.WITNESS],
             strength="proof", tags=T3 + ("loss",)),
    Identity("p3b-chain-rule", "Problem 3(b)", "dL/dw2 = dL/dz x dz/dh3 x dh3/dz3 x dz3/dw2",
             lhs=dL(2), rhs=F["dL/dz"] * F["dz/dh3"] * F["dh3/dz3"] * F["dz3/dw2"], tags=T3 + ("loss",)),
    *rows("Problem 3(b)", """
        p3b-dz-dh3  | diff(w3*h3 + w5*h4, h3) = w3 | dz/dh3 = d/dh3 (w3 h3 + w5 h4) = w3
        p3b-dh3-dz3 | diff(relu(z3), z3) = diff(Max(0, z3), z3) | dh3/dz3 = d/dz3 ReLU(z3) = d/dz3 max(0, z3)
        p3b-dz3-dw2 | diff(w2*h1 + w6*h2, w2) = h1 | dz3/dw2 = d/dw2 (w2 h1 + w6 h2) = h1
        p3b-h1-zero | relu(-1) = 0 | h1 = 0 (given): h1 receives -1, so the ReLU evaluates to 0
    """, tags=T3),
    Property("p3b-factors-nonzero", "Problem 3(b)", "at z1 = -1: dL/dz, dz/dh3, dh3/dz3 need not be 0",
             predicate=B.nonzero_at_witness("dL/dz", "dz/dh3", "dh3/dz3"), cases=lambda: [B.WITNESS],
             strength="proof", tags=T3),
    Identity("p3b-guaranteed-zero", "Problem 3(b)", "z1 = -1 => dL/dw2 = 0 (YES)",
             lhs=at_z1(dL(2)), rhs=0, tags=T3 + ("loss",)),
    Chain("p3c-expansion", "Problem 3(c)",
          "dL/dw1 = dL/dz dz/dh3 dh3/dz3 dz3/dh1 dh1/dz1 dz1/dw1 + dL/dz dz/dh4 dh4/dz4 dz4/dh1 dh1/dz1 dz1/dw1 "
          "= dL/dz (dz/dh3 dh3/dz3 dz3/dh1 + dz/dh4 dh4/dz4 dz4/dh1) dh1/dz1 dz1/dw1",
          steps=(dL(1), sum(F["dL/dz"] * F[b] * F["dh1/dz1"] * F["dz1/dw1"] for b in ("B1", "B2")),
                 sp.Mul(F["dL/dz"], sp.Add(F["B1"], F["B2"]), F["dh1/dz1"], F["dz1/dw1"], evaluate=False)),
          tags=T3 + ("loss",)),
    erratum(Property("p3c-labels", "Problem 3(c)",
                     "each label of the display names one value: A = dL/dz dz/dh3 dh3/dz3 dz3/dh1 (line 1) = dL/dz "
                     "(text's (A)); B1 = dL/dz dz/dh4 dh4/dz4 dz4/dh1 (line 2) = dz/dh3 dh3/dz3 dz3/dh1 (line 3); "
                     "B2 = dL/dz = dz/dh4 dh4/dz4 dz4/dh1 (line 3)", predicate=B.one_meaning, tags=T3,
                     cases=lambda: [("A", F["dL/dz"] * F["B1"], "dL/dz"), ("B1", F["dL/dz"] * F["B2"], "B1"),
                                    ("B2", "dL/dz", "B2")]),
            Identity("p3c-labels-fix", "Problem 3(c)", "dL/dw1 = (A)(B1 + B2)(C)(D) with the text's (A) dL/dz, (B1) "
                     "and (B2) the h3 and h4 paths, (C) dh1/dz1, (D) dz1/dw1", lhs=dL(1), tags=T3,
                     rhs=F["dL/dz"] * (F["B1"] + F["B2"]) * F["dh1/dz1"] * F["dz1/dw1"]), severity="notation"),
    *rows("Problem 3(c)", """
        p3c-dz-dh3  | diff(w3*h3 + w5*h5, h3) = w3 | (B1) dz/dh3 = d/dh3 (w3 h3 + w5 h5) = w3, h5 as written
        p3c-z-h5    | w3*h3 + w5*h4 = w3*h3 + w5*h5 | erratum notation | correction: diff(w3*h3 + w5*h4, h3) = diff(w3*h3 + w5*h5, h3) | z of (a) = the z that (B1) differentiates
        p3c-dz3-dh1 | diff(w2*h1 + w3*h3, h1) = w2 | (B1) dz3/dh1 = d/dh1 (w2 h1 + w3 h3) = w2, as written
        p3c-z3-h3   | w2*h1 + w6*h2 = w2*h1 + w3*h3 | erratum notation | correction: diff(w2*h1 + w6*h2, h1) = diff(w2*h1 + w3*h3, h1) | z3 of (b) = the z3 that (B1) differentiates
    """, tags=T3),
    Property("p3c-factors-nonzero", "Problem 3(c)",
             "at z1 = -1: dL/dz, dz/dh3, dh3/dz3, dz3/dh1, dz/dh4, dh4/dz4, dz4/dh1 need not be 0",
             predicate=B.nonzero_at_witness("dL/dz", "dz/dh3", "dh3/dz3", "dz3/dh1", "dz/dh4", "dh4/dz4", "dz4/dh1"),
             cases=lambda: [B.WITNESS], strength="proof", tags=T3),
    *rows("Problem 3(c)", "p3c-dh1-dz1 | diff(relu(z1), z1) = diff(Max(0, z1), z1) = diff(Max(0, -1), z1) = diff(0, z1) = 0 | assume: z1 < 0 | (C) at z1 = -1, on z1 < 0 where max(0, z1) = max(0, -1)", tags=T3),
    Value("p3c-dh1-dz1-at", "Problem 3(c)", "dh1/dz1 at z1 = -1 is 0 (relu' = Heaviside)",
          computed=lambda: at_z1(F["dh1/dz1"]), stated=0, tags=T3),
    Identity("p3c-guaranteed-zero", "Problem 3(c)", "z1 = -1 => dL/dw1 = 0 (YES)",
             lhs=at_z1(dL(1)), rhs=0, tags=T3 + ("loss",)),
]

# ============================================================================ Problem 4
T4 = ("backprop",)
P42 = later(B.displays_42)           # 4.2's displays on the N = K = 2 network, built when checked
shown = lambda *names: later(lambda d: sum((d[n] if isinstance(d[n], tuple) else (d[n],) for n in names), ()), P42)
SWEEP = later(lambda d: [d["net"] if nk == (2, 2) else B.residual(*nk, tag="_%d%d" % nk)
                         for nk in ((1, 1), (2, 2), (2, 3), (3, 2))], P42)
stack = lambda f: later(lambda nets: sp.Matrix.vstack(*[f(n) for n in nets]), SWEEP)
Y3, S3 = build.symbol_vector("y", 3), build.symbol_vector("s", 3)
(h, hbar, z, t), v = reals("h hbar z t"), dict(zip("xwbsr", reals("x w b s r")))  # N = K = 1: w = W^(2), b = b^(2)
N1 = {"sigmaprime": sp.Lambda(t, sp.diff(sigmoid(t), t)), "zbar": hbar * sp.diff(sigmoid(z), z),
      "L": (v["x"] + v["w"] * h + v["b"] - v["s"]) ** 2 / 2 + v["r"] * h, "y": v["x"] + v["w"] * h + v["b"]}
P4 = [
    Identity("p4-S-norm", "Problem 4", "1/2 ||y - s||_2^2 = 1/2 (y - s)^T (y - s)  (N = 3)", tags=("loss",),
             lhs=sum((Y3 - S3).applyfunc(lambda e: e ** 2)) / 2, rhs=((Y3 - S3).T * (Y3 - S3))[0] / 2),
    Prose("p4.1-graph", "Problem 4.1", "computation graph relating x, z, h, y, R, S and L",
          reason="the drawing is a figure (not in the text); a graph drawing is not machine-checkable", tags=T4),
    erratum(Identity("p4.2-seed", "Problem 4.2", "xbar = dL/dx = 1  (N = K = 2, entrywise)",
                     lhs=P42["net"]["xbar"], rhs=sp.ones(2, 1), tags=T4),
            row("p4.2-seed-fix", "Problem 4.2", "diff(L, L) = 1", note="Lbar = dL/dL = 1", tags=T4),
            severity="notation"),
    *rows("Problem 4.2", """
        p4.2-Rbar | diff(S + R, R) = 1 | Rbar = dL/dR = 1 with L = S + R
        p4.2-Sbar | diff(S + R, S) = 1 | Sbar = dL/dS = 1 with L = S + R
    """, tags=T4),
    Chain("p4.2-ybar", "Problem 4.2", "ybar = dL/dy = Sbar dS/dy = Sbar [dS/dy_1 .. dS/dy_n] "
          "= Sbar [y_1 - s_1 .. y_n - s_n] = Sbar (y - s)  (N = 2)", steps=shown("ybar"), tags=T4 + ("loss",),
          over=build.SIZES_NAMED),
    *rows("Problem 4.2", "p4.2-bars | diff(L, h) = diff(L, hbar) | erratum notation | correction: diff(L, h) = w*(y - s) + r | N = K = 1: the displays write hbar = dL/dhbar (and dy/dhbar, dL/dxbar, dx/dxbar, dy/dxbar), the adjoint where the plain h or x is meant", names=N1, tags=T4),
    erratum(Chain("p4.2-hbar", "Problem 4.2",
                  "hbar = dL/dh = (dR/dh) Rbar + (dy/dh)^T ybar = [dR/dh_1 .. dR/dh_K] Rbar + [w_ij^(2)]^T ybar "
                  "= [r_1 .. r_K] Rbar + [w_ij^(2)]^T ybar = xbar Rbar + w^(2)T ybar  (N = K = 2; xbar = dL/dx; "
                  "bars on h, y, w read as plain, see p4.2-bars)", tags=T4,
                  steps=shown("hbar", "hbar-as-printed")),
            Chain("p4.2-hbar-fix", "Problem 4.2", "hbar = dL/dh = (dR/dh) Rbar + (dy/dh)^T ybar "
                  "= [dR/dh_1 .. dR/dh_K] Rbar + [w_ij^(2)]^T ybar = r Rbar + W^(2)T ybar", steps=shown("hbar"),
                  tags=T4), severity="notation"),
    erratum(Chain("p4.2-zbar", "Problem 4.2",
                  "zbar = dL/dz = (dh/dz)^T hbar = [dh_j/dz_i, row K: dh_K/dz_1 .. dh_K/dz_K]^T hbar = [sigma'(z_1) "
                  ".. sigma'(z_K) in every row]^T hbar = hbar o sigma'(z)  (K = 2; the last sigma'(zbar) read as "
                  "sigma'(z), see p4.2-sigma-prime)", steps=shown("zbar", "zbar-every-row", "zbar-end"), tags=T4),
            Chain("p4.2-zbar-fix", "Problem 4.2", "zbar = dL/dz = (dh/dz)^T hbar = [dh_j/dz_i]^T hbar "
                  "= diag(sigma'(z_1) .. sigma'(z_K))^T hbar = hbar o sigma'(z)",
                  steps=shown("zbar", "zbar-diagonal", "zbar-end"), tags=T4), severity="minor"),
    *rows("Problem 4.2", "p4.2-sigma-prime | zbar = hbar*sigmaprime(zbar) | erratum notation | correction: zbar = hbar*sigmaprime(z) | zbar = hbar o sigma'(zbar) as printed; K = 1, zbar = hbar sigma'(z) from (dh/dz)^T hbar", names=N1, tags=T4),
    erratum(Chain("p4.2-xbar", "Problem 4.2", "xbar = dL/dx = (dx/dx)^T zbar + (dy/dx)^T ybar "
                  "= w^(1)T zbar + I ybar = w^(1)T zbar + ybar  (N = K = 2; dx/dx as printed; see p4.2-bars)",
                  steps=shown("xbar-as-printed", "xbar-end"), tags=T4),
            Chain("p4.2-xbar-fix", "Problem 4.2", "xbar = dL/dx = (dz/dx)^T zbar + (dy/dx)^T ybar "
                  "= W^(1)T zbar + I ybar = W^(1)T zbar + ybar", steps=shown("xbar-dz/dx", "xbar-end"), tags=T4),
            severity="notation"),
    # the displays' results (4), (2), (3) and the ybar line, on networks of four sizes
    *[Identity(f"p4.2-{node}-eq", "Problem 4.2", f"{text}  ((N, K) in (1,1), (2,2), (2,3), (3,2))", tags=T4,
               over=build.SIZES_NAMED, lhs=stack(lambda n, node=node: n[node]), rhs=stack(rhs)) for node, text, rhs in (
        ("ybar", "ybar = Sbar (y - s)", lambda n: n["y"] - n["s"]),
        ("hbar", "hbar = r Rbar + W^(2)T ybar  [line before (4)]", lambda n: n["r"] + n["W2"].T * (n["y"] - n["s"])),
        ("zbar", "zbar = hbar o sigma'(z)  [(2), read with sigma'(z)]", lambda n: B.hadamard(n["hbar"], n["sigma'"])),
        ("xbar", "xbar = W^(1)T zbar + ybar  [(3)]", lambda n: n["W1"].T * n["zbar"] + n["ybar"]))],
]

CLAIMS = P1 + P2 + P3 + P4
