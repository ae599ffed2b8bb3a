"""Fetching only what changed: `modified_after`, the high-water mark, the items seen near it,
and whether a page holds anything the last runs did not store.

Posts, pages and media are fetched incrementally with `modified_after`; users, categories and
tags are small and fetched in full, a page being stored only when its bytes differ from the
last run's.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from .times import parse_gmt, utc_text

# A post saved just before a fetch may become visible just after it, with a `modified` time
# up to this much earlier than the moment the fetch read the site (slow save hooks, commit
# delay, caches). The next incremental run asks again from there; posts seen twice are
# recognised (id + modified_gmt) and not stored again.
SAFETY_MARGIN = timedelta(seconds=60)


def lower_bound(high_water_mark: str | None, first_read: str | None) -> str | None:
    """The `modified_after` for the next run: the high-water mark, moved back by the safety
    margin when the site was read less than that margin after it."""
    mark = parse_gmt(high_water_mark)
    if mark is None:
        return None
    read = parse_gmt(first_read)
    return utc_text(min(mark, read - SAFETY_MARGIN) if read else mark - SAFETY_MARGIN)


def track(prog: dict, completed: dict, items: list) -> int:
    """Follow the high-water mark and the items seen near it; returns how many items are new."""
    known = {} if prog["fresh"] else completed.get("recent") or {}
    limit = parse_gmt(prog["modified_after"])
    new = 0
    for item in items:
        stamp = parse_gmt(item.get("modified_gmt")) if isinstance(item, dict) else None
        if stamp is None:
            new += 1
            continue
        key, modified = str(item.get("id")), utc_text(stamp)
        if known.get(key) != modified:
            new += 1
        if prog["high_water_mark"] is None or modified > prog["high_water_mark"]:
            prog["high_water_mark"] = modified
        prog["recent"][key] = modified
        if limit and stamp < limit - timedelta(days=2):
            prog["ignores_modified_after"] = True
    prog["new_items"] += new
    floor = lower_bound(prog["high_water_mark"], prog["first_read"])
    prog["recent"] = {k: v for k, v in prog["recent"].items() if floor is None or v >= floor}
    return new


def should_store(prog: dict, completed: dict, items: list, new_items: int, digest: str, page: int,
                 root: Path) -> bool:
    """Store this page? Always on a fresh run; else when it holds a post not seen at its
    current `modified` (incremental), or when its bytes differ from the last run's page."""
    if not items:
        return False
    if prog["fresh"]:
        return True
    if prog["by_date"]:
        return new_items > 0
    previous = completed.get("pages") or []
    if page <= len(previous):
        old = previous[page - 1]
        return not (old.get("sha256") == digest and (root / (old.get("file") or "")).is_file())
    return True


def next_marks(prog: dict, completed: dict) -> dict:
    """Where the next run starts: the high-water mark, its `modified_after`, the items near it."""
    mark = prog["high_water_mark"]
    old_mark = None if prog["fresh"] else completed.get("high_water_mark")
    if old_mark and (mark is None or old_mark > mark):
        mark = old_mark
    floor = lower_bound(mark, prog["first_read"])
    recent = {} if prog["fresh"] else dict(completed.get("recent") or {})
    recent.update(prog["recent"])
    marks = {"high_water_mark": mark, "next_modified_after": floor,
             "recent": {k: v for k, v in sorted(recent.items()) if floor is None or v >= floor}}
    if prog["ignores_modified_after"] or (completed.get("ignores_modified_after") and not prog["fresh"]):
        marks["ignores_modified_after"] = True
    return marks
