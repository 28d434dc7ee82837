"""DataLoader: batches from a dataset, in this process or in worker processes (``torch.utils.data``).

How a batch is made. The loader holds an *index sampler*: a ``BatchSampler`` yielding lists of
indices (``batch_size`` given), or the plain ``sampler`` yielding single indices (``batch_size=None``:
no batching). Each thing it yields is one *task*; a *fetcher* turns a task into a batch::

    map-style:      [dataset[i] for i in indices] -> collate_fn -> batch     (default_collate)
    iterable-style: the next batch_size items of iter(dataset) -> collate_fn (the task is only a count)

With ``num_workers=0`` the fetcher runs here. With ``num_workers > 0`` each worker process runs its
own fetcher on its own copy of the dataset: tasks go round-robin to the workers' queues (at most
``prefetch_factor * num_workers`` in flight), results come back on one queue tagged with the task
number, and batches are yielded in task order, so the batches are the same as with no workers.
Tensors travel as pickles of their arrays. A worker that raises sends back the exception's type
and traceback text, re-raised here as ``Caught <Error> in DataLoader worker process <k>.``; a worker
that dies is noticed within a second (RuntimeError naming its pid). Workers use the platform's
default start method (fork on Linux; with spawn, the script must guard its entry point with
``if __name__ == '__main__':`` and the dataset must be picklable, as in torch).
"""
import itertools
import multiprocessing
import os
import pickle
import queue
import random
import sys
import time
import traceback
import warnings

import numpy as np

from ... import _random
from . import _collate
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "get_worker_info", "WorkerInfo"]

_STATUS_CHECK_INTERVAL = 1.0  # seconds between checks that workers (or, in a worker, the parent) live
_WORKER_POLL_INTERVAL = 0.1  # how often an idle worker checks whether it should stop
_JOIN_TIMEOUT = 5.0  # how long shutdown waits for a worker before terminating it


# -- worker info -----------------------------------------------------------------------------------
class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker: ``id``, ``num_workers``, ``seed`` (this
    worker's seed: the loader's base seed + id) and ``dataset`` (this worker's copy). Read-only."""

    __initialized = False

    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)
        self.__keys = tuple(kwargs)
        self.__initialized = True

    def __setattr__(self, key, value):
        if self.__initialized:
            raise RuntimeError(f"Cannot assign attributes to {self.__class__.__name__} objects")
        super().__setattr__(key, value)

    def __repr__(self):
        items = ", ".join(f"{k}={getattr(self, k)}" for k in self.__keys)
        return f"{self.__class__.__name__}({items})"


_worker_info = None


def get_worker_info():
    """In a DataLoader worker process: its ``WorkerInfo``; in the main process: None."""
    return _worker_info


# -- fetching: one task -> one batch -------------------------------------------------------------------
class _MapFetcher:
    """Fetch from a map-style dataset: a list of indices (batched) or one index (unbatched)."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset, self.auto_collation, self.collate_fn = dataset, auto_collation, collate_fn

    def fetch(self, index):
        if not self.auto_collation:
            return self.collate_fn(self.dataset[index])
        getitems = getattr(self.dataset, "__getitems__", None)
        samples = getitems(index) if callable(getitems) else [self.dataset[i] for i in index]
        return self.collate_fn(samples)


class _IterableFetcher:
    """Fetch from a stream: ``len(task)`` items (batched; a short last batch is dropped when
    drop_last) or one item. Raises StopIteration when the stream has nothing more to give."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.stream = iter(dataset)
        self.auto_collation, self.collate_fn, self.drop_last = auto_collation, collate_fn, drop_last
        self.ended = False

    def fetch(self, task):
        if self.ended:
            raise StopIteration
        if not self.auto_collation:
            return self.collate_fn(next(self.stream))
        samples = list(itertools.islice(self.stream, len(task)))
        if len(samples) < len(task):
            self.ended = True
            if not samples or self.drop_last:
                raise StopIteration
        return self.collate_fn(samples)


