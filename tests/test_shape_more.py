"""Tests for the matrix-structure and composed shape ops in minitorch/ops/shape.py, against real torch:
tril, triu, diagonal, diag, diag_embed, trace, rot90, Tensor.unfold, repeat_interleave, meshgrid,
cartesian_prod, combinations, block_diag, column_stack, dstack, tensor_split, diff.

Their parity cases (values, gradients with a random upstream gradient, dtypes, grad_fn names, view-ness)
live in parity/cases/shape.py and run in tests/test_shape.py and tests/test_gradcheck.py. Here:

* views (diagonal, unfold, tensor_split, meshgrid) share memory and the version counter with their
  input, and writes through them land in the input, as in torch; the copies share nothing;
* memory layout (strides) follows torch where it is part of the op's result (rot90, unfold, diagonal);
* bad arguments raise torch's exception type with torch's message;
* dtypes of integer and bool inputs, and of the index-only ``repeat_interleave(counts)``;
* hypothesis: random shapes, dims, offsets, windows, sections and counts agree with torch, gradients
  included.

Tensor methods are not wired yet for every op, so the tests call the module functions
(``minitorch.ops.shape``) on the minitorch side.
"""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import array_shapes

import minitorch
from minitorch.ops import shape as S
from parity import runner
from parity.case import Arg, OpCase
from parity.cases.shape import CASES

NEW_OPS = ("tril triu diagonal diag diag_embed trace rot90 unfold repeat_interleave meshgrid cartesian_prod "
           "combinations block_diag column_stack dstack tensor_split diff").split()
SETTINGS = settings(max_examples=40, deadline=None)


def _pair(arr, requires_grad=False):
    """The same array as a torch tensor and a minitorch tensor (separate memory)."""
    t = torch.from_numpy(np.array(arr))
    m = minitorch.from_numpy(np.array(arr))
    if requires_grad:
        t.requires_grad_(True)
        m.requires_grad_(True)
    return t, m


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def _unfold_t(x, *args):
    return x.unfold(*args)


# -- the table covers every new op, and the functions are torch's names -------------------------------------
def test_every_new_op_has_parity_cases():
    covered = {c.name.split("/")[0] for c in CASES}
    assert set(NEW_OPS) <= covered, sorted(set(NEW_OPS) - covered)


def test_new_public_names():
    for name in NEW_OPS:
        if name == "unfold":  # a Tensor method only, in torch as here
            assert not hasattr(torch, "unfold") and "unfold" not in S.__all__
            continue
        assert hasattr(torch, name) and name in S.__all__, name
        assert getattr(minitorch, name) is getattr(S, name)


# -- views and copies -----------------------------------------------------------------------------------
VIEWS = {
    "diagonal": (lambda lib, x: lib.diagonal(x, 1), lambda x: S.diagonal(x, 1)),
    "diagonal_dims": (lambda lib, x: lib.diagonal(x, -1, 1, 0), lambda x: S.diagonal(x, -1, 1, 0)),
    "unfold": (lambda lib, x: x.unfold(1, 2, 1), lambda x: S.unfold(x, 1, 2, 1)),
    "unfold_step": (lambda lib, x: x.unfold(0, 2, 2), lambda x: S.unfold(x, 0, 2, 2)),
    "tensor_split": (lambda lib, x: lib.tensor_split(x, 2, 1)[1], lambda x: S.tensor_split(x, 2, 1)[1]),
    "meshgrid": (lambda lib, x: lib.meshgrid(x[0], x[1], indexing="ij")[1],
                 lambda x: S.meshgrid(x[0], x[1], indexing="ij")[1]),
}


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("requires_grad", [False, True])
def test_views_share_memory_and_version(name, requires_grad):
    t_fn, m_fn = VIEWS[name]
    t_x, m_x = _pair(_rand(4, 5), requires_grad)
    t_out, m_out = t_fn(torch, t_x), m_fn(m_x)
    assert t_out._base is t_x  # what torch does, so what we must do
    assert m_out._base is m_x
    assert np.shares_memory(m_out._data, m_x._data)
    assert m_out._vc is m_x._vc
    np.testing.assert_array_equal(m_out.detach().numpy(), t_out.detach().numpy())
    assert m_out.stride() == t_out.stride()


