"""Search payload per query on a 10,000-article site: Pagefind (this site's search) against
Material's built-in index, measured in one run on the project's real pipeline.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/search_payload.py --articles 10000

Run it from the project folder. It needs requirements-dev.txt and Debian's chromium at
/usr/bin/chromium (never `playwright install`). On 2 cores it takes about 11 minutes and
needs ~3 GB of memory (Pagefind) and ~2 GB of disk. It writes benchmarks/results/search_payload.md
and search_payload.json. `--keep DIR` builds in DIR and keeps it; `--no-variants` skips step 6.

What it does:
1. Makes N articles from the real posts in ../shared/corpus plus the sample content's posts
   (content/wordpress: Korean-peninsula news, Hangul included), multiplied with new IDs and
   dates (common.multiplied). Writes them as /wp/v2/posts pages into a temporary project that
   has copies of mkdocs.yml, overrides/ and docs/ (the entity registry, assets, search page,
   home page; not the articles, archive, categories or tags), and runs
   `python -m generator import` there.
2. Builds the site as `python -m generator build` does (generator.site.build_site: `mkdocs
   build --strict`, then Pagefind), timing MkDocs and Pagefind separately.
3. Builds the same docs again with Material's built-in search (`plugins: [search]`, no
   search.js) into another folder.
4. Serves each site on 127.0.0.1 (under site_url's path) with `Cache-Control: no-store`, and
   opens pages in Debian's Chromium through Playwright, one fresh browser context (cold cache)
   per measurement. Every response the server sends is counted: raw bytes, and the bytes a
   static host that gzips text (GitHub Pages) would send (Pagefind's index, fragment, filter,
   meta and wasm files are gzip already: counted as they are; .html/.js/.css/.json/.svg/.xml
   gzipped at level 6). "Search cost" is every request only searching makes (pagefind/ and
   assets/search/); "whole page view" is every request.
5. Queries the search page (/search/?q=...&type=...&entity=...&year=..., as search.js reads
   them) cold and warm, counts the titles, dates and snippets shown, and measures a Material
   article page view (which fetches search_index.json).
6. Measures options that would cut the payload on copies of the same build, re-indexed where
   the pages change (see variants()).

Skips with a message when ../shared/corpus is absent.
"""
from __future__ import annotations

import argparse
import gzip
import html
import http.server
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote_plus, unquote, urlencode, urlsplit

from common import CORPUS, REPO, multiplied, real_posts, require_corpus, write_pages

RESULTS = REPO / "benchmarks" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
BUDGET_KB = 300
TEXT_TYPES = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".map"}
REGISTRY = ("people", "states", "organizations", "places")
WARM_FIRST = "Pyongyang"  # the first search of a session, before the measured (warm) one


@dataclass
class Query:
    label: str
    q: str
    filters: dict | None = None
    word: str | None = None  # a single word whose pages are counted in the HTML as a cross-check

    def params(self) -> dict:
        return {"q": self.q, **(self.filters or {})}


def queries(rare: str) -> list[Query]:
    return [
        Query("Tikhoretsk", "Tikhoretsk", word="Tikhoretsk"),
        Query("Kim Jong Un", "Kim Jong Un"),
        Query("satellite launch", "satellite launch"),
        Query("김정은 (Hangul)", "김정은", word="김정은"),
        Query("missile + type=post, entity=Kim Jong Un, year=2023", "missile",
              {"type": "post", "entity": "Kim Jong Un", "year": "2023"}),
        Query(f"rare word: {rare}", rare, word=rare),
        Query("stop words: the launch of the satellite", "the launch of the satellite"),
        Query('quoted phrase: "Kim Jong Un"', '"Kim Jong Un"'),
    ]


# --- running programs -------------------------------------------------------------------------

def timed(command: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run a program; its wall time, peak memory (its own or its children's, whichever is larger) and exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"command": " ".join(command), "argv": command, "seconds": round(time.perf_counter() - started, 1),
            "max_rss_mb": round(usage.ru_maxrss / 1024), "exit": process.returncode}


def build_pagefind_site(project: Path, site_dir: Path) -> dict:
    """generator.site.build_site, exactly (a full build: MkDocs in this process, then Pagefind),
    timed as one step; and the Pagefind command line the variants below re-index with."""
    import resource

    from generator import site
    from generator.site import search as site_search

    started = time.perf_counter()
    site.build_site(site_dir, project / "mkdocs.yml", full=True)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(site_dir), *site_search.OPTIONS, "--quiet"]
    return {"build (mkdocs and pagefind)": {"seconds": round(time.perf_counter() - started, 1),
                                            "max_rss_mb_children": round(usage.ru_maxrss / 1024)},
            "pagefind (search index)": {"command": " ".join(pagefind), "argv": pagefind}}


def material_config(project: Path) -> Path:
    """mkdocs.yml with Material's built-in search on and without the Pagefind interface."""
    text = (project / "mkdocs.yml").read_text("utf-8")
    # mkdocs.yml switches the engine's search off ("plugins: [{search: {enabled: false}}]"; once
    # "plugins: []"): this variant switches Material's search on instead.
    text, plugins = re.subn(r"(?m)^plugins:\s*\[.*\]\s*$", "plugins:\n  - search", text)
    # search.js is loaded by chrome.js, not mkdocs.yml; with no #kb-search box (Material's search
    # page has none) it only focuses the header's box on "/", and downloads nothing.
    if plugins != 1:
        sys.exit("mkdocs.yml no longer has a one-line `plugins: [...]`, which this benchmark edits")
    path = project / "mkdocs-material-search.yml"
    path.write_text(text, "utf-8")
    return path


# --- sizes ------------------------------------------------------------------------------------

