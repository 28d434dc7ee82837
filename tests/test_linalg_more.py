"""Tests for the linear algebra beyond matmul: einsum, tensordot, kron, cross, the addmm family,
multi_dot, det/slogdet/logdet, inverse, solve, cholesky, pinverse, cdist/dist (minitorch/ops/linalg.py)
and the torch.linalg namespace (minitorch/linalg.py).

Values and gradients are covered by the parity table (parity/cases/linalg.py, run by
tests/test_parity.py and tests/test_gradcheck.py); here: torch's errors (type and message), dtypes,
named tuples, warnings, and a few properties checked against real torch.
"""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
import minitorch.linalg as mla
from minitorch.ops import linalg as L


def both(*arrays):
    """The same arrays as (torch tensors, minitorch tensors)."""
    return [torch.tensor(a) for a in arrays], [minitorch.tensor(a) for a in arrays]


def raises_like_torch(torch_fn, mini_fn):
    """Both calls raise; minitorch's error has torch's type (by name) and message."""
    with pytest.raises(Exception) as t_err:
        torch_fn()
    with pytest.raises(Exception) as m_err:
        mini_fn()
    t_type = type(t_err.value)
    assert isinstance(m_err.value, (RuntimeError, TypeError, ValueError, IndexError))
    assert isinstance(m_err.value, RuntimeError) == issubclass(t_type, RuntimeError)
    assert str(m_err.value) == str(t_err.value)


rng = np.random.default_rng(0)
A33 = rng.standard_normal((3, 3))
A34 = rng.standard_normal((3, 4))
SINGULAR = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])

