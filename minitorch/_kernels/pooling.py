"""Pooling and per-channel batch-norm kernels: loops over windows that no BLAS call expresses.

Every pooling kernel works on a stack of planes, ``x`` of shape ``(B, H, W)`` (C-contiguous; B is
batch * channels, and a 1-d pooling is a 2-d one with ``H = 1``), and writes into output arrays
the caller allocated. The window rules are torch's:

* max pooling: window ``i`` starts at ``i * stride - pad`` and takes every ``dilation``-th
  element; positions outside the input are skipped (never chosen). The first maximum wins (a
  later element must be strictly greater), and NaN beats everything (a NaN always takes over), so
  the index a window reports, and the element its gradient goes to, are torch's. The index is
  flat in the input plane, ``h * W + w``.
* average pooling: the window is clipped to the padded input (``H + pad``; a ceil_mode window can
  hang past it), and then to the input itself; the sum is over the input part, and the divisor
  is ``divisor_override``, or the size clipped to the padded input (``count_include_pad``), or
  the size of the input part.
* adaptive pooling: output ``i`` of ``O`` covers ``[floor(i * n / O), ceil((i + 1) * n / O))``.

Batch norm's kernels see the input as ``(N, C, L)`` and reduce over N and L, one channel at a
time, accumulating in float64.

Each kernel comes twice, compiled from one Python function: serially, and with ``prange`` over
the planes (or channels), used only when the work is large enough to pay for waking threads
(``PARALLEL_WORK``). Each public function keeps a NumPy path for when numba's JIT is disabled.
"""
import functools
import math
import types

import numpy as np
from numba import prange

from . import JIT_ENABLED, njit

# Below this many inner-loop steps a kernel runs on one thread: waking the pool costs more.
PARALLEL_WORK = 1 << 20


def _twins(fn, **options):
    """``(serial, parallel)`` compiled versions of one kernel whose outer loop is a ``prange``.

    The parallel one is compiled from a copy of the function under another name: numba's disk
    cache files a compiled function by name and signature, not by options, so two versions of
    one name would load each other's code."""
    twin = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__ + "_parallel", fn.__defaults__,
                              fn.__closure__)
    twin.__qualname__ = fn.__qualname__ + "_parallel"
    return njit(**options)(fn), njit(parallel=True, **options)(twin)


def _pick(twins, work):
    return twins[1] if work >= PARALLEL_WORK else twins[0]


def lowest(dtype):
    """The value below every element of ``dtype``: where a max starts (-inf, or the least int)."""
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


# -- max pooling ------------------------------------------------------------------------------------------
def _max_pool2d_planes(x, out, idx, kh, kw, sh, sw, ph, pw, dh, dw, low):
    B, H, W = x.shape
    OH, OW = out.shape[1], out.shape[2]
    for b in prange(B):
        for i in range(OH):
            h_start = i * sh - ph
            h_end = min(h_start + (kh - 1) * dh + 1, H)
            while h_start < 0:
                h_start += dh
            for j in range(OW):
                w_start = j * sw - pw
                w_end = min(w_start + (kw - 1) * dw + 1, W)
                while w_start < 0:
                    w_start += dw
                best = low
                best_at = h_start * W + w_start
                for h in range(h_start, h_end, dh):
                    for w in range(w_start, w_end, dw):
                        v = x[b, h, w]
                        if v > best or v != v:  # v != v: NaN
                            best = v
                            best_at = h * W + w
                out[b, i, j] = best
                idx[b, i, j] = best_at


_MAX_POOL = _twins(_max_pool2d_planes)


