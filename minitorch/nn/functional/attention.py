"""Attention: ``F.scaled_dot_product_attention`` and the multi-head attention that
``nn.MultiheadAttention`` runs (``multi_head_attention_forward``).

Scaled dot-product attention of queries Q (..., L, E) against keys K (..., S, E) and values
V (..., S, Ev):

    weights = softmax(Q K^T * scale + mask)      scale = 1 / sqrt(E) unless given
    output  = weights V                          (..., L, Ev)

A boolean mask says which (query, key) pairs may attend (True = allowed); a float mask is added
to the scores (-inf forbids a pair); ``is_causal`` allows a query only the keys at or before its
own position. Both are written as compositions of tensor ops, so autograd differentiates them.

Multi-head attention projects queries, keys and values with learned weights, splits the
embedding into ``num_heads`` heads of E / num_heads dims each, attends in every head
independently, joins the heads and projects the result. Its masks follow torch's conventions,
which are the *opposite* of the boolean masks above: in ``key_padding_mask`` (N, S) and a boolean
``attn_mask`` (L, S) or (N * heads, L, S), True marks the pairs that may NOT attend.
"""
import math

import numpy as np

from ... import _creation
from ...ops import shape as _shape
from .activation import softmax
from .dropout import dropout
from .linear import linear
from .padding import pad

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


def _additive(mask, dtype, forbid_true):
    """A boolean or float attention mask as the float mask added to the scores: -inf where a
    pair is forbidden (True entries when ``forbid_true``, else False ones)."""
    if mask is None or mask.is_floating_point():
        return mask
    forbidden = mask if forbid_true else mask.logical_not()
    return _creation.zeros(tuple(mask.shape), dtype=dtype).masked_fill(forbidden, float("-inf"))


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(Q K^T * scale + mask) V over the last two dims (see the module docstring)."""
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    L, S, E = query.shape[-2], key.shape[-2], query.shape[-1]
    if enable_gqa and key.shape[-3] != query.shape[-3]:  # grouped-query attention: share each key/value head
        repeats = query.shape[-3] // key.shape[-3]
        key, value = _repeat_heads(key, repeats), _repeat_heads(value, repeats)
    scale = 1.0 / math.sqrt(E) if scale is None else scale
    scores = query @ key.transpose(-2, -1) * scale
    if is_causal:
        attn_mask = _creation.tensor(np.tril(np.ones((L, S), dtype=bool)))
    mask = _additive(attn_mask, query.dtype, forbid_true=False)
    if mask is not None:
        scores = scores + mask
    weights = softmax(scores, dim=-1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return weights @ value


def _repeat_heads(t, repeats):
    """(..., H, S, E) -> (..., H * repeats, S, E), each head repeated ``repeats`` times in place."""
    *lead, heads, length, dim = t.shape
    grown = t.unsqueeze(-3).expand(*lead, heads, repeats, length, dim)
    return grown.reshape(*lead, heads * repeats, length, dim)


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """Multi-head attention on (L, N, E) queries and (S, N, Ek) / (S, N, Ev) keys and values, or their
    unbatched (L, E) forms: ``(output (L, N, E), weights (N, L, S), averaged over the heads unless
    ``average_attn_weights=False``: (N, heads, L, S)) or None)``."""
    if static_k is not None or static_v is not None:
        raise NotImplementedError("minitorch: multi_head_attention_forward(static_k=..., static_v=...) is not "
                                  "implemented")
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    batched = query.dim() == 3
    if not batched:  # a batch of one
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads

    # projections
    if use_separate_proj_weight:
        b_q, b_k, b_v = (None, None, None) if in_proj_bias is None else in_proj_bias.chunk(3)
        q = linear(query, q_proj_weight, b_q)
        k = linear(key, k_proj_weight, b_k)
        v = linear(value, v_proj_weight, b_v)
    else:
        w_q, w_k, w_v = in_proj_weight.chunk(3)
        b_q, b_k, b_v = (None, None, None) if in_proj_bias is None else in_proj_bias.chunk(3)
        q, k, v = linear(query, w_q, b_q), linear(key, w_k, b_k), linear(value, w_v, b_v)

    attn_mask = _additive(attn_mask, q.dtype, forbid_true=True)
    key_padding_mask = _additive(key_padding_mask, q.dtype, forbid_true=True)
    if attn_mask is not None and attn_mask.dim() == 2:
        attn_mask = attn_mask.unsqueeze(0)
    if bias_k is not None:  # one learned key/value appended to every sequence
        k = _shape.cat([k, bias_k.repeat(1, bsz, 1)])
        v = _shape.cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask = None if attn_mask is None else _pad_last(attn_mask)
        key_padding_mask = None if key_padding_mask is None else _pad_last(key_padding_mask)

    # (L, N, E) -> (N * heads, L, head_dim)
    q = q.view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = k.view(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    v = v.view(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    if add_zero_attn:  # one all-zero key/value appended
        k = _shape.cat([k, _creation.zeros((bsz * num_heads, 1, head_dim), dtype=k.dtype)], dim=1)
        v = _shape.cat([v, _creation.zeros((bsz * num_heads, 1, head_dim), dtype=v.dtype)], dim=1)
        attn_mask = None if attn_mask is None else _pad_last(attn_mask)
        key_padding_mask = None if key_padding_mask is None else _pad_last(key_padding_mask)
    src_len = k.shape[1]

    if key_padding_mask is not None:  # (N, S) -> (N * heads, 1, S), merged into attn_mask
        key_padding_mask = key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1)
        key_padding_mask = key_padding_mask.reshape(bsz * num_heads, 1, src_len)
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask
    if not training:
        dropout_p = 0.0

    scores = (q * (1.0 / math.sqrt(head_dim))) @ k.transpose(-2, -1)
    if attn_mask is not None:
        scores = attn_mask + scores
    weights = softmax(scores, dim=-1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    out = (weights @ v).transpose(0, 1).contiguous().view(tgt_len * bsz, embed_dim)
    out = linear(out, out_proj_weight, out_proj_bias).view(tgt_len, bsz, embed_dim)
    if not batched:
        out = out.squeeze(1)
    if not need_weights:
        return out, None
    weights = weights.view(bsz, num_heads, tgt_len, src_len)
    if average_attn_weights:
        weights = weights.mean(dim=1)
    return out, (weights if batched else weights.squeeze(0))


def _pad_last(mask):
    """A float mask with one more (zero: allowed) column at the end of its last dim."""
    return pad(mask, (0, 1))
