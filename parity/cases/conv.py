"""Parity cases for the convolutions (minitorch/nn/functional/conv.py, nn/modules/conv.py):
``F.conv2d`` and ``F.conv1d`` over the configuration space -- batch, channels, spatial size,
kernel, stride, padding (ints, tuples, 'same' with odd and even kernels, 'valid'), dilation,
groups (including depthwise), bias or not, unbatched and non-contiguous inputs --, the
transposed convolutions (with output_padding), and the ``Conv1d``/``Conv2d``/``ConvTranspose``
layers with torch's weights copied in.

Inputs stay small, a few hundred values (the hypothesis gradchecks of tests/test_gradcheck.py
draw every value); the course network's full-size layers are checked in tests/test_conv.py and
by the ``Conv2d/lenet`` module case.

float32 tolerances are sized for the sums: each output adds C/g*kh*kw products, each weight
gradient N*OH*OW of them, each input gradient up to O/g*kh*kw. A sum of k products of values of
order 1 carries a rounding error of about k * 1e-7 in float32, whatever order BLAS adds them in.
"""
from parity.case import Arg, OpCase
from parity.module_case import ModuleCase


def _out_len(size, k, s, p, d):
    return (size + p[0] + p[1] - d * (k - 1) - 1) // s + 1


def _tolerances(x_shape, w_shape, stride, padding, dilation, groups):
    """float32 atol/rtol grown with the longest sum among output, weight grad and input grad."""
    spatial = len(w_shape) - 2
    x_sp = x_shape[-spatial:]
    n = x_shape[0] if len(x_shape) == spatial + 2 else 1
    pads = padding
    if isinstance(padding, str):
        totals = [dilation[i] * (w_shape[2 + i] - 1) for i in range(spatial)] if padding == "same" else [0] * spatial
        pads = [(t // 2, t - t // 2) for t in totals]
    else:
        pads = [(p, p) for p in padding]
    outs = [_out_len(x_sp[i], w_shape[2 + i], stride[i], pads[i], dilation[i]) for i in range(spatial)]
    kernel = 1
    for k in w_shape[2:]:
        kernel *= k
    pixels = n
    for o in outs:
        pixels *= o
    longest = max(w_shape[1] * kernel, pixels, w_shape[0] // groups * kernel)
    tol = max(1e-5, 2e-7 * longest)
    return {"float64": 1e-10, "float32": tol}, {"float64": 1e-8, "float32": 1e-4}


def conv_case(name, x_shape, w_shape, bias=True, stride=1, padding=0, dilation=1, groups=1, permute=False):
    """An F.conv1d/F.conv2d case (picked by the weight's rank) on inputs of the given shapes."""
    spatial = len(w_shape) - 2
    as_tuple = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v,) * spatial  # noqa: E731
    pad = padding if isinstance(padding, str) else as_tuple(padding)
    atol, rtol = _tolerances(x_shape, w_shape, as_tuple(stride), pad, as_tuple(dilation), groups)
    fn_name = "conv2d" if spatial == 2 else "conv1d"
    args = [Arg(x_shape, permute=permute), Arg(w_shape, permute=permute)]
    if bias:
        args.append(Arg((w_shape[0],)))

    def fn(t, x, w, b=None):
        return getattr(t.nn.functional, fn_name)(x, w, b, stride=stride, padding=padding, dilation=dilation,
                                                 groups=groups)
    return OpCase(f"{fn_name}/{name}", fn, args, atol=atol, rtol=rtol)


CONV2D = [
    conv_case("basic", (2, 3, 7, 8), (4, 3, 3, 3)),
    conv_case("no_bias", (2, 3, 7, 8), (4, 3, 3, 3), bias=False),
    conv_case("rect_kernel", (2, 2, 6, 9), (3, 2, 2, 4)),
    conv_case("1x1", (3, 5, 4, 4), (6, 5, 1, 1)),
    conv_case("kernel_covers_input", (2, 3, 5, 4), (2, 3, 5, 4)),
    conv_case("batch_1", (1, 3, 6, 6), (2, 3, 3, 3)),
    conv_case("zero_batch", (0, 3, 6, 6), (2, 3, 3, 3)),
    conv_case("stride_2", (2, 3, 9, 8), (4, 3, 3, 3), stride=2),
    conv_case("stride_tuple", (2, 3, 9, 8), (4, 3, 3, 2), stride=(2, 1)),
    conv_case("stride_over_kernel", (2, 2, 10, 11), (3, 2, 2, 2), stride=3),
    conv_case("padding_1", (2, 3, 6, 7), (4, 3, 3, 3), padding=1),
    conv_case("padding_tuple", (2, 3, 6, 7), (4, 3, 3, 3), padding=(2, 1)),
    conv_case("padding_same_odd", (2, 3, 6, 7), (4, 3, 3, 5), padding="same"),
    conv_case("padding_same_even", (2, 3, 6, 7), (4, 3, 4, 2), padding="same"),
    conv_case("padding_same_dilated", (2, 3, 8, 7), (4, 3, 3, 2), padding="same", dilation=(2, 3)),
    conv_case("padding_valid", (2, 3, 6, 7), (4, 3, 3, 3), padding="valid"),
    conv_case("dilation_2", (2, 3, 9, 9), (4, 3, 3, 3), dilation=2),
    conv_case("dilation_tuple", (2, 3, 9, 9), (4, 3, 3, 2), dilation=(1, 3)),
    conv_case("groups_2", (2, 4, 7, 7), (6, 2, 3, 3), groups=2),
    conv_case("groups_3_no_bias", (2, 6, 6, 5), (3, 2, 2, 3), groups=3, bias=False),
    conv_case("depthwise", (2, 4, 7, 6), (8, 1, 3, 3), groups=4, padding=1),
    conv_case("everything", (2, 4, 9, 7), (6, 2, 3, 2), stride=(2, 3), padding=(1, 2), dilation=(2, 1), groups=2),
    conv_case("unbatched", (3, 7, 8), (4, 3, 3, 3), padding=1),
    conv_case("unbatched_same", (2, 6, 6), (3, 2, 2, 2), padding="same"),
    conv_case("noncontiguous", (2, 3, 7, 8), (4, 3, 3, 3), permute=True, stride=2, padding=1),
]

CONV1D = [
    conv_case("basic", (2, 3, 10), (4, 3, 3)),
    conv_case("no_bias", (2, 3, 10), (4, 3, 3), bias=False),
    conv_case("stride_padding", (2, 3, 11), (4, 3, 3), stride=2, padding=1),
    conv_case("dilation", (2, 3, 12), (4, 3, 3), dilation=3),
    conv_case("padding_same_even", (2, 3, 9), (4, 3, 4), padding="same"),
    conv_case("padding_same_dilated", (2, 3, 9), (4, 3, 3), padding="same", dilation=2),
    conv_case("padding_valid", (2, 3, 9), (4, 3, 3), padding="valid"),
    conv_case("groups", (2, 6, 9), (4, 3, 2), groups=2),
    conv_case("depthwise", (2, 3, 9), (3, 1, 3), groups=3),
    conv_case("unbatched", (3, 10), (4, 3, 3), padding=2),
    conv_case("noncontiguous", (2, 3, 10), (4, 3, 3), permute=True),
]


def conv_transpose_case(name, x_shape, w_shape, bias=True, stride=1, padding=0, output_padding=0, groups=1,
                        dilation=1, permute=False):
    """An F.conv_transpose1d/2d case (picked by the weight's rank); weight (in, out/groups, *kernel)."""
    spatial = len(w_shape) - 2
    kernel = 1
    for k in w_shape[2:]:
        kernel *= k
    pixels = x_shape[0] if len(x_shape) == spatial + 2 else 1
    for size in x_shape[-spatial:]:
        pixels *= size
    longest = max(w_shape[0] // groups * kernel, pixels, w_shape[1] * kernel)
    atol = {"float64": 1e-10, "float32": max(1e-5, 2e-7 * longest)}
    fn_name = "conv_transpose2d" if spatial == 2 else "conv_transpose1d"
    args = [Arg(x_shape, permute=permute), Arg(w_shape, permute=permute)]
    if bias:
        args.append(Arg((w_shape[1] * groups,)))

    def fn(t, x, w, b=None):
        return getattr(t.nn.functional, fn_name)(x, w, b, stride=stride, padding=padding,
                                                 output_padding=output_padding, groups=groups, dilation=dilation)
    return OpCase(f"{fn_name}/{name}", fn, args, atol=atol, rtol={"float64": 1e-8, "float32": 1e-4})


TRANSPOSED = [
    conv_transpose_case("basic", (2, 4, 5, 5), (4, 3, 3, 3)),
    conv_transpose_case("no_bias", (2, 4, 5, 6), (4, 3, 2, 3), bias=False),
    conv_transpose_case("stride_2", (2, 4, 5, 5), (4, 3, 3, 3), stride=2),
    conv_transpose_case("stride_padding_output_padding", (2, 4, 5, 6), (4, 3, 3, 3), stride=(2, 3), padding=1,
                        output_padding=(1, 2)),
    conv_transpose_case("output_padding_under_dilation", (2, 2, 4, 5), (2, 3, 3, 2), stride=2, dilation=(1, 3),
                        output_padding=(1, 2)),
    conv_transpose_case("groups", (2, 4, 5, 5), (4, 2, 3, 3), groups=2, stride=2, padding=1),
    conv_transpose_case("unbatched", (4, 5, 6), (4, 3, 3, 2), stride=(1, 2)),
    conv_transpose_case("noncontiguous", (2, 4, 5, 5), (4, 3, 3, 3), permute=True, stride=2),
    conv_transpose_case("1d", (2, 4, 7), (4, 3, 3), stride=3, padding=2, output_padding=2),
    conv_transpose_case("1d_unbatched_groups", (4, 7), (4, 1, 3), groups=2, dilation=2),
]


def module_case(name, build, x_shape, tol_shapes):
    atol, rtol = _tolerances(*tol_shapes)
    return ModuleCase(name, build, [x_shape], atol=atol, rtol=rtol)


MODULES = [
    module_case("Conv2d/lenet", lambda t: t.nn.Conv2d(1, 10, 5), (4, 1, 28, 28),
                ((4, 1, 28, 28), (10, 1, 5, 5), (1, 1), (0, 0), (1, 1), 1)),
    module_case("Conv2d/strided_grouped", lambda t: t.nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, groups=2),
                (2, 4, 7, 8), ((2, 4, 7, 8), (6, 2, 3, 2), (2, 2), (1, 1), (1, 1), 2)),
    module_case("Conv2d/same_no_bias", lambda t: t.nn.Conv2d(3, 4, 4, padding="same", bias=False), (2, 3, 6, 6),
                ((2, 3, 6, 6), (4, 3, 4, 4), (1, 1), "same", (1, 1), 1)),
    module_case("Conv2d/dilated_unbatched", lambda t: t.nn.Conv2d(3, 4, 3, dilation=2), (3, 8, 9),
                ((3, 8, 9), (4, 3, 3, 3), (1, 1), (0, 0), (2, 2), 1)),
    module_case("Conv1d/padded", lambda t: t.nn.Conv1d(4, 6, 3, padding=1), (2, 4, 9),
                ((2, 4, 9), (6, 4, 3), (1,), (1,), (1,), 1)),
    module_case("Conv2d/padding_mode_reflect", lambda t: t.nn.Conv2d(3, 4, 3, padding=(1, 2), padding_mode="reflect"),
                (2, 3, 6, 7), ((2, 3, 8, 11), (4, 3, 3, 3), (1, 1), (0, 0), (1, 1), 1)),
    module_case("Conv2d/padding_mode_replicate_same",
                lambda t: t.nn.Conv2d(3, 4, 4, padding="same", padding_mode="replicate"), (2, 3, 6, 7),
                ((2, 3, 9, 10), (4, 3, 4, 4), (1, 1), (0, 0), (1, 1), 1)),
    module_case("Conv1d/padding_mode_circular", lambda t: t.nn.Conv1d(3, 4, 3, padding=2, padding_mode="circular"),
                (2, 3, 7), ((2, 3, 11), (4, 3, 3), (1,), (0,), (1,), 1)),
    module_case("ConvTranspose2d/strided", lambda t: t.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1,
                                                                           output_padding=1, groups=2),
                (2, 4, 5, 5), ((2, 6, 10, 10), (6, 2, 3, 3), (2, 2), (1, 1), (1, 1), 2)),
    module_case("ConvTranspose1d/basic", lambda t: t.nn.ConvTranspose1d(3, 5, 4, stride=2), (2, 3, 6),
                ((2, 5, 14), (5, 3, 4), (2,), (0,), (1,), 1)),
    module_case("Conv1d/strided_depthwise", lambda t: t.nn.Conv1d(4, 8, 3, stride=2, groups=4), (2, 4, 11),
                ((2, 4, 11), (8, 1, 3), (2,), (0,), (1,), 4)),
]

CASES = CONV2D + CONV1D + TRANSPOSED + MODULES
