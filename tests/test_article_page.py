"""The article page's knowledge block (date, reading time, authors, categories, tags, dates
mentioned, who said it, sources, previous and next), author pages, the feeds' article content and
the placeholder site_url warning: rendered in-process; one browser check on the sample site."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import markdown
from lxml import etree
from lxml import html as lxml_html

from generator.core.models import Article, Conversion, Post
from generator.core.safe import is_safe_url
from generator.extract import Extraction
from generator.extract.citations import Attribution, Link
from generator.extract.dates import DateMention
from generator.importer import run_import
from generator.pages.article_page import article_pages, render_article
from generator.pages.feeds import json_feed, rss
from generator.pages.listings import author_pages

from .conftest import call_cli, rest_post, write_json

EXTENSIONS = ["toc", "tables", "footnotes", "def_list"]
WORDS = " ".join(["word"] * 600)  # 3 minutes at 200 words a minute


def _article(number: int, day: int, *, authors=("Min-ji Kwon",), categories=("Diplomacy",), tags=("Russia",),
             body: str = "Body.\n", extraction: Extraction | None = None) -> Article:
    post = Post(origin=f"{number}.json", wordpress_id=number, type="post", status="publish", slug=f"post-{number}",
                title=f"Post {number}", date=datetime(2024, 1, day, 9, tzinfo=UTC), updated=None,
                link=f"https://news.example/2024/01/post-{number}/", site="https://news.example", guid="",
                authors=list(authors), categories=list(categories), tags=list(tags), content_html="",
                excerpt_html="")
    article = Article(post, body, f"Summary {number}.", f"articles/2024/01/post-{number}.md", Conversion(body))
    article.extraction = extraction if extraction is not None else Extraction()
    return article


def _block(page: str) -> str:
    """The page from after its front-matter to the end of its last knowledge block."""
    body = page.split("\n---\n", 1)[1]
    return body[: body.index("<!-- /search:ignore -->", body.index("Categories"))]


def _three(middle_extraction: Extraction, **middle) -> list[Article]:
    return [_article(1, 10), _article(2, 12, extraction=middle_extraction, **middle), _article(3, 14, tags=())]


CITED = Extraction(
    dates=[DateMention("2023-09", "the September summit"), DateMention("2024-04-10", "on April 10")],
    links=[Link("https://en.yna.co.kr/view/AEN1", "en.yna.co.kr", "Yonhap")],
    attributions=[Attribution("White House", "The White House has accused"), Attribution("John Kirby", "John Kirby expressed")],
)


def test_the_knowledge_block_shows_each_part_linked_to_its_page():
    articles = _three(CITED, body=WORDS + "\n", tags=("Russia", "Kim Jong Un"))
    page = render_article(articles[1], article_pages(articles))
    block = _block(page)
    assert block.lstrip().startswith("<!-- search:ignore -->")
    assert "*12 January 2024* · 3 min read · by [Min-ji Kwon](../../../authors/min-ji-kwon.md)" in block
    assert "[Original on news.example](https://news.example/2024/01/post-2/)" in block
    assert "Categories\n:   [Diplomacy](../../../categories/diplomacy.md)\n" in block
    assert "Tags\n:   [Russia](../../../tags/russia.md) · [Kim Jong Un](../../../tags/kim-jong-un.md)\n" in block
    assert "Dates mentioned\n:   **September 2023** (the September summit) · **10 April 2024** (on April 10)\n" in block
    assert ("Who said it\n:   **White House**: “The White House has accused” · "
            "**John Kirby**: “John Kirby expressed”\n") in block
    assert "Sources\n:   [Yonhap](https://en.yna.co.kr/view/AEN1) (en.yna.co.kr)\n" in block
    # no previous and next post (related articles and the archive's months lead on: issue 9)
    assert "Previous" not in page and "Next" not in page and "post-1.md" not in block
    html = markdown.markdown(page.split("\n---\n", 1)[1], extensions=EXTENSIONS)
    terms = lxml_html.fragment_fromstring(html, create_parent="div").xpath("//dt/text()")
    assert terms == ["Categories", "Tags", "Dates mentioned", "Who said it", "Sources"]


def test_parts_without_values_are_left_out():
    articles = _three(Extraction())
    last = render_article(articles[2], article_pages(articles))
    for absent in ("Tags\n:", "Dates mentioned", "Who said it", "Sources\n:"):
        assert absent not in last
    assert "1 min read" in last


HOSTILE = "<img src=x onerror=alert(1)>[x](javascript:alert(1))*b*"


def test_hostile_values_in_the_block_stay_text():
    extraction = Extraction(
        dates=[DateMention("<svg onload=alert(1)>", "<script>alert(2)</script>")],
        links=[Link("javascript:alert(3)", "<b>evil</b>", "[a](javascript:alert(4))"),
               Link("https://ok.example/a\"onmouseover=alert(5)", "ok.example", "<i>ok</i>")],
        attributions=[Attribution("<script>alert(6)</script>", "| table | row |\n: definition")],
    )
    articles = _three(extraction, authors=(HOSTILE,), categories=(HOSTILE,), tags=("<b>tag</b>",))
    page = render_article(articles[1], article_pages(articles))
    html = markdown.markdown(page.split("\n---\n", 1)[1], extensions=EXTENSIONS)
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    assert not [e.tag for e in tree.iter() if e.tag in ("script", "img", "svg", "b", "i", "table", "iframe")]
    for element in tree.iter():
        assert not [name for name in element.attrib if name.startswith("on")], etree.tostring(element)
        for name in ("href", "src"):
            if name in element.attrib:
                assert is_safe_url(element.attrib[name]), element.attrib[name]
    text = tree.text_content()
    for shown in ("<img src=x onerror=alert(1)>", "<script>alert(6)</script>", "<svg onload=alert(1)>",
                  "<script>alert(2)</script>", "[a](javascript:alert(4))", "<b>tag</b>", "<i>ok</i>"):
        assert shown in text, shown
    assert "javascript:alert(3)" not in html  # an unsafe source link keeps its text, not its target
    author_links = [a.get("href") for a in tree.iter("a") if a.text_content().startswith("<img")]
    assert author_links and all(re.fullmatch(r"\.\./\.\./\.\./(authors|categories)/[a-z0-9-]+\.md", h) for h in author_links)


def test_author_pages_list_each_authors_articles_newest_first():
    articles = [_article(1, 10, authors=("Min-ji Kwon", "Tom Whitfield")), _article(2, 12),
                _article(3, 14, authors=("Tom Whitfield",))]
    pages = {page.path: page for page in author_pages(articles)}
    assert set(pages) == {"authors/min-ji-kwon.md", "authors/tom-whitfield.md", "authors/index.md"}
    kwon = pages["authors/min-ji-kwon.md"]
    assert kwon.head.startswith("---\ntitle: Min-ji Kwon\n---\n\n# Min-ji Kwon")
    assert kwon.generated.index("[Post 2](../articles/2024/01/post-2.md)") < kwon.generated.index("[Post 1]")
    assert "Post 3" not in kwon.generated
    index = pages["authors/index.md"].generated
    assert "- [Min-ji Kwon](min-ji-kwon.md) (2)\n- [Tom Whitfield](tom-whitfield.md) (2)" in index
    # The article links to the very page written for its author.
    page = render_article(articles[0], article_pages(articles))
    assert "[Tom Whitfield](../../../authors/tom-whitfield.md)" in page


def test_import_writes_author_pages_and_the_article_links_reach_them(tmp_path):
    embedded = {"author": [{"id": 7, "name": "Min-ji Kwon", "link": "https://news.example/author/minji/"}],
                "wp:term": [[{"id": 3, "taxonomy": "category", "name": "Diplomacy", "slug": "diplomacy"}]]}
    source = tmp_path / "in"
    write_json(source / "1.json", rest_post(1, _embedded=embedded, date="2024-01-10T10:00:00"))
    write_json(source / "2.json", rest_post(2, _embedded=embedded, date="2024-01-12T10:00:00"))
    docs = tmp_path / "docs"
    run_import([source], docs, jobs=1)
    page_path = docs / "articles/2024/01/post-2.md"
    page = page_path.read_text("utf-8")
    links = re.findall(r"\]\((\.\./[^)]+\.md)\)", page)
    for kind in ("authors", "categories"):
        targets = [t for t in links if f"/{kind}/" in t]
        assert targets, (kind, page)
        assert all((page_path.parent / t).resolve().is_file() for t in targets), targets
    author = (docs / "authors/min-ji-kwon.md").read_text("utf-8")
    assert author.index("post-2.md") < author.index("post-1.md")
    assert "[Min-ji Kwon](min-ji-kwon.md) (2)" in (docs / "authors/index.md").read_text("utf-8")


def _feed_articles() -> list[Article]:
    body = ("The [White House](../../../organizations/white-house.md) spoke.\n\n## Why it matters\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nSee [the home page](../../../index.md#top) and "
            "[Yonhap](https://en.yna.co.kr/x).\n")
    return [_article(1, 10, body=body)]


def test_json_feed_items_carry_the_article_as_html_with_absolute_links():
    feed = json.loads(json_feed(_feed_articles(), "https://kb.example/site/", "KB", ""))
    content = feed["items"][0]["content_html"]
    assert '<a href="https://kb.example/site/organizations/white-house/">White House</a>' in content
    assert '<h2 id="why-it-matters">Why it matters</h2>' in content and "¶" not in content
    assert "<table>" in content
    assert 'href="https://kb.example/site/#top"' in content and 'href="https://en.yna.co.kr/x"' in content


def test_rss_items_carry_the_article_as_content_encoded():
    feed = etree.fromstring(rss(_feed_articles(), "https://kb.example/", "KB", "").encode("utf-8"))
    encoded = feed.findall(".//{http://purl.org/rss/1.0/modules/content/}encoded")
    assert len(encoded) == 1
    assert '<a href="https://kb.example/organizations/white-house/">White House</a>' in encoded[0].text
    assert feed.find(".//item/description").text == "Summary 1."


def test_feeds_of_long_articles_carry_the_newest_in_full_and_stay_within_a_page_size():
    """50 articles of 40 KB each: the feeds (and their copy at /feed/, an .html page) would weigh
    2 MB; the newest carry their text while it fits in the budget, the rest their summary."""
    long = "".join(f"Paragraph {n} of a long report on the talks in Seoul and Pyongyang.\n\n" for n in range(560))
    articles = [_article(number, 1 + number % 28, body=long) for number in range(1, 51)]
    feed = json.loads(json_feed(articles, "https://kb.example/", "KB", ""))
    with_text = [item for item in feed["items"] if "content_html" in item]
    dates = [item["date_published"] for item in feed["items"]]
    assert len(dates) == 50 and dates == sorted(dates, reverse=True)
    assert 1 <= len(with_text) < 5 and feed["items"][:len(with_text)] == with_text  # the newest, in order
    assert all(item["content_text"] == item["summary"] for item in feed["items"][len(with_text):])
    xml = rss(articles, "https://kb.example/", "KB", "")
    assert len(xml.encode("utf-8")) < 200_000 and len(json.dumps(feed).encode("utf-8")) < 200_000
    tree = etree.fromstring(xml.encode("utf-8"))
    assert len(tree.findall(".//item")) == 50
    assert len(tree.findall(".//{http://purl.org/rss/1.0/modules/content/}encoded")) == len(with_text)


def _mkdocs_yml(folder, site_url: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(f"site_name: KB\nsite_url: {site_url}\n", "utf-8")


def test_import_warns_once_when_site_url_is_a_placeholder(tmp_path):
    write_json(tmp_path / "in/1.json", rest_post(1))
    _mkdocs_yml(tmp_path / "a", "https://example.github.io/wp-knowledge-base/")
    placeholder = call_cli("import", str(tmp_path / "in"), "--docs", "docs", cwd=tmp_path / "a")
    warnings = [line for line in placeholder.stderr.splitlines() if "site_url" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning:") and "placeholder" in warnings[0]
    assert "feed" in warnings[0]
    _mkdocs_yml(tmp_path / "b", "https://kb.news.example/")
    real = call_cli("import", str(tmp_path / "in"), "--docs", "docs", cwd=tmp_path / "b")
    assert real.returncode == 0 and "site_url" not in real.stderr


SEED = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/"


def test_the_seed_page_shows_who_said_it_and_its_dates_and_a_category_link_opens_its_page(page, site_url):
    page.goto(site_url + SEED)
    facts = page.locator("article dl").first
    said = facts.locator("dt", has_text="Who said it").locator("xpath=following-sibling::dd[1]").inner_text()
    for source, quote in (("White House", "The White House has accused"), ("John Kirby", "John Kirby expressed")):
        assert f"{source}: “{quote}”" in said
    assert said.count("“") == 4
    dates = facts.locator("dt", has_text="Dates mentioned").locator("xpath=following-sibling::dd[1]").inner_text()
    assert "September 2023" in dates and "April 2024" in dates
    # The seed has no category: a related article of September 2023 has, and its category link opens that page.
    page.locator("article li a[href^='../../09/']").first.click()
    page.wait_for_url(re.compile(r"articles/2023/09/[^/]+/$"))
    title = page.locator("h1").first.inner_text()
    category = page.locator("article dl").first.locator("dd a[href*='categories/']").first
    name = category.inner_text()
    category.click()
    page.wait_for_url(re.compile(r"categories/[a-z0-9-]+/$"))
    assert page.locator("h1").first.inner_text().startswith(name)
    assert page.locator("article a", has_text=title).count() == 1
    # The sample's images are on WordPress's host, which this machine may not reach.
    assert [p for p in page.problems if "ERR_NAME_NOT_RESOLVED" not in p] == []


# -- the article's own language ----------------------------------------------------------------

INDONESIAN = ("<p>Ketua Umum Partai Golkar menghadiri rapat pimpinan nasional di Jakarta pada hari Senin. "
              "Dalam pidatonya, ia mengajak seluruh kader untuk bekerja keras menjelang pemilihan umum "
              "tahun depan dan menjaga persatuan partai di semua daerah.</p>")


def _page_of_imported(tmp_path, content: str, extensions: list) -> str:
    docs = tmp_path / "docs"
    source = write_json(tmp_path / "in/post.json", rest_post(31, content={"rendered": content}))
    run_import([source], docs, jobs=1, settings={"site_name": "KB", "theme": {"language": "en"},
                                                 "markdown_extensions": extensions})
    return next((docs / "articles").rglob("*.md")).read_text("utf-8")


def test_an_article_in_another_language_than_the_sites_is_marked_with_it(tmp_path):
    page = _page_of_imported(tmp_path, INDONESIAN, ["toc", "md_in_html"])
    assert '<div lang="id" markdown>' in page
    html = markdown.markdown(page.split("\n---\n", 1)[1], extensions=["md_in_html", "attr_list"])
    assert 'lang="id"' in html and "<p>Ketua Umum" in html  # the Markdown inside is still read


def test_an_article_in_the_sites_language_or_a_site_without_md_in_html_is_not_marked(tmp_path):
    english = "<p>" + "The delegation met the minister in the capital and discussed the plan. " * 4 + "</p>"
    assert "lang=" not in _page_of_imported(tmp_path / "en", english, ["toc", "md_in_html"])
    assert "lang=" not in _page_of_imported(tmp_path / "id", INDONESIAN, ["toc"])  # would show as text


def test_a_date_written_as_itself_is_not_repeated_beside_it():
    from generator.pages.article_page import facts, page_source
    article = _article(1, 5)
    article.extraction.dates = [DateMention("2023-09-14", "Sept. 14th, 2023"),
                                DateMention("2023-09", "the September summit"),
                                DateMention("2023-09-14", "September 14")]
    shown = facts(page_source(article, {}))["dates"]
    assert shown == [{"date": "14 September 2023", "text": ""},  # once, and not "(Sept. 14th, 2023)" again
                     {"date": "September 2023", "text": "the September summit"}]


def test_an_article_pages_key_changes_exactly_when_what_its_page_is_made_of_changes():
    from dataclasses import fields, replace

    from generator.extract import Mention
    from generator.pages.article_page import KEYED, PageSource, page_key, page_source
    assert set(KEYED) == {f.name for f in fields(PageSource)}  # page_key knows every field

    def mentioned(*mentions) -> Extraction:
        return replace(CITED, mentions=[Mention(key, start, start + 3, surface) for key, start, surface in mentions])

    kim = (("person", "Kim Jong Un"), 0, "Kim")
    base = _article(2, 12, extraction=mentioned(kim))
    other = _article(3, 14)
    page_of = {("person", "Kim Jong Un"): "people/kim-jong-un.md", ("tags", "Russia"): "tags/russia.md"}
    cases = [  # (article, page_of, site language, related)
        (base, page_of, "en", [other]),
        (base, {**page_of, ("person", "Someone Else"): "people/else.md"}, "en", [other]),  # not named: the same
        (_article(2, 12, extraction=mentioned((kim[0], 40, "Kim"))), page_of, "en", [other]),  # elsewhere: the same
        (base, {**page_of, ("person", "Kim Jong Un"): "people/kim.md"}, "en", [other]),
        (base, {**page_of, ("tags", "Russia"): "tags/russia-2.md"}, "en", [other]),
        (base, page_of, "id", [other]),
        (base, page_of, "en", []),
        (base, page_of, "en", [_article(4, 14)]),
        (_article(2, 12, extraction=mentioned(kim, (kim[0], 9, "Kim Jong Un"))), page_of, "en", [other]),
        (_article(2, 12, extraction=mentioned((("place", "Seoul"), 0, "Seoul"))), page_of, "en", [other]),
        (_article(2, 12, extraction=replace(mentioned(kim), dates=[])), page_of, "en", [other]),
        (_article(2, 12, extraction=replace(mentioned(kim), links=[])), page_of, "en", [other]),
        (_article(2, 12, extraction=replace(mentioned(kim), attributions=[])), page_of, "en", [other]),
        (_article(2, 12, extraction=mentioned(kim), body="Another body.\n"), page_of, "en", [other]),
        (_article(2, 12, extraction=mentioned(kim), tags=()), page_of, "en", [other]),
        (replace(base, summary="Another summary."), page_of, "en", [other]),
        (replace(base, featured_file="image.jpg"), page_of, "en", [other]),
        (replace(base, path="articles/2024/01/post-2-2.md"), page_of, "en", [other]),
        (replace(base, conversion=Conversion(base.body, language="de")), page_of, "en", [other]),
        (replace(base, post=replace(base.post, title="Another title")), page_of, "en", [other]),
        (replace(base, extraction=None), page_of, "en", [other]),
    ]
    keys = [page_key(article, pages, language, related) for article, pages, language, related in cases]
    sources = [page_source(article, pages, language, related) for article, pages, language, related in cases]
    for i, j in [(first, second) for first in range(len(cases)) for second in range(first)]:
        assert (keys[i] == keys[j]) == (sources[i] == sources[j]), (i, j)
    assert keys[1] == keys[0] and keys[2] == keys[0]  # the cases above that must not change it
    assert len({repr(key) for key in keys}) == len(keys) - 2  # and every other one does
