"""The site's search index (Pagefind), made again from small copies of the indexed pages.

Pagefind cannot update an index: every run writes it anew from all pages, and most of its time
goes into reading and parsing HTML (a 10,000-article site is about 700 MB of it). But it indexes
only what is inside the `data-pagefind-body` element of a page (overrides/main.html puts the
article or entity text, its meta and filters there), and skips every page without one. So each
rendered page leaves a copy of just that element, its `<html>` tag and its `<title>` in a mirror
of the site beside the cache (`<state folder>/search/<page path>`), written only when the page
is rendered; Pagefind indexes the mirror, a few KB a page instead of the whole page, and is not
run at all when no indexed page changed. A page with Pagefind attributes outside that element
(or more than one, or markup the scan below cannot follow) is copied whole, which Pagefind reads
the same way as before. A site with no `data-pagefind-body` at all is indexed from site/ itself,
as `pagefind --site site/` would.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

OPTIONS = ["--force-language", "en", "--exclude-selectors", ".headerlink"]
# One index for the whole site, whatever language a page declares: Hangul words and English
# words are found from the same search box.

_BODY = re.compile(rb"<div\b[^>]*\bdata-pagefind-body\b[^>]*>", re.IGNORECASE)
_TOKENS = re.compile(rb"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<(/?)div\b[^>]*>", re.IGNORECASE | re.DOTALL)
_OTHER_ATTRIBUTES = re.compile(rb"data-pagefind-(?!ignore)", re.IGNORECASE)
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(rb"<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)


class IndexFailed(RuntimeError):
    """Pagefind failed; its own messages were printed above."""


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


class SearchMirror:
    """The folder of search copies, one file per indexed page at the page's own path."""

    def __init__(self, folder: Path, fresh: bool):
        self.folder = folder
        if fresh:
            shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)

    def put(self, dest_uri: str, html: bytes) -> list | None:
        """Store the copy of a rendered page; its record ([sha, size]) or None when not indexed."""
        copy = search_copy(html)
        path = self.folder / dest_uri
        if copy is None:
            path.unlink(missing_ok=True)
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(copy)
        return [hashlib.sha256(copy).hexdigest(), len(copy)]

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


def index_input(records: dict[str, list]) -> str:
    """A fingerprint of what Pagefind would read: every copy and the options."""
    parts = [metadata.version("pagefind"), OPTIONS, sorted((dest, record[0]) for dest, record in records.items())]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


# Pagefind's own interfaces, which the site does not load (search.js talks to pagefind.js): 0.4 MB
# a site, published for nothing.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


def _run(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output.resolve()),
               *OPTIONS, "--quiet"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if subprocess.run(command, env=env, check=False).returncode:
        raise IndexFailed("pagefind (search index) failed (see its messages above)")


def write_index(site_dir: Path, mirror: SearchMirror | None) -> None:
    """Index the mirror (or, when None, site/ itself) into site/pagefind/, replacing the old index
    only once the new one is complete."""
    final = site_dir / "pagefind"
    fresh = site_dir / ".pagefind-new"
    shutil.rmtree(fresh, ignore_errors=True)
    _run(mirror.folder if mirror else site_dir, fresh)
    for unused in UNUSED:
        for path in fresh.glob(unused):
            path.unlink()
    old = site_dir / ".pagefind-old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(fresh, final)
    shutil.rmtree(old, ignore_errors=True)


def index_signature(site_dir: Path) -> str | None:
    """A hash of the index's entry file (which names its other files by their hashes): a changed or
    missing index is written again."""
    try:
        return hashlib.sha256((site_dir / "pagefind" / "pagefind-entry.json").read_bytes()).hexdigest()
    except OSError:
        return None
