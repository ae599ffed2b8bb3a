"""The per-article work's process pool and the collector's state around it (core/parallel.py)."""
from __future__ import annotations

import gc
import multiprocessing
import sqlite3
import weakref

from generator.core.parallel import MIN_ITEMS, few_collections, run_each
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