def tree_size(folder: Path) -> tuple[int, int]:
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def pagefind_parts(folder: Path) -> dict:
    parts: dict[str, list[int]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            parts.setdefault(category("/pagefind/" + path.relative_to(folder).as_posix()), []).append(path.stat().st_size)
    return {name: {"files": len(s), "bytes": sum(s), "largest": max(s)} for name, s in sorted(parts.items())}


@cache
def gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b" or path.suffix not in TEXT_TYPES:
        return len(data)  # already gzip (Pagefind's files), or images and fonts
    return len(gzip.compress(data, 6))


def is_search(path: str) -> bool:
    """Files only searching fetches: Pagefind's bundle, and the entity list search.js reads (assets/search/)."""
    return "/pagefind/" in path or "/assets/search/" in path


def category(path: str) -> str:
    if "/assets/search/" in path:
        return "entity_list"
    if "/pagefind/" not in path:
        if path.endswith("search/search_index.json"):
            return "search_index"
        return "sitemap" if path.endswith("sitemap.xml") else "page"
    name = path.rsplit("/", 1)[-1]
    for folder in ("fragment", "index", "filter"):
        if f"/{folder}/" in path:
            return folder
    if name.startswith("wasm."):
        return "wasm"
    if name.endswith(".pf_meta"):
        return "meta"
    if name.endswith(".js"):
        return "js"
    return "other"


# --- serving and counting ---------------------------------------------------------------------

class CountingServer:
    """A loopback static server for one built site, under the site_url's path, counting every body it sends."""

    def __init__(self, root: Path, prefix: str):
        self.root, self.prefix, self.log, self.lock = root, prefix.rstrip("/"), [], threading.Lock()
        owner = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def translate_path(self, path):
                path = urlsplit(path).path
                if path.startswith(owner.prefix + "/"):
                    path = path[len(owner.prefix):]
                return super().translate_path(path)

            def end_headers(self):
                self.send_header("Cache-Control", "no-store")  # every fresh context starts cold
                super().end_headers()

            def send_response(self, code, message=None):
                self._code = code
                super().send_response(code, message)

            def copyfile(self, source, outputfile):
                sent = 0
                while chunk := source.read(65536):
                    outputfile.write(chunk)
                    sent += len(chunk)
                with owner.lock:
                    owner.log.append((unquote(urlsplit(self.path).path), sent, getattr(self, "_code", 200)))

            def send_error(self, code, message=None, explain=None):
                with owner.lock:
                    owner.log.append((unquote(urlsplit(self.path).path), 0, code))
                super().send_error(code, message, explain)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_port}{self.prefix}/"

    def take(self) -> list[tuple[str, int, int]]:
        with self.lock:
            taken, self.log[:] = list(self.log), []
        return taken

    def file_of(self, path: str) -> Path:
        relative = path.removeprefix(self.prefix)
        target = self.root / relative.lstrip("/")
        return target / "index.html" if target.is_dir() else target

    def summary(self, log) -> dict:
        out = {"requests": len(log), "bytes": 0, "gzip": 0, "search_bytes": 0, "search_gzip": 0, "parts": {},
               "errors": [f"{code} {path}" for path, _, code in log if code >= 400]}
        for path, sent, _code in log:
            target = self.file_of(path)
            gz = gzip_size(target) if sent and target.is_file() else sent
            part = out["parts"].setdefault(category(path), {"requests": 0, "bytes": 0, "gzip": 0})
            part["requests"] += 1
            part["bytes"] += sent
            part["gzip"] += gz
            out["bytes"] += sent
            out["gzip"] += gz
            if is_search(path):
                out["search_bytes"] += sent
                out["search_gzip"] += gz
        return out

    def close(self):
        self.httpd.shutdown()


# --- the browser ------------------------------------------------------------------------------

WAIT_FOR_RESULTS = """() => {
  const status = document.getElementById('kb-search-status').textContent;
  if (!status || status.startsWith('Searching')) return false;
  const found = /^(\\d+) results?/.exec(status);
  if (!found) return true;
  // search.js renders its first page of results (5 at a time), then shows "More results".
  const more = document.getElementById('kb-search-more');
  const shown = document.querySelectorAll('#kb-search-results li').length;
  return shown > 0 && (!more.hidden || shown >= +found[1]);
}"""

SHOWN = """() => ({
  status: document.getElementById('kb-search-status').textContent,
  items: document.querySelectorAll('#kb-search-results li').length,
  titles: document.querySelectorAll('#kb-search-results .kb-search__title').length,
  meta: document.querySelectorAll('#kb-search-results .kb-search__meta').length,
  excerpts: document.querySelectorAll('#kb-search-results .kb-search__excerpt').length,
  articles: [...document.querySelectorAll('#kb-search-results .kb-search__meta')]
           .filter(e => e.textContent.startsWith('Article')).length,
  dated: [...document.querySelectorAll('#kb-search-results .kb-search__meta')]
           .filter(e => e.textContent.startsWith('Article') && /\\d{4}/.test(e.textContent)).length,
  first: [...document.querySelectorAll('#kb-search-results li')].slice(0, 3).map(li => li.innerText.slice(0, 240)),
  ms: Math.round(performance.now()),
})"""


class Browser:
    def __init__(self, playwright):
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.version = self.browser.version

    def page(self):
        context = self.browser.new_context()
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        return context, page


def settle(page, server: CountingServer) -> None:
    """Until the network has been quiet for a while (the server saw no new request)."""
    page.wait_for_load_state("networkidle")
    seen = -1
    while seen != len(server.log):
        seen = len(server.log)
        page.wait_for_timeout(700)


