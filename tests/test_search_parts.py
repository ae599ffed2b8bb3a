"""The search index in parts (generator/site/search.py), which a site of more than PART_PAGES
indexed pages has: with the sample's articles in many small parts, the search page answers as
from one index (the sample's own), a change rewrites only the parts that hold it or goes into the
recent index, and a query searches the newest parts first and earlier ones on demand; a site is
indexed anew as it grows past the limit and shrinks back; a part of pages without words is no
failure. A file of its own so that the test runner can run it beside test_site_incremental.py,
whose project and helpers it shares (each file builds its own copy of the project)."""
from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests import test_site_incremental as incremental
from tests.test_site_incremental import SHOWN, Quiet, assert_same_search, build, index_entries

# The fixtures of test_site_incremental, for this file's tests: its browser search, and its fixed
# time for the sitemap's dates.
search_in, _fixed_time = incremental.search_in, incremental._fixed_time


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """test_site_incremental's project (the sample imported), with the site a full build writes by
    default in `full`: one index, which the sites in parts are compared with."""
    folder = incremental.imported_project(tmp_path_factory)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in incremental.TIME.items():
            patch.setenv(name, value)
        build(folder, "full", full=True)
    return folder


def small_parts(monkeypatch) -> None:
    """Parts of at most 5 articles (the sample's years split by months), and the entity pages in
    one part per folder (at 5 a part they would take a hundred Pagefind runs)."""
    from generator.site import search as site_search

    plan = site_search.plan_parts
    monkeypatch.setattr(site_search, "PART_PAGES", 5)
    monkeypatch.setattr(site_search, "plan_parts", lambda pages, limit=None: {
        dest: name.rsplit("-", 1)[0] if name.startswith("~") else name for dest, name in plan(pages).items()})


# What an edit of the newest article can change: its new word, and the searches its article answers.
EDITED = [{"q": "Platypusville"}, {"q": "North Korea"}, {"q": "North Korea", "sort": "date"},
          {"q": "Korea", "type": "post", "sort": "date"}]


def test_an_index_in_many_parts_answers_as_one(project, search_in, monkeypatch):
    """With the sample's articles in several periods (years split by months) and its entity pages
    in several parts, the search page answers as from one index (the sample's own), sorted by date
    too. With every change going into the parts (no recent index), an edited article writes again
    only the parts holding it and the entity pages it changes; the edit undone goes into the
    recent index, merged with the parts; and with the default limit the site is one index again,
    the one a full build writes."""
    from generator.site import search as site_search

    assert json.loads((project / "full" / "pagefind" / "index.json").read_text("utf-8"))["parts"][0]["path"] == ""
    small_parts(monkeypatch)
    build(project, "site-parts", full=True)
    parts = json.loads((project / "site-parts" / "pagefind" / "index.json").read_text("utf-8"))["parts"]
    dated = [part["name"] for part in parts if part["dated"]]
    assert len(dated) >= 3 and any(len(name) == 7 for name in dated), dated  # months: "2023-10"
    assert dated == sorted(dated, reverse=True) and max(part["pages"] for part in parts if part["dated"]) <= 5
    assert len(parts) - len(dated) >= 3  # people, places, organizations...
    assert_same_search(search_in, project / "site-parts", project / "full")

    article = max((project / "docs" / "articles").rglob("*.md"))
    saved = article.read_text("utf-8")
    before = index_entries(project / "site-parts")
    try:
        article.write_text(saved + "\nSeen from Platypusville.\n", "utf-8")
        monkeypatch.setattr(site_search, "RECENT_LIMIT", 0)
        assert build(project, "site-parts").index == "parts"
        after = index_entries(project / "site-parts")
        changed = sorted(name for name in before if before[name] != after.get(name))
        assert 0 < len(changed) < len(before) - 1, changed  # the root index and most parts kept
        monkeypatch.undo()  # the reference: one index, as the sample has by default
        shutil.rmtree(project / "full-edited", ignore_errors=True)
        build(project, "full-edited", full=True)
        search = assert_same_search(search_in, project / "site-parts", project / "full-edited", EDITED)
        assert search({"q": "Platypusville"})[0][0] == "1 result"
    finally:
        article.write_text(saved, "utf-8")

    small_parts(monkeypatch)
    assert build(project, "site-parts").index == "recent" and index_entries(project / "site-parts") == after
    assert_same_search(search_in, project / "site-parts", project / "full", EDITED)

    monkeypatch.undo()
    assert build(project, "site-parts").index == "full"
    assert pages_and_words(project / "site-parts") == pages_and_words(project / "full")
    assert not (project / "site-parts" / "pagefind" / "part").exists()


