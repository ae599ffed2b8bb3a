"""The user's own damaged example, end to end through the CLI."""
import re

import pytest

from .conftest import SEED, call_cli, pages_under, read_page

SLUG = "pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates"


@pytest.fixture(scope="module")
def imported_seed(tmp_path_factory):
    """(Run, page) of one import of the seed, shared by the tests below: they only read it."""
    if not SEED.exists():
        pytest.skip(f"the user's seed file is absent ({SEED})")
    tmp = tmp_path_factory.mktemp("seed")
    docs = tmp / "docs"
    result = call_cli("import", str(SEED), "--docs", str(docs), cwd=tmp)
    assert result.returncode == 0, result.stderr
    page = docs / "articles" / "2023" / "10" / f"{SLUG}.md"
    assert page.exists(), pages_under(docs)
    return result, page


@pytest.fixture
def seed_page(imported_seed):
    return imported_seed[1]


def test_seed_front_matter_has_the_values_the_user_expects(seed_page):
    meta, _ = read_page(seed_page)
    assert meta["title"] == "Pyongyang’s arms to Moscow: Seoul’s security dilemma escalates"
    assert meta["date"] == "2023-10-16T08:00:34+09:00"
    assert meta["updated"] == "2023-10-15T23:37:23+09:00"
    assert meta["source"]["url"] == f"https://koreapro.org/2023/10/{SLUG}/"
    assert meta["source"]["wordpress_id"] == 2202492
    assert meta["source"]["site"] == "https://koreapro.org"
    assert meta["source"]["guid"] == "https://koreapro.org/?p=2202492"
    assert meta["slug"] == SLUG
    assert meta["status"] == "publish"
    assert meta["truncated"] is True
    assert meta["summary"].startswith("The White House has accused North Korea")


def test_seed_body_has_four_paragraphs_and_the_heading_between_them(seed_page):
    _, body = read_page(seed_page)
    unlinked = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)  # entity links are added to the prose
    blocks = [b.strip() for b in unlinked.split("\n\n") if b.strip()]
    heading = blocks.index("## Why It Matters")
    prose = [b for b in blocks if b.startswith(("The ", "However,"))]
    assert len(prose) == 4
    assert prose[0].startswith("The White House has accused North Korea")
    assert prose[1].startswith("The U.S. is contemplating")
    assert prose[2].startswith("The revelation")
    assert prose[3].startswith("However, South Korea")
    assert blocks.index(prose[1]) < heading < blocks.index(prose[2])
    assert prose[3].endswith("slated for April.")


def test_seed_markdown_has_no_leftover_escapes_or_orphan_tags(seed_page):
    text = seed_page.read_text("utf-8")
    for leftover in ("<\\/", "</span>", "</p>", "</a>", "</b>", "\\u2019"):
        assert leftover not in text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # entity links are added to the prose
    assert "Iran’s potential role" in text  # \u2019 escape decoded
    assert "North Korea’s arsenal" in text  # raw UTF-8 kept
    assert re.search(r"has accused \[?North Korea", text)  # words joined where tags were dropped


def test_seed_page_has_no_duplicate_title_heading_and_links_the_original(seed_page):
    _, body = read_page(seed_page)
    assert not re.search(r"^# ", body, re.MULTILINE)
    assert "Pyongyang’s arms to Moscow" not in body
    assert f"(https://koreapro.org/2023/10/{SLUG}/)" in body
    assert "Incomplete article" in body


def test_seed_is_reported_as_salvaged(imported_seed):
    result, _ = imported_seed
    assert "1 salvaged" in result.stdout
    assert "000_5158cdc8a7711619.txt" in result.stderr and "cut off" in result.stderr
