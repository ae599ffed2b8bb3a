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
