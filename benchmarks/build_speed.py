"""Site build speed for N posts made from the real posts in ../shared/corpus.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/build_speed.py --posts 10000 [--keep DIR]

Imports N posts into a copy of the project (benchmarks/search_payload.py make_project), then
times the site stage as `python -m generator build --no-import` runs it (generator.site.build_site):
a full build (empty state), a build with nothing changed, and a build after one new post was
imported (the import's own time printed apart). Beside them, a plain `mkdocs build --strict` of
the same docs/ into another folder (no search index). Prints the site's size, its number of HTML
pages and its largest HTML page. --keep DIR keeps the project there (and reuses it when it holds
an imported project of the same size).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import multiplied, posts_parser, real_posts, require_corpus, write_pages


def timed(label: str, action) -> float:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.1f} s" + (f" ({result})" if result else ""), flush=True)
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


def main() -> None:
    parser = posts_parser(__doc__)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the imported project in this folder")
    args = parser.parse_args()
    require_corpus()
    from search_payload import make_project

    from generator import config
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
        if not (marker.exists() and json.loads(marker.read_text()) == {"posts": args.posts, "settings": True}):
            if not project.exists():
                make_project(folder)
                write_pages(multiplied(originals, args.posts), source)
            timed(f"import of {args.posts} posts (not part of the build)",
                  lambda: run_import([source], project / "docs").counts())
            marker.write_text(json.dumps({"posts": args.posts, "settings": True}))
        os.chdir(project)  # as the CLI runs: from the project folder
        docs, site = project / "docs", project / "site"
        timed("full build (mkdocs + Pagefind, empty state)",
              lambda: build_site(site, Path("mkdocs.yml"), docs, full=True).summary())
        print(f"site: {site_size(site)}", flush=True)
        timed("build, nothing changed", lambda: build_site(site, Path("mkdocs.yml"), docs).summary())
        new = multiplied(originals, args.posts + 1)[-1]
        (source / "new-post.json").write_text(json.dumps(new), "utf-8")
        timed("import of one new post (not part of the build)", lambda: run_import([source], docs).counts())
        timed("build after one new post", lambda: build_site(site, Path("mkdocs.yml"), docs).summary())
        (source / "new-post.json").unlink()
        run_import([source], docs)  # leave the kept project as it was imported
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        timed("plain `mkdocs build --strict` of the same docs/ (no search index)", lambda: subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(folder / "plain")],
            env=env, check=True) and None)
        print(f"plain site: {site_size(folder / 'plain')}", flush=True)


if __name__ == "__main__":
    main()
