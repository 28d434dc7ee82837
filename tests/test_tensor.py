"""Tensor creation, dtypes and promotion, conversion, devices: each compared with torch."""
import itertools
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import minitorch


def dname(d):
    return str(d).split(".")[-1]


@pytest.mark.parametrize("data", [
    [1, 2, 3], [1.0, 2.0], 3, 2.5, True, [True, False], [[1, 2], [3, 4]], [[1.5], [2]], [],
    np.array([1, 2], dtype=np.int32), np.array([1.0], dtype=np.float64), np.float64(2.0), np.int16(3),
])
def test_tensor_infers_dtype_and_shape_like_torch(data):
    ours, theirs = minitorch.tensor(data), torch.tensor(data)
    assert dname(ours.dtype) == dname(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_tensor_of_tensors_and_explicit_dtype():
    t = minitorch.tensor([minitorch.tensor(1.0), minitorch.tensor(2.0)])
    assert t.shape == (2,) and t.dtype == minitorch.float32
    assert minitorch.tensor([1, 2], dtype=minitorch.float64).dtype == minitorch.float64
    assert minitorch.tensor([1.7, -1.7], dtype=minitorch.long).tolist() == torch.tensor(
        [1.7, -1.7], dtype=torch.long).tolist()


def test_legacy_constructors():
    assert minitorch.Tensor(2, 3).shape == (2, 3) and minitorch.Tensor(2, 3).dtype == minitorch.float32
    t = minitorch.Tensor([1, 2, 3])
    assert t.dtype == minitorch.float32 and t.tolist() == [1.0, 2.0, 3.0]
    assert minitorch.Tensor(np.array([1.0, 2.0])).dtype == minitorch.float32  # float64 data -> float32
    assert minitorch.Tensor().shape == (0,)
    assert minitorch.FloatTensor([1, 2]).dtype == minitorch.float32
    assert minitorch.LongTensor([1.0, 2.0]).dtype == minitorch.int64
    assert minitorch.LongTensor(3).shape == (3,)
    assert isinstance(minitorch.tensor([1.0]), minitorch.FloatTensor)
    assert not isinstance(minitorch.tensor([1]), minitorch.FloatTensor)


def test_from_numpy_shares_memory_and_keeps_dtype():
    arr = np.arange(6, dtype=np.float64).reshape(2, 3)
    t = minitorch.from_numpy(arr)
    assert t.dtype == minitorch.float64
    arr[0, 0] = 42
    assert t[0, 0].item() == 42
    t.add_(1)
    assert arr[0, 0] == 43
    with pytest.raises(TypeError):
        minitorch.from_numpy([1, 2])


@pytest.mark.parametrize("fn,args,kwargs", [
    ("zeros", (2, 3), {}), ("ones", ((2, 3),), {}), ("empty", (4,), {}), ("zeros", ([2, 1],), {"dtype": "int64"}),
    ("full", ((2, 2), 7), {}), ("full", ((2,), 1.5), {}), ("full", ((2,), True), {}), ("eye", (3,), {}),
    ("eye", (2, 4), {}), ("arange", (5,), {}), ("arange", (1, 4, 0.5), {}), ("arange", (0.0, 1.0, 0.1), {}),
    ("arange", (10, 0, -3), {}), ("linspace", (0, 1, 5), {}), ("linspace", (-1.0, 1.0, 1), {}),
])
def test_creation_functions_match_torch(fn, args, kwargs):
    kw_ours = {k: getattr(minitorch, v) if k == "dtype" else v for k, v in kwargs.items()}
    kw_theirs = {k: getattr(torch, v) if k == "dtype" else v for k, v in kwargs.items()}
    ours, theirs = getattr(minitorch, fn)(*args, **kw_ours), getattr(torch, fn)(*args, **kw_theirs)
    assert dname(ours.dtype) == dname(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    if fn != "empty":
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_like_and_new_functions():
    x = minitorch.ones(2, 3, dtype=minitorch.float64)
    for fn in (minitorch.zeros_like, minitorch.ones_like, minitorch.empty_like, minitorch.rand_like,
               minitorch.randn_like):
        y = fn(x)
        assert y.shape == (2, 3) and y.dtype == minitorch.float64
    assert minitorch.full_like(x, 3).tolist() == [[3.0] * 3] * 2
    assert x.new_zeros(4).dtype == minitorch.float64 and x.new_ones((1, 2)).shape == (1, 2)
    assert x.new_tensor([1, 2]).dtype == minitorch.float64
    assert x.new_full((2,), 5).tolist() == [5.0, 5.0]
    assert minitorch.zeros_like(x, dtype=minitorch.int64).dtype == minitorch.int64


def test_random_functions_ranges_and_seed():
    minitorch.manual_seed(0)
    a = minitorch.rand(1000)
    minitorch.manual_seed(0)
    b = minitorch.rand(1000)
    assert a.equal(b)
    assert 0 <= a.min().item() and a.max().item() < 1 and a.dtype == minitorch.float32
    n = minitorch.randn(20000)
    assert abs(n.mean().item()) < 0.05 and abs(n.std().item() - 1) < 0.05
    r = minitorch.randint(3, 7, (1000,))
    assert r.dtype == minitorch.int64 and r.min().item() == 3 and r.max().item() == 6
    assert minitorch.randint(5, (2, 2)).shape == (2, 2)
    p = minitorch.randperm(10)
    assert sorted(p.tolist()) == list(range(10))
    g = minitorch.Generator().manual_seed(3)
    assert minitorch.rand(3, generator=g).equal(minitorch.rand(3, generator=minitorch.Generator().manual_seed(3)))


def test_negative_size_raises_like_torch():
    with pytest.raises(RuntimeError, match="zeros: Dimension size must be non-negative"):
        minitorch.zeros(2, -1)
    with pytest.raises(RuntimeError, match="zeros: Dimension size must be non-negative"):
        torch.zeros(2, -1)


def test_size_prints_and_behaves_like_a_tuple():
    s = minitorch.zeros(2, 3).shape
    assert repr(s) == "minitorch.Size([2, 3])" and str(s) == repr(s)
    assert s == (2, 3) and s[0] == 2 and isinstance(s[1:], minitorch.Size) and s.numel() == 6
    assert minitorch.zeros(2, 3).size() == s and minitorch.zeros(2, 3).size(-1) == 3
    assert repr(minitorch.Size([])) == "minitorch.Size([])"
    assert minitorch.zeros(s).shape == s


def test_dims_len_iteration_and_conversion():
    t = minitorch.tensor([[1, 2], [3, 4], [5, 6]])
    assert t.dim() == t.ndim == 2 and t.numel() == 6 and len(t) == 3
    assert [row.tolist() for row in t] == [[1, 2], [3, 4], [5, 6]]
    assert t.tolist() == [[1, 2], [3, 4], [5, 6]]
    s = minitorch.tensor(3.5)
    assert s.item() == 3.5 and float(s) == 3.5 and int(s) == 3 and s.dim() == 0
    with pytest.raises(TypeError):
        len(s)
    with pytest.raises(RuntimeError, match="a Tensor with 6 elements cannot be converted to Scalar"):
        t.item()
    with pytest.raises(RuntimeError, match="more than one value is ambiguous"):
        bool(t)
    assert bool(minitorch.tensor([1]))
    assert f"{minitorch.tensor(0.5):.2f}" == "0.50"


def test_dtype_conversion_methods():
    t = minitorch.tensor([1.7, -2.2])
    assert t.long().tolist() == torch.tensor([1.7, -2.2]).long().tolist()
    assert t.double().dtype == minitorch.float64 and t.float() is t
    assert t.int().dtype == minitorch.int32 and t.bool().dtype == minitorch.bool and t.half().dtype == minitorch.float16
    assert t.to(minitorch.float64).dtype == minitorch.float64 and t.to("cpu") is t
    assert t.to(minitorch.zeros(1, dtype=minitorch.int64)).dtype == minitorch.int64
    assert t.type() == "minitorch.FloatTensor"
    assert t.cpu() is t


def test_cuda_is_absent_and_says_so_like_torch_cpu_build():
    assert minitorch.cuda.is_available() is False
    assert minitorch.cuda.device_count() == 0
    t = minitorch.ones(1)
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        t.cuda()
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        t.to("cuda")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        minitorch.zeros(2, device="cuda")
    assert t.device == minitorch.device("cpu") and str(t.device) == "cpu"
    assert repr(minitorch.device("cpu")) == "device(type='cpu')"
    assert repr(minitorch.device("cuda:1")) == repr(torch.device("cuda:1"))


def test_dtype_objects_and_aliases():
    assert minitorch.float is minitorch.float32 and minitorch.double is minitorch.float64
    assert minitorch.long is minitorch.int64 and minitorch.int is minitorch.int32
    assert repr(minitorch.float32) == "minitorch.float32"
    assert minitorch.float32.is_floating_point and not minitorch.int64.is_floating_point
    assert pickle.loads(pickle.dumps(minitorch.float64)) is minitorch.float64
    assert minitorch.get_default_dtype() is minitorch.float32


_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


@pytest.mark.parametrize("a,b", list(itertools.combinations_with_replacement(_DTYPES, 2)))
def test_promote_types_matches_torch(a, b):
    ours = minitorch.promote_types(getattr(minitorch, a), getattr(minitorch, b))
    assert dname(ours) == dname(torch.promote_types(getattr(torch, a), getattr(torch, b)))


_OPERANDS = [
    ("t_f32", lambda lib: lib.ones(2, dtype=lib.float32)), ("t_f64", lambda lib: lib.ones(2, dtype=lib.float64)),
    ("t_i64", lambda lib: lib.ones(2, dtype=lib.int64)), ("t_i32", lambda lib: lib.ones(2, dtype=lib.int32)),
    ("t_bool", lambda lib: lib.ones(2, dtype=lib.bool)), ("z_f64", lambda lib: lib.tensor(1.0, dtype=lib.float64)),
    ("z_i64", lambda lib: lib.tensor(1)), ("z_f32", lambda lib: lib.tensor(1.0)),
    ("py_int", lambda lib: 2), ("py_float", lambda lib: 2.5), ("py_bool", lambda lib: True),
]


@pytest.mark.parametrize("a,b", [(a, b) for a in _OPERANDS for b in _OPERANDS if not (
    a[0].startswith("py") and b[0].startswith("py"))], ids=lambda o: o[0])
def test_result_type_and_addition_dtype_match_torch(a, b):
    ours = minitorch.result_type(a[1](minitorch), b[1](minitorch))
    theirs = torch.result_type(a[1](torch), b[1](torch))
    assert dname(ours) == dname(theirs)
    x, y = a[1](minitorch), b[1](minitorch)
    tx, ty = a[1](torch), b[1](torch)
    if dname(theirs) != "bool":
        assert dname((x * y).dtype) == dname((tx * ty).dtype)


def test_scalar_arithmetic_on_either_side():
    t = minitorch.tensor([1.0, 2.0])
    tt = torch.tensor([1.0, 2.0])
    for expr in ("0 + t", "t + 0", "2 * t", "t * 2", "t ** 2", "2 ** t", "1 - t", "t - 1", "2 / t", "t / 2",
                 "t // 2", "7 // t", "t % 1.5", "-t", "abs(-t)", "np.float64(2) * t", "t * np.float32(3)"):
        ours = eval(expr, {"t": t, "np": np})
        theirs = eval(expr, {"t": tt, "np": np})
        assert isinstance(ours, minitorch.Tensor), expr
        assert dname(ours.dtype) == dname(theirs.dtype), expr
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6, err_msg=expr)


def test_integer_true_division_gives_float():
    assert (minitorch.tensor([1, 2]) / 2).dtype == minitorch.float32
    assert (minitorch.tensor([3, 4]) / minitorch.tensor([2, 2])).tolist() == [1.5, 2.0]


def test_zero_dim_tensor_as_size_and_int_plus_tensor():
    n = minitorch.tensor(3)
    assert minitorch.zeros(n, 2).shape == (3, 2)
    assert (1 + minitorch.tensor(2)).item() == 3
    assert list(range(minitorch.tensor(2))) == [0, 1]


def test_broadcast_error_names_the_sizes():
    with pytest.raises(RuntimeError) as ours:
        minitorch.ones(2, 3) + minitorch.ones(4)
    with pytest.raises(RuntimeError) as theirs:
        torch.ones(2, 3) + torch.ones(4)
    assert str(ours.value) == str(theirs.value)


def test_matmul_errors_name_the_shapes():
    for a, b in [((2, 3), (4, 5)), ((3,), (4,)), ((2, 3), (4,)), ((5, 2, 3), (4, 5))]:
        with pytest.raises(RuntimeError) as theirs:
            torch.ones(*a) @ torch.ones(*b)
        with pytest.raises(RuntimeError) as ours:
            minitorch.ones(*a) @ minitorch.ones(*b)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(RuntimeError, match="expected m1 and m2 to have the same dtype"):
        minitorch.ones(2, 2) @ minitorch.ones(2, 2, dtype=minitorch.float64)


def test_pickle_round_trip_and_deepcopy():
    import copy
    t = minitorch.tensor([[1.0, 2.0]], requires_grad=True)
    u = pickle.loads(pickle.dumps(t))
    assert u.equal(t) and u.requires_grad
    c = copy.deepcopy(t)
    assert c.equal(t) and c.requires_grad and c._data is not t._data


def test_ndarray_operand_defers_to_tensor():
    t = minitorch.tensor([1.0, 2.0])
    out = np.array([1.0, 1.0], dtype=np.float32) + t
    assert isinstance(out, minitorch.Tensor) and out.tolist() == [2.0, 3.0]


def test_floating_point_events_are_silent_as_in_torch_but_users_numpy_still_warns():
    """log(0), 0/0, inf - inf, overflow: torch returns inf/nan silently; NumPy would warn from inside
    minitorch's ops. minitorch silences only the warnings its own modules raise."""
    script = (
        "import numpy as np, minitorch as m\n"
        "x = m.tensor([0.0, -1.0, 1.0], requires_grad=True)\n"
        "y = x.log().sum() + x.sqrt().sum() + (1 / x).sum() + (x / 0.0).sum()\n"
        "y.backward()\n"
        "inf = m.tensor([float('inf')]); inf - inf; inf * 0; m.tensor([1e30], dtype=m.float32) * 1e30\n"
        "np.log(np.zeros(1))  # the user's own NumPy call\n")
    done = subprocess.run([sys.executable, "-W", "default", "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert done.returncode == 0, done.stderr
    warned = [line for line in done.stderr.splitlines() if "RuntimeWarning" in line]
    assert len(warned) == 1 and warned[0].startswith("<string>:6"), done.stderr


@pytest.mark.parametrize("make", [lambda lib: lib.finfo(), lambda lib: lib.finfo(lib.float16),
                                  lambda lib: lib.finfo(lib.float32), lambda lib: lib.finfo(lib.float64),
                                  lambda lib: lib.iinfo(lib.uint8), lambda lib: lib.iinfo(lib.int8),
                                  lambda lib: lib.iinfo(lib.int16), lambda lib: lib.iinfo(lib.int32),
                                  lambda lib: lib.iinfo(lib.int64)])
def test_finfo_and_iinfo_as_torch(make):
    m, t = make(minitorch), make(torch)
    assert repr(m) == repr(t)
    fields = ["bits", "max", "min", "dtype"] + (["eps", "tiny", "smallest_normal", "resolution"]
                                               if isinstance(t, torch.finfo) else [])
    for field in fields:
        assert getattr(m, field) == getattr(t, field), field
    assert m == make(minitorch)


@pytest.mark.parametrize("call", [lambda lib: lib.finfo(lib.int32), lambda lib: lib.iinfo(lib.float32),
                                  lambda lib: lib.iinfo(lib.bool), lambda lib: lib.finfo("float32")])
def test_finfo_and_iinfo_errors_as_torch(call):
    messages = []
    for lib in (minitorch, torch):
        with pytest.raises(TypeError) as e:
            call(lib)
        messages.append(str(e.value))
    assert messages[0] == messages[1]


def test_storage_offset_data_ptr_and_type_as_as_torch():
    results = []
    for lib in (minitorch, torch):
        x = lib.arange(12.0).reshape(3, 4)
        views = [x, x[1:, 2:], x.t()[1], x[2], x[:, 1]]
        results.append(([v.storage_offset() for v in views],
                        [v.data_ptr() - x.data_ptr() for v in views],
                        str(x.type_as(lib.tensor([1])).dtype).split(".")[-1], x.type_as(x) is x))
    assert results[0] == results[1]


def test_apply_and_map_as_torch():
    results = []
    for lib in (minitorch, torch):
        ints = lib.tensor([1, 2, 3])
        floats = lib.tensor([[1.0, 2.0], [3.0, 4.0]])
        ints.apply_(lambda v: v * 2.7)  # results cast back to int64, truncating
        floats.map_(lib.tensor([10.0, 20.0]), lambda a, b: a * b + 1)  # other broadcast to self
        messages = []
        for call in (lambda t: t.apply_(abs), lambda t: t.map_(t, max)):
            with pytest.raises(RuntimeError) as e:
                call(lib.ones(2, requires_grad=True))
            messages.append(str(e.value))
        results.append((ints.tolist(), floats.tolist(), messages))
    assert results[0] == results[1]


@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "rand", "randn"])
def test_creation_without_a_size_is_torchs_type_error(name):
    messages = []
    for lib in (minitorch, torch):
        with pytest.raises(TypeError) as e:
            getattr(lib, name)()
        messages.append(str(e.value))
    assert messages[0] == messages[1]
    assert tuple(getattr(minitorch, name)(()).shape) == ()  # an empty size is a 0-d tensor
