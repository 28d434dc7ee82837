"""torch.linalg: norms, determinants, solves and the decompositions (qr, svd, eigh, cholesky).

Every function works on the last two axes and batches over the leading ones. The products,
inverse, det, solve and cholesky are shared with the top-level ops (minitorch/ops/linalg.py);
the decompositions are defined here, each an ArrayFunction with its forward and its standard
backward formula side by side. Norms that torch composes from smaller ops (the nuclear norm is
a sum of singular values, the 1-norm a max of column sums) are composed here the same way, so
their grad_fn names match torch's.

Backward formulas assume what torch's do: distinct eigenvalues (eigh) and distinct nonzero
singular values (svd); on repeated ones the gradient is not defined and comes out inf or nan.
"""
import builtins

import numpy as np

from ._tensor import Tensor
from .autograd.function import ArrayFunction
from .ops import elementwise as _ew
from .ops import linalg as _la
from .ops import reduction as _red
from .ops import shape as _shape
from .ops.linalg import LinAlgError, _T, _check_matrix, _check_square

__all__ = ["LinAlgError", "norm", "vector_norm", "matrix_norm", "inv", "det", "slogdet", "solve", "cholesky", "qr",
           "svd", "svdvals", "eigh", "eigvalsh", "matrix_rank", "pinv", "cross", "multi_dot", "matrix_power"]

# the named tuples torch.linalg returns, registered as torch.return_types.<name>
for _name, _fields in (("linalg_qr", ("Q", "R")), ("linalg_svd", ("U", "S", "Vh")),
                       ("linalg_eigh", ("eigenvalues", "eigenvectors"))):
    setattr(_red.return_types, _name, _red._structseq(_name, _fields))
_rt = _red.return_types

# -- the ops shared with the top level ----------------------------------------------------------
det = _la.det
slogdet = _la.linalg_slogdet
inv = _la.inverse
solve = _la.solve
cholesky = _la.linalg_cholesky
cross = _la.linalg_cross
multi_dot = _la.multi_dot


def pinv(A, *, atol=None, rtol=None, hermitian=False, out=None):
    """The pseudo-inverse; singular values <= max(atol, rtol * largest) count as zero (default
    rtol: eps * max(m, n) when neither is given, as in torch)."""
    atol, rtol = _tolerances(A, atol, rtol)
    return _la._pinv(A, atol, rtol, hermitian)


def _tolerances(A, atol, rtol):
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else np.finfo(A._data.dtype).eps * builtins.max(A._data.shape[-2:])
    return (0.0 if atol is None else float(atol)), float(rtol)


# -- eigh -----------------------------------------------------------------------------------------
class Eigh(ArrayFunction):
    """Eigen-decomposition of a symmetric matrix, A = V diag(w) V^T (ascending w; the triangle
    named by UPLO is read). Backward, for distinct eigenvalues:
    G = V (diag(g_w) + F * (V^T g_V)) V^T with F_ij = 1 / (w_j - w_i) off the diagonal, and
    grad_A = (G + G^T) / 2, the symmetric gradient torch returns."""

    backward_name = "LinalgEighBackward0"

    @staticmethod
    def forward(ctx, a, uplo, vectors):
        w, v = np.linalg.eigh(a, UPLO=uplo)  # eigvalsh too needs the vectors, for the gradient
        ctx.save_for_backward(w, v)
        return (w, v) if vectors else w

    @staticmethod
    def backward(ctx, gw, gv=None):
        w, v = ctx.saved_tensors
        idx = np.arange(w.shape[-1])
        inner = np.zeros(v.shape, dtype=v.dtype)
        if gw is not None:
            inner[..., idx, idx] = gw
        if gv is not None:
            with np.errstate(divide="ignore"):
                f = 1 / (w[..., None, :] - w[..., :, None])
            f[..., idx, idx] = 0
            inner = inner + f * (_T(v) @ gv)
        ga = v @ inner @ _T(v)
        return (ga + _T(ga)) / 2, None, None


def _check_uplo(UPLO):
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")


def eigh(A, UPLO="L", *, out=None):
    """(eigenvalues, eigenvectors) of a symmetric matrix, eigenvalues ascending."""
    _check_square(A, "linalg.eigh")
    _check_uplo(UPLO)
    return _rt.linalg_eigh(*Eigh.apply(A, UPLO, True))


def eigvalsh(A, UPLO="L", *, out=None):
    """The eigenvalues (ascending) of a symmetric matrix."""
    _check_square(A, "linalg.eigvalsh")
    _check_uplo(UPLO)
    return Eigh.apply(A, UPLO, False)


