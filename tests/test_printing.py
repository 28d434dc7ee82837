"""Tensor printing: ``repr(t)`` must equal torch's, character for character, with only
``torch.`` renamed to ``minitorch.`` where a dtype is named.

Every check builds a minitorch and a torch tensor from the same NumPy data and compares
the two reprs; nothing here is compared against a copy of our own formatter.
"""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import minitorch
from minitorch import _tensor_str


@pytest.fixture(autouse=True)
def default_print_options():
    """Every test starts and ends with default print options and float32 as default dtype."""
    for lib in (minitorch, torch):
        lib.set_printoptions(profile="default")
        lib.set_default_dtype(lib.float32)
    yield
    for lib in (minitorch, torch):
        lib.set_printoptions(profile="default")
        lib.set_default_dtype(lib.float32)


def expected(t):
    return repr(t).replace("torch.", "minitorch.")


def check(arr, requires_grad=False, op=None, **options):
    """Print ``arr`` with both libraries (after ``op``, under ``options``) and compare."""
    arr = np.asarray(arr)
    outs = []
    for lib in (minitorch, torch):
        lib.set_printoptions(**options)
        t = lib.from_numpy(arr.copy())
        if requires_grad:
            t.requires_grad_()
        if op is not None:
            t = op(t)
        outs.append(repr(t))
        lib.set_printoptions(profile="default")
    assert outs[0] == outs[1].replace("torch.", "minitorch."), "\n" + outs[0] + "\n" + outs[1]
    return outs[0]


nan, inf = math.nan, math.inf
f32, f64 = np.float32, np.float64

# -- fixed cases ---------------------------------------------------------------------------------

FLOAT_CASES = {
    "int_valued": ([1.0, 2.0, -3.0], f32),
    "int_valued_wide": ([1.0, 1000.0], f32),
    "fixed": ([1.5, -2.25, 0.1], f32),
    "fixed_one": ([0.1], f32),
    "zeros": ([0.0, 0.0], f32),
    "negative_zero_int_mode": ([-0.0, 1.0], f32),
    "negative_zero_fixed": ([-0.0, 1.5], f32),
    "sci_small": ([1e-5, 1e3], f32),
    "sci_ratio": ([1.0, 1001.0], f32),
    "sci_ratio_fraction": ([0.5, 500.1], f32),
    "sci_big_int": ([1.0, 1e8], f32),
    "sci_huge_int": ([1.0, 1e9], f32),
    "sci_tiny_min": ([5e-5, 1e-4 * 3], f32),
    "sci_float64_exponent_3_digits": ([1e-300, 1.0, 1e200], f64),
    "nan_inf_only": ([nan, inf, -inf], f32),
    "int_with_nan": ([1.0, nan], f32),
    "fixed_with_nonfinite": ([1.5, nan, -inf], f32),
    "sci_with_nan": ([1e-6, nan, 2.0], f32),
    "float64": ([1.5, 2.0], f64),
    "float64_int_valued": ([3.0, -7.0], f64),
    "float16": ([1.0, 0.5, -2.25], np.float16),
    "float16_max": ([65504.0], np.float16),
    "float16_inf": ([65504.0, inf], np.float16),
    "rounding_half_even": ([0.00005, 0.00015, 0.5], f64),
    "float32_not_exact": ([0.1, 0.2, 0.3], f32),
}


@pytest.mark.parametrize("values,dtype", FLOAT_CASES.values(), ids=FLOAT_CASES.keys())
def test_float_formatting(values, dtype):
    check(np.array(values, dtype=dtype))


def test_examples_from_the_task():
    assert check(np.array([1e-5, 1e3], dtype=f32)) == "tensor([1.0000e-05, 1.0000e+03])"
    assert check(np.array(3.0, dtype=f32)) == "tensor(3.)"
    assert check(np.array([1.0, 2.0], dtype=f64)) == "tensor([1., 2.], dtype=minitorch.float64)"
    assert check(np.zeros((0, 3), dtype=f32)) == "tensor([], size=(0, 3))"
    assert check(np.array([True, False])) == "tensor([ True, False])"


ZERO_D = {"float": (3.0, f32), "fraction": (-2.5, f32), "neg_zero": (-0.0, f32), "tiny": (1e-5, f32),
          "huge": (1e10, f32), "nan": (nan, f32), "float64": (0.25, f64), "int64": (7, np.int64),
          "int32": (-7, np.int32), "bool": (True, np.bool_), "float16": (1.5, np.float16)}


