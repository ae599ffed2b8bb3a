"""The lists of ids a site still publishes (`post-ids/`, `page-ids/`), as the state file names
their pages: read by `import` to withdraw deleted posts, and by `fetch` to find posts that no
run has stored yet. `fetch` writes them; their format is defined here, where they are read."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .files import read_input

STATE_FILE = ".fetch-state.json"  # fetch's record of its runs, in the site's folder
ID_LISTS = {"post-ids": "post", "page-ids": "page"}  # the folders of id lists, and what they list


@dataclass(frozen=True)
class IdList:
    run: str  # the fetch run that completed the list
    ids: frozenset[int]


def read_id_lists(site: Path) -> dict[str, IdList]:
    """The last complete id list of each kind the state file names. A list that cannot be read
    whole is left out: better keep a deleted post than drop a live one."""
    try:
        endpoints = _read_json(site, STATE_FILE).get("endpoints") or {}
        found = {}
        for endpoint, kind in ID_LISTS.items():
            entry = endpoints.get(endpoint)
            if not entry or not entry.get("pages"):
                continue
            ids = set()
            for page in entry["pages"]:
                if page["file"]:  # None: an empty page, stored nowhere
                    ids |= {item["id"] for item in _read_json(site, page["file"])}
            found[kind] = IdList(entry["run"], frozenset(ids))
        return found
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _read_json(site: Path, name: str):
    """A file of the site's fetched content, read as every input is (sources.read_input: a pipe,
    device or huge file is refused, never opened or waited on), and only inside the site's
    folder: the state file is hand-editable text, not a way to read the machine."""
    path = site / name
    if not path.resolve().is_relative_to(site.resolve()):
        raise ValueError(f"{name}: outside {site}")
    return json.loads(read_input(path))


def stored_ids(folder: Path) -> set[int]:
    """The ids of every item in the pages stored under one endpoint's folder."""
    ids: set[int] = set()
    for path in sorted(folder.glob("*.json")):
        try:
            items = json.loads(read_input(path))
        except ValueError:  # UnreadableInput too: a pipe or an unreadable file holds no ids
            continue
        if isinstance(items, list):
            ids |= {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)}
    return ids
