"""RNN, GRU, LSTM and their cells against torch.

* a hypothesis-drawn configuration space (cell type, layers, bidirectional, batch_first, bias,
  initial state, packed input with sorted or unsorted lengths, LSTM projections, unbatched input,
  float64 and float32), torch's weights loaded into ours: outputs, h_n/c_n, the input's and the
  initial states' gradients and every parameter's gradient;
* float64 gradchecks of every cell and module on tiny sizes;
* torch's errors, reprs, state_dict keys and init; the size of the graph (one node per layer and
  direction, whatever the sequence length); grad_fn names (torch's CPU ones);
* the course's programs, written once for ``torch`` and run with both libraries from the same
  initial weights: the three "hello" -> "ohlol" programs and the name -> country classifier.
"""
import csv
import gzip

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import minitorch
from minitorch.autograd import gradcheck

MODES = {"RNN_TANH": ("RNN", {}), "RNN_RELU": ("RNN", {"nonlinearity": "relu"}), "GRU": ("GRU", {}),
         "LSTM": ("LSTM", {})}


def _np(t):
    return t.detach().numpy()


def _flat(out):
    """Every tensor of an RNN's result, a PackedSequence contributing its data."""
    if isinstance(out, (tuple, list)) and hasattr(out, "batch_sizes"):
        return [out.data]
    if isinstance(out, (tuple, list)):
        return [t for item in out for t in _flat(item)]
    return [out]


def _pair_modules(cls_name, *args, dtype="float64", **kwargs):
    """torch's module and ours with torch's state_dict loaded as it is (torch tensors)."""
    t = getattr(torch.nn, cls_name)(*args, **kwargs).to(getattr(torch, dtype))
    m = getattr(minitorch.nn, cls_name)(*args, **kwargs).to(getattr(minitorch, dtype))
    result = m.load_state_dict(t.state_dict())
    assert not result.missing_keys and not result.unexpected_keys
    return t, m


# -- the configuration space ----------------------------------------------------------------------------------
@st.composite
def configurations(draw):
    mode = draw(st.sampled_from(sorted(MODES)))
    c = dict(mode=mode, layers=draw(st.integers(1, 3)), bidirectional=draw(st.booleans()),
             batch_first=draw(st.booleans()), bias=draw(st.booleans()), given_state=draw(st.booleans()),
             T=draw(st.integers(1, 5)), B=draw(st.integers(1, 4)), I=draw(st.integers(1, 4)),
             H=draw(st.integers(2, 5)), dtype=draw(st.sampled_from(["float64", "float32"])),
             seed=draw(st.integers(0, 2 ** 16)))
    c["proj"] = draw(st.integers(0, c["H"] - 1)) if mode == "LSTM" else 0
    c["packed"] = draw(st.booleans())
    c["unbatched"] = not c["packed"] and draw(st.integers(0, 3)) == 0
    if c["packed"]:
        lengths = draw(st.lists(st.integers(1, c["T"]), min_size=c["B"], max_size=c["B"]))
        c["enforce_sorted"] = draw(st.booleans())
        c["lengths"] = sorted(lengths, reverse=True) if c["enforce_sorted"] else lengths
    return c


def _run_configuration(lib, module, c, x_arr, state_arrs):
    """Call the module as the configuration says; return (leaves that need grad, flat outputs)."""
    x = lib.tensor(x_arr, requires_grad=True)
    states = [lib.tensor(a, requires_grad=True) for a in state_arrs]
    inp = x
    if c["packed"]:
        inp = lib.nn.utils.rnn.pack_padded_sequence(x, c["lengths"], batch_first=c["batch_first"],
                                                    enforce_sorted=c["enforce_sorted"])
    if not states:
        out = module(inp)
    else:
        out = module(inp, tuple(states) if c["mode"] == "LSTM" else states[0])
    return [x] + states, _flat(out)


