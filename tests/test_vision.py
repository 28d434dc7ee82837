"""Tests for minitorch.vision: offline datasets and transforms (torchvision is not installed, so
transforms are checked against torchvision's documented formulas, computed with torch and NumPy).

* MNIST: IDX files written here (tiny, plain and gzipped) read back exactly through torchvision's
  folder layout; samples, .data/.targets dtypes, transforms, repr; missing-file and bad-file errors;
* ToTensor: uint8 H x W x C -> float C x H x W / 255, other dtypes kept; errors;
* Normalize: (x - mean) / std per channel, as torch arithmetic gives it; tuple and scalar forms;
  in-place or not; errors; Compose / Lambda and their reprs;
* Digits / Diabetes / BreastCancer: shapes, dtypes, label ranges, the fixed train/test split.
"""
import gzip
import os
import struct

import numpy as np
import pytest
import torch

import minitorch
from minitorch.utils.data import DataLoader
from minitorch.vision import datasets, transforms as T


# -- IDX files --------------------------------------------------------------------------------------------
IDX_CODES = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09, np.dtype(np.int16): 0x0B, np.dtype(np.int32): 0x0C,
             np.dtype(np.float32): 0x0D, np.dtype(np.float64): 0x0E}


def write_idx(path, arr, gz=False):
    """Write ``arr`` in LeCun's IDX layout: 0, 0, type code, ndim, big-endian dims, big-endian data."""
    header = bytes([0, 0, IDX_CODES[arr.dtype], arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape)
    body = arr.astype(arr.dtype.newbyteorder(">")).tobytes()
    with (gzip.open if gz else open)(path, "wb") as f:
        f.write(header + body)


def make_mnist(root, folder="MNIST", n_train=5, n_test=3, size=28, gz=(False, True, True, False)):
    """Random images/labels written as the four MNIST files (which of them gzipped: ``gz``)."""
    rng = np.random.default_rng(0)
    raw = os.path.join(root, folder, "raw")
    os.makedirs(raw, exist_ok=True)
    arrays = {"train-images-idx3-ubyte": rng.integers(0, 256, (n_train, size, size), dtype=np.uint8),
              "train-labels-idx1-ubyte": rng.integers(0, 10, n_train, dtype=np.uint8),
              "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, size, size), dtype=np.uint8),
              "t10k-labels-idx1-ubyte": rng.integers(0, 10, n_test, dtype=np.uint8)}
    for (name, arr), zipped in zip(arrays.items(), gz):
        write_idx(os.path.join(raw, name + (".gz" if zipped else "")), arr, gz=zipped)
    return arrays


@pytest.mark.parametrize("gz", [(False,) * 4, (True,) * 4, (False, True, True, False)])
def test_mnist_reads_idx_files_exactly(tmp_path, gz):
    arrays = make_mnist(tmp_path, gz=gz)
    for train, prefix in ((True, "train"), (False, "t10k")):
        ds = datasets.MNIST(str(tmp_path), train=train)
        images, labels = arrays[f"{prefix}-images-idx3-ubyte"], arrays[f"{prefix}-labels-idx1-ubyte"]
        assert len(ds) == len(images)
        assert ds.data.dtype == minitorch.uint8 and tuple(ds.data.shape) == images.shape
        assert ds.targets.dtype == minitorch.int64
        np.testing.assert_array_equal(ds.data.numpy(), images)
        np.testing.assert_array_equal(ds.targets.numpy(), labels)
        img, label = ds[1]
        assert isinstance(img, np.ndarray) and img.dtype == np.uint8 and img.shape == (28, 28)
        assert type(label) is int and label == labels[1]
        np.testing.assert_array_equal(img, images[1])
        img[0, 0] ^= 1  # a copy: the dataset is not changed through it
        np.testing.assert_array_equal(ds[1][0], images[1])
    assert datasets.MNIST(tmp_path).classes[3] == "3 - three"
    assert datasets.MNIST(tmp_path).class_to_idx["9 - nine"] == 9


def test_mnist_with_transforms_and_loader(tmp_path):
    arrays = make_mnist(tmp_path)
    tf = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])
    ds = datasets.MNIST(tmp_path, train=True, transform=tf, target_transform=lambda y: y + 100, download=True)
    x, y = ds[0]
    expected = (torch.from_numpy(arrays["train-images-idx3-ubyte"][0]).float().div(255).unsqueeze(0)
                - 0.1307) / 0.3081
    assert tuple(x.shape) == (1, 28, 28) and x.dtype == minitorch.float32
    np.testing.assert_allclose(x.numpy(), expected.numpy(), rtol=1e-6, atol=1e-6)
    assert y == arrays["train-labels-idx1-ubyte"][0] + 100
    xb, yb = next(iter(DataLoader(datasets.MNIST(tmp_path, transform=T.ToTensor()), batch_size=4)))
    assert tuple(xb.shape) == (4, 1, 28, 28) and xb.dtype == minitorch.float32 and yb.dtype == minitorch.int64
    assert float(xb.max()) <= 1.0 and float(xb.min()) >= 0.0


