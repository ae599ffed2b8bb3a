"""Search payload per query on a 10,000-article site: Pagefind (this site's search) against
Material's built-in index, measured in one run on the project's real pipeline.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/search_payload.py --articles 10000

(from the project folder; needs requirements-dev.txt and Debian's chromium at /usr/bin/chromium,
never `playwright install`). Takes about 10 minutes on 2 cores and needs ~3 GB of memory and
~1 GB of disk. Writes benchmarks/results/search_payload.md and search_payload.json.

What it does:
1. Makes N articles from the real posts in ../shared/corpus plus the sample content's posts
   (content/wordpress: Korean-peninsula news, Hangul included), multiplied with new IDs and
   dates (common.multiplied). Writes them as /wp/v2/posts pages into a temporary project that
   has copies of mkdocs.yml, overrides/ and docs/ (the entity registry, assets, search page;
   not the articles or archive), and runs `python -m generator import` there.
2. Builds the site as `python -m generator build` does (generator.site.build_site: `mkdocs
   build --strict`, then Pagefind), timing MkDocs and Pagefind separately.
3. Builds the same docs again with Material's built-in search (`plugins: [search]`, no
   search.js) into another folder.
4. Serves each site on 127.0.0.1 (under site_url's path) with `Cache-Control: no-store`, and
   opens pages in Debian's Chromium through Playwright, one fresh browser context (cold cache)
   per measurement. Every response the server sends is counted: raw bytes, and the bytes a
   static host that gzips text (GitHub Pages) would send (Pagefind's index, fragment, filter,
   meta and wasm files are gzip already: counted as they are; .html/.js/.css/.json/.svg/.xml
   gzipped at level 6). "Search cost" is every request under /pagefind/, i.e. what searching
   adds to the page's own HTML, CSS, theme and search.js; "whole page view" is every request.

Skips with a message when ../shared/corpus is absent.
"""
from __future__ import annotations

import argparse
import gzip
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
    return {"command": " ".join(command), "seconds": round(time.perf_counter() - started, 1),
            "max_rss_mb": round(usage.ru_maxrss / 1024), "exit": process.returncode}


def build_pagefind_site(project: Path, site_dir: Path) -> dict:
    """generator.site.build_site, exactly, with each of the programs it runs timed."""
    from generator import site

    steps = {}

    def run(command, what, *_, **__):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        steps[what] = timed(command, cwd=project, env=env)
        if steps[what]["exit"]:
            raise site.SiteError(f"{what} failed (see its messages above)")

    original = site._run
    site._run = run
    try:
        site.build_site(site_dir, project / "mkdocs.yml")
    finally:
        site._run = original
    return steps


def material_config(project: Path) -> Path:
    """mkdocs.yml with Material's built-in search on and without the Pagefind interface."""
    text = (project / "mkdocs.yml").read_text("utf-8")
    text, plugins = re.subn(r"(?m)^plugins:\s*\[\s*\]\s*$", "plugins:\n  - search", text)
    text, scripts = re.subn(r"(?m)^\s*-\s*assets/javascripts/search\.js.*\n", "", text)
    if plugins != 1 or scripts != 1:
        sys.exit("mkdocs.yml no longer has `plugins: []` and the search.js line this benchmark edits")
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


