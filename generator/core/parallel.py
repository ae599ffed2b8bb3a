"""Per-article work spread over the machine's cores, in the order of the input.

Converting and rendering one article needs nothing from any other, so worker processes can do
them side by side. Each task's input (an article's post, text or page source) is pickled by the
parent and sent in chunks, and results come back in order, so the output is the same, byte for
byte, whatever the number of workers.

The import's workers are started clean: forked from a small server process (multiprocessing's
forkserver, which has imported the generator and nothing else), each given its stage's set-up once
(the extractor's site-level reading, pickled). Workers forked from the import itself inherited
every article it held, and copied the pages they wrote to: the reference counts of the records
they read, the collector's marks, and malloc's own bookkeeping of the parent's free memory, which a
worker's allocations reuse (two workers added 1.8 GB to the parent's 3.3 GB at 50,000 posts).
The site build's workers are still forked (`clean` not given): they render MkDocs pages that only
the parent's objects describe. The server lives as long as the import (clean_workers), and, as
with any start but fork, a script that imports must keep its work under `if __name__ == "__main__":`
(each worker imports the script).
"""
from __future__ import annotations

import functools
import gc
import io
import multiprocessing
import multiprocessing.util
import os
import pickle
import signal
import sys
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from multiprocessing import forkserver, resource_tracker
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")

# tqdm's monitor is a thread; a fork taken while it holds a lock could hang a worker.
tqdm.monitor_interval = 0

# Below this many items the cost of starting workers outweighs the gain.
MIN_ITEMS = 64

# Chunks of inputs sent ahead of the results taken, per worker: enough that a worker never waits
# for the parent to send, few enough that the pickled inputs held at once stay small.
AHEAD = 4

_task: Callable[[object], object] | None = None  # what each worker runs: inherited through fork, or made by `clean`
_worker = False  # whether this process is one of run_each's workers


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


def _run(data: bytes) -> list:
    """A chunk of inputs, as the parent pickled them: the task's result for each."""
    return [_task(item) for item in pickle.loads(data)]


class _Text:
    """A text sent as its UTF-8 bytes, encoded apart, and unpickled as the text again."""

    __slots__ = ("data",)

    def __init__(self, text: str):
        self.data = text.encode("utf-8", "surrogatepass")

    def __reduce__(self):
        return str, (self.data, "utf-8", "surrogatepass")


def _long_text(value) -> bool:
    return type(value) is str and len(value) > 100 and not value.isascii()


class _Sender(pickle.Pickler):
    """The pickler of the inputs sent to workers. Pickling a text that is not pure ASCII keeps its
    UTF-8 bytes inside the string for as long as it lives (CPython caches them there; see
    store/cache.py, _pickled): an article's body and text, which the parent holds for the rest of
    the import, would each carry a second copy. So an object's long texts are sent as bytes
    encoded apart, which leaves the string as it was (plain dicts, lists and tuples are pickled as
    usual: the inputs' long texts are fields of records)."""

    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.texts: dict[int, _Text] = {}  # one _Text a string, so a text held twice is sent once

    def reducer_override(self, obj):
        state = getattr(obj, "__dict__", None)
        if type(state) is not dict or not any(_long_text(value) for value in state.values()):
            return NotImplemented
        reduced = obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        if type(reduced) is tuple and len(reduced) > 2 and type(reduced[2]) is dict:
            sent = {key: self._text(value) if _long_text(value) else value for key, value in reduced[2].items()}
            reduced = (*reduced[:2], sent, *reduced[3:])
        return reduced

    def _text(self, value: str) -> _Text:
        text = self.texts.get(id(value))
        if text is None:
            text = self.texts[id(value)] = _Text(value)
        return text


def _sent(inputs: list) -> bytes:
    buffer = io.BytesIO()
    _Sender(buffer).dump(inputs)
    return buffer.getvalue()


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool; workers would each print a traceback.
    The collector is on in workers (at the thresholds they inherit), whatever the parent's state,
    for what they make: what they inherit is frozen, never walked. A collection of the oldest
    generation writes to the header of every object it walks, and so would copy every page of the
    parent's that holds one."""
    global _worker
    _worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.enable()


def _clean_worker(make: Callable[[], Callable]) -> None:
    """A clean worker's set-up: as a forked one's, at the thresholds of few_collections, and its
    task made; what that made (the extractor's reading, held to the end) frozen, never walked."""
    global _task, _worker
    _worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(100_000, 50, 1000)
    _task = make()
    gc.freeze()


def same(task: Callable) -> Callable[[], Callable]:
    """`clean` for a task that can be pickled as it is (a module's function, or a partial of one)."""
    return functools.partial(as_is, task)


def as_is(task: Callable) -> Callable:
    """The task unchanged: a `clean` (through `same`) or a guard that adds nothing, as a module
    function, so that it can be pickled to clean workers (a lambda cannot)."""
    return task


@functools.cache
def _clean_context():
    context = multiprocessing.get_context("forkserver")
    # Imported once, in the server: every worker shares its modules' memory, and starts at once.
    context.set_forkserver_preload([f"{__package__.split('.')[0]}.importer"])
    return context


def _start_server() -> None:
    """The forkserver started if it is not running, with Ctrl-C blocked in it from its first
    instruction: it ignores SIGINT only once it has imported the generator, and the workers it forks
    inherit the block until they ignore it (_clean_worker), so that none prints a traceback while it
    starts. Blocked in this thread only for that moment: a Ctrl-C meanwhile reaches this process
    once unblocked (run_each holds it back, _ctrl_c_after), where ignoring it here lost it."""
    resource_tracker.ensure_running()  # first: starting it unblocks SIGINT in this thread
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    _end_at_exit()


