"""Parity cases for pooling, padding and batch norm: every function of nn.functional's pooling,
padding and batchnorm families over a spread of configurations, and (as ModuleCases, with torch's
state copied in) the pooling and BatchNorm layers.

Pooling configurations cover kernel, stride (default, smaller and larger than the kernel),
padding, dilation, ceil_mode (with a last window hanging over the input), count_include_pad,
divisor_override, non-square kernels and inputs, unbatched inputs and non-contiguous ones, and
adaptive output sizes smaller than, equal to and larger than the input (overlapping windows).
Inputs of max pooling are ``distinct`` (no ties: a tie's gradient goes to the first maximum,
which tests/test_pooling.py checks on purpose). Batch norm cases return the running statistics
next to the output, so their in-place update is compared too; their inputs are drawn from a seed
(``SPREAD``), never shrunk toward a constant channel whose variance is 0.
"""
from parity.case import Arg, OpCase, distinct
from parity.module_case import ModuleCase

A = Arg
D = dict(make=distinct)
SPREAD = dict(make=lambda rng, shape: rng.uniform(-2.0, 2.0, size=shape))
STATS = dict(grad=False)
VARIANCE = dict(low=0.5, high=2.0, grad=False)
F = lambda t: t.nn.functional  # noqa: E731 - the functional namespace of either library


