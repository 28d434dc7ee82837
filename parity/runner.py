"""Run parity cases: the same inputs through minitorch and torch, outputs and gradients compared.

For one ``OpCase`` and one float dtype, ``run_case``

1. draws the input arrays from the case's ``Arg`` specs (one NumPy array per input, the same
   values for both libraries; ``permute=True`` inputs become non-contiguous views in both);
2. makes each library's tensors (torch's on ``device``), marking the differentiable float
   inputs ``requires_grad``, and calls ``case.fn(lib, *inputs)``;
3. flattens the outputs (a tensor, a tuple/list or a named tuple, or plain values such as ints)
   and compares each one: shape, dtype (by name: ``minitorch.float32`` ~ ``torch.float32``),
   values (``np.allclose`` with the case's tolerances for floats; exact for ints and bools),
   ``requires_grad``, and the named-tuple field names;
4. for a differentiable case, draws a random upstream gradient for every output that requires
   grad, back-propagates it in both libraries (``autograd.grad`` with ``grad_outputs``, i.e. the
   gradient of ``sum(out * upstream)``) and compares every input's gradient; an input that the
   outputs do not depend on has a zero gradient on both sides;
5. with ``check_name``, compares the ``grad_fn`` class names — against torch on the CPU only:
   on CUDA torch's nodes carry its backends' names (``CudnnBatchNormBackward0``), which are not
   the names a learner sees on a CPU build (``names_comparable``).

A random upstream gradient, rather than ``out.sum()``, is what catches a backward that is wrong
by a transpose or a permutation of its elements. The pieces (``make_inputs``, ``forward``,
``backward``) are public because the hypothesis gradchecks in ``tests/`` reuse them.
"""
import time
import zlib
from dataclasses import asdict, dataclass
from typing import Optional

import numpy as np
import torch

import minitorch

DTYPES = ("float64", "float32")


def names_comparable(device):
    """grad_fn names are compared with torch's CPU ones; CUDA kernels have backend-specific names."""
    return str(device).startswith("cpu")


def default_device():
    """'cuda' when torch sees a GPU (with TF32 off, so float32 matmuls are true float32), else 'cpu'."""
    if torch.cuda.is_available():
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        return "cuda"
    return "cpu"


@dataclass
class CaseResult:
    """One row of the report: a case run in one float dtype."""

    name: str
    dtype: str
    device: str
    forward_error: Optional[float]   # worst |minitorch - torch| over the float outputs
    backward_error: Optional[float]  # worst |minitorch - torch| over the input gradients
    status: str                      # "ok" or "FAIL: reason"
    duration: float                  # seconds

    @property
    def ok(self):
        return self.status == "ok"


class Mismatch(Exception):
    """A difference between the libraries; its message becomes the row's FAIL reason."""


# -- inputs ---------------------------------------------------------------------------------------
def case_rng(case, seed):
    """A generator that depends on the seed and the case name (not on the case's position in the
    table), so a case draws the same values however the table is filtered."""
    return np.random.default_rng([seed, zlib.crc32(case.name.encode())])


def draw_arrays(case, float_dtype, rng):
    """One array per input, drawn from the case's Arg specs."""
    return [np.asarray(spec.array(rng, float_dtype)) for spec in case.arg_specs]


def layout(arr, permute):
    """A fresh copy of ``arr`` (keeping its memory layout: a permuted array stays permuted); with
    ``permute``, a non-contiguous view holding the same values (stored transposed and viewed back
    for 2-D and up, every other element of a buffer for 1-D)."""
    arr = np.asarray(arr)
    if not permute or arr.ndim == 0:
        return arr.copy(order="K")
    if arr.ndim == 1:
        buf = np.zeros(2 * arr.shape[0], dtype=arr.dtype)
        buf[::2] = arr
        return buf[::2]
    axes = tuple(reversed(range(arr.ndim)))
    return np.ascontiguousarray(arr.transpose(axes)).transpose(axes)


def make_inputs(lib, case, arrays, device="cpu"):
    """``lib``'s input tensors for the arrays; each library gets its own copy of the memory, so an
    in-place op on one side can never change the other side's inputs."""
    inputs = []
    for spec, arr in zip(case.arg_specs, arrays):
        view = layout(arr, spec.permute)
        if lib is torch:
            t = _torch_on_device(view, device)
        else:
            t = minitorch.from_numpy(view)
        if spec.differentiable and case.backward:
            t.requires_grad_(True)
        inputs.append(t)
    return inputs