def _max_pool2x2_planes(x, out, idx):
    """``_max_pool2d_planes`` for the commonest pooling, 2x2 windows at stride 2 that all lie inside
    the input (``MaxPool2d(2)``), as a tournament: the better of each row's pair, then the
    better of the two winners. Same choices (the first maximum; the last NaN, since a NaN always
    takes over), but the comparisons no longer form one chain per window, and the winner is
    picked without a branch, whose outcome on data like activations no CPU predicts: 3-4x
    faster than the general loop."""
    B, W = x.shape[0], x.shape[2]
    OH, OW = out.shape[1], out.shape[2]
    for b in prange(B):
        for i in range(OH):
            top, bottom = 2 * i, 2 * i + 1
            for j in range(OW):
                left = 2 * j
                a, c = x[b, top, left], x[b, top, left + 1]
                d, e = x[b, bottom, left], x[b, bottom, left + 1]
                right_top = c > a or c != c
                best_top = c if right_top else a
                at_top = top * W + left + (1 if right_top else 0)
                right_bottom = e > d or e != e
                best_bottom = e if right_bottom else d
                at_bottom = bottom * W + left + (1 if right_bottom else 0)
                take_bottom = best_bottom > best_top or best_bottom != best_bottom
                out[b, i, j] = best_bottom if take_bottom else best_top
                idx[b, i, j] = at_bottom if take_bottom else at_top


_MAX_POOL_2X2 = _twins(_max_pool2x2_planes)


def max_pool2d(x, kernel, stride, padding, dilation, out_hw):
    """Max pooling of planes ``x`` (B, H, W): ``(values, indices)``, each ``(B, OH, OW)``."""
    B, H, W = x.shape
    (kh, kw), (sh, sw), (ph, pw), (dh, dw), (oh, ow) = kernel, stride, padding, dilation, out_hw
    if not JIT_ENABLED:
        return _max_pool2d_numpy(x, kernel, stride, padding, dilation, out_hw)
    out = np.empty((B, oh, ow), dtype=x.dtype)
    idx = np.empty((B, oh, ow), dtype=np.int64)
    if (kh, kw, sh, sw, ph, pw, dh, dw) == (2, 2, 2, 2, 0, 0, 1, 1) and 2 * oh <= H and 2 * ow <= W:
        _pick(_MAX_POOL_2X2, out.size * 4)(x, out, idx)
    else:
        _pick(_MAX_POOL, out.size * kh * kw)(x, out, idx, kh, kw, sh, sw, ph, pw, dh, dw, lowest(x.dtype))
    return out, idx


def _windows(xp, out_hw, kernel, stride, dilation):
    """A zero-copy view (B, OH, OW, kh, kw) of every window of the padded planes ``xp``."""
    sB, sH, sW = xp.strides
    (oh, ow), (kh, kw), (sh, sw), (dh, dw) = out_hw, kernel, stride, dilation
    return np.lib.stride_tricks.as_strided(
        xp, (xp.shape[0], oh, ow, kh, kw), (sB, sh * sH, sw * sW, dh * sH, dw * sW), writeable=False)


def _pad_to_windows(x, kernel, stride, padding, dilation, out_hw, value):
    """``x`` padded with ``value``: ``padding`` before, and after as far as the last window reaches."""
    pads = [(0, 0)]
    for n, k, s, p, d, o in zip(x.shape[1:], kernel, stride, padding, dilation, out_hw):
        reach = (o - 1) * s + (k - 1) * d + 1
        pads.append((p, max(reach - p - n, 0)))
    return np.pad(x, pads, constant_values=value)


def _max_pool2d_numpy(x, kernel, stride, padding, dilation, out_hw):
    B, H, W = x.shape
    xp = _pad_to_windows(x, kernel, stride, padding, dilation, out_hw, lowest(x.dtype))
    win = _windows(xp, out_hw, kernel, stride, dilation).reshape(B, out_hw[0], out_hw[1], kernel[0] * kernel[1])
    arg = _first_max_or_last_nan(win)
    values = np.take_along_axis(win, arg[..., None], axis=-1)[..., 0]
    a, c = np.divmod(arg, kernel[1])
    h = np.arange(out_hw[0])[:, None] * stride[0] - padding[0] + a * dilation[0]
    w = np.arange(out_hw[1])[None, :] * stride[1] - padding[1] + c * dilation[1]
    return values, (h * W + w).astype(np.int64)


def _first_max_or_last_nan(win):
    """Along the last axis: the kernels' choice, the first maximum, or the last NaN if there is one."""
    arg = np.argmax(win, axis=-1)
    if win.dtype.kind == "f":
        nan = np.isnan(win)
        last_nan = win.shape[-1] - 1 - np.argmax(nan[..., ::-1], axis=-1)
        arg = np.where(nan.any(axis=-1), last_nan, arg)
    return arg


