"""Tests for minitorch/ops/indexing.py: t[key], t[key] = value, gather/scatter/index_select/...

Everything is checked against real torch: parity cases (forward values, grad_fn names, and
gradients under a random upstream gradient), views and version counters, error types and
messages, and a hypothesis property over random keys.
"""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
from parity import runner
from parity.cases.indexing import CASES

pytestmark = [pytest.mark.filterwarnings("ignore:Using a non-tuple sequence for multidimensional indexing"),
              pytest.mark.filterwarnings("ignore:The reduce argument of torch.scatter")]


# -- the parity table, through the parity runner -------------------------------------------------------------
@pytest.mark.parametrize("float_dtype", runner.DTYPES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_parity_case(case, float_dtype):
    """Outputs (shape, dtype, values, grad_fn name) and every input's gradient match torch."""
    row = runner.run_case(case, float_dtype, device="cpu")
    assert row.ok, row.status


def test_parity_case_names_are_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))


# -- views --------------------------------------------------------------------------------------------------
BASIC_KEYS = [1, -1, slice(1, 3), slice(None, None, 2), None, Ellipsis, (1, 2), (slice(None), 1),
              (None, 1, slice(1, None)), (Ellipsis, None)]


@pytest.mark.parametrize("key", BASIC_KEYS, ids=repr)
@pytest.mark.parametrize("requires_grad", [False, True])
def test_basic_indexing_is_a_view(key, requires_grad):
    x = minitorch.tensor(np.arange(12.0).reshape(3, 4), requires_grad=requires_grad)
    y = x[key]
    assert np.shares_memory(y._data, x._data)
    assert y._base is x
    assert y._vc is x._vc
    assert type(y._data) is np.ndarray  # never a NumPy scalar, even for x[1, 2]


def test_view_sees_writes_and_version_bumps():
    x = minitorch.zeros(3, 4)
    row = x[1]
    assert row._version == x._version == 0
    x[1, 2] = 5.0
    assert row[2].item() == 5.0
    assert x._version == row._version == 1
    row[0] = 7.0  # writing through the view writes x
    assert x[1, 0].item() == 7.0
    assert x._version == 2
    assert row[1:]._base is x  # a view of a view has the original as its base, as in torch


def test_setitem_bumps_version_once_like_torch():
    for lib in (minitorch, torch):
        x = lib.zeros(3, 4)
        for key in (0, (1, slice(1, 3)), [0, 2], x[:, 0] > -1):
            before = x._version
            x[key] = 1.0
            assert x._version == before + 1


@pytest.mark.parametrize("key", [[0, 2], (slice(None), [1, 1])], ids=repr)
def test_advanced_indexing_copies(key):
    x = minitorch.tensor(np.arange(12.0).reshape(3, 4))
    y = x[key]
    assert not np.shares_memory(y._data, x._data)
    assert y._base is None
    assert y.is_contiguous() == torch.arange(12.0).reshape(3, 4)[key].is_contiguous()


def test_mask_result_copies():
    x = minitorch.arange(6.0)
    y = x[x > 2]
    y[0] = 100.0
    assert x.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def test_iteration_yields_views():
    x = minitorch.tensor([[0, 1], [2, 3], [4, 5]])
    rows = list(x)
    assert [r.tolist() for r in rows] == [[0, 1], [2, 3], [4, 5]]
    assert all(np.shares_memory(r._data, x._data) for r in rows)


def test_int_dtype_and_0d_results():
    x = minitorch.tensor([[1, 2], [3, 4]])
    assert x[1, 0].dtype == minitorch.int64 and x[1, 0].shape == () and x[1, 0].item() == 3
    b = minitorch.tensor([True, False])
    assert b[0].dtype == minitorch.bool and b[[1]].tolist() == [False]


