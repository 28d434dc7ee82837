"""Parity cases for minitorch/ops/elementwise.py: arithmetic (with broadcasting, 0-d tensors and
Python numbers on either side), torch's type promotion, unary math, clamp, maximum/minimum,
where, masked_fill, lerp, addcmul/addcdiv, remainder/fmod, comparisons and logic, dtype casts,
clone, in-place ops on non-leaf tensors, and non-contiguous inputs.

Inputs stay away from kinks and poles: ``away_from_zero`` for abs/sign/relu and denominators,
positive ranges for log/sqrt/pow, ``away_from_integers`` for floor/ceil/round/trunc, and
``interleaved`` slots for inputs compared with each other (maximum, clamp with tensor bounds).
"""
import numpy as np

from parity.case import Arg, OpCase, away_from_integers, away_from_zero, interleaved

A = Arg
NZ = dict(make=away_from_zero)  # keyword set for an Arg that must stay away from 0
POS = dict(low=0.5, high=2.0)   # a positive domain (log, sqrt, pow with a real exponent)
# for ops with a kink inside the domain (clamp at its bounds): random values from ``make``. A plain
# range is not enough there, because hypothesis (in the gradchecks) also draws the constants it
# finds in the source, such as the clamp bounds themselves.
RANDOM = dict(make=lambda rng, shape: rng.uniform(-2.0, 2.0, size=shape))
INT = dict(kind="int64", low=-5, high=6, grad=False)
BOOL = dict(kind="bool", grad=False)


def case(name, fn, *args, **kw):
    return OpCase(name, fn, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


CASES = []

# -- + - * / : tensor with tensor (same shape, broadcasting both ways, 0-d) and with numbers --------
_BINARY = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y,
}
_SHAPES = {
    "same": ((3, 4), (3, 4)),
    "bcast_row": ((3, 4), (4,)),
    "bcast_col": ((3, 1), (3, 4)),
    "bcast_both": ((3, 1), (1, 4)),
    "bcast_lead": ((2, 3, 4), (3, 1)),
    "0d_left": ((), (3, 4)),
    "0d_right": ((2, 3), ()),
    "0d_both": ((), ()),
    "one_elem": ((1,), (5,)),
}
for op, f in _BINARY.items():
    for label, (sa, sb) in _SHAPES.items():
        rhs = A(sb, **NZ) if op == "div" else A(sb)
        CASES.append(case(f"{op}/{label}", lambda t, x, y, f=f: f(x, y), A(sa), rhs))
    other = NZ if op == "div" else {}  # the operand that may be a denominator
    CASES += [
        case(f"{op}/py_float_right", lambda t, x, f=f: f(x, 2.5), A((3, 4))),
        case(f"{op}/py_float_left", lambda t, x, f=f: f(2.5, x), A((3, 4), **other)),
        case(f"{op}/py_int_right", lambda t, x, f=f: f(x, 3), A((3, 4))),
        case(f"{op}/py_int_left", lambda t, x, f=f: f(2, x), A((3, 4), **other)),
        case(f"{op}/noncontig", lambda t, x, y, f=f: f(x, y), A((4, 3), permute=True),
             A((4, 3), permute=True, **other)),
    ]
CASES += [
    case("add/fn_alpha", lambda t, x, y: t.add(x, y, alpha=2.5), (3, 4), (4,)),
    case("sub/fn_alpha", lambda t, x, y: t.sub(x, y, alpha=-1.5), (3, 4), (3, 4)),
    case("add/method", lambda t, x, y: x.add(y), (2, 3), (2, 3)),
    case("sub/rsub_fn", lambda t, x: t.rsub(x, 2), (3,)),
    case("mul/fn", lambda t, x, y: t.mul(x, y), (3, 4), (1, 4)),
    case("mul/self", lambda t, x: x * x, (3, 4)),
    case("div/fn", lambda t, x, y: t.div(x, y), (3, 4), A((3, 4), **NZ)),
    case("div/true_divide", lambda t, x, y: t.true_divide(x, y), (3, 4), A((4,), **NZ)),
    case("neg/op", lambda t, x: -x, (3, 4)),
    case("neg/fn", lambda t, x: t.neg(x), (2, 3)),
    case("neg/negative", lambda t, x: t.negative(x), ()),
]

