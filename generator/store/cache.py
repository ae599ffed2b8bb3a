"""The import cache: what converting, reading and extracting each post gave last time.

Each result is stored under a hash of everything it depends on: the post's own fields, the
site-level reading it consulted (languages, short forms, the registry of entities) and the
generator's code itself. So an entry can only be found again when recomputing it would give the
same result; an edited post, a new alias on an entity page or a new version of the generator
simply misses. The cache is one SQLite file, `.cache/wpkb/cache.sqlite` beside `docs/` (git-ignored):
deleting it, or `import --full`, only costs time. Only the main process reads and writes it;
workers compute the misses.
"""
from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import io
import os
import pickle
import sqlite3
from datetime import date, datetime, timezone
from functools import cache
from importlib import metadata
from pathlib import Path

from ..core.parallel import as_is, run_each

FOLDER = Path(".cache") / "wpkb"
FILE = "cache.sqlite"


@cache
def code_version() -> str:
    """A hash of the generator's own files: a change to any of them makes every entry miss."""
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


PACKAGE = Path(__file__).resolve().parent.parent  # generator/: every stage and template, not only store/


def package_versions(names) -> tuple[tuple[str, str], ...]:
    """(name, its installed version, or "" when it is not installed) of each package: what a
    result made from their code or data depends on besides the generator's own."""
    found = []
    for name in names:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return tuple(found)


def code_files() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def stable(value) -> object:
    """`value` as nested tuples of plain values, the same in every process (sets sorted,
    dataclasses by field), so that its repr can be hashed."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *((f.name, stable(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return ("dict", *sorted((repr(stable(k)), stable(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", *sorted(repr(stable(item)) for item in value))
    if isinstance(value, list | tuple):
        return tuple(stable(item) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# A timezone is pickled through copyreg, which looks for its slots anew each time (a C type keeps
# no cache of them): a second for 10,000 dates. Its constructor's arguments say the same, at once.
_REDUCERS = {**copyreg.dispatch_table, timezone: lambda zone: (timezone, zone.__getinitargs__())}


def fingerprint(*parts) -> str:
    """A hash of `parts`: dataclasses, lists, dicts, strings and dates, serialised by pickle
    without its memo (so equal values give equal bytes, whichever objects hold them; faster than
    repr on long texts). A set's order is not the same in every process (string hashes differ),
    so callers pass sets sorted or through stable(); a key that differs between runs only misses."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: a string seen twice is written twice, not as a back-reference
    pickler.dispatch_table = _REDUCERS
    try:
        pickler.dump(parts)
        data = buffer.getvalue()
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
        data = b"repr\0" + repr(parts).encode("utf-8", "surrogatepass")  # what pickle cannot write
    return hashlib.sha256(data).hexdigest()


class Cache:
    """Results by (stage, key). Entries not asked for in a run are dropped when it closes,
    so the file holds one archive's results, not every version of every post."""

    def __init__(self, folder: Path | None):
        self.used: dict[str, set[str]] = {}
        self.connection = None
        self.owner = os.getpid()  # the process that opened it: the only one that reads or writes it
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.connection = _connect(folder / FILE)
        except sqlite3.DatabaseError:  # not a database (any more): start over, it is only a cache
            (folder / FILE).unlink(missing_ok=True)
            self.connection = _connect(folder / FILE)
        except (OSError, sqlite3.Error):  # a folder it cannot write: run without a cache
            self.connection = None

    def get(self, stage: str, key: str):
        return self.get_many(stage, [key])[0]

    def get_many(self, stage: str, keys: list[str]) -> list:
        """get() of each key, asked in a few queries rather than one query a key."""
        self.used.setdefault(stage, set()).update(keys)
        results = [None] * len(keys)
        if self.connection is None or not self._here():
            return results
        places: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            places.setdefault(key, []).append(index)
        wanted = sorted(places)
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                # Loaded chunk by chunk: the stored bytes of 10,000 entries are not all held at once
                # beside what they load into. A key asked twice gets two objects: callers change them.
                for key, value in self.connection.execute(
                        f"SELECT key, value FROM entries WHERE stage = ? AND key IN ({','.join('?' * len(chunk))})",
                        (stage, *chunk)):
                    for index in places[key]:
                        results[index] = _loaded(value)
        except sqlite3.Error:  # an unreadable cache is an empty one
            return [None] * len(keys)
        return results

    def holds(self, stage: str, keys: list[str]) -> set[str]:
        """Those of `keys` the stage has an entry under (the entries not loaded), kept as get_many's are."""
        self.used.setdefault(stage, set()).update(keys)
        if self.connection is None or not self._here():
            return set()
        wanted, found = sorted(set(keys)), set()
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                found.update(key for key, in self.connection.execute(
                    f"SELECT key FROM entries WHERE stage = ? AND key IN ({','.join('?' * len(chunk))})", (stage, *chunk)))
        except sqlite3.Error:  # an unreadable cache is an empty one
            return set()
        return found

    def _here(self) -> bool:
        """Whether this is the process that opened the cache. A worker forked from it inherits its
        connection, and SQLite's locks then say nothing between the two: a write from a worker (the
        gazetteer keeps what it makes there) damaged the file. In a worker the cache is empty and
        keeps nothing; what a worker works out comes back to the main process, which keeps it."""
        return os.getpid() == self.owner

    def keep(self, stage: str, keys: list[str]) -> None:
        """Keep these entries as if this run had read them (it knew it did not need to)."""
        self.used.setdefault(stage, set()).update(keys)

    def put(self, stage: str, key: str, value) -> None:
        self.put_pickled(stage, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, stage: str, key: str, data: bytes) -> None:
        """put() of the value `data` is pickled from."""
        self.used.setdefault(stage, set()).add(key)
        if self.connection is not None and self._here():
            self.connection.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (stage, key, data))

    def close(self) -> None:
        """Keep what this run used (of the stages it ran), drop the rest, and save."""
        if self.connection is None or not self._here():
            return
        # The keys of each stage listed (its index holds them: no entry is read) and those not used
        # deleted: a third of the time of handing SQLite the 70,000 keys a run at 10,000 posts used.
        with self.connection:
            for stage, keys in self.used.items():
                stale = [(stage, key) for key, in self.connection.execute(
                    "SELECT key FROM entries WHERE stage = ?", (stage,)) if key not in keys]
                self.connection.executemany("DELETE FROM entries WHERE stage = ? AND key = ?", stale)
        _compact(self.connection)
        self.connection.close()
        self.connection = None


