"""Adadelta: step sizes from the ratio of running RMS of past updates to running RMS of gradients.

For each step, with g the gradient (negated when ``maximize``)::

    g = g + weight_decay * theta                      (if weight_decay)
    v = rho * v + (1 - rho) * g**2                    square_avg
    delta = sqrt(u + eps) / sqrt(v + eps) * g
    u = rho * u + (1 - rho) * delta**2                acc_delta
    theta = theta - lr * delta
"""
import numpy as np

from .optimizer import (Optimizer, bump_step, check, check_eps, check_lr, check_unsupported, check_weight_decay,
                        scalar_state, zeros_state)

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        check_lr(lr)
        check(0.0 <= rho <= 1.0, f"Invalid rho value: {rho}")
        check_eps(eps)
        check_weight_decay(weight_decay)
        check_unsupported(differentiable, capturable=capturable)
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        capturable=capturable, foreach=foreach, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["square_avg"] = zeros_state(param)
            state["acc_delta"] = zeros_state(param)
        bump_step(state)
        rho, eps, p = group["rho"], group["eps"], param._data
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        v, u = state["square_avg"]._data, state["acc_delta"]._data
        v *= rho
        v += (1 - rho) * (grad * grad)
        delta = np.sqrt(u + eps)
        delta /= np.sqrt(v + eps)
        delta *= grad
        u *= rho
        u += (1 - rho) * (delta * delta)
        p -= group["lr"] * delta