@pytest.mark.parametrize("name", ["diagonal", "diagonal_dims", "unfold_step", "tensor_split"])
def test_writes_through_views_reach_the_input(name):
    t_fn, m_fn = VIEWS[name]
    t_x, m_x = _pair(np.zeros((4, 5)))
    t_out, m_out = t_fn(torch, t_x), m_fn(m_x)
    t_out.add_(1.5)
    m_out.add_(1.5)
    np.testing.assert_array_equal(m_x.numpy(), t_x.numpy())
    assert m_x._version == t_x._version == 1
    t_x.mul_(2)
    m_x.mul_(2)
    assert m_out._version == t_out._version == 2
    np.testing.assert_array_equal(m_out.numpy(), t_out.numpy())


def test_in_place_write_through_diagonal_is_differentiated_like_torch():
    grads = []
    for lib, diagonal in ((torch, torch.diagonal), (minitorch, S.diagonal)):
        x = lib.tensor(_rand(3, 4).tolist(), dtype=lib.float64, requires_grad=True)
        y = x * 1
        diagonal(y, 1).mul_(3)
        (y * lib.arange(12.0, dtype=lib.float64).reshape(3, 4)).sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0])


def test_views_under_no_grad_are_views_without_history():
    """(torch also marks such a view requires_grad=True; minitorch's shared view machinery does not,
    for every view op alike, so that is not checked here.)"""
    t_x, m_x = _pair(_rand(3, 4), requires_grad=True)
    with minitorch.no_grad():
        m_out = S.diagonal(m_x)
    with torch.no_grad():
        t_out = torch.diagonal(t_x)
    assert m_out.grad_fn is None and t_out.grad_fn is None
    assert m_out._base is m_x and np.shares_memory(m_out._data, m_x._data)


COPIES = {
    "tril": (lambda lib, x: lib.tril(x), S.tril),
    "triu": (lambda lib, x: lib.triu(x, 1), lambda x: S.triu(x, 1)),
    "diag_matrix": (lambda lib, x: lib.diag(x), S.diag),
    "diag_embed": (lambda lib, x: lib.diag_embed(x), S.diag_embed),
    "rot90": (lambda lib, x: lib.rot90(x), S.rot90),
    "rot90_0": (lambda lib, x: lib.rot90(x, 0), lambda x: S.rot90(x, 0)),
    "block_diag": (lambda lib, x: lib.block_diag(x), S.block_diag),
    "repeat_interleave_counts": (lambda lib, x: lib.repeat_interleave(x, lib.tensor([1, 2, 1]), 0),
                                 lambda x: S.repeat_interleave(x, minitorch.tensor([1, 2, 1]), 0)),
    "column_stack": (lambda lib, x: lib.column_stack([x]), lambda x: S.column_stack([x])),
    "diff_n0": (lambda lib, x: lib.diff(x, 0), lambda x: S.diff(x, 0)),
}


@pytest.mark.parametrize("name", COPIES)
def test_copies_share_nothing(name):
    t_fn, m_fn = COPIES[name]
    t_x, m_x = _pair(_rand(3, 4), requires_grad=True)
    t_out, m_out = t_fn(torch, t_x), m_fn(m_x)
    assert t_out._base is None and m_out._base is None
    assert not np.shares_memory(m_out._data, m_x._data)
    assert m_out._vc is not m_x._vc
    assert type(m_out.grad_fn).__name__ == type(t_out.grad_fn).__name__


@pytest.mark.parametrize("requires_grad", [False, True])
def test_repeat_interleave_by_int_is_a_view_of_a_copy(requires_grad):
    """torch repeats an int count by unsqueeze -> expand -> clone -> view: a view of the clone."""
    t_x, m_x = _pair(_rand(3, 4), requires_grad)
    t_out, m_out = torch.repeat_interleave(t_x, 2, 1), S.repeat_interleave(m_x, 2, 1)
    assert (t_out._base is not None) and (m_out._base is not None)
    assert t_out._base is not t_x and m_out._base is not m_x
    assert not np.shares_memory(m_out._data, m_x._data)
    assert tuple(m_out._base.shape) == tuple(t_out._base.shape) == (3, 4, 2)
    if requires_grad:
        assert type(m_out.grad_fn).__name__ == type(t_out.grad_fn).__name__ == "ViewBackward0"
        assert type(m_out._base.grad_fn).__name__ == "CloneBackward0"


