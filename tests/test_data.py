"""Tests for minitorch.utils.data, against torch.utils.data run on the same data.

* default_collate / default_convert: the same structure (container types, namedtuples, dict kinds),
  tensor dtypes, shapes and values as torch's, and torch's errors;
* DataLoader without shuffling: the same batches as torch's (map-style, iterable, batch_size=None,
  drop_last, batch_sampler, custom collate_fn), len(loader), attributes, argument errors;
* samplers and random_split: torch's lengths and errors; random orders are permutations and are
  reproducible with a seeded Generator (streams differ from torch's, so orders are not compared);
* datasets: TensorDataset, Subset, ConcatDataset (+), StackDataset, ChainDataset;
* worker processes (few and small): the same batches as num_workers=0, in order; seeds and
  get_worker_info; errors re-raised with the worker's traceback; a dead worker is reported;
  persistent workers; a script guarded by ``if __name__ == '__main__'`` (fork and spawn).
"""
import collections
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch
import torch.utils.data as tud

import minitorch
import minitorch.utils.data as mud

Point = collections.namedtuple("Point", ["x", "y"])


# -- helpers: compare nested batches from both libraries --------------------------------------------------
def dname(dtype):
    return str(dtype).split(".")[-1]


def describe(obj):
    """A library-neutral picture of a (nested) batch: containers keep their type, tensors become
    ('tensor', dtype name, shape, values)."""
    if isinstance(obj, (torch.Tensor, minitorch.Tensor)):
        return ("tensor", dname(obj.dtype), tuple(obj.shape), np.asarray(obj.tolist()).tolist())
    if isinstance(obj, np.ndarray):
        return ("ndarray", str(obj.dtype), obj.tolist())
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return (type(obj).__name__, tuple(describe(v) for v in obj))
    if isinstance(obj, collections.abc.Mapping):
        return (type(obj).__name__, tuple((k, describe(v)) for k, v in obj.items()))
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [describe(v) for v in obj])
    return (type(obj).__name__, obj)


def assert_same(ours, theirs):
    assert describe(ours) == describe(theirs)


def raises_like_torch(ours_fn, torch_fn):
    """Both calls raise the same exception type with the same message."""
    with pytest.raises(Exception) as theirs:
        torch_fn()
    with pytest.raises(theirs.type) as ours:
        ours_fn()
    assert str(ours.value) == str(theirs.value)


# -- default_collate ------------------------------------------------------------------------------------
def samples(kind, lib):
    """Sample lists for collation; tensors are made with ``lib``, everything else is shared."""
    t = lambda v, **kw: lib.tensor(v, **kw)  # noqa: E731
    return {
        "tensors": [t([[1.0, 2.0], [3.0, 4.0]]), t([[5.0, 6.0], [7.0, 8.0]])],
        "int_tensors_0d": [t(1), t(2), t(3)],
        "float64_tensors": [t([1.5], dtype=lib.float64), t([2.5], dtype=lib.float64)],
        "ndarrays": [np.arange(3, dtype=np.float32), np.arange(3, 6, dtype=np.float32)],
        "ndarrays_int32_2d": [np.ones((2, 2), np.int32), np.zeros((2, 2), np.int32)],
        "ndarrays_0d": [np.array(1.5), np.array(2.5)],
        "np_float32_scalars": [np.float32(1.5), np.float32(2.5)],
        "np_float64_scalars": [np.float64(1.5), np.float64(-2.0)],
        "np_int16_scalars": [np.int16(3), np.int16(4)],
        "np_bool_scalars": [np.bool_(True), np.bool_(False)],
        "ints": [1, 2, 3],
        "floats": [0.5, 1.5],
        "bools": [True, False, True],
        "strings": ["a", "bc"],
        "bytes": [b"a", b"b"],
        "tuples": [(t([1.0, 2.0]), 0), (t([3.0, 4.0]), 1), (t([5.0, 6.0]), 2)],
        "lists": [[1, 2.0, "a"], [3, 4.0, "b"]],
        "dicts": [{"x": t([1.0]), "y": 1, "name": "a"}, {"x": t([2.0]), "y": 2, "name": "b"}],
        "ordered_dicts": [collections.OrderedDict(a=1, b=2.0), collections.OrderedDict(a=3, b=4.0)],
        "namedtuples": [Point(1, t([1.0])), Point(2, t([2.0]))],
        "nested": [({"a": (1, 2.0)}, [np.float32(1), "s"]), ({"a": (3, 4.0)}, [np.float32(2), "t"])],
    }[kind]


