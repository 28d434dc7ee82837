"""Tests for minitorch/ops/shape.py, against real torch.

* every parity case in parity/cases/shape.py: outputs, grad_fn names, view-ness and gradients
  (with a random upstream gradient) match torch, in float64 and float32;
* views share memory and the version counter with their base; copies don't;
* errors have torch's type and message;
* multi-output ops (split, chunk, unbind) give correct gradients from any subset of pieces;
* shapes come back as minitorch.Size;
* hypothesis: permute / reshape / split / cat on random shapes agree with torch.
"""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import array_shapes

import minitorch
from minitorch.ops import shape as shape_ops
from parity import runner
from parity.case import OpCase
from parity.cases.shape import CASES


# -- the parity cases (through parity/runner.py), plus what only a view op must satisfy ---------------
@pytest.mark.parametrize("float_dtype", runner.DTYPES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_matches_torch(case, float_dtype):
    row = runner.run_case(case, float_dtype, device="cpu")
    assert row.ok, row.status


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_views_and_sizes_match_torch(case):
    """Each output is a view exactly when torch's is (sharing memory with its base), an op that returns
    its input itself does so in both libraries, and shapes are minitorch.Size."""
    arrays = runner.draw_arrays(case, "float64", runner.case_rng(case, 0))
    t_in, t_outs = runner.forward(torch, case, arrays)
    m_in, m_outs = runner.forward(minitorch, case, arrays)
    for (label, m), (_, t) in zip(m_outs, t_outs):
        assert isinstance(m.shape, minitorch.Size), label
        assert (m._base is not None) == (t._base is not None), label
        if m._base is not None and m._data.size:
            assert np.shares_memory(m._data, m._base._data), label
        assert [m is x for x in m_in] == [t is x for x in t_in], label


def test_cases_cover_every_public_op():
    covered = {c.name.split("/")[0] for c in CASES}
    methods = {"view", "view_as", "reshape_as", "expand", "expand_as", "repeat", "T", "mT"}
    wanted = set(shape_ops.__all__) - {"broadcast_shapes"} | methods  # (broadcast_shapes takes no tensor)
    assert wanted <= covered, sorted(wanted - covered)


def test_public_names_match_torch():
    for name in shape_ops.__all__:
        assert hasattr(torch, name), name
        assert getattr(minitorch, name) is getattr(shape_ops, name)
    brief = ("reshape flatten unflatten squeeze unsqueeze t transpose swapaxes swapdims permute cat concat "
             "concatenate stack hstack vstack split chunk unbind flip narrow select movedim roll tile broadcast_to "
             "broadcast_tensors").split()
    assert set(brief) <= set(shape_ops.__all__)
    assert "view" not in shape_ops.__all__ and not hasattr(torch, "view")


# -- views share memory and the version counter ---------------------------------------------------------
VIEW_OPS = {
    "view": lambda x: x.view(6, 4),
    "view_as": lambda x: x.view_as(x.view(4, 6)),
    "reshape": lambda x: x.reshape(-1),
    "reshape_alias": lambda x: x.transpose(0, 2).reshape(4, 1, 3, 2),
    "flatten": lambda x: x.flatten(1),
    "unflatten": lambda x: x.unflatten(2, (2, 2)),
    "squeeze": lambda x: x.unsqueeze(1).squeeze(),
    "unsqueeze": lambda x: x.unsqueeze(-1),
    "t": lambda x: x.select(0, 1).t(),
    "T": lambda x: x.select(0, 1).T,
    "mT": lambda x: x.mT,
    "transpose": lambda x: x.transpose(0, 1),
    "swapaxes": lambda x: x.swapaxes(1, 2),
    "permute": lambda x: x.permute(2, 0, 1),
    "movedim": lambda x: torch_or_mini(x).movedim(x, 0, -1),
    "expand": lambda x: x.expand(1, 2, 3, 4),
    "broadcast_to": lambda x: torch_or_mini(x).broadcast_to(x, (1, 2, 3, 4)),
    "narrow": lambda x: x.narrow(1, 1, 2),
    "select": lambda x: x.select(2, 3),
    "split": lambda x: x.split(2, 2),
    "split_sizes": lambda x: x.split([1, 2], 1),
    "chunk": lambda x: x.chunk(2, 0),
    "unbind": lambda x: x.unbind(1),
    "atleast_3d": lambda x: torch_or_mini(x).atleast_3d(x.select(0, 0)),
}

COPY_OPS = {
    "flip": lambda x: x.flip(0),
    "roll": lambda x: torch_or_mini(x).roll(x, 1, 2),
    "repeat": lambda x: x.repeat(1, 1, 1),
    "tile": lambda x: torch_or_mini(x).tile(x, (1,)),
    "cat": lambda x: torch_or_mini(x).cat([x]),
    "stack": lambda x: torch_or_mini(x).stack([x]),
    "reshape_copy": lambda x: x.transpose(0, 2).reshape(-1),
    "flatten_copy": lambda x: x.transpose(0, 2).flatten(),
    "contiguous": lambda x: x.transpose(0, 1).contiguous(),
}


def torch_or_mini(x):
    return torch if isinstance(x, torch.Tensor) else minitorch


def _np(t):
    return t.detach().numpy()


def _fresh(lib):
    return lib.tensor(np.arange(24.0).reshape(2, 3, 4))


def _first(out):
    return out[0] if isinstance(out, tuple) else out


@pytest.mark.parametrize("name", list(VIEW_OPS))
def test_view_writes_reach_the_base_and_versions_are_shared(name):
    op = VIEW_OPS[name]
    results = {}
    for lib in (minitorch, torch):
        base = _fresh(lib)
        out = op(base)
        pieces = out if isinstance(out, tuple) else (out,)
        assert all(p._base is base for p in pieces)
        v = pieces[0]
        with lib.no_grad():
            v.mul_(-1)         # write through the view ...
        after_view_write = (_np(base).copy(), base._version, v._version)
        base.add_(100)         # ... and into the base
        results[lib.__name__] = after_view_write + (_np(v).copy(), base._version, [p._version for p in pieces])
    mine, theirs = results["minitorch"], results["torch"]
    for a, b in zip(mine, theirs):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", list(COPY_OPS))
def test_copies_do_not_share_memory(name):
    results = {}
    for lib in (minitorch, torch):
        base = _fresh(lib)
        out = COPY_OPS[name](base)
        before = _np(out).copy()
        base.add_(1)
        assert out._base is None
        np.testing.assert_array_equal(_np(out), before)
        results[lib.__name__] = (out._version, base._version)
    assert results["minitorch"] == results["torch"]


def test_views_of_views_name_the_root_base():
    for lib in (minitorch, torch):
        x = _fresh(lib)
        w = x.view(6, 4).t().unsqueeze(0).split(1, 2)[1].squeeze()
        assert w._base is x


def test_view_of_a_leaf_that_requires_grad_rejects_in_place_ops():
    for lib in (minitorch, torch):
        x = lib.ones(2, 3, requires_grad=True)
        v = x.view(6)
        assert v.requires_grad and type(v.grad_fn).__name__ == "ViewBackward0"
        with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an "
                                               "in-place operation"):
            v.add_(1)


