"""Printing tensors exactly as torch does: ``repr(t)`` and ``str(t)``.

A tensor prints as ``tensor(<body><suffixes>)``. The body is nested brackets; the suffixes
are extra facts the body cannot show (``size=`` for empty tensors, ``dtype=`` when it is not
the obvious one, ``grad_fn=`` or ``requires_grad=True``).

How the body is built:

1. **Summarize.** A tensor with more than ``threshold`` elements prints only its first and
   last ``edgeitems`` entries along every dimension, with ``...`` in between.
2. **One shared format.** Every printed number gets the same width, so columns line up.
   `_Formatter` looks at the values that will be printed and picks one of three styles for
   floats: *integer* (``1.``, ``-3.``) when every value is a whole number, *fixed*
   (``1.5000``) normally, *scientific* (``1.0000e-05``) when the magnitudes are far apart.
3. **Lay out.** Rows of a 1-d tensor wrap at ``linewidth``; each deeper level of brackets is
   indented by one column, and blocks of a k-d tensor are separated by k-2 blank lines.

Options (``set_printoptions``) live in one module-level `PRINT_OPTS` object.
"""
import contextlib
import math

import numpy as np

# -- print options ------------------------------------------------------------------------------

_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


class _PrintOptions:
    """The current print options (one instance, `PRINT_OPTS`)."""

    def __init__(self):
        self.precision = 4        # digits after the decimal point
        self.threshold = 1000     # more elements than this: summarize
        self.edgeitems = 3        # entries kept at each end of a summarized dimension
        self.linewidth = 80       # characters per line before a row wraps
        self.sci_mode = None      # None: choose automatically; True/False: force

    def __repr__(self):
        return (f"_PrintOptions(precision={self.precision}, threshold={self.threshold}, "
                f"edgeitems={self.edgeitems}, linewidth={self.linewidth}, sci_mode={self.sci_mode})")


