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


def read_pages(docs: Path, folders: Iterable[str],
               skip: set[str] = frozenset()) -> list[tuple[str, Path, str, str, dict | ValueError]]:
    """(folder, path, docs-relative page, text, front-matter) of every page in `folders` but their
    index pages and those in `skip` (never opened), read once for every stage that looks at them;
    where a page cannot be read, its error (FrontMatterError, UnicodeDecodeError) stands in for
    the text and the front-matter."""
    found = []
    for folder in folders:
        for path in sorted((docs / folder).glob("*.md")):
            page = path.relative_to(docs).as_posix()
            if path.name == "index.md" or page in skip:
                continue
            try:
                text = path.read_text("utf-8")
                found.append((folder, path, page, text, read_front_matter(text)[0]))
            except (FrontMatterError, UnicodeDecodeError) as error:
                found.append((folder, path, page, "", error))
    return found


def leftover_pages(docs: Path, folders: Iterable[str], keep: set[str],
                   read: list | None = None) -> Iterator[tuple[str, Path, str, str, dict]]:
    """(folder, path, docs-relative page, text, front-matter) of the pages in `folders` that are
    neither index pages nor in `keep` (`read`: read_pages of these folders, when the caller has
    it). A page whose front-matter is broken is skipped: `check` reports it, and nothing should
    remove or rewrite it."""
    for folder, path, page, text, meta in read_pages(docs, folders, keep) if read is None else read:
        if page not in keep and not isinstance(meta, ValueError):
            yield folder, path, page, text, meta


# -- writing: PyYAML's safe dumper, lists indented under their key --------------------------
class _Dumper(yaml.SafeDumper):
    """Block-style YAML with lists indented under their key, as people write it."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_OPTIONS = {"sort_keys": False, "allow_unicode": True, "width": 1000, "default_flow_style": False}
_FAST = getattr(yaml, "CSafeDumper", None)  # libyaml: about ten times faster than the Python emitter


def dump_yaml(data: dict) -> str:
    """Front-matter as people write it: block style, lists indented under their key.

    libyaml writes the same YAML with lists level with their key, and it cannot be told
    otherwise; `_indent_lists` moves them in. That is only done where every line libyaml writes
    is one key or one list item (no string spans lines) and it writes every character as Python
    does; anything else goes to the Python emitter, which indents lists itself. Both give the
    same bytes (tests/test_fuzz_writer.py compares them)."""
    if _FAST is not None and _alike(data):
        return _indent_lists(yaml.dump(data, Dumper=_FAST, **_OPTIONS))
    return yaml.dump(data, Dumper=_Dumper, **_OPTIONS)


# Characters the two emitters write differently: libyaml escapes emoji and other characters beyond
# U+FFFF ("\U0001F95A"), NEL, line and paragraph separators and the BOM, which Python writes as
# they are; lone surrogates, which libyaml cannot encode; and line breaks, which make a string span lines.
_EMITTERS_DIFFER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\U00010000-\U0010ffff]")


def _alike(value) -> bool:
    """Whether libyaml writes `value` as the Python emitter does (then only lists' indents differ)."""
    if isinstance(value, str):  # and they fold lines near the width (1000) differently
        return len(value) < 800 and not _EMITTERS_DIFFER.search(value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and 0 < len(key) < 100 and _alike(key) and _alike(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return all(_alike(item) for item in value)
    return True


def _key_column(line: str) -> int | None:
    """The column of the key a block value follows (`key:` or `- - key:`), else None."""
    stripped = line.rstrip()
    if not stripped.endswith(":") or stripped.endswith("::"):
        return None
    column = len(line) - len(line.lstrip(" "))
    while line.startswith("- ", column):
        column += 2
    return column


def _indent_lists(text: str) -> str:
    """Indent every block list two more spaces under its key, its items' contents with it."""
    out, blocks = [], []  # blocks: (column of the list's dashes in libyaml's text, extra indent)
    key_column = None
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        column = len(line) - len(line.lstrip(" "))
        item = line.startswith("-", column) and (line[column + 1:column + 2] in ("", " "))
        while blocks and (column < blocks[-1][0] or (column == blocks[-1][0] and not item)):
            blocks.pop()
        if item and column == key_column and not (blocks and blocks[-1][0] == column):
            blocks.append((column, (blocks[-1][1] if blocks else 0) + 2))
        shift = blocks[-1][1] if blocks else 0
        out.append(" " * shift + line)
        key_column = _key_column(line)
    return "\n".join(out)
