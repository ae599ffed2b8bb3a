"""The published copy of an indexed page, without what only Pagefind reads.

overrides/partials/page-content.html opens a page's data-pagefind-body element with hidden spans
for Pagefind: its meta (title, summary, date), its sort key and its filters (one attribute per
entity the page names, 0.7 KB on an average article, about 36 MB of a 50,000-article site). The
search index is made from the page's search copy (site/search.py), taken from the rendered HTML
before the page is written; so the page written to site/ can go without them, and it is what
`slim_page` returns. What a reader's browser reads is kept: the summary an article shows (the
attribute on its paragraph), the `data-pagefind-ignore` marks (where an entity's description ends,
and what is not an article's own text, for previews.js) and the `data-pagefind-body` element
itself. previews.js reads the title and date from the page's `<h1>` and byline, which say the
same, and an article's summary that has a span (0.3 KB) from the article's opening text, with
which that summary begins (generator/pages/article_page.py shows a summary that does not).

A page with no search copy (Pagefind indexes site/ itself) keeps its spans; so does any page
where the spans are not where the template writes them. A plain `mkdocs build` of the same docs/
writes the spans, as before.
"""
from __future__ import annotations

import re

_BODY = b"<div data-pagefind-body>"
# The template's hidden spans, one after another right after the body's opening tag: attribute
# values are escaped by the template, so none holds a '>' or a '"'.
_SPANS = re.compile(rb'(?:<span hidden(?: data-[a-z0-9-]+="[^"<>]*")+></span>)*')
_TITLE_H1 = re.compile(rb'<h1 data-pagefind-meta="title">')


def slim_page(html: bytes) -> bytes:
    """`html` without Pagefind's hidden spans (title, summary, date, sort key, filters) and
    without the title mark on its <h1>."""
    start = html.find(_BODY)
    if start < 0:
        return html
    end = _SPANS.match(html, start + len(_BODY)).end()
    rest = _TITLE_H1.sub(b"<h1>", html[end:], count=1)
    return html[:start + len(_BODY)] + rest