def _scatter_add_planes_loop(g, idx, gin):
    B, M = g.shape
    n = gin.shape[1]
    for b in prange(B):
        for m in range(M):
            k = idx[b, m]
            if 0 <= k < n:
                gin[b, k] += g[b, m]


_SCATTER = _twins(_scatter_add_planes_loop)


def scatter_add_planes(g, idx, plane_size):
    """``gin[b, idx[b, m]] += g[b, m]`` into zeros of shape (B, plane_size): the backward of every
    max pooling (each output's gradient goes to the element its index names)."""
    B, M = g.shape[0], math.prod(g.shape[1:])
    g, idx = g.reshape(B, M), idx.reshape(B, M)
    if not JIT_ENABLED:
        flat = (idx + np.arange(B)[:, None] * plane_size).ravel()
        return np.bincount(flat, weights=g.ravel(), minlength=B * plane_size).astype(g.dtype).reshape(B, plane_size)
    gin = np.zeros((B, plane_size), dtype=g.dtype)
    _pick(_SCATTER, g.size)(np.ascontiguousarray(g), np.ascontiguousarray(idx), gin)
    return gin


def _scatter_add_shared_loop(g, index, gin):
    B, M = g.shape
    for b in prange(B):
        for m in range(M):
            gin[b, index[m]] += g[b, m]


_SCATTER_SHARED = _twins(_scatter_add_shared_loop)


def scatter_add_shared(g, index, n):
    """``gin[b, index[m]] += g[b, m]`` into zeros of shape (B, n), with one ``index`` for every row:
    the backward of gathering ``x[:, index]`` (reflect, replicate and circular padding)."""
    B = g.shape[0]
    if not JIT_ENABLED:
        flat = (index[None, :] + np.arange(B)[:, None] * n).ravel()
        return np.bincount(flat, weights=g.ravel(), minlength=B * n).astype(g.dtype).reshape(B, n)
    gin = np.zeros((B, n), dtype=g.dtype)
    _pick(_SCATTER_SHARED, g.size)(np.ascontiguousarray(g), index, gin)
    return gin


# -- average pooling --------------------------------------------------------------------------------------
# One output row at a time: for each kernel offset (a, c), the row ``h = i*sh - ph + a`` of the input is
# added into the sums of all the row's outputs at once (input column ``j*sw - pw + c`` for output j).
# Each sum still adds its window in row-major order, as torch, but the inner loop runs over
# contiguous memory when the stride is 1, which the compiler vectorizes.
def _column_ranges(W, OW, kw, sw, pw):
    """Per kernel column c: the outputs [lo, hi) whose input column ``j*sw - pw + c`` is inside [0, W)."""
    lo = np.empty(kw, np.int64)
    hi = np.empty(kw, np.int64)
    for c in range(kw):
        first, last = 0, OW
        while first < OW and first * sw - pw + c < 0:
            first += 1
        while last > first and (last - 1) * sw - pw + c >= W:
            last -= 1
        lo[c], hi[c] = first, last
    return lo, hi


def _avg_pool2d_planes(x, out, scale, kh, kw, sh, sw, ph, pw):
    B, H, W = x.shape
    OH, OW = out.shape[1], out.shape[2]
    lo, hi = _column_ranges(W, OW, kw, sw, pw)
    for b in prange(B):
        acc = np.empty(OW, dtype=x.dtype)
        for i in range(OH):
            acc[:] = 0
            for a in range(kh):
                h = i * sh - ph + a
                if h < 0 or h >= H:
                    continue
                row = x[b, h]
                for c in range(kw):
                    shift = c - pw
                    if sw == 1:
                        for j in range(lo[c], hi[c]):
                            acc[j] += row[j + shift]
                    else:
                        for j in range(lo[c], hi[c]):
                            acc[j] += row[j * sw + shift]
            for j in range(OW):
                out[b, i, j] = acc[j] * scale[i, j]


