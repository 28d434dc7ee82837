"""ModuleCase: parity for an ``nn.Module``, with torch's weights copied into ours.

A case says how to build the module, once, for both libraries, and what to feed it::

    ModuleCase("Linear/2d", lambda t: t.nn.Linear(3, 4), [(5, 3)])
    ModuleCase("Embedding", lambda t: t.nn.Embedding(10, 3), [Arg((4, 7), kind="int64", make=indices(10))])
    ModuleCase("BatchNorm1d/eval", lambda t: t.nn.BatchNorm1d(4), [(8, 4)], train=False)
    ModuleCase("LSTM", lambda t: t.nn.LSTM(3, 5, num_layers=2), [(6, 2, 3), (2, 2, 5), (2, 2, 5)],
               call=lambda t, m, x, h, c: m(x, (h, c)))

``build(lib)`` gets the library itself (``minitorch`` or ``torch``), like ``OpCase.fn``, so it can
reach ``lib.nn`` and make tensors with ``lib``. Whatever the build does randomly does not matter:
torch's module's state is what both sides run with.

``compare`` (called by the parity runner for each float dtype):

1. builds torch's module (seeded from the case's generator), moves it to the run's float dtype and
   device, and switches it to train or eval mode; builds ours the same way;
2. checks that both have the same parameter names and state_dict keys, then loads torch's
   ``state_dict`` into ours *as NumPy arrays* through ``load_state_dict(strict=True)``;
3. draws the inputs (one ``Arg`` or shape per positional input, the same values on both sides;
   int inputs such as class indices or embedding ids work) and runs ``call(lib, module, *inputs)``
   (default: ``module(*inputs)``); outputs may be a tensor or nested tuples of them (an RNN's
   ``(output, (h_n, c_n))``);
4. compares the outputs leaf by leaf (shape, dtype, values, requires_grad, and with
   ``check_name`` the grad_fn names), then the buffers after the forward (BatchNorm's running
   statistics, exactly for int buffers);
5. back-propagates a random upstream gradient with ``autograd.backward`` (so gradients land in
   ``.grad`` as in training) and compares every differentiable input's gradient and every
   parameter's gradient, by name.

Worst errors go to ``errors["forward"]`` (outputs and buffers) and ``errors["backward"]`` (input
and parameter gradients); the first difference raises ``parity.runner.Mismatch`` naming what
differs (``grad of weight_ih_l0``, ``buffer running_mean`` ...).
"""
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence, Tuple, Union

import numpy as np
import torch

import minitorch

from . import runner
from .case import Arg


