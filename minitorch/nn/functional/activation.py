"""Activation functions (``torch.nn.functional.relu``, ``gelu``, ``softmax``, ...).

Each pointwise activation is one graph node named like torch's (``EluBackward0``,
``GeluBackward0``, ...) whose forward and backward are the closed-form formulas torch uses,
on NumPy arrays. The few that torch itself builds from other ops (``softsign``, ``tanhshrink``,
``softmin``, ``normalize``) are built from minitorch's ops the same way, so their ``grad_fn``
is the same too.

``inplace=True`` writes the result into the input (through ``ops.inplace``, which enforces
torch's rules: not on a leaf that requires grad). Torch names some in-place nodes differently
(``LeakyReluBackward1``, ``EluBackward1``, ``CeluBackward1``, ``ThresholdBackward1``,
``RreluWithNoiseBackward1``): those are subclasses here that only change the name.
"""
import math
import warnings

import numpy as np

from ... import _random
from ..._kernels.special import erf
from ..._tensor import Tensor, _wrap_dim
from ...autograd.function import ArrayFunction
from ...ops import elementwise as _ew
from ...ops import inplace as _inplace
from ...ops import reduction as _red

__all__ = ["threshold", "threshold_", "relu", "relu_", "relu6", "hardtanh", "hardtanh_", "leaky_relu",
           "leaky_relu_", "elu", "elu_", "selu", "selu_", "celu", "celu_", "gelu", "silu", "mish", "softplus",
           "softsign", "hardsigmoid", "hardswish", "sigmoid", "tanh", "logsigmoid", "softmax", "log_softmax",
           "softmin", "glu", "normalize", "one_hot", "prelu", "softshrink", "hardshrink", "tanhshrink", "rrelu",
           "rrelu_"]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_GELU_BETA = math.sqrt(2.0 / math.pi)
_TANH_GELU_KAPPA = 0.044715
# torch's hardsigmoid backward multiplies by 1/6 rounded to float32, in every dtype; so do we
_ONE_SIXTH_F32 = float(np.float32(1.0 / 6.0))


# -- the shape every pointwise activation shares -------------------------------------------------
class _Pointwise(ArrayFunction):
    """``y = f(x, *params)`` elementwise, with backward ``grad(x, g, *params)`` = g * dy/dx.

    ``grad`` gets the upstream gradient ``g`` itself (not just the derivative), so that a
    piecewise derivative can pick from ``g`` directly (``np.where(x > 0, g, g * slope)``) without
    building a derivative array first. ``kernel`` is torch's CPU kernel name, which torch's error
    for an integer input quotes. Constants are Python floats, so float32 inputs stay float32.
    """

    kernel = None

    @staticmethod
    def f(x, *params):
        raise NotImplementedError

    @staticmethod
    def grad(x, g, *params):
        raise NotImplementedError

    @classmethod
    def forward(cls, ctx, x, *params):
        ctx.save_for_backward(x)
        ctx.params = params
        return cls.f(x, *params)

    @classmethod
    def backward(cls, ctx, g):
        (x,) = ctx.saved_tensors
        return (cls.grad(x, g, *ctx.params),) + (None,) * len(ctx.params)


def check_float(input, kernel):
    """torch's error for an integer (or bool) tensor given to an op with float kernels only;
    ``kernel`` is the name of torch's CPU kernel, which its message quotes."""
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_ew._type_word(input._data.dtype)}'")


def _apply(fn, input, inplace=False, *params):
    """Run a _Pointwise op (out of place, or into ``input``) after torch's integer-input check."""
    if fn.kernel is not None:
        check_float(input, fn.kernel)
    if inplace:
        return _inplace.inplace(input, getattr(fn, "inplace_variant", fn).apply, *params)
    return fn.apply(input, *params)


def _in_place_named(fn, backward_name):
    """A subclass of ``fn`` that differs only by torch's name for the node of its in-place form."""
    fn.inplace_variant = type(fn.__name__ + "InPlace", (fn,), {"backward_name": backward_name})
    return fn


