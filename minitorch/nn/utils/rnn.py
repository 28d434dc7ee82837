"""Variable-length sequences for the recurrent layers (``torch.nn.utils.rnn``).

A batch of sequences of different lengths is either *padded*, a ``(T, B, *)`` tensor (``(B, T, *)``
with ``batch_first``) whose rows past a sequence's length hold filler, or *packed*: a
``PackedSequence`` that keeps only the real steps, time-major, with the sequences sorted by
decreasing length:

    lengths [3, 1, 2] (sorted: [3, 2, 1])      data rows:  t=0: s0 s2 s1 | t=1: s0 s2 | t=2: s0
    batch_sizes = [3, 2, 1]                    (how many sequences are still running at each step)

``sorted_indices`` says which original sequence sits at each sorted position (``[0, 2, 1]``),
``unsorted_indices`` is its inverse. Because the running sequences are always the first
``batch_sizes[t]`` ones, an RNN over packed data just updates a shrinking prefix of its batch at
each step, and each sequence's last state stays put once it has finished.

Packing and padding are single graph nodes each: a gather of the real steps (and its scatter back
in backward), named after torch's ``PackPaddedSequenceBackward0`` and ``CopySlices``.
"""
from collections import namedtuple

import numpy as np

from ... import _dtype
from ..._tensor import Tensor
from ...autograd.function import ArrayFunction

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence",
           "pad_sequence", "unpad_sequence", "pack_sequence", "unpack_sequence"]

_UNSORTED_MESSAGE = ("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can "
                     "pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this "
                     "requirement if you do not need ONNX exportability.")


