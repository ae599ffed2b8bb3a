"""No listing grows without limit: a category, tag or author page lists its latest articles and
links one page per year, at addresses that never move as articles arrive."""
import re
from datetime import UTC

from generator.importer import run_import

from .conftest import rest_post, write_json

CATEGORY = {"id": 3, "name": "Diplomacy", "slug": "diplomacy", "link": "https://news.example/category/diplomacy/"}
TAG = {"id": 7, "name": "Summits", "slug": "summits", "link": "https://news.example/tag/summits/"}
AUTHOR = {"id": 2, "name": "Min Lee", "slug": "min-lee", "link": "https://news.example/author/min-lee/"}


def _posts(count: int, first: int = 0) -> list[dict]:
    posts = []
    for i in range(first, first + count):
        year, month = 2021 + i // 40, 1 + i % 12  # 40 a year
        posts.append(rest_post(
            7000 + i, date=f"{year}-{month:02d}-10T10:00:00", date_gmt=f"{year}-{month:02d}-10T01:00:00",
            slug=f"brief-{i}", link=f"https://news.example/{year}/{month:02d}/brief-{i}/", title={"rendered": f"Brief {i}"},
            author=2, categories=[3], tags=[7], _embedded={"author": [AUTHOR], "wp:term": [
                [{**CATEGORY, "taxonomy": "category"}], [{**TAG, "taxonomy": "post_tag"}]]}))
    return posts


def _listed(text: str) -> list[str]:
    return re.findall(r"^- \[Brief (\d+)\]", text, re.MULTILINE)


