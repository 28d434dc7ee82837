"""The Transformer layers (nn/modules/transformer.py) against torch, with torch's weights loaded from
its state dict: encoder and decoder layers (post- and pre-norm, relu and gelu, batch_first), the
stacks with a final norm, masks and key padding, and the whole encoder-decoder Transformer;
outputs, input gradients and every parameter's gradient, in training (dropout 0) and eval mode."""
import numpy as np
import pytest
import torch

import minitorch

E, L, S, N = 8, 5, 6, 3
RNG = np.random.default_rng(0)
CAUSAL = np.triu(np.full((L, L), -np.inf), 1)
PADDING = np.zeros((N, L), bool)
PADDING[1, 3:] = True


def _run(lib, module, inputs, call, train):
    module.train(train)
    xs = [lib.tensor(a, requires_grad=a.dtype.kind == "f" and a.ndim == 3) for a in inputs]
    out = call(module, *xs)
    out.backward(lib.tensor(np.cos(np.arange(out.numel())).reshape(tuple(out.shape))))
    grads = [x.grad.numpy() for x in xs if x.requires_grad]
    return repr(module), out.detach().numpy(), grads, {n: p.grad.numpy() for n, p in module.named_parameters()}


CASES = {
    "encoder_layer_train": (lambda nn: nn.TransformerEncoderLayer(E, 2, 16, dropout=0.0), [(L, N, E)], None, True),
    "encoder_layer_norm_first_gelu_batch_first": (
        lambda nn: nn.TransformerEncoderLayer(E, 2, 16, norm_first=True, activation="gelu", batch_first=True),
        [(N, L, E)], None, False),
    "encoder_stack_with_norm": (
        lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(E, 4, 16, dropout=0.0), 2, nn.LayerNorm(E)),
        [(L, N, E)], None, True),
    "encoder_masks": (lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(E, 2, 16), 2),
                      [(L, N, E), CAUSAL, PADDING], lambda m, x, mask, pad: m(x, mask=mask, src_key_padding_mask=pad),
                      False),
    "decoder_layer_train": (lambda nn: nn.TransformerDecoderLayer(E, 2, 16, dropout=0.0), [(L, N, E), (S, N, E)],
                            None, True),
    "decoder_stack_norm_first_causal": (
        lambda nn: nn.TransformerDecoder(nn.TransformerDecoderLayer(E, 2, 16, norm_first=True), 2, nn.LayerNorm(E)),
        [(L, N, E), (S, N, E), CAUSAL], lambda m, t, mem, mask: m(t, mem, tgt_mask=mask), False),
    "transformer_train": (lambda nn: nn.Transformer(E, 2, 2, 2, 16, dropout=0.0), [(S, N, E), (L, N, E), CAUSAL],
                          lambda m, s, t, mask: m(s, t, tgt_mask=mask), True),
    "transformer_batch_first": (lambda nn: nn.Transformer(E, 2, 1, 1, 16, batch_first=True), [(N, S, E), (N, L, E)],
                                None, False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_transformer_layers_match_torch(name):
    build, specs, call, train = CASES[name]
    inputs = [RNG.standard_normal(s) if isinstance(s, tuple) else s for s in specs]
    call = call or (lambda m, *xs: m(*xs))
    theirs = build(torch.nn).double()
    ours = build(minitorch.nn).double()
    ours.load_state_dict({k: minitorch.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    (m_repr, m_out, m_grads, m_params), (t_repr, t_out, t_grads, t_params) = (
        _run(minitorch, ours, inputs, call, train), _run(torch, theirs, inputs, call, train))
    assert m_repr == t_repr and list(m_params) == list(t_params)
    np.testing.assert_allclose(m_out, t_out, rtol=1e-9, atol=1e-10)
    for mine, other in zip(m_grads + list(m_params.values()), t_grads + list(t_params.values())):
        np.testing.assert_allclose(mine, other, rtol=1e-8, atol=1e-10)


def test_square_subsequent_mask_as_torch():
    for size in (1, 4):
        np.testing.assert_array_equal(minitorch.nn.Transformer.generate_square_subsequent_mask(size).numpy(),
                                      torch.nn.Transformer.generate_square_subsequent_mask(size).numpy())


def test_transformer_shape_errors_as_torch():
    for call in (lambda lib: lib.nn.Transformer(E, 2, 1, 1, 16)(lib.ones(S, N, E), lib.ones(L, N + 1, E)),
                 lambda lib: lib.nn.Transformer(E, 2, 1, 1, 16)(lib.ones(S, N, E), lib.ones(L, N, E + 1)),
                 lambda lib: lib.nn.TransformerEncoderLayer(E, 2, activation="tanh")):
        messages = []
        for lib in (minitorch, torch):
            with pytest.raises(RuntimeError) as e:
                call(lib)
            messages.append(str(e.value))
        assert messages[0] == messages[1]
