"""Page weight: what every page repeats (Material's chrome) stays small, and what a reader needs of
it stays. The sample site as `python -m generator build` writes it (conftest's built_site).

Limits are the level reached (BENCHMARKS.md, "Article page weight"), so that a change that adds the
weight back fails here: on the sample the article pages averaged 26.3 KB, of which 15.2 KB chrome,
before overrides/main.html squeezed Material's template whitespace, icons became CSS
(overrides/.icons/kb/, site.css) and the credit, search configuration and unused scripts left."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import REPO

ARTICLE_MAX = 12_800  # bytes, any article page (12.80 KB on the sample, without the "Related articles" ¶ (stop 26);
# 12.87 KB before, minified (generator/site/minify.py); 13.69 KB before minifying; 14.71 KB before stop 25's cuts (no
# canonical, RSS link or Previous/Next on an article, search.js and previews.js added by chrome.js,
# one element for the header's name and the footer's line, no <em> around list dates); 15.46 KB before chrome.js wrote the
# header's search box, Material's toggles and back-to-top button; 15.99 KB before Pagefind's hidden
# spans left the published page, 16.9 KB before Material's inline scripts went into
# docs/assets/javascripts/chrome.js, 17.8 KB before overrides/light.html, 21.6 KB before the cuts of
# BENCHMARKS.md "Site size at 10,000 articles"); the target is 20 KB
ARTICLE_MEAN = 10_500  # bytes, the mean (10.49 KB; 10.56 KB with the "Related articles" ¶; 11.07 KB before minifying; 12.08 KB before stop 25's cuts; 12.96 KB before the search box and the rest went into
# chrome.js, 14.02 KB before the spans left, 14.9 KB before chrome.js,
# 15.9 KB before light.html, 19.6 KB before)
CHROME_MAX = 3_020  # bytes of an article page outside its <article> (3.01 KB, with a table of contents;
# 2.02 KB without; 3.20 and 2.10 KB before minifying; 3.80 and 2.72 KB before stop 25's cuts; 4.54 and 3.46 KB before the search box and the rest went into chrome.js; 5.5 KB
# before chrome.js, 6.3 KB before light.html, 9.4 KB before, 15.2 KB at first)
PAGE_MAX = 200_000  # bytes, any HTML page
SEED = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/index.html"


@pytest.fixture(scope="module")
def articles(built_site) -> dict[str, str]:
    pages = {str(path.relative_to(built_site)): path.read_text("utf-8")
             for path in sorted(built_site.glob("articles/**/index.html"))}
    assert len(pages) >= 10, "the sample site has article pages"
    return pages


@pytest.fixture(scope="module")
def search_copies(built_site, articles) -> dict[str, str]:
    """The copy of each article page the search index was made from (generator/site/search.py),
    taken before the page was written."""
    from generator.site import state_folder

    folder = state_folder(built_site.parent / "docs", built_site) / "search"
    return {path: (folder / path).read_text("utf-8") for path in articles}


def parsed(html: str) -> BeautifulSoup:
    """A page as a browser's parser reads it: the pages are minified (generator/site/minify.py),
    so attributes go unquoted and in another order, and optional end tags are left out."""
    return BeautifulSoup(html, "lxml")


def chrome(html: str) -> str:
    """The page without its <article>: what Material repeats on every page."""
    return html[: html.index("<article")] + html[html.index("</article>"):]


def test_every_article_page_is_within_the_limit(articles):
    sizes = {path: len(html.encode()) for path, html in articles.items()}
    too_big = {path: size for path, size in sizes.items() if size > ARTICLE_MAX}
    assert not too_big, too_big
    assert sum(sizes.values()) / len(sizes) <= ARTICLE_MEAN


def test_the_chrome_of_an_article_page_is_within_the_limit(articles):
    weights = {path: len(chrome(html).encode()) for path, html in articles.items()}
    assert max(weights.values()) <= CHROME_MAX, weights


def test_no_html_page_is_over_200_kb(built_site):
    big = {str(path.relative_to(built_site)): path.stat().st_size for path in built_site.rglob("*.html")
           if path.stat().st_size > PAGE_MAX}
    assert not big, big


def test_the_chrome_carries_no_template_indentation(articles):
    """overrides/light.html squeezes an article's whole page outside its content, base.html's own
    lines between blocks too: no indented line, no blank line, no run of spaces."""
    for path, html in articles.items():
        outside = chrome(html)
        assert not re.search(r"\n[ \t]+|\n\s*\n|  ", outside), (path, re.findall(r".{0,40}(?:\n[ \t]+|\n\s*\n|  ).{0,40}", outside)[:3])
        assert html.startswith("<!doctype html>"), path


def test_an_article_is_written_by_the_lighter_template(articles, built_site):
    """Articles say `template: light.html` (MkDocs' key, in the front-matter's schema); their
    pages leave out what base.html writes for a drawer, an announcement and a dialog they do not
    have, and the header's second title; a page on main.html keeps them."""
    imported = built_site.parent / "docs/articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates.md"
    assert yaml.safe_load(imported.read_text("utf-8").split("---")[1])["template"] == "light.html"
    for path, html in articles.items():
        page = parsed(html)
        for gone in (".md-overlay", "[data-md-component=announce]", "[data-md-component=dialog]",
                     "[data-md-component=header-topic]", "[data-md-component=header-title]",
                     "[data-md-component=skip]"):
            assert not page.select(gone), (path, gone)
        # the site's name, alone in the header's title, one element (site.css .kb-title), as is the
        # footer's copyright line (.kb-copyright)
        title = page.select_one("header div.kb-title")
        assert title["class"] == ["md-header__title", "md-ellipsis", "kb-title"], path
        assert list(title.children) == ["Korean Peninsula Knowledge Base"], path
        meta = page.select_one("footer").contents[-1]
        assert meta["class"] == ["md-footer-meta", "md-typeset"] and len(meta.contents) == 1, path
        assert meta.contents[0]["class"] == ["md-grid", "md-copyright", "kb-copyright"], path
        assert list(meta.contents[0].children) == ["Articles belong to their original publishers."], path
    entity = parsed((built_site / "people/kim-jong-un/index.html").read_text("utf-8"))
    assert entity.select(".md-overlay") and entity.select("[data-md-component=dialog]")
    assert not entity.select("[data-md-component=header-topic]")  # main.html's own cut, on every page outside the navigation
    home = parsed((built_site / "index.html").read_text("utf-8"))
    assert home.select("[data-md-component=header-topic]") and home.select("[data-md-component=header-title]")