def pages_and_words(site) -> dict[str, bytes]:
    """The manifest, and the files of the root index that hold its pages and its words (the same
    bytes from the same pages; Pagefind names and orders its filter files differently each run)."""
    bundle = site / "pagefind"
    return {path.relative_to(bundle).as_posix(): path.read_bytes()
            for path in sorted([bundle / "index.json", *bundle.glob("fragment/*"), *bundle.glob("index/*")])}


def test_a_query_searches_the_newest_parts_first_and_earlier_ones_on_demand(project, browser, monkeypatch):
    """With a budget of 5 pages a query searches the entity parts and the newest period only, says
    since when, and the button adds earlier periods until the results are those of every part."""
    from generator.site import search as site_search

    small_parts(monkeypatch)
    monkeypatch.setattr(site_search, "QUERY_PAGES", 5)
    # Into the other test's site when it is there (its pages need not be rendered again: only
    # the index changes), else a new one.
    build(project, "site-parts")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(project / "site-parts")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=missile")
        page.wait_for_function(SHOWN, timeout=15_000)
        status = page.locator("#kb-search-status").inner_text()
        assert " since " in status, status
        counts = [int(status.split()[0])]
        while page.locator("#kb-search-earlier").is_visible():
            page.locator("#kb-search-earlier").click()
            page.wait_for_function(f"document.getElementById('kb-search-status').textContent !== {json.dumps(status)}")
            page.wait_for_function(SHOWN, timeout=15_000)
            status = page.locator("#kb-search-status").inner_text()
            counts.append(int(status.split()[0]))
        assert counts == sorted(counts) and counts[0] < counts[-1], counts
        assert status == f"{counts[-1]} results"  # every part searched: no "since"
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=missile&year=2023")
        page.wait_for_function(SHOWN, timeout=15_000)
        assert " since " not in page.locator("#kb-search-status").inner_text()
        assert not page.locator("#kb-search-earlier").is_visible()
    finally:
        page.close()
        server.shutdown()


# --- the index itself, from copies made here (no site build) ----------------------------------

def _copy(title: str, words: str, day: str | None = None) -> bytes:
    """An indexed page as overrides/main.html writes one: a date to sort by and a year to filter."""
    meta = f'<span hidden data-pagefind-sort="date:{day}" data-pagefind-filter="year:{day[:4]}"></span>' if day else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><title>{title}</title></head><body>'
            f"<div data-pagefind-body>{meta}<h1>{title}</h1><p>{words}</p></div></body></html>\n").encode()


def _index(tmp_path, copies: dict[str, bytes], previous: dict | None = None):
    """Index these pages' copies as a build does (update_index): the search stage's record, what
    was done, and the manifest search.js reads."""
    from generator.site import search as site_search

    mirror = site_search.SearchMirror(tmp_path / "state" / "search", fresh=False)
    pages = {dest: mirror.put(dest, html) for dest, html in copies.items()}
    record, report = site_search.update_index(tmp_path / "site", mirror, pages, previous, False)
    return record, report, json.loads((tmp_path / "site" / "pagefind" / "index.json").read_text("utf-8"))


def _fragments(site) -> int:
    return len(list((site / "pagefind" / "fragment").glob("*.pf_fragment")))