COLLATE_KINDS = ["tensors", "int_tensors_0d", "float64_tensors", "ndarrays", "ndarrays_int32_2d", "ndarrays_0d",
                 "np_float32_scalars", "np_float64_scalars", "np_int16_scalars", "np_bool_scalars", "ints",
                 "floats", "bools", "strings", "bytes", "tuples", "lists", "dicts", "ordered_dicts",
                 "namedtuples", "nested"]


@pytest.mark.parametrize("kind", COLLATE_KINDS)
def test_default_collate_matches_torch(kind):
    assert_same(mud.default_collate(samples(kind, minitorch)), tud.default_collate(samples(kind, torch)))


@pytest.mark.parametrize("kind", COLLATE_KINDS)
def test_default_convert_matches_torch(kind):
    for ours, theirs in zip(samples(kind, minitorch), samples(kind, torch)):
        assert_same(mud.default_convert(ours), tud.default_convert(theirs))


def test_default_convert_leaves_string_arrays_and_shares_numpy_memory():
    arr = np.array(["a", "b"])
    assert mud.default_convert(arr) is arr
    floats = np.zeros(3)
    t = mud.default_convert(floats)
    floats[0] = 7.0
    assert isinstance(t, minitorch.Tensor) and t[0].item() == 7.0


@pytest.mark.parametrize("bad", [
    lambda lib: [lib.tensor([1.0, 2.0]), lib.tensor([1.0])],  # unequal tensor shapes
    lambda lib: [[1, 2], [3]],  # unequal sequence lengths
    lambda lib: [object(), object()],  # unsupported type
    lambda lib: [np.array(["a"]), np.array(["b"])],  # string arrays
])
def test_default_collate_errors_match_torch(bad):
    if bad(torch)[0].__class__ is object:  # the same object class in both, so the same message
        batch = bad(torch)
        raises_like_torch(lambda: mud.default_collate(batch), lambda: tud.default_collate(batch))
        return
    raises_like_torch(lambda: mud.default_collate(bad(minitorch)), lambda: tud.default_collate(bad(torch)))


def test_collated_tensors_keep_autograd_history():
    w = minitorch.tensor([1.0, 2.0], requires_grad=True)
    batch = mud.default_collate([w * 2, w * 3])
    batch.sum().backward()
    assert w.grad.tolist() == [5.0, 5.0]


# -- DataLoader: same batches as torch -------------------------------------------------------------------
class PairDataset:
    """Not a Dataset subclass: anything with __getitem__ and __len__ serves."""

    def __init__(self, lib, n=7):
        self.x = lib.arange(2 * n, dtype=lib.float32).reshape(n, 2)
        self.n = n

    def __getitem__(self, i):
        return self.x[i], i % 3

    def __len__(self):
        return self.n


class DictDataset(mud.Dataset):
    def __getitem__(self, i):
        return {"idx": i, "sq": float(i * i), "tag": f"s{i}"}

    def __len__(self):
        return 5


def datasets(lib):
    x = lib.arange(20, dtype=lib.float32).reshape(10, 2)
    y = lib.arange(10)
    data = tud if lib is torch else mud
    return {
        "tensor_dataset": data.TensorDataset(x, y),
        "plain_object": PairDataset(lib),
        "list_of_tuples": [(float(i), i) for i in range(6)],
        "range": range(9),
        "ndarray": np.arange(12, dtype=np.int32).reshape(6, 2),
        "dicts": DictDataset(),
    }


