"""The data movements of a convolution that BLAS cannot do: im2col, col2im, and the swap of the
batch and channel axes between the products' layout and torch's.

A 2-d convolution is one matrix product once every input window is laid out as a column.
For a padded input ``xp`` of shape (N, C, Hp, Wp), a kernel (kh, kw), a stride (sh, sw) and a
dilation (dh, dw), the window of output pixel (n, oh, ow) holds, for every channel c and kernel
offset (i, j), the input value

    xp[n, c, oh*sh + i*dh, ow*sw + j*dw]

``windows`` is that 6-d array as a zero-copy strided view, indexed ``[c, i, j, n, oh, ow]``.
Flattened to a matrix, its rows are (c, i, j) -- exactly the layout of a weight row
``w[o, c, i, j]`` -- and its columns are the output pixels (n, oh, ow), so that

    out[o, (n, oh, ow)] = W (O, C*kh*kw) @ cols (C*kh*kw, N*OH*OW)

``im2col`` makes that matrix (the one copy the forward pass needs). ``col2im`` is its adjoint:
it adds every entry of a column matrix back onto the input pixel it was read from (pixels
shared by overlapping windows receive several contributions), which is how the gradient of the
columns becomes the gradient of the input.

The product's output is (O, N*OH*OW): ``swap_batch_and_channels`` turns it into torch's
(N, O, OH*OW) with the bias added on the way, and turns grad_out into the product's layout.

All are plain loops in numba (contiguous writes, no temporaries); im2col and col2im run in parallel
over independent rows above a size threshold. Without the JIT, im2col is NumPy's copy of the
strided view and col2im a loop of kh*kw strided slice-adds: same results, only slower. ``scratch`` hands
out reusable memory for the temporaries (columns, their gradients) that a convolution drops
before it returns.
"""
import math
import threading

import numba
import numpy as np
from numpy.lib.stride_tricks import as_strided

from . import JIT_ENABLED, njit

_u = numba.uint64

# Below this many column entries a kernel runs on one thread: starting threads costs more than
# it saves. Above it the rows are split across numba's threads.
PARALLEL_THRESHOLD = 1 << 21

NARROW = 8  # output rows shorter than this are copied as one gather per window (see _im2col_rows)
_NO_OFFSETS = np.zeros(0, np.uint64)  # what _im2col_rows gets when it copies row by row

_JIT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_NO_BIAS = {dtype: np.zeros(0, dtype) for dtype in _JIT_DTYPES}  # what _swap_loop gets without a bias

_scratch = threading.local()


def scratch(slot, shape, dtype):
    """An uninitialized C-contiguous array for a temporary that is dropped before the op returns
    (a chunk's columns, their gradient), carved from a buffer kept per thread and ``slot``.

    Why reuse: the operating system hands out fresh memory page by page, zeroed on first touch,
    and faulting in the megabytes of a column matrix at every call costs several times the
    im2col copy itself. The buffers grow to the largest request (a batch chunk's columns or
    output, see ``COLUMN_BUDGET`` in nn/functional/conv.py); ``free_scratch()`` gives them back.
    """
    dtype = np.dtype(dtype)
    nbytes = dtype.itemsize * math.prod(shape)
    buf = getattr(_scratch, slot, None)
    if buf is None or buf.nbytes < nbytes:
        buf = np.empty(max(nbytes, 64), dtype=np.uint8)
        setattr(_scratch, slot, buf)
    return buf[:nbytes].view(dtype).reshape(shape)


def free_scratch():
    """Drop this thread's scratch buffers."""
    _scratch.__dict__.clear()


