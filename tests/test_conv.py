"""Convolutions (minitorch/nn/functional/conv.py, nn/modules/conv.py, _kernels/conv.py), each
compared with real torch: hypothesis-drawn configurations (batch, channels, size, kernel, stride,
padding, dilation, groups, bias) for the output and the gradients of input, weight and bias in
float64 and float32, for conv1d/conv2d and the transposed convolutions; the course's
hand-checked examples; shape arithmetic; errors (type and message, raised before any kernel
runs); the layers' printing, parameters and initialization; batch chunking, the parallel kernels
and the NumPy fallback of the kernels."""
import math
import re
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import minitorch
from minitorch._kernels import conv as kernels
from minitorch.nn.functional import conv as conv_module
from parity import runner
from parity.cases.conv import conv_case, conv_transpose_case


def pair(arr, requires_grad=True):
    """The same values as a minitorch and a torch leaf tensor."""
    arr = np.asarray(arr)
    m, t = minitorch.tensor(arr.copy()), torch.tensor(arr.copy())
    if requires_grad and arr.dtype.kind == "f":
        m.requires_grad_(True)
        t.requires_grad_(True)
    return m, t


def assert_case_matches(case):
    for dtype in runner.DTYPES:
        row = runner.run_case(case, dtype, device="cpu")
        assert row.ok, f"{case.name} {dtype}: {row.status}"


