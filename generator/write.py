"""The write stage: render pages and write them to docs/, atomically and only when changed.

Article pages are owned by the generator until a person edits them. The last version the
generator wrote is kept in docs/.generated/ (MkDocs skips dot-folders, git stores identical
files once), so a later import can tell a hand edit from its own output and never
overwrite what a person wrote.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from .convert import escape_text, safe_url
from .merge import merge_page
from .models import Article
from .paths import relative_link
from .text import markdown_text

STORE_DIR = ".generated"


def human_date(value: datetime | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=False,  # Markdown, not HTML: values are escaped with the `md` filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters.update(md=escape_text, url=safe_url, date=human_date)
    return env


TEMPLATES = _environment()


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with lists indented under their key, as people write it."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000,
                     default_flow_style=False)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def theme_safe(text: str) -> str:
    """Material renders the front-matter title as HTML: keep '<' and '>' from being tags."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def front_matter(article: Article) -> dict:
    post = article.post
    data = {
        "title": theme_safe(post.title) or "(untitled)",
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
    return data


def extracted_fields(extraction) -> dict:
    """Actors, places, dates and sources, in the order the article first mentions them."""
    return {
        "actors": {
            "people": extraction.names("person"),
            "states": extraction.names("state"),
            "organizations": extraction.names("organization"),
        },
        "places": extraction.names("place"),
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
                links.append(f"[{escape_text(name)}]({relative_link(article.path, page)})")
    return links


def byline(article: Article) -> str:
    post = article.post
    parts = []
    if post.date:
        parts.append(f"*{human_date(post.date)}*")
    if post.updated and post.date and post.updated.date() > post.date.date():
        parts.append(f"updated {human_date(post.updated)}")
    if post.authors:
        parts.append("by " + ", ".join(escape_text(a) for a in post.authors))
    if post.link and safe_url(post.link):
        site = post.site.split("://", 1)[-1] or "WordPress"
        parts.append(f"[Original on {escape_text(site)}]({safe_url(post.link)})")
    return " · ".join(parts)


def render_article(article: Article, page_of: dict | None = None) -> str:
    """The article page: front-matter, byline, entity links, body, related articles."""
    page_of = page_of or {}
    body = article.body.strip()
    lead = markdown_text(body[:600])
    summary = article.summary if article.summary and not lead.startswith(article.summary[:60]) else ""
    related = [{"title": r.post.title, "date": r.post.date, "link": relative_link(article.path, r.path)}
               for r in article.related]
    return TEMPLATES.get_template("article.md.j2").render(
        front_matter=dump_yaml(front_matter(article)),
        byline=byline(article),
        summary=summary,
        actors=_entity_links(article, page_of, ("person", "state", "organization")),
        places=_entity_links(article, page_of, ("place",)),
        post=article.post,
        body=body,
        related=related,
    )


def write_atomic(path: Path, text: str) -> bool:
    """Write `text` to `path` through a temporary file; False if it already held exactly that."""
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


@dataclass
class Outcome:
    path: str
    action: str  # created, updated, unchanged, merged (with a hand edit), conflict, kept, removed, retired
    detail: str = ""
    conflicts: list = field(default_factory=list)  # merge.Conflict, for "conflict"


@dataclass
class PageWriter:
    """Writes generated pages under `docs`, respecting hand edits."""

    docs: Path
    outcomes: list[Outcome] = field(default_factory=list)

    def write_file(self, path: str, text: str) -> Outcome:
        """A file the importer owns entirely (charts, graph data, feeds, redirects)."""
        target = self.docs / path
        existed = target.exists()
        changed = write_atomic(target, text)
        outcome = Outcome(path, ("updated" if existed else "created") if changed else "unchanged")
        self.outcomes.append(outcome)
        return outcome

    def prune(self, folder: str) -> None:
        """Remove files under an importer-owned folder that this run did not write."""
        written = {o.path for o in self.outcomes}
        for path in sorted((self.docs / folder).rglob("*")):
            relative = path.relative_to(self.docs).as_posix()
            if path.is_file() and relative not in written:
                path.unlink()
                self.outcomes.append(Outcome(relative, "removed"))

    def store_path(self, page: str) -> Path:
        return self.docs / STORE_DIR / page

    def write_page(self, page: str, text: str) -> Outcome:
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


def write_generated_section(writer: PageWriter, page) -> Outcome:
    """Rewrite only the generated part of a listing page (see listings.splice)."""
    from .listings import splice

    target = writer.docs / page.path
    existing = target.read_text("utf-8") if target.exists() else None
    text = splice(existing, page)
    if text is None:
        outcome = Outcome(page.path, "kept", "its BEGIN/END GENERATED markers are broken; fix them to let the importer update it")
    elif existing == text:
        outcome = Outcome(page.path, "unchanged")
    else:
        write_atomic(target, text)
        outcome = Outcome(page.path, "created" if existing is None else "updated")
    writer.outcomes.append(outcome)
    return outcome
