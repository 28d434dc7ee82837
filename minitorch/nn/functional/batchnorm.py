"""``F.batch_norm``: normalize each channel by its mean and variance, as one graph node
(``NativeBatchNormBackward0``, as torch).

For an input (N, C, *) with channel dim 1, every statistic is taken per channel over N and all
trailing dims (``n`` values per channel):

* training: ``y = (x - mean) / sqrt(var + eps) * weight + bias`` with the batch's mean and
  *biased* variance; the running statistics, when given, are updated in place with torch's
  rule ``running = (1 - momentum) * running + momentum * batch``, using the *unbiased*
  variance ``var * n / (n - 1)`` for ``running_var``;
* evaluation: the same formula with ``running_mean`` and ``running_var`` in place of the
  batch's, which are constants, so the input gradient is just ``g * weight / sqrt(var + eps)``.

In training the input gradient has two more terms, since the mean and variance depend on every
input: with ``xhat = (x - mean) * invstd``,
``dx = weight * invstd * (g - mean(g) - xhat * mean(g * xhat))``, means over the ``n`` values.
The per-channel sums run in numba kernels (``minitorch._kernels.pooling``), in float64.
"""
import math

import numpy as np

from ..._kernels import pooling as _k
from ..._tensor import Tensor
from ...autograd import grad_mode
from ...autograd.function import ArrayFunction
from ...ops.elementwise import _type_word

__all__ = ["batch_norm", "instance_norm"]


class NativeBatchNorm(ArrayFunction):
    """Batch norm of ``x`` (N, C, *) with optional per-channel ``weight`` and ``bias``; the running
    statistics (arrays, or None) are read in evaluation and updated in place in training."""

    backward_name = "NativeBatchNormBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        x3 = _channels(x)
        if training:
            mean, var = _k.channel_stats(x3)
            if running_mean is not None:
                n = x3.shape[0] * x3.shape[2]
                _blend(running_mean, mean, momentum)
                _blend(running_var, var * (n / (n - 1) if n > 1 else math.inf), momentum)
        else:
            mean, var = running_mean.astype(np.float64), running_var.astype(np.float64)
        invstd = 1.0 / np.sqrt(var + eps)
        w = np.ones_like(invstd) if weight is None else weight.astype(np.float64)
        b = np.zeros_like(invstd) if bias is None else bias.astype(np.float64)
        scale = w * invstd
        out = _k.scale_shift(x3, scale, b - mean * scale)
        ctx.save_for_backward(x)
        ctx.stats = mean, invstd, w, training
        return out.reshape(x.shape).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        mean, invstd, w, training = ctx.stats
        x3, g3 = _channels(x), _channels(g)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        sum_g = sum_gx = None
        if need_w or (training and need_x):
            sum_g, sum_gx = _k.grad_sums(g3, x3, mean)
        elif need_b:
            sum_g = g3.sum(axis=(0, 2), dtype=np.float64)
        gx = None
        if need_x:
            if training:
                n = x3.shape[0] * x3.shape[2]
                gx = _k.batch_norm_input_grad(g3, x3, mean, w * invstd, sum_g / n, sum_gx / n * invstd ** 2)
            else:
                gx = _k.scale_shift(g3, w * invstd, np.zeros_like(invstd))
            gx = gx.reshape(g.shape).astype(g.dtype, copy=False)
        gw = sum_gx * invstd if need_w else None
        gb = sum_g if need_b else None
        return gx, gw, gb, None, None, None, None, None


def _channels(a):
    """An (N, C, *) array as C-contiguous (N, C, L), in a dtype the kernels compile for (float16 is
    computed in float32)."""
    a = np.ascontiguousarray(a, dtype=np.float32 if a.dtype == np.float16 else None)
    return a.reshape(a.shape[0], a.shape[1], -1)


def _blend(running, batch, momentum):
    """``running = (1 - momentum) * running + momentum * batch``, in place, in running's dtype."""
    running[...] = (1.0 - momentum) * running + momentum * batch


