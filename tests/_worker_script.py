"""A course-style script run by tests/test_data.py as its own process: a Dataset subclass defined in
the script, a DataLoader with two worker processes, the entry point guarded by
``if __name__ == '__main__':`` (required by the spawn start method). Argument: "default" or "spawn"
(spawn keeps its workers between epochs: each spawned worker imports minitorch afresh)."""
import sys

import minitorch as torch
from minitorch.utils.data import DataLoader, Dataset


class Line(Dataset):
    def __init__(self):
        self.x = torch.linspace(-1, 1, 32).reshape(32, 1)
        self.y = 3 * self.x + 1

    def __getitem__(self, index):
        return self.x[index], self.y[index]

    def __len__(self):
        return len(self.x)


def main(start_method):
    spawn = start_method == "spawn"
    loader = DataLoader(Line(), batch_size=8, shuffle=True, num_workers=2, timeout=60,
                        multiprocessing_context="spawn" if spawn else None, persistent_workers=spawn)
    w = torch.zeros(1, 1, requires_grad=True)
    losses = []
    for _ in range(2):
        n_batches = 0
        for x, y in loader:
            loss = ((x @ w - y) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                w -= 0.1 * w.grad
                w.grad = None
            losses.append(loss.item())
            n_batches += 1
    assert x.shape == (8, 1) and y.dtype == torch.float32
    print(f"ok {n_batches} batches, loss {'decreased' if losses[-1] < losses[0] else 'did not decrease'}")


if __name__ == "__main__":
    main(sys.argv[1])