# -- hypothesis over the configuration space ---------------------------------------------------------
@st.composite
def conv_configs(draw, spatial):
    groups = draw(st.integers(1, 3))
    in_channels = groups * draw(st.integers(1, 2))
    out_channels = groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 4)) for _ in range(spatial))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(spatial))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(spatial))
    choices = [st.tuples(*[st.integers(0, 2)] * spatial), st.just("valid")]
    if stride == (1,) * spatial:
        choices.append(st.just("same"))
    padding = draw(st.one_of(*choices))
    pads = padding if isinstance(padding, tuple) else (0,) * spatial
    sizes = tuple(max(1, d * (k - 1) + 1 - 2 * p) + draw(st.integers(0, 4))
                  for k, d, p in zip(kernel, dilation, pads))
    batch = draw(st.integers(0, 3))
    x_shape = (in_channels,) + sizes if batch == 0 else (batch, in_channels) + sizes  # 0: unbatched
    w_shape = (out_channels, in_channels // groups) + kernel
    return dict(x_shape=x_shape, w_shape=w_shape, bias=draw(st.booleans()), stride=stride, padding=padding,
                dilation=dilation, groups=groups, permute=draw(st.booleans()))


@given(conv_configs(spatial=2))
def test_conv2d_matches_torch_over_configurations(config):
    assert_case_matches(conv_case("hypothesis", **config))


@given(conv_configs(spatial=1))
def test_conv1d_matches_torch_over_configurations(config):
    assert_case_matches(conv_case("hypothesis", **config))


@st.composite
def conv_transpose_configs(draw, spatial):
    groups = draw(st.integers(1, 2))
    in_channels, out_channels = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(spatial))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(spatial))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(spatial))
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    sizes = tuple(draw(st.integers(1, 5)) for _ in range(spatial))
    # padding may not make the output empty: (size-1)*stride + dilation*(k-1) + output_padding + 1 > 2*padding
    padding = tuple(draw(st.integers(0, max(0, ((n - 1) * s + d * (k - 1) + o) // 2)))
                    for n, s, d, k, o in zip(sizes, stride, dilation, kernel, output_padding))
    batch = draw(st.integers(0, 2))
    x_shape = (in_channels,) + sizes if batch == 0 else (batch, in_channels) + sizes
    return dict(x_shape=x_shape, w_shape=(in_channels, out_channels // groups) + kernel, bias=draw(st.booleans()),
                stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation,
                permute=draw(st.booleans()))


@given(conv_transpose_configs(spatial=2))
def test_conv_transpose2d_matches_torch_over_configurations(config):
    assert_case_matches(conv_transpose_case("hypothesis", **config))


@given(conv_transpose_configs(spatial=1))
def test_conv_transpose1d_matches_torch_over_configurations(config):
    assert_case_matches(conv_transpose_case("hypothesis", **config))


@pytest.mark.parametrize("x_shape,w_shape", [((8, 1, 28, 28), (10, 1, 5, 5)), ((8, 10, 12, 12), (20, 10, 5, 5))])
def test_course_network_layers_match_torch(x_shape, w_shape):
    """The course CNN's two convolutions at full size (a batch of 8)."""
    assert_case_matches(conv_case("lenet", x_shape, w_shape))


# -- the course's examples -------------------------------------------------------------------------------
def course_example(lib, **kwargs):
    """A 5x5 image 1..25 and a 3x3 kernel 1..9, as the course sets them by hand."""
    x = lib.arange(1, 26, dtype=lib.float32).view(1, 1, 5, 5)
    conv = lib.nn.Conv2d(1, 1, kernel_size=3, bias=False, **kwargs)
    with lib.no_grad():
        conv.weight.copy_(lib.arange(1, 10, dtype=lib.float32).view(1, 1, 3, 3))
    return conv(x)


@pytest.mark.parametrize("kwargs", [{}, {"padding": 1}, {"stride": 2}, {"padding": 1, "stride": 2}])
def test_course_hand_checked_examples(kwargs):
    m, t = course_example(minitorch, **kwargs), course_example(torch, **kwargs)
    assert tuple(m.shape) == tuple(t.shape)
    np.testing.assert_array_equal(m.detach().numpy(), t.detach().numpy())  # small integers: exact
    assert type(m.grad_fn).__name__ == "ConvolutionBackward0"


def test_course_example_numbers():
    out = course_example(minitorch, padding=1, stride=2).detach().numpy()[0, 0]
    # top-left window sees [[0,0,0],[0,1,2],[0,6,7]] under the kernel 1..9
    assert out[0, 0] == 5 * 1 + 6 * 2 + 8 * 6 + 9 * 7
    assert out.shape == (3, 3)


@pytest.mark.parametrize("size,kernel,stride,padding,dilation,expected", [
    ((100, 100), 3, 1, 0, 1, (98, 98)),
    ((28, 28), 5, 1, 0, 1, (24, 24)),
    ((12, 12), 5, 1, 0, 1, (8, 8)),
    ((28, 28), 5, 1, 2, 1, (28, 28)),
    ((28, 28), 3, 2, 1, 1, (14, 14)),
    ((10, 13), (3, 4), (2, 3), (1, 0), (2, 1), (4, 4)),
])
def test_output_shape_arithmetic(size, kernel, stride, padding, dilation, expected):
    for lib in (minitorch, torch):
        conv = lib.nn.Conv2d(2, 3, kernel, stride=stride, padding=padding, dilation=dilation)
        assert tuple(conv(lib.zeros(1, 2, *size)).shape) == (1, 3) + expected


# -- grad_fn names, dtypes, odd inputs ----------------------------------------------------------------------
def test_grad_fn_names_match_torch():
    for shape, fn in [((1, 2, 5, 5), "conv2d"), ((2, 5, 5), "conv2d"), ((1, 2, 5), "conv1d"), ((2, 5), "conv1d")]:
        w_shape = (3, 2, 3, 3) if fn == "conv2d" else (3, 2, 3)
        names = []
        for lib in (minitorch, torch):
            x = lib.zeros(*shape, requires_grad=True)
            names.append(type(getattr(lib.nn.functional, fn)(x, lib.ones(*w_shape)).grad_fn).__name__)
        assert names[0] == names[1], (shape, names)


def test_only_weight_requires_grad():
    rng = np.random.default_rng(0)
    (mx, tx), (mw, tw) = pair(rng.standard_normal((2, 3, 6, 6)), False), pair(rng.standard_normal((4, 3, 3, 3)))
    mo, to = minitorch.nn.functional.conv2d(mx, mw, padding=1), torch.nn.functional.conv2d(tx, tw, padding=1)
    up = rng.standard_normal(tuple(to.shape))
    mo.backward(minitorch.tensor(up))
    to.backward(torch.tensor(up))
    np.testing.assert_allclose(mw.grad.numpy(), tw.grad.numpy(), atol=1e-12)
    assert mx.grad is None


def test_no_graph_without_grad():
    out = minitorch.nn.functional.conv2d(minitorch.randn(1, 1, 4, 4), minitorch.randn(1, 1, 2, 2))
    assert out.grad_fn is None and not out.requires_grad
    with minitorch.no_grad():
        out = minitorch.nn.functional.conv2d(minitorch.randn(1, 1, 4, 4, requires_grad=True),
                                             minitorch.randn(1, 1, 2, 2))
    assert out.grad_fn is None


@pytest.mark.parametrize("dtype", ["int64", "int32"])
def test_integer_convolution_matches_torch(dtype):
    rng = np.random.default_rng(1)
    x, w, b = rng.integers(-5, 5, (2, 3, 5, 5)), rng.integers(-3, 3, (4, 3, 2, 2)), rng.integers(-3, 3, (4,))
    args = [(a.astype(dtype)) for a in (x, w, b)]
    m = minitorch.nn.functional.conv2d(*[minitorch.tensor(a) for a in args], stride=2, padding=1)
    t = torch.nn.functional.conv2d(*[torch.tensor(a) for a in args], stride=2, padding=1)
    assert str(m.dtype) == "minitorch." + dtype
    np.testing.assert_array_equal(m.numpy(), t.numpy())


def test_input_without_channels_gives_torch_shape():
    for lib in (minitorch, torch):
        out = lib.nn.functional.conv2d(lib.zeros(2, 0, 5, 5), lib.zeros(3, 0, 3, 3), lib.ones(3))
        assert tuple(out.shape) == (2, 0, 3, 3)


def test_same_padding_with_even_kernel_warns_like_torch(monkeypatch):
    monkeypatch.setattr(conv_module, "_warned_even_same", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        minitorch.nn.functional.conv2d(minitorch.zeros(1, 1, 5, 5), minitorch.zeros(1, 1, 4, 4), padding="same")
        minitorch.nn.functional.conv2d(minitorch.zeros(1, 1, 5, 5), minitorch.zeros(1, 1, 4, 4), padding="same")
    messages = [str(w.message) for w in caught]
    assert messages == ["Using padding='same' with even kernel lengths and odd dilation may require a "
                        "zero-padded copy of the input be created"]  # once, as torch's TORCH_WARN_ONCE


def test_saved_input_modified_in_place_raises():
    x = minitorch.randn(1, 1, 4, 4, requires_grad=True)
    w = minitorch.randn(1, 1, 2, 2, requires_grad=True)
    y = x * 1
    out = minitorch.nn.functional.conv2d(y, w)
    with minitorch.no_grad():
        y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()


# -- errors: torch's type and message, before any kernel runs ------------------------------------------------
R = lambda lib, *s: lib.zeros(*s)  # noqa: E731


def F(lib):
    return lib.nn.functional


BAD_CALLS = {
    "channels": lambda t: F(t).conv2d(R(t, 64, 10, 12, 12), R(t, 20, 3, 5, 5)),
    "kernel_too_big": lambda t: F(t).conv2d(R(t, 1, 1, 2, 2), R(t, 1, 1, 5, 5)),
    "kernel_too_big_padded": lambda t: F(t).conv2d(R(t, 1, 1, 2, 5), R(t, 1, 1, 5, 5), padding=1, dilation=(1, 2)),
    "input_2d": lambda t: F(t).conv2d(R(t, 5, 5), R(t, 1, 1, 3, 3)),
    "input_5d": lambda t: F(t).conv2d(R(t, 1, 1, 1, 5, 5), R(t, 1, 1, 3, 3)),
    "conv1d_input_1d": lambda t: F(t).conv1d(R(t, 5), R(t, 1, 1, 3)),
    "conv1d_kernel_too_big": lambda t: F(t).conv1d(R(t, 1, 1, 2), R(t, 1, 1, 3)),
    "conv1d_weight_4d": lambda t: F(t).conv1d(R(t, 1, 1, 5), R(t, 1, 1, 3, 3)),
    "weight_3d": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3)),
    "weight_2d": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1)),
    "same_strided": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), stride=2, padding="same"),
    "same_weight_3d": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3), padding="same"),
    "same_stride_3_values": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), padding="same",
                                                  stride=(1, 1, 1)),
    "bad_padding_string": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), padding="SAME"),
    "negative_padding": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), padding=(-1, 0)),
    "zero_stride": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), stride=0),
    "zero_dilation": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), dilation=(1, 0)),
    "negative_dilation": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), dilation=-1),
    "zero_groups": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), groups=0),
    "groups_not_dividing": lambda t: F(t).conv2d(R(t, 1, 4, 5, 5), R(t, 3, 2, 3, 3), groups=2),
    "groups_over_out": lambda t: F(t).conv2d(R(t, 1, 4, 5, 5), R(t, 2, 1, 3, 3), groups=4),
    "grouped_channels": lambda t: F(t).conv2d(R(t, 1, 3, 5, 5), R(t, 4, 2, 3, 3), groups=2),
    "stride_3_values": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), stride=(1, 2, 3)),
    "padding_3_values": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), padding=[1, 2, 3]),
    "empty_stride": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), stride=()),
    "bias_shape": lambda t: F(t).conv2d(R(t, 1, 4, 5, 5), R(t, 4, 2, 3, 3), R(t, 3), groups=2),
    "bias_2d": lambda t: F(t).conv2d(R(t, 1, 4, 5, 5), R(t, 4, 4, 3, 3), R(t, 4, 1)),
    "bias_dtype": lambda t: F(t).conv2d(R(t, 1, 1, 2, 2), R(t, 1, 1, 3, 3), R(t, 1).double()),
    "weight_dtype": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3).double()),
    "input_long_weight_float": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5).long(), R(t, 1, 1, 3, 3)),
    "bool_input": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5).bool(), R(t, 1, 1, 3, 3).bool()),
    "zero_height": lambda t: F(t).conv2d(R(t, 1, 1, 0, 5), R(t, 1, 1, 3, 3), padding=2),
    "zero_out_channels": lambda t: F(t).conv2d(R(t, 1, 2, 5, 5), R(t, 0, 2, 3, 3)),
    "float_padding": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), padding=1.5),
    "float_in_stride": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), stride=(1, 2.0)),
    "none_stride": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), stride=None),
    "bool_groups": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), groups=True),
    "list_weight": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), [1]),
    "list_bias": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), bias=[1]),
    "conv1d_float_padding": lambda t: F(t).conv1d(R(t, 1, 4, 5), R(t, 4, 4, 3), padding=(1, 2.5)),
    # several faults at once: the first one torch checks is reported
    "groups_before_padding": lambda t: F(t).conv2d(R(t, 1, 1, 5, 5), R(t, 1, 1, 3, 3), padding=-1, groups=0),
    "channels_before_dtype": lambda t: F(t).conv2d(R(t, 1, 2, 5, 5), R(t, 1, 1, 3, 3).double()),
    "kernel_before_dtype": lambda t: F(t).conv2d(R(t, 1, 1, 2, 2), R(t, 1, 1, 3, 3).double()),
    "bias_dtype_before_shape": lambda t: F(t).conv2d(R(t, 5, 5), R(t, 1, 1, 3, 3), R(t, 1).double()),
    "batch_dims_before_padding_string": lambda t: F(t).conv2d(R(t, 5, 5), R(t, 1, 1, 3, 3), padding="foo"),
    "dilated_kernel_fits": lambda t: F(t).conv2d(R(t, 1, 1, 2, 2), R(t, 1, 1, 3, 3), dilation=0),
    # the transposed convolutions: their own checks and messages
    "t_input_2d": lambda t: F(t).conv_transpose2d(R(t, 5, 5), R(t, 4, 3, 3, 3)),
    "t_channels": lambda t: F(t).conv_transpose2d(R(t, 1, 3, 5, 5), R(t, 4, 3, 3, 3)),
    "t_bias": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), R(t, 4)),
    "t_output_padding": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), stride=2,
                                                        output_padding=2),
    "t_output_padding_1d": lambda t: F(t).conv_transpose1d(R(t, 1, 4, 5), R(t, 4, 3, 3), stride=2, output_padding=2),
    "t_negative_output_padding": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3),
                                                                 output_padding=-1),
    "t_output_too_small": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 1, 1), R(t, 4, 3, 3, 3), padding=3),
    "t_zero_dilation": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), dilation=0),
    "t_groups": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), groups=3),
    "t_output_padding_list": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3),
                                                             output_padding=(1, 2, 3)),
    "t_weight_dtype": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3).double()),
    "t_bool": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5).bool(), R(t, 4, 3, 3, 3).bool()),
    "t_zero_height": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 0, 5), R(t, 4, 3, 3, 3)),
    "t_string_padding": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), padding="same"),
    "t_float_stride": lambda t: F(t).conv_transpose1d(R(t, 1, 4, 5), R(t, 4, 3, 3), stride=1.5),
    "t_float_in_padding": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), padding=(1, 2.0)),
    "t_bool_groups": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), groups=True),
    "t_list_bias": lambda t: F(t).conv_transpose2d(R(t, 1, 4, 5, 5), R(t, 4, 3, 3, 3), [1]),
    "t_list_input": lambda t: F(t).conv_transpose2d([1], R(t, 4, 3, 3, 3)),
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_errors_match_torch_and_come_before_any_kernel(name, monkeypatch):
    call = BAD_CALLS[name]
    with pytest.raises(Exception) as expected:
        call(torch)

    def no_kernel(*args, **kwargs):
        raise AssertionError("a bad call reached a kernel")
    monkeypatch.setattr(kernels, "im2col", no_kernel)
    monkeypatch.setattr(kernels, "col2im", no_kernel)
    with pytest.raises(Exception) as got:
        call(minitorch)
    assert type(got.value) is type(expected.value)
    assert str(got.value) == str(expected.value)


