"""Read WXR, WordPress's own XML export, into the same shape the REST API serves.

Exports are often not well-formed XML: raw `&` in URLs, control characters, missing
closing tags. We mend what can be mended safely (outside CDATA only), then let lxml's
recovering parser do the rest, as WordPress's own importer falls back to a lenient parser.
"""
from __future__ import annotations

import html
import json
import re

from lxml import etree

_VERBATIM = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)  # CDATA and comments
_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_wxr(text: str) -> bool:
    head = text[:4096]
    return "<rss" in head and "wordpress.org/export" in head


def _mend(text: str) -> tuple[str, list[str]]:
    """Escape bare ampersands outside CDATA and comments; drop characters XML forbids."""
    notes = []
    text, removed = _XML_INVALID.subn("", text)
    if removed:
        notes.append(f"removed {removed} control characters that XML forbids")
    pieces, last, fixed = [], 0, 0
    for match in _VERBATIM.finditer(text):
        outside, count = _BARE_AMPERSAND.subn("&amp;", text[last:match.start()])
        pieces += [outside, match.group()]
        fixed += count
        last = match.end()
    outside, count = _BARE_AMPERSAND.subn("&amp;", text[last:])
    pieces.append(outside)
    fixed += count
    if fixed:
        notes.append(f"escaped {fixed} bare '&' characters")
    return "".join(pieces), notes


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element) -> dict[str, list]:
    found: dict[str, list] = {}
    for child in element:
        found.setdefault(_local(child.tag), []).append(child)
    return found


def _text(found: dict, name: str) -> str:
    elements = found.get(name)
    return (elements[0].text or "") if elements else ""


def _wp_date(value: str) -> str | None:
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    return value.replace(" ", "T")


def read_wxr(text: str) -> tuple[list[dict], list[str]]:
    """Posts, pages and attachments of a WXR export as REST-shaped dicts, plus notes."""
    text, notes = _mend(text)
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(text.encode("utf-8"), parser)
    if root is None:
        raise ValueError("no XML could be read")
    if parser.error_log:
        notes.append(f"repaired {len(parser.error_log)} XML errors (first: {parser.error_log[0].message})")
    authors = {}
    for author in root.iter("{*}author"):
        found = _children(author)
        login = _text(found, "author_login")
        if login:
            authors[login] = _text(found, "author_display_name") or login
    items = [_item(item, authors) for item in root.iter("item")]
    return [item for item in items if item], notes


def _item(item, authors: dict[str, str]) -> dict | None:
    found = _children(item)
    post_id = _text(found, "post_id").strip()
    if not post_id.isdigit():
        return None
    creator = _text(found, "creator").strip()
    categories, tags = [], []
    for category in found.get("category", []):
        if category.get("nicename") is None:
            continue  # WXR repeats each term once without its slug; keep one copy
        term = {"name": category.text or "", "slug": category.get("nicename")}
        domain = category.get("domain")
        if domain == "category":
            categories.append({**term, "taxonomy": "category"})
        elif domain in ("post_tag", "tag"):
            tags.append({**term, "taxonomy": "post_tag"})
    meta = {
        _text(_children(entry), "meta_key"): _text(_children(entry), "meta_value")
        for entry in found.get("postmeta", [])
    }
    thumbnail = meta.get("_thumbnail_id", "").strip()
    content = _with_footnotes(_text(found, "encoded"), meta.get("footnotes", ""))
    return {
        "id": int(post_id),
        "date": _wp_date(_text(found, "post_date")),
        "date_gmt": _wp_date(_text(found, "post_date_gmt")),
        "modified": _wp_date(_text(found, "post_modified")),
        "modified_gmt": _wp_date(_text(found, "post_modified_gmt")),
        "slug": _text(found, "post_name").strip(),
        "status": _text(found, "status").strip() or "publish",
        "type": _text(found, "post_type").strip() or "post",
        "link": _text(found, "link").strip(),
        "guid": {"rendered": _text(found, "guid").strip()},
        "title": {"rendered": _text(found, "title")},
        "content": {"rendered": content},
        "excerpt": {"rendered": _excerpt(found)},
        "source_url": _text(found, "attachment_url").strip(),
        "featured_media": int(thumbnail) if thumbnail.isdigit() else 0,
        "post_password": _text(found, "post_password"),
        "_embedded": {
            "author": [{"name": authors.get(creator, creator)}] if creator else [],
            "wp:term": [categories, tags],
        },
    }


def _with_footnotes(content: str, stored: str) -> str:
    """Block footnotes live in post meta; WordPress renders them where the footnotes block is."""
    try:
        notes = json.loads(stored) if stored.strip() else []
    except json.JSONDecodeError:
        return content
    if not isinstance(notes, list) or not notes:
        return content
    items = "".join(
        f'<li id="{html.escape(str(n.get("id", "")))}">{n.get("content", "")}</li>'
        for n in notes if isinstance(n, dict)
    )
    rendered = f'<ol class="wp-block-footnotes">{items}</ol>'
    block = re.compile(r"<!--\s*wp:footnotes\b.*?/-->", re.DOTALL)
    return block.sub(lambda _: rendered, content, count=1) if block.search(content) else content + rendered


def _excerpt(found: dict) -> str:
    """content:encoded and excerpt:encoded share the local name 'encoded'."""
    encoded = found.get("encoded", [])
    return (encoded[1].text or "") if len(encoded) > 1 else ""
