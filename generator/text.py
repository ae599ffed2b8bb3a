"""Small text helpers shared by several stages."""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """HTML to one line of plain text: tags gone, entities decoded, whitespace collapsed."""
    if not markup:
        return ""
    text = _TAG.sub(" ", _INVISIBLE.sub(" ", markup))
    return _SPACE.sub(" ", html.unescape(text).replace("\xa0", " ")).strip()


_MARKDOWN_LINK_TEXT = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_INLINE_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[\^\d+\]|(?<!\\)[*_`]|^#{1,6} |^> ?|^\s*(?:[-+]|\d+\.) |\|", re.MULTILINE)
# An external Markdown link as convert.py writes it: [text](http...) with an optional "title".
MARKDOWN_URL_LINK = re.compile(r"(?<!!)\[((?:\\.|[^\]\\])+)\]\((https?://[^)\s]+)(?: \"[^\"]*\")?\)")


_MARKDOWN_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")


_SEE_ALSO = re.compile(r"^[*_>\s]*(?i:baca juga|read also|read more|see also|related)[*_\s]*:.*$", re.MULTILINE)


def markdown_text(markdown: str) -> str:
    """Markdown as the words a reader reads, paragraphs kept apart (for extraction and summaries)."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    text = re.sub(r"^\|[-| ]+\|$", "", text, flags=re.MULTILINE)  # table header rules
    text = re.sub(r"(?<!\\)\|", "\n", text)  # table cells are separate phrases
    text = _MARKDOWN_IMAGE.sub("", text)  # alt text describes a picture; the reader reads the caption
    text = _SEE_ALSO.sub("", text)  # "Baca juga: <another post>" names that post's subjects, not this one's
    text = _MARKDOWN_LINK_TEXT.sub(r"\1", text)
    text = _INLINE_MARKUP.sub("", text)
    text = re.sub(r"\\(.)", r"\1", text).replace("&lt;", "<").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", text).strip()


def url_host(url: str) -> str:
    """The host a URL points at, lower-case, without port, credentials or "www."."""
    return urlsplit(url).netloc.lower().split("@")[-1].split(":")[0].removeprefix("www.")


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-Z0-9\"“‘(\u3131-\uD7A3])")


def first_sentences(text: str, limit: int = 300) -> str:
    """The first sentences of `text` that fit in `limit` characters (at least one, cut at a word)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        if summary and len(summary) + 1 + len(sentence) > limit:
            break
        summary = f"{summary} {sentence}".strip()
    if len(summary) > limit:
        summary = summary[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary
