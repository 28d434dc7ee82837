"""Reductions, scans and sorts (minitorch/ops/reduction.py), each compared with real torch:
the parity table of parity/cases/reduction.py, named tuples, dtype rules, error types and
messages, the gradient at ties and at zeros (where the textbook formulas fail), warnings,
0-d tensors, and hypothesis-drawn shapes and dims."""
import pickle
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitorch
from parity import runner
from parity.case import Arg, OpCase, away_from_zero, distinct
from parity.cases import reduction as reduction_cases


def dname(t):
    return str(t.dtype).split(".")[-1]


def pair(data, dtype="float64", requires_grad=True):
    """The same values as a minitorch and a torch tensor (leaves)."""
    arr = np.array(data, dtype=dtype)
    m, t = minitorch.tensor(arr.copy()), torch.tensor(arr.copy())
    if requires_grad:
        m.requires_grad_(True)
        t.requires_grad_(True)
    return m, t


def assert_same(m, t):
    """Same shape, dtype and values (nan equal to nan)."""
    assert tuple(m.shape) == tuple(t.shape)
    assert dname(m) == dname(t)
    tol = 1e-6 if dname(t) in ("float32", "float16") else 1e-12
    np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=tol, atol=tol)


def assert_same_grad(fn, data, upstream=None):
    """``fn(lib, x)`` in both libraries; the outputs and, for a random (or given) upstream gradient,
    the gradients of x must agree."""
    m, t = pair(data)
    mo, to = fn(minitorch, m), fn(torch, t)
    assert_same(mo, to)
    if not to.requires_grad:  # an int or bool result: nothing to differentiate
        assert not mo.requires_grad
        return
    up = np.random.default_rng(0).standard_normal(tuple(to.shape)) if upstream is None else np.asarray(upstream)
    mo.backward(minitorch.tensor(up))
    to.backward(torch.tensor(up))
    if t.grad is None:
        assert m.grad is None
    else:
        assert_same(m.grad, t.grad)


# -- the parity table, and the cases at kinks (which finite differences cannot check) ------------------
TABLE = reduction_cases.CASES + reduction_cases.KINK_CASES


@pytest.mark.parametrize("float_dtype", runner.DTYPES)
@pytest.mark.parametrize("case", TABLE, ids=[c.name for c in TABLE])
def test_parity_case_matches_torch(case, float_dtype):
    row = runner.run_case(case, float_dtype, device="cpu")
    assert row.ok, row.status


# -- named tuples ---------------------------------------------------------------------------------
NAMED = {
    "max": lambda t, x: x.max(1),
    "min": lambda t, x: t.min(x, dim=0, keepdim=True),
    "sort": lambda t, x: x.sort(descending=True),
    "topk": lambda t, x: t.topk(x, 2),
}


@pytest.mark.parametrize("op", NAMED)
def test_named_tuple_fields_indexing_and_unpacking(op):
    m, t = pair([[1.0, 5.0, 2.0], [0.0, -1.0, 3.0]])
    r, tr = NAMED[op](minitorch, m), NAMED[op](torch, t)
    assert isinstance(r, tuple) and len(r) == len(tr) == 2
    assert type(r).__name__ == type(tr).__name__ == op
    assert type(r).__module__ == "minitorch.return_types"
    assert type(r) is getattr(minitorch.return_types, op)
    assert tuple(type(r)._fields) == tuple(type(tr).__match_args__) == ("values", "indices")
    assert r[0] is r.values and r[1] is r.indices and r[-1] is r.indices
    values, indices = r
    assert_same(values, tr.values)
    assert_same(indices, tr.indices)
    assert dname(indices) == "int64" and not indices.requires_grad


@pytest.mark.parametrize("op", NAMED)
def test_named_tuple_repr_is_torchs_with_minitorch(op):
    m, t = pair([[1.0, 5.0, 2.0], [0.0, -1.0, 3.0]], dtype="float32", requires_grad=False)
    assert repr(NAMED[op](minitorch, m)) == repr(NAMED[op](torch, t)).replace("torch.", "minitorch.")
    r = NAMED[op](minitorch, m)
    assert str(r) == repr(r) == f"minitorch.return_types.{op}(\nvalues={r.values!r},\nindices={r.indices!r})"


def test_named_tuple_repr_shows_grad_fn():
    m, t = pair([3.0, 1.0, 2.0], dtype="float32")
    assert repr(m.max(0)) == repr(t.max(0)).replace("torch.", "minitorch.")
    assert "grad_fn=<MaxBackward0>" in repr(m.max(0))


