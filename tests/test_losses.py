"""The losses against torch, beyond what the parity table checks: errors (type and message), the
deprecated ``size_average``/``reduce`` flags and their warnings, warnings about broadcast targets,
module reprs, buffers and attributes, output dtypes, edge cases (every target ignored, clamped
logs, huge logits, a clamped variance), the graph each fused loss builds, a course-style program
that feeds a regression target to BCELoss, and a hypothesis sweep of cross_entropy over random
shapes, classes and options.

Every check runs the same code on both libraries (``fn(lib)`` with lib = torch or minitorch) and
compares the results, so nothing here restates a formula of our own.
"""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
from parity import runner

LIBS = (torch, minitorch)


def run(fn, lib):
    """``fn(lib)``, its warnings' messages, and the exception it raised (or None)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out, err = fn(lib), None
        except Exception as e:  # noqa: BLE001 - the exception is what is compared
            out, err = None, e
    return out, [str(w.message) for w in caught], err


def torch_text(text):
    """torch's message as minitorch words it (``torch.Size`` is ``minitorch.Size``)."""
    return text.replace("torch.", "minitorch.")


def assert_same_error(fn):
    _, _, t_err = run(fn, torch)
    _, _, m_err = run(fn, minitorch)
    assert t_err is not None, "torch raised nothing"
    assert m_err is not None, f"minitorch raised nothing; torch raised {type(t_err).__name__}: {t_err}"
    assert type(m_err).__name__ == type(t_err).__name__, f"{type(m_err).__name__}: {m_err} vs torch's {t_err!r}"
    assert str(m_err) == torch_text(str(t_err))


def assert_same_result(fn, atol=1e-6):
    """Same outputs (values, shape, dtype), same warnings, and the same gradient of every input that
    ``fn`` makes with requires_grad (``fn`` returns ``(output, [inputs])``)."""
    (t_out, t_inputs), t_warn, t_err = run(fn, torch)
    (m_out, m_inputs), m_warn, m_err = run(fn, minitorch)
    assert t_err is None and m_err is None, (t_err, m_err)
    assert m_warn == [torch_text(w) for w in t_warn]
    assert tuple(m_out.shape) == tuple(t_out.shape)
    assert runner.dtype_name(m_out) == runner.dtype_name(t_out)
    np.testing.assert_allclose(runner.to_numpy(m_out), runner.to_numpy(t_out), atol=atol, rtol=1e-5)
    if t_out.requires_grad:
        up = np.random.default_rng(0).standard_normal(tuple(t_out.shape))
        t_out.backward(torch.tensor(up, dtype=t_out.dtype))
        m_out.backward(minitorch.tensor(up, dtype=m_out.dtype))
        for m, t in zip(m_inputs, t_inputs):
            np.testing.assert_allclose(runner.to_numpy(m.grad), runner.to_numpy(t.grad), atol=atol, rtol=1e-5)
    return m_out, t_out


def x(lib, shape, low=-2.0, high=2.0, seed=0, dtype="float32", grad=True):
    arr = np.random.default_rng(seed).uniform(low, high, size=shape).astype(dtype)
    return lib.tensor(arr, requires_grad=grad)


