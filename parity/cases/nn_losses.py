"""Parity cases for the losses (minitorch/nn/functional/loss.py and minitorch/nn/modules/loss.py):
every loss under each reduction, and its variants: class weights, ``ignore_index`` present in the
targets, label smoothing, probability targets, (C,) and (N, C, d1, ...) inputs, ``pos_weight``,
broadcast targets, the deprecated ``size_average``/``reduce`` flags, and the module forms.

Targets are drawn so that each case means something: class indices as int64 (``make=classes``,
with ``ignore_index`` values mixed in for the ignore cases), probabilities in [0, 1] for BCE (whose
input stays in (0.02, 0.98), away from the clamped logs), distributions along the class dim for
probability targets, labels in {-1, 1} for the margin losses. Float targets require grad wherever
torch differentiates the loss with respect to them, so their gradients are compared too. Weights
are inputs without grad (drawn in the run's float dtype, as torch requires).
"""
import numpy as np

from parity.case import Arg, OpCase, interleaved
from parity.module_case import ModuleCase

REDUCTIONS = ("none", "mean", "sum")
NOGRAD = dict(grad=False)
POS_W = dict(low=0.5, high=2.0, grad=False)  # class weights, pos_weight


def case(name, fn, *args, **kw):
    return OpCase(name, fn, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


def classes(C, ignore=None, every=3):
    """``make`` for class-index targets in [0, C); with ``ignore``, every ``every``-th target
    (starting with the first) is that ignore value instead."""
    def make(rng, shape):
        t = rng.integers(0, C, size=shape)
        if ignore is not None:
            t.reshape(-1)[::every] = ignore
        return t
    return make


def all_ignored(rng, shape):
    return np.full(shape, -100)


def distribution(axis):
    """``make`` for class probabilities: positive values summing to 1 along ``axis``."""
    def make(rng, shape):
        e = np.exp(rng.uniform(-2, 2, size=shape))
        return e / e.sum(axis=axis, keepdims=True)
    return make


def signs(rng, shape):
    return rng.choice([-1.0, 1.0], size=shape)


def bits(rng, shape):
    return rng.integers(0, 2, size=shape).astype(np.float64)


# scores for margin_ranking_loss: input1 - input2 stays at least 0.125 away from 0 (and from +-0.1)
RANK1, RANK2 = dict(make=interleaved(0, 2)), dict(make=interleaved(1, 2))
# l1_loss's |input - target| has a kink at input == target: keep the pairs apart the same way
L1X, L1Y = RANK1, RANK2
# vectors for cosine similarity, drawn from the seed (hypothesis would shrink them toward zero
# vectors, where the cosine is ill-conditioned)
VEC = dict(make=lambda rng, shape: rng.uniform(-2.0, 2.0, size=shape))


def cls(C, **kw):
    return Arg((), kind="int64", grad=False, make=classes(C, **kw))


def targets(shape, C, **kw):
    return Arg(shape, kind="int64", grad=False, make=classes(C, **kw))


CASES = []

# -- regression losses -------------------------------------------------------------------------------------
for red in REDUCTIONS:
    r = dict(reduction=red)
    CASES += [
        case(f"l1_loss/{red}", lambda t, x, y, r=r: t.nn.functional.l1_loss(x, y, **r), Arg((3, 4), **L1X),
             Arg((3, 4), **L1Y)),
        case(f"l1_loss/{red}_weight", lambda t, x, y, w, r=r: t.nn.functional.l1_loss(x, y, weight=w, **r),
             Arg((3, 4), **L1X), Arg((3, 4), **L1Y), Arg((3, 4), **POS_W)),
        case(f"mse_loss/{red}", lambda t, x, y, r=r: t.nn.functional.mse_loss(x, y, **r), (3, 4), (3, 4)),
        case(f"mse_loss/{red}_3d", lambda t, x, y, r=r: t.nn.functional.mse_loss(x, y, **r), (2, 3, 4),
             Arg((2, 3, 4), permute=True)),
        case(f"mse_loss/{red}_weight", lambda t, x, y, w, r=r: t.nn.functional.mse_loss(x, y, weight=w, **r),
             (3, 4), (3, 4), Arg((3, 4), **POS_W)),
        case(f"mse_loss/{red}_broadcast_target", lambda t, x, y, r=r: t.nn.functional.mse_loss(x, y, **r),
             (4, 1), (4,)),
        case(f"smooth_l1_loss/{red}", lambda t, x, y, r=r: t.nn.functional.smooth_l1_loss(x, y, **r),
             (4, 5), (4, 5)),
        case(f"smooth_l1_loss/{red}_beta0.5", lambda t, x, y, r=r: t.nn.functional.smooth_l1_loss(x, y, beta=0.5, **r),
             (4, 5), (4, 5)),
        case(f"smooth_l1_loss/{red}_beta0", lambda t, x, y, r=r: t.nn.functional.smooth_l1_loss(x, y, beta=0.0, **r),
             Arg((4, 5), **L1X), Arg((4, 5), **L1Y)),
        case(f"huber_loss/{red}", lambda t, x, y, r=r: t.nn.functional.huber_loss(x, y, **r), (4, 5), (4, 5)),
        case(f"huber_loss/{red}_delta0.3", lambda t, x, y, r=r: t.nn.functional.huber_loss(x, y, delta=0.3, **r),
             (4, 5), (4, 5)),
        case(f"huber_loss/{red}_weight", lambda t, x, y, w, r=r: t.nn.functional.huber_loss(x, y, weight=w, **r),
             (4, 5), (4, 5), Arg((4, 5), **POS_W)),
    ]
CASES += [
    case("mse_loss/0d", lambda t, x, y: t.nn.functional.mse_loss(x, y), (), ()),
    case("mse_loss/1_element", lambda t, x, y: t.nn.functional.mse_loss(x, y, reduction="sum"), (1,), (1,)),
    case("mse_loss/int_target", lambda t, x, y: t.nn.functional.mse_loss(x, y),
         (5,), Arg((5,), kind="int64", low=-2, high=3, grad=False)),
    case("mse_loss/float64_target", lambda t, x, y: t.nn.functional.mse_loss(x, y), (5,), Arg((5,), kind="float64")),
    case("mse_loss/size_average_false", lambda t, x, y: t.nn.functional.mse_loss(x, y, size_average=False),
         (3, 4), (3, 4)),
    case("mse_loss/reduce_false", lambda t, x, y: t.nn.functional.mse_loss(x, y, reduce=False), (3, 4), (3, 4)),
    case("l1_loss/size_average_true", lambda t, x, y: t.nn.functional.l1_loss(x, y, size_average=True),
         Arg((6,), **L1X), Arg((6,), **L1Y)),
    case("smooth_l1_loss/reduce_false_beats_reduction",
         lambda t, x, y: t.nn.functional.smooth_l1_loss(x, y, reduce=False, reduction="sum"), (6,), (6,)),
    case("l1_loss/noncontiguous", lambda t, x, y: t.nn.functional.l1_loss(x, y), Arg((3, 4), permute=True, **L1X),
         Arg((3, 4), **L1Y)),
]

# -- binary classification -------------------------------------------------------------------------------
PROB_IN = dict(low=0.02, high=0.98)  # away from 0 and 1, where the logs are clamped
PROB_T = dict(low=0.02, high=0.98)   # targets that stay in [0, 1] under finite differences
for red in REDUCTIONS:
    r = dict(reduction=red)
    CASES += [
        case(f"binary_cross_entropy/{red}", lambda t, x, y, r=r: t.nn.functional.binary_cross_entropy(x, y, **r),
             Arg((4, 3), **PROB_IN), Arg((4, 3), **PROB_T)),
        case(f"binary_cross_entropy/{red}_1d", lambda t, x, y, r=r: t.nn.functional.binary_cross_entropy(x, y, **r),
             Arg((6,), **PROB_IN), Arg((6,), **PROB_T)),
        case(f"binary_cross_entropy/{red}_hard_targets",
             lambda t, x, y, r=r: t.nn.functional.binary_cross_entropy(x, y, **r),
             Arg((4, 3), **PROB_IN), Arg((4, 3), make=bits, grad=False)),
        case(f"binary_cross_entropy/{red}_weight",
             lambda t, x, y, w, r=r: t.nn.functional.binary_cross_entropy(x, y, weight=w, **r),
             Arg((4, 3), **PROB_IN), Arg((4, 3), **PROB_T), Arg((3,), **POS_W)),
        case(f"binary_cross_entropy/{red}_full_weight",
             lambda t, x, y, w, r=r: t.nn.functional.binary_cross_entropy(x, y, weight=w, **r),
             Arg((4, 3), **PROB_IN), Arg((4, 3), **PROB_T), Arg((4, 3), **POS_W)),
        case(f"bce_with_logits/{red}",
             lambda t, x, y, r=r: t.nn.functional.binary_cross_entropy_with_logits(x, y, **r),
             Arg((4, 3), low=-4, high=4), Arg((4, 3), low=0, high=1)),
        case(f"bce_with_logits/{red}_weight",
             lambda t, x, y, w, r=r: t.nn.functional.binary_cross_entropy_with_logits(x, y, weight=w, **r),
             Arg((4, 3), low=-4, high=4), Arg((4, 3), low=0, high=1), Arg((4, 1), **POS_W)),
        case(f"bce_with_logits/{red}_pos_weight",
             lambda t, x, y, p, r=r: t.nn.functional.binary_cross_entropy_with_logits(x, y, pos_weight=p, **r),
             Arg((4, 3), low=-4, high=4), Arg((4, 3), low=0, high=1), Arg((3,), **POS_W)),
        case(f"bce_with_logits/{red}_weight_pos_weight_3d",
             lambda t, x, y, w, p, r=r: t.nn.functional.binary_cross_entropy_with_logits(x, y, w, pos_weight=p, **r),
             Arg((2, 3, 4), low=-4, high=4), Arg((2, 3, 4), low=0, high=1), Arg((3, 4), **POS_W),
             Arg((4,), **POS_W)),
        case(f"soft_margin_loss/{red}", lambda t, x, y, r=r: t.nn.functional.soft_margin_loss(x, y, **r),
             (4, 3), Arg((4, 3), make=signs, grad=False)),
        case(f"multilabel_soft_margin_loss/{red}",
             lambda t, x, y, r=r: t.nn.functional.multilabel_soft_margin_loss(x, y, **r),
             (4, 5), Arg((4, 5), make=bits, grad=False)),
        case(f"multilabel_soft_margin_loss/{red}_weight",
             lambda t, x, y, w, r=r: t.nn.functional.multilabel_soft_margin_loss(x, y, weight=w, **r),
             (4, 5), Arg((4, 5), low=0, high=1), Arg((5,), **POS_W)),
    ]
CASES += [
    case("binary_cross_entropy/size_average_false",
         lambda t, x, y: t.nn.functional.binary_cross_entropy(x, y, size_average=False),
         Arg((5,), **PROB_IN), Arg((5,), **PROB_T)),
    case("binary_cross_entropy/0d", lambda t, x, y: t.nn.functional.binary_cross_entropy(x, y),
         Arg((), **PROB_IN), Arg((), **PROB_T)),
    case("bce_with_logits/large_logits", lambda t, x, y: t.nn.functional.binary_cross_entropy_with_logits(x, y),
         Arg((6,), low=-60, high=60), Arg((6,), low=0, high=1)),
    case("bce_with_logits/reduce_false", lambda t, x, y: t.nn.functional.binary_cross_entropy_with_logits(
        x, y, reduce=False), (3, 2), Arg((3, 2), low=0, high=1)),
]

# -- nll_loss and cross_entropy ------------------------------------------------------------------------------
C = 5
for red in REDUCTIONS:
    r = dict(reduction=red)
    for fname in ("cross_entropy", "nll_loss"):
        f = (lambda t, fname=fname: getattr(t.nn.functional, fname))
        CASES += [
            case(f"{fname}/{red}", lambda t, x, y, f=f, r=r: f(t)(x, y, **r), (4, C), targets((4,), C)),
            case(f"{fname}/{red}_1d_input", lambda t, x, y, f=f, r=r: f(t)(x, y, **r), (C,), cls(C)),
            case(f"{fname}/{red}_3d_input", lambda t, x, y, f=f, r=r: f(t)(x, y, **r), (2, C, 3), targets((2, 3), C)),
            case(f"{fname}/{red}_4d_input", lambda t, x, y, f=f, r=r: f(t)(x, y, **r), (2, C, 3, 2),
                 targets((2, 3, 2), C)),
            case(f"{fname}/{red}_5d_input", lambda t, x, y, f=f, r=r: f(t)(x, y, **r), (2, 3, 2, 2, 2),
                 targets((2, 2, 2, 2), 3)),
            case(f"{fname}/{red}_weight", lambda t, x, y, w, f=f, r=r: f(t)(x, y, weight=w, **r), (6, C),
                 targets((6,), C), Arg((C,), **POS_W)),
            case(f"{fname}/{red}_ignore_index", lambda t, x, y, f=f, r=r: f(t)(x, y, **r), (6, C),
                 targets((6,), C, ignore=-100)),
            case(f"{fname}/{red}_ignore_index_weight",
                 lambda t, x, y, w, f=f, r=r: f(t)(x, y, weight=w, ignore_index=2, **r), (7, C),
                 targets((7,), C, ignore=2), Arg((C,), **POS_W)),
            case(f"{fname}/{red}_ignore_index_4d", lambda t, x, y, f=f, r=r: f(t)(x, y, ignore_index=-1, **r),
                 (2, C, 2, 3), targets((2, 2, 3), C, ignore=-1)),
            # every target ignored: 'mean' is 0/0 = nan (no derivative to check; tests/test_losses.py
            # checks torch's zero gradient)
            case(f"{fname}/{red}_all_ignored", lambda t, x, y, f=f, r=r: f(t)(x, y, **r), (3, C),
                 Arg((3,), kind="int64", grad=False, make=all_ignored), backward=False),
            case(f"{fname}/{red}_noncontiguous", lambda t, x, y, f=f, r=r: f(t)(x, y, **r),
                 Arg((4, C), permute=True), targets((4,), C)),
        ]
    CASES += [
        case(f"cross_entropy/{red}_label_smoothing",
             lambda t, x, y, r=r: t.nn.functional.cross_entropy(x, y, label_smoothing=0.2, **r), (6, C),
             targets((6,), C)),
        case(f"cross_entropy/{red}_label_smoothing_weight_ignore",
             lambda t, x, y, w, r=r: t.nn.functional.cross_entropy(x, y, weight=w, label_smoothing=0.3, **r),
             (6, C), targets((6,), C, ignore=-100), Arg((C,), **POS_W)),
        case(f"cross_entropy/{red}_label_smoothing_4d",
             lambda t, x, y, w, r=r: t.nn.functional.cross_entropy(x, y, w, label_smoothing=0.1, **r),
             (2, C, 2, 3), targets((2, 2, 3), C), Arg((C,), **POS_W)),
        case(f"cross_entropy/{red}_label_smoothing_1d",
             lambda t, x, y, r=r: t.nn.functional.cross_entropy(x, y, label_smoothing=0.25, **r), (C,), cls(C)),
        case(f"cross_entropy/{red}_probs", lambda t, x, y, r=r: t.nn.functional.cross_entropy(x, y, **r),
             (4, C), Arg((4, C), make=distribution(1))),
        case(f"cross_entropy/{red}_probs_weight",
             lambda t, x, y, w, r=r: t.nn.functional.cross_entropy(x, y, weight=w, **r),
             (4, C), Arg((4, C), make=distribution(1)), Arg((C,), **POS_W)),
        case(f"cross_entropy/{red}_probs_label_smoothing",
             lambda t, x, y, r=r: t.nn.functional.cross_entropy(x, y, label_smoothing=0.2, **r),
             (4, C), Arg((4, C), make=distribution(1))),
        case(f"cross_entropy/{red}_probs_3d", lambda t, x, y, r=r: t.nn.functional.cross_entropy(x, y, **r),
             (2, C, 3), Arg((2, C, 3), make=distribution(1))),
        case(f"cross_entropy/{red}_probs_1d", lambda t, x, y, r=r: t.nn.functional.cross_entropy(x, y, **r),
             (C,), Arg((C,), make=distribution(0))),
    ]
CASES += [
    case("cross_entropy/large_logits", lambda t, x, y: t.nn.functional.cross_entropy(x, y),
         Arg((4, C), low=-80, high=80), targets((4,), C)),
    case("cross_entropy/uint8_target", lambda t, x, y: t.nn.functional.cross_entropy(x, y.to(t.uint8)),
         (4, C), targets((4,), C)),
    # torch's forward accepts a (1,) target for (C,) input, but its backward fails (size mismatch)
    case("cross_entropy/target_1_element_for_1d_input", lambda t, x, y: t.nn.functional.cross_entropy(x, y),
         (C,), targets((1,), C), backward=False),
    case("cross_entropy/size_average_false", lambda t, x, y: t.nn.functional.cross_entropy(x, y, size_average=False),
         (4, C), targets((4,), C)),
    case("cross_entropy/reduce_false", lambda t, x, y: t.nn.functional.cross_entropy(x, y, reduce=False),
         (4, C), targets((4,), C)),
    case("cross_entropy/probs_float64_target", lambda t, x, y: t.nn.functional.cross_entropy(x, y),
         (4, C), Arg((4, C), kind="float64", make=distribution(1))),
    case("cross_entropy/batch_64x10", lambda t, x, y: t.nn.functional.cross_entropy(x, y),
         (64, 10), targets((64,), 10)),
    case("nll_loss/of_log_softmax", lambda t, x, y: t.nn.functional.nll_loss(x.log_softmax(1), y),
         (4, C), targets((4,), C)),
]

# -- distribution losses ----------------------------------------------------------------------------------------
for red in REDUCTIONS + ("batchmean",):
    r = dict(reduction=red)
    CASES += [
        case(f"kl_div/{red}", lambda t, x, y, r=r: t.nn.functional.kl_div(x, y, **r),
             (3, 4), Arg((3, 4), make=distribution(1))),
        case(f"kl_div/{red}_log_target", lambda t, x, y, r=r: t.nn.functional.kl_div(x, y, log_target=True, **r),
             (3, 4), (3, 4)),
    ]
CASES += [
    case("kl_div/zero_target", lambda t, x, y: t.nn.functional.kl_div(x, y, reduction="sum"), (4,),
         Arg((4,), grad=False, make=lambda rng, shape: np.array([0.0, 0.5, 0.0, 0.5]))),
    case("kl_div/batchmean_0d", lambda t, x, y: t.nn.functional.kl_div(x, y, reduction="batchmean"),
         (), Arg((), low=0.1, high=1)),
    case("kl_div/reduce_false", lambda t, x, y: t.nn.functional.kl_div(x, y, reduce=False),
         (3, 4), Arg((3, 4), low=0.1, high=1)),
]
for red in REDUCTIONS:
    r = dict(reduction=red)
    CASES += [
        case(f"poisson_nll_loss/{red}", lambda t, x, y, r=r: t.nn.functional.poisson_nll_loss(x, y, **r),
             (3, 4), Arg((3, 4), low=0, high=4)),
        case(f"poisson_nll_loss/{red}_rate_input",
             lambda t, x, y, r=r: t.nn.functional.poisson_nll_loss(x, y, log_input=False, **r),
             Arg((3, 4), low=0.1, high=3), Arg((3, 4), low=0, high=4)),
        case(f"poisson_nll_loss/{red}_full",
             lambda t, x, y, r=r: t.nn.functional.poisson_nll_loss(x, y, full=True, **r),
             (3, 4), Arg((3, 4), low=0.1, high=4, grad=False)),
        case(f"gaussian_nll_loss/{red}", lambda t, x, y, v, r=r: t.nn.functional.gaussian_nll_loss(x, y, v, **r),
             (3, 4), (3, 4), Arg((3, 4), low=0.2, high=2)),
        case(f"gaussian_nll_loss/{red}_full_shared_var",
             lambda t, x, y, v, r=r: t.nn.functional.gaussian_nll_loss(x, y, v, full=True, **r),
             (3, 4), (3, 4), Arg((3,), low=0.2, high=2)),
        case(f"gaussian_nll_loss/{red}_size1_var",
             lambda t, x, y, v, r=r: t.nn.functional.gaussian_nll_loss(x, y, v, **r),
             (3, 4), (3, 4), Arg((3, 1), low=0.2, high=2)),
        case(f"gaussian_nll_loss/{red}_float_var",
             lambda t, x, y, r=r: t.nn.functional.gaussian_nll_loss(x, y, 0.7, **r), (3, 4), (3, 4)),
    ]
CASES += [
    # var clamped at eps (its gradient, which passes the clamp unchanged in torch, is not the
    # derivative there: tests/test_losses.py compares it with torch's)
    case("gaussian_nll_loss/var_below_eps", lambda t, x, y, v: t.nn.functional.gaussian_nll_loss(x, y, v, eps=0.5),
         (4,), (4,), Arg((4,), grad=False, make=lambda rng, shape: np.array([0.1, 0.7, 0.3, 1.2]))),
]

# -- margin and embedding losses -------------------------------------------------------------------------------
for red in REDUCTIONS:
    r = dict(reduction=red)
    CASES += [
        case(f"margin_ranking_loss/{red}",
             lambda t, a, b, y, r=r: t.nn.functional.margin_ranking_loss(a, b, y, **r),
             Arg((6,), **RANK1), Arg((6,), **RANK2), Arg((6,), make=signs, grad=False)),
        case(f"margin_ranking_loss/{red}_margin",
             lambda t, a, b, y, r=r: t.nn.functional.margin_ranking_loss(a, b, y, margin=0.1, **r),
             Arg((6,), **RANK1), Arg((6,), **RANK2), Arg((6,), make=signs, grad=False)),
        case(f"hinge_embedding_loss/{red}",
             lambda t, x, y, r=r: t.nn.functional.hinge_embedding_loss(x, y, **r),
             Arg((4, 3), make=lambda rng, s: rng.choice([0.2, 0.5, 1.5, 2.0], size=s) + rng.uniform(0, 0.1, s)),
             Arg((4, 3), make=signs, grad=False)),
        case(f"hinge_embedding_loss/{red}_margin2",
             lambda t, x, y, r=r: t.nn.functional.hinge_embedding_loss(x, y, margin=2.5, **r),
             Arg((6,), low=0.1, high=2.0), Arg((6,), make=signs, grad=False)),
        case(f"cosine_embedding_loss/{red}",
             lambda t, a, b, y, r=r: t.nn.functional.cosine_embedding_loss(a, b, y, **r),
             Arg((4, 3), **VEC), Arg((4, 3), **VEC), Arg((4,), make=signs, grad=False)),
        case(f"cosine_embedding_loss/{red}_margin_1d",
             lambda t, a, b, y, r=r: t.nn.functional.cosine_embedding_loss(a, b, y, margin=-0.5, **r),
             Arg((3,), **VEC), Arg((3,), **VEC), Arg((), make=lambda rng, s: np.array(-1.0), grad=False)),
    ]

# -- the module forms ---------------------------------------------------------------------------------------------
# Each loss module calls its functional form; these check the wiring (constructor arguments,
# defaults, the weight buffers, which state_dict must list and load as torch's do).
W5 = [0.5, 1.0, 2.0, 1.5, 0.8]
W3 = [0.7, 1.3, 2.0]


def mcase(name, build, *args, **kw):
    return ModuleCase(name, build, [a if isinstance(a, Arg) else Arg(a) for a in args], **kw)


CASES += [
    mcase("L1Loss/default", lambda t: t.nn.L1Loss(), Arg((3, 4), **L1X), Arg((3, 4), **L1Y)),
    mcase("MSELoss/default", lambda t: t.nn.MSELoss(), (3, 4), (3, 4)),
    mcase("MSELoss/sum", lambda t: t.nn.MSELoss(reduction="sum"), (3, 4), (3, 4)),
    mcase("MSELoss/size_average_false", lambda t: t.nn.MSELoss(size_average=False), (3, 4), (3, 4)),
    mcase("SmoothL1Loss/beta", lambda t: t.nn.SmoothL1Loss(beta=0.5), (3, 4), (3, 4)),
    mcase("HuberLoss/delta", lambda t: t.nn.HuberLoss(reduction="none", delta=0.5), (3, 4), (3, 4)),
    mcase("BCELoss/weight", lambda t: t.nn.BCELoss(weight=t.tensor(W3)),
          Arg((4, 3), **PROB_IN), Arg((4, 3), **PROB_T)),
    mcase("BCEWithLogitsLoss/pos_weight",
          lambda t: t.nn.BCEWithLogitsLoss(t.tensor([[1.0], [0.5], [2.0], [1.2]]), pos_weight=t.tensor(W3)),
          Arg((4, 3), low=-4, high=4), Arg((4, 3), low=0, high=1)),
    mcase("CrossEntropyLoss/default", lambda t: t.nn.CrossEntropyLoss(), (8, C), targets((8,), C)),
    mcase("CrossEntropyLoss/all_options",
          lambda t: t.nn.CrossEntropyLoss(weight=t.tensor(W5), ignore_index=1, reduction="sum", label_smoothing=0.1),
          (8, C), targets((8,), C, ignore=1)),
    mcase("CrossEntropyLoss/probs", lambda t: t.nn.CrossEntropyLoss(), (4, C), Arg((4, C), make=distribution(1))),
    mcase("NLLLoss/weight_4d", lambda t: t.nn.NLLLoss(t.tensor(W5)), (2, C, 2, 2), targets((2, 2, 2), C)),
    mcase("NLLLoss/reduce_false", lambda t: t.nn.NLLLoss(reduce=False), (4, C), targets((4,), C)),
    mcase("KLDivLoss/batchmean", lambda t: t.nn.KLDivLoss(reduction="batchmean"), (3, 4),
          Arg((3, 4), make=distribution(1))),
    mcase("KLDivLoss/log_target", lambda t: t.nn.KLDivLoss(reduction="sum", log_target=True), (3, 4), (3, 4)),
    mcase("PoissonNLLLoss/full", lambda t: t.nn.PoissonNLLLoss(log_input=False, full=True),
          Arg((3, 4), low=0.1, high=3), Arg((3, 4), low=0.1, high=4, grad=False)),
    mcase("GaussianNLLLoss/full", lambda t: t.nn.GaussianNLLLoss(full=True), (3, 4), (3, 4),
          Arg((3, 1), low=0.2, high=2)),
    mcase("CosineEmbeddingLoss/margin", lambda t: t.nn.CosineEmbeddingLoss(margin=0.2),
          Arg((4, 3), **VEC), Arg((4, 3), **VEC), Arg((4,), make=signs, grad=False)),
    mcase("MarginRankingLoss/margin", lambda t: t.nn.MarginRankingLoss(margin=0.1),
          Arg((6,), **RANK1), Arg((6,), **RANK2), Arg((6,), make=signs, grad=False)),
    mcase("HingeEmbeddingLoss/margin", lambda t: t.nn.HingeEmbeddingLoss(margin=2.5),
          Arg((6,), low=0.1, high=2.0), Arg((6,), make=signs, grad=False)),
    mcase("SoftMarginLoss/sum", lambda t: t.nn.SoftMarginLoss(reduction="sum"), (4, 3),
          Arg((4, 3), make=signs, grad=False)),
    mcase("MultiLabelSoftMarginLoss/weight", lambda t: t.nn.MultiLabelSoftMarginLoss(t.tensor(W5)),
          (4, 5), Arg((4, 5), make=bits, grad=False)),
]
