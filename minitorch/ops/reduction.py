"""Reductions, scans and sorts: sum, mean, prod, max/min, amax/amin, argmax/argmin, all/any,
var/std, logsumexp, norm, cumsum/cumprod, softmax/log_softmax, sort/argsort/topk.

Conventions shared by every op here:

* ``dim`` is an int, a tuple/list of ints, or None; ``None`` (and an empty tuple) means every
  dimension. Dims are normalized once, by ``_reduce_axes`` / ``_one_axis``, which reuse
  ``_wrap_dim`` for torch's "Dimension out of range" IndexError. A 0-d tensor accepts dim 0
  or -1, as in torch; it reduces over no axis at all.
* A forward computes with ``keepdims=True`` where backward needs the reduced result, and a
  backward first puts the reduced axes back into ``grad`` (``_keep``), so that it broadcasts
  against the input. Gradients that are just a broadcast (sum, mean) are returned as
  ``np.broadcast_to`` views: no memory is written for them.
* Ops that return ``(values, indices)`` return a named tuple from ``minitorch.return_types``,
  printed like torch's. Indices are int64 and carry no gradient.
"""
import builtins
import collections
import sys
import types
import warnings

import numpy as np

from .. import _dtype
from .._tensor import Tensor, _wrap_dim
from .._kernels.reduce import sum_all
from ..autograd.function import ArrayFunction
from . import elementwise as _ew

__all__ = ["sum", "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "all", "any", "var", "std",
           "var_mean", "std_mean", "logsumexp", "norm", "cumsum", "cumprod", "softmax", "log_softmax", "sort",
           "argsort", "topk", "return_types"]


# -- minitorch.return_types: the named tuples (values, indices) ------------------------------------
def _structseq(name, fields):
    """A class like ``torch.return_types.<name>``: a tuple whose items are also reachable by field
    name, and which prints one field per line, as torch does."""
    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"minitorch.return_types.{name}(\n{body})"

    base = collections.namedtuple(name, fields)
    return type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__module__": "minitorch.return_types",
                                "n_fields": len(fields), "n_sequence_fields": len(fields)})


return_types = types.ModuleType("minitorch.return_types", "Named tuples returned by ops (torch.return_types).")
for _name in ("max", "min", "sort", "topk"):
    setattr(return_types, _name, _structseq(_name, ("values", "indices")))
sys.modules["minitorch.return_types"] = return_types  # so `import minitorch.return_types` and pickling work


# -- dims and shapes ---------------------------------------------------------------------------
def _index(value, fname, argname="dim", position=None):
    """An int argument (Python int, NumPy integer, 0-d integer tensor); TypeError otherwise."""
    if isinstance(value, builtins.bool) or not hasattr(value, "__index__"):
        where = f" (position {position})" if position else ""
        raise TypeError(f"{fname}(): argument '{argname}'{where} must be int, not {type(value).__name__}")
    return value.__index__()


def _reduce_axes(dim, ndim, fname):
    """``dim`` (None, an int, or a sequence of ints; None or empty meaning all) as a sorted tuple of
    axes; raises torch's errors for dims out of range or given twice."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (tuple, list)):
        if len(dim) == 0:
            return tuple(range(ndim))
        axes = []
        for d in dim:
            a = _wrap_dim(_index(d, fname), ndim)
            if a in axes:
                raise RuntimeError(f"dim {a} appears multiple times in the list of dims")
            axes.append(a)
        return tuple(sorted(axes)) if ndim else ()
    a = _wrap_dim(_index(dim, fname), ndim)
    return (a,) if ndim else ()


def _one_axis(dim, ndim, fname):
    """A single dim, wrapped (0 for a 0-d tensor)."""
    if dim is None:
        raise TypeError(f"{fname}(): argument 'dim' must be int, not NoneType")
    return _wrap_dim(_index(dim, fname), ndim)


def _keep(g, axes, keepdim):
    """Put reduced axes back into a reduced array, so it broadcasts against the input."""
    return g if keepdim else np.expand_dims(g, axes)


def _drop(out, axes, keepdim):
    """The inverse of ``_keep``: a keepdims result in the shape the caller asked for."""
    return out if keepdim else np.squeeze(out, axis=axes)


def _unreduce(g, shape, axes, keepdim):
    """A reduced gradient spread over the input's shape, as a broadcast view (no copy)."""
    return np.broadcast_to(_keep(g, axes, keepdim), shape)


def _lift(x):
    """A 0-d array as shape (1,): ops along one axis then need no special case for scalars."""
    return x.reshape(1) if x.ndim == 0 else x


def _count(shape, axes):
    n = 1
    for a in axes:
        n *= shape[a]
    return n


def _type_word(t):
    return _ew._type_word(t._data.dtype)


def _is_float(t):
    return t._data.dtype.kind == "f"


def _np_dtype(dtype):
    return None if dtype is None else _dtype.to_dtype(dtype).np


def _integral_to_int64(input, dtype):
    """The accumulation dtype of sum/prod/cumsum/cumprod: ``dtype`` if given, int64 for bool and
    integer input (torch's rule, which avoids overflow), else the input's own."""
    if dtype is not None:
        return _dtype.to_dtype(dtype).np
    return np.dtype(np.int64) if input._data.dtype.kind in "biu" else None


# -- sum, mean -------------------------------------------------------------------------------
def _sum(x, axes, keepdim, np_dtype):
    """np.sum, with whole-array float sums done by the faster blocked kernel."""
    if len(axes) == x.ndim and (np_dtype is None or np_dtype == x.dtype) and x.dtype.kind == "f":
        total = sum_all(x)
        return total.reshape((1,) * x.ndim) if keepdim else total
    return np.sum(x, axis=axes, dtype=np_dtype, keepdims=keepdim)


class Sum(ArrayFunction):
    """Sum over ``axes``; the gradient is ``grad`` broadcast back over the summed axes."""

    backward_name = "SumBackward0"

    @staticmethod
    def forward(ctx, x, axes, keepdim, np_dtype):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        return _sum(x, axes, keepdim, np_dtype)

    @staticmethod
    def backward(ctx, g):
        return _unreduce(g, ctx.shape, ctx.axes, ctx.keepdim), None, None, None


class SumDim(Sum):
    backward_name = "SumBackward1"


