"""The built site: `python -m generator build` in a copy of the project, then the HTML it wrote."""
import json

SEED_PAGE = "articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/index.html"


def test_build_makes_the_seed_page_with_its_heading(built_site):
    page = (built_site / SEED_PAGE).read_text("utf-8")
    assert '<h2 id="why-it-matters">Why It Matters' in page
    assert "Pyongyang’s arms to Moscow" in page
    assert 'href="https://koreapro.org/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates/"' in page


def test_search_index_holds_the_seed_text(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    seed_docs = [d for d in index["docs"] if "Tikhoretsk" in d["text"]]
    assert seed_docs and seed_docs[0]["location"].startswith("articles/2023/10/pyongyangs-arms")


def test_home_page_lists_latest_articles_and_links_the_archive(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert "Latest articles" in home
    assert 'href="articles/2024/06/putin-pyongyang-comprehensive-strategic-partnership-treaty/"' in home
    assert 'href="archive/"' in home


def test_archive_lists_months_with_counts_and_month_pages_list_articles(built_site):
    archive = (built_site / "archive/index.html").read_text("utf-8")
    assert "October 2023" in archive and "(1)" in archive
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
