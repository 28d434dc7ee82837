"""ReLU forward and backward as single compiled loops, with torch's exact rules.

Why not NumPy: ``np.maximum(x, 0)`` is 4x slower than a loop (it takes NumPy's NaN-aware
path), turns ``-0.0`` into ``0.0`` where torch keeps ``-0.0``, and the backward written as
``g * (y > 0)`` makes three passes and gives NaN where an infinite gradient meets a clipped
element (``inf * 0``), where torch's select gives 0. torch's rules, element by element:

    forward   y = 0 if x < 0 else x           (NaN and -0.0 pass through)
    backward  dx = 0 if y <= 0 else g          (a NaN output passes its gradient)

Without the JIT, and for integer or non-contiguous arrays, ``np.where`` applies the same rules.
"""
import numpy as np

from . import JIT_ENABLED, njit

_JIT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


@njit
def _relu_loop(x, out):
    zero = x.dtype.type(0)
    for i in range(x.size):
        v = x[i]
        out[i] = zero if v < zero else v


@njit
def _relu_backward_loop(g, y, out):
    zero = g.dtype.type(0)
    for i in range(g.size):
        out[i] = zero if y[i] <= zero else g[i]


def _compiled(*arrays):
    """Whether the loops apply: numba on, float32/float64 arrays of one dtype and shape, contiguous."""
    first = arrays[0]
    return JIT_ENABLED and first.dtype in _JIT_DTYPES and all(
        a.dtype == first.dtype and a.shape == first.shape and a.flags.c_contiguous for a in arrays)


def relu(x):
    """``max(x, 0)`` by torch's rule, as a new array of x's dtype."""
    if not _compiled(x):
        return np.where(x < 0, x.dtype.type(0), x)
    out = np.empty_like(x)
    _relu_loop(x.reshape(-1), out.reshape(-1))
    return out


def relu_backward(g, y):
    """The gradient of relu at output ``y``: ``g`` where ``y > 0`` (or NaN), else 0."""
    if not _compiled(g, y):
        return np.where(y <= 0, g.dtype.type(0), g)
    out = np.empty_like(g)
    _relu_backward_loop(g.reshape(-1), y.reshape(-1), out.reshape(-1))
    return out
