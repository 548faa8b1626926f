"""Deep-learning functions as SymPy objects.

Scalar activations are SymPy ``Function`` subclasses so they print as
themselves (``sigmoid(x)``), differentiate (``fdiff``), rewrite to exp or
Piecewise for proofs (``rewrite(exp)``, ``rewrite(Piecewise)``) and evaluate
in ball arithmetic (``checks.prove.numeric`` reads ``ARB``). Vector functions
(softmax, losses, convolutions, Adam) build SymPy expressions or matrices.
"""
from __future__ import annotations

import sympy as sp
from sympy import exp, log, Max, Min, Piecewise, S, Function

# --- scalar activations ---------------------------------------------------


class sigmoid(Function):
    """Logistic sigmoid 1/(1 + exp(-x))."""
    nargs = 1

    @classmethod
    def eval(cls, x):
        if x is S.Zero:
            return S.Half
        if x is S.Infinity:
            return S.One
        if x is S.NegativeInfinity:
            return S.Zero

    def fdiff(self, argindex=1):
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, x, **kw):
        return 1 / (1 + exp(-x))

    def _eval_rewrite_as_tanh(self, x, **kw):
        return (sp.tanh(x / 2) + 1) / 2

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _eval_evalf(self, prec):
        return self.rewrite(exp)._eval_evalf(prec)


class softplus(Function):
    """log(1 + exp(x))."""
    nargs = 1

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, x, **kw):
        return log(1 + exp(x))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return self.rewrite(exp)._eval_evalf(prec)


class _Piecewise(Function):
    """An activation defined by cases; ``_pieces`` gives the definition."""

    def _eval_rewrite_as_Piecewise(self, *args, **kw):
        return self._pieces(*args)

    _eval_rewrite_as_exp = _eval_rewrite_as_Piecewise

    def _eval_is_real(self):
        return all(a.is_real for a in self.args)

    def _eval_evalf(self, prec):
        return self._pieces(*self.args)._eval_evalf(prec)


class relu(_Piecewise):
    """max(0, x); derivative Heaviside(x) (value 1/2 at 0, a convention)."""
    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_nonnegative:
            return x
        if x.is_nonpositive:
            return S.Zero

    def _pieces(self, x):
        return Piecewise((x, x >= 0), (0, True))

    def _eval_rewrite_as_Max(self, x, **kw):
        return Max(0, x)

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0])


class leaky_relu(_Piecewise):
    """x for x >= 0, alpha*x otherwise."""
    nargs = 2

    def _pieces(self, x, alpha):
        return Piecewise((x, x >= 0), (alpha * x, True))

    def fdiff(self, argindex=1):
        x, alpha = self.args
        if argindex == 1:
            return Piecewise((1, x > 0), (alpha, x < 0), (sp.nan, True))
        return Piecewise((0, x >= 0), (x, True))


class hardtanh(_Piecewise):
    """max(-1, min(1, x))."""
    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return Max(-1, Min(1, x))

    def _pieces(self, x):
        return Piecewise((-1, x < -1), (x, x <= 1), (1, True))

    def _eval_rewrite_as_Max(self, x, **kw):
        return Max(-1, Min(1, x))

    def fdiff(self, argindex=1):
        x = self.args[0]
        return Piecewise((1, (x > -1) & (x < 1)), (0, (x < -1) | (x > 1)), (sp.nan, True))


class threshold(_Piecewise):
    """Hard threshold unit: 1 if z >= 0 else 0 (the convention of most solution sets)."""
    nargs = 1

    @classmethod
    def eval(cls, z):
        if z.is_nonnegative:
            return S.One
        if z.is_negative:
            return S.Zero

    def _pieces(self, z):
        return Piecewise((1, z >= 0), (0, True))


def tanh_as_written(a):
    """tanh(a) held unevaluated, as the document writes it. SymPy's evaluation turns tanh(-v)
    into -tanh(v) on sight, and on a network's pre-activation it asks the sign and parity of
    the whole sum (most of building a layer) without ever changing the value."""
    return sp.tanh(a, evaluate=False)


def swish(x, beta=1):
    """x * sigmoid(beta x)."""
    return x * sigmoid(beta * x)


# --- vectors ----------------------------------------------------------------

def _vec(xs):
    return list(xs)


def matmul(A, B):
    """A*B for matrices of symbolic expressions: the same entries as SymPy's product, each
    built as one Add of its products. SymPy multiplies such matrices through
    DomainMatrix(EXRAW) and adds term by term, re-flattening the sum each time: twice the
    time on the catalog's symbolic networks. (Integer matrices are faster in SymPy's own
    product, which then works over ZZ.)"""
    if A.cols != B.rows:
        raise ValueError(f"cannot multiply a {A.rows}x{A.cols} by a {B.rows}x{B.cols} matrix")
    a, b = A.tolist(), B.tolist()   # a Matrix's own indexing goes through DomainMatrix: slow
    return sp.Matrix(A.rows, B.cols, [sp.Add(*[a[i][k] * b[k][j] for k in range(A.cols)])
                                      for i in range(A.rows) for j in range(B.cols)])


