"""No listing grows without limit: a category, tag or author page lists its latest articles and
links one page per year, at addresses that never move as articles arrive."""
import re

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
