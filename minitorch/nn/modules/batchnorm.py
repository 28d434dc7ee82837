"""Batch normalization layers: ``nn.BatchNorm1d`` (inputs (N, C) or (N, C, L)) and ``nn.BatchNorm2d``
((N, C, H, W)).

Each holds a learnable per-channel scale ``weight`` (ones) and shift ``bias`` (zeros) when
``affine``, and, when ``track_running_stats``, three buffers saved in ``state_dict``:
``running_mean`` (zeros), ``running_var`` (ones) and ``num_batches_tracked`` (an int64 0-d count).

* Training mode normalizes with the batch's statistics and updates the running ones
  (``running = (1 - momentum) * running + momentum * batch``, the unbiased batch variance for
  ``running_var``); ``momentum=None`` makes the running statistics a plain cumulative average,
  using ``1 / num_batches_tracked`` as the momentum.
* Evaluation mode normalizes with the running statistics, so the output of a sample does not
  depend on the rest of the batch.
* ``track_running_stats=False`` keeps no statistics and always uses the batch's.
"""
from ... import _creation, _dtype
from ...autograd.grad_mode import no_grad
from .. import functional as F
from ..parameter import Parameter
from .module import Module

__all__ = ["BatchNorm1d", "BatchNorm2d"]


class _BatchNorm(Module):
    _version = 2  # version 2 added num_batches_tracked (older checkpoints lack it)

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        floats = dict(dtype=dtype, device=device)
        if affine:
            self.weight = Parameter(_creation.ones(num_features, **floats))
            self.bias = Parameter(_creation.zeros(num_features, **floats)) if bias else None
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", _creation.zeros(num_features, **floats))
            self.register_buffer("running_var", _creation.ones(num_features, **floats))
            self.register_buffer("num_batches_tracked", _creation.tensor(0, dtype=_dtype.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self):
        """Running statistics back to mean 0, variance 1, no batches seen."""
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self):
        """Running statistics reset, ``weight`` to ones and ``bias`` to zeros."""
        self.reset_running_stats()
        with no_grad():
            if self.weight is not None:
                self.weight.fill_(1)
            if self.bias is not None:
                self.bias.zero_()

    def _check_input_dim(self, input):
        raise NotImplementedError

    def forward(self, input):
        self._check_input_dim(input)
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # cumulative average: the n-th batch has weight 1/n
                momentum = 1.0 / float(self.num_batches_tracked)
        # batch statistics in training, and in evaluation when there are no running ones to use
        use_batch_stats = self.training or (self.running_mean is None and self.running_var is None)
        keep_running = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if keep_running else None,
                            self.running_var if keep_running else None, self.weight, self.bias,
                            use_batch_stats, momentum, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs):
        """A checkpoint from before ``num_batches_tracked`` existed (version < 2) loads with the count
        kept as it is, instead of failing on the missing key."""
        version = local_metadata.get("version")
        key = prefix + "num_batches_tracked"
        if (version is None or version < 2) and self.track_running_stats and key not in state_dict:
            state_dict[key] = (self.num_batches_tracked if self.num_batches_tracked is not None
                               else _creation.tensor(0, dtype=_dtype.int64))
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                                      error_msgs)


class BatchNorm1d(_BatchNorm):
    """Batch norm over (N, C) or (N, C, L) inputs: per channel, over N (and L)."""

    def _check_input_dim(self, input):
        if input.dim() not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")


class BatchNorm2d(_BatchNorm):
    """Batch norm over (N, C, H, W) inputs: per channel, over N, H and W."""

    def _check_input_dim(self, input):
        if input.dim() != 4:
            raise ValueError(f"expected 4D input (got {input.dim()}D input)")
