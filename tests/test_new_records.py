"""No stage changes another stage's records in place (issue 9): each step of the import that
changes articles, extractions or the registry returns new records and leaves the ones it was
given as they were. In-process, on small records: the import itself is covered by its own tests."""
from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, datetime

import pytest

from generator.core.models import Article, Conversion, Post
from generator.extract import Extraction, Mention
from generator.importer import rewrite_links
from generator.link import apply_hand_edits
from generator.store.registry import Entity, Registry, site_registry

SITE = "https://news.example"


def _article(number: int, body: str, *keys: tuple[str, str]) -> Article:
    post = Post(f"in#{number}", number, "post", "publish", f"p{number}", f"Post {number}",
                datetime(2024, 1, number, tzinfo=UTC), None, f"{SITE}/2024/01/p{number}/", SITE, "",
                [], [], [], "", "")
    extraction = Extraction(mentions=[Mention(key, 0, len(key[1]), key[1]) for key in keys])
    return Article(post, body, "", f"articles/p{number}.md", Conversion(body), extraction)


def test_rewriting_links_between_articles_gives_new_records():
    given = [_article(1, f"See [the other]({SITE}/2024/01/p2/).\n"), _article(2, "No links.\n")]
    before = copy.deepcopy(given)
    linked = rewrite_links(given)
    assert "(p2.md)" in linked[0].body and linked[1] is given[1]
    assert given == before


def test_a_hand_edit_of_the_actors_gives_a_new_extraction():
    given = [_article(1, "Body.\n", ("person", "Kim Jong Un"), ("place", "Seoul"))]
    before = copy.deepcopy(given)
    base = "---\ntitle: Post 1\nactors:\n  people:\n  - Kim Jong Un\nplaces:\n- Seoul\n---\n\nBody.\n"
    mine = base.replace("- Kim Jong Un", "- Kim Yo Jong")
    edited = apply_hand_edits(given, {"articles/p1.md": (mine, base)})
    assert [m.key for m in edited[0].extraction.mentions] == [("place", "Seoul"), ("person", "Kim Yo Jong")]
    assert given == before


def test_the_sites_registry_is_a_new_one_and_entities_cannot_be_changed():
    loaded = Registry()
    loaded.add(Entity("Josepha Haden Chomphosy", "person", page="people/josepha-haden-chomphosy.md"))
    before = copy.deepcopy(loaded)
    site = site_registry(loaded, [Entity("Acme Labs", "organization", discovered=True)],
                         {("person", "Josepha Haden Chomphosy"): ["Josepha Haden"]})
    assert site.get("organization", "Acme Labs").page == "organizations/acme-labs.md"
    assert site.get("person", "Josepha Haden Chomphosy").also == ["Josepha Haden"]
    assert loaded == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.get("organization", "Acme Labs").page = "elsewhere.md"


def test_an_articles_content_key_follows_its_body_through_new_records():
    body = f"See [the other]({SITE}/2024/01/p2/).\n"
    article = dataclasses.replace(_article(1, body), source_key="converted")
    assert article.content_key() == "converted"  # the body is the conversion's: its key stands for it
    linked = rewrite_links([article, _article(2, "No links.\n")])[0]
    key = linked.content_key()
    assert key not in ("", "converted") and linked.content_key() == key  # asked again: the same
    edited = dataclasses.replace(linked, body=linked.body + "More.\n")  # a new record, a new body
    assert edited.content_key() not in (key, "converted")
    again = dataclasses.replace(linked, body="".join(list(linked.body)))  # an equal body, another object
    assert again.body is not linked.body and again.content_key() == key
    edited.release_body()
    assert edited.content_key() != key and edited.body == ""