class _InfiniteConstantSampler(Sampler):
    """The index sampler of an iterable dataset: ``None`` forever (batched, the tasks are lists of
    ``batch_size`` Nones: only their length matters)."""

    def __iter__(self):
        while True:
            yield None


# -- the DataLoader --------------------------------------------------------------------------------
class DataLoader:
    """Iterate over ``dataset`` in batches.

    * ``batch_size`` samples per batch (``None``: no batching, each sample passed through
      ``default_convert``), in ``sampler`` order (default: ``SequentialSampler``, or ``RandomSampler``
      with ``shuffle=True``, drawing from ``generator``), or in the lists a ``batch_sampler`` yields;
    * ``collate_fn`` (default ``default_collate``) puts a list of samples into one batch;
    * ``drop_last`` drops a last batch shorter than ``batch_size``;
    * ``num_workers > 0`` loads in that many processes (see the module doc); ``worker_init_fn(id)``
      runs first in each; ``timeout`` (seconds, 0 = forever) bounds each wait for a batch;
      ``prefetch_factor`` batches per worker in flight (default 2); ``persistent_workers`` keeps
      the workers between epochs;
    * ``pin_memory`` has no effect on CPU (a warning, as in torch); ``pin_memory_device`` is ignored;
      ``in_order=False`` is accepted, but batches always come in order.

    ``dataset`` may be any object with ``__getitem__`` and ``__len__``, or an ``IterableDataset``.
    ``len(loader)`` is the number of batches. Argument errors are torch's.
    """

    _initialized = False
    _FROZEN = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in (False, None):
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, but got "
                                 f"shuffle={shuffle}")
            if sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler option, but got "
                                 f"sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified batch_sampler option, but "
                                 f"got batch_sampler={batch_sampler}")
        shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                             "drop_last")

        if sampler is None:
            if self._iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = _collate.default_collate if batch_sampler is not None else _collate.default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._iterator = None
        self._IterableDataset_len_called = None
        self._initialized = True
        self.check_worker_number_rationality()

    def __setattr__(self, name, value):
        if self._initialized and name in self._FROZEN:
            raise ValueError(f"{name} attribute should not be set after {type(self).__name__} is initialized")
        super().__setattr__(name, value)

    @property
    def multiprocessing_context(self):
        """The ``multiprocessing`` context workers start from (None: the platform's default)."""
        return self._multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, context):
        if context is not None:
            if self.num_workers == 0:
                raise ValueError(f"multiprocessing_context can only be used with multi-process loading "
                                 f"(num_workers > 0), but got num_workers={self.num_workers}")
            if isinstance(context, str):
                methods = multiprocessing.get_all_start_methods()
                if context not in methods:
                    raise ValueError(f"multiprocessing_context option should specify a valid start method in "
                                     f"{methods!r}, but got multiprocessing_context={context!r}")
                context = multiprocessing.get_context(context)
            if not isinstance(context, multiprocessing.context.BaseContext):
                raise TypeError(f"multiprocessing_context option should be a valid context object or a string "
                                f"specifying the start method, but got multiprocessing_context={context}")
        self._multiprocessing_context = context

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self):
        if self.num_workers == 0:
            return _SingleProcessIter(self)
        if not self.persistent_workers:
            return _MultiProcessIter(self)
        if self._iterator is None:
            self._iterator = _MultiProcessIter(self)
        else:
            self._iterator._reset(self)
        return self._iterator

    def __len__(self):
        """The number of batches (for an IterableDataset, computed from ``len(dataset)``)."""
        if not self._iterable:
            return len(self._index_sampler)
        n = self._IterableDataset_len_called = len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def check_worker_number_rationality(self):
        """Warn (as torch) when asked for more workers than this process may use CPUs."""
        if not self.num_workers:
            return
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        if cpus is not None and self.num_workers <= cpus:
            return
        if cpus is None:
            suggestion = "DataLoader is not able to compute a suggested max number of worker in current system."
        else:
            cpuset = "" if hasattr(os, "sched_getaffinity") else " (`cpuset` is not taken into account)"
            suggestion = (f"Our suggested max number of worker in current system is {cpus}{cpuset}, which is "
                          f"smaller than what this DataLoader is going to create.")
        warnings.warn(f"This DataLoader will create {self.num_workers} worker processes in total. {suggestion} "
                      f"Please be aware that excessive worker creation might get DataLoader running slow or even "
                      f"freeze, lower the worker number to avoid potential slowness/freeze if necessary.",
                      stacklevel=3)


