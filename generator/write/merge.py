"""Three-way merge of an article page: the version the importer last wrote (base), the
contributor's file (mine), and the version generated now from WordPress (new).

Front-matter merges as data: a value only one side changed takes that side's value; in
lists, what the contributor removed stays removed and what they added stays, around the new
generated items. The body merges line by line (merge3, from the Breezy project). A change both
sides made differently is a conflict: then nothing is written and the conflicting lines are
reported, so the contributor's page is never overwritten and never gets conflict markers.

The merged front-matter is written onto the contributor's own text (see `_rewrite_front`): a
top-level key WordPress did not change keeps its lines byte for byte, and a changed one is
re-written by ruamel.yaml's round-trip dumper from the contributor's node, so comments, key
order, flow or block style, quoting and indentation survive every merge.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from itertools import pairwise

import yaml
from merge3 import Merge3
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ..core.frontmatter import dump_yaml, split_front_matter

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
    front = mine_yaml if _key(data) == _key(mine_data) else _rewrite_front(mine_yaml, mine_data, data, dump_yaml)
    return Merged(f"---\n{front}---\n{body}")


def _rewrite_front(mine_yaml: str, mine_data, data, dump_yaml) -> str:
    """The contributor's front-matter text with the merged values `data` written onto it. Falls
    back to a plain dump of `data` only if the contributor's YAML cannot be edited in place
    (ruamel.yaml cannot read it, its top level is not one key per line, or the edited text would
    not read back, with PyYAML as MkDocs reads it, as exactly `data`)."""
    if isinstance(mine_data, dict) and isinstance(data, dict):
        try:
            front = _edit_front(mine_yaml, mine_data, data)
        except Exception:  # noqa: BLE001 - ruamel.yaml's many errors; the fallback below is safe
            front = None
        if front is not None and _reads_as(front, data):
            return front
    return dump_yaml(data)


def _reads_as(text: str, data) -> bool:
    try:
        return _key(yaml.safe_load(text) or {}) == _key(data)
    except yaml.YAMLError:
        return False


def _round_trip(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.allow_duplicate_keys = True  # as PyYAML reads them: the last one wins
    rt.width = 1000
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


_TRAILING = re.compile(r"[ \t]*(#.*)?\r?\n?")  # a blank or comment-only line


def _edit_front(mine_yaml: str, mine_data: dict, data: dict) -> str | None:
    """Splice the merged top-level keys into the contributor's text: unchanged keys keep their
    lines; a changed key's lines are loaded with ruamel.yaml, patched and dumped back; a removed
    key loses its lines; a new key goes after the key it follows in WordPress's order. Comment
    and blank lines that end a key's lines belong to what follows and are kept as they are."""
    doc = _round_trip().load(mine_yaml) if mine_yaml.strip() else CommentedMap()
    if not isinstance(doc, CommentedMap) or doc.fa.flow_style() or len(doc) != len(mine_data):
        return None
    lines = mine_yaml.splitlines(True)
    starts = [doc.lc.key(k)[0] for k in doc]
    if any(b <= a for a, b in pairwise(starts)) or any(doc.lc.key(k)[1] != 0 for k in doc):
        return None
    head = lines[: starts[0]] if starts else lines
    spans = {}  # key -> (its own lines, the comment and blank lines after them)
    for index, key in enumerate(doc):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        own = lines[starts[index]: end]
        cut = len(own)
        while cut > 1 and _TRAILING.fullmatch(own[cut - 1]):
            cut -= 1
        spans[key] = ("".join(own[:cut]), "".join(own[cut:]))
    if _ends_open(spans):
        return None
    out = {}  # contributor's key -> text of that key now
    for key, (own, trailing) in spans.items():
        if key not in data:
            out[key] = trailing
        elif _key(data[key]) == _key(mine_data[key]):
            out[key] = own + trailing
        else:
            out[key] = _dump_key(own, key, mine_data[key], data[key]) + trailing
    added: dict = {}  # contributor's key (or None: before the first) -> new keys after it
    anchor = None
    for key in data:
        if key in spans:
            anchor = key
        else:
            added.setdefault(anchor, []).append(key)
    text = "".join(head)
    if None in added:
        text += _dump_new({k: data[k] for k in added[None]})
    for key, (own, trailing) in spans.items():
        if key in added:
            new = _dump_new({k: data[k] for k in added[key]})
            text += out[key][: len(out[key]) - len(trailing)] + new + trailing if key in data else out[key] + new
        else:
            text += out[key]
    return text


