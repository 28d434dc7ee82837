"""Convolutions: ``F.conv1d``, ``F.conv2d`` and their adjoints ``F.conv_transpose1d``,
``F.conv_transpose2d``.

How a convolution becomes one matrix product (see ``minitorch/_kernels/conv.py`` for the
picture): pad the input, lay every window out as a column (im2col), and multiply by the weight
viewed as a matrix (out_channels, in_channels/groups * kh * kw). Groups split the channels into
independent convolutions, which is the same product batched over the groups (``np.matmul`` on
(groups, ...) stacks). Backward is two more products on the same matrices:

    grad_weight  = grad_out (O, N*OH*OW) @ cols.T          one GEMM
    grad_input   = col2im(W.T @ grad_out)                  one GEMM, then scatter-add the columns

A 1-d convolution is a 2-d one over an image of height 1. A transposed convolution swaps the
two directions: its forward is a convolution's input gradient (GEMM then col2im) and its backward
is a convolution's forward (im2col then GEMM).

The column matrix is kh*kw times the size of the input, so a large batch is processed in
chunks whose columns fit in ``COLUMN_BUDGET`` bytes, in scratch memory reused from call to call.
Backward rebuilds the columns from the saved input rather than keeping them from the forward:
the im2col copy costs less than holding (and freshly allocating) kh*kw copies of every input.

Every argument is checked, in torch's order and with torch's messages, before any kernel runs.
"""
import operator
import warnings

import numpy as np

from ..._kernels import conv as _k
from ..._tensor import Tensor
from ...autograd.function import ArrayFunction
from ...ops.elementwise import _type_word

__all__ = ["conv1d", "conv2d"]

COLUMN_BUDGET = 64 * 2 ** 20  # bytes of im2col columns held at once; larger batches are chunked


