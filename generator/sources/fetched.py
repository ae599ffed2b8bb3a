"""Folders written by `fetch`: which posts the site still publishes.

`fetch` stores every response as it came, so a post deleted on the site stays in the files of
the run that fetched it. Each run also stores the list of ids the site publishes (`post-ids/`,
`page-ids/`), and the state file names the pages of the last complete list. A post read from
a run no later than that list, whose id the list lacks, has been withdrawn from the site.
"""
from __future__ import annotations

import re
from pathlib import Path

from .idlists import ID_LISTS, STATE_FILE, IdList, read_id_lists

RUN_ID = re.compile(r"(\d{8}T\d{6}Z)-")  # a fetch run's id opens the name of every file it stored


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
        if not isinstance(wordpress_id, int):
            return ""
        listed = self._lists_of(file.parent.parent).get(kind)  # <site>/posts/<run>-page-0001.json
        run = RUN_ID.match(file.name)  # <run>-page-0001.json, <run>-missed-0001.json
        if listed is None or not run or run.group(1) > listed.run or wordpress_id in listed.ids:
            return ""
        return f"no longer on the site: not in its list of {kind}s fetched in run {listed.run}"

    def _lists_of(self, site: Path) -> dict[str, IdList]:
        """Empty for a folder `fetch` did not write (no state file there)."""
        if site not in self._lists:
            self._lists[site] = read_id_lists(site)
        return self._lists[site]
