"""The elementwise math functions beyond the basics: hyperbolic and inverse trigonometric functions,
angles, erf/erfc/erfinv, lgamma/digamma, logit, frac, nan_to_num and the binary atan2, hypot,
xlogy, fmax, fmin. Everything is compared with real torch: values, gradients under a random
upstream gradient, dtypes, grad_fn names, errors, and the NaN/inf values at the edges of each
domain (poles, +-1 for erfinv, 0 log 0 for xlogy, NaN operands of fmax/fmin).

The special functions (minitorch/_kernels/special.py) are also checked for float64 accuracy
against scipy (a test-only dependency), and with numba's JIT off.
"""
import os
import subprocess
import sys

import numpy as np
import pytest
import scipy.special
import torch

import minitorch
from minitorch.ops import elementwise as E

INF, NAN = np.inf, np.nan

# name -> (a domain where the op and its gradient are smooth, values at and beyond its edges)
UNARY = {
    "sinh": ((-3, 3), [0.0, -0.0, 800.0, -800.0, INF, -INF, NAN]),
    "cosh": ((-3, 3), [0.0, 800.0, -800.0, INF, -INF, NAN]),
    "asin": ((-0.95, 0.95), [1.0, -1.0, 1.5, -2.0, INF, NAN, -0.0]),
    "acos": ((-0.95, 0.95), [1.0, -1.0, 1.5, -2.0, INF, NAN]),
    "atan": ((-5, 5), [INF, -INF, NAN, 1e200, -0.0]),
    "asinh": ((-5, 5), [INF, -INF, NAN, 1e200, -0.0]),
    "acosh": ((1.05, 5), [1.0, 0.5, -1.0, INF, NAN]),
    "atanh": ((-0.95, 0.95), [1.0, -1.0, 1.5, INF, NAN]),
    "deg2rad": ((-400, 400), [INF, -INF, NAN]),
    "rad2deg": ((-7, 7), [INF, -INF, NAN]),
    "frac": ((-5, 5), [INF, -INF, NAN, -0.0, 3.0, -2.0]),
    "erf": ((-3, 3), [INF, -INF, NAN, 30.0, -0.0]),
    "erfc": ((-3, 3), [INF, -INF, NAN, 30.0, -30.0]),
    "erfinv": ((-0.99, 0.99), [1.0, -1.0, 1.5, -0.0, NAN, 1e-300, 1 - 1e-15]),
    "lgamma": ((0.1, 8), [0.0, -0.0, -1.0, -2.0, -2.5, INF, -INF, NAN, 1e-300, 1e300]),
    "digamma": ((0.1, 8), [0.0, -0.0, -3.0, -2.5, -0.5, INF, -INF, NAN, 1e-300, 1e300]),
    "logit": ((0.02, 0.98), [0.0, 1.0, -0.5, 1.5, NAN]),
    "nan_to_num": ((-5, 5), [NAN, INF, -INF, 1e300]),
}
ALIASES = {"arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsinh": "asinh", "arccosh": "acosh",
           "arctanh": "atanh", "arctan2": "atan2"}
BACKWARD_NAMES = {"sinh": "SinhBackward0", "cosh": "CoshBackward0", "asin": "AsinBackward0",
                  "acos": "AcosBackward0", "atan": "AtanBackward0", "asinh": "AsinhBackward0",
                  "acosh": "AcoshBackward0", "atanh": "AtanhBackward0", "deg2rad": "Deg2RadBackward0",
                  "rad2deg": "Rad2DegBackward0", "frac": "FracBackward0", "erf": "ErfBackward0",
                  "erfc": "ErfcBackward0", "erfinv": "ErfinvBackward0", "lgamma": "LgammaBackward0",
                  "digamma": "DigammaBackward0", "logit": "LogitBackward0", "nan_to_num": "NanToNumBackward0"}


def run_both(name, values, dtype="float64", upstream=None, **kwargs):
    """(minitorch output, input grad), (torch output, input grad) as arrays, with the given upstream
    gradient (random by default: a uniform upstream hides errors)."""
    values = np.asarray(values, dtype=dtype)
    if upstream is None:
        upstream = np.random.default_rng(1).uniform(0.5, 1.5, size=values.shape).astype(dtype)
    results = []
    for lib, fn in ((minitorch, getattr(E, name)), (torch, getattr(torch, name))):
        x = lib.tensor(values.copy(), requires_grad=True)
        out = fn(x, **kwargs)
        out.backward(lib.tensor(upstream))
        results.append((out.detach().numpy(), x.grad.numpy(), type(out.grad_fn).__name__, out.dtype))
    return results


