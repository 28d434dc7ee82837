"""Parity cases for minitorch.optim: every optimizer's parameter trajectory and every LR scheduler's
learning-rate sequence, against torch.

``OptimCase``: a tiny MLP (``tanh(x @ W1) @ W2 + b`` with a mean squared error, three parameter
tensors) starts from the same values in both libraries and trains for 50 steps on fixed random
batches: loss -> backward -> step. After every step the gradients (``errors["backward"]``) and the
parameters (``errors["forward"]``) are compared, and after the last step the optimizer's state
(``state_dict()['state']``: keys, dtypes, values). One case per optimizer and per important option
combination (momentum/nesterov/dampening/weight_decay/maximize for SGD, amsgrad/weight_decay for
Adam, centered/momentum for RMSprop, ...), plus param groups with their own options.

``SchedulerCase``: an optimizer (SGD with momentum, or Adam for the schedulers that cycle beta1)
and a scheduler built the same way in both libraries, stepped for 30 epochs (``optimizer.step()``
then ``scheduler.step()``; ReduceLROnPlateau gets a fixed loss sequence). Every group's lr (and
momentum/betas) after construction and after each step must equal torch's.
"""
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import torch

import minitorch
from parity import runner

STEPS = 50
EPOCHS = 30
BATCH, N_IN, N_HIDDEN = 8, 3, 5


# -- optimizers ---------------------------------------------------------------------------------------------
def _mlp_loss(params, x, y):
    w1, w2, b = params
    return ((((x @ w1).tanh() @ w2) + b - y) ** 2).mean()


def _optimizer_state(opt):
    """``{id: {key: ndarray or number}}`` of an optimizer's state dict."""
    return {i: {k: runner.to_numpy(v) if runner.is_tensor(v) else v for k, v in s.items()}
            for i, s in opt.state_dict()["state"].items()}


@dataclass(frozen=True)
class OptimCase:
    """An optimizer row of the parity table.

    name:   "optim.<Optimizer>/<variant>", unique.
    build:  ``build(lib, params) -> optimizer``, where params are the model's three tensors (make
            param groups from them if the case needs).
    closure: step with a closure that re-evaluates the loss (LBFGS needs it).
    full_batch: every step sees the same batch (LBFGS's history is only meaningful for one function).
    float32_steps: fewer steps for float32 runs, where rounding, not the algorithm, decides the later
             steps (LBFGS close to a minimum, where gradient differences are all rounding).
    negate:  train on minus the loss (for ``maximize=True``, so the run still converges rather than
             amplifying rounding differences as the parameters run off).
    """

    name: str
    build: Callable
    steps: int = STEPS
    closure: bool = False
    negate: bool = False
    full_batch: bool = False
    float32_steps: Optional[int] = None
    atol: dict = field(default_factory=lambda: {"float64": 1e-6, "float32": 1e-4})
    rtol: dict = field(default_factory=lambda: {"float64": 1e-6, "float32": 1e-4})
    differentiable: bool = True

    def _data(self, rng, float_dtype):
        init = [rng.normal(0, 0.5, (N_IN, N_HIDDEN)), rng.normal(0, 0.5, (N_HIDDEN, 1)), rng.normal(0, 0.1, (1,))]
        batches = [(rng.uniform(-2, 2, (BATCH, N_IN)), rng.uniform(-1, 1, (BATCH, 1))) for _ in range(self.steps)]
        if self.full_batch:
            batches = batches[:1] * self.steps
        cast = lambda a: a.astype(float_dtype)  # noqa: E731
        return [cast(a) for a in init], [(cast(x), cast(y)) for x, y in batches]

    @staticmethod
    def _tensor(lib, arr, device, requires_grad=False):
        if lib is torch:
            return torch.tensor(arr, device=device, requires_grad=requires_grad)
        return minitorch.tensor(arr, requires_grad=requires_grad)

    def _closure(self, opt, params, x, y):
        """zero_grad, forward, backward; returns the loss."""
        def closure():
            opt.zero_grad()
            loss = _mlp_loss(params, x, y)
            if self.negate:
                loss = -loss
            loss.backward()
            return loss
        return closure

    def compare(self, float_dtype, device, rng, errors):
        tol = lambda arr_dtype: runner.tolerances(self, float_dtype, arr_dtype)  # noqa: E731
        init, batches = self._data(rng, float_dtype)
        sides = {}
        for lib, dev in ((torch, device), (minitorch, "cpu")):
            params = [self._tensor(lib, a, dev, requires_grad=True) for a in init]
            side = "torch" if lib is torch else "minitorch"
            opt = runner._call(side, self.build, lib, params)
            data = [(self._tensor(lib, x, dev), self._tensor(lib, y, dev)) for x, y in batches]
            sides[side] = (opt, params, data)

        worst_p, worst_g = 0.0, None
        steps = self.float32_steps if float_dtype == "float32" and self.float32_steps else self.steps
        for step in range(steps):
            closures = {side: self._closure(opt, params, *data[step]) for side, (opt, params, data) in sides.items()}
            if not self.closure:
                # gradients are compared before the step (torch's CUDA SGD with nesterov changes .grad in place)
                for side, closure in closures.items():
                    runner._call(side, closure)
                worst_g = max(worst_g or 0.0, self._compare_tensors(
                    f"step {step + 1}: grad of param", [p.grad for p in sides["minitorch"][1]],
                    [p.grad for p in sides["torch"][1]], tol))
            for side, (opt, _, _) in sides.items():
                runner._call(side, opt.step, *([closures[side]] if self.closure else []))
            worst_p = max(worst_p, self._compare_tensors(f"step {step + 1}: param", sides["minitorch"][1],
                                                         sides["torch"][1], tol))
            errors["forward"], errors["backward"] = worst_p, worst_g
        errors["forward"] = max(worst_p, _compare_state(sides["minitorch"][0], sides["torch"][0], tol))
        return errors

    @staticmethod
    def _compare_tensors(what, ours, theirs, tol):
        return max(runner.compare_arrays(f"{what} {i}", runner.to_numpy(m), runner.to_numpy(t), tol)
                   for i, (m, t) in enumerate(zip(ours, theirs)))