def results_of(page) -> dict:
    page.wait_for_function(WAIT_FOR_RESULTS, timeout=120_000)
    shown = page.evaluate(SHOWN)
    found = re.match(r"(\d+) results?", shown["status"])
    shown["results"] = int(found.group(1)) if found else 0
    return shown


def search_url(server: CountingServer, params: dict) -> str:
    return server.base + "search/?" + urlencode(params, quote_via=quote_plus)


def cold_query(browser: Browser, server: CountingServer, query: Query) -> dict:
    context, page = browser.page()
    server.take()
    started = time.perf_counter()
    page.goto(search_url(server, query.params()))
    shown = results_of(page)
    shown["wall_ms"] = round((time.perf_counter() - started) * 1000)
    settle(page, server)
    out = {**shown, **server.summary(server.take()), "console_errors": page.console_errors}
    context.close()
    return out


def cold_rows(server: CountingServer, rare: str, extra=None) -> list[dict]:
    """Each of queries(rare), cold, in one browser against `server` (closed at the end): its
    results, status line, bytes, requests and errors, and what `extra(out)` adds."""
    from playwright.sync_api import sync_playwright

    rows = []
    try:
        with sync_playwright() as playwright:
            browser = Browser(playwright)
            for query in queries(rare):
                out = cold_query(browser, server, query)
                rows.append({"label": query.label, "results": out["results"], "status": out.get("status"),
                             "search_gzip": out["search_gzip"], "requests": out["requests"],
                             "errors": out["errors"] + out["console_errors"], **(extra(out) if extra else {})})
            browser.browser.close()
    finally:
        server.close()
    return rows


def warm_query(browser: Browser, server: CountingServer, query: Query) -> dict:
    """The query typed as the second search on the same page, after a search for WARM_FIRST."""
    context, page = browser.page()
    page.goto(search_url(server, {"q": WARM_FIRST}))
    results_of(page)
    settle(page, server)
    server.take()
    page.fill("#kb-search-input", "")  # no words: the interface does not search
    page.evaluate("""(f) => {
      document.getElementById('kb-filter-type').value = f.type || '';
      document.getElementById('kb-filter-year').value = f.year || '';
      document.getElementById('kb-filter-entity').value = f.entity || '';  // set, not focused: see focus_entity
    }""", query.filters or {})
    page.fill("#kb-search-input", query.q)
    page.press("#kb-search-input", "Enter")
    shown = results_of(page)
    settle(page, server)
    out = {"results": shown["results"], **server.summary(server.take()), "console_errors": page.console_errors}
    context.close()
    return out


def focus_entity(browser: Browser, server: CountingServer) -> dict:
    """Clicking the "Mentions" box loads every entity name (Pagefind's filters()) for its suggestions."""
    context, page = browser.page()
    page.goto(server.base + "search/")
    settle(page, server)
    server.take()
    page.click("#kb-filter-entity")
    page.wait_for_function("() => document.querySelectorAll('#kb-entity-names option').length > 0", timeout=60_000)
    settle(page, server)
    names = page.evaluate("() => document.querySelectorAll('#kb-entity-names option').length")
    out = {"entity_names": names, **server.summary(server.take())}
    context.close()
    return out


def page_view(browser: Browser, server: CountingServer, url: str, wait_for: str | None = None) -> dict:
    context, page = browser.page()
    server.take()
    started = time.perf_counter()
    page.goto(url)
    if wait_for:  # Material fetches its index from a web worker right after the page loads
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(wait_for in p for p, _, _ in server.log):
            page.wait_for_timeout(200)
    settle(page, server)
    out = {"url": url, "wall_ms": round((time.perf_counter() - started) * 1000), **server.summary(server.take()),
           "console_errors": page.console_errors}
    context.close()
    return out


# --- the pipeline -----------------------------------------------------------------------------

def sample_posts() -> list[dict]:
    """The sample content's published posts: Korean-peninsula news, with Hangul and the user's damaged example."""
    from generator.sources import read_sources

    posts = []
    for raw in read_sources([REPO / "content" / "wordpress"]).posts:
        data = raw.data
        if raw.rendered and data.get("type") == "post" and data.get("status", "publish") == "publish" \
                and data.get("content"):
            posts.append(data)
    return posts


def make_project(folder: Path) -> Path:
    """A project like this one, without its content: mkdocs.yml, overrides/, the entity registry, assets and
    hand-written pages of docs/ (the importer's own record of the registry pages included, so it updates them)."""
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", project / "overrides")
    docs = REPO / "docs"
    for name in (*REGISTRY, "assets", "graph", "search.md", "index.md"):
        source = docs / name
        if source.is_dir():
            shutil.copytree(source, project / "docs" / name)
        elif source.exists():
            shutil.copy2(source, project / "docs" / name)
    for name in REGISTRY:
        if (docs / ".generated" / name).is_dir():
            shutil.copytree(docs / ".generated" / name, project / "docs" / ".generated" / name)
    return project


def pages_containing(site: Path, word: str) -> int:
    """Indexed pages (data-pagefind-body) whose HTML contains the word: a cross-check of the result count."""
    needle, count = word.lower().encode(), 0
    for path in site.rglob("*.html"):
        if path.is_relative_to(site / "pagefind"):
            continue
        data = path.read_bytes()
        if b"data-pagefind-body" in data and needle in data.lower():
            count += 1
    return count


def versions() -> dict:
    from importlib.metadata import version

    out = {"python": platform.python_version(), "os": platform.platform()}
    for name in ("mkdocs", "mkdocs-material", "pagefind", "pagefind_bin_extended", "playwright"):
        try:
            out[name] = version(name)
        except Exception:  # noqa: BLE001 - a missing package is reported as such
            out[name] = "not installed"
    return out


