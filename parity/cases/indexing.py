"""Parity cases for indexing: ``t[key]`` with every kind of key, ``t[key] = value`` (gradients for
both sides), gather / scatter / scatter_add / index_select / index_add / masked_select / take /
nonzero.

Index and mask inputs are ``Arg``s built with ``make=`` (int64 / bool, no gradient), so both
libraries index with the same values. Keys that hold tensors are built inside ``fn`` with
``lib.tensor(...)``. Scatter cases that *write* (not add) use indices without repeats along the
scattered dimension: with repeats, which write wins is unspecified.
"""
import numpy as np

from parity.case import Arg, OpCase, indices


def _mask(rng, shape):
    """A bool mask with at least one True and one False (so neither the selection nor its
    complement is empty)."""
    m = rng.random(shape) < 0.5
    flat = m.reshape(-1)
    if flat.size >= 2:
        flat[0], flat[1] = True, False
    return m


def _distinct_along(dim, high):
    """``make`` for scatter indices in [0, high) that never repeat along ``dim``."""
    def make(rng, shape):
        n = shape[dim]
        others = [s for d, s in enumerate(shape) if d != dim]
        lines = [rng.permutation(high)[:n] for _ in range(int(np.prod(others)) if others else 1)]
        arr = np.stack(lines, axis=-1).reshape((n,) + tuple(others))
        return np.moveaxis(arr, 0, dim)
    return make


def _setitem_case(key):
    """``fn`` for ``y = x * 1; y[key] = v``: the gradient reaches x outside the written region and v
    inside it. ``key(lib, *extra)`` builds the key (extra inputs are index/mask tensors)."""
    def fn(lib, x, v, *extra):
        y = x * 1
        y[key(lib, *extra)] = v
        return y
    return fn


def _setitem_scalar_case(key, value=0.0):
    def fn(lib, x, *extra):
        y = x * 1
        y[key(lib, *extra)] = value
        return y
    return fn


def _fill_case(lib, v):
    """A fresh zeros tensor that becomes part of the graph through assignment (``x[1] = v * 2``)."""
    x = lib.zeros(3, 4, dtype=v.dtype)
    x[1] = v * 2
    return x


def _zero_negatives(x):
    """``y[y < 0] = 0`` on a copy: relu written with a mask."""
    y = x * 1
    y[y < 0] = 0
    return y


def _int_idx(shape, high):
    return Arg(shape, kind="int64", grad=False, make=indices(high))


def _neg_idx(shape, high):
    """int64 indices in [-high, high): negative ones count from the end."""
    return Arg(shape, kind="int64", grad=False, make=lambda rng, s: rng.integers(-high, high, size=s))


def _bool(shape):
    return Arg(shape, kind="bool", grad=False, make=_mask)


def _get(name, fn, *args, **kw):
    return OpCase("getitem/" + name, fn, list(args), **kw)


