"""Screenshots of the sample site as a reader sees it, for the README.

    .venv/bin/python -m generator build          # the sample site in site/
    .venv/bin/python scripts/screenshots.py      # -> screenshots/*.jpg

Serves site/ on loopback (search needs a web server), opens the article, entity, search and
graph pages in Chromium (Debian's, or $KB_CHROMIUM) at a desktop and a phone size, and writes
one JPEG for each into screenshots/ (outside docs/, so the site does not publish them).
Korean text needs a CJK font on the machine (Debian: `apt-get install fonts-noto-cjk`).
"""
from __future__ import annotations

import argparse
import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "article": "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/",  # the seed
    "entity": "people/kim-jong-un/",
    "search": "search/?q=%EB%B6%81%ED%95%9C",  # 북한: an alias of North Korea
    "graph": "graph/",
}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def chromium() -> str:
    return os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="where to write (default: screenshots/)")
    args = parser.parse_args()
    missing = [page for page in PAGES.values() if not (args.site / page.split("?")[0] / "index.html").exists()]
    if missing:
        parser.error(f"{args.site}/ lacks {', '.join(missing)}: build the sample site first (python -m generator build)")
    args.out.mkdir(exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium())
            for size, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height},
                                        device_scale_factor=1, is_mobile=size == "phone")
                for name, address in PAGES.items():
                    page.goto(base + address, wait_until="networkidle")
                    page.wait_for_timeout(800)  # search results and the graph's layout settle
                    if name == "graph":  # the drawing, not the introduction above it
                        page.locator("#kb-graph").scroll_into_view_if_needed()
                        page.wait_for_timeout(300)
                    target = args.out / f"{name}-{size}.jpg"
                    page.screenshot(path=str(target), type="jpeg", quality=70)
                    print(target)
                page.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