def test_mnist_repr_is_torchvisions(tmp_path):
    make_mnist(tmp_path)
    plain = datasets.MNIST(str(tmp_path), train=False)
    assert repr(plain) == f"Dataset MNIST\n    Number of datapoints: 3\n    Root location: {tmp_path}\n    Split: Test"
    tf = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])
    with_tf = datasets.MNIST(str(tmp_path), transform=tf)
    assert repr(with_tf) == (
        "Dataset MNIST\n"
        "    Number of datapoints: 5\n"
        f"    Root location: {tmp_path}\n"
        "    Split: Train\n"
        "    StandardTransform\n"
        "Transform: Compose(\n"
        "               ToTensor()\n"
        "               Normalize(mean=(0.1307,), std=(0.3081,))\n"
        "           )").replace("\nTransform", "\n    Transform").replace("\n       ", "\n           ")


@pytest.mark.parametrize("download", [False, True])
def test_missing_mnist_files_name_what_to_put_where(tmp_path, download):
    raw = os.path.join(str(tmp_path), "MNIST", "raw")
    with pytest.raises(RuntimeError) as err:
        datasets.MNIST(str(tmp_path), train=True, download=download)
    text = str(err.value)
    assert text.startswith("Dataset not found.")
    assert os.path.join(raw, "train-images-idx3-ubyte") in text and os.path.join(raw, "train-labels-idx1-ubyte") in text
    assert ".gz" in text and raw in text
    assert ("never downloads" in text) == download
    # only the test files present: the training split still names exactly its two files
    os.makedirs(raw)
    write_idx(os.path.join(raw, "t10k-images-idx3-ubyte"), np.zeros((1, 2, 2), np.uint8))
    write_idx(os.path.join(raw, "t10k-labels-idx1-ubyte"), np.zeros(1, np.uint8))
    assert len(datasets.MNIST(str(tmp_path), train=False)) == 1
    write_idx(os.path.join(raw, "train-labels-idx1-ubyte.gz"), np.zeros(1, np.uint8), gz=True)
    with pytest.raises(RuntimeError) as err:
        datasets.MNIST(str(tmp_path), train=True)
    assert "train-images-idx3-ubyte" in str(err.value) and "Missing: " + os.path.join(raw, "train-images") in str(
        err.value) and "labels" not in str(err.value).split("Put the")[0]


def test_bad_idx_files(tmp_path):
    raw = os.path.join(str(tmp_path), "MNIST", "raw")
    os.makedirs(raw)
    write_idx(os.path.join(raw, "train-labels-idx1-ubyte"), np.zeros(2, np.uint8))
    write_idx(os.path.join(raw, "train-images-idx3-ubyte"), np.zeros((2, 3, 3), np.int32))
    with pytest.raises(TypeError, match="x should be of dtype torch.uint8 instead of torch.int32"):
        datasets.MNIST(str(tmp_path))
    write_idx(os.path.join(raw, "train-images-idx3-ubyte"), np.zeros((2, 9), np.uint8))
    with pytest.raises(ValueError, match="x should have 3 dimension instead of 2"):
        datasets.MNIST(str(tmp_path))
    with open(os.path.join(raw, "train-images-idx3-ubyte"), "wb") as f:
        f.write(b"\x1f\x8b\x08\x00junk")
    with pytest.raises(ValueError, match="not an IDX file"):
        datasets.MNIST(str(tmp_path))
    write_idx(os.path.join(raw, "train-images-idx3-ubyte"), np.zeros((3, 2, 2), np.uint8))
    with pytest.raises(ValueError, match="3 images but .* 2 labels"):
        datasets.MNIST(str(tmp_path))


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
def test_read_idx_every_type_code(tmp_path, dtype):
    arr = (np.arange(24) * 3 - 20).astype(dtype).reshape(2, 3, 4)
    for gz in (False, True):
        path = os.path.join(str(tmp_path), "x.idx" + (".gz" if gz else ""))
        write_idx(path, arr, gz=gz)
        back = datasets.read_idx(path)
        assert back.dtype == arr.dtype and back.dtype.isnative and back.flags.writeable
        np.testing.assert_array_equal(back, arr)