def case(name, fn, *args, **kw):
    return OpCase("F." + name, fn, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


def pool(fn_name, name, shape, arg=None, **kw):
    """A case of ``F.<fn_name>(x, **kw)`` on one input of ``shape`` (``arg`` overrides the input spec)."""
    spec = arg or (A(shape, **D) if "max" in fn_name else A(shape))
    return case(f"{fn_name}/{name}", lambda t, x: getattr(F(t), fn_name)(x, **kw), spec)


CASES = []

# -- max pooling ---------------------------------------------------------------------------------------
MAX2D = [
    ("k2", (2, 3, 8, 8), dict(kernel_size=2)),
    ("k3_s2_p1", (2, 3, 9, 7), dict(kernel_size=3, stride=2, padding=1)),
    ("k2_s1", (2, 2, 5, 6), dict(kernel_size=2, stride=1)),
    ("k2_s3", (2, 2, 8, 7), dict(kernel_size=2, stride=3)),
    ("non_square", (2, 3, 7, 9), dict(kernel_size=(2, 3), stride=(1, 2), padding=(1, 1))),
    ("dilation", (2, 2, 9, 8), dict(kernel_size=3, stride=1, padding=1, dilation=2)),
    ("dilation_tuple", (1, 2, 9, 10), dict(kernel_size=(2, 3), stride=(2, 1), padding=(1, 0), dilation=(3, 2))),
    ("ceil_mode", (2, 3, 8, 8), dict(kernel_size=3, stride=2, ceil_mode=True)),
    ("ceil_mode_padded", (2, 2, 7, 6), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    ("ceil_mode_dilated", (1, 2, 10, 9), dict(kernel_size=2, stride=3, padding=1, dilation=2, ceil_mode=True)),
    ("kernel_as_input", (2, 2, 4, 4), dict(kernel_size=4)),
    ("list_args", (2, 2, 8, 8), dict(kernel_size=[3, 2], stride=[2, 2], padding=[1, 0])),
    ("unbatched", (3, 8, 8), dict(kernel_size=2)),
    ("unbatched_padded", (3, 7, 9), dict(kernel_size=3, stride=2, padding=1)),
    ("one_plane", (1, 1, 5, 5), dict(kernel_size=2, stride=1)),
]
for name, shape, kw in MAX2D:
    CASES.append(pool("max_pool2d", name, shape, **kw))
    CASES.append(pool("max_pool2d", name + "/indices", shape, return_indices=True, **kw))
CASES += [
    pool("max_pool2d", "noncontiguous", None, A((2, 3, 8, 6), permute=True, **D), kernel_size=2),
    pool("max_pool2d", "noncontiguous/indices", None, A((2, 3, 7, 6), permute=True, **D), kernel_size=3,
         stride=2, padding=1, return_indices=True),
    pool("max_pool2d", "int64", None, A((2, 2, 6, 6), kind="int64", low=-50, high=50), kernel_size=2,
         return_indices=True),
]

MAX1D = [
    ("k2", (2, 3, 8), dict(kernel_size=2)),
    ("k3_s2_p1", (2, 3, 9), dict(kernel_size=3, stride=2, padding=1)),
    ("dilation", (2, 2, 11), dict(kernel_size=3, stride=1, padding=1, dilation=2)),
    ("ceil_mode", (2, 2, 8), dict(kernel_size=3, stride=2, ceil_mode=True)),
    ("unbatched", (3, 10), dict(kernel_size=3, stride=2)),
]
for name, shape, kw in MAX1D:
    CASES.append(pool("max_pool1d", name, shape, **kw))
    CASES.append(pool("max_pool1d", name + "/indices", shape, return_indices=True, **kw))
CASES.append(pool("max_pool1d", "noncontiguous", None, A((2, 3, 9), permute=True, **D), kernel_size=2))

# -- average pooling -------------------------------------------------------------------------------------
AVG2D = [
    ("k2", (2, 3, 8, 8), dict(kernel_size=2)),
    ("k3_s1_p1", (2, 3, 6, 6), dict(kernel_size=3, stride=1, padding=1)),
    ("k3_s1_p1_exclude_pad", (2, 3, 6, 6), dict(kernel_size=3, stride=1, padding=1, count_include_pad=False)),
    ("k3_s2", (2, 2, 9, 7), dict(kernel_size=3, stride=2)),
    ("non_square", (2, 3, 7, 9), dict(kernel_size=(2, 3), stride=(1, 2), padding=(1, 1))),
    ("ceil_mode", (2, 2, 5, 5), dict(kernel_size=2, stride=2, ceil_mode=True)),
    ("ceil_mode_padded", (2, 2, 7, 6), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    ("ceil_mode_padded_exclude_pad", (2, 2, 7, 6), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True,
                                                        count_include_pad=False)),
    ("divisor_override", (2, 2, 6, 6), dict(kernel_size=3, stride=1, padding=1, divisor_override=4)),
    ("divisor_override_ceil", (2, 2, 7, 7), dict(kernel_size=2, stride=2, ceil_mode=True, divisor_override=3)),
    ("unbatched", (3, 6, 8), dict(kernel_size=2)),
    ("unbatched_padded", (3, 7, 5), dict(kernel_size=3, stride=2, padding=1, count_include_pad=False)),
]
for name, shape, kw in AVG2D:
    CASES.append(pool("avg_pool2d", name, shape, **kw))
CASES += [
    pool("avg_pool2d", "noncontiguous", None, A((2, 3, 8, 6), permute=True), kernel_size=2),
    pool("avg_pool2d", "int64", None, A((2, 2, 6, 6), kind="int64", low=-50, high=50), kernel_size=3, stride=1,
         padding=1),
]

AVG1D = [
    ("k2", (2, 3, 8), dict(kernel_size=2)),
    ("k3_s1_p1", (2, 3, 7), dict(kernel_size=3, stride=1, padding=1)),
    ("exclude_pad_ceil", (2, 2, 8), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True,
                                         count_include_pad=False)),
    ("unbatched", (3, 9), dict(kernel_size=4, stride=2)),
]
for name, shape, kw in AVG1D:
    CASES.append(pool("avg_pool1d", name, shape, **kw))
CASES.append(pool("avg_pool1d", "noncontiguous", None, A((2, 3, 9), permute=True), kernel_size=3))

# -- adaptive pooling ---------------------------------------------------------------------------------
ADAPTIVE2D = [
    ("global", (2, 3, 5, 6), 1),
    ("global_tuple", (2, 3, 4, 4), (1, 1)),
    ("divides", (2, 3, 8, 8), 4),
    ("overlapping", (2, 3, 8, 7), 3),
    ("non_square", (2, 2, 6, 9), (5, 7)),
    ("keep_width", (2, 2, 7, 5), (3, None)),
    ("larger_than_input", (2, 2, 4, 3), (6, 5)),
    ("unbatched", (3, 7, 6), (4, 3)),
]
for name, shape, size in ADAPTIVE2D:
    CASES.append(pool("adaptive_avg_pool2d", name, shape, output_size=size))
    CASES.append(pool("adaptive_max_pool2d", name, shape, output_size=size))
    CASES.append(pool("adaptive_max_pool2d", name + "/indices", shape, output_size=size, return_indices=True))
CASES += [
    pool("adaptive_avg_pool2d", "noncontiguous", None, A((2, 3, 7, 6), permute=True), output_size=3),
    pool("adaptive_max_pool2d", "noncontiguous", None, A((2, 3, 7, 6), permute=True, **D), output_size=(2, 4),
         return_indices=True),
]
ADAPTIVE1D = [("global", (2, 3, 7), 1), ("overlapping", (2, 3, 8), 3), ("larger", (2, 2, 4), 6),
              ("unbatched", (3, 9), 4)]
for name, shape, size in ADAPTIVE1D:
    CASES.append(pool("adaptive_avg_pool1d", name, shape, output_size=size))
    CASES.append(pool("adaptive_max_pool1d", name, shape, output_size=size, return_indices=True))

# -- unpooling ----------------------------------------------------------------------------------------------
CASES += [
    case("max_unpool2d/k2", lambda t, x: F(t).max_unpool2d(*F(t).max_pool2d(x, 2, return_indices=True), 2),
         A((2, 3, 6, 6), **D)),
    case("max_unpool2d/k2_p1_output_size",  # windows that do not overlap: no index is taken twice
         lambda t, x: F(t).max_unpool2d(*F(t).max_pool2d(x, 2, 2, 1, return_indices=True), 2, 2, 1,
                                        output_size=(7, 6)),
         A((2, 2, 7, 6), **D)),
    case("max_unpool1d/k2", lambda t, x: F(t).max_unpool1d(*F(t).max_pool1d(x, 2, return_indices=True), 2),
         A((2, 3, 8), **D)),
]

# -- padding --------------------------------------------------------------------------------------------------
PADS = [
    ("constant/last_dim", (2, 3, 4), (1, 2), {}),
    ("constant/two_dims", (2, 3, 4, 5), (1, 0, 2, 1), {}),
    ("constant/three_dims_value", (2, 3, 4, 2), (1, 1, 0, 2, 1, 0), dict(value=1.5)),
    ("constant/all_dims", (3, 4), (1, 1, 2, 0), dict(value=-2.0)),
    ("constant/negative_crops", (2, 3, 6, 5), (-1, 2, -2, -1), {}),
    ("constant/zero_pad", (2, 3), (0, 0), {}),
    ("constant/1d", (5,), (2, 3), {}),
    ("reflect/1d", (2, 3, 6), (2, 3), dict(mode="reflect")),
    ("reflect/1d_unbatched", (3, 6), (3, 1), dict(mode="reflect")),
    ("reflect/2d", (2, 3, 5, 6), (1, 2, 3, 1), dict(mode="reflect")),
    ("reflect/2d_negative", (1, 2, 5, 6), (-1, 2, 2, -1), dict(mode="reflect")),
    ("replicate/1d", (2, 3, 4), (3, 2), dict(mode="replicate")),
    ("replicate/2d", (2, 3, 4, 5), (2, 1, 1, 3), dict(mode="replicate")),
    ("replicate/3d", (1, 2, 3, 4, 3), (1, 1, 2, 0, 1, 2), dict(mode="replicate")),
    ("reflect/3d", (1, 2, 3, 4, 3), (1, 1, 2, 0, 1, 2), dict(mode="reflect")),
    ("circular/1d", (2, 3, 5), (2, 3), dict(mode="circular")),
    ("circular/2d", (2, 2, 4, 5), (1, 2, 3, 1), dict(mode="circular")),
]
for name, shape, amounts, kw in PADS:
    CASES.append(case(f"pad/{name}", lambda t, x, p=amounts, kw=kw: F(t).pad(x, p, **kw), A(shape)))
CASES += [
    case("pad/constant/noncontiguous", lambda t, x: F(t).pad(x, (1, 1, 2, 0)), A((2, 3, 4, 5), permute=True)),
    case("pad/reflect/noncontiguous", lambda t, x: F(t).pad(x, (2, 1, 1, 2), mode="reflect"),
         A((2, 3, 4, 5), permute=True)),
    case("pad/constant/int64", lambda t, x: F(t).pad(x, (1, 2), value=7), A((2, 3), kind="int64", low=-5, high=5)),
]


# -- batch norm ---------------------------------------------------------------------------------------------
def bn_case(name, shape, training, stats=True, affine=True, momentum=0.1, permute=False):
    """``F.batch_norm`` on ``shape`` (channel dim 1); returns the output and, with ``stats``, the
    running statistics after the call."""
    c = shape[1]
    args = [A(shape, permute=permute, **SPREAD)]
    if stats:
        args += [A((c,), **STATS), A((c,), **VARIANCE)]
    if affine:
        args += [A((c,), **SPREAD), A((c,), **SPREAD)]

    def fn(t, x, *rest):
        rm, rv = rest[:2] if stats else (None, None)
        w, b = rest[-2:] if affine else (None, None)
        out = F(t).batch_norm(x, rm, rv, w, b, training=training, momentum=momentum, eps=1e-5)
        return (out, rm, rv) if stats else out

    return case(f"batch_norm/{name}", fn, *args)


CASES += [
    bn_case("train_2d", (6, 4), True),
    bn_case("train_3d", (4, 3, 5), True),
    bn_case("train_4d", (3, 4, 3, 5), True, momentum=0.3),
    bn_case("train_4d_no_affine", (3, 2, 4, 4), True, affine=False),
    bn_case("train_no_stats", (4, 3, 2, 3), True, stats=False),
    bn_case("train_two_values_per_channel", (2, 3), True),
    bn_case("train_noncontiguous", (3, 4, 3, 5), True, permute=True),
    bn_case("eval_2d", (6, 4), False),
    bn_case("eval_4d", (3, 4, 3, 5), False),
    bn_case("eval_4d_no_affine", (3, 2, 4, 4), False, affine=False),
    bn_case("eval_one_value_per_channel", (1, 3), False),
]


# -- modules -----------------------------------------------------------------------------------------------
def module(name, build, *args, **kw):
    return ModuleCase(name, build, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


def train_then_eval(t, m, x):
    """A few training steps (running statistics move away from 0 and 1), then eval on ``x``."""
    m.train()
    for shift in (1.0, -0.5, 2.0):
        m(x * 1.5 + shift)
    m.eval()
    return m(x)


CASES += [
    module("MaxPool2d/k2", lambda t: t.nn.MaxPool2d(2), A((2, 3, 8, 8), **D)),
    module("MaxPool2d/k3_s2_p1_ceil_indices", lambda t: t.nn.MaxPool2d(3, 2, 1, ceil_mode=True, return_indices=True),
           A((2, 3, 8, 7), **D)),
    module("MaxPool1d/k3_s2", lambda t: t.nn.MaxPool1d(3, 2), A((2, 3, 9), **D)),
    module("AvgPool2d/k3_s1_p1", lambda t: t.nn.AvgPool2d(3, 1, 1), (2, 3, 6, 6)),
    module("AvgPool2d/divisor_override", lambda t: t.nn.AvgPool2d(2, ceil_mode=True, divisor_override=3),
           (2, 3, 5, 5)),
    module("AvgPool1d/k2", lambda t: t.nn.AvgPool1d(2), (2, 3, 8)),
    module("AdaptiveAvgPool2d/global", lambda t: t.nn.AdaptiveAvgPool2d((1, 1)), (2, 3, 5, 5)),
    module("AdaptiveAvgPool2d/3", lambda t: t.nn.AdaptiveAvgPool2d(3), (2, 3, 7, 8)),
    module("AdaptiveAvgPool1d/3", lambda t: t.nn.AdaptiveAvgPool1d(3), (2, 3, 7)),
    module("AdaptiveMaxPool2d/indices", lambda t: t.nn.AdaptiveMaxPool2d((2, None), return_indices=True),
           A((2, 3, 7, 5), **D)),
    module("AdaptiveMaxPool1d/3", lambda t: t.nn.AdaptiveMaxPool1d(3), A((2, 3, 7), **D)),
    module("MaxUnpool2d/k2", lambda t: t.nn.MaxUnpool2d(2), A((2, 3, 8, 8), **D),
           call=lambda t, m, x: m(*t.nn.functional.max_pool2d(x, 2, return_indices=True))),
    module("BatchNorm1d/train_2d", lambda t: t.nn.BatchNorm1d(4), A((8, 4), **SPREAD)),
    module("BatchNorm1d/train_3d", lambda t: t.nn.BatchNorm1d(3), A((4, 3, 6), **SPREAD)),
    module("BatchNorm1d/eval", lambda t: t.nn.BatchNorm1d(4), A((8, 4), **SPREAD), train=False),
    module("BatchNorm1d/eval_after_training", lambda t: t.nn.BatchNorm1d(3), A((5, 3, 4), **SPREAD),
           call=train_then_eval),
    module("BatchNorm1d/momentum_none", lambda t: t.nn.BatchNorm1d(4, momentum=None), A((6, 4), **SPREAD),
           call=train_then_eval),
    module("BatchNorm2d/train", lambda t: t.nn.BatchNorm2d(3), A((4, 3, 5, 5), **SPREAD)),
    module("BatchNorm2d/eval", lambda t: t.nn.BatchNorm2d(3), A((4, 3, 5, 5), **SPREAD), train=False),
    module("BatchNorm2d/eval_after_training", lambda t: t.nn.BatchNorm2d(4, momentum=0.3), A((3, 4, 4, 5), **SPREAD),
           call=train_then_eval),
    module("BatchNorm2d/momentum_none", lambda t: t.nn.BatchNorm2d(3, momentum=None), A((3, 3, 4, 4), **SPREAD),
           call=train_then_eval),
    module("BatchNorm2d/no_affine", lambda t: t.nn.BatchNorm2d(3, affine=False), A((4, 3, 4, 4), **SPREAD)),
    module("BatchNorm2d/no_bias", lambda t: t.nn.BatchNorm2d(3, bias=False), A((4, 3, 4, 4), **SPREAD)),
    module("BatchNorm2d/no_running_stats_train", lambda t: t.nn.BatchNorm2d(3, track_running_stats=False),
           A((4, 3, 4, 4), **SPREAD)),
    module("BatchNorm2d/no_running_stats_eval", lambda t: t.nn.BatchNorm2d(3, track_running_stats=False),
           A((4, 3, 4, 4), **SPREAD), train=False),
]

# -- F.interpolate: every mode, by size and by scale factor, with and without aligned corners -------------------
CASES += [
    pool("interpolate", "nearest_1d_size", (2, 3, 5), size=8),
    pool("interpolate", "nearest_2d_scale", (2, 3, 4, 5), scale_factor=2),
    pool("interpolate", "nearest_2d_down", (1, 2, 7, 6), scale_factor=0.5),
    pool("interpolate", "nearest_3d", (1, 2, 3, 4, 2), size=(5, 3, 4)),
    pool("interpolate", "nearest_exact", (2, 2, 5, 4), scale_factor=1.5, mode="nearest-exact"),
    pool("interpolate", "linear", (2, 3, 6), size=11, mode="linear"),
    pool("interpolate", "linear_aligned", (2, 3, 6), scale_factor=1.7, mode="linear", align_corners=True),
    pool("interpolate", "bilinear", (2, 3, 4, 5), scale_factor=2, mode="bilinear"),
    pool("interpolate", "bilinear_down", (1, 2, 9, 7), size=(4, 5), mode="bilinear"),
    pool("interpolate", "bilinear_aligned", (2, 2, 4, 3), size=(7, 5), mode="bilinear", align_corners=True),
    pool("interpolate", "bicubic", (1, 2, 4, 5), scale_factor=2, mode="bicubic"),
    pool("interpolate", "bicubic_aligned", (1, 2, 5, 4), size=(8, 3), mode="bicubic", align_corners=True),
    pool("interpolate", "trilinear", (1, 2, 3, 2, 4), scale_factor=2, mode="trilinear"),
    pool("interpolate", "area", (2, 3, 8, 6), size=(3, 4), mode="area"),
    pool("interpolate", "recompute_scale", (1, 2, 5, 5), scale_factor=1.3, mode="bilinear",
         recompute_scale_factor=True),
    pool("interpolate", "noncontiguous", None, A((2, 3, 4, 5), permute=True), scale_factor=2, mode="bilinear"),
]
CASES += [module("Upsample/bilinear", lambda t: t.nn.Upsample(scale_factor=2, mode="bilinear"), A((2, 3, 4, 4))),
          module("UpsamplingNearest2d", lambda t: t.nn.UpsamplingNearest2d(size=(5, 7)), A((1, 2, 3, 4)))]

# -- instance norm (batch norm of each sample's channels on their own) --------------------------------------------
CASES += [
    module("InstanceNorm1d/default", lambda t: t.nn.InstanceNorm1d(3), A((2, 3, 6), **SPREAD)),
    module("InstanceNorm2d/affine", lambda t: t.nn.InstanceNorm2d(3, affine=True), A((2, 3, 4, 5), **SPREAD)),
    module("InstanceNorm2d/running_stats_eval", lambda t: t.nn.InstanceNorm2d(2, track_running_stats=True),
           A((3, 2, 4, 4), **SPREAD), train=False),
    module("InstanceNorm3d/unbatched", lambda t: t.nn.InstanceNorm3d(2, affine=True), A((2, 3, 2, 4), **SPREAD)),
]
