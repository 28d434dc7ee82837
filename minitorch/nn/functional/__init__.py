"""minitorch.nn.functional (``import minitorch.nn.functional as F``): the stateless forms of the
layers and losses, one file per family."""
from .activation import *  # noqa: F401,F403
from .linear import *  # noqa: F401,F403
from .dropout import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .padding import *  # noqa: F401,F403
from .batchnorm import *  # noqa: F401,F403
from .sparse import *  # noqa: F401,F403
from .distance import *  # noqa: F401,F403
from .upsampling import *  # noqa: F401,F403
from .attention import *  # noqa: F401,F403
