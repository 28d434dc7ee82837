"""In-place ops (``add_``, ``mul_``, ``copy_``, ``t[k] = v``, ``+=`` ...): torch's rules on top of
the out-of-place ops.

An in-place op is its out-of-place op, computed into a new array and written back into the
tensor's memory; the tensor then takes over the op's graph node as its ``grad_fn``, and its
version counter moves (so a node that saved the old values notices, see autograd/function.py).

Writing through a *view* also changes its base. When that needs autograd, the base gets a new
history (``CopySlices``): the base's old values everywhere but the view's region, which holds
the op's result. Other views of that base made earlier are then out of date; each one is
re-derived from the base (``AsStridedBackward0``) the next time an op reads it, just as torch
regenerates them. Both nodes locate a view inside its base by the view's element offsets.
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd import grad_mode
from ..autograd.function import ArrayFunction
from .elementwise import _type_word, copy_from, filled, zeroed

_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
_VIEW_LEAF_INPLACE = "a view of a leaf Variable that requires grad is being used in an in-place operation."


def check_inplace(tensor):
    """torch's rules: no in-place op on a leaf (or a view of a leaf) that requires grad, in grad mode."""
    if not grad_mode._enabled:
        return
    if tensor._requires_grad and tensor.grad_fn is None:
        raise RuntimeError(_VIEW_LEAF_INPLACE if tensor._base is not None else _LEAF_INPLACE)
    base = tensor._base
    if base is not None and base._requires_grad and base.grad_fn is None:
        raise RuntimeError(_VIEW_LEAF_INPLACE)


def inplace(tensor, op, *args, **kwargs):
    """Run ``op(tensor, *args)`` and write the result into ``tensor``; it takes over the new grad_fn.

    A node that saved the tensor's old values for backward gets a private copy first, since
    the memory is about to be overwritten.
    """
    check_inplace(tensor)
    result = op(tensor, *args, **kwargs)
    if result._data.dtype != tensor._data.dtype and \
            _dtype.from_numpy_dtype(result._data.dtype)._category > _dtype.from_numpy_dtype(tensor._data.dtype)._category:
        raise RuntimeError(f"result type {_type_word(result._data.dtype)} can't be cast to the desired output "
                           f"type {_type_word(tensor._data.dtype)}")
    if result._data.shape != tensor._data.shape:
        raise RuntimeError(f"output with shape {list(tensor._data.shape)} doesn't match the broadcast shape "
                           f"{list(result._data.shape)}")
    node = result.grad_fn
    if node is not None and node._saved:  # the old values it saved get a private copy, no longer versioned
        overwritten = [s is tensor._data for s in node._saved]
        node._saved = tuple(s.copy() if o else s for s, o in zip(node._saved, overwritten))
        if node._saved_versions is not None:
            node._saved_versions = tuple(None if o else v for v, o in zip(node._saved_versions, overwritten))
    _write(tensor, result._data)
    if node is not None:
        tensor.grad_fn = node
        tensor._output_nr = result._output_nr
        tensor._requires_grad = True
        if tensor._base is not None:
            _rebase_history(tensor, result)
    return tensor


def fill_(tensor, value):
    """Write a value (a number, tensor or array broadcastable to the shape) into the tensor; not recorded
    in the graph when nothing involved needs a gradient."""
    return _fill(tensor, value, copy_from if isinstance(value, Tensor) else filled)


def zero_(tensor):
    return _fill(tensor, 0, zeroed)


def _fill(tensor, value, recorded_op):
    needs_graph = grad_mode._enabled and (
        (isinstance(value, Tensor) and value._requires_grad) or tensor._requires_grad
        or (tensor._base is not None and tensor._base._requires_grad))
    if needs_graph:
        return inplace(tensor, recorded_op) if recorded_op is zeroed else inplace(tensor, recorded_op, value)
    check_inplace(tensor)
    _write(tensor, value._data if isinstance(value, Tensor) else value)
    return tensor


def _write(tensor, values):
    if not tensor._data.flags.writeable:
        raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a "
                           "single memory location. Please clone() the tensor before performing the operation.")
    np.copyto(tensor._data, values, casting="unsafe")
    tensor._vc[0] += 1


# -- views: the base's history after a write through one of its views ----------------------------------
def _element_index(view, base):
    """For each element of ``view``, its flat index in ``base`` (a C-contiguous array it lies in)."""
    offset = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    flat = np.arange(base.size)
    return np.lib.stride_tricks.as_strided(flat[offset // base.itemsize:], view.shape,
                                           tuple(s // base.itemsize * flat.itemsize for s in view.strides))


class CopySlices(ArrayFunction):
    """base (new) = base (old) with the view's region replaced by ``result``."""

    backward_name = "CopySlices"

    @staticmethod
    def forward(ctx, base, result, index):
        ctx.index = index
        return base  # the write already happened; this node only records where it went

    @staticmethod
    def backward(ctx, g):
        g = np.ascontiguousarray(g)
        g_result = g.reshape(-1)[ctx.index] if ctx.needs_input_grad[1] else None
        g_base = None
        if ctx.needs_input_grad[0]:
            g_base = g.copy()
            g_base.reshape(-1)[ctx.index] = 0
        return g_base, g_result, None


class AsStrided(ArrayFunction):
    """A view re-derived from its base after the base's history changed."""

    backward_name = "AsStridedBackward0"

    @staticmethod
    def forward(ctx, base, view, index):
        ctx.index, ctx.base_shape = index, base.shape
        return view

    @staticmethod
    def backward(ctx, g):
        g_base = np.zeros(int(np.prod(ctx.base_shape)), dtype=g.dtype)
        np.add.at(g_base, ctx.index.reshape(-1), np.broadcast_to(g, ctx.index.shape).reshape(-1))
        return g_base.reshape(ctx.base_shape), None, None


def _rebase_history(view, result):
    """After an in-place op on ``view`` recorded ``result``'s node, give the base its new history."""
    base = view._base
    if not base._data.flags.c_contiguous:
        raise RuntimeError("minitorch supports in-place operations that need autograd on views of contiguous "
                           "tensors only; clone() the base first.")
    index = _element_index(view._data, base._data)
    node = CopySlices.apply(base, result, Tensor._wrap(index)).grad_fn
    base.grad_fn, base._output_nr, base._requires_grad = node, 0, True
    base._history = view._history = base._history + 1


def refresh_view(view):
    """Re-derive a view's grad_fn from its base, whose history changed since the view was made."""
    base = view._base
    view._history = base._history
    if base._requires_grad and grad_mode._enabled:
        index = _element_index(view._data, base._data)
        out = AsStrided.apply(base, Tensor._wrap(view._data), Tensor._wrap(index))
        view.grad_fn, view._output_nr, view._requires_grad = out.grad_fn, 0, True
