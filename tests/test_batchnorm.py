"""Batch normalization (minitorch/nn/functional/batchnorm.py, minitorch/nn/modules/batchnorm.py) against
real torch: outputs, gradients and running statistics over several training steps and then in
evaluation (momentum values including None, affine=False, bias=False, track_running_stats=False),
num_batches_tracked, state_dict keys and loading (old checkpoints without num_batches_tracked
included), errors (type and message) and reprs."""
import warnings
from collections import OrderedDict

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch

LIBS = (minitorch, torch)


def arrays(tensors):
    return [None if t is None else t.detach().numpy() for t in tensors]


def assert_close(ms, ts, tol):
    for m, t in zip(arrays(ms), arrays(ts)):
        if t is None:
            assert m is None
        else:
            assert m.shape == t.shape and m.dtype == t.dtype
            np.testing.assert_allclose(m, t, rtol=tol, atol=tol)


def run_steps(build, shapes, modes, dtype="float64", seed=0):
    """Build the module in both libraries (torch's state copied into ours), then for each step run
    it on a fresh batch in the given mode (True: train) and back-propagate a random gradient.
    Returns, per library, per step: output, input grad, parameter grads, and the state_dict."""
    rng = np.random.default_rng(seed)
    t_mod = build(torch).to(getattr(torch, dtype))
    m_mod = build(minitorch).to(getattr(minitorch, dtype))
    m_mod.load_state_dict({k: v.numpy() for k, v in t_mod.state_dict().items()})
    steps = {lib: [] for lib in LIBS}
    for shape, train in zip(shapes, modes):
        x = (rng.standard_normal(shape) * rng.uniform(0.5, 3) + rng.uniform(-2, 2)).astype(dtype)
        g = rng.standard_normal(shape).astype(dtype)
        for lib, mod in ((torch, t_mod), (minitorch, m_mod)):
            mod.train(train)
            for p in mod.parameters():
                p.grad = None
            xt = lib.from_numpy(x.copy()).requires_grad_()
            out = mod(xt)
            out.backward(lib.from_numpy(g.copy()))
            state = OrderedDict((k, v.detach().numpy().copy()) for k, v in mod.state_dict().items())
            steps[lib].append((out, xt.grad, [p.grad for p in mod.parameters()], state))
    return steps


def assert_steps_match(steps, tol):
    for (mo, mg, mpg, ms), (to, tg, tpg, ts) in zip(steps[minitorch], steps[torch]):
        assert_close([mo, mg], [to, tg], tol)
        assert_close(mpg, tpg, tol)
        assert list(ms) == list(ts)
        for k in ts:
            assert ms[k].dtype == ts[k].dtype and ms[k].shape == ts[k].shape, k
            np.testing.assert_allclose(ms[k], ts[k], rtol=tol, atol=tol, err_msg=k)


CONFIGS = [
    dict(),
    dict(momentum=0.5),
    dict(momentum=None),
    dict(affine=False),
    dict(bias=False),
    dict(eps=1e-3, momentum=0.01),
    dict(track_running_stats=False),
    dict(track_running_stats=False, affine=False),
]
MODES = [True, True, True, False, True, False]


@pytest.mark.parametrize("dtype, tol", [("float64", 1e-10), ("float32", 2e-5)])
@pytest.mark.parametrize("kw", CONFIGS, ids=[str(c) for c in CONFIGS])
@pytest.mark.parametrize("cls, shape", [("BatchNorm1d", (8, 4)), ("BatchNorm1d", (5, 4, 6)),
                                        ("BatchNorm2d", (4, 4, 5, 3))])
def test_running_statistics_over_train_and_eval_steps_match_torch(cls, shape, kw, dtype, tol):
    steps = run_steps(lambda t: getattr(t.nn, cls)(4, **kw), [shape] * len(MODES), MODES, dtype)
    assert_steps_match(steps, tol)


