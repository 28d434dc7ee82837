"""The recurrences of RNN, GRU and LSTM, and their backpropagation through time, on NumPy arrays.

A recurrent layer splits into two kinds of work:

* the input projection ``x_t @ W_ih^T + b_ih`` for every time step at once, one big GEMM, done
  by the caller (``nn.modules.rnn``) before the recurrence starts and passed in as ``xw``;
* the recurrence proper, a loop over time in which each step needs the previous step's state:
  ``gh = h_{t-1} @ W_hh^T + b_hh`` (a small GEMM), then the cell's gate arithmetic.

This module is the second part. Each cell type is a class with two static methods:
``step(xw_t, gh_t, h_prev, c_prev) -> (h, c, saved)`` and ``step_back(dh, dc, h_prev, saved) ->
(dxw, dgh, dh_direct, dc_prev)``, the forward and backward of one time step side by side, in
the same gate order and layout as torch's weights (GRU: r, z, n; LSTM: i, f, g, o). The same
two functions serve the single-step cells (``nn.GRUCell``) and the whole-sequence loops below.

Sequences are always in *packed* layout (see ``nn.utils.rnn``): ``xw`` holds the rows of step 0,
then those of step 1, ..., and ``batch_sizes[t]`` says how many sequences run at step t (always
the first ones). A padded batch is the special case of equal batch sizes. At each step only the
first ``batch_sizes[t]`` rows of the state are updated, so a finished sequence's state stays put
and the final state array holds every sequence's state at its own last step.

Backward walks the steps in the opposite order, carrying ``dh`` (and ``dc``). It keeps the
per-step gradients of the pre-activations (``dxw``, ``dgh``) for all rows, so the weight
gradients come out of one GEMM each at the end (``dW_hh = dgh^T @ h_prev``) instead of a small
GEMM per step.

Plain NumPy is enough here: the loop runs once per time step (not per element), and each
iteration is one small GEMM plus a handful of whole-array passes over (batch, H), so the
Python overhead is a few microseconds per step against the arithmetic it drives. Nothing here
needs numba, so ``NUMBA_DISABLE_JIT=1`` changes nothing.
"""
import numpy as np

from .activation import relu, relu_backward


def sigmoid(x):
    """1 / (1 + exp(-x)), computed as 0.5 * tanh(x / 2) + 0.5 (no overflow for large -x), in place
    in a fresh array."""
    y = np.multiply(x, 0.5)
    np.tanh(y, out=y)
    y *= 0.5
    y += 0.5
    return y


# -- the cells: one time step forward and backward ----------------------------------------------------
class TanhCell:
    """h = tanh(x W_ih^T + b_ih + h_prev W_hh^T + b_hh)"""

    shared_grad = True  # d(gh) equals d(xw): the pre-activation is their plain sum

    @staticmethod
    def step(xw, gh, h_prev, c_prev):
        h = xw + gh
        np.tanh(h, out=h)
        return h, None, (h,)

    @staticmethod
    def step_back(dh, dc, h_prev, saved):
        (h,) = saved
        return dh * (1 - h * h), None, None, None


class ReluCell(TanhCell):
    """h = relu(x W_ih^T + b_ih + h_prev W_hh^T + b_hh)"""

    @staticmethod
    def step(xw, gh, h_prev, c_prev):
        h = relu(xw + gh)
        return h, None, (h,)

    @staticmethod
    def step_back(dh, dc, h_prev, saved):
        (h,) = saved
        return relu_backward(dh, h), None, None, None


class GRUCell:
    """r = sigmoid(x_r + h_r), z = sigmoid(x_z + h_z), n = tanh(x_n + r * h_n),
    h = (1 - z) * n + z * h_prev, where x_* = the rows of x W_ih^T + b_ih and h_* those of
    h_prev W_hh^T + b_hh (so b_hn sits inside the product with r, as in torch)."""

    shared_grad = False  # h_n is multiplied by r, x_n is not

    @staticmethod
    def step(xw, gh, h_prev, c_prev):
        H = h_prev.shape[1]
        r = sigmoid(xw[:, :H] + gh[:, :H])
        z = sigmoid(xw[:, H:2 * H] + gh[:, H:2 * H])
        h_n = gh[:, 2 * H:]
        n = r * h_n
        n += xw[:, 2 * H:]
        np.tanh(n, out=n)
        h = h_prev - n
        h *= z
        h += n
        return h, None, (r, z, n, h_n)

    @staticmethod
    def step_back(dh, dc, h_prev, saved):
        r, z, n, h_n = saved
        d_n = dh * (1 - z) * (1 - n * n)          # through n = tanh(...)
        d_z = dh * (h_prev - n) * z * (1 - z)     # through z = sigmoid(...)
        d_r = d_n * h_n * r * (1 - r)             # through r = sigmoid(...)
        dxw = np.concatenate((d_r, d_z, d_n), axis=1)
        dgh = np.concatenate((d_r, d_z, d_n * r), axis=1)
        return dxw, dgh, dh * z, None


