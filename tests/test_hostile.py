"""Hostile and broken input (tests/hostile.py generates it), imported into a copy of the project,
built with `mkdocs build --strict`, and loaded page by page in Chromium: nothing from WordPress
executes, every post is kept with the title a reader should see, nothing lands outside docs/."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.core.safe import title_text
from generator.importer import run_import
from generator.report import problem_lines

from .conftest import REPO, call_cli, read_page
from .hostile import ALERT, PAYLOADS, write_corpus

# Attributes whose value a browser follows as a URL.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background")
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


def _tree(folder: Path, skip: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if skip not in (p, *p.parents)}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(project folder, import result, generated corpus) after importing the hostile inputs."""
    project = tmp_path_factory.mktemp("hostile")
    shutil.copy(REPO / "mkdocs.yml", project)
    for folder in ("overrides", "docs"):
        shutil.copytree(REPO / folder, project / folder)
    corpus = write_corpus(project / "input")
    before = _tree(project, project / "docs")
    result = run_import([corpus.folder], project / "docs", "Hostile", settings={
        "site_name": "Hostile", "site_url": "https://kb.example/"}, jobs=2)
    # The import cache, and the language model's quicker copy in its folder (extract/language.py,
    # written by whichever process loads the model first), beside docs/ by design.
    cache = {".cache", ".cache/wpkb", ".cache/wpkb/cache.sqlite"}
    written = {path for path in _tree(project, project / "docs") - cache
               if not re.fullmatch(r"\.cache/wpkb/py3langid-[^/]*(/[a-z]+\.npy)?", path)}
    assert written == before, "the import wrote outside docs/ and its cache"
    return project, result, corpus


def _pages_by_id(docs: Path) -> dict[int, tuple[dict, Path]]:
    found = {}
    for path in sorted((docs / "articles").rglob("*.md")):
        meta, _ = read_page(path)
        identifier = (meta.get("source") or {}).get("wordpress_id")
        if identifier:
            found[identifier] = (meta, path)
    return found


def test_every_hostile_post_is_kept_with_the_title_a_reader_should_see(hostile):
    project, _, corpus = hostile
    pages = _pages_by_id(project / "docs")
    missing = [corpus.names[i] for i in corpus.titles if i not in pages]
    assert not missing, f"posts lost: {missing}"
    wrong = {corpus.names[i]: (title_text(pages[i][0]["title"]), want)
             for i, want in corpus.titles.items() if title_text(pages[i][0]["title"]) != want}
    assert not wrong, wrong


def test_the_wxr_posts_are_all_kept(hostile):
    project, _, corpus = hostile
    pages = _pages_by_id(project / "docs")
    lost = [corpus.names[9500 + n] for n in range(len(PAYLOADS)) if 9500 + n not in pages]
    assert not lost


def test_problems_are_lines_naming_their_file_never_a_crash(hostile):
    project, result, _ = hostile
    lines = problem_lines(result)
    assert all(re.match(r"(error|warning|note|conflict): \S", line) for line in lines)
    assert all("\n" not in line for line in lines)
    skipped = "\n".join(result.redirects_skipped)
    for reserved in ("/index.md", "/search.md", "/sitemap.xml", "/feed.xml", "/assets/", "/.generated/", "/404.html"):
        assert reserved in skipped, f"an old path at {reserved} was not refused"
    assert not (project / "docs/index.md").is_dir() and not (project / "docs/search.md").is_dir()
    # Every generated input is readable, so every post is kept and the exit status is 0; the
    # unreadable ones (exit 1) are in test_hostile_sources.py.
    assert result.batch.rejected == [] and result.exit_code == 0


def test_every_page_reads_back_as_the_yaml_and_markdown_written(hostile):
    """Strict YAML (no tags, no aliases turned into objects), and MkDocs' reader agrees."""
    from generator.core.frontmatter import read_front_matter

    project, _, _corpus = hostile
    titles = set()
    for path in sorted((project / "docs").rglob("*.md")):
        text = path.read_text("utf-8")
        if text.startswith("---"):
            meta, _ = read_front_matter(text)
            assert read_page(path)[0] == meta, path
            titles.add(str(meta.get("title")))
    assert {"key: value", "- item", "# comment", "yes", "2024-01-01", "%YAML 1.1"} <= titles


def test_no_markdown_link_in_the_pages_has_an_unsafe_target(hostile):
    """Every link and image target in every body, found as `check` finds them."""
    from generator.check.links import link_targets
    from generator.core.frontmatter import split_front_matter
    from generator.core.safe import is_safe_url

    project, _, _ = hostile
    targets = 0
    for path in sorted((project / "docs").rglob("*.md")):
        for _, target in link_targets(split_front_matter(path.read_text("utf-8"))[1], 1):
            targets += 1
            assert is_safe_url(target), f"{path}: {target}"
    assert targets > 1000