def _torch_on_device(view, device):
    """A torch tensor on ``device`` with the array's values and strides (``.to(device)`` alone
    would make a gapped layout, such as every other element, contiguous)."""
    t = torch.from_numpy(view)
    if device == "cpu":
        return t
    out = torch.empty_strided(t.shape, t.stride(), dtype=t.dtype, device=device)
    return out.copy_(t)


# -- outputs ----------------------------------------------------------------------------------------
def is_tensor(x):
    return isinstance(x, (torch.Tensor, minitorch.Tensor))


def flatten(out, label="out"):
    """``[(label, leaf), ...]`` for a tensor, a (named) tuple or list of them, or a plain value.

    A named tuple contributes its field names as a leaf too (labelled ``label.fields``), so that
    ``torch.return_types.max(values, indices)`` is matched by name, not just by position.
    """
    if is_tensor(out):
        return [(label, out)]
    if isinstance(out, (tuple, list)) and not isinstance(out, (torch.Size, minitorch.Size)):
        leaves = []
        fields = getattr(type(out), "_fields", None) or getattr(type(out), "__match_args__", None)
        if fields and isinstance(out, tuple):
            leaves.append((label + ".fields", tuple(fields)))
        for i, item in enumerate(out):
            leaves.extend(flatten(item, f"{label}[{i}]"))
        return leaves
    return [(label, out)]


def to_numpy(t):
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t.detach().numpy()


def dtype_name(t):
    return str(t.dtype).rsplit(".", 1)[-1]


def forward(lib, case, arrays, device="cpu"):
    """Call the case in ``lib``: ``(input tensors, flattened outputs)``."""
    inputs = make_inputs(lib, case, arrays, device)
    if lib is torch and device != "cpu":
        with torch.device(device):  # tensors the case makes itself land on the device too
            out = case.fn(lib, *inputs)
    else:
        out = case.fn(lib, *inputs)
    return inputs, flatten(out)


def backward(lib, inputs, outputs, upstreams):
    """Gradients of ``sum(out * upstream)`` w.r.t. every input that requires grad, as arrays
    (zeros where the outputs do not depend on the input; None for inputs without grad)."""
    wanted = [t for t in inputs if t.requires_grad]
    pairs = [(o, u) for (_, o), u in zip(outputs, upstreams) if u is not None]
    if not wanted or not pairs:
        return [None] * len(inputs)
    if lib is torch:
        device = pairs[0][0].device
        ups = [torch.from_numpy(u.copy()).to(device) for _, u in pairs]
    else:
        ups = [minitorch.from_numpy(u.copy()) for _, u in pairs]
    grads = iter(lib.autograd.grad([o for o, _ in pairs], wanted, grad_outputs=ups, allow_unused=True))
    result = []
    for t in inputs:
        if not t.requires_grad:
            result.append(None)
            continue
        g = next(grads)
        result.append(np.zeros(tuple(t.shape), dtype=dtype_name(t)) if g is None else to_numpy(g))
    return result


def needs_upstream(t_out):
    """Whether an output takes part in backward: a tensor that requires grad."""
    return is_tensor(t_out) and t_out.requires_grad


def draw_upstreams(outputs, rng):
    """A random upstream gradient for every output that requires grad (None for the others)."""
    ups = []
    for _, o in outputs:
        if needs_upstream(o):
            ups.append(rng.standard_normal(tuple(o.shape)).astype(dtype_name(o)))
        else:
            ups.append(None)
    return ups


# -- comparison ---------------------------------------------------------------------------------------
def _abs_error(m, t):
    """Worst |m - t| (NaN in both places counts as equal; NaN in one as infinite)."""
    if m.size == 0:
        return 0.0
    m64, t64 = m.astype(np.float64), t.astype(np.float64)
    both_nan = np.isnan(m64) & np.isnan(t64)
    same_inf = np.isinf(m64) & (m64 == t64)
    with np.errstate(invalid="ignore"):
        diff = np.abs(m64 - t64)
    diff = np.where(both_nan | same_inf, 0.0, diff)
    diff = np.where(np.isnan(diff), np.inf, diff)
    return float(diff.max())


