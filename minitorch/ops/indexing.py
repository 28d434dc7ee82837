"""Indexing: ``t[key]``, ``t[key] = value``, and gather / scatter / index_select / masked_select /
take / nonzero / index_add.

How a key is read
-----------------
``_convert_key`` turns whatever the user wrote into two NumPy keys, applied one after the other:

* ``basic``: ints, slices and None (and the slices an Ellipsis stands for). NumPy applies it
  without copying, so ``t[i]``, ``t[1:3]``, ``t[:, None]`` are *views* that share memory and
  the version counter with ``t``.
* ``adv``: the advanced part (integer index arrays and bool masks), applied to that view; it
  always copies. None when the key has no advanced part.

Torch applies the ints first (each one removes a dimension) and only then the index tensors,
which is why ``t[1, :, [0, 1]]`` has shape ``(5, 2)`` in torch but ``(2, 5)`` in NumPy for a
``(4, 5, 6)`` tensor. Splitting the key this way gives torch's answer: the ints never reach
the advanced step, so NumPy's "where do the broadcast index dimensions go" rule only sees
what torch's sees.

Gradients
---------
The backward of ``t[key]`` writes the gradient into zeros of ``t``'s shape at ``key``; with
integer index arrays it uses ``np.add.at``, so an element picked twice gets both gradients.
``t[key] = value`` is an in-place op (see ``elementwise.inplace``): its out-of-place half is
``CopySlices``, whose backward zeroes the written region for ``t`` and hands that region's
gradient to ``value``.
"""
import numbers
import operator
import warnings

import numpy as np

from .._tensor import Tensor, _describe_type, _wrap_dim
from ..autograd import grad_mode
from ..autograd.function import ArrayFunction
from .elementwise import _type_word, copy_from
from .inplace import check_inplace, inplace

__all__ = ["gather", "scatter", "scatter_add", "index_select", "masked_select", "nonzero", "take", "index_add"]


# -- reading a key ----------------------------------------------------------------------------------
class _Key:
    """A converted key.

    basic:  the NumPy key of the view step (ints, slices, None, ending in Ellipsis).
    adv:    the advanced key applied to that view, or None.
    step:   the torch node ``t[key]`` is named after: "select", "slice", "unsqueeze", "alias", "index".
    through_view: whether torch's basic step makes a real view (it skips full slices and ``...``);
            ``t[key] = v`` then writes through that view (grad_fn CopySlices), else into t itself.
    accumulate: whether integer index arrays may pick an element twice, so that gradients must
            be summed with ``np.add.at``.
    """

    __slots__ = ("basic", "adv", "step", "through_view", "accumulate")

    def __init__(self, basic, adv, step, through_view, accumulate):
        self.basic, self.adv, self.step = basic, adv, step
        self.through_view, self.accumulate = through_view, accumulate


def _treat_as_tuple(key):
    """torch reads a short list holding slices, None, Ellipsis, tensors or lists as a tuple of
    indices (``t[[0, slice(None)]]`` is ``t[0, :]``), and any other list as one index tensor."""
    if not isinstance(key, list) or len(key) >= 32:
        return False
    return any(k is None or k is Ellipsis or isinstance(k, (slice, Tensor, list, tuple)) for k in key)


def _type_name(obj):
    t = type(obj)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__name__}"


def _slice_bound(v):
    if v is None or type(v) is int:
        return v
    if not hasattr(v, "__index__"):
        raise TypeError("slice indices must be integers or None or have an __index__ method")
    return operator.index(v)  # a 0-d integer tensor gives its value; others raise torch's TypeError


