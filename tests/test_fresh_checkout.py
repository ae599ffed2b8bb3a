"""GitHub Actions imports into a fresh checkout every run: every file under docs/ has a new
modification time, so the stamps the last import kept never match. The pages it wrote are then
known by their bytes (the digests the shortcut takes of every docs/ file before a run), not read
or rendered again, and the pages are still those a cold import writes."""
import json
import os
import shutil
from time import time_ns

from generator import importer
from generator.shortcut import import_once
from generator.write import STORE_DIR, PageWriter
from generator.write.plan import UNTOUCHED, Plan

from .conftest import SAMPLE, age_files


def _post(number: int) -> dict:
    return {"id": 990000 + number, "date": f"2024-03-0{number}T09:00:00", "slug": f"new-post-{number}",
            "status": "publish", "type": "post", "link": f"https://example.org/new-post-{number}/",
            "title": {"rendered": f"Delegation visit {number}"},
            "content": {"rendered": "<p>The delegation met officials of the Korean Workers' Party in Pyongyang.</p>"}}


def _tree(docs):
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*"))
            if p.is_file() and p.name != ".import.lock"}


def _checkout_again(docs):
    """As `git clone` leaves them: the same bytes, every file a new time."""
    now = time_ns() - 60 * 10**9
    for path in docs.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(now, now))


def _history(folder, monkeypatch, checkout: bool) -> tuple[list, list, list]:
    """A cold import, one with a new post, then one with another new post, after a fresh checkout
    or not: the pages the last one read, rendered, and knew unchanged without a look."""
    content, docs = folder / "content", folder / "docs"
    shutil.copytree(SAMPLE, content)
    import_once([content], docs, jobs=1)
    (content / "new-1.json").write_text(json.dumps(_post(1)))
    import_once([content], docs, jobs=1)
    (content / "new-2.json").write_text(json.dumps(_post(2)))
    if checkout:
        _checkout_again(docs)
    else:
        age_files(docs)  # stamps older than the racy window, as they would be hours later
    read, rendered, not_opened = [], [], []
    real_write, real_add, real_render = PageWriter.write_page, Plan.add, importer.render_page

    def planned(plan, entry):  # a page planned untouched: neither read nor written
        if entry.action == UNTOUCHED:
            not_opened.append(entry.path)
        return real_add(plan, entry)

    with monkeypatch.context() as patch:
        patch.setattr(PageWriter, "write_page", lambda self, page, text: read.append(page) or real_write(self, page, text))
        patch.setattr(Plan, "add", planned)
        patch.setattr(importer, "render_page", lambda inputs: rendered.append(1) or real_render(inputs))
        import_once([content], docs, jobs=1)
    return read, rendered, not_opened


def test_a_fresh_checkout_is_known_by_its_bytes(tmp_path, monkeypatch):
    """Even the pages written by the run just before (too fresh for their stamps) are known."""
    read, rendered, not_opened = _history(tmp_path / "checkout", monkeypatch, checkout=True)
    assert (read, rendered, not_opened) == _history(tmp_path / "kept", monkeypatch, checkout=False)
    articles = [page for page in read if page.startswith("articles/")]
    assert "articles/2024/03/new-post-2.md" in articles
    assert len(rendered) == len(articles) < 5  # each page read had something new (its neighbours): none for lack of trust
    assert len([page for page in not_opened if page.startswith("articles/")]) >= 10
    assert any(page.startswith(("people/", "states/", "organizations/")) for page in not_opened)  # entity pages too

    cold = tmp_path / "cold" / "docs"
    import_once([tmp_path / "checkout" / "content"], cold, jobs=1, full=True)
    assert _tree(tmp_path / "checkout" / "docs") == _tree(cold)


def test_an_edit_after_the_checkout_is_still_read(tmp_path, monkeypatch):
    """The digests are those of the files now: a page edited by hand is read, and the edit kept."""
    content, docs = tmp_path / "content", tmp_path / "docs"
    shutil.copytree(SAMPLE, content)
    import_once([content], docs, jobs=1)
    (content / "new-1.json").write_text(json.dumps(_post(1)))
    age_files(docs)
    import_once([content], docs, jobs=1)
    _checkout_again(docs)
    page = min((docs / "articles").rglob("*.md"))
    page.write_text(page.read_text() + "\nA note by hand.\n")
    assert (docs / STORE_DIR / page.relative_to(docs)).is_file()
    (content / "new-2.json").write_text(json.dumps(_post(2)))
    read = []
    real_write = PageWriter.write_page
    monkeypatch.setattr(PageWriter, "write_page", lambda self, p, text: read.append(p) or real_write(self, p, text))
    import_once([content], docs, jobs=1)
    assert page.relative_to(docs).as_posix() in read
    assert "A note by hand." in page.read_text()
