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
from parity.case import Arg, OpCase

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
