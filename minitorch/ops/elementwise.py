"""Elementwise ops: arithmetic, unary math, comparisons, and the in-place machinery.

Binary ops accept Tensors, Python numbers and NumPy scalars on either side; the result
dtype follows torch's promotion (``_dtype.result_type``), not NumPy's. Gradients are
returned in the broadcast shape; the engine sums them back to each input's shape.
"""
import builtins
import numbers

import numpy as np

from .. import _dtype
from .._kernels import activation as _activation
from .._kernels import special as _special
from .._tensor import Tensor
from ..autograd import grad_mode
from ..autograd.function import ArrayFunction

_SCALARS = (numbers.Number, np.bool_, np.number)
_OPERAND_TYPES = (Tensor,) + _SCALARS


def as_tensor_like(value, like):
    """A Python scalar or array as a tensor, for ops whose left operand is not a tensor."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, np.ndarray):
        return Tensor._wrap(value)
    return Tensor._wrap(np.asarray(value, dtype=_dtype.result_type(like, value).np))


def _operand(x, op_name):
    """Check a binary operand: a Tensor, a scalar, or array-like data (made a tensor)."""
    if isinstance(x, _OPERAND_TYPES):
        return x
    if isinstance(x, (np.ndarray, list, tuple)):
        arr = np.asarray(x)
        return Tensor._wrap(arr.astype(np.float32) if arr.dtype == np.float64 and isinstance(x, (list, tuple))
                            else arr)
    raise TypeError(f"{op_name}(): argument 'other' must be Tensor or Number, not {type(x).__name__}")


def _check_broadcast(a, b):
    """torch's error for shapes that don't broadcast, naming the first clash from the right."""
    sa, sb = a.shape, (b.shape if isinstance(b, np.ndarray) else ())
    for i, (x, y) in enumerate(zip(sa[::-1], sb[::-1])):
        if x != y and x != 1 and y != 1:
            dim = max(len(sa), len(sb)) - 1 - i
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                               f"non-singleton dimension {dim}")


def _binary(fn, a, b, op_name):
    """Apply a binary Function with torch's type promotion and broadcast check."""
    if isinstance(b, Tensor):
        if a._data.dtype is b._data.dtype:  # the common case: nothing to promote
            try:
                return fn.apply(a, b)
            except ValueError:  # NumPy could not broadcast: raise torch's error instead
                _check_broadcast(a._data, b._data)
                raise
    else:
        b = _operand(b, op_name)
    out_dtype = _dtype.result_type(a, b)
    if isinstance(b, Tensor):
        _check_broadcast(a._data, b._data)
    out = fn.apply(a, b)
    if out._data.dtype != out_dtype.np:
        out._data = out._data.astype(out_dtype.np)
    return out


def _float_result(x):
    """Ops like exp/sqrt/div on integer tensors compute in the default float dtype, as torch does."""
    if x._data.dtype.kind in "biu":
        return Tensor._wrap(x._data.astype(_dtype.get_default_dtype().np))
    return x


# -- arithmetic ---------------------------------------------------------------------------------
class Add(ArrayFunction):
    backward_name = "AddBackward0"

    @staticmethod
    def forward(ctx, a, b):
        return np.add(a, b)

    @staticmethod
    def backward(ctx, g):
        return g, g


class Sub(ArrayFunction):
    backward_name = "SubBackward0"

    @staticmethod
    def forward(ctx, a, b):
        return np.subtract(a, b)

    @staticmethod
    def backward(ctx, g):
        return g, (-g if ctx.needs_input_grad[1] else None)


class Rsub(ArrayFunction):
    """``other - input`` for a scalar ``other`` (torch's rsub)."""

    backward_name = "RsubBackward1"

    @staticmethod
    def forward(ctx, a, scalar):
        return np.subtract(scalar, a)

    @staticmethod
    def backward(ctx, g):
        return -g, None


class Mul(ArrayFunction):
    backward_name = "MulBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.multiply(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g * b if ctx.needs_input_grad[0] else None,
                g * a if ctx.needs_input_grad[1] else None)


class Div(ArrayFunction):
    backward_name = "DivBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.true_divide(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        ga = g / b if ctx.needs_input_grad[0] else None
        gb = -g * a / (b * b) if ctx.needs_input_grad[1] else None
        return ga, gb


class Neg(ArrayFunction):
    backward_name = "NegBackward0"

    @staticmethod
    def forward(ctx, a):
        return np.negative(a)

    @staticmethod
    def backward(ctx, g):
        return -g


class PowScalar(ArrayFunction):
    """``input ** exponent`` for a number exponent."""

    backward_name = "PowBackward0"

    @staticmethod
    def forward(ctx, a, p):
        ctx.save_for_backward(a)
        ctx.p = p
        if p == 2:
            return np.multiply(a, a)
        return np.power(a, p)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        p = ctx.p
        if p == 0:
            return np.zeros_like(g), None
        if p == 2:
            return g * 2 * a, None
        return g * p * np.power(a, p - 1), None