def assert_close(ours, theirs, rtol, atol=0.0):
    """Equal within tolerance, with NaN matching NaN and infinities matching exactly (sign included)."""
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    np.testing.assert_array_equal(np.isposinf(ours), np.isposinf(theirs))
    np.testing.assert_array_equal(np.isneginf(ours), np.isneginf(theirs))
    finite = np.isfinite(theirs)
    np.testing.assert_allclose(ours[finite], theirs[finite], rtol=rtol, atol=atol)


# -- unary ops: values and gradients inside the domain, grad_fn names, dtypes -----------------------
@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("dtype, rtol, atol", [("float64", 1e-12, 1e-300), ("float32", 2e-6, 1e-6)])
def test_unary_matches_torch(name, dtype, rtol, atol):
    (low, high), _ = UNARY[name]
    values = np.random.default_rng(0).uniform(low, high, size=(4, 5))
    (y, g, fn_name, dt), (ty, tg, tfn_name, tdt) = run_both(name, values, dtype)
    assert fn_name == tfn_name == BACKWARD_NAMES[name]
    assert str(dt).split(".")[-1] == str(tdt).split(".")[-1] == dtype
    # torch's own trigamma (digamma's backward) is good to ~1e-10 only
    assert_close(y, ty, rtol, atol)
    assert_close(g, tg, 1e-9 if name == "digamma" and dtype == "float64" else rtol, atol)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_edge_values_match_torch(name):
    """NaN, infinities, poles and the ends of the domain: the same values and gradients as torch."""
    _, edges = UNARY[name]
    (y, g, _, _), (ty, tg, _, _) = run_both(name, edges, upstream=np.ones(len(edges)))
    # at digamma's poles torch's trigamma is pi^2 / sin^2(pi x), a rounding artefact near 1e32
    assert_close(y, ty, 1e-12)
    assert_close(g, tg, 1e-6 if name == "digamma" else 1e-12)
    np.testing.assert_array_equal(np.signbit(y[y == 0]), np.signbit(ty[ty == 0]))  # -0.0 kept


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_non_contiguous_and_0d(name):
    (low, high), _ = UNARY[name]
    values = np.random.default_rng(2).uniform(low, high, size=(3, 4))
    ours = getattr(E, name)(minitorch.tensor(values).t())
    theirs = getattr(torch, name)(torch.tensor(values).t())
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)
    assert ours.shape == theirs.shape
    zero_d = getattr(E, name)(minitorch.tensor(values[0, 0]))
    assert zero_d.shape == () and np.isclose(zero_d.item(), getattr(torch, name)(torch.tensor(values[0, 0])).item())


@pytest.mark.parametrize("name", sorted(set(UNARY) - {"frac", "nan_to_num"}))
@pytest.mark.parametrize("dtype", ["int64", "int32", "bool"])
def test_unary_integer_inputs_promote_like_torch(name, dtype):
    values = np.array([0, 1, 2, 3]).astype(dtype)
    ours, theirs = getattr(E, name)(minitorch.tensor(values)), getattr(torch, name)(torch.tensor(values))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch", "minitorch") == "minitorch.float32"
    assert_close(ours.numpy(), theirs.numpy(), 1e-6)
    assert not ours.requires_grad


def test_frac_rejects_integer_tensors_like_torch():
    for values, word in (([1, 2], "Long"), ([True], "Bool")):
        with pytest.raises(NotImplementedError, match=f"\"frac_cpu\" not implemented for '{word}'"):
            E.frac(minitorch.tensor(values))
        with pytest.raises(NotImplementedError, match=f"\"frac_cpu\" not implemented for '{word}'"):
            torch.frac(torch.tensor(values))


def test_aliases_are_the_same_functions():
    for alias, name in ALIASES.items():
        assert getattr(E, alias) is getattr(E, name)
        x = minitorch.tensor([0.25, 0.5], requires_grad=True) + 1.0 if name == "acosh" else \
            minitorch.tensor([0.25, 0.5], requires_grad=True)
        args = (x, x * 2) if name == "atan2" else (x,)
        tx = torch.tensor(x.detach().numpy(), requires_grad=True)
        targs = (tx, tx * 2) if name == "atan2" else (tx,)
        assert type(getattr(E, alias)(*args).grad_fn).__name__ == type(getattr(torch, alias)(*targs).grad_fn).__name__