def test_no_inline_svg_icon_is_repeated_in_the_chrome(articles):
    """The chrome's icons are CSS masks (site.css): an empty <svg> of a kb-icon class, no path."""
    for path, html in articles.items():
        assert "<path" not in chrome(html), path
        icons = parsed(chrome(html)).find_all("svg")
        assert len(icons) == len(re.findall(r"<svg", chrome(html))), path
        for icon in icons:  # (lxml reads the name viewBox as viewbox, as minify-html writes it)
            assert set(icon.attrs) == {"class", "viewbox"} and icon.attrs["viewbox"] == "0 0 24 24", (path, icon)
            assert len(icon["class"]) == 2 and icon["class"][0] == "kb-icon" and \
                re.fullmatch(r"kb-icon--[a-z-]+", icon["class"][1]) and not icon.contents, (path, icon)


def test_every_icon_the_chrome_names_is_drawn_by_the_stylesheet(articles, built_site):
    css = (built_site / "assets/stylesheets/site.css").read_text("utf-8")
    drawn = set(re.findall(r"\.kb-icon--([a-z-]+) \{ --kb-icon: url\(\"data:image/svg\+xml;charset=utf-8,<svg ", css))
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    named = {icon.removeprefix("kb/") for icon in config["theme"]["icon"].values()}
    named |= {option["toggle"]["icon"].removeprefix("kb/") for option in config["theme"]["palette"]}
    assert named <= drawn, named - drawn
    for name in named:
        assert (REPO / "overrides/.icons/kb" / f"{name}.svg").read_text("utf-8") == \
            f'<svg class="kb-icon kb-icon--{name}" viewBox="0 0 24 24"></svg>'
    used = set(re.findall(r"kb-icon--([a-z-]+)", chrome(articles[SEED])))
    assert used == {"logo"}  # no menu button (no drawer) and no palette switch on an article
    # back to top's icon, in the button chrome.js adds to an article: the one mkdocs.yml names
    script = (built_site / "assets/javascripts/chrome.js").read_text("utf-8")
    assert f'<svg class="kb-icon kb-icon--{config["theme"]["icon"]["top"].removeprefix("kb/")}" viewBox="0 0 24 24"></svg>' in script


