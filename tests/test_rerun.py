"""Re-running an import: byte-identical output, nothing written, hand edits never overwritten."""
import os

from .conftest import SAMPLE, call_cli, run_cli


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_second_import_writes_nothing_and_says_so(tmp_path):
    docs = tmp_path / "docs"
    first = call_cli("import", str(SAMPLE), "--docs", str(docs), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = _snapshot(docs)
    second = call_cli("import", str(SAMPLE), "--docs", str(docs), cwd=tmp_path)
    assert second.returncode == 0
    assert _snapshot(docs) == before
    assert "Nothing to write" in second.stdout
    assert "0 imported, 0 updated" in second.stdout


def test_same_input_gives_byte_identical_output_in_a_fresh_folder(tmp_path):
    """One import in this process and one in a process of its own: another hash seed, so the
    order of sets and dicts cannot reach the pages."""
    call_cli("import", str(SAMPLE), "--docs", str(tmp_path / "a"), cwd=tmp_path)
    run_cli("import", str(SAMPLE), "--docs", str(tmp_path / "b"), cwd=tmp_path)
    a = {k: v[0] for k, v in _snapshot(tmp_path / "a").items()}
    b = {k: v[0] for k, v in _snapshot(tmp_path / "b").items()}
    assert a == b and len(a) > 20


def test_hand_edited_article_is_not_overwritten(tmp_path):
    docs = tmp_path / "docs"
    call_cli("import", str(SAMPLE), "--docs", str(docs), cwd=tmp_path)
    page = next((docs / "articles/2024/03").glob("*.md"))
    edited = page.read_text() + "\nEditor's note added by hand.\n"
    page.write_text(edited)
    (docs / ".generated" / page.relative_to(docs)).write_text("an older generated version\n")
    result = call_cli("import", str(SAMPLE), "--docs", str(docs), cwd=tmp_path)
    assert page.read_text() == edited
    assert "conflicts left as written" in result.stdout and "conflict: " in result.stderr


def test_text_written_around_the_generated_part_of_the_home_page_stays(tmp_path):
    docs = tmp_path / "docs"
    call_cli("import", str(SAMPLE), "--docs", str(docs), cwd=tmp_path)
    home = docs / "index.md"
    home.write_text(home.read_text().replace("# ", "# Our archive\n\nWelcome, analysts.\n\n# ", 1) + "\nFooter note.\n")
    call_cli("import", str(SAMPLE), "--docs", str(docs), cwd=tmp_path)
    text = home.read_text()
    assert "Welcome, analysts." in text and text.endswith("Footer note.\n")
    assert "## Latest articles" in text


def test_no_temporary_files_are_left_behind(tmp_path):
    docs = tmp_path / "docs"
    call_cli("import", str(SAMPLE), "--docs", str(docs), cwd=tmp_path)
    leftovers = [name for _, _, files in os.walk(docs) for name in files if name.endswith(".tmp")]
    assert leftovers == []