@pytest.mark.parametrize("value,dtype", ZERO_D.values(), ids=ZERO_D.keys())
def test_zero_dim(value, dtype):
    check(np.array(value, dtype=dtype))


EMPTY_SHAPES = [(0,), (0, 3), (2, 0), (0, 0, 1), (1, 0)]
EMPTY_DTYPES = [f32, f64, np.float16, np.int64, np.int32, np.uint8, np.bool_]


@pytest.mark.parametrize("shape", EMPTY_SHAPES)
@pytest.mark.parametrize("dtype", EMPTY_DTYPES)
def test_empty(shape, dtype):
    check(np.zeros(shape, dtype=dtype))


def test_empty_with_requires_grad():
    check(np.zeros((0, 3), dtype=f64), requires_grad=True)


INT_CASES = {
    "int64": np.array([1, 2, -300]),
    "int64_2d": np.arange(-6, 6).reshape(3, 4),
    "int32": np.array([1, 2], dtype=np.int32),
    "int16": np.array([[-1, 20], [300, 4]], dtype=np.int16),
    "int8": np.array([-128, 127], dtype=np.int8),
    "uint8": np.array([0, 255, 7], dtype=np.uint8),
    "int64_extremes": np.array([np.iinfo(np.int64).min, 0, np.iinfo(np.int64).max]),
    "bool_1d": np.array([True, False, True]),
    "bool_all_true": np.array([True, True]),
    "bool_2d": np.array([[True, False], [False, False]]),
    "bool_summarized": np.arange(2000) % 3 == 0,
    "int_summarized": np.arange(5000),
}


@pytest.mark.parametrize("arr", INT_CASES.values(), ids=INT_CASES.keys())
def test_int_and_bool(arr):
    check(arr)


def test_nested_layout():
    check(np.arange(24.0, dtype=f32).reshape(2, 3, 4))
    check(np.arange(48.0, dtype=f32).reshape(2, 2, 3, 4) / 7)
    check(np.arange(32.0).reshape(2, 2, 2, 2, 2))
    check(np.ones((1, 1, 1), dtype=f32))
    check(np.arange(6.0, dtype=f32).reshape(6, 1))
    check(np.arange(6.0, dtype=f32).reshape(1, 6))


def test_three_d_has_one_blank_line_between_blocks():
    out = check(np.arange(8.0, dtype=f32).reshape(2, 2, 2))
    assert out == ("tensor([[[0., 1.],\n"
                   "         [2., 3.]],\n"
                   "\n"
                   "        [[4., 5.],\n"
                   "         [6., 7.]]])")


def test_non_contiguous_input():
    arr = np.random.default_rng(0).standard_normal((3, 4, 5)).astype(f32)
    check(arr.transpose(2, 0, 1))
    check(arr[:, ::2, ::-1])


def test_one_element():
    check(np.array([2.5], dtype=f32))
    check(np.array([[7]], dtype=np.int64))
    check(np.array([[[1e-7]]], dtype=f64))


# -- wrapping and summarization --------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 5, 12, 13, 14, 27, 100])
def test_long_rows_wrap_at_linewidth(n):
    rng = np.random.default_rng(n)
    check(rng.standard_normal(n).astype(f32))
    check(rng.standard_normal((2, n)).astype(f32))
    check(rng.standard_normal((2, 2, n)).astype(f64))
    check(rng.integers(-1000, 1000, size=n))


SUMMARIZED_SHAPES = [(1001,), (2000,), (50, 50), (3, 400), (400, 3), (10, 10, 11), (7, 1, 200), (1, 1, 1, 1001),
                     (4, 4, 4, 4, 7)]


@pytest.mark.parametrize("shape", SUMMARIZED_SHAPES)
def test_summarization(shape):
    rng = np.random.default_rng(0)
    data = rng.standard_normal(shape)
    out = check(data.astype(f32))
    assert "..." in out
    check(data.astype(f64) * 1e-6)
    check(np.round(data * 100).astype(np.int64))


def test_summarized_format_uses_only_the_shown_values():
    # the hidden middle value (1e10) must not force scientific notation
    arr = np.ones(1001, dtype=f32)
    arr[500] = 1e10
    assert check(arr) == "tensor([1., 1., 1.,  ..., 1., 1., 1.])"


def test_summarized_but_no_dimension_long_enough_to_cut():
    # 1024 elements > threshold, yet no side exceeds 2 * edgeitems: nothing is elided
    out = check(np.arange(1024.0, dtype=f32).reshape(4, 4, 4, 4, 4))
    assert "..." not in out


