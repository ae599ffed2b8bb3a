"""Processor time of an import with one new post into a kept project of N posts.

    .venv/bin/python benchmarks/one_new_post.py --project /tmp/p10k [--posts 10000] [--runs 3]

The first call makes the project (N posts from ../shared/corpus, as import_speed.py makes them, in
<project>/content) and imports it into <project>/docs, the cache beside it. Each run then adds the
next post (a new id, a file of its own) and imports again, as `python -m generator import` does
(shortcut.import_once), printing the wall time, the main process's processor time (one new post
is converted and read in the main process: no worker runs) and the load average. A project kept
for other code answers its first run with every cache entry missing (the code's version is in
every key): run once more before reading the figures. Processor time moves less than wall time
with the other work on the machine, but it moves too: compare two codes in one sitting,
alternating runs.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from common import multiplied, posts_parser, real_posts, require_corpus, write_pages


def main() -> None:
    parser = posts_parser(__doc__)
    parser.add_argument("--project", type=Path, required=True, help="the kept project's folder")
    parser.add_argument("--runs", type=int, default=1, help="imports, each with one more post")
    args = parser.parse_args()
    require_corpus()
    from generator.shortcut import import_once

    source, docs = args.project / "content", args.project / "docs"
    originals = real_posts()
    if not source.is_dir():
        write_pages(multiplied(originals, args.posts), source)
        started = time.perf_counter()
        report = import_once([source], docs)
        print(f"made {args.project}: {args.posts} posts, first import {time.perf_counter() - started:.1f} s, "
              f"{report.summary}", flush=True)
    for _ in range(args.runs):
        number = args.posts + sum(1 for _ in source.glob("new-post-*.json"))
        new = multiplied(originals, number + 1)[-1]
        (source / f"new-post-{number}.json").write_text(json.dumps(new), "utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_once([source], docs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"post {number}: {wall:.2f} s wall, {cpu:.2f} s processor (main process), "
              f"load {os.getloadavg()[0]:.1f}; {report.summary}", flush=True)


if __name__ == "__main__":
    main()
