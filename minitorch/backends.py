"""``minitorch.backends``: what torch reports about its compute backends, for the setup lines course
code writes (``torch.backends.cudnn.deterministic = True``, ``torch.backends.mps.is_available()``).
minitorch runs on the CPU only: there is no cuDNN, MPS or CUDA, and the flags have no effect."""
import types

__all__ = ["cudnn", "mps", "cuda"]


def _unavailable():
    return False


cudnn = types.SimpleNamespace(enabled=True, deterministic=False, benchmark=False, allow_tf32=True,
                              is_available=_unavailable, version=lambda: None)
mps = types.SimpleNamespace(is_available=_unavailable, is_built=_unavailable)
cuda = types.SimpleNamespace(is_built=_unavailable, matmul=types.SimpleNamespace(allow_tf32=False))
