"""The clean stage: from the HTML WordPress gave us to safe, well-formed HTML.

Steps, in order: drop editor comments; rebuild tags the damage took; expand shortcodes;
add paragraphs where WordPress would (wpautop); sanitise; fix structure (embeds, headings,
lazy images, relative URLs). Each step lives in its own module and reports what it did.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from html import escape

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag

from ..core.text import plain_text
from .autop import wpautop
from .repair import repair_lost_tags
from .sanitise import dropped_elements, sanitise
from .shortcodes import expand_shortcodes
from .transform import MAX_DEPTH, Transformer, flatten_deep_nesting

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_COMMENT_END = re.compile(r"-->")


def _drop_block_comments(html: str) -> str:
    """Gutenberg's <!-- wp:... --> markers gone. No comment ends past the last "-->": thousands
    of unclosed "<!-- wp:" are not each read to the end."""
    last = max((m.end() for m in _COMMENT_END.finditer(html)), default=0)
    return _BLOCK_COMMENT.sub("", html[:last]) + html[last:]


class _Tag(Tag):
    """bs4's Tag, finding its nearest parent of one name by walking up. markdownify asks every
    tag whether it is inside a <pre> (`find_parent("pre")`), and bs4 sets up a matcher for each
    question: a quarter of an article's conversion to Markdown went to that."""

    def find_parent(self, name=None, attrs=None, **kwargs):
        if not isinstance(name, str) or ":" in name or attrs or kwargs:
            return super().find_parent(name, attrs, **kwargs)
        parent = self.parent
        while parent is not None and parent.name != name:
            parent = parent.parent
        return parent


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser", element_classes={Tag: _Tag})


@dataclass
class Cleaned:
    soup: BeautifulSoup
    unknown_shortcodes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)


def needs_autop(html: str, raw_content: bool) -> bool:
    """WordPress adds paragraphs to classic content at display time, never to block content."""
    if "<!-- wp:" in html:
        return False
    if raw_content:
        return True
    return "\n\n" in html.strip() and not re.search(r"<p[\s>]", html, re.IGNORECASE)


# Tags nested deeper than this are damage or an attack: the sanitiser's parser takes time in
# proportion to depth for every tag (50,000 deep: 43 s), so such content is kept as plain text.
MAX_RAW_DEPTH = 2000
_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def raw_depth(html: str) -> int:
    """How deep the tags of `html` nest, counted naively (unclosed tags count as open), in one pass."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG_TOKEN.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def clean_html(html: str, site: str = "", raw_content: bool = False, base: str = "") -> Cleaned:
    """`site` is the WordPress site's address, `base` the post's own: relative links resolve against it."""
    if raw_depth(html) > MAX_RAW_DEPTH:
        text = escape(plain_text(html), quote=False)
        return Cleaned(_soup(f"<p>{text}</p>"),
                       repaired=[f"tags nested deeper than {MAX_RAW_DEPTH} levels: kept as plain text"])
    html = html.replace("\x00", "")  # never text (HTML parsers drop it); the steps use it as a marker
    autop = needs_autop(html, raw_content)
    html = _drop_block_comments(html).replace("\xa0", " ").replace("&nbsp;", " ")
    html, repaired = repair_lost_tags(html)
    html, unknown = expand_shortcodes(html)
    if autop:
        html = wpautop(html)
        repaired.append("added paragraphs to classic-editor content (wpautop)")
    dropped = dropped_elements(html)
    with warnings.catch_warnings():  # a post whose whole body reads like a file name or URL is still its text
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = _soup(sanitise(html))
    if flatten_deep_nesting(soup):
        repaired.append(f"flattened nesting deeper than {MAX_DEPTH} levels")
    transformer = Transformer(site, base)
    transformer.run(soup)
    return Cleaned(soup, sorted(set(unknown)), dropped, repaired + sorted(set(transformer.notes)))