GETITEM = [
    # basic keys: views
    _get("int", lambda t, x: x[1], (3, 4)),
    _get("int_negative", lambda t, x: x[-1], (3, 4)),
    _get("int_to_0d", lambda t, x: x[1, 2], (3, 4)),
    _get("int_1d_to_0d", lambda t, x: x[2], (5,)),
    _get("slice", lambda t, x: x[1:3], (4, 3)),
    _get("slice_step", lambda t, x: x[::2], (5, 3)),
    _get("slice_step_start", lambda t, x: x[1::3], (7,)),
    _get("slice_negative_bounds", lambda t, x: x[-3:-1], (4, 3)),
    _get("slice_past_end", lambda t, x: x[1:100], (4, 3)),
    _get("slice_empty", lambda t, x: x[3:1], (4, 3)),
    _get("slice_full", lambda t, x: x[:], (4, 3)),
    _get("slice_dim1", lambda t, x: x[:, 1:3], (4, 5)),
    _get("none", lambda t, x: x[None], (3, 4)),
    _get("none_middle", lambda t, x: x[:, None], (3, 4)),
    _get("none_0d", lambda t, x: x[None], ()),
    _get("ellipsis", lambda t, x: x[...], (3, 4)),
    _get("ellipsis_int", lambda t, x: x[..., 1], (3, 4, 5)),
    _get("ellipsis_none", lambda t, x: x[..., None], (3, 4)),
    _get("ellipsis_0d", lambda t, x: x[...], ()),
    _get("empty_tuple", lambda t, x: x[()], (3, 4)),
    _get("int_slice", lambda t, x: x[1, 1:3], (3, 4)),
    _get("slice_int", lambda t, x: x[1:3, 1], (4, 3)),
    _get("none_int", lambda t, x: x[None, 1], (3, 4)),
    _get("int_none", lambda t, x: x[1, None], (3, 4)),
    _get("int_ellipsis_int", lambda t, x: x[0, ..., 1], (3, 4, 5)),
    _get("slice_step_int_none", lambda t, x: x[::2, 1, None], (5, 3, 2)),
    _get("full_slices_then_int", lambda t, x: x[:, :, 2], (2, 3, 4)),
    _get("int_then_full_slice", lambda t, x: x[1, :], (3, 4)),
    _get("only_full_slices", lambda t, x: x[:, :], (3, 4)),
    _get("chained", lambda t, x: x[1][2:], (3, 4)),
    _get("tensor0d_int", lambda t, x: x[t.tensor(1)], (3, 4)),
    _get("tensor0d_in_tuple", lambda t, x: x[t.tensor(1), t.tensor(-1)], (3, 4)),
    _get("tensor0d_slice_bounds", lambda t, x: x[t.tensor(1):t.tensor(3)], (4, 3)),
    _get("numpy_int", lambda t, x: x[np.int64(2)], (3, 4)),
    _get("permuted_int", lambda t, x: x[1], Arg((3, 4), permute=True)),
    _get("permuted_slice", lambda t, x: x[:, 1:3], Arg((4, 5), permute=True)),
    # advanced keys: copies
    _get("list", lambda t, x: x[[0, 2]], (3, 4)),
    _get("list_repeats", lambda t, x: x[[0, 2, 0, 0]], (3, 4)),
    _get("list_of_lists", lambda t, x: x[[[0, 1], [1, 2]]], (3, 4)),
    _get("tensor", lambda t, x, i: x[i], (4, 3), _int_idx((6,), 4)),
    _get("tensor_negative", lambda t, x, i: x[i], (4, 3), _neg_idx((5,), 4)),
    _get("tensor_2d", lambda t, x, i: x[i], (4, 3), _int_idx((2, 3), 4)),
    _get("tensor_empty", lambda t, x: x[t.tensor([], dtype=t.int64)], (4, 3)),
    _get("numpy_array", lambda t, x: x[np.array([2, 0, 2])], (4, 3)),
    _get("two_tensors", lambda t, x, i, j: x[i, j], (4, 5), _int_idx((6,), 4), _int_idx((6,), 5)),
    _get("two_tensors_broadcast", lambda t, x, i, j: x[i, j], (4, 5), _int_idx((3, 1), 4), _int_idx((2,), 5)),
    _get("slice_then_tensor", lambda t, x, i: x[:, i], (4, 5), _int_idx((3,), 5)),
    _get("slice_then_tensor_3d", lambda t, x, i: x[1:, i], (4, 5, 2), _int_idx((2, 2), 5)),
    _get("tensors_apart", lambda t, x, i, j: x[i, :, j], (4, 5, 6), _int_idx((3,), 4), _int_idx((3,), 6)),
    _get("tensors_adjacent_after_slice", lambda t, x, i, j: x[:, i, j], (4, 5, 6), _int_idx((3,), 5),
         _int_idx((3,), 6)),
    _get("int_slice_list", lambda t, x: x[1, :, [0, 1, 1]], (4, 5, 6)),
    _get("int_tensor", lambda t, x, i: x[2, i], (4, 5), _int_idx((3,), 5)),
    _get("none_tensor", lambda t, x, i: x[None, i], (4, 5), _int_idx((3,), 4)),
    _get("ellipsis_tensor", lambda t, x, i: x[..., i], (3, 4, 5), _int_idx((4,), 5)),
    _get("tensor_ellipsis_none", lambda t, x, i: x[i, ..., None], (3, 4, 5), _int_idx((4,), 3)),
    _get("int32_tensor", lambda t, x: x[t.tensor([0, 2, 2], dtype=t.int32)], (4, 3)),
    _get("list_of_tensors_as_tuple", lambda t, x: x[[t.tensor([0, 1]), t.tensor([2, 0])]], (3, 4)),
    _get("mask", lambda t, x, m: x[m], (5, 3), _bool((5,))),
    _get("mask_2d", lambda t, x, m: x[m], (4, 5), _bool((4, 5))),
    _get("mask_dim1", lambda t, x, m: x[:, m], (3, 5), _bool((5,))),
    _get("mask_from_compare", lambda t, x: x[x > 0], (4, 5)),
    _get("mask_numpy", lambda t, x: x[np.array([True, False, True, True])], (4, 3)),
    _get("mask_and_tensor", lambda t, x, m, i: x[m, i], (4, 5), _bool((4,)), _int_idx((1,), 5)),
    _get("int_mask", lambda t, x, m: x[1, m], (3, 4, 5), _bool((4,))),
    _get("mask_0d_input", lambda t, x: x[x > 0], Arg((), low=0.5, high=1.0)),
    _get("bool_true", lambda t, x: x[True], (3, 4)),
    _get("bool_false", lambda t, x: x[False], (3, 4)),
    _get("int_bool_true", lambda t, x: x[0, True], (3, 4)),
    _get("tensor_bool_0d", lambda t, x: x[t.tensor(True)], (3, 4)),
    _get("permuted_tensor", lambda t, x, i: x[i], Arg((4, 5), permute=True), _int_idx((6,), 4)),
    _get("permuted_mask", lambda t, x, m: x[m], Arg((4, 5), permute=True), _bool((4, 5))),
    _get("permuted_slice_tensor", lambda t, x, i: x[:, i], Arg((4, 5), permute=True), _int_idx((3,), 5)),
]


