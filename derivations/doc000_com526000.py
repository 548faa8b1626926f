"""COM526000 Deep Learning Assignment 1 — marked copy of ../shared/seeds/000_93e36f225a9fb82d.txt.

Conventions: Phi is sigmoid / tanh / hard tanh as each part says; W.X is a real score symbol s;
||W|| is a positive symbol r; the regulariser exponent n and the margin a are symbolic (a > 0).
"""
import sympy as sp

from checks.dl import sigmoid, relu, hardtanh, weston_watkins, tanh_as_written
from checks.model.catalog import Document
from checks.model.claims import Identity, Chain, Implication, Value, Prose, erratum, later, reals

DOCUMENT = Document(file="000_93e36f225a9fb82d.txt", id="000",
                    title="COM526000 Deep Learning Assignment 1",
                    questions=("1(a)", "1(b)", "1(c)", "2", "3", "4", "5", "6", "7", "8(a)", "8(b)"))

v, = reals("v")
E = sp.exp
tanh = sp.tanh


def tanh_def(x):
    """The document's definition of tanh: (e^x - e^-x)/(e^x + e^-x)."""
    return (E(x) - E(-x)) / (E(x) + E(-x))


# ---------------------------------------------------------------- 1(a) sigmoid
CLAIMS = [
    # 1(a) "Sigmoid activation is defined as Phi(v) = 1/(1+e^-v)"
    Identity("q1a-def", "1(a)", "Phi(v) = 1/(1 + e^-v)  (sigmoid)",
             lhs=sigmoid(v), rhs=1 / (1 + E(-v)), tags=("sigmoid-tanh",)),
    # 1(a) "So, Phi(-v) = 1/(1+e^v) = e^-v/(e^-v+1)"
    Chain("q1a-chain", "1(a)", "Phi(-v) = 1/(1+e^v) = e^-v/(e^-v+1)",
          steps=(sigmoid(-v), 1 / (1 + E(v)), E(-v) / (E(-v) + 1)), tags=("sigmoid-tanh",)),
    # 1(a) "Multiplying the numerator and denominator by e^-v, we get 1/(1+e^v) = e^-v/(e^-v+1)"
    Identity("q1a-multiply", "1(a)", "1/(1+e^v) = e^-v/(e^-v+1)  (numerator and denominator times e^-v)",
             lhs=1 / (1 + E(v)), rhs=E(-v) / (E(-v) + 1), tags=("sigmoid-tanh",)),
    # 1(a) "We know that e^-v/(e^-v+1) = (1+e^-v)/(1+e^-v) - 1/(1+e^-v), that is Phi(-v) = 1 - Phi(v)"
    Chain("q1a-split", "1(a)",
          "Phi(-v) = e^-v/(e^-v+1) = (1+e^-v)/(1+e^-v) - 1/(1+e^-v) = 1 - Phi(v)",
          steps=(sigmoid(-v), E(-v) / (E(-v) + 1),
                 sp.Add(sp.Mul(1 + E(-v), sp.Pow(1 + E(-v), -1), evaluate=False), -1 / (1 + E(-v)),
                        evaluate=False),
                 1 - sigmoid(v)),
          tags=("sigmoid-tanh",)),
    Identity("q1a-final", "1(a)", "Phi(-v) = 1 - Phi(v)  (sigmoid)",
             lhs=sigmoid(-v), rhs=1 - sigmoid(v), tags=("sigmoid-tanh",)),

    # ------------------------------------------------------------ 1(b) tanh
    # 1(b) "tanh activation is defined as Phi(v) = (e^v - e^-v)/(e^v + e^-v)"
    Identity("q1b-def", "1(b)", "Phi(v) = (e^v - e^-v)/(e^v + e^-v)  (tanh)",
             lhs=sp.tanh(v), rhs=tanh_def(v), tags=("sigmoid-tanh",)),
    # 1(b) "So, Phi(-v) = (e^-v - e^v)/(e^-v + e^v)"
    Identity("q1b-neg", "1(b)", "Phi(-v) = (e^-v - e^v)/(e^-v + e^v)",
             lhs=tanh_as_written(-v), rhs=(E(-v) - E(v)) / (E(-v) + E(v)), tags=("sigmoid-tanh",)),
    # 1(b) "Multiplying the numerator and denominator of Phi(-v) by e^{2v}"
    Chain("q1b-neg-times-e2v", "1(b)",
          "Phi(-v) = (e^-v - e^v)/(e^-v + e^v) = (e^v - e^3v)/(e^v + e^3v)",
          steps=(tanh_as_written(-v), (E(-v) - E(v)) / (E(-v) + E(v)), (E(v) - E(3 * v)) / (E(v) + E(3 * v))),
          tags=("sigmoid-tanh",)),
    # 1(b) "Also multiplying the numerator and denominator of Phi(v) by e^{2v}"
    Chain("q1b-pos-times-e2v", "1(b)",
          "Phi(v) = (e^v - e^-v)/(e^v + e^-v) = (e^3v - e^v)/(e^3v + e^v)",
          steps=(sp.tanh(v), tanh_def(v), (E(3 * v) - E(v)) / (E(3 * v) + E(v))),
          tags=("sigmoid-tanh",)),
    # 1(b) "We know that (e^v - e^3v)/(e^v + e^3v) = -((e^3v - e^v)/(e^3v + e^v))"
    Identity("q1b-negate", "1(b)", "(e^v - e^3v)/(e^v + e^3v) = -((e^3v - e^v)/(e^3v + e^v))",
             lhs=(E(v) - E(3 * v)) / (E(v) + E(3 * v)), rhs=-((E(3 * v) - E(v)) / (E(3 * v) + E(v))),
             tags=("sigmoid-tanh",)),
    # 1(b) "that is, Phi(-v) = -Phi(v)"
    Identity("q1b-final", "1(b)", "Phi(-v) = -Phi(v)  (tanh)",
             lhs=tanh_as_written(-v), rhs=-sp.tanh(v), tags=("sigmoid-tanh",)),
]

