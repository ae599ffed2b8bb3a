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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from . import schema
from .convert import escape_text
from .frontmatter import dump_yaml
from .link import link_first_mentions
from .merge import merge_page
from .models import Article
from .paths import relative_link, term_slugs
from .render import Markdown, human_date, render
from .safe import page_title, safe_url
from .schema import names_block, ordered
from .text import markdown_text

# A page partly generated: the importer rewrites only what stands between these markers.
BEGIN = "<!-- BEGIN GENERATED: the importer rewrites this part; edit above or below it -->"
END = "<!-- END GENERATED -->"
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


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Neighbour:
    """An article another page links to: its title, date and page."""

    title: str
    date: datetime | None
    path: str


@dataclass
class PageSource:
    """Everything an article page is made of and nothing else, as plain data: made in the main
    process from the article and the site (cheap), hashed as the key of the rendered page in the
    import cache, and made into the page (entity links in the body, the knowledge block, the
    template) only when that key is new, on a worker."""

    path: str
    post: object  # models.Post
    body: str  # Markdown, before the first mentions are linked
    text: str  # the body's words (reading time)
    summary: str
    language: str  # the article's, "" when unknown
    featured_file: str
    extracted: bool  # the extract stage ran on it (posts, not pages)
    names: dict[str, list[str]]  # entity type -> names, in order of first mention
    surfaces: list[tuple[tuple[str, str], list[str]]]  # entity key -> how the text writes it
    dates: list[tuple[str, str]]  # (date, words)
    links: list[tuple[str, str, str]]  # (url, domain, text)
    attributions: list[tuple[str, str]]  # (source, words)
    related: list[Neighbour]
    previous: Neighbour | None
    next: Neighbour | None
    pages: dict  # (type or "categories" | "tags" | "authors", name) -> page, for what it names
    site_language: str | None

    def identity(self, covered: tuple[str, ...] = ()) -> tuple:
        """Every field as plain tuples, lists and values, for the rendered page's cache key (a
        dataclass is much slower to serialise; 10,000 of them every import). `covered`: fields of
        the post the caller's key already holds a digest of (its HTML, hashed for the conversion),
        left out rather than hashed twice."""
        def plain(neighbour: Neighbour | None) -> tuple | None:
            return None if neighbour is None else (neighbour.title, neighbour.date, neighbour.path)

        values = [getattr(self, f.name) for f in fields(self) if f.name not in ("post", "related", "previous", "next")]
        post = tuple(item for item in vars(self.post).items() if item[0] not in covered)
        return (*values, post, [plain(r) for r in self.related], plain(self.previous), plain(self.next))


def _neighbour(article: Article | None) -> Neighbour | None:
    return None if article is None else Neighbour(article.post.title, article.post.date, article.path)


def page_source(article: Article, page_of: dict, site_language: str | None = None) -> PageSource:
    """The article's PageSource; `page_of`: the page of each entity key, and what `article_pages` adds."""
    extraction, post = article.extraction, article.post
    kinds = tuple(schema.ENTITY_NAMES)
    surfaces = list(extraction.surfaces().items()) if extraction is not None else []
    # Extraction.names of each type, from one pass: the surfaces' keys are in order of first mention.
    names: dict[str, list[str]] = {kind: [] for kind in kinds}
    for (kind, name), _ in surfaces:
        if kind in names:
            names[kind].append(name)
    wanted = [*((kind, name) for kind in kinds for name in names[kind]), *(key for key, _ in surfaces),
              *((kind, name) for kind in ("authors", "categories", "tags") for name in getattr(post, kind))]
    return PageSource(
        path=article.path, post=post, body=article.body, text=article.text, summary=article.summary,
        language=article.conversion.language, featured_file=article.featured_file,
        extracted=extraction is not None, names=names, surfaces=surfaces,
        dates=[(d.date, d.text) for d in extraction.dates] if extraction is not None else [],
        links=[(link.url, link.domain, link.text) for link in extraction.links] if extraction is not None else [],
        attributions=[(a.source, a.text) for a in extraction.attributions] if extraction is not None else [],
        related=[_neighbour(r) for r in article.related],
        previous=_neighbour(page_of.get(("previous", article.path))),
        next=_neighbour(page_of.get(("next", article.path))),
        pages={key: page_of[key] for key in wanted if key in page_of},
        site_language=site_language,
    )


