"""WordPress's wpautop: turn blank-line-separated text into paragraphs.

Classic-editor posts are stored without <p>; WordPress adds them when it displays the
post. A converter that skips this merges every paragraph into one. This is a port of
wp-includes/formatting.php wpautop(), keeping its rules and order.
"""
from __future__ import annotations

import re

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.DOTALL | re.IGNORECASE)
_RULES = [
    (rf"(<{_BLOCKS}[\s/>])", r"\n\n\1"),
    (rf"(</{_BLOCKS}>)", r"\1\n\n"),
    (r"\r\n|\r", "\n"),
    (r"(?<!\s)\s*<option", "<option"),  # from the start of the spaces only: linear on long runs
    (r"</option>\s*", "</option>"),
    (r"\n\n+", "\n\n"),
]
_AFTER = [
    (r"<p>\s*</p>", ""),
    (r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>"),
    (rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1"),
    (r"<p>(<li.+?)</p>", r"\1"),
    (r"<p><blockquote([^>]*)>", r"<blockquote\1><p>"),
    (r"</blockquote></p>", "</p></blockquote>"),
    (rf"<p>\s*(</?{_BLOCKS}[^>]*>)", r"\1"),
    (rf"(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1"),
]
_LINE_BREAKS = [
    (rf"(</?{_BLOCKS}[^>]*>)\s*<br />", r"\1"),
    (r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1"),
    (r"\n</p>$", "</p>"),
]


# A whole run of white space holding a newline: the runs _line_break changes (a run with none it
# gives back as it is, and calling it for every space between two words was most of wpautop's time).
_WHITESPACE = re.compile(r"(?<!\s)\s*\n\s*")
_TEXT_BRACKET = re.compile(r"<(?![a-zA-Z/!?])")
_STRAY_BRACKET_IN_TAG = re.compile(r"<[^<>]*<[^>]*>")
_PRE_END = re.compile(r"</pre>", re.IGNORECASE)


def _line_break(match) -> str:
    """WordPress's (?<!<br />)\\s*\\n -> <br />\\n, one run of white space at a time: that pattern,
    tried from every space of a long run with no newline, reads the rest of the run each time."""
    run = match.group()
    last = run.rfind("\n")
    start = 1 if match.string[max(0, match.start() - 6):match.start()].lower() == "<br />" else 0
    if last < start:
        return run
    return run[:start] + "<br />\n" + run[last + 1:]


def _mask_brackets(text: str) -> tuple[str, str]:
    """Hide each `<` that cannot start a tag the rules below look for: one not followed by a letter,
    `/`, `!` or `?` (text, as for an HTML parser), one inside a tag (an attribute value, or script
    text read as a tag) and one after the last `>`. Patterns such as
    <div[^>]*> then read each tag once; from every `<` of "<p><div <p><div ..." they would read on
    to the same far `>`. Returns the text and the character standing for those `<`."""
    mark = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    text = _TEXT_BRACKET.sub(mark, text)
    last = text.rfind(">")
    head = _STRAY_BRACKET_IN_TAG.sub(lambda m: "<" + m.group()[1:].replace("<", mark), text[:last + 1])
    return head + text[last + 1:].replace("<", mark), mark


def _sub_all(rules, text: str) -> str:
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE | re.DOTALL)
    return text


def wpautop(text: str) -> str:
    if not text.strip():
        return ""
    pres: list[str] = []

    def keep_pre(match):
        pres.append(match.group())
        return f"<pre wp-pre-tag-{len(pres) - 1}></pre>"

    text, mark = _mask_brackets(text + "\n")
    last = max((m.end() for m in _PRE_END.finditer(text)), default=0)  # no <pre> ends past it
    text = _PRE.sub(keep_pre, text[:last]) + text[last:]
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = _sub_all(_RULES, text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = _sub_all(_AFTER, text)
    # Newlines inside tags (attributes split over lines) must not become <br />.
    text = re.sub(r"<[^>]*>", lambda m: m.group().replace("\n", " "), text)
    text = _WHITESPACE.sub(_line_break, text)
    text = _sub_all(_LINE_BREAKS, text)
    for index, pre in enumerate(pres):
        text = text.replace(f"<pre wp-pre-tag-{index}></pre>", pre)
    return text.replace(mark, "<")