def test_varying_batch_sizes_and_momentum_none_is_a_cumulative_average():
    shapes = [(2, 3, 4, 4), (7, 3, 2, 5), (3, 3, 3, 3)]
    steps = run_steps(lambda t: t.nn.BatchNorm2d(3, momentum=None), shapes, [True] * 3)
    assert_steps_match(steps, 1e-10)
    # with momentum=None the running statistics are plain averages of the batches' (the first batch has
    # weight 1, so the initial 0 and 1 are forgotten)
    m = minitorch.nn.BatchNorm2d(3, momentum=None).double()
    rng = np.random.default_rng(1)
    batches = [rng.standard_normal(s) + 3 for s in shapes]
    for b in batches:
        m(minitorch.from_numpy(b))
    np.testing.assert_allclose(m.running_mean.numpy(), np.mean([b.mean(axis=(0, 2, 3)) for b in batches], axis=0))
    np.testing.assert_allclose(m.running_var.numpy(), np.mean([b.var(axis=(0, 2, 3), ddof=1) for b in batches], axis=0))
    assert m.num_batches_tracked.item() == 3


def test_large_inputs_take_the_parallel_kernels_with_the_same_results():
    steps = run_steps(lambda t: t.nn.BatchNorm2d(16), [(8, 16, 96, 96)] * 2, [True, False])
    assert_steps_match(steps, 1e-10)


def test_running_var_uses_the_unbiased_batch_variance():
    x = np.random.default_rng(2).standard_normal((5, 3, 2, 2))
    rm, rv = minitorch.zeros(3, dtype=minitorch.float64), minitorch.ones(3, dtype=minitorch.float64)
    out = minitorch.nn.functional.batch_norm(minitorch.from_numpy(x), rm, rv, training=True, momentum=0.3)
    np.testing.assert_allclose(rm.numpy(), 0.3 * x.mean(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(rv.numpy(), 0.7 + 0.3 * x.var(axis=(0, 2, 3), ddof=1), rtol=1e-12)
    # ... while the output is normalized with the biased one
    expected = (x - x.mean(axis=(0, 2, 3), keepdims=True)) / np.sqrt(x.var(axis=(0, 2, 3), keepdims=True) + 1e-5)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-10, atol=1e-12)


def test_num_batches_tracked():
    m = minitorch.nn.BatchNorm1d(3)
    t = torch.nn.BatchNorm1d(3)
    for mod, lib in ((m, minitorch), (t, torch)):
        assert mod.num_batches_tracked.dtype == lib.int64 and mod.num_batches_tracked.dim() == 0
        x = lib.randn(4, 3)
        mod(x)
        mod(x)
        mod.eval()
        mod(x)  # evaluation does not count
        mod.double()  # an integer buffer keeps its dtype
        assert mod.num_batches_tracked.item() == 2 and mod.num_batches_tracked.dtype == lib.int64
    assert minitorch.nn.BatchNorm1d(3, track_running_stats=False).num_batches_tracked is None


def test_eval_uses_running_statistics_and_track_running_stats_false_uses_the_batch():
    x = np.random.default_rng(3).standard_normal((6, 2)) * 3 + 5
    m = minitorch.nn.BatchNorm1d(2).double().eval()
    np.testing.assert_allclose(m(minitorch.from_numpy(x)).detach().numpy(), x / np.sqrt(1 + 1e-5))
    m = minitorch.nn.BatchNorm1d(2, track_running_stats=False).double().eval()
    out = m(minitorch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    assert m.running_mean is None and list(m.state_dict()) == ["weight", "bias"]


def test_reset_running_stats_and_parameters():
    m = minitorch.nn.BatchNorm2d(3)
    m(minitorch.randn(4, 3, 2, 2) * 5 + 1)
    with minitorch.no_grad():
        m.weight.mul_(3)
    m.reset_parameters()
    assert m.running_mean.tolist() == [0, 0, 0] and m.running_var.tolist() == [1, 1, 1]
    assert m.num_batches_tracked.item() == 0 and m.weight.tolist() == [1, 1, 1] and m.bias.tolist() == [0, 0, 0]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 6), c=st.integers(1, 4), extra=st.sampled_from([(), (3,), (2, 3)]),
       training=st.booleans(), affine=st.booleans(), stats=st.booleans(), momentum=st.floats(0, 1),
       seed=st.integers(0, 1000))