# -- logit's eps and nan_to_num's replacements ----------------------------------------------------------
@pytest.mark.parametrize("eps", [None, 0.1, 0.0, -0.1, 1e-6])
def test_logit_eps_matches_torch(eps):
    values = [0.0, 1e-7, 0.05, 0.1, 0.5, 0.9, 0.95, 1.0, -0.5, 1.5]
    (y, g, _, _), (ty, tg, _, _) = run_both("logit", values, eps=eps)
    assert_close(y, ty, 1e-12)
    assert_close(g, tg, 1e-12)


def test_logit_eps_float32():
    values = np.random.default_rng(3).uniform(-0.2, 1.2, size=20)
    (y, g, _, _), (ty, tg, _, _) = run_both("logit", values, "float32", eps=0.05)
    assert_close(y, ty, 1e-5)
    assert_close(g, tg, 1e-5)


@pytest.mark.parametrize("kwargs", [{}, {"nan": 1.5}, {"posinf": 7.0}, {"neginf": -3.0},
                                    {"nan": -1.0, "posinf": 1e10, "neginf": -1e10}, {"nan": None}])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_nan_to_num_matches_torch(kwargs, dtype):
    values = [NAN, INF, -INF, 1.0, -2.0, 0.0]
    (y, g, fn_name, _), (ty, tg, tfn_name, _) = run_both("nan_to_num", values, dtype, **kwargs)
    assert_close(y, ty, 0)
    assert_close(g, tg, 0)  # zero at the replaced elements, the upstream elsewhere
    assert fn_name == tfn_name


def test_nan_to_num_integer_and_bool_give_a_copy():
    for values in ([1, -2, 3], [True, False]):
        x = minitorch.tensor(values)
        out = E.nan_to_num(x, nan=5.0)
        t = torch.nan_to_num(torch.tensor(values), nan=5.0)
        assert str(out.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
        np.testing.assert_array_equal(out.numpy(), t.numpy())
        out[0] = 0
        assert x[0].item() == values[0]  # a copy, not a view


# -- binary ops --------------------------------------------------------------------------------------------
BINARY = {  # name -> (input domain, other domain)
    "atan2": ((-3, 3), (-3, 3)),
    "hypot": ((-3, 3), (-3, 3)),
    "xlogy": ((-3, 3), (0.1, 4)),
    "fmax": ((-3, 3), (-3, 3)),
    "fmin": ((-3, 3), (-3, 3)),
}
BINARY_NAMES = {"atan2": "Atan2Backward0", "hypot": "HypotBackward0", "xlogy": "XlogyBackward0",
                "fmax": "FmaxBackward0", "fmin": "FminBackward0"}


def run_binary(name, a, b, upstream=None):
    """Outputs and both gradients, minitorch's and torch's, for tensor operands a and b."""
    out_shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    if upstream is None:
        upstream = np.random.default_rng(4).uniform(0.5, 1.5, size=out_shape)
    results = []
    for lib, fn in ((minitorch, getattr(E, name)), (torch, getattr(torch, name))):
        x, y = (lib.tensor(np.array(v), requires_grad=np.asarray(v).dtype.kind == "f") for v in (a, b))
        out = fn(x, y)
        if out.requires_grad:
            out.backward(lib.tensor(upstream.astype(out.detach().numpy().dtype)))
        grads = [t.grad.numpy() if t.grad is not None else None for t in (x, y)]
        results.append((out.detach().numpy(), grads, type(out.grad_fn).__name__))
    return results


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 1), (4,)), ((2, 3, 4), ()), ((), (5,)), ((1,), (1,))])
def test_binary_matches_torch_with_broadcasting(name, shapes):
    rng = np.random.default_rng(5)
    (la, ha), (lb, hb) = BINARY[name]
    a, b = rng.uniform(la, ha, size=shapes[0]), rng.uniform(lb, hb, size=shapes[1])
    (y, (ga, gb), fn_name), (ty, (tga, tgb), tfn_name) = run_binary(name, a, b)
    assert fn_name == tfn_name == BINARY_NAMES[name]
    assert y.shape == ty.shape
    for ours, theirs in ((y, ty), (ga, tga), (gb, tgb)):
        assert ours.shape == theirs.shape
        assert_close(ours, theirs, 1e-12)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_float32(name):
    rng = np.random.default_rng(6)
    (la, ha), (lb, hb) = BINARY[name]
    a, b = rng.uniform(la, ha, size=(3, 4)).astype("float32"), rng.uniform(lb, hb, size=(4,)).astype("float32")
    (y, grads, _), (ty, tgrads, _) = run_binary(name, a, b)
    for ours, theirs in zip((y, *grads), (ty, *tgrads)):
        assert_close(ours, theirs, 2e-6, atol=1e-7)


