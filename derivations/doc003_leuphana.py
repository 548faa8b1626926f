"""Deep Learning SS 2024 (Leuphana), Classwork: sigmoid, softmax, expressive power of linear
networks, activation similarities -- a marked copy of ../shared/seeds/003_8913d2331ac13223.txt.
sigma(z) = 1/(1+e^-z), L(p) = log(p/(1-p)); the constructions are in derivations/_doc003_build.py."""
import sympy as sp

from checks import build
from checks.dl import sigmoid, softmax_entry
from checks.model.catalog import Document
from checks.model.claims import Chain, Identity, Limit, Property, Prose, Value, erratum, later, reals
from checks.text.rows import rows
from derivations import _doc003_build as net

DOCUMENT = Document(file="003_8913d2331ac13223.txt", id="003",
                    title="Deep Learning SS 2024, Leuphana: Classwork (sigmoid, softmax, "
                          "expressive power, activation similarities)",
                    questions=("1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "2(a)", "2(b)", "3",
                               "4(a)", "4(b)", "4(c)"))
SIG = {"sigma": sigmoid, "L": net.L}
z, x, beta = reals("z x beta")
d = sp.Symbol("d", integer=True, positive=True)
j, k = sp.symbols("j k", integer=True)
X = sp.IndexedBase("x", real=True)
H, RELU = x / (1 + sp.exp(-beta * x)), sp.Piecewise((0, x < 0), (x, True))   # h(x) of 4(a), ReLU

CLAIMS = [
    # 1. Sigmoidal function
    *rows("1(a)", """
        1a-derivative-chain | diff(sigma(z), z) = (0 + 1*exp(-z))/(1 + exp(-z))^2 = 1/(1 + exp(-z)) * (exp(-z)/(1 + exp(-z))) = sigma(z)*sigma(-z)
        1a-derivative-of-definition | diff(1/(1 + exp(-z)), z) = sigma(z)*sigma(-z) | supporting | the derivative taken of the definition itself
    """, names=SIG, tags=("sigmoid-tanh",)),
    *rows("1(b)", "1b-symmetry-chain | sigma(-z) + sigma(z) = 1/(1 + exp(z)) + 1/(1 + exp(-z)) = 1",
          names=SIG, tags=("sigmoid-tanh",)),
    *rows("1(c)", "1c-exp-form-chain | sigma(z) = 1/(1 + exp(-z)) = exp(z)/(exp(z) + exp(z)*exp(-z)) "
                  "= exp(z)/(exp(z) + exp(z)/exp(z)) = exp(z)/(1 + exp(z))", names=SIG, tags=("sigmoid-tanh",)),
    *rows("1(d)", "1d-logodds-chain | L(sigma(z)) = log(sigma(z)/(1 - sigma(z))) "
                  "= log((1/(1 + exp(-z)))/(1/(exp(z) + 1))) = log(exp(z)) = z", names=SIG, tags=("sigmoid-tanh",)),
    # p_i = P(Y=1 | X_i = 1, X_j = 0) computed from the model sigma(sum_j w_j x_j): k = 1..5, every i
    Chain("1e-weight-is-logodds", "1(e)",
          "L(p_i) = log(P(Y=1|X_i=1,X_j=0)/(1-P(Y=1|X_i=1,X_j=0))) = L(sigma(w_i)) = w_i "
          "(models with k = 1..5 inputs, every i)",
          steps=(net.over_models(lambda p, w: net.L(p)), net.over_models(lambda p, w: sp.log(p / (1 - p))),
                 net.over_models(lambda p, w: net.L(sigmoid(w))), net.over_models(lambda p, w: w)),
          tags=("sigmoid-tanh",)),

    # 2. Softmax function
    Prose("2a-softmax-vs-sigmoid", "2(a)",
          "softmax normalises the outputs to sum to one (a distribution over classes, multi-class); "
          "a per-dimension sigmoid gives an individual probability per class (multi-label)",
          reason="a comparison of modelling uses; the normalisation it names is 2(b)'s claim",
          tags=("softmax",)),
    Chain("2b-softmax-sums-to-one", "2(b)",
          "sum_j sigma(x)_j = sum_j exp(x_j)/sum_k exp(x_k) = (1/sum_k exp(x_k)) sum_j exp(x_j) = 1, d = 1..6",
          steps=(sp.Sum(softmax_entry(X, j, d, k), (j, 1, d)),
                 sp.Sum(sp.exp(X[j]) / sp.Sum(sp.exp(X[k]), (k, 1, d)), (j, 1, d)),
                 sp.Mul(1 / sp.Sum(sp.exp(X[k]), (k, 1, d)), sp.Sum(sp.exp(X[j]), (j, 1, d)), evaluate=False),
                 sp.S.One),
          sizes={d: range(1, 7)}, tags=("softmax",)),
]