def test_what_was_left_out_of_every_page(articles):
    html = articles[SEED]
    assert "Made with" not in html and "squidfunk.github.io" not in html  # extra.generator: false
    assert "__tabbed_" not in html  # no content tabs in this site's Markdown
    assert '"(prefers-color-scheme)"===palette.color.media' not in html  # no automatic palette option
    config = json.loads(parsed(html).select_one("script#__config[type='application/json']").string)
    assert set(config) == {"base", "features", "translations"}  # no search worker, no search texts
    assert config["translations"] == {}  # the clipboard's texts, for copy buttons the site does not have
    assert config["features"] == ["navigation.top"]  # not those that only shape the templates
    assert config["base"] == "../../../.."
    # Material's inline scripts (partials/javascripts/base.html, palette.html) are in one cached file
    assert "__md_scope=new URL" not in html and "Object.entries(palette.color)" not in html
    # two calls of chrome.js in the header: the palette's, __kb_palette(), and __kb_header(), which
    # writes the search box and Material's toggles there (below)
    assert re.findall(r"<script>[^<]*</script>", html) == ["<script>__kb_palette()</script>", "<script>__kb_header()</script>"]
    # written by that script, not carried by every page: the search box (it opens the search page,
    # which needs scripts), Material's toggles (only its script reads them) and the body's colour
    # attributes when they are Material's defaults (its stylesheet's defaults too)
    assert "kb-header-search" not in html and not parsed(html).select(".md-toggle") and "data-md-color-" not in html


def test_what_a_reader_needs_is_on_every_article_page(articles):
    for path, html in articles.items():
        page = parsed(html)
        # the skip link, to the article's first heading
        skip = page.select("a.md-skip")
        assert [(a["href"][:1], a.get_text(strip=True)) for a in skip] == [("#", "Skip to content")], path
        # the search box, a form to the search page, written in the header by chrome.js
        # (tests/test_search.py and test_browser.py use it in a browser)
        assert re.search(r'<header .*<script>__kb_header\(\)</script></nav></header>', html, re.DOTALL), path
        # no tabs and no navigation sidebar or drawer (the same six links on every page): the six
        # top-level links in one line of the footer, the logo a link home on every screen, and no
        # menu button to open an empty drawer
        assert not page.select(".md-tabs") and "md-nav--primary" not in html, path
        sections = page.select("footer.md-footer > nav.kb-sections.md-grid[aria-label=Navigation]")
        assert len(sections) == 1 and sections[0] is page.select_one("footer").contents[0], path
        assert [(bool(a["href"]), a.get_text()) for a in sections[0].find_all("a")] == \
            [(True, name) for name in ["Home", "Search", "Archive", "Indexes", "Graph", "Pages"]], path
        assert not page.select("[for=__drawer] > svg"), path
        assert page.select("a.md-header__button.md-logo.kb-logo"), path
        # the table of contents when it lists three headings or more (overrides/partials/toc.html)
        headings = len(page.select("article :is(h2, h3, h4, h5, h6)[id]"))
        assert bool(page.select("nav[aria-label='Table of contents'] > label.md-nav__title")) == (headings >= 3), path
        # no dark/light switch (it is on the navigation's pages), but the reader's choice made there
        # applied before the page is painted, else the system's preference
        assert not page.select("[data-md-component=palette]") and "__palette_0" not in html, path
        # (docs/assets/javascripts/chrome.js, loaded in the <head>, called in the header)
        # (mkdocs.yml's light and dark pair is chrome.js's default: no data-palette)
        assert any(re.fullmatch(r"(\.\./)+assets/javascripts/chrome\.js", script["src"])
                   for script in page.head.select("script[src]")), path
        assert re.search(r'<header .*<script>__kb_palette\(\)</script>.*</header>', html, re.DOTALL), path
        # the footer's copyright line; back to top, which only Material's script shows, is added by
        # chrome.js (tests/test_browser.py)
        assert not page.select("[data-md-component=top]"), path
        assert "Articles belong to their original publishers." in html, path
        # Material's script, which looks its two toggles up when it loads (__kb_header() writes them)
        assert "assets/javascripts/bundle." in html, path
        assert "data-pagefind-body" in html, path


def test_a_code_block_keeps_its_indentation_and_blank_lines(built_site, search_copies):
    """Neither squeeze() nor minifying touches a page's code: the sample's Python example stays as
    written, character for character the code of the page as rendered (its search copy)."""
    path = "articles/2024/01/data-notes-counting-missile-launches/index.html"
    html = (built_site / path).read_text("utf-8")
    code = parsed(html).select_one("pre").get_text()
    assert "\n        last = " in code  # 8 spaces: inside a for loop
    assert "import timedelta\n\nWINDOW" in code  # the blank line after the import
    assert code == parsed(search_copies[path]).select_one("pre").get_text()
    assert html.count("<pre>") == search_copies[path].count("<pre>") == 1


