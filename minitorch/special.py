"""``minitorch.special`` (torch.special): the special functions under their SciPy-style names.
Each is the same op as its ``minitorch.*`` counterpart (same node, same gradient)."""
from .nn.functional.activation import log_softmax as _log_softmax, softmax as _softmax
from .ops.elementwise import digamma, erf, erfc, erfinv, expm1, lgamma, log1p, logit, sigmoid, xlogy
from .ops.reduction import logsumexp

__all__ = ["digamma", "erf", "erfc", "erfinv", "expit", "expm1", "gammaln", "log1p", "log_softmax", "logit",
           "logsumexp", "psi", "softmax", "xlogy"]

expit = sigmoid   # the logistic function
gammaln = lgamma  # log |Gamma(x)|
psi = digamma     # d/dx log Gamma(x)


def softmax(input, dim, *, dtype=None):
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input, dim, *, dtype=None):
    return _log_softmax(input, dim, dtype=dtype)
