"""minitorch.vision: what course programs take from torchvision, offline: ``datasets`` (MNIST from
local IDX files; scikit-learn's bundled sets) and ``transforms``."""
from . import datasets, transforms
