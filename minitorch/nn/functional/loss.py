"""Loss functions (``torch.nn.functional``'s losses) with torch's names, signatures, defaults,
shapes, dtypes, errors and ``grad_fn`` names.

Two kinds of loss live here:

* **Fused losses**, one graph node each, forward and backward side by side on NumPy arrays:
  ``mse_loss``, ``smooth_l1_loss``/``huber_loss``, ``binary_cross_entropy``,
  ``binary_cross_entropy_with_logits``, ``soft_margin_loss``, ``nll_loss`` and ``cross_entropy``
  (log_softmax and the negative log likelihood in one node, whose backward is
  ``softmax - target``). Training loops call these every step, where a chain of small ops would
  cost time.
* **Composed losses**, written with tensor ops the way torch composes them (``l1_loss``,
  ``kl_div``, the Poisson and Gaussian NLL, the margin and embedding losses), so that their
  ``grad_fn`` names come out as torch's (``AbsBackward0``, ``SubBackward0``, ...) by themselves.

torch builds a few forms of cross_entropy from several ops and its graph shows the last one
(``NllLoss2DBackward0`` for image-shaped input, ``DivBackward1`` for a mean over probability
targets, ``AddBackward0`` with label smoothing). Here one fused node does the work in every form
and is named as torch's graph would name that form (see ``_named``).

Every loss takes ``reduction='none'|'mean'|'sum'``. Most also take the deprecated
``size_average`` and ``reduce`` flags, which are mapped to a reduction as torch maps them, with
torch's deprecation warning (``legacy_get_string``).
"""
import math
import warnings

import numpy as np

from ... import _dtype
from ..._tensor import Tensor
from ...autograd import grad_mode
from ...autograd.function import ArrayFunction
from ...ops import elementwise as _ew

__all__ = ["l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "cross_entropy", "nll_loss", "kl_div", "poisson_nll_loss",
           "gaussian_nll_loss", "cosine_embedding_loss", "margin_ranking_loss", "hinge_embedding_loss",
           "soft_margin_loss", "multilabel_soft_margin_loss"]

_REDUCTIONS = ("none", "mean", "sum")


# -- the reduction argument ---------------------------------------------------------------------------
def legacy_get_string(size_average, reduce, emit_warning=True):
    """The reduction that the deprecated ``size_average``/``reduce`` flags stand for, as torch reads
    them: a flag left as None counts as True; ``reduce=False`` gives 'none' (whatever
    ``size_average`` says), ``size_average=False`` gives 'sum', both True give 'mean'."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = ("mean" if size_average else "sum") if reduce else "none"
    if emit_warning:
        warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' "
                      "instead.", UserWarning, stacklevel=4)
    return reduction


def _reduction(size_average, reduce, reduction, check=True):
    """The reduction a loss call asks for (the deprecated flags win when given), checked unless
    ``check=False`` (for the losses where torch checks it later, after other errors)."""
    if size_average is not None or reduce is not None:
        reduction = legacy_get_string(size_average, reduce)
    if check and reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(loss, reduction):
    """Apply a reduction to a tensor of per-element losses (composed losses)."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _reduce_array(loss, reduction, count=None):
    """Apply a reduction to an array of per-element losses (fused losses); 'mean' divides by
    ``count`` (default: the number of elements). An empty mean is nan, as in torch."""
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return total
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / (loss.size if count is None else count)


def _grad_scale(g, reduction, count):
    """The upstream gradient of each element's loss: ``g`` itself for 'none' (one per element) and
    'sum', ``g / count`` for 'mean' (zero when nothing counted: the loss is nan, as in torch, but
    its gradient is zero, also as in torch)."""
    if reduction == "mean":
        return g / count if count else g * 0
    return g


# -- shared checks --------------------------------------------------------------------------------------
def _warn_if_sizes_differ(input, target):
    """mse/l1/smooth_l1/huber broadcast target against input, and torch warns when the sizes differ
    (a (N, 1) prediction against an (N,) target silently makes an (N, N) loss)."""
    if target.size() != input.size():
        warnings.warn(f"Using a target size ({target.size()}) that is different to the input size "
                      f"({input.size()}). This will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", UserWarning, stacklevel=3)


def _pointwise_dtype(input, target, kernel):
    """The dtype two broadcast operands compute in (torch's promotion), after torch's shape check;
    integer results raise torch's NotImplementedError naming the kernel."""
    _ew._check_broadcast(input._data, target._data)
    dt = _dtype.result_type(input, target)
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_ew._type_word(dt.np)}'")
    return dt.np