def category(path: str) -> str:
    if "/pagefind/" not in path:
        return "search_index" if path.endswith("search/search_index.json") else "page"
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
            if "/pagefind/" in path:
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
  return document.querySelectorAll('#kb-search-results li').length >= Math.min(10, +found[1]);
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
    report["import"]["markdown_pages"] = sum(1 for _ in (project / "docs").rglob("*.md"))
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
    prefix = urlsplit(_site_url(project)).path or "/"
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
            browser.browser.close()
    finally:
        pagefind_server.close()
        material_server.close()


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
    worst = max(rows, key=lambda row: row["cold"]["search_gzip"]) if rows else None
    over = [row for row in rows if row["cold"]["search_gzip"] > BUDGET_KB * 1000]
    pf, ms = r["pagefind_site"], r["material_site"]
    mat_view, pf_view = r["material_article_view"], r["pagefind_article_view"]
    lines = [
        f"# Search payload per query: {r['articles']:,} articles, Pagefind against Material's built-in index",
        "",
        f"Measured in one run of `benchmarks/search_payload.py` on {r['started']}.",
        "",
        "```sh",
        r["command"],
        "```",
        "",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB memory; {v['os']}.",
        (f"- Versions: Python {v['python']}, mkdocs {v['mkdocs']}, mkdocs-material {v['mkdocs-material']}, "
        f"pagefind {v['pagefind']} (binary pagefind_bin_extended {v['pagefind_bin_extended']}), "
        f"playwright {v['playwright']}, Chromium {v.get('chromium', '?')} (Debian's, headless)."),
        (f"- Content: {r['articles']:,} articles made from {c['corpus_posts']} real posts of ../shared/corpus and "
        f"the {c['sample_posts']} published sample posts of content/wordpress ({c['hangul_sample_posts']} with Hangul), "
        "copied with new IDs and dates (benchmarks/common.py), imported by `python -m generator import` into a "
        "temporary project with this project's mkdocs.yml, overrides/ and docs/ registry, then built as "
        "`python -m generator build` does."),
        ("- Bytes: every response body the loopback server sent, per page view, in a fresh browser context "
        "(cold cache, `Cache-Control: no-store`). **gzip** = what a static host that gzips text (GitHub Pages) "
        "sends: Pagefind's index, fragment, filter, meta and wasm files are gzip already and count as they are; "
        ".html/.js/.css/.json/.svg are counted gzipped (level 6). KB = 1,000 bytes."),
        ("- **Search cost** = every request under `/pagefind/` (pagefind.js, its worker, wasm, entry, meta, index "
        "chunks, filter files, the fragments of the 10 results shown). **Whole page view** = every request of "
        "the search page, its HTML, CSS, theme, search.js included."),
        "",
        "## Verdict",
        "",
    ]
    if worst:
        lines.append(
            f"- **Material's built-in search**: every page view downloads `search/search_index.json`, "
            f"**{mb(ms['index_bytes'])} MB raw / {mb(ms['index_gzip'])} MB gzip**, before the first result "
            f"(an article page view: {mb(mat_view['bytes'])} MB raw / {mb(mat_view['gzip'])} MB gzip in all).")
        budget = "within" if not over else "over"
        lines.append(
            f"- **Pagefind with search.js**: the costliest cold query downloads **{kb(worst['cold']['search_gzip'])} KB** "
            f"gzip ({worst['label']}); budget {BUDGET_KB} KB per query: "
            + ("**every query measured is within it**." if not over else
               f"**{len(over)} of {len(rows)} queries are {budget} it**: "
               + ", ".join(f"{row['label']} ({kb(row['cold']['search_gzip'])} KB)" for row in over) + "."))
        lines.append(
            f"- An article page view on the Pagefind site downloads {kb(pf_view['gzip'])} KB gzip and no search "
            f"file ({pf_view['parts'].get('js', {}).get('requests', 0) + pf_view['parts'].get('index', {}).get('requests', 0)}"
            " Pagefind requests): search costs nothing until the reader searches.")
        korean = next((row for row in rows if row["label"].startswith("김정은")), None)
        if korean:
            lines.append(f"- Korean: 김정은 finds {korean['cold']['results']} pages "
                         f"({korean.get('pages_containing_word', '?')} indexed pages contain the word).")
        ok = all(row["cold"]["titles"] == row["cold"]["items"] == row["cold"]["excerpts"]
                 and row["cold"]["dated"] == row["cold"]["articles"] for row in rows)
        lines.append(f"- Results show title, date and snippet: {'yes' if ok else 'NOT ALWAYS'} "
                     "(counted in the DOM: a `.kb-search__title` and a `.kb-search__excerpt` for every result, "
                     "a `.kb-search__meta` line with the date for every article; entity pages have no date).")
    lines += ["", "## Per query (Pagefind, this site's search page)", "",
              ("Cold: `/search/?q=…` opened in a fresh browser context. Warm: the same query typed (Enter) as the "
              f"second search on the same page, after a search for \"{WARM_FIRST}\". Shown: of the results rendered "
              "(the first 10), how many have a title / are articles with a date line / have a snippet."), "",
              ("| Query | Results | Shown (title/date/snippet) | Search cost, cold: KB gzip (raw) | Whole page view, "
              "cold: KB gzip (raw) | Search cost, warm: KB gzip | Time to results, cold |"),
              "|---|---:|---|---:|---:|---:|---:|"]
    for row in rows:
        cold, warm = row["cold"], row["warm"]
        check = f" ({row['pages_containing_word']} pages contain it)" if "pages_containing_word" in row else ""
        lines.append(
            f"| {row['label']} | {cold['results']}{check} | {cold['titles']} / {cold['dated']} of {cold['articles']} / {cold['excerpts']} "
            f"| **{kb(cold['search_gzip'])}** ({kb(cold['search_bytes'])}) | {kb(cold['gzip'])} ({kb(cold['bytes'])}) "
            f"| {kb(warm['search_gzip'])} | {cold['ms']:,} ms |")
    lines += ["", "Where a cold query's search bytes go (KB as sent; requests in brackets):", "",
              "| Query | JS (pagefind.js + worker) | wasm | entry + meta | index chunks | filter files | fragments |",
              "|---|---:|---:|---:|---:|---:|---:|"]

    def part(row, name):
        p = row["cold"]["parts"].get(name)
        return f"{kb(p['gzip'])} ({p['requests']})" if p else "–"

    for row in rows:
        parts = row["cold"]["parts"]
        meta = sum(parts.get(n, {}).get("gzip", 0) for n in ("meta", "other"))
        lines.append(f"| {row['label']} | {part(row, 'js')} | {part(row, 'wasm')} | {kb(meta)} | {part(row, 'index')} "
                     f"| {part(row, 'filter')} | {part(row, 'fragment')} |")
    fo, eb = r.get("filters_only"), r.get("entity_box")
    if fo and eb:
        lines += ["", "Other interactions:", "",
                  (f"- Filters with no words (`/search/?type=post&year=2023`): {kb(fo['search_gzip'])} KB of search "
                  f"files: the page searches only when words are given (a word-less Pagefind search fetches every "
                  "index chunk)."),
                  (f"- Clicking the \"Mentions\" box (loads every entity name for its suggestion list, Pagefind "
                  f"`filters()`): **{kb(eb['search_gzip'])} KB** gzip of search files, {eb['entity_names']:,} names, "
                  "on a page with no search yet.")]
    pv = r["pagefind_search_page_view"]
    lines += ["", "## Material's built-in search (same docs, `plugins: [search]`)", "",
              "| What | Raw | gzip |", "|---|---:|---:|",
              (f"| `search/search_index.json` ({ms['index_docs']:,} entries) | {mb(ms['index_bytes'])} MB "
              f"| {mb(ms['index_gzip'])} MB |"),
              (f"| One article page view, fresh context (index fetched on page load) | {mb(mat_view['bytes'])} MB "
              f"| {mb(mat_view['gzip'])} MB |"),
              f"| The same article page view on the Pagefind site | {kb(pf_view['bytes'])} KB | {kb(pf_view['gzip'])} KB |",
              f"| The Pagefind site's search page, no query yet | {kb(pv['bytes'])} KB | {kb(pv['gzip'])} KB |",
              "", "## Build and index", "",
              "| Step | Time | Peak memory |", "|---|---:|---:|"]
    imp = r["import"]
    lines.append(f"| `python -m generator import` ({r['articles']:,} posts, {imp['markdown_pages']:,} Markdown pages "
                 f"after it) | {imp['seconds']} s | {imp['max_rss_mb']:,} MB |")
    for what, step in r["pagefind_build"].items():
        command = step["command"].replace(sys.executable, "python").replace(r["project"] + "/", "")
        lines.append(f"| {what} (`{command}`) | {step['seconds']} s "
                     f"| {step['max_rss_mb']:,} MB |")
    mbuild = r["material_build"]
    lines.append(f"| mkdocs build with Material's search plugin | {mbuild['seconds']} s | {mbuild['max_rss_mb']:,} MB |")
    lines += ["", "| Output | Size | Files |", "|---|---:|---:|",
              f"| Pagefind site, whole (`site/`) | {mb(pf['bytes'])} MB | {pf['files']:,} |",
              f"| of which the Pagefind bundle (`site/pagefind/`) | {mb(pf['pagefind_bytes'])} MB | {pf['pagefind_files']:,} |"]
    for name, p in pf["pagefind_parts"].items():
        lines.append(f"| … {name} (largest file {kb(p['largest'])} KB) | {mb(p['bytes'])} MB | {p['files']:,} |")
    lines.append(f"| Material-search site, whole | {mb(ms['bytes'])} MB | {ms['files']:,} |")
    errors = sorted({e for row in rows for e in row["cold"]["console_errors"] + row["cold"]["errors"]})
    lines += ["", f"Browser console errors and HTTP errors during the queries: {', '.join(errors) if errors else 'none'}.",
              ""]
    if over:
        lines += ["## Over the budget: why, and what would fix it", "", *PROPOSALS, ""]
    return "\n".join(lines)


PROPOSALS = [
    "Filled in after the run from the per-part table above (see the end of this file).",
]

if __name__ == "__main__":
    main()
