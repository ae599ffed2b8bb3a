"""Addresses people already use keep working: a page keeps its address when another post with the
same slug arrives later, and WordPress's own addresses (categories, tags, the feed, pagination,
?p=ID) lead to the knowledge base's pages."""
from __future__ import annotations

from generator.importer import run_import

from .conftest import rest_post, write_json


def _page(post_id: int, slug: str) -> dict:
    return rest_post(post_id, type="page", slug=slug, title={"rendered": f"About {post_id}"},
                     link=f"https://news.example/{slug}/")


def test_a_page_keeps_its_address_when_a_post_with_the_same_slug_arrives_later(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    write_json(source / "about.json", _page(5000, "about"))
    run_import([source], docs, jobs=1)
    assert "About 5000" in (docs / "pages/about.md").read_text("utf-8")
    # An older page with the same slug turns up (imported, or fetched late): it sorts first by id,
    # but the address is taken.
    write_json(source / "older.json", _page(100, "about"))
    run_import([source], docs, jobs=1)
    assert "About 5000" in (docs / "pages/about.md").read_text("utf-8")
    assert "About 100" in (docs / "pages/about-100.md").read_text("utf-8")


def test_a_cold_import_of_colliding_slugs_gives_the_base_address_to_the_first_by_id(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    write_json(source / "a.json", _page(5000, "about"))
    write_json(source / "b.json", _page(100, "about"))
    run_import([source], docs, jobs=1)
    assert "About 100" in (docs / "pages/about.md").read_text("utf-8")
    assert "About 5000" in (docs / "pages/about-5000.md").read_text("utf-8")


def _post_with_terms(post_id: int, category: dict, tag: dict) -> dict:
    return rest_post(post_id, categories=[category["id"]], tags=[tag["id"]], _embedded={"wp:term": [
        [{**category, "taxonomy": "category"}], [{**tag, "taxonomy": "post_tag"}]]})


def _target(docs, page: str) -> str:
    from generator.pages.redirects import redirect_target

    return redirect_target(page, (docs / page).read_text("utf-8"))


def test_wordpress_category_and_tag_addresses_lead_to_their_pages(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    news = {"id": 3, "name": "World News", "slug": "world", "link": "https://news.example/topics/world/"}
    seoul = {"id": 4, "name": "Seoul", "slug": "seoul"}  # no link (as in WXR): WordPress's default base
    write_json(source / "1.json", _post_with_terms(1, news, seoul))
    run_import([source], docs, jobs=1)
    assert _target(docs, "topics/world/index.html") == "categories/world-news"
    assert (docs / "categories/world-news.md").exists()
    assert _target(docs, "tag/seoul/index.html") == "tags/seoul"

    # The category goes from the post: its page goes, and so does the address leading to it.
    write_json(source / "1.json", rest_post(1))
    run_import([source], docs, jobs=1)
    assert not (docs / "categories/world-news.md").exists()
    assert not (docs / "topics/world/index.html").exists() and not (docs / "tag/seoul/index.html").exists()


def test_a_category_address_from_the_lookup_lists_leads_to_its_page(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    write_json(source / "categories.json", [{"id": 9, "name": "Ferries", "slug": "ferries", "taxonomy": "category",
                                             "link": "https://news.example/category/ferries/"}])
    write_json(source / "1.json", rest_post(1, categories=[9]))
    run_import([source], docs, jobs=1)
    assert _target(docs, "category/ferries/index.html") == "categories/ferries"


def test_a_category_address_stays_exactly_as_long_as_its_page(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    write_json(source / "1.json", _post_with_terms(1, {"id": 3, "name": "Ferries", "slug": "ferries"},
                                                   {"id": 4, "name": "Seoul", "slug": "seoul"}))
    write_json(tmp_path / "other/2.json", rest_post(2))
    run_import([source], docs, jobs=1)
    run_import([tmp_path / "other"], docs, jobs=1)
    page, address = docs / "categories/ferries.md", docs / "category/ferries/index.html"
    assert page.exists() == address.exists()
    run_import([source], docs, jobs=1)
    assert page.exists() and _target(docs, "category/ferries/index.html") == "categories/ferries"


def test_the_feed_is_also_at_wordpress_feed_address_and_pagination_leads_to_the_archive(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    for number in range(1, 24):
        write_json(source / f"{number}.json", rest_post(number))
    run_import([source], docs, jobs=1, settings={"site_name": "KB", "site_url": "https://kb.example/"})
    assert (docs / "feed/index.html").read_bytes() == (docs / "feed.xml").read_bytes()
    assert _target(docs, "page/2/index.html") == "archive" and _target(docs, "page/3/index.html") == "archive"
    assert not (docs / "page/4").exists()  # 23 posts, 10 a page


def test_ids_map_each_wordpress_id_to_its_page(tmp_path):
    import json

    source, docs = tmp_path / "in", tmp_path / "docs"
    write_json(source / "1.json", rest_post(41))
    write_json(source / "2.json", _page(42, "about"))
    run_import([source], docs, jobs=1)
    assert json.loads((docs / "assets/ids.json").read_text()) == {"41": "articles/2024/01/post-41/",
                                                                   "42": "pages/about/"}


def test_a_wordpress_short_address_opens_the_posts_page_in_the_browser(page, site_url):
    """/?p=3121 on the sample site: the post whose WordPress id is 3121."""
    import json
    import re
    from pathlib import Path
    from urllib.request import urlopen

    ids = json.loads(urlopen(site_url + "assets/ids.json").read())
    target = ids["3121"]
    page.goto(site_url + "?p=3121")
    page.wait_for_url(re.compile(re.escape(target) + "$"), timeout=10_000)
    assert Path(target).name in page.url
    page.goto(site_url + "category/diplomacy/")
    page.wait_for_url(re.compile(r"categories/diplomacy/$"), timeout=10_000)
    # The sample's images are hotlinked from its (made-up) WordPress host: not ours to check here.
    assert [p for p in page.problems if "peninsula-monitor.example" not in p and "ERR_NAME_NOT_RESOLVED" not in p] == []


def test_importing_one_file_keeps_the_listing_pages_other_articles_link_to(tmp_path):
    """Article pages link to their category, tag and author pages: an import of another file
    must not take those pages away (mkdocs --strict failed on the links)."""
    source, docs = tmp_path / "in", tmp_path / "docs"
    post = _post_with_terms(1, {"id": 3, "name": "Ferries", "slug": "ferries"}, {"id": 4, "name": "Seoul", "slug": "seoul"})
    post["_embedded"]["author"] = [{"id": 7, "name": "Min-ji Kwon"}]
    write_json(source / "1.json", post)
    write_json(tmp_path / "other/2.json", rest_post(2))
    run_import([source], docs, jobs=1)
    run_import([tmp_path / "other"], docs, jobs=1)
    for page in ("categories/ferries.md", "tags/seoul.md", "authors/min-ji-kwon.md"):
        assert (docs / page).exists(), page
    assert _target(docs, "category/ferries/index.html") == "categories/ferries"


def test_a_wordpress_author_address_leads_to_the_authors_page(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    write_json(source / "1.json", rest_post(1, author=7, _embedded={"author": [
        {"id": 7, "name": "Min-ji Kwon", "slug": "minji", "link": "https://news.example/author/minji/"}]}))
    run_import([source], docs, jobs=1)
    assert (docs / "authors/min-ji-kwon.md").exists()
    assert _target(docs, "author/minji/index.html") == "authors/min-ji-kwon"


def test_links_between_articles_of_the_same_site_lead_to_their_pages_here(tmp_path):
    source, docs = tmp_path / "in", tmp_path / "docs"
    body = ('<p>See <a href="https://WWW.News.Example/2024/01/post-1/">the first</a>, '
            '<a href="https://NEWS.example/?p=2">the second by id</a> and '
            '<a href="https://other.example/2024/01/post-1/">elsewhere</a>.</p>')
    write_json(source / "posts.json", [rest_post(1), rest_post(2), rest_post(3, content={"rendered": body})])
    result = run_import([source], docs, jobs=1)
    page = next(a.path for a in result.articles if a.post.wordpress_id == 3)
    text = (docs / page).read_text("utf-8")
    assert "[the first](post-1.md)" in text and "[the second by id](post-2.md)" in text
    assert "[elsewhere](https://other.example/2024/01/post-1/)" in text