def test_an_article_page_is_minified(articles, search_copies):
    """The pages are minified (generator/site/minify.py): no optional end tag, no quotes an
    attribute value does not need, no comment; the text a reader sees is the rendered page's."""
    for path, html in articles.items():
        # (a </p> before a </li> stays: minify-html leaves it out only before what closes a <p> itself)
        assert "</li>" not in html and html.count("</p>") < html.count("<p>") and "<!--" not in html, path
        assert not re.search(r' (class|href|id)="[^" =<>`\']+"', html), path
        assert "</p>" in search_copies[path] or "</li>" in search_copies[path], path
        # each innermost block's text (a paragraph, list item, heading, cell...), spaces between its
        # inline elements included (the " · " between a byline's links), as in the page rendered
        assert _block_texts(html) == _block_texts(search_copies[path]), path
        assert "·" in "".join(_block_texts(html)), path


_BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "figcaption", "caption", "pre"]


def _block_texts(html: str) -> list[str]:
    """The text of each innermost block of the page's data-pagefind-body element, its white space
    collapsed as a browser shows it (a <pre>'s exactly)."""
    body = parsed(html).select_one("[data-pagefind-body]")
    for hidden in body.select("span[hidden]"):  # the spans only the search copy has
        hidden.decompose()
    return [block.get_text() if block.name == "pre" else " ".join(block.get_text().split())
            for block in body.find_all(_BLOCKS) if not block.find(_BLOCKS)]


def test_an_article_carries_its_filters_on_one_span(search_copies):
    """Pagefind's filters (type, year, one per entity under its type and initial) on one span,
    each value in a data-N attribute the list names, the type inline and last (Pagefind reads
    one inline value, the last): not one span per entity. In the page Pagefind indexes, its search
    copy: the page published goes without them (below). tests/test_search.py checks the filtered
    searches themselves."""
    html = search_copies[SEED]
    front = yaml.safe_load((REPO / "docs/articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates.md")
                           .read_text("utf-8").split("---")[1])
    spans = re.findall(r"<span hidden(?: data-pagefind-(?:meta|sort)=\"[^\"]*\")* data-pagefind-filter=\"([^\"]*)\"([^>]*)></span>", html)
    assert len(spans) == 1 and html.count("data-pagefind-filter") == 1, spans
    names, attributes = spans[0]
    *keys, inline = names.split(",")
    assert inline == "type:post"
    values = dict(re.findall(r' (data-\d+)="([^"]*)"', attributes))
    filters = [(key[: key.index("[")], values[key[key.index("[") + 1: -1]]) for key in keys]
    entities = [(f"{kind}-{name[0].lower()}", name) for group, kind in
                [("people", "person"), ("states", "state"), ("organizations", "organization")]
                for name in front["actors"][group]] + [(f"place-{name[0].lower()}", name) for name in front["places"]]
    assert filters == [("year", "2023")] + entities
    assert len(values) == len(keys)
    # the date's meta and sort key on the filters' span; the title is the <h1>'s own text; the
    # summary a span here, as the article's text opens with it (so the page does not show it)
    assert ('<span hidden data-pagefind-meta="date:2023-10-16T08:00:34+09:00" '
            'data-pagefind-sort="date:2023-10-16T08:00:34+09:00" data-pagefind-filter="year[data-0],') in html
    assert [meta.split(":")[0] for meta in re.findall(r'data-pagefind-meta="([^"]*)"', html)] == ["summary", "date", "title"]
    assert re.search(r'<h1 data-pagefind-meta="title">Pyongyang’s arms to Moscow', html)


def test_a_shown_summary_is_its_own_meta(articles, search_copies):
    """An article whose page shows its summary (under the byline) gives Pagefind that paragraph's
    text as its summary, not a second copy in a span; the title is the <h1>'s text."""
    path = "articles/2023/11/malligyong-1-satellite-launch-military-agreement/index.html"
    for html in (search_copies[path], articles[path]):
        summary = parsed(html).select("p[data-pagefind-meta=summary]")
        assert len(summary) == 1 and [child.name for child in summary[0].children] == ["em"]
        assert summary[0].em.get_text().startswith("Pyongyang says its third attempt")
    assert [meta.split(":")[0] for meta in re.findall(r'data-pagefind-meta="([^"]*)"', search_copies[path])] == \
        ["date", "title", "summary"]