def _index_item(item):
    """One element of a key, as torch reads it: an int, a slice (int bounds, positive step), None,
    Ellipsis, or an ndarray (int64 indices, or a bool mask; a 0-d bool array is a bool scalar)."""
    if item is None or item is Ellipsis or type(item) is int:
        return item
    if isinstance(item, Tensor):
        arr = item._data
        kind = arr.dtype.kind
        if kind == "b" or arr.dtype == np.uint8:
            if kind != "b":
                warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                              "torch.bool instead.", UserWarning, stacklevel=4)
            return arr.astype(np.bool_, copy=False)
        if kind in "iu":
            return int(arr) if arr.ndim == 0 else arr  # a 0-d index tensor acts as an int
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    if isinstance(item, bool):
        return np.array(item)
    if isinstance(item, (int, np.integer)):
        return int(item)
    if isinstance(item, slice):
        step = _slice_bound(item.step)
        if step is not None and step <= 0:
            raise ValueError("slice step cannot be zero" if step == 0 else "step must be greater than zero")
        return slice(_slice_bound(item.start), _slice_bound(item.stop), step)
    if isinstance(item, (list, tuple, np.ndarray)):
        arr = np.asarray(item)  # lists, like torch's, may hold floats (truncated) or bools (a mask)
        return arr if arr.dtype == np.bool_ else arr.astype(np.int64, copy=False)
    if isinstance(item, str):
        raise TypeError("new(): invalid data type 'str'")
    raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                     f"indices (got {_type_name(item)})")


def _check_bounds(index, size, message, error=IndexError, allow_negative=True):
    """Raise ``error(message.format(first bad index))`` if an index lies outside the dimension."""
    if index.size == 0:
        return
    low = -size if allow_negative else 0
    if index.min() < low or index.max() >= size:
        flat = index.reshape(-1)
        bad = flat[np.flatnonzero((flat < low) | (flat >= size))[0]]
        raise error(message.format(int(bad)))


def _is_full(s, size):
    """Whether torch treats slice s as the whole dimension (it then records no slice step): it
    looks at the bounds as written, so ``0:size`` and ``:100`` are full but ``-size:`` is not."""
    return s.start in (None, 0) and (s.stop is None or s.stop >= size) and s.step in (None, 1)