# ---------------------------------------------------------------- 1(c) hard tanh
# The three cases displays; conditions copied as written (they cover every real v).
_pw_phi = sp.Piecewise((-1, v < -1), (v, (v >= -1) & (v <= 1)), (1, v > 1))
_pw_phi_neg = sp.Piecewise((-1, v > 1), (-v, (v >= -1) & (v <= 1)), (1, v < -1))
_pw_minus_phi = sp.Piecewise((1, v < -1), (-v, (v >= -1) & (v <= 1)), (-1, v > 1))

CLAIMS += [
    # 1(c) "Hard tanh activation is defined as Phi(v) = max{min[v, 1], -1}"
    Identity("q1c-def", "1(c)", "Phi(v) = max{min[v,1], -1}  (hard tanh)",
             lhs=hardtanh(v), rhs=sp.Max(sp.Min(v, 1), -1), tags=("sigmoid-tanh",)),
    # 1(c) "That is: Phi(v) = -1 for v < -1; v for -1 <= v <= 1; 1 for v > 1"
    #   (Phi = hard tanh, whose max/min form is q1c-def)
    Identity("q1c-cases", "1(c)", "Phi(v) = {-1 if v<-1; v if -1<=v<=1; 1 if v>1}",
             lhs=hardtanh(v), rhs=_pw_phi, tags=("sigmoid-tanh",)),
    # 1(c) "So Phi(-v) = -1 for v > 1; -v for -1 <= v <= 1; 1 for v < -1"
    Identity("q1c-neg-cases", "1(c)", "Phi(-v) = {-1 if v>1; -v if -1<=v<=1; 1 if v<-1}",
             lhs=hardtanh(-v), rhs=_pw_phi_neg, tags=("sigmoid-tanh",)),
    # 1(c) "Also, -Phi(v) = 1 for v < -1; -v for -1 <= v <= 1; -1 for v > 1"
    Identity("q1c-minus-cases", "1(c)", "-Phi(v) = {1 if v<-1; -v if -1<=v<=1; -1 if v>1}",
             lhs=-hardtanh(v), rhs=_pw_minus_phi, tags=("sigmoid-tanh",)),
    # 1(c) the two cases displays agree case by case
    Identity("q1c-cases-agree", "1(c)", "the displayed cases of Phi(-v) and -Phi(v) are equal",
             lhs=_pw_phi_neg, rhs=_pw_minus_phi, tags=("sigmoid-tanh",)),
    # 1(c) "That is: Phi(-v) = -Phi(v)"
    Identity("q1c-final", "1(c)", "Phi(-v) = -Phi(v)  (hard tanh)",
             lhs=hardtanh(-v), rhs=-hardtanh(v), tags=("sigmoid-tanh",)),
]


# ---------------------------------------------------------------- 2 closed form of a small network
x1, x2 = reals("x1 x2")