@pytest.mark.parametrize("name", ["tensor_dataset", "plain_object", "list_of_tuples", "range", "ndarray", "dicts"])
@pytest.mark.parametrize("batch_size,drop_last", [(1, False), (3, False), (3, True), (4, True), (None, False),
                                                  (100, False)])
def test_sequential_batches_match_torch(name, batch_size, drop_last):
    ours = mud.DataLoader(datasets(minitorch)[name], batch_size=batch_size, drop_last=drop_last)
    theirs = tud.DataLoader(datasets(torch)[name], batch_size=batch_size, drop_last=drop_last)
    assert len(ours) == len(theirs)
    ours_batches, theirs_batches = list(ours), list(theirs)
    assert len(ours_batches) == len(theirs_batches)
    for a, b in zip(ours_batches, theirs_batches):
        assert_same(a, b)


def test_loader_attributes_match_torch():
    ds = datasets(minitorch)["tensor_dataset"]
    loader = mud.DataLoader(ds, batch_size=4, drop_last=True)
    assert loader.dataset is ds and loader.batch_size == 4 and loader.drop_last
    assert isinstance(loader.sampler, mud.SequentialSampler)
    assert isinstance(loader.batch_sampler, mud.BatchSampler)
    assert loader.collate_fn is mud.default_collate
    assert isinstance(mud.DataLoader(ds, shuffle=True).sampler, mud.RandomSampler)
    unbatched = mud.DataLoader(ds, batch_size=None)
    assert unbatched.batch_sampler is None and unbatched.collate_fn is mud.default_convert
    it = iter(loader)
    assert len(it) == 2 and iter(it) is it
    raises_like_torch(lambda: setattr(loader, "batch_size", 3),
                      lambda: setattr(tud.DataLoader(range(3)), "batch_size", 3))
    loader.num_workers = 0  # not frozen, as in torch


def test_batch_sampler_and_collate_fn_match_torch():
    batches = [[0, 4], [1, 2, 3], [5]]
    ours = list(mud.DataLoader(datasets(minitorch)["tensor_dataset"], batch_sampler=batches))
    theirs = list(tud.DataLoader(datasets(torch)["tensor_dataset"], batch_sampler=batches))
    for a, b in zip(ours, theirs):
        assert_same(a, b)
    # a custom collate_fn receives the list of samples
    assert list(mud.DataLoader(range(5), batch_size=2, collate_fn=lambda b: b)) == [[0, 1], [2, 3], [4]]
    # a custom sampler (any iterable of indices)
    ours = list(mud.DataLoader(range(10), batch_size=2, sampler=[9, 0, 5]))
    theirs = list(tud.DataLoader(range(10), batch_size=2, sampler=[9, 0, 5]))
    assert [b.tolist() for b in ours] == [b.tolist() for b in theirs]


class Stream(mud.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        info = mud.get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))  # split the stream between workers

    def __len__(self):
        return self.n


