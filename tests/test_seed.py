"""The user's own damaged example, end to end through the CLI."""
import re

from .conftest import pages_under, read_page

SLUG = "pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates"


def _seed_page(import_files, seed):
    result, docs = import_files(seed)
    assert result.returncode == 0, result.stderr
    page = docs / "articles" / "2023" / "10" / f"{SLUG}.md"
    assert page.exists(), pages_under(docs)
    return result, page


def test_seed_front_matter_has_the_values_the_user_expects(import_files, seed):
    _, page = _seed_page(import_files, seed)
    meta, _ = read_page(page)
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


def test_seed_body_has_four_paragraphs_and_the_heading_between_them(import_files, seed):
    _, page = _seed_page(import_files, seed)
    _, body = read_page(page)
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


def test_seed_markdown_has_no_leftover_escapes_or_orphan_tags(import_files, seed):
    _, page = _seed_page(import_files, seed)
    text = page.read_text("utf-8")
    for leftover in ("<\\/", "</span>", "</p>", "</a>", "</b>", "\\u2019"):
        assert leftover not in text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # entity links are added to the prose
    assert "Iran’s potential role" in text  # \u2019 escape decoded
    assert "North Korea’s arsenal" in text  # raw UTF-8 kept
    assert re.search(r"has accused \[?North Korea", text)  # words joined where tags were dropped


def test_seed_page_has_no_duplicate_title_heading_and_links_the_original(import_files, seed):
    _, page = _seed_page(import_files, seed)
    _, body = read_page(page)
    assert not re.search(r"^# ", body, re.MULTILINE)
    assert "Pyongyang’s arms to Moscow" not in body
    assert f"(https://koreapro.org/2023/10/{SLUG}/)" in body
    assert "Incomplete article" in body


def test_seed_is_reported_as_salvaged(import_files, seed):
    result, _ = _seed_page(import_files, seed)
    assert "1 salvaged" in result.stdout
    assert "000_5158cdc8a7711619.txt" in result.stderr and "cut off" in result.stderr