def front_matter(source: PageSource) -> dict:
    post = source.post
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
        "summary": source.summary,
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
    if source.extracted:
        data.update(extracted_fields(source))
    return ordered(data, schema.ARTICLE)


def extracted_fields(source: PageSource) -> dict:
    """Actors, places, dates and sources, in the order the article first mentions them."""
    return {
        **names_block(lambda kind: source.names[kind]),
        "dates_mentioned": [{"date": date, "text": text} for date, text in source.dates],
        "sources": {
            "links": [{"url": url, "domain": domain, "text": text} for url, domain, text in source.links],
            "attributions": [{"source": said_by, "text": text} for said_by, text in source.attributions],
        },
    }


def _entity_links(source: PageSource, kinds: tuple[str, ...]) -> list[str]:
    links = []
    for kind in kinds:
        for name in source.names[kind]:
            page = source.pages.get((kind, name))
            if page:
                links.append(Markdown(f"[{escape_text(name)}]({safe_url(relative_link(source.path, page))})"))
    return links


WORDS_PER_MINUTE = 200


def article_pages(articles: list[Article]) -> dict:
    """What an article page links to besides entities, computed once over all articles (in the main
    process) and added to render_article's `page_of`: ("categories" | "tags" | "authors", name) ->
    that listing page, with the slugs listings gives those pages; ("previous" | "next", article
    path) -> the post published just before or after it."""
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


def facts(source: PageSource) -> dict:
    """The knowledge block under the title: what the page's template prints, as plain values (the
    template escapes them) and links (relative, or safe absolute URLs)."""
    post = source.post

    def listed(kind: str, names: list[str]) -> list[dict]:
        return [{"name": _line(name), "link": relative_link(source.path, source.pages[(kind, name)])
                 if (kind, name) in source.pages else ""} for name in names]

    neighbours = {}
    for side, other in (("previous", source.previous), ("next", source.next)):
        neighbours[side] = None if other is None else {
            "title": _line(other.title) or "(untitled)", "link": relative_link(source.path, other.path), "date": other.date}
    original = safe_url(post.link) if post.link else ""
    return {
        "date": post.date,
        "updated": post.updated if post.updated and post.date and post.updated.date() > post.date.date() else None,
        "minutes": reading_minutes(source.text),
        "original": original,
        "original_site": _line(post.site.split("://", 1)[-1]) or "WordPress",
        "authors": listed("authors", post.authors),
        "categories": listed("categories", post.categories),
        "tags": listed("tags", post.tags),
        "dates": _unique([{"date": mentioned_date(date), "text": date_wording(text, mentioned_date(date))}
                          for date, text in source.dates]),
        "links": [{"text": _line(text) or _line(domain), "domain": _line(domain), "url": safe_url(url)}
                  for url, domain, text in source.links],
        "attributions": [{"source": _line(said_by), "text": _line(text)} for said_by, text in source.attributions],
        **neighbours,
    }


def render_article(article: Article, page_of: dict | None = None, site_language: str | None = None) -> str:
    """The article page: front-matter, the knowledge block (date, reading time, authors, categories,
    tags, actors, places, dates mentioned, sources, previous and next), body, related articles.
    `page_of`: the page of each entity key, and what `article_pages` adds. With `site_language`
    (the site's, when it can mark a part of a page: see site_language), an article written in
    another language has its text marked with that one."""
    return render_page(page_inputs(page_source(article, page_of or {}, site_language)))


def site_language(settings: dict) -> str | None:
    """The language mkdocs.yml gives the site, when its Markdown can mark a block with another
    (md_in_html): else None, and no article is marked (a `<div markdown>` would show as text)."""
    extensions = [next(iter(e), "") if isinstance(e, dict) else e for e in settings.get("markdown_extensions") or []]
    theme = settings.get("theme") if isinstance(settings.get("theme"), dict) else {}
    return str(theme.get("language") or "en") if "md_in_html" in extensions else None


