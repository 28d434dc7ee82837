"""minitorch.save / minitorch.load: round trips of everything a state dict holds, file objects,
PyTorch interop through the safetensors package (both ways), and refusal of pickles.

Interop is checked with the real ``safetensors`` library and real torch; round trips compare the
loaded object with the saved one value by value and type by type (int keys stay ints, tuples stay
tuples, OrderedDict stays OrderedDict).
"""
import io
import json
import math
import os
import pickle
import struct
from collections import OrderedDict

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st
from safetensors.numpy import load_file as np_load_file
from safetensors.torch import load_file as torch_load_file, save_file as torch_save_file

import minitorch
from minitorch import nn

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def roundtrip(obj, **load_kwargs):
    buf = io.BytesIO()
    minitorch.save(obj, buf)
    buf.seek(0)
    return minitorch.load(buf, **load_kwargs)


def assert_same(a, b, path="obj"):
    """Deep equality that also checks types (dict vs OrderedDict, list vs tuple, int vs float vs bool,
    Tensor vs Parameter), tensor dtypes, shapes, values and requires_grad."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, minitorch.Tensor):
        assert a.dtype == b.dtype and a.shape == b.shape, f"{path}: {a.dtype}{a.shape} != {b.dtype}{b.shape}"
        assert a.requires_grad == b.requires_grad, path
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy(), err_msg=path)
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys {list(a)} != {list(b)}"
        for (ka, va), kb in zip(a.items(), b):
            assert type(ka) is type(kb), f"{path}: key {ka!r} type"
            assert_same(va, b[kb], f"{path}[{ka!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b), path
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


# -- round trips ------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3, 4), (0, 5)])
def test_tensor_dtypes_and_shapes(dtype, shape):
    arr = np.asarray(np.random.default_rng(0).standard_normal(shape) * 50).astype(dtype)
    t = minitorch.from_numpy(arr)
    assert_same(roundtrip(t), t)
    assert_same(roundtrip({"x": t}), {"x": t})


def test_noncontiguous_and_view_tensors():
    base = minitorch.arange(24, dtype=minitorch.float32).reshape(2, 3, 4)
    obj = {"t": base.permute(2, 0, 1), "s": base[:, ::2, 1], "e": base.expand(2, 2, 3, 4)[1]}
    back = roundtrip(obj)
    assert_same(back, {k: v.contiguous() for k, v in obj.items()})
    for v in back.values():
        assert v.is_contiguous()


def test_loaded_tensors_are_private_and_writable():
    back = roundtrip({"a": minitorch.ones(3), "b": minitorch.ones(3)})
    back["a"].add_(1)
    back["a"][0] = 7.0
    assert back["b"].tolist() == [1.0, 1.0, 1.0]
    assert back["a"].tolist() == [7.0, 2.0, 2.0]


def test_parameters_and_requires_grad_survive():
    obj = {"p": nn.Parameter(minitorch.ones(2)), "frozen": nn.Parameter(minitorch.ones(1), requires_grad=False),
           "r": minitorch.zeros(2, requires_grad=True), "plain": minitorch.zeros(1)}
    back = roundtrip(obj)
    assert_same(back, obj)
    assert type(back["p"]) is nn.Parameter and back["p"].requires_grad
    assert type(back["frozen"]) is nn.Parameter and not back["frozen"].requires_grad


def test_python_values():
    obj = {"int": 3, "neg": -2 ** 62, "big": 2 ** 70, "float": 0.1, "nan": float("nan"), "inf": -math.inf,
           "zero": -0.0, "str": "héllo \"quoted\" \n", "true": True, "false": False, "none": None,
           "empty_list": [], "empty_tuple": (), "empty_dict": {}, "empty_od": OrderedDict(),
           "nested": [(1, [2.0, (None, "x")]), {"k": (True,)}], "np_scalar": np.float64(1.5)}
    back = roundtrip(obj)
    expected = dict(obj, np_scalar=1.5)
    assert_same(back, expected)
    assert math.copysign(1.0, back["zero"]) == -1.0


def test_dict_key_types_and_order():
    obj = OrderedDict([(2, "int"), ("2", "str"), (1.5, "float"), (True, "bool"), (None, "none"),
                       ((1, "a"), "tuple"), (0, {"inner": OrderedDict([("z", 1), ("a", 2)])})])
    assert_same(roundtrip(obj), obj)
    assert_same(roundtrip(dict(obj)), dict(obj))
    assert_same(roundtrip([obj]), [obj])


def test_bare_values_at_the_top():
    for obj in [minitorch.tensor(3.5), [minitorch.ones(2), minitorch.zeros(1)], (1, 2), 5, "s", None]:
        assert_same(roundtrip(obj), obj)


def test_clashing_tensor_paths_stay_apart():
    obj = {"a.b": minitorch.ones(1), "a": {"b": minitorch.zeros(1)}, "__metadata__": minitorch.full((1,), 2.0)}
    assert_same(roundtrip(obj), obj)


def test_the_same_tensor_twice():
    t = minitorch.arange(3)
    back = roundtrip({"x": t, "y": t, "l": [t, t]})
    assert back["x"].tolist() == back["y"].tolist() == back["l"][1].tolist() == [0, 1, 2]


def test_optimizer_like_state_dict():
    """The shape of ``torch.optim.Adam(...).state_dict()``, taken from real torch and converted."""
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.9, 0.99))
    model(torch.ones(4, 3)).sum().backward()
    opt.step()
    sd = opt.state_dict()

    def convert(x):
        if isinstance(x, torch.Tensor):
            return minitorch.from_numpy(x.detach().numpy().copy())
        if isinstance(x, dict):
            return type(x)((k, convert(v)) for k, v in x.items())
        if isinstance(x, (list, tuple)):
            return type(x)(convert(v) for v in x)
        return x

    ours = convert(sd)
    back = roundtrip(ours)
    assert_same(back, ours)
    assert list(back["state"]) == [0, 1, 2, 3] and back["param_groups"][0]["betas"] == (0.9, 0.99)
    assert back["param_groups"][0]["params"] == [0, 1, 2, 3]


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (st.lists(children, max_size=3) | st.tuples(children, children)
                      | st.dictionaries(st.integers() | st.text(max_size=3), children, max_size=3)),
    max_leaves=10))
def test_random_structures_roundtrip(obj):
    assert_same(roundtrip(obj), obj)


# -- files --------------------------------------------------------------------------------------------------
def test_paths_and_file_objects(tmp_path):
    obj = {"w": minitorch.randn(2, 2), "step": 4}
    minitorch.save(obj, str(tmp_path / "a.pt"))
    assert_same(minitorch.load(str(tmp_path / "a.pt")), obj)
    minitorch.save(obj, tmp_path / "b.pt")  # a pathlib.Path
    assert_same(minitorch.load(tmp_path / "b.pt", map_location="cpu", weights_only=True), obj)
    with open(tmp_path / "c.pt", "wb") as f:
        minitorch.save(obj, f)
    with open(tmp_path / "c.pt", "rb") as f:
        assert_same(minitorch.load(f, map_location=minitorch.device("cpu"), weights_only=False), obj)
    assert_same(minitorch.load(tmp_path / "c.pt", map_location={"cuda:0": "cpu"}), obj)


def test_map_location_cuda_is_refused_like_torch(tmp_path):
    minitorch.save({"a": minitorch.ones(1)}, tmp_path / "a.pt")
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        minitorch.load(tmp_path / "a.pt", map_location="cuda")


def test_unsupported_objects_are_refused():
    for obj in [{1, 2}, {"f": lambda: 0}, {"a": np.ones(2)}, {frozenset(): 1}]:
        with pytest.raises(TypeError, match="minitorch.save cannot store"):
            minitorch.save(obj, io.BytesIO())
    with pytest.raises(TypeError, match=r"type torch.Tensor: it saves minitorch tensors"):
        minitorch.save({"w": torch.ones(1)}, io.BytesIO())
    with pytest.raises(TypeError, match=r"minitorch.nn.modules.module.Module \(save model.state_dict\(\) instead"):
        minitorch.save(nn.Module(), io.BytesIO())


def test_file_layout_is_safetensors(tmp_path):
    """Parse the header by hand: u64 size, JSON with dtype/shape/offsets, 8-byte aligned data."""
    minitorch.save({"a": minitorch.ones(2, dtype=minitorch.float64), "b": minitorch.tensor([True]),
                    "c": minitorch.zeros(3)}, tmp_path / "f")
    data = (tmp_path / "f").read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    assert n % 8 == 0
    header = json.loads(data[8:8 + n])
    assert header["a"] == {"dtype": "F64", "shape": [2], "data_offsets": [0, 16]}
    assert header["c"]["dtype"] == "F32" and header["b"]["dtype"] == "BOOL"
    assert header["__metadata__"]["format"] == "minitorch"
    structure = json.loads(header["__metadata__"]["minitorch.structure"])
    assert structure["dict"][0] == ["a", {"tensor": "a"}]
    assert len(data) == 8 + n + 16 + 12 + 1


# -- PyTorch interop through safetensors ----------------------------------------------------------------------
class Net(nn.Module):
    """Parameter names as a torch MLP's (``fc.weight``, ``out.bias``) and a buffer."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Module()
        self.fc.weight = nn.Parameter(minitorch.zeros(3, 2))
        self.fc.bias = nn.Parameter(minitorch.zeros(3))
        self.out = nn.Module()
        self.out.weight = nn.Parameter(minitorch.zeros(1, 3))
        self.out.bias = nn.Parameter(minitorch.zeros(1))
        self.register_buffer("count", minitorch.tensor(0))


