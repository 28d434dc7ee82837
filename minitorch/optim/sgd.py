"""SGD: stochastic gradient descent, with momentum (heavy-ball or Nesterov), dampening and weight decay.

For each step, with g the gradient (negated when ``maximize``) and theta the parameter::

    g = g + weight_decay * theta                      (if weight_decay)
    b = g                          on the first step  (if momentum: the momentum buffer)
    b = momentum * b + (1 - dampening) * g            afterwards
    g = g + momentum * b   (nesterov)   or   g = b
    theta = theta - lr * g
"""
import numpy as np

from .._tensor import Tensor
from .optimizer import Optimizer, check, check_lr, check_unsupported, check_weight_decay

__all__ = ["SGD"]


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        check_lr(lr)
        check(0.0 <= momentum, f"Invalid momentum value: {momentum}")
        check_weight_decay(weight_decay)
        check_unsupported(differentiable, fused)
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize, foreach=foreach, differentiable=differentiable,
                        fused=fused)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def _update(self, param, grad, group):
        weight_decay, momentum = group["weight_decay"], group["momentum"]
        if weight_decay != 0:
            grad = grad + weight_decay * param._data
        if momentum != 0:  # only then does SGD keep state (torch's SGD state is empty without momentum)
            state = self.state[param]
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = Tensor._wrap(np.array(grad, copy=True))
            else:
                b = buf._data
                b *= momentum
                dampening = group["dampening"]
                b += grad if dampening == 0 else (1 - dampening) * grad
            grad = grad + momentum * buf._data if group["nesterov"] else buf._data
        param._data -= group["lr"] * grad
