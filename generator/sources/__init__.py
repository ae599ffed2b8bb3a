"""The sources stage: find input files, read them whatever their damage, sort what they hold.

Only this stage reads input files. It returns a SourceBatch: the post and page objects,
the users/terms/media that name the IDs posts refer to, and the files it had to reject.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..core.models import RawPost, Rejected, SourceBatch
from .fetched import FetchedSites
from .files import MAX_FILE_BYTES, UnreadableInput, _os_reason, display_path, read_input  # noqa: F401 (the stage's API)
from .posts import PATH_TABLES, post_site, site_of, term_path
from .salvage import SalvageError, decode_bytes, salvage
from .wxr import looks_like_wxr, read_wxr

# Files in an input folder that are documentation, not data.
_SKIPPED_SUFFIXES = {".md", ".markdown", ".rst"}

def input_files(paths: list[Path], unreadable: list[Rejected] | None = None) -> list[Path]:
    """Files named, and files under folders named (recursively), in a stable order.

    Inside folders, hidden files and documentation (README.md) are skipped; a file named
    explicitly is always read. Folders that cannot be listed are added to `unreadable`.
    """
    found: list[Path] = []

    def cannot_list(error: OSError) -> None:
        if unreadable is not None:
            where = Path(error.filename) if error.filename else path
            unreadable.append(Rejected(display_path(where), _os_reason(error, "folder")))

    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path, onerror=cannot_list):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not FetchedSites.is_id_list(Path(folder, d)))
                found += [
                    Path(folder, name)
                    for name in sorted(files)
                    if not name.startswith(".") and Path(name).suffix.lower() not in _SKIPPED_SUFFIXES
                ]
        else:
            found.append(path)
    return found


def read_sources(paths: list[Path], on_file=None) -> SourceBatch:
    """Read every input; never stop at a bad one."""
    batch = SourceBatch()
    sites = FetchedSites()
    for path in input_files(paths, batch.rejected):
        origin = display_path(path)
        batch.files_read += 1
        before = len(batch.posts)
        try:
            _read_file(path, origin, batch)
        except (OSError, SalvageError, ValueError) as error:
            reason = _os_reason(error) if isinstance(error, OSError) else str(error)
            batch.rejected.append(Rejected(origin, reason))
        for raw in batch.posts[before:]:
            raw.withdrawn = sites.withdrawn(path, str(raw.data.get("type") or "post"), raw.data.get("id"))
        if on_file:
            on_file(origin)
    return batch


def _read_file(path: Path, origin: str, batch: SourceBatch) -> None:
    text, notes = decode_bytes(read_input(path))
    if "\x00" in text[:1024]:
        raise ValueError("a binary file, not WordPress JSON or WXR")
    if looks_like_wxr(text):
        objects, wxr_notes = read_wxr(text)
        before = len(batch.posts)
        for index, obj in enumerate(objects):
            _sort_object(obj, f"{origin}#{index}", batch, notes + wxr_notes, False, rendered=False)
        if len(batch.posts) == before and not objects:
            batch.skipped.append(Rejected(origin, "a WXR export with no posts or pages"))
        return
    result = salvage(text)
    for lost in result.lost:
        batch.rejected.append(Rejected(origin, lost))
    objects = []
    for index, value in enumerate(result.values):
        cut = index in result.cut
        if isinstance(value, list):
            objects += [(item, cut and i == len(value) - 1) for i, item in enumerate(value)]
        else:
            objects.append((value, cut))
    several = len(objects) > 1
    used = 0
    for index, (obj, cut) in enumerate(objects):
        where = f"{origin}#{index}" if several else origin
        used += _sort_object(obj, where, batch, notes + result.notes, cut, rendered=True)
    if not used and objects:
        first = objects[0][0]
        if isinstance(first, dict) and "code" in first and "message" in first:
            raise ValueError(f"a WordPress error response: {first.get('code')}: {first.get('message')}")
        batch.skipped.append(Rejected(origin, "no posts, pages, users, terms or media in it"))


def _sort_object(obj, origin: str, batch: SourceBatch, notes: list[str], cut: bool, rendered: bool) -> int:
    """File one object under posts or lookups; returns 1 when it was usable."""
    if not isinstance(obj, dict):
        return 0
    kind = classify(obj)
    if kind == "post":
        batch.posts.append(RawPost(origin, obj, truncated=cut, notes=list(notes), rendered=rendered))
        _collect_embedded(obj, batch)
    elif kind == "media":
        if isinstance(obj.get("id"), int):
            batch.lookups.add("media", site_of(obj.get("link")), obj["id"], obj)
    elif kind == "user":
        batch.lookups.add("users", site_of(obj.get("link")), obj["id"], str(obj.get("name") or obj.get("slug") or ""))
    elif kind == "term":
        _add_term(obj, batch, site_of(obj.get("link")))
    else:
        return 0
    return 1


def classify(obj: dict) -> str:
    """What a REST object is: post, media, user, term, or other."""
    has_id = isinstance(obj.get("id"), int)
    if "taxonomy" in obj and "name" in obj:
        return "term" if has_id else "other"
    if obj.get("type") == "attachment" or "media_type" in obj:
        return "media"
    if "author_name" in obj and "post" in obj:
        return "other"  # a comment: never published in the knowledge base
    if ("content" in obj or "title" in obj) and any(
        key in obj for key in ("type", "slug", "date", "date_gmt", "link")
    ):
        return "post"
    if not has_id:
        return "other"
    if "avatar_urls" in obj or ("name" in obj and "slug" in obj and "/author/" in str(obj.get("link", ""))):
        return "user"
    return "other"


def _add_term(term: dict, batch: SourceBatch, site: str) -> None:
    table = {"category": "categories", "post_tag": "tags"}.get(term.get("taxonomy"))
    if table is not None and isinstance(term.get("id"), int):
        batch.lookups.add(table, site, term["id"], str(term.get("name", "")))
        path = term_path(term, table)
        if path:
            batch.lookups.add(PATH_TABLES[table], site, term["id"], path)


def _collect_embedded(post: dict, batch: SourceBatch) -> None:
    """Names embedded in one post resolve IDs in others that came without `_embedded`."""
    embedded = post.get("_embedded")
    if not isinstance(embedded, dict):
        return
    site = post_site(post)
    for author in embedded.get("author") or []:
        if isinstance(author, dict) and isinstance(author.get("id"), int) and author.get("name"):
            batch.lookups.add("users", site, author["id"], str(author["name"]), replace=False)
    for group in embedded.get("wp:term") or []:
        for term in group if isinstance(group, list) else []:
            if isinstance(term, dict):
                _add_term(term, batch, site)
