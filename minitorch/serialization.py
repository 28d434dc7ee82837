"""``minitorch.save`` and ``minitorch.load``: checkpoints in a format whose loading runs no code.

``torch.save`` pickles, and unpickling a file can run any code its author chose. minitorch writes
a **safetensors** file instead: a little-endian u64 header length, a JSON header, then the raw
bytes of every tensor. The header maps each tensor's name to ``{"dtype", "shape",
"data_offsets"}``, and its ``"__metadata__"`` (a string-to-string map) holds, under
``"minitorch.structure"``, a JSON description of the saved object around the tensors: dicts
(key types kept, so an optimizer's ``state: {0: ...}`` comes back with int keys; OrderedDict vs
dict), lists vs tuples, numbers, strings, bools, None, and for each tensor its name in the file
(plus ``requires_grad`` and whether it was a Parameter). Loading parses JSON and copies bytes;
nothing is ever executed.

Tensors are named by their path in the object: a module's ``state_dict()`` (a flat dict of
tensors) is stored under exactly its keys (``"fc.weight"``), so the file loads into PyTorch with
``safetensors.torch.load_file``; nested values get dotted paths (``"state.0.exp_avg"``). A
safetensors file written by anyone else (``safetensors.torch.save_file(model.state_dict(), f)``)
loads as a dict of tensors that ``load_state_dict`` accepts. A pickle or a ``torch.save`` zip
archive is refused with an explanation, never unpickled.
"""
import json
import os
import struct
from collections import OrderedDict
from pickle import UnpicklingError  # only the exception class, for torch's error type: nothing is unpickled

import numpy as np

from ._device import device as _device
from ._tensor import Tensor
from .nn.parameter import Parameter

__all__ = ["save", "load"]

_STRUCTURE = "minitorch.structure"
_MAX_HEADER = 100_000_000  # bytes; the limit the safetensors library itself enforces

# safetensors dtype names for the dtypes a minitorch tensor can have
_DTYPE_NAMES = {np.dtype(np.float16): "F16", np.dtype(np.float32): "F32", np.dtype(np.float64): "F64",
                np.dtype(np.int8): "I8", np.dtype(np.int16): "I16", np.dtype(np.int32): "I32",
                np.dtype(np.int64): "I64", np.dtype(np.uint8): "U8", np.dtype(np.bool_): "BOOL"}
_DTYPES = {name: dt for dt, name in _DTYPE_NAMES.items()}


# -- save ------------------------------------------------------------------------------------------
def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Write ``obj`` (a state dict of a module or an optimizer: dicts, lists and tuples of tensors,
    numbers, strings, bools and None, nested freely) to ``f``, a path or a binary file object.
    The pickle arguments are accepted for compatibility with ``torch.save`` and unused."""
    arrays = {}
    structure = _encode(obj, "", arrays)
    metadata = {"format": "minitorch", _STRUCTURE: json.dumps(structure, separators=(",", ":"))}
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as out:
            _write_safetensors(out, arrays, metadata)
    else:
        _write_safetensors(f, arrays, metadata)


def _encode(obj, path, arrays):
    """The JSON description of ``obj``; its tensors are added to ``arrays`` under their path names.

    Plain JSON values stand for themselves; everything else is a one-key object (``{"tensor": name}``,
    ``{"list": [...]}``, ``{"tuple": [...]}``, ``{"dict": [[key, value], ...]}``), so the two can
    never be confused.
    """
    if isinstance(obj, Tensor):
        name = _unique_name(path or "tensor", arrays)
        arrays[name] = obj._data
        node = {"tensor": name}
        if obj.requires_grad:
            node["requires_grad"] = True
        if isinstance(obj, Parameter):
            node["parameter"] = True
        return node
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, np.generic) and obj.dtype in _DTYPE_NAMES:  # a NumPy scalar: its Python value
        return obj.item()
    if isinstance(obj, dict):
        items = [[_encode_key(k), _encode(v, _join(path, k), arrays)] for k, v in obj.items()]
        return {"dict": items, "ordered": isinstance(obj, OrderedDict)}
    if isinstance(obj, (list, tuple)):
        kind = "list" if isinstance(obj, list) else "tuple"
        return {kind: [_encode(v, _join(path, i), arrays) for i, v in enumerate(obj)]}
    hint = " (save model.state_dict() instead, and load it with model.load_state_dict)" \
        if hasattr(obj, "state_dict") else ""
    cls = type(obj)
    name = cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    raise TypeError(f"minitorch.save cannot store an object of type {name}{hint}: it saves minitorch tensors, "
                    "numbers, strings, bools, None, and dicts, lists and tuples of them (state dicts)")


def _encode_key(key):
    if key is None or isinstance(key, (bool, int, float, str)):
        return key
    if isinstance(key, tuple):
        return {"tuple": [_encode_key(k) for k in key]}
    raise TypeError(f"minitorch.save cannot store a dict key of type {type(key).__name__}")


def _join(path, key):
    return f"{path}.{key}" if path else str(key)


def _unique_name(name, taken):
    """``name``, or ``name#2``, ``name#3``... if a tensor already has it (or it is the reserved key)."""
    candidate, n = name, 1
    while candidate in taken or candidate == "__metadata__":
        n += 1
        candidate = f"{name}#{n}"
    return candidate


