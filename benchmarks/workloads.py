"""The timed workloads: one small function each, written once for both libraries.

A workload's ``setup(lib, device)`` is called with ``lib`` = ``minitorch`` or ``torch`` and
``device`` = ``"cpu"`` or ``"cuda"`` (CUDA for torch only). It builds its data with NumPy
(same seed, so both sides see the same numbers), wraps it in that library's tensors, and
returns ``step()``: a zero-argument callable that does the timed work once and returns its
output (the harness ignores it; the smoke test compares minitorch's against torch's).

Everything a step does is timed, so setup does all the allocation it can. Steps that run
backward clear the leaves' ``.grad`` first (``x.grad = None``, as ``zero_grad()`` does), so
every call does the same work instead of accumulating into an ever-older gradient.

To add a workload (an MLP training step, a CNN, an RNN): write ``def _my_workload(lib, device)``
returning its ``step``, and add ``Workload("name", _my_workload)`` to ``WORKLOADS``.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from parity.cases.training import make_cnn, make_inception, make_residual

SEED = 0


@dataclass(frozen=True)
class Workload:
    """A named benchmark: ``setup(lib, device) -> step``; ``step()`` does the timed work once."""

    name: str
    setup: Callable
    description: str = ""


def leaves(lib, device, *shapes):
    """Float32 leaf tensors that require grad, one per shape, with the same values in both libs."""
    rng = np.random.default_rng(SEED)
    return [lib.tensor(rng.uniform(-1.0, 1.0, size=shape).astype(np.float32), device=device,
                       requires_grad=True)
            for shape in shapes]


def clear_grads(*tensors):
    for t in tensors:
        t.grad = None


# -- the workloads ----------------------------------------------------------------------------
def add_1elem_forward(lib, device):
    """Pure per-op overhead: one tiny add that records a graph node."""
    x, y = leaves(lib, device, (1,), (1,))

    def step():
        return x + y

    return step


def add_1elem_forward_backward(lib, device):
    """Per-op and per-backward overhead: one tiny add, then backward through it."""
    x, y = leaves(lib, device, (1,), (1,))

    def step():
        clear_grads(x, y)
        out = x + y
        out.backward()
        return out

    return step


def add_sum_1e6_forward_backward(lib, device):
    """Memory-bound elementwise work: add and sum on 10^6 elements, forward and backward."""
    x, y = leaves(lib, device, (10**6,), (10**6,))

    def step():
        clear_grads(x, y)
        loss = (x + y).sum()
        loss.backward()
        return loss

    return step


def matmul_forward_backward(lib, device):
    """BLAS-bound: an MNIST-sized layer's product (64x784 @ 784x512), forward and backward."""
    a, b = leaves(lib, device, (64, 784), (784, 512))

    def step():
        clear_grads(a, b)
        loss = (a @ b).sum()
        loss.backward()
        return loss

    return step


def chain10_forward_backward(lib, device):
    """A graph of ten small ops on (64, 64): where per-op overhead meets real (small) arrays."""
    x, y = leaves(lib, device, (64, 64), (64, 64))

    def step():
        clear_grads(x, y)
        h = (x * y + 1.0).tanh().exp()               # mul, add, tanh, exp
        h = (h * 0.5 - y).sigmoid()                  # mul, sub, sigmoid
        loss = (h * x + y).sum()                     # mul, add, sum
        loss.backward()
        return loss

    return step


def same_weights(lib, parameters, rng, device, scale=0.05):
    """Give the parameters the same values in both libraries, drawn from ``rng``."""
    with lib.no_grad():
        for p in parameters:
            p.copy_(lib.tensor(rng.uniform(-scale, scale, size=tuple(p.shape)).astype(np.float32), device=device))


def make_mlp(lib):
    """The course's MNIST MLP: flatten, then 784-512-256-128-64-10 with ReLU between the layers."""
    nn = lib.nn
    sizes = [784, 512, 256, 128, 64, 10]
    layers = [nn.Flatten()]
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


def mlp_training_step(lib, device):
    """The MLP's training step (batch 64, CrossEntropyLoss, SGD lr 0.01 momentum 0.5): the whole
    training loop's per-step cost for a fully connected net."""
    return model_training_step(lib, device, make_mlp, scale=0.05)


def rnncell_hello_iteration(lib, device):
    """The course's "hello" -> "ohlol" RNNCell loop: 5 steps in Python, CrossEntropy, Adam (hidden 4):
    per-op overhead of many tiny ops and a backward through them."""
    cell = lib.nn.RNNCell(4, 4).to(device)
    same_weights(lib, cell.parameters(), np.random.default_rng(SEED), device, scale=0.5)
    optimizer = lib.optim.Adam(cell.parameters(), lr=0.1)
    criterion = lib.nn.CrossEntropyLoss()
    inputs = lib.eye(4, device=device)[[1, 0, 2, 2, 3]].view(-1, 1, 4)
    labels = lib.tensor([3, 1, 2, 3, 2], device=device).view(-1, 1)

    def step():
        hidden = lib.zeros(1, 4, device=device)
        loss = 0
        optimizer.zero_grad()
        for x, label in zip(inputs, labels):
            hidden = cell(x, hidden)
            loss += criterion(hidden, label)
        loss.backward()
        optimizer.step()
        return loss

    return step