def torch_net():
    torch.manual_seed(0)
    m = torch.nn.Module()
    m.fc, m.out = torch.nn.Linear(2, 3), torch.nn.Linear(3, 1)
    m.register_buffer("count", torch.tensor(7))
    return m


def test_minitorch_state_dict_loads_into_torch(tmp_path):
    ours = Net()
    ours.load_state_dict({k: v.numpy() for k, v in torch_net().state_dict().items()})
    with minitorch.no_grad():
        for p in ours.parameters():
            p.mul_(2)  # values that differ from the torch module's
    minitorch.save(ours.state_dict(), tmp_path / "m.safetensors")
    loaded = torch_load_file(str(tmp_path / "m.safetensors"))
    assert sorted(loaded) == sorted(ours.state_dict())  # the safetensors keys are the state_dict keys
    theirs = torch_net()
    result = theirs.load_state_dict(loaded)
    assert not result.missing_keys and not result.unexpected_keys
    for name, v in theirs.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), ours.state_dict()[name].numpy())
        assert str(v.dtype).split(".")[1] == str(ours.state_dict()[name].dtype).split(".")[1]
    # and the NumPy flavour of the library reads it too, nested structures included
    minitorch.save({"model": ours.state_dict(), "epoch": 3}, tmp_path / "n.safetensors")
    assert sorted(np_load_file(str(tmp_path / "n.safetensors"))) == sorted("model." + k for k in ours.state_dict())


