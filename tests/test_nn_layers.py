"""nn layers beyond the parity table: printing, parameters and their default initialization,
errors, in-place forms, dropout's randomness, and hypothesis-drawn layer shapes against torch.

The parity table (parity/cases/nn_layers.py) compares values and gradients case by case; the
tests here check what a table row cannot: distributions, object identity, warnings, messages.
"""
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
from minitorch._kernels import special
from parity import runner
from parity.case import Arg
from parity.module_case import ModuleCase

LIBS = (torch, minitorch)


def _same_error(fn):
    """``fn(torch)`` and ``fn(minitorch)`` raise the same exception type with the same message
    (minitorch's type names, ``minitorch.FloatTensor``, stand for torch's)."""
    with pytest.raises(Exception) as t_err:
        fn(torch)
    with pytest.raises(type(t_err.value)) as m_err:
        fn(minitorch)
    assert str(m_err.value).replace("minitorch.", "torch.") == str(t_err.value)


def _same_warnings(fn):
    """The warnings (category and text) ``fn(lib)`` gives are torch's."""
    caught = []
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            fn(lib)
        caught.append([(x.category, str(x.message)) for x in w])
    assert caught[1] == caught[0]
    return caught[1]


# -- printing ---------------------------------------------------------------------------------------------------
REPRS = [
    lambda nn: nn.Identity(), lambda nn: nn.Linear(1, 1), lambda nn: nn.Linear(3, 4, bias=False),
    lambda nn: nn.Bilinear(2, 3, 4), lambda nn: nn.Bilinear(2, 3, 4, bias=False),
    lambda nn: nn.Flatten(), lambda nn: nn.Flatten(0, 2), lambda nn: nn.Unflatten(1, (2, 3)),
    lambda nn: nn.Unflatten(-1, [2, 3]),
    lambda nn: nn.ReLU(), lambda nn: nn.ReLU(inplace=True), lambda nn: nn.ReLU6(), lambda nn: nn.ReLU6(True),
    lambda nn: nn.LeakyReLU(), lambda nn: nn.LeakyReLU(0.2, True), lambda nn: nn.ELU(), lambda nn: nn.ELU(2.0, True),
    lambda nn: nn.SELU(), lambda nn: nn.SELU(True), lambda nn: nn.CELU(), lambda nn: nn.CELU(0.5, True),
    lambda nn: nn.GELU(), lambda nn: nn.GELU("tanh"), lambda nn: nn.SiLU(), lambda nn: nn.SiLU(inplace=True),
    lambda nn: nn.Mish(), lambda nn: nn.Mish(True), lambda nn: nn.Sigmoid(), lambda nn: nn.Tanh(),
    lambda nn: nn.Softplus(), lambda nn: nn.Softplus(2, 10), lambda nn: nn.Softsign(), lambda nn: nn.Hardtanh(),
    lambda nn: nn.Hardtanh(-2, 3, True), lambda nn: nn.Hardsigmoid(), lambda nn: nn.Hardsigmoid(True),
    lambda nn: nn.Hardswish(True), lambda nn: nn.LogSigmoid(), lambda nn: nn.Softmax(), lambda nn: nn.Softmax(1),
    lambda nn: nn.LogSoftmax(dim=-1), lambda nn: nn.Softmin(0), lambda nn: nn.Softmax2d(),
    lambda nn: nn.Threshold(0.1, 20), lambda nn: nn.Threshold(0.1, 20.0, True), lambda nn: nn.GLU(),
    lambda nn: nn.GLU(0), lambda nn: nn.PReLU(), lambda nn: nn.PReLU(3, 0.1), lambda nn: nn.RReLU(),
    lambda nn: nn.RReLU(0.1, 0.3, True), lambda nn: nn.Tanhshrink(), lambda nn: nn.Softshrink(),
    lambda nn: nn.Hardshrink(0.3),
    lambda nn: nn.Dropout(), lambda nn: nn.Dropout(0.2, True), lambda nn: nn.Dropout1d(), lambda nn: nn.Dropout2d(),
    lambda nn: nn.Dropout3d(0.1), lambda nn: nn.AlphaDropout(), lambda nn: nn.FeatureAlphaDropout(),
    lambda nn: nn.LayerNorm(4), lambda nn: nn.LayerNorm((2, 3), eps=1e-3, elementwise_affine=False),
    lambda nn: nn.LayerNorm([4], bias=False), lambda nn: nn.GroupNorm(2, 4),
    lambda nn: nn.GroupNorm(2, 4, affine=False),
    lambda nn: nn.GroupNorm(1, 3, bias=False), lambda nn: nn.RMSNorm(4), lambda nn: nn.RMSNorm([2, 3], eps=1e-6),
    lambda nn: nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10),
                             nn.LogSoftmax(dim=1)),
]


@pytest.mark.parametrize("build", REPRS, ids=[str(b(torch.nn)).split("\n")[0] + f"#{i}" for i, b in enumerate(REPRS)])
def test_module_prints_as_torch(build):
    assert str(build(minitorch.nn)) == str(build(torch.nn))
    assert repr(build(minitorch.nn)) == repr(build(torch.nn))


