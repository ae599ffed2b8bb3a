"""Incremental import: the cache makes unchanged posts cost nothing, and the pages are the same.

Two knowledge bases go through the same history (first import, nothing changed, one new post, that
post edited, that post deleted, an alias added to an entity page by hand): one imports with its
cache, the other with --full every time. After each step both docs/ folders must be byte-identical.
"""
import json
import os
import shutil
from datetime import datetime
from time import time_ns

import pytest

from generator import importer, write
from generator.extract import Document, Extractor
from generator.importer import run_import
from generator.pages.redirects import redirect_sources
from generator.store.cache import FILE, Cache, stable
from generator.store.registry import Registry

from .conftest import REPO, SAMPLE, age_files, rest_post


def _tree(docs):
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def _post(status="publish", text="The delegation met officials in Jakarta on Monday.",
          title="Kunjungan delegasi ke Jakarta"):
    return {"id": 990001, "date": "2024-03-05T09:00:00", "date_gmt": "2024-03-05T02:00:00", "slug": "new-post",
            "status": status, "type": "post", "link": "https://www.golkar.or.id/new-post/",
            "title": {"rendered": title},
            "content": {"rendered": f"<p>{text}</p><p>Airlangga Hartarto berbicara di Jakarta.</p>"},
            "excerpt": {"rendered": ""}}


@pytest.fixture
def source(tmp_path, corpus):
    folder = tmp_path / "content"
    shutil.copytree(corpus / "golkar-or-id", folder / "golkar-or-id")
    return folder


def _both(source, tmp_path, step, cold=True, jobs=2):
    """Both knowledge bases' pages after this step; `cold=False` when the input is as the last
    step left it: the cold side's pages are then those of its last --full import (a second run
    writing nothing is test_rerun's), and only the cached side imports again.

    The cached side imports with `jobs` processes: with two, its first import goes through the
    clean workers (as would a step that did again more posts than run_each's MIN_ITEMS; the later
    steps here do fewer, in this process). The cold side imports in this process: that any
    number of workers writes the same bytes is test_corpus's, and a cold import of this site with
    two clean workers took about 7 s of processor time against 1.3 s here (a forkserver, and
    workers that each load the generator's data: BENCHMARKS.md, "Stop 27 (suite)"), for pages
    that have to be the same."""
    cached = run_import([source], tmp_path / "cached" / "docs", jobs=jobs)
    assert not cached.batch.rejected
    if cold:
        assert not run_import([source], tmp_path / "cold" / "docs", jobs=1, full=True).batch.rejected
    a, b = _tree(tmp_path / "cached" / "docs"), _tree(tmp_path / "cold" / "docs")
    assert sorted(a) == sorted(b), step
    assert [path for path in a if a[path] != b[path]] == [], step
    return a


def test_incremental_import_gives_the_pages_of_a_full_one(source, tmp_path):
    first = _both(source, tmp_path, "first import")
    assert len(first) > 100
    assert (tmp_path / "cached" / ".cache" / "wpkb" / FILE).is_file()
    assert _both(source, tmp_path, "nothing changed", cold=False) == first

    extra = source / "extra.json"
    extra.write_text(json.dumps(_post()))
    added = _both(source, tmp_path, "one new post")
    assert set(added) - set(first)

    extra.write_text(json.dumps(_post(text="Menteri Luar Negeri Retno Marsudi bertemu delegasi di Bandung.")))
    edited = _both(source, tmp_path, "the new post edited")
    assert edited != added

    # Its title, which the listings kept by what they list (month, category, entity pages) show
    extra.write_text(json.dumps(_post(text="Menteri Luar Negeri Retno Marsudi bertemu delegasi di Bandung.",
                                      title="Delegasi bertemu Retno Marsudi")))
    retitled = _both(source, tmp_path, "the new post's title edited")
    assert [path for path in retitled if path.startswith("archive/") and retitled[path] != edited.get(path)]

    extra.write_text(json.dumps(_post(status="trash")))
    deleted = _both(source, tmp_path, "the new post deleted")

    for side in ("cached", "cold"):
        page = next((tmp_path / side / "docs" / "organizations").glob("*golkar*.md"))
        text = page.read_text()
        aliases = "aliases:\n  - Partai Beringin\n  - DPP\n"  # "DPP" is written in many of these articles
        page.write_text(text.replace("aliases:\n", aliases, 1) if "aliases:\n" in text
                        else text.replace("\n---\n", f"\n{aliases}---\n", 1))
    aliased = _both(source, tmp_path, "an alias added to an entity page")
    assert [p for p in aliased if p.startswith("articles/") and aliased[p] != deleted.get(p)]  # it did change pages