def test_the_published_page_goes_without_what_only_search_reads(articles, search_copies):
    """Pagefind indexes each page's search copy, so the page published leaves out the hidden spans
    of its date, sort key, filters and a summary it does not show, and the title mark on its <h1>
    (generator/site/slim.py). A summary the article shows keeps its mark (previews.js reads it;
    tests/test_previews.py checks the others' cards), and the rest of the page stays: the copy's
    text, less those, is the published page's."""
    from generator.site.minify import minify_page

    def marks(html: str) -> list[str]:
        """Each element's Pagefind attributes, "name=value" ("name" alone for data-N)."""
        return [f"{element.name}:{name}" + ("" if name.startswith("data-0") else f"={value}")
                for element in parsed(html).find_all(True) for name, value in element.attrs.items()
                if name.startswith(("data-pagefind", "data-0"))]

    with_span = 0
    for path, html in articles.items():
        copy = search_copies[path]
        for needed in ("data-pagefind-filter", "data-pagefind-sort", "data-pagefind-meta=date:",
                       "h1:data-pagefind-meta=title", "data-pagefind-meta=summary", "data-0"):
            assert any(needed in mark for mark in marks(copy)), (path, needed)
        for gone in ("data-pagefind-filter", "data-pagefind-sort", "data-pagefind-meta=date:",
                     "data-pagefind-meta=title", "data-pagefind-meta=summary:", "data-0"):
            assert not any(gone in mark for mark in marks(html)), (path, gone)
        shown = "p:data-pagefind-meta=summary"
        assert (shown in marks(html)) == (shown in marks(copy)), path
        with_span += any("data-pagefind-meta=summary:" in mark for mark in marks(copy))
        # the published page is the copy, less those, minified
        body = html[html.index("<div data-pagefind-body>"): html.index("</article>")]
        stripped = minify_page(re.sub(r'<span hidden data-pagefind-[^>]*></span>', "", copy).encode()).decode()
        assert body.replace("<h1>", "<h1 data-pagefind-meta=title>", 1) in stripped, path
    assert 0 < with_span < len(articles), "the sample has articles with a summary span and without"


def test_scripts_and_styles_of_one_page_are_only_on_that_page(articles, built_site):
    """graph.js and graph.css on the page holding the graph, old-addresses.js where WordPress's
    /?p=ID lands (the home page, the 404 page); search.js and previews.js on every page, added by
    chrome.js (no tag of their own: tests/test_browser.py checks they run)."""
    def assets(path):
        page = parsed((built_site / path).read_text("utf-8"))
        links = [element.get("src") or element.get("href") for element in page.select("[src], [href]")]
        return {name for name in ("graph.js", "graph.css", "old-addresses.js", "search.js", "previews.js", "chrome.js")
                if any(re.search(rf"assets/(javascripts|stylesheets)/{re.escape(name)}$", link) for link in links)}
    for path in articles:
        assert assets(path) == {"chrome.js"}, path
    assert assets("people/kim-jong-un/index.html") == {"chrome.js"}
    assert assets("graph/index.html") == {"graph.js", "graph.css", "chrome.js"}
    assert assets("index.html") == assets("404.html") == {"old-addresses.js", "chrome.js"}


def test_the_head_carries_what_a_reader_or_crawler_uses(articles, built_site):
    """One stylesheet of the site's own; the RSS feed's link and the canonical link on every page but
    light.html's (articles, year pages), the JSON Feed's and the site's description on the home page
    only; no generator meta (overrides/main.html site_meta, extrahead; mkdocs.yml extra_css)."""
    for path, html in articles.items():
        head = parsed(html).head
        sheets = [link["href"] for link in head.select("link[rel=stylesheet]")]
        assert [re.fullmatch(r"(?:\.\./)*assets/stylesheets/([^/]+)", sheet).group(1) for sheet in sheets] == \
            [re.search(r"main\.[0-9a-f]+\.min\.css", str(head)).group(0),
             re.search(r"palette\.[0-9a-f]+\.min\.css", str(head)).group(0), "site.css"], path
        assert not head.select("link[rel~=alternate]") and not head.select("link[rel=canonical]"), path
        assert not head.select("meta[name=description]"), path
        assert not head.select("meta[name=generator]"), path
        assert head.select("link[rel=icon]"), path
    home = parsed((built_site / "index.html").read_text("utf-8")).head
    assert len(home.select("link[rel~=alternate][rel~=feed]")) == 2
    assert home.select_one("meta[name=description]")["content"].startswith("Articles on")
    assert [link["href"] for link in home.select("link[rel=canonical]")] == ["https://example.github.io/wp-knowledge-base/"]
    for path in ("archive/index.html", "people/kim-jong-un/index.html", "people/index.html"):
        head = parsed((built_site / path).read_text("utf-8")).head
        assert [link["type"] for link in head.select("link[rel~=alternate][rel~=feed]")] == ["application/rss+xml"], path
        assert [link["href"][:8] for link in head.select("link[rel=canonical]")] == ["https://"], path


