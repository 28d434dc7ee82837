"""Recurrent layers: ``RNN``, ``GRU``, ``LSTM`` (whole sequences) and ``RNNCell``, ``GRUCell``,
``LSTMCell`` (one time step), with torch's parameter names, shapes, gate orders and init.

The graph they build is small. A layer over a sequence is one graph node per layer and
direction (``_Layer``): its forward makes the input projection of every time step in one GEMM
and runs the recurrence (``minitorch._kernels.rnn``); its backward runs backpropagation through
time over the gates it saved. A cell call is one node too (``_CellStep``), cheap enough for the
course's loop that calls ``RNNCell`` once per character. Around the layer nodes there is only
torch's glue: a ``cat`` of the two directions, dropout between layers, a ``stack`` of the final
states, and the transposes or squeezes for ``batch_first`` and unbatched input.

A ``PackedSequence`` input runs the same kernels over its packed rows (each step updates only
the sequences still running), so ``h_n`` holds every sequence's state at its own length. The
initial state given by the caller is in the batch's original order; it is put in sorted order
on the way in, and ``h_n`` back in the original order on the way out, as torch does.
"""
import math
import numbers
import warnings

import numpy as np

from ... import _creation
from ..._kernels import rnn as _kernels
from ...autograd import grad_mode
from ...autograd.function import ArrayFunction
from ...autograd.grad_mode import no_grad
from ...ops import shape as _shape
from ..functional.dropout import dropout as _dropout
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

__all__ = ["RNNBase", "RNN", "GRU", "LSTM", "RNNCellBase", "RNNCell", "GRUCell", "LSTMCell"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "GRU": 3, "LSTM": 4}


