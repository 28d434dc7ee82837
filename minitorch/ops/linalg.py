"""Matrix products: ``matmul`` (and ``@``) with torch's 1-D and batch-broadcasting rules, ``mm``,
``bmm``, ``mv``, ``dot``, ``outer``. All go through NumPy's BLAS-backed matmul.

One Function does the math for all of them: 1-D operands are lifted to matrices (a row for
the left, a column for the right), multiplied, and the added axis is dropped again; backward
is the usual pair ``dA = dC @ B^T``, ``dB = A^T @ dC`` on the lifted shapes. The subclasses
only carry torch's grad_fn names.

Below them: einsum, tensordot, kron, cross, the addmm family, multi_dot, det/slogdet/logdet,
inverse, solve, cholesky, pinverse, cdist and dist (torch.linalg's spellings are in
minitorch/linalg.py, which also has the decompositions and norms).
"""
import builtins
import string
import warnings

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from . import elementwise as _ew
from . import reduction as _red
from ..autograd.function import ArrayFunction

__all__ = ["matmul", "mm", "bmm", "mv", "dot", "outer", "ger", "einsum", "tensordot", "kron", "cross", "addmm",
           "addmv", "baddbmm", "addbmm", "chain_matmul", "det", "logdet", "slogdet", "inverse", "pinverse",
           "cholesky", "cdist", "dist"]


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


# ==============================================================================================
# More of torch's linear algebra: einsum and friends, the addmm family, cross, and the
# determinant / inverse / factorization ops (torch.det, torch.inverse, ...; their torch.linalg
# spellings live in minitorch/linalg.py and call the Functions below).
#
# Matrix functions work on the last two axes and batch over the leading ones, as torch does.
# Backward formulas are the standard matrix-calculus results, written with ``_T`` (transpose of
# the last two axes) so they read like the math.
# ==============================================================================================


class LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError: a factorization failed (a singular or non-definite matrix)."""


def _T(x):
    """The transpose of the last two axes (a view)."""
    return np.swapaxes(x, -1, -2)


def _float_name(t):
    return _ew._type_word(t._data.dtype)


def _check_same_dtype(tensors):
    """torch's error when the operands of one product have different dtypes."""
    first = tensors[0]._data.dtype
    for t in tensors[1:]:
        if t._data.dtype != first:
            raise RuntimeError(f"expected scalar type {_ew._type_word(first)} but found {_float_name(t)}")


def _check_tensor(x, fname, argname="input", position=1):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument '{argname}' (position {position}) must be Tensor, not "
                        f"{type(x).__name__}")


# -- einsum ------------------------------------------------------------------------------------
class Einsum(ArrayFunction):
    """A sum of products over named axes (np.einsum). The equation is parsed once, by
    ``_parse_einsum``, into one subscript string per operand (ellipses already spelled out as
    letters, operands broadcast to the full size of each letter) and the output's.

    Backward: the gradient of operand i is the einsum of the output gradient with the *other*
    operands, producing operand i's letters. Two twists: a letter only operand i has (summed away
    by the forward) comes back by broadcasting, and a letter repeated in operand i (a diagonal,
    ``'ii->i'``) gets its gradient written onto that diagonal of a zero array.

    torch computes einsum with permutes, reshapes and one bmm, so its grad_fn is usually
    ``ViewBackward0`` (the name used here); pure diagonals and sums show other names there.
    """

    backward_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, spec, *ops):
        terms, out, sizes = spec
        ops = [np.broadcast_to(op, tuple(sizes[c] for c in term)) for op, term in zip(ops, terms)]
        ctx.save_for_backward(*ops)
        ctx.spec = spec
        eq = ",".join(terms) + "->" + out
        res = np.einsum(eq, *ops, optimize=len(ops) > 2)
        # one operand, no sum: NumPy returns a view of it; the result is a new tensor, so copy
        return res.copy() if any(np.shares_memory(res, op) for op in ops) else res

    @staticmethod
    def backward(ctx, g):
        ops = ctx.saved_tensors
        terms, out, sizes = ctx.spec
        grads = [None]
        for i, term in enumerate(terms):
            if not ctx.needs_input_grad[i + 1]:
                grads.append(None)
                continue
            others = [terms[j] for j in range(len(terms)) if j != i]
            seen = set(out).union(*others)
            letters = "".join(dict.fromkeys(term))  # unique, in order of first appearance
            kept = "".join(c for c in letters if c in seen)
            eq = ",".join([out] + others) + "->" + kept
            gi = np.einsum(eq, g, *[ops[j] for j in range(len(terms)) if j != i], optimize=len(terms) > 2)
            # letters only this operand had: broadcast the gradient along them
            gi = gi.reshape(tuple(sizes[c] if c in seen else 1 for c in letters))
            gi = np.broadcast_to(gi, tuple(sizes[c] for c in letters))
            if len(letters) < len(term):  # a repeated letter: the gradient lives on a diagonal
                full = np.zeros(tuple(sizes[c] for c in term), dtype=g.dtype)
                np.einsum(term + "->" + letters, full)[...] = gi
                gi = full
            grads.append(gi)
        return tuple(grads)