def test_torch_safetensors_file_loads_into_minitorch(tmp_path):
    theirs = torch_net()
    torch_save_file(theirs.state_dict(), str(tmp_path / "t.safetensors"))
    loaded = minitorch.load(tmp_path / "t.safetensors")
    assert type(loaded) is dict and sorted(loaded) == sorted(theirs.state_dict())
    assert all(type(v) is minitorch.Tensor for v in loaded.values())
    ours = Net()
    params = list(ours.parameters())
    assert repr(ours.load_state_dict(loaded)) == "<All keys matched successfully>"
    assert all(a is b for a, b in zip(params, ours.parameters()))
    for name, v in theirs.state_dict().items():
        np.testing.assert_array_equal(ours.state_dict()[name].numpy(), v.numpy())


def test_loaded_model_trains_like_before(tmp_path):
    """Save, load into a fresh module, and the forward gives the same numbers."""
    m = Net()
    with minitorch.no_grad():
        for p in m.parameters():
            p.copy_(minitorch.randn(*p.shape))
    minitorch.save(m.state_dict(), tmp_path / "m.pt")
    fresh = Net()
    fresh.load_state_dict(minitorch.load(tmp_path / "m.pt"))
    x = minitorch.randn(4, 2)

    def forward(net):
        h = (x @ net.fc.weight.t() + net.fc.bias).tanh()
        return h @ net.out.weight.t() + net.out.bias
    assert forward(fresh).equal(forward(m))