def windows(xp, kernel, stride, dilation, out_size):
    """The zero-copy view ``[c, i, j, n, oh, ow] -> xp[n, c, oh*sh + i*dh, ow*sw + j*dw]``."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out_size
    n, c = xp.shape[:2]
    s_n, s_c, s_h, s_w = xp.strides
    return as_strided(xp, (c, kh, kw, n, oh, ow), (s_c, s_h * dh, s_w * dw, s_n, s_h * sh, s_w * sw),
                      writeable=False)


def im2col(xp, kernel, stride, dilation, out_size, out=None):
    """The column matrix (C*kh*kw, N*OH*OW) of a padded input (N, C, Hp, Wp), written into ``out``
    (any C-contiguous array of that size, e.g. from ``scratch``) or into a new array."""
    (kh, kw), (oh, ow) = kernel, out_size
    n, c = xp.shape[:2]
    shape = (c, kh, kw, n, oh, ow)
    cols = np.empty(shape, dtype=xp.dtype) if out is None else out.reshape(shape)
    if JIT_ENABLED and xp.dtype in _JIT_DTYPES:
        offsets = _NO_OFFSETS
        if ow < NARROW:  # where each output pixel's value sits relative to its window's corner
            offsets = (np.arange(oh)[:, None] * (stride[0] * xp.shape[3]) + np.arange(ow) * stride[1])
            offsets = offsets.astype(np.uint64).reshape(-1)
        _run(_im2col_rows, _im2col_parallel, cols.size, c * kh * kw, xp, cols, offsets, *stride, *dilation)
    else:
        cols[...] = windows(xp, kernel, stride, dilation, out_size)
    return cols.reshape(c * kh * kw, n * oh * ow)


def col2im(cols, out, kernel, stride, dilation, out_size):
    """The adjoint of ``im2col``: add each entry of ``cols`` (C*kh*kw, N*OH*OW) onto the pixel of the
    padded-input-shaped ``out`` (N, C, Hp, Wp, C-contiguous) it was read from, in place."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out_size
    n, c = out.shape[:2]
    cols = np.ascontiguousarray(cols).reshape(c, kh, kw, n, oh, ow)
    if JIT_ENABLED and cols.dtype in _JIT_DTYPES and out.dtype == cols.dtype:
        _run(_col2im_channels, _col2im_parallel, cols.size, c, cols, out, sh, sw, dh, dw)
        return
    for i in range(kh):
        for j in range(kw):
            # the (i, j) entries of all windows sit on a strided grid of pixels: add them at once
            out[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw] += \
                cols[:, i, j].transpose(1, 0, 2, 3)


def swap_batch_and_channels(src, dst, bias=None):
    """``dst[i, j, :] = src[j, i, :] (+ bias[j])``: between the GEMMs' layout (channels, batch, pixels)
    and torch's (batch, channels, pixels), with the bias added on the way (one pass, not two)."""
    if JIT_ENABLED and src.dtype in _JIT_DTYPES and dst.dtype == src.dtype:
        no_bias = bias is None  # (an empty array of src's dtype then: one compiled version per dtype)
        _swap_loop(src, dst, _NO_BIAS[src.dtype] if no_bias else bias.astype(src.dtype, copy=False), not no_bias)
        return
    dst[...] = src.transpose(1, 0, 2)
    if bias is not None:
        dst += bias[:, None]


def _run(serial, parallel, size, rows, *args):
    """Run a kernel over its ``rows`` independent units of work: on one thread below the size
    threshold, else in one contiguous block of rows per numba thread."""
    threads = 1 if size < PARALLEL_THRESHOLD or rows < 2 else numba.get_num_threads()
    if threads == 1:
        serial(*args, 0, rows)
    else:
        parallel(*args, min(threads, rows))


# The kernels walk flat (1-d) views with unsigned offsets: numba then skips the check for negative
# (from the end) indices that it adds to every signed index, and the innermost loop, over one row
# of output pixels, becomes a plain copy (or add) of contiguous memory when the stride is 1, which
# the compiler vectorizes. That row is short (12 pixels for the course's 12x12 maps), so what the
# loops around it cost matters as much as the copy itself.

