"""Datasets that work offline, as ``torchvision.datasets`` (which course programs use) would.

* ``MNIST`` / ``FashionMNIST`` read the standard IDX files from torchvision's folder layout,
  ``<root>/MNIST/raw/train-images-idx3-ubyte`` etc. (each may also be gzipped, ``...-ubyte.gz``).
  Nothing is ever downloaded: a missing file raises a RuntimeError naming the files and the folder
  to put them in. Images come back as **uint8 H x W NumPy arrays** (torchvision returns PIL images;
  Pillow is not required here), which ``transforms.ToTensor`` turns into 1 x H x W float tensors in
  [0, 1] exactly as it does PIL images.
* ``Digits``, ``Diabetes`` and ``BreastCancer`` are small sets that ship inside scikit-learn
  (imported only when one is created): an MNIST-like 8x8 digits set, a regression set and a
  binary classification set. Each class docstring gives its shapes and dtypes.
"""
import gzip
import os
import struct

import numpy as np

from .._creation import from_numpy
from ..utils.data.dataset import Dataset

__all__ = ["VisionDataset", "MNIST", "FashionMNIST", "Digits", "Diabetes", "BreastCancer"]

_DIGIT_CLASSES = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven",
                  "8 - eight", "9 - nine"]


# -- the common base: transforms and torchvision's repr ---------------------------------------------
class StandardTransform:
    """Applies ``transform`` to the input and ``target_transform`` to the target (repr as torchvision)."""

    def __init__(self, transform=None, target_transform=None):
        self.transform = transform
        self.target_transform = target_transform

    def __call__(self, input, target):
        if self.transform is not None:
            input = self.transform(input)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return input, target

    @staticmethod
    def _format(transform, head):
        lines = repr(transform).splitlines()
        return [head + lines[0]] + [" " * len(head) + line for line in lines[1:]]

    def __repr__(self):
        body = [type(self).__name__]
        if self.transform is not None:
            body += self._format(self.transform, "Transform: ")
        if self.target_transform is not None:
            body += self._format(self.target_transform, "Target transform: ")
        return "\n".join(body)


class VisionDataset(Dataset):
    """Base of the image datasets: keeps ``root``, ``transform``, ``target_transform`` and prints
    as torchvision's datasets do (``Dataset MNIST`` / ``Number of datapoints: ...`` / ...)."""

    _repr_indent = 4

    def __init__(self, root=None, transform=None, target_transform=None):
        self.root = os.path.expanduser(root) if isinstance(root, str) else root
        self.transform = transform
        self.target_transform = target_transform
        has_any = transform is not None or target_transform is not None
        self.transforms = StandardTransform(transform, target_transform) if has_any else None

    def _apply_transforms(self, img, target):
        return self.transforms(img, target) if self.transforms is not None else (img, target)

    def extra_repr(self):
        return ""

    def __repr__(self):
        body = [f"Number of datapoints: {len(self)}"]
        if self.root is not None:
            body.append(f"Root location: {self.root}")
        body += self.extra_repr().splitlines()
        if self.transforms is not None:
            body += repr(self.transforms).splitlines()
        return "\n".join([f"Dataset {type(self).__name__}"] + [" " * self._repr_indent + line for line in body])


# -- IDX files ------------------------------------------------------------------------------------------
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """Read an IDX file (LeCun's format; gzipped when ``path`` ends in .gz) into a native-endian array.

    Layout: two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
    0x0E float64), the number of dims, then each dim as a big-endian uint32, then the data, big-endian.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path} is not an IDX file (bad magic number {raw[:4].hex()})")
    ndim = raw[3]
    header = 4 + 4 * ndim
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    count = int(np.prod(shape))
    if len(raw) - header < count * dtype.itemsize:
        raise ValueError(f"{path} is truncated: its header announces shape {shape}")
    data = np.frombuffer(raw, dtype=dtype, count=count, offset=header)
    return data.astype(dtype.newbyteorder("=")).reshape(shape)  # a writable native-order copy


def _check_idx(arr, ndim, what):
    """torchvision's checks on an MNIST file's contents."""
    if arr.dtype != np.uint8:
        raise TypeError(f"x should be of dtype torch.uint8 instead of torch.{arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"x should have {ndim} dimension instead of {arr.ndim} ({what})")
    return arr


class MNIST(VisionDataset):
    """The MNIST digits from local IDX files (never downloaded).

    Put ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte`` (for ``train=True``) and/or
    ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte`` (for ``train=False``), plain or gzipped
    (``.gz``), in ``<root>/MNIST/raw/`` -- torchvision's layout, so a folder torchvision filled works.

    * ``dataset[i]`` is ``(image, label)``: a uint8 28 x 28 NumPy array (a copy; torchvision gives a
      PIL image here) and an int, each passed through ``transform`` / ``target_transform``;
    * ``data``: uint8 tensor (N, 28, 28); ``targets``: int64 tensor (N,); ``classes``;
    * ``download=True`` cannot fetch anything: when files are missing it raises the same
      RuntimeError as ``download=False``, saying which files to put where.
    """

    classes = _DIGIT_CLASSES
    _files = {True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
              False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        images_path, labels_path = self._find_files(download)
        images = _check_idx(read_idx(images_path), 3, images_path)
        labels = _check_idx(read_idx(labels_path), 1, labels_path)
        if len(images) != len(labels):
            raise ValueError(f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels")
        self.data = from_numpy(images)
        self.targets = from_numpy(labels.astype(np.int64))

    @property
    def raw_folder(self):
        return os.path.join(self.root, type(self).__name__, "raw")

    @property
    def class_to_idx(self):
        return {name: i for i, name in enumerate(self.classes)}

    def _find_files(self, download):
        """The paths of this split's image and label files (plain preferred over .gz), or the error."""
        found, missing = [], []
        for name in self._files[bool(self.train)]:
            path = os.path.join(self.raw_folder, name)
            present = [p for p in (path, path + ".gz") if os.path.isfile(p)]
            (found if present else missing).append(present[0] if present else path)
        if missing:
            wanted = ", ".join(os.path.basename(p) for p in missing)
            lead = ("download=True was given, but minitorch never downloads. " if download else "")
            raise RuntimeError(
                f"Dataset not found. {lead}Missing: {', '.join(missing)}. Put the {type(self).__name__} IDX "
                f"files {wanted} (plain or gzipped as .gz) in {self.raw_folder}{os.sep} "
                f"(torchvision's layout: <root>/{type(self).__name__}/raw/).")
        return found

    def __getitem__(self, index):
        img, target = self.data._data[index].copy(), int(self.targets._data[index])
        return self._apply_transforms(img, target)

    def __len__(self):
        return len(self.data)

    def extra_repr(self):
        return f"Split: {'Train' if self.train is True else 'Test'}"


