"""The one writer: each file at most once a run, whichever stage asks."""
import pytest

from generator.write import GeneratedPage, PageWriter, SecondWrite
from generator.write.plan import ACTIONS, Entry, section


def test_a_second_write_to_one_path_is_refused(tmp_path):
    writer = PageWriter(tmp_path)
    writer.apply([Entry("assets/x.json", "write", "{}\n")])
    with pytest.raises(SecondWrite, match="assets/x.json"):
        writer.apply([Entry("assets/x.json", "write", "[]\n")])
    assert (tmp_path / "assets" / "x.json").read_text() == "{}\n", "the first write stands"


@pytest.mark.parametrize("second", sorted(ACTIONS - {"forget", "tidy"}))
def test_every_kind_of_entry_claims_its_path(tmp_path, second):
    writer = PageWriter(tmp_path)
    writer.write_page("articles/a.md", "---\ntitle: A\n---\n\nText.\n")
    entry = (section(GeneratedPage("articles/a.md", "# A\n\n", "List.")) if second == "section"
             else Entry("articles/a.md", second, "---\ntitle: B\n---\n", record="B\n"))
    with pytest.raises(SecondWrite, match=r"articles/a.md: planned twice in one import \(page, then"):
        writer.apply([entry])
    assert len(writer.outcomes) == 1 and (tmp_path / "articles/a.md").read_text() == "---\ntitle: A\n---\n\nText.\n"


def test_docs_files_lists_what_os_walk_finds_in_its_order(tmp_path):
    """docs_files walks docs/ by hand (quicker than os.walk): the same files in the same order,
    links to folders not followed."""
    import os

    from generator.write import docs_files

    docs = tmp_path / "docs"
    for name in ("a.md", "a-b/c.md", "a/b/c.md", "a/z.md", "B/x.md", "b.md", "a b/d.md", ".generated/a.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(name)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.md").write_text("e")
    (docs / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (docs / "link.md").symlink_to(docs / "a.md")
    (docs / "broken.md").symlink_to(docs / "gone.md")
    expected = []
    for folder, dirs, files in os.walk(docs):
        dirs.sort()
        expected += [os.path.relpath(os.path.join(folder, name), docs) for name in sorted(files)]
    assert docs_files(docs) == expected
    assert "linked/e.md" not in expected and "link.md" in expected and "a/b/c.md" in expected


def _snapshot_view(docs, files):
    """docs/ as the shortcut's snapshot found it: each file's [size, time, digest], by absolute path."""
    import os

    from generator.write import DocsView, content_digest

    known = {}
    for file in files:
        info = os.stat(docs / file)
        known[os.path.join(str(docs), file)] = [info.st_size, info.st_mtime_ns, content_digest((docs / file).read_bytes())]
    view = DocsView(docs, files, known)
    view.close()
    return view


def test_a_file_known_unchanged_since_the_snapshot_is_not_read_and_one_edited_since_is_rewritten(tmp_path, monkeypatch):
    from generator import write

    docs = tmp_path / "docs"
    (docs / "old").mkdir(parents=True)
    for name in ("old/a.md", "old/b.md"):
        (docs / name).write_text("redirect\n")
    writer = PageWriter(docs, view=_snapshot_view(docs, ["old/a.md", "old/b.md"]))
    (docs / "old/b.md").write_text("edited meanwhile\n")  # after the snapshot: its size and time moved
    opened = []
    reading = write.read_or_none
    monkeypatch.setattr(write, "read_or_none", lambda path: opened.append(path.name) or reading(path))
    outcomes = writer.apply([Entry("old/a.md", "write", "redirect\n"), Entry("old/b.md", "write", "redirect\n")])
    assert [(o.path, o.action) for o in outcomes] == [("old/a.md", "unchanged"), ("old/b.md", "updated")]
    assert "a.md" not in opened and (docs / "old/b.md").read_text() == "redirect\n"
    assert writer.not_opened == {"old/a.md"}  # the run's end looks again at the file it wrote