# -- the graph nodes ----------------------------------------------------------------------------------------
class _Layer(ArrayFunction):
    """One layer in one direction over a whole (packed) sequence.

    Inputs: x (T, B, I) or packed rows (N, I); the layer's weights (biases and w_hr may be None);
    the initial h0 (B, H) and, for LSTM, c0 (or None: zeros); then the cell class, the batch sizes
    per step and the direction. Outputs: the state after every step, shaped like x with H in the
    last dim, and the final h (and c)."""

    backward_name = "CatBackward0"  # torch's name for the output of a packed layer

    @staticmethod
    def forward(ctx, x, w_ih, w_hh, b_ih, b_hh, w_hr, h0, c0, cell, batch_sizes, reverse):
        x2 = x.reshape(-1, x.shape[-1])
        xw = np.matmul(x2, w_ih.T)  # the input projection of every step at once
        if b_ih is not None:
            xw += b_ih
        batch = int(batch_sizes[0])
        if h0 is None:
            h0 = np.zeros((batch, w_hh.shape[1]), dtype=xw.dtype)
        if cell is _kernels.LSTMCell and c0 is None:
            c0 = np.zeros((batch, w_hh.shape[0] // 4), dtype=xw.dtype)
        keep = grad_mode._enabled and True in ctx.needs_input_grad  # will a graph node be recorded?
        out, h, c, saved = _kernels.forward(cell, xw, w_hh, b_hh, w_hr, h0, c0, batch_sizes, reverse, keep)
        if keep:
            h_prev_rows, buffers, unprojected = saved
            ctx.save_for_backward(x, w_ih, w_hh, w_hr, h_prev_rows, unprojected, *buffers)
            ctx.cell, ctx.batch_sizes, ctx.reverse = cell, batch_sizes, reverse
        out = out.reshape(x.shape[:-1] + out.shape[-1:])
        return (out, h) if c is None else (out, h, c)

    @staticmethod
    def backward(ctx, g_out, g_h, g_c=None):
        x, w_ih, w_hh, w_hr, h_prev_rows, unprojected, *buffers = ctx.saved_tensors
        dxw, d_w_hh, d_b_hh, d_w_hr, d_h0, d_c0 = _kernels.backward(
            ctx.cell, g_out.reshape(-1, g_out.shape[-1]), g_h, g_c, w_hh, w_hr,
            (h_prev_rows, buffers, unprojected), ctx.batch_sizes, ctx.reverse)
        need = ctx.needs_input_grad
        dx = np.matmul(dxw, w_ih).reshape(x.shape) if need[0] else None
        d_w_ih = np.matmul(dxw.T, x.reshape(-1, x.shape[-1])) if need[1] else None
        d_b_ih = dxw.sum(axis=0) if need[3] else None
        return dx, d_w_ih, d_w_hh, d_b_ih, d_b_hh, d_w_hr, d_h0, d_c0, None, None, None


class _LayerStacked(_Layer):
    backward_name = "StackBackward0"  # torch's name for a padded output (its native CPU kernels stack the steps)


class _CellStep(ArrayFunction):
    """One step of a cell: x (B, I) or (I,), h (B, H) or (H,), c (LSTM) -> h' (and c')."""

    backward_name = "TanhBackward0"

    @staticmethod
    def forward(ctx, x, h, c, w_ih, w_hh, b_ih, b_hh, cell):
        ctx.unbatched = unbatched = x.ndim == 1
        if unbatched:
            x, h = x[None], h[None]
            c = None if c is None else c[None]
        xw = np.matmul(x, w_ih.T)
        if b_ih is not None:
            xw += b_ih
        gh = np.matmul(h, w_hh.T)
        if b_hh is not None:
            gh += b_hh
        h_new, c_new, saved = cell.step(xw, gh, h, c)
        ctx.save_for_backward(x, h, w_ih, w_hh, *saved)
        ctx.cell = cell
        if unbatched:
            h_new, c_new = h_new[0], None if c_new is None else c_new[0]
        return h_new if c_new is None else (h_new, c_new)

    @staticmethod
    def backward(ctx, g_h, g_c=None):
        x, h, w_ih, w_hh, *saved = ctx.saved_tensors
        if ctx.unbatched:
            g_h, g_c = g_h[None], None if g_c is None else g_c[None]
        dxw, dgh, dh_direct, dc = ctx.cell.step_back(g_h, g_c, h, saved)
        if dgh is None:
            dgh = dxw
        need = ctx.needs_input_grad
        dx = np.matmul(dxw, w_ih) if need[0] else None
        dh = None
        if need[1]:
            dh = np.matmul(dgh, w_hh)
            if dh_direct is not None:
                dh += dh_direct
        grads = [dx, dh, dc]
        if ctx.unbatched:
            grads = [None if g is None else g[0] for g in grads]
        return (*grads, np.matmul(dxw.T, x) if need[3] else None, np.matmul(dgh.T, h) if need[4] else None,
                dxw.sum(axis=0) if need[5] else None, dgh.sum(axis=0) if need[6] else None, None)


class _TransposeBatchFirst(_shape.Transpose):
    backward_name = "TransposeBackward1"  # torch's name for a batch_first RNN/GRU output


def _cell_node(name):
    return type(f"_CellStep_{name}", (_CellStep,), {"backward_name": name})


class _LSTMCellState(ArrayFunction):
    """The identity, named as torch's node for an LSTM cell's new state c = f * c_prev + i * g
    (``AddBackward0``), while the fused step node carries h's name (``MulBackward0``)."""

    backward_name = "AddBackward0"

    @staticmethod
    def forward(ctx, c):
        return c

    @staticmethod
    def backward(ctx, g):
        return g


# torch's grad_fn names for a cell's output, by mode (and for any unbatched call)
_CELL_NODES = {"RNN_TANH": _cell_node("TanhBackward0"), "RNN_RELU": _cell_node("ReluBackward0"),
               "GRU": _cell_node("AddBackward0"), "LSTM": _cell_node("MulBackward0"),
               "unbatched": _cell_node("SqueezeBackward1")}


def _init_uniform(params, hidden_size):
    """torch's init for recurrent weights and biases alike: U(-1/sqrt(H), 1/sqrt(H))."""
    bound = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0
    with no_grad():
        for p in params:
            p.uniform_(-bound, bound)


def _dtype_name(t):
    return repr(t.dtype)


def _type_word(t):
    """``Float`` for a minitorch.FloatTensor, ``Double`` for a DoubleTensor: how torch's matmul errors name dtypes."""
    return t.type().rsplit(".", 1)[-1][:-len("Tensor")]


# -- whole sequences ----------------------------------------------------------------------------------------
class RNNBase(Module):
    """The machinery shared by RNN, GRU and LSTM: parameters, argument checks, the layer loop."""

    _name = "RNN"  # how errors name the layer

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        _check_sizes(mode, hidden_size, num_layers, dropout, proj_size)
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        gate_size = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        state_size = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else state_size * directions
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                shapes = {"weight_ih": (gate_size, layer_input), "weight_hh": (gate_size, state_size)}
                if bias:
                    shapes.update(bias_ih=(gate_size,), bias_hh=(gate_size,))
                if proj_size > 0:
                    shapes["weight_hr"] = (proj_size, hidden_size)
                names = []
                for kind, shape in shapes.items():
                    setattr(self, kind + suffix, Parameter(_creation.empty(shape, dtype=dtype)))
                    names.append(kind + suffix)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self):
        _init_uniform(self.parameters(), self.hidden_size)

    def flatten_parameters(self):
        """A no-op: minitorch's weights need no flat buffer (torch's is for cuDNN)."""

    @property
    def _flat_weights(self):
        return [self._parameters.get(name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # -- forward ------------------------------------------------------------------------------------------
    def forward(self, input, hx=None):
        """``(output, h_n)``; for LSTM ``hx`` is ``(h_0, c_0)`` and ``h_n`` is ``(h_n, c_n)``."""
        is_lstm = self.mode == "LSTM"
        packed = isinstance(input, PackedSequence)
        if packed:
            x, batch_sizes, sorted_indices, unsorted_indices = input
            batch_sizes = batch_sizes._data
            batch = int(batch_sizes[0])
            batched = True
        else:
            x, sorted_indices = input, None
            if x.dim() not in (2, 3):
                raise ValueError(f"{self._name}: Expected input to be 2D or 3D, got {x.dim()}D instead")
            batched = x.dim() == 3
            if not batched:
                x = _shape.unsqueeze(x, 0 if self.batch_first else 1)
            _check_hx_dims(hx, batched, is_lstm)
            if not batched and hx is not None:
                hx = tuple(_shape.unsqueeze(h, 1) for h in hx) if is_lstm else _shape.unsqueeze(hx, 1)
            batch = x.shape[0 if self.batch_first else 1]
        self._check_input(x, packed)
        h0, c0 = (hx if hx is not None else (None, None)) if is_lstm else (hx, None)
        self._check_hidden(h0, c0, batch, is_lstm)
        if sorted_indices is not None:  # the caller's states are in the batch's order; the kernels' are sorted
            h0 = None if h0 is None else h0.index_select(1, sorted_indices)
            c0 = None if c0 is None else c0.index_select(1, sorted_indices)
        if not packed:
            if self.batch_first:
                x = _shape.transpose(x, 0, 1)
            batch_sizes = np.full(x.shape[0], batch, dtype=np.int64)
        output, h_n, c_n = self._layers(x, h0, c0, batch_sizes, packed)
        if packed:
            output = PackedSequence(output, input.batch_sizes, sorted_indices, unsorted_indices)
            if unsorted_indices is not None:
                h_n = h_n.index_select(1, unsorted_indices)
                c_n = None if c_n is None else c_n.index_select(1, unsorted_indices)
        else:
            if self.batch_first:
                output = (_shape.transpose(output, 0, 1) if is_lstm
                          else _shape._view(_TransposeBatchFirst, output, 0, 1))
            if not batched:
                output = _shape.squeeze(output, 0 if self.batch_first else 1)
                h_n = _shape.squeeze(h_n, 1)
                c_n = None if c_n is None else _shape.squeeze(c_n, 1)
        return output, ((h_n, c_n) if is_lstm else h_n)

    def _layers(self, x, h0, c0, batch_sizes, packed):
        """Run every layer and direction; ``(output, h_n, c_n)`` with output time-major or packed."""
        cell = _kernels.CELLS[self.mode]
        node = _Layer if packed else _LayerStacked
        directions = 2 if self.bidirectional else 1
        h0s = [None] * (self.num_layers * directions) if h0 is None else h0.unbind(0)
        c0s = [None] * (self.num_layers * directions) if c0 is None else c0.unbind(0)
        weights = self._flat_weights
        per_direction = len(weights) // (self.num_layers * directions)
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                k = layer * directions + direction
                w = weights[k * per_direction:(k + 1) * per_direction]
                w_ih, w_hh = w[0], w[1]
                b_ih, b_hh = (w[2], w[3]) if self.bias else (None, None)
                w_hr = w[-1] if self.proj_size > 0 else None
                res = node.apply(x, w_ih, w_hh, b_ih, b_hh, w_hr, h0s[k], c0s[k], cell, batch_sizes, direction == 1)
                outs.append(res[0])
                h_n.append(res[1])
                if len(res) == 3:
                    c_n.append(res[2])
            x = outs[0] if directions == 1 else _shape.cat(outs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = _dropout(x, self.dropout, True)
        return x, _shape.stack(h_n), (_shape.stack(c_n) if c_n else None)

    # -- argument checks, worded as torch's ------------------------------------------------------------------
    def _check_input(self, x, packed):
        w = self._flat_weights[0]
        if x.dtype != w.dtype:
            raise ValueError(f"RNN input dtype ({_dtype_name(x)}) does not match weight dtype ({_dtype_name(w)}). "
                             f"Convert input: input.to({_dtype_name(w)}), or convert model: "
                             f"model.to({_dtype_name(x)})")
        expected = 2 if packed else 3
        if x.dim() != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {x.dim()}")
        if x.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {x.shape[-1]}")

    def _check_hidden(self, h0, c0, batch, is_lstm):
        layers = self.num_layers * (2 if self.bidirectional else 1)
        state = self.proj_size if self.proj_size > 0 else self.hidden_size
        checks = [(h0, (layers, batch, state), "hidden[0] " if is_lstm else "hidden "),
                  (c0, (layers, batch, self.hidden_size), "hidden[1] ")]
        for h, expected, what in checks[:2 if is_lstm else 1]:
            if h is None:
                continue
            if tuple(h.shape) != expected:
                raise RuntimeError(f"Expected {what}size {expected}, got {list(h.shape)}")
            if h.dtype != self._flat_weights[0].dtype:
                raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_type_word(h)} and "
                                   f"{_type_word(self._flat_weights[0])}")


def _check_hx_dims(hx, batched, is_lstm):
    """torch's errors for an initial state whose rank does not fit the input's."""
    if hx is None:
        return
    want = 3 if batched else 2
    what = "batched 3-D" if batched else "unbatched 2-D"
    if is_lstm:
        if hx[0].dim() != want or hx[1].dim() != want:
            raise RuntimeError(f"For {what} input, hx and cx should also be {want}-D but got ({hx[0].dim()}-D, "
                               f"{hx[1].dim()}-D) tensors")
    elif hx.dim() != want:
        raise RuntimeError(f"For {what} input, hx should also be {want}-D but got {hx.dim()}-D tensor")


def _check_sizes(mode, hidden_size, num_layers, dropout, proj_size):
    """torch's constructor checks."""
    if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
        raise ValueError("dropout should be a number in range [0, 1] representing the probability of an element "
                         "being zeroed")
    if dropout > 0 and num_layers == 1:
        warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                      f"num_layers greater than 1, but got dropout={dropout} and num_layers={num_layers}")
    if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
        raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
    if hidden_size <= 0:
        raise ValueError("hidden_size must be greater than zero")
    if num_layers <= 0:
        raise ValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise ValueError("proj_size should be a positive integer or zero to disable projections")
    if proj_size >= hidden_size:
        raise ValueError("proj_size has to be smaller than hidden_size")
    if mode not in _GATES:
        raise ValueError("Unrecognized RNN mode: " + mode)


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu)."""

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if kwargs:
            raise TypeError(f"RNN.__init__() got an unexpected keyword argument '{next(iter(kwargs))}'")
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size, num_layers,
                         bias, batch_first, dropout, bidirectional, 0, device, dtype)
        self.nonlinearity = nonlinearity


class GRU(RNNBase):
    """Gated recurrent unit; gates r, z, n in that order in the weights (see ``_kernels.rnn.GRUCell``)."""

    _name = "GRU"

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, device=None, dtype=None, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if kwargs:
            raise TypeError(f"GRU.__init__() got an unexpected keyword argument '{next(iter(kwargs))}'")
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, 0,
                         device, dtype)


class LSTM(RNNBase):
    """Long short-term memory; gates i, f, g, o in the weights; ``proj_size`` > 0 projects h down."""

    _name = "LSTM"

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         proj_size, device, dtype)


# -- one step --------------------------------------------------------------------------------------------
class RNNCellBase(Module):
    """Parameters and checks shared by the cells: weight_ih (G*H, I), weight_hh (G*H, H), biases."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_creation.empty((num_chunks * hidden_size, input_size), dtype=dtype))
        self.weight_hh = Parameter(_creation.empty((num_chunks * hidden_size, hidden_size), dtype=dtype))
        if bias:
            self.bias_ih = Parameter(_creation.empty((num_chunks * hidden_size,), dtype=dtype))
            self.bias_hh = Parameter(_creation.empty((num_chunks * hidden_size,), dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        _init_uniform(self.parameters(), self.hidden_size)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _step(self, mode, input, hx, cx=None):
        """Check the arguments as torch does, then run one fused step."""
        x = input._data
        if x.ndim not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got {x.ndim}D instead")
        if x.shape[-1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {x.shape[-1]} expected {self.input_size}")
        if hx is None:
            hx = np.zeros(x.shape[:-1] + (self.hidden_size,), dtype=x.dtype)
            cx = hx if mode == "LSTM" else None
        else:
            for i, h in enumerate((hx, cx) if mode == "LSTM" else (hx,)):
                _check_cell_state(type(self).__name__, h._data.shape, x, self.hidden_size, i)
        p = self._parameters
        node = _CELL_NODES[mode if x.ndim == 2 else "unbatched"]
        out = node.apply(input, hx, cx, p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"],
                         _kernels.CELLS[mode])
        if mode == "LSTM" and x.ndim == 2:
            return out[0], _LSTMCellState.apply(out[1])
        return out


def _check_cell_state(name, shape, x, hidden_size, i):
    """torch's checks of a cell's state ``i`` (h, or c) against the input. An unbatched state is
    checked as torch sees it, after unsqueezing a batch dim of 1."""
    if len(shape) not in (1, 2):
        raise ValueError(f"{name}: Expected hidden to be 1D or 2D, got {len(shape)}D instead")
    if x.ndim == 1:
        shape = (1,) + shape
    batch = x.shape[0] if x.ndim == 2 else 1
    if shape[0] != batch:
        raise RuntimeError(f"Input batch size {batch} doesn't match hidden{i} batch size {shape[0]}")
    if len(shape) != 2 or shape[1] != hidden_size:
        raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got {shape[min(1, len(shape) - 1)]}, "
                           f"expected {hidden_size}")


class RNNCell(RNNCellBase):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu); input (B, I) or (I,)."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if self.nonlinearity == "tanh":
            return self._step("RNN_TANH", input, hx)
        if self.nonlinearity == "relu":
            return self._step("RNN_RELU", input, hx)
        raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")


class GRUCell(RNNCellBase):
    """One GRU step (gates r, z, n); input (B, I) or (I,)."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        return self._step("GRU", input, hx)


class LSTMCell(RNNCellBase):
    """One LSTM step (gates i, f, g, o): ``(h', c') = cell(input, (h, c))``."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        if hx is None:
            return self._step("LSTM", input, None)
        if not isinstance(hx, tuple):
            raise TypeError(f"lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not "
                            f"{type(hx).__name__}")
        return self._step("LSTM", input, hx[0], hx[1])
