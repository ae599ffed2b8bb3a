"""The per-article work's process pool and the collector's state around it (core/parallel.py)."""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

from generator.core.parallel import MIN_ITEMS, _ctrl_c_after, few_collections, run_each, same
from generator.store.cache import Cache, cached_iter


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the collector frees it


def _cycle(index: int):
    node = Node()
    node.payload = bytearray(1000)
    return weakref.ref(node)


def test_serial_work_collects_its_cycles_while_the_main_process_does_not():
    gc.collect()
    with few_collections():
        assert not gc.isenabled()  # the site stages' objects are not scanned again and again
        refs = list(run_each(_cycle, MIN_ITEMS * 2000, 1, "testing"))
        assert not gc.isenabled()
        # 128,000 cycles of a kilobyte: a worker's share of HTML trees, collected as they come
        assert sum(ref() is not None for ref in refs) < len(refs) // 2
    assert gc.isenabled()


def test_the_collectors_state_is_given_back():
    gc.disable()
    try:
        with few_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    before = gc.get_threshold()
    with few_collections():
        with few_collections():
            pass
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_threshold() == before


def test_the_runs_objects_are_not_walked_when_the_collector_comes_back():
    with few_collections():
        kept = [[index] for index in range(300_000)]  # an import's records, held to its end
    # its first young pass would have walked all 300,000
    assert gc.get_count()[0] < 1000 and len(kept) == 300_000


def test_the_workers_end_with_the_last_result_not_when_asked_past_it():
    """zip(posts, keys, results) stops at the posts' end without asking cached_iter for more: its
    workers must end at the last result anyway, or they wait out the rest of the import holding
    their copies of the parent's memory (two idle converting workers, 580 MB at 10,000 posts)."""
    count = MIN_ITEMS * 2
    keys = [f"key {index}" for index in range(count)]
    results = cached_iter(Cache(None), "squares", keys, lambda index: index * index, 2, "squaring")
    assert [value for _, value in zip(range(count), results)] == [index * index for index in range(count)]
    assert multiprocessing.active_children() == []


def test_a_worker_neither_reads_nor_writes_the_import_cache(tmp_path):
    """A worker inherits the main process's connection to the cache, and SQLite's locks do not
    keep the two apart: a worker that wrote there (the gazetteer keeps the automaton it makes)
    left a damaged file, "database disk image is malformed", and the next import failed. In a
    worker the cache is empty and keeps nothing; the main process's own entries stay as they were."""
    cache = Cache(tmp_path)
    cache.put("numbers", "before", 1)

    def task(index: int):
        cache.put("numbers", f"from a worker {index}", index)
        return cache.get("numbers", "before")

    assert list(run_each(task, MIN_ITEMS * 2, 2, "writing")) == [None] * (MIN_ITEMS * 2)
    cache.put("numbers", "after", 2)
    assert cache.get_many("numbers", ["before", "after", "from a worker 0"]) == [1, 2, None]
    cache.close()
    with sqlite3.connect(tmp_path / "cache.sqlite") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


class Record:
    """An article's record, as the parent holds it for the whole import."""

    def __init__(self, index: int):
        self.index = index
        self.text = f"“{index}” — a text that is not plain ASCII, as most articles’ are. " * 20


_FROZEN: list[int] = []  # a worker's count of frozen objects, taken at its first record


def _seen(record: Record) -> tuple[int, str, int]:
    # Counted once in each worker: get_freeze_count walks every frozen object, which in a test
    # process late in the suite (a gigabyte of what earlier tests left) took this test 76 s.
    if not _FROZEN:
        _FROZEN.append(gc.get_freeze_count())
    return id(record), record.text, _FROZEN[0]


