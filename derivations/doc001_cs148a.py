"""CS 148a Problem Set 1, claim by claim in the document's order: rows are the document's steps
as written; the constructions (the Q1 network, the Q4.2 networks, sweeps) are in _doc001_build."""
import itertools

import sympy as sp

from checks import build
from checks.dl import sigmoid
from checks.model.catalog import Document
from checks.model.claims import Identity, Chain, Value, Property, Prose, erratum, later
from checks.text.rows import rows
from derivations import _doc001_build as B

DOCUMENT = Document(file="001_68c8a4eb10a0233d.txt", id="001", title="CS 148a Problem Set 1",
                    questions=("Q1(a)", "Q1(b)", "Q1(c)", "Q1(d)", "Q2", "Q3", "Q4.1", "Q4.2", "Q4.3", "Q4.4",
                               "Q5", "Q6.1", "Q6.2", "Q6.3", "Q6.4"))

R = sp.Rational
NOTATION = {"sigma": sigmoid, "e": sp.E}
NET = ("sigmoid-tanh", "mlp-construction")
NET_SIZES = ((1, 1, 1), (2, 2, 1), (2, 3, 2), (3, 2, 2))   # (n_in, hidden width, n_out)
ADAM = "0 < beta1 < 1, 0 < beta2 < 1, t integer, t > 0, nu > 0"
BP, LOSS, MLP, LINALG = ("backprop",), ("loss",), ("mlp-construction",), ("linear-algebra",)

