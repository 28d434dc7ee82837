"""Parity cases for minitorch/ops/reduction.py: sum, mean, prod, max/min (whole, along a dim, and
the elementwise two-tensor form), amax/amin, argmax/argmin, all/any, var/std (and var_mean,
std_mean) with unbiased/correction, logsumexp, norm for every kind of p, cumsum/cumprod,
softmax/log_softmax, sort/argsort/topk.

Each op is run over the whole tensor, along one dim, a negative dim, a tuple of dims, with
keepdim, on non-contiguous inputs, on 0-d and one-element tensors, and (where torch allows) on
integer and bool tensors. Inputs of max/min/sort/topk/amax/argmax are ``distinct`` (no ties,
where the gradient is ambiguous). ``prod`` and ``cumprod`` have cases with one and with several
zeros in a slice, where ``prod / x`` fails (both are polynomials, smooth at zeros).

``CASES`` holds only points where the op is differentiable, since tests/test_gradcheck.py checks
every differentiable case against finite differences. ``KINK_CASES`` are the points where it is
not, and where torch defines a subgradient: ties among maxima (amax/amin, the whole-tensor
max/min and the inf-norm split the gradient evenly among them), sorts of tied values, and the
p < 1 norm at a zero element. tests/test_reduction.py runs them against torch.
"""
import numpy as np

from parity.case import Arg, OpCase, away_from_zero, distinct, interleaved

A = Arg
D = dict(make=distinct)  # no ties
NZ = dict(make=away_from_zero)
INT = dict(kind="int64", low=-5, high=6, grad=False)
BOOL = dict(kind="bool", grad=False)


