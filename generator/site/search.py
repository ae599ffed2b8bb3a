"""The site's search index (Pagefind): a full index of small copies of the indexed pages (one
index, or parts of bounded size for a large site), and a small "recent" index of the pages
changed since the full index was written.

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

Pagefind holds about 290 KB of memory per page while it writes an index, and every query
downloads the whole page list of each index it searches (about 10 bytes a page): one index of a
50,000-post site would need about 17 GB to write and 560 KB to search. A site of at most
PART_PAGES indexed pages is one index at site/pagefind/, which every query searches whole (one
Pagefind run a build, and a reader finds every year at once). A larger site's full index is
written in parts of at most PART_PAGES pages (plan_parts): articles by period (whole years,
oldest first, gathered into parts; a larger year split by months), entity pages by folder, each
part a Pagefind index of its own in site/pagefind/part/<name>/, merged at query time into a
small root index at site/pagefind/ (Pagefind's mergeIndex, which shares the root's script and
WebAssembly). site/pagefind/index.json lists the parts (their pages, years and, for a search
sorted by date, how many pages come before each); search.js searches the entity parts and the
newest dated parts up to QUERY_PAGES pages, and earlier ones when the reader asks (or those of
the year chosen). A new article falls in the last part, so only that one would change. A site
that grows past PART_PAGES pages (or shrinks back) has its full index written anew in the other
form.

Even from the mirror, indexing 12,000 pages takes Pagefind about 35 s of CPU, so a build that
changes a few pages does not write even their parts again. The full index stays as it was, and
the pages whose copy changed since it was written are indexed on their own into
site/pagefind/recent/, another index search.js merges (only its page list and the chunks of the
words searched are downloaded). index.json also tells search.js what to do with it: the parts'
pages that changed or are gone (their fragment ids, dropped from results, and their years, taken
off the year counts), for each recent page its part (left out with it) and where its sort value
falls among the parts' pages (so that a search sorted by date interleaves the lists as one index
would). Results and their year counts are then those of one index over the parts searched; only
the relevance order differs (Pagefind scores a page against its own index's page count and word
frequencies), across parts and for recent pages. When more than RECENT_LIMIT pages have changed,
or anything the recent index cannot express has (a sort value of another form), the parts that
hold changed pages are written again; with `build --full` or without usable parts, all of them
(one index is always written whole). A part (or recent index) in which Pagefind finds no page
with words to index is left out, not a failure.
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
import tempfile
from dataclasses import dataclass
from importlib import metadata
from itertools import pairwise
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
# a site, published for nothing; and its web worker's script, which search.js asks it not to use
# (noWorker). The WebAssembly of languages the index does not hold goes too (`_drop_unused_wasm`).
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js",
          "pagefind-worker.js")
# A merged index needs only its entry, page list, word and filter chunks and fragments: Pagefind
# runs it on the root index's script and WebAssembly.
UNUSED_IN_MERGED = (*UNUSED, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
PARTS = "part"  # site/pagefind/part/<name>/: the parts of the full index
RECENT = "recent"  # site/pagefind/recent/: the index of the pages changed since the parts were written
MANIFEST = "index.json"  # site/pagefind/index.json: the parts, and how search.js merges the recent index
PART_PAGES = 5000
# Pages one Pagefind run indexes at most (except a single month holding more): Pagefind holds
# about 290 KB of memory per page while it writes an index (BENCHMARKS.md), so a part needs
# about 1.5 GB, however large the site. A site of at most this many is one index.
QUERY_PAGES = 250
# A query searches the entity parts and the newest dated part, and the one before it too while
# fewer than this many dated pages are covered (the newest part fills up as articles arrive);
# the reader asks for one earlier part at a time with a button (or picks a year). Each part
# searched costs a query its page list (about 10 bytes a page), and for each word an index chunk
# (about 18 KB gzip in a part of a few thousand pages, whatever its size) and a filter file: a
# full part and a newest one of 226 pages cost 279 KB for the costliest query measured (so the
# newest may hold up to 250 before the one before is left out), two full parts would pass 300 KB
# (BENCHMARKS.md, stop 23).
SPLIT_KEY = "date"
# The sort key the parts are split by (its values begin "YYYY-MM"): each part holds a period,
# so a search sorted by it reads the parts one after another.
RECENT_LIMIT = 200
# Changed pages beyond which the parts holding them are written again: the recent index, its
# manifest (about 40 bytes a page, 15 gzipped, read by every first query) and the pages whose
# relevance is scored apart all grow with it. One new post changes about 40 pages at 10,000 posts.
COUNTED = ("year",)
# The filters whose counts search.js shows (the year facets): the manifest gives a stale page's
# values of these only, to take it off their counts.
ROOT_WORD = "pagefindrootpage"
# The root index (site/pagefind/ itself) holds one page with this word only: Pagefind needs an
# index beside its script and WebAssembly, and each part is merged into it (search.js drops the
# page from results by its id).


class IndexFailed(RuntimeError):
    """Pagefind failed; its own messages were printed above."""


NO_PAGE = "not able to build an index"
# What Pagefind says (and exits 1) when it indexed no page: the folder given it is empty, or (all
# that can happen here, the folder holds the pages' copies) none of its pages has a word to index.


def _run(site: Path, output: Path) -> bool:
    """Pagefind's index of the pages in `site` in `output`; False when it indexed no page (and wrote
    nothing), which is no failure: a part whose pages have no words to find."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output.resolve()),
               *OPTIONS, "--quiet"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, env=env, check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode == 0:
        sys.stderr.write(done.stdout)  # its warnings, if any
        return True
    if NO_PAGE in done.stdout and any(path.is_file() for path in site.rglob("*.html")):
        return False
    sys.stderr.write(done.stdout)
    raise IndexFailed("pagefind (search index) failed (see its messages above)")


