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


# -- more along a dimension: take_along_dim, index_fill, index_copy ------------------------------------
__all__ += ["take_along_dim", "index_fill", "index_copy", "unique", "unique_consecutive", "bincount", "histc",
            "searchsorted", "bucketize"]


class TakeAlongDim(ArrayFunction):
    """``gather`` after broadcasting input and indices against each other in every dim but ``dim``
    (torch records it as a gather); with ``dim=None`` both are read flat. The gradient is
    gathered's scatter-add, in the broadcast shape (the engine sums it back to input's)."""

    backward_name = "GatherBackward0"

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.x_shape, ctx.flat = x.shape, dim is None
        if ctx.flat:
            x, dim = x.reshape(-1), 0
        shape = list(index.shape)
        shape[dim] = x.shape[dim]
        xb = np.broadcast_to(x, shape)
        ctx.key, ctx.shape = _along(index, dim), xb.shape
        return xb[ctx.key]

    @staticmethod
    def backward(ctx, g):
        gx = np.zeros(ctx.shape, dtype=g.dtype)
        np.add.at(gx, ctx.key, g)
        return gx.reshape(ctx.x_shape) if ctx.flat else gx, None, None


def take_along_dim(input, indices, dim=None):
    """The values of input at ``indices`` along ``dim`` (``gather`` with broadcasting); with
    ``dim=None``, input and indices are read as 1-D, as ``take`` does."""
    x, idx = input._data, indices._data
    if idx.dtype != np.int64:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got {_type_word(idx.dtype)}")
    if dim is None:
        idx = idx.reshape(-1)
        _check_bounds(idx, x.size, "index {} is out of bounds for dimension 0 with size " + f"{x.size}",
                      error=RuntimeError, allow_negative=False)
        return TakeAlongDim.apply(input, None, idx)
    if x.ndim != idx.ndim:
        raise RuntimeError("torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {x.ndim} dimensions for input, and {idx.ndim} dimensions for indices")
    dim = _dim_of_array(dim, x.ndim)
    x_shape = list(x.shape)
    x_shape[dim] = idx.shape[dim]
    _check_broadcast(tuple(x_shape), idx.shape)
    shape = np.broadcast_shapes(tuple(x_shape), idx.shape)
    size = x.shape[dim]
    _check_bounds(idx, size, "index {} is out of bounds for dimension " + f"{dim} with size {size}",
                  error=RuntimeError)
    return TakeAlongDim.apply(input, dim, np.broadcast_to(idx, shape))


def _dim_of_array(dim, ndim):
    """``dim`` wrapped, for ops whose ``dim`` must name a real dimension (a 0-d tensor has none)."""
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _wrap_dim(dim, ndim)


def _at(dim, index):
    """The NumPy key of the slices at ``index`` along ``dim``."""
    return (slice(None),) * dim + (index,)


class IndexFill(ArrayFunction):
    """A copy of input with the slices at ``index`` along ``dim`` set to ``value`` (a number); those
    elements no longer depend on input, so its gradient is zero there."""

    backward_name = "IndexFillBackward0"

    @staticmethod
    def forward(ctx, x, dim, index, value):
        ctx.key = _at(dim, index)
        out = _1d(x).copy()
        out[ctx.key] = value
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        gx = _1d(g).copy()
        gx[ctx.key] = 0
        return gx.reshape(g.shape), None, None, None


class IndexFillTensor(IndexFill):
    """``index_fill`` with a 0-d tensor ``value``: value's gradient is the sum of the filled positions'."""

    backward_name = "IndexFillBackward1"

    @staticmethod
    def backward(ctx, g):
        gx = gv = None
        if ctx.needs_input_grad[0]:
            gx = IndexFill.backward(ctx, g)[0]
        if ctx.needs_input_grad[3]:  # each filled slice once, however often index names it
            dim, index = len(ctx.key) - 1, ctx.key[-1]
            gv = np.sum(_1d(g)[_at(dim, np.unique(index))])
        return gx, None, None, gv


def index_fill(input, dim, index, value):
    """A copy of input with every element in the slices ``index`` along ``dim`` set to ``value`` (a
    number or a 0-d tensor); negative indices count from the end."""
    if index._data.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if isinstance(value, Tensor) and value._data.ndim != 0:
        raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value._data.ndim} dimension(s).")
    if index._data.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    dim, idx = _wrap_dim(dim, max(input._data.ndim, 1)), index._data.reshape(-1)
    size = _1d(input._data).shape[dim]
    _check_bounds(idx, size, "index {} is out of bounds for dimension " + f"{dim} with size {size}")
    idx = np.where(idx < 0, idx + size, idx)  # so that -1 and size - 1 name the same slice
    if isinstance(value, Tensor):
        return IndexFillTensor.apply(input, dim, idx, value)
    return IndexFill.apply(input, dim, idx, value)