_DTYPE_OPERANDS = [
    (np.array([1, 2]), np.array([3, -4])),                                       # int, int
    (np.array([True, False]), np.array([False, True])),                         # bool, bool
    (np.array([1, 2]), np.array([0.5, 2.0])),                                    # int64, float64
    (np.array([1.5, 2.0], dtype="float32"), np.array(2.0)),                     # float32, 0-d float64
    (np.array([1.5, 2.0], dtype="float32"), np.array([2.0, 3.0])),              # float32, float64
    (np.array([1, 2], dtype="int32"), np.array([2.0, 3.0], dtype="float32")),   # int32, float32
]


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("a, b", _DTYPE_OPERANDS)
def test_binary_type_promotion_matches_torch(name, a, b):
    try:
        expected = getattr(torch, name)(torch.tensor(a), torch.tensor(b))
    except NotImplementedError as e:  # hypot of integers
        with pytest.raises(NotImplementedError, match=str(e).replace("'", ".").replace('"', '.')):
            getattr(E, name)(minitorch.tensor(a), minitorch.tensor(b))
        return
    ours = getattr(E, name)(minitorch.tensor(a), minitorch.tensor(b))
    assert str(ours.dtype).split(".")[-1] == str(expected.dtype).split(".")[-1]
    assert_close(ours.numpy(), expected.numpy(), 1e-6)


@pytest.mark.parametrize("name", ["atan2", "hypot", "fmax", "fmin"])
def test_binary_tensor_only_ops_reject_numbers_like_torch(name):
    x = minitorch.tensor([1.0, 2.0])
    with pytest.raises(TypeError, match=rf"{name}\(\): argument 'other' \(position 2\) must be Tensor, not float"):
        getattr(E, name)(x, 2.0)
    with pytest.raises(TypeError, match=rf"{name}\(\): argument 'input' \(position 1\) must be Tensor, not int"):
        getattr(E, name)(2, x)
    with pytest.raises(TypeError, match=rf"{name}\(\): argument 'other' \(position 2\) must be Tensor, not float"):
        getattr(torch, name)(torch.tensor([1.0]), 2.0)


def test_binary_shape_mismatch_error_like_torch():
    a, b = np.zeros((3, 4)), np.zeros((3, 5))
    for name in BINARY:
        with pytest.raises(RuntimeError) as theirs:
            getattr(torch, name)(torch.tensor(a), torch.tensor(b))
        with pytest.raises(RuntimeError) as ours:
            getattr(E, name)(minitorch.tensor(a), minitorch.tensor(b))
        assert str(ours.value) == str(theirs.value)


def test_binary_non_contiguous():
    a, b = np.random.default_rng(7).uniform(0.5, 2, size=(2, 4, 3))
    for name in BINARY:
        ours = getattr(E, name)(minitorch.tensor(a).t(), minitorch.tensor(b).t())
        theirs = getattr(torch, name)(torch.tensor(a).t(), torch.tensor(b).t())
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


# (input, other) values at the edges: the origin, signed zeros, NaN and inf operands, ties
_EDGE_A = [0.0, 0.0, -0.0, 0.0, 1.0, 2.0, NAN, NAN, 3.0, INF, -INF, 0.0, 1.0]
_EDGE_B = [0.0, -0.0, 0.0, -1.0, 0.0, -1.0, 1.0, NAN, 3.0, 1.0, INF, INF, NAN]


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_edge_values_match_torch(name):
    (y, (ga, gb), _), (ty, (tga, tgb), _) = run_binary(name, _EDGE_A, _EDGE_B, upstream=np.ones(len(_EDGE_A)))
    for ours, theirs in ((y, ty), (ga, tga), (gb, tgb)):
        assert_close(ours, theirs, 1e-15)
    np.testing.assert_array_equal(np.signbit(y[y == 0]), np.signbit(ty[ty == 0]))