# (id, torch call, minitorch call) on the same data: each must raise torch's error
ERROR_CASES = [
    ("einsum_size", lambda t, m: t.einsum("ij,jk->ik", t.ones(3, 3), t.ones(4, 3)),
     lambda t, m: m.einsum("ij,jk->ik", t.ones(3, 3), t.ones(4, 3))),
    ("einsum_output_letter", lambda t, m: t.einsum("ij->k", t.ones(3, 3)),
     lambda t, m: m.einsum("ij->k", t.ones(3, 3))),
    ("einsum_repeated_size", lambda t, m: t.einsum("ii->i", t.ones(3, 4)),
     lambda t, m: m.einsum("ii->i", t.ones(3, 4))),
    ("einsum_dtype", lambda t, m: t.einsum("i,i", t.ones(3), t.ones(3, dtype=t.float64)),
     lambda t, m: m.einsum("i,i", t.ones(3), t.ones(3, dtype=t.float64))),
    ("einsum_ndim", lambda t, m: t.einsum("ijk", t.ones(3, 3)), lambda t, m: m.einsum("ijk", t.ones(3, 3))),
    ("einsum_too_many_operands", lambda t, m: t.einsum("i", t.ones(3), t.ones(3)),
     lambda t, m: m.einsum("i", t.ones(3), t.ones(3))),
    ("einsum_too_few_operands", lambda t, m: t.einsum("i,i", t.ones(3)), lambda t, m: m.einsum("i,i", t.ones(3))),
    ("tensordot_sizes", lambda t, m: t.tensordot(t.ones(3, 3), t.ones(4, 3), 1),
     lambda t, m: m.tensordot(t.ones(3, 3), t.ones(4, 3), 1)),
    ("cross_size", lambda t, m: t.linalg.cross(t.ones(4, 2), t.ones(4, 2)),
     lambda t, m: m.linalg_cross(t.ones(4, 2), t.ones(4, 2))),
    ("cross_dim_size", lambda t, m: t.cross(t.ones(3, 4), t.ones(3, 4), dim=1),
     lambda t, m: m.cross(t.ones(3, 4), t.ones(3, 4), dim=1)),
    ("cross_ndim", lambda t, m: t.linalg.cross(t.ones(2, 4, 3), t.ones(4, 3)),
     lambda t, m: m.linalg_cross(t.ones(2, 4, 3), t.ones(4, 3))),
    ("addmm_shapes", lambda t, m: t.addmm(t.ones(3), t.ones(3, 3), t.ones(4, 3)),
     lambda t, m: m.addmm(t.ones(3), t.ones(3, 3), t.ones(4, 3))),
    ("addmv_shapes", lambda t, m: t.addmv(t.ones(3), t.ones(3, 3), t.ones(4)),
     lambda t, m: m.addmv(t.ones(3), t.ones(3, 3), t.ones(4))),
    ("baddbmm_batches", lambda t, m: t.baddbmm(t.ones(3, 3), t.ones(2, 3, 4), t.ones(3, 4, 3)),
     lambda t, m: m.baddbmm(t.ones(3, 3), t.ones(2, 3, 4), t.ones(3, 4, 3))),
    ("det_not_square", lambda t, m: t.det(t.ones(3, 4)), lambda t, m: m.det(t.ones(3, 4))),
    ("det_integer", lambda t, m: t.det(t.ones(3, 3, dtype=t.long)), lambda t, m: m.det(t.ones(3, 3, dtype=t.long))),
    ("det_1d", lambda t, m: t.linalg.det(t.ones(3)), lambda t, m: m.det(t.ones(3))),
    ("inverse_singular", lambda t, m: t.linalg.inv(t.tensor(SINGULAR)), lambda t, m: m.inverse(t.tensor(SINGULAR))),
    ("inverse_zeros", lambda t, m: t.inverse(t.zeros(3, 3)), lambda t, m: m.inverse(t.zeros(3, 3))),
    ("inverse_batch_singular", lambda t, m: t.inverse(t.stack([t.eye(3), t.zeros(3, 3)])),
     lambda t, m: m.inverse(t.stack([t.eye(3), t.zeros(3, 3)]))),
    ("inverse_not_square", lambda t, m: t.inverse(t.ones(2, 2, 3)), lambda t, m: m.inverse(t.ones(2, 2, 3))),
    ("solve_singular", lambda t, m: t.linalg.solve(t.zeros(3, 3), t.ones(3)),
     lambda t, m: m.solve(t.zeros(3, 3), t.ones(3))),
    ("solve_shapes", lambda t, m: t.linalg.solve(t.eye(3), t.ones(4)), lambda t, m: m.solve(t.eye(3), t.ones(4))),
    ("solve_shapes_matrix", lambda t, m: t.linalg.solve(t.eye(3), t.ones(4, 2)),
     lambda t, m: m.solve(t.eye(3), t.ones(4, 2))),
    ("solve_shapes_left_false", lambda t, m: t.linalg.solve(t.eye(3), t.ones(3, 2), left=False),
     lambda t, m: m.solve(t.eye(3), t.ones(3, 2), left=False)),
    ("solve_vector_left_false", lambda t, m: t.linalg.solve(t.eye(3), t.ones(3), left=False),
     lambda t, m: m.solve(t.eye(3), t.ones(3), left=False)),
    ("cholesky_not_pd", lambda t, m: t.linalg.cholesky(-t.eye(3)), lambda t, m: m.linalg_cholesky(-t.eye(3))),
    ("cholesky_not_pd_order2", lambda t, m: t.linalg.cholesky(t.tensor([[1.0, 2.0], [2.0, 1.0]])),
     lambda t, m: m.linalg_cholesky(t.tensor([[1.0, 2.0], [2.0, 1.0]]))),
    ("cholesky_batch", lambda t, m: t.linalg.cholesky(t.stack([t.eye(2), -t.eye(2)])),
     lambda t, m: m.linalg_cholesky(t.stack([t.eye(2), -t.eye(2)]))),
    ("cdist_columns", lambda t, m: t.cdist(t.ones(3, 3), t.ones(3, 4)),
     lambda t, m: m.cdist(t.ones(3, 3), t.ones(3, 4))),
    ("cdist_rank", lambda t, m: t.cdist(t.ones(3), t.ones(3, 3)), lambda t, m: m.cdist(t.ones(3), t.ones(3, 3))),
    ("multi_dot_shapes", lambda t, m: t.linalg.multi_dot([t.ones(2, 3), t.ones(4, 2)]),
     lambda t, m: m.multi_dot([t.ones(2, 3), t.ones(4, 2)])),
    ("multi_dot_one", lambda t, m: t.linalg.multi_dot([t.ones(2, 3)]), lambda t, m: m.multi_dot([t.ones(2, 3)])),
    ("multi_dot_3d", lambda t, m: t.linalg.multi_dot([t.ones(2, 3), t.ones(3, 2, 2)]),
     lambda t, m: m.multi_dot([t.ones(2, 3), t.ones(3, 2, 2)])),
    ("matrix_norm_order", lambda t, m: t.linalg.matrix_norm(t.ones(3, 3), 3),
     lambda t, m: mla.matrix_norm(t.ones(3, 3), 3)),
    ("norm_3d_with_ord", lambda t, m: t.linalg.norm(t.ones(2, 3, 3), 2), lambda t, m: mla.norm(t.ones(2, 3, 3), 2)),
    ("vector_norm_int", lambda t, m: t.linalg.vector_norm(t.ones(3, dtype=t.long)),
     lambda t, m: mla.vector_norm(t.ones(3, dtype=t.long))),
    ("qr_mode", lambda t, m: t.linalg.qr(t.ones(3, 3), mode="bad"), lambda t, m: mla.qr(t.ones(3, 3), mode="bad")),
    ("eigh_uplo", lambda t, m: t.linalg.eigh(t.eye(3), UPLO="X"), lambda t, m: mla.eigh(t.eye(3), UPLO="X")),
]


