"""minitorch.optim and nn.utils.clip_grad, checked against real torch.

Most tests run one function with each library (``lib`` = minitorch or torch) and compare what comes
out: state dicts (keys, types, dtypes, values), reprs, the type and text of errors, gradients after
clipping. The 50-step trajectories of every optimizer are in parity/cases/optim.py; here are the
rest of the optimizer's contract: param groups, zero_grad, closures, state_dict/load_state_dict
(including a torch state dict loaded into minitorch, continuing torch's trajectory), and hypothesis
tests that draw options and gradients at random.
"""
import copy
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import minitorch
from parity import runner

LIBS = (minitorch, torch)

# every optimizer with options that make it keep all its kinds of state
OPTIMIZERS = {
    "SGD": dict(lr=0.1, momentum=0.9, nesterov=True),
    "Adam": dict(lr=0.01, amsgrad=True),
    "AdamW": dict(lr=0.01),
    "Adagrad": dict(lr=0.1),
    "Adamax": dict(lr=0.01),
    "RMSprop": dict(lr=0.01, momentum=0.5, centered=True),
    "Rprop": dict(lr=0.01),
    "ASGD": dict(lr=0.01, t0=2),
    "Adadelta": dict(),
    "NAdam": dict(lr=0.01),
    "RAdam": dict(lr=0.01),
}


# -- helpers -----------------------------------------------------------------------------------------
def normalize(value):
    """Make minitorch's results comparable to torch's: names read as torch's, tensors as
    (dtype, shape, values)."""
    if isinstance(value, str):
        return value.replace("minitorch.", "torch.")
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if runner.is_tensor(value):
        arr = runner.to_numpy(value)
        values = arr
        if arr.dtype.kind == "f":
            values = np.array(arr.round(10), dtype=object)
            values[np.isnan(arr)] = "nan"
        return ("tensor", runner.dtype_name(value), tuple(value.shape), values.tolist())  # NaN == NaN here
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [normalize(v) for v in value]
    if isinstance(value, dict):
        return type(value).__name__, [(normalize(k), normalize(v)) for k, v in value.items()]
    return value


def run(fn, lib):
    """``normalize(fn(lib))``, or ``("raised", type name, message)``; warnings are silenced."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return normalize(fn(lib))
    except Exception as e:  # noqa: BLE001 - the error is the result being compared
        return ("raised", type(e).__name__, str(e).replace("minitorch.", "torch."))


def same(fn):
    """Assert ``fn`` gives the same (normalized) result, or raises the same error, in both libraries."""
    ours, theirs = run(fn, minitorch), run(fn, torch)
    assert ours == theirs
    return theirs


def model(lib, dtype="float64", seed=0):
    """Three parameter tensors (a tiny MLP's) with the same values in both libraries."""
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (4, 1), (1,)]
    return [lib.tensor(rng.normal(0, 0.5, s).astype(dtype), requires_grad=True) for s in shapes]


def batch(lib, step, dtype="float64"):
    rng = np.random.default_rng(100 + step)
    return lib.tensor(rng.uniform(-2, 2, (6, 3)).astype(dtype)), lib.tensor(rng.uniform(-1, 1, (6, 1)).astype(dtype))


def loss_fn(params, x, y):
    w1, w2, b = params
    return ((((x @ w1).tanh() @ w2) + b - y) ** 2).mean()


def train(lib, opt, params, steps, start=0):
    for step in range(start, start + steps):
        opt.zero_grad()
        loss_fn(params, *batch(lib, step)).backward()
        opt.step()


