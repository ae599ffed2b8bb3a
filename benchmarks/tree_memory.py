"""The memory a command and every process it starts hold together, at its highest.

    .venv/bin/python benchmarks/tree_memory.py COMMAND [ARGUMENTS...]

e.g. `.venv/bin/python benchmarks/tree_memory.py .venv/bin/python benchmarks/import_cpu.py --posts 50000`.

Runs the command and, every half second, adds up the proportional set size (PSS, from
/proc/PID/smaps_rollup) of it and all its descendants, then prints the highest sum. PSS counts a
page shared by several processes once in all, split between them: the worker processes an import
forks share the main process's pages until they write to them, so adding up their resident sizes
(RSS, also printed) counts those pages once per process, and the largest process's peak (what
`/usr/bin/time -v` and import_cpu.py report) leaves out what the workers copied. Linux only.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found += [int(child) for child in listing.read().split()]
    except OSError:  # ended meanwhile
        pass
    return found


def _tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        current = todo.pop()
        seen.append(current)
        todo += _children(current)
    return seen


def _kb(pid: int, field: str, file: str) -> int:
    try:
        with open(f"/proc/{pid}/{file}") as lines:
            for line in lines:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def main(command: list[str]) -> int:
    if not command or command[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if command else 2
    process = subprocess.Popen(command)
    peak_pss = peak_rss = 0
    while process.poll() is None:
        pids = _tree(process.pid)
        peak_pss = max(peak_pss, sum(_kb(pid, "Pss:", "smaps_rollup") for pid in pids))
        peak_rss = max(peak_rss, sum(_kb(pid, "VmRSS:", "status") for pid in pids))
        time.sleep(0.5)
    print(f"process tree at its highest: {peak_pss / 1024:,.0f} MB (summed PSS); "
          f"summed RSS {peak_rss / 1024:,.0f} MB", flush=True)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