class LSTMCell:
    """i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of the rows of x W_ih^T + b_ih + h_prev W_hh^T
    + b_hh; c = f * c_prev + i * g; h = o * tanh(c)."""

    shared_grad = True

    @staticmethod
    def step(xw, gh, h_prev, c_prev):
        H = c_prev.shape[1]
        pre = xw + gh
        i_f = sigmoid(pre[:, :2 * H])  # the input and forget gates in one pass
        i, f = i_f[:, :H], i_f[:, H:]
        g = np.tanh(pre[:, 2 * H:3 * H])
        o = sigmoid(pre[:, 3 * H:])
        c = f * c_prev
        c += i * g
        tanh_c = np.tanh(c)
        return o * tanh_c, c, (i, f, g, o, tanh_c, c_prev)

    @staticmethod
    def step_back(dh, dc, h_prev, saved):
        i, f, g, o, tanh_c, c_prev = saved
        dc = dc + dh * o * (1 - tanh_c * tanh_c)
        dxw = np.concatenate((dc * g * i * (1 - i),        # input gate
                              dc * c_prev * f * (1 - f),   # forget gate
                              dc * i * (1 - g * g),        # cell candidate
                              dh * tanh_c * o * (1 - o)),  # output gate
                             axis=1)
        return dxw, None, None, dc * f


CELLS = {"RNN_TANH": TanhCell, "RNN_RELU": ReluCell, "GRU": GRUCell, "LSTM": LSTMCell}


# -- whole sequences --------------------------------------------------------------------------------
def step_rows(batch_sizes, reverse):
    """``(t, rows, batch)`` for each step in the order the recurrence visits them: rows is the
    slice of the packed arrays holding step t, batch the number of sequences running at t."""
    starts = np.concatenate(([0], np.cumsum(batch_sizes)[:-1])).tolist()
    sizes = batch_sizes.tolist()
    steps = [(t, slice(starts[t], starts[t] + sizes[t]), sizes[t]) for t in range(len(sizes))]
    return steps[::-1] if reverse else steps


def forward(cell, xw, w_hh, b_hh, w_hr, h0, c0, batch_sizes, reverse, keep=True):
    """Run the recurrence over packed rows ``xw`` (N, gates*H).

    Returns ``out`` (N, H_out): the state after each row's step; ``h`` (and ``c``, for LSTM): the
    final states (B, ·); and ``saved``: what ``backward`` needs (None unless ``keep``). ``w_hr``
    (LSTM with proj_size) projects each step's ``o * tanh(c)`` down to the state size.
    """
    n = xw.shape[0]
    w_hh_t = w_hh.T
    h = h0.copy()
    c = None if c0 is None else c0.copy()
    out = np.empty((n, h.shape[1]), dtype=xw.dtype)
    h_prev_rows = np.empty_like(out) if keep else None
    unprojected = np.empty((n, w_hr.shape[1]), dtype=xw.dtype) if keep and w_hr is not None else None
    buffers = None
    for _, rows, batch in step_rows(batch_sizes, reverse):
        h_prev = h[:batch]
        gh = np.matmul(h_prev, w_hh_t)
        if b_hh is not None:
            gh += b_hh
        h_new, c_new, saved = cell.step(xw[rows], gh, h_prev, None if c is None else c[:batch])
        if keep:  # copy what backward needs before the state arrays are overwritten
            if buffers is None:
                buffers = [np.empty((n,) + s.shape[1:], dtype=s.dtype) for s in saved]
            for buf, s in zip(buffers, saved):
                buf[rows] = s
            h_prev_rows[rows] = h_prev
            if w_hr is not None:
                unprojected[rows] = h_new
        if w_hr is not None:
            h_new = np.matmul(h_new, w_hr.T)
        out[rows] = h_new
        h[:batch] = h_new
        if c is not None:
            c[:batch] = c_new
    return out, h, c, ((h_prev_rows, buffers, unprojected) if keep else None)


def backward(cell, g_out, g_h, g_c, w_hh, w_hr, saved, batch_sizes, reverse):
    """Backpropagation through time for ``forward``: given the gradients of ``out``, of the
    final ``h`` and ``c``, return those of ``xw``, ``W_hh``, ``b_hh``, ``W_hr`` (or None), ``h0``
    and ``c0`` (or None)."""
    h_prev_rows, buffers, unprojected = saved
    n = g_out.shape[0]
    dh = g_h.copy()
    dc = None if g_c is None else g_c.copy()
    dxw = np.empty((n, w_hh.shape[0]), dtype=g_out.dtype)
    dgh = dxw if cell.shared_grad else np.empty_like(dxw)
    d_proj = None if w_hr is None else np.empty_like(g_out)
    for _, rows, batch in step_rows(batch_sizes, not reverse):
        d_step = dh[:batch] + g_out[rows]
        if w_hr is not None:
            d_proj[rows] = d_step
            d_step = np.matmul(d_step, w_hr)
        dxw_t, dgh_t, dh_direct, dc_prev = cell.step_back(d_step, None if dc is None else dc[:batch],
                                                          h_prev_rows[rows], [buf[rows] for buf in buffers])
        dxw[rows] = dxw_t
        if dgh_t is None:
            dgh_t = dxw_t
        else:
            dgh[rows] = dgh_t
        dh_prev = np.matmul(dgh_t, w_hh)
        if dh_direct is not None:
            dh_prev += dh_direct
        dh[:batch] = dh_prev
        if dc is not None:
            dc[:batch] = dc_prev
    d_w_hh = np.matmul(dgh.T, h_prev_rows)
    d_b_hh = dgh.sum(axis=0)
    d_w_hr = None if w_hr is None else np.matmul(d_proj.T, unprojected)
    return dxw, d_w_hh, d_b_hh, d_w_hr, dh, dc
