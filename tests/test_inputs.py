"""Every input shape WordPress produces, read through the CLI."""
import json

from .conftest import pages_under, read_page, rest_post, write_json

EMBEDDED = {
    "author": [{"id": 7, "name": "Jeong Min-ji", "slug": "minji"}],
    "wp:term": [
        [{"id": 3, "name": "Diplomacy &amp; Security", "slug": "diplomacy", "taxonomy": "category"}],
        [{"id": 9, "name": "Sanctions", "slug": "sanctions", "taxonomy": "post_tag"}],
    ],
    "wp:featuredmedia": [{"id": 55, "source_url": "https://news.example/img/a.jpg", "alt_text": "Summit", "caption": {"rendered": "<p>The summit</p>"}}],
}


def test_array_page_with_embedded_names_authors_terms_and_image(import_files, tmp_path):
    posts = [rest_post(501, author=7, categories=[3], tags=[9], featured_media=55, _embedded=EMBEDDED),
             rest_post(502)]
    result, docs = import_files(write_json(tmp_path / "posts-page-1.json", posts))
    assert result.returncode == 0, result.stderr
    meta, body = read_page(docs / "articles/2024/01/post-501.md")
    assert meta["authors"] == ["Jeong Min-ji"]
    assert meta["categories"] == ["Diplomacy & Security"]
    assert meta["tags"] == ["Sanctions"]
    assert meta["image"] == "https://news.example/img/a.jpg"
    assert "![Summit](https://news.example/img/a.jpg)" in body
    assert len(pages_under(docs)) == 2


def test_ids_are_named_from_users_categories_and_tags_files_among_the_inputs(import_files, tmp_path):
    folder = tmp_path / "in"
    write_json(folder / "post.json", rest_post(601, author=2, categories=[4], tags=[8, 99]))
    write_json(folder / "users.json", [{"id": 2, "name": "Park Ji-hoon", "slug": "park", "link": "https://news.example/author/park/", "avatar_urls": {}}])
    write_json(folder / "categories.json", [{"id": 4, "name": "North Korea", "slug": "nk", "taxonomy": "category"}])
    write_json(folder / "tags.json", [{"id": 8, "name": "Missiles", "slug": "missiles", "taxonomy": "post_tag"}])
    _result, docs = import_files(folder, extra=("--report", str(tmp_path / "r.json")))
    meta, _ = read_page(docs / "articles/2024/01/post-601.md")
    assert meta["authors"] == ["Park Ji-hoon"]
    assert meta["categories"] == ["North Korea"]
    assert meta["tags"] == ["Missiles"]  # tag 99 is unknown: left out, not printed as a number
    report = json.loads((tmp_path / "r.json").read_text())
    assert any("99" in note for note in report["posts"][0]["notes"])


def test_unresolvable_ids_are_left_out_rather_than_printed(import_files, tmp_path):
    _result, docs = import_files(write_json(tmp_path / "p.json", rest_post(602, author=5, categories=[1])))
    meta, _ = read_page(pages_under(docs)[0])
    assert meta["authors"] == [] and meta["categories"] == []


def test_json_lines_and_folders_are_read_recursively_whatever_the_extension(import_files, tmp_path):
    folder = tmp_path / "in" / "deep" / "er"
    folder.mkdir(parents=True)
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(rest_post(i)) for i in (701, 702)) + "\n")
    (folder / "index.html").write_text(json.dumps(rest_post(703)))
    (tmp_path / "in" / "README.md").write_text("# notes, not data\n")
    result, docs = import_files(tmp_path / "in")
    assert result.returncode == 0, result.stderr
    assert len(pages_under(docs)) == 3


def test_pages_go_to_their_own_section(import_files, tmp_path):
    page = rest_post(801, type="page", slug="about", link="https://news.example/about/", title={"rendered": "About us"})
    _result, docs = import_files(write_json(tmp_path / "page.json", page))
    assert (docs / "pages/about.md").exists()
    assert pages_under(docs) == []
    assert "[About us](about.md)" in (docs / "pages/index.md").read_text()


