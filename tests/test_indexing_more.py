"""Tests for the indexing, counting and order-statistic ops added to ops/indexing.py and
ops/reduction.py: take_along_dim, index_fill / index_copy (and the in-place index_add_,
index_fill_, index_copy_), unique, unique_consecutive, bincount, histc, searchsorted, bucketize,
count_nonzero, median, nanmedian, kthvalue, mode, aminmax, nansum, nanmean.

Everything is compared with real torch: values, indices (including which index wins a tie),
dtypes, gradients, grad_fn names, named-tuple types, and error types and messages.
Tensor methods for these ops are wired by the lead, so the tests call the module functions.
"""
import math

import numpy as np
import pytest
import torch

import minitorch
from minitorch.ops import indexing as I
from minitorch.ops import reduction as R
from minitorch.ops.inplace import inplace

NAN = float("nan")


def _np(t):
    return t.detach().numpy() if isinstance(t, torch.Tensor) else t._data


def assert_same(ours, theirs):
    """Same structure, types of named tuples, shapes, dtypes and values (nan equal to nan)."""
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        if hasattr(theirs, "_fields") or type(theirs).__module__ == "torch.return_types":
            assert type(ours).__name__ == type(theirs).__name__
            assert type(ours).__module__ == "minitorch.return_types"
        for a, b in zip(ours, theirs):
            assert_same(a, b)
        return
    a, b = _np(ours), _np(theirs)
    assert a.shape == b.shape, (a.shape, b.shape)
    assert a.dtype == b.dtype, (a.dtype, b.dtype)
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-12, equal_nan=True)


def both(fn, *arrays):
    """``fn(lib, *tensors)`` for minitorch and torch, on the same arrays."""
    return (fn(minitorch, *[minitorch.tensor(a) for a in arrays]),
            fn(torch, *[torch.tensor(a) for a in arrays]))


# -- which index wins a tie ------------------------------------------------------------------------
def _tied_rows(rng, trial):
    n = int(rng.integers(1, 70))
    a = rng.integers(0, int(rng.integers(1, 6)), size=(int(rng.integers(1, 4)), n)).astype(np.float64)
    if trial % 3 == 0:
        a[rng.random(a.shape) < 0.2] = NAN
    if trial % 11 == 0:
        a[0] = NAN
    return a


@pytest.mark.parametrize("op", ["median", "nanmedian", "kthvalue", "mode"])
def test_tie_indices_match_torch(op):
    """Rows full of ties (and nans): torch's index comes from its C++ selection algorithms; ours
    must be the same one, for short rows (insertion sort) and long ones (introsort)."""
    rng = np.random.default_rng(1)
    for trial in range(150):
        a = _tied_rows(rng, trial)
        k = int(rng.integers(1, a.shape[1] + 1))
        args = (k, 1) if op == "kthvalue" else (1,)
        ours, theirs = both(lambda lib, x: getattr(lib, op)(x, *args), a)
        assert_same(ours, theirs)


@pytest.mark.parametrize("op", ["median", "nanmedian", "kthvalue", "mode"])
@pytest.mark.parametrize("dtype", [np.int64, np.float32])
def test_order_statistics_dims_and_dtypes(op, dtype):
    rng = np.random.default_rng(2)
    a = rng.integers(-3, 4, size=(3, 5, 4)).astype(dtype)
    for dim, keepdim in [(0, False), (1, True), (-1, False), (-2, True)]:
        args = (2, dim, keepdim) if op == "kthvalue" else (dim, keepdim)
        assert_same(*both(lambda lib, x: getattr(lib, op)(x, *args), a))


@pytest.mark.parametrize("op", ["median", "nanmedian", "kthvalue", "mode"])
def test_order_statistics_0d(op):
    args = (1,) if op == "kthvalue" else ()
    assert_same(*both(lambda lib, x: getattr(lib, op)(x, *args), np.array(3.5)))
    assert_same(*both(lambda lib, x: getattr(lib, op)(x, *args, 0, True) if op == "kthvalue"
                      else getattr(lib, op)(x, 0, True), np.array(3.5)))


@pytest.mark.parametrize("op", ["median", "nanmedian"])
@pytest.mark.parametrize("data", [[], [1.0, NAN], [NAN, NAN], [3.0, 1, 2, 2], [[1.0, 5], [2, 2]], [4.0]])
def test_whole_tensor_median(op, data):
    assert_same(*both(lambda lib, x: getattr(lib, op)(x), np.array(data)))
    if data and not np.isnan(data).any():
        assert_same(*both(lambda lib, x: getattr(lib, op)(x), np.array(data, dtype=np.int64)))