@pytest.mark.parametrize("other", [2.0, 3, 0.0, -1.0])
def test_xlogy_number_operands_match_torch(other):
    values = np.array([0.0, 1.5, -2.0, 3.0])
    for number_first in (False, True):
        results = []
        for lib in (minitorch, torch):
            fn = E.xlogy if lib is minitorch else torch.xlogy
            x = lib.tensor(values if not number_first else np.abs(values) + 0.5, requires_grad=True)
            out = fn(other, x) if number_first else fn(x, other)
            out.backward(lib.ones(4, dtype=lib.float64))
            results.append((out.detach().numpy(), x.grad.numpy(), type(out.grad_fn).__name__))
        (y, g, fn_name), (ty, tg, tfn_name) = results
        assert fn_name == tfn_name == ("XlogyBackward1" if number_first else "XlogyBackward2")
        assert_close(y, ty, 1e-14)
        assert_close(g, tg, 1e-14)


@pytest.mark.parametrize("number", [2, 2.5, True])
@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.float64, np.bool_])
def test_xlogy_number_dtypes_match_torch(number, dtype):
    values = np.array([1, 2, 3]).astype(dtype)
    for args, targs in (((minitorch.tensor(values), number), (torch.tensor(values), number)),
                        ((number, minitorch.tensor(values)), (number, torch.tensor(values)))):
        ours, theirs = E.xlogy(*args), torch.xlogy(*targs)
        assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
        assert_close(ours.numpy(), theirs.numpy(), 1e-6)


def test_xlogy_two_numbers_is_a_type_error():
    with pytest.raises(TypeError, match="xlogy\\(\\) received an invalid combination of arguments"):
        E.xlogy(2.0, 3.0)


def test_no_grad_records_nothing():
    x = minitorch.tensor([0.5], requires_grad=True)
    with minitorch.no_grad():
        for name in UNARY:
            assert getattr(E, name)(x).grad_fn is None
        assert E.atan2(x, x).grad_fn is None


# -- the special-function kernels: float64 accuracy, the JIT-free path, no scipy in the library -------
def _relative_error(ours, reference):
    finite = np.isfinite(reference)
    assert np.array_equal(np.isfinite(ours), finite)
    return np.abs(ours[finite] - reference[finite]) / np.maximum(np.abs(reference[finite]), 1e-300)


def _wide_grid():
    rng = np.random.default_rng(8)
    return np.concatenate([rng.uniform(-30, 30, 5000), rng.uniform(0, 3, 5000), 10 ** rng.uniform(-300, 300, 500),
                           -(10 ** rng.uniform(-300, 15, 500)) + 0.25])


@pytest.mark.parametrize("name, reference", [("erf", scipy.special.erf), ("erfc", scipy.special.erfc),
                                             ("lgamma", scipy.special.gammaln),
                                             ("digamma", scipy.special.digamma),
                                             ("trigamma", lambda x: scipy.special.polygamma(1, x))])
def test_special_kernels_float64_accuracy(name, reference):
    from minitorch._kernels import special
    x = _wide_grid()
    if name == "trigamma":  # scipy's polygamma crawls at large negative x
        x = x[x > -1e3]
    expected = reference(x)
    ours = getattr(special, name)(x)
    err = _relative_error(ours, expected)
    assert np.median(err) < 1e-15
    # the relative error is at float64's resolution away from the functions' roots; near a root
    # (lgamma at 1 and 2, digamma at 1.4616...) any method's error is absolute, not relative
    finite = np.isfinite(expected)
    near_root = np.abs(expected[finite]) < 0.05
    assert err[~near_root].max() < 1e-13, err[~near_root].max()
    assert np.abs(ours[finite] - expected[finite])[near_root].max() < 1e-14


def test_erfinv_float64_accuracy():
    from minitorch._kernels import special
    rng = np.random.default_rng(9)
    u = np.concatenate([rng.uniform(-1, 1, 20000), 1 - 10 ** rng.uniform(-16, -1, 1000),
                        -(1 - 10 ** rng.uniform(-16, -1, 1000)), 10 ** rng.uniform(-300, -1, 1000)])
    err = _relative_error(special.erfinv(u), scipy.special.erfinv(u))
    assert err.max() < 1e-14
    # and erf undoes it
    np.testing.assert_allclose(special.erf(special.erfinv(u[np.abs(u) < 0.9])), u[np.abs(u) < 0.9], rtol=1e-15)


_NO_JIT_SCRIPT = """
import numpy as np
from minitorch._kernels import special as s
x = np.array([0.0, -0.0, -1.0, -2.5, 0.3, 7.5, 1e-300, 1e308, -1e300, np.inf, -np.inf, np.nan])
u = np.array([-1.0, 1.0, 0.3, -0.999999, 1.5, np.nan])
values = [f(x) for f in (s.erf, s.erfc, s.lgamma, s.digamma, s.trigamma)] + [s.erfinv(u)]
print(repr(np.concatenate(values).tolist()))
"""