# -- grad_fn and gradient specifics -------------------------------------------------------------------------
def test_repeated_indices_accumulate_gradients():
    for lib in (minitorch, torch):
        x = lib.zeros(4, requires_grad=True)
        x[lib.tensor([0, 0, 2, 0])].sum().backward()
        assert x.grad.tolist() == [3.0, 0.0, 1.0, 0.0]
        w = lib.zeros(3, 2, requires_grad=True)
        (w[lib.tensor([[1, 1], [1, 2]])] * 2).sum().backward()
        assert w.grad.tolist() == [[0, 0], [6, 6], [2, 2]]


def test_setitem_makes_zeros_depend_on_value():
    w = minitorch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    x = minitorch.zeros(3, 4)
    x[1] = w * 2
    assert x.requires_grad and type(x.grad_fn).__name__ == "CopySlices"
    x.sum().backward()
    assert w.grad.tolist() == [2.0, 2.0, 2.0, 2.0]


def test_setitem_zeroes_overwritten_grads():
    a = minitorch.ones(2, 4, requires_grad=True)
    y = a * 1
    y[0, 1:3] = 0
    (y * 3).sum().backward()
    assert a.grad.tolist() == [[3, 0, 0, 3], [3, 3, 3, 3]]


def test_setitem_then_backward_through_saved_tensor_raises():
    a = minitorch.ones(3, requires_grad=True)
    y = a * 1
    z = y * y  # saves y
    y[0] = 2.0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def test_scatter_reduce_has_no_derivative_like_torch():
    for lib in (minitorch, torch):
        x = lib.ones(3, requires_grad=True)
        y = lib.scatter(x * 1, 0, lib.tensor([0, 0]), lib.ones(2), reduce="add")
        assert y.tolist() == [3.0, 1.0, 1.0]
        with pytest.raises(RuntimeError, match="derivative for aten::scatter is not implemented"):
            y.sum().backward()


def test_scatter_inplace_method():
    for lib in (minitorch, torch):
        x = lib.zeros(2, 3)
        x.scatter_(1, lib.tensor([[2], [0]]), lib.tensor([[5.0], [6.0]]))
        assert x.tolist() == [[0, 0, 5], [6, 0, 0]]
        x.scatter_add_(0, lib.tensor([[1, 1, 1]]), lib.ones(1, 3))
        assert x.tolist() == [[0, 0, 5], [7, 1, 1]]


def test_nonzero_results():
    for lib in (minitorch, torch):
        x = lib.tensor([[0, 1], [2, 0]])
        assert x.nonzero().tolist() == [[0, 1], [1, 0]] and x.nonzero().dtype == lib.int64
        rows, cols = lib.nonzero(x, as_tuple=True)
        assert rows.tolist() == [0, 1] and cols.tolist() == [1, 0]
        assert [t.tolist() for t in lib.nonzero(lib.tensor(0), as_tuple=True)] == [[]]