# -- iterators -------------------------------------------------------------------------------------
class _BaseIter:
    """One pass over a loader: ``__next__`` returns the next batch; ``len()`` is the loader's."""

    def __init__(self, loader):
        self._dataset = loader.dataset
        self._iterable = loader._iterable
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._collate_fn = loader.collate_fn
        self._timeout = loader.timeout
        self._num_workers = loader.num_workers
        if loader.pin_memory:
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, then device pinned "
                          "memory won't be used.", stacklevel=3)
        self._sampler_iter = iter(self._index_sampler)
        # drawn for every pass, workers or not (as torch), so that a seeded generator gives the same
        # shuffling whatever num_workers is
        self._base_seed = int(_random.rng(loader.generator).integers(0, 2 ** 63 - 1))
        self._num_yielded = 0
        self._len_reported = loader._IterableDataset_len_called

    def _make_fetcher(self):
        kind = _IterableFetcher if self._iterable else _MapFetcher
        return kind(self._dataset, self._auto_collation, self._collate_fn, self._drop_last)

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._index_sampler)

    def __next__(self):
        data = self._next_data()
        self._num_yielded += 1
        if self._iterable and self._len_reported is not None and self._num_yielded > self._len_reported:
            msg = (f"Length of IterableDataset {self._dataset} was reported to be {self._len_reported}(when "
                   f"accessing len(dataloader)), but {self._num_yielded} samples have been fetched. ")
            if self._num_workers > 0:
                msg += ("For multiprocessing data-loading, this could be caused by not properly configuring the "
                        "IterableDataset replica at each worker. Please see "
                        "https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset for examples.")
            warnings.warn(msg, stacklevel=2)
        return data


class _SingleProcessIter(_BaseIter):
    def __init__(self, loader):
        super().__init__(loader)
        if self._timeout != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")
        self._fetcher = self._make_fetcher()

    def _next_data(self):
        return self._fetcher.fetch(next(self._sampler_iter))  # either may raise StopIteration: the end


class _ExceptionWrapper:
    """An exception raised in a worker, as picklable text: re-raised in the main process with the
    worker's traceback in the message (torch's wording)."""

    def __init__(self, exc_info, where):
        exc_type = exc_info[0]
        try:
            pickle.dumps(exc_type)
        except Exception:
            exc_type = RuntimeError
        self.exc_type = exc_type
        self.text = "".join(traceback.format_exception(*exc_info))
        self.where = where

    def reraise(self):
        msg = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.text}"
        if self.exc_type is KeyError:
            msg = _KeyErrorMessage(msg)
        try:
            exc = self.exc_type(msg)
        except Exception:
            raise RuntimeError(msg) from None
        raise exc


class _KeyErrorMessage(str):
    """KeyError shows its argument with repr(); this keeps the traceback text readable."""

    def __repr__(self):
        return str(self)


class _EndOfStream:
    """A worker's reply to a task once its IterableDataset stream has ended."""


def _seed_worker(base_seed, worker_id):
    """Seed everything a worker's user code may draw from: Python's ``random`` and minitorch with
    ``base_seed + worker_id`` (as torch), NumPy's legacy global generator from both numbers."""
    seed = base_seed + worker_id
    random.seed(seed)
    _random.manual_seed(seed)
    np.random.seed(np.random.SeedSequence([worker_id, base_seed]).generate_state(4))
    return seed