@settings(max_examples=60)
@given(configurations())
def test_sequence_modules_match_torch(c):
    cls, extra = MODES[c["mode"]]
    kwargs = dict(extra, num_layers=c["layers"], bidirectional=c["bidirectional"], batch_first=c["batch_first"],
                  bias=c["bias"])
    if c["proj"]:
        kwargs["proj_size"] = c["proj"]
    t_mod, m_mod = _pair_modules(cls, c["I"], c["H"], dtype=c["dtype"], **kwargs)
    assert list(m_mod.state_dict()) == list(t_mod.state_dict())
    rng = np.random.default_rng(c["seed"])
    T, B = c["T"], c["B"]
    x_shape = (T, c["I"]) if c["unbatched"] else ((B, T, c["I"]) if c["batch_first"] else (T, B, c["I"]))
    x_arr = rng.uniform(-2, 2, x_shape).astype(c["dtype"])
    states = []
    if c["given_state"]:
        lead = (c["layers"] * (2 if c["bidirectional"] else 1),) + (() if c["unbatched"] else (B,))
        states.append(rng.uniform(-1, 1, lead + (c["proj"] or c["H"],)).astype(c["dtype"]))
        if c["mode"] == "LSTM":
            states.append(rng.uniform(-1, 1, lead + (c["H"],)).astype(c["dtype"]))
    t_leaves, t_outs = _run_configuration(torch, t_mod, c, x_arr, states)
    m_leaves, m_outs = _run_configuration(minitorch, m_mod, c, x_arr, states)

    tol = dict(rtol=1e-4, atol=1e-5) if c["dtype"] == "float32" else dict(rtol=1e-9, atol=1e-11)
    assert len(m_outs) == len(t_outs)
    for m, t in zip(m_outs, t_outs):
        assert tuple(m.shape) == tuple(t.shape) and str(m.dtype)[10:] == str(t.dtype)[6:]
        np.testing.assert_allclose(_np(m), _np(t), **tol)
    ups = [rng.standard_normal(tuple(t.shape)).astype(c["dtype"]) for t in t_outs]
    torch.autograd.backward(t_outs, [torch.tensor(u) for u in ups])
    minitorch.autograd.backward(m_outs, [minitorch.tensor(u) for u in ups])
    for m, t in zip(m_leaves, t_leaves):
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), **tol)
    for (name, t), (m_name, m) in zip(t_mod.named_parameters(), m_mod.named_parameters()):
        assert name == m_name
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), err_msg=name, **tol)


@settings(max_examples=30)
@given(st.sampled_from(["RNN_TANH", "RNN_RELU", "GRU", "LSTM"]), st.booleans(), st.booleans(), st.booleans(),
       st.integers(1, 4), st.sampled_from(["float64", "float32"]), st.integers(0, 2 ** 16))
def test_cells_match_torch(mode, bias, given_state, unbatched, batch, dtype, seed):
    cls = {"RNN_TANH": "RNNCell", "RNN_RELU": "RNNCell", "GRU": "GRUCell", "LSTM": "LSTMCell"}[mode]
    extra = {"nonlinearity": "relu"} if mode == "RNN_RELU" else {}
    t_mod, m_mod = _pair_modules(cls, 3, 4, dtype=dtype, bias=bias, **extra)
    rng = np.random.default_rng(seed)
    lead = () if unbatched else (batch,)
    arrays = [rng.uniform(-2, 2, lead + (3,)).astype(dtype)]
    if given_state:
        arrays += [rng.uniform(-1, 1, lead + (4,)).astype(dtype) for _ in range(2 if mode == "LSTM" else 1)]
    results = []
    for lib, mod in ((torch, t_mod), (minitorch, m_mod)):
        leaves = [lib.tensor(a, requires_grad=True) for a in arrays]
        hx = None if len(leaves) == 1 else tuple(leaves[1:]) if mode == "LSTM" else leaves[1]
        out = _flat(mod(leaves[0]) if hx is None else mod(leaves[0], hx))
        results.append((leaves, out))
    (t_leaves, t_outs), (m_leaves, m_outs) = results
    tol = dict(rtol=1e-4, atol=1e-6) if dtype == "float32" else dict(rtol=1e-10, atol=1e-12)
    for m, t in zip(m_outs, t_outs):
        np.testing.assert_allclose(_np(m), _np(t), **tol)
    ups = [rng.standard_normal(tuple(t.shape)).astype(dtype) for t in t_outs]
    torch.autograd.backward(t_outs, [torch.tensor(u) for u in ups])
    minitorch.autograd.backward(m_outs, [minitorch.tensor(u) for u in ups])
    for m, t in zip(m_leaves, t_leaves):
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), **tol)
    for (name, t), (_, m) in zip(t_mod.named_parameters(), m_mod.named_parameters()):
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), err_msg=name, **tol)


