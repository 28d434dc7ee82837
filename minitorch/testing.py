"""``minitorch.testing.assert_close``: torch's test assertion, for tests written against torch.

Two tensors are close when they have the same shape and dtype (unless ``check_dtype=False``) and
every element satisfies ``|actual - expected| <= atol + rtol * |expected|`` (NaNs equal only with
``equal_nan``). The default tolerances depend on the dtype, as torch's: float16 1e-3/1e-5,
float32 1.3e-6/1e-5, float64 1e-7/1e-7, and exact equality for integers and bools. Sequences and
mappings are compared item by item. A failure raises AssertionError with torch's report.
"""
from collections.abc import Mapping, Sequence

import numpy as np

from ._tensor import Tensor

__all__ = ["assert_close"]

_TOLERANCES = {np.dtype(np.float16): (1e-3, 1e-5), np.dtype(np.float32): (1.3e-6, 1e-5),
               np.dtype(np.float64): (1e-7, 1e-7)}


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False, check_device=True,
                 check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raise AssertionError unless ``actual`` and ``expected`` are close (see the module docstring)."""
    if (rtol is None) != (atol is None):
        missing = "rtol" if rtol is None else "atol"
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no {missing}.")
    _compare(actual, expected, rtol, atol, equal_nan, check_dtype, check_stride, msg, path="")


def _compare(actual, expected, rtol, atol, equal_nan, check_dtype, check_stride, msg, path):
    if isinstance(actual, Tensor) and isinstance(expected, Tensor):
        return _compare_tensors(actual, expected, rtol, atol, equal_nan, check_dtype, check_stride, msg, path)
    if isinstance(actual, (int, float, bool)) and isinstance(expected, (int, float, bool)) \
            and type(actual) is type(expected):
        return _compare_tensors(Tensor._wrap(np.asarray(actual)), Tensor._wrap(np.asarray(expected)), rtol, atol,
                                equal_nan, check_dtype, check_stride, msg, path, scalars=True)
    if isinstance(actual, Mapping) and isinstance(expected, Mapping):
        if set(actual) != set(expected):
            _fail(f"The keys of the mappings do not match:\n{sorted(map(str, actual))} != "
                  f"{sorted(map(str, expected))}", msg, path)
        for key in expected:
            _compare(actual[key], expected[key], rtol, atol, equal_nan, check_dtype, check_stride, msg,
                     f"{path}[{key!r}]")
        return None
    if isinstance(actual, Sequence) and isinstance(expected, Sequence) and not isinstance(actual, str):
        if len(actual) != len(expected):
            _fail(f"The length of the sequences mismatch: {len(actual)} != {len(expected)}", msg, path)
        for i, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, rtol, atol, equal_nan, check_dtype, check_stride, msg, f"{path}[{i}]")
        return None
    raise TypeError(f"No comparison pair was able to handle inputs of type {_torch_type(actual)} and "
                    f"{_torch_type(expected)}.")


def _compare_tensors(actual, expected, rtol, atol, equal_nan, check_dtype, check_stride, msg, path, scalars=False):
    a, e = actual._data, expected._data
    if a.shape != e.shape:
        _fail(f"The values for attribute 'shape' do not match: {actual.shape} != {expected.shape}.", msg, path)
    if check_dtype and a.dtype != e.dtype:
        _fail(f"The values for attribute 'dtype' do not match: {actual.dtype} != {expected.dtype}.", msg, path)
    if check_stride and actual.stride() != expected.stride():
        _fail(f"The values for attribute 'stride()' do not match: {actual.stride()} != {expected.stride()}.", msg,
              path)
    dtype = np.promote_types(a.dtype, e.dtype)
    if rtol is None:
        rtol, atol = max((_TOLERANCES.get(d, (0.0, 0.0)) for d in (a.dtype, e.dtype)), key=lambda t: t[0])
    exact = rtol == 0 and atol == 0
    scalars = scalars or a.ndim == 0  # torch reports 0-d tensors as scalars, computed in float64
    compute = np.float64 if scalars or dtype.kind in "biu" or dtype == np.float16 else dtype
    a64, e64 = a.astype(compute), e.astype(compute)
    with np.errstate(all="ignore"):
        diff = np.abs(a64 - e64)
        ok = diff <= atol + rtol * np.abs(e64)
        ok |= a64 == e64  # equal infinities
        if equal_nan:
            ok |= np.isnan(a64) & np.isnan(e64)
        if ok.all():
            return None
        rel = diff / np.abs(e64)
    what = "Scalars" if scalars else "Tensor-likes"
    if scalars:
        lines = [f"{what} are not {'equal' if exact else 'close'}!", "",
                 f"Expected {e.item()} but got {a.item()}.",
                 f"Absolute difference: {_scalar(diff.item(), dtype)}" + ("" if exact else f" (up to {atol} allowed)"),
                 f"Relative difference: {rel.item()}" + ("" if exact else f" (up to {rtol} allowed)")]
    else:
        bad = ~ok
        diff_at = np.unravel_index(np.argmax(np.where(bad, np.nan_to_num(diff, nan=np.inf), -1)), diff.shape)
        rel_at = np.unravel_index(np.argmax(np.where(bad, np.nan_to_num(rel, nan=np.inf, posinf=np.inf), -1)),
                                  rel.shape)
        lines = [f"{what} are not {'equal' if exact else 'close'}!", "",
                 f"Mismatched elements: {int(bad.sum())} / {bad.size} ({100 * bad.sum() / bad.size:.1f}%)",
                 f"Greatest absolute difference: {_number(diff[diff_at], dtype)} at index {tuple(map(int, diff_at))}"
                 + ("" if exact else f" (up to {atol} allowed)"),
                 f"Greatest relative difference: {_number(rel[rel_at], dtype, relative=True)} at index {tuple(map(int, rel_at))}"
                 + ("" if exact else f" (up to {rtol} allowed)")]
    _fail("\n".join(lines), msg, path)


def _number(value, dtype, relative=False):
    """A difference as torch prints it: for integer dtypes an integer (absolute) or a float32
    (relative), else a float of the dtype's precision."""
    if dtype.kind in "biu" and not relative and np.isfinite(value):
        return int(value)
    return float(np.float32(value)) if dtype == np.float32 or dtype.kind in "biu" else float(value)


def _scalar(value, dtype):
    return int(value) if dtype.kind in "biu" and np.isfinite(value) else float(value)


def _fail(text, msg, path):
    if msg is not None:
        raise AssertionError(msg)
    if path:
        text += f"\n\nThe failure occurred for item {path}"
    raise AssertionError(text)


def _torch_type(value):
    return "<class 'minitorch.Tensor'>" if isinstance(value, Tensor) else str(type(value))
