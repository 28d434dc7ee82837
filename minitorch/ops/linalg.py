"""Matrix products: ``matmul`` (and ``@``) with torch's 1-D and batch-broadcasting rules, ``mm``,
``bmm``, ``mv``, ``dot``, ``outer``. All go through NumPy's BLAS-backed matmul.

One Function does the math for all of them: 1-D operands are lifted to matrices (a row for
the left, a column for the right), multiplied, and the added axis is dropped again; backward
is the usual pair ``dA = dC @ B^T``, ``dB = A^T @ dC`` on the lifted shapes. The subclasses
only carry torch's grad_fn names.
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.function import ArrayFunction


class Matmul(ArrayFunction):
    backward_name = "UnsafeViewBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        a1 = a[None, :] if a.ndim == 1 else a
        b1 = b[:, None] if b.ndim == 1 else b
        out = np.matmul(a1, b1)
        if b.ndim == 1:
            out = out[..., 0]
        if a.ndim == 1:
            out = out[..., 0, :] if b.ndim > 1 else out[..., 0]
        return out

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        a1 = a[None, :] if a.ndim == 1 else a
        b1 = b[:, None] if b.ndim == 1 else b
        g1 = g
        if a.ndim == 1:
            g1 = np.expand_dims(g1, -2) if b.ndim > 1 else g1[..., None]
        if b.ndim == 1:
            g1 = g1[..., None]
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = np.matmul(g1, np.swapaxes(b1, -1, -2))
            if a.ndim == 1:
                ga = ga[..., 0, :]
        if ctx.needs_input_grad[1]:
            gb = np.matmul(np.swapaxes(a1, -1, -2), g1)
            if b.ndim == 1:
                gb = gb[..., 0]
        return ga, gb


class Mm(Matmul):
    backward_name = "MmBackward0"


class Mv(Matmul):
    backward_name = "MvBackward0"


class Dot(Matmul):
    backward_name = "DotBackward0"


class Bmm(Matmul):
    backward_name = "BmmBackward0"


class VecMat(Matmul):
    """vector @ matrix: torch computes it as a matrix product and squeezes the added axis."""

    backward_name = "SqueezeBackward4"


def _check_dtypes(a, b):
    if not isinstance(a, Tensor) or not isinstance(b, Tensor):
        bad = b if isinstance(a, Tensor) else a
        raise TypeError(f"matmul(): argument 'other' (position 1) must be Tensor, not {type(bad).__name__}")
    if a._data.dtype != b._data.dtype:
        w = {"float32": "float", "float64": "double", "int64": "long", "int32": "int", "float16": "half"}
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {w.get(a._data.dtype.name, a.dtype)}"
                           f" != {w.get(b._data.dtype.name, b.dtype)}")


def _dims(shape):
    return "x".join(str(s) for s in shape)


def mm(input, mat2):
    _check_dtypes(input, mat2)
    if input._data.ndim != 2 or mat2._data.ndim != 2:
        bad = input if input._data.ndim != 2 else mat2
        raise RuntimeError(f"{'self' if bad is input else 'mat2'} must be a matrix")
    if input._data.shape[1] != mat2._data.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_dims(input._data.shape)} and "
                           f"{_dims(mat2._data.shape)})")
    return Mm.apply(input, mat2)


def mv(input, vec):
    _check_dtypes(input, vec)
    if input._data.ndim != 2 or vec._data.ndim != 1 or input._data.shape[1] != vec._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input._data.shape[0] if input._data.ndim else 0}), mat "
                           f"({_dims(input._data.shape)}), vec ({_dims(vec._data.shape)})")
    return Mv.apply(input, vec)


def dot(input, other):
    _check_dtypes(input, other)
    if input._data.ndim != 1 or other._data.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input._data.ndim}D and {other._data.ndim}D tensors")
    n, m = input._data.shape[0], other._data.shape[0]
    if n != m:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
                           f"number of elements, but got {n} and {m} elements respectively")
    return Dot.apply(input, other)


def bmm(input, mat2):
    _check_dtypes(input, mat2)
    a, b = input._data.shape, mat2._data.shape
    if len(a) != 3:
        raise RuntimeError(f"batch1 must be a 3D tensor")
    if len(b) != 3:
        raise RuntimeError(f"batch2 must be a 3D tensor")
    if b[0] != a[0] or b[1] != a[2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{a[0]}, {a[2]}] but "
                           f"got: [{b[0]}, {b[1]}].")
    return Bmm.apply(input, mat2)


def matmul(input, other):
    """torch.matmul: dot, mv, mm, or a batched product with the batch dims broadcast."""
    _check_dtypes(input, other)
    na, nb = input._data.ndim, other._data.ndim
    if na == 0 or nb == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {na}D and {nb}D")
    if na == 1 and nb == 1:
        return dot(input, other)
    if na == 2 and nb == 1:
        return mv(input, other)
    if na == 2 and nb == 2:
        return mm(input, other)
    if na == 1 and nb == 2:
        if input._data.shape[0] != other._data.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied (1x{input._data.shape[0]} and "
                               f"{_dims(other._data.shape)})")
        return VecMat.apply(input, other)
    sa, sb = input._data.shape, other._data.shape
    k_a = sa[-1]
    k_b = sb[-2] if nb > 1 else sb[0]
    if k_a != k_b:
        left = _dims(sa) if na > 1 else f"1x{sa[0]}"
        right = _dims(sb) if nb > 1 else f"{sb[0]}x1"
        if na > 2 and nb <= 2:
            left = f"{int(np.prod(sa[:-1]))}x{sa[-1]}"
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({left} and {right})")
    try:
        np.broadcast_shapes(sa[:-2], sb[:-2] if nb > 1 else ())
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({sa[-3] if na > 2 else 1}) must match the size of tensor b "
                           f"({sb[-3] if nb > 2 else 1}) at non-singleton dimension 0") from None
    return Matmul.apply(input, other)


class Outer(ArrayFunction):
    backward_name = "MulBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.multiply.outer(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g @ b if ctx.needs_input_grad[0] else None, a @ g if ctx.needs_input_grad[1] else None)


def outer(input, vec2):
    if input._data.ndim != 1 or vec2._data.ndim != 1:
        raise RuntimeError(f"outer: Expected 1-D argument self, but got {input._data.ndim}-D")
    out = Outer.apply(input, vec2)
    dt = _dtype.result_type(input, vec2)
    if out._data.dtype != dt.np:
        out._data = out._data.astype(dt.np)
    return out


ger = outer