def test_functional_namespace_has_torch_names():
    names = ["linear", "bilinear", "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu",
             "celu", "gelu", "silu", "mish", "softplus", "softsign", "hardtanh", "hardtanh_", "hardsigmoid",
             "hardswish", "sigmoid", "tanh", "logsigmoid", "softmax", "log_softmax", "softmin", "threshold",
             "threshold_", "glu", "normalize", "one_hot", "dropout", "dropout1d", "dropout2d", "dropout3d",
             "alpha_dropout", "feature_alpha_dropout", "layer_norm", "group_norm", "rms_norm", "prelu", "rrelu",
             "softshrink", "hardshrink", "tanhshrink"]
    missing = [n for n in names if not callable(getattr(minitorch.nn.functional, n, None))]
    assert not missing
    assert all(callable(getattr(torch.nn.functional, n)) for n in names)


# -- parameters: names, shapes, dtypes and default initialization ----------------------------------
PARAMETRIZED = [
    lambda nn, **kw: nn.Linear(3, 4, **kw), lambda nn, **kw: nn.Linear(3, 4, bias=False, **kw),
    lambda nn, **kw: nn.Bilinear(2, 3, 4, **kw), lambda nn, **kw: nn.Bilinear(2, 3, 4, bias=False, **kw),
    lambda nn, **kw: nn.LayerNorm((2, 3), **kw), lambda nn, **kw: nn.LayerNorm(3, bias=False, **kw),
    lambda nn, **kw: nn.LayerNorm(3, elementwise_affine=False, **kw), lambda nn, **kw: nn.GroupNorm(2, 4, **kw),
    lambda nn, **kw: nn.GroupNorm(2, 4, affine=False, **kw), lambda nn, **kw: nn.RMSNorm(5, **kw),
    lambda nn, **kw: nn.PReLU(3, **kw),
]


def _describe_params(module):
    return [(name, tuple(p.shape), str(p.dtype).split(".")[-1], p.requires_grad, type(p).__name__)
            for name, p in module.named_parameters()]


@pytest.mark.parametrize("dtype", [None, "float64"])
@pytest.mark.parametrize("build", PARAMETRIZED, ids=[str(b(torch.nn)) for b in PARAMETRIZED])
def test_parameters_match_torch(build, dtype):
    kw = {} if dtype is None else {"dtype": getattr(torch, dtype)}
    mkw = {} if dtype is None else {"dtype": getattr(minitorch, dtype)}
    m, t = build(minitorch.nn, **mkw), build(torch.nn, **kw)
    assert _describe_params(m) == _describe_params(t)
    assert list(m.state_dict()) == list(t.state_dict())
    for name in ("weight", "bias"):
        assert (getattr(m, name, "absent") is None) == (getattr(t, name, "absent") is None)


def test_device_argument():
    assert minitorch.nn.Linear(2, 3, device="cpu").weight.device == minitorch.device("cpu")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        minitorch.nn.Linear(2, 3, device="cuda")


def _uniform_stats_ok(values, bound, rel=0.05):
    """Values within [-bound, bound], with the mean and standard deviation of U(-bound, bound)."""
    values = np.asarray(values, dtype=np.float64).ravel()
    assert values.min() >= -bound and values.max() <= bound
    assert abs(values.mean()) < 5 * bound / math.sqrt(3 * values.size)
    assert values.std() == pytest.approx(bound / math.sqrt(3), rel=rel)
    assert values.min() < -0.95 * bound and values.max() > 0.95 * bound  # the whole range is used


def test_linear_default_init_is_torchs_distribution():
    minitorch.manual_seed(0)
    torch.manual_seed(0)
    m, t = minitorch.nn.Linear(400, 500), torch.nn.Linear(400, 500)
    bound = 1 / math.sqrt(400)  # kaiming_uniform_(a=sqrt(5)) works out to 1/sqrt(fan_in)
    _uniform_stats_ok(m.weight.detach().numpy(), bound)
    _uniform_stats_ok(t.weight.detach().numpy(), bound)  # the same claim holds for torch's
    assert m.weight.detach().numpy().std() == pytest.approx(t.weight.detach().numpy().std(), rel=0.02)
    big_bias = minitorch.nn.Linear(400, 20000).bias
    _uniform_stats_ok(big_bias.detach().numpy(), bound)
    assert m.weight.dtype == minitorch.float32 and m.weight.requires_grad and m.weight.is_leaf


def test_linear_init_with_zero_fan_in_is_like_torch():
    _same_warnings(lambda lib: lib.nn.Linear(0, 3))
    with pytest.warns(UserWarning, match="no-op"):
        m = minitorch.nn.Linear(0, 3)
    with pytest.warns(UserWarning, match="no-op"):
        t = torch.nn.Linear(0, 3)
    assert np.array_equal(m.bias.detach().numpy(), t.bias.detach().numpy())  # U(0, 0): zeros


def test_bilinear_default_init():
    minitorch.manual_seed(1)
    m = minitorch.nn.Bilinear(50, 20, 300)
    bound = 1 / math.sqrt(50)
    _uniform_stats_ok(m.weight.detach().numpy(), bound)
    assert np.abs(m.bias.detach().numpy()).max() <= bound


def test_normalization_and_prelu_default_init():
    ln, gn, rms, pr = (minitorch.nn.LayerNorm((2, 3)), minitorch.nn.GroupNorm(2, 4), minitorch.nn.RMSNorm(3),
                       minitorch.nn.PReLU(3, init=0.1))
    for weight in (ln.weight, gn.weight, rms.weight):
        assert np.all(weight.detach().numpy() == 1)
    for bias in (ln.bias, gn.bias):
        assert np.all(bias.detach().numpy() == 0)
    assert np.allclose(pr.weight.detach().numpy(), 0.1)
    assert np.allclose(minitorch.nn.PReLU().weight.detach().numpy(), 0.25)


