"""COM526000 Deep Learning Assignment 1 — marked copy of ../shared/seeds/000_93e36f225a9fb82d.txt. In 3, s stands
for W.X (a real score), r for ||W_o|| (positive), lam_p for lambda'; a > 0 and the exponent n are symbolic."""
import sympy as sp

from checks.build import Refuted, exact, integer_matrices
from checks.dl import hardtanh, sigmoid, tanh_as_written, weston_watkins
from checks.model.catalog import Document
from checks.model.claims import Identity, Value, Property, Prose, erratum, later, reals
from checks.text.rows import rows
from derivations import _doc000_build as B

DOCUMENT = Document(file="000_93e36f225a9fb82d.txt", id="000", title="COM526000 Deep Learning Assignment 1",
                    questions=("1(a)", "1(b)", "1(c)", "2", "3", "4", "5", "6", "7", "8(a)", "8(b)"))
ACT, HINGE, LA, MLP = ("sigmoid-tanh",), ("hinge",), ("linear-algebra",), ("mlp-construction",)
v, x1, x2 = reals("v x1 x2")

CLAIMS = rows("1(a)", """
    q1a-def      | Phi(v) = 1/(1 + exp(-v))
    q1a-chain    | Phi(-v) = 1/(1 + exp(v)) = exp(-v)/(exp(-v) + 1)
    q1a-multiply | 1/(1 + exp(v)) = exp(-v)/(exp(-v) + 1) | numerator and denominator times exp(-v)
    q1a-split    | Phi(-v) = exp(-v)/(exp(-v) + 1) = (1 + exp(-v))/(1 + exp(-v)) - 1/(1 + exp(-v)) = 1 - Phi(v)
    q1a-final    | Phi(-v) = 1 - Phi(v)
""", names={"Phi": sigmoid}, tags=ACT) + rows("1(b)", """
    q1b-def           | Phi(v) = (exp(v) - exp(-v))/(exp(v) + exp(-v))
    q1b-neg           | Phi(-v) = (exp(-v) - exp(v))/(exp(-v) + exp(v))
    q1b-neg-times-e2v | Phi(-v) = (exp(-v) - exp(v))/(exp(-v) + exp(v)) = (exp(v) - exp(3*v))/(exp(v) + exp(3*v))
    q1b-pos-times-e2v | Phi(v) = (exp(v) - exp(-v))/(exp(v) + exp(-v)) = (exp(3*v) - exp(v))/(exp(3*v) + exp(v))
    q1b-negate        | (exp(v) - exp(3*v))/(exp(v) + exp(3*v)) = -((exp(3*v) - exp(v))/(exp(3*v) + exp(v)))
    q1b-final         | Phi(-v) = -Phi(v)
""", names={"Phi": tanh_as_written}, tags=ACT) + rows("1(c)", """
    q1c-def         | Phi(v) = Max(Min(v, 1), -1)
    q1c-cases       | Phi(v) = cases(-1, v, 1) | cases(f, g, h): f for v < -1, g for -1 <= v <= 1, h for v > 1
    q1c-neg-cases   | Phi(-v) = cases_desc(-1, -v, 1) | cases_desc(f, g, h): f for v > 1, g for -1 <= v <= 1, h for v < -1
    q1c-minus-cases | -Phi(v) = cases(1, -v, -1)
    q1c-cases-agree | cases_desc(-1, -v, 1) = cases(1, -v, -1) | supporting | the two displays agree region by region
    q1c-final       | Phi(-v) = -Phi(v)
""", names={"Phi": hardtanh,
           "cases": lambda f, g, h: sp.Piecewise((f, v < -1), (g, (v >= -1) & (v <= 1)), (h, v > 1)),
           "cases_desc": lambda f, g, h: sp.Piecewise((f, v > 1), (g, (v >= -1) & (v <= 1)), (h, v < -1))}, tags=ACT)
CLAIMS += rows("2", """
    q2-closed-form | o = Max(0, sigmoid(sigmoid(x1 + x2) + tanh(x1 + x2)) + tanh(sigmoid(x1 + x2) + tanh(x1 + x2))) | o: the network built layer by layer, every weight 1, no biases
""", names={"o": B.q2_network(x1, x2)}, tags=MLP + ACT)

