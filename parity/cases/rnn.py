"""Parity of the recurrent family: RNN, GRU and LSTM (whole sequences) and their cells, Embedding
and ``F.embedding``, and the packing functions of ``nn.utils.rnn``.

The sequence layers are ``ModuleCase``s (torch's weights copied into ours; outputs, h_n/c_n, the
input's and initial states' gradients and every parameter's gradient compared) over every
combination of bidirectional x batch_first x bias x initial state given x packed input with
unsorted lengths, for each cell type, the number of layers cycling through 1, 2, 3.

grad_fn names are compared only where torch's do not depend on the backend: torch names an RNN's
output after the kernel that made it (its native CPU loop, oneDNN for float32 LSTMs, cuDNN on a
GPU), and a GRU/LSTM cell's after its fused CUDA kernel on a GPU. tests/test_rnn.py checks
minitorch's names against torch's CPU ones.
"""
import contextlib
import itertools

from parity.case import Arg, OpCase, indices
from parity.module_case import ModuleCase

T, B, I, H = 5, 3, 3, 4
LENGTHS = [3, 5, 2]  # unsorted, with the padded length among them

MODES = {  # name -> (module class name, extra constructor arguments)
    "RNN_TANH": ("RNN", {}),
    "RNN_RELU": ("RNN", {"nonlinearity": "relu"}),
    "GRU": ("GRU", {}),
    "LSTM": ("LSTM", {}),
}


def _sequence_call(packed, batch_first, lstm):
    """``call(lib, module, x, *states)``: pack x if asked, pass the states if given."""
    def call(t, m, x, *states):
        if packed:
            x = t.nn.utils.rnn.pack_padded_sequence(x, LENGTHS, batch_first=batch_first, enforce_sorted=False)
        if not states:
            return m(x)
        return m(x, tuple(states) if lstm else states[0])
    return call


# cuDNN (on a GPU) sums a weight's gradient over all time steps in its own order: in float32 that
# differs from a step-by-step sum by up to ~1e-4 of the gradient's scale
SEQUENCE_ATOL = {"float64": 1e-10, "float32": 1e-4}


def _sequence_case(mode, layers, bidirectional, batch_first, bias, given_state, packed, proj_size=0, batched=True,
                   dropout=0.0, train=True):
    cls, extra = MODES[mode]
    kwargs = dict(extra, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias,
                  dropout=dropout)
    if proj_size:
        kwargs["proj_size"] = proj_size
    lstm = mode == "LSTM"
    states = layers * (2 if bidirectional else 1)
    x_shape = ((B, T, I) if batch_first else (T, B, I)) if batched else (T, I)
    h_shape = (states, B) if batched else (states,)
    args = [x_shape]
    if given_state:
        args.append(h_shape + (proj_size or H,))
        if lstm:
            args.append(h_shape + (H,))
    name = "/".join([mode, f"L{layers}"] + [flag for flag, on in [
        ("bi", bidirectional), ("batch_first", batch_first), ("nobias", not bias), ("h0", given_state),
        ("packed", packed), (f"proj{proj_size}", proj_size), ("unbatched", not batched),
        (f"dropout{dropout}", dropout), ("eval", not train)] if on])
    # cuDNN has no backward in eval mode, so an eval case compares the forward only
    return ModuleCase(name, lambda t: getattr(t.nn, cls)(I, H, **kwargs), args, train=train,
                      call=_sequence_call(packed, batch_first, lstm), check_name=False, backward=train,
                      atol=SEQUENCE_ATOL)


def _sequence_cases():
    cases = []
    for mode in MODES:
        combos = itertools.product([False, True], repeat=5)
        for k, (bi, bf, bias, h0, packed) in enumerate(combos):
            cases.append(_sequence_case(mode, 1 + k % 3, bi, bf, not bias, h0, packed))
    cases += [
        _sequence_case("LSTM", 1, False, False, True, True, False, proj_size=2),
        _sequence_case("LSTM", 2, True, True, True, False, True, proj_size=3),
        _sequence_case("LSTM", 2, True, False, False, True, True, proj_size=1),
        _sequence_case("GRU", 2, True, False, True, True, False, batched=False),
        _sequence_case("LSTM", 1, False, True, True, True, False, batched=False),
        _sequence_case("RNN_TANH", 2, False, True, True, False, False, batched=False),
        _sequence_case("GRU", 3, True, False, True, False, False, dropout=0.5, train=False),
    ]
    return cases


