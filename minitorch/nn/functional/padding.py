"""``F.pad``: grow (or, with negative amounts, crop) the last dims of a tensor.

``pad`` lists amounts for the last dims first, two per dim: ``(left, right)`` for the last dim,
then ``(top, bottom)`` for the one before, and so on. The modes:

* ``'constant'`` (any number of dims): new positions hold ``value`` (default 0). A negative
  amount removes that many elements instead. One node, ``ConstantPadNdBackward0``, whose
  backward is the gradient's slice over the kept input.
* ``'reflect'``, ``'replicate'`` (the last 1, 2 or 3 dims of a batched or unbatched input):
  every output position reads an input position, mirrored at the edges without repeating the
  edge (``2 1 | 0 1 2 3 | 2 1``) or clamped to the edge (``0 0 | 0 1 2 3 | 3 3``). Each padded
  dim is an index map, so forward is a gather along each dim and backward adds the gradient
  back along the same maps (an edge element receives the gradients of all its copies).
* ``'circular'``: the input wraps around (``2 3 | 0 1 2 3 | 0 1``); torch builds it from slice
  copies, so its ``grad_fn`` is ``CopySlices``, and a negative amount crops before wrapping.
"""
import math

import numpy as np

from ..._kernels import pooling as _k
from ..._tensor import Tensor
from ...autograd.function import ArrayFunction
from ...ops.elementwise import _type_word

__all__ = ["pad"]

_MODES = ("constant", "reflect", "replicate", "circular")


class ConstantPadNd(ArrayFunction):
    """``value`` around the input (or the input cropped, for negative amounts)."""

    backward_name = "ConstantPadNdBackward0"

    @staticmethod
    def forward(ctx, x, amounts, value):
        out_shape, src, dst = _constant_layout(x.shape, amounts)
        out = np.empty(out_shape, dtype=x.dtype)
        out[dst] = x[src]
        for axis, kept in enumerate(dst):  # the margins before and after the copy, dim by dim
            before = (slice(None),) * axis
            out[before + (slice(0, kept.start),)] = value
            out[before + (slice(kept.stop, None),)] = value
        ctx.in_shape, ctx.src, ctx.dst = x.shape, src, dst
        return out

    @staticmethod
    def backward(ctx, g):
        kept = g[ctx.dst]
        if kept.shape == ctx.in_shape:  # nothing was cropped: the slice is the whole gradient
            return kept, None, None
        gin = np.zeros(ctx.in_shape, dtype=g.dtype)
        gin[ctx.src] = kept
        return gin, None, None


def _constant_layout(shape, amounts):
    """Output shape, and the input slice that lands in the output slice, for ``(before, after)``
    amounts per dim (negative: crop)."""
    out_shape, src, dst = [], [], []
    for n, (before, after) in zip(shape, amounts):
        start, stop = max(-before, 0), n - max(-after, 0)
        kept = max(stop - start, 0)
        out_shape.append(n + before + after)
        src.append(slice(start, start + kept))
        dst.append(slice(max(before, 0), max(before, 0) + kept))
    return tuple(out_shape), tuple(src), tuple(dst)


class _IndexMapPad(ArrayFunction):
    """Padding in which every output position copies one input position. The per-dim index maps
    combine into one map from each output position of the padded trailing dims to a flat input
    position; forward gathers through it, backward adds each output's gradient back into the
    position it was copied from (a numba scatter)."""

    @staticmethod
    def forward(ctx, x, maps):
        k = len(maps)
        lead, trailing = x.shape[:-k], x.shape[-k:]
        flat = np.ravel_multi_index(np.ix_(*[index for _, index in maps]), trailing).ravel()
        ctx.flat, ctx.in_shape, ctx.k = flat, x.shape, k
        rows = np.ascontiguousarray(x).reshape(math.prod(lead), math.prod(trailing))
        return np.take(rows, flat, axis=1).reshape(lead + tuple(len(index) for _, index in maps))

    @staticmethod
    def backward(ctx, g):
        lead, trailing = ctx.in_shape[:-ctx.k], ctx.in_shape[-ctx.k:]
        rows = np.ascontiguousarray(g).reshape(math.prod(lead), ctx.flat.size)
        gin = _k.scatter_add_shared(rows, ctx.flat, math.prod(trailing))
        return gin.reshape(ctx.in_shape), None


def _named(base, name):
    return type(name, (base,), {"backward_name": name + "Backward0", "__module__": __name__})


