"""Shape ops: views (view, reshape, squeeze, transpose, permute, expand, narrow, select, split, ...),
joins (cat, stack) and the few that copy (repeat, flip, roll); then matrix structure (tril, triu,
diagonal, diag, diag_embed, trace, rot90), windows (Tensor.unfold) and the ops torch itself composes
from the ones above (repeat_interleave, meshgrid, cartesian_prod, combinations, column_stack, dstack,
tensor_split, diff).

Views. Most of these ops return a *view*, as in torch: a tensor over the same memory as its
input that also shares the input's version counter (``_vc``) and names the input's base
(``_base``). So writing through a view under ``no_grad`` changes the base, and an in-place
write to either bumps the version that backward checks. ``_view`` below is the one place that
links an op's output to its input; the op itself only says how to reshape the array.

Backward of a view is cheap: a reshape of the gradient (view, squeeze, flatten), the inverse
permutation (permute, transpose), or nothing at all (expand: the engine sums a broadcast
gradient back to the input's shape). Multi-output ops (split, chunk, unbind) are one node with
several outputs; the engine hands backward a zero gradient for the pieces that got none.
"""
import itertools
import math
import operator
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .. import _dtype
from .._creation import zeros_like
from .._size import Size
from .._tensor import Tensor, _wrap_dim
from ..autograd import grad_mode
from ..autograd.function import ArrayFunction
from . import elementwise as _ew
from . import indexing as _indexing

__all__ = ["reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "t", "transpose", "swapaxes", "swapdims",
           "permute", "movedim", "moveaxis", "broadcast_to", "broadcast_tensors", "broadcast_shapes",
           "cat", "concat", "concatenate", "stack", "hstack", "vstack", "split", "chunk", "unbind", "flip",
           "fliplr", "flipud", "ravel",
           "narrow", "select", "roll", "tile", "atleast_1d", "atleast_2d", "atleast_3d",
           # matrix structure and more joins/splits (Tensor.unfold has no torch-level function)
           "tril", "triu", "diagonal", "diag", "diag_embed", "trace", "repeat_interleave", "meshgrid",
           "cartesian_prod", "combinations", "block_diag", "column_stack", "dstack", "tensor_split", "rot90",
           "diff"]

_NOT_VIEWABLE = ("view size is not compatible with input tensor's size and stride (at least one dimension spans "
                 "across two contiguous subspaces). Use .reshape(...) instead.")


# -- the view machinery ---------------------------------------------------------------------------
class _Unrecorded:
    """The ctx a view op's forward writes into when no graph is recorded (the values are dropped)."""


_UNRECORDED = _Unrecorded()


def _view(fn, input, *args):
    """Apply the view op ``fn``: the result shares memory, the version counter and the base with input.

    With no graph to record, the op's forward runs directly on the array (no node is built).
    """
    if not (input._requires_grad and grad_mode._enabled):
        return input._make_view(fn.forward(_UNRECORDED, input._data, *args))
    return fn.apply(input, *args)._mark_view_of(input)


def _views(fn, input, *args):
    """``_view`` for an op with several outputs (split, unbind): every piece is a view of input."""
    if not (input._requires_grad and grad_mode._enabled):
        return tuple(input._make_view(a) for a in fn.forward(_UNRECORDED, input._data, *args))
    outs = fn.apply(input, *args)
    for out in outs:
        out._mark_view_of(input)
    return outs


# -- argument parsing -----------------------------------------------------------------------------
def _int(value, op, arg, pos):
    """``value`` as an int (Python int, NumPy integer or one-element integer tensor); TypeError otherwise."""
    if type(value) is int:
        return value
    if not isinstance(value, bool):
        try:
            return operator.index(value)
        except TypeError:
            pass
    raise TypeError(f"{op}(): argument '{arg}' (position {pos}) must be int, not {type(value).__name__}")


def _ints(values, op, arg="size"):
    """Sizes or dims given as varargs ``(2, 3)`` or as one sequence ``((2, 3),)``, ``([2, 3],)``, ``(Size,)``."""
    if len(values) == 1:
        if isinstance(values[0], (tuple, list)):
            values = values[0]
        elif not hasattr(values[0], "__index__"):
            raise TypeError(f"{op}(): argument '{arg}' (position 1) must be tuple of ints, not "
                            f"{type(values[0]).__name__}")
    for v in values:
        if type(v) is not int:
            break
    else:  # the common case: plain ints
        return tuple(values)
    out = []
    for i, v in enumerate(values):
        if type(v) is not int:
            if isinstance(v, bool) or not hasattr(v, "__index__"):
                raise TypeError(f"{op}(): argument '{arg}' (position 1) must be tuple of ints, but found element "
                                f"of type {type(v).__name__} at pos {i}")
            v = operator.index(v)
        out.append(v)
    return tuple(out)


def _int_seq(value, op, arg, pos):
    """A tuple of ints from an int or a sequence (for roll's shifts/dims, movedim's dims)."""
    if isinstance(value, (tuple, list)):
        return _ints((value,), op, arg)
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{op}(): argument '{arg}' (position {pos}) must be tuple of ints, not {type(value).__name__}")
    return (operator.index(value),)


def _wrap_dims(dims, ndim):
    """Normalize a sequence of dims; a dim given twice is torch's RuntimeError."""
    out = tuple(_wrap_dim(d, ndim) for d in dims)
    if len(set(out)) != len(out):
        seen = set()
        for d in out:
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.add(d)
    return out


