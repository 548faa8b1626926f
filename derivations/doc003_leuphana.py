"""Deep Learning SS 2024 (Leuphana), Classwork -- a marked copy of ../shared/seeds/003_8913d2331ac13223.txt.
sigma(z) = 1/(1+e^-z), L(p) = log(p/(1-p)); networks and matrix sweeps in derivations/_doc003_build.py."""
import functools

import sympy as sp

from checks import build
from checks.dl import sigmoid, softmax_entry
from checks.model.catalog import Document
from checks.model.claims import Chain, Property, Prose, erratum, later, reals
from checks.text.rows import rows
from derivations import _doc003_build as net

DOCUMENT = Document(file="003_8913d2331ac13223.txt", id="003",
                    title="Deep Learning SS 2024, Leuphana: Classwork (sigmoid, softmax, expressive power, "
                          "activation similarities)",
                    questions=("1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "2", "2(a)", "2(b)", "3", "4(a)", "4(b)", "4(c)"))
sig = functools.partial(rows, names={"sigma": sigmoid, "L": net.L}, tags=("sigmoid-tanh",))
soft = functools.partial(rows, tags=("softmax",), names={      # softmax(j) is sigma(x)_j over x[1..d]
    "softmax": lambda j: softmax_entry(sp.IndexedBase("x", real=True), j, *sp.symbols("d k", integer=True))})
z, x, beta = reals("z x beta")
H, RELU = x / (1 + sp.exp(-beta * x)), sp.Piecewise((0, x < 0), (x, True))   # h(x) of 4(a); ReLU
EX = net.W2_EX * net.W1_EX                                                     # W2 W1 of 3's example


CLAIMS = [
    # 1. Sigmoidal function
    *sig("1(a)", """
        1a-derivative-chain | diff(sigma(z), z) = (0 + 1*exp(-z))/(1 + exp(-z))^2 = 1/(1 + exp(-z)) * (exp(-z)/(1 + exp(-z))) = sigma(z)*sigma(-z)
        1a-derivative-of-definition | diff(1/(1 + exp(-z)), z) = sigma(z)*sigma(-z) | supporting | the derivative taken of the definition itself
    """),
    *sig("1(b)", "1b-symmetry-chain | sigma(-z) + sigma(z) = 1/(1 + exp(z)) + 1/(1 + exp(-z)) = 1"),
    *sig("1(c)", "1c-exp-form-chain | sigma(z) = 1/(1 + exp(-z)) = exp(z)/(exp(z) + exp(z)*exp(-z)) "
                 "= exp(z)/(exp(z) + exp(z)/exp(z)) = exp(z)/(1 + exp(z))"),
    *sig("1(d)", "1d-logodds-chain | L(sigma(z)) = log(sigma(z)/(1 - sigma(z))) "
                 "= log((1/(1 + exp(-z)))/(1/(exp(z) + 1))) = log(exp(z)) = z"),
    Chain("1e-weight-is-logodds", "1(e)", "L(p_i) = log(P(Y=1|X_i=1,X_j=0)/(1-P(Y=1|X_i=1,X_j=0))) = L(sigma(w_i)) "
          "= w_i (p_i computed from the model sigma(sum_j w_j x_j) with k = 1..5 inputs, every i)",
          steps=(net.over_models(lambda p, w: net.L(p)), net.over_models(lambda p, w: sp.log(p / (1 - p))),
                 net.over_models(lambda p, w: net.L(sigmoid(w))), net.over_models(lambda p, w: w)),
          tags=("sigmoid-tanh",), over=build.SIZES_NAMED),

    # 2. Softmax function
    *soft("2", "2-softmax-range | Min(Max(softmax(1), 0), 1) = softmax(1) | assume: d > 0 | sizes: d = 1..6 "
               "| sigma : R^d -> [0,1]^d: entry 1 (every entry alike) clamped to [0, 1] is unchanged"),
    Prose("2a-softmax-vs-sigmoid", "2(a)", "softmax normalises the outputs to sum to one (a distribution over "
          "classes, multi-class); a per-dimension sigmoid gives an individual probability per class (multi-label)",
          reason="a comparison of modelling uses; its sum and range are claims 2(b) and 2", tags=("softmax",)),
    *soft("2(b)", """
        2b-softmax-sums-to-one | Sum(softmax(j), (j, 1, d)) = Sum(exp(x[j])/Sum(exp(x[k]), (k, 1, d)), (j, 1, d)) = 1/Sum(exp(x[k]), (k, 1, d)) * Sum(exp(x[j]), (j, 1, d)) = 1 | assume: d > 0 | sizes: d = 1..6 | softmax(j) is sigma(x)_j
    """),

    # 3. Expressive power of neural network: theoretical explanation
    Chain("3-two-layer-collapse", "3", "y = W2(W1 x + b1) + b2 = W2 W1 x + W2 b1 + b2 = W'x + b' with W' = W2 W1, "
          "b' = W2 b1 + b2 (symbolic matrices, shapes (1,1,1), (2,2,2), (3,2,1), (2,3,4))",
          steps=later(net.deep, False, ((1, 1, 1), (2, 2, 2), (3, 2, 1), (2, 3, 4))), tags=net.TAGS["3"],
          over=build.SIZES_NAMED),
    net.networks("3-deep-linear-is-affine", "3", "a deep linear network equals one affine map y = W x + b, "
                 "W = W_L...W_1, b = sum_l W_L...W_{l+1} b_l (symbolic matrices, depths L = 1..4)", net.deep),
    erratum(net.value("3-expressive-power-same", "the expressive power remains the same no matter how many layers "
                      "are added [added layers of any width: the largest rank of W2 W1 over every 2 -> 1 -> 2 "
                      "network is one 2 -> 2 layer's, 2]", lambda: net.largest_rank(net.BOTTLENECK), 2),
            net.value("3-expressive-power-never-increases", "adding layers never increases it, and a narrower "
                      "added layer reduces it: every 2 -> 1 -> 2 network has rank(W2 W1) <= 1, one 2 -> 2 layer "
                      "reaches 2 (W = I)", lambda: (net.largest_rank(net.BOTTLENECK),
                                                    net.largest_rank(build.symbol_matrix("W", 2, 2))), (1, 2)),
            severity="major"),
    # 3: example demonstrating reduction in expressive power
    net.networks("3-zero-init-output-is-last-bias", "3", "with every W_l = 0 the output is y = b_n, the bias of "
                 "the last layer, for any input (symbolic biases and inputs, depths n = 1..4)", net.deep, True),
    Property("3-rank-cannot-grow", "3", "adding layers W2 after W1 cannot expand this space: rank(W2 W1) <= "
             "min(rank W1, rank W2) (bounded: all 6561 pairs of 2x2 matrices over {-1,0,1} standing for any matrices)",
             predicate=build.exact(lambda p: (p[1] * p[0]).rank() <= min(p[0].rank(), p[1].rank())),
             cases=net.pairs, strength="bounded", tags=("linear-algebra",)),
    Property("3-rank-might-restrict", "3", "and might further restrict it if these matrices also have rank "
             "deficiencies [a witness the catalog chose: W1 = [[1,0],[0,0]], W2 = [[0,0],[0,1]] give "
             "rank(W2 W1) = 0 < rank W1 = 1]", predicate=net.adding_reduces,
             cases=lambda: [(net.W1_EX, sp.Matrix([[0, 0], [0, 1]]))], strength="proof", tags=("linear-algebra",)),
    net.value("3-example-product", "W2 W1 = [[1,0],[1,0]] for W1 = [[1,0],[0,0]], W2 = [[1,1],[1,1]]",
              lambda: EX, sp.Matrix([[1, 0], [1, 0]])),
    erratum(Property("3-example-rank", "3", "the product W2 W1 has a rank of 1, regardless of the individual "
                     "configurations of W1 and W2 (bounded: all pairs of 2x2 matrices over {-1,0,1})",
                     predicate=net.rank_one, cases=net.pairs, strength="bounded", tags=("linear-algebra",)),
            net.value("3-example-rank-of-this-product",
                      "rank(W2 W1) = 1 for the example's W1 = [[1,0],[0,0]], W2 = [[1,1],[1,1]] only", EX.rank, 1),
            severity="major"),
    net.value("3-example-line", "limiting the network to projecting inputs onto a line: the column space of "
              "W2 W1 is spanned by (1, 1)", lambda: sp.Matrix.hstack(*EX.columnspace()), sp.Matrix([1, 1])),
    net.value("3-example-projection", "W2 W1 projects: (W2 W1)^2 = W2 W1 ['projecting' read as idempotent]",
              lambda: EX ** 2, EX),
    erratum(Property("3-example-reduces-power", "3", "thus actively reducing its ability ...: in this example "
                     "adding W2 after W1 reduces what the network represents, rank(W2 W1) < rank(W1)",
                     predicate=net.adding_reduces, cases=lambda: [(net.W1_EX, net.W2_EX)], strength="exhaustive",
                     tags=("linear-algebra",)),
            net.value("3-example-keeps-rank", "the example reduces nothing: rank(W2 W1) = rank(W1) = 1, W1 alone "
                      "already has rank 1 (a reduction needs a narrower layer, see 3-expressive-power-same)",
                      lambda: (EX.rank(), net.W1_EX.rank()), (1, 1)),
            severity="major"),

    # 4. Activation function similarities
    *sig("4(a)", """
        4a-swish-form | x*sigma(beta*x) = x/(1 + exp(-beta*x))
        4a-beta-zero-linear | x/(1 + exp(-0*x)) = x/2 | h(x) at beta = 0
    """),
    net.limit("4a-exp-neg-x", "beta -> oo: exp(-beta x) -> oo for all x < 0", sp.exp(-beta * x), sp.oo, x < 0),
    erratum(net.limit("4a-exp-nonneg-x", "beta -> oo: exp(-beta x) -> 0 for x >= 0", sp.exp(-beta * x), 0, x >= 0),
            net.limit("4a-exp-nonneg-x-fix", "beta -> oo: exp(-beta x) -> 0 for x > 0 only (at x = 0 it stays 1)",
                      sp.exp(-beta * x), 0, x > 0), severity="minor"),
    net.limit("4a-exp-at-zero", "at x = 0: exp(-beta x) = 1 for every beta, so its limit is 1",
              sp.exp(-beta * 0), 1, source="supporting"),
    net.limit("4a-exp-pos-x", "beta -> oo: exp(-beta x) -> 0 for x >= 0 -- the part x > 0",
              sp.exp(-beta * x), 0, x > 0, source="supporting"),
    net.limit("4a-relu-neg", "beta -> oo: h(x) -> 0 for x < 0 (the piecewise result)", H, RELU, x < 0),
    net.limit("4a-relu-pos", "beta -> oo: h(x) -> x for x > 0 (the piecewise result)", H, RELU, x > 0),
    net.limit("4a-relu-zero", "beta -> oo: h(0) -> 0 (the piecewise result at x = 0)", H.subs(x, 0), RELU.subs(x, 0)),
    *sig("4(b)", """
        4b-tanh-def | tanh(x) = (exp(x) - exp(-x))/(exp(x) + exp(-x))
        4b-tanh-sigmoid-chain | tanh(x) + 1 = (exp(x) - exp(-x) + exp(x) + exp(-x))/(exp(x) + exp(-x)) = 2*exp(x)/(exp(x) + exp(-x)) = 2*(exp(x)/(exp(x) + exp(-x))) = 2*(exp(2*x)/(exp(2*x) + 1)) = 2*sigmoid(2*x)
    """),
    # 4(c): "the addition of 1 and multiplication by 2 can be absorbed into the bias and weight scaling"
    net.networks("4c-tanh-net-as-sigmoid-net", "4(c)", "a tanh network V tanh(W x + b) + c is the sigma network "
                 "2V sigma(2W x + 2b) + (c - V 1): the +1 and *2 of tanh(u) + 1 = 2 sigma(2u) absorbed into weights "
                 "and biases (shapes (1,1,1), (2,2,1), (2,3,2))", net.nets, True),
    net.networks("4c-sigmoid-net-as-tanh-net", "4(c)",
                 "and vice versa: V sigma(W x + b) + c is the tanh network (V/2) tanh(W x/2 + b/2) + (c + V 1/2) "
                 "(shapes (1,1,1), (2,2,1), (2,3,2))", net.nets, False),
    # deeper networks by induction: a hidden layer l >= 2 (end to end, nested exponentials only sample)
    net.networks("4c-tanh-to-sigmoid-hidden-step", "4(c)",
                 "for a hidden layer l >= 2: 4 W_l sigma(2u) + 2(b_l - W_l 1) = 2 (W_l tanh(u) + b_l), "
                 "u the previous tanh preactivation (widths (1,1), (2,2), (3,2))", net.hidden_steps, True),
    net.networks("4c-sigmoid-to-tanh-hidden-step", "4(c)",
                 "for a hidden layer l >= 2: (W_l/4) tanh(u/2) + (b_l + W_l 1/2)/2 = (W_l sigma(u) + b_l)/2, "
                 "u the previous sigma preactivation (widths (1,1), (2,2), (3,2))", net.hidden_steps, False),
    Prose("4c-function-classes-identical", "4(c)", "the function classes parameterised by tanh and sigma networks "
          "are identical, because the bias term allows the affine shift/scale between tanh and sigma",
          reason="about every architecture; the parameter maps above are checked for the shapes named",
          tags=net.TAGS["4(c)"]),
]
