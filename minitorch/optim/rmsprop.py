"""RMSprop: divide the gradient by a running root mean square of recent gradients.

For each step, with g the gradient (negated when ``maximize``)::

    g = g + weight_decay * theta                      (if weight_decay)
    v = alpha * v + (1 - alpha) * g**2                square_avg
    avg = sqrt(v) + eps
    (centered) ga = alpha * ga + (1 - alpha) * g;  avg = sqrt(v - ga**2) + eps     grad_avg
    (momentum) b = momentum * b + g / avg;  theta = theta - lr * b                momentum_buffer
    otherwise  theta = theta - lr * g / avg
"""
import numpy as np

from .optimizer import (Optimizer, bump_step, lerp_, check, check_eps, check_lr, check_unsupported, check_weight_decay,
                        scalar_state, zeros_state)

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_lr(lr)
        check_eps(eps)
        check(0.0 <= momentum, f"Invalid momentum value: {momentum}")
        check_weight_decay(weight_decay)
        check(0.0 <= alpha, f"Invalid alpha value: {alpha}")
        check_unsupported(differentiable, capturable=capturable)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered, weight_decay=weight_decay,
                        capturable=capturable, foreach=foreach, maximize=maximize, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["square_avg"] = zeros_state(param)
            if group["momentum"] > 0:
                state["momentum_buffer"] = zeros_state(param)
            if group["centered"]:
                state["grad_avg"] = zeros_state(param)
        bump_step(state)
        alpha, p = group["alpha"], param._data
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        v = state["square_avg"]._data
        v *= alpha
        v += (1 - alpha) * (grad * grad)
        if group["centered"]:
            ga = state["grad_avg"]._data
            lerp_(ga, grad, 1 - alpha)
            avg = np.sqrt(v - ga * ga)
        else:
            avg = np.sqrt(v)
        avg += group["eps"]
        if group["momentum"] > 0:
            buf = state["momentum_buffer"]._data
            buf *= group["momentum"]
            buf += grad / avg
            p -= group["lr"] * buf
        else:
            p -= group["lr"] * grad / avg