def _worker_loop(iterable, dataset, index_queue, result_queue, done_event, auto_collation, collate_fn, drop_last,
                 base_seed, init_fn, worker_id, num_workers):
    """A worker process: take ``(task_id, task)`` from ``index_queue``, put ``(task_id, pickled batch
    or _ExceptionWrapper or _EndOfStream)`` on ``result_queue``. ``"reset"`` restarts an iterable
    dataset's stream (persistent workers, new epoch); ``None`` ends the loop. Once ``done_event`` is
    set, queued tasks are skipped and the loop ends; it also ends if the parent process dies."""
    global _worker_info
    try:
        seed = _seed_worker(base_seed, worker_id)
        _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
        kind = _IterableFetcher if iterable else _MapFetcher
        where = f"in DataLoader worker process {worker_id}"
        fetcher = init_error = None
        try:
            if init_fn is not None:
                init_fn(worker_id)
            fetcher = kind(dataset, auto_collation, collate_fn, drop_last)
        except Exception:
            init_error = _ExceptionWrapper(sys.exc_info(), where)
        parent = multiprocessing.parent_process()
        while True:
            try:
                message = index_queue.get(timeout=_WORKER_POLL_INTERVAL)
            except queue.Empty:
                # done_event alone also ends the loop: when the main process shuts down from a garbage
                # collection, the queue's sending thread may already be gone and the None never comes
                if done_event.is_set() or (parent is not None and not parent.is_alive()):
                    break
                continue
            if message is None:
                break
            if done_event.is_set():
                continue
            if message == "reset":
                if init_error is None:
                    fetcher = kind(dataset, auto_collation, collate_fn, drop_last)
                continue
            task_id, task = message
            if init_error is not None:
                result = init_error
            else:
                try:
                    result = fetcher.fetch(task)
                except StopIteration:
                    result = _EndOfStream() if iterable else _ExceptionWrapper(sys.exc_info(), where)
                except Exception:
                    result = _ExceptionWrapper(sys.exc_info(), where)
            try:
                payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # an unpicklable batch: report it rather than lose it in the queue's thread
                payload = pickle.dumps(_ExceptionWrapper(sys.exc_info(), where))
            result_queue.put((task_id, payload))
            del result
    except KeyboardInterrupt:
        pass  # the main process gets its own KeyboardInterrupt
    # Results the main process no longer wants may sit unsent in the queue's buffer: don't wait on them.
    result_queue.cancel_join_thread()