# -- cells --------------------------------------------------------------------------------------------------
def _cell_case(cls, extra, bias, given_state, batched):
    lstm = cls == "LSTMCell"
    lead = (B,) if batched else ()
    args = [lead + (I,)]
    if given_state:
        args += [lead + (H,)] * (2 if lstm else 1)

    def call(t, m, x, *states):
        if not states:
            return m(x)
        return m(x, tuple(states) if lstm else states[0])

    flags = [f for f, on in [("nobias", not bias), ("h0", given_state), ("unbatched", not batched)] if on]
    name = "/".join([cls + ("/relu" if extra else "")] + flags)
    return ModuleCase(name, lambda t: getattr(t.nn, cls)(I, H, bias=bias, **extra), args, call=call,
                      check_name=cls == "RNNCell")


def _cell_cases():
    kinds = [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}), ("GRUCell", {}), ("LSTMCell", {})]
    return [_cell_case(cls, extra, bias, h0, batched)
            for (cls, extra), bias, h0, batched in itertools.product(kinds, [True, False], [True, False], [True, False])
]


# -- Embedding ---------------------------------------------------------------------------------------------
def _ids_with(pad, high):
    """Indices in [0, high) that include ``pad`` and repeat some values (for padding_idx and
    scale_grad_by_freq)."""
    def make(rng, shape):
        ids = rng.integers(0, high, size=shape)
        ids.flat[0] = pad
        ids.flat[-1] = ids.flat[1]
        return ids
    return make


IDS = Arg((4, 5), kind="int64", make=_ids_with(2, 10))

EMBEDDING_CASES = [
    ModuleCase("Embedding", lambda t: t.nn.Embedding(10, 3), [IDS]),
    ModuleCase("Embedding/padding_idx", lambda t: t.nn.Embedding(10, 3, padding_idx=2), [IDS]),
    ModuleCase("Embedding/padding_idx_negative", lambda t: t.nn.Embedding(10, 3, padding_idx=-8), [IDS]),
    ModuleCase("Embedding/max_norm", lambda t: t.nn.Embedding(10, 3, max_norm=1.0), [IDS]),
    ModuleCase("Embedding/max_norm_p1", lambda t: t.nn.Embedding(10, 3, max_norm=1.5, norm_type=1.0), [IDS]),
    ModuleCase("Embedding/scale_grad_by_freq", lambda t: t.nn.Embedding(10, 3, scale_grad_by_freq=True), [IDS]),
    ModuleCase("Embedding/1d_ids", lambda t: t.nn.Embedding(10, 3), [Arg((7,), kind="int64", make=indices(10))]),
    ModuleCase("Embedding/from_pretrained",
               lambda t: t.nn.Embedding.from_pretrained(t.randn(10, 3), freeze=False, padding_idx=2), [IDS]),
    ModuleCase("Embedding/many_ids", lambda t: t.nn.Embedding(20, 4),
               [Arg((300, 2), kind="int64", make=indices(20))]),
    OpCase("embedding/functional", lambda t, ids, w: t.nn.functional.embedding(ids, w), [IDS, (10, 3)]),
    OpCase("embedding/functional_padding_scale",
           lambda t, ids, w: t.nn.functional.embedding(ids, w, padding_idx=2, scale_grad_by_freq=True),
           [IDS, (10, 3)], finite_differences=False),
    OpCase("embedding/int32_ids", lambda t, ids, w: t.nn.functional.embedding(ids.int(), w), [IDS, (10, 3)]),
]


