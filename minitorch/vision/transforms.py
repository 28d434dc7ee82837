"""Image transforms, as ``torchvision.transforms``: ``ToTensor``, ``Normalize``, ``Compose``, ``Lambda``.

``ToTensor`` accepts what minitorch's datasets return for an image, a NumPy array (H x W or
H x W x C), and PIL images when Pillow is installed; it gives a C x H x W tensor, scaled from
0..255 to [0, 1] when the input is 8-bit, as torchvision does.
"""
import numpy as np

from .. import _dtype
from .._creation import as_tensor, from_numpy
from .._tensor import Tensor

__all__ = ["Compose", "ToTensor", "Normalize", "Lambda"]


class Compose:
    """Apply ``transforms`` one after another: ``Compose([ToTensor(), Normalize(m, s)])(img)``."""

    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        lines = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({lines}\n)"


def _pil_to_array(pic):
    """A PIL image as an H x W x C array: 8-bit modes as uint8, mode '1' as 0/255, 'I'/'I;16'/'F' as
    int32/int16/float32 (unscaled, as torchvision)."""
    if pic.mode == "1":
        return 255 * np.array(pic, dtype=np.uint8)[:, :, None]
    arr = np.array(pic, dtype={"I": np.int32, "I;16": np.int16, "F": np.float32}.get(pic.mode, np.uint8))
    return arr.reshape(pic.size[1], pic.size[0], len(pic.getbands()))


def _is_pil_image(pic):
    try:
        from PIL import Image
    except ImportError:
        return False
    return isinstance(pic, Image.Image)


def to_tensor(pic):
    """An image (H x W or H x W x C ndarray, or PIL image) as a C x H x W tensor. uint8 data become
    the default float dtype divided by 255; other dtypes are kept as they are (torchvision's rule)."""
    if isinstance(pic, np.ndarray):
        if pic.ndim not in (2, 3):
            raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
        arr = pic[:, :, None] if pic.ndim == 2 else pic
    elif _is_pil_image(pic):
        arr = _pil_to_array(pic)
    else:
        raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
    chw = np.ascontiguousarray(arr.transpose(2, 0, 1))
    if chw.dtype == np.uint8:
        return Tensor._wrap(chw.astype(_dtype.get_default_dtype().np) / np.float32(255))
    return from_numpy(chw)


class ToTensor:
    """``ToTensor()(img)``: see ``to_tensor``."""

    def __call__(self, pic):
        return to_tensor(pic)

    def __repr__(self):
        return f"{type(self).__name__}()"


def normalize(tensor, mean, std, inplace=False):
    """``(tensor - mean) / std`` per channel of a (..., C, H, W) float tensor; ``mean``/``std`` are
    sequences of length C or single numbers. A copy unless ``inplace``."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"img should be Tensor Image. Got {type(tensor)}")
    if not tensor.is_floating_point():
        raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
    if tensor.ndim < 3:
        raise ValueError(f"Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = "
                         f"{tensor.size()}")
    if not inplace:
        tensor = tensor.clone()
    mean = as_tensor(mean, dtype=tensor.dtype)
    std = as_tensor(std, dtype=tensor.dtype)
    if (std == 0).any():
        raise ValueError(f"std evaluated to zero after conversion to {tensor.dtype}, leading to division by zero.")
    if mean.ndim == 1:
        mean = mean.view(-1, 1, 1)
    if std.ndim == 1:
        std = std.view(-1, 1, 1)
    return tensor.sub_(mean).div_(std)


class Normalize:
    """``Normalize(mean, std, inplace=False)(img)``: see ``normalize``."""

    def __init__(self, mean, std, inplace=False):
        self.mean = mean
        self.std = std
        self.inplace = inplace

    def __call__(self, tensor):
        return normalize(tensor, self.mean, self.std, self.inplace)

    forward = __call__

    def __repr__(self):
        return f"{type(self).__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Wrap any function as a transform."""

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {type(lambd).__name__!r}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self):
        return f"{type(self).__name__}()"
