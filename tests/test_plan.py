"""An import plans its pages as plain data (generator/write/plan.py: for each path, write, merge,
keep, retire, redirect or remove) and one writer carries the plan out. These check plans in-process:
what is planned for a path, that a path is planned at most once, and that planning writes nothing."""
import json
from types import SimpleNamespace

import pytest

from generator.importer import run_import
from generator.pages.retire import INDEX, plan_retirements
from generator.write import STORE_DIR, PageWriter, docs_files
from generator.write.plan import FORGET, KEEP, PAGE, REDIRECT, RETIRE, SECTION, TIDY, Entry, Plan, SecondWrite
from generator.write.view import DocsView

from .conftest import SAMPLE, age_files

SITE = "https://news.example"


def _snapshot(docs):
    return {file: (docs / file).read_bytes() for file in docs_files(docs)}


def _gathered(docs):
    """docs/ as an import's gathering would find it, every text read and every page compared with
    its record; closed, as the stages see it."""
    view = DocsView(docs, docs_files(docs))
    for file in view.found:
        view.read(file)
    view.compare(file for file in view.found if file.endswith(".md") and not file.startswith(STORE_DIR))
    view.close()
    return view


def test_a_second_entry_for_one_path_is_refused_when_it_is_planned():
    plan = Plan()
    plan.add(Entry("assets/x.json", "write", "{}\n"))
    with pytest.raises(SecondWrite, match=r"assets/x.json: planned twice in one import \(write, then section\)"):
        plan.add(Entry("assets/x.json", SECTION))
    with pytest.raises(ValueError, match="unknown action"):
        plan.add(Entry("assets/y.json", "overwrite"))
    assert [entry.path for entry in plan.pending] == ["assets/x.json"] and "assets/y.json" not in plan


def test_the_writer_refuses_an_entry_another_stage_planned(tmp_path):
    writer = PageWriter(tmp_path)
    writer.plan.add(Entry("people/index.md", KEEP, detail="a person's"))
    with pytest.raises(SecondWrite):
        writer.apply([Entry("people/index.md", PAGE, "# People\n")])
    assert not (tmp_path / "people/index.md").exists()


def _post(number: int, title: str = "A post"):
    return SimpleNamespace(key=(SITE, "post", number, "", ""), title=title)


def _docs_with(tmp_path, pages: dict[str, str], index: dict) -> tuple:
    docs = tmp_path / "docs"
    for page, text in pages.items():
        for file in (docs / page, docs / STORE_DIR / page):  # as the importer left it: the page and its record
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, "utf-8")
    (docs / INDEX).write_text(json.dumps(index), "utf-8")
    return docs, {json.dumps(list(_post(n).key)): entry for n, entry in index.items()}


def test_a_moved_post_is_planned_as_a_retirement_and_a_redirect_and_planning_writes_nothing(tmp_path):
    old, new = "articles/2024/01/old.md", "articles/2024/01/new.md"
    docs, index = _docs_with(tmp_path, {old: "# Old\n", new: "# New\n"}, {7: {"page": old, "redirect": None}})
    before = _snapshot(docs)
    article = SimpleNamespace(post=_post(7, "New"), path=new)
    entries, record = plan_retirements(_gathered(docs), index, {new}, [article], [], {})
    assert [(e.path, e.action) for e in entries] == [
        (old, RETIRE), ("articles/2024/01/old/index.html", REDIRECT), (INDEX, "write")]
    assert record[json.dumps(list(_post(7).key))]["moved_from"] == ["articles/2024/01/old/index.html"]
    assert _snapshot(docs) == before, "planning wrote to docs/"

    writer = PageWriter(docs)
    outcomes = writer.apply(entries)
    assert [(o.path, o.action) for o in outcomes] == [
        (old, "retired"), ("articles/2024/01/old/index.html", "created"), (INDEX, "updated")]
    assert not (docs / old).exists() and not (docs / STORE_DIR / old).exists()


def test_a_page_edited_by_hand_is_planned_kept_and_one_deleted_has_its_record_forgotten(tmp_path):
    edited, deleted = "articles/2024/01/edited.md", "articles/2024/01/deleted.md"
    docs, index = _docs_with(tmp_path, {edited: "# Edited\n", deleted: "# Deleted\n"},
                             {1: {"page": edited}, 2: {"page": deleted}})
    (docs / edited).write_text("# Edited\n\nMy note.\n", "utf-8")
    (docs / deleted).unlink()
    gone = [(_post(1), "its post is no longer published"), (_post(2), "its post is no longer published")]
    entries, _ = plan_retirements(_gathered(docs), index, set(), [], gone, {})
    assert [(e.path, e.action) for e in entries] == [
        (edited, KEEP), (f"{STORE_DIR}/{deleted}", FORGET), (INDEX, "write")]
    assert "edited by hand" in entries[0].detail

    writer = PageWriter(docs)
    writer.apply(entries)
    assert [(o.path, o.action) for o in writer.outcomes] == [(edited, "kept"), (INDEX, "updated")]
    assert (docs / edited).read_text() == "# Edited\n\nMy note.\n" and not (docs / STORE_DIR / deleted).exists()