def test_cartesian_prod_of_one_and_diff_of_nothing_return_the_input():
    for lib, cartesian_prod, diff in ((torch, torch.cartesian_prod, torch.diff),
                                      (minitorch, S.cartesian_prod, S.diff)):
        v, e = lib.arange(3.0), lib.zeros(0)
        assert cartesian_prod(v) is v
        assert diff(e) is e


# -- memory layout ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("k", [-1, 0, 1, 2, 3])
@pytest.mark.parametrize("dims", [(0, 1), (1, 2), (2, 0)])
@pytest.mark.parametrize("permuted", [False, True])
def test_rot90_strides_match_torch(k, dims, permuted):
    arr = _rand(2, 3, 4)
    if permuted:
        arr = np.ascontiguousarray(arr.transpose(2, 0, 1)).transpose(1, 2, 0)
    t_x, m_x = torch.from_numpy(arr), minitorch.from_numpy(arr.copy(order="K"))
    t_out, m_out = torch.rot90(t_x, k, dims), S.rot90(m_x, k, dims)
    np.testing.assert_array_equal(m_out.numpy(), t_out.numpy())
    assert m_out.stride() == t_out.stride()


def test_unfold_and_diagonal_strides_match_torch():
    t_x, m_x = _pair(_rand(3, 4, 5))
    for t_out, m_out in ((t_x.unfold(2, 3, 2), S.unfold(m_x, 2, 3, 2)),
                         (t_x.unfold(0, 2, 1), S.unfold(m_x, 0, 2, 1)),
                         (torch.diagonal(t_x, 1, 2, 0), S.diagonal(m_x, 1, 2, 0))):
        assert m_out.shape == t_out.shape and m_out.stride() == t_out.stride()


# -- dtypes ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["int32", "int64", "uint8", "float32"])
def test_trace_dtype(dtype):
    t_x, m_x = _pair(np.arange(12).reshape(3, 4).astype(dtype))
    t_out, m_out = torch.trace(t_x), S.trace(m_x)
    assert str(m_out.dtype) == str(t_out.dtype).replace("torch", "minitorch")
    assert m_out.item() == t_out.item()


@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_repeat_interleave_counts_only(dtype):
    t_c, m_c = _pair(np.array([2, 0, 1, 3], dtype=dtype))
    t_out, m_out = torch.repeat_interleave(t_c), S.repeat_interleave(m_c)
    assert str(m_out.dtype) == str(t_out.dtype).replace("torch", "minitorch")
    np.testing.assert_array_equal(m_out.numpy(), t_out.numpy())
    t_out, m_out = torch.repeat_interleave(t_c, output_size=6), S.repeat_interleave(m_c, output_size=6)
    np.testing.assert_array_equal(m_out.numpy(), t_out.numpy())


@pytest.mark.parametrize("op", ["tril", "triu", "diag", "diag_embed", "rot90", "block_diag", "dstack"])
@pytest.mark.parametrize("dtype", ["bool", "int64", "int32", "float32"])
def test_structure_ops_keep_the_dtype(op, dtype):
    arr = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    t_x, m_x = _pair(arr)
    t_out = getattr(torch, op)(t_x) if op != "dstack" else torch.dstack([t_x, t_x])
    m_out = getattr(S, op)(m_x) if op != "dstack" else S.dstack([m_x, m_x])
    assert m_out.dtype.__repr__().split(".")[-1] == str(t_out.dtype).split(".")[-1]
    np.testing.assert_array_equal(m_out.numpy(), t_out.numpy())


def test_block_diag_of_nothing_is_a_1x0_matrix_of_the_default_dtype():
    t_out, m_out = torch.block_diag(), S.block_diag()
    assert tuple(m_out.shape) == tuple(t_out.shape) == (1, 0)
    assert str(m_out.dtype).split(".")[-1] == str(t_out.dtype).split(".")[-1] == "float32"


# -- meshgrid's warning ------------------------------------------------------------------------------------
def test_meshgrid_warns_without_indexing_like_torch():
    for lib, meshgrid in ((torch, torch.meshgrid), (minitorch, S.meshgrid)):
        with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
            grids = meshgrid(lib.arange(3.0), lib.arange(2.0))
        assert tuple(grids[0].shape) == (3, 2)  # "ij"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            meshgrid(lib.arange(3.0), lib.arange(2.0), indexing="xy")