def start_clean_server(jobs: int, count: int) -> None:
    """The forkserver started now when run_each will want clean workers for `count` inputs on
    `jobs` processes: it imports the generator on another core while this process goes on (it
    took the first pool half a second of waiting)."""
    if jobs > 1 and count >= MIN_ITEMS and "forkserver" in multiprocessing.get_all_start_methods():
        _clean_context()
        _start_server()


@contextmanager
def _ctrl_c_after():
    """Ctrl-C held back while the workers start, and acted on once the pool can end them: a worker
    left starting when the parent stopped would fail noisily on the pool's vanished semaphore.
    (Python runs signal handlers in the main thread, whichever thread the signal reached.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: held.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held and callable(previous):
            previous(signal.SIGINT, held[0])
        elif held and previous == signal.SIG_DFL:
            raise KeyboardInterrupt


_POOLS: weakref.WeakSet = weakref.WeakSet()  # the clean pools of this process not yet let go of


@contextmanager
def clean_workers():
    """While this runs, run_each's clean workers come from a forkserver started when the first pool
    needs it; on the way out (at the end, on Ctrl-C or on an error) every clean pool is ended, and
    the forkserver and multiprocessing's resource tracker (which the forkserver needs), if this
    started them, are ended and waited for (the tracker, after an error, at the process's exit).
    Left running, they stayed idle for the rest of the process (the server 20 to 35 MB), and after
    a Ctrl-C they outlived the import's process for a moment, still in its terminal's process
    group (tests/test_corpus.py).

    multiprocessing has no public call that ends them: this uses the private `_stop()` of both
    (CPython 3.11's), which tests/test_parallel.py holds to the behaviour (no process left)."""
    server_before = forkserver._forkserver._forkserver_pid is not None
    tracker_before = resource_tracker._resource_tracker._fd is not None
    try:
        yield
    except BaseException:
        # The tracker is left to the exit: the error's traceback may hold a pool's semaphores.
        _end_servers(server_before, tracker=True)
        raise
    _end_servers(server_before, tracker_before)


def _end_servers(server: bool, tracker: bool) -> None:
    """The clean pools ended, then the forkserver and the resource tracker unless they were
    running before (server, tracker). The tracker is ended only once no pool holds a semaphore it
    tracks (a pool held in a cycle lets go of them when collected, or at the process's exit: then
    _end_at_exit ends it); a semaphore let go of after its tracker ended would start another
    tracker, and one ended while semaphores are registered complains of them."""
    for pool in list(_POOLS):
        pool.terminate()  # its workers ended and waited for (done already unless an error cut it short)
    if not server:
        forkserver._forkserver._stop()
    if not tracker and not _POOLS:
        resource_tracker._resource_tracker._stop()


def _stop_servers() -> None:
    forkserver._forkserver._stop()
    resource_tracker._resource_tracker._stop()


@functools.cache
def _end_at_exit() -> None:
    """The forkserver and the resource tracker ended at this process's exit, after
    multiprocessing's own finalizers (which end the pools still held and let go of their
    semaphores), not after it: after a Ctrl-C, whose traceback held the last pool when
    clean_workers ended, the tracker would outlive the process for a moment."""
    multiprocessing.util.Finalize(None, _stop_servers, exitpriority=-1)


def in_worker() -> bool:
    """Whether this process is a worker of run_each's (which keeps nothing of one input for the next)."""
    return _worker


def run_each(task: Callable[[object], T], count: int, jobs: int, label: str,
             inputs: Callable[[int], object] = lambda index: index,
             clean: Callable[[], Callable[[object], T]] | None = None) -> Iterator[T]:
    """task(inputs(0)), task(inputs(1)), ... in that order, computed on up to `jobs` processes.
    With workers, each input is made (by `inputs`, here, when its chunk is sent) and pickled, and
    the task gets the worker's copy. With `clean` (picklable; see `same`), workers are started
    clean and each makes its task by calling it once; without, they are forked from this process
    and inherit `task` (which must then reach nothing of the parent's per-article records but its
    input). Here, with one job, `task` itself runs."""
    global _task
    if jobs <= 1 or count < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        if count < MIN_ITEMS or gc.isenabled():
            yield from (task(inputs(index)) for index in progress(range(count), label))
            return
        _collect_from_now()  # a worker's share of work, here: collected as a worker's is
        try:
            yield from (task(inputs(index)) for index in progress(range(count), label))
        finally:
            gc.disable()
        return
    size = max(1, min(50, count // (jobs * 8)))
    if clean is not None and "forkserver" in multiprocessing.get_all_start_methods():
        with ExitStack() as stack:
            with _ctrl_c_after():  # raised here at the latest, the pool then in the stack that ends it
                context = _clean_context()
                _start_server()
                pool = stack.enter_context(context.Pool(jobs, initializer=_clean_worker, initargs=(clean,)))
                _POOLS.add(pool)
            yield from progress(_results(pool, inputs, count, size, jobs * AHEAD), label, total=count)
        return
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker) as pool:
            yield from progress(_results(pool, inputs, count, size, jobs * AHEAD), label, total=count)
    finally:
        _task = None


def _results(pool, inputs: Callable[[int], object], count: int, size: int, ahead: int) -> Iterator:
    """Each chunk's results in order, the next chunk's inputs pickled and sent as one is taken.
    The inputs are made and pickled here, in the thread that takes the results: the pool's own
    sending thread would pickle records the caller may be changing meanwhile."""
    chunks = iter(range(start, min(start + size, count)) for start in range(0, count, size))
    pending: deque = deque()

    def send() -> None:
        chunk = next(chunks, None)
        if chunk is not None:
            pending.append(pool.apply_async(_run, (_sent([inputs(index) for index in chunk]),)))

    for _ in range(ahead):
        send()
    while pending:
        results = pending.popleft().get()
        send()
        yield from results
