"""What a reader sees of the entities across the site: one type per name, one person per name
that a longer name extends, no public page for a discovery with too little evidence, no note to
maintainers on a page, and on an entity's page only the dates said about it. Rules on small
extractions (generator.consolidate), then in-process imports into tmp folders."""
from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from generator.consolidate import HELD_RULE, Consolidation, consolidate, folded
from generator.core.frontmatter import read_front_matter
from generator.core.models import Article, Conversion, Post
from generator.extract import Extraction, Mention
from generator.extract.dates import DateMention
from generator.importer import run_import
from generator.pages.entity_pages import LEGACY_STUB_NOTE, STUB_NOTE, entity_head
from generator.pages.timeline import dates_said
from generator.report import report_data
from generator.store.registry import Entity, Registry
from generator.write import BEGIN, END

from .conftest import rest_post, write_json

LINK = re.compile(r"\]\(([^)\s]+)\)")


def _article(number: int, *keys: tuple[str, str], tags: tuple[str, ...] = ()) -> Article:
    post = Post(f"in#{number}", number, "post", "publish", f"p{number}", f"Post {number}",
                datetime(2024, 1, number, tzinfo=UTC), None, "", "", "", [], [], list(tags), "", "")
    extraction = Extraction(mentions=[Mention(key, 0, len(key[1]), key[1], 0.85) for key in keys])
    return Article(post, "", "", f"articles/p{number}.md", Conversion(""), extraction)


def _keys(done: Consolidation) -> list[set]:
    """The keys each article names once consolidated."""
    return [{m.key for m in extraction.mentions} for extraction in done.extractions]


# -- one type per name --------------------------------------------------------------------------

def test_a_discovered_name_takes_the_type_most_articles_give_it():
    articles = [_article(1, ("person", "Acme Labs")), _article(2, ("organization", "Acme Labs")),
                _article(3, ("organization", "Acme Labs"))]
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("organization", "Acme Labs")}] * 3


def test_a_name_the_registry_knows_takes_the_registry_entity():
    registry = Registry()
    registry.add(Entity("WordPress", "organization", page="organizations/wordpress.md"))
    articles = [_article(1, ("place", "WordPress")), _article(2, ("place", "WordPress"))]
    done = consolidate(articles, registry)
    assert _keys(done) == [{("organization", "WordPress")}] * 2


def test_a_state_written_with_accents_is_that_state():
    articles = [_article(1, ("place", "México")), _article(2, ("place", "México"))]
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("state", "Mexico")}] * 2 and done.also == {("state", "Mexico"): ["México"]}
    assert folded("  MÉXICO ") == "mexico"


def test_a_region_in_another_language_is_the_region_under_its_english_name():
    articles = [_article(1, ("place", "Europa")), _article(2, ("place", "Europe")), _article(3, ("place", "Europa"))]
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("place", "Europe")}] * 3 and done.also == {("place", "Europe"): ["Europa"]}


def test_a_region_described_in_another_language_is_the_region_under_its_english_name():
    articles = [_article(1, ("place", "América del Sur")), _article(2, ("place", "South America"))]
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("place", "South America")}] * 2


def test_names_that_differ_only_in_accents_are_one_entity_spelt_as_most_articles_do():
    articles = [_article(1, ("person", "José María Aznar")), _article(2, ("person", "José María Aznar")),
                _article(3, ("person", "Jose María Aznar")), _article(4, ("person", "Jose María Aznar"),
                                                                   ("organization", "JOSÉ MARÍA AZNAR")),
                _article(5, ("person", "José María Aznar"))]
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("person", "José María Aznar")}] * 5
    assert done.also == {("person", "José María Aznar"): ["JOSÉ MARÍA AZNAR", "Jose María Aznar"]}


# -- a longer name extends a shorter one -------------------------------------------------------

def test_a_longer_name_that_extends_a_shorter_one_is_the_same_person():
    articles = [_article(1, ("person", "Josepha Haden")), _article(2, ("person", "Josepha Haden Chomphosy"))]
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("person", "Josepha Haden Chomphosy")}] * 2
    assert done.also == {("person", "Josepha Haden Chomphosy"): ["Josepha Haden"]}


def test_a_name_two_people_extend_is_left_alone():
    articles = [_article(1, ("person", "Kim Jong")), _article(2, ("person", "Kim Jong Un")),
                _article(3, ("person", "Kim Jong Il")), _article(4, ("person", "Kim Jong"), ("person", "Kim Jong Un"),
                                                                ("person", "Kim Jong Il"))]
    done = consolidate(articles, Registry())
    assert set().union(*_keys(done)) == {("person", n) for n in ("Kim Jong", "Kim Jong Un", "Kim Jong Il")}


def test_a_person_named_in_one_article_only_does_not_contest_a_one_word_name():
    articles = [_article(1, ("person", "Idrus"), ("person", "Idrus Marham")), _article(2, ("person", "Idrus Marham")),
                _article(3, ("person", "Andi Rahmaniar Idrus"))]
    done = consolidate(articles, Registry())
    assert _keys(done)[0] == {("person", "Idrus Marham")}