def _set(name, fn, *args, **kw):
    return OpCase("setitem/" + name, fn, list(args), **kw)


SETITEM = [
    _set("int_row", _setitem_case(lambda t: 1), (3, 4), (4,)),
    _set("int_row_broadcast", _setitem_case(lambda t: 1), (3, 4), (1,)),
    _set("int_row_0d_value", _setitem_case(lambda t: 1), (3, 4), ()),
    _set("int_row_leading_ones", _setitem_case(lambda t: 0), (3, 4), (1, 1, 4)),
    _set("element", _setitem_case(lambda t: (1, 2)), (3, 4), ()),
    _set("slice", _setitem_case(lambda t: slice(1, 3)), (4, 3), (2, 3)),
    _set("slice_step", _setitem_case(lambda t: slice(None, None, 2)), (5, 3), (3, 1)),
    _set("column", _setitem_case(lambda t: (slice(None), 1)), (3, 4), (3,)),
    _set("int_slice_scalar", _setitem_scalar_case(lambda t: (0, slice(1, 3))), (3, 4)),
    _set("none", _setitem_case(lambda t: (None, 1)), (3, 4), (1, 4)),
    _set("ellipsis", _setitem_case(lambda t: ...), (3, 4), (4,)),
    _set("ellipsis_int", _setitem_case(lambda t: (..., 0)), (3, 4), (3,)),
    _set("tensor0d_key", _setitem_case(lambda t: t.tensor(2)), (3, 4), (4,)),
    _set("list", _setitem_case(lambda t: [0, 2]), (3, 4), (2, 4)),
    _set("list_broadcast", _setitem_case(lambda t: [2, 0]), (3, 4), (4,)),
    _set("tensor", _setitem_case(lambda t, i: i), (5, 3), (3, 3),
         Arg((3,), kind="int64", grad=False, make=lambda rng, s: rng.permutation(5)[:s[0]])),
    _set("two_tensors", _setitem_case(lambda t: (t.tensor([0, 1, 2]), t.tensor([3, 0, 1]))), (3, 4), (3,)),
    _set("slice_list", _setitem_case(lambda t: (slice(None), [0, 3])), (3, 4), (3, 2)),
    _set("int_slice_list", _setitem_case(lambda t: (1, slice(None), [0, 1])), (3, 4, 5), (4, 2)),
    _set("mask", _setitem_case(lambda t, m: m), (4, 3), (), _bool((4, 3))),
    _set("mask_rows", _setitem_case(lambda t, m: m), (4, 3), (3,), _bool((4,))),
    _set("mask_scalar", _setitem_scalar_case(lambda t, m: m, 0.5), (4, 3), _bool((4, 3))),
    _set("bool_true", _setitem_case(lambda t: True), (3, 4), (4,)),
    _set("value_float64_into_float32", _setitem_case(lambda t: 1), Arg((3, 4), kind="float32"),
         Arg((4,), kind="float64")),
    _set("permuted", _setitem_case(lambda t: (slice(None), 1)), Arg((3, 4), permute=True), (3,)),
    _set("permuted_value", _setitem_case(lambda t: slice(0, 2)), (4, 3), Arg((2, 3), permute=True)),
    OpCase("setitem/into_zeros", _fill_case, [(4,)]),
    OpCase("setitem/relu_by_mask", lambda t, x: _zero_negatives(x), [(4, 5)]),
]

