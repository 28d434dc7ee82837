"""minitorch.nn: modules, parameters, layers, losses, functional, init and utils (torch.nn's layout)."""
from . import functional, init, utils
from .modules import *  # noqa: F401,F403
from .parameter import *  # noqa: F401,F403