# -- errors ------------------------------------------------------------------------------------------------
ERRORS = {
    # binary_cross_entropy
    "bce_target_above_1": lambda t: t.nn.functional.binary_cross_entropy(
        t.tensor([0.2, 0.5, 0.9]), t.tensor([0.0, 1.0, 2.0])),
    "bce_target_negative": lambda t: t.nn.BCELoss()(t.tensor([0.2, 0.5]), t.tensor([-0.5, 1.0])),
    "bce_input_outside": lambda t: t.nn.functional.binary_cross_entropy(t.tensor([0.0, 1.5]), t.tensor([1.5, 1.0])),
    "bce_input_nan": lambda t: t.nn.functional.binary_cross_entropy(
        t.tensor([0.5, float("nan")]), t.tensor([0.5, 0.5])),
    "bce_size_mismatch": lambda t: t.nn.functional.binary_cross_entropy(t.rand(3), t.rand(3, 1)),
    "bce_int_target": lambda t: t.nn.functional.binary_cross_entropy(t.rand(3), t.tensor([0, 1, 1])),
    "bce_dtype_mismatch": lambda t: t.nn.functional.binary_cross_entropy(t.rand(3).double(), t.rand(3)),
    "bce_int_input": lambda t: t.nn.functional.binary_cross_entropy(t.tensor([0, 1]), t.tensor([0, 1])),
    "bce_weight_not_broadcastable": lambda t: t.nn.functional.binary_cross_entropy(
        t.rand(2, 3), t.rand(2, 3), weight=t.rand(4, 1)),
    "bce_weight_broadcasts_bigger": lambda t: t.nn.functional.binary_cross_entropy(
        t.rand(3), t.rand(3), weight=t.rand(3, 1)),
    "bce_weight_requires_grad": lambda t: t.nn.functional.binary_cross_entropy(
        t.rand(3), t.rand(3), weight=t.rand(3, requires_grad=True)),
    "bce_bad_reduction": lambda t: t.nn.functional.binary_cross_entropy(t.rand(3), t.rand(3), reduction="avg"),
    # binary_cross_entropy_with_logits
    "bcel_size_mismatch": lambda t: t.nn.BCEWithLogitsLoss()(t.rand(3), t.rand(4)),
    "bcel_int_target": lambda t: t.nn.functional.binary_cross_entropy_with_logits(t.rand(3), t.tensor([0, 1, 1])),
    "bcel_int_input": lambda t: t.nn.functional.binary_cross_entropy_with_logits(t.tensor([0, 1]), t.rand(2)),
    "bcel_pos_weight_mismatch": lambda t: t.nn.functional.binary_cross_entropy_with_logits(
        t.rand(2, 3), t.rand(2, 3), pos_weight=t.rand(4, 1)),
    "bcel_weight_bigger": lambda t: t.nn.functional.binary_cross_entropy_with_logits(
        t.rand(3), t.rand(3), weight=t.rand(2, 3)),
    "bcel_pos_weight_requires_grad": lambda t: t.nn.functional.binary_cross_entropy_with_logits(
        t.rand(3), t.rand(3), pos_weight=t.rand(3, requires_grad=True)),
    # cross_entropy / nll_loss
    "ce_target_out_of_bounds": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), t.tensor([0, 5, 1])),
    "ce_negative_target": lambda t: t.nn.CrossEntropyLoss()(t.randn(3, 5), t.tensor([0, -1, 1])),
    "ce_target_out_of_bounds_4d": lambda t: t.nn.functional.cross_entropy(
        t.randn(2, 3, 2, 2), t.tensor([[[0, 1], [2, 9]], [[0, 0], [1, 1]]])),
    "ce_target_out_of_bounds_1d": lambda t: t.nn.functional.cross_entropy(t.randn(5), t.tensor(7)),
    "ce_batch_mismatch": lambda t: t.nn.CrossEntropyLoss()(t.randn(3, 5), t.tensor([0, 1])),
    "ce_0d_target_for_batch": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), t.tensor(1)),
    "ce_float_class_target": lambda t: t.nn.CrossEntropyLoss()(t.randn(3, 5), t.tensor([0.0, 1.0, 2.0])),
    "ce_int32_target": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), t.tensor([0, 1, 2], dtype=t.int32)),
    "ce_bool_target": lambda t: t.nn.functional.cross_entropy(t.randn(2, 5), t.tensor([True, False])),
    "ce_multi_target": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), t.zeros(3, 4, dtype=t.long)),
    "ce_kd_target_shape": lambda t: t.nn.functional.cross_entropy(t.randn(2, 3, 4), t.zeros(2, 5, dtype=t.long)),
    "ce_1d_input_target_size": lambda t: t.nn.functional.cross_entropy(t.randn(5), t.tensor([1, 2])),
    "ce_weight_size": lambda t: t.nn.CrossEntropyLoss(weight=t.ones(4))(t.randn(3, 5), t.tensor([0, 1, 2])),
    "ce_weight_2d": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), t.tensor([0, 1, 2]), weight=t.ones(1, 5)),
    "ce_weight_dtype": lambda t: t.nn.functional.cross_entropy(
        t.randn(3, 5).double(), t.tensor([0, 1, 2]), weight=t.ones(5)),
    "ce_probs_weight_size": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), t.rand(3, 5), weight=t.ones(4)),
    "ce_label_smoothing_range": lambda t: t.nn.functional.cross_entropy(
        t.randn(3, 5), t.tensor([0, 1, 2]), label_smoothing=1.5),
    "ce_bad_reduction": lambda t: t.nn.CrossEntropyLoss(reduction="avg")(t.randn(3, 5), t.tensor([0, 1, 2])),
    "ce_probs_long_target": lambda t: t.nn.functional.cross_entropy(t.tensor(1.0), t.tensor(1)),
    "ce_probs_ignore_index": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), t.rand(3, 5), ignore_index=1),
    "ce_int_input": lambda t: t.nn.functional.cross_entropy(t.tensor([[1, 2]]), t.tensor([0])),
    "ce_list_target": lambda t: t.nn.functional.cross_entropy(t.randn(3, 5), [1, 2, 3]),
    "nll_0d_input": lambda t: t.nn.functional.nll_loss(t.tensor(1.0), t.tensor(1)),
    "nll_int_input": lambda t: t.nn.functional.nll_loss(t.tensor([[1, 2]]), t.tensor([0])),
    "nll_int_input_3d": lambda t: t.nn.functional.nll_loss(t.zeros(2, 3, 2, dtype=t.long), t.zeros(2, 2, dtype=t.long)),
    "nll_weight_dtype": lambda t: t.nn.functional.nll_loss(t.zeros(2, 3), t.zeros(2, dtype=t.long),
                                                           weight=t.ones(3).double()),
    "ce_int_input_3d": lambda t: t.nn.functional.cross_entropy(t.zeros(2, 3, 2, dtype=t.long),
                                                               t.zeros(2, 2, dtype=t.long)),
    "nll_target_out_of_bounds": lambda t: t.nn.NLLLoss()(t.randn(3, 5), t.tensor([0, 5, 1])),
    "nll_float_target": lambda t: t.nn.functional.nll_loss(t.randn(3, 5), t.rand(3)),
    "nll_weight_size": lambda t: t.nn.NLLLoss(t.ones(3))(t.randn(3, 5), t.tensor([0, 1, 2])),
    # regression losses
    "mse_not_broadcastable": lambda t: t.nn.MSELoss()(t.rand(3), t.rand(4)),
    "mse_int_inputs": lambda t: t.nn.functional.mse_loss(t.tensor([1, 2]), t.tensor([1, 2])),
    "mse_float_target": lambda t: t.nn.functional.mse_loss(t.rand(3), 3.0),
    "mse_bad_reduction": lambda t: t.nn.MSELoss(reduction="foo")(t.rand(3), t.rand(3)),
    "mse_weight_size": lambda t: t.nn.functional.mse_loss(t.rand(3), t.rand(3), weight=t.rand(1)),
    "mse_weight_size_of_broadcast": lambda t: t.nn.functional.mse_loss(t.rand(3), t.rand(2, 3), weight=t.rand(2, 3)),
    "mse_weight_bad_reduction": lambda t: t.nn.functional.mse_loss(t.rand(3), t.rand(3), weight=t.rand(3),
                                                                  reduction="foo"),
    "l1_bad_reduction": lambda t: t.nn.L1Loss(reduction="max")(t.rand(3), t.rand(3)),
    "l1_int_mean": lambda t: t.nn.functional.l1_loss(t.tensor([1, 2]), t.tensor([1, 2])),
    "smooth_l1_negative_beta": lambda t: t.nn.functional.smooth_l1_loss(t.rand(3), t.rand(3), beta=-1),
    "smooth_l1_int_inputs": lambda t: t.nn.functional.smooth_l1_loss(t.tensor([1, 2]), t.tensor([1, 2])),
    "huber_zero_delta": lambda t: t.nn.HuberLoss(delta=0.0)(t.rand(3), t.rand(3)),
    "huber_bad_reduction": lambda t: t.nn.HuberLoss(reduction="foo")(t.rand(3), t.rand(3)),
    # the others
    "kl_div_bad_reduction": lambda t: t.nn.functional.kl_div(t.rand(3), t.rand(3), reduction="batch"),
    "poisson_bad_reduction": lambda t: t.nn.functional.poisson_nll_loss(t.rand(3), t.rand(3), reduction="foo"),
    "gaussian_negative_var": lambda t: t.nn.GaussianNLLLoss()(t.rand(3), t.rand(3), t.tensor([1.0, -1.0, 1.0])),
    "gaussian_negative_float_var": lambda t: t.nn.functional.gaussian_nll_loss(t.rand(3), t.rand(3), -1.0),
    "gaussian_var_size": lambda t: t.nn.functional.gaussian_nll_loss(t.rand(3, 2), t.rand(3, 2), t.rand(2)),
    "gaussian_bad_reduction": lambda t: t.nn.functional.gaussian_nll_loss(t.rand(3), t.rand(3), t.rand(3),
                                                                         reduction="foo"),
    "margin_ranking_dims": lambda t: t.nn.MarginRankingLoss()(t.rand(3), t.rand(3, 1), t.rand(3)),
    "margin_ranking_bad_reduction": lambda t: t.nn.functional.margin_ranking_loss(
        t.rand(3), t.rand(3), t.rand(3), reduction="foo"),
    "cosine_target_2d": lambda t: t.nn.functional.cosine_embedding_loss(t.rand(3, 2), t.rand(3, 2), t.rand(3, 1)),
    "cosine_3d_inputs": lambda t: t.nn.CosineEmbeddingLoss()(t.rand(2, 2, 2), t.rand(2, 2, 2), t.rand(2)),
    "cosine_mismatch": lambda t: t.nn.functional.cosine_embedding_loss(t.rand(3, 2), t.rand(3, 4), t.rand(3)),
    "hinge_not_broadcastable": lambda t: t.nn.functional.hinge_embedding_loss(t.rand(3, 2), t.rand(3, 3)),
    "soft_margin_not_broadcastable": lambda t: t.nn.SoftMarginLoss()(t.rand(3, 2), t.rand(3, 3)),
    "soft_margin_target_requires_grad": lambda t: t.nn.functional.soft_margin_loss(
        t.rand(3), t.rand(3, requires_grad=True)),
    "multilabel_bad_reduction": lambda t: t.nn.functional.multilabel_soft_margin_loss(
        t.rand(3, 2), t.rand(3, 2), reduction="foo"),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_match_torch(name):
    assert_same_error(ERRORS[name])


