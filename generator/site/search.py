"""The site's search index (Pagefind): a full index of small copies of the indexed pages, and a
small "recent" index of the pages changed since it was written.

Pagefind cannot update an index: every run writes it anew from all pages, and most of its time
goes into reading and parsing HTML (a 10,000-article site is about 700 MB of it). But it indexes
only what is inside the `data-pagefind-body` element of a page (overrides/main.html puts the
article or entity text, its meta and filters there), and skips every page without one. So each
rendered page leaves a copy of just that element, its `<html>` tag and its `<title>` in a mirror
of the site beside the cache (`<state folder>/search/<page path>`), written only when the page
is rendered. A page with Pagefind attributes outside that element (or more than one, or markup
the scan below cannot follow) is copied whole, which Pagefind reads the same way as before. A
site with no `data-pagefind-body` at all is indexed from site/ itself, as `pagefind --site site/`
would.

Even from the mirror, indexing 12,000 pages takes Pagefind about 35 s of CPU, so a build that
changes a few pages does not index everything again. The full index (site/pagefind/) stays as it
was, and the pages whose copy changed since it was written are indexed on their own into
site/pagefind/recent/, a second Pagefind index that search.js merges at query time (Pagefind's
mergeIndex, which shares the first index's WebAssembly: only the small index's page list and the
chunks of the words searched are downloaded). site/pagefind/recent.json tells search.js what to do
with the two: the full index's pages that changed or are gone (their fragment ids, dropped from
its results, and their years, taken off the year counts), and, for each recent page, where its
sort value falls among the full index's (so that a search sorted by date interleaves the two lists
as one index would). Results and their year counts are then those of a full index; only the
relevance order of the recent pages can differ (Pagefind scores a page against its own index's
page count and word frequencies: a word common in the site but in all of a few recent pages
scores low there), until the full index is written again: when more than RECENT_LIMIT pages have
changed, when anything the recent index cannot express has (a sort value of another form), or
with `build --full`.
"""
from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..write import write_atomic
from .trash import Trash

OPTIONS = ["--force-language", "en", "--exclude-selectors", ".headerlink"]
# One index for the whole site, whatever language a page declares: Hangul words and English
# words are found from the same search box.

