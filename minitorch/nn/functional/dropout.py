"""Dropout: ``dropout`` (elementwise), ``dropout1d/2d/3d`` (whole channels), ``alpha_dropout`` and
``feature_alpha_dropout`` (the SELU-preserving kind).

In training, each element (or channel) is kept with probability ``1 - p`` and scaled by
``1 / (1 - p)``, so the expected output equals the input; the mask is drawn from minitorch's
random stream, so ``minitorch.manual_seed`` makes it reproducible (the stream differs from
torch's; only the distribution matches). The node multiplies by the saved scaled mask, forward
and backward alike, and is named ``MulBackward0`` as in torch. With ``training=False`` or
``p == 0`` the input itself is returned, as torch returns it.
"""
import math
import warnings

import numpy as np

from ... import _random
from ...autograd.function import ArrayFunction
from ...ops import inplace as _inplace
from ...ops.elementwise import _type_word

__all__ = ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"]

# -scale * alpha of SELU: the value SELU gives for very negative input, which alpha dropout drops to
_ALPHA_PRIME = 1.7580993408473766


class Dropout(ArrayFunction):
    """``x * mask``, with mask the kept positions already scaled by 1 / (1 - p) (0 where dropped)."""

    backward_name = "MulBackward0"

    @staticmethod
    def forward(ctx, x, mask):
        ctx.save_for_backward(mask)
        return x * mask

    @staticmethod
    def backward(ctx, g):
        (mask,) = ctx.saved_tensors
        return g * mask, None


class DropoutUnbatched(Dropout):
    backward_name = "SqueezeBackward1"  # torch adds a batch dim to unbatched input, then squeezes it out


class AlphaDropout(ArrayFunction):
    """``x * a + b``: kept elements are scaled by ``a``, dropped ones set to a constant, with ``a`` and
    ``b`` chosen so that a zero-mean, unit-variance input keeps its mean and variance."""

    backward_name = "AddBackward0"

    @staticmethod
    def forward(ctx, x, a, b):
        ctx.save_for_backward(a)
        return x * a + b

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * a, None, None


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _check_float_result(input):
    """Scaling by 1 / (1 - p) makes a float; torch refuses to write it into an integer tensor."""
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_type_word(input._data.dtype)}")


def _keep_mask(input, p, shape):
    """A float mask of ones (kept, probability 1 - p) and zeros (dropped) of ``shape``: the input's
    shape, or a channel shape such as (N, C, 1, 1) that broadcasts one draw over each channel."""
    return (_random.rng().random(shape) >= p).astype(input._data.dtype)


def _channel_shape(shape, batched):
    """One draw per (sample, channel) for batched input, per channel (dim 0) for unbatched input."""
    lead = 2 if batched else 1
    return shape[:lead] + (1,) * (len(shape) - lead)


def _dropout(input, p, training, inplace, shape=None, node=Dropout):
    """Shared by every dropout: validate p, draw the scaled mask, apply it (or pass input through)."""
    _check_p(p)
    if not training or p == 0.0 or input._data.size == 0:
        return input
    if p == 1.0:
        mask = np.zeros((), dtype=input._data.dtype)
    else:
        _check_float_result(input)
        mask = _keep_mask(input, p, input._data.shape if shape is None else shape)
        mask *= 1.0 / (1.0 - p)
    if inplace:
        return _inplace.inplace(input, node.apply, mask)
    return node.apply(input, mask)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p``, scale the rest by ``1 / (1 - p)`` (in training)."""
    return _dropout(input, p, training, inplace)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) input with probability ``p``."""
    ndim = input._data.ndim
    if ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {ndim}D input. Note that dropout1d "
                           "exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
                           "dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    return _channel_dropout(input, p, training, inplace, batched=ndim == 3)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) or (C, H, W) input with probability ``p``; other ranks are
    accepted with torch's deprecation warnings (3-D input is taken as (N, C, L), as torch still does)."""
    ndim = input._data.ndim
    if ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated and will result in "
                      "an error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D "
                      "inputs).", stacklevel=2)
    if ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                      "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. "
                      "This behavior will change in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.", stacklevel=2)
    if ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    return _dropout(input, p, training, inplace, _channel_shape(input._data.shape, True))


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) input with probability ``p``."""
    ndim = input._data.ndim
    if ndim not in (4, 5):
        warnings.warn(f"dropout3d: Received a {ndim}-D input to dropout3d, which is deprecated and will result in "
                      "an error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D "
                      "inputs).", stacklevel=2)
    return _channel_dropout(input, p, training, inplace, batched=ndim == 5)


def _channel_dropout(input, p, training, inplace, batched):
    """Channel dropout. Unbatched input is treated as a batch of one, as torch does (whose node is
    then the squeeze that removes that batch dim again)."""
    shape = _channel_shape(input._data.shape, batched)
    return _dropout(input, p, training, inplace, shape, Dropout if batched else DropoutUnbatched)


def _alpha_dropout(input, p, training, inplace, feature):
    _check_p(p)
    if not training or p == 0.0 or input._data.size == 0:
        return input
    if feature and input._data.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if p == 1.0:  # everything dropped: torch multiplies by zero
        mask = np.zeros((), dtype=input._data.dtype)
        return _inplace.inplace(input, Dropout.apply, mask) if inplace else Dropout.apply(input, mask)
    _check_float_result(input)
    shape = _channel_shape(input._data.shape, True) if feature else input._data.shape
    keep = _keep_mask(input, p, shape)
    a = 1.0 / math.sqrt((_ALPHA_PRIME * _ALPHA_PRIME * p + 1.0) * (1.0 - p))
    b = (keep - 1.0) * (_ALPHA_PRIME * a) + _ALPHA_PRIME * a * p
    keep *= a
    if inplace:
        return _inplace.inplace(input, AlphaDropout.apply, keep, b)
    return AlphaDropout.apply(input, keep, b)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks: dropped elements take SELU's negative saturation value, and an affine
    map restores the input's mean and variance. Note ``training`` defaults to False here, as in torch."""
    return _alpha_dropout(input, p, training, inplace, feature=False)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels (dim 1)."""
    return _alpha_dropout(input, p, training, inplace, feature=True)