class PowTensor(ArrayFunction):
    """``input ** exponent`` for a tensor exponent."""

    backward_name = "PowBackward1"

    @staticmethod
    def forward(ctx, a, b):
        out = np.power(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, out = ctx.saved_tensors
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = np.where(b == 0, 0.0, g * b * np.power(a, b - 1)).astype(g.dtype, copy=False)
        if ctx.needs_input_grad[1]:
            # d/db a^b = a^b log a; torch defines it as 0 where a == 0 and b >= 0
            with np.errstate(divide="ignore", invalid="ignore"):
                gb = np.where((a == 0) & (b >= 0), 0.0, g * out * np.log(a)).astype(g.dtype, copy=False)
        return ga, gb


class RPow(ArrayFunction):
    """``base ** input`` for a number base."""

    backward_name = "PowBackward2"

    @staticmethod
    def forward(ctx, base, a):
        out = np.power(base, a)
        ctx.save_for_backward(out)
        ctx.log_base = np.log(base) if base > 0 else np.nan
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return None, g * out * ctx.log_base


def add(input, other, *, alpha=1):
    if not isinstance(input, Tensor):
        input, other = as_tensor_like(input, other), other
    if alpha != 1:
        other = mul(other, alpha) if isinstance(other, Tensor) else other * alpha
    return _binary(Add, input, other, "add")


def sub(input, other, *, alpha=1):
    if isinstance(input, Tensor) and input._data.dtype == np.bool_:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    if alpha != 1:
        other = mul(other, alpha) if isinstance(other, Tensor) else other * alpha
    return _binary(Sub, input, other, "sub")


def rsub(input, other, *, alpha=1):
    """``other - alpha * input`` (what ``2 - tensor`` calls)."""
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    if alpha != 1:
        input = mul(input, alpha)
    return _binary(Rsub, input, _operand(other, "rsub"), "rsub")


def mul(input, other):
    if not isinstance(input, Tensor):
        input, other = other, input
    return _binary(Mul, input, other, "mul")


def div(input, other, *, rounding_mode=None):
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        return trunc(div(input, other))
    if not isinstance(input, Tensor):
        input = as_tensor_like(input, other)
    other = _operand(other, "div")
    out_dtype = _dtype.result_type(input, other)
    if not out_dtype.is_floating_point:  # true division of integers gives the default float dtype
        input = _float_result(input)
        if isinstance(other, Tensor):
            other = _float_result(other)
        else:
            other = builtins.float(other)
    return _binary(Div, input, other, "div")


def rdiv(input, other):
    """``other / input`` for a scalar ``other``: torch computes it as ``other * reciprocal(input)``."""
    return mul(reciprocal(input), other)


def pow(input, exponent):
    if not isinstance(input, Tensor):
        return rpow(exponent, input)
    if isinstance(exponent, Tensor):
        if exponent._data.ndim == 0 and not exponent._requires_grad:
            exponent = exponent.item()
        else:
            return _binary(PowTensor, input, exponent, "pow")
    exponent = _operand(exponent, "pow")
    if input._data.dtype.kind in "iu" and isinstance(exponent, (builtins.int, np.integer)) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return _binary(PowScalar, input, exponent, "pow")


def rpow(input, base):
    """``base ** input`` for a scalar ``base``."""
    input = _float_result(input) if isinstance(base, builtins.float) else input
    out = RPow.apply(base, input)
    out_dtype = _dtype.result_type(input, base)
    if out._data.dtype != out_dtype.np:
        out._data = out._data.astype(out_dtype.np)
    return out


def neg(input):
    if input._data.dtype == np.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return Neg.apply(input)


negative = neg


def floor_divide(input, other):
    if not isinstance(input, Tensor):
        input = as_tensor_like(input, other)
    other = _operand(other, "floor_divide")
    dt = _dtype.result_type(input, other)
    o = other._data if isinstance(other, Tensor) else other
    return Tensor._wrap(np.asarray(np.floor_divide(input._data, o)).astype(dt.np, copy=False))


class Remainder(ArrayFunction):
    """``a mod b`` with the sign of b (Python's %): d/da = 1, d/db = -floor(a / b)."""

    backward_name = "RemainderBackward1"
    np_fn, quotient = staticmethod(np.mod), staticmethod(np.floor)

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(a, b)
        return cls.np_fn(a, b)

    @classmethod
    def backward(cls, ctx, g):
        a, b = ctx.saved_tensors
        gb = -g * cls.quotient(a / b) if ctx.needs_input_grad[1] else None
        return g, gb


class RemainderScalar(Remainder):
    backward_name = "RemainderBackward0"


class Fmod(Remainder):
    """``a mod b`` with the sign of a (C's fmod): d/db = -trunc(a / b)."""

    backward_name = "FmodBackward1"
    np_fn, quotient = staticmethod(np.fmod), staticmethod(np.trunc)


class FmodScalar(Fmod):
    backward_name = "FmodBackward0"


def remainder(input, other):
    return _binary(Remainder if isinstance(other, Tensor) else RemainderScalar, input, other, "remainder")


def fmod(input, other):
    return _binary(Fmod if isinstance(other, Tensor) else FmodScalar, input, other, "fmod")


# -- unary math: (name, forward, derivative from (x, out)) -----------------------------------------
class _Unary(ArrayFunction):
    """An elementwise op y = f(x) whose derivative is given by ``grad(x, y)``."""

    __slots__ = ()
    saves = "x"  # which arrays backward needs: "x", "y" or "xy"

    @staticmethod
    def f(x):
        raise NotImplementedError

    @staticmethod
    def grad(x, y):
        raise NotImplementedError

    @classmethod
    def forward(cls, ctx, x):
        y = cls.f(x)
        ctx.save_for_backward(x if "x" in cls.saves else None, y if "y" in cls.saves else None)
        return y

    @classmethod
    def backward(cls, ctx, g):
        x, y = ctx.saved_tensors
        return g * cls.grad(x, y)


def _unary(name, f, grad, saves="x", backward_name=None):
    """Make a _Unary subclass: ``name`` is the op, ``f`` the forward, ``grad(x, y)`` dy/dx."""
    return type(name, (_Unary,), {"f": staticmethod(f), "grad": staticmethod(grad), "saves": saves,
                                  "backward_name": backward_name or name + "Backward0"})


def _sigmoid(x):
    """1 / (1 + exp(-x)), in place on one buffer; exp overflowing to inf for very negative x
    correctly gives 0, so that overflow is expected and silenced."""
    with np.errstate(over="ignore"):
        out = np.negative(x, out=np.empty_like(x))  # (an array even for 0-d x)
        np.exp(out, out=out)
        out += 1
        return np.reciprocal(out, out=out)


Exp = _unary("Exp", np.exp, lambda x, y: y, saves="y")
Expm1 = _unary("Expm1", np.expm1, lambda x, y: y + 1, saves="y")
Log = _unary("Log", np.log, lambda x, y: 1 / x)
Log1p = _unary("Log1P", np.log1p, lambda x, y: 1 / (1 + x))
Log2 = _unary("Log2", np.log2, lambda x, y: 1 / (x * np.log(2).astype(x.dtype)))
Log10 = _unary("Log10", np.log10, lambda x, y: 1 / (x * np.log(10).astype(x.dtype)))
Sqrt = _unary("Sqrt", np.sqrt, lambda x, y: 0.5 / y, saves="y")
Rsqrt = _unary("Rsqrt", lambda x: 1 / np.sqrt(x), lambda x, y: -0.5 * y * y * y, saves="y")
Reciprocal = _unary("Reciprocal", lambda x: 1 / x, lambda x, y: -y * y, saves="y")
Sin = _unary("Sin", np.sin, lambda x, y: np.cos(x))
Cos = _unary("Cos", np.cos, lambda x, y: -np.sin(x))
Tan = _unary("Tan", np.tan, lambda x, y: 1 + y * y, saves="y")
Tanh = _unary("Tanh", np.tanh, lambda x, y: 1 - y * y, saves="y")
Sigmoid = _unary("Sigmoid", _sigmoid, lambda x, y: y * (1 - y), saves="y")


class Relu(ArrayFunction):
    """``max(x, 0)`` with torch's rules (``_kernels/activation.py``: -0.0 and NaN pass through, and
    the gradient is selected, not multiplied, so an infinite gradient at a clipped element is 0)."""

    backward_name = "ReluBackward0"

    @staticmethod
    def forward(ctx, x):
        if x.dtype == np.bool_:
            raise RuntimeError("Boolean inputs not supported for relu")
        y = _activation.relu(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return _activation.relu_backward(g, y)


Abs = _unary("Abs", np.abs, lambda x, y: np.sign(x))
def _sign(x):
    """-1, 0 or 1 per element; NaN gives 0, as in torch (NumPy's sign keeps NaN)."""
    out = np.sign(x)
    return np.where(np.isnan(out), out.dtype.type(0), out) if out.dtype.kind == "f" else out


Sign = _unary("Sign", _sign, lambda x, y: np.zeros_like(x))
Floor = _unary("Floor", np.floor, lambda x, y: np.zeros_like(x))
Ceil = _unary("Ceil", np.ceil, lambda x, y: np.zeros_like(x))
Trunc = _unary("Trunc", np.trunc, lambda x, y: np.zeros_like(x))
Round = _unary("Round", np.round, lambda x, y: np.zeros_like(x))
Square = _unary("Square", np.square, lambda x, y: 2 * x, backward_name="PowBackward0")


def _float_unary(fn):
    """Wrap a _Unary for torch's rule: integer inputs compute in the default float dtype."""
    def op(input):
        return fn.apply(_float_result(input))
    op.__name__ = fn.__name__.lower()
    op.__doc__ = f"Elementwise {op.__name__} (``torch.{op.__name__}``); backward is ``{fn.backward_name}``."
    return op


exp, expm1, log, log1p, log2, log10 = map(_float_unary, (Exp, Expm1, Log, Log1p, Log2, Log10))
sqrt, rsqrt, reciprocal = map(_float_unary, (Sqrt, Rsqrt, Reciprocal))
sin, cos, tan, tanh, sigmoid = map(_float_unary, (Sin, Cos, Tan, Tanh, Sigmoid))


def relu(input):
    return Relu.apply(input)


def abs(input):
    return Abs.apply(input)


def sign(input):
    return Sign.apply(input)


def square(input):
    return Square.apply(input)


def _int_passthrough(fn):
    def op(input, **kwargs):
        if input._data.dtype.kind in "biu":
            return input.clone()
        return fn.apply(input)
    op.__name__ = fn.__name__.lower()
    return op


floor, ceil, trunc = map(_int_passthrough, (Floor, Ceil, Trunc))


class RoundDecimals(ArrayFunction):
    backward_name = "RoundBackward1"

    @staticmethod
    def forward(ctx, x, decimals):
        return np.round(x, decimals)

    @staticmethod
    def backward(ctx, g):
        return np.zeros_like(g), None


def round(input, *, decimals=0):
    if decimals:
        return RoundDecimals.apply(_float_result(input), decimals)
    return _int_passthrough(Round)(input)


# -- clamp, maximum/minimum, where, masked_fill ------------------------------------------------
class Clamp(ArrayFunction):
    backward_name = "ClampBackward1"

    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x)
        ctx.lo, ctx.hi = lo, hi
        return np.clip(x, lo, hi)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        inside = np.ones(x.shape, dtype=bool)
        if ctx.lo is not None:
            inside &= x >= ctx.lo
        if ctx.hi is not None:
            inside &= x <= ctx.hi
        return g * inside, None, None


class ClampTensor(ArrayFunction):
    """clamp with tensor bounds: the gradient flows to whichever of x, min, max was chosen."""

    backward_name = "ClampBackward0"

    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x, lo, hi)
        out = x
        if lo is not None:
            out = np.maximum(out, lo)
        if hi is not None:
            out = np.minimum(out, hi)
        return out

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.saved_tensors
        take_x = np.ones(np.broadcast_shapes(*(a.shape for a in (x, lo, hi) if a is not None)), dtype=bool)
        glo = ghi = None
        if lo is not None:
            below = x < lo
            take_x = take_x & ~below
            glo = g * (below & ((hi is None) | (lo <= hi if hi is not None else True)))
        if hi is not None:
            above = x > hi if lo is None else np.maximum(x, lo) > hi
            take_x = take_x & ~above
            ghi = g * above
            if glo is not None:
                glo = glo * ~above
        return g * take_x, glo, ghi


