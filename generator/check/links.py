"""Internal links: every Markdown link and image outside code must reach a file in docs/,
written relative to the page (as MkDocs resolves it)."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

import yaml

from .report import ERROR, WARNING, Checker
from .yamlnodes import describe, is_text

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*(<[^>]*>|\S+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNESCAPE = re.compile(r"\\(.)")
_SIMPLE_DESTINATION = re.compile(r"[ \t]*([^\s()<\\]*)(?=[)\s]|$)")


def link_targets(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, target) of every Markdown link and image outside code."""
    fence = ""
    for number, line in enumerate(body.split("\n"), start=first_line):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if "](" in line or "]:" in line:
            yield from ((number, target) for target in _targets_in(line))


def _targets_in(line: str) -> Iterator[str]:
    if "`" in line:
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    reference = _REFERENCE.match(line)
    if reference:
        yield reference.group(1).strip("<>")
    start = line.find("](")
    while start >= 0:
        if not _escaped(line, start):  # "\](" is text, as the importer escapes brackets in WordPress text
            yield _destination(line, start + 2)
        start = line.find("](", start + 2)


def _escaped(line: str, index: int) -> bool:
    """Whether the character at `index` follows an odd number of backslashes."""
    backslashes = 0
    while index - backslashes > 0 and line[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _destination(line: str, index: int) -> str:
    simple = _SIMPLE_DESTINATION.match(line, index)  # the usual case: no parentheses, escapes or <>
    if simple:
        return simple.group(1)
    while index < len(line) and line[index] in " \t":
        index += 1
    if line.startswith("<", index):
        end = line.find(">", index)
        return line[index + 1:end if end >= 0 else len(line)]
    return _UNESCAPE.sub(r"\1", line[index:_destination_end(line, index)])


def _destination_end(line: str, index: int) -> int:
    """Where a bare destination ends: at a space or at the `)` that balances none opened in it."""
    depth, end = 0, index
    while end < len(line):
        char = line[end]
        if char == "\\":
            end += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char in " \t":
            break
        end += 1
    return end


def link_problem(check: Checker, target: str, line: int) -> None:
    folder = check.page.folder
    key = (folder, target)
    if key not in check.link_cache:  # pages of one folder link to the same few pages
        check.link_cache[key] = _link_problem(check, folder, target)
    problem = check.link_cache[key]
    if problem:
        (check.warning if problem[0] == WARNING else check.error)(line, problem[1])


def _link_problem(check: Checker, folder: str, target: str) -> tuple[str, str] | None:
    if not target:
        return WARNING, "link with an empty target"
    if target.startswith(("#", "//")) or _SCHEME.match(target):
        return None  # an anchor on this page, or another site
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    if path.startswith("/"):
        return ERROR, (f'link "{target}" is an absolute path: write it relative to this page '
                       "(absolute links break when the site is not at the domain's root)")
    resolved = posixpath.normpath(posixpath.join(folder, path))
    top = resolved.split("/")[0]
    if top == "..":
        return ERROR, f'link "{target}" points outside {check.docs_shown}/'
    if top.startswith(".") and top != ".":
        return ERROR, f'link "{target}" points into {top}/, which is not part of the site'
    if resolved in check.files or resolved == "." or (resolved in check.dirs and f"{resolved}/index.md" in check.files):
        return None
    return ERROR, f'broken link "{target}": there is no {posixpath.join(check.docs_shown, resolved)}'


def url(check: Checker, node: yaml.Node, label: str, line: int) -> None:
    """An image: a web address, or a file in docs/ (checked as a link)."""
    if not is_text(node) or not node.value.strip():
        check.error(line, f"`{label}` must be a URL, not {describe(node)}")
        return
    if not re.match(r"^https?://", node.value):
        link_problem(check, node.value, line)


def check_links(check: Checker, body: str, first_line: int) -> None:
    for line, target in link_targets(body, first_line):
        link_problem(check, target, line)