ALONG = [
    OpCase("gather/dim0", lambda t, x, i: t.gather(x, 0, i), [(4, 3), _int_idx((5, 3), 4)]),
    OpCase("gather/dim1", lambda t, x, i: t.gather(x, 1, i), [(4, 3), _int_idx((4, 2), 3)]),
    OpCase("gather/dim_negative", lambda t, x, i: x.gather(-1, i), [(2, 3, 4), _int_idx((2, 3, 6), 4)]),
    OpCase("gather/index_smaller", lambda t, x, i: t.gather(x, 0, i), [(4, 5), _int_idx((2, 3), 4)]),
    OpCase("gather/1d", lambda t, x, i: t.gather(x, 0, i), [(5,), _int_idx((7,), 5)]),
    OpCase("gather/0d", lambda t, x: t.gather(x, 0, t.tensor(0)), [()]),
    OpCase("gather/permuted", lambda t, x, i: t.gather(x, 1, i), [Arg((4, 3), permute=True), _int_idx((4, 5), 3)]),
    OpCase("scatter/dim0", lambda t, x, i, s: t.scatter(x, 0, i, s),
           [(4, 3), Arg((2, 3), kind="int64", grad=False, make=_distinct_along(0, 4)), (2, 3)]),
    OpCase("scatter/dim1", lambda t, x, i, s: x.scatter(1, i, s),
           [(3, 5), Arg((3, 2), kind="int64", grad=False, make=_distinct_along(1, 5)), (3, 2)]),
    # src larger than index: torch's backward fails for src there (it returns index's shape), so
    # only input's gradient is compared
    OpCase("scatter/src_larger", lambda t, x, i, s: t.scatter(x, 0, i, s),
           [(4, 3), Arg((2, 2), kind="int64", grad=False, make=_distinct_along(0, 4)), Arg((3, 4), grad=False)]),
    OpCase("scatter/value", lambda t, x, i: t.scatter(x, 1, i, value=2.5),
           [(3, 5), Arg((3, 2), kind="int64", grad=False, make=_distinct_along(1, 5))]),
    OpCase("scatter/value_positional", lambda t, x, i: t.scatter(x, 1, i, -1.0),
           [(3, 5), Arg((3, 2), kind="int64", grad=False, make=_distinct_along(1, 5))]),
    OpCase("scatter/permuted", lambda t, x, i, s: t.scatter(x, 0, i, s),
           [Arg((4, 3), permute=True), Arg((2, 3), kind="int64", grad=False, make=_distinct_along(0, 4)),
            Arg((2, 3), permute=True)]),
    OpCase("scatter/reduce_add", lambda t, x, i, s: t.scatter(x, 0, i, s, reduce="add"),
           [Arg((4, 3), grad=False), _int_idx((5, 3), 4), Arg((5, 3), grad=False)], backward=False),
    OpCase("scatter/reduce_multiply_value", lambda t, x, i: t.scatter(x, 0, i, value=1.5, reduce="multiply"),
           [Arg((4, 3), grad=False), _int_idx((5, 3), 4)], backward=False),
    OpCase("scatter_add/dim0", lambda t, x, i, s: t.scatter_add(x, 0, i, s), [(4, 3), _int_idx((6, 3), 4), (6, 3)]),
    OpCase("scatter_add/dim1_src_larger", lambda t, x, i, s: x.scatter_add(1, i, s),
           [(3, 4), _int_idx((2, 5), 4), Arg((3, 6), grad=False)]),
    OpCase("scatter_add/permuted", lambda t, x, i, s: t.scatter_add(x, 1, i, s),
           [Arg((3, 4), permute=True), _int_idx((3, 4), 4), Arg((3, 4), permute=True)]),
    OpCase("index_select/dim0", lambda t, x, i: t.index_select(x, 0, i), [(4, 3), _int_idx((6,), 4)]),
    OpCase("index_select/dim1", lambda t, x, i: x.index_select(1, i), [(2, 5, 3), _int_idx((4,), 5)]),
    OpCase("index_select/dim_negative", lambda t, x, i: t.index_select(x, -1, i), [(2, 5), _int_idx((3,), 5)]),
    OpCase("index_select/index_0d", lambda t, x: t.index_select(x, 0, t.tensor(2)), [(4, 3)]),
    OpCase("index_select/int32_index", lambda t, x: t.index_select(x, 1, t.tensor([2, 0, 2], dtype=t.int32)),
           [(4, 3)]),
    OpCase("index_select/permuted", lambda t, x, i: t.index_select(x, 1, i),
           [Arg((4, 3), permute=True), _int_idx((5,), 3)]),
    OpCase("index_add/dim0", lambda t, x, i, s: t.index_add(x, 0, i, s), [(4, 3), _int_idx((5,), 4), (5, 3)]),
    OpCase("index_add/dim1_alpha", lambda t, x, i, s: t.index_add(x, 1, i, s, alpha=-2.0),
           [(4, 3), _int_idx((2,), 3), (4, 2)]),
    OpCase("masked_select/same_shape", lambda t, x, m: t.masked_select(x, m), [(4, 5), _bool((4, 5))]),
    OpCase("masked_select/broadcast_mask", lambda t, x, m: x.masked_select(m), [(4, 5), _bool((5,))]),
    OpCase("masked_select/broadcast_input", lambda t, x, m: t.masked_select(x, m), [(5,), _bool((3, 5))]),
    OpCase("masked_select/permuted", lambda t, x, m: t.masked_select(x, m),
           [Arg((4, 5), permute=True), _bool((4, 5))]),
    OpCase("take/2d_index", lambda t, x, i: t.take(x, i), [(3, 4), _int_idx((2, 5), 12)]),
    OpCase("take/negative", lambda t, x, i: t.take(x, i), [(3, 4), _neg_idx((7,), 12)]),
    OpCase("take/permuted", lambda t, x, i: t.take(x, i), [Arg((3, 4), permute=True), _int_idx((6,), 12)]),
    OpCase("take/0d", lambda t, x: t.take(x, t.tensor(0)), [()]),
    OpCase("nonzero/2d", lambda t, m: t.nonzero(m), [_bool((4, 5))], backward=False),
    OpCase("nonzero/float", lambda t, x: (x > 0).float().nonzero(), [Arg((3, 4), grad=False)], backward=False),
    OpCase("nonzero/as_tuple", lambda t, m: t.nonzero(m, as_tuple=True), [_bool((3, 4))], backward=False),
    OpCase("nonzero/0d", lambda t: t.nonzero(t.tensor(3.0)), [], backward=False),
]