# -- powers --------------------------------------------------------------------------------------------
CASES += [
    case("pow/square", lambda t, x: x ** 2, (3, 4)),
    case("pow/cube", lambda t, x: x ** 3, (3, 4)),
    case("pow/zero", lambda t, x: x ** 0, (3,)),
    case("pow/sqrt", lambda t, x: x ** 0.5, A((3, 4), **POS)),
    case("pow/neg_real", lambda t, x: x ** -1.5, A((3, 4), **POS)),
    case("pow/fn_scalar", lambda t, x: t.pow(x, 3), (4,)),
    case("pow/tensor", lambda t, x, y: x ** y, A((3, 4), **POS), (3, 4)),
    case("pow/tensor_bcast", lambda t, x, y: t.pow(x, y), A((3, 1), **POS), (4,)),
    case("pow/tensor_0d_exp", lambda t, x, y: x ** y, A((3, 4), **POS), ()),
    case("pow/rpow_int", lambda t, x: 2 ** x, (3, 4)),
    case("pow/rpow_float", lambda t, x: 1.5 ** x, (3, 4)),
    case("pow/method", lambda t, x: x.pow(2), (5,)),
]

# -- integer and mixed-dtype promotion ------------------------------------------------------------------
CASES += [
    case("promote/int_plus_float", lambda t, x: x + 2.5, A((3, 4), **INT)),
    case("promote/float_times_int", lambda t, x: 1.5 * x, A((3, 4), **INT)),
    case("promote/int_plus_int", lambda t, x, y: x + y, A((3, 4), **INT), A((4,), **INT)),
    case("promote/int_times_pyint", lambda t, x: x * 3, A((3, 4), **INT)),
    case("promote/int_div_int", lambda t, x: x / 2, A((3, 4), **INT)),
    case("promote/int_tensor_plus_float", lambda t, x, y: x + y, A((3, 4), **INT), (3, 4)),
    case("promote/float_times_int_tensor", lambda t, x, y: x * y, (3, 4), A((4,), **INT)),
    case("promote/float_div_int_tensor", lambda t, x, y: x / y,
         (3, 4), A((3, 4), kind="int64", low=1, high=5, grad=False)),
    case("promote/f32_plus_f64_0d", lambda t, x, y: x + y, A((3, 4), kind="float32"), A((), kind="float64"),
         atol={"float64": 1e-6, "float32": 1e-5}),  # the 0-d grad sums float32 values
    case("promote/f32_plus_f64", lambda t, x, y: x * y, A((3, 4), kind="float32"), A((3, 4), kind="float64"),
         atol={"float64": 1e-6, "float32": 1e-5}),
    case("promote/bool_plus_int", lambda t, x, y: x + y, A((3,), **BOOL), A((3,), **INT)),
    case("promote/bool_times_float", lambda t, x, y: x * y, A((3, 4), **BOOL), (3, 4)),
    case("promote/int_exp", lambda t, x: t.exp(x), A((3, 4), kind="int64", low=-3, high=3, grad=False)),
    case("promote/int_sqrt", lambda t, x: x.sqrt(), A((3, 4), kind="int64", low=0, high=9, grad=False)),
    case("promote/rpow_int", lambda t, x: 2 ** x, A((3, 4), kind="int64", low=0, high=6, grad=False)),
    case("promote/int_pow_float", lambda t, x: x ** 0.5, A((3, 4), kind="int64", low=0, high=9, grad=False)),
]