# -- threshold, relu, relu6, hardtanh, leaky_relu ----------------------------------------------------
class Threshold(_Pointwise):
    """``x`` where ``x > threshold``, else ``value``; the gradient flows where x was kept."""

    backward_name = "ThresholdBackward0"

    @staticmethod
    def f(x, threshold, value):
        return np.where(x <= threshold, value, x).astype(x.dtype, copy=False)

    @staticmethod
    def grad(x, g, threshold, value):
        return np.where(x <= threshold, 0, g).astype(g.dtype, copy=False)


_in_place_named(Threshold, "ThresholdBackward1")


def threshold(input, threshold, value, inplace=False):
    """``F.threshold``: replace every element ``<= threshold`` by ``value``."""
    return _apply(Threshold, input, inplace, threshold, value)


def threshold_(input, threshold, value):
    return _apply(Threshold, input, True, threshold, value)


def relu(input, inplace=False):
    """``max(x, 0)``; ``ReluBackward0`` (the same op as ``torch.relu``)."""
    return _inplace.inplace(input, _ew.relu) if inplace else _ew.relu(input)


def relu_(input):
    return relu(input, inplace=True)


class Hardtanh(_Pointwise):
    """``x`` clamped to [min_val, max_val]; the gradient flows strictly inside the interval."""

    backward_name = "HardtanhBackward0"

    @staticmethod
    def f(x, lo, hi):
        return np.clip(x, lo, hi).astype(x.dtype, copy=False)

    @staticmethod
    def grad(x, g, lo, hi):
        return g * ((x > lo) & (x < hi))


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _apply(Hardtanh, input, inplace, min_val, max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """``min(max(x, 0), 6)``: a hardtanh on [0, 6], as in torch (so its node is HardtanhBackward0)."""
    return _apply(Hardtanh, input, inplace, 0.0, 6.0)


class LeakyRelu(_Pointwise):
    """``x`` for positive x, ``negative_slope * x`` otherwise."""

    backward_name = "LeakyReluBackward0"
    kernel = "leaky_relu_cpu"

    @staticmethod
    def f(x, slope):
        return np.where(x > 0, x, x * slope)

    @staticmethod
    def grad(x, g, slope):
        return np.where(x > 0, g, g * slope)


_in_place_named(LeakyRelu, "LeakyReluBackward1")


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _apply(LeakyRelu, input, inplace, negative_slope)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, inplace=True)


# -- elu, selu, celu: one formula with three constants -------------------------------------------------
class Elu(_Pointwise):
    """torch's one ELU kernel: ``scale * x`` for x > 0, else ``alpha * scale * expm1(input_scale * x)``.

    ``elu`` is (alpha, 1, 1), ``selu`` (1.6733, 1.0507, 1) and ``celu`` (alpha, 1, 1 / alpha).
    """

    backward_name = "EluBackward0"
    kernel = "elu_cpu"

    @staticmethod
    def f(x, alpha, scale, input_scale):
        with np.errstate(over="ignore"):  # the exp branch overflows where x > 0, which np.where drops
            return np.where(x > 0, x * scale, np.expm1(x * input_scale) * (alpha * scale))

    @staticmethod
    def grad(x, g, alpha, scale, input_scale):
        with np.errstate(over="ignore", invalid="ignore"):
            return np.where(x > 0, g * scale, g * (alpha * scale * input_scale) * np.exp(x * input_scale))


class Celu(Elu):
    backward_name = "CeluBackward0"


_in_place_named(Elu, "EluBackward1")
_in_place_named(Celu, "CeluBackward1")


def elu(input, alpha=1.0, inplace=False):
    return _apply(Elu, input, inplace, alpha, 1.0, 1.0)


def elu_(input, alpha=1.0):
    return elu(input, alpha, inplace=True)


def selu(input, inplace=False):
    """Self-normalizing ELU, with the fixed alpha and scale of Klambauer et al. (node: EluBackward0)."""
    return _apply(Elu, input, inplace, _SELU_ALPHA, _SELU_SCALE, 1.0)


