"""``F.linear`` (``x @ W^T + b``) and ``F.bilinear`` (``x1^T A x2 + b``), each one graph node.

linear flattens every leading dimension of the input into one, so that the whole layer is a
single BLAS matrix product (``np.matmul`` on 2-D arrays), forward and backward:

    out = x @ W^T + b          x: (n, in), W: (out, in), b: (out,)
    dx  = g @ W                dW = g^T @ x                db = g summed over n

Torch reaches the same numbers through several of its ops depending on the input's shape, and
names the output's ``grad_fn`` after the last of them. The subclasses of ``Linear`` below carry
those names, so that ``print(model(x).grad_fn)`` shows what torch shows.
"""
import numpy as np

from ..._tensor import _describe_type
from ...autograd.function import ArrayFunction
from ...ops import linalg as _la
from ...ops.elementwise import _type_word

__all__ = ["linear", "bilinear"]


class Linear(ArrayFunction):
    """``x @ W^T + b`` over any number of leading dims of x (b may be None). Named for a 2-D input
    with a bias (torch's addmm)."""

    backward_name = "AddmmBackward0"

    @staticmethod
    def forward(ctx, x, w, b):
        x2 = x.reshape(-1, x.shape[-1]) if x.ndim != 2 else x
        out = np.matmul(x2, w.T)
        if b is not None:
            out += b
        ctx.save_for_backward(x2, w)
        ctx.x_shape = x.shape
        return out.reshape(x.shape[:-1] + (w.shape[0],)) if x.ndim != 2 else out

    @staticmethod
    def backward(ctx, g):
        x2, w = ctx.saved_tensors
        g2 = g.reshape(-1, w.shape[0]) if g.ndim != 2 else g
        need_x, need_w, need_b = ctx.needs_input_grad
        gx = np.matmul(g2, w).reshape(ctx.x_shape) if need_x else None
        gw = np.matmul(g2.T, x2) if need_w else None
        gb = g if need_b else None  # the engine sums it over the dims the bias was broadcast along
        return gx, gw, gb


class LinearNoBias(Linear):
    backward_name = "MmBackward0"           # 2-D input, no bias: torch's mm


class LinearBatched(Linear):
    backward_name = "ViewBackward0"         # 1-D or contiguous N-D input with a bias: addmm, then a view


class LinearBatchedNoBias(Linear):
    backward_name = "UnsafeViewBackward0"   # N-D input, no bias: matmul


class LinearVectorNoBias(Linear):
    backward_name = "SqueezeBackward4"      # 1-D input, no bias: mm on a row, then squeeze


class LinearStridedBias(Linear):
    backward_name = "AddBackward0"          # non-contiguous N-D input with a bias: matmul, then add


def _linear_node(x, has_bias):
    """The Linear subclass whose name is torch's grad_fn for this input."""
    if x.ndim == 2:
        return Linear if has_bias else LinearNoBias
    if x.ndim == 1:
        return LinearBatched if has_bias else LinearVectorNoBias
    if not has_bias:
        return LinearBatchedNoBias
    return LinearBatched if x.flags.c_contiguous else LinearStridedBias


def _list(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


def _check_linear(x, w, b):
    """torch's errors for a linear whose shapes or dtypes don't fit."""
    if x.ndim == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are 0D and {w.ndim}D")
    if w.ndim < 2:
        raise RuntimeError(f"mat2 must be a matrix, got {w.ndim}-D tensor")
    if w.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {w.ndim}D")
    if x.shape[-1] != w.shape[1]:
        rows = int(np.prod(x.shape[:-1]))
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{x.shape[-1]} and "
                           f"{w.shape[1]}x{w.shape[0]})")
    if b is not None and b.dtype != w.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_word(b)} and {_word(w)}")
    if x.dtype != w.dtype:
        if b is None:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_word(x).lower()} != "
                               f"{_word(w).lower()}")
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_word(x)} and {_word(w)}")
    if b is not None:
        # torch expands the bias to the (rows, out_features) of its matrix product
        rows = (x.shape[0],) if x.ndim == 2 else () if x.ndim == 1 else (int(np.prod(x.shape[:-1])),)
        _check_expand(b.shape, b.dtype, rows + (w.shape[0],))