_BODY = re.compile(rb"<div\b[^>]*\bdata-pagefind-body\b[^>]*>", re.IGNORECASE)
_TOKENS = re.compile(rb"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<(/?)div\b[^>]*>", re.IGNORECASE | re.DOTALL)
_OTHER_ATTRIBUTES = re.compile(rb"data-pagefind-(?!ignore)", re.IGNORECASE)
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(rb"<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)


def search_copy(html: bytes) -> bytes | None:
    """What Pagefind needs of a page: None for a page it skips (no data-pagefind-body), else the
    body element with the page's <html> tag and <title>, or the whole page when in doubt."""
    body = _BODY.search(html)
    if body is None:
        return None
    depth, end = 0, None
    for token in _TOKENS.finditer(html, body.start()):
        if token.group(1) is None:
            continue  # a comment, script or style: its text is not markup
        if token.group(0).endswith(b"/>"):
            continue
        depth += 1 if token.group(1) == b"" else -1
        if depth == 0:
            end = token.end()
            break
    if end is None:
        return html
    outside = html[:body.start()] + html[end:]
    if _OTHER_ATTRIBUTES.search(outside):
        return html  # meta, filters or another body outside: let Pagefind read everything
    opening = _HTML_TAG.search(html)
    title = _TITLE.search(html[:body.start()])
    return b"".join([b"<!DOCTYPE html>\n", opening.group(0) if opening else b"<html>",
                     b"<head><meta charset=\"utf-8\">", title.group(0) if title else b"", b"</head><body>",
                     html[body.start():end], b"</body></html>\n"])



_SORT = re.compile(rb"\bdata-pagefind-sort\b(\s*=\s*\"[^\"]*\")?", re.IGNORECASE)
_PLAIN_SORT = re.compile(r'\s*=\s*"([A-Za-z0-9_-]+):([^\s&,\[\]"]*)"')


def sort_values(copy: bytes) -> dict[str, str] | None:
    """A page's sort values as Pagefind reads them ({"date": "2023-10-16T08:00:34+09:00"}), or None
    when one is written in another form than a quoted "key:value" with no spaces or entities in
    it (then the page cannot go into a recent index: the whole index is written again)."""
    values = {}
    for match in _SORT.finditer(copy):
        found = _PLAIN_SORT.fullmatch((match.group(1) or b"").decode("utf-8", "replace"))
        if found is None:
            return None
        values[found.group(1)] = found.group(2)
    return values


class SearchMirror:
    """The folder of search copies, one file per indexed page at the page's own path."""

    def __init__(self, folder: Path, fresh: bool, trash: Trash | None = None):
        self.folder = folder
        if fresh:
            if trash is None:
                shutil.rmtree(folder, ignore_errors=True)
            else:
                trash.empty(folder, keep_hidden=False)  # deleted while the pages are rendered
        folder.mkdir(parents=True, exist_ok=True)

    def put(self, dest_uri: str, html: bytes) -> list | None:
        """Store the copy of a rendered page; its record ([sha, size, sort values]) or None when
        not indexed."""
        copy = search_copy(html)
        path = self.folder / dest_uri
        if copy is None:
            path.unlink(missing_ok=True)
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(copy)
        return [hashlib.sha256(copy).hexdigest(), len(copy), sort_values(copy)]

    def holds(self, dest_uri: str, record: list) -> bool:
        """Whether the copy of a page is still there as it was written."""
        try:
            return (self.folder / dest_uri).stat().st_size == record[1]
        except OSError:
            return False

    def prune(self, old: set[str], keep: set[str]) -> None:
        """Remove the copies of pages (in `old`, not in `keep`) that are gone, moved or no longer
        indexed, and the folders that leaves empty."""
        for dest in sorted(old - keep):
            path = self.folder / dest
            path.unlink(missing_ok=True)
            for folder in path.parents:
                if folder == self.folder or not folder.is_relative_to(self.folder):
                    break
                try:
                    folder.rmdir()
                except OSError:
                    break


# Pagefind's own interfaces, which the site does not load (search.js talks to pagefind.js): 0.4 MB
# a site, published for nothing.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
# A merged index needs only its entry, page list, word and filter chunks and fragments: Pagefind
# runs it on the full index's script and WebAssembly.
UNUSED_IN_RECENT = (*UNUSED, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
RECENT = "recent"  # site/pagefind/recent/: the index of the pages changed since the full one
MANIFEST = "recent.json"  # site/pagefind/recent.json: what search.js needs to merge the two
RECENT_LIMIT = 200
# Changed pages beyond which the full index is written again: the recent index, its manifest
# (about 40 bytes a page, 15 gzipped, read by every first query) and the pages whose relevance
# is scored apart all grow with it. One new post changes about 40 pages at 10,000 posts.
COUNTED = ("year",)
# The filters whose counts search.js shows (the year facets): the manifest gives a stale page's
# values of these only, to take it off their counts.


class IndexFailed(RuntimeError):
    """Pagefind failed; its own messages were printed above."""


def _run(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output.resolve()),
               *OPTIONS, "--quiet"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if subprocess.run(command, env=env, check=False).returncode:
        raise IndexFailed("pagefind (search index) failed (see its messages above)")


def _bundle(source: Path, fresh: Path, unused: tuple[str, ...]) -> None:
    """Pagefind's index of `source` in `fresh`, without the files the site does not load."""
    shutil.rmtree(fresh, ignore_errors=True)
    _run(source, fresh)
    for pattern in unused:
        for path in fresh.glob(pattern):
            path.unlink()


def _swap(fresh: Path, final: Path) -> None:
    """Put the folder `fresh` in the place of `final`."""
    old = final.with_name(f".{final.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(fresh, final)
    shutil.rmtree(old, ignore_errors=True)


def _write_json(path: Path, data) -> None:
    write_atomic(path, json.dumps(data, sort_keys=True, separators=(",", ":")))


def write_index(site_dir: Path, mirror: SearchMirror | None) -> None:
    """Index the mirror (or, when None, site/ itself) into site/pagefind/, replacing the old index
    (and any recent index) only once the new one is complete."""
    fresh = site_dir / ".pagefind-new"
    _bundle(mirror.folder if mirror else site_dir, fresh, UNUSED)
    _write_json(fresh / MANIFEST, {})  # search.js reads it first: no recent index
    _swap(fresh, site_dir / "pagefind")


def _signature(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def index_signature(site_dir: Path) -> str | None:
    """A hash of the index's entry file (which names its other files by their hashes): a changed or
    missing index is written again."""
    return _signature(site_dir / "pagefind" / "pagefind-entry.json")


def _recent_signature(site_dir: Path) -> str | None:
    """A hash of the manifest and of the recent index's entry file (when there is one)."""
    manifest = _signature(site_dir / "pagefind" / MANIFEST)
    return manifest and f"{manifest}:{_signature(site_dir / 'pagefind' / RECENT / 'pagefind-entry.json')}"


def _url(dest: str) -> str:
    """The address Pagefind gives a page at `dest` (it leaves out a final index.html)."""
    return "/" + (dest[:-len("index.html")] if dest == "index.html" or dest.endswith("/index.html") else dest)


def _fragments(bundle: Path) -> dict[str, tuple[str, dict]]:
    """Each page of an index by its address: its fragment id (what a search result's id is) and
    its filter values, read back from Pagefind's own fragment files."""
    found = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[fragment["url"]] = (path.stem, fragment.get("filters") or {})
    return found


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _sort_order(values: list[str]) -> list:
    """Values in the order Pagefind sorts them: as numbers when every one is a number, else as
    strings (its own rule; byte order of UTF-8 is code point order)."""
    if values and all(_is_number(value) for value in values):
        return ["number", sorted(float(value) for value in values)]
    return ["string", sorted(values)]


@dataclass
class FullIndex:
    """What the full index holds, kept beside the mirror when it is written: each page's copy (by
    its hash), fragment id and filters, and the sorted values of each sort key."""
    entry: str
    pages: dict        # dest -> [copy sha, fragment id, filters]
    sorts: dict        # key -> ["number" or "string", sorted values]

    @classmethod
    def written(cls, site_dir: Path, pages: dict[str, list]) -> FullIndex | None:
        if any(len(record) < 3 or record[2] is None for record in pages.values()):
            return None  # a sort value this module cannot read: no recent index
        fragments = _fragments(site_dir / "pagefind")
        # A page Pagefind left out (no words) has no fragment id: nothing to take out of results.
        indexed = {dest: [record[0], *fragments.get(_url(dest), (None, {}))] for dest, record in pages.items()}
        keys = sorted({key for record in pages.values() for key in record[2]})
        sorts = {key: _sort_order([record[2][key] for record in pages.values() if key in record[2]]) for key in keys}
        return cls(index_signature(site_dir), indexed, sorts)

    @classmethod
    def load(cls, path: Path, site_dir: Path) -> FullIndex | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            index = cls(data["entry"], data["pages"], data["sorts"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return index if index.entry == index_signature(site_dir) else None

    def save(self, path: Path) -> None:
        _write_json(path, {"entry": self.entry, "pages": self.pages, "sorts": self.sorts})

    def ranks(self, values: dict[str, str]) -> dict[str, float] | None:
        """Where a page with these sort values falls among the full index's pages, as the score
        Pagefind gives a result sorted by each key (its position in the sorted pages): half a
        place below the first page with the same or a greater value. None when the order of a
        key would change kind (a string among numbers) or the full index has no such key."""
        ranks = {}
        for key, value in values.items():
            kind, ordered = self.sorts.get(key, [None, None])
            if kind is None or (kind == "number") != _is_number(value):
                return None
            ranks[key] = bisect.bisect_left(ordered, float(value) if kind == "number" else value) - 0.5
        return ranks


@dataclass
class IndexReport:
    how: str       # "full", "recent" or "" (unchanged)
    recent: int    # pages in the recent index


def update_index(site_dir: Path, mirror: SearchMirror, pages: dict[str, list], previous: dict | None,
                 full: bool) -> tuple[dict, IndexReport]:
    """Bring site/pagefind/ up to date with the mirror's copies `pages` (dest -> record): nothing
    when they are what the last build indexed, else a recent index of the pages changed since the
    full index, or (no usable full index, `full`, too many changes) the full index again. Returns
    the search stage's record for the next build and what was done."""
    base_file = mirror.folder.with_name("search-base.json")
    previous = previous or {}
    base = None if full else FullIndex.load(base_file, site_dir)
    if base is None:
        # No recent index without a full one to add it to: the key is every page's copy.
        key = _key(None, [], sorted([dest, record[0]] for dest, record in pages.items()))
    else:
        changed = sorted(dest for dest, record in pages.items() if base.pages.get(dest, [None])[0] != record[0])
        gone = sorted(set(base.pages) - set(pages))
        key = _key(base.entry, gone, [[dest, pages[dest][0]] for dest in changed])
    if not full and previous.get("input") == key and previous.get("out") == _recent_signature(site_dir):
        return previous, IndexReport("", previous.get("recent", 0))
    if base is not None and len(changed) + len(gone) <= RECENT_LIMIT:
        recent = _write_recent(site_dir, mirror, base, {dest: pages[dest] for dest in changed}, gone)
        if recent is not None:
            return {"input": key, "out": _recent_signature(site_dir), "recent": recent}, IndexReport("recent", recent)
    write_index(site_dir, mirror)
    index = FullIndex.written(site_dir, pages)
    if index is None:
        base_file.unlink(missing_ok=True)
    else:
        index.save(base_file)
        key = _key(index.entry, [], [])
    return {"input": key, "out": _recent_signature(site_dir), "recent": 0}, IndexReport("full", 0)


def _key(entry: str | None, gone: list[str], changed: list[list[str]]) -> str:
    """A fingerprint of what the indexes hold: the full index, and the pages changed or gone since."""
    parts = [metadata.version("pagefind"), OPTIONS, entry, gone, changed]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _write_recent(site_dir: Path, mirror: SearchMirror, base: FullIndex, changed: dict[str, list],
                  gone: list[str]) -> int | None:
    """Index the changed pages apart into site/pagefind/recent/ and write the manifest search.js
    merges it with; the number of pages indexed. None (nothing written) when the manifest cannot
    say where a page goes in a sorted search."""
    ranks = {dest: base.ranks(record[2]) for dest, record in changed.items()}
    if any(value is None for value in ranks.values()):
        return None
    bundle = site_dir / "pagefind"
    fresh = bundle / f".{RECENT}-new"
    fragments = _index_apart(mirror, changed, fresh)
    # A page whose copy changed only where Pagefind does not read (the link to the next article
    # in an article's byline) has the same fragment as in the full index, which is left to answer
    # for it: the same id in both indexes would be one page found twice.
    twins = {dest for dest in changed if base.pages.get(dest, [None, None])[1] == fragments.get(_url(dest), [""])[0]}
    if twins:
        changed = {dest: record for dest, record in changed.items() if dest not in twins}
        fragments = _index_apart(mirror, changed, fresh)
    manifest: dict = {}
    stale = {base.pages[dest][1]: {name: values for name, values in base.pages[dest][2].items() if name in COUNTED}
             for dest in [*changed, *gone] if dest in base.pages and base.pages[dest][1]}
    if stale:
        manifest["stale"] = stale
    if changed:
        manifest["index"] = f"{RECENT}/"
        manifest["sorts"] = {key: {fragments[_url(dest)][0]: ranks[dest].get(key)
                                   for dest in changed if _url(dest) in fragments} for key in base.sorts}
        _swap(fresh, bundle / RECENT)
    else:
        shutil.rmtree(bundle / RECENT, ignore_errors=True)
    _write_json(bundle / MANIFEST, manifest)
    return len(changed)


def _index_apart(mirror: SearchMirror, changed: dict[str, list], fresh: Path) -> dict[str, tuple[str, dict]]:
    """Pagefind's index of the changed pages' copies in `fresh`; its pages by address."""
    shutil.rmtree(fresh, ignore_errors=True)
    if not changed:
        return {}
    source = mirror.folder.with_name("search-recent")  # the changed copies, linked from the mirror
    shutil.rmtree(source, ignore_errors=True)
    for dest in changed:
        (source / dest).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(mirror.folder / dest, source / dest)
        except OSError:
            shutil.copyfile(mirror.folder / dest, source / dest)
    try:
        _bundle(source, fresh, UNUSED_IN_RECENT)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    return _fragments(fresh)