def _compare_state(m_opt, t_opt, tol):
    """The optimizers' states after the run: the same parameter ids, keys, types, dtypes and values."""
    m_state, t_state = _optimizer_state(m_opt), _optimizer_state(t_opt)
    if list(m_state) != list(t_state):
        raise runner.Mismatch(f"state ids {list(m_state)} != torch's {list(t_state)}")
    worst = 0.0
    for i, t_entry in t_state.items():
        m_entry = m_state[i]
        if list(m_entry) != list(t_entry):
            raise runner.Mismatch(f"state[{i}] keys {list(m_entry)} != torch's {list(t_entry)}")
        for key, t_val in t_entry.items():
            m_val = m_entry[key]
            if isinstance(t_val, np.ndarray):
                if not isinstance(m_val, np.ndarray):
                    raise runner.Mismatch(f"state[{i}][{key!r}]: {type(m_val).__name__} where torch has a tensor")
                err = runner.compare_arrays(f"state[{i}][{key!r}]", m_val, t_val, tol)
                worst = max(worst, err or 0.0)
            elif isinstance(t_val, float):
                err = abs(m_val - t_val)
                if err > tol(np.dtype(np.float64))[0] * max(1.0, abs(t_val)):
                    raise runner.Mismatch(f"state[{i}][{key!r}]: {m_val!r} != torch's {t_val!r}")
            elif isinstance(t_val, list):
                if len(m_val) != len(t_val):
                    raise runner.Mismatch(f"state[{i}][{key!r}]: {len(m_val)} entries, torch has {len(t_val)}")
            elif m_val != t_val:
                raise runner.Mismatch(f"state[{i}][{key!r}]: {m_val!r} != torch's {t_val!r}")
    return worst


def O(name, build, **kw):  # noqa: E743 - reads as a table
    return OptimCase("optim." + name, build, negate="maximize" in name or "all" in name, **kw)


def groups(lib_params, *options):
    """Param groups: the first two tensors in one group, the bias in another, each with its options."""
    w1, w2, b = lib_params
    return [dict(params=[w1, w2], **options[0]), dict(params=[b], **options[1])]


