"""minitorch.cuda: there is no GPU backend, and these functions say so as torch's CPU build does."""


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    """Accepted and ignored, as torch does when CUDA is absent."""


def manual_seed_all(seed):
    """Accepted and ignored, as torch does when CUDA is absent."""


def current_device():
    raise AssertionError("Torch not compiled with CUDA enabled")


def synchronize(device=None):
    raise AssertionError("Torch not compiled with CUDA enabled")
