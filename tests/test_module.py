"""nn.Module, nn.Parameter and the containers, checked against real torch.

Most tests run one function with each library (``lib`` = minitorch or torch) on modules written
in this file against ``lib.nn.Module`` / ``lib.nn.Parameter`` only, and compare what comes out:
names, orders, reprs, values, and the type and text of errors (with ``minitorch.`` read as
``torch.``). Tests that need layers from ``nn.modules.linear`` skip until those exist.
"""
import copy
import functools
import pickle
from collections import OrderedDict

import numpy as np
import pytest
import torch

import minitorch
from parity import runner
from parity.case import Arg, indices
from parity.module_case import ModuleCase

LIBS = (minitorch, torch)


# -- helpers -----------------------------------------------------------------------------------------
def _normalize(value):
    """Make minitorch's results comparable to torch's: names read as torch's, tensors as arrays."""
    if isinstance(value, str):
        return value.replace("minitorch.", "torch.")
    if isinstance(value, (minitorch.Tensor, torch.Tensor)):
        return ("tensor", type(value).__name__, runner.dtype_name(value), runner.to_numpy(value).tolist())
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [_normalize(v) for v in value]
    if isinstance(value, dict):
        return type(value).__name__, [(_normalize(k), _normalize(v)) for k, v in value.items()]
    return value


def run(fn, lib):
    """``fn(lib)``, or ``("raised", type name, message)``."""
    try:
        return _normalize(fn(lib))
    except Exception as e:  # noqa: BLE001 - the exception is the result being compared
        return ("raised", type(e).__name__, _normalize(str(e)))


def same(fn, raises=False):
    """Assert ``fn(minitorch)`` and ``fn(torch)`` agree (and that both raised, or that neither did,
    as ``raises`` says); return the result."""
    m, t = run(fn, minitorch), run(fn, torch)
    assert m == t, f"\nminitorch: {m}\ntorch:     {t}"
    raised = isinstance(m, tuple) and len(m) == 3 and m[0] == "raised"
    assert raised == raises, f"{'no exception' if raises else 'unexpected exception'}: {m}"
    return m


def same_error(fn):
    """Assert both libraries raise the same exception type with the same message."""
    return same(fn, raises=True)


