"""Pooling and padding (minitorch/nn/functional/pooling.py, padding.py, minitorch/nn/modules/pooling.py),
compared with real torch: hypothesis over the whole configuration space (kernel, stride, padding,
dilation, ceil_mode, count_include_pad, divisor_override, shapes, unbatched inputs), where every
call either matches torch's outputs, indices and gradients in float64, or raises torch's exception
with torch's message; the course's 4x4 max-pool example; ties (the gradient goes to the first
maximum, exactly as torch) and NaNs; module reprs; the NumPy path taken without numba's JIT; and
checks that a bad call never reaches a kernel."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
from minitorch._kernels import pooling as kernels

MF, TF = minitorch.nn.functional, torch.nn.functional
PROPERTY = settings(max_examples=200, deadline=None)


def run(lib, fn, arr, **kw):
    """``fn`` of lib's functional on a copy of ``arr`` (float inputs require grad): ``("ok", outputs, x)``
    or ``("error", type, message)``."""
    x = lib.from_numpy(arr.copy())
    if arr.dtype.kind == "f":
        x.requires_grad_(True)
    try:
        out = getattr(MF if lib is minitorch else TF, fn)(x, **kw)
    except Exception as e:  # noqa: BLE001 - the exception itself is what is compared
        return ("error", type(e), str(e))
    return ("ok", out if isinstance(out, tuple) else (out,), x)


def check_against_torch(fn, arr, **kw):
    """Same outcome in both libraries: the same error, or the same outputs (values exactly for
    indices, shapes, dtypes, grad_fn names) and the same input gradient for a random upstream."""
    t, m = run(torch, fn, arr, **kw), run(minitorch, fn, arr, **kw)
    if t[0] == "error":
        assert m[0] == "error", f"torch raised {t[1].__name__}: {t[2]}; minitorch returned a result"
        assert (m[1], m[2]) == (t[1], t[2])
        return None
    assert m[0] == "ok", f"minitorch raised {m[1].__name__}: {m[2]}"
    (_, t_out, t_x), (_, m_out, m_x) = t, m
    assert len(m_out) == len(t_out)
    for mo, to in zip(m_out, t_out):
        assert tuple(mo.shape) == tuple(to.shape)
        assert str(mo.dtype).split(".")[-1] == str(to.dtype).split(".")[-1]
        np.testing.assert_allclose(mo.detach().numpy(), to.detach().numpy(), rtol=1e-12, atol=1e-12)
        if to.grad_fn is not None:
            assert type(mo.grad_fn).__name__ == type(to.grad_fn).__name__
    out = t_out[0]
    # a window with no input element in it (possible with dilation) gives -inf, and torch's backward
    # then writes out of bounds: compare gradients only where every window saw the input
    if out.requires_grad and out.numel() and not torch.isinf(out).any():
        up = np.random.default_rng(0).standard_normal(tuple(out.shape))
        out.backward(torch.from_numpy(up))
        m_out[0].backward(minitorch.from_numpy(up))
        np.testing.assert_allclose(m_x.grad.numpy(), t_x.grad.numpy(), rtol=1e-12, atol=1e-12)
    return t_out


def distinct_values(shape, seed=0):
    n = int(np.prod(shape))
    return np.random.default_rng(seed).permutation(n).reshape(shape).astype(np.float64) / max(n, 1)


# -- the configuration space, drawn ------------------------------------------------------------------
small = st.integers(-1, 4)
pair_or_int = st.one_of(small, st.tuples(small, small), st.tuples(small))


def mostly(valid, anything=pair_or_int):
    """Valid values mostly, and now and then anything (whose errors are compared too)."""
    return st.integers(0, 7).flatmap(lambda i: anything if i in (3, 5) else valid)


def ints_or_pairs(low, high):
    return st.one_of(st.integers(low, high), st.tuples(st.integers(low, high), st.integers(low, high)))


kernels_, strides = mostly(ints_or_pairs(2, 3)), st.one_of(st.none(), mostly(ints_or_pairs(1, 3)))
paddings, dilations = mostly(ints_or_pairs(0, 1)), mostly(ints_or_pairs(1, 2))
kernel_1d, stride_1d = mostly(st.integers(1, 3), small), st.one_of(st.none(), mostly(st.integers(1, 3), small))
padding_1d, dilation_1d = mostly(st.integers(0, 1), small), mostly(st.integers(1, 2), small)


@st.composite
def shapes(draw, spatial):
    lead = draw(mostly(st.sampled_from([(1,), (2,), (2, 3), (1, 2)]), st.sampled_from([(), (1, 1, 1), (0, 2)])))
    return lead + tuple(draw(mostly(st.integers(3, 9), st.integers(1, 9))) for _ in range(spatial))


@PROPERTY
@given(shape=shapes(2), kernel=kernels_, stride=strides, padding=paddings,
       dilation=dilations, ceil_mode=st.booleans(), return_indices=st.booleans(),
       seed=st.integers(0, 1000))
def test_max_pool2d_matches_torch_over_the_configuration_space(shape, kernel, stride, padding, dilation, ceil_mode,
                                                              return_indices, seed):
    check_against_torch("max_pool2d", distinct_values(shape, seed), kernel_size=kernel, stride=stride,
                        padding=padding, dilation=dilation, ceil_mode=ceil_mode, return_indices=return_indices)


@PROPERTY
@given(shape=shapes(1), kernel=kernel_1d, stride=stride_1d, padding=padding_1d, dilation=dilation_1d,
       ceil_mode=st.booleans(), return_indices=st.booleans(), seed=st.integers(0, 1000))
def test_max_pool1d_matches_torch_over_the_configuration_space(shape, kernel, stride, padding, dilation, ceil_mode,
                                                              return_indices, seed):
    check_against_torch("max_pool1d", distinct_values(shape, seed), kernel_size=kernel, stride=stride,
                        padding=padding, dilation=dilation, ceil_mode=ceil_mode, return_indices=return_indices)


@PROPERTY
@given(shape=shapes(2), kernel=kernels_, stride=strides, padding=paddings,
       ceil_mode=st.booleans(), count_include_pad=st.booleans(),
       divisor_override=st.one_of(st.none(), st.integers(-2, 5)), seed=st.integers(0, 1000))
def test_avg_pool2d_matches_torch_over_the_configuration_space(shape, kernel, stride, padding, ceil_mode,
                                                              count_include_pad, divisor_override, seed):
    arr = np.random.default_rng(seed).standard_normal(shape)
    check_against_torch("avg_pool2d", arr, kernel_size=kernel, stride=stride, padding=padding, ceil_mode=ceil_mode,
                        count_include_pad=count_include_pad, divisor_override=divisor_override)


@PROPERTY
@given(shape=shapes(1), kernel=kernel_1d, stride=stride_1d, padding=padding_1d, ceil_mode=st.booleans(),
       count_include_pad=st.booleans(), seed=st.integers(0, 1000))
def test_avg_pool1d_matches_torch_over_the_configuration_space(shape, kernel, stride, padding, ceil_mode,
                                                              count_include_pad, seed):
    arr = np.random.default_rng(seed).standard_normal(shape)
    check_against_torch("avg_pool1d", arr, kernel_size=kernel, stride=stride, padding=padding, ceil_mode=ceil_mode,
                        count_include_pad=count_include_pad)


adaptive_size = st.one_of(st.integers(-1, 10), st.tuples(st.one_of(st.none(), st.integers(-1, 10)),
                                                         st.one_of(st.none(), st.integers(0, 10))),
                          st.tuples(st.integers(0, 4)), st.tuples(st.integers(1, 3), st.integers(1, 3),
                                                                  st.integers(1, 3)))


@PROPERTY
@given(shape=shapes(2), size=adaptive_size, fn=st.sampled_from(["adaptive_avg_pool2d", "adaptive_max_pool2d"]),
       return_indices=st.booleans(), seed=st.integers(0, 1000))
def test_adaptive_pool2d_matches_torch(shape, size, fn, return_indices, seed):
    kw = dict(return_indices=return_indices) if "max" in fn else {}
    check_against_torch(fn, distinct_values(shape, seed), output_size=size, **kw)


@PROPERTY
@given(shape=shapes(1), size=st.one_of(st.integers(-1, 10), st.tuples(st.integers(0, 5))),
       fn=st.sampled_from(["adaptive_avg_pool1d", "adaptive_max_pool1d"]), seed=st.integers(0, 1000))
def test_adaptive_pool1d_matches_torch(shape, size, fn, seed):
    kw = dict(return_indices=True) if "max" in fn else {}
    check_against_torch(fn, distinct_values(shape, seed), output_size=size, **kw)


# -- the course's example, ties, NaN, infinities -------------------------------------------------------------
def test_course_4x4_max_pool_example():
    data = [[1.0, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]
    m = minitorch.nn.MaxPool2d(2)(minitorch.tensor([[data]]))
    t = torch.nn.MaxPool2d(2)(torch.tensor([[data]]))
    assert m.tolist() == t.tolist() == [[[[6.0, 8.0], [3.0, 4.0]]]]
    assert tuple(m.shape) == (1, 1, 2, 2)


@pytest.mark.parametrize("kw", [dict(kernel_size=2), dict(kernel_size=3, stride=1, padding=1),
                                dict(kernel_size=2, stride=1, dilation=2), dict(kernel_size=(3, 2), stride=(2, 1),
                                                                               ceil_mode=True),
                                dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, return_indices=True)])
@pytest.mark.parametrize("values", ["constant", "two_levels", "small_ints"])
def test_ties_send_the_gradient_to_the_first_maximum_as_torch(kw, values):
    rng = np.random.default_rng(3)
    shape = (2, 2, 7, 6)
    arr = {"constant": np.ones(shape), "two_levels": rng.integers(0, 2, size=shape).astype(np.float64),
           "small_ints": rng.integers(-2, 3, size=shape).astype(np.float64)}[values]
    check_against_torch("max_pool2d", arr, **kw)
    check_against_torch("adaptive_max_pool2d", arr, output_size=(3, 4), return_indices=True)
    check_against_torch("max_pool1d", arr[0], kernel_size=3, stride=2, padding=1, return_indices=True)


def test_first_maximum_by_hand():
    x = minitorch.tensor([[[[1.0, 3.0, 3.0, 0.0], [3.0, 2.0, 0.0, 3.0]]]], requires_grad=True)
    out, idx = MF.max_pool2d(x, 2, return_indices=True)
    assert idx.tolist() == [[[[1, 2]]]]  # the first 3 of each window in row-major order
    out.sum().backward()
    assert x.grad.tolist() == [[[[0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]]]]


def test_overlapping_windows_accumulate_gradient_like_torch():
    arr = distinct_values((1, 1, 5, 5))
    arr[0, 0, 2, 2] = 10.0  # the maximum of every 3x3 window
    check_against_torch("max_pool2d", arr, kernel_size=3, stride=1)
    check_against_torch("avg_pool2d", arr, kernel_size=3, stride=1, padding=1)


def test_nan_and_infinities_as_torch():
    arr = distinct_values((1, 2, 6, 6))
    arr[0, 0, 1, 1] = arr[0, 0, 1, 0] = np.nan
    arr[0, 1, 2:4, 2:4] = -np.inf
    arr[0, 1, 0, 5] = np.inf
    for fn, kw in [("max_pool2d", dict(kernel_size=2, return_indices=True)),
                   ("max_pool2d", dict(kernel_size=3, stride=1, padding=1, return_indices=True)),
                   ("adaptive_max_pool2d", dict(output_size=4, return_indices=True)),
                   ("avg_pool2d", dict(kernel_size=2))]:
        t, m = run(torch, fn, arr, **kw), run(minitorch, fn, arr, **kw)
        for mo, to in zip(m[1], t[1]):  # NaN where torch has NaN; indices exactly
            np.testing.assert_allclose(mo.detach().numpy(), to.detach().numpy(), rtol=1e-15, atol=0)


def test_padding_is_never_chosen_even_when_everything_is_negative():
    arr = -1.0 - distinct_values((1, 1, 4, 4))
    t_out = check_against_torch("max_pool2d", arr, kernel_size=3, stride=1, padding=1, return_indices=True)
    assert (t_out[0] < 0).all()


def test_int_inputs_as_torch():
    arr = np.random.default_rng(0).integers(-50, 50, size=(2, 3, 6, 7))
    check_against_torch("max_pool2d", arr, kernel_size=3, stride=2, padding=1, return_indices=True)
    check_against_torch("avg_pool2d", arr, kernel_size=2)  # integer division truncates toward zero
    check_against_torch("avg_pool2d", arr, kernel_size=3, stride=1, padding=1, count_include_pad=False)
    check_against_torch("max_pool1d", arr[0], kernel_size=2)  # torch: not implemented for Long
    check_against_torch("adaptive_avg_pool2d", arr, output_size=2)
    check_against_torch("max_pool2d", arr.astype(bool), kernel_size=2)


def test_float32_and_empty_batches():
    arr = distinct_values((2, 3, 6, 6)).astype(np.float32)
    m = MF.max_pool2d(minitorch.from_numpy(arr), 2)
    assert m.dtype == minitorch.float32
    np.testing.assert_array_equal(m.numpy(), TF.max_pool2d(torch.from_numpy(arr), 2).numpy())
    for fn, kw in [("max_pool2d", dict(kernel_size=2, return_indices=True)), ("avg_pool2d", dict(kernel_size=2)),
                   ("adaptive_avg_pool2d", dict(output_size=3)), ("adaptive_max_pool2d", dict(output_size=3))]:
        check_against_torch(fn, np.zeros((0, 3, 6, 6)), **kw)


@pytest.mark.parametrize("fn, kw", [
    ("max_pool2d", dict(kernel_size=2)), ("max_pool2d", dict(kernel_size=2, return_indices=True)),
    ("avg_pool2d", dict(kernel_size=2)), ("adaptive_avg_pool2d", dict(output_size=3)),
    ("adaptive_avg_pool2d", dict(output_size=1)), ("adaptive_max_pool2d", dict(output_size=3)),
    ("max_pool1d", dict(kernel_size=2)), ("avg_pool1d", dict(kernel_size=2)),
    ("adaptive_avg_pool1d", dict(output_size=3)), ("adaptive_max_pool1d", dict(output_size=3))])
def test_grad_fn_names(fn, kw):
    arr = distinct_values((2, 3, 6, 6) if "1d" not in fn else (2, 3, 6))
    m, t = run(minitorch, fn, arr, **kw), run(torch, fn, arr, **kw)
    assert type(m[1][0].grad_fn).__name__ == type(t[1][0].grad_fn).__name__


# -- errors ---------------------------------------------------------------------------------------------------
ERRORS = [
    ("max_pool2d", (2, 3, 8, 8), dict(kernel_size=2, padding=3)),
    ("max_pool2d", (2, 2, 2), dict(kernel_size=3)),
    ("max_pool2d", (4, 4), dict(kernel_size=2)),
    ("max_pool2d", (1, 1, 1, 4, 4), dict(kernel_size=2)),
    ("max_pool2d", (1, 0, 4, 4), dict(kernel_size=2)),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=0)),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=0, stride=1)),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=2, stride=-1)),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=2, dilation=0)),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=2, padding=-1)),
    ("max_pool2d", (1, 1, 8, 8), dict(kernel_size=2, padding=2, dilation=3)),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=(2, 2, 2))),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=2, stride=(1, 1, 1))),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=2, padding=(0, 0, 0))),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=2, dilation=(1, 1, 1))),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=2.5)),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size=(2, 2.0))),
    ("max_pool2d", (1, 1, 4, 4), dict(kernel_size="2")),
    ("max_pool1d", (2, 2), dict(kernel_size=3)),
    ("max_pool1d", (2, 2), dict(kernel_size=3, return_indices=True)),
    ("max_pool1d", (1, 1, 4, 4), dict(kernel_size=2)),
    ("max_pool1d", (4,), dict(kernel_size=2, return_indices=True)),
    ("max_pool1d", (3, 8), dict(kernel_size=2, padding=3)),
    ("max_pool1d", (3, 8), dict(kernel_size=(2, 2))),
    ("max_pool1d", (3, 8), dict(kernel_size=(2, 2), return_indices=True)),
    ("max_pool1d", (3, 8), dict(kernel_size=2, stride=0)),
    ("max_pool1d", (1, 0, 4), dict(kernel_size=2)),
    ("avg_pool2d", (2, 3, 8, 8), dict(kernel_size=2, padding=3)),
    ("avg_pool2d", (2, 2, 2), dict(kernel_size=3)),
    ("avg_pool2d", (4, 4), dict(kernel_size=2)),
    ("avg_pool2d", (1, 1, 4, 4), dict(kernel_size=2, divisor_override=0)),
    ("avg_pool2d", (1, 1, 4, 4), dict(kernel_size=2, divisor_override=2.5)),
    ("avg_pool2d", (1, 1, 4, 4), dict(kernel_size=(2, 2, 2))),
    ("avg_pool1d", (2, 2), dict(kernel_size=3)),
    ("avg_pool1d", (1, 1, 4, 4), dict(kernel_size=2)),
    ("avg_pool1d", (3, 8), dict(kernel_size=2, padding=(0, 0))),
    ("adaptive_avg_pool2d", (4, 4), dict(output_size=2)),
    ("adaptive_avg_pool2d", (1, 1, 4, 4), dict(output_size=-1)),
    ("adaptive_avg_pool2d", (1, 1, 0, 4), dict(output_size=2)),
    ("adaptive_avg_pool2d", (1, 1, 4, 4), dict(output_size=None)),
    ("adaptive_avg_pool2d", (3, 4), dict(output_size=(1, 2, 3))),
    ("adaptive_max_pool2d", (4, 4), dict(output_size=2)),
    ("adaptive_max_pool2d", (1, 0, 4, 4), dict(output_size=2)),
    ("adaptive_max_pool2d", (1, 1, 4, 4), dict(output_size=-1)),
    ("adaptive_avg_pool1d", (1, 1, 4, 4), dict(output_size=2)),
    ("adaptive_max_pool1d", (4, 0, 7), dict(output_size=2)),
]


@pytest.mark.parametrize("fn, shape, kw", ERRORS, ids=[f"{f}-{s}-{k}" for f, s, k in ERRORS])
def test_errors_as_torch(fn, shape, kw):
    t = run(torch, fn, np.ones(shape), **kw)
    assert t[0] == "error"
    check_against_torch(fn, np.ones(shape), **kw)


def test_the_documented_messages():
    with pytest.raises(RuntimeError, match=r"^pad should be at most half of effective kernel size, but got pad=3, "
                                           r"kernel_size=2 and dilation=1$"):
        MF.max_pool2d(minitorch.zeros(1, 1, 8, 8), 2, padding=3)
    with pytest.raises(RuntimeError, match=r"^Given input size: \(2x2x2\)\. Calculated output size: \(2x0x0\)\. "
                                           r"Output size is too small$"):
        MF.max_pool2d(minitorch.zeros(2, 2, 2), 3)


@pytest.mark.parametrize("call", [
    lambda: MF.max_pool2d(minitorch.zeros(2, 2, 2), 3),
    lambda: MF.max_pool2d(minitorch.zeros(1, 1, 4, 4), 2, padding=2),
    lambda: MF.max_pool1d(minitorch.zeros(2, 2), 3),
    lambda: MF.avg_pool2d(minitorch.zeros(1, 1, 4, 4), 2, divisor_override=0),
    lambda: MF.avg_pool2d(minitorch.zeros(2, 2, 2), 3),
    lambda: MF.adaptive_avg_pool2d(minitorch.zeros(1, 1, 0, 4), 2),
    lambda: MF.adaptive_max_pool2d(minitorch.zeros(4, 4), 2),
])
def test_a_bad_call_never_reaches_a_kernel(call, monkeypatch):
    def kernel(*args, **kwargs):
        raise AssertionError("a kernel ran on a bad call")
    for name in ("max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "adaptive_max_pool2d", "scatter_add_planes"):
        monkeypatch.setattr(kernels, name, kernel)
    with pytest.raises(RuntimeError):
        call()


# -- without numba's JIT -----------------------------------------------------------------------------------
NUMPY_PATH = [
    ("max_pool2d", (2, 3, 7, 8), dict(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True,
                                      return_indices=True)),
    ("max_pool2d", (2, 2, 9, 8), dict(kernel_size=(2, 3), stride=1, padding=1, dilation=2, return_indices=True)),
    ("avg_pool2d", (2, 3, 7, 8), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    ("avg_pool2d", (2, 3, 7, 8), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)),
    ("avg_pool2d", (2, 3, 7, 8), dict(kernel_size=2, ceil_mode=True, divisor_override=3)),
    ("adaptive_avg_pool2d", (2, 3, 7, 8), dict(output_size=(3, 5))),
    ("adaptive_max_pool2d", (2, 3, 7, 8), dict(output_size=(3, 10), return_indices=True)),
]


@pytest.mark.parametrize("fn, shape, kw", NUMPY_PATH)
def test_numpy_path_without_jit_matches_torch(fn, shape, kw, monkeypatch):
    """The same results from the plain NumPy code that runs under ``NUMBA_DISABLE_JIT=1``."""
    monkeypatch.setattr(kernels, "JIT_ENABLED", False)
    check_against_torch(fn, distinct_values(shape), **kw)


def test_numpy_path_of_batch_norm_kernels(monkeypatch):
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal((4, 3, 10)), rng.standard_normal((4, 3, 10))
    jit = (kernels.channel_stats(x), kernels.grad_sums(g, x, x.mean(axis=(0, 2))))
    monkeypatch.setattr(kernels, "JIT_ENABLED", False)
    plain = (kernels.channel_stats(x), kernels.grad_sums(g, x, x.mean(axis=(0, 2))))
    for a, b in zip(np.concatenate([np.ravel(v) for pair in jit for v in pair]),
                    np.concatenate([np.ravel(v) for pair in plain for v in pair])):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-12)


def test_large_inputs_take_the_parallel_kernels_with_the_same_results():
    arr = distinct_values((4, 16, 96, 96), seed=1)
    assert 64 * 48 * 48 * 9 >= kernels.PARALLEL_WORK  # the work of the max pooling below
    assert kernels._pick(kernels._MAX_POOL, kernels.PARALLEL_WORK) is kernels._MAX_POOL[1]
    check_against_torch("max_pool2d", arr, kernel_size=3, stride=2, padding=1, return_indices=True)
    check_against_torch("avg_pool2d", arr, kernel_size=3, stride=1, padding=1)
    check_against_torch("adaptive_avg_pool2d", arr, output_size=(50, 40))
    check_against_torch("adaptive_max_pool2d", arr, output_size=(50, 40), return_indices=True)


@pytest.mark.parametrize("amounts, mode", [((2, 1, 1, 3), "reflect"), ((1, 2, 3, 0), "replicate"),
                                           ((2, 1, 0, 1), "circular"), ((1, -1, 2, 0), "constant")])
def test_numpy_path_of_padding_without_jit(amounts, mode, monkeypatch):
    monkeypatch.setattr(kernels, "JIT_ENABLED", False)
    arr = np.random.default_rng(0).standard_normal((2, 3, 5, 4))
    t, m = run_pad(torch, arr, amounts, mode=mode), run_pad(minitorch, arr, amounts, mode=mode)
    np.testing.assert_array_equal(m[1].detach().numpy(), t[1].detach().numpy())
    up = np.random.default_rng(1).standard_normal(tuple(t[1].shape))
    t[1].backward(torch.from_numpy(up))
    m[1].backward(minitorch.from_numpy(up))
    np.testing.assert_allclose(m[2].grad.numpy(), t[2].grad.numpy(), rtol=1e-12, atol=1e-12)


# -- unpooling -----------------------------------------------------------------------------------------
def test_max_unpool_round_trip_as_torch():
    arr = distinct_values((2, 3, 6, 7))
    outs = []
    for lib in (minitorch, torch):
        x = lib.from_numpy(arr.copy()).requires_grad_()
        pool, unpool = lib.nn.MaxPool2d(2, return_indices=True), lib.nn.MaxUnpool2d(2)
        out = unpool(*pool(x), output_size=x.shape)
        out.backward(lib.from_numpy(np.arange(out.numel(), dtype=np.float64).reshape(tuple(out.shape))))
        outs.append((out.detach().numpy(), x.grad.numpy(), type(out.grad_fn).__name__))
    np.testing.assert_array_equal(outs[0][0], outs[1][0])
    np.testing.assert_array_equal(outs[0][1], outs[1][1])
    assert outs[0][2] == outs[1][2] == "MaxUnpool2DBackward0"


def _unpool(t, shape, idx_shape=None, fill=0, idx_dtype="int64", **kw):
    indices = t.full(idx_shape or shape, fill, dtype=getattr(t, idx_dtype))
    return t.nn.functional.max_unpool2d(t.ones(*shape), indices, 2, **kw)


@pytest.mark.parametrize("call", [
    lambda t: _unpool(t, (1, 1, 2, 2), idx_dtype="int32"),
    lambda t: _unpool(t, (1, 1, 2, 2), idx_shape=(1, 1, 2, 3)),
    lambda t: _unpool(t, (1, 1, 2, 2), fill=16),
    lambda t: _unpool(t, (1, 1, 2, 2), fill=-1),
    lambda t: _unpool(t, (2, 2)),
    lambda t: _unpool(t, (1, 1, 2, 2), output_size=(7, 5)),
    lambda t: _unpool(t, (1, 1, 2, 2), output_size=(1, 5, 5)),
    lambda t: _unpool(t, (1, 1, 2, 2), output_size=(1, 1, 5, 5)),
    lambda t: _unpool(t, (3, 2, 2), output_size=[5, 3]),
])
def test_max_unpool_arguments_and_errors_as_torch(call):
    def outcome(lib):
        try:
            return tuple(call(lib).shape)
        except Exception as e:  # noqa: BLE001
            return type(e), str(e)
    assert outcome(minitorch) == outcome(torch)


# -- padding ---------------------------------------------------------------------------------------------------
def run_pad(lib, arr, amounts, **kw):
    x = lib.from_numpy(arr.copy())
    if arr.dtype.kind == "f":
        x.requires_grad_(True)
    try:
        return ("ok", (MF if lib is minitorch else TF).pad(x, amounts, **kw), x)
    except Exception as e:  # noqa: BLE001
        return ("error", type(e), str(e))


@settings(max_examples=300, deadline=None)
@given(shape=st.lists(st.integers(0, 5), min_size=0, max_size=5).map(tuple),
       amounts=st.lists(st.integers(-3, 4), min_size=0, max_size=7).map(tuple),
       mode=st.sampled_from(["constant", "reflect", "replicate", "circular"]),
       value=st.sampled_from([None, 0, 2.5]), dtype=st.sampled_from(["float64", "int64", "bool"]))
def test_pad_matches_torch(shape, amounts, mode, value, dtype):
    if mode == "circular":  # torch's circular padding with negative amounts reads uninitialized memory
        amounts = tuple(abs(a) for a in amounts)
    arr = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    t, m = run_pad(torch, arr, amounts, mode=mode, value=value), run_pad(minitorch, arr, amounts, mode=mode,
                                                                         value=value)
    assert t[0] == m[0], (t, m)
    if t[0] == "error":
        assert m[1:] == t[1:]
        return
    (_, t_out, t_x), (_, m_out, m_x) = t, m
    assert tuple(m_out.shape) == tuple(t_out.shape) and m_out.detach().numpy().dtype == t_out.detach().numpy().dtype
    np.testing.assert_array_equal(m_out.detach().numpy(), t_out.detach().numpy())
    if t_out.requires_grad:
        assert type(m_out.grad_fn).__name__ == type(t_out.grad_fn).__name__
        up = np.random.default_rng(1).standard_normal(tuple(t_out.shape))
        t_out.backward(torch.from_numpy(up))
        m_out.backward(minitorch.from_numpy(up))
        np.testing.assert_allclose(m_x.grad.numpy(), t_x.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("amounts, kw", [((1, 1), {}), ((1, 2, 0, 1), dict(mode="reflect")),
                                         ((2, 2, 1, 1), dict(mode="replicate")), ((1, 1, 2, 1), dict(mode="circular")),
                                         ((1, 2), dict(value=3.0)), ((-1, 1, 1, -1), {}), ([1, 1], dict(value=0))])
def test_pad_arguments_as_torch(amounts, kw):
    arr = np.arange(24.0).reshape(1, 2, 3, 4)
    t, m = run_pad(torch, arr, amounts, **kw), run_pad(minitorch, arr, amounts, **kw)
    np.testing.assert_array_equal(m[1].detach().numpy(), t[1].detach().numpy())


@pytest.mark.parametrize("amounts, kw", [
    (None, {}), (1, {}), ((1.0, 1), {}), ((1, 1, 1), {}), ((1, 1), dict(mode="foo")),
    ((1, 1, 1, 1), dict(mode="reflect", value=1.0)), ((1,) * 8, dict(mode="reflect")), ((1, 1), dict(mode="reflect")),
    ((4, 0), dict(mode="reflect")), ((0, 5, 0, 0), dict(mode="circular")), ((-3, -3), {}), ((1,) * 10, {})])
def test_pad_errors_as_torch(amounts, kw):
    arr = np.arange(24.0).reshape(1, 2, 3, 4)
    t, m = run_pad(torch, arr, amounts, **kw), run_pad(minitorch, arr, amounts, **kw)
    assert t[0] == m[0] == "error" and m[1:] == t[1:], (t, m)


def test_constant_pad_of_a_view_does_not_alias_the_input():
    x = minitorch.arange(6.0).reshape(2, 3)
    out = MF.pad(x, (0, 0))
    out[0, 0] = 100.0
    assert x[0, 0].item() == 0.0


# -- modules ------------------------------------------------------------------------------------------------
REPRS = [
    lambda t: t.nn.MaxPool2d(2),
    lambda t: t.nn.MaxPool2d((2, 3), 1, 1, 2, True, True),
    lambda t: t.nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    lambda t: t.nn.MaxPool1d(3),
    lambda t: t.nn.MaxPool1d(3, 1, 1, ceil_mode=True),
    lambda t: t.nn.AvgPool2d(2),
    lambda t: t.nn.AvgPool2d(3, 1, 1, True, False, 4),
    lambda t: t.nn.AvgPool2d((2, 3), (1, 2)),
    lambda t: t.nn.AvgPool1d(3),
    lambda t: t.nn.AvgPool1d(3, 2, 1),
    lambda t: t.nn.AdaptiveAvgPool2d((1, 1)),
    lambda t: t.nn.AdaptiveAvgPool2d(3),
    lambda t: t.nn.AdaptiveAvgPool2d((None, 4)),
    lambda t: t.nn.AdaptiveAvgPool1d(4),
    lambda t: t.nn.AdaptiveMaxPool2d((None, 2)),
    lambda t: t.nn.AdaptiveMaxPool2d(2, True),
    lambda t: t.nn.AdaptiveMaxPool1d(2),
    lambda t: t.nn.MaxUnpool2d(2),
    lambda t: t.nn.MaxUnpool2d((2, 3), 1, 1),
    lambda t: t.nn.MaxUnpool1d(3),
]


@pytest.mark.parametrize("build", REPRS)
def test_module_repr_and_attributes_as_torch(build):
    m, t = build(minitorch), build(torch)
    assert repr(m) == repr(t)
    for name in ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices", "count_include_pad",
                 "divisor_override", "output_size"):
        assert getattr(m, name, None) == getattr(t, name, None)
    assert list(m.state_dict()) == [] and list(m.parameters()) == []


def test_modules_in_a_model_as_torch():
    arr = distinct_values((2, 1, 12, 12))
    outs = []
    for lib in (minitorch, torch):
        model = lib.nn.Sequential(lib.nn.MaxPool2d(2), lib.nn.AvgPool2d(3, 1, 1), lib.nn.AdaptiveAvgPool2d((2, 2)))
        x = lib.from_numpy(arr.copy()).requires_grad_()
        y = model(x)
        y.sum().backward()
        outs.append((y.detach().numpy(), x.grad.numpy(), repr(model)))
    np.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-12)
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-12)
    assert outs[0][2] == outs[1][2]


def test_every_tie_and_nan_pattern_of_a_2x2_window_as_torch():
    """MaxPool2d(2) has its own kernel (a tournament over the window's two rows): every pattern
    of a window's four values from {1, 2, NaN} gives torch's value, index and gradient."""
    patterns = np.array(np.meshgrid(*[[1.0, 2.0, np.nan]] * 4, indexing="ij")).reshape(4, -1).T  # (81, 4)
    arr = np.empty((2, 1, 2, 2 * len(patterns)))
    arr[0, 0] = patterns.reshape(-1, 2, 2).transpose(1, 0, 2).reshape(2, -1)
    arr[1, 0] = -arr[0, 0]
    for dtype in (np.float64, np.float32):
        t, m = run(torch, "max_pool2d", arr.astype(dtype), kernel_size=2, return_indices=True), \
            run(minitorch, "max_pool2d", arr.astype(dtype), kernel_size=2, return_indices=True)
        for mo, to in zip(m[1], t[1]):
            np.testing.assert_array_equal(mo.detach().numpy(), to.detach().numpy())
    check_against_torch("max_pool2d", np.nan_to_num(arr, nan=1.5), kernel_size=2)


# -- the padding layers (modules over F.pad) ------------------------------------------------------------------
PAD_LAYERS = [("ZeroPad1d", (2,), (2, 3, 5)), ("ZeroPad2d", ((1, 2, 0, 3),), (2, 3, 4, 5)), ("ZeroPad3d", (1,), (1, 2, 3, 3, 3)),
              ("ConstantPad1d", (2, 3.5), (3, 5)), ("ConstantPad2d", ((1, 0, 2, 0), 1), (2, 2, 3, 3)),
              ("ConstantPad3d", (1, -1.0), (1, 1, 2, 3, 4)), ("ReflectionPad1d", (2,), (2, 3, 5)),
              ("ReflectionPad2d", ((1, 2, 2, 1),), (1, 2, 4, 4)), ("ReflectionPad3d", (1,), (1, 1, 3, 3, 3)),
              ("ReplicationPad1d", ((1, 3),), (2, 3, 4)), ("ReplicationPad2d", (2,), (2, 2, 3, 3)),
              ("ReplicationPad3d", (1,), (1, 2, 2, 3, 2)), ("CircularPad1d", (1,), (2, 3, 4)),
              ("CircularPad2d", ((2, 1, 1, 0),), (1, 2, 3, 4)), ("CircularPad3d", (1,), (1, 1, 2, 3, 4))]


@pytest.mark.parametrize("name, args, shape", PAD_LAYERS)
def test_padding_layers_match_torch(name, args, shape):
    arr = np.random.default_rng(0).standard_normal(shape)
    results = []
    for lib in (minitorch, torch):
        layer = getattr(lib.nn, name)(*args)
        x = lib.tensor(arr, requires_grad=True)
        out = layer(x)
        out.backward(lib.tensor(np.arange(out.numel(), dtype=float).reshape(tuple(out.shape))))
        results.append((repr(layer), layer.padding, out.detach().numpy(), x.grad.numpy(), type(out.grad_fn).__name__))
    (m_repr, m_pad, m_out, m_grad, m_name), (t_repr, t_pad, t_out, t_grad, t_name) = results
    assert (m_repr, m_pad, m_name) == (t_repr, t_pad, t_name)
    np.testing.assert_array_equal(m_out, t_out)
    np.testing.assert_array_equal(m_grad, t_grad)


def run_layer_error(lib, call):
    try:
        call(lib)
    except Exception as e:  # noqa: BLE001 - the exception itself is compared
        return type(e).__name__, str(e).replace("minitorch.", "torch.")
    return None


def test_padding_layer_errors_match_torch():
    for call in (lambda lib: lib.nn.ReflectionPad2d(1)(lib.randn(3)),
                 lambda lib: lib.nn.ReflectionPad1d(3)(lib.randn(1, 2, 3)),
                 lambda lib: lib.nn.ZeroPad2d((1, 2, 3))(lib.randn(1, 2, 3))):
        t, m = run_layer_error(torch, call), run_layer_error(minitorch, call)
        assert m == t
