"""The write stage: the one writer of docs/, atomic and only when changed. The pages are planned
elsewhere (pages/article_page.py, pages/entity_pages.py, pages/listings.py...) as entries of a
Plan (plan.py: for each path, write, merge, keep, retire, redirect or remove), and
PageWriter.apply carries the plan out, an Outcome for each entry.

Article pages are owned by the generator until a person edits them. The last version the
generator wrote is kept in docs/.generated/ (MkDocs skips dot-folders, git stores identical
files once), so a later import can tell a hand edit from its own output and never
overwrite what a person wrote.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..core.paths import STORE_DIR
from .merge import merge_page
from .plan import (
    CREATE,
    FORGET,
    KEEP,
    OWNED,
    PAGE,
    REMOVE,
    RETIRE,
    SECTION,
    TIDY,
    UNTOUCHED,
    Entry,
    Plan,
)
from .plan import (
    SecondWrite as SecondWrite,  # raised by Plan.add; callers catch it from here
)
from .view import DocsView

# A page partly generated: the importer rewrites only what stands between these markers.
BEGIN = "<!-- BEGIN GENERATED: the importer rewrites this part; edit above or below it -->"
END = "<!-- END GENERATED -->"
LOCK = ".import.lock"  # in docs/: held while an import writes there
CREATING = ".creating.json"  # in docs/.generated/: pages whose record was written before the page
# write_atomic's temporary files: ".<name>.<8 random characters>.tmp"
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # as open() would create the file; mkstemp makes it 0600


def write_atomic(path: Path, text: str | bytes) -> bool:
    """Write `text` (or bytes) to `path` through a temporary file; False if it already held exactly that."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if read_or_none(path) == data:
        return False
    replace_with(path, data)
    return True


def content_digest(data: bytes) -> str:
    """A file's digest by its bytes, as shortcut.py takes every input's and docs/ file's, and as the
    records of the pages a run wrote keep it (see PageWriter.holds)."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def read_or_none(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no such file."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except (FileNotFoundError, NotADirectoryError):
        return None


def replace_with(path: Path, data: bytes) -> os.stat_result:
    """Put `data` at `path` through a temporary file in its folder, renamed over it; returns the
    file's status as written (the rename keeps its size and modification time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            written = os.fstat(handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written


RACY_NS = 2_000_000_000  # see PageWriter.file_stamp
# What PageWriter did when a file now holds exactly the text it was given.
AS_GIVEN = {"created", "updated", "unchanged"}


class DocsBusy(RuntimeError):
    """Another import is writing the same docs/."""


