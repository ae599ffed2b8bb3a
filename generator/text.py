"""Small text helpers shared by several stages."""
from __future__ import annotations

import html
import re

_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """HTML to one line of plain text: tags gone, entities decoded, whitespace collapsed."""
    if not markup:
        return ""
    text = _TAG.sub(" ", _INVISIBLE.sub(" ", markup))
    return _SPACE.sub(" ", html.unescape(text).replace("\xa0", " ")).strip()


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
