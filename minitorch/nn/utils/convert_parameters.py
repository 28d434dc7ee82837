"""``parameters_to_vector`` / ``vector_to_parameters``: all of a model's parameters as one flat vector
and back (for optimizers and analyses that see the model as a point in R^n)."""
from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...ops import shape as _shape

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated in order (a differentiable ``CatBackward0`` node)."""
    return _shape.cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of ``vec`` into the parameters, in order (not recorded by autograd)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    offset = 0
    with no_grad():
        for p in parameters:
            n = p.numel()
            p.copy_(vec[offset:offset + n].view_as(p))
            offset += n
