"""NAdam: Adam with Nesterov momentum (Dozat), with a momentum schedule mu_t.

For each step t, with g the gradient (negated when ``maximize``)::

    theta = theta * (1 - lr * weight_decay)  (decoupled)   or   g = g + weight_decay * theta
    mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay));  mu_{t+1} likewise
    mu_product = mu_1 * ... * mu_t                     (a 0-d state tensor in the scalar dtype)
    m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g**2
    denom = sqrt(v / (1 - beta2**t)) + eps
    theta = theta - lr * (1 - mu_t) / (1 - mu_product) * g / denom
                  - lr * mu_{t+1} / (1 - mu_product * mu_{t+1}) * m / denom
"""
import numpy as np

from .optimizer import (Optimizer, adam_moments_, bump_step, check, check_betas, check_eps, check_lr,
                        check_unsupported, check_weight_decay, scalar_state, weight_decay_, zeros_state)

__all__ = ["NAdam"]


class NAdam(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_lr(lr)
        check_eps(eps)
        check_betas(betas)
        check_weight_decay(weight_decay)
        check(0.0 <= momentum_decay, f"Invalid momentum_decay value: {momentum_decay}")
        check_unsupported(differentiable, capturable=capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["mu_product"] = scalar_state(1.0)
            state["exp_avg"] = zeros_state(param)
            state["exp_avg_sq"] = zeros_state(param)
        t = bump_step(state)
        lr, (beta1, beta2), p = group["lr"], group["betas"], param._data
        grad = weight_decay_(p, grad, lr, group["weight_decay"], group["decoupled_weight_decay"])
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * group["momentum_decay"]))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * group["momentum_decay"]))
        mu_product = state["mu_product"]._data
        mu_product *= mu
        mu_product = float(mu_product)
        m, v = adam_moments_(state, grad, beta1, beta2)
        denom = np.sqrt(v / (1 - beta2 ** t))
        denom += group["eps"]
        p -= (lr * (1 - mu) / (1 - mu_product)) * grad / denom
        p -= (lr * mu_next / (1 - mu_product * mu_next)) * m / denom
