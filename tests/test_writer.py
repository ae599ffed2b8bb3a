"""The one writer: each file at most once a run, whichever stage asks."""
import pytest

from generator.write import GeneratedPage, PageWriter, SecondWrite, write_generated_section


def test_a_second_write_to_one_path_is_refused(tmp_path):
    writer = PageWriter(tmp_path)
    writer.write_file("assets/x.json", "{}\n")
    with pytest.raises(SecondWrite, match="assets/x.json"):
        writer.write_file("assets/x.json", "[]\n")
    assert (tmp_path / "assets" / "x.json").read_text() == "{}\n", "the first write stands"


@pytest.mark.parametrize("second", ["page", "section", "recorded"])
def test_every_kind_of_write_claims_its_path(tmp_path, second):
    writer = PageWriter(tmp_path)
    writer.write_page("articles/a.md", "---\ntitle: A\n---\n\nText.\n")
    with pytest.raises(SecondWrite):
        if second == "page":
            writer.write_page("articles/a.md", "---\ntitle: B\n---\n")
        elif second == "section":
            write_generated_section(writer, GeneratedPage("articles/a.md", "# A\n\n", "List."))
        else:
            writer.create_recorded({"articles/a.md": "B\n"})
    assert len(writer.outcomes) == 1