def test_a_one_word_name_is_the_one_person_whose_name_it_begins_or_ends():
    articles = [_article(1, ("person", "Idrus"), ("person", "Novanto"), ("person", "Kim")),
                _article(2, ("person", "Idrus Marham"), ("person", "Setya Novanto"), ("person", "Kim Jong Un")),
                _article(3, ("person", "Kim Yo Jong"), ("person", "Kim"))]
    done = consolidate(articles, Registry(), confirmed={("person", "Kim Jong Un"), ("person", "Kim Yo Jong")})
    assert _keys(done)[:2] == [{("person", "Idrus Marham"), ("person", "Setya Novanto"), ("person", "Kim")},
                                   {("person", "Idrus Marham"), ("person", "Setya Novanto"), ("person", "Kim Jong Un")}]


def test_two_registry_people_stay_two_and_a_registry_name_wins():
    registry = Registry()
    registry.add(Entity("Kim Jong Un", "person", page="people/kim-jong-un.md"))
    registry.add(Entity("Kim Jong Un Junior", "person", page="people/kim-jong-un-junior.md"))
    registry.add(Entity("Lee Jae", "person", page="people/lee-jae.md"))
    articles = [_article(1, ("person", "Kim Jong Un"), ("person", "Lee Jae Myung")),
                _article(2, ("person", "Kim Jong Un Junior"), ("person", "Lee Jae"))]
    done = consolidate(articles, registry)
    assert _keys(done) == [{("person", "Kim Jong Un"), ("person", "Lee Jae")},
                               {("person", "Kim Jong Un Junior"), ("person", "Lee Jae")}]
    assert done.also == {("person", "Lee Jae"): ["Lee Jae Myung"]}


# -- weak discoveries stay in the review list -------------------------------------------------

def test_a_discovery_in_one_article_only_is_held_back_for_review():
    articles = [_article(1, ("person", "Hans Gruber"), ("organization", "Acme Labs")),
                _article(2, ("organization", "Acme Labs"))]
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("organization", "Acme Labs")}] * 2
    assert [(path, c.name, c.type, c.rule) for path, c in done.held] == [
        ("articles/p1.md", "Hans Gruber", "person", HELD_RULE)]


def test_consolidating_leaves_the_extractions_it_was_given_as_they_were():
    articles = [_article(1, ("person", "Hans Gruber"), ("place", "México")), _article(2, ("place", "México"))]
    before = copy.deepcopy([a.extraction for a in articles])
    done = consolidate(articles, Registry())
    assert _keys(done) == [{("state", "Mexico")}] * 2 and done.extractions[0].review
    assert [a.extraction for a in articles] == before


def test_a_tag_an_accepted_page_or_another_article_is_evidence_enough():
    articles = [_article(1, ("person", "Hans Gruber"), tags=("hans gruber",)), _article(2, ("person", "Otto Keller")),
                _article(3, ("person", "Lena Vogt")), _article(4, ("place", "Vienna"))]
    done = consolidate(articles, Registry(), terms={"hans gruber"}, accepted={("person", "Otto Keller")},
                       elsewhere={("person", "Lena Vogt")}, confirmed={("place", "Vienna")})
    assert not done.held and all(_keys(done))


# -- dates said about an entity ---------------------------------------------------------------

def test_only_the_dates_of_the_sentences_that_name_the_entity():
    dates = [DateMention("2023-09", "the September summit"), DateMention("2024-04", "slated for April"),
             DateMention("2024-05", "May")]
    sentences = ["This comes amid the September summit between Kim and Putin.", "The Mayor of Najin spoke."]
    assert dates_said(dates, sentences) == [{"date": "September 2023", "text": "the September summit"}]


# -- whole imports ------------------------------------------------------------------------------

def _import(tmp_path: Path, posts: list[dict], docs: Path | None = None):
    docs = docs or tmp_path / "docs"
    result = run_import([write_json(tmp_path / "posts.json", posts)], docs, jobs=1, cache_folder=tmp_path / "cache")
    return docs, result


POSTS = [
    rest_post(1, content={"rendered": "<p>Spokesman Hans Gruber said the plan is ready. Director Lena Vogt "
                                      "declined to comment. The elections are slated for April 2025.</p>"}),
    rest_post(2, content={"rendered": "<p>Spokesman Hans Gruber said on 3 March 2024 that talks failed. "
                                      "Markets fell on 4 March 2024.</p>"}),
]