def _convert_key(shape, key):
    """Read ``key`` for a tensor of ``shape`` the way torch does; return a ``_Key``.

    Walks the key left to right as torch's slicing does, tracking the shape the tensor has after
    the steps so far (``cur``), so that errors name the same dimension and sizes as torch's.
    """
    single = not isinstance(key, tuple) and not _treat_as_tuple(key)
    items = [_index_item(key)] if single else [_index_item(k) for k in key]
    ndim = len(shape)
    consumed = sum(
        0 if it is None or it is Ellipsis else it.ndim if isinstance(it, np.ndarray) and it.dtype == np.bool_ else 1
        for it in items)
    if consumed > ndim:
        if ndim == 0 and single and type(items[0]) is int:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                             "in C++ to convert a 0-dim tensor to a number")
        if ndim == 0 and single and isinstance(items[0], slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        raise IndexError(f"too many indices for tensor of dimension {ndim}")

    basic, adv = [], []
    cur = list(shape)       # the tensor's shape after the basic steps so far
    src = out = 0           # next dimension of the input / of the partial result
    n_arrays = 0            # index arrays so far: torch numbers out-of-bounds errors by these
    step, accumulate = None, False
    index_shapes = []       # what each index array contributes to the broadcast selection
    # torch checks masks and index arrays only after all basic steps: (mask, its first dim) and
    # (array's place in adv, array, its number, the size it indexes) wait until the walk is done
    masks, arrays = [], []
    indexed = set()         # the dims (of the tensor the basic steps leave) that index arrays and masks take
    for position, it in enumerate(items):
        if it is None:
            basic.append(None)
            adv.append(slice(None))
            cur.insert(out, 1)
            out += 1
            step = "unsqueeze"
        elif it is Ellipsis:
            n = min(ndim - consumed, ndim - src)
            basic += [slice(None)] * n
            adv += [slice(None)] * n
            src, out = src + n, out + n
        elif type(it) is int:
            size = cur[out]
            if not -size <= it < size:
                # torch names the int's position in the key, and the size the tensor has there by now
                raise IndexError(f"index {it} is out of bounds for dimension {position} with size {size}")
            basic.append(it)
            cur.pop(out)
            src += 1
            step = "select"
        elif isinstance(it, slice):
            size = cur[out]
            if single or not _is_full(it, size):  # torch skips full slices inside a tuple key
                step = "slice"
            basic.append(it)
            adv.append(slice(None))
            cur[out] = len(range(*it.indices(size)))
            src, out = src + 1, out + 1
        elif it.dtype == np.bool_ and it.ndim == 0:  # True / False: a new dim of size 1 / 0
            basic.append(None)
            cur.insert(out, 1)
            adv.append(np.zeros(int(it), dtype=np.int64))
            index_shapes.append((int(it),))
            indexed.add(out)
            out += 1
            n_arrays += 1
            step = "unsqueeze"
        elif it.dtype == np.bool_:
            k = it.ndim
            masks.append((it, out))
            indexed.update(range(out, out + k))
            basic += [slice(None)] * k
            adv.append(it)
            index_shapes.append((int(np.count_nonzero(it)),))
            src, out, n_arrays = src + k, out + k, n_arrays + k
        else:
            arrays.append((len(adv), it, n_arrays, cur[out]))
            indexed.add(out)
            basic.append(slice(None))
            adv.append(it)
            index_shapes.append(it.shape)
            src, out, n_arrays = src + 1, out + 1, n_arrays + 1
            accumulate = True
    basic.append(Ellipsis)  # keeps an all-int key a 0-d view rather than a NumPy scalar
    for mask, start in masks:  # torch checks masks against the tensor as the basic steps leave it
        for j, n in enumerate(mask.shape):
            if n != cur[start + j]:
                raise IndexError(f"The shape of the mask {list(mask.shape)} at index {j} does not match the "
                                 f"shape of the indexed tensor {cur} at index {start + j}")
    if not index_shapes:
        return _Key(tuple(basic), None, step or "alias", step is not None, False)
    try:
        picked = np.broadcast_shapes(*index_shapes)
    except ValueError:
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together with shapes "
                         + ", ".join(str(list(s)) for s in index_shapes)) from None
    if 0 not in picked and 0 not in [n for d, n in enumerate(cur) if d not in indexed]:
        for _, arr, number, size in arrays:
            _check_bounds(arr, size, "index {} is out of bounds for dimension " + f"{number} with size {size}")
    else:  # an empty result: torch reads no index, so checks none; NumPy would, so clip the unused ones
        for i, arr, _, size in arrays:
            if size:
                adv[i] = np.clip(arr, -size, size - 1)
    return _Key(tuple(basic), tuple(adv), "index", step is not None, accumulate)


def _region(arr, key):
    """``arr[key]``: a view for a basic key, a (C-contiguous, as torch's) copy otherwise."""
    view = arr[key.basic]
    return view if key.adv is None else np.ascontiguousarray(view[key.adv])


# -- t[key] -------------------------------------------------------------------------------------------
class Index(ArrayFunction):
    """``x[key]`` as one graph node; backward writes the gradient into zeros at ``key``.

    torch records a chain of nodes for a compound key (select, then slice, ...); minitorch
    records one, named after the step torch would record last (the subclasses below)."""

    backward_name = "IndexBackward0"

    @staticmethod
    def forward(ctx, x, key):
        ctx.key, ctx.shape = key, x.shape
        return _region(x, key)

    @staticmethod
    def backward(ctx, g):
        key = ctx.key
        gx = np.zeros(ctx.shape, dtype=g.dtype)
        target = gx[key.basic]
        if key.adv is None:
            target[...] = g
        elif key.accumulate:
            np.add.at(target, key.adv, g)   # repeated indices: every pick adds its gradient
        else:
            target[key.adv] = g
        return gx, None


class Select(Index):
    backward_name = "SelectBackward0"


