"""Structural fixes on the parsed, sanitised HTML, one handler per tag name.

Embeds become links with a title (a reader keeps the pointer even when the player is
gone); a paragraph that is all bold becomes a section heading; lazy-loaded images get their
real source; site-relative URLs become absolute so they still work outside WordPress.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from ..core.safe import url_scheme

_PROVIDERS = {
    "youtube.com": "YouTube", "youtube-nocookie.com": "YouTube", "youtu.be": "YouTube",
    "vimeo.com": "Vimeo", "twitter.com": "X (Twitter)", "x.com": "X (Twitter)",
    "google.com": "Google", "soundcloud.com": "SoundCloud", "spotify.com": "Spotify",
    "facebook.com": "Facebook", "instagram.com": "Instagram", "tiktok.com": "TikTok",
}
_HEADING_MAX = 90  # longer bold paragraphs are emphasis, not headings
_NOT_UNDER = {"li", "blockquote", "td", "th", "figure"}  # bold paragraphs inside these stay paragraphs
# Deeper elements are unwrapped (their text kept): converting and rendering recurse once per
# level, and 400 nested spans or lists would exceed Python's recursion limit.
MAX_DEPTH = 100
_BLOCK_LEVEL = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
}

_ENDS_HEADING = _BLOCK_LEVEL | {"hr"}  # a heading holds none of these: one inside it was swallowed


def provider(url: str) -> str:
    host = urlsplit(url).netloc.lower().split(":")[0]
    for domain, name in _PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host.removeprefix("www.") or "embedded content"


def watch_url(src: str) -> str:
    """The page a reader can open for an embedded player's URL."""
    parts = urlsplit(src if not src.startswith("//") else "https:" + src)
    host = parts.netloc.lower()
    match = re.match(r"/embed/([\w-]+)", parts.path)
    if "youtube" in host and match:
        return f"https://www.youtube.com/watch?v={match.group(1)}"
    match = re.match(r"/video/(\d+)", parts.path)
    if host == "player.vimeo.com" and match:
        return f"https://vimeo.com/{match.group(1)}"
    if "youtube" in host and parts.path == "/watch":
        video = parse_qs(parts.query).get("v", [""])[0]
        return f"https://www.youtube.com/watch?v={video}" if video else parts.geturl()
    return parts.geturl()


def flatten_deep_nesting(soup: BeautifulSoup, limit: int = MAX_DEPTH) -> bool:
    """Elements nested deeper than `limit` replaced by their text (a block element's text kept
    apart from its neighbours'). Iterative, and each element is read once: no recursion and no
    quadratic time on any depth. True if anything was flattened."""
    flattened = False
    stack = [(child, 1) for child in soup.contents if isinstance(child, Tag)]
    while stack:
        tag, depth = stack.pop()
        children = [child for child in tag.contents if isinstance(child, Tag)]
        if depth < limit:
            stack.extend((child, depth + 1) for child in children)
            continue
        if not children:
            continue
        pieces = []
        for node in tag.descendants:
            if isinstance(node, Tag):
                if node.name in _BLOCK_LEVEL or node.name == "br":
                    pieces.append(" ")
            elif type(node) is NavigableString:
                pieces.append(str(node))
        tag.clear()
        tag.append(re.sub(r"\s+", " ", "".join(pieces)))
        flattened = True
    return flattened