def test_relu_cell_edge_values_as_torch():
    """A relu RNN cell follows torch's relu: -0.0 and NaN pass through, and an infinite gradient
    at a clipped unit gives 0 (a select), not NaN (inf * 0)."""
    results = []
    for lib in (minitorch, torch):
        cell = lib.nn.RNNCell(2, 4, nonlinearity="relu").double()
        with lib.no_grad():
            cell.weight_ih.copy_(lib.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]))
            cell.weight_hh.zero_()
            cell.bias_ih.zero_()
            cell.bias_hh.zero_()
        x = lib.tensor([[3.0, -0.0], [float("nan"), 2.0]], dtype=lib.float64, requires_grad=True)
        h = cell(x)
        h.backward(lib.tensor([[1.0, 2.0, float("inf"), 4.0], [5.0, 6.0, 7.0, float("inf")]], dtype=lib.float64))
        results.append((h.detach().numpy(), x.grad.numpy()))
    (mh, mg), (th, tg) = results
    np.testing.assert_array_equal(mh, th)
    np.testing.assert_array_equal(np.signbit(mh), np.signbit(th))
    np.testing.assert_array_equal(mg, tg)


def test_packed_final_state_is_each_sequence_at_its_own_length():
    """Run each sequence alone, unpacked, and compare with its column of the packed run's h_n."""
    minitorch.manual_seed(0)
    gru = minitorch.nn.GRU(3, 4, num_layers=2, bidirectional=True).double()
    x = minitorch.randn(6, 3, 3, dtype=minitorch.float64)
    lengths = [4, 6, 2]
    out, h_n = gru(minitorch.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False))
    padded, _ = minitorch.nn.utils.rnn.pad_packed_sequence(out)
    for b, n in enumerate(lengths):
        alone_out, alone_h = gru(x[:n, b:b + 1])
        np.testing.assert_allclose(_np(h_n[:, b]), _np(alone_h[:, 0]), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(_np(padded[:n, b]), _np(alone_out[:, 0]), rtol=1e-12, atol=1e-14)
        assert not padded[n:, b].detach().numpy().any()


# -- gradcheck (float64) --------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls, extra", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}), ("GRUCell", {}),
                                        ("LSTMCell", {})])
@pytest.mark.parametrize("unbatched", [False, True])
def test_gradcheck_cells(cls, extra, unbatched):
    minitorch.manual_seed(1)
    cell = getattr(minitorch.nn, cls)(2, 3, **extra).double()
    lead = () if unbatched else (2,)
    x = minitorch.randn(*lead, 2, dtype=minitorch.float64, requires_grad=True)
    h = minitorch.randn(*lead, 3, dtype=minitorch.float64, requires_grad=True)
    c = minitorch.randn(*lead, 3, dtype=minitorch.float64, requires_grad=True)
    if cls == "LSTMCell":
        assert gradcheck(lambda x, h, c, *p: cell(x, (h, c)), (x, h, c, *cell.parameters()))
    else:
        assert gradcheck(lambda x, h, *p: cell(x, h), (x, h, *cell.parameters()))


@pytest.mark.parametrize("cls, kwargs, packed", [
    ("RNN", {"num_layers": 2}, False),
    ("RNN", {"nonlinearity": "relu", "bidirectional": True, "batch_first": True}, False),
    ("GRU", {"num_layers": 2, "bidirectional": True}, True),
    ("GRU", {"bias": False, "batch_first": True}, True),
    ("LSTM", {"num_layers": 2}, False),
    ("LSTM", {"bidirectional": True, "proj_size": 1}, True),
])
def test_gradcheck_modules(cls, kwargs, packed):
    minitorch.manual_seed(2)
    mod = getattr(minitorch.nn, cls)(2, 2, **kwargs).double()
    layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
    batch_first = kwargs.get("batch_first", False)
    x = minitorch.randn(*((3, 4) if batch_first else (4, 3)), 2, dtype=minitorch.float64, requires_grad=True)
    h = minitorch.randn(layers, 3, kwargs.get("proj_size") or 2, dtype=minitorch.float64, requires_grad=True)
    c = minitorch.randn(layers, 3, 2, dtype=minitorch.float64, requires_grad=True)

    def run(x, h, c, *params):
        inp = x
        if packed:
            inp = minitorch.nn.utils.rnn.pack_padded_sequence(x, [2, 4, 3], batch_first=batch_first,
                                                              enforce_sorted=False)
        out = mod(inp, (h, c) if cls == "LSTM" else h)
        return tuple(_flat(out))

    assert gradcheck(run, (x, h, c, *mod.parameters()))


