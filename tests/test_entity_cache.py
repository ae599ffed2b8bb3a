"""Entity pages are kept in the import's cache by what they are made of: after one new post,
only the pages of the entities it names (and of those whose neighbours' ranking it moves) are
made again. That the pages equal a full import's is tests/test_incremental.py's to show."""
import json
import shutil

from generator import entity_pages
from generator.importer import run_import

from .conftest import SAMPLE, rest_post


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