def test_workers_are_sent_their_inputs_and_touch_nothing_else_of_the_parents():
    """A forked worker that took the parent's records themselves would write their reference
    counts, and the kernel would copy every page holding them: two workers going through 50,000
    articles copied most of the archive (5.1 GB in all, 3.3 GB for the parent alone)."""
    records = [Record(index) for index in range(MIN_ITEMS * 3)]
    sizes = [sys.getsizeof(record.text) for record in records]
    seen = list(run_each(_seen, len(records), 2, "testing", records.__getitem__))
    assert [text for _, text, _ in seen] == [record.text for record in records]
    # Each worker had its own copy: a record the parent holds lives at an address no copy can take.
    assert not {id(record) for record in records} & {address for address, _, _ in seen}
    # Sending a text left it as it was (pickling it would have cached its UTF-8 bytes in it).
    assert [sys.getsizeof(record.text) for record in records] == sizes
    # What a worker inherited is frozen: its collector never walks (and so never writes to) it.
    assert all(frozen > len(records) for _, _, frozen in seen)
    assert multiprocessing.active_children() == []


def test_inputs_are_made_in_order_as_their_chunks_are_sent():
    asked = []

    def made(index: int) -> int:
        asked.append(index)
        return index

    assert list(run_each(_square, MIN_ITEMS * 10, 2, "testing", made)) == [i * i for i in range(MIN_ITEMS * 10)]
    assert asked == list(range(MIN_ITEMS * 10))
    assert list(run_each(_square, MIN_ITEMS * 10, 1, "testing", made)) == [i * i for i in range(MIN_ITEMS * 10)]


def _square(value: int) -> int:
    return value * value


_HELD: list = []  # the parent's records, as the import holds its posts


def _held_here(record: Record) -> tuple[int, int]:
    return record.index, len(_HELD)


def test_clean_workers_hold_none_of_what_the_parent_read():
    """The import's workers start from a server process that imported the generator and nothing
    else: a post the parent read before they started is not in their memory (forked from the
    parent, they shared its every page, and copied each one they wrote to)."""
    _HELD.extend(Record(index) for index in range(MIN_ITEMS * 3))
    try:
        seen = list(run_each(_held_here, len(_HELD), 2, "testing", _HELD.__getitem__, clean=same(_held_here)))
    finally:
        held = len(_HELD)
        _HELD.clear()
    assert seen == [(index, 0) for index in range(held)]
    assert multiprocessing.active_children() == []
    # Forked, the same workers see the parent's records.
    _HELD.extend(Record(index) for index in range(MIN_ITEMS * 3))
    try:
        assert {count for _, count in run_each(_held_here, len(_HELD), 2, "testing", _HELD.__getitem__)} == {held}
    finally:
        _HELD.clear()


def test_clean_workers_store_what_they_compute_as_forked_ones_do():
    count = MIN_ITEMS * 2
    keys = [f"key {index}" for index in range(count)]
    results = cached_iter(Cache(None), "squares", keys, _square, 2, "squaring", clean=same(_square))
    assert list(results) == [index * index for index in range(count)]
    assert multiprocessing.active_children() == []


_SERVER_ENDS = """
import os
from generator.core.parallel import MIN_ITEMS, clean_workers, run_each, same

def children():
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/stat") as stat:
                parent = stat.read().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
        if parent == str(os.getpid()):
            found.append(name)
    return found

with clean_workers():
    assert list(run_each(abs, MIN_ITEMS, 2, "testing", clean=same(abs))) == list(range(MIN_ITEMS))
    during = children()
    assert list(run_each(abs, MIN_ITEMS, 2, "testing", clean=same(abs))) == list(range(MIN_ITEMS))
print(len(during), children())
"""


def test_the_clean_workers_server_and_tracker_end_with_the_import():
    """The forkserver the clean workers come from, and multiprocessing's resource tracker, are
    ended when the import ends (through multiprocessing's private _stop(): this fails if a Python
    version changes them), not left idle for the rest of the process. In a process of its own:
    this one may hold a server that earlier tests started outside an import."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = subprocess.run([sys.executable, "-c", _SERVER_ENDS], check=False, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    during, after = run.stdout.split(" ", 1)
    assert int(during) >= 2, "the server and the tracker were not running"  # the two stages, one server
    assert after.strip() == "[]" and not run.stderr


def test_a_ctrl_c_while_the_workers_start_is_held_back_then_raised():
    """Ctrl-C while a clean pool starts is acted on once the pool can end its workers: not lost."""
    reached = False
    with pytest.raises(KeyboardInterrupt), _ctrl_c_after():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # a signal is handled between two instructions: long past by now
        reached = True
    assert reached