def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum of all elements, or over ``dim``; bool and integer tensors sum to int64."""
    axes = _reduce_axes(dim, input._data.ndim, "sum")
    fn = Sum if dim is None and not keepdim else SumDim
    return fn.apply(input, axes, keepdim, _integral_to_int64(input, dtype))


class Mean(ArrayFunction):
    """Mean over ``axes``: the sum divided by the count; each element gets ``grad / count``."""

    backward_name = "MeanBackward0"

    @staticmethod
    def forward(ctx, x, axes, keepdim, np_dtype):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        ctx.n = _count(x.shape, axes)
        with np.errstate(invalid="ignore", divide="ignore"):  # the mean of nothing is nan, quietly
            return _sum(x, axes, keepdim, np_dtype) / ctx.n

    @staticmethod
    def backward(ctx, g):
        return _unreduce(g / ctx.n, ctx.shape, ctx.axes, ctx.keepdim), None, None, None


class MeanDim(Mean):
    backward_name = "MeanBackward1"


def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Mean of all elements, or over ``dim``; only floating tensors (or an explicit float ``dtype``)."""
    if dtype is not None:
        dtype = _dtype.to_dtype(dtype)
        if not dtype.is_floating_point:
            raise RuntimeError("mean(): could not infer output dtype. Optional dtype must be either a floating "
                               f"point or complex dtype. Got: {_ew._type_word(dtype.np)}")
    elif not _is_float(input):
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                           f"complex dtype. Got: {_type_word(input)}")
    axes = _reduce_axes(dim, input._data.ndim, "mean")
    fn = Mean if dim is None and not keepdim else MeanDim
    return fn.apply(input, axes, keepdim, _np_dtype(dtype))


# -- prod ------------------------------------------------------------------------------------
class Prod(ArrayFunction):
    """Product over ``axes``. d(prod)/dx_i is the product of the *other* elements, which is
    ``prod / x_i`` only when no element is zero. In a slice with exactly one zero, only the zero's
    position gets a gradient (the product of the rest); with two or more zeros, none does."""

    backward_name = "ProdBackward0"

    @staticmethod
    def forward(ctx, x, axes, keepdim, np_dtype):
        x = x if np_dtype is None else x.astype(np_dtype, copy=False)
        out = np.prod(x, axis=axes, keepdims=True)
        ctx.save_for_backward(x, out)
        ctx.axes, ctx.keepdim = axes, keepdim
        return _drop(out, axes, keepdim)

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        g = _keep(g, ctx.axes, ctx.keepdim)
        zero = x == 0
        if not zero.any():
            return g * (out / x), None, None, None
        zeros_in_slice = np.sum(zero, axis=ctx.axes, keepdims=True)
        x_no_zeros = np.where(zero, 1, x)
        prod_of_nonzeros = np.prod(x_no_zeros, axis=ctx.axes, keepdims=True)
        grad = np.where(zeros_in_slice == 0, prod_of_nonzeros / x_no_zeros,
                        np.where(zero & (zeros_in_slice == 1), prod_of_nonzeros, 0))
        return g * grad, None, None, None


class ProdDim(Prod):
    backward_name = "ProdBackward1"


def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Product of all elements, or along one ``dim``; bool and integer tensors give int64."""
    np_dtype = _integral_to_int64(input, dtype)
    if dim is None:
        return Prod.apply(input, tuple(range(input._data.ndim)), keepdim, np_dtype)
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"prod(): argument 'dim' must be int, not {type(dim).__name__}")
    return ProdDim.apply(input, _reduce_axes(dim, input._data.ndim, "prod"), keepdim, np_dtype)


# -- max/min, amax/amin, argmax/argmin -------------------------------------------------------------
def _check_extreme(input, axes, fname, whole):
    """torch's errors for max-like reductions of empty tensors (there is no identity element)."""
    shape = input._data.shape
    if whole and input._data.size == 0:
        if fname.startswith("arg"):
            raise IndexError(f"{fname}(): Expected reduction dim to be specified for input.numel() == 0.")
        raise RuntimeError(f"{fname}(): Expected reduction dim to be specified for input.numel() == 0. "
                           "Specify the reduction dim with the 'dim' argument.")
    for a in axes:
        if shape[a] == 0:
            raise IndexError(f"{fname}(): Expected reduction dim {a} to have non-zero size.")


class Amax(ArrayFunction):
    """Largest value over ``axes``; when several elements tie for it, the gradient is split evenly
    among them (as torch does for amax/amin and for the whole-tensor max/min)."""

    backward_name = "AmaxBackward0"
    pick = staticmethod(np.max)

    @classmethod
    def forward(cls, ctx, x, axes, keepdim):
        out = cls.pick(x, axis=axes, keepdims=True)
        ctx.save_for_backward(x, out)
        ctx.axes, ctx.keepdim = axes, keepdim
        return _drop(out, axes, keepdim)

    @staticmethod
    def _winners(x, out):
        return x == out

    @classmethod
    def backward(cls, ctx, g):
        x, out = ctx.saved_tensors
        mask = cls._winners(x, out)
        count = np.sum(mask, axis=ctx.axes, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):  # no winner (a nan result): nan, as torch
            return mask * (_keep(g, ctx.axes, ctx.keepdim) / count), None, None


class Amin(Amax):
    backward_name = "AminBackward0"
    pick = staticmethod(np.min)


class MaxAll(Amax):
    """``max(input)``: like amax over every dim, except that a nan result sends the gradient to
    the nan elements (torch's rule), where amax's ``x == out`` would select nothing."""

    backward_name = "MaxBackward1"

    @staticmethod
    def _winners(x, out):
        return np.isnan(x) if out.dtype.kind == "f" and np.isnan(out).all() else x == out


class MinAll(MaxAll):
    backward_name = "MinBackward1"
    pick = staticmethod(np.min)


class MaxDim(ArrayFunction):
    """``max(input, dim)``: values and the index of the first maximum; the gradient goes to that
    one index (ties do not share it, unlike the whole-tensor max)."""

    backward_name = "MaxBackward0"
    pick = staticmethod(np.argmax)

    @classmethod
    def forward(cls, ctx, x, axis, keepdim):
        out_shape = _reduced_shape(x.shape, axis, keepdim)
        x1 = _lift(x)
        idx = cls.pick(x1, axis=axis, keepdims=True)
        ctx.save_for_backward(idx)
        ctx.shape, ctx.axis = x.shape, axis
        values = np.take_along_axis(x1, idx, axis=axis)
        return values.reshape(out_shape), idx.astype(np.int64, copy=False).reshape(out_shape)

    @staticmethod
    def backward(ctx, g, g_indices):
        (idx,) = ctx.saved_tensors
        return _scatter(g.reshape(idx.shape), idx, ctx.shape, ctx.axis), None, None


class MinDim(MaxDim):
    backward_name = "MinBackward0"
    pick = staticmethod(np.argmin)


