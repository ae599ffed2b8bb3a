"""An import reads docs/ once, at its start (the gathering: generator/write/view.py); after that no
stage opens, lists or stats a file of docs/, and only the writer, carrying out the plan, touches it
(to merge a person's edit, splice a generated part, or see what it wrote).

Checked in-process on an import with a page edited by hand, a post unpublished, a post given a new
slug and a downloaded image: every read of docs/ (open for reading, stat, listing a folder) made
after the gathering is refused unless the writer makes it."""
import builtins
import io
import os
import sys
from pathlib import Path

import pytest

import generator
from generator.core.frontmatter import read_pages
from generator.importer import run_import
from generator.pages import media
from generator.write.view import DocsView, NotGathered

from .conftest import rest_post, write_json
from .test_media import RED

PACKAGE = os.path.dirname(generator.__file__) + os.sep
WRITER = os.path.join(PACKAGE, "write", "__init__.py")  # PageWriter and its atomic writes
BODY = "<p>Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome in September.</p>"
IMAGE = "https://images.example/red.png"


class LateReads:
    """Watches every read of docs/ while installed: once the gathering is over (DocsView.close),
    one whose nearest caller in the generator is not the writer is refused, and kept."""

    def __init__(self, docs: Path):
        self.docs = os.path.join(os.path.abspath(docs), "")
        self.gathered = False
        self.refused: list[str] = []
        self.by_writer = 0

    def check(self, path, what: str) -> None:
        if not self.gathered or not isinstance(path, str | bytes | os.PathLike):
            return
        path = os.fsdecode(path)
        if not os.path.abspath(path).startswith(self.docs):
            return
        caller = next((frame for frame in _frames() if frame.f_code.co_filename.startswith(PACKAGE)), None)
        if caller is None:
            return  # the test's own look
        if caller.f_code.co_filename == WRITER:
            self.by_writer += 1
            return
        where = f"{caller.f_code.co_filename[len(PACKAGE):]}:{caller.f_lineno} {caller.f_code.co_name}"
        self.refused.append(f"{what} {os.path.relpath(path, self.docs)} from {where}")
        raise PermissionError(f"docs/ read after the gathering: {self.refused[-1]}")

    def install(self, monkeypatch) -> None:
        real_open, real_stat, real_lstat, real_scandir, real_listdir = open, os.stat, os.lstat, os.scandir, os.listdir
        close = DocsView.close

        def opened(file, mode="r", *args, **kwargs):
            if not any(flag in mode for flag in "wax+"):
                self.check(file, "open")
            return real_open(file, mode, *args, **kwargs)

        def looked(real, what):
            def look(path=".", *args, **kwargs):
                self.check(path, what)
                return real(path, *args, **kwargs)
            return look

        def closed(view):
            close(view)
            self.gathered = True

        monkeypatch.setattr(builtins, "open", opened)
        monkeypatch.setattr(io, "open", opened)
        monkeypatch.setattr(os, "stat", looked(real_stat, "stat"))
        monkeypatch.setattr(os, "lstat", looked(real_lstat, "lstat"))
        monkeypatch.setattr(os, "scandir", looked(real_scandir, "list"))
        monkeypatch.setattr(os, "listdir", looked(real_listdir, "list"))
        monkeypatch.setattr(DocsView, "close", closed)


def _frames():
    frame = sys._getframe(2)
    while frame is not None:
        yield frame
        frame = frame.f_back


def _write(source: Path, post_id: int, **fields) -> None:
    body = BODY + (f'<p><img src="{IMAGE}" alt="A red square"></p>' if post_id == 31 else "")
    write_json(source / f"{post_id}.json", rest_post(post_id, content={"rendered": body}, tags=[], **fields))


@pytest.fixture()
def images(monkeypatch):
    """Downloads answered here, with no network."""
    monkeypatch.setattr(media.Downloader, "get", lambda self, url: (RED, "image/png"))


def test_after_the_gathering_only_the_writer_touches_docs(tmp_path, monkeypatch, images):
    source, docs = tmp_path / "in", tmp_path / "docs"
    write_json(source / "categories.json", [{"id": 9, "name": "Ferries", "slug": "ferries", "taxonomy": "category",
                                             "link": "https://news.example/category/ferries/"}])
    for post_id in (31, 32, 33):
        _write(source, post_id, categories=[9] if post_id == 32 else [])
    first = run_import([source], docs, jobs=1, local_media=True)
    assert not first.batch.rejected and (docs / "category/ferries/index.html").exists()
    edited = docs / "articles/2024/01/post-31.md"
    edited.write_text(edited.read_text("utf-8") + "\nA reader's note, added by hand.\n", "utf-8")
    _write(source, 32, status="draft", categories=[9])  # unpublished: its page, its category's page go
    _write(source, 33, slug="renamed", link="https://news.example/2024/01/renamed/")  # moves
    (docs / "articles/2024/01/post-33.md").touch()  # its time moved, its text did not
    _write(source, 31, title={"rendered": "Post 31, corrected"})  # its page merges the edit above

    watch = LateReads(docs)
    watch.install(monkeypatch)
    second = run_import([source], docs, jobs=1, local_media=True)
    assert watch.refused == [], "stages read docs/ after the gathering:\n" + "\n".join(watch.refused)
    assert watch.gathered and watch.by_writer > 0  # the watch was on, and saw the writer at work

    # What the import did, through the view alone.
    assert "A reader's note, added by hand." in edited.read_text("utf-8")
    assert "Post 31, corrected" in edited.read_text("utf-8")
    assert not (docs / "articles/2024/01/post-32.md").exists()
    assert not (docs / "categories/ferries.md").exists() and not (docs / "category/ferries/index.html").exists()
    assert (docs / "articles/2024/01/renamed.md").exists() and not (docs / "articles/2024/01/post-33.md").exists()
    assert "renamed/" in (docs / "articles/2024/01/post-33/index.html").read_text("utf-8")
    assert second.media is not None and second.media.local == 1
    assert "assets/media/" in edited.read_text("utf-8")
    assert {o.action for o in second.writer.outcomes if o.path == "articles/2024/01/post-31.md"} == {"merged"}


def test_the_watch_refuses_a_stage_that_reads_docs_itself(tmp_path, monkeypatch):
    """The check above can fail: a stage that lists docs/ after the gathering is refused."""
    docs = tmp_path / "docs"
    (docs / "people").mkdir(parents=True)
    (docs / "people/someone.md").write_text("---\nname: Someone\ntype: person\n---\n", "utf-8")
    view = DocsView(docs, ["people/someone.md"])
    watch = LateReads(docs)
    watch.install(monkeypatch)
    assert read_pages(docs, ["people"])  # during the gathering: allowed
    view.close()
    with pytest.raises(PermissionError, match="people"):
        read_pages(docs, ["people"])
    with pytest.raises(NotGathered):
        view.read("people/someone.md")
    assert watch.refused
