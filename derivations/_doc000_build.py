"""Constructions for doc000_com526000: the networks, sweeps and losses its claims compare with."""
import functools

import sympy as sp

from checks.build import Refuted, all_of, is_zero, layer_parameters, mlp, same
from checks.build import symbol_matrix, symbol_vector
from checks.dl import relu, sigmoid
from checks.model.claims import Property

def bounded(cid, location, statement, predicate, cases, tags):
    """A property the document states for every size or value, checked over the finite ``cases``."""
    return Property(cid, location, statement, predicate=predicate, cases=lambda: cases, strength="bounded", tags=tags)

def q2_network(x1, x2):
    """Hidden layers [sigmoid (top), tanh (bottom)] x 2 on plain sums, ReLU output written max(0, .)."""
    h = [x1, x2]
    for _ in range(2):
        h = [sigmoid(sum(h)), sp.tanh(sum(h))]
    return relu(sum(h)).rewrite(sp.Max)

def ww(scores, c, margin, scale=1):
    """J_i = sum_{r != c(i)} max(W_r.X_i - W_c(i).X_i + a, 0) as written (c 0-based), at scale * scores."""
    t = [scale * s for s in scores]
    return sum(sp.Max(tr - t[c] + margin, 0) for r, tr in enumerate(t) if r != c)

def q6_norm(d):
    """v = sum_i alpha_i x_i, x_i the columns of a d x d symbol matrix: ||v||^2, sum_i alpha_i (v . x_i)."""
    X, al = symbol_matrix("x", d, d), symbol_vector("alpha", d)
    v = X * al
    return (v.T * v)[0], sum(al[i] * (v.T * X[:, i])[0] for i in range(d))

def linear_network_is_affine(case):
    """(layers, units), identity activations, 2 inputs: every second derivative of the output is 0."""
    x, hidden, out = layer_parameters("", (2,) + (case[1],) * case[0] + (1,))
    o = mlp(x, hidden, out, lambda u: u)[0]
    return all_of(same(sp.diff(o, xi, xj), 0) for xi in x for xj in x)

def sigmoid_path_bends(depth):
    """sigma(...sigma(x)), ``depth`` times, has a non-zero second derivative at 0 (is_zero refutes 0)."""
    x = sp.Symbol("x", real=True)
    answer = is_zero(sp.diff(functools.reduce(lambda f, _: sigmoid(f), range(depth), x), x, 2).subs(x, 0))
    return True if isinstance(answer, Refuted) else answer and Refuted(second_derivative_at_0=0)

def collapse(case):
    """(p, q), symbolic: B (A h + c) + b = (B A) h + (B c + b)."""
    p, q = case
    h, A, c = symbol_vector("h", p), symbol_matrix("A", q, p), symbol_vector("c", q)
    B, b = symbol_matrix("B", p, q), symbol_vector("b", p)
    return same(B * (A * h + c) + b, (B * A) * h + (B * c + b))

def parameters(*sizes):
    """Weights and biases of a fully connected network with these layer sizes."""
    return sum(m * k + k for m, k in zip(sizes, sizes[1:]))