# -- in-place rules -------------------------------------------------------------------------------------------
def _raised(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the comparison is the test
        return type(e), str(e)
    return None


@pytest.mark.parametrize("key", [0, slice(0, 2), [0, 1], Ellipsis], ids=repr)
def test_setitem_on_leaf_that_requires_grad_errors_like_torch(key):
    def run(lib):
        w = lib.zeros(3, requires_grad=True)
        w[key] = 1.0
    ours, theirs = _raised(lambda: run(minitorch)), _raised(lambda: run(torch))
    assert theirs is not None and ours == theirs


def test_setitem_under_no_grad_on_leaf_works():
    w = minitorch.zeros(3, requires_grad=True)
    with minitorch.no_grad():
        w[1] = 2.0
        w[[0, 2]] = minitorch.tensor([5.0, 6.0])
    assert w.tolist() == [5.0, 2.0, 6.0]
    assert w.requires_grad and w.is_leaf and w._version == 2
    (w * 2).sum().backward()
    assert w.grad.tolist() == [2.0, 2.0, 2.0]


def test_setitem_casts_value_to_tensor_dtype_like_torch():
    for lib in (minitorch, torch):
        i = lib.zeros(3, dtype=lib.int64)
        i[0] = 2.7
        i[1] = lib.tensor(-3.9)
        b = lib.zeros(2, dtype=lib.bool)
        b[0] = 2
        f = lib.zeros(2)
        f[:] = lib.tensor([1.5, 2.5], dtype=lib.float64)
        assert i.tolist() == [2, -3, 0] and b.tolist() == [True, False] and f.dtype == lib.float32


# -- errors: same type and message as torch ----------------------------------------------------------------
def _same_error(fn):
    ours, theirs = _raised(lambda: fn(minitorch)), _raised(lambda: fn(torch))
    assert theirs is not None, "torch accepted it"
    assert ours is not None, f"minitorch accepted it; torch raised {theirs}"
    assert ours[0] is theirs[0]
    assert ours[1] == theirs[1].replace("torch.", "minitorch.")


GETITEM_ERRORS = {
    "int_out_of_bounds": lambda t: t.zeros(3)[5],
    "negative_out_of_bounds": lambda t: t.zeros(3)[-4],
    "int_out_of_bounds_dim1": lambda t: t.zeros(4, 5)[1, 10],
    "out_of_bounds_after_none": lambda t: t.zeros(4, 5)[None, 10],
    "tensor_out_of_bounds": lambda t: t.zeros(3)[t.tensor([0, 5])],
    "list_out_of_bounds_dim1": lambda t: t.zeros(4, 5, 6)[:, [0, 7]],
    "second_tensor_out_of_bounds": lambda t: t.zeros(4, 5, 6)[[0, 1], :, [0, 7]],
    "tensor_0d_out_of_bounds": lambda t: t.zeros(3)[t.tensor(5)],
    "too_many_indices": lambda t: t.zeros(4, 2)[0, 0, 0],
    "too_many_slices": lambda t: t.zeros(4, 2)[:, :, :],
    "too_many_with_mask": lambda t: t.zeros(4, 2)[t.ones(4, 2, dtype=t.bool), 0],
    "mask_shape": lambda t: t.zeros(4, 2)[t.tensor([True, False, True])],
    "mask_shape_dim1": lambda t: t.zeros(4, 2)[:, t.tensor([True, False, True])],
    "mask_2d_shape": lambda t: t.zeros(4, 5, 6)[t.ones(4, 4, dtype=t.bool)],
    "mask_after_int": lambda t: t.zeros(4, 5, 6)[1, t.tensor([True, False])],
    "float_index_tensor": lambda t: t.zeros(3)[t.tensor([1.0])],
    "python_float": lambda t: t.zeros(3)[1.5],
    "numpy_bool": lambda t: t.zeros(3)[np.bool_(True)],
    "string": lambda t: t.zeros(3)["a"],
    "negative_step": lambda t: t.zeros(3)[::-1],
    "zero_step": lambda t: t.zeros(3)[::0],
    "float_slice_bound": lambda t: t.zeros(3)[1.0:2],
    "float_tensor_slice_bound": lambda t: t.zeros(3)[t.tensor(1.0):2],
    "int_on_0d": lambda t: t.tensor(3.0)[0],
    "slice_on_0d": lambda t: t.tensor(3.0)[:],
    "two_ints_on_0d": lambda t: t.tensor(3.0)[0, 0],
    "broadcast_indices": lambda t: t.zeros(4, 5)[t.tensor([0, 1]), t.tensor([0, 1, 2])],
}


@pytest.mark.parametrize("name", GETITEM_ERRORS)
def test_getitem_errors_match_torch(name):
    _same_error(GETITEM_ERRORS[name])


def _assign(key, value_shape=None, value=None):
    def fn(lib):
        x = lib.zeros(4, 5)
        x[key] = lib.ones(*value_shape) if value is None else value
    return fn


SETITEM_ERRORS = {
    "basic_shape": _assign(0, (3,)),
    "basic_too_many_dims": _assign(0, (2, 5)),
    "advanced_shape": _assign([0, 1], (3,)),
    "mask_shape": _assign(np.array([True, False, True, False]), (3,)),
    "out_of_bounds": _assign(7, (5,)),
    "numpy_value": _assign(0, value=np.ones(5)),
    "list_value": _assign(0, value=[1, 2, 3, 4, 5]),
    "negative_step": _assign(slice(None, None, -1), (5,)),
}


@pytest.mark.parametrize("name", SETITEM_ERRORS)
def test_setitem_errors_match_torch(name):
    _same_error(SETITEM_ERRORS[name])


def _x(lib):
    return lib.zeros(4, 3)


OP_ERRORS = {
    "gather_ndim": lambda t: t.gather(_x(t), 0, t.tensor([0, 1, 2])),
    "gather_size": lambda t: t.gather(_x(t), 0, t.tensor([[0, 1, 2, 1, 1]])),
    "gather_float_index": lambda t: t.gather(_x(t), 0, t.tensor([[0.0]])),
    "gather_out_of_bounds": lambda t: t.gather(_x(t), 0, t.tensor([[0, 1, 7]])),
    "gather_negative": lambda t: t.gather(_x(t), 1, t.tensor([[0, -1]])),
    "gather_dim": lambda t: t.gather(_x(t), 2, t.tensor([[0]])),
    "scatter_ndim": lambda t: t.scatter(_x(t), 0, t.tensor([0, 1]), t.ones(2, 3)),
    "scatter_src_ndim": lambda t: t.scatter(_x(t), 0, t.tensor([[0]]), t.ones(2, 3, 1, 1)),
    "scatter_src_small": lambda t: t.scatter(_x(t), 0, t.tensor([[0, 1, 2], [1, 2, 3]]), t.ones(1, 3)),
    "scatter_index_wide": lambda t: t.scatter(_x(t), 0, t.tensor([[0, 1, 2, 0]]), t.ones(2, 4)),
    "scatter_value_index_wide": lambda t: t.scatter(_x(t), 0, t.tensor([[0, 1, 2, 3]]), value=1.0),
    "scatter_src_dtype": lambda t: t.scatter(_x(t), 0, t.tensor([[0]]), t.ones(1, 1, dtype=t.float64)),
    "scatter_float_index": lambda t: t.scatter(_x(t), 0, t.tensor([[0.0]]), 1.0),
    "scatter_out_of_bounds": lambda t: t.scatter(_x(t), 0, t.tensor([[0, 1, 9]]), t.ones(2, 3)),
    "scatter_bad_reduce": lambda t: t.scatter(_x(t), 0, t.tensor([[0]]), t.ones(1, 1), reduce="max"),
    "scatter_add_size": lambda t: t.scatter_add(_x(t), 0, t.tensor([[0, 1, 2, 0]]), t.ones(2, 3)),
    "scatter_add_dtype": lambda t: t.scatter_add(_x(t), 0, t.tensor([[0]]), t.ones(1, 1, dtype=t.float64)),
    "index_select_2d_index": lambda t: t.index_select(_x(t), 0, t.tensor([[0]])),
    "index_select_float_index": lambda t: t.index_select(_x(t), 0, t.tensor([0.0])),
    "index_select_out_of_range": lambda t: t.index_select(_x(t), 0, t.tensor([9])),
    "index_select_negative": lambda t: t.index_select(_x(t), 0, t.tensor([-1])),
    "index_add_count": lambda t: t.index_add(_x(t), 0, t.tensor([0, 0]), t.ones(3, 3)),
    "index_add_out_of_bounds": lambda t: t.index_add(_x(t), 0, t.tensor([0, 9]), t.ones(2, 3)),
    "index_add_negative": lambda t: t.index_add(_x(t), 0, t.tensor([-1]), t.ones(1, 3)),
    "index_add_float_index": lambda t: t.index_add(_x(t), 0, t.tensor([0.0]), t.ones(1, 3)),
    "index_add_dtype": lambda t: t.index_add(_x(t), 0, t.tensor([0]), t.ones(1, 3, dtype=t.float64)),
    "masked_select_not_bool": lambda t: t.masked_select(_x(t), t.tensor([1, 0, 1])),
    "masked_select_shape": lambda t: t.masked_select(_x(t), t.tensor([True, False])),
    "take_out_of_range": lambda t: t.take(_x(t), t.tensor([[0, 12]])),
    "take_negative_out_of_range": lambda t: t.take(_x(t), t.tensor([-13])),
    "take_int32": lambda t: t.take(_x(t), t.tensor([0], dtype=t.int32)),
}


@pytest.mark.parametrize("name", OP_ERRORS)
def test_op_errors_match_torch(name):
    _same_error(OP_ERRORS[name])


# -- property: random keys agree with torch, forward and backward ---------------------------------------------
@st.composite
def shapes_and_keys(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    key, dim = [], 0
    while dim < len(shape) and draw(st.booleans()):
        n = shape[dim]
        kind = draw(st.sampled_from(["int", "slice", "none", "list", "mask"]))
        if kind == "int":
            key.append(draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            start = draw(st.one_of(st.none(), st.integers(-n - 1, n + 1)))
            stop = draw(st.one_of(st.none(), st.integers(-n - 1, n + 1)))
            key.append(slice(start, stop, draw(st.one_of(st.none(), st.integers(1, 3)))))
        elif kind == "none":
            key.append(None)
            continue
        elif kind == "list":
            key.append(draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=3)))
        else:
            key.append(np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))))
        dim += 1
    if draw(st.booleans()):
        key.insert(draw(st.integers(0, len(key))), Ellipsis)
    return shape, tuple(key)