def test_a_table_of_contents_of_fewer_than_three_entries_is_left_out(built_site):
    """An article with no heading of its own but "Related articles" has no table of contents, and
    no sidebar for one; its skip link leads to the start of its content, not to that heading
    after its text (Material's would), as on every article."""
    pages = [parsed(path.read_text("utf-8")) for path in sorted(built_site.glob("articles/**/index.html"))]

    def headings(page) -> int:
        return len(page.select(":is(h2, h3, h4, h5, h6)[id]"))

    short = [page for page in pages if headings(page) < 3]
    assert short, "the sample has an article with fewer than three headings"
    for page in short:
        assert not page.select(".md-sidebar--secondary") and not page.select("[aria-label='Table of contents']")
    for page in pages:
        assert [a["href"] for a in page.select("a.md-skip")] == ["#kb-content"]
        order = page.find_all(True)
        assert order.index(page.select_one("a.md-skip")) < order.index(page.header) < \
            order.index(page.select_one("span#kb-content"))
    longer = [page for page in pages if headings(page) >= 3]
    assert longer and all(page.select("div.md-sidebar.md-sidebar--secondary[data-md-component=sidebar][data-md-type=toc]")
                          for page in longer)


def test_the_related_articles_heading_has_no_permanent_link_and_the_others_keep_theirs(articles):
    """The ¶ on the generated "Related articles" heading is left out (2.9 MB at 50,000 posts): a
    list of other pages is not a passage to link to. The heading keeps its id, which a table of
    contents links to; the article's own headings keep their ¶."""
    related = 0
    for html in articles.values():
        page = parsed(html)
        for heading in page.select(":is(h2, h3, h4, h5, h6)[id]"):
            if heading["id"] == "related-articles":
                related += 1
                assert heading.get_text() == "Related articles" and not heading.select("a.headerlink")
            else:
                assert [a["href"] for a in heading.select("a.headerlink")] == ["#" + heading["id"]], heading
        for link in page.select("nav[aria-label='Table of contents'] a[href$='#related-articles']"):
            assert link.get_text(strip=True) == "Related articles"
    assert related >= 10, "the sample's articles end with related articles"


def test_the_navigations_own_pages_keep_the_navigation_sidebar(built_site):
    """Home, search, archive, the indexes, graph and pages show the navigation (where the reader
    is), with its menu button, and the dark/light switch, and no footer line; a page outside the
    navigation has none of these but the footer line."""
    for path in ("index.html", "search/index.html", "archive/index.html", "people/index.html", "tags/index.html",
                 "graph/index.html", "pages/index.html"):
        html = (built_site / path).read_text("utf-8")
        page = parsed(html)
        assert page.select("nav.md-nav.md-nav--primary") and page.select("label[for=__drawer] > svg"), path
        assert "kb-sections" not in html and "kb-logo" not in html, path
        # the dark/light switch, both ways, labelled
        for title, target in (("Switch to dark mode", "__palette_1"), ("Switch to light mode", "__palette_0")):
            label = page.select(f"label[title='{title}'][for={target}]")
            assert len(label) == 1 and label[0]["class"] == ["md-header__button", "md-icon"], path
            assert label[0].has_attr("hidden"), path
        assert page.select("input#__palette_0[aria-label='Switch to dark mode'][type=radio][name=__palette]"), path
        assert "<script>__kb_palette()</script>" in html, path  # the reader's choice before the page is painted
        assert page.select("#__drawer"), path  # the drawer's toggle in the HTML: it opens without scripts
    for path in ("people/kim-jong-un/index.html", "archive/2023-11/index.html", "tags/satellites/index.html"):
        page = parsed((built_site / path).read_text("utf-8"))
        assert not page.select(".md-nav--primary") and page.select(".kb-sections.md-grid"), path