def test_return_types_is_importable_and_picklable():
    import minitorch.return_types as rt
    from minitorch.return_types import sort as sort_type
    r = minitorch.tensor([2.0, 1.0]).sort()
    assert rt is minitorch.return_types and type(r) is sort_type
    back = pickle.loads(pickle.dumps(r))
    assert type(back) is sort_type and back.indices.tolist() == [1, 0] and back.values.tolist() == [1.0, 2.0]


def test_var_mean_and_std_mean_return_plain_tuples():
    m, t = pair([[1.0, 2.0, 4.0], [0.5, 0.0, 3.0]])
    for op in ("var_mean", "std_mean"):
        r, tr = getattr(minitorch, op)(m, 1), getattr(torch, op)(t, 1)
        assert type(r) is type(tr) is tuple
        for a, b in zip(r, tr):
            assert_same(a, b)
            assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__


# -- dtypes ----------------------------------------------------------------------------------------
DTYPE_RULES = {
    "sum_bool": lambda t: t.tensor([True, False, True]).sum(),
    "sum_bool_dim": lambda t: t.tensor([[True, False], [True, True]]).sum(0),
    "sum_int32": lambda t: t.tensor([1, 2], dtype=t.int32).sum(),
    "sum_uint8": lambda t: t.tensor([200, 100], dtype=t.uint8).sum(),
    "sum_int8": lambda t: t.tensor([100, 100], dtype=t.int8).sum(1 - 1),
    "sum_int_dtype_float": lambda t: t.tensor([1, 2]).sum(dtype=t.float32),
    "sum_float32_dtype_float64": lambda t: t.tensor([0.1, 0.2]).sum(dtype=t.float64),
    "sum_float64_dtype_float32": lambda t: t.tensor([0.1, 0.2], dtype=t.float64).sum(dtype=t.float32),
    "mean_int_dtype": lambda t: t.tensor([1, 2]).mean(dtype=t.float64),
    "prod_int32": lambda t: t.tensor([3, 4], dtype=t.int32).prod(),
    "prod_bool": lambda t: t.tensor([True, True]).prod(),
    "prod_int_dtype_float": lambda t: t.tensor([[1, 2], [3, 4]]).prod(1, dtype=t.float64),
    "cumsum_bool": lambda t: t.tensor([True, True, False]).cumsum(0),
    "cumsum_int32": lambda t: t.tensor([1, 2], dtype=t.int32).cumsum(0),
    "cumprod_int32": lambda t: t.cumprod(t.tensor([1, 2], dtype=t.int32), 0),
    "max_int32": lambda t: t.tensor([1, 7], dtype=t.int32).max(),
    "max_bool": lambda t: t.tensor([True, False]).max(),
    "amax_int32": lambda t: t.tensor([[1, 7]], dtype=t.int32).amax(1),
    "argmax": lambda t: t.tensor([[1.0, 7.0]]).argmax(),
    "all_float": lambda t: t.tensor([1.0, 0.0]).all(),
    "all_uint8": lambda t: t.tensor([1, 0], dtype=t.uint8).all(),
    "any_uint8_dim": lambda t: t.tensor([[1, 0]], dtype=t.uint8).any(1),
    "logsumexp_int": lambda t: t.tensor([1, 2, 3]).logsumexp(0),
    "norm_p0": lambda t: t.tensor([1.0, 0.0, 2.0]).norm(0),
    "norm_dtype": lambda t: t.norm(t.tensor([3.0, 4.0]), dtype=t.float64),
    "softmax_int_dtype": lambda t: t.softmax(t.tensor([1, 2]), 0, dtype=t.float32),
    "sort_bool": lambda t: t.tensor([True, False, True]).sort().values,
    "topk_int": lambda t: t.tensor([3, 1, 2]).topk(2).values,
}


@pytest.mark.parametrize("name", DTYPE_RULES)
def test_result_dtype_follows_torch(name):
    assert_same(DTYPE_RULES[name](minitorch), DTYPE_RULES[name](torch))


# -- errors ----------------------------------------------------------------------------------------
def _x(t):
    return t.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


