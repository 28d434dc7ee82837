"""The utilities course code and tests call besides the ops: ``testing.assert_close`` (its verdict and
report against torch's), ``nn.utils.parameters_to_vector``/``vector_to_parameters``, the thread
count, deterministic mode and the ``backends`` flags."""
import numpy as np
import pytest
import torch

import minitorch
import minitorch.testing  # noqa: F401 - the submodule, as torch.testing

CLOSE_CASES = {
    "close_float32": lambda t: (t.tensor([1.0, 2.0]), t.tensor([1.0, 2.0000001])),
    "far_float32": lambda t: (t.tensor([1.0, 2.0]), t.tensor([1.0, 2.1])),
    "ints": lambda t: (t.tensor([1, 2]), t.tensor([1, 3])),
    "nan_not_equal": lambda t: (t.tensor([[1.0, float("nan")]]), t.tensor([[1.0, float("nan")]])),
    "dtype": lambda t: (t.tensor([1.0, 2.0]), t.tensor([1.0, 2.0]).double()),
    "tiny_absolute": lambda t: (t.tensor([1e-9]), t.tensor([0.0])),
    "shape": lambda t: (t.tensor([1.0, 2.0]), t.tensor([1.0, 2.0, 3.0])),
    "sequence": lambda t: ([t.ones(2), t.ones(1)], [t.ones(2), t.zeros(1)]),
    "mapping": lambda t: ({"a": t.ones(2)}, {"a": t.zeros(2)}),
    "float64": lambda t: (t.tensor([1.0, 2.0], dtype=t.float64), t.tensor([1.0, 2.0000001], dtype=t.float64)),
    "python_floats": lambda t: (1.0, 1.5),
    "python_ints": lambda t: (2, 3),
    "0d_int": lambda t: (t.tensor(3), t.tensor(5)),
    "0d_float32": lambda t: (t.tensor(0.1), t.tensor(0.3)),
    "mixed_types": lambda t: (t.tensor(1.0), 1.0),
}


def _verdict(lib, case, **kw):
    try:
        lib.testing.assert_close(*case(lib), **kw)
        return "ok"
    except Exception as e:  # noqa: BLE001 - the exception itself is compared
        return f"{type(e).__name__}: {str(e).replace('minitorch', 'torch')}"


@pytest.mark.parametrize("name", list(CLOSE_CASES))
def test_assert_close_as_torch(name):
    assert _verdict(minitorch, CLOSE_CASES[name]) == _verdict(torch, CLOSE_CASES[name])


@pytest.mark.parametrize("kw", [dict(rtol=0.1, atol=0.0), dict(equal_nan=True), dict(check_dtype=False),
                                dict(msg="custom message"), dict(rtol=0.1)])
def test_assert_close_options_as_torch(kw):
    for name in ("far_float32", "nan_not_equal", "dtype"):
        assert _verdict(minitorch, CLOSE_CASES[name], **kw) == _verdict(torch, CLOSE_CASES[name], **kw)


def test_parameters_to_vector_and_back_as_torch():
    results = []
    for lib in (minitorch, torch):
        params = [lib.nn.Parameter(lib.ones(2, 3)), lib.nn.Parameter(lib.zeros(4))]
        vec = lib.nn.utils.parameters_to_vector(params)
        (vec * lib.arange(10.0)).sum().backward()
        lib.nn.utils.vector_to_parameters(lib.arange(10.0) * 2, params)
        with pytest.raises(TypeError) as e:
            lib.nn.utils.vector_to_parameters([1, 2], params)
        results.append((vec.tolist(), type(vec.grad_fn).__name__, [p.grad.tolist() for p in params],
                        [p.tolist() for p in params], str(e.value)))
    assert results[0] == results[1]


def test_threads_determinism_and_backends_as_torch():
    before = minitorch.get_num_threads()
    try:
        minitorch.set_num_threads(1)
        assert minitorch.get_num_threads() == 1
    finally:
        minitorch.set_num_threads(before)
    for lib in (minitorch, torch):
        with pytest.raises(RuntimeError, match="set_num_threads expects a positive integer"):
            lib.set_num_threads(0)
    flags = []
    for lib in (minitorch, torch):
        lib.use_deterministic_algorithms(True, warn_only=True)
        state = (lib.are_deterministic_algorithms_enabled(), lib.is_deterministic_algorithms_warn_only_enabled())
        lib.use_deterministic_algorithms(False)
        flags.append((state, lib.are_deterministic_algorithms_enabled(), lib.backends.cudnn.enabled,
                      lib.backends.cudnn.deterministic, lib.backends.cudnn.benchmark, lib.backends.mps.is_available()))
    assert flags[0] == flags[1]


@pytest.mark.parametrize("call", [
    lambda s, x: s.expit(x), lambda s, x: s.gammaln(x + 2.5), lambda s, x: s.psi(x + 2.5), lambda s, x: s.digamma(x + 2.5),
    lambda s, x: s.erf(x), lambda s, x: s.erfc(x), lambda s, x: s.erfinv(x * 0.4), lambda s, x: s.logit(x * 0.4 + 0.5),
    lambda s, x: s.xlogy(x, x + 2.5), lambda s, x: s.log1p(x + 1.5), lambda s, x: s.expm1(x),
    lambda s, x: s.logsumexp(x, 1), lambda s, x: s.softmax(x, 0), lambda s, x: s.log_softmax(x, -1),
])
def test_special_namespace_as_torch(call):
    arr = np.random.default_rng(0).uniform(-1, 1, (3, 4))
    results = []
    for lib in (minitorch, torch):
        x = lib.tensor(arr, requires_grad=True)
        y = call(lib.special, x)
        y.sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy(), type(y.grad_fn).__name__))
    (m_y, m_g, m_name), (t_y, t_g, t_name) = results
    np.testing.assert_allclose(m_y, t_y, rtol=1e-12, atol=1e-14)
    # (torch's trigamma, digamma's derivative, is good to ~1e-9; ours agrees with SciPy's to the last bits)
    np.testing.assert_allclose(m_g, t_g, rtol=1e-8, atol=1e-12)
    assert m_name == t_name
