"""Distances and similarities between vectors (``F.cosine_similarity``, ``F.pairwise_distance``)
and the sub-pixel rearrangements (``F.pixel_shuffle``, ``F.pixel_unshuffle``).

The distances are compositions of tensor ops, as in torch, so their graphs and ``grad_fn`` names
are torch's (``SumBackward1``, ``NormBackward1``):

    cosine_similarity(x1, x2) = sum over dim of (x1 / max(|x1|, eps)) * (x2 / max(|x2|, eps))
    pairwise_distance(x1, x2) = || x1 - x2 + eps ||_p over the last dim

Dividing each vector by its (clamped) norm first, rather than the dot product by the product of
the norms, keeps the result in [-1, 1] and finite for huge or zero vectors.

pixel_shuffle moves channel blocks into space: (N, C*r*r, H, W) -> (N, C, H*r, W*r), output pixel
(h*r + i, w*r + j) of channel c taken from input channel c*r*r + i*r + j at (h, w);
pixel_unshuffle is its inverse. Both are one reshape-transpose-reshape, as one node.
"""
import numpy as np

from ...autograd.function import ArrayFunction
from ...ops.reduction import VectorNorm

__all__ = ["cosine_similarity", "pairwise_distance", "pixel_shuffle", "pixel_unshuffle"]


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim`` (inputs broadcast)."""
    n1 = x1.norm(2, dim=dim, keepdim=True).clamp(min=eps)
    n2 = x2.norm(2, dim=dim, keepdim=True).clamp(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm distance between ``x1`` and ``x2`` along the last dim (eps added to the
    difference, so the gradient at equal vectors is defined)."""
    diff = x1 - x2 + eps
    axes = (diff.dim() - 1,) if diff.dim() > 0 else ()
    return _Norm.apply(diff, float(p), axes, keepdim, None)


class _Norm(VectorNorm):
    """The p-norm as torch's ``at::norm`` records it (``NormBackward1``), which pairwise_distance uses."""

    backward_name = "NormBackward1"


def _shuffle_shapes(shape, r, name, upscale):
    """(shape of the 6-d middle step, output shape) for pixel_(un)shuffle, after torch's checks."""
    if len(shape) < 3:
        raise RuntimeError(f"{name} expects input to have at least 3 dimensions, but got input with "
                           f"{len(shape)} dimension(s)")
    if r <= 0:
        word = "upscale_factor" if upscale else "downscale_factor"
        raise RuntimeError(f"{name} expects a positive {word}, but got {r}")
    lead, (c, h, w) = tuple(shape[:-3]), shape[-3:]
    if upscale:
        if c % (r * r):
            raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square "
                               f"of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}")
        return lead + (c // (r * r), r, r, h, w), lead + (c // (r * r), h * r, w * r)
    if h % r or w % r:
        which, size = ("height", h) if h % r else ("width", w)
        axis = -2 if which == "height" else -1
        raise RuntimeError(f"pixel_unshuffle expects {which} to be divisible by downscale_factor, but "
                           f"input.size({axis})={size} is not divisible by {r}")
    return lead + (c, h // r, r, w // r, r), lead + (c * r * r, h // r, w // r)


class PixelShuffle(ArrayFunction):
    """(..., C*r*r, H, W) -> (..., C, H*r, W*r): split the channels into (C, i, j), move i and j next to
    H and W; backward is the inverse rearrangement."""

    backward_name = "PixelShuffleBackward0"
    upscale = True

    @staticmethod
    def order(k):
        """The permutation of the 5 trailing dims of the middle step (after ``k`` leading dims)."""
        return (k, k + 3, k + 1, k + 4, k + 2)  # (.., C, i, j, H, W) -> (.., C, H, i, W, j)

    @classmethod
    def forward(cls, ctx, x, r):
        name = "pixel_shuffle" if cls.upscale else "pixel_unshuffle"
        middle, out_shape = _shuffle_shapes(x.shape, r, name, cls.upscale)
        k = len(middle) - 5  # leading dims
        ctx.in_shape, ctx.middle, ctx.order = x.shape, middle, tuple(range(k)) + cls.order(k)
        return np.ascontiguousarray(x.reshape(middle).transpose(ctx.order)).reshape(out_shape)

    @staticmethod
    def backward(ctx, g):
        moved = tuple(ctx.middle[a] for a in ctx.order)
        return np.ascontiguousarray(g.reshape(moved).transpose(np.argsort(ctx.order))).reshape(ctx.in_shape), None


class PixelUnshuffle(PixelShuffle):
    """(..., C, H*r, W*r) -> (..., C*r*r, H, W), the inverse of pixel_shuffle."""

    backward_name = "PixelUnshuffleBackward0"
    upscale = False

    @staticmethod
    def order(k):
        return (k, k + 2, k + 4, k + 1, k + 3)  # (.., C, H, i, W, j) -> (.., C, i, j, H, W)


def pixel_shuffle(input, upscale_factor):
    """Rearrange (*, C*r*r, H, W) into (*, C, H*r, W*r) with r = ``upscale_factor``."""
    return PixelShuffle.apply(input, int(upscale_factor))


def pixel_unshuffle(input, downscale_factor):
    """Rearrange (*, C, H*r, W*r) into (*, C*r*r, H, W) with r = ``downscale_factor``."""
    return PixelUnshuffle.apply(input, int(downscale_factor))
