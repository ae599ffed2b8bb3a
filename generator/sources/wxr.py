"""Read WXR, WordPress's own XML export, into the same shape the REST API serves.

Exports are often not well-formed XML: raw `&` in URLs, control characters, missing
closing tags. We mend what can be mended safely (outside CDATA only), then let lxml's
recovering parser do the rest, as WordPress's own importer falls back to a lenient parser.

No entity is ever expanded and nothing outside the file is read: WXR has no DOCTYPE, so one
in the prolog (entity bombs, external entities such as file:///etc/passwd) is removed before
parsing, and a reference to any entity but XML's five is kept as text (`&amp;nbsp;`), as the
HTML it stands in reads it. Every pattern here runs in linear time on any input.
"""
from __future__ import annotations

import html
import json
import re

from lxml import etree

# CDATA sections and comments are copied verbatim: (opening, closing).
_VERBATIM = [("<![CDATA[", "]]>"), ("<!--", "-->")]
# An '&' that opens no character reference and none of XML's five entities: a bare '&' in a URL,
# or an HTML entity (&nbsp;) that XML does not define and would drop, with the text after it.
_LONE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#x[0-9a-fA-F]+;|(?:amp|lt|gt|quot|apos);)")
_ENTITY_REFERENCE = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*;")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECLARATION_ENCODING = re.compile(r"(\s*<\?xml\b[^>?]*?\bencoding\s*=\s*)(?:\"[^\">]*\"|'[^'>]*')")
_SPACE = re.compile(r"\s*")
_DOCTYPE_TOKEN = re.compile(r"""["'\[\]>]|<!--""")


def looks_like_wxr(text: str) -> bool:
    head = _without_doctype(text)[0][:4096]
    return "<rss" in head and "wordpress.org/export" in head


def _without_doctype(text: str) -> tuple[str, int]:
    """The text without the DOCTYPE declaration of its prolog, and that declaration's length."""
    pos = 0
    while True:  # the XML declaration, processing instructions, comments, spaces
        pos = _SPACE.match(text, pos).end()
        if text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            pos = end + 3
        else:
            break
        if end < 0:
            return text, 0
    if text[pos:pos + 9].upper() != "<!DOCTYPE":
        return text, 0
    end = _doctype_end(text, pos + 9)
    return text[:pos] + text[end:], end - pos


def _doctype_end(text: str, pos: int) -> int:
    """Where the DOCTYPE declaration that goes on at `pos` ends: quoted strings, comments and
    the internal subset in brackets skipped; if it never ends, where the <rss> element opens."""
    start, depth = pos, 0
    while match := _DOCTYPE_TOKEN.search(text, pos):
        token = match.group()
        if token in ('"', "'", "<!--"):
            close = text.find(token if token != "<!--" else "-->", match.end())
            if close < 0:
                break
            pos = close + (1 if token != "<!--" else 3)
        elif token == ">" and depth == 0:
            return match.end()
        else:
            depth += {"[": 1, "]": -1}.get(token, 0)
            depth = max(depth, 0)
            pos = match.end()
    root = text.find("<rss", start)
    return root if root >= 0 else len(text)


def _verbatim_spans(text: str):
    """(start, end) of each CDATA section and comment, in order. Linear: str.find only, each
    kind's next opening remembered until passed, and a kind that is not closed once is never
    looked for again (no later one closes either)."""
    pos, kinds = 0, {opening: [-1, closing] for opening, closing in _VERBATIM}
    while kinds:
        for opening, found in list(kinds.items()):
            if found[0] < pos:
                found[0] = text.find(opening, pos)
                if found[0] < 0:
                    del kinds[opening]
        if not kinds:
            return
        opening = min(kinds, key=lambda kind: kinds[kind][0])
        start, closing = kinds[opening]
        end = text.find(closing, start + len(opening))
        if end < 0:
            del kinds[opening]
            continue
        yield start, end + len(closing)
        pos = end + len(closing)


def _escape_ampersands(text: str, counts: list[int]) -> str:
    def escape(match: re.Match) -> str:
        counts[0 if _ENTITY_REFERENCE.match(text, match.end()) else 1] += 1
        return "&amp;"

    return _LONE_AMPERSAND.sub(escape, text)


def _without_preamble(text: str) -> tuple[str, int]:
    """The text from its XML declaration (or <rss> element) on: PHP prints notices before it."""
    if text.startswith(("<?xml", "<!", "<rss"), _SPACE.match(text).end()):
        return text, 0
    root = text.find("<rss")
    declaration = text.find("<?xml", 0, root if root >= 0 else 65536)
    start = declaration if declaration >= 0 else root
    return (text[start:], start) if start > 0 else (text, 0)


