"""``F.interpolate`` (and ``F.upsample``): resize the spatial dims of (N, C, d1, ..., dK) input.

Every mode is separable: the output along one spatial dim is a weighted sum of a few input
positions ("taps"), the same for every row, so a K-d resize is K 1-d resizes in a row, and its
backward adds each output's gradient back onto its taps with the same weights, dim by dim in
reverse. Per output index ``i`` of a dim resized from ``n`` to ``m`` (torch's rules, computed in
the input's float precision as torch does):

* scale: ``1 / scale_factor`` when a scale factor was given (and not recomputed), else ``n / m``;
  with ``align_corners=True``, ``(n - 1) / (m - 1)`` (the corner pixels' centres line up);
* ``nearest``: the one tap ``min(floor(i * scale), n - 1)``; ``nearest-exact``: ``floor((i + 0.5) *
  scale)``, which does not shift the image by half a pixel;
* ``linear``/``bilinear``/``trilinear``: two taps around the source point ``(i + 0.5) * scale - 0.5``
  (clamped at 0; ``i * scale`` with aligned corners), weighted by distance;
* ``bicubic``: four taps around the same point with Keys' cubic convolution weights (a = -0.75),
  taps beyond the border reading the border;
* ``area``: adaptive average pooling to the output size.
"""
import math

import numpy as np

from ...autograd.function import ArrayFunction
from . import pooling as _pool

__all__ = ["interpolate", "upsample"]

_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
_NAMES = {"nearest": "UpsampleNearest{}DBackward0", "nearest-exact": "UpsampleNearestExact{}DBackward0",
          "linear": "UpsampleLinear1DBackward0", "bilinear": "UpsampleBilinear2DBackward0",
          "bicubic": "UpsampleBicubic2DBackward0", "trilinear": "UpsampleTrilinear3DBackward0"}
_CUBIC_A = -0.75


def _taps(mode, n, m, scale_factor, align_corners, dtype):
    """(indices, weights), each (taps, m): output i of this dim is sum_t x[indices[t, i]] * weights[t, i]
    (weights None for the nearest modes: a plain gather, which keeps integer input integer)."""
    f = dtype.type
    i = np.arange(m)
    if align_corners:
        scale = f((n - 1) / (m - 1)) if m > 1 else f(0)
    elif scale_factor is not None and scale_factor > 0:
        scale = f(1.0 / scale_factor)
    else:
        scale = f(n / m)
    if mode in ("nearest", "nearest-exact"):
        if m == n:
            return i[None], None
        scale = np.float32(scale)  # torch computes nearest indices in float
        offset = np.float32(0.5) if mode == "nearest-exact" else np.float32(0)
        src = np.floor((i.astype(np.float32) + offset) * scale).astype(np.int64)
        return np.minimum(src, n - 1)[None], None
    src = i.astype(dtype) * scale if align_corners else (i.astype(dtype) + f(0.5)) * scale - f(0.5)
    if mode == "bicubic":
        low = np.floor(src)
        t = (src - low).astype(dtype)
        low = low.astype(np.int64)
        a = f(_CUBIC_A)
        near = lambda x: ((a + 2) * x - (a + 3)) * x * x + 1  # noqa: E731 - |x| <= 1
        far = lambda x: ((a * x - 5 * a) * x + 8 * a) * x - 4 * a  # noqa: E731 - 1 < |x| < 2
        weights = np.stack([far(t + 1), near(t), near(1 - t), far(2 - t)]).astype(dtype)
        indices = np.clip(np.stack([low - 1, low, low + 1, low + 2]), 0, n - 1)
        return indices, weights
    if not align_corners:
        src = np.maximum(src, f(0))
    low = src.astype(np.int64)  # src >= 0: truncation is floor
    high = low + (low < n - 1)
    frac = (src - low).astype(dtype)
    return np.stack([low, high]), np.stack([1 - frac, frac]).astype(dtype)