def compare_arrays(what, m, t, tol):
    """Raise Mismatch unless the arrays agree; return the worst abs error (None for exact dtypes).
    ``tol(dtype) -> (atol, rtol)`` gives the tolerances for a float dtype."""
    if m.shape != t.shape:
        raise Mismatch(f"{what}: shape {tuple(m.shape)} != torch's {tuple(t.shape)}")
    if m.dtype != t.dtype:
        raise Mismatch(f"{what}: dtype {m.dtype} != torch's {t.dtype}")
    if m.dtype.kind != "f":
        if not np.array_equal(m, t):
            bad = int(np.sum(m != t))
            raise Mismatch(f"{what}: {bad} of {m.size} values differ (exact {m.dtype} comparison)")
        return None
    err = _abs_error(m, t)
    atol, rtol = tol(m.dtype)
    if not np.allclose(m, t, atol=atol, rtol=rtol, equal_nan=True):
        raise Mismatch(f"{what}: values differ, max abs error {err:.3g} (atol={atol:g}, rtol={rtol:g})")
    return err


def _grad_fn_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def compare_outputs(m_outs, t_outs, tol):
    """Compare flattened outputs leaf by leaf (structure, shape, dtype, values, requires_grad);
    return the worst float error (or None)."""
    if len(m_outs) != len(t_outs):
        raise Mismatch(f"output structure: {[lbl for lbl, _ in m_outs]} != torch's {[lbl for lbl, _ in t_outs]}")
    worst = None
    for (label, m), (_, t) in zip(m_outs, t_outs):
        if is_tensor(t) != is_tensor(m):
            raise Mismatch(f"{label}: {type(m).__name__} where torch gives {type(t).__name__}")
        if not is_tensor(t):
            if m != t:
                raise Mismatch(f"{label}: {m!r} != torch's {t!r}")
            continue
        if tuple(m.shape) != tuple(t.shape):
            raise Mismatch(f"{label}: shape {tuple(m.shape)} != torch's {tuple(t.shape)}")
        if dtype_name(m) != dtype_name(t):
            raise Mismatch(f"{label}: dtype {m.dtype} != torch's {t.dtype}")
        err = compare_arrays(label, to_numpy(m), to_numpy(t), tol)
        if err is not None:
            worst = err if worst is None else max(worst, err)
        if m.requires_grad != t.requires_grad:
            raise Mismatch(f"{label}: requires_grad={m.requires_grad}, torch's is {t.requires_grad}")
    return worst


def compare_grad_fn_names(m_outs, t_outs):
    """``type(out.grad_fn).__name__`` must match torch's wherever torch has a grad_fn."""
    for (label, m), (_, t) in zip(m_outs, t_outs):
        if is_tensor(t) and t.grad_fn is not None and _grad_fn_name(m) != _grad_fn_name(t):
            raise Mismatch(f"{label}: grad_fn {_grad_fn_name(m)} != torch's {_grad_fn_name(t)}")


def compare_grads(m_grads, t_grads, tol):
    worst = None
    for i, (m, t) in enumerate(zip(m_grads, t_grads)):
        if t is None and m is None:
            continue
        if t is None or m is None:
            raise Mismatch(f"grad of input {i}: {'missing' if m is None else 'present'} where torch's is "
                           f"{'missing' if t is None else 'present'}")
        err = compare_arrays(f"grad of input {i}", m, t, tol)
        if err is not None:
            worst = err if worst is None else max(worst, err)
    return worst


# -- one case -----------------------------------------------------------------------------------------
def _call(side, fn, *args):
    """Run one library's half; its exceptions become a FAIL that names the side."""
    try:
        return fn(*args)
    except Mismatch:
        raise
    except Exception as e:  # noqa: BLE001 - any error in either library is a parity failure
        raise Mismatch(f"{side} raised {type(e).__name__}: {e}") from e


def tolerances(case, float_dtype, arr_dtype):
    """``(atol, rtol)`` for one compared array: the run's tolerances, or the float32 ones when the
    array itself is float32 (a pinned float32 input or a float32 result in a float64 run)."""
    key = "float32" if "float32" in (float_dtype, getattr(arr_dtype, "name", "")) else float_dtype
    return case.atol[key], case.rtol[key]


