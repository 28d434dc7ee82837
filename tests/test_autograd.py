"""The autograd rules: graph recording, accumulation, retain_graph, grad mode, version counters,
user-defined Functions, autograd.grad and gradcheck — each checked against torch's behaviour."""
import numpy as np
import pytest
import torch

import minitorch
from minitorch.autograd.gradcheck import GradcheckError


def pair(arr, requires_grad=True):
    """The same float64 data as a minitorch and a torch leaf."""
    arr = np.asarray(arr, dtype=np.float64)
    return (minitorch.tensor(arr, requires_grad=requires_grad),
            torch.tensor(arr, requires_grad=requires_grad))


def test_reused_node_accumulates_both_uses():
    a, ta = pair([1.0, 2.0, 3.0])
    b = a * 3
    (b + b).sum().backward()
    tb = ta * 3
    (tb + tb).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy())


def test_diamond_graph_gradient_is_fully_accumulated_before_propagating():
    x, tx = pair([0.5, -1.5])
    for lib, v in ((minitorch, x), (torch, tx)):
        h = v.exp()
        out = (h * h.sin() + h.tanh() * h).sum()
        out.backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12)


def test_chain_of_100k_ops_has_no_recursion_error():
    x = minitorch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0


def test_leaf_grad_accumulates_across_backward_calls():
    x, tx = pair([1.0, 2.0])
    for _ in range(3):
        (x * x).sum().backward()
        (tx * tx).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())
    np.testing.assert_allclose(x.grad.numpy(), [6.0, 12.0])


def test_second_backward_through_freed_graph_raises_torch_error():
    x, tx = pair([1.0, 2.0])
    y, ty = (x * x).sum(), (tx * tx).sum()
    y.backward()
    ty.backward()
    with pytest.raises(RuntimeError) as theirs:
        ty.backward()
    with pytest.raises(RuntimeError) as ours:
        y.backward()
    assert "backward through the graph a second time" in str(ours.value)
    assert str(ours.value) == str(theirs.value)


def test_retain_graph_allows_second_backward():
    x, tx = pair([1.0, 2.0])
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    ty = (tx.exp() * tx).sum()
    ty.backward(retain_graph=True)
    ty.backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())


def test_graph_without_saved_tensors_can_be_run_twice_as_in_torch():
    x, tx = pair([1.0, 2.0])
    y, ty = (x + 1).sum(), (tx + 1).sum()
    y.backward()
    y.backward()
    ty.backward()
    ty.backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())


def test_implicit_gradient_needs_scalar_output():
    x, tx = pair([1.0, 2.0])
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        (tx * 2).backward()


def test_backward_with_explicit_gradient():
    x, tx = pair([[1.0, 2.0], [3.0, 4.0]])
    g = np.array([[0.1, -2.0], [3.0, 0.5]])
    (x * x).backward(minitorch.tensor(g))
    (tx * tx).backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())


def test_backward_on_tensor_that_does_not_require_grad():
    with pytest.raises(RuntimeError, match="does not require grad"):
        minitorch.tensor(1.0).backward()


def test_no_grad_records_nothing():
    x = minitorch.ones(2, requires_grad=True)
    with minitorch.no_grad():
        y = x * 2
        with minitorch.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None and y.is_leaf
    assert z.requires_grad and z.grad_fn is not None
    assert minitorch.is_grad_enabled()


def test_no_grad_and_set_grad_enabled_as_decorators():
    x = minitorch.ones(2, requires_grad=True)

    @minitorch.no_grad()
    def f(v):
        return v * 2

    @minitorch.set_grad_enabled(False)
    def g(v):
        return v * 2

    assert not f(x).requires_grad
    assert not g(x).requires_grad
    assert minitorch.is_grad_enabled()
    with minitorch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad
    minitorch.set_grad_enabled(False)
    assert not minitorch.is_grad_enabled()
    minitorch.set_grad_enabled(True)


def test_modifying_a_saved_tensor_is_caught_by_the_version_counter():
    x, tx = pair([1.0, 2.0])
    y, ty = x.exp(), tx.exp()
    y.add_(1)
    ty.add_(1)
    with pytest.raises(RuntimeError) as theirs:
        ty.sum().backward()
    with pytest.raises(RuntimeError) as ours:
        y.sum().backward()
    for err in (ours, theirs):
        assert "modified by an inplace operation" in str(err.value)
        assert "is at version 1; expected version 0 instead" in str(err.value)


def test_modifying_a_saved_input_is_caught():
    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = h * h
    h.mul_(3)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_inplace_on_leaf_that_requires_grad_raises():
    x, tx = pair([1.0, 2.0])
    with pytest.raises(RuntimeError) as theirs:
        tx.add_(1)
    with pytest.raises(RuntimeError) as ours:
        x.add_(1)
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        x += 1