class IndexCopy(ArrayFunction):
    """A copy of input with ``source``'s slices written at positions ``index`` along ``dim``.
    input's gradient is zero at the overwritten slices; source's is the gradient read there."""

    backward_name = "IndexCopyBackward0"

    @staticmethod
    def forward(ctx, x, dim, index, source):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, source.shape
        out = _1d(x).copy()
        out[_at(dim, index)] = source if source.ndim else source.reshape(out[_at(dim, index)].shape)
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        gx = gsrc = None
        key = _at(ctx.dim, ctx.index)
        if ctx.needs_input_grad[0]:
            gx = _1d(g).copy()
            gx[key] = 0
            gx = gx.reshape(g.shape)
        if ctx.needs_input_grad[3]:
            gsrc = _1d(g)[key].reshape(ctx.src_shape)
        return gx, None, None, gsrc


def index_copy(input, dim, index, source):
    """A copy of input with ``source``'s slices copied to the positions ``index`` (a vector) along
    ``dim``: ``out[.., index[i], ..] = source[.., i, ..]``."""
    x, src, idx = input._data, source._data, index._data
    dim = _wrap_dim(dim, max(x.ndim, 1))
    if idx.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {idx.ndim})")
    if src.ndim == 0 and idx.size != 1:
        raise IndexError(f"index_copy_(): When source is scalar, index should have one element (got {idx.size})")
    if src.ndim != x.ndim and src.ndim and x.ndim:
        raise IndexError("index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({src.ndim}), destination dimensionality ({x.ndim})")
    if idx.dtype != np.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {_type_word(idx.dtype)}")
    if src.dtype != x.dtype:
        raise RuntimeError("index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{_type_word(x.dtype)} and (source) {_type_word(src.dtype)}")
    if src.ndim and idx.size != src.shape[dim]:
        raise IndexError(f"index_copy_(): Number of indices ({idx.size}) should be equal to source.size(dim) "
                         f"({src.shape[dim]})")
    x_slice = [n for d, n in enumerate(x.shape) if d != dim]
    src_slice = [n for d, n in enumerate(src.shape) if d != dim]
    if x.ndim and src.ndim and x_slice != src_slice:
        raise RuntimeError("index_copy_(): Source/destination tensor must have same slice shapes. Destination slice "
                           f"shape: {' '.join(map(str, x_slice))} at dimension {dim} and source slice shape: "
                           f"{' '.join(map(str, src_slice))} at dimension 0.")
    size = _1d(x).shape[dim]
    _check_bounds(idx.reshape(-1), size, "index_copy_(): index {} is out of bounds for dimension " +
                  f"{dim} with size {size}", allow_negative=False)
    return IndexCopy.apply(input, dim, idx.reshape(-1), source)


# -- counting: unique, unique_consecutive, bincount, histc ---------------------------------------------
def _unique_result(values, inverse, counts, return_inverse, return_counts):
    """``values`` alone, or the tuple torch returns: values, then inverse and counts if asked for."""
    out = [Tensor._wrap(values)]
    if return_inverse:
        out.append(Tensor._wrap(inverse.astype(np.int64, copy=False)))
    if return_counts:
        out.append(Tensor._wrap(counts.astype(np.int64, copy=False)))
    return out[0] if len(out) == 1 else tuple(out)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values of input (or its distinct slices along ``dim``), in ascending order;
    optionally where each element went (``inverse``) and how often each value occurs (``counts``).
    nan values are all distinct, as in torch. No gradient."""
    x = input._data
    if dim is None:
        values, inverse, counts = np.unique(x.reshape(-1), return_inverse=True, return_counts=True,
                                            equal_nan=False)
        return _unique_result(values, inverse.reshape(x.shape), counts, return_inverse, return_counts)
    dim = _dim_of_array(dim, x.ndim)
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True, axis=dim, equal_nan=False)
    return _unique_result(values, inverse.reshape(-1), counts, return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Input with each run of equal consecutive values (or slices along ``dim``) kept once, as
    ``uniq`` does; optionally ``inverse`` (each element's run) and ``counts`` (each run's length)."""
    x = input._data
    if dim is None:
        rows, shape = x.reshape(-1, 1), x.shape
    else:
        dim = _dim_of_array(dim, x.ndim)
        moved = np.moveaxis(x, dim, 0)
        rows, shape = moved.reshape(moved.shape[0], -1), (moved.shape[0],)
    new_run = np.ones(rows.shape[0], dtype=bool)
    new_run[1:] = np.any(rows[1:] != rows[:-1], axis=1)
    starts = np.flatnonzero(new_run)
    counts = np.diff(np.append(starts, rows.shape[0]))
    inverse = (np.cumsum(new_run) - 1).reshape(shape)
    values = x.reshape(-1)[starts] if dim is None else np.take(x, starts, axis=dim)
    return _unique_result(values, inverse, counts, return_inverse, return_counts)


