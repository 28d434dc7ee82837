"""The parity case format: one row of the table that drives the parity report, the parity
tests and the hypothesis gradchecks.

A case names an op and says how to call it, once, for both libraries: ``fn(lib, *inputs)``
where ``lib`` is ``minitorch`` or ``torch`` and the inputs are that library's tensors. So
``OpCase("add/broadcast", lambda t, x, y: x + y, [(3, 1), (1, 4)])`` is the whole case.

Cases that are not one op on drawn inputs (a module with torch's weights copied in, an
optimizer's trajectory, a training run) are objects with a ``name``, a ``differentiable`` flag
and a method ``compare(float_dtype, device, rng, errors)`` that runs both libraries, records
its worst errors in ``errors["forward"]`` / ``errors["backward"]`` and raises
``parity.runner.Mismatch`` on a difference; the runner reports them like any other row.
"""
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence, Tuple, Union

import numpy as np


@dataclass(frozen=True)
class Arg:
    """One input of a case.

    shape:   the input's shape.
    low/high: uniform range of the values (keep away from kinks and poles: log needs low > 0).
    kind:    "float" (takes the run's float dtype: float64 or float32), "int64", "bool", or
             "float64"/"float32" to pin a dtype whatever the run's.
    grad:    whether a float input requires grad (its gradient is compared).
    permute: pass a non-contiguous view (the array is made transposed, then transposed back).
    make:    ``make(rng, shape) -> ndarray`` to build special values (indices, masks, distinct
             values for sort/max so there are no ties); overrides low/high.
    """

    shape: Tuple[int, ...]
    low: float = -2.0
    high: float = 2.0
    kind: str = "float"
    grad: bool = True
    permute: bool = False
    make: Optional[Callable] = None

    def array(self, rng, float_dtype):
        if self.make is not None:
            arr = np.asarray(self.make(rng, self.shape))
        elif self.kind == "bool":
            arr = rng.random(self.shape) < 0.5
        elif self.kind == "int64":
            arr = rng.integers(int(self.low), int(self.high), size=self.shape)
        else:
            arr = rng.uniform(self.low, self.high, size=self.shape)
        if self.kind == "float":
            arr = arr.astype(float_dtype)
        elif self.kind in ("float64", "float32", "int64", "bool"):
            arr = arr.astype(self.kind)
        return arr

    @property
    def differentiable(self):
        return self.grad and self.kind.startswith("float")


@dataclass(frozen=True)
class OpCase:
    """A row of the parity table.

    name:  "op/variant", unique.
    fn:    ``fn(lib, *inputs)``; may return a tensor, a tuple of tensors or a named tuple.
    args:  one ``Arg`` (or a bare shape, meaning ``Arg(shape)``) per input.
    atol/rtol: tolerances per float dtype name, for forward and backward alike.
    check_name: compare ``type(out.grad_fn).__name__`` with torch's.
    backward: compare gradients (set False for ops with no gradient, like comparisons).
    finite_differences: whether the gradchecks may also compare the gradient with finite
        differences; False where torch's backward is, by design, not the forward's derivative
        (``scale_grad_by_freq``): only the comparison with torch applies there.
    """

    name: str
    fn: Callable
    args: Sequence[Union[Arg, Tuple[int, ...]]]
    atol: dict = field(default_factory=lambda: {"float64": 1e-10, "float32": 1e-5})
    rtol: dict = field(default_factory=lambda: {"float64": 1e-8, "float32": 1e-4})
    check_name: bool = True
    backward: bool = True
    finite_differences: bool = True

    @property
    def arg_specs(self):
        return [a if isinstance(a, Arg) else Arg(tuple(a)) for a in self.args]

    @property
    def differentiable(self):
        return self.backward and any(a.differentiable for a in self.arg_specs)


# helpers for Arg.make ---------------------------------------------------------------------------
def distinct(rng, shape):
    """Values with no ties (for max/min/sort/topk, whose gradient is ambiguous at ties)."""
    n = int(np.prod(shape)) if shape else 1
    return (rng.permutation(n).reshape(shape) / max(n, 1) * 4 - 2 + rng.uniform(0, 0.5 / max(n, 1), size=shape))


def away_from_zero(rng, shape, low=0.2, high=2.0):
    """Values in [-high, -low] U [low, high] (for abs, sign, relu, division)."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def indices(high):
    """``make`` for int64 indices in [0, high)."""
    return lambda rng, shape: rng.integers(0, high, size=shape)


def away_from_integers(rng, shape):
    """Values k + f with f in [0.1, 0.4] U [0.6, 0.9] (for floor/ceil/round/trunc, which jump at
    integers and, for round, at halves)."""
    k = rng.integers(-3, 3, size=shape)
    return k + rng.uniform(0.1, 0.4, size=shape) + 0.5 * rng.integers(0, 2, size=shape)


def interleaved(slot, slots=3, low=-2.0, high=2.0):
    """``make`` for inputs compared with each other (maximum, clamp with tensor bounds): each input
    gets its own ``slot``, and values of different slots never tie (their gap is at least
    0.25 / slots). Values lie in [low, high]."""
    def make(rng, shape):
        cell = rng.integers(int(low * 2), int(high * 2), size=shape) / 2
        return cell + 0.5 * (slot + rng.uniform(0.25, 0.75, size=shape)) / slots
    return make