# -- unary math --------------------------------------------------------------------------------------
_UNARY = [
    ("abs", lambda t, x: t.abs(x), NZ),
    ("abs_op", lambda t, x: abs(x), NZ),
    ("sign", lambda t, x: x.sign(), NZ),
    ("exp", lambda t, x: t.exp(x), {}),
    ("expm1", lambda t, x: x.expm1(), {}),
    ("log", lambda t, x: t.log(x), POS),
    ("log1p", lambda t, x: x.log1p(), dict(low=-0.5, high=2.0)),
    ("log2", lambda t, x: t.log2(x), POS),
    ("log10", lambda t, x: x.log10(), POS),
    ("sqrt", lambda t, x: t.sqrt(x), POS),
    ("rsqrt", lambda t, x: x.rsqrt(), POS),
    ("reciprocal", lambda t, x: t.reciprocal(x), NZ),
    ("square", lambda t, x: t.square(x), {}),
    ("sin", lambda t, x: t.sin(x), dict(low=-4.0, high=4.0)),
    ("cos", lambda t, x: x.cos(), dict(low=-4.0, high=4.0)),
    ("tan", lambda t, x: t.tan(x), dict(low=-1.2, high=1.2)),
    ("tanh", lambda t, x: t.tanh(x), dict(low=-3.0, high=3.0)),
    ("sigmoid", lambda t, x: t.sigmoid(x), dict(low=-4.0, high=4.0)),
    ("sigmoid_large", lambda t, x: x.sigmoid(), dict(low=-60.0, high=60.0)),
    ("relu", lambda t, x: t.relu(x), NZ),
    ("relu_method", lambda t, x: x.relu(), NZ),
    ("floor", lambda t, x: t.floor(x), dict(make=away_from_integers)),
    ("ceil", lambda t, x: x.ceil(), dict(make=away_from_integers)),
    ("round", lambda t, x: t.round(x), dict(make=away_from_integers)),
    ("trunc", lambda t, x: x.trunc(), dict(make=away_from_integers)),
]
for name, f, dom in _UNARY:
    CASES.append(case(f"{name}/2d", f, A((3, 4), **dom)))
CASES += [
    case("exp/0d", lambda t, x: x.exp(), ()),
    case("log/3d_noncontig", lambda t, x: x.log(), A((2, 3, 4), permute=True, **POS)),
    case("tanh/noncontig", lambda t, x: x.tanh(), A((4, 5), permute=True)),
    case("sigmoid/1d_noncontig", lambda t, x: t.sigmoid(x), A((6,), permute=True)),
    case("sqrt/one_elem", lambda t, x: x.sqrt(), A((1,), **POS)),
    case("round/decimals", lambda t, x: t.round(x, decimals=1), A((3, 4), make=lambda r, s: away_from_integers(r, s) / 10)),
    case("floor/int", lambda t, x: x.floor(), A((3, 4), **INT)),
    case("abs/int", lambda t, x: x.abs(), A((3, 4), **INT)),
    case("neg/int", lambda t, x: -x, A((3, 4), **INT)),
    case("sign/int", lambda t, x: x.sign(), A((3, 4), **INT)),
]