def test_a_hand_edited_article_is_planned_as_a_merge_and_applied_with_both_edits(tmp_path):
    page = "articles/2024/01/a.md"
    first = "---\ntitle: A test\n---\n\nThe first paragraph.\n\nThe second paragraph.\n"
    PageWriter(tmp_path).apply([Entry(page, PAGE, first)])
    (tmp_path / page).write_text(first + "\nA reader's note, added by hand.\n", "utf-8")
    writer = PageWriter(tmp_path)
    entry = writer.plan.add(Entry(page, PAGE, first.replace("A test", "A missile test")))
    assert writer.plan.action_of == {page: PAGE} and (tmp_path / page).read_text().count("A test") == 1
    (outcome,) = writer.apply()
    assert outcome.action == "merged"
    merged = (tmp_path / page).read_text()
    assert "title: A missile test" in merged and "A reader's note, added by hand." in merged
    assert (tmp_path / STORE_DIR / page).read_text() == entry.text  # what the importer wrote, for the next merge


@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory):
    docs = tmp_path_factory.mktemp("plan") / "docs"
    cold = run_import([SAMPLE], docs, jobs=1)
    age_files(docs)
    run_import([SAMPLE], docs, jobs=1)  # stamps the pages, now settled, for the next run to trust
    return docs, cold, run_import([SAMPLE], docs, jobs=1)


def test_planning_the_sample_gives_each_kind_of_page_its_action(sample_runs):
    _, cold, _ = sample_runs
    planned = cold.writer.plan.action_of
    articles = {a.path for a in cold.articles}
    assert articles and {planned[page] for page in articles} == {PAGE}
    entities = {e.page for e in cold.registry.entities.values() if e.page in planned}
    assert entities and {planned[page] for page in entities} <= {SECTION, "create"}
    assert {planned[f"{folder}/index.md"] for folder in ("people", "states", "archive", "categories")} == {SECTION}
    assert planned["index.md"] == SECTION and planned["assets/ids.json"] == "write"
    assert any(path.startswith("assets/charts/") and action == "write" for path, action in planned.items())
    assert {action for path, action in planned.items() if path.endswith("/index.html")} == {REDIRECT}
    assert planned["assets/charts/"] == TIDY  # the charts no entity has any more: pruned


def test_every_outcome_is_an_entry_of_the_plan_in_the_order_planned(sample_runs):
    _, cold, again = sample_runs
    for run in (cold, again):
        planned = [path for path, action in run.writer.plan.action_of.items() if action not in (FORGET, TIDY)]
        assert [o.path for o in run.writer.outcomes] == planned
        assert not run.writer.plan.pending


def test_a_second_run_plans_the_pages_it_left_as_they_are_untouched(sample_runs):
    _, cold, again = sample_runs
    planned = again.writer.plan.action_of
    assert {planned[a.path] for a in again.articles} == {"untouched"}
    assert {o.action for o in again.writer.outcomes} == {"unchanged"}
    assert set(planned) == set(cold.writer.plan.action_of)


def test_listings_no_article_belongs_to_are_planned_retired_or_emptied_and_planning_writes_nothing(tmp_path):
    from generator.pages.render import head
    from generator.pages.retire import retire_listings
    from generator.write import GeneratedPage, splice

    docs = tmp_path / "docs"
    (docs / "tags").mkdir(parents=True)
    for name in ("old", "edited", "current"):
        page = GeneratedPage(f"tags/{name}.md", head(name, f"# {name}\n\n"), "- [An article](../articles/a.md)")
        (docs / page.path).write_text(splice(None, page), "utf-8")
    edited = docs / "tags/edited.md"
    edited.write_text(edited.read_text().replace("# edited\n", "# edited\n\nWhat this tag means.\n"), "utf-8")
    before = _snapshot(docs)
    entries = retire_listings(_gathered(docs), {"tags/current.md"}, ("tags",))
    assert [(e.path, e.action) for e in entries] == [("tags/edited.md", SECTION), ("tags/old.md", RETIRE)]
    assert _snapshot(docs) == before, "planning wrote to docs/"

    PageWriter(docs).apply(entries)
    assert not (docs / "tags/old.md").exists() and (docs / "tags/current.md").exists()
    assert "What this tag means." in edited.read_text() and "No article here any more." in edited.read_text()