def _bundle(source: Path, fresh: Path, unused: tuple[str, ...]) -> bool:
    """Pagefind's index of `source` in `fresh`, without the files the site does not load; False
    (no folder) when it indexed no page."""
    shutil.rmtree(fresh, ignore_errors=True)
    if not _run(source, fresh):
        shutil.rmtree(fresh, ignore_errors=True)
        return False
    for pattern in unused:
        for path in fresh.glob(pattern):
            path.unlink()
    _drop_unused_wasm(fresh)
    return True


def _drop_unused_wasm(bundle: Path) -> None:
    """Pagefind writes its WebAssembly for the language of the pages it indexed (wasm.en.pagefind)
    and for any other (wasm.unknown.pagefind, 68 KB); pagefind.js loads the one its entry file
    names for the language of the index it searches, "unknown" only where that names none."""
    wasm = {"unknown"}
    try:
        languages = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"]
        wasm = {language.get("wasm") or "unknown" for language in languages.values()}
    except (OSError, ValueError, KeyError, AttributeError):
        return  # not an entry file this knows: leave every one
    for path in bundle.glob("wasm.*.pagefind"):
        if path.name.removeprefix("wasm.").removesuffix(".pagefind") not in wasm:
            path.unlink()


def _swap(fresh: Path, final: Path) -> None:
    """Put the folder `fresh` in the place of `final`."""
    old = final.with_name(f".{final.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(fresh, final)
    shutil.rmtree(old, ignore_errors=True)


def _write_json(path: Path, data) -> None:
    write_atomic(path, json.dumps(data, sort_keys=True, separators=(",", ":")))


def write_index(site_dir: Path, mirror: SearchMirror | None) -> None:
    """Index site/ itself into site/pagefind/ as one index (a site with no `data-pagefind-body`:
    `pagefind --site site/`), replacing the old index only once the new one is complete."""
    fresh = site_dir / ".pagefind-new"
    if not _bundle(mirror.folder if mirror else site_dir, fresh, UNUSED):
        raise IndexFailed("pagefind (search index) found no page to index")
    _write_json(fresh / MANIFEST, {})  # search.js reads it first: one index, no parts
    _swap(fresh, site_dir / "pagefind")


def _signature(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def index_signature(site_dir: Path) -> str | None:
    """A hash of the root index's entry file (which names its other files by their hashes)."""
    return _signature(site_dir / "pagefind" / "pagefind-entry.json")


def _part_signature(site_dir: Path, name: str) -> str | None:
    return _signature(site_dir / "pagefind" / PARTS / name / "pagefind-entry.json")


def _manifest_signature(site_dir: Path) -> str | None:
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


# --- parts ------------------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def _groups(units: list[tuple[str, int]], limit: int) -> dict[str, str]:
    """Consecutive units (name, pages) gathered into groups of at most `limit` pages (a unit
    larger than that alone): each unit's group, named after its first unit. Filled from the
    first unit on, so units added at the end (new months) change only the last group."""
    group, count, found = None, 0, {}
    for name, pages in units:
        if group is None or count + pages > limit:
            group, count = name, 0
        found[name] = group
        count += pages
    return found


WHOLE = ""
# The part name of every page of a site of at most PART_PAGES pages: one index, the root index
# itself (site/pagefind/), which every query searches whole.


def plan_parts(pages: dict[str, list], limit: int | None = None) -> dict[str, str]:
    """The part of the full index each page (dest -> record) goes into: WHOLE for all of them
    when they are at most `limit` pages (one index). Else pages with a date (the SPLIT_KEY sort
    value) go by period: whole years gathered, oldest first, into parts of at most
    `limit` pages, and a year with more split by months ("2024", "2024-07"). The other pages
    (entity pages) go by their first folder, in parts named "~people" ("~" sorts after digits).
    New articles extend the newest part; an article added to an old year can move the boundaries
    of the parts after it, up to where the grouping falls as before (those parts are written
    again when the parts are next written)."""
    limit = limit or PART_PAGES
    if len(pages) <= limit:
        return dict.fromkeys(pages, WHOLE)
    dated, other = {}, {}
    for dest, record in pages.items():
        match = _PERIOD.match(((record[2] if len(record) > 2 else None) or {}).get(SPLIT_KEY, ""))
        if match:
            dated[dest] = match.group(0)
        else:
            other[dest] = dest.split("/")[0] if "/" in dest else "pages"
    years: dict[str, int] = {}
    months: dict[str, int] = {}
    for month in dated.values():
        years[month[:4]] = years.get(month[:4], 0) + 1
        months[month] = months.get(month, 0) + 1
    units = []
    for year in sorted(years):
        if years[year] <= limit:
            units.append((year, years[year]))
        else:
            units.extend((month, count) for month, count in sorted(months.items()) if month[:4] == year)
    group = _groups(units, limit)
    plan = {dest: group[month[:4] if month[:4] in group else month] for dest, month in dated.items()}
    folders: dict[str, list[str]] = {}
    for dest, folder in sorted(other.items()):
        folders.setdefault(folder, []).append(dest)
    units, unit_of = [], {}
    for folder, dests in sorted(folders.items()):
        name = "~" + re.sub(r"[^a-z0-9-]+", "-", folder.lower()).strip("-")
        slices = -(-len(dests) // limit)
        for number in range(slices):
            piece = dests[number * len(dests) // slices:(number + 1) * len(dests) // slices]
            unit = name if number == 0 else f"{name}-{number + 1}"
            units.append((unit, len(piece)))
            unit_of.update(dict.fromkeys(piece, unit))
    group = _groups(units, limit)
    plan.update({dest: group[unit] for dest, unit in unit_of.items()})
    return plan


@dataclass
class FullIndex:
    """What the parts of the full index hold, kept beside the mirror when they are written: each
    part's entry hash, each page's copy (by its hash), fragment id, filters and part, and the
    sorted values of each sort key over all parts."""
    entries: dict      # part name -> hash of its entry file ("" -> the root index's)
    pages: dict        # dest -> [copy sha, fragment id, filters, part]
    sorts: dict        # key -> ["number" or "string", sorted values]
    root: str          # the root page's fragment id
    listed: list       # the parts as the manifest lists them (_part_list)

    @classmethod
    def load(cls, path: Path, site_dir: Path) -> FullIndex | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            index = cls(data["entries"], data["pages"], data["sorts"], data["root"], data["listed"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if index.entries.get("") != index_signature(site_dir):
            return None
        if any(entry != _part_signature(site_dir, name) for name, entry in index.entries.items() if name):
            return None
        return index

    def save(self, path: Path) -> None:
        _write_json(path, {"entries": self.entries, "pages": self.pages, "sorts": self.sorts, "root": self.root,
                           "listed": self.listed})

    def ranks(self, values: dict[str, str]) -> dict[str, float] | None:
        """Where a page with these sort values falls among all the parts' pages, as the score
        Pagefind gives a result sorted by each key (its position in the sorted pages): half a
        place below the first page with the same or a greater value. None when the order of a
        key would change kind (a string among numbers) or no part has such a key."""
        ranks = {}
        for key, value in values.items():
            kind, ordered = self.sorts.get(key, [None, None])
            if kind is None or (kind == "number") != _is_number(value):
                return None
            ranks[key] = bisect.bisect_left(ordered, float(value) if kind == "number" else value) - 0.5
        return ranks

    def parts(self) -> dict[str, dict[str, str]]:
        """Each part's pages: dest -> copy sha."""
        found: dict[str, dict[str, str]] = {}
        for dest, record in self.pages.items():
            found.setdefault(record[3], {})[dest] = record[0]
        return found


def _sorts(pages: dict[str, list]) -> dict:
    keys = sorted({key for record in pages.values() for key in record[2]})
    return {key: _sort_order([record[2][key] for record in pages.values() if key in record[2]]) for key in keys}


def _value(kind: str, value: str):
    return float(value) if kind == "number" else value


def _part_list(index: FullIndex, pages: dict[str, list]) -> list[dict]:
    """The manifest's parts: the undated first, then the dated newest first, each with its folder,
    page count, the years its pages' year filter holds, and for each sort key its pages have the
    number of pages before it in ascending order (null when the parts' values of that key
    interleave). A search sorted by a key leaves out the parts without it, as one index leaves
    out its pages without a value."""
    members: dict[str, list[str]] = {}
    for dest, record in index.pages.items():
        members.setdefault(record[3], []).append(dest)
    listed = []
    for name, dests in list(members.items()):
        if not any(index.pages[dest][1] for dest in dests):
            del members[name]  # Pagefind indexed no page of it (no words): no index to search
            continue
        years = sorted({year for dest in dests for year in index.pages[dest][2].get("year", [])})
        # The whole site in one index: the root index itself (path ""), searched by every query.
        listed.append({"name": name, "path": f"{PARTS}/{name}/" if name != WHOLE else "", "pages": len(dests),
                       "years": years, "dated": name != WHOLE and not name.startswith("~")})
    for key, (kind, _) in index.sorts.items():
        spans = {}
        for name, dests in members.items():
            values = [_value(kind, pages[dest][2][key]) for dest in dests if key in pages[dest][2]]
            if values:
                spans[name] = (min(values), max(values), len(values))
        ordered = sorted(spans, key=lambda name: spans[name][:2])
        # Interleaved values (null): search.js merges this key's sorted results as Pagefind would.
        interleaved = any(spans[a][1] >= spans[b][0] for a, b in pairwise(ordered))
        before = 0
        for name in ordered:
            next(part for part in listed if part["name"] == name).setdefault("sorts", {})[key] = \
                None if interleaved else before
            before += spans[name][2]
    listed.sort(key=lambda part: (part["dated"], part["name"]))
    return [part for part in listed if not part["dated"]] + [part for part in reversed(listed) if part["dated"]]


def _write_part(site_dir: Path, mirror: SearchMirror, name: str, dests: list[str]) -> dict[str, tuple[str, dict]]:
    """Index one part's pages into site/pagefind/part/<name>/ (none when Pagefind indexes no page
    of them); its pages by address."""
    parts = site_dir / "pagefind" / PARTS
    fresh = parts / f".{name}-new"
    fragments = _index_apart(mirror, dests, fresh)
    if fresh.exists():
        _swap(fresh, parts / name)
    else:
        shutil.rmtree(parts / name, ignore_errors=True)
    return fragments


def _write_root(folder: Path) -> str:
    """The root index of a site in parts (Pagefind's script and WebAssembly, and one page) in
    `folder`; the page's id."""
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".pagefind-root-") as source:
        Path(source, "index.html").write_text(
            f'<!DOCTYPE html>\n<html lang="en"><head><title>{ROOT_WORD}</title></head>'
            f"<body><div data-pagefind-body><p>{ROOT_WORD}</p></div></body></html>\n", "utf-8")
        _bundle(Path(source), folder, UNUSED)
    return next(iter(_fragments(folder).values()))[0]


def _write_all(site_dir: Path, mirror: SearchMirror, pages: dict[str, list], plan: dict[str, str]) -> FullIndex:
    """The whole index, or every part and the root index, anew, in a new site/pagefind/ put in
    place of the old one."""
    fresh = site_dir / ".pagefind-new"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.parent.mkdir(parents=True, exist_ok=True)
    members: dict[str, list[str]] = {}
    for dest, name in plan.items():
        members.setdefault(name, []).append(dest)
    records, entries, root = {}, {}, None
    whole = members.pop(WHOLE, None)
    if whole is not None:
        fragments = _index_apart(mirror, whole, fresh, UNUSED)
        records.update(_records(pages, whole, fragments, WHOLE))
    if not fresh.exists():  # a site in parts, or one in which Pagefind found no words at all
        root = _write_root(fresh)
    for name, dests in sorted(members.items()):
        fragments = _index_apart(mirror, dests, fresh / PARTS / name)
        entries[name] = _signature(fresh / PARTS / name / "pagefind-entry.json")
        records.update(_records(pages, dests, fragments, name))
    _write_json(fresh / MANIFEST, {})
    _swap(fresh, site_dir / "pagefind")
    entries[""] = index_signature(site_dir)
    return FullIndex(entries, records, _sorts(pages), root, [])


def _records(pages: dict[str, list], dests: list[str], fragments: dict, name: str) -> dict[str, list]:
    # A page Pagefind left out (no words) has no fragment id: nothing to take out of results.
    return {dest: [pages[dest][0], *fragments.get(_url(dest), (None, {})), name] for dest in dests}


def _rewrite(site_dir: Path, mirror: SearchMirror, pages: dict[str, list], plan: dict[str, str],
             base: FullIndex) -> FullIndex:
    """The parts whose pages changed (or that are new) written again, the others kept."""
    old = base.parts()
    new: dict[str, dict[str, str]] = {}
    for dest, name in plan.items():
        new.setdefault(name, {})[dest] = pages[dest][0]
    records = {dest: record for dest, record in base.pages.items()
               if dest in plan and new.get(record[3]) == old.get(record[3])}
    entries = {"": base.entries[""]}
    for name, members in sorted(new.items()):
        if members == old.get(name):
            entries[name] = base.entries[name]
            continue
        dests = sorted(members)
        fragments = _write_part(site_dir, mirror, name, dests)
        entries[name] = _part_signature(site_dir, name)
        records.update(_records(pages, dests, fragments, name))
    for name in set(old) - set(new):
        shutil.rmtree(site_dir / "pagefind" / PARTS / name, ignore_errors=True)
    return FullIndex(entries, records, _sorts(pages), base.root, [])


@dataclass
class IndexReport:
    how: str       # "full" (the root and every part), "parts" (some parts), "recent" or "" (unchanged)
    recent: int    # pages in the recent index


def update_index(site_dir: Path, mirror: SearchMirror, pages: dict[str, list], previous: dict | None,
                 full: bool) -> tuple[dict, IndexReport]:
    """Bring site/pagefind/ up to date with the mirror's copies `pages` (dest -> record): nothing
    when they are what the last build indexed, else a recent index of the pages changed since the
    parts were written, or (too many changes, a change the recent index cannot express) the parts
    that changed written again, or (no usable parts, `full`) everything. Returns the search stage's
    record for the next build and what was done."""
    base_file = mirror.folder.with_name("search-base.json")
    previous = previous or {}
    if any(len(record) < 3 or record[2] is None for record in pages.values()):
        full = True  # a sort value this module cannot read: no recent index, no parts kept
    base = None if full else FullIndex.load(base_file, site_dir)
    plan = plan_parts(pages)
    if base is not None and (WHOLE in base.parts()) != (WHOLE in plan.values()):
        base = None  # the site grew past one index, or shrank back into one: written anew
    if base is None:
        key = _key(None, [], sorted([dest, record[0]] for dest, record in pages.items()))
    else:
        changed = sorted(dest for dest, record in pages.items() if base.pages.get(dest, [None])[0] != record[0])
        gone = sorted(set(base.pages) - set(pages))
        key = _key(base.entries, gone, [[dest, pages[dest][0]] for dest in changed])
    if not full and previous.get("input") == key and previous.get("out") == _manifest_signature(site_dir):
        return previous, IndexReport("", previous.get("recent", 0))
    if base is not None and len(changed) + len(gone) <= RECENT_LIMIT:
        recent = _write_recent(site_dir, mirror, base, plan, {dest: pages[dest] for dest in changed}, gone)
        if recent is not None:
            return {"input": key, "out": _manifest_signature(site_dir), "recent": recent}, IndexReport("recent", recent)
    if base is None or WHOLE in plan.values():
        how, index = "full", _write_all(site_dir, mirror, pages, plan)
    else:
        how, index = "parts", _rewrite(site_dir, mirror, pages, plan, base)
    index.listed = _part_list(index, pages)
    shutil.rmtree(site_dir / "pagefind" / RECENT, ignore_errors=True)
    _write_json(site_dir / "pagefind" / MANIFEST, _manifest(index))
    index.save(base_file)
    key = _key(index.entries, [], [])
    return {"input": key, "out": _manifest_signature(site_dir), "recent": 0}, IndexReport(how, 0)


def _manifest(index: FullIndex) -> dict:
    return {"root": index.root, "budget": QUERY_PAGES, "parts": index.listed}


def _key(entries, gone: list[str], changed: list[list[str]]) -> str:
    """A fingerprint of what the indexes hold: the parts, and the pages changed or gone since."""
    parts = [metadata.version("pagefind"), OPTIONS, PART_PAGES, QUERY_PAGES, entries, gone, changed]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _write_recent(site_dir: Path, mirror: SearchMirror, base: FullIndex, plan: dict[str, str], changed: dict[str, list], gone: list[str]) -> int | None:
    """Index the changed pages apart into site/pagefind/recent/ and write the manifest search.js
    merges it with; the number of pages indexed. None (nothing written) when the manifest cannot
    say where a page goes in a sorted search."""
    ranks = {dest: base.ranks(record[2]) for dest, record in changed.items()}
    if any(value is None for value in ranks.values()):
        return None
    bundle = site_dir / "pagefind"
    fresh = bundle / f".{RECENT}-new"
    fragments = _index_apart(mirror, sorted(changed), fresh)
    # A page whose copy changed only where Pagefind does not read (the link to the next article
    # in an article's byline) has the same fragment as in the full index, which is left to answer
    # for it: the same id in both indexes would be one page found twice.
    twins = {dest for dest in changed if base.pages.get(dest, [None, None])[1] == fragments.get(_url(dest), [""])[0]}
    if twins:
        changed = {dest: record for dest, record in changed.items() if dest not in twins}
        fragments = _index_apart(mirror, sorted(changed), fresh)
    manifest = _manifest(base)
    stale = {base.pages[dest][1]: _counted(base.pages[dest][2])
             for dest in [*changed, *gone] if dest in base.pages and base.pages[dest][1]}
    if stale:
        manifest["stale"] = stale
    if fragments:  # else Pagefind indexed none of the changed pages (no words): no recent index
        manifest["index"] = f"{RECENT}/"
        manifest["sorts"] = {key: {fragments[_url(dest)][0]: ranks[dest].get(key)
                                   for dest in changed if _url(dest) in fragments} for key in base.sorts}
        # Each recent page's part (by the plan a full index would follow now) and counted filters:
        # search.js leaves out those of parts a query does not search.
        manifest["homes"] = {fragments[_url(dest)][0]: [plan[dest], _counted(fragments[_url(dest)][1])]
                             for dest in changed if _url(dest) in fragments}
        _swap(fresh, bundle / RECENT)
    else:
        shutil.rmtree(bundle / RECENT, ignore_errors=True)
    _write_json(bundle / MANIFEST, manifest)
    return len(changed) if fragments else 0


def _counted(filters: dict) -> dict:
    return {name: values for name, values in filters.items() if name in COUNTED}


def _index_apart(mirror: SearchMirror, dests: list[str], fresh: Path,
                 unused: tuple[str, ...] = UNUSED_IN_MERGED) -> dict[str, tuple[str, dict]]:
    """Pagefind's index of these pages' copies in `fresh` (no folder when it indexes none of
    them); its pages by address."""
    shutil.rmtree(fresh, ignore_errors=True)
    if not dests:
        return {}
    source = mirror.folder.with_name("search-part")  # the copies, linked from the mirror
    shutil.rmtree(source, ignore_errors=True)
    for dest in dests:
        (source / dest).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(mirror.folder / dest, source / dest)
        except OSError:
            shutil.copyfile(mirror.folder / dest, source / dest)
    try:
        fresh.parent.mkdir(parents=True, exist_ok=True)
        _bundle(source, fresh, unused)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    return _fragments(fresh)