def test_reset_parameters_redraws():
    minitorch.manual_seed(0)
    m = minitorch.nn.Linear(5, 5)
    before = m.weight.detach().numpy().copy()
    m.reset_parameters()
    assert not np.array_equal(before, m.weight.detach().numpy())
    minitorch.manual_seed(0)
    assert np.array_equal(minitorch.nn.Linear(5, 5).weight.detach().numpy(), before)  # seeded: reproducible


# -- Linear: shapes, grad_fn names, errors ---------------------------------------------------------
@pytest.mark.parametrize("shape", [(3,), (2, 3), (4, 2, 3), (2, 2, 2, 3), (0, 3)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_any_leading_dims(shape, bias):
    m, t = minitorch.nn.Linear(3, 5, bias=bias), torch.nn.Linear(3, 5, bias=bias)
    m.load_state_dict({k: v.numpy() for k, v in t.state_dict().items()})
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    mx, tx = minitorch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    my, ty = m(mx), t(tx)
    assert tuple(my.shape) == tuple(ty.shape) == shape[:-1] + (5,)
    assert type(my.grad_fn).__name__ == type(ty.grad_fn).__name__
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-5, atol=1e-6)
    my.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(m.weight.grad.numpy(), t.weight.grad.numpy(), rtol=1e-5, atol=1e-5)


LINEAR_ERRORS = {
    "wrong_in_features": lambda t: t.nn.Linear(4, 5)(t.randn(2, 3)),
    "wrong_in_features_3d": lambda t: t.nn.Linear(4, 5)(t.randn(2, 2, 3)),
    "wrong_in_features_1d": lambda t: t.nn.Linear(4, 5)(t.randn(3)),
    "0d_input": lambda t: t.nn.functional.linear(t.tensor(1.0), t.randn(5, 4)),
    "double_input": lambda t: t.nn.Linear(4, 5)(t.randn(2, 4, dtype=t.float64)),
    "double_input_no_bias": lambda t: t.nn.Linear(4, 5, bias=False)(t.randn(2, 4, dtype=t.float64)),
    "double_input_no_bias_3d": lambda t: t.nn.Linear(4, 5, bias=False)(t.randn(3, 2, 4, dtype=t.float64)),
    "double_bias": lambda t: t.nn.functional.linear(t.randn(2, 4), t.randn(5, 4), t.randn(5, dtype=t.float64)),
    "bias_wrong_size": lambda t: t.nn.functional.linear(t.randn(2, 4), t.randn(5, 4), t.randn(3)),
    "bias_too_many_dims": lambda t: t.nn.functional.linear(t.randn(2, 4), t.randn(5, 4), t.randn(2, 1, 5)),
    "weight_3d": lambda t: t.nn.functional.linear(t.randn(2, 4), t.randn(5, 4, 3)),
    "weight_1d_with_bias": lambda t: t.nn.functional.linear(t.randn(2, 4), t.randn(4), t.randn(())),
    "bilinear_in1": lambda t: t.nn.Bilinear(3, 4, 5)(t.randn(2, 4), t.randn(2, 4)),
    "bilinear_in2": lambda t: t.nn.Bilinear(3, 4, 5)(t.randn(2, 3), t.randn(2, 5)),
    "bilinear_batch": lambda t: t.nn.Bilinear(3, 4, 5)(t.randn(2, 3), t.randn(3, 4)),
    "bilinear_bias": lambda t: t.nn.functional.bilinear(t.randn(2, 3), t.randn(2, 4), t.randn(5, 3, 4), t.randn(6)),
}


@pytest.mark.parametrize("name", list(LINEAR_ERRORS))
def test_linear_errors_match_torch(name):
    _same_error(LINEAR_ERRORS[name])


def test_linear_error_message_names_the_shapes():
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\)"):
        minitorch.nn.Linear(4, 5)(minitorch.randn(2, 3))


