"""gradcheck: compare analytical gradients with central finite differences (torch.autograd.gradcheck).

For each input that requires grad and each output, the full Jacobian is built both ways:
analytically one row at a time (backward with a one-hot upstream gradient), numerically one
column at a time (perturb one input element by +-eps). Inputs should be float64.
"""
import numpy as np

from .._tensor import Tensor
from . import grad_mode


class GradcheckError(RuntimeError):
    """Raised (as torch does) when analytical and numerical Jacobians differ."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


def _outputs(fn, inputs):
    return [o for o in _as_tuple(fn(*inputs)) if isinstance(o, Tensor) and o._data.dtype.kind == "f"]


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **unused):
    inputs = _as_tuple(inputs)
    diff_inputs = [t for t in inputs if isinstance(t, Tensor) and t._requires_grad]
    if not diff_inputs:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of the "
                         "them have requires_grad=True.")
    outputs = _outputs(func, inputs)
    for i, out in enumerate(outputs):
        for j, inp in enumerate(diff_inputs):
            numerical = _numerical_jacobian(func, inputs, i, inp, eps)
            analytical = _analytical_jacobian(func, inputs, i, inp)
            if not np.allclose(analytical, numerical, rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                raise GradcheckError(f"Jacobian mismatch for output {i} with respect to input {j},\n"
                                     f"numerical:{numerical}\nanalytical:{analytical}\n")
    return True


def _numerical_jacobian(func, inputs, out_index, inp, eps):
    flat = inp._data.reshape(-1) if inp._data.flags.c_contiguous else None
    if flat is None:
        raise ValueError("gradcheck needs contiguous inputs")
    columns = []
    with grad_mode.no_grad():
        for k in range(flat.size):
            orig = flat[k]
            flat[k] = orig + eps
            plus = _outputs(func, inputs)[out_index]._data.astype(np.float64).ravel()
            flat[k] = orig - eps
            minus = _outputs(func, inputs)[out_index]._data.astype(np.float64).ravel()
            flat[k] = orig
            columns.append((plus - minus) / (2 * eps))
    n_out = columns[0].size if columns else 0
    return np.stack(columns, axis=1) if columns else np.zeros((n_out, 0))


def _analytical_jacobian(func, inputs, out_index, inp):
    from . import grad as autograd_grad
    out = _outputs(func, inputs)[out_index]
    rows = []
    for k in range(out._data.size):
        upstream = np.zeros(out._data.size, dtype=out._data.dtype)
        upstream[k] = 1
        out = _outputs(func, inputs)[out_index]
        (g,) = autograd_grad(out, inp, Tensor._wrap(upstream.reshape(out._data.shape)), allow_unused=True)
        rows.append(np.zeros(inp._data.size) if g is None else g._data.astype(np.float64).ravel())
    return np.stack(rows, axis=0) if rows else np.zeros((0, inp._data.size))