def _q2_network(x):
    """Two inputs, two hidden layers of [sigmoid unit (top), tanh unit (bottom)], every unit
    applying its activation to the plain sum of its inputs (all weights 1, no biases), and a
    ReLU output node on the sum of its two inputs. Built layer by layer."""
    acts = (sigmoid, sp.tanh)
    h = sp.Matrix(x)
    for _ in range(2):
        z = sp.ones(2, len(h)) * h            # each unit sums all of its inputs
        h = sp.Matrix([acts[i](z[i]) for i in range(2)])
    # ReLU written in its max(0, .) form (dl.relu's own rewrite), as the document writes it
    return relu((sp.ones(1, 2) * h)[0]).rewrite(sp.Max)


_s = x1 + x2
CLAIMS += [
    # 2 "o = max{0, sigma(sigma(x1+x2) + tanh(x1+x2)) + tanh(sigma(x1+x2) + tanh(x1+x2))}"
    Identity("q2-closed-form", "2",
             "o = max{0, sigma(sigma(x1+x2)+tanh(x1+x2)) + tanh(sigma(x1+x2)+tanh(x1+x2))}",
             lhs=_q2_network([x1, x2]),
             rhs=sp.Max(0, sigmoid(sigmoid(_s) + tanh(_s)) + tanh(sigmoid(_s) + tanh(_s))),
             tags=("mlp-construction", "sigmoid-tanh")),
]


# ---------------------------------------------------------------- 3 hinge loss with margin a
a = sp.Symbol("a", positive=True)
y, s = reals("y s")                       # s stands for W.X (or W_o.X), a real score
r = sp.Symbol("r", positive=True)         # r = ||W_o||
n = sp.Symbol("n", positive=True)         # exponent of the norm in the regulariser
lam = sp.Symbol("lam", positive=True)     # lambda
lam_p = sp.Symbol("lam_p", positive=True)  # lambda'

# The premise used for the document's two relations about lambda'. After "plugging in aW_o for
# the regularization term", the margin-a objective at aW_o is
#     max(0, a - y(aW_o.X)) + lam' ||aW_o||^n = max(0, a - y(aW_o.X)) + lam' a^n ||W_o||^n,
# and the document matches it with the right side of its previous display,
#     max(0, a - y(aW_o.X)) + a lam ||W_o||^n   (= a times the margin-1 objective).
# The two objectives are the same exactly when  lam' a^n = a lam.
_q3_premise = sp.Eq(lam_p * a**n, a * lam)

