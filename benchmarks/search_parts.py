"""The search index in parts (generator/site/search.py) at N times a built site's size: Pagefind's
peak memory and CPU time per part, and what each first query downloads.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/search_parts.py --project DIR --times 5

DIR is a project that `benchmarks/search_payload.py --keep DIR` built (DIR/project: its site/
and the search mirror of its pages in .cache/wpkb/site/<id>/search). The mirror's copies are
repeated N times into a new mirror, each repetition's dates moved on by as many years as the
site spans (so 10,000 articles from 2010-2025 become 50,000 from 2010-2089, each period as full
as the original's), and the entity pages kept once. Then:

1. search.update_index writes the full index of the new mirror in parts, as a full `build` does;
   each Pagefind run is timed apart (os.wait4: peak resident memory, user + system CPU).
2. A hard-linked copy of the project's site/ gets that index in place of its own (and this
   repository's docs/assets/javascripts/search.js in place of its own), and each query
   of benchmarks/search_payload.py is opened cold on its search page, as that benchmark does:
   the bytes only searching costs (gzip, as a host that gzips text sends them) and the results.

The repeated articles are the same text under other addresses and dates: the index's words and
their frequencies per part are those of the original site; what grows is the number of parts
and the number of pages a search could reach. Needs ~2 GB of disk per 10,000 articles.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_payload import WAIT_FOR_RESULTS, Browser, CountingServer, _site_url, cold_rows, settle

from generator.site import search as site_search

_DATED = re.compile(rb'data-pagefind-sort="date:(\d{4})')
_YEAR_ATTRIBUTES = re.compile(rb'((?:data-pagefind-(?:sort|meta)="date:|data-\d+=")|datetime=")(\d{4})(?=[-"])')


def shifted(copy: bytes, years: int) -> bytes:
    """A copy's dates (sort and meta values, the year filter) moved on by `years`."""
    if not years:
        return copy
    return _YEAR_ATTRIBUTES.sub(lambda m: m.group(1) + str(int(m.group(2)) + years).encode(), copy)


def grow(mirror: Path, dest: Path, times: int) -> dict[str, list]:
    """The new mirror; its pages' records (dest -> [sha, size, sort values]) as a build keeps them."""
    shutil.rmtree(dest, ignore_errors=True)
    pages = {}
    copies = sorted(path for path in mirror.rglob("*.html"))
    years = sorted({int(m.group(1)) for path in copies if (m := _DATED.search(path.read_bytes()))})
    span = years[-1] - years[0] + 1 if years else 0
    for path in copies:
        relative = path.relative_to(mirror).as_posix()
        data = path.read_bytes()
        dated = _DATED.search(data) is not None
        for number in range(times if dated else 1):
            name = relative if number == 0 else f"{relative.split('/')[0]}-{number}/{relative.split('/', 1)[1]}"
            copy = shifted(data, number * span)
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(copy)
            pages[name] = [hashlib.sha256(copy).hexdigest(), len(copy), site_search.sort_values(copy)]
    return pages


RUNS: list[dict] = []


