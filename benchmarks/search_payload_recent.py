"""First-query bytes on a built site with a recent search index, and without it.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/search_payload_recent.py --project DIR

DIR is a project whose site/ an incremental `build` left with a recent index (site/pagefind/recent/
and index.json, generator/site/search.py): what benchmarks/build_speed.py --keep DIR leaves in
DIR/project after its "one new post" build. Each of benchmarks/search_payload.py's queries is
opened cold (a fresh browser context, nothing cached) on the search page, as in that benchmark,
once on the site as it is and once on a copy (hard links) whose index.json names no recent
index, which is what search.js reads after a full build. Prints the bytes only searching costs (gzip, as a host
that gzips text sends them), the part of them that the recent index and its manifest are, and
the results shown, for each.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from search_payload import CountingServer, _site_url, cold_rows, gzip_size


class Counting(CountingServer):
    """Also counts, apart, what the recent index and its manifest cost."""

    def summary(self, log) -> dict:
        out = super().summary(log)
        out["recent"] = sum(gzip_size(self.file_of(path)) for path, sent, _ in log
                            if sent and ("/pagefind/recent/" in path or path.endswith("/pagefind/index.json")))
        return out


def measure(site: Path, prefix: str) -> list[dict]:
    return cold_rows(Counting(site, prefix), "Baengnyeong", lambda out: {"recent": out["recent"]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, required=True, help="the project folder (holding mkdocs.yml and site/)")
    args = parser.parse_args()
    site = args.project / "site"
    prefix = urlsplit(_site_url(args.project)).path
    manifest = (site / "pagefind" / "index.json").read_text("utf-8")
    print(f"index.json: {len(manifest)} bytes; recent index: "
          f"{sum(p.stat().st_size for p in (site / 'pagefind' / 'recent').rglob('*') if p.is_file()) if (site / 'pagefind' / 'recent').exists() else 0} bytes")
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "site"
        subprocess.run(["cp", "-al", str(site), str(bare)], check=True)
        os.unlink(bare / "pagefind" / "index.json")  # a new file: the kept site's stays as it is
        parts = {key: value for key, value in json.loads(manifest).items() if key not in ("index", "stale", "sorts", "homes")}
        (bare / "pagefind" / "index.json").write_text(json.dumps(parts), "utf-8")
        shutil.rmtree(bare / "pagefind" / "recent", ignore_errors=True)
        without, with_recent = measure(bare, prefix), measure(site, prefix)
    print(f"{'query':55} {'results':>15} {'KB gzip':>17} {'recent part':>12}")
    for a, b in zip(without, with_recent):
        print(f"{a['label']:55} {a['results']:>6} -> {b['results']:>6} {a['search_gzip'] / 1e3:7.1f} -> "
              f"{b['search_gzip'] / 1e3:7.1f} {b['recent'] / 1e3:10.1f} KB" + (f"  errors: {b['errors']}" if b["errors"] else ""))


if __name__ == "__main__":
    main()