# -- errors of the other layers and functions -------------------------------------------------------------------------
F_ERRORS = {
    "dropout_p_high": lambda t: t.nn.functional.dropout(t.randn(3), 1.5),
    "dropout_p_negative": lambda t: t.nn.functional.dropout(t.randn(3), -0.1),
    "dropout_module_p": lambda t: t.nn.Dropout(1.2),
    "alpha_dropout_p": lambda t: t.nn.functional.alpha_dropout(t.randn(3), 2.0, True),
    "dropout1d_rank": lambda t: t.nn.functional.dropout1d(t.randn(2, 3, 4, 5)),
    "glu_odd": lambda t: t.nn.functional.glu(t.randn(2, 3)),
    "glu_odd_dim0": lambda t: t.nn.functional.glu(t.randn(3, 2), 0),
    "glu_scalar": lambda t: t.nn.functional.glu(t.tensor(1.0)),
    "glu_bad_dim": lambda t: t.nn.functional.glu(t.randn(2, 4), 2),
    "layer_norm_shape": lambda t: t.nn.functional.layer_norm(t.randn(3, 4), (5,)),
    "layer_norm_longer_shape": lambda t: t.nn.functional.layer_norm(t.randn(3, 4), (3, 4, 5)),
    "layer_norm_weight": lambda t: t.nn.functional.layer_norm(t.randn(3, 4), (4,), t.randn(5)),
    "layer_norm_bias": lambda t: t.nn.functional.layer_norm(t.randn(3, 4), (4,), None, t.randn(3)),
    "layer_norm_int_shape": lambda t: t.nn.functional.layer_norm(t.randn(3, 4), 4),
    "layer_norm_module": lambda t: t.nn.LayerNorm(5)(t.randn(3, 4)),
    "group_norm_groups": lambda t: t.nn.functional.group_norm(t.randn(2, 3, 4), 2),
    "group_norm_rank": lambda t: t.nn.functional.group_norm(t.randn(3), 1),
    "group_norm_weight": lambda t: t.nn.functional.group_norm(t.randn(2, 4, 3), 2, t.randn(3)),
    "group_norm_module": lambda t: t.nn.GroupNorm(3, 4),
    "rms_norm_shape": lambda t: t.nn.functional.rms_norm(t.randn(3, 4), (3,)),
    "rms_norm_shape_2d": lambda t: t.nn.functional.rms_norm(t.randn(2, 5), (3, 4)),
    "rms_norm_rank": lambda t: t.nn.functional.rms_norm(t.randn(5), (3, 4, 5)),
    "rms_norm_weight": lambda t: t.nn.functional.rms_norm(t.randn(3, 4), (4,), t.randn(3)),
    "softshrink_negative_double": lambda t: t.nn.functional.softshrink(t.randn(3, dtype=t.float64), -0.5),
    "one_hot_int32": lambda t: t.nn.functional.one_hot(t.tensor([1, 2], dtype=t.int32)),
    "one_hot_float": lambda t: t.nn.functional.one_hot(t.tensor([1.0])),
    "one_hot_negative": lambda t: t.nn.functional.one_hot(t.tensor([1, -2])),
    "one_hot_too_big": lambda t: t.nn.functional.one_hot(t.tensor([1, 5]), 3),
    "one_hot_empty": lambda t: t.nn.functional.one_hot(t.tensor([], dtype=t.int64)),
    "gelu_approximate": lambda t: t.nn.functional.gelu(t.randn(3), approximate="fast"),
    "gelu_module_approximate": lambda t: t.nn.GELU("fast")(t.randn(3)),
    "softshrink_negative": lambda t: t.nn.functional.softshrink(t.randn(3), -1.0),
    "prelu_channels": lambda t: t.nn.functional.prelu(t.randn(2, 3, 4), t.rand(4)),
    "prelu_module_channels": lambda t: t.nn.PReLU(3)(t.randn(3)),
    "hardtanh_bounds": lambda t: t.nn.functional.hardtanh(t.randn(3), 1.0, -1.0),
    "hardtanh_module_bounds": lambda t: t.nn.Hardtanh(1.0, 1.0),
    "celu_alpha_zero": lambda t: t.nn.functional.celu(t.randn(3), 0.0),
    "unflatten_size_type": lambda t: t.nn.Unflatten(1, 6),
    "unflatten_size_elements": lambda t: t.nn.Unflatten(1, (2, 3.0)),
    "unflatten_bad_product": lambda t: t.nn.Unflatten(1, (2, 4))(t.randn(3, 6)),
    "flatten_bad_dims": lambda t: t.nn.Flatten(2, 1)(t.randn(2, 3, 4)),
    "softmax2d_rank": lambda t: t.nn.Softmax2d()(t.randn(2, 3)),
    "softmax_bad_dim": lambda t: t.nn.Softmax(dim=2)(t.randn(2, 3)),
    "normalize_int": lambda t: t.nn.functional.normalize(t.tensor([[1, 2]])),
    "relu_inplace_leaf": lambda t: t.nn.functional.relu(t.randn(3, requires_grad=True), inplace=True),
    "elu_inplace_leaf": lambda t: t.nn.ELU(inplace=True)(t.randn(3, requires_grad=True)),
    "dropout_inplace_leaf": lambda t: t.nn.functional.dropout(t.randn(3, requires_grad=True), inplace=True),
    "identity_takes_anything": lambda t: t.nn.Identity(1, 2, a=3)(t.randn(2)).bogus,
    "sigmoid_takes_no_arguments": lambda t: t.nn.Sigmoid(1),
}
# integer input to float-only functions: torch names its kernel in the error
for _op in ["leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "softplus", "hardsigmoid", "hardswish",
            "logsigmoid", "rrelu", "softshrink", "hardshrink", "glu"]:
    F_ERRORS[f"{_op}_int_input"] = lambda t, op=_op: getattr(t.nn.functional, op)(t.tensor([[1, -2, 3, 4]]))
F_ERRORS.update({
    "softmin_int_input": lambda t: t.nn.functional.softmin(t.tensor([[1, 2]]), 1),
    "layer_norm_int_input": lambda t: t.nn.functional.layer_norm(t.tensor([[1, 2]]), (2,)),
    "group_norm_int_input": lambda t: t.nn.functional.group_norm(t.tensor([[1, 2]]), 1),
    "rms_norm_int_input": lambda t: t.nn.functional.rms_norm(t.tensor([[1, 2]]), (2,)),
    "prelu_int_input": lambda t: t.nn.functional.prelu(t.tensor([[1, 2]]), t.tensor([1])),
    "dropout_int_input": lambda t: t.nn.functional.dropout(t.tensor([1, 2]), 0.5),
    "alpha_dropout_int_input": lambda t: t.nn.functional.alpha_dropout(t.tensor([1, 2]), 0.5, True),
    "bilinear_dtypes": lambda t: t.nn.functional.bilinear(t.randn(2, 4), t.tensor([[1, 2, 3, 4]] * 2),
                                                          t.randn(2, 4, 4)),
})