def _avg_pool2d_backward_planes(g, gin, scale, kh, kw, sh, sw, ph, pw):
    B, H, W = gin.shape
    OH, OW = g.shape[1], g.shape[2]
    lo, hi = _column_ranges(W, OW, kw, sw, pw)
    for b in prange(B):
        share = np.empty(OW, dtype=gin.dtype)
        for i in range(OH):
            for j in range(OW):
                share[j] = g[b, i, j] * scale[i, j]
            for a in range(kh):
                h = i * sh - ph + a
                if h < 0 or h >= H:
                    continue
                row = gin[b, h]
                for c in range(kw):
                    shift = c - pw
                    if sw == 1:
                        for j in range(lo[c], hi[c]):
                            row[j + shift] += share[j]
                    else:
                        for j in range(lo[c], hi[c]):
                            row[j * sw + shift] += share[j]


_column_ranges = njit(_column_ranges)
_AVG_POOL = _twins(_avg_pool2d_planes)
_AVG_POOL_BACKWARD = _twins(_avg_pool2d_backward_planes)


@functools.lru_cache(maxsize=256)
def avg_scales(shape_hw, kernel, stride, padding, out_hw, count_include_pad, divisor):
    """The (OH, OW) float64 factors ``1 / divisor`` of average pooling. The divisor follows torch's
    rules: ``divisor`` if nonzero; else the window's size clipped to the padded input
    (``count_include_pad``), or the number of input elements in it (1 for a window with none: its
    sum is 0 anyway). Cached (a model pools the same shapes every step), so read-only."""
    if divisor:
        d = np.full(out_hw, float(divisor))
    else:
        sizes = []
        for n, k, s, p, o in zip(shape_hw, kernel, stride, padding, out_hw):
            start = np.arange(o) * s - p
            end = np.minimum(start + k, n + p)
            sizes.append(end - start if count_include_pad else
                         np.maximum(np.minimum(end, n) - np.maximum(start, 0), 0))
        d = np.outer(*sizes).astype(np.float64)
    scale = 1.0 / np.where(d != 0, d, 1.0)
    scale.flags.writeable = False
    return scale


def avg_pool2d(x, kernel, stride, padding, out_hw, count_include_pad, divisor):
    """Average pooling of float planes ``x`` (B, H, W) -> (B, OH, OW); ``divisor`` 0 means none."""
    scale = avg_scales(x.shape[1:], kernel, stride, padding, out_hw, count_include_pad, divisor)
    if not JIT_ENABLED:
        one = (1, 1)
        xp = _pad_to_windows(x, kernel, stride, padding, one, out_hw, 0)
        return (_windows(xp, out_hw, kernel, stride, one).sum(axis=(-2, -1)) * scale).astype(x.dtype, copy=False)
    out = np.empty((x.shape[0],) + tuple(out_hw), dtype=x.dtype)
    _pick(_AVG_POOL, out.size * kernel[0] * kernel[1])(x, out, scale, *kernel, *stride, *padding)
    return out


def avg_pool2d_backward(g, shape, kernel, stride, padding, count_include_pad, divisor):
    """Gradient of average pooling: each output's gradient over its divisor, added to every input
    element of its window. ``g`` (B, OH, OW) -> (B, H, W) = ``shape``."""
    out_hw = g.shape[1:]
    scale = avg_scales(shape[1:], kernel, stride, padding, out_hw, count_include_pad, divisor)
    if not JIT_ENABLED:  # kh * kw strided slice-adds into the padded input's gradient
        one = (1, 1)
        gp = np.zeros(_pad_to_windows(np.empty(shape), kernel, stride, padding, one, out_hw, 0).shape)
        (oh, ow), (sh, sw), share = out_hw, stride, g * scale
        for a in range(kernel[0]):
            for c in range(kernel[1]):
                gp[:, a:a + (oh - 1) * sh + 1:sh, c:c + (ow - 1) * sw + 1:sw] += share
        return gp[:, padding[0]:padding[0] + shape[1], padding[1]:padding[1] + shape[2]].astype(g.dtype)
    gin = np.zeros(shape, dtype=g.dtype)
    _pick(_AVG_POOL_BACKWARD, g.size * kernel[0] * kernel[1])(np.ascontiguousarray(g), gin, scale, *kernel, *stride,
                                                               *padding)
    return gin


# -- adaptive pooling -------------------------------------------------------------------------------------
def adaptive_bounds(n, o):
    """Start and end (exclusive) of each of the ``o`` adaptive windows over ``n`` elements."""
    i = np.arange(o)
    return (i * n) // o, -((-(i + 1) * n) // o)