@pytest.mark.parametrize("torch_call, mini_call", [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_errors_match_torch(torch_call, mini_call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raises_like_torch(lambda: torch_call(torch, None), lambda: mini_call(minitorch, L))


def test_singular_errors_are_linalg_errors():
    for fn in (lambda: L.inverse(minitorch.zeros(3, 3)), lambda: L.solve(minitorch.zeros(3, 3), minitorch.ones(3)),
               lambda: L.linalg_cholesky(-minitorch.eye(2))):
        with pytest.raises(mla.LinAlgError):
            fn()
    assert issubclass(mla.LinAlgError, RuntimeError)


# -- einsum --------------------------------------------------------------------------------------
EQUATIONS = [("ij,jk->ik", [(3, 4), (4, 5)]), ("ii->i", [(3, 3)]), ("ii", [(3, 3)]), ("i,j", [(2,), (3,)]),
             ("...ij,...jk", [(2, 3, 4), (4, 5)]), ("b...,b->...", [(2, 3, 4), (2,)]), ("BA,ab->Ab", [(2, 3), (3, 4)]),
             ("iij,jk->ik", [(3, 3, 4), (4, 2)]), ("ij,kl->", [(2, 3), (4, 1)]), ("i i -> i", [(2, 2)])]


@pytest.mark.parametrize("eq, shapes", EQUATIONS)
def test_einsum_matches_torch_values_and_grads(eq, shapes):
    arrays = [rng.standard_normal(s) for s in shapes]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    ms = [minitorch.tensor(a, requires_grad=True) for a in arrays]
    out_t, out_m = torch.einsum(eq, *ts), L.einsum(eq, *ms)
    assert tuple(out_m.shape) == tuple(out_t.shape)
    np.testing.assert_allclose(out_m.detach().numpy(), out_t.detach().numpy(), rtol=1e-12, atol=1e-12)
    g = rng.standard_normal(tuple(out_t.shape))
    out_t.backward(torch.tensor(g))
    out_m.backward(minitorch.tensor(g))
    for a, b in zip(ts, ms):
        np.testing.assert_allclose(b.grad.numpy(), a.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_einsum_integer_and_float32_dtypes():
    ti, mi = both(np.arange(6).reshape(2, 3), np.arange(3))
    out = L.einsum("ij,j->i", *mi)
    assert out.dtype == minitorch.int64 and out.tolist() == torch.einsum("ij,j->i", *ti).tolist()
    assert out.grad_fn is None
    m = minitorch.ones(2, 3, requires_grad=True)
    assert L.einsum("ij->j", m).dtype == minitorch.float32


# -- dtypes and results --------------------------------------------------------------------------
def test_kron_promotes_dtypes():
    out = L.kron(minitorch.ones(2, 2), minitorch.ones(2, dtype=minitorch.float64))
    expected = torch.kron(torch.ones(2, 2), torch.ones(2, dtype=torch.float64))
    assert out.dtype == minitorch.float64 and tuple(out.shape) == tuple(expected.shape)


def test_addmm_beta_zero_ignores_nan():
    nan = minitorch.full((2, 2), float("nan"))
    out = L.addmm(nan, minitorch.eye(2), minitorch.eye(2), beta=0)
    assert out.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_addmm_integer():
    t_args, m_args = both(np.arange(2), np.arange(6).reshape(2, 3), np.arange(6).reshape(3, 2))
    out = L.addmm(*m_args, beta=2, alpha=3)
    assert out.dtype == minitorch.int64 and out.tolist() == torch.addmm(*t_args, beta=2, alpha=3).tolist()


def test_slogdet_named_tuples():
    t, m = both(A33)
    for mini, ref in ((L.slogdet(m[0]), torch.slogdet(t[0])), (mla.slogdet(m[0]), torch.linalg.slogdet(t[0]))):
        assert type(mini).__name__ == type(ref).__name__
        assert mini._fields == ("sign", "logabsdet")
        assert mini.sign.item() == ref.sign.item()
        assert abs(mini.logabsdet.item() - ref.logabsdet.item()) < 1e-12


def test_decomposition_named_tuples():
    t, m = both(A34)
    assert mla.qr(m[0])._fields == ("Q", "R") and type(mla.qr(m[0])).__name__ == "linalg_qr"
    assert mla.svd(m[0])._fields == ("U", "S", "Vh") and type(mla.svd(m[0])).__name__ == "linalg_svd"
    sym = minitorch.tensor(A33 + A33.T)
    assert mla.eigh(sym)._fields == ("eigenvalues", "eigenvectors")
    full = mla.svd(m[0])
    assert tuple(full.U.shape) == (3, 3) and tuple(full.Vh.shape) == (4, 4)
    assert tuple(mla.qr(m[0], mode="complete").Q.shape) == tuple(torch.linalg.qr(t[0], mode="complete").Q.shape)
    assert tuple(mla.qr(m[0], mode="r").Q.shape) == (0,)


def test_logdet_negative_determinant_is_nan():
    m = minitorch.tensor(-np.eye(3), requires_grad=True)
    out = L.logdet(m)
    assert np.isnan(out.item())
    out.backward()
    ref = torch.tensor(-np.eye(3), requires_grad=True)
    torch.logdet(ref).backward()
    np.testing.assert_array_equal(m.grad.numpy(), ref.grad.numpy())


def test_det_of_singular_matrix_gradient_is_the_cofactor_matrix():
    """At an exactly singular matrix torch 2.13 returns a zero gradient; the derivative of det is the
    (nonzero) cofactor matrix there, which is what minitorch returns: checked against central
    differences of torch.det."""
    m = minitorch.tensor(SINGULAR, requires_grad=True)
    L.det(m).backward()
    eps, numeric = 1e-6, np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            d = np.zeros((3, 3))
            d[i, j] = eps
            plus, minus = torch.det(torch.tensor(SINGULAR + d)), torch.det(torch.tensor(SINGULAR - d))
            numeric[i, j] = (plus - minus).item() / (2 * eps)
    np.testing.assert_allclose(m.grad.numpy(), numeric, atol=1e-8)
    assert np.abs(numeric).max() > 1


def test_matrix_rank_and_dtype():
    t, m = both(np.stack([SINGULAR, A33]))
    out = mla.matrix_rank(m[0])
    assert out.dtype == minitorch.int64 and out.tolist() == torch.linalg.matrix_rank(t[0]).tolist()
    assert mla.matrix_rank(m[0], atol=10.0).tolist() == torch.linalg.matrix_rank(t[0], atol=10.0).tolist()


def test_matrix_power_integer():
    t, m = both(np.arange(9).reshape(3, 3))
    assert mla.matrix_power(m[0], 3).tolist() == torch.linalg.matrix_power(t[0], 3).tolist()


def test_cross_default_dim_warns_like_torch():
    t, m = both(rng.standard_normal((4, 3)), rng.standard_normal((4, 3)))
    with pytest.warns(UserWarning, match="without specifying the dim arg is deprecated"):
        out = L.cross(*m)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = torch.cross(*t)
    np.testing.assert_allclose(out.numpy(), ref.numpy())


def test_chain_matmul_warns():
    with pytest.warns(UserWarning, match="chain_matmul is deprecated"):
        L.chain_matmul(minitorch.ones(2, 3), minitorch.ones(3, 2))


def test_qr_mode_r_backward_raises():
    m = minitorch.tensor(A34.T, requires_grad=True)
    with pytest.raises(RuntimeError, match="mode='r'"):
        mla.qr(m, mode="r").R.sum().backward()


def test_qr_complete_tall_backward_is_not_differentiable():
    m = minitorch.tensor(A34.T, requires_grad=True)
    with pytest.raises(RuntimeError, match="mode='complete' and nrows > ncols"):
        mla.qr(m, mode="complete").R.sum().backward()


# -- properties against torch ------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 4), batch=st.sampled_from([(), (2,), (2, 1)]), seed=st.integers(0, 2**31))
def test_inverse_det_solve_match_torch(n, batch, seed):
    r = np.random.default_rng(seed)
    a = r.uniform(-1, 1, batch + (n, n)) + 3 * np.eye(n)
    b = r.standard_normal(batch + (n, 2))
    (ta, tb), (ma, mb) = both(a, b)
    np.testing.assert_allclose(L.inverse(ma).numpy(), torch.inverse(ta).numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(L.det(ma).numpy(), torch.det(ta).numpy(), rtol=1e-10)
    np.testing.assert_allclose(L.solve(ma, mb).numpy(), torch.linalg.solve(ta, tb).numpy(), rtol=1e-10, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(shape=st.tuples(st.integers(1, 4), st.integers(1, 4)), p=st.sampled_from([1.0, 2.0, 3.0, float("inf")]),
       seed=st.integers(0, 2**31))
def test_cdist_matches_torch(shape, p, seed):
    r = np.random.default_rng(seed)
    (t1, t2), (m1, m2) = both(r.standard_normal(shape), r.standard_normal((3, shape[1])))
    np.testing.assert_allclose(L.cdist(m1, m2, p=p).numpy(), torch.cdist(t1, t2, p=p).numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, -2, 1, -1, float("inf"), -float("inf")])
def test_matrix_norms_float32(ord):
    t, m = both(rng.standard_normal((2, 3, 4)).astype(np.float32))
    out, ref = mla.matrix_norm(m[0], ord), torch.linalg.matrix_norm(t[0], ord)
    assert out.dtype == minitorch.float32
    np.testing.assert_allclose(out.numpy(), ref.numpy(), rtol=1e-5)


def test_float32_results_stay_float32():
    t, m = both(A33.astype(np.float32) + 3 * np.eye(3, dtype=np.float32))
    for fn in (L.det, L.inverse, L.logdet, mla.svdvals, mla.eigvalsh, lambda x: mla.qr(x).Q, mla.pinv,
               lambda x: L.cdist(x, x), lambda x: L.einsum("ij,jk", x, x), lambda x: L.addmm(x, x, x)):
        assert fn(m[0]).dtype == minitorch.float32