def clamp(input, min=None, max=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    return _clamp(Clamp, ClampTensor, input, min, max)


def _clamp(scalar_fn, tensor_fn, input, min, max):
    """One clamp node (number bounds, or tensor bounds), in torch's result dtype."""
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        return tensor_fn.apply(input, min, max)
    out = scalar_fn.apply(input, min, max)
    dt = _dtype.result_type(input, *(v for v in (min, max) if v is not None))
    if out._data.dtype != dt.np:
        out._data = out._data.astype(dt.np)
    return out


class ClampMin(Clamp):
    backward_name = "ClampMinBackward0"


class ClampMax(Clamp):
    backward_name = "ClampMaxBackward0"


class ClampMinTensor(ClampTensor):
    backward_name = "ClampMinBackward1"


class ClampMaxTensor(ClampTensor):
    backward_name = "ClampMaxBackward1"


def clamp_min(input, min):
    """``clamp(input, min=min)``, recorded under torch's own node name."""
    return _clamp(ClampMin, ClampMinTensor, input, min, None)


def clamp_max(input, max):
    """``clamp(input, max=max)``, recorded under torch's own node name."""
    return _clamp(ClampMax, ClampMaxTensor, input, None, max)


clip = clamp


class Maximum(ArrayFunction):
    """Elementwise max; on ties the gradient is split evenly, as torch does."""

    backward_name = "MaximumBackward0"
    pick = staticmethod(np.maximum)

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(a, b)
        return cls.pick(a, b)

    @classmethod
    def backward(cls, ctx, g):
        a, b = ctx.saved_tensors
        first = (cls.pick(a, b) == a).astype(g.dtype)
        tie = (a == b).astype(g.dtype)
        wa = first - 0.5 * tie
        return g * wa, g * (1 - wa)


class Minimum(Maximum):
    backward_name = "MinimumBackward0"
    pick = staticmethod(np.minimum)


def maximum(input, other):
    return _binary(Maximum, input, other, "maximum")


def minimum(input, other):
    return _binary(Minimum, input, other, "minimum")


class Where(ArrayFunction):
    backward_name = "WhereBackward0"

    @staticmethod
    def forward(ctx, cond, a, b):
        ctx.cond = cond
        return np.where(cond, a, b)

    @staticmethod
    def backward(ctx, g):
        zero = np.zeros((), dtype=g.dtype)
        return (None, np.where(ctx.cond, g, zero) if ctx.needs_input_grad[1] else None,
                np.where(ctx.cond, zero, g) if ctx.needs_input_grad[2] else None)


def where(condition, input=None, other=None):
    if input is None and other is None:
        return tuple(Tensor._wrap(i) for i in np.nonzero(condition._data))
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{_dtype.from_numpy_dtype(cond.dtype)}")
    if not isinstance(input, Tensor):
        input = as_tensor_like(input, other) if isinstance(other, Tensor) else Tensor._wrap(
            np.asarray(input, dtype=_dtype.result_type(input).np))
    other = _operand(other, "where")
    out_dtype = _dtype.result_type(input, other)
    out = Where.apply(Tensor._wrap(cond), input, other)
    if out._data.dtype != out_dtype.np:
        out._data = out._data.astype(out_dtype.np)
    return out


class MaskedFill(ArrayFunction):
    backward_name = "MaskedFillBackward0"

    @staticmethod
    def forward(ctx, x, mask, value):
        ctx.mask = mask
        out = x.copy() if mask.shape == x.shape else np.array(np.broadcast_to(x, np.broadcast_shapes(x.shape, mask.shape)))
        out[np.broadcast_to(mask, out.shape)] = value
        return out

    @staticmethod
    def backward(ctx, g):
        return np.where(ctx.mask, np.zeros((), g.dtype), g), None, None


class MaskedFillTensor(MaskedFill):
    """masked_fill with a 0-d tensor value, which receives the gradient of every filled element."""

    backward_name = "MaskedFillBackward1"

    @staticmethod
    def backward(ctx, g):
        mask = np.broadcast_to(ctx.mask, g.shape)
        return np.where(mask, np.zeros((), g.dtype), g), None, g[mask].sum()


def masked_fill(input, mask, value):
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_dtype.from_numpy_dtype(m.dtype)}")
    np.broadcast_shapes(input._data.shape, m.shape)
    if isinstance(value, Tensor):
        if value._data.ndim != 0:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
        return MaskedFillTensor.apply(input, Tensor._wrap(m), value)
    return MaskedFill.apply(input, Tensor._wrap(m), value)