def test_pruning_is_planned_as_removals_of_what_no_stage_planned(tmp_path):
    from generator.write import pruned

    docs = tmp_path / "docs"
    for file in ("assets/charts/people/kept.svg", "assets/charts/people/gone.svg", "assets/charts/places/gone.svg"):
        (docs / file).parent.mkdir(parents=True, exist_ok=True)
        (docs / file).write_text("<svg/>", "utf-8")
    entries = pruned(_gathered(docs), "assets/charts", {"assets/charts/people/kept.svg"})
    assert [(e.path, e.action) for e in entries] == [
        ("assets/charts/people/gone.svg", "remove"), ("assets/charts/places/gone.svg", "remove"),
        ("assets/charts/", TIDY)]
    writer = PageWriter(docs)
    writer.apply(entries)
    assert [(o.path, o.action) for o in writer.outcomes] == [
        ("assets/charts/people/gone.svg", "removed"), ("assets/charts/places/gone.svg", "removed")]
    assert docs_files(docs) == ["assets/charts/people/kept.svg"] and not (docs / "assets/charts/places").exists()


def test_one_rule_decides_who_gets_a_contested_path_and_the_plan_refuses_by_it():
    from generator.core.paths import assign_paths, claim
    from generator.pages.redirects import term_redirect_files

    assert claim("a", set()) == "a"
    assert claim("a", {"a"}, iter(["a-2", "a-3"])) == "a-2" and claim("a", {"a", "a-2"}, ["a-2", "a-3"]) == "a-3"
    assert claim("a", {"a"}) is None  # no alternative: nothing (an optional file is skipped, an entry refused)

    # Articles: an earlier import's page first, then by site, WordPress id, title; a numbered path
    # never takes another post's own slug.
    def post(number, slug):
        return SimpleNamespace(key=(SITE, "post", number, "", ""), slug=slug, title=slug, wordpress_id=number,
                               type="post", date=None, site=SITE)
    posts = [post(9, "x"), post(4, "x"), post(5, "x-4")]
    assert assign_paths(posts) == {post(4, "x").key: "articles/undated/x.md",
                                   post(9, "x").key: "articles/undated/x-9.md",
                                   post(5, "x-4").key: "articles/undated/x-4.md"}
    moved = assign_paths(posts, {post(9, "x").key: "articles/undated/x.md"})
    assert moved[post(9, "x").key] == "articles/undated/x.md"  # an existing article keeps its URL
    assert moved[post(4, "x").key] == "articles/undated/x-3.md"  # x-4 is post 5's own: the next number

    # Redirects are optional: where a page is planned, none is written, and the import says why.
    article = SimpleNamespace(path="articles/a.md", post=SimpleNamespace(term_paths={"tags": {"Seoul": "/tag/seoul/"}}))
    files, skipped = term_redirect_files([article], {"tags": {"Seoul": "seoul"}}, {"tag/seoul/index.html"})
    assert files == {} and skipped == ["/tag/seoul/: another page is there; no redirect written"]


def test_the_view_answers_for_docs_after_the_entries_planned_so_far_without_looking(tmp_path):
    from generator.write.view import NotGathered

    view = DocsView(tmp_path, ["articles/a.md", f"{STORE_DIR}/articles/a.md", "assets/charts/x.svg", "tags/t.md"])
    assert view.read("tags/t.md") is None  # listed, but gone before it was read: as absent
    view.close()
    view.plan.extend([Entry("articles/a.md", RETIRE), Entry("assets/charts/y.svg", "write", "<svg/>")])
    assert not view.exists("articles/a.md") and not view.exists(f"{STORE_DIR}/articles/a.md")  # retired with its record
    assert view.exists("assets/charts/x.svg") and view.exists("assets/charts/y.svg")
    assert view.files_under("assets/charts") == ["assets/charts/x.svg"]  # as found (what is planned is taken)
    view.plan.add(Entry("assets/charts/x.svg", "remove"))
    assert view.files_under("assets") == [] and view.files_under("articles") == []
    with pytest.raises(NotGathered):
        view.text("articles/a.md")  # found, never read at the gathering: a bug, said at once
    with pytest.raises(NotGathered):
        view.read("articles/a.md")
    with pytest.raises(NotGathered):
        view.stamp("articles/a.md")


def test_a_link_between_two_pages_is_the_one_relpath_gives():
    import itertools
    import posixpath

    from generator.core.paths import relative_link

    parts = ["articles", "2024", "people", "kim.md", "index.md", "a b", "", ".", ".."]
    paths = ["/".join(p) for size in (1, 2, 3) for p in itertools.product(parts, repeat=size)]
    for from_page, to_page in itertools.product(paths, ["articles/2024/03/x.md", "people/kim.md", "index.md",
                                                         *paths[::7]]):
        try:
            expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
        except ValueError:  # relpath refuses an empty path
            expected = ValueError
        if expected is ValueError:
            with pytest.raises(ValueError):
                relative_link(from_page, to_page)
        else:
            assert relative_link(from_page, to_page) == expected, (from_page, to_page)