@pytest.mark.parametrize("name", list(F_ERRORS))
def test_errors_match_torch(name):
    _same_error(F_ERRORS[name])


# -- integer inputs that torch accepts -------------------------------------------------------------
@pytest.mark.parametrize("fn", [lambda F, x: F.relu(x), lambda F, x: F.relu6(x), lambda F, x: F.hardtanh(x, -1, 2),
                                lambda F, x: F.threshold(x, 1, 7), lambda F, x: F.softsign(x),
                                lambda F, x: F.sigmoid(x), lambda F, x: F.tanh(x), lambda F, x: F.tanhshrink(x),
                                lambda F, x: F.dropout(x, 0.0), lambda F, x: F.dropout(x, 1.0),
                                lambda F, x: F.dropout(x, 0.5, training=False), lambda F, x: F.one_hot(x + 3)])
def test_integer_inputs_like_torch(fn):
    data = [-3, -1, 0, 2, 5]
    m, t = fn(minitorch.nn.functional, minitorch.tensor(data)), fn(torch.nn.functional, torch.tensor(data))
    assert str(m.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-6)


# -- relu's edge values (its own compiled kernels) ---------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("layout", ["contiguous", "transposed"])
def test_relu_edge_values_and_gradient_as_torch(dtype, layout):
    """-0.0 and NaN pass through the forward; the backward selects the gradient (an infinite one at
    a clipped element gives 0, a NaN output passes its gradient): torch's rules, bit for bit."""
    values = np.array([[-0.0, 0.0, np.nan, -1.0, 2.0, -np.inf], [np.inf, 3.5, -2.5, 1e-30, -1e-30, 0.5]], dtype)
    grads = np.array([[1.0, 2.0, 3.0, np.inf, 5.0, np.nan], [-1.0, np.inf, np.nan, 4.0, 6.0, -np.inf]], dtype)
    if layout == "transposed":
        values, grads = values.T, grads.T
    results = []
    for lib in (minitorch, torch):
        x = lib.tensor(values, requires_grad=True)
        y = lib.relu(x)
        y.backward(lib.tensor(grads))
        results.append((y.detach().numpy(), x.grad.numpy(), type(y.grad_fn).__name__))
    (my, mg, mname), (ty, tg, tname) = results
    np.testing.assert_array_equal(my, ty)
    np.testing.assert_array_equal(np.signbit(my), np.signbit(ty))  # -0.0 stays -0.0
    np.testing.assert_array_equal(mg, tg)
    assert mname == tname == "ReluBackward0"


def test_relu_of_bool_is_an_error_as_in_torch():
    _same_error(lambda t: t.relu(t.tensor([True, False])))


# -- in-place forms ---------------------------------------------------------------------------------------------------
INPLACE = {
    "relu": lambda F, x: F.relu(x, inplace=True), "relu_": lambda F, x: F.relu_(x),
    "relu6": lambda F, x: F.relu6(x, inplace=True), "leaky_relu": lambda F, x: F.leaky_relu(x, 0.1, True),
    "elu": lambda F, x: F.elu(x, inplace=True), "selu": lambda F, x: F.selu(x, True),
    "celu": lambda F, x: F.celu(x, 2.0, True), "silu": lambda F, x: F.silu(x, inplace=True),
    "mish": lambda F, x: F.mish(x, inplace=True), "hardtanh": lambda F, x: F.hardtanh(x, inplace=True),
    "hardsigmoid": lambda F, x: F.hardsigmoid(x, True), "hardswish": lambda F, x: F.hardswish(x, True),
    "threshold": lambda F, x: F.threshold(x, 0.2, 9.0, True), "rrelu": lambda F, x: F.rrelu(x, inplace=True),
    "dropout_eval": lambda F, x: F.dropout(x, 0.5, False, True),
}


@pytest.mark.parametrize("name", list(INPLACE))
def test_inplace_writes_into_the_input(name):
    data = np.array([-2.5, -0.7, 0.3, 1.4, 4.0], dtype=np.float32)
    m, t = minitorch.tensor(data), torch.tensor(data)
    m_version = m._version
    m_out, t_out = INPLACE[name](minitorch.nn.functional, m), INPLACE[name](torch.nn.functional, t)
    assert m_out is m and t_out is t
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-6)
    if name != "dropout_eval":
        assert m._version > m_version


@pytest.mark.parametrize("name", [n for n in INPLACE if n != "dropout_eval"])
def test_inplace_on_a_non_leaf_backpropagates_like_torch(name):
    data = np.array([-2.5, -0.7, 0.3, 1.4, 4.0])
    grads, names = [], []
    for lib in LIBS:
        x = lib.tensor(data, requires_grad=True)
        y = x * 1.5
        out = INPLACE[name](lib.nn.functional, y)
        assert out is y
        names.append(type(out.grad_fn).__name__)
        (out * lib.tensor([1.0, 2.0, 3.0, 4.0, 5.0], dtype=lib.float64)).sum().backward()
        grads.append(x.grad.numpy())
    assert names[1] == names[0]
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12)