def _sublist_equation(args):
    """torch.einsum(op1, [0, 1], op2, [1, 2], [0, 2]): the sublist format, as an equation."""
    def letters(sub):
        return "".join("..." if s is Ellipsis else string.ascii_letters[s] for s in sub)
    ops, terms = list(args[0::2]), [letters(s) for s in args[1::2]]
    out = None
    if len(args) % 2 == 1:  # a trailing output sublist
        out = letters(args[-1])
        ops = ops[:-1]
    return ",".join(terms) + ("->" + out if out is not None else ""), ops


def _parse_einsum(equation, shapes):
    """Spell out an einsum equation for the given operand shapes: (terms, output, size per
    letter), with '...' replaced by unused letters; raises torch's errors for bad equations."""
    eq = equation.replace(" ", "")
    lhs, arrow, out = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) < len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    if len(terms) > len(shapes):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    spare = [c for c in string.ascii_letters if c not in eq]
    n_ell = max([len(s) - (len(t) - 3) for t, s in zip(terms, shapes) if "..." in t], default=0)
    ell = "".join(spare[:n_ell])
    spelled = []
    for i, (t, shape) in enumerate(zip(terms, shapes)):
        if "..." in t:
            k = len(shape) - (len(t) - 3)
            if k < 0:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(t) - 3}) is more "
                                   f"than the number of dimensions ({len(shape)}) for operand {i}")
            t = t.replace("...", ell[n_ell - k:])
        elif len(t) != len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(t)}) does not match the "
                               f"number of dimensions ({len(shape)}) for operand {i} and no ellipsis was given")
        for c in t:
            if c not in string.ascii_letters:
                raise RuntimeError(f"einsum(): invalid subscript given at index {eq.index(c)} in the equation string, "
                                   "subscripts must be in [a-zA-Z]")
        spelled.append(t)
    sizes = {}
    for i, (t, shape) in enumerate(zip(spelled, shapes)):
        own = {}
        for c, n in zip(t, shape):
            if c in own and own[c] != n:
                raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {i} but the sizes don't match, "
                                   f"{n} != {own[c]}")
            own[c] = n
        for c, n in own.items():
            if c in sizes and n != sizes[c] and n != 1 and sizes[c] != 1:
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {i} which does not broadcast "
                                   f"with previously seen size {sizes[c]}")
            sizes[c] = builtins.max(sizes.get(c, 1), n)
    if arrow:
        if out.count("...") and not ell and not any("..." in t for t in terms):
            raise RuntimeError("einsum(): ellipsis is not used in any of the inputs")
        out = out.replace("...", ell)
        for c in out:
            if c not in sizes:
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation for any input "
                                   "operand")
            if out.count(c) > 1:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the output")
    else:  # implicit output: the ellipsis dims, then the letters used once, in alphabetical order
        counts = {}
        for t in terms:
            for c in t.replace("...", ""):
                counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1))
    return tuple(spelled), out, sizes


def einsum(*args):
    """torch.einsum(equation, *operands): sums of products over named axes, e.g.
    ``einsum('bij,bjk->bik', a, b)``; also ``einsum(equation, [a, b])`` and the sublist format."""
    if args and isinstance(args[0], Tensor):
        equation, ops = _sublist_equation(args)
    else:
        if not args or not isinstance(args[0], str):
            raise TypeError("einsum(): argument 'equation' must be str")
        equation, ops = args[0], list(args[1:])
        if len(ops) == 1 and isinstance(ops[0], (list, tuple)):
            ops = list(ops[0])
    if not ops:
        raise RuntimeError("einsum(): must provide at least one operand")
    for op in ops:
        _check_tensor(op, "einsum", "operands", 2)
    _check_same_dtype(ops)
    spec = _parse_einsum(equation, [op._data.shape for op in ops])
    return Einsum.apply(spec, *ops)


def tensordot(a, b, dims=2, out=None):
    """torch.tensordot: contract the last ``dims`` axes of ``a`` with the first ``dims`` of ``b``,
    or the axes listed in ``dims = (dims_a, dims_b)``. Computed as an einsum."""
    _check_same_dtype([a, b])
    na, nb = a._data.ndim, b._data.ndim
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, (list, tuple)):
        if len(dims) != 2:
            raise RuntimeError("tensordot expects dims to be a pair of lists of dimensions")
        da, db = ([d] if isinstance(d, int) else list(d) for d in dims)
    else:
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > builtins.min(na, nb):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        da, db = list(range(-dims, 0)), list(range(dims))
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    la, lb = list(string.ascii_letters[:na]), list(string.ascii_letters[na:na + nb])
    for x, y in zip(da, db):
        sa, sb = a._data.shape[x], b._data.shape[y]
        if sa != sb:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {sa} in dim {x} and second "
                               f"has size {sb} in dim {y}")
        lb[y] = la[x]
    contracted = {la[x] for x in da}
    out_letters = [c for c in la if c not in contracted] + [c for c in lb if c not in contracted]
    spec = _parse_einsum("".join(la) + "," + "".join(lb) + "->" + "".join(out_letters),
                         [a._data.shape, b._data.shape])
    return Einsum.apply(spec, a, b)