class Slice(Index):
    backward_name = "SliceBackward0"


class Unsqueeze(Index):
    backward_name = "UnsqueezeBackward0"


class Alias(Index):
    backward_name = "AliasBackward0"


_INDEX_NODES = {"index": Index, "select": Select, "slice": Slice, "unsqueeze": Unsqueeze, "alias": Alias}


_INT_OR_NONE = (int, type(None))


def _is_plain(key, data):
    """Whether key is ``i`` (in range) or ``a:b`` / ``a:b:step`` with int bounds: the keys of a
    training loop (``x[i]``, ``x[i:i + batch]``), which NumPy can apply exactly as torch does."""
    if type(key) is int:
        return data.ndim > 0 and -data.shape[0] <= key < data.shape[0]
    return (type(key) is slice and data.ndim > 0 and type(key.start) in _INT_OR_NONE
            and type(key.stop) in _INT_OR_NONE and (key.step is None or (type(key.step) is int and key.step > 0)))


def getitem(tensor, key):
    """``tensor[key]`` (``Tensor.__getitem__``): a view for basic keys, a copy for advanced ones."""
    data = tensor._data
    record = tensor._requires_grad and grad_mode._enabled
    if not record and _is_plain(key, data):
        return tensor._make_view(data[key, ...])  # skips reading the key in full: cheap in a loop
    k = _convert_key(data.shape, key)
    if record:
        out = _INDEX_NODES[k.step].apply(tensor, k)
        return out._mark_view_of(tensor) if k.adv is None else out
    if k.adv is None:
        return tensor._make_view(data[k.basic])
    return Tensor._wrap(_region(data, k))


# -- t[key] = value -------------------------------------------------------------------------------------
def _assign(dst, key, value):
    """Write ``value`` (array or scalar, cast to dst's dtype) into ``dst`` at ``key``, in place."""
    target = dst[key.basic]
    try:
        if key.adv is None:
            target[...] = value
        else:
            target[key.adv] = value
    except ValueError:
        raise _assign_error(dst, key, value) from None


def _assign_error(dst, key, value):
    """torch's error for a value that can't be written at key."""
    if not dst.flags.writeable:
        return RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a "
                            "single memory location. Please clone() the tensor before performing the operation.")
    target = list(_region(dst, key).shape)
    vshape = list(np.shape(value))
    while vshape and vshape[0] == 1 and len(vshape) > len(target):  # torch drops leading size-1 dims
        vshape.pop(0)
    if key.adv is not None:
        return RuntimeError(f"shape mismatch: value tensor of shape {vshape} cannot be broadcast to indexing "
                            f"result of shape {target}")
    if len(vshape) > len(target):
        return RuntimeError(f"expand(minitorch.{_describe_type(np.asarray(value).dtype)}{{{vshape}}}, size={target}): "
                            f"the number of sizes provided ({len(target)}) must be greater or equal to the number "
                            f"of dimensions in the tensor ({len(vshape)})")
    for d in range(1, len(vshape) + 1):
        if vshape[-d] not in (1, target[-d]):
            return RuntimeError(f"The expanded size of the tensor ({target[-d]}) must match the existing size "
                                f"({vshape[-d]}) at non-singleton dimension {len(target) - d}.  Target sizes: "
                                f"{target}.  Tensor sizes: {vshape}")
    return RuntimeError(f"can't write a value of shape {vshape} into a region of shape {target}")


class CopySlices(ArrayFunction):
    """The out-of-place half of ``x[key] = value``: a copy of x with value written at key.

    Backward: x's gradient is the incoming one with the overwritten region zeroed (those
    elements no longer depend on x); value's gradient is the region's gradient (the engine
    sums it back to value's shape when value was broadcast)."""

    backward_name = "CopySlices"

    @staticmethod
    def forward(ctx, x, key, value):
        ctx.key, ctx.value_ndim = key, np.ndim(value)
        out = x.copy()
        _assign(out, key, value)
        return out

    @staticmethod
    def backward(ctx, g):
        key = ctx.key
        gx = gv = None
        if ctx.needs_input_grad[0]:
            gx = g.copy()
            _assign(gx, key, 0)
        if ctx.needs_input_grad[2]:
            gv = _region(g, key)
            extra = ctx.value_ndim - gv.ndim  # value had leading size-1 dims that were dropped
            if extra > 0:
                gv = gv.reshape((1,) * extra + gv.shape)
        return gx, None, gv