def test_no_graph_under_no_grad_or_without_requires_grad():
    for lib in (minitorch, torch):
        x = lib.ones(2, 3, requires_grad=True)
        with lib.no_grad():
            for out in (x.view(6), x.t(), x.expand(2, 2, 3), x.split(1)[0], lib.cat([x, x]), x.flip(0)):
                assert out.grad_fn is None
    # (torch reports requires_grad=True on a view made under no_grad of a tensor that requires grad,
    # though nothing flows through it; minitorch reports False)
    x = minitorch.ones(2, 3, requires_grad=True)
    with minitorch.no_grad():
        assert not x.view(6).requires_grad and not minitorch.cat([x, x]).requires_grad
        y = lib.ones(2, 3)
        assert y.permute(1, 0).grad_fn is None and y.permute(1, 0)._base is y


def test_contiguous_copies_only_when_needed():
    x = minitorch.randn(2, 3, requires_grad=True)
    assert x.contiguous() is x
    c = x.t().contiguous()
    assert c.is_contiguous() and c._base is None and type(c.grad_fn).__name__ == "CloneBackward0"
    assert not x.t().is_contiguous()


def test_broadcasting_expand_is_read_only_but_a_plain_one_is_writable():
    x = minitorch.zeros(3, 1)
    assert not x.expand(3, 4)._data.flags.writeable  # several elements share one memory location
    e = x.expand(1, 3, 1)
    with minitorch.no_grad():
        e.add_(1)
    assert x.sum().item() == 3


