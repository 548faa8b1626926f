"""Constructions shared by catalog modules (checks.build): symbol matrices, MLPs, the
sigmoid <-> tanh parameter maps, integer sweeps."""
import pytest
import sympy as sp

from checks import build
from checks.dl import sigmoid, tanh_as_written


def test_symbol_matrices_are_named_one_based_and_real():
    W = build.symbol_matrix("W", 2, 3)
    assert W.shape == (2, 3) and str(W[1, 2]) == "W_23" and W[0, 0].is_real
    v = build.symbol_vector("b", 2, positive=True)
    assert v.shape == (2, 1) and str(v[1]) == "b_2" and v[0].is_positive


def test_layer_parameters_give_the_shapes_of_the_network():
    x, hidden, (V, c) = build.layer_parameters("a", (3, 2, 4, 1))
    assert x.shape == (3, 1) and [W.shape for W, _ in hidden] == [(2, 3), (4, 2)] and V.shape == (1, 4)
    assert build.mlp(x, hidden, (V, c), sigmoid).shape == (1, 1)


@pytest.mark.parametrize("sizes", [(1, 1, 1), (2, 2, 1), (2, 3, 2)])
@pytest.mark.parametrize("source, target, convert", [(sigmoid, tanh_as_written, build.sigmoid_to_tanh),
                                                     (tanh_as_written, sigmoid, build.tanh_to_sigmoid)])
def test_the_parameter_maps_give_the_same_function(sizes, source, target, convert):
    x, hidden, out = build.layer_parameters("n", sizes)
    hidden2, out2 = convert(hidden, out)
    assert build.same(build.mlp(x, hidden, out, source), build.mlp(x, hidden2, out2, target)) is True
    # a map that forgets the output bias shift is refuted with evidence
    broken = build.same(build.mlp(x, hidden, out, source), build.mlp(x, hidden2, (out2[0], out[1]), target))
    assert isinstance(broken, build.Refuted)


def test_integer_matrices_enumerate_every_matrix_once():
    ms = build.integer_matrices(2, 2)
    assert len(ms) == 81 and len({tuple(m.entries()) for m in ms}) == 81
    assert len(build.integer_matrices(1, 3, values=(0, 1))) == 8