# -- structure: graph size, names, state_dict, init, reprs ----------------------------------------------------
def _graph_nodes(t):
    seen, stack = set(), [t.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen or type(node).__name__ == "AccumulateGrad":
            continue
        seen.add(node)
        stack.extend(n for n, _ in node.next_functions)
    return seen


@pytest.mark.parametrize("cls", ["RNN", "GRU", "LSTM"])
def test_one_graph_node_per_layer_and_direction_whatever_the_length(cls):
    mod = getattr(minitorch.nn, cls)(3, 4, num_layers=2, bidirectional=True)
    for steps in (2, 30):
        out, _ = mod(minitorch.randn(steps, 5, 3, requires_grad=True))
        names = sorted(type(n).__name__ for n in _graph_nodes(out))
        assert names == ["CatBackward0"] * 2 + ["StackBackward0"] * 4  # 2 layers x 2 directions, 2 cats


def test_cells_are_one_node_per_call():
    cell = minitorch.nn.GRUCell(3, 4)
    h = cell(minitorch.randn(2, 3, requires_grad=True), minitorch.randn(2, 4, requires_grad=True))
    assert len(_graph_nodes(h)) == 1


GRAD_FN_CASES = [
    ("RNN", {}, "padded"), ("GRU", {"num_layers": 2}, "padded"), ("LSTM", {}, "padded"),
    ("GRU", {"bidirectional": True}, "padded"), ("RNN", {"batch_first": True}, "padded"),
    ("GRU", {"batch_first": True, "bidirectional": True}, "padded"), ("LSTM", {"batch_first": True}, "padded"),
    ("GRU", {}, "packed"), ("LSTM", {"bidirectional": True}, "packed"), ("GRU", {}, "unsorted"),
    ("RNN", {}, "unbatched"), ("LSTM", {"num_layers": 2}, "unbatched"),
]


@pytest.mark.parametrize("cls, kwargs, kind", GRAD_FN_CASES)
def test_grad_fn_names_match_torchs_cpu_float64_ones(cls, kwargs, kind):
    names = []
    for lib in (torch, minitorch):
        mod = getattr(lib.nn, cls)(3, 4, **kwargs).double()
        x = lib.randn(5, 3, 3, dtype=lib.float64, requires_grad=True)
        if kind == "unbatched":
            x = lib.randn(5, 3, dtype=lib.float64, requires_grad=True)
        elif kind != "padded":
            lengths = [5, 3, 2] if kind == "packed" else [3, 5, 2]
            x = lib.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=kind == "packed")
        out = _flat(mod(x))
        names.append([type(t.grad_fn).__name__ for t in out])
    assert names[1] == names[0]


@pytest.mark.parametrize("cls, extra", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}), ("GRUCell", {}),
                                        ("LSTMCell", {})])
@pytest.mark.parametrize("shape", [(2, 3), (3,)])
def test_cell_grad_fn_names_match_torch(cls, extra, shape):
    """Every output's node name (an LSTM cell's h and c have different ones)."""
    names = []
    for lib in (torch, minitorch):
        out = getattr(lib.nn, cls)(3, 4, **extra)(lib.randn(*shape, requires_grad=True))
        names.append([type(t.grad_fn).__name__ for t in (out if isinstance(out, tuple) else (out,))])
    assert names[1] == names[0]


@pytest.mark.parametrize("cls, kwargs", [
    ("RNN", {"num_layers": 3, "bidirectional": True}), ("GRU", {"num_layers": 2, "bias": False}),
    ("LSTM", {"num_layers": 2, "bidirectional": True, "proj_size": 2}), ("RNNCell", {}), ("GRUCell", {"bias": False}),
    ("LSTMCell", {}),
])
def test_state_dict_keys_shapes_and_torch_state_dict_loads_as_is(cls, kwargs):
    t = getattr(torch.nn, cls)(3, 5, **kwargs)
    m = getattr(minitorch.nn, cls)(3, 5, **kwargs)
    assert [(k, tuple(v.shape)) for k, v in m.state_dict().items()] == \
           [(k, tuple(v.shape)) for k, v in t.state_dict().items()]
    m.load_state_dict(t.state_dict())
    for (name, p), (_, q) in zip(m.named_parameters(), t.named_parameters()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy(), err_msg=name)