class IndexPut(CopySlices):
    """``x[key] = value`` for an advanced key with no view step before it (torch's ``index_put_``)."""

    backward_name = "IndexPutBackward0"


def _index_put(tensor, key, value):
    return (CopySlices if key.through_view else IndexPut).apply(tensor, key, value)


def setitem(tensor, key, value):
    """``tensor[key] = value`` (``Tensor.__setitem__``): value is a number or a tensor broadcastable to
    ``tensor[key]``, cast to tensor's dtype. Recorded in the graph when either side needs a gradient."""
    if not isinstance(value, (Tensor, numbers.Number, np.number, np.bool_)):
        raise TypeError(f"can't assign a {_type_name(value)} to a minitorch.{_describe_type(tensor._data.dtype)}")
    k = _convert_key(tensor._data.shape, key)
    # torch writes through a view of the tensor when the key's basic part makes one, else into the
    # tensor itself; that decides the wording of the leaf error and the name of the grad_fn
    if tensor._requires_grad or tensor._base is not None:
        check_inplace(tensor._make_view(tensor._data) if k.through_view else tensor)
    if grad_mode._enabled and (tensor._requires_grad or (isinstance(value, Tensor) and value._requires_grad)):
        if k.adv is None and not k.through_view:
            inplace(tensor, copy_from, value)  # t[...] = v is t.copy_(v), as in torch
        else:
            inplace(tensor, _index_put, k, value)
        return
    _assign(tensor._data, k, value._data if isinstance(value, Tensor) else value)
    tensor._vc[0] += 1


# -- along a dimension: gather, scatter, scatter_add ------------------------------------------------------
def _along(index, dim):
    """The NumPy key that reaches, for every position p of ``index``, the element of the input at p
    with coordinate ``dim`` replaced by ``index[p]`` (``out[i][j] = input[index[i][j]][j]`` for dim 0)."""
    if index.ndim == 0:
        return (index,)
    key = []
    for d, n in enumerate(index.shape):
        if d == dim:
            key.append(index)
        else:
            shape = [1] * index.ndim
            shape[d] = n
            key.append(np.arange(n).reshape(shape))
    return tuple(key)


def _1d(a):
    """torch treats a 0-d tensor as 1-d in gather/scatter."""
    return a.reshape(1) if a.ndim == 0 else a


def _prefix(shape):
    """The key for the leading block of an array that has ``shape`` (src may be larger than index)."""
    return tuple(slice(0, n) for n in shape)


def _check_index_dtype(index, op):
    if index._data.dtype.kind not in "iu":
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index")


def _check_along(op, input, dim, index, src=None):
    """torch's checks for gather/scatter: dtypes, same number of dims, sizes, index range."""
    x, idx = input._data, index._data
    dim = _wrap_dim(dim, max(x.ndim, 1))
    _check_index_dtype(index, op)
    what = "input" if op == "gather" else "self"
    if max(idx.ndim, 1) != max(x.ndim, 1):
        raise RuntimeError(f"Index tensor must have the same number of dimensions as {what} tensor")
    if src is not None:
        if max(src._data.ndim, 1) != max(idx.ndim, 1):
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
        if src._data.dtype != x.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if idx.size == 0:
        return dim
    xs, ids = _1d(x).shape, _1d(idx).shape
    too_big = any(ids[d] > xs[d] for d in range(len(ids)) if d != dim)
    if src is not None:
        too_big |= any(i > s for i, s in zip(ids, _1d(src._data).shape))
    if too_big:
        if op == "gather":
            d = next(d for d in range(len(ids)) if d != dim and ids[d] > xs[d])
            raise RuntimeError(f"Size does not match at dimension {d} expected index {list(idx.shape)} to be no "
                               f"larger than self {list(x.shape)} apart from dimension {dim}")
        tail = f" and to be no larger size than src {list(src._data.shape)}" if src is not None else ""
        raise RuntimeError(f"Expected index {list(idx.shape)} to be no larger than self {list(x.shape)} apart from "
                           f"dimension {dim}{tail}")
    _check_bounds(idx, xs[dim], "index {} is out of bounds for dimension " + f"{dim} with size {xs[dim]}",
                  error=RuntimeError, allow_negative=False)
    return dim


