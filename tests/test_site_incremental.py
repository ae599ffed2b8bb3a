"""An incremental site is the site a full build makes of the same docs/: after a new, an edited and
a deleted article, the same HTML files byte for byte and the same answers on the search page
(run in Chromium on each site). Also what MkDocs' `--dirty` gets wrong: a source restored with an
older mtime, an output deleted by hand, a deleted link target; and a plain `mkdocs build` of the
same docs/ writes the same HTML.

Only site/pagefind/ is compared through search rather than bytes: its file names are hashes of
its contents, and what it must get right is what a reader's query finds. An incremental build
leaves the full index as it was and indexes the changed pages apart (generator/site/search.py),
so the search page's answers are compared: the same results with the same titles, dates and
excerpts, the same count, year facets and entity card, in the same order when sorted by date.
In relevance order the recently changed pages are scored against their own small index, so there
the comparison is of the same results in any order.
"""
from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import REPO, SAMPLE, call_cli

QUERIES = ["Quokkaville", "Wombatburg", "North Korea", "missile", "김정은", "Hwasong-18", "satellite launch", "Seoul"]
# Sorted by date: the queries with many results, whose order the sort decides (a one-result
# query sorted adds nothing but a second search on each side).
SORTED = ["North Korea", "missile", "김정은", "Seoul"]
SEARCHES = ([{"q": query} for query in QUERIES] + [{"q": query, "sort": "date"} for query in SORTED]
            + [{"q": "missile", "year": "2023"}, {"q": "Korea", "type": "post"}, {"q": "Korea", "type": "post", "sort": "date"},
               {"q": "talks", "entity": "Kim Jong Un"}])
TIME = {"SOURCE_DATE_EPOCH": "1767225600"}  # the sitemap's dates: the same for both builds