# -- svd ------------------------------------------------------------------------------------------
class Svd(ArrayFunction):
    """A = U diag(S) Vh. Backward (U, Vh narrowed to k = min(m, n) columns/rows), for distinct
    nonzero singular values, with F_ij = 1 / (s_j^2 - s_i^2) off the diagonal, J = F * (U^T gU),
    K = F * (V^T gV):
    grad_A = U [diag(gS) + (J + J^T) S + S (K + K^T)] V^T
             + (I - U U^T) gU S^-1 V^T + U S^-1 gV^T (I - V V^T)."""

    backward_name = "LinalgSvdBackward0"

    @staticmethod
    def forward(ctx, a, full_matrices, vectors):
        u, s, vt = np.linalg.svd(a, full_matrices=full_matrices)
        k = s.shape[-1]
        ctx.save_for_backward(a, u[..., :, :k], s, vt[..., :k, :])
        return (u, s, vt) if vectors else s

    @staticmethod
    def backward(ctx, gu, gs=None, gvt=None):
        if gs is None:  # svdvals: the only output is S
            gu, gs, gvt = None, gu, None
        a, u, s, vt = ctx.saved_tensors
        k = s.shape[-1]
        v = _T(vt)
        inner = np.zeros(s.shape + (k,), dtype=a.dtype)
        idx = np.arange(k)
        inner[..., idx, idx] = gs
        if gu is None and gvt is None:
            return u @ inner @ vt, None, None
        s2 = s * s
        with np.errstate(divide="ignore"):
            f = 1 / (s2[..., None, :] - s2[..., :, None])
        f[..., idx, idx] = 0
        sm = s[..., None, :]  # multiply columns by s
        out = 0
        if gu is not None:
            gu = gu[..., :, :k]
            j = f * (_T(u) @ gu)
            inner = inner + (j + _T(j)) * sm
            proj = gu - u @ (_T(u) @ gu)  # (I - U U^T) gU
            if proj.shape[-2] > k:
                out = out + (proj / sm) @ vt
        if gvt is not None:
            gv = _T(gvt[..., :k, :])
            kk = f * (_T(v) @ gv)
            inner = inner + s[..., :, None] * (kk + _T(kk))
            proj = gv - v @ (_T(v) @ gv)  # (I - V V^T) gV
            if proj.shape[-2] > k:
                out = out + u @ _T(proj / sm)
        return u @ inner @ vt + out, None, None


def svd(A, full_matrices=True, *, driver=None, out=None):
    """(U, S, Vh) with A = U diag(S) Vh; S descending."""
    _check_matrix(A, "linalg.svd")
    return _rt.linalg_svd(*Svd.apply(A, full_matrices, True))


def svdvals(A, *, driver=None, out=None):
    """The singular values of A, descending."""
    _check_matrix(A, "linalg.svdvals")
    return Svd.apply(A, False, False)


# -- qr -------------------------------------------------------------------------------------------
class Qr(ArrayFunction):
    """A = Q R (Householder, as LAPACK: the same signs as torch). Backward for m >= n (reduced
    mode, or a square A), with M = R gR^T - gQ^T Q and copyltu(M) = M's lower triangle mirrored
    onto the upper: grad_A = (gQ + Q copyltu(M)) R^-T. For a wide A = [X | Y] (m < n), X = Q U is
    a square QR and Y = Q V: grad_Y = Q gV, and X takes the square formula with gQ + Y gV^T."""

    backward_name = "LinalgQrBackward0"

    @staticmethod
    def forward(ctx, a, mode):
        q, r = np.linalg.qr(a, mode="complete" if mode == "complete" else "reduced")
        ctx.save_for_backward(q, r)
        ctx.mode = mode
        if mode == "r":
            return np.zeros((0,), dtype=a.dtype), r
        return q, r

    @staticmethod
    def backward(ctx, gq, gr):
        q, r = ctx.saved_tensors
        m, n = q.shape[-2], r.shape[-1]
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and "
                               "nrows > ncols.")
        gq = np.zeros_like(q) if gq is None else gq
        gr = np.zeros_like(r) if gr is None else gr
        if m >= n:
            return _qr_backward_tall(q, r, gq, gr), None
        # wide: A = [X | Y] with X square, R = [U | V]; X = Q U is a square QR and Y = Q V
        u, gu, gv = r[..., :, :m], gr[..., :, :m], gr[..., :, m:]
        y = q @ r[..., :, m:]  # Y = Q V
        gx = _qr_backward_tall(q, u, gq + y @ _T(gv), gu)
        return np.concatenate([gx, q @ gv], axis=-1), None


