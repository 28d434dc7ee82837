"""Collation: turning a list of samples into one batch (``torch.utils.data.default_collate``).

``default_collate`` looks at the first sample and recurses by type, exactly as torch does:

===========================  =====================================================================
sample element               batch
===========================  =====================================================================
Tensor                       ``stack``-ed along a new dim 0 (all must have the same shape)
NumPy array                  each made a tensor, then stacked (string/object arrays: TypeError)
NumPy scalar                 a 1-D tensor of the scalars' dtype
float / int / bool           a 1-D float64 / int64 / bool tensor
str / bytes                  the samples as given (the batch list, or a tuple when transposed)
Mapping                      the same kind of mapping, each key's values collated
namedtuple                   the same namedtuple, each field collated
tuple                        a *list*, position ``i`` = the ``i``-th elements collated (transposed)
other Sequence (list, ...)   the same kind of sequence, transposed and collated (equal lengths)
===========================  =====================================================================

``default_convert`` (used when a DataLoader does not batch, ``batch_size=None``) makes NumPy arrays
and scalars into tensors, recursing through the same containers, and leaves the rest alone.

``collate(batch, collate_fn_map=...)`` is the engine: ``collate_fn_map`` maps a type (or tuple of
types) to a function ``fn(batch, *, collate_fn_map)``; an exact type match wins, then the first
``isinstance`` match in insertion order. Add an entry to ``default_collate_fn_map`` to teach
``default_collate`` a new type.
"""
import collections.abc
import copy
import re

import numpy as np

from ..._creation import as_tensor, tensor
from ..._tensor import Tensor
from ...ops.shape import stack

__all__ = ["default_collate", "default_convert"]

_STRING_OR_OBJECT = re.compile(r"[SaUO]")  # dtype.str codes of bytes/str/object arrays

_ERR_FORMAT = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _rebuild_like(template, values):
    """A container of ``template``'s kind holding ``values``: a shallow copy filled in when it is
    mutable, ``type(template)(values)`` otherwise, a plain list/dict when neither works."""
    try:
        if isinstance(template, collections.abc.MutableSequence):
            out = copy.copy(template)
            for i, v in enumerate(values):
                out[i] = v
            return out
        return type(template)(values)
    except TypeError:
        return list(values)


def _rebuild_mapping(template, items):
    try:
        if isinstance(template, collections.abc.MutableMapping):
            out = copy.copy(template)
            out.update(items)
            return out
        return type(template)(items)
    except TypeError:
        return dict(items)


# -- default_convert -------------------------------------------------------------------------------
def default_convert(data):
    """NumPy arrays and scalars inside ``data`` become tensors (memory shared where possible); tensors
    and everything else stay as they are. Tuples become lists (as in torch)."""
    kind = type(data)
    if isinstance(data, Tensor):
        return data
    if kind.__module__ == "numpy" and kind.__name__ not in ("str_", "bytes_", "string_"):
        if isinstance(data, np.ndarray) and _STRING_OR_OBJECT.search(data.dtype.str):
            return data
        return as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _rebuild_mapping(data, {key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return kind(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild_like(data, [default_convert(d) for d in data])
    return data


# -- collate ---------------------------------------------------------------------------------------
def collate(batch, *, collate_fn_map=None):
    """Collate ``batch`` (a list of samples) by the type of its first element: through
    ``collate_fn_map`` for leaves, by recursion for mappings and sequences (see the module doc)."""
    elem = batch[0]
    if collate_fn_map is not None:
        fn = collate_fn_map.get(type(elem))
        if fn is None:
            fn = next((f for kinds, f in collate_fn_map.items() if isinstance(elem, kinds)), None)
        if fn is not None:
            return fn(batch, collate_fn_map=collate_fn_map)

    if isinstance(elem, collections.abc.Mapping):
        return _rebuild_mapping(elem, {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map)
                                       for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(collate(field, collate_fn_map=collate_fn_map) for field in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [collate(column, collate_fn_map=collate_fn_map) for column in zip(*batch)]
        return columns if isinstance(elem, tuple) else _rebuild_like(elem, columns)
    raise TypeError(_ERR_FORMAT.format(type(elem)))


def collate_tensor_fn(batch, *, collate_fn_map=None):
    return stack(batch, 0)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    if _STRING_OR_OBJECT.search(batch[0].dtype.str):
        raise TypeError(_ERR_FORMAT.format(batch[0].dtype))
    return collate([as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    return as_tensor(np.array(batch))  # keeps the scalars' dtype (np.float32 stays float32)


def collate_float_fn(batch, *, collate_fn_map=None):
    return Tensor._wrap(np.array(batch, dtype=np.float64))


def collate_int_fn(batch, *, collate_fn_map=None):
    """ints -> int64, bools -> bool (bool is an int subclass, so it lands here as in torch)."""
    return tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None):
    return batch


default_collate_fn_map = {
    Tensor: collate_tensor_fn,
    np.ndarray: collate_numpy_array_fn,
    (np.bool_, np.number, np.object_): collate_numpy_scalar_fn,
    float: collate_float_fn,
    int: collate_int_fn,
    str: collate_str_fn,
    bytes: collate_str_fn,
}


def default_collate(batch):
    """Put a list of samples together into a batch with a new leading dimension (see the module doc
    for the rule per type). ``default_collate([(x0, 0), (x1, 1)]) == [stack([x0, x1]), tensor([0, 1])]``."""
    return collate(batch, collate_fn_map=default_collate_fn_map)