def _check_expand(shape, dtype, target):
    """torch's expand error when the bias does not broadcast to the output."""
    if len(shape) > len(target):
        raise RuntimeError(f"expand(minitorch.{_describe_type(dtype)}{{{_list(shape)}}}, size={_list(target)}): the "
                           f"number of sizes provided ({len(target)}) must be greater or equal to the number of "
                           f"dimensions in the tensor ({len(shape)})")
    for i in range(1, len(shape) + 1):
        if shape[-i] != target[-i] and shape[-i] != 1:
            raise RuntimeError(f"The expanded size of the tensor ({target[-i]}) must match the existing size "
                               f"({shape[-i]}) at non-singleton dimension {len(target) - i}.  Target sizes: "
                               f"{_list(target)}.  Tensor sizes: {_list(shape)}")


def _word(a):
    """torch's word for a dtype in error messages: Float, Double, Long, ..."""
    return _type_word(a.dtype)


def linear(input, weight, bias=None):
    """``input @ weight.T + bias``: input (*, in_features), weight (out_features, in_features),
    bias (out_features,) or None; output (*, out_features)."""
    if weight._data.ndim == 1 and bias is None:  # a vector weight: torch's matmul (mv, dot, ...)
        return _la.matmul(input, weight)
    x, w = input._data, weight._data
    b = None if bias is None else bias._data
    _check_linear(x, w, b)
    return _linear_node(x, b is not None).apply(input, weight, bias)


class Bilinear(ArrayFunction):
    """``out[n, o] = sum_ij x1[n, i] A[o, i, j] x2[n, j] + b[o]`` over flattened leading dims."""

    backward_name = "AddBackward0"

    @staticmethod
    def forward(ctx, x1, x2, a, b):
        lead = x1.shape[:-1]
        u = x1.reshape(-1, x1.shape[-1])
        v = x2.reshape(-1, x2.shape[-1])
        # (x1 A) first: one GEMM to (n, out, in2), then a batched dot with x2
        ua = np.matmul(u, a.transpose(1, 0, 2).reshape(a.shape[1], -1)).reshape(u.shape[0], a.shape[0], a.shape[2])
        out = np.einsum("noj,nj->no", ua, v)
        if b is not None:
            out += b
        ctx.save_for_backward(u, v, a, ua)
        ctx.shapes = (x1.shape, x2.shape)
        return out.reshape(lead + (a.shape[0],))

    @staticmethod
    def backward(ctx, g):
        u, v, a, ua = ctx.saved_tensors
        g2 = g.reshape(-1, a.shape[0])
        need1, need2, need_a, need_b = ctx.needs_input_grad
        g1 = np.einsum("no,oij,nj->ni", g2, a, v, optimize=True).reshape(ctx.shapes[0]) if need1 else None
        gv = np.einsum("no,noj->nj", g2, ua).reshape(ctx.shapes[1]) if need2 else None
        ga = np.einsum("no,ni,nj->oij", g2, u, v, optimize=True) if need_a else None
        gb = g2.sum(axis=0) if need_b else None
        return g1, gv, ga, gb


class BilinearNoBias(Bilinear):
    backward_name = "ViewBackward0"


def bilinear(input1, input2, weight, bias=None):
    """``input1^T weight[o] input2 + bias[o]`` for every output feature o; weight (out, in1, in2)."""
    x1, x2, a = input1._data, input2._data, weight._data
    if not x1.dtype == x2.dtype == a.dtype:
        names = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int"}
        raise RuntimeError(f"All tensors must have the same dtype, got input1: {names.get(x1.dtype.name, x1.dtype)}, "
                           f"input2: {names.get(x2.dtype.name, x2.dtype)}, weight: {names.get(a.dtype.name, a.dtype)}")
    if x1.shape[-1] != a.shape[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {x1.shape[-1]} but expected "
                           f"{a.shape[1]}")
    if x2.shape[-1] != a.shape[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {x2.shape[-1]} but expected "
                           f"{a.shape[2]}")
    if x1.ndim != x2.ndim:
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {x1.ndim} and {x2.ndim}")
    for i, (s1, s2) in enumerate(zip(x1.shape[:-1], x2.shape[:-1])):
        if s1 != s2:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {i}: got {s1} and {s2}")
    if bias is not None and bias._data.shape[-1] != a.shape[0]:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got {bias._data.shape[-1]} but "
                           f"expected {a.shape[0]}")
    return (Bilinear if bias is not None else BilinearNoBias).apply(input1, input2, weight, bias)