@pytest.mark.parametrize("cls", ["RNN", "GRU", "LSTM", "RNNCell", "GRUCell", "LSTMCell"])
def test_init_is_uniform_within_one_over_sqrt_hidden(cls):
    minitorch.manual_seed(0)
    m = getattr(minitorch.nn, cls)(30, 64)
    bound = 1 / 8
    for name, p in m.named_parameters():
        v = p.detach().numpy()
        assert v.dtype == np.float32 and np.abs(v).max() <= bound, name
        assert abs(v.std() - bound / np.sqrt(3)) < 0.15 * bound, name  # U(-b, b) has std b / sqrt(3)


REPRS = [
    ("GRU", (100, 100), {"num_layers": 2, "bidirectional": True}),
    ("RNN", (5, 4), {"bias": False, "batch_first": True, "dropout": 0.2, "nonlinearity": "relu", "num_layers": 2}),
    ("LSTM", (3, 4), {"proj_size": 2}), ("RNN", (5, 4), {}), ("RNNCell", (3, 4), {}),
    ("RNNCell", (3, 4), {"bias": False, "nonlinearity": "relu"}), ("GRUCell", (3, 4), {}),
    ("LSTMCell", (3, 4), {"bias": False}),
]


@pytest.mark.parametrize("cls, args, kwargs", REPRS)
def test_repr_matches_torch(cls, args, kwargs):
    assert repr(getattr(minitorch.nn, cls)(*args, **kwargs)) == repr(getattr(torch.nn, cls)(*args, **kwargs))


def test_attributes_match_torch():
    for lib in (torch, minitorch):
        g = lib.nn.GRU(3, 4, num_layers=2, bidirectional=True)
        assert g.mode == "GRU" and g._flat_weights_names[:4] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0",
                                                                  "bias_hh_l0"]
        assert [tuple(w.shape) for w in g.all_weights[1]] == [(12, 3), (12, 4), (12,), (12,)]
    assert minitorch.nn.RNN(3, 4, nonlinearity="relu").nonlinearity == "relu"


def test_dropout_between_layers_in_training_only():
    minitorch.manual_seed(0)
    g = minitorch.nn.GRU(3, 4, num_layers=2, dropout=0.5)
    x = minitorch.randn(5, 2, 3)
    a, b = g(x)[0], g(x)[0]
    assert not np.allclose(_np(a), _np(b))  # different dropout masks
    g.eval()
    np.testing.assert_array_equal(_np(g(x)[0]), _np(g(x)[0]))
    single = minitorch.nn.GRU(3, 4, num_layers=1, dropout=0.0)
    np.testing.assert_array_equal(_np(single(x)[0]), _np(single(x)[0]))


# -- errors ---------------------------------------------------------------------------------------------------
def _gru(t):
    return t.nn.GRU(10, 20, num_layers=2)


def _lstm(t):
    return t.nn.LSTM(10, 20)


ERRORS = [
    lambda t: _gru(t)(t.randn(5, 3, 5)),
    lambda t: _gru(t)(t.randn(5, 3, 10, 2)),
    lambda t: _gru(t)(t.randn(10)),
    lambda t: _gru(t)(t.randn(5, 3, 10), t.randn(2, 4, 20)),
    lambda t: _gru(t)(t.randn(5, 3, 10), t.randn(1, 3, 20)),
    lambda t: _gru(t)(t.randn(5, 10), t.randn(2, 3, 20)),
    lambda t: _gru(t)(t.randn(5, 3, 10), t.randn(2, 20)),
    lambda t: _gru(t)(t.randn(5, 3, 10), t.randn(2, 3, 20).double()),
    lambda t: _gru(t)(t.nn.utils.rnn.pack_padded_sequence(t.randn(5, 3, 10), [5, 4, 2]), t.randn(2, 2, 20)),
    lambda t: _lstm(t)(t.randn(5, 3, 10), (t.randn(1, 3, 20), t.randn(1, 2, 20))),
    lambda t: _lstm(t)(t.randn(5, 3, 10), (t.randn(1, 3, 20), t.randn(1, 3, 21))),
    lambda t: _lstm(t)(t.randn(5, 3, 10), (t.randn(1, 3, 20), t.randn(3, 20))),
    lambda t: t.nn.GRUCell(10, 20)(t.randn(3, 5)),
    lambda t: t.nn.GRUCell(10, 20)(t.randn(3, 10), t.randn(2, 20)),
    lambda t: t.nn.GRUCell(10, 20)(t.randn(3, 10), t.randn(3, 21)),
    lambda t: t.nn.GRUCell(10, 20)(t.randn(3, 3, 10)),
    lambda t: t.nn.GRUCell(10, 20)(t.randn(10), t.randn(1, 20)),
    lambda t: t.nn.RNNCell(10, 20)(t.randn(3, 10), t.randn(3, 3, 20)),
    lambda t: t.nn.LSTMCell(10, 20)(t.randn(3, 10), t.randn(3, 20)),
    lambda t: t.nn.LSTMCell(10, 20)(t.randn(3, 10), (t.randn(3, 20), t.randn(2, 20))),
    lambda t: t.nn.RNN(10, 20, nonlinearity="sigmoid"),
    lambda t: t.nn.RNN(10, 20, dropout=1.5),
    lambda t: t.nn.RNN(10, 20, num_layers=0),
    lambda t: t.nn.RNN(10, 0),
    lambda t: t.nn.RNN(10, 20.0),
    lambda t: t.nn.GRU(10, 20, proj_size=2),
    lambda t: t.nn.LSTM(10, 20, proj_size=20),
    lambda t: t.nn.LSTM(10, 20, proj_size=-1),
]