class FashionMNIST(MNIST):
    """Fashion-MNIST from local IDX files in ``<root>/FashionMNIST/raw/`` (same file names as MNIST)."""

    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]


# -- scikit-learn's bundled sets -------------------------------------------------------------------------
def _sklearn_datasets(who):
    try:
        from sklearn import datasets
    except ImportError:
        raise ImportError(f"minitorch.vision.datasets.{who} reads the copy of this data set that ships with "
                          f"scikit-learn, which is not installed: pip install scikit-learn") from None
    return datasets


class Digits(VisionDataset):
    """scikit-learn's 1797 handwritten digits (8 x 8, from UCI) as an MNIST-like dataset.

    * ``dataset[i]`` is ``(image, label)``: a uint8 8 x 8 NumPy array (scikit-learn's 0..16 gray
      levels rescaled to 0..255, rounded) and an int 0..9; ``ToTensor`` gives a 1 x 8 x 8 float32;
    * ``data``: uint8 tensor (N, 8, 8); ``targets``: int64 tensor (N,); ``classes`` as MNIST's;
    * the split is fixed: a permutation seeded with 0 puts 359 images (a fifth) in the test set
      (``train=False``) and the other 1438 in the training set (``train=True``).

    ``root`` and ``download`` are accepted so the call can replace ``MNIST(root, ...)``; both are
    ignored (the data ship with scikit-learn).
    """

    classes = _DIGIT_CLASSES

    def __init__(self, root=None, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        bunch = _sklearn_datasets("Digits").load_digits()
        images = np.rint(bunch.images * (255.0 / 16.0)).astype(np.uint8)
        order = np.random.default_rng(0).permutation(len(images))
        n_test = len(images) // 5
        rows = np.sort(order[n_test:] if train else order[:n_test])
        self.data = from_numpy(images[rows])
        self.targets = from_numpy(bunch.target[rows].astype(np.int64))

    @property
    def class_to_idx(self):
        return {name: i for i, name in enumerate(self.classes)}

    def __getitem__(self, index):
        img, target = self.data._data[index].copy(), int(self.targets._data[index])
        return self._apply_transforms(img, target)

    def __len__(self):
        return len(self.data)

    def extra_repr(self):
        return f"Split: {'Train' if self.train is True else 'Test'}"


class _TabularDataset(Dataset):
    """Rows of ``data`` with their ``targets``: ``dataset[i] == (data[i], targets[i])``, both tensors."""

    def __init__(self, features, target, feature_names):
        self.data = from_numpy(np.ascontiguousarray(features, dtype=np.float32))
        self.targets = from_numpy(np.ascontiguousarray(target, dtype=np.float32).reshape(-1, 1))
        self.feature_names = list(feature_names)

    def __getitem__(self, index):
        return self.data[index], self.targets[index]

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        return (f"Dataset {type(self).__name__}\n    Number of datapoints: {len(self)}\n"
                f"    Features: {self.data.shape[1]}")


class Diabetes(_TabularDataset):
    """scikit-learn's diabetes regression set: 442 patients, 10 baseline variables (age, sex, bmi, bp,
    s1..s6), target a disease-progression score one year later (25..346).

    * ``data``: float32 tensor (442, 10) -- scikit-learn's scaled features (each column centred and
      scaled to unit norm) unless ``scaled=False`` (the raw values);
    * ``targets``: float32 tensor (442, 1); ``dataset[i]`` is ``(data[i], targets[i])``, shapes
      (10,) and (1,), ready for ``MSELoss`` against a ``Linear(10, 1)`` output.
    """

    def __init__(self, scaled=True):
        bunch = _sklearn_datasets("Diabetes").load_diabetes(scaled=scaled)
        super().__init__(bunch.data, bunch.target, bunch.feature_names)


class BreastCancer(_TabularDataset):
    """scikit-learn's Wisconsin breast-cancer set: 569 tumours, 30 real-valued features; target 1 for
    benign and 0 for malignant (scikit-learn's coding; 357 benign).

    * ``data``: float32 tensor (569, 30), raw feature values (they range over very different scales:
      pass ``standardize=True`` to get each column shifted to mean 0 and scaled to std 1);
    * ``targets``: float32 tensor (569, 1) of 0./1.; ``dataset[i]`` is ``(data[i], targets[i])``,
      ready for ``BCELoss`` / ``BCEWithLogitsLoss``. ``classes`` is ``['malignant', 'benign']``.
    """

    classes = ["malignant", "benign"]

    def __init__(self, standardize=False):
        bunch = _sklearn_datasets("BreastCancer").load_breast_cancer()
        features = bunch.data
        if standardize:
            features = (features - features.mean(axis=0)) / features.std(axis=0)
        super().__init__(features, bunch.target, bunch.feature_names)