class Gather(ArrayFunction):
    backward_name = "GatherBackward0"

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.key, ctx.shape = _along(_1d(index), dim), x.shape
        return _1d(x)[ctx.key].reshape(index.shape)

    @staticmethod
    def backward(ctx, g):
        gx = np.zeros(ctx.shape or (1,), dtype=g.dtype)
        np.add.at(gx, ctx.key, _1d(g))  # a position gathered twice gets both gradients
        return gx.reshape(ctx.shape), None, None


def gather(input, dim, index, *, sparse_grad=False, out=None):
    """``out[i][j][k] = input[index[i][j][k]][j][k]`` for dim 0 (likewise for other dims)."""
    dim = _check_along("gather", input, dim, index)
    return Gather.apply(input, dim, index._data)


def _scattered(x, dim, index, src, write):
    """A copy of x with ``write(out, key, values)`` applied, where ``key`` reaches the positions
    index names along dim and ``values`` is src's leading block of index's shape (or the scalar)."""
    index = _1d(index)
    key = _along(index, dim)
    out = _1d(x).copy()
    write(out, key, _1d(src)[_prefix(index.shape)] if isinstance(src, np.ndarray) else src)
    return out.reshape(x.shape), key


def _src_grad(g, key, index_shape, src_shape):
    """src's gradient in scatter/scatter_add: g at the positions src was written to, zero for the
    src elements beyond index's shape, which were never used."""
    gsrc = np.zeros(src_shape or (1,), dtype=g.dtype)
    gsrc[_prefix(index_shape or (1,))] = _1d(g)[key]
    return gsrc.reshape(src_shape)


def _put(out, key, values):
    out[key] = values


class Scatter(ArrayFunction):
    """``input`` with ``src`` written at the positions ``index`` names along ``dim`` (gather's inverse)."""

    backward_name = "ScatterBackward0"

    @staticmethod
    def forward(ctx, x, dim, index, src):
        out, ctx.key = _scattered(x, dim, index, src, _put)
        ctx.index_shape, ctx.src_shape = index.shape, np.shape(src)
        return out

    @staticmethod
    def backward(ctx, g):
        gx = gsrc = None
        if ctx.needs_input_grad[0]:
            gx = _1d(g).copy()
            gx[ctx.key] = 0  # overwritten elements no longer depend on the input
            gx = gx.reshape(g.shape)
        if ctx.needs_input_grad[3]:
            gsrc = _src_grad(g, ctx.key, ctx.index_shape, ctx.src_shape)
        return gx, None, None, gsrc


class ScatterValue(Scatter):
    """``scatter(..., value=number)``."""

    backward_name = "ScatterBackward1"


class ScatterAdd(ArrayFunction):
    backward_name = "ScatterAddBackward0"

    @staticmethod
    def forward(ctx, x, dim, index, src):
        out, ctx.key = _scattered(x, dim, index, src, np.add.at)  # repeated positions add up
        ctx.index_shape, ctx.src_shape = index.shape, src.shape
        return out

    @staticmethod
    def backward(ctx, g):
        gsrc = _src_grad(g, ctx.key, ctx.index_shape, ctx.src_shape) if ctx.needs_input_grad[3] else None
        return g, None, None, gsrc