class Kron(ArrayFunction):
    """The Kronecker product: out[i*p + k, j*q + l] = a[i, j] * b[k, l], for any rank (the smaller
    rank padded with leading 1s). Forward is an outer product whose axes are interleaved
    (a0, b0, a1, b1, ...) and then merged; backward undoes the merge and contracts with the other
    operand."""

    backward_name = "UnsafeViewBackward0"

    @staticmethod
    def forward(ctx, a, b):
        n = builtins.max(a.ndim, b.ndim)
        a2 = a.reshape((1,) * (n - a.ndim) + a.shape)
        b2 = b.reshape((1,) * (n - b.ndim) + b.shape)
        la, lb = string.ascii_letters[:n], string.ascii_letters[n:2 * n]
        inter = "".join(x + y for x, y in zip(la, lb))
        ctx.save_for_backward(a2, b2)
        ctx.letters, ctx.shapes = (la, lb, inter), (a.shape, b.shape)
        return np.einsum(f"{la},{lb}->{inter}", a2, b2).reshape(tuple(x * y for x, y in zip(a2.shape, b2.shape)))

    @staticmethod
    def backward(ctx, g):
        a2, b2 = ctx.saved_tensors
        la, lb, inter = ctx.letters
        g = g.reshape(tuple(s for pair in zip(a2.shape, b2.shape) for s in pair))
        ga = np.einsum(f"{inter},{lb}->{la}", g, b2).reshape(ctx.shapes[0]) if ctx.needs_input_grad[0] else None
        gb = np.einsum(f"{inter},{la}->{lb}", g, a2).reshape(ctx.shapes[1]) if ctx.needs_input_grad[1] else None
        return ga, gb


def kron(input, other):
    """torch.kron: the Kronecker product (dtypes promoted)."""
    dt = _dtype.result_type(input, other)
    input, other = (t if t._data.dtype == dt.np else t.to(dt) for t in (input, other))
    return Kron.apply(input, other)


# -- cross product -----------------------------------------------------------------------------
class Cross(ArrayFunction):
    """The 3-vector cross product along ``axis``. Backward: d(a x b) = da x b + a x db, so
    grad_a = b x g and grad_b = g x a."""

    backward_name = "LinalgCrossBackward0"

    @staticmethod
    def forward(ctx, a, b, axis):
        ctx.save_for_backward(a, b)
        ctx.axis = axis
        return np.cross(a, b, axis=axis)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        ax = ctx.axis
        ga = np.cross(b, g, axis=ax) if ctx.needs_input_grad[0] else None
        gb = np.cross(g, a, axis=ax) if ctx.needs_input_grad[1] else None
        return ga, gb, None


