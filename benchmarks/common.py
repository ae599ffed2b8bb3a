"""Helpers shared by the benchmarks: real posts from ../shared/corpus, multiplied to any size."""
from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import sys
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPUS = REPO.parent / "shared" / "corpus"
SEED = REPO.parent / "shared" / "seeds" / "000_5158cdc8a7711619.txt"


def require_corpus() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"skipped: the shared corpus is absent ({CORPUS}); this benchmark needs real WordPress data")


def real_posts() -> list[dict]:
    """Every distinct published REST post in the corpus (the importer's own reader finds them)."""
    from generator.sources import read_sources

    batch = read_sources([CORPUS])
    seen, posts = set(), []
    for raw in batch.posts:
        data = raw.data
        if raw.rendered and data.get("type") == "post" and data.get("status", "publish") == "publish":
            key = (data.get("link"), data.get("id"))
            if key not in seen and data.get("content"):
                seen.add(key)
                posts.append(data)
    return posts


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    return (datetime.fromisoformat(value) + timedelta(days=days)).isoformat()


def multiplied(posts: list[dict], count: int) -> list[dict]:
    """`count` posts: copies of the real ones with new IDs, slugs and dates spread over years."""
    out = []
    for index in range(count):
        post = copy.deepcopy(posts[index % len(posts)])
        round_ = index // len(posts)
        post["id"] = 1_000_000 + index
        post["slug"] = f"{post.get('slug') or 'post'}-{round_}"
        post["link"] = f"https://bench.example/{index}/{post['slug']}/"
        for key in ("date", "date_gmt", "modified", "modified_gmt"):
            post[key] = _shift(post.get(key), round_ * 7 % 3650)
        out.append(post)
    return out


def write_pages(posts: list[dict], folder: Path, per_page: int = 100) -> None:
    """As /wp/v2/posts pages of `per_page` posts, the way a fetch stores them."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(posts), per_page):
        page = posts[start:start + per_page]
        (folder / f"posts-{start // per_page + 1:05d}.json").write_text(json.dumps(page), "utf-8")


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_worker_memory_mb() -> float:
    """The largest peak of any finished child process: the site build's workers (forked: they
    share the parent's pages, so it counts much the parent already holds). The import's workers
    are the forkserver's children, not this process's (core/parallel.py): tree_memory.py shows them."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def forkserver_cpu() -> float:
    """The processor time of the import's clean workers (core/parallel.py): children of the
    forkserver process, not of this one, so only that server's counters hold it (its own time and
    its ended children's, /proc/PID/stat fields 14 to 17). 0 before it started."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def posts_parser(doc: str) -> argparse.ArgumentParser:
    """A benchmark's command line: its docstring as help, and --posts N."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10_000, help="number of posts (default 10000)")
    return parser
