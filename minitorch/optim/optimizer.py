"""Optimizer: the base class every optimizer builds on, as torch.optim.Optimizer.

An optimizer holds

- ``param_groups``: a list of dicts, each with ``'params'`` (a list of tensors) and that
  group's hyperparameters (``lr``, ``momentum``, ...). Options missing from a group are
  filled in from ``defaults``, so ``SGD([{'params': a}, {'params': b, 'lr': 1e-2}], lr=1e-3)``
  trains ``a`` at 1e-3 and ``b`` at 1e-2.
- ``state``: a ``defaultdict(dict)`` keyed by parameter, holding what an algorithm remembers
  between steps (a momentum buffer, Adam's moving averages, a ``step`` count as a 0-d tensor).

``state_dict()`` replaces the parameters by integer ids (their position counting across
groups) so it can be saved, and ``load_state_dict()`` maps the ids back onto this optimizer's
parameters, as torch does.

The built-in optimizers implement one method, ``_update(param, grad, group)``, which
changes one parameter's array in place. It works on the raw NumPy arrays (``param._data``),
not through autograd: an update step is not part of any graph, and doing it on arrays keeps
a training step's optimizer cost to a few microseconds per parameter. The parameter's version
counter is bumped, as every in-place write does.
"""
import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import enable_grad

__all__ = ["Optimizer"]


class _RequiredParameter:
    """Marks a default that every param group must give itself (torch.optim.optimizer.required)."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj):
    """torch.typename: ``torch.FloatTensor`` style names for tensors, the class name otherwise."""
    if isinstance(obj, Tensor):
        return "torch." + obj.type().rsplit(".", 1)[-1]
    return type(obj).__name__


class Optimizer:
    """Base class for all optimizers.

    params:   an iterable of tensors, of ``(name, tensor)`` pairs, or of dicts (param groups).
    defaults: the default value of every option, used for the groups that do not set it.
    """

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got {_typename(params)}")
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    # -- param groups ------------------------------------------------------------------------------
    def add_param_group(self, param_group):
        """Add a group of parameters, with its own options (the defaults fill in the rest)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs. Please use a list instead.")
        else:
            params = list(params)
        names = None
        if params and isinstance(params[0], tuple):  # named parameters: (name, tensor) pairs
            names = [name for name, _ in params]
            params = [p for _, p in params]
        param_group["params"] = params
        if names is not None:
            param_group["param_names"] = names

        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {_typename(p)}")
            if not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter "
                                 f"{name}")
            param_group.setdefault(name, default)

        if len({id(p) for p in params}) != len(params):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will "
                          "cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        if self.param_groups and ("param_names" in param_group) != ("param_names" in self.param_groups[0]):
            which = "with" if "param_names" in param_group else "without"
            raise ValueError(f"all optimizer param groups should be with/without names. cannot add param group "
                             f"{which} names to the optimizer")
        self.param_groups.append(param_group)

    # -- gradients and steps -------------------------------------------------------------------------
    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters: to None (the default), or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    g = p.grad
                    if g.grad_fn is not None:
                        g.detach_()
                    else:
                        g.requires_grad_(False)
                    g._data[...] = 0
                    g._vc[0] += 1

    def step(self, closure=None):
        """One optimization step over every parameter that has a gradient.

        ``closure`` (optional) re-evaluates the model and returns the loss; it is run with
        gradients enabled, before the update, and its loss is returned.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            maximize = group.get("maximize", False)
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                self._update(p, -g._data if maximize else g._data, group)
                p._vc[0] += 1
        return loss

    def _update(self, param, grad, group):
        """Change ``param._data`` in place from its gradient ``grad`` (an ndarray, already negated
        when the group maximizes); what it remembers goes in ``self.state[param]``."""
        raise NotImplementedError

    # -- state dicts -----------------------------------------------------------------------------------
    def state_dict(self):
        """``{'state': {id: {...}}, 'param_groups': [{..., 'params': [ids]}]}`` where a parameter's id is
        its position counting through all groups. The state tensors are this optimizer's own (not copies),
        as in torch."""
        ids = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                ids.setdefault(id(p), len(ids))
            packed["params"] = [ids[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {(ids[id(k)] if isinstance(k, Tensor) else k): v for k, v in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Load a ``state_dict()``: groups must match this optimizer's in number and size. Floating state
        tensors take their parameter's dtype; ``step`` counters are kept as saved."""
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(self.param_groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                             "optimizer's group")
        by_id = dict(zip(chain.from_iterable(s["params"] for s in saved_groups),
                         chain.from_iterable(g["params"] for g in self.param_groups)))
        state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in by_id:
                param = by_id[key]
                state[param] = {k: _cast_state(param, k, v) for k, v in value.items()}
            else:
                state[key] = value
        new_groups = []
        for group, saved in zip(self.param_groups, saved_groups):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
            new_groups.append(saved)
        self.state = state
        self.param_groups = new_groups

    # -- printing and pickling ---------------------------------------------------------------------------
    def __repr__(self):
        groups = []
        for i, group in enumerate(self.param_groups):
            lines = [f"Parameter Group {i}"] + [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
            groups.append("\n".join(lines) + "\n")
        return f"{self.__class__.__name__} (\n" + "\n".join(groups) + ")"

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)


