"""minitorch.nn.utils: gradient clipping and (``nn.utils.rnn``) sequence packing."""
from . import rnn
from .clip_grad import *  # noqa: F401,F403
