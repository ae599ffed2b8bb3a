"""The one boundary where WordPress data becomes safe.

Every field of a post (title, excerpt, content, names of authors and terms, captions, alt text,
slugs, links, guid, media URLs) passes through here on its way into a Post (see
sources/posts.py). From then on text is text: characters that cannot be written (control
characters, lone surrogates) are gone, names cannot reverse the line they stand in, and a URL is
either one a reader can safely follow or empty.

Escaping for where text lands lives beside it: `escape_text` for Markdown (convert.py), the
HTML-safe page title (`page_title`), YAML through the YAML library (write.dump_yaml), XML through
the feed library, HTML through Jinja's autoescape.
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

# C0 and C1 controls, DEL, and lone surrogates; tab, line feed and carriage return are text.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters XML 1.0 cannot hold at all (feeds), besides the controls above.
_NON_CHARACTERS = re.compile("[\ufffe\uffff]")
# Either of the two: most text holds neither, and one scan tells so (the content is long).
_EITHER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Embeddings, overrides and isolates: in a title or name they can reverse what follows them on
# the line (a date after a title read "4202 enuJ 5"). Marks (LRM, RLM) only nudge, and stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop these anywhere in a URL before reading its scheme ("java\tscript:").
_URL_IGNORED = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# Characters that would end or break a Markdown link target, or an HTML attribute.
_URL_BREAKING = re.compile(r"""[\s<>()"'\\`\[\]{}]""")


@dataclass
class Cleaning:
    """What making one post's fields safe took, for its notes in the report."""

    notes: list[str] = field(default_factory=list)

    def note(self, field_name: str, what: str) -> None:
        line = f"{field_name}: {what}"
        if line not in self.notes:
            self.notes.append(line)


def clean_text(value, field_name: str = "", cleaning: Cleaning | None = None) -> str:
    """A string that can be written anywhere: unwritable characters replaced by U+FFFD."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else ""
    if _EITHER.search(value) is None:
        return value
    cleaned = _NON_CHARACTERS.sub("", _UNWRITABLE.sub("\ufffd", value))
    if cleaned != value and cleaning is not None:
        cleaning.note(field_name, "control characters or lone surrogates replaced with \ufffd")
    return cleaned


def clean_name(value, field_name: str = "", cleaning: Cleaning | None = None) -> str:
    """A title or name: writable, and without controls that reverse the text around it."""
    text = clean_text(value, field_name, cleaning)
    neutral = _BIDI_CONTROLS.sub("", text)
    if neutral != text and cleaning is not None:
        cleaning.note(field_name, "bidirectional control characters removed")
    return neutral


def _decoded(url: str) -> str:
    """The URL as a browser would finally read it: entities and percent-escapes undone (as often
    as they nest), and the characters browsers ignore removed."""
    for _ in range(10):
        before = url
        url = _URL_IGNORED.sub("", unquote(html.unescape(url)))
        if url == before:
            break
    return url


def url_scheme(url: str) -> str:
    """The scheme a browser would see, lower-case; '' for a relative URL."""
    decoded = _decoded(url)
    match = _SCHEME.match(decoded)
    return match.group(1).lower() if match else ""


def is_safe_url(url: str) -> bool:
    return url_scheme(url) in SAFE_SCHEMES | {""}


def clean_url(value, field_name: str = "", cleaning: Cleaning | None = None) -> str:
    """A URL from WordPress: kept when it is http(s), mailto or relative, else ''. Characters a
    browser would ignore in it (controls, tabs, invisible marks) are removed; spaces stay."""
    if not isinstance(value, str):
        return ""
    url = _URL_IGNORED.sub(lambda m: " " if m.group() == " " else "", value).strip()
    url = _UNWRITABLE.sub("", url)
    if not url:
        return ""
    if not is_safe_url(url):
        if cleaning is not None:
            cleaning.note(field_name, f"unsafe URL scheme '{url_scheme(url)}:' left out")
        return ""
    try:
        urlsplit(url)
    except ValueError as error:  # "http://[::1/": every later stage would stumble on it
        if cleaning is not None:
            cleaning.note(field_name, f"not a URL ({error}); left out")
        return ""
    return url


@functools.lru_cache(maxsize=1 << 16)  # a pure function of short strings, asked for the same links again and again
def safe_url(url: str | None) -> str:
    """A URL fit for a Markdown link target or an HTML attribute, or '' if a reader could not
    safely follow it. Judged after entities and percent-escapes are decoded, so a scheme hidden
    as `javascript&colon;` or `java%09script:` is seen for what it is, whatever decoding the
    page does later."""
    url = clean_url(url or "")
    if url.startswith("//"):
        url = "https:" + url
    return _URL_BREAKING.sub(lambda m: quote(m.group(), safe=""), url)


def page_title(text: str) -> str:
    """A page title as Material prints it: into HTML, unescaped. So '<' and '>' become entities,
    and so does an '&' that would start one: the title '&lt;b&gt;' shows as written, not as '<b>'."""
    text = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


_TITLE_ENTITY = re.compile(r"&(lt|gt|amp);")


def title_text(title: str) -> str:
    """The text a page title stands for: the inverse of `page_title`."""
    return _TITLE_ENTITY.sub(lambda m: {"lt": "<", "gt": ">", "amp": "&"}[m.group(1)], title)