def _infer_size(shape, numel):
    """Resolve one ``-1`` in ``shape`` for a tensor of ``numel`` elements, with torch's errors."""
    if math.prod(shape) == numel and (not shape or min(shape) >= 0):
        return shape  # nothing to infer, nothing wrong
    infer = None
    known = 1
    for i, s in enumerate(shape):
        if s == -1:
            if infer is not None:
                raise RuntimeError("only one dimension can be inferred")
            infer = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
        else:
            known *= s
    if infer is None:
        if known != numel:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return shape
    if numel == 0 and known == 0:
        raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {list(shape)} because the unspecified "
                           f"dimension size -1 can be any value and is ambiguous")
    if known == 0 or numel % known:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape[:infer] + (numel // known,) + shape[infer + 1:]


def _viewable(arr, shape):
    """Whether ``arr`` can take ``shape`` without copying (always so when it is C-contiguous)."""
    if arr.flags.c_contiguous:
        return True
    try:
        arr.reshape(shape, copy=False)
    except ValueError:
        return False
    return True


# -- reshaping views: view, reshape, flatten, unflatten, squeeze, unsqueeze --------------------------
class View(ArrayFunction):
    """A new shape over the same memory; backward reshapes the gradient back to the input's shape."""

    backward_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return x.reshape(shape)  # callers checked that no copy is needed (except UnsafeView's)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.in_shape), None


class ReshapeAlias(View):
    """``reshape`` of a non-contiguous tensor that can still be a view."""

    backward_name = "ReshapeAliasBackward0"


class UnsafeView(View):
    """``reshape`` that has to copy (a non-contiguous input whose strides don't fit the new shape)."""

    backward_name = "UnsafeViewBackward0"


class Squeeze(View):
    backward_name = "SqueezeBackward0"  # squeeze(): every size-1 dim


class SqueezeDim(View):
    backward_name = "SqueezeBackward1"  # squeeze(dim)


class SqueezeDims(View):
    backward_name = "SqueezeBackward2"  # squeeze((dim, ...))


class Unsqueeze(View):
    backward_name = "UnsqueezeBackward0"


def view(input, *shape):
    """``Tensor.view``: the same data with a new shape (one size may be -1); never copies."""
    try:
        sizes = _ints(shape, "view")
    except TypeError:
        got = ", ".join(type(s).__name__ for s in shape)
        raise TypeError(f"view() received an invalid combination of arguments - got ({got}), but expected one "
                        f"of:\n * (torch.dtype dtype)\n * (tuple of ints size)\n") from None
    shape = _infer_size(sizes, input._data.size)
    if not _viewable(input._data, shape):
        raise RuntimeError(_NOT_VIEWABLE)
    return _view(View, input, shape)


def reshape(input, *sizes, shape=None):
    """A view when the strides allow it, else a copy: ``torch.reshape(x, (2, 3))``, ``x.reshape(2, 3)``."""
    shape = _infer_size(_ints(sizes if shape is None else (shape,), "reshape", "shape"), input._data.size)
    arr = input._data
    if arr.flags.c_contiguous:
        return _view(View, input, shape)
    if _viewable(arr, shape):
        return _view(ReshapeAlias, input, shape)
    return UnsafeView.apply(input, shape)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dims ``start_dim..end_dim`` into one; returns input itself when there is nothing to merge."""
    shape = input._data.shape
    if not shape:
        return reshape(input, (1,))
    start, end = _wrap_dim(start_dim, len(shape)), _wrap_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input
    n = 1
    for s in shape[start:end + 1]:
        n *= s
    return reshape(input, shape[:start] + (n,) + shape[end + 1:])


def unflatten(input, dim, sizes):
    """Split dim ``dim`` into ``sizes`` (one of which may be -1): always a view."""
    if not isinstance(sizes, (tuple, list)):
        raise TypeError(f"unflatten(): argument 'sizes' (position 2) must be tuple of ints, not "
                        f"{type(sizes).__name__}")
    sizes = _ints((sizes,), "unflatten", "sizes")
    shape = input._data.shape
    dim = _wrap_dim(dim, len(shape))
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    try:
        new = _infer_size(sizes, shape[dim])
    except RuntimeError as e:
        if not str(e).startswith("shape '"):
            raise RuntimeError(f"unflatten got an unexpected error:\n{e}") from None
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                           f"({shape[dim]}) in the input tensor") from None
    return _view(View, input, shape[:dim] + new + shape[dim + 1:])


def squeeze(input, dim=None):
    """Drop size-1 dims: all of them (dim=None), one, or a tuple of them (others are left alone)."""
    shape = input._data.shape
    if dim is None:
        return _view(Squeeze, input, tuple(s for s in shape if s != 1))
    if isinstance(dim, (tuple, list)):
        dims, fn = _wrap_dims(dim, len(shape)), SqueezeDims
    else:
        dims, fn = (_wrap_dim(dim, len(shape)),), SqueezeDim
    return _view(fn, input, tuple(s for i, s in enumerate(shape) if s != 1 or i not in dims))


def unsqueeze(input, dim):
    """Insert a size-1 dim at ``dim`` (which may be ``input.dim()``, or negative counted from the end)."""
    shape = input._data.shape
    dim = _wrap_dim(dim, len(shape) + 1)
    return _view(Unsqueeze, input, shape[:dim] + (1,) + shape[dim:])


# -- reordering views: t, transpose, permute, movedim ------------------------------------------------
class Transpose(ArrayFunction):
    """Swap two dims; backward swaps them back."""

    backward_name = "TransposeBackward0"

    @staticmethod
    def forward(ctx, x, dim0, dim1):
        ctx.dims = dim0, dim1
        return x.swapaxes(dim0, dim1) if x.ndim else x.view()  # a 0-d tensor's dims are both 0

    @staticmethod
    def backward(ctx, g):
        return (g.swapaxes(*ctx.dims) if g.ndim else g), None, None


class T(ArrayFunction):
    """``t()``: transpose a matrix; a 0-d or 1-D tensor comes back as it is (still a view)."""

    backward_name = "TBackward0"

    @staticmethod
    def forward(ctx, x):
        return x.T

    @staticmethod
    def backward(ctx, g):
        return g.T


class Permute(ArrayFunction):
    """Reorder all dims; backward applies the inverse permutation."""

    backward_name = "PermuteBackward0"

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return x.transpose(dims)

    @staticmethod
    def backward(ctx, g):
        inverse = [0] * len(ctx.dims)
        for i, d in enumerate(ctx.dims):
            inverse[d] = i
        return g.transpose(inverse), None


def t(input):
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")
    return _view(T, input)


def transpose(input, dim0, dim1):
    nd = input._data.ndim
    return _view(Transpose, input, _wrap_dim(dim0, nd), _wrap_dim(dim1, nd))


def swapaxes(input, axis0, axis1):
    """NumPy's name for ``transpose``."""
    return transpose(input, axis0, axis1)


def swapdims(input, dim0, dim1):
    """Alias of ``transpose``."""
    return transpose(input, dim0, dim1)


def permute(input, *order, dims=None):
    """Reorder the dims: ``x.permute(2, 0, 1)`` or ``torch.permute(x, (2, 0, 1))``."""
    dims = _ints(order if dims is None else (dims,), "permute", "dims")
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to "
                           f"len(dims) = {len(dims)}")
    dims = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _view(Permute, input, dims)


