"""minitorch.autograd: Function, backward, grad, grad mode and gradcheck (torch.autograd's API)."""
import numpy as np

from .._tensor import Tensor
from . import grad_mode
from .engine import _accumulate_into_leaf, _as_root_grad, run_backward
from .function import Function
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled


def _tensors(x):
    return [x] if isinstance(x, Tensor) else list(x)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate gradients of ``tensors`` into the ``.grad`` of the leaves they depend on."""
    if create_graph:
        raise NotImplementedError("minitorch does not support create_graph=True (higher-order gradients)")
    tensors = _tensors(tensors)
    grads = [None] * len(tensors) if grad_tensors is None else _tensors(grad_tensors)
    root_grads = [_as_root_grad(t, g) for t, g in zip(tensors, grads)]
    if inputs is not None:
        inputs = _tensors(inputs)
        captured = run_backward(tensors, root_grads, bool(retain_graph), inputs=inputs)
        for t, g in zip(inputs, captured):
            if g is not None:
                _accumulate_into_leaf(t, g)
        return
    run_backward(tensors, root_grads, bool(retain_graph))


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         materialize_grads=False):
    """Return d(outputs)/d(inputs) as a tuple, without touching any ``.grad``."""
    if create_graph:
        raise NotImplementedError("minitorch does not support create_graph=True (higher-order gradients)")
    outputs, inputs = _tensors(outputs), _tensors(inputs)
    for t in inputs:
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    grads = [None] * len(outputs) if grad_outputs is None else _tensors(grad_outputs)
    root_grads = [_as_root_grad(t, g) for t, g in zip(outputs, grads)]
    captured = run_backward(outputs, root_grads, bool(retain_graph), inputs=inputs)
    result = []
    for t, g in zip(inputs, captured):
        if g is None:
            if materialize_grads:
                result.append(Tensor._wrap(np.zeros_like(t._data)))
                continue
            if not allow_unused:
                raise RuntimeError("One of the differentiated Tensors appears to not have been used in the graph. "
                                   "Set allow_unused=True if this is the desired behavior.")
            result.append(None)
        else:
            # a fresh, writeable array: backward may hand out broadcast (read-only) views
            result.append(Tensor._wrap(np.array(g, dtype=t._data.dtype)))
    return tuple(result)


from .gradcheck import gradcheck  # noqa: E402

__all__ = ["Function", "backward", "grad", "gradcheck", "no_grad", "enable_grad", "set_grad_enabled",
           "is_grad_enabled", "inference_mode", "grad_mode"]