class TorchStream(tud.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        return self.n


@pytest.mark.parametrize("batch_size,drop_last", [(None, False), (1, False), (3, False), (3, True)])
def test_iterable_dataset_batches_match_torch(batch_size, drop_last):
    ours = mud.DataLoader(Stream(8), batch_size=batch_size, drop_last=drop_last)
    theirs = tud.DataLoader(TorchStream(8), batch_size=batch_size, drop_last=drop_last)
    assert len(ours) == len(theirs)
    for a, b in zip(list(ours), list(theirs), strict=True):
        assert_same(a, b)


def test_chain_and_add_of_iterable_datasets():
    chained = Stream(2) + Stream(3)
    assert isinstance(chained, mud.ChainDataset)
    assert list(chained) == [0, 1, 0, 1, 2] and len(chained) == 5


def _torch_and_ours(kwargs_for):
    """(ours, theirs) constructor thunks for DataLoader errors; kwargs_for(lib) gives the arguments."""
    return (lambda: mud.DataLoader(**kwargs_for(minitorch)), lambda: tud.DataLoader(**kwargs_for(torch)))


@pytest.mark.parametrize("kwargs_for", [
    lambda lib: dict(dataset=range(4), sampler=[0, 1], shuffle=True),
    lambda lib: dict(dataset=range(4), batch_sampler=[[0]], batch_size=2),
    lambda lib: dict(dataset=range(4), batch_sampler=[[0]], shuffle=True),
    lambda lib: dict(dataset=range(4), batch_sampler=[[0]], drop_last=True),
    lambda lib: dict(dataset=range(4), batch_sampler=[[0]], sampler=[0]),
    lambda lib: dict(dataset=range(4), batch_size=None, drop_last=True),
    lambda lib: dict(dataset=range(4), num_workers=-1),
    lambda lib: dict(dataset=range(4), timeout=-1),
    lambda lib: dict(dataset=range(4), prefetch_factor=2),
    lambda lib: dict(dataset=range(4), num_workers=1, prefetch_factor=-1),
    lambda lib: dict(dataset=range(4), persistent_workers=True),
    lambda lib: dict(dataset=range(4), multiprocessing_context="fork"),
    lambda lib: dict(dataset=range(4), num_workers=1, multiprocessing_context="nope"),
    lambda lib: dict(dataset=range(4), num_workers=1, multiprocessing_context=3),
    lambda lib: dict(dataset=range(4), batch_size=0),
    lambda lib: dict(dataset=range(4), batch_size=2, drop_last="yes"),
    lambda lib: dict(dataset=(Stream if lib is minitorch else TorchStream)(3), shuffle=True),
    lambda lib: dict(dataset=(Stream if lib is minitorch else TorchStream)(3), sampler=[0]),
    lambda lib: dict(dataset=(Stream if lib is minitorch else TorchStream)(3), batch_sampler=[[0]]),
])
def test_loader_argument_errors_match_torch(kwargs_for):
    raises_like_torch(*_torch_and_ours(kwargs_for))


def test_timeout_without_workers_fails_on_iteration_like_torch():
    raises_like_torch(lambda: iter(mud.DataLoader(range(3), timeout=1)),
                      lambda: iter(tud.DataLoader(range(3), timeout=1)))


def test_pin_memory_warns_like_torch():
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        list(tud.DataLoader(range(2), pin_memory=True))
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        assert [b.tolist() for b in mud.DataLoader(range(2), pin_memory=True)] == [[0], [1]]
    assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]


def test_shuffle_gives_a_permutation_each_epoch_and_follows_the_generator():
    loader = mud.DataLoader(range(50), batch_size=8, shuffle=True)
    epochs = [[i for b in loader for i in b.tolist()] for _ in range(3)]
    assert all(sorted(e) == list(range(50)) for e in epochs)
    assert epochs[0] != epochs[1] or epochs[1] != epochs[2]
    runs = []
    for _ in range(2):
        g = minitorch.Generator().manual_seed(3)
        runs.append([b.tolist() for b in mud.DataLoader(range(20), batch_size=4, shuffle=True, generator=g)])
    assert runs[0] == runs[1]
    minitorch.manual_seed(5)
    first = [b.tolist() for b in mud.DataLoader(range(20), batch_size=4, shuffle=True)]
    minitorch.manual_seed(5)
    assert [b.tolist() for b in mud.DataLoader(range(20), batch_size=4, shuffle=True)] == first