def test_inplace_relu_module_in_a_model():
    m_model = minitorch.nn.Sequential(minitorch.nn.Linear(3, 4), minitorch.nn.ReLU(inplace=True))
    t_model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(inplace=True))
    m_model.load_state_dict({k: v.numpy() for k, v in t_model.state_dict().items()})
    x = np.random.default_rng(3).standard_normal((5, 3)).astype(np.float32)
    m_out, t_out = m_model(minitorch.tensor(x)), t_model(torch.tensor(x))
    np.testing.assert_allclose(m_out.detach().numpy(), t_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    m_out.sum().backward()
    t_out.sum().backward()
    np.testing.assert_allclose(m_model[0].weight.grad.numpy(), t_model[0].weight.grad.numpy(), rtol=1e-5, atol=1e-6)


# -- dropout: randomness checked by its statistics --------------------------------------------------------------------
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_zeroes_a_fraction_p_and_scales_the_rest(p):
    minitorch.manual_seed(0)
    x = minitorch.ones(200, 500, requires_grad=True)
    out = minitorch.nn.functional.dropout(x, p)
    values = out.detach().numpy()
    kept = values != 0
    n = kept.size
    assert abs((1 - kept.mean()) - p) < 5 * math.sqrt(p * (1 - p) / n)
    np.testing.assert_allclose(values[kept], 1 / (1 - p), rtol=1e-6)
    assert type(out.grad_fn).__name__ == "MulBackward0"
    upstream = np.random.default_rng(0).standard_normal(values.shape).astype(np.float32)
    out.backward(minitorch.from_numpy(upstream))
    np.testing.assert_allclose(x.grad.numpy(), np.where(kept, upstream / (1 - p), 0), rtol=1e-6)


def test_dropout_is_reproducible_with_manual_seed_and_differs_without():
    draw = lambda: minitorch.nn.functional.dropout(minitorch.ones(1000)).numpy().copy()  # noqa: E731
    minitorch.manual_seed(7)
    a, b = draw(), draw()
    minitorch.manual_seed(7)
    assert np.array_equal(draw(), a)
    assert not np.array_equal(a, b)


def test_dropout_module_train_and_eval():
    m = minitorch.nn.Dropout(0.5)
    x = minitorch.randn(100, 100)
    assert m.training and (m(x).numpy() == 0).any()
    m.eval()
    assert m(x) is x
    model = minitorch.nn.Sequential(minitorch.nn.Linear(4, 4), minitorch.nn.Dropout(0.9))
    model.eval()
    y = minitorch.randn(3, 4)
    assert np.array_equal(model(y).detach().numpy(), model(y).detach().numpy())
    model.train()
    assert model[1].training


def test_dropout_special_values_are_torchs():
    x = minitorch.randn(4, 5)
    assert minitorch.nn.functional.dropout(x, 0.0) is x
    assert minitorch.nn.functional.dropout(x, 0.5, training=False) is x
    assert minitorch.nn.functional.alpha_dropout(x, 0.5) is x  # training defaults to False there
    assert np.all(minitorch.nn.functional.dropout(x, 1.0).numpy() == 0)
    y = x * 1
    assert minitorch.nn.functional.dropout(y, 0.4, inplace=True) is y


def test_dropout2d_zeroes_whole_channels():
    minitorch.manual_seed(0)
    x = minitorch.ones(8, 16, 5, 5, requires_grad=True)
    out = minitorch.nn.Dropout2d(0.5)(x)
    per_channel = out.detach().numpy().reshape(8, 16, 25)
    assert np.all((per_channel == 0).all(-1) | (per_channel == 2).all(-1))  # all dropped or all kept (x2)
    assert 0.3 < (per_channel[..., 0] == 0).mean() < 0.7
    out.sum().backward()
    assert np.array_equal(x.grad.numpy(), out.detach().numpy())


@pytest.mark.parametrize("fn, shape", [(lambda F, x: F.dropout1d(x, 0.5), (6, 10)),
                                       (lambda F, x: F.dropout3d(x, 0.5), (6, 2, 2, 2))])
def test_unbatched_channel_dropout(fn, shape):
    for lib in LIBS:
        x = lib.ones(*shape, requires_grad=True)
        out = fn(lib.nn.functional, x)
        flat = out.detach().numpy().reshape(shape[0], -1)
        assert np.all((flat == 0).all(-1) | (flat == 2).all(-1))
        assert type(out.grad_fn).__name__ == "SqueezeBackward1"


def test_dropout2d_warnings_match_torch():
    got = _same_warnings(lambda lib: lib.nn.functional.dropout2d(lib.ones(2, 3, 4), 0.5))
    assert got and "dropout1d" in got[0][1]
    _same_warnings(lambda lib: lib.nn.functional.dropout2d(lib.ones(2, 3, 4, 4, 4), 0.5))
    _same_warnings(lambda lib: lib.nn.functional.dropout3d(lib.ones(2, 3, 4), 0.5))


def test_alpha_dropout_keeps_mean_and_variance_like_torch():
    minitorch.manual_seed(0)
    torch.manual_seed(0)
    data = np.random.default_rng(0).standard_normal((400, 500)).astype(np.float32)
    for lib in LIBS:
        out = lib.nn.functional.alpha_dropout(lib.from_numpy(data.copy()), 0.3, training=True).numpy()
        assert abs(out.mean()) < 0.02 and abs(out.std() - 1) < 0.02, lib.__name__
        values, counts = np.unique(out, return_counts=True)  # every dropped element takes the same value
        assert abs(counts.max() / out.size - 0.3) < 0.01, lib.__name__
        assert values[counts.argmax()] < -1, lib.__name__


def test_rrelu_training_draws_slopes_in_range():
    minitorch.manual_seed(0)
    x = minitorch.tensor(-np.linspace(0.5, 2.0, 1000), requires_grad=True)
    out = minitorch.nn.RReLU(0.1, 0.3)(x)
    slopes = out.detach().numpy() / x.detach().numpy()
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and slopes.std() > 0.03
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), slopes)
    assert type(out.grad_fn).__name__ == "RreluWithNoiseBackward0"


