"""Function: one differentiable operation, forward and backward side by side.

Calling ``SomeFunction.apply(*args)`` runs ``forward`` and, when grad mode is on and an
input requires grad, records a graph node. The node *is* the ``ctx`` that forward and
backward receive, and it is what ``tensor.grad_fn`` returns: an instance of a class named
like torch's (``AddBackward0``, ``MyReLUBackward``), made once per Function subclass.

Two flavours share this one ``apply``:

* ``Function`` (public, as ``torch.autograd.Function``): forward and backward take and
  return Tensors, so user code like ``input.clamp(min=0)`` works unchanged.
* ``ArrayFunction`` (every built-in op): forward and backward take and return raw NumPy
  arrays, which keeps the per-op overhead small and the math plain.

Backward returns one gradient per forward argument (None where there is none). It may
return a gradient of a broadcast shape: the engine reduces it to the input's shape.
"""
import numpy as np

from .._tensor import Tensor
from . import grad_mode

_new = object.__new__

_FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)


class Function:
    """Base of a differentiable operation; subclass it and define static forward and backward."""

    __slots__ = ("needs_input_grad", "_next", "__dict__", "__weakref__")
    # Defaults most nodes keep (class attributes, so making a node sets only what it must).
    _saved = ()              # what save_for_backward stored
    _saved_versions = None   # per saved item: (version counter, version at save, description) or None
    _freed = False           # saved buffers released by a backward without retain_graph
    _non_diff = ()           # outputs marked non-differentiable
    _out_meta = None         # (shape, dtype) per output, for multi-output nodes
    _retained = None         # output index -> non-leaf tensor whose .grad is kept (retain_grad)
    _tensor_hooks = None     # output index -> {handle id: hook} (Tensor.register_hook on an output)
    _materialize = True      # give backward zeros for outputs that received no gradient
    _tensor_io = True  # forward/backward take Tensors (torch.autograd.Function semantics)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("_is_node_class"):
            return
        name = cls.__dict__.get("backward_name") or cls.__name__ + "Backward"
        cls._Node = type(name, (cls,), {"_is_node_class": True, "__slots__": (),
                                        "__module__": cls.__module__, "__qualname__": name})

    # -- ctx API, as in torch ------------------------------------------------------------
    def save_for_backward(self, *items):
        self._saved = items

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(_FREED_MESSAGE)
        if self._saved_versions is not None:
            for check in self._saved_versions:
                if check is not None and check[0][0] != check[1]:
                    counter, version, shape, dtype = check
                    raise RuntimeError(
                        "one of the variables needed for gradient computation has been modified by an "
                        f"inplace operation: [{_describe(shape, dtype)}], is at version {counter[0]}; expected "
                        f"version {version} instead. Hint: the operation that failed was {type(self).__name__}.")
        return self._saved

    def mark_non_differentiable(self, *outputs):
        self._non_diff = outputs

    def set_materialize_grads(self, value):
        self._materialize = bool(value)

    def mark_dirty(self, *tensors):
        """Accepted for compatibility; minitorch's in-place ops track versions themselves."""

    # -- graph introspection -------------------------------------------------------------
    def name(self):
        return type(self).__name__

    @property
    def next_functions(self):
        out = []
        for edge in self._next:
            if edge is None:
                out.append((None, 0))
            elif isinstance(edge[0], Tensor):
                out.append((AccumulateGrad(edge[0]), 0))
            else:
                out.append(edge[:2])
        return tuple(out)

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def __call__(self, *grads):
        return self.backward(self, *grads)

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    # -- the one place that runs a forward and records the node ----------------------------
    @classmethod
    def apply(cls, *args):
        node = _new(cls._Node)
        # One pass over the arguments (a plain loop: cheaper than comprehensions for 1-3 of them):
        # the arrays forward gets, which inputs need a gradient, and one graph edge per input:
        # (node that made it, or the leaf itself; which output of that node; the input's shape
        # and dtype, to which the engine reduces and casts its gradient).
        inputs, needs, edges = [], [], []
        for a in args:
            if isinstance(a, Tensor):
                if a._base is not None and a._history != a._base._history:
                    _refresh_view(a)  # a write through another view changed its base's history
                d = a._data
                inputs.append(d)
                if a._requires_grad:
                    needs.append(True)
                    fn = a.grad_fn
                    edges.append((fn, a._output_nr, d.shape, d.dtype) if fn is not None else (a, 0, d.shape, d.dtype))
                    continue
            else:
                inputs.append(a)
            needs.append(False)
            edges.append(None)
        node.needs_input_grad = needs = tuple(needs)
        record = grad_mode._enabled and True in needs

        if cls._tensor_io:
            with grad_mode.no_grad():
                out = cls.forward(node, *[a.detach() if isinstance(a, Tensor) else a for a in args])
            out = tuple(o._data if isinstance(o, Tensor) else np.asarray(o) for o in out) \
                if isinstance(out, tuple) else (out._data if isinstance(out, Tensor) else np.asarray(out))
        else:
            out = cls.forward(node, *inputs)

        if type(out) is not tuple:  # the common case: one output
            if type(out) is not np.ndarray:
                out = np.asarray(out)
            t = _new(Tensor)
            t._data = out
            t._vc = [0]
            if record:
                node._next = edges
                if out.dtype.kind == "f" and not node._non_diff:
                    t._requires_grad = True
                    t.grad_fn = node
                if node._saved:
                    node._saved_versions = tuple(_version_check(s, args, (t,)) for s in node._saved)
            return t

        results = []
        for o in out:
            t = _new(Tensor)
            t._data = o if type(o) is np.ndarray else np.asarray(o)
            t._vc = [0]
            results.append(t)
        if record:
            node._next = edges
            node._out_meta = [(t._data.shape, t._data.dtype) for t in results]
            non_diff = node._non_diff
            for i, t in enumerate(results):
                if t._data.dtype.kind == "f" and not any(
                        t._data is n or (isinstance(n, Tensor) and n._data is t._data) for n in non_diff):
                    t._requires_grad = True
                    t.grad_fn = node
                    t._output_nr = i
            if node._saved:
                node._saved_versions = tuple(_version_check(s, args, results) for s in node._saved)
        return tuple(results)

    def _run_backward(self, grads):
        """Call backward on arrays; the engine's single entry into an op's backward."""
        if self._out_meta is not None:
            grads = [g if g is not None or not self._materialize else np.zeros(*meta)
                     for g, meta in zip(grads, self._out_meta)]
        if self._tensor_io:
            with grad_mode.no_grad():
                res = self.backward(self, *[Tensor._wrap(g) if g is not None else None for g in grads])
            res = res if isinstance(res, tuple) else (res,)
            res = tuple(r._data if isinstance(r, Tensor) else r for r in res)
        else:
            res = self.backward(self, *grads)
            res = res if isinstance(res, tuple) else (res,)
        if len(res) < len(self._next) or any(r is not None for r in res[len(self._next):]):
            raise RuntimeError(f"function {type(self).__name__} returned an incorrect number of gradients "
                               f"(expected {len(self._next)}, got {len(res)})")
        return res

    def _release(self):
        """Free saved buffers after backward (unless retain_graph)."""
        if self._saved:
            self._saved = ()
            self._freed = True


