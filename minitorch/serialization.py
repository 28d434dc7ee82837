"""(being written)"""


def save(obj, f):
    raise NotImplementedError("minitorch.save is being written")


def load(f, *args, **kwargs):
    raise NotImplementedError("minitorch.load is being written")