def to_minitorch(obj):
    """A torch state dict with its tensors made minitorch tensors (what minitorch.load would give)."""
    if isinstance(obj, torch.Tensor):
        return minitorch.tensor(obj.detach().numpy().copy())
    if isinstance(obj, dict):
        return {k: to_minitorch(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_minitorch(v) for v in obj)
    return obj


def arrays(params):
    return [runner.to_numpy(p).copy() for p in params]


# -- state dicts ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_state_dict_matches_torch_after_steps(name):
    """Same state ids, keys in the same order, same types (0-d float32 ``step`` tensors ...), dtypes,
    shapes and values; same param_groups with integer param ids."""
    def fn(lib):
        params = model(lib)
        opt = getattr(lib.optim, name)(params, **OPTIMIZERS[name])
        train(lib, opt, params, 3)
        return opt.state_dict()
    same(fn)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_state_dict_before_any_step(name):
    same(lambda lib: getattr(lib.optim, name)(model(lib), **OPTIMIZERS[name]).state_dict())


def test_state_dict_with_param_groups_and_params_without_grad():
    """Ids count across groups; a parameter that never had a gradient has no state."""
    def fn(lib):
        w1, w2, b = model(lib)
        opt = lib.optim.Adam([{"params": [w1]}, {"params": [w2, b], "lr": 0.1, "betas": (0.5, 0.6)}], lr=0.01)
        ((w1 * w1).sum() + (b * b).sum()).backward()
        opt.step()
        return opt.state_dict()
    same(fn)


def test_state_dict_shares_state_tensors_as_torch_does():
    params = model(minitorch)
    opt = minitorch.optim.Adam(params)
    train(minitorch, opt, params, 1)
    sd = opt.state_dict()
    assert sd["state"][0] is opt.state[params[0]]
    assert sd["param_groups"][0] is not opt.param_groups[0]


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_load_state_dict_continues_the_trajectory(name):
    """5 steps, save, a fresh optimizer on the same parameters loads it, 5 more steps: the same as
    10 uninterrupted steps."""
    kw = OPTIMIZERS[name]
    params = model(minitorch)
    opt = getattr(minitorch.optim, name)(params, **kw)
    train(minitorch, opt, params, 10)
    straight = arrays(params)

    params = model(minitorch)
    opt = getattr(minitorch.optim, name)(params, **kw)
    train(minitorch, opt, params, 5)
    saved = copy.deepcopy(opt.state_dict())
    opt = getattr(minitorch.optim, name)(params, **kw)
    opt.load_state_dict(saved)
    train(minitorch, opt, params, 5, start=5)
    # ASGD's eta/mu and NAdam's mu_product are float32 0-d tensors that loading casts to the
    # parameter's dtype (as torch does), so their continuation differs by float32 rounding
    tol = 1e-9 if name in ("ASGD", "NAdam") else 0
    for a, b in zip(arrays(params), straight):
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_torch_state_dict_loads_and_continues_torchs_trajectory(name):
    """torch trains 4 steps; its parameters and optimizer state dict are loaded into minitorch and
    into a fresh torch optimizer (loading casts some state, so both sides load); both train 6 more
    steps and land on the same parameters."""
    kw = OPTIMIZERS[name]
    t_params = model(torch)
    t_opt = getattr(torch.optim, name)(t_params, **kw)
    train(torch, t_opt, t_params, 4)
    saved = t_opt.state_dict()
    m_params = [minitorch.tensor(a, requires_grad=True) for a in arrays(t_params)]
    m_opt = getattr(minitorch.optim, name)(m_params, **kw)
    m_opt.load_state_dict(to_minitorch(saved))
    t_opt = getattr(torch.optim, name)(t_params, **kw)
    t_opt.load_state_dict(saved)
    assert normalize(m_opt.state_dict()) == normalize(t_opt.state_dict())
    train(torch, t_opt, t_params, 6, start=4)
    train(minitorch, m_opt, m_params, 6, start=4)
    for m, t in zip(arrays(m_params), arrays(t_params)):
        np.testing.assert_allclose(m, t, rtol=1e-9, atol=1e-12)


def test_load_state_dict_casts_state_to_the_parameter_dtype_but_not_step():
    def fn(lib):
        params = model(lib, dtype="float32")
        opt = lib.optim.Adam(params)
        train_f32(lib, opt, params)
        sd = opt.state_dict()
        params64 = model(lib)
        opt64 = lib.optim.Adam(params64)
        opt64.load_state_dict(sd)
        return [(k, runner.dtype_name(v)) for k, v in opt64.state[params64[0]].items()]
    assert same(fn)[1][0] == ("tuple", ["step", "float32"])


def train_f32(lib, opt, params):
    x, y = batch(lib, 0)
    opt.zero_grad()
    loss_fn(params, x.float(), y.float()).backward()
    opt.step()


def test_load_state_dict_keeps_loaded_hyperparameters():
    def fn(lib):
        params = model(lib)
        opt = lib.optim.SGD(params, lr=0.5, momentum=0.9)
        other = lib.optim.SGD(params, lr=0.1)
        other.load_state_dict(opt.state_dict())
        return other.param_groups[0]["lr"], other.param_groups[0]["momentum"], other.param_groups[0]["params"] is params
    assert same(fn) == ("tuple", [0.5, 0.9, False])


@pytest.mark.parametrize("groups", [[], [{"lr": 0.1, "params": [0, 1]}], [{"lr": 0.1, "params": [0]}] * 2])
def test_load_state_dict_errors_as_torch(groups):
    same(lambda lib: lib.optim.SGD(model(lib), lr=0.1).load_state_dict({"state": {}, "param_groups": groups}))


def test_state_dict_with_named_parameters():
    def fn(lib):
        w1, w2, b = model(lib)
        opt = lib.optim.SGD([("w1", w1), ("w2", w2)], lr=0.1, momentum=0.5)
        return opt.state_dict(), opt.param_groups[0]["param_names"]
    same(fn)


# -- param groups ------------------------------------------------------------------------------------------
def test_param_groups_take_their_own_options_and_the_defaults():
    def fn(lib):
        w1, w2, b = model(lib)
        opt = lib.optim.SGD([{"params": [w1, w2]}, {"params": b, "lr": 0.5, "nesterov": True, "momentum": 0.9}],
                            lr=0.01, momentum=0.1)
        return [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups]
    same(fn)


def test_add_param_group_after_construction_trains_with_its_lr():
    def fn(lib):
        w1, w2, b = model(lib)
        opt = lib.optim.SGD([w1, w2], lr=0.01)
        opt.add_param_group({"params": [b], "lr": 1.0})
        loss_fn([w1, w2, b], *batch(lib, 0)).backward()
        opt.step()
        return [w1, w2, b], len(opt.param_groups)
    same(fn)


@pytest.mark.parametrize("make", [
    lambda lib, p: lib.optim.SGD(p[0], lr=0.1),                                   # a bare tensor
    lambda lib, p: lib.optim.SGD([], lr=0.1),                                     # nothing to optimize
    lambda lib, p: lib.optim.SGD([p[0], 1.0], lr=0.1),                            # not a tensor
    lambda lib, p: lib.optim.SGD([p[0] * 2], lr=0.1),                             # not a leaf
    lambda lib, p: lib.optim.SGD([{"params": [p[0]]}, {"params": [p[0]]}], lr=0.1),  # overlapping groups
    lambda lib, p: lib.optim.SGD(p, lr=0.1).add_param_group([p[0]]),              # not a dict
    lambda lib, p: lib.optim.SGD(p[:1], lr=0.1).add_param_group({"params": {p[1]}}),  # a set
    lambda lib, p: lib.optim.SGD(p[:1], lr=0.1).add_param_group({"params": [("b", p[1])]}),  # names mixed
], ids=["tensor", "empty", "non_tensor", "non_leaf", "overlap", "not_dict", "set", "names_mixed"])
def test_param_errors_as_torch(make):
    assert same(lambda lib: make(lib, model(lib)))[0] == "raised"


def test_duplicate_params_warn_as_torch():
    for lib in LIBS:
        p = model(lib)
        with pytest.warns(UserWarning, match="optimizer contains a parameter group with duplicate parameters"):
            lib.optim.SGD([p[0], p[0]], lr=0.1)


def test_required_option_missing_from_a_group():
    """A custom optimizer whose default is ``required`` (torch.optim.optimizer.required)."""
    class Custom(minitorch.optim.Optimizer):
        def __init__(self, params, lr=minitorch.optim.optimizer.required):
            super().__init__(params, dict(lr=lr))

    with pytest.raises(ValueError, match="parameter group didn't specify a value of required optimization "
                                         "parameter lr"):
        Custom(model(minitorch))
    assert Custom([{"params": model(minitorch), "lr": 0.1}]).param_groups[0]["lr"] == 0.1


def test_custom_optimizer_subclass_as_in_a_course():
    """The way learners write an optimizer: override ``step`` with in-place tensor ops under no_grad."""
    def fn(lib):
        class MySGD(lib.optim.Optimizer):
            def __init__(self, params, lr):
                super().__init__(params, dict(lr=lr))

            def step(self, closure=None):
                with lib.no_grad():
                    for group in self.param_groups:
                        for p in group["params"]:
                            if p.grad is not None:
                                p.add_(p.grad, alpha=-group["lr"])

        params = model(lib)
        train(lib, MySGD(params, lr=0.1), params, 3)
        return params
    same(fn)


# -- zero_grad, step, closure ---------------------------------------------------------------------------
def test_zero_grad_sets_grads_to_none_by_default():
    params = model(minitorch)
    opt = minitorch.optim.SGD(params, lr=0.1)
    loss_fn(params, *batch(minitorch, 0)).backward()
    opt.zero_grad()
    assert all(p.grad is None for p in params)


def test_zero_grad_set_to_none_false_zeros_in_place():
    def fn(lib):
        params = model(lib)
        opt = lib.optim.SGD(params, lr=0.1)
        loss_fn(params, *batch(lib, 0)).backward()
        before = [p.grad for p in params]
        opt.zero_grad(set_to_none=False)
        return [p.grad is g for p, g in zip(params, before)], [p.grad for p in params]
    same(fn)


def test_grads_accumulate_without_zero_grad():
    def fn(lib):
        params = model(lib)
        opt = lib.optim.SGD(params, lr=0.1)
        for step in range(3):
            loss_fn(params, *batch(lib, step)).backward()
            opt.step()
        return params
    same(fn)


def test_step_skips_params_without_grad_and_bumps_versions():
    params = model(minitorch)
    opt = minitorch.optim.Adam(params)
    (params[0] * params[0]).sum().backward()
    versions = [p._version for p in params]
    opt.step()
    assert [p._version - v for p, v in zip(params, versions)] == [1, 0, 0]
    assert list(opt.state) == [params[0]]


def test_step_keeps_views_of_parameters_in_sync():
    """The update is in place: a view of a parameter (``p.data``, ``p[0]``) sees the new values."""
    params = model(minitorch)
    view = params[0].data
    opt = minitorch.optim.SGD(params, lr=0.1)
    loss_fn(params, *batch(minitorch, 0)).backward()
    opt.step()
    np.testing.assert_array_equal(view.numpy(), params[0].detach().numpy())


def test_closure_is_evaluated_with_grad_enabled_and_its_loss_returned():
    def fn(lib):
        params = model(lib)
        opt = lib.optim.SGD(params, lr=0.1)
        calls = []

        def closure():
            calls.append(lib.is_grad_enabled())
            opt.zero_grad()
            loss = loss_fn(params, *batch(lib, 0))
            loss.backward()
            return loss

        with lib.no_grad():
            loss = opt.step(closure)
        return loss, calls, params
    same(fn)


def test_step_without_closure_returns_none():
    assert minitorch.optim.SGD(model(minitorch), lr=0.1).step() is None


def test_default_dtype_float64_makes_float64_step_counters():
    def fn(lib):
        old = lib.get_default_dtype()
        lib.set_default_dtype(lib.float64)
        try:
            params = model(lib)
            opt = lib.optim.Adam(params)
            train(lib, opt, params, 1)
            return opt.state_dict()
        finally:
            lib.set_default_dtype(old)
    same(fn)


# -- validation, defaults and reprs ------------------------------------------------------------------------
BAD_OPTIONS = [
    ("SGD", dict(lr=-1)), ("SGD", dict(lr=-0.5)), ("SGD", dict(momentum=-1)), ("SGD", dict(weight_decay=-1)),
    ("SGD", dict(nesterov=True)), ("SGD", dict(nesterov=True, momentum=0.9, dampening=0.1)),
    ("Adam", dict(lr=-1)), ("Adam", dict(eps=-1)), ("Adam", dict(betas=(1.0, 0.9))), ("Adam", dict(betas=(0.9, -0.1))),
    ("Adam", dict(weight_decay=-1)), ("AdamW", dict(lr=-1e-3)), ("AdamW", dict(betas=(0.9, 1.0))),
    ("Adagrad", dict(lr=-1)), ("Adagrad", dict(lr_decay=-1)), ("Adagrad", dict(weight_decay=-1)),
    ("Adagrad", dict(initial_accumulator_value=-1)), ("Adagrad", dict(eps=-1)),
    ("Adamax", dict(lr=-1)), ("Adamax", dict(eps=-1)), ("Adamax", dict(betas=(0.9, 1.1))),
    ("RMSprop", dict(lr=-1)), ("RMSprop", dict(eps=-1)), ("RMSprop", dict(momentum=-1)),
    ("RMSprop", dict(weight_decay=-1)), ("RMSprop", dict(alpha=-1)),
    ("Rprop", dict(lr=-1)), ("Rprop", dict(etas=(1.5, 1.2))), ("Rprop", dict(etas=(0.5, 0.9))),
    ("ASGD", dict(lr=-1)), ("ASGD", dict(weight_decay=-1)),
    ("Adadelta", dict(lr=-1)), ("Adadelta", dict(rho=1.5)), ("Adadelta", dict(eps=-1)),
    ("Adadelta", dict(weight_decay=-1)),
    ("NAdam", dict(lr=-1)), ("NAdam", dict(betas=(0.9, 1.0))), ("NAdam", dict(momentum_decay=-1)),
    ("RAdam", dict(lr=-1)), ("RAdam", dict(betas=(1.0, 0.9))), ("RAdam", dict(weight_decay=-1)),
    ("LBFGS", dict(lr=-1)),
]


@pytest.mark.parametrize("name,kw", BAD_OPTIONS, ids=[f"{n}-{k}" for n, k in BAD_OPTIONS])
def test_invalid_options_raise_as_torch(name, kw):
    assert same(lambda lib: getattr(lib.optim, name)(model(lib), **kw))[0] == "raised"


ALL_NAMES = list(OPTIMIZERS) + ["LBFGS"]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_repr_and_defaults_as_torch(name):
    """torch's defaults (SGD's lr 1e-3, AdamW's weight_decay 1e-2, ...) show in the repr and defaults."""
    same(lambda lib: (repr(getattr(lib.optim, name)(model(lib))), getattr(lib.optim, name)(model(lib)).defaults))


def test_repr_with_groups_and_scheduler_keys():
    def fn(lib):
        w1, w2, b = model(lib)
        opt = lib.optim.Adam([{"params": [w1]}, {"params": [w2, b], "lr": 0.1}], amsgrad=True)
        lib.optim.lr_scheduler.StepLR(opt, 3)
        return repr(opt)
    same(fn)


def test_optimizer_names_exported():
    for name in ALL_NAMES + ["Optimizer"]:
        assert hasattr(minitorch.optim, name)
    assert minitorch.optim.lr_scheduler.StepLR is not None


# -- LBFGS -------------------------------------------------------------------------------------------------
def model_closure(lib, opt, params):
    """What an LBFGS step calls: zero the gradients, the model's loss on batch 0, backward."""
    x, y = batch(lib, 0)

    def closure():
        opt.zero_grad()
        loss = loss_fn(params, x, y)
        loss.backward()
        return loss
    return closure


def test_lbfgs_state_and_returned_loss_as_torch():
    def fn(lib):
        params = model(lib)
        opt = lib.optim.LBFGS(params, lr=0.5, max_iter=5, history_size=3)
        closure = model_closure(lib, opt, params)
        losses = [opt.step(closure) for _ in range(3)]
        state = opt.state_dict()["state"][0]
        # the types of every entry, and the values that are plain numbers or short lists
        return losses, params, [(k, type(v).__name__) for k, v in state.items()], state["func_evals"], \
            state["n_iter"], len(state["old_dirs"])
    same(fn)


def test_lbfgs_rejects_param_groups():
    same(lambda lib: lib.optim.LBFGS([{"params": model(lib)[:1]}, {"params": model(lib)[1:]}]))


def rosenbrock_lbfgs(lib, dtype, steps, **options):
    """LBFGS with the strong Wolfe line search on the 4-d Rosenbrock function from (-1.5, 2, 0.5, -0.7):
    the losses returned by each step, the point, and the counters in the optimizer's state."""
    x = lib.tensor([-1.5, 2.0, 0.5, -0.7], dtype=getattr(lib, dtype), requires_grad=True)
    opt = lib.optim.LBFGS([x], line_search_fn="strong_wolfe", **options)

    def closure():
        opt.zero_grad()
        loss = (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()
        loss.backward()
        return loss

    losses = [opt.step(closure).item() for _ in range(steps)]
    state = opt.state[x]
    return losses, x.detach().numpy().copy(), state["func_evals"], state["n_iter"]


@pytest.mark.parametrize("options", [{}, dict(lr=0.5, max_iter=7, history_size=3), dict(max_iter=50, max_eval=30),
                                     dict(lr=3.0, max_iter=4, tolerance_change=1e-3), dict(lr=0.002, max_iter=10),
                                     dict(lr=100.0, max_iter=10)])
def test_lbfgs_strong_wolfe_follows_torch(options):
    """LBFGS with the line search makes torch's choices: the same evaluations, iterations and points
    in float64 (two steps: near the minimum, losses that differ in the last bit, as the two
    libraries' sums may, can tip a later decision either way)."""
    m_losses, m_x, m_evals, m_iters = rosenbrock_lbfgs(minitorch, "float64", 2, **options)
    t_losses, t_x, t_evals, t_iters = rosenbrock_lbfgs(torch, "float64", 2, **options)
    assert (m_evals, m_iters) == (t_evals, t_iters)
    np.testing.assert_allclose(m_losses, t_losses, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(m_x, t_x, rtol=1e-10, atol=1e-12)
    assert t_losses[-1] < t_losses[0]  # the search did its job


@settings(max_examples=300, deadline=None)
@given(a=st.floats(0.1, 2.0), b=st.floats(0.0, 3.0), c=st.floats(-2.0, 2.0), w=st.floats(0.5, 5.0),
       x0=st.floats(-2.0, 2.0), t0=st.sampled_from([1e-3, 0.05, 1.0, 10.0, 100.0]), max_ls=st.integers(1, 25),
       tolerance_change=st.sampled_from([1e-9, 1e-3, 0.1]))
def test_strong_wolfe_search_makes_torchs_choices(a, b, c, w, x0, t0, max_ls, tolerance_change):
    """The line search alone against torch's, on the 1-d nonconvex f(x) = a x^4 - b x^2 + c sin(w x)
    (several minima, so both phases and every branch of the zoom are reached): the same number of
    evaluations, the same step and loss. In one dimension the two do the same floating-point
    operations, so they agree to rounding (torch's sqrt may be one unit in the last place off)."""
    from minitorch.optim.lbfgs import _strong_wolfe
    from torch.optim.lbfgs import _strong_wolfe as torch_strong_wolfe

    def loss_and_grad(x):
        return float(a * x[0] ** 4 - b * x[0] ** 2 + c * np.sin(w * x[0])), \
            np.array([4 * a * x[0] ** 3 - 2 * b * x[0] + c * w * np.cos(w * x[0])])
    x = np.array([x0])
    f, g = loss_and_grad(x)
    d = -g
    if abs(g[0]) < 1e-6:
        return
    ours = _strong_wolfe(lambda t: loss_and_grad(x + t * d), t0, d, f, g, g.dot(d), tolerance_change=tolerance_change,
                         max_ls=max_ls)
    theirs = torch_strong_wolfe(lambda _, t, __: (loss_and_grad(x + float(t) * d)[0],
                                                  torch.from_numpy(loss_and_grad(x + float(t) * d)[1])),
                                None, t0, torch.from_numpy(d), f, torch.from_numpy(g),
                                torch.from_numpy(g).dot(torch.from_numpy(d)), tolerance_change=tolerance_change,
                                max_ls=max_ls)
    assert ours[3] == theirs[3]  # evaluations
    np.testing.assert_allclose(float(ours[2]), float(theirs[2]), rtol=1e-12)  # step length
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(ours[1], theirs[1].numpy(), rtol=1e-9, atol=1e-12)


def test_lbfgs_unknown_line_search_fails_at_step_as_torch():
    def fn(lib):
        params = model(lib)
        opt = lib.optim.LBFGS(params, line_search_fn="backtracking")  # accepted here ...
        return opt.step(model_closure(lib, opt, params))  # ... refused here
    same(fn)


# -- gradient clipping -----------------------------------------------------------------------------------------
def grads_for(lib, values, dtypes=None):
    params = []
    for i, v in enumerate(values):
        dtype = getattr(lib, dtypes[i]) if dtypes else lib.float32
        p = lib.zeros(len(v), dtype=dtype, requires_grad=True)
        p.grad = lib.tensor(v, dtype=dtype)
        params.append(p)
    return params


GRADS = [[3.0, 4.0, 0.0], [1.0, -12.0]]


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, "inf", float("inf"), -float("inf"), 0])
@pytest.mark.parametrize("max_norm", [1.0, 100.0])
def test_clip_grad_norm_as_torch(norm_type, max_norm):
    def fn(lib):
        params = grads_for(lib, GRADS)
        total = lib.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
        return total, [p.grad for p in params]
    same(fn)


def test_clip_grad_norm_float64_values_exact():
    ours = grads_for(minitorch, GRADS, ["float64", "float64"])
    theirs = grads_for(torch, GRADS, ["float64", "float64"])
    m_total = minitorch.nn.utils.clip_grad_norm_(ours, 2.0)
    t_total = torch.nn.utils.clip_grad_norm_(theirs, 2.0)
    assert m_total.dtype == minitorch.float64 and m_total.shape == ()
    np.testing.assert_allclose(m_total.item(), t_total.item(), rtol=1e-15)
    for m, t in zip(ours, theirs):
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), rtol=1e-15)