CLAIMS += [
    # 3 "L' = a max(0, 1 - y(W.X)) ... the formula for weight update is the same. We should end up
    #    in the same minimum points."
    Prose("q3-same-minimum", "3",
          "optimising L and L' = a L (a > 0) reaches the same minimum points",
          reason="a statement about minimisers of a training objective (scaling by a > 0 keeps the "
                 "argmin; the gradient step itself is scaled by a, not 'the same')",
          tags=("hinge",)),
    # 3 "For any a, ... the corresponding solution aW_o, that satisfies y_hat = sign(aW_o.X)"
    Identity("q3-sign-invariant", "3", "sign(a W_o.X) = sign(W_o.X) for a > 0",
             lhs=sp.sign(a * s), rhs=sp.sign(s), tags=("hinge",)),
    # 3 "L = max(0, a - y(a W_o.X)) = a max(0, 1 - y(W_o.X)), for a > 0"
    Identity("q3-hinge-scaling", "3", "max(0, a - y(a W_o.X)) = a max(0, 1 - y(W_o.X)) for a > 0",
             lhs=sp.Max(0, a - y * (a * s)), rhs=a * sp.Max(0, 1 - y * s), tags=("hinge",)),
    # 3 "Hence, W_o does not change for any a."
    Prose("q3-unregularised-conclusion", "3",
          "without regularisation the optimal solution is unchanged for any a > 0 (up to scaling by a)",
          reason="a conclusion about minimisers drawn from q3-hinge-scaling and q3-sign-invariant",
          tags=("hinge",)),
    # 3 "a max(0, 1 - y(W_o.X)) + a lam ||W_o||^n = max(0, a - y(a W_o.X)) + a lam ||W_o||^n"
    Identity("q3-reg-scaled", "3",
             "a max(0, 1 - y W_o.X) + a lam ||W_o||^n = max(0, a - y(a W_o.X)) + a lam ||W_o||^n",
             lhs=a * sp.Max(0, 1 - y * s) + a * lam * r**n,
             rhs=sp.Max(0, a - y * (a * s)) + a * lam * r**n, tags=("hinge",)),
    # 3 "we need to plug in aW_o for the regularization term": lam' ||aW_o||^n = lam' a^n ||W_o||^n,
    #   so the margin-a objective at aW_o is a times [max(0, 1 - y W_o.X) + lam' a^(n-1) ||W_o||^n].
    Identity("q3-reg-plug-in", "3",
             "max(0, a - y(aW_o.X)) + lam' ||aW_o||^n = a [max(0, 1 - yW_o.X) + lam' a^(n-1) ||W_o||^n]",
             lhs=sp.Max(0, a - y * (a * s)) + lam_p * (a * r)**n,
             rhs=a * (sp.Max(0, 1 - y * s) + lam_p * a**(n - 1) * r**n), tags=("hinge",)),
    # 3 "the new regularization parameter lam': a lam' = a^(n+1) lam", i.e. lam' = a^n lam.
    erratum(Implication("q3-lam-relation", "3", "a lam' = a^(n+1) lam  (i.e. lam' = a^n lam)",
                        premise=_q3_premise, unknown=lam_p, value=a**n * lam, tags=("hinge",)),
            correction=Implication("q3-lam-relation-fix", "3", "a^n lam' = a lam, i.e. lam' = lam / a^(n-1)",
                                   premise=_q3_premise, unknown=lam_p, value=lam / a**(n - 1),
                                   tags=("hinge",))),
    # 3 "That is lam' = lam / a^n"
    erratum(Implication("q3-lam-prime", "3", "lam' = lam / a^n",
                        premise=_q3_premise, unknown=lam_p, value=lam / a**n, tags=("hinge",)),
            correction=Identity("q3-lam-prime-fix", "3",
                                "with lam' = lam/a^(n-1): margin-a objective at aW_o = "
                                "a (margin-1 objective with lam at W_o)",
                                lhs=sp.Max(0, a - y * (a * s)) + (lam / a**(n - 1)) * (a * r)**n,
                                rhs=a * (sp.Max(0, 1 - y * s) + lam * r**n), tags=("hinge",))),
    # 3 "So depending on the regularization we are using, the regularization parameter must be scaled down."
    Prose("q3-scaled-down", "3", "the regularisation parameter must be scaled down (depending on the regulariser)",
          reason="qualitative; with the right relation lam' = lam/a^(n-1) it is unchanged for n = 1 and "
                 "scaled down only for n > 1 and a > 1",
          tags=("hinge",)),
]


# ---------------------------------------------------------------- 4 Weston-Watkins with margin a
def _ww_stated(scores, c, margin):
    """J_i = sum_{r != c(i)} max(W_r.X_i - W_c(i).X_i + a, 0), as written (c 0-based)."""
    return sum(sp.Max(sr - scores[c] + margin, 0) for rr, sr in enumerate(scores) if rr != c)


def _scaled_ww(scores, c):
    return a * weston_watkins(scores, c, margin=1)


# (Max of symbolic scores costs SymPy comparisons: the sides are built when checked, ``later``)
def _ww_claims(k, forms=False):
    t = reals(" ".join(f"t{j}" for j in range(1, k + 1)))   # t_r = W_r.X_i, the class scores
    out = []
    for c in range(k):
        if forms:
            out.append(Identity(
                f"q4-ww-form-k{k}-c{c + 1}", "4",
                f"J_i as written = Weston-Watkins loss with margin a (k = {k}, c(i) = {c + 1})",
                lhs=later(_ww_stated, list(t), c, a), rhs=later(weston_watkins, list(t), c, a), tags=("hinge",)))
        out.append(Identity(
            f"q4-ww-scaling-k{k}-c{c + 1}", "4",
            f"J_i with margin a at scores a*t = a * (J_i with margin 1 at t)  (k = {k}, c(i) = {c + 1})",
            lhs=later(_ww_stated, [a * tj for tj in t], c, a), rhs=later(_scaled_ww, list(t), c),
            tags=("hinge",)))
    return out


CLAIMS += [
    # 4 "J_i = sum_{r != c(i)} max(W_r.X_i - W_c(i).X_i + a, 0), for all a > 0": the generalised
    #   objective of exercise 3 -- scaling the scores by a turns the margin-1 loss into a times it.
    _ww_claims(2), _ww_claims(3, forms=True), _ww_claims(4),
]


# ---------------------------------------------------------------- 5 backprop through a product
X1, X2 = x1, x2                           # the neuron's inputs x1, x2
o = X1 * X2
dL_do = sp.Integer(5)
_at = {X1: 2, X2: 3}