CLAIMS += [
    # 3. Expressive power of neural network -- theoretical explanation
    Chain("3-two-layer-collapse", "3",
          "y = W2(W1 x + b1) + b2 = W2 W1 x + W2 b1 + b2 = W'x + b' with W' = W2 W1, b' = W2 b1 + b2 "
          "(symbolic matrices, shapes (1,1,1), (2,2,2), (3,2,1), (2,3,4))",
          steps=later(net.two_layer_steps), tags=("linear-algebra", "mlp-construction")),
    Identity("3-deep-linear-is-affine", "3",
             "a deep linear network equals one affine map y = W x + b, W = W_L...W_1, "
             "b = sum_l W_L...W_{l+1} b_l (symbolic matrices, depths L = 1..4)",
             lhs=later(net.deep)[0], rhs=later(net.deep)[1], tags=("linear-algebra", "mlp-construction")),
    erratum(Value("3-expressive-power-same", "3",
                  "the expressive power remains the same no matter how many layers are added "
                  "[layers of any width: the largest rank of W2 W1 over every 2 -> 1 -> 2 network "
                  "(a layer of width 1 added) is that of one 2 -> 2 layer, 2]",
                  computed=net.bottleneck_rank, stated=2, tags=("linear-algebra",)),
            Value("3-expressive-power-never-increases", "3",
                  "adding layers never increases it, and a narrower added layer reduces it: every "
                  "2 -> 1 -> 2 network has rank(W2 W1) <= 1, one 2 -> 2 layer reaches 2 (W = I)",
                  computed=lambda: (net.bottleneck_rank(), net.largest_rank(build.symbol_matrix("W", 2, 2))),
                  stated=(1, 2), tags=("linear-algebra",)),
            severity="major"),
    # 3 -- example demonstrating reduction in expressive power
    Identity("3-zero-init-output-is-last-bias", "3",
             "with every W_l = 0 the output is y = b_n, the bias of the last layer, for any input "
             "(symbolic biases and inputs, depths n = 1..4)",
             lhs=later(net.deep, True)[0], rhs=later(net.deep, True)[2], tags=("linear-algebra", "mlp-construction")),
    Property("3-rank-cannot-grow", "3",
             "adding layers W2 after W1 cannot expand the space: rank(W2 W1) <= min(rank W1, rank W2) "
             "(bounded: all 6561 pairs of 2x2 matrices over {-1,0,1}, standing for any matrices)",
             predicate=build.exact(lambda p: (p[1] * p[0]).rank() <= min(p[0].rank(), p[1].rank())),
             cases=net.pairs, strength="bounded", tags=("linear-algebra",)),
    Property("3-rank-might-restrict", "3",
             "and might further restrict it if these matrices also have rank deficiencies "
             "[witness chosen by the catalog: W1 = [[1,0],[0,0]], W2 = [[0,0],[0,1]], rank(W2 W1) = 0 < 1]",
             predicate=net.adding_reduces, cases=lambda: [net.integer(net.W1_EX, sp.Matrix([[0, 0], [0, 1]]))],
             strength="proof", tags=("linear-algebra",)),
    Value("3-example-product", "3", "W2 W1 = [[1,0],[1,0]] for W1 = [[1,0],[0,0]], W2 = [[1,1],[1,1]]",
          computed=lambda: net.W2_EX * net.W1_EX, stated=sp.Matrix([[1, 0], [1, 0]]), tags=("linear-algebra",)),
    erratum(Property("3-example-rank", "3",
                     "the product W2 W1 has a rank of 1, regardless of the individual configurations of "
                     "W1 and W2 (bounded: all pairs of 2x2 matrices over {-1,0,1})",
                     predicate=net.rank_one, cases=net.pairs, strength="bounded", tags=("linear-algebra",)),
            Value("3-example-rank-of-this-product", "3",
                  "rank(W2 W1) = 1 for the example's W1 = [[1,0],[0,0]], W2 = [[1,1],[1,1]] only",
                  computed=lambda: (net.W2_EX * net.W1_EX).rank(), stated=1, tags=("linear-algebra",)),
            severity="major"),
    Value("3-example-line", "3",
          "limiting the network to projecting inputs onto a line: the column space of W2 W1 is spanned by (1, 1)",
          computed=lambda: sp.Matrix.hstack(*(net.W2_EX * net.W1_EX).columnspace()),
          stated=sp.Matrix([1, 1]), tags=("linear-algebra",)),
    Value("3-example-projection", "3",
          "W2 W1 projects: (W2 W1)^2 = W2 W1 ['projecting' read as idempotent]",
          computed=lambda: (net.W2_EX * net.W1_EX) ** 2, stated=net.W2_EX * net.W1_EX, tags=("linear-algebra",)),
    erratum(Property("3-example-reduces-power", "3",
                     "thus actively reducing its ability ...: in this example adding W2 after W1 reduces "
                     "what the network represents, rank(W2 W1) < rank(W1)",
                     predicate=net.adding_reduces, cases=lambda: [net.integer(net.W1_EX, net.W2_EX)],
                     strength="exhaustive", tags=("linear-algebra",)),
            Value("3-example-keeps-rank", "3",
                  "the example reduces nothing: rank(W2 W1) = rank(W1) = 1, W1 alone already has rank 1 "
                  "(a reduction needs a narrower layer, see 3-expressive-power-same)",
                  computed=lambda: ((net.W2_EX * net.W1_EX).rank(), net.W1_EX.rank()), stated=(1, 1),
                  tags=("linear-algebra",)),
            severity="major"),

    # 4. Activation function similarities
    *rows("4(a)", """
        4a-swish-form | x*sigma(beta*x) = x/(1 + exp(-beta*x))
        4a-beta-zero-linear | x/(1 + exp(-0*x)) = x/2 | h(x) at beta = 0
    """, names=SIG, tags=("sigmoid-tanh",)),
    Limit("4a-exp-neg-x", "4(a)", "beta -> oo: exp(-beta x) -> oo for all x < 0",
          expr=sp.exp(-beta * x), var=beta, point=sp.oo, stated=sp.oo, assume=(x < 0,), tags=("sigmoid-tanh",)),
    erratum(Limit("4a-exp-nonneg-x", "4(a)", "beta -> oo: exp(-beta x) -> 0 for x >= 0",
                  expr=sp.exp(-beta * x), var=beta, point=sp.oo, stated=0, assume=(x >= 0,), tags=("sigmoid-tanh",)),
            Limit("4a-exp-nonneg-x-fix", "4(a)", "beta -> oo: exp(-beta x) -> 0 for x > 0 only (at x = 0 it stays 1)",
                  expr=sp.exp(-beta * x), var=beta, point=sp.oo, stated=0, assume=(x > 0,), tags=("sigmoid-tanh",)),
            severity="minor"),
    Limit("4a-exp-at-zero", "4(a)", "at x = 0: exp(-beta x) = 1 for every beta, so its limit is 1",
          expr=sp.exp(-beta * 0), var=beta, point=sp.oo, stated=1, tags=("sigmoid-tanh",), source="supporting"),
    Limit("4a-exp-pos-x", "4(a)", "beta -> oo: exp(-beta x) -> 0 for x >= 0 -- the part x > 0",
          expr=sp.exp(-beta * x), var=beta, point=sp.oo, stated=0, assume=(x > 0,), tags=("sigmoid-tanh",), source="supporting"),
    Limit("4a-relu-neg", "4(a)", "beta -> oo: h(x) -> 0 for x < 0 (the piecewise result)",
          expr=H, var=beta, point=sp.oo, stated=RELU, assume=(x < 0,), tags=("sigmoid-tanh",)),
    Limit("4a-relu-pos", "4(a)", "beta -> oo: h(x) -> x for x > 0 (the piecewise result)",
          expr=H, var=beta, point=sp.oo, stated=RELU, assume=(x > 0,), tags=("sigmoid-tanh",)),
    Limit("4a-relu-zero", "4(a)", "beta -> oo: h(0) -> 0 (the piecewise result at x = 0)",
          expr=H.subs(x, 0), var=beta, point=sp.oo, stated=RELU.subs(x, 0), tags=("sigmoid-tanh",)),
    *rows("4(b)", """
        4b-tanh-def | tanh(x) = (exp(x) - exp(-x))/(exp(x) + exp(-x))
        4b-tanh-sigmoid-chain | tanh(x) + 1 = (exp(x) - exp(-x) + exp(x) + exp(-x))/(exp(x) + exp(-x)) = 2*exp(x)/(exp(x) + exp(-x)) = 2*(exp(x)/(exp(x) + exp(-x))) = 2*(exp(2*x)/(exp(2*x) + 1)) = 2*sigmoid(2*x)
    """, tags=("sigmoid-tanh",)),
    # 4(c) -- "the addition of 1 and multiplication by 2 can be absorbed into the bias and weight scaling"
    Identity("4c-tanh-net-as-sigmoid-net", "4(c)",
             "a tanh network V tanh(W x + b) + c is the sigma network 2V sigma(2W x + 2b) + (c - V 1): "
             "the +1 and *2 of tanh(u) + 1 = 2 sigma(2u) absorbed into weights and biases "
             "(shapes (1,1,1), (2,2,1), (2,3,2))",
             lhs=later(net.nets, True)[0], rhs=later(net.nets, True)[1], tags=("sigmoid-tanh", "mlp-construction")),
    Identity("4c-sigmoid-net-as-tanh-net", "4(c)",
             "and vice versa: V sigma(W x + b) + c is the tanh network (V/2) tanh(W x/2 + b/2) + (c + V 1/2) "
             "(shapes (1,1,1), (2,2,1), (2,3,2))",
             lhs=later(net.nets, False)[0], rhs=later(net.nets, False)[1], tags=("sigmoid-tanh", "mlp-construction")),
    # deeper networks: the induction step for a hidden layer l >= 2 (end to end, nested exponentials
    # only sample); with the one-layer claims above it gives the parameter map for every depth
    Identity("4c-tanh-to-sigmoid-hidden-step", "4(c)",
             "for a hidden layer l >= 2: 4 W_l sigma(2u) + 2(b_l - W_l 1) = 2 (W_l tanh(u) + b_l), "
             "u the previous tanh preactivation (widths (1,1), (2,2), (3,2))",
             lhs=later(net.hidden_steps, True)[0], rhs=later(net.hidden_steps, True)[1],
             tags=("sigmoid-tanh", "mlp-construction")),
    Identity("4c-sigmoid-to-tanh-hidden-step", "4(c)",
             "for a hidden layer l >= 2: (W_l/4) tanh(u/2) + (b_l + W_l 1/2)/2 = (W_l sigma(u) + b_l)/2, "
             "u the previous sigma preactivation (widths (1,1), (2,2), (3,2))",
             lhs=later(net.hidden_steps, False)[0], rhs=later(net.hidden_steps, False)[1],
             tags=("sigmoid-tanh", "mlp-construction")),
    Prose("4c-function-classes-identical", "4(c)",
          "the function classes parameterised by tanh and sigma networks are identical, because the "
          "bias term allows the affine shift/scale between tanh and sigma",
          reason="a statement about every architecture; the parameter maps above are checked for the "
                 "shapes named", tags=("sigmoid-tanh", "mlp-construction")),
]
