"""minitorch.optim.lr_scheduler, checked against real torch.

The 30-epoch lr sequences of every scheduler are parity cases (parity/cases/optim.py). Here: the
sequences in the other ways a scheduler is driven (resumed from a ``last_epoch``, stepped to explicit
epochs, saved and loaded mid-way, a torch state dict loaded into minitorch), state dicts (keys in
torch's order, values), warnings, and errors (type and text), each run in both libraries.
"""
import pickle
import warnings

import numpy as np
import pytest
import torch

import minitorch
from parity import runner

LIBS = (minitorch, torch)


def normalize(value):
    if isinstance(value, str):
        return value.replace("minitorch.", "torch.")
    if isinstance(value, float):
        return float(f"{value:.14g}")
    if runner.is_tensor(value):
        return ("tensor", runner.to_numpy(value).tolist())
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [normalize(v) for v in value]
    if isinstance(value, dict):
        return type(value).__name__, [(normalize(k), normalize(v)) for k, v in value.items()]
    return value


def run(fn, lib):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return normalize(fn(lib))
    except Exception as e:  # noqa: BLE001 - the error is the result being compared
        return ("raised", type(e).__name__, str(e).replace("minitorch.", "torch."))


def same(fn):
    ours, theirs = run(fn, minitorch), run(fn, torch)
    assert ours == theirs
    return theirs


def L(lib):
    return lib.optim.lr_scheduler


def sgd(lib, lr=0.1, momentum=0.9):
    """SGD with two param groups (lr and lr / 2)."""
    a, b = lib.zeros(2, requires_grad=True), lib.zeros(3, requires_grad=True)
    return lib.optim.SGD([{"params": [a]}, {"params": [b], "lr": lr / 2}], lr=lr, momentum=momentum)


def adam(lib):
    a, b = lib.zeros(2, requires_grad=True), lib.zeros(3, requires_grad=True)
    return lib.optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.05}], lr=0.1)


class Halving:
    """A callable object as an lr_lambda: its ``__dict__`` is what state_dict saves."""

    def __init__(self):
        self.base = 0.5

    def __call__(self, epoch):
        return self.base ** epoch


SCHEDULERS = {
    "StepLR": lambda t, o, **kw: L(t).StepLR(o, step_size=3, gamma=0.5, **kw),
    "MultiStepLR": lambda t, o, **kw: L(t).MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.5, **kw),
    "ExponentialLR": lambda t, o, **kw: L(t).ExponentialLR(o, gamma=0.8, **kw),
    "CosineAnnealingLR": lambda t, o, **kw: L(t).CosineAnnealingLR(o, T_max=6, eta_min=0.01, **kw),
    "LambdaLR": lambda t, o, **kw: L(t).LambdaLR(o, [lambda e: 1 / (e + 1), Halving()], **kw),
    "MultiplicativeLR": lambda t, o, **kw: L(t).MultiplicativeLR(o, lambda e: 0.9, **kw),
    "LinearLR": lambda t, o, **kw: L(t).LinearLR(o, start_factor=0.25, total_iters=6, **kw),
    "ConstantLR": lambda t, o, **kw: L(t).ConstantLR(o, factor=0.5, total_iters=4, **kw),
    "PolynomialLR": lambda t, o, **kw: L(t).PolynomialLR(o, total_iters=8, power=1.5, **kw),
    "OneCycleLR": lambda t, o, **kw: L(t).OneCycleLR(o, max_lr=[1.0, 0.4], total_steps=20, **kw),
    "CyclicLR": lambda t, o, **kw: L(t).CyclicLR(o, 0.01, 0.1, step_size_up=3, mode="triangular2", **kw),
    "CosineAnnealingWarmRestarts": lambda t, o, **kw: L(t).CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, **kw),
}
CHAINABLE = ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LambdaLR", "MultiplicativeLR",
             "LinearLR", "ConstantLR", "PolynomialLR"]
CLOSED_FORM = ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "ConstantLR",
               "PolynomialLR"]


def lrs(opt):
    return [g["lr"] for g in opt.param_groups]


def sequence(lib, opt, sched, epochs, metrics=None):
    out = [lrs(opt) + sched.get_last_lr()]
    for epoch in range(epochs):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[epoch])
        out.append(lrs(opt) + sched.get_last_lr())
    return out


# -- sequences in other ways of driving a scheduler ---------------------------------------------------------
@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_sequence_as_torch(name):
    def fn(lib):
        opt = sgd(lib)
        return sequence(lib, opt, SCHEDULERS[name](lib, opt), 18)
    same(fn)