_REFLECT = {n: _named(_IndexMapPad, f"ReflectionPad{n}D") for n in (1, 2, 3)}
_REPLICATE = {n: _named(_IndexMapPad, f"ReplicationPad{n}D") for n in (1, 2, 3)}
CircularPad = type("CircularPad", (_IndexMapPad,), {"backward_name": "CopySlices", "__module__": __name__,
                                                    "__doc__": "Circular padding (torch's node is CopySlices)."})


def _reflect_index(n, before, after):
    pos = np.arange(-before, n + after)
    pos = np.abs(pos)
    return np.where(pos >= n, 2 * (n - 1) - pos, pos)


def _replicate_index(n, before, after):
    return np.clip(np.arange(-before, n + after), 0, n - 1)


def _circular_index(n, before, after):
    """Crop first (negative amounts), then wrap around what is left."""
    start, stop = max(-before, 0), n - max(-after, 0)
    return start + np.arange(-max(before, 0), stop - start + max(after, 0)) % max(stop - start, 1)


# -- the public function ----------------------------------------------------------------------------
def pad(input, pad, mode="constant", value=None):
    """``F.pad(input, pad, mode='constant', value=None)``: see the module docstring."""
    amounts = _pad_amounts(pad)
    if mode not in _MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    shape = input._data.shape
    if len(amounts) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(amounts) > 2 * len(shape):
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(amounts)} and input of dimension {len(shape)}")
    pairs = [(amounts[i], amounts[i + 1]) for i in range(0, len(amounts), 2)]  # last dim first
    if mode == "constant":
        return _constant(input, pairs, 0 if value is None else value)
    if value is not None and value != 0:
        raise RuntimeError(f"Padding mode \"{mode}\" doesn't take in value argument")
    return _mapped(input, pairs, mode)


def _pad_amounts(pad):
    if isinstance(pad, Tensor) or not isinstance(pad, (tuple, list)):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not {type(pad).__name__}")
    for i, p in enumerate(pad):
        if not isinstance(p, (int, np.integer)) or isinstance(p, bool):
            raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type "
                            f"{type(p).__name__} at pos {i}")
    return [int(p) for p in pad]


def _constant(input, pairs, value):
    shape = input._data.shape
    full = [(0, 0)] * (len(shape) - len(pairs)) + pairs[::-1]
    for n, (before, after) in zip(shape, full):
        if n + min(before, 0) + min(after, 0) < 0:  # torch crops first, then pads
            raise RuntimeError("narrow(): length must be non-negative.")
    return ConstantPadNd.apply(input, tuple(full), value)


def _mapped(input, pairs, mode):
    """reflect / replicate / circular: torch's shape checks, then one index map per padded dim."""
    shape = input._data.shape
    k = len(pairs)
    if k not in (1, 2, 3) or len(shape) not in (k + 1, k + 2):
        raise NotImplementedError(
            f"Padding size {2 * k} is not supported for {len(shape)}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    axes = [len(shape) - 1 - j for j in range(k)]  # the dim each (before, after) pair pads
    if mode == "circular":
        if any(before > shape[a] or after > shape[a] for a, (before, after) in zip(axes, pairs)):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        maps = [(a, _circular_index(shape[a], *p)) for a, p in zip(axes, pairs)]
        return CircularPad.apply(input, tuple(sorted(maps)))

    if 0 in shape[1 if len(shape) == k + 2 else 0:]:  # only the batch dim may be empty
        raise RuntimeError(f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and other "
                           f"non-zero dimensions for input, but got: {list(shape)}")
    out_shape = list(shape)
    for j, (a, (before, after)) in enumerate(zip(axes, pairs)):
        if mode == "reflect" and (before >= shape[a] or after >= shape[a]):
            raise RuntimeError(f"Argument #{4 + 2 * j}: Padding size should be less than the corresponding input "
                               f"dimension, but got: padding ({before}, {after}) at dimension {a} of input "
                               f"{list(shape)}")
        out_shape[a] = shape[a] + before + after
        if k == 1 and out_shape[a] < 1:
            raise RuntimeError(f"input (W: {shape[a]}) is too small. Calculated output W: {out_shape[a]}")
    if min(out_shape) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(out_shape)}: {out_shape}")
    word = "reflection" if mode == "reflect" else "replication"
    if input._data.dtype.kind == "b":
        raise NotImplementedError(f"\"{word}_pad{k}d\" not implemented for '{_type_word(input._data.dtype)}'")
    index_of = _reflect_index if mode == "reflect" else _replicate_index
    maps = [(a, index_of(shape[a], *p)) for a, p in zip(axes, pairs)]
    return (_REFLECT if mode == "reflect" else _REPLICATE)[k].apply(input, tuple(sorted(maps)))
