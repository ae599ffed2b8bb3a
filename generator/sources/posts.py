"""Interpret a raw WordPress object as a Post: names for IDs, dates with their UTC offset."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import unquote, urlsplit

from ..core.models import Image, Lookups, Post, RawPost
from ..core.safe import Cleaning, clean_name, clean_text, clean_url
from ..core.text import plain_text

# Object types WordPress uses for its own machinery, never for articles.
INTERNAL_TYPES = {
    "attachment", "nav_menu_item", "revision", "wp_block", "wp_template", "wp_template_part",
    "wp_global_styles", "wp_navigation", "custom_css", "customize_changeset", "oembed_cache",
    "user_request", "wp_font_family", "wp_font_face", "feedback", "scheduled-action",
}


# Dates outside these years are damage, not history; date arithmetic near year 1 or 9999 (a
# UTC offset, "next December") would overflow.
_YEARS = range(1000, 9999)
# Larger numbers cannot be WordPress ids (a BIGINT UNSIGNED column, but 63 bits in PHP).
_MAX_ID = 2**63 - 1


def _rendered(value) -> str:
    """REST wraps strings as {"rendered": ...}; WXR-derived and custom feeds may not."""
    if isinstance(value, dict):
        value = value.get("rendered", "")
    return value if isinstance(value, str) else ""


def _parse_local(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip() or value.startswith("0000"):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T").rstrip("Z"))
    except ValueError:
        return None
    return parsed if parsed.year in _YEARS else None


def _object(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _identifier(value) -> int | None:
    """A WordPress id, or None for anything that cannot be one (true, -1, 10**30, "7")."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_ID else None


def _name(value, field: str, cleaning: Cleaning) -> str:
    """A person's or term's name, from HTML as WordPress serves names, to safe plain text."""
    return clean_name(plain_text(clean_text(value)), field, cleaning)


def with_offset(local: datetime | None, gmt: datetime | None) -> datetime | None:
    """The local time with the UTC offset that `local - gmt` shows (to the quarter hour)."""
    if local is None:
        return gmt.replace(tzinfo=UTC) if gmt else None
    if local.tzinfo is not None:
        return local
    if gmt is None:
        return local  # offset unknown; filled in later from the site's other posts
    minutes = round((local - gmt).total_seconds() / 900) * 15
    if not -12 * 60 <= minutes <= 14 * 60:
        return local
    return local.replace(tzinfo=timezone(timedelta(minutes=minutes)))


# A host as URLs write it, international names included; nothing that could end an attribute,
# a Markdown link or a path.
_HOST = re.compile(r"[^\s\"'<>\\`{}|^/?#()*]+")


def site_of(link) -> str:
    """https://news.example for any address on that site; '' for anything else."""
    try:
        parts = urlsplit(link if isinstance(link, str) else "")
    except ValueError:  # "http://[broken" and the like
        return ""
    host = parts.netloc.rsplit("@", 1)[-1]  # credentials are not part of the site
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(host):
        return ""
    return f"{parts.scheme.lower()}://{host.lower()}"


def post_site(obj: dict) -> str:
    """The site a post belongs to, from its link, else its guid."""
    return site_of(obj.get("link")) or site_of(_rendered(obj.get("guid")))


PATH_TABLES = {"categories": "category_paths", "tags": "tag_paths"}
_DEFAULT_BASES = {"categories": "category", "tags": "tag"}
_TERM_SLUG = re.compile(r"[A-Za-z0-9%_.~-]+")


def term_path(term: dict, table: str) -> str:
    """A category's or tag's address on its WordPress site: its link's path, else the default
    /category/<slug>/ or /tag/<slug>/; '' when neither is known."""
    link = clean_url(term.get("link"))
    if link and site_of(link):
        path = urlsplit(link).path
        return path if path.startswith("/") and ".." not in path.split("/") else ""
    slug = clean_text(term.get("slug"))
    return f"/{_DEFAULT_BASES[table]}/{slug}/" if _TERM_SLUG.fullmatch(slug) else ""


def _embedded_terms(obj: dict) -> list[dict]:
    groups = _list(_object(obj.get("_embedded")).get("wp:term"))
    return [t for g in groups if isinstance(g, list) for t in g if isinstance(t, dict) and t.get("name")]


def _names(obj: dict, field: str, taxonomy: str, lookups: Lookups, site: str, notes: list[str],
           cleaning: Cleaning, paths: dict[str, str]) -> list[str]:
    """Term names from `_embedded`, else by looking up the IDs among the inputs."""
    embedded = [t for t in _embedded_terms(obj) if t.get("taxonomy") == taxonomy]
    if embedded:
        for term in embedded:
            paths[_name(term["name"], field, cleaning)] = term_path(term, field)
        return _unique(_name(t["name"], field, cleaning) for t in embedded)
    ids = [i for i in _list(obj.get(field)) if _identifier(i)]
    names = {i: lookups.find(field, site, i) for i in ids}
    unknown = [i for i in ids if names[i] is None]
    if unknown:
        notes.append(f"{field} IDs {unknown} not named in any input for {site or 'this site'} (left out)")
    for i in ids:
        if names[i] is not None:
            paths[_name(names[i], field, cleaning)] = lookups.find(PATH_TABLES[field], site, i) or ""
    return _unique(_name(names[i], field, cleaning) for i in ids if names[i] is not None)