class Transformer:
    def __init__(self, site: str, base: str = ""):
        self.site = site.rstrip("/") + "/" if site else ""
        self.base = base  # the post's own address: relative links are relative to it
        self.notes: list[str] = []

    def absolute(self, url: str) -> str:
        """The URL as a reader of the WordPress page would follow it; '' when it leads nowhere
        (relative, with no address to resolve it against). A relative URL left as it is would be
        a broken link in the knowledge base, and `mkdocs build --strict` would fail on it."""
        url = url.strip()
        if url.startswith("//"):
            return "https:" + url
        if not url or url.startswith("#") or url_scheme(url):
            return url  # a fragment, or a scheme (judged by the sanitiser and safe_url)
        base = self.base if url_scheme(self.base) in ("http", "https") else self.site
        try:
            return urljoin(base, url) if base else ""
        except ValueError:
            return ""

    def run(self, soup: BeautifulSoup) -> BeautifulSoup:
        # Every tag, in document order (as find_all(True) lists them, which sets up a matcher
        # to accept each one), those of a name with a handler only.
        tags = [node for node in soup.descendants if isinstance(node, Tag) and node.name in _HANDLED]
        for tag in tags:
            if tag.parent is None and tag is not soup:
                continue  # already replaced along with an ancestor
            getattr(self, f"do_{tag.name}")(soup, tag)
        return soup

    def _link(self, soup, url: str, label: str) -> Tag:
        paragraph = soup.new_tag("p")
        anchor = soup.new_tag("a", href=url)
        anchor.string = label
        paragraph.append(anchor)
        return paragraph

    def do_iframe(self, soup, tag: Tag) -> None:
        src = self.absolute(tag.get("src", ""))
        if not src.startswith(("http://", "https://")):
            tag.decompose()
            return
        url = watch_url(src)
        title = (tag.get("title") or "").strip()
        name = provider(url)
        label = f"{title} ({name})" if title else f"Embedded content: {name}"
        tag.replace_with(self._link(soup, url, label))
        self.notes.append(f"embed from {name} became a link")

    def do_video(self, soup, tag: Tag) -> None:
        source = tag.get("src") or next((s.get("src") for s in tag.find_all("source") if s.get("src")), "")
        if not source:
            tag.decompose()
            return
        url = self.absolute(source)
        tag.replace_with(self._link(soup, url, f"{tag.name.capitalize()}: {url.rsplit('/', 1)[-1]}"))

    do_audio = do_video

    def do_figure(self, soup, tag: Tag) -> None:
        """A block embed saved raw: <figure class="wp-block-embed"><div>URL</div></figure>."""
        if "wp-block-embed" not in (tag.get("class") or []) or tag.find(["iframe", "blockquote", "a"]):
            return
        wrapper = tag.find("div") or tag
        url = wrapper.get_text(" ", strip=True).split(" ")[0]
        if url.startswith(("http://", "https://")):
            wrapper.replace_with(self._link(soup, url, f"{provider(url)}: {url}"))

    def do_p(self, soup, tag: Tag) -> None:
        """A paragraph of nothing but one short bold phrase is a heading (not inside a list, quote, table or figure)."""
        children = [c for c in tag.children if not (isinstance(c, NavigableString) and not c.strip())]
        if len(children) != 1 or not isinstance(children[0], Tag) or children[0].name not in ("b", "strong"):
            return
        # After the test above, which most paragraphs fail: the walk up is the dearer one.
        if any(parent.name in _NOT_UNDER for parent in tag.parents):
            return
        text = children[0].get_text(" ", strip=True)
        if not text or len(text) > _HEADING_MAX or text.endswith((".", ",", ";")) or children[0].find("a"):
            return
        heading = soup.new_tag("h2")
        heading.string = text
        tag.replace_with(heading)

    def do_h1(self, soup, tag: Tag) -> None:
        """A heading is one line of text. A heading closed by the wrong tag (`<h3>Title</p>`, as some
        themes save them) holds every block after it, and Markdown would make one heading line of
        the rule, quote and paragraphs it swallowed: the first block after its text and everything
        after that go back out, after the heading. A heading made of a block and nothing before it
        (`<h3><li>…</li></h3>`, a list item shown large) is left as it is."""
        first = next((child for child in tag.children if isinstance(child, Tag) and child.name in _ENDS_HEADING), None)
        if first is None:
            return
        before = "".join(node.get_text() if isinstance(node, Tag) else str(node) for node in first.previous_siblings)
        if not before.strip():
            return
        swallowed = [first, *first.next_siblings]
        for node in swallowed:
            node.extract()
        tag.insert_after(*swallowed)
        self.notes.append("blocks inside a heading moved out after it")

    do_h2 = do_h3 = do_h4 = do_h5 = do_h6 = do_h1

    def do_img(self, soup, tag: Tag) -> None:
        source = self.absolute(tag.get("src") or tag.get("data-src") or tag.get("data-lazy-src") or "")
        if not source:
            if tag.get("src") or tag.get("data-src") or tag.get("data-lazy-src"):
                self.notes.append("images with a relative address and no post address to resolve it left out")
            tag.decompose()
            return
        tag["src"] = source

    def do_a(self, soup, tag: Tag) -> None:
        if not tag.get("href"):
            return
        href = self.absolute(tag["href"])
        if href:
            tag["href"] = href
        else:
            del tag["href"]  # its text stays, as text
            self.notes.append("links with a relative address and no post address to resolve it became text")


_HANDLED = frozenset(name[3:] for name in dir(Transformer) if name.startswith("do_"))