def softmax(xs):
    """Column vector exp(x_i) / sum_k exp(x_k)."""
    xs = _vec(xs)
    den = sum(exp(x) for x in xs)
    return sp.Matrix([exp(x) / den for x in xs])


def softmax_entry(x, i, n, k=None):
    """Entry i of softmax over x[1..n], symbolic n: exp(x[i]) / Sum(exp(x[k]), (k, 1, n))."""
    k = k or sp.Symbol("k", integer=True)
    return exp(x[i]) / sp.Sum(exp(x[k]), (k, 1, n))


def softmax_jacobian(xs):
    """The Jacobian d softmax_i / d x_j, computed by differentiation."""
    xs = _vec(xs)
    s = softmax(xs)
    return sp.Matrix(len(xs), len(xs), lambda i, j: sp.diff(s[i], xs[j]))


# --- losses -------------------------------------------------------------------

def binary_cross_entropy(p, y):
    return -(y * log(p) + (1 - y) * log(1 - p))


def cross_entropy(y, p):
    """-sum_i y_i log p_i."""
    return -sum(yi * log(pi) for yi, pi in zip(_vec(y), _vec(p)))


def mse(y, f, mean=False):
    terms = [(a - b) ** 2 for a, b in zip(_vec(y), _vec(f))]
    return sum(terms) / (len(terms) if mean else 1)


def weston_watkins(scores, c, margin=1):
    """sum over r != c of max(0, s_r - s_c + margin); c is a 0-based class index."""
    scores = _vec(scores)
    return sum(Max(0, s - scores[c] + margin) for r, s in enumerate(scores) if r != c)


# --- Adam -------------------------------------------------------------------------

def adam_moments(grads, beta1, beta2, s0=0, r0=0):
    """First and second moments s_t, r_t of Adam's recurrences, from s_0, r_0.

    s_{t} = beta1 s_{t-1} + (1 - beta1) g_t, r_t likewise with g_t**2;
    returns the lists [s_0, s_1, ...] and [r_0, r_1, ...]."""
    s, r = [sp.sympify(s0)], [sp.sympify(r0)]
    for g in grads:
        s.append(beta1 * s[-1] + (1 - beta1) * g)
        r.append(beta2 * r[-1] + (1 - beta2) * g ** 2)
    return s, r


# --- 1-D convolution -------------------------------------------------------------

def flip(w):
    return list(reversed(_vec(w)))


def conv1d(x, w, mode="valid", flip_kernel=False):
    """1-D convolution in the index convention of deep-learning courses.

    Without flipping (cross-correlation, 1-based indices, out of range = 0):
      valid: (x * w)_n = sum_{j=1}^k x_{n+j-1} w_j,   n = 1 .. d-k+1
      full:  (x ~* w)_n = sum_{j=1}^k x_{n+j-k} w_j,  n = 1 .. d+k-1
      same:  the centred length-d slice of full, starting at n = 1 + (k-1)//2
             (numpy.convolve's 'same' for flip_kernel=True).
    ``flip_kernel=True`` is textbook convolution: the kernel is reversed first."""
    x, w = _vec(x), _vec(w)
    if flip_kernel:
        w = flip(w)
    d, k = len(x), len(w)

    def xi(i):  # 1-based, zero outside
        return x[i - 1] if 1 <= i <= d else 0

    if mode == "valid":
        idx, off = range(1, d - k + 2), 1
    elif mode == "full":
        idx, off = range(1, d + k), k
    elif mode == "same":
        start = 1 + (k - 1) // 2
        idx, off = range(start, start + max(d, k)), k
    else:
        raise ValueError(f"mode={mode!r} is not one of 'valid', 'full', 'same'")
    out = [sum(xi(n + j - off) * w[j - 1] for j in range(1, k + 1)) for n in idx]
    # deep=False: products are multiplied out, function arguments (relu(...)) left as they are;
    # entries that are not SymPy (flint polynomials) are expanded already
    return [sp.expand(t, deep=False) if isinstance(t, sp.Basic) else t for t in out]


def conv_output_size(n, kernel, stride=1, padding=0):
    """Spatial output size of a convolution or pooling layer: floor((n + 2p - k)/s) + 1."""
    return (n + 2 * padding - kernel) // stride + 1


def _integer_gcd(*args):
    from checks.integers import gcd   # sympy.gcd is the gcd of polynomials: gcd(n, 6) = 1
    return gcd(*args)


# Names offered to ``verify`` and their SymPy objects.
FUNCTIONS = {
    "sigmoid": sigmoid, "softplus": softplus, "relu": relu, "leaky_relu": leaky_relu,
    "hardtanh": hardtanh, "swish": swish, "threshold": threshold,
    "exp": exp, "log": log, "sqrt": sp.sqrt, "tanh": sp.tanh, "sinh": sp.sinh,
    "cosh": sp.cosh, "Abs": sp.Abs, "Max": Max, "Min": Min, "Heaviside": sp.Heaviside,
    # integer functions, evaluated exactly at points (numeric.INTEGER_FUNCS); gcd of integers
    "floor": sp.floor, "ceiling": sp.ceiling, "frac": sp.frac, "Mod": sp.Mod, "gcd": _integer_gcd,
    "factorial": sp.factorial, "binomial": sp.binomial,
}