def imported_project(tmp_path_factory) -> Path:
    """A copy of the project with the sample imported."""
    folder = tmp_path_factory.mktemp("incremental")
    shutil.copy(REPO / "mkdocs.yml", folder)
    shutil.copytree(REPO / "overrides", folder / "overrides")
    shutil.copytree(REPO / "docs", folder / "docs")
    shutil.copytree(SAMPLE, folder / "content" / "wordpress")
    imported = call_cli("import", cwd=folder)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project with the sample imported, and its site built once (the state)."""
    folder = imported_project(tmp_path_factory)
    build(folder, "site")
    return folder


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch):
    for name, value in TIME.items():
        monkeypatch.setenv(name, value)


def build(project: Path, site: str, full: bool = False):
    from generator.site import build_site

    previous = Path.cwd()
    os.chdir(project)
    try:
        return build_site(project / site, Path("mkdocs.yml"), project / "docs", full=full)
    finally:
        os.chdir(previous)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and not path.relative_to(site).as_posix().startswith("pagefind/")}


def minify_rendered(plain: Path, docs: Path) -> int:
    """The pages of a plain `mkdocs build` in `plain` minified, as our build writes them
    (generator/site/minify.py); the HTML files copied from `docs` as they are. How many changed."""
    from generator.site.minify import minify_page

    changed = 0
    for path in plain.rglob("*.html"):
        if (docs / path.relative_to(plain)).is_file():
            continue  # a static file of docs/ (a redirect page): copied, not rendered
        html = path.read_bytes()
        if minify_page(html) != html:
            path.write_bytes(minify_page(html))
            changed += 1
    return changed


def assert_same_html(incremental: Path, full: Path) -> None:
    ours, theirs = files_of(incremental), files_of(full)
    assert sorted(ours) == sorted(theirs), (sorted(set(ours) ^ set(theirs)))[:20]
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == [], different[:20]


# The search has answered and its first results (five at most) are on the page.
SHOWN = """(() => {
    const status = document.getElementById('kb-search-status').textContent;
    const count = /^(\\d+) results?( since .*)?$/.exec(status);
    return status.startsWith('No results') ||
        (count && document.querySelectorAll('.kb-search__result').length === Math.min(5, +count[1]));
})()"""


# A new search on the search page, as a reader asks one: the words and filters set, then Enter.
# The status line is emptied first, so that SHOWN waits for this search's answer.
ASK = """params => {
    for (const [id, name] of [['kb-search-input', 'q'], ['kb-filter-type', 'type'], ['kb-filter-year', 'year'],
                              ['kb-filter-entity', 'entity']]) {
        document.getElementById(id).value = params[name] || '';
    }
    document.getElementById('kb-sort-date').checked = params.sort === 'date';
    document.getElementById('kb-search-status').textContent = '';
    document.getElementById('kb-search-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
}"""

# "More" clicked until every result shows (five more a click), each time once the last click's
# results are on the page.
EVERY_RESULT = """async () => {
    const more = document.getElementById('kb-search-more');
    const list = document.getElementById('kb-search-results');
    while (!more.hidden) {
        const count = list.querySelectorAll('.kb-search__result').length;
        await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('More added no result in 15 s')), 15000);
            new MutationObserver((changes, observer) => {
                if (list.querySelectorAll('.kb-search__result').length > count) {
                    observer.disconnect();
                    clearTimeout(timer);
                    resolve();
                }
            }).observe(list, { childList: true });
            more.click();
        });
    }
}"""


@pytest.fixture(scope="module")
def search_in(browser):
    """search_in(site)(params): what the search page shows for /search/?<params>, every result
    (More clicked until all show): the status line, the year facets, the entity card, and each
    result's link, title, type and date, and excerpt. The first search of a site opens that
    address; the next are asked on the same page, as a reader asks them (the search page's
    answers are the same either way; opening the page again for each took Chromium five times
    the CPU time, BENCHMARKS.md). A site asked for again (maybe rebuilt) is opened anew, in the
    same page, with the browser's HTTP cache emptied (a new browser context for it took Chromium
    more CPU time than its searches)."""
    open_ = {}  # site -> its server, page and DevTools session

    def serve(site: Path):
        if site not in open_:
            server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            page = browser.new_page()
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            open_[site] = server, page, page.context.new_cdp_session(page)
        server, page, devtools = open_[site]
        page.goto("about:blank")
        devtools.send("Network.clearBrowserCache")
        errors = page.errors = []
        root = f"http://127.0.0.1:{server.server_address[1]}/"

        def search(params: dict):
            assert set(params) <= {"q", "type", "year", "entity", "sort"}, params  # what ASK sets
            if page.url.startswith(root + "search/"):
                page.evaluate(ASK, params)
            else:
                page.goto(root + "search/?" + urlencode(params))
            page.wait_for_function(SHOWN, timeout=15_000, polling=20)
            page.evaluate(EVERY_RESULT)
            rows = page.eval_on_selector_all(".kb-search__result", """items => items.map(item => [
                item.querySelector('a').getAttribute('href'), item.querySelector('a').textContent,
                (item.querySelector('.kb-search__meta') || {}).textContent || '',
                item.querySelector('.kb-search__excerpt').innerHTML])""")
            shown = [page.locator(selector).inner_text() if page.locator(selector).is_visible() else ""
                     for selector in ("#kb-search-status", "#kb-search-years", "#kb-search-card")]
            assert errors == [], errors
            return shown, rows
        return search

    yield serve
    for server, page, _devtools in open_.values():
        page.context.close()
        server.shutdown()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def assert_same_search(search_in, incremental: Path, full: Path, searches=SEARCHES):
    """The same answers on both sites; the incremental site's search, for more."""
    ours, theirs = search_in(incremental), search_in(full)
    for params in searches:
        (our_lines, our_rows), (their_lines, their_rows) = ours(params), theirs(params)
        assert our_lines == their_lines, params
        if params.get("sort") == "date":
            assert our_rows == their_rows, params
        else:
            assert sorted(our_rows) == sorted(their_rows), params
    return ours