def movedim(input, source, destination):
    """Move dims ``source`` to positions ``destination``; the others keep their order (a permute)."""
    src = _int_seq(source, "movedim", "source", 2)
    dst = _int_seq(destination, "movedim", "destination", 3)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} dims) should contain "
                           f"the same number of dims as destination ({list(dst)} dims)")
    nd = input._data.ndim
    for name, given in (("source", src), ("destination", dst)):
        if len({_wrap_dim(d, nd) for d in given}) != len(given):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({list(given)})")
    src = [_wrap_dim(d, nd) for d in src]
    dst = [_wrap_dim(d, nd) for d in dst]
    order = [None] * nd
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(d for d in range(nd) if d not in src)
    return permute(input, tuple(o if o is not None else next(rest) for o in order))


moveaxis = movedim


# -- broadcasting views: expand, broadcast_to, broadcast_tensors --------------------------------------
class Expand(ArrayFunction):
    """Repeat size-1 dims (and add leading dims) without copying; backward returns the gradient as is,
    and the engine sums it back to the input's shape."""

    backward_name = "ExpandBackward0"

    @staticmethod
    def forward(ctx, x, shape):
        lifted = x.reshape((1,) * (len(shape) - x.ndim) + x.shape)
        if lifted.shape == shape:
            return lifted
        return _broadcast_view(lifted, shape)

    @staticmethod
    def backward(ctx, g):
        return g, None


def _broadcast_view(x, shape):
    """``x`` (same number of dims as ``shape``) broadcast to ``shape``: stride 0 along the repeated dims.

    Read-only, like NumPy's broadcast_to, because several elements share one memory location.
    For a contiguous ``x`` the array is built directly, which is about ten times cheaper.
    """
    if not x.flags.c_contiguous or not x.size:
        return np.broadcast_to(x, shape)
    strides = tuple(st if n == s else 0 for st, n, s in zip(x.strides, x.shape, shape))
    out = np.ndarray(shape, x.dtype, buffer=x, strides=strides)
    out.flags.writeable = False
    return out


def expand(input, *sizes):
    """``Tensor.expand``: a broadcast view; -1 keeps a dim's size."""
    sizes = _ints(sizes, "expand")
    shape = input._data.shape
    lead = len(sizes) - len(shape)
    if lead < 0:
        raise RuntimeError(f"expand({input.type()}{{{list(shape)}}}, size={list(sizes)}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the "
                           f"tensor ({len(shape)})")
    target = list(sizes)
    for i, s in enumerate(sizes):
        if i < lead:
            if s < 0:
                raise RuntimeError(f"The expanded size of the tensor ({s}) isn't allowed in a leading, "
                                   f"non-existing dimension {i}")
            continue
        have = shape[i - lead]
        if s == -1:
            target[i] = have
        elif s != have and (have != 1 or s < 0):
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({have}) at "
                               f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(shape)}")
    return _view(Expand, input, tuple(target))


def broadcast_to(input, size):
    return expand(input, size)


def broadcast_shapes(*shapes):
    """The shape that all ``shapes`` broadcast to, as a ``Size``."""
    result = []
    for i, shape in enumerate(shapes):
        shape = _int_seq(shape, "broadcast_shapes", "shapes", 1)
        if any(s < 0 for s in shape):
            raise ValueError("Attempting to broadcast a dimension with negative length!")
        if len(shape) > len(result):
            result = [1] * (len(shape) - len(result)) + result
        for k in range(1, len(shape) + 1):
            s, r = shape[-k], result[-k]
            if s != r and s != 1:
                if r != 1:
                    raise RuntimeError(f"Attempting to broadcast a dimension of length {s} at -{k}! Mismatching "
                                       f"argument at index {i} had {tuple(shape)}; but expected shape should be "
                                       f"broadcastable to {result}")
                result[-k] = s
    return Size(result)


def broadcast_tensors(*tensors):
    """Expand every tensor to the common broadcast shape (a tensor already of that shape is returned as is)."""
    shape = ()
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
        other = t._data.shape
        if other != shape:
            n = max(len(shape), len(other))
            a, b = (1,) * (n - len(shape)) + shape, (1,) * (n - len(other)) + other
            for i, (x, y) in enumerate(zip(a, b)):
                if x != y and x != 1 and y != 1:
                    raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                                       f"non-singleton dimension {i}")
            shape = tuple(y if x == 1 else x for x, y in zip(a, b))
    return tuple(t if t._data.shape == shape else expand(t, shape) for t in tensors)


# -- slicing views: narrow, select, split, chunk, unbind ------------------------------------------------
class Slice(ArrayFunction):
    """A basic-indexing view ``x[key]``; backward scatters the gradient into zeros of the input's shape."""

    backward_name = "SliceBackward0"

    @staticmethod
    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        return x[key]

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.in_shape, dtype=g.dtype)
        grad[ctx.key] = g
        return grad, None


class Select(Slice):
    backward_name = "SelectBackward0"


def narrow(input, dim, start, length):
    """``length`` elements of dim ``dim`` from ``start`` (negative counts from the end): a view."""
    shape = input._data.shape
    if not shape:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    dim = _wrap_dim(dim, len(shape))
    n = shape[dim]
    start, length = _int(start, "narrow", "start", 2), _int(length, "narrow", "length", 3)
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if not -n <= start <= n:
        raise IndexError(f"start out of range (expected to be in range of [{-n}, {n}], but got {start})")
    if start < 0:
        start += n
    if start + length > n:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    return _view(Slice, input, (slice(None),) * dim + (slice(start, start + length),))


def select(input, dim, index):
    """The slice at ``index`` along ``dim``, that dim removed: a view (``x.select(1, 0)`` is ``x[:, 0]``)."""
    shape = input._data.shape
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = _wrap_dim(dim, len(shape))
    index = _int(index, "select", "index", 2)
    if not -shape[dim] <= index < shape[dim]:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(shape)} at dimension {dim}")
    # the trailing Ellipsis keeps a 0-d result an array view (x[i] of a 1-D array is a NumPy scalar)
    return _view(Select, input, (slice(None),) * dim + (index % shape[dim], Ellipsis))


class Split(ArrayFunction):
    """Consecutive pieces of the given sizes along ``dim``; backward concatenates their gradients."""

    backward_name = "SplitBackward0"

    @staticmethod
    def forward(ctx, x, dim, sizes):
        ctx.dim = dim
        lead = (slice(None),) * dim
        pieces, start = [], 0
        for s in sizes:
            pieces.append(x[lead + (slice(start, start + s),)])
            start += s
        return tuple(pieces)

    @staticmethod
    def backward(ctx, *grads):
        return np.concatenate(grads, axis=ctx.dim), None, None


class SplitWithSizes(Split):
    backward_name = "SplitWithSizesBackward0"


