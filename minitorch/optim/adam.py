"""Adam and AdamW: adaptive moment estimation, with L2 or decoupled weight decay and the AMSGrad variant.

For each step t, with g the gradient (negated when ``maximize``)::

    theta = theta * (1 - lr * weight_decay)           (decoupled weight decay: AdamW)
    g = g + weight_decay * theta                      (L2 weight decay: Adam)
    m = beta1 * m + (1 - beta1) * g                   exp_avg
    v = beta2 * v + (1 - beta2) * g**2                exp_avg_sq
    v_max = max(v_max, v)                             (amsgrad: max_exp_avg_sq, used in place of v)
    theta = theta - lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)
"""
import math

import numpy as np

from .optimizer import (Optimizer, adam_moments_, bump_step, check_betas, check_eps, check_lr,
                        check_unsupported, check_weight_decay, scalar_state, weight_decay_, zeros_state)

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        check_lr(lr)
        check_eps(eps)
        check_betas(betas)
        check_weight_decay(weight_decay)
        check_unsupported(differentiable, fused, capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["exp_avg"] = zeros_state(param)
            state["exp_avg_sq"] = zeros_state(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = zeros_state(param)
        t = bump_step(state)
        lr, (beta1, beta2), p = group["lr"], group["betas"], param._data
        grad = weight_decay_(p, grad, lr, group["weight_decay"], group["decoupled_weight_decay"])
        m, v = adam_moments_(state, grad, beta1, beta2)
        if group["amsgrad"]:
            v = np.maximum(state["max_exp_avg_sq"]._data, v, out=state["max_exp_avg_sq"]._data)
        denom = np.sqrt(v)
        denom /= math.sqrt(1 - beta2 ** t)
        denom += group["eps"]
        p -= (lr / (1 - beta1 ** t)) * m / denom


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter): the decay shrinks the parameter
    directly instead of entering the gradient. Default weight_decay 1e-2."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