def test_inplace_on_leaf_under_no_grad_updates_data_and_version():
    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    v0 = x._version
    with minitorch.no_grad():
        x -= 0.5 * minitorch.tensor([2.0, 2.0])
        x.mul_(2)
    np.testing.assert_allclose(x.detach().numpy(), [0.0, 2.0])
    assert x._version == v0 + 2
    assert x.is_leaf and x.requires_grad


def test_inplace_on_non_leaf_is_recorded():
    for lib in (minitorch, torch):
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        y = x * 2
        y.mul_(3)
        y.add_(1).clamp_(min=2.0)
        (y * x).sum().backward()
        assert type(y.grad_fn).__name__ == "ClampBackward1"
        if lib is torch:
            expected = x.grad.numpy()
        else:
            got = x.grad.numpy()
    np.testing.assert_allclose(got, expected)


def test_user_defined_function_matches_torch():
    class MyReLU(minitorch.autograd.Function):
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return input.clamp(min=0)

        @staticmethod
        def backward(ctx, grad_output):
            (input,) = ctx.saved_tensors
            grad_input = grad_output.clone()
            grad_input[input < 0] = 0
            return grad_input

    class TorchReLU(torch.autograd.Function):
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return input.clamp(min=0)

        @staticmethod
        def backward(ctx, grad_output):
            (input,) = ctx.saved_tensors
            grad_input = grad_output.clone()
            grad_input[input < 0] = 0
            return grad_input

    x, tx = pair([[-1.0, 2.0], [0.5, -3.0]])
    y, ty = MyReLU.apply(x * 2), TorchReLU.apply(tx * 2)
    assert type(y.grad_fn).__name__ == "MyReLUBackward"
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy())
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    (y * minitorch.tensor(w)).sum().backward()
    (ty * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())


def test_user_function_with_constant_argument_and_needs_input_grad():
    class Scale(minitorch.autograd.Function):
        @staticmethod
        def forward(ctx, x, factor):
            ctx.factor = factor
            return x * factor

        @staticmethod
        def backward(ctx, g):
            assert ctx.needs_input_grad == (True, False)
            return g * ctx.factor, None

    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    Scale.apply(x, 3.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 3.0])


def test_mark_non_differentiable_output():
    class SortWithIndex(minitorch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            values = x * 1
            mask = x > 0
            ctx.mark_non_differentiable(mask)
            return values, mask

        @staticmethod
        def backward(ctx, g, g_mask):
            return g

    x = minitorch.tensor([1.0, -2.0], requires_grad=True)
    values, mask = SortWithIndex.apply(x)
    assert values.requires_grad and not mask.requires_grad


def test_autograd_grad_returns_without_touching_dot_grad():
    x, tx = pair([1.0, 2.0, 3.0])
    y, ty = (x ** 3).sum(), (tx ** 3).sum()
    (g,) = minitorch.autograd.grad(y, x)
    (tg,) = torch.autograd.grad(ty, tx)
    np.testing.assert_allclose(g.numpy(), tg.numpy())
    assert x.grad is None


def test_autograd_grad_wrt_intermediate_and_unused():
    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    z = minitorch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    y = (h * h).sum()
    gh, gz = minitorch.autograd.grad(y, [h, z], allow_unused=True)
    np.testing.assert_allclose(gh.numpy(), 2 * h.detach().numpy())
    assert gz is None
    with pytest.raises(RuntimeError, match="appears to not have been used"):
        minitorch.autograd.grad((x * 2).sum(), [z])


def test_retain_grad_and_is_leaf():
    x, tx = pair([1.0, 2.0])
    h, th = x * 3, tx * 3
    h.retain_grad()
    th.retain_grad()
    (h * h).sum().backward()
    (th * th).sum().backward()
    np.testing.assert_allclose(h.grad.numpy(), th.grad.numpy())
    assert x.is_leaf and not h.is_leaf


def test_requires_grad_rules():
    with pytest.raises(RuntimeError, match="Only Tensors of floating point dtype can require gradients"):
        minitorch.tensor([1, 2]).requires_grad_()
    x = minitorch.tensor([1.0], requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="leaf variables"):
        y.requires_grad = False
    assert minitorch.tensor([1.0]).requires_grad_().requires_grad


def test_detach_and_data_share_memory_but_not_the_graph():
    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None
    d[0] = 10.0
    assert y[0].item() == 10.0
    x.data[1] = 5.0
    assert x.detach().numpy()[1] == 5.0 and x.requires_grad
    x.data = minitorch.tensor([7.0, 8.0])
    np.testing.assert_allclose(x.detach().numpy(), [7.0, 8.0])


def test_numpy_on_tensor_that_requires_grad_raises():
    x = minitorch.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Use tensor.detach\(\).numpy\(\) instead"):
        x.numpy()


def test_grad_fn_names_and_next_functions():
    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 2 + 1).exp()
    assert repr(y.grad_fn).startswith("<ExpBackward0 object at")
    add_node = y.grad_fn.next_functions[0][0]
    assert add_node.name() == "AddBackward0"
    mul_node = add_node.next_functions[0][0]
    assert type(mul_node).__name__ == "MulBackward0"
    acc = mul_node.next_functions[0][0]
    assert type(acc).__name__ == "AccumulateGrad" and acc.variable is x


