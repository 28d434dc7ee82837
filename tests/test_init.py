"""nn.init: each initializer's distribution, checked by its statistics on large tensors against
torch's documented formulas and against samples from torch's own initializer; the deterministic
ones (constant, eye, dirac) value for value; errors, warnings and the in-place contract.

The random streams differ from torch's, so values are never compared one by one: a sample mean
must lie within a few standard errors of the expected mean, a sample standard deviation within a
few percent (with 10^5 or more values, the standard error of a std is about 0.2%).
"""
import math
import warnings

import numpy as np
import pytest
import torch

import minitorch
from minitorch.nn import init

LIBS = (torch, minitorch)


def _sample(lib, fn, shape, dtype="float32", **kwargs):
    """``fn`` (an init function's name) applied to a fresh ``lib`` tensor of ``shape``; as an array."""
    t = lib.empty(*shape, dtype=getattr(lib, dtype))
    out = getattr(lib.nn.init, fn)(t, **kwargs)
    assert out is t
    return t.numpy().astype(np.float64)


def _check_stats(values, mean, std, rel=0.02):
    n = values.size
    assert abs(values.mean() - mean) < 5 * std / math.sqrt(n) + 1e-12, (values.mean(), mean)
    assert values.std() == pytest.approx(std, rel=rel)


def _same_error(fn):
    with pytest.raises(Exception) as t_err:
        fn(torch)
    with pytest.raises(type(t_err.value)) as m_err:
        fn(minitorch)
    assert str(m_err.value) == str(t_err.value)


# -- calculate_gain and the fans -------------------------------------------------------------------------------
@pytest.mark.parametrize("nonlinearity, param", [
    ("linear", None), ("conv1d", None), ("conv2d", None), ("conv3d", None), ("conv_transpose1d", None),
    ("conv_transpose2d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
    ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 1), ("leaky_relu", math.sqrt(5)), ("selu", None),
])
def test_calculate_gain_matches_torch(nonlinearity, param):
    got, want = init.calculate_gain(nonlinearity, param), torch.nn.init.calculate_gain(nonlinearity, param)
    assert got == pytest.approx(want, rel=1e-15)
    assert type(got) is type(want)


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 3, 2), (8, 3, 3, 3), (2, 4, 1, 2, 3), (0, 3)])
def test_fan_in_and_fan_out_match_torch(shape):
    got = init._calculate_fan_in_and_fan_out(minitorch.empty(*shape))
    assert got == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))


ERRORS = {
    "fan_of_vector": lambda t: t.nn.init._calculate_fan_in_and_fan_out(t.empty(3)),
    "xavier_vector": lambda t: t.nn.init.xavier_uniform_(t.empty(3)),
    "xavier_normal_scalar": lambda t: t.nn.init.xavier_normal_(t.tensor(1.0)),
    "kaiming_bad_mode": lambda t: t.nn.init.kaiming_uniform_(t.empty(3, 3), mode="fan"),
    "kaiming_normal_bad_mode": lambda t: t.nn.init.kaiming_normal_(t.empty(3, 3), mode="FAN_mid"),
    "kaiming_bad_nonlinearity": lambda t: t.nn.init.kaiming_normal_(t.empty(3, 3), nonlinearity="swish"),
    "gain_unknown": lambda t: t.nn.init.calculate_gain("foo"),
    "gain_bad_slope": lambda t: t.nn.init.calculate_gain("leaky_relu", "x"),
    "gain_bool_slope": lambda t: t.nn.init.calculate_gain("leaky_relu", True),
    "eye_3d": lambda t: t.nn.init.eye_(t.empty(2, 2, 2)),
    "dirac_2d": lambda t: t.nn.init.dirac_(t.empty(3, 3)),
    "dirac_groups": lambda t: t.nn.init.dirac_(t.empty(3, 3, 3), 2),
    "orthogonal_vector": lambda t: t.nn.init.orthogonal_(t.empty(3)),
    "sparse_3d": lambda t: t.nn.init.sparse_(t.empty(3, 3, 3), 0.1),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_match_torch(name):
    _same_error(ERRORS[name])


# -- uniform, normal, trunc_normal ------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [(0.0, 1.0), (-3.0, -1.0), (-0.5, 2.5)])
def test_uniform(a, b):
    for lib in LIBS:
        v = _sample(lib, "uniform_", (400, 500), a=a, b=b)
        assert v.min() >= a and v.max() <= b
        _check_stats(v, (a + b) / 2, (b - a) / math.sqrt(12))


@pytest.mark.parametrize("mean, std", [(0.0, 1.0), (2.0, 0.1), (-1.0, 3.0)])
def test_normal(mean, std):
    for lib in LIBS:
        _check_stats(_sample(lib, "normal_", (400, 500), mean=mean, std=std), mean, std)


@pytest.mark.parametrize("mean, std, a, b", [(0.0, 1.0, -2.0, 2.0), (0.0, 1.0, -1.0, 3.0), (1.0, 0.5, 0.5, 3.0),
                                             (0.0, 0.02, -0.04, 0.04)])
def test_trunc_normal_bounds_and_statistics_match_torchs(mean, std, a, b):
    torch.manual_seed(0)
    t = _sample(torch, "trunc_normal_", (500, 400), mean=mean, std=std, a=a, b=b)
    m = _sample(minitorch, "trunc_normal_", (500, 400), mean=mean, std=std, a=a, b=b)
    assert m.min() >= a and m.max() <= b
    # the truncated normal's moments, from its formula
    alpha, beta = (a - mean) / std, (b - mean) / std
    pdf = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    cdf = lambda z: 0.5 * (1 + math.erf(z / math.sqrt(2)))  # noqa: E731
    z = cdf(beta) - cdf(alpha)
    true_mean = mean + std * (pdf(alpha) - pdf(beta)) / z
    true_std = std * math.sqrt(1 + (alpha * pdf(alpha) - beta * pdf(beta)) / z - ((pdf(alpha) - pdf(beta)) / z) ** 2)
    for values in (m, t):
        _check_stats(values, true_mean, true_std)
    # and the shape of the distribution: deciles agree with torch's sample
    np.testing.assert_allclose(np.quantile(m, np.linspace(0.1, 0.9, 9)), np.quantile(t, np.linspace(0.1, 0.9, 9)),
                               atol=0.02 * std)


def test_trunc_normal_warns_like_torch_when_mean_is_far():
    caught = []
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lib.nn.init.trunc_normal_(lib.empty(10), mean=10.0, std=1.0, a=-2.0, b=2.0)
        caught.append([(x.category, str(x.message)) for x in w])
    assert caught[0] == caught[1] and caught[0]


# -- Xavier and Kaiming -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape, gain", [((300, 500), 1.0), ((500, 300), 2.0),
                                         ((64, 32, 3, 3), init.calculate_gain("relu"))])
