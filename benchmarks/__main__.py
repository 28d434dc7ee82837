"""``python -m benchmarks [--filter SUBSTR] [--threads N] [--json PATH] [--repeat R] [--quick]``

Times every workload (or those whose name contains SUBSTR) in minitorch and in torch, on the
same number of threads, and prints a table with the ratio minitorch/torch.
"""
import argparse
import dataclasses
import json
import sys

from . import harness
from .workloads import WORKLOADS


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description="Time minitorch against torch, interleaved, and print the ratio minitorch/torch.")
    p.add_argument("--filter", metavar="SUBSTR", default="",
                   help="only workloads whose name contains SUBSTR (case-insensitive)")
    p.add_argument("--threads", metavar="N", type=int, default=1,
                   help="threads for torch, NumPy's BLAS and numba alike (default: 1)")
    p.add_argument("--json", metavar="PATH", help="also write the rows and the environment as JSON to PATH")
    p.add_argument("--repeat", metavar="R", type=int,
                   help=f"interleaved rounds per workload (default: {harness.Settings.repeat}; 1 with --quick)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: no warm-up, tiny calibration, one round; the numbers mean little")
    args = p.parse_args(argv)
    if args.threads < 1:
        p.error("--threads must be at least 1")
    if args.repeat is not None and args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    settings = harness.QUICK if args.quick else harness.Settings()
    if args.repeat is not None:
        settings = dataclasses.replace(settings, repeat=args.repeat)
    chosen = [w for w in WORKLOADS if args.filter.lower() in w.name.lower()]
    if not chosen:
        print(f"no workload matches {args.filter!r}; there are: " + ", ".join(w.name for w in WORKLOADS),
              file=sys.stderr)
        return 2

    result = harness.run(chosen, settings, threads=args.threads,
                         progress=lambda name: print(f"timing {name} ...", file=sys.stderr, flush=True))
    print(harness.format_table(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 1 if harness.has_errors(result) else 0


if __name__ == "__main__":
    sys.exit(main())