a, n, r, lam, lam_p = sp.symbols("a n r lam lam_p", positive=True)
y, s, w, x = reals("y s w x")
Q3 = {"a": a, "n": n, "r": r, "lam": lam, "lam_p": lam_p, "sign": sp.sign, "h": sp.Max(0, 1 - y * (w * x))}
CLAIMS += rows("3", """
    q3-update-same | w - eta*diff(a*h, w) = w - eta*diff(h, w) | assume: eta > 0, y > 0, x > 0, w < 0 | erratum minor | correction: w - eta*diff(a*h, w) = w - (a*eta)*diff(h, w) | 'the formula for weight update is the same': a step on L' = a h against one on L = h, h = max(0, 1 - y(w x)), one weight w, where the hinge is active
""", names=Q3, tags=HINGE) + [
    Prose("q3-same-minimum", "3", "optimising L and L' = a L (a > 0) reaches the same minimum points",
          reason="about minimisers over all weight vectors, not a computation", tags=HINGE)] + rows("3", """
    q3-sign-invariant | sign(a*s) = sign(s) | 'for any a' read as any a > 0, the question's range
    q3-hinge-scaling  | Max(0, a - y*(a*s)) = a*Max(0, 1 - y*s)
""", names=Q3, tags=HINGE) + [
    Prose("q3-unregularised-conclusion", "3", "W_o does not change for any a > 0 [read: the margin-a optimum is a W_o]",
          reason="about minimisers over all weight vectors; drawn from q3-hinge-scaling", tags=HINGE)] + rows("3", """
    q3-reg-scaled   | a*Max(0, 1 - y*s) + a*lam*r^n = Max(0, a - y*(a*s)) + a*lam*r^n
    q3-reg-plug-in  | Max(0, a - y*(a*s)) + lam_p*(a*r)^n = a*(Max(0, 1 - y*s) + lam_p*a^(n - 1)*r^n) | supporting | 'plug in aW_o for the regularization term'
""", names=Q3, tags=HINGE) + rows("3", """
    q3-lam-relation | a*lam_p = a^(n + 1)*lam | erratum minor | correction: a^n*lam_p = a*lam | lam_p: the lambda' with which q3-reg-plug-in equals q3-reg-scaled, lam/a^(n - 1)
    q3-lam-solve    | a^(n + 1)*lam/a = lam/a^n | erratum minor | correction: a^(n + 1)*lam/a = a^n*lam | 'That is': a lam' = a^(n+1) lam divided by a
    q3-lam-prime    | lam_p = lam/a^n | erratum major | correction: Max(0, a - y*(a*s)) + lam_p*(a*r)^n = a*(Max(0, 1 - y*s) + lam*r^n) | lam_p as in q3-lam-relation
""", names={**Q3, "lam_p": lam / a**(n - 1)}, tags=HINGE)
GRID = [(a_, n_) for n_ in (1, 2, 3) for a_ in (2, sp.Rational(1, 2), 3)]
OVER = " (bounded: a in {1/2, 2, 3}, n in {1, 2, 3})"
RATIO = lambda c: (1 / a**(n - 1)).subs({a: c[0], n: c[1]})  # noqa: E731  lam'/lam of q3-lam-relation at case c
CLAIMS += [erratum(
    B.bounded("q3-scaled-down", "3", "the regularization parameter must be scaled down: lam'/lam = a^(1-n) < 1, lam' "
              "as in q3-lam-relation" + OVER,
              lambda c: RATIO(c) < 1 or Refuted(a=c[0], n=c[1], ratio=RATIO(c)), GRID, HINGE),
    B.bounded("q3-scaled-down-fix", "3", "lam'/lam = a^(1-n) is < 1 for a > 1 and n > 1, = 1 for n = 1 or a = 1, > 1 "
              "for a < 1 and n > 1" + OVER, lambda c: sp.sign(RATIO(c) - 1) == -sp.sign((c[0] - 1) * (c[1] - 1))
              or Refuted(a=c[0], n=c[1], ratio=RATIO(c)), GRID, HINGE), severity="major")]

# 4 "J_i = sum_{r != c(i)} max(W_r.X_i - W_c(i).X_i + a, 0), for all a > 0"
for k in (2, 3, 4):                                  # t_r = W_r.X_i, the class scores
    t = list(reals(" ".join(f"t{j}" for j in range(1, k + 1))))
    for c in range(k):
        CLAIMS += [Identity(f"q4-ww-form-k{k}-c{c + 1}", "4", f"J_i as written = Weston-Watkins loss with margin a "
                            f"(k = {k}, c(i) = {c + 1})", lhs=later(B.ww, t, c, a),
                            rhs=later(weston_watkins, t, c, a), tags=HINGE)] if k == 3 else []
        CLAIMS += [Identity(f"q4-ww-scaling-k{k}-c{c + 1}", "4", f"J_i with margin a at scores a*t = a * (J_i with "
                            f"margin 1 at t)  (k = {k}, c(i) = {c + 1}) [as exercise 3]", lhs=later(B.ww, t, c, a, a),
                            rhs=later(lambda t, c: a * weston_watkins(t, c, 1), t, c), tags=HINGE, source="supporting")]