def test_training_loop_over_a_loader():
    """A course-style loop: a linear model fitted through a shuffled DataLoader over a TensorDataset."""
    minitorch.manual_seed(0)
    x = minitorch.randn(64, 3)
    y = x @ minitorch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
    w = minitorch.zeros(3, 1, requires_grad=True)
    b = minitorch.zeros(1, requires_grad=True)
    loader = mud.DataLoader(mud.TensorDataset(x, y), batch_size=16, shuffle=True)
    for _ in range(60):
        for xb, yb in loader:
            loss = ((xb @ w + b - yb) ** 2).mean()
            w.grad = b.grad = None
            loss.backward()
            with minitorch.no_grad():
                w -= 0.1 * w.grad
                b -= 0.1 * b.grad
    np.testing.assert_allclose(w.detach().numpy().ravel(), [1.0, -2.0, 0.5], atol=1e-3)
    np.testing.assert_allclose(b.item(), 0.3, atol=1e-3)


# -- samplers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("n,batch_size,drop_last", [(10, 3, False), (10, 3, True), (9, 3, True), (2, 5, False),
                                                    (0, 2, False)])
def test_batch_sampler_matches_torch(n, batch_size, drop_last):
    ours = mud.BatchSampler(mud.SequentialSampler(range(n)), batch_size, drop_last)
    theirs = tud.BatchSampler(tud.SequentialSampler(range(n)), batch_size, drop_last)
    assert list(ours) == list(theirs) and len(ours) == len(theirs)


@pytest.mark.parametrize("make", [
    lambda data: data.BatchSampler(range(3), 0, False),
    lambda data: data.BatchSampler(range(3), True, False),
    lambda data: data.BatchSampler(range(3), 2.0, False),
    lambda data: data.BatchSampler(range(3), 2, 1),
    lambda data: data.RandomSampler(range(3), replacement=1),
    lambda data: data.RandomSampler(range(3), num_samples=0),
    lambda data: data.RandomSampler(range(3), num_samples=1.5),
    lambda data: data.RandomSampler([]),
    lambda data: data.WeightedRandomSampler([1.0, 2.0], 0),
    lambda data: data.WeightedRandomSampler([1.0, 2.0], 2, replacement=0),
    lambda data: data.WeightedRandomSampler([[1.0, 2.0]], 2),
    lambda data: list(data.WeightedRandomSampler([1.0, 1.0], 3, replacement=False)),
    lambda data: list(data.WeightedRandomSampler([1.0, -1.0], 2)),
    lambda data: list(data.WeightedRandomSampler([float("inf"), -1.0], 2)),
    lambda data: list(data.WeightedRandomSampler([float("nan"), 1.0], 2)),
    lambda data: list(data.WeightedRandomSampler([0.0, 0.0], 2)),
    lambda data: list(data.WeightedRandomSampler([0.0, 0.0], 2, replacement=False)),
])
def test_sampler_errors_match_torch(make):
    raises_like_torch(lambda: make(mud), lambda: make(tud))


def test_random_sampler_permutations_and_replacement():
    data = list(range(7))
    assert sorted(mud.RandomSampler(data)) == data and len(mud.RandomSampler(data)) == 7
    # more samples than items without replacement: whole permutations, then part of one (as torch)
    drawn = list(mud.RandomSampler(data, num_samples=17))
    assert len(drawn) == 17 and sorted(drawn[:7]) == data and sorted(drawn[7:14]) == data
    assert len(set(drawn[14:])) == 3
    with_repl = list(mud.RandomSampler(data, replacement=True, num_samples=100))
    assert len(with_repl) == 100 and set(with_repl) <= set(data) and len(set(with_repl)) > 1
    g1, g2 = minitorch.Generator().manual_seed(1), minitorch.Generator().manual_seed(1)
    assert list(mud.RandomSampler(data, generator=g1)) == list(mud.RandomSampler(data, generator=g2))
    # the length follows the data source (read at use)
    grow = [1, 2]
    sampler = mud.RandomSampler(grow)
    grow.append(3)
    assert len(sampler) == 3 == len(list(sampler))