# -- errors: torch's type and message --------------------------------------------------------------------
def _x(lib):
    return lib.ones(2, 3)


ERRORS = {
    "view_numel": lambda t: _x(t).view(2, 5),
    "view_infer_bad": lambda t: _x(t).view(4, -1),
    "view_noncontig": lambda t: _x(t).t().view(6),
    "view_two_infer": lambda t: _x(t).view(-1, -1),
    "view_negative": lambda t: _x(t).view(-2, 3),
    "view_ambiguous": lambda t: t.ones(0, 3).view(0, -1),
    "view_expanded": lambda t: t.ones(3).expand(2, 3).view(6),
    "reshape_numel": lambda t: _x(t).reshape(4, -1),
    "reshape_float": lambda t: _x(t).reshape((2.0, 3)),
    "flatten_order": lambda t: _x(t).flatten(1, 0),
    "flatten_range": lambda t: _x(t).flatten(0, 3),
    "unflatten_product": lambda t: _x(t).unflatten(1, (2, 2)),
    "unflatten_product_infer": lambda t: _x(t).unflatten(1, (4, -1)),
    "unflatten_empty": lambda t: _x(t).unflatten(1, ()),
    "unflatten_int_sizes": lambda t: _x(t).unflatten(1, 3),
    "squeeze_range": lambda t: _x(t).squeeze(3),
    "squeeze_repeated": lambda t: t.ones(2, 1, 3).squeeze((1, -2)),
    "unsqueeze_range": lambda t: _x(t).unsqueeze(3),
    "unsqueeze_range_neg": lambda t: _x(t).unsqueeze(-4),
    "t_3d": lambda t: t.ones(2, 1, 3).t(),
    "transpose_range": lambda t: _x(t).transpose(0, 2),
    "permute_too_few": lambda t: _x(t).permute(0),
    "permute_too_many": lambda t: _x(t).permute(0, 1, 2),
    "permute_repeated": lambda t: _x(t).permute(1, -1),
    "permute_range": lambda t: _x(t).permute(0, 5),
    "permute_float": lambda t: _x(t).permute((0.0, 1)),
    "movedim_lengths": lambda t: t.movedim(t.ones(2, 3, 4), (0, 1), (1,)),
    "movedim_repeated_src": lambda t: t.movedim(t.ones(2, 3, 4), (0, -3), (1, 2)),
    "movedim_repeated_dst": lambda t: t.movedim(t.ones(2, 3, 4), (0, 1), (1, 1)),
    "expand_mismatch": lambda t: t.ones(3).expand(2, 4),
    "expand_mismatch_minus_two": lambda t: t.ones(3).expand(2, -2),
    "expand_too_few": lambda t: _x(t).expand(3),
    "expand_leading_minus_one": lambda t: t.ones(3).expand(-1, 3),
    "expand_float": lambda t: _x(t).expand((2.0, 3)),
    "broadcast_to_mismatch": lambda t: t.broadcast_to(_x(t), (3, 3)),
    "broadcast_tensors_mismatch": lambda t: t.broadcast_tensors(_x(t), t.ones(4)),
    "broadcast_shapes_mismatch": lambda t: t.broadcast_shapes((2,), (3,)),
    "repeat_too_few": lambda t: _x(t).repeat(2),
    "repeat_negative": lambda t: _x(t).repeat(-1, 2),
    "tile_int": lambda t: t.tile(_x(t), 2),
    "cat_sizes": lambda t: t.cat([_x(t), t.ones(3, 3)], 1),
    "cat_sizes_after_skipped": lambda t: t.cat([t.ones(0), _x(t), t.ones(3, 4)], 0),
    "cat_empty_list": lambda t: t.cat([]),
    "cat_ndim": lambda t: t.cat([_x(t), t.ones(3)]),
    "cat_0d": lambda t: t.cat([_x(t), t.tensor(1.0)]),
    "cat_range": lambda t: t.cat([_x(t), _x(t)], 2),
    "cat_tensor_not_list": lambda t: t.cat(_x(t)),
    "cat_non_tensor_element": lambda t: t.cat([_x(t), [1, 2]]),
    "stack_sizes": lambda t: t.stack([t.ones(2), t.ones(3)]),
    "stack_sizes_later": lambda t: t.stack([_x(t), _x(t), t.ones(3, 3)]),
    "stack_empty": lambda t: t.stack([]),
    "stack_range": lambda t: t.stack([_x(t), _x(t)], 3),
    "hstack_empty": lambda t: t.hstack([]),
    "vstack_empty": lambda t: t.vstack([]),
    "split_zero": lambda t: _x(t).split(0, 1),
    "split_negative": lambda t: _x(t).split(-1, 1),
    "split_sizes_sum": lambda t: _x(t).split([1, 1], 1),
    "split_sizes_negative": lambda t: _x(t).split([-1, 4], 1),
    "split_0d": lambda t: t.tensor(1.0).split(1),
    "chunk_zero": lambda t: _x(t).chunk(0),
    "chunk_0d": lambda t: t.tensor(1.0).chunk(1),
    "unbind_0d": lambda t: t.tensor(1.0).unbind(),
    "unbind_range": lambda t: _x(t).unbind(2),
    "flip_repeated": lambda t: _x(t).flip(0, 0),
    "flip_range": lambda t: _x(t).flip(2),
    "narrow_past_end": lambda t: _x(t).narrow(1, 2, 2),
    "narrow_start_range": lambda t: _x(t).narrow(1, -4, 1),
    "narrow_negative_length": lambda t: _x(t).narrow(1, 0, -1),
    "narrow_0d": lambda t: t.tensor(1.0).narrow(0, 0, 1),
    "select_range": lambda t: _x(t).select(1, 3),
    "select_range_neg": lambda t: _x(t).select(-1, -4),
    "select_0d": lambda t: t.tensor(1.0).select(0, 0),
    "roll_no_dims_two_shifts": lambda t: t.roll(_x(t), (1, 2)),
    "roll_misaligned": lambda t: t.roll(_x(t), 1, (0, 1)),
    "roll_0d_dim": lambda t: t.roll(t.tensor(1.0), 1, 0),
}