ERRORS = {  # each raises the same exception type with the same message in both libraries
    "dim_out_of_range": lambda t: _x(t).sum(2),
    "dim_out_of_range_neg": lambda t: t.sort(_x(t), -3),
    "dim_out_of_range_0d": lambda t: t.tensor(1.0).cumsum(1),
    "dim_out_of_range_tuple": lambda t: _x(t).amax((0, 5)),
    "dim_twice": lambda t: _x(t).sum((0, -2)),
    "dim_twice_amax": lambda t: _x(t).amax((1, 1)),
    "dim_twice_0d": lambda t: t.tensor(1.0).sum((0, -1)),
    "mean_int": lambda t: t.tensor([1, 2]).mean(),
    "mean_bool_dim": lambda t: t.tensor([True]).mean(0),
    "mean_int_dtype": lambda t: t.tensor([1.5]).mean(dtype=t.int64),
    "var_int": lambda t: t.tensor([1, 2]).var(),
    "std_int": lambda t: t.tensor([1, 2]).std(0),
    "norm_int": lambda t: t.tensor([1, 2]).norm(),
    "norm_dtype_int": lambda t: t.norm(_x(t), dtype=t.int64),
    "norm_bad_order": lambda t: t.norm(_x(t), p="abc"),
    "softmax_int_lastdim": lambda t: t.tensor([1, 2]).softmax(0),
    "softmax_int_dim0": lambda t: t.tensor([[1, 2]]).softmax(0),
    "log_softmax_int": lambda t: t.tensor([[1, 2]]).log_softmax(1),
    "topk_k_too_big": lambda t: _x(t).topk(4),
    "topk_k_negative": lambda t: _x(t).topk(-1),
    "topk_k_too_big_dim0": lambda t: t.topk(_x(t), 3, dim=0),
    "topk_0d_k2": lambda t: t.tensor(1.0).topk(2),
    "topk_k_float": lambda t: t.topk(_x(t), 1.5),
    "max_empty": lambda t: t.zeros(0).max(),
    "min_empty": lambda t: t.zeros(2, 0).min(),
    "amax_empty": lambda t: t.zeros(0).amax(),
    "argmax_empty": lambda t: t.zeros(0).argmax(),
    "max_empty_dim": lambda t: t.zeros(0, 3).max(0),
    "amin_empty_dim": lambda t: t.zeros(3, 0).amin(1),
    "argmin_empty_dim": lambda t: t.zeros(0, 3).argmin(0),
    "cumsum_dim_none": lambda t: t.cumsum(_x(t), dim=None),
    "logsumexp_dim_none": lambda t: t.logsumexp(_x(t), dim=None),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_torch(name):
    with pytest.raises(Exception) as theirs:
        ERRORS[name](torch)
    with pytest.raises(type(theirs.value)) as ours:
        ERRORS[name](minitorch)
    assert str(ours.value) == str(theirs.value)


TYPE_ERRORS = {  # torch's message lists its overloads; only the exception type is compared
    "prod_tuple_dim": lambda t: _x(t).prod((0, 1)),
    "max_keepdim_without_dim": lambda t: _x(t).max(keepdim=True),
    "max_float_dim": lambda t: t.max(_x(t), 1.0),
    "var_unbiased_and_correction": lambda t: _x(t).var(0, unbiased=True, correction=1),
}


@pytest.mark.parametrize("name", TYPE_ERRORS)
def test_error_types_match_torch(name):
    with pytest.raises(TypeError):
        TYPE_ERRORS[name](torch)
    with pytest.raises(TypeError):
        TYPE_ERRORS[name](minitorch)


# -- gradients at ties ---------------------------------------------------------------------------------
TIES = [[1.0, 3.0, 3.0, 2.0], [[1.0, 3.0, 3.0], [3.0, 0.0, 3.0]], [[2.0, 2.0], [2.0, 2.0]], [[-1.0, 3.0, -3.0]]]
TIE_OPS = {
    "max": lambda t, x: x.max(),
    "min": lambda t, x: t.min(x),
    "amax": lambda t, x: x.amax(),
    "amin_dim": lambda t, x: x.amin(-1),
    "amax_tuple_keepdim": lambda t, x: x.amax(tuple(range(x.dim())), keepdim=True),
    "max_dim_values": lambda t, x: x.max(-1).values,  # the gradient goes to the first index only
    "min_dim_values": lambda t, x: x.min(0, keepdim=True)[0],
    "norm_inf": lambda t, x: x.norm(float("inf")),
    "norm_neg_inf": lambda t, x: x.norm(float("-inf")),
    "norm_inf_dim": lambda t, x: x.norm(float("inf"), dim=-1),
}


@pytest.mark.parametrize("data", TIES, ids=["1d", "2d", "all_equal", "signed"])
@pytest.mark.parametrize("op", TIE_OPS)
def test_gradient_at_ties_follows_torch(op, data):
    assert_same_grad(TIE_OPS[op], data)


def test_max_dim_at_ties_picks_the_first_index_like_torch():
    m, t = pair([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])
    for which in ("max", "min"):
        assert getattr(m, which)(1).indices.tolist() == getattr(t, which)(1).indices.tolist()
        assert getattr(m, which)(1).indices.tolist() == getattr(m, "arg" + which)(1).tolist()


@pytest.mark.parametrize("op", ["max", "amax", "min", "argmax", "sort", "topk"])
def test_nan_handling_follows_torch(op):
    fn = {"max": lambda t, x: x.max(), "amax": lambda t, x: x.amax(0), "min": lambda t, x: x.min(),
          "argmax": lambda t, x: x.argmax(), "sort": lambda t, x: x.sort(descending=True).values,
          "topk": lambda t, x: x.topk(2).values}[op]
    data = [1.0, float("nan"), 3.0, float("nan")]
    if op in ("argmax",):
        m, t = pair(data, requires_grad=False)
        assert_same(fn(minitorch, m), fn(torch, t))
    else:
        assert_same_grad(fn, data)


# -- gradients at zeros ---------------------------------------------------------------------------------
ZEROS = {
    "none": [[2.0, -1.5, 3.0], [0.5, 4.0, -2.0]],
    "one": [[2.0, 0.0, 3.0], [0.5, 4.0, -2.0]],
    "one_per_row": [[2.0, 0.0, 3.0], [0.0, 4.0, -2.0]],
    "two_in_a_row": [[0.0, 0.0, 3.0], [0.5, 4.0, -2.0]],
    "all": [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
}
PROD_OPS = {
    "prod": lambda t, x: x.prod(),
    "prod_dim1": lambda t, x: x.prod(1),
    "prod_dim0_keepdim": lambda t, x: t.prod(x, 0, keepdim=True),
    "cumprod_dim1": lambda t, x: t.cumprod(x, 1),
    "cumprod_dim0": lambda t, x: t.cumprod(x, 0),
    "norm2": lambda t, x: x.norm(dim=1),
    "norm3": lambda t, x: x.norm(3),
    "norm_half": lambda t, x: x.norm(0.5, dim=0),
    "norm1": lambda t, x: x.norm(1),
    "norm_neg1": lambda t, x: x.norm(-1),
    "std_dim": lambda t, x: (x * x).std(1),  # constant rows (all zeros) have std 0
}


@pytest.mark.parametrize("zeros", ZEROS)
@pytest.mark.parametrize("op", PROD_OPS)
def test_gradient_at_zeros_follows_torch(op, zeros):
    assert_same_grad(PROD_OPS[op], ZEROS[zeros])


def test_norm_p0_has_no_gradient_like_torch():
    m, t = pair([1.0, 0.0, -2.0])
    m.norm(0).backward()
    t.norm(0).backward()
    assert m.grad is None and t.grad is None


def test_inplace_change_of_a_saved_input_is_caught():
    m = minitorch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = m * 1
    p = y.prod()
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        p.backward()


# -- warnings and the legacy implicit softmax dim ------------------------------------------------------------
@pytest.mark.parametrize("op", ["var", "std"])
def test_no_degrees_of_freedom_warns_like_torch(op):
    m, t = pair([[1.0, 2.0]])
    with pytest.warns(UserWarning) as ours:
        mo = getattr(m, op)(0)
    with pytest.warns(UserWarning) as theirs:
        to = getattr(t, op)(0)
    assert str(theirs[0].message).startswith(str(ours[0].message))
    assert_same(mo, to)  # nan, as torch


@pytest.mark.parametrize("shape", [(), (4,), (2, 3), (2, 3, 4), (2, 3, 4, 2)])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_without_dim_uses_torchs_legacy_choice(op, shape):
    arr = np.random.default_rng(0).standard_normal(shape)
    with pytest.warns(UserWarning, match=f"Implicit dimension choice for {op} has been deprecated"):
        ours = getattr(minitorch, op)(minitorch.tensor(arr))
    with pytest.warns(UserWarning):
        theirs = getattr(torch.nn.functional, op)(torch.tensor(arr))
    assert_same(ours, theirs)


# -- 0-d tensors and argument forms ------------------------------------------------------------------------
ZERO_D = {
    "sum": lambda t, x, d: x.sum(d), "mean": lambda t, x, d: x.mean(d, keepdim=True),
    "prod": lambda t, x, d: x.prod(d), "amax": lambda t, x, d: x.amax(d), "max": lambda t, x, d: x.max(d).values,
    "min_idx": lambda t, x, d: x.min(d).indices.double(), "argmax": lambda t, x, d: x.argmax(d, True).double(),
    "logsumexp": lambda t, x, d: x.logsumexp(d), "norm": lambda t, x, d: x.norm(2, d),
    "cumsum": lambda t, x, d: x.cumsum(d), "cumprod": lambda t, x, d: t.cumprod(x, d),
    "softmax": lambda t, x, d: x.softmax(d), "log_softmax": lambda t, x, d: x.log_softmax(d),
    "sort": lambda t, x, d: x.sort(d).values, "topk": lambda t, x, d: x.topk(1, d).values,
    "all": lambda t, x, d: x.all(d).double(), "var_biased": lambda t, x, d: x.var(d, correction=0),
}


@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("op", ZERO_D)
def test_zero_dim_tensors_reduce_over_dim_0_and_minus_1(op, dim):
    assert_same_grad(lambda t, x: ZERO_D[op](t, x, dim), 1.5, upstream=0.7)


def test_max_with_a_tensor_is_maximum():
    m, t = pair([[1.0, 4.0], [3.0, 0.0]])
    om, on = pair([2.0, 1.0])
    ours, theirs = minitorch.max(m, om), torch.max(t, on)
    assert_same(ours, theirs)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__ == "MaximumBackward0"
    assert_same(m.min(om), t.min(on))


@pytest.mark.parametrize("op", ["var", "std"])
def test_var_argument_forms(op):
    m, t = pair([[1.0, 2.0, 4.0, 8.0], [0.5, 0.0, 3.0, 1.0]])
    forms = [lambda t, x: getattr(x, op)(), lambda t, x: getattr(t, op)(x, True),
             lambda t, x: getattr(t, op)(x, False), lambda t, x: getattr(x, op)(1, False, True),
             lambda t, x: getattr(x, op)(dim=1, unbiased=True), lambda t, x: getattr(x, op)(correction=3),
             lambda t, x: getattr(x, op)(dim=[0, 1], correction=0, keepdim=True)]
    for f in forms:
        assert_same(f(minitorch, m), f(torch, t))


def test_sort_stable_name_and_order_at_ties():
    m, t = pair([2.0, 1.0, 2.0, 1.0, 3.0, 1.0])
    for kw in ({}, {"stable": True}, {"descending": True}, {"stable": True, "descending": True}):
        r, tr = m.sort(**kw), t.sort(**kw)
        assert r.indices.tolist() == tr.indices.tolist()
        assert type(r.values.grad_fn).__name__ == type(tr.values.grad_fn).__name__
        assert m.argsort(**kw).tolist() == t.argsort(**kw).tolist()


# -- speed: sum's backward is a broadcast view, not a materialized array -----------------------------------
@pytest.mark.parametrize("op", ["sum", "mean"])
def test_sum_and_mean_backward_return_broadcast_views(op):
    x = minitorch.randn(300, 400, requires_grad=True)
    for out in (getattr(x, op)(), getattr(x, op)(1), getattr(x, op)((0, 1), keepdim=True)):
        (g, *_) = out.grad_fn._run_backward([np.ones(tuple(out.shape), dtype=np.float32)])
        assert g.shape == (300, 400) and 0 in g.strides
    getattr(x, op)().backward()
    expected = 1.0 if op == "sum" else 1.0 / x.numel()
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-6)


# -- hypothesis: random shapes, dims and keepdim, against torch ---------------------------------------------
@st.composite
def shape_and_dims(draw, min_side=1, single=False):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=min_side, max_side=5))
    ndim = len(shape)
    if single:
        dims = draw(st.integers(-ndim, ndim - 1)) if ndim else draw(st.sampled_from([0, -1]))
    elif ndim == 0:
        dims = draw(st.sampled_from([None, 0, -1, (0,)]))
    else:
        axes = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
        signed = tuple(a - ndim if draw(st.booleans()) else a for a in axes)
        dims = draw(st.sampled_from([None, signed, signed[0]]))
    return shape, dims, draw(st.booleans())