class ScatterReduce(ArrayFunction):
    """``scatter(..., reduce='add'|'multiply')``: forward only; torch has no derivative for it either."""

    backward_name = "NotImplemented"

    @staticmethod
    def forward(ctx, x, dim, index, src, reduce):
        return _scattered(x, dim, index, src, np.add.at if reduce == "add" else np.multiply.at)[0]

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError("derivative for aten::scatter is not implemented")


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """Write ``src`` (a tensor) or ``value`` (a number) into a copy of input at ``index`` along ``dim``.

    Where index repeats a position, one of the writes wins (which one is unspecified, as in torch);
    ``reduce='add'`` / ``'multiply'`` combine them instead (no gradient, as in torch)."""
    if src is not None and not isinstance(src, Tensor):
        src, value = None, src  # scatter(input, dim, index, 1.5)
    if src is None and value is None:
        raise TypeError("scatter() received an invalid combination of arguments - expected (Tensor input, int dim, "
                        "Tensor index, Tensor src) or (Tensor input, int dim, Tensor index, Number value)")
    dim = _check_along("scatter", input, dim, index, src)
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        if src is not None:
            warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in "
                          "a future PyTorch release. Use torch.scatter_reduce instead for more reduction options.",
                          UserWarning, stacklevel=2)
        return ScatterReduce.apply(input, dim, index._data, value if src is None else src, reduce)
    if src is None:
        return ScatterValue.apply(input, dim, index._data, value)
    return Scatter.apply(input, dim, index._data, src)


def scatter_add(input, dim, index, src):
    """Add ``src`` into a copy of input at ``index`` along ``dim``; repeated positions add up."""
    dim = _check_along("scatter_add", input, dim, index, src)
    return ScatterAdd.apply(input, dim, index._data, src)


# -- along one dimension with a vector of indices: index_select, index_add ----------------------------------
def _check_vector_index(index, op):
    if index._data.ndim > 1:
        raise IndexError(f"{op}(): Index is supposed to be a vector")
    if index._data.dtype.kind not in "iu":
        raise RuntimeError(f"{op}(): Expected dtype int32 or int64 for index" if op == "index_select" else
                           f"{op}(): Expected dtype int32/int64 for index but got: {_type_word(index._data.dtype)}")
    return index._data.reshape(-1)


class IndexSelect(ArrayFunction):
    backward_name = "IndexSelectBackward0"

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.dim, ctx.index, ctx.shape = dim, index, x.shape
        out = np.take(_1d(x), index, axis=dim)
        return out if x.ndim else out.reshape(())

    @staticmethod
    def backward(ctx, g):
        gx = np.zeros(ctx.shape or (1,), dtype=g.dtype)
        np.add.at(gx, (slice(None),) * ctx.dim + (ctx.index,), _1d(g))  # repeats add up
        return gx.reshape(ctx.shape), None, None


def index_select(input, dim, index):
    """The slices of input at positions ``index`` (a vector) along ``dim``; repeats allowed."""
    dim = _wrap_dim(dim, max(input._data.ndim, 1))
    idx = _check_vector_index(index, "index_select")
    _check_bounds(idx, _1d(input._data).shape[dim], "index out of range in self", allow_negative=False)
    return IndexSelect.apply(input, dim, idx)


