"""The lists of ids a site still publishes (`post-ids/`, `page-ids/`), as the state file names
their pages: read by `import` to withdraw deleted posts, and by `fetch` to find posts that no
run has stored yet."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .models import ID_LISTS
from .store import STATE_FILE


@dataclass(frozen=True)
class IdList:
    run: str  # the fetch run that completed the list
    ids: frozenset[int]


def read_id_lists(site: Path) -> dict[str, IdList]:
    """The last complete id list of each kind the state file names. A list that cannot be read
    whole is left out: better keep a deleted post than drop a live one."""
    try:
        endpoints = json.loads((site / STATE_FILE).read_text("utf-8")).get("endpoints") or {}
        found = {}
        for endpoint, kind in ID_LISTS.items():
            entry = endpoints.get(endpoint)
            if not entry or not entry.get("pages"):
                continue
            ids = set()
            for page in entry["pages"]:
                if page["file"]:  # None: an empty page, stored nowhere
                    ids |= {item["id"] for item in json.loads((site / page["file"]).read_text("utf-8"))}
            found[kind] = IdList(entry["run"], frozenset(ids))
        return found
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def stored_ids(folder: Path) -> set[int]:
    """The ids of every item in the pages stored under one endpoint's folder."""
    ids: set[int] = set()
    for path in sorted(folder.glob("*.json")):
        try:
            items = json.loads(path.read_bytes())
        except ValueError:
            continue
        if isinstance(items, list):
            ids |= {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)}
    return ids