@pytest.mark.parametrize("case", ["single_tensor", "no_grads", "some_without_grad", "mixed_dtypes", "nan", "inf"])
def test_clip_grad_norm_edge_cases_as_torch(case):
    def fn(lib):
        if case == "single_tensor":
            params = grads_for(lib, [[3.0, 4.0]])[0]
        elif case == "no_grads":
            params = [lib.ones(2, requires_grad=True)]
        elif case == "some_without_grad":
            params = grads_for(lib, GRADS) + [lib.ones(3, requires_grad=True)]
        elif case == "mixed_dtypes":
            params = grads_for(lib, GRADS, ["float64", "float32"])
        else:
            params = grads_for(lib, [[float(case), 1.0], [2.0]])
        total = lib.nn.utils.clip_grad_norm_(params, 1.0)
        grads = [params.grad] if case == "single_tensor" else [p.grad for p in params]
        return total, grads
    same(fn)


@pytest.mark.parametrize("norm_type", [2.0, 1, "inf"])
def test_clip_grad_norm_error_if_nonfinite_as_torch(norm_type):
    result = same(lambda lib: lib.nn.utils.clip_grad_norm_(grads_for(lib, [[float("inf"), 1.0]]), 1.0,
                                                           norm_type=norm_type, error_if_nonfinite=True))
    assert result[:2] == ("raised", "RuntimeError")