def test_a_site_of_few_pages_is_one_index_and_written_in_parts_once_it_grows_past_them(tmp_path, monkeypatch):
    """Up to PART_PAGES indexed pages the index is one, at site/pagefind/ itself (no root page,
    no parts; a query searches it whole); one page more and it is written anew in parts; a change
    then goes into the recent index; and back under the limit it is one index again."""
    from generator.site import search as site_search

    monkeypatch.setattr(site_search, "PART_PAGES", 4)
    site = tmp_path / "site"
    copies = {"articles/2023/a/index.html": _copy("Alpha", "wombat summit", "2023-05-01T09:00:00"),
              "articles/2024/b/index.html": _copy("Beta", "wombat talks", "2024-02-01T09:00:00"),
              "articles/2024/c/index.html": _copy("Gamma", "quokka talks", "2024-03-01T09:00:00"),
              "people/kim/index.html": _copy("Kim", "a person")}
    record, report, manifest = _index(tmp_path, copies)
    assert report.how == "full" and manifest["root"] is None
    assert manifest["parts"] == [{"name": "", "path": "", "pages": 4, "years": ["2023", "2024"], "dated": False,
                                  "sorts": {"date": 0}}]
    assert _fragments(site) == 4 and not (site / "pagefind" / "part").exists()

    copies["articles/2024/d/index.html"] = _copy("Delta", "wombat summit", "2024-04-01T09:00:00")
    record, report, manifest = _index(tmp_path, copies, record)
    assert report.how == "full" and manifest["root"]  # five pages: the root page, and parts
    assert _fragments(site) == 1
    assert [part["path"] for part in manifest["parts"]] == ["part/~people/", "part/2023/"]  # 2023-2024: 4 pages
    assert all((site / "pagefind" / part["path"] / "pagefind-entry.json").is_file() for part in manifest["parts"])

    copies["articles/2024/b/index.html"] = _copy("Beta", "wombat talks again", "2024-02-01T09:00:00")
    record, report, manifest = _index(tmp_path, copies, record)
    assert report.how == "recent" and manifest["index"] == "recent/" and len(manifest["parts"]) == 2

    del copies["articles/2024/c/index.html"]
    record, report, manifest = _index(tmp_path, copies, record)
    assert report.how == "full" and manifest["root"] is None and [part["path"] for part in manifest["parts"]] == [""]
    assert _fragments(site) == 4 and sorted(path.name for path in (site / "pagefind").iterdir()
                                            if path.is_dir()) == ["filter", "fragment", "index"]
    assert "index" not in manifest and "stale" not in manifest  # no recent index left from the parts


def test_a_part_in_which_pagefind_indexes_no_page_is_left_out(tmp_path, monkeypatch):
    """Pagefind writes no index (and exits with an error) when none of its pages has a word: a
    part of such pages, a recent index of such pages, or a site of only such pages is no index to
    search, not a failed build."""
    from generator.site import search as site_search

    empty = b'<!DOCTYPE html>\n<html lang="en"><head><title>Stub</title></head><body><div data-pagefind-body></div></body></html>\n'
    monkeypatch.setattr(site_search, "PART_PAGES", 2)
    site = tmp_path / "site"
    copies = {"articles/2023/a/index.html": _copy("Alpha", "wombat summit", "2023-05-01T09:00:00"),
              "articles/2023/b/index.html": _copy("Beta", "wombat talks", "2023-06-01T09:00:00"),
              "people/kim/index.html": empty, "people/lee/index.html": empty}
    record, report, manifest = _index(tmp_path, copies)
    assert report.how == "full" and [part["name"] for part in manifest["parts"]] == ["2023"]
    assert not (site / "pagefind" / "part" / "~people").exists()

    copies["people/lee/index.html"] = empty.replace(b"<title>Stub", b"<title>Another stub")
    record, report, manifest = _index(tmp_path, copies, record)
    assert (report.how, report.recent) == ("recent", 0) and "index" not in manifest
    assert not (site / "pagefind" / "recent").exists()

    monkeypatch.setattr(site_search, "RECENT_LIMIT", 0)  # the parts written again instead
    copies["people/kim/index.html"] = empty.replace(b"<title>Stub", b"<title>A third stub")
    record, report, manifest = _index(tmp_path, copies, record)
    assert report.how == "parts" and [part["name"] for part in manifest["parts"]] == ["2023"]

    monkeypatch.undo()  # one index, of no page with words: only the root page, nothing listed
    record, report, manifest = _index(tmp_path, {"people/kim/index.html": empty})
    assert report.how == "full" and manifest["root"] and manifest["parts"] == []