class Unbind(ArrayFunction):
    """Every index along ``dim`` as its own tensor; backward stacks the gradients."""

    backward_name = "UnbindBackward0"

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        lead = (slice(None),) * dim
        return tuple(x[lead + (i, Ellipsis)] for i in range(x.shape[dim]))

    @staticmethod
    def backward(ctx, *grads):
        return np.stack(grads, axis=ctx.dim), None


def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the listed sizes."""
    shape = tensor._data.shape
    if not shape:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = _wrap_dim(dim, len(shape))
    n = shape[dim]
    if isinstance(split_size_or_sections, (tuple, list)):
        sizes = _ints((split_size_or_sections,), "split_with_sizes", "split_sizes")
        if any(s < 0 for s in sizes):
            raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                               f"split_sizes={list(sizes)}")
        if sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at "
                               f"dimension {dim}), but got split_sizes={list(sizes)}")
        return _views(SplitWithSizes, tensor, dim, sizes)
    # like torch.split: anything that is not an int is taken for a list of sizes
    (size,) = _int_seq(split_size_or_sections, "split_with_sizes", "split_sizes", 2)
    if size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={size}")
    if size == 0 and n != 0:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
    count = max(1, -(-n // size)) if size else 1
    return _views(Split, tensor, dim, tuple(min(size, n - i * size) for i in range(count)))


def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of ``ceil(n / chunks)`` (so possibly fewer pieces, as in torch)."""
    shape = input._data.shape
    if not shape:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    chunks = _int(chunks, "chunk", "chunks", 1)
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    dim = _wrap_dim(dim, len(shape))
    n = shape[dim]
    if n == 0:  # ceil(0 / chunks) is 0: torch then gives `chunks` empty pieces
        return _views(SplitWithSizes, input, dim, (0,) * chunks)
    return split(input, -(-n // chunks), dim)


def unbind(input, dim=0):
    shape = input._data.shape
    if not shape:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    return _views(Unbind, input, _wrap_dim(dim, len(shape)))


# -- joins: cat, stack, hstack, vstack ----------------------------------------------------------------
def _tensor_list(tensors, op):
    """Check that ``tensors`` is a list or tuple of Tensors, with torch's TypeErrors."""
    if not isinstance(tensors, (tuple, list)):
        raise TypeError(f"{op}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return tensors


def _promoted(tensors):
    """The NumPy dtype of a join's result: torch's promotion over all the inputs."""
    dt = tensors[0]._data.dtype
    for t in tensors[1:]:
        if t._data.dtype != dt:
            dt = _dtype.promote_types(_dtype.from_numpy_dtype(dt), t.dtype).np
    return dt


def _skipped(arr):
    """torch's legacy rule: a 1-D empty tensor (shape ``(0,)``) is left out of a cat, whatever its dims."""
    return arr.shape == (0,)


class Cat(ArrayFunction):
    """Join along an existing dim; backward slices the gradient back into the inputs' pieces."""

    backward_name = "CatBackward0"

    @staticmethod
    def forward(ctx, dim, dtype, *arrays):
        kept = [a for a in arrays if not _skipped(a)]
        ctx.dim = dim
        ctx.sizes = [None if _skipped(a) else a.shape[dim] for a in arrays]
        if not kept:
            return np.empty((0,), dtype=dtype)
        if all(a.dtype == dtype for a in kept):
            return np.concatenate(kept, axis=dim)
        return np.concatenate(kept, axis=dim, dtype=dtype, casting="unsafe")

    @staticmethod
    def backward(ctx, g):
        lead = (slice(None),) * ctx.dim
        grads, start = [], 0
        for size, needed in zip(ctx.sizes, ctx.needs_input_grad[2:]):
            if size is None:  # a skipped (0,) input: its gradient is empty too
                grads.append(np.zeros((0,), dtype=g.dtype) if needed else None)
                continue
            grads.append(g[lead + (slice(start, start + size),)] if needed else None)
            start += size
        return (None, None, *grads)


def cat(tensors, dim=0):
    """Join tensors along dim ``dim``; every other dim must match. Dtypes promote as in torch."""
    tensors = _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not t._data.ndim:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    ref = next((t._data.shape for t in tensors if not _skipped(t._data)), None)
    if ref is not None:
        dim = _wrap_dim(dim, len(ref))
        for i, t in enumerate(tensors):
            shape = t._data.shape
            if shape == ref or _skipped(t._data):
                continue
            if len(shape) != len(ref):
                raise RuntimeError(f"Tensors must have same number of dimensions: got {len(ref)} and {len(shape)}")
            for k, (want, got) in enumerate(zip(ref, shape)):
                if k != dim and want != got:
                    raise RuntimeError(f"Sizes of tensors must match except in dimension {dim}. Expected size {want} "
                                       f"but got size {got} for tensor number {i} in the list.")
    else:
        dim = 0
    return Cat.apply(dim, _promoted(tensors), *tensors)


concat = cat


def concatenate(tensors, axis=0):
    """NumPy's name for ``cat``."""
    return cat(tensors, axis)


class Stack(ArrayFunction):
    """Join along a new dim; backward takes each input's slice of the gradient."""

    backward_name = "StackBackward0"

    @staticmethod
    def forward(ctx, dim, dtype, *arrays):
        ctx.dim = dim
        if all(a.dtype == dtype for a in arrays):
            return np.stack(arrays, axis=dim)
        return np.stack(arrays, axis=dim, dtype=dtype, casting="unsafe")

    @staticmethod
    def backward(ctx, g):
        lead = (slice(None),) * ctx.dim
        return (None, None, *(g[lead + (i, Ellipsis)] if needed else None
                              for i, needed in enumerate(ctx.needs_input_grad[2:])))


def stack(tensors, dim=0):
    """Join equal-shaped tensors along a new dim ``dim``."""
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    dim = _wrap_dim(dim, len(shape) + 1)
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shape)} at entry 0 and "
                               f"{list(t._data.shape)} at entry {i}")
    return Stack.apply(dim, _promoted(tensors), *tensors)


def hstack(tensors):
    """Join horizontally: along dim 0 for 1-D tensors, else dim 1 (0-d tensors count as 1-D)."""
    tensors = [atleast_1d(t) for t in _tensor_list(tensors, "hstack")]
    if not tensors:
        raise RuntimeError("hstack expects a non-empty TensorList")
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


def vstack(tensors):
    """Join vertically, along dim 0, after making every tensor at least 2-D (1-D ones become rows)."""
    tensors = [atleast_2d(t) for t in _tensor_list(tensors, "vstack")]
    if not tensors:
        raise RuntimeError("vstack expects a non-empty TensorList")
    return cat(tensors, 0)


