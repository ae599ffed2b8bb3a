"""The search index in parts (generator/site/search.py): with the sample's articles in many small
parts, the search page answers as from the default parts, a change rewrites only the parts that
hold it, and a query searches the newest parts first and earlier ones on demand. A file of its own
so that the test runner can run it beside test_site_incremental.py, whose project and helpers it
shares (each file builds its own copy of the project)."""
from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import ThreadingHTTPServer

from tests import test_site_incremental as incremental
from tests.test_site_incremental import SHOWN, Quiet, assert_same_search, build, index_entries

# The fixtures of test_site_incremental, for this file's tests: its project (imported and built
# once per file), its browser search, and its fixed time for the sitemap's dates.
project, search_in, _fixed_time = incremental.project, incremental.search_in, incremental._fixed_time


def small_parts(monkeypatch) -> None:
    """Parts of at most 5 articles (the sample's years split by months), and the entity pages in
    one part per folder (at 5 a part they would take a hundred Pagefind runs)."""
    from generator.site import search as site_search

    plan = site_search.plan_parts
    monkeypatch.setattr(site_search, "PART_PAGES", 5)
    monkeypatch.setattr(site_search, "plan_parts", lambda pages, limit=None: {
        dest: name.rsplit("-", 1)[0] if name.startswith("~") else name for dest, name in plan(pages).items()})


def test_an_index_in_many_parts_answers_as_one(project, search_in, monkeypatch):
    """With the sample's articles in several periods (years split by months) and its entity pages
    in several parts, the search page answers as from the default parts, sorted by date too.
    Then, with every change going into the parts (no recent index), an edited article writes
    again only the parts holding it and the entity pages it changes."""
    from generator.site import search as site_search

    shutil.rmtree(project / "full", ignore_errors=True)
    build(project, "full", full=True)
    small_parts(monkeypatch)
    build(project, "site-parts", full=True)
    parts = json.loads((project / "site-parts" / "pagefind" / "index.json").read_text("utf-8"))["parts"]
    dated = [part["name"] for part in parts if part["dated"]]
    assert len(dated) >= 3 and any(len(name) == 7 for name in dated), dated  # months: "2023-10"
    assert dated == sorted(dated, reverse=True) and max(part["pages"] for part in parts if part["dated"]) <= 5
    assert len(parts) - len(dated) >= 3  # people, places, organizations...
    assert_same_search(search_in, project / "site-parts", project / "full")

    monkeypatch.setattr(site_search, "RECENT_LIMIT", 0)
    article = max((project / "docs" / "articles").rglob("*.md"))
    saved = article.read_text("utf-8")
    before = index_entries(project / "site-parts")
    try:
        article.write_text(saved + "\nSeen from Platypusville.\n", "utf-8")
        assert build(project, "site-parts").index == "parts"
        after = index_entries(project / "site-parts")
        changed = sorted(name for name in before if before[name] != after.get(name))
        assert 0 < len(changed) < len(before) - 1, changed  # the root index and most parts kept
        shutil.rmtree(project / "full", ignore_errors=True)
        monkeypatch.undo()
        build(project, "full", full=True)
        # what the edit can change: its new word, and the searches its article answers
        assert_same_search(search_in, project / "site-parts", project / "full",
                           [{"q": "Platypusville"}, {"q": "North Korea"}, {"q": "North Korea", "sort": "date"},
                            {"q": "Korea", "type": "post", "sort": "date"}])
        assert search_in(project / "site-parts")({"q": "Platypusville"})[0][0] == "1 result"
    finally:
        article.write_text(saved, "utf-8")


def test_a_query_searches_the_newest_parts_first_and_earlier_ones_on_demand(project, browser, monkeypatch):
    """With a budget of 5 pages a query searches the entity parts and the newest period only, says
    since when, and the button adds earlier periods until the results are those of every part."""
    from generator.site import search as site_search

    small_parts(monkeypatch)
    monkeypatch.setattr(site_search, "QUERY_PAGES", 5)
    build(project, "site-budget", full=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(project / "site-budget")))
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