def test_subset_random_and_weighted_samplers():
    indices = [10, 20, 30, 40]
    drawn = list(mud.SubsetRandomSampler(indices))
    assert sorted(drawn) == indices and len(mud.SubsetRandomSampler(indices)) == 4
    weighted = mud.WeightedRandomSampler([0.0, 1.0, 3.0, 0.0], 200)
    draws = list(weighted)
    assert len(weighted) == 200 and set(draws) == {1, 2} and draws.count(2) > draws.count(1)
    without = list(mud.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 6, replacement=False))
    assert sorted(without) == list(range(6))
    # without replacement, heavy indices come first far more often than light ones
    firsts = [next(iter(mud.WeightedRandomSampler([1.0, 20.0, 0.0], 2, replacement=False))) for _ in range(50)]
    assert firsts.count(1) > 40
    # zero-weight indices only once the others are used up (as torch: [1., 0.] without replacement -> [0, 1])
    assert list(mud.WeightedRandomSampler([1.0, 0.0], 2, replacement=False)) == \
        torch.multinomial(torch.tensor([1.0, 0.0]), 2).tolist()
    assert mud.WeightedRandomSampler([1, 2], 3).weights.dtype == minitorch.float64


def test_sequential_sampler_matches_torch():
    assert list(mud.SequentialSampler(range(4))) == list(tud.SequentialSampler(range(4)))
    assert len(mud.SequentialSampler("abc")) == 3


# -- random_split -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("n,lengths", [
    (10, [3, 7]), (10, [10, 0]), (30, [0.3, 0.3, 0.4]), (11, [0.5, 0.5]), (7, [0.1, 0.2, 0.7]),
    (10, [0.33, 0.33, 0.34]), (5, [0.2, 0.2, 0.2, 0.2, 0.2]), (4, [1.0]), (3, [0.25, 0.25, 0.25, 0.25]),
])
def test_random_split_lengths_match_torch_and_partition(n, lengths):
    with warnings.catch_warnings(record=True) as theirs_warn:
        warnings.simplefilter("always")
        theirs = tud.random_split(range(n), lengths, generator=torch.Generator().manual_seed(0))
    with warnings.catch_warnings(record=True) as ours_warn:
        warnings.simplefilter("always")
        ours = mud.random_split(range(n), lengths, generator=minitorch.Generator().manual_seed(0))
    assert [len(s) for s in ours] == [len(s) for s in theirs]
    assert [str(w.message) for w in ours_warn] == [str(w.message) for w in theirs_warn]
    assert all(isinstance(s, mud.Subset) for s in ours)
    items = [x for s in ours for x in s]
    assert sorted(items) == list(range(n))


def test_random_split_follows_the_generator():
    split = lambda seed: [list(s) for s in mud.random_split(range(20), [5, 15],  # noqa: E731
                                                             generator=minitorch.Generator().manual_seed(seed))]
    assert split(4) == split(4) and split(4) != split(5)
    minitorch.manual_seed(2)
    a = [list(s) for s in mud.random_split(range(20), [0.5, 0.5])]
    minitorch.manual_seed(2)
    assert [list(s) for s in mud.random_split(range(20), [0.5, 0.5])] == a


@pytest.mark.parametrize("lengths", [[3, 3], [0.5, 0.6], [1.5, -0.5], [11]])
def test_random_split_errors_match_torch(lengths):
    raises_like_torch(lambda: mud.random_split(range(10), lengths), lambda: tud.random_split(range(10), lengths))


# -- datasets ---------------------------------------------------------------------------------------------
def test_tensor_dataset_matches_torch():
    ours = mud.TensorDataset(minitorch.arange(6).reshape(3, 2), minitorch.tensor([1.0, 2.0, 3.0]))
    theirs = tud.TensorDataset(torch.arange(6).reshape(3, 2), torch.tensor([1.0, 2.0, 3.0]))
    assert len(ours) == len(theirs) == 3
    for i in (0, 2, -1, slice(0, 2)):
        assert_same(ours[i], theirs[i])
    raises_like_torch(lambda: mud.TensorDataset(minitorch.zeros(3), minitorch.zeros(4)),
                      lambda: tud.TensorDataset(torch.zeros(3), torch.zeros(4)))


