"""Process-wide settings torch exposes at its top level: the thread count and deterministic mode.

``set_num_threads(n)`` sets how many threads minitorch's numba kernels may use (at most what numba
started with); NumPy's BLAS keeps the count it was started with (``OMP_NUM_THREADS`` /
``OPENBLAS_NUM_THREADS`` in the environment). Every minitorch op is deterministic already, so
``use_deterministic_algorithms`` only records the setting, as torch reports it back.
"""
import numba

__all__ = ["set_num_threads", "get_num_threads", "use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled"]

_deterministic = {"mode": False, "warn_only": False}


def set_num_threads(num):
    if not isinstance(num, int) or isinstance(num, bool) or num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    numba.set_num_threads(min(num, numba.config.NUMBA_NUM_THREADS))


def get_num_threads():
    return numba.get_num_threads()


def use_deterministic_algorithms(mode, *, warn_only=False):
    _deterministic.update(mode=bool(mode), warn_only=bool(warn_only))


def are_deterministic_algorithms_enabled():
    return _deterministic["mode"]


def is_deterministic_algorithms_warn_only_enabled():
    return _deterministic["warn_only"]