def gru_name_classifier_step(lib, device):
    """The course's name -> country classifier step: Embedding(128, 100), a 2-layer bidirectional GRU
    over a packed batch of 256 names (lengths 3..15), Linear(200, 18), CrossEntropy, Adam lr 0.001."""
    nn = lib.nn
    rng = np.random.default_rng(SEED)
    batch = 256
    lengths = np.sort(rng.integers(3, 16, size=batch))[::-1].copy()
    names = lib.tensor(rng.integers(1, 128, size=(int(lengths.max()), batch)), device=device)
    countries = lib.tensor(rng.integers(0, 18, size=batch), device=device)
    lengths = lib.tensor(lengths)
    embedding, gru, fc = nn.Embedding(128, 100), nn.GRU(100, 100, 2, bidirectional=True), nn.Linear(200, 18)
    modules = [m.to(device) for m in (embedding, gru, fc)]
    params = [p for m in modules for p in m.parameters()]
    same_weights(lib, params, rng, device, scale=0.1)
    optimizer = lib.optim.Adam(params, lr=0.001)

    def step():
        packed = nn.utils.rnn.pack_padded_sequence(embedding(names), lengths)
        _, hidden = gru(packed)
        loss = nn.functional.cross_entropy(fc(lib.cat([hidden[-1], hidden[-2]], dim=1)), countries)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss

    return step


def conv2d_forward_backward(lib, device):
    """The course CNN's second convolution on its batch of 64: (64, 10, 12, 12) input, (20, 10, 5, 5)
    weight and a bias, forward and backward (window GEMM forward; GEMMs and col2im backward)."""
    x, w, b = leaves(lib, device, (64, 10, 12, 12), (20, 10, 5, 5), (20,))

    def step():
        clear_grads(x, w, b)
        loss = lib.nn.functional.conv2d(x, w, b).sum()
        loss.backward()
        return loss

    return step


def maxpool2d_forward_backward(lib, device):
    """The course CNN's second pooling on its batch of 64: 2x2 max pooling of (64, 20, 8, 8), forward
    and backward (the gradient scattered to each window's maximum)."""
    (x,) = leaves(lib, device, (64, 20, 8, 8))

    def step():
        clear_grads(x)
        loss = lib.nn.functional.max_pool2d(x, 2).sum()
        loss.backward()
        return loss

    return step


def model_training_step(lib, device, make_model, scale=0.1):
    """One SGD step (lr 0.01, momentum 0.5, CrossEntropyLoss) of ``make_model(lib)`` on a batch of 64
    MNIST-shaped images (1 x 28 x 28): zero_grad, forward, backward, step. Returns the ``step``."""
    model = make_model(lib).to(device)
    rng = np.random.default_rng(SEED)
    same_weights(lib, model.parameters(), rng, device, scale=scale)
    x = lib.tensor(rng.uniform(0, 1, size=(64, 1, 28, 28)).astype(np.float32), device=device)
    y = lib.tensor(rng.integers(0, 10, size=64), device=device)
    criterion = lib.nn.CrossEntropyLoss()
    optimizer = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)

    def step():
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def cnn_basic_step(lib, device):
    """The course CNN (parity/cases/training.py's ``make_cnn``): a training step on a batch of 64."""
    return model_training_step(lib, device, make_cnn)


def inception_step(lib, device):
    """The course Inception net (``make_inception``): a training step on a batch of 64."""
    return model_training_step(lib, device, make_inception)


def residual_step(lib, device):
    """The course residual net (``make_residual``): a training step on a batch of 64."""
    return model_training_step(lib, device, make_residual)

WORKLOADS = [
    Workload("add 1-elem fwd", add_1elem_forward, "x + y on (1,) leaves that require grad"),
    Workload("add 1-elem fwd+bwd", add_1elem_forward_backward, "(x + y).backward() on (1,) leaves"),
    Workload("add+sum 1e6 fwd+bwd", add_sum_1e6_forward_backward, "(x + y).sum().backward() on (10**6,)"),
    Workload("matmul 64x784@784x512 fwd+bwd", matmul_forward_backward, "(a @ b).sum().backward()"),
    Workload("chain10 64x64 fwd+bwd", chain10_forward_backward,
             "mul, add, tanh, exp, mul, sub, sigmoid, mul, add, sum; then backward"),
    Workload("mlp 784-512-256-128-64-10 sgd step", mlp_training_step,
             "batch 64, CrossEntropyLoss, SGD lr 0.01 momentum 0.5: zero_grad, forward, backward, step"),
    Workload("rnncell hello iteration", rnncell_hello_iteration, "5 RNNCell steps + CrossEntropy + Adam, hidden 4"),
    Workload("gru name classifier step", gru_name_classifier_step,
             "Embedding + 2-layer bidirectional GRU over packed batch 256 + Linear + CrossEntropy + Adam"),
    Workload("conv2d 64x10x12x12 w20x10x5x5 fwd+bwd", conv2d_forward_backward,
             "F.conv2d(x, w, b).sum().backward(): the course CNN's conv2 on a batch of 64"),
    Workload("maxpool2d 64x20x8x8 fwd+bwd", maxpool2d_forward_backward,
             "F.max_pool2d(x, 2).sum().backward(): the course CNN's second pooling on a batch of 64"),
    Workload("cnn basic step", cnn_basic_step,
             "course CNN (conv 5x5, pool, conv 5x5, pool, fc), batch 64 of 1x28x28, CrossEntropy, SGD"),
    Workload("inception step", inception_step,
             "course Inception net (two InceptionA blocks), batch 64 of 1x28x28, CrossEntropy, SGD"),
    Workload("residual step", residual_step,
             "course residual net (two ResidualBlocks), batch 64 of 1x28x28, CrossEntropy, SGD"),
]
