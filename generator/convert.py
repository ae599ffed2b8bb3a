"""The convert stage: sanitised HTML to Markdown that Python-Markdown reads as intended.

Built on markdownify, with the conversions a knowledge base needs: ATX headings, nested
lists indented by four spaces (Python-Markdown, which MkDocs uses, ignores two), fenced code
with its language, footnotes, captions, and escaping that keeps text text: a literal
`[x](javascript:...)` or `<script>` in an article stays visible words, never a live link or tag.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from markdownify import (
    ATX,
    SPACES,
    MarkdownConverter,
    re_extract_newlines,
    re_html_heading,
    re_newline_whitespace,
    re_whitespace,
    should_remove_whitespace_inside,
)

from .core.safe import safe_url

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# At the start of a line: a quote, heading, list item or rule, setext underline ("-" lines),
# admonition ("!!!"), numbered item (backslash-escaped); definition (def_list's ": ") and details
# ("???") as character references, having no backslash escape.
_LINE_START = re.compile(
    r"^([ \t]*)(?:(>|#{1,6}(?=[ \t]|$)|[-+]|!(?=!!))|(\d{1,9})([.)])(?=[ \t]|$)|(:(?=[ \t])|\?(?=\?\?)|=(?==*[ \t]*$)))",
    re.MULTILINE)
# Characters with no backslash escape in Python-Markdown, written as character references where
# they would be syntax: doubled "~" and "^" (~~del~~, ^^ins^^, ~~~ fences) and "==" around text
# (==mark==). Kept rare, so code and prose stay readable ("a == b", "21:56:24", "XML:com:xmp").
# ":emoji:" names are left: the emoji extension is off, and would only show a picture.
_NO_BACKSLASH = re.compile(r"~{2,}|\^{2,}|==(?=[^\s=])|(?<=[^\s=])==")


def _references(match) -> str:
    return "".join(f"&#{ord(c)};" if c in "~^=:?" else c for c in match.group())


def _line_start(match) -> str:
    indent, mark, number, dot, reference = match.groups()
    if mark:
        return f"{indent}\\{mark}"
    if number:
        return f"{indent}{number}\\{dot}"
    return f"{indent}&#{ord(reference)};"


def escape_text(text: str) -> str:
    """Make text render as itself in Python-Markdown and the pymdown extensions: no markup, no
    HTML, no links, no tables, code blocks, definitions, admonitions or attribute lists."""
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("<", "&lt;"))
    if "~" in text or "^" in text or "=" in text:
        text = _NO_BACKSLASH.sub(_references, text)
    if "\n" in text:
        return _LINE_START.sub(_line_start, text)
    match = _LINE_START.match(text)
    return _line_start(match) + text[match.end():] if match else text


# A resized copy of an upload is named after its size ("photo-1024x683.jpg"): the names srcset lists.
_SIZED_FILE = re.compile(r"-([0-9]{1,5})x([0-9]{1,5})\.(?:jpe?g|png|gif|webp|avif)$", re.IGNORECASE)
_DIMENSION = re.compile(r"[0-9]{1,5}")
MAX_DIMENSION = 20000  # pixels; a larger "size" is not one


def image_url(src: str | None) -> str:
    """An image's URL as the page shows it: through safe_url, and http:// upgraded to https://.
    Assumed: a host with a domain name serves the same file over https, as WordPress hosts nearly
    all do. A page of this site served over https could not show the http:// image anyway
    (browsers upgrade or block such mixed content), so the upgrade only loses images that were
    already lost. A host named by an IP address or a name without a dot (localhost, a machine on
    the network) has no public certificate: its images stay on http."""
    url = safe_url(src)
    if url[:7].lower() != "http://" or not _public_name(url):
        return url
    return "https://" + url[len("http://"):]


def _public_name(url: str) -> bool:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    try:
        ipaddress.ip_address(host)
        return False
    except ValueError:
        return "." in host.strip(".")


def _dimension(value) -> int | None:
    text = str(value).strip() if isinstance(value, str) else ""
    return int(text) if _DIMENSION.fullmatch(text) and 0 < int(text) <= MAX_DIMENSION else None


def image_size(el: Tag, url: str) -> tuple[int, int] | None:
    """The width and height WordPress gave an image: its width and height attributes when both
    are whole numbers of pixels, else the size in the name of a resized copy; None when unknown.
    Nothing else from the tag is read: anything not a plain number is left out."""
    width, height = _dimension(el.get("width")), _dimension(el.get("height"))
    if width and height:
        return width, height
    match = _SIZED_FILE.search(url.split("?", 1)[0].split("#", 1)[0])
    if match:
        width, height = _dimension(match.group(1)), _dimension(match.group(2))
        if width and height:
            return width, height
    return None


def image_attributes(el: Tag, url: str) -> str:
    """The attribute list (attr_list) written after a converted image: loaded lazily and decoded
    off the main thread; with its size when known, so the page does not jump as it arrives. Only
    fixed words and numbers: no value from WordPress is written into it."""
    size = image_size(el, url)
    dimensions = f' width="{size[0]}" height="{size[1]}"' if size else ""
    return f'{{ loading="lazy" decoding="async"{dimensions} }}'


_SPACES = re.compile(r"[\t ]+")
_BLOCK_OR_BREAK = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")  # text's pipes are escaped already; a link's may not be


def _code_language(el: Tag) -> str:
    for node in (el.find("code"), el):
        for css in (node.get("class") or []) if isinstance(node, Tag) else []:
            if css.startswith(("language-", "lang-")):
                return re.sub(r"[^\w+#.-]", "", css.split("-", 1)[1])
    return ""


class ArticleConverter(MarkdownConverter):
    class Options(MarkdownConverter.DefaultOptions):
        heading_style = ATX
        bullets = "-"
        newline_style = SPACES
        autolinks = True
        code_language_callback = staticmethod(_code_language)
        strip_pre = None  # done in convert_pre, in linear time

    def __init__(self, **options):
        super().__init__(**options)
        self._names: dict[str, tuple[bool, tuple]] = {}
        self._outside: dict[str, bool] = {}

    def convert_soup(self, soup):
        self.footnotes = self._footnote_numbers(soup)
        return super().convert_soup(soup)

    @staticmethod
    def _footnote_numbers(soup) -> dict[str, int]:
        """Targets of superscript references that are list items: those are footnotes."""
        if not any(node.name == "sup" for node in soup.descendants):  # most articles: spared the selector
            return {}
        referenced = {a["href"][1:] for a in soup.select('sup a[href^="#"]')}
        if not referenced:
            return {}
        items = [li for li in soup.find_all("li", id=True) if li["id"] in referenced]
        return {li["id"]: number for number, li in enumerate(items, start=1)}

    def escape(self, text, parent_tags):
        if not text:
            return ""
        if self._mid_line:  # line-start rules (": ", "- ", "1. ") do not apply: "**Note**: x" stays so
            return escape_text("x" + text)[1:]
        return escape_text(text)

    def convert_a(self, el, text, parent_tags):
        href = el.get("href", "")
        if href.startswith("#") and href.endswith("-link") and el.find_parent("li"):
            return ""  # a footnote's "jump back" arrow
        url = safe_url(href)
        if not url or "_noformat" in parent_tags:
            return text
        if not text.strip():
            return ""
        title = (el.get("title") or "").replace('"', "'").replace("<", "").replace(">", "")
        title_part = f' "{title}"' if title else ""
        if text == escape_text(href) and not title and url.startswith(("http://", "https://")):
            return f"<{url}>"
        return f"[{text}]({url}{title_part})"

    def convert_img(self, el, text, parent_tags):
        url = image_url(el.get("src"))
        if not url:
            return ""
        alt = escape_text(el.get("alt") or "").replace("\n", " ")
        if "_inline" in parent_tags:
            return alt
        return f"![{alt}]({url}){image_attributes(el, url)}"

    def convert_sup(self, el, text, parent_tags):
        anchor = el.find("a", href=True)
        target = anchor["href"][1:] if anchor else el.get("data-fn", "")
        if target in self.footnotes:
            return f"[^{self.footnotes[target]}]"
        return text

    def convert_li(self, el, text, parent_tags):
        if el.get("id") in self.footnotes:
            body = re.sub(r"\n+", " ", text.strip())
            return f"\n\n[^{self.footnotes[el['id']]}]: {body}\n\n"
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if str(parent.get("start", "")).isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        lines = text.split("\n")
        indented = [lines[0]] + [("    " + line) if line.strip() else "" for line in lines[1:]]
        return f"{bullet} " + "\n".join(indented) + "\n"

    def convert_list(self, el, text, parent_tags):
        if self.footnotes and any(li.get("id") in self.footnotes for li in el.find_all("li", recursive=False)):
            return "\n\n" + text.strip() + "\n\n"
        return super().convert_list(el, text, parent_tags)

    convert_ul = convert_list
    convert_ol = convert_list

    _mid_line = False

    @staticmethod
    def _after_inline(el) -> bool:
        """Whether text or an inline element comes just before `el` in its block."""
        node = el
        while node is not None:
            previous = node.previous_sibling
            while previous is not None and not isinstance(previous, Tag) and not str(previous).strip():
                previous = previous.previous_sibling
            if previous is not None:
                return not (isinstance(previous, Tag) and previous.name in _BLOCK_OR_BREAK)
            node = node.parent
            if node is None or node.name in _BLOCK_OR_BREAK or node.name == "[document]":
                return False
        return False

    # markdownify's process_tag and process_text, doing the same in less time: they were most of
    # an article's conversion to Markdown. What they asked of every tag (is it a block, a heading,
    # a cell, inside a <pre>?) is asked once per tag name, or read from the names of the tags
    # around it (`parent_tags`), and a pattern is run only over text it can change.
    def process_tag(self, node, parent_tags=None):
        if parent_tags is None:
            parent_tags = set()
        name = node.name
        inside, extra = self._by_name(node)
        children = [el for el in node.children if not self._can_ignore(el, inside)]
        parent_tags_for_children = set(parent_tags)
        parent_tags_for_children.update(extra)
        child_strings = []
        for el in children:
            text = self.process_text(el, parent_tags_for_children) if isinstance(el, NavigableString) \
                else self.process_tag(el, parent_tags_for_children)
            if text:
                child_strings.append(text)
        if name != "pre" and "pre" not in parent_tags:  # parent_tags: the names of every tag around it
            child_strings = self._collapse_newlines(child_strings)
        text = "".join(child_strings)
        convert_fn = self.get_conv_fn_cached(name)
        if convert_fn is not None:
            text = convert_fn(node, text, parent_tags=parent_tags)
        return text

    def _by_name(self, node) -> tuple[bool, tuple]:
        """Whether whitespace just inside the tag goes, and the names its children see around them."""
        known = self._names.get(node.name)
        if known is None:
            name = node.name
            extra = [name]
            if re_html_heading.match(name) is not None or name in {"td", "th"}:
                extra.append("_inline")
            if name in {"pre", "code", "kbd", "samp"}:
                extra.append("_noformat")
            known = self._names[name] = (should_remove_whitespace_inside(node), tuple(extra))
        return known

    def _block(self, el) -> bool:
        """markdownify's should_remove_whitespace_outside(el), by the tag's name."""
        if el is None or el.name is None:
            return False
        known = self._outside.get(el.name)
        if known is None:
            known = self._outside[el.name] = should_remove_whitespace_inside(el) or el.name == "pre"
        return known

    def _can_ignore(self, el, should_remove_inside: bool) -> bool:
        if isinstance(el, Tag):
            return False
        if isinstance(el, (Comment, Doctype)):
            return True
        if isinstance(el, NavigableString):
            if el.strip() != "":
                return False
            if should_remove_inside and (not el.previous_sibling or not el.next_sibling):
                return True
            return self._block(el.previous_sibling) or self._block(el.next_sibling)
        if el is None:
            return True
        raise ValueError(f"Unexpected element type: {el}")

    @staticmethod
    def _collapse_newlines(child_strings: list[str]) -> list[str]:
        updated = [""]  # so the first lookback works
        for child_string in child_strings:
            if child_string[0] != "\n" and child_string[-1] != "\n":  # what the pattern gives for it
                leading_nl, content, trailing_nl = "", child_string, ""
            else:
                leading_nl, content, trailing_nl = re_extract_newlines.match(child_string).groups()
            if updated[-1] and leading_nl:
                previous = updated.pop()
                leading_nl = "\n" * min(2, max(len(previous), len(leading_nl)))
            updated += (leading_nl, content, trailing_nl)
        return updated

    def process_text(self, el, parent_tags=None):
        if parent_tags is None:
            parent_tags = set()
        text = str(el)
        self._mid_line = not text[:1].isspace() and self._after_inline(el)
        detached = False
        if "pre" not in parent_tags:
            # markdownify's newline pattern reads a long run of spaces again from each of its spaces;
            # one space stands for the run anyway outside <pre>. (The text then stood apart from
            # its tag, as a new string: no sibling or parent decides its stripping below.)
            if "  " in text or "\t " in text or " \t" in text or "\t\t" in text:
                text, detached = _SPACES.sub(" ", text), True
            if "\n" in text or "\r" in text:
                text = re_newline_whitespace.sub("\n", text)
            if "\t" in text or "  " in text:
                text = re_whitespace.sub(" ", text)
        if "_noformat" not in parent_tags:
            text = self.escape(text, parent_tags)
        if detached:
            return text
        previous, following, parent = el.previous_sibling, el.next_sibling, el.parent
        inside = parent is not None and parent.name is not None and self._by_name(parent)[0]
        if self._block(previous) or (inside and not previous):
            text = text.lstrip(" \t\r\n")
        if self._block(following) or (inside and not following):
            text = text.rstrip()
        return text

    def convert_pre(self, el, text, parent_tags):
        """A fenced block whose fence no line of the code can close (the code is not escaped:
        a "```" line in it would end the block and let the rest through as Markdown and HTML)."""
        leading = len(text) - len(text.lstrip(" \n"))
        text = text[text.rfind("\n", 0, leading) + 1:].rstrip(" \n")
        if not text:
            return ""
        block = super().convert_pre(el, text, parent_tags)
        longest = max((len(run) for run in re.findall(r"`{3,}|~{3,}", text)), default=0)
        if longest >= 3:
            fence = "`" * (longest + 1)
            block = block.replace("```", fence, 1)
            block = block[:block.rstrip().rfind("```")] + fence + "\n\n"
        return block

    def convert_figcaption(self, el, text, parent_tags):
        text = text.strip()
        return f"\n\n*{text}*\n\n" if text else ""

    def convert_td(self, el, text, parent_tags):
        return super().convert_td(el, _UNESCAPED_PIPE.sub(r"\\|", text), parent_tags)

    def convert_th(self, el, text, parent_tags):
        return super().convert_th(el, _UNESCAPED_PIPE.sub(r"\\|", text), parent_tags)


_converter: ArticleConverter | None = None
# Spaces and tabs at a line's end, from the start of their run only: tried from each space of a long
# run, the pattern would read to the run's end each time. The space first, the look back after it:
# re then passes over every other character at once (with the look back first, half as fast).
_TRAILING_SPACES = re.compile(r"[ \t](?<![ \t][ \t])[ \t]*\n")


def to_markdown(soup: BeautifulSoup) -> str:
    global _converter
    if _converter is None:  # one per process: setting up its options took a twentieth of a conversion
        _converter = ArticleConverter()
    markdown = _converter.convert_soup(soup)
    markdown = _TRAILING_SPACES.sub(lambda m: "  \n" if m.group().startswith("  ") else "\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