# -- modules -------------------------------------------------------------------------------------------------
MODULE_CONFIGS = [
    ("Conv2d", (1, 10, 5), {}),
    ("Conv2d", (10, 20, 5), {}),
    ("Conv2d", (4, 8, (3, 5)), dict(stride=2, padding=(1, 2), dilation=2, groups=2, bias=False)),
    ("Conv2d", (4, 8, 3), dict(padding="same")),
    ("Conv2d", (4, 8, 3), dict(padding="valid")),
    ("Conv2d", (4, 8, 3), dict(padding=(0, 0))),
    ("Conv2d", (4, 8, [3, 2]), dict(padding=[1, 0], stride=[1, 2])),
    ("Conv2d", (4, 8, 3), dict(padding=1, padding_mode="reflect")),
    ("Conv1d", (4, 8, 3), dict(stride=2, padding=1, dilation=2, groups=4, padding_mode="circular")),
    ("Conv1d", (4, 8, 4), dict(padding="same")),
    ("Conv1d", (16, 33, 3), dict(stride=2)),
    ("ConvTranspose2d", (4, 6, 3), dict(stride=2, padding=1, output_padding=1, groups=2, dilation=2, bias=False)),
    ("ConvTranspose2d", (16, 33, (3, 5)), dict(stride=(2, 1), padding=(4, 2))),
    ("ConvTranspose1d", (4, 6, 3), dict(stride=2)),
]


