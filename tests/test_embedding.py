"""F.embedding and nn.Embedding against torch: values, gradients (padding_idx, scale_grad_by_freq,
repeated indices), in-place max_norm renormalisation, init, from_pretrained, reprs and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
import minitorch.nn.functional as MF
import torch.nn.functional as TF


@settings(max_examples=40)
@given(st.integers(1, 12), st.integers(1, 4), st.sampled_from([(5,), (3, 4), (2, 3, 2), (0,), (400,)]),
       st.sampled_from([None, 0, 2, -1]), st.sampled_from([None, 0.5, 1.5]), st.sampled_from([1.0, 2.0, 3.0]),
       st.booleans(), st.sampled_from(["float64", "float32"]), st.sampled_from(["int64", "int32"]),
       st.integers(0, 2 ** 16))
def test_embedding_matches_torch(rows, dim, ids_shape, padding_idx, max_norm, norm_type, scale, dtype, id_dtype,
                                 seed):
    if padding_idx is not None and padding_idx >= rows:
        padding_idx = None
    rng = np.random.default_rng(seed)
    w = (rng.standard_normal((rows, dim)) * 2).astype(dtype)
    ids = rng.integers(0, rows, size=ids_shape).astype(id_dtype)
    kw = dict(padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type, scale_grad_by_freq=scale)
    mw, tw = minitorch.tensor(w, requires_grad=True), torch.tensor(w, requires_grad=True)
    m = MF.embedding(minitorch.tensor(ids), mw, **kw)
    t = TF.embedding(torch.tensor(ids), tw, **kw)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), **tol)
    np.testing.assert_allclose(mw.detach().numpy(), tw.detach().numpy(), **tol)  # max_norm rescales in place
    assert type(m.grad_fn).__name__ == type(t.grad_fn).__name__ == "EmbeddingBackward0"
    up = rng.standard_normal(t.shape).astype(dtype)
    m.backward(minitorch.tensor(up))
    t.backward(torch.tensor(up))
    np.testing.assert_allclose(mw.grad.numpy(), tw.grad.numpy(), **tol)


def test_padding_row_gets_no_gradient_and_repeats_accumulate():
    w = minitorch.ones(4, 2, requires_grad=True)
    out = MF.embedding(minitorch.tensor([[0, 1, 1], [3, 1, 0]]), w, padding_idx=0)
    out.sum().backward()
    assert w.grad.tolist() == [[0, 0], [3, 3], [0, 0], [1, 1]]
    assert out[0, 0].tolist() == [1, 1]  # the padding row is still looked up


def test_max_norm_bumps_the_version_only_when_it_rescales():
    w = minitorch.tensor([[3.0, 4.0], [0.1, 0.1]])
    MF.embedding(minitorch.tensor([1]), w, max_norm=1.0)
    assert w._version == 0
    MF.embedding(minitorch.tensor([0, 1]), w, max_norm=1.0)
    assert w._version == 1
    np.testing.assert_allclose(w.numpy()[0], [0.6, 0.8], rtol=1e-6)


def test_module_init_padding_row_and_dtype():
    minitorch.manual_seed(0)
    e = minitorch.nn.Embedding(2000, 50, padding_idx=3)
    w = e.weight.detach().numpy()
    assert w.dtype == np.float32 and w.shape == (2000, 50)
    assert not w[3].any()
    assert abs(w.mean()) < 0.02 and abs(w.std() - 1) < 0.02  # N(0, 1)
    assert e.weight.requires_grad
    assert minitorch.nn.Embedding(3, 2, dtype=minitorch.float64).weight.dtype == minitorch.float64


def test_module_matches_torch_with_copied_weights():
    t = torch.nn.Embedding(10, 3, padding_idx=-2, max_norm=1.0)
    m = minitorch.nn.Embedding(10, 3, padding_idx=-2, max_norm=1.0)
    assert m.padding_idx == t.padding_idx == 8
    m.load_state_dict(t.state_dict())
    ids = [[1, 8, 8], [9, 1, 0]]
    mo, to = m(minitorch.tensor(ids)), t(torch.tensor(ids))
    np.testing.assert_allclose(mo.detach().numpy(), to.detach().numpy(), rtol=1e-6)
    mo.sum().backward()
    to.sum().backward()
    np.testing.assert_allclose(m.weight.grad.numpy(), t.weight.grad.numpy(), rtol=1e-6)


def test_from_pretrained_shares_and_freezes():
    table = minitorch.randn(4, 2)
    e = minitorch.nn.Embedding.from_pretrained(table)
    assert not e.weight.requires_grad and np.shares_memory(e.weight.numpy(), table.numpy())
    e = minitorch.nn.Embedding.from_pretrained(table, freeze=False, padding_idx=1, max_norm=2.0)
    assert e.weight.requires_grad and e.padding_idx == 1 and e.max_norm == 2.0
    assert e.weight[1].detach().tolist() == table[1].tolist()  # the padding row keeps its values
    assert repr(e) == repr(torch.nn.Embedding.from_pretrained(torch.randn(4, 2), freeze=False, padding_idx=1,
                                                              max_norm=2.0))


@pytest.mark.parametrize("args, kwargs", [
    ((128, 100), {}), ((10, 3), {"padding_idx": 0}), ((10, 3), {"padding_idx": -1}),
    ((10, 3), {"max_norm": 1.0, "norm_type": 1.0, "scale_grad_by_freq": True, "sparse": True}),
])
def test_repr_matches_torch(args, kwargs):
    assert repr(minitorch.nn.Embedding(*args, **kwargs)) == repr(torch.nn.Embedding(*args, **kwargs))


def test_state_dict_keys_match_torch():
    assert list(minitorch.nn.Embedding(5, 2).state_dict()) == list(torch.nn.Embedding(5, 2).state_dict())


ERRORS = [
    lambda t, F: F.embedding(t.tensor([1, 10]), t.zeros(10, 3)),
    lambda t, F: F.embedding(t.tensor([1, -1]), t.zeros(10, 3)),
    lambda t, F: F.embedding(t.tensor([1.0, 2.0]), t.zeros(10, 3)),
    lambda t, F: F.embedding(t.tensor([1, 2], dtype=t.int16), t.zeros(10, 3)),
    lambda t, F: F.embedding(t.tensor([1, 2]), t.zeros(10, 3), padding_idx=10),
    lambda t, F: F.embedding(t.tensor([1, 2]), t.zeros(10, 3), padding_idx=-11),
    lambda t, F: F.embedding(t.tensor([1, 2]), t.zeros(10)),
    lambda t, F: t.nn.Embedding(10, 3, padding_idx=10),
    lambda t, F: t.nn.Embedding.from_pretrained(t.zeros(3)),
]


def _error(fn, lib, F):
    with pytest.raises(Exception) as info:
        fn(lib, F)
    return type(info.value), str(info.value).replace("minitorch.", "torch.")


@pytest.mark.parametrize("fn", ERRORS)
def test_errors_match_torch(fn):
    assert _error(fn, minitorch, MF) == _error(fn, torch, TF)
