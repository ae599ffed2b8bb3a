"""Small text helpers shared by several stages."""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# Elements whose text a reader never sees, and comments. Each opener's closer is looked for
# once: an opener with no closer after it (hostile input repeats `<script ` thousands of
# times) must not send the search to the end of the text again for every repetition.
_INVISIBLE_OPEN = re.compile(r"<(script|style|template)\b|<!--", re.IGNORECASE)
_INVISIBLE_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "template")}
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _drop_invisible(markup: str) -> str:
    """Each script, style and template element and each comment replaced by a space."""
    out, pos, search, unclosed = [], 0, 0, set()
    while match := _INVISIBLE_OPEN.search(markup, search):
        name = (match.group(1) or "!--").lower()
        if name in unclosed:
            search = match.start() + 1
            continue
        if name == "!--":
            found = markup.find("-->", match.end())
            end = found + 3 if found >= 0 else -1
        else:
            close = _INVISIBLE_CLOSE[name].search(markup, match.end())
            end = close.end() if close else -1
        if end < 0:
            unclosed.add(name)  # nor will any later opener of this kind find one
            search = match.start() + 1
            continue
        out.append(markup[pos:match.start()])
        out.append(" ")
        pos = search = end
    out.append(markup[pos:])
    return "".join(out)


def _drop_tags(text: str) -> str:
    """Tags replaced by a space. Past the last `>` no tag can end: the text there is left as it is
    (rather than searched again from every `<` in it)."""
    last = text.rfind(">")
    return _TAG.sub(" ", text[:last + 1]) + text[last + 1:]


def plain_text(markup: str) -> str:
    """HTML to one line of plain text: tags gone, entities decoded, whitespace collapsed."""
    if not markup:
        return ""
    text = _drop_tags(_drop_invisible(markup))
    return _SPACE.sub(" ", html.unescape(text).replace("\xa0", " ")).strip()


_MARKDOWN_LINK_TEXT = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_STRAY_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# Footnote references, emphasis and code marks, table pipes, and what starts a heading, quote or
# list item. Each alternative's first character comes first (the look back after it): re then
# passes over a character no alternative starts with at once; with the look back or a line start
# first it tried every alternative at every character (three times as long). No two alternatives
# start with the same character, so their order does not change what is removed.
_INLINE_MARKUP = re.compile(r"\[\^\d+\]|[*_`](?<!\\.)|\||^(?:#{1,6} |> ?|[^\S\n]*(?:[-+]|\d+\.) )", re.MULTILINE)
# An external Markdown link as convert.py writes it: [text](http...) with an optional "title".
# Never from an escaped bracket (`\[`, which is how text brackets are written): hostile text of
# thousands of brackets would otherwise be read from each of them to the end. The bracket comes first,
# then the look back at the character before it: re then jumps from bracket to bracket (5x as fast).
MARKDOWN_URL_LINK = re.compile(r"\[(?<![!\\]\[)((?:\\.|[^\]\\])+)\]\((https?://[^)\s]+)(?: \"[^\"]*\")?\)")


# The attribute list convert.py writes after an image ({ loading="lazy" ... }): not words. Text
# cannot write it: its braces are escaped.
_IMAGE_ATTRIBUTES = re.compile(r"(?<=\))\{ loading=\"lazy\"[^{}\n]*\}")
_MARKDOWN_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
# Where the bracketed text that starts at a `[` ends: at the first `]` that is not escaped
# (links, images), or at the first `]` (stray images).
_BRACKETED = re.compile(r"(?:\\.|[^\]\\])*")
_TO_BRACKET = re.compile(r"[^\]]*")


_SEE_ALSO = re.compile(r"^[*_>\t ]*(?i:baca juga|read also|read more|see also|related)[*_\s]*:.*$", re.MULTILINE)


def _sub_bracketed(pattern: re.Pattern, opener: str, replacement: str, text: str, inside: re.Pattern = _BRACKETED) -> str:
    """pattern.sub(replacement, text) for a pattern that starts with `opener` ("[" or "![") and
    bracketed text, in linear time. Every `[` inside the bracketed text of a failed attempt reads
    on to the same closing `]` and fails the same way, so none of them is tried again; and past
    the last `)` no link can end."""
    end_all = text.rfind(")") + 1
    out, pos, search = [], 0, 0
    while (start := text.find(opener, search, end_all)) >= 0:
        match = pattern.match(text, start, end_all)
        if match:
            out.append(text[pos:start])
            out.append(match.expand(replacement))
            pos = search = match.end()
        else:
            search = max(start + 1, inside.match(text, start + len(opener), end_all).end())
    out.append(text[pos:])
    return "".join(out)


# The character references convert.escape_text writes ("&lt;", "&amp;", "&#126;" for "~"...).
_ESCAPED_ENTITY = re.compile(r"&(lt|amp|#\d{1,7});")


def _unescape_entity(match) -> str:
    name = match.group(1)
    if name[0] == "#":
        code = int(name[1:])
        return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else match.group()
    return "<" if name == "lt" else "&"


def markdown_text(markdown: str) -> str:
    """Markdown as the words a reader reads, paragraphs kept apart (for extraction and summaries)."""
    # Each pattern below is tried only on a text holding what it looks for: most articles have
    # no table, code block or image, and each pattern would read the whole text to find none.
    text = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL) if "```" in markdown else markdown
    if "|" in text:
        text = re.sub(r"^\|[-| ]+\|$", "", text, flags=re.MULTILINE)  # table header rules
        text = re.sub(r"(?<!\\)\|", "\n", text)  # table cells are separate phrases
    if '{ loading="lazy"' in text:
        text = _IMAGE_ATTRIBUTES.sub("", text)
    text = _sub_bracketed(_MARKDOWN_IMAGE, "![", "", text)  # alt text describes a picture; the reader reads the caption
    text = _SEE_ALSO.sub("", text)  # "Baca juga: <another post>" names that post's subjects, not this one's
    text = _sub_bracketed(_MARKDOWN_LINK_TEXT, "[", r"\1", text)
    text = _sub_bracketed(_STRAY_IMAGE, "![", "", text, _TO_BRACKET)
    text = _INLINE_MARKUP.sub("", text)
    text = _ESCAPED_ENTITY.sub(_unescape_entity, re.sub(r"\\(.)", r"\1", text))
    return _SPACES.sub(" ", text).strip()


# A run of spaces and tabs that is not one space already (the same result as [ \t]+ -> " ",
# without a call for each space between two words).
_SPACES = re.compile(r"\t[ \t]*| [ \t]+")


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
