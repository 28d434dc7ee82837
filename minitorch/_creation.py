"""Tensor creation: ``tensor``, ``zeros``/``ones``/``full``/``empty``, ranges, random tensors,
``*_like``, ``from_numpy``. dtypes follow torch: Python floats give the default float dtype
(float32), Python ints int64, bools bool; ``from_numpy`` keeps the array's dtype and memory."""
import builtins
import numbers

import numpy as np

from . import _dtype, _random
from ._device import check_device
from ._size import Size
from ._tensor import Tensor, _to_array_data


def _infer_dtype(arr, data):
    """torch.tensor's dtype inference for data that is not already a tensor."""
    kind = arr.dtype.kind
    if kind == "f":
        if isinstance(data, np.ndarray) or isinstance(data, np.floating):
            return _dtype.from_numpy_dtype(arr.dtype)
        return _dtype.get_default_dtype()
    if kind == "b":
        return _dtype.bool
    if kind in "iu":
        if isinstance(data, (np.ndarray, np.integer)):
            return _dtype.from_numpy_dtype(arr.dtype)
        return _dtype.int64
    if kind == "O":
        raise TypeError("Could not infer dtype of " + type(data).__name__)
    return _dtype.from_numpy_dtype(arr.dtype)


def _finish(arr, requires_grad):
    t = Tensor._wrap(arr)
    if requires_grad:
        t.requires_grad = True
    return t


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data`` (nested lists, numbers, arrays or tensors)."""
    check_device(device)
    if isinstance(data, Tensor):
        arr = np.array(data._data, copy=True)
    else:
        try:
            arr = np.array(_to_array_data(data))
        except ValueError as e:
            raise ValueError(f"expected sequence of equal-length lists: {e}") from None
    dt = _dtype.to_dtype(dtype) if dtype is not None else (
        _dtype.from_numpy_dtype(arr.dtype) if isinstance(data, Tensor) else _infer_dtype(arr, data))
    return _finish(np.array(arr, dtype=dt.np, order="C"), requires_grad)


def as_tensor(data, dtype=None, device=None):
    """Like ``tensor`` but shares memory with a NumPy array or tensor when no conversion is needed."""
    if isinstance(data, Tensor) and (dtype is None or _dtype.to_dtype(dtype).np == data._data.dtype):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or _dtype.to_dtype(dtype).np == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(ndarray):
    """A tensor sharing memory with ``ndarray`` and keeping its dtype."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _dtype.from_numpy_dtype(ndarray.dtype)  # raises for unsupported dtypes
    return Tensor._wrap(ndarray)


_RANDOM_OVERLOADS = (
    " * (tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout "
    "layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n"
    " * (tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device "
    "device = None, bool pin_memory = False, bool requires_grad = False)\n")


def _size(size, fn_name):
    """Sizes given as varargs, a tuple/list/Size, or 0-d tensors (a size is required: ``zeros(())``
    is a 0-d tensor, ``zeros()`` is torch's TypeError)."""
    if not size:
        if fn_name in ("rand", "randn"):
            raise TypeError(f"{fn_name}() received an invalid combination of arguments - got (), but expected one "
                            f"of:\n{_RANDOM_OVERLOADS}")
        raise TypeError(f'{fn_name}() missing 1 required positional arguments: "size"')
    if len(size) == 1 and isinstance(size[0], (tuple, list, Size)):
        size = size[0]
    dims = tuple(s.__index__() for s in size)
    if any(d < 0 for d in dims):
        raise RuntimeError(f"{fn_name}: Dimension size must be non-negative.")
    return dims