class Lerp(ArrayFunction):
    backward_name = "LerpBackward0"

    @staticmethod
    def forward(ctx, start, end, weight):
        ctx.weight = weight
        return start + weight * (end - start)

    @staticmethod
    def backward(ctx, g):
        w = ctx.weight
        return g * (1 - w), g * w, None


class LerpTensor(ArrayFunction):
    """lerp with a tensor weight: start + weight * (end - start), differentiable in all three."""

    backward_name = "LerpBackward1"

    @staticmethod
    def forward(ctx, start, end, weight):
        ctx.save_for_backward(start, end, weight)
        return start + weight * (end - start)

    @staticmethod
    def backward(ctx, g):
        start, end, weight = ctx.saved_tensors
        return g * (1 - weight), g * weight, g * (end - start)


def lerp(input, end, weight):
    if isinstance(weight, Tensor):
        return LerpTensor.apply(input, end, weight)
    return Lerp.apply(input, end, weight)


class Addcmul(ArrayFunction):
    """input + value * tensor1 * tensor2 (the optimizers' update step), as one node."""

    backward_name = "AddcmulBackward0"

    @staticmethod
    def forward(ctx, x, t1, t2, value):
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        return x + value * (t1 * t2)

    @staticmethod
    def backward(ctx, g):
        t1, t2 = ctx.saved_tensors
        gv = g * ctx.value
        return (g, gv * t2 if ctx.needs_input_grad[1] else None,
                gv * t1 if ctx.needs_input_grad[2] else None, None)


