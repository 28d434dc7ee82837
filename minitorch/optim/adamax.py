"""Adamax: Adam with the infinity norm in place of the second moment.

For each step t, with g the gradient (negated when ``maximize``)::

    g = g + weight_decay * theta                      (if weight_decay)
    m = beta1 * m + (1 - beta1) * g                   exp_avg
    u = max(beta2 * u, |g| + eps)                     exp_inf
    theta = theta - lr / (1 - beta1**t) * m / u
"""
import numpy as np

from .optimizer import (Optimizer, bump_step, lerp_, check_betas, check_eps, check_lr, check_unsupported,
                        check_weight_decay, scalar_state, zeros_state)

__all__ = ["Adamax"]


class Adamax(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        check_lr(lr)
        check_eps(eps)
        check_betas(betas)
        check_weight_decay(weight_decay)
        check_unsupported(differentiable, capturable=capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["exp_avg"] = zeros_state(param)
            state["exp_inf"] = zeros_state(param)
        t = bump_step(state)
        (beta1, beta2), p = group["betas"], param._data
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        m, u = state["exp_avg"]._data, state["exp_inf"]._data
        lerp_(m, grad, 1 - beta1)
        u *= beta2
        np.maximum(u, np.abs(grad) + group["eps"], out=u)
        p -= (group["lr"] / (1 - beta1 ** t)) * m / u