def test_fashion_mnist_uses_its_own_folder(tmp_path):
    make_mnist(tmp_path, folder="FashionMNIST")
    ds = datasets.FashionMNIST(str(tmp_path), train=False)
    assert len(ds) == 3 and ds.classes[9] == "Ankle boot"
    with pytest.raises(RuntimeError, match="Put the MNIST IDX files"):  # MNIST looks in <root>/MNIST/raw
        datasets.MNIST(str(tmp_path))


# -- ToTensor ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(4, 5), (4, 5, 1), (4, 5, 3), (2, 3, 4)])
def test_to_tensor_uint8_matches_the_formula(shape):
    arr = np.random.default_rng(1).integers(0, 256, shape, dtype=np.uint8)
    out = T.ToTensor()(arr)
    hwc = arr if arr.ndim == 3 else arr[:, :, None]
    expected = torch.from_numpy(np.ascontiguousarray(hwc.transpose(2, 0, 1))).to(torch.float32).div(255)
    assert out.dtype == minitorch.float32 and tuple(out.shape) == tuple(expected.shape)
    assert out.is_contiguous()
    np.testing.assert_array_equal(out.numpy(), expected.numpy())


def test_to_tensor_keeps_other_dtypes_unscaled_and_follows_default_dtype():
    arr = np.linspace(0, 5, 12).reshape(2, 2, 3)
    out = T.ToTensor()(arr)
    assert out.dtype == minitorch.float64
    np.testing.assert_array_equal(out.numpy(), arr.transpose(2, 0, 1))
    ints = T.ToTensor()(np.full((2, 2), 300, np.int32))
    assert ints.dtype == minitorch.int32 and ints.tolist() == [[[300, 300], [300, 300]]]
    minitorch.set_default_dtype(minitorch.float64)
    try:
        assert T.ToTensor()(np.full((1, 1), 255, np.uint8)).dtype == minitorch.float64
    finally:
        minitorch.set_default_dtype(minitorch.float32)


def test_to_tensor_errors_and_repr():
    with pytest.raises(TypeError, match=r"pic should be PIL Image or ndarray. Got <class 'list'>"):
        T.ToTensor()([[1, 2]])
    with pytest.raises(ValueError, match=r"pic should be 2/3 dimensional. Got 1 dimensions."):
        T.ToTensor()(np.zeros(3, np.uint8))
    assert repr(T.ToTensor()) == "ToTensor()"


# -- Normalize, Compose, Lambda ----------------------------------------------------------------------------
@pytest.mark.parametrize("mean,std", [((0.5, 0.25, 0.1), (0.5, 2.0, 0.3)), (0.5, 0.25), ([0.1], [0.3]),
                                      ((0.4,), (0.2,))])
@pytest.mark.parametrize("lead", [(), (2,)])
def test_normalize_matches_torch_arithmetic(mean, std, lead):
    x = np.random.default_rng(2).random((*lead, 3, 4, 5), dtype=np.float32)
    m, s = torch.as_tensor(mean, dtype=torch.float32), torch.as_tensor(std, dtype=torch.float32)
    if m.ndim == 1:
        m, s = m.view(-1, 1, 1), s.view(-1, 1, 1)
    expected = torch.from_numpy(x.copy()).sub_(m).div_(s)
    ours_in = minitorch.from_numpy(x.copy())
    out = T.Normalize(mean, std)(ours_in)
    np.testing.assert_array_equal(out.numpy(), expected.numpy())
    np.testing.assert_array_equal(ours_in.numpy(), x)  # not in place by default
    out64 = T.Normalize(mean, std)(minitorch.from_numpy(x.astype(np.float64)))
    assert out64.dtype == minitorch.float64