class Addcdiv(ArrayFunction):
    """input + value * tensor1 / tensor2, as one node."""

    backward_name = "AddcdivBackward0"

    @staticmethod
    def forward(ctx, x, t1, t2, value):
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        return x + value * (t1 / t2)

    @staticmethod
    def backward(ctx, g):
        t1, t2 = ctx.saved_tensors
        gv = g * ctx.value
        return (g, gv / t2 if ctx.needs_input_grad[1] else None,
                -gv * t1 / (t2 * t2) if ctx.needs_input_grad[2] else None, None)


def _ternary(fn, input, tensor1, tensor2, value):
    out_dtype = _dtype.result_type(input, tensor1, tensor2)
    out = fn.apply(input, tensor1, tensor2, value)
    if out._data.dtype != out_dtype.np:
        out._data = out._data.astype(out_dtype.np)
    return out


def addcmul(input, tensor1, tensor2, *, value=1):
    return _ternary(Addcmul, input, tensor1, tensor2, value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    if tensor1._data.dtype.kind in "biu" and tensor2._data.dtype.kind in "biu":
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future release "
                           "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
                           "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))."
                           "to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
                           "float inputs. The future addcdiv behavior is just the latter implementation: "
                           "(input + value * tensor1 / tensor2), for all dtypes.")
    return _ternary(Addcdiv, input, tensor1, tensor2, value)


# -- dtype conversion and copies -----------------------------------------------------------------
class ToCopy(ArrayFunction):
    backward_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, x, np_dtype):
        return x.astype(np_dtype)

    @staticmethod
    def backward(ctx, g):
        return g, None  # the engine casts it back to the input's dtype


def to_dtype(input, dtype):
    return ToCopy.apply(input, dtype.np)


class Clone(ArrayFunction):
    backward_name = "CloneBackward0"

    @staticmethod
    def forward(ctx, x):
        return np.array(x, copy=True, order="C")

    @staticmethod
    def backward(ctx, g):
        return g


def clone(input, *, memory_format=None):
    return Clone.apply(input)


class CopyFrom(ArrayFunction):
    """The out-of-place half of ``dst.copy_(src)``: src broadcast to dst's shape and dtype."""

    backward_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, dst, src):
        return np.broadcast_to(src, dst.shape).astype(dst.dtype)

    @staticmethod
    def backward(ctx, g):
        return np.zeros_like(g), g


class Fill(ArrayFunction):
    """The out-of-place half of ``t.fill_(number)``: every element replaced, so no gradient flows back."""

    backward_name = "FillBackward2"

    @staticmethod
    def forward(ctx, x, value):
        return np.full_like(x, value)

    @staticmethod
    def backward(ctx, g):
        return np.zeros_like(g), None


class Zero(Fill):
    backward_name = "ZeroBackward0"


def filled(input, value):
    """A tensor like input with every element ``value`` (the recorded form of ``fill_``)."""
    return Fill.apply(input, value)


def zeroed(input):
    """A tensor like input, all zeros (the recorded form of ``zero_``)."""
    return Zero.apply(input, 0)


def copy_from(dst, src):
    if not isinstance(src, Tensor):
        src = Tensor._wrap(np.asarray(src))
    try:
        np.broadcast_to(src._data, dst._data.shape)
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({dst._data.shape[-1] if dst._data.ndim else 1}) must match "
                           f"the size of tensor b ({src._data.shape[-1] if src._data.ndim else 1}) at "
                           f"non-singleton dimension {dst._data.ndim - 1}") from None
    return CopyFrom.apply(dst, src)


