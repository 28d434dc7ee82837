"""minitorch: a from-scratch, PyTorch-compatible autograd engine on NumPy and Numba.

``import minitorch as torch`` gives the torch-shaped namespace: tensors and their creation
functions, dtypes, the math ops, autograd, and (as they land) nn, optim and utils.data.
"""
import warnings as _warnings

from . import _dtype
from ._dtype import (bool, double, dtype, finfo, float, float16, float32, float64, get_default_dtype, half, iinfo, int,
                     int8, int16, int32, int64, long, promote_types, result_type as _result_type,
                     set_default_dtype, short, uint8)
from ._size import Size
from ._device import device
from ._tensor import Tensor
from . import autograd, cuda
from .autograd import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from ._creation import (BoolTensor, ByteTensor, DoubleTensor, FloatTensor, HalfTensor, IntTensor, LongTensor,
                        arange, as_tensor, bernoulli, empty, empty_like, eye, from_numpy, full, full_like,
                        linspace, logspace, multinomial, normal, ones, ones_like, rand, rand_like, randint,
                        randint_like, randn, randn_like, randperm, tensor, zeros, zeros_like)
from ._random import Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from .ops.elementwise import (abs, acos, acosh, add, addcdiv, addcmul, arccos, arccosh, arcsin, arcsinh, arctan,
                              arctan2, arctanh, asin, asinh, atan, atan2, atanh, bitwise_and, bitwise_not,
                              bitwise_or, bitwise_xor, ceil, clamp, clamp_max, clamp_min, clip, clone, copysign,
                              cos, cosh, deg2rad, digamma, div, eq, erf, erfc, erfinv, exp, exp2, expm1, floor,
                              floor_divide, fmax, fmin, fmod, frac, ge, greater, greater_equal, gt, hypot, le,
                              lerp, less, less_equal, lgamma, log, log10, log1p, log2, logaddexp, logaddexp2,
                              logical_and, logical_not, logical_or, logical_xor, logit, lt, masked_fill, maximum,
                              minimum, mul, nan_to_num, ne, neg, negative, not_equal, pow, rad2deg, reciprocal,
                              relu, remainder, round, rsqrt, rsub, sgn, sigmoid, sign, signbit, sin, sinh, sqrt,
                              square, sub, tan, tanh, trunc, where, xlogy)
from .ops.elementwise import div as divide, div as true_divide, mul as multiply, sub as subtract
from .ops.linalg import *  # noqa: F401,F403
from .ops.reduction import *  # noqa: F401,F403
from .ops.shape import *  # noqa: F401,F403
from .ops.indexing import *  # noqa: F401,F403


from . import backends, linalg, nn, optim, special, testing, utils, vision  # noqa: E402
from ._runtime import *  # noqa: F401,F403,E402
from .serialization import load, save  # noqa: E402
# the functional ops torch also has at its top level, with the same signatures
from .nn.functional import (adaptive_avg_pool1d, avg_pool1d, bilinear, celu, conv1d, conv2d,  # noqa: E402
                            conv_transpose1d, conv_transpose2d, cosine_similarity, hardshrink, max_pool1d,
                            max_pool2d, pairwise_distance, pixel_shuffle, pixel_unshuffle, prelu, rrelu, selu,
                            threshold)

# NumPy reports IEEE floating-point events (log(0), 0/0, inf - inf, overflow) as RuntimeWarnings;
# torch returns the same infinities and NaNs without a word. Silence them where minitorch's own code
# runs the arithmetic (the filter matches the module a warning comes from), not in the user's NumPy.
_warnings.filterwarnings("ignore", message=r"(divide by zero|invalid value|overflow|underflow) encountered",
                         category=RuntimeWarning, module=r"minitorch\.")


def result_type(tensor1, tensor2):
    return _result_type(tensor1, tensor2)


def detach(input):
    return input.detach()


def dropout(input, p, train):
    """``torch.dropout``: ``F.dropout`` with torch's top-level argument names."""
    return nn.functional.dropout(input, p, train)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input.is_floating_point()


def numel(input):
    return input.numel()


def equal(input, other):
    return input.equal(other)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return input.allclose(other, rtol, atol, equal_nan)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return input.isclose(other, rtol, atol, equal_nan)


def isnan(input):
    return input.isnan()


def isinf(input):
    return input.isinf()


def isfinite(input):
    return input.isfinite()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    from . import _tensor_str
    _tensor_str.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)


__version__ = "0.1.0"
