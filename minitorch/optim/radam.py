"""RAdam: Adam with a rectified adaptive learning rate (Liu et al.), plain momentum SGD while the
variance of the adaptive term is not yet tractable.

For each step t, with g the gradient (negated when ``maximize``)::

    theta = theta * (1 - lr * weight_decay)  (decoupled)   or   g = g + weight_decay * theta
    m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    rho_inf = 2 / (1 - beta2) - 1;   rho_t = rho_inf - 2 t beta2**t / (1 - beta2**t)
    rho_t > 5:  r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
                theta = theta - lr * m_hat * r * sqrt(1 - beta2**t) / (sqrt(v) + eps)
    otherwise:  theta = theta - lr * m_hat
"""
import math

import numpy as np

from .optimizer import (Optimizer, adam_moments_, bump_step, check_betas, check_eps, check_lr,
                        check_unsupported, check_weight_decay, scalar_state, weight_decay_, zeros_state)

__all__ = ["RAdam"]


class RAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False,
                 *, foreach=None, maximize=False, capturable=False, differentiable=False):
        check_lr(lr)
        check_eps(eps)
        check_betas(betas)
        check_weight_decay(weight_decay)
        check_unsupported(differentiable, capturable=capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["exp_avg"] = zeros_state(param)
            state["exp_avg_sq"] = zeros_state(param)
        t = bump_step(state)
        lr, (beta1, beta2), p = group["lr"], group["betas"], param._data
        grad = weight_decay_(p, grad, lr, group["weight_decay"], group["decoupled_weight_decay"])
        m, v = adam_moments_(state, grad, beta1, beta2)
        bias_correction2 = 1 - beta2 ** t
        m_hat = m / (1 - beta1 ** t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * (beta2 ** t) / bias_correction2
        if rho_t > 5.0:
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            adaptive = np.sqrt(v)
            adaptive += group["eps"]
            p -= (lr * rect * math.sqrt(bias_correction2)) * m_hat / adaptive
        else:
            p -= lr * m_hat