def _error(fn, lib):
    with pytest.raises(Exception) as info:
        fn(lib)
    return type(info.value), str(info.value).replace("minitorch.", "torch.")


@pytest.mark.parametrize("fn", ERRORS)
def test_errors_match_torch(fn):
    assert _error(fn, minitorch) == _error(fn, torch)


def test_dropout_with_one_layer_warns_as_torch():
    for lib in (torch, minitorch):
        with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
            lib.nn.GRU(3, 4, dropout=0.5)


# -- the course's programs ------------------------------------------------------------------------------------
IDX2CHAR = ["e", "h", "l", "o"]
X_DATA = [1, 0, 2, 2, 3]   # "hello"
Y_DATA = [3, 1, 2, 3, 2]   # "ohlol"
ONE_HOT = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]


def _copy_weights(src, dst):
    """Start from torch's initial weights (minitorch loads a torch state_dict as it is)."""
    dst.load_state_dict(src.state_dict())


def hello_rnncell(torch, init_from=None, epochs=15):
    """RNNCell called in a Python loop, one character at a time."""
    input_size, hidden_size, batch_size = 4, 4, 1
    inputs = torch.Tensor([ONE_HOT[x] for x in X_DATA]).view(-1, batch_size, input_size)
    labels = torch.LongTensor(Y_DATA).view(-1, 1)

    class Model(torch.nn.Module):
        def __init__(self, input_size, hidden_size, batch_size):
            super(Model, self).__init__()
            self.batch_size = batch_size
            self.input_size = input_size
            self.hidden_size = hidden_size
            self.rnncell = torch.nn.RNNCell(input_size=self.input_size, hidden_size=self.hidden_size)

        def forward(self, input, hidden):
            hidden = self.rnncell(input, hidden)
            return hidden

        def init_hidden(self):
            return torch.zeros(self.batch_size, self.hidden_size)

    net = Model(input_size, hidden_size, batch_size)
    if init_from is not None:
        _copy_weights(init_from, net)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.1)
    losses, predicted = [], ""
    for epoch in range(epochs):
        loss = 0
        optimizer.zero_grad()
        hidden = net.init_hidden()
        predicted = ""
        for input, label in zip(inputs, labels):
            hidden = net(input, hidden)
            loss += criterion(hidden, label)
            _, idx = hidden.max(dim=1)
            predicted += IDX2CHAR[idx.item()]
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return net, losses, predicted


def hello_rnn(torch, init_from=None, epochs=15):
    """nn.RNN over the whole sequence at once."""
    input_size, hidden_size, batch_size, num_layers, seq_len = 4, 4, 1, 1, 5
    inputs = torch.Tensor([ONE_HOT[x] for x in X_DATA]).view(seq_len, batch_size, input_size)
    labels = torch.LongTensor(Y_DATA)

    class Model(torch.nn.Module):
        def __init__(self, input_size, hidden_size, batch_size, num_layers=1):
            super(Model, self).__init__()
            self.num_layers = num_layers
            self.batch_size = batch_size
            self.input_size = input_size
            self.hidden_size = hidden_size
            self.rnn = torch.nn.RNN(input_size=self.input_size, hidden_size=self.hidden_size,
                                    num_layers=num_layers)

        def forward(self, input):
            hidden = torch.zeros(self.num_layers, self.batch_size, self.hidden_size)
            out, _ = self.rnn(input, hidden)
            return out.view(-1, self.hidden_size)

    net = Model(input_size, hidden_size, batch_size, num_layers)
    if init_from is not None:
        _copy_weights(init_from, net)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.05)
    losses, predicted = [], ""
    for epoch in range(epochs):
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        _, idx = outputs.max(dim=1)
        idx = idx.data.numpy()
        predicted = "".join([IDX2CHAR[x] for x in idx])
        losses.append(loss.item())
    return net, losses, predicted