def _each(fn, tensors):
    """Apply ``fn`` to one tensor, or to each of several (given as varargs or one sequence)."""
    if len(tensors) == 1 and isinstance(tensors[0], Tensor):
        return fn(tensors[0])
    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        tensors = tensors[0]
    return tuple(fn(t) for t in tensors)


def _at_least(nd):
    def one(t):
        have = t._data.ndim
        if have >= nd:
            return t
        if have == 0:
            return reshape(t, (1,) * nd)
        if nd == 2 or have == 2:  # 1-D -> (1, n); 2-D -> (m, n, 1)
            return unsqueeze(t, 0 if nd == 2 else -1)
        return unsqueeze(unsqueeze(t, 0), -1)  # 1-D -> (1, n, 1)
    return one


def atleast_1d(*tensors):
    """0-d tensors become shape (1,); others are returned as they are."""
    return _each(_at_least(1), tensors)


def atleast_2d(*tensors):
    """0-d tensors become (1, 1), 1-D ones (1, n); others are returned as they are."""
    return _each(_at_least(2), tensors)


def atleast_3d(*tensors):
    """0-d tensors become (1, 1, 1), 1-D (1, n, 1), 2-D (m, n, 1); others are returned as they are."""
    return _each(_at_least(3), tensors)


# -- ops that copy: repeat, tile, flip, roll -----------------------------------------------------------
class Repeat(ArrayFunction):
    """Tile the tensor ``repeats`` times along each dim; backward sums the copies."""

    backward_name = "RepeatBackward0"

    @staticmethod
    def forward(ctx, x, repeats):
        ctx.in_shape, ctx.repeats = x.shape, repeats
        return np.tile(x, repeats)

    @staticmethod
    def backward(ctx, g):
        padded = (1,) * (len(ctx.repeats) - len(ctx.in_shape)) + ctx.in_shape
        # view the gradient as (r0, s0, r1, s1, ...) and sum over the repeat axes
        split = [n for pair in zip(ctx.repeats, padded) for n in pair]
        return g.reshape(split).sum(axis=tuple(range(0, len(split), 2))).reshape(ctx.in_shape), None


def repeat(input, *sizes):
    """``Tensor.repeat``: copy the tensor ``sizes[i]`` times along dim i (extra leading sizes add dims)."""
    sizes = _ints(sizes, "repeat", "repeats")
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    out = [r * s for r, s in zip(sizes, (1,) * (len(sizes) - len(shape)) + shape)]
    if any(r < 0 for r in sizes):
        bad = next((s for s in out if s < 0), min(sizes))
        raise RuntimeError(f"Trying to create tensor with negative dimension {bad}: {out}")
    return Repeat.apply(input, sizes)


def tile(input, dims):
    """Like ``repeat``, but fewer ``dims`` than the tensor has dims are padded with leading 1s."""
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"tile(): argument 'dims' (position 2) must be tuple of ints, not {type(dims).__name__}")
    dims = _ints((dims,), "tile", "dims")
    return repeat(input, (1,) * (input._data.ndim - len(dims)) + dims)


class Flip(ArrayFunction):
    """Reverse the order along ``dims``: a copy (unlike NumPy's flip, which is a view)."""

    backward_name = "FlipBackward0"

    @staticmethod
    def forward(ctx, x, dims):
        ctx.key = tuple(slice(None, None, -1) if i in dims else slice(None) for i in range(x.ndim))
        return x[ctx.key].copy()

    @staticmethod
    def backward(ctx, g):
        return g[ctx.key], None


def flip(input, *order, dims=None):
    """``x.flip(0, 1)`` or ``torch.flip(x, (0, 1))``."""
    dims = _ints(order if dims is None else (dims,), "flip", "dims")
    return Flip.apply(input, _wrap_dims(dims, input._data.ndim))


def fliplr(input):
    """Reverse the columns (dim 1) of an input of at least 2 dims."""
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def flipud(input):
    """Reverse the rows (dim 0) of an input of at least 1 dim."""
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


def ravel(input):
    """The elements as one dim, in row-major order (a view when the input is contiguous)."""
    return input.contiguous().view(-1)


class Roll(ArrayFunction):
    """Shift elements cyclically along ``dims`` (or over the flattened tensor); backward rolls back."""

    backward_name = "RollBackward0"

    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return np.roll(x, shifts, axis=dims)

    @staticmethod
    def backward(ctx, g):
        return np.roll(g, tuple(-s for s in ctx.shifts), axis=ctx.dims), None, None


def roll(input, shifts, dims=None):
    """Shift cyclically along ``dims``; with no dims, over the flattened tensor (shape kept)."""
    shifts = _int_seq(shifts, "roll", "shifts", 2)
    dims = () if dims is None else _int_seq(dims, "roll", "dims", 3)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if not dims:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return Roll.apply(input, shifts, None)
    if not input._data.ndim:
        raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    return Roll.apply(input, shifts, tuple(_wrap_dim(d, input._data.ndim) for d in dims))


# -- matrix structure: tril, triu, diagonal, diag, diag_embed, trace, rot90 ------------------------------
def _matrices(input, op):
    """``input`` if it is a matrix or a batch of them (tril and triu work on the last two dims)."""
    if input._data.ndim < 2:
        raise RuntimeError(f"{op}: input tensor must have at least 2 dimensions")
    return input


class Tril(ArrayFunction):
    """Keep the elements on and below the ``diagonal``-th diagonal, zero the rest; backward masks the
    gradient the same way (a mask is its own adjoint)."""

    backward_name = "TrilBackward0"
    keep = staticmethod(np.tril)

    @classmethod
    def forward(cls, ctx, x, diagonal):
        ctx.diagonal = diagonal
        return cls.keep(x, diagonal)

    @classmethod
    def backward(cls, ctx, g):
        return cls.keep(g, ctx.diagonal), None


class Triu(Tril):
    """Keep the elements on and above the ``diagonal``-th diagonal, zero the rest; backward likewise."""

    backward_name = "TriuBackward0"
    keep = staticmethod(np.triu)


def tril(input, diagonal=0):
    """The lower triangle of each matrix (last two dims); ``diagonal`` > 0 keeps that many more above."""
    diagonal = _int(diagonal, "tril", "diagonal", 2)
    return Tril.apply(_matrices(input, "tril"), diagonal)


def triu(input, diagonal=0):
    """The upper triangle of each matrix (last two dims); ``diagonal`` > 0 drops that many more."""
    diagonal = _int(diagonal, "triu", "diagonal", 2)
    return Triu.apply(_matrices(input, "triu"), diagonal)


