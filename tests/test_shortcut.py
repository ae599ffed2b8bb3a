"""The whole-import shortcut (generator/shortcut.py): an import with nothing changed since the last
one gives the report a real run would give and writes nothing; any change to what an import
reads (an input, a page under docs/, the options, the code) makes it run in full."""
from __future__ import annotations

import os
import shutil

import pytest

from generator import shortcut
from generator.report import make_report

from .conftest import SAMPLE, rest_post, write_json


def _new_kb(root):
    """The sample input plus a rejected file, in root/content."""
    source = root / "content"
    shutil.copytree(SAMPLE, source)
    (source / "broken.json").write_bytes(b"\x00\x01 not JSON")  # rejected every run
    return source


def _import(root, **options):
    return shortcut.import_once([root / "content"], root / "docs", "Test KB", jobs=1, **options)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A knowledge base after its first import, made once for this file: (its folder, a copy of it
    as that import left it, the report). The shortcut's key holds the absolute paths of the input,
    docs/ and the working folder, so each test gets the copy back in the same folder."""
    root = tmp_path_factory.mktemp("shortcut") / "kb"
    root.mkdir()
    _new_kb(root)
    here = os.getcwd()
    os.chdir(root)
    try:
        first = _import(root)
    finally:
        os.chdir(here)
    kept = root.with_name("as-first-imported")
    shutil.copytree(root, kept, symlinks=True)  # copy2: the times the stamps record stay
    return root, kept, first


@pytest.fixture
def kb(imported, monkeypatch):
    """The knowledge base as its first import left it (its report: `first`), the count of full
    runs since, and `run()`."""
    root, kept, first = imported
    shutil.rmtree(root)
    shutil.copytree(kept, root, symlinks=True)
    monkeypatch.chdir(root)
    full_runs = []
    real = shortcut.import_locked

    def counting(*args, **kwargs):
        full_runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(shortcut, "import_locked", counting)
    return {"root": root, "source": root / "content", "docs": root / "docs", "runs": full_runs, "first": first,
            "run": lambda **options: _import(root, **options)}


def _files(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_repeat_is_answered_from_the_last_run_exactly_as_a_real_run_answers(kb):
    first = kb["first"]
    assert first.changed and first.exit_code == 1 and first.rejected == 1
    files = _files(kb["docs"])
    repeat = kb["run"]()
    assert kb["runs"] == [], "nothing changed: the import must not run again"
    assert _files(kb["docs"]) == files
    real = kb["run"](full=True)  # the same import, really run (with an empty cache)
    assert len(kb["runs"]) == 1
    assert _files(kb["docs"]) == files, "a real second run writes nothing either"
    assert repeat == real
    assert not repeat.changed and "0 imported, 0 updated" in repeat.summary
    assert any("broken.json" in line for line in repeat.problems), "a rejected input is reported every run"


def test_the_same_files_with_new_times_still_match(kb):
    """A fresh checkout of the same repository (every file rewritten, times new, bytes the same),
    as GitHub Actions makes each run, is still "nothing changed"."""
    for folder in (kb["docs"], kb["source"]):
        for path in folder.rglob("*"):
            if path.is_file():
                os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    kb["run"]()
    assert kb["runs"] == []


@pytest.mark.parametrize("change", ["input edited", "input added", "page edited", "page deleted", "options",
                                    "code", "report damaged", "report deleted", "report of an older version"])
def test_any_change_to_what_an_import_reads_runs_it_in_full(kb, monkeypatch, change):
    docs, source = kb["docs"], kb["source"]
    entity = next((docs / "people").glob("*.md"))
    kept = kb["root"] / ".cache" / "wpkb" / shortcut.FILE
    options = {}
    if change == "input edited":
        (source / "broken.json").write_bytes(b"\x00\x02 not JSON")
    elif change == "input added":
        write_json(source / "new.json", rest_post(4242, title={"rendered": "A new post"}))
    elif change == "page edited":  # a contributor adds an alias
        entity.write_text(entity.read_text("utf-8").replace("aliases:", "aliases:\n  - Another Name", 1), "utf-8")
    elif change == "page deleted":
        entity.unlink()
    elif change == "options":
        options = {"include_unpublished": True}
    elif change == "code":
        monkeypatch.setattr(shortcut, "code_version", lambda: "another version")
    elif change == "report damaged":
        kept.write_text("{not json", "utf-8")
    elif change == "report deleted":
        kept.unlink()
    elif change == "report of an older version":  # the report kept as a dict, not as bytes
        import marshal
        state = marshal.loads(kept.read_bytes())
        kept.write_bytes(marshal.dumps({**state, "report": marshal.loads(state["report"])}))
    runs = len(kb["runs"])
    kb["run"](**options)
    assert len(kb["runs"]) == runs + 1


def test_a_page_saved_during_an_import_keeps_the_next_one_from_being_skipped(kb, monkeypatch):
    """A contributor saving a page the import does not write, while it runs: the state kept with
    the report is not the state the next import finds, so that one runs in full."""
    write_json(kb["source"] / "new.json", rest_post(4242, title={"rendered": "A new post"}))
    real = shortcut.import_locked

    def with_a_hand_edit(*args, **kwargs):
        result = real(*args, **kwargs)
        note = kb["docs"] / "notes-by-hand.md"
        note.write_text("# Notes\n", "utf-8")
        return result

    monkeypatch.setattr(shortcut, "import_locked", with_a_hand_edit)
    kb["run"]()
    monkeypatch.setattr(shortcut, "import_locked", real)
    runs = len(kb["runs"])
    kb["run"]()
    assert len(kb["runs"]) == runs + 1, "the page saved during the last import was not seen"


def test_a_run_that_merged_a_hand_edit_is_not_repeated_from_memory(kb):
    """Merges, conflicts, kept and retired pages: what a second run says may differ, so the run
    after one is a real run; the one after that, with nothing changed, is answered from memory."""
    first = kb["first"]
    page = kb["docs"] / next(p["page"] for p in first.data["posts"] if p["wordpress_id"] == 3121)
    page.write_text(page.read_text("utf-8") + "\nAn editor's note.\n", "utf-8")
    post = kb["source"] / "post-3121.json"
    post.write_text(post.read_text("utf-8").replace("<\\/p>", " Updated.<\\/p>", 1), "utf-8")
    merged = kb["run"]()
    assert merged.data["summary"]["merged"] >= 1 or merged.data["summary"]["conflicts"] >= 1
    assert "report" not in shortcut._read_kept(kb["root"] / ".cache" / "wpkb")
    runs = len(kb["runs"])
    kb["run"]()
    kb["run"]()
    assert len(kb["runs"]) == runs + 1


def test_the_report_of_a_real_run_and_of_its_repeat_differ_only_in_actions(tmp_path, monkeypatch):
    from generator.importer import run_import

    monkeypatch.chdir(tmp_path)
    result = run_import([_new_kb(tmp_path)], tmp_path / "docs", "Test KB", jobs=1)
    made = make_report(result)
    repeat = shortcut._repeat_report(result)
    assert repeat.problems == made.problems and repeat.exit_code == made.exit_code
    assert {p["action"] for p in repeat.data["posts"]} == {"unchanged"}
    assert {p["action"] for p in made.data["posts"]} == {"created"}


def _fetched_site(root, listed_ids, run="20260101T000000Z"):
    """A site folder as `fetch` leaves it: posts 101 and 102, and the list of ids it still publishes."""
    site = root / "site"
    write_json(site / "posts" / "20260101T000000Z-page-0001.json",
               [rest_post(101, title={"rendered": "Kept"}), rest_post(102, title={"rendered": "Maybe gone"})])
    write_json(site / "post-ids" / f"{run}-page-0001.json", [{"id": i} for i in listed_ids])
    write_json(site / ".fetch-state.json", {"format": 1, "last_run": run, "endpoints": {
        "post-ids": {"run": run, "pages": [{"file": f"post-ids/{run}-page-0001.json"}]}}})
    return site


@pytest.mark.parametrize(("first", "then", "runs"), [
    ([101, 102], [101, 102], 1),  # a new fetch, the same ids: nothing changed for the import
    ([101], [101], 2),  # 102 is withdrawn, and the report names the run that says so: a new run runs
    ([101, 102], [101], 2),  # 102 withdrawn now
])
def test_a_new_fetch_counts_by_what_its_id_lists_tell(tmp_path, monkeypatch, first, then, runs):
    monkeypatch.chdir(tmp_path)
    site = _fetched_site(tmp_path, first)
    full_runs = []
    real = shortcut.import_locked
    monkeypatch.setattr(shortcut, "import_locked", lambda *a, **k: full_runs.append(1) or real(*a, **k))
    report = shortcut.import_once([site], tmp_path / "docs", "T", jobs=1)
    assert report.data["summary"]["not_published"] == (0 if 102 in first else 1)
    _fetched_site(tmp_path, then, run="20260102T000000Z")  # the next fetch: new state, new list
    shortcut.import_once([site], tmp_path / "docs", "T", jobs=1)
    assert len(full_runs) == runs
