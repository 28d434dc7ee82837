"""Parity cases for minitorch/ops/linalg.py: ``matmul`` (and ``@``) in every rank combination,
including batch broadcasting, and ``mm``, ``bmm``, ``mv``, ``dot``, ``outer``/``ger``, with
non-contiguous operands (a transposed weight, as ``nn.Linear`` uses it).

float32 tolerances grow with the reduction length: a sum of k products of values up to 2 in
magnitude carries a rounding error of about k * 4 * 6e-8 in float32 (BLAS blocking orders the
sum differently from torch's), so a fixed 1e-5 would be tight for the longer products here.
torch runs a batched matmul as a chain of nodes (expand, reshape, bmm, view: ``ViewBackward0`` or
``UnsafeViewBackward0`` on top, depending on the shapes), where minitorch has one node, so those
cases skip the grad_fn name check.
"""
import numpy as np

from parity.case import Arg, OpCase, away_from_zero, distinct, interleaved

MM_ATOL = {"float64": 1e-10, "float32": 5e-5}
MM_RTOL = {"float64": 1e-8, "float32": 1e-4}


def case(name, fn, *shapes, check_name=True):
    args = [s if isinstance(s, Arg) else Arg(s) for s in shapes]
    return OpCase(name, fn, args, atol=MM_ATOL, rtol=MM_RTOL, check_name=check_name)


def matmul(t, a, b):
    return t.matmul(a, b)


def at(t, a, b):
    return a @ b


# (name, shape of a, shape of b, whether our grad_fn name matches torch's)
_MATMUL_SHAPES = [
    ("1d_1d", (5,), (5,), True),             # dot
    ("2d_1d", (3, 5), (5,), True),           # mv
    ("1d_2d", (5,), (5, 4), False),          # torch: unsqueeze, mm, squeeze
    ("2d_2d", (3, 5), (5, 4), True),         # mm
    ("3d_3d", (2, 3, 5), (2, 5, 4), False),
    ("3d_2d", (2, 3, 5), (5, 4), False),     # torch folds the batch into the rows
    ("2d_3d", (3, 5), (2, 5, 4), False),
    ("3d_1d", (2, 3, 5), (5,), False),
    ("1d_3d", (5,), (2, 5, 4), False),
    ("4d_3d_bcast", (2, 1, 3, 5), (4, 5, 2), False),
    ("4d_4d_bcast", (2, 1, 3, 5), (1, 3, 5, 2), False),
    ("3d_3d_bcast", (1, 3, 5), (4, 5, 2), False),
    ("4d_1d", (2, 2, 3, 5), (5,), False),
    ("1x1", (1, 1), (1, 1), True),
    ("2d_2d_long_k", (4, 64), (64, 3), True),
]

CASES = []
for name, sa, sb, same_name in _MATMUL_SHAPES:
    CASES.append(case(f"matmul/{name}", matmul, sa, sb, check_name=same_name))