def selu_(input):
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``."""
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return _apply(Celu, input, inplace, alpha, 1.0, 1.0 / alpha)


def celu_(input, alpha=1.0):
    return celu(input, alpha, inplace=True)


# -- gelu, silu, mish, softplus ------------------------------------------------------------------------------
class Gelu(ArrayFunction):
    """``x * Phi(x)``, Phi the standard normal CDF: ``0.5 * (1 + erf(x / sqrt 2))`` (exact), or
    its tanh approximation. Backward: ``Phi(x) + x * phi(x)``, with phi the normal density."""

    backward_name = "GeluBackward0"

    @staticmethod
    def forward(ctx, x, approximate):
        ctx.approximate = approximate
        if approximate == "tanh":
            t = np.tanh((x + _TANH_GELU_KAPPA * x * x * x) * _TANH_GELU_BETA)
            ctx.save_for_backward(x, t)
            return 0.5 * x * (1.0 + t)
        cdf = 0.5 * (1.0 + erf(x * _SQRT_HALF))
        ctx.save_for_backward(x, cdf)
        return x * cdf

    @staticmethod
    def backward(ctx, g):
        x, saved = ctx.saved_tensors
        if ctx.approximate == "tanh":
            t = saved
            inner_grad = _TANH_GELU_BETA * (1.0 + 3.0 * _TANH_GELU_KAPPA * x * x)
            return g * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * inner_grad), None
        pdf = np.exp(-0.5 * x * x) * _INV_SQRT_2PI
        return g * (saved + x * pdf), None


def gelu(input, *, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    check_float(input, "GeluKernelImpl")
    return Gelu.apply(input, approximate)


class Silu(_Pointwise):
    """``x * sigmoid(x)``; derivative ``s * (1 + x * (1 - s))``."""

    backward_name = "SiluBackward0"
    kernel = "silu_cpu"

    @staticmethod
    def f(x):
        return x * _ew._sigmoid(x)

    @staticmethod
    def grad(x, g):
        s = _ew._sigmoid(x)
        return g * s * (1.0 + x * (1.0 - s))


def silu(input, inplace=False):
    return _apply(Silu, input, inplace)


def _softplus(x):
    """log(1 + exp(x)) without overflow for large x."""
    return np.logaddexp(0.0, x).astype(x.dtype, copy=False)


class Mish(_Pointwise):
    """``x * tanh(softplus(x))``; derivative ``t + x * sigmoid(x) * (1 - t^2)``, t = tanh(softplus(x))."""

    backward_name = "MishBackward0"
    kernel = "mish_cpu"

    @staticmethod
    def f(x):
        return x * np.tanh(_softplus(x))

    @staticmethod
    def grad(x, g):
        t = np.tanh(_softplus(x))
        return g * (t + x * _ew._sigmoid(x) * (1.0 - t * t))


def mish(input, inplace=False):
    return _apply(Mish, input, inplace)


class Softplus(_Pointwise):
    """``log(1 + exp(beta * x)) / beta``, and plain ``x`` where ``beta * x > threshold`` (there the two
    agree to float precision, and exp would overflow). Derivative: ``sigmoid(beta * x)``."""

    backward_name = "SoftplusBackward0"
    kernel = "softplus_cpu"

    @staticmethod
    def f(x, beta, threshold):
        bx = x * beta
        with np.errstate(over="ignore"):
            return np.where(bx > threshold, x, np.log1p(np.exp(bx)) / beta)

    @staticmethod
    def grad(x, g, beta, threshold):
        bx = x * beta
        return np.where(bx > threshold, g, g * _ew._sigmoid(bx))


def softplus(input, beta=1.0, threshold=20.0):
    return _apply(Softplus, input, False, beta, threshold)


def softsign(input):
    """``x / (1 + |x|)``, built from ops as torch builds it (node: DivBackward0)."""
    return input / (input.abs() + 1)


# -- hardsigmoid, hardswish, logsigmoid, sigmoid, tanh --------------------------------------------------
class Hardsigmoid(_Pointwise):
    """``relu6(x + 3) / 6``; slope 1/6 strictly between -3 and 3."""

    backward_name = "HardsigmoidBackward0"
    kernel = "hardsigmoid_cpu"

    @staticmethod
    def f(x):
        return np.clip(x + 3.0, 0.0, 6.0) / 6.0

    @staticmethod
    def grad(x, g):
        return np.where((x > -3.0) & (x < 3.0), g * _ONE_SIXTH_F32, 0.0).astype(g.dtype, copy=False)


def hardsigmoid(input, inplace=False):
    return _apply(Hardsigmoid, input, inplace)


class Hardswish(_Pointwise):
    """``x * relu6(x + 3) / 6``; derivative 0 below -3, ``x / 3 + 1/2`` up to 3, 1 above."""

    backward_name = "HardswishBackward0"
    kernel = "hardswish_cpu"

    @staticmethod
    def f(x):
        return x * np.clip(x + 3.0, 0.0, 6.0) / 6.0

    @staticmethod
    def grad(x, g):
        return np.where(x < -3.0, 0.0, np.where(x <= 3.0, g * (x / 3.0 + 0.5), g)).astype(g.dtype, copy=False)


def hardswish(input, inplace=False):
    return _apply(Hardswish, input, inplace)


class LogSigmoid(_Pointwise):
    """``log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|))`` (no overflow either way); derivative sigmoid(-x)."""

    backward_name = "LogSigmoidBackward0"
    kernel = "log_sigmoid_cpu"

    @staticmethod
    def f(x):
        return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))

    @staticmethod
    def grad(x, g):
        return g * _ew._sigmoid(-x)


def logsigmoid(input):
    return _apply(LogSigmoid, input)


def sigmoid(input):
    """``F.sigmoid``: the same op as ``torch.sigmoid`` (kept in nn.functional for old code)."""
    return _ew.sigmoid(input)


def tanh(input):
    """``F.tanh``: the same op as ``torch.tanh`` (kept in nn.functional for old code)."""
    return _ew.tanh(input)


# -- prelu and the shrinks ------------------------------------------------------------------------------------
class Prelu(ArrayFunction):
    """``x`` for positive x, ``w * x`` otherwise, with one learned slope per channel (dim 1) or one
    shared slope. The slope's gradient sums ``g * x`` over the non-positive positions of its channel."""

    backward_name = "PreluKernelBackward0"

    @staticmethod
    def forward(ctx, x, w):
        w_b = w.reshape((-1,) + (1,) * (x.ndim - 2)) if x.ndim >= 2 and w.size > 1 else w.reshape(())
        ctx.save_for_backward(x, w_b)
        return np.where(x > 0, x, w_b * x)

    @staticmethod
    def backward(ctx, g):
        x, w_b = ctx.saved_tensors
        positive = x > 0
        gx = np.where(positive, g, g * w_b) if ctx.needs_input_grad[0] else None
        gw = None
        if ctx.needs_input_grad[1]:
            gxw = np.where(positive, 0.0, g * x)
            gw = gxw.sum(axis=tuple(i for i in range(x.ndim) if i != 1)) if w_b.ndim else gxw.sum()
            gw = gw.reshape(-1)
        return gx, gw