def hello_embedding(torch, init_from=None, epochs=15):
    """Embedding + 2-layer RNN with batch_first + Linear."""
    num_class, input_size, hidden_size, embedding_size, num_layers = 4, 4, 8, 10, 2
    inputs = torch.LongTensor([X_DATA])   # (batch, seq_len)
    labels = torch.LongTensor(Y_DATA)

    class Model(torch.nn.Module):
        def __init__(self):
            super(Model, self).__init__()
            self.emb = torch.nn.Embedding(input_size, embedding_size)
            self.rnn = torch.nn.RNN(input_size=embedding_size, hidden_size=hidden_size, num_layers=num_layers,
                                    batch_first=True)
            self.fc = torch.nn.Linear(hidden_size, num_class)

        def forward(self, x):
            hidden = torch.zeros(num_layers, x.size(0), hidden_size)
            x = self.emb(x)  # (batch, seqLen, embeddingSize)
            x, _ = self.rnn(x, hidden)
            x = self.fc(x)
            return x.view(-1, num_class)

    net = Model()
    if init_from is not None:
        _copy_weights(init_from, net)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.05)
    losses, predicted = [], ""
    for epoch in range(epochs):
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        _, idx = outputs.max(dim=1)
        idx = idx.data.numpy()
        predicted = "".join([IDX2CHAR[x] for x in idx])
        losses.append(loss.item())
    return net, losses, predicted


@pytest.mark.parametrize("program", [hello_rnncell, hello_rnn, hello_embedding])
def test_hello_programs_reach_torchs_losses(program):
    torch.manual_seed(0)
    reference = program(torch, epochs=0)[0]  # the initial weights both libraries start from
    t_net, t_losses, t_pred = program(torch, init_from=reference)
    m_net, m_losses, m_pred = program(minitorch, init_from=reference)
    np.testing.assert_allclose(m_losses, t_losses, rtol=2e-4, atol=2e-5)
    assert m_pred == t_pred
    assert m_losses[-1] < 0.75 * m_losses[0]


# -- the name classifier --------------------------------------------------------------------------------------
COUNTRIES = ["Arabic", "Chinese", "Czech", "Dutch", "English", "French", "German", "Greek", "Irish", "Italian",
             "Japanese", "Korean", "Polish", "Portuguese", "Russian", "Scottish", "Spanish", "Vietnamese"]
# four syllables per country, so that a name's letters say where it is from
SYLLABLES = ("al ha ib kh  ch xi zh ao  cz vl ck ry  de oo ij va  th wo ly sh  eu au le ou  st ei er ch  "
             "po os is ph  Mc Oy gh ea  ni tt ll io  ta ko mo ki  yu ok ja wi  sz ew ak cy  ra ao ui nh  "
             "ov ev in sk  Ma ac ie ue  ez oz ar gu  ng uy tr ph").split()


def _write_names(path, per_country, seed):
    """A names file in the course's format: gzipped CSV rows ``name,country``."""
    rng = np.random.default_rng(seed)
    rows = []
    for k, country in enumerate(COUNTRIES):
        own = SYLLABLES[4 * k:4 * k + 4]
        for _ in range(per_country):
            parts = [own[i] for i in rng.integers(0, len(own), size=rng.integers(2, 7))]
            name = "".join(parts)
            rows.append((name[0].upper() + name[1:], country))
    rng.shuffle(rows)
    with gzip.open(path, "wt", newline="") as f:
        csv.writer(f).writerows(rows)


