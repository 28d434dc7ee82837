"""``minitorch.utils.hooks``: the handle that hook registrations return (as ``torch.utils.hooks``)."""

__all__ = ["RemovableHandle"]


class RemovableHandle:
    """Returned by ``Tensor.register_hook``, ``Module.register_forward_hook`` and friends:
    ``handle.remove()`` unregisters the hook (also usable as a context manager). ``hooks`` is the
    dict the hook was stored in, under ``handle.id``."""

    _next_id = 0

    def __init__(self, hooks):
        self._hooks = hooks
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self):
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