CASES = GETITEM + SETITEM + ALONG


# -- take_along_dim, index_fill, index_copy, and the counting / searching ops -------------------------------
def _sorted_ints(rng, shape):
    """Sorted int64 rows (with repeats), for searchsorted's boundaries."""
    return np.sort(rng.integers(-5, 6, size=shape), axis=-1)


def _inplace_method(name):
    """``fn`` for ``y = x * 1; y.<name>_(...)`` (an in-place index op on a non-leaf)."""
    def fn(lib, x, *rest, args):
        return getattr(x * 1, name + "_")(*args(lib), *rest)
    return fn


_DISTINCT_5 = Arg((3,), kind="int64", grad=False, make=lambda rng, s: rng.permutation(5)[:s[0]])
MORE = [
    OpCase("take_along_dim/dim1", lambda t, x, i: t.take_along_dim(x, i, 1), [(4, 3), _int_idx((4, 5), 3)]),
    OpCase("take_along_dim/dim0_negative_index", lambda t, x, i: t.take_along_dim(x, i, dim=0),
           [(4, 3), _neg_idx((2, 3), 4)]),
    OpCase("take_along_dim/broadcast_input", lambda t, x, i: t.take_along_dim(x, i, -1),
           [(1, 5), _int_idx((3, 2), 5)]),
    OpCase("take_along_dim/broadcast_index", lambda t, x, i: t.take_along_dim(x, i, 1),
           [(2, 3, 4), _int_idx((1, 2, 4), 3)]),
    OpCase("take_along_dim/flat", lambda t, x, i: t.take_along_dim(x, i), [(3, 4), _int_idx((2, 5), 12)]),
    OpCase("take_along_dim/permuted", lambda t, x, i: t.take_along_dim(x, i, 0),
           [Arg((4, 3), permute=True), _int_idx((2, 3), 4)]),
    OpCase("take_along_dim/argsort", lambda t, x: t.take_along_dim(x, t.argsort(x, dim=1), dim=1), [(3, 5)]),
    OpCase("index_fill/dim0", lambda t, x, i: t.index_fill(x, 0, i, -1.5), [(4, 3), _int_idx((3,), 4)]),
    OpCase("index_fill/dim1_negative", lambda t, x, i: t.index_fill(x, -1, i, 2.0), [(3, 4), _neg_idx((2,), 4)]),
    OpCase("index_fill/tensor_value", lambda t, x, v, i: t.index_fill(x, 1, i, v), [(3, 4), (), _int_idx((2,), 4)]),
    OpCase("index_fill/0d_index", lambda t, x: t.index_fill(x, 1, t.tensor(2), 0.0), [(3, 4)]),
    OpCase("index_fill/permuted", lambda t, x, i: t.index_fill(x, 0, i, 1.0),
           [Arg((4, 3), permute=True), _int_idx((2,), 4)]),
    OpCase("index_copy/dim0", lambda t, x, i, s: t.index_copy(x, 0, i, s), [(5, 3), _DISTINCT_5, (3, 3)]),
    OpCase("index_copy/dim1", lambda t, x, i, s: t.index_copy(x, 1, i, s), [(2, 5), _DISTINCT_5, (2, 3)]),
    OpCase("index_copy/permuted", lambda t, x, i, s: t.index_copy(x, -1, i, s),
           [Arg((2, 5), permute=True), _DISTINCT_5, Arg((2, 3), permute=True)]),
    OpCase("index_add_/inplace", lambda t, x, s: _inplace_method("index_add")(
        t, x, s, args=lambda lib: (0, lib.tensor([2, 0, 2]))), [(4, 3), (3, 3)]),
    OpCase("index_fill_/inplace", lambda t, x: _inplace_method("index_fill")(
        t, x, args=lambda lib: (1, lib.tensor([1, 3]), 0.5)), [(4, 5)]),
    OpCase("index_copy_/inplace", lambda t, x, s: _inplace_method("index_copy")(
        t, x, s, args=lambda lib: (0, lib.tensor([3, 1]))), [(4, 3), (2, 3)]),
    OpCase("unique/sorted", lambda t, x: t.unique(x), [Arg((4, 5), kind="int64", low=0, high=6, grad=False)],
           backward=False),
    OpCase("unique/inverse_counts", lambda t, x: t.unique(x, return_inverse=True, return_counts=True),
           [Arg((4, 5), kind="int64", low=0, high=6, grad=False)], backward=False),
    OpCase("unique/float", lambda t, x: t.unique(x, return_counts=True),
           [Arg((6,), make=lambda rng, s: rng.integers(0, 3, size=s) / 2, grad=False)], backward=False),
    OpCase("unique/dim0", lambda t, x: t.unique(x, dim=0, return_inverse=True, return_counts=True),
           [Arg((6, 2), kind="int64", low=0, high=2, grad=False)], backward=False),
    OpCase("unique_consecutive/flat", lambda t, x: t.unique_consecutive(x, return_inverse=True, return_counts=True),
           [Arg((12,), kind="int64", low=0, high=2, grad=False)], backward=False),
    OpCase("unique_consecutive/dim1", lambda t, x: t.unique_consecutive(x, return_counts=True, dim=1),
           [Arg((2, 8), kind="int64", low=0, high=2, grad=False)], backward=False),
    OpCase("bincount/plain", lambda t, x: t.bincount(x), [Arg((10,), kind="int64", low=0, high=5, grad=False)],
           backward=False),
    OpCase("bincount/weights_minlength", lambda t, x, w: t.bincount(x, w, minlength=7),
           [Arg((10,), kind="int64", low=0, high=5, grad=False), Arg((10,), grad=False)], backward=False),
    OpCase("histc/range", lambda t, x: t.histc(x, bins=7, min=-1.5, max=1.5), [Arg((40,), grad=False)],
           backward=False),
    OpCase("histc/auto_range", lambda t, x: t.histc(x, bins=5), [Arg((4, 6), grad=False)], backward=False),
    OpCase("searchsorted/left", lambda t, s, v: t.searchsorted(s, v),
           [Arg((8,), kind="int64", grad=False, make=_sorted_ints), Arg((3, 4), kind="int64", low=-6, high=7,
                                                                        grad=False)], backward=False),
    OpCase("searchsorted/right_nd", lambda t, s, v: t.searchsorted(s, v, right=True),
           [Arg((3, 6), kind="int64", grad=False, make=_sorted_ints), Arg((3, 4), kind="int64", low=-6, high=7,
                                                                          grad=False)], backward=False),
    OpCase("searchsorted/float_side", lambda t, s, v: t.searchsorted(t.sort(s).values, v, side="right"),
           [Arg((6,), grad=False), Arg((5,), grad=False)], backward=False),
    OpCase("bucketize/default", lambda t, v, b: t.bucketize(v, b),
           [Arg((3, 4), kind="int64", low=-6, high=7, grad=False), Arg((6,), kind="int64", grad=False,
                                                                       make=_sorted_ints)], backward=False),
    OpCase("bucketize/right_int32", lambda t, v, b: t.bucketize(v, b, right=True, out_int32=True),
           [Arg((5,), kind="int64", low=-6, high=7, grad=False), Arg((6,), kind="int64", grad=False,
                                                                     make=_sorted_ints)], backward=False),
]

CASES += MORE