def _ends_open(spans: dict) -> bool:
    """A key's own lines must end with a newline, or the next key would join them."""
    return any(own and not own.endswith("\n") for own, _ in list(spans.values())[:-1])


def _dump_key(own: str, key, mine_value, value) -> str:
    """One top-level key (its own lines, `own`) with its value changed to `value`, keeping the
    contributor's comments, styles, quoting and indentation inside it."""
    node = _round_trip().load(own)
    mapping, sequence, offset = _indents(own, node)  # before the patch adds nodes with no position
    node[key] = _patch(node[key], mine_value, value)
    stream = io.StringIO()
    _round_trip(mapping, sequence, offset).dump(node, stream)
    return stream.getvalue()


def _dump_new(values: dict) -> str:
    if not values:
        return ""
    stream = io.StringIO()
    _round_trip().dump(_plain_to_node(values), stream)
    return stream.getvalue()


def _indents(own: str, node) -> tuple[int, int, int]:
    """The contributor's indentation of nested mappings and block lists within one key
    (defaults: as the generator writes them)."""
    lines = own.splitlines()
    mapping = sequence = offset = None

    def walk(value, column):
        nonlocal mapping, sequence, offset
        if isinstance(value, CommentedMap) and not value.fa.flow_style():
            for k in value:
                line, col = value.lc.key(k)
                if mapping is None and col > column:
                    mapping = col - column
                walk(value[k], col)
        elif isinstance(value, CommentedSeq) and not value.fa.flow_style() and len(value):
            line, col = value.lc.item(0)
            dash = lines[line].rfind("-", 0, col) if line < len(lines) else -1
            if sequence is None and dash >= column:
                sequence, offset = col - column, dash - column
            for index in range(len(value)):
                walk(value[index], value.lc.item(index)[1])

    for k in node:
        walk(node[k], 0)
    mapping = mapping or 2
    if sequence is None or offset is None or sequence < offset + 2:
        sequence, offset = 4, 2
    return mapping, sequence, offset


_PLAIN_READER = yaml.resolver.Resolver()


def _safe_string(value: str):
    """A string ruamel.yaml (YAML 1.2) may write plain but PyYAML (YAML 1.1, as MkDocs reads it)
    would read as something else (`yes`, `on`, `0777`, `1:20`, `=`) is single-quoted."""
    tag = _PLAIN_READER.resolve(yaml.ScalarNode, value, (True, False))
    return value if tag == "tag:yaml.org,2002:str" else SingleQuotedScalarString(value)


def _plain_to_node(value):
    """A value read by PyYAML, as a ruamel.yaml node in block style."""
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = _plain_to_node(v)
        return node
    if isinstance(value, list):
        return CommentedSeq(_plain_to_node(v) for v in value)
    if isinstance(value, str):
        return _safe_string(value)
    return value


def _patch(node, mine, value):
    """The contributor's ruamel.yaml `node` (PyYAML reads it as `mine`) changed to `value`:
    what did not change keeps its node, comments and style."""
    if _key(mine) == _key(value):
        return node
    if isinstance(node, CommentedMap) and isinstance(mine, dict) and isinstance(value, dict):
        for k in [k for k in node if k not in value]:
            del node[k]
        previous = None
        for k in value:
            if k in node:
                node[k] = _patch(node[k], mine.get(k, _MISSING), value[k])
            else:
                position = list(node).index(previous) + 1 if previous in node else 0
                node.insert(position, k, _plain_to_node(value[k]))
            previous = k
        return node
    if isinstance(node, CommentedSeq) and isinstance(mine, list) and isinstance(value, list):
        unused = {}  # an item the contributor has -> its indexes, to keep its node and comments
        for index, item in enumerate(mine):
            unused.setdefault(_key(item), []).append(index)
        items, comments = [], {}
        for item in value:
            if unused.get(_key(item)):
                old = unused[_key(item)].pop(0)
                if old in node.ca.items:
                    comments[len(items)] = node.ca.items[old]
                items.append(node[old])
            else:
                items.append(_plain_to_node(item))
        node[:] = items
        node.ca.items.clear()
        node.ca.items.update(comments)
        return node
    if isinstance(value, str) and isinstance(node, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        return type(node)(value)  # the contributor's quoting
    return _plain_to_node(value)


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
