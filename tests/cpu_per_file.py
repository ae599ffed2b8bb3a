"""A pytest plugin that records the CPU time (user + system, of the test process and of the
processes it waited for) each test file takes, for BENCHMARKS.md ("The test suite"):

    CPU_REPORT=/tmp/cpu.tsv .venv/bin/python -m pytest -n auto --dist loadfile -p tests.cpu_per_file

Each worker appends one line per test to $CPU_REPORT: file, test, CPU seconds, then wall seconds,
the worker (gw0, gw1; "-" without xdist) and when the test ended (seconds since the epoch), which
show how the files shared the workers and whether one idled at the end. A module-scoped fixture's
work counts towards the test that first asked for it. The time of processes still running (the
browser a worker keeps open) counts towards the test during which they spent it, read from
/proc on Linux; elsewhere only once they end. Not loaded by `make test`."""
from __future__ import annotations

import os
import resource
import time

import pytest


def _cpu() -> float:
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime + _running()


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _running() -> float:
    """The CPU time of the processes still running below this one (and of those they waited for):
    a browser kept open for a whole file, whose time getrusage counts only once it is closed. From
    /proc (Linux); 0 elsewhere."""
    parents, spent = {}, {}
    try:
        names = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return 0.0
    for name in names:
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # after the name: state, ppid (1), ... utime (11), stime, cutime, cstime (14)
        parents[int(name)] = int(fields[1])
        spent[int(name)] = sum(int(value) for value in fields[11:15]) / _TICK
    total, me = 0.0, os.getpid()
    for pid, seconds in spent.items():
        ancestor = parents.get(pid)
        while ancestor and ancestor != me:
            ancestor = parents.get(ancestor)
        if ancestor == me:
            total += seconds
    return total


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    start, started = _cpu(), time.monotonic()
    yield
    report = os.environ.get("CPU_REPORT")
    if report:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "-")
        with open(report, "a", encoding="utf-8") as out:
            out.write(f"{item.path.name}\t{item.name}\t{_cpu() - start:.3f}\t{time.monotonic() - started:.3f}\t"
                      f"{worker}\t{time.time():.1f}\n")