def _not_differentiable(fname, argname, t):
    """torch refuses a gradient-requiring argument that its loss cannot differentiate."""
    if isinstance(t, Tensor) and t._requires_grad and grad_mode._enabled:
        raise RuntimeError(f"The function '{fname}' is not differentiable with respect to argument '{argname}'. "
                           "This input cannot have requires_grad True.")


def _shape_list(shape):
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _named(fn, name):
    """``fn`` under another grad_fn name (made once per name). torch composes some forms of a loss
    from several ops and its graph shows the last one; the fused node takes that name."""
    cls = _NAMED.get((fn, name))
    if cls is None:
        cls = _NAMED[(fn, name)] = type(fn.__name__, (fn,), {"backward_name": name, "__module__": fn.__module__})
    return cls


_NAMED = {}


def _weighted(loss, weight, input, reduction, mean_by_weight):
    """The optional elementwise ``weight`` of mse/l1/huber (torch >= 2.6), shaped like the input:
    the unreduced loss times the weight, then summed, or for 'mean' divided by the weight's sum
    (mse, l1) or averaged (huber), as torch does."""
    if weight.size() != input.size():
        raise ValueError("Weights and input must have the same size.")
    loss = loss * weight
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.sum() / weight.sum() if mean_by_weight else loss.mean()
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")


