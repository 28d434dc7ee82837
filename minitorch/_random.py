"""The random number source: one NumPy Generator seeded by ``manual_seed`` (streams differ from
torch's; only the distributions match). ``Generator`` objects can be passed where torch takes one."""
import numpy as np


class Generator:
    """``minitorch.Generator()``: an independent random stream (``manual_seed``, ``initial_seed``)."""

    def __init__(self, device="cpu"):
        self._seed = int(np.random.SeedSequence().entropy % (2 ** 63))
        self._rng = np.random.default_rng(self._seed)

    def manual_seed(self, seed):
        self._seed = int(seed)
        self._rng = np.random.default_rng(self._seed)
        return self

    def initial_seed(self):
        return self._seed

    def seed(self):
        return self.manual_seed(int(np.random.SeedSequence().entropy % (2 ** 63))).initial_seed()

    def get_state(self):
        from ._tensor import Tensor
        state = repr(self._rng.bit_generator.state).encode()
        return Tensor._wrap(np.frombuffer(state, dtype=np.uint8).copy())

    def set_state(self, state):
        import ast
        self._rng.bit_generator.state = ast.literal_eval(bytes(state._data).decode())


default_generator = Generator()
default_generator.manual_seed(0)


def manual_seed(seed):
    """Seed minitorch's global random stream (as torch.manual_seed, it leaves NumPy's own alone)."""
    default_generator.manual_seed(int(seed))
    return default_generator


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(state):
    default_generator.set_state(state)


def rng(generator=None):
    return (generator or default_generator)._rng


def uniform_like(t, a, b, generator=None):
    return rng(generator).uniform(a, b, size=t._data.shape).astype(t._data.dtype)


def normal_like(t, mean, std, generator=None):
    return (rng(generator).standard_normal(size=t._data.shape) * std + mean).astype(t._data.dtype)


def bernoulli_like(t, p, generator=None):
    p = p._data if hasattr(p, "_data") else p
    return (rng(generator).random(size=t._data.shape) < p).astype(t._data.dtype)


def integers_like(t, low, high, generator=None):
    if high is None:
        low, high = 0, low if low else 2 ** 24
    return rng(generator).integers(low, high, size=t._data.shape).astype(t._data.dtype)