def test_bce_on_a_regression_target_raises_torchs_error():
    """A course program: a regression target (values like 2.5) fed to BCELoss after a sigmoid. torch
    refuses it on the first loss evaluation; so must minitorch, with the same error."""
    def program(torch):
        torch.manual_seed(0)
        x_data = torch.tensor([[1.0], [2.0], [3.0]])
        y_data = torch.tensor([[2.0], [4.0], [6.0]])  # regression targets, not probabilities
        model = torch.nn.Linear(1, 1)
        criterion = torch.nn.BCELoss(size_average=False)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(3):
            y_pred = torch.sigmoid(model(x_data))
            loss = criterion(y_pred, y_data)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    _, _, t_err = run(program, torch)
    _, _, m_err = run(program, minitorch)
    assert type(t_err) is RuntimeError and str(t_err) == "all elements of target should be between 0 and 1"
    assert type(m_err) is RuntimeError and str(m_err) == str(t_err)


# -- the deprecated size_average / reduce flags ------------------------------------------------------------
FLAGS = [(s, r) for s in (None, True, False) for r in (None, True, False)]


@pytest.mark.parametrize("size_average,reduce", FLAGS)
def test_deprecated_flags_map_and_warn_as_torch(size_average, reduce):
    kw = dict(size_average=size_average, reduce=reduce)
    cases = [
        lambda t: (t.nn.functional.mse_loss(x(t, (3, 2)), x(t, (3, 2), seed=1), **kw), []),
        lambda t: (t.nn.functional.l1_loss(x(t, (3, 2)), x(t, (3, 2), seed=1), **kw), []),
        lambda t: (t.nn.functional.smooth_l1_loss(x(t, (3, 2)), x(t, (3, 2), seed=1), **kw), []),
        lambda t: (t.nn.functional.cross_entropy(x(t, (4, 3)), t.tensor([0, 2, 1, 2]), **kw), []),
        lambda t: (t.nn.functional.nll_loss(x(t, (4, 3)), t.tensor([0, 2, 1, 2]), **kw), []),
        lambda t: (t.nn.functional.binary_cross_entropy(x(t, (4,), 0.1, 0.9), x(t, (4,), 0, 1, 1), **kw), []),
        lambda t: (t.nn.functional.binary_cross_entropy_with_logits(x(t, (4,)), x(t, (4,), 0, 1, 1), **kw), []),
        lambda t: (t.nn.functional.kl_div(x(t, (4,)), x(t, (4,), 0.1, 1, 1), **kw), []),
        lambda t: (t.nn.functional.poisson_nll_loss(x(t, (4,)), x(t, (4,), 0, 3, 1), **kw), []),
        lambda t: (t.nn.functional.soft_margin_loss(x(t, (4,)), t.tensor([1.0, -1.0, 1.0, 1.0]), **kw), []),
        lambda t: (t.nn.functional.multilabel_soft_margin_loss(x(t, (2, 3)), x(t, (2, 3), 0, 1, 1), **kw), []),
        lambda t: (t.nn.functional.hinge_embedding_loss(x(t, (4,)), t.tensor([1.0, -1.0, 1.0, -1.0]), **kw), []),
        lambda t: (t.nn.functional.margin_ranking_loss(x(t, (4,)), x(t, (4,), seed=1),
                                                       t.tensor([1.0, -1.0, 1.0, -1.0]), **kw), []),
        lambda t: (t.nn.functional.cosine_embedding_loss(x(t, (3, 2)), x(t, (3, 2), seed=1),
                                                         t.tensor([1.0, -1.0, 1.0]), **kw), []),
        lambda t: (t.nn.MSELoss(**kw)(x(t, (3, 2)), x(t, (3, 2), seed=1)), []),
        lambda t: (t.nn.CrossEntropyLoss(**kw)(x(t, (4, 3)), t.tensor([0, 2, 1, 2])), []),
        lambda t: (t.nn.BCEWithLogitsLoss(**kw)(x(t, (4,)), x(t, (4,), 0, 1, 1)), []),
    ]
    for fn in cases:
        assert_same_result(fn)