def _adaptive_avg_planes(x, out):
    B, H, W = x.shape
    OH, OW = out.shape[1], out.shape[2]
    for b in prange(B):
        for i in range(OH):
            hs, he = (i * H) // OH, -((-(i + 1) * H) // OH)
            for j in range(OW):
                ws, we = (j * W) // OW, -((-(j + 1) * W) // OW)
                total = 0.0
                for h in range(hs, he):
                    for w in range(ws, we):
                        total += x[b, h, w]
                out[b, i, j] = total / ((he - hs) * (we - ws))


def _adaptive_avg_backward_planes(g, gin):
    B, H, W = gin.shape
    OH, OW = g.shape[1], g.shape[2]
    for b in prange(B):
        for i in range(OH):
            hs, he = (i * H) // OH, -((-(i + 1) * H) // OH)
            for j in range(OW):
                ws, we = (j * W) // OW, -((-(j + 1) * W) // OW)
                share = g[b, i, j] / ((he - hs) * (we - ws))
                for h in range(hs, he):
                    for w in range(ws, we):
                        gin[b, h, w] += share


def _adaptive_max_planes(x, out, idx, low):
    B, H, W = x.shape
    OH, OW = out.shape[1], out.shape[2]
    for b in prange(B):
        for i in range(OH):
            hs, he = (i * H) // OH, -((-(i + 1) * H) // OH)
            for j in range(OW):
                ws, we = (j * W) // OW, -((-(j + 1) * W) // OW)
                best = low
                best_at = hs * W + ws
                for h in range(hs, he):
                    for w in range(ws, we):
                        v = x[b, h, w]
                        if v > best or v != v:
                            best = v
                            best_at = h * W + w
                out[b, i, j] = best
                idx[b, i, j] = best_at


_ADAPTIVE_AVG = _twins(_adaptive_avg_planes)
_ADAPTIVE_AVG_BACKWARD = _twins(_adaptive_avg_backward_planes)
_ADAPTIVE_MAX = _twins(_adaptive_max_planes)


def _window_slices(shape_hw, out_hw):
    (hs, he), (ws, we) = (adaptive_bounds(n, o) for n, o in zip(shape_hw, out_hw))
    for i in range(out_hw[0]):
        for j in range(out_hw[1]):
            yield i, j, slice(hs[i], he[i]), slice(ws[j], we[j])


def adaptive_avg_pool2d(x, out_hw):
    """Adaptive average pooling of float planes (B, H, W) -> (B, OH, OW)."""
    out = np.empty((x.shape[0],) + tuple(out_hw), dtype=x.dtype)
    if not JIT_ENABLED:
        for i, j, rows, cols in _window_slices(x.shape[1:], out_hw):
            out[:, i, j] = x[:, rows, cols].mean(axis=(1, 2))
        return out
    _pick(_ADAPTIVE_AVG, x.size)(x, out)
    return out


def adaptive_avg_pool2d_backward(g, shape):
    gin = np.zeros(shape, dtype=g.dtype)
    if not JIT_ENABLED:
        for i, j, rows, cols in _window_slices(shape[1:], g.shape[1:]):
            area = (rows.stop - rows.start) * (cols.stop - cols.start)
            gin[:, rows, cols] += (g[:, i, j] / area)[:, None, None]
        return gin
    _pick(_ADAPTIVE_AVG_BACKWARD, gin.size)(np.ascontiguousarray(g), gin)
    return gin


def adaptive_max_pool2d(x, out_hw):
    """Adaptive max pooling of planes (B, H, W): ``(values, indices)``, each (B, OH, OW)."""
    out = np.empty((x.shape[0],) + tuple(out_hw), dtype=x.dtype)
    idx = np.empty(out.shape, dtype=np.int64)
    if not JIT_ENABLED:
        W = x.shape[2]
        for i, j, rows, cols in _window_slices(x.shape[1:], out_hw):
            win = x[:, rows, cols].reshape(x.shape[0], (rows.stop - rows.start) * (cols.stop - cols.start))
            arg = _first_max_or_last_nan(win)
            out[:, i, j] = win[np.arange(x.shape[0]), arg]
            a, c = np.divmod(arg, cols.stop - cols.start)
            idx[:, i, j] = (rows.start + a) * W + cols.start + c
        return out, idx
    _pick(_ADAPTIVE_MAX, x.size)(x, out, idx, lowest(x.dtype))
    return out, idx


