"""Parameter: the Tensor subclass that marks a tensor as a module's learnable state.

A Parameter is an ordinary tensor in every computation (``p + 1``, ``p @ x``, ``p.detach()``
all give plain Tensors, because every op builds its result with ``Tensor._wrap``); its only
special power is that assigning it as a module attribute registers it, so that
``module.parameters()`` and ``module.state_dict()`` find it (see ``Module.__setattr__``).

``Parameter(t)`` does not copy: it shares ``t``'s memory and version counter, as torch's does,
and it is always a graph leaf (a tensor with history is detached first).
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor

__all__ = ["Parameter"]


class Parameter(Tensor):
    """``nn.Parameter(data=None, requires_grad=True)``: ``data``'s memory as a leaf tensor that a
    Module registers. ``requires_grad`` defaults to True even inside ``no_grad()``."""

    __slots__ = ()

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            data = Tensor._wrap(_empty_float())
        elif not isinstance(data, Tensor):
            # torch detaches its argument first, and says so in these words
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        if requires_grad and data._data.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        self._data = data._data
        self._vc = data._vc
        self._requires_grad = bool(requires_grad)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        """A Parameter over a copy of the data; like torch, the copy has no ``.grad``."""
        if id(self) in memo:
            return memo[id(self)]
        result = Parameter(Tensor._wrap(self._data.copy()), self._requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol):
        return (_rebuild_parameter, (self._data, self._requires_grad))


def _rebuild_parameter(data, requires_grad):
    """Unpickling: a Parameter again (not a plain Tensor)."""
    return Parameter(Tensor._wrap(data), requires_grad)


def _empty_float():
    return np.empty((0,), dtype=_dtype.get_default_dtype().np)
