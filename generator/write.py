"""The write stage: render pages and write them to docs/, atomically and only when changed.

Article pages are owned by the generator until a person edits them. The last version the
generator wrote is kept in docs/.generated/ (MkDocs skips dot-folders, git stores identical
files once), so a later import can tell a hand edit from its own output and never
overwrite what a person wrote.
"""
from __future__ import annotations

import calendar
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import yaml

from . import schema
from .convert import escape_text
from .merge import merge_page
from .models import Article
from .paths import relative_link
from .render import Markdown, human_date, render
from .safe import page_title, safe_url
from .schema import names_block, ordered
from .text import markdown_text

STORE_DIR = ".generated"
LOCK = ".import.lock"  # in docs/: held while an import writes there
CREATING = ".creating.json"  # in docs/.generated/: pages whose record was written before the page
# write_atomic's temporary files: ".<name>.<8 random characters>.tmp"
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # as open() would create the file; mkstemp makes it 0600


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with lists indented under their key, as people write it."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_OPTIONS = {"sort_keys": False, "allow_unicode": True, "width": 1000, "default_flow_style": False}
_FAST = getattr(yaml, "CSafeDumper", None)  # libyaml: about ten times faster than the Python emitter


def dump_yaml(data: dict) -> str:
    """Front-matter as people write it: block style, lists indented under their key.

    libyaml writes the same YAML with lists level with their key, and it cannot be told
    otherwise; `_indent_lists` moves them in. That is only done where every line libyaml writes
    is one key or one list item (no string spans lines) and it writes every character as Python
    does; anything else goes to the Python emitter, which indents lists itself. Both give the
    same bytes (tests/test_fuzz_writer.py compares them)."""
    if _FAST is not None and _alike(data):
        return _indent_lists(yaml.dump(data, Dumper=_FAST, **_OPTIONS))
    return yaml.dump(data, Dumper=_Dumper, **_OPTIONS)


# Characters the two emitters write differently: libyaml escapes emoji and other characters beyond
# U+FFFF ("\U0001F95A"), NEL, line and paragraph separators and the BOM, which Python writes as
# they are; lone surrogates, which libyaml cannot encode; and line breaks, which make a string span lines.
_EMITTERS_DIFFER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\U00010000-\U0010ffff]")


