"""minitorch.utils.data: Dataset, DataLoader, samplers and collation (torch.utils.data's API)."""
from .dataset import *  # noqa: F401,F403
from .sampler import *  # noqa: F401,F403
from ._collate import *  # noqa: F401,F403
from .dataloader import *  # noqa: F401,F403
