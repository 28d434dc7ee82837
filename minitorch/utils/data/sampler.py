"""Samplers: the order in which a DataLoader visits a map-style dataset (``torch.utils.data.sampler``).

A sampler is any iterable of indices (``BatchSampler``: of lists of indices). Random samplers draw
from minitorch's random stream, or from ``generator`` when one is given (a ``minitorch.Generator``),
so ``manual_seed`` makes shuffling reproducible; the streams are not torch's, only the behaviour.
"""
import numpy as np

from ... import _random
from ..._creation import as_tensor
from ..._dtype import float64

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
           "BatchSampler"]


def _is_positive_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class Sampler:
    """Base class: subclasses define ``__iter__`` (and ``__len__`` where the length is known)."""

    def __iter__(self):
        raise NotImplementedError

    def __class_getitem__(cls, item):  # allow annotations such as Sampler[int]
        return cls


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random order of the indices. Without replacement: a fresh permutation per pass (and, when
    ``num_samples`` exceeds the length, whole permutations back to back, the last one cut short).
    With replacement: ``num_samples`` independent uniform draws."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self):
        """``len(data_source)`` unless given (read on each use: the dataset may grow)."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n, k = len(self.data_source), self.num_samples
        rng = _random.rng(self.generator)
        if self.replacement:
            yield from rng.integers(0, n, size=k).tolist()
            return
        for _ in range(k // n):
            yield from rng.permutation(n).tolist()
        yield from rng.permutation(n)[:k % n].tolist()

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given ``indices`` in a random order (a fresh permutation each pass)."""

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in _random.rng(self.generator).permutation(len(self.indices)).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices into ``weights``, index ``i`` drawn with probability proportional to
    ``weights[i]``; without replacement an index is drawn at most once."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not _is_positive_int(num_samples):
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        weights = as_tensor(weights, dtype=float64)
        if weights.ndim != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape {tuple(weights.shape)}")
        self.weights = weights
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        w = self.weights._data
        _check_distribution(w, self.num_samples, self.replacement)
        rng = _random.rng(self.generator)
        if self.replacement:
            draws = rng.choice(w.size, size=self.num_samples, p=w / w.sum())
        else:  # each index's key w / Exp(1): the largest keys are a weighted draw without replacement
            keys = w / rng.exponential(size=w.size)
            draws = np.argsort(-keys, kind="stable")[:self.num_samples]
        yield from draws.tolist()

    def __len__(self):
        return self.num_samples


def _check_distribution(w, k, replacement):
    """torch.multinomial's checks on weights ``w`` for ``k`` draws, with its messages."""
    if not replacement and k > w.size:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    bad = np.flatnonzero(~(w >= 0) | np.isinf(w))  # negative, NaN or infinite, in index order
    if bad.size:
        first = w[bad[0]]
        reason = "= infinity or NaN" if np.isinf(first) else "< 0"
        raise RuntimeError(f"invalid multinomial distribution (encountering probability entry {reason})")
    if w.sum() <= 0:
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


class BatchSampler(Sampler):
    """Group the indices of ``sampler`` (any iterable) into lists of ``batch_size``; the last, shorter
    list is dropped when ``drop_last``."""

    def __init__(self, sampler, batch_size, drop_last):
        if not _is_positive_int(batch_size):
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        batch = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