def bincount(input, weights=None, minlength=0):
    """How often each value 0, 1, ... occurs in input (1-D, non-negative ints), or the sum of
    ``weights`` at each value's positions; at least ``minlength`` bins. No gradient."""
    x = input._data
    if x.dtype.kind not in "iu":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{_type_word(x.dtype)}'")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if x.ndim != 1 or (x.size and x.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return Tensor._wrap(np.bincount(x, minlength=minlength).astype(np.int64, copy=False))
    w = weights._data
    if w.ndim != 1 or w.shape[0] != x.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    dtype = w.dtype if w.dtype.kind == "f" else np.float64  # torch sums float weights in their own dtype
    return Tensor._wrap(np.bincount(x, weights=w, minlength=minlength).astype(dtype, copy=False))


def histc(input, bins=100, min=0, max=0):
    """A histogram of input: ``bins`` equal-width bins between ``min`` and ``max`` (the data's own
    range when both are equal), elements outside ignored. Same float dtype as input. No gradient."""
    x = input._data
    if x.dtype.kind != "f":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{_type_word(x.dtype)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    if min > max:
        raise RuntimeError("torch.histc: max must be larger than min")
    lo, hi = float(min), float(max)
    if lo == hi and x.size:
        lo, hi = float(x.min()), float(x.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{lo:g}, {hi:g}] is not finite")
    flat = x.reshape(-1)
    lo, hi = x.dtype.type(lo), x.dtype.type(hi)
    inside = flat[(flat >= lo) & (flat <= hi)]
    pos = ((inside - lo) * x.dtype.type(bins) / (hi - lo)).astype(np.int64)  # torch's arithmetic, in x's dtype
    pos[pos == bins] = bins - 1  # the right edge belongs to the last bin
    return Tensor._wrap(np.bincount(pos, minlength=bins).astype(x.dtype))


# -- searching sorted sequences: searchsorted, bucketize ------------------------------------------------
def _side(right, side):
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                               "while right was True")
        return side
    return "right" if right else "left"


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value of input, the index where it would be inserted into ``sorted_sequence`` (sorted
    along its last dim) to keep it sorted: before equal elements (``side='left'``) or after them
    (``right=True`` / ``side='right'``). An N-D sequence holds one sorted row per row of input."""
    seq = sorted_sequence._data
    side = _side(right, side)
    scalar = not isinstance(input, Tensor)
    values = np.asarray(input) if scalar else input._data
    if scalar and seq.ndim != 1:
        raise RuntimeError("torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
                           f"is 1, but we got boundaries tensor dim({seq.ndim}) and input value's dim(0) numel(1)")
    if seq.ndim != 1 and seq.shape[:-1] != values.shape[:-1]:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions "
                           "of boundaries tensor and input value tensor must match, but we got boundaries tensor "
                           f"{list(seq.shape)} and input value tensor {list(values.shape)}")
    if sorter is not None:
        order = sorter._data
        if order.dtype != np.int64:
            raise RuntimeError("torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                               f"{_type_word(order.dtype)}")
        if order.shape != seq.shape:
            raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(seq.shape)}and got sorter tensor {list(order.shape)}")
        seq = np.take_along_axis(seq, order, axis=-1)
    if seq.ndim == 1:
        out = np.searchsorted(seq, values, side=side)
    else:
        rows, vals = seq.reshape(-1, seq.shape[-1]), values.reshape(-1, values.shape[-1])
        out = np.stack([np.searchsorted(r, v, side=side) for r, v in zip(rows, vals)]).reshape(values.shape)
    return Tensor._wrap(np.asarray(out, dtype=np.int32 if out_int32 else np.int64))


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """For each value of input, the index of its bucket among the sorted 1-D ``boundaries``:
    ``boundaries[i-1] < x <= boundaries[i]`` (``right=False``) or ``boundaries[i-1] <= x < boundaries[i]``."""
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