@pytest.mark.parametrize("last_epoch", [0, 2, 3, 4, 5, 9])
@pytest.mark.parametrize("name", CHAINABLE + ["CyclicLR"])
def test_resume_from_last_epoch_as_torch(name, last_epoch):
    """Resuming (``last_epoch >= 0`` with ``initial_lr`` in the groups): the constructor's step and the
    following ones, as torch 2.x takes them (recursive schedulers keep the lr on the first step)."""
    def fn(lib):
        opt = sgd(lib)
        for g, initial in zip(opt.param_groups, (1.0, 0.3)):
            g["initial_lr"] = initial
        return sequence(lib, opt, SCHEDULERS[name](lib, opt, last_epoch=last_epoch), 8)
    same(fn)


@pytest.mark.parametrize("name", CLOSED_FORM + ["LambdaLR", "MultiplicativeLR", "CosineAnnealingWarmRestarts"])
def test_step_to_explicit_epochs_as_torch(name):
    """``step(epoch)`` (deprecated) jumps with the closed form where there is one."""
    def fn(lib):
        opt = sgd(lib)
        sched = SCHEDULERS[name](lib, opt)
        out = []
        for epoch in (3, 4, 1, 7, 7, 12, 0, 5):
            opt.step()
            sched.step(epoch)
            out.append((lrs(opt), sched.last_epoch))
        return out
    same(fn)


def test_cosine_warm_restarts_fractional_epochs_as_torch():
    """The documented per-batch use: ``scheduler.step(epoch + i / iters)``."""
    def fn(lib):
        opt = sgd(lib)
        sched = L(lib).CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=0.001)
        out = []
        for epoch in range(7):
            for i in range(4):
                opt.step()
                sched.step(epoch + i / 4)
                out.append((lrs(opt), sched.T_cur, sched.T_i, sched.last_epoch))
        return out
    same(fn)


def test_reduce_lr_on_plateau_with_tensor_metrics_as_torch():
    def fn(lib):
        opt = sgd(lib)
        sched = L(lib).ReduceLROnPlateau(opt, patience=1, factor=0.5, cooldown=1)
        losses = [lib.tensor(v) for v in (1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8, 0.9)]
        return sequence(lib, opt, sched, len(losses), losses), sched.state_dict()
    same(fn)


def test_chained_and_sequential_schedulers_as_torch():
    def fn(lib):
        opt = sgd(lib)
        inner = [L(lib).LinearLR(opt, start_factor=0.5, total_iters=3), L(lib).CosineAnnealingLR(opt, T_max=5),
                 L(lib).ExponentialLR(opt, 0.9)]
        seq = L(lib).SequentialLR(opt, inner, milestones=[3, 9])
        first = sequence(lib, opt, seq, 14)
        opt2 = sgd(lib)
        chained = L(lib).ChainedScheduler([L(lib).StepLR(opt2, 2, 0.5), L(lib).LinearLR(opt2, 0.5, total_iters=4)])
        return first, seq.state_dict(), sequence(lib, opt2, chained, 8), chained.state_dict()
    same(fn)


@pytest.mark.parametrize("second", ["MultiplicativeLR", "LinearLR", "CosineAnnealingWarmRestarts", "OneCycleLR"])
def test_sequential_hand_over_as_torch(second):
    """At a milestone the next scheduler starts at epoch 0: a chainable one from the current lr, one with
    a closed form from the initial lr; the hand-over is not counted as one of its steps."""
    def fn(lib):
        opt = sgd(lib)
        first = L(lib).ConstantLR(opt, factor=0.5, total_iters=10)
        nxt = SCHEDULERS[second](lib, opt)
        seq = L(lib).SequentialLR(opt, [first, nxt], milestones=[3])
        return sequence(lib, opt, seq, 9), seq.state_dict()
    same(fn)


def test_one_cycle_with_adam_cycles_beta1_as_torch():
    def fn(lib):
        opt = adam(lib)
        sched = L(lib).OneCycleLR(opt, max_lr=0.3, epochs=2, steps_per_epoch=5, three_phase=True)
        out = []
        for _ in range(10):
            opt.step()
            sched.step()
            out.append([(g["lr"], g["betas"]) for g in opt.param_groups])
        return out, {k: v for k, v in opt.param_groups[0].items() if k != "params"}
    same(fn)


def test_training_with_a_scheduler_as_torch():
    """A course loop: SGD with momentum on a least-squares fit, StepLR stepped once per epoch."""
    def fn(lib):
        rng = np.random.default_rng(0)
        x = lib.tensor(rng.normal(size=(16, 2)))
        y = x @ lib.tensor([[2.0], [-1.0]]) + 0.5
        w = lib.zeros(2, 1, dtype=lib.float64, requires_grad=True)
        b = lib.zeros(1, dtype=lib.float64, requires_grad=True)
        opt = lib.optim.SGD([w, b], lr=0.1, momentum=0.5)
        sched = L(lib).StepLR(opt, step_size=5, gamma=0.5)
        for _ in range(20):
            opt.zero_grad()
            ((x @ w + b - y) ** 2).mean().backward()
            opt.step()
            sched.step()
        return w, b, sched.get_last_lr()
    same(fn)