CASES += [
    case("matmul/op_2d", at, (3, 4), (4, 2)),
    case("matmul/op_3d", at, (2, 3, 4), (2, 4, 2), check_name=False),
    case("matmul/method", lambda t, a, b: a.matmul(b), (4,), (4, 3), check_name=False),
    case("matmul/noncontig_a", at, Arg((3, 4), permute=True), (4, 5)),
    case("matmul/noncontig_both", at, Arg((3, 4), permute=True), Arg((4, 5), permute=True)),
    case("matmul/noncontig_3d", at, Arg((2, 3, 4), permute=True), Arg((2, 4, 5), permute=True), check_name=False),
    case("matmul/noncontig_1d", at, Arg((4,), permute=True), Arg((4,), permute=True)),
    case("matmul/linear_weight_t", lambda t, x, w: x @ w.t(), (6, 4), (3, 4)),
    case("matmul/linear_weight_t_bias", lambda t, x, w, b: x @ w.t() + b, (6, 4), (3, 4), (3,)),
    case("matmul/linear_batched", lambda t, x, w: x.matmul(w.t()), (2, 6, 4), (3, 4), check_name=False),
    case("matmul/chain", lambda t, a, b, c: (a @ b).tanh() @ c, (3, 4), (4, 5), (5, 2)),
    case("matmul/x_xt", lambda t, a: a @ a.t(), (3, 4)),
    case("matmul/no_grad_rhs", at, (3, 4), Arg((4, 2), grad=False)),
    # torch has no int64 matmul kernel on CUDA: this product is taken on the CPU (a no-op elsewhere)
    case("matmul/int", lambda t, a, b: a.cpu() @ b.cpu(), Arg((3, 4), kind="int64", low=-3, high=4, grad=False),
         Arg((4, 2), kind="int64", low=-3, high=4, grad=False)),
    case("mm/fn", lambda t, a, b: t.mm(a, b), (3, 4), (4, 5)),
    case("mm/method_noncontig", lambda t, a, b: a.mm(b), (3, 4), Arg((4, 5), permute=True)),
    case("mm/row_col", lambda t, a, b: t.mm(a, b), (1, 6), (6, 1)),
    case("bmm/fn", lambda t, a, b: t.bmm(a, b), (2, 3, 4), (2, 4, 5)),
    case("bmm/method_noncontig", lambda t, a, b: a.bmm(b), Arg((3, 2, 4), permute=True), (3, 4, 2)),
    case("mv/fn", lambda t, a, v: t.mv(a, v), (3, 4), (4,)),
    case("mv/method_noncontig", lambda t, a, v: a.mv(v), Arg((3, 4), permute=True), Arg((4,), permute=True)),
    case("dot/fn", lambda t, a, b: t.dot(a, b), (7,), (7,)),
    case("dot/method", lambda t, a, b: a.dot(b), (1,), (1,)),
    case("outer/fn", lambda t, a, b: t.outer(a, b), (3,), (4,)),
    case("outer/method", lambda t, a, b: a.outer(b), (5,), (2,)),
    case("outer/ger", lambda t, a, b: t.ger(a, b), (3,), (3,)),
    case("outer/noncontig", lambda t, a, b: t.outer(a, b), Arg((4,), permute=True), (3,)),
]


# -- more of torch's linear algebra ------------------------------------------------------------------
# einsum, tensordot, kron, cross, the addmm family, multi_dot, det/slogdet/logdet, inverse, solve,
# cholesky, pinverse, cdist/dist, and torch.linalg (norms and decompositions).
#
# Matrices that are inverted or factorized are drawn well-conditioned (``well_conditioned``), and
# ops that read one triangle of a symmetric matrix (cholesky, eigh) get ``a @ a.mT`` or
# ``a + a.mT``, so finite differences see the same function torch differentiates. Eigenvectors
# and singular vectors are unique only up to sign (LAPACK's choice, which differs between builds
# for wide matrices), so those cases compare sign-free quantities: ``V ** 2``, ``U @ Vh``.
# torch runs einsum and tensordot as permutes/reshapes around a bmm; its grad_fn is usually
# ``ViewBackward0`` (as ours), but a lone permute or sum shows another name: those skip the check.
import minitorch.linalg  # noqa: E402,F401  (makes ``minitorch.linalg`` reachable as an attribute)

DECOMP_ATOL = {"float64": 1e-9, "float32": 2e-4}
DECOMP_RTOL = {"float64": 1e-7, "float32": 2e-3}


def well_conditioned(rng, shape):
    """Square matrices uniform in [-1, 1] plus 3 I: diagonally dominant, far from singular."""
    return rng.uniform(-1, 1, size=shape) + 3 * np.eye(shape[-1])