def _alike(value) -> bool:
    """Whether libyaml writes `value` as the Python emitter does (then only lists' indents differ)."""
    if isinstance(value, str):  # and they fold lines near the width (1000) differently
        return len(value) < 800 and not _EMITTERS_DIFFER.search(value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and 0 < len(key) < 100 and _alike(key) and _alike(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return all(_alike(item) for item in value)
    return True


def _key_column(line: str) -> int | None:
    """The column of the key a block value follows (`key:` or `- - key:`), else None."""
    stripped = line.rstrip()
    if not stripped.endswith(":") or stripped.endswith("::"):
        return None
    column = len(line) - len(line.lstrip(" "))
    while line.startswith("- ", column):
        column += 2
    return column


def _indent_lists(text: str) -> str:
    """Indent every block list two more spaces under its key, its items' contents with it."""
    out, blocks = [], []  # blocks: (column of the list's dashes in libyaml's text, extra indent)
    key_column = None
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        column = len(line) - len(line.lstrip(" "))
        item = line.startswith("-", column) and (line[column + 1:column + 2] in ("", " "))
        while blocks and (column < blocks[-1][0] or (column == blocks[-1][0] and not item)):
            blocks.pop()
        if item and column == key_column and not (blocks and blocks[-1][0] == column):
            blocks.append((column, (blocks[-1][1] if blocks else 0) + 2))
        shift = blocks[-1][1] if blocks else 0
        out.append(" " * shift + line)
        key_column = _key_column(line)
    return "\n".join(out)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def front_matter(article: Article) -> dict:
    post = article.post
    data = {
        "title": page_title(post.title) or "(untitled)",
        "date": iso(post.date),
        "updated": iso(post.updated),
        "slug": post.slug,
        "status": post.status,
        "type": post.type,
        "authors": post.authors,
        "categories": post.categories,
        "tags": post.tags,
        "summary": article.summary,
        "source": {
            "url": post.link or None,
            "site": post.site or None,
            "wordpress_id": post.wordpress_id,
            "guid": post.guid or None,
        },
    }
    if post.featured_image:
        data["image"] = post.featured_image.url
    if post.truncated:
        data["truncated"] = True
    if article.extraction is not None:
        data.update(extracted_fields(article.extraction))
    return ordered(data, schema.ARTICLE)


def extracted_fields(extraction) -> dict:
    """Actors, places, dates and sources, in the order the article first mentions them."""
    return {
        **names_block(extraction.names),
        "dates_mentioned": [{"date": d.date, "text": d.text} for d in extraction.dates],
        "sources": {
            "links": [{"url": link.url, "domain": link.domain, "text": link.text} for link in extraction.links],
            "attributions": [{"source": a.source, "text": a.text} for a in extraction.attributions],
        },
    }


def _entity_links(article: Article, page_of: dict, kinds: tuple[str, ...]) -> list[str]:
    if article.extraction is None:
        return []
    links = []
    for kind in kinds:
        for name in article.extraction.names(kind):
            page = page_of.get((kind, name))
            if page:
                links.append(Markdown(f"[{escape_text(name)}]({safe_url(relative_link(article.path, page))})"))
    return links


WORDS_PER_MINUTE = 200
NEIGHBOURS = ("previous", "next")


def article_pages(articles: list[Article]) -> dict:
    """What an article page links to besides entities, computed once over all articles (in the main
    process) and added to render_article's `page_of`: ("categories" | "tags" | "authors", name) ->
    that listing page, with the slugs listings gives those pages; ("previous" | "next", article
    path) -> the post published just before or after it."""
    from .listings import term_slugs  # listings imports this module

    pages: dict = {}
    for kind in ("categories", "tags", "authors"):
        for name, slug in term_slugs(articles, kind).items():
            pages[(kind, name)] = f"{kind}/{slug}.md"
    posts = sorted((a for a in articles if a.post.type == "post" and a.post.date),
                   key=lambda a: (a.post.date.timestamp(), a.path))
    for before, after in pairwise(posts):
        pages[("next", before.path)] = after
        pages[("previous", after.path)] = before
    return pages


def reading_minutes(text: str) -> int:
    return max(1, round(len(text.split()) / WORDS_PER_MINUTE))


def mentioned_date(value) -> str:
    """"2023-09-14" -> "14 September 2023", "2023-09" -> "September 2023"; anything else as it is."""
    text = str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if match:
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if 1 <= month <= 12:
            if not day:
                return f"{calendar.month_name[month]} {year}"
            try:
                return human_date(datetime(year, month, day))
            except ValueError:
                pass
    return text


def _line(value) -> str:
    return " ".join(str(value or "").split())


def date_wording(text, date: str) -> str:
    """How the article wrote a date, when that adds to the date shown: "the September summit",
    but nothing for "September 14, 2023" or "September 14" beside "14 September 2023"."""
    said = _line(text)
    return "" if set(_date_words(said)) <= set(_date_words(date)) else said


def _unique(items: list[dict]) -> list[dict]:
    return [dict(pairs) for pairs in dict.fromkeys(tuple(item.items()) for item in items)]


def _date_words(text: str) -> list[str]:
    """ "Sept. 14th, 2023" and "14 September 2023" alike: ["14", "2023", "sep"]."""
    return sorted(word[:3] if word.isalpha() else re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", word)
                  for word in re.findall(r"\w+", text.lower()))


def facts(article: Article, page_of: dict) -> dict:
    """The knowledge block under the title: what the page's template prints, as plain values (the
    template escapes them) and links (relative, or safe absolute URLs)."""
    post = article.post

    def listed(kind: str, names: list[str]) -> list[dict]:
        return [{"name": _line(name), "link": relative_link(article.path, page_of[(kind, name)])
                 if (kind, name) in page_of else ""} for name in names]

    extracted = extracted_fields(article.extraction) if article.extraction is not None else {}
    cited = extracted.get("sources", {})
    neighbours = dict.fromkeys(NEIGHBOURS)
    for side in NEIGHBOURS:
        other = page_of.get((side, article.path))
        if other is not None:
            neighbours[side] = {"title": _line(other.post.title) or "(untitled)",
                                "link": relative_link(article.path, other.path), "date": other.post.date}
    original = safe_url(post.link) if post.link else ""
    return {
        "date": post.date,
        "updated": post.updated if post.updated and post.date and post.updated.date() > post.date.date() else None,
        "minutes": reading_minutes(article.text),
        "original": original,
        "original_site": _line(post.site.split("://", 1)[-1]) or "WordPress",
        "authors": listed("authors", post.authors),
        "categories": listed("categories", post.categories),
        "tags": listed("tags", post.tags),
        "dates": _unique([{"date": mentioned_date(d["date"]), "text": date_wording(d["text"], mentioned_date(d["date"]))}
                          for d in extracted.get("dates_mentioned", [])]),
        "links": [{"text": _line(link["text"]) or _line(link["domain"]), "domain": _line(link["domain"]),
                   "url": safe_url(link["url"])} for link in cited.get("links", [])],
        "attributions": [{"source": _line(a["source"]), "text": _line(a["text"])} for a in cited.get("attributions", [])],
        **neighbours,
    }


def render_article(article: Article, page_of: dict | None = None, site_language: str | None = None) -> str:
    """The article page: front-matter, the knowledge block (date, reading time, authors, categories,
    tags, actors, places, dates mentioned, sources, previous and next), body, related articles.
    `page_of`: the page of each entity key, and what `article_pages` adds. With `site_language`
    (the site's, when it can mark a part of a page: see site_language), an article written in
    another language has its text marked with that one."""
    return render_page(page_inputs(article, page_of or {}, site_language))


def site_language(settings: dict) -> str | None:
    """The language mkdocs.yml gives the site, when its Markdown can mark a block with another
    (md_in_html): else None, and no article is marked (a `<div markdown>` would show as text)."""
    extensions = [next(iter(e), "") if isinstance(e, dict) else e for e in settings.get("markdown_extensions") or []]
    theme = settings.get("theme") if isinstance(settings.get("theme"), dict) else {}
    return str(theme.get("language") or "en") if "md_in_html" in extensions else None


def page_inputs(article: Article, page_of: dict, site_language: str | None = None) -> dict:
    """Everything an article page is made of, as plain values: the page is a function of these
    alone (the import cache keys rendered pages by them)."""
    language = article.conversion.language
    lang = language if site_language and language and language != site_language else ""
    body = article.body.strip()
    lead = markdown_text(body[:600])
    summary = article.summary if article.summary and not lead.startswith(article.summary[:60]) else ""
    related = [{"title": r.post.title, "date": r.post.date, "link": relative_link(article.path, r.path)}
               for r in article.related]
    return {
        "front_matter": front_matter(article),
        "facts": facts(article, page_of),
        "summary": summary,
        "actors": _entity_links(article, page_of, ("person", "state", "organization")),
        "places": _entity_links(article, page_of, ("place",)),
        "post": article.post,
        "featured_file": article.featured_file,
        "body": body,
        "related": related,
        "lang": lang,
    }


def render_page(inputs: dict) -> str:
    return render("article.md.j2", **{**inputs, "front_matter": Markdown(dump_yaml(inputs["front_matter"])),
                                      "body": Markdown(inputs["body"])})


def write_atomic(path: Path, text: str | bytes) -> bool:
    """Write `text` (or bytes) to `path` through a temporary file; False if it already held exactly that."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


class DocsBusy(RuntimeError):
    """Another import is writing the same docs/."""


@contextmanager
def exclusive(docs: Path) -> Iterator[None]:
    """Hold docs/ for one import: two at once would interleave their pages and records. The lock
    file stays empty, so a run that changes nothing writes nothing."""
    docs.mkdir(parents=True, exist_ok=True)
    with open(docs / LOCK, "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DocsBusy(f"{docs}/ is being written by another import; run this again when it has finished") from None
        yield


def recover(docs: Path) -> list[str]:
    """Tidy what an interrupted import left (call while holding `exclusive`): its temporary files,
    and the records of pages it was about to create, which would otherwise read as pages a person
    deleted. Returns what it removed, docs-relative."""
    removed = []
    for folder, dirs, files in os.walk(docs):
        dirs.sort()
        for name in sorted(files):
            if _TEMPORARY.fullmatch(name):
                path = Path(folder, name)
                path.unlink(missing_ok=True)
                removed.append(path.relative_to(docs).as_posix())
    creating = docs / STORE_DIR / CREATING
    if creating.exists():
        try:
            pages = json.loads(creating.read_text("utf-8"))
        except ValueError:
            pages = []
        for page in pages if isinstance(pages, list) else []:
            if isinstance(page, str) and not (docs / page).exists() and (docs / STORE_DIR / page).exists():
                (docs / STORE_DIR / page).unlink()
                removed.append(f"{STORE_DIR}/{page}")
        creating.unlink()
    return removed


@dataclass
class Outcome:
    path: str
    action: str  # created, updated, unchanged, merged (with a hand edit), conflict, kept, removed, retired
    detail: str = ""
    conflicts: list = field(default_factory=list)  # merge.Conflict, for "conflict"


class SecondWrite(RuntimeError):
    """Two stages of one import planned the same file: a bug in the planning, never settled by
    whichever wrote last."""


@dataclass
class PageWriter:
    """Writes generated pages under `docs`, respecting hand edits; each file at most once a run."""

    docs: Path
    outcomes: list[Outcome] = field(default_factory=list)
    claimed: set[str] = field(default_factory=set)

    def claim(self, path: str) -> None:
        """Refuse a second write to `path` in this run."""
        if path in self.claimed:
            raise SecondWrite(f"{path}: written twice in one import; please report this as a bug")
        self.claimed.add(path)

    def write_file(self, path: str, text: str) -> Outcome:
        """A file the importer owns entirely (charts, graph data, feeds, redirects)."""
        self.claim(path)
        target = self.docs / path
        existed = target.exists()
        changed = write_atomic(target, text)
        outcome = Outcome(path, ("updated" if existed else "created") if changed else "unchanged")
        self.outcomes.append(outcome)
        return outcome

    def prune(self, folder: str, keep: set[str] = frozenset()) -> None:
        """Remove files under an importer-owned folder that this run did not write (or `keep`),
        then the folders that leaves empty, the folder itself included (git keeps none either)."""
        written = {o.path for o in self.outcomes} | keep
        top = self.docs / folder
        for path in sorted(top.rglob("*")):
            relative = path.relative_to(self.docs).as_posix()
            if path.is_file() and relative not in written:
                path.unlink()
                self.outcomes.append(Outcome(relative, "removed"))
        for path in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)) + [top]:
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()

    def store_path(self, page: str) -> Path:
        return self.docs / STORE_DIR / page

    def create_recorded(self, pages: dict[str, str]) -> None:
        """New pages whose record in docs/.generated is what marks them as the importer's (a record
        without its page means a person deleted the page). The records are written first, under a
        list of what is being created, so an interruption at any point is undone by `recover`."""
        if not pages:
            return
        write_atomic(self.docs / STORE_DIR / CREATING, json.dumps(sorted(pages)) + "\n")
        for page in pages:
            self.claim(page)
        for page, text in sorted(pages.items()):
            write_atomic(self.store_path(page), text)
            self._record(Outcome(page, "created" if write_atomic(self.docs / page, text) else "unchanged"))
        (self.docs / STORE_DIR / CREATING).unlink()

    def write_page(self, page: str, text: str) -> Outcome:
        self.claim(page)
        target = self.docs / page
        stored = self.store_path(page)
        base = stored.read_text("utf-8") if stored.exists() else None
        current = target.read_text("utf-8") if target.exists() else None
        if current == text:
            action = "unchanged"
        elif current is None or current == base:
            action = "created" if current is None else "updated"
            write_atomic(target, text)
        elif base is None:
            return self._record(Outcome(page, "kept", "not written by the importer (no record in docs/.generated); left as it is"))
        else:
            merged = merge_page(base, current, text)
            if merged.text is None:
                return self._record(Outcome(page, "conflict", "edited by hand and changed in WordPress in the same "
                                            "place; left as you wrote it", merged.conflicts))
            action = "merged" if merged.text != current else "unchanged"
            if action == "merged":
                write_atomic(target, merged.text)
        write_atomic(stored, text)
        return self._record(Outcome(page, action))

    def _record(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome


def write_generated_section(writer: PageWriter, page, base: str | None = None) -> Outcome:
    """Rewrite only the generated part of a listing page (see listings.splice); `base`: the
    page's text to splice into, when the caller changed the file's (else the file's own)."""
    from .listings import splice

    writer.claim(page.path)
    target = writer.docs / page.path
    existing = target.read_text("utf-8") if target.exists() else None
    text = splice(existing if base is None else base, page)
    if text is None:
        outcome = Outcome(page.path, "kept", "its BEGIN/END GENERATED markers are broken; fix them to let the importer update it")
    elif existing == text:
        outcome = Outcome(page.path, "unchanged")
    else:
        write_atomic(target, text)
        outcome = Outcome(page.path, "created" if existing is None else "updated")
    writer.outcomes.append(outcome)
    return outcome