# -- state dicts ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_state_dict_as_torch(name):
    """Torch's keys in torch's order, with the same values (functions saved as None, callable objects
    as their __dict__)."""
    def fn(lib):
        opt = sgd(lib)
        sched = SCHEDULERS[name](lib, opt)
        before = sched.state_dict()
        sequence(lib, opt, sched, 5)
        return before, sched.state_dict()
    same(fn)


def test_reduce_lr_on_plateau_state_dict_as_torch():
    def fn(lib):
        opt = sgd(lib)
        sched = L(lib).ReduceLROnPlateau(opt, mode="max", min_lr=[0.01, 0.02], threshold_mode="abs")
        sched.step(1.0)
        sched.step(0.5)
        return sched.state_dict()
    same(fn)


@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_load_state_dict_continues_the_sequence(name):
    """Step 7 times, save optimizer and scheduler, load both into fresh ones: the next 8 lrs are those of
    the uninterrupted run. The state dict also goes through pickle (no functions inside)."""
    opt = sgd(minitorch)
    sched = SCHEDULERS[name](minitorch, opt)
    straight = sequence(minitorch, opt, sched, 15)

    opt = sgd(minitorch)
    sched = SCHEDULERS[name](minitorch, opt)
    sequence(minitorch, opt, sched, 7)
    saved_opt, saved_sched = opt.state_dict(), pickle.loads(pickle.dumps(sched.state_dict()))
    opt = sgd(minitorch)
    sched = SCHEDULERS[name](minitorch, opt)
    opt.load_state_dict(saved_opt)
    sched.load_state_dict(saved_sched)
    assert sequence(minitorch, opt, sched, 8) == straight[7:]