def test_threshold_boundary():
    check(np.arange(1000.0, dtype=f32))  # exactly threshold: printed in full
    check(np.arange(1001.0, dtype=f32))


# -- suffixes ----------------------------------------------------------------------------------------

def test_requires_grad_suffix():
    assert check(np.array([1.0, 2.0], dtype=f32), requires_grad=True) == "tensor([1., 2.], requires_grad=True)"
    check(np.array(1.5, dtype=f32), requires_grad=True)
    check(np.array([1.0, 2.0], dtype=f64), requires_grad=True)  # dtype comes first


@pytest.mark.parametrize("op,name", [
    (lambda t: t * 2, "MulBackward0"),
    (lambda t: t + 1, "AddBackward0"),
    (lambda t: t - t, "SubBackward0"),
    (lambda t: -t, "NegBackward0"),
])
def test_grad_fn_suffix(op, name):
    out = check(np.array([1.0, -2.5], dtype=f32), requires_grad=True, op=op)
    assert out.endswith(f"grad_fn=<{name}>)")
    check(np.array([[1.0, -2.5]], dtype=f64), requires_grad=True, op=op)


def test_no_suffix_under_no_grad():
    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    with minitorch.no_grad():
        assert repr(x * 2) == "tensor([2., 4.])"


@pytest.mark.parametrize("linewidth", range(20, 90, 3))
@pytest.mark.parametrize("n", [1, 3, 5, 8, 11])
def test_suffixes_wrap_onto_a_new_line_as_torch_does(linewidth, n):
    data = np.random.default_rng(n).standard_normal(n)
    check(data, requires_grad=True, linewidth=linewidth)  # float64 + requires_grad: two suffixes
    check(data, requires_grad=True, op=lambda t: t * 2, linewidth=linewidth)
    check(data.reshape(1, n).astype(f32), requires_grad=True, linewidth=linewidth)
    check(data.astype(np.float16), linewidth=linewidth)
    check(np.zeros((0, n), dtype=np.int32), linewidth=linewidth)


def test_float64_suffix_wraps_where_torch_wraps():
    # torch measures "dtype=torch.float64"; the break must fall where torch's does
    data = np.random.default_rng(0).standard_normal((5, 4, 2)) * 1e8
    check(data, requires_grad=True)


def test_default_dtype_decides_the_dtype_suffix():
    for lib in (minitorch, torch):
        lib.set_default_dtype(lib.float64)
    check(np.array([1.5, 2.0], dtype=f64))
    check(np.array([1.5, 2.0], dtype=f32))
    check(np.zeros(0, dtype=f64))
    check(np.zeros(0, dtype=f32))
    assert repr(minitorch.tensor([1.5, 2.0])) == expected(torch.tensor([1.5, 2.0]))


def test_str_is_repr():
    for t in (minitorch.tensor([1.0, 2.0], requires_grad=True), minitorch.tensor(3), minitorch.zeros(0, 2)):
        assert str(t) == repr(t)
        assert f"{t}" == repr(t) or t.ndim == 0


def test_subclass_prefix_is_the_class_name():
    class Foo(minitorch.Tensor):
        pass
    t = object.__new__(Foo)
    t._data, t._vc = np.array([1.0, 2.0], dtype=f32), [0]
    assert repr(t) == expected(torch.tensor([1.0, 2.0]).as_subclass(type("Foo", (torch.Tensor,), {})))


def test_tensor_str_is_the_body_alone():
    t = minitorch.tensor([[1.5, 2.0], [3.0, 4.0]], requires_grad=True)
    assert _tensor_str.tensor_str(t) == "[[1.5000, 2.0000],\n        [3.0000, 4.0000]]"


# -- print options ------------------------------------------------------------------------------------

OPTION_CASES = [
    dict(precision=2), dict(precision=0), dict(precision=8), dict(threshold=5), dict(threshold=0),
    dict(edgeitems=1), dict(edgeitems=0), dict(edgeitems=5), dict(linewidth=30), dict(linewidth=200),
    dict(sci_mode=True), dict(sci_mode=False), dict(profile="short"), dict(profile="full"),
    dict(profile="short", precision=6), dict(threshold=10, edgeitems=2, linewidth=40, sci_mode=True),
]

