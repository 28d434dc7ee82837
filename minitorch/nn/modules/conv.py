"""Convolution layers: ``Conv1d``, ``Conv2d`` and their adjoints ``ConvTranspose1d``,
``ConvTranspose2d``: thin holders of a weight and a bias around the functions of
``nn.functional`` (``conv1d``, ``conv2d``, ``conv_transpose1d``, ``conv_transpose2d``).

As in torch:

* the weight is (out_channels, in_channels / groups, *kernel_size) -- (in_channels,
  out_channels / groups, *kernel_size) for the transposed layers -- and the bias (out_channels,);
* both start from torch's default initialization: weight ~ kaiming_uniform_(a=sqrt(5)), which is
  U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = weight.size(1) * kernel area, and bias ~ the
  same uniform;
* ``padding`` is an int, a tuple, ``'valid'`` or ``'same'``; a ``padding_mode`` other than
  ``'zeros'`` (reflect, replicate or circular) pads the input by copies of its border cells and
  then convolves without padding;
* ``print(layer)`` shows the non-default settings: ``Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))``.
"""
import math

import numpy as np

from ..._creation import empty
from ...autograd.function import ArrayFunction
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d"]


def _tuple(value, n):
    """An int repeated n times, or the given sequence as a tuple (torch's ``_single``/``_pair``)."""
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    """What every convolution layer shares: argument checks, parameters, initialization, printing."""

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
        """The input padded by ``padding_mode`` (reflect, replicate, circular), for a convolution
        without padding of its own; torch's layers do the same (with ``F.pad``)."""
        return _border_pad(input, self._reversed_padding_repeated_twice, self.padding_mode, self._dims)

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


class _BorderPad(ArrayFunction):
    """Padding by copies of the input's own cells: reflected at the border ('reflect'), the border
    repeated ('replicate') or wrapped around ('circular') -- np.pad's 'reflect', 'edge' and 'wrap'.
    np.pad of each axis's index range says which input cell every padded cell copies; forward
    gathers those cells, backward adds each padded cell's gradient back onto its source."""

    @staticmethod
    def forward(ctx, x, pads, np_mode):
        ctx.sources = []
        out = x
        for k in range(len(pads) // 2):  # pads come last dim first, (before, after) each
            axis = x.ndim - 1 - k
            source = np.pad(np.arange(x.shape[axis]), (pads[2 * k], pads[2 * k + 1]), mode=np_mode)
            out = np.take(out, source, axis=axis)
            ctx.sources.append((axis, source, x.shape[axis]))
        return out

    @staticmethod
    def backward(ctx, grad):
        for axis, source, size in reversed(ctx.sources):
            g_in = np.zeros(grad.shape[:axis] + (size,) + grad.shape[axis + 1:], dtype=grad.dtype)
            np.add.at(g_in, (slice(None),) * axis + (source,), grad)
            grad = g_in
        return grad, None, None


def _pad_node(grad_fn_name):
    return type(grad_fn_name, (_BorderPad,), {"backward_name": grad_fn_name})


# torch's grad_fn names for these paddings (its circular padding is built from slice copies)
_PAD_NODES = {("reflect", 1): _pad_node("ReflectionPad1DBackward0"),
              ("reflect", 2): _pad_node("ReflectionPad2DBackward0"),
              ("replicate", 1): _pad_node("ReplicationPad1DBackward0"),
              ("replicate", 2): _pad_node("ReplicationPad2DBackward0"),
              ("circular", 1): _pad_node("CopySlices"), ("circular", 2): _pad_node("CopySlices")}
_NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _border_pad(input, pads, mode, dims):
    """Pad the last ``dims`` dims of input by ``pads`` in ``mode``, after torch's checks."""
    shape = tuple(input.shape)
    if len(shape) not in (dims + 1, dims + 2):
        raise NotImplementedError(f"Padding size {2 * dims} is not supported for {len(shape)}D input tensor.\n"
                                  "Supported combinations for non-constant padding:\n"
                                  "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
                                  "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
                                  "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    if any(size == 0 for size in shape[1:]):
        raise RuntimeError(f"Expected {dims + 1}D or {dims + 2}D (batch mode) tensor with possibly 0 batch size and "
                           f"other non-zero dimensions for input, but got: [{', '.join(map(str, shape))}]")
    for k in range(dims):
        axis, before, after = len(shape) - 1 - k, pads[2 * k], pads[2 * k + 1]
        if mode == "reflect" and (before >= shape[axis] or after >= shape[axis]):
            raise RuntimeError(f"Argument #{4 + 2 * k}: Padding size should be less than the corresponding input "
                               f"dimension, but got: padding ({before}, {after}) at dimension {axis} of input "
                               f"[{', '.join(map(str, shape))}]")
        if mode == "circular" and (before > shape[axis] or after > shape[axis]):
            raise RuntimeError("Padding value causes wrapping around more than once.")
    return _PAD_NODES[mode, dims].apply(input, tuple(pads), _NUMPY_MODES[mode])


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


class _ConvTransposeNd(_ConvNd):
    """What ConvTranspose1d and ConvTranspose2d share: torch's argument order, the zeros-only
    padding mode, and ``forward(input, output_size=None)``."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, transposed=True, output_padding=output_padding)

    def _output_padding(self, input, output_size):
        """``output_padding``, or the one that makes the output ``output_size`` (its spatial dims, or
        the whole shape): a strided convolution maps ``stride`` input sizes to the same output size,
        so its adjoint has that many valid output sizes for a given input."""
        if output_size is None:
            return self.output_padding
        n = self._dims
        batch_dims = 2 if input.dim() == n + 2 else 1
        output_size = list(output_size)
        if len(output_size) == batch_dims + n:
            output_size = output_size[batch_dims:]
        if len(output_size) != n:
            raise ValueError(f"ConvTranspose{n}D: for {input.dim()}D input, output_size must have {n} or "
                             f"{batch_dims + n} elements (got {len(output_size)})")
        smallest = [(input.size(d + batch_dims) - 1) * self.stride[d] - 2 * self.padding[d]
                    + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(n)]
        largest = [size + self.stride[d] - 1 for d, size in enumerate(smallest)]
        if any(not lo <= size <= hi for size, lo, hi in zip(output_size, smallest, largest)):
            raise ValueError(f"requested an output size of {output_size}, but valid sizes range from {smallest} to "
                             f"{largest} (for an input of {input.size()[2:]})")
        return tuple(size - lo for size, lo in zip(output_size, smallest))


class ConvTranspose1d(_ConvTransposeNd):
    """The adjoint of Conv1d over (N, C_in, L) or (C_in, L) input; weight (in, out/groups, k)."""

    _dims = 1

    def forward(self, input, output_size=None):
        return F.conv_transpose1d(input, self.weight, self.bias, self.stride, self.padding,
                                  self._output_padding(input, output_size), self.groups, self.dilation)


class ConvTranspose2d(_ConvTransposeNd):
    """The adjoint of Conv2d over (N, C_in, H, W) or (C_in, H, W) input; weight
    (in, out/groups, kh, kw). The output is (H-1)*stride - 2*padding + dilation*(k-1) +
    output_padding + 1 high, likewise wide."""

    _dims = 2

    def forward(self, input, output_size=None):
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                  self._output_padding(input, output_size), self.groups, self.dilation)
