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
Backward rebuilds the columns from the padded input (which the forward keeps) rather than keeping
the columns themselves: kept, they would cost kh*kw times every input's memory until backward,
and a training step measured no faster with them (the weight gradient's GEMM then reads them
from main memory instead of from the cache that im2col just wrote).

Every argument is checked, in torch's order and with torch's messages, before any kernel runs.
"""
import operator
import warnings

import numpy as np

from ..._kernels import conv as _k
from ..._tensor import Tensor
from ...autograd.function import ArrayFunction
from ...ops.elementwise import _type_word

__all__ = ["conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d"]

COLUMN_BUDGET = 2 * 2 ** 20  # bytes of im2col columns held at once; larger batches are chunked


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


def _conv_forward(xp, w, b, geo):
    """``out[n, o] = b[o] + sum over the window of w[o] * x[n]`` for 4-d arrays, given the padded
    input ``xp = geo.pad(x)``: per batch chunk, one (batched over groups) product of the weight
    matrix with the columns."""
    n, out_c, g = xp.shape[0], w.shape[0], geo.groups
    oh, ow = geo.out_size
    wg = w.reshape(g, out_c // g, -1)
    out = np.empty((n, out_c, oh * ow), dtype=np.result_type(xp, w))
    for start, stop in geo.chunks(n, xp.shape[1], xp.itemsize):
        cols = _columns(xp, geo, start, stop)
        prod = _k.scratch("product", (g, out_c // g, cols.shape[2]), out.dtype)
        np.matmul(wg, cols, out=prod)  # (g, O/g, chunk*OH*OW)
        _k.swap_batch_and_channels(prod.reshape(out_c, stop - start, oh * ow), out[start:stop], b)
    return out.reshape(n, out_c, oh, ow)


def _conv_backward(g_out, xp, w, geo, x_shape, need_x, need_w, need_b):
    """The gradients (input, weight, bias) that are asked for, None for the others, in one pass
    over the batch chunks (grad_out is rearranged once per chunk and serves all three):

        dL/dx = col2im(W.T @ grad_out)     every window's column gradient, added back onto the
                                           pixels it was read from
        dL/dw = grad_out @ cols.T          the columns rebuilt from the padded input ``xp``
        dL/db = grad_out summed over batch and pixels

    ``xp`` is needed for the weight gradient only; ``x_shape`` is the (unpadded) input's shape."""
    g, (n, out_c, oh, ow) = geo.groups, g_out.shape
    dtype = np.result_type(g_out, w)
    g_out = g_out.reshape(n, out_c, oh * ow)
    if need_x:
        wt = w.reshape(g, out_c // g, -1).transpose(0, 2, 1)  # (g, C/g*kh*kw, O/g)
        gxp = np.zeros(geo.padded_shape(*x_shape[:2]), dtype=dtype)
    if need_w:
        gw = np.zeros((g, out_c // g, x_shape[1] // g * geo.kernel[0] * geo.kernel[1]), dtype=dtype)
    if need_b:
        gb = np.zeros((g, out_c // g), dtype=g_out.dtype)
    for start, stop in geo.chunks(n, x_shape[1], np.dtype(dtype).itemsize):
        go = _k.scratch("grad_out", (out_c, stop - start, oh * ow), g_out.dtype)
        _k.swap_batch_and_channels(g_out[start:stop], go)
        go = go.reshape(g, out_c // g, -1)  # (g, O/g, chunk*OH*OW): the matrix the columns meet
        if need_w:
            gw += np.matmul(go, _columns(xp, geo, start, stop).transpose(0, 2, 1))
        if need_b:  # a matrix-vector product with ones: BLAS sums faster than np.sum
            ones = _k.scratch("ones", (go.shape[2],), go.dtype)
            ones.fill(1)
            gb += np.matmul(go, ones)
        if need_x:
            g_cols = _k.scratch("grad_columns", (g, wt.shape[1], go.shape[2]), dtype)
            np.matmul(wt, go, out=g_cols)
            _k.col2im(g_cols.reshape(-1, go.shape[2]), gxp[start:stop], *geo.window_args)
    return (geo.crop(gxp) if need_x else None,
            gw.reshape((out_c,) + tuple(w.shape[1:])) if need_w else None,
            gb.reshape(out_c) if need_b else None)


class Convolution(ArrayFunction):
    """One convolution node (torch's ``ConvolutionBackward0``) for conv1d and conv2d."""

    backward_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, w, b, geo):
        x4, w4 = _as_4d(x, w)
        ctx.geo = geo
        ctx.padded = None
        if x4.shape[1] == 0:  # torch's answer for an input without channels: no output channels
            out = np.zeros((x4.shape[0], 0) + geo.out_size, dtype=x.dtype)
        else:
            # the padded copy serves backward too (the weight gradient's columns are rebuilt from it)
            ctx.padded = geo.pad(x4)
            out = _conv_forward(ctx.padded, w4, b, geo)
        ctx.save_for_backward(x, w)
        return out if x.ndim == 4 else out[:, :, 0, :]

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        x4, w4 = _as_4d(x, w)
        if x4.shape[1] == 0:
            return np.zeros_like(x), np.zeros_like(w), np.zeros(w.shape[0], dtype=grad.dtype), None
        g4 = grad if grad.ndim == 4 else grad[:, :, None, :]
        gx, gw, gb = _conv_backward(g4, ctx.padded, w4, ctx.geo, x4.shape, *ctx.needs_input_grad[:3])
        return (None if gx is None else gx.reshape(x.shape)), (None if gw is None else gw.reshape(w.shape)), gb, None

    def _release(self):
        super()._release()
        self.padded = None


class ConvolutionTranspose(ArrayFunction):
    """A transposed convolution (torch names its node ``ConvolutionBackward0`` too): the adjoint of
    the convolution ``geo`` describes, which maps the transposed convolution's output back to its
    input. So its forward is that convolution's input gradient, and its backward is that
    convolution's forward (for the input) and weight gradient (with the roles of input and
    grad_out swapped)."""

    backward_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, w, b, geo):
        x4, w4 = _as_4d(x, w)
        out_shape = (x4.shape[0], w.shape[1] * geo.groups) + geo.in_size
        out = _conv_backward(x4, None, w4, geo, out_shape, True, False, False)[0]
        if b is not None:
            out += b[:, None, None]
        ctx.geo = geo
        ctx.save_for_backward(x, w)
        return out if x.ndim == 4 else out[:, :, 0, :]

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        x4, w4 = _as_4d(x, w)
        g4 = grad if grad.ndim == 4 else grad[:, :, None, :]
        g4p = ctx.geo.pad(g4) if need_x or need_w else None
        gx = _conv_forward(g4p, w4, None, ctx.geo).reshape(x.shape) if need_x else None
        gw = _conv_backward(x4, g4p, w4, ctx.geo, g4.shape, False, True, False)[1].reshape(w.shape) if need_w else None
        gb = g4.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb, None


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


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """``F.conv_transpose1d``: the adjoint of conv1d (the gradient of conv1d with respect to its
    input, as a layer), over (N, C_in, L) or unbatched (C_in, L) input with a
    (in_channels, out_channels/groups, k) weight. ``output_padding`` extends the output at the end
    (to pick among the input lengths a strided conv1d maps to the same output length)."""
    return _transposed("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding, groups,
                       dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """``F.conv_transpose2d``: the adjoint of conv2d (its gradient with respect to the input, as a
    layer; sometimes called a deconvolution), over (N, C_in, H, W) or unbatched (C_in, H, W) input
    with an (in_channels, out_channels/groups, kh, kw) weight. The output is
    (H-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1 high, likewise wide."""
    return _transposed("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding, groups,
                       dilation)


def _convolution(name, nd, input, weight, bias, stride, padding, dilation, groups):
    stride, padding, dilation = _parse_arguments(name, nd, input, weight, bias, stride, padding, dilation, groups)
    if bias is not None and bias._data.dtype != input._data.dtype:
        raise RuntimeError(f"Input type ({_c_type(input._data.dtype)}) and bias type ({_c_type(bias._data.dtype)}) "
                           "should be the same")
    batched, x_shape = _batched_shape(name, nd, input)
    if isinstance(padding, str):
        padding = _string_padding(padding, x_shape, weight._data.shape, stride, dilation, groups)
    else:  # torch pads symmetrically: (before, after) per spatial dim
        padding = [(p, p) for p in padding]
    geo = _check_shapes(name, nd, x_shape, input._data.dtype, weight._data, bias, stride, padding, dilation, groups)
    return _apply(Convolution, batched, input, weight, bias, geo)


def _transposed(name, nd, input, weight, bias, stride, padding, output_padding, groups, dilation):
    stride, padding, output_padding, dilation = _parse_transposed_arguments(
        name, nd, input, weight, bias, stride, padding, output_padding, groups, dilation)
    batched, x_shape = _batched_shape(name, nd, input)
    geo = _check_shapes(name, nd, x_shape, input._data.dtype, weight._data, bias, stride,
                        [(p, p) for p in padding], dilation, groups, output_padding=output_padding)
    return _apply(ConvolutionTranspose, batched, input, weight, bias, geo)


def _batched_shape(name, nd, input):
    """Whether the input has a batch dim, and its shape with one (an unbatched input is a batch of one)."""
    shape = input._data.shape
    if len(shape) not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {name}, but got input "
                           f"of size: {_sizes(shape)}")
    return len(shape) == nd + 2, shape if len(shape) == nd + 2 else (1,) + shape


def _apply(function, batched, input, weight, bias, geo):
    """One node; an unbatched input gets a batch of one around it, as in torch (whose grad_fn is
    then the final squeeze's)."""
    if not batched:
        return function.apply(input.unsqueeze(0), weight, bias, geo).squeeze(0)
    return function.apply(input, weight, bias, geo)


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
            lists[key] = _int_list(name, key, value)
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


def _parse_transposed_arguments(name, nd, input, weight, bias, stride, padding, output_padding, groups, dilation):
    """torch's argument parser for the transposed convolutions (one signature, so its messages name
    the argument at fault): the int-or-tuple arguments as lists of ints."""
    for pos, key, value in ((1, "input", input), (2, "weight", weight), (3, "bias", bias)):
        if not isinstance(value, Tensor) and not (key == "bias" and value is None):
            raise TypeError(f"{name}(): argument '{key}' (position {pos}) must be Tensor, not {_type_name(value)}")
    if not _is_int(groups):
        raise TypeError(f"{name}(): argument 'groups' must be int, not {_type_name(groups)}")
    lists = []
    for key, value in (("stride", stride), ("padding", padding), ("output_padding", output_padding),
                       ("dilation", dilation)):
        if _is_int(value):
            lists.append([operator.index(value)] * nd)
        elif isinstance(value, (tuple, list)) and (not value or _is_int(value[0])):
            lists.append(_int_list(name, key, value))
        else:
            raise TypeError(f"{name}(): argument '{key}' must be tuple of ints, not {_type_name(value)}")
    return lists


def _int_list(name, key, values):
    """The ints of a tuple whose first item is an int; torch's error names the first that is not."""
    for pos, item in enumerate(values[1:], start=2):
        if not _is_int(item):
            raise TypeError(f"{name}(): argument '{key}' failed to unpack the object at pos {pos} with error "
                            f"\"type must be tuple of ints,but got {type(item).__name__}\"")
    return [operator.index(v) for v in values]


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


def _check_shapes(name, nd, x_shape, x_dtype, w, bias, stride, padding, dilation, groups, output_padding=None):
    """torch's checks of a convolution's shapes, values and dtypes, in torch's order; the geometry.
    With ``output_padding`` (a list) the convolution is a transposed one."""
    transposed = output_padding is not None
    w_shape = w.shape
    k = len(w_shape)
    if k < 3:
        raise RuntimeError("weight should have at least three dimensions")
    dims = k - 2
    stride = _expand("stride", stride, dims)
    padding = _expand("padding", padding, dims)
    dilation = _expand("dilation", dilation, dims)
    output_padding = _expand("output_padding", output_padding if transposed else [0] * nd, dims)
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if any(p < 0 for pair in padding for p in pair):
        raise RuntimeError("negative padding is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
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
    # a convolution maps w[1]*groups channels to w[0]; a transposed one w[0] channels to w[1]*groups
    in_c, out_c = (w_shape[0], w_shape[1] * groups) if transposed else (w_shape[1] * groups, w_shape[0])
    given = "transposed=1" if transposed else f"groups={groups}"
    if x_shape[1] != in_c:
        raise RuntimeError(f"Given {given}, weight of size {_sizes(w_shape)}, expected input{_sizes(x_shape)} to have "
                           f"{in_c} channels, but got {x_shape[1]} channels instead")
    if bias is not None and (bias._data.ndim != 1 or bias._data.shape[0] != out_c):
        raise RuntimeError(f"Given {'transposed=1, ' if transposed else ''}weight of size {_sizes(w_shape)}, expected "
                           f"bias to be 1-dimensional with {out_c} elements, but got bias of size "
                           f"{_sizes(bias._data.shape)} instead")
    spans = [d * (size - 1) + 1 for d, size in zip(dilation, w_shape[2:])]  # a dilated kernel's extent
    padded = [size + before + after for size, (before, after) in zip(x_shape[2:], padding)]
    if not transposed and any(p < s for p, s in zip(padded, spans)):
        raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel "
                           f"size: ({' x '.join(map(str, spans))}). Kernel size can't be greater than actual input "
                           "size")
    if any(size == 0 for size in x_shape[2:]):
        raise RuntimeError(f"Only zero batch or zero channel inputs are supported, but got input shape: "
                           f"{_sizes(x_shape)}")
    if transposed:
        out_size = _check_transposed_sizes(nd, x_shape[2:], spans, stride, padding, output_padding, dilation)
    else:
        if any(d == 0 for d in dilation):
            raise RuntimeError(f"dilation should be greater than zero, but got {_sizes(dilation)}")
        out_size = [(p - s) // st + 1 for p, s, st in zip(padded, spans, stride)]
    if x_dtype == np.bool_:
        kernel = "slow_conv_transpose2d_out_cpu" if transposed else "slow_conv2d_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    if x_dtype != w.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(x_dtype)} but found {_type_word(w.dtype)}")
    # the windows of the convolution from the padded input to the output -- for a transposed
    # convolution, of its adjoint: from the (padded) output back to the input
    conv_in, conv_out = (out_size, list(x_shape[2:])) if transposed else (list(x_shape[2:]), out_size)
    if dims == 1:  # a 1-d convolution is a 2-d one over a height-1 image
        return _Geometry((1, w_shape[2]), (1, stride[0]), (1, dilation[0]), (0, 0) + tuple(padding[0]), groups,
                         (1, conv_in[0]), (1, conv_out[0]))
    return _Geometry(tuple(w_shape[2:]), tuple(stride), tuple(dilation), padding[0] + padding[1], groups,
                     tuple(conv_in), tuple(conv_out))


def _check_transposed_sizes(nd, in_sizes, spans, stride, padding, output_padding, dilation):
    """A transposed convolution's output size, after torch's checks of output_padding and dilation
    (in a 1-d one torch reports the lifted 2-d values: height 0 or 1)."""
    lift = (lambda v, fill: [fill] + list(v)) if nd == 1 else (lambda v, fill: list(v))
    op, st, dil = lift(output_padding, 0), lift(stride, 1), lift(dilation, 1)
    if any(o >= s and o >= d for o, s, d in zip(op, st, dil)):
        raise RuntimeError(f"output padding must be smaller than either stride or dilation, but got "
                           f"output_padding_height: {op[0]} output_padding_width: {op[1]} stride_height: {st[0]} "
                           f"stride_width: {st[1]} dilation_height: {dil[0]} dilation_width: {dil[1]}")
    if any(d == 0 for d in dil):
        raise RuntimeError(f"dilation should be greater than zero, but got dilation_height: {dil[0]}, "
                           f"dilation_width: {dil[1]}")
    out = [(size - 1) * s - before - after + span + o
           for size, s, (before, after), span, o in zip(in_sizes, stride, padding, spans, output_padding)]
    if any(size <= 0 for size in out):
        lifted_in, lifted_out = lift(in_sizes, 1), lift(out, 1)
        raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, lifted_in))}). Calculated output "
                           f"size per channel: ({' x '.join(map(str, lifted_out))}). Output size is too small")
    return out


def _sizes(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


_C_TYPES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "int16": "short int",
            "int8": "signed char", "uint8": "unsigned char", "bool": "bool", "float16": "c10::Half"}


def _c_type(dtype):
    return _C_TYPES.get(dtype.name, dtype.name)