@dataclass(frozen=True)
class ModuleCase:
    """A module row of the parity table.

    name:   "Module/variant", unique.
    build:  ``build(lib) -> module`` with ``lib`` = minitorch or torch.
    args:   one ``Arg`` (or a bare shape) per positional input of ``call``.
    train:  run in training mode (True) or after ``.eval()``.
    call:   ``call(lib, module, *inputs) -> output``; default ``module(*inputs)``.
    atol/rtol: tolerances per float dtype name, for outputs, buffers and gradients alike.
    check_name: compare the outputs' grad_fn class names with torch's.
    backward: compare gradients (inputs' and parameters').
    """

    name: str
    build: Callable
    args: Sequence[Union[Arg, Tuple[int, ...]]]
    train: bool = True
    call: Optional[Callable] = None
    atol: dict = field(default_factory=lambda: {"float64": 1e-10, "float32": 1e-5})
    rtol: dict = field(default_factory=lambda: {"float64": 1e-8, "float32": 1e-4})
    check_name: bool = True
    backward: bool = True

    @property
    def arg_specs(self):
        return [a if isinstance(a, Arg) else Arg(tuple(a)) for a in self.args]

    @property
    def differentiable(self):
        return self.backward

    # -- the two halves ------------------------------------------------------------------------------
    def make_module(self, lib, float_dtype, device="cpu"):
        """``build(lib)`` in the run's float dtype, on ``device`` (torch only), in train/eval mode."""
        module = self.build(lib)
        module.to(getattr(lib, float_dtype))
        if lib is torch and device != "cpu":
            module.to(device)
        return module.train(self.train)

    def run(self, lib, module, arrays, device="cpu"):
        """``(inputs, flattened outputs)`` of calling the module on the arrays."""
        inputs = runner.make_inputs(lib, self, arrays, device)
        if self.call is None:
            out = module(*inputs)
        else:
            out = self.call(lib, module, *inputs)
        return inputs, runner.flatten(out)

    # -- the comparison ----------------------------------------------------------------------------------
    def compare(self, float_dtype, device, rng, errors):
        tol = lambda arr_dtype: runner.tolerances(self, float_dtype, arr_dtype)  # noqa: E731
        torch.manual_seed(int(rng.integers(2 ** 31)))
        t_mod = runner._call("torch", self.make_module, torch, float_dtype, device)
        m_mod = runner._call("minitorch", self.make_module, minitorch, float_dtype)
        _same_names("parameter names", [n for n, _ in m_mod.named_parameters()],
                    [n for n, _ in t_mod.named_parameters()])
        state = {k: runner.to_numpy(v) for k, v in t_mod.state_dict().items()}
        _same_names("state_dict keys", list(m_mod.state_dict()), list(state))
        runner._call("minitorch load_state_dict", m_mod.load_state_dict, state)

        arrays = [np.asarray(spec.array(rng, float_dtype)) for spec in self.arg_specs]
        t_in, t_outs = runner._call("torch", self.run, torch, t_mod, arrays, device)
        m_in, m_outs = runner._call("minitorch", self.run, minitorch, m_mod, arrays)
        forward = [runner.compare_outputs(m_outs, t_outs, tol), _compare_buffers(m_mod, t_mod, tol)]
        errors["forward"] = _worst(forward)

        ups = runner.draw_upstreams(t_outs, rng) if self.backward else []
        if any(u is not None for u in ups):
            runner._call("torch backward", _backward, torch, t_outs, ups, device)
            runner._call("minitorch backward", _backward, minitorch, m_outs, ups)
            grads = [_compare_grads("grad of input", enumerate(m_in), enumerate(t_in), tol),
                     _compare_grads("grad of", m_mod.named_parameters(), t_mod.named_parameters(), tol)]
            errors["backward"] = _worst(grads)
        if self.check_name and runner.names_comparable(device):
            runner.compare_grad_fn_names(m_outs, t_outs)
        return errors


def _same_names(what, ours, theirs):
    if ours != theirs:
        raise runner.Mismatch(f"{what}: {ours} != torch's {theirs}")


def _worst(errs):
    found = [e for e in errs if e is not None]
    return max(found) if found else None


def _compare_buffers(m_mod, t_mod, tol):
    """Every buffer (running statistics, counters) after the forward; None when there are none."""
    m_bufs, t_bufs = dict(m_mod.named_buffers()), dict(t_mod.named_buffers())
    _same_names("buffer names", list(m_bufs), list(t_bufs))
    errs = [runner.compare_arrays(f"buffer {name}", runner.to_numpy(m_bufs[name]), runner.to_numpy(t), tol)
            for name, t in t_bufs.items()]
    return _worst(errs)


def _backward(lib, outputs, upstreams, device="cpu"):
    """Back-propagate ``upstream`` from every output that requires grad into the leaves' ``.grad``."""
    pairs = [(o, u) for (_, o), u in zip(outputs, upstreams) if u is not None]
    if lib is torch:
        grads = [torch.from_numpy(u.copy()).to(device) for _, u in pairs]
    else:
        grads = [minitorch.from_numpy(u.copy()) for _, u in pairs]
    lib.autograd.backward([o for o, _ in pairs], grads)


def _compare_grads(label, m_named, t_named, tol):
    """Compare ``.grad`` of matching (name, tensor) pairs that require grad: both present and equal,
    or both absent (a parameter the output does not use)."""
    worst = []
    for (name, m), (_, t) in zip(m_named, t_named):
        if not t.requires_grad and not m.requires_grad:
            continue
        what = f"{label} {name}"
        if (m.grad is None) != (t.grad is None):
            raise runner.Mismatch(f"{what}: {'missing' if m.grad is None else 'present'} where torch's is "
                                  f"{'missing' if t.grad is None else 'present'}")
        if t.grad is not None:
            worst.append(runner.compare_arrays(what, runner.to_numpy(m.grad), runner.to_numpy(t.grad), tol))
    return _worst(worst)
