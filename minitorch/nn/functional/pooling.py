"""Pooling (``F.max_pool2d``, ``F.avg_pool2d``, ``F.adaptive_avg_pool2d``, ...): one graph node per
call, named like torch's, over the numba kernels in ``minitorch._kernels.pooling``.

Every 2-d pooling sees its input as a stack of planes: ``(N, C, H, W)`` (or unbatched
``(C, H, W)``) becomes ``(N * C, H, W)``, and the kernel slides its window over each plane.
The output size along one axis is torch's::

    out = floor((n + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1      (ceil_mode: ceil)

where ceil_mode drops a last window that would start past the input and its left padding.
Max pooling also returns, per output, the flat index ``h * W + w`` of the maximum in its input
plane; backward sends each output's gradient to that element, which is the *first* maximum of
the window, as in torch.

The 1-d forms are the 2-d ones on ``input.unsqueeze(-2)`` (a height of 1), squeezed back after,
which is also how torch builds them (their ``grad_fn`` is ``SqueezeBackward1``).

Every argument is checked, with torch's exception type and message, before a kernel runs.
"""
import math
import numbers

import numpy as np

from ..._kernels import pooling as _k
from ..._tensor import Tensor
from ...autograd.function import ArrayFunction
from ...ops import shape as _shape
from ...ops.elementwise import _type_word

__all__ = ["max_pool1d", "max_pool2d", "max_pool1d_with_indices", "max_pool2d_with_indices", "avg_pool1d",
           "avg_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d",
           "adaptive_max_pool2d", "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices",
           "max_unpool1d", "max_unpool2d"]


# -- the graph nodes -------------------------------------------------------------------------------------
def _planes(x):
    """The (..., H, W) array as C-contiguous planes (B, H, W), in a dtype the kernels compile for
    (float16 is computed in float32)."""
    if x.dtype == np.float16:
        x = x.astype(np.float32)
    return np.ascontiguousarray(x).reshape((math.prod(x.shape[:-2]),) + x.shape[-2:])


def _unplanes(planes, lead, dtype):
    return planes.reshape(lead + planes.shape[1:]).astype(dtype, copy=False)


class MaxPool2DWithIndices(ArrayFunction):
    """Max over each window: ``(values, indices)``; the gradient goes to the element each index names."""

    backward_name = "MaxPool2DWithIndicesBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, out_hw):
        values, idx = _k.max_pool2d(_planes(x), kernel, stride, padding, dilation, out_hw)
        lead = x.shape[:-2]
        idx = idx.reshape(lead + out_hw)
        ctx.save_for_backward(idx)
        ctx.in_shape = x.shape
        ctx.set_materialize_grads(False)  # the indices never get a gradient
        return _unplanes(values, lead, x.dtype), idx

    @staticmethod
    def backward(ctx, g, _):
        (idx,) = ctx.saved_tensors
        return _scatter_to_input(g, idx, ctx.in_shape), None, None, None, None, None


def _scatter_to_input(g, idx, in_shape):
    """Gradient of a max pooling: each output's gradient added to the input element it came from."""
    if g is None:
        return None
    planes = _planes(g)
    gin = _k.scatter_add_planes(planes, idx.reshape(planes.shape), in_shape[-2] * in_shape[-1])
    return gin.reshape(in_shape).astype(g.dtype, copy=False)


class AvgPool2D(ArrayFunction):
    """Mean over each window, with torch's divisor rules (see ``minitorch._kernels.pooling``)."""

    backward_name = "AvgPool2DBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, out_hw, count_include_pad, divisor):
        ctx.in_shape, ctx.config = x.shape, (kernel, stride, padding, count_include_pad, divisor)
        lead = x.shape[:-2]
        if x.dtype.kind in "iu":  # torch divides integer sums with truncation toward zero
            out = _k.avg_pool2d(_planes(x.astype(np.float64)), kernel, stride, padding, out_hw,
                                count_include_pad, divisor)
            return _unplanes(np.trunc(out), lead, x.dtype)
        out = _k.avg_pool2d(_planes(x), kernel, stride, padding, out_hw, count_include_pad, divisor)
        return _unplanes(out, lead, x.dtype)

    @staticmethod
    def backward(ctx, g):
        planes = _planes(g)
        H, W = ctx.in_shape[-2:]
        gin = _k.avg_pool2d_backward(planes, (planes.shape[0], H, W), *ctx.config)
        return gin.reshape(ctx.in_shape).astype(g.dtype, copy=False), None, None, None, None, None, None