CASES = [
    # SGD
    O("SGD/plain", lambda t, p: t.optim.SGD(p, lr=0.1)),
    O("SGD/default_lr", lambda t, p: t.optim.SGD(p)),
    O("SGD/momentum", lambda t, p: t.optim.SGD(p, lr=0.05, momentum=0.9)),
    O("SGD/momentum_dampening", lambda t, p: t.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.5)),
    O("SGD/nesterov", lambda t, p: t.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    O("SGD/weight_decay", lambda t, p: t.optim.SGD(p, lr=0.1, weight_decay=0.1)),
    O("SGD/maximize", lambda t, p: t.optim.SGD(p, lr=0.01, maximize=True)),
    O("SGD/all", lambda t, p: t.optim.SGD(p, lr=0.01, momentum=0.5, weight_decay=0.05, nesterov=True,
                                          maximize=True)),
    O("SGD/param_groups", lambda t, p: t.optim.SGD(groups(p, dict(lr=0.1), dict(momentum=0.5)), lr=0.02)),
    # Adam & AdamW
    O("Adam/default", lambda t, p: t.optim.Adam(p)),
    O("Adam/lr", lambda t, p: t.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
    O("Adam/amsgrad", lambda t, p: t.optim.Adam(p, lr=0.02, amsgrad=True)),
    O("Adam/weight_decay", lambda t, p: t.optim.Adam(p, lr=0.02, weight_decay=0.1)),
    O("Adam/maximize", lambda t, p: t.optim.Adam(p, lr=0.01, maximize=True)),
    O("Adam/amsgrad_wd_maximize", lambda t, p: t.optim.Adam(p, lr=0.01, amsgrad=True, weight_decay=0.1,
                                                            maximize=True)),
    O("Adam/decoupled_weight_decay", lambda t, p: t.optim.Adam(p, lr=0.02, weight_decay=0.1,
                                                               decoupled_weight_decay=True)),
    O("Adam/param_groups", lambda t, p: t.optim.Adam(groups(p, dict(betas=(0.5, 0.9)), dict(lr=0.05)), lr=0.01)),
    O("AdamW/default", lambda t, p: t.optim.AdamW(p)),
    O("AdamW/amsgrad", lambda t, p: t.optim.AdamW(p, lr=0.02, weight_decay=0.1, amsgrad=True)),
    O("AdamW/maximize", lambda t, p: t.optim.AdamW(p, lr=0.01, maximize=True)),
    # Adagrad
    O("Adagrad/default", lambda t, p: t.optim.Adagrad(p)),
    O("Adagrad/lr_decay", lambda t, p: t.optim.Adagrad(p, lr=0.1, lr_decay=0.05)),
    O("Adagrad/weight_decay", lambda t, p: t.optim.Adagrad(p, lr=0.1, weight_decay=0.1)),
    O("Adagrad/initial_accumulator", lambda t, p: t.optim.Adagrad(p, lr=0.1, initial_accumulator_value=0.5)),
    O("Adagrad/maximize", lambda t, p: t.optim.Adagrad(p, lr=0.05, maximize=True)),
    # Adamax
    O("Adamax/default", lambda t, p: t.optim.Adamax(p)),
    O("Adamax/weight_decay", lambda t, p: t.optim.Adamax(p, lr=0.02, betas=(0.8, 0.95), weight_decay=0.1)),
    O("Adamax/maximize", lambda t, p: t.optim.Adamax(p, lr=0.01, maximize=True)),
    # RMSprop
    O("RMSprop/default", lambda t, p: t.optim.RMSprop(p)),
    O("RMSprop/centered", lambda t, p: t.optim.RMSprop(p, lr=0.005, centered=True)),
    O("RMSprop/momentum", lambda t, p: t.optim.RMSprop(p, lr=0.005, momentum=0.9)),
    O("RMSprop/centered_momentum_wd", lambda t, p: t.optim.RMSprop(p, lr=0.005, alpha=0.9, momentum=0.5,
                                                                   centered=True, weight_decay=0.1)),
    O("RMSprop/maximize", lambda t, p: t.optim.RMSprop(p, lr=0.005, maximize=True)),
    # Rprop
    O("Rprop/default", lambda t, p: t.optim.Rprop(p)),
    O("Rprop/etas_step_sizes", lambda t, p: t.optim.Rprop(p, lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2))),
    O("Rprop/maximize", lambda t, p: t.optim.Rprop(p, lr=0.01, maximize=True)),
    # ASGD
    O("ASGD/default", lambda t, p: t.optim.ASGD(p)),
    O("ASGD/averaging", lambda t, p: t.optim.ASGD(p, lr=0.1, lambd=1e-2, alpha=0.5, t0=10)),
    O("ASGD/weight_decay", lambda t, p: t.optim.ASGD(p, lr=0.1, t0=5, weight_decay=0.1)),
    O("ASGD/maximize", lambda t, p: t.optim.ASGD(p, lr=0.01, t0=20, maximize=True)),
    # Adadelta
    O("Adadelta/default", lambda t, p: t.optim.Adadelta(p)),
    O("Adadelta/rho_weight_decay", lambda t, p: t.optim.Adadelta(p, lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1)),
    O("Adadelta/maximize", lambda t, p: t.optim.Adadelta(p, maximize=True)),
    # NAdam
    O("NAdam/default", lambda t, p: t.optim.NAdam(p)),
    O("NAdam/weight_decay", lambda t, p: t.optim.NAdam(p, lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
    O("NAdam/decoupled_weight_decay", lambda t, p: t.optim.NAdam(p, lr=0.01, weight_decay=0.1,
                                                                 decoupled_weight_decay=True)),
    O("NAdam/maximize", lambda t, p: t.optim.NAdam(p, lr=0.01, maximize=True)),
    # RAdam (rho_t > 5 from step 6 on: both branches run)
    O("RAdam/default", lambda t, p: t.optim.RAdam(p)),
    O("RAdam/weight_decay", lambda t, p: t.optim.RAdam(p, lr=0.01, weight_decay=0.1)),
    O("RAdam/decoupled_weight_decay", lambda t, p: t.optim.RAdam(p, lr=0.01, weight_decay=0.1,
                                                                 decoupled_weight_decay=True)),
    O("RAdam/maximize", lambda t, p: t.optim.RAdam(p, lr=0.01, maximize=True)),
]


# -- LR schedulers ----------------------------------------------------------------------------------------
def _sgd(lib, params):
    return lib.optim.SGD([dict(params=params[:1]), dict(params=params[1:], lr=0.05)], lr=0.1, momentum=0.9)


def _adam(lib, params):
    return lib.optim.Adam([dict(params=params[:1]), dict(params=params[1:], lr=0.05)], lr=0.1)


# the loss sequence ReduceLROnPlateau watches: falls, stalls, falls a little, stalls
PLATEAU_LOSSES = [1.0, 0.8, 0.7, 0.7, 0.71, 0.69, 0.7, 0.7, 0.72, 0.6, 0.6, 0.6, 0.6, 0.6, 0.59995, 0.6, 0.5,
                  0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4]


@dataclass(frozen=True)
class SchedulerCase:
    """A scheduler row: ``build(lib, optimizer) -> scheduler``; ``metrics`` feeds ``step(metric)``.
    The lrs (and momentum or beta1, which the cyclic schedulers move) of every group are compared
    after construction and after every epoch; they are plain Python floats on both sides and must
    agree to 1e-12 relative."""

    name: str
    build: Callable
    optimizer: Callable = _sgd
    epochs: int = EPOCHS
    metrics: Optional[tuple] = None
    differentiable: bool = False

    @staticmethod
    def _snapshot(opt):
        keys = ("lr", "momentum", "betas")
        return [[(k, g[k]) for k in keys if k in g] for g in opt.param_groups]

    def _run(self, lib, device):
        params = [torch.zeros(2, device=device, requires_grad=True) if lib is torch else
                  minitorch.zeros(2, requires_grad=True) for _ in range(2)]
        opt = self.optimizer(lib, params)
        sched = self.build(lib, opt)
        history = [self._snapshot(opt)]
        for epoch in range(self.epochs):
            opt.step()
            if self.metrics is not None:
                sched.step(self.metrics[epoch])
            else:
                sched.step()
            history.append(self._snapshot(opt) + [[("last_lr", x) for x in sched.get_last_lr()]])
        return history

    def compare(self, float_dtype, device, rng, errors):
        t_hist = runner._call("torch", self._run, torch, device)
        m_hist = runner._call("minitorch", self._run, minitorch, "cpu")
        worst = 0.0
        for epoch, (m_snap, t_snap) in enumerate(zip(m_hist, t_hist)):
            for g, (m_group, t_group) in enumerate(zip(m_snap, t_snap)):
                if [k for k, _ in m_group] != [k for k, _ in t_group]:
                    raise runner.Mismatch(f"epoch {epoch}, group {g}: keys {m_group} != torch's {t_group}")
                for (key, m_val), (_, t_val) in zip(m_group, t_group):
                    m_vals, t_vals = np.atleast_1d(np.asarray(m_val, float)), np.atleast_1d(np.asarray(t_val, float))
                    err = float(np.max(np.abs(m_vals - t_vals))) if m_vals.shape == t_vals.shape else np.inf
                    worst = max(worst, err)
                    if not np.allclose(m_vals, t_vals, rtol=1e-12, atol=0):
                        raise runner.Mismatch(f"epoch {epoch}, group {g}: {key} {m_val!r} != torch's {t_val!r}")
        errors["forward"] = worst
        return errors


def S(name, build, **kw):
    return SchedulerCase("lr_scheduler." + name, build, **kw)


L = lambda t: t.optim.lr_scheduler  # noqa: E731 - the scheduler namespace of either library


class _Decay:
    """A picklable lr_lambda with state (as a callable object, its __dict__ is saved)."""

    def __init__(self, rate):
        self.rate = rate

    def __call__(self, epoch):
        return self.rate ** epoch


def _sequential(t, o):
    return L(t).SequentialLR(o, [L(t).LinearLR(o, start_factor=0.2, total_iters=4), L(t).ExponentialLR(o, 0.9),
                                 L(t).StepLR(o, 3, gamma=0.5)], milestones=[5, 12])


def _chained(t, o):
    return L(t).ChainedScheduler([L(t).ConstantLR(o, factor=0.5, total_iters=4), L(t).ExponentialLR(o, 0.95),
                                  L(t).MultiStepLR(o, [10, 20])])


CASES += [
    S("StepLR/default", lambda t, o: L(t).StepLR(o, step_size=4)),
    S("StepLR/gamma", lambda t, o: L(t).StepLR(o, step_size=3, gamma=0.7)),
    S("MultiStepLR/default", lambda t, o: L(t).MultiStepLR(o, milestones=[3, 8, 20])),
    S("MultiStepLR/repeated", lambda t, o: L(t).MultiStepLR(o, milestones=[10, 5, 10], gamma=0.5)),
    S("ExponentialLR", lambda t, o: L(t).ExponentialLR(o, gamma=0.9)),
    S("CosineAnnealingLR/default", lambda t, o: L(t).CosineAnnealingLR(o, T_max=30)),
    S("CosineAnnealingLR/periodic_eta_min", lambda t, o: L(t).CosineAnnealingLR(o, T_max=7, eta_min=0.001)),
    S("LambdaLR/function", lambda t, o: L(t).LambdaLR(o, lambda e: 1 / (1 + e))),
    S("LambdaLR/per_group", lambda t, o: L(t).LambdaLR(o, [lambda e: 0.95 ** e, _Decay(0.8)])),
    S("MultiplicativeLR", lambda t, o: L(t).MultiplicativeLR(o, lambda e: 0.95)),
    S("LinearLR/default", lambda t, o: L(t).LinearLR(o)),
    S("LinearLR/decay", lambda t, o: L(t).LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=20)),
    S("ConstantLR/default", lambda t, o: L(t).ConstantLR(o)),
    S("ConstantLR/factor", lambda t, o: L(t).ConstantLR(o, factor=0.5, total_iters=10)),
    S("PolynomialLR/default", lambda t, o: L(t).PolynomialLR(o, total_iters=20)),
    S("PolynomialLR/power", lambda t, o: L(t).PolynomialLR(o, total_iters=25, power=2.0)),
    S("ReduceLROnPlateau/default", lambda t, o: L(t).ReduceLROnPlateau(o, patience=2), metrics=PLATEAU_LOSSES),
    S("ReduceLROnPlateau/cooldown_min_lr", lambda t, o: L(t).ReduceLROnPlateau(
        o, factor=0.5, patience=1, cooldown=2, min_lr=[0.02, 0.01]), metrics=PLATEAU_LOSSES),
    S("ReduceLROnPlateau/abs_threshold", lambda t, o: L(t).ReduceLROnPlateau(
        o, factor=0.5, patience=1, threshold=0.05, threshold_mode="abs"), metrics=PLATEAU_LOSSES),
    S("ReduceLROnPlateau/max", lambda t, o: L(t).ReduceLROnPlateau(o, mode="max", factor=0.5, patience=2),
      metrics=tuple(-x for x in PLATEAU_LOSSES)),
    S("ReduceLROnPlateau/eps", lambda t, o: L(t).ReduceLROnPlateau(o, factor=0.5, patience=0, eps=0.02),
      metrics=PLATEAU_LOSSES),
    S("OneCycleLR/cos", lambda t, o: L(t).OneCycleLR(o, max_lr=1.0, total_steps=EPOCHS)),
    S("OneCycleLR/linear_three_phase", lambda t, o: L(t).OneCycleLR(
        o, max_lr=[1.0, 0.5], epochs=3, steps_per_epoch=10, pct_start=0.25, anneal_strategy="linear",
        three_phase=True, div_factor=10.0, final_div_factor=100.0)),
    S("OneCycleLR/adam_betas", lambda t, o: L(t).OneCycleLR(o, max_lr=0.5, total_steps=EPOCHS + 5,
                                                            base_momentum=0.8, max_momentum=0.9),
      optimizer=_adam),
    S("OneCycleLR/no_momentum", lambda t, o: L(t).OneCycleLR(o, max_lr=0.5, total_steps=EPOCHS,
                                                             cycle_momentum=False)),
    S("CosineAnnealingWarmRestarts/default", lambda t, o: L(t).CosineAnnealingWarmRestarts(o, T_0=7)),
    S("CosineAnnealingWarmRestarts/T_mult", lambda t, o: L(t).CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2,
                                                                                          eta_min=0.01)),
    S("CyclicLR/triangular", lambda t, o: L(t).CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4)),
    S("CyclicLR/triangular2", lambda t, o: L(t).CyclicLR(o, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=3,
                                                         step_size_down=5, mode="triangular2")),
    S("CyclicLR/exp_range", lambda t, o: L(t).CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4,
                                                       mode="exp_range", gamma=0.95)),
    S("CyclicLR/adam_betas", lambda t, o: L(t).CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4,
                                                        base_momentum=0.7, max_momentum=0.9), optimizer=_adam),
    S("CyclicLR/scale_fn_cycle", lambda t, o: L(t).CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4,
                                                            scale_fn=lambda x: 1 / x, cycle_momentum=False)),
    S("CyclicLR/scale_fn_iterations", lambda t, o: L(t).CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4,
                                                                 scale_fn=lambda x: 0.97 ** x,
                                                                 scale_mode="iterations")),
    S("SequentialLR", _sequential),
    S("ChainedScheduler", _chained),
]