# torch's own message for these is generated by its argument parser (or adds a C++ trace); the
# type matches and ours names the same thing
LOOSE = {"unflatten_int_sizes", "permute_float"}


@pytest.mark.parametrize("name", list(ERRORS))
def test_error_matches_torch(name):
    fn = ERRORS[name]
    with pytest.raises(Exception) as theirs:
        fn(torch)
    with pytest.raises(Exception) as mine:
        fn(minitorch)
    assert type(mine.value) is type(theirs.value)
    expected = str(theirs.value).replace("torch.FloatTensor", "minitorch.FloatTensor")
    if name in LOOSE:
        assert str(mine.value).split(",")[0] == expected.split(",")[0]
    else:
        assert str(mine.value) == expected


def test_unflatten_two_inferred_sizes():
    with pytest.raises(RuntimeError, match="only one dimension can be inferred"):
        minitorch.ones(2, 3).unflatten(1, (-1, -1))
    with pytest.raises(RuntimeError, match="only one dimension can be inferred"):
        torch.ones(2, 3).unflatten(1, (-1, -1))


# -- multi-output ops: gradients from any subset of the pieces --------------------------------------------
def _both(shape, seed=0):
    arr = np.random.default_rng(seed).standard_normal(shape)
    return (minitorch.tensor(arr, requires_grad=True), torch.tensor(arr, requires_grad=True))


@pytest.mark.parametrize("split", [
    lambda x: x.split(2, 1), lambda x: x.split([1, 3, 1], 1), lambda x: x.chunk(3, 1), lambda x: x.unbind(1),
], ids=["split", "split_sizes", "chunk", "unbind"])
@pytest.mark.parametrize("use", [(0,), (1,), (0, 2), (2, 2)], ids=["first", "second", "first_last", "twice"])
def test_multi_output_partial_gradients(split, use):
    grads = []
    for x in _both((3, 5)):
        pieces = split(x * 1.5)  # through a non-leaf, so the gradient flows on past the split node
        loss = sum((pieces[i] * (k + 2)).sum() for k, i in enumerate(use))
        loss.backward()
        grads.append(x.grad.numpy() if isinstance(x, torch.Tensor) else x.grad._data)
    np.testing.assert_allclose(grads[0], grads[1])


def test_pieces_backward_separately_accumulate():
    grads = []
    for x in _both((4, 3)):
        a, b = x.split(2)
        (a * 2).sum().backward()
        (b * 3).sum().backward()
        grads.append(_np(x.grad))
    np.testing.assert_allclose(grads[0], grads[1])