def _author_path(author: dict) -> str:
    """An author's address on WordPress (/author/<slug>/), from the user object's link."""
    link = clean_url(author.get("link"))
    path = urlsplit(link).path if link and site_of(link) else ""
    return path if path.startswith("/") and ".." not in path.split("/") and path.strip("/") else ""


def _authors(obj: dict, lookups: Lookups, site: str, notes: list[str], cleaning: Cleaning,
             paths: dict[str, str]) -> list[str]:
    coauthors = [_name(t["name"], "authors", cleaning) for t in _embedded_terms(obj) if t.get("taxonomy") == "author"]
    if coauthors:
        return _unique(coauthors)
    embedded = [a for a in _list(_object(obj.get("_embedded")).get("author")) if isinstance(a, dict) and a.get("name")]
    for author in embedded:
        paths[_name(author["name"], "authors", cleaning)] = _author_path(author)
    names = [_name(a["name"], "authors", cleaning) for a in embedded]
    if names:
        return _unique(names)
    author = _identifier(obj.get("author"))
    if author:
        name = lookups.find("users", site, author)
        if name is not None:
            return _unique([_name(name, "authors", cleaning)])
        notes.append(f"author ID {author} not named in any input for {site or 'this site'} (left out)")
    return []


def _featured_image(obj: dict, lookups: Lookups, site: str, cleaning: Cleaning) -> Image | None:
    media = (_list(_object(obj.get("_embedded")).get("wp:featuredmedia")) or [None])[0]
    if not isinstance(media, dict) or not media.get("source_url"):
        media = lookups.find("media", site, _identifier(obj.get("featured_media")) or 0)
    if not isinstance(media, dict):
        return None
    url = clean_url(media.get("source_url"), "featured image", cleaning)
    if not url:
        return None
    return Image(
        url=url,
        alt=_name(media.get("alt_text"), "featured image alt text", cleaning),
        caption=_name(_rendered(media.get("caption")), "featured image caption", cleaning),
    )


def _unique(names) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        if name:
            seen.setdefault(name, None)
    return list(seen)


def to_post(raw: RawPost, lookups: Lookups) -> Post:
    """The post as plain, safe data: every field through the boundary in core/safe.py."""
    obj = raw.data
    notes: list[str] = []
    cleaning = Cleaning()
    link = clean_url(obj.get("link"), "link", cleaning)
    kind = clean_text(obj.get("type")) or "post"
    content = obj.get("content")
    if isinstance(content, dict) and content.get("protected"):
        notes.append("password-protected: WordPress did not serve its content")
    identifier = obj.get("id")
    if identifier is not None and _identifier(identifier) is None:
        notes.append(f"id {str(identifier)[:40]!r} cannot be a WordPress id (left out)")
    site = site_of(link) or site_of(clean_url(_rendered(obj.get("guid"))))
    term_paths: dict[str, dict[str, str]] = {"categories": {}, "tags": {}, "authors": {}}
    date = _parse_local(obj.get("date"))
    if date is None and isinstance(obj.get("date"), str) and obj["date"].strip() and not obj["date"].startswith("0000"):
        notes.append(f"date {obj['date'][:40]!r} is not a date between the years 1000 and 9998 (left out)")
    post = Post(
        origin=raw.origin,
        wordpress_id=_identifier(identifier),
        type="page" if kind == "page" else "post",
        status=clean_text(obj.get("status")) or "publish",
        slug=clean_name(unquote(clean_text(obj.get("slug"))), "slug", cleaning),
        title=_name(_rendered(obj.get("title")), "title", cleaning),
        date=with_offset(date, _parse_local(obj.get("date_gmt"))),
        updated=with_offset(_parse_local(obj.get("modified")), _parse_local(obj.get("modified_gmt"))),
        link=link,
        site=site,
        guid=clean_url(_rendered(obj.get("guid")), "guid", cleaning),
        authors=_authors(obj, lookups, site, notes, cleaning, term_paths["authors"]),
        categories=_names(obj, "categories", "category", lookups, site, notes, cleaning, term_paths["categories"]),
        tags=_names(obj, "tags", "post_tag", lookups, site, notes, cleaning, term_paths["tags"]),
        content_html=clean_text(_rendered(content), "content", cleaning),
        excerpt_html=clean_text(_rendered(obj.get("excerpt")), "excerpt", cleaning),
        featured_image=_featured_image(obj, lookups, site, cleaning),
        term_paths={field: {n: p for n, p in found.items() if p} for field, found in term_paths.items()},
        truncated=raw.truncated,
        raw_content=not raw.rendered,
        repairs=list(raw.notes),
        notes=notes,
    )
    post.notes += cleaning.notes
    return post
