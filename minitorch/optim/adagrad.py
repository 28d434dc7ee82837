"""Adagrad: per-element step sizes that shrink with the sum of all past squared gradients.

For each step t, with g the gradient (negated when ``maximize``)::

    clr = lr / (1 + (t - 1) * lr_decay)
    g = g + weight_decay * theta                      (if weight_decay)
    sum = sum + g**2                                  (starts at initial_accumulator_value)
    theta = theta - clr * g / (sqrt(sum) + eps)

As in torch, the state of every parameter is made when the optimizer is built.
"""
import numpy as np

from .optimizer import (Optimizer, bump_step, check, check_eps, check_lr, check_unsupported, check_weight_decay,
                        scalar_state, zeros_state)

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_lr(lr)
        check(0.0 <= lr_decay, f"Invalid lr_decay value: {lr_decay}")
        check_weight_decay(weight_decay)
        check(0.0 <= initial_accumulator_value,
              f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        check_eps(eps)
        check_unsupported(differentiable, fused)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, self.state[p], group)

    @staticmethod
    def _init_state(param, state, group):
        state["step"] = scalar_state(0.0)
        state["sum"] = zeros_state(param, group["initial_accumulator_value"])

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:  # a group added after construction
            self._init_state(param, state, group)
        t = bump_step(state)
        p = param._data
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        clr = group["lr"] / (1 + (t - 1) * group["lr_decay"])
        acc = state["sum"]._data
        acc += grad * grad
        std = np.sqrt(acc)
        std += group["eps"]
        p -= clr * grad / std