def name_classifier(torch, train_file, test_file, init_from=None, epochs=2):
    """The course's name -> country classifier (lecture 13), with its data pipeline (the course's
    ``from torch.utils.data import Dataset, DataLoader`` becomes attribute access, to run with
    either library)."""
    Dataset, DataLoader = torch.utils.data.Dataset, torch.utils.data.DataLoader
    HIDDEN_SIZE, BATCH_SIZE, N_LAYER, N_CHARS = 100, 256, 2, 128

    class NameDataset(Dataset):
        def __init__(self, filename):
            with gzip.open(filename, "rt") as f:
                rows = list(csv.reader(f))
            self.names = [row[0] for row in rows]
            self.len = len(self.names)
            self.countries = [row[1] for row in rows]
            self.country_list = list(sorted(set(self.countries)))
            self.country_dict = {name: idx for idx, name in enumerate(self.country_list)}
            self.country_num = len(self.country_list)

        def __getitem__(self, index):
            return self.names[index], self.country_dict[self.countries[index]]

        def __len__(self):
            return self.len

        def getCountriesNum(self):
            return self.country_num

    trainset, testset = NameDataset(train_file), NameDataset(test_file)
    trainloader = DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=False)
    testloader = DataLoader(testset, batch_size=BATCH_SIZE, shuffle=False)
    N_COUNTRY = trainset.getCountriesNum()

    class RNNClassifier(torch.nn.Module):
        def __init__(self, input_size, hidden_size, output_size, n_layers=1, bidirectional=True):
            super(RNNClassifier, self).__init__()
            self.hidden_size = hidden_size
            self.n_layers = n_layers
            self.n_directions = 2 if bidirectional else 1
            self.embedding = torch.nn.Embedding(input_size, hidden_size)
            self.gru = torch.nn.GRU(hidden_size, hidden_size, n_layers, bidirectional=bidirectional)
            self.fc = torch.nn.Linear(hidden_size * self.n_directions, output_size)

        def _init_hidden(self, batch_size):
            return torch.zeros(self.n_layers * self.n_directions, batch_size, self.hidden_size)

        def forward(self, input, seq_lengths):
            input = input.t()
            batch_size = input.size(1)
            hidden = self._init_hidden(batch_size)
            embedding = self.embedding(input)
            gru_input = torch.nn.utils.rnn.pack_padded_sequence(embedding, seq_lengths)
            output, hidden = self.gru(gru_input, hidden)
            if self.n_directions == 2:
                hidden_cat = torch.cat([hidden[-1], hidden[-2]], dim=1)
            else:
                hidden_cat = hidden[-1]
            return self.fc(hidden_cat)

    def make_tensors(names, countries):
        sequences_and_lengths = [([ord(c) for c in name], len(name)) for name in names]
        name_sequences = [sl[0] for sl in sequences_and_lengths]
        seq_lengths = torch.LongTensor([sl[1] for sl in sequences_and_lengths])
        countries = countries.long()
        seq_tensor = torch.zeros(len(name_sequences), seq_lengths.max()).long()
        for idx, (seq, seq_len) in enumerate(zip(name_sequences, seq_lengths), 0):
            seq_tensor[idx, :seq_len] = torch.LongTensor(seq)
        seq_lengths, perm_idx = seq_lengths.sort(dim=0, descending=True)
        return seq_tensor[perm_idx], seq_lengths, countries[perm_idx]

    classifier = RNNClassifier(N_CHARS, HIDDEN_SIZE, N_COUNTRY, N_LAYER)
    if init_from is not None:
        _copy_weights(init_from, classifier)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(classifier.parameters(), lr=0.001)

    losses = []
    for epoch in range(epochs):
        for names, countries in trainloader:
            inputs, seq_lengths, target = make_tensors(names, countries)
            loss = criterion(classifier(inputs, seq_lengths), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    correct = 0
    with torch.no_grad():
        for names, countries in testloader:
            inputs, seq_lengths, target = make_tensors(names, countries)
            pred = classifier(inputs, seq_lengths).max(dim=1, keepdim=True)[1]
            correct += pred.eq(target.view_as(pred)).sum().item()
    return classifier, losses, correct / len(testset)


@pytest.mark.slow
def test_name_classifier_trains_like_torch(tmp_path):
    train_file, test_file = tmp_path / "names_train.csv.gz", tmp_path / "names_test.csv.gz"
    _write_names(train_file, 40, seed=0)
    _write_names(test_file, 10, seed=1)
    torch.manual_seed(0)
    reference = name_classifier(torch, train_file, test_file, epochs=0)[0]
    t_model, t_losses, t_acc = name_classifier(torch, train_file, test_file, init_from=reference)
    m_model, m_losses, m_acc = name_classifier(minitorch, train_file, test_file, init_from=reference)
    np.testing.assert_allclose(m_losses, t_losses, rtol=2e-3)
    chance = 1 / len(COUNTRIES)
    assert m_acc > 3 * chance and t_acc > 3 * chance
    assert abs(m_acc - t_acc) <= 0.05