# -- errors: torch's type and message ---------------------------------------------------------------------
def _t(lib, *shape, dtype="float32"):
    return lib.zeros(shape, dtype=getattr(lib, dtype))


def _m(lib, name):
    """The op ``name`` of ``lib`` (minitorch's from ops.shape, where methods are not wired yet)."""
    if name == "unfold":
        return _unfold_t if lib is torch else S.unfold
    return getattr(torch, name) if lib is torch else getattr(S, name)


ERRORS = {
    "tril_1d": lambda lib: _m(lib, "tril")(_t(lib, 3)),
    "triu_0d": lambda lib: _m(lib, "triu")(_t(lib)),
    "tril_float_diagonal": lambda lib: _m(lib, "tril")(_t(lib, 2, 2), 1.0),
    "diag_0d": lambda lib: _m(lib, "diag")(_t(lib)),
    "diag_3d": lambda lib: _m(lib, "diag")(_t(lib, 2, 2, 2)),
    "diag_float_diagonal": lambda lib: _m(lib, "diag")(_t(lib, 2, 2), 1.0),
    "diagonal_1d": lambda lib: _m(lib, "diagonal")(_t(lib, 3)),
    "diagonal_same_dims": lambda lib: _m(lib, "diagonal")(_t(lib, 2, 3), 0, 1, -1),
    "diagonal_dim_out_of_range": lambda lib: _m(lib, "diagonal")(_t(lib, 2, 3), 0, 0, 2),
    "diagonal_float_offset": lambda lib: _m(lib, "diagonal")(_t(lib, 2, 3), 1.0),
    "diag_embed_0d": lambda lib: _m(lib, "diag_embed")(_t(lib)),
    "diag_embed_same_dims": lambda lib: _m(lib, "diag_embed")(_t(lib, 2, 3), 0, 1, 1),
    "diag_embed_dim_out_of_range": lambda lib: _m(lib, "diag_embed")(_t(lib, 2, 3), 0, 0, 3),
    "trace_1d": lambda lib: _m(lib, "trace")(_t(lib, 3)),
    "trace_3d": lambda lib: _m(lib, "trace")(_t(lib, 2, 2, 2)),
    "trace_bool": lambda lib: _m(lib, "trace")(_t(lib, 2, 2, dtype="bool")),
    "rot90_one_dim": lambda lib: _m(lib, "rot90")(_t(lib, 2, 3), 1, [0]),
    "rot90_three_dims": lambda lib: _m(lib, "rot90")(_t(lib, 2, 3), 1, [0, 1, 1]),
    "rot90_1d": lambda lib: _m(lib, "rot90")(_t(lib, 3)),
    "rot90_same_dims": lambda lib: _m(lib, "rot90")(_t(lib, 2, 3), 1, [1, -1]),
    "rot90_dim_out_of_range": lambda lib: _m(lib, "rot90")(_t(lib, 2, 3), 1, [0, 2]),
    "rot90_float_k": lambda lib: _m(lib, "rot90")(_t(lib, 2, 3), 1.0),
    "rot90_int_dims": lambda lib: _m(lib, "rot90")(_t(lib, 2, 3), 1, 1),
    "unfold_size_too_big": lambda lib: _m(lib, "unfold")(_t(lib, 3, 4), 1, 5, 0),
    "unfold_size_too_big_neg_dim": lambda lib: _m(lib, "unfold")(_t(lib, 3, 4), -1, 5, 1),
    "unfold_negative_size": lambda lib: _m(lib, "unfold")(_t(lib, 3, 4), 1, -1, 0),
    "unfold_zero_step": lambda lib: _m(lib, "unfold")(_t(lib, 3, 4), 1, 2, 0),
    "unfold_negative_step": lambda lib: _m(lib, "unfold")(_t(lib, 3, 4), 1, 2, -1),
    "unfold_dim_out_of_range": lambda lib: _m(lib, "unfold")(_t(lib, 3, 4), 2, 2, 1),
    "unfold_0d_size_2": lambda lib: _m(lib, "unfold")(_t(lib), 0, 2, 1),
    "unfold_float_size": lambda lib: _m(lib, "unfold")(_t(lib, 3, 4), 1, 2.0, 1),
    "repeat_interleave_negative": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), -1),
    "repeat_interleave_float": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), 2.0),
    "repeat_interleave_list": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), [1, 2, 1]),
    "repeat_interleave_0d_dim": lambda lib: _m(lib, "repeat_interleave")(_t(lib), 3, 0),
    "repeat_interleave_dim_out_of_range": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), 2, 1),
    "repeat_interleave_output_size": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), 2, 0, output_size=5),
    "repeat_interleave_counts_len": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3, 4), lib.tensor([1, 2]), 1),
    "repeat_interleave_counts_neg": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), lib.tensor([1, -2, 1])),
    "repeat_interleave_counts_float": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), lib.tensor([1.0, 2, 1])),
    "repeat_interleave_counts_uint8":
        lambda lib: _m(lib, "repeat_interleave")(_t(lib, 2), lib.tensor([1, 2], dtype=lib.uint8)),
    "repeat_interleave_counts_only_bool": lambda lib: _m(lib, "repeat_interleave")(lib.tensor([True, False])),
    "repeat_interleave_counts_2d": lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), lib.tensor([[1.0]]), 0),
    "repeat_interleave_counts_output_size":
        lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), lib.tensor([1, 2, 1]), 0, output_size=5),
    "repeat_interleave_counts_negative_output_size":
        lambda lib: _m(lib, "repeat_interleave")(_t(lib, 3), lib.tensor([1, 1, 1]), 0, output_size=-1),
    "repeat_interleave_counts_only_2d": lambda lib: _m(lib, "repeat_interleave")(lib.tensor([[1, 2]])),
    "repeat_interleave_counts_only_0d": lambda lib: _m(lib, "repeat_interleave")(lib.tensor(2)),
    "meshgrid_bad_indexing": lambda lib: _m(lib, "meshgrid")(_t(lib, 2), indexing="yx"),
    "meshgrid_empty": lambda lib: _m(lib, "meshgrid")(indexing="ij"),
    "meshgrid_dtypes": lambda lib: _m(lib, "meshgrid")(_t(lib, 2), _t(lib, 2, dtype="int64"), indexing="ij"),
    "meshgrid_not_tensor": lambda lib: _m(lib, "meshgrid")(_t(lib, 2), 3, indexing="ij"),
    "cartesian_prod_2d": lambda lib: _m(lib, "cartesian_prod")(_t(lib, 2), _t(lib, 2, 2)),
    "cartesian_prod_0d": lambda lib: _m(lib, "cartesian_prod")(_t(lib, 2), _t(lib)),
    "cartesian_prod_none": lambda lib: _m(lib, "cartesian_prod")(),
    "cartesian_prod_list": lambda lib: _m(lib, "cartesian_prod")([_t(lib, 2)]),
    "combinations_2d": lambda lib: _m(lib, "combinations")(_t(lib, 2, 2)),
    "combinations_negative_r": lambda lib: _m(lib, "combinations")(_t(lib, 3), -1),
    "combinations_float_r": lambda lib: _m(lib, "combinations")(_t(lib, 3), 2.0),
    "block_diag_3d": lambda lib: _m(lib, "block_diag")(_t(lib, 2), _t(lib, 1, 1, 1)),
    "block_diag_list": lambda lib: _m(lib, "block_diag")([_t(lib, 2)]),
    "column_stack_empty": lambda lib: _m(lib, "column_stack")([]),
    "column_stack_tensor": lambda lib: _m(lib, "column_stack")(_t(lib, 2)),
    "column_stack_sizes": lambda lib: _m(lib, "column_stack")([_t(lib, 4), _t(lib, 3)]),
    "dstack_empty": lambda lib: _m(lib, "dstack")([]),
    "dstack_tensor": lambda lib: _m(lib, "dstack")(_t(lib, 2)),
    "dstack_sizes": lambda lib: _m(lib, "dstack")([_t(lib, 4), _t(lib, 3)]),
    "tensor_split_0d": lambda lib: _m(lib, "tensor_split")(_t(lib), 2),
    "tensor_split_zero_sections": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), 0),
    "tensor_split_negative_sections": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), -1),
    "tensor_split_float": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), 2.0),
    "tensor_split_tensor_float": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), lib.tensor([1.0])),
    "tensor_split_tensor_int32": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), lib.tensor([1], dtype=lib.int32)),
    "tensor_split_tensor_2d": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), lib.tensor([[1]])),
    "tensor_split_tensor_zero_sections": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), lib.tensor(0)),
    "tensor_split_dim_out_of_range": lambda lib: _m(lib, "tensor_split")(_t(lib, 4), 2, 1),
    "diff_0d": lambda lib: _m(lib, "diff")(_t(lib)),
    "diff_negative_n": lambda lib: _m(lib, "diff")(_t(lib, 3), -1),
    "diff_float_n": lambda lib: _m(lib, "diff")(_t(lib, 3), 1.0),
    "diff_dim_out_of_range": lambda lib: _m(lib, "diff")(_t(lib, 3, 4), 1, 2),
    "diff_number_prepend": lambda lib: _m(lib, "diff")(_t(lib, 3), prepend=1.0),
    "diff_0d_prepend": lambda lib: _m(lib, "diff")(_t(lib, 3), prepend=_t(lib)),
    "diff_prepend_ndim": lambda lib: _m(lib, "diff")(_t(lib, 3, 4), append=_t(lib, 4)),
    "diff_prepend_shape": lambda lib: _m(lib, "diff")(_t(lib, 3, 4), 1, 1, _t(lib, 2, 4)),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_torch(name):
    fn = ERRORS[name]
    with pytest.raises(Exception) as t_err:
        fn(torch)
    with pytest.raises(Exception) as m_err:
        fn(minitorch)
    assert m_err.type is t_err.type, (m_err.value, t_err.value)
    assert str(m_err.value) == str(t_err.value)