def test_clip_grad_norm_bad_norm_type_as_torch():
    same(lambda lib: lib.nn.utils.clip_grad_norm_(grads_for(lib, GRADS), 1.0, norm_type="fro"))


def test_clip_grad_value_as_torch():
    def fn(lib):
        params = grads_for(lib, GRADS)
        out = lib.nn.utils.clip_grad_value_(params, 2.5)
        single = grads_for(lib, [[-7.0, 0.5]])[0]
        lib.nn.utils.clip_grad_value_(single, 1)
        return out, [p.grad for p in params], single.grad
    same(fn)


def test_clip_grad_norm_deprecated_alias_warns():
    for lib in LIBS:
        with pytest.warns(FutureWarning, match="clip_grad_norm_"):
            total = lib.nn.utils.clip_grad_norm(grads_for(lib, GRADS), 1.0)
        assert abs(float(total) - 13.038404810405298) < 1e-5


def test_clip_grad_norm_bumps_grad_versions():
    params = grads_for(minitorch, GRADS)
    versions = [p.grad._version for p in params]
    minitorch.nn.utils.clip_grad_norm_(params, 1.0)
    assert all(p.grad._version > v for p, v in zip(params, versions))


def test_clip_in_a_training_loop_as_torch():
    def fn(lib):
        params = model(lib)
        opt = lib.optim.SGD(params, lr=0.5, momentum=0.9)
        norms = []
        for step in range(5):
            opt.zero_grad()
            loss_fn(params, *batch(lib, step)).backward()
            norms.append(lib.nn.utils.clip_grad_norm_(params, 0.1).item())
            opt.step()
        return norms, params
    same(fn)