def _dt(dtype, default=None):
    return _dtype.to_dtype(dtype) if dtype is not None else (default or _dtype.get_default_dtype())


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    check_device(device)
    return _finish(np.zeros(_size(size, "zeros"), dtype=_dt(dtype).np), requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    check_device(device)
    return _finish(np.ones(_size(size, "ones"), dtype=_dt(dtype).np), requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None, memory_format=None,
          pin_memory=False):
    check_device(device)
    return _finish(np.empty(_size(size, "empty"), dtype=_dt(dtype).np), requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    check_device(device)
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if dtype is None:
        dtype = _dtype.result_type(fill_value)
    return _finish(np.full(_size((size,), "full"), fill_value, dtype=_dt(dtype).np), requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _finish(np.eye(n, m, dtype=_dt(dtype).np), requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Values in [start, end) with ``step``; int64 when all of them are integers, else float32."""
    check_device(device)
    start, end, step = (x.item() if isinstance(x, Tensor) else x for x in (start, end, step))
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    if dtype is None:
        all_int = all(isinstance(x, (builtins.int, np.integer)) for x in (start, end, step))
        dtype = _dtype.int64 if all_int else _dtype.get_default_dtype()
    dt = _dtype.to_dtype(dtype)
    n = builtins.max(0, int(np.ceil((end - start) / step)))
    return _finish((start + step * np.arange(n, dtype=np.float64)).astype(dt.np)
                   if dt.is_floating_point else np.arange(start, end, step).astype(dt.np), requires_grad)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _finish(np.linspace(start, end, steps).astype(_dt(dtype).np), requires_grad)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    return _finish(np.logspace(start, end, steps, base=base).astype(_dt(dtype).np), requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _finish(_random.rng(generator).random(_size(size, "rand")).astype(_dt(dtype).np), requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    check_device(device)
    return _finish(_random.rng(generator).standard_normal(_size(size, "randn")).astype(_dt(dtype).np), requires_grad)


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """``randint(high, size)`` or ``randint(low, high, size)``: int64 values in [low, high)."""
    check_device(device)
    if size is None:
        if isinstance(high, (tuple, list, Size)):
            low, high, size = 0, low, high
        else:
            raise TypeError("randint() missing required argument 'size'")
    if high <= low:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    arr = _random.rng(generator).integers(low, high, size=_size((size,), "randint"))
    return _finish(arr.astype(_dt(dtype, _dtype.int64).np), requires_grad)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    return _finish(_random.rng(generator).permutation(n).astype(_dt(dtype, _dtype.int64).np), requires_grad)


def normal(mean, std, size=None, *, generator=None):
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        shape = np.broadcast_shapes(np.shape(m), np.shape(s))
        dt = (mean if isinstance(mean, Tensor) else std)._data.dtype
        return Tensor._wrap((_random.rng(generator).standard_normal(shape) * s + m).astype(dt))
    return Tensor._wrap((_random.rng(generator).standard_normal(_size((size,), "normal")) * std + mean).astype(
        _dtype.get_default_dtype().np))


def bernoulli(input, p=None, *, generator=None):
    probs = input._data if p is None else np.full(input._data.shape, p)
    return Tensor._wrap((_random.rng(generator).random(input._data.shape) < probs).astype(input._data.dtype))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    probs = np.atleast_2d(input._data.astype(np.float64))
    g = _random.rng(generator)
    rows = []
    for p in probs:
        p = p / p.sum()
        rows.append(g.choice(p.size, size=num_samples, replace=replacement, p=p))
    out = np.array(rows, dtype=np.int64)
    return Tensor._wrap(out if input._data.ndim == 2 else out[0])


def _like(fn):
    def like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, **kwargs):
        return fn(*input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad, **kwargs)
    like.__name__ = fn.__name__ + "_like"
    like.__doc__ = f"``{fn.__name__}`` with the shape (and, unless given, the dtype) of ``input``."
    return like


zeros_like, ones_like, empty_like, rand_like, randn_like = map(_like, (zeros, ones, empty, rand, randn))


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    return full(input._data.shape, fill_value, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False):
    return randint(low, high, input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


# legacy typed constructors
class _TypedTensorMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._data.dtype == cls._dtype.np

    def __call__(cls, *args):
        t = Tensor(*args, dtype=cls._dtype) if args and not isinstance(args[0], Tensor) else Tensor._wrap(
            args[0]._data.astype(cls._dtype.np)) if args else Tensor(dtype=cls._dtype)
        return t


def _typed(name, dt):
    return _TypedTensorMeta(name, (), {"_dtype": dt, "__doc__": f"Legacy constructor: a {dt} tensor."})


FloatTensor = _typed("FloatTensor", _dtype.float32)
DoubleTensor = _typed("DoubleTensor", _dtype.float64)
LongTensor = _typed("LongTensor", _dtype.int64)
IntTensor = _typed("IntTensor", _dtype.int32)
BoolTensor = _typed("BoolTensor", _dtype.bool)
ByteTensor = _typed("ByteTensor", _dtype.uint8)
HalfTensor = _typed("HalfTensor", _dtype.float16)
