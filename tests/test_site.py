"""The built site: `python -m generator build` in a copy of the project, then the HTML it wrote."""
import json

from .conftest import links_in, parsed_html

SEED_PAGE = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/index.html"


def test_build_makes_the_seed_page_with_its_heading(built_site):
    page = (built_site / SEED_PAGE).read_text("utf-8")
    assert parsed_html(page).select_one("h2#why-it-matters").get_text().startswith("Why It Matters")
    assert "Pyongyang’s arms to Moscow" in page
    assert "https://koreapro.org/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/" in links_in(page)


def _search_fragments(site):
    """Pagefind's per-page records (gzip-compressed JSON, after a signature line)."""
    import gzip

    bundle = site / "pagefind"  # the one index's pages, or each part's
    for path in sorted([*bundle.glob("fragment/*.pf_fragment"), *bundle.glob("part/*/fragment/*.pf_fragment")]):
        data = gzip.decompress(path.read_bytes())
        yield json.loads(data[data.index(b"{"):])


def test_search_index_holds_the_seed_text(built_site):
    seed = [f for f in _search_fragments(built_site) if "Tikhoretsk" in f["content"] and "pyongyangs-arms" in f["url"]]
    assert seed and seed[0]["meta"]["date"] == "2023-10-16T08:00:34+09:00"
    assert seed[0]["filters"]["place-t"] == ["Tikhoretsk"]
    assert "Actors:" not in seed[0]["content"] and "Related articles" not in seed[0]["content"]


def test_search_index_holds_only_content_pages_and_korean_words(built_site):
    fragments = list(_search_fragments(built_site))
    urls = [f["url"] for f in fragments]
    assert not any(url.rstrip("/") in ("", "/archive", "/search") or url.startswith("/archive/") for url in urls)
    assert any(url.startswith("/articles/") for url in urls) and any(url.startswith("/people/") for url in urls)
    assert any("김정은" in f["content"] for f in fragments)


