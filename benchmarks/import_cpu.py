"""Processor time and memory of one cold import of N posts, stage by stage.

    .venv/bin/python benchmarks/import_cpu.py --posts 10000 [--jobs N] [--keep FOLDER]

On a machine shared with other work, wall times say little; processor time does. For each stage
of importer._import this prints its wall time, the main process's processor time (user + sys),
the processor time of the worker processes that ended in it, the main process's resident memory
after it and the most it held during it (sampled every 0.2 s). The posts are those import_speed.py
makes; `--keep FOLDER` writes them there once and reuses them (so that two versions of the code
can import the same posts: each import starts with an empty docs/ and cache).
"""
from __future__ import annotations

import resource
import shutil
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from common import forkserver_cpu, multiplied, posts_parser, real_posts, require_corpus, write_pages

from generator import importer, shortcut
from generator.extract import Extractor

# (module or class, function, label): the stages of importer._import, and extraction's inside it.
STAGES = [(importer, name, name) for name in (
    "collect_posts", "assign_paths", "gather_docs", "rewrite_links", "extract_entities", "link_articles",
    "page_source", "write_entity_pages", "write_graph_data", "write_redirects", "retire_pages", "write_feeds",
    "write_listings")] + [
    (Extractor, "learn", "  reading (Extractor.learn)"), (Extractor, "extract_all", "  extracting"),
    (importer, "consolidate_site", "  consolidating"),
    (importer.PageWriter, "write_page", "writing article pages"), (shortcut, "import_locked", "the whole import")]


def _load() -> str:
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def resident_mb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))


def processor() -> tuple[float, float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # The import's workers are the forkserver's children: their time is in its counters.
    return time.perf_counter(), own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime + forkserver_cpu()


class Stages:
    def __init__(self):
        self.spent = defaultdict(lambda: [0.0, 0.0, 0.0])
        self.after, self.most, self.active = {}, Counter(), []
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            label = self.active[-1] if self.active else "between stages"
            self.most[label] = max(self.most[label], resident_mb())
            time.sleep(0.2)

    def wrap(self, owner, name: str, label: str) -> None:
        function = getattr(owner, name)

        def timed(*args, **kwargs):
            before = processor()
            self.active.append(label)
            try:
                return function(*args, **kwargs)
            finally:
                self.active.pop()
                for index, value in enumerate(processor()):
                    self.spent[label][index] += value - before[index]
                self.after[label] = resident_mb()

        setattr(owner, name, timed)


def main() -> None:
    parser = posts_parser(__doc__)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--keep", type=Path, help="folder for the posts, made once and reused")
    args = parser.parse_args()
    require_corpus()
    stages = Stages()
    for owner, name, label in STAGES:
        stages.wrap(owner, name, label)
    folder = args.keep or Path(tempfile.mkdtemp())
    source, docs = folder / "content", folder / "docs"
    if not source.is_dir():
        write_pages(multiplied(real_posts(), args.posts), source)
    shutil.rmtree(docs, ignore_errors=True)
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    load = _load()
    shortcut.import_once([source], docs, jobs=args.jobs)
    wall, main_cpu, workers = stages.spent["the whole import"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{args.posts} posts, {args.jobs} workers: wall {wall:.1f} s, processor {main_cpu + workers:.1f} s "
          f"(main {main_cpu:.1f}, workers {workers:.1f}), peak main {peak} MB, "
          f"load {load} -> {_load()}")
    top = [label for _, _, label in STAGES if not label.startswith(" ") and label not in (
        "the whole import", "writing article pages")]
    stages.spent["the rest (converting, rendering)"] = [
        stages.spent["the whole import"][index] - sum(stages.spent[label][index] for label in top) for index in range(3)]
    print(f"{'stage':32s} {'wall s':>8s} {'main s':>8s} {'workers s':>9s} {'MB after':>9s} {'MB most':>8s}")
    for label, (wall, main_cpu, workers) in sorted(stages.spent.items(), key=lambda item: -item[1][1] - item[1][2]):
        print(f"{label:32s} {wall:8.1f} {main_cpu:8.1f} {workers:9.1f} {stages.after.get(label, 0):9d} "
              f"{stages.most.get(label, 0):8d}")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
