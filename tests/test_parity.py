"""The parity table as tests: every case, in float64 and float32, must match torch in its outputs
(shape, dtype, values, grad_fn names) and in the gradients of every input.

The same runner drives ``python -m parity``; a failing test's message is the report's status,
naming the output or input at fault and the worst error against the tolerance.
"""
from collections import namedtuple

import numpy as np
import pytest
import torch

import minitorch
from parity import runner
from parity.case import Arg, OpCase, distinct
from parity.cases import all_cases

CASES = all_cases()


@pytest.mark.parametrize("float_dtype", runner.DTYPES)
@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_case_matches_torch(case, float_dtype):
    row = runner.run_case(case, float_dtype, device="cpu")
    assert row.ok, row.status


# -- the runner itself: it must catch what it is there to catch -----------------------------------------
def _row(fn, *args, **kw):
    return runner.run_case(OpCase("runner/probe", fn, list(args), **kw), "float64", device="cpu")


def test_runner_handles_tuple_outputs():
    row = _row(lambda t, x: (x * 2, x.exp()), (3, 4))
    assert row.ok, row.status
    assert row.backward_error is not None


def _fake_max(t, x):
    """torch's ``x.max(dim=1)``; on minitorch's side the same (values, indices) named tuple built from
    elementwise ops and a matmul, so this test needs nothing from the reduction family."""
    if t is torch:
        return x.max(dim=1)
    arr = x.detach().numpy()
    idx = arr.argmax(1)
    one_hot = minitorch.from_numpy((np.arange(arr.shape[1]) == idx[:, None]).astype(arr.dtype))
    values = (x * one_hot) @ minitorch.from_numpy(np.ones(arr.shape[1], dtype=arr.dtype))
    return namedtuple("max", ["values", "indices"])(values, minitorch.from_numpy(idx))


def test_runner_handles_named_tuple_with_int_indices():
    row = _row(_fake_max, Arg((3, 4), make=distinct), check_name=False)
    assert row.ok, row.status
    assert row.backward_error is not None


def test_runner_on_real_multi_output_ops():
    """split gives a tuple of views, max(dim) a named tuple (values, indices) with int64 indices."""
    row = _row(lambda t, x: x.split(2, dim=1), (3, 5))
    assert row.ok and row.backward_error is not None, row.status
    row = _row(lambda t, x: x.max(dim=1), Arg((3, 4), make=distinct))
    assert row.ok and row.backward_error is not None, row.status
    labels = [label for label, _ in runner.flatten(minitorch.zeros(3, 4).max(dim=1))]
    assert labels == ["out.fields", "out[0]", "out[1]"]


def test_runner_checks_named_tuple_fields():
    def fn(t, x):
        if t is torch:
            return x.max(dim=1)
        arr = x.detach().numpy()
        return namedtuple("max", ["vals", "idx"])(minitorch.from_numpy(arr.max(1)),
                                                  minitorch.from_numpy(arr.argmax(1)))

    row = _row(fn, Arg((3, 4), make=distinct, grad=False), backward=False)
    assert not row.ok and "fields" in row.status, row.status


def test_runner_checks_int_outputs_exactly():
    def fn(t, x):
        out = x.max(dim=1) if t is torch else _fake_max(t, x)
        return out.indices + (1 if t is minitorch else 0)

    row = _row(fn, Arg((3, 4), make=distinct, grad=False), backward=False, check_name=False)
    assert row.status == "FAIL: out: 3 of 3 values differ (exact int64 comparison)", row.status


def test_runner_handles_python_values():
    assert _row(lambda t, x: (x.dim(), x.numel(), tuple(x.shape)), (2, 3), backward=False).ok
    row = _row(lambda t, x: x.dim() + (t is torch), (2, 3), backward=False)
    assert not row.ok and "2 != torch's 3" in row.status


def test_runner_catches_wrong_gradient():
    # forward values agree; minitorch's side adds 1e-3 * x to the gradient through a detach trick
    def fn(t, x):
        if t is torch:
            return x * 2
        return x * 2 + (x - x.detach()) * 1e-3

    row = _row(fn, (3, 4), check_name=False)
    assert row.status.startswith("FAIL: grad of input 0"), row.status


def test_runner_catches_dtype_shape_and_name_mismatches():
    row = _row(lambda t, x: x.double() if t is minitorch else x, Arg((3,), kind="float32"))
    assert "dtype" in row.status, row.status
    row = _row(lambda t, x: x if t is torch else x * minitorch.from_numpy(np.ones((2, 1))), (3,))
    assert "shape" in row.status, row.status
    row = _row(lambda t, x: x * 2 if t is torch else x + x, (3,))
    assert row.status == "FAIL: out: grad_fn AddBackward0 != torch's MulBackward0", row.status


def test_runner_reports_exceptions_from_either_side():
    def boom(t, x):
        if t is minitorch:
            raise ValueError("no such op")
        return x

    row = _row(boom, (3,))
    assert row.status == "FAIL: minitorch raised ValueError: no such op"
    row = _row(lambda t, x: x @ x @ x, (3,))  # torch: both arguments need to be at least 1D
    assert row.status.startswith("FAIL: torch raised RuntimeError")


def test_runner_makes_noncontiguous_inputs_with_the_same_values():
    rng = np.random.default_rng(0)
    for shape in [(5,), (3, 4), (2, 3, 4)]:
        arr = rng.standard_normal(shape)
        view = runner.layout(arr, permute=True)
        assert not view.flags.c_contiguous
        assert np.array_equal(view, arr)
        m, t = minitorch.from_numpy(view), torch.from_numpy(view)
        assert not m.is_contiguous() and not t.is_contiguous()