CLAIMS += [
    # 5 "x1 x x2 = o, so do/dx1 = x2, do/dx2 = x1"
    Identity("q5-do-dx1", "5", "do/dx1 = x2", lhs=sp.diff(o, X1), rhs=X2, tags=("backprop",)),
    Identity("q5-do-dx2", "5", "do/dx2 = x1", lhs=sp.diff(o, X2), rhs=X1, tags=("backprop",)),
    # 5 "dL/dx1 = 5 x 3 = 15"
    Value("q5-dL-dx1", "5", "dL/dx1 = dL/do * do/dx1 = 5 x 3 = 15",
          computed=lambda: dL_do * sp.diff(o, X1).subs(_at), stated=15, tags=("backprop",)),
    # 5 "dL/dx2 = 5 x 2 = 10"
    Value("q5-dL-dx2", "5", "dL/dx2 = dL/do * do/dx2 = 5 x 2 = 10",
          computed=lambda: dL_do * sp.diff(o, X2).subs(_at), stated=10, tags=("backprop",)),
]


# ---------------------------------------------------------------- 6 zero vector
def _q6(d):
    """Symbolic x_1..x_d (columns of X) and alpha; v = sum_i alpha_i x_i."""
    X = sp.Matrix(d, d, lambda j, i: sp.Symbol(f"x{i + 1}_{j + 1}", real=True))
    al = sp.Matrix(reals(" ".join(f"alpha{i}" for i in range(1, d + 1))))
    vv = X * al
    return X, al, vv


_alpha = sp.IndexedBase("alpha", real=True)
_i = sp.Symbol("i", integer=True, positive=True)
_d = sp.Symbol("d", integer=True, positive=True)


def _q6_claims(d):
    X, al, vv = _q6(d)
    norm2 = (vv.T * vv)[0]
    dots = [(vv.T * X[:, i])[0] for i in range(d)]
    return [
        # "||v||^2 = sum_i alpha_i (v . x_i)"
        Identity(f"q6-norm-d{d}", "6", f"||v||^2 = sum_i alpha_i (v . x_i) for v = sum_i alpha_i x_i (d = {d})",
                 lhs=norm2, rhs=sum(al[i] * dots[i] for i in range(d)), tags=("linear-algebra",)),
    ]


CLAIMS += [
    # 6 "the d linearly independent vectors form a basis ... v can be written as sum_i alpha_i x_i"
    Prose("q6-basis", "6", "d linearly independent vectors in d dimensions form a basis, so v = sum alpha_i x_i",
          reason="a standard linear-algebra fact used as a step; no computation to check",
          tags=("linear-algebra",)),
    [_q6_claims(d) for d in range(1, 5)],
    # 6 "||v||^2 = sum_{i=1}^d alpha_i (v . x_i) = sum_{i=1}^d alpha_i (0) = 0": with every v . x_i
    #   replaced by its value 0 (the hypothesis), symbolic d
    Chain("q6-zero", "6", "sum_{i=1}^d alpha_i (0) = 0  (after v . x_i = 0 for every i)",
          steps=(sp.Sum(sp.Mul(_alpha[_i], 0, evaluate=False), (_i, 1, _d)), sp.Integer(0)),
          tags=("linear-algebra",)),
    # 6 "||v|| = 0. Thus v must be a zero vector."
    Prose("q6-conclusion", "6", "||v|| = 0, thus v must be the zero vector",
          reason="positive definiteness of the norm; a one-line argument, not a computation",
          tags=("linear-algebra",)),
]


# ---------------------------------------------------------------- 7, 8 conceptual
CLAIMS += [
    Prose("q7-variance", "7", "the network with sigmoid activations has higher variance in prediction "
          "(the linear-activation network collapses to a linear model)",
          reason="bias-variance judgement about model families; not a computation",
          tags=("mlp-construction",)),
    Prose("q8a-capacity", "8(a)", "with q < p the q linear units form a low-rank approximation of the p-dim "
          "information, so capacity decreases",
          reason="conceptual: the product of the two weight matrices has rank <= q < p; stated without computation",
          tags=("mlp-construction", "linear-algebra")),
    Prose("q8b-capacity", "8(b)", "with q > p the capacity does not increase: the extra linear layer "
          "collapses into the existing weight matrix",
          reason="conceptual: a product of linear maps is linear; stated without computation",
          tags=("mlp-construction", "linear-algebra")),
]
