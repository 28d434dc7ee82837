"""minitorch.optim: the Optimizer base, the optimizers and (as ``optim.lr_scheduler``) LR schedulers."""
from . import lr_scheduler
from .optimizer import *  # noqa: F401,F403
from .sgd import *  # noqa: F401,F403
from .adam import *  # noqa: F401,F403
from .adagrad import *  # noqa: F401,F403
from .adamax import *  # noqa: F401,F403
from .rmsprop import *  # noqa: F401,F403
from .rprop import *  # noqa: F401,F403
from .asgd import *  # noqa: F401,F403
from .adadelta import *  # noqa: F401,F403
from .nadam import *  # noqa: F401,F403
from .radam import *  # noqa: F401,F403
from .lbfgs import *  # noqa: F401,F403