def test_an_unchanged_post_is_not_converted_or_extracted_again(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    run_import([SAMPLE], docs, jobs=1)
    calls = []
    real = importer.convert_post
    monkeypatch.setattr(importer, "convert_post", lambda post: calls.append(post.title) or real(post))
    again = run_import([SAMPLE], docs, jobs=1)
    assert calls == []
    assert {o.action for o in again.writer.outcomes} == {"unchanged"}
    run_import([SAMPLE], docs, jobs=1, full=True)
    assert len(calls) >= 5  # --full converts every post again


def _import_watching(docs, monkeypatch) -> tuple:
    """run_import of the sample once more, with the article pages it rendered and those it read."""
    rendered, read = [], []
    real_render, real_write = importer.render_page, importer.PageWriter.write_page
    monkeypatch.setattr(importer, "render_page", lambda inputs: rendered.append(1) or real_render(inputs))
    monkeypatch.setattr(importer.PageWriter, "write_page",
                        lambda self, page, text: read.append(page) or real_write(self, page, text))
    return run_import([SAMPLE], docs, jobs=1), rendered, read


def test_a_page_as_the_last_run_left_it_is_not_rendered_or_read_again(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    run_import([SAMPLE], docs, jobs=1)
    age_files(docs)  # pages written a moment ago are not trusted by their stamps (see the next test)
    run_import([SAMPLE], docs, jobs=1)  # the pages' stamps are now those of unchanged files
    again, rendered, read = _import_watching(docs, monkeypatch)
    assert rendered == [] and read == []
    assert {o.action for o in again.article_outcomes.values()} == {"unchanged"}

    page = docs / min(again.article_outcomes)
    page.write_text(page.read_text() + "\nA note by hand.\n")  # a hand edit: the page is read again
    edited = run_import([SAMPLE], docs, jobs=1)
    assert read == [page.relative_to(docs).as_posix()]
    assert "A note by hand." in page.read_text()
    assert edited.article_outcomes[read[0]].action in {"unchanged", "kept"}


def test_an_edit_made_at_once_after_an_import_keeping_size_and_time_is_still_read(tmp_path, monkeypatch):
    # "At once": within RACY_NS of the page's writing, as the import's end sees it. A loaded
    # machine can take longer than the 2 s between writing the page and ending the run, so the
    # window is widened here rather than the run hurried (the rule, not the machine, is tested).
    monkeypatch.setattr(write, "RACY_NS", 600 * 1_000_000_000)
    docs = tmp_path / "docs"
    first = run_import([SAMPLE], docs, jobs=1)
    page = docs / min(first.article_outcomes)
    info, text = page.stat(), page.read_text()
    edited = text[:-9] + "ABCDEFGH\n"  # the same length
    page.write_text(edited)
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))  # and time, as an edit within one clock tick
    read = []
    real_write = importer.PageWriter.write_page
    monkeypatch.setattr(importer.PageWriter, "write_page",
                        lambda self, path, page_text: read.append(path) or real_write(self, path, page_text))
    run_import([SAMPLE], docs, jobs=1)
    assert page.relative_to(docs).as_posix() in read  # the page is looked at again, not trusted by its stamps
    assert page.read_text() == edited


def test_a_damaged_cache_only_costs_time(tmp_path):
    docs = tmp_path / "docs"
    run_import([SAMPLE], docs, jobs=1)
    before = _tree(docs)
    (tmp_path / ".cache" / "wpkb" / FILE).write_bytes(b"not a database" * 100)
    run_import([SAMPLE], docs, jobs=1)
    assert _tree(docs) == before
    shutil.rmtree(tmp_path / ".cache")
    run_import([SAMPLE], docs, jobs=1)
    assert _tree(docs) == before