def test_feeds_carry_text_not_markup(hostile):
    """Every hostile post through both feeds (in batches: a feed holds the latest 50)."""
    import json

    from lxml import etree, html

    from generator.pages.feeds import json_feed, rss

    _, result, _ = hostile
    checked = 0
    for start in range(0, len(result.articles), 40):
        batch = result.articles[start:start + 40]
        feed = etree.fromstring(rss(batch, "https://kb.example/", "Hostile", "").encode("utf-8"))
        for node in feed.iter("title", "description"):
            checked += 1
            # A reader renders these as HTML: what it renders must be text, no elements.
            fragment = html.fragment_fromstring(f"<div>{node.text or ''}</div>")
            assert not [e.tag for e in fragment.iter() if e is not fragment], node.text
        json.loads(json_feed(batch, "https://kb.example/", "Hostile", ""))
    assert checked > 2 * len(PAYLOADS)


def test_check_finds_no_broken_link_in_the_hostile_pages(hostile):
    """Escaped brackets are text: `check` once reported `\\[x\\](javascript&colon;...)` as links."""
    from generator.check import check_docs

    project, _, _ = hostile
    links = [p for p in check_docs(project / "docs", project).problems if "link" in p.message]
    assert not links, [str(p) for p in links[:5]]


@pytest.fixture(scope="module")
def hostile_site(hostile):
    project, _, _ = hostile
    built = call_cli("build", "--no-import", "--site", "public", cwd=project)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return project / "public"


def test_the_site_builds_strict_from_the_hostile_import(hostile_site):
    assert (hostile_site / "index.html").exists()


def _dangerous_in_html(page_html: str) -> list[str]:
    """Event handlers, script URLs and the payload's script text in one built page."""
    from lxml import html

    found = []
    tree = html.fromstring(page_html)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and DANGEROUS_SCHEME.match(re.sub(r"[\x00-\x20]", "", value)):
                found.append(f"<{element.tag} {name}={value!r}>")
        if element.tag in ("script", "iframe", "object", "embed") and ALERT in (element.text or "") + str(element.attrib):
            found.append(f"<{element.tag}> {element.text!r}")
    return found


def _hostile_pages(site: Path) -> list[Path]:
    folders = ("articles", "categories", "tags", "people", "organizations", "places", "states", "archive", "2024")
    pages = [site / "index.html", site / "pages/index.html"]
    for folder in folders:
        pages += sorted((site / folder).rglob("*.html"))
    return [p for p in pages if p.exists()]


def test_no_built_page_holds_an_event_handler_or_script_url(hostile_site):
    problems = {}
    for path in _hostile_pages(hostile_site):
        found = _dangerous_in_html(path.read_text("utf-8"))
        if found:
            problems[path.relative_to(hostile_site).as_posix()] = found[:3]
    assert not problems


def test_no_payload_runs_in_chromium(hostile_site, browser):
    """Every page the hostile posts reach, loaded as a reader loads it: no dialog opens, and the
    live DOM (after Material's scripts ran) holds no handler or script URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(java_script_enabled=True)
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(f"{tab.url}: {d.message}"), d.dismiss()))
    tab.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # no outside requests
    live_check = f"""() => {{
        const URL_ATTRIBUTES = {json.dumps(list(URL_ATTRIBUTES))};
        const bad = [];
        for (const el of document.querySelectorAll('*')) {{
            for (const a of el.attributes) {{
                const v = a.value.replace(/[\\x00-\\x20]/g, '').toLowerCase();
                const followed = URL_ATTRIBUTES.includes(a.name.toLowerCase());
                if (a.name.startsWith('on') || followed && (v.startsWith('javascript:') || v.startsWith('vbscript:')
                    || v.startsWith('data:text/html'))) bad.push(el.tagName + ' ' + a.name + '=' + a.value);
            }}
        }}
        return bad;
    }}"""
    # Pages that carry a payload (the home page lists the latest); redirect pages move on at once
    # and are checked as HTML above.
    carrying = [p for p in _hostile_pages(hostile_site) if "/2024/" not in "/" + p.relative_to(hostile_site).as_posix()[:5]
                and ("alert(1)" in p.read_text("utf-8") or "msgbox" in p.read_text("utf-8") or p.name == "index.html"
                     and p.parent == hostile_site)]
    assert len(carrying) > len(PAYLOADS)
    problems = {}
    try:
        for path in carrying:
            url = base + path.relative_to(hostile_site).as_posix()
            tab.goto(url, wait_until="load")
            found = tab.evaluate(live_check)
            if found:
                problems[url] = found[:3]
    finally:
        context.close()
        server.shutdown()
    assert not dialogs, dialogs[:5]
    assert not problems, problems
