"""Parity of the Module system itself (registration, containers, buffers, state_dict loading,
train/eval), on small modules written here against ``lib.nn.Module`` and ``lib.nn.Parameter``
only, so they run the same code in both libraries. Layer cases (Linear, Conv2d, RNNs...) live in
``nn_layers.py``; both use ``parity.module_case.ModuleCase``."""
import functools

from parity.case import Arg, indices
from parity.module_case import ModuleCase


@functools.lru_cache(maxsize=None)
def _classes(lib):
    """The test modules, defined once per library (``lib`` is minitorch or torch)."""
    nn = lib.nn

    class Affine(nn.Module):
        """``x @ W^T + b`` with parameters registered by attribute assignment."""

        def __init__(self, n_in, n_out, bias=True):
            super().__init__()
            self.weight = nn.Parameter(lib.randn(n_out, n_in) / n_in ** 0.5)
            if bias:
                self.bias = nn.Parameter(lib.randn(n_out))
            else:
                self.register_parameter("bias", None)

        def forward(self, x):
            out = x @ self.weight.t()
            return out if self.bias is None else out + self.bias

    class Tanh(nn.Module):
        def forward(self, x):
            return x.tanh()

    class Containers(nn.Module):
        """ModuleList, ModuleDict, ParameterList and ParameterDict, two inputs, a tuple output."""

        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList([Affine(4, 4), Affine(4, 4, bias=False)])
            self.heads = nn.ModuleDict({"a": Affine(4, 2), "b": Affine(4, 3)})
            self.gains = nn.ParameterList([lib.rand(4) + 0.5, lib.rand(4) + 0.5])
            self.offsets = nn.ParameterDict({"y": lib.randn(4)})
            self.register_buffer("scale", lib.rand(4) + 0.5)

        def forward(self, x, y):
            h = x
            for block, gain in zip(self.blocks, self.gains):
                h = h + gain * block(h).tanh()  # residual blocks
            h = h * self.scale + y * self.offsets["y"]
            return self.heads["a"](h), (self.heads["b"](h), h)

    class Lookup(nn.Module):
        """An embedding-like table indexed by int64 ids (an int input, an IndexBackward0 output)."""

        def __init__(self, n, dim):
            super().__init__()
            self.table = nn.Parameter(lib.randn(n, dim))

        def forward(self, ids):
            return self.table[ids]

    class RunningNorm(nn.Module):
        """BatchNorm-like buffers: a running mean updated in training mode (persistent), an int
        counter, and a non-persistent cache; evaluation mode uses the running mean instead."""

        def __init__(self, dim):
            super().__init__()
            self.register_buffer("running_mean", lib.randn(dim))
            self.register_buffer("num_batches", lib.tensor(3))
            self.register_buffer("cache", lib.zeros(dim), persistent=False)
            self.affine = Affine(dim, dim)

        def forward(self, x):
            if self.training:
                mean = x.mean(0)
                with lib.no_grad():
                    self.running_mean.mul_(0.9).add_(mean * 0.1)
                    self.num_batches += 1
            else:
                mean = self.running_mean
            self.cache = mean.detach()
            return self.affine(x - mean)

    return {"Affine": Affine, "Tanh": Tanh, "Containers": Containers, "Lookup": Lookup,
            "RunningNorm": RunningNorm}


def _make(name, *args):
    return lambda lib: _classes(lib)[name](*args)


def _mlp(lib):
    c = _classes(lib)
    return lib.nn.Sequential(c["Affine"](3, 5), c["Tanh"](), c["Affine"](5, 5), c["Tanh"](), c["Affine"](5, 2))


CASES = [
    ModuleCase("Module/affine", _make("Affine", 3, 4), [(5, 3)]),
    ModuleCase("Module/affine_no_bias", _make("Affine", 3, 4, False), [(5, 3)]),
    ModuleCase("Module/affine_1d_input", _make("Affine", 3, 4), [(3,)]),
    ModuleCase("Sequential/mlp", _mlp, [(6, 3)]),
    ModuleCase("Sequential/slice", lambda lib: _mlp(lib)[1:3], [(4, 5)]),
    ModuleCase("Module/containers_two_inputs_nested_outputs", _make("Containers"), [(3, 4), (3, 4)]),
    ModuleCase("Module/int_input_lookup", _make("Lookup", 10, 3), [Arg((4, 5), kind="int64", make=indices(10))]),
    ModuleCase("Module/buffers_train", _make("RunningNorm", 4), [(8, 4)]),
    ModuleCase("Module/buffers_eval", _make("RunningNorm", 4), [(8, 4)], train=False),
]
