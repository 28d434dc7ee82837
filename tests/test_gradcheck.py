"""Gradients, proven: every differentiable parity case under hypothesis-drawn inputs, in float64.

For each case, hypothesis draws the input values inside each Arg's [low, high] domain (Args with
a ``make`` get a drawn seed instead, since their values must keep a structure such as "no ties"
or "away from zero"), then

(a) minitorch's gradient is checked against central finite differences along a random direction
    ``d``: with a random upstream weighting ``u`` of the outputs, ``F(x) = sum(out(x) * u)`` and
    ``(F(x + eps d) - F(x - eps d)) / 2 eps`` must equal ``<grad F, d>``; one directional
    derivative checks all of a case's gradients at once, for two forward calls;
(b) minitorch's outputs and gradients are compared with torch autograd's on the same values.

Then properties the table cannot enumerate: binary ops over random mutually broadcastable
shapes, and ops on inputs permuted in memory in random ways.
"""
from dataclasses import replace

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitorch
from parity import runner
from parity.case import Arg, OpCase, away_from_zero, interleaved
from parity.cases import all_cases

GRAD_CASES = [c for c in all_cases() if isinstance(c, OpCase) and c.differentiable]
# Few examples per case (the table is large), no shrinking: a failing case's drawn values are
# small already, and shrinking a failure through a whole op costs tens of seconds. derandomize
# comes from the profile in conftest.py ("ci": fixed examples, stable in CI).
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
EXAMPLES = settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=_HEALTH)
PROPERTY = settings(EXAMPLES, max_examples=40)


# -- drawing inputs ------------------------------------------------------------------------------------
def _bound(value, dtype, up):
    """``value`` as the nearest float of ``dtype`` inside the domain (hypothesis needs exact bounds)."""
    v = dtype.type(value)
    if (up and v < value) or (not up and v > value):
        v = np.nextafter(v, dtype.type(np.inf if up else -np.inf))
    return float(v)


def draw_array(data, spec, label):
    """One input: hypothesis-drawn floats in [low, high], or ``spec.array`` from a drawn seed."""
    if spec.make is not None or not spec.kind.startswith("float"):
        seed = data.draw(st.integers(0, 2**32 - 1), label=f"{label} seed")
        return np.asarray(spec.array(np.random.default_rng(seed), "float64"))
    dtype = np.dtype("float32" if spec.kind == "float32" else "float64")
    elements = st.floats(_bound(spec.low, dtype, True), _bound(spec.high, dtype, False),
                         width=dtype.itemsize * 8, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    # unique: no constant arrays (whose std or norm gradients are singular) and fewer accidental ties
    return data.draw(hnp.arrays(dtype, spec.shape, elements=elements, unique=True), label=label)


def draw_case_inputs(data, case):
    arrays = [draw_array(data, spec, f"input {i}") for i, spec in enumerate(case.arg_specs)]
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="upstream seed"))
    return arrays, rng


# -- (a) finite differences ------------------------------------------------------------------------------
def weighted_sum(outputs, upstreams, shapes=None):
    """``F = sum(out * u)`` over the outputs that take part in backward, in float64; None when an
    output's shape is not ``shapes``' (ops like ``x[x > 0]`` change shape as the values move)."""
    total = 0.0
    for i, ((_, o), u) in enumerate(zip(outputs, upstreams)):
        if u is None:
            continue
        if shapes is not None and tuple(o.shape) != shapes[i]:
            return None
        total += float(np.sum(runner.to_numpy(o).astype(np.float64) * u))
    return total


def check_directional_derivative(case, arrays, rng):
    """Compare ``<grad F, d>`` (minitorch backward) with ``(F(x + eps d) - F(x - eps d)) / 2 eps``.

    Some cases sit on a kink on purpose (ties for max/sort, zeros for norm) and hypothesis finds
    others (a row of near-equal values for std); there the derivative does not exist and only the
    comparison with torch's subgradient means anything. A kink shows as one-sided differences that
    disagree far beyond the curvature a smooth function gives them (``eps * d'Hd``), so those
    examples skip this check. A wrong backward on a smooth point is caught either way.
    """
    inputs, outputs = runner.forward(minitorch, case, arrays)
    upstreams = runner.draw_upstreams(outputs, rng)
    if all(u is None for u in upstreams):
        return
    grads = runner.backward(minitorch, inputs, outputs, upstreams)
    directions = [None if g is None else rng.standard_normal(a.shape) for a, g in zip(arrays, grads)]
    analytic = sum(float(np.sum(g * d)) for g, d in zip(grads, directions) if g is not None)

    # float64 throughout allows a tiny step; a float32 input or output (casts, pinned dtypes) needs
    # a step that float32 can resolve, and a looser relative tolerance for its truncation error
    float32_involved = any(a.dtype == np.float32 for a in arrays) or any(
        u is not None and u.dtype == np.float32 for u in upstreams)
    eps, rtol = (1e-3, 2e-3) if float32_involved else (1e-6, 1e-5)
    unit = np.finfo(np.float32 if float32_involved else np.float64).eps
    shapes = [tuple(o.shape) if runner.is_tensor(o) else None for _, o in outputs]

    def F(sign):
        shifted = [a if d is None else np.asarray(a + sign * eps * d, dtype=a.dtype)
                   for a, d in zip(arrays, directions)]
        with minitorch.no_grad():
            _, outs = runner.forward(minitorch, case, shifted)
        return weighted_sum(outs, upstreams, shapes)

    f_plus, f_0, f_minus = F(1), weighted_sum(outputs, upstreams), F(-1)
    scale_f = sum(float(np.sum(np.abs(runner.to_numpy(o).astype(np.float64) * u)))
                  for (_, o), u in zip(outputs, upstreams) if u is not None)
    scale_g = sum(float(np.sum(np.abs(g * d))) for g, d in zip(grads, directions) if g is not None)
    noise = 100 * unit * scale_f / eps  # rounding error in F, amplified by 1/eps
    if f_plus is None or f_minus is None or \
            abs((f_plus - f_0) - (f_0 - f_minus)) / eps > 2 * noise + 1e-3 * (1 + scale_g):
        event("finite differences skipped: not differentiable here")
        return
    numeric = (f_plus - f_minus) / (2 * eps)
    # the step's truncation error (eps^2 times the third derivative / 6) is allowed for by eps (absolute) and
    # by rtol (relative to the terms of <grad, d>)
    tol = noise + eps + rtol * (scale_g + abs(numeric))
    assert abs(numeric - analytic) <= tol, (
        f"{case.name}: directional derivative {numeric:.10g} (finite differences) != {analytic:.10g} "
        f"(minitorch backward), tolerance {tol:.3g}")