def test_drafts_pending_private_and_future_posts_are_not_published(import_files, tmp_path):
    posts = [rest_post(900 + i, status=status) for i, status in enumerate(["draft", "pending", "private", "future", "publish"])]
    result, docs = import_files(write_json(tmp_path / "p.json", posts))
    assert [p.name for p in pages_under(docs)] == ["post-904.md"]
    assert "4 not published" in result.stdout
    result, docs = import_files(tmp_path / "p.json", extra=("--include-unpublished",))
    assert len(pages_under(docs)) == 5


def test_dates_carry_the_utc_offset_that_date_and_date_gmt_show(import_files, tmp_path):
    post = rest_post(950, date="2024-03-01T09:30:00", date_gmt="2024-03-01T14:30:00",
                     modified="2024-03-02T08:00:00", modified_gmt="2024-03-02T13:00:00")
    _, docs = import_files(write_json(tmp_path / "p.json", post))
    meta, _ = read_page(pages_under(docs)[0])
    assert meta["date"] == "2024-03-01T09:30:00-05:00"
    assert meta["updated"] == "2024-03-02T08:00:00-05:00"


def test_a_post_without_gmt_dates_takes_its_sites_usual_offset_and_says_so(import_files, tmp_path):
    posts = [rest_post(951), rest_post(952),  # +09:00, from their date and date_gmt
             {**rest_post(953), "date_gmt": None, "modified_gmt": None}]
    result, docs = import_files(write_json(tmp_path / "p.json", posts), extra=("--report", str(tmp_path / "r.json")))
    assert result.returncode == 0, result.stderr
    meta, _ = read_page(docs / "articles/2024/01/post-953.md")
    assert (meta["date"], meta["updated"]) == ("2024-01-15T10:00:00+09:00", "2024-01-15T11:00:00+09:00")
    notes = {post["wordpress_id"]: post["notes"] for post in json.loads((tmp_path / "r.json").read_text("utf-8"))["posts"]}
    assert notes[953] == ["date: no GMT time given; assumed the site's usual UTC offset",
                          "updated: no GMT time given; assumed the site's usual UTC offset"]
    assert notes[951] == notes[952] == []


def test_titles_summaries_and_authors_are_plain_text(import_files, tmp_path):
    post = rest_post(960, title={"rendered": "Kim&#8217;s <em>visit</em> &amp; more"},
                     excerpt={"rendered": "<p>Short <b>summary</b> here&hellip; <a class=\"more-link\" href=\"x\">Continue reading</a></p>"},
                     _embedded={"author": [{"id": 1, "name": "Lee <b>Bold</b>"}]})
    _, docs = import_files(write_json(tmp_path / "p.json", post))
    meta, _ = read_page(pages_under(docs)[0])
    assert meta["title"] == "Kim’s visit & more"
    assert meta["summary"] == "Short summary here…"
    assert meta["authors"] == ["Lee Bold"]


def test_hostile_slugs_stay_inside_docs_and_collisions_get_stable_names(import_files, tmp_path):
    posts = [rest_post(971, slug="../../../etc/passwd"), rest_post(972, slug="index"),
             rest_post(973, slug="same"), rest_post(974, slug="same")]
    _, docs = import_files(write_json(tmp_path / "p.json", posts))
    names = sorted(p.relative_to(docs).as_posix() for p in pages_under(docs))
    assert names == ["articles/2024/01/etc-passwd.md", "articles/2024/01/index-post-972.md",
                     "articles/2024/01/same-974.md", "articles/2024/01/same.md"]
    assert not (tmp_path / "etc").exists()
    meta, _ = read_page(docs / "articles/2024/01/same.md")
    assert meta["source"]["wordpress_id"] == 973


