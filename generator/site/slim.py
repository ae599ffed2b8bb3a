"""The published copy of an indexed page, without what only Pagefind reads.

overrides/partials/page-content.html opens a page's data-pagefind-body element with hidden spans
for Pagefind: its meta (title, summary, date), its sort key and its filters (one attribute per
entity the page names, 0.7 KB on an average article, about 36 MB of a 50,000-article site). The
search index is made from the page's search copy (site/search.py), taken from the rendered HTML
before the page is written; so the page written to site/ can go without them, and it is what
`slim_page` returns. What a reader's browser reads is kept: the summary (previews.js shows it on
a hovered link; its span, or the attribute on the paragraph that shows it), the
`data-pagefind-ignore` marks (where an entity's description ends, for previews.js) and the
`data-pagefind-body` element itself. The title and date previews.js then reads from the page's
`<h1>` and its byline, which say the same.

A page with no search copy (Pagefind indexes site/ itself) is written as rendered; so is any page
where the spans are not where the template writes them. A plain `mkdocs build` of the same docs/
writes the spans, as before.
"""
from __future__ import annotations

import re

_BODY = b"<div data-pagefind-body>"
# The template's hidden spans, one after another right after the body's opening tag: attribute
# values are escaped by the template, so none holds a '>' or a '"'.
_SPAN = re.compile(rb'<span hidden(?: data-[a-z0-9-]+="[^"<>]*")+></span>')
_KEPT = b'<span hidden data-pagefind-meta="summary:'
_TITLE_H1 = re.compile(rb'<h1 data-pagefind-meta="title">')


def slim_page(html: bytes) -> bytes:
    """`html` without Pagefind's hidden title, date, sort and filter spans (the summary's stays)
    and without the title mark on its <h1>."""
    start = html.find(_BODY)
    if start < 0:
        return html
    position = start + len(_BODY)
    kept = []
    while (span := _SPAN.match(html, position)) is not None:
        if span.group(0).startswith(_KEPT):
            kept.append(span.group(0))
        position = span.end()
    head = html[:start + len(_BODY)] + b"".join(kept)
    rest = _TITLE_H1.sub(b"<h1>", html[position:], count=1)
    return head + rest