def _lib_key(lib, key):
    return tuple(lib.tensor(k) if isinstance(k, (list, np.ndarray)) else k for k in key)


@settings(max_examples=200, deadline=None)
@given(shapes_and_keys())
def test_random_keys_match_torch(shape_key):
    shape, key = shape_key
    data = np.random.default_rng(0).standard_normal(shape)
    x, xt = minitorch.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    try:
        yt = xt[_lib_key(torch, key)]
    except IndexError:  # e.g. index arrays that don't broadcast: minitorch must refuse the same way
        _same_error(lambda lib: (lib.tensor(data))[_lib_key(lib, key)])
        return
    y = x[_lib_key(minitorch, key)]
    assert tuple(y.shape) == tuple(yt.shape)
    np.testing.assert_array_equal(y._data, yt.detach().numpy())
    assert type(y.grad_fn).__name__ == type(yt.grad_fn).__name__
    assert (y._base is x) == (yt._base is xt)
    g = np.random.default_rng(1).standard_normal(tuple(yt.shape))
    y.backward(minitorch.tensor(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad._data, xt.grad.numpy())


@settings(max_examples=100, deadline=None)
@given(shapes_and_keys(), st.booleans())
def test_random_setitem_matches_torch(shape_key, value_grad):
    shape, key = shape_key
    rng = np.random.default_rng(0)
    data = rng.standard_normal(shape)
    try:
        target = torch.zeros(shape)[_lib_key(torch, key)].shape
    except IndexError:
        return
    if any(isinstance(k, list) and len(set(k)) < len(k) for k in key):
        return  # repeated positions: which write wins is unspecified
    v = rng.standard_normal(tuple(target))
    x, xt = minitorch.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    w, wt = minitorch.tensor(v, requires_grad=value_grad), torch.tensor(v, requires_grad=value_grad)
    y, yt = x * 1, xt * 1
    y[_lib_key(minitorch, key)] = w
    yt[_lib_key(torch, key)] = wt
    np.testing.assert_array_equal(y._data, yt.detach().numpy())
    assert type(y.grad_fn).__name__ == type(yt.grad_fn).__name__
    g = rng.standard_normal(shape)
    y.backward(minitorch.tensor(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad._data, xt.grad.numpy())
    if value_grad:
        np.testing.assert_allclose(w.grad._data, wt.grad.numpy())