def machine() -> dict:
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gb": round(memory / 1024 / 1024), "cpu": model}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="number of articles (default 10000)")
    parser.add_argument("--keep", type=Path, help="build in this (new or empty) folder and keep it")
    parser.add_argument("--rare-word", default="Baengnyeong", help="a word of a single source post")
    parser.add_argument("--no-variants", dest="variants", action="store_false",
                        help="skip re-indexing modified copies of the site (the proposals' measurements)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write search_payload.md/.json")
    args = parser.parse_args()
    require_corpus()
    if not Path(CHROMIUM).exists():
        sys.exit(f"skipped: {CHROMIUM} is absent (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    report: dict = {"articles": args.articles, "machine": machine(), "versions": versions(),
                    "command": f"NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/search_payload.py "
                               f"--articles {args.articles}", "started": time.strftime("%Y-%m-%d %H:%M:%S %z")}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        if any(args.keep.iterdir()):
            sys.exit(f"--keep {args.keep}: the folder is not empty")
        work, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="search-payload-")
        work = Path(cleanup.name)
    try:
        run(args, work, report, sync_playwright)
    finally:
        if cleanup:
            cleanup.cleanup()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search_payload.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    (args.out / "search_payload.md").write_text(markdown(report), "utf-8")
    print(markdown(report))


def run(args, work: Path, report: dict, sync_playwright) -> None:
    # 1. content and import
    originals, sample = real_posts(), sample_posts()
    rare_sources = sum(args.rare_word.lower() in json.dumps(p, ensure_ascii=False).lower() for p in originals + sample)
    content = work / "content"
    write_pages(multiplied(originals + sample, args.articles), content)
    report["content"] = {"corpus_posts": len(originals), "sample_posts": len(sample),
                         "hangul_sample_posts": sum(bool(re.search("[\uac00-\ud7a3]", json.dumps(p, ensure_ascii=False)))
                                                    for p in sample),
                         "rare_word": args.rare_word, "rare_word_source_posts": rare_sources,
                         "corpus": str(CORPUS)}
    print(f"{args.articles} articles from {len(originals)} corpus posts and {len(sample)} sample posts", flush=True)
    project = make_project(work)
    report["project"] = str(project)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    report["import"] = timed([sys.executable, "-m", "generator", "import", str(content), "--docs", "docs", "--quiet"],
                             cwd=project, env=env)
    if report["import"]["exit"] not in (0, 1):
        sys.exit(f"import failed: {report['import']}")
    report["import"]["markdown_pages"] = sum(1 for p in (project / "docs").rglob("*.md")
                                             if ".generated" not in p.relative_to(project / "docs").parts)
    print("import:", report["import"], flush=True)

    # 2. the site as `python -m generator build` makes it
    site = project / "site"
    report["pagefind_build"] = build_pagefind_site(project, site)
    size, files = tree_size(site)
    pf_size, pf_files = tree_size(site / "pagefind")
    report["pagefind_site"] = {"bytes": size, "files": files, "pagefind_bytes": pf_size, "pagefind_files": pf_files,
                               "pagefind_parts": pagefind_parts(site / "pagefind"),
                               "html_pages": sum(1 for _ in site.rglob("*.html"))}
    print("pagefind build:", report["pagefind_build"], report["pagefind_site"], flush=True)

    # 3. the same docs with Material's built-in search
    material_site = project / "site-material"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(material_config(project)),
               "--site-dir", str(material_site)]
    report["material_build"] = timed(command, cwd=project, env=env)
    if report["material_build"]["exit"]:
        sys.exit(f"mkdocs build with Material's search failed: {report['material_build']}")
    index = material_site / "search" / "search_index.json"
    size, files = tree_size(material_site)
    report["material_site"] = {"bytes": size, "files": files, "index_bytes": index.stat().st_size,
                               "index_gzip": gzip_size(index),
                               "index_docs": len(json.loads(index.read_bytes())["docs"])}
    print("material build:", report["material_build"], report["material_site"], flush=True)

    # 4-5. in the browser
    prefix = report["site_prefix"] = urlsplit(_site_url(project)).path or "/"
    article = next(iter(sorted((site / "articles").rglob("index.html")))).parent.relative_to(site).as_posix() + "/"
    pagefind_server, material_server = CountingServer(site, prefix), CountingServer(material_site, prefix)
    all_queries = queries(args.rare_word)
    try:
        with sync_playwright() as playwright:
            browser = Browser(playwright)
            report["versions"]["chromium"] = browser.version
            report["pagefind_article_view"] = page_view(browser, pagefind_server, pagefind_server.base + article)
            report["pagefind_search_page_view"] = page_view(browser, pagefind_server, pagefind_server.base + "search/")
            report["material_article_view"] = page_view(browser, material_server, material_server.base + article,
                                                        wait_for="search_index.json")
            print("material article view:", {k: report["material_article_view"][k] for k in ("bytes", "gzip")},
                  flush=True)
            report["queries"] = []
            for query in all_queries:
                cold = cold_query(browser, pagefind_server, query)
                warm = warm_query(browser, pagefind_server, query)
                row = {"label": query.label, "params": query.params(), "cold": cold, "warm": warm}
                if query.word:
                    row["pages_containing_word"] = pages_containing(site, query.word)
                report["queries"].append(row)
                print(f"{query.label}: {cold['results']} results, search {cold['search_gzip'] / 1000:.0f} KB gz "
                      f"cold, {warm['search_gzip'] / 1000:.0f} KB warm", flush=True)
            report["filters_only"] = cold_filters_only(browser, pagefind_server)
            report["entity_box"] = focus_entity(browser, pagefind_server)
            if args.variants:
                report["variants"] = variants(browser, site, work / "variants", report, article)
            browser.browser.close()
    finally:
        pagefind_server.close()
        material_server.close()