def test_return_types_print_like_torch():
    x = minitorch.tensor([[3.0, 1.0, 2.0]])
    out = minitorch.median(x, 1)
    assert repr(out).startswith("minitorch.return_types.median(\nvalues=tensor([2.])")
    assert out.values is out[0] and out.indices is out[1]
    mm = minitorch.aminmax(x)
    assert mm._fields == ("min", "max") and type(mm).n_fields == 2
    import minitorch.return_types as rt
    for name in ("median", "nanmedian", "kthvalue", "mode", "aminmax"):
        assert getattr(rt, name).__name__ == name


# -- gradients -----------------------------------------------------------------------------------------
def grads(fn, *arrays, upstream_seed=0):
    """Outputs, input gradients (under a random upstream gradient) and grad_fn names, both libraries."""
    result = []
    for lib in (minitorch, torch):
        xs = [lib.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
        out = fn(lib, *xs)
        outs = [o for o in (out if isinstance(out, tuple) else (out,)) if o.requires_grad]
        rng = np.random.default_rng(upstream_seed)
        loss = sum((o * lib.tensor(rng.standard_normal(tuple(o.shape)))).sum() for o in outs)
        loss.backward()
        result.append((out, [x.grad for x in xs if x.requires_grad], [type(o.grad_fn).__name__ for o in outs]))
    return result


GRAD_CASES = {
    "median_all_ties": (lambda t, x: t.median(x), [np.array([[1.0, 2, 2], [3, 2, 0]])]),
    "median_all_nan": (lambda t, x: t.median(x), [np.array([1.0, NAN, 2, NAN])]),
    "median_dim": (lambda t, x: t.median(x, 1), [np.array([[1.0, 2, 2, 1], [3, 2, 0, 5]])]),
    "nanmedian_all": (lambda t, x: t.nanmedian(x), [np.array([1.0, NAN, 2, 2])]),
    "nanmedian_dim": (lambda t, x: t.nanmedian(x, 0, True), [np.array([[1.0, NAN], [2, 4], [3, NAN]])]),
    "kthvalue": (lambda t, x: t.kthvalue(x, 2, 0), [np.array([[1.0, 2], [1, 2], [0, 2]])]),
    "mode": (lambda t, x: t.mode(x), [np.array([[1.0, 2, 2, 1], [3, 3, 0, 5]])]),
    "aminmax_all_ties": (lambda t, x: t.aminmax(x), [np.array([[1.0, 2, 2], [1, 2, 0]])]),
    "aminmax_dim": (lambda t, x: t.aminmax(x, dim=1, keepdim=True), [np.array([[1.0, 1, 2], [3, 3, 0]])]),
    "nansum": (lambda t, x: t.nansum(x), [np.array([[1.0, NAN], [2, 3]])]),
    "nansum_dim": (lambda t, x: t.nansum(x, (0, 2), keepdim=True), [np.where(np.arange(24.0) % 5 == 0, NAN,
                                                                             np.arange(24.0)).reshape(2, 3, 4)]),
    "nanmean": (lambda t, x: t.nanmean(x), [np.array([[1.0, NAN], [2, 3]])]),
    "nanmean_dim": (lambda t, x: t.nanmean(x, 1), [np.array([[1.0, NAN], [2, 3]])]),
    "take_along_dim": (lambda t, x: t.take_along_dim(x, t.tensor([[0, 2], [1, 1]]), 1),
                       [np.arange(6.0).reshape(2, 3)]),
    "take_along_dim_broadcast": (lambda t, x: t.take_along_dim(x, t.tensor([[0], [2], [1], [2]]), 0),
                                 [np.arange(12.0).reshape(3, 1, 4)[:, :, :1].reshape(3, 1)]),
    "take_along_dim_flat": (lambda t, x: t.take_along_dim(x, t.tensor([5, 0, 5])), [np.arange(6.0).reshape(2, 3)]),
    "index_fill": (lambda t, x: t.index_fill(x, 1, t.tensor([0, 2, -1]), -1.5), [np.arange(12.0).reshape(3, 4)]),
    "index_fill_tensor": (lambda t, x, v: t.index_fill(x, 0, t.tensor([1]), v),
                          [np.arange(12.0).reshape(3, 4), np.array(2.0)]),
    "index_fill_tensor_repeats": (lambda t, x, v: t.index_fill(x, 0, t.tensor([1, 1]), v),
                                  [np.arange(12.0).reshape(3, 4), np.array(2.0)]),
    "index_copy": (lambda t, x, s: t.index_copy(x, 1, t.tensor([3, 0]), s),
                   [np.arange(12.0).reshape(3, 4), np.ones((3, 2))]),
    "index_copy_0d_source": (lambda t, x, s: t.index_copy(x, 0, t.tensor([1]), s), [np.arange(3.0), np.array(7.0)]),
}


@pytest.mark.parametrize("name", GRAD_CASES)
def test_gradients_and_grad_fn_names(name):
    fn, arrays = GRAD_CASES[name]
    (out_m, g_m, names_m), (out_t, g_t, names_t) = grads(fn, *arrays)
    assert_same(out_m, out_t)
    assert names_m == names_t
    for a, b in zip(g_m, g_t):
        assert_same(a, b)


def _index_add_(t, x, dim, index, source, alpha=1):
    return inplace(x, I.index_add, dim, index, source, alpha=alpha) if t is minitorch else \
        x.index_add_(dim, index, source, alpha=alpha)


def _index_fill_(t, x, dim, index, value):
    return inplace(x, I.index_fill, dim, index, value) if t is minitorch else x.index_fill_(dim, index, value)


def _index_copy_(t, x, dim, index, source):
    return inplace(x, I.index_copy, dim, index, source) if t is minitorch else x.index_copy_(dim, index, source)


INPLACE = {
    "index_add_": lambda t, x, s: _index_add_(t, x * 1, 0, t.tensor([2, 0, 2]), s, alpha=2.0),
    "index_fill_": lambda t, x, s: _index_fill_(t, x * s.sum(), 1, t.tensor([1]), 0.5),
    "index_fill_tensor_": lambda t, x, s: _index_fill_(t, x * 1, 1, t.tensor([1, 0]), s.sum()),
    "index_copy_": lambda t, x, s: _index_copy_(t, x * 1, 0, t.tensor([1, 0, 2]), s),
}


@pytest.mark.parametrize("name", INPLACE)
def test_inplace_variants(name):
    x, s = np.arange(12.0).reshape(3, 4), np.linspace(-1, 1, 12).reshape(3, 4)
    (out_m, g_m, names_m), (out_t, g_t, names_t) = grads(INPLACE[name], x, s)
    assert_same(out_m, out_t)
    assert names_m == names_t
    for a, b in zip(g_m, g_t):
        assert_same(a, b)


def test_inplace_variants_write_in_place_and_refuse_leaves():
    x = minitorch.zeros(3, 4)
    version = x._version
    out = inplace(x, I.index_fill, 1, minitorch.tensor([0]), 2.0)
    assert out is x and x._version > version and x._data[:, 0].tolist() == [2.0, 2.0, 2.0]
    inplace(x, I.index_copy, 0, minitorch.tensor([2]), minitorch.ones(1, 4))
    inplace(x, I.index_add, 0, minitorch.tensor([2]), minitorch.ones(1, 4))
    np.testing.assert_array_equal(x._data[2], [2.0, 2.0, 2.0, 2.0])
    leaf = minitorch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        inplace(leaf, I.index_fill, 0, minitorch.tensor([0]), 1.0)


# -- counting and searching ----------------------------------------------------------------------------
INT_DATA = np.array([[3, 1, 2], [1, 3, 3], [3, 1, 2], [0, 0, 2]])
FORWARD_CASES = {
    "unique": (lambda t, x: t.unique(x), [INT_DATA]),
    "unique_all": (lambda t, x: t.unique(x, return_inverse=True, return_counts=True), [INT_DATA]),
    "unique_unsorted": (lambda t, x: t.unique(x, sorted=False, return_counts=True), [INT_DATA]),
    "unique_float_nan": (lambda t, x: t.unique(x, return_counts=True), [np.array([2.0, NAN, 1, NAN, 2])]),
    "unique_bool": (lambda t, x: t.unique(x), [np.array([True, False, True])]),
    "unique_0d": (lambda t, x: t.unique(x, return_inverse=True), [np.array(4.0)]),
    "unique_consecutive_0d": (lambda t, x: t.unique_consecutive(x, return_inverse=True, return_counts=True),
                              [np.array(4.0)]),
    "unique_empty": (lambda t, x: t.unique(x, return_counts=True), [np.zeros(0)]),
    "unique_dim0": (lambda t, x: t.unique(x, dim=0, return_inverse=True, return_counts=True), [INT_DATA]),
    "unique_dim1": (lambda t, x: t.unique(x, return_inverse=True, dim=-1), [INT_DATA[:, [0, 2, 0]]]),
    "unique_consecutive": (lambda t, x: t.unique_consecutive(x), [np.array([1, 1, 2, 2, 3, 1, 1, 2])]),
    "unique_consecutive_all": (lambda t, x: t.unique_consecutive(x, return_inverse=True, return_counts=True),
                               [INT_DATA]),
    "unique_consecutive_dim": (lambda t, x: t.unique_consecutive(x, True, True, dim=0),
                               [INT_DATA[[0, 0, 1, 2, 2]]]),
    "unique_consecutive_dim1": (lambda t, x: t.unique_consecutive(x, return_counts=True, dim=1),
                                [INT_DATA[:, [0, 0, 2, 1]]]),
    "count_nonzero": (lambda t, x: t.count_nonzero(x), [INT_DATA - 1]),
    "count_nonzero_dim": (lambda t, x: t.count_nonzero(x, dim=0), [INT_DATA - 1]),
    "count_nonzero_tuple": (lambda t, x: t.count_nonzero(x, (0, 1)), [np.eye(3)]),
    "count_nonzero_0d": (lambda t, x: t.count_nonzero(x), [np.array(2.0)]),
    "bincount": (lambda t, x: t.bincount(x), [np.array([0, 4, 1, 1, 4, 4])]),
    "bincount_minlength": (lambda t, x: t.bincount(x, minlength=8), [np.array([0, 4, 1])]),
    "bincount_empty": (lambda t, x: t.bincount(x), [np.zeros(0, dtype=np.int64)]),
    "bincount_weights32": (lambda t, x, w: t.bincount(x, w), [np.array([0, 2, 2]), np.float32([0.5, 1, 2])]),
    "bincount_weights64": (lambda t, x, w: t.bincount(x, weights=w), [np.array([0, 2, 2]), np.array([0.5, 1, 2])]),
    "bincount_weights_int": (lambda t, x, w: t.bincount(x, weights=w), [np.array([0, 2, 2]), np.array([1, 2, 3])]),
    "histc": (lambda t, x: t.histc(x, bins=4, min=0, max=3), [np.array([1.0, 2, 1, 3, -1, 4])]),
    "histc_auto_range": (lambda t, x: t.histc(x, bins=5), [np.linspace(-2, 3, 17)]),
    "histc_float32_edges": (lambda t, x: t.histc(x, 3, 0.1, 1.0), [np.float32([0.1, 0.2, 0.3, 0.7, 1.0])]),
    "histc_constant": (lambda t, x: t.histc(x, bins=4), [np.full(3, 2.0)]),
    "histc_empty": (lambda t, x: t.histc(x, bins=3), [np.zeros(0)]),
    "histc_nan_ignored": (lambda t, x: t.histc(x, bins=2, min=0, max=1), [np.array([0.2, NAN, 0.9])]),
    "searchsorted": (lambda t, s, v: t.searchsorted(s, v), [np.array([1, 3, 5, 7]), np.array([[3, 6], [9, 0]])]),
    "searchsorted_right": (lambda t, s, v: t.searchsorted(s, v, right=True), [np.array([1, 3, 3, 7]),
                                                                              np.array([3, 6, 9])]),
    "searchsorted_side": (lambda t, s, v: t.searchsorted(s, v, side="right", out_int32=True),
                          [np.array([1.0, 3, 3, 7]), np.array([3.0, 0.5])]),
    "searchsorted_scalar": (lambda t, s: t.searchsorted(s, 3), [np.array([1, 3, 5, 7])]),
    "searchsorted_nd": (lambda t, s, v: t.searchsorted(s, v, side="right"),
                        [np.array([[1, 3, 5], [2, 4, 6]]), np.array([[2, 3], [6, 7]])]),
    "searchsorted_sorter": (lambda t, s, v, o: t.searchsorted(s, v, sorter=o),
                            [np.array([5, 1, 3, 9]), np.array([2, 5, 10]), np.array([1, 2, 0, 3])]),
    "bucketize": (lambda t, v, b: t.bucketize(v, b), [np.array([[3, 6], [9, 1]]), np.array([1, 3, 5, 7])]),
    "bucketize_right": (lambda t, v, b: t.bucketize(v, b, right=True, out_int32=True),
                        [np.array([3, 6, 9, 1]), np.array([1, 3, 5, 7])]),
    "bucketize_scalar": (lambda t, b: t.bucketize(4, b), [np.array([1, 3, 5, 7])]),
    "aminmax_int": (lambda t, x: t.aminmax(x, dim=0), [INT_DATA]),
    "nansum_int": (lambda t, x: t.nansum(x, 1), [INT_DATA]),
    "nansum_bool_dtype": (lambda t, x: t.nansum(x, dtype=t.float64), [INT_DATA > 1]),
    "nanmean_all_nan_row": (lambda t, x: t.nanmean(x, 1, keepdim=True), [np.array([[1.0, NAN], [NAN, NAN]])]),
}


@pytest.mark.parametrize("name", FORWARD_CASES)
def test_forward_matches_torch(name):
    fn, arrays = FORWARD_CASES[name]
    ours, theirs = both(fn, *arrays)
    assert_same(ours, theirs)
    assert not isinstance(ours, tuple) or not any(o.requires_grad for o in ours)


def test_histc_float32_bins_hypothesis_free_sweep():
    """Many float32 values near bin edges: the bin of each must be torch's (same arithmetic)."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        x = rng.uniform(-1, 1, 200).astype(np.float32)
        lo, hi = sorted(rng.uniform(-1, 1, 2).tolist())
        bins = int(rng.integers(1, 30))
        assert_same(*both(lambda t, a: t.histc(a, bins, lo, hi), x))


def test_take_along_dim_matches_sort_indices():
    x = np.random.default_rng(4).standard_normal((3, 5))
    ours, theirs = both(lambda t, a: t.take_along_dim(a, t.argsort(a, dim=1), dim=1), x)
    assert_same(ours, theirs)
    np.testing.assert_array_equal(_np(ours), np.sort(x, axis=1))


# -- errors ------------------------------------------------------------------------------------------------
E = np.zeros((3, 4))
ERRORS = {
    "median_empty_dim": lambda t: t.median(t.zeros(0, 3), 0),
    "median_dim_range": lambda t: t.median(t.zeros(2, 3), 2),
    "kthvalue_k_big": lambda t: t.kthvalue(t.tensor([1.0, 2.0]), 3),
    "kthvalue_k_zero": lambda t: t.kthvalue(t.tensor([1.0, 2.0]), 0),
    "mode_empty": lambda t: t.mode(t.zeros(0)),
    "aminmax_empty": lambda t: t.aminmax(t.tensor([])),
    "aminmax_empty_dim": lambda t: t.aminmax(t.zeros(0, 3), dim=0),
    "nanmean_int": lambda t: t.nanmean(t.tensor([1, 2])),
    "count_nonzero_repeat": lambda t: t.count_nonzero(t.zeros(2), dim=(0, 0)),
    "unique_dim_range": lambda t: t.unique(t.zeros(2, 3), dim=2),
    "unique_dim_0d": lambda t: t.unique(t.tensor(3.0), dim=0),
    "unique_consecutive_dim_0d": lambda t: t.unique_consecutive(t.tensor(3.0), dim=-1),
    "unique_consecutive_dim_range": lambda t: t.unique_consecutive(t.zeros(2, 3), dim=2),
    "take_along_dim_0d": lambda t: t.take_along_dim(t.tensor(3.0), t.tensor(0), 0),
    "bincount_float": lambda t: t.bincount(t.tensor([1.0])),
    "bincount_negative": lambda t: t.bincount(t.tensor([-1])),
    "bincount_2d": lambda t: t.bincount(t.tensor([[1]])),
    "bincount_weights_len": lambda t: t.bincount(t.tensor([1, 2]), weights=t.tensor([1.0])),
    "bincount_minlength": lambda t: t.bincount(t.tensor([1]), minlength=-1),
    "histc_int": lambda t: t.histc(t.tensor([1, 2])),
    "histc_bins": lambda t: t.histc(t.tensor([1.0, 2.0]), bins=0),
    "histc_min_max": lambda t: t.histc(t.tensor([1.0, 2.0]), min=3, max=1),
    "histc_inf": lambda t: t.histc(t.tensor([1.0, float("inf")])),
    "searchsorted_shapes": lambda t: t.searchsorted(t.tensor([[1, 2]]), t.tensor([1, 2, 3])),
    "searchsorted_side_right": lambda t: t.searchsorted(t.tensor([1, 2]), t.tensor([1]), side="left", right=True),
    "searchsorted_side": lambda t: t.searchsorted(t.tensor([1, 2]), t.tensor([1]), side="x"),
    "searchsorted_scalar_nd": lambda t: t.searchsorted(t.tensor([[1, 3, 5]]), 3),
    "searchsorted_sorter_size": lambda t: t.searchsorted(t.tensor([1, 2]), t.tensor([1]), sorter=t.tensor([0])),
    "searchsorted_sorter_dtype": lambda t: t.searchsorted(t.tensor([1, 2]), t.tensor([1]),
                                                          sorter=t.tensor([0, 1], dtype=t.int32)),
    "bucketize_2d": lambda t: t.bucketize(t.tensor([1]), t.tensor([[1, 2]])),
    "take_along_dim_dtype": lambda t: t.take_along_dim(t.zeros(2, 3), t.tensor([[0.0]]), 1),
    "take_along_dim_ndim": lambda t: t.take_along_dim(t.zeros(2, 3), t.tensor([0]), 1),
    "take_along_dim_broadcast": lambda t: t.take_along_dim(t.zeros(2, 3), t.tensor([[0], [1], [0]]), 1),
    "take_along_dim_flat_range": lambda t: t.take_along_dim(t.zeros(2, 3), t.tensor([-1, 7])),
    "index_fill_int32": lambda t: t.index_fill(t.tensor(E), 1, t.tensor([0], dtype=t.int32), 1.0),
    "index_fill_float_index": lambda t: t.index_fill(t.tensor(E), 1, t.tensor([0.0]), 1.0),
    "index_fill_range": lambda t: t.index_fill(t.tensor(E), 1, t.tensor([4]), 1.0),
    "index_fill_negative_range": lambda t: t.index_fill(t.tensor(E), 1, t.tensor([-5]), 1.0),
    "index_fill_2d_index": lambda t: t.index_fill(t.tensor(E), 1, t.tensor([[0]]), 1.0),
    "index_fill_value_1d": lambda t: t.index_fill(t.tensor(E), 1, t.tensor([0]), t.tensor([1.0])),
    "index_fill_dim": lambda t: t.index_fill(t.tensor(E), 2, t.tensor([0]), 1.0),
    "index_copy_int32": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([0, 1], dtype=t.int32), t.ones(3, 2,
                                                                                                       dtype=t.float64)),
    "index_copy_count": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([0, 1]), t.ones(3, 3, dtype=t.float64)),
    "index_copy_slices": lambda t: t.index_copy(t.zeros(3, 4, 5), 1, t.tensor([0, 1]), t.ones(2, 2, 5)),
    "index_copy_range": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([0, 9]), t.ones(3, 2, dtype=t.float64)),
    "index_copy_negative": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([0, -1]), t.ones(3, 2, dtype=t.float64)),
    "index_copy_dtype": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([0, 1]), t.ones(3, 2, dtype=t.float32)),
    "index_copy_2d_index": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([[0, 1]]), t.ones(3, 2, dtype=t.float64)),
    "index_copy_ndim": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([0, 1]), t.ones(3, 2, 1, dtype=t.float64)),
    "index_copy_scalar_source": lambda t: t.index_copy(t.tensor(E), 1, t.tensor([0, 1]), t.tensor(1.0,
                                                                                                   dtype=t.float64)),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_torch(name):
    with pytest.raises(Exception) as theirs:
        ERRORS[name](torch)
    with pytest.raises(type(theirs.value)) as ours:
        ERRORS[name](minitorch)
    assert str(ours.value) == str(theirs.value)


def test_median_keepdim_without_dim():
    with pytest.raises(TypeError, match="missing 1 required positional arguments"):
        minitorch.median(minitorch.tensor([1.0]), keepdim=True)
    assert math.isnan(minitorch.nanmedian(minitorch.tensor([NAN])).item())


def test_index_fill_tensor_value_grad_with_negative_indices():
    """torch's own backward fails on negative indices here (index_select rejects them); each filled
    slice counts once, so -2 and 1 (the same row) give value the gradient of one row."""
    x = minitorch.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    v = minitorch.tensor(2.0, requires_grad=True)
    minitorch.index_fill(x, 0, minitorch.tensor([1, -2]), v).sum().backward()
    assert v.grad.item() == 4.0
    np.testing.assert_array_equal(x.grad._data, [[1] * 4, [0] * 4, [1] * 4])