def test_meshgrid_error_for_a_matrix():
    """torch prints the offending tensor with ATen's printer; we name its type and shape in the same place."""
    for lib, meshgrid in ((torch, torch.meshgrid), (minitorch, S.meshgrid)):
        with pytest.raises(RuntimeError, match=r"(?s)^torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                                               r"got: .*FloatTensor\{2,3\} \]$"):
            meshgrid(lib.zeros(2), lib.zeros(2, 3), indexing="ij")


# -- hypothesis: random arguments agree with torch, gradients included --------------------------------------
def _compare(fn, *arrays):
    """Run ``fn(lib, *inputs)`` in both libraries on float64 copies of ``arrays``: outputs, requires_grad,
    grad_fn names and the gradients for a random upstream gradient must all agree (parity.runner)."""
    case = OpCase("hypothesis", fn, [Arg(a.shape) for a in arrays])
    runner.compare_on_arrays(case, list(arrays), "float64", "cpu", np.random.default_rng(0))


def _array(shape, seed=0):
    return np.random.default_rng(seed).uniform(-2, 2, size=shape)


@SETTINGS
@given(shape=array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6), data=st.data())
def test_unfold_random(shape, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1), label="dim")
    size = data.draw(st.integers(0, shape[dim]), label="size")
    step = data.draw(st.integers(1, 4), label="step")
    _compare(lambda t, x: _unfold_t(x, dim, size, step) if t is torch else S.unfold(x, dim, size, step),
             _array(shape))