class AdaptiveAvgPool2D(ArrayFunction):
    """Mean over each adaptive window (output ``i`` of ``O`` covers ``[i*n//O, ceil((i+1)*n/O))``)."""

    backward_name = "AdaptiveAvgPool2DBackward0"

    @staticmethod
    def forward(ctx, x, out_hw):
        ctx.in_shape = x.shape
        return _unplanes(_k.adaptive_avg_pool2d(_planes(x), out_hw), x.shape[:-2], x.dtype)

    @staticmethod
    def backward(ctx, g):
        _check_nonempty(g.shape, "adaptive_avg_pool2d_backward", 1, "grad_output")
        planes = _planes(g)
        gin = _k.adaptive_avg_pool2d_backward(planes, (planes.shape[0],) + ctx.in_shape[-2:])
        return gin.reshape(ctx.in_shape).astype(g.dtype, copy=False), None


class AdaptiveMaxPool2D(ArrayFunction):
    """Max over each adaptive window: ``(values, indices)``, as max pooling."""

    backward_name = "AdaptiveMaxPool2DBackward0"

    @staticmethod
    def forward(ctx, x, out_hw):
        values, idx = _k.adaptive_max_pool2d(_planes(x), out_hw)
        lead = x.shape[:-2]
        idx = idx.reshape(lead + out_hw)
        ctx.save_for_backward(idx)
        ctx.in_shape = x.shape
        ctx.set_materialize_grads(False)
        return _unplanes(values, lead, x.dtype), idx

    @staticmethod
    def backward(ctx, g, _):
        (idx,) = ctx.saved_tensors
        if g is not None:
            _check_nonempty(g.shape, "adaptive_max_pool2d_backward", 1, "grad_output")
        return _scatter_to_input(g, idx, ctx.in_shape), None


class MaxUnpool2D(ArrayFunction):
    """The inverse of max pooling: zeros of the output size with each value put at its index (flat
    in the output plane); backward reads each value's gradient back from there."""

    backward_name = "MaxUnpool2DBackward0"

    @staticmethod
    def forward(ctx, x, idx, out_hw):
        lead = x.shape[:-2]
        B, M, N = math.prod(lead), x.shape[-2] * x.shape[-1], out_hw[0] * out_hw[1]
        out = np.zeros((B, N), dtype=x.dtype)
        np.put_along_axis(out, idx.reshape(B, M), x.reshape(B, M), axis=1)
        ctx.save_for_backward(idx)
        ctx.sizes = B, M, N
        return out.reshape(lead + out_hw)

    @staticmethod
    def backward(ctx, g):
        (idx,) = ctx.saved_tensors
        B, M, N = ctx.sizes
        gin = np.take_along_axis(g.reshape(B, N), idx.reshape(B, M), axis=1)
        return gin.reshape(idx.shape), None, None


# -- argument checks, in torch's words -------------------------------------------------------------------
def _is_int(v):
    return isinstance(v, (numbers.Integral, np.integer)) or (isinstance(v, Tensor) and v.dim() == 0 and
                                                             v._data.dtype.kind in "iu")


def _int_list(value, op, arg, position):
    """An int or a sequence of ints as a tuple (torch's TypeError for anything else)."""
    if _is_int(value):
        return (int(value),)
    if isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            if not _is_int(v):
                raise TypeError(f"{op}(): argument '{arg}' failed to unpack the object at pos {i + 1} with error "
                                f"\"type must be tuple of ints,but got {type(v).__name__}\"")
        return tuple(int(v) for v in value)
    raise TypeError(f"{op}(): argument '{arg}' (position {position}) must be tuple of ints, not "
                    f"{type(value).__name__}")