# -- regression losses ------------------------------------------------------------------------------------
class Mse(ArrayFunction):
    """``(input - target) ** 2``, reduced. Backward: ``2 (input - target)`` per element."""

    backward_name = "MseLossBackward0"

    @staticmethod
    def forward(ctx, x, y, reduction, dt):
        ctx.save_for_backward(x, y)
        ctx.reduction, ctx.dt = reduction, dt
        d = np.subtract(x, y, dtype=dt)
        return _reduce_array(d * d, reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        d = np.subtract(x, y, dtype=ctx.dt)
        gx = (2 * _grad_scale(g, ctx.reduction, d.size)) * d
        need_x, need_y = ctx.needs_input_grad[:2]
        return (gx if need_x else None), (-gx if need_y else None), None, None


class SmoothL1(ArrayFunction):
    """``scale * smooth_l1(input - target, beta)``: quadratic ``0.5 d^2 / beta`` where
    ``|d| < beta``, linear ``|d| - 0.5 beta`` beyond. smooth_l1 has scale 1; huber is the same
    curve with ``beta = delta`` and ``scale = delta`` (its gradient is clipped at ``delta``)."""

    backward_name = "SmoothL1LossBackward0"

    @staticmethod
    def forward(ctx, x, y, reduction, dt, beta, scale):
        ctx.save_for_backward(x, y)
        ctx.reduction, ctx.dt, ctx.beta, ctx.scale = reduction, dt, beta, scale
        d = np.subtract(x, y, dtype=dt)
        a = np.abs(d)
        loss = np.where(a < beta, (0.5 * scale / beta) * d * d, scale * (a - 0.5 * beta))
        return _reduce_array(loss.astype(dt, copy=False), reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        d = np.subtract(x, y, dtype=ctx.dt)
        slope = np.where(np.abs(d) < ctx.beta, d / ctx.beta, np.sign(d)) * ctx.scale
        gx = _grad_scale(g, ctx.reduction, d.size) * slope.astype(ctx.dt, copy=False)
        need_x, need_y = ctx.needs_input_grad[:2]
        return (gx if need_x else None), (-gx if need_y else None), None, None, None, None


class Huber(SmoothL1):
    backward_name = "HuberLossBackward0"


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error ``|input - target|`` (composed: AbsBackward0, then Mean/SumBackward0)."""
    _warn_if_sizes_differ(input, target)
    reduction = _reduction(size_average, reduce, reduction, check=False)
    loss = (input - target).abs()
    if weight is not None:
        return _weighted(loss, weight, input, reduction, mean_by_weight=True)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return _reduce(loss, reduction)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error ``(input - target) ** 2``; target broadcasts against input (with torch's
    warning when their sizes differ)."""
    _warn_if_sizes_differ(input, target)
    reduction = _reduction(size_average, reduce, reduction, check=False)
    dt = _pointwise_dtype(input, target, "mse_cpu")
    if weight is not None:
        return _weighted(Mse.apply(input, target, "none", dt), weight, input, reduction, mean_by_weight=True)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return Mse.apply(input, target, reduction, dt)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Squared error for ``|input - target| < beta``, absolute error beyond (``beta=0`` is l1_loss)."""
    _warn_if_sizes_differ(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0.0:
        return _reduce((input - target).abs(), reduction)
    dt = _pointwise_dtype(input, target, "smooth_l1_cpu")
    return SmoothL1.apply(input, target, reduction, dt, float(beta), 1.0)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """Squared error ``0.5 d^2`` for ``|d| <= delta``, ``delta (|d| - 0.5 delta)`` beyond."""
    _warn_if_sizes_differ(input, target)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    dt = _pointwise_dtype(input, target, "huber_cpu")
    if weight is not None:
        return _weighted(Huber.apply(input, target, "none", dt, float(delta), float(delta)), weight, input,
                         reduction, mean_by_weight=False)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return Huber.apply(input, target, reduction, dt, float(delta), float(delta))


# -- binary classification --------------------------------------------------------------------------------
class BinaryCrossEntropy(ArrayFunction):
    """``-w (y log x + (1 - y) log(1 - x))`` for probabilities x, each log clamped at -100 (so a
    confident wrong answer costs 100, not inf). Backward:
    ``w (x - y) / max(x (1 - x), 1e-12)`` for x and ``w (log(1 - x) - log x)`` for y."""

    backward_name = "BinaryCrossEntropyBackward0"

    @staticmethod
    def forward(ctx, x, y, w, reduction):
        ctx.save_for_backward(x, y)
        ctx.w, ctx.reduction = w, reduction
        with np.errstate(divide="ignore"):
            log_x = np.maximum(np.log(x), -100)
            log_1mx = np.maximum(np.log1p(-x), -100)
        loss = -(y * log_x + (1 - y) * log_1mx)
        if w is not None:
            loss = loss * w
        return _reduce_array(loss, reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        s = _grad_scale(g, ctx.reduction, x.size)
        if ctx.w is not None:
            s = s * ctx.w
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = s * (x - y) / np.maximum(x * (1 - x), 1e-12)
        if ctx.needs_input_grad[1]:
            with np.errstate(divide="ignore"):
                gy = s * (np.maximum(np.log1p(-x), -100) - np.maximum(np.log(x), -100))
        return gx, gy, None, None


class BinaryCrossEntropyWithLogits(ArrayFunction):
    """binary_cross_entropy of ``sigmoid(x)``, computed from the logit x without ever forming the
    sigmoid's log: with ``sp = log(1 + exp(-x))`` (= -log sigmoid(x), evaluated stably as
    ``max(-x, 0) + log1p(exp(-|x|))``) the loss is ``w ((1 - y) x + (1 + (p - 1) y) sp)``, where p is
    pos_weight (the weight of the positive term). Backward: ``w (sigmoid(x) (1 - y + p y) - p y)``
    for x and ``w ((p - 1) sp - x)`` for y."""

    backward_name = "BinaryCrossEntropyWithLogitsBackward0"

    @staticmethod
    def forward(ctx, x, y, w, pw, reduction, out_dtype):
        ctx.save_for_backward(x, y)
        sp = _softplus_neg(x)
        coef = 1 if pw is None else 1 + (pw - 1) * y
        loss = (1 - y) * x + coef * sp
        if w is not None:
            loss = loss * w
        ctx.w, ctx.pw, ctx.reduction, ctx.count = w, pw, reduction, loss.size
        return _reduce_array(loss, reduction).astype(out_dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        pw = ctx.pw
        s = _grad_scale(g, ctx.reduction, ctx.count)
        if ctx.w is not None:
            s = s * ctx.w
        sp = _softplus_neg(x)
        gx = gy = None
        if ctx.needs_input_grad[0]:
            sig = np.exp(-sp)  # sigmoid(x) = exp(log sigmoid(x))
            gx = s * (sig - y) if pw is None else s * (sig * (1 - y + pw * y) - pw * y)
        if ctx.needs_input_grad[1]:
            gy = s * (-x if pw is None else (pw - 1) * sp - x)
        return gx, gy, None, None, None, None


def _softplus_neg(x):
    """``log(1 + exp(-x))`` without overflow for either sign of x."""
    return np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))


def _bce_weight(weight, input):
    """BCE's weight, broadcast to the input's shape (torch's expand errors otherwise)."""
    _not_differentiable("binary_cross_entropy", "weight", weight)
    w, shape = weight._data, input._data.shape
    padded = (1,) * (w.ndim - len(shape)) + shape
    for i in range(w.ndim):
        if w.shape[-1 - i] != 1 and padded[-1 - i] not in (1, w.shape[-1 - i]):
            raise RuntimeError(f"Attempting to broadcast a dimension of length {w.shape[-1 - i]} at {-1 - i}! "
                               f"Mismatching argument at index 1 had {weight.size()}; but expected shape should "
                               f"be broadcastable to {_shape_list(padded)}")
    full = np.broadcast_shapes(w.shape, shape)
    if full != shape:
        raise RuntimeError(f"output with shape {_shape_list(shape)} doesn't match the broadcast shape "
                           f"{_shape_list(full)}")
    return w.astype(input._data.dtype, copy=False)


def _check_probabilities(x, y):
    """BCE's inputs and targets must lie in [0, 1] (nan fails too). Like torch's kernel, name the
    first offending element, the input before the target at the same position."""
    if not x.size or (x.min() >= 0 and x.max() <= 1 and y.min() >= 0 and y.max() <= 1):
        return
    bad_x, bad_y = ~((x >= 0) & (x <= 1)), ~((y >= 0) & (y <= 1))
    first = np.argmax((bad_x | bad_y).reshape(-1))
    which = "input" if bad_x.reshape(-1)[first] else "target"
    raise RuntimeError(f"all elements of {which} should be between 0 and 1")


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Binary cross entropy of probabilities ``input`` in [0, 1] against targets in [0, 1].

    As in torch: target and input must have the same size and dtype; every element of both must lie
    in [0, 1] (otherwise a RuntimeError, for example for a regression target fed to BCELoss); each
    log is clamped at -100; ``weight`` broadcasts to the input's shape and scales each element.
    """
    reduction = _reduction(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input size "
                         f"({input.size()}) is deprecated. Please ensure they have the same size.")
    x, y = input._data, target._data
    if x.dtype.kind != "f":
        raise NotImplementedError(f"\"binary_cross_entropy\" not implemented for '{_ew._type_word(x.dtype)}'")
    if y.dtype != x.dtype:
        raise RuntimeError(f"Found dtype {_ew._type_word(y.dtype)} but expected {_ew._type_word(x.dtype)}")
    _check_probabilities(x, y)
    w = None if weight is None else _bce_weight(weight, input)
    return BinaryCrossEntropy.apply(input, target, w, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Binary cross entropy of ``sigmoid(input)``, computed stably from the logits in one node.

    ``weight`` scales each element (broadcast to the input's shape); ``pos_weight`` scales the
    positive term ``y log sigmoid(x)`` (one value per class, broadcast along the last dims).
    The result has the target's dtype, as in torch.
    """
    reduction = _reduction(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")
    x, y = input._data, target._data
    if x.dtype.kind != "f":
        raise NotImplementedError(f"\"log_sigmoid_cpu\" not implemented for '{_ew._type_word(x.dtype)}'")
    if y.dtype.kind != "f":
        raise RuntimeError(f"result type {_ew._type_word(_dtype.result_type(input, target).np)} can't be cast "
                           f"to the desired output type {_ew._type_word(y.dtype)}")
    dt = np.promote_types(x.dtype, y.dtype)
    w = _logits_weight(weight, "weight", x, dt)
    pw = _logits_weight(pos_weight, "pos_weight", x, dt)
    return BinaryCrossEntropyWithLogits.apply(input, target, w, pw, reduction, y.dtype)


def _logits_weight(t, name, x, dt):
    """bce_with_logits' ``weight`` or ``pos_weight`` as an array of dtype ``dt``, with torch's errors
    when it does not broadcast against the input (torch multiplies the loss by ``weight`` and
    ``pos_weight`` by the target, hence the order of the shapes in the message) or would broadcast
    the loss beyond the input's shape."""
    if t is None:
        return None
    _not_differentiable("binary_cross_entropy_with_logits", name, t)
    w = t._data
    _ew._check_broadcast(*((x, w) if name == "weight" else (w, x)))
    full = np.broadcast_shapes(x.shape, w.shape)
    if full != x.shape:
        raise RuntimeError(f"output with shape {_shape_list(x.shape)} doesn't match the broadcast shape "
                           f"{_shape_list(full)}")
    return w.astype(dt, copy=False)


class SoftMargin(ArrayFunction):
    """``log(1 + exp(-y x))`` for labels y in {-1, 1}. Backward: ``-y sigmoid(-y x)``."""

    backward_name = "SoftMarginLossBackward0"

    @staticmethod
    def forward(ctx, x, y, reduction, dt):
        ctx.save_for_backward(x, y)
        ctx.reduction, ctx.dt = reduction, dt
        z = np.multiply(x, y, dtype=dt)
        return _reduce_array(_softplus_neg(z), reduction)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        z = np.multiply(x, y, dtype=ctx.dt)
        s = _grad_scale(g, ctx.reduction, z.size)
        return s * (-y * np.exp(-_softplus_neg(-z))), None, None, None


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Two-class logistic loss ``log(1 + exp(-target * input))`` for targets in {-1, 1}."""
    reduction = _reduction(size_average, reduce, reduction)
    _not_differentiable("soft_margin_loss", "target", target)
    _ew._check_broadcast(input._data, target._data)
    return SoftMargin.apply(input, target, reduction, _dtype.result_type(input, target).np)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """One binary logistic loss per class (targets 0 or 1), averaged over the classes (last dim)."""
    reduction = _reduction(size_average, reduce, reduction, check=False)
    dt = _dtype.result_type(input, target).np
    loss = BinaryCrossEntropyWithLogits.apply(input, target, None, None, "none", dt)
    if weight is not None:
        loss = loss * weight
    loss = loss.sum(dim=input.dim() - 1) / input.size(input.dim() - 1)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not valid")
    return _reduce(loss, reduction)


# -- classification over C classes: nll_loss, cross_entropy ------------------------------------------------
# Inputs are (C,), (N, C) or (N, C, d1, ..., dk); the fused nodes work on the (N, C, R) view
# (R = d1 * ... * dk, 1 when there are no extra dims) and class-index targets as (N, R).
def _ncr(shape):
    """(N, C, R) for an input shape."""
    if len(shape) == 1:
        return 1, shape[0], 1
    return shape[0], shape[1], math.prod(shape[2:])


def _loss_shape(shape):
    """The unreduced loss's shape: the input's without its class dim."""
    return () if len(shape) == 1 else (shape[0],) + tuple(shape[2:])


def _class_targets(t, N, C, R, ignore_index):
    """Class-index targets as (N, R) indices safe to gather with (ignored ones replaced by 0) and the
    mask of the targets that count. A class outside [0, C) raises torch's IndexError (checked here,
    on the data, as torch's kernel does)."""
    t = t.reshape(N, R)
    valid = t != ignore_index
    safe = t if valid.all() else np.where(valid, t, 0)
    if safe.size and (safe.min() < 0 or safe.max() >= C):
        raise IndexError(f"Target {safe[(safe < 0) | (safe >= C)][0]} is out of bounds.")
    return safe, valid


def _at_targets(safe):
    """The index that picks, from an (N, C, R) array, the (N, R) entries at the target classes."""
    N, R = safe.shape
    return np.arange(N)[:, None], safe, np.arange(R)[None, :]


def _target_weights(w, safe, valid, dtype):
    """Each target's weight: weight[class] (1 without a weight), 0 where the target is ignored."""
    if w is None:
        return valid.astype(dtype)
    return w[safe] * valid


def _log_softmax(x3):
    """log_softmax over the class axis (1) of an (N, C, R) array."""
    shifted = x3 - x3.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _nll_name(ndim, reduction):
    """torch's grad_fn name for nll_loss (and cross_entropy with class indices): nll_loss2d for
    K-D input, which is reshaped to 4-D and, unreduced, viewed back unless it was 4-D already."""
    if ndim < 3:
        return "NllLossBackward0"
    return "NllLoss2DBackward0" if ndim == 4 or reduction != "none" else "ViewBackward0"


class Nll(ArrayFunction):
    """Negative log likelihood: ``-weight[t] * input[t]`` per sample (input holds log-probabilities),
    with 'mean' dividing by the summed weights of the targets that count. Backward puts
    ``-weight[t]`` at each target class and zero elsewhere."""

    backward_name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, x, t, w, ignore_index, reduction):
        N, C, R = _ncr(x.shape)
        safe, valid = _class_targets(t, N, C, R, ignore_index)
        wy = _target_weights(w, safe, valid, x.dtype)
        picked = x.reshape(N, C, R)[_at_targets(safe)]
        ctx.save_for_backward(safe, wy)
        ctx.x_shape, ctx.reduction = x.shape, reduction
        ctx.count = wy.sum()
        return _reduce_array((-wy * picked).reshape(_loss_shape(x.shape)), reduction, ctx.count)

    @staticmethod
    def backward(ctx, g):
        safe, wy = ctx.saved_tensors
        N, C, R = _ncr(ctx.x_shape)
        s = _grad_scale(g, ctx.reduction, ctx.count)
        s = s.reshape(N, R) if ctx.reduction == "none" else s
        grad = np.zeros((N, C, R), dtype=wy.dtype)
        grad[_at_targets(safe)] = -wy * s
        return grad.reshape(ctx.x_shape), None, None, None, None


class CrossEntropy(ArrayFunction):
    """log_softmax and nll_loss in one node, for class-index targets, with label smoothing.

    Each sample's loss is ``-sum_c a_c log p_c`` for the target distribution ``a``: weight[t] on
    the target class, times ``1 - eps``, plus ``eps / C * weight[c]`` on every class (label
    smoothing eps); zero for ignored targets. 'mean' divides by the summed weight[t] of the targets
    that count (as torch does, also for the smoothing term). Backward is
    ``sum(a) softmax - a`` per sample: no Jacobian, no one-hot matrix.
    """

    backward_name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, x, t, w, ignore_index, reduction, eps):
        N, C, R = _ncr(x.shape)
        logp = _log_softmax(x.reshape(N, C, R))
        safe, valid = _class_targets(t, N, C, R, ignore_index)
        wy = _target_weights(w, safe, valid, x.dtype)
        loss = -wy * logp[_at_targets(safe)]
        if eps:
            smooth = -(logp.sum(axis=1) if w is None else np.einsum("ncr,c->nr", logp, w))
            loss = (1 - eps) * loss + (eps / C) * (smooth * valid)
        ctx.save_for_backward(logp, safe, wy, valid)
        ctx.x_shape, ctx.w, ctx.reduction, ctx.eps = x.shape, w, reduction, eps
        ctx.count = wy.sum()
        return _reduce_array(loss.reshape(_loss_shape(x.shape)), reduction, ctx.count)

    @staticmethod
    def backward(ctx, g):
        logp, safe, wy, valid = ctx.saved_tensors
        N, C, R = logp.shape
        eps, w = ctx.eps, ctx.w
        s = _grad_scale(g, ctx.reduction, ctx.count)
        s = s.reshape(N, R) if ctx.reduction == "none" else s
        own = s * (1 - eps) * wy  # the target class's share of a, times the upstream gradient
        total = own
        if eps:
            smooth = s * (eps / C) * valid
            total = own + smooth * (C if w is None else w.sum())
        grad = np.exp(logp) * total[:, None, :]
        grad[_at_targets(safe)] -= own
        if eps:
            grad -= smooth[:, None, :] if w is None else smooth[:, None, :] * w[None, :, None]
        return grad.reshape(ctx.x_shape), None, None, None, None, None


class CrossEntropyProbs(ArrayFunction):
    """cross_entropy against class probabilities (target shaped like input): per sample
    ``-sum_c a_c log softmax(x)_c`` with ``a = weight * (target (1 - eps) + eps / C)``; 'mean'
    divides by the number of samples. Backward: ``sum(a) softmax - a`` for x, ``-log p`` (scaled)
    for the target."""

    backward_name = "NegBackward0"

    @staticmethod
    def forward(ctx, x, t, w, reduction, eps, dt):
        N, C, R = _ncr(x.shape)
        logp = _log_softmax(x.reshape(N, C, R).astype(dt, copy=False))
        a = t.reshape(N, C, R).astype(dt, copy=False)
        if eps:
            a = a * (1 - eps) + eps / C
        wc = None if w is None else w.astype(dt, copy=False)[None, :, None]
        if wc is not None:
            a = a * wc
        ctx.save_for_backward(logp, a)
        ctx.x_shape, ctx.t_shape, ctx.wc, ctx.reduction, ctx.eps = x.shape, t.shape, wc, reduction, eps
        loss = -(a * logp).sum(axis=1)
        return _reduce_array(loss.reshape(_loss_shape(x.shape)), reduction, N * R)

    @staticmethod
    def backward(ctx, g):
        logp, a = ctx.saved_tensors
        N, C, R = logp.shape
        s = _grad_scale(g, ctx.reduction, N * R)
        s = s.reshape(N, 1, R) if ctx.reduction == "none" else s
        gx = gt = None
        if ctx.needs_input_grad[0]:
            gx = (s * (a.sum(axis=1, keepdims=True) * np.exp(logp) - a)).reshape(ctx.x_shape)
        if ctx.needs_input_grad[1]:
            gt = -s * logp * (1 - ctx.eps)
            if ctx.wc is not None:
                gt = gt * ctx.wc
            gt = gt.reshape(ctx.t_shape)
        return gx, gt, None, None, None, None


def _check_class_input(input, target, weight, fname):
    """torch's checks of an nll_loss/cross_entropy call with class-index targets, in torch's order:
    batch sizes, target shape, target dtype, then the weight's shape and dtype."""
    x, t = input._data, target._data
    if x.ndim == 0:
        raise ValueError("Expected 1 or more dimensions (got 0)")
    if x.ndim == 1:
        if t.ndim == 1 and t.shape[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {t.shape[0]}")
    else:
        batch = t.shape[0] if t.ndim else 0
        if batch != x.shape[0]:
            raise ValueError(f"Expected input batch_size ({x.shape[0]}) to match target batch_size ({batch}).")
    if x.ndim <= 2 and t.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if x.ndim > 2 and t.shape != x.shape[:1] + x.shape[2:]:
        raise RuntimeError(f"Expected target size {_shape_list(x.shape[:1] + x.shape[2:])}, got {_shape_list(t.shape)}")
    if t.dtype not in (np.int64, np.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_ew._type_word(t.dtype)}")
    if x.dtype.kind != "f":
        kernel = "log_softmax_lastdim_kernel_impl" if x.ndim <= 2 else "log_softmax_kernel_impl"
        if fname == "nll_loss":
            kernel = "nll_loss_out_frame" if x.ndim <= 2 else "nll_loss2d_forward_out_frame"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_ew._type_word(x.dtype)}'")
    return _class_weight(weight, x, "")


def _class_weight(weight, x, prefix):
    """The per-class weight as an array: C values of the input's dtype (torch's errors otherwise)."""
    if weight is None:
        return None
    C = x.shape[0] if x.ndim == 1 else x.shape[1]
    w = weight._data
    if w.shape != (C,):
        raise RuntimeError(f"{prefix}weight tensor should be defined either for all {C} classes or no classes but "
                           f"got weight tensor of shape: {_shape_list(w.shape)}")
    if not prefix and w.dtype != x.dtype:
        raise RuntimeError(f"expected scalar type {_ew._type_word(x.dtype)} but found {_ew._type_word(w.dtype)}")
    return w


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """Negative log likelihood of class-index targets under log-probabilities ``input``
    ((C,), (N, C) or (N, C, d1, ...)); targets equal to ``ignore_index`` count for nothing, and
    'mean' divides by the summed class weights of the targets that count."""
    reduction = _reduction(size_average, reduce, reduction)
    w = _check_class_input(input, target, weight, "nll_loss")
    fn = _named(Nll, _nll_name(input._data.ndim, reduction))
    return fn.apply(input, target._data, w, ignore_index, reduction)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Cross entropy between the logits ``input`` and ``target``, in one fused node.

    input: (C,), (N, C) or (N, C, d1, ..., dk) unnormalized scores. target: class indices (int64,
    the input's shape without the class dim) or class probabilities (float, the input's shape).
    ``weight`` rescales each class; ``ignore_index`` (class-index targets only) marks targets that
    count for nothing; ``label_smoothing`` mixes the target with the uniform distribution.
    """
    reduction = _reduction(size_average, reduce, reduction)
    if not isinstance(target, Tensor):
        raise TypeError(f"cross_entropy_loss(): argument 'target' (position 2) must be Tensor, not "
                        f"{type(target).__name__}")
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    eps = float(label_smoothing) if label_smoothing > 0 else 0.0  # torch ignores a negative smoothing
    x, t = input._data, target._data
    if x.shape == t.shape:  # class probabilities
        if t.dtype.kind != "f":
            raise RuntimeError(f"Expected floating point type for target with class probabilities, got "
                               f"{_ew._type_word(t.dtype)}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        w = _class_weight(weight, x, "cross_entropy: ")
        dt = _dtype.result_type(input, target, *(() if weight is None else (weight,))).np
        fn = _named(CrossEntropyProbs, "DivBackward1" if reduction == "mean" else "NegBackward0")
        return fn.apply(input, target, w, reduction, eps, dt)
    w = _check_class_input(input, target, weight, "cross_entropy")
    fn = _named(CrossEntropy, "AddBackward0" if eps else _nll_name(x.ndim, reduction))
    return fn.apply(input, t, w, ignore_index, reduction, eps)


# -- distribution losses (composed) -------------------------------------------------------------------------
class _XLogX(ArrayFunction):
    """``x log x``, taken as 0 at x = 0 (torch.xlogy(x, x)). Backward: ``log x + 1``."""

    backward_name = "XlogyBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x == 0, 0, x * np.log(x)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        with np.errstate(divide="ignore"):
            return g * (np.log(x) + 1)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """Kullback-Leibler divergence ``target (log target - input)`` with ``input`` in log space
    (and ``target`` too when ``log_target``). 'batchmean' divides the sum by the batch size, which
    is the true KL divergence; 'mean' (the default) divides by every element, and torch warns."""
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction, check=False)
    elif reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                      UserWarning, stacklevel=2)
    if reduction not in _REDUCTIONS + ("batchmean",):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = _XLogX.apply(target) - target * input
    if reduction == "batchmean":
        total = loss.sum()
        return total / input.size(0) if input.dim() != 0 else total
    return _reduce(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None,
                     reduction="mean"):
    """Negative log likelihood of ``target`` under a Poisson distribution of rate ``exp(input)``
    (``log_input``) or ``input``; ``full`` adds Stirling's approximation of ``log(target!)`` for
    targets above 1."""
    reduction = _reduction(size_average, reduce, reduction, check=False)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-06, reduction="mean"):
    """Negative log likelihood of ``target`` under a Gaussian of mean ``input`` and variance ``var``:
    ``0.5 (log var + (input - target)^2 / var)`` (+ ``0.5 log 2 pi`` with ``full``). ``var`` has the
    input's shape, or one dim fewer / one size-1 dim (one variance shared along it), or is a float;
    it is clamped at ``eps`` for stability (the gradient passes the clamp unchanged, as in torch)."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * input.new_ones(input.shape)
    elif (var < 0).any():
        raise ValueError("var has negative entry/entries")
    if var.size() != input.size():
        if input.size()[:-1] == var.size():
            var = var.unsqueeze(-1)
        elif not (input.dim() == var.dim()
                  and sum(v for i, v in zip(input.size(), var.size()) if i != v) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with grad_mode.no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


# -- margin and embedding losses (composed) ---------------------------------------------------------------
class _ClampMin(ArrayFunction):
    """``max(x, 0)`` (torch's clamp_min(0), which these losses apply to their margins)."""

    backward_name = "ClampMinBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.maximum(x, 0)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return np.where(x >= 0, g, 0).astype(g.dtype, copy=False)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """``max(0, -target (input1 - input2) + margin)``: target 1 means input1 should rank higher."""
    reduction = _reduction(size_average, reduce, reduction)
    if not input1.dim() == input2.dim() == target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    return _reduce(_ClampMin.apply(-target * (input1 - input2) + margin), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """``input`` where target is 1, ``max(0, margin - input)`` where target is -1 (input is usually
    a distance between a pair, target says whether the pair is similar)."""
    reduction = _reduction(size_average, reduce, reduction)
    _ew._check_broadcast(target._data, input._data)
    below_margin = _ClampMin.apply(margin - input)
    loss = _ew.where(target != 1, below_margin, 0.0) + _ew.where(target != -1, input, 0.0)
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """``1 - cos(input1, input2)`` where target is 1, ``max(0, cos - margin)`` where it is -1;
    inputs are (N, D) with an (N,) target, or (D,) with a 0-d target."""
    reduction = _reduction(size_average, reduce, reduction)
    if target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if target.dim() == 1 and input1.dim() != 2:
        raise RuntimeError(f"1D target tensor expects 2D input tensors, but found inputs with sizes "
                           f"{_shape_list(input1.shape)} and {_shape_list(input2.shape)}.")
    dim = input1.dim() - 1
    _ew._check_broadcast(input1._data, input2._data)
    dot = (input1 * input2).sum(dim)
    norms = ((input1 * input1).sum(dim) + 1e-12) * ((input2 * input2).sum(dim) + 1e-12)
    cos = dot / norms.sqrt()
    loss = _ew.where(target == 1, 1 - cos, 0.0) + _ew.where(target == -1, _ClampMin.apply(cos - margin), 0.0)
    return _reduce(loss, reduction)