# -- batch norm ---------------------------------------------------------------------------------------------
def _channel_stats_loop(x, mean, var):
    N, C, L = x.shape
    count = N * L
    for c in prange(C):
        total = 0.0
        for n in range(N):
            for i in range(L):
                total += x[n, c, i]
        m = total / count
        sq = 0.0
        for n in range(N):
            for i in range(L):
                d = x[n, c, i] - m
                sq += d * d
        mean[c] = m
        var[c] = sq / count


def _scale_shift_loop(x, scale, shift, out):
    N, C, L = x.shape
    for c in prange(C):
        a, b = scale[c], shift[c]
        for n in range(N):
            for i in range(L):
                out[n, c, i] = x[n, c, i] * a + b


def _grad_sums_loop(g, x, mean, sum_g, sum_gx):
    N, C, L = x.shape
    for c in prange(C):
        m = mean[c]
        s = 0.0
        sx = 0.0
        for n in range(N):
            for i in range(L):
                gi = g[n, c, i]
                s += gi
                sx += gi * (x[n, c, i] - m)
        sum_g[c] = s
        sum_gx[c] = sx


def _batch_norm_input_grad_loop(g, x, mean, a, b, k, gin):
    """gin = (g - b - (x - mean) * k) * a, per channel (the training-mode input gradient)."""
    N, C, L = x.shape
    for c in prange(C):
        m, ac, bc, kc = mean[c], a[c], b[c], k[c]
        for n in range(N):
            for i in range(L):
                gin[n, c, i] = (g[n, c, i] - bc - (x[n, c, i] - m) * kc) * ac


_STATS = _twins(_channel_stats_loop, fastmath=True)
_SCALE_SHIFT = _twins(_scale_shift_loop, fastmath=True)
_GRAD_SUMS = _twins(_grad_sums_loop, fastmath=True)
_INPUT_GRAD = _twins(_batch_norm_input_grad_loop, fastmath=True)


def channel_stats(x):
    """Per-channel mean and biased variance of ``x`` (N, C, L), in float64 (two passes)."""
    if not JIT_ENABLED:
        mean = x.mean(axis=(0, 2), dtype=np.float64)
        return mean, ((x - mean[:, None]) ** 2).mean(axis=(0, 2), dtype=np.float64)
    mean = np.empty(x.shape[1])
    var = np.empty(x.shape[1])
    _pick(_STATS, x.size)(x, mean, var)
    return mean, var


def scale_shift(x, scale, shift):
    """``x * scale[c] + shift[c]`` for ``x`` (N, C, L), in x's dtype."""
    scale, shift = scale.astype(x.dtype), shift.astype(x.dtype)
    if not JIT_ENABLED:
        return x * scale[:, None] + shift[:, None]
    out = np.empty_like(x)
    _pick(_SCALE_SHIFT, x.size)(x, scale, shift, out)
    return out


def grad_sums(g, x, mean):
    """Per channel: ``sum(g)`` and ``sum(g * (x - mean))`` over N and L, in float64."""
    if not JIT_ENABLED:
        return (g.sum(axis=(0, 2), dtype=np.float64),
                (g * (x - mean[:, None].astype(x.dtype))).sum(axis=(0, 2), dtype=np.float64))
    sum_g, sum_gx = np.empty(x.shape[1]), np.empty(x.shape[1])
    _pick(_GRAD_SUMS, x.size)(g, x, mean, sum_g, sum_gx)
    return sum_g, sum_gx


def batch_norm_input_grad(g, x, mean, a, b, k):
    """``(g - b[c] - (x - mean[c]) * k[c]) * a[c]`` for (N, C, L) arrays, in g's dtype."""
    if not JIT_ENABLED:
        col = lambda v: v.astype(g.dtype)[:, None]  # noqa: E731
        return (g - col(b) - (x - col(mean)) * col(k)) * col(a)
    gin = np.empty_like(g)
    _pick(_INPUT_GRAD, x.size)(g, x, mean, a, b, k, gin)
    return gin