MULTI_DIM_OPS = {
    "sum": lambda t, x, d, k: x.sum(d, k) if d is not None else x.sum(),
    "mean": lambda t, x, d, k: x.mean(d, k) if d is not None else x.mean(),
    "amax": lambda t, x, d, k: x.amax(() if d is None else d, k),
    "amin": lambda t, x, d, k: t.amin(x, () if d is None else d, k),
    "var": lambda t, x, d, k: x.var(d, keepdim=k, correction=0),
    "std": lambda t, x, d, k: t.std(x, d, keepdim=k, correction=0.5),
    "logsumexp": lambda t, x, d, k: x.logsumexp(tuple(range(x.dim())) if d is None else d, k),
    "norm2": lambda t, x, d, k: x.norm(2, d, k),
    "norm3": lambda t, x, d, k: x.norm(3, d, k),
    "norm_inf": lambda t, x, d, k: x.norm(float("inf"), d, k),
}
SINGLE_DIM_OPS = {
    "prod": lambda t, x, d, k: x.prod(d, k),
    "max": lambda t, x, d, k: x.max(d, k),
    "min": lambda t, x, d, k: x.min(d, k),
    "softmax": lambda t, x, d, k: x.softmax(d),
    "log_softmax": lambda t, x, d, k: x.log_softmax(d),
    "cumsum": lambda t, x, d, k: x.cumsum(d),
    "cumprod": lambda t, x, d, k: t.cumprod(x, d),
    "sort": lambda t, x, d, k: x.sort(d, descending=k),
    "topk": lambda t, x, d, k: x.topk((x.shape[d] if x.dim() else 1) // 2 + 1, d, largest=k),
}
NO_TIES = {"amax", "amin", "norm_inf", "max", "min", "sort", "topk"}


def _check_against_torch(fn, shape, seed, make):
    case = OpCase("hypothesis", fn, [Arg(shape, make=make, permute=seed % 2 == 1)])
    rng = np.random.default_rng(seed)
    for float_dtype in runner.DTYPES:
        arrays = runner.draw_arrays(case, float_dtype, rng)
        runner.compare_on_arrays(case, arrays, float_dtype, "cpu", rng)


def _maker(op):
    return distinct if op in NO_TIES else away_from_zero


@pytest.mark.parametrize("op", MULTI_DIM_OPS)
@given(spec=shape_and_dims(), seed=st.integers(0, 2 ** 31))
def test_reductions_over_any_dims_match_torch(op, spec, seed):
    shape, dims, keepdim = spec
    _check_against_torch(lambda t, x: MULTI_DIM_OPS[op](t, x, dims, keepdim), shape, seed, _maker(op))


@pytest.mark.parametrize("op", SINGLE_DIM_OPS)
@given(spec=shape_and_dims(single=True), seed=st.integers(0, 2 ** 31))
def test_ops_along_one_dim_match_torch(op, spec, seed):
    shape, dim, flag = spec
    _check_against_torch(lambda t, x: SINGLE_DIM_OPS[op](t, x, dim, flag), shape, seed, _maker(op))


@given(n=st.integers(1, 200), k_frac=st.floats(0, 1), largest=st.booleans(), seed=st.integers(0, 2 ** 31))
def test_topk_on_longer_rows_matches_torch(n, k_frac, largest, seed):
    k = int(round(k_frac * n))
    _check_against_torch(lambda t, x: x.topk(k, -1, largest), (3, n), seed, distinct)


@pytest.mark.parametrize("call", [lambda lib, x: x.sort(), lambda lib, x: x.sort(stable=False),
                                  lambda lib, x: x.sort(stable=True), lambda lib, x: x.sort(0, True),
                                  lambda lib, x: lib.sort(x, descending=True), lambda lib, x: lib.sort(x, stable=False),
                                  lambda lib, x: lib.sort(x, dim=0, descending=False, stable=True)])
def test_sort_node_name_depends_on_naming_stable_as_in_torch(call):
    """torch records a sort that names ``stable`` (either value) as SortBackward1, one that does not
    as SortBackward0."""
    names = [type(call(lib, lib.tensor([3.0, 1.0, 2.0], requires_grad=True))[0].grad_fn).__name__
             for lib in (minitorch, torch)]
    assert names[0] == names[1]
