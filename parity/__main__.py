"""``python -m parity``: run the parity table, print one row per case and dtype, then a summary.

    python -m parity [--filter SUBSTR] [--dtype float64|float32] [--seed N] [--json PATH]
                     [--failures-only]

Exits with status 1 when any row fails, so it can gate CI.
"""
import argparse
import json
import sys
import warnings

from . import runner
from .cases import all_cases


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m parity", description="minitorch vs torch, op by op.")
    parser.add_argument("--filter", default=None, help="run only cases whose name contains SUBSTR")
    parser.add_argument("--dtype", choices=runner.DTYPES, default=None, help="one float dtype (default: both)")
    parser.add_argument("--seed", type=int, default=0, help="seed for inputs and upstream gradients")
    parser.add_argument("--json", default=None, metavar="PATH", help="write the full report as JSON")
    parser.add_argument("--failures-only", action="store_true", help="print only the failing rows")
    args = parser.parse_args(argv)

    cases = all_cases()
    dtypes = (args.dtype,) if args.dtype else runner.DTYPES
    width = max([len(c.name) for c in cases] + [20])
    print(runner.format_header(width))

    def show(row):
        if row.ok and args.failures_only:
            return
        print(runner.format_row(row, width), flush=True)

    with warnings.catch_warnings():
        # some cases call deprecated forms on purpose (torch warns about them); the table is the report
        warnings.simplefilter("ignore")
        rows = runner.run_all(cases, dtypes, seed=args.seed, name_filter=args.filter, on_result=show)
    if not rows:
        print(f"no case matches {args.filter!r}")
        return 1
    full = runner.report(rows)
    print(runner.summary_line(full["summary"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(full, f, indent=1)
    return 0 if full["summary"]["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
