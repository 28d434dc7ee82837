"""Smoke tests of the benchmark harness: every workload runs on both libraries and computes the
same thing, and the command line prints the table and writes the JSON it promises.

No timing is asserted anywhere: timings belong in ``python -m benchmarks``, never in pass/fail.
"""
import json
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_info

import minitorch
from benchmarks import WORKLOADS, Workload, harness
from benchmarks.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def _numpy(t):
    return t.detach().cpu().numpy()


@pytest.mark.parametrize("workload", WORKLOADS, ids=[w.name for w in WORKLOADS])
def test_workload_runs_and_agrees_with_torch(workload):
    """One step on each side; both sides compute the same value (same data, same expression)."""
    ours = workload.setup(minitorch, "cpu")()
    theirs = workload.setup(torch, "cpu")()
    assert isinstance(ours, minitorch.Tensor) and isinstance(theirs, torch.Tensor)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(_numpy(ours), _numpy(theirs), rtol=1e-4, atol=1e-3)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("workload", WORKLOADS, ids=[w.name for w in WORKLOADS])
def test_workload_runs_on_cuda(workload):
    ours = workload.setup(minitorch, "cpu")()
    theirs = workload.setup(torch, "cuda")()
    assert theirs.is_cuda
    np.testing.assert_allclose(_numpy(ours), _numpy(theirs), rtol=1e-3, atol=1e-2)


def _leaves(step):
    """The leaf tensors a step closes over (both sides run the same code, so the same order)."""
    return [c.cell_contents for c in step.__closure__ or () if getattr(c.cell_contents, "requires_grad", False)]


BACKWARD = [w for w in WORKLOADS if "bwd" in w.name]


@pytest.mark.parametrize("workload", BACKWARD, ids=[w.name for w in BACKWARD])
def test_backward_grads_agree_with_torch_and_do_not_accumulate(workload):
    """Two minitorch steps leave the gradients of one torch step: the step clears its grads."""
    ours, theirs = workload.setup(minitorch, "cpu"), workload.setup(torch, "cpu")
    theirs()
    expected = [_numpy(t.grad) for t in _leaves(theirs)]
    ours()
    ours()
    got = [_numpy(t.grad) for t in _leaves(ours)]
    assert len(got) == len(expected) >= 1
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-4)


def test_workload_names_are_unique():
    names = [w.name for w in WORKLOADS]
    assert len(names) == len(set(names))


def test_quick_run_table_and_json(tmp_path, capsys):
    path = tmp_path / "bench.json"
    assert main(["--quick", "--json", str(path)]) == 0
    table = capsys.readouterr().out

    result = json.loads(path.read_text())
    env, settings, rows = result["environment"], result["settings"], result["rows"]
    assert env["threads"] == 1
    if platform.libc_ver()[0] == "glibc":  # both libraries' big blocks reused from one steady heap
        assert env["allocator"] == "glibc malloc, fixed thresholds"
    assert env["torch"] == torch.__version__ and env["numpy"] == np.__version__
    assert env["cpu"] and env["cuda"] == torch.cuda.is_available()
    assert (env["device"] == "cpu") == (not torch.cuda.is_available())
    assert settings["repeat"] == 1
    assert settings["sides"][:2] == ["minitorch", "torch"]
    assert [r["workload"] for r in rows] == [w.name for w in WORKLOADS]
    for row in rows:
        assert set(row["times"]) == set(settings["sides"])
        for entry in row["times"].values():
            assert entry["median_s"] > 0 and entry["calls_per_sample"] >= 1
            assert len(entry["samples_s"]) == 1
        assert set(row["ratios"]) == set(settings["sides"][1:])
        assert row["ratios"]["torch"]["median"] > 0

    lines = table.splitlines()
    header = next(line for line in lines if line.startswith("workload"))
    assert "minitorch" in header and "ratio vs torch" in header
    assert ("torch cuda" in header) == torch.cuda.is_available()
    for w in WORKLOADS:
        (line,) = [line for line in lines if line.startswith(w.name + "  ")]
        assert line.rstrip().endswith("]") and "x [" in line
    assert "threads 1" in lines[0] and "interleaved" in lines[1]


