"""Typed records passed between the pipeline stages.

sources -> RawPost -> (normalise) Post -> clean/convert -> Article -> extract -> link -> write.
Each stage takes and returns these records; no stage reaches into another's internals.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Problem:
    """Something worth telling the user about one input (never fatal on its own)."""

    origin: str
    message: str


@dataclass
class RawPost:
    """One WordPress object as read, before any interpretation."""

    origin: str  # file path, plus "#3" for the 4th object in a list file
    data: dict
    truncated: bool = False  # salvaged from a file that was cut off
    rendered: bool = True  # REST serves rendered HTML; WXR holds the raw editor content
    notes: list[str] = field(default_factory=list)  # salvage notes (BOM, trailing text...)
    withdrawn: str = ""  # why the site no longer publishes it (fetch's id lists), if it does not


@dataclass
class Lookups:
    """Names for the numeric IDs a post refers to, gathered from every input, per site: two
    WordPress sites number their categories, tags, users and media independently.

    Each table maps an ID to {site: value}; the site is "" when the object did not say (a list
    without links). A post looks up its own site's entry, else one without a site, else (when
    the inputs name nothing at all for its site, say its address changed) the only entry there is.
    """

    users: dict[int, dict[str, str]] = field(default_factory=dict)
    categories: dict[int, dict[str, str]] = field(default_factory=dict)
    tags: dict[int, dict[str, str]] = field(default_factory=dict)
    media: dict[int, dict[str, dict]] = field(default_factory=dict)
    category_paths: dict[int, dict[str, str]] = field(default_factory=dict)  # the term's address on WordPress
    tag_paths: dict[int, dict[str, str]] = field(default_factory=dict)
    sites: dict[str, set[str]] = field(default_factory=dict)  # table -> sites it holds entries for

    def add(self, table: str, site: str, key: int, value, replace: bool = True) -> None:
        entries = getattr(self, table).setdefault(key, {})
        if replace or site not in entries:
            entries[site] = value
        self.sites.setdefault(table, set()).add(site)

    def find(self, table: str, site: str, key):
        entries = getattr(self, table).get(key) or {}
        if site in entries:
            return entries[site]
        if "" in entries:
            return entries[""]
        if len(entries) == 1 and site not in self.sites.get(table, ()):
            return next(iter(entries.values()))
        return None


@dataclass
class Rejected:
    """An input that yielded nothing usable."""

    origin: str
    reason: str


@dataclass
class SourceBatch:
    """Everything the sources stage read."""

    posts: list[RawPost] = field(default_factory=list)
    lookups: Lookups = field(default_factory=Lookups)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[Rejected] = field(default_factory=list)  # readable, but nothing to import
    files_read: int = 0


@dataclass
class Image:
    url: str
    alt: str = ""
    caption: str = ""


@dataclass
class Post:
    """A WordPress post or page, normalised: plain-text metadata, raw HTML body."""

    origin: str
    wordpress_id: int | None
    type: str  # "post" or "page" (custom types are treated as posts)
    status: str
    slug: str
    title: str
    date: datetime | None
    updated: datetime | None
    link: str
    site: str
    guid: str
    authors: list[str]
    categories: list[str]
    tags: list[str]
    content_html: str
    excerpt_html: str
    featured_image: Image | None = None
    # Where WordPress listed the post's categories, tags and authors: {"categories": {name: "/category/x/"}}
    term_paths: dict[str, dict[str, str]] = field(default_factory=dict)
    truncated: bool = False
    raw_content: bool = False  # editor content (WXR), not yet through WordPress's filters
    repairs: list[str] = field(default_factory=list)  # what reading the damaged input took
    notes: list[str] = field(default_factory=list)
    # The import's: the cache key of the post's conversion, and the length of its HTML, which the
    # import keeps apart from the record and gives back only to convert it again (importer.KeptHTML).
    conversion_key: str = ""
    html_size: int = 0

    @property
    def key(self) -> tuple:
        """Identity of a post across inputs: the same post may come in several files."""
        if self.wordpress_id is not None:
            return (self.site, self.type, self.wordpress_id, "", "")
        return (self.site, self.type, -1, self.slug or self.title, self.date.isoformat() if self.date else "")


@dataclass
class Conversion:
    """What cleaning and converting an HTML body produced and what it had to leave out."""

    markdown: str
    unknown_shortcodes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # e.g. "script", "onclick attribute"
    repaired: list[str] = field(default_factory=list)  # e.g. "restored 4 lost <p> tags"
    text: str = ""  # the body as plain text (text.markdown_text), as the extractor reads it
    language: str = ""  # ISO 639-1 code of the text's language ("" when too short to tell)


@dataclass
class Article:
    """A post ready to write: its Markdown body and its page path under docs/.

    Stages that change an article return a new record (dataclasses.replace: links rewritten, local
    images, the extraction), never change the one they were given. Two memory measures are the
    exception, on what the article owns and on no reader's view of it: its `conversion` is its own
    (make_article's, shared only with the records replaced by it), in which `text` and `titled_text`
    keep the text once; and the import, once every page is written, lets go of the bodies of the
    records it holds (release_body; importer.release_written says why not new records)."""

    post: Post
    body: str
    summary: str
    path: str  # relative to docs/, with forward slashes
    conversion: Conversion
    extraction: object = None  # extract.Extraction, once the extract stage has run
    featured_file: str = ""  # the featured image's local copy, relative to the page (pages/media.py)
    # The key of what its conversion was made from (importer._conversion_key), when the conversion
    # gave its text: it then stands for the converted Markdown and text in later keys (content_key).
    source_key: str = ""
    released_key: str | None = None  # content_key() as it was when the body was let go (release_body)
    _titled: str | None = field(default=None, repr=False)  # titled_text(), once made: it then holds the text
    # (the body, content_key()) once worked out for a body a later stage changed: asked by several
    # stages, it hashed that body again each time (a third of the articles at 10,000 posts link to
    # others). Only while the body is that same object: a new record with a new body hashes it anew.
    _content: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The body as plain text, read once (when converting): links that later stages add or
        rewrite change no words of it, so the extractor's offsets hold in it."""
        if self._titled is not None:
            return self._titled[len(self.post.title) + 2:]
        if not self.conversion.text:
            from .text import markdown_text  # models is imported by every stage; text only here
            self.conversion.text = markdown_text(self.body)
        return self.conversion.text

    def titled_text(self) -> str:
        """The title, a blank line and the text: what the extractor read (its offsets are into
        this) and what entity pages quote. Made once, and then held instead of the text alone,
        which `text` reads from it: each entity page's reading of an article joined its own copy
        (a tenth of what an import held at its peak)."""
        if self._titled is None:
            self._titled = f"{self.post.title}\n\n{self.text}"
            self.conversion.text = ""
        return self._titled

    def content_key(self) -> str:
        """A short stand-in for the body and the text in the cache keys of later stages (the
        extraction, the entity pages, the page), so that they need not hash 10,000 texts each run:
        `source_key`, with the body's digest where a later stage changed the body (links between
        articles, local images). "" without a `source_key`: the callers hash the texts themselves."""
        if self.released_key is not None:
            return self.released_key
        if not self.source_key:
            return ""
        if self.body is self.conversion.markdown:
            return self.source_key
        known = self._content
        if known is not None and known[0] is self.body:
            return known[1]
        body = self.body.encode("utf-8", "surrogatepass")
        key = hashlib.sha256(self.source_key.encode() + b"\0" + body).hexdigest()
        self._content = (self.body, key)
        return key

    def release_body(self) -> None:
        """Let go of the Markdown body once the page is written and nothing reads it again but
        content_key (kept as it is now): a fifth of what an import holds per article. The text
        stays (the entity pages quote it)."""
        self.text  # noqa: B018 - read now if it was not: it is read from the body
        self.released_key = self.content_key()
        self.body = self.conversion.markdown = ""
        self._content = None


def newest_first(articles: list[Article]) -> list[Article]:
    """Latest publication first; undated last; ties in page order, so listings are stable."""
    return sorted(articles, key=lambda a: (a.post.date.timestamp() if a.post.date else 0, a.path), reverse=True)
