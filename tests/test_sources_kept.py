"""Reading with the cache (sources/kept.py): an input file whose bytes did not change is not parsed
again, and the records are those of a reading without the cache, damaged files included."""
import json
import shutil
from dataclasses import replace

import pytest

from generator import shortcut
from generator.core.models import SourceBatch
from generator.importer import ImportResult, KeptHTML, collect_posts
from generator.sources import kept, read_sources
from generator.sources.posts import INTERNAL_TYPES, to_post
from generator.store.cache import Cache
from generator.write import content_digest

from .conftest import SAMPLE


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    (folder / "cut.json").write_text('[{"id": 5, "type": "post", "title": {"rendered": "Cut"}, '
                                     '"content": {"rendered": "<p>Half a sent')
    (folder / "error.json").write_text('{"code": "rest_forbidden", "message": "Sorry", "data": {"status": 401}}')
    (folder / "binary.json").write_bytes(b"\x00\x01\x02 not json")
    (folder / "nothing.json").write_text('{"hello": "world"}')
    return folder


def _collect(folder, cache, digests=None):
    """The posts as collect_posts gives them, each with its HTML given back (kept apart: KeptHTML)."""
    result, html = ImportResult(SourceBatch()), KeptHTML(cache)
    posts = collect_posts([folder], cache, result, True, digests, html)
    assert all(post.conversion_key and not post.content_html for post in posts)
    return [replace(html.given_back(post), conversion_key="", html_size=0) for post in posts], result


def _read_plainly(folder):
    """What the importer read before the cache: every file parsed, every post made a record."""
    batch = read_sources([folder])
    posts = [to_post(raw, batch.lookups) for raw in batch.posts
             if str(raw.data.get("type") or "post") not in INTERNAL_TYPES]
    return sorted(posts, key=lambda post: post.key), batch


def test_records_read_with_the_cache_are_those_read_without_it(content, tmp_path):
    expected, batch = _read_plainly(content)
    for run in ("first", "from the cache"):
        cache = Cache(tmp_path / "cache")
        posts, result = _collect(content, cache)
        cache.close()
        assert posts == expected, run
        assert result.batch.rejected == batch.rejected and result.batch.skipped == batch.skipped, run
        assert result.batch.lookups == batch.lookups and result.batch.files_read == batch.files_read, run
    assert any("cut.json" in rejected.origin for rejected in batch.rejected) or any(p.truncated for p in posts)
    assert {r.origin.rsplit("/", 1)[-1] for r in batch.rejected} >= {"error.json", "binary.json"}


def test_an_unchanged_file_is_not_parsed_again(content, tmp_path, monkeypatch):
    parsed = []
    real = kept._read_file
    monkeypatch.setattr(kept, "_read_file", lambda path, *args: parsed.append(path.name) or real(path, *args))
    for expected in (None, []):
        cache = Cache(tmp_path / "cache")
        _collect(content, cache)
        cache.close()
        assert expected is None or parsed == expected
        parsed.clear()
    post = json.loads((content / "post-3121.json").read_text())
    post.update(id=777001, slug="a-new-post", link="https://peninsula-monitor.example/a-new-post/")
    (content / "new.json").write_text(json.dumps(post))
    cache = Cache(tmp_path / "cache")
    posts, _ = _collect(content, cache)
    cache.close()
    assert parsed == ["new.json"]
    assert 777001 in {p.wordpress_id for p in posts}


def test_a_name_changed_in_one_file_reaches_the_posts_of_files_kept_from_before(content, tmp_path):
    cache = Cache(tmp_path / "cache")
    before, _ = _collect(content, cache)
    cache.close()
    assert any("Alliances" in post.categories for post in before)
    terms = content / "categories.json"
    terms.write_text(terms.read_text().replace('"name": "Alliances"', '"name": "Allies and alliances"'))
    cache = Cache(tmp_path / "cache")
    after, _ = _collect(content, cache)
    cache.close()
    assert after == _read_plainly(content)[0]
    assert not any("Alliances" in post.categories for post in after)
    assert any("Allies and alliances" in post.categories for post in after)


def test_files_the_shortcut_has_read_are_not_read_again(content, tmp_path, monkeypatch):
    """shortcut.py digests every input (by size and time, or by reading it); the import's reading
    takes those digests: the same as its own, so either finds the other's entries."""
    snapshot = shortcut.take_snapshot([content], tmp_path / "docs")
    files = sorted(snapshot.inputs)
    assert all(snapshot.inputs[f] == content_digest((content / f).read_bytes()) for f in files) and len(files) > 10
    cache = Cache(tmp_path / "cache")
    _collect(content, cache)
    cache.close()
    opened = []
    real = kept.read_input
    monkeypatch.setattr(kept, "read_input", lambda path: opened.append(path) or real(path))
    cache = Cache(tmp_path / "cache")
    posts, _ = _collect(content, cache, shortcut._read_digests(snapshot))
    cache.close()
    assert opened == [] and posts == _read_plainly(content)[0]


def test_without_a_place_for_the_html_the_records_carry_it(content, tmp_path):
    """collect_posts called without a KeptHTML (a caller that converts the posts itself, such as
    benchmarks/extraction_quality.py) gives each post its HTML, from the cache too."""
    expected, _ = _read_plainly(content)
    for run in ("first", "from the cache"):
        cache = Cache(tmp_path / "cache")
        posts = collect_posts([content], cache, ImportResult(SourceBatch()), True)
        cache.close()
        assert [replace(post, conversion_key="", html_size=0) for post in posts] == expected, run
        assert any(post.content_html for post in posts)