# --- variants: what the proposals would change, measured on copies of the same build -----------

VARIANT_QUERIES = [  # (label, words, filters; "entity" is replaced by the build's own entity filter key)
    ("missile + type=post, entity=Kim Jong Un, year=2023", "missile", {"type": "post", "entity": "Kim Jong Un", "year": "2023"}),
    ("missile + entity=Kim Jong Un", "missile", {"entity": "Kim Jong Un"}),
    ("Kim Jong Un (no filter)", "Kim Jong Un", {}),
]
ENTITY_KEYS = ("entity", "person", "state", "organization", "place")
JS_SEARCH = """async ([root, query, filters, shown, entityList]) => {
  if (entityList) await (await fetch(new URL('assets/search/entities.json', root))).text();
  const pagefind = await import(new URL('pagefind/pagefind.js', root).href);
  await pagefind.options({ baseUrl: new URL(root).pathname });
  const search = await pagefind.search(query, { filters });
  await Promise.all(search.results.slice(0, shown).map(r => r.data()));
  return search.results.length;
}"""


def entity_types(site: Path) -> dict[str, str]:
    """name -> filter key, as search.js finds it (assets/search/entities.json); {} when the build has no such list."""
    path = site / "assets" / "search" / "entities.json"
    try:
        return {entry[0]: entry[1] for entry in json.loads(path.read_text("utf-8"))}  # [name, type, ...]
    except (OSError, ValueError, TypeError):
        return {}


def shard_key(key: str, name: str) -> str:
    initial = name[:1].lower()
    return f"{key}-{initial if 'a' <= initial <= 'z' else '0'}"


def make_variant(site: Path, dest: Path, drop_sort: bool, split_entities: bool, feed_links: bool) -> None:
    """A copy of the built site (hard links, except the pages it rewrites), without Pagefind's bundle."""
    keys = "|".join(ENTITY_KEYS)
    for path in site.rglob("*"):
        relative = path.relative_to(site)
        if relative.parts[0] == "pagefind" or path.is_dir():
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text("utf-8") if path.suffix == ".html" else None
        new = text
        if text and "data-pagefind-body" in text:
            if drop_sort:
                new = re.sub(r'<span hidden data-pagefind-sort="[^"]*"></span>', "", new)
            if split_entities:
                new = re.sub(rf'data-pagefind-filter="({keys}):([^"]*)"',
                             lambda m: f'data-pagefind-filter="{shard_key(m.group(1), html.unescape(m.group(2)))}:'
                                       f'{m.group(2)}"', new)
        if text and feed_links:
            new = new.replace('<link rel="alternate" type="application/', '<link rel="alternate feed" type="application/')
        if new != text:
            target.write_text(new, "utf-8")
        else:
            os.link(path, target)


def variants(browser: Browser, site: Path, folder: Path, report: dict, article: str) -> list[dict]:
    """The options that would cut the payload, each measured on the same build (re-indexed where it must be)."""
    argv = report["pagefind_build"]["pagefind (search index)"]["argv"]
    types = entity_types(site)
    page = (site / article / "index.html").read_text("utf-8")
    has_sort = "data-pagefind-sort" in page
    has_feed_links = '<link rel="alternate" type="application/' in page  # Material fetches sitemap.xml for each
    plan = [("as built (JS API, as search.js calls it)", False, False, False, 10)]
    if has_sort:
        plan.append(("no `data-pagefind-sort` (search.js never sorts)", True, False, False, 10))
    plan += [("5 results per page instead of 10", False, False, False, 5),
             ("entity filters split by initial (`person-k:Kim Jong Un`)", False, True, False, 10),
             ("all of the above" + (", and feed links `rel=\"alternate feed\"`" if has_feed_links else ""),
              has_sort, True, has_feed_links, 5)]
    out = []
    for label, drop_sort, split_entities, feed_links, shown in plan:
        changed = drop_sort or split_entities or feed_links
        dest = folder / re.sub(r"\W+", "-", label).strip("-") if changed else site
        row = {"name": label, "shown": shown}
        if changed:
            make_variant(site, dest, drop_sort, split_entities, feed_links)
            row["pagefind"] = timed([str(dest) if arg == str(site) else arg for arg in argv], env={**os.environ})
        row["meta_bytes"] = sum(p.stat().st_size for p in (dest / "pagefind").glob("*.pf_meta"))
        sizes = sorted(p.stat().st_size for p in (dest / "pagefind" / "filter").iterdir())
        row["filter_files"], row["largest_filter"] = len(sizes), sizes[-1] if sizes else 0
        server = CountingServer(dest, report["site_prefix"])
        row["queries"] = []
        for query_label, query, wanted in VARIANT_QUERIES:
            chosen = {**wanted}
            entity = chosen.pop("entity", None)
            if entity:
                key = types.get(entity, "entity")
                chosen[shard_key(key, entity) if split_entities else key] = entity
            context, page = browser.page()
            page.goto(server.base + "search/")  # no words: search.js loads nothing
            settle(page, server)
            server.take()
            results = page.evaluate(JS_SEARCH, [server.base, query, chosen, shown, bool(entity and types)])
            settle(page, server)
            row["queries"].append({"label": query_label, "filters": chosen, "results": results,
                                   **server.summary(server.take())})
            context.close()
        if feed_links:
            row["search_page_view"] = page_view(browser, server, server.base + "search/")
            row["article_view"] = page_view(browser, server, server.base + article)
        server.close()
        out.append(row)
        print("variant:", label, [(q["label"], q["results"], q["search_gzip"]) for q in row["queries"]], flush=True)
        if changed:
            shutil.rmtree(dest)
    return out