def test_concat_dataset_matches_torch():
    parts = [[0, 1, 2], [10], [20, 21]]
    ours, theirs = mud.ConcatDataset(parts), tud.ConcatDataset(parts)
    assert ours.cumulative_sizes == theirs.cumulative_sizes and len(ours) == len(theirs) == 6
    assert [ours[i] for i in range(-6, 6)] == [theirs[i] for i in range(-6, 6)]
    raises_like_torch(lambda: ours[-7], lambda: theirs[-7])
    raises_like_torch(lambda: ours[6], lambda: theirs[6])
    raises_like_torch(lambda: mud.ConcatDataset([]), lambda: tud.ConcatDataset([]))
    raises_like_torch(lambda: mud.ConcatDataset([Stream(2)]), lambda: tud.ConcatDataset([TorchStream(2)]))


def test_dataset_add_and_base_class():
    class Squares(mud.Dataset):
        def __init__(self, n):
            self.n = n

        def __getitem__(self, i):
            return i * i

        def __len__(self):
            return self.n

    both = Squares(3) + Squares(2)
    assert isinstance(both, mud.ConcatDataset) and [both[i] for i in range(5)] == [0, 1, 4, 0, 1]
    raises_like_torch(lambda: mud.Dataset()[0], lambda: tud.Dataset()[0])
    assert mud.Dataset[int] is not None  # annotations such as Dataset[int] work, as in torch


def test_subset_and_stack_dataset():
    base = [10, 11, 12, 13, 14]
    sub = mud.Subset(base, [4, 0, 2])
    assert len(sub) == 3 and [sub[i] for i in range(3)] == [14, 10, 12] and sub.__getitems__([2, 0]) == [12, 14]
    assert [b.tolist() for b in mud.DataLoader(sub, batch_size=2)] == [[14, 10], [12]]
    nested = mud.Subset(mud.Subset(base, [4, 3, 2]), [2, 0])
    assert nested.__getitems__([0, 1]) == [12, 14]
    stacked = mud.StackDataset(base, [1, 2, 3, 4, 5])
    assert stacked[1] == (11, 2) and len(stacked) == 5
    assert mud.StackDataset(a=base, b=base)[0] == {"a": 10, "b": 10}
    raises_like_torch(lambda: mud.StackDataset([1], [1, 2]), lambda: tud.StackDataset([1], [1, 2]))
    raises_like_torch(lambda: mud.StackDataset(), lambda: tud.StackDataset())

    class Doubled(mud.Subset):
        def __getitem__(self, i):
            return 2 * super().__getitem__(i)

    class TorchDoubled(tud.Subset):
        def __getitem__(self, i):
            return 2 * super().__getitem__(i)

    with pytest.raises(NotImplementedError) as theirs:
        TorchDoubled(base, [0])
    with pytest.raises(NotImplementedError) as ours:
        Doubled(base, [0])
    assert str(ours.value) == str(theirs.value).replace("TorchDoubled", "Doubled")


# -- worker processes --------------------------------------------------------------------------------------
WORKER_TIMEOUT = 30  # seconds any single wait for a batch may take before the test fails (never hang)


class Labelled(mud.Dataset):
    """Sample i: (float tensor [i, i+0.5], i, the id of the process that loaded it)."""

    def __init__(self, n=13, fail_at=None, die_at=None):
        self.n, self.fail_at, self.die_at = n, fail_at, die_at

    def __getitem__(self, i):
        if i == self.fail_at:
            raise ValueError(f"sample {i} is broken")
        if i == self.die_at:
            os._exit(3)
        info = mud.get_worker_info()
        return minitorch.tensor([float(i), i + 0.5]), i, -1 if info is None else info.id

    def __len__(self):
        return self.n