def _reduced_shape(shape, axis, keepdim):
    """The shape left after reducing one axis (a 0-d input stays 0-d)."""
    if not shape:
        return ()
    return shape[:axis] + ((1,) if keepdim else ()) + shape[axis + 1:]


def _scatter(g, idx, shape, axis):
    """Gradient of picking ``idx`` along ``axis``: zeros of ``shape`` with ``g`` put at ``idx``."""
    grad = np.zeros(shape or (1,), dtype=g.dtype)  # a 0-d input was lifted to shape (1,)
    np.put_along_axis(grad, idx, g, axis=axis)
    return grad.reshape(shape)


def _max_or_min(input, dim, keepdim, fname, all_fn, dim_fn):
    if isinstance(dim, Tensor):  # max(input, other): the elementwise maximum
        return (_ew.maximum if fname == "max" else _ew.minimum)(input, dim)
    if dim is None:
        if keepdim:
            raise TypeError(f"{fname}() received an invalid combination of arguments - got (keepdim=bool, ), "
                            "but 'keepdim' needs 'dim'")
        _check_extreme(input, (), fname, whole=True)
        return all_fn.apply(input, tuple(range(input._data.ndim)), False)
    axis = _one_axis(dim, input._data.ndim, fname)
    _check_extreme(input, (axis,) if input._data.ndim else (), fname, whole=False)
    values, indices = dim_fn.apply(input, axis, keepdim)
    return getattr(return_types, fname)(values, indices)


def max(input, dim=None, keepdim=False):
    """``max(input)``: the largest element (0-d). ``max(input, dim, keepdim=False)``: the named tuple
    ``(values, indices)``. ``max(input, other)`` with a tensor ``other``: ``maximum(input, other)``."""
    return _max_or_min(input, dim, keepdim, "max", MaxAll, MaxDim)


def min(input, dim=None, keepdim=False):
    """The mirror of ``max``: ``min(input)``, ``min(input, dim)``, ``min(input, other)``."""
    return _max_or_min(input, dim, keepdim, "min", MinAll, MinDim)


def _amax_or_amin(input, dim, keepdim, fname, fn):
    axes = _reduce_axes(dim, input._data.ndim, fname)
    whole = dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0)
    _check_extreme(input, axes, fname, whole)
    return fn.apply(input, axes, keepdim)


def amax(input, dim=(), keepdim=False):
    """Largest value over ``dim`` (an int or tuple; empty means all); ties share the gradient."""
    return _amax_or_amin(input, dim, keepdim, "amax", Amax)


def amin(input, dim=(), keepdim=False):
    """Smallest value over ``dim`` (an int or tuple; empty means all); ties share the gradient."""
    return _amax_or_amin(input, dim, keepdim, "amin", Amin)


def _arg_extreme(input, dim, keepdim, fname, np_fn):
    x = input._data
    if dim is None:  # index into the flattened tensor
        _check_extreme(input, (), fname, whole=True)
        idx = np.asarray(np_fn(x))
        return Tensor._wrap(idx.reshape((1,) * x.ndim if keepdim else ()).astype(np.int64))
    axis = _one_axis(dim, x.ndim, fname)
    _check_extreme(input, (axis,) if x.ndim else (), fname, whole=False)
    idx = np_fn(_lift(x), axis=axis, keepdims=True)
    return Tensor._wrap(idx.reshape(_reduced_shape(x.shape, axis, keepdim)).astype(np.int64))


def argmax(input, dim=None, keepdim=False):
    """Index of the (first) largest element: into the flattened tensor when ``dim`` is None."""
    return _arg_extreme(input, dim, keepdim, "argmax", np.argmax)


def argmin(input, dim=None, keepdim=False):
    """Index of the (first) smallest element: into the flattened tensor when ``dim`` is None."""
    return _arg_extreme(input, dim, keepdim, "argmin", np.argmin)


# -- all, any --------------------------------------------------------------------------------
def _logical_reduce(input, dim, keepdim, fname, np_fn):
    out = np_fn(input._data, axis=_reduce_axes(dim, input._data.ndim, fname), keepdims=keepdim)
    # torch keeps uint8 for uint8 input; everything else gives bool
    return Tensor._wrap(np.asarray(out).astype(np.uint8 if input._data.dtype == np.uint8 else np.bool_))


def all(input, dim=None, keepdim=False):
    """Whether every element (over ``dim``, or all) is nonzero; no gradient."""
    return _logical_reduce(input, dim, keepdim, "all", np.all)


def any(input, dim=None, keepdim=False):
    """Whether some element (over ``dim``, or all) is nonzero; no gradient."""
    return _logical_reduce(input, dim, keepdim, "any", np.any)


# -- var, std, var_mean, std_mean ---------------------------------------------------------------
class Var(ArrayFunction):
    """Variance ``sum((x - mean)^2) / (N - correction)`` over ``axes``, and its relatives.

    d var / dx = 2 (x - mean) / (N - correction) (the mean's own dependence on x cancels, since
    the deviations sum to zero); std = sqrt(var) scales that by 1 / (2 std), and is given a zero
    gradient where std is 0 (a constant slice), as torch does. The ``*_mean`` variants also return
    the mean, whose gradient ``grad_mean / N`` is added.
    """

    backward_name = "VarBackward0"
    take_sqrt = False
    with_mean = False

    @classmethod
    def forward(cls, ctx, x, axes, correction, keepdim):
        n = _count(x.shape, axes)
        dof = builtins.max(n - correction, 0)  # 0 gives inf or nan, as in torch (which also warns)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.sum(x, axis=axes, keepdims=True) / n
            dev = x - m
            out = np.sum(dev * dev, axis=axes, keepdims=True) / dof
            if cls.take_sqrt:
                out = np.sqrt(out)
        ctx.save_for_backward(dev, out)
        ctx.axes, ctx.keepdim, ctx.n, ctx.dof = axes, keepdim, n, dof
        result = _drop(out, axes, keepdim)
        return (result, _drop(m, axes, keepdim)) if cls.with_mean else result

    @classmethod
    def backward(cls, ctx, g, g_mean=None):
        dev, out = ctx.saved_tensors
        g = _keep(g, ctx.axes, ctx.keepdim)
        with np.errstate(invalid="ignore", divide="ignore"):
            if cls.take_sqrt:
                grad = dev * np.where(out == 0, 0, g / (ctx.dof * out)).astype(g.dtype, copy=False)
            else:
                grad = dev * (2 * g / ctx.dof)
        if cls.with_mean:
            grad = grad + _keep(g_mean, ctx.axes, ctx.keepdim) / ctx.n
        return grad, None, None, None


class Std(Var):
    backward_name = "StdBackward0"
    take_sqrt = True


