"""Convolution layers: ``Conv1d``, ``Conv2d`` (and their adjoints ``ConvTranspose1d``,
``ConvTranspose2d``), thin holders of a weight and a bias around ``F.conv1d`` / ``F.conv2d``.

As in torch:

* the weight is (out_channels, in_channels / groups, *kernel_size) -- (in_channels,
  out_channels / groups, *kernel_size) for the transposed layers -- and the bias (out_channels,);
* both start from torch's default initialization: weight ~ kaiming_uniform_(a=sqrt(5)), which is
  U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = weight.size(1) * kernel area, and bias ~ the
  same uniform;
* ``padding`` is an int, a tuple, ``'valid'`` or ``'same'``; ``padding_mode`` other than
  ``'zeros'`` pads the input with ``F.pad`` (reflect, replicate or circular) and then convolves
  without padding;
* ``print(layer)`` shows the non-default settings: ``Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))``.
"""
import math

from ..._creation import empty
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Conv1d", "Conv2d"]


def _tuple(value, n):
    """An int repeated n times, or the given sequence as a tuple (torch's ``_single``/``_pair``)."""
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    """What Conv1d and Conv2d share: argument checks, parameters, initialization and printing."""

    _dims = None  # 1 or 2, set by the subclasses
    _valid_padding_strings = {"same", "valid"}
    _valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None, transposed=False, output_padding=0):
        super().__init__()
        n = self._dims
        kernel_size, stride, dilation = _tuple(kernel_size, n), _tuple(stride, n), _tuple(dilation, n)
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in self._valid_padding_strings:
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 f"{self._valid_padding_strings}")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        else:
            padding = _tuple(padding, n)
        if padding_mode not in self._valid_padding_modes:
            raise ValueError(f"padding_mode must be one of {self._valid_padding_modes}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding, self.dilation = kernel_size, stride, padding, dilation
        self.transposed, self.output_padding = transposed, _tuple(output_padding, n)
        self.groups, self.padding_mode = groups, padding_mode
        self._reversed_padding_repeated_twice = _pad_amounts(padding, kernel_size, dilation)
        if transposed:
            shape = (in_channels, out_channels // groups, *kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *kernel_size)
        self.weight = Parameter(empty(shape, device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        # a=sqrt(5) gives gain sqrt(1/3), so the weight's bound is 1/sqrt(fan_in), the bias's too
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def _padded_input(self, input):
        """The input padded by ``padding_mode`` (reflect, replicate, circular), for a padding-free
        convolution; torch's layers do the same."""
        return F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)

    def extra_repr(self):
        n = self._dims
        parts = [f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"]
        if self.padding != (0,) * n:
            parts.append(f"padding={self.padding}")
        if self.dilation != (1,) * n:
            parts.append(f"dilation={self.dilation}")
        if self.output_padding != (0,) * n:
            parts.append(f"output_padding={self.output_padding}")
        if self.groups != 1:
            parts.append(f"groups={self.groups}")
        if self.bias is None:
            parts.append("bias=False")
        if self.padding_mode != "zeros":
            parts.append(f"padding_mode={self.padding_mode}")
        return ", ".join(parts)


def _pad_amounts(padding, kernel_size, dilation):
    """F.pad's amounts for ``padding``: (before, after) per spatial dim, last dim first -- what a
    non-zero ``padding_mode`` pads the input by ('same' puts the odd one after)."""
    amounts = []
    for i in reversed(range(len(kernel_size))):
        if padding == "valid":
            before = after = 0
        elif padding == "same":
            total = dilation[i] * (kernel_size[i] - 1)
            before, after = total // 2, total - total // 2
        else:
            before = after = padding[i]
        amounts += [before, after]
    return amounts if isinstance(padding, str) else tuple(amounts)  # torch's types, list or tuple


class Conv1d(_ConvNd):
    """1-d convolution over (N, C_in, L) or (C_in, L) input; weight (out, in/groups, k)."""

    _dims = 1

    def _conv_forward(self, input, weight, bias):
        if self.padding_mode != "zeros":
            return F.conv1d(self._padded_input(input), weight, bias, self.stride, 0, self.dilation, self.groups)
        return F.conv1d(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)


class Conv2d(_ConvNd):
    """2-d convolution over (N, C_in, H, W) or (C_in, H, W) input; weight (out, in/groups, kh, kw)."""

    _dims = 2

    def _conv_forward(self, input, weight, bias):
        if self.padding_mode != "zeros":
            return F.conv2d(self._padded_input(input), weight, bias, self.stride, 0, self.dilation, self.groups)
        return F.conv2d(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)