@pytest.mark.parametrize("cls,args,kwargs", MODULE_CONFIGS)
def test_module_repr_parameters_and_attributes_match_torch(cls, args, kwargs):
    m, t = getattr(minitorch.nn, cls)(*args, **kwargs), getattr(torch.nn, cls)(*args, **kwargs)
    assert repr(m) == repr(t)
    assert [(n, tuple(p.shape)) for n, p in m.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in t.named_parameters()]
    assert list(m.state_dict()) == list(t.state_dict())
    for attr in ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "transposed",
                 "output_padding", "groups", "padding_mode", "_reversed_padding_repeated_twice"):
        assert getattr(m, attr) == getattr(t, attr), attr
    assert str(m.weight.dtype) == "minitorch.float32"


@pytest.mark.parametrize("kwargs", [
    dict(groups=2, in_channels=3), dict(groups=2, out_channels=7), dict(groups=0), dict(groups=-1),
    dict(padding="foo"), dict(padding="same", stride=2), dict(padding_mode="zero"),
])
def test_module_constructor_errors_match_torch(kwargs):
    full = dict(in_channels=4, out_channels=8, kernel_size=3)
    full.update(kwargs)
    with pytest.raises(ValueError) as expected:
        torch.nn.Conv2d(**full)
    with pytest.raises(ValueError) as got:
        minitorch.nn.Conv2d(**full)
    assert _sorted_sets(str(got.value)) == _sorted_sets(str(expected.value))