# -- LBFGS (a closure re-evaluates the loss; one step runs up to max_iter iterations) ---------------------
# Many iterations of float32 dot products per step: float32 gets a looser tolerance.
LBFGS_RUN = dict(closure=True, full_batch=True, float32_steps=1, atol={"float64": 1e-6, "float32": 1e-3},
                 rtol={"float64": 1e-6, "float32": 1e-3})
CASES += [
    O("LBFGS/default", lambda t, p: t.optim.LBFGS(p), steps=5, **LBFGS_RUN),
    O("LBFGS/short_history", lambda t, p: t.optim.LBFGS(p, lr=0.5, max_iter=7, history_size=3), steps=10,
      **LBFGS_RUN),
    O("LBFGS/max_eval", lambda t, p: t.optim.LBFGS(p, lr=0.8, max_iter=10, max_eval=6, tolerance_change=1e-5),
      steps=8, **LBFGS_RUN),
    # (a small lr is left out: the search then extrapolates from points 1e-7 apart, where the last
    # bit of the two libraries' losses decides the next step)
    O("LBFGS/strong_wolfe", lambda t, p: t.optim.LBFGS(p, line_search_fn="strong_wolfe"), steps=3, **LBFGS_RUN),
    O("LBFGS/strong_wolfe_history", lambda t, p: t.optim.LBFGS(p, lr=0.5, max_iter=6, history_size=2,
                                                               line_search_fn="strong_wolfe"), steps=4, **LBFGS_RUN),
]