# -- the public function ------------------------------------------------------------------------------
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """``F.batch_norm``: see the module docstring. ``training=False`` needs the running statistics;
    ``training=True`` normalizes with the batch's and, when ``running_mean``/``running_var`` are
    given, updates them in place (``momentum`` must be a number: a cumulative average is the
    module's business, passing ``1 / num_batches_tracked``)."""
    shape = input.size()
    if training:
        count = shape[0] * math.prod(shape[2:])
        if count == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {shape}")
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    if not isinstance(momentum, (int, float)) or isinstance(momentum, bool):
        raise TypeError(f"batch_norm(): argument 'momentum' (position 7) must be float, not {type(momentum).__name__}")
    for name, position, t in (("weight", 2, weight), ("bias", 3, bias), ("running_mean", 4, running_mean),
                              ("running_var", 5, running_var)):
        if t is not None and not isinstance(t, Tensor):
            raise TypeError(f"batch_norm(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{type(t).__name__}")
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither be None")
    _check_sizes(input, running_mean, running_var, weight, bias, training)
    _check_dtypes(input, running_mean, running_var, weight, bias)
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if t is not None and t.requires_grad and grad_mode.is_grad_enabled():
            raise RuntimeError(f"The function 'native_batch_norm' is not differentiable with respect to argument "
                               f"'{name}'. This input cannot have requires_grad True.")
    if input.numel() == 0:  # no statistics to take (torch returns a copy, and updates nothing)
        return input.clone()
    rm = None if running_mean is None else running_mean._data
    rv = None if running_var is None else running_var._data
    return NativeBatchNorm.apply(input, weight, bias, rm, rv, bool(training), float(momentum), float(eps))


def _check_sizes(input, running_mean, running_var, weight, bias, training):
    """One value per channel in every statistic and parameter (torch's order and words)."""
    ndim = input.dim()
    if ndim < 2 and all(t is None for t in (running_mean, running_var, weight, bias)):
        raise IndexError(f"Dimension out of range (expected to be in range of [{-max(ndim, 1)}, {max(ndim, 1) - 1}], "
                         f"but got 1)")
    channels = input.shape[1] if ndim >= 2 else 0
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if t is None:
            if not training:
                raise RuntimeError(f"{name} must be defined in evaluation mode")
        elif t.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {t.numel()}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {t.numel()}")


def _check_dtypes(input, *params):
    """A float input, and every statistic and parameter of the input's dtype (torch's CPU words)."""
    dtype = input._data.dtype
    if dtype.kind != "f":
        raise NotImplementedError(f"\"batch_norm\" not implemented for '{_type_word(dtype)}'")
    others = {t._data.dtype for t in params if t is not None}
    if others and others != {dtype}:
        if dtype == np.float32:
            raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
        if len(others) == 1:
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")
        odd = next(d for d in others if d != dtype)
        raise RuntimeError(f"expected scalar type {_type_word(dtype)} but found {_type_word(odd)}")


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """``F.instance_norm``: normalize each (sample, channel) plane by its own mean and variance. As in
    torch, this is batch norm of the input seen as one sample with N*C channels (the per-channel
    weight, bias and running statistics repeated N times); the running statistics are then the
    batch's average of the N per-sample updates."""
    n, c = input.shape[:2]
    x = input.contiguous().view((1, n * c) + tuple(input.shape[2:]))
    repeat = (lambda t: None if t is None else t.repeat(n))  # noqa: E731
    stats = repeat(running_mean), repeat(running_var)
    out = batch_norm(x, *stats, repeat(weight), repeat(bias), use_input_stats, momentum, eps)
    with grad_mode.no_grad():
        for running, updated in zip((running_mean, running_var), stats):
            if running is not None:
                running.copy_(updated.view(n, c).mean(0))
    return out.view(input.shape)
