"""Site build speed for N posts made from the real posts in ../shared/corpus.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/build_speed.py --posts 10000 [--keep DIR]

Imports N posts into a copy of the project (benchmarks/search_payload.py make_project), then
times the site stage as `python -m generator build --no-import` runs it (generator.site.build_site):
a full build (empty state), a build with nothing changed, and a build after one new post was
imported (the import's own time printed apart). Beside them, a plain `mkdocs build --strict` of
the same docs/ into another folder (no search index). Prints the site's size, its number of HTML
pages and its largest HTML page, then its bytes by kind of page (files, MB, KB a file, KB per
imported post: what BENCHMARKS.md's "Site size at 10,000 articles" tabulates and extrapolates).
--keep DIR keeps the project there (and reuses it when it holds an imported project of the same
size); --reimport imports that kept project again with this repository's mkdocs.yml, overrides/
and docs/assets/ (after a change to the templates or the theme). --size-only stops after the full
build and its sizes; --incremental-only (with a kept, built project) skips the full build;
--no-plain skips the plain `mkdocs build`. --no-index (with --size-only) renders the pages as a
full build does, search copies taken and the pages slimmed as for the index, but runs no Pagefind:
the HTML's size at 50,000 posts, where one Pagefind run would need about 18 GB (BENCHMARKS.md,
"Memory at 50,000").
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, forkserver_cpu, multiplied, posts_parser, real_posts, require_corpus, write_pages


def _cpu() -> tuple[float, float, float, float]:
    """CPU seconds (user and system) of this process and of its finished children (the page
    workers, Pagefind, mkdocs, the deletion of the last full build's files): on a shared machine
    they vary less than the wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # The import's workers are the forkserver's children: their time is in its counters (user and system as one).
    return own.ru_utime, own.ru_stime, children.ru_utime + forkserver_cpu(), children.ru_stime


def timed(label: str, action) -> float:
    started, cpu, load = time.perf_counter(), _cpu(), os.getloadavg()[0]
    result = action()
    elapsed = time.perf_counter() - started
    user, system, child_user, child_system = (after - before for after, before in zip(_cpu(), cpu))
    print(f"{label}: {elapsed:.1f} s, CPU {user + system:.1f} s here (system {system:.1f}) + "
          f"{child_user + child_system:.1f} s in children (system {child_system:.1f}), load "
          f"{load:.1f} before, {os.getloadavg()[0]:.1f} after" + (f" ({result})" if result else ""), flush=True)
    return elapsed


def site_size(site: Path) -> str:
    total, pages, largest = 0, 0, (0, "")
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                pages += 1
                largest = max(largest, (size, str(path.relative_to(site))))
    return (f"{total / 1e6:.0f} MB, {pages} HTML pages, largest {largest[1]} ({largest[0] / 1e3:.0f} KB)")


ENTITY_FOLDERS = ("people", "states", "organizations", "places")
_REFRESH = re.compile(rb'http-equiv="?refresh')  # a redirect page, quoted as before stop 26 or not


def page_kind(relative: str, start: bytes) -> str:
    """The kind of a site file, by its path (and, for an HTML file, its first bytes: a redirect)."""
    parts = relative.split("/")
    top = parts[0]
    if top == "pagefind":
        # pagefind/fragment/… of one index, pagefind/part/<name>/fragment/… of the index in parts
        return "pagefind/ fragments" if "fragment" in parts[1:-1] else "pagefind/ index and script"
    if top == "articles":
        return "articles"
    if top in ENTITY_FOLDERS:
        if parts[1:2] == ["by-year"]:
            if relative.endswith(".html") and _REFRESH.search(start):
                return "entity year redirects (old parts)"
            return "entity year pages and parts"
        return "entity indexes (A-Z)" if len(parts) == 2 else "entity pages"
    if top == "assets" and parts[1:2] in (["graph"], ["charts"]):
        return f"assets/{parts[1]}/"
    if top == "archive":
        return "archive (months)"
    if top in ("tags", "categories", "authors"):
        return "tags, categories, authors (and years)"
    if relative.endswith(".html") and _REFRESH.search(start):
        return "old-address redirects"
    return "everything else"


def sizes_by_kind(site: Path, posts: int) -> str:
    sizes: dict[str, list[int]] = {}
    for path in site.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            with path.open("rb") as handle:
                start = handle.read(600) if relative.endswith(".html") else b""
            entry = sizes.setdefault(page_kind(relative, start), [0, 0])
            entry[0] += 1
            entry[1] += path.stat().st_size
    rows = [f"{'kind':40} {'files':>7} {'MB':>8} {'KB/file':>8} {'KB/post':>8}"]
    for kind, (files, size) in sorted(sizes.items(), key=lambda kv: -kv[1][1]):
        rows.append(f"{kind:40} {files:7} {size / 1e6:8.2f} {size / files / 1e3:8.2f} {size / posts / 1e3:8.2f}")
    total = sum(size for _, size in sizes.values())
    rows.append(f"{'site':40} {sum(files for files, _ in sizes.values()):7} {total / 1e6:8.2f} {'':8} {total / posts / 1e3:8.2f}")
    return "\n".join(rows)


def build_pages_only(site: Path, docs: Path) -> str:
    """A full build without the search index: the pages rendered, their search copies taken (so
    that each page is written as a full build writes it), no Pagefind."""
    from generator.site import pages as site_pages
    from generator.site import search as site_search
    from generator.site import state_folder
    from generator.site.trash import Trash

    folder = state_folder(docs, site)
    (folder / "state.json").unlink(missing_ok=True)  # no index written: the next build is a full one
    trash = Trash()
    mirror = site_search.SearchMirror(folder / "search", fresh=True, trash=trash)
    try:
        report, _ = site_pages.render_pages(Path("mkdocs.yml"), site, None, True, mirror.put, trash)
    finally:
        trash.wait()
    return f"{report.rendered} pages rendered, no search index"


def refresh_theme(project: Path) -> None:
    """A kept project takes this repository's mkdocs.yml, overrides/ and static assets."""
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for name, target in (("overrides", project / "overrides"), ("docs/assets", project / "docs" / "assets")):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(REPO / name, target)


def main() -> None:
    parser = posts_parser(__doc__)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the imported project in this folder")
    parser.add_argument("--reimport", action="store_true",
                        help="import a kept project again, with this repository's mkdocs.yml, overrides/ and assets")
    parser.add_argument("--size-only", action="store_true", help="stop after the full build and its sizes by kind")
    parser.add_argument("--incremental-only", action="store_true",
                        help="with --keep: no full build, only the builds with nothing changed and after one new post")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain `mkdocs build` at the end")
    parser.add_argument("--no-index", action="store_true",
                        help="with --size-only: the full build's pages without Pagefind (sizes at 50,000)")
    args = parser.parse_args()
    require_corpus()
    from search_payload import make_project

    from generator.core import config
    from generator.importer import run_import as import_posts
    from generator.site import build_site

    originals = real_posts()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        project, source = folder / "project", folder / "content"

        def run_import(sources, docs):  # as the CLI imports: with mkdocs.yml's settings (feeds, site name)
            settings = config.mkdocs_settings(project / "mkdocs.yml")
            return import_posts(sources, docs, settings.get("site_name") or "Knowledge base", settings=settings)

        marker = folder / "imported.json"
        if args.reimport and project.exists():
            refresh_theme(project)
            marker.unlink(missing_ok=True)
        if not (marker.exists() and json.loads(marker.read_text()) == {"posts": args.posts, "settings": True}):
            if not project.exists():
                make_project(folder)
                write_pages(multiplied(originals, args.posts), source)
            timed(f"import of {args.posts} posts (not part of the build)",
                  lambda: run_import([source], project / "docs").counts())
            marker.write_text(json.dumps({"posts": args.posts, "settings": True}))
        os.chdir(project)  # as the CLI runs: from the project folder
        docs, site = project / "docs", project / "site"
        if args.no_index:
            if not args.size_only:
                parser.error("--no-index needs --size-only")
            timed("full build of the pages (no search index)", lambda: build_pages_only(site, docs))
            print(f"site: {site_size(site)}", flush=True)
            print(sizes_by_kind(site, args.posts), flush=True)
            return
        if not args.incremental_only:
            timed("full build (mkdocs + Pagefind, empty state)",
                  lambda: build_site(site, Path("mkdocs.yml"), docs, full=True).summary())
            print(f"site: {site_size(site)}", flush=True)
            print(sizes_by_kind(site, args.posts), flush=True)
        if args.size_only:
            return
        timed("build, nothing changed", lambda: build_site(site, Path("mkdocs.yml"), docs).summary())
        new = multiplied(originals, args.posts + 1)[-1]
        # A post the kept project has never seen: the importer does not bring back a page that was
        # deleted from docs/ (as the last run's new post was), so each run's has its own id and slug.
        runs = folder / "new-posts.json"
        run = json.loads(runs.read_text()) + 1 if runs.exists() else 0
        runs.write_text(json.dumps(run))
        if run:
            new.update(id=new["id"] + 1_000_000 * run, slug=f"{new['slug']}-run{run}",
                       link=new["link"].rstrip("/") + f"-run{run}/")
        (source / "new-post.json").write_text(json.dumps(new), "utf-8")
        before = set((docs / "articles").rglob("*.md"))
        timed("import of one new post (not part of the build)", lambda: run_import([source], docs).counts())
        timed("build after one new post", lambda: build_site(site, Path("mkdocs.yml"), docs).summary())
        # Leave the kept project as it was imported: the importer keeps an article whose post is
        # gone, so its page is deleted as a user would.
        (source / "new-post.json").unlink()
        for path in set((docs / "articles").rglob("*.md")) - before:
            path.unlink()
        run_import([source], docs)
        if args.no_plain:
            return
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        timed("plain `mkdocs build --strict` of the same docs/ (no search index)", lambda: subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(folder / "plain")],
            env=env, check=True) and None)
        print(f"plain site: {site_size(folder / 'plain')}", flush=True)


if __name__ == "__main__":
    main()