def _sorted_sets(message):
    """torch prints a set of valid values, whose order varies with the process's string hashing (and
    with the order its compiled file stored the set in): compare the sets' contents."""
    return re.sub(r"\{([^}]*)\}", lambda m: str(sorted(m.group(1).split(", "))), message)


@pytest.mark.parametrize("cls,input_shape,output_size", [
    ("ConvTranspose2d", (1, 4, 5, 5), [10, 10]),
    ("ConvTranspose2d", (1, 4, 5, 5), [9, 10]),
    ("ConvTranspose2d", (1, 4, 5, 5), [1, 6, 10, 10]),
    ("ConvTranspose2d", (4, 5, 5), [10, 9]),
    ("ConvTranspose2d", (1, 4, 5, 5), [12, 12]),
    ("ConvTranspose2d", (1, 4, 5, 5), [12]),
    ("ConvTranspose1d", (4, 5), [10]),
    ("ConvTranspose1d", (1, 4, 5), [1, 6, 11]),
])
def test_conv_transpose_output_size_matches_torch(cls, input_shape, output_size):
    results = []
    for lib in (minitorch, torch):
        layer = getattr(lib.nn, cls)(4, 6, 3, stride=2, padding=1)
        try:
            results.append(tuple(layer(lib.zeros(*input_shape), output_size=output_size).shape))
        except ValueError as e:
            results.append(str(e).replace("minitorch.Size", "Size").replace("torch.Size", "Size"))
    assert results[0] == results[1]


