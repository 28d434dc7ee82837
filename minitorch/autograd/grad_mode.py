"""Grad mode: whether operations record a graph. ``no_grad``, ``enable_grad`` and
``set_grad_enabled`` work as context managers and as decorators, as in torch."""
import functools

# One module-level flag, read on every operation (a thread-local would cost more per op).
_enabled = True


def is_grad_enabled():
    return _enabled


class _GradMode:
    """Base for the context managers: set the flag on enter, restore it on exit."""

    _mode = True

    def __enter__(self):
        global _enabled
        self._prev = _enabled
        _enabled = self._mode

    def __exit__(self, *exc):
        global _enabled
        _enabled = self._prev
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):
    """Operations inside record no graph; their results do not require grad."""

    _mode = False


class enable_grad(_GradMode):
    """Turn recording back on inside a ``no_grad`` block."""

    _mode = True


class inference_mode(no_grad):
    """Treated as ``no_grad`` (minitorch has no separate inference tensors)."""

    def __init__(self, mode=True):
        self._mode = not mode

    def __call__(self, fn):
        if not isinstance(fn, bool) and callable(fn):
            return super().__call__(fn)
        return inference_mode(fn)


class set_grad_enabled(_GradMode):
    """``set_grad_enabled(False)``: sets the mode at once (as a call) and restores it on exit."""

    def __init__(self, mode):
        global _enabled
        self._prev = _enabled
        self._mode = bool(mode)
        _enabled = self._mode

    def __enter__(self):
        pass

    def __call__(self, fn):
        global _enabled
        _enabled = self._prev  # used as a decorator: the call above must not stick
        mode = self._mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)

        return wrapper