# -- softmax's implicit dim, deprecated names ------------------------------------------------------
@pytest.mark.parametrize("fn", [lambda lib: lib.nn.functional.softmax(lib.ones(2, 3)),
                                lambda lib: lib.nn.functional.log_softmax(lib.ones(2, 3, 4)),
                                lambda lib: lib.nn.functional.softmin(lib.ones(3)),
                                lambda lib: lib.nn.Softmax()(lib.ones(2, 3))])
def test_implicit_softmax_dim_warns_like_torch(fn):
    got = _same_warnings(fn)
    assert got and "Implicit dimension choice" in got[0][1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m, t = fn(minitorch), fn(torch)
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-6)


def test_hardtanh_deprecated_keywords():
    got = _same_warnings(lambda lib: lib.nn.Hardtanh(min_value=-2.0, max_value=2.0))
    assert [c for c, _ in got] == [FutureWarning, FutureWarning]
    with pytest.warns(FutureWarning):
        assert str(minitorch.nn.Hardtanh(min_value=-2.0, max_value=2.0)) == "Hardtanh(min_val=-2.0, max_val=2.0)"


def test_sigmoid_and_tanh_aliases_are_the_ops():
    x = minitorch.randn(3, requires_grad=True)
    assert type(minitorch.nn.functional.sigmoid(x).grad_fn).__name__ == "SigmoidBackward0"
    assert type(minitorch.nn.functional.tanh(x).grad_fn).__name__ == "TanhBackward0"


# -- gelu's erf: full float64 accuracy, with and without numba -------------------------------------
def test_erf_kernel_is_exact(monkeypatch):
    x = np.concatenate([np.linspace(-6, 6, 10001), [0.0, -0.0, 1e-300, 27.0, -27.0, np.inf, -np.inf]])
    expected = np.array([math.erf(v) for v in x])
    assert np.array_equal(special.erf(x), expected)
    with monkeypatch.context() as m:  # the path taken when the JIT is disabled
        m.setattr(special, "JIT_ENABLED", False)
        assert np.array_equal(special.erf(x), expected)
    assert special.erf(x.astype(np.float32)).dtype == np.float32
    assert np.isnan(special.erf(np.array([np.nan]))[0])
    assert special.erf(np.ones((2, 3))[:, ::2]).shape == (2, 2)


def test_gelu_float64_agrees_with_torch_to_the_last_bits():
    x = np.linspace(-8, 8, 4001)
    for approximate in ("none", "tanh"):
        m = minitorch.nn.functional.gelu(minitorch.from_numpy(x), approximate=approximate).numpy()
        t = torch.nn.functional.gelu(torch.from_numpy(x), approximate=approximate).numpy()
        np.testing.assert_allclose(m, t, rtol=1e-14, atol=1e-15)


# -- hypothesis: layer shapes drawn at random, compared with torch ---------------------------------
def _run_module_case(case, float_dtype="float64"):
    errors = {}
    try:
        case.compare(float_dtype, "cpu", np.random.default_rng(0), errors)
    except runner.Mismatch as e:
        raise AssertionError(f"{case.name}: {e}") from None


@settings(max_examples=25, deadline=None)
@given(lead=st.lists(st.integers(1, 4), min_size=0, max_size=3), n_in=st.integers(1, 6), n_out=st.integers(1, 6),
       bias=st.booleans(), dtype=st.sampled_from(["float64", "float32"]))
def test_linear_random_shapes_match_torch(lead, n_in, n_out, bias, dtype):
    case = ModuleCase("Linear/drawn", lambda t: t.nn.Linear(n_in, n_out, bias=bias), [Arg(tuple(lead) + (n_in,))])
    _run_module_case(case, dtype)


@settings(max_examples=25, deadline=None)
@given(lead=st.lists(st.integers(1, 4), min_size=0, max_size=2),
       norm=st.lists(st.integers(1, 4), min_size=1, max_size=2).filter(lambda s: int(np.prod(s)) > 1),
       affine=st.booleans(), eps=st.sampled_from([1e-5, 1e-3]))
def test_layer_norm_random_shapes_match_torch(lead, norm, affine, eps):
    case = ModuleCase("LayerNorm/drawn", lambda t: t.nn.LayerNorm(norm, eps=eps, elementwise_affine=affine),
                      [Arg(tuple(lead) + tuple(norm))])
    _run_module_case(case)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 3), groups=st.sampled_from([1, 2, 4]), per_group=st.integers(1, 3),
       spatial=st.lists(st.integers(1, 3), max_size=2), affine=st.booleans())