def test_conv_transpose_only_zeros_padding_mode():
    for lib in (minitorch, torch):
        with pytest.raises(ValueError, match='Only "zeros" padding mode is supported for ConvTranspose2d'):
            lib.nn.ConvTranspose2d(4, 6, 3, padding_mode="reflect")


def test_conv_transpose_is_the_adjoint_of_conv():
    """<conv(x), y> == <x, conv_transpose(y)> with the same weight: the definition of the adjoint."""
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 4, 9, 8)), rng.standard_normal((6, 2, 3, 2))
    y = minitorch.nn.functional.conv2d(minitorch.tensor(x), minitorch.tensor(w), stride=2, padding=1, groups=2)
    y_arr = rng.standard_normal(tuple(y.shape))
    back = minitorch.nn.functional.conv_transpose2d(minitorch.tensor(y_arr), minitorch.tensor(w), stride=2,
                                                    padding=1, groups=2)
    assert tuple(back.shape) == x.shape
    np.testing.assert_allclose((y.numpy() * y_arr).sum(), (x * back.numpy()).sum(), rtol=1e-12)


def test_module_default_init_statistics_match_torch():
    """weight ~ kaiming_uniform_(a=sqrt(5)) = U(+-1/sqrt(fan_in)), bias ~ U(+-1/sqrt(fan_in)):
    the same bound and spread as torch's (the random streams differ)."""
    minitorch.manual_seed(0)
    torch.manual_seed(0)
    m, t = minitorch.nn.Conv2d(16, 64, 5), torch.nn.Conv2d(16, 64, 5)
    bound = 1 / math.sqrt(16 * 25)
    for mp, tp in ((m.weight, t.weight), (m.bias, t.bias)):
        ma, ta = mp.detach().numpy(), tp.detach().numpy()
        assert np.abs(ma).max() <= bound and np.abs(ta).max() <= bound
        assert np.abs(ma).max() > 0.95 * bound  # fills the interval, like torch's
        assert abs(ma.std() - ta.std()) < 0.1 * bound
        assert abs(ma.mean()) < 0.1 * bound
    assert abs(m.weight.detach().numpy().std() - bound / math.sqrt(3)) < 0.02 * bound