def index_entries(site: Path) -> dict[str, bytes]:
    """The entry file of the root index and of each part of the full index (it names their other
    files, whose names are hashes of what they hold)."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted((site / "pagefind").rglob("pagefind-entry.json"))
            if "recent" not in path.relative_to(site).parts}


def post(name: str) -> dict:
    return json.loads((SAMPLE / name).read_text("utf-8"))


def import_and_compare(project: Path, search_in, expect_found: dict[str, int]) -> None:
    imported = call_cli("import", cwd=project)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    full_index = index_entries(project / "site")
    report = build(project, "site")
    assert not report.full_reason and 0 < report.rendered < report.kept / 4, report
    # The full index is left as it was; the changed pages are in the recent one.
    assert report.indexed and report.index == "recent" and index_entries(project / "site") == full_index
    shutil.rmtree(project / "full", ignore_errors=True)
    assert build(project, "full", full=True).full_reason == "--full"
    assert_same_html(project / "site", project / "full")
    search = assert_same_search(search_in, project / "site", project / "full")
    for word, count in expect_found.items():
        status = search({"q": word})[0][0]
        assert status == (f"{count} result" + "s" * (count != 1) if count else "No results. Try fewer or other words."), word


def test_a_new_article(project, search_in):
    new = post("post-3134.json")
    new.update(id=9001, slug="quokkaville-summit", link="https://news.example/2024/02/quokkaville-summit/",
               date="2024-02-02T09:00:00", date_gmt="2024-02-02T00:00:00")
    new["title"] = {"rendered": "Envoys meet in Quokkaville"}
    new["content"] = {"rendered": "<p>Envoys from Seoul and Tokyo met in Quokkaville on missile talks.</p>"}
    (project / "content" / "wordpress" / "post-9001.json").write_text(json.dumps(new), "utf-8")
    import_and_compare(project, search_in, {"Quokkaville": 1})


def test_an_edited_article(project, search_in):
    path = project / "content" / "wordpress" / "post-3142.json"
    edited = json.loads(path.read_text("utf-8"))
    edited["content"]["rendered"] = "<p>The launch was watched from Wombatburg.</p>" + edited["content"]["rendered"]
    edited["modified"] = edited["modified_gmt"] = "2024-03-01T00:00:00"
    path.write_text(json.dumps(edited), "utf-8")
    import_and_compare(project, search_in, {"Wombatburg": 1})


def test_a_deleted_article(project, search_in):
    (project / "content" / "wordpress" / "post-9001.json").unlink(missing_ok=True)
    test_page = project / "docs" / "articles"
    before = {path.relative_to(test_page) for path in test_page.rglob("*.md")}
    imported = call_cli("import", cwd=project)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    after = {path.relative_to(test_page) for path in test_page.rglob("*.md")}
    if before == after:  # the importer keeps an article whose post is gone: delete it as a user would
        gone = next(path for path in sorted(test_page.rglob("*.md")) if "quokkaville" in path.name)
        gone.unlink()
        imported = call_cli("import", cwd=project)
    import_and_compare(project, search_in, {"Quokkaville": 0})


def test_what_mkdocs_dirty_gets_wrong(project, search_in):
    docs, site = project / "docs", project / "site"
    build(project, "site")
    article = min((docs / "articles").rglob("*.md"))
    old = article.stat()
    article.write_text(article.read_text("utf-8") + "\nRestored from an older copy.\n", "utf-8")
    os.utime(article, ns=(old.st_atime_ns, old.st_mtime_ns - 10**12))  # older than its HTML
    another = max((site / "articles").rglob("index.html"))
    another.unlink()  # deleted by hand
    report = build(project, "site")
    assert report.rendered == 2, report
    shutil.rmtree(project / "full", ignore_errors=True)
    build(project, "full", full=True)
    assert_same_html(site, project / "full")


def test_a_deleted_link_target_fails_the_build_as_a_full_build_does(project):
    from generator.site import MkDocsFailed

    target = next(path for path in sorted((project / "docs" / "people").rglob("*.md")) if path.name != "index.md")
    saved = target.read_bytes()
    target.unlink()
    try:
        with pytest.raises(MkDocsFailed):
            build(project, "site")
    finally:
        target.write_bytes(saved)
    report = build(project, "site")
    assert report.full_reason == "no state from an earlier build"  # the failed build left none


def test_a_plain_mkdocs_build_writes_the_same_html(project):
    """The same files and HTML as `mkdocs build --strict`, but for the hidden spans only Pagefind
    reads, which an indexed page is published without, and the "Related articles" heading's ¶
    (generator/site/slim.py), and minified."""
    from generator.site.slim import drop_related_permalink, slim_page

    shutil.rmtree(project / "plain", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **TIME}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "plain"],
                   cwd=project, env=env, check=True)
    build(project, "site")
    slimmed = 0
    for path in (project / "plain").rglob("*.html"):
        html = path.read_bytes()
        if slim_page(drop_related_permalink(html)) != html:
            path.write_bytes(slim_page(drop_related_permalink(html)))
            slimmed += 1
    assert slimmed > 10  # the articles and entity pages
    assert minify_rendered(project / "plain", project / "docs") > slimmed
    assert_same_html(project / "site", project / "plain")


def test_a_site_restored_with_other_mtimes_is_not_rendered_again(project):
    """As actions/cache restores site/: same bytes, new times (tar keeps whole seconds)."""
    build(project, "site")
    for path in (project / "site").rglob("*.html"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    report = build(project, "site")
    assert (report.full_reason, report.rendered, report.indexed) == ("", 0, False), report


def test_a_change_search_does_not_read_leaves_the_full_index(project, search_in):
    """A page whose indexed text is the same (only a part Pagefind skips changed, as an article's
    link to the next one does) is answered for by the full index, which is not written again."""
    build(project, "site")
    article = min((project / "docs" / "articles").rglob("*.md"))
    saved = article.read_text("utf-8")
    full_index = index_entries(project / "site")
    try:
        article.write_text(saved + "\n<!-- search:ignore -->\nNot for search.\n<!-- /search:ignore -->\n", "utf-8")
        report = build(project, "site")
        assert (report.rendered, report.index) == (1, "recent"), report
        assert index_entries(project / "site") == full_index
        shutil.rmtree(project / "full", ignore_errors=True)
        build(project, "full", full=True)
        assert_same_search(search_in, project / "site", project / "full")
    finally:
        article.write_text(saved, "utf-8")


def test_a_full_build_on_one_core_writes_the_same_site(project, monkeypatch):
    """On several cores the pages are rendered by worker processes (generator/site/pages.py), on
    one core in this process: the same site, static files, sitemap and 404 page included."""
    from generator.site import pages as site_pages
    from generator.site import sitemap

    monkeypatch.setattr(sitemap, "LIMIT", 200)  # the sample's 500-odd addresses in several sitemaps
    build(project, "site-cores", full=True)
    monkeypatch.setattr(site_pages, "default_jobs", lambda: 1)
    build(project, "site-one-core", full=True)
    assert_same_html(project / "site-one-core", project / "site-cores")
    assert (project / "site-cores" / "404.html").is_file()
    for site in ("site-cores", "site-one-core"):
        index = (project / site / "sitemap.xml").read_text("utf-8")
        assert "<sitemapindex" in index and index.count("<sitemap>") >= 2, index
        parts = sorted((project / site).glob("sitemap-*.xml.gz"))
        assert len(parts) == index.count("<sitemap>")
        sizes = [gzip.decompress(part.read_bytes()).count(b"<url>") for part in parts]
        assert max(sizes) == 200 and min(sizes) > 0, sizes
    for part in (project / "site-cores").glob("sitemap-*.xml.gz"):
        assert part.read_bytes() == (project / "site-one-core" / part.name).read_bytes()


def test_a_failure_copying_static_files_fails_the_build(project, monkeypatch):
    """An error while copying the static files (here a full disk) fails the build, reported as
    MkDocs' failure; the build left no state, so the next build is a full one."""
    from generator.site import MkDocsFailed
    from generator.site import pages as site_pages

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_pages, "_copy_statics", full_disk)
    with pytest.raises(MkDocsFailed, match="No space left"):
        build(project, "site-failed", full=True)
    monkeypatch.undo()
    assert build(project, "site-failed").full_reason == "no state from an earlier build"


