"""Size: the tuple subclass that tensor.shape returns, printed as ``minitorch.Size([2, 3])``."""


class Size(tuple):
    __slots__ = ()

    def __new__(cls, dims=()):
        return tuple.__new__(cls, (int(d) for d in dims))

    def __repr__(self):
        return f"minitorch.Size([{', '.join(str(d) for d in self)}])"

    __str__ = __repr__

    def numel(self):
        n = 1
        for d in self:
            n *= d
        return n

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return Size(item) if isinstance(key, slice) else item

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))
