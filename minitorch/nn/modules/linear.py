"""Linear layers: ``Identity``, ``Linear`` (``y = x W^T + b``) and ``Bilinear`` (``y = x1^T A x2 + b``).

Parameters are created empty, then filled by ``reset_parameters`` with torch's default
initialization, so that a fresh layer starts from the same distribution as torch's:

* Linear: weight ~ kaiming_uniform_(a=sqrt(5)), which works out to U(-1/sqrt(in), 1/sqrt(in)),
  and bias ~ U(-1/sqrt(in), 1/sqrt(in));
* Bilinear: weight and bias ~ U(-1/sqrt(in1), 1/sqrt(in1)).
"""
import math

from ..._creation import empty
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Identity", "Linear", "Bilinear"]


class Identity(Module):
    """Returns its input unchanged; accepts (and ignores) any constructor arguments, as torch's does,
    so it can stand in for a layer with the same call."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """``y = x W^T + b`` over the last dim of x: (*, in_features) -> (*, out_features).

    weight: (out_features, in_features); bias: (out_features,), or None with ``bias=False``.
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(empty((out_features, in_features), device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        # a=sqrt(5) gives gain sqrt(1/3), so the weight's bound is 1/sqrt(fan_in), the bias's too
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Bilinear(Module):
    """``y[o] = x1^T weight[o] x2 + bias[o]``: (*, in1), (*, in2) -> (*, out).

    weight: (out_features, in1_features, in2_features); bias: (out_features,) or None.
    """

    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in1_features = in1_features
        self.in2_features = in2_features
        self.out_features = out_features
        self.weight = Parameter(empty((out_features, in1_features, in2_features), device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")