def _cross(input, other, dim, fname):
    _check_same_dtype([input, other])
    sa, sb = input._data.shape, other._data.shape
    if len(sa) != len(sb):
        raise RuntimeError(f"{fname}: inputs must have the same number of dimensions.")
    try:
        shape = np.broadcast_shapes(sa, sb)
    except ValueError:
        _ew._check_broadcast(input._data, other._data)
        raise
    if dim is None:  # torch.cross's deprecated default: the first dim of size 3
        dim = next((i for i, n in enumerate(shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
        warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                      "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree "
                      "with that of linalg.cross in a future release.", UserWarning, stacklevel=3)
    ax = _red._one_axis(dim, len(shape), fname)
    if sa[ax] != 3 or sb[ax] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {sa[ax]} and {sb[ax]}")
    return Cross.apply(input, other, ax)


def cross(input, other, dim=None):
    """torch.cross: the cross product along ``dim`` (default: the first dim of size 3, deprecated)."""
    return _cross(input, other, dim, "cross")


def linalg_cross(input, other, *, dim=-1):
    """torch.linalg.cross: the cross product along ``dim`` (default -1), operands broadcast."""
    return _cross(input, other, dim, "linalg.cross")


# -- addmm family: beta * input + alpha * (product) -----------------------------------------------
class Addmm(ArrayFunction):
    """``beta * input + alpha * (mat1 @ mat2)`` in one node (what nn.Linear is in torch).
    ``input`` broadcasts to the product's shape; beta = 0 ignores it (NaNs in it included).
    The subclasses differ only in the product: mv (a vector on the right), batched (baddbmm),
    or batched and summed over the batch (addbmm)."""

    backward_name = "AddmmBackward0"
    sum_batch = False

    @classmethod
    def _product(cls, m1, m2):
        p = np.matmul(m1, m2)
        return p.sum(axis=0) if cls.sum_batch else p

    @staticmethod
    def forward(ctx, inp, m1, m2, beta, alpha):
        ctx.save_for_backward(m1, m2)
        ctx.beta, ctx.alpha = beta, alpha
        out = type(ctx)._product(m1, m2)
        if alpha != 1:
            out = out * alpha
        if beta == 0:
            return out
        return out + (inp if beta == 1 else inp * beta)

    @staticmethod
    def backward(ctx, g):
        m1, m2 = ctx.saved_tensors
        alpha = ctx.alpha
        gi = g1 = g2 = None
        if ctx.needs_input_grad[0]:
            gi = g * ctx.beta if ctx.beta != 1 else g
        if m2.ndim == 1:  # addmv: the product is matrix @ vector
            if ctx.needs_input_grad[1]:
                g1 = np.multiply.outer(g, m2) * alpha
            if ctx.needs_input_grad[2]:
                g2 = (g @ m1) * alpha
        else:  # for addbmm, g (no batch axis) broadcasts against every batch
            if ctx.needs_input_grad[1]:
                g1 = np.matmul(g, _T(m2)) * alpha
            if ctx.needs_input_grad[2]:
                g2 = np.matmul(_T(m1), g) * alpha
        return gi, g1, g2, None, None


class Addmv(Addmm):
    backward_name = "AddmvBackward0"


class Baddbmm(Addmm):
    backward_name = "BaddbmmBackward0"


class Addbmm(Addmm):
    backward_name = "AddbmmBackward0"
    sum_batch = True


def _add_product(fn, input, m1, m2, beta, alpha, out_shape):
    _check_same_dtype([input, m1, m2])
    try:
        np.broadcast_shapes(input._data.shape, out_shape)
        if len(input._data.shape) > len(out_shape):
            raise ValueError
    except ValueError:
        raise RuntimeError(f"The expanded size of the tensor ({out_shape[-1] if out_shape else 1}) must match the "
                           f"existing size ({input._data.shape[-1] if input._data.ndim else 1}) at non-singleton "
                           f"dimension {len(out_shape) - 1}.  Target sizes: {list(out_shape)}.  Tensor sizes: "
                           f"{list(input._data.shape)}") from None
    return fn.apply(input, m1, m2, beta, alpha)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """torch.addmm: ``beta * input + alpha * (mat1 @ mat2)`` for matrices."""
    if mat1._data.ndim != 2:
        raise RuntimeError("mat1 must be a matrix, got {}-D tensor".format(mat1._data.ndim))
    if mat2._data.ndim != 2:
        raise RuntimeError("mat2 must be a matrix, got {}-D tensor".format(mat2._data.ndim))
    (n, k), (k2, m) = mat1._data.shape, mat2._data.shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
    return _add_product(Addmm, input, mat1, mat2, beta, alpha, (n, m))


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """torch.addmv: ``beta * input + alpha * (mat @ vec)``."""
    if mat._data.ndim != 2 or vec._data.ndim != 1 or mat._data.shape[1] != vec._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input._data.shape[0] if input._data.ndim else 1}), mat "
                           f"({_dims(mat._data.shape)}), vec ({_dims(vec._data.shape)})")
    return _add_product(Addmv, input, mat, vec, beta, alpha, (mat._data.shape[0],))


def _check_batches(b1, b2):
    if b1._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b2._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    (b, n, k), (bb, k2, m) = b1._data.shape, b2._data.shape
    if bb != b or k2 != k:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{b}, {k}] but got: "
                           f"[{bb}, {k2}].")
    return b, n, m


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """torch.baddbmm: ``beta * input + alpha * (batch1 @ batch2)``, batch by batch."""
    b, n, m = _check_batches(batch1, batch2)
    return _add_product(Baddbmm, input, batch1, batch2, beta, alpha, (b, n, m))


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """torch.addbmm: ``beta * input + alpha * sum_b (batch1[b] @ batch2[b])``."""
    b, n, m = _check_batches(batch1, batch2)
    return _add_product(Addbmm, input, batch1, batch2, beta, alpha, (n, m))


