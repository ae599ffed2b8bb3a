"""Reading one Markdown page once: its text, its front-matter as YAML nodes, where its body starts."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.frontmatter import split_front_matter
from .report import Checker
from .yamlnodes import LOADER


@dataclass
class Page:
    """One Markdown file, read and parsed once."""

    rel: str  # relative to docs/, POSIX
    shown: str  # as printed
    text: str
    meta: yaml.Node | None = None  # the front-matter's root node; None when there is none
    has_front_matter: bool = False
    body: str = ""
    body_line: int = 1  # file line of the body's first line

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.rel)


def read_page(path: Path, rel: str, shown: str, check: Checker) -> Page | None:
    """The page, its problems reported as it is read; None when it is not text at all."""
    page = Page(rel, shown, "")
    check.page = page
    try:
        page.text = path.read_text("utf-8-sig")  # as MkDocs reads it: a byte-order mark is no problem
    except UnicodeDecodeError as error:
        check.error(1, f"not UTF-8 text (byte {error.start}): save the file as UTF-8")
        return None
    raw, body = split_front_matter(page.text)
    page.body = body
    page.body_line = page.text.count("\n", 0, len(page.text) - len(body)) + 1
    if not raw and not page.text.startswith("---"):
        return page
    if not raw and page.body_line == 1:
        check.error(1, "front-matter is not closed: add a --- line after it")
        return page
    _compose(page, raw, check)
    return page


def _compose(page: Page, raw: str, check: Checker) -> None:
    """The front-matter's nodes into page.meta; invalid YAML is reported and counts as none."""
    try:
        page.meta = yaml.compose(raw, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        check.error(line, f"front-matter is not valid YAML: {error.problem or error.context}")
        return
    except yaml.YAMLError as error:
        check.error(1, f"front-matter is not valid YAML: {error}")
        return
    page.has_front_matter = True