def _version_check(saved, args, results):
    """(version counter, version now, shape, dtype) for a saved input or output, else None."""
    if isinstance(saved, Tensor):
        return (saved._vc, saved._vc[0], saved._data.shape, saved._data.dtype)
    for t in args:
        if isinstance(t, Tensor) and t._data is saved:
            return (t._vc, t._vc[0], saved.shape, saved.dtype)
    for t in results:
        if t._data is saved:
            return (t._vc, t._vc[0], saved.shape, saved.dtype)
    return None


def _describe(shape, dtype):
    kind = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "bool": "Bool",
            "float16": "Half"}.get(dtype.name, dtype.name)
    return f"minitorch.{kind}Tensor [{', '.join(map(str, shape))}]"


class ArrayFunction(Function):
    """Base of the built-in ops: forward and backward work on NumPy arrays, not Tensors."""

    __slots__ = ()
    _tensor_io = False


class AccumulateGrad:
    """What ``next_functions`` shows for a leaf tensor: the step that adds into ``leaf.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        self.variable = variable

    def name(self):
        return "torch::autograd::AccumulateGrad"

    @property
    def next_functions(self):
        return ()

    def __repr__(self):
        return f"<AccumulateGrad object at {hex(id(self))}>"


class FunctionCtx(Function):
    """Type of ``ctx`` objects, for annotations (``minitorch.autograd.function.FunctionCtx``)."""


def _refresh_view(view):
    from ..ops.inplace import refresh_view
    refresh_view(view)
