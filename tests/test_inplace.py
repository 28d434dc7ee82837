"""In-place writes through views rebase the base's history as torch does (CopySlices), and views
made earlier are re-derived (AsStridedBackward0): values, gradients and grad_fn names vs torch."""
import numpy as np
import pytest
import torch

import minitorch


def _iadd_row(t, w):
    y = w * 2
    row = y[0]
    row += w[1]
    return y


def _setitem_row_expression(t, w):
    y = w * 1
    y[0] = y[0] + w[1] * 3
    return y


def _copy_into_buffer_row(t, w):
    b = t.zeros(3, 3, dtype=t.float64)
    b[1].copy_(w[0].exp())
    return b


def _setitem_view_of_view(t, w):
    y = w.sin()
    y[1][1:][0] = w[0, 0] * 5
    return y


def _sibling_view_after_write(t, w):
    y = w * 1
    sibling = y[0, :2]
    y[0].mul_(w[1])
    return sibling * 2


def _transposed_view_mul(t, w):
    y = w * 1
    y.t()[1].mul_(3)
    return y


def _column_zero(t, w):
    y = w + 1
    y[:, 1].zero_()
    return y * w


def _python_x_index_iadd(t, w):
    y = w * 3
    y[1, :] += w[0]
    return y.sum(0)


PROGRAMS = [_iadd_row, _setitem_row_expression, _copy_into_buffer_row, _setitem_view_of_view,
            _sibling_view_after_write, _transposed_view_mul, _column_zero, _python_x_index_iadd]


def _run(lib, program):
    w = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=lib.float64, requires_grad=True)
    out = program(lib, w)
    upstream = np.arange(out.numel(), dtype=np.float64).reshape(tuple(out.shape)) + 1
    (out * lib.tensor(upstream)).sum().backward()
    return out.detach().numpy(), w.grad.numpy(), type(out.grad_fn).__name__


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_write_through_view_matches_torch(program):
    values, grad, name = _run(minitorch, program)
    t_values, t_grad, t_name = _run(torch, program)
    np.testing.assert_allclose(values, t_values)
    np.testing.assert_allclose(grad, t_grad)
    assert name == t_name


def test_write_through_view_of_leaf_raises_torch_error():
    for lib in (minitorch, torch):
        w = lib.ones(2, 2, requires_grad=True)
        with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
            w[0].add_(1)


def test_write_into_expanded_view_raises_torch_error():
    for lib in (minitorch, torch):
        e = lib.ones(3).expand(2, 3)
        with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
            e.add_(1)


def test_modified_saved_output_through_a_view_is_caught_as_in_torch():
    for lib in (minitorch, torch):
        w = lib.ones(2, 3, dtype=lib.float64, requires_grad=True)
        y = w.exp()
        y[1, :] += w[0]
        with pytest.raises(RuntimeError, match="is at version 2; expected version 0 instead"):
            y.sum().backward()