@pytest.mark.parametrize("size_average,reduce", FLAGS)
def test_modules_store_the_mapped_reduction(size_average, reduce):
    for name in ("L1Loss", "MSELoss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss", "KLDivLoss",
                 "SoftMarginLoss", "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss", "MarginRankingLoss",
                 "HingeEmbeddingLoss", "PoissonNLLLoss", "SmoothL1Loss"):
        fn = lambda t: getattr(t.nn, name)(size_average=size_average, reduce=reduce)  # noqa: E731
        t_mod, t_warn, _ = run(fn, torch)
        m_mod, m_warn, _ = run(fn, minitorch)
        assert m_mod.reduction == t_mod.reduction, name
        assert m_warn == t_warn, name


def test_explicit_reduction_is_overridden_by_the_flags():
    assert_same_result(lambda t: (t.nn.functional.mse_loss(x(t, (3,)), x(t, (3,), seed=1), size_average=False,
                                                           reduction="none"), []))
    assert_same_result(lambda t: (t.nn.functional.cross_entropy(x(t, (3, 4)), t.tensor([0, 1, 3]), reduce=False,
                                                                reduction="sum"), []))


# -- warnings -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"])
@pytest.mark.parametrize("target_shape", [(3, 1), (1,), (3,), ()])
def test_target_size_warning_and_broadcast(loss, target_shape):
    def fn(t):
        inp = x(t, (3,))
        return getattr(t.nn.functional, loss)(inp, x(t, target_shape, seed=1), reduction="none"), [inp]

    m_out, t_out = assert_same_result(fn)
    assert tuple(m_out.shape) == tuple(t_out.shape)