# -- chains of products --------------------------------------------------------------------------
class MultiDot(ArrayFunction):
    """A @ B @ ... @ Z in one node (a first or last 1-D operand is a row or column vector).
    Backward for operand i: (product of those before it)^T @ g @ (product of those after it)^T.
    torch's grad_fn for the chain is ``ViewBackward0``."""

    backward_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, *ms):
        first_vec, last_vec = ms[0].ndim == 1, ms[-1].ndim == 1
        ms = list(ms)
        if first_vec:
            ms[0] = ms[0][None, :]
        if last_vec:
            ms[-1] = ms[-1][:, None]
        ctx.save_for_backward(*ms)
        ctx.vecs = first_vec, last_vec
        out = np.linalg.multi_dot(ms) if len(ms) > 2 else ms[0] @ ms[1]
        if last_vec:
            out = out[:, 0]
        if first_vec:
            out = out[0]
        return out

    @staticmethod
    def backward(ctx, g):
        ms = ctx.saved_tensors
        first_vec, last_vec = ctx.vecs
        if last_vec:
            g = g[..., None]
        if first_vec:
            g = g[None]
        n = len(ms)
        before = [None] * n  # before[i] = ms[0] @ ... @ ms[i-1]
        after = [None] * n   # after[i] = ms[i+1] @ ... @ ms[n-1]
        for i in range(1, n):
            before[i] = ms[0] if i == 1 else before[i - 1] @ ms[i - 1]
        for i in range(n - 2, -1, -1):
            after[i] = ms[n - 1] if i == n - 2 else ms[i + 1] @ after[i + 1]
        grads = []
        for i in range(n):
            if not ctx.needs_input_grad[i]:
                grads.append(None)
                continue
            gi = g
            if before[i] is not None:
                gi = before[i].T @ gi
            if after[i] is not None:
                gi = gi @ after[i].T
            if i == 0 and first_vec:
                gi = gi[0]
            if i == n - 1 and last_vec:
                gi = gi[:, 0]
            grads.append(gi)
        return tuple(grads)


def _multi_dot(tensors, fname):
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"{fname}(): expected at least 2 tensors but got {len(tensors)}")
    _check_same_dtype(tensors)
    n = len(tensors)
    for i, t in enumerate(tensors):
        nd = t._data.ndim
        if nd != 2 and not (nd == 1 and (i == 0 or i == n - 1) and fname == "multi_dot"):
            if fname == "multi_dot" and i in (0, n - 1):
                raise RuntimeError(f"multi_dot(): the {'first' if i == 0 else 'last'} tensor must be 1D or 2D but "
                                   f"got {nd}D")
            raise RuntimeError(f"{fname}(): tensor {i} must be 2D but got {nd}D")
    for i in range(n - 1):
        left, right = tensors[i]._data.shape, tensors[i + 1]._data.shape
        if left[-1] != right[0]:
            raise RuntimeError(f"{fname}(): tensors {i} and {i + 1} with shapes {list(left)} and {list(right)} cannot "
                               f"be multiplied")
    return MultiDot.apply(*tensors)


def chain_matmul(*matrices, out=None):
    """torch.chain_matmul (deprecated in torch in favour of torch.linalg.multi_dot)."""
    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
                  "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple "
                  "parameters.", UserWarning, stacklevel=2)
    if len(matrices) == 1:
        if matrices[0]._data.ndim != 2:
            raise RuntimeError(f"chain_matmul(): tensor 0 must be 2D but got {matrices[0]._data.ndim}D")
        return matrices[0].clone()
    return _multi_dot(matrices, "chain_matmul")


def multi_dot(tensors, *, out=None):
    """torch.linalg.multi_dot: the product of a list of matrices (first/last may be vectors)."""
    return _multi_dot(tensors, "multi_dot")


# -- square-matrix checks ------------------------------------------------------------------------
def _check_square(A, fname, float_only=True):
    _check_tensor(A, fname, "A")
    if A._data.ndim < 2:
        raise RuntimeError(f"{fname}: The input tensor A must have at least 2 dimensions.")
    m, n = A._data.shape[-2:]
    if m != n:
        raise RuntimeError(f"{fname}: A must be batches of square matrices, but they are {m} by {n} matrices")
    if float_only and A._data.dtype.kind != "f":
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as input. Got {_float_name(A)}")


def _check_matrix(A, fname):
    _check_tensor(A, fname, "A")
    if A._data.ndim < 2:
        raise RuntimeError(f"{fname}: The input tensor A must have at least 2 dimensions.")
    if A._data.dtype.kind != "f":
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as input. Got {_float_name(A)}")


def _batch_prefix(a, index):
    """torch's "(Batch element k): " prefix for a failure in a batch of matrices."""
    return f"(Batch element {index}): " if a.ndim > 2 else ""


def _singular_pivot(a):
    """For singular matrices in ``a``: (batch index, 1-based position of the first zero pivot of
    the LU factorization), as torch's linalg.inv error names them."""
    flat = a.reshape((-1,) + a.shape[-2:])
    for b, m in enumerate(flat):
        u = m.copy()
        for k in range(u.shape[-1]):  # Gaussian elimination with partial pivoting, as LAPACK's getrf
            p = k + int(np.argmax(np.abs(u[k:, k])))
            if u[p, k] == 0:
                return b, k + 1
            u[[k, p]] = u[[p, k]]
            u[k + 1:, k:] -= np.outer(u[k + 1:, k] / u[k, k], u[k, k:])
    return 0, a.shape[-1]


def _inv(a, fname="linalg.inv"):
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        b, k = _singular_pivot(a)
        raise LinAlgError(f"{fname}: {_batch_prefix(a, b)}The diagonal element {k} is zero, the inversion could not be "
                          "completed because the input matrix is singular.") from None