def test_workers_give_the_batches_of_the_main_process_in_order():
    serial = list(mud.DataLoader(Labelled(), batch_size=3))
    loader = mud.DataLoader(Labelled(), batch_size=3, num_workers=2, timeout=WORKER_TIMEOUT)
    parallel = list(loader)
    assert len(parallel) == len(serial) == len(loader) == 5
    for (xa, ia, _), (xb, ib, wb) in zip(serial, parallel):
        assert xa.equal(xb) and ia.equal(ib) and xb.dtype == minitorch.float32
        assert set(wb.tolist()) <= {0, 1}
    assert {w for _, _, wb in parallel for w in wb.tolist()} == {0, 1}  # both workers did some
    # shuffled with a seeded generator: the same batches as without workers
    order = lambda workers: [b[1].tolist() for b in mud.DataLoader(  # noqa: E731
        Labelled(), batch_size=4, shuffle=True, num_workers=workers, timeout=WORKER_TIMEOUT if workers else 0,
        generator=minitorch.Generator().manual_seed(7))]
    assert order(2) == order(0)
    # an iterable dataset split between the workers with get_worker_info
    got = [b.tolist() for b in mud.DataLoader(Stream(9), batch_size=2, num_workers=2, timeout=WORKER_TIMEOUT)]
    assert sorted(i for b in got for i in b) == list(range(9))
    assert mud.get_worker_info() is None


def _report_seed(_):
    info = mud.get_worker_info()
    return info.id, info.num_workers, info.seed, float(minitorch.rand(1)), float(np.random.rand())


def test_worker_seeds_and_init_fn():
    loader = mud.DataLoader(range(4), batch_size=1, num_workers=2, collate_fn=_report_seed, timeout=WORKER_TIMEOUT,
                            worker_init_fn=lambda wid: np.random.seed(100 + wid))
    (id0, n0, seed0, t0, np0), (id1, n1, seed1, t1, np1) = list(loader)[:2]
    assert (id0, id1, n0, n1) == (0, 1, 2, 2) and seed1 == seed0 + 1 and t0 != t1
    assert np0 == np.random.RandomState(100).rand() and np1 == np.random.RandomState(101).rand()


def test_worker_error_is_reraised_with_the_workers_traceback():
    loader = mud.DataLoader(Labelled(fail_at=7), batch_size=2, num_workers=2, timeout=WORKER_TIMEOUT)
    with pytest.raises(ValueError) as err:
        list(loader)
    text = str(err.value)
    assert text.startswith("Caught ValueError in DataLoader worker process 1.\nOriginal Traceback")
    assert "sample 7 is broken" in text and "in __getitem__" in text and "test_data.py" in text


def test_dead_worker_is_reported_not_waited_for():
    loader = mud.DataLoader(Labelled(die_at=4), batch_size=2, num_workers=2, timeout=WORKER_TIMEOUT)
    with pytest.raises(RuntimeError, match=r"DataLoader worker \(pid\(s\) \d+\) exited unexpectedly"):
        list(loader)


def test_persistent_workers_serve_several_epochs_and_early_break_is_clean():
    loader = mud.DataLoader(Labelled(n=6), batch_size=2, num_workers=2, persistent_workers=True,
                            timeout=WORKER_TIMEOUT)
    first = iter(loader)
    next(first)  # leave the first epoch unfinished
    epochs = [[b[1].tolist() for b in loader] for _ in range(2)]
    assert epochs == [[[0, 1], [2, 3], [4, 5]]] * 2
    workers = loader._iterator._workers
    assert all(w.is_alive() for w in workers)
    loader._iterator._shutdown_workers()
    assert not any(w.is_alive() for w in workers)
    short = iter(mud.DataLoader(Labelled(), batch_size=1, num_workers=2, timeout=WORKER_TIMEOUT))
    next(short)
    procs = short._workers
    del short
    assert not any(p.is_alive() for p in procs)


SCRIPT = os.path.join(os.path.dirname(__file__), "_worker_script.py")


@pytest.mark.parametrize("start_method", ["default", "spawn"])
def test_script_with_main_guard_loads_with_workers(start_method):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, SCRIPT, start_method], capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "ok 4 batches, loss decreased"
