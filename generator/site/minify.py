"""The published copy of a page, minified: the HTML a browser reads the same, in fewer bytes.

minify-html (a well-kept Rust library) leaves out what HTML5 lets a page leave out: the end tags
it marks optional (`</li>`, `</p>`, `</td>`...), quotes around attribute values that need none,
comments and whitespace no browser renders; `<pre>`, `<code>` and `<textarea>` keep theirs. On a
50,000-post site that is 30.4 MB of the 1 GB GitHub Pages publishes (BENCHMARKS.md, "Stop 25
(size)"). Scripts and styles are left as they are (ours and Material's are what they are). Only
our build command minifies: a plain `mkdocs build` of the same docs/ writes the HTML unminified,
and the search index is made from the page as rendered (site/search.py takes its copy first).
"""
from __future__ import annotations

from pathlib import Path

import minify_html

from ..write import write_atomic


def minify_page(html: bytes) -> bytes:
    """`html` (UTF-8) minified."""
    return minify_html.minify(html.decode("utf-8"), keep_closing_tags=False, keep_comments=False,
                              minify_js=False, minify_css=False).encode("utf-8")


def minify_file(path: Path) -> None:
    """The page at `path` minified in place (when it is there and minifying changes it)."""
    try:
        html = path.read_bytes()
    except FileNotFoundError:
        return
    write_atomic(path, minify_page(html))  # which leaves a page already minified untouched