def test_group_norm_random_shapes_match_torch(n, groups, per_group, spatial, affine):
    channels = groups * per_group
    if per_group * int(np.prod(spatial)) == 1:
        return  # a group of one value has zero variance: its normalized value is 0 and its gradient ill-posed
    case = ModuleCase("GroupNorm/drawn", lambda t: t.nn.GroupNorm(groups, channels, affine=affine),
                      [Arg((n, channels) + tuple(spatial))])
    _run_module_case(case)


# -- distances and pixel shuffles ------------------------------------------------------------------------
def _both(fn, *arrays):
    """``fn(lib, *tensors)`` in both libraries on float64 leaves: (output, input grads, grad_fn name) each."""
    results = []
    for lib in (minitorch, torch):
        xs = [lib.tensor(a, requires_grad=True) for a in arrays]
        out = fn(lib, *xs)
        up = np.random.default_rng(1).standard_normal(tuple(out.shape))
        out.backward(lib.tensor(up))
        results.append((out.detach().numpy(), [x.grad.numpy() for x in xs], type(out.grad_fn).__name__))
    return results


@pytest.mark.parametrize("fn, shapes", [
    (lambda lib, a, b: lib.nn.functional.cosine_similarity(a, b), [(4, 5), (4, 5)]),
    (lambda lib, a, b: lib.nn.functional.cosine_similarity(a, b, dim=-1, eps=1e-3), [(2, 3, 4), (1, 4)]),
    (lambda lib, a, b: lib.nn.CosineSimilarity(dim=0)(a, b), [(6,), (6,)]),
    (lambda lib, a, b: lib.cosine_similarity(a * 0, b), [(3, 4), (3, 4)]),  # zero vectors: finite, torch's grads
    (lambda lib, a, b: lib.nn.functional.pairwise_distance(a, b), [(4, 5), (4, 5)]),
    (lambda lib, a, b: lib.nn.functional.pairwise_distance(a, b, p=1.0, keepdim=True), [(2, 3, 4), (4,)]),
    (lambda lib, a, b: lib.nn.PairwiseDistance(p=3.0, eps=0.0)(a, b), [(5, 2), (5, 2)]),
    (lambda lib, a: lib.nn.functional.pixel_shuffle(a, 2), [(2, 8, 3, 2)]),
    (lambda lib, a: lib.nn.PixelShuffle(3)(a), [(2, 1, 9, 2, 2)]),
    (lambda lib, a: lib.pixel_unshuffle(a, 2), [(1, 3, 4, 6)]),
])
def test_distances_and_pixel_shuffles_match_torch(fn, shapes):
    rng = np.random.default_rng(0)
    (m_out, m_grads, m_name), (t_out, t_grads, t_name) = _both(fn, *[rng.standard_normal(s) for s in shapes])
    np.testing.assert_allclose(m_out, t_out, rtol=1e-12, atol=1e-12)
    for mg, tg in zip(m_grads, t_grads):
        np.testing.assert_allclose(mg, tg, rtol=1e-9, atol=1e-9)
    assert m_name == t_name


@pytest.mark.parametrize("call", [lambda lib: lib.nn.functional.pixel_shuffle(lib.ones(1, 6, 2, 2), 2),
                                  lambda lib: lib.nn.functional.pixel_unshuffle(lib.ones(1, 1, 3, 4), 2),
                                  lambda lib: lib.nn.functional.pixel_unshuffle(lib.ones(1, 1, 4, 3), 2),
                                  lambda lib: lib.nn.functional.pixel_shuffle(lib.ones(4, 4), 2),
                                  lambda lib: lib.nn.functional.pixel_shuffle(lib.ones(1, 4, 2, 2), 0)])
def test_pixel_shuffle_errors_match_torch(call):
    _same_error(call)


def test_distance_and_shuffle_modules_print_as_torch():
    for build in (lambda lib: lib.nn.CosineSimilarity(), lambda lib: lib.nn.PairwiseDistance(p=1.0),
                  lambda lib: lib.nn.PixelShuffle(2), lambda lib: lib.nn.PixelUnshuffle(3)):
        assert repr(build(minitorch)) == repr(build(torch))


@pytest.mark.parametrize("name, args", [
    ("conv1d", [(2, 3, 9), (4, 3, 3)]), ("conv2d", [(2, 3, 6, 6), (4, 3, 3, 3)]),
    ("conv_transpose2d", [(2, 3, 4, 4), (3, 2, 3, 3)]), ("max_pool2d", [(1, 2, 6, 6), 2]),
    ("max_pool1d", [(1, 2, 8), 2]), ("avg_pool1d", [(1, 2, 8), 3]), ("adaptive_avg_pool1d", [(1, 2, 9), 4]),
    ("selu", [(3, 4)]), ("celu", [(3, 4)]), ("hardshrink", [(3, 4)]), ("threshold", [(3, 4), 0.5, -1.0]),
    ("prelu", [(2, 3, 4), (3,)]), ("bilinear", [(3, 4), (3, 5), (2, 4, 5)]), ("detach", [(3,)]),
    ("dropout", [(3, 4), 0.5, False]),
])
def test_functional_ops_at_the_top_level_as_torch(name, args):
    """torch has these at its top level too (``torch.conv2d``, ``torch.selu``, ...)."""
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(a) if isinstance(a, tuple) else a for a in args]
    outs = [getattr(lib, name)(*[lib.tensor(a) if isinstance(a, np.ndarray) else a for a in arrays]).numpy()
            for lib in (minitorch, torch)]
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-10, atol=1e-12)
