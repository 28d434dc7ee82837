"""Time workloads in minitorch and in torch, interleaved, and report the ratio.

On a shared machine absolute times drift (here by 1.7x within minutes), so one number per
library measured minutes apart means little. What this harness trusts is the *ratio*
measured side by side:

1. Warm up every side (the first calls compile numba kernels, fill caches, wake the GPU).
2. Calibrate, per side, how many back-to-back calls make one sample last about
   ``target_s`` (~30 ms), so a sample of a 2 µs op is thousands of calls and the timer's
   resolution and the loop's own cost don't matter.
3. Take ``repeat`` rounds; in each round every side takes one sample, the order rotating
   from round to round (A B, B A, A B, ...), so that slow drift hits both sides alike.
4. Report per side the median time per call, and per comparison the *median over rounds of
   the per-round ratio* minitorch/torch, with its quartiles as a measure of noise.

With CUDA, torch also runs on the GPU: each sample ends with ``torch.cuda.synchronize()``
inside the timed region, so queued kernels are paid for.

Both libraries share one process and so one memory allocator (glibc's malloc, under NumPy
and torch alike). By default malloc serves large blocks with fresh pages from the kernel
(zeroed and faulted in page by page, which costs more than many of the ops using them) and
raises that size threshold as such blocks are freed: so one library's allocation pattern
decides whether the other's tensors come back warm or as fresh pages. Measured here: torch's
Inception step took 31-36 ms or 28.5 ms depending on minitorch's chunk size alone. ``run``
therefore fixes the allocator's thresholds for the whole run (``steady_allocator``): every
block up to 32 MiB is reused from the heap, for both sides alike.
"""
import ctypes
import gc
import os
import platform
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, List, Optional

import numpy as np
import torch

import minitorch

REFERENCE = "minitorch"
RATIO_STATISTIC = "median over rounds of the per-round ratio minitorch/torch (p25-p75 in brackets)"


@dataclass(frozen=True)
class Settings:
    """How long and how often to time. ``QUICK`` is for smoke tests: one short round."""

    repeat: int = 15          # rounds; each side takes one sample per round
    target_s: float = 0.03    # wanted length of one sample
    warmup_s: float = 0.1     # time spent calling a step before calibration
    max_calls: int = 1_000_000


QUICK = Settings(repeat=1, target_s=0.001, warmup_s=0.0, max_calls=100)


@dataclass(frozen=True)
class Side:
    """One column of the table: a library on a device, and what ends a timed sample."""

    name: str
    lib: object
    device: str
    sync: Callable[[], None]


def _no_sync():
    pass


def sides(cuda: Optional[bool] = None) -> List[Side]:
    """minitorch, torch on the CPU, and torch on CUDA when it is available (or ``cuda=True``)."""
    out = [Side("minitorch", minitorch, "cpu", _no_sync), Side("torch", torch, "cpu", _no_sync)]
    if torch.cuda.is_available() if cuda is None else cuda:
        out.append(Side("torch cuda", torch, "cuda", torch.cuda.synchronize))
    return out


# -- timing one side ------------------------------------------------------------------------
def time_per_call(step, sync, calls):
    """Seconds per call, over one sample of ``calls`` back-to-back calls (sync included)."""
    sync()
    start = time.perf_counter()
    for _ in range(calls):
        step()
    sync()
    return (time.perf_counter() - start) / calls


def warm_up(step, sync, seconds):
    """Call ``step`` once (a first call may compile), then repeatedly for ``seconds``."""
    step()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        step()
    sync()


def calibrate(step, sync, settings):
    """The number of calls that makes one sample last about ``settings.target_s``.

    Grow the count (at most 10x at a time: first calls may be unrepresentative) until a sample
    lasts at least half the target, then scale: the estimate rests on a long sample.
    """
    calls = 1
    while True:
        elapsed = time_per_call(step, sync, calls) * calls
        if elapsed >= settings.target_s / 2 or calls >= settings.max_calls:
            break
        calls = min(settings.max_calls, calls * 10, max(calls * 2, int(calls * settings.target_s / elapsed)))
    return max(1, min(settings.max_calls, round(calls * settings.target_s / elapsed)))


def _summary(values):
    """Median and quartiles (quartiles equal the median when there are too few values)."""
    med = statistics.median(values)
    if len(values) < 2:
        return {"median": med, "p25": med, "p75": med}
    q = statistics.quantiles(values, n=4, method="inclusive")
    return {"median": med, "p25": q[0], "p75": q[2]}


# -- one workload, all sides interleaved -------------------------------------------------------
def measure(workload, chosen, settings):
    """Time ``workload`` on every side, interleaved; return its row (a JSON-ready dict).

    A side whose setup or warm-up raises (say, an op minitorch does not have yet) is
    reported with its error, and the other sides are still timed.
    """
    row = {"workload": workload.name, "description": workload.description, "times": {}, "ratios": {}}
    live = []  # (side, step, calls)
    for side in chosen:
        try:
            step = workload.setup(side.lib, side.device)
            warm_up(step, side.sync, settings.warmup_s)
            live.append((side, step, calibrate(step, side.sync, settings)))
        except Exception as e:  # report and go on: one missing op must not hide the rest
            row["times"][side.name] = {"error": f"{type(e).__name__}: {e}"}

    samples = {side.name: [] for side, _, _ in live}
    gc.collect()  # once, not per sample: with torch loaded a full collection takes ~0.1 s
    for r in range(settings.repeat):
        k = r % len(live) if live else 0
        for side, step, calls in live[k:] + live[:k]:  # rotate the order: A B, B A, ...
            samples[side.name].append(time_per_call(step, side.sync, calls))

    for side, _, calls in live:
        s = _summary(samples[side.name])
        row["times"][side.name] = {"median_s": s["median"], "p25_s": s["p25"], "p75_s": s["p75"],
                                   "calls_per_sample": calls, "samples_s": samples[side.name]}
    ref = samples.get(REFERENCE)
    for name, other in samples.items():
        if name != REFERENCE and ref:
            row["ratios"][name] = _summary([a / b for a, b in zip(ref, other)])
    return row