def test_kl_div_warns_for_mean_only():
    for red in ("mean", "batchmean", "sum", "none"):
        assert_same_result(lambda t, red=red: (t.nn.functional.kl_div(x(t, (2, 3)), x(t, (2, 3), 0.1, 1, 1),
                                                                      reduction=red), []))
    assert_same_result(lambda t: (t.nn.KLDivLoss()(x(t, (2, 3)), x(t, (2, 3), 0.1, 1, 1)), []))


# -- modules: repr, attributes, buffers ---------------------------------------------------------------------
MODULES = {
    "L1Loss": lambda t: t.nn.L1Loss(reduction="sum"),
    "MSELoss": lambda t: t.nn.MSELoss(),
    "SmoothL1Loss": lambda t: t.nn.SmoothL1Loss(beta=0.5),
    "HuberLoss": lambda t: t.nn.HuberLoss(delta=2.0),
    "BCELoss": lambda t: t.nn.BCELoss(weight=t.ones(3)),
    "BCEWithLogitsLoss": lambda t: t.nn.BCEWithLogitsLoss(pos_weight=t.ones(3) * 2),
    "CrossEntropyLoss": lambda t: t.nn.CrossEntropyLoss(weight=t.ones(3), ignore_index=1, label_smoothing=0.1),
    "NLLLoss": lambda t: t.nn.NLLLoss(),
    "KLDivLoss": lambda t: t.nn.KLDivLoss(reduction="batchmean", log_target=True),
    "PoissonNLLLoss": lambda t: t.nn.PoissonNLLLoss(log_input=False, full=True, eps=1e-4),
    "GaussianNLLLoss": lambda t: t.nn.GaussianNLLLoss(full=True, eps=1e-3),
    "CosineEmbeddingLoss": lambda t: t.nn.CosineEmbeddingLoss(margin=0.5),
    "MarginRankingLoss": lambda t: t.nn.MarginRankingLoss(margin=0.2),
    "HingeEmbeddingLoss": lambda t: t.nn.HingeEmbeddingLoss(margin=2.0),
    "SoftMarginLoss": lambda t: t.nn.SoftMarginLoss(),
    "MultiLabelSoftMarginLoss": lambda t: t.nn.MultiLabelSoftMarginLoss(),
}
ATTRS = ("reduction", "beta", "delta", "ignore_index", "label_smoothing", "log_target", "log_input", "full", "eps",
         "margin")


@pytest.mark.parametrize("name", list(MODULES))
def test_module_repr_attributes_and_buffers(name):
    t_mod, m_mod = MODULES[name](torch), MODULES[name](minitorch)
    assert repr(m_mod) == repr(t_mod) == f"{name}()"
    for attr in ATTRS:
        assert getattr(m_mod, attr, "absent") == getattr(t_mod, attr, "absent"), attr
    assert list(m_mod.state_dict()) == list(t_mod.state_dict())
    assert [n for n, _ in m_mod.named_buffers()] == [n for n, _ in t_mod.named_buffers()]
    assert list(m_mod.parameters()) == []
    for buf_name, buf in m_mod.named_buffers():
        assert m_mod.double().get_buffer(buf_name).dtype == minitorch.float64