def _diagonal_view(arr, offset, dim1, dim2):
    """The ``offset``-th diagonal of ``arr`` over dims ``dim1`` and ``dim2`` (offset > 0: above the main
    one, < 0: below), as a view: the remaining dims in order, then the diagonal as the last dim.

    Built from strides (one step along the diagonal is one step along both dims), because NumPy's own
    ``np.diagonal`` view is read-only and torch's diagonal can be written through.
    """
    corner = [slice(None)] * arr.ndim  # first move the diagonal's start to the corner
    if offset >= 0:
        corner[dim2] = slice(offset, None)
    else:
        corner[dim1] = slice(-offset, None)
    a = arr[tuple(corner)]
    rest = [d for d in range(arr.ndim) if d != dim1 and d != dim2]
    shape = tuple(a.shape[d] for d in rest) + (min(a.shape[dim1], a.shape[dim2]),)
    strides = tuple(a.strides[d] for d in rest) + (a.strides[dim1] + a.strides[dim2],)
    return as_strided(a, shape, strides)


class Diagonal(ArrayFunction):
    """A diagonal as a view; backward writes the gradient onto the same diagonal of zeros."""

    backward_name = "DiagonalBackward0"

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        ctx.in_shape, ctx.where = x.shape, (offset, dim1, dim2)
        return _diagonal_view(x, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.in_shape, dtype=g.dtype)
        _diagonal_view(grad, *ctx.where)[...] = g
        return grad, None, None, None


class DiagonalCopy(Diagonal):
    """``diag`` of a matrix: the diagonal copied out (torch's ``diagonal_copy``), not a view."""

    backward_name = "DiagonalBackward0_copy"

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        return Diagonal.forward(ctx, x, offset, dim1, dim2).copy()


class DiagEmbed(ArrayFunction):
    """Put the last dim of the input on a diagonal of zero matrices spanning output dims ``dim1``,
    ``dim2`` (the other input dims fill the remaining output dims in order); backward reads that
    diagonal of the gradient back."""

    backward_name = "DiagEmbedBackward0"

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        ctx.where = offset, dim1, dim2
        side = x.shape[-1] + abs(offset)
        others = iter(x.shape[:-1])
        out = np.zeros(tuple(side if d in (dim1, dim2) else next(others) for d in range(x.ndim + 1)), x.dtype)
        _diagonal_view(out, offset, dim1, dim2)[...] = x
        return out

    @staticmethod
    def backward(ctx, g):
        return _diagonal_view(g, *ctx.where), None, None, None


def _diagonal_dims(dim1, dim2, ndim):
    d1, d2 = _wrap_dim(dim1, ndim), _wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The ``offset``-th diagonal over dims ``dim1``, ``dim2``, as a view: those dims are removed and the
    diagonal becomes the last dim. An offset past the edge gives an empty diagonal."""
    offset = _int(offset, "diagonal", "offset", 2)
    return _view(Diagonal, input, offset, *_diagonal_dims(dim1, dim2, input._data.ndim))


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Batched ``diag`` of vectors: matrices with the input's last dim on their ``offset``-th diagonal."""
    offset = _int(offset, "diag_embed", "offset", 2)
    return DiagEmbed.apply(input, offset, *_diagonal_dims(dim1, dim2, input._data.ndim + 1))


def diag(input, diagonal=0):
    """A vector becomes a square matrix with it on the ``diagonal``-th diagonal; a matrix gives a copy
    of its ``diagonal``-th diagonal."""
    diagonal = _int(diagonal, "diag", "diagonal", 2)
    nd = input._data.ndim
    if nd == 1:
        return DiagEmbed.apply(input, diagonal, 0, 1)
    if nd == 2:
        return DiagonalCopy.apply(input, diagonal, 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")


class Trace(ArrayFunction):
    """Sum of a matrix's main diagonal (integers sum as int64); backward puts the gradient on that diagonal."""

    backward_name = "TraceBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.in_shape = x.shape
        return np.asarray(x.trace(dtype=np.int64 if x.dtype.kind in "iu" else x.dtype))

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.in_shape, dtype=g.dtype)
        np.fill_diagonal(grad, g)
        return grad


def trace(input):
    nd = input._data.ndim
    if nd != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {nd}")
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return Trace.apply(input)


def _rot90_array(x, k, dim0, dim1):
    """``x`` turned ``k`` quarter turns in the (dim0, dim1) plane, from dim0 towards dim1.

    One turn is a flip of dim1 then a transpose; three turns a flip of dim0 then a transpose; two
    turns flip both. The memory layout follows torch's: the flip is copied in the input's memory
    order, and an odd turn is a transposed (non-contiguous) view of that copy.
    """
    k %= 4
    if k == 0:
        return x.copy()
    if k == 2:
        return np.flip(x, (dim0, dim1)).copy(order="K")
    return np.flip(x, dim1 if k == 1 else dim0).copy(order="K").swapaxes(dim0, dim1)


class Rot90(ArrayFunction):
    """Rotate by ``k`` quarter turns; backward rotates the gradient back by ``-k``."""

    backward_name = "Rot90Backward0"

    @staticmethod
    def forward(ctx, x, k, dims):
        ctx.k, ctx.dims = k, dims
        return _rot90_array(x, k, *dims)

    @staticmethod
    def backward(ctx, g):
        return _rot90_array(g, -ctx.k, *ctx.dims), None, None


def rot90(input, k=1, dims=(0, 1)):
    """Rotate by ``k`` quarter turns in the plane of ``dims``, from the first dim towards the second
    (``k`` < 0 turns the other way); a copy."""
    k = _int(k, "rot90", "k", 2)
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"rot90(): argument 'dims' (position 3) must be tuple of ints, not {type(dims).__name__}")
    dims = _ints((dims,), "rot90", "dims")
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    nd = input._data.ndim
    if nd < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    d0, d1 = _wrap_dim(dims[0], nd), _wrap_dim(dims[1], nd)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    return Rot90.apply(input, k, (d0, d1))


# -- sliding windows: Tensor.unfold ----------------------------------------------------------------
def _windows(a, dim, size, step):
    """Windows of ``size`` elements, ``step`` apart, along ``dim`` of ``a``, as a strided view: the window
    index takes ``dim``'s place and the position inside a window is a new last dim."""
    count = (a.shape[dim] - size) // step + 1
    shape = a.shape[:dim] + (count,) + a.shape[dim + 1:] + (size,)
    strides = a.strides[:dim] + (a.strides[dim] * step,) + a.strides[dim + 1:] + (a.strides[dim],)
    return as_strided(a, shape, strides)