def test_normalize_inplace_and_errors():
    x = minitorch.ones(3, 2, 2)
    out = T.Normalize((1.0, 0.0, 0.5), (1.0, 2.0, 0.5), inplace=True)(x)
    assert out is x and x[:, 0, 0].tolist() == [0.0, 0.5, 1.0]
    with pytest.raises(TypeError, match=r"Input tensor should be a float tensor. Got minitorch.int64."):
        T.Normalize(0.5, 0.5)(minitorch.ones(1, 2, 2, dtype=minitorch.int64))
    with pytest.raises(ValueError, match=r"Expected tensor to be a tensor image of size \(\.\.\., C, H, W\)"):
        T.Normalize(0.5, 0.5)(minitorch.ones(2, 2))
    with pytest.raises(ValueError, match="std evaluated to zero after conversion to minitorch.float32, leading to "
                                         "division by zero."):
        T.Normalize((0.5, 0.5), (1.0, 0.0))(minitorch.ones(2, 2, 2))
    with pytest.raises(TypeError, match="img should be Tensor Image. Got <class 'numpy.ndarray'>"):
        T.Normalize(0.5, 0.5)(np.ones((1, 2, 2), np.float32))
    assert repr(T.Normalize((0.1307,), (0.3081,))) == "Normalize(mean=(0.1307,), std=(0.3081,))"
    assert repr(T.Normalize(0.5, [0.2])) == "Normalize(mean=0.5, std=[0.2])"


def test_compose_and_lambda():
    tf = T.Compose([T.ToTensor(), T.Lambda(lambda t: t * 2), T.Normalize(0.0, 2.0)])
    arr = np.full((2, 2), 51, np.uint8)
    np.testing.assert_allclose(tf(arr).numpy(), np.full((1, 2, 2), 0.2, np.float32), rtol=1e-6)
    assert repr(tf) == "Compose(\n    ToTensor()\n    Lambda()\n    Normalize(mean=0.0, std=2.0)\n)"
    assert repr(T.Compose([])) == "Compose(\n)"
    with pytest.raises(TypeError, match="Argument lambd should be callable, got 'int'"):
        T.Lambda(3)


# -- scikit-learn's bundled sets -------------------------------------------------------------------------
def test_digits_is_an_mnist_like_split():
    pytest.importorskip("sklearn")
    from sklearn.datasets import load_digits
    train, test = datasets.Digits(train=True), datasets.Digits(train=False)
    assert (len(train), len(test)) == (1438, 359)
    for ds in (train, test):
        assert ds.data.dtype == minitorch.uint8 and tuple(ds.data.shape[1:]) == (8, 8)
        assert ds.targets.dtype == minitorch.int64 and set(ds.targets.tolist()) == set(range(10))
        img, label = ds[0]
        assert isinstance(img, np.ndarray) and img.dtype == np.uint8 and img.shape == (8, 8)
        assert type(label) is int and 0 <= label <= 9
    # the two splits together are exactly scikit-learn's images, rescaled 0..16 -> 0..255
    ref = load_digits()
    both = np.concatenate([train.data.numpy(), test.data.numpy()])
    assert int(both.max()) == 255 and int(both.min()) == 0
    rescaled = np.rint(ref.images * 255 / 16).astype(np.uint8)
    key = lambda a: sorted(map(bytes, a.reshape(len(a), -1)))  # noqa: E731
    assert key(both) == key(rescaled)
    # deterministic
    np.testing.assert_array_equal(datasets.Digits(train=False).targets.numpy(), test.targets.numpy())
    x, y = datasets.Digits(transform=T.ToTensor())[5]
    assert tuple(x.shape) == (1, 8, 8) and x.dtype == minitorch.float32 and float(x.max()) <= 1.0


def test_diabetes_and_breast_cancer():
    pytest.importorskip("sklearn")
    diabetes = datasets.Diabetes()
    assert len(diabetes) == 442 and tuple(diabetes.data.shape) == (442, 10)
    assert diabetes.data.dtype == diabetes.targets.dtype == minitorch.float32
    assert tuple(diabetes.targets.shape) == (442, 1)
    assert 25 <= float(diabetes.targets.min()) and float(diabetes.targets.max()) <= 346
    x, y = diabetes[0]
    assert tuple(x.shape) == (10,) and tuple(y.shape) == (1,)
    assert float(datasets.Diabetes(scaled=False).data[:, 0].max()) > 50  # raw ages

    cancer = datasets.BreastCancer()
    assert tuple(cancer.data.shape) == (569, 30) and tuple(cancer.targets.shape) == (569, 1)
    assert cancer.data.dtype == cancer.targets.dtype == minitorch.float32
    assert set(cancer.targets.flatten().tolist()) == {0.0, 1.0} and float(cancer.targets.sum()) == 357
    std = datasets.BreastCancer(standardize=True).data.numpy()
    np.testing.assert_allclose(std.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(std.std(axis=0), 1, atol=1e-4)
    xb, yb = next(iter(DataLoader(cancer, batch_size=16, shuffle=True)))
    assert tuple(xb.shape) == (16, 30) and tuple(yb.shape) == (16, 1)