@pytest.mark.parametrize("case", GRAD_CASES, ids=[c.name for c in GRAD_CASES])
def test_gradient_matches_finite_differences_and_torch(case):
    @EXAMPLES
    @given(st.data())
    def check(data):
        arrays, rng = draw_case_inputs(data, case)
        if case.finite_differences:
            check_directional_derivative(case, arrays, rng)
        try:  # (b) the same values through torch (grad_fn names are test_parity's business)
            runner.compare_on_arrays(replace(case, check_name=False), arrays, "float64", "cpu", rng)
        except runner.Mismatch as e:
            raise AssertionError(f"{case.name}: {e}") from None

    check()


# -- broadcasting properties -------------------------------------------------------------------------------
_BROADCAST_OPS = {
    "add": (lambda t, x, y: x + y, {}),
    "sub": (lambda t, x, y: t.sub(x, y), {}),
    "mul": (lambda t, x, y: x * y, {}),
    "div": (lambda t, x, y: x / y, dict(make=away_from_zero)),
    "maximum": (lambda t, x, y: t.maximum(x, y), dict(make=interleaved(1, 2))),
}


@PROPERTY
@given(data=st.data(), op=st.sampled_from(sorted(_BROADCAST_OPS)), float_dtype=st.sampled_from(runner.DTYPES),
       shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4))
def test_broadcasting_binary_ops_match_torch(data, op, float_dtype, shapes):
    fn, rhs = _BROADCAST_OPS[op]
    sa, sb = shapes.input_shapes
    lhs = dict(make=interleaved(0, 2)) if op == "maximum" else {}
    case = OpCase(f"broadcast/{op}", fn, [Arg(sa, **lhs), Arg(sb, **rhs)])
    arrays = [a.astype(float_dtype) for a in draw_case_inputs(data, case)[0]]
    rng = np.random.default_rng(0)
    try:
        runner.compare_on_arrays(case, arrays, float_dtype, "cpu", rng)
    except runner.Mismatch as e:
        raise AssertionError(f"{op} {sa} with {sb} ({float_dtype}): {e}") from None
    out = fn(minitorch, minitorch.from_numpy(arrays[0]), minitorch.from_numpy(arrays[1]))
    assert tuple(out.shape) == shapes.result_shape


# -- non-contiguous inputs -----------------------------------------------------------------------------------
_PERMUTED_OPS = {  # fn(lib, x, y, w): x is the permuted input, y has x's shape, w is (x's last dim, 3)
    "exp": lambda t, x, y, w: x.exp(),
    "tanh_mul": lambda t, x, y, w: x.tanh() * y,
    "rsub_scalar": lambda t, x, y, w: 2.0 - x,
    "sigmoid_div": lambda t, x, y, w: x.sigmoid() / (y * y + 1),
    "where": lambda t, x, y, w: t.where(x > 0, x, y),
    "inplace": lambda t, x, y, w: (x * 1).mul_(1.5).add_(y),
    "matmul": lambda t, x, y, w: x @ w,
}


@PROPERTY
@given(data=st.data(), op=st.sampled_from(sorted(_PERMUTED_OPS)),
       shape=hnp.array_shapes(min_dims=2, max_dims=4, min_side=1, max_side=4))
def test_permuted_inputs_match_torch(data, op, shape):
    """Inputs stored in one axis order and viewed in another: strides that no contiguous test sees."""
    perm = data.draw(st.permutations(range(len(shape))), label="perm")
    elements = st.floats(-2, 2, allow_nan=False, allow_subnormal=False)
    stored = data.draw(hnp.arrays(np.float64, shape, elements=elements, unique=True), label="x")
    x = stored.transpose(perm)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    y, w = rng.uniform(-2, 2, size=x.shape), rng.uniform(-2, 2, size=(x.shape[-1], 3))
    case = OpCase(f"permuted/{op}", _PERMUTED_OPS[op], [Arg(x.shape), Arg(y.shape), Arg(w.shape)],
                  check_name=False)
    m_x, t_x = runner.make_inputs(minitorch, case, [x, y, w])[0], runner.make_inputs(torch, case, [x, y, w])[0]
    # the layout reaches both libraries (strides of size-1 dims carry no meaning, torch resets them)
    big = [i for i, n in enumerate(x.shape) if n > 1]
    expected = [x.strides[i] // 8 for i in big]
    assert [m_x.stride(i) for i in big] == [t_x.stride(i) for i in big] == expected
    try:
        runner.compare_on_arrays(case, [x, y, w], "float64", "cpu", rng)
    except runner.Mismatch as e:
        raise AssertionError(f"{op} on shape {shape} permuted {perm}: {e}") from None
