"""device and the cuda stub: minitorch computes on the CPU only, and says so as torch's CPU build does."""


class device:
    """``minitorch.device('cpu')``; any other device type is accepted by name but cannot hold tensors."""

    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        type = str(type)
        if ":" in type:
            type, _, idx = type.partition(":")
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}:{idx}'")
            index = int(idx)
        if type not in ("cpu", "cuda", "mps", "meta"):
            raise RuntimeError(
                "Expected one of cpu, cuda, mps, meta device type at start of device string: " + type
            )
        self.type, self.index = type, index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


CPU = device("cpu")


def check_device(dev):
    """Return the cpu device for a device-like argument; raise torch's error for CUDA and others."""
    if dev is None:
        return CPU
    dev = device(dev) if not isinstance(dev, device) else dev
    if dev.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if dev.type != "cpu":
        raise RuntimeError(f"minitorch has no {dev.type} backend; only 'cpu' is available")
    return CPU