def compare_on_arrays(case, arrays, float_dtype, device, rng, errors=None):
    """Forward and backward parity for given input arrays.

    Fills ``errors`` (a dict) with ``forward``/``backward``, the worst abs errors, as soon as each
    is known, and raises Mismatch with the reason on the first difference.
    """
    errors = {} if errors is None else errors
    tol = lambda arr_dtype: tolerances(case, float_dtype, arr_dtype)  # noqa: E731
    t_in, t_outs = _call("torch", forward, torch, case, arrays, device)
    m_in, m_outs = _call("minitorch", forward, minitorch, case, arrays)
    errors["forward"] = compare_outputs(m_outs, t_outs, tol)
    ups = draw_upstreams(t_outs, rng) if case.differentiable else []
    if any(u is not None for u in ups):
        t_grads = _call("torch backward", backward, torch, t_in, t_outs, ups)
        m_grads = _call("minitorch backward", backward, minitorch, m_in, m_outs, ups)
        errors["backward"] = compare_grads(m_grads, t_grads, tol)
    if case.check_name and names_comparable(device):  # last: a misnamed node still reports its numbers
        compare_grad_fn_names(m_outs, t_outs)
    return errors


def run_case(case, float_dtype="float64", device=None, seed=0):
    """Run one case in one float dtype; never raises (failures are reported in the status)."""
    device = device or default_device()
    start = time.perf_counter()
    errors = {}
    try:
        rng = case_rng(case, seed)
        if hasattr(case, "compare"):  # module, optimizer and training cases bring their own comparison
            case.compare(float_dtype, device, rng, errors)
        else:
            arrays = draw_arrays(case, float_dtype, rng)
            compare_on_arrays(case, arrays, float_dtype, device, rng, errors)
        status = "ok"
    except Mismatch as e:
        status = f"FAIL: {e}"
    except Exception as e:  # noqa: BLE001 - a broken case is reported, not fatal to the report
        status = f"FAIL: case error {type(e).__name__}: {e}"
    return CaseResult(case.name, float_dtype, device, errors.get("forward"), errors.get("backward"), status,
                      time.perf_counter() - start)


def run_all(cases, dtypes=DTYPES, device=None, seed=0, name_filter=None, on_result=None):
    """Run every case in every dtype; ``on_result(row)`` is called as each row finishes."""
    device = device or default_device()
    rows = []
    for case in cases:
        if name_filter and name_filter not in case.name:
            continue
        for dt in dtypes:
            row = run_case(case, dt, device, seed)
            rows.append(row)
            if on_result is not None:
                on_result(row)
    return rows


# -- the report -----------------------------------------------------------------------------------------
def environment(device=None):
    return {"torch": torch.__version__.split("+")[0], "torch_full": torch.__version__,
            "numpy": np.__version__, "minitorch": minitorch.__version__, "device": device or default_device()}


def _worst(rows, attr):
    found = [(getattr(r, attr), f"{r.name} {r.dtype}") for r in rows if getattr(r, attr) is not None]
    return max(found, key=lambda p: p[0]) if found else (None, None)


def summarize(rows, device=None):
    """Counts, worst errors and the environment, as a dict."""
    fwd, fwd_case = _worst(rows, "forward_error")
    bwd, bwd_case = _worst(rows, "backward_error")
    failed = [r for r in rows if not r.ok]
    return {"cases": len({r.name for r in rows}), "rows": len(rows), "passed": len(rows) - len(failed),
            "failed": len(failed), "failures": [f"{r.name} {r.dtype}" for r in failed],
            "worst_forward_error": fwd, "worst_forward_case": fwd_case,
            "worst_backward_error": bwd, "worst_backward_case": bwd_case,
            "duration": sum(r.duration for r in rows), **environment(device or (rows[0].device if rows else None))}


def _fmt(err):
    return "-" if err is None else f"{err:.2e}"


def summary_line(summary):
    return (f"{summary['cases']} cases ({summary['rows']} rows): {summary['passed']} passed, "
            f"{summary['failed']} failed; worst forward error {_fmt(summary['worst_forward_error'])} "
            f"({summary['worst_forward_case']}), worst backward error {_fmt(summary['worst_backward_error'])} "
            f"({summary['worst_backward_case']}); torch {summary['torch']} on {summary['device']}")


def format_row(row, name_width=40):
    return (f"{row.name:<{name_width}} {row.dtype:<8} {row.device:<5} {_fmt(row.forward_error):>9} "
            f"{_fmt(row.backward_error):>9} {row.duration * 1000:7.1f}ms  {row.status}")


def format_header(name_width=40):
    return (f"{'case':<{name_width}} {'dtype':<8} {'dev':<5} {'fwd err':>9} {'bwd err':>9} {'time':>9}  status")


def report(rows):
    """The full report as a JSON-ready dict."""
    summary = summarize(rows)
    return {"rows": [asdict(r) for r in rows], "summary": summary,
            "environment": environment(summary["device"])}