_PAIR_RULES = {  # arg -> (position in the call, wording of torch's "how many" error)
    "kernel_size": (2, "kernel_size must either be a single int, or a tuple of two ints"),
    "stride": (3, "stride must either be omitted, a single int, or a tuple of two ints"),
    "padding": (4, "padding must either be a single int, or a tuple of two ints"),
    "dilation": (5, "dilation must be either a single int, or a tuple of two ints"),
}


def _pair(value, op, arg, default=None):
    """A 2-d pooling argument as (h, w): an int, or one or two of them; an omitted (None or empty)
    stride is ``default``."""
    if type(value) is int:  # the common case, first
        return value, value
    position, wording = _PAIR_RULES[arg]
    if value is None and default is not None:
        return default
    values = _int_list(value, op, arg, position)
    if not values and default is not None:
        return default
    if len(values) not in (1, 2):
        raise RuntimeError(f"{op}: {wording}")
    return values * 2 if len(values) == 1 else values


def _single(value, op, arg, position, default=None):
    """A 1-d pooling argument as one int (torch's check_1d error otherwise)."""
    if value is None and default is not None:
        return default
    values = _int_list(value, op, arg, position)
    if not values and default is not None:
        return default
    if len(values) != 1:
        raise RuntimeError(f"{op}() argument '{arg}' should contain one int (got {len(values)})")
    return values[0]


def _c_div(a, b):
    """C++ integer division (truncates toward zero), which torch's half-kernel check uses."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _output_size(n, k, s, p, d, ceil_mode):
    """Pooled length of ``n`` elements (torch's pooling_output_shape, with its checks)."""
    if s == 0:
        raise RuntimeError("stride should not be zero")
    if p < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    if p > _c_div((k - 1) * d + 1, 2):
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                           f"kernel_size={k} and dilation={d}")
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:  # the last window must start inside the input or its left pad
        out -= 1
    return out


def _check_pool2d_shape(shape, kernel, stride, padding, dilation, out_hw):
    """torch's pool2d_shape_check: positive kernel/stride/dilation, a non-empty input, a padding at
    most half the kernel, and an output of at least one element."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw), (oh, ow) = kernel, stride, padding, dilation, out_hw
    if kh <= 0 or kw <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kh} kW: {kw}")
    if sh <= 0 or sw <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {sh} dW: {sw}")
    if dh <= 0 or dw <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {dh} dilationW: {dw}")
    ndim = len(shape)
    if not ((ndim == 3 and 0 not in shape) or (ndim == 4 and 0 not in shape[1:])):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got:{list(shape)}")
    if kw // 2 < pw or kh // 2 < ph:
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got padW = {pw}, "
                           f"padH = {ph}, kW = {kw}, kH = {kh}")
    if oh < 1 or ow < 1:
        c, h, w = shape[-3:]
        raise RuntimeError(f"Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{oh}x{ow}). "
                           "Output size is too small")


def _check_dtype(input, op, allow_int=True):
    kind = input._data.dtype.kind
    if kind == "b" or (kind in "iu" and not allow_int) or kind not in "fiub":
        raise NotImplementedError(f"\"{op}\" not implemented for '{_type_word(input._data.dtype)}'")


def _size_arg(dim, ndim):
    """torch's IndexError for ``input.size(dim)`` out of range."""
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if not -ndim <= dim < ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], but got {dim})")