class Resample(ArrayFunction):
    """One resize of the spatial dims, a dim at a time (see the module docstring)."""

    @staticmethod
    def forward(ctx, x, plan):
        ctx.in_shape, ctx.plan = x.shape, plan
        out = x
        for axis, (indices, weights) in plan:
            if weights is None:
                out = np.take(out, indices[0], axis=axis)
                continue
            shape = [1] * out.ndim
            shape[axis] = indices.shape[1]
            acc = None
            for idx, w in zip(indices, weights):
                term = np.take(out, idx, axis=axis) * w.reshape(shape)
                acc = term if acc is None else acc + term
            out = acc
        return out

    @staticmethod
    def backward(ctx, g):
        shapes = [ctx.in_shape]  # the shape before each resize step
        for axis, (indices, _) in ctx.plan[:-1]:
            shape = list(shapes[-1])
            shape[axis] = indices.shape[1]
            shapes.append(tuple(shape))
        for (axis, (indices, weights)), shape in zip(reversed(ctx.plan), reversed(shapes)):
            moved = np.moveaxis(g, axis, 0)
            grad = np.zeros((shape[axis],) + moved.shape[1:], dtype=g.dtype)
            wshape = (-1,) + (1,) * (moved.ndim - 1)
            for t, idx in enumerate(indices):  # each tap's share of every output's gradient
                np.add.at(grad, idx, moved if weights is None else moved * weights[t].reshape(wshape))
            g = np.moveaxis(grad, 0, axis)
        return g, None


def _node(mode, k):
    return type(f"Resample_{mode}_{k}d", (Resample,), {"backward_name": _NAMES[mode].format(k)})


_NODES = {(mode, k): _node(mode, k) for mode in _NAMES for k in (1, 2, 3)}


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize (N, C, d1, ..., dK) input (K = 1, 2 or 3) to ``size`` or by ``scale_factor``.
    ``mode``: 'nearest', 'nearest-exact', 'linear' (K=1), 'bilinear' (K=2), 'bicubic' (K=2),
    'trilinear' (K=3) or 'area'."""
    k = input.dim() - 2
    modes = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    in_sizes = list(input.shape[2:])
    if size is not None:
        sizes = list(size) if isinstance(size, (list, tuple)) else [size] * k
        if len(sizes) != k:
            raise ValueError(f"Input and output must have the same number of spatial dimensions, but got input with "
                             f"spatial dimensions of {in_sizes} and output size of {size}. Please provide input tensor "
                             "in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.")
        scales = [None] * k
    else:
        scales = list(scale_factor) if isinstance(scale_factor, (list, tuple)) else [scale_factor] * k
        if len(scales) != k:
            raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got input "
                             f"with spatial dimensions of {in_sizes} and scale_factor of shape {scale_factor}. Please "
                             "provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,"
                             "sK) format.")
        sizes = [math.floor(float(n) * float(s)) for n, s in zip(in_sizes, scales)]
        if recompute_scale_factor:
            scales = [None] * k
    if antialias:
        raise NotImplementedError("minitorch: interpolate(antialias=True) is not implemented")
    if mode == "area":
        pools = {1: _pool.adaptive_avg_pool1d, 2: _pool.adaptive_avg_pool2d}
        if k not in pools:
            raise NotImplementedError("minitorch: interpolate(mode='area') supports 3-D and 4-D input only")
        return pools[k](input, sizes)
    if mode not in modes:
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for "
                                  f"the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact "
                                  f"(got {mode})")
    needed = _DIMS.get(mode)
    if needed is not None and needed != k:
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {needed + 2}D input")
    if k not in (1, 2, 3):
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for "
                                  f"the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact "
                                  f"(got {mode})")
    if not input.is_floating_point():
        _check_integer_input(input._data.dtype, mode, k)
    dtype = input._data.dtype if input.is_floating_point() else np.dtype(np.float32)
    plan = tuple((2 + d, _taps(mode, n, m, s, align_corners, dtype))
                 for d, (n, m, s) in enumerate(zip(in_sizes, sizes, scales)))
    return _NODES[(mode, k)].apply(input, plan)


_TYPE_WORDS = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def _check_integer_input(np_dtype, mode, k):
    """torch resizes integer images only as uint8 and only by the nearest modes here (its uint8
    bilinear/bicubic path, which rounds and saturates, is not reproduced): its errors otherwise."""
    if np_dtype == np.uint8 and mode in ("nearest", "nearest-exact"):
        return
    if np_dtype == np.uint8 and mode in ("bilinear", "bicubic"):
        raise NotImplementedError(f"minitorch: interpolate(mode='{mode}') of uint8 input is not implemented")
    kind = {"nearest-exact": "nearest", "trilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    kernel = f"upsample_{kind}2d_channels_last" if k == 2 and mode != "bicubic" else f"compute_indices_weights_{kind}"
    raise NotImplementedError(f"\"{kernel}\" not implemented for '{_TYPE_WORDS[np_dtype.name]}'")


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """The older name of ``interpolate``."""
    return interpolate(input, size, scale_factor, mode, align_corners)
