"""Rprop: resilient backpropagation, steps of a per-element size that follow only the gradient's sign.

For each step, with g the gradient (negated when ``maximize``) and g_prev the last one used::

    g * g_prev > 0:  step_size = min(step_size * eta_plus, step_size_max)
    g * g_prev < 0:  step_size = max(step_size * eta_minus, step_size_min);  g = 0  (no move this step)
    theta = theta - sign(g) * step_size;  g_prev = g

The step sizes start at ``lr``.
"""
import numpy as np

from .optimizer import Optimizer, bump_step, check, check_lr, check_unsupported, scalar_state, zeros_state

__all__ = ["Rprop"]


class Rprop(Optimizer):
    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        check_lr(lr)
        check(0.0 < etas[0] < 1.0 < etas[1], f"Invalid eta values: {etas[0]}, {etas[1]}")
        check_unsupported(differentiable, capturable=capturable)
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["prev"] = zeros_state(param)
            state["step_size"] = zeros_state(param, group["lr"])
        bump_step(state)
        (eta_minus, eta_plus), (size_min, size_max) = group["etas"], group["step_sizes"]
        prev, step_size = state["prev"]._data, state["step_size"]._data
        agreement = grad * prev
        flipped = agreement < 0
        step_size *= np.where(agreement > 0, eta_plus, np.where(flipped, eta_minus, 1.0)).astype(step_size.dtype)
        np.clip(step_size, size_min, size_max, out=step_size)
        grad = np.where(flipped, 0, grad)
        param._data -= np.sign(grad) * step_size
        prev[...] = grad
