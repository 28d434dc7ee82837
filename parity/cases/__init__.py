"""All parity cases, gathered from one module per op family."""
import importlib

FAMILIES = ["elementwise", "reduction", "shape", "indexing", "linalg", "nn_modules", "nn_layers", "nn_losses", "optim", "conv", "pooling", "rnn", "training"]


def all_cases():
    cases = []
    for fam in FAMILIES:
        try:
            mod = importlib.import_module(f"parity.cases.{fam}")
        except ModuleNotFoundError as e:
            if e.name != f"parity.cases.{fam}":
                raise
            continue
        cases.extend(mod.CASES)
    names = [c.name for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ValueError(f"duplicate parity case names: {sorted(dup)}")
    return cases