def test_functional_batch_norm_matches_torch(n, c, extra, training, affine, stats, momentum, seed):
    if not training and not stats:
        stats = True
    rng = np.random.default_rng(seed)
    shape = (n, c) + extra
    x, g = rng.standard_normal(shape) * 2 + 1, rng.standard_normal(shape)
    w, b, rm, rv = rng.standard_normal(c), rng.standard_normal(c), rng.standard_normal(c), rng.uniform(0.5, 2, c)
    res = {}
    for lib in LIBS:
        X = lib.from_numpy(x.copy()).requires_grad_()
        W, B = (lib.from_numpy(w.copy()).requires_grad_(), lib.from_numpy(b.copy()).requires_grad_()) if affine \
            else (None, None)
        RM, RV = (lib.from_numpy(rm.copy()), lib.from_numpy(rv.copy())) if stats else (None, None)
        out = lib.nn.functional.batch_norm(X, RM, RV, W, B, training, momentum, 1e-5)
        out.backward(lib.from_numpy(g))
        res[lib] = [out, X.grad, RM, RV] + ([W.grad, B.grad] if affine else [])
        assert type(out.grad_fn).__name__ == "NativeBatchNormBackward0"
    assert_close(res[minitorch], res[torch], 1e-10)


def test_state_dict_keys_and_loading_from_torch():
    for kw in [{}, dict(affine=False), dict(bias=False), dict(track_running_stats=False)]:
        t, m = torch.nn.BatchNorm2d(5, **kw), minitorch.nn.BatchNorm2d(5, **kw)
        assert list(m.state_dict()) == list(t.state_dict())
        assert [n for n, _ in m.named_buffers()] == [n for n, _ in t.named_buffers()]
        assert [n for n, _ in m.named_parameters()] == [n for n, _ in t.named_parameters()]
    t = torch.nn.BatchNorm2d(3)
    t(torch.randn(4, 3, 2, 2))
    m = minitorch.nn.BatchNorm2d(3)
    m.load_state_dict({k: v.numpy() for k, v in t.state_dict().items()})
    assert m.num_batches_tracked.item() == 1 and m.num_batches_tracked.dtype == minitorch.int64
    np.testing.assert_array_equal(m.running_var.numpy(), t.running_var.numpy())


def test_loading_a_checkpoint_from_before_num_batches_tracked():
    """A version-1 state_dict has no num_batches_tracked: strict loading accepts it (as torch's)."""
    for lib in LIBS:
        m = lib.nn.BatchNorm1d(3)
        old = OrderedDict((k, v) for k, v in m.state_dict().items() if k != "num_batches_tracked")
        old._metadata = OrderedDict({"": {"version": 1}})
        assert not m.load_state_dict(old).missing_keys
        current = OrderedDict(m.state_dict())  # version 2: the key is required
        del current["num_batches_tracked"]
        current = OrderedDict(current)
        current._metadata = OrderedDict({"": {"version": 2}})
        with pytest.raises(RuntimeError, match="Missing key"):
            m.load_state_dict(current)
    assert minitorch.nn.BatchNorm1d(3).state_dict()._metadata[""]["version"] == 2


# -- errors -------------------------------------------------------------------------------------------------
def outcome(call, lib):
    """``(exception type, message)`` of ``call(lib)`` (torch's names as minitorch's), or None."""
    try:
        call(lib)
    except Exception as e:  # noqa: BLE001 - compared with torch's
        return type(e), str(e).replace("torch.", "minitorch.") if lib is torch else str(e)
    return None


def F(lib):
    return lib.nn.functional


ERRORS = [
    lambda t: F(t).batch_norm(t.randn(1, 3), t.zeros(3), t.ones(3), training=True),
    lambda t: F(t).batch_norm(t.randn(1, 3, 1), None, None, training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3), None, None, training=False),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), None, training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(4), t.ones(4), training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), t.ones(5), training=False),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), t.ones(3), t.ones(4), training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), t.ones(3), t.ones(3), t.ones(2), training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), t.ones(3), training=True, eps=0),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), t.ones(3), training=False, eps=-1),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), t.ones(3), training=True, momentum=None),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3), t.ones(3), [1, 1, 1], training=True),
    lambda t: F(t).batch_norm(t.ones(4, 3, dtype=t.int64), None, None, training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3, dtype=t.float64), t.ones(3, dtype=t.float64), training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3, dtype=t.float64), t.zeros(3), t.ones(3), training=True),
    lambda t: F(t).batch_norm(t.randn(4, 3), t.zeros(3, requires_grad=True), t.ones(3), training=True),
    lambda t: F(t).batch_norm(t.randn(5), None, None, training=True),
    lambda t: t.nn.BatchNorm1d(3)(t.randn(2, 3, 2, 2)),
    lambda t: t.nn.BatchNorm1d(3)(t.randn(3)),
    lambda t: t.nn.BatchNorm2d(3)(t.randn(3, 2, 2)),
    lambda t: t.nn.BatchNorm2d(3)(t.randn(2, 4, 2, 2)),
    lambda t: t.nn.BatchNorm1d(3)(t.randn(1, 3)),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_as_torch(call):
    expected = outcome(call, torch)
    assert expected is not None
    assert outcome(call, minitorch) == expected