# -- determinants ----------------------------------------------------------------------------------
def _cofactor(a, det):
    """d det(A) / dA = det(A) A^-T (the cofactor matrix). For singular matrices, where A^-1 does
    not exist, it is computed from the SVD A = U S V^T as det(U) det(V) U diag(prod_{j!=i} s_j) V^T."""
    try:
        return det[..., None, None] * _T(np.linalg.inv(a))
    except np.linalg.LinAlgError:
        u, s, vt = np.linalg.svd(a)
        n = s.shape[-1]
        # the product of all singular values but the i-th, from prefix and suffix products
        ones = np.ones(s.shape[:-1] + (1,), dtype=s.dtype)
        pre = np.cumprod(np.concatenate([ones, s[..., :-1]], -1), -1)
        suf = np.cumprod(np.concatenate([ones, s[..., :0:-1]], -1), -1)[..., ::-1]
        sign = np.linalg.det(u) * np.linalg.det(vt)
        return sign[..., None, None] * (u * (pre * suf)[..., None, :]) @ vt if n else np.zeros_like(a)


class Det(ArrayFunction):
    """det(A), batched. Backward: g * det(A) * A^-T (see ``_cofactor`` for singular A)."""

    backward_name = "LinalgDetBackward0"

    @staticmethod
    def forward(ctx, a):
        det = np.linalg.det(a)
        ctx.save_for_backward(a, det)
        return det

    @staticmethod
    def backward(ctx, g):
        a, det = ctx.saved_tensors
        return g[..., None, None] * _cofactor(a, det)


class Slogdet(ArrayFunction):
    """(sign, log|det A|). The sign is piecewise constant: it requires grad (as torch's does) but
    contributes none. The gradient of log|det A| is A^-T."""

    backward_name = "LinalgSlogdetBackward0"

    @staticmethod
    def forward(ctx, a):
        sign, logabs = np.linalg.slogdet(a)
        ctx.save_for_backward(a)
        return sign, logabs

    @staticmethod
    def backward(ctx, g_sign, g_logabs):
        (a,) = ctx.saved_tensors
        return g_logabs[..., None, None] * _T(_inv(a))


class Logdet(ArrayFunction):
    """log det(A): NaN where det(A) < 0, -inf where it is 0. Gradient: A^-T (zero where the result
    is NaN). torch computes it from slogdet and a ``where``, hence its grad_fn name."""

    backward_name = "WhereBackward0"

    @staticmethod
    def forward(ctx, a):
        sign, logabs = np.linalg.slogdet(a)
        ctx.save_for_backward(a, sign)
        return np.where(sign < 0, np.nan, logabs).astype(a.dtype)

    @staticmethod
    def backward(ctx, g):
        a, sign = ctx.saved_tensors
        g = np.where(sign < 0, 0, g)  # the NaN entries came from no input: no gradient flows there
        return g[..., None, None] * _T(_inv(a))


def det(A):
    """torch.det / torch.linalg.det: the determinant of (a batch of) square matrices."""
    _check_square(A, "linalg.det")
    return Det.apply(A)


def logdet(input):
    """torch.logdet: log det(A) (NaN for a negative determinant)."""
    _check_square(input, "logdet")
    return Logdet.apply(input)


def _slogdet_tuple(name, fields):
    cls = _red._structseq(name, fields)
    setattr(_red.return_types, name, cls)
    return cls


_slogdet_result = _slogdet_tuple("slogdet", ("sign", "logabsdet"))
_linalg_slogdet_result = _slogdet_tuple("linalg_slogdet", ("sign", "logabsdet"))


def slogdet(input):
    """torch.slogdet: (sign, log|det|) as ``torch.return_types.slogdet``."""
    _check_square(input, "linalg.slogdet")
    return _slogdet_result(*Slogdet.apply(input))


def linalg_slogdet(A, *, out=None):
    _check_square(A, "linalg.slogdet")
    return _linalg_slogdet_result(*Slogdet.apply(A))


# -- inverse, solve ----------------------------------------------------------------------------------
class Inverse(ArrayFunction):
    """A^-1, batched. Backward: d(A^-1) = -A^-1 dA A^-1, so grad = -A^-T g A^-T."""

    backward_name = "LinalgInvExBackward0"

    @staticmethod
    def forward(ctx, a):
        inv = _inv(a)
        ctx.save_for_backward(inv)
        return inv

    @staticmethod
    def backward(ctx, g):
        (inv,) = ctx.saved_tensors
        inv_t = _T(inv)
        return -(inv_t @ g @ inv_t)


def inverse(input):
    """torch.inverse / torch.linalg.inv: the inverse of (a batch of) square matrices; raises
    torch.linalg.LinAlgError for a singular one."""
    _check_square(input, "linalg.inv")
    return Inverse.apply(input)


