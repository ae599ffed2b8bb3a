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


# The "Related articles" heading an article's Markdown ends with (templates/article.md.j2), as
# Python-Markdown's toc extension writes it with mkdocs.yml's `permalink: true`: its id gets a
# suffix when the article's own text has a heading of that name first.
_RELATED_PERMALINK = re.compile(
    rb'(<h2 id="(related-articles(?:_\d+)?)">Related articles)'
    rb'<a class="headerlink" href="#\2" title="Permanent link">&para;</a></h2>')


def drop_related_permalink(html: bytes) -> bytes:
    """`html` without the permanent link (the ¶ shown on hover) of its last "Related articles"
    heading, the generated one: a link to a list of other pages is not a passage anyone cites
    (58 bytes on nearly every article, 2.9 MB at 50,000 posts). The heading and its id stay, so
    the table of contents still leads there."""
    found = None
    for found in _RELATED_PERMALINK.finditer(html):
        pass
    if found is None:
        return html
    return html[:found.start()] + found.group(1) + b"</h2>" + html[found.end():]
