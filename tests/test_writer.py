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
