"""minitorch.optim: the Optimizer base, the optimizers and (as ``optim.lr_scheduler``) LR schedulers."""
from . import lr_scheduler
from .optimizer import *  # noqa: F401,F403
