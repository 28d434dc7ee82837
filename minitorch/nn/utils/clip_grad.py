"""Gradient clipping, as torch.nn.utils: rescale all gradients together so their joint norm is at most
``max_norm`` (``clip_grad_norm_``), or clamp each gradient element (``clip_grad_value_``).

The joint norm of order p is the p-norm of the vector of per-tensor p-norms, which equals the p-norm
of all gradient elements taken as one vector. Gradients are changed in place (their arrays are
written and their version counters bumped), as torch's in-place ops would.
"""
import warnings

import numpy as np

from ..._tensor import Tensor
from ... import _dtype

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_"]


def _as_list(tensors):
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def _vector_norm(arr, p):
    """The p-norm of all elements of ``arr`` (p may be 0, inf or -inf), in arr's dtype."""
    a = np.abs(arr)
    if p == np.inf:
        return a.max()
    if p == -np.inf:
        return a.min()
    if p == 0:
        return np.asarray(np.count_nonzero(arr), dtype=arr.dtype)
    if p == 1:
        return a.sum()
    if p == 2:
        return np.sqrt(np.sum(a * a))
    return np.sum(a ** p) ** (1.0 / p)


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The norm of the norms of ``tensors`` (a 0-d tensor; 0. when there are none)."""
    arrays = [t._data for t in _as_list(tensors) if t is not None]
    norm_type = float(norm_type)
    if not arrays:
        return Tensor._wrap(np.array(0.0, dtype=_dtype.get_default_dtype().np))
    dtype = np.result_type(*[a.dtype for a in arrays])
    norms = np.array([_vector_norm(a, norm_type) for a in arrays], dtype=dtype)
    total = np.asarray(_vector_norm(norms, norm_type), dtype=dtype)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so "
                           "it cannot be clipped. To disable this error and scale the gradients by the non-finite "
                           "norm anyway, set `error_if_nonfinite=False`")
    return Tensor._wrap(total)


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients by ``min(1, max_norm / (total_norm + 1e-6))``."""
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    if not grads:
        return
    total = total_norm._data if isinstance(total_norm, Tensor) else np.asarray(total_norm)
    coef = np.minimum(float(max_norm) / (total + 1e-6), 1.0)
    for g in grads:
        g._data *= coef.astype(g._data.dtype)
        g._vc[0] += 1


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Rescale the gradients of ``parameters`` in place so their total ``norm_type``-norm is at most
    ``max_norm``; return the total norm from before clipping (a 0-d tensor).

    A non-finite total norm raises RuntimeError with ``error_if_nonfinite``; otherwise the gradients
    are scaled by it anyway (and become NaN), as in torch.
    """
    parameters = _as_list(parameters)
    grads = [p.grad for p in parameters if p.grad is not None]
    total = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated alias of ``clip_grad_norm_``."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element of ``parameters`` into ``[-clip_value, clip_value]``, in place."""
    clip_value = float(clip_value)
    for p in _as_list(parameters):
        g = p.grad
        if g is not None:
            np.clip(g._data, -clip_value, clip_value, out=g._data)
            g._vc[0] += 1
