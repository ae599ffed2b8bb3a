"""Three-way merge of an article page: the version the importer last wrote (base), the
contributor's file (mine), and the version generated now from WordPress (new).

Front-matter merges as data: a value only one side changed takes that side's value; in
lists, what the contributor removed stays removed and what they added stays, around the new
generated items. The body merges line by line (merge3, from the Breezy project). A change both
sides made differently is a conflict: then nothing is written and the conflicting lines are
reported, so the contributor's page is never overwritten and never gets conflict markers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from merge3 import Merge3

from .frontmatter import FrontMatterError, read_front_matter, split_front_matter
from .models import Article

_MISSING = object()


@dataclass
class Conflict:
    line: int  # first line in the contributor's file
    end: int  # last line
    what: str


@dataclass
class Merged:
    text: str | None  # None when there was a conflict
    conflicts: list[Conflict] = field(default_factory=list)


def _key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def merge_lists(base: list, mine: list, new: list) -> list:
    removed = {_key(v) for v in base} - {_key(v) for v in mine}
    added = [v for v in mine if _key(v) not in {_key(b) for b in base}]
    result = [v for v in new if _key(v) not in removed]
    present = {_key(v) for v in result}
    return result + [v for v in added if _key(v) not in present]


def merge_data(base, mine, new, path: str, conflicts: list[str]):
    """Merge one front-matter value; names of conflicting keys are appended to `conflicts`."""
    if _key(mine) == _key(base):
        return new
    if _key(new) == _key(base) or _key(new) == _key(mine):
        return mine
    if isinstance(mine, dict) and isinstance(new, dict) and isinstance(base, dict | type(None)):
        base = base or {}
        merged = {}
        for key in list(new) + [k for k in mine if k not in new]:
            value = merge_data(base.get(key, _MISSING), mine.get(key, _MISSING), new.get(key, _MISSING),
                               f"{path}.{key}" if path else key, conflicts)
            if value is not _MISSING:
                merged[key] = value
        return merged
    if all(isinstance(v, list) for v in (base, mine, new)):
        return merge_lists(base, mine, new)
    conflicts.append(path)
    return mine


def _key_line(raw_yaml: str, dotted: str) -> int:
    """Line (1-based, within the YAML) where a top-level key starts."""
    top = dotted.split(".")[0]
    for number, line in enumerate(raw_yaml.splitlines(), start=1):
        if line.startswith(f"{top}:"):
            return number
    return 1


def merge_page(base: str, mine: str, new: str) -> Merged:
    from .write import dump_yaml  # write imports merge: import here to keep the cycle out

    base_yaml, base_body = split_front_matter(base)
    mine_yaml, mine_body = split_front_matter(mine)
    new_yaml, new_body = split_front_matter(new)
    try:
        base_data, mine_data, new_data = (yaml.safe_load(t) or {} for t in (base_yaml, mine_yaml, new_yaml))
    except yaml.YAMLError as error:
        return Merged(None, [Conflict(1, 1, f"the front-matter is not valid YAML ({error.__class__.__name__}); fix it")])
    keys: list[str] = []
    data = merge_data(base_data, mine_data, new_data, "", keys)
    conflicts = [Conflict(_key_line(mine_yaml, k) + 1, _key_line(mine_yaml, k) + 1,
                          f"front-matter `{k}` changed here and in WordPress") for k in keys]
    offset = mine[: len(mine) - len(mine_body)].count("\n")
    body, body_conflicts = _merge_lines(base_body, mine_body, new_body, offset)
    conflicts += body_conflicts
    if conflicts:
        return Merged(None, conflicts)
    front = mine_yaml if _key(data) == _key(mine_data) else dump_yaml(data)
    return Merged(f"---\n{front}---\n{body}")


def _merge_lines(base: str, mine: str, new: str, offset: int) -> tuple[str, list[Conflict]]:
    merger = Merge3(base.splitlines(True), mine.splitlines(True), new.splitlines(True))
    out: list[str] = []
    conflicts = []
    line = offset + 1  # position in the contributor's file
    for group in merger.merge_groups():
        kind, lines = group[0], group[1]
        if kind == "conflict":
            _, _, ours, theirs = group
            end = line + max(len(ours), 1) - 1
            conflicts.append(Conflict(line, end, f"your text and the new WordPress text differ here "
                                                 f"({len(ours)} line(s) yours, {len(theirs)} line(s) new)"))
            out += ours
            line += len(ours)
            continue
        out += lines
        if kind in ("unchanged", "same", "a"):
            line += len(lines)
    return "".join(out), conflicts


_EDITABLE_LISTS = {"person": ("actors", "people"), "state": ("actors", "states"),
                   "organization": ("actors", "organizations"), "place": ("places",)}


def _names_in(meta: dict, kind: str) -> list[str]:
    value = meta
    for key in _EDITABLE_LISTS[kind]:
        value = value.get(key) if isinstance(value, dict) else None
    return [str(v) for v in value] if isinstance(value, list) else []


def apply_hand_edits(articles: list[Article], docs: Path) -> None:
    """An actor or place a contributor removed from a page's front-matter stays removed (also
    from the entity's page); one they added stays and is linked like the others."""
    from .extract import Mention  # the extract stage's record; imported late to keep stages apart

    for article in articles:
        page, stored = docs / article.path, docs / ".generated" / article.path  # write.STORE_DIR
        if not (page.exists() and stored.exists()):
            continue
        mine, base = page.read_text("utf-8"), stored.read_text("utf-8")
        if mine == base:
            continue
        try:
            mine_meta, base_meta = read_front_matter(mine)[0], read_front_matter(base)[0]
        except FrontMatterError:
            continue  # `check` reports it; the merge leaves the page alone
        for kind in _EDITABLE_LISTS:
            removed = set(_names_in(base_meta, kind)) - set(_names_in(mine_meta, kind))
            added = [n for n in _names_in(mine_meta, kind) if n not in _names_in(base_meta, kind)]
            mentions = article.extraction.mentions
            mentions[:] = [m for m in mentions if not (m.key[0] == kind and m.key[1] in removed)]
            known = {m.key for m in mentions}
            mentions += [Mention((kind, name), -1, -1, name) for name in added if (kind, name) not in known]
