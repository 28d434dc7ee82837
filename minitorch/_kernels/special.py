"""Special functions NumPy lacks: the error function ``erf``, which the exact GELU needs.

NumPy has no ``erf``, and the textbook polynomial approximations (Abramowitz-Stegun 7.1.26) are
only good to about 1e-7, far from float64's 1e-16. ``math.erf`` is exact to the last bit or so,
and numba compiles it (to the C library's ``erf``), so one loop over the array gives full
accuracy at compiled speed. Without the JIT the same ``math.erf`` runs through ``np.vectorize``:
slow, but exact, so results do not depend on whether numba is on.
"""
import math

import numpy as np

from . import JIT_ENABLED, njit


@njit
def _erf_loop(flat, out):
    for i in range(flat.size):
        out[i] = math.erf(flat[i])


_erf_python = np.vectorize(math.erf, otypes=[np.float64])


def erf(x):
    """The error function of every element of a float array, in x's dtype (a new array)."""
    x = np.asarray(x)
    if not JIT_ENABLED:
        return _erf_python(x).astype(x.dtype, copy=False)
    flat = np.ascontiguousarray(x).reshape(-1)
    out = np.empty_like(flat)
    _erf_loop(flat, out)
    return out.reshape(x.shape)