# -- comparisons and logic: no gradient, bool results ------------------------------------------------
def _compare(np_fn, name):
    def op(input, other):
        other = _operand(other, name)
        o = other._data if isinstance(other, Tensor) else other
        if isinstance(other, Tensor) and other._data.shape != input._data.shape:
            _check_broadcast(input._data, other._data)
        return Tensor._wrap(np.asarray(np_fn(input._data, o)))
    op.__name__ = name
    op.__doc__ = f"Elementwise ``{name}``: a bool tensor (no gradient)."
    return op


eq = _compare(np.equal, "eq")
ne = _compare(np.not_equal, "ne")
lt = _compare(np.less, "lt")
le = _compare(np.less_equal, "le")
gt = _compare(np.greater, "gt")
ge = _compare(np.greater_equal, "ge")
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne
logical_and = _compare(np.logical_and, "logical_and")
logical_or = _compare(np.logical_or, "logical_or")
logical_xor = _compare(np.logical_xor, "logical_xor")


def logical_not(input):
    return Tensor._wrap(np.logical_not(input._data))


def _bitwise(np_fn, name):
    def op(input, other):
        other = _operand(other, name)
        o = other._data if isinstance(other, Tensor) else other
        if input._data.dtype.kind == "f" or (isinstance(o, np.ndarray) and o.dtype.kind == "f"):
            raise RuntimeError(f'"{name}_cpu" not implemented for \'Float\'')
        return Tensor._wrap(np.asarray(np_fn(input._data, o)))
    op.__name__ = name
    return op


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def bitwise_not(input):
    if input._data.dtype.kind == "f":
        raise RuntimeError("\"bitwise_not_cpu\" not implemented for 'Float'")
    return Tensor._wrap(np.invert(input._data))


def _type_word(np_dtype):
    return {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "bool": "Bool",
            "float16": "Half", "int16": "Short", "int8": "Char", "uint8": "Byte"}[np_dtype.name]


# -- more unary math: hyperbolic and inverse trigonometric, angles, special functions ---------------
# Ops with a restricted domain (asin outside [-1, 1], log of 0, ...) give torch's NaN and inf
# silently: their forward and backward run with NumPy's floating-point warnings off.
def _quiet(fn):
    """``fn`` run with NumPy's divide/invalid/overflow warnings off (torch gives NaN/inf silently)."""
    def quiet(*args):
        with np.errstate(all="ignore"):
            return fn(*args)
    return quiet


def _quiet_unary(name, f, grad, saves="x", backward_name=None):
    """A _Unary (see ``_unary``) whose forward and backward give NaN/inf without warnings."""
    return _unary(name, _quiet(f), _quiet(grad), saves, backward_name)


_SQRT_PI = builtins.float(np.sqrt(np.pi))  # a Python float, so float32 math stays float32
Sinh = _quiet_unary("Sinh", np.sinh, lambda x, y: np.cosh(x))
Cosh = _quiet_unary("Cosh", np.cosh, lambda x, y: np.sinh(x))
Asin = _quiet_unary("Asin", np.arcsin, lambda x, y: 1 / np.sqrt(1 - x * x))
Acos = _quiet_unary("Acos", np.arccos, lambda x, y: -1 / np.sqrt(1 - x * x))
Atan = _quiet_unary("Atan", np.arctan, lambda x, y: 1 / (x * x + 1))
Asinh = _quiet_unary("Asinh", np.arcsinh, lambda x, y: 1 / np.sqrt(x * x + 1))
Acosh = _quiet_unary("Acosh", np.arccosh, lambda x, y: 1 / np.sqrt(x * x - 1))
Atanh = _quiet_unary("Atanh", np.arctanh, lambda x, y: 1 / (1 - x * x))
Deg2Rad = _unary("Deg2Rad", lambda x: x * (np.pi / 180), lambda x, y: np.pi / 180, saves="")
Rad2Deg = _unary("Rad2Deg", lambda x: x * (180 / np.pi), lambda x, y: 180 / np.pi, saves="")
Frac = _quiet_unary("Frac", lambda x: x - np.trunc(x), lambda x, y: 1.0, saves="")  # inf -> NaN, as torch
# d/dx erf(x) = 2/sqrt(pi) exp(-x^2); erfinv's derivative is 1 / erf'(erfinv(x))
Erf = _unary("Erf", _special.erf, lambda x, y: 2 / _SQRT_PI * np.exp(-x * x))
Erfc = _unary("Erfc", _special.erfc, lambda x, y: -2 / _SQRT_PI * np.exp(-x * x))
Erfinv = _quiet_unary("Erfinv", _special.erfinv, lambda x, y: _SQRT_PI / 2 * np.exp(y * y), saves="y")
Lgamma = _quiet_unary("Lgamma", _special.lgamma, lambda x, y: _special.digamma(x))
Digamma = _quiet_unary("Digamma", _special.digamma, lambda x, y: _special.trigamma(x))

sinh, cosh, asin, acos, atan, asinh, acosh, atanh = map(
    _float_unary, (Sinh, Cosh, Asin, Acos, Atan, Asinh, Acosh, Atanh))
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh
deg2rad, rad2deg = _float_unary(Deg2Rad), _float_unary(Rad2Deg)
erf, erfc, erfinv, lgamma, digamma = map(_float_unary, (Erf, Erfc, Erfinv, Lgamma, Digamma))


