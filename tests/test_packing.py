"""nn.utils.rnn against torch: packing and padding values, gradients, grad_fn names, PackedSequence's
fields, printing and ``.to()``, and torch's errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
from minitorch.nn.utils import rnn as M
from torch.nn.utils import rnn as R


def _pair(arr, grad=True):
    return (minitorch.tensor(arr, requires_grad=grad), torch.tensor(arr, requires_grad=grad))


def _np(t):
    return t.detach().numpy()


def _same_packed(m, t):
    assert type(m).__name__ == "PackedSequence" and m._fields == t._fields
    np.testing.assert_array_equal(_np(m.data), _np(t.data))
    for field in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        mv, tv = getattr(m, field), getattr(t, field)
        assert (mv is None) == (tv is None), field
        if tv is not None:
            assert mv.dtype == minitorch.int64
            np.testing.assert_array_equal(mv.numpy(), tv.numpy())


@st.composite
def padded_batches(draw):
    """A padded batch (time-major or batch_first), its lengths and the packing options."""
    batch = draw(st.integers(1, 5))
    lengths = draw(st.lists(st.integers(1, 6), min_size=batch, max_size=batch))
    enforce_sorted = draw(st.booleans())
    if enforce_sorted:
        lengths = sorted(lengths, reverse=True)
    total = max(lengths) + draw(st.integers(0, 2))
    feature = draw(st.sampled_from([(), (2,), (2, 3)]))
    batch_first = draw(st.booleans())
    shape = ((batch, total) if batch_first else (total, batch)) + feature
    seed = draw(st.integers(0, 2 ** 16))
    return np.random.default_rng(seed).standard_normal(shape), lengths, batch_first, enforce_sorted


@settings(max_examples=40)
@given(padded_batches(), st.booleans(), st.sampled_from([None, 0.0, -1.5]))
def test_pack_then_pad_matches_torch(batch, lengths_as_tensor, padding_value):
    arr, lengths, batch_first, enforce_sorted = batch
    (mx, tx) = _pair(arr)
    m_len = minitorch.tensor(lengths) if lengths_as_tensor else lengths
    t_len = torch.tensor(lengths) if lengths_as_tensor else lengths
    mp = M.pack_padded_sequence(mx, m_len, batch_first=batch_first, enforce_sorted=enforce_sorted)
    tp = R.pack_padded_sequence(tx, t_len, batch_first=batch_first, enforce_sorted=enforce_sorted)
    _same_packed(mp, tp)
    assert type(mp.data.grad_fn).__name__ == type(tp.data.grad_fn).__name__ == "PackPaddedSequenceBackward0"

    kw = {} if padding_value is None else {"padding_value": padding_value, "total_length": arr.shape[int(batch_first)]}
    m_pad, m_lengths = M.pad_packed_sequence(mp, batch_first=batch_first, **kw)
    t_pad, t_lengths = R.pad_packed_sequence(tp, batch_first=batch_first, **kw)
    np.testing.assert_array_equal(_np(m_pad), _np(t_pad))
    np.testing.assert_array_equal(m_lengths.numpy(), t_lengths.numpy())
    assert m_lengths.dtype == minitorch.int64
    assert type(m_pad.grad_fn).__name__ == type(t_pad.grad_fn).__name__

    up = np.random.default_rng(0).standard_normal(t_pad.shape)
    m_pad.backward(minitorch.tensor(up))
    t_pad.backward(torch.tensor(up))
    np.testing.assert_array_equal(mx.grad.numpy(), tx.grad.numpy())  # padding positions get zero


@settings(max_examples=30)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=5), st.sampled_from([(), (3,)]), st.booleans(),
       st.sampled_from(["left", "right"]), st.integers(0, 2 ** 16))
def test_pad_sequence_and_pack_sequence_match_torch(lengths, feature, batch_first, side, seed):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal((n,) + feature) for n in lengths]
    ms = [minitorch.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    m = M.pad_sequence(ms, batch_first=batch_first, padding_value=7.0, padding_side=side)
    t = R.pad_sequence(ts, batch_first=batch_first, padding_value=7.0, padding_side=side)
    np.testing.assert_array_equal(_np(m), _np(t))
    assert type(m.grad_fn).__name__ == "CopySlices"
    up = rng.standard_normal(t.shape)
    m.backward(minitorch.tensor(up))
    t.backward(torch.tensor(up))
    for a, b in zip(ms, ts):
        np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())

    _same_packed(M.pack_sequence(ms, enforce_sorted=False), R.pack_sequence(ts, enforce_sorted=False))
    m_back = M.unpack_sequence(M.pack_sequence(ms, enforce_sorted=False))
    assert [tuple(x.shape) for x in m_back] == [a.shape for a in arrays]
    for x, a in zip(m_back, arrays):
        np.testing.assert_array_equal(_np(x), a)


def test_sort_ties_keep_their_order_as_torchs_sort():
    lengths = [3, 5, 3, 5, 1, 3]
    mx, tx = _pair(np.zeros((5, 6)))
    _same_packed(M.pack_padded_sequence(mx, lengths, enforce_sorted=False),
                 R.pack_padded_sequence(tx, lengths, enforce_sorted=False))


def test_pad_sequence_takes_the_first_dtype_and_accepts_a_tensor():
    m = M.pad_sequence([minitorch.zeros(2, dtype=minitorch.float64), minitorch.ones(3)])
    t = R.pad_sequence([torch.zeros(2, dtype=torch.float64), torch.ones(3)])
    assert str(m.dtype).split(".")[1] == str(t.dtype).split(".")[1] == "float64"
    np.testing.assert_array_equal(_np(M.pad_sequence(minitorch.ones(2, 3))), _np(R.pad_sequence(torch.ones(2, 3))))


def test_unpad_sequence_matches_torch():
    arr = np.random.default_rng(1).standard_normal((4, 3, 2))
    lengths = [4, 1, 3]
    m = M.unpad_sequence(minitorch.tensor(arr), minitorch.tensor(lengths))
    t = R.unpad_sequence(torch.tensor(arr), torch.tensor(lengths))
    for a, b in zip(m, t):
        np.testing.assert_array_equal(_np(a), _np(b))


# -- PackedSequence ----------------------------------------------------------------------------------------
def test_packed_sequence_prints_like_torch():
    m = M.pack_sequence([minitorch.tensor([1.0, 2.0]), minitorch.tensor([3.0, 4.0, 5.0])], enforce_sorted=False)
    t = R.pack_sequence([torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0, 5.0])], enforce_sorted=False)
    assert repr(m) == repr(t)
    m = M.PackedSequence(minitorch.zeros(3), minitorch.tensor([2, 1]))
    t = R.PackedSequence(torch.zeros(3), torch.tensor([2, 1]))
    assert repr(m) == repr(t)


def test_packed_sequence_fields_unpacking_and_inverse_permutation():
    p = M.PackedSequence(minitorch.zeros(3), minitorch.tensor([2, 1]), minitorch.tensor([1, 0]))
    data, batch_sizes, sorted_indices, unsorted_indices = p
    assert p._fields == ("data", "batch_sizes", "sorted_indices", "unsorted_indices")
    assert unsorted_indices.tolist() == [1, 0]
    perm = minitorch.tensor([2, 0, 3, 1])
    assert M.invert_permutation(perm).tolist() == R.invert_permutation(torch.tensor([2, 0, 3, 1])).tolist()
    assert M.invert_permutation(None) is None
    pair = M.PackedSequence((minitorch.zeros(3), minitorch.tensor([2, 1])))
    assert pair.batch_sizes.tolist() == [2, 1] and pair.sorted_indices is None


def test_packed_sequence_to_converts_data_only():
    p = M.pack_sequence([minitorch.ones(3), minitorch.ones(2)])
    assert p.to(minitorch.float32) is p and p.cpu() is p and p.float() is p
    d = p.double()
    assert d.data.dtype == minitorch.float64 and d.batch_sizes.dtype == minitorch.int64
    assert d.to("cpu", dtype=minitorch.float64) is d
    assert not p.is_cuda and not p.is_pinned()


def test_public_names_match_torch():
    assert set(M.__all__) == set(R.__all__)


# -- errors, worded as torch's ------------------------------------------------------------------------------
ERRORS = [
    lambda R, t: R.pack_padded_sequence(t.zeros(4, 3, 2), [2, 4, 3]),
    lambda R, t: R.pack_padded_sequence(t.zeros(4, 3, 2), [4, 3, 0]),
    lambda R, t: R.pack_padded_sequence(t.zeros(4, 3, 2), [4, -3, 2], enforce_sorted=False),
    lambda R, t: R.pack_padded_sequence(t.zeros(4, 3, 2), [4, 3]),
    lambda R, t: R.pack_padded_sequence(t.zeros(4, 3, 2), [4, 3, 2], batch_first=True),
    lambda R, t: R.pack_padded_sequence(t.zeros(4, 3, 2), t.tensor([[4, 3, 2]])),
    lambda R, t: R.pad_packed_sequence(R.pack_padded_sequence(t.zeros(4, 3, 2), [4, 3, 2]), total_length=3),
    lambda R, t: R.pad_sequence([]),
    lambda R, t: R.pad_sequence([t.zeros(2, 3), t.zeros(2, 4)]),
    lambda R, t: R.pad_sequence([t.zeros(2, 3), t.zeros(2)]),
    lambda R, t: R.pad_sequence([t.zeros(2, 3)], padding_side="middle"),
    lambda R, t: R.pack_sequence([t.zeros(2), t.zeros(3)]),
]


def _error(fn, lib, utils):
    with pytest.raises(Exception) as info:
        fn(utils, lib)
    return type(info.value), str(info.value).replace("minitorch.", "torch.")


@pytest.mark.parametrize("fn", ERRORS)
def test_errors_match_torch(fn):
    assert _error(fn, minitorch, M) == _error(fn, torch, R)