def spread_spectrum(rng, shape):
    """Matrices whose singular values (and, symmetrized, eigenvalues) are well apart: gradients of
    singular vectors divide by their gaps."""
    n = min(shape[-2:])
    u = np.linalg.qr(rng.standard_normal(shape[:-2] + (shape[-2], shape[-2])))[0][..., :, :n]
    v = np.linalg.qr(rng.standard_normal(shape[:-2] + (shape[-1], shape[-1])))[0][..., :, :n]
    s = np.arange(n, 0, -1) * 1.0 + rng.uniform(0, 0.3, size=shape[:-2] + (n,))
    return (u * s[..., None, :]) @ np.swapaxes(v, -1, -2)


def dcase(name, fn, *shapes, check_name=True, fd=True):
    """A case for the decompositions and solves (looser float32 tolerances)."""
    args = [s if isinstance(s, Arg) else Arg(s) for s in shapes]
    return OpCase(name, fn, args, atol=DECOMP_ATOL, rtol=DECOMP_RTOL, check_name=check_name,
                  finite_differences=fd)


def W(shape, **kw):
    return Arg(shape, make=well_conditioned, **kw)


def S(shape, **kw):
    return Arg(shape, make=spread_spectrum, **kw)


def einsum(eq):
    return lambda t, *ops: t.einsum(eq, *ops)