def frac(input):
    """``input - trunc(input)``, the fractional part with input's sign; floating types only."""
    if input._data.dtype.kind in "biu":
        raise NotImplementedError(f"\"frac_cpu\" not implemented for '{_type_word(input._data.dtype)}'")
    return Frac.apply(input)


class Logit(ArrayFunction):
    """``log(z / (1 - z))`` with z = input, or input clamped to [eps, 1 - eps] when eps is given.
    Outside the clamp the gradient is 0; without eps it is NaN outside [0, 1], as in torch."""

    backward_name = "LogitBackward0"

    @staticmethod
    def forward(ctx, x, eps):
        ctx.save_for_backward(x)
        ctx.eps = eps
        z = x if eps is None else np.clip(x, eps, 1 - eps)
        with np.errstate(all="ignore"):
            return np.log(z / (1 - z))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        lo, hi, outside = (0, 1, np.nan) if ctx.eps is None else (ctx.eps, 1 - ctx.eps, 0)
        with np.errstate(all="ignore"):
            return np.where((x < lo) | (x > hi), np.asarray(outside, g.dtype), g / (x * (1 - x))), None


def logit(input, eps=None):
    """The inverse of sigmoid; a negative ``eps`` means no clamping, as ``None`` does."""
    return Logit.apply(_float_result(input), None if eps is None or eps < 0 else eps)


class NanToNum(ArrayFunction):
    """NaN, +inf and -inf replaced by numbers; the gradient flows only through finite elements."""

    backward_name = "NanToNumBackward0"

    @staticmethod
    def forward(ctx, x, nan, posinf, neginf):
        ctx.save_for_backward(x)
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return np.where(np.isfinite(x), g, np.zeros((), g.dtype)), None, None, None


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN -> ``nan``, +inf -> ``posinf`` and -inf -> ``neginf`` (default: the dtype's largest and
    lowest finite values). Integer and bool tensors have none of these: a copy is returned."""
    if input._data.dtype.kind in "biu":
        return input.clone()
    return NanToNum.apply(input, 0.0 if nan is None else nan, posinf, neginf)


# -- more binary math: atan2, hypot, xlogy, fmax, fmin --------------------------------------------------
def _tensor_pair(input, other, op_name):
    """torch's TypeError for atan2/hypot/fmax/fmin, which take only tensors (no Python numbers)."""
    for arg, pos, x in (("input", 1, input), ("other", 2, other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"{op_name}(): argument '{arg}' (position {pos}) must be Tensor, "
                            f"not {type(x).__name__}")


def _float_binary(fn, input, other, op_name):
    """``_binary`` for ops that compute in floating point: two integer operands give the default
    float dtype (as torch's atan2 and xlogy do)."""
    if not _dtype.result_type(input, other).is_floating_point:
        input = _float_result(input)
        other = _float_result(other) if isinstance(other, Tensor) else builtins.float(other)
    return _binary(fn, input, other, op_name)


class Atan2(ArrayFunction):
    """The angle of the point (other, input): d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2), with
    torch's 0 (not NaN) at the origin."""

    backward_name = "Atan2Backward0"

    @staticmethod
    def forward(ctx, y, x):
        ctx.save_for_backward(y, x)
        return np.arctan2(y, x)

    @staticmethod
    def backward(ctx, g):
        y, x = ctx.saved_tensors
        with np.errstate(all="ignore"):  # inf operands give NaN gradients, as in torch
            r2 = y * y + x * x
            recip = np.where(r2 == 0, np.zeros((), g.dtype), 1 / r2)
            return (g * x * recip if ctx.needs_input_grad[0] else None,
                    g * -y * recip if ctx.needs_input_grad[1] else None)


def atan2(input, other):
    """The angle of (other, input) in (-pi, pi], elementwise; broadcasts, tensors only."""
    _tensor_pair(input, other, "atan2")
    return _float_binary(Atan2, input, other, "atan2")


arctan2 = atan2


class Hypot(ArrayFunction):
    """sqrt(a^2 + b^2) without overflow; d/da = a / out (NaN at the origin, as in torch)."""

    backward_name = "HypotBackward0"

    @staticmethod
    def forward(ctx, a, b):
        out = np.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, out = ctx.saved_tensors
        with np.errstate(all="ignore"):
            return (g * a / out if ctx.needs_input_grad[0] else None,
                    g * b / out if ctx.needs_input_grad[1] else None)


def hypot(input, other):
    """sqrt(input^2 + other^2), elementwise; broadcasts, floating tensors only."""
    _tensor_pair(input, other, "hypot")
    dt = _dtype.result_type(input, other)
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"hypot_cpu\" not implemented for '{_type_word(dt.np)}'")
    return _binary(Hypot, input, other, "hypot")


def _xlogy(x, y):
    """x * log(y), with 0 where x == 0 (even for y == 0 or inf), and NaN where y is NaN."""
    with np.errstate(all="ignore"):
        return np.where((x == 0) & ~np.isnan(y), np.zeros((), np.result_type(x, y)), x * np.log(y))


def _xlogy_grad_x(g, x, y):
    """d/dx x log y = log y, taken as 0 where x == 0 and y <= 0 (torch's choice, so that
    x log x -> 0 at 0 gets no NaN); torch writes it as xlogy(grad, y), which this equals."""
    return np.where((x == 0) & (y <= 0), np.zeros((), g.dtype), _xlogy(g, y))