class Solve(ArrayFunction):
    """X with A X = B (batch dims broadcast; a vector B as a column). Backward:
    grad_B = A^-T g (one more solve), grad_A = -grad_B X^T.
    With ``left=False`` it solves X A = B, which is A^T X^T = B^T: the same steps on transposes."""

    backward_name = "LinalgSolveExBackward0"

    @staticmethod
    def forward(ctx, a, b, vector, left):
        if vector:
            b = b[..., None]
        if not left:
            a, b = _T(a), _T(b)
        try:
            x = np.linalg.solve(a, b)
        except np.linalg.LinAlgError:
            raise LinAlgError("torch.linalg.solve: The solver failed because the input matrix is singular.") from None
        ctx.save_for_backward(a, x)
        ctx.vector, ctx.left = vector, left
        return x[..., 0] if vector else (x if left else _T(x))

    @staticmethod
    def backward(ctx, g):
        a, x = ctx.saved_tensors
        g = g[..., None] if ctx.vector else (g if ctx.left else _T(g))
        gb = np.linalg.solve(_T(a), g)
        ga = -(gb @ _T(x)) if ctx.needs_input_grad[0] else None
        if not ctx.left:
            ga, gb = (None if ga is None else _T(ga)), _T(gb)
        if ctx.vector:
            gb = gb[..., 0]
        return ga, (gb if ctx.needs_input_grad[1] else None), None, None


def solve(A, B, *, left=True, out=None):
    """torch.linalg.solve: X with A X = B (or X A = B when ``left`` is False). B is a (batch of)
    vector(s) when it is 1-D or has A's batch shape minus the last dim; otherwise a (batch of)
    matrices."""
    _check_square(A, "linalg.solve")
    _check_same_dtype([A, B])
    sa, sb = A._data.shape, B._data.shape
    vector = B._data.ndim == 1 or (B._data.ndim == A._data.ndim - 1 and sb == sa[:-1])
    if vector:
        fits, shown = (sb[-1] == sa[-1]) if left else (sa[-1] == 1), f"{sb[-1]}x1"
    else:
        fits, shown = B._data.ndim >= 2 and sb[-2 if left else -1] == sa[-1], _dims(sb[-2:])
    if not fits:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation {equation} "
                           f"({_dims(sa[-2:])} and {shown})")
    try:
        np.broadcast_shapes(sa[:-2], sb[:-1] if vector else sb[:-2])
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({sa[0]}) must match the size of tensor b ({sb[0]}) at "
                           "non-singleton dimension 0") from None
    return Solve.apply(A, B, vector, left)


# -- Cholesky ------------------------------------------------------------------------------------
def _not_pd_order(a):
    """(batch index, order of the first leading minor that is not positive-definite)."""
    flat = a.reshape((-1,) + a.shape[-2:])
    for b, m in enumerate(flat):
        for k in range(1, m.shape[-1] + 1):
            try:
                np.linalg.cholesky(m[:k, :k])
            except np.linalg.LinAlgError:
                return b, k
    return 0, a.shape[-1]


class Cholesky(ArrayFunction):
    """L with A = L L^T (lower triangle of A used), or U = L^T when ``upper``.

    Backward (for the lower factor, gradient gL): with Phi(X) = the lower triangle of X with its
    diagonal halved, S = L^-T Phi(L^T gL) L^-1 and grad_A = (S + S^T) / 2, a symmetric gradient
    as torch returns."""

    backward_name = "LinalgCholeskyExBackward0"

    @staticmethod
    def forward(ctx, a, upper, fname):
        try:
            low = np.linalg.cholesky(a)
        except np.linalg.LinAlgError:
            b, k = _not_pd_order(a)
            raise LinAlgError(f"{fname}: {_batch_prefix(a, b)}The factorization could not be completed because the "
                              f"input is not positive-definite (the leading minor of order {k} is not "
                              "positive-definite).") from None
        ctx.save_for_backward(low)
        ctx.upper = upper
        return _T(low).copy() if upper else low

    @staticmethod
    def backward(ctx, g):
        (low,) = ctx.saved_tensors
        if ctx.upper:
            g = _T(g)
        phi = np.tril(_T(low) @ g)
        idx = np.arange(phi.shape[-1])
        phi[..., idx, idx] *= 0.5
        # S = L^-T phi L^-1
        linv = np.linalg.inv(low)
        s = _T(linv) @ phi @ linv
        return (s + _T(s)) / 2, None, None


class CholeskyDeprecated(Cholesky):
    backward_name = "CholeskyBackward0"


def cholesky(input, upper=False, *, out=None):
    """torch.cholesky (deprecated in torch in favour of torch.linalg.cholesky)."""
    _check_square(input, "cholesky")
    return CholeskyDeprecated.apply(input, upper, "cholesky")


def linalg_cholesky(A, *, upper=False, out=None):
    _check_square(A, "linalg.cholesky")
    return Cholesky.apply(A, upper, "linalg.cholesky")


