"""minitorch.nn.utils: gradient clipping (and, later, rnn packing)."""
from .clip_grad import *  # noqa: F401,F403
