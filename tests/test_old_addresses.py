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
