"""Folders written by `fetch`: which posts the site still publishes.

`fetch` stores every response as it came, so a post deleted on the site stays in the files of
the run that fetched it. Each run also stores the list of ids the site publishes (`post-ids/`,
`page-ids/`), and the state file names the pages of the last complete list. A post read from
a run no later than that list, whose id the list lacks, has been withdrawn from the site.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..fetch.models import ID_LISTS
from ..fetch.store import STATE_FILE


@dataclass(frozen=True)
class IdList:
    run: str  # the fetch run that completed the list
    ids: frozenset[int]


class FetchedSites:
    """The id lists of the fetched site folders that inputs come from, read once per folder."""

    def __init__(self):
        self._lists: dict[Path, dict[str, IdList]] = {}

    @staticmethod
    def is_id_list(folder: Path) -> bool:
        """post-ids/ and page-ids/ beside a state file: lists for this module, not posts to import."""
        return folder.name in ID_LISTS and (folder.parent / STATE_FILE).is_file()

    def withdrawn(self, file: Path, kind: str, wordpress_id) -> str:
        """Why the post with this id, read from `file`, is no longer on its site; '' if it is."""
        site = file.parent.parent  # <site>/posts/<run>-page-0001.json
        if not isinstance(wordpress_id, int) or not (site / STATE_FILE).is_file():
            return ""
        listed = self._lists_of(site).get(kind)
        run = file.name.split("-page-")[0]
        if listed is None or run > listed.run or wordpress_id in listed.ids:
            return ""
        return f"no longer on the site: not in its list of {kind}s fetched in run {listed.run}"

    def _lists_of(self, site: Path) -> dict[str, IdList]:
        if site not in self._lists:
            self._lists[site] = _read_lists(site)
        return self._lists[site]


def _read_lists(site: Path) -> dict[str, IdList]:
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
