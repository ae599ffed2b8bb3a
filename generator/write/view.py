"""docs/ as an import sees it: what the gathering at its start found there, and what it will hold
once the plan is carried out.

The gathering (importer.gather_docs) lists every file once, reads the texts the stages will need
and takes the stamps of the files whose records the cache keeps; then it is closed, and every
stage asks this view, never the filesystem: whether a file exists (after the entries planned so
far: a retired page is gone, a page planned is there), its text as found, its stamp as found, the
files under a folder. A path the plan has not touched still holds what the gathering found (the
plan refuses a second entry for a path, and only the writer changes docs/), so the answers are
those a look at docs/ would give, without one. Only the writer, carrying out the plan, opens
files of docs/ after the gathering (to merge a person's edit, or splice a generated part).
"""
from __future__ import annotations

import bisect
import os
from collections.abc import Iterable
from pathlib import Path

from ..core.paths import STORE_DIR
from .plan import FORGET, GONE, Plan


class NotGathered(RuntimeError):
    """A stage asked for a text of docs/ that the gathering did not read: a bug in the gathering."""


class DocsView:
    """docs/ as gathered (`found`: every file, docs-relative), and after the entries of `plan`."""

    def __init__(self, docs: Path, files: Iterable[str], known_stamps: dict | None = None,
                 digests: dict[str, str] | None = None):
        self.docs = docs
        self.found: set[str] = set(files)
        self._listed = sorted(self.found)
        self.texts: dict[str, str | None] = {}  # docs-relative file -> its text as gathered (None: absent or unreadable)
        self.stamps: dict[str, tuple | None] = {}  # file -> (size, modification time in ns) as gathered
        self.digests = digests or {}  # file -> digest of its bytes, as the shortcut found them (see PageWriter.holds)
        self.edited: dict[str, tuple[str, str | None]] = {}  # page -> (its text, its record's) where they differ
        self.same: set[str] = set()  # pages found holding their record's text
        self.plan = Plan()  # the writer's: replaced by PageWriter's own
        self.gathering = True
        # the shortcut's stamps, by absolute path: [size, time, digest], taken of every file of docs/
        # just before the import (`stamped`): `stamp` answers from them, with no stat and no list
        self._known = known_stamps or {}
        self.stamped = bool(known_stamps)
        self._folder = os.path.join(str(docs), "")

    # -- the gathering: the only reads of docs/ an import's stages make -----------------------
    def read(self, file: str) -> str | None:
        """The file's text, read now (during the gathering) and kept; None when it is not there
        or not UTF-8."""
        if file in self.texts:
            return self.texts[file]
        self._gathering(file)
        text = self.texts[file] = self._read_now(file) if file in self.found else None
        return text

    def read_once(self, file: str) -> str | None:
        """`read`, for a text one stage reads at the gathering and nobody asks for again: not kept."""
        if file in self.texts:
            return self.texts[file]
        self._gathering(file)
        return self._read_now(file) if file in self.found else None

    def take_stamps(self, files: Iterable[str]) -> None:
        """The size and time of each file, as the shortcut took them or by a look now."""
        self._gathering("stamps")
        for file in files:
            if file in self.stamps:
                continue
            if file not in self.found:
                self.stamps[file] = None
                continue
            known = self._snapshot_stamp(file)
            if known is not None:
                self.stamps[file] = known
                continue
            try:
                info = os.stat(self._folder + file)
            except OSError:
                self.stamps[file] = None
                continue
            self.stamps[file] = (info.st_size, info.st_mtime_ns)

    def compare(self, pages: Iterable[str], unedited=frozenset()) -> None:
        """Whether each page still holds the text of its record in docs/.generated (pages in
        `unedited` are known to); the texts of those that do not are kept (`edited`)."""
        for page in pages:
            if page in self.edited or page in self.same or page not in self.found:
                continue
            if page in unedited:
                self.same.add(page)
                continue
            self._gathering(page)
            mine = self._read_now(page)
            base = self._read_now(f"{STORE_DIR}/{page}") if f"{STORE_DIR}/{page}" in self.found else None
            if mine is not None and mine == base:
                self.same.add(page)
            else:
                self.edited[page] = (mine, base)

    def close(self) -> None:
        """The gathering is over: from now on only the writer opens files of docs/."""
        self.gathering = False

    def _snapshot_stamp(self, file: str) -> tuple | None:
        """The file's (size, time) in the shortcut's snapshot; None when it has none."""
        known = self.snapshot_digest(file)
        return known[0] if known is not None else None

    def snapshot_digest(self, file: str) -> tuple[tuple, str] | None:
        """((size, time), digest) of the file in the shortcut's snapshot; None when it has none."""
        known = self._known.get(self._folder + file)
        return ((known[0], known[1]), known[2]) if isinstance(known, list) and len(known) == 3 else None

    def _read_now(self, file: str) -> str | None:
        try:
            with open(self._folder + file, encoding="utf-8") as stream:
                return stream.read()
        except (OSError, UnicodeDecodeError):
            return None

    def _gathering(self, what: str) -> None:
        if not self.gathering:
            raise NotGathered(f"docs/{what}: read after the gathering; please report this as a bug")

    # -- what the stages ask ------------------------------------------------------------------
    def text(self, file: str) -> str | None:
        """The file's text as gathered (None when it was not there)."""
        if file in self.texts:
            return self.texts[file]
        if file not in self.found:
            return None
        raise NotGathered(f"docs/{file}: its text was not gathered; please report this as a bug")

    def is_edited(self, page: str) -> bool:
        """Whether a page found differs from its record (or has none): gathered by `compare`."""
        if page in self.same:
            return False
        if page in self.edited:
            return True
        raise NotGathered(f"docs/{page}: not compared with its record at the gathering; please report this as a bug")

    def exists(self, file: str) -> bool:
        """Whether the file is there once the entries planned so far are carried out."""
        action = self.plan.action_of.get(file)
        if action is not None:
            return action not in GONE and action != FORGET
        if file.startswith(f"{STORE_DIR}/") and self.plan.action_of.get(file[len(STORE_DIR) + 1:]) in GONE:
            return False  # retired or removed with its page
        return file in self.found

    def stamp(self, file: str) -> tuple | None:
        if file in self.stamps:
            return self.stamps[file]
        if self.stamped:  # the shortcut's snapshot: every file of docs/ it could read
            return self._snapshot_stamp(file) if file in self.found else None
        raise NotGathered(f"docs/{file}: its stamp was not gathered; please report this as a bug")

    def holds(self, page: str, stamps: tuple | None, digest: str | None) -> bool:
        """Whether the page and its record in docs/.generated held, when the run gathered docs/, the
        text a run wrote, known by the stamps and the digest that run kept: by their stamps or, when
        their times moved with no edit (a fresh checkout, as in GitHub Actions), by their bytes as the
        shortcut read them."""
        if stamps is not None:
            here, stored = self.stamp(page), self.stamp(f"{STORE_DIR}/{page}")
            if here and stored and here + stored == tuple(stamps):
                return True
        return digest is not None and self.digests.get(page) == digest == self.digests.get(f"{STORE_DIR}/{page}")

    def holds_file(self, file: str, stamp: tuple | None, digest: str | None) -> bool:
        """`holds` for a file the importer owns whole, or an entity page (no record of its own)."""
        if stamp is not None and self.stamp(file) == tuple(stamp):
            return True
        return digest is not None and self.digests.get(file) == digest

    def files_under(self, folder: str) -> list[str]:
        """The files found under `folder` (docs-relative) still there after the plan so far, in
        name order."""
        prefix = folder.rstrip("/") + "/"
        start = bisect.bisect_left(self._listed, prefix)
        found = []
        for file in self._listed[start:]:
            if not file.startswith(prefix):
                break
            if self.exists(file):
                found.append(file)
        return found