def test_xavier_uniform(shape, gain):
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(minitorch.empty(*shape))
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    for lib in LIBS:
        v = _sample(lib, "xavier_uniform_", shape, gain=gain)
        assert np.abs(v).max() <= bound * (1 + 1e-6) and np.abs(v).max() > 0.99 * bound
        _check_stats(v, 0.0, bound / math.sqrt(3))


@pytest.mark.parametrize("shape, gain", [((300, 500), 1.0), ((64, 32, 3, 3), 5.0 / 3)])
def test_xavier_normal(shape, gain):
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(minitorch.empty(*shape))
    for lib in LIBS:
        _check_stats(_sample(lib, "xavier_normal_", shape, gain=gain), 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)))


KAIMING = [
    ((400, 300), dict()),
    ((400, 300), dict(a=math.sqrt(5))),
    ((400, 300), dict(mode="fan_out", nonlinearity="relu")),
    ((64, 32, 3, 3), dict(mode="fan_in", nonlinearity="relu")),
    ((64, 32, 3, 3), dict(a=0.2, mode="fan_out")),
    ((300, 400), dict(nonlinearity="tanh", mode="FAN_IN")),
]


def _kaiming_std(shape, kwargs):
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(minitorch.empty(*shape))
    fan = fan_out if kwargs.get("mode", "fan_in").lower() == "fan_out" else fan_in
    gain = torch.nn.init.calculate_gain(kwargs.get("nonlinearity", "leaky_relu"), kwargs.get("a", 0))
    return gain / math.sqrt(fan)


@pytest.mark.parametrize("shape, kwargs", KAIMING)
def test_kaiming_uniform(shape, kwargs):
    bound = math.sqrt(3.0) * _kaiming_std(shape, kwargs)
    for lib in LIBS:
        v = _sample(lib, "kaiming_uniform_", shape, **kwargs)
        assert np.abs(v).max() <= bound * (1 + 1e-6) and np.abs(v).max() > 0.99 * bound
        _check_stats(v, 0.0, bound / math.sqrt(3))


@pytest.mark.parametrize("shape, kwargs", KAIMING)
def test_kaiming_normal(shape, kwargs):
    for lib in LIBS:
        _check_stats(_sample(lib, "kaiming_normal_", shape, **kwargs), 0.0, _kaiming_std(shape, kwargs))


@pytest.mark.parametrize("fn", ["kaiming_uniform_", "kaiming_normal_"])
def test_kaiming_on_empty_tensor_warns_like_torch(fn):
    caught = []
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            t = lib.empty(0, 3)
            assert getattr(lib.nn.init, fn)(t) is t
        caught.append([(x.category, str(x.message)) for x in w])
    assert caught[0] == caught[1] == [(UserWarning, "Initializing zero-element tensors is a no-op")]


