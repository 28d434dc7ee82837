"""Tensor: a NumPy array plus the state autograd needs.

A Tensor holds ``_data`` (an ``np.ndarray``), and, when it takes part in a graph,
``grad_fn`` (the node that made it; None for leaves) and ``_output_nr`` (which output of
that node it is). ``_vc`` is a one-element list, the version counter, shared between a
tensor and its views and bumped by every in-place write, so that backward can tell when a
tensor it saved was modified. Rarely-set attributes (``grad``, ``_base``, ...) live in the
instance ``__dict__`` with class-level defaults, which keeps making a tensor cheap.

Every math method is a thin call into ``minitorch.ops``, where each op's forward and
backward sit side by side.
"""
import builtins
import numbers
import operator

import numpy as np

from . import _dtype
from ._device import CPU, check_device, device
from ._size import Size

_new = object.__new__


class Tensor:
    __slots__ = ("_data", "_vc", "__dict__", "__weakref__")

    # defaults for attributes most tensors never set
    _requires_grad = False
    grad = None
    grad_fn = None
    _output_nr = 0
    _base = None
    _retains_grad = False
    _hooks = None  # a leaf's gradient hooks, {handle id: hook} (a non-leaf's live on its grad_fn)
    _post_accumulate_hooks = None  # a leaf's hooks called after its .grad accumulated
    _history = 0  # bumped on a base each time a write through a view gives it a new history
    __array_priority__ = 1000  # make `ndarray + Tensor` defer to Tensor.__radd__

    # -- construction -------------------------------------------------------------------
    def __init__(self, *args, device=None, dtype=None):
        """Legacy constructor: ``Tensor(2, 3)`` (sizes, uninitialized), ``Tensor([1, 2])``
        or ``Tensor(ndarray)`` (data); always float32 unless called as a typed subclass."""
        check_device(device)
        dt = _dtype.to_dtype(dtype) if dtype is not None else _dtype.float32
        if len(args) == 0:
            arr = np.empty((0,), dtype=dt.np)
        elif all(isinstance(a, (builtins.int, np.integer)) and not isinstance(a, (builtins.bool, np.bool_))
                 for a in args):
            arr = np.empty(tuple(builtins.int(a) for a in args), dtype=dt.np)
        elif len(args) == 1 and isinstance(args[0], Size):
            arr = np.empty(tuple(args[0]), dtype=dt.np)
        elif len(args) == 1:
            arr = np.array(_to_array_data(args[0]), dtype=dt.np)
        else:
            raise TypeError(f"new(): invalid data type '{type(args[0]).__name__}'")
        self._data = arr
        self._vc = [0]

    @staticmethod
    def _wrap(arr):
        """A new tensor around an ndarray (no copy); the one internal constructor."""
        t = _new(Tensor)
        t._data = arr
        t._vc = [0]
        return t

    def _make_view(self, arr):
        """A new tensor over ``arr``, an array in self's memory: a view of self."""
        t = _new(Tensor)
        t._data = arr
        return t._mark_view_of(self)

    def _mark_view_of(self, base):
        """Make this tensor a view of ``base``: it shares base's version counter (so in-place writes
        through either are seen by backward's checks) and records the root base, as torch's ``_base``."""
        self._vc = base._vc
        root = self._base = base if base._base is None else base._base
        if root._history:
            self._history = root._history
        return self

    # -- basic properties -----------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    @property
    def dtype(self):
        return _dtype.from_numpy_dtype(self._data.dtype)

    @property
    def device(self):
        return CPU

    @property
    def is_cuda(self):
        return False

    @property
    def ndim(self):
        return self._data.ndim

    def dim(self):
        return self._data.ndim

    ndimension = dim

    def numel(self):
        return self._data.size

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    def stride(self, dim=None):
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[_wrap_dim(dim, self._data.ndim)]

    def is_contiguous(self, memory_format=None):
        return self._data.flags.c_contiguous

    def is_floating_point(self):
        return self._data.dtype.kind == "f"

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __hash__(self):
        return id(self)

    # -- autograd state ---------------------------------------------------------------------
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        value = builtins.bool(value)
        if self.grad_fn is not None:
            if not value:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a "
                    "computed variable in a subgraph that doesn't require differentiation use "
                    "var_no_grad = var.detach().")
            return
        if value and self._data.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point dtype can require gradients")
        self._requires_grad = value

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def _version(self):
        return self._vc[0]

    def retain_grad(self):
        """Keep ``.grad`` for this non-leaf tensor after backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad:
            return
        node = self.grad_fn
        if node._retained is None:
            node._retained = {}
        node._retained[self._output_nr] = self
        self._retains_grad = True

    @property
    def retains_grad(self):
        return self._retains_grad

    def register_hook(self, hook):
        """Call ``hook(grad)`` with this tensor's gradient whenever backward computes it; a tensor it
        returns replaces the gradient (for what flows on, and for ``.grad``). Hooks run in the order
        they were registered; a leaf's run before its ``.grad`` accumulates, and a non-leaf's before
        ``retain_grad`` keeps it. Returns a handle whose ``remove()`` unregisters the hook."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        from .utils.hooks import RemovableHandle  # (minitorch.utils imports the data tools, which need Tensor)
        if self.grad_fn is None:
            if self._hooks is None:
                self._hooks = {}
            hooks = self._hooks
        else:
            node = self.grad_fn
            if node._tensor_hooks is None:
                node._tensor_hooks = {}
            hooks = node._tensor_hooks.setdefault(self._output_nr, {})
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def register_post_accumulate_grad_hook(self, hook):
        """Call ``hook(self)`` each time backward has accumulated into this leaf's ``.grad``
        (``autograd.grad``, which touches no ``.grad``, does not call it). Returns a removable handle."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        from .utils.hooks import RemovableHandle
        if self._post_accumulate_hooks is None:
            self._post_accumulate_hooks = {}
        handle = RemovableHandle(self._post_accumulate_hooks)
        self._post_accumulate_hooks[handle.id] = hook
        return handle

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) * gradient into every leaf's ``.grad``."""
        _autograd.backward(self, gradient, retain_graph=retain_graph, create_graph=create_graph, inputs=inputs)

    def detach(self):
        """The same data, cut from the graph (shares memory and the version counter)."""
        t = _new(Tensor)
        t._data = self._data
        t._vc = self._vc
        return t

    def detach_(self):
        if self._base is not None and self._base._requires_grad:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self):
        """A tensor over the same memory that autograd does not see."""
        return self.detach()

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"data must be a Tensor, got {type(value).__name__}")
        self._data = value._data

    # -- conversion -----------------------------------------------------------------------
    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item()

    def tolist(self):
        return self._data.tolist()

    def numpy(self, *, force=False):
        if self._requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                               "instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError(f"Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self._data.reshape(()).item())

    def __float__(self):
        return builtins.float(self.item())

    def __int__(self):
        return builtins.int(self.item())

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return builtins.int(self._data.reshape(()).item())

    def __format__(self, spec):
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __repr__(self):
        from ._tensor_str import tensor_repr
        return tensor_repr(self)

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        return (_rebuild_tensor, (self._data, self._requires_grad))

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.")
        t = type(self).__new__(type(self)) if type(self) is not Tensor else _new(Tensor)
        t._data = self._data.copy()
        t._vc = [0]
        t._requires_grad = self._requires_grad
        if self.grad is not None:
            t.grad = Tensor._wrap(self.grad._data.copy())
        memo[id(self)] = t
        return t

    def to(self, *args, **kwargs):
        """``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)``; copy=False returns self
        when nothing changes."""
        dtype = kwargs.pop("dtype", None)
        dev = kwargs.pop("device", None)
        copy = kwargs.pop("copy", False)
        kwargs.pop("non_blocking", None)
        for a in args:
            if isinstance(a, _dtype.dtype):
                dtype = a
            elif isinstance(a, Tensor):
                dtype = a.dtype
            elif isinstance(a, (str, device)):
                dev = a
            elif a is not None:
                raise TypeError(f"to() received an invalid combination of arguments: {a!r}")
        check_device(dev)
        if dtype is None or _dtype.to_dtype(dtype).np == self._data.dtype:
            return self.clone() if copy else self
        return _ew.to_dtype(self, _dtype.to_dtype(dtype))

    def type(self, dtype=None):
        if dtype is None:
            return "minitorch." + _describe_type(self._data.dtype)
        return self.to(dtype)

    def type_as(self, other):
        """This tensor in ``other``'s dtype (itself when they already match)."""
        return self.to(other.dtype)

    def data_ptr(self):
        """The address of the first element (views of one tensor differ by their offsets)."""
        return self._data.__array_interface__["data"][0]

    def storage_offset(self):
        """How many elements into its memory block this tensor starts (non-zero for views that
        begin inside their base, such as ``x[1:]``)."""
        root = self._data
        while isinstance(root.base, np.ndarray):
            root = root.base
        return (self.data_ptr() - root.__array_interface__["data"][0]) // self._data.itemsize

    def apply_(self, callable):
        """Replace every element ``v`` by ``callable(v)`` (a Python function, element by element; the
        results are cast to this tensor's dtype)."""
        return self._map_in_place("apply_", lambda: np.vectorize(callable, otypes=[object])(self._data))

    def map_(self, tensor, callable):
        """Replace every element ``a`` by ``callable(a, b)``, ``b`` the matching element of ``tensor``
        (broadcast to this tensor's shape)."""
        other = np.broadcast_to(tensor._data, self._data.shape)
        return self._map_in_place("map_", lambda: np.vectorize(callable, otypes=[object])(self._data, other))

    def _map_in_place(self, name, compute):
        if self._requires_grad:
            raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use var.detach().{name}() "
                               "instead.")
        self._data[...] = compute().astype(self._data.dtype)
        self._vc[0] += 1
        return self

    def cpu(self):
        return self

    def cuda(self, device=None, non_blocking=False):
        raise AssertionError("Torch not compiled with CUDA enabled")

    def float(self):
        return self.to(_dtype.float32)

    def double(self):
        return self.to(_dtype.float64)

    def half(self):
        return self.to(_dtype.float16)

    def long(self):
        return self.to(_dtype.int64)

    def int(self):
        return self.to(_dtype.int32)

    def short(self):
        return self.to(_dtype.int16)

    def bool(self):
        return self.to(_dtype.bool)

    def byte(self):
        return self.to(_dtype.uint8)

    def clone(self, *, memory_format=None):
        return _ew.clone(self)

    def contiguous(self, memory_format=None):
        return self if self._data.flags.c_contiguous else _ew.clone(self)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        from ._creation import tensor
        return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        from ._creation import zeros
        return zeros(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        from ._creation import ones
        return ones(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        from ._creation import full
        return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        from ._creation import empty
        return empty(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    # -- arithmetic operators ------------------------------------------------------------------
    # __add__/__radd__, __sub__, __mul__/__rmul__ and __truediv__ are the op functions themselves,
    # bound at the bottom of this file.
    def __rsub__(self, other):
        return _ew.rsub(self, other)

    def __rtruediv__(self, other):
        return _ew.rdiv(self, other)

    def __floordiv__(self, other):
        return _ew.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return _ew.floor_divide(_ew.as_tensor_like(other, self), self)

    def __mod__(self, other):
        return _ew.remainder(self, other)

    def __rmod__(self, other):
        return _ew.remainder(_ew.as_tensor_like(other, self), self)

    def __pow__(self, exponent):
        return _ew.pow(self, exponent)

    def __rpow__(self, base):
        return _ew.rpow(self, base)

    def __matmul__(self, other):
        return _la.matmul(self, other)

    def __rmatmul__(self, other):
        return _la.matmul(_ew.as_tensor_like(other, self), self)

    def __neg__(self):
        return _ew.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _ew.abs(self)

    def __invert__(self):
        return _ew.bitwise_not(self)

    def __and__(self, other):
        return _ew.bitwise_and(self, other)

    __rand__ = __and__

    def __or__(self, other):
        return _ew.bitwise_or(self, other)

    __ror__ = __or__

    def __xor__(self, other):
        return _ew.bitwise_xor(self, other)

    __rxor__ = __xor__

    def __eq__(self, other):
        return _ew.eq(self, other)

    def __ne__(self, other):
        return _ew.ne(self, other)

    def __lt__(self, other):
        return _ew.lt(self, other)

    def __le__(self, other):
        return _ew.le(self, other)

    def __gt__(self, other):
        return _ew.gt(self, other)

    def __ge__(self, other):
        return _ew.ge(self, other)

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def __getitem__(self, key):
        return _idx.getitem(self, key)

    def __setitem__(self, key, value):
        _idx.setitem(self, key, value)

    # -- elementwise methods --------------------------------------------------------------------
    def add(self, other, *, alpha=1):
        return _ew.add(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        return _ew.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other):
        return _ew.mul(self, other)

    multiply = mul

    def div(self, other, *, rounding_mode=None):
        return _ew.div(self, other, rounding_mode=rounding_mode)

    divide = true_divide = div

    def floor_divide(self, other):
        return _ew.floor_divide(self, other)

    def remainder(self, other):
        return _ew.remainder(self, other)

    def fmod(self, other):
        return _ew.fmod(self, other)

    def pow(self, exponent):
        return _ew.pow(self, exponent)

    def neg(self):
        return _ew.neg(self)

    negative = neg

    def abs(self):
        return _ew.abs(self)

    absolute = abs

    def sign(self):
        return _ew.sign(self)

    def exp(self):
        return _ew.exp(self)

    def expm1(self):
        return _ew.expm1(self)

    def log(self):
        return _ew.log(self)

    def log1p(self):
        return _ew.log1p(self)

    def log2(self):
        return _ew.log2(self)

    def log10(self):
        return _ew.log10(self)

    def sqrt(self):
        return _ew.sqrt(self)

    def rsqrt(self):
        return _ew.rsqrt(self)

    def square(self):
        return _ew.square(self)

    def reciprocal(self):
        return _ew.reciprocal(self)

    def sin(self):
        return _ew.sin(self)

    def cos(self):
        return _ew.cos(self)

    def tan(self):
        return _ew.tan(self)

    def tanh(self):
        return _ew.tanh(self)

    def sigmoid(self):
        return _ew.sigmoid(self)

    def relu(self):
        return _ew.relu(self)

    def floor(self):
        return _ew.floor(self)

    def ceil(self):
        return _ew.ceil(self)

    def round(self, decimals=0):
        return _ew.round(self, decimals=decimals)

    def trunc(self):
        return _ew.trunc(self)

    def clamp(self, min=None, max=None):
        return _ew.clamp(self, min, max)

    clip = clamp

    def maximum(self, other):
        return _ew.maximum(self, other)

    def minimum(self, other):
        return _ew.minimum(self, other)

    def where(self, condition, other):
        return _ew.where(condition, self, other)

    def masked_fill(self, mask, value):
        return _ew.masked_fill(self, mask, value)

    def lerp(self, end, weight):
        return _ew.lerp(self, end, weight)

    def eq(self, other):
        return _ew.eq(self, other)

    def ne(self, other):
        return _ew.ne(self, other)

    def lt(self, other):
        return _ew.lt(self, other)

    def le(self, other):
        return _ew.le(self, other)

    def gt(self, other):
        return _ew.gt(self, other)

    def ge(self, other):
        return _ew.ge(self, other)

    def equal(self, other):
        return self._data.shape == other._data.shape and builtins.bool(np.array_equal(self._data, other._data))

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return builtins.bool(np.allclose(self._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return Tensor._wrap(np.isclose(self._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))

    def isnan(self):
        return Tensor._wrap(np.isnan(self._data))

    def isinf(self):
        return Tensor._wrap(np.isinf(self._data))

    def isfinite(self):
        return Tensor._wrap(np.isfinite(self._data))

    def logical_not(self):
        return _ew.logical_not(self)

    def logical_and(self, other):
        return _ew.logical_and(self, other)

    def logical_or(self, other):
        return _ew.logical_or(self, other)

    def logical_xor(self, other):
        return _ew.logical_xor(self, other)

    # -- in-place methods: each is its out-of-place op written back into this tensor --------------
    def add_(self, other, *, alpha=1):
        return _inplace.inplace(self, _ew.add, other, alpha=alpha)

    def sub_(self, other, *, alpha=1):
        return _inplace.inplace(self, _ew.sub, other, alpha=alpha)

    def mul_(self, other):
        return _inplace.inplace(self, _ew.mul, other)

    def div_(self, other, *, rounding_mode=None):
        return _inplace.inplace(self, _ew.div, other, rounding_mode=rounding_mode)

    def pow_(self, exponent):
        return _inplace.inplace(self, _ew.pow, exponent)

    def neg_(self):
        return _inplace.inplace(self, _ew.neg)

    def abs_(self):
        return _inplace.inplace(self, _ew.abs)

    def exp_(self):
        return _inplace.inplace(self, _ew.exp)

    def log_(self):
        return _inplace.inplace(self, _ew.log)

    def sqrt_(self):
        return _inplace.inplace(self, _ew.sqrt)

    def sigmoid_(self):
        return _inplace.inplace(self, _ew.sigmoid)

    def tanh_(self):
        return _inplace.inplace(self, _ew.tanh)

    def relu_(self):
        return _inplace.inplace(self, _ew.relu)

    def clamp_(self, min=None, max=None):
        return _inplace.inplace(self, _ew.clamp, min, max)

    clip_ = clamp_

    def masked_fill_(self, mask, value):
        return _inplace.inplace(self, _ew.masked_fill, mask, value)

    def lerp_(self, end, weight):
        return _inplace.inplace(self, _ew.lerp, end, weight)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        return _inplace.inplace(self, _ew.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        return _inplace.inplace(self, _ew.addcdiv, tensor1, tensor2, value=value)

    def copy_(self, src, non_blocking=False):
        return _inplace.inplace(self, _ew.copy_from, src)

    def zero_(self):
        return _inplace.zero_(self)

    def fill_(self, value):
        return _inplace.fill_(self, value)

    def uniform_(self, a=0.0, b=1.0, *, generator=None):
        from . import _random
        return _inplace.fill_(self, _random.uniform_like(self, a, b, generator))

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        from . import _random
        return _inplace.fill_(self, _random.normal_like(self, mean, std, generator))

    def bernoulli_(self, p=0.5, *, generator=None):
        from . import _random
        return _inplace.fill_(self, _random.bernoulli_like(self, p, generator))

    def random_(self, low=0, high=None, *, generator=None):
        from . import _random
        return _inplace.fill_(self, _random.integers_like(self, low, high, generator))

    # -- reductions, scans and sorts -----------------------------------------------------------
    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return _red.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return _red.mean(self, dim, keepdim, dtype=dtype)

    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return _red.prod(self, dim, keepdim, dtype=dtype)

    def max(self, dim=None, keepdim=False):
        return _red.max(self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return _red.min(self, dim, keepdim)

    def amax(self, dim=(), keepdim=False):
        return _red.amax(self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        return _red.amin(self, dim, keepdim)

    def argmax(self, dim=None, keepdim=False):
        return _red.argmax(self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return _red.argmin(self, dim, keepdim)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _red.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _red.std(self, dim, unbiased, keepdim, correction=correction)

    def logsumexp(self, dim, keepdim=False):
        return _red.logsumexp(self, dim, keepdim)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return _red.norm(self, p, dim, keepdim, dtype=dtype)

    def cumsum(self, dim, *, dtype=None):
        return _red.cumsum(self, dim, dtype=dtype)

    def cumprod(self, dim, *, dtype=None):
        return _red.cumprod(self, dim, dtype=dtype)

    def softmax(self, dim, dtype=None):
        return _red.softmax(self, dim, dtype=dtype)

    def log_softmax(self, dim, dtype=None):
        return _red.log_softmax(self, dim, dtype=dtype)

    def all(self, dim=None, keepdim=False):
        return _red.all(self, dim, keepdim)

    def any(self, dim=None, keepdim=False):
        return _red.any(self, dim, keepdim)

    def argsort(self, dim=-1, descending=False, stable=False):
        return _red.argsort(self, dim, descending, stable=stable)

    def topk(self, k, dim=-1, largest=True, sorted=True):
        return _red.topk(self, k, dim, largest, sorted)

    def median(self, dim=None, keepdim=False):
        return _red.median(self, dim, keepdim)

    def nanmedian(self, dim=None, keepdim=False):
        return _red.nanmedian(self, dim, keepdim)

    def kthvalue(self, k, dim=-1, keepdim=False):
        return _red.kthvalue(self, k, dim, keepdim)

    def mode(self, dim=-1, keepdim=False):
        return _red.mode(self, dim, keepdim)

    def aminmax(self, *, dim=None, keepdim=False):
        return _red.aminmax(self, dim=dim, keepdim=keepdim)

    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        return _red.nansum(self, dim, keepdim, dtype=dtype)

    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        return _red.nanmean(self, dim, keepdim, dtype=dtype)

    def count_nonzero(self, dim=None):
        return _red.count_nonzero(self, dim)

    # -- more elementwise math (ops.elementwise) ----------------------------------------------------------
    def sinh(self):
        return _ew.sinh(self)

    def cosh(self):
        return _ew.cosh(self)

    def asin(self):
        return _ew.asin(self)

    def acos(self):
        return _ew.acos(self)

    def atan(self):
        return _ew.atan(self)

    def asinh(self):
        return _ew.asinh(self)

    def acosh(self):
        return _ew.acosh(self)

    def atanh(self):
        return _ew.atanh(self)

    arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh

    def deg2rad(self):
        return _ew.deg2rad(self)

    def rad2deg(self):
        return _ew.rad2deg(self)

    def frac(self):
        return _ew.frac(self)

    def erf(self):
        return _ew.erf(self)

    def erfc(self):
        return _ew.erfc(self)

    def erfinv(self):
        return _ew.erfinv(self)

    def lgamma(self):
        return _ew.lgamma(self)

    def digamma(self):
        return _ew.digamma(self)

    def atan2(self, other):
        return _ew.atan2(self, other)

    arctan2 = atan2

    def hypot(self, other):
        return _ew.hypot(self, other)

    def xlogy(self, other):
        return _ew.xlogy(self, other)

    def fmax(self, other):
        return _ew.fmax(self, other)

    def fmin(self, other):
        return _ew.fmin(self, other)

    def logit(self, eps=None):
        return _ew.logit(self, eps)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        return _ew.nan_to_num(self, nan, posinf, neginf)

    def clamp_min(self, min):
        return _ew.clamp_min(self, min)

    def clamp_max(self, max):
        return _ew.clamp_max(self, max)

    def clamp_min_(self, min):
        return _inplace.inplace(self, _ew.clamp_min, min)

    def clamp_max_(self, max):
        return _inplace.inplace(self, _ew.clamp_max, max)

    def exp2(self):
        return _ew.exp2(self)

    def logaddexp(self, other):
        return _ew.logaddexp(self, other)

    def logaddexp2(self, other):
        return _ew.logaddexp2(self, other)

    def copysign(self, other):
        return _ew.copysign(self, other)

    def sgn(self):
        return _ew.sgn(self)

    def signbit(self):
        return _ew.signbit(self)

    def fliplr(self):
        return _shape.fliplr(self)

    def flipud(self):
        return _shape.flipud(self)

    def ravel(self):
        return _shape.ravel(self)

    # -- shape and view methods -------------------------------------------------------------------
    def view(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (_dtype.dtype, type)):
            raise NotImplementedError("view(dtype) is not supported by minitorch")
        return _shape.view(self, *shape)

    def view_as(self, other):
        return _shape.view(self, other.shape)

    def reshape(self, *shape):
        return _shape.reshape(self, *shape)

    def reshape_as(self, other):
        return _shape.reshape(self, other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        return _shape.flatten(self, start_dim, end_dim)

    def unflatten(self, dim, sizes):
        return _shape.unflatten(self, dim, sizes)

    def squeeze(self, dim=None):
        return _shape.squeeze(self, dim)

    def unsqueeze(self, dim):
        return _shape.unsqueeze(self, dim)

    def t(self):
        return _shape.t(self)

    @property
    def T(self):
        return _shape.permute(self, tuple(range(self._data.ndim - 1, -1, -1)))

    @property
    def mT(self):
        if self._data.ndim < 2:
            raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. Got "
                               f"{self._data.ndim}-D tensor.")
        return _shape.transpose(self, -2, -1)

    def transpose(self, dim0, dim1):
        return _shape.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def permute(self, *dims):
        return _shape.permute(self, *dims)

    def expand(self, *sizes):
        return _shape.expand(self, *sizes)

    def expand_as(self, other):
        return _shape.expand(self, other.shape)

    def repeat(self, *sizes):
        return _shape.repeat(self, *sizes)

    def split(self, split_size, dim=0):
        return _shape.split(self, split_size, dim)

    def chunk(self, chunks, dim=0):
        return _shape.chunk(self, chunks, dim)

    def unbind(self, dim=0):
        return _shape.unbind(self, dim)

    def flip(self, *dims):
        return _shape.flip(self, *dims)

    def tile(self, *dims):
        return _shape.tile(self, dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims)

    def movedim(self, source, destination):
        return _shape.movedim(self, source, destination)

    moveaxis = movedim

    def roll(self, shifts, dims=None):
        return _shape.roll(self, shifts, dims)

    def broadcast_to(self, size):
        return _shape.broadcast_to(self, size)

    def narrow(self, dim, start, length):
        return _shape.narrow(self, dim, start, length)

    def select(self, dim, index):
        return _shape.select(self, dim, index)

    def tril(self, diagonal=0):
        return _shape.tril(self, diagonal)

    def triu(self, diagonal=0):
        return _shape.triu(self, diagonal)

    def diag(self, diagonal=0):
        return _shape.diag(self, diagonal)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return _shape.diagonal(self, offset, dim1, dim2)

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        return _shape.diag_embed(self, offset, dim1, dim2)

    def trace(self):
        return _shape.trace(self)

    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        return _shape.repeat_interleave(self, repeats, dim, output_size=output_size)

    def rot90(self, k=1, dims=(0, 1)):
        return _shape.rot90(self, k, dims)

    def diff(self, n=1, dim=-1, prepend=None, append=None):
        return _shape.diff(self, n, dim, prepend, append)

    def unfold(self, dimension, size, step):
        return _shape.unfold(self, dimension, size, step)

    def tensor_split(self, indices_or_sections=None, dim=0, **kw):
        return _shape.tensor_split(self, indices_or_sections, dim, **kw)

    # -- indexing methods ---------------------------------------------------------------------
    def gather(self, dim, index):
        return _idx.gather(self, dim, index)

    def scatter(self, dim, index, src=None, *, value=None, reduce=None):
        return _idx.scatter(self, dim, index, src, value=value, reduce=reduce)

    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        return _inplace.inplace(self, _idx.scatter, dim, index, src, value=value, reduce=reduce)

    def scatter_add(self, dim, index, src):
        return _idx.scatter_add(self, dim, index, src)

    def scatter_add_(self, dim, index, src):
        return _inplace.inplace(self, _idx.scatter_add, dim, index, src)

    def index_select(self, dim, index):
        return _idx.index_select(self, dim, index)

    def masked_select(self, mask):
        return _idx.masked_select(self, mask)

    def nonzero(self, *, as_tuple=False):
        return _idx.nonzero(self, as_tuple=as_tuple)

    def take_along_dim(self, indices, dim=None):
        return _idx.take_along_dim(self, indices, dim)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        return _idx.unique(self, sorted, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
        return _idx.unique_consecutive(self, return_inverse, return_counts, dim)

    def bincount(self, weights=None, minlength=0):
        return _idx.bincount(self, weights, minlength)

    def histc(self, bins=100, min=0, max=0):
        return _idx.histc(self, bins, min, max)

    def index_add(self, dim, index, source, *, alpha=1):
        return _idx.index_add(self, dim, index, source, alpha=alpha)

    def index_add_(self, dim, index, source, *, alpha=1):
        return _inplace.inplace(self, _idx.index_add, dim, index, source, alpha=alpha)

    def index_fill(self, dim, index, value):
        return _idx.index_fill(self, dim, index, value)

    def index_fill_(self, dim, index, value):
        return _inplace.inplace(self, _idx.index_fill, dim, index, value)

    def index_copy(self, dim, index, source):
        return _idx.index_copy(self, dim, index, source)

    def index_copy_(self, dim, index, source):
        return _inplace.inplace(self, _idx.index_copy, dim, index, source)

    # -- linear algebra ------------------------------------------------------------------------
    def matmul(self, other):
        return _la.matmul(self, other)

    def mm(self, mat2):
        return _la.mm(self, mat2)

    def bmm(self, mat2):
        return _la.bmm(self, mat2)

    def mv(self, vec):
        return _la.mv(self, vec)

    def dot(self, other):
        return _la.dot(self, other)

    def outer(self, vec2):
        return _la.outer(self, vec2)

    ger = outer

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return _la.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat, vec, *, beta=1, alpha=1):
        return _la.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _la.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _la.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def cross(self, other, dim=None):
        return _la.cross(self, other, dim)

    def kron(self, other):
        return _la.kron(self, other)

    def dist(self, other, p=2):
        return _la.dist(self, other, p)

    def det(self):
        return _la.det(self)

    def logdet(self):
        return _la.logdet(self)

    def slogdet(self):
        return _la.slogdet(self)

    def inverse(self):
        return _la.inverse(self)

    def pinverse(self, rcond=1e-15):
        return _la.pinverse(self, rcond)

    def cholesky(self, upper=False):
        return _la.cholesky(self, upper)

    def matrix_power(self, n):
        from . import linalg
        return linalg.matrix_power(self, n)


def _rebuild_tensor(data, requires_grad):
    t = Tensor._wrap(np.array(data))
    t._requires_grad = requires_grad
    return t


def _wrap_dim(dim, ndim):
    """Normalize a possibly negative dim; IndexError as torch words it when out of range."""
    dim = operator.index(dim)
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    if not lo <= dim <= hi:
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return dim % ndim if ndim else 0


def _describe_type(np_dtype):
    return {"float32": "FloatTensor", "float64": "DoubleTensor", "int64": "LongTensor", "int32": "IntTensor",
            "int16": "ShortTensor", "int8": "CharTensor", "uint8": "ByteTensor", "bool": "BoolTensor",
            "float16": "HalfTensor"}[np_dtype.name]


def _to_array_data(data):
    """Turn nested lists/tuples that may hold Tensors (as torch.tensor accepts) into array data."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)) and any(isinstance(x, (Tensor, list, tuple)) for x in data):
        return [_to_array_data(x) for x in data]
    return data


# The ops import Tensor from this module, so they are imported after it is defined.
from . import autograd as _autograd  # noqa: E402
from .ops import elementwise as _ew  # noqa: E402
from .ops import indexing as _idx  # noqa: E402
from .ops import inplace as _inplace  # noqa: E402
from .ops import linalg as _la  # noqa: E402
from .ops import reduction as _red  # noqa: E402
from .ops import shape as _shape  # noqa: E402

Tensor.sort = _red.sort  # (its ``stable`` default is a marker defined there: see STABLE_NOT_GIVEN)

# The arithmetic operators are the op functions themselves: one Python call less per operator,
# which matters for the many tiny ops of a Python training loop.
Tensor.__add__ = Tensor.__radd__ = _ew.add
Tensor.__sub__ = _ew.sub
Tensor.__mul__ = Tensor.__rmul__ = _ew.mul
Tensor.__truediv__ = _ew.div