def test_unweighted_modules_hold_none_weights():
    for name in ("CrossEntropyLoss", "NLLLoss", "BCELoss", "MultiLabelSoftMarginLoss", "BCEWithLogitsLoss"):
        t_mod, m_mod = getattr(torch.nn, name)(), getattr(minitorch.nn, name)()
        assert m_mod.weight is None and t_mod.weight is None
    assert minitorch.nn.BCEWithLogitsLoss().pos_weight is None


def test_weight_buffer_is_used_after_load_state_dict():
    t_mod = torch.nn.CrossEntropyLoss(weight=torch.tensor([0.2, 1.0, 3.0]))
    m_mod = minitorch.nn.CrossEntropyLoss(weight=minitorch.ones(3))
    m_mod.load_state_dict({k: v.numpy() for k, v in t_mod.state_dict().items()})
    assert_same_result(lambda t: ((t_mod if t is torch else m_mod)(x(t, (4, 3)), t.tensor([0, 1, 2, 2])), []))


# -- dtypes -----------------------------------------------------------------------------------------------------
DTYPE_CASES = {
    "mse_float32_float64": lambda t: t.nn.functional.mse_loss(x(t, (3,)), x(t, (3,), dtype="float64")),
    "mse_float64_float32": lambda t: t.nn.functional.mse_loss(x(t, (3,), dtype="float64"), x(t, (3,))),
    "mse_int_target": lambda t: t.nn.functional.mse_loss(x(t, (3,)), t.tensor([1, 2, 3])),
    "l1_float_int": lambda t: t.nn.functional.l1_loss(x(t, (3,), dtype="float64"), t.tensor([1, 2, 3])),
    "l1_int_none": lambda t: t.nn.functional.l1_loss(t.tensor([1, 5]), t.tensor([3, 2]), reduction="none"),
    "l1_int_sum": lambda t: t.nn.functional.l1_loss(t.tensor([1, 5]), t.tensor([3, 2]), reduction="sum"),
    "smooth_l1_mixed": lambda t: t.nn.functional.smooth_l1_loss(x(t, (3,)), x(t, (3,), dtype="float64")),
    "huber_mixed": lambda t: t.nn.functional.huber_loss(x(t, (3,), dtype="float64"), x(t, (3,))),
    "bce_float64": lambda t: t.nn.functional.binary_cross_entropy(x(t, (3,), 0.1, 0.9, dtype="float64"),
                                                                  x(t, (3,), 0, 1, 1, "float64")),
    "bce_float64_weight_float32": lambda t: t.nn.functional.binary_cross_entropy(
        x(t, (3,), 0.1, 0.9), x(t, (3,), 0, 1, 1), weight=x(t, (3,), 0.5, 1, 2, "float64", False)),
    "bcel_follows_target_64": lambda t: t.nn.functional.binary_cross_entropy_with_logits(
        x(t, (3,)), x(t, (3,), 0, 1, 1, "float64")),
    "bcel_follows_target_32": lambda t: t.nn.functional.binary_cross_entropy_with_logits(
        x(t, (3,), dtype="float64"), x(t, (3,), 0, 1, 1)),
    "ce_float64": lambda t: t.nn.functional.cross_entropy(x(t, (3, 4), dtype="float64"), t.tensor([0, 3, 1])),
    "ce_uint8_target": lambda t: t.nn.functional.cross_entropy(x(t, (3, 4)), t.tensor([0, 3, 1], dtype=t.uint8)),
    "ce_probs_float64_target": lambda t: t.nn.functional.cross_entropy(x(t, (3, 4)), x(t, (3, 4), 0, 1, 1, "float64")),
    "ce_probs_float64_weight": lambda t: t.nn.functional.cross_entropy(
        x(t, (3, 4)), x(t, (3, 4), 0, 1, 1), weight=x(t, (4,), 0.5, 1, 2, "float64", False)),
    "kl_mixed": lambda t: t.nn.functional.kl_div(x(t, (3,)), x(t, (3,), 0.1, 1, 1, "float64"), reduction="sum"),
    "soft_margin_int_target": lambda t: t.nn.functional.soft_margin_loss(x(t, (2,)), t.tensor([1, -1])),
}


@pytest.mark.parametrize("name", list(DTYPE_CASES))
def test_output_dtypes_match_torch(name):
    fn = DTYPE_CASES[name]
    t_out, m_out = fn(torch), fn(minitorch)
    assert runner.dtype_name(m_out) == runner.dtype_name(t_out)
    assert tuple(m_out.shape) == tuple(t_out.shape)
    np.testing.assert_allclose(runner.to_numpy(m_out).astype(float), runner.to_numpy(t_out).astype(float),
                               rtol=1e-5)