# -- clamp, maximum/minimum, where, masked_fill, lerp, addcmul/addcdiv ---------------------------------
CASES += [
    case("clamp/both", lambda t, x: t.clamp(x, -0.75, 0.75), A((3, 4), **RANDOM)),
    case("clamp/min_only", lambda t, x: x.clamp(min=0.25), A((3, 4), **RANDOM)),
    case("clamp/max_only", lambda t, x: t.clamp(x, max=-0.25), A((3, 4), **RANDOM)),
    case("clamp/int_bounds", lambda t, x: x.clamp(-1, 1), A((3, 4), make=away_from_integers)),
    case("clamp/clip", lambda t, x: t.clip(x, -0.5, 1.0), A((5,), make=away_from_integers)),
    case("clamp/tensor_bounds", lambda t, x, lo, hi: t.clamp(x, lo, hi),
         A((3, 4), make=interleaved(1)), A((3, 4), make=lambda r, s: interleaved(0)(r, s) - 0.5),
         A((3, 4), make=lambda r, s: interleaved(2)(r, s) + 0.5)),
    case("clamp/tensor_min_bcast", lambda t, x, lo: t.clamp(x, min=lo),
         A((3, 4), make=interleaved(0, 2)), A((4,), make=interleaved(1, 2))),
    case("clamp/tensor_max", lambda t, x, hi: x.clamp(max=hi),
         A((3, 4), make=interleaved(0, 2)), A((3, 4), make=interleaved(1, 2))),
    case("clamp/int_tensor", lambda t, x: x.clamp(-2, 3), A((3, 4), **INT)),
    case("maximum/same", lambda t, x, y: t.maximum(x, y),
         A((3, 4), make=interleaved(0, 2)), A((3, 4), make=interleaved(1, 2))),
    case("maximum/bcast", lambda t, x, y: x.maximum(y),
         A((3, 1), make=interleaved(0, 2)), A((4,), make=interleaved(1, 2))),
    case("minimum/same", lambda t, x, y: t.minimum(x, y),
         A((3, 4), make=interleaved(0, 2)), A((3, 4), make=interleaved(1, 2))),
    case("minimum/bcast_noncontig", lambda t, x, y: x.minimum(y),
         A((4, 3), permute=True, make=interleaved(0, 2)), A((3,), make=interleaved(1, 2))),
    case("where/same", lambda t, c, x, y: t.where(c, x, y), A((3, 4), **BOOL), (3, 4), (3, 4)),
    case("where/bcast", lambda t, c, x, y: t.where(c, x, y), A((3, 1), **BOOL), (4,), (3, 4)),
    case("where/scalar_other", lambda t, c, x: t.where(c, x, 0.0), A((3, 4), **BOOL), (3, 4)),
    case("where/method", lambda t, c, x, y: x.where(c, y), A((3, 4), **BOOL), (3, 4), (1, 4)),
    case("where/from_compare", lambda t, x: t.where(x > 0, x, x * 0.1), A((3, 4), **NZ)),
    case("masked_fill/same", lambda t, x, m: x.masked_fill(m, 0.5), (3, 4), A((3, 4), **BOOL)),
    case("masked_fill/bcast_mask", lambda t, x, m: t.masked_fill(x, m, -1.0), (3, 4), A((4,), **BOOL)),
    case("masked_fill/0d_value", lambda t, x, m: x.masked_fill(m, t.tensor(2.0)), (2, 3), A((2, 3), **BOOL)),
    case("lerp/scalar_weight", lambda t, x, y: t.lerp(x, y, 0.3), (3, 4), (3, 4)),
    case("lerp/tensor_weight", lambda t, x, y, w: x.lerp(y, w), (3, 4), (3, 4), A((3, 4), low=0, high=1)),
    case("addcmul/value", lambda t, x, a, b: t.addcmul(x, a, b, value=0.5), (3, 4), (3, 4), (4,)),
    case("addcmul/default", lambda t, x, a, b: t.addcmul(x, a, b), (3, 4), (3, 1), (3, 4)),
    case("addcdiv/value", lambda t, x, a, b: t.addcdiv(x, a, b, value=-2.0), (3, 4), (3, 4), A((3, 4), **NZ)),
    case("addcdiv/default", lambda t, x, a, b: t.addcdiv(x, a, b), (3, 4), (4,), A((3, 4), **NZ)),
]

