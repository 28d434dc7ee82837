"""numba kernels: pure functions on ndarrays, no Tensors inside.

Each kernel is compiled on first use and cached on disk (``cache=True``). Each keeps a plain
NumPy path, taken when numba's JIT is disabled (``NUMBA_DISABLE_JIT=1``), so every op still
works, only slower, without a compiler.
"""
import numba

JIT_ENABLED = not numba.config.DISABLE_JIT


def njit(fn=None, **options):
    """``numba.njit`` with the project's defaults: cached on disk, no Python-object fallback."""
    options.setdefault("cache", True)
    options.setdefault("nogil", True)
    if fn is None:
        return lambda f: numba.njit(**options)(f)
    return numba.njit(**options)(fn)
