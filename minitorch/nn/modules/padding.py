"""The padding layers (torch.nn.modules.padding): ``ZeroPad1d/2d/3d``, ``ConstantPad1d/2d/3d``,
``ReflectionPad1d/2d/3d``, ``ReplicationPad1d/2d/3d`` and ``CircularPad1d/2d/3d``, module forms of
``F.pad`` over the last 1, 2 or 3 dims. ``padding`` is an int (the same amount on every side) or a
tuple of amounts, last dim first: ``(left, right)``, ``(left, right, top, bottom)``, ..."""
from .. import functional as F
from .module import Module

__all__ = [f"{kind}Pad{n}d" for kind in ("Zero", "Constant", "Reflection", "Replication", "Circular")
           for n in (1, 2, 3)]


class _PadNd(Module):
    """Pads the last ``dims`` dims of its input with ``F.pad(input, padding, mode)``."""

    mode = "constant"
    dims = 1

    def __init__(self, padding):
        super().__init__()
        self.padding = (padding,) * (2 * self.dims) if isinstance(padding, int) else tuple(padding)

    def forward(self, input):
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


def _layer(base, kind, dims, mode=None):
    what = {"Zero": "zeros", "Constant": "``value``", "Reflection": "the input mirrored at its edges",
            "Replication": "copies of the edge values", "Circular": "the input wrapped around"}[kind]
    attrs = {"dims": dims, "__module__": __name__,
             "__doc__": f"Pads the last {dims} dim{'s' if dims > 1 else ''} of the input with {what}."}
    if mode is not None:
        attrs["mode"] = mode
    return type(f"{kind}Pad{dims}d", (base,), attrs)


ZeroPad1d, ZeroPad2d, ZeroPad3d = (_layer(_ZeroPadNd, "Zero", n) for n in (1, 2, 3))
ConstantPad1d, ConstantPad2d, ConstantPad3d = (_layer(_ConstantPadNd, "Constant", n) for n in (1, 2, 3))
ReflectionPad1d, ReflectionPad2d, ReflectionPad3d = (_layer(_PadNd, "Reflection", n, "reflect") for n in (1, 2, 3))
ReplicationPad1d, ReplicationPad2d, ReplicationPad3d = (_layer(_PadNd, "Replication", n, "replicate")
                                                        for n in (1, 2, 3))
CircularPad1d, CircularPad2d, CircularPad3d = (_layer(_PadNd, "Circular", n, "circular") for n in (1, 2, 3))