@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_torch_state_dict_loads_into_minitorch(name):
    """torch's scheduler state dict (plain Python values) loaded into minitorch continues torch's lrs."""
    t_opt = sgd(torch)
    t_sched = SCHEDULERS[name](torch, t_opt)
    sequence(torch, t_opt, t_sched, 6)
    m_opt = sgd(minitorch)
    m_sched = SCHEDULERS[name](minitorch, m_opt)
    for m_group, t_group in zip(m_opt.param_groups, t_opt.param_groups):
        m_group.update({k: v for k, v in t_group.items() if k != "params"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m_sched.load_state_dict(t_sched.state_dict())
        assert normalize(m_sched.state_dict()) == normalize(t_sched.state_dict())
        assert normalize(sequence(minitorch, m_opt, m_sched, 8)) == normalize(sequence(torch, t_opt, t_sched, 8))


def test_lambda_lr_saves_callable_objects_state():
    opt = sgd(minitorch)
    fn = Halving()
    sched = L(minitorch).LambdaLR(opt, [lambda e: 1.0, fn])
    fn.base = 0.25
    saved = sched.state_dict()
    assert saved["lr_lambdas"] == [None, {"base": 0.25}]
    other = Halving()
    L(minitorch).LambdaLR(sgd(minitorch), [lambda e: 1.0, other]).load_state_dict(saved)
    assert other.base == 0.25


# -- warnings -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_warns_when_scheduler_steps_before_optimizer(lib):
    opt = sgd(lib)
    sched = L(lib).StepLR(opt, 2)
    with pytest.warns(UserWarning, match=r"Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`"):
        sched.step()


@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_no_warning_in_the_right_order(lib):
    opt = sgd(lib)
    sched = L(lib).StepLR(opt, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            opt.step()
            sched.step()


@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_get_lr_outside_step_and_epoch_argument_warn(lib):
    opt = sgd(lib)
    sched = L(lib).ExponentialLR(opt, 0.5)
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        sched.get_lr()
    opt.step()
    with pytest.warns(UserWarning, match="The epoch parameter in `scheduler.step\\(\\)` was not necessary"):
        sched.step(3)


def test_initial_lr_is_added_to_the_param_groups():
    def fn(lib):
        opt = sgd(lib)
        L(lib).StepLR(opt, 3)
        return [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups]
    same(fn)


# -- errors -----------------------------------------------------------------------------------------------------
ERRORS = {
    "not_an_optimizer": lambda lib: L(lib).StepLR(object(), 3),
    "resume_without_initial_lr": lambda lib: L(lib).StepLR(sgd(lib), 3, last_epoch=2),
    "constant_factor": lambda lib: L(lib).ConstantLR(sgd(lib), factor=1.5),
    "linear_start": lambda lib: L(lib).LinearLR(sgd(lib), start_factor=0),
    "linear_end": lambda lib: L(lib).LinearLR(sgd(lib), end_factor=1.5),
    "lambda_count": lambda lib: L(lib).LambdaLR(sgd(lib), [lambda e: 1.0] * 3),
    "multiplicative_count": lambda lib: L(lib).MultiplicativeLR(sgd(lib), [lambda e: 1.0]),
    "plateau_factor": lambda lib: L(lib).ReduceLROnPlateau(sgd(lib), factor=1.0),
    "plateau_mode": lambda lib: L(lib).ReduceLROnPlateau(sgd(lib), mode="avg"),
    "plateau_threshold_mode": lambda lib: L(lib).ReduceLROnPlateau(sgd(lib), threshold_mode="pct"),
    "plateau_min_lrs": lambda lib: L(lib).ReduceLROnPlateau(sgd(lib), min_lr=[0.1]),
    "plateau_groups_changed": lambda lib: _plateau_after_new_group(lib),
    "one_cycle_no_steps": lambda lib: L(lib).OneCycleLR(sgd(lib), 1.0),
    "one_cycle_total_steps": lambda lib: L(lib).OneCycleLR(sgd(lib), 1.0, total_steps=0),
    "one_cycle_epochs": lambda lib: L(lib).OneCycleLR(sgd(lib), 1.0, epochs=0, steps_per_epoch=2),
    "one_cycle_steps_per_epoch": lambda lib: L(lib).OneCycleLR(sgd(lib), 1.0, epochs=2, steps_per_epoch=-1),
    "one_cycle_pct_start": lambda lib: L(lib).OneCycleLR(sgd(lib), 1.0, total_steps=10, pct_start=1.5),
    "one_cycle_anneal": lambda lib: L(lib).OneCycleLR(sgd(lib), 1.0, total_steps=10, anneal_strategy="exp"),
    "one_cycle_max_lr_count": lambda lib: L(lib).OneCycleLR(sgd(lib), [1.0, 2.0, 3.0], total_steps=10),
    "one_cycle_no_momentum": lambda lib: L(lib).OneCycleLR(lib.optim.Adagrad([lib.zeros(1, requires_grad=True)]),
                                                           1.0, total_steps=10),
    "one_cycle_overstep": lambda lib: _overstep(lib),
    "cyclic_mode": lambda lib: L(lib).CyclicLR(sgd(lib), 0.1, 1.0, mode="sawtooth"),
    "warm_restarts_T_0": lambda lib: L(lib).CosineAnnealingWarmRestarts(sgd(lib), 0),
    "warm_restarts_T_mult": lambda lib: L(lib).CosineAnnealingWarmRestarts(sgd(lib), 2, T_mult=0),
    "warm_restarts_eta_min": lambda lib: L(lib).CosineAnnealingWarmRestarts(sgd(lib), 2, eta_min="0"),
    "warm_restarts_negative_epoch": lambda lib: L(lib).CosineAnnealingWarmRestarts(sgd(lib), 2).step(-1),
    "sequential_empty": lambda lib: L(lib).SequentialLR(sgd(lib), [], []),
    "sequential_milestones": lambda lib: L(lib).SequentialLR(o := sgd(lib), [L(lib).StepLR(o, 2)], [3]),
    "sequential_other_optimizer": lambda lib: L(lib).SequentialLR(
        o := sgd(lib), [L(lib).StepLR(o, 2), L(lib).StepLR(sgd(lib), 2)], [3]),
    "sequential_plateau": lambda lib: L(lib).SequentialLR(
        o := sgd(lib), [L(lib).StepLR(o, 2), L(lib).ReduceLROnPlateau(o)], [3]),
    "chained_empty": lambda lib: L(lib).ChainedScheduler([]),
    "chained_plateau": lambda lib: L(lib).ChainedScheduler([L(lib).StepLR(o := sgd(lib), 2),
                                                            L(lib).ReduceLROnPlateau(o)]),
}


def _plateau_after_new_group(lib):
    opt = sgd(lib)
    sched = L(lib).ReduceLROnPlateau(opt, patience=0, min_lr=[0.0, 0.0])
    opt.add_param_group({"params": [lib.zeros(1, requires_grad=True)]})
    sched.step(1.0)
    sched.step(2.0)


def _overstep(lib):
    sched = L(lib).OneCycleLR(sgd(lib), 1.0, total_steps=3)
    for _ in range(4):
        sched.step()


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_as_torch(name):
    assert same(ERRORS[name])[0] == "raised"