# -- remainder, fmod, floor_divide -----------------------------------------------------------------
_MOD = dict(make=lambda r, s: away_from_zero(r, s, 0.5, 2.0))
# remainder and fmod jump where x / y is an integer: random values (``make``) avoid that, where
# plain ranges would let the gradchecks' hypothesis draw "nice" values such as 3.0 % 1.5
_WIDE = dict(make=lambda rng, shape: rng.uniform(-4.0, 4.0, size=shape))
CASES += [
    case("remainder/scalar", lambda t, x: t.remainder(x, 1.5), A((3, 4), **_WIDE)),
    case("remainder/op", lambda t, x: x % 0.7, A((3, 4), **_WIDE)),
    case("remainder/tensor", lambda t, x, y: x.remainder(y), A((3, 4), **_WIDE), A((3, 4), **_MOD)),
    case("remainder/int", lambda t, x: x % 3, A((3, 4), **INT)),
    case("fmod/scalar", lambda t, x: t.fmod(x, 1.5), A((3, 4), **_WIDE)),
    case("fmod/tensor", lambda t, x, y: t.fmod(x, y), A((3, 4), **_WIDE), A((4,), **_MOD)),
    case("floor_divide/float", lambda t, x: x // 0.7, A((3, 4), low=-3, high=3), backward=False),
    case("floor_divide/int", lambda t, x, y: t.floor_divide(x, y), A((3, 4), **INT),
         A((3, 4), kind="int64", low=1, high=4, grad=False)),
    case("div/rounding_floor", lambda t, x, y: t.div(x, y, rounding_mode="floor"), (3, 4), A((3, 4), **NZ),
         backward=False),
    case("div/rounding_trunc", lambda t, x, y: x.div(y, rounding_mode="trunc"), (3, 4), A((3, 4), **NZ),
         backward=False),
]

# -- comparisons and logic (bool results, no gradient) ------------------------------------------------
_SMALL_INT = dict(kind="int64", low=0, high=3, grad=False)  # small range: plenty of equal pairs
_CMP = {
    "eq": lambda t, x, y: t.eq(x, y), "ne": lambda t, x, y: x.ne(y), "lt": lambda t, x, y: x < y,
    "le": lambda t, x, y: x <= y, "gt": lambda t, x, y: t.gt(x, y), "ge": lambda t, x, y: x >= y,
}
for name, f in _CMP.items():
    CASES.append(case(f"compare/{name}_int", f, A((3, 4), **_SMALL_INT), A((4,), **_SMALL_INT), backward=False))
    CASES.append(case(f"compare/{name}_float", f, (3, 4), (3, 1), backward=False))
CASES += [
    case("compare/eq_op_scalar", lambda t, x: x == 1, A((3, 4), **_SMALL_INT), backward=False),
    case("compare/gt_scalar", lambda t, x: x > 0.5, (3, 4), backward=False),
    case("compare/lt_0d", lambda t, x, y: x < y, (3, 4), (), backward=False),
    case("compare/greater_equal", lambda t, x, y: t.greater_equal(x, y), (3, 4), (3, 4), backward=False),
    case("logic/and", lambda t, a, b: t.logical_and(a, b), A((3, 4), **BOOL), A((3, 4), **BOOL), backward=False),
    case("logic/or_bcast", lambda t, a, b: t.logical_or(a, b), A((3, 4), **BOOL), A((4,), **BOOL), backward=False),
    case("logic/xor", lambda t, a, b: a.logical_xor(b), A((3, 4), **BOOL), A((3, 4), **BOOL), backward=False),
    case("logic/not", lambda t, a: t.logical_not(a), A((3, 4), **BOOL), backward=False),
    case("logic/and_float", lambda t, x, y: t.logical_and(x, y), (3, 4), A((3, 4), low=-0.5, high=0.5),
         backward=False),
    case("logic/bitwise_ops_bool", lambda t, a, b: (a & b, a | b, a ^ b, ~a), A((3, 4), **BOOL),
         A((3, 4), **BOOL), backward=False),
    case("logic/bitwise_ops_int", lambda t, a, b: (a & b, a | b, a ^ b, ~a), A((3, 4), **INT),
         A((3, 4), **INT), backward=False),
]

# -- casts, clone ---------------------------------------------------------------------------------------
CASES += [
    case("cast/to_float64", lambda t, x: x.to(t.float64), (3, 4)),
    case("cast/double", lambda t, x: x.double() * 2, (3, 4)),
    case("cast/float", lambda t, x: x.float(), A((3, 4), kind="float64")),
    case("cast/to_dtype_kw", lambda t, x: x.to(dtype=t.float32), A((3, 4), kind="float64")),
    case("cast/to_other", lambda t, x, y: x.to(y) + y, A((3, 4), kind="float32"), A((3, 4), kind="float64")),
    case("cast/int_to_float", lambda t, x: x.float(), A((3, 4), **INT)),
    case("cast/float_to_long", lambda t, x: x.long(), A((3, 4), low=-3, high=3), backward=False),
    case("cast/bool_to_float", lambda t, x: x.float(), A((3, 4), **BOOL)),
    case("cast/float_to_bool", lambda t, x: x.bool(), A((3, 4), **NZ), backward=False),
    case("clone/fn", lambda t, x: t.clone(x), (3, 4)),
    case("clone/noncontig", lambda t, x: x.clone(), A((3, 4), permute=True)),
]

def _iadd_chain(x, y):
    """``+=`` and ``*=`` on an intermediate, then more math: the in-place results feed the graph."""
    h = x * 2
    h += y
    h *= y
    return h.tanh()


def _used_after(x):
    """An intermediate changed in place and then used again: backward must see its new values."""
    h = x + 1
    h.mul_(3)
    return h * x


# -- in-place ops on non-leaf tensors: the result takes the op's grad_fn and grad flows through ----------
CASES += [
    case("inplace/add_scalar", lambda t, x: (x * 1).add_(2), (3, 4)),
    case("inplace/add_tensor", lambda t, x, y: (x * 1).add_(y), (3, 4), (4,)),
    case("inplace/sub_alpha", lambda t, x, y: (x * 1).sub_(y, alpha=2), (3, 4), (3, 4)),
    case("inplace/mul", lambda t, x, y: (x * 1).mul_(y), (3, 4), (3, 4)),
    case("inplace/div", lambda t, x, y: (x * 1).div_(y), (3, 4), A((3, 1), **NZ)),
    case("inplace/pow", lambda t, x: (x * 1).pow_(2), (3, 4)),
    case("inplace/neg", lambda t, x: (x + 0).neg_(), (3, 4)),
    case("inplace/abs", lambda t, x: (x * 1).abs_(), A((3, 4), **NZ)),
    case("inplace/exp", lambda t, x: (x * 1).exp_(), (3, 4)),
    case("inplace/log", lambda t, x: (x * 1).log_(), A((3, 4), **POS)),
    case("inplace/sqrt", lambda t, x: (x * 1).sqrt_(), A((3, 4), **POS)),
    case("inplace/sigmoid", lambda t, x: (x * 1).sigmoid_(), (3, 4)),
    case("inplace/tanh", lambda t, x: (x * 1).tanh_(), (3, 4)),
    case("inplace/relu", lambda t, x: (x * 1).relu_(), A((3, 4), **NZ)),
    case("inplace/clamp", lambda t, x: (x * 1).clamp_(-0.5, 0.5), A((3, 4), **RANDOM)),
    case("inplace/clamp_min", lambda t, x: (x * 2).clamp_(min=0.3), A((3, 4), **RANDOM)),
    case("inplace/masked_fill", lambda t, x, m: (x * 1).masked_fill_(m, 0.0), (3, 4), A((3, 4), **BOOL)),
    case("inplace/addcmul", lambda t, x, a, b: (x * 1).addcmul_(a, b, value=0.5), (3, 4), (3, 4), (3, 4)),
    case("inplace/addcdiv", lambda t, x, a, b: (x * 1).addcdiv_(a, b), (3, 4), (3, 4), A((3, 4), **NZ)),
    case("inplace/lerp", lambda t, x, y: (x * 1).lerp_(y, 0.25), (3, 4), (3, 4)),
    case("inplace/iadd_chain", lambda t, x, y: _iadd_chain(x, y), (3, 4), (3, 4)),
    case("inplace/copy", lambda t, x, y: (x * 1).copy_(y), (3, 4), (4,)),
    case("inplace/used_after", lambda t, x: _used_after(x), (3, 4)),
    case("inplace/zero", lambda t, x: (x * 1).zero_(), (3, 4)),
    case("inplace/fill", lambda t, x: (x * 1).fill_(2.0), (3, 4)),
    case("inplace/int_add", lambda t, x: x.clone().add_(3), A((3, 4), **INT)),
]



# -- more math: hyperbolic and inverse trigonometric, angles, special functions, logit, nan_to_num ------
def _with_nonfinite(rng, shape):
    """Values in [-2, 2] with NaN, +inf and -inf sprinkled in (nan_to_num replaces them)."""
    arr = rng.uniform(-2.0, 2.0, size=shape)
    arr.flat[::3] = rng.choice([np.nan, np.inf, -np.inf], size=arr.flat[::3].shape)
    return arr


# finite differences cannot step from NaN or inf: with such inputs only the comparison with torch applies
_NONFINITE = dict(finite_differences=False)

_MATH = [  # (name, domain): inside the domain the op and its gradient are smooth
    ("sinh", dict(low=-3.0, high=3.0)), ("cosh", dict(low=-3.0, high=3.0)),
    ("asin", dict(low=-0.9, high=0.9)), ("acos", dict(low=-0.9, high=0.9)), ("atan", dict(low=-4.0, high=4.0)),
    ("asinh", dict(low=-4.0, high=4.0)), ("acosh", dict(low=1.2, high=4.0)), ("atanh", dict(low=-0.9, high=0.9)),
    ("arcsin", dict(low=-0.9, high=0.9)), ("arccos", dict(low=-0.9, high=0.9)), ("arctan", {}),
    ("arcsinh", {}), ("arccosh", dict(low=1.2, high=4.0)), ("arctanh", dict(low=-0.9, high=0.9)),
    ("deg2rad", dict(low=-360.0, high=360.0)), ("rad2deg", {}), ("frac", dict(make=away_from_integers)),
    ("erf", {}), ("erfc", {}), ("erfinv", dict(low=-0.95, high=0.95)),
    ("lgamma", dict(low=0.2, high=6.0)), ("digamma", dict(low=0.2, high=6.0)),
    ("logit", dict(low=0.05, high=0.95)), ("nan_to_num", {}),
]
for name, dom in _MATH:
    CASES.append(case(f"{name}/2d", lambda t, x, name=name: getattr(t, name)(x), A((3, 4), **dom)))
# negative arguments of lgamma and digamma: between the poles, away from them
_BETWEEN_POLES = dict(make=lambda rng, shape: -rng.integers(0, 4, size=shape) - rng.uniform(0.2, 0.8, size=shape))
CASES += [
    case("sinh/0d", lambda t, x: t.sinh(x), ()),
    case("atanh/noncontig", lambda t, x: t.atanh(x), A((4, 3), permute=True, low=-0.9, high=0.9)),
    case("erf/one_elem", lambda t, x: t.erf(x), A((1,))),
    case("erfinv/noncontig", lambda t, x: t.erfinv(x), A((2, 3, 4), permute=True, low=-0.9, high=0.9)),
    case("lgamma/negative", lambda t, x: t.lgamma(x), A((3, 4), **_BETWEEN_POLES)),
    case("digamma/negative", lambda t, x: t.digamma(x), A((3, 4), **_BETWEEN_POLES),
         rtol={"float64": 1e-8, "float32": 1e-4}),
    case("lgamma/large", lambda t, x: t.lgamma(x), A((5,), low=10.0, high=1e4)),
    case("logit/eps", lambda t, x: t.logit(x, eps=0.1),
         A((3, 4), make=lambda rng, shape: rng.uniform(0.0, 1.0, size=shape))),
    case("logit/eps_kw0d", lambda t, x: t.logit(x, 0.25), A((), low=0.3, high=0.7)),
    case("nan_to_num/nonfinite", lambda t, x: t.nan_to_num(x), A((3, 4), make=_with_nonfinite),
         **_NONFINITE),
    case("nan_to_num/values", lambda t, x: t.nan_to_num(x, nan=0.5, posinf=3.0, neginf=-3.0),
         A((3, 4), make=_with_nonfinite), **_NONFINITE),
    case("promote/int_sinh", lambda t, x: t.sinh(x), A((3, 4), kind="int64", low=-3, high=3, grad=False)),
    case("promote/int_erf", lambda t, x: t.erf(x), A((3, 4), **INT)),
    case("promote/bool_lgamma", lambda t, x: t.lgamma(x), A((3, 4), **BOOL)),
    case("promote/int_nan_to_num", lambda t, x: t.nan_to_num(x), A((3, 4), **INT)),
]

# -- more binary math: atan2, hypot, xlogy, fmax, fmin ----------------------------------------------------
CASES += [
    case("atan2/same", lambda t, y, x: t.atan2(y, x), (3, 4), A((3, 4), **NZ)),
    case("atan2/bcast", lambda t, y, x: t.atan2(y, x), A((3, 1), **NZ), (4,)),
    case("atan2/arctan2_0d", lambda t, y, x: t.arctan2(y, x), (3, 4), A((), **NZ)),
    case("atan2/noncontig", lambda t, y, x: t.atan2(y, x), A((4, 3), permute=True, **NZ),
         A((4, 3), permute=True)),
    case("atan2/int", lambda t, y, x: t.atan2(y, x), A((3, 4), **INT), A((3, 4), **INT)),
    case("hypot/same", lambda t, a, b: t.hypot(a, b), A((3, 4), **NZ), (3, 4)),
    case("hypot/bcast", lambda t, a, b: t.hypot(a, b), A((2, 3, 4), **NZ), A((3, 1), **NZ)),
    case("hypot/mixed_f32_f64", lambda t, a, b: t.hypot(a, b), A((3, 4), kind="float32", **NZ),
         A((4,), kind="float64", **NZ), atol={"float64": 1e-6, "float32": 1e-5}),
    case("xlogy/same", lambda t, x, y: t.xlogy(x, y), (3, 4), A((3, 4), **POS)),
    case("xlogy/bcast", lambda t, x, y: t.xlogy(x, y), (3, 1), A((4,), **POS)),
    case("xlogy/number_other", lambda t, x: t.xlogy(x, 2.5), (3, 4)),
    case("xlogy/number_input", lambda t, y: t.xlogy(1.5, y), A((3, 4), **POS)),
    case("xlogy/int", lambda t, x, y: t.xlogy(x, y), A((3, 4), **INT),
         A((3, 4), kind="int64", low=1, high=5, grad=False)),
    case("xlogy/zeros", lambda t, x, y: t.xlogy(x * 0, y), (3, 4), A((3, 4), **POS)),
    case("fmax/same", lambda t, x, y: t.fmax(x, y),
         A((3, 4), make=interleaved(0, 2)), A((3, 4), make=interleaved(1, 2))),
    case("fmax/bcast", lambda t, x, y: t.fmax(x, y),
         A((3, 1), make=interleaved(0, 2)), A((4,), make=interleaved(1, 2))),
    case("fmin/same", lambda t, x, y: t.fmin(x, y),
         A((3, 4), make=interleaved(0, 2)), A((3, 4), make=interleaved(1, 2))),
    case("fmin/bcast_noncontig", lambda t, x, y: t.fmin(x, y),
         A((4, 3), permute=True, make=interleaved(0, 2)), A((3,), make=interleaved(1, 2))),
    case("fmax/nan", lambda t, x, y: t.fmax(x, y), A((3, 4), make=_with_nonfinite), (3, 4),
         **_NONFINITE),
    case("fmin/nan", lambda t, x, y: t.fmin(x, y), (3, 4), A((3, 4), make=_with_nonfinite),
         **_NONFINITE),
    case("fmax/int", lambda t, x, y: t.fmax(x, y), A((3, 4), **INT), A((4,), **INT)),
]

# -- one-sided clamps, exp2, logaddexp(2), copysign, sgn, signbit ---------------------------------------------
CASES += [
    case("clamp_min/number", lambda t, x: t.clamp_min(x, 0.25), (3, 4)),
    case("clamp_max/tensor", lambda t, x, y: t.clamp_max(x, y), (3, 4), (4,)),
    case("exp2/2d", lambda t, x: t.exp2(x), (3, 4)),
    case("logaddexp/broadcast", lambda t, x, y: t.logaddexp(x, y), (3, 4), (4,)),
    case("logaddexp2/2d", lambda t, x, y: t.logaddexp2(x, y), (3, 4), (3, 4)),
    case("copysign/2d", lambda t, x, y: t.copysign(x, y), A((3, 4), make=away_from_zero), (3, 4)),
    case("sgn/2d", lambda t, x: t.sgn(x), A((3, 4), make=away_from_zero), backward=False),  # (torch: a ZeroTensor)
    case("signbit/2d", lambda t, x: t.signbit(x), A((3, 4), grad=False)),
]