CASES += [
    case("einsum/matmul", einsum("ij,jk->ik"), (3, 4), (4, 5)),
    case("einsum/implicit", einsum("ij,jk"), (3, 4), (4, 5)),
    case("einsum/implicit_transpose", einsum("ij,kj"), (3, 4), (5, 4)),
    case("einsum/batched", einsum("bij,bjk->bik"), (2, 3, 4), (2, 4, 5)),
    case("einsum/ellipsis", einsum("...ij,...jk->...ik"), (2, 3, 4), (4, 5)),
    case("einsum/ellipsis_sum", einsum("b...,b->..."), (2, 3, 4), (2,)),
    case("einsum/three_operands", einsum("ij,jk,kl->il"), (2, 3), (3, 4), (4, 5)),
    case("einsum/outer", einsum("i,j->ij"), (3,), (4,), check_name=False),
    case("einsum/dot", einsum("i,i->"), (5,), (5,)),
    case("einsum/diagonal", einsum("ii->i"), (3, 3), check_name=False),
    case("einsum/trace", einsum("ii"), (4, 4), check_name=False),
    case("einsum/sum_all", einsum("ij->"), (3, 4), check_name=False),
    case("einsum/permute", einsum("ijk->kji"), (2, 3, 4), check_name=False),
    case("einsum/repeated_and_contracted", einsum("iij,jk->ik"), (3, 3, 4), (4, 2)),
    case("einsum/only_in_one_operand", einsum("ij,k->ik"), (3, 4), (2,)),
    case("einsum/broadcast_size_one", einsum("ij,j->i"), (3, 1), (4,)),
    case("einsum/noncontig", einsum("ij,jk->ik"), Arg((3, 4), permute=True), (4, 2)),
    case("einsum/list_operands", lambda t, a, b: t.einsum("ij,jk", [a, b]), (3, 4), (4, 5)),
    case("einsum/sublist", lambda t, a, b: t.einsum(a, [0, 1], b, [1, 2], [0, 2]), (3, 4), (4, 5)),
    case("tensordot/int", lambda t, a, b: t.tensordot(a, b), (2, 3, 4), (3, 4, 5)),
    case("tensordot/lists", lambda t, a, b: t.tensordot(a, b, dims=([0, 2], [1, 0])), (2, 3, 4), (4, 2, 5)),
    case("tensordot/zero", lambda t, a, b: t.tensordot(a, b, 0), (2, 3), (4,)),
    case("kron/2d", lambda t, a, b: t.kron(a, b), (2, 3), (4, 2)),
    case("kron/mixed_rank", lambda t, a, b: t.kron(a, b), (2, 3, 2), (3, 2)),
    case("kron/1d", lambda t, a, b: t.kron(a, b), (3,), Arg((4,), permute=True)),
    case("cross/dim", lambda t, a, b: t.cross(a, b, dim=0), (3, 4), (3, 4)),
    case("cross/negative_dim", lambda t, a, b: t.cross(a, b, dim=-1), (2, 5, 3), (2, 5, 3)),
    case("cross/linalg_broadcast", lambda t, a, b: t.linalg.cross(a, b), (2, 4, 3), (1, 4, 3)),
    case("cross/linalg_dim", lambda t, a, b: t.linalg.cross(a, b, dim=1), Arg((4, 3), permute=True), (4, 3)),
    case("addmm/plain", lambda t, i, a, b: t.addmm(i, a, b), (3, 4), (3, 5), (5, 4)),
    case("addmm/bias_row", lambda t, i, a, b: t.addmm(i, a, b, beta=0.5, alpha=2.0), (4,), (3, 5), (5, 4)),
    case("addmm/beta_zero", lambda t, i, a, b: t.addmm(i, a, b, beta=0), (1, 4), (3, 5), Arg((5, 4), permute=True)),
    case("addmm/scalar_input", lambda t, i, a, b: t.addmm(i, a, b, alpha=-1.5), (), (3, 5), (5, 4)),
    case("addmv/plain", lambda t, i, a, v: t.addmv(i, a, v, beta=2.0, alpha=0.5), (3,), (3, 5), (5,)),
    case("addmv/broadcast", lambda t, i, a, v: t.addmv(i, a, v), (1,), Arg((3, 5), permute=True), (5,)),
    case("baddbmm/plain", lambda t, i, a, b: t.baddbmm(i, a, b, beta=0.5, alpha=2.0), (2, 3, 4), (2, 3, 5),
         (2, 5, 4)),
    case("baddbmm/broadcast", lambda t, i, a, b: t.baddbmm(i, a, b), (3, 4), (2, 3, 5), (2, 5, 4)),
    case("addbmm/plain", lambda t, i, a, b: t.addbmm(i, a, b, beta=0.5, alpha=2.0), (3, 4), (2, 3, 5), (2, 5, 4)),
    case("addbmm/broadcast", lambda t, i, a, b: t.addbmm(i, a, b), (4,), (3, 3, 5), (3, 5, 4)),
    case("multi_dot/matrices", lambda t, a, b, c: t.linalg.multi_dot([a, b, c]), (2, 3), (3, 4), (4, 5)),
    case("multi_dot/two", lambda t, a, b: t.linalg.multi_dot([a, b]), (2, 3), (3, 4)),
    case("multi_dot/vector_ends", lambda t, a, b, c: t.linalg.multi_dot([a, b, c]), (3,), (3, 4), (4,)),
    case("multi_dot/first_vector", lambda t, a, b, c: t.linalg.multi_dot([a, b, c]), (3,), (3, 4), (4, 2)),
    case("cdist/p2", lambda t, a, b: t.cdist(a, b), (4, 3), (5, 3)),
    case("cdist/p2_batched", lambda t, a, b: t.cdist(a, b), (2, 4, 3), (2, 5, 3)),
    # p < 2 is not differentiable where two points share a coordinate: x1 and x2 never do
    case("cdist/p1", lambda t, a, b: t.cdist(a, b, p=1), Arg((4, 3), make=interleaved(0, 2)),
         Arg((5, 3), make=interleaved(1, 2))),
    case("cdist/p3", lambda t, a, b: t.cdist(a, b, p=3), (4, 3), (5, 3)),
    case("cdist/p_half", lambda t, a, b: t.cdist(a, b, p=0.5), Arg((4, 3), make=interleaved(0, 2)),
         Arg((5, 3), make=interleaved(1, 2))),
    case("cdist/p0", lambda t, a, b: t.cdist(a, b, p=0), Arg((4, 3), make=interleaved(0, 2)),
         Arg((5, 3), make=interleaved(1, 2))),
    # torch's backward of dist(p=0) raises (an undefined gradient): forward only
    case("dist/p0", lambda t, a, b: t.dist(a, b, 0), Arg((4, 3), make=interleaved(0, 2), grad=False),
         Arg((4, 3), make=interleaved(1, 2), grad=False)),
    case("cdist/pinf", lambda t, a, b: t.cdist(a, b, p=float("inf")), Arg((4, 3), make=distinct), (5, 3)),
    case("dist/p2", lambda t, a, b: t.dist(a, b), (4, 3), (3,)),
    case("dist/p3", lambda t, a, b: t.dist(a, b, 3), (4, 3), (4, 3)),
    case("dist/p1", lambda t, a, b: t.dist(a, b, p=1), Arg((5,), make=away_from_zero), Arg((5,), grad=False,
                                                                                            low=-0.1, high=0.1)),
    dcase("det/fn", lambda t, a: t.det(a), W((3, 3))),
    dcase("det/batched", lambda t, a: t.linalg.det(a), W((2, 4, 4))),
    dcase("det/1x1", lambda t, a: t.det(a), (1, 1)),
    dcase("det/noncontig", lambda t, a: t.det(a), W((3, 3), permute=True)),
    dcase("det/singular", lambda t, a: t.det(a @ a[..., :2, :].mT @ a[..., :2, :]), W((3, 3))),
    dcase("logdet/fn", lambda t, a: t.logdet(a @ a.mT), W((2, 3, 3))),
    dcase("slogdet/fn", lambda t, a: t.slogdet(a), W((2, 3, 3))),
    dcase("slogdet/linalg", lambda t, a: t.linalg.slogdet(-a), W((3, 3))),
    dcase("inverse/fn", lambda t, a: t.inverse(a), W((3, 3))),
    dcase("inverse/linalg_batched", lambda t, a: t.linalg.inv(a), W((2, 3, 3), permute=True)),
    dcase("solve/matrix", lambda t, a, b: t.linalg.solve(a, b), W((3, 3)), (3, 2)),
    dcase("solve/vector", lambda t, a, b: t.linalg.solve(a, b), W((3, 3)), (3,)),
    dcase("solve/batched_vector", lambda t, a, b: t.linalg.solve(a, b), W((2, 3, 3)), (2, 3)),
    dcase("solve/left_false", lambda t, a, b: t.linalg.solve(a, b, left=False), W((2, 3, 3)), (2, 4, 3)),
    dcase("solve/broadcast", lambda t, a, b: t.linalg.solve(a, b), W((2, 3, 3)), (3, 4)),
    dcase("cholesky/linalg", lambda t, a: t.linalg.cholesky(a @ a.mT), W((3, 3))),
    dcase("cholesky/linalg_upper_batched", lambda t, a: t.linalg.cholesky(a @ a.mT, upper=True), W((2, 3, 3))),
    dcase("cholesky/fn", lambda t, a: t.cholesky(a @ a.mT), W((4, 4))),
    dcase("pinverse/wide", lambda t, a: t.pinverse(a), S((3, 5))),
    dcase("pinverse/tall_batched", lambda t, a: t.linalg.pinv(a), S((2, 5, 3))),
    dcase("pinverse/square", lambda t, a: t.linalg.pinv(a), W((3, 3))),
    dcase("matrix_power/2", lambda t, a: t.linalg.matrix_power(a, 2), (3, 3)),
    dcase("matrix_power/5_batched", lambda t, a: t.linalg.matrix_power(a, 5), Arg((2, 3, 3), low=-1, high=1)),
    dcase("matrix_power/1", lambda t, a: t.linalg.matrix_power(a, 1), (3, 3)),
    dcase("matrix_power/0", lambda t, a: t.linalg.matrix_power(a, 0), (3, 3)),
    dcase("matrix_power/-1", lambda t, a: t.linalg.matrix_power(a, -1), W((3, 3))),
    dcase("matrix_power/-3", lambda t, a: t.linalg.matrix_power(a, -3), W((3, 3))),
    case("norm/vector_default", lambda t, a: t.linalg.norm(a), (3, 4)),
    case("norm/vector_ord3_dim", lambda t, a: t.linalg.norm(a, 3, dim=1), Arg((3, 4), make=away_from_zero)),
    case("norm/vector_norm_inf", lambda t, a: t.linalg.vector_norm(a, float("inf"), dim=(0, 2), keepdim=True),
         Arg((2, 3, 4), make=distinct)),
    case("norm/vector_norm_1", lambda t, a: t.linalg.vector_norm(a, 1), Arg((2, 3), make=away_from_zero)),
    case("norm/matrix_fro", lambda t, a: t.linalg.norm(a, "fro"), (3, 4)),
    case("norm/matrix_fro_dims", lambda t, a: t.linalg.matrix_norm(a, dim=(0, 2)), (3, 2, 4)),
    dcase("norm/matrix_nuc", lambda t, a: t.linalg.matrix_norm(a, "nuc"), S((2, 3, 4))),
    dcase("norm/matrix_2", lambda t, a: t.linalg.norm(a, 2), S((4, 3))),
    dcase("norm/matrix_-2", lambda t, a: t.linalg.matrix_norm(a, -2), S((2, 3, 3))),
    dcase("norm/matrix_nuc_keepdim", lambda t, a: t.linalg.norm(a, "nuc", dim=(2, 0), keepdim=True), S((3, 2, 4)),
          check_name=False),
    case("norm/matrix_1", lambda t, a: t.linalg.matrix_norm(a, 1), Arg((2, 3, 4), make=distinct)),
    case("norm/matrix_-1", lambda t, a: t.linalg.norm(a, -1), Arg((3, 4), make=distinct)),
    case("norm/matrix_inf", lambda t, a: t.linalg.matrix_norm(a, float("inf")), Arg((2, 3, 4), make=distinct)),
    case("norm/matrix_-inf_keepdim", lambda t, a: t.linalg.norm(a, -float("inf"), dim=(1, 0), keepdim=True),
         Arg((3, 4), make=distinct)),
    dcase("svdvals/wide", lambda t, a: t.linalg.svdvals(a), S((2, 3, 5))),
    dcase("svd/values", lambda t, a: t.linalg.svd(a, full_matrices=False).S, S((5, 3))),
    dcase("svd/tall_reduced", lambda t, a: (lambda r: (r.U ** 2, r.S, r.Vh ** 2))(t.linalg.svd(a, full_matrices=False)),
          S((2, 5, 3)), check_name=False),
    dcase("svd/polar_wide", lambda t, a: (lambda r: r.U @ r.Vh)(t.linalg.svd(a, full_matrices=False)), S((3, 5)),
          check_name=False),
    dcase("svd/square_full", lambda t, a: (lambda r: r.U @ (r.Vh * r.S[..., None]))(t.linalg.svd(a)), S((3, 3)),
          check_name=False),
    dcase("eigh/values_vectors", lambda t, a: (lambda r: (r.eigenvalues, r.eigenvectors ** 2))(
        t.linalg.eigh(a + a.mT)), S((2, 3, 3)), check_name=False),
    dcase("eigh/upper", lambda t, a: t.linalg.eigh(a + a.mT, UPLO="U").eigenvalues, S((3, 3))),
    dcase("eigvalsh/fn", lambda t, a: t.linalg.eigvalsh(a + a.mT), S((2, 4, 4))),
    dcase("qr/reduced", lambda t, a: t.linalg.qr(a), S((5, 3))),
    dcase("qr/wide", lambda t, a: t.linalg.qr(a), S((2, 3, 5))),
    dcase("qr/square_batched", lambda t, a: t.linalg.qr(a, mode="complete"), S((2, 3, 3))),
    dcase("qr/r_only", lambda t, a: t.linalg.qr(a, mode="r").R, S((4, 3), grad=False)),
    case("matrix_rank/full", lambda t, a: t.linalg.matrix_rank(a), W((3, 3), grad=False)),
    case("matrix_rank/deficient", lambda t, a: t.linalg.matrix_rank(a @ a[..., :2, :].mT @ a[..., :2, :]),
         W((2, 3, 3), grad=False)),
]
