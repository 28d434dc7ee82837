"""Attention (nn/functional/attention.py, nn/modules/attention.py) against torch: scaled dot-product
attention with every kind of mask, and nn.MultiheadAttention with torch's weights loaded from its
state dict, over its options (batch_first, kdim/vdim, add_bias_kv, add_zero_attn, no bias,
need_weights, per-head weights, unbatched input, boolean/float/3-d attention masks, key padding,
dropout in eval): outputs, attention weights, and the gradients of inputs and of every parameter."""
import numpy as np
import pytest
import torch

import minitorch


def _tensors(lib, arrays):
    return [lib.tensor(a, requires_grad=a.dtype.kind == "f") if isinstance(a, np.ndarray) else a for a in arrays]


@pytest.mark.parametrize("shapes, kw", [
    (((2, 4, 8), (2, 5, 8), (2, 5, 6)), {}),
    (((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8)), {"scale": 0.3}),
    (((3, 6, 4), (3, 6, 4), (3, 6, 4)), {"is_causal": True}),
    (((2, 4, 8), (2, 5, 8), (2, 5, 6)), {"attn_mask": "bool"}),
    (((2, 4, 8), (2, 5, 8), (2, 5, 6)), {"attn_mask": "float"}),
    (((1, 4, 3, 8), (1, 2, 5, 8), (1, 2, 5, 8)), {"enable_gqa": True}),
])
def test_scaled_dot_product_attention_matches_torch(shapes, kw):
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal(s) for s in shapes)
    kw = dict(kw)
    if kw.get("attn_mask") == "bool":  # True: may attend (every row keeps at least one key)
        mask = rng.random((shapes[0][-2], shapes[1][-2])) < 0.6
        mask[:, 0] = True
        kw["attn_mask"] = mask
    elif kw.get("attn_mask") == "float":
        kw["attn_mask"] = rng.standard_normal((shapes[0][-2], shapes[1][-2]))
    results = []
    for lib in (minitorch, torch):
        tq, tk, tv = _tensors(lib, (q, k, v))
        extra = {name: lib.tensor(val) if isinstance(val, np.ndarray) else val for name, val in kw.items()}
        out = lib.nn.functional.scaled_dot_product_attention(tq, tk, tv, **extra)
        out.backward(lib.tensor(np.cos(np.arange(out.numel())).reshape(tuple(out.shape))))
        results.append([out.detach().numpy()] + [t.grad.numpy() for t in (tq, tk, tv)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def _mha_run(lib, build, arrays, forward_kw):
    """Build the layer (minitorch's gets torch's state dict), run it, backprop a fixed loss over the
    output and the weights; return every number."""
    module = build(lib.nn).double()
    if lib is minitorch:
        module.load_state_dict({k: minitorch.tensor(v) for k, v in _mha_run.torch_state.items()})
    else:
        _mha_run.torch_state = {k: v.detach().numpy() for k, v in module.state_dict().items()}
    module.eval()
    q, k, v = _tensors(lib, arrays)
    extra = {name: lib.tensor(val) if isinstance(val, np.ndarray) else val for name, val in forward_kw.items()}
    out, weights = module(q, k, v, **extra)
    loss = (out * lib.tensor(np.sin(np.arange(out.numel())).reshape(tuple(out.shape)))).sum()
    if weights is not None:
        loss = loss + (weights * weights).sum()
    loss.backward()
    numbers = [out.detach().numpy(), None if weights is None else weights.detach().numpy()]
    numbers += [t.grad.numpy() for t in (q, k, v)]
    numbers += [p.grad.numpy() for _, p in module.named_parameters()]
    return repr(module), [name for name, _ in module.named_parameters()], numbers


KPM = np.zeros((3, 5), bool)
KPM[0, 3:] = True
KPM[2, 1] = True
CAUSAL = np.triu(np.ones((4, 5), bool), 1)


@pytest.mark.parametrize("options, forward_kw, layout", [
    ({}, {}, "LNE"), ({"batch_first": True}, {}, "NLE"), ({"kdim": 6, "vdim": 4}, {}, "LNE"),
    ({"add_bias_kv": True}, {}, "LNE"), ({"add_zero_attn": True}, {}, "LNE"),
    ({"add_bias_kv": True, "add_zero_attn": True, "bias": False}, {}, "LNE"),
    ({}, {"need_weights": False}, "LNE"), ({}, {"average_attn_weights": False}, "LNE"), ({}, {}, "LE"),
    ({}, {"key_padding_mask": KPM}, "LNE"), ({}, {"attn_mask": CAUSAL}, "LNE"),
    ({}, {"attn_mask": np.random.default_rng(1).standard_normal((4, 5))}, "LNE"),
    ({"add_bias_kv": True}, {"attn_mask": CAUSAL, "key_padding_mask": KPM}, "LNE"),
    ({}, {"attn_mask": CAUSAL, "is_causal": True}, "LNE"), ({"dropout": 0.3}, {}, "LNE"),
])
def test_multihead_attention_matches_torch(options, forward_kw, layout):
    L, S, N, E = 4, 5, 3, 8
    kdim, vdim = options.get("kdim", E), options.get("vdim", E)
    shapes = {"LNE": [(L, N, E), (S, N, kdim), (S, N, vdim)], "NLE": [(N, L, E), (N, S, kdim), (N, S, vdim)],
              "LE": [(L, E), (S, kdim), (S, vdim)]}[layout]
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]

    def build(nn):
        return nn.MultiheadAttention(E, 2, **options)
    t_repr, t_names, t_numbers = _mha_run(torch, build, arrays, forward_kw)
    m_repr, m_names, m_numbers = _mha_run(minitorch, build, arrays, forward_kw)
    assert (m_repr, m_names) == (t_repr, t_names)
    for ours, theirs in zip(m_numbers, t_numbers):
        assert (ours is None) == (theirs is None)
        if theirs is not None:
            np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-10)


def test_multihead_attention_errors_match_torch():
    for call in (lambda lib: lib.nn.MultiheadAttention(8, 3),
                 lambda lib: lib.nn.MultiheadAttention(8, 2)(lib.ones(2, 1, 8), lib.ones(2, 1, 8), lib.ones(2, 1, 8),
                                                              is_causal=True)):
        outcomes = []
        for lib in (minitorch, torch):
            with pytest.raises(Exception) as e:
                call(lib)
            outcomes.append((type(e.value), str(e.value)))
        assert outcomes[0] == outcomes[1]
