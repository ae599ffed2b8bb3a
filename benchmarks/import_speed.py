"""Import speed and peak memory for N posts made from the real posts in ../shared/corpus.

    .venv/bin/python benchmarks/import_speed.py --posts 10000 [--jobs N]

Prints the time of a first import into an empty docs/ (and an empty cache), of a second,
no-op import (answered from the last import's report: generator/shortcut.py), of an import after
one new post arrived (the incremental case: the cache holds every other post), and the process's
peak resident memory. Each import is what `python -m generator import` runs (shortcut.import_once).
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from common import (
    multiplied,
    peak_memory_mb,
    peak_worker_memory_mb,
    posts_parser,
    real_posts,
    require_corpus,
    write_pages,
)


def main() -> None:
    parser = posts_parser(__doc__)
    parser.add_argument("--jobs", type=int, help="worker processes (default: one per core, as `import`)")
    args = parser.parse_args()
    require_corpus()
    from generator.shortcut import import_once

    originals = real_posts()
    with tempfile.TemporaryDirectory() as tmp:
        source, docs = Path(tmp, "content"), Path(tmp, "docs")
        write_pages(multiplied(originals, args.posts), source)
        print(f"{args.posts} posts made from {len(originals)} distinct real posts")
        for label in ("first import", "second import (nothing to write)", "one new post"):
            if label == "one new post":
                new = multiplied(originals, args.posts + 1)[-1]
                (source / "new-post.json").write_text(json.dumps(new), "utf-8")
            started = time.perf_counter()
            report = import_once([source], docs, jobs=args.jobs)
            elapsed = time.perf_counter() - started
            print(f"{label}: {elapsed:.1f} s, {args.posts / elapsed:.0f} posts/s, {report.summary}", flush=True)
    print(f"peak memory: {peak_memory_mb():.0f} MB (main process), {peak_worker_memory_mb():.0f} MB (largest worker)")


if __name__ == "__main__":
    main()
