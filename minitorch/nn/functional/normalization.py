"""Normalization over features: ``layer_norm`` and ``group_norm``, each one fused graph node.

Both normalize rows of a 2-D view of the input, ``xhat = (x - mean) / sqrt(var + eps)`` with the
biased variance, then apply a per-feature affine map ``xhat * weight + bias``. Backward of the
normalization, per row of length N (g_hat = upstream gradient times the weight):

    dx = rstd * (g_hat - mean(g_hat) - xhat * mean(g_hat * xhat))

(the two subtracted means are what flows back through the mean and the variance).
"""
import numpy as np

from ...autograd.function import ArrayFunction
from .activation import check_float

__all__ = ["layer_norm", "group_norm", "rms_norm"]


def _normalize_rows(x2, eps):
    """``(xhat, rstd)`` for the rows of a 2-D array: zero mean and unit (biased) variance per row."""
    xc = x2 - x2.mean(axis=1, keepdims=True)
    var = np.mean(xc * xc, axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    return xc * rstd, rstd


def _normalize_rows_backward(g_hat, xhat, rstd):
    """The gradient w.r.t. the rows' input given the gradient ``g_hat`` w.r.t. their normalized values."""
    return rstd * (g_hat - g_hat.mean(axis=1, keepdims=True) - xhat * np.mean(g_hat * xhat, axis=1, keepdims=True))


class LayerNorm(ArrayFunction):
    """Normalize over the last ``k`` dims (rows of length N = their product), then ``* w + b``."""

    backward_name = "NativeLayerNormBackward0"

    @staticmethod
    def forward(ctx, x, w, b, k, eps):
        norm_shape = x.shape[x.ndim - k:]
        n = int(np.prod(norm_shape))
        xhat, rstd = _normalize_rows(x.reshape(-1, n), eps)
        # a new array in every case: the output must not share memory with the saved xhat
        out = xhat * w.reshape(n) if w is not None else xhat.copy()
        if b is not None:
            out += b.reshape(n)
        ctx.save_for_backward(xhat, rstd, w)
        ctx.x_shape, ctx.norm_shape = x.shape, norm_shape
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        xhat, rstd, w = ctx.saved_tensors
        g2 = g.reshape(xhat.shape)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = gw = gb = None
        if need_x:
            g_hat = g2 * w.reshape(-1) if w is not None else g2
            gx = _normalize_rows_backward(g_hat, xhat, rstd).reshape(ctx.x_shape)
        if need_w:
            gw = np.sum(g2 * xhat, axis=0).reshape(ctx.norm_shape)
        if need_b:
            gb = g2.sum(axis=0).reshape(ctx.norm_shape)
        return gx, gw, gb, None, None


class GroupNorm(ArrayFunction):
    """Normalize each of ``groups`` channel groups of every sample (rows of (C / groups) * spatial
    values), then scale and shift each channel by its own weight and bias."""

    backward_name = "NativeGroupNormBackward0"

    @staticmethod
    def forward(ctx, x, w, b, groups, eps):
        n, c = x.shape[0], x.shape[1]
        xhat, rstd = _normalize_rows(x.reshape(n * groups, -1), eps)
        # (N, C, spatial), so the per-channel affine map broadcasts; a new array, never a view of xhat
        out = xhat.reshape(n, c, -1)
        out = out * w[:, None] if w is not None else out.copy()
        if b is not None:
            out += b[:, None]
        ctx.save_for_backward(xhat, rstd, w)
        ctx.x_shape = x.shape
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        xhat, rstd, w = ctx.saved_tensors
        n, c = ctx.x_shape[0], ctx.x_shape[1]
        g3 = g.reshape(n, c, -1)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = gw = gb = None
        if need_x:
            g_hat = g3 * w[:, None] if w is not None else g3
            gx = _normalize_rows_backward(g_hat.reshape(xhat.shape), xhat, rstd).reshape(ctx.x_shape)
        if need_w:
            gw = np.sum(g3 * xhat.reshape(g3.shape), axis=(0, 2))
        if need_b:
            gb = g3.sum(axis=(0, 2))
        return gx, gw, gb, None, None


def _shape_list(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _check_normalized_shape(fname, input, normalized_shape, **affine):
    """torch's checks for layer_norm / rms_norm: a tuple of ints that the input ends with, and
    affine tensors of exactly that shape. Returns the shape as a tuple."""
    if not isinstance(normalized_shape, (tuple, list)) or not all(isinstance(s, int) for s in normalized_shape):
        raise TypeError(f"{fname}(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    shape = tuple(normalized_shape)
    x = input._data
    k = len(shape)
    if k == 0:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
                           "one element, but got normalized_shape = []")
    for name, t in affine.items():
        if t is not None and tuple(t._data.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{_shape_list(t._data.shape)} and normalized_shape = {_shape_list(shape)}")
    if fname == "rms_norm" and x.ndim < k:
        raise ValueError(f"Input tensor must have at least {k} dimensions, but got {x.ndim}")
    if x.ndim < k or x.shape[x.ndim - k:] != shape:
        star = "*" if fname == "rms_norm" else "*, "  # torch words the two messages differently
        raise RuntimeError(f"Given normalized_shape={_shape_list(shape)}, expected input with shape "
                           f"[{star}{', '.join(str(s) for s in shape)}], but got input of size{_shape_list(x.shape)}")
    return shape


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    """Normalize over the trailing dims given by ``normalized_shape``; weight and bias (if given)
    have that shape."""
    shape = _check_normalized_shape("layer_norm", input, normalized_shape, weight=weight, bias=bias)
    check_float(input, "LayerNormKernelImpl")
    return LayerNorm.apply(input, weight, bias, len(shape), eps)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``x / sqrt(mean(x^2) + eps) * weight`` over the trailing ``normalized_shape`` dims (no mean is
    subtracted); eps defaults to the dtype's machine epsilon. Built from ops, as torch builds it."""
    shape = _check_normalized_shape("rms_norm", input, normalized_shape, weight=weight)
    check_float(input, "rms_norm")
    if eps is None:
        eps = float(np.finfo(input._data.dtype).eps)
    dims = tuple(range(-len(shape), 0))
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    """Normalize (N, C, *) input over groups of ``C / num_groups`` channels (and all spatial dims) per
    sample; weight and bias have shape (C,)."""
    x = input._data
    if x.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {x.ndim}")
    c = x.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {_shape_list(x.shape)} and num_groups={num_groups}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t._data.ndim != 1 or t._data.shape[0] != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                               f"but got {name} of shape {_shape_list(t._data.shape)} and input of shape "
                               f"{_shape_list(x.shape)}")
    check_float(input, "GroupNormKernelImpl")
    return GroupNorm.apply(input, weight, bias, num_groups, eps)