# -- deterministic initializers: value for value -------------------------------------------------------------------
@pytest.mark.parametrize("fn, shape, kwargs", [
    ("constant_", (3, 4), dict(val=0.3)), ("ones_", (2, 5), {}), ("zeros_", (4,), {}),
    ("eye_", (3, 3), {}), ("eye_", (2, 4), {}), ("eye_", (5, 2), {}),
    ("dirac_", (4, 4, 3), {}), ("dirac_", (6, 3, 3, 3), dict(groups=2)), ("dirac_", (2, 3, 1, 2, 2), {}),
    ("dirac_", (4, 2, 5), dict(groups=1)),
])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_deterministic_initializers_match_torch(fn, shape, kwargs, dtype):
    m, t = _sample(minitorch, fn, shape, dtype, **kwargs), _sample(torch, fn, shape, dtype, **kwargs)
    assert np.array_equal(m, t)


def test_constant_keeps_dtype_and_accepts_ints():
    t = minitorch.empty(3, dtype=minitorch.int64)
    init.constant_(t, 7)
    assert t.dtype == minitorch.int64 and t.tolist() == [7, 7, 7]


# -- orthogonal, sparse ----------------------------------------------------------------------------
@pytest.mark.parametrize("shape, gain", [((5, 5), 1.0), ((3, 7), 2.0), ((7, 3), 1.0), ((4, 2, 3), 0.5)])
def test_orthogonal_gives_orthonormal_rows_or_columns(shape, gain):
    for lib in LIBS:
        flat = _sample(lib, "orthogonal_", shape, "float64", gain=gain).reshape(shape[0], -1)
        small = flat @ flat.T if flat.shape[0] <= flat.shape[1] else flat.T @ flat
        np.testing.assert_allclose(small, gain ** 2 * np.eye(small.shape[0]), atol=1e-12)


def test_orthogonal_is_uniformly_distributed_in_sign():
    """With the sign correction, Q's diagonal is as often negative as positive (torch's does the same)."""
    minitorch.manual_seed(0)
    signs = [np.sign(np.diag(_sample(minitorch, "orthogonal_", (3, 3), "float64"))) for _ in range(400)]
    assert abs(np.mean(signs)) < 0.1


def test_sparse_zeroes_the_given_fraction_of_each_column():
    for lib in LIBS:
        v = _sample(lib, "sparse_", (100, 300), sparsity=0.25, std=0.5)
        assert np.all((v == 0).sum(axis=0) == 25)
        nonzero = v[v != 0]
        assert nonzero.std() == pytest.approx(0.5, rel=0.03)


# -- the in-place contract, generators, dtypes -----------------------------------------------------
ALL_RANDOM = [("uniform_", {}), ("normal_", {}), ("trunc_normal_", {}), ("xavier_uniform_", {}),
              ("xavier_normal_", {}), ("kaiming_uniform_", {}), ("kaiming_normal_", {}), ("orthogonal_", {}),
              ("sparse_", dict(sparsity=0.5))]


@pytest.mark.parametrize("fn, kwargs", ALL_RANDOM + [("constant_", dict(val=2.0)), ("ones_", {}), ("zeros_", {}),
                                                     ("eye_", {})])
def test_initializes_a_parameter_in_place_without_recording(fn, kwargs):
    p = minitorch.nn.Parameter(minitorch.empty(6, 4))
    version = p._version
    out = getattr(init, fn)(p, **kwargs)
    assert out is p and p.requires_grad and p.is_leaf and p.grad_fn is None
    assert p._version > version
    assert isinstance(p, minitorch.nn.Parameter)


@pytest.mark.parametrize("fn, kwargs", ALL_RANDOM)
def test_generator_and_manual_seed_reproduce(fn, kwargs):
    draw = lambda gen=None: getattr(init, fn)(minitorch.empty(6, 4), generator=gen, **kwargs).numpy().copy()  # noqa
    a = draw(minitorch.Generator().manual_seed(3))
    assert np.array_equal(draw(minitorch.Generator().manual_seed(3)), a)
    minitorch.manual_seed(5)
    b = draw()
    minitorch.manual_seed(5)
    assert np.array_equal(draw(), b)


@pytest.mark.parametrize("fn, kwargs", ALL_RANDOM)
def test_keeps_float64(fn, kwargs):
    t = minitorch.empty(8, 6, dtype=minitorch.float64)
    getattr(init, fn)(t, **kwargs)
    assert t.dtype == minitorch.float64 and np.isfinite(t.numpy()).all()


@pytest.mark.parametrize("old", ["uniform", "normal", "constant", "eye", "dirac", "xavier_uniform", "xavier_normal",
                                 "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse"])
def test_deprecated_names_warn_like_torch(old):
    args = {"constant": (0.5,), "sparse": (0.1,)}.get(old, ())
    shape = (3, 3, 3) if old == "dirac" else (3, 4)
    caught = []
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            t = lib.empty(*shape)
            assert getattr(lib.nn.init, old)(t, *args) is t
        caught.append([(x.category, str(x.message)) for x in w])
    assert caught[0] == caught[1] and caught[0][0][0] is FutureWarning