def test_one_value_per_channel_is_fine_in_eval():
    for lib in LIBS:
        m = lib.nn.BatchNorm1d(3).eval()
        assert tuple(m(lib.randn(1, 3)).shape) == (1, 3)


# -- printing ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("build", [
    lambda t: t.nn.BatchNorm2d(16),
    lambda t: t.nn.BatchNorm1d(5, eps=1e-3),
    lambda t: t.nn.BatchNorm2d(3, momentum=None, affine=False, track_running_stats=False),
    lambda t: t.nn.BatchNorm1d(4, bias=False),
    lambda t: t.nn.Sequential(t.nn.Conv2d(1, 16, 3), t.nn.BatchNorm2d(16), t.nn.ReLU()),
])
def test_repr_as_torch(build):
    assert repr(build(minitorch)) == repr(build(torch))


# -- instance norm ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("build, shape", [
    (lambda nn: nn.InstanceNorm1d(3), (2, 3, 5)), (lambda nn: nn.InstanceNorm2d(3, affine=True), (2, 3, 4, 5)),
    (lambda nn: nn.InstanceNorm1d(3, affine=True, track_running_stats=True), (4, 3, 6)),
    (lambda nn: nn.InstanceNorm3d(2, momentum=0.3, track_running_stats=True), (2, 2, 3, 3, 2)),
    (lambda nn: nn.InstanceNorm2d(3), (3, 4, 5)),
    (lambda nn: nn.InstanceNorm1d(3, momentum=None, track_running_stats=True, affine=True, bias=False), (2, 3, 5)),
])
def test_instance_norm_layers_match_torch(build, shape):
    """Two training steps (the running statistics average the per-sample updates), the input
    gradient, the state dict, and evaluation afterwards: all as torch's."""
    arr = np.random.default_rng(0).standard_normal(shape)
    results = []
    for lib in (minitorch, torch):
        layer = build(lib.nn).double()
        x = lib.tensor(arr, requires_grad=True)
        for _ in range(2):
            y = layer(x)
        y.backward(lib.tensor(np.arange(y.numel(), dtype=float).reshape(tuple(y.shape))))
        layer.eval()
        results.append((repr(layer), y.detach().numpy(), x.grad.numpy(), type(y.grad_fn).__name__,
                        {k: v.numpy() for k, v in layer.state_dict().items()}, layer(x).detach().numpy()))
    (m_repr, m_y, m_g, m_name, m_state, m_eval), (t_repr, t_y, t_g, t_name, t_state, t_eval) = results
    assert (m_repr, m_name, list(m_state)) == (t_repr, t_name, list(t_state))
    for ours, theirs in [(m_y, t_y), (m_g, t_g), (m_eval, t_eval)] + [(m_state[k], t_state[k]) for k in t_state]:
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("call", [lambda lib: lib.nn.InstanceNorm1d(3)(lib.randn(2, 3, 4, 5)),
                                  lambda lib: lib.nn.InstanceNorm1d(3, affine=True)(lib.randn(2, 4, 5))])
def test_instance_norm_input_errors_match_torch(call):
    messages = []
    for lib in (minitorch, torch):
        with pytest.raises(ValueError) as e:
            call(lib)
        messages.append(str(e.value))
    assert messages[0] == messages[1]


def test_instance_norm_warns_like_torch_when_channels_differ_without_affine():
    caught = []
    for lib in (minitorch, torch):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lib.nn.InstanceNorm1d(4)(lib.randn(2, 3, 5))
        caught.append([str(x.message) for x in w])
    assert caught[0] == caught[1] and len(caught[0]) == 1
