"""Training-trajectory parity: the course's three convolutional nets, trained for 20 SGD steps in
both libraries from the same weights on the same batches.

The models are written once, as functions of the library module (``make_cnn(lib)`` with ``lib`` =
``minitorch`` or ``torch``), in the course's own words:

* ``make_cnn``: the LeNet-style CNN, Conv2d(1, 10, 5) -> MaxPool2d(2) -> ReLU -> Conv2d(10, 20, 5)
  -> MaxPool2d(2) -> ReLU -> Linear(320, 10);
* ``make_inception``: the GoogLeNet-style net, two ``InceptionA`` blocks (four branches
  concatenated to 88 channels) between Conv2d(1, 10, 5) and Conv2d(88, 20, 5), then Linear(1408, 10);
* ``make_residual``: Conv2d(1, 16, 5), ``ResidualBlock(16)`` (``relu(x + conv2(relu(conv1(x))))``,
  two 3x3 convs with padding 1), Conv2d(16, 32, 5), ``ResidualBlock(32)``, Linear(512, 10).

Each takes a batch of 1 x 28 x 28 images (MNIST's shape) and returns 10 logits per image. The
benchmarks (``benchmarks/workloads.py``) and the model tests (``tests/test_cnn_models.py``) use the
same functions.

``TrainingCase.compare`` builds torch's model (seeded from the case's generator) in the run's float
dtype on the run's device, loads its ``state_dict`` into minitorch's, and runs ``STEPS`` steps of
``zero_grad -> CrossEntropyLoss -> backward -> SGD(lr 0.01, momentum 0.5).step`` on the same fixed
random batches. The loss sequences are compared step by step (``errors["forward"]``) and, after the
last step, every parameter by name (``errors["backward"]``: the parameters are where the gradients of
all 20 backward passes end up).
"""
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch

import minitorch
from parity import runner

STEPS = 20
BATCH = 8
LR, MOMENTUM = 0.01, 0.5


# -- the models ------------------------------------------------------------------------------------------
def make_cnn(lib):
    """The course's CNN for MNIST: two 5x5 convolutions, each max-pooled by 2 and rectified, then a
    linear layer from 20 x 4 x 4 = 320 features to 10 classes."""
    nn, F = lib.nn, lib.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
            self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
            self.mp = nn.MaxPool2d(2)
            self.fc = nn.Linear(320, 10)

        def forward(self, x):
            in_size = x.size(0)
            x = F.relu(self.mp(self.conv1(x)))   # (N, 10, 12, 12)
            x = F.relu(self.mp(self.conv2(x)))   # (N, 20, 4, 4)
            x = x.view(in_size, -1)              # flatten: (N, 320)
            return self.fc(x)

    return Net()


def make_inception(lib):
    """The course's GoogLeNet-style net: ``InceptionA`` runs four branches side by side (1x1; 1x1 then
    5x5; 1x1 then two 3x3; 3x3 average pooling then 1x1) and concatenates them to 16 + 24 + 24 + 24
    = 88 channels, keeping the height and width."""
    nn, F = lib.nn, lib.nn.functional

    class InceptionA(nn.Module):
        def __init__(self, in_channels):
            super().__init__()
            self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1)

            self.branch5x5_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
            self.branch5x5_2 = nn.Conv2d(16, 24, kernel_size=5, padding=2)

            self.branch3x3dbl_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
            self.branch3x3dbl_2 = nn.Conv2d(16, 24, kernel_size=3, padding=1)
            self.branch3x3dbl_3 = nn.Conv2d(24, 24, kernel_size=3, padding=1)

            self.branch_pool = nn.Conv2d(in_channels, 24, kernel_size=1)

        def forward(self, x):
            branch1x1 = self.branch1x1(x)

            branch5x5 = self.branch5x5_1(x)
            branch5x5 = self.branch5x5_2(branch5x5)

            branch3x3dbl = self.branch3x3dbl_1(x)
            branch3x3dbl = self.branch3x3dbl_2(branch3x3dbl)
            branch3x3dbl = self.branch3x3dbl_3(branch3x3dbl)

            branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
            branch_pool = self.branch_pool(branch_pool)

            outputs = [branch1x1, branch5x5, branch3x3dbl, branch_pool]
            return lib.cat(outputs, 1)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
            self.conv2 = nn.Conv2d(88, 20, kernel_size=5)

            self.incept1 = InceptionA(in_channels=10)
            self.incept2 = InceptionA(in_channels=20)

            self.mp = nn.MaxPool2d(2)
            self.fc = nn.Linear(1408, 10)

        def forward(self, x):
            in_size = x.size(0)
            x = F.relu(self.mp(self.conv1(x)))   # (N, 10, 12, 12)
            x = self.incept1(x)                  # (N, 88, 12, 12)
            x = F.relu(self.mp(self.conv2(x)))   # (N, 20, 4, 4)
            x = self.incept2(x)                  # (N, 88, 4, 4)
            x = x.view(in_size, -1)              # flatten: (N, 1408)
            return self.fc(x)

    return Net()


