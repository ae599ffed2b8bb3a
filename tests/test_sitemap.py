"""Sitemaps within the protocol's 50,000 addresses a file (generator/site/sitemap.py), on the
sitemap MkDocs wrote for the sample site, with a small limit standing in for 50,000. The build's
own call is tested in test_site_incremental (a full build, on several cores and on one)."""
from __future__ import annotations

import gzip
import shutil
import xml.etree.ElementTree as ET

from generator.site.sitemap import split_sitemap

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
URL = "https://example.github.io/kb/"


def _locs(path) -> list[str]:
    if str(path).endswith(".gz"):
        return [loc.text for loc in ET.fromstring(gzip.decompress(path.read_bytes())).iter(f"{NS}loc")]
    return [loc.text for loc in ET.parse(path).getroot().iter(f"{NS}loc")]


def _site(built_site, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        shutil.copy(built_site / name, site / name)
    return site


def test_a_sitemap_over_the_limit_becomes_an_index_of_parts_in_order(built_site, tmp_path):
    site = _site(built_site, tmp_path)
    addresses = _locs(site / "sitemap.xml")
    assert len(addresses) > 250
    stamp = (site / "sitemap.xml.gz").read_bytes()[4:8]

    count = split_sitemap(site, URL, limit=100)

    assert count == -(-len(addresses) // 100)
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{NS}sitemapindex"
    assert _locs(site / "sitemap.xml") == [f"{URL}sitemap-{n}.xml.gz" for n in range(1, count + 1)]
    parts = [_locs(site / f"sitemap-{n}.xml.gz") for n in range(1, count + 1)]  # gzipped
    assert [len(part) for part in parts[:-1]] == [100] * (count - 1)
    assert [loc for part in parts for loc in part] == addresses  # every address once, in MkDocs' order
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (site / "sitemap.xml").read_bytes()
    assert packed[4:8] == stamp  # the build's reproducible time, as MkDocs gave it


def test_the_next_build_writes_the_same_files_and_drops_the_parts_it_no_longer_needs(built_site, tmp_path):
    site = _site(built_site, tmp_path)
    split_sitemap(site, URL, limit=100)
    first = {path.name: path.read_bytes() for path in site.iterdir()}
    for name in ("sitemap.xml", "sitemap.xml.gz"):  # MkDocs writes its one sitemap again each build
        shutil.copy(built_site / name, site / name)
    split_sitemap(site, URL, limit=100)
    assert {path.name: path.read_bytes() for path in site.iterdir()} == first

    for name in ("sitemap.xml", "sitemap.xml.gz"):
        shutil.copy(built_site / name, site / name)
    assert split_sitemap(site, URL) == 0  # within 50,000: the part files go, MkDocs' sitemap stays
    assert sorted(path.name for path in site.iterdir()) == ["sitemap.xml", "sitemap.xml.gz"]
    assert (site / "sitemap.xml").read_bytes() == (built_site / "sitemap.xml").read_bytes()
    assert split_sitemap(site, URL, limit=100) > 0
    assert split_sitemap(site, URL, limit=100) == -1  # an index is never split again, nor its parts removed
    assert {path.name for path in site.iterdir()} == set(first)


def test_a_site_without_a_sitemap_url_lists_its_parts_from_the_root(built_site, tmp_path):
    site = _site(built_site, tmp_path)
    split_sitemap(site, None, limit=300)
    assert _locs(site / "sitemap.xml")[0] == "/sitemap-1.xml.gz"