@contextmanager
def exclusive(docs: Path) -> Iterator[None]:
    """Hold docs/ for one import: two at once would interleave their pages and records. The lock
    file stays empty, so a run that changes nothing writes nothing."""
    docs.mkdir(parents=True, exist_ok=True)
    with open(docs / LOCK, "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DocsBusy(f"{docs}/ is being written by another import; run this again when it has finished") from None
        yield


def docs_files(docs: Path) -> list[str]:
    """Every file under `docs`, docs-relative, folders and files in name order, as os.walk finds
    them (a link to a folder is not followed; a folder that cannot be read is passed over).
    Walked here rather than by os.walk, whose generator and joins took a third more time over the
    23,000 folders of docs/ at 10,000 posts, every import."""
    found: list[str] = []
    _walk(os.fspath(docs), "", found)
    return found


def _walk(folder: str, prefix: str, found: list[str]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        try:
            inside = entry.is_dir()
        except OSError:
            inside = False
        if inside:
            folders.append(entry)
        else:
            found.append(prefix + entry.name)
    for entry in folders:
        if not entry.is_symlink():
            _walk(entry.path, f"{prefix}{entry.name}/", found)


def recover(docs: Path, files: list[str] | None = None) -> list[str]:
    """Tidy what an interrupted import left (call while holding `exclusive`): its temporary files,
    and the records of pages it was about to create, which would otherwise read as pages a person
    deleted. `files`: docs_files(docs), when the caller has it. Returns what it removed, docs-relative."""
    removed = []
    for file in docs_files(docs) if files is None else files:
        if _TEMPORARY.fullmatch(os.path.basename(file)):
            (docs / file).unlink(missing_ok=True)
            removed.append(Path(file).as_posix())
    creating = docs / STORE_DIR / CREATING
    if creating.exists():
        try:
            pages = json.loads(creating.read_text("utf-8"))
        except ValueError:
            pages = []
        for page in pages if isinstance(pages, list) else []:
            if isinstance(page, str) and not (docs / page).exists() and (docs / STORE_DIR / page).exists():
                (docs / STORE_DIR / page).unlink()
                removed.append(f"{STORE_DIR}/{page}")
        creating.unlink()
    return removed


@dataclass
class Outcome:
    path: str
    action: str  # created, updated, unchanged, merged (with a hand edit), conflict, kept, removed, retired
    detail: str = ""
    conflicts: list = field(default_factory=list)  # merge.Conflict, for "conflict"


@dataclass
class PageWriter:
    """Carries out the plan of an import (see plan.py) under `docs`, respecting hand edits: each
    entry once, in the order planned, an Outcome for each."""

    docs: Path
    outcomes: list[Outcome] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    # files known unchanged without a look (untouched), or as the shortcut's snapshot found them
    not_opened: set[str] = field(default_factory=set)
    # docs/ as the run gathered it, and after this plan (view.py); without one, listed now
    view: DocsView | None = None
    # docs-relative file -> (size, modification time, digest) of each file as this run wrote it: what
    # the run's end would otherwise read back (see `written_stamps`)
    written: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.view is None:
            self.view = DocsView(self.docs, docs_files(self.docs) if self.docs.is_dir() else ())
            self.view.close()
            self.view.plan = self.plan
        else:
            self.plan = self.view.plan  # the view answers for docs/ after this plan

    def apply(self, entries: Iterable[Entry] = ()) -> list[Outcome]:
        """Carry out the plan's entries not yet carried out, then each of `entries`, added to the plan
        as it comes (a second entry for a path is refused: SecondWrite). `entries` may be produced
        lazily, so that a stage's pages are not all held at once. Returns the outcomes recorded."""
        start = len(self.outcomes)
        creating: list[Entry] = []  # a run of new recorded pages: carried out together (see _create)
        for entry in self._pending(entries):
            if entry.action == CREATE:
                creating.append(entry)
                continue
            if creating:
                self._create(creating)
                creating = []
            outcome = self._carry_out(entry)
            if outcome is not None:
                self.outcomes.append(outcome)
        if creating:
            self._create(creating)
        return self.outcomes[start:]

    def _pending(self, entries: Iterable[Entry]) -> Iterator[Entry]:
        pending = self.plan.pending
        while pending:
            yield pending.popleft()
        for entry in entries:
            self.plan.add(entry)
            while pending:
                yield pending.popleft()

    def _carry_out(self, entry: Entry) -> Outcome | None:
        action = entry.action
        if action in OWNED:
            return self._owned(entry.path, entry.text)
        if action == PAGE:
            return self._page(entry.path, entry.text)
        if action == SECTION:
            return self._section(entry.section, entry.text)
        if action == UNTOUCHED:
            self.not_opened.add(entry.path)
            return Outcome(entry.path, "unchanged")
        if action == KEEP:
            return Outcome(entry.path, "kept", entry.detail)
        if action == RETIRE:
            return self._retire(entry)
        if action == REMOVE:
            os.unlink(os.path.join(self.docs, entry.path))
            self.store_path(entry.path).unlink(missing_ok=True)
            return Outcome(entry.path, "removed")
        if action == FORGET:
            (self.docs / entry.path).unlink(missing_ok=True)
            return None
        if action == TIDY:
            for parent, _, _ in os.walk(os.path.join(self.docs, entry.path), topdown=False):  # the deepest first
                if not os.listdir(parent):
                    os.rmdir(parent)
            return None
        raise ValueError(f"{entry.path}: unknown action {action!r}")

    # -- an article page at a time, as the worker processes render them ----------------------
    def write_page(self, page: str, text: str) -> Outcome:
        """An article page, merged with a person's edits (one `page` entry)."""
        return self.apply([Entry(page, PAGE, text)])[-1]

    def untouched(self, page: str) -> Outcome:
        """A page known to hold what this run would write (see `stamp`): nothing to read or write."""
        return self.apply([Entry(page, UNTOUCHED)])[-1]

    # -- carrying out one entry ---------------------------------------------------------------
    def _owned(self, path: str, text: str | bytes) -> Outcome:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if self._holds_as_found(path, data):
            self.not_opened.add(path)
            return Outcome(path, "unchanged")
        current = read_or_none(self.docs / path)
        if current != data:
            self._replace(path, data)
        return Outcome(path, "unchanged" if current == data else "updated" if current is not None else "created")

    def _holds_as_found(self, file: str, data: bytes) -> bool:
        """Whether the file holds `data`, known without reading it: the shortcut's snapshot took its
        digest, which is data's, and the file still has the size and time it had then (as the
        snapshot itself trusts them). Reading them took most of the time of the 10,000 redirect pages
        and other files the importer owns whole, each of an import with one new post, unchanged."""
        known = self.view.snapshot_digest(file) if self.view is not None else None
        if known is None or known[1] != content_digest(data):
            return False
        try:
            info = os.stat(os.path.join(self.docs, file))
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == known[0]

    def _put(self, file: str, text: str | bytes) -> bool:
        """write_atomic of a docs-relative file, through _replace."""
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if read_or_none(self.docs / file) == data:
            return False
        self._replace(file, data)
        return True

    def _replace(self, file: str, data: bytes) -> None:
        """replace_with, the file's stamp and digest as written kept (`written`)."""
        info = replace_with(self.docs / file, data)
        self.written[file] = (info.st_size, info.st_mtime_ns, content_digest(data))

    def written_stamps(self, folder: str) -> dict[str, list]:
        """{path under `folder` (docs/ as the caller names it): [size, modification time, digest]}
        of the files this run wrote, as shortcut.py keeps stamps: a file that still has that size
        and time holds those bytes, and the run's end need not read it back (10,000 posts: 43,000
        files)."""
        return {os.path.join(folder, file): list(known) for file, known in self.written.items()}

    def _retire(self, entry: Entry) -> Outcome:
        """Remove a page and its record in docs/.generated, then the folders that leaves empty."""
        page, stored = self.docs / entry.path, self.store_path(entry.path)
        for file, top in ((page, self.docs), (stored, self.docs / STORE_DIR)):
            file.unlink(missing_ok=True)
            _remove_empty_folders(file.parent, top)
        return Outcome(entry.path, "retired", entry.detail)

    def store_path(self, page: str) -> Path:
        return self.docs / STORE_DIR / page

    def _create(self, entries: list[Entry]) -> None:
        """New pages whose record in docs/.generated is what marks them as the importer's (a record
        without its page means a person deleted the page). The record is what the page is known by,
        not a copy of its text, which later runs change: a record that grew stale would make an
        incremental docs/ differ from a cold import's. The records are written first, under a list
        of what is being created, so an interruption at any point is undone by `recover`."""
        write_atomic(self.docs / STORE_DIR / CREATING, json.dumps(sorted(e.path for e in entries)) + "\n")
        for entry in entries:
            self._put(f"{STORE_DIR}/{entry.path}", entry.record)
            self.outcomes.append(Outcome(entry.path, "created" if self._put(entry.path, entry.text) else "unchanged"))
        (self.docs / STORE_DIR / CREATING).unlink()

    def _page(self, page: str, text: str) -> Outcome:
        """An article page: written when it is as the importer left it (its copy in docs/.generated),
        else merged with the person's edits, or left alone when they conflict."""
        target = self.docs / page
        stored = self.store_path(page)
        base = stored.read_text("utf-8") if stored.exists() else None
        current = target.read_text("utf-8") if target.exists() else None
        if current == text:
            action = "unchanged"
        elif current is None or current == base:
            action = "created" if current is None else "updated"
            self._put(page, text)
        elif base is None:
            return Outcome(page, "kept", "not written by the importer (no record in docs/.generated); left as it is")
        else:
            merged = merge_page(base, current, text)
            if merged.text is None:
                return Outcome(page, "conflict", "edited by hand and changed in WordPress in the same "
                               "place; left as you wrote it", merged.conflicts)
            action = "merged" if merged.text != current else "unchanged"
            if action == "merged":
                self._put(page, merged.text)
        self._put(f"{STORE_DIR}/{page}", text)
        return Outcome(page, action)

    def _section(self, page: GeneratedPage, base: str | None) -> Outcome:
        """Only the generated part of a listing or entity page rewritten (see splice); `base`: the
        text to splice into, when the planner changed the page's (else the file's own)."""
        target = self.docs / page.path
        existing = target.read_text("utf-8") if target.exists() else None
        text = splice(existing if base is None else base, page)
        if text is None:
            return Outcome(page.path, "kept", "its BEGIN/END GENERATED markers are broken; fix them to let the importer update it")
        if existing == text:
            return Outcome(page.path, "unchanged")
        self._put(page.path, text)
        return Outcome(page.path, "created" if existing is None else "updated")

    def stamp(self, page: str, settled: bool = False) -> tuple | None:
        """The file stamps of the page and of its record in docs/.generated: equal stamps after a
        run that wrote the page's text mean the page still holds it, unedited (the trust the
        shortcut puts in them too). None when either is missing or, with `settled`, too fresh."""
        here, stored = self.file_stamp(page, settled), self.file_stamp(f"{STORE_DIR}/{page}", settled)
        return here + stored if here and stored else None

    def holds(self, page: str, stamps: tuple | None, digest: str | None) -> bool:
        """Whether the page and its record held the text a run wrote when this run gathered docs/
        (DocsView.holds): asked before the page is planned, so as it is now."""
        return self.view.holds(page, stamps, digest)

    def holds_file(self, file: str, stamp: tuple | None, digest: str | None) -> bool:
        """`holds` for a file the importer owns whole, or an entity page (no record of its own)."""
        return self.view.holds_file(file, stamp, digest)

    def file_digest(self, file: str) -> str | None:
        data = read_or_none(self.docs / file)
        return None if data is None else content_digest(data)

    def as_written(self, files) -> tuple[dict, dict] | None:
        """({file: stamp}, {file: digest}) of files this run has just written, for the next run's
        holds_file; None when one of them is missing."""
        stamps = {file: self.file_stamp(file, settled=False) for file in files}
        if not all(stamps.values()):
            return None
        return stamps, {file: self._digest_as_written(file, stamps[file]) for file in files}

    def _digest_as_written(self, file: str, stamp: tuple) -> str | None:
        """file_digest, from what this run wrote there while the file keeps the stamp it had then."""
        known = self.written.get(file)
        return known[2] if known is not None and known[:2] == stamp else self.file_digest(file)

    def settled_since(self, written: dict[str, tuple], fresh: set[str]) -> dict[str, tuple]:
        """`written` (page -> (key, stamps, digest)) as the next run may trust it: pages kept from an
        earlier run as they are; those this run wrote (`fresh`, stamped at once after writing) with
        their stamps only when their files still carry them and are now older than RACY_NS (else
        by their digest alone: see `holds`). Asked at the end of a run, so that a page written
        early in it counts; asked at once, none would."""
        def settled(page: str, stamps) -> tuple | dict | None:
            if isinstance(stamps, dict):  # an entity page's files: {file: (size, time)}
                return {file: stamp if self.file_stamp(file) == stamp else None for file, stamp in stamps.items()}
            return stamps if stamps is not None and self.stamp(page, settled=True) == stamps else None
        trusted = {}
        for page, (key, stamps, digest) in written.items():
            trusted[page] = (key, settled(page, stamps) if page in fresh else stamps, digest)
        return trusted

    def file_stamp(self, file: str, settled: bool = True) -> tuple | None:
        """The size and modification time of a file under docs/; None when it is missing or, with
        `settled`, modified in the last RACY_NS: the clock's tick is coarser than a nanosecond, so
        an edit made at once after the import could keep both size and time (as git's "racily
        clean" files, such a file is read again next time)."""
        try:
            info = os.stat(os.path.join(self.docs, file))  # a str: a Path for each of 40,000 files costs more than the stat
        except OSError:
            return None
        if settled and info.st_mtime_ns > time.time_ns() - RACY_NS:
            return None
        return info.st_size, info.st_mtime_ns


@dataclass
class GeneratedPage:
    path: str
    head: str  # front-matter and intro used only when the page does not exist yet
    generated: str


def splice(existing: str | None, page: GeneratedPage) -> str | None:
    """The page with its generated part replaced, every other byte kept.

    A page a person wrote without markers gets the generated part appended at its end;
    None when the markers are broken (one without the other, or out of order).
    """
    generated = f"{BEGIN}\n\n{page.generated.strip()}\n\n{END}"
    if existing is None:
        return f"{page.head}{generated}\n"
    start, end = existing.find(BEGIN), existing.find(END)
    if start < 0 and end < 0:
        return existing + ("" if existing.endswith("\n") else "\n") + f"\n{generated}\n"
    if start < 0 or end < start:
        return None
    return existing[:start] + generated + existing[end + len(END):]


def pruned(docs: DocsView, folder: str, taken, keep: set[str] = frozenset()) -> list[Entry]:
    """The plan of pruning an importer-owned folder: each file under it (as the run found docs/ and
    planned it so far) that is neither `taken` (planned this run) nor in `keep` removed, then the
    folders that leaves empty, the folder itself included (git keeps none either)."""
    files = docs.files_under(folder)
    entries = [Entry(relative, REMOVE) for relative in sorted(files, key=lambda file: file.split("/"))  # as sorted Paths
               if relative not in taken and relative not in keep]
    return [*entries, Entry(f"{folder}/", TIDY)]


def _remove_empty_folders(folder: Path, top: Path) -> None:
    """docs/articles/2023/10/ once its last page is gone: git keeps no empty folders either."""
    while folder != top and top in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