class Unfold(ArrayFunction):
    """Sliding windows as a view. Backward adds each window's gradient back where the window came
    from (windows overlap when step < size): for each position k inside a window, the elements at
    k, k + step, k + 2 step, ... of ``dim`` receive that position's gradients."""

    backward_name = "UnfoldBackward0"

    @staticmethod
    def forward(ctx, x, dim, size, step):
        ctx.in_shape, ctx.window = x.shape, (dim, size, step)
        if x.ndim == 0:  # a 0-d tensor unfolds as one element, and the window index is dropped
            return _windows(x.reshape(1), 0, size, step).reshape(size)
        return _windows(x, dim, size, step)

    @staticmethod
    def backward(ctx, g):
        dim, size, step = ctx.window
        shape = ctx.in_shape or (1,)
        if not ctx.in_shape:
            g = g.reshape(1, size)
        grad = np.zeros(shape, dtype=g.dtype)
        count, lead = g.shape[dim], (slice(None),) * dim
        for k in range(size):
            grad[lead + (slice(k, k + step * (count - 1) + 1, step),)] += g[..., k]
        return grad.reshape(ctx.in_shape), None, None, None


def unfold(input, dimension, size, step):
    """``Tensor.unfold``: every window of ``size`` elements along ``dimension``, ``step`` apart, as a view
    with one more dim (the positions within a window, last). torch has no ``torch.unfold`` function."""
    dimension = _int(dimension, "unfold", "dimension", 1)
    size, step = _int(size, "unfold", "size", 2), _int(step, "unfold", "step", 3)
    shape = input._data.shape
    dim = _wrap_dim(dimension, len(shape))
    n = shape[dim] if shape else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {dim} is {n} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return _view(Unfold, input, dim, size, step)


# -- block_diag: one node, like torch's BlockDiagBackward0 ------------------------------------------------
class BlockDiag(ArrayFunction):
    """Place the matrices along the diagonal of one zero matrix; backward cuts each one's block out of
    the gradient."""

    backward_name = "BlockDiagBackward0"

    @staticmethod
    def forward(ctx, dtype, *arrays):
        blocks = [a.reshape((1,) * (2 - a.ndim) + a.shape) for a in arrays]  # 0-d -> (1, 1), 1-D -> (1, n)
        out = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)), dtype=dtype)
        ctx.spans, row, col = [], 0, 0
        for a, b in zip(arrays, blocks):
            h, w = b.shape
            out[row:row + h, col:col + w] = b
            ctx.spans.append((slice(row, row + h), slice(col, col + w), a.shape))
            row, col = row + h, col + w
        return out

    @staticmethod
    def backward(ctx, g):
        return (None, *(g[rows, cols].reshape(shape) if needed else None
                        for (rows, cols, shape), needed in zip(ctx.spans, ctx.needs_input_grad[1:])))


def block_diag(*tensors):
    """A block-diagonal matrix of the given tensors (0-d ones count as 1x1, 1-D ones as a row)."""
    tensors = _tensor_list(tensors, "block_diag")
    for i, t in enumerate(tensors):
        if t._data.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{t._data.ndim} dimensions")
    if not tensors:  # torch's answer: a 1x0 matrix of the default dtype
        return Tensor._wrap(np.zeros((1, 0), dtype=_dtype.get_default_dtype().np))
    return BlockDiag.apply(_promoted(tensors), *tensors)


# -- compositions: ops torch builds from the ones above (so their graphs and grad_fn names match) ---------
def column_stack(tensors):
    """Join along dim 1, after making each 0-d or 1-D tensor a column."""
    tensors = _tensor_list(tensors, "column_stack")
    if not tensors:
        raise RuntimeError("column_stack expects a non-empty TensorList")
    return cat([reshape(t, (t._data.size, 1)) if t._data.ndim <= 1 else t for t in tensors], 1)


def dstack(tensors):
    """Join along dim 2 ("depth"), after making every tensor at least 3-D."""
    tensors = [atleast_3d(t) for t in _tensor_list(tensors, "dstack")]
    if not tensors:
        raise RuntimeError("dstack expects a non-empty TensorList")
    return cat(tensors, 2)


def _tensor_split_spec(spec):
    """A ``tensor_split`` tensor argument as what it stands for: a 0-d tensor is a number of sections,
    a 1-D one a list of indices."""
    arr = spec._data
    if arr.dtype != np.int64:
        raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                           f"{_ew._type_word(arr.dtype)}")
    if arr.ndim > 1:
        raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                           f"one-dimensional tensor, but got a tensor with {arr.ndim} dims")
    return int(arr) if arr.ndim == 0 else [int(i) for i in arr]


def tensor_split(input, indices_or_sections=None, dim=0, *, sections=None, indices=None,
                 tensor_indices_or_sections=None):
    """Split along ``dim`` into views: into ``sections`` nearly equal pieces (the first ``n % sections``
    one longer), or at the given ``indices`` (``x[:i0], x[i0:i1], ..., x[ik:]``, as Python slices)."""
    spec = next((a for a in (indices_or_sections, sections, indices, tensor_indices_or_sections)
                 if a is not None), None)
    if isinstance(spec, Tensor):
        spec = _tensor_split_spec(spec)
    if not isinstance(spec, (tuple, list)) and (isinstance(spec, bool) or not hasattr(spec, "__index__")):
        got = "" if spec is None else f", {type(spec).__name__}"
        raise TypeError(f"tensor_split() received an invalid combination of arguments - got (Tensor{got}), but "
                        f"expected one of:\n * (Tensor input, tuple of ints indices, int dim = 0)\n * (Tensor input, "
                        f"Tensor tensor_indices_or_sections, int dim = 0)\n * (Tensor input, int sections, "
                        f"int dim = 0)\n")
    shape = input._data.shape
    if not shape:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    dim = _wrap_dim(dim, len(shape))
    if isinstance(spec, (tuple, list)):
        cuts = _ints((spec,), "tensor_split", "indices")
        pieces = [slice(a, b) for a, b in zip((0,) + cuts, cuts + (None,))]
    else:
        count = operator.index(spec)
        if count <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {count}")
        size, longer = divmod(shape[dim], count)
        starts = [i * size + min(i, longer) for i in range(count + 1)]
        pieces = [slice(a, b) for a, b in zip(starts, starts[1:])]
    lead = (slice(None),) * dim
    return tuple(_view(Slice, input, lead + (piece,)) for piece in pieces)


_REPEAT_INTERLEAVE_OVERLOADS = (
    " * (Tensor input, Tensor repeats, int dim = None, *, int output_size = None)\n"
    " * (Tensor repeats, *, int output_size = None)\n"
    " * (Tensor input, int repeats, int dim = None, *, int output_size = None)\n")


