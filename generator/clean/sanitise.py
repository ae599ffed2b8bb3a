"""Sanitise HTML with an allowlist (nh3, a binding to the Ammonia sanitiser).

Nothing that can execute survives: <script>, <style> and their text, event-handler
attributes, javascript:/data:/vbscript: URLs. Embeds (iframe, video) are kept only long
enough for the transform step to turn them into links. What is removed is counted, so the
import report can say what each post lost.
"""
from __future__ import annotations

import re
from collections import Counter

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    # embeds, turned into links by the transform step
    "iframe", "video", "audio", "source",
}
_REMOVED_WITH_CONTENT = {
    "script", "style", "noscript", "template", "textarea", "select", "object", "embed",
    "applet", "svg", "canvas", "frame", "frameset",
}
# Tags whose removal loses something a reader could notice (other tags are unwrapped,
# their text kept, which is not worth a line in the report).
_REPORTED = _REMOVED_WITH_CONTENT | {"form", "input", "button", "iframe", "video", "audio", "img"}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "data-src", "data-lazy-src"},
    "iframe": {"src"},
    "video": {"src", "poster"},
    "audio": {"src"},
    "source": {"src", "type"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "sup": {"data-fn"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Possessive: `href=` and a long run of spaces must not be split between the two \s* every way.
_UNSAFE_URL = re.compile(r"""\b(?:href|src|data-src|poster)\s*+=\s*+(?:["']\s*+)?(javascript|vbscript|data):""", re.IGNORECASE)
# Event attributes are looked for inside each tag, found once: a pattern that reads from every
# `<` to the attribute would read to the end of the text from each `<` of hostile input.
_START_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_EVENT_ATTRIBUTE = re.compile(r"""\s(on[a-z]++)\s*+=""", re.IGNORECASE)
# Whether a post has one at all: the same match, found from each "on" (any case) rather than tried
# at every character (a fifth of a post's cleaning went to these two questions).
_ANY_EVENT_ATTRIBUTE = re.compile(r"[oO][nN](?<=\s..)(?i:[a-z]++)\s*+=")
# Whether an unsafe URL can be there: each ends "javascript:", "vbscript:" or "data:", whose "pt:"
# or "ta:" no other character matches in any case (re's case-blind "s" and "i" also match "ſ" and
# "ı", so these letters are the ones to look for). Found from each ":", a quick look back at it.
_SCHEME_END = re.compile(r":(?<=[pP][tT]:|[tT][aA]:)")
# A tag the sanitiser removes and the report names: the whole name (ASCII letters in any case).
_REPORTED_TAG = re.compile(f"<({'|'.join(sorted(_REPORTED - ALLOWED_TAGS))})(?![a-zA-Z0-9-])", re.IGNORECASE | re.ASCII)


def dropped_elements(html: str) -> list[str]:
    """What the sanitiser will remove, as 'script x2', 'onclick attribute', 'javascript: URL'."""
    counts: Counter = Counter()
    for name in _REPORTED_TAG.findall(html):
        counts[f"<{name.lower()}>"] += 1
    if _ANY_EVENT_ATTRIBUTE.search(html):  # most posts have none: their tags are not each looked into
        for tag in _START_TAG.finditer(html, 0, html.rfind(">") + 1):  # no tag ends past the last ">"
            for attribute in _EVENT_ATTRIBUTE.findall(tag.group()):
                counts[f"{attribute.lower()} attribute"] += 1
    for scheme in _UNSAFE_URL.findall(html) if _SCHEME_END.search(html) else ():
        counts[f"{scheme.lower()}: URL"] += 1
    return [f"{what} x{count}" if count > 1 else what for what, count in sorted(counts.items())]


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        # Only classes that carry meaning for conversion; presentation classes go.
        kept = [c for c in value.split() if c.startswith(("language-", "wp-block-", "twitter-", "fn"))]
        return " ".join(kept) or None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
