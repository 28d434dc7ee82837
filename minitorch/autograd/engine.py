"""The backward engine: walk the graph from the outputs to the leaves, iteratively.

1. Count, for every node reachable from the roots, how many edges lead into it
   (an explicit stack, never recursion: an RNN unrolled over thousands of steps is a deep graph).
2. Process nodes whose every consumer has already contributed (Kahn's algorithm), so a
   node's gradient is fully accumulated before it propagates, and a reused node (``a + a``)
   runs once with the summed gradient.
3. Every gradient an op's backward returns is reduced to its input's shape here, in one
   place (``sum_to_shape``): ops never undo broadcasting themselves.
"""
import numpy as np

from .._tensor import Tensor


def sum_to_shape(grad, shape):
    """Sum a broadcast gradient back to ``shape``: leading axes first, then the size-1 axes."""
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and grad.shape[lead + i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


def _as_root_grad(tensor, grad):
    if grad is None:
        if tensor._data.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        if tensor._data.dtype.kind != "f":
            raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got "
                               f"{tensor.dtype}")
        return np.ones(tensor._data.shape, tensor._data.dtype)
    g = grad._data if isinstance(grad, Tensor) else np.asarray(grad, dtype=tensor._data.dtype)
    if g.shape != tensor._data.shape:
        raise RuntimeError(f"Mismatch in shape: grad_output[0] has a shape of {tuple(g.shape)} and "
                           f"output[0] has a shape of {tuple(tensor._data.shape)}.")
    return g


def _accumulate_into_leaf(leaf, g):
    if leaf.grad is None:
        leaf.grad = Tensor._wrap(np.array(g, dtype=leaf._data.dtype, copy=True))
    else:
        old = leaf.grad._data
        if old.flags.writeable and old.shape == g.shape:
            np.add(old, g, out=old, casting="unsafe")
            leaf.grad._vc[0] += 1
        else:
            leaf.grad = Tensor._wrap((old + g).astype(leaf._data.dtype, copy=False))


def run_backward(roots, root_grads, retain_graph=False, inputs=None):
    """Propagate ``root_grads`` from ``roots`` through the graph.

    With ``inputs=None`` gradients accumulate into leaves' ``.grad`` (``Tensor.backward``).
    With a list of tensors, their gradients are returned instead (``autograd.grad``).
    """
    capture = None
    if inputs is not None:
        # autograd.grad: capture gradients flowing into these tensors, touch no .grad
        capture = {}
        for t in inputs:
            key = (id(t.grad_fn), t._output_nr) if t.grad_fn is not None else id(t)
            capture[key] = None

    # (1) dependency counts over reachable nodes
    buffers = {}   # node -> list of per-output gradient arrays
    deps = {}
    stack = []
    for t, g in zip(roots, root_grads):
        if t.grad_fn is None:
            if not t._requires_grad:
                raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
            _deliver_leaf(t, g, capture)
            continue
        node = t.grad_fn
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * (len(node._out_meta) if node._out_meta else 1)
            stack.append(node)
            deps[node] = 0
        i = t._output_nr
        buf[i] = g if buf[i] is None else buf[i] + g
    ready = list(stack)
    seen = set(stack)
    while stack:
        node = stack.pop()
        for edge in node._next:
            if edge is not None and not isinstance(edge[0], Tensor):
                child = edge[0]
                deps[child] = deps.get(child, 0) + 1
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
    ready = [n for n in ready if deps[n] == 0]

    # (2) propagate in dependency order
    while ready:
        node = ready.pop()
        grads = buffers.pop(node)
        if node._tensor_hooks:
            for i, hooks in node._tensor_hooks.items():
                if grads[i] is not None:
                    grads[i] = _run_hooks(hooks, grads[i])
        if node._retained:
            for i, t in node._retained.items():
                if grads[i] is not None:
                    _accumulate_into_leaf(t, grads[i])
        if capture is not None:
            for i, g in enumerate(grads):
                key = (id(node), i)
                if key in capture and g is not None:
                    capture[key] = g if capture[key] is None else capture[key] + g
        input_grads = node._run_backward(grads)
        if not retain_graph:
            node._release()
        for edge, g in zip(node._next, input_grads):
            if edge is None:
                continue
            target, nr, shape, dtype = edge
            if g is not None:
                g = np.asarray(g)
                if g.shape != shape:
                    g = sum_to_shape(g, shape)
                if g.dtype != dtype:
                    g = g.astype(dtype)
            if isinstance(target, Tensor):
                if g is not None:
                    _deliver_leaf(target, g, capture)
                continue
            if g is not None:
                buf = buffers.get(target)
                if buf is None:
                    buf = buffers[target] = [None] * (len(target._out_meta) if target._out_meta else 1)
                buf[nr] = g if buf[nr] is None else buf[nr] + g
            deps[target] -= 1
            if deps[target] == 0:
                if target in buffers:
                    ready.append(target)
                else:  # no gradient reached it: nothing flows further down this branch
                    _skip(target, deps, buffers, ready, retain_graph)

    if capture is not None:
        return [capture[(id(t.grad_fn), t._output_nr) if t.grad_fn is not None else id(t)] for t in inputs]
    return None


def _skip(node, deps, buffers, ready, retain_graph):
    """A node that received no gradient still releases its children's dependency counts."""
    stack = [node]
    while stack:
        n = stack.pop()
        if not retain_graph:
            n._release()
        for edge in n._next:
            if edge is not None and not isinstance(edge[0], Tensor):
                child = edge[0]
                deps[child] -= 1
                if deps[child] == 0:
                    (ready.append(child) if child in buffers else stack.append(child))


def _run_hooks(hooks, g):
    """A tensor's gradient hooks, in registration order, each given the previous one's result."""
    for hook in list(hooks.values()):
        result = hook(Tensor._wrap(g))
        if result is not None:
            new = result._data if isinstance(result, Tensor) else np.asarray(result)
            if new.shape != g.shape:
                raise RuntimeError(f"hook '{getattr(hook, '__name__', type(hook).__name__)}' has changed the size "
                                   "of value")
            g = new
    return g


def _deliver_leaf(leaf, g, capture):
    if leaf._hooks:
        g = _run_hooks(leaf._hooks, g)
    if capture is not None:
        key = id(leaf)
        if key in capture:
            capture[key] = g if capture[key] is None else capture[key] + g
        return
    _accumulate_into_leaf(leaf, g)
    if leaf._post_accumulate_hooks:
        for hook in list(leaf._post_accumulate_hooks.values()):
            hook(leaf)
