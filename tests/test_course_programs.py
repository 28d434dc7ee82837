"""Course programs written for torch, run unchanged with ``import minitorch as torch``.

Each program is a function of the library module (``program(torch)``), so the very same code
runs once with real torch and once with minitorch, starting from the same weights; the tests
check that minitorch lands where torch lands.
"""
import gzip

import numpy as np
import pytest
import torch as real_torch

import minitorch


def _copy_weights(src_model, dst_model, lib):
    """Start both libraries from the same initial weights (torch's)."""
    state = {k: lib.tensor(v.detach().cpu().numpy()) for k, v in src_model.state_dict().items()}
    dst_model.load_state_dict(state)


def linear_regression(torch, init_from=None, epochs=100):
    """The course's first program: fit y = 2x with one Linear unit."""
    x_data = torch.tensor([[1.0], [2.0], [3.0]])
    y_data = torch.tensor([[2.0], [4.0], [6.0]])

    class Model(torch.nn.Module):
        def __init__(self):
            super(Model, self).__init__()
            self.linear = torch.nn.Linear(1, 1)

        def forward(self, x):
            return self.linear(x)

    model = Model()
    if init_from is not None:
        _copy_weights(init_from, model, torch)
    criterion = torch.nn.MSELoss(size_average=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    losses = []
    for epoch in range(epochs):
        y_pred = model(x_data)
        loss = criterion(y_pred, y_data)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    prediction = model(torch.tensor([[4.0]])).item()
    return model, losses, model.linear.weight.item(), prediction


def logistic_regression(torch, init_from=None, epochs=1000):
    x_data = torch.Tensor([[1.0], [2.0], [3.0], [4.0]])
    y_data = torch.Tensor([[0.0], [0.0], [1.0], [1.0]])

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(1, 1)

        def forward(self, x):
            return torch.sigmoid(self.linear(x))

    model = Model()
    if init_from is not None:
        _copy_weights(init_from, model, torch)
    criterion = torch.nn.BCELoss(reduction="mean")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    losses = []
    for _ in range(epochs):
        loss = criterion(model(x_data), y_data)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    hours = torch.Tensor([[0.5], [7.0]])
    return model, losses, (model(hours) > 0.5).tolist()


def test_linear_regression_reaches_w_2_as_torch_does():
    # from torch's initial weights: the same trajectory
    t0 = linear_regression(real_torch, epochs=0)[0]
    _, t_losses, t_w, t_pred = linear_regression(real_torch, init_from=t0)
    _, m_losses, m_w, m_pred = linear_regression(minitorch, init_from=t0)
    np.testing.assert_allclose(m_losses, t_losses, rtol=1e-4, atol=1e-6)
    assert abs(m_w - t_w) < 1e-4 and abs(m_pred - t_pred) < 1e-3
    long_run = linear_regression(minitorch, epochs=1000)
    assert abs(long_run[2] - 2.0) < 1e-2 and abs(long_run[3] - 8.0) < 2e-2


def test_logistic_regression_matches_torch():
    t0 = logistic_regression(real_torch, epochs=0)[0]
    _, t_losses, t_pred = logistic_regression(real_torch, init_from=t0)
    _, m_losses, m_pred = logistic_regression(minitorch, init_from=t0)
    np.testing.assert_allclose(m_losses, t_losses, rtol=1e-4, atol=1e-6)
    assert m_pred == t_pred


def _write_diabetes_csv(path, n=256, seed=0):
    """A file in the course's diabetes.csv.gz format: 8 feature columns in [-1, 1], a 0/1 label."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, 8))
    logits = x @ rng.normal(size=8) * 2 + 0.3
    y = (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(np.float64)
    with gzip.open(path, "wt") as f:
        np.savetxt(f, np.column_stack([x, y]), delimiter=",", fmt="%.6f")


def diabetes_mlp(torch, csv_path, init_from=None, epochs=10, num_workers=0):
    DataLoader, Dataset = torch.utils.data.DataLoader, torch.utils.data.Dataset

    class DiabetesDataset(Dataset):
        def __init__(self):
            xy = np.loadtxt(csv_path, delimiter=",", dtype=np.float32)
            self.len = xy.shape[0]
            self.x_data = torch.from_numpy(xy[:, 0:-1])
            self.y_data = torch.from_numpy(xy[:, [-1]])

        def __getitem__(self, index):
            return self.x_data[index], self.y_data[index]

        def __len__(self):
            return self.len

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.l1 = torch.nn.Linear(8, 6)
            self.l2 = torch.nn.Linear(6, 4)
            self.l3 = torch.nn.Linear(4, 1)
            self.sigmoid = torch.nn.Sigmoid()

        def forward(self, x):
            out1 = self.sigmoid(self.l1(x))
            out2 = self.sigmoid(self.l2(out1))
            return self.sigmoid(self.l3(out2))

    dataset = DiabetesDataset()
    # no shuffling: both libraries must see the same batches in the same order
    train_loader = DataLoader(dataset=dataset, batch_size=32, shuffle=False, num_workers=num_workers)
    model = Model()
    if init_from is not None:
        _copy_weights(init_from, model, torch)
    criterion = torch.nn.BCELoss(reduction="mean")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    losses = []
    for epoch in range(epochs):
        for i, (inputs, labels) in enumerate(train_loader):
            loss = criterion(model(inputs), labels)
            losses.append(loss.item())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model, losses


@pytest.mark.slow
def test_diabetes_mlp_over_a_dataloader_matches_torch(tmp_path):
    path = tmp_path / "diabetes.csv.gz"
    _write_diabetes_csv(path)
    t0 = diabetes_mlp(real_torch, path, epochs=0)[0]
    _, t_losses = diabetes_mlp(real_torch, path, init_from=t0)
    _, m_losses = diabetes_mlp(minitorch, path, init_from=t0)
    assert len(m_losses) == len(t_losses) == 80
    np.testing.assert_allclose(m_losses, t_losses, rtol=1e-4, atol=1e-5)
    first_epoch, last_epoch = np.mean(m_losses[:8]), np.mean(m_losses[-8:])
    assert last_epoch < first_epoch


def digits_softmax_classifier(torch, init_from=None, epochs=5):
    """The course's MNIST softmax classifier, on scikit-learn's bundled 8x8 digits."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    n_train = 1400
    x_train, y_train = torch.from_numpy(x[:n_train]), torch.from_numpy(y[:n_train])
    x_test, y_test = torch.from_numpy(x[n_train:]), torch.from_numpy(y[n_train:])

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.l1 = torch.nn.Linear(64, 32)
            self.l2 = torch.nn.Linear(32, 10)

        def forward(self, x):
            x = x.view(-1, 64)
            return self.l2(torch.nn.functional.relu(self.l1(x)))

    model = Net()
    if init_from is not None:
        _copy_weights(init_from, model, torch)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
    for epoch in range(epochs):
        model.train()
        for start in range(0, n_train, 64):
            data, target = x_train[start:start + 64], y_train[start:start + 64]
            optimizer.zero_grad()
            loss = criterion(model(data), target)
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        pred = model(x_test).max(1, keepdim=True)[1]
        correct = pred.eq(y_test.view_as(pred)).sum().item()
    return model, correct / len(y_test)


@pytest.mark.slow
def test_softmax_classifier_on_bundled_digits_matches_torch_accuracy():
    t0 = digits_softmax_classifier(real_torch, epochs=0)[0]
    _, t_acc = digits_softmax_classifier(real_torch, init_from=t0)
    _, m_acc = digits_softmax_classifier(minitorch, init_from=t0)
    assert m_acc > 0.8
    assert abs(m_acc - t_acc) < 0.03


def test_bce_on_a_regression_target_raises_torchs_error():
    def program(torch):
        model = torch.nn.Linear(1, 1)
        criterion = torch.nn.BCELoss()
        y_pred = torch.sigmoid(model(torch.tensor([[1.0], [2.0]])))
        return criterion(y_pred, torch.tensor([[2.0], [4.0]]))  # a regression target, not a probability

    with pytest.raises(RuntimeError) as theirs:
        program(real_torch)
    with pytest.raises(RuntimeError) as ours:
        program(minitorch)
    assert str(ours.value) == str(theirs.value)
    assert "all elements of target should be between 0 and 1" in str(ours.value)
