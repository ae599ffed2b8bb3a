"""Interpret a raw WordPress object as a Post: names for IDs, dates with their UTC offset."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import unquote, urlsplit

from ..models import Image, Lookups, Post, RawPost
from ..text import plain_text

# Object types WordPress uses for its own machinery, never for articles.
INTERNAL_TYPES = {
    "attachment", "nav_menu_item", "revision", "wp_block", "wp_template", "wp_template_part",
    "wp_global_styles", "wp_navigation", "custom_css", "customize_changeset", "oembed_cache",
    "user_request", "wp_font_family", "wp_font_face", "feedback", "scheduled-action",
}


def _rendered(value) -> str:
    """REST wraps strings as {"rendered": ...}; WXR-derived and custom feeds may not."""
    if isinstance(value, dict):
        value = value.get("rendered", "")
    return value if isinstance(value, str) else ""


def _parse_local(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip() or value.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace(" ", "T").rstrip("Z"))
    except ValueError:
        return None


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


def site_of(link) -> str:
    """https://news.example for any address on that site; '' for anything else."""
    parts = urlsplit(link if isinstance(link, str) else "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def post_site(obj: dict) -> str:
    """The site a post belongs to, from its link, else its guid."""
    return site_of(obj.get("link")) or site_of(_rendered(obj.get("guid")))


def _embedded_terms(obj: dict) -> list[dict]:
    groups = (obj.get("_embedded") or {}).get("wp:term") or []
    return [t for g in groups if isinstance(g, list) for t in g if isinstance(t, dict) and t.get("name")]


def _names(obj: dict, field: str, taxonomy: str, lookups: Lookups, site: str, notes: list[str]) -> list[str]:
    """Term names from `_embedded`, else by looking up the IDs among the inputs."""
    embedded = [plain_text(t["name"]) for t in _embedded_terms(obj) if t.get("taxonomy") == taxonomy]
    if embedded:
        return _unique(embedded)
    ids = [i for i in obj.get(field) or [] if isinstance(i, int)]
    names = {i: lookups.find(field, site, i) for i in ids}
    unknown = [i for i in ids if names[i] is None]
    if unknown:
        notes.append(f"{field} IDs {unknown} not named in any input for {site or 'this site'} (left out)")
    return _unique(plain_text(names[i]) for i in ids if names[i] is not None)


def _authors(obj: dict, lookups: Lookups, site: str, notes: list[str]) -> list[str]:
    coauthors = [plain_text(t["name"]) for t in _embedded_terms(obj) if t.get("taxonomy") == "author"]
    if coauthors:
        return _unique(coauthors)
    embedded = (obj.get("_embedded") or {}).get("author") or []
    names = [plain_text(a["name"]) for a in embedded if isinstance(a, dict) and a.get("name")]
    if names:
        return _unique(names)
    author = obj.get("author")
    if isinstance(author, int) and author:
        name = lookups.find("users", site, author)
        if name is not None:
            return [plain_text(name)]
        notes.append(f"author ID {author} not named in any input for {site or 'this site'} (left out)")
    return []


def _featured_image(obj: dict, lookups: Lookups, site: str) -> Image | None:
    media = ((obj.get("_embedded") or {}).get("wp:featuredmedia") or [None])[0]
    if not isinstance(media, dict) or not media.get("source_url"):
        media = lookups.find("media", site, obj.get("featured_media") or 0)
    if not isinstance(media, dict) or not media.get("source_url"):
        return None
    return Image(
        url=str(media["source_url"]),
        alt=plain_text(str(media.get("alt_text") or "")),
        caption=plain_text(_rendered(media.get("caption"))),
    )


def _unique(names) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        if name:
            seen.setdefault(name, None)
    return list(seen)


def to_post(raw: RawPost, lookups: Lookups) -> Post:
    obj = raw.data
    notes: list[str] = []
    link = str(obj.get("link") or "")
    guid = _rendered(obj.get("guid"))
    kind = str(obj.get("type") or "post")
    if obj.get("content", {}) and isinstance(obj.get("content"), dict) and obj["content"].get("protected"):
        notes.append("password-protected: WordPress did not serve its content")
    identifier = obj.get("id")
    site = post_site(obj)
    return Post(
        origin=raw.origin,
        wordpress_id=identifier if isinstance(identifier, int) else None,
        type="page" if kind == "page" else "post",
        status=str(obj.get("status") or "publish"),
        slug=unquote(str(obj.get("slug") or "")),
        title=plain_text(_rendered(obj.get("title"))),
        date=with_offset(_parse_local(obj.get("date")), _parse_local(obj.get("date_gmt"))),
        updated=with_offset(_parse_local(obj.get("modified")), _parse_local(obj.get("modified_gmt"))),
        link=link,
        site=site,
        guid=guid,
        authors=_authors(obj, lookups, site, notes),
        categories=_names(obj, "categories", "category", lookups, site, notes),
        tags=_names(obj, "tags", "post_tag", lookups, site, notes),
        content_html=_rendered(obj.get("content")),
        excerpt_html=_rendered(obj.get("excerpt")),
        featured_image=_featured_image(obj, lookups, site),
        truncated=raw.truncated,
        raw_content=not raw.rendered,
        repairs=list(raw.notes),
        notes=notes,
    )