class VarMean(Var):
    backward_name = "VarMeanBackward0"
    with_mean = True


class StdMean(Var):
    backward_name = "StdMeanBackward0"
    take_sqrt = True
    with_mean = True


def _var_like(fn, fname, input, dim, unbiased, keepdim, correction):
    """Shared argument handling: ``var(x, True)`` (the old ``unbiased`` form), ``unbiased=``, or
    torch 2.x's ``correction=`` (default 1, Bessel's correction)."""
    if isinstance(dim, builtins.bool):
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{fname}() received an invalid combination of arguments - got both 'unbiased' and "
                        "'correction'; pass only one of them")
    if correction is None:
        correction = 0 if unbiased is False else 1
    if not _is_float(input):
        raise RuntimeError("std and var only support floating point and complex dtypes")
    axes = _reduce_axes(dim, input._data.ndim, fname)
    if _count(input._data.shape, axes) - correction <= 0:
        warnings.warn(f"{fname.split('_')[0]}(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the reduction factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    return fn.apply(input, axes, correction, keepdim)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance over ``dim`` (all when None) with ``correction`` (default 1: the unbiased estimate)."""
    return _var_like(Var, "var", input, dim, unbiased, keepdim, correction)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation: the square root of ``var`` with the same arguments."""
    return _var_like(Std, "std", input, dim, unbiased, keepdim, correction)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """The tuple ``(var, mean)``, computed together."""
    return _var_like(VarMean, "var_mean", input, dim, unbiased, keepdim, correction)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """The tuple ``(std, mean)``, computed together."""
    return _var_like(StdMean, "std_mean", input, dim, unbiased, keepdim, correction)


# -- logsumexp ---------------------------------------------------------------------------------
def _safe_max(x, axis):
    """The max over ``axis`` (keepdims) to shift by before exp; 0 where it is infinite (or the
    slice is empty), so that ``x - shift`` never computes ``inf - inf``."""
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    return np.where(np.isfinite(m), m, 0).astype(x.dtype, copy=False)


class Logsumexp(ArrayFunction):
    """``log(sum(exp(x)))`` over ``axes``, computed as ``m + log(sum(exp(x - m)))`` with m the max,
    so nothing overflows. Its gradient is ``grad * exp(x - out)``, i.e. softmax(x) * grad."""

    backward_name = "LogsumexpBackward0"

    @staticmethod
    def forward(ctx, x, axes, keepdim):
        m = _safe_max(x, axes)
        with np.errstate(divide="ignore"):  # log(0) = -inf for an all -inf (or empty) slice
            out = np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True)) + m
        ctx.save_for_backward(x, out)
        ctx.axes, ctx.keepdim = axes, keepdim
        return _drop(out, axes, keepdim)

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return _keep(g, ctx.axes, ctx.keepdim) * np.exp(x - out), None, None


def logsumexp(input, dim, keepdim=False):
    """``log(sum(exp(input), dim))``, numerically stable; integer input computes in the default float."""
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' must be tuple of ints, not NoneType")
    input = _ew._float_result(input)
    return Logsumexp.apply(input, _reduce_axes(dim, input._data.ndim, "logsumexp"), keepdim)


# -- norm --------------------------------------------------------------------------------------
class VectorNorm(ArrayFunction):
    """The vector p-norm over ``axes`` (torch.linalg.vector_norm), with torch's gradients:

    p=2: x / norm;  p=1: sign(x);  p=+-inf: sign(x) at the elements attaining the norm, split
    evenly among ties;  p=0 (the count of nonzeros): no gradient;  other p:
    sign(x) |x|^(p-1) / norm^(p-1). Where the norm is 0 (or an element is 0 and p < 1) the
    gradient is taken as 0, the subgradient torch picks.
    """

    backward_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, x, p, axes, keepdim, np_dtype):
        if np_dtype is not None:
            x = x.astype(np_dtype, copy=False)
        a = np.abs(x)
        with np.errstate(divide="ignore", over="ignore"):
            if p == 2:
                out = np.sqrt(np.sum(x * x, axis=axes, keepdims=True))
            elif p == 1:
                out = np.sum(a, axis=axes, keepdims=True)
            elif p == np.inf:
                out = np.max(a, axis=axes, keepdims=True)
            elif p == -np.inf:
                out = np.min(a, axis=axes, keepdims=True)
            elif p == 0:
                out = np.sum(x != 0, axis=axes, keepdims=True, dtype=x.dtype)
            else:
                out = np.sum(a ** p, axis=axes, keepdims=True) ** (1 / p)
        ctx.save_for_backward(x, out)
        ctx.p, ctx.axes, ctx.keepdim = p, axes, keepdim
        return _drop(out, axes, keepdim)

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        p = ctx.p
        if p == 0:
            return None, None, None, None, None
        g = _keep(g, ctx.axes, ctx.keepdim)
        zero = np.zeros((), dtype=g.dtype)
        with np.errstate(divide="ignore", invalid="ignore"):
            if p == 1:
                grad = np.sign(x) * g
            elif p == 2:
                grad = x * np.where(out == 0, zero, g / out)
            elif np.isinf(p):
                mask = np.abs(x) == out
                grad = np.sign(x) * mask * (g / np.sum(mask, axis=ctx.axes, keepdims=True))
            else:
                scale = np.where(out == 0, zero, g / out ** (p - 1))
                grad = np.where(x == 0, zero, np.sign(x) * np.abs(x) ** (p - 1) * scale)
        return grad, None, None, None, None


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """The vector p-norm of ``input`` over ``dim`` (all when None): ``p`` is 'fro' (= 2), a number,
    ``inf`` or ``-inf``. Matrix norms ('nuc') are not provided."""
    if isinstance(p, str):
        if p == "nuc":
            raise NotImplementedError("minitorch: norm(p='nuc') (the nuclear matrix norm) is not implemented")
        if p != "fro":
            raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")
        p = 2
    elif p is None:
        p = 2
    if dtype is not None:
        dtype = _dtype.to_dtype(dtype)
        if not dtype.is_floating_point:
            raise RuntimeError("linalg.vector_norm: dtype should be floating point or complex, but got "
                               f"{_ew._type_word(dtype.np)}")
    if not _is_float(input):
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{_type_word(input)}")
    axes = _reduce_axes(dim, input._data.ndim, "norm")
    return VectorNorm.apply(input, builtins.float(p), axes, keepdim, _np_dtype(dtype))


# -- cumsum, cumprod ---------------------------------------------------------------------------
class Cumsum(ArrayFunction):
    """Running sum along ``axis``. Each x_i feeds every out_j with j >= i, so its gradient is the
    sum of grad from i to the end: a cumulative sum of grad taken from the back."""

    backward_name = "CumsumBackward0"

    @staticmethod
    def forward(ctx, x, axis, np_dtype):
        ctx.shape, ctx.axis = x.shape, axis
        return np.cumsum(_lift(x), axis=axis, dtype=np_dtype).reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        return _reverse_cumsum(_lift(g), ctx.axis).reshape(ctx.shape), None, None


def _reverse_cumsum(a, axis):
    return np.flip(np.cumsum(np.flip(a, axis), axis=axis), axis)


class Cumprod(ArrayFunction):
    """Running product along ``axis``. Without zeros, d out_j / d x_i = out_j / x_i for j >= i,
    so the gradient is reverse_cumsum(grad * out) / x. With zeros, only the positions up to and
    including the first zero of a slice have a gradient (later ones multiply a zero): before
    it the formula above still holds, and at it the gradient is
    out_{z-1} * sum_{j>=z} grad_j * prod_{z<k<=j} x_k."""

    backward_name = "CumprodBackward0"

    @staticmethod
    def forward(ctx, x, axis, np_dtype):
        x1 = _lift(x if np_dtype is None else x.astype(np_dtype, copy=False))
        out = np.cumprod(x1, axis=axis)
        ctx.save_for_backward(x1, out)
        ctx.shape, ctx.axis = x.shape, axis
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        axis = ctx.axis
        g = g.reshape(x.shape)
        zero = x == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            grad = _reverse_cumsum(g * out, axis) / x
        if zero.any():
            pos = np.arange(x.shape[axis]).reshape((-1,) + (1,) * (x.ndim - axis - 1))
            first = np.where(zero.any(axis=axis, keepdims=True), np.argmax(zero, axis=axis, keepdims=True),
                             x.shape[axis])
            before = pos < first
            # product of the elements before the first zero (1 when it is the first element)
            head = np.prod(np.where(before, x, 1), axis=axis, keepdims=True)
            # prod_{z<k<=j} x_k for j >= z: cumulative product with everything up to z set to 1
            tail = np.cumprod(np.where(pos <= first, 1, x), axis=axis)
            at_zero = head * np.sum(np.where(pos >= first, g * tail, 0), axis=axis, keepdims=True)
            grad = np.where(before, grad, np.where(pos == first, at_zero, 0))
        return grad.astype(g.dtype, copy=False).reshape(ctx.shape), None, None


def _scan(fn, fname, input, dim, dtype):
    axis = _one_axis(dim, input._data.ndim, fname)
    return fn.apply(input, axis, _integral_to_int64(input, dtype))


def cumsum(input, dim, *, dtype=None):
    """Cumulative sum along ``dim``; bool and integer tensors give int64."""
    return _scan(Cumsum, "cumsum", input, dim, dtype)


def cumprod(input, dim, *, dtype=None):
    """Cumulative product along ``dim``; bool and integer tensors give int64."""
    return _scan(Cumprod, "cumprod", input, dim, dtype)


# -- softmax, log_softmax ----------------------------------------------------------------------
class Softmax(ArrayFunction):
    """``exp(x - max) / sum(exp(x - max))`` along ``axis`` (the shift by the max avoids overflow).
    Backward is the Jacobian-vector product ``out * (grad - sum(grad * out))``."""

    backward_name = "SoftmaxBackward0"

    @staticmethod
    def forward(ctx, x, axis, np_dtype):
        x1 = _lift(x if np_dtype is None else x.astype(np_dtype, copy=False))
        e = np.exp(x1 - np.max(x1, axis=axis, keepdims=True, initial=-np.inf))
        out = e / np.sum(e, axis=axis, keepdims=True)
        ctx.save_for_backward(out)
        ctx.axis = axis
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        g1 = g.reshape(out.shape)
        return (out * (g1 - np.sum(g1 * out, axis=ctx.axis, keepdims=True))).reshape(g.shape), None, None


class LogSoftmax(ArrayFunction):
    """``x - logsumexp(x)`` along ``axis``. Backward: ``grad - softmax(x) * sum(grad)``."""

    backward_name = "LogSoftmaxBackward0"

    @staticmethod
    def forward(ctx, x, axis, np_dtype):
        x1 = _lift(x if np_dtype is None else x.astype(np_dtype, copy=False))
        shifted = x1 - _safe_max(x1, axis)
        with np.errstate(divide="ignore"):
            out = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
        ctx.save_for_backward(out)
        ctx.axis = axis
        return out.reshape(x.shape)

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        g1 = g.reshape(out.shape)
        return (g1 - np.exp(out) * np.sum(g1, axis=ctx.axis, keepdims=True)).reshape(g.shape), None, None


def _softmax_like(fn, fname, input, dim, dtype):
    ndim = input._data.ndim
    if dim is None:  # the legacy implicit choice, as nn.functional.softmax still makes it
        warnings.warn(f"Implicit dimension choice for {fname} has been deprecated. Change the call to include "
                      "dim=X as an argument.", UserWarning, stacklevel=3)
        dim = 0 if ndim in (0, 1, 3) else 1
    axis = _one_axis(dim, ndim, fname)
    np_dtype = _np_dtype(dtype)
    if not _is_float(input) and (np_dtype is None or np_dtype.kind != "f"):
        kernel = f"{fname}_lastdim_kernel_impl" if axis == ndim - 1 or ndim == 0 else f"{fname}_kernel_impl"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_type_word(input)}'")
    return fn.apply(input, axis, np_dtype)


def softmax(input, dim=None, dtype=None):
    """Softmax along ``dim``; ``dtype`` casts the input first."""
    return _softmax_like(Softmax, "softmax", input, dim, dtype)


def log_softmax(input, dim=None, dtype=None):
    """Log of the softmax along ``dim``, computed directly (never log(softmax), which underflows)."""
    return _softmax_like(LogSoftmax, "log_softmax", input, dim, dtype)


# -- sort, argsort, topk -----------------------------------------------------------------------
def _argsort(x, axis, descending):
    """Stable sort order along ``axis``. Descending keeps equal elements in their original order
    (as torch does) and puts nan first: sort the reversed array ascending, then reverse back."""
    if not descending:
        return np.argsort(x, axis=axis, kind="stable")
    n = x.shape[axis]
    return n - 1 - np.flip(np.argsort(np.flip(x, axis), axis=axis, kind="stable"), axis)


def _topk_indices(x, k, axis, largest):
    """Indices of the ``k`` largest (or smallest) elements along ``axis``, in sorted order.
    ``np.argpartition`` finds them in linear time; only those ``k`` are then sorted (taken in
    index order first, so that ties keep their original order)."""
    n = x.shape[axis]
    if not 0 < k < n:
        return np.take(_argsort(x, axis, largest), np.arange(k), axis=axis)
    part = np.argpartition(x, n - k if largest else k - 1, axis=axis)
    chosen = np.sort(np.take(part, np.arange(n - k, n) if largest else np.arange(k), axis=axis), axis=axis)
    order = _argsort(np.take_along_axis(x, chosen, axis=axis), axis, largest)
    return np.take_along_axis(chosen, order, axis=axis)


class Sort(ArrayFunction):
    """Values and indices of ``x`` sorted along ``axis`` (the first ``k`` of them for topk);
    the gradient of each value goes back to the position it came from."""

    backward_name = "SortBackward0"

    @staticmethod
    def forward(ctx, x, axis, descending, k):
        x1 = _lift(x)
        idx = _argsort(x1, axis, descending) if k is None else _topk_indices(x1, k, axis, descending)
        ctx.save_for_backward(idx)
        ctx.shape, ctx.axis = x.shape, axis
        values = np.take_along_axis(x1, idx, axis=axis)
        out_shape = x.shape if x.ndim == 0 else idx.shape
        return values.reshape(out_shape), idx.astype(np.int64, copy=False).reshape(out_shape)

    @staticmethod
    def backward(ctx, g, g_indices):
        (idx,) = ctx.saved_tensors
        return _scatter(g.reshape(idx.shape), idx, ctx.shape, ctx.axis), None, None, None


class SortStable(Sort):
    """torch records ``sort(..., stable=...)`` (its other overload) under another name."""

    backward_name = "SortBackward1"


class _StableNotGiven:
    """``sort``'s default for ``stable``: false, but told apart from an explicit ``stable=False``,
    which torch records as ``SortBackward1`` (the overload that takes ``stable``)."""

    def __bool__(self):
        return False

    def __repr__(self):
        return "False"


STABLE_NOT_GIVEN = _StableNotGiven()


class Topk(Sort):
    backward_name = "TopkBackward0"


def sort(input, dim=-1, descending=False, stable=STABLE_NOT_GIVEN):
    """The named tuple ``(values, indices)`` of ``input`` sorted along ``dim``. The sort is always
    stable: equal elements keep their order, in either direction."""
    axis = _one_axis(dim, input._data.ndim, "sort")
    fn = Sort if stable is STABLE_NOT_GIVEN else SortStable
    return return_types.sort(*fn.apply(input, axis, builtins.bool(descending), None))


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort ``input`` along ``dim`` (int64, no gradient)."""
    x = input._data
    axis = _one_axis(dim, x.ndim, "argsort")
    return Tensor._wrap(_argsort(_lift(x), axis, descending).reshape(x.shape).astype(np.int64, copy=False))


def topk(input, k, dim=-1, largest=True, sorted=True):
    """The named tuple ``(values, indices)`` of the ``k`` largest (or smallest) elements along ``dim``,
    always returned in sorted order."""
    k = _index(k, "topk", "k", position=2)
    x = input._data
    axis = _one_axis(dim, x.ndim, "topk")
    size = x.shape[axis] if x.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if x.ndim == 0:
        k = 1  # torch returns the element of a 0-d tensor for k = 0 or 1
    return return_types.topk(*Topk.apply(input, axis, builtins.bool(largest), k))


# -- order statistics: median, nanmedian, kthvalue, mode -----------------------------------------------
# Which index these ops report when values tie is decided, in torch, by the C++ algorithm that
# finds the value: median picks by a total order (value, then index), so a stable sort answers
# it; kthvalue runs a median-of-three quickselect and mode runs ``std::sort`` (GCC's introsort),
# neither of them stable. Rows without ties at the answer take a vectorized NumPy path; rows with
# ties replay those algorithms (``_std_sort``, ``_std_nth_element``, ``_quickselect``) in Python
# on that row only, so the index is torch's.
for _name in ("median", "nanmedian", "kthvalue", "mode"):
    setattr(return_types, _name, _structseq(_name, ("values", "indices")))
return_types.aminmax = _structseq("aminmax", ("min", "max"))
__all__ += ["median", "nanmedian", "kthvalue", "mode", "aminmax", "nansum", "nanmean", "count_nonzero"]


def _insertion_sort(a, first, last, less):
    """GCC's ``__insertion_sort`` on ``a[first:last]``."""
    for i in range(first + 1, last):
        val = a[i]
        if less(val, a[first]):
            a[first + 1:i + 1] = a[first:i]
            a[first] = val
        else:
            _unguarded_linear_insert(a, i, less)


def _unguarded_linear_insert(a, i, less):
    val = a[i]
    while less(val, a[i - 1]):
        a[i] = a[i - 1]
        i -= 1
    a[i] = val


def _move_median_to_first(a, result, x, y, z, less):
    if less(a[x], a[y]):
        pick = y if less(a[y], a[z]) else z if less(a[x], a[z]) else x
    else:
        pick = x if less(a[x], a[z]) else z if less(a[y], a[z]) else y
    a[result], a[pick] = a[pick], a[result]


def _partition_pivot(a, first, last, less):
    """GCC's ``__unguarded_partition_pivot``: median of three moved to ``first``, then a Hoare split."""
    _move_median_to_first(a, first, first + 1, first + (last - first) // 2, last - 1, less)
    pivot, lo, hi = a[first], first + 1, last
    while True:
        while less(a[lo], pivot):
            lo += 1
        hi -= 1
        while less(pivot, a[hi]):
            hi -= 1
        if not lo < hi:
            return lo
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1


def _adjust_heap(a, first, hole, length, value, less):
    top = child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if less(a[first + child], a[first + child - 1]):
            child -= 1
        a[first + hole] = a[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        a[first + hole] = a[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and less(a[first + parent], value):
        a[first + hole] = a[first + parent]
        hole, parent = parent, (parent - 1) // 2
    a[first + hole] = value


def _heap_select(a, first, middle, last, less):
    """GCC's ``__heap_select``: a max-heap of the smallest ``middle - first`` elements at the front."""
    n = middle - first
    for parent in range((n - 2) // 2, -1, -1) if n >= 2 else ():
        _adjust_heap(a, first, parent, n, a[first + parent], less)
    for i in range(middle, last):
        if less(a[i], a[first]):
            value, a[i] = a[i], a[first]
            _adjust_heap(a, first, 0, n, value, less)


def _std_sort(a, less):
    """``std::sort(a.begin(), a.end(), less)`` as GCC's libstdc++ does it (in place on a list)."""
    n = len(a)
    if n < 2:
        return

    def introsort(first, last, depth):
        while last - first > 16:
            if depth == 0:  # heap sort the rest
                _heap_select(a, first, last, last, less)
                while last - first > 1:
                    last -= 1
                    value, a[last] = a[last], a[first]
                    _adjust_heap(a, first, 0, last - first, value, less)
                return
            depth -= 1
            cut = _partition_pivot(a, first, last, less)
            introsort(cut, last, depth)
            last = cut

    introsort(0, n, 2 * (n.bit_length() - 1))
    if n > 16:
        _insertion_sort(a, 0, 16, less)
        for i in range(16, n):
            _unguarded_linear_insert(a, i, less)
    else:
        _insertion_sort(a, 0, n, less)


def _std_nth_element(a, nth, less):
    """``std::nth_element`` as GCC's libstdc++ does it (introselect), in place on a list."""
    first, last, depth = 0, len(a), 2 * (len(a).bit_length() - 1)
    while last - first > 3:
        if depth == 0:
            _heap_select(a, first, nth + 1, last, less)
            a[first], a[nth] = a[nth], a[first]
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, less)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(a, first, last, less)


def _quickselect(values, k):
    """The index torch's kthvalue reports: its quickselect (median-of-three pivot, nan largest) for
    the ``k``-th smallest (0-based) of the list ``values``."""
    idx = list(range(len(values)))
    v = list(values)

    def gt(x, y):
        return (x != x and y == y) or x > y

    def swap(i, j):
        v[i], v[j] = v[j], v[i]
        idx[i], idx[j] = idx[j], idx[i]

    lo, hi = 0, len(v) - 1
    while True:
        if hi <= lo:
            return idx[k]
        if hi == lo + 1:
            if gt(v[lo], v[hi]):
                swap(lo, hi)
            return idx[k]
        swap(lo + (hi - lo) // 2, lo + 1)
        if gt(v[lo + 1], v[hi]):
            swap(lo + 1, hi)
        if gt(v[lo], v[hi]):
            swap(lo, hi)
        if gt(v[lo + 1], v[lo]):
            swap(lo + 1, lo)
        i, j, pivot = lo + 1, hi, v[lo]
        while True:
            i += 1
            while gt(pivot, v[i]):
                i += 1
            j -= 1
            while gt(v[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1


def _same(a, b):
    """Equal, counting nan as equal to nan (the ties of the orders that put nan last)."""
    return (a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b


def _median_rows(rows, ignore_nan):
    """For each row of a 2-D array, the index torch's median (or nanmedian) picks: the lower median
    under the order (value, index), nan last. median of a row with nan picks its first nan."""
    n = rows.shape[1]
    order = np.argsort(rows, axis=1, kind="stable")
    nans = np.isnan(rows) if rows.dtype.kind == "f" else np.zeros(rows.shape, dtype=bool)
    n_nan = nans.sum(axis=1)
    nth = (n - n_nan - 1) // 2 if ignore_nan else np.full(rows.shape[0], (n - 1) // 2)
    idx = order[np.arange(rows.shape[0]), np.maximum(nth, 0)]
    if not ignore_nan:
        return np.where(n_nan > 0, np.argmax(nans, axis=1), idx)
    for r in np.flatnonzero(n_nan == n):  # all nan: nth_element's order among equivalents
        a = list(range(n))
        _std_nth_element(a, 0, lambda i, j: False)
        idx[r] = a[0]
    return idx


def _kthvalue_rows(rows, k):
    """For each row, the index of its ``k``-th smallest (1-based) value, as torch's kthvalue picks it."""
    order = np.argsort(rows, axis=1, kind="stable")
    idx = order[:, k - 1]
    kth = rows[np.arange(rows.shape[0]), idx]
    tied = np.sum(_same(rows, kth[:, None]), axis=1) > 1
    for r in np.flatnonzero(tied):
        idx[r] = _quickselect(rows[r].tolist(), k - 1)
    return idx


def _mode_row(row):
    """The index torch's mode picks in one row: it sorts (value, index) pairs by value with
    ``std::sort`` and takes the last pair of the first longest run of equal values."""
    pairs = list(zip(row.tolist(), range(row.size)))
    if row.size > 16 or (row.dtype.kind == "f" and np.isnan(row).any()):
        _std_sort(pairs, lambda p, q: p[0] < q[0])
    else:  # GCC sorts up to 16 elements by insertion, which is stable
        pairs.sort(key=lambda p: p[0])
    best, best_count, run = 0, 0, 0
    for i, (v, j) in enumerate(pairs):
        run += 1
        if i == len(pairs) - 1 or v != pairs[i + 1][0]:
            if run > best_count:
                best, best_count = j, run
            run = 0
    return best


def _mode_rows(rows):
    """For each row, the index torch's mode picks. A row of distinct values (no nan) has every value
    once, so its mode is its smallest value, wherever the sort put it; other rows replay the sort."""
    s = np.sort(rows, axis=1)
    distinct = ~np.any(s[:, 1:] == s[:, :-1], axis=1)
    if rows.dtype.kind == "f":
        distinct &= ~np.isnan(rows).any(axis=1)
    idx = np.argmin(rows, axis=1).astype(np.int64)
    for r in np.flatnonzero(~distinct):
        idx[r] = _mode_row(rows[r])
    return idx


class MedianAll(ArrayFunction):
    """``median(input)``: the lower median of all elements (nan if any is nan). Its gradient is split
    evenly among the elements equal to it (among the nans, for a nan result), as in torch."""

    backward_name = "MedianBackward0"
    ignore_nan = False

    @classmethod
    def forward(cls, ctx, x):
        flat = x.reshape(-1)
        if x.dtype.kind == "f":
            nan = np.isnan(flat)
            flat = flat[~nan] if cls.ignore_nan else flat[:0] if nan.any() else flat
        if flat.size == 0:  # no value to take (empty, all nan, or median of a tensor with nan)
            out = np.nan if x.dtype.kind == "f" else np.iinfo(x.dtype).min  # (torch's NaN cast to int)
        else:
            out = np.partition(flat, (flat.size - 1) // 2)[(flat.size - 1) // 2]
        out = np.asarray(out, dtype=x.dtype)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        mask = np.isnan(x) if np.isnan(out) else x == out
        return mask * (g / np.sum(mask))


class NanmedianAll(MedianAll):
    backward_name = "NanmedianBackward0"
    ignore_nan = True


class _PickAlongDim(ArrayFunction):
    """Values along ``axis`` at the indices ``choose(rows)`` picks, one per row (rows being the input
    with ``axis`` moved last and the rest flattened); the gradient goes to the picked element."""

    @staticmethod
    def forward(ctx, x, axis, keepdim, choose):
        out_shape = _reduced_shape(x.shape, axis, keepdim)
        x1 = _lift(x)
        rows = np.moveaxis(x1, axis, -1)
        picked = choose(rows.reshape(-1, rows.shape[-1])).reshape(rows.shape[:-1])
        idx = np.expand_dims(picked.astype(np.int64, copy=False), axis)
        ctx.save_for_backward(idx)
        ctx.shape, ctx.axis = x.shape, axis
        return np.take_along_axis(x1, idx, axis=axis).reshape(out_shape), idx.reshape(out_shape)

    @staticmethod
    def backward(ctx, g, g_indices):
        (idx,) = ctx.saved_tensors
        return _scatter(g.reshape(idx.shape), idx, ctx.shape, ctx.axis), None, None, None


class MedianDim(_PickAlongDim):
    backward_name = "MedianBackward1"


class NanmedianDim(_PickAlongDim):
    backward_name = "NanmedianBackward1"


class Kthvalue(_PickAlongDim):
    backward_name = "KthvalueBackward0"


class Mode(_PickAlongDim):
    backward_name = "ModeBackward0"


def _pick_along(fn, fname, input, dim, keepdim, choose):
    axis = _one_axis(dim, input._data.ndim, fname)
    _check_extreme(input, (axis,) if input._data.ndim else (), fname, whole=False)
    return getattr(return_types, fname)(*fn.apply(input, axis, builtins.bool(keepdim), choose))


def median(input, dim=None, keepdim=False):
    """``median(input)``: the lower of the two middle values of all elements (0-d; nan if any is nan).
    ``median(input, dim, keepdim=False)``: the named tuple ``(values, indices)`` along ``dim``."""
    if dim is None:
        if keepdim:
            raise TypeError('median() missing 1 required positional arguments: "dim"')
        return MedianAll.apply(input)
    return _pick_along(MedianDim, "median", input, dim, keepdim, lambda r: _median_rows(r, False))


def nanmedian(input, dim=None, keepdim=False):
    """``median`` that ignores nan: the lower median of the non-nan values (nan when all are nan)."""
    if dim is None:
        if keepdim:
            raise TypeError('nanmedian() missing 1 required positional arguments: "dim"')
        return NanmedianAll.apply(input)
    return _pick_along(NanmedianDim, "nanmedian", input, dim, keepdim, lambda r: _median_rows(r, True))


def kthvalue(input, k, dim=-1, keepdim=False):
    """The named tuple ``(values, indices)`` of the ``k``-th smallest element along ``dim`` (nan counts
    as the largest)."""
    k = _index(k, "kthvalue", "k", position=2)
    axis = _one_axis(dim, input._data.ndim, "kthvalue")
    size = input._data.shape[axis] if input._data.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    return return_types.kthvalue(*Kthvalue.apply(input, axis, builtins.bool(keepdim),
                                                 lambda r: _kthvalue_rows(r, k)))


def mode(input, dim=-1, keepdim=False):
    """The named tuple ``(values, indices)`` of the most frequent value along ``dim`` (the smallest
    such value when several are equally frequent)."""
    return _pick_along(Mode, "mode", input, dim, keepdim, _mode_rows)


# -- aminmax ---------------------------------------------------------------------------------------
class Aminmax(ArrayFunction):
    """``(amin, amax)`` in one node; each gradient is split evenly among the elements that tie for it."""

    backward_name = "AminmaxBackward0"

    @staticmethod
    def forward(ctx, x, axes, keepdim):
        lo, hi = np.min(x, axis=axes, keepdims=True), np.max(x, axis=axes, keepdims=True)
        ctx.save_for_backward(x, lo, hi)
        ctx.axes, ctx.keepdim = axes, keepdim
        return _drop(lo, axes, keepdim), _drop(hi, axes, keepdim)

    @staticmethod
    def backward(ctx, g_min, g_max):
        x, lo, hi = ctx.saved_tensors
        grad = 0
        with np.errstate(divide="ignore", invalid="ignore"):
            for g, out in ((g_min, lo), (g_max, hi)):
                if g is not None:
                    mask = x == out
                    grad = grad + mask * (_keep(g, ctx.axes, ctx.keepdim) / np.sum(mask, axis=ctx.axes, keepdims=True))
        return grad, None, None


def aminmax(input, *, dim=None, keepdim=False):
    """The named tuple ``(min, max)`` over all elements, or along ``dim``."""
    x = input._data
    if dim is None:
        if x.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
        axes = tuple(range(x.ndim))
    else:
        axes = (_one_axis(dim, x.ndim, "aminmax"),) if x.ndim else ()
        if axes and x.shape[axes[0]] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {axes[0]} to have non-zero size.")
    return return_types.aminmax(*Aminmax.apply(input, axes, builtins.bool(keepdim)))


# -- nansum, nanmean, count_nonzero -------------------------------------------------------------------
class Nansum(ArrayFunction):
    """Sum with nan read as 0; nan elements get no gradient."""

    backward_name = "NansumBackward0"

    @staticmethod
    def forward(ctx, x, axes, keepdim, np_dtype):
        ctx.save_for_backward(x)
        ctx.axes, ctx.keepdim = axes, keepdim
        return np.asarray(np.nansum(x, axis=axes, dtype=np_dtype, keepdims=keepdim))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return np.where(np.isnan(x), 0, _keep(g, ctx.axes, ctx.keepdim)).astype(g.dtype, copy=False), None, None, None


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """``sum`` treating nan as zero; bool and integer tensors sum to int64."""
    axes = _reduce_axes(dim, input._data.ndim, "nansum")
    return Nansum.apply(input, axes, builtins.bool(keepdim), _integral_to_int64(input, dtype))


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the non-nan elements (nan where there are none): ``nansum`` divided by their count,
    as torch computes it (so its grad_fn is a ``DivBackward0``)."""
    if not _is_float(input):
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but got "
                           f"{_type_word(input)}")
    axes = _reduce_axes(dim, input._data.ndim, "nanmean")
    count = np.sum(~np.isnan(input._data), axis=axes, keepdims=builtins.bool(keepdim))
    with np.errstate(invalid="ignore", divide="ignore"):
        return _ew.div(nansum(input, dim, keepdim, dtype=dtype), Tensor._wrap(np.asarray(count, dtype=np.int64)))


def count_nonzero(input, dim=None):
    """The number of nonzero elements (int64), over all dims or over ``dim`` (an int or tuple)."""
    axes = _reduce_axes(dim, input._data.ndim, "count_nonzero")
    return Tensor._wrap(np.asarray(np.count_nonzero(input._data, axis=axes), dtype=np.int64))