@functools.lru_cache(maxsize=None)
def classes(lib):
    nn = lib.nn

    class Affine(nn.Module):
        def __init__(self, n_in, n_out, bias=True):
            super().__init__()
            self.weight = nn.Parameter(lib.ones(n_out, n_in))
            if bias:
                self.bias = nn.Parameter(lib.zeros(n_out))
            else:
                self.register_parameter("bias", None)

        def forward(self, x):
            out = x @ self.weight.t()
            return out if self.bias is None else out + self.bias

        def extra_repr(self):
            return f"in_features={self.weight.shape[1]}, out_features={self.weight.shape[0]}, " \
                   f"bias={self.bias is not None}"

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = Affine(2, 3)
            self.register_buffer("steps", lib.tensor(0))
            self.body = nn.Sequential(Affine(3, 3), nn.Sequential(Affine(3, 3, bias=False)))
            self.register_buffer("cache", lib.zeros(3), persistent=False)
            self.head = Affine(3, 1)
            self.scale = nn.Parameter(lib.tensor(2.0))

        def forward(self, x):
            return self.head(self.body(self.fc(x))) * self.scale

    class MultiLine(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = Affine(1, 1)

        def extra_repr(self):
            return "first line\nsecond line"

    return {"Affine": Affine, "Net": Net, "MultiLine": MultiLine}


def net(lib):
    return classes(lib)["Net"]()


def affine(lib, *args, **kwargs):
    return classes(lib)["Affine"](*args, **kwargs)


def linear_available():
    return hasattr(minitorch.nn, "Linear")


# -- Parameter -----------------------------------------------------------------------------------------
def test_parameter_repr_and_type():
    same(lambda t: repr(t.nn.Parameter(t.tensor([1.0, 2.5]))))
    same(lambda t: repr(t.nn.Parameter(t.tensor([1, 2]), requires_grad=False)))
    same(lambda t: repr(t.nn.Parameter()))
    same(lambda t: str(t.nn.Parameter(t.zeros(2, 3, dtype=t.float64))))
    p = minitorch.nn.Parameter(minitorch.ones(2))
    assert isinstance(p, minitorch.Tensor) and isinstance(p, minitorch.nn.Parameter)
    assert p.requires_grad and p.is_leaf


def test_parameter_results_are_plain_tensors():
    def fn(t):
        p = t.nn.Parameter(t.ones(2, 2))
        return [type(x).__name__ for x in (p + 1, p * p, p @ p, p.detach(), p.data, p.clone(), p[0], p.t(), p.sum())]
    same(fn)


def test_parameter_shares_memory_and_version_counter():
    t = minitorch.zeros(3)
    p = minitorch.nn.Parameter(t)
    t.add_(1)
    assert p.tolist() == [1.0, 1.0, 1.0]
    assert p._version == t._version == 1  # torch shares the counter too
    same(lambda lib: (lambda t: (lib.nn.Parameter(t).data.add_(5), t)[1])(lib.zeros(2)))


def test_parameter_from_non_leaf_is_a_leaf():
    def fn(t):
        x = t.ones(2, requires_grad=True)
        p = t.nn.Parameter(x * 2)
        return p.is_leaf, p.grad_fn is None, p.requires_grad
    assert same(fn) == ("tuple", [True, True, True])


def test_parameter_errors_and_no_grad():
    same_error(lambda t: t.nn.Parameter(t.tensor([1, 2])))
    same_error(lambda t: t.nn.Parameter([1.0, 2.0]))

    def in_no_grad(t):
        with t.no_grad():
            return t.nn.Parameter(t.ones(1)).requires_grad
    assert same(in_no_grad) is True


def test_parameter_deepcopy_and_pickle_keep_the_class():
    def fn(t):
        p = t.nn.Parameter(t.tensor([1.0, 2.0]))
        p.grad = t.ones(2)
        c = copy.deepcopy(p)
        u = pickle.loads(pickle.dumps(p))
        c.data.add_(1)  # the copy owns its memory
        return type(c).__name__, c.grad is None, c.requires_grad, type(u).__name__, u.requires_grad, p, c, u
    same(fn)
    frozen = pickle.loads(pickle.dumps(minitorch.nn.Parameter(minitorch.ones(1), requires_grad=False)))
    assert type(frozen) is minitorch.nn.Parameter and not frozen.requires_grad


# -- registration --------------------------------------------------------------------------------------
def test_registries_and_iteration_order():
    def fn(t):
        m = net(t)
        return ([n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()],
                [n for n, _ in m.named_modules()], [n for n, _ in m.named_children()],
                [n for n, _ in m.named_parameters(prefix="model", recurse=False)],
                [n for n, _ in m.named_parameters(prefix="model")],
                len(list(m.parameters())), len(list(m.buffers())), len(list(m.modules())), len(list(m.children())),
                [type(c).__name__ for c in m.children()], list(m._parameters), list(m._buffers), list(m._modules))
    same(fn)


def test_shared_parameters_and_modules_are_deduplicated():
    def fn(t):
        m = net(t)
        m.tied = m.fc  # the same module twice
        m.other = affine(t, 2, 3)
        m.other.weight = m.fc.weight  # the same parameter in two modules
        return ([n for n, _ in m.named_parameters()], [n for n, _ in m.named_modules()],
                [n for n, _ in m.named_parameters(remove_duplicate=False)],
                [n for n, _ in m.named_modules(remove_duplicate=False)], list(m.state_dict()))
    same(fn)


def test_attribute_lookup_assignment_and_deletion():
    def fn(t):
        m = affine(t, 2, 3)
        out = [type(m.weight).__name__, m.bias is None]
        m.bias = None  # a registered parameter may become None
        out += [m.bias, "bias" in m._parameters, [n for n, _ in m.named_parameters()]]
        m.bias = t.nn.Parameter(t.ones(3))
        m.note = "plain attribute"
        m.child = affine(t, 1, 1)
        out += [m.note, "note" in m.__dict__, "child" in m._modules]
        m.child = None
        out += [m.child, list(m._modules)]
        del m.bias, m.child, m.note
        out += [list(m._parameters), list(m._modules), hasattr(m, "note")]
        m.weight = t.nn.Parameter(t.zeros(1))  # replacing a parameter keeps its position
        m.register_buffer("buf", t.ones(1))
        m.buf = t.zeros(2)  # assigning a tensor to a buffer name replaces the buffer
        out += [m.buf, list(m._buffers)]
        m.buf = t.nn.Parameter(t.ones(1))  # a Parameter moves the name to the parameters
        out += [list(m._buffers), list(m._parameters)]
        return out
    same(fn)


def test_plain_attribute_becomes_a_parameter_or_module():
    def fn(t):
        m = t.nn.Module()
        m.x = None
        m.x = t.nn.Parameter(t.ones(1))
        m.y = 3
        m.y = affine(t, 1, 1)
        return list(m._parameters), list(m._modules), "x" in m.__dict__, "y" in m.__dict__
    same(fn)


@pytest.mark.parametrize("bad", [
    lambda t: setattr(affine(t, 1, 1), "weight", t.ones(1)),
    lambda t: setattr(affine(t, 1, 1), "weight", 3),
    lambda t: setattr(net(t), "fc", 3),
    lambda t: setattr(net(t), "steps", 3),
    lambda t: net(t).register_buffer("fc", t.ones(1)),
    lambda t: net(t).register_buffer("a.b", t.ones(1)),
    lambda t: net(t).register_buffer("", t.ones(1)),
    lambda t: net(t).register_buffer(3, t.ones(1)),
    lambda t: net(t).register_buffer("b", [1.0]),
    lambda t: net(t).register_parameter("p", t.ones(1)),
    lambda t: net(t).register_parameter("fc", t.nn.Parameter(t.ones(1))),
    lambda t: net(t).register_parameter("a.b", None),
    lambda t: net(t).register_parameter("p", t.nn.Parameter(t.ones(1)) * 2),
    lambda t: net(t).add_module("m", 3),
    lambda t: net(t).add_module("a.b", affine(t, 1, 1)),
    lambda t: net(t).add_module("", affine(t, 1, 1)),
    lambda t: net(t).add_module(1, affine(t, 1, 1)),
    lambda t: net(t).add_module("scale", affine(t, 1, 1)),
    lambda t: net(t).missing,
    lambda t: delattr(net(t), "missing"),
    lambda t: net(t).get_submodule("body.5"),
    lambda t: net(t).get_submodule("fc.weight"),
    lambda t: net(t).get_parameter("fc.missing"),
    lambda t: net(t).get_parameter("steps"),
    lambda t: net(t).get_buffer("fc.weight"),
    lambda t: net(t).train(1),
    lambda t: net(t).to(t.int64),
    lambda t: net(t).to("cuda"),
    lambda t: net(t).cuda(),
    lambda t: t.nn.Module()(1),
    lambda t: t.nn.Module(3),
    lambda t: t.nn.Module(foo=3),
], ids=lambda f: None)
def test_errors_match_torch(bad):
    same_error(bad)


def test_module_must_be_initialized_first():
    for attr in ("module", "parameter"):
        def fn(t, attr=attr):
            class Forgetful(t.nn.Module):
                def __init__(self):
                    if attr == "module":
                        self.fc = t.nn.Module()
                    else:
                        self.w = t.nn.Parameter(t.ones(1))
            Forgetful()
        result = same_error(fn)
        assert result[:2] == ("raised", "AttributeError") and "before Module.__init__() call" in result[2]

    def buffer_first(t):
        m = t.nn.Module.__new__(t.nn.Module)
        m.register_buffer("b", t.ones(1))
    same_error(buffer_first)


def test_get_submodule_parameter_buffer():
    def fn(t):
        m = net(t)
        return (type(m.get_submodule("body.1.0")).__name__, m.get_submodule("") is m,
                m.get_parameter("body.1.0.weight").shape == (3, 3), m.get_buffer("steps"))
    same(fn)


def test_dir_lists_registered_names():
    names = dir(net(minitorch))
    for name in ("fc", "body", "steps", "cache", "scale", "forward", "training"):
        assert name in names
    assert not any(n[0].isdigit() for n in dir(minitorch.nn.Sequential(affine(minitorch, 1, 1))))


# -- calling and hooks -------------------------------------------------------------------------------------
def test_call_runs_forward():
    def fn(t):
        m = net(t)
        return m(t.tensor([[1.0, -2.0], [0.5, 0.25]]))
    same(fn)


def test_forward_hooks():
    def fn(t):
        m = affine(t, 2, 2)
        log = []
        h1 = m.register_forward_pre_hook(lambda mod, args: (args[0] * 2,))
        h2 = m.register_forward_hook(lambda mod, args, out: log.append(("after", args[0].tolist())) or out + 1)
        h3 = m.register_forward_pre_hook(lambda mod, args: log.append("first") or None, prepend=True)
        h4 = m.register_forward_hook(lambda mod, args, kwargs, out: log.append(("kw", sorted(kwargs))),
                                     with_kwargs=True)
        out1 = m(t.ones(1, 2))
        for h in (h1, h2, h3, h4):
            h.remove()
        out2 = m(t.ones(1, 2))
        h5 = m.register_forward_pre_hook(lambda mod, args: args[0] * 0)  # a single value replaces the input
        out3 = m(t.ones(1, 2))
        h5.remove()
        return log, out1, out2, out3
    same(fn)


# -- state_dict ------------------------------------------------------------------------------------------
def test_state_dict_keys_values_and_types():
    def fn(t):
        sd = net(t).state_dict()
        return (type(sd).__name__, list(sd), [type(v).__name__ for v in sd.values()],
                [v.requires_grad for v in sd.values()], list(net(t).state_dict(keep_vars=True)),
                [type(v).__name__ for v in net(t).state_dict(keep_vars=True).values()],
                list(net(t).state_dict(prefix="model.")))
    same(fn)


def test_state_dict_shares_memory_with_the_module():
    m = net(minitorch)
    sd = m.state_dict()
    sd["fc.weight"][0, 0] = 7.0
    assert m.fc.weight[0, 0].item() == 7.0
    assert sd["fc.weight"].grad_fn is None


def test_state_dict_positional_arguments_warn_like_torch():
    for lib in LIBS:
        dest = OrderedDict()
        with pytest.warns(FutureWarning):
            out = affine(lib, 1, 1).state_dict(dest, "p.")
        assert out is dest and list(dest) == ["p.weight", "p.bias"]


def _filled(t, m, value=0.5):
    with t.no_grad():
        for i, p in enumerate(m.parameters()):
            p.fill_(value + i)
    return m


def test_load_state_dict_copies_in_place():
    def fn(t):
        src, dst = _filled(t, net(t)), net(t)
        params = list(dst.parameters())
        result = dst.load_state_dict(src.state_dict())
        same_objects = all(a is b for a, b in zip(params, dst.parameters()))
        return repr(result), result.missing_keys, same_objects, [p.requires_grad for p in params], dst.state_dict()
    same(fn)


def test_load_state_dict_strict_errors_match_torch():
    def fn(t):
        sd = _filled(t, net(t)).state_dict()
        del sd["fc.bias"], sd["steps"]
        sd["extra"] = t.zeros(1)
        sd["body.7.weight"] = t.zeros(1)
        sd["body.0.weight"] = t.zeros(2, 2)
        sd["fc.weight"] = t.zeros(6)
        net(t).load_state_dict(sd)
    result = same_error(fn)
    assert result[1] == "RuntimeError"
    assert result[2].startswith('Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "steps", '
                                '"fc.bias". \n\tUnexpected key(s) in state_dict: "extra", "body.7.weight". ')


def test_load_state_dict_not_strict_reports_keys_and_still_checks_shapes():
    def fn(t):
        sd = _filled(t, net(t)).state_dict()
        del sd["head.bias"]
        sd["extra.weight"] = t.zeros(1)
        m = net(t)
        result = m.load_state_dict(sd, strict=False)
        return repr(result), result.missing_keys, result.unexpected_keys, m.state_dict()
    same(fn)
    same_error(lambda t: net(t).load_state_dict({"fc.weight": t.zeros(3)}, strict=False))
    same_error(lambda t: net(t).load_state_dict({"fc.weight": [[0.0] * 2] * 3}, strict=False))
    same_error(lambda t: net(t).load_state_dict([("fc.weight", t.zeros(3, 2))]))


def test_load_state_dict_accepts_numpy_and_torch_values():
    src = _filled(torch, net(torch))
    sd = src.state_dict()
    for values in ({k: v.numpy() for k, v in sd.items()}, sd):  # NumPy arrays, torch tensors
        m = net(minitorch)
        m.load_state_dict(values)
        for name, v in m.state_dict().items():
            np.testing.assert_array_equal(v.numpy(), sd[name].numpy())
            assert str(v.dtype) == str(sd[name].dtype).replace("torch", "minitorch")


def test_load_state_dict_casts_to_the_module_dtype_and_accepts_scalars_as_1_element():
    def fn(t):
        m = net(t)
        sd = {k: v.double() if v.is_floating_point() else v for k, v in _filled(t, net(t)).state_dict().items()}
        sd["scale"] = t.tensor([3.0])  # a 1-element vector for a 0-d parameter, as torch allows
        sd["steps"] = t.tensor(-2.7)  # a float into an int buffer: truncated, as copy_ does
        m.load_state_dict(sd)
        return m.state_dict()
    same(fn)


def test_load_state_dict_assign():
    def fn(t):
        m = affine(t, 2, 1)
        frozen = affine(t, 2, 1).requires_grad_(False)
        values = {"weight": t.full((1, 2), 3.0), "bias": t.zeros(1)}
        m.load_state_dict(values, assign=True)
        frozen.load_state_dict(values, assign=True)
        return type(m.weight).__name__, m.weight.requires_grad, frozen.weight.requires_grad, m.weight
    same(fn)
    m, w = affine(minitorch, 2, 1), minitorch.full((1, 2), 3.0)
    m.load_state_dict({"weight": w, "bias": minitorch.zeros(1)}, assign=True)
    assert np.shares_memory(m.weight.detach().numpy(), w.numpy())  # the given tensor itself, not a copy


def test_load_keeps_an_optimizer_working():
    """The optimizer holds the Parameter objects; loading changes their values, not the objects."""
    m = net(minitorch)
    params = list(m.parameters())
    m.load_state_dict(_filled(minitorch, net(minitorch), 2.0).state_dict())
    x = minitorch.ones(1, 2)
    m(x).sum().backward()
    assert all(p.grad is not None for p in params)
    assert params[0] is m.scale and m.scale.item() == 2.0  # a module's own parameters come first
    assert m.fc.weight.tolist() == [[3.0, 3.0]] * 3 and m.fc.weight is params[1]


# -- modes, gradients, conversion -------------------------------------------------------------------------
def test_train_eval_apply_requires_grad():
    def fn(t):
        m = net(t)
        modes = [m.training]
        r = m.eval()
        modes += [r is m, [x.training for x in m.modules()]]
        m.body.train()
        modes += [[x.training for x in m.modules()]]
        seen = []
        m.apply(lambda mod: seen.append(type(mod).__name__))
        m.requires_grad_(False)
        frozen = [p.requires_grad for p in m.parameters()]
        m.fc.requires_grad_()
        return modes, seen, frozen, [p.requires_grad for p in m.parameters()]
    same(fn)


def test_zero_grad():
    def fn(t):
        m = net(t)
        m(t.ones(2, 2)).sum().backward()
        grads = [p.grad is not None for p in m.parameters()]
        m.zero_grad(set_to_none=False)
        zeros = [p.grad for p in m.parameters()]
        m.zero_grad()
        return grads, zeros, [p.grad for p in m.parameters()]
    same(fn)


def test_to_converts_in_place_and_returns_self():
    def fn(t):
        m = net(t)
        params = list(m.parameters())
        m(t.ones(1, 2)).sum().backward()
        out = [m.to(t.float64) is m, all(a is b for a, b in zip(params, m.parameters()))]
        out += [[str(v.dtype) for v in m.state_dict().values()], [str(p.grad.dtype) for p in params],
                str(m.cache.dtype)]
        out += [str(m.float().fc.weight.dtype), str(m.half().fc.weight.dtype), str(m.double().steps.dtype)]
        out += [str(m.to("cpu", t.float32).fc.weight.dtype), str(m.to(device="cpu", dtype=t.float64).fc.weight.dtype)]
        out += [str(m.to(t.zeros(1, dtype=t.float16)).head.bias.dtype), m.cpu() is m, m.share_memory() is m]
        m.type(t.float64)
        out += [str(m.steps.dtype)]  # type() converts integer buffers too
        out += [m(t.ones(1, 2, dtype=t.float64))]
        return out
    same(fn)


def test_empty_module_moves_to_cuda_without_error_like_torch():
    same(lambda t: (repr(t.nn.Module().cuda()), repr(t.nn.Module().to("cuda"))))


# -- printing ----------------------------------------------------------------------------------------------
def test_repr_matches_torch():
    same(lambda t: repr(net(t)))
    same(lambda t: repr(classes(t)["MultiLine"]()))
    same(lambda t: repr(t.nn.Module()))
    same(lambda t: str(affine(t, 2, 5, bias=False)))


# -- copying and pickling --------------------------------------------------------------------------------
class Picklable(minitorch.nn.Module):
    """Defined at module level so pickle can find the class by name."""

    def __init__(self):
        super().__init__()
        self.w = minitorch.nn.Parameter(minitorch.ones(2, 2))
        self.layers = minitorch.nn.ModuleList([minitorch.nn.Module()])
        self.register_buffer("count", minitorch.tensor(3))


def test_deepcopy_and_pickle_of_a_module():
    m = net(minitorch)
    c = copy.deepcopy(m)
    assert [n for n, _ in c.named_parameters()] == [n for n, _ in m.named_parameters()]
    assert all(type(p) is minitorch.nn.Parameter for p in c.parameters())
    c.fc.weight.data.fill_(5.0)
    assert m.fc.weight.tolist() == [[1.0, 1.0]] * 3
    assert repr(c) == repr(m)

    p = Picklable()
    u = pickle.loads(pickle.dumps(p))
    assert type(u.w) is minitorch.nn.Parameter and u.w.requires_grad and u.count.item() == 3
    assert list(u.state_dict()) == list(p.state_dict()) and repr(u) == repr(p)


# -- containers --------------------------------------------------------------------------------------------
def test_sequential():
    def fn(t):
        a, b, c = affine(t, 2, 2), affine(t, 2, 3), affine(t, 3, 1)
        s = t.nn.Sequential(a, b)
        out = [len(s), s[0] is a, s[-1] is b, type(s[0:1]).__name__, len(s[::-1]), s[::-1][0] is b, repr(s[1:])]
        s.append(c)
        out += [list(s._modules), [m is x for m, x in zip(s, (a, b, c))], s(t.ones(4, 2))]
        s.insert(0, affine(t, 2, 2))
        s.insert(-1, affine(t, 3, 3))
        out += [[m.weight.shape[0] for m in s], list(s._modules)]
        del s[0]
        out += [list(s._modules), len(s)]
        popped = s.pop(-2)
        out += [popped.weight.shape[0], list(s._modules)]
        s.extend([affine(t, 1, 4)])
        s2 = s + t.nn.Sequential(affine(t, 4, 4))
        out += [len(s2), len(s * 2), len(2 * s), repr(s2)]
        s[0] = affine(t, 2, 7)
        out += [s[0].weight.shape[0]]
        del s[1:]
        out += [list(s._modules)]
        return out
    same(fn)


def test_sequential_from_ordered_dict_and_errors():
    def fn(t):
        s = t.nn.Sequential(OrderedDict([("first", affine(t, 2, 2)), ("act", t.nn.Module())]))
        return list(s._modules), repr(s), type(s.first).__name__, [n for n, _ in s.named_parameters()]
    same(fn)
    same_error(lambda t: t.nn.Sequential(affine(t, 1, 1))[1])
    same_error(lambda t: t.nn.Sequential(affine(t, 1, 1))[-2])
    same_error(lambda t: t.nn.Sequential(affine(t, 1, 1)) + [affine(t, 1, 1)])
    same_error(lambda t: t.nn.Sequential(affine(t, 1, 1)) * 0)
    same_error(lambda t: t.nn.Sequential(affine(t, 1, 1)).insert(5, affine(t, 1, 1)))
    same_error(lambda t: t.nn.Sequential(3))


def test_module_list():
    def fn(t):
        ml = t.nn.ModuleList([affine(t, 1, 1), affine(t, 1, 1), affine(t, 1, 2)])
        out = [len(ml), repr(ml), type(ml[1:]).__name__, len(ml[1:]), ml[-1].weight.shape[0]]
        ml.append(affine(t, 2, 2))
        ml.extend([affine(t, 2, 2), affine(t, 1, 1)])
        ml.insert(1, affine(t, 5, 5))
        out += [repr(ml), list(ml._modules), [n for n, _ in ml.named_parameters()][:4]]
        del ml[0]
        ml.pop(0)
        ml += [affine(t, 3, 3)]
        out += [repr(ml), repr(ml + t.nn.ModuleList([affine(t, 3, 3)])), repr(t.nn.ModuleList())]
        ml[0] = affine(t, 9, 9)
        out += [ml[0].weight.shape]
        del ml[::2]
        out += [list(ml._modules)]
        return out
    same(fn)
    same_error(lambda t: t.nn.ModuleList([affine(t, 1, 1)])[3])
    same_error(lambda t: t.nn.ModuleList(3))
    same_error(lambda t: t.nn.ModuleList([affine(t, 1, 1)])(1))


def test_module_dict():
    def fn(t):
        md = t.nn.ModuleDict({"b": affine(t, 1, 1), "a": affine(t, 2, 1)})
        md["c"] = affine(t, 3, 1)
        md.update([("d", affine(t, 4, 1))])
        out = [list(md), list(md.keys()), len(md), "a" in md, repr(md), [n for n, _ in md.named_parameters()]]
        popped = md.pop("b")
        del md["c"]
        out += [popped.weight.shape, list(md.values())[0].weight.shape, [k for k, _ in md.items()]]
        md.clear()
        out += [len(md), repr(md)]
        return out
    same(fn)
    same_error(lambda t: t.nn.ModuleDict(3))
    same_error(lambda t: t.nn.ModuleDict([("a", affine(t, 1, 1), 3)]))
    same_error(lambda t: t.nn.ModuleDict([3]))


def test_parameter_list():
    def fn(t):
        pl = t.nn.ParameterList([t.ones(3), t.nn.Parameter(t.zeros(2, 2, dtype=t.float64))])
        pl.append(t.ones(1))
        pl.extend([t.zeros(4)])
        pl.append("not a tensor")
        out = [len(pl), [type(p).__name__ for p in pl], repr(pl), [n for n, _ in pl.named_parameters()]]
        out += [len(pl[1:3]), type(pl[1:3]).__name__, pl[-2]]
        pl[0] = t.full((2,), 5.0)
        out += [pl[0], type(pl[0]).__name__]
        return out
    same(fn)
    same_error(lambda t: t.nn.ParameterList([t.ones(1)])[2])
    same_error(lambda t: t.nn.ParameterList(t.ones(2)))
    same_error(lambda t: t.nn.ParameterList()(1))


def test_parameter_dict():
    def fn(t):
        pd = t.nn.ParameterDict({"b": t.ones(2), "a": t.nn.Parameter(t.zeros(1))})  # a plain dict sorts
        pd["c"] = t.zeros(3, dtype=t.float64)
        pd.update(OrderedDict([("z", t.ones(1)), ("y", t.ones(1))]))  # an OrderedDict keeps its order
        out = [list(pd), repr(pd), [n for n, _ in pd.named_parameters()], "a" in pd, len(pd),
               type(pd["b"]).__name__, pd.get("missing", 3)]
        out += [pd.pop("a"), pd.popitem()[0], list(pd), pd.setdefault("w", t.ones(1)), list(reversed(pd))]
        out += [list((pd | t.nn.ParameterDict({"q": t.ones(1)})).keys()), list(pd.copy())]
        pd.clear()
        out += [len(pd)]
        return out
    same(fn)
    same_error(lambda t: t.nn.ParameterDict({"a": t.ones(1)})[0])
    same_error(lambda t: t.nn.ParameterDict(3))
    same_error(lambda t: t.nn.ParameterDict()(1))


def test_containers_state_dict_keys():
    def fn(t):
        m = t.nn.Module()
        m.layers = t.nn.ModuleList([t.nn.Sequential(affine(t, 1, 1)), affine(t, 1, 1)])
        m.heads = t.nn.ModuleDict({"x": affine(t, 1, 1)})
        m.pl = t.nn.ParameterList([t.ones(1)])
        m.pd = t.nn.ParameterDict({"k": t.ones(1)})
        return list(m.state_dict()), repr(m)
    same(fn)


# -- with the real layers, once they exist ---------------------------------------------------------------------
@pytest.mark.skipif(not linear_available(), reason="nn.Linear not written yet")
def test_with_linear_layers():
    def build(t):
        t.manual_seed(0)
        return t.nn.Sequential(t.nn.Linear(4, 3), t.nn.Sequential(t.nn.Linear(3, 2, bias=False)), t.nn.Linear(2, 1))

    same(lambda t: (repr(build(t)), list(build(t).state_dict()), [n for n, _ in build(t).named_parameters()]))
    m = build(minitorch)
    m.load_state_dict({k: v.numpy() for k, v in build(torch).state_dict().items()})
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(m(minitorch.from_numpy(x)).detach().numpy(),
                               build(torch)(torch.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


# -- the ModuleCase parity harness catches what it should ------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _faulty(lib, fault):
    """An Affine module; on minitorch's side with one injected ``fault``."""
    nn = lib.nn
    wrong = lib is minitorch

    class Faulty(nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = nn.Parameter(lib.randn(2, 3))
            self.register_parameter("bias" if not (wrong and fault == "name") else "offset", nn.Parameter(lib.zeros(2)))
            self.register_buffer("seen", lib.zeros(3))

        def forward(self, x):
            b = self.offset if wrong and fault == "name" else self.bias
            if wrong and fault == "unused":
                b = b.detach()  # the same values, but no gradient reaches the bias
            out = x @ self.weight.t() + b
            if wrong and fault == "value":
                out = out + 1e-3
            if wrong and fault == "grad":
                out = out + (self.weight - self.weight.detach()).sum() * 1e-3
            if wrong and fault == "input_grad":
                out = out + (x - x.detach()).sum(1, keepdim=True) * 1e-3
            with lib.no_grad():
                self.seen.add_(x.mean(0) * (1.001 if wrong and fault == "buffer" else 1.0))
            return out

    return Faulty


@pytest.mark.parametrize("fault, status", [
    (None, "ok"),
    ("value", "FAIL: out: values differ"),
    ("grad", "FAIL: grad of weight: values differ"),
    ("input_grad", "FAIL: grad of input 0: values differ"),
    ("unused", "FAIL: grad of bias: missing where torch's is present"),
    ("buffer", "FAIL: buffer seen: values differ"),
    ("name", "FAIL: parameter names: ['weight', 'offset'] != torch's ['weight', 'bias']"),
])
def test_module_case_catches_differences(fault, status):
    case = ModuleCase("probe", lambda lib: _faulty(lib, fault)(), [(4, 3)], check_name=fault not in ("grad", "input_grad"))
    row = runner.run_case(case, "float64", device="cpu")
    assert row.status.startswith(status), row.status
    if fault is None:
        assert row.forward_error is not None and row.backward_error is not None


def test_module_case_in_float32_and_with_int_inputs():
    case = ModuleCase("probe/float32", lambda lib: _faulty(lib, None)(), [(4, 3)])
    assert runner.run_case(case, "float32", device="cpu").ok

    def call(lib, module, x, ids):
        return module(x)[ids]
    ids = Arg((5,), kind="int64", make=indices(4))
    case = ModuleCase("probe/call", lambda lib: _faulty(lib, None)(), [(4, 3), ids], call=call)
    row = runner.run_case(case, "float64", device="cpu")
    assert row.ok, row.status
