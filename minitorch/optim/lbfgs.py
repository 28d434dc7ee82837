"""L-BFGS: a quasi-Newton method that builds its curvature estimate from the last ``history_size``
steps s and gradient changes y, through the two-loop recursion (Nocedal & Wright, Algorithm 7.4).

One ``step(closure)`` runs up to ``max_iter`` iterations (at most ``max_eval`` closure calls):

1. evaluate the closure; stop at once if the largest gradient element is below ``tolerance_grad``;
2. direction: ``d = -g`` on the very first iteration; afterwards, when ``y.s > 1e-10``, remember
   (s, y) (dropping the oldest beyond ``history_size``), scale the initial Hessian by
   ``H_diag = y.s / y.y``, and get ``d = -H g`` from the two-loop recursion;
3. step length: ``min(1, 1 / sum|g|) * lr`` on the very first iteration, ``lr`` afterwards; stop if
   ``g.d > -tolerance_change`` (not a descent direction);
4. move the parameters by ``t * d`` and re-evaluate the closure (unless this was the last iteration);
5. stop on the iteration/evaluation budget, a small gradient, a step or a loss change below
   ``tolerance_change``.

Its state (the history, the last direction and step, counters) lives under the first parameter, so a
later ``step`` continues where the last one stopped, as in torch. Only ``line_search_fn=None`` (a
fixed step) is implemented; ``'strong_wolfe'`` raises NotImplementedError.
"""
import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import enable_grad
from .optimizer import Optimizer, check_lr

__all__ = ["LBFGS"]


class LBFGS(Optimizer):
    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        check_lr(lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                        tolerance_change=tolerance_change, history_size=history_size, line_search_fn=line_search_fn)
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        if line_search_fn == "strong_wolfe":
            raise NotImplementedError("minitorch's LBFGS has no strong Wolfe line search yet; use "
                                      "line_search_fn=None (a fixed step of lr)")

    @property
    def _params(self):
        return self.param_groups[0]["params"]

    # -- the parameters as one flat vector ------------------------------------------------------------------
    def _flat_grad(self):
        return np.concatenate([p.grad._data.reshape(-1) if p.grad is not None else np.zeros(p.numel(), p._data.dtype)
                               for p in self._params])

    def _add_to_params(self, step_size, direction):
        """params += step_size * direction (split to the parameters' shapes)."""
        offset = 0
        for p in self._params:
            n = p._data.size
            p._data += step_size * direction[offset:offset + n].reshape(p._data.shape)
            p._vc[0] += 1
            offset += n

    def _direction(self, state, g, d, t, memory, prev_g, h_diag):
        """``(-H g, H_diag)`` by the two-loop recursion, after adding the last (s, y) pair to the memory."""
        group = self.param_groups[0]
        old_dirs, old_stps, ro = memory
        y = g - prev_g
        s = d * t
        ys = y.dot(s)
        if ys > 1e-10:
            if len(old_dirs) == group["history_size"]:
                old_dirs.pop(0)
                old_stps.pop(0)
                ro.pop(0)
            old_dirs.append(Tensor._wrap(y))
            old_stps.append(Tensor._wrap(s))
            ro.append(Tensor._wrap(np.asarray(1.0 / ys)))
            h_diag = Tensor._wrap(np.asarray(ys / y.dot(y)))
        if "al" not in state:
            state["al"] = [None] * group["history_size"]
        al = state["al"]
        q = -g
        for i in range(len(old_dirs) - 1, -1, -1):
            a = old_stps[i]._data.dot(q) * ro[i]._data
            al[i] = Tensor._wrap(np.asarray(a))
            q -= a * old_dirs[i]._data
        r = q * _number(h_diag)
        for i in range(len(old_dirs)):
            be = old_dirs[i]._data.dot(r) * ro[i]._data
            r += old_stps[i]._data * (al[i]._data - be)
        return r, h_diag

    def step(self, closure):
        """Run up to ``max_iter`` L-BFGS iterations; ``closure`` re-evaluates the model and returns the
        loss. Returns the loss of the first evaluation."""
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        evaluate = enable_grad()(closure)

        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        orig_loss = evaluate()
        loss = float(orig_loss)
        evals = 1
        state["func_evals"] += 1
        g = self._flat_grad()
        if np.abs(g).max() <= tol_grad:
            return orig_loss

        d = state["d"]._data if "d" in state else None
        t = _number(state.get("t"))
        memory = (state.get("old_dirs", []), state.get("old_stps", []), state.get("ro", []))
        h_diag = state.get("H_diag", 1)
        prev_g = state["prev_flat_grad"]._data if "prev_flat_grad" in state else None
        prev_loss = state.get("prev_loss")

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d, memory, h_diag = -g, ([], [], []), 1
            else:
                d, h_diag = self._direction(state, g, d, t, memory, prev_g, h_diag)
            prev_g = g.copy()
            prev_loss = loss
            t = min(1.0, 1.0 / np.abs(g).sum()) * lr if state["n_iter"] == 1 else lr
            if g.dot(d) > -tol_change:
                break

            self._add_to_params(t, d)
            if n_iter != max_iter:
                loss = float(evaluate())
                g = self._flat_grad()
                evals += 1
                state["func_evals"] += 1
            if n_iter == max_iter or evals >= max_eval or np.abs(g).max() <= tol_grad:
                break
            if np.abs(d * t).max() <= tol_change or abs(loss - prev_loss) < tol_change:
                break

        state["d"] = Tensor._wrap(d)
        state["t"] = Tensor._wrap(np.asarray(t)) if isinstance(t, np.floating) else t
        state["old_dirs"], state["old_stps"], state["ro"] = memory
        state["H_diag"] = h_diag
        state["prev_flat_grad"] = Tensor._wrap(prev_g)
        state["prev_loss"] = prev_loss
        return orig_loss


def _number(t):
    """A saved step length: a 0-d tensor back to a NumPy scalar, a number as it is."""
    return t._data[()] if isinstance(t, Tensor) else t