CLAIMS += rows("5", """
    q5-do-dx1 | diff(x1*x2, x1) = x2
    q5-do-dx2 | diff(x1*x2, x2) = x1
""", tags=("backprop",)) + [
    Value(f"q5-dL-dx{i}", "5", f"dL/dx{i} = dL/do * do/dx{i} = 5 x {3 if i == 1 else 2} = {val}  ({i})",
          computed=later(lambda xi: 5 * sp.diff(x1 * x2, xi).subs({x1: 2, x2: 3}), xi), stated=val, tags=("backprop",))
    for i, xi, val in ((1, x1, 15), (2, x2, 10))]

CLAIMS += [Prose("q6-basis", "6", "d linearly independent vectors in d dimensions form a basis, so v = sum alpha_i x_i",
                 reason="a standard linear-algebra fact used as a step; no computation to check", tags=LA)] + [
    Identity(f"q6-norm-d{d}", "6", f"||v||^2 = sum_i alpha_i (v . x_i) for v = sum_i alpha_i x_i (d = {d})",
             lhs=later(B.q6_norm, d)[0], rhs=later(B.q6_norm, d)[1], tags=LA) for d in range(1, 5)] + rows("6", """
    q6-zero | Sum(alpha[i]*0, (i, 1, d)) = 0 | assume: d integer, d >= 1 | after v . x_i = 0 for every i
""", tags=LA) + [Prose("q6-conclusion", "6", "||v|| = 0, thus v must be the zero vector", tags=LA,
                       reason="positive definiteness of the norm; a one-line argument, not a computation")]

CLAIMS += [
    B.bounded("q7-linear-collapses", "7", "linear activations result in a linear model: every second derivative of "
              "the output in the inputs is 0 (bounded: 2 inputs, 1..3 hidden layers of 1..3 units, symbolic weights)",
              B.linear_network_is_affine, [(L, m) for L in (1, 2, 3) for m in (1, 2, 3)], MLP),
    Property("q7-sigmoid-nonlinear", "7", "the network with sigmoid activations adds non-linearity: with 10 hidden "
             "layers, every weight 0 but 1 along one path, its output sigma(...sigma(x)) has a non-zero second "
             "derivative at x = 0", predicate=B.sigmoid_path_bends, cases=lambda: [10], strength="proof", tags=MLP),
    Prose("q7-variance", "7", "linear: higher bias, lower variance; so the sigmoid network has higher variance",
          reason="a bias-variance judgement about two model families; no formula for the variance is given", tags=MLP),
]

PQ, PQ_OVER = [(p, q) for p in range(2, 5) for q in range(1, p)], " (bounded: d = 2, p = 2..4, q = 1..p-1)"
PAIRS = [(p, q, Bm, A) for p, q in ((2, 1), (3, 1))    # every B (p x q), A (q x p) over {-1, 0, 1}
         for Bm in integer_matrices(p, q) for A in integer_matrices(q, p)]
CHANGE = lambda p, q: B.parameters(2, p, q, p, 1) - B.parameters(2, p, p, 1)  # noqa: E731  q linear units inserted
CLAIMS += [
    erratum(B.bounded("q8-parameters-increase", "8(a)", "the number of parameters has increased by adding the layer "
                      "of q < p linear units [weights and biases; the p x p connection becomes p x q, q x p]" + PQ_OVER,
                      lambda c: CHANGE(*c) > 0 or Refuted(p=c[0], q=c[1], change=CHANGE(*c)), PQ, MLP),
            B.bounded("q8-parameters-change", "8(a)", "the count changes by 2pq + q - p^2: it grows only when "
                      "q(2p + 1) > p^2" + PQ_OVER, lambda c: CHANGE(*c) == 2 * c[0] * c[1] + c[1] - c[0]**2
                      or Refuted(p=c[0], q=c[1], change=CHANGE(*c)), PQ, MLP), severity="minor"),
    B.bounded("q8a-low-rank", "8(a)", "q < p makes the q-dimensional layer a low-rank approximation: rank(B A) <= q "
              "< p for B (p x q), A (q x p) (bounded: entries in {-1, 0, 1}, (p, q) = (2, 1), (3, 1))",
              exact(lambda c: (c[2] * c[3]).rank() <= c[1] < c[0]), PAIRS, MLP + LA),
    Prose("q8a-capacity", "8(a)", "so the capacity of the model decreases; the technique is widely used in "
          "autoencoders", reason="capacity and common practice are judgements, not computations", tags=MLP),
    B.bounded("q8b-capacity", "8(b)", "q > p: the linear layer collapses with the existing weight matrix, B (A h + c) "
              "+ b = (B A) h + (B c + b), so capacity does not increase (bounded: (p, q) = (1, 2), (1, 3), (2, 3))",
              B.collapse, [(1, 2), (1, 3), (2, 3)], MLP + LA),
]