@SETTINGS
@given(shape=array_shapes(min_dims=2, max_dims=4, min_side=0, max_side=5), data=st.data())
def test_diagonal_and_diag_embed_random(shape, data):
    nd = len(shape)
    dim1 = data.draw(st.integers(-nd, nd - 1), label="dim1")
    dim2 = data.draw(st.integers(-nd, nd - 1).filter(lambda d: d % nd != dim1 % nd), label="dim2")
    offset = data.draw(st.integers(-6, 6), label="offset")
    _compare(lambda t, x: t.diagonal(x, offset, dim1, dim2) if t is torch else S.diagonal(x, offset, dim1, dim2),
             _array(shape))
    _compare(lambda t, x: t.diag_embed(x, offset, dim1, dim2) if t is torch else S.diag_embed(x, offset, dim1, dim2),
             _array(shape[1:]))


@SETTINGS
@given(shape=array_shapes(min_dims=2, max_dims=4, min_side=1, max_side=5), k=st.integers(-5, 5),
       diagonal=st.integers(-5, 5), data=st.data())
def test_rot90_tril_triu_random(shape, k, diagonal, data):
    nd = len(shape)
    d0 = data.draw(st.integers(-nd, nd - 1), label="d0")
    d1 = data.draw(st.integers(-nd, nd - 1).filter(lambda d: d % nd != d0 % nd), label="d1")
    lib = lambda t: t if t is torch else S  # noqa: E731
    _compare(lambda t, x: lib(t).rot90(x, k, (d0, d1)), _array(shape))
    _compare(lambda t, x: lib(t).tril(x, diagonal), _array(shape))
    _compare(lambda t, x: lib(t).triu(x, diagonal), _array(shape))