# -- edge cases ------------------------------------------------------------------------------------------------
IGNORE_OPTIONS = [("cross_entropy", {}), ("cross_entropy", {"weight": [0.5, 2.0, 1.0]}),
                  ("cross_entropy", {"label_smoothing": 0.2}),
                  ("cross_entropy", {"weight": [0.5, 2.0, 1.0], "label_smoothing": 0.2}),
                  ("nll_loss", {}), ("nll_loss", {"weight": [0.5, 2.0, 1.0]})]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("fname,options", IGNORE_OPTIONS)
def test_every_target_ignored(fname, options, reduction):
    """torch: 'mean' over no targets is nan (0/0), 'sum' is 0, and the gradient is zero either way."""

    def fn(t):
        inp = x(t, (3, 3))
        kw = dict(options, reduction=reduction)
        if "weight" in kw:
            kw["weight"] = t.tensor(kw["weight"])
        return getattr(t.nn.functional, fname)(inp, t.tensor([-100, -100, -100]), **kw), [inp]

    m_out, t_out = assert_same_result(fn)
    if reduction == "mean":
        assert np.isnan(m_out.item()) and np.isnan(t_out.item())


def test_label_smoothing_with_weights_and_ignored_targets():
    for red in ("mean", "sum", "none"):
        def fn(t, red=red):
            inp = x(t, (2, 4, 3))  # K-D input
            target = t.tensor([[0, 3, 7], [2, 7, 1]])
            return t.nn.functional.cross_entropy(inp, target, weight=t.tensor([0.3, 1.0, 2.0, 0.5]), ignore_index=7,
                                                 label_smoothing=0.35, reduction=red), [inp]
        assert_same_result(fn)


def test_negative_label_smoothing_is_ignored_as_in_torch():
    for target in ([0, 3, 1], np.full((3, 4), 0.25)):
        assert_same_result(lambda t, target=target: (t.nn.CrossEntropyLoss(label_smoothing=-0.2)(
            x(t, (3, 4), dtype="float64"), t.tensor(target)), []))


def test_bce_clamps_its_logs_at_minus_100():
    def fn(t):
        p = t.tensor([0.0, 1.0, 0.5, 1.0, 0.0], requires_grad=True)
        return t.nn.functional.binary_cross_entropy(p, t.tensor([1.0, 0.0, 0.5, 1.0, 0.0]), reduction="none"), [p]

    m_out, _ = assert_same_result(fn, atol=1e-3)
    assert m_out.tolist()[:2] == [100.0, 100.0]


def test_bce_with_logits_is_stable_for_huge_logits():
    def fn(t):
        z = t.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], requires_grad=True)
        pw = t.tensor([2.0, 2.0, 2.0, 2.0, 2.0])
        return t.nn.functional.binary_cross_entropy_with_logits(
            z, t.tensor([1.0, 0.0, 0.5, 1.0, 0.0]), pos_weight=pw, reduction="none"), [z]

    m_out, _ = assert_same_result(fn)
    assert np.isfinite(m_out.detach().numpy()).all()


def test_cross_entropy_with_huge_logits_is_finite():
    def fn(t):
        z = t.tensor([[1000.0, -1000.0, 0.0], [-5e4, 5e4, 1.0]], requires_grad=True)
        return t.nn.functional.cross_entropy(z, t.tensor([1, 1]), reduction="none"), [z]

    m_out, _ = assert_same_result(fn)
    assert np.isfinite(m_out.detach().numpy()).all()


def test_gaussian_nll_gradient_passes_the_variance_clamp():
    def fn(t):
        mu, var = x(t, (4,)), t.tensor([1e-9, 0.5, 1e-3, 2.0], requires_grad=True)
        return t.nn.functional.gaussian_nll_loss(mu, x(t, (4,), seed=3), var, eps=1e-2, reduction="sum"), [mu, var]

    assert_same_result(fn, atol=1e-4)


def test_empty_batch():
    for fn in (lambda t: t.nn.functional.mse_loss(t.rand(0), t.rand(0)),
               lambda t: t.nn.functional.binary_cross_entropy(t.rand(0), t.rand(0)),
               lambda t: t.nn.functional.cross_entropy(t.randn(0, 4), t.zeros(0, dtype=t.long)),
               lambda t: t.nn.functional.cross_entropy(t.randn(0, 4), t.zeros(0, dtype=t.long), reduction="sum")):
        m_out, t_out = fn(minitorch), fn(torch)
        np.testing.assert_array_equal(m_out.numpy(), t_out.numpy())


