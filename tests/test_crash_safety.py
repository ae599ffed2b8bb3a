"""Interruptions and concurrency: any point an import dies at leaves a state the next run
completes correctly; two imports never write one docs/ at once; one failing post never stops
the others."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator import importer, write
from generator.importer import run_import
from generator.write import STORE_DIR, exclusive

from .conftest import call_cli, rest_post, run_cli, write_json

BODY = "<p>Spokesperson Marta Velikova said on Monday that Kim Jong Un met Vladimir Putin in Vladivostok.</p>"


def _inputs(folder: Path, count: int = 3) -> Path:
    for number in range(1, count + 1):
        write_json(folder / f"{number}.json", rest_post(number, title={"rendered": f"Meeting {number}"},
                                                         content={"rendered": BODY}))
    return folder


def _tree(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def _stubs(docs: Path) -> list[str]:
    return [p.relative_to(docs).as_posix() for folder in ("people", "states", "organizations", "places")
            for p in sorted((docs / folder).glob("*.md")) if p.name != "index.md"]


def test_a_second_import_into_the_same_docs_is_refused_with_a_clear_message(tmp_path):
    source = _inputs(tmp_path / "in", 1)
    docs = tmp_path / "docs"
    with exclusive(docs):
        busy = run_cli("import", str(source), "--docs", str(docs), cwd=tmp_path)
    assert busy.returncode == 3
    assert "another import" in busy.stderr and "Traceback" not in busy.stderr
    assert not (docs / "articles").exists()
    assert call_cli("import", str(source), "--docs", str(docs), cwd=tmp_path).returncode == 0  # once it is free


def test_temporary_files_an_interrupted_write_left_are_removed(tmp_path):
    source, docs = _inputs(tmp_path / "in", 1), tmp_path / "docs"
    stray = docs / "articles/2024/01/.post-1.md.k3j2h1g0.tmp"
    stray.parent.mkdir(parents=True)
    stray.write_text("half a page")
    kept = docs / "articles/notes.tmp"  # not one of ours: left alone
    kept.write_text("mine")
    result = run_import([source], docs, jobs=1)
    assert not stray.exists() and kept.exists()
    assert result.recovered == ["articles/2024/01/.post-1.md.k3j2h1g0.tmp"]


@pytest.mark.parametrize("die_after", ["record", "page"])
def test_an_import_killed_while_creating_an_entity_stub_is_completed_by_the_next(tmp_path, monkeypatch, die_after):
    """Killed between a stub's record (docs/.generated) and the stub itself, or just after both:
    the next import gives exactly what an uninterrupted one gives, and a stub a person deletes
    afterwards stays deleted."""
    source = _inputs(tmp_path / "in")
    clean_docs = tmp_path / "clean"
    run_import([source], clean_docs, jobs=1)
    assert _stubs(clean_docs), "the input should give entity stubs"

    docs = tmp_path / "docs"
    real_write = write.replace_with  # every file the writer writes goes through it

    def dying_write(path: Path, data: bytes):
        relative = path.relative_to(docs).as_posix()
        stub = relative.startswith(("people/", "states/", "organizations/", "places/")) and "index" not in relative
        if stub and die_after == "record":
            raise KeyboardInterrupt  # as kill -9 would, right after the record was written
        written = real_write(path, data)
        if stub:
            raise KeyboardInterrupt
        return written

    monkeypatch.setattr(write, "replace_with", dying_write)
    with pytest.raises(KeyboardInterrupt):
        run_import([source], docs, jobs=1)
    monkeypatch.setattr(write, "replace_with", real_write)

    run_import([source], docs, jobs=1)
    assert _tree(docs) == _tree(clean_docs)

    deleted = _stubs(docs)[0]
    (docs / deleted).unlink()
    run_import([source], docs, jobs=1)
    assert not (docs / deleted).exists(), "a stub deleted by hand came back"
    assert (docs / STORE_DIR / deleted).exists()


def _failing(real, title: str):
    def task(post, *args):
        if post.title == title:
            raise RecursionError("maximum recursion depth exceeded")
        return real(post, *args)
    return task


def _failing_converter(model_folder):
    """importer._converter failing on "Meeting 2": a clean worker (core/parallel.py) imports the
    generator afresh, so only what it is sent, by name, reaches it, not a patched module."""
    return _failing(importer._converter(model_folder), "Meeting 2")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_post_that_cannot_be_converted_keeps_its_words_and_the_others_go_on(tmp_path, monkeypatch, jobs):
    source = _inputs(tmp_path / "in", 70 if jobs > 1 else 3)  # enough posts to use worker processes
    monkeypatch.setattr(importer, "convert_post", _failing(importer.convert_post, "Meeting 2"))
    monkeypatch.setattr(importer, "_converter", _failing_converter)
    result = run_import([source], tmp_path / "docs", jobs=jobs)
    assert result.exit_code == 1
    assert [(r.origin.endswith("2.json"), "post 2:" in r.reason, "RecursionError" in r.reason)
            for r in result.batch.rejected] == [(True, True, True)]
    page = (tmp_path / "docs/articles/2024/01/post-2.md").read_text("utf-8")
    assert "Marta Velikova said on Monday" in page
    assert (tmp_path / "docs/articles/2024/01/post-3.md").exists()


@pytest.mark.parametrize("stage", ["page_inputs", "render_page"])
def test_a_post_whose_page_cannot_be_rendered_is_reported_and_the_others_are_written(tmp_path, monkeypatch, stage):
    """Whether gathering what the page shows or rendering it fails."""
    source = _inputs(tmp_path / "in", 3)
    real = getattr(importer, stage)

    def failing(first, *args):
        post = first.post if stage == "page_inputs" else first["post"]
        if post.title == "Meeting 1":
            raise ValueError("broken")
        return real(first, *args)

    monkeypatch.setattr(importer, stage, failing)
    result = run_import([source], tmp_path / "docs", jobs=1)
    assert [r.reason for r in result.batch.rejected] == ["post 1: its page could not be written (ValueError: broken)"]
    assert not (tmp_path / "docs/articles/2024/01/post-1.md").exists()
    assert (tmp_path / "docs/articles/2024/01/post-2.md").exists()


def test_written_files_respect_the_umask(tmp_path):
    run_import([_inputs(tmp_path / "in", 1)], tmp_path / "docs", jobs=1)
    mode = (tmp_path / "docs/articles/2024/01/post-1.md").stat().st_mode & 0o777
    assert mode == 0o666 & ~write._umask()