def test_term_and_author_pages_list_the_latest_50_and_link_a_page_per_year(tmp_path):
    docs = tmp_path / "docs"
    run_import([write_json(tmp_path / "in/posts.json", _posts(100))], docs, jobs=1)
    for page, folder in (("categories/diplomacy.md", "categories"), ("tags/summits.md", "tags"),
                         ("authors/min-lee.md", "authors")):
        slug = page.split("/")[1][:-3]
        text = (docs / page).read_text("utf-8")
        assert len(_listed(text)) == 50, page
        newest = sorted(range(100), key=lambda i: (2021 + i // 40, 1 + i % 12, f"brief-{i}"), reverse=True)
        assert _listed(text) == [str(i) for i in newest[:50]]
        assert (f"The latest 50 of 100 articles. By year: [2023](by-year/{slug}/2023.md) (20) · "
                f"[2022](by-year/{slug}/2022.md) (40) · [2021](by-year/{slug}/2021.md) (40)") in text
        for year, count in (("2023", 20), ("2022", 40), ("2021", 40)):
            year_text = (docs / folder / "by-year" / slug / f"{year}.md").read_text("utf-8")
            assert len(_listed(year_text)) == count
            assert f"](../../{slug}.md)" in year_text  # back to the whole list
            assert f"(../../../articles/{year}/" in year_text


def test_year_pages_keep_their_address_as_articles_arrive_and_go_when_unneeded(tmp_path):
    docs, source = tmp_path / "docs", tmp_path / "in/posts.json"
    run_import([write_json(source, _posts(100))], docs, jobs=1)
    before = (docs / "tags/by-year/summits/2021.md").read_text("utf-8")
    run_import([write_json(source, _posts(140))], docs, jobs=1)  # 2024 arrives
    assert (docs / "tags/by-year/summits/2021.md").read_text("utf-8") == before
    assert len(_listed((docs / "tags/by-year/summits/2024.md").read_text("utf-8"))) == 20
    run_import([write_json(source, [{**p, "status": "trash"} if i >= 30 else p
                                    for i, p in enumerate(_posts(140))])], docs, jobs=1)
    assert len(_listed((docs / "tags/summits.md").read_text("utf-8"))) == 30  # the whole list again
    assert not (docs / "tags/by-year").exists()


def test_a_long_year_lists_parts_of_at_most_part_articles_that_keep_their_articles(tmp_path, monkeypatch):
    """No page grows without limit, not even a year's: past PART articles (here 15), the year's page
    lists parts, counted from the oldest, so a new article changes only the newest part."""
    from generator.pages import listings

    monkeypatch.setattr(listings, "PART", 15)
    docs, source = tmp_path / "docs", tmp_path / "in/posts.json"
    run_import([write_json(source, _posts(100))], docs, jobs=1)  # 40 in 2021: parts of 15, 15, 10
    year = docs / "tags/by-year/summits"
    index = (year / "2021.md").read_text("utf-8")
    assert _listed(index) == []
    assert re.findall(r"\]\((2021-\d)\.md\) · (\d+) articles", index) == [("2021-3", "10"), ("2021-2", "15"), ("2021-1", "15")]
    parts = {n: _listed((year / f"2021-{n}.md").read_text("utf-8")) for n in (1, 2, 3)}
    assert sorted(int(i) for part in parts.values() for i in part) == list(range(40))  # each article once
    assert all(len(part) <= 15 for part in parts.values())
    assert "](2021.md)" in (year / "2021-1.md").read_text("utf-8")  # back to the year
    oldest = (year / "2021-1.md").read_text("utf-8")
    late = {**_posts(1, 39)[0], "id": 9999, "slug": "late", "link": "https://news.example/2021/12/late/",
            "date": "2021-12-20T10:00:00", "date_gmt": "2021-12-20T01:00:00", "title": {"rendered": "Brief 999"}}
    run_import([write_json(source, _posts(100) + [late])], docs, jobs=1)  # the year's newest article
    assert (year / "2021-1.md").read_text("utf-8") == oldest  # an older part keeps its articles
    assert "999" in _listed((year / "2021-3.md").read_text("utf-8"))


def _spain(count: int):
    from datetime import datetime

    from generator.core.models import Article, Conversion, Post
    from generator.extract import Extraction, Mention
    from generator.store.registry import Entity

    entity = Entity("Spain", "state", page="states/spain.md")
    articles = [Article(Post(f"in#{n}", n, "post", "publish", f"p{n}", f"Post {n}",
                             datetime(2012, 1, 1 + n, tzinfo=UTC), None, "", "", "", [], [], [], "", ""),
                        "Spain said so.", "Spain said so.", f"articles/p{n}.md", Conversion("Spain said so."),
                        Extraction(mentions=[Mention(entity.key, 0, 5, "Spain")]))
                for n in range(count - 1, -1, -1)]  # newest first
    return entity, articles


def test_an_entity_s_long_year_lists_parts_too(monkeypatch):
    from generator.pages import entity_pages

    monkeypatch.setattr(entity_pages, "YEAR_PART", 4)
    monkeypatch.setattr(entity_pages, "OLD_PART", 4)
    entity, articles = _spain(10)
    pages = entity_pages._year_pages(entity, "2012", [entity_pages.listed(a) for a in articles])
    year = "states/by-year/spain/2012"
    assert sorted(pages) == [f"{year}-1.md", f"{year}-2.md", f"{year}-3.md", f"{year}.md"]
    assert "10 articles in 2012 mention [Spain](../../spain.md)" in pages[f"{year}.md"]
    listed = {page: re.findall(r"\[Post (\d+)\]", text) for page, text in pages.items()}
    assert listed[f"{year}-1.md"] == ["3", "2", "1", "0"] and listed[f"{year}-3.md"] == ["9", "8"]
    assert "(2012.md)" in pages[f"{year}-2.md"]  # back to the year
    assert all(text.startswith("---\ntitle: ") and "\ntemplate: light.html\n---\n" in text for text in pages.values())


def test_the_addresses_of_an_entity_s_parts_of_50_lead_to_their_year(monkeypatch):
    """Up to stop 20 an entity's year came in parts of 50 (OLD_PART); now of YEAR_PART. Each
    address of an old part that no part has now is a redirect page to the year's page, which lists
    every article of the year, or its parts."""
    from generator.pages import entity_pages
    from generator.pages.redirects import redirect_target

    monkeypatch.setattr(entity_pages, "YEAR_PART", 8)
    monkeypatch.setattr(entity_pages, "OLD_PART", 2)
    year = "states/by-year/spain/2012"
    entity, articles = _spain(7)  # one page now; before, parts 1-4 of 2
    pages = entity_pages._year_pages(entity, "2012", [entity_pages.listed(a) for a in articles])
    assert sorted(pages) == [f"{year}-{n}/index.html" for n in (1, 2, 3, 4)] + [f"{year}.md"]
    assert len(re.findall(r"\[Post (\d+)\]", pages[f"{year}.md"])) == 7
    for n in (1, 2, 3, 4):
        redirect = pages[f"{year}-{n}/index.html"]
        assert redirect_target(f"{year}-{n}/index.html", redirect) == year  # the year's page's address
        assert '<meta http-equiv=refresh content="0; url=../2012/">' in redirect
        assert '<title>Spain: articles in 2012</title>' in redirect and '<a href=../2012/>' in redirect
    entity, articles = _spain(20)  # parts 1-3 of 8 now; before, 1-10 of 2: 4-10 lead to the year
    pages = entity_pages._year_pages(entity, "2012", [entity_pages.listed(a) for a in articles])
    assert sorted(pages) == sorted([f"{year}.md"] + [f"{year}-{n}.md" for n in (1, 2, 3)]
                                   + [f"{year}-{n}/index.html" for n in range(4, 11)])
    entity, articles = _spain(2)  # never had parts
    pages = entity_pages._year_pages(entity, "2012", [entity_pages.listed(a) for a in articles])
    assert sorted(pages) == [f"{year}.md"]


def _one_month(count: int) -> list[dict]:
    assert count <= 28  # one a day, in the order of their numbers
    return [{**post, "date": f"2021-03-{1 + i:02d}T10:00:00", "date_gmt": f"2021-03-{1 + i:02d}T01:00:00",
             "link": f"https://news.example/2021/03/brief-{i}/"} for i, post in enumerate(_posts(count))]


def test_a_busy_month_lists_its_articles_in_parts_without_summaries(tmp_path, monkeypatch):
    """A month's page is bounded as a year's is: past MONTH_SUMMARIES articles no summaries, past
    MONTH_PART the month's page lists parts counted from the oldest, which keep their address as
    articles arrive."""
    from generator.pages import listings
    monkeypatch.setattr(listings, "MONTH_PART", 10)
    monkeypatch.setattr(listings, "MONTH_SUMMARIES", 5)
    docs, source = tmp_path / "docs", tmp_path / "in/posts.json"
    run_import([write_json(source, _one_month(25))], docs, jobs=1)
    month = (docs / "archive/2021-03.md").read_text("utf-8")
    assert _listed(month) == []
    assert re.findall(r"^- \[[^]]+\]\((2021-03-\d)\.md\) · (\d+) articles?$", month, re.MULTILINE) == \
        [("2021-03-3", "5"), ("2021-03-2", "10"), ("2021-03-1", "10")]
    first = (docs / "archive/2021-03-1.md").read_text("utf-8")
    assert len(_listed(first)) == 10 and "<br>" not in first  # title and date, no summary
    assert "](2021-03.md)" in first  # back to the month
    run_import([write_json(source, _one_month(28))], docs, jobs=1)  # three more, the newest
    assert (docs / "archive/2021-03-1.md").read_text("utf-8") == first
    assert len(_listed((docs / "archive/2021-03-3.md").read_text("utf-8"))) == 8
    run_import([write_json(source, _one_month(4))], docs, jobs=1)
    month = (docs / "archive/2021-03.md").read_text("utf-8")
    assert len(_listed(month)) == 4 and not (docs / "archive/2021-03-1.md").exists()
