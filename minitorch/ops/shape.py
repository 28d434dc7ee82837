"""Shape ops: views (view, reshape, squeeze, transpose, permute, expand, narrow, select, split, ...),
joins (cat, stack) and the few that copy (repeat, flip, roll).

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
import math
import operator

import numpy as np

from .. import _dtype
from .._size import Size
from .._tensor import Tensor, _wrap_dim
from ..autograd import grad_mode
from ..autograd.function import ArrayFunction

__all__ = ["reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "t", "transpose", "swapaxes", "swapdims",
           "permute", "movedim", "moveaxis", "broadcast_to", "broadcast_tensors", "broadcast_shapes",
           "cat", "concat", "concatenate", "stack", "hstack", "vstack", "split", "chunk", "unbind", "flip",
           "narrow", "select", "roll", "tile", "atleast_1d", "atleast_2d", "atleast_3d"]

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