class _Geometry:
    """Where the windows of a 2-d convolution lie (a 1-d one is lifted to height 1).

    kernel, stride, dilation: (h, w) pairs. padding: (top, bottom, left, right) -- asymmetric only
    for ``padding='same'`` with an even kernel. in_size / out_size: the unpadded input's and the
    output's (H, W).
    """

    __slots__ = ("kernel", "stride", "dilation", "padding", "groups", "in_size", "out_size")

    def __init__(self, kernel, stride, dilation, padding, groups, in_size, out_size):
        self.kernel, self.stride, self.dilation, self.padding = kernel, stride, dilation, padding
        self.groups, self.in_size, self.out_size = groups, in_size, out_size

    @property
    def window_args(self):
        return self.kernel, self.stride, self.dilation, self.out_size

    def padded_shape(self, n, c):
        top, bottom, left, right = self.padding
        return (n, c, self.in_size[0] + top + bottom, self.in_size[1] + left + right)

    def pad(self, x):
        """The input with its zero border, C-contiguous (the kernels' layout)."""
        top, bottom, left, right = self.padding
        if not (top or bottom or left or right):
            return np.ascontiguousarray(x)
        xp = np.zeros(self.padded_shape(*x.shape[:2]), dtype=x.dtype)
        xp[:, :, top:top + x.shape[2], left:left + x.shape[3]] = x
        return xp

    def crop(self, xp):
        """The inverse of ``pad`` (for gradients): the interior of a padded array."""
        top, _, left, _ = self.padding
        h, w = self.in_size
        if xp.shape[2:] == (h, w):
            return xp
        return np.ascontiguousarray(xp[:, :, top:top + h, left:left + w])

    def chunks(self, n, c, itemsize):
        """Batch ranges [start, stop) whose columns fit the budget (at least one sample each)."""
        kh, kw = self.kernel
        per_sample = c * kh * kw * self.out_size[0] * self.out_size[1] * itemsize
        step = max(1, COLUMN_BUDGET // max(per_sample, 1))
        return [(start, min(start + step, n)) for start in range(0, n, step)]


# -- the math, on arrays --------------------------------------------------------------------------
def _as_4d(x, w):
    """A 1-d convolution's (N, C, L) input and (O, C/g, k) weight as height-1 images."""
    if x.ndim == 3:
        return x[:, :, None, :], w[:, :, None, :]
    return x, w


def _columns(xp, geo, start, stop):
    """The columns of batch chunk [start, stop) as (groups, C/g*kh*kw, chunk*OH*OW), in scratch memory."""
    kh, kw = geo.kernel
    rows, pixels = xp.shape[1] * kh * kw, (stop - start) * geo.out_size[0] * geo.out_size[1]
    cols = _k.im2col(xp[start:stop], *geo.window_args, out=_k.scratch("columns", (rows, pixels), xp.dtype))
    return cols.reshape(geo.groups, rows // geo.groups, pixels)


def _conv_forward(x, w, b, geo):
    """``out[n, o] = b[o] + sum over the window of w[o] * x[n]`` for 4-d arrays: per batch chunk,
    one (batched over groups) product of the weight matrix with the columns."""
    n, out_c, g = x.shape[0], w.shape[0], geo.groups
    oh, ow = geo.out_size
    wg = w.reshape(g, out_c // g, -1)
    xp = geo.pad(x)
    out = np.empty((n, out_c, oh * ow), dtype=np.result_type(x, w))
    for start, stop in geo.chunks(n, x.shape[1], x.itemsize):
        cols = _columns(xp, geo, start, stop)
        prod = _k.scratch("product", (g, out_c // g, cols.shape[2]), out.dtype)
        np.matmul(wg, cols, out=prod)  # (g, O/g, chunk*OH*OW)
        if b is not None:
            prod += b.reshape(g, out_c // g, 1)
        out[start:stop] = prod.reshape(out_c, stop - start, oh * ow).transpose(1, 0, 2)
    return out.reshape(n, out_c, oh, ow)


def _conv_backward(x, w, g_out, geo, need_input, need_weight, need_bias):
    """dL/dx = col2im(W.T @ grad_out), dL/dw = grad_out @ cols.T and dL/db = the sum of grad_out
    over batch and pixels, chunk by chunk (the columns are rebuilt from the input: cheaper than
    keeping them, see ``_kernels.conv.scratch``)."""
    n, c = x.shape[:2]
    g, out_c = geo.groups, w.shape[0]
    oh, ow = geo.out_size
    # grad_out as (groups, O/g, N, OH*OW): a chunk of it, flattened, multiplies the chunk's columns
    grouped = g_out.reshape(n, g, out_c // g, oh * ow).transpose(1, 2, 0, 3)
    wg = w.reshape(g, out_c // g, -1)
    xp = geo.pad(x) if need_weight else None
    gxp = np.zeros(geo.padded_shape(n, c), dtype=np.result_type(g_out, w)) if need_input else None
    # dw is accumulated as its transpose (C/g*kh*kw, O/g): BLAS is faster at cols @ grad_out.T
    gw_t = np.zeros((g, wg.shape[2], out_c // g), dtype=np.result_type(g_out, x)) if need_weight else None
    gb = np.zeros((g, out_c // g), dtype=g_out.dtype) if need_bias else None
    for start, stop in geo.chunks(n, c, x.itemsize):
        go = _k.scratch("grad_out", (g, out_c // g, stop - start, oh * ow), grouped.dtype)
        go[...] = grouped[:, :, start:stop]
        go = go.reshape(g, out_c // g, -1)
        if need_weight:
            gw_t += np.matmul(_columns(xp, geo, start, stop), go.transpose(0, 2, 1))
        if need_bias:  # a matrix-vector product with ones: BLAS sums faster than np.sum
            ones = _k.scratch("ones", (go.shape[2],), go.dtype)
            ones.fill(1)
            gb += np.matmul(go, ones)
        if need_input:
            g_cols = _k.scratch("columns", (g, wg.shape[2], go.shape[2]), gxp.dtype)
            np.matmul(wg.transpose(0, 2, 1), go, out=g_cols)
            _k.col2im(g_cols.reshape(-1, go.shape[2]), gxp[start:stop], *geo.window_args)
    gx = geo.crop(gxp) if need_input else None
    gw = gw_t.transpose(0, 2, 1).reshape(w.shape) if need_weight else None
    return gx, gw, (gb.reshape(out_c) if need_bias else None)


class Convolution(ArrayFunction):
    """One convolution node (torch's ``ConvolutionBackward0``) for conv1d and conv2d."""

    backward_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, w, b, geo):
        x4, w4 = _as_4d(x, w)
        if x4.shape[1] == 0:  # torch's answer for an input without channels: no output channels
            out = np.zeros((x4.shape[0], 0) + geo.out_size, dtype=x.dtype)
        else:
            out = _conv_forward(x4, w4, b, geo)
        ctx.geo = geo
        ctx.save_for_backward(x, w)
        return out if x.ndim == 4 else out[:, :, 0, :]

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        x4, w4 = _as_4d(x, w)
        if x4.shape[1] == 0:
            return np.zeros_like(x), np.zeros_like(w), np.zeros(w.shape[0], dtype=grad.dtype), None
        g4 = grad if grad.ndim == 4 else grad[:, :, None, :]
        gx, gw, gb = _conv_backward(x4, w4, g4, ctx.geo, need_x, need_w, need_b)
        return (gx.reshape(x.shape) if need_x else None), (gw.reshape(w.shape) if need_w else None), gb, None


# -- the public functions: torch's argument checks, then one node ------------------------------------
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``F.conv1d``: a 1-d convolution over (N, C, L) or unbatched (C, L) input with a
    (out_channels, in_channels/groups, k) weight. ``padding`` is an int, a 1-tuple, ``'valid'``
    (none) or ``'same'`` (output as long as the input; stride 1 only)."""
    return _convolution("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``F.conv2d``: a 2-d convolution (a cross-correlation, as in every deep-learning library) over
    (N, C, H, W) or unbatched (C, H, W) input with an (out_channels, in_channels/groups, kh, kw)
    weight. stride, padding and dilation are ints or (h, w) pairs; ``padding`` may also be
    ``'valid'`` (none) or ``'same'`` (output the size of the input; stride 1 only)."""
    return _convolution("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def _convolution(name, nd, input, weight, bias, stride, padding, dilation, groups):
    stride, padding, dilation = _parse_arguments(name, nd, input, weight, bias, stride, padding, dilation, groups)
    if bias is not None and bias._data.dtype != input._data.dtype:
        raise RuntimeError(f"Input type ({_c_type(input._data.dtype)}) and bias type ({_c_type(bias._data.dtype)}) "
                           "should be the same")
    if input._data.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {name}, but got input "
                           f"of size: {_sizes(input._data.shape)}")
    batched = input._data.ndim == nd + 2
    x_shape = input._data.shape if batched else (1,) + input._data.shape
    if isinstance(padding, str):
        padding = _string_padding(padding, x_shape, weight._data.shape, stride, dilation, groups)
    else:  # torch pads symmetrically: (before, after) per spatial dim
        padding = [(p, p) for p in padding]
    geo = _check_shapes(name, nd, x_shape, input._data.dtype, weight._data, bias, stride, padding, dilation, groups)
    if not batched:
        return Convolution.apply(input.unsqueeze(0), weight, bias, geo).squeeze(0)
    return Convolution.apply(input, weight, bias, geo)


_OVERLOADS = (
    " * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, "
    "tuple of ints dilation = 1, int groups = 1)\n"
    " * (Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = \"valid\", "
    "tuple of ints dilation = 1, int groups = 1)\n")


def _parse_arguments(name, nd, input, weight, bias, stride, padding, dilation, groups):
    """torch's argument parser: a TypeError for an argument of the wrong type; stride, padding and
    dilation as lists of ints (an int repeated ``nd`` times; padding may stay a string)."""
    given = {"stride": stride, "padding": padding, "dilation": dilation}
    ok = isinstance(input, Tensor) and isinstance(weight, Tensor) and (bias is None or isinstance(bias, Tensor)) \
        and _is_int(groups)
    lists = {}
    for key, value in given.items():
        if key == "padding" and isinstance(padding, str):
            lists[key] = padding
            continue
        if _is_int(value):
            lists[key] = [operator.index(value)] * nd
        elif isinstance(value, (tuple, list)) and (not value or _is_int(value[0])):
            for pos, item in enumerate(value[1:], start=2):
                if not _is_int(item):
                    raise TypeError(f"{name}(): argument '{key}' failed to unpack the object at pos {pos} with error "
                                    f"\"type must be tuple of ints,but got {type(item).__name__}\"")
            lists[key] = [operator.index(v) for v in value]
        else:
            ok = False
    if not ok:
        got = [_type_name(input), _type_name(weight)]
        defaults = {"bias": None, "stride": 1, "padding": 0, "dilation": 1, "groups": 1}
        for key, value in (("bias", bias), *given.items(), ("groups", groups)):
            if not (value is defaults[key] or (type(value) is int and value == defaults[key])):
                got.append(f"{key}={_type_name(value)}")
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), but "
                        f"expected one of:\n{_OVERLOADS}")
    return lists["stride"], lists["padding"], lists["dilation"]


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _type_name(value):
    return "Tensor" if isinstance(value, Tensor) else type(value).__name__


def _string_padding(padding, x_shape, w_shape, stride, dilation, groups):
    """'valid' is no padding; 'same' pads by dilation*(k-1) per dim, the odd one on the far side."""
    if padding == "valid":
        return [(0, 0)]
    if padding != "same":
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    k = len(w_shape)
    if k < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if k != len(x_shape):
        raise RuntimeError(f"Expected {k}-dimensional input for {k}-dimensional weight{_sizes(w_shape)}, but got "
                           f"{len(x_shape)}-dimensional input of size {_sizes(x_shape)} instead")
    for key, values in (("stride", stride), ("dilation", dilation)):
        if len(values) not in (1, k - 2):
            raise RuntimeError(f"{key} cannot broadcast to {k - 2} dimensions")
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    dilation = dilation * (k - 2) if len(dilation) == 1 else dilation
    totals = [d * (size - 1) for d, size in zip(dilation, w_shape[2:])]
    if any(t % 2 for t in totals):
        _warn_even_same_padding()
    return [(t // 2, t - t // 2) for t in totals]


_warned_even_same = False


def _warn_even_same_padding():
    """torch warns once per process that an even kernel needs a padded copy of the input."""
    global _warned_even_same
    if not _warned_even_same:
        _warned_even_same = True
        warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded "
                      "copy of the input be created", UserWarning, stacklevel=5)


def _expand(key, values, dims):
    """torch's expand_param_if_needed: one value serves every spatial dim."""
    if len(values) == 1:
        return list(values) * dims
    if len(values) != dims:
        shown = _sizes([v[0] for v in values] if key == "padding" else values)
        raise RuntimeError(f"expected {key} to be a single integer value or a list of {dims} values to match the "
                           f"convolution dimensions, but got {key}={shown}")
    return list(values)


def _check_shapes(name, nd, x_shape, x_dtype, w, bias, stride, padding, dilation, groups):
    """torch's checks of a convolution's shapes, values and dtypes, in torch's order; the geometry."""
    w_shape = w.shape
    k = len(w_shape)
    if k < 3:
        raise RuntimeError("weight should have at least three dimensions")
    dims = k - 2
    stride = _expand("stride", stride, dims)
    padding = _expand("padding", padding, dims)
    dilation = _expand("dilation", dilation, dims)
    _expand("output_padding", [0] * nd, dims)
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if any(p < 0 for pair in padding for p in pair):
        raise RuntimeError("negative padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d < 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")
    if k != len(x_shape):
        raise RuntimeError(f"Expected {k}-dimensional input for {k}-dimensional weight {_sizes(w_shape)}, but got "
                           f"{len(x_shape)}-dimensional input of size {_sizes(x_shape)} instead")
    if w_shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {_sizes(w_shape)} instead")
    if w_shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{_sizes(w_shape)}] instead")
    if x_shape[1] != w_shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {_sizes(w_shape)}, expected input{_sizes(x_shape)} "
                           f"to have {w_shape[1] * groups} channels, but got {x_shape[1]} channels instead")
    if bias is not None and (bias._data.ndim != 1 or bias._data.shape[0] != w_shape[0]):
        raise RuntimeError(f"Given weight of size {_sizes(w_shape)}, expected bias to be 1-dimensional with "
                           f"{w_shape[0]} elements, but got bias of size {_sizes(bias._data.shape)} instead")
    padded = [size + before + after for size, (before, after) in zip(x_shape[2:], padding)]
    spans = [d * (size - 1) + 1 for d, size in zip(dilation, w_shape[2:])]
    if any(p < s for p, s in zip(padded, spans)):
        raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel "
                           f"size: ({' x '.join(map(str, spans))}). Kernel size can't be greater than actual input "
                           "size")
    if any(size == 0 for size in x_shape[2:]):
        raise RuntimeError(f"Only zero batch or zero channel inputs are supported, but got input shape: "
                           f"{_sizes(x_shape)}")
    if any(d == 0 for d in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got {_sizes(dilation)}")
    if x_dtype == np.bool_:
        raise NotImplementedError("\"slow_conv2d_cpu\" not implemented for 'Bool'")
    if x_dtype != w.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(x_dtype)} but found {_type_word(w.dtype)}")
    out_size = [(p - s) // st + 1 for p, s, st in zip(padded, spans, stride)]
    if dims == 1:  # a 1-d convolution is a 2-d one over a height-1 image
        return _Geometry((1, w_shape[2]), (1, stride[0]), (1, dilation[0]), (0, 0) + tuple(padding[0]), groups,
                         (1, x_shape[2]), (1, out_size[0]))
    return _Geometry(tuple(w_shape[2:]), tuple(stride), tuple(dilation), padding[0] + padding[1], groups,
                     tuple(x_shape[2:]), tuple(out_size))


def _sizes(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


_C_TYPES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "int16": "short int",
            "int8": "signed char", "uint8": "unsigned char", "bool": "bool", "float16": "c10::Half"}


def _c_type(dtype):
    return _C_TYPES.get(dtype.name, dtype.name)