class IndexAdd(ArrayFunction):
    backward_name = "IndexAddBackward0"

    @staticmethod
    def forward(ctx, x, dim, index, source, alpha):
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha
        out = x.copy()
        np.add.at(out, (slice(None),) * dim + (index,), source * alpha if alpha != 1 else source)
        return out

    @staticmethod
    def backward(ctx, g):
        gsrc = None
        if ctx.needs_input_grad[3]:
            gsrc = np.take(g, ctx.index, axis=ctx.dim)
            gsrc = gsrc * ctx.alpha if ctx.alpha != 1 else gsrc
        return g, None, None, gsrc, None


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of input with ``alpha * source[.., i, ..]`` added at position ``index[i]`` along ``dim``."""
    dim = _wrap_dim(dim, input._data.ndim)
    idx = _check_vector_index(index, "index_add_")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"index_add_(): self ({_type_word(input._data.dtype)}) and source "
                           f"({_type_word(source._data.dtype)}) must have the same scalar type")
    n_src = source._data.shape[dim] if source._data.ndim else 1
    if idx.size != n_src:
        raise RuntimeError(f"index_add_(): Number of indices ({idx.size}) should be equal to source.size(dim): "
                           f"({n_src}), for dim: {dim}")
    xs, ss = input._data.shape, source._data.shape
    if len(ss) > 1 and (len(ss) != len(xs) or any(a != b for d, (a, b) in enumerate(zip(xs, ss))
                                                             if d != dim)):
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(xs)} source.shape = {list(ss)}")
    if len(xs) <= 1:  # torch words the 1-D case differently
        _check_bounds(idx, xs[dim] if xs else 1, "index out of range in self", allow_negative=False)
    else:
        _check_bounds(idx, xs[dim], "index {} is out of bounds for dimension " + f"{dim} with size {xs[dim]}",
                      error=RuntimeError, allow_negative=False)
    return IndexAdd.apply(input, dim, idx, source, alpha)


# -- by a mask or flat positions: masked_select, take, nonzero -------------------------------------------
class MaskedSelect(ArrayFunction):
    backward_name = "MaskedSelectBackward0"

    @staticmethod
    def forward(ctx, x, mask):
        xb, mb = np.broadcast_arrays(x, mask)
        ctx.mask = mb
        return xb[mb]

    @staticmethod
    def backward(ctx, g):
        gx = np.zeros(ctx.mask.shape, dtype=g.dtype)  # broadcast shape; the engine sums it to x's
        gx[ctx.mask] = g
        return gx, None


def masked_select(input, mask):
    """The elements of input where ``mask`` (bool, broadcastable with input) is True, as a 1-D tensor."""
    m = mask._data
    if m.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    _check_broadcast(m.shape, input._data.shape)
    return MaskedSelect.apply(input, m)


def _check_broadcast(sa, sb):
    """torch's message for shapes that don't broadcast, naming the dimension of the result."""
    n = max(len(sa), len(sb))
    for d in range(1, min(len(sa), len(sb)) + 1):
        if sa[-d] != sb[-d] and sa[-d] != 1 and sb[-d] != 1:
            raise RuntimeError(f"The size of tensor a ({sa[-d]}) must match the size of tensor b ({sb[-d]}) at "
                               f"non-singleton dimension {n - d}")


class Take(ArrayFunction):
    backward_name = "TakeBackward0"

    @staticmethod
    def forward(ctx, x, index):
        ctx.index, ctx.shape = index, x.shape
        return x.reshape(-1)[index]

    @staticmethod
    def backward(ctx, g):
        gx = np.zeros(int(np.prod(ctx.shape)), dtype=g.dtype)
        np.add.at(gx, ctx.index, g)
        return gx.reshape(ctx.shape), None


def take(input, index):
    """Input read as 1-D (row-major) at ``index``; the result has index's shape."""
    idx = index._data
    if idx.dtype != np.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {_type_word(idx.dtype)}")
    n = input._data.size
    _check_bounds(idx, n, "out of range: tried to access index {} on a tensor of " + f"{n} elements.")
    return Take.apply(input, idx)


def nonzero(input, *, as_tuple=False):
    """Indices of the non-zero elements: an int64 (n, ndim) tensor, or a tuple of ndim 1-D tensors."""
    x = input._data
    if as_tuple:
        return tuple(Tensor._wrap(i.astype(np.int64, copy=False)) for i in np.nonzero(_1d(x)))
    return Tensor._wrap(np.argwhere(x).astype(np.int64, copy=False))