def test_module_with_dtype_and_grad_flow():
    conv = minitorch.nn.Conv2d(2, 3, 3, dtype=minitorch.float64)
    out = conv(minitorch.randn(1, 2, 5, 5, dtype=minitorch.float64))
    out.sum().backward()
    assert str(out.dtype) == "minitorch.float64"
    assert conv.weight.grad is not None and conv.bias.grad is not None


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("cls,x_shape,kwargs", [
    ("Conv2d", (2, 3, 6, 7), dict(padding=(1, 2))),
    ("Conv2d", (3, 6, 7), dict(padding=(3, 2), stride=2)),
    ("Conv2d", (2, 3, 6, 7), dict(padding="same", kernel_size=4)),
    ("Conv1d", (2, 3, 7), dict(padding=2, dilation=2)),
    ("Conv1d", (3, 7), dict(padding=1)),
])
def test_padding_modes_match_torch(mode, cls, x_shape, kwargs):
    kwargs = {"kernel_size": 3, **kwargs}
    rng = np.random.default_rng(0)
    t = getattr(torch.nn, cls)(3, 4, padding_mode=mode, **kwargs).double()
    m = getattr(minitorch.nn, cls)(3, 4, padding_mode=mode, dtype=minitorch.float64, **kwargs)
    m.load_state_dict({k: v.detach().numpy() for k, v in t.state_dict().items()})
    mx, tx = pair(rng.standard_normal(x_shape))
    mo, to = m(mx), t(tx)
    np.testing.assert_allclose(mo.detach().numpy(), to.detach().numpy(), atol=1e-12)
    up = rng.standard_normal(tuple(to.shape))
    mo.backward(minitorch.tensor(up))
    to.backward(torch.tensor(up))
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(m.weight.grad.numpy(), t.weight.grad.numpy(), atol=1e-12)
    assert type(mo.grad_fn).__name__ == type(to.grad_fn).__name__
    if to.grad_fn.next_functions[0][0] is not None:  # the padding (batched) or the convolution (unbatched)
        assert type(mo.grad_fn.next_functions[0][0]).__name__ == type(to.grad_fn.next_functions[0][0]).__name__


@pytest.mark.parametrize("mode,padding,x_shape", [
    ("reflect", 5, (1, 4, 5, 5)), ("reflect", (5, 1), (1, 4, 5, 5)), ("reflect", 5, (4, 5, 5)),
    ("circular", 6, (1, 4, 5, 5)), ("reflect", 1, (5, 5)), ("replicate", 1, (1, 1, 4, 5, 5)),
    ("reflect", 1, (1, 4, 0, 5)),
])
def test_padding_mode_errors_match_torch(mode, padding, x_shape):
    with pytest.raises(Exception) as expected:
        torch.nn.Conv2d(4, 8, 3, padding=padding, padding_mode=mode)(torch.zeros(*x_shape))
    with pytest.raises(Exception) as got:
        minitorch.nn.Conv2d(4, 8, 3, padding=padding, padding_mode=mode)(minitorch.zeros(*x_shape))
    assert type(got.value) is type(expected.value)
    assert str(got.value) == str(expected.value)


# -- the kernels: chunking, threads, the NumPy path -------------------------------------------------------
def test_large_batch_is_chunked_and_matches_torch(monkeypatch):
    """With a small column budget a batch of 37 runs in chunks of 5 (columns rebuilt in backward)."""
    monkeypatch.setattr(conv_module, "COLUMN_BUDGET", 5 * 3 * 9 * 36 * 8)
    geo_chunks = []
    real_chunks = conv_module._Geometry.chunks

    def spy(self, n, c, itemsize):
        result = real_chunks(self, n, c, itemsize)
        geo_chunks.append(len(result))
        return result
    monkeypatch.setattr(conv_module._Geometry, "chunks", spy)
    assert_case_matches(conv_case("chunked", (37, 3, 8, 8), (4, 3, 3, 3), padding=1, stride=(1, 2)))
    assert_case_matches(conv_case("chunked_groups", (37, 4, 6, 6), (4, 2, 3, 3), groups=2))
    assert max(geo_chunks) >= 8


def test_backward_twice_with_retained_graph_matches_torch():
    """Every backward through a retained graph gives torch's gradients (the chunk loops reuse
    scratch memory, so nothing of one backward may leak into the next)."""
    rng = np.random.default_rng(0)
    (mx, tx), (mw, tw) = pair(rng.standard_normal((3, 2, 7, 7))), pair(rng.standard_normal((4, 2, 3, 3)))
    mo, to = minitorch.nn.functional.conv2d(mx, mw, padding=1), torch.nn.functional.conv2d(tx, tw, padding=1)
    for _ in range(2):
        up = rng.standard_normal(tuple(to.shape))
        mo.backward(minitorch.tensor(up), retain_graph=True)
        to.backward(torch.tensor(up), retain_graph=True)
        np.testing.assert_allclose(mw.grad.numpy(), tw.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), rtol=1e-12)


