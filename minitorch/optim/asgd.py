"""ASGD: averaged stochastic gradient descent (Polyak & Juditsky), with a decaying step size.

For each step t, with g the gradient (negated when ``maximize``), eta starting at lr and mu at 1::

    g = g + weight_decay * theta                      (if weight_decay)
    theta = theta * (1 - lambd * eta) - eta * g
    ax = theta                      while mu == 1,   else   ax = ax + mu * (theta - ax)
    eta = lr / (1 + lambd * lr * t) ** alpha
    mu = 1 / max(1, t - t0)

``eta`` and ``mu`` are kept as 0-d tensors in the scalar dtype (float32), as torch keeps them;
``ax`` holds the averaged parameters.
"""
from .optimizer import (Optimizer, bump_step, check_lr, check_unsupported, check_weight_decay, scalar_dtype,
                        scalar_state, zeros_state)

__all__ = ["ASGD"]


class ASGD(Optimizer):
    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        check_lr(lr)
        check_weight_decay(weight_decay)
        check_unsupported(differentiable, capturable=capturable)
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0.0)
            state["eta"] = scalar_state(group["lr"])
            state["mu"] = scalar_state(1.0)
            state["ax"] = zeros_state(param)
        t = bump_step(state)
        p, lr, lambd = param._data, group["lr"], group["lambd"]
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        eta_arr, mu_arr = state["eta"]._data, state["mu"]._data
        eta = float(eta_arr)
        p *= 1 - lambd * eta
        p -= eta * grad
        ax = state["ax"]._data
        if float(mu_arr) != 1:
            ax += (p - ax) * mu_arr.astype(p.dtype)
        else:
            ax[...] = p
        # the new values are made as default-dtype scalars (rounded to float32), as torch makes them
        eta_arr[...] = scalar_dtype()(lr / ((1 + lambd * lr * t) ** group["alpha"]))
        mu_arr[...] = scalar_dtype()(1 / max(1, t - group["t0"]))
