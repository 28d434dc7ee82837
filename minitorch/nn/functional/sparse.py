"""``F.embedding``: a lookup table, ``weight[input]``, as one graph node.

Each index in ``input`` picks a row of ``weight`` (num_embeddings, embedding_dim), so the output
has shape ``input.shape + (embedding_dim,)``. Backward adds each output row's gradient into the
row it came from; an index used k times collects k gradients. ``padding_idx`` marks a row that
gets no gradient (a "blank" token whose vector stays put), ``scale_grad_by_freq`` divides each
row's gradient by how often its index occurs in the batch, and ``max_norm`` rescales, in place
and before the lookup, every looked-up row whose norm exceeds it (as torch does).
"""
import numpy as np

from ...autograd.function import ArrayFunction

__all__ = ["embedding"]

_ADD_AT_MAX = 256  # below this many indices np.add.at is the cheaper way to sum rows


class Embedding(ArrayFunction):
    backward_name = "EmbeddingBackward0"

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.indices, ctx.num_rows = indices, weight.shape[0]
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        return np.take(weight, indices, axis=0)

    @staticmethod
    def backward(ctx, g):
        idx = ctx.indices.reshape(-1)
        rows = g.reshape(idx.size, g.shape[-1])
        if ctx.scale_grad_by_freq:
            counts = np.bincount(idx, minlength=ctx.num_rows)
            rows = rows / counts[idx, None].astype(rows.dtype)
        grad = sum_rows_by_index(rows, idx, ctx.num_rows)
        if ctx.padding_idx is not None:
            grad[ctx.padding_idx] = 0
        return grad, None, None, None


def sum_rows_by_index(rows, idx, num_rows):
    """``out[i] = sum of rows[k] over the k with idx[k] == i``, an (num_rows, D) array.

    np.add.at does this directly but slowly for many rows; sorting the indices makes each
    index's rows contiguous, and one ``np.add.reduceat`` then sums every run at once."""
    out = np.zeros((num_rows, rows.shape[1]), dtype=rows.dtype)
    if idx.size <= _ADD_AT_MAX:
        np.add.at(out, idx, rows)
        return out
    order = np.argsort(idx, kind="stable")
    sorted_idx = idx[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_idx[1:] != sorted_idx[:-1])))
    out[sorted_idx[starts]] = np.add.reduceat(rows[order], starts, axis=0)
    return out


def _check_padding_idx(padding_idx, num_embeddings):
    """A negative padding_idx counts from the end, as torch's; AssertionError when out of range."""
    if padding_idx is None:
        return None
    if padding_idx > 0:
        assert padding_idx < num_embeddings, "Padding_idx must be within num_embeddings"
    elif padding_idx < 0:
        assert padding_idx >= -num_embeddings, "Padding_idx must be within num_embeddings"
        padding_idx = num_embeddings + padding_idx
    return padding_idx


def _renorm_rows(weight, idx, max_norm, norm_type):
    """Scale, in place, each row of weight picked by idx whose norm exceeds max_norm down to it
    (torch's ``embedding_renorm_``: scale = max_norm / (norm + 1e-7)). Not recorded by autograd."""
    w = weight._data
    rows = np.unique(idx)
    norms = np.linalg.norm(w[rows].astype(np.float64), ord=norm_type, axis=1)
    big = norms > max_norm
    if np.any(big):
        scale = (max_norm / (norms[big] + 1e-7)).astype(w.dtype)
        w[rows[big]] *= scale[:, None]
        weight._vc[0] += 1


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` picked by the integer tensor ``input``: shape ``input.shape + (D,)``.

    ``sparse=True`` is accepted, but the gradient is dense (minitorch has no sparse tensors); its
    values are the same."""
    idx = input._data
    if idx.dtype not in (np.int64, np.int32):
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar "
                           f"types: Long, Int; but got {input.type()} instead (while checking arguments for "
                           f"embedding)")
    if weight._data.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    num_rows = weight._data.shape[0]
    padding_idx = _check_padding_idx(padding_idx, num_rows)
    if idx.size and (idx.min() < 0 or idx.max() >= num_rows):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _renorm_rows(weight, idx, max_norm, norm_type)
    return Embedding.apply(weight, idx, padding_idx, bool(scale_grad_by_freq))