def _site_url(project: Path) -> str:
    found = re.search(r"(?m)^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text("utf-8"))
    return found.group(1) if found else "/"


def cold_filters_only(browser: Browser, server: CountingServer) -> dict:
    """Filters with no words: the interface asks for a word rather than download the whole index."""
    context, page = browser.page()
    server.take()
    page.goto(search_url(server, {"type": "post", "year": "2023"}))
    settle(page, server)
    status = page.evaluate("() => document.getElementById('kb-search-status').textContent")
    out = {"status": status, **server.summary(server.take())}
    context.close()
    return out


# --- the report -------------------------------------------------------------------------------

def kb(value: float) -> str:
    return f"{value / 1000:,.1f}"


def mb(value: float) -> str:
    return f"{value / 1_000_000:,.1f}"


def markdown(r: dict) -> str:
    v, m, c = r["versions"], r["machine"], r["content"]
    rows = r.get("queries", [])
    worst = max(rows, key=lambda row: row["cold"]["search_gzip"])
    over = [row for row in rows if row["cold"]["search_gzip"] > BUDGET_KB * 1000]
    pf, ms = r["pagefind_site"], r["material_site"]
    mat_view, pf_view, pv = r["material_article_view"], r["pagefind_article_view"], r["pagefind_search_page_view"]
    lines = [
        f"# Search payload per query: {r['articles']:,} articles, Pagefind against Material's built-in index",
        "",
        f"Measured in one run of `benchmarks/search_payload.py` on {r['started']}:",
        "",
        "```sh",
        r["command"],
        "```",
        "",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB memory; {v['os']}.",
        (f"- Versions: Python {v['python']}, mkdocs {v['mkdocs']}, mkdocs-material {v['mkdocs-material']}, "
         f"pagefind {v['pagefind']} (binary pagefind_bin_extended {v['pagefind_bin_extended']}), "
         f"playwright {v['playwright']}, Chromium {v.get('chromium', '?')} (Debian's, headless)."),
        (f"- Content: {r['articles']:,} articles made from the {c['corpus_posts']} real posts of ../shared/corpus and "
         f"the {c['sample_posts']} published sample posts of content/wordpress ({c['hangul_sample_posts']} with Hangul), "
         "copied with new IDs and dates (benchmarks/common.py). They were imported by `python -m generator import` "
         "into a temporary project holding this project's mkdocs.yml, overrides/ and docs/ registry, then built as "
         "`python -m generator build` does."),
        ("- Bytes: every response body the loopback server sent, in a fresh browser context "
         "(cold cache, `Cache-Control: no-store`). **gzip** is what a static host that gzips text (GitHub Pages) "
         "sends. Pagefind's index, fragment, filter, meta and wasm files are gzip already and count as they are. "
         ".html, .js, .css, .json, .svg and .xml count gzipped (level 6). KB = 1,000 bytes."),
        ("- **Search cost**: every file only searching fetches. That is everything under `pagefind/` "
         "(pagefind.js (and its worker, when a page runs one), the wasm, entry, meta, index chunks, filter files, the fragments of the results shown (5, as search.js shows them) "
         "shown), plus `assets/search/entities.json`, which search.js reads to know an entity's filter. "
         "**Whole page view**: every request of the search page, including its HTML, CSS, theme and search.js."),
        "",
        "## Verdict",
        "",
        (f"- **Material's built-in search**: every page view downloads `search/search_index.json` before the first "
         f"result: **{mb(ms['index_bytes'])} MB raw / {mb(ms['index_gzip'])} MB gzip**. An article page view costs "
         f"{mb(mat_view['bytes'])} MB raw / {mb(mat_view['gzip'])} MB gzip in all."),
        (f"- **Pagefind with search.js**: the costliest cold query downloads **{kb(worst['cold']['search_gzip'])} KB** "
         f"gzip ({worst['label']}), against a budget of {BUDGET_KB} KB per query. "
         + ("**Every query measured is within the budget**" if not over else
            f"**{len(over)} of {len(rows)} queries are over the budget**: "
            + ", ".join(f"{row['label']} ({kb(row['cold']['search_gzip'])} KB)" for row in over))
         + f". Cold queries without filters cost "
         f"{kb(min(row['cold']['search_gzip'] for row in rows))}–"
         f"{kb(max(row['cold']['search_gzip'] for row in rows if not row['params'].get('entity')))} KB. "
         f"The same queries cost {kb(min(row['warm']['search_gzip'] for row in rows))}–"
         f"{kb(max(row['warm']['search_gzip'] for row in rows))} KB as the second search on a page."),
        (f"- Reading a page costs {'no' if not pf_view['search_bytes'] else kb(pf_view['search_gzip']) + ' KB of'} "
         f"search files: an article page view on the Pagefind site downloads {kb(pf_view['gzip'])} KB gzip in all."),
    ]
    per_page = pf["pagefind_parts"]["meta"]["bytes"] / max(pf["pagefind_parts"]["fragment"]["files"], 1)
    margin = BUDGET_KB * 1000 - worst["cold"]["search_gzip"]
    lines.append(f"- **Margin**: {kb(margin)} KB on the costliest query. Of every first query, "
                 f"{kb(sum(worst['cold']['parts'].get(n, {}).get('gzip', 0) for n in ('js', 'wasm', 'meta', 'other')))} KB "
                 f"is fixed: pagefind.js and the wasm (search.js runs Pagefind without its worker), plus the page list `pf_meta`. `pf_meta` grows by "
                 f"about {per_page:.1f} bytes per indexed page ({pf['pagefind_parts']['fragment']['files']:,} pages "
                 "here: articles and entity pages), and the filter files grow with the pages too.")
    korean = next((row for row in rows if row["label"].startswith("김정은")), None)
    if korean:
        lines.append(f"- **Korean**: 김정은 finds {korean['cold']['results']} pages. "
                     f"{korean.get('pages_containing_word', '?')} indexed pages contain the word.")
    ok = all(row["cold"]["titles"] == row["cold"]["items"] == row["cold"]["excerpts"]
             and row["cold"]["dated"] == row["cold"]["articles"] for row in rows)
    lines.append(f"- **Results show title, date and snippet: {'yes' if ok else 'NOT ALWAYS'}**. Counted in the DOM: "
                 "a `.kb-search__title` and a `.kb-search__excerpt` for every result, and a `.kb-search__meta` line "
                 "with the date for every article. Entity pages have no date.")
    fo, eb = r.get("filters_only"), r.get("entity_box")
    if fo and eb:
        lines.append(f"- Filters with no words (`/search/?type=post&year=2023`) fetch "
                     f"{'nothing' if not fo['search_bytes'] else kb(fo['search_gzip']) + ' KB'}: "
                     "the page searches only when words are given. A word-less Pagefind search would fetch every "
                     "index chunk.")
        lines.append(f"- Clicking the \"Mentions\" box (it lists {eb['entity_names']:,} entity names) fetches "
                     f"{kb(eb['search_gzip'])} KB gzip of search files.")
    lines += ["", "## Per query (Pagefind, this site's search page)", "",
              ("- **Cold**: `/search/?q=…` opened in a fresh browser context. "
               f"**Warm**: the same query typed (Enter) as the second search on the same page, after a search for "
               f"\"{WARM_FIRST}\". "
               "**Shown**: of the results rendered (the first 5), how many have a title / how many articles have "
               "a date line / how many have a snippet."), "",
              ("| Query | Results | Shown (title / date / snippet) | Search cost, cold: KB gzip (raw) | "
               "Whole page view, cold: KB gzip (raw) | Search cost, warm: KB gzip | Time to results, cold |"),
              "|---|---:|---|---:|---:|---:|---:|"]
    for row in rows:
        cold, warm = row["cold"], row["warm"]
        check = f" ({row['pages_containing_word']} pages contain it)" if "pages_containing_word" in row else ""
        lines.append(
            f"| {row['label']} | {cold['results']}{check} | {cold['titles']} / {cold['dated']} of {cold['articles']}"
            f" / {cold['excerpts']} | **{kb(cold['search_gzip'])}** ({kb(cold['search_bytes'])}) "
            f"| {kb(cold['gzip'])} ({kb(cold['bytes'])}) | {kb(warm['search_gzip'])} | {cold['ms']:,} ms |")
    entity_first = [row for row in rows if row["cold"]["items"] and row["cold"]["articles"] * 2 < row["cold"]["items"]]
    if entity_first:
        lines += ["", "Ranking, not payload: entity pages come first for "
                  + ", ".join(f"{row['label']} ({row['cold']['items'] - row['cold']['articles']} of the first "
                              f"{row['cold']['items']})" for row in entity_first)
                  + ". Their generated lists (the articles that mention the entity, and the entities mentioned with "
                  "it) repeat the words of many articles."]
    lines += ["", "Where a cold query's search bytes go (KB gzip; requests in brackets):", "",
              ("| Query | JS (pagefind.js + worker) | wasm | entry + meta | index chunks | filter files "
               "| entities.json | fragments |"),
              "|---|---:|---:|---:|---:|---:|---:|---:|"]

    def part(row, name):
        p = row["cold"]["parts"].get(name)
        return f"{kb(p['gzip'])} ({p['requests']})" if p else "–"

    for row in rows:
        parts = row["cold"]["parts"]
        meta = sum(parts.get(n, {}).get("gzip", 0) for n in ("meta", "other"))
        lines.append(f"| {row['label']} | {part(row, 'js')} | {part(row, 'wasm')} | {kb(meta)} | {part(row, 'index')} "
                     f"| {part(row, 'filter')} | {part(row, 'entity_list')} | {part(row, 'fragment')} |")
    lines += ["", "## Material's built-in search (same docs, `plugins: [search]`)", "",
              "| What | Raw | gzip |", "|---|---:|---:|",
              (f"| `search/search_index.json` ({ms['index_docs']:,} entries) | {mb(ms['index_bytes'])} MB "
               f"| {mb(ms['index_gzip'])} MB |"),
              (f"| One article page view, fresh context (Material fetches the index on page load) "
               f"| {mb(mat_view['bytes'])} MB | {mb(mat_view['gzip'])} MB |"),
              f"| The same article page view on the Pagefind site | {kb(pf_view['bytes'])} KB | {kb(pf_view['gzip'])} KB |",
              f"| The Pagefind site's search page, no query yet | {kb(pv['bytes'])} KB | {kb(pv['gzip'])} KB |",
              "", "## Build and index", "",
              "| Step | Time | Peak memory |", "|---|---:|---:|"]
    imp = r["import"]
    lines.append(f"| `python -m generator import` ({r['articles']:,} posts; {imp['markdown_pages']:,} Markdown pages "
                 f"after it) | {imp['seconds']} s | {imp['max_rss_mb']:,} MB |")
    for what, step in r["pagefind_build"].items():
        if "seconds" not in step:
            continue  # the Pagefind command line the variants re-index with: timed within the build
        memory = step.get("max_rss_mb", step.get("max_rss_mb_children"))  # the build: its largest child, Pagefind
        lines.append(f"| {what} | {step['seconds']} s | {memory:,} MB |")
    mbuild = r["material_build"]
    lines.append(f"| mkdocs build with Material's search plugin (comparison only) | {mbuild['seconds']} s "
                 f"| {mbuild['max_rss_mb']:,} MB |")
    lines += ["", "| Output | Size | Files |", "|---|---:|---:|",
              f"| Pagefind site, whole (`site/`, {pf['html_pages']:,} HTML files) | {mb(pf['bytes'])} MB | {pf['files']:,} |",
              f"| of which the Pagefind bundle (`site/pagefind/`) | {mb(pf['pagefind_bytes'])} MB | {pf['pagefind_files']:,} |"]
    for name, p in pf["pagefind_parts"].items():
        lines.append(f"| … {name} (largest file {kb(p['largest'])} KB) | {mb(p['bytes'])} MB | {p['files']:,} |")
    lines.append(f"| Material-search site, whole | {mb(ms['bytes'])} MB | {ms['files']:,} |")
    errors = sorted({e for row in rows for e in row["cold"]["console_errors"] + row["cold"]["errors"]})
    lines += ["", f"Browser console errors and HTTP errors during the queries: {', '.join(errors) if errors else 'none'}.",
              ""]
    sitemap = pf_view["parts"].get("sitemap")
    if sitemap:
        lines += ["## Page weight outside search", "",
                  (f"Every page view of either build also downloads `sitemap.xml` "
                   f"{ {1: 'once', 2: 'twice'}.get(sitemap['requests'], str(sitemap['requests']) + ' times')}: "
                   f"**{kb(sitemap['gzip'])} KB gzip ({mb(sitemap['bytes'])} MB raw)** of the "
                   f"{kb(pf_view['gzip'])} KB an article page view costs. Material's bundle fetches `sitemap.xml` "
                   "relative to every `<link rel=\"alternate\">` in the page (its language-selector code), and "
                   "overrides/main.html adds two such links, for the RSS and JSON feeds. This is not part of the "
                   "search cost above, but it is in the whole-page-view column."), ""]
    if r.get("variants"):
        lines += variants_markdown(r, rows, over)
    return "\n".join(lines)


PROPOSALS = {
    "no `data-pagefind-sort`": ("Drop `data-pagefind-sort` from overrides/main.html. search.js never sorts, and the "
                                "sort key is part of `pf_meta`, which every first query downloads."),
    "5 results": "Set `PAGE = 5` in search.js, so that 5 result fragments are fetched per page instead of 10.",
    "split by initial": ("Split each entity filter by the name's initial. In overrides/main.html, write "
                         "`data-pagefind-filter=\"person-k:Kim Jong Un\"`: the type, `-`, then the lower-case initial "
                         "a–z, or `0` for any other. In search.js, send `chosen[type + \"-\" + initial(name)] = name`. "
                         "entities.json stays as it is. A filtered search then fetches one shard of the type's filter, "
                         "not all of it."),
    "feed links": ("Write the feed links as `rel=\"alternate feed\"`, or leave them out of the head, so that Material "
                   "stops fetching `sitemap.xml` twice on every page view. Readers that split `rel` into words, as "
                   "HTML does, still see a feed link."),
}


def variants_markdown(r: dict, rows: list[dict], over: list[dict]) -> list[str]:
    lines = ["## Over the budget: why, and what would bring it under" if over else
             "## Headroom: what would cut the search payload further", ""]
    if over:
        for row in over:
            parts = row["cold"]["parts"]
            fixed = sum(parts.get(n, {}).get("gzip", 0) for n in ("js", "wasm", "meta", "other"))
            lines.append(f"- **{row['label']}**: {kb(row['cold']['search_gzip'])} KB. Of that, {kb(fixed)} KB is "
                         "what every first query pays (pagefind.js, the wasm, the page list `pf_meta`), "
                         f"{kb(parts.get('index', {}).get('gzip', 0))} KB is index chunks, "
                         f"{kb(parts.get('filter', {}).get('gzip', 0))} KB is whole filter files, and "
                         f"{kb(parts.get('fragment', {}).get('gzip', 0))} KB is result fragments.")
        lines.append("")
    lines += [("Each option was measured on a copy of the same build, re-indexed with the same Pagefind command "
               "where the pages change. Each query ran in a fresh browser context through Pagefind's JS API, as "
               "search.js calls it: entities.json when an entity is chosen, `search()`, then `data()` of the results "
               "shown. Figures are KB gzip of search files:"), "",
              "| Option | `pf_meta` | Filter files (largest) | "
              + " | ".join(label for label, _, _ in VARIANT_QUERIES) + " |",
              "|---|---:|---:|" + "---:|" * len(VARIANT_QUERIES)]
    for row in r["variants"]:
        cells = " | ".join(f"**{kb(q['search_gzip'])}** ({q['results']} results)" for q in row["queries"])
        lines.append(f"| {row['name']} | {kb(row['meta_bytes'])} KB | {row['filter_files']} "
                     f"({kb(row['largest_filter'])} KB) | {cells} |")
    feed = next((row for row in r["variants"] if "search_page_view" in row), None)
    if feed:
        lines += ["", (f"With the feed links as `rel=\"alternate feed\"`, the search page view (no query) costs "
                       f"{kb(feed['search_page_view']['gzip'])} KB gzip ({kb(feed['search_page_view']['bytes'])} KB raw) "
                       f"instead of {kb(r['pagefind_search_page_view']['gzip'])} KB. An article page view costs "
                       f"{kb(feed['article_view']['gzip'])} KB instead of {kb(r['pagefind_article_view']['gzip'])} KB.")]
    names = " ".join(row["name"] for row in r["variants"])
    chosen = [text for key, text in PROPOSALS.items() if key in names]
    lines += ["", "Proposed, not implemented here (changes to overrides/main.html and docs/assets/javascripts/search.js):",
              "", *[f"{number}. {text}" for number, text in enumerate(chosen, 1)], ""]
    return lines


if __name__ == "__main__":
    main()