def test_a_weak_discovery_has_no_page_no_link_and_is_in_the_review_list(tmp_path):
    docs, result = _import(tmp_path, POSTS)
    assert (docs / "people/hans-gruber.md").exists() and not (docs / "people/lena-vogt.md").exists()
    article = (docs / "articles/2024/01/post-1.md").read_text("utf-8")
    meta = read_front_matter(article)[0]
    assert meta["actors"]["people"] == ["Hans Gruber"] and "lena-vogt" not in article
    review = {e["name"]: e for e in report_data(result)["review"]}
    assert review["Lena Vogt"]["rule"] == HELD_RULE and review["Lena Vogt"]["pages"] == ["articles/2024/01/post-1.md"]
    names = [entry[0] for entry in json.loads((docs / "assets/search/entities.json").read_text("utf-8"))]
    assert "Hans Gruber" in names and "Lena Vogt" not in names
    for page in docs.rglob("*.md"):  # every link to an entity leads to a page that exists
        for target in LINK.findall(page.read_text("utf-8")):
            if re.search(r"(^|/)(people|states|organizations|places)/[^/]+\.md$", target):
                assert (page.parent / target).resolve().exists(), (page, target)


def test_names_read_as_one_entity_are_shown_and_reported(tmp_path):
    posts = [rest_post(1, content={"rendered": "<p>Spokesman Hans Gruber said the plan is ready.</p>"}),
             rest_post(2, content={"rendered": "<p>Spokesman Hans Gruber Stein said talks failed.</p>"})]
    docs, result = _import(tmp_path, posts)
    assert not (docs / "people/hans-gruber.md").exists()
    assert "Also written as *Hans Gruber*." in (docs / "people/hans-gruber-stein.md").read_text("utf-8")
    assert report_data(result)["merged"] == [
        {"name": "Hans Gruber Stein", "type": "person", "page": "people/hans-gruber-stein.md", "also": ["Hans Gruber"]}]
    entry = next(e for e in json.loads((docs / "assets/search/entities.json").read_text("utf-8")) if e[0] == "Hans Gruber Stein")
    assert entry[3:] == [2, "Hans Gruber"]  # two articles; searched under the other name too


def test_a_stub_shows_no_maintainer_instructions(tmp_path):
    docs, _ = _import(tmp_path, POSTS)
    stub = (docs / "people/hans-gruber.md").read_text("utf-8")
    assert "discovered: true" in stub and STUB_NOTE in stub and LEGACY_STUB_NOTE not in stub
    visible = re.sub(r"<!--.*?-->", "", stub, flags=re.DOTALL)
    assert "delete this page" not in visible.lower() and "importer" not in visible.lower()


def test_an_entity_page_lists_only_the_dates_said_about_it(tmp_path):
    docs, _ = _import(tmp_path, POSTS)
    page = (docs / "people/hans-gruber.md").read_text("utf-8")
    assert "Dates said about Hans Gruber: **3 March 2024**" in page
    assert "4 March 2024" not in page and "April 2025" not in page


def _legacy_stub(entity: Entity) -> str:
    return entity_head(entity).replace(STUB_NOTE, LEGACY_STUB_NOTE) + f"{BEGIN}\n\nOld list.\n\n{END}\n"


def test_an_untouched_stub_with_the_old_note_is_still_the_importers_own(tmp_path):
    docs = tmp_path / "docs"
    (docs / "people").mkdir(parents=True)
    (docs / ".generated/people").mkdir(parents=True)
    for name in ("Hans Gruber", "Nobody Anymore"):
        entity = Entity(name, "person", discovered=True)
        for where in (docs, docs / ".generated"):
            (where / f"people/{name.lower().replace(' ', '-')}.md").write_text(_legacy_stub(entity), "utf-8")
    edited = _legacy_stub(Entity("Kept Edit", "person", discovered=True)) + "A note by hand.\n"
    (docs / "people/kept-edit.md").write_text(edited, "utf-8")
    _import(tmp_path, POSTS, docs)
    assert not (docs / "people/nobody-anymore.md").exists()  # untouched and unmentioned: removed
    assert (docs / "people/kept-edit.md").read_text("utf-8").startswith(edited.split(BEGIN, 1)[0])
    assert "A note by hand." in (docs / "people/kept-edit.md").read_text("utf-8")
    stub = (docs / "people/hans-gruber.md").read_text("utf-8")
    assert stub.startswith(entity_head(Entity("Hans Gruber", "person", discovered=True)))  # note now a comment
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    _import(tmp_path, POSTS, docs)
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before  # a second run writes nothing


def test_an_import_of_one_file_counts_the_articles_it_leaves_alone(tmp_path):
    docs = tmp_path / "docs"
    files = [write_json(tmp_path / "in" / f"{post['id']}.json", post) for post in POSTS]
    run_import([tmp_path / "in"], docs, jobs=1, cache_folder=tmp_path / "cache")
    run_import([files[1]], docs, jobs=1, cache_folder=tmp_path / "cache")
    meta = read_front_matter((docs / "articles/2024/01/post-2.md").read_text("utf-8"))[0]
    assert meta["actors"]["people"] == ["Hans Gruber"] and (docs / "people/hans-gruber.md").exists()