class PackedSequence(namedtuple("PackedSequence_", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """Packed steps of a batch of sequences (see the module docstring): ``data`` (sum of lengths, *),
    ``batch_sizes`` (int64, one per time step), ``sorted_indices`` / ``unsorted_indices`` (int64
    permutations, or None when the batch was already sorted). Build it with ``pack_padded_sequence``
    or ``pack_sequence`` rather than by hand."""

    __slots__ = ()

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:  # as torch: PackedSequence((data, batch_sizes))
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """``data.to(...)`` (the index tensors stay int64); self when data does not change."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def cuda(self, *args, **kwargs):
        return self.to("cuda", *args, **kwargs)

    def cpu(self, *args, **kwargs):
        return self.to("cpu", *args, **kwargs)

    def double(self):
        return self.to(dtype=_dtype.float64)

    def float(self):
        return self.to(dtype=_dtype.float32)

    def half(self):
        return self.to(dtype=_dtype.float16)

    def long(self):
        return self.to(dtype=_dtype.int64)

    def int(self):
        return self.to(dtype=_dtype.int32)

    def short(self):
        return self.to(dtype=_dtype.int16)

    def char(self):
        return self.to(dtype=_dtype.int8)

    def byte(self):
        return self.to(dtype=_dtype.uint8)

    @property
    def is_cuda(self):
        return False

    def is_pinned(self):
        return False

    def pin_memory(self):
        return self


def invert_permutation(permutation):
    """The inverse of an int64 permutation tensor (None for None): ``out[perm[i]] = i``."""
    if permutation is None:
        return None
    perm = permutation._data
    out = np.empty_like(perm)
    out[perm] = np.arange(perm.size, dtype=perm.dtype)
    return Tensor._wrap(out)


# -- the two graph nodes: gather the real steps out of a padded batch, scatter them back ----------
class _Pack(ArrayFunction):
    """``padded[index]``: the real steps of a padded batch as packed rows (index = the (time,
    batch) positions of the rows, in packed order). Backward scatters the rows back; the padding
    gets a zero gradient."""

    backward_name = "PackPaddedSequenceBackward0"

    @staticmethod
    def forward(ctx, padded, index):
        ctx.index, ctx.shape = index, padded.shape
        return padded[index]

    @staticmethod
    def backward(ctx, g):
        grad = np.zeros(ctx.shape, dtype=g.dtype)
        grad[ctx.index] = g
        return grad, None


class _Pad(ArrayFunction):
    """The inverse of ``_Pack``: packed rows written into a ``shape`` array of ``padding_value``."""

    backward_name = "CopySlices"

    @staticmethod
    def forward(ctx, data, index, shape, padding_value):
        ctx.index = index
        out = np.full(shape, padding_value, dtype=data.dtype)
        out[index] = data
        return out

    @staticmethod
    def backward(ctx, g):
        return g[ctx.index], None, None, None


class _PadUnsorted(_Pad):
    backward_name = "IndexSelectBackward0"  # torch pads in sorted order, then index_selects the batch back


class _PadBatchFirst(_Pad):
    backward_name = "TransposeBackward0"    # torch pads time-major, then transposes


def _packed_positions(batch_sizes, sorted_indices=None):
    """(time, batch) of every packed row: row k of step t is the k-th sorted sequence, which is
    the ``sorted_indices[k]``-th of the batch as given."""
    steps = np.repeat(np.arange(batch_sizes.size), batch_sizes)
    starts = np.concatenate(([0], np.cumsum(batch_sizes)[:-1]))
    rank = np.arange(steps.size) - starts[steps]
    return steps, (rank if sorted_indices is None else sorted_indices[rank])


def _lengths_array(lengths):
    """``lengths`` (a list, a tuple or a tensor) as a 1-D int64 array, with torch's check."""
    arr = np.asarray(lengths._data if isinstance(lengths, Tensor) else lengths)
    if arr.ndim != 1:
        raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {arr.ndim}D cpu Long "
                           f"tensor")
    return arr.astype(np.int64)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch ``(T, B, *)`` (``(B, T, *)`` with ``batch_first``) of sequences of the given
    ``lengths``. With ``enforce_sorted`` the lengths must decrease; otherwise the batch is sorted
    here and the permutation kept in the result so that it can be undone."""
    lengths = _lengths_array(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = np.argsort(-lengths, kind="stable")  # descending; ties keep their order, as torch's sort
        lengths = lengths[order]
        sorted_indices = Tensor._wrap(order)
    x = input._data
    if x.size == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    batch_dim = 0 if batch_first else 1
    if lengths.size != x.shape[batch_dim]:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {lengths.size} "
                           f"(batch_size={x.shape[batch_dim]})")
    if lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if np.any(lengths[1:] > lengths[:-1]):
        raise RuntimeError(_UNSORTED_MESSAGE)
    if lengths[0] > x.shape[1 - batch_dim]:
        raise RuntimeError(f"Expected the longest length to be at most the padded length {x.shape[1 - batch_dim]}, "
                           f"but got {lengths[0]}")
    batch_sizes = np.count_nonzero(np.arange(lengths[0])[:, None] < lengths[None, :], axis=1).astype(np.int64)
    steps, batch = _packed_positions(batch_sizes, None if sorted_indices is None else sorted_indices._data)
    data = _Pack.apply(input, (batch, steps) if batch_first else (steps, batch))
    return PackedSequence(data, Tensor._wrap(batch_sizes), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo ``pack_padded_sequence``: ``(padded, lengths)``, the batch in its original order, padded
    with ``padding_value`` up to the longest length (or ``total_length``)."""
    data, batch_sizes, sorted_indices, unsorted_indices = sequence
    sizes = batch_sizes._data
    max_length = sizes.size
    if total_length is not None:
        if total_length < max_length:
            raise ValueError(f"Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {max_length}")
        max_length = total_length
    batch = int(sizes[0])
    order = None if sorted_indices is None else sorted_indices._data
    steps, rows = _packed_positions(sizes, order)
    shape = (batch, max_length) if batch_first else (max_length, batch)
    node = _PadUnsorted if unsorted_indices is not None else _PadBatchFirst if batch_first else _Pad
    padded = node.apply(data, (rows, steps) if batch_first else (steps, rows), shape + data._data.shape[1:],
                        padding_value)
    lengths = np.count_nonzero(sizes[None, :] > np.arange(batch)[:, None], axis=1).astype(np.int64)
    if unsorted_indices is not None:
        lengths = lengths[unsorted_indices._data]
    return padded, Tensor._wrap(lengths)


class _PadSequence(ArrayFunction):
    """Sequences ``(L_i, *)`` written into one padded ``(T, B, *)`` or ``(B, T, *)`` array."""

    backward_name = "CopySlices"

    @staticmethod
    def forward(ctx, batch_first, padding_value, left, *seqs):
        first = seqs[0]
        longest = max(s.shape[0] for s in seqs)
        shape = (len(seqs), longest) if batch_first else (longest, len(seqs))
        out = np.full(shape + first.shape[1:], padding_value, dtype=first.dtype)
        ctx.places = []
        for i, s in enumerate(seqs):
            span = slice(longest - s.shape[0], longest) if left else slice(0, s.shape[0])
            place = (i, span) if batch_first else (span, i)
            _check_copy(out[place].shape, s.shape)
            out[place] = s
            ctx.places.append(place)
        return out

    @staticmethod
    def backward(ctx, g):
        return (None, None, None) + tuple(g[place] for place in ctx.places)


def _check_copy(dst, src):
    """torch's error when a sequence's trailing dims don't fit the first sequence's."""
    for i in range(1, min(len(dst), len(src)) + 1):
        if src[-i] != dst[-i] and src[-i] != 1:
            raise RuntimeError(f"The size of tensor a ({dst[-i]}) must match the size of tensor b ({src[-i]}) at "
                               f"non-singleton dimension {len(dst) - i}")


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences ``(L_i, *)`` into ``(T, B, *)`` (``(B, T, *)`` with ``batch_first``), T the
    longest length, filling with ``padding_value`` on the right (or the left). The result has the
    first sequence's dtype."""
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    sequences = tuple(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    return _PadSequence.apply(bool(batch_first), padding_value, padding_side == "left", *sequences)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Split a padded batch back into its sequences (a list of ``(L_i, *)`` tensors)."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [seq[:int(n)] for seq, n in zip(padded_sequences, _lengths_array(lengths))]


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of sequences ``(L_i, *)``: ``pack_padded_sequence(pad_sequence(sequences), lengths)``."""
    lengths = [s.size(0) for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The list of sequences a PackedSequence holds, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
