"""WordPress shortcodes: expand the ones that carry content, report the rest.

The REST API serves content with shortcodes already expanded, unless the plugin that
registered them is gone; WXR exports hold them raw. `[caption]` becomes a figure with its
caption, `[embed]`/`[video]`/`[audio]` a link. A shortcode we do not know is reported and its
tags removed (enclosed text stays), so no `[plugin_thing id="3"]` reaches a reader.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_left
from urllib.parse import urlsplit

# [name attrs] ... optional [/name]; [[name]] is WordPress's escape for a literal.
# Attributes hold no "[": each "[" of hostile text such as "[a b [a b [a b" would otherwise be
# read on to the same far "]".
_OPEN = re.compile(r"\[(\[?)([a-zA-Z][a-zA-Z0-9_-]*)((?:\s+[^\[\]]*?)?)(/?)\](\]?)")
_CLOSE = re.compile(r"\[/([a-zA-Z][a-zA-Z0-9_-]*)\]")
_ATTR = re.compile(r'(?<![\w-])(?:([\w-]++)\s*+=\s*+"([^"]*)"|([\w-]++)\s*+=\s*+\'([^\']*)\'|([\w-]++)\s*+=\s*+([^\s\'"]++))')
_PROTECTED_OPEN = re.compile(r"<(pre|code)\b", re.IGNORECASE)
_PROTECTED_CLOSE = {name: re.compile(rf"</{name}>", re.IGNORECASE) for name in ("pre", "code")}
_MAX_DEPTH = 50  # shortcodes inside shortcodes deeper than this are removed, not expanded


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


class _Closers:
    """Where each [/name] of a text is, read once: looking for the closer of every bracketed word
    from scratch ("[a] [a] [a] ...") would read the rest of the text for each of them."""

    def __init__(self, text: str):
        self.at: dict[str, list[int]] = {}
        for match in _CLOSE.finditer(text):
            self.at.setdefault(match.group(1), []).append(match.start())

    def first(self, name: str, start: int) -> int:
        """Where the first [/name] at or after `start` begins, or -1."""
        positions = self.at.get(name, [])
        index = bisect_left(positions, start)
        return positions[index] if index < len(positions) else -1


def _is_shortcode(name: str, attrs: str, closing: bool, closers: _Closers, end: int) -> bool:
    """Tell a shortcode from bracketed prose such as [sic] or [1]."""
    if name.lower() in _HANDLERS:
        return True
    return bool(closing or "=" in attrs or "_" in name or "-" in name or closers.first(name, end) >= 0)


def _protect(text: str, protected: list[str]) -> str:
    """Each <pre> and <code> element replaced by a numbered stand-in (the text inside is code)."""
    out, pos, search, unclosed = [], 0, 0, set()
    while match := _PROTECTED_OPEN.search(text, search):
        name = match.group(1).lower()
        close = None if name in unclosed else _PROTECTED_CLOSE[name].search(text, match.end())
        if not close:
            unclosed.add(name)  # no later opener of this name has a closer either
            search = match.start() + 1
            continue
        protected.append(text[match.start():close.end()])
        out.append(text[pos:match.start()])
        out.append(f"\x00{len(protected) - 1}\x00")
        pos = search = close.end()
    out.append(text[pos:])
    return "".join(out)


def expand_shortcodes(text: str) -> tuple[str, list[str]]:
    """Expand known shortcodes; remove unknown ones; return the names of the unknown."""
    if "[" not in text:
        return text, []
    unknown: list[str] = []
    protected: list[str] = []
    text = _protect(text.replace("\x00", ""), protected)  # NUL is no text; it marks what is protected
    text = _expand(text, unknown)
    text = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)
    return text, unknown


def _expand(text: str, unknown: list[str], depth: int = 0) -> str:
    out, pos = [], 0
    closers = _Closers(text)
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
        if not _is_shortcode(name, attrs, bool(self_closing), closers, pos):
            out.append("[")  # bracketed prose: keep it and look again after the bracket
            pos = match.start() + 1
            continue
        inner = ""
        close = -1 if self_closing else closers.first(name, pos)
        if close >= 0:
            inner, pos = text[pos:close], close + len(name) + 3
        if depth >= _MAX_DEPTH:  # nested beyond reason: keep the text, drop the tags
            unknown.append(name)
            out.append(_CLOSE.sub("", _OPEN.sub("", inner)))
            continue
        handler = _HANDLERS.get(name.lower())
        if handler:
            out.append(handler(_attributes(attrs), _expand(inner, unknown, depth + 1)))
        else:
            unknown.append(name)
            out.append(_expand(inner, unknown, depth + 1))
