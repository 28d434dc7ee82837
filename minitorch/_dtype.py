"""dtypes: minitorch's names for NumPy dtypes, and torch's type-promotion rules.

A `dtype` object wraps one NumPy dtype and prints as ``minitorch.float32``. Promotion follows
torch (not NumPy): operands are ranked by *category* (bool < integer < floating) and by
*priority* (a tensor with dimensions > a 0-d tensor > a Python scalar). The result takes the
highest category present; among the operands of that category only those of the highest
priority decide the width. So ``int64 tensor + 2.5`` is float32 (the default float dtype),
and ``float32 tensor + float64 0-d tensor`` stays float32.
"""
import builtins

import numpy as np


class dtype:
    """A tensor element type (``minitorch.float32``, ``minitorch.int64``, ...)."""

    __slots__ = ("name", "np", "is_floating_point", "is_signed", "itemsize", "_category")

    def __init__(self, name, np_dtype, category):
        self.name = name
        self.np = np.dtype(np_dtype)
        self._category = category  # 0 bool, 1 integer, 2 floating
        self.is_floating_point = category == 2
        self.is_signed = self.np.kind in "if"
        self.itemsize = self.np.itemsize

    def __repr__(self):
        return "minitorch." + self.name

    def __reduce__(self):
        return (_dtype_by_name, (self.name,))

    @property
    def is_complex(self):
        return False


bool = dtype("bool", np.bool_, 0)
uint8 = dtype("uint8", np.uint8, 1)
int8 = dtype("int8", np.int8, 1)
int16 = dtype("int16", np.int16, 1)
int32 = dtype("int32", np.int32, 1)
int64 = dtype("int64", np.int64, 1)
float16 = dtype("float16", np.float16, 2)
float32 = dtype("float32", np.float32, 2)
float64 = dtype("float64", np.float64, 2)

# torch's aliases
half, float, double = float16, float32, float64
short, int, long = int16, int32, int64

ALL_DTYPES = (bool, uint8, int8, int16, int32, int64, float16, float32, float64)
_BY_NP = {d.np: d for d in ALL_DTYPES}
_BY_NAME = {d.name: d for d in ALL_DTYPES}


def _dtype_by_name(name):
    return _BY_NAME[name]


_default_float = float32


def get_default_dtype():
    """The dtype of floating tensors made from Python floats (float32 unless changed)."""
    return _default_float


def set_default_dtype(d):
    global _default_float
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default_float = d


def from_numpy_dtype(np_dtype):
    """The minitorch dtype for a NumPy dtype; TypeError for ones torch has no tensor type for."""
    try:
        return _BY_NP[np_dtype]
    except KeyError:
        pass
    np_dtype = np.dtype(np_dtype)
    if np_dtype in _BY_NP:
        return _BY_NP[np_dtype]
    if np_dtype.kind == "u":  # uint16/32/64: torch has limited support; widen to int64
        return int64
    raise TypeError(
        f"can't convert np.ndarray of type numpy.{np_dtype.name}. The only supported types are: "
        "float64, float32, float16, int64, int32, int16, int8, uint8, and bool."
    )


def to_dtype(d):
    """Accept a minitorch dtype, a NumPy dtype, a Python type or a name; return a minitorch dtype."""
    if isinstance(d, dtype):
        return d
    if d is builtins.float:
        return _default_float
    if d is builtins.int:
        return int64
    if d is builtins.bool:
        return bool
    if isinstance(d, str) and d in _BY_NAME:
        return _BY_NAME[d]
    try:
        return from_numpy_dtype(np.dtype(d))
    except TypeError:
        raise TypeError(f"dtype must be a minitorch.dtype, got {d!r}") from None


def promote_types(a, b):
    """The smallest dtype that holds both (torch.promote_types)."""
    if a is b:
        return a
    if a._category != b._category:
        return a if a._category > b._category else b
    if a._category == 1 and {a, b} == {uint8, int8}:
        return int16
    return a if a.itemsize >= b.itemsize else b


def _scalar_category(x):
    if isinstance(x, (builtins.bool, np.bool_)):
        return 0
    if isinstance(x, (builtins.int, np.integer)):
        return 1
    return 2


_SCALAR_DEFAULT = {0: bool, 1: int64}


def result_type(*operands):
    """torch.result_type over Tensors and Python scalars (see the module docstring)."""
    best_cat, best_prio, result = -1, -1, None
    for x in operands:
        data = getattr(x, "_data", None)
        if data is not None:
            d = _BY_NP.get(data.dtype) or from_numpy_dtype(data.dtype)
            cat, prio = d._category, 2 if data.ndim else 1
        else:
            cat, prio = _scalar_category(x), 0
            d = _SCALAR_DEFAULT.get(cat) or _default_float
        if cat > best_cat or (cat == best_cat and prio > best_prio):
            best_cat, best_prio, result = cat, prio, d
        elif cat == best_cat and prio == best_prio:
            result = promote_types(result, d)
    return result


# -- finfo / iinfo: the numeric limits of a dtype, as torch reports them ----------------------------------
class finfo:
    """Limits of a floating dtype (``minitorch.finfo(minitorch.float32).eps``); the default dtype when
    none is given. Fields as torch's: bits, eps, max, min, tiny (= smallest_normal), resolution
    (10 ** -decimal digits of precision) and dtype (its name)."""

    def __init__(self, type=None):
        type = get_default_dtype() if type is None else type
        if not isinstance(type, dtype):
            raise TypeError(f"finfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{builtins.type(type).__name__}")
        if not type.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        info = np.finfo(type.np)
        self.bits, self.dtype = info.bits, type.name
        self.eps, self.max, self.min = builtins.float(info.eps), builtins.float(info.max), builtins.float(info.min)
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        self.resolution = 10.0 ** -info.precision

    def __eq__(self, other):
        return isinstance(other, finfo) and other.dtype == self.dtype

    __hash__ = None  # as torch's: comparable, not hashable

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """Limits of an integer dtype (``minitorch.iinfo(minitorch.int64).max``): bits, max, min, dtype."""

    def __init__(self, type):
        if not isinstance(type, dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{builtins.type(type).__name__}")
        if type is bool:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle "
                            "'torch.iinfo'")
        info = np.iinfo(type.np)
        self.bits, self.max, self.min, self.dtype = info.bits, builtins.int(info.max), builtins.int(info.min), type.name

    def __eq__(self, other):
        return isinstance(other, iinfo) and other.dtype == self.dtype

    __hash__ = None

    def __repr__(self):
        return f"iinfo(min={builtins.float(self.min):g}, max={builtins.float(self.max):g}, dtype={self.dtype})"