@SETTINGS
@given(n=st.integers(0, 9), data=st.data())
def test_tensor_split_random(n, data):
    dim_first = data.draw(st.booleans(), label="split dim 0")
    shape = (n, 2) if dim_first else (2, n)
    dim = 0 if dim_first else -1
    how = data.draw(st.one_of(st.integers(1, 11), st.lists(st.integers(-12, 12), max_size=4)), label="how")
    _compare(lambda t, x: (torch if t is torch else S).tensor_split(x, how, dim), _array(shape))


@SETTINGS
@given(shape=array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4), data=st.data())
def test_repeat_interleave_random(shape, data):
    dim = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)), label="dim")
    n = int(np.prod(shape)) if dim is None else shape[dim]
    counts = data.draw(st.one_of(st.integers(0, 3), st.lists(st.integers(0, 3), min_size=n, max_size=n)),
                       label="repeats")
    lib = lambda t: t if t is torch else S  # noqa: E731
    repeats = (lambda t: t.tensor(counts, dtype=t.int64)) if isinstance(counts, list) else (lambda t: counts)
    _compare(lambda t, x: lib(t).repeat_interleave(x, repeats(t), dim), _array(shape))


@SETTINGS
@given(shape=array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5), n=st.integers(0, 6),
       extra=st.tuples(st.integers(0, 2), st.integers(0, 2)), data=st.data())
def test_diff_random(shape, n, extra, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1), label="dim")
    pre, post = (shape[:dim % len(shape)] + (e,) + shape[dim % len(shape) + 1:] for e in extra)
    _compare(lambda t, x, p, a: (torch if t is torch else S).diff(x, n, dim, p, a),
             _array(shape), _array(pre, 1), _array(post, 2))


@SETTINGS
@given(sizes=st.lists(st.integers(0, 4), min_size=1, max_size=3), r=st.integers(0, 4), replace=st.booleans())
def test_meshgrid_cartesian_prod_combinations_random(sizes, r, replace):
    arrays = [_array((s,), i) for i, s in enumerate(sizes)]
    lib = lambda t: t if t is torch else S  # noqa: E731
    _compare(lambda t, *xs: lib(t).meshgrid(*xs, indexing="xy"), *arrays)
    _compare(lambda t, *xs: lib(t).cartesian_prod(*xs), *arrays)
    _compare(lambda t, x: lib(t).combinations(x, r, replace), arrays[0])


@SETTINGS
@given(shapes=st.lists(array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3)
                       .filter(lambda s: s != (0,)), min_size=1, max_size=4))
def test_block_diag_random(shapes):
    """(A 1-D empty block is left out: torch's forward gives it a row of height 1, but torch's backward
    skips it, shifting the gradients of the blocks after it; see the next test.)"""
    _compare(lambda t, *xs: (torch if t is torch else S).block_diag(*xs), *[_array(s, i) for i, s in enumerate(shapes)])


def test_block_diag_empty_vector_takes_a_row():
    """A 1-D empty tensor is a 1x0 block: it takes one row, so the next block starts one row down. Our
    gradient follows the forward; torch 2.x's backward forgets that row (its gradient for ``s`` here is
    the upstream value of row 0, not of row 1, where ``s`` is)."""
    e, s = minitorch.zeros(0, requires_grad=True), minitorch.tensor(2.0, requires_grad=True)
    out = S.block_diag(e, s)
    t_out = torch.block_diag(torch.zeros(0), torch.tensor(2.0))
    np.testing.assert_array_equal(out.detach().numpy(), t_out.numpy())  # [[0], [2]]: s in row 1
    (g,) = minitorch.autograd.grad(out, [s], minitorch.tensor([[10.0], [20.0]]))
    assert g.item() == 20.0
