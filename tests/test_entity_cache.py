"""Entity pages are kept in the import's cache by what they are made of: after one new post,
only the pages of the entities it names (and of those whose neighbours' ranking it moves) are
made again. That the pages equal a full import's is tests/test_incremental.py's to show."""
import json
import shutil

from generator.importer import run_import
from generator.pages import entity_pages

from .conftest import SAMPLE, age_files, rest_post


def _made(monkeypatch) -> list:
    made = []
    original = entity_pages._entity_page

    def recording(entity, *args):
        made.append(entity.key)
        return original(entity, *args)

    monkeypatch.setattr(entity_pages, "_entity_page", recording)
    return made


def test_one_new_post_makes_only_its_entities_pages_again(tmp_path, monkeypatch):
    source = tmp_path / "content"
    shutil.copytree(SAMPLE, source)
    docs = tmp_path / "docs"
    made = _made(monkeypatch)
    first = run_import([source], docs, jobs=1)
    every = set(made)
    assert len(every) > 20, "the sample names more entities than this"

    made.clear()
    assert run_import([source], docs, jobs=1, full=False) and made == [], "nothing changed: nothing made"

    text = "<p>Kim Jong Un met officials in Pyongyang on Monday, North Korea's state media said.</p>"
    (source / "new.json").write_text(json.dumps(rest_post(990001, content={"rendered": text})), "utf-8")
    made.clear()
    after = run_import([source], docs, jobs=1)
    named = {m.key for a in after.articles if a.post.wordpress_id == 990001 for m in a.extraction.mentions}
    assert named and named <= set(made), "every entity the new post names gets its page again"
    assert len(set(made)) < len(every) / 2, f"{len(set(made))} of {len(every)} entity pages made again"
    assert first.registry.entities



def test_entity_files_as_the_last_run_left_them_are_not_loaded_or_read(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    run_import([SAMPLE], docs, jobs=1)
    age_files(docs)
    run_import([SAMPLE], docs, jobs=1)
    again = run_import([SAMPLE], docs, jobs=1)
    people = [o.path for o in again.writer.outcomes
              if o.path.startswith("people/") and o.path.endswith(".md") and o.path != "people/index.md"]
    assert people and {o.action for o in again.writer.outcomes} == {"unchanged"}
    planned = again.writer.plan.action_of
    assert {planned[page] for page in people} == {"untouched"}, "an untouched entity page was read and spliced again"
    assert set(people) <= again.writer.not_opened

    page = docs / people[0]
    page.write_text(page.read_text().replace("\n---\n", "\nnotes: mine\n---\n", 1))  # a hand edit
    edited = run_import([SAMPLE], docs, jobs=1)
    assert edited.writer.plan.action_of[people[0]] == "section" and "notes: mine" in page.read_text()
    assert {o.path: o.action for o in edited.writer.outcomes}[people[0]] == "unchanged"