def page_inputs(source: PageSource) -> dict:
    """What the article page's template prints, made from its PageSource alone."""
    language = source.language
    lang = language if source.site_language and language and language != source.site_language else ""
    body = link_first_mentions(source.body, dict(source.surfaces), source.pages, source.path).strip()
    lead = markdown_text(body[:600])
    summary = source.summary if source.summary and not lead.startswith(source.summary[:60]) else ""
    related = [{"title": r.title, "date": r.date, "link": relative_link(source.path, r.path)} for r in source.related]
    return {
        "front_matter": front_matter(source),
        "facts": facts(source),
        "summary": summary,
        "actors": _entity_links(source, ("person", "state", "organization")),
        "places": _entity_links(source, ("place",)),
        "post": source.post,
        "featured_file": source.featured_file,
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
    if read_or_none(path) == data:
        return False
    replace_with(path, data)
    return True


def read_or_none(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no such file."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except (FileNotFoundError, NotADirectoryError):
        return None


def replace_with(path: Path, data: bytes) -> None:
    """Put `data` at `path` through a temporary file in its folder, renamed over it."""
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


RACY_NS = 2_000_000_000  # see PageWriter.stamp


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


def docs_files(docs: Path) -> list[str]:
    """Every file under `docs`, docs-relative, folders and files in name order."""
    found: list[str] = []
    start = len(os.path.join(str(docs), ""))
    for folder, dirs, files in os.walk(docs):
        dirs.sort()
        found += [os.path.join(folder, name)[start:] for name in sorted(files)]
    return found


def recover(docs: Path, files: list[str] | None = None) -> list[str]:
    """Tidy what an interrupted import left (call while holding `exclusive`): its temporary files,
    and the records of pages it was about to create, which would otherwise read as pages a person
    deleted. `files`: docs_files(docs), when the caller has it. Returns what it removed, docs-relative."""
    removed = []
    for file in docs_files(docs) if files is None else files:
        if _TEMPORARY.fullmatch(os.path.basename(file)):
            (docs / file).unlink(missing_ok=True)
            removed.append(Path(file).as_posix())
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
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        current = read_or_none(target)
        if current != data:
            replace_with(target, data)
        outcome = Outcome(path, "unchanged" if current == data else "updated" if current is not None else "created")
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

    def untouched(self, page: str) -> Outcome:
        """A page known to hold what this run would write (see `stamp`): nothing to read or write."""
        self.claim(page)
        return self._record(Outcome(page, "unchanged"))

    def stamp(self, page: str, settled: bool = False) -> tuple | None:
        """The size and modification time of the page and of its record in docs/.generated: equal
        stamps after a run that wrote the page's text mean the page still holds it, unedited (the
        trust the shortcut puts in them too). None when either is missing; with `settled`, also
        when either was modified in the last RACY_NS: the clock's tick is coarser than a
        nanosecond, so an edit made at once after the import could keep both size and time (as
        git's "racily clean" files, such a page is read again next time)."""
        try:
            here, stored = os.stat(self.docs / page), os.stat(self.store_path(page))
        except OSError:
            return None
        if settled and max(here.st_mtime_ns, stored.st_mtime_ns) > time.time_ns() - RACY_NS:
            return None
        return here.st_size, here.st_mtime_ns, stored.st_size, stored.st_mtime_ns

    def file_stamp(self, file: str, settled: bool = True) -> tuple | None:
        """The size and modification time of a file the importer owns, as `stamp`."""
        try:
            info = os.stat(self.docs / file)
        except OSError:
            return None
        if settled and info.st_mtime_ns > time.time_ns() - RACY_NS:
            return None
        return info.st_size, info.st_mtime_ns

    def outcome_of(self, path: str) -> str | None:
        """What this run did to `path` (its last outcome), or None."""
        return next((o.action for o in reversed(self.outcomes) if o.path == path), None)

    def _record(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome


@dataclass
class GeneratedPage:
    path: str
    head: str  # front-matter and intro used only when the page does not exist yet
    generated: str


def splice(existing: str | None, page: GeneratedPage) -> str | None:
    """The page with its generated part replaced, every other byte kept.

    A page a person wrote without markers gets the generated part appended at its end;
    None when the markers are broken (one without the other, or out of order).
    """
    generated = f"{BEGIN}\n\n{page.generated.strip()}\n\n{END}"
    if existing is None:
        return f"{page.head}{generated}\n"
    start, end = existing.find(BEGIN), existing.find(END)
    if start < 0 and end < 0:
        return existing + ("" if existing.endswith("\n") else "\n") + f"\n{generated}\n"
    if start < 0 or end < start:
        return None
    return existing[:start] + generated + existing[end + len(END):]


def write_generated_section(writer: PageWriter, page: GeneratedPage, base: str | None = None) -> Outcome:
    """Rewrite only the generated part of a listing page (see listings.splice); `base`: the
    page's text to splice into, when the caller changed the file's (else the file's own)."""
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
