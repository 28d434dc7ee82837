"""minitorch.utils: data loading (``minitorch.utils.data``) and hook handles (``minitorch.utils.hooks``)."""
from . import data, hooks