def test_pages_rendered_in_turn_by_one_worker_match_a_plain_mkdocs_build(tmp_path):
    """Each worker renders many pages in turn (one Markdown instance reset between them, pages freed
    once written): footnotes, repeated headings, code and HTML blocks must not carry from one page to
    the next, and the navigation's titles taken from the pages' headings must stay, as in a plain
    `mkdocs build` (here with MkDocs' own theme, a navigation without titles, 80 pages)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    names = [f"page-{number:02}.md" for number in range(80)]
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Pages in turn\ntheme: mkdocs\nplugins: []\nvalidation:\n  anchors: ignore\n"
        "markdown_extensions: [toc, tables, footnotes, def_list, attr_list, md_in_html, pymdownx.superfences]\n"
        "nav:\n" + "".join(f"  - {name}\n" for name in ["index.md", *names[:6]]), "utf-8")
    (docs / "index.md").write_text("# Start\n\nSee [the first page](page-00.md).\n", "utf-8")
    for number, name in enumerate(names):
        (docs / name).write_text(
            f"# Page {number}\n\nA note[^1] and a named one[^n{number}].\n\n## Same\n\n## Same\n\n"
            f"```python\nprint({number})\n```\n\n<div markdown>\n*Inside* [next]({names[(number + 1) % 80]})\n</div>\n\n"
            f"Term\n:   Definition {number}\n\n| a | b |\n|---|---|\n| {number} | x |\n\n"
            f"[^1]: The first note of {number}.\n[^n{number}]: The named note.\n", "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **TIME}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "plain"],
                   cwd=tmp_path, env=env, check=True)
    report = build(tmp_path, "site", full=True)
    assert report.rendered == 81, report
    assert minify_rendered(tmp_path / "plain", docs) >= 81
    assert_same_html(tmp_path / "site", tmp_path / "plain")


def test_a_full_build_empties_the_last_site_but_its_hidden_files(project):
    """A full build starts from an empty site/, as `mkdocs build` does: a file the build does not
    write is gone and a hidden one stays; the old files, set aside to be deleted while the pages
    are rendered, are gone when the build returns (also those an interrupted build left)."""
    site = project / "site-again"
    shutil.rmtree(site, ignore_errors=True)
    build(project, "site-again", full=True)
    first = files_of(site)  # a full build into a new folder
    (site / "articles" / "stray.html").write_text("not the build's", "utf-8")
    (site / ".nojekyll").write_text("", "utf-8")
    (site / ".wpkb-trash-left" / "old").mkdir(parents=True)
    report = build(project, "site-again", full=True)
    assert report.full_reason == "--full"
    assert not (site / "articles" / "stray.html").exists() and (site / ".nojekyll").is_file()
    assert [path.name for path in site.iterdir() if path.name.startswith(".wpkb-trash-")] == []
    (site / ".nojekyll").unlink()
    again = files_of(site)
    assert sorted(again) == sorted(first) and [name for name in again if again[name] != first[name]] == []