def test_a_post_is_converted_from_its_html_kept_apart_or_read_again_when_the_cache_lost_it(tmp_path, monkeypatch):
    """The cache keeps each post's HTML apart from its record, and a run loads it only to convert
    the post again: with the conversions gone, the HTML comes from the cache; with the HTML gone
    too, the post's file is read again. The pages are the same either way."""
    docs = tmp_path / "docs"
    run_import([SAMPLE], docs, jobs=1)
    before = _tree(docs)
    converted = []
    real = importer.convert_post
    monkeypatch.setattr(importer, "convert_post", lambda post: converted.append(post.content_html) or real(post))
    for lost in (("convert",), ("convert", importer.HTML)):
        cache = Cache(tmp_path / ".cache" / "wpkb")
        with cache.connection:
            assert cache.connection.execute("SELECT count(*) FROM entries WHERE stage = ?", (importer.HTML,)).fetchone()[0] >= 5
            cache.connection.executemany("DELETE FROM entries WHERE stage = ?", [(stage,) for stage in lost])
        cache.connection.close()
        converted.clear()
        run_import([SAMPLE], docs, jobs=1, full=False)
        assert len(converted) >= 5 and all(converted), lost  # every post converted again, from its HTML
        assert _tree(docs) == before, lost


def test_an_unchanged_post_s_html_is_not_loaded(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    run_import([SAMPLE], docs, jobs=1)
    asked = []
    real = Cache.get_many
    monkeypatch.setattr(Cache, "get_many", lambda self, stage, keys: asked.append(stage) or real(self, stage, keys))
    age_files(docs)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "extra.json").write_text(json.dumps(_post()))
    run_import([SAMPLE, tmp_path / "content"], docs, jobs=1)
    assert "posts" in asked and importer.HTML not in asked  # the new post's HTML was read from its file


def test_entries_not_used_by_a_run_are_dropped(tmp_path):
    cache = Cache(tmp_path)
    cache.put("convert", "a", 1)
    cache.put("convert", "b", 2)
    cache.close()
    cache = Cache(tmp_path)
    assert cache.get("convert", "a") == 1
    cache.close()
    cache = Cache(tmp_path)
    assert cache.get("convert", "b") is None and cache.get("convert", "a") == 1
    cache.close()


def test_the_cache_file_gives_back_what_a_run_dropped(tmp_path):
    """A run that replaced most entries (a new generator version) leaves a file of the live
    entries' size, not of both versions'; one that replaced a few does not rewrite it."""
    cache = Cache(tmp_path)
    for key in range(200):
        cache.put("convert", f"old{key}", os.urandom(4000))
    cache.close()
    before = (tmp_path / FILE).stat().st_size
    cache = Cache(tmp_path)
    for key in range(50):
        cache.put("convert", f"new{key}", os.urandom(4000))
    cache.close()
    assert (tmp_path / FILE).stat().st_size < before / 2
    cache = Cache(tmp_path)
    for key in range(49):
        cache.get("convert", f"new{key}")
    cache.close()
    assert Cache(tmp_path).connection.execute("PRAGMA freelist_count").fetchone()[0] > 0


def test_keys_are_the_same_in_another_process(tmp_path):
    """Entries are found again by the next run, a new process with other string hashes."""
    import subprocess
    import sys
    script = ("from generator.store.cache import Cache, fingerprint, stable\n"
              "from generator.core.models import SourceBatch\n"
              "from generator.importer import ImportResult, collect_posts\n"
              "from tests.conftest import SAMPLE\n"
              "cache = Cache(None)\n"
              "posts = collect_posts([SAMPLE], cache, ImportResult(SourceBatch()), False)\n"
              "print(fingerprint(stable({'b', 'a', 'c'})), sorted(p.conversion_key for p in posts),\n"
              "      sorted(cache.used['sources']), sorted(cache.used['posts']))")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, cwd=REPO).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and len(next(iter(runs))) > 100


def _extract(documents, cache):
    extractor = Extractor(Registry(), cache=cache)
    extractor.learn(documents)
    return [stable(extraction) for extraction in extractor.extract_all(documents)]