def prelu(input, weight):
    """Parametric ReLU: ``max(0, x) + weight * min(0, x)``, weight per channel (dim 1) or shared."""
    check_float(input, "prelu_cpu")
    channels = input._data.shape[1] if input._data.ndim >= 2 else 1
    if weight._data.size != 1 and weight._data.size != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                           f"{weight._data.size} and channel size = {channels}.")
    return Prelu.apply(input, weight)


class RreluWithNoise(ArrayFunction):
    """Randomized leaky ReLU: ``x * noise``, noise 1 for x >= 0 and a slope drawn per element from
    U(lower, upper) otherwise (in training), or the fixed mean slope (in eval)."""

    backward_name = "RreluWithNoiseBackward0"

    @staticmethod
    def forward(ctx, x, noise):
        ctx.save_for_backward(noise)
        return x * noise

    @staticmethod
    def backward(ctx, g):
        (noise,) = ctx.saved_tensors
        return g * noise, None


_in_place_named(RreluWithNoise, "RreluWithNoiseBackward1")


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    check_float(input, "leaky_relu_cpu")
    x = input._data
    if training:
        slopes = _random.rng().uniform(lower, upper, size=x.shape)
    else:
        slopes = (lower + upper) / 2
    noise = np.where(x >= 0, 1.0, slopes).astype(x.dtype)
    if inplace:
        return _inplace.inplace(input, RreluWithNoise.inplace_variant.apply, noise)
    return RreluWithNoise.apply(input, noise)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, inplace=True)