# -- property tests: random options and gradients ---------------------------------------------------------------
rate = st.floats(1e-4, 0.5)
decay = st.sampled_from([0, 0.0, 1e-3, 0.1])
beta = st.floats(0.0, 0.999)
flag = st.booleans()
OPTION_STRATEGIES = {
    "SGD": st.fixed_dictionaries({"lr": rate, "momentum": st.sampled_from([0, 0.5, 0.9]), "weight_decay": decay,
                                  "maximize": flag}),
    "Adam": st.fixed_dictionaries({"lr": rate, "betas": st.tuples(beta, beta), "weight_decay": decay,
                                   "amsgrad": flag, "maximize": flag, "decoupled_weight_decay": flag}),
    "AdamW": st.fixed_dictionaries({"lr": rate, "betas": st.tuples(beta, beta), "weight_decay": decay,
                                    "amsgrad": flag}),
    "Adagrad": st.fixed_dictionaries({"lr": rate, "lr_decay": decay, "weight_decay": decay,
                                      "initial_accumulator_value": st.sampled_from([0, 0.1, 1.0])}),
    "Adamax": st.fixed_dictionaries({"lr": rate, "betas": st.tuples(beta, beta), "weight_decay": decay}),
    # alpha away from 0: centered RMSprop at alpha = 0 divides by sqrt(g**2 - g**2), pure rounding
    "RMSprop": st.fixed_dictionaries({"lr": rate, "alpha": st.floats(0.5, 0.999), "momentum": st.sampled_from([0, 0.5]),
                                      "centered": flag, "weight_decay": decay, "maximize": flag}),
    "Rprop": st.fixed_dictionaries({"lr": rate, "etas": st.tuples(st.floats(0.1, 0.9), st.floats(1.1, 2.0))}),
    "ASGD": st.fixed_dictionaries({"lr": rate, "lambd": st.floats(0, 0.1), "alpha": st.floats(0.1, 1.0),
                                   "t0": st.sampled_from([0, 2, 1e6]), "weight_decay": decay}),
    "Adadelta": st.fixed_dictionaries({"lr": rate, "rho": beta, "weight_decay": decay, "maximize": flag}),
    "NAdam": st.fixed_dictionaries({"lr": rate, "betas": st.tuples(beta, beta), "weight_decay": decay,
                                    "decoupled_weight_decay": flag}),
    "RAdam": st.fixed_dictionaries({"lr": rate, "betas": st.tuples(beta, beta), "weight_decay": decay,
                                    "decoupled_weight_decay": flag}),
}
STEPS_OF_GRADS = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.just(4)),
                            elements=st.floats(-3, 3, allow_subnormal=False))


