"""Special functions NumPy lacks: erf, erfc, erfinv, lgamma, digamma and trigamma.

NumPy has no ``erf``, and the textbook polynomial approximations (Abramowitz-Stegun 7.1.26) are
only good to about 1e-7, far from float64's 1e-16. ``math.erf``, ``math.erfc`` and ``math.lgamma``
are exact to the last bit or so, and numba compiles them (to the C library's functions), so one
loop over the array gives full accuracy at compiled speed. ``digamma``, its derivative
``trigamma`` (digamma's backward) and ``erfinv`` have no ``math`` counterpart; they are written
here as scalar functions, each accurate to about 1e-15 relative in float64:

* digamma / trigamma: the recurrences psi(x) = psi(x + 1) - 1/x and psi'(x) = psi'(x + 1) + 1/x^2
  move x up to 10 or more, where the asymptotic (Bernoulli number) series converges fast; negative
  x goes through the reflection formulas psi(1 - x) - psi(x) = pi / tan(pi x) and
  psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x).
* erfinv: Winitzki's closed-form approximation (relative error ~2e-3) as a start, then Newton
  steps on erf(y) = x. For |x| > 0.5 the steps solve erfc(y) = 1 - |x| instead, because 1 - |x| is
  exact there while erf(y) - x would lose the digits that matter near |x| = 1.

Every function is computed in float64 and the result cast to the input's dtype. Without the JIT
(``NUMBA_DISABLE_JIT=1``) the same scalar functions run through ``np.vectorize``: slow, but the
same numbers, so results do not depend on whether numba is on. Edge values follow torch: poles of
lgamma give inf, digamma(+-0) = -+inf and digamma at negative integers is NaN, erfinv(+-1) = +-inf.
"""
import math

import numpy as np

from . import JIT_ENABLED, njit

_INF, _NAN = math.inf, math.nan
# NumPy's float semantics in the kernels: 1 / 0 is inf (Python's would raise ZeroDivisionError)
_scalar = njit(error_model="numpy")


@_scalar
def _lgamma(x):
    """log|Gamma(x)|; +inf at the poles 0, -1, -2, ... and at -inf (as torch)."""
    if x == -_INF or (x <= 0.0 and math.floor(x) == x):
        return _INF
    if x > 1e300:  # Stirling's leading terms, which overflow to inf where lgamma does
        return x * (math.log(x) - 1.0)  # (Python's math.lgamma would raise OverflowError)
    return math.lgamma(x)


@_scalar
def _digamma(x):
    """psi(x) = d/dx log Gamma(x)."""
    if x == 0.0:
        return -math.copysign(_INF, x)  # torch: -inf at +0, +inf at -0
    if math.isnan(x) or x == -_INF:
        return _NAN
    result = 0.0
    if x < 0.0:
        if math.floor(x) == x:
            return _NAN  # a pole
        # reflection: psi(x) = psi(1 - x) - pi / tan(pi x); tan has period pi, so it is taken of
        # pi * (x - nearest integer), a small exact argument: full accuracy near the poles
        result = -math.pi / math.tan(math.pi * (x - math.floor(x + 0.5)))
        x = 1.0 - x
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    if x == _INF:
        return _INF
    # asymptotic series: ln x - 1/(2x) - sum_k B_2k / (2k x^2k)
    z = 1.0 / (x * x)
    series = z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (1.0 / 240 - z * (
        1.0 / 132 - z * (691.0 / 32760 - z / 12.0))))))
    return result + math.log(x) - 0.5 / x - series