CLAIMS = [
    # Q1: L = w3 s with s = w1 + w2 at w1 = 1, w2 = 2.3, w3 = 5.7, eta = 0.01 (the network is not
    # printed; _doc001_build says where each of these comes from).
    rows("Q1(a)", "q1a-dl-dw3 | diff(w3*s, w3) = s | s = w1 + w2", names={"s": B.w1 + B.w2}, tags=BP),
    Value("q1a-dl-dw3-value", "Q1(a)", "dL/dw3 = s = 3.3 at w1 = 1, w2 = 2.3, w3 = 5.7",
          computed=B.GRAD_W0[B.w3], stated=R("3.3"), tags=BP),
    rows("Q1(b)", "q1b-chain-rule | diff(w3*(w1 + w2), w1) = diff(w3*s, s)*diff(w1 + w2, w1) = w3*(1) = w3",
         tags=BP),
    Value("q1b-dl-dw1-value", "Q1(b)", "dL/dw1 = w3 = 5.7", computed=B.GRAD_W0[B.w1], stated=R("5.7"), tags=BP),
    rows("Q1(b)", "q1b-dl-dw2 | diff(w3*(w1 + w2), w2) = w3 | by symmetry", tags=BP),
    Value("q1b-dl-dw2-value", "Q1(b)", "dL/dw2 = w3 = 5.7", computed=B.GRAD_W0[B.w2], stated=R("5.7"), tags=BP),
    [Chain(f"q1c-{p}", "Q1(c)", f"{p} - eta dL/d{p} = {w} - 0.01({g}) = {new}",
           steps=(B.W_NEW[p], R(w) - B.ETA * R(g), R(new)), tags=BP)
     for p, w, g, new in ((B.w1, "1", "5.7", "0.943"), (B.w2, "2.3", "5.7", "2.243"), (B.w3, "5.7", "3.3", "5.667"))],
    Value("q1d-new-loss-expr", "Q1(d)", "L(new) = (w1 + w2) w3 = (0.943 + 2.243) * 5.667",
          computed=lambda: B.L.subs(B.W_NEW), stated=(R("0.943") + R("2.243")) * R("5.667"), tags=BP),
    Value("q1d-new-loss", "Q1(d)", "L(new) = 18.055 (3 decimal places)",
          computed=lambda: B.L.subs(B.W_NEW), stated=R("18.055"), places=3, tags=BP),
    Property("q1d-decreased", "Q1(d)", "the loss decreased (L at the updated weights < L at w1 = 1, w2 = 2.3, w3 = 5.7)",
             predicate=B.loss_decreased, cases=lambda: [(B.W0, B.W_NEW)], tags=BP),
    Identity("q1d-descent", "Q1(d)", "the step opposite to the gradient locally decreases the loss: "
             "d/d eta L(w - eta grad L)|_{eta=0} = -||grad L||^2",
             lhs=B.DESCENT_L, rhs=B.DESCENT_R, tags=BP),

    # Q2, Q3: headings only
    [Prose(f"q{q}-empty", f"Q{q}", "the document gives no solution for this question",
           reason="the document gives no solution for this question") for q in (2, 3)],

    # Q4.1 (e is Euler's number, sigma the logistic function)
    rows("Q4.1", """
        q4.1-chain      | tanh(x) + 1 = (e^x - e^(-x))/(e^x + e^(-x)) + 1 = (e^x - e^(-x) + e^x + e^(-x))/(e^x + e^(-x)) = 2*e^x/(e^x + e^(-x)) = 2*1/(1 + e^(-2*x))
        q4.1-two-sigma  | 2*sigma(2*x) = 2*1/(1 + e^(-(2*x)))
        q4.1-conclusion | tanh(x) + 1 = 2*1/(1 + e^(-2*x)) = 2*sigma(2*x)
    """, names=NOTATION, tags=("sigmoid-tanh",)),

    # Q4.2 -- a sigmoid neuron expressed with tanh (w^T x is written Sum(w[j]*x[j], (j, 1, n)))
    rows("Q4.2", """
        q4.2-sigma-via-tanh    | sigma(z) = 1/2*(tanh(z/2) + 1) | from the previous proof
        q4.2-sigma-neuron      | sigma(Sum(w[j]*x[j], (j, 1, n)) + b) = 1/2*(tanh((Sum(w[j]*x[j], (j, 1, n)) + b)/2) + 1) | sizes: n = 1..4 | w^T x, w and x in R^n
        q4.2-tanh-neuron-wb    | tanh(Sum(w[j]/2*x[j], (j, 1, n)) + b/2) = tanh((Sum(w[j]*x[j], (j, 1, n)) + b)/2) | sizes: n = 1..4 | the RHS as a tanh neuron with w' = w/2, b' = b/2
    """, names=NOTATION, tags=("sigmoid-tanh",)),
    erratum(Identity("q4.2-sigmoid-to-tanh-net", "Q4.2",
                     "a sigmoid MLP equals the tanh MLP with w' = w/2, b' = b/2 whose following layer takes the "
                     "unit with weight 0.5 and an additional bias of 0.5 [read: the weight is 0.5 and the node's "
                     "bias gains 0.5, not 0.5 v; network (1, 1, 1)]", **B.sides(sigmoid, B.tanh, B.doc_sigmoid_to_tanh),
                     tags=NET),
            Identity("q4.2-sigmoid-to-tanh-net-fix", "Q4.2",
                     "the following layer's weight v on the unit becomes 0.5 v and its bias gains 0.5 v "
                     "(checks.build.sigmoid_to_tanh)", **B.sides(sigmoid, B.tanh, build.sigmoid_to_tanh), tags=NET),
            severity="minor"),
    # a tanh neuron expressed with sigmoid
    rows("Q4.2", """
        q4.2-tanh-via-sigma  | tanh(z) = 2*sigma(2*z) - 1 | from the previous proof ("equivalent up to affine transformations")
        q4.2-tanh-neuron     | tanh(Sum(w[j]*x[j], (j, 1, n)) + b) = 2*sigma(2*Sum(w[j]*x[j], (j, 1, n)) + 2*b) - 1 | sizes: n = 1..4 | w^T x, w and x in R^n
        q4.2-sigma-neuron-wb | 2*sigma(Sum(2*w[j]*x[j], (j, 1, n)) + 2*b) - 1 = 2*sigma(2*Sum(w[j]*x[j], (j, 1, n)) + 2*b) - 1 | sizes: n = 1..4 | a sigma neuron with w' = 2w, b' = 2b
    """, names=NOTATION, tags=("sigmoid-tanh",)),
    erratum(Identity("q4.2-tanh-to-sigmoid-net", "Q4.2",
                     "a tanh MLP equals the sigmoid MLP with w' = 2w, b' = 2b whose next layer's weights on the "
                     "unit are set to 2, followed by a bias of -1 [read: the node's bias gains -1, not -v; "
                     "network (1, 1, 1)]",
                     **B.sides(B.tanh, sigmoid, B.doc_tanh_to_sigmoid), tags=NET),
            Identity("q4.2-tanh-to-sigmoid-net-fix", "Q4.2",
                     "the next layer's weight v on the unit becomes 2 v and its bias gains -v (checks.build."
                     "tanh_to_sigmoid)", **B.sides(B.tanh, sigmoid, build.tanh_to_sigmoid), tags=NET),
            severity="minor"),
    Property("q4.2-any-network", "Q4.2",
             "any network using one activation can be converted layer-by-layer into a network using the "
             "other by tuning the weights and biases (checks.build's maps, both directions, one-hidden-layer "
             "networks (n_in, h, n_out) = (1,1,1), (2,2,1), (2,3,2), (3,2,2); deeper: the layer step)",
             predicate=lambda case: build.same(*B.network_pair(*case)), strength="bounded", tags=NET,
             cases=lambda: [(a, a2, m, size) for size in NET_SIZES for a, a2, m in
                            ((sigmoid, B.tanh, build.sigmoid_to_tanh), (B.tanh, sigmoid, build.tanh_to_sigmoid))]),
    [Property(f"q4.2-{d.replace('->', '-to-')}-layer", "Q4.2",
              f"layer by layer ({d}): if the converted previous layer's outputs u stand for the original ones "
              f"through the identity's affine map, so do the next converted layer's (widths 1..3 each)",
              predicate=B.layer_step, strength="bounded", source="supporting", tags=NET,
              cases=lambda d=d: [(d, w) for w in itertools.product(range(1, 4), repeat=2)])
     for d in ("sigmoid->tanh", "tanh->sigmoid")],
    Property("q4.2-single-neuron", "Q4.2", "a single-neuron model would not be sufficient: no sigmoid neuron "
             "sigma(w x + b) equals tanh(x), since sigma > 0 for all real w, b while tanh(-1) < 0",
             predicate=B.single_neuron, cases=lambda: [(B.pw1, B.pb, sp.Integer(-1))], strength="proof", tags=NET),
    Prose("q4.2-two-layers", "Q4.2", "this requires there to be at least two layers in the network",
          reason="which architectures admit the conversion is a remark; its checkable part, a single "
                 "neuron is not enough, is q4.2-single-neuron"),

    # Q4.3 -- one-hot labels y_i, outputs yhat_i (positive probabilities)
    Property("q4.3-log-product", "Q4.3",
             "the log-likelihood of prod_{i=1}^N P(yhat_i = y_i | x_i) is sum_i log p(yhat_i = y_i | x_i) "
             "(positive probabilities, N = 1..6)",
             predicate=B.log_of_product, cases=lambda: range(1, 7), strength="bounded", tags=LOSS),
    Property("q4.3-one-hot-dot", "Q4.3", "for one-hot y, log P(yhat = y) = y . log(yhat) (|C| = 2..5, every class)",
             predicate=lambda case: B.loglik_chain((1, case[0], (case[1],))), strength="bounded", tags=LOSS,
             cases=lambda: [(C, c) for C in range(2, 6) for c in range(C)]),
    Property("q4.3-loglik-chain", "Q4.3",
             "L_log = sum_i log p(yhat_i = y_i) = sum_i y_i . log(yhat_i) = sum_i sum_j y_ij log(yhat_ij)"
             " (N = 1..3, |C| = 2..4, every one-hot labelling)",
             predicate=B.loglik_chain, cases=B.datasets, strength="bounded", tags=LOSS),
    Property("q4.3-argmax-argmin", "Q4.3",
             "argmax_w sum sum y log yhat = argmin_w [- sum sum y log yhat] (every objective taking "
             "values in {-2..2} on 4 parameter settings)",
             predicate=build.exact(B.argmax_is_argmin), strength="bounded", tags=LOSS,
             cases=lambda: list(itertools.product(range(-2, 3), repeat=4))),
    rows("Q4.3", "q4.3-neg-loglik-is-H | -Sum(Sum(y[i, j]*log(yhat[i, j]), (j, 1, C)), (i, 1, N)) = "
                 "-Sum(Sum(y[i, k]*log(yhat[i, k]), (k, 1, C)), (i, 1, N)) | assume: N integer, C integer, "
                 "N > 0, C > 0 | C is the number of classes; the right side is H(y, yhat) as defined", tags=LOSS),
    Property("q4.3-H-is-cross-entropy", "Q4.3", "H(y, yhat) = - sum_i sum_k y_ik log(yhat_ik) is the cross-entropy "
             "loss (dl.cross_entropy over all samples, N = 1..3, |C| = 2..4)", predicate=B.cross_entropy_case,
             cases=lambda: list(itertools.product(range(1, 4), range(2, 5))), strength="bounded", tags=LOSS),

    # Q4.4 -- Adam: E[g_k] = mu and E[g_k^2] = nu for every k, written mu and nu in the rows
    rows("Q4.4", """
        q4.4-scale | eta*(c*s)/sqrt(c^2*r) = eta*s/sqrt(r) | assume: c > 0, r > 0 | "normalize by the square root to ensure constant scale" read as: gradients rescaled by c > 0 (s-bar -> c s-bar, r-bar -> c^2 r-bar) leave the update unchanged, delta = 0
        q4.4-eq1-correction | (1 - beta1)*Sum(beta1^(t - k)*mu, (k, 1, t))/(1 - beta1^(t + 1)) = mu | erratum minor | correction: (1 - beta1)*Sum(beta1^(t - k)*mu, (k, 1, t))/(1 - beta1^t) = mu | equation (1): E[s-bar_{t+1}] = E[s_{t+1}]/(1 - beta1^(t+1)) = mu, with s_{t+1} built from g_1..g_t (s_1 = 0) as the document unrolls it; E[g_k] = mu
        q4.4-eq2-correction | (1 - beta2)*Sum(beta2^(t - k)*nu, (k, 1, t))/(1 - beta2^(t + 1)) = nu | erratum minor | correction: (1 - beta2)*Sum(beta2^(t - k)*nu, (k, 1, t))/(1 - beta2^t) = nu | equation (2): E[r-bar_{t+1}] = E[r_{t+1}]/(1 - beta2^(t+1)) = E[g^2], with r_{t+1} built from g_1..g_t (r_1 = 0) as the document unrolls it; E[g_k^2] = nu
    """, assume=ADAM, tags=("adam",)),
    Prose("q4.4-require-mean", "Q4.4", "we require that, in expectation, s_{t+1,i} is equal to the mean "
          "of the gradient mu = E[g_i]", reason="a requirement that the derivation below tests; it states no fact"),
    Property("q4.4-unroll-s", "Q4.4",
             "s_{t+1} = (1 - b1) sum_{k=1}^t b1^(t-k) g_k (unrolling the recurrence, s_1 = 0; t = 1..6)",
             predicate=B.unrolled("s"), cases=lambda: range(1, 7), strength="bounded", tags=("adam",)),
    rows("Q4.4", """
        q4.4-mean-chain | (1 - beta1)*Sum(beta1^(t - k)*mu, (k, 1, t)) = (1 - beta1)*mu*Sum(beta1^(t - k), (k, 1, t)) = mu*(1 - beta1)*(1 - beta1/(1 - beta1)) = mu*(1 - beta1^t) | erratum minor | correction: (1 - beta1)*mu*Sum(beta1^(t - k), (k, 1, t)) = mu*(1 - beta1)*(1 - beta1^t)/(1 - beta1) = mu*(1 - beta1^t) | E[s_{t+1}] = ... with E[g_k] = mu ("letting mu = E[g_k]"); the third form is the "sum of geometric series" step
        q4.4-s-corrected | (1 - beta1)*Sum(beta1^(t - k)*mu, (k, 1, t))/(1 - beta1^t) = mu | "So to correct this, we use s-bar_{t+1} = s_{t+1}/(1 - beta1^t)": E[s_{t+1}]/(1 - beta1^t) = mu
        q4.4-variance-name | p*(a - (p*a + (1 - p)*c))^2 + (1 - p)*(c - (p*a + (1 - p)*c))^2 = p*a^2 + (1 - p)*c^2 | assume: 0 < p < 1 | erratum minor | correction: p*(a - (p*a + (1 - p)*c))^2 + (1 - p)*(c - (p*a + (1 - p)*c))^2 = p*a^2 + (1 - p)*c^2 - (p*a + (1 - p)*c)^2 | "the variance E[g_i^2]" (also "the square root of its variance" above), for g = a with probability p, else c
    """, assume=ADAM, tags=("adam",)),
    Property("q4.4-unroll-r", "Q4.4", "r_{t+1} = (1 - b2) sum_{k=1}^t b2^(t-k) g_k^2 (r_1 = 0; t = 1..6)",
             predicate=B.unrolled("r"), cases=lambda: range(1, 7), strength="bounded", tags=("adam",)),
    rows("Q4.4", """
        q4.4-second-moment-chain | (1 - beta2)*Sum(beta2^(t - k)*nu, (k, 1, t)) = nu*(1 - beta2)*(1)*(1 - beta2^t)/(1 - beta2) = (1 - beta2^t)*nu | E[r_{t+1}] = ... with E[g_{t,i}^2] (the document's index inside the sum over k) = E[g_k^2] = nu
        q4.4-r-corrected | (1 - beta2)*Sum(beta2^(t - k)*nu, (k, 1, t))/(1 - beta2^t) = nu | "So we need to apply the same correction": E[r_{t+1}]/(1 - beta2^t) = E[g^2] = nu
    """, assume=ADAM, tags=("adam",)),

    # Q5: heading only
    Prose("q5-empty", "Q5", "the document gives no solution for this question",
          reason="the document gives no solution for this question"),

    # Q6.1
    Property("q6.1-collapse", "Q6.1", "z2 = W2 z1 + b2 = W2(W1 z0 + b1) + b2 = W2 W1 z0 + (W2 b1 + b2) (every shape "
             "(d0, d1, d2) in {1,2,3}^3)",
             predicate=B.collapses, cases=lambda: list(itertools.product(range(1, 4), repeat=3)),
             strength="bounded", tags=LINALG),
    rows("Q6.1", "q6.1-single-layer | W2*(W1*z0 + b1) + b2 = W2*W1*z0 | erratum notation | correction: "
                 "W2*(W1*z0 + b1) + b2 = W2*W1*z0 + (W2*b1 + b2) | z2 as \"a single linear transformation "
                 "W' z + '\" with W' = W2 W1 and \"' = W2 b1 + b2\": the bias b' is printed without its letter; "
                 "1x1 layers", tags=LINALG),
    Property("q6.1-induction", "Q6.1",
             "by induction a D-layer network without nonlinearities collapses to one layer W' = W_D..W_1, "
             "b' = sum_l W_D..W_{l+1} b_l, so adding layers does not increase expressive power "
             "(D = 1..4, width 2)",
             predicate=B.deep_collapses, cases=lambda: range(1, 5), strength="bounded", tags=LINALG),

    # Q6.2 -- x in R^10, W1 in R^{2x10}, W2 in R^{10x2}
    Value("q6.2-shape", "Q6.2", "W' = W2 W1 is in R^{10x10}", computed=lambda: (B.W2_10 * B.W1_10).shape,
          stated=(10, 10), tags=LINALG),
    Identity("q6.2-image", "Q6.2",
             "im W' = {W2 y | y in im W1} (subset of im W2): W' x = W2 (W1 x) for all x in R^10",
             lhs=(B.W2_10 * B.W1_10) * B.X_10, rhs=B.W2_10 * (B.W1_10 * B.X_10), tags=LINALG),
    Property("q6.2-rank-ineq", "Q6.2", "rank W' <= rank W1 and rank W' <= rank W2 (every W1 in {0,1}^{2x3}, W2 in "
             "{0,1}^{3x2})", predicate=build.exact(lambda m: (m[1] * m[0]).rank() <= min(m[0].rank(), m[1].rank())),
             cases=lambda: list(itertools.product(*(build.integer_matrices(*rc, (0, 1)) for rc in ((2, 3), (3, 2))))),
             strength="bounded", tags=LINALG),
    erratum(Property("q6.2-min-rank", "Q6.2",
                     "This implies rank W' <= min(rank(W1), rank(W2)) = 2 [the '= 2': W1 in R^{2x10}, W2 in "
                     "R^{10x2} zero but for a 2x2 corner block over {0,1}, the blocks' entries the case]",
                     predicate=B.min_rank("="), cases=B.corner_blocks, tags=LINALG),
            Property("q6.2-min-rank-fix", "Q6.2", "min(rank(W1), rank(W2)) <= 2 (the same matrices)",
                     predicate=B.min_rank("<="), cases=B.corner_blocks, strength="bounded", tags=LINALG),
            severity="minor"),
    Identity("q6.2-rank-at-most-2", "Q6.2",
             "rank W' <= 2, so W2 W1 x collapses x to a 2-dimensional latent subspace: every 3x3 minor of "
             "W2 W1 is det(A B) with A in R^{3x2}, B in R^{2x3}, = 0",
             lhs=later(lambda: B.det3(build.symbol_matrix("A", 3, 2) * build.symbol_matrix("B", 2, 3))), rhs=0,
             tags=LINALG),
    Identity("q6.2-minors-4x4", "Q6.2", "all 16 3x3 minors of W2 W1 vanish for symbolic W2 in R^{4x2}, W1 in R^{2x4}",
             lhs=later(B.minors_4x4), rhs=sp.zeros(16, 1), source="supporting", tags=LINALG),
    Value("q6.2-full-rank", "Q6.2", "the bound is reached: W1 = [I_2 0] and W2 = W1^T have rank 2 and rank W' = 2",
          computed=B.full_rank_example, stated=(2, 2, 2), source="supporting", tags=LINALG),
    Value("q6.2-expressive", "Q6.2", "a single layer W_l in R^{10x10} might have had more expressive power "
          "[read: a larger rank; I_10 has rank 10 > 2]",
          computed=lambda: sp.eye(10).rank(), stated=10, tags=LINALG),

    # Q6.3 -- AND: w = [1, 1], b = -1.5; OR: w = [1, 1], b = -0.5; output sign(w^T x + b)
    Property("q6.3-table", "Q6.3", "the printed table: AND sign(-1.5) = -1, sign(-0.5) = -1, sign(0.5) = 1; "
             "OR sign(-0.5) = -1, sign(0.5) = 1, sign(1.5) = 1", predicate=B.table_row, cases=lambda: list(B.TABLE),
             tags=MLP),
    Property("q6.3-and-or", "Q6.3", "the two layers compute AND and OR (output 1 = true, -1 = false) on all of {0,1}^2",
             predicate=B.and_or, cases=lambda: list(B.TABLE), tags=MLP),
    Property("q6.3-xor-labels", "Q6.3", "XOR maps (0,1), (1,0) to 1 and (0,0), (1,1) to 0",
             predicate=lambda x: build.equal(x[0] ^ x[1], B.XOR_STATED[x]), cases=lambda: list(B.XOR_STATED), tags=MLP),
    Value("q6.3-geometry", "Q6.3",
          "in R^2 these lie on a square, positives on one diagonal, negatives on the other [squared "
          "sides (0,0)-(0,1)-(1,1)-(1,0) = 1, diagonals (0,1)-(1,0) and (0,0)-(1,1) = 2]",
          computed=B.square, stated=(1, 1, 1, 1, 2, 2), tags=MLP),
    Prose("q6.3-hyperplane", "Q6.3", "a single layer perceptron computes w^T x + b, a hyperplane in D dimensions; "
          "in 2 dimensions a line", reason="names the decision boundary {x : w^T x + b = 0}; a definition"),
    Property("q6.3-xor-not-separable", "Q6.3", "no line separates the XOR classes: for all w1, w2, b the constraints "
             "f(0,1), f(1,0) > 0 > f(0,0), f(1,1) (either orientation) are infeasible",
             predicate=B.certificate, cases=lambda: [(forms, (1, 1, 1, 1), 0) for forms in B.SEPARATING],
             strength="proof", tags=MLP),
    Property("q6.3-also-separates", "Q6.3", "any line separating (0,0) from (0,1) and (1,0) also separates (0,0) "
             "from (1,1): f(1,1) = f(0,1) + f(1,0) - f(0,0)",
             predicate=B.certificate, cases=lambda: [(p, (1, 1, 1), q) for p, q in B.ALSO_SEPARATES],
             strength="proof", tags=MLP),

    # Q6.4: the text ends after "In the base case,"
    Prose("q6.4-truncated", "Q6.4", "In the base case, ... (the document is truncated here)",
          reason="the document is truncated after 'In the base case,'"),
]