def make_residual(lib):
    """The course's residual net: each ``ResidualBlock`` adds its input back to the output of two
    3x3 convolutions (padding 1 keeps the shape), ``relu(x + conv2(relu(conv1(x))))``."""
    nn, F = lib.nn, lib.nn.functional

    class ResidualBlock(nn.Module):
        def __init__(self, channels):
            super().__init__()
            self.channels = channels
            self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
            self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

        def forward(self, x):
            y = F.relu(self.conv1(x))
            y = self.conv2(y)
            return F.relu(x + y)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 16, kernel_size=5)
            self.conv2 = nn.Conv2d(16, 32, kernel_size=5)

            self.rblock1 = ResidualBlock(16)
            self.rblock2 = ResidualBlock(32)

            self.mp = nn.MaxPool2d(2)
            self.fc = nn.Linear(512, 10)

        def forward(self, x):
            in_size = x.size(0)
            x = F.relu(self.mp(self.conv1(x)))   # (N, 16, 12, 12)
            x = self.rblock1(x)
            x = F.relu(self.mp(self.conv2(x)))   # (N, 32, 4, 4)
            x = self.rblock2(x)
            x = x.view(in_size, -1)              # flatten: (N, 512)
            return self.fc(x)

    return Net()


MODELS = {"cnn": make_cnn, "inception": make_inception, "residual": make_residual}


# -- the trajectory comparison ----------------------------------------------------------------------------
def train(lib, model, batches, device="cpu"):
    """Train ``model`` with SGD on the batches (NumPy ``(images, labels)`` pairs); return the losses
    (0-d arrays, in the model's dtype) and the loss tensor of the first step (for its grad_fn)."""
    if lib is torch:
        data = [(torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)) for x, y in batches]
    else:
        data = [(minitorch.from_numpy(x), minitorch.from_numpy(y)) for x, y in batches]
    criterion = lib.nn.CrossEntropyLoss()
    optimizer = lib.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    losses, first = [], None
    for images, labels in data:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        losses.append(runner.to_numpy(loss))
        first = loss if first is None else first
    return losses, first


@dataclass(frozen=True)
class TrainingCase:
    """A training row of the parity table.

    name:  "train.<model>", unique.
    build: ``build(lib) -> model`` (one of the ``make_*`` functions above).
    steps / batch: SGD steps, images per batch (1 x 28 x 28 each, values in [0, 1), labels 0..9).
    atol/rtol: tolerances per float dtype, for the losses and the final parameters.
    """

    name: str
    build: Callable
    steps: int = STEPS
    batch: int = BATCH
    atol: dict = field(default_factory=lambda: {"float64": 1e-9, "float32": 1e-5})
    rtol: dict = field(default_factory=lambda: {"float64": 1e-7, "float32": 1e-4})
    differentiable: bool = True

    def _batches(self, rng, float_dtype):
        return [(rng.uniform(0.0, 1.0, (self.batch, 1, 28, 28)).astype(float_dtype),
                 rng.integers(0, 10, self.batch)) for _ in range(self.steps)]

    def compare(self, float_dtype, device, rng, errors):
        tol = lambda arr_dtype: runner.tolerances(self, float_dtype, arr_dtype)  # noqa: E731
        torch.manual_seed(int(rng.integers(2 ** 31)))
        t_model = runner._call("torch", self.build, torch).to(getattr(torch, float_dtype)).to(device)
        m_model = runner._call("minitorch", self.build, minitorch).to(getattr(minitorch, float_dtype))
        t_names = [n for n, _ in t_model.named_parameters()]
        if [n for n, _ in m_model.named_parameters()] != t_names:
            raise runner.Mismatch(f"parameter names {[n for n, _ in m_model.named_parameters()]} != torch's {t_names}")
        state = {k: runner.to_numpy(v) for k, v in t_model.state_dict().items()}
        runner._call("minitorch load_state_dict", m_model.load_state_dict, state)

        batches = self._batches(rng, float_dtype)
        t_losses, t_first = runner._call("torch", train, torch, t_model, batches, device)
        m_losses, m_first = runner._call("minitorch", train, minitorch, m_model, batches)
        worst = 0.0
        for step, (m, t) in enumerate(zip(m_losses, t_losses)):
            worst = max(worst, runner.compare_arrays(f"loss at step {step + 1}", m, t, tol))
            errors["forward"] = worst
        runner.compare_grad_fn_names([("loss", m_first)], [("loss", t_first)])

        worst = 0.0
        for (name, m), (_, t) in zip(m_model.named_parameters(), t_model.named_parameters()):
            worst = max(worst, runner.compare_arrays(f"{name} after {self.steps} steps", runner.to_numpy(m),
                                                     runner.to_numpy(t), tol))
            errors["backward"] = worst
        return errors


CASES = [TrainingCase(f"train.{name}", build) for name, build in MODELS.items()]