def test_multi_output_pieces_share_one_node():
    x = minitorch.randn(4, 3, requires_grad=True)
    pieces = x.split(1)
    assert len({id(p.grad_fn) for p in pieces}) == 1
    assert [p._output_nr for p in pieces] == [0, 1, 2, 3]


def test_cat_skipped_empty_input_gets_an_empty_gradient():
    for lib in (minitorch, torch):
        x, e = lib.ones(2, 3, requires_grad=True), lib.zeros(0, requires_grad=True)
        lib.cat([x, e], 1).sum().backward()
        assert tuple(e.grad.shape) == (0,) and x.grad.sum().item() == 6


# -- Size results ---------------------------------------------------------------------------------------
def test_shapes_are_sizes():
    x = minitorch.ones(2, 3, 4)
    for out in (x.view(6, 4), x.permute(2, 0, 1), x.expand(5, 2, 3, 4), minitorch.cat([x, x], 1)):
        assert isinstance(out.shape, minitorch.Size) and isinstance(out.size(), minitorch.Size)
    assert repr(x.view(-1, 4).shape) == "minitorch.Size([6, 4])"
    assert x.view(x.shape[1:] + (2,)).shape == (3, 4, 2)  # a Size (and Size + tuple) is a valid shape
    got = minitorch.broadcast_shapes((2, 1), (3,), 1)
    assert isinstance(got, minitorch.Size) and got == torch.broadcast_shapes((2, 1), (3,), 1)
    assert [tuple(p.shape) for p in x.split([1, 3], 2)] == [(2, 3, 1), (2, 3, 3)]


def test_sizes_given_as_0d_tensors_and_numpy_ints():
    x = minitorch.ones(2, 3)
    assert x.view(minitorch.tensor(3), np.int64(2)).shape == (3, 2)
    assert x.reshape([minitorch.tensor(6)]).shape == (6,)
    assert x.narrow(1, minitorch.tensor(1), 2).shape == (2, 2)


def test_dtypes_promote_in_cat_and_stack():
    pairs = [(minitorch.int32, minitorch.float64), (minitorch.int64, minitorch.bool), (minitorch.bool, minitorch.bool),
             (minitorch.uint8, minitorch.int8)]
    for a, b in pairs:
        ta, tb = getattr(torch, a.name), getattr(torch, b.name)
        assert minitorch.cat([minitorch.ones(2, dtype=a), minitorch.ones(1, dtype=b)]).dtype.name == \
            str(torch.cat([torch.ones(2, dtype=ta), torch.ones(1, dtype=tb)]).dtype).split(".")[1]
        assert minitorch.stack([minitorch.ones(2, dtype=a), minitorch.ones(2, dtype=b)]).dtype.name == \
            str(torch.stack([torch.ones(2, dtype=ta), torch.ones(2, dtype=tb)]).dtype).split(".")[1]
    # a skipped (0,) tensor still takes part in the promotion, as in torch
    assert minitorch.cat([minitorch.ones(2, 3), minitorch.ones(0, dtype=minitorch.float64)]).dtype == minitorch.float64


# -- properties on random shapes (hypothesis) ---------------------------------------------------------------
def _check_same(fn, shape, seed=0):
    """Forward and backward (random upstream gradient) parity for ``fn`` on a float64 input of ``shape``."""
    case = OpCase("shape/hypothesis", fn, [shape])
    rng = np.random.default_rng(seed)
    runner.compare_on_arrays(case, runner.draw_arrays(case, "float64", rng), "float64", "cpu", rng)


@given(shape=array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4), data=st.data())
def test_permute_then_reshape_matches_torch(shape, data):
    perm = data.draw(st.permutations(range(len(shape))))
    _check_same(lambda lib, x: x.permute(tuple(perm)).reshape(-1), shape)


@given(shape=array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5), data=st.data())
def test_split_then_cat_matches_torch(shape, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    size = data.draw(st.integers(1, 6))
    _check_same(lambda lib, x: lib.cat(x.split(size, dim)[::-1], dim) * 2, shape)


@given(shape=array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4), data=st.data())
def test_squeeze_unsqueeze_expand_matches_torch(shape, data):
    dim = data.draw(st.integers(-len(shape) - 1, len(shape)))
    reps = data.draw(st.integers(1, 3))
    _check_same(lambda lib, x: x.unsqueeze(dim).expand(*((reps,) + (-1,) * (len(shape) + 1))).squeeze(), shape)
