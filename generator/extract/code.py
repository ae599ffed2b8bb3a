"""Code printed in an article is no prose: its names are identifiers, its numbers no dates.

Security, database and web-development blogs print listings in the body (PHP, SQL, CSS), and the
plain text the extractor reads keeps them where the site wrote them without a code block. A
paragraph is code when two of its lines read as statements (an assignment, a call or a brace,
ending in ";", "{" or "}"; a style declaration), or when code symbols and tags are dense in it. Such paragraphs are
blanked (each character but a newline becomes a space), so every offset into the text stays as it
was. Links printed in angle brackets ("<https://…>") are not counted as tags.
"""
from __future__ import annotations

import re

_URL = re.compile(r"<https?://[^>\s]*>")
_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>|<\?php|\?>|<%|%>")
_SYMBOL = re.compile(r"[{};=$]|->|::|&&|\|\|")
_CODE_MARK = re.compile(r"[=$\[{}]|\w\(")  # an assignment, a variable, an index, a brace, a call
_DECLARATION = re.compile(r"[\w-]+[ \t]*:[^;]*;")  # a style rule's "font-size: 13px;"
_COMMENT_OR_DIRECTIVE = ("//", "/*", "*/", "#include", "#define")
LONGEST_LINE = 200  # a longer line is prose (a paragraph on one line), never looked into
_SYMBOLS = "{};=$<>"  # at most two of these per symbol or tag _SYMBOL and _TAG count (a link's "<", ">" taken off)
_HINT = re.compile(r"[{};=$<]")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
DENSITY = 0.03  # code symbols per character above which a paragraph is code (with at least MIN_SYMBOLS)
MIN_SYMBOLS = 8


def is_code(paragraph: str) -> bool:
    """Whether a paragraph reads as a code listing rather than prose."""
    if not _HINT.search(paragraph):
        return False
    if _statements(paragraph) >= 2:
        return True
    symbols = sum(paragraph.count(c) for c in _SYMBOLS) - 2 * paragraph.count("<http")  # counted in C
    if symbols < MIN_SYMBOLS or symbols < DENSITY * len(paragraph):
        return False
    bare = _URL.sub("", paragraph)
    symbols = len(_SYMBOL.findall(bare)) + len(_TAG.findall(bare))
    return symbols >= MIN_SYMBOLS and symbols >= DENSITY * len(bare)


def _statements(paragraph: str) -> int:
    """Lines that read as statements: "$a = f($b);", "if (x) {", "}", "font-size: 13px;", "// note"
    (line by line, each line read once: the time stays linear in the text)."""
    count = 0
    for line in paragraph.split("\n"):
        line = line.strip()
        if not line or len(line) > LONGEST_LINE:
            continue
        if line[-1] in ";{}" and (line in "{}" or _CODE_MARK.search(line, 0, len(line) - 1)) \
                or line[-1] == ";" and _DECLARATION.fullmatch(line) or line.startswith(_COMMENT_OR_DIRECTIVE):
            count += 1
    return count


def without_code(text: str) -> str:
    """The text with its code paragraphs blanked, the same length."""
    if not _HINT.search(text):
        return text
    pieces, last = [], 0
    for match in _PARAGRAPH.finditer(text):
        if is_code(match.group()):
            pieces += [text[last:match.start()], re.sub(r"[^\n]", " ", match.group())]
            last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)