def _special_values(env=None):
    """The kernels' values at edge points, computed in a fresh interpreter with the given environment."""
    env = dict(os.environ, PYTHONPATH=os.getcwd(), **(env or {}))
    out = subprocess.run([sys.executable, "-c", _NO_JIT_SCRIPT], env=env, capture_output=True, text=True,
                         check=True).stdout
    return np.array(eval(out, {"nan": np.nan, "inf": np.inf}))


def test_special_kernels_without_jit_match():
    """With NUMBA_DISABLE_JIT=1 the pure-Python path gives the same numbers (and no exceptions at
    poles or overflow, where Python's math module would raise)."""
    jit, no_jit = _special_values(), _special_values({"NUMBA_DISABLE_JIT": "1"})
    np.testing.assert_array_equal(np.isnan(no_jit), np.isnan(jit))
    # (lgamma differs in the last digits: the C library's without the JIT, Python's own with it)
    np.testing.assert_allclose(no_jit[~np.isnan(jit)], jit[~np.isnan(jit)], rtol=1e-13)


def test_library_does_not_import_scipy():
    """scipy is a test dependency only. (numba imports scipy itself when present, so the check reads
    minitorch's own imports rather than sys.modules.)"""
    import ast
    import pathlib
    root = pathlib.Path(minitorch.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "scipy" for n in names), path


# -- clamp_min/clamp_max, exp2, logaddexp(2), copysign, sgn, signbit, fliplr/flipud, ravel ---------------------
MORE = {
    "clamp_min": lambda t, x, y: t.clamp_min(x, 0.1), "clamp_max": lambda t, x, y: x.clamp_max(-0.2),
    "clamp_min_tensor": lambda t, x, y: x.clamp_min(y), "clamp_max_tensor": lambda t, x, y: t.clamp_max(x, y),
    "clamp_min_inplace": lambda t, x, y: (x * 1).clamp_min_(0.3), "exp2": lambda t, x, y: t.exp2(x),
    "logaddexp": lambda t, x, y: t.logaddexp(x, y * 30), "logaddexp2": lambda t, x, y: x.logaddexp2(y),
    "copysign": lambda t, x, y: t.copysign(x, y), "fliplr": lambda t, x, y: t.fliplr(x),
    "flipud": lambda t, x, y: x.flipud(), "ravel": lambda t, x, y: t.ravel(x.t()),
}


@pytest.mark.parametrize("name", list(MORE))
def test_more_elementwise_and_flips_match_torch(name):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    a[0, 0], a[0, 1] = 0.0, -0.0
    results = []
    for lib in (minitorch, torch):
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        out = MORE[name](lib, x, y)
        out.backward(lib.tensor(np.arange(out.numel(), dtype=float).reshape(tuple(out.shape))))
        y_grad = y.grad if y.grad is None else np.asarray(y.grad.detach().cpu().tolist())
        results.append((out.detach().numpy(), x.grad.numpy(), y_grad, type(out.grad_fn).__name__))
    (m_out, m_gx, m_gy, m_name), (t_out, t_gx, t_gy, t_name) = results
    np.testing.assert_allclose(m_out, t_out, rtol=1e-12)
    np.testing.assert_array_equal(np.signbit(m_out), np.signbit(t_out))
    np.testing.assert_allclose(m_gx, t_gx, rtol=1e-12)
    assert (m_gy is None) == (t_gy is None) and (m_gy is None or np.allclose(m_gy, t_gy))
    assert m_name == t_name


def test_sgn_signbit_and_flip_errors_match_torch():
    arr = np.array([-2.0, -0.0, 0.0, 3.0, np.nan])
    for fn in (lambda t, x: t.sgn(x), lambda t, x: t.signbit(x), lambda t, x: x.signbit()):
        ours, theirs = fn(minitorch, minitorch.tensor(arr)), fn(torch, torch.tensor(arr))
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
        assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    for fn, shape in ((lambda t, x: t.fliplr(x), (3,)), (lambda t, x: t.flipud(x), ())):
        messages = []
        for lib in (minitorch, torch):
            with pytest.raises(RuntimeError) as e:
                fn(lib, lib.ones(shape))
            messages.append(str(e.value))
        assert messages[0] == messages[1]