# -- graphs: one fused node per loss, named as torch's --------------------------------------------------------
GRAPHS = {
    "mse_loss": lambda t, z: t.nn.functional.mse_loss(z, t.ones(4, 3)),
    "smooth_l1_loss": lambda t, z: t.nn.functional.smooth_l1_loss(z, t.ones(4, 3)),
    "huber_loss": lambda t, z: t.nn.functional.huber_loss(z, t.ones(4, 3)),
    "binary_cross_entropy": lambda t, z: t.nn.functional.binary_cross_entropy(z.sigmoid().detach().requires_grad_(),
                                                                              t.ones(4, 3) / 2),
    "bce_with_logits": lambda t, z: t.nn.functional.binary_cross_entropy_with_logits(z, t.ones(4, 3) / 2),
    "soft_margin_loss": lambda t, z: t.nn.functional.soft_margin_loss(z, t.ones(4, 3)),
    "cross_entropy": lambda t, z: t.nn.functional.cross_entropy(z, t.tensor([0, 2, 1, 2])),
    "cross_entropy_smoothing": lambda t, z: t.nn.functional.cross_entropy(z, t.tensor([0, 2, 1, 2]),
                                                                          label_smoothing=0.1),
    "cross_entropy_probs": lambda t, z: t.nn.functional.cross_entropy(z, t.ones(4, 3) / 3),
    "nll_loss": lambda t, z: t.nn.functional.nll_loss(z, t.tensor([0, 2, 1, 2])),
}


@pytest.mark.parametrize("name", list(GRAPHS))
def test_fused_losses_are_one_node(name):
    """The loss's node leads straight to the input leaf (no chain of small ops), and is named like
    the node torch's graph ends in."""
    z = minitorch.randn(4, 3, requires_grad=True)
    loss = GRAPHS[name](minitorch, z)
    t_loss = GRAPHS[name](torch, torch.randn(4, 3, requires_grad=True))
    assert type(loss.grad_fn).__name__ == type(t_loss.grad_fn).__name__
    leaves = [fn for fn, _ in loss.grad_fn.next_functions if fn is not None]
    assert leaves and all(type(fn).__name__ == "AccumulateGrad" for fn in leaves)


@pytest.mark.parametrize("shape,red", [((3, 4), "mean"), ((4,), "none"), ((2, 4, 3), "none"), ((2, 4, 3), "sum"),
                                       ((2, 4, 3, 2), "none"), ((2, 4, 3, 2, 2), "none"), ((2, 4, 3, 2, 2), "mean")])
@pytest.mark.parametrize("fname", ["cross_entropy", "nll_loss"])
def test_class_target_grad_fn_names(fname, shape, red):
    names = []
    for lib in LIBS:
        z = lib.zeros(shape, requires_grad=True)
        target = lib.zeros((shape[0],) + shape[2:] if len(shape) > 1 else (), dtype=lib.long)
        names.append(type(getattr(lib.nn.functional, fname)(z, target, reduction=red).grad_fn).__name__)
    assert names[0] == names[1]


# -- hypothesis: cross_entropy over random shapes, classes and options ----------------------------------------
@st.composite
def cross_entropy_calls(draw):
    n = draw(st.integers(1, 5))
    c = draw(st.integers(1, 6))
    extra = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
    one_d = draw(st.booleans()) and not extra
    shape = (c,) if one_d else (n, c) + extra
    probs = draw(st.booleans())
    seed = draw(st.integers(0, 2**31))
    options = {
        "reduction": draw(st.sampled_from(["none", "mean", "sum"])),
        "label_smoothing": draw(st.sampled_from([0.0, 0.0, 0.1, 0.5, 1.0])),
    }
    if draw(st.booleans()):
        options["weight"] = np.random.default_rng(seed + 1).uniform(0.1, 3.0, size=c)
    if not probs and draw(st.booleans()):
        options["ignore_index"] = draw(st.sampled_from([-100, 0, c - 1]))
    return shape, probs, seed, options


@given(cross_entropy_calls())
@settings(max_examples=60, deadline=None)
def test_cross_entropy_matches_torch_on_random_calls(call):
    shape, probs, seed, options = call
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal(shape) * 3
    class_dim = 0 if len(shape) == 1 else 1
    if probs:
        e = rng.uniform(0.1, 1.0, size=shape)
        target = e / e.sum(axis=class_dim, keepdims=True)
    else:
        target_shape = () if len(shape) == 1 else (shape[0],) + shape[2:]
        target = rng.integers(0, shape[class_dim], size=target_shape)
        if "ignore_index" in options and target.size > 1:
            target.reshape(-1)[::2] = options["ignore_index"]

    def fn(t):
        z = t.tensor(logits, requires_grad=True)
        kw = dict(options)
        if "weight" in kw:
            kw["weight"] = t.tensor(kw["weight"])
        return t.nn.CrossEntropyLoss(**kw)(z, t.tensor(target)), [z]

    assert_same_result(fn, atol=1e-10)
