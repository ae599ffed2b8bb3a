"""Pages whose post has gone: unpublished, withdrawn from the site, or moved to a new path.

The importer remembers which page and which redirect file it wrote for each post, in
`docs/.generated/posts.json`. When a later import reads the same post again and finds it no
longer published, or published under another slug or date, the page it wrote before is
retired: removed when nobody edited it, kept (and named in a note) when somebody did. A post
the input does not mention at all is left alone, so importing one file into an existing
knowledge base never removes the others.
"""
from __future__ import annotations

import json

from .convert import escape_text
from .frontmatter import FrontMatterError, read_front_matter
from .listings import BEGIN, END, GeneratedPage, head, splice
from .models import Article, Post
from .write import STORE_DIR, Outcome, PageWriter, write_generated_section

INDEX = f"{STORE_DIR}/posts.json"


def _name(key: tuple) -> str:
    return json.dumps(list(key), ensure_ascii=False)


def read_index(writer: PageWriter) -> dict[str, dict]:
    path = writer.docs / INDEX
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # no index yet (first run, or an older version wrote docs/): nothing to retire
    return data if isinstance(data, dict) else {}


def retire_pages(writer: PageWriter, articles: list[Article], gone: list[tuple[Post, str]],
                 redirects: dict[tuple, str]) -> None:
    """Retire what earlier imports wrote for posts that are `gone` (with why) or have moved,
    then record what this import wrote."""
    index = read_index(writer)
    written = {o.path for o in writer.outcomes}
    current = {_name(a.post.key): {"page": a.path, "redirect": redirects.get(a.post.key)} for a in articles}
    reasons = {_name(post.key): why for post, why in gone}
    for name, before in sorted(index.items()):
        now = current.get(name)
        if name in reasons:
            _retire(writer, before, written, reasons[name])
        elif now and now["page"] != before.get("page"):
            _retire(writer, before, written, f"its post moved to {now['page']}")
        elif not now:
            current[name] = before  # not in this input: left as it is
    writer.write_file(INDEX, json.dumps(dict(sorted(current.items())), indent=1, ensure_ascii=False) + "\n")


def _retire(writer: PageWriter, before: dict, written: set[str], why: str) -> None:
    for path in (before.get("page"), before.get("redirect")):
        if path and path not in written:
            _remove_unless_edited(writer, path, why)


def _remove_unless_edited(writer: PageWriter, path: str, why: str) -> None:
    page, stored = writer.docs / path, writer.store_path(path)
    if not page.exists():
        stored.unlink(missing_ok=True)
        return
    generated = stored.read_text("utf-8") if stored.exists() else None
    if path.endswith(".md") and page.read_text("utf-8") != generated:
        writer.outcomes.append(Outcome(path, "kept", f"{why}, but the page was edited by hand, so it stays; "
                                                     "delete it if it is no longer wanted"))
        return
    for file, top in ((page, writer.docs), (stored, writer.docs / STORE_DIR)):
        file.unlink(missing_ok=True)
        _remove_empty_folders(file.parent, top)
    writer.outcomes.append(Outcome(path, "retired", why))


def _remove_empty_folders(folder, top) -> None:
    """docs/articles/2023/10/ once its last page is gone: git keeps no empty folders either."""
    while folder != top and top in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def retire_listings(writer: PageWriter, folders: tuple[str, ...] = ("categories", "tags", "archive")) -> None:
    """Category, tag and month pages that no article belongs to any more: removed when they are
    as the importer wrote them; otherwise the person's text stays and the list is emptied."""
    written = {o.path for o in writer.outcomes}
    for folder in folders:
        for path in sorted((writer.docs / folder).glob("*.md")):
            page = path.relative_to(writer.docs).as_posix()
            if path.name == "index.md" or page in written:
                continue
            text = path.read_text("utf-8")
            try:
                title = str(read_front_matter(text)[0].get("title") or "")
            except FrontMatterError:
                continue  # check reports broken pages; the importer leaves them alone
            empty = GeneratedPage(page, head(title, f"# {escape_text(title)}\n\n"), "No article here any more.")
            if BEGIN in text and END in text and splice(None, empty) == splice(text, empty):
                path.unlink()
                writer.outcomes.append(Outcome(page, "retired", "no article belongs here any more"))
            else:
                write_generated_section(writer, empty)