@pytest.mark.parametrize("name", list(OPTION_STRATEGIES))
@given(data=st.data())
def test_random_options_and_gradients_match_torch(name, data):
    """A few steps with hypothesis-drawn options and gradients (rows of ``grads``, one per step)."""
    options = data.draw(OPTION_STRATEGIES[name], label="options")
    grads = data.draw(STEPS_OF_GRADS, label="grads")
    start = data.draw(hnp.arrays(np.float64, 4, elements=st.floats(-2, 2)), label="start")
    result = []
    for lib in LIBS:
        p = lib.tensor(start.copy(), requires_grad=True)
        opt = getattr(lib.optim, name)([p], **options)
        for g in grads:
            p.grad = lib.tensor(g.copy())
            opt.step()
        result.append(runner.to_numpy(p))
    np.testing.assert_allclose(result[0], result[1], rtol=1e-9, atol=1e-12)


# gradient values: zeros and magnitudes in [1e-6, 100] (squares of far tinier ones underflow, which
# torch's norm kernel avoids and a plain sum of squares does not; no real gradient is that small)
GRAD_VALUES = st.one_of(st.just(0.0), st.floats(1e-6, 100), st.floats(-100, -1e-6))


@given(grads=st.lists(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                                 elements=GRAD_VALUES), min_size=1, max_size=4),
       norm_type=st.sampled_from([0.5, 1.0, 2.0, 3.0, float("inf"), -float("inf")]),
       max_norm=st.floats(0.01, 100))
def test_clip_grad_norm_random_matches_torch(grads, norm_type, max_norm):
    out = []
    for lib in LIBS:
        params = []
        for g in grads:
            p = lib.zeros(g.shape, dtype=lib.float64, requires_grad=True)
            p.grad = lib.tensor(g.copy())
            params.append(p)
        total = lib.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
        out.append((float(total), [runner.to_numpy(p.grad) for p in params]))
    (m_total, m_grads), (t_total, t_grads) = out
    np.testing.assert_allclose(m_total, t_total, rtol=1e-12)
    for m, t in zip(m_grads, t_grads):
        np.testing.assert_allclose(m, t, rtol=1e-12, atol=1e-300)