def _repeat_index(repeats, output_size):
    """``[0] * repeats[0] + [1] * repeats[1] + ...`` for a vector of counts (in the counts' dtype)."""
    if repeats.dtype not in (np.int32, np.int64):
        raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for '{_ew._type_word(repeats.dtype)}'")
    if (repeats < 0).any():
        raise RuntimeError("repeats can not be negative")
    if output_size is not None:
        if output_size < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {output_size}: [{output_size}]")
        if output_size != int(repeats.sum()):
            raise RuntimeError("allocated size does not match required size")
    return np.repeat(np.arange(repeats.size, dtype=repeats.dtype), repeats)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Repeat each element (each slice along ``dim``) ``repeats`` times in place, like ``np.repeat``;
    with no ``dim``, over the flattened tensor. ``repeats`` is an int or a tensor of counts, one per
    element (or one for all). ``repeat_interleave(counts)`` alone gives the indices 0, 0, 1, ... that
    such a repeat reads from.

    As in torch, an int repeat is unsqueeze -> expand -> clone -> view (so the result is a view of the
    clone), and a tensor of counts is an ``index_select``.
    """
    if repeats is None:
        counts = input._data
        if counts.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        return Tensor._wrap(_repeat_index(counts, output_size))
    if not isinstance(repeats, Tensor) and (isinstance(repeats, bool) or not hasattr(repeats, "__index__")):
        raise TypeError(f"repeat_interleave() received an invalid combination of arguments - got (Tensor, "
                        f"{type(repeats).__name__}), but expected one of:\n{_REPEAT_INTERLEAVE_OVERLOADS}")
    if dim is None:
        input, dim = flatten(input), 0
    if isinstance(repeats, Tensor):
        counts = repeats._data
        if counts.ndim > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        dim = _wrap_dim(dim, input._data.ndim)
        n = input._data.shape[dim] if input._data.ndim else 1
        if counts.size == 1:
            counts = np.broadcast_to(counts.reshape(1), (n,))
        elif counts.size != n:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{counts.size} and input.size({dim}) = {n}")
        return _indexing.index_select(input, dim, Tensor._wrap(_repeat_index(counts, output_size)))
    repeats = operator.index(repeats)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    dim = _wrap_dim(dim, input._data.ndim)
    spread = unsqueeze(input, dim + 1)  # a new dim to repeat along (a 0-d input has no dim + 1: IndexError)
    shape = list(spread._data.shape)
    total = shape[dim] * repeats
    if output_size is not None and output_size != total:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {total} but got {output_size}")
    shape[dim + 1] = repeats
    copies = _ew.clone(expand(spread, tuple(shape)))
    return reshape(copies, tuple(shape[:dim]) + (total,) + tuple(shape[dim + 2:]))


def meshgrid(*tensors, indexing=None):
    """Coordinate grids: for N vectors (0-d tensors count as length 1), N tensors of the shape
    ``(len0, len1, ...)``, the i-th varying along dim i (``indexing="ij"``); ``"xy"`` swaps the first
    two dims, as for Cartesian x/y. Each grid is a broadcast view of its vector."""
    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        tensors = tuple(tensors[0])
    tensors = _tensor_list(tensors, "meshgrid")
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: "
                               f"[ {t.type()}{{{','.join(map(str, t._data.shape))}}} ]")
        if t._data.dtype != tensors[0]._data.dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    axis = list(range(len(tensors)))  # which output dim each tensor varies along
    if indexing == "xy" and len(tensors) > 1:
        axis[0], axis[1] = 1, 0
    shape = [0] * len(tensors)
    for t, a in zip(tensors, axis):
        shape[a] = t._data.size
    grids = []
    for t, a in zip(tensors, axis):
        lifted = [1] * len(tensors)
        lifted[a] = t._data.size
        grids.append(expand(reshape(t, tuple(lifted)), tuple(shape)))
    return tuple(grids)


def _vectors(tensors):
    for t in tensors:
        if t._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._data.shape)}")


def cartesian_prod(*tensors):
    """Every combination of one element from each vector, as the rows of a matrix (like
    ``itertools.product``); a single vector is returned as it is."""
    tensors = _tensor_list(tensors, "cartesian_prod")
    _vectors(tensors)
    if len(tensors) == 1:
        return tensors[0]
    return stack([flatten(g) for g in meshgrid(*tensors, indexing="ij")], 1)


def combinations(input, r=2, with_replacement=False):
    """The length-``r`` combinations of a vector's elements as rows, in ``itertools.combinations`` order
    (``itertools.combinations_with_replacement`` with ``with_replacement=True``)."""
    r = _int(r, "combinations", "r", 2)
    _vectors((input,))
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return Tensor._wrap(np.empty((0,), dtype=input._data.dtype))
    choose = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.array(list(choose(range(input._data.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    columns = [_indexing.index_select(input, 0, Tensor._wrap(np.ascontiguousarray(index[:, i]))) for i in range(r)]
    return stack(columns, 1)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim`` (``x[1:] - x[:-1]``, n times; ``!=`` for bools),
    after joining ``prepend`` and ``append`` on either side. Each difference is a subtraction of two
    slices, so the graph is torch's: SubBackward0 over SliceBackward0s."""
    n = _int(n, "diff", "n", 2)
    nd = input._data.ndim
    if nd == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    dim = _wrap_dim(dim, nd)
    for name, extra in (("prepend", prepend), ("append", append)):
        if extra is None:
            continue
        if not isinstance(extra, Tensor):
            raise TypeError(f"diff(): argument '{name}' must be Tensor, not {type(extra).__name__}")
        if extra._data.ndim != nd:
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
        for d, (want, got) in enumerate(zip(input._data.shape, extra._data.shape)):
            if d != dim and want != got:
                raise RuntimeError(f"diff expects the shape of tensor to prepend or append to match that of input "
                                   f"except along the differencing dimension; input.size({d}) = {want}, but got "
                                   f"tensor.size({d}) = {got}")
    if n == 0:  # a copy of the input alone (torch leaves prepend/append out), made as torch makes it
        return _ew.copy_from(zeros_like(input), input)  # (zeros_like(x).copy_(x): CopyBackwards)
    if prepend is not None or append is not None:
        input = cat([t for t in (prepend, input, append) if t is not None], dim)
    out = input
    for _ in range(min(n, input._data.shape[dim])):  # an empty result stops the differencing
        length = out._data.shape[dim] - 1
        later, earlier = narrow(out, dim, 1, length), narrow(out, dim, 0, length)
        out = _ew.logical_xor(later, earlier) if out._data.dtype == np.bool_ else _ew.sub(later, earlier)
    return out
