"""Parity cases for the layers of minitorch.nn: every function of nn.functional's activation,
linear, dropout and normalization families, and (as ModuleCases, with torch's weights copied in)
every layer with parameters plus a few stateless ones.

Inputs of piecewise functions stay away from their kinks (relu at 0, hardtanh at its bounds,
hardswish at +-3, softplus where it switches to the identity, ...) through ``avoiding``, so that
finite differences and both libraries agree on which side of a kink a value lies. Dropout in
training draws from different random streams in the two libraries; its cases use eval mode,
p = 0 and p = 1 (deterministic), and tests/test_nn_layers.py checks the random masks by their
statistics.
"""
import numpy as np

from parity.case import Arg, OpCase, away_from_zero, indices

A = Arg


def case(name, fn, *args, **kw):
    """An OpCase of nn.functional, named ``F.<function>/<variant>`` (apart from torch.relu & co.'s cases)."""
    return OpCase("F." + name, fn, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


def avoiding(*points, low=-4.0, high=4.0, gap=0.1):
    """``make`` for values uniform in [low, high] but at least ``gap`` away from each of ``points``
    (a value too close to a point is moved to ``gap`` to ``2 * gap`` beyond it, on its side)."""
    def make(rng, shape):
        x = rng.uniform(low, high, size=shape)
        for p in points:
            near = np.abs(x - p) < gap
            side = np.where(x >= p, 1.0, -1.0)
            x = np.where(near, p + side * (gap + np.abs(x - p)), x)
        return x
    return make


def away_from(*points, **kw):
    return dict(make=avoiding(*points, **kw))


# for large inputs: values from a seed (hypothesis cannot draw thousands of unique floats itself)
SEEDED = dict(make=lambda rng, shape: rng.uniform(-2.0, 2.0, size=shape))
F = lambda t: t.nn.functional  # noqa: E731 - the functional namespace of either library
# loose float32 tolerances for the reductions over many elements (layer/group norm, linear)
LOOSE = dict(atol={"float64": 1e-10, "float32": 1e-4}, rtol={"float64": 1e-8, "float32": 1e-4})

CASES = []

# -- linear and bilinear ------------------------------------------------------------------------------
CASES += [
    case("linear/2d_bias", lambda t, x, w, b: F(t).linear(x, w, b), (4, 3), (5, 3), (5,)),
    case("linear/2d_no_bias", lambda t, x, w: F(t).linear(x, w), (4, 3), (5, 3)),
    case("linear/3d_bias", lambda t, x, w, b: F(t).linear(x, w, b), (2, 4, 3), (5, 3), (5,)),
    case("linear/3d_no_bias", lambda t, x, w: F(t).linear(x, w), (2, 4, 3), (5, 3)),
    case("linear/4d_bias", lambda t, x, w, b: F(t).linear(x, w, b), (2, 2, 3, 3), (5, 3), (5,)),
    case("linear/1d_bias", lambda t, x, w, b: F(t).linear(x, w, b), (3,), (5, 3), (5,)),
    case("linear/1d_no_bias", lambda t, x, w: F(t).linear(x, w), (3,), (5, 3)),
    case("linear/noncontig_2d", lambda t, x, w, b: F(t).linear(x, w, b), A((4, 3), permute=True),
         A((5, 3), permute=True), A((5,), permute=True)),
    case("linear/noncontig_3d_bias", lambda t, x, w, b: F(t).linear(x, w, b), A((2, 4, 3), permute=True),
         (5, 3), (5,)),
    case("linear/noncontig_3d_no_bias", lambda t, x, w: F(t).linear(x, w), A((2, 4, 3), permute=True), (5, 3)),
    case("linear/bias_2d_broadcast", lambda t, x, w, b: F(t).linear(x, w, b), (4, 3), (5, 3), (4, 5)),
    case("linear/input_only_grad", lambda t, x, w, b: F(t).linear(x, w, b), (4, 3), A((5, 3), grad=False),
         A((5,), grad=False)),
    case("linear/weight_only_grad", lambda t, x, w: F(t).linear(x, w), A((2, 4, 3), grad=False), (5, 3)),
    case("linear/vector_weight", lambda t, x, w: F(t).linear(x, w), (4, 3), (3,)),
    case("linear/one_feature", lambda t, x, w, b: F(t).linear(x, w, b), (6, 1), (1, 1), (1,)),
    case("linear/empty_batch", lambda t, x, w, b: F(t).linear(x, w, b), (0, 3), (5, 3), (5,)),
    case("linear/large", lambda t, x, w, b: F(t).linear(x, w, b), A((64, 100), **SEEDED), A((30, 100), **SEEDED),
         (30,), **LOOSE),
    case("bilinear/bias", lambda t, x1, x2, w, b: F(t).bilinear(x1, x2, w, b), (4, 3), (4, 2), (5, 3, 2), (5,)),
    case("bilinear/no_bias", lambda t, x1, x2, w: F(t).bilinear(x1, x2, w), (4, 3), (4, 2), (5, 3, 2)),
    case("bilinear/3d", lambda t, x1, x2, w, b: F(t).bilinear(x1, x2, w, b), (2, 3, 3), (2, 3, 2), (4, 3, 2),
         (4,)),
    case("bilinear/1d", lambda t, x1, x2, w, b: F(t).bilinear(x1, x2, w, b), (3,), (2,), (4, 3, 2), (4,)),
    case("bilinear/noncontig", lambda t, x1, x2, w, b: F(t).bilinear(x1, x2, w, b), A((4, 3), permute=True),
         A((4, 2), permute=True), A((5, 3, 2), permute=True), (5,)),
]

# -- pointwise activations: (name, call, domain keywords for the input) --------------------------------------------
_ACTIVATIONS = [
    ("relu", lambda t, x: F(t).relu(x), away_from(0.0)),
    ("relu6", lambda t, x: F(t).relu6(x), away_from(0.0, 6.0, low=-3.0, high=8.0)),
    ("leaky_relu", lambda t, x: F(t).leaky_relu(x), away_from(0.0)),
    ("leaky_relu/slope", lambda t, x: F(t).leaky_relu(x, 0.2), away_from(0.0)),
    ("leaky_relu/negative_slope_gt1", lambda t, x: F(t).leaky_relu(x, negative_slope=1.5), away_from(0.0)),
    ("elu", lambda t, x: F(t).elu(x), away_from(0.0)),
    ("elu/alpha", lambda t, x: F(t).elu(x, alpha=0.5), away_from(0.0)),
    ("selu", lambda t, x: F(t).selu(x), away_from(0.0)),
    ("celu", lambda t, x: F(t).celu(x), away_from(0.0)),
    ("celu/alpha", lambda t, x: F(t).celu(x, alpha=2.0), away_from(0.0)),
    ("gelu", lambda t, x: F(t).gelu(x), dict(low=-5.0, high=5.0)),
    ("gelu/tanh", lambda t, x: F(t).gelu(x, approximate="tanh"), dict(low=-5.0, high=5.0)),
    ("silu", lambda t, x: F(t).silu(x), dict(low=-6.0, high=6.0)),
    ("mish", lambda t, x: F(t).mish(x), dict(low=-6.0, high=6.0)),
    ("softplus", lambda t, x: F(t).softplus(x), dict(low=-6.0, high=6.0)),
    ("softplus/beta_threshold", lambda t, x: F(t).softplus(x, beta=2.0, threshold=3.0), away_from(1.5)),
    ("softplus/above_threshold", lambda t, x: F(t).softplus(x, threshold=1.0), away_from(1.0)),
    ("softsign", lambda t, x: F(t).softsign(x), away_from(0.0)),
    ("hardtanh", lambda t, x: F(t).hardtanh(x), away_from(-1.0, 1.0, low=-2.0, high=2.0)),
    ("hardtanh/bounds", lambda t, x: F(t).hardtanh(x, -0.5, 1.5), away_from(-0.5, 1.5, low=-2.0, high=3.0)),
    ("hardsigmoid", lambda t, x: F(t).hardsigmoid(x), away_from(-3.0, 3.0, low=-5.0, high=5.0)),
    ("hardswish", lambda t, x: F(t).hardswish(x), away_from(-3.0, 3.0, low=-5.0, high=5.0)),
    ("sigmoid", lambda t, x: F(t).sigmoid(x), dict(low=-6.0, high=6.0)),
    ("tanh", lambda t, x: F(t).tanh(x), dict(low=-3.0, high=3.0)),
    ("logsigmoid", lambda t, x: F(t).logsigmoid(x), dict(low=-8.0, high=8.0)),
    ("threshold", lambda t, x: F(t).threshold(x, 0.5, -2.0), away_from(0.5)),
    ("softshrink", lambda t, x: F(t).softshrink(x), away_from(-0.5, 0.5, low=-2.0, high=2.0)),
    ("softshrink/lambd", lambda t, x: F(t).softshrink(x, 1.0), away_from(-1.0, 1.0, low=-3.0, high=3.0)),
    ("hardshrink", lambda t, x: F(t).hardshrink(x), away_from(-0.5, 0.5, low=-2.0, high=2.0)),
    ("tanhshrink", lambda t, x: F(t).tanhshrink(x), dict(low=-3.0, high=3.0)),
    ("rrelu/eval", lambda t, x: F(t).rrelu(x, 0.1, 0.3), away_from(0.0)),
]
for name, fn, domain in _ACTIVATIONS:
    CASES += [
        case(f"{name}/2d", fn, A((3, 5), **domain)),
        case(f"{name}/noncontig", fn, A((4, 3, 2), permute=True, **domain)),
        case(f"{name}/0d", fn, A((), **domain)),
    ]

# torch's in-place forms (on a non-leaf: x * 1), with their own node names for some
_INPLACE = [
    ("relu", lambda t, x: F(t).relu(x, inplace=True), away_from(0.0)),
    ("relu_", lambda t, x: F(t).relu_(x), away_from(0.0)),
    ("relu6", lambda t, x: F(t).relu6(x, inplace=True), away_from(0.0, 6.0, low=-3.0, high=8.0)),
    ("leaky_relu", lambda t, x: F(t).leaky_relu(x, 0.1, inplace=True), away_from(0.0)),
    ("leaky_relu_", lambda t, x: F(t).leaky_relu_(x, 0.1), away_from(0.0)),
    ("elu", lambda t, x: F(t).elu(x, inplace=True), away_from(0.0)),
    ("elu_", lambda t, x: F(t).elu_(x, 0.7), away_from(0.0)),
    ("selu", lambda t, x: F(t).selu(x, inplace=True), away_from(0.0)),
    ("celu", lambda t, x: F(t).celu(x, 1.5, inplace=True), away_from(0.0)),
    ("silu", lambda t, x: F(t).silu(x, inplace=True), {}),
    ("mish", lambda t, x: F(t).mish(x, inplace=True), {}),
    ("hardtanh", lambda t, x: F(t).hardtanh(x, inplace=True), away_from(-1.0, 1.0, low=-2.0, high=2.0)),
    ("hardtanh_", lambda t, x: F(t).hardtanh_(x), away_from(-1.0, 1.0, low=-2.0, high=2.0)),
    ("hardsigmoid", lambda t, x: F(t).hardsigmoid(x, inplace=True), away_from(-3.0, 3.0, low=-5.0, high=5.0)),
    ("hardswish", lambda t, x: F(t).hardswish(x, inplace=True), away_from(-3.0, 3.0, low=-5.0, high=5.0)),
    ("threshold", lambda t, x: F(t).threshold(x, 0.5, -2.0, inplace=True), away_from(0.5)),
    ("threshold_", lambda t, x: F(t).threshold_(x, 0.5, -2.0), away_from(0.5)),
    ("rrelu", lambda t, x: F(t).rrelu(x, inplace=True), away_from(0.0)),
]
for name, fn, domain in _INPLACE:
    CASES.append(case(f"{name.rstrip('_')}/inplace{'_fn' if name.endswith('_') else ''}",
                      lambda t, x, fn=fn: fn(t, x * 1), A((3, 4), **domain)))

# the same activations on an integer tensor (no gradient): where torch accepts them
CASES += [
    case("relu/int", lambda t, x: F(t).relu(x), A((6,), kind="int64", low=-5, high=5, grad=False),
         backward=False),
    case("relu6/int", lambda t, x: F(t).relu6(x), A((6,), kind="int64", low=-3, high=9, grad=False),
         backward=False),
    case("hardtanh/int", lambda t, x: F(t).hardtanh(x, -2, 3), A((6,), kind="int64", low=-5, high=5, grad=False),
         backward=False),
    case("threshold/int", lambda t, x: F(t).threshold(x, 1, 7), A((6,), kind="int64", low=-5, high=5, grad=False),
         backward=False),
]

# -- prelu ---------------------------------------------------------------------------------------------------
_NZ = dict(make=away_from_zero)
CASES += [
    case("prelu/shared", lambda t, x, w: F(t).prelu(x, w), A((3, 4), **_NZ), A((1,), low=0.05, high=0.5)),
    case("prelu/per_channel", lambda t, x, w: F(t).prelu(x, w), A((2, 3, 4), **_NZ), A((3,), low=0.05, high=0.5)),
    case("prelu/per_channel_4d", lambda t, x, w: F(t).prelu(x, w), A((2, 3, 2, 2), **_NZ),
         A((3,), low=0.05, high=0.5)),
    case("prelu/1d", lambda t, x, w: F(t).prelu(x, w), A((5,), **_NZ), A((1,), low=0.05, high=0.5)),
    case("prelu/noncontig", lambda t, x, w: F(t).prelu(x, w), A((2, 3, 4), permute=True, **_NZ),
         A((3,), low=0.05, high=0.5)),
]

# -- softmax family, glu, normalize, one_hot ---------------------------------------------------------------------
CASES += [
    case("softmax/dim1", lambda t, x: F(t).softmax(x, dim=1), (3, 5)),
    case("softmax/dim0", lambda t, x: F(t).softmax(x, 0), (3, 5)),
    case("softmax/neg_dim_3d", lambda t, x: F(t).softmax(x, dim=-1), A((2, 3, 4), permute=True)),
    case("softmax/dtype", lambda t, x: F(t).softmax(x, dim=1, dtype=t.float64), A((3, 4), kind="float32")),
    case("log_softmax/dim1", lambda t, x: F(t).log_softmax(x, dim=1), (3, 5)),
    case("log_softmax/dim0_3d", lambda t, x: F(t).log_softmax(x, 0), A((2, 3, 4), permute=True)),
    case("log_softmax/wide_range", lambda t, x: F(t).log_softmax(x, dim=-1), A((4, 6), low=-30.0, high=30.0)),
    case("softmin/dim1", lambda t, x: F(t).softmin(x, dim=1), (3, 5)),
    case("softmin/dim0_3d", lambda t, x: F(t).softmin(x, 0), (2, 3, 4)),
    case("glu/last", lambda t, x: F(t).glu(x), (3, 4)),
    case("glu/dim0", lambda t, x: F(t).glu(x, 0), (4, 3)),
    case("glu/dim1_3d_noncontig", lambda t, x: F(t).glu(x, dim=1), A((2, 6, 3), permute=True)),
    case("normalize/default", lambda t, x: F(t).normalize(x), A((3, 4), **_NZ)),
    case("normalize/dim0", lambda t, x: F(t).normalize(x, dim=0), A((3, 4), **_NZ)),
    case("normalize/p1", lambda t, x: F(t).normalize(x, p=1.0, dim=-1), A((3, 4), **_NZ)),
    case("normalize/3d_noncontig", lambda t, x: F(t).normalize(x, dim=1), A((2, 3, 4), permute=True, **_NZ)),
    case("normalize/eps_floor", lambda t, x: F(t).normalize(x * 1e-14, dim=1), (2, 3)),
    case("one_hot/infer", lambda t, x: F(t).one_hot(x), A((5,), kind="int64", low=0, high=4, grad=False),
         backward=False),
    case("one_hot/num_classes", lambda t, x: F(t).one_hot(x, num_classes=6),
         A((2, 3), kind="int64", low=0, high=6, grad=False), backward=False),
    case("one_hot/0d", lambda t, x: F(t).one_hot(x, 4), A((), make=indices(4), kind="int64", grad=False),
         backward=False),
]

# -- dropout: deterministic settings only (eval, p = 0, p = 1) -------------------------------------------------------
CASES += [
    case("dropout/eval", lambda t, x: F(t).dropout(x, 0.5, training=False), (3, 4)),
    case("dropout/p0", lambda t, x: F(t).dropout(x, 0.0), (3, 4)),
    case("dropout/p1", lambda t, x: F(t).dropout(x, 1.0), (3, 4)),
    case("dropout/p1_inplace", lambda t, x: F(t).dropout(x * 1, 1.0, inplace=True), (3, 4)),
    case("dropout2d/p1", lambda t, x: F(t).dropout2d(x, 1.0), (2, 3, 2, 2)),
    case("dropout1d/eval", lambda t, x: F(t).dropout1d(x, training=False), (2, 3, 4)),
    case("alpha_dropout/default_eval", lambda t, x: F(t).alpha_dropout(x, 0.5), (3, 4)),
    case("alpha_dropout/p1", lambda t, x: F(t).alpha_dropout(x, 1.0, training=True), (3, 4)),
    case("feature_alpha_dropout/eval", lambda t, x: F(t).feature_alpha_dropout(x, 0.2), (2, 3, 4)),
]

# -- layer_norm, group_norm, rms_norm ----------------------------------------------------------------------------------
_AFFINE = dict(low=0.5, high=1.5)
CASES += [
    case("layer_norm/last_dim", lambda t, x: F(t).layer_norm(x, (4,)), (3, 4), **LOOSE),
    case("layer_norm/affine", lambda t, x, w, b: F(t).layer_norm(x, (4,), w, b), (3, 4), A((4,), **_AFFINE), (4,),
         **LOOSE),
    case("layer_norm/two_dims", lambda t, x, w, b: F(t).layer_norm(x, [3, 4], w, b, eps=1e-3), (2, 3, 4),
         A((3, 4), **_AFFINE), (3, 4), **LOOSE),
    case("layer_norm/weight_only", lambda t, x, w: F(t).layer_norm(x, (5,), w), (2, 3, 5), A((5,), **_AFFINE),
         **LOOSE),
    case("layer_norm/bias_only", lambda t, x, b: F(t).layer_norm(x, (5,), None, b), (2, 3, 5), (5,), **LOOSE),
    case("layer_norm/noncontig", lambda t, x, w, b: F(t).layer_norm(x, (3,), w, b), A((2, 4, 3), permute=True),
         A((3,), **_AFFINE, permute=True), (3,), **LOOSE),
    case("layer_norm/1d", lambda t, x, w, b: F(t).layer_norm(x, (6,), w, b), (6,), A((6,), **_AFFINE), (6,),
         **LOOSE),
    case("layer_norm/wide", lambda t, x, w, b: F(t).layer_norm(x, (64,), w, b), A((8, 64), **SEEDED),
         A((64,), **_AFFINE),
         (64,), **LOOSE),
    case("group_norm/affine", lambda t, x, w, b: F(t).group_norm(x, 3, w, b), (2, 6, 5), A((6,), **_AFFINE), (6,),
         **LOOSE),
    case("group_norm/no_affine", lambda t, x: F(t).group_norm(x, 2), (2, 4, 3, 3), **LOOSE),
    case("group_norm/one_group_eps", lambda t, x, w, b: F(t).group_norm(x, 1, w, b, eps=1e-3), (3, 4, 2),
         A((4,), **_AFFINE), (4,), **LOOSE),
    case("group_norm/per_channel", lambda t, x, w, b: F(t).group_norm(x, 4, w, b), (3, 4, 3), A((4,), **_AFFINE),
         (4,), **LOOSE),
    case("group_norm/noncontig", lambda t, x, w, b: F(t).group_norm(x, 2, w, b), A((2, 4, 3), permute=True),
         A((4,), **_AFFINE), (4,), **LOOSE),
    case("rms_norm/default_eps", lambda t, x: F(t).rms_norm(x, (4,)), (3, 4), **LOOSE),
    case("rms_norm/weight", lambda t, x, w: F(t).rms_norm(x, [2, 4], w, eps=1e-4), (3, 2, 4), A((2, 4), **_AFFINE),
         **LOOSE),
]

# -- modules, with torch's parameters copied into ours (parity/module_case.py) ---------------------
from parity.module_case import ModuleCase  # noqa: E402


def module(name, build, *args, **kw):
    """A ModuleCase named ``nn.<Module>/<variant>``."""
    return ModuleCase("nn." + name, build, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


def _two_inputs(lib, m, x1, x2):
    return m(x1, x2)


CASES += [
    module("Linear/2d", lambda t: t.nn.Linear(3, 4), (5, 3)),
    module("Linear/3d", lambda t: t.nn.Linear(3, 4), (2, 5, 3)),
    module("Linear/1d_input", lambda t: t.nn.Linear(3, 4), (3,)),
    module("Linear/no_bias", lambda t: t.nn.Linear(3, 4, bias=False), (5, 3)),
    module("Linear/no_bias_3d", lambda t: t.nn.Linear(3, 4, bias=False), (2, 5, 3)),
    module("Linear/one_to_one", lambda t: t.nn.Linear(1, 1), (8, 1)),
    module("Linear/noncontig_input", lambda t: t.nn.Linear(4, 2), A((3, 4), permute=True)),
    module("Linear/wide", lambda t: t.nn.Linear(100, 30), A((16, 100), **SEEDED), **LOOSE),
    module("Bilinear/bias", lambda t: t.nn.Bilinear(3, 2, 4), (5, 3), (5, 2), call=_two_inputs),
    module("Bilinear/no_bias", lambda t: t.nn.Bilinear(3, 2, 4, bias=False), (5, 3), (5, 2), call=_two_inputs),
    module("LayerNorm/last_dim", lambda t: t.nn.LayerNorm(4), (3, 4), **LOOSE),
    module("LayerNorm/two_dims", lambda t: t.nn.LayerNorm([3, 4], eps=1e-3), (2, 3, 4), **LOOSE),
    module("LayerNorm/no_affine", lambda t: t.nn.LayerNorm(5, elementwise_affine=False), (2, 5), **LOOSE),
    module("LayerNorm/no_bias", lambda t: t.nn.LayerNorm(5, bias=False), (2, 3, 5), **LOOSE),
    module("LayerNorm/perturbed_affine", lambda t: _perturbed(t, t.nn.LayerNorm(6)), (4, 6), **LOOSE),
    module("GroupNorm/affine", lambda t: _perturbed(t, t.nn.GroupNorm(2, 4)), (3, 4, 5), **LOOSE),
    module("GroupNorm/no_affine", lambda t: t.nn.GroupNorm(3, 6, affine=False), (2, 6, 2, 2), **LOOSE),
    module("RMSNorm/default", lambda t: _perturbed(t, t.nn.RMSNorm(4)), (3, 4), **LOOSE),
    module("PReLU/shared", lambda t: t.nn.PReLU(), A((3, 4), **_NZ)),
    module("PReLU/per_channel", lambda t: t.nn.PReLU(3, init=0.1), A((2, 3, 4), **_NZ)),
    module("Sequential/linear_relu_linear", lambda t: t.nn.Sequential(t.nn.Linear(4, 8), t.nn.ReLU(),
                                                                      t.nn.Linear(8, 3)), (6, 4)),
    module("Sequential/flatten_linear_logsoftmax", lambda t: t.nn.Sequential(
        t.nn.Flatten(), t.nn.Linear(12, 5), t.nn.Tanh(), t.nn.Dropout(0.0), t.nn.Linear(5, 3), t.nn.LogSoftmax(dim=1)),
        (4, 3, 2, 2)),
    module("Sequential/layernorm_gelu", lambda t: t.nn.Sequential(t.nn.Linear(6, 6), t.nn.LayerNorm(6), t.nn.GELU(),
                                                                  t.nn.Linear(6, 2)), (5, 6), **LOOSE),
]

# stateless modules: (name, build, input)
_STATELESS = [
    ("Identity", lambda t: t.nn.Identity(54, unused="ok"), A((3, 4))),
    ("Flatten/default", lambda t: t.nn.Flatten(), A((2, 3, 4))),
    ("Flatten/range", lambda t: t.nn.Flatten(0, 1), A((2, 3, 4))),
    ("Unflatten", lambda t: t.nn.Unflatten(1, (2, 3)), A((4, 6))),
    ("Unflatten/minus_one", lambda t: t.nn.Unflatten(-1, [2, -1]), A((3, 8))),
    ("ReLU", lambda t: t.nn.ReLU(), A((3, 4), **away_from(0.0))),
    ("ReLU6", lambda t: t.nn.ReLU6(), A((3, 4), **away_from(0.0, 6.0, low=-3.0, high=8.0))),
    ("LeakyReLU", lambda t: t.nn.LeakyReLU(0.2), A((3, 4), **away_from(0.0))),
    ("ELU", lambda t: t.nn.ELU(alpha=0.5), A((3, 4), **away_from(0.0))),
    ("SELU", lambda t: t.nn.SELU(), A((3, 4), **away_from(0.0))),
    ("CELU", lambda t: t.nn.CELU(2.0), A((3, 4), **away_from(0.0))),
    ("GELU", lambda t: t.nn.GELU(), A((3, 4))),
    ("GELU/tanh", lambda t: t.nn.GELU("tanh"), A((3, 4))),
    ("SiLU", lambda t: t.nn.SiLU(), A((3, 4))),
    ("Mish", lambda t: t.nn.Mish(), A((3, 4))),
    ("Sigmoid", lambda t: t.nn.Sigmoid(), A((3, 4))),
    ("Tanh", lambda t: t.nn.Tanh(), A((3, 4))),
    ("Softplus", lambda t: t.nn.Softplus(beta=2.0), A((3, 4))),
    ("Softsign", lambda t: t.nn.Softsign(), A((3, 4), **away_from(0.0))),
    ("Hardtanh", lambda t: t.nn.Hardtanh(-0.5, 0.5), A((3, 4), **away_from(-0.5, 0.5, low=-2.0, high=2.0))),
    ("Hardsigmoid", lambda t: t.nn.Hardsigmoid(), A((3, 4), **away_from(-3.0, 3.0, low=-5.0, high=5.0))),
    ("Hardswish", lambda t: t.nn.Hardswish(), A((3, 4), **away_from(-3.0, 3.0, low=-5.0, high=5.0))),
    ("LogSigmoid", lambda t: t.nn.LogSigmoid(), A((3, 4))),
    ("Threshold", lambda t: t.nn.Threshold(0.1, 20.0), A((3, 4), **away_from(0.1))),
    ("Softshrink", lambda t: t.nn.Softshrink(0.3), A((3, 4), **away_from(-0.3, 0.3, low=-2.0, high=2.0))),
    ("Hardshrink", lambda t: t.nn.Hardshrink(), A((3, 4), **away_from(-0.5, 0.5, low=-2.0, high=2.0))),
    ("Tanhshrink", lambda t: t.nn.Tanhshrink(), A((3, 4))),
    ("GLU", lambda t: t.nn.GLU(dim=0), A((4, 3))),
    ("Softmax", lambda t: t.nn.Softmax(dim=1), A((3, 4))),
    ("Softmin", lambda t: t.nn.Softmin(dim=-1), A((3, 4))),
    ("LogSoftmax", lambda t: t.nn.LogSoftmax(dim=1), A((3, 4))),
    ("Softmax2d", lambda t: t.nn.Softmax2d(), A((2, 3, 2, 2))),
    ("Dropout/p0_train", lambda t: t.nn.Dropout(0.0), A((3, 4))),
    ("Dropout/p1_train", lambda t: t.nn.Dropout(1.0), A((3, 4))),
    ("Dropout2d/p1_train", lambda t: t.nn.Dropout2d(1.0), A((2, 3, 2, 2))),
    ("AlphaDropout/p1_train", lambda t: t.nn.AlphaDropout(1.0), A((3, 4))),
]
for name, build, arg in _STATELESS:
    CASES.append(module(name, build, arg))
# modules that are random in training mode, in eval mode
CASES.append(module("RReLU/eval", lambda t: t.nn.RReLU(0.1, 0.3), A((3, 4), **away_from(0.0)), train=False))
for name, shape in (("Dropout", (3, 4)), ("Dropout1d", (2, 3, 4)), ("Dropout2d", (2, 3, 2, 2)),
                    ("Dropout3d", (2, 3, 2, 2, 2)), ("AlphaDropout", (3, 4)), ("FeatureAlphaDropout", (2, 3, 4))):
    CASES.append(module(f"{name}/eval", lambda t, name=name: getattr(t.nn, name)(0.3), A(shape), train=False))


def _perturbed(lib, m):
    """A normalization layer whose weight and bias are moved away from ones and zeros (their default
    values), so that a gradient that mixes up weight and bias would show."""
    with lib.no_grad():
        for p in m.parameters():
            p.add_(lib.rand(p.shape, dtype=p.dtype) * 0.5)
    return m

# -- attention (the weights copied from torch's layer; outputs are (output, averaged weights)) ------------------
CASES += [
    ModuleCase("MultiheadAttention/self", lambda t: t.nn.MultiheadAttention(8, 2), [(4, 3, 8)] * 3),
    ModuleCase("MultiheadAttention/cross_kdim_vdim_batch_first",
               lambda t: t.nn.MultiheadAttention(8, 4, kdim=6, vdim=5, batch_first=True),
               [(2, 4, 8), (2, 7, 6), (2, 7, 5)]),
    ModuleCase("MultiheadAttention/bias_kv_zero_attn",
               lambda t: t.nn.MultiheadAttention(6, 3, add_bias_kv=True, add_zero_attn=True), [(3, 2, 6)] * 3),
    ModuleCase("MultiheadAttention/causal_mask", lambda t: t.nn.MultiheadAttention(8, 2), [(5, 2, 8)] * 3,
               call=lambda t, m, q, k, v: m(q, k, v, attn_mask=t.tensor(np.triu(np.ones((5, 5), bool), 1)),
                                            average_attn_weights=False)),
]