# -- max pooling -------------------------------------------------------------------------------------------
def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``(values, indices)`` of 2-d max pooling (see ``max_pool2d``)."""
    op = "max_pool2d"
    kernel = _pair(kernel_size, op, "kernel_size")
    stride = _pair(stride, op, "stride", default=kernel)
    padding = _pair(padding, op, "padding")
    dilation = _pair(dilation, op, "dilation")
    shape = input._data.shape
    if len(shape) not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    out_hw = tuple(_output_size(n, *a, ceil_mode) for n, *a in zip(shape[-2:], kernel, stride, padding, dilation))
    _check_pool2d_shape(shape, kernel, stride, padding, dilation, out_hw)
    _check_dtype(input, op)
    return MaxPool2DWithIndices.apply(input, kernel, stride, padding, dilation, out_hw)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """``F.max_pool2d``: the maximum of each ``kernel_size`` window of an (N, C, H, W) or (C, H, W)
    input, windows ``stride`` apart (default: ``kernel_size``) over the input padded by ``padding``
    (padded positions are never chosen), taking every ``dilation``-th element. With
    ``return_indices``, also each maximum's flat index into its H*W plane (int64)."""
    values, indices = max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    return (values, indices) if return_indices else values


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``(values, indices)`` of 1-d max pooling: 2-d max pooling of ``input.unsqueeze(-2)``."""
    op = "max_pool1d"
    _check_dims_1d(input, op, 2, 3)
    k = _single(kernel_size, op, "kernel_size", 2)
    s = _single(stride, op, "stride", 3, default=k)
    p = _single(padding, op, "padding", 4)
    d = _single(dilation, op, "dilation", 5)
    values, indices = max_pool2d_with_indices(_shape.unsqueeze(input, -2), (1, k), (1, s), (0, p), (1, d), ceil_mode)
    return _shape.squeeze(values, -2), _shape.squeeze(indices, -2)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """``F.max_pool1d``: max pooling of an (N, C, L) or (C, L) input (see ``max_pool2d``)."""
    if return_indices:
        return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    k, s, p, d = _check_max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)
    values, _ = max_pool2d_with_indices(_shape.unsqueeze(input, -2), (1, k), (1, s), (0, p), (1, d), ceil_mode)
    return _shape.squeeze(values, -2)


def _check_max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode):
    """The checks (and words) of torch's max_pool1d without indices, which differ from the 2-d ones."""
    op = "max_pool1d()"
    shape = input._data.shape
    if len(shape) not in (2, 3) or 0 in shape[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                           f"input, but got:{list(shape)}")

    def one(value, arg, position, wording):
        values = _int_list(value, "max_pool1d", arg, position)
        if len(values) != 1 and not (arg == "stride" and not values):
            raise RuntimeError(f"{op} {arg} must be {wording} of size 1 but got size {len(values)}")
        return values[0] if values else None

    k = one(kernel_size, "kernel_size", 2, "an int, list of ints or tuple of ints")
    s = one(stride, "stride", 3, "None, an int, list of ints, or tuple of ints") if stride is not None else None
    p = one(padding, "padding", 4, "an int, list of ints, or tuple of ints")
    d = one(dilation, "dilation", 5, "an int, list of ints or tuple of ints")
    s = k if s is None else s
    if k <= 0:
        raise RuntimeError(f"{op} kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise RuntimeError(f"{op} stride must be greater than zero, but got {s}")
    if p < 0:
        raise RuntimeError(f"{op} padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(f"{op} padding should be at most half of kernel size, but got padding={p} and "
                           f"kernel_size={k}")
    if d <= 0:
        raise RuntimeError(f"{op} dilation must be greater than zero, but got {d}")
    out = _output_size(shape[-1], k, s, p, d, ceil_mode)
    if out < 1:
        raise RuntimeError(f"{op} Invalid computed output size: {out}")
    _check_dtype(input, "max_pool1d_impl", allow_int=False)
    return k, s, p, d


def _check_dims_1d(input, op, low, high):
    ndim = input._data.ndim
    if not low <= ndim <= high:
        raise RuntimeError(f"Expected {low} to {high} dimensions, but got {ndim}-dimensional tensor for argument #1 "
                           f"'self' (while checking arguments for {op})")


# -- average pooling -------------------------------------------------------------------------------------
def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """``F.avg_pool2d``: the mean of each window. The divisor is ``divisor_override`` if given, else
    the window's size clipped to the padded input (``count_include_pad=True``: padding counts, a
    ceil_mode window hanging past the padding does not) or the number of input elements in it."""
    op = "avg_pool2d"
    kernel = _pair(kernel_size, op, "kernel_size")
    stride = _pair(stride, op, "stride", default=kernel)
    padding = _pair(padding, op, "padding")
    if divisor_override is not None:
        if not _is_int(divisor_override):
            raise TypeError(f"avg_pool2d(): argument 'divisor_override' must be int, not "
                            f"{type(divisor_override).__name__}")
        if divisor_override == 0:
            raise RuntimeError("divisor must be not zero")
    shape = input._data.shape
    _size_arg(-3, len(shape))
    one = (1, 1)
    out_hw = tuple(_output_size(n, *a, 1, ceil_mode) for n, *a in zip(shape[-2:], kernel, stride, padding))
    _check_pool2d_shape(shape, kernel, stride, padding, one, out_hw)
    _check_dtype(input, "avg_pool2d")
    return AvgPool2D.apply(input, kernel, stride, padding, out_hw, bool(count_include_pad),
                           int(divisor_override or 0))


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """``F.avg_pool1d``: average pooling of an (N, C, L) or (C, L) input (2-d pooling with height 1)."""
    op = "avg_pool1d"
    _check_dims_1d(input, op, 2, 3)
    k = _single(kernel_size, op, "kernel_size", 2)
    s = _single(stride, op, "stride", 3, default=k)
    p = _single(padding, op, "padding", 4)
    out = avg_pool2d(_shape.unsqueeze(input, -2), (1, k), (1, s), (0, p), ceil_mode, count_include_pad)
    return _shape.squeeze(out, -2)


# -- adaptive pooling ---------------------------------------------------------------------------------------
def _adaptive_size(output_size, shape):
    """``output_size`` as torch's Python layer passes it on: an int as it is; a sequence with each
    None replaced by the matching trailing size of the input."""
    if _is_int(output_size):
        return (int(output_size),) * 2
    if not isinstance(output_size, (tuple, list)):
        raise TypeError(f"object of type '{type(output_size).__name__}' has no len()")
    if len(shape) <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    trailing = shape[len(shape) - len(output_size):]
    return tuple(n if v is None else v for v, n in zip(output_size, trailing))


def _check_nonempty(shape, op, first, what="input"):
    """torch's error for an empty dim from ``first`` on (the batch dims before it may be empty)."""
    for i in range(first, len(shape)):
        if shape[i] == 0:
            raise RuntimeError(f"{op}(): Expected {what} to have non-zero size for non-batch dimensions, but {what} "
                               f"has sizes {list(shape)} with dimension {i} being empty")


def adaptive_avg_pool2d(input, output_size):
    """``F.adaptive_avg_pool2d``: average pooling to a fixed ``output_size`` (an int, or (OH, OW)
    with None for "as the input"); output ``i`` of ``O`` averages input rows
    ``floor(i * H / O)`` to ``ceil((i + 1) * H / O)``, so windows may overlap. A 1x1 output is
    the mean over H and W (``MeanBackward1``, as torch)."""
    op = "adaptive_avg_pool2d"
    shape = input._data.shape
    out_hw = _int_list(_adaptive_size(output_size, shape), op, "output_size", 2)
    if len(out_hw) != 2:
        raise RuntimeError(f"{op}: output_size must be 2")
    if min(out_hw) < 0:
        raise RuntimeError(f"{op}: elements of output_size must be greater than or equal to 0 but received "
                           f"{{{out_hw[0]}, {out_hw[1]}}}")
    if out_hw == (1, 1):
        return input.mean((-1, -2), keepdim=True)
    if len(shape) not in (3, 4):
        raise RuntimeError(f"{op}(): Expected 3D or 4D tensor, but got {list(shape)}")
    _check_nonempty(shape, op, len(shape) - 2)
    _check_dtype(input, op, allow_int=False)
    return AdaptiveAvgPool2D.apply(input, out_hw)


def adaptive_avg_pool1d(input, output_size):
    """``F.adaptive_avg_pool1d``: adaptive average pooling of an (N, C, L) or (C, L) input."""
    op = "adaptive_avg_pool1d"
    _check_dims_1d(input, op, 2, 3)
    size = _single(output_size, op, "output_size", 2)
    return _shape.squeeze(adaptive_avg_pool2d(_shape.unsqueeze(input, -2), (1, size)), -2)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """``(values, indices)`` of adaptive max pooling (see ``adaptive_max_pool2d``)."""
    op = "adaptive_max_pool2d"
    shape = input._data.shape
    out_hw = _int_list(_adaptive_size(output_size, shape), op, "output_size", 2)
    if len(shape) not in (3, 4):
        raise RuntimeError(f"{op}(): Expected 3D or 4D tensor, but got: {list(shape)}")
    _check_nonempty(shape, op, 1)
    if len(out_hw) != 2:
        raise RuntimeError(f"{op}(): internal error: output_size.size() must be 2")
    if min(out_hw) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(out_hw)}: "
                           f"{list(shape[:-2] + out_hw)}")
    _check_dtype(input, op, allow_int=False)
    return AdaptiveMaxPool2D.apply(input, out_hw)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """``F.adaptive_max_pool2d``: max pooling to a fixed ``output_size`` over torch's adaptive
    windows (see ``adaptive_avg_pool2d``); with ``return_indices``, also the flat indices."""
    values, indices = adaptive_max_pool2d_with_indices(input, output_size)
    return (values, indices) if return_indices else values


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    op = "adaptive_max_pool1d"
    _check_dims_1d(input, op, 2, 3)
    size = _single(output_size, op, "output_size", 2)
    _check_nonempty(input._data.shape, op, 1)
    values, indices = adaptive_max_pool2d_with_indices(_shape.unsqueeze(input, -2), (1, size))
    return _shape.squeeze(values, -2), _shape.squeeze(indices, -2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """``F.adaptive_max_pool1d``: adaptive max pooling of an (N, C, L) or (C, L) input."""
    values, indices = adaptive_max_pool1d_with_indices(input, output_size)
    return (values, indices) if return_indices else values


# -- unpooling --------------------------------------------------------------------------------------------
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """``F.max_unpool2d``: put each value of a max pooling's output back at its index in a zero
    plane of size ``(H - 1) * stride - 2 * padding + kernel_size`` (or ``output_size``)."""
    kernel = _pair(kernel_size, "max_unpool2d", "kernel_size")
    stride = _pair(stride, "max_unpool2d", "stride", default=kernel)
    padding = _pair(padding, "max_unpool2d", "padding")
    shape = input._data.shape
    default = tuple((n - 1) * s - 2 * p + k for n, k, s, p in zip(shape[-2:], kernel, stride, padding))
    out_hw = default if output_size is None else _unpool_size(output_size, shape, stride, default)
    if indices._data.dtype != np.int64:
        raise RuntimeError(f"elements in indices should be type int64 but got: {_type_word(indices._data.dtype)}")
    if len(shape) not in (3, 4):
        raise RuntimeError(f"Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with "
                           f"{len(shape)} dimensions.")
    if tuple(indices.shape) != shape:
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(shape)}) but "
                           f"got indices tensor with shape: {list(indices.shape)}")
    if 0 in shape[-3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got: {list(shape)}")
    if min(out_hw) <= 0:
        raise RuntimeError(f"max_unpooling2d_forward_out_cpu(): Expected output_size to have positive entries, but "
                           f"got: {list(out_hw)}")
    idx = indices._data
    if idx.size and (idx.min() < 0 or idx.max() >= out_hw[0] * out_hw[1]):
        bad = idx.max() if idx.max() >= out_hw[0] * out_hw[1] else idx.min()
        raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size {out_hw[0]}x{out_hw[1]})")
    return MaxUnpool2D.apply(input, indices, out_hw)


def _unpool_size(output_size, shape, stride, default):
    """torch's _unpool_output_size: the last two entries of ``output_size``, each within a stride of
    the default size."""
    if len(output_size) == len(shape):
        output_size = output_size[-2:]
    if len(output_size) != 2:
        raise ValueError(f"output_size should be a sequence containing 2 or {len(shape)} elements, but it has a "
                         f"length of '{len(output_size)}'")
    for d, (size, lo, s) in enumerate(zip(output_size, default, stride)):
        if not lo - s < size < lo + s:
            raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {lo - s} and {lo + s})')
    return tuple(int(size) for size in output_size)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """``F.max_unpool1d``: ``max_unpool2d`` with a height of 1."""
    k = _single(kernel_size, "max_unpool1d", "kernel_size", 3)
    s = _single(stride, "max_unpool1d", "stride", 4, default=k)
    p = _single(padding, "max_unpool1d", "padding", 5)
    if output_size is not None:
        output_size = [1] + list(output_size)[-1:]
    out = max_unpool2d(_shape.unsqueeze(input, -2), _shape.unsqueeze(indices, -2), (1, k), (1, s), (0, p),
                       output_size)
    return _shape.squeeze(out, -2)

