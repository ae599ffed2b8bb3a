"""Per-article work spread over the machine's cores, in the order of the input.

Converting and rendering one article needs nothing from any other, so worker processes can do
them side by side. Workers are forked after the work is set up: they inherit the articles and
everything else in memory, and receive only an index. Results come back in index order, so the
output is the same, byte for byte, whatever the number of workers.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")

# tqdm's monitor is a thread; a fork taken while it holds a lock could hang a worker.
tqdm.monitor_interval = 0

# Below this many items the cost of starting workers outweighs the gain.
MIN_ITEMS = 64

_task: Callable[[int], object] | None = None  # what each worker runs, inherited through fork


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def few_collections():
    """Python's cyclic garbage collector off in this process while this runs, and called rarely
    in workers forked then.

    An import holds hundreds of thousands of small objects for the whole run (every article's
    records, most of them loaded from the cache at once). At the default thresholds the
    collector walked them again every few thousand allocations: a fifth of the processor time of
    an import with one new post at 10,000 (BENCHMARKS.md). At rare thresholds it still scanned
    every object the run made, once young and once older: about a tenth, for some 600 objects
    found in cycles in a whole run (stop 23). Nothing the main process makes needs the collector:
    reference counting frees what it lets go of, cycles wait for the next pass after the run.
    Workers parse HTML (BeautifulSoup's trees are cycles), so they collect, rarely (_quiet_worker)."""
    before, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(100_000, 50, 1000)  # what forked workers inherit
    gc.disable()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if enabled:
            _collect_from_now()


def _collect_from_now() -> None:
    """The collector on, for what is made from now: what was made while it was off (the whole
    run's objects) goes to the oldest generation unscanned, as freeze() then unfreeze() move it.
    Turned on as it was, its first young pass would walk every one of them (0.7 s at 10,000 posts)."""
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def progress(items, label: str, total: int | None = None):
    """A progress bar on a terminal, nothing otherwise."""
    return tqdm(items, desc=label, unit="post", total=total, disable=None, leave=False, file=sys.stderr)


def _run(index: int):
    return _task(index)


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool; workers would each print a traceback.
    The collector is on in workers (at the thresholds they inherit), whatever the parent's state."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not gc.isenabled():
        _collect_from_now()


def run_each(task: Callable[[int], T], count: int, jobs: int, label: str) -> Iterator[T]:
    """task(0), task(1), ... in that order, computed on up to `jobs` processes."""
    global _task
    if jobs <= 1 or count < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        if count < MIN_ITEMS or gc.isenabled():
            yield from (task(index) for index in progress(range(count), label))
            return
        _collect_from_now()  # a worker's share of work, here: collected as a worker's is
        try:
            yield from (task(index) for index in progress(range(count), label))
        finally:
            gc.disable()
        return
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker) as pool:
            results = pool.imap(_run, range(count), chunksize=max(1, min(50, count // (jobs * 8))))
            yield from progress(results, label, total=count)
    finally:
        _task = None