def test_the_same_post_in_several_files_becomes_one_page(import_files, tmp_path):
    folder = tmp_path / "in"
    write_json(folder / "list.json", [rest_post(980, content={"rendered": "<p>short</p>"})])
    write_json(folder / "single.json", rest_post(980, modified="2024-01-16T00:00:00", modified_gmt="2024-01-15T15:00:00",
                                                 content={"rendered": "<p>newer text</p>"}))
    _, docs = import_files(folder)
    [page] = pages_under(docs)
    assert "newer text" in page.read_text()


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Site</title><link>https://news.example</link>
<wp:author><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_display_name><![CDATA[Han Seo-yeon]]></wp:author_display_name></wp:author>
<item><title>Talks resume</title><link>https://news.example/2024/02/talks-resume/</link>
<dc:creator><![CDATA[editor]]></dc:creator>
<guid isPermaLink="false">https://news.example/?p=12</guid>
<content:encoded><![CDATA[Delegations met in Panmunjom.

They agreed to meet again & talk. [caption id="a" width="300"]<img src="https://news.example/p.jpg" alt="Table" /> The table[/caption]]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>12</wp:post_id><wp:post_date>2024-02-03 10:00:00</wp:post_date><wp:post_date_gmt>2024-02-03 01:00:00</wp:post_date_gmt>
<wp:post_name>talks-resume</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="diplomacy"><![CDATA[Diplomacy]]></category>
<category domain="post_tag" nicename="dmz"><![CDATA[DMZ]]></category>
<wp:postmeta><wp:meta_key>x</wp:meta_key><wp:meta_value>a & b</wp:meta_value></wp:postmeta>
</item></channel></rss>"""


def test_wxr_export_with_raw_ampersands_imports_with_paragraphs_and_captions(import_files, tmp_path):
    source = tmp_path / "export.xml"
    source.write_text(WXR, "utf-8")
    result, docs = import_files(source)
    assert result.returncode == 0, result.stderr
    meta, body = read_page(docs / "articles/2024/02/talks-resume.md")
    assert meta["authors"] == ["Han Seo-yeon"]
    assert meta["categories"] == ["Diplomacy"] and meta["tags"] == ["DMZ"]
    assert meta["date"] == "2024-02-03T10:00:00+09:00"
    assert "Delegations met in Panmunjom.\n\nThey agreed to meet again & talk." in body
    assert "![Table](https://news.example/p.jpg)" in body and "*The table*" in body


def test_malformed_wxr_from_the_wordpress_importer_fixtures_still_yields_its_post(import_files, corpus):
    result, docs = import_files(corpus / "wordpress-importer/phpunit-data/malformed-simple.xml")
    assert result.returncode == 0, result.stderr
    [page] = pages_under(docs)
    assert read_page(page)[0]["title"] == "Broken"


def test_two_sites_that_number_their_categories_and_authors_alike_keep_their_own_names(import_files, tmp_path):
    def site(host, post_id, category, author):
        folder = tmp_path / host
        write_json(folder / "posts.json", [rest_post(post_id, link=f"https://{host}/2024/01/post-{post_id}/",
                                                     categories=[5], author=2)])
        write_json(folder / "categories.json", [{"id": 5, "name": category, "taxonomy": "category",
                                                 "link": f"https://{host}/category/x/"}])
        write_json(folder / "users.json", [{"id": 2, "name": author, "slug": "a", "link": f"https://{host}/author/a/",
                                            "avatar_urls": {}}])
        return folder

    result, docs = import_files(site("one.example", 1, "Diplomacy", "Ana Lee"),
                                site("two.example", 2, "Weather", "Bo Kim"))
    assert result.returncode == 0, result.stderr
    one, two = read_page(docs / "articles/2024/01/post-1.md")[0], read_page(docs / "articles/2024/01/post-2.md")[0]
    assert (one["categories"], one["authors"]) == (["Diplomacy"], ["Ana Lee"])
    assert (two["categories"], two["authors"]) == (["Weather"], ["Bo Kim"])