def _cast_state(param, key, value):
    """A loaded state value, made to fit its parameter: floating tensors (other than ``step``) in the
    parameter's dtype; dicts and lists are walked."""
    if isinstance(value, Tensor):
        if key != "step" and param.is_floating_point() and value.dtype != param.dtype:
            return value.to(param.dtype)
        return value
    if isinstance(value, dict):
        return {k: _cast_state(param, k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast_state(param, key, v) for v in value)
    return value


# -- helpers shared by the optimizers -------------------------------------------------------------------
def scalar_dtype():
    """NumPy dtype of torch's 0-d state counters (``step``): float64 when that is the default dtype,
    else float32."""
    return np.float64 if _dtype.get_default_dtype() is _dtype.float64 else np.float32


def scalar_state(value):
    """A 0-d counter tensor (``step``, ``mu_product``, ...) as torch stores it."""
    return Tensor._wrap(np.array(value, dtype=scalar_dtype()))


def zeros_state(param, fill=0.0):
    """A state buffer shaped and typed as the parameter, filled with ``fill``."""
    return Tensor._wrap(np.full_like(param._data, fill))


def bump_step(state):
    """Advance the ``step`` counter of a parameter's state; return the new count as a Python float."""
    step = state["step"]._data
    step += 1
    return float(step)


def lerp_(start, end, weight):
    """``start += weight * (end - start)`` in place (a moving average). For weight >= 0.5 it is computed
    from the end, ``end - (1 - weight) * (end - start)``, so that weight 1 gives exactly ``end``, as
    torch's lerp does."""
    if weight < 0.5:
        start += weight * (end - start)
    else:
        np.subtract(end, (1 - weight) * (end - start), out=start)


def weight_decay_(p, grad, lr, weight_decay, decoupled):
    """The Adam family's weight decay: decoupled (AdamW) shrinks the parameter in place; coupled adds
    ``weight_decay * p`` to the gradient. Returns the gradient to use."""
    if weight_decay == 0:
        return grad
    if decoupled:
        p *= 1 - lr * weight_decay
        return grad
    return grad + weight_decay * p


def adam_moments_(state, grad, beta1, beta2):
    """Update the first and second moment estimates (``exp_avg``, ``exp_avg_sq``) in place; return them."""
    m, v = state["exp_avg"]._data, state["exp_avg_sq"]._data
    lerp_(m, grad, 1 - beta1)
    v *= beta2
    v += (1 - beta2) * (grad * grad)
    return m, v


def check(ok, message):
    """Raise torch's ValueError for an invalid hyperparameter."""
    if not ok:
        raise ValueError(message)


def check_lr(lr):
    check(0.0 <= lr, f"Invalid learning rate: {lr}")


def check_eps(eps):
    check(0.0 <= eps, f"Invalid epsilon value: {eps}")


def check_weight_decay(weight_decay):
    check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")


def check_betas(betas):
    for i, beta in enumerate(betas):
        check(0.0 <= beta < 1.0, f"Invalid beta parameter at index {i}: {beta}")


def check_unsupported(differentiable=False, fused=None, capturable=False):
    """Options minitorch accepts (so torch's calls work) but whose special modes it does not have."""
    if differentiable:
        raise NotImplementedError("minitorch optimizers do not support differentiable=True")
    if fused:
        raise NotImplementedError("minitorch optimizers do not support fused=True")
    if capturable:
        raise NotImplementedError("minitorch optimizers do not support capturable=True (no CUDA graphs)")
