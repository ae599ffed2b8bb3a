"""WordPress shortcodes: expand the ones that carry content, report the rest.

The REST API serves content with shortcodes already expanded, unless the plugin that
registered them is gone; WXR exports hold them raw. `[caption]` becomes a figure with its
caption, `[embed]`/`[video]`/`[audio]` a link. A shortcode we do not know is reported and its
tags removed (enclosed text stays), so no `[plugin_thing id="3"]` reaches a reader.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# [name attrs] ... optional [/name]; [[name]] is WordPress's escape for a literal.
_OPEN = re.compile(r"\[(\[?)([a-zA-Z][a-zA-Z0-9_-]*)((?:\s+[^\]]*?)?)(/?)\](\]?)")
_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*\'([^\']*)\'|([\w-]+)\s*=\s*([^\s\'"]+)')
_PROTECTED = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def _attributes(text: str) -> dict[str, str]:
    found = {}
    for match in _ATTR.finditer(text):
        key = match.group(1) or match.group(3) or match.group(5)
        found[key.lower()] = match.group(2) or match.group(4) or match.group(6) or ""
    return found


def _caption(attrs: dict, inner: str) -> str:
    """[caption]<img ...> The caption text[/caption] -> <figure> with <figcaption>."""
    media = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.DOTALL | re.IGNORECASE)
    if not media:
        return inner
    caption = attrs.get("caption") or media.group(2).strip()
    return f"<figure>{media.group(1)}<figcaption>{caption}</figcaption></figure>"


def _media_link(attrs: dict, inner: str) -> str:
    url = inner.strip() or attrs.get("src") or attrs.get("mp3") or attrs.get("mp4") or attrs.get("url", "")
    if not re.match(r"https?://", url):
        return ""
    host = urlsplit(url).netloc
    label = html.escape(attrs.get("title") or f"Media on {host}")
    return f'<p><a href="{html.escape(url)}">{label}</a></p>'


_HANDLERS = {
    "caption": _caption,
    "wp_caption": _caption,
    "embed": _media_link,
    "video": _media_link,
    "audio": _media_link,
}


def _is_shortcode(name: str, attrs: str, closing: bool, text: str, end: int) -> bool:
    """Tell a shortcode from bracketed prose such as [sic] or [1]."""
    if name.lower() in _HANDLERS:
        return True
    return bool(closing or "=" in attrs or "_" in name or "-" in name
                or re.compile(rf"\[/{re.escape(name)}\]").search(text, end))


def expand_shortcodes(text: str) -> tuple[str, list[str]]:
    """Expand known shortcodes; remove unknown ones; return the names of the unknown."""
    if "[" not in text:
        return text, []
    unknown: list[str] = []
    protected: list[str] = []

    def protect(match):
        protected.append(match.group())
        return f"\x00{len(protected) - 1}\x00"

    text = _PROTECTED.sub(protect, text)
    text = _expand(text, unknown)
    text = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)
    return text, unknown


def _expand(text: str, unknown: list[str]) -> str:
    out, pos = [], 0
    while True:
        match = _OPEN.search(text, pos)
        if not match:
            out.append(text[pos:])
            return "".join(out)
        escaped_open, name, attrs, self_closing, escaped_close = match.groups()
        out.append(text[pos:match.start()])
        pos = match.end()
        if escaped_open and escaped_close:  # [[name]] is a literal [name]
            out.append(match.group()[1:-1])
            continue
        if not _is_shortcode(name, attrs, bool(self_closing), text, pos):
            out.append("[")  # bracketed prose: keep it and look again after the bracket
            pos = match.start() + 1
            continue
        inner = ""
        close = None if self_closing else re.compile(rf"\[/{re.escape(name)}\]").search(text, pos)
        if close:
            inner, pos = text[pos:close.start()], close.end()
        handler = _HANDLERS.get(name.lower())
        if handler:
            out.append(handler(_attributes(attrs), _expand(inner, unknown)))
        else:
            unknown.append(name)
            out.append(_expand(inner, unknown))
