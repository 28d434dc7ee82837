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

With ``line_search_fn='strong_wolfe'``, step 4 instead searches along d for a step length t that
satisfies the strong Wolfe conditions (``_strong_wolfe``) and moves there.

Its state (the history, the last direction and step, counters) lives under the first parameter, so a
later ``step`` continues where the last one stopped, as in torch.

The scalars of the search (directional derivatives, interpolated step lengths) are NumPy scalars
of the parameters' dtype mixed with Python floats, which promote as torch's 0-d tensors and Python
numbers do: a float32 model searches in float32, as in torch.
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

    def _evaluate_along(self, evaluate, x, t, d):
        """The loss and flat gradient at ``x + t * d`` (for the line search); the parameters are put back
        to ``x`` (a list of copies) afterwards."""
        self._add_to_params(t, d)
        loss = float(evaluate())
        g = self._flat_grad()
        for p, saved in zip(self._params, x):
            p._data[...] = saved
            p._vc[0] += 1
        return loss, g

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

            if group["line_search_fn"] is not None:
                if group["line_search_fn"] != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                x = [p._data.copy() for p in self._params]
                loss, g, t, ls_evals = _strong_wolfe(lambda step: self._evaluate_along(evaluate, x, step, d),
                                                     t, d, loss, g, g.dot(d), max_ls=max_eval - evals)
                self._add_to_params(t, d)
                evals += ls_evals
                state["func_evals"] += ls_evals
            else:
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


# -- the strong Wolfe line search (Nocedal & Wright, Algorithms 3.5 and 3.6, as minFunc and torch do it) --
def _cubic_minimum(x1, f1, g1, x2, f2, g2, bounds=None):
    """Where the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2 has its minimum, clamped
    to ``bounds`` (default: between x1 and x2); their midpoint if the cubic has no minimum.

    Extrapolating from two close points, the result is sensitive to the last bit of the slope
    3 (f1 - f2) / (x1 - x2): it is rounded as torch rounds it, so that the searches agree."""
    low, high = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    span = x1 - x2
    if isinstance(span, np.generic):  # as torch divides a number by a 0-d tensor: times the reciprocal
        d1 = g1 + g2 - (1 / span) * (3 * (f1 - f2))
    else:
        d1 = g1 + g2 - 3 * (f1 - f2) / span
    d2_square = d1 ** 2 - g1 * g2
    if not d2_square >= 0:
        return (low + high) / 2.0
    d2 = np.sqrt(d2_square)
    if x1 <= x2:
        at = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        at = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(at, low), high)


class _Point:
    """One trial of the line search: step length t, loss f, flat gradient g, slope gtd = g . d."""

    __slots__ = ("t", "f", "g", "gtd")

    def __init__(self, t, f, g, gtd):
        self.t, self.f, self.g, self.gtd = t, f, g, gtd


def _strong_wolfe(evaluate_at, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """A step length along ``d`` from the point with loss ``f``, gradient ``g`` and slope ``gtd < 0``
    that satisfies the strong Wolfe conditions

        sufficient decrease   f(t) <= f + c1 * t * gtd
        curvature             |g(t) . d| <= c2 * |gtd|

    ``evaluate_at(t) -> (loss, flat gradient)``. Two phases, at most ``max_ls`` evaluations:

    * bracketing: try t, and while it decreases the loss without satisfying the conditions or
      passing the minimum (slope still negative), extrapolate to the cubic's minimum within
      [t + 0.01 (t - t_prev), 10 t]; stop with a bracket [t_lo, t_hi] that contains a point that
      satisfies them, or with such a point;
    * zoom: shrink the bracket, trying the cubic's minimum between its ends (moved to 10% of the
      bracket's width inside it when it lands too near an end twice in a row), until a point
      satisfies the conditions or the bracket is narrower than ``tolerance_change``.

    Returns (loss, gradient, t, evaluations) of the lowest point found.
    """
    d_norm = np.abs(d).max()
    f_new, g_new = evaluate_at(t)
    evals = 1
    prev, new = _Point(0, f, g, gtd), _Point(t, f_new, g_new, g_new.dot(d))
    bracket, done = None, False
    while evals - 1 < max_ls:
        if new.f > f + c1 * new.t * gtd or (evals - 1 > 1 and new.f >= prev.f):
            bracket = [prev, new]  # the loss rose: a minimum lies in between
            break
        if abs(new.gtd) <= -c2 * gtd:
            bracket, done = [new], True
            break
        if new.gtd >= 0:
            bracket = [prev, new]  # the slope turned: a minimum lies in between
            break
        t = _cubic_minimum(prev.t, prev.f, prev.gtd, new.t, new.f, new.gtd,
                           bounds=(new.t + 0.01 * (new.t - prev.t), new.t * 10))
        prev = new
        f_new, g_new = evaluate_at(t)
        evals += 1
        new = _Point(t, f_new, g_new, g_new.dot(d))
    if evals - 1 == max_ls:  # out of evaluations while still bracketing
        bracket = [_Point(0, f, g, None), _Point(new.t, new.f, new.g, None)]

    low, high = (0, 1) if bracket[0].f <= bracket[-1].f else (1, 0)
    insufficient_progress = False
    while not done and evals - 1 < max_ls:
        ends = (bracket[0].t, bracket[1].t)
        if abs(ends[1] - ends[0]) * d_norm < tolerance_change:
            break
        t = _cubic_minimum(bracket[0].t, bracket[0].f, bracket[0].gtd, bracket[1].t, bracket[1].f, bracket[1].gtd)
        lo_end, hi_end = min(ends), max(ends)
        margin = 0.1 * (hi_end - lo_end)
        if min(hi_end - t, t - lo_end) < margin:  # too close to an end of the bracket
            if insufficient_progress or t >= hi_end or t <= lo_end:
                t = hi_end - margin if abs(t - hi_end) < abs(t - lo_end) else lo_end + margin
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False
        f_new, g_new = evaluate_at(t)
        evals += 1
        new = _Point(t, f_new, g_new, g_new.dot(d))
        if new.f > f + c1 * t * gtd or new.f >= bracket[low].f:
            bracket[high] = new  # no sufficient decrease, or not below the low end: the new high end
            low, high = (0, 1) if bracket[0].f <= bracket[1].f else (1, 0)
        else:
            if abs(new.gtd) <= -c2 * gtd:
                done = True
            elif new.gtd * (bracket[high].t - bracket[low].t) >= 0:
                bracket[high] = bracket[low]  # the minimum lies on the other side of the new point
            bracket[low] = new
    best = bracket[low]
    return best.f, best.g, best.t, evals