def test_gradcheck_passes_and_catches_a_wrong_backward():
    x = minitorch.tensor(np.random.default_rng(0).uniform(0.5, 2, (3, 2)), requires_grad=True)
    assert minitorch.autograd.gradcheck(lambda v: (v.exp() * v).sin(), (x,))

    class Wrong(minitorch.autograd.Function):
        @staticmethod
        def forward(ctx, v):
            return v * v

        @staticmethod
        def backward(ctx, g):
            return g  # should be 2 * v * g

    with pytest.raises(GradcheckError):
        minitorch.autograd.gradcheck(Wrong.apply, (x,))
    assert not minitorch.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False)


def test_optimizer_style_grad_reset_and_dtype():
    w = minitorch.zeros(3, requires_grad=True)
    (w * minitorch.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert w.grad.dtype == minitorch.float32
    w.grad = None
    (w * 2).sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), [2.0, 2.0, 2.0])


def test_mixed_precision_gradient_keeps_input_dtype():
    a = minitorch.ones(2, dtype=minitorch.float32, requires_grad=True)
    b = minitorch.ones(2, dtype=minitorch.float64, requires_grad=True)
    out = a * b
    assert out.dtype == minitorch.float64
    out.sum().backward()
    assert a.grad.dtype == minitorch.float32 and b.grad.dtype == minitorch.float64


# -- tensor hooks ------------------------------------------------------------------------------------------
def _hook_story(lib):
    """Leaf and non-leaf gradient hooks through autograd.grad and backward, chained hooks, a removed
    hook, retain_grad (which keeps the value after every hook), a tensor used twice (its hook sees
    the summed gradient once), and a post-accumulate hook: every number it saw."""
    seen = []
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    x.register_hook(lambda g: g * 10)
    y = x * 3
    y.register_hook(lambda g: seen.append(("y", g.tolist())))  # observes, returns None
    y.register_hook(lambda g: g + 100)
    z = (y * y).sum() + y.sum()  # y used twice
    out = [lib.autograd.grad(z, x, retain_graph=True)[0].tolist(),
           lib.autograd.grad(z, y, retain_graph=True)[0].tolist()]
    z.backward(retain_graph=True)
    out.append(x.grad.tolist())
    y.retain_grad()
    handle = y.register_hook(lambda g: g * 0 + 7)
    x.grad = None
    z.backward(retain_graph=True)
    out += [x.grad.tolist(), y.grad.tolist()]
    handle.remove()
    x.grad, y.grad = None, None
    x.register_post_accumulate_grad_hook(lambda t: seen.append(("post", t.grad.tolist())))
    z.backward()
    out += [x.grad.tolist(), y.grad.tolist()]
    return out, seen


def test_tensor_hooks_as_torch():
    assert _hook_story(minitorch) == _hook_story(torch)


@pytest.mark.parametrize("call", [
    lambda lib: lib.tensor([1.0]).register_hook(lambda g: g),
    lambda lib: lib.tensor([1.0]).register_post_accumulate_grad_hook(lambda t: None),
    lambda lib: (lib.tensor([1.0], requires_grad=True) * 2).register_post_accumulate_grad_hook(lambda t: None),
])
def test_hook_registration_errors_as_torch(call):
    errors = []
    for lib in (minitorch, torch):
        with pytest.raises(RuntimeError) as e:
            call(lib)
        errors.append(str(e.value))
    assert errors[0] == errors[1]


def test_hook_that_changes_the_gradient_shape_fails_as_torch():
    errors = []
    for lib in (minitorch, torch):
        a = lib.tensor([1.0], requires_grad=True)

        def resize(g):
            return lib.ones(2)
        a.register_hook(resize)
        with pytest.raises(RuntimeError) as e:
            (a * 2).sum().backward()
        errors.append(str(e.value))
    assert errors[0] == errors[1] == "hook 'resize' has changed the size of value"
