"""Printing tensors as torch does (placeholder until the full formatter lands)."""


def tensor_repr(t):
    import numpy as np
    body = np.array2string(t._data, separator=", ", prefix="tensor(")
    extra = ""
    if t._data.dtype.name not in ("float32", "int64", "bool"):
        extra += f", dtype={t.dtype}"
    if t.grad_fn is not None:
        extra += f", grad_fn=<{type(t.grad_fn).__name__}>"
    elif t.requires_grad:
        extra += ", requires_grad=True"
    return f"tensor({body}{extra})"