OPTION_DATA = {
    "fixed": np.random.default_rng(1).standard_normal((4, 7)).astype(f32),
    "int_valued": np.arange(-10.0, 10.0, dtype=f32),
    "sci": np.array([1e-5, 1.0, 1e9], dtype=f64),
    "zeros": np.zeros(4, dtype=f32),
    "nonfinite": np.array([1.0, nan, -inf, -0.0], dtype=f32),
    "ints": np.arange(30).reshape(5, 6),
    "bools": np.arange(12).reshape(3, 4) % 2 == 0,
    "big": np.random.default_rng(2).standard_normal((40, 40)).astype(f32),
    "scalar": np.array(123.456, dtype=f32),
}


@pytest.mark.parametrize("options", OPTION_CASES, ids=[str(o) for o in OPTION_CASES])
@pytest.mark.parametrize("name", OPTION_DATA)
def test_print_options(options, name):
    check(OPTION_DATA[name], **options)
    if OPTION_DATA[name].dtype.kind == "f":
        check(OPTION_DATA[name], requires_grad=True, **options)


def test_set_printoptions_semantics_match_torch():
    def state():
        return _tensor_str.get_printoptions(), torch._tensor_str.get_printoptions()

    steps = [dict(precision=2, sci_mode=True),
             dict(threshold=7),                      # sci_mode goes back to None
             dict(profile="short"),
             dict(profile="full", precision=3),
             dict(threshold=5, profile="short"),     # explicit option beats the profile
             dict(profile="no-such-profile"),        # ignored, as torch ignores it
             dict(profile="default")]
    for kwargs in steps:
        minitorch.set_printoptions(**kwargs)
        torch.set_printoptions(**kwargs)
        ours, theirs = state()
        assert ours == theirs, kwargs


def test_sci_mode_is_reset_by_a_later_call():
    check(np.array([1.0, 2.0], dtype=f32), sci_mode=True)
    for lib in (minitorch, torch):
        lib.set_printoptions(sci_mode=True)
        lib.set_printoptions(precision=2)
    assert repr(minitorch.tensor([1.0, 2.0])) == expected(torch.tensor([1.0, 2.0])) == "tensor([1., 2.])"


def test_printoptions_context_manager_restores():
    with _tensor_str.printoptions(precision=1, sci_mode=True):
        assert repr(minitorch.tensor([1.25])) == "tensor([1.2e+00])"
    assert _tensor_str.get_printoptions() == torch._tensor_str.get_printoptions()


# -- property-based ---------------------------------------------------------------------------------

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=7)


@st.composite
def float_arrays(draw):
    """Random floats of one of several flavours and a random magnitude."""
    shape = draw(shapes)
    dtype = draw(st.sampled_from([f32, f64, np.float16]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scale = 10.0 ** draw(st.integers(-9, 12))
    flavour = draw(st.sampled_from(["normal", "whole", "spread", "special"]))
    data = rng.standard_normal(shape) * scale
    if flavour == "whole":
        data = np.round(data)
    elif flavour == "spread":
        data = rng.standard_normal(shape) * 10.0 ** rng.uniform(-9, 10, size=shape)
    elif flavour == "special":
        data = np.asarray(data)
        for value, p in ((nan, 0.2), (inf, 0.1), (-inf, 0.1), (-0.0, 0.1), (0.0, 0.1)):
            data[rng.random(shape) < p] = value
    with np.errstate(over="ignore"):
        return np.asarray(data).astype(dtype)


options = st.fixed_dictionaries({}, optional={
    "precision": st.integers(0, 8),
    "threshold": st.sampled_from([0, 5, 30, 1000, 10**9]),
    "edgeitems": st.integers(0, 4),
    "linewidth": st.integers(10, 150),
    "sci_mode": st.sampled_from([None, True, False]),
    "profile": st.sampled_from(["default", "short", "full"]),
})


@settings(max_examples=300, deadline=None)
@given(float_arrays(), st.booleans())
def test_random_floats_match_torch(arr, requires_grad):
    check(arr, requires_grad=requires_grad and arr.dtype != np.float16)


@settings(max_examples=200, deadline=None)
@given(float_arrays(), options)
def test_random_floats_under_random_options_match_torch(arr, opts):
    check(arr, **opts)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(st.sampled_from([np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_]), shapes), options)
def test_random_ints_and_bools_match_torch(arr, opts):
    check(arr, **opts)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([(1001,), (30, 40), (5, 300), (11, 11, 11), (2, 3, 4, 50)]), st.integers(0, 2**32 - 1),
       st.integers(-8, 10), options)
def test_random_large_tensors_match_torch(shape, seed, exponent, opts):
    data = np.random.default_rng(seed).standard_normal(shape) * 10.0 ** exponent
    check(data.astype(f32), **opts)
