"""minitorch.nn.utils: gradient clipping, parameters as one vector, and (``nn.utils.rnn``) sequence
packing."""
from . import rnn
from .clip_grad import *  # noqa: F401,F403
from .convert_parameters import *  # noqa: F401,F403