def _check_lambd(input, lambd):
    if lambd < 0:
        top = np.finfo(input._data.dtype).max if input._data.dtype.kind == "f" else np.iinfo(input._data.dtype).max
        raise RuntimeError(f"lambda must be in range [0, {top:g}] for input dtype "
                           f"{_ew._type_word(input._data.dtype)}, but found {lambd:g}")


class Softshrink(_Pointwise):
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 in between."""

    backward_name = "SoftshrinkBackward0"
    kernel = "softshrink_check"

    @staticmethod
    def f(x, lambd):
        return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0)).astype(x.dtype, copy=False)

    @staticmethod
    def grad(x, g, lambd):
        return g * (np.abs(x) > lambd)


class Hardshrink(Softshrink):
    """``x`` where ``|x| > lambd``, else 0."""

    backward_name = "HardshrinkBackward0"
    kernel = "hardshrink_cpu"

    @staticmethod
    def f(x, lambd):
        return np.where(np.abs(x) > lambd, x, 0.0).astype(x.dtype, copy=False)


def softshrink(input, lambd=0.5):
    check_float(input, Softshrink.kernel)
    _check_lambd(input, lambd)
    return _apply(Softshrink, input, False, lambd)


def hardshrink(input, lambd=0.5):
    return _apply(Hardshrink, input, False, lambd)


def tanhshrink(input):
    """``x - tanh(x)``, from ops as in torch (node: SubBackward0)."""
    return input - input.tanh()


# -- softmax family ----------------------------------------------------------------------------------------------
def _softmax_dim(name, ndim, stacklevel):
    """torch's legacy choice of dim when none is given (0 for 0-, 1- and 3-D input, else 1), with its warning."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                  "as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Softmax along ``dim`` (``dtype`` casts the input first); the op of ``Tensor.softmax``."""
    if dim is None:
        dim = _softmax_dim("softmax", input._data.ndim, _stacklevel)
    return _red.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Log-softmax along ``dim``, computed directly (never as log(softmax))."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input._data.ndim, _stacklevel)
    return _red.log_softmax(input, dim, dtype=dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """``softmax(-input)``, as torch computes it."""
    if dim is None:
        dim = _softmax_dim("softmin", input._data.ndim, _stacklevel)
    return _red.softmax(-input, dim, dtype=dtype)


# -- glu, normalize, one_hot ---------------------------------------------------------------------------------
class Glu(ArrayFunction):
    """Gated linear unit: split ``x`` in halves a, b along ``axis``; ``a * sigmoid(b)``."""

    backward_name = "GluBackward0"

    @staticmethod
    def forward(ctx, x, axis):
        a, b = np.split(x, 2, axis=axis)
        s = _ew._sigmoid(b)
        ctx.save_for_backward(a, s)
        ctx.axis = axis
        return a * s

    @staticmethod
    def backward(ctx, g):
        a, s = ctx.saved_tensors
        ga = g * s
        return np.concatenate([ga, ga * a * (1.0 - s)], axis=ctx.axis), None


def glu(input, dim=-1):
    if input._data.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    check_float(input, "glu_cpu")
    axis = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[axis]
    if n % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {axis} is size {n}")
    return Glu.apply(input, axis)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """``input / max(||input||_p, eps)`` along ``dim``, from ops as in torch (node: DivBackward0)."""
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{_ew._type_word(input._data.dtype)}")
    denom = _red.norm(input, p, dim, keepdim=True).clamp(min=eps)
    result = input / denom
    return result if out is None else out.copy_(result)


def one_hot(tensor, num_classes=-1):
    """int64 tensor of shape ``tensor.shape + (num_classes,)``, 1 at each value's position."""
    if not isinstance(tensor, Tensor) or tensor._data.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    x = tensor._data
    if x.size == 0:
        if num_classes <= 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        return Tensor._wrap(np.zeros(x.shape + (num_classes,), dtype=np.int64))
    if x.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(x.max()) + 1
    elif num_classes <= x.max():
        raise RuntimeError("Class values must be smaller than num_classes.")
    return Tensor._wrap((x[..., None] == np.arange(num_classes)).astype(np.int64))
