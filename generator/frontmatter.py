"""Read and write YAML front-matter, strictly: broken YAML is an error, never body text."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: the same data


class FrontMatterError(ValueError):
    """The page's front-matter is missing or is not valid YAML mapping."""


def split_front_matter(text: str) -> tuple[str, str]:
    """(YAML text, body). The YAML text is '' when the page has no front-matter."""
    match = _FENCE.match(text)
    if not match:
        return "", text
    return match.group(1) or "", text[match.end():]


def read_front_matter(text: str) -> tuple[dict, str]:
    raw, body = split_front_matter(text)
    if not raw and not text.startswith("---"):
        raise FrontMatterError("no front-matter (the page must start with a --- line)")
    try:
        data = yaml.load(raw, Loader=_LOADER) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise FrontMatterError(f"front-matter is not valid YAML{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise FrontMatterError("front-matter must be a mapping of keys to values")
    return data, body


def leftover_pages(docs: Path, folders: Iterable[str], keep: set[str]) -> Iterator[tuple[str, Path, str, str, dict]]:
    """(folder, path, docs-relative page, text, front-matter) of the pages in `folders` that are
    neither index pages nor in `keep`. A page whose front-matter is broken is skipped: `check`
    reports it, and nothing should remove or rewrite it."""
    for folder in folders:
        for path in sorted((docs / folder).glob("*.md")):
            page = path.relative_to(docs).as_posix()
            if path.name == "index.md" or page in keep:
                continue
            text = path.read_text("utf-8")
            try:
                meta = read_front_matter(text)[0]
            except FrontMatterError:
                continue
            yield folder, path, page, text, meta
