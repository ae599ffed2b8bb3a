"""Reading the inputs with the import cache: a file whose bytes did not change is not parsed again.

What a file holds is kept under a hash of its name and bytes (and the generator's code): the
lookups it adds (users, terms, media), each post object's origin, type and id, and what was
rejected or skipped. Its posts as records (posts.to_post) are kept apart by the importer, under
that hash and a hash of the lookups of every file, since a post's author, category and tag names
may come from any file. So one new file costs its own parsing, not the archive's; the records are
those a run without the cache reads (read_sources), in the same order.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.models import Lookups, RawPost, Rejected, SourceBatch
from ..store.cache import Cache, code_version, fingerprint
from ..write import content_digest  # as shortcut.py takes every input's, so its digests can be passed here
from . import _read_file, input_files
from .fetched import FetchedSites
from .files import _os_reason, display_path, read_input
from .salvage import SalvageError

_FAILED = (OSError, SalvageError, ValueError)  # what read_sources reports as a file's rejection


class _Recording(Lookups):
    """Lookups that note each entry added, in order, so they can be added again from the cache."""

    def __init__(self):
        super().__init__()
        self.added: list[tuple] = []

    def add(self, table: str, site: str, key: int, value, replace: bool = True) -> None:
        self.added.append((table, site, key, value, replace))
        super().add(table, site, key, value, replace)


@dataclass
class FileReading:
    """What one input file gave, as the cache keeps it."""

    key: str
    objects: list[tuple[str, str, object]] = field(default_factory=list)  # each post's (origin, type, id)
    lookups: list[tuple] = field(default_factory=list)  # Lookups.add's arguments, in order
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[Rejected] = field(default_factory=list)


@dataclass
class InputFile:
    """One input file of this run: what it holds, its post objects' withdrawals, and the post
    objects themselves when this run parsed it (else `raw_posts` parses it again)."""

    path: Path
    origin: str
    reading: FileReading
    withdrawn: list[str]
    parsed: list[RawPost] | None = None

    def raw_posts(self) -> list[RawPost]:
        if self.parsed is None:
            self.parsed = _parse(self.path, self.origin, self.reading.key)[1]
        return self.parsed


def read_kept(paths: list[Path], cache: Cache, digests: dict[str, str] | None = None) -> tuple[SourceBatch, list[InputFile]]:
    """read_sources with the cache: the batch (its lookups, rejections, files read; no posts) and
    the readable files in order. Unchanged files are read for their digest only, or not at all
    when `digests` (absolute path: digest, from shortcut.py's look at the inputs) has it."""
    batch = SourceBatch()
    sites = FetchedSites()
    digests = digests or {}
    found = []
    for path in input_files(paths, batch.rejected):
        origin = display_path(path)
        try:
            known = digests.get(os.path.abspath(path)) or content_digest(read_input(path))
            key = fingerprint(code_version(), origin, known)
        except _FAILED as error:
            found.append((path, origin, _reason(error)))
        else:
            found.append((path, origin, key))
    keys = [key for _, _, key in found if not isinstance(key, Rejected)]
    kept = dict(zip(keys, cache.get_many("sources", keys)))
    files = []
    for path, origin, key in found:
        batch.files_read += 1
        if isinstance(key, Rejected):
            batch.rejected.append(Rejected(origin, key.reason))
            continue
        reading, parsed = (kept[key], None) if isinstance(kept[key], FileReading) else _parse(path, origin, key)
        if parsed is not None:
            cache.put("sources", key, reading)
        for entry in reading.lookups:
            batch.lookups.add(*entry)
        batch.rejected += reading.rejected
        batch.skipped += reading.skipped
        withdrawn = [sites.withdrawn(path, kind, identifier) for _, kind, identifier in reading.objects]
        files.append(InputFile(path, origin, reading, withdrawn, parsed))
    return batch, files


def _parse(path: Path, origin: str, key: str) -> tuple[FileReading, list[RawPost]]:
    """One file read as read_sources reads it, into a batch of its own."""
    scratch = SourceBatch(lookups=_Recording())
    try:
        _read_file(path, origin, scratch)
    except _FAILED as error:
        scratch.rejected.append(Rejected(origin, _reason(error).reason))
    objects = [(raw.origin, str(raw.data.get("type") or "post"), raw.data.get("id")) for raw in scratch.posts]
    return FileReading(key, objects, scratch.lookups.added, scratch.rejected, scratch.skipped), scratch.posts


def _reason(error: Exception) -> Rejected:
    return Rejected("", _os_reason(error) if isinstance(error, OSError) else str(error))
