"""The clean stage: from the HTML WordPress gave us to safe, well-formed HTML.

Steps, in order: drop editor comments; rebuild tags the damage took; expand shortcodes;
add paragraphs where WordPress would (wpautop); sanitise; fix structure (embeds, headings,
lazy images, relative URLs). Each step lives in its own module and reports what it did.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from .autop import wpautop
from .repair import repair_lost_tags
from .sanitise import dropped_elements, sanitise
from .shortcodes import expand_shortcodes
from .transform import Transformer

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)


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


def clean_html(html: str, site: str = "", raw_content: bool = False) -> Cleaned:
    autop = needs_autop(html, raw_content)
    html = _BLOCK_COMMENT.sub("", html).replace("\xa0", " ").replace("&nbsp;", " ")
    html, repaired = repair_lost_tags(html)
    html, unknown = expand_shortcodes(html)
    if autop:
        html = wpautop(html)
        repaired.append("added paragraphs to classic-editor content (wpautop)")
    dropped = dropped_elements(html)
    soup = BeautifulSoup(sanitise(html), "html.parser")
    transformer = Transformer(site)
    transformer.run(soup)
    return Cleaned(soup, sorted(set(unknown)), dropped, repaired + sorted(set(transformer.notes)))