@njit
def _im2col_rows(xp, cols, offsets, sh, sw, dh, dw, start, stop):
    """cols[c, i, j, n, oh, ow] = xp[n, c, oh*sh + i*dh, ow*sw + j*dw] for the (c, i, j) rows with
    flat index in [start, stop). ``offsets[oh*OW + ow]`` is ``oh*sh*Wp + ow*sw``: for outputs
    narrower than ``NARROW`` (a 4x4 map) a row-by-row copy spends more on its loops than on
    copying, and one gather over the window's OH*OW offsets is 1.8x faster."""
    _, channels, height, width = xp.shape
    _, kh, kw, n_batch, out_h, out_w = cols.shape
    x, out = xp.reshape(-1), cols.reshape(-1)
    width, out_h, out_w, sh, sw, dh, dw = _u(width), _u(out_h), _u(out_w), _u(sh), _u(sw), _u(dh), _u(dw)
    plane, pixels = _u(height) * width, out_h * out_w
    o = _u(start) * _u(n_batch) * pixels  # where row ``start`` begins in cols
    for row in range(_u(start), _u(stop)):
        c, i, j = row // _u(kh * kw), row // _u(kw) % _u(kh), row % _u(kw)
        for n in range(_u(n_batch)):
            window = (n * _u(channels) + c) * plane + i * dh * width + j * dw  # x[n, c, i*dh, j*dw]
            if out_w < NARROW:
                for q in range(pixels):
                    out[o + q] = x[window + offsets[q]]
                o += pixels
                continue
            for oh in range(out_h):
                src = window + oh * sh * width
                if sw == 1:
                    for ow in range(out_w):
                        out[o + ow] = x[src + ow]
                else:
                    for ow in range(out_w):
                        out[o + ow] = x[src + ow * sw]
                o += out_w


@njit
def _col2im_channels(cols, gxp, sh, sw, dh, dw, start, stop):
    """gxp[n, c, oh*sh + i*dh, ow*sw + j*dw] += cols[c, i, j, n, oh, ow] for the channels c in
    [start, stop). Each channel's planes are written by one call only, so blocks run in parallel.

    The loops follow the layout of ``cols`` (one sequential read), not of the planes: reading
    every (i, j) row of one plane at once would open kh*kw streams spaced N*OH*OW apart, which
    for a batch of 64 and a 12x12 output is a multiple of 4 KiB, so a 5x5 kernel's 25 streams
    fall into the same cache sets and evict each other (2x slower)."""
    _, channels, height, width = gxp.shape
    _, kh, kw, n_batch, out_h, out_w = cols.shape
    g, src = gxp.reshape(-1), cols.reshape(-1)
    width, out_h, out_w, sh, sw, dh, dw = _u(width), _u(out_h), _u(out_w), _u(sh), _u(sw), _u(dh), _u(dw)
    plane = _u(height) * width
    o = _u(start) * _u(kh * kw) * _u(n_batch) * out_h * out_w  # where channel ``start`` begins in cols
    for c in range(_u(start), _u(stop)):
        for i in range(_u(kh)):
            for j in range(_u(kw)):
                for n in range(_u(n_batch)):
                    window = (n * _u(channels) + c) * plane + i * dh * width + j * dw
                    for oh in range(out_h):
                        dst = window + oh * sh * width
                        if sw == 1:
                            for ow in range(out_w):
                                g[dst + ow] += src[o + ow]
                        else:
                            for ow in range(out_w):
                                g[dst + ow * sw] += src[o + ow]
                        o += out_w


@njit
def _swap_loop(src, dst, bias, add_bias):
    for i in range(dst.shape[0]):
        for j in range(dst.shape[1]):
            row_in, row_out = src[j, i], dst[i, j]
            if add_bias:
                b = bias[j]
                for p in range(row_out.shape[0]):
                    row_out[p] = row_in[p] + b
            else:
                for p in range(row_out.shape[0]):
                    row_out[p] = row_in[p]


@njit(parallel=True)
def _im2col_parallel(xp, cols, offsets, sh, sw, dh, dw, blocks):
    rows = cols.shape[0] * cols.shape[1] * cols.shape[2]
    for b in numba.prange(blocks):
        _im2col_rows(xp, cols, offsets, sh, sw, dh, dw, b * rows // blocks, (b + 1) * rows // blocks)


@njit(parallel=True)
def _col2im_parallel(cols, gxp, sh, sw, dh, dw, blocks):
    channels = gxp.shape[1]
    for b in numba.prange(blocks):
        _col2im_channels(cols, gxp, sh, sw, dh, dw, b * channels // blocks, (b + 1) * channels // blocks)
