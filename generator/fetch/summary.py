"""The words of what a run prints: counts, times, one line per endpoint."""
from __future__ import annotations


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def human(stamp: str) -> str:
    return stamp.replace("T", " ") + " UTC"


def endpoint_summary(name: str, prog: dict, first_page: int, run_id: str) -> str:
    """`posts: 12 items in 1 page; 1 new file`, or what an incremental or resumed run found."""
    parts = []
    if first_page > 1:
        parts.append(f"resumed run {run_id} at page {first_page}")
    new = plural(prog["new_files"], "new file") if prog["new_files"] else "nothing new"
    pages = prog["next_page"] - 1
    if prog["modified_after"]:
        since = human(prog["modified_after"])
        if prog["new_items"]:
            parts.append(f"{prog['new_items']} new or changed since {since}; {new}")
        else:
            parts.append(f"nothing new since {since}")
    elif prog["items"] == 0 and first_page == 1:
        parts.append("none on the site")
    else:
        total = prog["total"] if prog["total"] is not None else prog["items"]
        parts.append(f"{plural(total, 'item')} in {plural(pages, 'page')}; {new}")
    return f"{name}: " + "; ".join(parts)