def _compact(connection: sqlite3.Connection) -> None:
    """Give the file's free space back when most of it is free. SQLite keeps the pages of deleted
    entries for reuse, so after a run that replaced most of them (a new generator version, another
    archive) the file stays twice its size for good: 909 MB holding 420 MB at 50,000 posts, all
    of it saved and restored by every Actions run. A run with a few new posts frees a few pages,
    which the next run's entries reuse: no rewrite then."""
    try:
        free, pages = (connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("freelist_count", "page_count"))
        if free * 4 > pages:
            connection.execute("VACUUM")
    except sqlite3.Error:  # a full disk: the cache stays as it is, still correct
        pass


def _always(entry) -> bool:
    return True


def _stored(task, guard, storable):
    """The task as cached_iter runs it: guarded, and its entry pickled where it is made (_pickled)."""
    return guard(functools.partial(_pickled_result, task, storable))


def _stored_clean(clean, guard, storable):
    """_stored of the task a clean worker makes (run_each's `clean`)."""
    return _stored(clean(), guard, storable)


def _pickled_result(task, storable, item):
    return _pickled(task(item), storable)


def cached_each(cache: Cache, stage: str, keys: list[str], task, jobs: int, label: str,
                guard=as_is, valid=lambda index, entry: True, storable=_always, inputs=lambda index: index,
                clean=None) -> list:
    """task(inputs(0)), task(inputs(1)), ...: an entry stored under the key where there is one and
    `valid` accepts it, else computed (on `jobs` processes, as run_each, which sends each worker
    only the task's input, and with `clean` starts them clean; `guard` wraps the task) and stored
    when `storable` (a failure the guard made a value is not: it is reported every run). With
    `clean`, `guard` and `storable` are pickled to the workers: module functions or partials."""
    return list(cached_iter(cache, stage, keys, task, jobs, label, guard, valid, storable, inputs, clean))


def cached_iter(cache: Cache, stage: str, keys: list[str], task, jobs: int, label: str,
                guard=as_is, valid=lambda index, entry: True, storable=_always, inputs=lambda index: index,
                clean=None):
    """cached_each's results one at a time, in order: each is let go once the caller is done with
    it, not held with all the others (10,000 rendered pages are 160 MB)."""
    results = cache.get_many(stage, keys)
    missing = [index for index, entry in enumerate(results) if entry is None or not valid(index, entry)]
    computed = run_each(_stored(task, guard, storable), len(missing), jobs, label, lambda j: inputs(missing[j]),
                        None if clean is None else functools.partial(_stored_clean, clean, guard, storable))
    todo, remaining = set(missing), len(missing)
    for index in range(len(keys)):
        entry, results[index] = results[index], None
        if index in todo:
            entry = next(computed)
            remaining -= 1
            if not remaining:  # the last computed: run_each ends, and its worker processes with it, now,
                for _ in computed:  # not when the caller asks past the last entry (zip() never does):
                    pass  # forked workers left waiting keep their copies of the parent's pages
            if isinstance(entry, _Pickled):
                cache.put_pickled(stage, keys[index], entry.data)
                entry = pickle.loads(entry.data)
        yield entry


_CHUNK = 900  # keys a query asks for: under SQLite's oldest limit of 999 parameters


@dataclasses.dataclass
class _Pickled:
    data: bytes


def _pickled(entry, storable):
    """A storable entry pickled where it was made (in a worker process, mostly), for the cache,
    and read back from those bytes by the process that keeps it: that process never pickles it.
    Pickling a text keeps its UTF-8 bytes inside the string object for as long as the string
    lives (CPython caches them there): 10 KB an article, held for the whole import, when the main
    process pickled each article's Markdown and text for the cache (and the time to pickle them)."""
    return _Pickled(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)) if storable(entry) else entry


def _loaded(value: bytes | None):
    """A stored entry, or None for none or a damaged one (a miss)."""
    if value is None:
        return None
    try:
        return pickle.loads(value)
    except Exception:  # noqa: BLE001 - a damaged entry is a miss
        return None


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE IF NOT EXISTS entries (stage TEXT, key TEXT, value BLOB, PRIMARY KEY (stage, key))")
    return connection


def cache_folder(docs: Path, folder: Path | None = None) -> Path:
    """`folder`, or the default: .cache/wpkb/ beside `docs`."""
    return folder if folder is not None else docs.resolve().parent / FOLDER


def open_cache(docs: Path, folder: Path | None = None, full: bool = False) -> Cache:
    """The cache beside `docs` (or in `folder`); `full` starts it empty."""
    folder = cache_folder(docs, folder)
    if full:
        (folder / FILE).unlink(missing_ok=True)
    return Cache(folder)
