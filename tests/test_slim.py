"""The published copy of an indexed page (generator/site/slim.py): Pagefind's hidden spans where the
template writes them go, nothing else. tests/test_page_weight.py checks the sample site's pages,
tests/test_site_incremental.py that the rest is the HTML of a plain `mkdocs build`."""
from generator.site.slim import drop_related_permalink, slim_page

SPANS = (b'<span hidden data-pagefind-meta="summary:It began &quot;here&quot;."></span>'
         b'<span hidden data-pagefind-meta="date:2023-10-16" data-pagefind-sort="date:2023-10-16" '
         b'data-pagefind-filter="year[data-0],person-k[data-1],type:post" data-0="2023" data-1="Kim Jong Un"></span>')


def test_the_spans_after_the_body_opening_and_the_title_mark_go():
    page = (b'<article><div data-pagefind-body>' + SPANS +
            b'\n<h1 data-pagefind-meta="title">T</h1><p>Text</p></div></article>')
    assert slim_page(page) == b'<article><div data-pagefind-body>\n<h1>T</h1><p>Text</p></div></article>'


def test_a_shown_summary_keeps_its_mark():
    page = (b'<div data-pagefind-body>' + SPANS[SPANS.index(b'<span hidden data-pagefind-meta="date'):] +
            b'<h1 data-pagefind-meta="title">T</h1><p data-pagefind-meta="summary"><em>S</em></p></div>')
    assert slim_page(page) == b'<div data-pagefind-body><h1>T</h1><p data-pagefind-meta="summary"><em>S</em></p></div>'


def test_spans_elsewhere_and_pages_without_a_body_are_left_as_they_are():
    text = b'<div data-pagefind-body><p>x</p>' + SPANS + b'</div>'
    assert slim_page(text) == text  # only the template's, right after the opening tag
    for page in (b'<html><body>' + SPANS + b'</body></html>', b"", b'<div data-pagefind-body>'):
        assert slim_page(page) == page


def _heading(anchor: str) -> bytes:
    return (f'<h2 id="{anchor}">Related articles<a class="headerlink" href="#{anchor}" '
            f'title="Permanent link">&para;</a></h2>').encode()


def test_the_generated_related_articles_heading_loses_its_permanent_link_only():
    why = b'<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">&para;</a></h2>'
    page = why + _heading("related-articles") + b"<ul><li>x</li></ul>"
    assert drop_related_permalink(page) == why + b'<h2 id="related-articles">Related articles</h2><ul><li>x</li></ul>'
    # an article's own heading of that name comes first; the generated one, last, gets the suffix
    page = _heading("related-articles") + b"<p>text</p>" + _heading("related-articles_1")
    assert drop_related_permalink(page) == (_heading("related-articles") + b"<p>text</p>"
                                            + b'<h2 id="related-articles_1">Related articles</h2>')
    assert drop_related_permalink(why) == why