class Xlogy(ArrayFunction):
    """``input * log(other)``, 0 where input is 0: entropy-like sums need 0 log 0 = 0."""

    backward_name = "XlogyBackward0"

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return _xlogy(x, y)

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        with np.errstate(all="ignore"):
            return (_xlogy_grad_x(g, x, y) if ctx.needs_input_grad[0] else None,
                    g * x / y if ctx.needs_input_grad[1] else None)


class XlogyScalarSelf(Xlogy):
    """xlogy with a Python number as input: only other gets a gradient."""

    backward_name = "XlogyBackward1"


class XlogyScalarOther(Xlogy):
    """xlogy with a Python number as other: only input gets a gradient."""

    backward_name = "XlogyBackward2"


def xlogy(input, other):
    """``input * log(other)`` with 0 where input == 0 (unless other is NaN); either side may be a
    number. Integer operands compute in the default float dtype."""
    if isinstance(input, Tensor):
        return _float_binary(Xlogy if isinstance(other, Tensor) else XlogyScalarOther, input, other, "xlogy")
    if not isinstance(other, Tensor):
        raise TypeError(f"xlogy() received an invalid combination of arguments - got ({type(input).__name__}, "
                        f"{type(other).__name__}), but expected one of:\n"
                        " * (Tensor input, Tensor other, *, Tensor out = None)\n"
                        " * (Number self, Tensor other, *, Tensor out = None)\n"
                        " * (Tensor input, Number other, *, Tensor out = None)\n")
    if not _dtype.result_type(input, other).is_floating_point:
        input, other = builtins.float(input), _float_result(other)
    out = XlogyScalarSelf.apply(input, other)
    out_dtype = _dtype.result_type(input, other)
    if out._data.dtype != out_dtype.np:
        out._data = out._data.astype(out_dtype.np)
    return out


class Fmax(ArrayFunction):
    """Elementwise max that ignores NaN (NaN only where both are NaN). Input is taken where it is
    chosen: input >= other (ties too, so fmax(-0.0, 0.0) is -0.0, as in torch) or other is NaN;
    the whole gradient goes to the operand taken."""

    backward_name = "FmaxBackward0"
    chosen = staticmethod(np.greater_equal)

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.take_a = take_a = cls.chosen(a, b) | np.isnan(b)
        return np.where(take_a, a, b)

    @staticmethod
    def backward(ctx, g):
        zero, take_a = np.zeros((), g.dtype), ctx.take_a
        return (np.where(take_a, g, zero) if ctx.needs_input_grad[0] else None,
                np.where(take_a, zero, g) if ctx.needs_input_grad[1] else None)


class Fmin(Fmax):
    """Elementwise min that ignores NaN; gradients chosen as in Fmax (input on ties)."""

    backward_name = "FminBackward0"
    chosen = staticmethod(np.less_equal)


def fmax(input, other):
    """Elementwise maximum, taking the number where one side is NaN; broadcasts, tensors only."""
    _tensor_pair(input, other, "fmax")
    return _binary(Fmax, input, other, "fmax")


def fmin(input, other):
    """Elementwise minimum, taking the number where one side is NaN; broadcasts, tensors only."""
    _tensor_pair(input, other, "fmin")
    return _binary(Fmin, input, other, "fmin")


# -- exp2, logaddexp, logaddexp2, copysign, sgn, signbit -------------------------------------------------
_LN2 = np.log(2.0)
Exp2 = _unary("Exp2", np.exp2, lambda x, y: y * _LN2.astype(y.dtype), saves="y")
exp2 = _float_unary(Exp2)
Sgn = _unary("Sgn", _sign, lambda x, y: np.zeros_like(x), backward_name="SgnBackward0")


def sgn(input):
    """The sign of each element (for real tensors the same as ``sign``; its own node name)."""
    return Sgn.apply(input)


class Logaddexp(ArrayFunction):
    """log(exp(a) + exp(b)), computed without overflow; d/da = exp(a - out)."""

    backward_name = "LogaddexpBackward0"
    fn, base = staticmethod(np.logaddexp), np.e

    @classmethod
    def forward(cls, ctx, a, b):
        out = cls.fn(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @classmethod
    def backward(cls, ctx, g):
        a, b, out = ctx.saved_tensors
        with np.errstate(all="ignore"):
            return g * np.power(cls.base, a - out), g * np.power(cls.base, b - out)


class Logaddexp2(Logaddexp):
    """log2(2**a + 2**b); d/da = 2**(a - out)."""

    backward_name = "Logaddexp2Backward0"
    fn, base = staticmethod(np.logaddexp2), 2.0


def logaddexp(input, other):
    return _binary(Logaddexp, input, other, "logaddexp")


def logaddexp2(input, other):
    return _binary(Logaddexp2, input, other, "logaddexp2")


class Copysign(ArrayFunction):
    """|a| with the sign of b (signed zeros included); d/da = out / a (0 where a is 0), nothing for b."""

    backward_name = "CopysignBackward0"

    @staticmethod
    def forward(ctx, a, b):
        out = np.copysign(a, b)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        with np.errstate(all="ignore"):
            return np.where(a == 0, np.zeros((), g.dtype), g * out / a), np.zeros_like(g)


def copysign(input, other):
    return _float_binary(Copysign, input, other, "copysign")


def signbit(input):
    """Whether each element's sign bit is set (True for -0.0 and negative numbers; bool, no gradient)."""
    return Tensor._wrap(np.signbit(input._data))