# -- refusing what is not ours -------------------------------------------------------------------------------
class _Payload:
    """Unpickling this creates a file: proof that a load executed code."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_malicious_pickle_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps({"weights": _Payload(str(marker))}))
    with pytest.raises(pickle.UnpicklingError, match="is a Python pickle. minitorch never unpickles"):
        minitorch.load(path)
    with pytest.raises(pickle.UnpicklingError):
        minitorch.load(io.BytesIO(path.read_bytes()), weights_only=False)
    assert not marker.exists()
    pickle.loads(path.read_bytes())["weights"].close()  # the payload is live: plain unpickling does create the file
    assert marker.exists()


def test_torch_save_archive_is_refused(tmp_path):
    torch.save(torch_net().state_dict(), tmp_path / "model.pth")
    with pytest.raises(pickle.UnpicklingError, match="PyTorch zip archive.*safetensors.torch.save_file"):
        minitorch.load(tmp_path / "model.pth")


@pytest.mark.parametrize("data", [b"", b"abc", b"\x00" * 8, struct.pack("<Q", 4) + b"[1] ",
                                  struct.pack("<Q", 2 ** 40) + b"{}", struct.pack("<Q", 4) + b"\xff\xfe{}",
                                  b"not a checkpoint at all, just text"])
def test_garbage_is_refused(data):
    with pytest.raises(pickle.UnpicklingError, match="minitorch.load"):
        minitorch.load(io.BytesIO(data))


def _file(header, body=b""):
    text = json.dumps(header).encode()
    return io.BytesIO(struct.pack("<Q", len(text)) + text + body)


@pytest.mark.parametrize("header, body", [
    ({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, b"\x00" * 4),    # data cut short
    ({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\x00" * 8),    # size != shape
    ({"a": {"dtype": "BF16", "shape": [1], "data_offsets": [0, 2]}}, b"\x00" * 2),   # a dtype we lack
    ({"a": {"dtype": "F32", "shape": [1]}}, b"\x00" * 4),                            # no offsets
    ({"__metadata__": {"minitorch.structure": "{\"tensor\": \"missing\"}"}}, b""),   # dangling reference
    ({"__metadata__": {"minitorch.structure": "{not json"}}, b""),
])
def test_damaged_files_are_refused(header, body):
    with pytest.raises(pickle.UnpicklingError, match="damaged"):
        minitorch.load(_file(header, body))


def test_foreign_file_without_structure_is_a_dict_of_tensors():
    body = np.arange(3, dtype="<i8").tobytes()
    loaded = minitorch.load(_file({"__metadata__": {"format": "np"},
                                   "x": {"dtype": "I64", "shape": [3], "data_offsets": [0, 24]}}, body))
    assert list(loaded) == ["x"] and loaded["x"].tolist() == [0, 1, 2] and loaded["x"].dtype == minitorch.int64


def test_file_name_in_error(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(os.urandom(4))
    with pytest.raises(pickle.UnpicklingError, match="junk.bin"):
        minitorch.load(path)