def test_filter_and_repeat(tmp_path, capsys):
    path = tmp_path / "bench.json"
    assert main(["--quick", "--filter", "1-ELEM", "--repeat", "3", "--json", str(path)]) == 0
    rows = json.loads(path.read_text())["rows"]
    assert [r["workload"] for r in rows] == [w.name for w in WORKLOADS if "1-elem" in w.name]
    assert all(len(e["samples_s"]) == 3 for r in rows for e in r["times"].values())


def test_filter_matching_nothing_is_an_error(capsys):
    assert main(["--quick", "--filter", "no such workload"]) == 2
    assert "no workload matches" in capsys.readouterr().err


def test_bad_threads_is_a_usage_error():
    with pytest.raises(SystemExit):
        main(["--threads", "0"])


def test_thread_limit_sets_and_restores_torch_and_blas():
    before = torch.get_num_threads()
    with harness.thread_limit(1):
        assert torch.get_num_threads() == 1
        assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")
    assert torch.get_num_threads() == before


def test_a_failing_side_is_reported_not_fatal():
    def setup(lib, device):
        if lib is minitorch:
            raise NotImplementedError("not yet")
        return lambda: None

    chosen = harness.sides(cuda=False)
    row = harness.measure(Workload("failing", setup), chosen, harness.QUICK)
    assert row["times"]["minitorch"] == {"error": "NotImplementedError: not yet"}
    assert row["times"]["torch"]["median_s"] > 0 and row["ratios"] == {}
    result = {"environment": harness.environment(1, chosen),
              "settings": {"repeat": 1, "ratio": harness.RATIO_STATISTIC, "sides": ["minitorch", "torch"]},
              "rows": [row]}
    assert harness.has_errors(result)
    table = harness.format_table(result)
    assert "error in 'failing' on minitorch: NotImplementedError: not yet" in table
    assert [line for line in table.splitlines() if line.startswith("failing")][0].split()[1] == "error"


def test_cuda_columns_side_by_side():
    """With a CUDA side the table gains a time and a ratio column for it (checked without a GPU)."""
    def entry(t):
        return {"median_s": t, "p25_s": t, "p75_s": t, "calls_per_sample": 1, "samples_s": [t]}

    result = {"environment": {"minitorch": "0", "torch": "2", "numpy": "2", "threads": 1, "cpu": "x",
                              "cpu_count": 1, "device": "gpu"},
              "settings": {"repeat": 1, "ratio": harness.RATIO_STATISTIC,
                           "sides": ["minitorch", "torch", "torch cuda"]},
              "rows": [{"workload": "w", "times": {"minitorch": entry(2e-3), "torch": entry(1e-3),
                                                   "torch cuda": entry(1e-6)},
                        "ratios": {"torch": {"median": 2.0, "p25": 1.5, "p75": 2.5},
                                   "torch cuda": {"median": 2000.0, "p25": 1900.0, "p75": 2100.0}}}]}
    header, _, line = harness.format_table(result).splitlines()[2:5]
    assert [c.strip() for c in header.split("  ") if c.strip()] == [
        "workload", "minitorch", "torch", "ratio vs torch", "torch cuda", "ratio vs torch cuda"]
    assert line.split() == ["w", "2", "ms", "1", "ms", "2.00x", "[1.50-2.50]", "1", "µs",
                            "2000.00x", "[1900.00-2100.00]"]


@pytest.mark.parametrize("seconds, text", [(5e-9, "5 ns"), (999e-9, "999 ns"), (999.7e-9, "1 µs"),
                                           (1e-6, "1 µs"), (1.5e-6, "1.5 µs"), (2.346e-3, "2.35 ms"),
                                           (0.25, "250 ms"), (3.0, "3 s"), (1234.5, "1.23e+03 s")])
def test_format_time(seconds, text):
    assert harness.format_time(seconds) == text


def test_command_line_entry_point():
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--filter", "add 1-elem fwd+bwd"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert any(line.startswith("add 1-elem fwd+bwd") for line in proc.stdout.splitlines())