def _mend(text: str) -> tuple[str, list[str]]:
    """Drop what comes before the XML, a DOCTYPE and characters XML forbids; outside CDATA and
    comments, escape bare ampersands and references to entities XML does not define; declare
    the UTF-8 we pass."""
    notes = []
    text, removed = _XML_INVALID.subn("", text)
    if removed:
        notes.append(f"removed {removed} control characters that XML forbids")
    text, preamble = _without_preamble(text)
    if preamble:
        notes.append(f"ignored {preamble:,} characters before the XML")
    text, doctype = _without_doctype(text)
    if doctype:
        notes.append(f"removed a DOCTYPE declaration of {doctype:,} characters (WXR has none; "
                     "its entities are not expanded)")
    declaration = _XML_DECLARATION_ENCODING.match(text)  # we pass lxml UTF-8, whatever the file was
    if declaration:
        text = f'{declaration.group(1)}"UTF-8"{text[declaration.end():]}'
    pieces, last, counts = [], 0, [0, 0]  # entity references, bare ampersands
    for start, end in _verbatim_spans(text):
        pieces += [_escape_ampersands(text[last:start], counts), text[start:end]]
        last = end
    pieces.append(_escape_ampersands(text[last:], counts))
    if counts[1]:
        notes.append(f"escaped {counts[1]} bare '&' characters")
    if counts[0]:
        notes.append(f"kept {counts[0]} references to entities XML does not define as text (&name;)")
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
    # huge_tree: a post's text may pass libxml2's 10 MB limit; no entity can be expanded (see above).
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True,
                             load_dtd=False, dtd_validation=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.LxmlError as error:  # not a ValueError: the caller would not know it
        raise ValueError(f"no XML could be read: {error}") from None
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


_DIGITS = re.compile(r"[0-9]+")
MAX_ID = 2**64 - 1  # WordPress ids are BIGINT(20) UNSIGNED


def _number(value: str) -> int | None:
    """An id written in ASCII digits that fits WordPress's ids; None for anything else."""
    value = value.strip()
    if not _DIGITS.fullmatch(value) or len(value) > 20 or int(value) > MAX_ID:
        return None
    return int(value)


def _item(item, authors: dict[str, str]) -> dict | None:
    found = _children(item)
    post_id = _text(found, "post_id").strip()
    if not _DIGITS.fullmatch(post_id):
        return None
    # An id too large for WordPress is no id: the post is read without one (kept as its digits).
    identifier = _number(post_id)
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
    thumbnail = _number(meta.get("_thumbnail_id", ""))
    content = _with_footnotes(_text(found, "encoded"), meta.get("footnotes", ""))
    return {
        "id": post_id if identifier is None else identifier,
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
        "featured_media": thumbnail or 0,
        "post_password": _text(found, "post_password"),
        "_embedded": {
            "author": [{"name": authors.get(creator, creator)}] if creator else [],
            "wp:term": [categories, tags],
        },
    }


_FOOTNOTES_BLOCK = re.compile(r"<!--\s*wp:footnotes\b")


def _with_footnotes(content: str, stored: str) -> str:
    """Block footnotes live in post meta; WordPress renders them where the footnotes block is."""
    try:
        notes = json.loads(stored, parse_int=_json_integer) if stored.strip() else []
    except (ValueError, RecursionError):
        return content
    if not isinstance(notes, list) or not notes:
        return content
    items = "".join(
        f'<li id="{html.escape(str(n.get("id", "")))}">{n.get("content", "")}</li>'
        for n in notes if isinstance(n, dict)
    )
    rendered = f'<ol class="wp-block-footnotes">{items}</ol>'
    # The first footnotes block "<!-- wp:footnotes ... /-->"; found with str.find, as a lazy
    # ".*?/-->" would scan to the end of the text from every opening that is never closed.
    opening = _FOOTNOTES_BLOCK.search(content)
    end = content.find("/-->", opening.end()) if opening else -1
    if end < 0:
        return content + rendered
    return content[:opening.start()] + rendered + content[end + len("/-->"):]


def _json_integer(digits: str):
    """Integers past 4300 digits make int() raise: kept as text, like all too large for an id."""
    return int(digits) if len(digits) <= 30 else digits


def _excerpt(found: dict) -> str:
    """content:encoded and excerpt:encoded share the local name 'encoded'."""
    encoded = found.get("encoded", [])
    return (encoded[1].text or "") if len(encoded) > 1 else ""