def _qr_backward_tall(q, r, gq, gr):
    """The QR gradient for m >= n (see Qr)."""
    mm = r @ _T(gr) - _T(gq) @ q
    low = np.tril(mm, -1)
    copyltu = low + _T(low) + np.tril(np.triu(mm))
    b = gq + q @ copyltu
    return _T(np.linalg.solve(r, _T(b)))  # b R^-T, as the solution of R X^T = b^T


def qr(A, mode="reduced", *, out=None):
    """(Q, R) with A = Q R: mode 'reduced' (Q is m x k), 'complete' (Q is m x m) or 'r' (Q empty)."""
    _check_matrix(A, "linalg.qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    return _rt.linalg_qr(*Qr.apply(A, mode))


# -- rank, powers ---------------------------------------------------------------------------------
def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, out=None):
    """The number of singular values above max(atol, rtol * largest), as int64 (no gradient)."""
    _check_matrix(A, "linalg.matrix_rank")
    atol, rtol = _tolerances(A, atol, rtol)
    s = np.linalg.svd(A._data, compute_uv=False)
    smax = s[..., :1] if s.shape[-1] else np.zeros(s.shape[:-1] + (1,), s.dtype)
    return Tensor._wrap(np.sum(s > np.maximum(atol, rtol * smax), axis=-1).astype(np.int64))


class _Identity(ArrayFunction):
    """A^0: identity matrices of A's shape; the gradient with respect to A is zero."""

    backward_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, a):
        return np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape).copy()

    @staticmethod
    def backward(ctx, g):
        return np.zeros_like(g)


def matrix_power(A, n, *, out=None):
    """A^n by repeated squaring (n = 0: the identity; n < 0: powers of the inverse), as a chain of
    matmuls, which is what torch records too."""
    _check_square(A, "linalg.matrix_power", float_only=False)
    if isinstance(n, builtins.bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not {type(n).__name__}")
    if n == 0:
        return _Identity.apply(A)
    if n == 1:
        return _ew.clone(A)
    if n < 0:
        A, n = inv(A), -n
    result, base = None, A
    while n:
        if n & 1:
            result = base if result is None else _la.matmul(result, base)
        n >>= 1
        if n:
            base = _la.matmul(base, base)
    return result


# -- norms ----------------------------------------------------------------------------------------
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    """The vector ord-norm over ``dim`` (all elements when None): sum(|x|^ord)^(1/ord), with
    ord = inf / -inf the max / min of |x| and ord = 0 the count of nonzeros."""
    if isinstance(ord, str):
        raise TypeError("linalg_vector_norm(): argument 'ord' must be Number, not str")
    return _red.norm(x, float(ord), dim, keepdim, dtype=dtype)


def _matrix_dims(A, dim):
    nd = A._data.ndim
    if nd < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    d0, d1 = (_red._one_axis(d, nd, "linalg.matrix_norm") for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    return d0, d1


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """Matrix norms over the two axes ``dim``: 'fro' (sqrt of the sum of squares), 'nuc' (sum of
    singular values), 2 / -2 (largest / smallest singular value), 1 / -1 (max / min absolute
    column sum), inf / -inf (max / min absolute row sum)."""
    _check_matrix(A, "linalg.matrix_norm")
    d0, d1 = _matrix_dims(A, dim)
    if dtype is not None:
        A = A.to(dtype)
    if ord == "fro":
        return _red.norm(A, 2.0, (d0, d1), keepdim)
    if ord in ("nuc", 2, -2):
        s = svdvals(_shape.movedim(A, (d0, d1), (-2, -1)))
        out = _red.sum(s, -1) if ord == "nuc" else (_red.amax(s, -1) if ord == 2 else _red.amin(s, -1))
        if keepdim:
            for d in sorted((d0, d1)):
                out = _shape.unsqueeze(out, d)
        return out
    if ord in (1, -1, np.inf, -np.inf):
        summed, other = (d0, d1) if ord in (1, -1) else (d1, d0)
        sums = _red.sum(_ew.abs(A), summed, keepdim=keepdim)
        if not keepdim and other > summed:
            other -= 1  # the summed axis is gone
        return _red.amax(sums, other, keepdim=keepdim) if ord > 0 else _red.amin(sums, other, keepdim=keepdim)
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """A vector norm (dim an int or 1 dim, or a 1-D input) or a matrix norm (dim two dims, or a
    2-D input with ord given); with neither ord nor dim, the 2-norm of all elements."""
    if dim is not None and not isinstance(dim, (tuple, list)):
        dim = (dim,)
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if dim is None:
        if A._data.ndim not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                               f"{A._data.ndim}D.")
        dim = tuple(range(A._data.ndim))
    if len(dim) == 1:
        return vector_norm(A, ord, dim, keepdim, dtype=dtype)
    if len(dim) == 2:
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dim)}")
