"""F.interpolate / nn.Upsample (minitorch/nn/functional/upsampling.py) against torch: every mode over
drawn shapes, sizes, scale factors (recomputed or not) and align_corners, in float64 and float32
(values, input gradients, grad_fn names); torch's argument errors; the modules' printing. The
parity table (parity/cases/pooling.py) adds finite-difference gradchecks of each mode."""
import numpy as np
import pytest
import torch

import minitorch

MODES = [("nearest", 1), ("nearest", 2), ("nearest", 3), ("nearest-exact", 1), ("nearest-exact", 2),
         ("linear", 1), ("bilinear", 2), ("bicubic", 2), ("trilinear", 3), ("area", 1), ("area", 2)]


def draws(mode, k, rng, count=12):
    """(shape, keyword arguments) for ``count`` resizes of ``k``-d inputs."""
    out = []
    while len(out) < count:
        shape = (2, 2) + tuple(int(v) for v in rng.integers(1, 7, k))
        kw = dict(mode=mode)
        which = len(out) % 3
        if which == 0:
            kw["size"] = tuple(int(v) for v in rng.integers(1, 10, k))
        else:
            kw["scale_factor"] = float(rng.choice([0.5, 0.75, 1.5, 1.7, 2.0, 2.5, 3.0]))
            kw["recompute_scale_factor"] = which == 2 or None
            if any(np.floor(n * kw["scale_factor"]) < 1 for n in shape[2:]):
                continue
        if mode in ("linear", "bilinear", "bicubic", "trilinear") and len(out) % 2:
            kw["align_corners"] = True
        out.append((shape, kw))
    return out


@pytest.mark.parametrize("mode, k", MODES)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_interpolate_matches_torch(mode, k, dtype):
    rng = np.random.default_rng(abs(hash((mode, k))) % 2 ** 32)
    tol = 1e-12 if dtype == "float64" else 2e-5
    for shape, kw in draws(mode, k, rng):
        arr = rng.standard_normal(shape).astype(dtype)
        up = None
        results = []
        for lib in (minitorch, torch):
            x = lib.tensor(arr, requires_grad=True)
            y = lib.nn.functional.interpolate(x, **kw)
            if up is None:
                up = rng.standard_normal(tuple(y.shape)).astype(dtype)
            y.backward(lib.tensor(up))
            results.append((y.detach().numpy(), x.grad.numpy(), type(y.grad_fn).__name__))
        (m_out, m_grad, m_name), (t_out, t_grad, t_name) = results
        assert m_out.shape == t_out.shape and m_name == t_name, (shape, kw)
        np.testing.assert_allclose(m_out, t_out, rtol=tol, atol=tol, err_msg=str((shape, kw)))
        np.testing.assert_allclose(m_grad, t_grad, rtol=tol, atol=tol, err_msg=str((shape, kw)))


@pytest.mark.parametrize("mode, shape", [("nearest", (1, 2, 3, 4)), ("nearest", (1, 2, 3)), ("nearest", (1, 2, 3, 4, 2)),
                                         ("nearest-exact", (1, 2, 3, 4)), ("bilinear", (1, 2, 3, 4)),
                                         ("linear", (1, 2, 3)), ("bicubic", (1, 2, 3, 4))])
@pytest.mark.parametrize("dtype", ["int64", "uint8", "bool"])
def test_integer_input_as_torch(mode, shape, dtype):
    """torch resizes uint8 images by the nearest modes (values and dtype kept) and refuses other
    integer input with NotImplementedError (minitorch also refuses uint8 bilinear/bicubic)."""
    arr = (np.arange(np.prod(shape)).reshape(shape) % 7).astype(dtype)
    outcomes = []
    for lib in (minitorch, torch):
        try:
            out = lib.nn.functional.interpolate(lib.tensor(arr), scale_factor=2, mode=mode)
            outcomes.append(("ok", str(out.dtype).split(".")[-1], out.numpy().tolist()))
        except NotImplementedError as e:
            outcomes.append(("error", str(e)))
    if outcomes[1][0] == "ok" and outcomes[0][0] == "error":
        assert dtype == "uint8" and mode in ("bilinear", "bicubic") and "minitorch" in outcomes[0][1]
    else:
        assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("call", [
    lambda lib, x: lib.nn.functional.interpolate(x),
    lambda lib, x: lib.nn.functional.interpolate(x, size=3, scale_factor=2),
    lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=2, mode="bilinear"),
    lambda lib, x: lib.nn.functional.interpolate(x, size=(2, 3)),
    lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=(2, 3)),
    lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=2, align_corners=True),
    lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=2, mode="trilinear"),
])
def test_interpolate_errors_match_torch(call):
    outcomes = []
    for lib in (minitorch, torch):
        with pytest.raises(Exception) as e:
            call(lib, lib.ones(1, 2, 5))
        outcomes.append((type(e.value), str(e.value)))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("build", [
    lambda nn: nn.Upsample(scale_factor=2), lambda nn: nn.Upsample(size=(3, 4), mode="bilinear", align_corners=True),
    lambda nn: nn.Upsample(scale_factor=(2, 1.5), mode="nearest-exact"), lambda nn: nn.UpsamplingNearest2d(scale_factor=2),
    lambda nn: nn.UpsamplingBilinear2d(size=5),
])
def test_upsample_modules_print_and_resize_as_torch(build):
    m, t = build(minitorch.nn), build(torch.nn)
    assert repr(m) == repr(t)
    arr = np.random.default_rng(0).standard_normal((1, 2, 3, 4))
    np.testing.assert_allclose(m(minitorch.tensor(arr)).numpy(), t(torch.tensor(arr)).numpy(), rtol=1e-12)