PRINT_OPTS = _PrintOptions()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None):
    """Set the print options, as ``torch.set_printoptions``.

    A ``profile`` ('default', 'short' or 'full') first resets the four numeric options;
    any option given explicitly then overrides it. An unknown profile is ignored, as in
    torch. ``sci_mode`` is always assigned, so every call without it goes back to
    choosing scientific notation automatically.
    """
    if profile in _PROFILES:
        for name, value in _PROFILES[profile].items():
            setattr(PRINT_OPTS, name, value)
    for name, value in (("precision", precision), ("threshold", threshold),
                        ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None:
            setattr(PRINT_OPTS, name, value)
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """The current print options as a dict (keys as ``set_printoptions`` takes them)."""
    return dict(precision=PRINT_OPTS.precision, threshold=PRINT_OPTS.threshold,
                edgeitems=PRINT_OPTS.edgeitems, linewidth=PRINT_OPTS.linewidth,
                sci_mode=PRINT_OPTS.sci_mode)


@contextlib.contextmanager
def printoptions(**kwargs):
    """Use some print options inside a ``with`` block, restoring the old ones after."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


# -- the shared number format -----------------------------------------------------------------

class _Formatter:
    """One format for every element that will be printed, so that all get the same width.

    Built from the values that will actually appear (after summarizing). ``width`` is the
    column width; ``format(value)`` turns one Python number into a right-aligned string.
    Widths are measured over the finite nonzero values only, so a ``nan`` or ``-0.`` may
    come out wider than ``width`` (and then is not padded): torch does the same.
    """

    def __init__(self, values):
        self.floating = values.dtype.kind == "f"
        self.int_mode = True     # floats that are all whole numbers print as "3."
        self.sci_mode = False
        self.width = 1
        if not self.floating:
            # ints and bools: just the widest str()
            for v in np.unique(values).tolist():
                self.width = max(self.width, len(str(v)))
            return

        values = values.astype(np.float64).ravel()
        shown = values[np.isfinite(values) & (values != 0)]
        if shown.size == 0:
            return  # only zeros, nan, inf: "0.", "nan", "inf" (forced sci_mode is ignored)

        self.int_mode = bool(np.all(shown == np.ceil(shown)))
        magnitudes = np.abs(shown)
        lo, hi = magnitudes.min(), magnitudes.max()
        # scientific when magnitudes span more than 1000x, or any is huge or tiny
        # (whole numbers are never tiny: their smallest magnitude is 1)
        with np.errstate(over="ignore"):  # 1e300 / 1e-300 is inf: far apart indeed
            self.sci_mode = bool(hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4)
        if PRINT_OPTS.sci_mode is not None:
            self.sci_mode = PRINT_OPTS.sci_mode

        for v in np.unique(shown).tolist():
            self.width = max(self.width, len(self._plain(v)))

    def _plain(self, value):
        """``value`` in the chosen style, without padding."""
        p = PRINT_OPTS.precision
        if self.sci_mode:
            return f"{value:.{p}e}"
        if self.int_mode:
            text = f"{value:.0f}"
            return text if math.isinf(value) or math.isnan(value) else text + "."
        return f"{value:.{p}f}"

    def format(self, value):
        text = self._plain(value) if self.floating else str(value)
        return text.rjust(self.width)


# -- the body: nested brackets ------------------------------------------------------------------

def _summarized(arr):
    """The entries a summarized print shows: the first and last ``edgeitems`` along each
    dimension longer than twice that. (Used to choose the format; nothing else.)"""
    e = PRINT_OPTS.edgeitems
    if arr.ndim == 0 or e == 0:
        return arr
    keep = [np.r_[0:e, n - e:n] if n > 2 * e else np.arange(n) for n in arr.shape]
    return arr[np.ix_(*keep)]


def _vector_str(arr, indent, summarize, fmt):
    """A 1-d row: ``[a, b, c]``, wrapped onto lines that fit in ``linewidth``."""
    e = PRINT_OPTS.edgeitems
    if summarize and e == 0:
        items = ["..."]
    elif summarize and arr.shape[0] > 2 * e:
        items = ([fmt.format(v) for v in arr[:e].tolist()] + [" ..."]
                 + [fmt.format(v) for v in arr[-e:].tolist()])
    else:
        items = [fmt.format(v) for v in arr.tolist()]
    # every item takes its width plus ", "; the bracket indent is subtracted from the line
    per_line = max(1, int((PRINT_OPTS.linewidth - indent) // (fmt.width + 2)))
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_str(arr, indent, summarize, fmt):
    """The body of an n-d array: a scalar, a row, or bracketed sub-blocks.

    ``indent`` is the column where this level's ``[`` stands. Sub-blocks of a k-d array are
    separated by a comma, k-1 newlines (so k-2 blank lines) and indentation one past it.
    """
    if arr.ndim == 0:
        return fmt.format(arr.item())
    if arr.ndim == 1:
        return _vector_str(arr, indent, summarize, fmt)
    e = PRINT_OPTS.edgeitems
    n = arr.shape[0]
    if summarize and n > 2 * e:
        blocks = ([_nested_str(arr[i], indent + 1, summarize, fmt) for i in range(e)] + ["..."]
                  + [_nested_str(arr[i], indent + 1, summarize, fmt) for i in range(n - e, n)])
    else:
        blocks = [_nested_str(arr[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (arr.ndim - 1) + " " * (indent + 1)).join(blocks) + "]"


def tensor_str(t, indent=len("tensor(")):
    """The bracketed body of ``t``, laid out as if it started at column ``indent``.

    This is what goes between ``tensor(`` and the suffixes; ``[]`` for an empty tensor.
    """
    arr = t._data
    if arr.size == 0:
        return "[]"
    if arr.dtype == np.float16:
        arr = arr.astype(np.float32)  # print half as float (its values fit exactly)
    summarize = arr.size > PRINT_OPTS.threshold
    fmt = _Formatter(_summarized(arr) if summarize else arr)
    return _nested_str(arr, indent, summarize, fmt)


# -- the whole repr -----------------------------------------------------------------------------

def _suffixes(t):
    """The ``name=value`` facts printed after the body, in torch's order."""
    from ._dtype import bool as bool_, get_default_dtype, int64

    arr = t._data
    dtype = t.dtype
    out = []
    if arr.size == 0:
        if arr.ndim != 1:
            out.append(f"size={tuple(arr.shape)}")
        # with no elements to look at, any dtype but the default float must be named
        if dtype is not get_default_dtype():
            out.append(f"dtype={dtype}")
    else:
        if not PRINT_OPTS.edgeitems:
            out.append(f"size={tuple(arr.shape)}")
        if dtype not in (get_default_dtype(), int64, bool_):
            out.append(f"dtype={dtype}")
    if t.grad_fn is not None:
        out.append(f"grad_fn=<{type(t.grad_fn).__name__}>")
    elif t.requires_grad:
        out.append("requires_grad=True")
    return out


def _add_suffixes(text, suffixes, indent):
    """Append ``, suffix`` for each suffix, starting a new (indented) line when the
    current one would grow past ``linewidth``.

    Lengths are counted as torch counts them, so that lines break in the same places:
    the current last line counts two more than its true length (``len - rfind('\\n') + 1``),
    and a dtype is measured as torch spells it (``torch.float64``, 4 characters shorter
    than ``minitorch.float64``).
    """
    parts = [text]
    line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        size = len(suffix.replace("minitorch.", "torch."))
        if line_len + size + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            line_len = indent + size
        else:
            parts.append(", " + suffix)
            line_len += size + 2
    parts.append(")")
    return "".join(parts)


def _prefix(t):
    """``tensor(`` for a Tensor or Parameter, else the subclass name (as torch does)."""
    from ._tensor import Tensor

    cls = type(t)
    if cls is Tensor or cls.__name__ == "Parameter":
        return "tensor("
    return cls.__name__ + "("


def tensor_repr(t):
    """``repr(t)`` (and ``str(t)``): e.g. ``tensor([1., 2.], requires_grad=True)``.

    ``Parameter.__repr__`` is ``"Parameter containing:\\n" + tensor_repr(p)``.
    """
    prefix = _prefix(t)
    body = tensor_str(t, len(prefix))
    return _add_suffixes(prefix + body, _suffixes(t), len(prefix))