def test_a_cached_extraction_is_redone_when_the_site_reading_it_consulted_changes(tmp_path):
    """Other articles that write "grace" and "field" in lower case make them common words here,
    so "Grace Field" is no longer read as a name: the cached reading of the first article must not
    be used again (the words it asked about now answer differently)."""
    def document(text):
        return Document("Title", text, text, datetime(2024, 1, 1), "https://news.example")
    first = document("Minister Grace Field said on Monday that the plan would go ahead. "
                     "Grace Field told reporters in Seoul that talks continue.")
    others = [document(f"By grace the field was green again, day {i}. The field and its grace, a field of grace.")
              for i in range(4)]
    cache = Cache(tmp_path)
    alone = _extract([first], cache)
    cache.close()
    cache = Cache(tmp_path)
    with_others = _extract([first, *others], cache)
    cache.close()
    assert with_others == _extract([first, *others], None)
    assert with_others[0] != alone[0]  # the case this test is about did change the reading


def test_the_sample_the_site_is_read_from_does_not_move_when_an_article_arrives():
    from generator.extract.vocabulary import sample
    texts = [f"Article number {i} about the talks." for i in range(5000)]
    before = sample(texts, 100)
    after = sample(["A new article about the talks.", *texts], 100)
    assert 30 <= len(before) <= 300
    assert set(after) - set(before) <= {"A new article about the talks."} and set(before) <= set(after)


def test_an_entry_asked_for_twice_is_loaded_twice(tmp_path):
    """Two posts with the same content share a key; each gets its own object, since callers change them."""
    cache = Cache(tmp_path)
    cache.put("extract", "same", {"mentions": ["Seoul"]})
    first, second, missing = cache.get_many("extract", ["same", "same", "other"])
    assert first == second == {"mentions": ["Seoul"]} and first is not second and missing is None
    cache.close()


def test_the_code_version_covers_every_stage_and_template():
    """A new version of any part of the generator (pages, templates, extraction) makes every entry
    miss; it once hashed only store/, after the folders moved, and kept pages of older code."""
    from generator.store.cache import PACKAGE, code_files
    files = {path.relative_to(PACKAGE).as_posix() for path in code_files()}
    assert {"importer.py", "pages/article_page.py", "extract/__init__.py", "store/cache.py"} <= files
    assert any(name.startswith("templates/") for name in files)


def test_pages_written_early_in_a_long_run_are_trusted_by_the_next(tmp_path, monkeypatch):
    """Stamps are judged at the end of the run that wrote the pages: one written more than two
    seconds before the run ended is not read or rendered again by the next (as git, racily clean
    files aside). Here the run's end is three seconds later on the clock the writer reads."""
    import types

    from generator import write
    docs = tmp_path / "docs"
    later = {"ns": 0}
    monkeypatch.setattr(write, "time", types.SimpleNamespace(time_ns=lambda: time_ns() + later["ns"]))
    real_listings = importer.write_listings

    def listings_then_three_seconds(*args):
        real_listings(*args)
        later["ns"] = 3 * 10**9

    run_import([SAMPLE], docs, jobs=1)  # new entity pages are recorded as created, not stamped
    monkeypatch.setattr(importer, "write_listings", listings_then_three_seconds)
    run_import([SAMPLE], docs, jobs=1)
    monkeypatch.setattr(importer, "write_listings", real_listings)
    again, rendered, read = _import_watching(docs, monkeypatch)
    assert rendered == [] and read == []
    assert {o.action for o in again.article_outcomes.values()} == {"unchanged"}
    assert again.writer.not_opened  # entity pages too, with their charts and year pages
    assert any(page.startswith(("people/", "states/")) for page in again.writer.not_opened)


