"""Sitemaps within the protocol's limit: at most 50,000 addresses a file.

MkDocs writes one sitemap.xml (overrides/sitemap.xml: a line a page) and its gzip copy. At 50,000
posts the site has some 64,000 pages, and search engines refuse a sitemap of more than 50,000
addresses (sitemaps.org, "Sitemap index files"). So when MkDocs' sitemap holds more, its entries go
into sitemap-1.xml.gz, sitemap-2.xml.gz, … (in MkDocs' order, 50,000 each) and sitemap.xml becomes
the index that lists them, at the address robots.txt and search consoles already know. The parts
are gzipped, as the protocol allows (its own example of an index lists .xml.gz files): 50,000
addresses are 5.8 MB of XML and 0.3 MB gzipped, about 7 MB less of a 50,000-post site, which GitHub
Pages counts (BENCHMARKS.md, "Site size at 10,000 articles"). A plain `mkdocs
build` of the same docs/ still writes the one file; only `python -m generator build` splits it.
"""
from __future__ import annotations

import gzip
import io
import re
import struct
from pathlib import Path
from xml.sax.saxutils import escape

from ..write import read_or_none, write_atomic

LIMIT = 50_000  # addresses a sitemap file may hold (sitemaps.org)
NAME = "sitemap.xml"
_ENTRY = re.compile(rb"<url>.*?</url>", re.DOTALL)
_PART = re.compile(r"sitemap-(\d+)\.xml(\.gz)?")
_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_URLSET = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
_INDEX = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def split_sitemap(site: Path, site_url: str | None, limit: int | None = None) -> int:
    """Split site/sitemap.xml as the module says when it holds more than `limit` (LIMIT)
    addresses; remove the parts an earlier build left that this one does not write. Returns the
    number of parts (0: the sitemap stays one file; -1: sitemap.xml is not MkDocs' list)."""
    limit = limit or LIMIT
    data = read_or_none(site / NAME)
    if data is not None and b"<urlset" not in data:
        return -1  # not MkDocs' sitemap (this build's index already, or a person's file): left as it is
    entries = _ENTRY.findall(data) if data is not None else []
    count = 0 if len(entries) <= limit else -(-len(entries) // limit)
    for number in range(count):
        chunk = entries[number * limit:(number + 1) * limit]
        text = _HEAD + _URLSET + b"\n".join(chunk) + b"\n</urlset>\n"
        write_atomic(site / _part_name(number + 1), gzip.compress(text, mtime=0))  # no time: the same bytes each build
    _remove_parts(site, keep=count)
    if count:
        base = (site_url or "/").rstrip("/") + "/"
        index = b"".join(b"<sitemap><loc>%s</loc></sitemap>\n" % escape(base + _part_name(n + 1)).encode("utf-8")
                         for n in range(count))
        text = _HEAD + _INDEX + index + b"</sitemapindex>\n"
        write_atomic(site / NAME, text)
        _gzip_as_before(site / (NAME + ".gz"), text)
    return count


def _part_name(number: int) -> str:
    return f"sitemap-{number}.xml.gz"


def _remove_parts(site: Path, keep: int) -> None:
    for path in site.glob("sitemap-*.xml*"):
        found = _PART.fullmatch(path.name)
        if found and (int(found.group(1)) > keep or not found.group(2)):  # a plain part: an earlier build's
            path.unlink(missing_ok=True)


def _gzip_as_before(path: Path, text: bytes) -> None:
    """The gzip copy MkDocs keeps beside sitemap.xml, of the index now, with the time MkDocs gave it
    (the build's reproducible timestamp), so that the same build writes the same bytes."""
    old = read_or_none(path)
    mtime = struct.unpack("<I", old[4:8])[0] if old and len(old) >= 8 else 0
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=str(path), mode="wb", mtime=mtime) as packed:
        packed.write(text)
    write_atomic(path, buffer.getvalue())