def test_home_page_lists_latest_articles_and_links_the_archive(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert "Latest articles" in home
    assert "articles/2024/06/putin-pyongyang-comprehensive-strategic-partnership-treaty/" in links_in(home)
    assert "archive/" in links_in(home)


def test_archive_lists_months_with_counts_and_month_pages_list_articles(built_site):
    archive = (built_site / "archive/index.html").read_text("utf-8")
    assert 'October 2023</a>: 1 published, 1 mentioned' in archive  # each month with its counts
    month = (built_site / "archive/2023-10/index.html").read_text("utf-8")
    assert "pyongyangs-arms-to-moscow" in month


def test_nav_does_not_list_articles(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    nav = home[home.index('md-nav--primary'):]
    nav = nav[: nav.index("</nav>")]
    assert "articles/" not in nav


def test_drafts_are_not_in_the_site(built_site):
    assert not list(built_site.rglob("japan-north-korea-summit-signals*"))


def test_no_content_script_reaches_the_site(built_site):
    tweet_page = (built_site / "articles/2023/12/hwasong-18-icbm-launch-december-2023/index.html").read_text("utf-8")
    assert "platform.twitter.com/widgets.js" not in tweet_page


def test_home_shows_latest_articles_top_actors_of_the_latest_month_and_entry_points(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert "In the news, June 2024" in home
    assert "states/north-korea/" in links_in(home)
    for entry in ("people/", "states/", "organizations/", "places/", "categories/", "tags/", "graph/", "feed.xml"):
        assert entry in links_in(home), entry


def test_timeline_marks_mentioned_dates_apart_from_publication(built_site):
    april = (built_site / "archive/2024-04/index.html").read_text("utf-8")
    published = april[april.index("id=published"):april.index("id=mentioned-in-articles")]
    mentioned = april[april.index("id=mentioned-in-articles"):]
    assert parsed_html(april).select("#published") and parsed_html(april).select("#mentioned-in-articles")
    assert "landslide" in published
    assert "slated for April" in mentioned and "pyongyangs-arms-to-moscow" in mentioned
    archive = (built_site / "archive/index.html").read_text("utf-8")
    assert "April 2024</a>: 1 published, 3 mentioned" in archive


def test_entity_page_has_its_own_timeline_and_a_link_to_its_graph(built_site):
    page = (built_site / "places/tikhoretsk/index.html").read_text("utf-8")
    # Each article once, with the sentence that names the place (the dates belong to the article)
    assert parsed_html(page).select("#timeline") and "Tikhoretsk" in page.split("id=timeline", 1)[1]
    assert "Mentioned:" not in page
    assert "../../graph/#entity=places/tikhoretsk" in links_in(page)


def test_categories_and_tags_have_indexes_and_pages(built_site):
    categories = (built_site / "categories/index.html").read_text("utf-8")
    assert "Missile & Space Programs" in parsed_html(categories).get_text()
    tags = (built_site / "tags/index.html").read_text("utf-8")
    assert "만리경-1호" in tags
    assert list((built_site / "tags").glob("*/index.html"))


def test_feeds_carry_the_posts_own_dates(built_site):
    import xml.etree.ElementTree as ET

    rss = ET.parse(built_site / "feed.xml").getroot()
    items = rss.findall("./channel/item")
    assert items[0].findtext("title").startswith("Putin and Kim sign")
    seed_item = next(i for i in items if i.findtext("title").startswith("Pyongyang’s arms to Moscow"))
    assert seed_item.findtext("pubDate") == "Mon, 16 Oct 2023 08:00:34 +0900"
    feed = json.loads((built_site / "feed.json").read_text("utf-8"))
    seed = next(i for i in feed["items"] if "pyongyangs-arms" in i["url"])
    assert seed["date_published"] == "2023-10-16T08:00:34+09:00"
    assert seed["url"].startswith("https://example.github.io/wp-knowledge-base/articles/2023/10/")


def test_old_wordpress_paths_have_redirect_pages(built_site):
    old = (built_site / "2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/index.html").read_text()
    target = "../../../articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/"
    assert (built_site / "2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates" / target / "index.html").is_file()
    # what a redirect needs, and no more (66,660 of them at 50,000 posts): the refresh, the canonical
    # link for crawlers, a link for the reader, the title once; an empty icon, so the browser asks
    # the host for no missing /favicon.ico; no doctype or language, and attribute values unquoted
    # where HTML allows (tests/test_browser.py follows one in Chromium, with no error)
    assert old == ('<meta charset=utf-8><title>Pyongyang’s arms to Moscow: Seoul’s security dilemma escalates</title>'
                   f'<link rel=icon href=data:,><link rel=canonical href={target}><meta http-equiv=refresh content="0; url={target}">\n'
                   f'<a href={target}>This page has moved here</a>\n')


def test_a_redirect_quotes_an_address_that_needs_it_and_old_quoted_ones_are_still_read():
    from generator.pages.redirects import _redirect_page, redirect_target

    page = _redirect_page("../a b/", "Old")
    assert '<link rel=canonical href="../a b/">' in page and '<a href="../a b/">' in page
    assert redirect_target("x/y/index.html", page) == "x/a b"
    before_stop_26 = '<!doctype html><html lang="en"><link rel="canonical" href="../../articles/z/">'
    assert redirect_target("x/y/index.html", before_stop_26) == "articles/z"


def test_links_between_articles_of_the_same_site_point_at_their_new_pages(built_site):
    page = (built_site / "articles/2024/06/trash-balloons-loudspeakers-military-agreement-timeline/index.html").read_text()
    assert "../../../2023/11/malligyong-1-satellite-launch-military-agreement/" in links_in(page)
    assert "peninsula-monitor.example/2023/11/" not in page


def test_articles_show_a_summary_line_and_updated_date_and_no_placeholder_repository(built_site):
    """The edit pencil and repository link appear once mkdocs.yml names a repository (repo_url,
    edit_uri); the sample names none, so no page points at a placeholder."""
    page = (built_site / "articles/2023/11/malligyong-1-satellite-launch-military-agreement/index.html").read_text()
    assert "updated 28 November 2023" in page
    assert "<em>Pyongyang says its third attempt" in page
    assert "github.com/example" not in page and "edit/main/docs/" not in page


def test_the_search_index_holds_what_search_js_loads_and_not_pagefind_s_own_interfaces(built_site):
    index = built_site / "pagefind"
    assert (index / "pagefind.js").is_file() and (index / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in index.glob("pagefind-*ui*")) + sorted(p.name for p in index.glob("*highlight*")) == []