def test_parallel_kernels_match_serial(monkeypatch):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 4, 9, 10))
    args = ((3, 2), (2, 1), (1, 2), (4, 8))
    serial_cols = kernels.im2col(x, *args)
    serial_grad = np.zeros_like(x)
    kernels.col2im(serial_cols, serial_grad, *args)
    monkeypatch.setattr(kernels, "PARALLEL_THRESHOLD", 0)
    parallel_cols = kernels.im2col(x, *args)
    parallel_grad = np.zeros_like(x)
    kernels.col2im(parallel_cols, parallel_grad, *args)
    np.testing.assert_array_equal(parallel_cols, serial_cols)
    np.testing.assert_allclose(parallel_grad, serial_grad, atol=1e-12)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_numpy_path_matches_numba_path(monkeypatch, dtype):
    """Without the JIT (NUMBA_DISABLE_JIT=1) the kernels fall back to NumPy: same results."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 9, 10)).astype(dtype)
    args = ((3, 2), (2, 3), (2, 1), (3, 3))
    jit_cols = kernels.im2col(x, *args)
    jit_grad = np.zeros_like(x)
    kernels.col2im(jit_cols, jit_grad, *args)
    monkeypatch.setattr(kernels, "JIT_ENABLED", False)
    np_cols = kernels.im2col(x, *args)
    np_grad = np.zeros_like(x)
    kernels.col2im(np_cols, np_grad, *args)
    np.testing.assert_array_equal(np_cols, jit_cols)
    np.testing.assert_allclose(np_grad, jit_grad, rtol=1e-6)
    assert_case_matches(conv_case("numpy_path", (2, 4, 9, 10), (6, 2, 3, 2), stride=(2, 3), dilation=(2, 1),
                                  groups=2, padding=1))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("x_shape, kernel, stride, dilation", [
    ((2, 3, 7, 6), (2, 3), (2, 1), (2, 1)),     # narrow output rows: one gather per window
    ((2, 2, 9, 30), (3, 2), (1, 1), (1, 1)),    # wide rows, stride 1: contiguous copies
    ((2, 2, 9, 40), (2, 3), (2, 3), (3, 2)),    # wide rows, strided and dilated
])
def test_im2col_and_col2im_match_the_window_view(x_shape, kernel, stride, dilation, dtype):
    """Both paths of the compiled im2col (narrow and wide output rows) against the zero-copy window
    view, and col2im against adding the columns back through that view."""
    x = np.random.default_rng(0).standard_normal(x_shape).astype(dtype)
    out_size = tuple((n - d * (k - 1) - 1) // s + 1 for n, k, s, d in zip(x_shape[2:], kernel, stride, dilation))
    cols = kernels.im2col(x, kernel, stride, dilation, out_size)
    view = kernels.windows(x, kernel, stride, dilation, out_size)
    np.testing.assert_array_equal(cols, view.reshape(cols.shape))
    grad = np.zeros_like(x)
    kernels.col2im(cols, grad, kernel, stride, dilation, out_size)
    count = np.zeros(x_shape)  # col2im adds each pixel back once per window that read it
    for c, i, j, n, y, z in np.ndindex(view.shape):
        count[n, c, y * stride[0] + i * dilation[0], z * stride[1] + j * dilation[1]] += 1
    np.testing.assert_allclose(grad, x * count, rtol=1e-6)


def test_im2col_is_the_window_view():
    """Each column is one output pixel's window: checked against an explicit loop."""
    x = np.arange(2 * 3 * 7 * 6, dtype=np.float64).reshape(2, 3, 7, 6)
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = (2, 3), (2, 1), (2, 1), (3, 4)
    cols = kernels.im2col(x, (kh, kw), (sh, sw), (dh, dw), (oh, ow)).reshape(3, kh, kw, 2, oh, ow)
    for c, i, j, n, y, z in np.ndindex(cols.shape):
        assert cols[c, i, j, n, y, z] == x[n, c, y * sh + i * dh, z * sw + j * dw]