# -- packing -----------------------------------------------------------------------------------------------
def _rnn_utils(t):
    return t.nn.utils.rnn


def _cpu_default(t):
    """On a GPU the runner calls torch under ``with torch.device('cuda')``, where torch's own
    pack_sequence makes its lengths tensor on the GPU and then refuses it: keep torch's default
    device the CPU for the packing calls (tensors passed in stay where they are)."""
    return t.device("cpu") if t.__name__ == "torch" else contextlib.nullcontext()


def _pack_sequence(t, seqs, enforce_sorted=True):
    with _cpu_default(t):
        return _rnn_utils(t).pack_sequence(seqs, enforce_sorted=enforce_sorted)


def _pack(t, x, lengths=LENGTHS, batch_first=False, enforce_sorted=False):
    return _rnn_utils(t).pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)


PACKING_CASES = [
    OpCase("pack_padded_sequence/sorted", lambda t, x: _pack(t, x, [5, 3, 3, 1], enforce_sorted=True),
           [(T, 4, 2)]),
    OpCase("pack_padded_sequence/unsorted", lambda t, x: _pack(t, x), [(T, B, 2)]),
    OpCase("pack_padded_sequence/batch_first", lambda t, x: _pack(t, x, batch_first=True), [(B, T, 2)]),
    OpCase("pack_padded_sequence/lengths_tensor", lambda t, x: _pack(t, x, t.tensor(LENGTHS, device="cpu")),
           [(T, B)]),
    OpCase("pack_padded_sequence/ties", lambda t, x: _pack(t, x, [2, 4, 2, 4, 1]), [(4, 5, 3)]),
    OpCase("pad_packed_sequence/sorted",
           lambda t, x: _rnn_utils(t).pad_packed_sequence(_pack(t, x, [5, 3, 3, 1], enforce_sorted=True)),
           [(T, 4, 2)]),
    OpCase("pad_packed_sequence/unsorted_batch_first_total_length",
           lambda t, x: _rnn_utils(t).pad_packed_sequence(_pack(t, x), batch_first=True, padding_value=-1.5,
                                                         total_length=7), [(T, B, 2)]),
    OpCase("pad_packed_sequence/sorted_batch_first",
           lambda t, x: _rnn_utils(t).pad_packed_sequence(_pack(t, x, [5, 3, 1], enforce_sorted=True),
                                                         batch_first=True), [(T, B, 2)]),
    OpCase("pad_sequence/default", lambda t, a, b, c: _rnn_utils(t).pad_sequence([a, b, c]),
           [(2, 3), (4, 3), (1, 3)]),
    OpCase("pad_sequence/batch_first_left",
           lambda t, a, b, c: _rnn_utils(t).pad_sequence([a, b, c], batch_first=True, padding_value=2.0,
                                                         padding_side="left"), [(2,), (4,), (3,)]),
    OpCase("pack_sequence/unsorted", lambda t, a, b, c: _pack_sequence(t, [a, b, c], enforce_sorted=False),
           [(2, 3), (4, 3), (1, 3)]),
    OpCase("pack_sequence/sorted", lambda t, a, b: _pack_sequence(t, [a, b]), [(4, 2), (2, 2)]),
    OpCase("unpack_sequence", lambda t, a, b, c: _rnn_utils(t).unpack_sequence(
        _pack_sequence(t, [a, b, c], enforce_sorted=False)), [(2, 3), (4, 3), (1, 3)], check_name=False),
    # torch's unpad_sequence transposes its input in place, which a leaf that requires grad refuses
    OpCase("unpad_sequence", lambda t, x: _rnn_utils(t).unpad_sequence(x * 1, t.tensor(LENGTHS)), [(T, B, 2)],
           check_name=False),
    OpCase("unpad_sequence/batch_first",
           lambda t, x: _rnn_utils(t).unpad_sequence(x, t.tensor(LENGTHS), batch_first=True), [(B, T, 2)],
           check_name=False),
]


CASES = _sequence_cases() + _cell_cases() + EMBEDDING_CASES + PACKING_CASES