def test_entities_a_post_names_first_together_and_last_are_as_a_full_import_makes_them(source, tmp_path):
    """The entities a run changed are worked out from the articles whose entities changed (graph
    data, entity pages): a new post naming a city and a state for the first time, with a city the
    archive names often (entities named together for the first time); then naming another state
    instead; then deleted, when it was that state's only mention. In this process: the first import
    with clean workers is the test above's, and each later step does again fewer posts than they
    start for."""
    first = _both(source, tmp_path, "first import", jobs=1)
    extra = source / "extra.json"
    extra.write_text(json.dumps(_post(text="Delegasi tiba di Montevideo, Uruguay.")))  # and "di Jakarta"
    added = _both(source, tmp_path, "a post naming Montevideo and Uruguay", jobs=1)
    assert {"assets/graph/places/montevideo.json", "states/uruguay.md"} <= set(added) - set(first)
    age_files(tmp_path / "cached" / "docs")  # pages written a moment ago are not trusted by their stamps
    run_import([source], tmp_path / "cached" / "docs", jobs=1)  # their stamps now those of unchanged files
    again = run_import([source], tmp_path / "cached" / "docs", jobs=1).writer
    graph = [o.path for o in again.outcomes if o.path.startswith("assets/graph/") and o.path != "assets/graph/graph.json"]
    assert graph and set(graph) <= again.not_opened, "nothing changed: every neighbourhood left as it is"

    extra.write_text(json.dumps(_post(text="Delegasi tiba di Kathmandu, Nepal.")))
    moved = _both(source, tmp_path, "the post names Nepal instead", jobs=1)
    assert "states/nepal.md" in moved and "assets/graph/states/uruguay.json" not in moved

    extra.write_text(json.dumps(_post(status="trash")))
    gone = _both(source, tmp_path, "the post deleted", jobs=1)
    assert "assets/graph/states/nepal.json" not in gone


def test_without_the_last_imports_entities_every_list_and_neighbourhood_is_made_again(tmp_path):
    """The last import's entities of each article are one record, which the graph's files and the
    entity pages' lists both compare with. When it is missing (a cache another version left), they
    keep nothing on its word, and the pages are a full import's."""
    import sqlite3

    source = tmp_path / "content"
    shutil.copytree(SAMPLE, source)
    docs = tmp_path / "cached" / "docs"

    def import_settled():
        """An import, then one more with nothing new: every file then trusted by its stamps."""
        run_import([source], docs, jobs=1)
        age_files(docs)
        run_import([source], docs, jobs=1)

    def one_more(number: int, place: str, forget: bool) -> set[str]:
        import_settled()
        text = f"<p>The delegation arrived in {place} on Monday.</p>"
        (source / f"new-{number}.json").write_text(json.dumps(rest_post(990000 + number, content={"rendered": text})))
        if forget:
            with sqlite3.connect(tmp_path / "cached" / ".cache" / "wpkb" / FILE) as db:
                db.execute("DELETE FROM entries WHERE stage = 'written' AND key = 'entities-of'")
            db.close()
        writer = run_import([source], docs, jobs=1).writer
        graph = [o.path for o in writer.outcomes if o.path.startswith("assets/graph/") and o.path != "assets/graph/graph.json"]
        assert graph
        return {writer.plan.action_of[path] for path in graph}

    assert "untouched" in one_more(1, "Montevideo, Uruguay", forget=False), "with the record, neighbourhoods are kept"
    assert "untouched" not in one_more(2, "Kathmandu, Nepal", forget=True)
    run_import([source], tmp_path / "cold" / "docs", jobs=1, full=True)
    assert _tree(docs) == _tree(tmp_path / "cold" / "docs")


def test_a_redirect_page_as_the_last_run_left_it_is_not_read_again_and_one_changed_is_written(tmp_path):
    docs = tmp_path / "docs"
    first = run_import([SAMPLE], docs, jobs=1)
    redirects = sorted(redirect_sources(first.articles)[0])  # one at each post's WordPress address
    assert len(redirects) > 2 and all((docs / file).is_file() for file in redirects)
    age_files(docs)
    run_import([SAMPLE], docs, jobs=1)  # their stamps are now those of files as left
    again = run_import([SAMPLE], docs, jobs=1)
    assert set(redirects) <= again.writer.not_opened
    changed, removed = docs / redirects[0], docs / redirects[-1]
    text = changed.read_text()
    changed.write_text("<p>edited</p>\n")
    removed.unlink()
    restored = run_import([SAMPLE], docs, jobs=1)
    assert changed.read_text() == text and removed.is_file()
    assert {redirects[0], redirects[-1]}.isdisjoint(restored.writer.not_opened)


def test_the_home_page_s_actors_counted_from_the_graph_are_those_counted_from_every_article(tmp_path):
    from generator.importer import link_articles
    from generator.pages.listings import home_page

    result = run_import([SAMPLE], tmp_path / "docs", jobs=1)
    page_of = {key: entity.page for key, entity in result.registry.entities.items()}
    graph = link_articles(result.articles)
    made = home_page(result.articles, "Site", page_of, graph.articles_of)
    assert made == home_page(result.articles, "Site", page_of)
    assert sum(page in made.generated for page in page_of.values()) >= 3  # it lists actors