def _write_safetensors(f, arrays, metadata):
    """The safetensors layout: u64 header size, JSON header (space-padded to a multiple of 8), data.

    The data section lists tensors by decreasing item size (stable, so a flat float32 state dict
    keeps its order): every tensor then starts at an offset aligned for its dtype, which lets
    readers map the file without copying.
    """
    order = sorted(arrays, key=lambda name: -arrays[name].dtype.itemsize)
    header = {"__metadata__": metadata}
    chunks, offset = [], 0
    for name in order:
        arr = arrays[name]
        data = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": _DTYPE_NAMES[arr.dtype], "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for data in chunks:
        f.write(data)


# -- load ------------------------------------------------------------------------------------------
def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Read what ``save`` wrote (or any safetensors file) from ``f``, a path or a binary file object.

    A minitorch file comes back as the object that was saved, with minitorch tensors in place of
    the tensors; any other safetensors file as a dict of tensors. Loading never executes code, so
    ``weights_only`` changes nothing (every load is weights-only); the pickle arguments and ``mmap``
    are accepted for compatibility and unused. ``map_location`` may name the CPU (or map devices
    in a dict or function): everything loads onto the CPU.
    """
    _check_map_location(map_location)
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as src:
            data = src.read()
        source = repr(os.fspath(f))
    else:
        data = f.read()
        source = "the file object"
    arrays, metadata = _read_safetensors(data, source)
    if _STRUCTURE not in metadata:  # a plain safetensors file, e.g. safetensors.torch.save_file's
        return {name: _tensor(arr) for name, arr in arrays.items()}
    try:
        return _decode(json.loads(metadata[_STRUCTURE]), arrays)
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise UnpicklingError(f"minitorch.load: {source} has a damaged structure description ({e!r})") from None


def _check_map_location(map_location):
    if isinstance(map_location, (str, _device)) and _device(map_location).type == "cuda":
        raise RuntimeError("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is "
                           "False. If you are running on a CPU-only machine, please use torch.load with "
                           "map_location=torch.device('cpu') to map your storages to the CPU.")
    if isinstance(map_location, (str, _device)) and _device(map_location).type != "cpu":
        raise RuntimeError(f"minitorch has no {_device(map_location).type} backend; only 'cpu' is available")


def _refuse(data, source):
    """The error for bytes that are not a safetensors file, saying what they look like instead."""
    if data[:4] == b"PK\x03\x04":
        what = "a PyTorch zip archive (torch.save's format), which holds pickled Python objects"
    elif data[:1] == b"\x80":
        what = "a Python pickle"
    else:
        what = "not a minitorch (safetensors) file"
    return UnpicklingError(
        f"minitorch.load: {source} is {what}. minitorch never unpickles, because unpickling can run arbitrary "
        "code; it reads safetensors files only. Save with minitorch.save, or from PyTorch with "
        "safetensors.torch.save_file(model.state_dict(), 'model.safetensors').")


def _read_safetensors(data, source):
    """``(name -> ndarray, metadata dict)`` from the bytes of a safetensors file. Each array is a
    private, writable, aligned copy (the file's bytes are not kept alive)."""
    if len(data) < 8:
        raise _refuse(data, source)
    (size,) = struct.unpack("<Q", data[:8])
    if size > min(len(data) - 8, _MAX_HEADER):
        raise _refuse(data, source)
    try:
        header = json.loads(data[8:8 + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(data, source) from None
    if not isinstance(header, dict):
        raise _refuse(data, source)
    metadata = header.pop("__metadata__", None) or {}
    body = memoryview(data)[8 + size:]
    arrays = {}
    try:
        entries = sorted(header.items(), key=lambda item: item[1]["data_offsets"][0])
        for name, info in entries:
            arrays[name] = _read_array(body, name, info)
    except (KeyError, TypeError, ValueError, IndexError) as e:
        raise UnpicklingError(f"minitorch.load: {source} is a damaged safetensors file ({e})") from None
    return arrays, metadata


def _read_array(body, name, info):
    if info["dtype"] not in _DTYPES:
        raise ValueError(f"tensor '{name}' has dtype {info['dtype']}, which minitorch tensors cannot hold")
    dtype = _DTYPES[info["dtype"]]
    shape = tuple(int(s) for s in info["shape"])
    begin, end = (int(x) for x in info["data_offsets"])
    count = int(np.prod(shape, dtype=np.int64))
    if end - begin != count * dtype.itemsize or not 0 <= begin <= end <= len(body):
        raise ValueError(f"tensor '{name}': data_offsets {[begin, end]} do not hold a {info['dtype']} tensor "
                         f"of shape {list(shape)}")
    raw = np.frombuffer(body, dtype=dtype.newbyteorder("<"), count=count, offset=begin)
    return raw.astype(dtype).reshape(shape)  # astype copies: writable, aligned, native byte order


def _tensor(arr, requires_grad=False, parameter=False):
    t = Tensor._wrap(arr)
    if parameter:
        return Parameter(t, requires_grad=requires_grad)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _decode(node, arrays):
    """The inverse of ``_encode``."""
    if not isinstance(node, dict):
        return node
    if "tensor" in node:
        return _tensor(arrays[node["tensor"]], node.get("requires_grad", False), node.get("parameter", False))
    if "list" in node:
        return [_decode(v, arrays) for v in node["list"]]
    if "tuple" in node:
        return tuple(_decode(v, arrays) for v in node["tuple"])
    if "dict" in node:
        cls = OrderedDict if node.get("ordered") else dict
        return cls((_decode_key(k), _decode(v, arrays)) for k, v in node["dict"])
    raise ValueError(f"unknown node {sorted(node)}")


def _decode_key(key):
    return tuple(_decode_key(k) for k in key["tuple"]) if isinstance(key, dict) else key