# -- pseudo-inverse --------------------------------------------------------------------------------
class Pinv(ArrayFunction):
    """The Moore-Penrose pseudo-inverse X = A^+ (via the SVD; singular values at or below the
    tolerance count as zero; ``hermitian`` only picks torch's algorithm, the SVD serves both).
    Backward, valid where the rank is locally constant:
    grad_A = -X^T g X^T + (I - A X) g^T X X^T + X^T X g^T (I - X A)."""

    backward_name = "LinalgPinvBackward0"

    @staticmethod
    def forward(ctx, a, atol, rtol, hermitian):
        u, s, vt = np.linalg.svd(a, full_matrices=False)
        smax = s[..., :1] if s.shape[-1] else np.zeros(s.shape[:-1] + (1,), s.dtype)
        tol = np.maximum(atol, rtol * smax)
        kept = s > tol
        s_inv = np.where(kept, 1 / np.where(kept, s, 1), 0).astype(a.dtype)
        x = (_T(vt) * s_inv[..., None, :]) @ _T(u)
        ctx.save_for_backward(a, x)
        return x

    @staticmethod
    def backward(ctx, g):
        a, x = ctx.saved_tensors
        m, n = a.shape[-2:]
        gt, xt = _T(g), _T(x)
        i_ax = np.eye(m, dtype=a.dtype) - a @ x  # projector onto the complement of A's range
        i_xa = np.eye(n, dtype=a.dtype) - x @ a  # ... and of A's row space
        return -(xt @ g @ xt) + i_ax @ gt @ x @ xt + xt @ x @ gt @ i_xa, None, None, None


def _pinv(A, atol, rtol, hermitian):
    _check_matrix(A, "linalg.pinv")
    return Pinv.apply(A, atol, rtol, hermitian)


def pinverse(input, rcond=1e-15):
    """torch.pinverse: the pseudo-inverse, singular values below rcond * max(s) dropped."""
    return _pinv(input, 0.0, rcond, False)


# -- distances ------------------------------------------------------------------------------------
class Dist(ArrayFunction):
    """The p-norm of input - other (broadcast): torch.dist. Forward and backward are the vector
    norm's (``reduction.VectorNorm``) applied to the difference; other's gradient is the negative."""

    backward_name = "DistBackward0"

    @staticmethod
    def forward(ctx, a, b, p):
        diff = np.subtract(a, b)
        return _red.VectorNorm.forward(ctx, diff, p, tuple(range(diff.ndim)), False, None)

    @staticmethod
    def backward(ctx, g):
        gd = _red.VectorNorm.backward(ctx, g)[0]
        if gd is None:  # p = 0 counts nonzeros: a zero gradient
            gd = np.zeros(ctx.saved_tensors[0].shape, dtype=g.dtype)
        return gd, (-gd if ctx.needs_input_grad[1] else None), None


def dist(input, other, p=2):
    """torch.dist: ||input - other||_p."""
    _check_same_dtype([input, other])
    _ew._check_broadcast(input._data, other._data)
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{_float_name(input)}")
    return Dist.apply(input, other, float(p))


class Cdist(ArrayFunction):
    """Pairwise p-norm distances between the rows of x1 (..., P, M) and x2 (..., R, M):
    out[..., i, j] = ||x1[i] - x2[j]||_p. The P x R x M differences are formed explicitly and
    reduced by the vector norm (whose backward gives d/d(diff)); x1's gradient sums that over
    j, x2's is minus its sum over i."""

    backward_name = "CdistBackward0"

    @staticmethod
    def forward(ctx, x1, x2, p):
        diff = x1[..., :, None, :] - x2[..., None, :, :]
        return _red.VectorNorm.forward(ctx, diff, p, (diff.ndim - 1,), False, None)

    @staticmethod
    def backward(ctx, g):
        gd = _red.VectorNorm.backward(ctx, g)[0]
        if gd is None:  # p = 0 counts nonzeros: a zero gradient
            gd = np.zeros(ctx.saved_tensors[0].shape, dtype=g.dtype)
        g1 = gd.sum(axis=-2) if ctx.needs_input_grad[0] else None
        g2 = -gd.sum(axis=-3) if ctx.needs_input_grad[1] else None
        return g1, g2, None


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """torch.cdist: the p-norm distance between each pair of rows of x1 and x2 (batched)."""
    if x1._data.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {x1._data.ndim}D")
    if x2._data.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X2 got: {x2._data.ndim}D")
    c1, c2 = x1._data.shape[-1], x2._data.shape[-1]
    if c1 != c2:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {c1} X2: {c2}")
    if x1._data.dtype.kind != "f" or x2._data.dtype.kind != "f":
        raise RuntimeError(f"cdist only supports floating-point dtypes, X1 got: {_float_name(x1)}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    _check_same_dtype([x1, x2])
    return Cdist.apply(x1, x2, float(p))