def timed_run(site: Path, output: Path) -> None:
    """search._run, with each Pagefind run's peak memory and CPU time recorded."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output.resolve()),
               *site_search.OPTIONS, "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise site_search.IndexFailed("pagefind failed")
    RUNS.append({"pages": sum(1 for _ in site.rglob("*.html")), "max_rss_mb": round(usage.ru_maxrss / 1024),
                 "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "wall_s": round(time.perf_counter() - started, 1)})


def measure_queries(site: Path, prefix: str) -> list[dict]:
    return cold_rows(CountingServer(site, prefix), "Baengnyeong")


def press_earlier(site: Path, prefix: str, text: str) -> list[tuple[str, float]]:
    """One query opened cold, then its "earlier" button pressed until it is gone: the status line
    and the bytes only searching cost (gzip, KB) after the query and after each press."""
    from playwright.sync_api import sync_playwright

    server = CountingServer(site, prefix)
    steps = []
    try:
        with sync_playwright() as playwright:
            browser = Browser(playwright)
            context, page = browser.page()
            server.take()
            page.goto(server.base + "search/?" + urlencode({"q": text}))
            while True:
                page.wait_for_function(WAIT_FOR_RESULTS, timeout=120_000)
                settle(page, server)
                status = page.locator("#kb-search-status").inner_text()
                steps.append((status, round(server.summary(server.take())["search_gzip"] / 1e3, 1)))
                if not page.locator("#kb-search-earlier").is_visible():
                    break
                page.locator("#kb-search-earlier").click()
                page.wait_for_function(f"document.getElementById('kb-search-status').textContent !== {json.dumps(status)}")
            context.close()
            browser.browser.close()
    finally:
        server.close()
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, required=True, help="what search_payload.py --keep DIR kept (DIR)")
    parser.add_argument("--times", type=int, default=5, help="how many times the articles are repeated (5: 50,000)")
    parser.add_argument("--no-queries", action="store_true", help="only write the index")
    parser.add_argument("--reuse", action="store_true", help="query the index an earlier run wrote (DIR/parts-xN)")
    parser.add_argument("--earlier", action="append", default=[], metavar="QUERY",
                        help="also open QUERY and press its \"earlier\" button until every part is searched")
    args = parser.parse_args()
    project = args.project / "project" if (args.project / "project").is_dir() else args.project
    work = args.project / f"parts-x{args.times}"
    site = work / "site"
    if not (args.reuse and (site / "pagefind" / site_search.MANIFEST).is_file()):
        write(project, work, args.times)
    script = site / "assets" / "javascripts" / "search.js"  # this repository's, not the kept site's
    script.unlink()  # a hard link to the kept site's
    shutil.copyfile(Path(__file__).resolve().parent.parent / "docs" / "assets" / "javascripts" / "search.js", script)
    prefix = urlsplit(_site_url(project)).path
    for text in args.earlier:
        print(f"{text}: " + " -> ".join(f"{status} ({size} KB)" for status, size in press_earlier(site, prefix, text)))
    if args.no_queries:
        return
    rows = measure_queries(site, prefix)
    print(f"{'query':55} {'results':>8} {'KB gzip':>8}  status")
    for row in rows:
        print(f"{row['label']:55} {row['results']:>8} {row['search_gzip'] / 1e3:8.1f}  {row['status']}"
              + (f"  errors: {row['errors']}" if row["errors"] else ""))
    (work / "queries.json").write_text(json.dumps(rows, indent=1))


def write(project: Path, work: Path, times: int) -> None:
    """The grown mirror and its index in parts, in a copy of the project's site (work/site)."""
    mirrors = sorted((project / ".cache" / "wpkb" / "site").glob("*/search"))
    if len(mirrors) != 1:
        sys.exit(f"expected one search mirror under {project / '.cache/wpkb/site'}, found {len(mirrors)}")
    mirror = work / "search"
    started = time.perf_counter()
    pages = grow(mirrors[0], mirror, times)
    print(f"{len(pages):,} indexed pages ({sum(r[1] for r in pages.values()) / 1e6:.0f} MB of copies), "
          f"made in {time.perf_counter() - started:.0f} s", flush=True)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run(["cp", "-al", str(project / "site"), str(site)], check=True)
    shutil.rmtree(site / "pagefind")
    site_search._run = timed_run
    started = time.perf_counter()
    _, report = site_search.update_index(site, site_search.SearchMirror(mirror, fresh=False), pages, None, True)
    manifest = json.loads((site / "pagefind" / site_search.MANIFEST).read_text("utf-8"))
    print(f"index written ({report.how}) in {time.perf_counter() - started:.0f} s: {len(RUNS)} Pagefind runs, "
          f"{sum(r['cpu_s'] for r in RUNS):.0f} s CPU, peak {max(r['max_rss_mb'] for r in RUNS):,} MB "
          f"(the largest part: {max(r['pages'] for r in RUNS):,} pages)", flush=True)
    for part, run in zip([{"name": "(root)"}, *sorted(manifest["parts"], key=lambda p: p["name"])], RUNS):
        print(f"  {part['name']:>16} {run['pages']:>6} pages {run['max_rss_mb']:>6} MB {run['cpu_s']:>6} s CPU")
    (work / "index.json").write_text(json.dumps({"runs": RUNS, "parts": manifest["parts"]}, indent=1))


if __name__ == "__main__":
    main()