def case(name, fn, *args, **kw):
    return OpCase(name, fn, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


def ties(rng, shape):
    """Small integers: many exact ties for max-like reductions."""
    return rng.integers(-2, 3, size=shape).astype(np.float64)


def zeros_in_rows(rng, shape):
    """Along the last dim, a slice with no zero, one with one zero, one with two zeros, ...
    (prod and cumprod must not compute ``prod / x`` there)."""
    arr = rng.uniform(0.5, 1.5, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    rows = arr.reshape(-1, shape[-1])
    for i, row in enumerate(rows):
        row[rng.permutation(shape[-1])[: i % 3]] = 0.0
    return arr


def one_zero(rng, shape):
    arr = away_from_zero(rng, shape, 0.5, 1.5)
    arr.reshape(-1)[rng.integers(arr.size)] = 0.0
    return arr


def zeros(rng, shape):
    return np.zeros(shape)


def spread(rng, shape):
    """Uniform values in [-2, 2] drawn from the seed, never shrunk by hypothesis toward
    near-constant slices (where std's gradient, 1 / std, is too steep for finite differences)."""
    return rng.uniform(-2.0, 2.0, size=shape)


S = dict(make=spread)


CASES = []

# -- sum, mean -------------------------------------------------------------------------------------
for op in ("sum", "mean"):
    CASES += [
        case(f"{op}/all", lambda t, x, op=op: getattr(x, op)(), (3, 4)),
        case(f"{op}/fn_all", lambda t, x, op=op: getattr(t, op)(x), (2, 3, 4)),
        case(f"{op}/dim0", lambda t, x, op=op: getattr(x, op)(0), (3, 4)),
        case(f"{op}/dim_neg", lambda t, x, op=op: getattr(t, op)(x, dim=-1), (2, 3, 4)),
        case(f"{op}/dim_tuple", lambda t, x, op=op: getattr(x, op)((0, 2)), (2, 3, 4)),
        case(f"{op}/dim_list_neg", lambda t, x, op=op: getattr(x, op)([-1, 0]), (2, 3, 4)),
        case(f"{op}/keepdim", lambda t, x, op=op: getattr(x, op)(1, keepdim=True), (2, 3, 4)),
        case(f"{op}/keepdim_tuple", lambda t, x, op=op: getattr(x, op)((0, 1), True), (2, 3, 4)),
        case(f"{op}/dim_none_keepdim", lambda t, x, op=op: getattr(x, op)(dim=None, keepdim=True), (2, 3)),
        case(f"{op}/dim_empty", lambda t, x, op=op: getattr(x, op)(dim=[]), (2, 3)),
        case(f"{op}/noncontig", lambda t, x, op=op: getattr(x, op)(1), A((4, 5), permute=True)),
        case(f"{op}/noncontig_all", lambda t, x, op=op: getattr(x, op)(), A((3, 4, 2), permute=True)),
        case(f"{op}/0d", lambda t, x, op=op: getattr(x, op)(), ()),
        case(f"{op}/0d_dim0", lambda t, x, op=op: getattr(x, op)(0), ()),
        case(f"{op}/0d_dim_neg_keepdim", lambda t, x, op=op: getattr(x, op)(-1, keepdim=True), ()),
        case(f"{op}/one_elem", lambda t, x, op=op: getattr(x, op)(0), (1,)),
        case(f"{op}/dtype_float64", lambda t, x, op=op: getattr(x, op)(dtype=t.float64), (3, 4)),
        case(f"{op}/dim_dtype_float64", lambda t, x, op=op: getattr(x, op)(1, dtype=t.float64), (3, 4)),
        case(f"{op}/of_expression", lambda t, x, y, op=op: getattr(x * y, op)(0), (3, 4), (4,)),
    ]
CASES += [
    case("sum/int64", lambda t, x: x.sum(), A((3, 4), **INT)),
    case("sum/int64_dim", lambda t, x: x.sum(1), A((3, 4), **INT)),
    case("sum/bool", lambda t, x: x.sum(), A((3, 4), **BOOL)),
    case("sum/bool_dim", lambda t, x: t.sum(x, 0, keepdim=True), A((3, 4), **BOOL)),
    case("sum/int_dtype_float", lambda t, x: x.sum(dtype=t.float32), A((3, 4), **INT)),
    case("sum/empty_dim", lambda t, x: x.sum(0), (0, 3)),
    case("mean/int_dtype_float", lambda t, x: x.mean(1, dtype=t.float64), A((3, 4), **INT)),
]

# -- prod -------------------------------------------------------------------------------------------
CASES += [
    case("prod/all", lambda t, x: x.prod(), A((3, 4), **NZ)),
    case("prod/dim", lambda t, x: t.prod(x, 1), A((3, 4), **NZ)),
    case("prod/dim_neg_keepdim", lambda t, x: x.prod(-2, keepdim=True), A((2, 3, 4), **NZ)),
    case("prod/noncontig", lambda t, x: x.prod(0), A((3, 4), permute=True, **NZ)),
    case("prod/0d", lambda t, x: x.prod(), A((), **NZ)),
    case("prod/0d_dim", lambda t, x: x.prod(0), A((), **NZ)),
    case("prod/one_zero_all", lambda t, x: x.prod(), A((3, 4), make=one_zero)),
    case("prod/several_zeros_all", lambda t, x: x.prod(), A((3, 3), make=zeros_in_rows)),
    case("prod/zeros_dim", lambda t, x: x.prod(-1), A((6, 4), make=zeros_in_rows)),
    case("prod/zeros_dim_keepdim", lambda t, x: x.prod(2, keepdim=True), A((2, 3, 4), make=zeros_in_rows)),
    case("prod/zeros_other_dim", lambda t, x: x.prod(0), A((4, 6), make=zeros_in_rows)),
    case("prod/int64", lambda t, x: x.prod(1), A((3, 4), **INT)),
    case("prod/bool", lambda t, x: x.prod(), A((3, 4), **BOOL)),
    case("prod/dtype_float64", lambda t, x: x.prod(0, dtype=t.float64), A((3, 4), **NZ)),
]

# -- max/min, amax/amin, argmax/argmin -------------------------------------------------------------------
for op in ("max", "min"):
    elementwise = "maximum" if op == "max" else "minimum"
    CASES += [
        case(f"{op}/all", lambda t, x, op=op: getattr(x, op)(), A((3, 4), **D)),
        case(f"{op}/fn_all", lambda t, x, op=op: getattr(t, op)(x), A((2, 3, 4), **D)),
        case(f"{op}/dim", lambda t, x, op=op: getattr(x, op)(1), A((3, 4), **D)),
        case(f"{op}/fn_dim_neg", lambda t, x, op=op: getattr(t, op)(x, -1), A((2, 3, 4), **D)),
        case(f"{op}/dim_keepdim", lambda t, x, op=op: getattr(x, op)(dim=0, keepdim=True), A((2, 3, 4), **D)),
        case(f"{op}/noncontig", lambda t, x, op=op: getattr(x, op)(0), A((4, 5), permute=True, **D)),
        case(f"{op}/values_field", lambda t, x, op=op: getattr(x, op)(1).values * 2, A((3, 4), **D)),
        case(f"{op}/indices_field", lambda t, x, op=op: getattr(x, op)(1)[1], A((3, 4), **D)),
        case(f"{op}/0d", lambda t, x, op=op: getattr(x, op)(), ()),
        case(f"{op}/0d_dim", lambda t, x, op=op: getattr(x, op)(0), ()),
        case(f"{op}/0d_dim_keepdim", lambda t, x, op=op: getattr(x, op)(-1, True), ()),
        case(f"{op}/one_elem", lambda t, x, op=op: getattr(x, op)(0), (1,)),
        case(f"{op}/int64", lambda t, x, op=op: getattr(x, op)(), A((3, 4), **INT)),
        case(f"{op}/int64_dim", lambda t, x, op=op: getattr(x, op)(0), A((3, 4), **INT)),
        case(f"{op}/binary", lambda t, x, y, op=op: getattr(t, op)(x, y),
             A((3, 4), make=interleaved(0, 2)), A((3, 4), make=interleaved(1, 2))),
        case(f"{op}/binary_method_bcast", lambda t, x, y, op=op: getattr(x, op)(y),
             A((3, 4), make=interleaved(0, 2)), A((4,), make=interleaved(1, 2)),
             check_name=True),
        case(f"{op}/binary_is_{elementwise}", lambda t, x, y, op=op: getattr(t, op)(x, y),
             A((2, 3), make=interleaved(1, 2)), A((), make=interleaved(0, 2))),
    ]
for op in ("amax", "amin"):
    CASES += [
        case(f"{op}/all", lambda t, x, op=op: getattr(x, op)(), A((3, 4), **D)),
        case(f"{op}/dim", lambda t, x, op=op: getattr(t, op)(x, 1), A((3, 4), **D)),
        case(f"{op}/dim_neg_keepdim", lambda t, x, op=op: getattr(x, op)(-1, keepdim=True), A((2, 3, 4), **D)),
        case(f"{op}/dim_tuple", lambda t, x, op=op: getattr(x, op)((0, 2)), A((2, 3, 4), **D)),
        case(f"{op}/noncontig", lambda t, x, op=op: getattr(x, op)(0), A((4, 5), permute=True, **D)),
        case(f"{op}/0d", lambda t, x, op=op: getattr(x, op)(0), ()),
        case(f"{op}/int64", lambda t, x, op=op: getattr(x, op)(1), A((3, 4), **INT)),
    ]
for op in ("argmax", "argmin"):
    CASES += [
        case(f"{op}/flat", lambda t, x, op=op: getattr(x, op)(), A((3, 4), **D), backward=False),
        case(f"{op}/flat_keepdim", lambda t, x, op=op: getattr(t, op)(x, keepdim=True), A((2, 3, 4), **D),
             backward=False),
        case(f"{op}/dim", lambda t, x, op=op: getattr(x, op)(1), A((3, 4), **D), backward=False),
        case(f"{op}/dim_neg_keepdim", lambda t, x, op=op: getattr(t, op)(x, -1, True), A((2, 3, 4), **D),
             backward=False),
        case(f"{op}/noncontig", lambda t, x, op=op: getattr(x, op)(0), A((4, 5), permute=True, **D),
             backward=False),
        case(f"{op}/noncontig_flat", lambda t, x, op=op: getattr(x, op)(), A((4, 5), permute=True, **D),
             backward=False),
        case(f"{op}/0d", lambda t, x, op=op: getattr(x, op)(0), (), backward=False),
        case(f"{op}/ties_first", lambda t, x, op=op: getattr(x, op)(1), A((6, 5), make=ties), backward=False),
        case(f"{op}/int64", lambda t, x, op=op: getattr(x, op)(0), A((3, 4), **INT), backward=False),
    ]

# -- all, any ------------------------------------------------------------------------------------------
for op in ("all", "any"):
    CASES += [
        case(f"{op}/bool", lambda t, x, op=op: getattr(x, op)(), A((3, 4), **BOOL)),
        case(f"{op}/bool_dim", lambda t, x, op=op: getattr(t, op)(x, 1), A((3, 4), **BOOL)),
        case(f"{op}/bool_keepdim", lambda t, x, op=op: getattr(x, op)(-1, keepdim=True), A((2, 3, 2), **BOOL)),
        case(f"{op}/bool_tuple", lambda t, x, op=op: getattr(x, op)((0, 2)), A((2, 3, 2), **BOOL)),
        case(f"{op}/float", lambda t, x, op=op: getattr(x, op)(0), A((3, 4), grad=False)),
        case(f"{op}/int", lambda t, x, op=op: getattr(x, op)(1), A((3, 4), kind="int64", low=0, high=2, grad=False)),
        case(f"{op}/comparison", lambda t, x, op=op: getattr(x > 0, op)(1), A((3, 4), grad=False)),
        case(f"{op}/0d", lambda t, x, op=op: getattr(x, op)(0), A((), **BOOL)),
    ]

# -- var, std, var_mean, std_mean ---------------------------------------------------------------------------
for op in ("var", "std"):
    CASES += [
        case(f"{op}/all", lambda t, x, op=op: getattr(x, op)(), A((3, 4), **S)),
        case(f"{op}/dim", lambda t, x, op=op: getattr(t, op)(x, 1), A((3, 4), **S)),
        case(f"{op}/dim_neg_keepdim", lambda t, x, op=op: getattr(x, op)(-1, keepdim=True), A((2, 3, 4), **S)),
        case(f"{op}/dim_tuple", lambda t, x, op=op: getattr(x, op)((0, 2)), A((2, 3, 4), **S)),
        case(f"{op}/biased", lambda t, x, op=op: getattr(x, op)(0, unbiased=False), A((3, 4), **S)),
        case(f"{op}/unbiased_positional", lambda t, x, op=op: getattr(t, op)(x, 1, True, True), A((3, 4), **S)),
        case(f"{op}/bool_first_arg", lambda t, x, op=op: getattr(t, op)(x, False), A((3, 4), **S)),
        case(f"{op}/correction0", lambda t, x, op=op: getattr(x, op)(correction=0), A((3, 4), **S)),
        case(f"{op}/correction2", lambda t, x, op=op: getattr(x, op)(1, correction=2), A((3, 5), **S)),
        case(f"{op}/correction_half", lambda t, x, op=op: getattr(x, op)(dim=(0, 1), correction=0.5), A((3, 4), **S)),
        case(f"{op}/noncontig", lambda t, x, op=op: getattr(x, op)(0), A((4, 5), permute=True, **S)),
        case(f"{op}/one_elem_biased", lambda t, x, op=op: getattr(x, op)(0, correction=0), A((1, 3), **S)),
    ]
for op in ("var_mean", "std_mean"):
    CASES += [
        case(f"{op}/all", lambda t, x, op=op: getattr(t, op)(x), A((3, 4), **S)),
        case(f"{op}/dim_keepdim", lambda t, x, op=op: getattr(t, op)(x, 1, keepdim=True), A((3, 4), **S)),
        case(f"{op}/tuple_correction", lambda t, x, op=op: getattr(t, op)(x, (0, 2), correction=0), A((2, 3, 4), **S)),
        case(f"{op}/unbiased_positional", lambda t, x, op=op: getattr(t, op)(x, 0, False), A((3, 4), **S)),
    ]

# -- logsumexp ------------------------------------------------------------------------------------------
CASES += [
    case("logsumexp/dim", lambda t, x: x.logsumexp(1), (3, 4)),
    case("logsumexp/fn_dim_neg", lambda t, x: t.logsumexp(x, -1), (2, 3, 4)),
    case("logsumexp/keepdim", lambda t, x: t.logsumexp(x, 0, keepdim=True), (3, 4)),
    case("logsumexp/dim_tuple", lambda t, x: x.logsumexp((0, 2)), (2, 3, 4)),
    case("logsumexp/large_values", lambda t, x: x.logsumexp(1), A((3, 4), low=500.0, high=900.0)),
    case("logsumexp/very_negative", lambda t, x: x.logsumexp(0), A((3, 4), low=-900.0, high=-500.0)),
    case("logsumexp/noncontig", lambda t, x: x.logsumexp(0), A((4, 5), permute=True)),
    case("logsumexp/0d", lambda t, x: x.logsumexp(0), ()),
    case("logsumexp/int64", lambda t, x: x.logsumexp(1), A((3, 4), **INT)),
]

# -- norm ------------------------------------------------------------------------------------------------
_P = {"fro": "fro", "2": 2, "1": 1, "inf": float("inf"), "neg_inf": float("-inf"), "0": 0, "3": 3, "1.5": 1.5,
      "0.5": 0.5, "neg1": -1}
for label, p in _P.items():
    inputs = dict(make=distinct) if "inf" in label else NZ  # no ties at the max |x|; no kinks at 0
    CASES += [
        case(f"norm/p{label}", lambda t, x, p=p: x.norm(p), A((3, 4), **inputs)),
        case(f"norm/p{label}_dim", lambda t, x, p=p: t.norm(x, p, 1), A((3, 4), **inputs)),
        case(f"norm/p{label}_tuple_keepdim", lambda t, x, p=p: x.norm(p, (0, 2), True), A((2, 3, 4), **inputs)),
    ]
CASES += [
    case("norm/default", lambda t, x: t.norm(x), A((2, 3, 4), **NZ)),
    case("norm/p_none", lambda t, x: t.norm(x, p=None, dim=-1), A((3, 4), **NZ)),
    case("norm/noncontig", lambda t, x: x.norm(dim=0), A((4, 5), permute=True, **NZ)),
    case("norm/dtype_float64", lambda t, x: x.norm(2, dim=1, dtype=t.float64), A((3, 4), **NZ)),
    case("norm/0d", lambda t, x: x.norm(), A((), **NZ)),
    case("norm/0d_dim", lambda t, x: x.norm(1, 0), A((), **NZ)),
    case("norm/zero_vector_p2", lambda t, x: x.norm(), A((4,), make=zeros)),
    case("norm/zero_rows_p2_dim", lambda t, x: x.norm(dim=1), A((3, 4), make=zeros)),
    case("norm/zero_vector_p1", lambda t, x: x.norm(1), A((4,), make=zeros)),
    case("norm/zero_vector_p3", lambda t, x: x.norm(3), A((4,), make=zeros)),
    case("norm/zero_vector_inf", lambda t, x: x.norm(float("inf")), A((4,), make=zeros)),
    case("norm/some_zeros_p3", lambda t, x: x.norm(3), A((5,), make=one_zero)),
]

# -- cumsum, cumprod ---------------------------------------------------------------------------------------
# (minitorch's Tensor has no cumprod method yet, so these cases call the functions.)
for op in ("cumsum", "cumprod"):
    CASES += [
        case(f"{op}/dim0", lambda t, x, op=op: getattr(t, op)(x, 0), (4, 3)),
        case(f"{op}/fn_dim_neg", lambda t, x, op=op: getattr(t, op)(x, -1), (2, 3, 4)),
        case(f"{op}/dim_middle", lambda t, x, op=op: getattr(t, op)(x, dim=1), (2, 3, 4)),
        case(f"{op}/noncontig", lambda t, x, op=op: getattr(t, op)(x, 1), A((4, 5), permute=True)),
        case(f"{op}/0d", lambda t, x, op=op: getattr(t, op)(x, 0), ()),
        case(f"{op}/one_elem", lambda t, x, op=op: getattr(t, op)(x, -1), (1,)),
        case(f"{op}/int64", lambda t, x, op=op: getattr(t, op)(x, 1), A((3, 4), kind="int64", low=-3, high=4,
                                                                         grad=False)),
        case(f"{op}/bool", lambda t, x, op=op: getattr(t, op)(x, 0), A((3, 4), **BOOL)),
        case(f"{op}/dtype_float64", lambda t, x, op=op: getattr(t, op)(x, 0, dtype=t.float64), (3, 4)),
    ]
CASES += [
    case("cumsum/method", lambda t, x: x.cumsum(-1), (3, 4)),
    case("cumprod/zeros_last_dim", lambda t, x: t.cumprod(x, -1), A((6, 5), make=zeros_in_rows)),
    case("cumprod/zeros_first_dim", lambda t, x: t.cumprod(x, 0), A((5, 6), make=zeros_in_rows)),
    case("cumprod/zeros_middle_dim", lambda t, x: t.cumprod(x, 1), A((2, 6, 4), make=zeros_in_rows)),
    case("cumprod/one_zero_1d", lambda t, x: t.cumprod(x, 0), A((6,), make=one_zero)),
]

# -- softmax, log_softmax ----------------------------------------------------------------------------------
for op in ("softmax", "log_softmax"):
    CASES += [
        case(f"{op}/last", lambda t, x, op=op: getattr(x, op)(-1), (3, 4)),
        case(f"{op}/dim0", lambda t, x, op=op: getattr(t, op)(x, 0), (3, 4)),
        case(f"{op}/dim_middle", lambda t, x, op=op: getattr(t, op)(x, dim=1), (2, 3, 4)),
        case(f"{op}/large_values", lambda t, x, op=op: getattr(x, op)(1), A((3, 4), low=-800.0, high=800.0)),
        case(f"{op}/noncontig", lambda t, x, op=op: getattr(x, op)(1), A((4, 5), permute=True)),
        case(f"{op}/0d", lambda t, x, op=op: getattr(x, op)(0), ()),
        case(f"{op}/one_elem", lambda t, x, op=op: getattr(x, op)(0), (1,)),
        case(f"{op}/dtype_float64", lambda t, x, op=op: getattr(t, op)(x, 1, dtype=t.float64), (3, 4)),
        case(f"{op}/int_dtype", lambda t, x, op=op: getattr(t, op)(x, 0, t.float32), A((4,), **INT)),
        case(f"{op}/of_expression", lambda t, x, w, op=op: getattr(x @ w, op)(1), (5, 3), (3, 4)),
    ]

# -- sort, argsort, topk -------------------------------------------------------------------------------------
CASES += [
    case("sort/default", lambda t, x: x.sort(), A((3, 5), **D)),
    case("sort/fn_dim0", lambda t, x: t.sort(x, 0), A((4, 3), **D)),
    case("sort/descending", lambda t, x: t.sort(x, dim=1, descending=True), A((2, 5, 3), **D)),
    case("sort/stable", lambda t, x: x.sort(stable=True), A((3, 5), **D)),
    case("sort/ties_stable", lambda t, x: t.sort(x, stable=True, dim=1), A((4, 7), make=ties, grad=False)),
    case("sort/ties_stable_descending", lambda t, x: t.sort(x, stable=True, dim=-1, descending=True),
         A((4, 7), make=ties, grad=False)),
    case("sort/noncontig", lambda t, x: x.sort(0), A((4, 5), permute=True, **D)),
    case("sort/values_field", lambda t, x: x.sort().values * 2, A((6,), **D)),
    case("sort/0d", lambda t, x: x.sort(), ()),
    case("sort/one_elem", lambda t, x: x.sort(0), (1,)),
    case("sort/int64", lambda t, x: x.sort(1), A((3, 5), make=lambda rng, s: rng.permutation(15).reshape(s),
                                                kind="int64", grad=False)),
    case("argsort/default", lambda t, x: x.argsort(), A((3, 5), **D), backward=False),
    case("argsort/fn_descending", lambda t, x: t.argsort(x, 0, descending=True), A((4, 3), **D), backward=False),
    case("argsort/stable_ties", lambda t, x: t.argsort(x, dim=1, stable=True), A((4, 7), make=ties),
         backward=False),
    case("argsort/0d", lambda t, x: x.argsort(), (), backward=False),
    case("topk/default", lambda t, x: x.topk(2), A((3, 5), **D)),
    case("topk/fn_dim0", lambda t, x: t.topk(x, 3, 0), A((4, 3), **D)),
    case("topk/smallest", lambda t, x: t.topk(x, 2, dim=1, largest=False), A((2, 5, 3), **D)),
    case("topk/all", lambda t, x: x.topk(5), A((3, 5), **D)),
    case("topk/k0", lambda t, x: x.topk(0), A((3, 5), **D)),
    case("topk/noncontig", lambda t, x: x.topk(2, 0), A((4, 5), permute=True, **D)),
    case("topk/0d", lambda t, x: x.topk(1), ()),
    case("topk/indices_field", lambda t, x: x.topk(2).indices, A((3, 5), **D), backward=False),
]

# -- points where the op is not differentiable and torch picks the gradient -------------------------------
KINK_CASES = [
    case("norm/some_zeros_p0.5", lambda t, x: x.norm(0.5), A((5,), make=one_zero)),
    case("norm/ties_inf", lambda t, x: x.norm(float("inf")), A((4, 5), make=ties)),
    case("norm/ties_inf_dim", lambda t, x: x.norm(float("inf"), dim=1), A((6, 5), make=ties)),
    case("sort/ties_grad", lambda t, x: t.sort(x, stable=True, dim=1), A((4, 7), make=ties)),
]
for op in ("max", "min"):
    KINK_CASES.append(case(f"{op}/ties_all", lambda t, x, op=op: getattr(x, op)(), A((4, 5), make=ties)))
for op in ("amax", "amin"):
    KINK_CASES += [
        case(f"{op}/ties_all", lambda t, x, op=op: getattr(x, op)(), A((4, 5), make=ties)),
        case(f"{op}/ties_dim", lambda t, x, op=op: getattr(x, op)(1), A((6, 5), make=ties)),
        case(f"{op}/ties_tuple_keepdim", lambda t, x, op=op: getattr(x, op)((0, 2), True), A((3, 2, 4), make=ties)),
    ]


# -- order statistics, aminmax, nan-reductions, count_nonzero ------------------------------------------------
def with_nans(rng, shape):
    """Values in [-2, 2] with about a quarter of them nan (never all of a row)."""
    arr = rng.uniform(-2.0, 2.0, size=shape)
    arr[rng.random(shape) < 0.25] = np.nan
    if arr.ndim:
        arr[..., 0] = rng.uniform(-2.0, 2.0, size=shape[:-1])
    return arr


def few_values(rng, shape):
    """Values from {-1, 0.5, 2}: ties everywhere, for the indices of median / kthvalue / mode."""
    return rng.choice([-1.0, 0.5, 2.0], size=shape)


NAN = dict(make=with_nans)
CASES += [
    case("median/all", lambda t, x: t.median(x), A((3, 5), **D)),
    case("median/all_even_count", lambda t, x: t.median(x), A((2, 3), **D)),
    case("median/dim", lambda t, x: t.median(x, 1), A((3, 5), **D)),
    case("median/dim_neg_keepdim", lambda t, x: t.median(x, -2, keepdim=True), A((2, 4, 3), **D)),
    case("median/noncontig", lambda t, x: t.median(x, 0), A((4, 5), permute=True, **D)),
    case("median/0d", lambda t, x: t.median(x), ()),
    case("median/0d_dim", lambda t, x: t.median(x, 0), ()),
    case("median/int64", lambda t, x: t.median(x, 1), A((3, 6), **INT)),
    case("median/ties_indices", lambda t, x: t.median(x, 1).indices, A((6, 7), make=few_values), backward=False),
    case("median/nan_row", lambda t, x: t.median(x, 1), A((4, 5), make=with_nans, grad=False), backward=False),
    case("nanmedian/all", lambda t, x: t.nanmedian(x), A((3, 5), **NAN)),
    case("nanmedian/dim", lambda t, x: t.nanmedian(x, 1), A((4, 5), **NAN)),
    case("nanmedian/dim0_keepdim", lambda t, x: t.nanmedian(x, 0, True), A((5, 3), **D)),
    case("kthvalue/default_dim", lambda t, x: t.kthvalue(x, 2), A((3, 5), **D)),
    case("kthvalue/dim0_keepdim", lambda t, x: t.kthvalue(x, 4, 0, True), A((4, 3), **D)),
    case("kthvalue/noncontig", lambda t, x: t.kthvalue(x, 1, dim=-1), A((4, 5), permute=True, **D)),
    case("kthvalue/0d", lambda t, x: t.kthvalue(x, 1), ()),
    case("kthvalue/ties_indices", lambda t, x: t.kthvalue(x, 3, 1).indices, A((6, 9), make=few_values),
         backward=False),
    case("mode/default_dim", lambda t, x: t.mode(x), A((3, 5), **D)),
    case("mode/dim0_keepdim", lambda t, x: t.mode(x, 0, True), A((4, 3), **D)),
    case("mode/ties", lambda t, x: t.mode(x, 1), A((6, 9), make=few_values, grad=False), backward=False),
    case("mode/long_rows_ties", lambda t, x: t.mode(x, 1), A((3, 40), make=few_values, grad=False), backward=False),
    case("mode/int64", lambda t, x: t.mode(x, 0), A((7, 3), kind="int64", low=0, high=3, grad=False)),
    case("aminmax/all", lambda t, x: t.aminmax(x), A((3, 4), **D)),
    case("aminmax/dim", lambda t, x: t.aminmax(x, dim=1), A((3, 4), **D)),
    case("aminmax/dim_neg_keepdim", lambda t, x: t.aminmax(x, dim=-1, keepdim=True), A((2, 3, 4), **D)),
    case("aminmax/noncontig", lambda t, x: t.aminmax(x, dim=0), A((4, 5), permute=True, **D)),
    case("aminmax/0d", lambda t, x: t.aminmax(x), ()),
    case("aminmax/int64", lambda t, x: t.aminmax(x, dim=0), A((3, 4), **INT)),
    case("nansum/all", lambda t, x: t.nansum(x), A((3, 4), **NAN)),
    case("nansum/dim", lambda t, x: t.nansum(x, 1), A((3, 4), **NAN)),
    case("nansum/tuple_keepdim", lambda t, x: t.nansum(x, (0, 2), keepdim=True), A((2, 3, 4), **NAN)),
    case("nansum/no_nan_noncontig", lambda t, x: t.nansum(x, 0), A((4, 5), permute=True)),
    case("nansum/int64", lambda t, x: t.nansum(x, 1), A((3, 4), **INT)),
    case("nansum/dtype_float64", lambda t, x: t.nansum(x, dtype=t.float64), A((3, 4), **NAN)),
    case("nanmean/all", lambda t, x: t.nanmean(x), A((3, 4), **NAN)),
    case("nanmean/dim", lambda t, x: t.nanmean(x, 1), A((3, 4), **NAN)),
    case("nanmean/dim_neg_keepdim", lambda t, x: t.nanmean(x, -1, keepdim=True), A((2, 3, 4), **NAN)),
    case("nanmean/no_nan", lambda t, x: t.nanmean(x, (0, 1)), (3, 4)),
    case("count_nonzero/all", lambda t, x: t.count_nonzero(x), A((3, 4), **INT), backward=False),
    case("count_nonzero/dim", lambda t, x: t.count_nonzero(x, dim=1), A((3, 4), **INT), backward=False),
    case("count_nonzero/tuple", lambda t, x: t.count_nonzero(x, (0, -1)), A((2, 3, 4), **BOOL), backward=False),
]