def test_readings_and_extractions_the_last_run_recorded_are_those_a_full_reading_makes(tmp_path, monkeypatch):
    """Under the site-level reading the last run recorded, an unchanged article's reading is not
    loaded nor its extraction checked again; the extractions are those of a reading without a
    cache all the same, after articles are added, edited and deleted, when the site-level
    reading changes (a name recurs in a third article, words become common), when the cache lost
    an article's entries, and after a run that stopped before recording what it did."""
    def document(text, day=1):
        return Document("Title", text, text, datetime(2024, 1, day), "https://news.example")
    archive = [document("Minister Grace Field said on Monday that the plan would go ahead. Grace Field told "
                        "reporters in Seoul that talks continue."),
               document("Ana Pereira of Lisbon met the Komite Nasional Pemuda in Jakarta.", 2),
               document("The Komite Nasional Pemuda said Ana Pereira would return.", 3),
               document("Talks in Seoul and Jakarta went on, a report said.", 4)]
    loaded = []
    original = Cache.get_many
    monkeypatch.setattr(Cache, "get_many", lambda self, stage, keys: (loaded.extend(
        (stage, key) for key in keys), original(self, stage, keys))[1])

    def run(documents, lose=None):
        cache = Cache(tmp_path)
        if lose:
            cache.connection.execute("DELETE FROM entries WHERE stage = ?", (lose,))
        loaded.clear()
        found = _extract(documents, cache)
        cache.close()
        stages = [stage for stage, _ in loaded if stage in ("read", "extract")]
        assert found == _extract(documents, None)
        return found, stages

    first, _ = run(archive)
    new = document("The Komite Nasional Pemuda said in Seoul.", 5)  # a third article names it, in words the site has
    _, stages = run([*archive, new])
    assert stages.count("read") == 1 and stages.count("extract") >= 1  # the new article's reading alone
    edited = document("Ana Pereira of Lisbon met officials in Jakarta.", 2)
    grace = [document(f"By grace the field was green, day {i}. The field and its grace, a field of grace.", 10 + i)
             for i in range(4)]
    third, _ = run([archive[0], edited, archive[3], new, *grace])
    assert third[0] != first[0]  # the common words changed the first article's reading
    fourth, stages = run([archive[0], edited, archive[3], new, *grace], lose="extract")
    assert stages.count("read") == 0 and stages.count("extract") == 8
    # A run stopped after reading (its entries kept, its record not made): the next one checks again.
    cache = Cache(tmp_path)
    extractor = Extractor(Registry(), cache=cache)
    extractor.learn(archive)
    cache.close()
    fifth, stages = run([archive[0], edited, archive[3], new, *grace])
    assert stages.count("read") == 8 and fourth == fifth == third


def test_an_entry_made_with_an_earlier_gazetteer_is_checked_not_made_again_after_runs_that_trusted_it(
        tmp_path, monkeypatch):
    """An entry keeps the gazetteer version it was made with; checked again (the site-level
    reading changed), it asks only whether a name that changed since is in its text. Runs that
    trusted it without checking must keep that version's names, or the check finds nothing to
    compare with and every such article is extracted again."""
    from generator.store.registry import Entity

    def document(text, day=1):
        return Document("Title", text, text, datetime(2024, 1, day), "https://news.example")
    archive = [document(f"Talks in Seoul and Jakarta went on, report {i} said.", i + 1) for i in range(6)]
    registry = Registry()
    made = []
    original = Extractor.extract
    monkeypatch.setattr(Extractor, "extract", lambda self, document: made.append(document) or original(self, document))

    def run(documents, registry):
        cache = Cache(tmp_path)
        made.clear()
        extractor = Extractor(registry, cache=cache)
        extractor.learn(documents)
        extractor.extract_all(documents)
        cache.close()
        return len(made)

    assert run(archive, Registry()) == 6
    registry.entities[("organization", "Zanzibar Trust")] = Entity("Zanzibar Trust", "organization")
    assert run(archive, registry) == 0  # a new name, written nowhere: every entry still holds
    assert run(archive, registry) == 0  # trusted as the record says
    assert run([*archive, document("By grace the field was green, a field of grace.", 9)], registry) == 1