@_scalar
def _trigamma(x):
    """psi'(x), the derivative of digamma (its backward)."""
    if math.isnan(x) or x == -_INF:
        return _NAN
    if x == 0.0:
        return _INF  # a pole; at negative integers the reflection gives huge values, as torch does
    result = 0.0
    sign = 1.0
    if x < 0.5:
        # reflection: psi'(x) = pi^2 / sin^2(pi x) - psi'(1 - x), sin^2 taken of the small
        # exact argument as in digamma; at the poles (negative integers) torch's value
        # pi^2 / sin^2(pi x), huge but finite, is kept
        r = x - math.floor(x + 0.5)
        s = math.sin(math.pi * (r if r != 0.0 else x))
        if s == 0.0:
            return _INF
        t = math.pi / s
        result = t * t
        sign = -1.0
        x = 1.0 - x
    tail = 0.0
    while x < 10.0:
        tail += 1.0 / (x * x)
        x += 1.0
    if x == _INF:
        return result + sign * tail
    # asymptotic series: 1/x + 1/(2x^2) + sum_k B_2k / x^(2k+1)
    z = 1.0 / (x * x)
    series = (1.0 + z * (1.0 / 6 - z * (1.0 / 30 - z * (1.0 / 42 - z * (1.0 / 30 - z * (
        5.0 / 66 - z * (691.0 / 2730 - z * 7.0 / 6))))))) / x
    return result + sign * (tail + 0.5 * z + series)


@_scalar
def _erfinv(x):
    """The inverse of erf on [-1, 1]; +-inf at +-1 and NaN outside."""
    if math.isnan(x) or x < -1.0 or x > 1.0:
        return _NAN
    if x == 1.0 or x == -1.0:
        return math.copysign(_INF, x)
    if x == 0.0:
        return x  # keeps the sign of -0.0
    a = abs(x)
    # Winitzki's approximation, with its constant a = 0.147
    log_term = math.log((1.0 - a) * (1.0 + a))
    c = 2.0 / (math.pi * 0.147) + 0.5 * log_term
    y = math.sqrt(math.sqrt(c * c - log_term / 0.147) - c)
    two_over_sqrt_pi = 2.0 / math.sqrt(math.pi)
    for _ in range(6):
        slope = two_over_sqrt_pi * math.exp(-y * y)  # d erf(y) / dy
        if a > 0.5:
            step = (math.erfc(y) - (1.0 - a)) / slope
        else:
            step = (a - math.erf(y)) / slope
        y += step
        if abs(step) <= 1e-16 * y:
            break
    return math.copysign(y, x)


@_scalar
def _erf(x):
    return math.erf(x)


@_scalar
def _erfc(x):
    return math.erfc(x)


# One compiled loop per function (numba specialises a loop on the scalar function it calls).
@njit
def _erf_loop(flat, out):
    for i in range(flat.size):
        out[i] = _erf(flat[i])


@njit
def _erfc_loop(flat, out):
    for i in range(flat.size):
        out[i] = _erfc(flat[i])


@njit
def _erfinv_loop(flat, out):
    for i in range(flat.size):
        out[i] = _erfinv(flat[i])


@njit
def _lgamma_loop(flat, out):
    for i in range(flat.size):
        out[i] = _lgamma(flat[i])


@njit
def _digamma_loop(flat, out):
    for i in range(flat.size):
        out[i] = _digamma(flat[i])


@njit
def _trigamma_loop(flat, out):
    for i in range(flat.size):
        out[i] = _trigamma(flat[i])


def _elementwise(scalar, loop):
    """A NumPy-style function applying ``scalar`` to every element of a float array, computed in
    float64 and returned (a new array) in the input's dtype."""
    # without the JIT, NumPy floats keep NumPy's semantics (1 / 0 is inf, not an exception)
    python_version = np.vectorize(lambda v: scalar(np.float64(v)), otypes=[np.float64])

    def apply(x):
        x = np.asarray(x)
        if not JIT_ENABLED:
            with np.errstate(all="ignore"):
                return python_version(x).astype(x.dtype, copy=False)
        flat = np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
        out = np.empty_like(flat)
        loop(flat, out)
        return out.reshape(x.shape).astype(x.dtype, copy=False)

    apply.__name__ = scalar.__name__.lstrip("_")
    return apply


erf = _elementwise(_erf, _erf_loop)
erfc = _elementwise(_erfc, _erfc_loop)
erfinv = _elementwise(_erfinv, _erfinv_loop)
lgamma = _elementwise(_lgamma, _lgamma_loop)
digamma = _elementwise(_digamma, _digamma_loop)
trigamma = _elementwise(_trigamma, _trigamma_loop)