class _MultiProcessIter(_BaseIter):
    """One pass (or, with persistent workers, every pass) over a loader with worker processes.

    Task ids count up over the iterator's life; ``_send_idx`` is the next id to send, ``_rcvd_idx``
    the next to yield, ``_epoch_start`` the first id of the current pass (older results are stale).
    ``_task_worker`` maps each sent-but-not-yielded id to its worker; ``_results`` holds results that
    came back early."""

    def __init__(self, loader):
        super().__init__(loader)
        context = loader.multiprocessing_context or multiprocessing.get_context()
        self._persistent = loader.persistent_workers
        self._in_flight_limit = max(1, loader.prefetch_factor * self._num_workers)
        self._done_event = context.Event()
        self._result_queue = context.Queue()
        self._index_queues, self._workers = [], []
        self._shutdown = False
        self._owner_pid = os.getpid()  # a forked child that inherits this object must not shut it down
        for worker_id in range(self._num_workers):
            index_queue = context.Queue()
            index_queue.cancel_join_thread()  # never let undelivered tasks block this process's exit
            worker = context.Process(
                target=_worker_loop, daemon=True,
                args=(self._iterable, self._dataset, index_queue, self._result_queue, self._done_event,
                      self._auto_collation, self._collate_fn, self._drop_last, self._base_seed,
                      loader.worker_init_fn, worker_id, self._num_workers))
            worker.start()
            self._index_queues.append(index_queue)
            self._workers.append(worker)
        self._send_idx = self._rcvd_idx = self._epoch_start = 0
        self._start_epoch(first=True)

    def _start_epoch(self, first):
        self._task_worker, self._results = {}, {}
        self._epoch_start = self._rcvd_idx = self._send_idx
        self._active = [True] * self._num_workers
        self._next_worker = itertools.cycle(range(self._num_workers))
        if not first and self._iterable:
            for index_queue in self._index_queues:
                index_queue.put("reset")
        for _ in range(self._in_flight_limit):
            self._send_task()

    def _reset(self, loader):
        """A new pass with the same (persistent) workers."""
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        self._len_reported = loader._IterableDataset_len_called
        self._start_epoch(first=False)

    def _send_task(self):
        """Send the sampler's next task to the next worker whose stream has not ended, if any."""
        if len(self._task_worker) >= self._in_flight_limit or not any(self._active):
            return
        try:
            task = next(self._sampler_iter)
        except StopIteration:
            return
        worker_id = next(w for w in self._next_worker if self._active[w])
        self._index_queues[worker_id].put((self._send_idx, task))
        self._task_worker[self._send_idx] = worker_id
        self._send_idx += 1

    def _next_data(self):
        while True:
            if self._rcvd_idx == self._send_idx:  # nothing in flight and nothing more to send
                if not self._persistent:
                    self._shutdown_workers()
                raise StopIteration
            if self._rcvd_idx not in self._results:
                task_id, payload = self._get_result()
                if task_id >= self._epoch_start:
                    result = pickle.loads(payload)
                    if isinstance(result, _EndOfStream):  # send that worker nothing more this pass
                        self._active[self._task_worker[task_id]] = False
                    self._results[task_id] = result
                continue
            result = self._results.pop(self._rcvd_idx)
            del self._task_worker[self._rcvd_idx]
            self._rcvd_idx += 1
            self._send_task()
            if isinstance(result, _EndOfStream):
                continue
            if isinstance(result, _ExceptionWrapper):
                result.reraise()
            return result

    def _get_result(self):
        """The next ``(task_id, payload)`` from any worker; RuntimeError after ``timeout`` seconds
        (when set) or as soon as a worker is seen dead."""
        start = time.monotonic()
        while True:
            wait = _STATUS_CHECK_INTERVAL
            if self._timeout:
                wait = max(0.0, min(wait, self._timeout - (time.monotonic() - start)))
            try:
                return self._result_queue.get(timeout=wait)
            except queue.Empty:
                pass
            dead = [w for w in self._workers if not w.is_alive()]
            if dead:
                self._shutdown_workers()
                pids = ", ".join(str(w.pid) for w in dead)
                raise RuntimeError(f"DataLoader worker (pid(s) {pids}) exited unexpectedly")
            if self._timeout and time.monotonic() - start >= self._timeout:
                raise RuntimeError(f"DataLoader timed out after {self._timeout} seconds")

    def _shutdown_workers(self):
        """Stop the workers (skip queued tasks, then exit; terminate any that don't) and close queues."""
        if self._shutdown or os.getpid() != self._owner_pid:
            return
        self._shutdown = True
        self._done_event.set()
        for index_queue in self._index_queues:
            index_queue.put(None)
        deadline = time.monotonic() + _JOIN_TIMEOUT
        for worker in self._workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.is_alive():
                worker.terminate()
                worker.join()
        for q in (*self._index_queues, self._result_queue):
            q.cancel_join_thread()
            q.close()

    def __del__(self):
        try:
            self._shutdown_workers()
        except Exception:  # interpreter shutdown: modules may already be gone
            pass

    def __getstate__(self):
        raise NotImplementedError(f"{type(self).__name__} cannot be pickled")