def steady_allocator():
    """Fix glibc malloc's thresholds (see the module docstring): blocks up to 32 MiB (the largest
    threshold glibc accepts) come from the heap, and freed memory is kept for reuse rather than
    handed back to the kernel. Returns whether it applied (glibc only)."""
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    return bool(mallopt(m_mmap_threshold, 32 << 20) and mallopt(m_trim_threshold, 1 << 30)
                and mallopt(m_top_pad, 64 << 20))


def run(workloads, settings, threads=1, cuda=None, progress=None):
    """Measure every workload under a thread limit and a steady allocator; return
    ``{"environment", "settings", "rows"}``."""
    chosen = sides(cuda)
    allocator = "glibc malloc, fixed thresholds" if steady_allocator() else "default"
    rows = []
    with thread_limit(threads):
        for w in workloads:
            if progress:
                progress(w.name)
            rows.append(measure(w, chosen, settings))
    return {
        "environment": dict(environment(threads, chosen), allocator=allocator),
        "settings": {"repeat": settings.repeat, "target_sample_s": settings.target_s,
                     "warmup_s": settings.warmup_s, "ratio": RATIO_STATISTIC,
                     "time": "median over rounds of seconds per call", "sides": [s.name for s in chosen]},
        "rows": rows,
    }


# -- threads and environment -------------------------------------------------------------------
@contextmanager
def thread_limit(n):
    """The same thread count for everyone: torch's intra-op pool, NumPy's BLAS (and every other
    OpenMP/BLAS pool threadpoolctl finds), and numba's parallel loops."""
    from threadpoolctl import threadpool_limits

    previous_torch = torch.get_num_threads()
    torch.set_num_threads(n)
    numba, previous_numba = _numba(), None
    if numba is not None:
        previous_numba = numba.get_num_threads()
        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
    try:
        with threadpool_limits(limits=n):
            yield
    finally:
        torch.set_num_threads(previous_torch)
        if numba is not None:
            numba.set_num_threads(previous_numba)


def _numba():
    try:
        import numba
    except ImportError:
        return None
    return numba


def cpu_model():
    """The CPU's model name from /proc/cpuinfo (Linux), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def environment(threads, chosen_sides):
    cuda = any(s.device == "cuda" for s in chosen_sides)
    return {
        "threads": threads,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__,
        "minitorch": getattr(minitorch, "__version__", "?"),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "device": torch.cuda.get_device_name(0) if cuda else "cpu",
        "cuda": cuda,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


# -- the table -----------------------------------------------------------------------------------
def format_time(seconds):
    """Three significant digits in ns, µs, ms or s."""
    for unit, scale in (("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3)):
        if seconds / scale < 999.5:  # what rounds to 1000 goes up a unit
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds:.3g} s"


def _time_cell(entry):
    return "error" if "error" in entry else format_time(entry["median_s"])


def _ratio_cell(ratio):
    if ratio is None:
        return "-"
    return f"{ratio['median']:.2f}x [{ratio['p25']:.2f}-{ratio['p75']:.2f}]"


def format_table(result):
    """The report as text: a header saying what was measured and how, then one line per workload."""
    env, settings = result["environment"], result["settings"]
    others = [s for s in settings["sides"] if s != REFERENCE]
    header = ["workload", REFERENCE]
    for name in others:
        header += [name, f"ratio vs {name}"]
    lines = [[r["workload"], _time_cell(r["times"][REFERENCE])] for r in result["rows"]]
    for line, r in zip(lines, result["rows"]):
        for name in others:
            line += [_time_cell(r["times"][name]), _ratio_cell(r["ratios"].get(name))]
    widths = [max(len(row[i]) for row in [header] + lines) for i in range(len(header))]

    def fmt(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    out = [f"minitorch {env['minitorch']} vs torch {env['torch']} | numpy {env['numpy']} | "
           f"threads {env['threads']} | {env['cpu']} ({env['cpu_count']} cpus) | device {env['device']} | "
           f"allocator: {env.get('allocator', 'default')}",
           f"time: median per call over {settings['repeat']} interleaved rounds; "
           f"ratio: {settings['ratio']}",
           fmt(header), fmt(["-" * w for w in widths])]
    out += [fmt(line) for line in lines]
    for r in result["rows"]:
        for name, entry in r["times"].items():
            if "error" in entry:
                out.append(f"error in {r['workload']!r} on {name}: {entry['error']}")
    return "\n".join(out)


def has_errors(result):
    return any("error" in e for r in result["rows"] for e in r["times"].values())
